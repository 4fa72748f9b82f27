"""Untrusted content: payloads in every field of a category file must stay inert.

Contributors' category files are untrusted input. Each payload of ``untrusted_payloads.CASES``
goes into one entry (or one category, or one category file name) of a built site, one entry per
payload, and the tests check what reached the pages:

- HTML level (stdlib ``html.parser``): inside the content area (``<article>``), no element that
  can run script or restyle the page (``<script>``, ``<iframe>``, ``<svg>`` outside the plugin's
  charts, ``<style>``, forms...), no ``on*`` attribute, no ``style`` attribute in untrusted
  text, no ``javascript:``/``data:``/``vbscript:`` URL, no MathML ``href``/``style``/``class``
  and no HTML element inside ``<math>``; outside it (the theme's chrome), no ``on*``, no such
  URL, no script but the theme's own; every accepted entry keeps its own heading (an unclosed
  fence or comment cannot swallow the next entry); a reference definition in one summary does
  not re-target another entry's links; no two elements of a page share an ``id``; the feeds,
  ``papers.json`` and the search index parse and carry no markup that would run; the problem
  boxes shown under ``mkdocs serve`` are inert too.
- Isolation: payloads that could stop the whole build are built in small sites of their own
  (``untrusted_payloads.ISOLATED``); the build must finish and keep the other entries.
- Browser level (headless Chromium, ``browser`` marker): every page is loaded with ``alert``/
  ``confirm``/``prompt``/``print`` and a ``__xss`` marker hooked before any page script; every
  element of the content is hovered, clicked and focused; nothing may run, the title may not
  change, nothing from the content may cover the page or paint outside the content column. The
  sanitizer's outputs are also parsed again by Chromium (mutation XSS).
- Property level (hypothesis): random Markdown/HTML/TeX fragments through
  ``mkdocs_diffusion.sanitize.render_markdown`` give only allowlisted, inert HTML, each in < 1 s.

Sites are built once per module (the payload site, the file-name site); the browser visits the
payload site once (``browser_run``) for its two tests. The sanitizer module
(``mkdocs_diffusion.sanitize``: ``render_markdown``, ``clean_html``) is imported inside the tests
that need it, so the file collects before it exists.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import re
import threading
import time
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from untrusted_payloads import CASES, CATEGORY_FIELDS, ENTRY_FIELDS, EVIL_HOST, ISOLATED, MXSS

from conftest import CHROMIUM_ARGS, Site, category, chromium

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
ADDED = "2024-03-01"
GOOD_HOST = "good.example"
SUMMARY_CHUNK = 22  # summary payloads per category page

# The site's Markdown extensions: the repository's own set (math included), which is what the
# page-level Markdown around the summaries is rendered with.
MARKDOWN_EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    {"toc": {"permalink": True}},
    "pymdownx.highlight",
    "pymdownx.superfences",
    {"pymdownx.arithmatex": {"generic": True}},
    "mkdocs_diffusion.math",
]
RSS = {
    "rss": {
        "match_path": "paper/.*",
        "use_git": False,
        "length": 1000,
        "date_from_meta": {"as_creation": "added", "as_update": "added", "datetime_format": "%Y-%m-%d"},
    }
}


# -- a small DOM from html.parser -----------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen", "frame"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: list = field(default_factory=list)
    parent: Node | None = None
    children: list = field(default_factory=list)  # Nodes and text strings

    def get(self, name: str, default=None):
        for key, value in self.attrs:
            if key == name:
                return value if value is not None else ""
        return default

    @property
    def classes(self) -> set:
        return set((self.get("class") or "").split())

    def elements(self):
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.elements()

    def walk(self, ancestors=()):
        """(element, its ancestors from this node down) in document order."""
        for child in self.children:
            if isinstance(child, Node):
                yield child, ancestors
                yield from child.walk(ancestors + (child,))

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, predicate):
        return next((e for e in self.elements() if predicate(e)), None)

    def find_all(self, predicate):
        return [e for e in self.elements() if predicate(e)]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def __str__(self) -> str:
        attrs = "".join(f" {k}" if v is None else f' {k}="{v}"' for k, v in self.attrs)
        text = " ".join(self.text().split())
        out = f"<{self.tag}{attrs}>" + (text[:60] if text else "")
        return out[:240]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == "plaintext":  # nothing closes <plaintext>
                return
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


# -- what is not allowed ----------------------------------------------------------------------------

# Elements that run script, load documents, restyle the page, take input or swallow what follows.
FORBIDDEN = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "form", "input",
    "button", "select", "option", "textarea", "svg", "base", "meta", "link", "template", "plaintext",
    "xmp", "noembed", "noframes", "noscript", "portal", "param", "listing", "keygen", "isindex",
    "annotation-xml", "mglyph", "malignmark", "body", "html", "head", "title", "dialog",
}
FORM_TAGS = {"form", "input", "select", "option", "button", "label", "output"}
URL_ATTRS = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
    "longdesc", "lowsrc", "dynsrc", "codebase", "manifest", "icon", "ping", "srcset", "usemap",
    "profile", "archive", "classid", "to", "from", "values", "by",
}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
MATHML = {
    "math", "semantics", "annotation", "annotation-xml", "mrow", "mi", "mn", "mo", "ms", "mtext",
    "mspace", "msub", "msup", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mlabeledtr", "mstyle", "mpadded", "mphantom", "menclose", "merror",
    "mglyph", "malignmark", "maligngroup", "maction", "mmultiscripts", "mprescripts", "none",
    "mfenced", "mstack", "mlongdiv", "msgroup", "msrow", "mscarries", "mscarry", "msline",
}
MATHML_BAD_ATTRS = {"href", "style", "class", "xlink:href", "src"}
# Where an entry heading must never end up.
SWALLOWING = FORBIDDEN | {"pre", "code", "math", "a", "p", "li", "table", "details", "summary", "blockquote", "span"}
# Material's own inline scripts, outside the content.
THEME_INLINE_SCRIPTS = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.getElementById(location.hash")
THEME_INLINE_STYLE = ":root{--md-text-font:"
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")


def dangerous_url(value: str | None) -> bool:
    """Whether a URL attribute value has a script-capable scheme, as a browser reads it.

    ``value`` is already HTML-unescaped (html.parser decodes attribute values). As the URL
    parser does: leading and trailing C0 controls and spaces are stripped, tabs and newlines are
    removed anywhere; the scheme is compared case-insensitively."""
    if not value:
        return False
    text = _TAB_NEWLINE.sub("", _EDGES.sub("", value)).lower()
    return text.startswith(DANGEROUS_SCHEMES)


def _url_values(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [part.strip().split(" ")[0] for part in value.split(",")]
    if name == "values":
        return value.split(";")
    return [value]


def attribute_problems(node: Node, *, allow_style=False) -> list[str]:
    problems = []
    for name, value in node.attrs:
        value = value or ""
        if name.startswith("on"):
            problems.append(f"event handler attribute {name}")
        elif name == "srcdoc":
            problems.append("srcdoc attribute")
        elif name == "style" and not allow_style:
            problems.append(f"style attribute {value[:80]!r}")
        elif name in URL_ATTRS and any(dangerous_url(v) for v in _url_values(name, value)):
            problems.append(f"{name} with a script-capable URL {value[:80]!r}")
        elif name == "http-equiv" and value.lower() == "refresh":
            problems.append("meta refresh")
    return problems


def math_problems(node: Node, ancestors, html_in_math: bool = False) -> list[str]:
    """MathML with a link, style or class; and HTML elements inside math, which only raw HTML
    could have put there (the math converter writes MathML), unless ``html_in_math``."""
    if node.tag != "math" and not any(a.tag == "math" for a in ancestors):
        return []
    problems = []
    if node.tag not in MATHML and not html_in_math:
        problems.append(f"non-MathML element <{node.tag}> inside <math>")
    for name, _ in node.attrs:
        if name in MATHML_BAD_ATTRS:
            problems.append(f"MathML element with {name}")
    return problems


def fragment_problems(root: Node, allowed: set | None = None, html_in_math: bool = False) -> list[str]:
    """Problems of an HTML fragment of untrusted origin (a rendered summary, a feed item)."""
    out = []
    for node, ancestors in root.walk():
        problems = attribute_problems(node) + math_problems(node, ancestors, html_in_math)
        if node.tag in FORBIDDEN:
            problems.append(f"forbidden element <{node.tag}>")
        elif allowed is not None and node.tag not in allowed and node.tag not in MATHML:
            problems.append(f"element <{node.tag}> is not in the allowlist")
        out += [f"{p}: {node}" for p in problems]
    return out


# -- the pages of a built site ----------------------------------------------------------------------


@dataclass
class Page:
    path: str  # relative to the site dir, e.g. 'papers/x/index.html'
    kind: str  # topic, paper, updates, all-papers, stats, home, other
    doc: Node
    article: Node | None

    def regions(self):
        """(element, ancestors, region) for every element of the article.

        Regions: 'chrome' (the theme's buttons before the title), then on topic pages 'intro'
        (the title, description and introduction) and 'entry:<anchor>' from each entry heading;
        on paper pages 'paper'; elsewhere 'page'."""
        region = "chrome"
        if self.article is None:
            return
        for node, ancestors in self.article.walk():
            if node.tag == "h1" and region == "chrome":
                region = {"topic": "intro", "paper": "paper"}.get(self.kind, "page")
            elif self.kind == "topic" and node.tag == "h2" and "mdd-entry" in node.classes and region != "chrome":
                region = "entry:" + (node.get("id") or "?")
            yield node, ancestors, region

    def by_id(self, anchor: str) -> list[Node]:
        return self.doc.find_all(lambda e: e.get("id") == anchor)


def page_kind(path: str) -> str:
    if path.startswith("papers/"):
        return "topic"
    if path.startswith("paper/"):
        return "paper"
    return {"updates/index.html": "updates", "all-papers/index.html": "all-papers", "stats/index.html": "stats", "index.html": "home"}.get(path, "other")


def load_page(site_dir: Path, path: str) -> Page:
    doc = parse((site_dir / path).read_text(encoding="utf-8"))
    article = doc.find(lambda e: e.tag == "article" and "md-content__inner" in e.classes)
    return Page(path, page_kind(path), doc, article)


UNTRUSTED_REGIONS = ("intro", "entry:", "paper")


def content_problems(page: Page, only_region: str | None = None) -> list[str]:
    """Problems inside the content area (``<article>``) of a page, each with its region."""
    out = []
    for node, ancestors, region in page.regions():
        if only_region is not None and region != only_region:
            continue
        untrusted = region.startswith(UNTRUSTED_REGIONS)
        in_chart = page.kind == "stats" and any(a.tag == "figure" and "mdd-chart" in a.classes for a in ancestors)
        in_filter = page.kind == "all-papers" and any(a.tag == "form" and a.get("id") == "mdd-filter" for a in ancestors + (node,))
        in_edit_button = region == "chrome" and any(
            a.tag == "a" and "md-content__button" in a.classes and a.parent is page.article for a in ancestors
        )
        allow_style = not untrusted and (
            in_chart or (node.tag in ("td", "th") and re.fullmatch(r"text-align:\s*(left|right|center);?", node.get("style") or "") is not None)
        )
        problems = attribute_problems(node, allow_style=allow_style) + math_problems(node, ancestors)
        if node.tag in FORBIDDEN:
            # the plugin's own SVG charts (and their <title>s), the theme's edit button icon and
            # the plugin's filter form on the all-papers page
            allowed = (node.tag in ("svg", "title") and in_chart) or (node.tag == "svg" and in_edit_button) or (node.tag in FORM_TAGS and in_filter)
            if not allowed:
                problems.append(f"forbidden element <{node.tag}>")
        out += [f"{page.path} [{region}] {p}: {node}" for p in problems]
    return out


def chrome_problems(page: Page) -> list[str]:
    """Problems outside the content area: the theme's chrome, where titles and paths also go."""
    out = []
    inside = set(page.article.elements()) | {page.article} if page.article is not None else set()
    for node in page.doc.elements():
        if node in inside:
            continue
        problems = [p for p in attribute_problems(node, allow_style=True)]
        if node.tag == "script":
            src, text = node.get("src"), node.text().strip()
            theme = (src is not None and not urlsplit(src).scheme and src.endswith(".js")) or (
                node.get("type") == "application/json" and node.get("id") == "__config"
            ) or text.startswith(THEME_INLINE_SCRIPTS)
            if not theme:
                problems.append("script that is not the theme's")
        elif node.tag == "style" and not node.text().strip().startswith(THEME_INLINE_STYLE):
            problems.append("style element that is not the theme's")
        elif node.tag in ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "plaintext", "xmp"):
            problems.append(f"forbidden element <{node.tag}>")
        out += [f"{page.path} [theme] {p}: {node}" for p in problems]
    return out


def duplicate_ids(page: Page) -> list[str]:
    seen: dict[str, Node] = {}
    out = []
    for node in page.doc.elements():
        anchor = node.get("id")
        if anchor is None:
            continue
        if anchor in seen:
            out.append(f"{page.path}: id {anchor!r} on {seen[anchor]} and on {node}")
        else:
            seen[anchor] = node
    return out


def heading_problems(page: Page, anchor: str, title: str) -> list[str]:
    """The entry's heading is on the page once, as an entry heading, not inside anything that
    would hide or swallow it, with its own title as text."""
    found = [n for n in page.by_id(anchor) if n.tag == "h2" and "mdd-entry" in n.classes]
    if not found:
        others = page.by_id(anchor)
        return [f"{page.path}: no entry heading #{anchor} ({'only ' + str(others[0]) if others else 'swallowed or missing'})"]
    heading = found[0]
    out = []
    if len(found) > 1:
        out.append(f"{page.path}: {len(found)} entry headings #{anchor}")
    container = []
    for a in heading.ancestors():
        if a is page.article:
            break
        container.append(a)
    bad = [a for a in container if a.tag in SWALLOWING or a.classes & {"mdd-summary", "mdd-intro"} or a.get("hidden") is not None or a.get("style")]
    if bad:
        out.append(f"{page.path}: entry heading #{anchor} is inside {bad[0]}")
    text = " ".join(heading.text().replace("\u00b6", "").split())
    if text != " ".join(title.split()):
        out.append(f"{page.path}: entry heading #{anchor} reads {text!r}, not {title!r}")
    return out


# -- the payload site -------------------------------------------------------------------------------


def _entry_for_case(i: int, name: str, field_name: str, value: str) -> dict:
    data = {
        "title": f"Case {i:03d} {name}",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "added": ADDED,
        "summary": f"Marker case-{i:03d}: the summary of {name}.",
    }
    if field_name == "summary":
        data["summary"] = value
    elif field_name == "title":
        data["title"] = value
    elif field_name == "authors":
        data["authors"] = [value, "Ada Lovelace"]
    elif field_name == "venue":
        data["venue"] = value
    elif field_name == "tags":
        data["tags"] = [value, "safe"]
    elif field_name == "id":
        data["id"] = value
    elif field_name == "link_label":
        data["links"] = {value: f"https://example.org/case-{i:03d}"}
    elif field_name == "link_url":
        data["links"] = {"code": value}
    elif field_name == "link_paper":
        data["links"] = {"paper": value}
    elif field_name in ("date", "added"):
        data[field_name] = value
    else:  # pragma: no cover
        raise ValueError(field_name)
    return data


FIRST = {
    "title": "First entry",
    "id": "sentinel:first",
    "authors": ["Victim Author"],
    "added": ADDED,
    "summary": (
        f"Victim first: see [the code][code] and [the paper][paper].\n\n"
        f"[code]: https://{GOOD_HOST}/code\n[paper]: https://{GOOD_HOST}/paper"
    ),
}
LAST = {
    "title": "Last entry",
    "id": "sentinel:last",
    "authors": ["Victim Author"],
    "added": ADDED,
    "summary": "Victim last: [code] and [paper][] and [data] are not links here.\n\n```\nlegit code block\n```\n\n~~~\nlegit tilde block\n~~~",
}


def _sentinel_after(i: int) -> dict:
    return {
        "title": f"Sentinel after case {i:03d}",
        "id": "sentinel:after",
        "authors": ["Victim Author"],
        "added": ADDED,
        "summary": f"Sentinel after case {i:03d}.\n\n```\nlegit fence\n```\n\nAnd $x^2$ math.",
    }


_RISKY = ("```", "~~~", "<!--", "<div", "<details", "<textarea", "<plaintext", "<xmp", "<iframe", "<noscript", "<math", "<svg", "$$", "\\begin", "$")


@dataclass
class CasePlace:
    index: int
    name: str
    field: str
    value: str
    path: str  # the category file


@dataclass
class Built:
    site: Site
    places: dict  # case name -> CasePlace
    catalog: object
    pages: dict  # path -> Page (parsed lazily)

    def page(self, path: str) -> Page:
        if path not in self.pages:
            self.pages[path] = load_page(self.site.site, path)
        return self.pages[path]

    def html_paths(self) -> list[str]:
        return sorted(p.relative_to(self.site.site).as_posix() for p in self.site.site.rglob("*.html"))

    def topic_path(self, category_path: str) -> str:
        return category_path[:-3] + "/index.html"

    def case_entry(self, place: CasePlace):
        """The catalog's entry for a case, or None when the loader left it out."""
        marker = f"Marker case-{place.index:03d}:"
        prefix = f"Case {place.index:03d} "
        for cat in self.catalog.categories:
            if cat.path != place.path:
                continue
            for e in cat.entries:
                if e.title.startswith(prefix) or e.summary.startswith(marker):
                    return e
        return None

    def category_of(self, path: str):
        return next((c for c in self.catalog.categories if c.path == path), None)


def _write_payload_site(root: Path) -> tuple[Site, dict]:
    site = Site(root)
    site.config["markdown_extensions"] = MARKDOWN_EXTENSIONS
    site.config["plugins"].append(RSS)
    site.write("index.md", "# Home\n\n<!-- diffusion:stats -->\n")
    places: dict[str, CasePlace] = {}
    entry_cases = [(i, c) for i, c in enumerate(CASES) if c[1] in ENTRY_FIELDS and c[0] not in ISOLATED]
    summary_cases = [(i, c) for i, c in entry_cases if c[1] == "summary"]
    other_cases = [(i, c) for i, c in entry_cases if c[1] != "summary"]
    groups = [("summaries", summary_cases[k : k + SUMMARY_CHUNK]) for k in range(0, len(summary_cases), SUMMARY_CHUNK)]
    groups += [("fields", other_cases[k : k + SUMMARY_CHUNK]) for k in range(0, len(other_cases), SUMMARY_CHUNK)]
    order = 0
    for number, (kind, cases) in enumerate(groups, start=1):
        order += 1
        path = f"papers/{kind}-{number:02d}.md"
        entries = [dict(FIRST)]
        for i, (name, field_name, value) in cases:
            entries.append(_entry_for_case(i, name, field_name, value))
            places[name] = CasePlace(i, name, field_name, value, path)
            if field_name == "summary" and any(r in value for r in _RISKY):
                entries.append(_sentinel_after(i))
        entries.append(dict(LAST))
        site.write(path, category(f"{kind.title()} {number:02d}", entries, order=order), dedent=False)
    for i, (name, field_name, value) in enumerate(CASES):
        if field_name not in CATEGORY_FIELDS or name in ISOLATED:
            continue
        order += 1
        path = f"papers/category-{i:03d}.md"
        fields = {"order": order}
        title = f"Category {i:03d} {name}"
        if field_name == "category_title":
            title = value
        elif field_name == "category_description":
            fields["description"] = value
        text = category(title, [dict(FIRST), dict(LAST)], **fields)
        if field_name == "intro":
            text += "\n" + value + "\n"
        site.write(path, text, dedent=False)
        places[name] = CasePlace(i, name, field_name, value, path)
    return site, places


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    site, places = _write_payload_site(tmp_path_factory.mktemp("untrusted") / "project")
    site.build()  # not strict: rejected entries are left out, the rest is built
    catalog = site.last_config.plugins["diffusion"].catalog
    return Built(site, places, catalog, {})




def _filename_cases():
    return [(i, c) for i, c in enumerate(CASES) if c[1] == "filename"]


@pytest.fixture(scope="module")
def filename_site(tmp_path_factory):
    """One site whose category files have hostile names; they all list one shared paper (so
    every page links to every file) and each its own entry."""
    site = Site(tmp_path_factory.mktemp("untrusted-names") / "project")
    site.config["markdown_extensions"] = MARKDOWN_EXTENSIONS
    site.config["plugins"].append(RSS)
    site.write("index.md", "# Home\n\n<!-- diffusion:stats -->\n")
    shared = {"title": "Shared paper", "id": "shared:paper", "authors": ["Ada Lovelace"], "added": ADDED, "summary": "Listed in every category."}
    site.write("papers/normal.md", category("Normal", [dict(shared)], order=1), dedent=False)
    created, refused = {}, {}
    for n, (i, (name, _, value)) in enumerate(_filename_cases(), start=2):
        own = {"title": f"Case {i:03d} {name}", "authors": ["Ada Lovelace"], "added": ADDED, "summary": f"Marker case-{i:03d}."}
        try:
            site.write(f"papers/{value}", category(f"Name case {i:03d}", [dict(shared), own], order=n), dedent=False)
            created[name] = value
        except OSError as error:
            refused[name] = str(error)
    site.build()
    return site, created, refused


# -- HTML-level tests -------------------------------------------------------------------------------

CASE_IDS = [f"{field_name}-{name}" for name, field_name, _ in CASES]


def _rejection(place: CasePlace) -> str:
    """Why the loader leaves the case's entry out (its problems for a one-entry file)."""
    from mkdocs_diffusion.loader import category_from_text

    data = _entry_for_case(place.index, place.name, place.field, place.value)
    result = category_from_text("papers/t.md", category("T", [data]))
    return "; ".join(str(p) for p in result.problems if p.level == "error") or "left out"


def _rows_linking(page: Page, href_suffix: str) -> list[Node]:
    """The list items and table rows of a page that link to ``href_suffix``."""
    out = []
    for node in page.doc.elements():
        if node.tag in ("li", "tr") and node.find(lambda e: e.tag == "a" and (e.get("href") or "").endswith(href_suffix)):
            if not any(a in out for a in node.ancestors()):
                out.append(node)
    return out


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_payload_is_inert_in_the_pages(case, request):
    name, field_name, value = case
    problems: list[str] = []
    if name in ISOLATED:
        _check_isolated(CASES.index(case), name, field_name, value, request.getfixturevalue("tmp_path"))
        return
    if field_name == "filename":
        site, created, refused = request.getfixturevalue("filename_site")
        if name in refused:
            pytest.skip(f"the OS refuses the file name {value!r}: {refused[name]}")
        token = re.search(r"alert\(\d+\)", value).group(0)
        for path in sorted(p.relative_to(site.site).as_posix() for p in site.site.rglob("*.html")):
            page = load_page(site.site, path)
            found = content_problems(page) + chrome_problems(page) + duplicate_ids(page)
            problems += [p for p in found if token in p[len(path):]]  # in what was found, not in the page's name
        assert not problems, f"file name {value!r} reached the pages as markup:\n" + "\n".join(problems[:12])
        return

    built = request.getfixturevalue("built")
    place = built.places[name]
    topic = built.page(built.topic_path(place.path))
    if field_name in CATEGORY_FIELDS:
        cat = built.category_of(place.path)
        if cat is None:  # refused by the loader: a pass, when nothing of it reached a page as markup
            assert not (content_problems(topic) + chrome_problems(topic)), f"{field_name} {value!r} refused, yet its page has markup"
            return
        problems += content_problems(topic) + chrome_problems(topic) + duplicate_ids(topic)
        for e in cat.entries:
            problems += heading_problems(topic, e.anchor, e.title)
        assert not problems, f"{field_name} {value!r}:\n" + "\n".join(problems[:12])
        return

    entry = built.case_entry(place)
    if entry is None:  # refused by the loader, with an error saying why: a pass (the pages are checked as wholes too)
        assert _rejection(place) != "left out", f"{field_name} {value!r} was left out without an error"
        return
    region = f"entry:{entry.anchor}"
    problems += heading_problems(topic, entry.anchor, entry.title)
    problems += content_problems(topic, only_region=region)
    problems += chrome_problems(topic)
    # an id given in this entry that another element of the page has too (a stolen anchor)
    own = [n for n, _, r in topic.regions() if r == region and n.get("id") is not None and n.get("id") != entry.anchor]
    problems += [f"{topic.path} [{region}] id {n.get('id')!r} is also used elsewhere in the page: {n}" for n in own if len(topic.by_id(n.get("id"))) > 1]
    target = re.search(rf"https://{re.escape(EVIL_HOST)}/\w+", value)
    if target:  # a reference definition: no link of the page may lead where it points
        problems += [f"{topic.path} [{r}] a link leads to {n.get('href')}: {n}" for n, _, r in topic.regions() if target.group(0) in (n.get("href") or "")]
    entries = entry.category.entries
    if entry.index + 1 < len(entries):  # the next entry is not swallowed
        following = entries[entry.index + 1]
        problems += heading_problems(topic, following.anchor, following.title)
    if entry.paper is not None and entry.paper.key:
        paper_page = built.page(f"paper/{entry.paper.key}/index.html")
        problems += content_problems(paper_page) + chrome_problems(paper_page)
        for path in ("updates/index.html", "all-papers/index.html", "index.html"):
            page = built.page(path)
            for row in _rows_linking(page, f"paper/{entry.paper.key}/"):
                problems += [f"{path} [row] {p}" for p in fragment_problems(row)]
    assert not problems, f"{field_name} {value!r}:\n" + "\n".join(problems[:12])


def _in_child(func, *args, timeout: float = 180):
    """``("ok", func(*args))`` or ``("error", message)``, computed in a forked process: a payload
    that breaks the renderer there cannot leave a broken renderer behind for the other tests."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def target():
        try:
            result = ("ok", func(*args))
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            result = ("error", f"{type(error).__name__}: {str(error)[:300]}")
        send.send(result)
        send.close()

    process = context.Process(target=target)
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            return ("error", f"no result after {timeout:.0f} s")
        return receive.recv()
    except EOFError:
        return ("error", f"the process died (exit code {process.exitcode})")
    finally:
        process.kill()
        process.join()


def _build_isolated(root: Path, index: int, name: str, field_name: str, value: str) -> list:
    site = Site(root)
    site.config["markdown_extensions"] = MARKDOWN_EXTENSIONS
    site.write("index.md", "# Home\n")
    entries = [dict(FIRST), dict(LAST)]
    if field_name == "summary":
        entries.insert(1, _entry_for_case(index, name, field_name, value))
    text = category("Isolated", entries)
    if field_name == "intro":
        text += "\n" + value + "\n"
    site.write("papers/isolated.md", text, dedent=False)
    site.write("papers/other.md", category("Other", [{"title": "Other entry", "authors": ["B"], "summary": "Another category."}]), dedent=False)
    site.build()
    catalog = site.last_config.plugins["diffusion"].catalog
    return [(c.path, [(e.anchor, e.title) for e in c.entries]) for c in catalog.categories]


def _check_isolated(index: int, name: str, field_name: str, value: str, tmp_path: Path) -> None:
    """A payload that might stop the build, in a small site of its own (built in a child
    process): the build must finish (non-strict), the other entries must be there, the pages
    must be inert."""
    root = tmp_path / "isolated"
    status, result = _in_child(_build_isolated, root, index, name, field_name, value)
    if status != "ok":
        pytest.fail(f"{field_name} {value[:40]!r}... ({len(value)} characters) stops the whole build: {result}", pytrace=False)
    site_dir = root / "site"
    problems = []
    assert any(path == "papers/other.md" for path, _ in result), "another category file was left out"
    for path, entries in result:
        topic = load_page(site_dir, path[:-3] + "/index.html")
        for anchor, title in entries:
            problems += heading_problems(topic, anchor, title)
            # the other summaries still render as Markdown (a paragraph; the last one's code block)
            needed = {"p"} | ({"pre"} if title == LAST["title"] else set())
            found = {n.tag for n, ancestors, r in topic.regions() if r == f"entry:{anchor}" and any("mdd-summary" in a.classes for a in ancestors)}
            if title != f"Case {index:03d} {name}" and not needed <= found:
                problems.append(f"{topic.path}: the summary of {title!r} is no longer rendered as Markdown (no {sorted(needed - found)})")
    for path in sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")):
        page = load_page(site_dir, path)
        problems += content_problems(page) + chrome_problems(page) + duplicate_ids(page)
    assert not problems, f"{field_name} {value[:40]!r}...:\n" + "\n".join(problems[:12])


def _pages_of_kind(built: Built, kinds: tuple) -> list[Page]:
    return [built.page(p) for p in built.html_paths() if page_kind(p) in kinds]


@pytest.mark.parametrize("kinds", [("topic",), ("paper",), ("updates", "all-papers", "stats", "home", "other")], ids=["topic-pages", "paper-pages", "other-pages"])
def test_every_page_is_inert(built, kinds):
    """Page-level view of the same checks: every page of the payload site, content and chrome."""
    problems = []
    pages = _pages_of_kind(built, kinds)
    assert pages
    for page in pages:
        assert page.article is not None, f"{page.path}: no <article> (the content area) found"
        problems += content_problems(page) + chrome_problems(page)
    assert not problems, f"{len(problems)} problems, first ones:\n" + "\n".join(problems[:25])


def test_no_two_elements_share_an_id(built):
    problems = []
    for path in built.html_paths():
        problems += duplicate_ids(built.page(path))
    assert not problems, f"{len(problems)} duplicate ids, first ones:\n" + "\n".join(problems[:25])


def test_every_accepted_entry_keeps_its_own_heading(built):
    """No payload swallows, hides or re-titles another entry (sentinels included)."""
    problems = []
    for cat in built.catalog.categories:
        topic = built.page(built.topic_path(cat.path))
        for e in cat.entries:
            problems += heading_problems(topic, e.anchor, e.title)
    assert not problems, "\n".join(problems[:25])


def _region_links(page: Page, region: str) -> list[Node]:
    return [n for n, _, r in page.regions() if r == region and n.tag == "a"]


def test_reference_definitions_stay_in_their_summary(built):
    """``[code]: https://evil.example`` in one summary does not re-target another entry's links,
    and an entry does not pick up another entry's definitions."""
    problems = []
    for path in built.html_paths():
        page = built.page(path)
        for node, _, region in page.regions():
            for name, value in node.attrs:
                if name in URL_ATTRS and value and EVIL_HOST in value:
                    problems.append(f"{path} [{region}]: {name} leads to {value}: {node}")
    for cat in built.catalog.categories:
        topic = built.page(built.topic_path(cat.path))
        first = next(e for e in cat.entries if e.title == FIRST["title"])
        links = {" ".join(a.text().split()): a.get("href") for a in _region_links(topic, f"entry:{first.anchor}")}
        for text, target in (("the code", f"https://{GOOD_HOST}/code"), ("the paper", f"https://{GOOD_HOST}/paper")):
            if links.get(text) != target:
                problems.append(f"{topic.path}: '{text}' of the first entry links to {links.get(text)!r}, not its own {target}")
        last = next(e for e in cat.entries if e.title == LAST["title"])
        for a in _region_links(topic, f"entry:{last.anchor}"):
            href = a.get("href") or ""
            if GOOD_HOST in href or EVIL_HOST in href:
                problems.append(f"{topic.path}: the last entry's '{a.text()}' became a link to {href} (a definition of another entry)")
    assert not problems, "\n".join(problems[:25])


def test_feeds_papers_json_and_search_index_parse_and_are_inert(built):
    import feedparser

    site_dir = built.site.site
    problems = []
    rss = sorted(site_dir.glob("feed_rss_*.xml"))
    assert rss, "no RSS feed was written"
    for path in rss:
        data = path.read_bytes()
        feed = feedparser.parse(data)
        assert not feed.bozo, (path.name, feed.bozo_exception)
        assert len(feed.entries) >= len([p for p in built.catalog.papers if p.added]) // 2
        for item in ET.fromstring(data).iter("item"):
            # <description> is HTML (entity-encoded in the XML); <title> is plain text
            text = item.findtext("description") or ""
            problems += [f"{path.name} <description> of {item.findtext('title')!r}: {p}" for p in fragment_problems(parse(text))]
            link = item.findtext("link") or ""
            if dangerous_url(link):
                problems.append(f"{path.name}: link {link!r}")
    for path in sorted(site_dir.glob("feed_json_*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for item in document.get("items", []):
            # content_html is HTML; title and summary are plain text (JSON Feed 1.1)
            text = str(item.get("content_html") or "")
            problems += [f"{path.name} content_html of {item.get('title')!r}: {p}" for p in fragment_problems(parse(text))]
            if dangerous_url(item.get("url")):
                problems.append(f"{path.name}: url {item.get('url')!r}")
    text = (site_dir / "papers.json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["count"] == len(built.catalog.papers) == len(document["papers"])
    assert "<" not in text and ">" not in text, "papers.json must escape < and > (it can be inlined in a <script>)"
    for record in document["papers"]:
        for url in list(record["links"].values()) + [record["url"]] + [c["url"] for c in record["categories"]]:
            if dangerous_url(url):
                problems.append(f"papers.json: {record['key']}: URL {url!r}")
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            problems += [f"search_index {doc['location']} {key}: {p}" for p in fragment_problems(parse(doc.get(key) or ""))]
    ET.parse(site_dir / "sitemap.xml")
    assert not problems, f"{len(problems)} problems, first ones:\n" + "\n".join(problems[:25])


def test_filename_site_is_inert(filename_site):
    """Every page of the site with hostile category file names (content, chrome, ids, sitemap)."""
    site, created, refused = filename_site
    if not created:
        pytest.skip(f"the OS refuses every hostile file name: {refused}")
    problems = []
    for path in sorted(p.relative_to(site.site).as_posix() for p in site.site.rglob("*.html")):
        page = load_page(site.site, path)
        problems += content_problems(page) + chrome_problems(page) + duplicate_ids(page)
    ET.parse(site.site / "sitemap.xml")
    for path in sorted(site.site.glob("feed_rss_*.xml")):
        ET.parse(path)
    json.loads((site.site / "papers.json").read_text(encoding="utf-8"))
    assert not problems, f"{len(problems)} problems, first ones:\n" + "\n".join(problems[:25])


SERVED = """---
title: Served <img src=x onerror=alert(1)>
papers:
  - title: Bad date
    authors: [A]
    date: 2023-02-30 # [x](javascript:alert(1)) <img src=x onerror=alert(1)> {: onclick="alert(1)" }
    summary: s
  - title: Bad key
    authors: [A]
    "<img src=x onerror=alert(1)>": 1
    summary: s
  - title: Bad link
    authors: [A]
    links: {code: "javascript:alert(1)"}
    summary: s
  - title: "</code></pre></div><script>alert(1)</script>"
    authors: []
    summary: s
  - title: Fine
    authors: [B]
    summary: fine
---
"""
BROKEN = "---\ntitle: <script>alert(1)</script>\npapers: [ # <img src=x onerror=alert(1)>\n  [x](javascript:alert(1))\n---\n"


def test_problem_boxes_under_serve_are_inert(tmp_path):
    """Under ``mkdocs serve`` (a maintainer previewing a pull request) the problems of a file
    are shown in its page with the offending source lines: those lines are data too."""
    site = Site(tmp_path / "served")
    site.config["markdown_extensions"] = MARKDOWN_EXTENSIONS
    site.write("index.md", "# Home\n")
    site.write("papers/served.md", SERVED, dedent=False)
    site.write("papers/broken.md", BROKEN, dedent=False)
    site.build(command="serve")
    paths = sorted(p.relative_to(site.site).as_posix() for p in site.site.rglob("*.html"))
    pages = [load_page(site.site, path) for path in paths]
    if not any(page.doc.find(lambda e: "mdd-problems" in e.classes) for page in pages):
        pytest.skip("the plugin shows no problem boxes under serve (nothing to check)")
    problems = []
    for page in pages:
        problems += content_problems(page) + chrome_problems(page) + duplicate_ids(page)
    assert not problems, f"{len(problems)} problems, first ones:\n" + "\n".join(problems[:25])


# -- the sanitizer itself ---------------------------------------------------------------------------

# What a summary legitimately needs; everything else must be dropped or escaped. MathML is
# allowed element by element through MATHML; ``span``/``div`` carry arithmatex's math wrapper;
# ``img`` is allowed (with a safe ``src``) though the implementation drops it. The
# implementation's own list (mkdocs_diffusion.sanitize.TAGS) is a subset of this one.
SUMMARY_ALLOWED = {
    "p", "br", "hr", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote",
    "del", "ins", "sub", "sup", "img", "span", "div",
}


def _render(text: str) -> str:
    from mkdocs_diffusion.sanitize import render_markdown

    start = time.perf_counter()
    out = render_markdown(text)
    elapsed = time.perf_counter() - start
    assert isinstance(out, str)
    assert elapsed < 1.0, f"render_markdown took {elapsed:.2f} s on {text[:80]!r}"
    return out


def _summary_output_problems(out: str, html_in_math: bool = False) -> list[str]:
    root = parse(out)
    problems = fragment_problems(root, allowed=SUMMARY_ALLOWED, html_in_math=html_in_math)
    for node, _ in root.walk():  # no style at all in a summary, whatever the element
        if node.get("style") is not None and not any(p.startswith("style") for p in problems):
            problems.append(f"style attribute: {node}")
    return problems


def test_render_markdown_neutralises_every_summary_payload():
    failures = []
    for name, field_name, value in CASES:
        if field_name not in ("summary", "intro"):
            continue
        if name in ISOLATED:  # may break the renderer: in a child process
            status, result = _in_child(lambda v: _summary_output_problems(_render(v)), value)
            problems = result if status == "ok" else [f"raises {result[:120]}"]
        else:
            try:
                problems = _summary_output_problems(_render(value))
            except Exception as error:  # a summary that makes the renderer fail stops the build
                problems = [f"raises {type(error).__name__}: {str(error)[:100]}"]
        if problems:
            failures.append(f"{name} {value[:60]!r}: {problems[0]}")
    assert not failures, f"{len(failures)} payloads get through render_markdown:\n" + "\n".join(failures)


def test_clean_html_neutralises_every_payload():
    from mkdocs_diffusion.sanitize import clean_html

    failures = []
    for name, _, value in CASES + [(f"MXSS[{i}]", "html", v) for i, v in enumerate(MXSS)]:
        start = time.perf_counter()
        out = clean_html(value)
        assert time.perf_counter() - start < 1.0, name
        # HTML in <mtext> is HTML as the standard has it: allowlisted elements may stay there
        problems = _summary_output_problems(out, html_in_math=True)
        if problems:
            failures.append(f"{name} {value[:60]!r}: {problems[0]}")
    assert not failures, f"{len(failures)} payloads get through clean_html:\n" + "\n".join(failures)


def test_render_markdown_keeps_what_a_summary_needs():
    """A positive control: a sanitizer that drops everything would pass the tests above."""
    out = _render("**bold** *it* `code` [link](https://x.org/a?b=1&c=2) $x^2$\n\n- item\n\n```\nfenced\n```\n")
    root = parse(out)
    tags = {n.tag for n in root.elements()}
    assert {"strong", "em", "code", "a", "li", "pre", "math"} <= tags, out
    link = root.find(lambda e: e.tag == "a")
    assert link.get("href") == "https://x.org/a?b=1&c=2", out
    assert "&lt;b&gt;" in _render("<b>x</b>"), "raw HTML in a summary is shown as text"


def _render_after(payload: str, text: str):
    """``text`` rendered right after ``payload`` (whose failure is ignored)."""
    from mkdocs_diffusion.sanitize import render_markdown

    try:
        render_markdown(payload)
    except Exception:  # noqa: BLE001 - what matters is the next text
        pass
    return render_markdown(text)


def test_a_failing_text_does_not_break_the_next_ones():
    """The renderer is shared by every summary of a build (and of every rebuild under
    ``mkdocs serve``): a text that makes it fail must not change how the next texts render."""
    failures = []
    for name, _, value in CASES:
        if name not in ISOLATED:
            continue
        text = f"**bold {name}** and a [link](https://x.org/{name})\n\n- item"  # unique: no cached result
        status, expected = _in_child(_render_after, "fine", text)
        assert status == "ok", expected
        status, got = _in_child(_render_after, value, text)
        if (status, got) != ("ok", expected):
            failures.append(f"after {name} ({value[:20]!r}...): {got[:160]!r}, not {expected[:160]!r}")
    assert not failures, "\n".join(failures)


# -- property test ----------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TAGS = [
    "script", "img", "svg", "iframe", "a", "details", "summary", "style", "math", "mi", "mtext",
    "annotation-xml", "object", "embed", "form", "input", "button", "div", "span", "p", "b",
    "noscript", "template", "textarea", "xmp", "plaintext", "base", "meta", "link", "video",
    "source", "body", "table", "mglyph", "select", "foreignObject", "use", "animate", "set",
    "marquee", "em", "code", "pre", "title", "br",
]
_ATTRS = [
    "onerror=alert(1)", 'onload="alert(1)"', "onclick='alert(1)'", "onmouseover=top.__xss=1",
    'style="position:fixed;top:0;left:0;width:100%;height:100%"', "style=color:red",
    'href="javascript:alert(1)"', "href=JaVaScRiPt:alert(1)", 'href="java&#x09;script:alert(1)"',
    'href="&#106;avascript:alert(1)"', "href=data:text/html,x", "href=vbscript:msgbox(1)",
    'src="javascript:alert(1)"', "src=x", 'xlink:href="javascript:alert(1)"', "formaction=javascript:alert(1)",
    'srcdoc="<script>alert(1)</script>"', "action=javascript:alert(1)", "class=mdd-entry", "id=first-entry",
    'title="x"', "open", "autofocus", "tabindex=0", 'data="javascript:alert(1)"', "attributeName=href",
    "to=javascript:alert(1)", 'encoding="text/html"', "markdown=1",
]
_PIECES = [
    "`", "``", "```", "````", "~~~", "[", "]", "(", ")", "](", "![", "{:", "}", "{", "{: #first-entry }",
    '{: onclick="alert(1)" }', '{: style="position:fixed" }', "{: href=javascript:alert(1) }", "*", "_", "**",
    "#", "## ", ">", "- ", "1. ", "\n", "\n\n", "    ", "\t", "[x]: javascript:alert(1)", "[x]", "[x][]",
    "<javascript:alert(1)>", "<https://x.org>", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "java\tscript:", "$", "$$", r"\text{", r"\href{javascript:alert(1)}{", r"\style{color:red}{",
    r"\class{x}{", r"\(", r"\)", r"\[", r"\]", r"\begin{equation}", r"\end{equation}", "\\", "</math>", "<math>",
    "<![CDATA[", "]]>", "<!--", "-->", "<?", "&lt;", "&#60;", "&#x3C;", "&#106;", "&colon;", "&Tab;", "&NewLine;",
    "&amp;", "&quot;", "\"", "'", "=", "word", "요약", "\u200b", "\u202e", "x^2", "https://x.org/a_(b)",
]


@st.composite
def _html_tag(draw):
    tag = draw(st.sampled_from(_TAGS))
    if draw(st.booleans()) and draw(st.booleans()):
        return f"</{tag}>"
    attrs = draw(st.lists(st.sampled_from(_ATTRS), max_size=3))
    sep = draw(st.sampled_from([" ", "/", "\n", " \t"]))
    end = draw(st.sampled_from([">", "/>", "", " >"]))
    return f"<{tag}" + "".join(sep + a for a in attrs) + end


_fragment = st.lists(st.one_of(st.sampled_from(_PIECES), _html_tag(), st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_fragment)
def test_render_markdown_property(text):
    problems = _summary_output_problems(_render(text))
    assert not problems, problems


# -- the browser ------------------------------------------------------------------------------------

# Installed in every frame before any page script runs.
HOOKS = r"""
(() => {
  const hits = [];
  try { Object.defineProperty(window, "__mddHits", {value: hits, configurable: false}); } catch (e) {}
  // Where it came from: the element of the event being dispatched (an onerror at load, a
  // handler), else the element the test is working on; and the entry heading before it.
  const where = () => {
    let el = (window.event && window.event.target) || window.__mddNowEl || null;
    try { if (window.top !== window && window.frameElement) el = window.frameElement; } catch (e) {}
    if (!el || !el.tagName) return "";
    const doc = el.ownerDocument;
    let heading = null;
    for (const h of doc.querySelectorAll("h2.mdd-entry, article h1")) {
      if (h === el || (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) heading = h;
    }
    return " [<" + el.tagName.toLowerCase() + ">" + (heading ? " in #" + heading.id : "") + "]";
  };
  const report = (what) => {
    what += where();
    try { window.__mddHits.push(what); } catch (e) {}
    try { if (window.top !== window) window.top.__mddHits.push(what + " (in a frame)"); } catch (e) {}
  };
  for (const type of ["pointerdown", "mouseover", "focusin"]) {
    window.addEventListener(type, (ev) => { if (ev.isTrusted) window.__mddNowEl = ev.target; }, true);
  }
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const hook = function (...args) {
      report(name + "(" + args.map(String).join(", ") + ")");
      return name === "confirm" ? false : name === "prompt" ? null : undefined;
    };
    try { Object.defineProperty(window, name, {value: hook, writable: false, configurable: false}); }
    catch (e) { window[name] = hook; }
  }
  // A global that nothing on the site sets: a payload doing `top.__xss = 1` is recorded.
  let marker;
  try {
    Object.defineProperty(window, "__xss", {
      get() { return marker; },
      set(v) { marker = v; report("__xss = " + v); },
      configurable: false,
    });
  } catch (e) {}
  // Links to pages (http, https, file) are not followed: every page is visited on its own.
  // Links whose scheme can run script are left alone: if one runs, the hooks see it.
  const isPageUrl = (url) => /^(https?|file):/i.test(url || "");
  window.addEventListener("click", (ev) => {
    const link = ev.target && ev.target.closest ? ev.target.closest("a[href], area[href]") : null;
    if (link && isPageUrl(link.href)) ev.preventDefault();
  }, true);
  window.addEventListener("submit", (ev) => {
    if (ev.target && isPageUrl(ev.target.action)) ev.preventDefault();
  }, true);
})();
"""

# Right after loading, at the normal viewport: entry headings that are not visible, and
# anything from the content that is fixed on the screen or covers it.
BEFORE = r"""
(anchors) => {
  const describe = (el) => "<" + el.tagName.toLowerCase() + [...el.attributes].map(a => " " + a.name + '="' + a.value.slice(0, 60) + '"').join("") + ">";
  const problems = [];
  for (const id of anchors) {
    const el = document.getElementById(id);
    if (!el) problems.push(`entry heading #${id} is missing`);
    else if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) || el.getBoundingClientRect().height < 4)
      problems.push(`entry heading #${id} is not visible`);
  }
  const article = document.querySelector("article");
  if (article) {
    for (const el of article.querySelectorAll("*")) {
      const position = getComputedStyle(el).position;
      if (position === "fixed" || position === "sticky") problems.push(describe(el) + " in the content has position:" + position);
    }
    const w = innerWidth, h = innerHeight;
    for (const [x, y] of [[w / 2, h / 2], [8, h / 2], [w - 8, h - 8], [w / 2, 24]]) {
      for (let e = document.elementFromPoint(x, y); e && e !== document.body; e = e.parentElement) {
        if (e !== article && article.contains(e) && getComputedStyle(e).position === "fixed") {
          problems.push(describe(e) + " covers the point " + [Math.round(x), Math.round(y)]);
          break;
        }
      }
    }
    // untrusted blocks stay inside the content column (unless a scrolling box inside them clips)
    const column = article.getBoundingClientRect();
    for (const block of article.querySelectorAll(".mdd-summary, .mdd-intro")) {
      for (const el of block.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width < 1 || r.height < 1) continue;
        if (r.left >= column.left - 4 && r.right <= column.right + 4) continue;
        let clipped = false;
        for (let a = el.parentElement; a && a !== block.parentElement; a = a.parentElement) {
          const cs = getComputedStyle(a);
          if (cs.overflowX !== "visible" || cs.overflow !== "visible") { clipped = true; break; }
        }
        if (!clipped) problems.push(describe(el) + ` draws outside the content column (${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(column.left)}..${Math.round(column.right)})`);
      }
    }
    const top = document.elementFromPoint(w / 2, 24);
    if (document.querySelector(".md-header") && !(top && top.closest(".md-header")))
      problems.push("the header is covered by " + (top ? describe(top) : "nothing"));
  }
  return problems;
}
"""

# Synthetic interaction with every element of the content (the handlers of untrusted events run
# too, so this reaches any inline handler that survived), then focus every focusable element.
EXERCISE = r"""
async () => {
  const root = document.querySelector("article") || document.body;
  // An element without attributes has no handler of its own to run (and its ancestors get the
  // bubbling events): every element with an attribute gets the events.
  const withAttributes = [...root.querySelectorAll("*")].filter((el) => el.attributes.length > 0);
  const isBulk = (el) => el.matches(".mdd-also a, a.headerlink");
  const elements = withAttributes.filter((el) => !isBulk(el));
  const light = withAttributes.filter(isBulk);
  const mouse = ["mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "click", "dblclick", "contextmenu", "mouseleave"];
  const pointer = ["pointerover", "pointerdown", "pointerup"];
  const other = ["keydown", "input", "copy", "wheel", "animationstart"];
  const fire = (el, Ctor, type) => { try { el.dispatchEvent(new Ctor(type, {bubbles: true, cancelable: true, view: window})); } catch (e) {} };
  for (const el of elements) {
    window.__mddNowEl = el;
    for (const type of pointer) fire(el, PointerEvent, type);
    for (const type of mouse) fire(el, MouseEvent, type);
    for (const type of other) fire(el, type.startsWith("key") ? KeyboardEvent : Event, type);
    if (el.tagName === "DETAILS") el.open = !el.open;
    if (el.tagName === "VIDEO" || el.tagName === "AUDIO") { try { el.play().catch(() => {}); } catch (e) {} }
  }
  // the theme's navigation and table of contents carry titles too; they and the links the
  // plugin and the theme make in bulk (cross-references, permalinks) get a hover and a click
  for (const el of [...light, ...document.querySelectorAll(".md-sidebar a, .md-header a")]) {
    window.__mddNowEl = el;
    fire(el, MouseEvent, "mouseover");
    fire(el, MouseEvent, "click");
  }
  // focus: what can take it in the content (the bulk links excepted), and anything with
  // tabindex or autofocus anywhere
  const focusable = [...root.querySelectorAll(
    "a[href], area[href], button, input, select, textarea, summary, iframe, [contenteditable], details, math")]
    .filter((el) => !isBulk(el)).concat([...document.querySelectorAll("[tabindex], [autofocus]")]);
  for (const el of focusable) { window.__mddNowEl = el; try { el.focus({preventScroll: true}); } catch (e) {} }
  await new Promise((resolve) => setTimeout(resolve, 20));
  window.__mddNowEl = null;
  return elements.length;
}
"""

# What the real (trusted) mouse hovers and clicks: the interactive elements and math of the
# content and each block of the untrusted texts. The synthetic pass above reaches every element
# that has an attribute, including what is left out here: the theme's permalinks next to
# headings and the plugin's cross-references ("Also in", one per other listing: the test site's
# sentinel entries are listed in every category, which makes them the bulk of the links; they
# get a hover and a click event only).
MOUSE_TARGETS = (
    "article a:not(.headerlink):not(.mdd-also a), article button, article img, article summary, "
    "article details, article math, article [tabindex], article .mdd-summary > *, article .mdd-intro > *"
)

# Scroll to y; the centres of the targets now well inside the viewport (below the header).
WINDOW = r"""
([selector, y]) => {
  window.scrollTo(0, y);
  const points = [], seen = new Set();
  document.querySelectorAll(selector).forEach((el, i) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return;
    const x = r.left + Math.min(r.width / 2, 24), cy = r.top + Math.min(r.height / 2, 12);
    const key = Math.round(x / 3) + "," + Math.round((cy + window.scrollY) / 3);  // nested elements share a point
    if (seen.has(key)) return;
    seen.add(key);
    if (cy >= 80 && cy < innerHeight - 8 && x >= 0 && x < innerWidth) points.push([i, x, cy]);
  });
  return {points, height: document.documentElement.scrollHeight, y: window.scrollY};
}
"""

AFTER = r"""
async () => {
  await new Promise((resolve) => setTimeout(resolve, 20));  // toggle events, timers
  return {hits: (window.__mddHits || []).slice(), title: document.title, href: location.href};
}
"""

BROWSER_WORKERS = 2


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site (keep-alive); the search worker and index only when ``search`` is
    on: every page would otherwise start a worker that fetches and indexes the whole site."""

    protocol_version = "HTTP/1.1"
    search = {"on": False}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if not self.search["on"] and (path.endswith("/search_index.json") or "/javascripts/workers/" in path):
            self.send_error(404)
            return
        super().do_GET()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the browser drops connections it no longer needs
        pass


@contextlib.contextmanager
def _serve_site(directory: Path):
    """Like conftest.serve, with :class:`_SiteHandler`; yields (base URL, search switch)."""
    search = {"on": False}
    handler = type("Handler", (_SiteHandler,), {"search": search})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", search
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def chromium_path():
    return chromium()


def _expected_title(site_dir: Path, path: str) -> str:
    match = re.search(r"<title>(.*?)</title>", (site_dir / path).read_text(encoding="utf-8"), re.S)
    return " ".join(html.unescape(match.group(1) if match else "").split())


def _entry_anchors(built: Built, path: str) -> list[str]:
    for cat in built.catalog.categories:
        if built.topic_path(cat.path) == path:
            return [e.anchor for e in cat.entries]
    return []


def quote_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path[: -len("index.html")] if path.endswith("index.html") else path)


def _same_page(a: str, b: str) -> bool:
    """Same document address (the query may be rewritten in place by the page's own script)."""
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.netloc, unquote(pa.path)) == (pb.scheme, pb.netloc, unquote(pb.path))


async def _visit(page, url: str, path: str, anchors: list[str], title: str) -> list[str]:
    """Interact with all of a loaded page's content; report what ran or moved."""
    # one round trip: the checks at load time, the synthetic pass, the first mouse window
    first = await page.evaluate(
        f"async ([anchors, selector]) => {{ const before = ({BEFORE})(anchors); await ({EXERCISE})();"
        f" return [before, ({WINDOW})([selector, 0])]; }}",
        [anchors, MOUSE_TARGETS],
    )
    problems = [f"{path}: {p}" for p in first[0]]
    window, clicked = first[1], set()
    while True:  # the real (trusted) mouse: hover and click every target, window by window
        for i, x, cy in window["points"]:
            if i in clicked:
                continue
            clicked.add(i)
            await page.mouse.click(x, cy)
            if not _same_page(page.url, url):
                problems.append(f"{path}: clicking content element {i} navigated to {page.url}")
                await page.goto(url, wait_until="load")
                await page.evaluate("([y]) => window.scrollTo(0, y)", [window["y"]])
        if window["y"] + 800 >= window["height"] or len(clicked) >= 600:
            break
        window = await page.evaluate(WINDOW, [MOUSE_TARGETS, window["y"] + 600])
    state = await page.evaluate(AFTER)
    problems += [f"{path}: {hit}" for hit in state["hits"]]
    if not _same_page(state["href"], url):
        problems.append(f"{path}: the page navigated to {state['href']}")
    if " ".join(state["title"].split()) != title:
        problems.append(f"{path}: the title changed to {state['title']!r} (was {title!r})")
    return problems


async def _drive(executable: str, base: str, search_switch: dict, jobs: list[tuple[str, str, list[str], str]], screenshot_of: str | None) -> tuple[list[str], list[str]]:
    import asyncio

    from playwright.async_api import async_playwright

    problems: list[str] = []
    notes: list[str] = []  # what could not be checked (reported as warnings, not failures)
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    # Hosts other than 127.0.0.1 do not resolve: payload images and links go nowhere, fast.
    args = CHROMIUM_ARGS + ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=executable, headless=True, args=args)

        async def new_page(search: bool):
            context = await browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="light")
            context.set_default_timeout(15_000)
            await context.add_init_script(HOOKS)
            page = await context.new_page()
            seen = {"dialogs": [], "popups": []}

            async def on_dialog(dialog):
                seen["dialogs"].append(f"{dialog.type}({dialog.message})")
                await dialog.dismiss()

            async def on_popup(popup):
                seen["popups"].append(popup.url)
                await popup.close()

            page.on("dialog", on_dialog)
            context.on("page", on_popup)
            return context, page, seen

        async def worker():
            context, page, seen = await new_page(search=False)
            try:
                while not queue.empty():
                    path, query, anchors, title = queue.get_nowait()
                    url = urljoin(base, quote_path(path)) + query
                    label = path + query
                    try:
                        await page.goto(url, wait_until="load")
                        found = await _visit(page, url, label, anchors, title)
                    except Exception as error:  # a payload that breaks the page is a finding too
                        found = [f"{label}: {type(error).__name__}: {str(error)[:200]}"]
                    found += [f"{label}: dialog {d}" for d in seen["dialogs"]] + [f"{label}: opened a window {u}" for u in seen["popups"]]
                    seen["dialogs"].clear()
                    seen["popups"].clear()
                    problems.extend(found)
            finally:
                await context.close()

        try:
            await asyncio.gather(*(worker() for _ in range(BROWSER_WORKERS)))
            # the theme's search renders index entries as HTML: search for payload words
            search_switch["on"] = True
            context, page, seen = await new_page(search=True)
            try:
                await page.goto(base, wait_until="load")
                # "case" is in the title of every payload entry, "summary" in the summary of every
                # entry whose title is the payload; the index is built on the first query
                await page.keyboard.press("/")
                box = page.locator("input.md-search__input")
                for n, word in enumerate(("case", "summary")):
                    await box.fill(word)
                    try:
                        await page.locator(".md-search-result__item").first.wait_for(timeout=30_000 if n == 0 else 15_000)
                    except Exception as error:  # noqa: BLE001 - no results: nothing shown, nothing to check
                        notes.append(f"search: no results for {word!r} ({type(error).__name__}); the search results were not checked")
                        continue
                    items = page.locator(".md-search-result__item a")
                    for i in range(min(await items.count(), 12)):
                        try:
                            await items.nth(i).hover(timeout=1_000)
                        except Exception:  # noqa: BLE001 - a result that cannot be hovered is not a finding
                            pass
                state = await page.evaluate(AFTER)
                problems.extend(f"search: {hit}" for hit in state["hits"] + seen["dialogs"])
                if screenshot_of:
                    await page.goto(urljoin(base, quote_path(screenshot_of)), wait_until="load")
                    SCREENSHOTS.mkdir(exist_ok=True)
                    await page.screenshot(path=str(SCREENSHOTS / "untrusted_topic.png"), animations="disabled")
            finally:
                await context.close()
        finally:
            await browser.close()
    return problems, notes


# Hostile query strings and fragments (a crafted link to the site): the filter script and the
# theme read them.
HOSTILE_QUERIES = [
    ("all-papers/index.html", "?text=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&venue=%3Csvg%20onload%3Dalert(1)%3E&year=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&cat=%27%3E%3Cscript%3Ealert(1)%3C/script%3E"),
    ("all-papers/index.html", "?text=javascript:alert(1)#%3Cimg%20src=x%20onerror=alert(1)%3E"),
    ("updates/index.html", "#%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"),
]
LAYOUT = "draws outside the content column"


@pytest.fixture(scope="module")
def browser_run(built, chromium_path) -> dict:
    """Every page of the payload site in Chromium, once for the module (see _visit); the
    problems found, and how long it took."""
    import asyncio

    started = time.monotonic()
    jobs = []
    for path in built.html_paths():
        if path != "404.html":
            jobs.append((path, "", _entry_anchors(built, path), _expected_title(built.site.site, path)))
    jobs += [(path, query, [], _expected_title(built.site.site, path)) for path, query in HOSTILE_QUERIES]
    jobs.sort(key=lambda job: (-len(job[2]), job[0]))  # the longest pages first: the workers finish together
    topic = next((job[0] for job in jobs if job[0].startswith("papers/summaries-")), None)
    with _serve_site(built.site.site) as (base, search_switch):
        problems, notes = asyncio.run(_drive(chromium_path, base, search_switch, jobs, topic))
    for note in notes:
        warnings.warn(note, stacklevel=1)
    return {"problems": problems, "pages": len(jobs), "seconds": time.monotonic() - started}


@pytest.mark.browser
def test_nothing_runs_in_the_browser(browser_run):
    """Hooks (alert, confirm, prompt, print, a ``__xss`` marker) installed before any page script;
    every content element hovered, clicked and focused: no hook may fire, no dialog or window
    open, no navigation, the title may not change, nothing from the content may be fixed on or
    cover the screen, every entry heading stays visible. Saves tests/screenshots/untrusted_topic.png."""
    problems = [p for p in browser_run["problems"] if LAYOUT not in p]
    assert not problems, f"{len(problems)} problems in {browser_run['pages']} pages ({browser_run['seconds']:.0f} s), first ones:\n" + "\n".join(problems[:30])


@pytest.mark.browser
def test_untrusted_blocks_stay_in_the_content_column(browser_run):
    """A summary or introduction may not paint outside the content column (over the navigation
    or the table of contents), unless a scrolling box inside it clips it."""
    problems = [p for p in browser_run["problems"] if LAYOUT in p]
    assert not problems, f"{len(problems)} elements, first ones:\n" + "\n".join(problems[:20])


# -- mutation XSS: the sanitizer's output as the browser parses it ------------------------------------

REPARSE = r"""
([outputs, allowed, mathml]) => outputs.map((html) => {
  const template = document.createElement("template");  // inert: nothing loads, nothing runs
  template.innerHTML = html;
  const found = [];
  for (const el of template.content.querySelectorAll("*")) {
    const tag = el.localName;
    const inMath = el.namespaceURI === "http://www.w3.org/1998/Math/MathML";
    if (inMath ? !mathml.includes(tag) : !allowed.includes(tag)) found.push(`<${tag}> (${el.namespaceURI.split("/").pop()})`);
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) || a.name === "style" || a.name === "srcdoc") found.push(`${tag} ${a.name}`);
      const url = a.value.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "").replace(/[\t\n\r]/g, "").toLowerCase();
      if (/(^|:)(href|src|action|formaction|data)$/.test(a.name) && /^(javascript|data|vbscript):/.test(url)) found.push(`${tag} ${a.name}=${a.value}`);
      if (inMath && /^(href|class|style|xlink:href|src)$/.test(a.name)) found.push(`MathML ${tag} ${a.name}`);
    }
  }
  return found;
})
"""


def _random_fragments(count: int, seed: int = 20261128) -> list[str]:
    """Deterministic fragments from the property test's grammar (for the browser oracle)."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 30)):
            kind = rng.random()
            if kind < 0.55:
                parts.append(rng.choice(_PIECES))
            elif kind < 0.9:
                tag = rng.choice(_TAGS)
                if rng.random() < 0.25:
                    parts.append(f"</{tag}>")
                else:
                    sep = rng.choice([" ", "/", "\n"])
                    attrs = "".join(sep + rng.choice(_ATTRS) for _ in range(rng.randint(0, 3)))
                    parts.append(f"<{tag}{attrs}{rng.choice(['>', '/>', '', ' >'])}")
            else:
                parts.append(rf"$\text{{{rng.choice(MXSS).replace(' ', '/')}{{}}}}$")
        out.append("".join(parts))
    return out


@pytest.mark.browser
def test_sanitized_html_reparses_inert_in_chromium(chromium_path):
    """Mutation XSS: what the sanitizer returns is parsed again by the browser, where a different
    parse could revive what the sanitizer removed. Every payload of the corpus, the mXSS
    vectors (raw, and through a formula's \\text{...{}}) and 400 random fragments, through
    render_markdown and clean_html, parsed by Chromium in an inert <template>: only allowlisted
    elements, no on*/style/srcdoc, no script-capable URL, no MathML href/class/style."""
    import asyncio

    from mkdocs_diffusion.sanitize import clean_html, render_markdown

    inputs: list[tuple[str, str]] = []
    for name, field_name, value in CASES:
        inputs.append((f"clean_html({name})", clean_html(value)))
        if field_name in ("summary", "intro") and name in ISOLATED:
            status, result = _in_child(render_markdown, value)
            if status == "ok":
                inputs.append((f"render_markdown({name})", result))
        elif field_name in ("summary", "intro"):
            inputs.append((f"render_markdown({name})", render_markdown(value)))
    failures = []  # a text that makes render_markdown fail is reported by the tests above
    for i, vector in enumerate(MXSS):
        inputs.append((f"clean_html(MXSS[{i}])", clean_html(vector)))
        inputs.append((f"render_markdown(MXSS[{i}] in \\text)", render_markdown(rf"$\text{{{vector.replace(' ', '/')}{{}}}}$")))
    for i, fragment in enumerate(_random_fragments(400)):
        inputs.append((f"render_markdown(random {i}: {fragment[:60]!r})", render_markdown(fragment)))

    async def run() -> list:
        from playwright.async_api import async_playwright

        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
            try:
                page = await browser.new_page()
                await page.set_content("<!doctype html><title>reparse</title><body></body>")
                return await page.evaluate(REPARSE, [[html for _, html in inputs], sorted(SUMMARY_ALLOWED), sorted(MATHML - {"annotation-xml", "mglyph", "malignmark"})])
            finally:
                await browser.close()

    results = asyncio.run(run())
    failures += [f"{label}: {found[:3]} in {html[:160]!r}" for (label, html), found in zip(inputs, results, strict=True) if found]
    assert not failures, f"{len(failures)} of {len(inputs)} sanitized outputs are not inert once the browser parses them:\n" + "\n".join(failures[:20])
