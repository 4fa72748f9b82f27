"""The updates page, paper pages, papers.json and the RSS/JSON feeds of a built site."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser

from conftest import category, entry

RSS = {
    "rss": {
        "match_path": "paper/.*",
        "use_git": False,
        "date_from_meta": {"as_creation": "added", "as_update": "added", "datetime_format": "%Y-%m-%d"},
        "length": 4,
    }
}


def write_list(site):
    site.write("index.md", "# Home\n\n<!-- diffusion:stats -->\n")
    site.write(
        "papers/editing.md",
        category(
            "Image Editing",
            [
                entry("Paper A", "2301.00001", added="2023-08-08", summary="첫 문장입니다. 두 번째 문장."),
                entry("Paper B", "2301.00002", added="2023-07-20"),
                entry("Paper C", "2301.00003", added="2023-04-19"),
                entry("Paper D", "2301.00004"),  # never 'added': not news
            ],
            order=1,
        ),
        dedent=False,
    )
    site.write(
        "papers/generation.md",
        category(
            "Image Generation",
            [
                entry("Paper B", "2301.00002", added="2023-07-20", summary="다른 분류의 다른 요약."),
                entry("Paper E", "2301.00005", added="2023-02-01"),
                entry("Paper F", "2301.00006", added="2023-02-01"),
                entry("Paper G", "2301.00007", added="2022-09-07"),
            ],
            order=2,
        ),
        dedent=False,
    )
    site.config["plugins"].append(RSS)


def feed_links(site) -> list[str]:
    feed = feedparser.parse((site.site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return [e.link for e in feed.entries]


def site_path(site, url: str) -> Path:
    path = url.removeprefix(site.config["site_url"])
    target = site.site / path
    return target / "index.html" if url.endswith("/") else target


def test_updates_page_groups_newest_first_with_recent_month(site):
    write_list(site)
    site.plugin_options(build_date="2023-08-20")  # "recent" counts back from the build date
    site.build(strict=True)
    html = site.html("updates/index.html")
    dates = re.findall(r'<h3 id="added-(\d{4}-\d{2}-\d{2})"', html)
    assert dates == ["2023-08-08", "2023-07-20", "2023-04-19", "2023-02-01", "2022-09-07"]
    recent, earlier = html.index('id="recent"'), html.index('id="earlier"')
    assert "(2023-07-20 – 2023-08-20)" in html
    assert recent < html.index('id="added-2023-07-20"') < earlier < html.index('id="added-2023-04-19"')
    # a paper listed in two categories appears once, with both categories
    assert html.count(">Paper B</a>") == 1
    b = html[html.index(">Paper B</a>"):html.index('id="added-2023-04-19"')]
    assert "Image Editing" in b and "Image Generation" in b
    assert "첫 문장입니다." in html and "두 번째 문장" not in html
    assert "Paper D" not in html
    # items link to the paper pages, which exist
    for href in re.findall(r'href="(\.\./paper/[^"]+)"', html):
        assert (site.site / "updates" / href / "index.html").resolve().exists(), href


def test_paper_page_merges_every_listing(site):
    write_list(site)
    site.build(strict=True)
    html = site.html("paper/2301.00002/index.html")
    assert "Paper B" in html
    assert "다른 분류의 다른 요약." in html and "Paper B 요약입니다." in html  # both summaries
    assert 'href="../../papers/editing/#paper-b"' in html and 'href="../../papers/generation/#paper-b"' in html
    bib = html[html.index('id="bibtex"'):]
    assert "@misc{" in bib and "eprint = {2301.00002}" in bib and "archivePrefix = {arXiv}" in bib
    assert '<code class="language-bibtex">' in html  # a code block, which the theme gives a copy button
    # not in the navigation
    assert "Paper B" not in site.html("index.html").split('md-nav--primary')[1].split("</nav>")[0]


def test_papers_json_lists_every_paper_once(site):
    write_list(site)
    site.build(strict=True)
    data = site.json()
    keys = [p["key"] for p in data["papers"]]
    assert sorted(keys) == [f"2301.0000{i}" for i in range(1, 8)] and len(set(keys)) == len(keys) == data["count"]
    b = next(p for p in data["papers"] if p["key"] == "2301.00002")
    assert [c["title"] for c in b["categories"]] == ["Image Editing", "Image Generation"]
    assert b["url"] == "paper/2301.00002/" and (site.site / b["url"] / "index.html").exists()
    assert b["categories"][0]["url"] == "papers/editing/#paper-b"


def test_rss_feed_one_item_per_added_paper_newest_first(site):
    write_list(site)
    site.build(strict=True)
    links = feed_links(site)
    # length 4: the four newest additions; Paper D (no 'added') never appears
    assert len(links) == 4
    keys = [re.search(r"paper/([^/]+)/", link).group(1) for link in links]
    assert keys[:3] == ["2301.00001", "2301.00002", "2301.00003"]
    assert keys[3] in ("2301.00005", "2301.00006")
    for link in links:
        assert site_path(site, link).exists(), link
    feed = feedparser.parse((site.site / "feed_rss_created.xml").read_bytes())
    assert feed.entries[0].description.startswith("첫 문장입니다.")
    # Material's <link rel="alternate"> tags point at feeds that exist
    html = site.html("index.html")
    alternates = re.findall(r'<link rel="alternate" type="application/[a-z+]+" [^>]*href="([^"]+)"', html)
    assert alternates, "no feed links in <head>"
    for href in alternates:
        assert (site.site / href).exists(), href


def test_home_marker_replaced_with_numbers(site):
    write_list(site)
    site.build(strict=True)
    html = site.html("index.html")
    assert "diffusion:stats" not in html
    assert "<strong>7</strong>" in html and "<strong>2</strong>" in html
    assert html.index("Paper A") < html.index("Paper B") < html.index("Paper C")


def test_second_build_in_same_process_gives_same_feed(site):
    """What `mkdocs serve` does: plugins start once, then the site is rebuilt on every change."""
    write_list(site)
    config = site.load()
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        site.build(config=config, startup=False)
        first = feed_links(site)
        json_first = (site.site / "feed_json_created.json").read_text()
        config = site.load()  # serve reloads the config; MkDocs keeps the plugin instances
        site.build(config=config, startup=False)
        assert feed_links(site) == first
        assert len(first) == 4
        assert (site.site / "feed_json_created.json").read_text().count('"url"') == json_first.count('"url"')
    finally:
        config.plugins.on_shutdown()


def test_recent_counts_from_the_build_date_not_the_newest_addition(site):
    write_list(site)
    site.plugin_options(build_date="2026-11-28")  # the newest addition is from 2023: nothing is recent
    site.build(strict=True)
    html = site.html("updates/index.html")
    assert 'id="recent"' not in html and 'id="earlier"' in html
