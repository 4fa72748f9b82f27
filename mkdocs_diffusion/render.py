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

import hashlib
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
from .charts import bar_chart_svg, papers_per_category, papers_per_venue, papers_per_year
from .i18n import Messages
from .model import DEFAULT_PAGES, ERROR, KNOWN_LINK_LABELS, LINK_LABELS, Category, Entry, Paper, Problem
from .sanitize import plain_text, render_markdown
from .tags import Tag, collect_tags, tag_key
from .venues import venue_label

# Characters that mean something to Markdown, attr_list, tables or math: written as entities.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]#!|~$:^="}
_MD_SPECIAL.update({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MD_TABLE = str.maketrans(_MD_SPECIAL)


#: Markdown extensions that cannot act on a page whose Markdown is only headings of text written
#: by :func:`md_inline` (with ``{ #id }`` attributes) and raw HTML placeholder lines: their syntax
#: is block-level (fences, tables, admonitions, definition lists, tabs, details, indented code)
#: or starts with a character ``md_inline`` writes as an entity (math, emoji, inline code,
#: emphasis, footnotes, marks). Such a page (:attr:`PageSource.escaped`) is converted without them:
#: the same HTML, a third faster. Extensions not named here are always kept.
INERT_EXTENSIONS = frozenset({
    "admonition", "codehilite", "def_list", "fenced_code", "footnotes", "tables",
    "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.emoji",
    "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.mark", "pymdownx.superfences", "pymdownx.tabbed",
    "pymdownx.tasklist", "pymdownx.tilde", "mkdocs_diffusion.math",
})


def md_inline(text: str) -> str:
    """Plain text that renders as itself inside Markdown (and inside HTML)."""
    return str(text).translate(_MD_TABLE)


def html_url(url: str) -> str:
    """A link destination for an HTML attribute: percent-encoded as :func:`md_url`, then escaped."""
    return html.escape(quote(url, safe=":/?#[]@!$&'()*+,;=%~"), quote=True)


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
    tag_dir: str | None = "tag"  # folder of the tag pages and their index; None: no tag pages

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

    def tag(self, tag: Tag) -> str | None:
        """The source path of a tag's page (``tag/<slug>.md``), None without tag pages."""
        return f"{self.tag_dir}/{tag.slug}.md" if self.tag_dir else None

    @property
    def tags_index(self) -> str | None:
        """The source path of the page listing every tag (``tag/index.md``)."""
        return f"{self.tag_dir}/index.md" if self.tag_dir else None

    def page_url(self, src: str) -> str:
        """The site URL (relative to the root, not percent-encoded) of the page built from
        ``src``, as MkDocs makes it: ``a/b.md`` -> ``a/b/`` (or ``a/b.html``), ``a/index.md`` -> ``a/``."""
        stem, _ = posixpath.splitext(src)
        folder, name = posixpath.split(stem)
        if name in ("index", "README"):
            return folder + "/" if folder else ""
        return stem + "/" if self.use_directory_urls else stem + ".html"

    def updates_year(self, year: str) -> str | None:
        """The source path of the updates page of the papers added in ``year``, next to the
        updates page (``updates.md`` -> ``updates/2024.md``)."""
        if not self.updates:
            return None
        stem, _ = posixpath.splitext(self.updates)
        folder, name = posixpath.split(stem)
        base = folder if name in ("index", "README") else stem
        return posixpath.join(base, f"{year}.md")


def relative(target: str, source: str, anchor: str | None = None) -> str:
    """A Markdown link destination from the page at ``source`` to the file ``target`` (both
    docs-relative), percent-encoded: a file name is data, never Markdown or HTML."""
    rel = posixpath.relpath(target, posixpath.dirname(source) or ".")
    return quote(rel, safe="/") + ("#" + quote(anchor, safe="") if anchor else "")


def summary_text(text: str) -> str:
    """The plain text of a summary as rendered (math as its MathML text, no markup)."""
    return plain_text(render_markdown(text))


class Blocks:
    """HTML that goes into pages after MkDocs' Markdown pass, as opaque blocks.

    Two kinds, each marked in the Markdown by an empty ``<div>`` unique to this build (a random
    nonce) that MkDocs' Markdown pass copies as it is, and that ``fill`` replaces:

    - ``placeholder``: contributor Markdown (summaries, introductions), rendered on its own and
      sanitized; a text is converted once however many pages show it. Relative links to ``.md``
      files in a text are resolved by the ``resolve`` callback given to ``fill``.
    - ``html``: a fragment the plugin's HTML templates made (meta lines, buttons, link lists),
      every value in it already escaped; it may hold placeholders of the first kind.
    """

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self._texts: list[tuple[str, str]] = []  # (text, docs-relative path it comes from)
        self._index: dict[tuple[str, str], int] = {}
        self._fragments: list[str] = []
        self._pattern = re.compile(rf'<div class="(mdd-[a-z]+)" data-mdd-block="{self.nonce}-(\d+)"></div>')
        self._fragment_pattern = re.compile(rf'<div data-mdd-html="{self.nonce}-(\d+)"></div>')

    def placeholder(self, text: str, source: str, css_class: str = "mdd-summary") -> str:
        key = (text, source)
        number = self._index.get(key)
        if number is None:
            number = self._index[key] = len(self._texts)
            self._texts.append(key)
        return f'<div class="{css_class}" data-mdd-block="{self.nonce}-{number}"></div>'

    def html(self, fragment: str) -> str:
        """A placeholder for ``fragment`` (trusted HTML: every value in it escaped)."""
        self._fragments.append(fragment.strip())
        return f'<div data-mdd-html="{self.nonce}-{len(self._fragments) - 1}"></div>'

    def fingerprint(self, page: PageSource) -> str:
        """A hash of what ``page`` will show: its Markdown with its fragments and texts in place
        of their placeholders (which change with every build's nonce), and its metadata."""
        def text(match: re.Match) -> str:
            body, source = self._texts[int(match.group(2))]
            return f"\0{match.group(1)}\0{source}\0{body}\0"

        expanded = self._fragment_pattern.sub(lambda m: self._fragments[int(m.group(1))], page.markdown)
        expanded = self._pattern.sub(text, expanded).replace(self.nonce, "")
        digest = hashlib.blake2b(expanded.encode("utf-8", "surrogatepass"), digest_size=16)
        digest.update(json.dumps(page.meta, sort_keys=True, default=str).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def fill(self, page_html: str, resolve: Callable[[str, str], str | None] | None = None) -> str:
        """``page_html`` with every placeholder replaced; ``resolve(source, href)`` gives the
        URL of a relative ``.md`` link in the text that came from ``source`` (or ``None``)."""
        if self.nonce not in page_html:
            return page_html
        page_html = self._fragment_pattern.sub(lambda m: self._fragments[int(m.group(1))], page_html)

        def replace(match: re.Match) -> str:
            text, source = self._texts[int(match.group(2))]
            body = render_markdown(text)  # cached: once per text
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


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the process: each build makes a new renderer, and
    under ``mkdocs serve`` compiling the templates again was a good part of a rebuild. Jinja
    checks each entry against the template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _MemoryBytecodeCache()


class Renderer:
    """Renders page sources; ``template_dirs`` are searched before the built-in templates."""

    def __init__(self, catalog: Catalog, urls: PageUrls | None = None, template_dirs: list[Path] | None = None, site: dict | None = None,
                 messages: Messages | None = None):
        self.catalog = catalog
        self.t = messages or Messages()
        self.urls = urls or PageUrls()
        self.site = site or {}
        # the site's own paper template may hold any Markdown: its pages get every extension
        self._builtin_paper_template = not any((Path(d) / "paper.md.j2").is_file() for d in template_dirs or [])
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs or []])]
        loaders.append(jinja2.PackageLoader("mkdocs_diffusion", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,  # the output is Markdown: every value is escaped by an explicit filter
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # a renderer lives for one build
            bytecode_cache=_TEMPLATE_CODE,  # compiled once per process (serve rebuilds), keyed by the template's text
        )
        self.env.filters.update(
            md=md_inline,
            url=md_url,
            html=lambda s: html.escape(str(s)),
            html_url=html_url,
            text=summary_text,
            first_sentence=first_sentence,
            link_label=link_label,
            sorted_links=sorted_links,
            bibtex=self.bibtex,
        )
        self.blocks = Blocks()
        self._tags: dict[str, Tag] | None = None
        self._urls: dict[str, str] = {}
        self.side_files: dict[str, bytes] = {}  # data files of the generated pages (docs-relative path -> bytes)
        self._bibtex: dict[int, str] = {}  # id(paper) -> its BibTeX entry (the paper page and the all-papers rows)
        self.source_links = False  # True: links in HTML fragments are written as source paths (Zensical resolves them)
        #: the host's edit link of a category file (docs-relative path), or None (no ``edit_uri``)
        self.edit_url: Callable[[str], str | None] = lambda path: None
        self.env.globals.update(rel=relative, urls=self.urls, catalog=catalog, site=self.site, block=self.blocks.placeholder, t=self.t,
                                fragment=self.blocks.html, href=self.href, edit_url=lambda path: self.edit_url(path),
                                tag_line=self.tag_line)

    def href(self, target: str, source: str, anchor: str | None = None) -> str:
        """The link from the page built from ``source`` to the page built from ``target`` (both
        docs-relative source paths) as it appears in the final HTML: a relative URL,
        percent-encoded and escaped for an attribute. For HTML fragments, which MkDocs does not
        rewrite (Markdown links use :func:`relative`)."""
        if self.source_links:
            return html.escape(relative(target, source, anchor), quote=True)
        url = _relative_url(self._url(target), self._url(source))
        return html.escape(quote(url, safe="/") + ("#" + quote(anchor, safe="") if anchor else ""), quote=True)

    def _url(self, src: str) -> str:
        url = self._urls.get(src)
        if url is None:
            url = self._urls[src] = self.urls.page_url(src)
        return url

    def bibtex(self, paper: Paper) -> str:
        """The paper's BibTeX entry (:func:`~mkdocs_diffusion.bibtex.bibtex_entry`), made once per build."""
        entry = self._bibtex.get(id(paper))
        if entry is None:
            entry = self._bibtex[id(paper)] = bibtex_entry(paper)
        return entry

    def _tag_index(self) -> dict[str, Tag]:
        """Every tag of the catalog by its key (:func:`mkdocs_diffusion.tags.collect_tags`), once per build."""
        if self._tags is None:
            self._tags = {tag.key: tag for tag in collect_tags(self.catalog.entries)}
        return self._tags

    @property
    def tags(self) -> list[Tag]:
        """Every tag of the catalog."""
        return list(self._tag_index().values())

    def tag_of(self, spelling: str) -> Tag | None:
        """The tag a spelling belongs to (case and spacing aside)."""
        return self._tag_index().get(tag_key(spelling))

    def paper_tags(self, paper: Paper) -> list[Tag]:
        """The tags of every listing of ``paper``, each once (for lists such as the all-papers
        rows: ``tag.name`` to show, ``tag.key`` to filter by, ``urls.tag(tag)`` to link)."""
        found = (self.tag_of(spelling) for entry in paper.entries for spelling in entry.tags)
        return list({id(tag): tag for tag in found if tag is not None}.values())

    def tag_line(self, entry: Entry, src: str) -> str:
        """The tags of a listing as an HTML paragraph (``""`` when it has none), for a fragment of
        the page at ``src``: links to their tag pages (a paper's own page shows the tags of every
        listing), or inert text without tag pages. Names escaped, links from :meth:`href`."""
        tags = entry.tags
        if entry.paper is not None and src == self.urls.paper(entry.paper):
            tags = [tag for e in entry.paper.entries for tag in e.tags]
        items = []
        for spelling in dict.fromkeys(tags):
            tag = self.tag_of(spelling)
            target = self.urls.tag(tag) if tag is not None else None
            text = "#" + html.escape(str(spelling))
            items.append(f'<a class="mdd-tag" href="{self.href(target, src)}">{text}</a>' if target else f'<span class="mdd-tag">{text}</span>')
        return f'<p class="mdd-tags">{" ".join(items)}</p>' if items else ""

    def tag_page(self, tag: Tag) -> PageSource:
        """A tag's page: every paper (and resource) that carries it."""
        src = self.urls.tag(tag) or ""
        rows = [self._tag_row(item, src) for item in tag.items]
        meta = {"title": _meta(self.t("tag.title", tag=tag.name)), "description": _meta(self.t("tag.description", tag=tag.name, n=len(rows))),
                "search": {"exclude": True}}
        return PageSource(self._render("tag.md.j2", tag=tag, rows=rows, src=src), meta)

    def tags_index_page(self) -> PageSource:
        """The page listing every tag with its number of papers."""
        src = self.urls.tags_index or ""
        rows = [(tag, relative(self.urls.tag(tag) or "", src), len(tag.items)) for tag in self.tags]
        rows.sort(key=lambda row: (row[0].name.casefold(), row[0].key))
        meta = {**self._page_meta("tags"), "search": {"exclude": True}}
        return PageSource(self._render("tags.md.j2", rows=rows, src=src), meta)

    def _tag_row(self, item: Paper | Entry, src: str) -> TagRow:
        if isinstance(item, Paper):
            page = self.urls.paper(item)
            first = item.first
            href = relative(page, src) if page else relative(first.path, src, first.anchor)
            return TagRow(item.title, href, venue_label(item, self.t), item.year or "",
                          [(c.title, relative(c.path, src)) for c in item.categories])
        category = item.category
        year = (item.date or "")[:4]
        cats = [(category.title, relative(category.path, src))] if category is not None else []
        return TagRow(item.title, relative(item.path, src, item.anchor), item.venue_info.label, year, cats)

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
        meta: dict = {"title": _meta(paper.title)}
        summary = next((e.summary for e in paper.entries if e.summary.strip()), "")
        if summary:  # a paper without a summary (require_summary: false) keeps the site's description
            meta["description"] = _meta(first_sentence(summary_text(summary)))
        if paper.added:
            meta["added"] = paper.added
        if not self.urls.paper_pages_in_search:
            meta["search"] = {"exclude": True}
        markdown = self._render("paper.md.j2", paper=paper, src=src, summaries=distinct_summaries(paper))
        return PageSource(markdown, meta, escaped=self._builtin_paper_template)

    def updates_page(self, recent_days: int, today: date | None = None) -> PageSource:
        """The updates page alone, every earlier addition on it (see :meth:`updates_pages`)."""
        return self.updates_pages(recent_days, today, split_above=None)[0][1]

    def updates_pages(self, recent_days: int, today: date | None = None, split_above: int | None = None) -> list[tuple[str, PageSource]]:
        """The updates page, [(src, page)]: additions within ``recent_days`` before ``today``
        (the build date) first, then the earlier ones, newest first. When more than
        ``split_above`` papers were added earlier, they are on one page per year of addition
        (``updates/2024.md``, after the updates page in the list), which the updates page links to."""
        src = self.urls.updates or DEFAULT_PAGES["updates"]
        groups = group_by_added(self.catalog.added_papers())
        today = today or date.today()
        since = today - timedelta(days=recent_days)
        recent, older = split_recent(groups, since)
        by_year: list[tuple[str, list]] = []
        if split_above is not None and sum(len(ps) for _, ps in older) > split_above:
            for day, papers in older:  # newest first, so each year's groups are together
                if not by_year or by_year[-1][0] != day[:4]:
                    by_year.append((day[:4], []))
                by_year[-1][1].append((day, papers))
        years = [(year, sum(len(ps) for _, ps in days), self.urls.updates_year(year) or "") for year, days in by_year]
        markdown = self._render("updates.md.j2", recent=recent, older=[] if years else older, years=years, recent_days=recent_days,
                                since=since.isoformat(), today=today.isoformat(), src=src)
        pages = [(src, PageSource(markdown, self._page_meta("updates")))]
        for (year, days), (_, _, year_src) in zip(by_year, years):
            # out of the search, like paper pages: each paper is a hit on its topic page already
            meta = {"title": _meta(self.t("updates.year_title", year=year)), "description": _meta(self.t("updates.description")),
                    "search": {"exclude": True}}
            markdown = self._render("updates_year.md.j2", year=year, groups=days, years=years, updates=src, src=year_src)
            pages.append((year_src, PageSource(markdown, meta)))
        return pages

    def stats_page(self) -> PageSource:
        src = self.urls.stats or DEFAULT_PAGES["stats"]
        markdown = self._render("stats.md.j2", stats=statistics(self.catalog, self.t), src=src, has_tags=bool(self.tags))
        return PageSource(markdown, self._page_meta("stats"))

    def all_papers_page(self, url_of: Callable[[str], str]) -> PageSource:
        """The all-papers page; ``url_of(src_uri)`` is the host's URL of a page."""
        src = self.urls.all_papers or DEFAULT_PAGES["all_papers"]
        table = all_papers_rows(self.catalog, self.urls, url_of, src, self.t, self.tags, self.bibtex)
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


@dataclass
class TagRow:
    """One line of a tag's page, every value plain text (the template escapes it); ``href`` and
    the categories' links are relative, percent-encoded Markdown link destinations."""

    title: str
    href: str
    venue: str
    year: str
    categories: list[tuple[str, str]]


def distinct_summaries(paper: Paper) -> list[tuple[str, list[Entry]]]:
    """The paper's summaries, each once (whitespace aside), with the listings that give it
    (listings without a summary give none)."""
    found: dict[str, tuple[str, list[Entry]]] = {}
    for entry in paper.entries:
        if not entry.summary.strip():
            continue
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
    per_venue: list[tuple[str, int]]  # (normalised venue, papers), most first; then "other", then "no venue"
    per_venue_svg: str
    venues_shown: int  # venues with a bar of their own


#: How many venues the statistics page shows with a bar of their own (the rest: "other").
TOP_VENUES = 12


def statistics(catalog: Catalog, t: Messages) -> Statistics:
    unknown = t("year.unknown")
    per_year = papers_per_year(catalog.papers, unknown)
    per_category = papers_per_category(catalog)
    paper_categories = catalog.by_section("papers")
    other, no_venue = t("venue.other"), t("venue.none")
    per_venue = papers_per_venue(catalog.papers, other, no_venue, TOP_VENUES)
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
        per_venue=per_venue,
        per_venue_svg=bar_chart_svg(per_venue, title=t("stats.per_venue"), unit=t("chart.unit"), horizontal=True,
                                    muted=[other, no_venue], no_data=t("chart.no_data")),
        venues_shown=sum(label not in (other, no_venue) for label, _ in per_venue),
    )


def relative_url(url: str, from_url: str) -> str:
    """The relative URL from the page at site URL ``from_url`` to the site URL ``url``."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + url, "/" + base) if url else posixpath.relpath("/", "/" + base)
    return rel + "/" if url.endswith("/") and rel != "." else ("./" if rel == "." else rel)


def _relative_url(url: str, from_url: str) -> str:
    """:func:`relative_url` by splitting paths (no ``relpath``): the same link, ``./`` for the
    page itself, ``../`` steps up to the common folder."""
    base = from_url.split("/")[:-1]  # the folders of the page's URL
    parts = url.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    return "../" * (len(base) - common) + "/".join(parts[common:]) or "./"


#: Characters of a summary shown in an all-papers row (the full text is in the side index).
SUMMARY_SNIPPET = 60
#: Separates the fields of a row in the all-papers page's row text.
ROW_FIELD = "\x1f"
#: Names of an author list shown in an all-papers row before "et al.".
ROW_AUTHORS = 3


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


def all_papers_rows(catalog: Catalog, urls: PageUrls, url_of: Callable[[str], str], src: str, t: Messages,
                    tags: list[Tag] | None = None, bibtex: Callable[[Paper], str] = bibtex_entry) -> AllPapers:
    """The rows of the all-papers page, newest date first, then title; undated papers last.
    ``url_of(src_uri)`` is the host's URL of a page (MkDocs' ``File.url``)."""
    here = url_of(src)

    def href(target: str, anchor: str | None = None) -> str:
        return relative_url(url_of(target), here) + ("#" + quote(anchor, safe="") if anchor else "")

    year_counts: dict[str, int] = {}
    category_counts: dict[str, int] = {}
    venue_names: dict[str, dict[str, int]] = {}  # key -> label -> papers
    tag_names: dict[str, dict[str, int]] = {}
    # one tag per case/spacing variant (the renderer's tags, else gathered here)
    tag_of = {spelling: tag for tag in (collect_tags(catalog.entries) if tags is None else tags) for spelling in tag.spellings}

    def paper_tags(paper: Paper) -> list[Tag]:
        return list({id(tag): tag for tag in (tag_of[s] for entry in paper.entries for s in entry.tags if s in tag_of)}.values())

    for paper in catalog.papers:
        year_counts[paper.year or ""] = year_counts.get(paper.year or "", 0) + 1
        for category in paper.categories:
            category_counts[category.path] = category_counts.get(category.path, 0) + 1
        group = paper.venue_info.group
        if group:
            names = venue_names.setdefault(filter_key(group), {})
            names[group] = names.get(group, 0) + 1
        for tag in paper_tags(paper):
            names = tag_names.setdefault(filter_key(tag.name), {tag.name: 0})
            names[tag.name] += 1

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
        group = paper.venue_info.group
        rows.append(PaperRow(
            paper=paper,
            href=href(page) if page else href(first.path, first.anchor),
            year=paper.year or "",
            sort_date=dates[0] if dates else "",
            categories=[(category_number[category_key(c)], c.title, href(c.path)) for c in paper.categories],
            authors=authors,
            venue=first.venue or "",  # as written; the filter groups by the normalised venue
            venue_option=venue_number.get(filter_key(group)) if group else None,
            tags=[(tag_number[filter_key(tag.name)], tag.name) for tag in paper_tags(paper)],
            snippet=snippet,
            cut=snippet != summary,
            summary=summary,
            bibtex=bibtex(paper),
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
    #: the Markdown is the built-in paper template's: headings of escaped text and HTML
    #: placeholders only, on which the :data:`INERT_EXTENSIONS` cannot act
    escaped: bool = False


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
PAGE_META: dict[str, dict] = {"updates": {}, "stats": {}, "all": {"hide": ["toc"], "search": {"exclude": True}}, "tags": {}}


def split_recent(groups: list[tuple[str, list[Paper]]], since: date) -> tuple[list, list]:
    """The groups added on or after ``since``, and the rest (both newest first)."""
    recent = [(d, ps) for d, ps in groups if date.fromisoformat(d) >= since]
    return recent, groups[len(recent):]
