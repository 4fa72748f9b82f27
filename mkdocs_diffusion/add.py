"""``mkdocs-diffusion add``: a paper from arXiv at the top of a category file's ``papers:`` list.

The entry's text is written by :mod:`mkdocs_diffusion.yamlwrite` (the package's one YAML writer:
every value by PyYAML's SafeDumper, quoting and escaping are the dumper's); it is inserted
before the first item of ``papers:`` with that item's indentation, and every other byte of the file stays as it was (comments,
quoting, order, line endings, a byte-order mark). ``papers: []`` becomes ``papers:`` with the
entry under it. Before anything is written the new text is read back with the package's loader:
the new entry must come out with exactly the values that were meant, and the file must have no
error it did not have before.

No MkDocs imports here; the catalog of the site (for "already listed") is read through
:mod:`mkdocs_diffusion.host` by the command.
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .arxiv import ArxivRecord, code_link, venue_of
from .loader import category_from_text
from .model import ERROR, Limits, Problem
from .yamlwrite import entry_lines


class AddError(Exception):
    """The entry cannot be added to this file (the message says why)."""


def entry_from_record(record: ArxivRecord, summary: str, added: _dt.date, code: str | None = None) -> dict:
    """The entry's values (in the format's order) for an arXiv record."""
    limits = Limits()
    links = {"paper": record.abs_url}
    found = code or code_link(record)
    if found:
        links["code"] = found
    data: dict = {"title": record.title, "authors": record.authors[: limits.max_authors], "venue": venue_of(record)}
    if record.published:
        data["date"] = _dt.date.fromisoformat(record.published)
    data["added"] = added
    data["links"] = links
    data["summary"] = summary
    return data


@dataclass
class Insertion:
    """The new text of a category file, and where the entry went (1-based lines)."""

    text: str
    first_line: int
    last_line: int
    entry_text: str  # the inserted lines, as written


def _front_matter(text: str) -> tuple[list[str], int]:
    """The file's lines (line ends kept) and the index of the closing fence line."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip(" \t") != "---":
        raise AddError("the file does not start with '---' front matter")
    for i in range(1, len(lines)):
        stripped = lines[i].rstrip("\r\n").rstrip(" \t")
        if stripped in ("---", "..."):
            return lines, i
    raise AddError("the front matter is never closed with a '---' line")


def _papers_node(front: str):
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise AddError(f"the front matter cannot be read as YAML ({error.__class__.__name__}); run `mkdocs-diffusion check` first") from None
    if not isinstance(root, yaml.MappingNode):
        raise AddError("the front matter is not a mapping with 'title:' and 'papers:'")
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "papers":
            return key, value
    raise AddError("the front matter has no 'papers:' list")


def insert_entry(text: str, data: dict) -> Insertion:
    """``text`` (a category file, without byte-order mark) with the entry ``data`` inserted
    at the top of its ``papers:`` list; every other byte unchanged (except ``[]`` of an empty
    flow list, which is removed)."""
    lines, close = _front_matter(text)
    front = "".join(lines[1:close])
    key, node = _papers_node(front)
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        dash = node.start_mark
        first = node.value[0]
        indent = dash.column
        gap = first.start_mark.column - dash.column if first.start_mark.line == dash.line and first.start_mark.column > dash.column else 2
        at = dash.line + 1  # index in `lines` (the front matter starts on line 2)
        if lines[at][: indent].strip() or lines[at][indent : indent + 1] != "-":
            raise AddError("cannot find the first item of 'papers:'")
        prefix_lines = lines[:at]
    elif isinstance(node, yaml.SequenceNode) and node.flow_style and not node.value:
        start, end = node.start_mark, node.end_mark
        if start.line != end.line:
            raise AddError("write the empty list as 'papers: []' on one line, or 'papers:' alone")
        row = start.line + 1
        line = lines[row]
        body, ending = line.rstrip("\r\n"), line[len(line.rstrip("\r\n")) :]
        rest = body[end.column :]
        new_line = body[: start.column].rstrip(" \t") + (" " + rest.lstrip(" \t") if rest.strip() else "") + (ending or newline)
        indent, gap, at = 2, 2, row + 1
        prefix_lines = lines[:row] + [new_line]
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and node.value == "":
        row = key.end_mark.line + 1
        if not lines[row].endswith("\n"):
            raise AddError("cannot find the end of the 'papers:' line")
        indent, gap, at = 2, 2, row + 1
        prefix_lines = lines[: row + 1]
    elif isinstance(node, yaml.SequenceNode):
        raise AddError("'papers:' is written as a flow list ([...]); write it as a block list ('- title: ...' lines) to add entries with this command")
    else:
        raise AddError("'papers:' is not a list")
    new_lines = entry_lines(data, indent, gap)
    entry_text = "".join(line + newline for line in new_lines)
    new_text = "".join(prefix_lines) + entry_text + "".join(lines[at:])
    first_line = len(prefix_lines) + 1
    return Insertion(new_text, first_line, first_line + len(new_lines) - 1, entry_text)


def _problem_key(problem: Problem, shift: int, after: int) -> tuple:
    line = problem.line + shift if problem.line > after else problem.line
    return (line, problem.field, problem.message, problem.level)


def check_insertion(path_label: str, old_text: str, insertion: Insertion, data: dict, section: str = "papers") -> list[Problem]:
    """The problems the insertion brings (the file's own earlier problems left out), after
    making sure the loader reads the new entry back with exactly ``data``'s values.
    Raises :class:`AddError` when it does not (a bug: nothing must be written then)."""
    before = category_from_text(path_label, old_text, section)
    after = category_from_text(path_label, insertion.text, section)
    shift = insertion.last_line - insertion.first_line + 1
    known = {_problem_key(p, shift, insertion.first_line - 1) for p in before.problems}
    new = [p for p in after.problems if (p.line, p.field, p.message, p.level) not in known]
    if [p for p in new if p.level == ERROR]:
        return new
    if after.category is None or not after.category.entries:
        raise AddError("the new entry cannot be read back from the file")
    entry = after.category.entries[0]
    if entry.line != insertion.first_line:
        raise AddError("the new entry is not read back where it was written")
    read = {
        "title": entry.title,
        "authors": entry.authors,
        "venue": entry.venue,
        "date": entry.date,
        "added": entry.added,
        "links": entry.links,
        "summary": entry.summary,
    }
    meant = {
        "title": " ".join(data["title"].split()),
        "authors": [" ".join(a.split()) for a in data["authors"]],
        "venue": " ".join(str(data.get("venue") or "").split()) or None,
        "date": str(data["date"]) if data.get("date") else None,
        "added": str(data["added"]) if data.get("added") else None,
        "links": data.get("links") or {},
        "summary": data["summary"].strip("\n"),
    }
    for name, value in meant.items():
        if read[name] != value:
            raise AddError(f"the new entry's {name} reads back as {read[name]!r}, not {value!r}; nothing written")
    return new


def write_text(path: Path, text: str, bom: bool = False) -> None:
    """Replace ``path``'s content atomically (a temporary file in the same folder, renamed),
    keeping its permissions."""
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    mode = path.stat().st_mode & 0o7777
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


@dataclass
class AddOptions:
    paper: str  # arXiv id or URL
    to: str  # the category file, relative to the docs folder
    docs: str | None = None
    summary: str | None = None
    added: str | None = None
    code: str | None = None
    also: bool = False
    dry_run: bool = False
    config: str | None = None


class _Site:
    """The site's category files as the build reads them, and its catalog."""

    def __init__(self, docs: str | None, config: str | None):
        from .cli import find_config
        from .collect import category_sources, collect
        from .host import load_site, plugin_options, site_sources

        docs_dir = Path(docs) if docs else None
        config_file = Path(config) if config else find_config(docs_dir)
        if config_file is None and docs_dir is None:
            docs_dir = Path("docs")
        if docs_dir is not None and not docs_dir.is_dir():
            raise _Usage(f"{docs_dir}: error: not a folder")
        site = load_site(config_file, None if config_file else docs_dir)
        options = plugin_options(site)
        self.docs_dir = Path(site.docs_dir)
        self.sources = category_sources(site_sources(site), options.papers_dir, options.resources_dir)
        self.collection = collect(self.sources, check_duplicates=False)
        self.display = Path(docs) if docs else _relative(self.docs_dir)
        self._collect = collect

    def where(self, src_uri: str, line: int | None = None) -> str:
        place = (self.display / src_uri).as_posix()
        return f"{place}:{line}" if line is not None else place

    def find(self, to: str):
        """(source, section) of the category file ``to`` (docs-relative, or a path to it)."""
        wanted = to.replace("\\", "/").lstrip("./") if not Path(to).is_absolute() else None
        candidates = []
        if wanted is not None:
            candidates.append(wanted)
        path = Path(to)
        if path.exists():
            try:
                candidates.append(path.resolve().relative_to(self.docs_dir.resolve()).as_posix())
            except ValueError:
                pass
        for source, section in self.sources:
            if source.src_uri in candidates:
                return source, section
        return None

    def recollect(self):
        return self._collect(self.sources, check_duplicates=True)


class _Usage(Exception):
    pass


def _relative(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _read(path: Path) -> tuple[str, bool]:
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    return data[3 if bom else 0 :].decode("utf-8"), bom


def run_add(options: AddOptions, stdout, stderr, stdin=None, client=None) -> int:
    """The ``add`` command. 0: added (or printed with ``dry_run``); 1: refused or a problem
    (already listed, arXiv unreachable, the file has errors); 2: a usage error."""
    import sys

    from .identity import arxiv_id, normalize_title

    stdin = stdin if stdin is not None else sys.stdin
    paper_id = arxiv_id(options.paper)
    if not paper_id:
        print(f"error: {options.paper!r} is not an arXiv id or URL (e.g. 2302.05543 or https://arxiv.org/abs/2302.05543)", file=stderr)
        return 2
    try:
        added = _dt.date.fromisoformat(options.added) if options.added else _dt.date.today()
    except ValueError:
        print(f"error: --added {options.added!r} is not a date (YYYY-MM-DD)", file=stderr)
        return 2
    if options.code is not None and not options.code.startswith(("https://", "http://")):
        print(f"error: --code {options.code!r} is not an http(s) URL", file=stderr)
        return 2
    summary = options.summary
    if summary is not None and not summary.strip():
        print("error: --summary is empty", file=stderr)
        return 2
    interactive = summary is None and stdin.isatty()
    if summary is None and not interactive:
        print("error: --summary TEXT is required when standard input is not a terminal", file=stderr)
        return 2
    try:
        site = _Site(options.docs, options.config)
    except _Usage as error:
        print(error, file=stderr)
        return 2
    except Exception as error:  # a broken mkdocs.yml
        print(f"error: cannot read the site: {error}", file=stderr)
        return 2
    found = site.find(options.to)
    if found is None:
        names = ", ".join(s.src_uri for s, section in site.sources if section == "papers")
        print(f"{site.where(options.to)}: error: no such category file (the category files: {names})", file=stderr)
        return 2
    target, section = found
    path = Path(target.abs_path)
    label = target.src_uri

    # Already listed? By identity (the catalog's rule), and by an identical title.
    identity = f"arxiv:{paper_id}"
    entries = site.collection.catalog.entries
    listed = [e for e in entries if e.identity == identity]
    in_target = [e for e in listed if e.path == label]
    if in_target:
        e = in_target[0]
        print(f"{site.where(e.path, e.line)}: error: {identity} ('{e.title}') is already listed in this category", file=stderr)
        return 1
    if listed and not options.also:
        for e in listed:
            print(f"{site.where(e.path, e.line)}: error: {identity} ('{e.title}') is already listed here; pass --also to list it in {label} too", file=stderr)
        return 1

    try:
        old_text, bom = _read(path)
    except (OSError, UnicodeDecodeError) as error:
        print(f"{site.where(label)}: error: cannot be read: {error}", file=stderr)
        return 1
    before = category_from_text(label, old_text, section)
    errors = [p for p in before.problems if p.level == ERROR]
    if errors:
        for p in errors[:10]:
            print(f"{site.where(p.path, p.line)}: error: {p.field}: {p.message}", file=stderr)
        print(f"{site.where(label)}: error: the file has {len(errors)} error(s); fix them first (mkdocs-diffusion check)", file=stderr)
        return 1

    if listed:  # --also: the copies must agree, so the new one copies the listed one
        head = listed[0]
        data: dict = {"title": head.title, "authors": list(head.authors)}
        if head.venue:
            data["venue"] = head.venue
        if head.date:
            data["date"] = _date_value(head.date)
        data["added"] = added
        data["links"] = dict(head.links)
        if options.code:
            data["links"]["code"] = options.code
        print(f"note: copying title, authors, venue, date and links from the copy at {site.where(head.path, head.line)}", file=stderr)
    else:
        from .arxiv import ArxivClient, ArxivError

        client = client or ArxivClient()
        try:
            record = client.fetch(paper_id)
        except ArxivError as error:
            print(f"error: {paper_id}: {error}", file=stderr)
            return 1
        same_title = [e for e in entries if e.kind == "paper" and normalize_title(e.title) == normalize_title(record.title)]
        if same_title and not options.also:
            for e in same_title:
                print(f"{site.where(e.path, e.line)}: error: a paper with the title '{record.title}' is already listed here (as {e.identity}); pass --also to add it anyway", file=stderr)
            return 1
        data = entry_from_record(record, "", added, options.code)

    if interactive:
        print(f"{data['title']}\n  {', '.join(data['authors'])}\n  {data.get('venue', '')}  {data['links']['paper']}", file=stderr)
        try:
            stderr.write("한 문장 요약 (summary, Markdown): ")
            stderr.flush()
            summary = stdin.readline()
        except (KeyboardInterrupt, EOFError):
            summary = ""
        if not summary or not summary.strip():
            print("\nerror: no summary given; nothing written", file=stderr)
            return 1
    data["summary"] = summary.strip()

    try:
        insertion = insert_entry(old_text, data)
        new_problems = check_insertion(label, old_text, insertion, data, section)
    except AddError as error:
        print(f"{site.where(label)}: error: {error}", file=stderr)
        return 1
    new_errors = [p for p in new_problems if p.level == ERROR]
    if new_errors:
        for p in new_errors:
            print(f"{site.where(p.path, p.line)}: error: {p.field}: {p.message}", file=stderr)
        print(f"{site.where(label)}: error: the new entry would not be valid; nothing written", file=stderr)
        return 1
    if options.dry_run:
        stdout.write(insertion.entry_text)
        print(f"dry run: the entry above would be inserted at {site.where(label, insertion.first_line)}; nothing written", file=stderr)
        return 0

    write_text(path, insertion.text, bom)
    # Read the written file again, as the build will.
    from .loader import load_category

    result = load_category(path, label, section)
    problems = [p for p in result.problems if insertion.first_line <= p.line <= insertion.last_line or p.level == ERROR]
    collection = site.recollect()
    problems += [
        p for p in collection.problems
        if p.path == label and insertion.first_line <= p.line <= insertion.last_line and p not in problems
    ]
    for p in problems:
        print(f"{site.where(p.path, p.line)}: {p.level}: {p.field}: {p.message}", file=stderr)
    code = data["links"].get("code")
    details = ", ".join(x for x in (identity, data.get("venue"), f"code {code}" if code else None) if x)
    print(f"{site.where(label, insertion.first_line)}: added '{data['title']}' ({details})", file=stdout)
    return 1 if any(p.level == ERROR for p in problems) else 0


def _date_value(value: str):
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return value  # 'YYYY-MM': written as text
