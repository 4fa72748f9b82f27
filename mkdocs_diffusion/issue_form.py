"""The "add a paper" GitHub issue form: its category dropdown, and reading a filled-in form.

* :func:`category_options` — one dropdown option per category file, ``"Title (papers/x.md)"``,
  in the order of the navigation (``order``, then title).
* :func:`update_form` — the form's text with that dropdown's options replaced and every other
  byte unchanged; :func:`form_problems` says when the options are out of date (for ``check``).
* :func:`parse_issue_body` — the values of a filled-in form from the Markdown GitHub makes of
  it (``### Label``, a blank line, the value; ``_No response_`` when left empty), and
  :func:`add_arguments` — those values checked and turned into ``mkdocs-diffusion add``'s
  arguments.

No MkDocs imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import ERROR, Problem

FORM_PATH = Path(".github/ISSUE_TEMPLATE/add-paper.yml")
CATEGORY_FIELD = "category"
NO_RESPONSE = "_No response_"
_OPTION_PATH = re.compile(r"\(([^()]+\.md)\)\s*$")


class FormError(Exception):
    """The form file cannot be read or has no such dropdown."""


# --------------------------------------------------------------------------------------------
# Options from the category files
# --------------------------------------------------------------------------------------------


def _raw_title(file: Path) -> str | None:
    """The ``title:`` of a category file that does not load (so it still gets an option)."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    m = re.search(r"^title:[ \t]*(.+?)[ \t]*$", text, re.MULTILINE)
    if not m:
        return None
    try:
        value = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return None
    return " ".join(str(value).split()) if value else None


def category_options(docs_dir: Path, papers_dir: str = "papers") -> list[str]:
    """``"Title (papers/file.md)"`` for every category file under ``papers_dir``, in the
    order of the navigation (files that do not load come last, by path)."""
    from .loader import load_docs

    categories, _, _ = load_docs(Path(docs_dir), papers_dir=papers_dir, resources_dir="")
    categories.sort(key=lambda c: c.sort_key())
    options = [f"{c.title} ({c.path})" for c in categories]
    loaded = {c.path for c in categories}
    base = Path(docs_dir) / papers_dir
    if base.is_dir():
        for file in sorted(base.rglob("*.md")):
            path = file.relative_to(docs_dir).as_posix()
            if path not in loaded:
                options.append(f"{_raw_title(file) or file.stem} ({path})")
    return options


# --------------------------------------------------------------------------------------------
# The form file
# --------------------------------------------------------------------------------------------


@dataclass
class FormField:
    id: str
    type: str
    label: str
    required: bool = False
    options: list[str] = field(default_factory=list)


def _value(node):
    """The plain Python value of one composed node."""
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _get(mapping: yaml.MappingNode | None, key: str):
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _compose(text: str) -> yaml.MappingNode:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise FormError(f"not valid YAML: {error}") from None
    if not isinstance(root, yaml.MappingNode) or not isinstance(_get(root, "body"), yaml.SequenceNode):
        raise FormError("not a GitHub issue form (no 'body:' list)")
    return root


def form_fields(text: str) -> list[FormField]:
    """The input fields of an issue form, in order (``markdown`` blocks left out)."""
    root = _compose(text)
    fields = []
    for item in _get(root, "body").value:
        kind = _value(_get(item, "type"))
        if kind == "markdown":
            continue
        attributes = _get(item, "attributes")
        validations = _value(_get(item, "validations")) or {}
        options = _value(_get(attributes, "options")) or []
        fields.append(
            FormField(
                id=str(_value(_get(item, "id")) or ""),
                type=str(kind),
                label=str(_value(_get(attributes, "label")) or ""),
                required=bool(validations.get("required")) if isinstance(validations, dict) else False,
                options=[str(o) for o in options] if isinstance(options, list) else [],
            )
        )
    return fields


def _options_node(root: yaml.MappingNode, field_id: str):
    for item in _get(root, "body").value:
        if _value(_get(item, "id")) == field_id:
            attributes = _get(item, "attributes")
            options = _get(attributes, "options")
            if options is None:
                raise FormError(f"the field {field_id!r} has no 'options:'")
            key = next(k for k, v in attributes.value if v is options)
            return key, options
    raise FormError(f"no field with id {field_id!r}")


def update_form(text: str, options: list[str], field_id: str = CATEGORY_FIELD) -> str:
    """``text`` with the dropdown ``field_id``'s options replaced by ``options`` (a block
    list, each option written by SafeDumper); every byte outside that list unchanged. Comments
    between the old options go with them."""
    key, node = _options_node(_compose(text), field_id)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        indent = node.start_mark.column
        first = node.start_mark.line
        last = max(item.end_mark.line - (1 if item.end_mark.column == 0 and item.end_mark.line > item.start_mark.line else 0) for item in node.value)
        head, tail = lines[:first], lines[last + 1 :]
    elif isinstance(node, yaml.SequenceNode) or (isinstance(node, yaml.ScalarNode) and node.value == ""):
        # 'options: []', 'options: [a, b]' or 'options:' alone: a block list under the key
        row = key.start_mark.line
        line = lines[row]
        body = line.rstrip("\r\n")
        if isinstance(node, yaml.SequenceNode):
            if node.end_mark.line != row:
                raise FormError("write the options as a block list ('- option' lines)")
            rest = body[node.end_mark.column :]
            body = body[: node.start_mark.column].rstrip(" \t") + (" " + rest.strip() if rest.strip() else "")
        indent = key.start_mark.column + 2
        head, tail = lines[:row] + [body + (line[len(line.rstrip("\r\n")) :] or newline)], lines[row + 1 :]
    else:
        raise FormError(f"the options of {field_id!r} are not a list")
    new = []
    for option in options:
        dumped = yaml.dump([option], Dumper=yaml.SafeDumper, allow_unicode=True, default_flow_style=False, width=1_000_000)
        for number, part in enumerate(dumped.rstrip("\n").split("\n")):
            new.append((" " * indent if number == 0 or part else "") + part + newline)
    return "".join(head) + "".join(new) + "".join(tail)


def form_problems(docs_dir: Path | str, form_path: Path | str, papers_dir: str = "papers", field_id: str = CATEGORY_FIELD) -> list[Problem]:
    """Problems of the issue form at ``form_path`` against the category files of
    ``docs_dir``: an error on its ``options:`` line when the dropdown's options are not
    :func:`category_options` (run ``mkdocs-diffusion form update``), or when the form cannot
    be read. Empty when all is well."""
    form_path = Path(form_path)
    label = form_path.as_posix()
    try:
        text = form_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [Problem(label, 1, "file", "no such file")]
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(label, 1, "file", f"cannot be read: {error}")]
    try:
        root = _compose(text)
        key, node = _options_node(root, field_id)
    except FormError as error:
        return [Problem(label, 1, "form", str(error))]
    current = _value(node) or []
    expected = category_options(Path(docs_dir), papers_dir)
    if current == expected:
        return []
    missing = [o for o in expected if o not in current]
    stale = [o for o in current if o not in expected]
    parts = []
    if missing:
        parts.append("missing " + ", ".join(repr(o) for o in missing))
    if stale:
        parts.append("no longer a category " + ", ".join(repr(o) for o in stale))
    if not parts:
        parts.append("not in the order of the navigation")
    return [Problem(label, key.start_mark.line + 1, f"{field_id}.options", f"out of date with the category files ({'; '.join(parts)}): run `mkdocs-diffusion form update`", ERROR)]


# --------------------------------------------------------------------------------------------
# A filled-in form
# --------------------------------------------------------------------------------------------


def parse_issue_body(body: str, fields: list[FormField] | None = None) -> dict[str, str | None]:
    """The values of a filled-in issue form, by field id (by label without ``fields``).

    GitHub writes each field as ``### <label>``, a blank line and the value (``_No
    response_`` for an empty one); the headings are looked for in the form's order, so a value
    may itself contain ``###`` lines. A field whose heading is missing is left out."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if fields is None:
        fields = [FormField(id=m.group(1).strip(), type="", label=m.group(1).strip()) for m in re.finditer(r"^### (.+?)[ \t]*$", text, re.MULTILINE)]
    found: list[tuple[FormField, int]] = []
    position = 0
    for f in fields:
        heading = f"### {f.label}".rstrip()
        for i in range(position, len(lines)):
            if lines[i].rstrip() == heading:
                found.append((f, i))
                position = i + 1
                break
    values: dict[str, str | None] = {}
    for n, (f, i) in enumerate(found):
        end = found[n + 1][1] if n + 1 < len(found) else len(lines)
        value = "\n".join(lines[i + 1 : end]).strip("\n").strip()
        values[f.id] = None if value in ("", NO_RESPONSE) else value
    return values


@dataclass
class AddRequest:
    paper: str
    to: str
    summary: str
    code: str | None = None

    def arguments(self) -> list[str]:
        # '--name=value': a value starting with '-' is not taken for an option
        args = [self.paper, f"--to={self.to}", f"--summary={self.summary}"]
        if self.code:
            args.append(f"--code={self.code}")
        return args


def add_arguments(values: dict[str, str | None], docs_dir: Path, fields: list[FormField] | None = None) -> tuple[AddRequest | None, list[str]]:
    """The ``add`` request of a parsed form, or the problems (one sentence each, for a comment
    on the issue). Field ids: ``arxiv``, ``category``, ``summary``, ``code``."""
    from .identity import arxiv_id

    labels = {f.id: f.label for f in fields or []}
    errors: list[str] = []

    def name(field_id: str) -> str:
        return f"'{labels.get(field_id, field_id)}'"

    raw = values.get("arxiv")
    paper = arxiv_id(raw.strip().strip("<>")) if raw else None
    if not raw:
        errors.append(f"{name('arxiv')} is empty: give an arXiv id (2302.05543) or URL (https://arxiv.org/abs/2302.05543)")
    elif not paper:
        errors.append(f"{name('arxiv')}: {raw[:100]!r} is not an arXiv id or URL (e.g. 2302.05543 or https://arxiv.org/abs/2302.05543)")
    choice = values.get("category")
    to = None
    if not choice:
        errors.append(f"{name('category')} is empty: choose a category")
    else:
        m = _OPTION_PATH.search(choice)
        candidate = m.group(1) if m else None
        if candidate is None:
            by_title = {o.rsplit(" (", 1)[0]: _OPTION_PATH.search(o).group(1) for o in category_options(docs_dir) if _OPTION_PATH.search(o)}
            candidate = by_title.get(choice.strip())
        if candidate and not candidate.startswith(("/", "..")) and ".." not in candidate.split("/") and (Path(docs_dir) / candidate).is_file():
            to = candidate
        else:
            errors.append(f"{name('category')}: {choice[:100]!r} is not one of the category files")
    summary = (values.get("summary") or "").strip()
    if not summary:
        errors.append(f"{name('summary')} is empty: write the one-sentence summary")
    code = (values.get("code") or "").strip() or None
    if code and not re.fullmatch(r"https?://\S+", code):
        errors.append(f"{name('code')}: {code[:100]!r} is not an http(s) URL")
    if errors:
        return None, errors
    return AddRequest(paper, to, summary, code), []


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


def run_form(args, stdout, stderr) -> int:
    """``form update`` / ``form check`` / ``form parse``. 0: done (up to date, parsed);
    1: out of date, or a filled-in form with problems (one line each on stderr); 2: usage."""
    import json
    import os
    import sys

    form_path = Path(args.form)
    docs_dir = Path(args.docs)
    if not docs_dir.is_dir():
        print(f"{docs_dir}: error: not a folder", file=stderr)
        return 2
    if args.form_command == "check":
        problems = form_problems(docs_dir, form_path, args.papers_dir)
        for problem in problems:
            print(problem.format(), file=stdout)
        return 1 if problems else 0
    try:
        text = form_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{form_path}: error: cannot be read ({error})", file=stderr)
        return 2
    if args.form_command == "update":
        try:
            new = update_form(text, category_options(docs_dir, args.papers_dir))
        except FormError as error:
            print(f"{form_path}: error: {error}", file=stderr)
            return 2
        if new == text:
            print(f"{form_path}: up to date", file=stderr)
            return 0
        with open(form_path, "w", encoding="utf-8", newline="") as handle:
            handle.write(new)
        print(f"{form_path}: category options updated", file=stderr)
        return 0
    # parse
    if args.body_env:
        body = os.environ.get(args.body_env)
        if body is None:
            print(f"error: the environment variable {args.body_env} is not set", file=stderr)
            return 2
    elif args.body_file == "-":
        body = sys.stdin.read()
    else:
        try:
            body = Path(args.body_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            print(f"{args.body_file}: error: cannot be read ({error})", file=stderr)
            return 2
    try:
        fields = form_fields(text)
    except FormError as error:
        print(f"{form_path}: error: {error}", file=stderr)
        return 2
    values = parse_issue_body(body, fields)
    request, errors = add_arguments(values, docs_dir, fields)
    if request is None:
        for error in errors:
            print(f"error: {error}", file=stderr)
        return 1
    if args.format == "args":
        stdout.write("\0".join(request.arguments()) + "\0")
    else:
        json.dump({"paper": request.paper, "to": request.to, "summary": request.summary, "code": request.code, "args": request.arguments()}, stdout, ensure_ascii=False, indent=1)
        stdout.write("\n")
    return 0
