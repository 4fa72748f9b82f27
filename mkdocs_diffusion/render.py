"""Markdown page sources from the catalog, through Jinja templates a site can override.

Every template renders Markdown that MkDocs then turns into HTML with the site's own
extensions. Text from entries goes through filters that make it inert: ``md`` (inline text:
HTML-escaped, Markdown and math characters as entities), ``summary`` (Markdown kept, raw
HTML escaped), ``url`` (for link destinations) and ``yaml`` (front matter values).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .bibtex import bibtex_entry
from .charts import UNKNOWN_YEAR, bar_chart_svg, papers_per_category, papers_per_year
from .catalog import Catalog, group_by_added
from .model import KNOWN_LINK_LABELS, Category, Entry, Paper

LINK_LABELS = {
    "paper": "Paper",
    "code": "Code",
    "project": "Project",
    "video": "Video",
    "website": "Website",
}

# Characters that mean something to Markdown, attr_list, tables or math: written as entities.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]#!|~$:^="}
_MD_SPECIAL.update({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MD_TABLE = str.maketrans(_MD_SPECIAL)
_TAG_START_RE = re.compile(r"<(?=[A-Za-z/!?])")
_CODE_SPLIT_RE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]+`)", re.S)
_HARD_BREAK_RE = re.compile(r"(?<!\\)\\[ \t]*(\n|$)")
_SENTENCE_RE = re.compile(r"(.+?[.!?。])(\s|$)", re.S)


def md_inline(text: str) -> str:
    """Plain text that renders as itself inside Markdown (and inside HTML)."""
    return str(text).translate(_MD_TABLE)


def md_summary(text: str) -> str:
    """A summary keeps its Markdown; raw HTML tags outside code are shown as text, and a
    backslash at the end of a line is a line break (as in CommonMark and on GitHub, where
    these lists come from; Python-Markdown would print the backslash)."""
    parts = _CODE_SPLIT_RE.split(text)
    for i in range(0, len(parts), 2):
        part = _TAG_START_RE.sub("&lt;", parts[i])
        parts[i] = _HARD_BREAK_RE.sub(lambda m: "  \n" if m.group(1) else "", part)
    return "".join(parts)


def md_url(url: str) -> str:
    """A link destination: in angle brackets, so parentheses in URLs are safe."""
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"


def yaml_value(value) -> str:
    """A front-matter scalar (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def meta_text(value) -> str:
    """A front-matter value that themes print unescaped (title, description): HTML-escaped."""
    return yaml_value(html.escape(str(value), quote=True))


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a summary, as plain-ish text, at most ``limit`` characters."""
    flat = " ".join(text.split())
    match = _SENTENCE_RE.match(flat)
    sentence = match.group(1) if match else flat
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rstrip() + "…"
    return sentence


def link_label(label: str) -> str:
    return LINK_LABELS.get(label, label)


def sorted_links(links: dict[str, str]) -> list[tuple[str, str]]:
    """Known labels first, in their usual order, then the others alphabetically."""
    known = [(k, links[k]) for k in KNOWN_LINK_LABELS if k in links]
    other = sorted((k, v) for k, v in links.items() if k not in KNOWN_LINK_LABELS)
    return known + other


@dataclass
class PageUrls:
    """Where pages live, as docs-relative source paths (what MkDocs links between)."""

    paper_dir: str = "paper"
    updates: str | None = "updates.md"
    all_papers: str | None = "all-papers.md"
    stats: str | None = "stats.md"
    paper_pages: bool = True
    paper_pages_in_search: bool = False
    use_directory_urls: bool = True
    feeds: tuple = ()  # (label, file name at the site root) of the feeds that exist

    def to_root(self, src: str) -> str:
        """Relative URL from the page built from ``src`` to the site root (for non-page files)."""
        depth = src.count("/")
        stem = posixpath.basename(src).rsplit(".", 1)[0]
        if self.use_directory_urls and stem not in ("index", "README"):
            depth += 1
        return "../" * depth or "./"

    def paper(self, paper: Paper) -> str | None:
        if not self.paper_pages or not paper.key:
            return None
        return f"{self.paper_dir}/{paper.key}.md"


def relative(target: str, source: str) -> str:
    """A Markdown link from the page at ``source`` to the file ``target`` (both docs-relative)."""
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(source) or ".")
    return rel + ("#" + anchor if anchor else "")


class Renderer:
    """Renders page sources; ``template_dirs`` are searched before the built-in templates."""

    def __init__(self, catalog: Catalog, urls: PageUrls | None = None, template_dirs: list[Path] | None = None, site: dict | None = None):
        self.catalog = catalog
        self.urls = urls or PageUrls()
        self.site = site or {}
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs or []])]
        loaders.append(jinja2.PackageLoader("mkdocs_diffusion", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,  # the output is Markdown: every value is escaped by an explicit filter
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            md=md_inline,
            summary=md_summary,
            url=md_url,
            yaml=yaml_value,
            meta=meta_text,
            html=lambda s: html.escape(str(s)),
            first_sentence=first_sentence,
            link_label=link_label,
            sorted_links=sorted_links,
            bibtex=bibtex_entry,
        )
        self.env.globals.update(rel=relative, urls=self.urls, catalog=catalog, site=self.site)

    def _render(self, name: str, **context) -> str:
        return self.env.get_template(name).render(**context)

    def also_in(self, entry: Entry) -> list[Entry]:
        """The other listings of the entry's paper (in catalog order)."""
        if entry.paper is None:
            return []
        return [e for e in entry.paper.entries if e is not entry]

    def category_page(self, category: Category) -> str:
        return self._render("category.md.j2", category=category, src=category.path, also_in=self.also_in)

    def paper_page(self, paper: Paper) -> str:
        src = self.urls.paper(paper) or ""
        return self._render("paper.md.j2", paper=paper, src=src)

    def updates_page(self, recent_days: int) -> str:
        src = self.urls.updates or "updates.md"
        groups = group_by_added(self.catalog.added_papers())
        recent, older = split_recent(groups, recent_days)
        return self._render("updates.md.j2", recent=recent, older=older, recent_days=recent_days, src=src)

    def stats_page(self) -> str:
        src = self.urls.stats or "stats.md"
        per_year = papers_per_year(self.catalog.papers)
        per_category = papers_per_category(self.catalog)
        charts = {
            "per_year": per_year,
            "per_category": per_category,
            "per_year_svg": bar_chart_svg(per_year, title="연도별 논문 수 / Papers per year", unit="편", muted=[UNKNOWN_YEAR]),
            "per_category_svg": bar_chart_svg(per_category, title="분류별 논문 수 / Papers per category", unit="편", horizontal=True),
        }
        return self._render("stats.md.j2", charts=charts, src=src)

    def all_papers_page(self) -> str:
        return self._render("all_papers.md.j2", src=self.urls.all_papers or "all-papers.md")

    def home_stats(self, src: str, latest: int = 5) -> str:
        return self._render("home_stats.md.j2", latest=self.catalog.added_papers()[:latest], src=src)


def split_recent(groups: list[tuple[str, list[Paper]]], days: int) -> tuple[list, list]:
    """Groups within ``days`` of the newest addition, and the rest."""
    if not groups:
        return [], []
    from datetime import date

    newest = date.fromisoformat(groups[0][0])
    recent = [(d, ps) for d, ps in groups if (newest - date.fromisoformat(d)).days < days]
    return recent, groups[len(recent):]
