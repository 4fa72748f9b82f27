"""Under `mkdocs serve`, problems are shown in the page where the entry would be; a build never
shows them. Driven through the plugin's own events with command="serve", as MkDocs' serve does."""

from __future__ import annotations

from conftest import category, entry

GOOD = category("Editing", [entry("First paper", "2301.00001"), entry("Second paper", "2301.00002"), entry("Third paper", "2301.00003")])


def broken_middle(text: str) -> str:
    """The second entry's date made impossible: that entry is left out, with an error."""
    return text.replace("summary: Second paper", "date: '2023-02-30'\n  summary: Second paper", 1)


def serve_build(site):
    return site.build(command="serve")


def test_serve_shows_the_problem_where_the_entry_would_be(site):
    site.write("papers/editing.md", broken_middle(GOOD), dedent=False)
    html = serve_build(site).html("papers/editing/index.html")
    html = html[html.index("<article"):]  # the content, not the table of contents
    box = html.index('class="admonition failure mdd-problems"')
    assert html.index("First paper") < box < html.index("Third paper")
    assert "papers/editing.md:" in html and "is not a real date" in html
    assert "&#x27;2023-02-30&#x27;" in html or "&#39;2023-02-30&#39;" in html  # the offending line, escaped
    site.build()  # a build never shows the box
    assert "mdd-problems" not in site.html("papers/editing/index.html")


def test_serve_keeps_the_page_of_a_file_that_does_not_parse(site):
    site.write("papers/editing.md", "---\ntitle: [unclosed\npapers: []\n---\n", dedent=False)
    html = serve_build(site).html("papers/editing/index.html")
    assert "mdd-problems" in html and "papers/editing.md:2" in html
    site.build()
    assert not (site.site / "papers" / "editing" / "index.html").exists()


def test_problem_text_is_escaped_in_the_box(site):
    evil = GOOD.replace("summary: Second paper", "date: '<img src=x onerror=alert(1)>'\n  summary: Second paper", 1)
    site.write("papers/editing.md", evil, dedent=False)
    html = serve_build(site).html("papers/editing/index.html")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_serve_recovers_when_the_file_is_fixed(site):
    """The next rebuild of the same serve session (same plugin instance) shows the fixed page."""
    site.write("papers/editing.md", broken_middle(GOOD), dedent=False)
    config = site.load()
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        site.build(config=config, startup=False)
        assert "mdd-problems" in site.html("papers/editing/index.html")
        site.write("papers/editing.md", GOOD, dedent=False)
        site.build(config=config, startup=False)
        html = site.html("papers/editing/index.html")
        assert "mdd-problems" not in html and "Second paper" in html
    finally:
        config.plugins.on_shutdown()
