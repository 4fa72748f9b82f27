"""`mkdocs serve --dirty` reuses the topic and paper pages an edit cannot reach: after each edit
of a series (summaries, titles, a paper listed in a second category, a category renamed or
reordered, an entry moved or removed, tags, dates, aliases, a broken file), every topic and paper
page of the dirty build shows what a clean build of the same files shows.

The clean build runs in another process: MkDocs keeps one plugin instance per process, and a
clean build in this one would start the dirty session afresh."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from mkdocs.commands.build import build

from conftest import category, entry, serving_dirty

pytestmark = pytest.mark.slow

CLEAN_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
config.plugins.on_shutdown()
"""


def article(html: str) -> str:
    """A page's article; a page with none (an alias's redirect page) whole."""
    match = re.search(r"<article\b.*?</article>", html, re.S)
    return match.group(0) if match else html


def generated_pages(site_dir) -> dict[str, str]:
    """The topic and paper pages of a built site: path -> its article."""
    found = {}
    for folder in ("papers", "paper"):
        for path in sorted((site_dir / folder).rglob("index.html")):
            found[path.relative_to(site_dir).as_posix()] = article(path.read_text(encoding="utf-8"))
    return found


class Files:
    """The category files of the test site, as data, written in full on each change."""

    def __init__(self, site):
        self.site = site
        self.categories = {
            "papers/a.md": {"title": "Alpha", "order": 1, "entries": [
                entry("First paper", "2301.00001", added="2023-01-03", tags=["editing"]),
                entry("Second paper", "2301.00002", added="2023-01-02"),
                entry("Untitled idea", None, added="2023-01-01", links={"code": "https://example.org/code"}),
            ]},
            "papers/b.md": {"title": "Beta", "order": 2, "entries": [entry("Third paper", "2301.00003", added="2023-02-01")]},
            "papers/c.md": {"title": "Gamma", "order": 3, "entries": [entry("Fourth paper", "2301.00004", added="2023-03-01")]},
        }
        self.broken: set[str] = set()

    def write(self) -> None:
        for path, data in self.categories.items():
            fields = {k: v for k, v in data.items() if k not in ("title", "entries")}
            text = category(data["title"], data["entries"], **fields)
            if path in self.broken:
                text = text.replace("title: ", "title: [", 1)  # a YAML slip
            self.site.write(path, text, dedent=False)

    def find(self, title: str) -> tuple[str, int]:
        for path, data in self.categories.items():
            for number, item in enumerate(data["entries"]):
                if item["title"] == title:
                    return path, number
        raise KeyError(title)

    def entry(self, title: str) -> dict:
        path, number = self.find(title)
        return self.categories[path]["entries"][number]


def edits(files: Files):
    """(what, change) in order; each change edits ``files``."""
    yield "a summary", lambda: files.entry("Second paper").update(summary="An edited summary.")
    yield "a title (the paper's key follows it when it has no id)", lambda: files.entry("Untitled idea").update(title="A better idea")
    yield "a paper listed in a second category", lambda: files.categories["papers/b.md"]["entries"].append(
        entry("First paper", "2301.00001", summary="Beta's own summary of it."))
    yield "a category renamed", lambda: files.categories["papers/b.md"].update(title="Beta renamed")
    yield "categories reordered", lambda: files.categories["papers/c.md"].update(order=0)
    yield "an entry moved to another file", lambda: files.categories["papers/c.md"]["entries"].append(
        files.categories["papers/a.md"]["entries"].pop(files.find("Second paper")[1]))
    yield "a new tag", lambda: files.entry("Third paper").update(tags=["brand-new"])
    yield "a tag spelt two ways, in two files", lambda: files.entry("Fourth paper").update(tags=["Editing ", "EDITING"])
    yield "a paper whose page key another paper had", lambda: files.categories["papers/b.md"]["entries"].insert(
        0, entry("A better idea", None, id="another-1", added="2022-01-01"))
    yield "a copy of another file's entry (a warning on both files)", lambda: files.categories["papers/c.md"]["entries"].append(
        dict(files.entry("Third paper"), summary="Copied."))
    yield "a date", lambda: files.entry("Fourth paper").update(added="2024-05-05", date="2024-05-01")
    yield "an alias", lambda: files.entry("Fourth paper").update(aliases=["old-fourth"])
    yield "an entry removed", lambda: files.categories["papers/a.md"]["entries"].pop(files.find("A better idea")[1])
    yield "a broken file", lambda: files.broken.add("papers/c.md")
    yield "the file repaired", lambda: files.broken.discard("papers/c.md")


def test_every_edit_shows_as_a_clean_build_shows_it(site, tmp_path):
    site.plugin_options(build_date="2024-06-01")
    files = Files(site)
    files.write()
    site.write("index.md", "# Home\n")
    config_file = site.root / "mkdocs.yml"
    clean_site = tmp_path / "clean"
    with serving_dirty(site) as config:
        build(config, dirty=True)
        for what, change in edits(files):
            change()
            files.write()
            build(config, dirty=True)
            proc = subprocess.run([sys.executable, "-c", CLEAN_BUILD, str(config_file), str(clean_site)], capture_output=True, text=True)
            assert proc.returncode == 0, proc.stderr[-3000:]
            dirty, clean = generated_pages(site.site), generated_pages(clean_site)
            assert sorted(dirty) == sorted(clean), what
            for path in clean:
                assert dirty[path] == clean[path], f"after {what}: {path} differs from a clean build"
