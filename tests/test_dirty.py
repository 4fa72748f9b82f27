"""`mkdocs serve --dirty` with the plugin: a generated page is built again only when what it
shows changed, the page of a removed entry disappears, and the pages made from the whole catalog
follow every change; the topic and paper pages that cannot have changed are not even rendered.
Driven like MkDocs' serve: one plugin instance, builds with ``dirty=True``."""

from __future__ import annotations

import os
from importlib import resources

from mkdocs.commands.build import build

from conftest import category, entry, serving_dirty

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
    with serving_dirty(site) as config:
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
        # the pages made from the whole catalog that show the summary, and the home page, follow;
        # the statistics did not change
        for whole in ("updates/index.html", "all-papers/index.html", "index.html"):
            assert rewritten(site, whole), whole
        assert not rewritten(site, "stats/index.html")
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
        assert rewritten(site, "stats/index.html")  # one paper fewer


def rendered_pages(monkeypatch) -> list[str]:
    """The topic and paper pages the renderer makes from now on (their titles), in order."""
    from mkdocs_diffusion.render import Renderer

    made: list[str] = []
    category_page, paper_page = Renderer.category_page, Renderer.paper_page

    def category(self, category, *args, **kwargs):
        made.append(f"topic {category.title}")
        return category_page(self, category, *args, **kwargs)

    def paper(self, paper):
        made.append(f"paper {paper.title}")
        return paper_page(self, paper)

    monkeypatch.setattr(Renderer, "category_page", category)
    monkeypatch.setattr(Renderer, "paper_page", paper)
    return made


def test_dirty_renders_only_the_pages_an_edit_can_reach(site, monkeypatch):
    """What the other pages show comes from other files, or from facts of the whole site that
    the edit did not touch; when it does touch one (a category's title, a template), or lists a
    paper elsewhere, the pages that show it are made again."""
    write_site(site)
    made = rendered_pages(monkeypatch)
    with serving_dirty(site) as config:
        build(config, dirty=True)
        assert len(made) == 2 + 4  # every page, the first time
        made.clear()
        build(config, dirty=True)
        assert made == []  # nothing changed

        write_site(site, second_summary="An edited summary.")
        build(config, dirty=True)
        # the edited file's pages; not Other's (its topic page and the Fourth paper's page)
        assert sorted(made) == ["paper First paper", "paper Second paper", "paper Third paper", "topic Editing"]
        made.clear()

        # the fourth paper also listed in Editing: Other's page says "also in Editing"
        papers = [entry("First paper", "2301.00001", added="2023-01-03"), entry("Fourth paper", "2301.00004", summary="또 다른 요약.")]
        site.write("papers/editing.md", category("Editing", papers), dedent=False)
        build(config, dirty=True)
        assert sorted(made) == ["paper First paper", "paper Fourth paper", "topic Editing", "topic Other"]  # the others are gone
        assert "Editing" in site.html("papers/other/index.html").split("Fourth paper", 1)[1]
        assert "또 다른 요약." in site.html("paper/2301.00004/index.html")
        made.clear()

        # a category's title is on the pages of the papers of other categories too: all made again
        site.write("papers/other.md", category("Renamed", [entry("Fourth paper", "2301.00004", added="2023-01-04")]), dedent=False)
        build(config, dirty=True)
        assert sorted(made) == ["paper First paper", "paper Fourth paper", "topic Editing", "topic Renamed"]
        assert "Renamed" in site.html("papers/editing/index.html").split("Fourth paper", 1)[1]  # "also in"
        made.clear()

        # a paper page's output deleted: that page is made again
        (site.site / "paper" / "2301.00001" / "index.html").unlink()
        build(config, dirty=True)
        assert made == ["paper First paper"]
        assert (site.site / "paper" / "2301.00001" / "index.html").exists()


def test_dirty_renders_everything_again_when_a_template_changes(site, monkeypatch):
    templates = site.root / "overrides"
    templates.mkdir()
    site.plugin_options(custom_templates=str(templates))
    write_site(site)
    made = rendered_pages(monkeypatch)
    with serving_dirty(site) as config:
        build(config, dirty=True)
        made.clear()
        text = resources.files("mkdocs_diffusion").joinpath("templates", "paper.md.j2").read_text(encoding="utf-8")
        (templates / "paper.md.j2").write_text(text.replace("## BibTeX", "## BibTeX here"), encoding="utf-8")
        build(config, dirty=True)  # the same plugin instance, which remembers the last build
        assert len(made) == 6
        assert "BibTeX here" in site.html("paper/2301.00001/index.html")


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
