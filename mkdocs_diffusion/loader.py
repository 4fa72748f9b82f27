"""Reading category files: front matter, YAML with line numbers, validation.

``load_category`` never raises for bad content: every problem becomes a ``Problem`` with
the file, the line and the field. A bad entry is left out of the category (and reported);
a file whose front matter cannot be read at all gives no category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import WARNING, Category, Entry, Problem
from .schema import Validator

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
    if tag == "tag:yaml.org,2002:int":
        return _constructor.construct_yaml_int(node)
    if tag == "tag:yaml.org,2002:float":
        return _constructor.construct_yaml_float(node)
    raise _Unsupported(node, f"unsupported YAML tag {node.tag!r}")


class _Unsupported(Exception):
    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.node = node
        self.message = message


def _to_python(node: yaml.Node, path: tuple, lines: _Lines, offset: int, dupes: list, bad: dict | None = None) -> Any:
    """Build plain Python values from a YAML node, recording lines, duplicate keys and
    values of unsupported types (``bad``: path -> (line, message); the value becomes None)."""
    if isinstance(node, yaml.ScalarNode):
        if bad is not None and node.tag not in _PLAIN_TAGS:
            bad[path] = (node.start_mark.line + offset, f"unsupported YAML tag {node.tag!r}: write plain text")
            return None
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        out = []
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + offset
            out.append(_to_python(item, path + (i,), lines, offset, dupes, bad))
        return out
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Unsupported(key_node, "a key must be a plain word, not a list or mapping")
            key = _scalar(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise _Unsupported(key_node, f"unsupported key {key!r}")
            key = str(key) if key is not None else "null"
            line = key_node.start_mark.line + offset
            if key in result:
                dupes.append((path + (key,), line, lines[path + (key,)]))
            lines[path + (key,)] = line
            result[key] = _to_python(value_node, path + (key,), lines, offset, dupes, bad)
        return result
    raise _Unsupported(node, "unsupported YAML node")  # pragma: no cover


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
            out += ("." if out else "") + str(part)
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


def parse_yaml(path_label: str, source: str, first_line: int = 2, bad: dict | None = None) -> tuple[Any, _Lines, list[Problem]]:
    """Parse YAML text into plain values and a map of JSON paths to file lines.

    With ``bad`` given, values of unsupported types are recorded there instead of failing."""
    problems: list[Problem] = []
    for number, line in enumerate(source.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            problems.append(Problem(path_label, number, "yaml", "tab in indentation: YAML indents with spaces only"))
    if problems:
        return None, _Lines(), problems
    lines = _Lines()
    try:
        node = yaml.compose(source, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark is not None else first_line
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        return None, lines, [Problem(path_label, line, "yaml", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:  # e.g. reader errors on control characters
        return None, lines, [Problem(path_label, first_line, "yaml", f"YAML error: {exc}")]
    if node is None:
        return None, lines, []
    dupes: list = []
    try:
        value = _to_python(node, (), lines, first_line, dupes, bad)
    except _Unsupported as exc:
        return None, lines, [Problem(path_label, exc.node.start_mark.line + first_line, "yaml", exc.message)]
    except (ValueError, TypeError) as exc:
        return None, lines, [Problem(path_label, first_line, "yaml", f"YAML value error: {exc}")]
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


def category_from_text(path_label: str, text: str, section: str = "papers", validator: Validator | None = None) -> LoadResult:
    """Parse and validate one category file's text."""
    validator = validator or Validator()
    front, body, _, problems = split_front_matter(path_label, text)
    if front is None:
        return LoadResult(None, problems)
    bad: dict = {}
    data, lines, problems = parse_yaml(path_label, front, first_line=2, bad=bad)
    if data is None and not problems:
        problems = [Problem(path_label, 2, "front matter", "is empty: it needs at least 'title:' and 'papers:'")]
    if problems and data is None:
        return LoadResult(None, problems)
    if not isinstance(data, dict):
        return LoadResult(None, problems + [Problem(path_label, 2, "front matter", f"expected a mapping (title:, papers:), got {type(data).__name__}")])

    bad_entries: set[int] = set()
    file_level = False
    errors = [(p, m) for p, m in validator.errors(data) if p not in bad]
    errors += [(p, message) for p, (_, message) in bad.items()]
    for err_path, message in errors:
        line = bad[err_path][0] if err_path in bad else _line_for(err_path, lines, 2)
        problems.append(Problem(path_label, line, _field_name(err_path), message))
        if len(err_path) >= 2 and err_path[0] == "papers" and isinstance(err_path[1], int):
            bad_entries.add(err_path[1])
        else:
            file_level = True
    # a duplicate key spoils its entry (or, outside the entries, the file)
    papers = data.get("papers") if isinstance(data.get("papers"), list) else []
    starts = [lines.get(("papers", i), 0) for i in range(len(papers))]
    for problem in problems:
        if problem.message.startswith("duplicate key"):
            inside = [i for i, start in enumerate(starts) if start <= problem.line]
            if inside and problem.line > lines.get(("papers",), 10**9):
                bad_entries.add(inside[-1])
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


def load_category(file: Path, path_label: str, section: str = "papers", validator: Validator | None = None) -> LoadResult:
    """Read and validate the category file at ``file`` (``path_label`` names it in problems)."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        return LoadResult(None, [Problem(path_label, 1, "file", f"cannot be read: {exc.strerror}")])
    text, problems = decode(path_label, data)
    if text is None:
        return LoadResult(None, problems)
    return category_from_text(path_label, text, section, validator)


def load_docs(docs_dir: Path, papers_dir: str = "papers", resources_dir: str = "resources") -> tuple[list[Category], list[Problem], int]:
    """Every category file under ``docs_dir``: (categories, problems, number of files read).

    Files are named in problems by their path relative to ``docs_dir``, as the plugin does."""
    validator = Validator()
    categories: list[Category] = []
    problems: list[Problem] = []
    n_files = 0
    for section, folder in (("papers", papers_dir), ("resources", resources_dir)):
        base = docs_dir / folder
        if not folder or not base.is_dir():
            continue
        for file in sorted(base.rglob("*.md")):
            n_files += 1
            result = load_category(file, file.relative_to(docs_dir).as_posix(), section, validator)
            problems.extend(result.problems)
            if result.category is not None:
                categories.append(result.category)
    return categories, problems, n_files
