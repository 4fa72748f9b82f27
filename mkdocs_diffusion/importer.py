"""Import an awesome-list README into category files, or a whole site (``mkdocs-diffusion import``).

The README's block structure comes from a CommonMark parser (markdown-it-py, block rules only,
with its line maps): headings (ATX and setext), paragraphs, list items (their marker taken off),
block quotes. Fenced and indented code and HTML blocks (comments, ``<details>``) are never
headings or entries; code after an entry is kept with its summary, like a paragraph. A list
item right under a paragraph line (``* Names *`` under a bold title, which CommonMark reads as
a bullet) goes on with that paragraph. Runs of plain paragraphs are parsed once for all
(``_compress``), so the work stays linear in the README's structure.

The README is read as a sequence of headings, paragraphs and *entry blocks*. An entry block is a
paragraph that starts with a title line and is laid out like this::

    **Title** \\
    *Author A, Author B* \\
    arXiv 2023. [[Paper](https://arxiv.org/abs/2304.03411)] [[Github](https://github.com/...)] \\
    [Submitted on 6 Apr 2023] \\
    The summary, one or more lines (may be absent).

Rules, in the order they apply:

* **Blocks.** A line that is wholly bold (``**Title**``, optionally followed by ``\\`` and spaces)
  starts a block, even without a blank line before it. A paragraph whose first line is wholly
  italic (``*Title*``) and whose next line holds links is a block with an italic title (videos are
  listed like that). A block ends at a blank line, a heading or the next title line.
* **Header lines.** After the title: an optional italic authors line, then any number of link lines
  (``venue text [[label](url)] ...``) and date lines (``[Submitted on 10 Feb 2023]``, ``6 Oct 2021``,
  ``Submitted on 9 Oct 2022 (v1)``), in any order. The first other line starts the summary; the
  summary is every remaining line of the block, each without its leading indentation (Markdown
  such as trailing ``\\`` hard breaks is kept verbatim). Files are written by the package's one
  YAML writer (:mod:`mkdocs_diffusion.yamlwrite`): summaries as literal blocks (``|-``) or
  double-quoted when a block cannot hold them; :func:`clean_text` turns U+0085, U+2028 and
  U+2029 into line breaks, so every summary loads back through the package's loader exactly.
* **Titles**: GitHub emoji shortcodes (``:fast_forward:``) become the emoji (GitHub's gemoji
  table, as pymdown-extensions ships it); unknown ones stay as written.
* **Authors** are split on commas (or on affiliation digits such as ``Jie An1;2*`` when there are
  no commas); ``<sup>`` tags and equal-contribution marks (``*``, ``∗``, ``†``) are removed.
* **Links.** ``[[label](url)]`` pairs are read leniently, so ``[Paper](url)]``, ``[[Project Page(url)]``,
  ``[[Paper] (url)]`` and a missing ``]`` still give their link (and a warning). Labels are
  normalised: Github/Git/Code -> ``code``, Project/Project page -> ``project``, Paper -> ``paper``,
  Website/Blog/Post -> ``website``, Video/YouTube -> ``video``; others are lowercased. A label
  used twice gets a suffix (``code``, ``code-2``). The venue is the text before the first link.
* **Dates** become ISO ``YYYY-MM-DD``: the first valid ``D Mon YYYY`` of the date line (so
  ``[Submitted on 8 26 Jul 2023]`` gives 2023-07-26 and a "last revised" date is ignored).
* **Categories.** Headings nest: ``## Vision`` / ``### Generation`` gives the category title
  ``Vision / Generation``. Level-1 headings (the document title, ``# Papers``, ``# Resources``)
  only group categories and are not part of titles, unless entries sit directly under one. A
  heading that is just a date (``### 8 Aug. 2023``) is not a category either: the entries under
  it get that date as ``added`` and belong to the enclosing heading (e.g. ``New updated``).
  Sections without entries (such as ``Contents``) give no file. Prose before a section's first
  block becomes the category's introduction; a paragraph after a block is kept as the
  continuation of that block's summary (and reported).
* **Resources.** Categories under a ``# Resources`` heading are written to ``resources/`` and every
  entry gets a ``kind``: ``video`` when it has a video link, ``paper`` when it has a paper link,
  otherwise ``post``. Everything else goes to ``papers/``.
* **File names** are ASCII slugs of the heading path (``vision-generation.md``); known Korean
  headings are transliterated (``수학기반향상`` -> ``math-based-improvements``), other non-ASCII
  headings fall back to ``category-N``; names are made unique with ``-2``, ``-3``...

Nothing is dropped silently: a block that cannot be parsed (no well-formed title, or neither
authors nor links nor a date) is still written, with the raw block text as its summary and a
``# importer: could not parse lines N-M`` comment above it, and it is listed in the report,
which ends with ``blocks in: N, entries out: M, unparsed: K``. Missing authors are written as
``authors: []`` so that ``mkdocs-diffusion check`` points at them; an entry without a summary is
written without one (the format allows it; a site decides with ``require_summary``).

``--site DIR`` writes a complete site (:func:`write_site`): ``mkdocs.yml`` (Material, the
language guessed from the text, search in that language, the plugin with
``require_summary: false`` when no entry has a summary and ``link_labels`` for labels of its
own), ``docs/index.md`` and the category files under ``docs/``.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from .identity import slugify as identity_slugify
from .model import Coded, code_of
from .yamlwrite import FIELD_ORDER, entry_lines, field_lines

__all__ = [
    "ENTRY_FIELDS",
    "ImportResult",
    "ImportedCategory",
    "ImportedEntry",
    "normalise_label",
    "parse_date",
    "parse_readme",
    "render_category",
    "run_import",
    "slugify",
    "write_categories",
]

#: The keys of an entry, in the order they are written (the writer's order).
ENTRY_FIELDS = FIELD_ORDER

#: Slugs for known non-ASCII headings.
KNOWN_SLUGS = {
    "수학기반향상": "math-based-improvements",
    "기타": "misc",
    "읽을것들": "to-read",
}

_LABELS = {
    "github": "code",
    "gitub": "code",
    "git": "code",
    "code": "code",
    "project": "project",
    "project page": "project",
    "page": "project",
    "paper": "paper",
    "website": "website",
    "blog": "website",
    "post": "website",
    "medium": "website",
    "video": "video",
    "youtube": "video",
    "youtube channel": "video",
}

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# Every pattern below is used in time linear in its input (READMEs are contributor content).
# No two quantifiers can split the same run of characters between them in many ways (what made
# the old link pattern, with '\s*' around a lazy label that also took spaces, cubic); patterns
# anchored to the start of a line back off at most once over it; and where a search would read
# a long run again from each of its positions (spaces, numbers, a tag never closed...), the
# helpers below (_remove_date_exprs, _remove_tags, _italic_text, _strip_marks,
# normalise_label) give the result of the plain pattern in linear time.
_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s+" + _MONTH + r"\b\.?,?\s+(\d{4})(?!\d)", re.IGNORECASE)
# a whole date expression as written in a date line, to tell what else the line says
# (use it through _remove_date_exprs: a plain search is quadratic on long runs of numbers)
_DATE_EXPR_HEAD = r"\[?\s*(?:submitted\s+on\s+)?(?:\d{1,2}\s+)*"


def _date_expr(note: str) -> str:
    return (
        _DATE_EXPR_HEAD + r"\d{1,2}\s+" + _MONTH + r"\b\.?,?\s+\d{4}"
        r"(?:\s*\(v\d+\))?(?:\s*,\s*last\s+revised\s+\d{1,2}\s+" + _MONTH + r"\b\.?\s+\d{4}" + note + r")?\s*\]?"
    )


_DATE_EXPR_RE = re.compile(_date_expr(r"(?:\s*\([^)]*\))?"), re.IGNORECASE)
# the same without the '(...)' note, for where no ')' follows (the note would fail anyway)
_DATE_EXPR_NO_NOTE_RE = re.compile(_date_expr(""), re.IGNORECASE)
_DATE_EXPR_HEAD_RE = re.compile(_DATE_EXPR_HEAD, re.IGNORECASE)
_DATE_HEADING_RE = re.compile(r"^\s*(\d{1,2})\s+" + _MONTH + r"\b\.?,?\s+(\d{4})\s*$", re.IGNORECASE)
_BOLD_LINE_RE = re.compile(r"^\s*\*\*(.*)\*\*\s*(?:\\\s*)?$")
# a line in single stars; _italic_text also requires one character or a visible one inside
_ITALIC_LINE_RE = re.compile(r"^\s*\*(?!\*)(.+)\*\s*(?:\\\s*)?$")
_VISIBLE_RE = re.compile(r"[^*\s\\]")
_URL = r"https?://(?:[^\s()<>\[\]]|\([^\s()]*\))+"
# '[[label](url)]' read leniently. The label (group 1, None when empty) is its words and the
# spaces between them, so the spaces around it can only go to one '\s*' each.
_LINK_RE = re.compile(
    r"\[{1,2}\s*(?:([^\[\]()\s]+(?:\s+[^\[\]()\s]+)*)\s*)?(?:\]\s*)?\(\s*(" + _URL + r")\s*\)\s*\]?"
)
_STRICT_LINK_RE = re.compile(r"\[\[[^\[\]()]*\]\(" + _URL + r"\)\]")
# (use them through _remove_tags: a plain search is quadratic on tags that are never closed)
_SUP_RE = re.compile(r"<sup>.*?</sup>", re.IGNORECASE)
_SUP_END_RE = re.compile(r"</sup>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_AND_RE = re.compile(r"(?<!\s)\s+and\s+")  # starts at the first space of a run
_LABEL_NUMBER_RE = re.compile(r"\d+[\s_-]*")  # 'Github-2' -> 'Github', on the reversed label
_LEADING_MARKS_RE = re.compile(r"[\s*#\\]+")
_TRAILING_MARKS_RE = re.compile(r"[\s*\\]+")  # on the reversed line
_AFFILIATION_SPLIT_RE = re.compile(r"(?<=[^\W\d_.])\d[\d,;]*[*∗†‡]*\s*|[*∗†‡]+\s*")


# ---------------------------------------------------------------------------
# data


@dataclass
class ImportedEntry:
    """One entry block of the README, converted."""

    data: dict  # the entry in the category file format (keys of ENTRY_FIELDS)
    line: int  # first line of the block in the README (1-based)
    end_line: int  # last line of the block
    heading_path: tuple[str, ...] = ()
    parsed: bool = True
    notes: list[tuple[int, str]] = field(default_factory=list)  # (README line, what the report says)
    comments: list[str] = field(default_factory=list)  # YAML comments written above the entry


@dataclass
class ImportedCategory:
    """One category file to write."""

    title: str
    heading_path: tuple[str, ...]
    section: str = "papers"  # 'papers' or 'resources': the folder under the output directory
    line: int = 0  # line of the heading (0: before any heading)
    slug: str = ""
    order: int | None = None
    description: str | None = None
    body: str = ""
    entries: list[ImportedEntry] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.section}/{self.slug}.md"


@dataclass
class ImportResult:
    """What parsing a README gave."""

    categories: list[ImportedCategory]
    blocks: int  # entry blocks found in the README
    messages: list[tuple[int, str]] = field(default_factory=list)  # (line, text), in line order

    @property
    def entries(self) -> list[ImportedEntry]:
        return [e for c in self.categories for e in c.entries]

    @property
    def unparsed(self) -> list[ImportedEntry]:
        return [e for e in self.entries if not e.parsed]

    @property
    def by_path(self) -> dict[tuple[str, ...], ImportedCategory]:
        return {c.heading_path: c for c in self.categories}

    def summary_line(self) -> str:
        return f"blocks in: {self.blocks}, entries out: {len(self.entries)}, unparsed: {len(self.unparsed)}"


# ---------------------------------------------------------------------------
# small parsers


def parse_date(text: str) -> str | None:
    """The first valid ``D Mon YYYY`` date in ``text`` as ``YYYY-MM-DD``, else None."""
    for m in _DATE_RE.finditer(text):
        day, month, year = int(m.group(1)), _MONTHS[m.group(2)[:3].lower()], int(m.group(3))
        try:
            return _dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def normalise_label(label: str) -> str:
    """``Github`` -> ``code``, ``Project Page`` -> ``project``... others lowercased."""
    key = " ".join(label.split()).lower()
    if key in _LABELS:
        return _LABELS[key]
    # 'Github2', 'Github-1': the trailing number and the separators before it go (matched on
    # the reversed key, as a search for r"[\s_-]*\d+$" would try every start of a long number)
    number = _LABEL_NUMBER_RE.match(key[::-1])
    base = key[: len(key) - number.end()] if number else key
    if base in _LABELS:
        return _LABELS[base]
    key = re.sub(r"[^a-z0-9 _.-]", "", key).strip(" _.-")
    return key or "link"


def slugify(text: str) -> str:
    """An ASCII slug ('Vision / Generation' -> 'vision-generation'); '' if nothing ASCII is left."""
    known = KNOWN_SLUGS.get(text.strip())
    if known:
        return known
    return identity_slugify(text, max_length=10**6, ascii_only=True, empty="")


def _split_authors(text: str) -> list[str]:
    text = _remove_tags(text)
    if re.search(r",(?!\d)", text):  # '1,2' is an affiliation, not a separator
        parts = re.split(r",(?!\d)|\band\b(?=\s)", text) if " and " in text else re.split(r",(?!\d)", text)
    elif _AND_RE.search(text):
        parts = _AND_RE.split(text)
    else:
        parts = _AFFILIATION_SPLIT_RE.split(text)
    names = []
    for part in parts:
        name = " ".join(part.split()).strip(" *∗†‡")
        name = re.sub(r"(?<=[^\W\d_])\d[\d;]*$", "", name)  # 'Wu1' -> 'Wu'
        if name:
            names.append(name)
    return names


def _remove_tags(text: str) -> str:
    """``_TAG_RE.sub("", _SUP_RE.sub("", text))`` in linear time: a tag can only match before
    the last closing ``</sup>`` / ``>`` (on its line, for ``<sup>``), so the patterns only run
    on the text up to there, where every candidate match is completed instead of scanning to
    the end in vain."""

    def sup_free(line: str) -> str:
        end = 0
        for end_match in _SUP_END_RE.finditer(line):
            end = end_match.end()
        return _SUP_RE.sub("", line[:end]) + line[end:]

    text = "\n".join(sup_free(line) for line in text.split("\n"))
    end = text.rfind(">") + 1
    return _TAG_RE.sub("", text[:end]) + text[end:]


def _italic_text(line: str) -> str | None:
    """The text between the stars of a wholly italic line (``*Title*``, optionally followed by
    ``\\``): one character, or text with a character that is not a star, a space or ``\\``.
    None for other lines."""
    m = _ITALIC_LINE_RE.match(line)
    if m is None:
        return None
    text = m.group(1)
    return text if len(text) == 1 or _VISIBLE_RE.search(text) else None


def _strip_marks(line: str) -> str:
    r"""``line`` without leading spaces, ``*``, ``#`` and ``\``, and without trailing spaces,
    ``*`` and ``\`` (as ``re.sub(r"^[\s*#\\]+|[\s*\\]+$", "", line)``, in linear time)."""
    lead = _LEADING_MARKS_RE.match(line)
    rest = line[lead.end() :] if lead else line
    trail = _TRAILING_MARKS_RE.match(rest[::-1])
    return rest[: len(rest) - trail.end()] if trail else rest


def _title_of(line: str) -> str | None:
    m = _BOLD_LINE_RE.match(line)
    if m:
        return m.group(1).strip() or None
    text = _italic_text(line)
    if text is not None:
        return text.strip() or None
    return None


def _is_link_line(line: str) -> bool:
    return _LINK_RE.search(line) is not None


def _remove_date_exprs(text: str) -> str:
    """``_DATE_EXPR_RE.sub(" ", text)`` in linear time.

    A plain search tries every position, and from each number of a long run of numbers (or
    each space of a run) it reads the rest of the run before failing. Here, when no date
    expression starts at a position, the search goes on after the ``[``, spaces, ``submitted
    on`` and numbers read from there: no expression can start among them either, since it
    would read the same run and fail the same way."""
    out = []
    last = pos = 0
    closing = text.rfind(")")
    while pos < len(text):
        m = (_DATE_EXPR_RE if pos <= closing else _DATE_EXPR_NO_NOTE_RE).match(text, pos)
        if m:
            out.append(text[last:pos])
            out.append(" ")
            last = pos = m.end()
        else:
            pos = max(pos + 1, _DATE_EXPR_HEAD_RE.match(text, pos).end())
    out.append(text[last:])
    return "".join(out)


def _date_line_rest(line: str) -> str | None:
    """For a date line, the other text on it (maybe ''); None if the line is not a date line."""
    if len(line) > 160 or not _DATE_RE.search(line):
        return None
    rest = _remove_date_exprs(line)
    rest = " ".join(rest.replace("\\", " ").replace("`", " ").split())
    if len(rest) > 30:
        return None
    return rest


def _clean_venue(parts: Iterable[str]) -> str:
    text = " ".join(p for p in parts if p)
    text = _remove_date_exprs(text)
    text = " ".join(text.replace("\\", " ").replace("`", " ").split())
    return text.strip(" .,;")


# ---------------------------------------------------------------------------
# the README's block structure, from markdown-it-py


_MARKDOWN = None
_LIST_MARKER_RE = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE_MARKER_RE = re.compile(r"[ \t]{0,3}>[ \t]?")


def _markdown():
    """A CommonMark block parser (markdown-it-py); inline parsing is off: only the block
    structure and its line maps are read."""
    global _MARKDOWN
    if _MARKDOWN is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark")
        md.core.ruler.disable(["inline", "text_join"])
        _MARKDOWN = md
    return _MARKDOWN


def _normalise_source(text: str) -> str:
    """The README as markdown-it-py reads it (line ends as ``\\n``, NUL as U+FFFD), so its line
    maps index ``text.split("\\n")``."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


# A line that starts, at column 0, with a character no CommonMark block construct starts with, and
# holds no '>' (which could end an HTML block such as a comment): after a blank line, such a line
# is a new top-level paragraph, or content of the fence or HTML block still open above it.
_PLAIN_LINE_RE = re.compile(r"[^\s#`~<>\-+*_=0-9\[|\\][^>]*\Z")


def _compress(lines: list[str]) -> tuple[list[int], dict[int, list[tuple[int, int]]]]:
    """Which lines markdown-it-py needs to see, and what stands for the others.

    A run of three or more segments *blank lines, then plain lines* (``_PLAIN_LINE_RE``) keeps
    only its first and last segment: every segment in between starts after a blank line with a
    plain line, so it has the first one's fate (its own top-level paragraph, or content of the
    same open fence or HTML block) and changes nothing after it. Returns the kept line indexes
    (in order) and, for the first plain line of each first segment kept, the ``(start, end)``
    line ranges of the plain lines of the segments left out. This keeps the parser's work in
    proportion to the README's structure, not to runs of prose (a README of 200,000 one-line
    paragraphs)."""
    n = len(lines)
    plain = [bool(_PLAIN_LINE_RE.match(line)) for line in lines]
    blank = [not line.strip(" \t") for line in lines]
    kept: list[int] = []
    dropped: dict[int, list[tuple[int, int]]] = {}
    i = 0
    while i < n:
        if not blank[i]:
            kept.append(i)
            i += 1
            continue
        segments: list[tuple[int, int, int]] = []  # (first blank, first plain, end) from line i on
        j = i
        while j < n:
            b0 = j
            while j < n and blank[j]:
                j += 1
            p0 = j
            while j < n and plain[j]:
                j += 1
            if j == p0 or (j < n and not blank[j]):  # no plain line, or they run into another line
                break
            segments.append((b0, p0, j))
        if len(segments) >= 3:
            first, last = segments[0], segments[-1]
            kept.extend(range(first[0], first[2]))
            dropped[first[1]] = [(seg[1], seg[2]) for seg in segments[1:-1]]
            kept.extend(range(last[0], last[2]))
            i = last[2]
        else:  # kept as they are; the scan goes on after what was read (each line read twice at most)
            end = segments[-1][2] if segments else next((k for k in range(i, n) if not blank[k]), n)
            kept.extend(range(i, end))
            i = end
    return kept, dropped


def _structure(lines: list[str]) -> Iterator[tuple[str, int, object]]:
    """The README's blocks in order, from the parser's tokens: ``("heading", line, (level,
    text))``, ``("paragraph", line, [(line, text), ...])`` and ``("code", line, [...])`` for
    fenced and indented code. Paragraph lines are the source lines (1-based numbers) without
    the list-item marker of an item's first line and without blockquote markers. HTML blocks
    (comments, ``<details>``) give nothing; nothing inside code or HTML is ever a heading or an
    entry. Linear in the README (markdown-it-py's block rules are, nesting is capped by it,
    and runs of plain paragraphs are parsed once for all: ``_compress``)."""
    kept, dropped = _compress(lines)
    tokens = _markdown().parse("\n".join(lines[k] for k in kept))

    def span(token) -> range:  # the token's lines, as indexes of ``lines``
        start, end = token.map
        return range(kept[start], kept[end - 1] + 1) if end > start else range(kept[start], kept[start])

    items: list[int] = []  # first lines of the open list items
    quotes = 0
    pending: list[tuple[int, str]] = []  # the paragraph read last, still open to a list below it
    pending_top = False  # ... when it is not itself in a list or a quote
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "list_item_open":
            items.append(kept[token.map[0]] if token.map else -1)
        elif kind == "list_item_close":
            items.pop()
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "paragraph_open" and token.map:
            lines_of = span(token)
            start = lines_of.start
            if pending and pending_top and start == pending[-1][0] and items and items[-1] == start:
                # a list item right under a paragraph line ('* Names *' under a bold title, as
                # GitHub reads it): the entry's lines go on, as written
                pending.extend((n + 1, lines[n]) for n in lines_of)
                continue
            if pending:
                yield "paragraph", pending[0][0], pending
            pending, pending_top = [], not items and not quotes
            for n in lines_of:
                line = lines[n]
                for _ in range(quotes):
                    m = _QUOTE_MARKER_RE.match(line)
                    if m is None:
                        break
                    line = line[m.end() :]
                for first in reversed(items):
                    if first != n:
                        break
                    m = _LIST_MARKER_RE.match(line)
                    if m is not None:
                        line = line[m.end() :]
                pending.append((n + 1, line))
            if start in dropped and not items and not quotes:
                yield "paragraph", pending[0][0], pending
                pending = []
                for p0, p1 in dropped[start]:  # the paragraphs that stood in the same place
                    yield "paragraph", p0 + 1, [(n + 1, lines[n]) for n in range(p0, p1)]
        elif kind == "heading_open" and token.map:
            if pending:
                yield "paragraph", pending[0][0], pending
                pending = []
            text = tokens[i + 1].content if i + 1 < len(tokens) else ""
            yield "heading", kept[token.map[0]] + 1, (int(token.tag[1:]), _emojis(text.strip()))
        elif kind in ("fence", "code_block", "html_block", "hr") and token.map:
            if pending:
                yield "paragraph", pending[0][0], pending
                pending = []
            if kind in ("fence", "code_block"):
                lines_of = span(token)
                yield "code", lines_of.start + 1, [(n + 1, lines[n]) for n in lines_of]
    if pending:
        yield "paragraph", pending[0][0], pending


_EMOJI = None
_SHORTCODE_RE = re.compile(r":([a-z0-9_+-]{1,60}):")


def _emoji_table() -> dict[str, str]:
    """GitHub's emoji shortcodes (``fast_forward`` -> U+23E9) from the gemoji index that
    pymdown-extensions (a dependency of Material for MkDocs) ships; empty when it is absent."""
    global _EMOJI
    if _EMOJI is None:
        table: dict[str, str] = {}
        try:
            from pymdownx import gemoji_db
        except ImportError:  # pragma: no cover - Material always brings pymdown-extensions
            gemoji_db = None
        if gemoji_db is not None:
            for code, data in gemoji_db.emoji.items():
                points = data.get("unicode_alt") or data.get("unicode")
                if points:
                    table[code.strip(":")] = "".join(chr(int(p, 16)) for p in points.split("-"))
            for alias, code in gemoji_db.aliases.items():
                if code.strip(":") in table:
                    table[alias.strip(":")] = table[code.strip(":")]
        _EMOJI = table
    return _EMOJI


def _emojis(text: str) -> str:
    """``:fast_forward: Title`` -> ``⏩ Title``: GitHub emoji shortcodes as the emoji (unknown
    ones are left as written)."""
    if ":" not in text:
        return text
    table = _emoji_table()
    return _SHORTCODE_RE.sub(lambda m: table.get(m.group(1), m.group(0)), text)


# ---------------------------------------------------------------------------
# blocks


def _parse_block(lines: list[tuple[int, str]], heading_path: tuple[str, ...], added: str | None, resources: bool) -> ImportedEntry:
    first, last = lines[0][0], lines[-1][0]
    notes: list[tuple[int, str]] = []
    title = _title_of(lines[0][1])
    if title is not None:
        title = _emojis(title)
    rest = lines[1:]
    authors: list[str] | None = None
    if title is not None and not _BOLD_LINE_RE.match(lines[0][1]):
        pass  # an italic title: no authors line follows
    elif rest and not _BOLD_LINE_RE.match(rest[0][1]):
        italic = _italic_text(rest[0][1])
        if italic is not None:
            authors = _split_authors(italic)
            rest = rest[1:]

    links: dict[str, str] = {}
    next_suffix: dict[str, int] = {}  # label -> first suffix number that may be free
    venue_parts: list[str] = []
    line_date: str | None = None  # from a date line
    venue_date: str | None = None  # from a date written in the venue text
    summary_start = len(rest)
    for i, (number, line) in enumerate(rest):
        if _is_link_line(line):
            matches = list(_LINK_RE.finditer(line))
            outside = _LINK_RE.sub(" ", line)
            if len(" ".join(outside.replace("\\", " ").split())) > 80:  # a sentence with a link: summary
                summary_start = i
                break
            if len(_STRICT_LINK_RE.findall(line)) != len(matches):
                notes.append((number, "broken link markup read leniently"))
            if not links:
                venue_parts.append(line[: matches[0].start()])
            for m in matches:
                label = normalise_label(m.group(1) or "")
                key = label
                if key in links:  # 'code-2', 'code-3'...: the first one free
                    n = next_suffix.get(label, 2)  # those before are taken (links only grow)
                    while f"{label}-{n}" in links:
                        n += 1
                    key, next_suffix[label] = f"{label}-{n}", n + 1
                links[key] = m.group(2)
            venue_date = venue_date or parse_date(outside)
            continue
        rest_text = _date_line_rest(line)
        if rest_text is not None:
            line_date = line_date or parse_date(line)
            if rest_text:
                venue_parts.append(rest_text)
            continue
        summary_start = i
        break
    date = line_date or venue_date

    summary_lines = [line.strip() if j == len(rest) - 1 else line.lstrip() for j, (_, line) in enumerate(rest) if j >= summary_start]
    while summary_lines and not summary_lines[-1]:
        summary_lines.pop()
    summary = "\n".join(summary_lines).strip("\n").rstrip()

    parsed = title is not None and bool(authors or links or date)
    if not parsed:
        raw = "\n".join(line for _, line in lines)
        guess = title or _strip_marks(lines[0][1]) or f"(untitled block at line {first})"
        data = {"title": guess, "authors": authors or [], "links": links, "summary": raw.rstrip()}
        reason = "no title line" if title is None else "neither authors, links nor a date"
        entry = ImportedEntry(data, first, last, heading_path, parsed=False)
        entry.comments.append(f"importer: could not parse lines {first}-{last} ({reason}); the raw block is the summary")
        entry.notes.append((first, Coded(f"could not parse lines {first}-{last} ({reason}); kept with the raw block as its summary", "unparsed-block")))
    else:
        data = {"title": title, "authors": authors or []}
        venue = _clean_venue(venue_parts)
        if venue:
            data["venue"] = venue
        if date:
            data["date"] = date
        if links:
            data["links"] = links
        if summary:
            data["summary"] = summary
        entry = ImportedEntry(data, first, last, heading_path, notes=notes)
        if not authors:
            entry.comments.append(f"importer: no authors line in the source (line {first}); fill in 'authors'")
            entry.notes.append((first, "no authors line; written as authors: []"))
        if date is None and any(_DATE_RE.search(line) for _, line in lines[1 : summary_start + 2]):
            entry.notes.append((first, "a date is written but it is not a valid date"))
    if added:
        entry.data["added"] = added
    if resources:
        kinds = entry.data.get("links", {})
        entry.data["kind"] = "video" if "video" in kinds else "paper" if "paper" in kinds else "post"
    entry.data = {k: entry.data[k] for k in ENTRY_FIELDS if k in entry.data}
    return entry


def parse_readme(text: str) -> ImportResult:
    """Parse an awesome-list README (see the module docstring for the rules)."""
    lines = _normalise_source(text).split("\n")
    categories: dict[tuple[str, ...], ImportedCategory] = {}
    messages: list[tuple[int, str]] = []
    stack: list[tuple[int, str, int]] = []  # (level, text, line)
    added: str | None = None
    added_level = 0
    blocks = 0
    section_prose: list[str] = []  # paragraphs of the current section before its first block
    last_entry: ImportedEntry | None = None
    continued: dict[int, tuple[ImportedEntry, list[str]]] = {}  # paragraphs after a block

    def category_for() -> ImportedCategory:
        path = tuple(t for lvl, t, _ in stack if lvl > 1) or tuple(t for _, t, _ in stack[-1:])
        cat = categories.get(path)
        if cat is None:
            resources = any(lvl == 1 and t.strip().lower() == "resources" for lvl, t, _ in stack)
            heading_line = stack[-1][2] if stack else 0
            cat = ImportedCategory(
                title=" / ".join(path) if path else "Uncategorized",
                heading_path=path,
                section="resources" if resources else "papers",
                line=heading_line,
            )
            categories[path] = cat
        return cat

    def flush(paragraph: list[tuple[int, str]]) -> None:
        nonlocal blocks, last_entry
        if not paragraph:
            return
        # split at title lines: a wholly bold line always starts a block
        chunks: list[list[tuple[int, str]]] = []
        for number, line in paragraph:
            if not chunks or _BOLD_LINE_RE.match(line):
                chunks.append([(number, line)])
            else:
                chunks[-1].append((number, line))
        for chunk in chunks:
            head = chunk[0][1]
            is_block = head.lstrip().startswith("**") or (
                _italic_text(head) is not None and len(chunk) > 1 and _is_link_line(chunk[1][1])
            )
            if not is_block:
                prose = "\n".join(line for _, line in chunk)
                if last_entry is not None:  # reset at every heading
                    # joined to the summary at the end (one by one, that would be quadratic)
                    continued.setdefault(id(last_entry), (last_entry, []))[1].append("\n".join(line.strip() for _, line in chunk))
                    last_entry.notes.append((chunk[0][0], f"paragraph (lines {chunk[0][0]}-{chunk[-1][0]}) after the block kept as part of its summary"))
                else:
                    section_prose.append(prose)
                continue
            blocks += 1
            cat = category_for()
            entry = _parse_block(chunk, cat.heading_path, added, cat.section == "resources")
            if not cat.entries and section_prose and not cat.body:
                cat.body = "\n\n".join(section_prose) + "\n"
            section_prose.clear()
            cat.entries.append(entry)
            last_entry = entry

    def prose(chunk: list[tuple[int, str]]) -> None:
        """Lines that are never an entry (a code block): the introduction, or after a block,
        the continuation of its summary."""
        if not chunk:
            return
        if last_entry is not None:
            continued.setdefault(id(last_entry), (last_entry, []))[1].append("\n".join(line for _, line in chunk))
            last_entry.notes.append((chunk[0][0], f"code block (lines {chunk[0][0]}-{chunk[-1][0]}) after the block kept as part of its summary"))
        else:
            section_prose.append("\n".join(line for _, line in chunk))

    for kind, first, payload in _structure(lines):
        if kind == "paragraph":
            flush(payload)
            continue
        if kind == "code":
            prose(payload)
            continue
        number, level, title = first, payload[0], payload[1]
        dm = _DATE_HEADING_RE.match(title)
        if dm:
            added = parse_date(title)
            added_level = level
            if added is None:
                messages.append((number, f"heading {title!r} looks like a date but is not a valid one"))
            last_entry = None
            continue
        if added is not None and level <= added_level:
            added = None
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title, number))
        last_entry = None
        section_prose.clear()
    for entry, paragraphs in continued.values():
        summary = entry.data.get("summary", "")
        entry.data["summary"] = "\n\n".join(([summary] if summary else []) + paragraphs)
        entry.data = {k: entry.data[k] for k in ENTRY_FIELDS if k in entry.data}

    cats = [c for c in categories.values() if c.entries]
    _assign_slugs(cats)
    no_summary = [e.line for c in cats for e in c.entries if e.parsed and not e.data.get("summary")]
    if no_summary:
        shown = ", ".join(map(str, no_summary[:5])) + (", ..." if len(no_summary) > 5 else "")
        messages.append((no_summary[0], f"{len(no_summary)} entries have no summary (blocks at lines {shown}); written without one "
                                        "(a site with require_summary: false accepts that; --site sets it when no entry has one)"))
    for i, cat in enumerate(cats, 1):
        cat.order = i
        for entry in cat.entries:
            messages.extend(entry.notes)
    messages.sort(key=lambda m: m[0])
    return ImportResult(cats, blocks, messages)


def _assign_slugs(cats: list[ImportedCategory]) -> None:
    used: set[str] = set()
    next_suffix: dict[tuple[str, str], int] = {}  # first suffix number that may be free
    for n, cat in enumerate(cats, 1):
        parts = [slugify(p) for p in cat.heading_path] or [slugify(cat.title)]
        base = "-".join(p for p in parts if p) if all(parts) else ""
        base = base or f"category-{n}"
        slug = base
        if f"{cat.section}/{slug}" in used:  # the first of base-2, base-3... that is free
            k = next_suffix.get((cat.section, base), 2)  # those before are taken (used only grows)
            while f"{cat.section}/{base}-{k}" in used:
                k += 1
            slug, next_suffix[(cat.section, base)] = f"{base}-{k}", k + 1
        used.add(f"{cat.section}/{slug}")
        cat.slug = slug


# ---------------------------------------------------------------------------
# writing the files (through the package's one YAML writer, mkdocs_diffusion.yamlwrite)

_SEPARATORS = {"\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
_SEPARATOR_RE = re.compile("[\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """A summary as the format holds it: U+0085 (NEL) and U+2028 (line separator) become a line
    break, U+2029 (paragraph separator) a blank line (the format refuses those characters,
    Markdown and YAML do not agree on them), and leading and trailing line breaks go (the
    loader drops them). Written by :mod:`~mkdocs_diffusion.yamlwrite`, the result loads back
    from the file exactly, through the package's loader too."""
    return _SEPARATOR_RE.sub(lambda m: _SEPARATORS[m.group(0)], text).strip("\n")


def _as_written(data: dict) -> dict:
    """The entry's values as the writer takes them: ``YYYY-MM-DD`` dates as dates (written bare),
    summaries through :func:`clean_text`."""
    out = dict(data)
    for key in ("date", "added"):
        value = out.get(key)
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                out[key] = _dt.date.fromisoformat(value)
            except ValueError:
                pass
    if isinstance(out.get("summary"), str):
        out["summary"] = clean_text(out["summary"])
    return out


def render_category(cat: ImportedCategory) -> str:
    """The text of a category file: YAML front matter with the entries, then the prose."""
    head = {"title": cat.title}
    if cat.description:
        head["description"] = cat.description
    if cat.order is not None:
        head["order"] = int(cat.order)
    out = ["---", *field_lines(head)]
    if cat.entries:
        out.append("papers:")
        for entry in cat.entries:
            out.extend(f"  # {' '.join(c.split())}" for c in entry.comments)
            out.extend(entry_lines(_as_written(entry.data)))
    else:
        out.append("papers: []")
    out.append("---")
    text = "\n".join(out) + "\n"
    if cat.body.strip():
        text += "\n" + cat.body.strip("\n") + "\n"
    return text


def write_categories(result: ImportResult | Iterable[ImportedCategory], out_dir: Path, overwrite: bool = True) -> list[Path]:
    """Write one file per category under ``out_dir/papers/`` or ``out_dir/resources/``."""
    cats = result.categories if isinstance(result, ImportResult) else list(result)
    targets = [Path(out_dir) / cat.filename for cat in cats]
    if len(set(targets)) != len(targets):
        raise ValueError("two categories would be written to the same file")
    if not overwrite:
        existing = [t for t in targets if t.exists()]
        if existing:
            raise FileExistsError(f"{existing[0]} exists (and {len(existing) - 1} more); use --force to overwrite")
    for cat, target in zip(cats, targets):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_category(cat), encoding="utf-8")
    return targets


# ---------------------------------------------------------------------------
# a whole site: mkdocs.yml, docs/index.md and the category files

_HANGUL_RE = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_NUMBERED_LABEL_RE = re.compile(r"^(.*?)-\d+$")
KOREAN_SHARE = 0.1  # of the letters in the README, from which a site is Korean


def guess_language(text: str) -> str:
    """``ko`` when Hangul makes up at least ``KOREAN_SHARE`` of the README's letters, else ``en``
    (the plugin's two catalogs; English is the fallback)."""
    letters = sum(1 for c in text if c.isalpha())
    hangul = len(_HANGUL_RE.findall(text))
    return "ko" if letters and hangul / letters >= KOREAN_SHARE else "en"


#: Characters a name written into ``mkdocs.yml`` may not keep: line breaks and other controls
#: (a comment line would end) and what HTML gives a meaning to (themes print ``site_name``
#: unescaped, in attributes and ``<title>``).
_UNSAFE_NAME_RE = re.compile("[<>\"'&`\x00-\x1f\x7f-\x9f\u2028\u2029]")


def plain_name(text: str, limit: int = 100) -> str:
    """An untrusted name (a README's title, its file name) as plain text on one line, for
    ``site_name`` and comments: the unsafe characters become spaces; at most ``limit`` characters."""
    return " ".join(_UNSAFE_NAME_RE.sub(" ", text).split())[:limit].strip()


def site_name_of(readme: Path, text: str = "") -> str:
    """A site name: the README's first heading when it is a level-1 heading (the list's title),
    else from its file name: its folder for ``README.md``, else the name without ``.md`` /
    ``.README`` (``Awesome-Diffusion-Models.README.md`` -> ``Awesome Diffusion Models``). Plain
    text (:func:`plain_name`)."""
    for kind, _, payload in _structure(_normalise_source(text).split("\n")):
        if kind == "heading":
            level, title = payload
            if level == 1 and plain_name(_strip_marks(title)):
                return plain_name(_strip_marks(title))
            break
    path = Path(readme).resolve()
    stem = path.name
    for suffix in (".md", ".markdown", ".README", ".readme"):
        if stem.lower().endswith(suffix.lower()):
            stem = stem[: -len(suffix)]
    if not stem or stem.lower() == "readme":
        stem = path.parent.name or "Papers"
    return plain_name(stem.replace("-", " ").replace("_", " ")) or "Papers"


def site_config(result: ImportResult, site_name: str, language: str) -> dict:
    """The ``mkdocs.yml`` of an imported list: Material in the list's language, search in that
    language (and English), and the plugin with the options the list needs:
    ``require_summary: false`` when no entry has a summary, ``require_authors: false`` when an
    entry has no authors, ``link_labels`` for the labels it
    uses beyond the known ones."""
    from .model import KNOWN_LINK_LABELS

    entries = result.entries
    labels = sorted({_NUMBERED_LABEL_RE.sub(r"\1", label) for e in entries for label in e.data.get("links", {})} - set(KNOWN_LINK_LABELS))
    options: dict = {}
    if not any(str(e.data.get("summary") or "").strip() for e in entries if e.parsed):
        options["require_summary"] = False
    if any(not e.data.get("authors") for e in entries if e.parsed):
        options["require_authors"] = False
    if labels:
        options["link_labels"] = labels
    return {
        "site_name": site_name,
        "theme": {
            "name": "material",
            "language": language,
            "features": ["navigation.tabs", "navigation.sections", "navigation.prune", "navigation.top", "search.highlight", "toc.follow"],
        },
        "plugins": [{"search": {"lang": [language, "en"] if language != "en" else ["en"]}}, {"diffusion": options} if options else "diffusion"],
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", {"toc": {"permalink": True}}],
    }


def home_page(site_name: str, source: str, language: str) -> str:
    """``docs/index.md``: the site's name, one line on where the list comes from (the words from
    the message catalog) and the plugin's numbers and latest additions."""
    from .i18n import Messages
    from .render import md_inline

    lead = Messages(language)("import.home_lead", source=md_inline(source))
    return f"# {md_inline(site_name)}\n\n{lead}\n\n<!-- diffusion:stats -->\n"


def write_site(result: ImportResult, site_dir: Path, readme: Path, text: str, overwrite: bool = False) -> list[Path]:
    """A complete site under ``site_dir``: ``mkdocs.yml``, ``docs/index.md`` and the category
    files under ``docs/``. Nothing is written when one of these files exists, unless
    ``overwrite`` (other files are left alone)."""
    from .yamlwrite import dump_config_yaml

    site_dir = Path(site_dir)
    language = guess_language(text)
    name = site_name_of(readme, text)
    config, index = site_dir / "mkdocs.yml", site_dir / "docs" / "index.md"
    if not overwrite:
        existing = [p for p in (config, index) if p.exists()] + [site_dir / "docs" / c.filename for c in result.categories if (site_dir / "docs" / c.filename).exists()]
        if existing:
            raise FileExistsError(f"{existing[0]} exists (and {len(existing) - 1} more); use --force to overwrite")
    paths = write_categories(result, site_dir / "docs", overwrite=True)
    source = plain_name(Path(readme).name, 200) or "README"
    header = f"# Written by mkdocs-diffusion import from {source}; edit freely.\n"
    config.write_text(header + dump_config_yaml(site_config(result, name, language)), encoding="utf-8")
    index.write_text(home_page(name, source, language), encoding="utf-8")
    return [config, index, *paths]


# ---------------------------------------------------------------------------
# command line


def run_import(
    readme: Path, out: Path | None = None, stream: TextIO | None = None, err: TextIO | None = None, force: bool = False, site: Path | None = None
) -> int:
    """Convert ``readme`` into category files under ``out`` (or a whole site under ``site``:
    :func:`write_site`) and print a report: the files on ``stream``, problems on ``err``.

    Returns 0 when every block was parsed, 1 when some were kept unparsed (files are still
    written), 2 when the README cannot be read or the files cannot be written (an existing file
    without ``force``).
    """
    stream = stream or sys.stdout
    err = err or stream
    try:
        text = Path(readme).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{readme}: cannot be read: {exc}", file=err)
        return 2
    result = parse_readme(text)
    target = site if site is not None else out
    try:
        if site is not None:
            paths = write_site(result, Path(site), Path(readme), text, overwrite=force)
            written, paths = paths[:2], paths[2:]
        else:
            written, paths = [], write_categories(result, Path(out), overwrite=force)
    except (OSError, FileExistsError, ValueError) as exc:
        print(f"{target}: error: {exc}", file=err)
        return 2
    for line, message in result.messages:
        level = "error" if code_of(message, "") == "unparsed-block" else "warning"
        print(f"{readme}:{line}: {level}: {message}", file=err)
    for path in written:
        print(f"{path}", file=stream)
    for cat, path in zip(result.categories, paths):
        print(f"{path}: {cat.title} ({len(cat.entries)} entries)", file=stream)
    print(result.summary_line(), file=stream)
    if site is not None:
        print(f"build it: cd {site} && mkdocs build", file=stream)
    return 1 if result.unparsed else 0
