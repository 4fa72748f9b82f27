"""Markdown page sources from the catalog, through Jinja templates a site can override.

Templates lay out Markdown that MkDocs then turns into HTML with the site's own extensions.
Contributor text never enters that Markdown as Markdown: names (titles, authors, venues, tags,
labels, file names) go through filters that make them inert text (``md`` for Markdown,
``html`` for HTML, ``url``/``rel`` for link destinations), and summaries and introductions
become placeholders (``block``) that :class:`Blocks` fills, after MkDocs' Markdown pass, with
the text rendered on its own and sanitized (:mod:`mkdocs_diffusion.sanitize`). Page metadata
(title, description...) is data (:meth:`Renderer.page_meta`), not YAML written by hand.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urljoin

import jinja2

from .bibtex import bibtex_entry
from .catalog import Catalog, group_by_added
from .charts import bar_chart_svg, papers_per_category, papers_per_year
from .i18n import Messages
from .model import ERROR, KNOWN_LINK_LABELS, LINK_LABELS, Category, Entry, Paper, Problem
from .sanitize import plain_text, render_markdown

# Characters that mean something to Markdown, attr_list, tables or math: written as entities.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]#!|~$:^="}
_MD_SPECIAL.update({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MD_TABLE = str.maketrans(_MD_SPECIAL)


def md_inline(text: str) -> str:
    """Plain text that renders as itself inside Markdown (and inside HTML)."""
    return str(text).translate(_MD_TABLE)


def md_url(url: str) -> str:
    """A link destination, percent-encoded (quotes, backticks, brackets, spaces, controls and
    non-ASCII characters), in angle brackets so parentheses in URLs are safe."""
    return "<" + quote(url, safe=":/?#[]@!$&'()*+,;=%~") + ">"


#: Words ending in a dot that do not end a sentence (compared case-insensitively).
ABBREVIATIONS = frozenset(
    "e.g. eg. i.e. ie. al. vs. v. fig. figs. cf. eq. eqs. etc. no. nos. sec. ref. refs. resp. approx. ca. "
    "vol. ch. ex. dr. mr. mrs. ms. prof. st. tab. thm. def. lem. prop. app. appx. esp. incl. w.r.t. wrt. viz. al".split()
)
_SENTENCE_END_RE = re.compile(r"[.!?。！？](?=[\s)\]\"'”’]*(?:\s|$))")


def _ends_sentence(flat: str, end: int) -> bool:
    """Whether the stop at ``flat[end]`` ends a sentence: not the dot of an abbreviation
    (``e.g.``, ``et al.``, ``Fig.``), of an initial (``J.``) or of a number (``3.``)."""
    if flat[end] != ".":
        return True
    word = re.search(r"[^\s(\[{\"'“‘/]*$", flat[: end + 1]).group(0).casefold()  # "word(eg." -> "eg."
    if word in ABBREVIATIONS or re.fullmatch(r"(?:[^\W\d_]\.)+", word) or re.fullmatch(r"[\d.,]+", word):
        return False
    return True


def cut_text(text: str, limit: int) -> str:
    """``text`` (one line) at most ``limit`` characters: cut at the last space that fits, with an
    ellipsis (a hard cut when a single word is longer)."""
    if len(text) <= limit:
        return text
    head = text[: max(1, limit - 1)]
    space = head.rfind(" ")
    if space > limit // 3:
        head = head[:space]
    return head.rstrip(" ,;:.-–—") + "…"


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a summary (plain text, whitespace collapsed), at most ``limit``
    characters. A dot after an abbreviation (``e.g.``, ``et al.``, ``vs.``, ``Fig.``), an
    initial or a number does not end a sentence; a sentence longer than ``limit`` is cut at a
    word boundary and ends with an ellipsis."""
    flat = " ".join(text.split())
    for match in _SENTENCE_END_RE.finditer(flat, 0, limit + 1):
        if _ends_sentence(flat, match.start()):
            return flat[: match.start() + 1]
    return cut_text(flat, limit)


def link_label(label: str) -> str:
    return LINK_LABELS.get(label, label)


def sorted_links(links: dict[str, str]) -> list[tuple[str, str]]:
    """Known labels first, in their usual order, then the others alphabetically."""
    known = [(k, links[k]) for k in KNOWN_LINK_LABELS if k in links]
    other = sorted((k, v) for k, v in links.items() if k not in KNOWN_LINK_LABELS)
    return known + other


#: The pages made from the whole catalog, and their default source paths (the plugin's options).
DEFAULT_PAGES = {"updates": "updates.md", "all_papers": "all-papers.md", "stats": "stats.md", "papers_json": "papers.json"}


@dataclass
class PageUrls:
    """Where pages live, as docs-relative source paths (what MkDocs links between)."""

    paper_dir: str = "paper"
    updates: str | None = DEFAULT_PAGES["updates"]
    all_papers: str | None = DEFAULT_PAGES["all_papers"]
    stats: str | None = DEFAULT_PAGES["stats"]
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


def relative(target: str, source: str, anchor: str | None = None) -> str:
    """A Markdown link destination from the page at ``source`` to the file ``target`` (both
    docs-relative), percent-encoded: a file name is data, never Markdown or HTML."""
    rel = posixpath.relpath(target, posixpath.dirname(source) or ".")
    return quote(rel, safe="/") + ("#" + quote(anchor, safe="") if anchor else "")


def summary_text(text: str) -> str:
    """The plain text of a summary as rendered (math as its MathML text, no markup)."""
    return plain_text(render_markdown(text))


class Blocks:
    """Contributor Markdown (summaries, introductions) in pages as opaque, sanitized HTML.

    ``placeholder`` gives an empty element, unique to this build (a random nonce), that MkDocs'
    Markdown pass copies as it is; ``fill`` then replaces each one with the text rendered on its
    own and sanitized. A text is converted once however many pages show it. Relative links to
    ``.md`` files in a text are resolved by the ``resolve`` callback given to ``fill``.
    """

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self._texts: list[tuple[str, str]] = []  # (text, docs-relative path it comes from)
        self._index: dict[tuple[str, str], int] = {}
        self._pattern = re.compile(rf'<div class="(mdd-[a-z]+)" data-mdd-block="{self.nonce}-(\d+)"></div>')

    def placeholder(self, text: str, source: str, css_class: str = "mdd-summary") -> str:
        key = (text, source)
        number = self._index.get(key)
        if number is None:
            number = self._index[key] = len(self._texts)
            self._texts.append(key)
        return f'<div class="{css_class}" data-mdd-block="{self.nonce}-{number}"></div>'

    def fill(self, page_html: str, resolve: Callable[[str, str], str | None] | None = None) -> str:
        """``page_html`` with every placeholder replaced; ``resolve(source, href)`` gives the
        URL of a relative ``.md`` link in the text that came from ``source`` (or ``None``)."""
        if self.nonce not in page_html:
            return page_html

        def replace(match: re.Match) -> str:
            text, source = self._texts[int(match.group(2))]
            body = render_markdown(text)
            if resolve is not None and ".md" in body:
                body = _MD_HREF_RE.sub(lambda m: _resolved(m, source, resolve), body)
            return f'<div class="{match.group(1)}">{body}</div>'

        return self._pattern.sub(replace, page_html)


_MD_HREF_RE = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"#?]*\.md)(#[^"]*)?"')


def _resolved(match: re.Match, source: str, resolve: Callable[[str, str], str | None]) -> str:
    url = resolve(source, html.unescape(match.group(1)))
    if url is None:
        return match.group(0)
    return f'href="{html.escape(url + (match.group(2) or ""), quote=True)}"'


class Renderer:
    """Renders page sources; ``template_dirs`` are searched before the built-in templates."""

    def __init__(self, catalog: Catalog, urls: PageUrls | None = None, template_dirs: list[Path] | None = None, site: dict | None = None,
                 messages: Messages | None = None):
        self.catalog = catalog
        self.t = messages or Messages()
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
            url=md_url,
            html=lambda s: html.escape(str(s)),
            text=summary_text,
            first_sentence=first_sentence,
            link_label=link_label,
            sorted_links=sorted_links,
            bibtex=bibtex_entry,
        )
        self.blocks = Blocks()
        self.side_files: dict[str, bytes] = {}  # data files of the generated pages (docs-relative path -> bytes)
        self.env.globals.update(rel=relative, urls=self.urls, catalog=catalog, site=self.site, block=self.blocks.placeholder, t=self.t)

    def _page_meta(self, name: str) -> dict:
        meta = {"title": _meta(self.t(f"{name}.title")), "description": _meta(self.t(f"{name}.description"))}
        return {**meta, **PAGE_META[name]}

    def _render(self, name: str, **context) -> str:
        return self.env.get_template(name).render(**context)

    def also_in(self, entry: Entry) -> list[Entry]:
        """The other listings of the entry's paper (in catalog order)."""
        if entry.paper is None:
            return []
        return [e for e in entry.paper.entries if e is not entry]

    def category_page(self, category: Category, trusted_introduction: bool = False, problems: list[Problem] | None = None, source_text: str = "") -> PageSource:
        """The topic page; with ``problems`` (under ``mkdocs serve``), each is shown as a box
        where its entry would be, with the offending lines of ``source_text``."""
        src = category.path
        boxes = problem_boxes(category, problems or [], source_text, self.t("problems.title"))
        body = category.body.strip()
        if body and not trusted_introduction:
            body = self.blocks.placeholder(body, src, "mdd-intro")
        meta = {"title": _meta(category.title)}
        if category.description:
            meta["description"] = _meta(category.description)
        markdown = self._render("category.md.j2", category=category, src=src, introduction=body, also_in=self.also_in, boxes=boxes)
        return PageSource(markdown, meta)

    def paper_page(self, paper: Paper) -> PageSource:
        src = self.urls.paper(paper) or ""
        meta: dict = {"title": _meta(paper.title), "description": _meta(first_sentence(summary_text(paper.first.summary)))}
        if paper.added:
            meta["added"] = paper.added
        if not self.urls.paper_pages_in_search:
            meta["search"] = {"exclude": True}
        return PageSource(self._render("paper.md.j2", paper=paper, src=src, summaries=distinct_summaries(paper)), meta)

    def updates_page(self, recent_days: int, today: date | None = None) -> PageSource:
        """The updates page: additions within ``recent_days`` before ``today`` (the build date)
        first, then the earlier ones, newest first."""
        src = self.urls.updates or DEFAULT_PAGES["updates"]
        groups = group_by_added(self.catalog.added_papers())
        today = today or date.today()
        since = today - timedelta(days=recent_days)
        recent, older = split_recent(groups, since)
        markdown = self._render("updates.md.j2", recent=recent, older=older, recent_days=recent_days, since=since.isoformat(),
                                today=today.isoformat(), src=src)
        return PageSource(markdown, self._page_meta("updates"))

    def stats_page(self) -> PageSource:
        src = self.urls.stats or DEFAULT_PAGES["stats"]
        markdown = self._render("stats.md.j2", stats=statistics(self.catalog, self.t), src=src)
        return PageSource(markdown, self._page_meta("stats"))

    def all_papers_page(self, url_of: Callable[[str], str]) -> PageSource:
        """The all-papers page; ``url_of(src_uri)`` is the host's URL of a page."""
        src = self.urls.all_papers or DEFAULT_PAGES["all_papers"]
        table = all_papers_rows(self.catalog, self.urls, url_of, src, self.t)
        files = side_files(src)
        self.side_files.update({files["search"]: table.search_index(), files["bibtex"]: table.bibtex_index()})
        here = url_of(src)
        data = {name: relative_url(url_of(path), here) for name, path in files.items()}
        markdown = self._render("all_papers.md.j2", src=src, table=table, data=data)
        return PageSource(markdown, self._page_meta("all"))

    def redirect_files(self, url_of: Callable[[str], str]) -> dict[str, bytes]:
        """The redirect pages of the papers' former keys (``catalog.aliases``): docs-relative path
        of the old page's HTML file -> its bytes; none without paper pages, or when ``url_of``
        gives source paths (``generate --target zensical``)."""
        from .aliases import redirect_html

        files: dict[str, bytes] = {}
        site_url = self.site.get("url") or ""
        for alias, paper in self.catalog.aliases.items():
            src = self.urls.paper(paper)
            old = url_of(f"{self.urls.paper_dir}/{alias}.md") if src else ""
            if not src or old.endswith(".md"):
                continue
            new = url_of(src)
            target = relative_url(new, old)
            canonical = urljoin(site_url if site_url.endswith("/") else site_url + "/", new) if site_url else target
            path = unquote(old + "index.html" if old.endswith("/") or not old else old)
            files[path] = redirect_html(target, canonical, paper.title, self.t("redirect.moved"), self.t.language).encode("utf-8")
        return files

    def home_stats(self, src: str, latest: int = 5) -> str:
        return self._render("home_stats.md.j2", latest=self.catalog.added_papers()[:latest], src=src)


def distinct_summaries(paper: Paper) -> list[tuple[str, list[Entry]]]:
    """The paper's summaries, each once (whitespace aside), with the listings that give it."""
    found: dict[str, tuple[str, list[Entry]]] = {}
    for entry in paper.entries:
        found.setdefault(" ".join(entry.summary.split()), (entry.summary, []))[1].append(entry)
    return list(found.values())


def category_key(category: Category) -> str:
    """A category's value in the all-papers filter (``?cat=``): its path without the extension."""
    return posixpath.splitext(category.path)[0]


@dataclass
class Statistics:
    """Everything the statistics page shows, counted once."""

    papers: int
    categories: list[tuple[Category, str, int]]  # (category, filter key, listings), catalog order
    listings: int
    resources: int
    in_several: int  # papers in more than one category
    undated: int
    per_year: list[tuple[str, int, str]]  # (label, papers, filter value), years ascending, undated last
    per_year_svg: str
    per_category_svg: str


def statistics(catalog: Catalog, t: Messages) -> Statistics:
    unknown = t("year.unknown")
    per_year = papers_per_year(catalog.papers, unknown)
    per_category = papers_per_category(catalog)
    paper_categories = catalog.by_section("papers")
    return Statistics(
        papers=len(catalog.papers),
        categories=[(c, category_key(c), len(c.entries)) for c in paper_categories],
        listings=sum(len(c.entries) for c in paper_categories),
        resources=sum(len(c.entries) for c in catalog.by_section("resources")),
        in_several=sum(len(p.categories) > 1 for p in catalog.papers),
        undated=sum(n for label, n in per_year if label == unknown),
        per_year=[(label, n, "unknown" if label == unknown else label) for label, n in per_year],
        per_year_svg=bar_chart_svg(per_year, title=t("stats.per_year"), unit=t("chart.unit"), muted=[unknown], no_data=t("chart.no_data")),
        per_category_svg=bar_chart_svg(per_category, title=t("stats.per_category"), unit=t("chart.unit"), horizontal=True,
                                       no_data=t("chart.no_data")),
    )


def relative_url(url: str, from_url: str) -> str:
    """The relative URL from the page at site URL ``from_url`` to the site URL ``url``."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + url, "/" + base) if url else posixpath.relpath("/", "/" + base)
    return rel + "/" if url.endswith("/") and rel != "." else ("./" if rel == "." else rel)


#: Characters of a summary shown in an all-papers row (the full text is in the side index).
SUMMARY_SNIPPET = 60
#: Separates the fields of a row in the all-papers page's row text.
ROW_FIELD = "\x1f"
#: Names of an author list shown in an all-papers row before "et al.".
ROW_AUTHORS = 3


def _venue_label(paper: Paper) -> str:
    """The venue the all-papers filter groups a paper under (the venue as written, for now;
    ``venues.venue_label`` replaces it)."""
    return paper.first.venue or ""


_VENUE_YEAR_RE = re.compile(r"(^|[^0-9])'?(?:19|20)\d{2}(?![0-9])")
_VENUE_SHORT_YEAR_RE = re.compile(r"([A-Za-z])'?\d{2}(?![0-9])")


def venue_group(label: str) -> str:
    """A venue label without its year (the year has its own control): ``CVPR 2023``,
    ``CVPR2023``, ``NeurIPS22`` -> ``CVPR``, ``NeurIPS``; punctuation at the ends dropped."""
    text = _VENUE_SHORT_YEAR_RE.sub(r"\1 ", _VENUE_YEAR_RE.sub(r"\1 ", label))
    text = re.sub(r"\s*([.,;:])\s*", r"\1 ", text.strip().strip(".,;:/ "))
    return " ".join(text.split()).strip(".,;:/ ")


def filter_key(text: str) -> str:
    """The value of a name (venue, tag) in the filter and the URL: NFKC, case-folded, one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass
class PaperRow:
    """One row of the all-papers page: every value as plain text (the template escapes it)."""

    paper: Paper
    href: str
    year: str  # '' when no entry is dated
    sort_date: str
    categories: list[tuple[int, str, str]]  # (option number in AllPapers.categories, title, href)
    authors: str  # at most ROW_AUTHORS names, then "et al."
    venue: str  # as written
    venue_option: int | None  # option number in AllPapers.venues
    tags: list[tuple[int, str]]  # (option number in AllPapers.tags, tag as written)
    snippet: str  # the summary's plain text, cut to SUMMARY_SNIPPET characters
    cut: bool  # whether the snippet is shorter than the summary
    summary: str  # the summary's whole plain text (side index only)
    bibtex: str  # side file only
    more_authors: str = ""  # the names after the first ROW_AUTHORS (side index only)


@dataclass
class AllPapers:
    rows: list[PaperRow]
    years: list[tuple[str, int, str]]  # (filter value, papers, label), newest first, undated last
    categories: list[tuple[str, str, int]]  # (filter key, title, papers), catalog order
    venues: list[tuple[str, str, int]] = field(default_factory=list)  # (filter key, label, papers), by label
    tags: list[tuple[str, str, int]] = field(default_factory=list)  # (filter key, tag, papers), by tag

    category_hrefs: list[str] = field(default_factory=list)  # the category pages, in the order of categories

    def page_rows(self) -> str:
        """The rows as compact text for the page (filter.js makes the table from it), one line
        each, fields separated by U+001F (Markdown turns tabs into spaces; the loader refuses
        control characters in any text, and values are whitespace-collapsed, so no value holds
        one or a line break): href, title, authors, year, category numbers (``|``), venue
        number (empty: none), venue as written, tag numbers (``|``), summary snippet, ``1`` if
        cut. Before them: the category pages' URLs, then the tags, one line each. The template
        escapes it as text: every value stays data."""
        def line(values) -> str:
            return ROW_FIELD.join(" ".join(str(v).replace(ROW_FIELD, " ").split()) for v in values)

        lines = [line(self.category_hrefs), line(label for _, label, _ in self.tags)]
        for row in self.rows:
            lines.append(line([row.href, row.paper.title, row.authors, row.year, "|".join(str(c[0]) for c in row.categories),
                               "" if row.venue_option is None else row.venue_option, row.venue,
                               "|".join(str(g[0]) for g in row.tags), row.snippet, int(row.cut)]))
        return "\n".join(lines)

    def search_index(self) -> bytes:
        """The side file of the text filter: each row's whole summary (and the authors the row
        leaves out), in row order (JSON)."""
        return _compact_json([[row.summary, row.more_authors] if row.more_authors else [row.summary] for row in self.rows])

    def bibtex_index(self) -> bytes:
        """The side file of the BibTeX download: each row's entry, in row order (JSON)."""
        return _compact_json([row.bibtex for row in self.rows])


def _compact_json(value) -> bytes:
    # '<' escaped: the file is data even if a browser were made to read it as HTML
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c").encode("utf-8")


def side_files(src: str) -> dict[str, str]:
    """The all-papers page's side files (docs-relative paths): ``search`` and ``bibtex``."""
    stem = posixpath.splitext(src)[0]
    return {"search": f"{stem}.search.json", "bibtex": f"{stem}.bib.json"}


def all_papers_rows(catalog: Catalog, urls: PageUrls, url_of: Callable[[str], str], src: str, t: Messages) -> AllPapers:
    """The rows of the all-papers page, newest date first, then title; undated papers last.
    ``url_of(src_uri)`` is the host's URL of a page (MkDocs' ``File.url``)."""
    here = url_of(src)

    def href(target: str, anchor: str | None = None) -> str:
        return relative_url(url_of(target), here) + ("#" + quote(anchor, safe="") if anchor else "")

    year_counts: dict[str, int] = {}
    category_counts: dict[str, int] = {}
    venue_names: dict[str, dict[str, int]] = {}  # key -> label -> papers
    tag_names: dict[str, dict[str, int]] = {}
    for paper in catalog.papers:
        year_counts[paper.year or ""] = year_counts.get(paper.year or "", 0) + 1
        for category in paper.categories:
            category_counts[category.path] = category_counts.get(category.path, 0) + 1
        group = venue_group(_venue_label(paper))
        if group:
            names = venue_names.setdefault(filter_key(group), {})
            names[group] = names.get(group, 0) + 1
        for tag in dict.fromkeys(tag for entry in paper.entries for tag in entry.tags):
            names = tag_names.setdefault(filter_key(tag), {})
            names[tag] = names.get(tag, 0) + 1

    def options(names: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
        found = []
        for key, labels in names.items():
            label = sorted(labels, key=lambda name: (-labels[name], name))[0]  # the most used spelling
            found.append((key, label, sum(labels.values())))
        return sorted(found, key=lambda item: (item[1].casefold(), item[0]))

    venues, tags = options(venue_names), options(tag_names)
    venue_number = {key: i for i, (key, _, _) in enumerate(venues)}
    tag_number = {key: i for i, (key, _, _) in enumerate(tags)}
    categories = [(category_key(c), c.title, category_counts[c.path]) for c in catalog.categories if c.path in category_counts]
    category_number = {key: i for i, (key, _, _) in enumerate(categories)}

    rows = []
    for paper in catalog.papers:
        first = paper.first
        dates = [e.date for e in paper.entries if e.date]
        page = urls.paper(paper)
        authors = ", ".join(first.authors[:ROW_AUTHORS]) + (" " + t("authors.et_al") if len(first.authors) > ROW_AUTHORS else "")
        summary = " ".join(summary_text(first.summary).split()) if first.summary else ""
        snippet = cut_text(summary, SUMMARY_SNIPPET)
        group = venue_group(_venue_label(paper))
        paper_tags = dict.fromkeys(tag for entry in paper.entries for tag in entry.tags)
        rows.append(PaperRow(
            paper=paper,
            href=href(page) if page else href(first.path, first.anchor),
            year=paper.year or "",
            sort_date=dates[0] if dates else "",
            categories=[(category_number[category_key(c)], c.title, href(c.path)) for c in paper.categories],
            authors=authors,
            venue=first.venue or "",
            venue_option=venue_number.get(filter_key(group)) if group else None,
            tags=[(tag_number[filter_key(tag)], tag) for tag in paper_tags],
            snippet=snippet,
            cut=snippet != summary,
            summary=summary,
            bibtex=bibtex_entry(paper),
            more_authors=", ".join(first.authors[ROW_AUTHORS:]),
        ))
    rows.sort(key=lambda r: r.paper.title)
    rows.sort(key=lambda r: r.sort_date, reverse=True)
    years = sorted(((y, n, y) for y, n in year_counts.items() if y), reverse=True)
    years += [("unknown", n, t("year.unknown")) for y, n in year_counts.items() if not y]
    paths = {category_key(c): c.path for c in catalog.categories}
    return AllPapers(rows, years, categories, venues, tags, [href(paths[key]) for key, _, _ in categories])


@dataclass
class PageSource:
    """A generated page: its Markdown (no front matter) and its metadata, given to MkDocs as
    data (``page.meta``), so no value is ever serialised into YAML."""

    markdown: str
    meta: dict


def excerpt(source_text: str, line: int, context: int = 1) -> str:
    """The lines around ``line`` of a file, numbered, with a marker on ``line`` itself."""
    lines = source_text.split("\n")
    first, last = max(1, line - context), min(len(lines), line + context)
    width = len(str(last))
    return "\n".join(f"{'>' if n == line else ' '} {n:>{width}} | {lines[n - 1]}" for n in range(first, last + 1))


def problem_box_html(problems: list[Problem], source_text: str, title: str) -> str:
    """An admonition (Material's classes; no extension needed) listing ``problems`` with
    ``path:line``, the message and the offending lines. Every value is escaped."""
    level = "failure" if any(p.level == ERROR for p in problems) else "warning"
    items = []
    for problem in problems:
        lines = excerpt(source_text, problem.line) if source_text and "\n" not in problem.message else ""  # else it has its own
        code = f"<pre><code>{html.escape(lines)}</code></pre>" if lines else ""
        items.append(f"<li><code>{html.escape(problem.format())}</code>{code}</li>")
    return f'<div class="admonition {level} mdd-problems"><p class="admonition-title">{html.escape(title)}</p><ul>{"".join(items)}</ul></div>'


def problem_boxes(category: Category, problems: list[Problem], source_text: str, title: str) -> dict:
    """Problem boxes by place: ``boxes[i]`` goes before the category's entry ``i``, ``boxes["end"]``
    after the last one (a problem goes before the first entry that starts after its line)."""
    if not problems:
        return {}
    places: dict = {}
    for problem in sorted(problems, key=lambda p: p.line):
        place = next((e.index for e in category.entries if e.line > problem.line), "end")
        places.setdefault(place, []).append(problem)
    return {place: problem_box_html(group, source_text, title) for place, group in places.items()}


def _meta(text: str) -> str:
    """A metadata value that themes print as HTML (title, description): escaped once here."""
    return html.escape(str(text), quote=True)


#: Extra metadata of the pages made from the whole catalog (their title and description are
#: messages: ``<name>.title``, ``<name>.description``).
PAGE_META: dict[str, dict] = {"updates": {}, "stats": {}, "all": {"hide": ["toc"], "search": {"exclude": True}}}


def split_recent(groups: list[tuple[str, list[Paper]]], since: date) -> tuple[list, list]:
    """The groups added on or after ``since``, and the rest (both newest first)."""
    recent = [(d, ps) for d, ps in groups if date.fromisoformat(d) >= since]
    return recent, groups[len(recent):]
