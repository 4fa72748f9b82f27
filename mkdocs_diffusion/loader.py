"""Reading category files: front matter, YAML with line numbers, validation.

``load_category`` never raises for bad content: every problem becomes a ``Problem`` with
the file, the line and the field. A bad entry is left out of the category (and reported);
a file whose front matter cannot be read at all gives no category.

Every byte of a category file is untrusted, so reading one is bounded: the file size and the
number of entries are limited (``Limits``) before anything big is built, YAML aliases are
refused before they are expanded (no "billion laughs"), nesting is capped (no recursion
error), and text may not hold control, bidirectional-override or non-characters.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import WARNING, Category, Entry, Limits, Problem
from .schema import FORBIDDEN_BODY_CHAR_RE, Validator, check_date, check_text, describe_char

try:  # the C parser is much faster; line numbers are kept in both
    _YamlLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader

_constructor = yaml.constructor.SafeConstructor()
_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "timestamp", "null", "bool", "int", "float")
)
_FENCE_RE = re.compile(r"^---[ \t]*$")
_CLOSE_RE = re.compile(r"^(---|\.\.\.)[ \t]*$")
# Characters YAML cannot read (outside its printable set), plus those that YAML counts as line
# breaks but Python does not (so line numbers would drift): found before parsing, with a line.
_YAML_UNREADABLE_RE = re.compile(
    r"[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]|\r(?!\n|\Z)"
)
_MAX_DEPTH = 10  # nesting levels; the format needs 4 (file > papers > entry > links)
_MAX_NUMBER_CHARS = 40  # a longer YAML int or float is refused (see _scalar)
_MAX_PROBLEMS = 1_000  # problems reported per file, at most; then one line says how many more
_MAX_CHAR_REPORTS = 10  # problems about characters reported per file part, at most
FUTURE_TOLERANCE = _dt.timedelta(days=2)  # 'added' may be this far past the build date (time zones)
_RAW_HTML_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
_CODE_RE = re.compile(r"`+[^`]*`+")


@dataclass
class LoadResult:
    """What reading one file gave: a category (or None) and the problems found."""

    category: Category | None
    problems: list[Problem] = field(default_factory=list)


class _Lines(dict):
    """JSON path -> 1-based line in the file."""


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == "tag:yaml.org,2002:str":
        return node.value
    if tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates are checked as text: '2023-02-30' must be reported, not raise
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return _constructor.construct_yaml_bool(node)
    if tag == "tag:yaml.org,2002:int" or tag == "tag:yaml.org,2002:float":
        if len(node.value) > _MAX_NUMBER_CHARS:  # '1:1:1:...' (base 60) takes quadratic time
            raise _Unsupported(node.start_mark, f"a number may have at most {_MAX_NUMBER_CHARS} characters")
        try:
            if tag == "tag:yaml.org,2002:int":
                return _constructor.construct_yaml_int(node)
            return _constructor.construct_yaml_float(node)
        except (ValueError, LookupError) as exc:  # '!!int' on '' or on 'x'
            raise _Unsupported(node.start_mark, f"{node.value[:40]!r} is not a number") from exc
    raise _Unsupported(node.start_mark, f"unsupported YAML tag {node.tag!r}")


class _Unsupported(Exception):
    """Stops reading the YAML: ``message`` about ``field`` at ``mark`` (a YAML mark)."""

    def __init__(self, mark: Any, message: str, field: str = "yaml"):
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.field = field


_KEY = object()  # a mapping frame waiting for its next key
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _read_yaml(
    loader: Any, offset: int, lines: _Lines, dupes: list, bad: dict | None, max_entries: int | None, max_nodes: int | None
) -> Any:
    """Plain Python values from the loader's parse events, without recursion.

    Records the line of every key and list item in ``lines``, duplicate keys in ``dupes`` and,
    with ``bad`` given, values of unsupported types there (path -> (line, message); the value
    becomes None). Aliases, nesting deeper than ``_MAX_DEPTH``, more than ``max_entries``
    items in ``papers:`` and more than ``max_nodes`` keys and values in all stop the reading
    (``_Unsupported``) before anything is expanded or built."""
    scalar_event, sequence_start, mapping_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    root: Any = None
    stack: list[list] = []  # frames: [container, path, pending key (or _KEY) for mappings]
    documents = 0
    nodes = 0
    node_limit = max_nodes if max_nodes is not None else -1
    while True:
        event = loader.get_event()
        kind = type(event)
        if kind is scalar_event or kind is sequence_start or kind is mapping_start:
            mark = event.start_mark
            line = mark.line + offset
            nodes += 1
            if nodes == node_limit + 1:
                raise _Unsupported(
                    mark,
                    f"too many values: more than {max_nodes:,} keys, items and values in the front matter "
                    f"(limit {max_nodes:,}, option max_yaml_nodes): split the category into several files",
                )
            frame = stack[-1] if stack else None
            if frame is not None and frame[2] is _KEY:  # a mapping key
                if kind is not scalar_event:
                    raise _Unsupported(mark, "a key must be a plain word, not a list or mapping")
                if event.anchor is not None:
                    raise _Unsupported(mark, _anchor_message(event.anchor))
                key = _scalar_value(loader, event)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise _Unsupported(mark, f"unsupported key {key!r}")
                key = str(key) if key is not None else "null"
                path = frame[1] + (key,)
                if key in frame[0]:
                    dupes.append((path, line, lines[path]))
                lines[path] = line
                frame[2] = key
                continue
            if frame is None:
                path = ()
            elif frame[2] is None:  # a list item
                index = len(frame[0])
                path = frame[1] + (index,)
                if max_entries is not None and index >= max_entries and frame[1] == ("papers",):
                    raise _Unsupported(
                        mark,
                        f"too many entries: more than {max_entries:,} (limit {max_entries:,} entries, option max_entries): "
                        "split the category into several files",
                        "papers",
                    )
                lines[path] = line
            else:
                path = frame[1] + (frame[2],)
            if event.anchor is not None:  # '&name': useless here, and 'title: &Co Research' loses '&Co'
                if bad is None:
                    raise _Unsupported(mark, _anchor_message(event.anchor))
                bad[path] = (line, _anchor_message(event.anchor))
            if kind is scalar_event:
                if bad is None:
                    value = _scalar_value(loader, event)
                else:
                    tag = _scalar_tag(loader, event)
                    if tag not in _PLAIN_TAGS:
                        bad[path] = (line, f"unsupported YAML tag {tag!r}: write plain text")
                        value = None
                    else:
                        try:
                            value = _scalar_value(loader, event, tag)
                        except _Unsupported as exc:
                            bad[path] = (line, exc.message)
                            value = None
            else:
                if len(stack) >= _MAX_DEPTH:
                    raise _Unsupported(mark, _TOO_DEEP)
                value = [] if kind is sequence_start else {}
            if frame is None:
                root = value
            elif frame[2] is None:
                frame[0].append(value)
            else:
                frame[0][frame[2]] = value
                frame[2] = _KEY
            if kind is not scalar_event:
                stack.append([value, path, _KEY if kind is mapping_start else None])
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:  # refused before anything is expanded: no "billion laughs"
            raise _Unsupported(
                event.start_mark,
                f"YAML aliases (*{event.anchor}) are not allowed: write the value out in full (or put the text in quotes if the '*' belongs to it)",
            )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unsupported(event.start_mark, "a second YAML document starts here: the front matter is one document (remove the '---')")
        elif kind is yaml.StreamEndEvent or event is None:
            return root


def _anchor_message(name: str) -> str:
    return f"YAML anchors (&{name}) are not allowed: delete it (or put the text in quotes if the '&' belongs to it)"


_TOO_DEEP = f"nested more than {_MAX_DEPTH} levels deep; a category file needs 4 at most (papers: > entry > links:)"


def _scalar_tag(loader: Any, event: yaml.ScalarEvent) -> str:
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:  # quoted: always a string (what Resolver.resolve says, faster)
            return _STR_TAG
        if len(event.value) > _MAX_NUMBER_CHARS:  # not a number we would take; the resolver's
            return _STR_TAG  # regular expressions need memory in proportion ('1:1:1:...')
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    return tag


def _scalar_value(loader: Any, event: yaml.ScalarEvent, tag: str | None = None) -> Any:
    tag = tag or _scalar_tag(loader, event)
    if tag == _STR_TAG or tag == _TIMESTAMP_TAG:  # dates are checked as text
        return event.value
    return _scalar(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style))


def _field_name(path: tuple) -> str:
    """'papers[3].links.code' -> 'links.code' (the entry is located by its line)."""
    parts = list(path)
    if len(parts) >= 2 and parts[0] == "papers" and isinstance(parts[1], int):
        parts = parts[2:]
        if not parts:
            return "entry"
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = str(part)  # a key of any length can be written as '? key'
            out += ("." if out else "") + (name if len(name) <= 60 else name[:59] + "…")
    return out or "front matter"


def _line_for(path: tuple, lines: _Lines, default: int) -> int:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return default


def decode(path_label: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file (a byte-order mark is accepted), or a problem naming the byte."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[bom:].decode("utf-8"), []
    except UnicodeDecodeError as exc:
        offset = exc.start + bom
        line = data.count(b"\n", 0, offset) + 1
        return None, [
            Problem(path_label, line, "file", f"not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset}; save the file as UTF-8")
        ]


def split_front_matter(path_label: str, text: str) -> tuple[str | None, str, int, list[Problem]]:
    """(front matter YAML, body, line where the body starts, problems)."""
    if not text.strip():
        return None, "", 1, [Problem(path_label, 1, "file", "the file is empty; a category file starts with '---' front matter")]
    lines = text.split("\n")
    if not _FENCE_RE.match(lines[0].rstrip("\r")):
        return None, text, 1, [
            Problem(path_label, 1, "front matter", "missing: the file must start with a '---' line, then the YAML (title:, papers:), then '---'")
        ]
    for i in range(1, len(lines)):
        if _CLOSE_RE.match(lines[i].rstrip("\r")):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2, []
    return None, "", 1, [Problem(path_label, 1, "front matter", "opened with '---' on line 1 but never closed: add a '---' line after the YAML")]


def char_problems(path_label: str, text: str, first_line: int, field: str, pattern: re.Pattern, what: str) -> list[Problem]:
    """The first character ``pattern`` matches on each line, as problems (at most
    ``_MAX_CHAR_REPORTS``); linear in the length of ``text``."""
    problems: list[Problem] = []
    line, counted, pos = first_line, 0, 0
    while len(problems) < _MAX_CHAR_REPORTS:
        match = pattern.search(text, pos)
        if match is None:
            break
        start = match.start()
        line += text.count("\n", counted, start)
        counted = start
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        char = match.group()
        if char == "\r":
            detail = "U+000D (CARRIAGE RETURN) without a line feed after it"
        else:
            detail = describe_char(char[0])
        problems.append(Problem(path_label, line, field, f"{detail} at column {column} {what}: delete it"))
        pos = text.find("\n", start)  # the next line (a line feed never matches)
        if pos < 0:
            break
    return problems


def parse_yaml(
    path_label: str,
    source: str,
    first_line: int = 2,
    bad: dict | None = None,
    max_entries: int | None = None,
    max_nodes: int | None = None,
) -> tuple[Any, _Lines, list[Problem]]:
    """Parse YAML text into plain values and a map of JSON paths to file lines.

    With ``bad`` given, values of unsupported types are recorded there instead of failing.
    Aliases are refused (before any expansion), and so are nesting deeper than ``_MAX_DEPTH``
    and, with ``max_entries`` / ``max_nodes`` given, more entries than that in ``papers:`` /
    more keys and values than that in all."""
    problems = char_problems(path_label, source, first_line, "yaml", _YAML_UNREADABLE_RE, "cannot be read as YAML")
    for number, line in enumerate(source.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            problems.append(Problem(path_label, number, "yaml", "tab in indentation: YAML indents with spaces only"))
            if len(problems) >= _MAX_CHAR_REPORTS:
                break
    if problems:
        return None, _Lines(), problems
    lines = _Lines()
    dupes: list = []
    loader = None
    try:
        loader = _YamlLoader(source)
        value = _read_yaml(loader, first_line, lines, dupes, bad, max_entries, max_nodes)
    except _Unsupported as exc:
        return None, lines, [Problem(path_label, exc.mark.line + first_line, exc.field, exc.message)]
    except yaml.reader.ReaderError as exc:  # only characters _YAML_UNREADABLE_RE missed
        if _YamlLoader is yaml.SafeLoader:  # pragma: no cover - the position counts characters
            before = source[: exc.position]
        else:  # libyaml counts UTF-8 bytes
            before = source.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
        char = describe_char(chr(exc.character)) if isinstance(exc.character, int) else repr(exc.character)
        return None, lines, [Problem(path_label, first_line + before.count("\n"), "yaml", f"{char} cannot be read as YAML: delete it")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark is not None else first_line
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own cap (1000 levels)
            return None, lines, [Problem(path_label, line, "yaml", _TOO_DEEP)]
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        return None, lines, [Problem(path_label, line, "yaml", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, lines, [Problem(path_label, first_line, "yaml", f"YAML error: {exc}")]
    except RecursionError:  # pragma: no cover - the reader does not recurse; kept as a last guard
        return None, lines, [Problem(path_label, first_line, "yaml", _TOO_DEEP)]
    except (ValueError, TypeError, OverflowError, LookupError) as exc:
        return None, lines, [Problem(path_label, first_line, "yaml", f"YAML value error: {exc}")]
    finally:
        if loader is not None:
            loader.dispose()
    for key_path, line, first in dupes:
        problems.append(
            Problem(path_label, line, _field_name(key_path), f"duplicate key (first on line {first}); YAML would silently keep only the last value")
        )
    return value, lines, problems


def _one_line(value: Any) -> str:
    """Titles, names, venues and tags are one line of text: whitespace runs become one space."""
    return " ".join(str(value).split())


def _as_authors(value: Any) -> list[str]:
    if isinstance(value, str):
        return [_one_line(part) for part in value.split(",") if part.strip()]
    return [_one_line(v) for v in value]


def _entry_from(data: dict, path_label: str, line: int, index: int, lines: _Lines, prefix: tuple) -> Entry:
    key_lines = {k: lines.get(prefix + (k,), line) for k in data}
    return Entry(
        title=_one_line(data["title"]),
        authors=_as_authors(data["authors"]),
        summary=data["summary"].strip("\n"),
        path=path_label,
        line=line,
        index=index,
        venue=_one_line(data.get("venue") or "") or None,
        date=data.get("date"),
        added=data.get("added"),
        links={str(k).strip(): v for k, v in (data.get("links") or {}).items()},
        tags=[_one_line(t) for t in data.get("tags") or []],
        id=(data.get("id") or "").strip() or None,
        kind=data.get("kind") or "paper",
        key_lines=key_lines,
    )


def raw_html_problems(entry: Entry) -> list[Problem]:
    """A summary may use Markdown, but raw HTML is escaped on the page: tell the author."""
    text = _CODE_RE.sub("", entry.summary)
    match = _RAW_HTML_RE.search(text)
    if not match:
        return []
    return [
        Problem(entry.path, entry.line_of("summary"), "summary", f"raw HTML {match.group(0)[:40]!r} is shown as text, not rendered; use Markdown", WARNING)
    ]


def _too_long(length: int, limit: int, option: str, advice: str = "shorten it", what: str = "is too long") -> str:
    return f"{what}: {length:,} characters (limit {limit:,} characters, option {option}): {advice}"


def _too_many(count: int, limit: int, unit: str, option: str, advice: str) -> str:
    return f"too many {unit}: {count:,} (limit {limit:,} {unit}, option {option}): {advice}"


def _has_letter_or_digit(value: str) -> bool:
    return any(c.isalnum() for c in value)


def _text_errors(value: Any, path: tuple) -> list[tuple[tuple, str]]:
    """Forbidden characters in every string of the front matter (link URLs are left to
    ``check_http_url``, which says to percent-encode). Nesting is bounded by ``_MAX_DEPTH``."""
    errors: list[tuple[tuple, str]] = []
    if isinstance(value, str):
        if not (len(path) == 4 and path[0] == "papers" and path[2] == "links"):
            message = check_text(value)
            if message:
                errors.append((path, message))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            errors.extend(_text_errors(item, path + (i,)))
    elif isinstance(value, dict):
        for key, item in value.items():
            errors.extend(_text_errors(item, path + (key,)))
    return errors


def _title_errors(value: Any, path: tuple, limits: Limits) -> list[tuple[tuple, str]]:
    if not isinstance(value, str) or not value.strip():
        return []  # the schema reports those
    errors = []
    if not _has_letter_or_digit(value):
        errors.append((path, "needs at least one letter or digit"))
    if len(value) > limits.max_title_chars:
        errors.append((path, _too_long(len(value), limits.max_title_chars, "max_title_chars")))
    return errors


def _entry_errors(item: dict, path: tuple, limits: Limits, today: _dt.date) -> list[tuple[tuple, str]]:
    """Limits, titles and dates of one entry (values of a wrong type are left to the schema)."""
    errors = _title_errors(item.get("title"), path + ("title",), limits)

    def long_text(key: str, limit: int, option: str, advice: str = "shorten it") -> None:
        value = item.get(key)
        if isinstance(value, str) and len(value) > limit:
            errors.append((path + (key,), _too_long(len(value), limit, option, advice)))

    long_text("summary", limits.max_summary_chars, "max_summary_chars", "shorten it (the details belong on the linked page)")
    long_text("venue", limits.max_venue_chars, "max_venue_chars")
    long_text("id", limits.max_id_chars, "max_id_chars")

    authors = item.get("authors")
    if isinstance(authors, str):
        names = [name for name in authors.split(",") if name.strip()]
        if len(names) > limits.max_authors:
            errors.append((path + ("authors",), _too_many(len(names), limits.max_authors, "names", "max_authors", "list the first authors only")))
        for number, name in enumerate(names, start=1):
            if len(name) > limits.max_author_chars:
                errors.append((path + ("authors",), _too_long(len(name), limits.max_author_chars, "max_author_chars", what=f"name {number} is too long")))
                break
    elif isinstance(authors, list):
        if len(authors) > limits.max_authors:
            errors.append((path + ("authors",), _too_many(len(authors), limits.max_authors, "names", "max_authors", "list the first authors only")))
        for i, name in enumerate(authors):
            if isinstance(name, str) and len(name) > limits.max_author_chars:
                errors.append((path + ("authors", i), _too_long(len(name), limits.max_author_chars, "max_author_chars")))

    tags = item.get("tags")
    if isinstance(tags, list):
        if len(tags) > limits.max_tags:
            errors.append((path + ("tags",), _too_many(len(tags), limits.max_tags, "tags", "max_tags", "keep the most useful ones")))
        for i, tag in enumerate(tags):
            if isinstance(tag, str) and len(tag) > limits.max_tag_chars:
                errors.append((path + ("tags", i), _too_long(len(tag), limits.max_tag_chars, "max_tag_chars")))

    links = item.get("links")
    if isinstance(links, dict):
        if len(links) > limits.max_links:
            errors.append((path + ("links",), _too_many(len(links), limits.max_links, "links", "max_links", "keep the main ones")))
        for label, url in links.items():
            if len(label) > limits.max_label_chars:
                errors.append((path + ("links", label), _too_long(len(label), limits.max_label_chars, "max_label_chars", what="the label is too long")))
            if isinstance(url, str) and len(url) > limits.max_url_chars:
                errors.append((path + ("links", label), _too_long(len(url), limits.max_url_chars, "max_url_chars", "link to a shorter URL", what="the URL is too long")))

    added = item.get("added")
    if isinstance(added, str) and check_date(added, allow_month=False) is None:
        if _dt.date.fromisoformat(added) > today + FUTURE_TOLERANCE:
            errors.append((path + ("added",), f"{added!r} is in the future (today is {today.isoformat()}): write the day the entry was added"))
    return errors


def content_errors(data: dict, limits: Limits, today: _dt.date) -> list[tuple[tuple, str]]:
    """What the schema cannot say: limits, forbidden characters, titles without a letter or
    digit, dates in the future. ``(path, message)`` pairs, like ``Validator.errors``."""
    errors = _text_errors(data, ())
    errors += _title_errors(data.get("title"), ("title",), limits)
    description = data.get("description")
    if isinstance(description, str) and len(description) > limits.max_description_chars:
        errors.append((("description",), _too_long(len(description), limits.max_description_chars, "max_description_chars")))
    papers = data.get("papers")
    if isinstance(papers, list):
        for i, item in enumerate(papers):
            if isinstance(item, dict):
                errors.extend(_entry_errors(item, ("papers", i), limits, today))
    return errors


def _utf8_size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def _too_big(path_label: str, size: str, limits: Limits) -> Problem:
    return Problem(
        path_label,
        1,
        "file",
        f"is too big: {size} bytes (limit {limits.max_file_bytes:,} bytes, option max_file_bytes): split it into several category files",
    )


def category_from_text(
    path_label: str,
    text: str,
    section: str = "papers",
    validator: Validator | None = None,
    limits: Limits | None = None,
    today: _dt.date | None = None,
) -> LoadResult:
    """Parse and validate one category file's text.

    ``limits`` bound the file and its entries (default ``Limits()``); ``today`` is the build
    date that ``added`` dates may not be after (by more than ``FUTURE_TOLERANCE``; default
    ``date.today()``)."""
    limits = limits or Limits()
    size = _utf8_size(text)
    if size > limits.max_file_bytes:
        return LoadResult(None, [_too_big(path_label, f"{size:,}", limits)])
    result = _category_from_text(path_label, text, section, validator or Validator(), limits, today or _dt.date.today())
    result.problems = _capped(path_label, result.problems)
    return result


def _category_from_text(path_label: str, text: str, section: str, validator: Validator, limits: Limits, today: _dt.date) -> LoadResult:
    front, body, body_line, problems = split_front_matter(path_label, text)
    if front is None:
        return LoadResult(None, problems)
    body_problems = char_problems(path_label, body, body_line, "body", FORBIDDEN_BODY_CHAR_RE, "is not allowed in the page text")
    bad: dict = {}
    data, lines, problems = parse_yaml(path_label, front, first_line=2, bad=bad, max_entries=limits.max_entries, max_nodes=limits.max_yaml_nodes)
    if data is None and not problems:
        problems = [Problem(path_label, 2, "front matter", "is empty: it needs at least 'title:' and 'papers:'")]
    if problems and data is None:
        return LoadResult(None, problems + body_problems)
    if not isinstance(data, dict):
        return LoadResult(None, problems + [Problem(path_label, 2, "front matter", f"expected a mapping (title:, papers:), got {type(data).__name__}")] + body_problems)

    bad_entries: set[int] = set()
    file_level = bool(body_problems)
    errors = [(p, m) for p, m in validator.errors(data) if p not in bad]
    errors += [(p, message) for p, (_, message) in bad.items()]
    errors += content_errors(data, limits, today)
    found: list[Problem] = []
    for err_path, message in errors:
        line = bad[err_path][0] if err_path in bad else _line_for(err_path, lines, 2)
        found.append(Problem(path_label, line, _field_name(err_path), message))
        if len(err_path) >= 2 and err_path[0] == "papers" and isinstance(err_path[1], int):
            bad_entries.add(err_path[1])
        else:
            file_level = True
    found.sort(key=lambda p: p.line)
    problems += found + body_problems
    # a duplicate key spoils its entry (or, outside the entries, the file)
    papers = data.get("papers") if isinstance(data.get("papers"), list) else []
    starts = [lines.get(("papers", i), 0) for i in range(len(papers))]
    for problem in problems:
        if problem.message.startswith("duplicate key"):
            inside = bisect.bisect_right(starts, problem.line)  # entries starting on or before it
            if inside and problem.line > lines.get(("papers",), 10**9):
                bad_entries.add(inside - 1)
            else:
                file_level = True
    if file_level:
        return LoadResult(None, problems)

    category = Category(
        path=path_label,
        title=_one_line(data["title"]),
        section=section,
        description=(data.get("description") or "").strip() or None,
        order=data.get("order"),
        body=body,
        line=lines.get(("title",), 2),
    )
    for i, item in enumerate(data["papers"]):
        line = lines.get(("papers", i), 2)
        if i in bad_entries:
            problems.append(Problem(path_label, line, "entry", "this entry is left out of the site until its errors are fixed", WARNING))
            continue
        entry = _entry_from(item, path_label, line, len(category.entries), lines, ("papers", i))
        entry.category = category
        problems.extend(raw_html_problems(entry))
        category.entries.append(entry)
    return LoadResult(category, problems)


def _capped(path_label: str, problems: list[Problem]) -> list[Problem]:
    """At most ``_MAX_PROBLEMS`` problems per file (a hostile file could make millions)."""
    if len(problems) <= _MAX_PROBLEMS:
        return problems
    rest = problems[_MAX_PROBLEMS:]
    errors = sum(p.level != WARNING for p in rest)
    return problems[:_MAX_PROBLEMS] + [
        Problem(path_label, rest[0].line, "file", f"{len(rest):,} more problems not shown ({errors:,} errors) from this line on; fix the ones above first")
    ]


def load_category(
    file: Path,
    path_label: str,
    section: str = "papers",
    validator: Validator | None = None,
    limits: Limits | None = None,
    today: _dt.date | None = None,
) -> LoadResult:
    """Read and validate the category file at ``file`` (``path_label`` names it in problems).

    A file over ``limits.max_file_bytes`` is refused without being read in full."""
    limits = limits or Limits()
    try:
        if not stat.S_ISREG(file.stat().st_mode):  # a device or a pipe could block or never end
            return LoadResult(None, [Problem(path_label, 1, "file", "is not a regular file")])
        with file.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
            if len(data) > limits.max_file_bytes:
                size = os.fstat(handle.fileno()).st_size
                return LoadResult(None, [_too_big(path_label, f"{size:,}" if size > limits.max_file_bytes else f"over {limits.max_file_bytes:,}", limits)])
    except OSError as exc:
        return LoadResult(None, [Problem(path_label, 1, "file", f"cannot be read: {exc.strerror or exc}")])
    text, problems = decode(path_label, data)
    if text is None:
        return LoadResult(None, problems)
    return category_from_text(path_label, text, section, validator, limits, today)


def load_docs(
    docs_dir: Path,
    papers_dir: str = "papers",
    resources_dir: str = "resources",
    limits: Limits | None = None,
    today: _dt.date | None = None,
) -> tuple[list[Category], list[Problem], int]:
    """Every category file under ``docs_dir``: (categories, problems, number of files read).

    Files are named in problems by their path relative to ``docs_dir``, as the plugin does.
    ``limits`` and ``today`` are as for ``category_from_text``."""
    validator = Validator()
    limits = limits or Limits()
    today = today or _dt.date.today()
    categories: list[Category] = []
    problems: list[Problem] = []
    n_files = 0
    for section, folder in (("papers", papers_dir), ("resources", resources_dir)):
        base = docs_dir / folder
        if not folder or not base.is_dir():
            continue
        for file in sorted(base.rglob("*.md")):
            n_files += 1
            result = load_category(file, file.relative_to(docs_dir).as_posix(), section, validator, limits, today)
            problems.extend(result.problems)
            if result.category is not None:
                categories.append(result.category)
    return categories, problems, n_files
