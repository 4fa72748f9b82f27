"""Summaries are optional in the format; a site decides with ``require_summary`` (default true).

Built through MkDocs: with ``require_summary: false`` an entry without a summary (absent, empty
or null) is valid and every page that shows entries still works (no empty summary box, no
"None"); with the default, such an entry is an error with the code ``missing-summary``, the same
in ``check`` and in ``mkdocs build --strict``.
"""

from __future__ import annotations

import re

import feedparser

from conftest import category, entry
from mkdocs_diffusion.cli import check_site

RSS = {
    "rss": {
        "match_path": "paper/.*",
        "use_git": False,
        "date_from_meta": {"as_creation": "added", "as_update": "added", "datetime_format": "%Y-%m-%d"},
    }
}


def bare(title: str, arxiv: str, **fields) -> dict:
    """An entry without a summary key."""
    data = {"title": title, "authors": ["Ada Lovelace"], "links": {"paper": f"https://arxiv.org/abs/{arxiv}"}}
    data.update(fields)
    return data


def write_mixed(site) -> None:
    site.write("index.md", "# Home\n\n<!-- diffusion:stats -->\n")
    site.write(
        "papers/a.md",
        category(
            "Alpha",
            [
                bare("Absent Summary Paper", "2301.00001", added="2023-08-08"),
                bare("Empty Summary Paper", "2301.00002", added="2023-08-07", summary=""),
                bare("Null Summary Paper", "2301.00003", added="2023-08-06", summary=None),
                entry("Summarised Paper", "2301.00004", added="2023-08-05", summary="Has one sentence. And another."),
                bare("Shared Paper", "2301.00005", added="2023-08-04"),
            ],
            order=1,
        ),
        dedent=False,
    )
    site.write(
        "papers/b.md",
        category("Beta", [entry("Shared Paper", "2301.00005", authors=["Ada Lovelace"], added="2023-08-04", summary="Only Beta says this.")], order=2),
        dedent=False,
    )


def summary_boxes(html: str) -> list[str]:
    return re.findall(r'<div class="mdd-summary">(.*?)</div>', html, re.S)


def test_without_require_summary_every_page_works(site):
    write_mixed(site)
    site.plugin_options(require_summary=False, build_date="2023-08-10")
    site.config["plugins"].append(RSS)
    site.build(strict=True)

    topic = site.html("papers/a/index.html")
    for title in ("Absent Summary Paper", "Empty Summary Paper", "Null Summary Paper", "Summarised Paper", "Shared Paper"):
        assert title in topic
    boxes = summary_boxes(topic)
    assert len(boxes) == 1 and "Has one sentence." in boxes[0]  # no empty box for the other four
    assert "None" not in re.sub(r"<script.*?</script>", "", topic, flags=re.S)

    # a paper page without any summary: no "Summary" heading, no box
    page = site.html("paper/2301.00001/index.html")
    assert 'id="summary"' not in page and not summary_boxes(page)
    assert "Absent Summary Paper" in page and "None" not in re.sub(r"<script.*?</script>", "", page, flags=re.S)
    # a paper in two categories, summarised in one: that summary once, under its category
    shared = site.html("paper/2301.00005/index.html")
    assert 'id="summary"' in shared
    assert [b.strip() for b in summary_boxes(shared)] == ["<p>Only Beta says this.</p>"]
    assert '<meta name="description" content="Only Beta says this.' in shared

    # the updates page: no dangling dash after a paper without a summary
    updates = site.html("updates/index.html")
    item = re.search(r"<li>.*?Absent Summary Paper.*?</li>", updates, re.S).group(0)
    assert "—" not in item and "None" not in item
    assert "— Has one sentence." in updates

    # feed items for every added paper; papers.json with an empty summary, never null
    feed = feedparser.parse((site.site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = {e.title for e in feed.entries}
    assert {"Absent Summary Paper", "Empty Summary Paper", "Null Summary Paper"} <= titles
    assert all("None" not in (e.get("summary") or "") for e in feed.entries)
    papers = {p["title"]: p for p in site.json()["papers"]}
    assert papers["Absent Summary Paper"]["categories"][0]["summary"] == ""
    assert papers["Null Summary Paper"]["categories"][0]["summary"] == ""
    assert papers["Summarised Paper"]["categories"][0]["summary"] == "Has one sentence. And another."


def test_required_by_default_an_error_with_a_code_in_build_and_check(site):
    write_mixed(site)
    site.plugin_options(build_date="2023-08-10")
    warnings = site.build_fails()
    result = check_site(config_file=site.root / "mkdocs.yml")
    missing = [p for p in result.problems if p.code == "missing-summary"]
    assert [(p.path, p.field, p.level) for p in missing] == [("papers/a.md", "summary", "error")] * 4
    text = "papers/a.md:{}: summary: this site needs a summary in every entry"
    lines = sorted(p.line for p in missing)
    for line in lines:
        assert any(text.format(line) in w for w in warnings), warnings
    assert "require_summary: false" in missing[0].message  # says what to do
    # the lines point at the entry (absent) or at the summary key (empty, null)
    source = (site.docs / "papers/a.md").read_text(encoding="utf-8").split("\n")
    assert [source[n - 1].strip().split(":")[0] for n in lines] == ["- title", "summary", "summary", "- title"]


def test_require_summary_false_checks_the_same_as_the_build(site):
    write_mixed(site)
    site.plugin_options(require_summary=False, build_date="2023-08-10")
    site.build(strict=True)
    result = check_site(config_file=site.root / "mkdocs.yml")
    assert result.problems == [] and result.entries == 6


def test_a_summary_of_the_wrong_type_is_still_an_error(site):
    site.write("papers/a.md", category("Alpha", [bare("Numbered", "2301.00001", summary=5)]), dedent=False)
    site.plugin_options(require_summary=False)
    site.load()  # writes mkdocs.yml
    result = check_site(config_file=site.root / "mkdocs.yml")
    assert [(p.field, p.code) for p in result.problems if p.level == "error"] == [("summary", "wrong-type")]


def test_attacker_summary_of_the_second_listing_stays_inert_in_the_description(site):
    site.write("papers/a.md", category("Alpha", [bare("Shared", "2301.00005")], order=1), dedent=False)
    payload = '"><img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3))'
    site.write("papers/b.md", category("Beta", [entry("Shared", "2301.00005", summary=payload)], order=2), dedent=False)
    site.plugin_options(require_summary=False)
    site.build()
    page = site.html("paper/2301.00005/index.html")
    assert "<img src=x" not in page and "<script>alert(2)" not in page and 'href="javascript:' not in page
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert "<" not in description


def test_authors_are_required_unless_the_site_says_otherwise(site):
    """``require_authors: false`` (what the importer sets for a README with an entry without an
    authors line) accepts an entry with no authors or an empty list; the default refuses both."""
    site.write("index.md", "# Home\n")
    anonymous = {"title": "Anonymous Paper", "links": {"paper": "https://arxiv.org/abs/2301.00007"}, "summary": "No names given."}
    empty = {**bare("Empty Authors Paper", "2301.00008", summary="Names left empty."), "authors": []}
    site.write("papers/a.md", category("Alpha", [anonymous, empty, entry("Named Paper", "2301.00009")]), dedent=False)

    warnings = site.build_fails()
    assert any("papers/a.md" in w and "authors" in w for w in warnings)
    problems = check_site(config_file=site.root / "mkdocs.yml").problems
    codes = sorted(p.code for p in problems if p.field == "authors")
    assert codes == ["empty-list", "missing-field"], [str(p) for p in problems]

    site.plugin_options(require_authors=False)
    site.build(strict=True)
    topic = site.html("papers/a/index.html")
    for title in ("Anonymous Paper", "Empty Authors Paper", "Named Paper"):
        assert title in topic
    meta = re.findall(r'<p class="mdd-meta">(.*?)</p>', topic, re.S)
    assert len(meta) == 3 and not any(m.startswith(" · ") for m in meta)  # no separator before a missing name
    assert "@misc{" in site.html("paper/2301.00007/index.html")
    assert not [p for p in check_site(config_file=site.root / "mkdocs.yml").problems if p.field == "authors"]
