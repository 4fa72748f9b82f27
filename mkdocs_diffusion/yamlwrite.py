"""The one writer of category-file YAML: entries and front-matter fields, by PyYAML's SafeDumper.

``mkdocs-diffusion add`` (an entry inserted into an existing file), the importer (whole category
files) and the benchmark's generator write through here, so quoting and escaping are PyYAML's
everywhere, and every value loads back as it was written (``yaml.safe_load`` gives the same
text; the package's loader too, within the format's rules below).

Layout, chosen for people who edit the files in a browser:

* one ``key: value`` per line, in the format's field order (:data:`FIELD_ORDER`); lists of names
  and tags in flow style (``authors: [A, B]``), ``links`` as a block mapping;
* dates given as :class:`datetime.date` are written bare (``2023-08-08``), strings are quoted by
  the dumper when YAML would read them as something else (``'2023-08'``, ``'yes'``);
* a summary is a literal block (``summary: |-`` and the text on the lines below) whenever that
  loads back exactly however the front matter is cut, else double-quoted with escapes
  (:func:`literal_ok` says which): a final line break, a first line starting with a space or a
  tab, trailing spaces on a line, or characters YAML reads as line breaks (U+0085 NEL,
  U+2028, U+2029, CR) would not survive a block.

What the writer does *not* do is change text: a value the format refuses (a C1 control such as
NEL, a line separator) is written exactly and the loader reports it (``bad-character``). The
loader drops a summary's leading and trailing line breaks (``"text\\n"`` reads back as
``"text"``); writers that want an exact round trip through the loader strip them first, as the
importer does (:func:`mkdocs_diffusion.importer.clean_text` also turns NEL and the separators into
line breaks).
"""

from __future__ import annotations

import re

import yaml

__all__ = [
    "FIELD_ORDER", "Flow", "Literal", "dump_config_yaml", "dump_field", "entry_lines", "field_lines", "front_matter", "literal_ok", "load_config_yaml",
]

#: The keys of an entry, in the order they are written.
FIELD_ORDER = ("title", "authors", "venue", "date", "added", "links", "tags", "id", "kind", "aliases", "summary")


class Literal(str):
    """A string written as a literal block (``|-``) when it loads back exactly, else double-quoted."""


class Flow(list):
    """A list written in flow style (``[a, b]``)."""


# Characters that a block scalar cannot hold as they are: YAML line breaks other than '\n'
# (PyYAML reads NEL as '\n'), a byte-order mark, and what YAML cannot print at all.
_BLOCK_BAD_RE = re.compile("[\r\x85\u2028\u2029\ufeff]|[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def literal_ok(text: str) -> bool:
    """Whether ``text`` loads back exactly from a literal block (``|-``) at the end of a front
    matter, wherever the front matter is cut: some visible text, no line break at either end
    (a final one would depend on the newline before the closing ``---``), a first line that
    does not start with a space or a tab (that would need an indentation indicator), no line
    ending in spaces or tabs, no tab-indented line, and only characters a block can hold."""
    if not text.strip() or text[0] in " \t\n" or text.endswith("\n") or _BLOCK_BAD_RE.search(text):
        return False
    return not any(line != line.rstrip(" \t") or line.startswith("\t") for line in text.split("\n"))


# libyaml's emitter when PyYAML has it (five times faster on a large import), else PyYAML's own;
# the representers, and so the styles asked for, are the same
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):
    pass


_Dumper.add_representer(
    Literal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style="|" if literal_ok(value) else '"')
)
_Dumper.add_representer(Flow, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True))


def dump_field(key: str, value) -> list[str]:
    """``key: value`` as YAML lines (no trailing newline), all quoting by SafeDumper: lists in
    flow style, the summary through :class:`Literal`."""
    if isinstance(value, list) and not isinstance(value, Flow):
        value = Flow(value)
    elif key == "summary" and isinstance(value, str) and not isinstance(value, Literal):
        value = Literal(value)
    text = yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000)
    lines = text.rstrip("\n").split("\n")
    if len(lines) > 1 and lines[-1] == "...":  # the document end marker after an open-ended scalar
        lines.pop()
    return lines


def field_lines(data: dict, keys=None) -> list[str]:
    """Top-level ``key: value`` lines of a front matter (``title``, ``description``...), in the
    order of ``keys`` (default: the order of ``data``)."""
    lines: list[str] = []
    for key in keys or data:
        if key in data:
            lines.extend(dump_field(key, data[key]))
    return lines


def entry_lines(data: dict, indent: int = 2, gap: int = 2) -> list[str]:
    """The entry as lines of a block list item: ``- `` at column ``indent``, its keys at column
    ``indent + gap``, in :data:`FIELD_ORDER` (other keys are refused: ``ValueError``)."""
    unknown = set(data) - set(FIELD_ORDER)
    if unknown:
        raise ValueError(f"unknown entry keys: {sorted(unknown)}")
    lines: list[str] = []
    inner = " " * (indent + gap)
    for number, key in enumerate(k for k in FIELD_ORDER if k in data):
        for i, line in enumerate(dump_field(key, data[key])):
            if number == 0 and i == 0:
                lines.append(" " * indent + "-" + " " * (gap - 1) + line)
            elif line:
                lines.append(inner + line)
            else:
                lines.append("")
    return lines


def front_matter(data: dict) -> str:
    """``data`` as a YAML front matter block (``---`` lines around it; block style, keys in
    their order): the metadata of a generated page, or a category file's header."""
    head = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000)
    return f"---\n{head}---\n"


# -- mkdocs.yml: written with its tags (``!!python/name:...``, ``!ENV``, ``!relative``) kept ------


class _Tagged:
    """A YAML node with a tag the safe loader does not know (``!!python/name:...``, ``!ENV``,
    ``!relative``): kept as it is, for MkDocs or Zensical to read."""

    def __init__(self, tag: str, value):
        self.tag, self.value = tag, value


class _KeepTagsLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.Loader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.Dumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_KeepTagsLoader.add_multi_constructor("!", _construct_tagged)
_KeepTagsLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_ConfigDumper.add_representer(_Tagged, _represent_tagged)
_ConfigDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def load_config_yaml(text: str):
    """A ``mkdocs.yml``'s data, with the tags MkDocs resolves (``!!python/name:...``, ``!ENV``)
    kept as they are written."""
    return yaml.load(text, Loader=_KeepTagsLoader)  # a safe loader that keeps unknown tags as data


def dump_config_yaml(data) -> str:
    """A ``mkdocs.yml`` (``data`` from :func:`load_config_yaml`, or plain data) as YAML, its tags
    as they were; text of several lines as a literal block."""
    return yaml.dump(data, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)
