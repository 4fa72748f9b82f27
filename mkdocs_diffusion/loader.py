"""Reading category files: front matter, YAML with line numbers, validation.

``load_category`` never raises for bad content: every problem becomes a ``Problem`` with
the file, the line and the field. A bad entry is left out of the category (and reported);
a file whose front matter cannot be read at all gives no category.

A slip never costs a page: when the YAML does not parse, the front matter is read part by part
(``_Recovery``: the keys before and after ``papers:``, then each ``- `` entry, every part with
its real line numbers), and only the entries the error touches are left out. A front matter
that never closes is read up to where its YAML plainly ends. libyaml's errors for the common
slips (an unquoted ': ', a quote or '[' never closed, wrong indentation, an entry outside
``papers:``, a missing space after ':') are told in words, at the line where the slip is, with
an excerpt and a caret (``explain_yaml_error``).

Every byte of a category file is untrusted, so reading one is bounded: the file size and the
number of entries are limited (``Limits``) before anything big is built, YAML aliases are
refused before they are expanded (no "billion laughs"), nesting is capped (no recursion
error), and text may not hold control, bidirectional-override or non-characters. The recovery
keeps all of that: each part is parsed under the same rules (an alias anywhere still refuses the
file), the limits count over all parts, and every line is parsed a bounded number of times.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .model import KNOWN_LINK_LABELS, WARNING, Category, Coded, Entry, Limits, Problem, code_of
from .schema import FORBIDDEN_BODY_CHARS, FORBIDDEN_CHAR_RE, Validator, check_date, check_text, describe_char, field_names

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
# The same for a text without carriage returns, as one character class: four times faster.
_YAML_UNREADABLE_NO_CR_RE = re.compile(r"[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _YamlUnreadable:
    """``search(text, pos=0)`` as ``_YAML_UNREADABLE_RE.search``."""

    @staticmethod
    def search(text: str, pos: int = 0) -> re.Match | None:
        return (_YAML_UNREADABLE_RE if "\r" in text else _YAML_UNREADABLE_NO_CR_RE).search(text, pos)

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
    loader: Any,
    offset: int,
    lines: _Lines,
    dupes: list,
    bad: dict | None,
    max_entries: int | None,
    max_nodes: int | None,
    counter: list | None = None,
) -> Any:
    """Plain Python values from the loader's parse events, without recursion.

    Records the line of every key and list item in ``lines``, duplicate keys in ``dupes`` and,
    with ``bad`` given, values of unsupported types there (path -> (line, message); the value
    becomes None). Aliases, nesting deeper than ``_MAX_DEPTH``, more than ``max_entries``
    items in ``papers:`` and more than ``max_nodes`` keys and values in all stop the reading
    (``_Unsupported``) before anything is expanded or built. ``counter`` (a one-item list), when
    given, holds the number of keys and values read before (several parts of one file share
    ``max_nodes``) and receives the new total."""
    scalar_event, sequence_start, mapping_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    root: Any = None
    stack: list[list] = []  # frames: [container, path, pending key (or _KEY) for mappings]
    documents = 0
    nodes = counter[0] if counter is not None else 0
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
                tag = _scalar_tag(loader, event)
                key = event.value if tag == _STR_TAG or tag == _TIMESTAMP_TAG else _scalar_value(loader, event, tag)
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
                    if tag == _STR_TAG or tag == _TIMESTAMP_TAG:  # what _scalar_value gives, without the call
                        value = event.value
                    elif tag not in _PLAIN_TAGS:
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
            if counter is not None:
                counter[0] = nodes
            return root


def _anchor_message(name: str) -> str:
    return f"YAML anchors (&{name}) are not allowed: delete it (or put the text in quotes if the '&' belongs to it)"


_TOO_DEEP = f"nested more than {_MAX_DEPTH} levels deep; a category file needs 4 at most (papers: > entry > links:)"


def _scalar_tag(loader: Any, event: yaml.ScalarEvent) -> str:
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:  # quoted: always a string (what Resolver.resolve says, faster)
            return _STR_TAG
        value = event.value
        if len(value) > _MAX_NUMBER_CHARS:  # not a number we would take; the resolver's
            return _STR_TAG  # regular expressions need memory in proportion ('1:1:1:...')
        implicit = loader.yaml_implicit_resolvers
        if value and value[0] not in implicit and None not in implicit and not loader.yaml_path_resolvers:
            return _STR_TAG  # no resolver for its first character: what Resolver.resolve says, faster
        tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
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
            Problem(path_label, line, "file", f"not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset}; save the file as UTF-8", code="not-utf8")
        ]


def split_front_matter(path_label: str, text: str) -> tuple[str | None, str, int, list[Problem]]:
    """(front matter YAML, body, line where the body starts, problems)."""
    if not text.strip():
        return None, "", 1, [Problem(path_label, 1, "file", "the file is empty; a category file starts with '---' front matter", code="empty-file")]
    lines = text.split("\n")
    if not _FENCE_RE.match(lines[0].rstrip("\r")):
        return None, text, 1, [
            Problem(path_label, 1, "front matter", "missing: the file must start with a '---' line, then the YAML (title:, papers:), then '---'",
                    code="front-matter")
        ]
    for i in range(1, len(lines)):
        if _CLOSE_RE.match(lines[i].rstrip("\r")):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2, []
    return None, "", 1, [Problem(path_label, 1, "front matter", "opened with '---' on line 1 but never closed: add a '---' line after the YAML",
                                 code="front-matter-unclosed")]


def char_problems(path_label: str, text: str, first_line: int, field: str, pattern: Any, what: str) -> list[Problem]:
    """The first character ``pattern`` (anything with ``search(text, pos)``) matches on each line, as problems (at most
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
        problems.append(Problem(path_label, line, field, f"{detail} at column {column} {what}: delete it", code="bad-character"))
        pos = text.find("\n", start)  # the next line (a line feed never matches)
        if pos < 0:
            break
    return problems


# -- parsing: one part of the front matter ---------------------------------------------------


@dataclass
class _Parsed:
    """What parsing one piece of YAML gave."""

    value: Any = None
    lines: _Lines = field(default_factory=_Lines)
    dupes: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # it cannot be read as YAML (characters, tabs)
    error: Any = None  # a yaml.MarkedYAMLError: it does not parse
    refused: Problem | None = None  # an alias, too deep, a limit: the whole file is refused
    bad: dict = field(default_factory=dict)  # values of unsupported types (as parse_yaml's ``bad``)

    @property
    def ok(self) -> bool:
        return not self.problems and self.error is None and self.refused is None


def _precheck(path_label: str, source: str, first_line: int) -> list[Problem]:
    """Characters YAML cannot read and tabs in indentation, found before parsing, with a line."""
    problems = char_problems(path_label, source, first_line, "yaml", _YamlUnreadable, "cannot be read as YAML")
    if "\t" not in source:
        return problems
    for number, line in enumerate(source.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            message = "tab in indentation: YAML indents with spaces only; replace the tab with spaces"
            problems.append(Problem(path_label, number, _key_field(line), _with_excerpt(message, line, number, len(line) - len(stripped)), code="yaml-tab"))
            if len(problems) >= _MAX_CHAR_REPORTS:
                break
    return problems


def _parse(path_label: str, source: str, first_line: int, bad: dict | None, max_entries: int | None, max_nodes: int | None, counter: list | None = None) -> _Parsed:
    result = _Parsed()
    result.problems = _precheck(path_label, source, first_line)
    if result.problems:
        return result
    loader = None
    try:
        loader = _YamlLoader(source)
        result.value = _read_yaml(loader, first_line, result.lines, result.dupes, bad, max_entries, max_nodes, counter)
    except _Unsupported as exc:
        result.refused = Problem(path_label, exc.mark.line + first_line, exc.field, exc.message, code=code_of(exc.message, "yaml-refused"))
    except yaml.reader.ReaderError as exc:  # only characters _YAML_UNREADABLE_RE missed
        if _YamlLoader is yaml.SafeLoader:  # pragma: no cover - the position counts characters
            before = source[: exc.position]
        else:  # libyaml counts UTF-8 bytes
            before = source.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
        char = describe_char(chr(exc.character)) if isinstance(exc.character, int) else repr(exc.character)
        result.problems = [Problem(path_label, first_line + before.count("\n"), "yaml", f"{char} cannot be read as YAML: delete it", code="bad-character")]
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own cap (1000 levels)
            mark = exc.problem_mark or exc.context_mark
            result.refused = Problem(path_label, (mark.line + first_line) if mark is not None else first_line, "yaml", _TOO_DEEP, code="yaml-too-deep")
        else:
            result.error = exc
    except yaml.YAMLError as exc:
        result.problems = [Problem(path_label, first_line, "yaml", f"YAML error: {exc}", code="yaml-syntax")]
    except RecursionError:  # pragma: no cover - the reader does not recurse; kept as a last guard
        result.refused = Problem(path_label, first_line, "yaml", _TOO_DEEP, code="yaml-too-deep")
    except (ValueError, TypeError, OverflowError, LookupError) as exc:
        result.problems = [Problem(path_label, first_line, "yaml", f"YAML value error: {exc}", code="yaml-syntax")]
    finally:
        if loader is not None:
            loader.dispose()
    return result


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
    more keys and values than that in all. A syntax error is explained (``explain_yaml_error``);
    this function does not recover entries (``category_from_text`` does)."""
    parsed = _parse(path_label, source, first_line, bad, max_entries, max_nodes)
    if parsed.refused is not None:
        return None, parsed.lines, [parsed.refused]
    if parsed.problems:
        return None, _Lines(), parsed.problems
    text_lines = _text_lines(source)
    if parsed.error is not None:
        return None, parsed.lines, [explain_yaml_error(path_label, parsed.error, text_lines, first_line)]
    return parsed.value, parsed.lines, [_dup_problem(path_label, d, text_lines, first_line, parsed.lines) for d in parsed.dupes]


def _dup_problem(path_label: str, dupe: tuple, text_lines: list[str], first_line: int, lines: _Lines, indent: int | None = None) -> Problem:
    """A duplicate key; a second 'title:' in an entry is most often a new entry without its '- '."""
    key_path, line, first = dupe
    message = f"duplicate key (first on line {first}); YAML would silently keep only the last value"
    if len(key_path) == 3 and key_path[0] == "papers" and key_path[2] == "title" and 0 <= line - first_line < len(text_lines):
        if indent is None:  # the indentation of this entry's '- '
            start = lines.get(key_path[:2], line) - first_line
            start_text = text_lines[start] if 0 <= start < len(text_lines) else ""
            indent = len(start_text) - len(start_text.lstrip(" "))
        written = _visible(_cut(text_lines[line - first_line].strip(), 80))
        message += f". If a new entry starts here, it is missing its '- ': write '{' ' * indent}- {written}'"
    return Problem(path_label, line, _field_name(key_path), message, code="duplicate-key")


# -- explaining YAML syntax errors -----------------------------------------------------------

_KEY_LINE_RE = re.compile(r"( *)((?:-[ \t]+)*)([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$")  # '  - title: X'
_KEY_FIELD_RE = re.compile(r"[ \t]*(?:-[ \t]+)*([A-Za-z_][\w-]{0,59})[ \t]*:(?:[ \t]|$)")
_NO_SPACE_RE = re.compile(r"( *)((?:-[ \t]+)*)([A-Za-z_][\w-]*):([^\s:].*)$")  # 'title:Foo'
_NO_SPACE_ANYWHERE_RE = re.compile(r"^ *(?:-[ \t]+)*[A-Za-z_][\w-]*:[^\s:]", re.MULTILINE)  # a line no_space_lines may report
_DASH_RE = re.compile(r"( *)-(?:[ \t]|$)")
_ENTRY_START_RE = re.compile(r"( *)-[ \t]+([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_TAB_DASH_RE = re.compile(r"[ \t]*\t[ \t]*-(?:[ \t]|$)")
_TOP_KEY_RE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_PAPERS_RE = re.compile(r"papers[ \t]*:(?:[ \t]+(.*))?$")
_STRUCTURE_ERRORS = ("mapping values are not allowed", "could not find expected ':'", "did not find expected", "expected <block")
_MAX_EXCERPT_COLUMNS = 80
_MAX_SUGGESTION_CHARS = 100


def _text_lines(source: str) -> list[str]:
    return [line[:-1] if line.endswith("\r") else line for line in source.split("\n")]


def _key_field(line: str) -> str:
    """The key written on ``line`` ('title' for '  - title: X'), else 'yaml'."""
    match = _KEY_FIELD_RE.match(line)
    return match[1] if match else "yaml"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _visible(text: str) -> str:
    """Text for a message: tabs shown as '→', characters a terminal could misuse as '�'."""
    return FORBIDDEN_CHAR_RE.sub("\ufffd", text.replace("\t", "→"))


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def excerpt(line_text: str, number: int, column: int) -> str:
    """Two lines: the file's line ``number`` and a caret under ``column`` (0-based, in
    characters), cut around the caret when long; wide characters count twice."""
    text = _visible(line_text.rstrip("\r\n"))
    column = max(0, min(column, len(text)))
    start, prefix, suffix = 0, "", ""
    if sum(_width(c) for c in text) > _MAX_EXCERPT_COLUMNS:
        start = max(0, column - _MAX_EXCERPT_COLUMNS // 2)
        end = start
        used = 0
        while end < len(text) and used + _width(text[end]) <= _MAX_EXCERPT_COLUMNS:
            used += _width(text[end])
            end += 1
        prefix = "…" if start else ""
        suffix = "…" if end < len(text) else ""
        text = text[start:end]
    caret = len(prefix) + sum(_width(c) for c in text[: column - start])
    label = str(number)
    return f"{label:>4} | {prefix}{text}{suffix}\n{'':>{max(4, len(label))}} | {' ' * caret}^"


def _with_excerpt(message: str, line_text: str, number: int, column: int) -> str:
    return f"{message}\n{excerpt(line_text, number, column)}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _is_top_start(line: str) -> bool:
    return line[:1] not in ("", " ", "\t", "#")


@cache
def _fields() -> tuple[frozenset, frozenset, frozenset]:
    """(front matter keys, entry keys, every known key and link label)."""
    top, entry = field_names()
    return top, entry, top | entry | frozenset(KNOWN_LINK_LABELS)


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def no_space_lines(text_lines: list[str]) -> dict[int, tuple[str, int, str]]:
    """Lines like 'title:Foo' (a known key, no space after its ':') where a key is expected:
    YAML reads them as the text 'title:Foo'. Line index -> (key, column of the ':', rest).
    Lines of block scalars ('summary: |') and continued values are skipped. Linear."""
    found: dict[int, tuple[str, int, str]] = {}
    if not any(_NO_SPACE_ANYWHERE_RE.match(line) for line in text_lines):
        return found
    known = _fields()[2]
    last_indent, last_open = -1, True  # the last key: its indentation, and whether its value is below it
    for i, line, match in _outside_block_scalars(text_lines, 0, len(text_lines)):
        if match:
            value = (match[4] or "").strip()
            last_indent, last_open = len(match[1]) + len(match[2]), not value or value.startswith("#")
            continue
        match = _NO_SPACE_RE.match(line)
        if match and match[3] in known:
            column = len(match[1]) + len(match[2])
            if last_indent < 0 or column <= last_indent or last_open or match[2]:
                found[i] = (match[3], column + len(match[3]), match[4].rstrip())
                last_indent, last_open = column, False
    return found


def _no_space_message(key: str, rest: str) -> str:
    rest = _visible(_cut(rest, 60))
    return f"no space after '{key}:', so YAML reads '{key}:{rest}' as one piece of text, not as the key '{key}' and its value: write '{key}: {rest}'"


@dataclass
class _Layout:
    """Where the parts of a front matter are, found line by line (for recovery and messages)."""

    papers: int  # index of the 'papers:' line
    block: bool  # its entries are the '- ' items below it
    end: int  # the list's lines are papers+1 .. end-1
    indent: int  # the indentation of the entries' '- ' (the most common one)
    items: list[int]  # the first line of each entry (each '- ' at the list's indentation)


def _layout(text_lines: list[str]) -> _Layout | None:
    """The layout of a front matter, or None when it has no 'papers:' line. Linear."""
    papers = next((i for i, line in enumerate(text_lines) if line.startswith("papers") and _PAPERS_RE.match(line)), -1)
    if papers < 0:
        return None
    n = len(text_lines)
    rest = (_PAPERS_RE.match(text_lines[papers])[1] or "").strip()
    if rest and not rest.startswith("#"):
        return _Layout(papers, False, papers + 1, 2, [])
    entry_fields = _fields()[1]
    end = n
    for j in range(papers + 1, n):  # the list ends at a front matter key written at column 1
        line = text_lines[j]
        if _is_top_start(line) and not line.startswith("-"):
            match = _TOP_KEY_RE.match(line)
            if match and match[1] not in entry_fields:
                end = j
                break
    counts: dict[int, int] = {}  # indentation -> how many entries start there (the first one wins a tie)
    first_dash = None
    for j in range(papers + 1, end):
        match = _ENTRY_START_RE.match(text_lines[j])
        if match and match[2] in entry_fields:
            counts[len(match[1])] = counts.get(len(match[1]), 0) + 1
        elif first_dash is None:
            match = _DASH_RE.match(text_lines[j])
            if match:
                first_dash = len(match[1])
    order = list(counts)
    indent = max(order, key=lambda k: (counts[k], -order.index(k))) if counts else (first_dash if first_dash is not None else 2)
    items = []
    for j in range(papers + 1, end):
        line = text_lines[j]
        match = _DASH_RE.match(line)
        if match and len(match[1]) <= indent:
            items.append(j)
            continue
        match = _ENTRY_START_RE.match(line)
        if match and match[2] in entry_fields and len(match[1]) <= indent + 2:  # an entry indented too far
            items.append(j)
        elif "\t" in line and _TAB_DASH_RE.match(line):
            items.append(j)
    return _Layout(papers, True, end, indent, items)


@dataclass
class _Where:
    """The part of the front matter a line belongs to: an entry, or a front matter key ('top')."""

    kind: str  # 'entry', 'pre' (lines of the list before its first '- ') or 'top'
    start: int  # line indexes start .. end-1
    end: int
    keys: int  # the indentation of its keys
    indent: int  # the indentation of the entries' '- '


def _entry_keys(text_lines: list[str], start: int, end: int) -> int:
    """The indentation of an entry's keys: after its '- ', or of its next line for a lone '-'."""
    line = text_lines[start]
    match = re.match(r"( *)-([ \t]+)(?=[^ \t#])", line)
    if match:
        return len(match[0])
    for j in range(start + 1, end):
        if _content(text_lines[j]):
            return _indent(text_lines[j])
    return _indent(line) + 2


def _where(layout: _Layout | None, text_lines: list[str], index: int) -> _Where:
    if layout is not None and layout.block and layout.papers < index < layout.end:
        items = layout.items
        if items and index >= items[0]:
            k = bisect.bisect_right(items, index) - 1
            end = items[k + 1] if k + 1 < len(items) else layout.end
            return _Where("entry", items[k], end, _entry_keys(text_lines, items[k], end), layout.indent)
        end = items[0] if items else layout.end
        first = next((j for j in range(layout.papers + 1, end) if _content(text_lines[j])), index)
        return _Where("pre", layout.papers + 1, end, _indent(text_lines[first]), layout.indent)
    start = index
    while start > 0 and not _is_top_start(text_lines[start]):
        start -= 1
    end = index + 1
    while end < len(text_lines) and not _is_top_start(text_lines[end]):
        end += 1
    return _Where("top", start, end, 0, layout.indent if layout is not None else 2)


def _entry_name(text_lines: list[str], where: _Where, first_line: int) -> str:
    """"the entry 'Title' (line 7)", or "the entry on line 7" when its title cannot be read."""
    for j in range(where.start, where.end):
        match = _KEY_LINE_RE.match(text_lines[j])
        if match and match[3] == "title" and match[4] and len(match[1]) + len(match[2]) == where.keys:
            title = _unquoted(re.sub(r"\s+#.*$", "", match[4]) if match[4][:1] not in "\"'" else match[4])
            if title:
                return f"the entry '{_visible(_cut(title, 60))}' (line {where.start + first_line})"
    return f"the entry on line {where.start + first_line}"


def _misindented(text_lines: list[str], where: _Where, upto: int) -> tuple[int, int, str] | None:
    """The first key of the part that is not at the indentation of its other keys: (line
    index, its indentation, key). Lines of block scalars and of nested mappings are skipped."""
    known = _fields()[1] if where.kind != "top" else _fields()[0]
    last_indent, last_open = -1, False
    for j, _line, match in _outside_block_scalars(text_lines, where.start, min(upto, where.end)):
        if not match:
            continue
        column = len(match[1]) + len(match[2])
        value = (match[4] or "").strip()
        nested = column > last_indent >= 0 and last_open
        if match[3] in known and column != where.keys and not nested:
            return j, column, match[3]
        last_indent, last_open = column, not value or value.startswith("#")
    return None


def _outside_block_scalars(text_lines: list[str], start: int, end: int):
    """(index, line, key-line match or None) for each line from ``start`` to ``end`` with content
    that is not inside a block scalar (the more-indented lines under 'key: |' or 'key: >'). Linear."""
    block = -1  # indentation of the key whose block scalar we are in
    for i in range(start, end):
        line = text_lines[i]
        if not _content(line):
            continue
        if block >= 0:
            if _indent(line) > block:
                continue
            block = -1
        match = _KEY_LINE_RE.match(line)
        if match and (match[4] or "").strip()[:1] in ("|", ">"):
            block = len(match[1]) + len(match[2])
        yield i, line, match


def _previous_key(text_lines: list[str], start: int, index: int) -> str | None:
    """The key of the nearest line above ``index`` (from ``start``) indented no more than it."""
    indent = _indent(text_lines[index])
    for j in range(index - 1, start - 1, -1):
        match = _KEY_LINE_RE.match(text_lines[j])
        if match and len(match[1]) + len(match[2]) <= indent:
            return match[3]
    return None


def _spaces(count: int) -> str:
    return f"{count} space" + ("" if count == 1 else "s")


def _double_quoted(value: str) -> str:
    return '"' + _visible(value.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def _colon_message(key: str, value: str) -> str:
    value = _cut(value.rstrip(), _MAX_SUGGESTION_CHARS)
    return f"the value contains ': ' — quote the value: {key}: {_double_quoted(value)}"


def _quote_end(value: str) -> int | None:
    """Where the quote that opens ``value`` closes (its index), or None."""
    quote, i = value[0], 1
    while i < len(value):
        char = value[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and value[i + 1 : i + 2] == "'":  # '' is a quote inside '...'
                i += 2
                continue
            return i
        i += 1
    return None


def _after_quote_message(key: str, value: str) -> str | None:
    """For 'title: "Foo": Bar' or "title: 'it's'": the value goes on after its closing quote."""
    value = value.rstrip()
    end = _quote_end(value)
    after = value[end + 1 :].strip() if end is not None else ""
    if not after or after.startswith("#"):
        return None
    quote = value[0]
    if len(_cut(value, _MAX_SUGGESTION_CHARS)) < len(value):
        return f"the value goes on after its closing quote {quote}: quote the whole value, and write the quotes inside it as {chr(92) + quote if quote == chr(34) else quote * 2}"
    if value.endswith(quote) and len(value) >= 2:  # meant as one quoted value with a quote inside
        inner = value[1:-1]
        if quote == "'":
            fixed = "'" + _visible(inner.replace("''", "'").replace("'", "''")) + "'"
            return f"the value goes on after a quote that closes it early: write a ' inside a '...' value as '': {key}: {fixed}"
        fixed = '"' + _visible(re.sub(r'(?<!\\)"', r'\\"', inner)) + '"'
        return f'the value goes on after a quote that closes it early: write a " inside a "..." value as \\": {key}: {fixed}'
    return f"the value goes on after its closing quote — quote the whole value: {key}: {_double_quoted(value)}"


def _open_bracket(text_lines: list[str], start: int, end: int) -> tuple[int, int] | None:
    """The first '[' or '{' on lines ``start`` .. ``end``-1 that is never closed (quotes and
    comments skipped), or None."""
    stack: list[tuple[int, int]] = []
    for j in range(start, end):
        line, quote, i = text_lines[j], None, 0
        while i < len(line):
            char = line[i]
            if quote is not None:
                if char == "\\" and quote == '"':
                    i += 1
                elif char == quote:
                    quote = None
            elif char in "\"'" and (i == 0 or line[i - 1] in " \t[{,:"):
                quote = char
            elif char == "#" and (i == 0 or line[i - 1] in " \t"):
                break
            elif char in "[{":
                stack.append((j, i))
            elif char in "]}" and stack:
                stack.pop()
            i += 1
    return stack[0] if stack else None


def _dash_message(line: str, indent: int) -> str:
    own = _indent(line)
    move = f"{_spaces(abs(own - indent))} to the {'left' if own > indent else 'right'}"
    return f"this entry's '- ' is indented {_spaces(own)}, but the other entries' are indented {indent}: move the whole entry {move}"


def _outside_message(indent: int) -> str:
    return f"this entry is not in the 'papers:' list: move it under 'papers:', with its '- ' indented {_spaces(indent)} like the other entries"


def _no_dash_message(line: str, indent: int) -> str:
    return f"this entry has no '- ' before it: every entry in 'papers:' starts with one, like '{' ' * indent}- {_visible(_cut(line.strip(), 60))}'"


def _explain(exc: Any, offset: int, text_lines: list[str], first_line: int, layout: _Layout | None, no_space: dict, where: _Where | None = None) -> tuple[int, int, str, str, str]:
    """(line index, column, field, message, kind of slip) for the YAML syntax error ``exc``
    raised while parsing the lines from index ``offset`` on."""
    n = len(text_lines)

    def at(mark: Any) -> tuple[int, int] | None:
        if mark is None:
            return None
        index = offset + mark.line
        if index >= n:  # the end of the text
            return n - 1, len(text_lines[n - 1])
        return index, mark.column

    problem, context = exc.problem or "", exc.context or ""
    here = at(exc.problem_mark)
    opened = at(exc.context_mark)
    index, column = here or opened or (offset, 0)
    line = text_lines[index]

    if opened is not None and "quoted scalar" in context and ("end of stream" in problem or "document" in problem):
        index, column = opened
        quote = text_lines[index][column : column + 1]
        quote = quote if quote in ("'", '"') else '"'
        return index, column, _key_field(text_lines[index]), f"the quote opened here is never closed: add the closing {quote} at the end of the value", "quote"
    if opened is not None and context in ("while parsing a flow sequence", "while parsing a flow mapping") and (index > opened[0] or column >= len(line.rstrip())):
        sequence = "sequence" in context
        message = f"the '{'[' if sequence else '{'}' opened here is never closed: add the closing '{']' if sequence else '}'}' at the end of the {'list' if sequence else 'mapping'}"
        return opened[0], opened[1], _key_field(text_lines[opened[0]]), message, "bracket"
    if "flow node" in context and "node content" in problem:  # the text ended inside '[' or '{'
        where = where or _where(layout, text_lines, index)
        bracket = _open_bracket(text_lines, where.start, min(index + 1, n))
        if bracket is not None:
            sequence = text_lines[bracket[0]][bracket[1]] == "["
            message = f"the '{'[' if sequence else '{'}' opened here is never closed: add the closing '{']' if sequence else '}'}' at the end of the {'list' if sequence else 'mapping'}"
            return bracket[0], bracket[1], _key_field(text_lines[bracket[0]]), message, "bracket"
    if "cannot start any token" in problem and line[column : column + 1] == "\t":
        return index, column, _key_field(line), "a tab here: YAML allows only spaces here; replace it with a space", "tab"
    structural = any(words in problem for words in _STRUCTURE_ERRORS)
    if structural:
        candidates = [index]
        if opened is not None:
            candidates.insert(0, opened[0])
        above = next((j for j in range(index - 1, max(-1, index - 50), -1) if _content(text_lines[j])), None)
        if above is not None:
            candidates.append(above)
        for j in candidates:
            if j in no_space:
                key, colon, rest = no_space[j]
                return j, colon + 1, key, _no_space_message(key, rest), "space"
    where = where or _where(layout, text_lines, index)
    if structural:
        if where.kind == "top":
            for j in (index, opened[0] if opened else index):
                if _DASH_RE.match(text_lines[j]):
                    return j, _indent(text_lines[j]), _key_field(text_lines[j]), _outside_message(where.indent), "outside"
        if where.kind == "entry" and _indent(text_lines[where.start]) != where.indent:
            start = text_lines[where.start]
            return where.start, _indent(start), _key_field(start), _dash_message(start, where.indent), "dash"
        if where.kind == "pre":
            first = next((j for j in range(where.start, where.end) if _content(text_lines[j])), index)
            return first, _indent(text_lines[first]), _key_field(text_lines[first]), _no_dash_message(text_lines[first], where.indent), "no dash"
        wrong = _misindented(text_lines, where, index + 1)
        if wrong is not None:
            j, own, key = wrong
            if where.kind == "top":
                message = f"is indented {_spaces(own)}, but the keys of the front matter (title:, papers:, …) are not indented: remove the indentation"
            else:
                message = (
                    f"is indented {_spaces(own)}, but the other keys of {_entry_name(text_lines, where, first_line)} "
                    f"are indented {where.keys}: indent it {_spaces(where.keys)} like them"
                )
            return j, own, key, message, "indentation"
    if structural:
        match = _KEY_LINE_RE.match(line)
        if match and match[4] and match[4][:1] in ("'", '"') and column > match.start(4):
            message = _after_quote_message(match[3], match[4])
            if message is not None:
                return index, column, match[3], message, "after quote"
    if "mapping values are not allowed" in problem:
        match = _KEY_LINE_RE.match(line)
        if match and match[4] and column >= match.start(4) and match[4][:1] not in ("'", '"', "[", "{", "|", ">", "&", "*", "!"):
            return index, column, match[3], _colon_message(match[3], match[4]), "colon"
        if match:  # 'key: ' on a line that continues the value above
            key = _previous_key(text_lines, where.start, index)
            if key is not None and key != match[3]:
                message = f"the value of '{key}' continues on this line and contains ': ': put the whole value in quotes, or write '{key}: |' and the text on the lines below it"
                return index, column, key, message, "continued"
    if "could not find expected ':'" in problem and opened is not None:
        j = opened[0]
        key = _previous_key(text_lines, where.start, j)
        if key is not None and not _KEY_LINE_RE.match(text_lines[j]):
            message = f"this line is not 'key: value': if it continues the value of '{key}' above, indent it more than '{key}:' (or put the whole value in quotes)"
            return j, opened[1], key, message, "text"
    words = " ".join(part for part in (context, problem) if part)
    return index, column, _key_field(line), f"YAML syntax error: {words}", "yaml"


def explain_yaml_error(
    path_label: str, exc: Any, text_lines: list[str], first_line: int, offset: int = 0, layout: _Layout | None = None, where: _Where | None = None, no_space: dict | None = None
) -> Problem:
    """A problem a person can act on for the YAML syntax error ``exc`` (raised on the lines
    from ``offset`` of a front matter whose first line is the file's line ``first_line``): the
    common slips in words, with the line and an excerpt with a caret; otherwise libyaml's words."""
    if layout is None and where is None:
        layout = _layout(text_lines)
    if no_space is None:
        no_space = no_space_lines(text_lines)
    index, column, field_name, message, _ = _explain(exc, offset, text_lines, first_line, layout, no_space, where)
    return Problem(path_label, index + first_line, field_name, _with_excerpt(message, text_lines[index], index + first_line, column), code="yaml-syntax")


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
        authors=_as_authors(data.get("authors") or []),
        summary=(data.get("summary") or "").strip("\n"),
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
        aliases=[_one_line(a) for a in data.get("aliases") or []],
        key_lines=key_lines,
    )


def raw_html_problems(entry: Entry) -> list[Problem]:
    """A summary may use Markdown, but raw HTML is escaped on the page: tell the author."""
    text = _CODE_RE.sub("", entry.summary)
    match = _RAW_HTML_RE.search(text)
    if not match:
        return []
    return [
        Problem(entry.path, entry.line_of("summary"), "summary", f"raw HTML {match.group(0)[:40]!r} is shown as text, not rendered; use Markdown", WARNING, "raw-html")
    ]


def _too_long(length: int, limit: int, option: str, advice: str = "shorten it", what: str = "is too long") -> str:
    return Coded(f"{what}: {length:,} characters (limit {limit:,} characters, option {option}): {advice}", "over-limit")


def _list_limits(path: tuple, values: list, count: tuple, chars: tuple) -> list[tuple[tuple, str]]:
    """A list's length (``count``: limit, unit, option, advice) and each string item's length
    (``chars``: limit, option)."""
    limit, unit, option, advice = count
    errors = [(path, _too_many(len(values), limit, unit, option, advice))] if len(values) > limit else []
    for i, value in enumerate(values):
        if isinstance(value, str) and len(value) > chars[0]:
            errors.append((path + (i,), _too_long(len(value), chars[0], chars[1])))
    return errors


def _too_many(count: int, limit: int, unit: str, option: str, advice: str) -> str:
    return Coded(f"too many {unit}: {count:,} (limit {limit:,} {unit}, option {option}): {advice}", "over-limit")


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
                errors.append((path, Coded(message, "bad-character")))
        return errors
    items = enumerate(value) if isinstance(value, list) else value.items() if isinstance(value, dict) else ()
    links = len(path) == 3 and path[0] == "papers" and path[2] == "links"  # its strings are URLs
    for key, item in items:
        if isinstance(item, str):  # the common case, without a call for each string
            if not links:
                message = check_text(item)
                if message:
                    errors.append((path + (key,), Coded(message, "bad-character")))
        else:
            errors.extend(_text_errors(item, path + (key,)))
    return errors


def _title_errors(value: Any, path: tuple, limits: Limits) -> list[tuple[tuple, str]]:
    if not isinstance(value, str) or not value.strip():
        return []  # the schema reports those
    errors = []
    if not _has_letter_or_digit(value):
        errors.append((path, Coded("needs at least one letter or digit", "no-letter")))
    if len(value) > limits.max_title_chars:
        errors.append((path, _too_long(len(value), limits.max_title_chars, "max_title_chars")))
    return errors


#: Fields the format leaves optional and a site requires unless it says otherwise (the plugin's
#: ``require_summary`` and ``require_authors``): a list of summaries has both in every entry.
SITE_REQUIRED = frozenset({"summary", "authors"})

MISSING_SUMMARY = (
    "this site needs a summary in every entry: write one or two sentences after 'summary: |' on the lines below it "
    "(or set require_summary: false in the plugin's options for a list without summaries)"
)


def _entry_errors(item: dict, path: tuple, limits: Limits, today: _dt.date, required: frozenset[str] = SITE_REQUIRED) -> list[tuple[tuple, str]]:
    """Limits, titles and dates of one entry (values of a wrong type are left to the schema);
    with "summary" ``required``, a summary that is absent, empty or only blank."""
    errors = _title_errors(item.get("title"), path + ("title",), limits)
    if "summary" in required:
        summary = item.get("summary")
        if summary is None or (isinstance(summary, str) and not summary.strip()):
            errors.append((path + ("summary",), Coded(MISSING_SUMMARY, "missing-summary")))

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
        errors += _list_limits(path + ("authors",), authors, (limits.max_authors, "names", "max_authors", "list the first authors only"),
                               (limits.max_author_chars, "max_author_chars"))

    tags = item.get("tags")
    if isinstance(tags, list):
        errors += _list_limits(path + ("tags",), tags, (limits.max_tags, "tags", "max_tags", "keep the most useful ones"),
                               (limits.max_tag_chars, "max_tag_chars"))

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
            errors.append((path + ("added",), Coded(f"{added!r} is in the future (today is {today.isoformat()}): write the day the entry was added",
                                                    "future-date")))
    return errors


def content_errors(data: dict, limits: Limits, today: _dt.date, required: frozenset[str] = SITE_REQUIRED) -> list[tuple[tuple, str]]:
    """What the schema cannot say: limits, forbidden characters, titles without a letter or
    digit, dates in the future, a missing summary where the site requires one. ``(path,
    message)`` pairs, like ``Validator.errors``."""
    errors = _text_errors(data, ())
    errors += _title_errors(data.get("title"), ("title",), limits)
    description = data.get("description")
    if isinstance(description, str) and len(description) > limits.max_description_chars:
        errors.append((("description",), _too_long(len(description), limits.max_description_chars, "max_description_chars")))
    papers = data.get("papers")
    if isinstance(papers, list):
        for i, item in enumerate(papers):
            if isinstance(item, dict):
                errors.extend(_entry_errors(item, ("papers", i), limits, today, required))
    return errors


# -- recovering the entries of a front matter that does not parse ----------------------------

_BLOCK_ENTRIES = 64  # entries parsed together when recovering; a block that fails is parsed entry by entry
_MAX_TOP_PARTS = 50  # front matter keys read one by one when recovering, at most (the format has 4)
_LEFT_OUT = "this entry is left out of the site until its errors are fixed"


class _Refused(Exception):
    """An alias, too deep a nesting or a limit in a part: the whole file is refused."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Front:
    """What reading a front matter gave (``data`` None: the file is lost)."""

    data: Any
    lines: _Lines
    problems: list[Problem]
    bad: dict = field(default_factory=dict)
    left_out: list[Problem] = field(default_factory=list)  # warnings for the entries that could not be read
    notes: list[Problem] = field(default_factory=list)  # 'title:Foo' warnings


def _read_front(path_label: str, front: str, first_line: int, limits: Limits) -> _Front:
    """The front matter's values; when the YAML does not parse, every entry and key that does
    not touch an error (``_Recovery``)."""
    bad: dict = {}
    parsed = _parse(path_label, front, first_line, bad, limits.max_entries, limits.max_yaml_nodes)
    if parsed.refused is not None:
        return _Front(None, parsed.lines, [parsed.refused])
    if parsed.ok and not parsed.dupes and not _NO_SPACE_ANYWHERE_RE.search(front):  # the common case, quickly
        return _Front(parsed.value, parsed.lines, [], bad)
    text_lines = _text_lines(front)
    no_space = no_space_lines(text_lines)
    if parsed.ok:
        problems = [_dup_problem(path_label, d, text_lines, first_line, parsed.lines) for d in parsed.dupes]
        return _Front(parsed.value, parsed.lines, problems, bad, notes=_no_space_notes(path_label, text_lines, first_line, no_space, set()))
    layout = _layout(text_lines)
    whole = parsed.problems or [explain_yaml_error(path_label, parsed.error, text_lines, first_line, layout=layout, no_space=no_space)]
    if layout is None:  # no 'papers:': nothing to recover
        return _Front(None, _Lines(), whole)
    return _Recovery(path_label, front.split("\n"), text_lines, first_line, layout, no_space, limits).run(whole)


def _no_space_notes(path_label: str, text_lines: list[str], first_line: int, no_space: dict, explained: set) -> list[Problem]:
    notes = []
    for index, (key, colon, rest) in no_space.items():
        if index not in explained:
            message = _with_excerpt(_no_space_message(key, rest), text_lines[index], index + first_line, colon + 1)
            notes.append(Problem(path_label, index + first_line, key, message, WARNING, "no-space-after-colon"))
    return notes


class _Recovery:
    """Reads a front matter that does not parse part by part: the keys before and after the
    list, then each entry of ``papers:`` (in blocks of ``_BLOCK_ENTRIES``; a block that fails
    is read entry by entry, so every line is parsed at most three times: linear). Each part is
    parsed on its own with its real first line, under the same rules as the whole: aliases
    refuse the file, and the limits count over all parts."""

    def __init__(self, path_label: str, raw_lines: list[str], text_lines: list[str], first_line: int, layout: _Layout, no_space: dict, limits: Limits):
        self.path, self.raw, self.text, self.first = path_label, raw_lines, text_lines, first_line
        self.layout, self.no_space, self.limits = layout, no_space, limits
        self.nodes = [0]
        self.problems: list[Problem] = []
        self.left_out: list[Problem] = []
        self.explained: set[int] = set()
        self.data: dict = {}
        self.lines = _Lines()
        self.bad: dict = {}
        self.dupes: list = []
        self.lost = False  # the title (or an inline 'papers:') cannot be read: the file is lost
        self.whole: list[Problem] = []  # the problems of the front matter as a whole
        self.spans: list[tuple[int, int]] = []  # the lines of each entry
        self.ok: list[bool] = []  # each entry was read
        self.results: list[tuple[int, _Parsed]] = []  # (index of its first entry, a part that was read)

    def parse(self, start: int, end: int) -> _Parsed:
        counter = [self.nodes[0]]
        bad: dict = {}
        parsed = _parse(self.path, "\n".join(self.raw[start:end]), self.first + start, bad, None, self.limits.max_yaml_nodes, counter)
        if parsed.refused is not None:
            raise _Refused(parsed.refused)
        if parsed.ok:
            self.nodes[0] = counter[0]
        parsed.bad = bad
        return parsed

    def problem(self, index: int, field_name: str, message: str, column: int) -> Problem:
        problem = Problem(self.path, index + self.first, field_name, _with_excerpt(message, self.text[index], index + self.first, column), code="yaml-syntax")
        self.problems.append(problem)
        return problem

    def leave_out(self, index: int) -> None:
        self.left_out.append(Problem(self.path, index + self.first, "entry", _LEFT_OUT, WARNING, "entry-left-out"))

    def fail(self, parsed: _Parsed, where: _Where) -> str:
        """Reports why a part does not parse; returns the kind of slip."""
        if parsed.problems:
            self.problems.extend(parsed.problems)
            return "characters"
        index, column, field_name, message, kind = _explain(parsed.error, where.start, self.text, self.first, self.layout, self.no_space, where)
        self.problem(index, field_name, message, column)
        if kind == "space":
            self.explained.add(index)
        if kind == "outside":
            self.leave_out(index)
        return kind

    def merge(self, parsed: _Parsed) -> None:
        for key, value in parsed.value.items():
            if key in self.data and (key,) in self.lines:
                self.dupes.append(((key,), parsed.lines[(key,)], self.lines[(key,)]))
            self.data[key] = value
        self.lines.update(parsed.lines)
        self.bad.update(parsed.bad)
        self.dupes.extend(parsed.dupes)

    def top(self, start: int, end: int) -> None:
        """The front matter keys on lines ``start`` .. ``end``-1: all at once, else key by key."""
        if not any(_content(line) for line in self.text[start:end]):
            return
        parsed = self.parse(start, end)
        if parsed.ok and (parsed.value is None or isinstance(parsed.value, dict)):
            if parsed.value:
                self.merge(parsed)
            return
        starts = [j for j in range(start, end) if _is_top_start(self.text[j])]
        if not starts or starts[0] != start:
            starts.insert(0, start)
        if len(starts) > _MAX_TOP_PARTS:  # not a front matter with a slip in it: no recovery
            self.lost = True
            self.problems.extend(self.whole)
            return
        for k, a in enumerate(starts):
            b = starts[k + 1] if k + 1 < len(starts) else end
            if not any(_content(line) for line in self.text[a:b]):
                continue
            self.key(a, b)

    def key(self, a: int, b: int) -> None:
        """One front matter key (lines ``a`` .. ``b``-1), or a stray entry."""
        line = self.text[a]
        if _DASH_RE.match(line):  # '- title: ...' outside 'papers:'
            self.parse(a, b)  # the same rules (aliases) as everywhere
            self.problem(a, _key_field(line), _outside_message(self.layout.indent), _indent(line))
            self.leave_out(a)
            return
        parsed = self.parse(a, b)
        if parsed.ok and isinstance(parsed.value, dict):
            self.merge(parsed)
            return
        where = _Where("top", a, b, 0, self.layout.indent)
        if parsed.ok:  # a line of text, or a list
            first = next(j for j in range(a, b) if _content(self.text[j]))
            self.problem(first, "yaml", "this line is not 'key: value': the front matter holds keys (title:, description:, order:, papers:)", _indent(self.text[first]))
            return
        kind = self.fail(parsed, where)
        match = _TOP_KEY_RE.match(line)
        name = match[1] if match else None
        if name == "title":  # the category's title, read from its line alone if need be
            alone = self.parse(a, a + 1) if b > a + 1 else parsed
            if alone.ok and isinstance(alone.value, dict):
                self.merge(alone)
            elif kind == "colon" and self.problems[-1].line == a + self.first:  # 'title: A: B' means 'A: B'
                self.data["title"] = _KEY_LINE_RE.match(line)[4].strip()
                self.lines[("title",)] = a + self.first
            else:
                self.lost = True
        elif name == "papers" and not self.layout.block:  # the entries are lost with it
            self.lost = True

    def entries(self) -> None:
        layout, text = self.layout, self.text
        items, indent = layout.items, layout.indent
        spans = [(items[k], items[k + 1] if k + 1 < len(items) else layout.end) for k in range(len(items))]
        pre_end = items[0] if items else layout.end
        pre = next((j for j in range(layout.papers + 1, pre_end) if _content(text[j])), None)
        max_entries = self.limits.max_entries
        if len(spans) + (pre is not None) > max_entries:
            over = spans[max_entries - (pre is not None)][0]
            raise _Refused(
                Problem(
                    self.path,
                    over + self.first,
                    "papers",
                    f"too many entries: more than {max_entries:,} (limit {max_entries:,} entries, option max_entries): split the category into several files",
                    code="over-limit",
                )
            )
        if pre is not None:  # lines of the list before its first '- '
            self.parse(layout.papers + 1, pre_end)
            self.problem(pre, _key_field(text[pre]), _no_dash_message(text[pre], indent), _indent(text[pre]))
            self.leave_out(pre)
        self.spans, self.ok = spans, [False] * len(spans)

        def regular(k: int) -> bool:
            line = text[spans[k][0]]
            return _indent(line) == indent and line[indent : indent + 1] == "-"

        k = 0
        while k < len(spans):
            if not regular(k):
                self.entry(k, spans)
                k += 1
                continue
            j = k + 1
            while j < len(spans) and j - k < _BLOCK_ENTRIES and regular(j):
                j += 1
            parsed = self.parse(spans[k][0], spans[j - 1][1])
            if parsed.ok and isinstance(parsed.value, list) and len(parsed.value) == j - k:
                self.results.append((k, parsed))
                self.ok[k:j] = [True] * (j - k)
            else:
                for m in range(k, j):
                    self.entry(m, spans)
            k = j

    def entry(self, k: int, spans: list) -> None:
        a, b = spans[k]
        line = self.text[a]
        parsed = self.parse(a, b)
        where = _Where("entry", a, b, _entry_keys(self.text, a, b), self.layout.indent)
        if parsed.problems:
            self.problems.extend(parsed.problems)
        elif _indent(line) != self.layout.indent:
            self.problem(a, _key_field(line), _dash_message(line, self.layout.indent), _indent(line))
        elif not parsed.ok:
            self.fail(parsed, where)
        elif not (isinstance(parsed.value, list) and len(parsed.value) == 1):
            self.problem(a, _key_field(line), "this entry cannot be read as one item of the 'papers:' list", _indent(line))
        else:
            self.results.append((k, parsed))
            self.ok[k] = True
            return
        self.leave_out(a)

    def blame(self, whole: Problem) -> None:
        """Every part parsed on its own, but the whole did not: the part holding the error is
        left out (an error is never lost)."""
        self.problems.append(whole)
        index = whole.line - self.first
        layout = self.layout
        if layout.block and layout.papers < index < layout.end and layout.items and index >= layout.items[0]:
            k = bisect.bisect_right(layout.items, index) - 1
            if self.ok[k]:
                self.ok[k] = False
                self.leave_out(self.spans[k][0])

    def run(self, whole: list[Problem]) -> _Front:
        layout = self.layout
        self.whole = whole
        try:
            if layout.block:
                self.top(0, layout.papers)
                self.data["papers"] = []
                self.lines[("papers",)] = layout.papers + self.first
                self.entries()
                self.top(layout.end, len(self.text))
            else:
                self.top(0, len(self.text))
        except _Refused as refused:
            return _Front(None, _Lines(), sorted(self.problems + [refused.problem], key=lambda p: p.line))
        if self.lost:
            return _Front(None, _Lines(), sorted(self.problems, key=lambda p: p.line))
        if not self.problems:
            self.blame(whole[0])
        if layout.block:
            kept: dict[int, int] = {}
            entries: list = []
            for k0, parsed in self.results:
                for r, value in enumerate(parsed.value):
                    if self.ok[k0 + r]:
                        kept[k0 + r] = len(entries)
                        entries.append(value)
            for k0, parsed in self.results:
                for path, line in parsed.lines.items():
                    if path and (k0 + path[0]) in kept:
                        self.lines[("papers", kept[k0 + path[0]]) + path[1:]] = line
                for path, value in parsed.bad.items():
                    if path and (k0 + path[0]) in kept:
                        self.bad[("papers", kept[k0 + path[0]]) + path[1:]] = value
                for path, line, first in parsed.dupes:
                    if path and (k0 + path[0]) in kept:
                        self.dupes.append((("papers", kept[k0 + path[0]]) + path[1:], line, first))
            self.data["papers"] = entries
        problems = self.problems + [_dup_problem(self.path, d, self.text, self.first, self.lines, layout.indent) for d in self.dupes]
        notes = _no_space_notes(self.path, self.text, self.first, self.no_space, self.explained)
        return _Front(self.data, self.lines, sorted(problems, key=lambda p: p.line), self.bad, sorted(self.left_out, key=lambda p: p.line), notes)


def _unclosed_front(path_label: str, text: str) -> tuple[str, str, int, list[Problem]] | None:
    """A front matter opened with '---' but never closed, when the lines after it are plainly
    YAML (keys, '- ' items, indented lines) and hold 'title:' and 'papers:': (front matter,
    body, line where the body starts, the error about the missing '---'). Else None."""
    lines = text.split("\n")
    top, entry, _ = _fields()
    end = len(lines)
    for i in range(1, len(lines)):  # the YAML ends at the first line at column 1 that is not a key of the format
        line = lines[i].rstrip("\r")
        if not line.strip() or line[0] in " \t#":
            continue
        match = _ENTRY_START_RE.match(line) or _TOP_KEY_RE.match(line)
        if not match or match[match.lastindex] not in (entry if line.startswith("-") else top | entry):
            end = i
            break
    last = end - 1
    while last >= 1 and (not lines[last].strip() or lines[last].startswith("#")):
        last -= 1
    front = lines[1 : last + 1]
    if not any(line.startswith("papers") and _PAPERS_RE.match(line.rstrip("\r")) for line in front):
        return None
    if not any(line.startswith("title") and _TOP_KEY_RE.match(line) for line in front):
        return None
    message = f"opened with '---' on line 1 but never closed: add a '---' line after the YAML (after line {last + 1})"
    return "\n".join(front), "\n".join(lines[last + 1 :]), last + 2, [Problem(path_label, 1, "front matter", message, code="front-matter-unclosed")]


def _utf8_size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def _too_big(path_label: str, size: str, limits: Limits) -> Problem:
    return Problem(
        path_label,
        1,
        "file",
        f"is too big: {size} bytes (limit {limits.max_file_bytes:,} bytes, option max_file_bytes): split it into several category files",
        code="over-limit",
    )


def category_from_text(
    path_label: str,
    text: str,
    section: str = "papers",
    validator: Validator | None = None,
    limits: Limits | None = None,
    today: _dt.date | None = None,
    required: frozenset[str] = SITE_REQUIRED,
) -> LoadResult:
    """Parse and validate one category file's text.

    ``limits`` bound the file and its entries (default ``Limits()``); ``today`` is the build
    date that ``added`` dates may not be after (by more than ``FUTURE_TOLERANCE``; default
    ``date.today()``); ``required``: the fields the site requires (the plugin's
    ``require_summary`` and ``require_authors``; both by default): an entry without a summary
    is then an error (``missing-summary``), one without authors too (``missing-field``,
    ``empty-list``)."""
    limits = limits or Limits()
    size = _utf8_size(text)
    if size > limits.max_file_bytes:
        return LoadResult(None, [_too_big(path_label, f"{size:,}", limits)])
    result = _category_from_text(path_label, text, section, validator or Validator(), limits, today or _dt.date.today(), required)
    result.problems = _capped(path_label, result.problems)
    return result


def _allowed_by_site(path: tuple, message, required: frozenset[str]) -> bool:
    """Whether a schema error is an entry's authors absent or empty on a site that does not
    require authors (``require_authors: false``: a list of titles and links)."""
    return "authors" not in required and len(path) == 3 and path[2] == "authors" and code_of(message, "") in ("missing-field", "empty-list")


def _category_from_text(path_label: str, text: str, section: str, validator: Validator, limits: Limits, today: _dt.date,
                        required: frozenset[str] = SITE_REQUIRED) -> LoadResult:
    front, body, body_line, problems = split_front_matter(path_label, text)
    fence: list[Problem] = []
    if front is None:
        unclosed = _unclosed_front(path_label, text) if problems and problems[0].code == "front-matter-unclosed" else None
        if unclosed is None:
            return LoadResult(None, problems)
        front, body, body_line, fence = unclosed
    body_problems = char_problems(path_label, body, body_line, "body", FORBIDDEN_BODY_CHARS, "is not allowed in the page text")
    read = _read_front(path_label, front, 2, limits)
    data, lines, bad = read.data, read.lines, read.bad
    problems = fence + read.problems
    if data is None and not read.problems:
        problems = [Problem(path_label, 2, "front matter", "is empty: it needs at least 'title:' and 'papers:'", code="front-matter")]
    if problems and data is None:
        return LoadResult(None, problems + body_problems)
    if not isinstance(data, dict):
        return LoadResult(None, problems + [Problem(path_label, 2, "front matter", f"expected a mapping (title:, papers:), got {type(data).__name__}", code="front-matter")] + body_problems)

    bad_entries: set[int] = set()
    file_level = bool(body_problems)
    errors = [(p, m) for p, m in validator.errors(data) if p not in bad and not _allowed_by_site(p, m, required)]
    errors += [(p, message) for p, (_, message) in bad.items()]
    errors += content_errors(data, limits, today, required)
    found: list[Problem] = []
    for err_path, message in errors:
        line = bad[err_path][0] if err_path in bad else _line_for(err_path, lines, 2)
        found.append(Problem(path_label, line, _field_name(err_path), message, code=code_of(message, "invalid-value")))
        if len(err_path) >= 2 and err_path[0] == "papers" and isinstance(err_path[1], int):
            bad_entries.add(err_path[1])
        else:
            file_level = True
    found += read.notes
    found.sort(key=lambda p: p.line)
    problems += found + body_problems
    # a duplicate key spoils its entry (or, outside the entries, the file)
    papers = data.get("papers") if isinstance(data.get("papers"), list) else []
    starts = [lines.get(("papers", i), 0) for i in range(len(papers))]
    for problem in problems:
        if problem.code == "duplicate-key":
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
    unread, u = read.left_out, 0  # entries that could not be read at all, in line order
    for i, item in enumerate(data["papers"]):
        line = lines.get(("papers", i), 2)
        while u < len(unread) and unread[u].line < line:
            problems.append(unread[u])
            u += 1
        if i in bad_entries:
            problems.append(Problem(path_label, line, "entry", _LEFT_OUT, WARNING, "entry-left-out"))
            continue
        entry = _entry_from(item, path_label, line, len(category.entries), lines, ("papers", i))
        entry.category = category
        problems.extend(raw_html_problems(entry))
        category.entries.append(entry)
    problems.extend(unread[u:])
    return LoadResult(category, problems)


def _capped(path_label: str, problems: list[Problem]) -> list[Problem]:
    """At most ``_MAX_PROBLEMS`` problems per file (a hostile file could make millions)."""
    if len(problems) <= _MAX_PROBLEMS:
        return problems
    rest = problems[_MAX_PROBLEMS:]
    errors = sum(p.level != WARNING for p in rest)
    return problems[:_MAX_PROBLEMS] + [
        Problem(path_label, rest[0].line, "file", f"{len(rest):,} more problems not shown ({errors:,} errors) from this line on; fix the ones above first",
                code="too-many-problems")
    ]


def load_category(
    file: Path,
    path_label: str,
    section: str = "papers",
    validator: Validator | None = None,
    limits: Limits | None = None,
    today: _dt.date | None = None,
    required: frozenset[str] = SITE_REQUIRED,
) -> LoadResult:
    """Read and validate the category file at ``file`` (``path_label`` names it in problems).

    A file over ``limits.max_file_bytes`` is refused without being read in full. ``limits``,
    ``today`` and ``required`` are as for ``category_from_text``."""
    limits = limits or Limits()
    try:
        if not stat.S_ISREG(file.stat().st_mode):  # a device or a pipe could block or never end
            return LoadResult(None, [Problem(path_label, 1, "file", "is not a regular file", code="not-a-file")])
        with file.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
            if len(data) > limits.max_file_bytes:
                size = os.fstat(handle.fileno()).st_size
                return LoadResult(None, [_too_big(path_label, f"{size:,}" if size > limits.max_file_bytes else f"over {limits.max_file_bytes:,}", limits)])
    except OSError as exc:
        return LoadResult(None, [Problem(path_label, 1, "file", f"cannot be read: {exc.strerror or exc}", code="unreadable")])
    text, problems = decode(path_label, data)
    if text is None:
        return LoadResult(None, problems)
    return category_from_text(path_label, text, section, validator, limits, today, required)


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
