"""The hand-written floor: the site a maintainer would write by hand for the same papers.

Made from the catalog the package reads from the category files (``collect.collect``, so the
same papers, merged across categories, with the package's page keys, years and BibTeX):

* a topic page per category (at the category file's own path), each paper as a ``##`` heading
  with its authors, venue, date, links, a link to its page and its summary (Markdown);
* a small page per paper (``paper/<key>.md``, out of the navigation and, as the plugin's paper
  pages are by default, out of the search index) with the same facts, every listing's summary,
  the categories it is in and a BibTeX block; its ``added`` date in the front matter, which the
  feed plugin reads;
* an updates page listing every paper, newest additions first;
* the home page as it is.

Built by the same MkDocs, theme, extensions, ``search`` and ``rss`` without the plugin
(:func:`bench.sites.hand_floor_config`), it is what the pages cost without any plugin.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from mkdocs_diffusion.bibtex import bibtex_entry
from mkdocs_diffusion.catalog import Catalog, group_by_added
from mkdocs_diffusion.collect import Source, category_sources, collect
from mkdocs_diffusion.model import Entry, Paper
from mkdocs_diffusion.render import relative

UPDATES = "updates.md"


@dataclass
class HandSite:
    docs: Path
    topic_pages: int
    paper_pages: int
    other_pages: int  # the home page, the updates page

    @property
    def pages(self) -> int:
        return self.topic_pages + self.paper_pages + self.other_pages


def read_catalog(docs: Path, papers_dir: str = "papers", resources_dir: str = "resources") -> Catalog:
    """The catalog of the category files under ``docs``, as the plugin reads it."""
    sources = [Source(p.relative_to(docs).as_posix(), str(p)) for p in sorted(docs.rglob("*.md"))]
    collection = collect(category_sources(sources, papers_dir, resources_dir), check_duplicates=False)
    return collection.catalog


def paper_src(paper: Paper) -> str:
    return f"paper/{paper.key}.md"


def _facts(entry: Entry) -> str:
    parts = [", ".join(entry.authors)]
    parts += [value for value in (entry.venue, entry.date) if value]
    return " · ".join(parts)


def _links(entry: Entry, page: str, paper_page: str | None) -> str:
    links = [f"[{label}]({url})" for label, url in entry.links.items()]
    if paper_page:
        links.append(f"[page]({relative(paper_page, page)})")
    return " · ".join(links)


def topic_page(category, src: str) -> str:
    out = [f"# {category.title}", ""]
    if category.description:
        out += [category.description, ""]
    if category.body.strip():
        out += [category.body.strip(), ""]
    for entry in category.entries:
        out += [f"## {entry.title}", "", _facts(entry), ""]
        links = _links(entry, src, paper_src(entry.paper) if entry.paper else None)
        if links:
            out += [links, ""]
        out += [entry.summary.strip(), ""]
    return "\n".join(out)


def paper_page(paper: Paper) -> str:
    src = paper_src(paper)
    first = paper.first
    # out of the search index, as the plugin's paper pages are by default (``paper_pages_in_search``)
    head = ["---", "search:", "  exclude: true"] + ([f"added: {paper.added}"] if paper.added else []) + ["---"]
    out = head + ["", f"# {first.title}", "", _facts(first), ""]
    links = _links(first, src, None)
    if links:
        out += [links, ""]
    for entry in paper.entries:
        where = relative(entry.category.path, src)
        out += [f"**[{entry.category.title}]({where})**: {entry.summary.strip()}", ""]
    out += ["```bibtex", bibtex_entry(paper), "```", ""]
    return "\n".join(out)


def updates_page(catalog: Catalog) -> str:
    out = ["# Updates", ""]
    dated = group_by_added(catalog.papers)
    undated = sorted((p for p in catalog.papers if not p.added), key=lambda p: p.title.casefold())
    for day, papers in dated + ([("—", undated)] if undated else []):
        out += [f"## {day}", ""]
        for paper in papers:
            cats = ", ".join(f"[{c.title}]({relative(c.path, UPDATES)})" for c in paper.categories)
            out.append(f"- [{paper.title}]({relative(paper_src(paper), UPDATES)}) — {cats}")
        out.append("")
    return "\n".join(out)


def _write(docs: Path, src: str, text: str) -> None:
    path = docs.joinpath(*src.split("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_hand_site(source_docs: Path, out_docs: Path) -> HandSite:
    """The hand-written site for the category files in ``source_docs``, into ``out_docs``; the
    other files of ``source_docs`` (home page, static files) are copied as they are."""
    catalog = read_catalog(source_docs)
    if out_docs.exists():
        shutil.rmtree(out_docs)
    category_files = {c.path for c in catalog.categories}
    others = 0
    for path in sorted(source_docs.rglob("*")):
        rel = path.relative_to(source_docs).as_posix()
        if path.is_file() and rel not in category_files:
            target = out_docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            others += path.suffix == ".md"
    for category in catalog.categories:
        _write(out_docs, category.path, topic_page(category, category.path))
    for paper in catalog.papers:
        _write(out_docs, paper_src(paper), paper_page(paper))
    _write(out_docs, UPDATES, updates_page(catalog))
    return HandSite(out_docs, len(catalog.categories), len(catalog.papers), others + 1)
