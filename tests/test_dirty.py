"""`mkdocs serve --dirty` with the plugin: a generated page is built again only when what it
shows changed, the page of a removed entry disappears, and the pages made from the whole catalog
follow every change. Driven like MkDocs' serve: one plugin instance, builds with ``dirty=True``."""

from __future__ import annotations

import os

from mkdocs.commands.build import build

from conftest import category, entry

OLD = 1_000_000_000  # a modification time long before any build


def write_site(site, second_summary: str = "Second paper 요약입니다.", third: bool = True) -> None:
    papers = [entry("First paper", "2301.00001", added="2023-01-03"),
              entry("Second paper", "2301.00002", added="2023-01-02", summary=second_summary)]
    if third:
        papers.append(entry("Third paper", "2301.00003", added="2023-01-01"))
    site.write("papers/editing.md", category("Editing", papers), dedent=False)
    site.write("papers/other.md", category("Other", [entry("Fourth paper", "2301.00004", added="2023-01-04")]), dedent=False)
    site.write("index.md", "# Home\n\n<!-- diffusion:stats -->\n")


def age_outputs(site) -> None:
    """Every page's output made old, so a page written again by the next build shows."""
    for path in site.site.rglob("*.html"):
        os.utime(path, (OLD, OLD))


def rewritten(site, path: str) -> bool:
    return os.path.getmtime(site.site / path) > OLD


def test_dirty_builds_only_what_changed_and_drops_removed_entries(site):
    write_site(site)
    config = site.load()
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        assert "Third paper" in site.html("papers/editing/index.html")
        age_outputs(site)

        # one summary edited: its topic page and paper page change, nothing else of that kind
        write_site(site, second_summary="An edited summary, visible at once.")
        build(config, dirty=True)
        assert "An edited summary, visible at once." in site.html("papers/editing/index.html")
        assert "An edited summary, visible at once." in site.html("paper/2301.00002/index.html")
        assert rewritten(site, "papers/editing/index.html") and rewritten(site, "paper/2301.00002/index.html")
        for unchanged in ("papers/other/index.html", "paper/2301.00001/index.html", "paper/2301.00003/index.html",
                          "paper/2301.00004/index.html"):
            assert not rewritten(site, unchanged), unchanged
        # the pages made from the whole catalog, and the home page's numbers, follow
        for whole in ("updates/index.html", "all-papers/index.html", "stats/index.html", "index.html"):
            assert rewritten(site, whole), whole
        assert "An edited summary" in site.html("updates/index.html")

        # nothing changed: no generated page is built again
        age_outputs(site)
        build(config, dirty=True)
        for path in ("papers/editing/index.html", "paper/2301.00002/index.html", "updates/index.html", "all-papers/index.html"):
            assert not rewritten(site, path), path

        # an entry removed: its paper page disappears, the lists no longer show it
        write_site(site, second_summary="An edited summary, visible at once.", third=False)
        build(config, dirty=True)
        assert not (site.site / "paper" / "2301.00003").exists()
        assert (site.site / "paper" / "2301.00002" / "index.html").exists()
        for path in ("papers/editing/index.html", "updates/index.html", "all-papers/index.html"):
            assert "Third paper" not in site.html(path), path
        assert "Third paper" not in (site.site / "papers.json").read_text(encoding="utf-8")
    finally:
        config.plugins.on_shutdown()


def test_a_clean_build_writes_every_page(site):
    """Without --dirty nothing is skipped (the same plugin instance, a second build)."""
    write_site(site)
    config = site.load()
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        age_outputs(site)
        build(config)
        for path in ("papers/other/index.html", "paper/2301.00001/index.html", "updates/index.html"):
            assert rewritten(site, path), path
    finally:
        config.plugins.on_shutdown()
