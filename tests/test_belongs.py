"""A page out of the navigation shows where it belongs: a paper page highlights the tab and the
sidebar entry of its (first) category, and lists each listing with an edit link to its category
file; a year page of the updates highlights the updates page."""

from __future__ import annotations

import re

from conftest import category, entry

EVIL_FILE = 'papers/x"><img src=x onerror=alert(1)>.md'


def nav_site(site):
    site.config["theme"]["features"] = ["content.action.edit", "navigation.tabs", "navigation.sections", "navigation.prune"]
    shared = entry("Shared paper", "2301.00001", added="2023-01-02")
    site.write("papers/a.md", category("Alpha", [shared, entry("Alpha only", "2301.00002", added="2022-05-01")], order=1), dedent=False)
    site.write("papers/b c.md", category("Beta", [shared], order=2), dedent=False)
    site.write(EVIL_FILE, category("Evil <b>cat</b>", [shared], order=3), dedent=False)
    site.write("index.md", "# Home\n")
    site.write("about.md", "# About\n")
    return site


def active_tab(html: str) -> str:
    match = re.search(r'<li class="md-tabs__item md-tabs__item--active">\s*<a href="([^"]*)"', html)
    assert match, "no active tab"
    return match.group(1)


def active_nav_links(html: str) -> list[str]:
    nav = html[html.index("md-nav--primary"):html.index("md-nav--secondary") if "md-nav--secondary" in html else None]
    return re.findall(r'<li class="md-nav__item md-nav__item--active">\s*<a href="([^"]*)"', nav)


def test_paper_page_highlights_its_first_category_and_edits_each_listing(site):
    nav_site(site).build(strict=True)
    html = site.html("paper/2301.00001/index.html")
    assert active_tab(html) == "../../papers/a/"  # the papers section's tab (its first page)
    assert active_nav_links(html) == ["../../papers/a/"]  # Alpha, the first category listing it
    # another page is not affected by the paper pages built before it
    about = site.html("about/index.html")
    assert "md-tabs__item--active" in about and active_tab(about) == "./"
    assert "../papers/a/" not in active_nav_links(about)

    article = html[html.index("<article"):html.index("</article>")]
    listings = article[article.index('class="mdd-listings"'):]
    listings = listings[:listings.index("</ul>")]
    edits = re.findall(r'<a class="mdd-edit" href="([^"]*)"', listings)
    assert edits == [
        "https://github.com/example/list/edit/main/docs/papers/a.md",
        "https://github.com/example/list/edit/main/docs/papers/b%20c.md",
        "https://github.com/example/list/edit/main/docs/papers/x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.md",
    ]
    assert 'href="../../papers/a/#shared-paper"' in listings and 'href="../../papers/b%20c/#shared-paper"' in listings
    assert "<img src=x" not in html and "<b>cat</b>" not in html
    assert "Evil &lt;b&gt;cat&lt;/b&gt;" in listings
    # the page's own edit button still names the first listing's file
    assert re.search(r'href="https://github.com/example/list/edit/main/docs/papers/a.md"[^>]*rel="edit"', html)


def test_no_edit_links_without_edit_uri(site):
    nav_site(site)
    site.config.pop("repo_url")
    site.config.pop("edit_uri")
    site.build(strict=True)
    html = site.html("paper/2301.00001/index.html")
    assert 'class="mdd-listings"' in html and "mdd-edit" not in html


def test_year_pages_of_the_updates_belong_to_the_updates_page(site):
    nav_site(site)
    site.plugin_options(updates_split_above=0, build_date="2024-01-01")
    site.build(strict=True)
    updates = site.html("updates/index.html")
    assert 'href="2023/"' in updates and 'href="2022/"' in updates
    assert "Shared paper" not in updates  # on the year pages, not here
    year = site.html("updates/2023/index.html")
    assert "Shared paper" in year and "Alpha only" not in year and 'id="added-2023-01-02"' in year
    assert "Alpha only" in site.html("updates/2022/index.html")
    assert active_tab(year) == "../"  # the updates page's tab


def primary_nav_links(html: str) -> list[str]:
    """The page links of the left sidebar (the page's own table of contents left out)."""
    nav = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
    return re.findall(r'<a href="([^"#]*)" class="md-nav__link', nav)


def test_a_paper_page_lists_only_its_own_category_of_the_section(site):
    """The sidebar of a paper page names its category alone (a hundred sibling links on every
    paper page made big lists slow to build and heavy to serve); the other pages list them all,
    those built after the paper pages too."""
    nav_site(site)
    site.config["theme"]["features"].remove("navigation.prune")  # every page carries the whole nav
    site.write("papers/b c.md", category("Beta", [entry("Shared paper", "2301.00001"), entry("Beta only", "2301.00003")], order=2),
               dedent=False)
    site.build(strict=True)
    html = site.html("paper/2301.00003/index.html")
    assert active_nav_links(html) == ["../../papers/b%20c/"]
    links = primary_nav_links(html)
    assert "../../papers/b%20c/" in links and not [link for link in links if "papers/a/" in link or "papers/x" in link]
    assert [link for link in primary_nav_links(site.html("paper/2301.00002/index.html")) if link.startswith("../../papers/")] == ["../../papers/a/"]
    # a topic page (built before the paper pages) and the statistics page (after them)
    assert {"./", "../b%20c/", "../x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/"} <= set(primary_nav_links(site.html("papers/a/index.html")))
    stats = [link for link in primary_nav_links(site.html("stats/index.html")) if link.startswith("../papers/")]
    assert len(stats) == 3, stats
