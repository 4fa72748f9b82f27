"""Untrusted Markdown to safe HTML: each text rendered on its own, then allowlist-sanitized.

Every byte of a category file comes from a pull request, so a summary (or a category's
introduction) is never pasted into the page's Markdown, where it could reach the site's own
extensions (raw HTML, attribute lists, reference definitions and anchors shared with the rest of
the page). Instead :func:`render_markdown`:

1. converts the text alone, with a fixed extension set: CommonMark-like blocks and inlines,
   fenced code, lists, a backslash at the end of a line as a line break, and math (TeX becomes
   MathML at build time, :mod:`mkdocs_diffusion.math`). Raw HTML is not recognised, so it stays
   text; there are no attribute lists, no heading ids and no table of contents;
2. passes the HTML through ``nh3`` (the ammonia sanitizer) with the allowlists below: only
   these elements, only these attributes, only ``http``, ``https`` and ``mailto`` URLs (or
   relative ones). MathML keeps its presentation attributes but never ``href``, ``style`` or
   ``class``.

The result is an opaque block that the plugin puts into the page after MkDocs' Markdown pass.
Conversions are cached by text: a summary shown on its topic page, its paper page and in the
feeds is converted once.
"""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache

import markdown
import nh3

from .math import MATHML_ELEMENTS, MathMLExtension

#: HTML elements a summary may produce.
HTML_TAGS = frozenset(
    "p br em strong code pre a ul ol li blockquote del ins sub sup hr span div".split()
)
#: MathML elements (presentation MathML, as latex2mathml writes it).
MATHML_TAGS = MATHML_ELEMENTS
TAGS = HTML_TAGS | MATHML_TAGS

#: Attributes per element. No ``style``, no event handlers, no ``id`` (anchors belong to the
#: page), no ``class`` except the few below (``ALLOWED_CLASSES``).
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "ol": {"start"},
    "math": {"display", "xmlns"},
    "annotation": {"encoding"},
    "mi": {"mathvariant"},
    "mn": {"mathvariant"},
    "mtext": {"mathvariant"},
    "mo": {"stretchy", "fence", "separator", "form", "lspace", "rspace", "largeop", "movablelimits",
           "accent", "minsize", "maxsize", "symmetric", "mathvariant"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mspace": {"width", "height", "depth"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "mfrac": {"linethickness"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "menclose": {"notation"},
    "mtable": {"columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines",
               "frame", "displaystyle"},
    "mtr": {"columnalign", "rowalign"},
    "mtd": {"columnalign", "rowalign", "columnspan", "rowspan"},
}
#: The classes math rendering needs; any other class is dropped.
ALLOWED_CLASSES = {
    "span": {"arithmatex", "mdd-math", "mdd-math-error"},
    "div": {"arithmatex", "mdd-math", "mdd-math-error"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Elements removed together with their content (the rest keep their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "title", "textarea", "select"})

#: MathML length attributes are kept only up to this size (a formula cannot push or cover the
#: page with ``\\mspace{4000pt}``): ems, or the equivalent in other units.
MAX_MATH_LENGTH_EM = 4.0
_LENGTH_ATTRIBUTES = frozenset({"width", "height", "depth", "lspace", "rspace", "voffset", "minsize", "maxsize"})
_LENGTH_RE = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(em|ex|pt|px|mu|pc|mm|cm|in|%)?\s*$")
_EM_PER_UNIT = {"em": 1.0, "ex": 0.5, "pt": 0.1, "px": 0.075, "mu": 1 / 18, "pc": 1.2, "mm": 0.28, "cm": 2.8, "in": 7.2, None: 1.0}


def _bounded_lengths(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: MathML lengths within ``MAX_MATH_LENGTH_EM``, others dropped."""
    if attribute not in _LENGTH_ATTRIBUTES or element not in MATHML_ELEMENTS:
        return value
    if value.strip() in ("thin", "medium", "thick", "infinity", "0"):
        return value
    match = _LENGTH_RE.match(value)
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit == "%":
        return value if abs(number) <= 400 else None
    return value if abs(number) * _EM_PER_UNIT[unit] <= MAX_MATH_LENGTH_EM else None


_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={k: set(v) for k, v in ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    allowed_classes={k: set(v) for k, v in ALLOWED_CLASSES.items()},
    link_rel="noopener noreferrer nofollow ugc",
    strip_comments=True,
    attribute_filter=_bounded_lengths,
)

_HARD_BREAK_RE = re.compile(r"(?<!\\)\\[ \t]*(\n|$)")
#: Python-Markdown's link pattern scans ahead from every ``[``: quadratic in their number. Real
#: texts have a few dozen; past this many, brackets are escaped (shown, never links).
MAX_LINK_BRACKETS = 256


def clean_html(html: str) -> str:
    """``html`` reduced to the allowlist (elements, attributes, classes, URL schemes)."""
    return _cleaner.clean(html)


def _hard_breaks(text: str) -> str:
    """A backslash at the end of a line is a line break (as in CommonMark and on GitHub, where
    these lists come from; Python-Markdown would print the backslash)."""
    return _HARD_BREAK_RE.sub(lambda m: "  \n" if m.group(1) else "", text)


class _IsolatedMarkdown(threading.local):
    """One Python-Markdown converter per thread, reset between texts (nothing carries over:
    reference definitions, stashed HTML and footnotes belong to one text)."""

    def __init__(self) -> None:
        self.md = self._new()

    @staticmethod
    def _new() -> markdown.Markdown:
        md = markdown.Markdown(extensions=["sane_lists", "fenced_code", MathMLExtension()], output_format="html")
        md.preprocessors.deregister("html_block")  # raw HTML blocks stay text
        md.inlinePatterns.deregister("html")  # and so do inline tags and comments
        return md

    def convert(self, text: str) -> str:
        self.md.reset()
        try:
            return self.md.convert(text)
        except RecursionError:  # nested thousands deep; the converter's state is left unusable
            self.md = self._new()
            raise


_converter = _IsolatedMarkdown()


@lru_cache(maxsize=65536)
def render_markdown(text: str) -> str:
    """Safe HTML for contributor Markdown (a summary or an introduction), rendered alone."""
    text = _hard_breaks(text)
    if text.count("[") > MAX_LINK_BRACKETS:
        text = text.replace("[", "\\[")
    try:
        converted = _converter.convert(text)
    except RecursionError:  # lists or quotes nested thousands deep: Python-Markdown recurses per level
        converted = "<p>" + html.escape(text) + "</p>"
    return clean_html(converted)


_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_BLOCK_TAGS = frozenset("p br li div pre blockquote ul ol hr tr td mtr mtd".split())
_ANNOTATION_RE = re.compile(r"<annotation\b[^>]*>.*?</annotation>", re.S)  # the TeX source of math


def plain_text(markup: str) -> str:
    """The text of sanitized HTML, whitespace collapsed (for descriptions and feeds)."""
    text = _TAG_RE.sub(lambda m: " " if m.group(2).lower() in _BLOCK_TAGS else "", _ANNOTATION_RE.sub("", markup))
    return " ".join(html.unescape(text).split())
