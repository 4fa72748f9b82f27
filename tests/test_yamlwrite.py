"""The one YAML writer (mkdocs_diffusion/yamlwrite.py): every value loads back exactly as written,
with PyYAML's safe loaders (C and Python); add, the importer and generate all write through it."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_diffusion import add, generate, importer, yamlwrite
from mkdocs_diffusion.yamlwrite import entry_lines, front_matter, literal_ok

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


def read_back(data: dict, indent: int = 2, gap: int = 2) -> dict:
    """The entry written as the only item of ``papers:`` in a front matter cut before its closing
    ``---`` (no final newline, as the loader cuts it), read by every safe loader."""
    text = "title: T\npapers:\n" + "\n".join(entry_lines(data, indent, gap))
    values = [yaml.load(text, Loader=loader)["papers"][0] for loader in LOADERS]
    assert all(v == values[0] for v in values)
    return values[0]


@pytest.mark.parametrize(
    "summary",
    [
        "ends with a line break\n",  # the three texts an earlier writer broke
        "nel\x85inside",
        "  first line indented\nsecond",
        "two final breaks\n\n",
        "\ttab first",
        "line\u2028separator",
        "bom\ufeffinside",
        "trailing space \nnext",
        "a\n---\nb",
        "",
        "😀 astral and 한글",
    ],
)
def test_any_summary_loads_back_exactly(summary):
    data = {"title": "T", "authors": ["A"], "summary": summary}
    assert read_back(data) == data


@pytest.mark.parametrize("indent, gap", [(0, 2), (2, 2), (4, 4), (2, 3)])
def test_layouts_of_existing_files(indent, gap):
    data = {"title": "T: colon", "authors": ["A, Jr.", "yes"], "date": dt.date(2023, 1, 2), "links": {"paper": "https://a.org/x#y"},
            "summary": "  indented\nline"}
    assert read_back(data, indent, gap) == data


def test_styles():
    lines = entry_lines({"title": "T", "authors": ["A", "B"], "added": dt.date(2023, 8, 8), "links": {"code": "https://g.com/a"}, "summary": "one\ntwo"})
    assert lines == ["  - title: T", "    authors: [A, B]", "    added: 2023-08-08", "    links:", "      code: https://g.com/a",
                     "    summary: |-", "      one", "      two"]
    assert entry_lines({"title": "T", "summary": "x\n"})[-1] == '    summary: "x\\n"'


@pytest.mark.parametrize("text, ok", [("a\nb", True), ("a\n", False), (" a", False), ("a \nb", False), ("a\x85b", False), ("", False), ("\n", False)])
def test_literal_ok(text, ok):
    assert literal_ok(text) is ok


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
    authors=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=20), max_size=4),
    summary=st.text(st.characters(blacklist_categories=("Cs",)), max_size=120),
)
def test_any_entry_loads_back_exactly(title, authors, summary):
    data = {"title": title, "authors": authors, "summary": summary}
    assert read_back(data) == data


def test_unknown_keys_are_refused():
    with pytest.raises(ValueError):
        entry_lines({"title": "T", "url": "x"})


def test_front_matter_of_a_generated_page():
    meta = {"title": "A: b", "description": "x\ny", "search": {"exclude": True}, "tags": ["#1", "yes"]}
    text = front_matter(meta)
    assert text.startswith("---\n") and text.endswith("---\n")
    assert yaml.safe_load(text.split("---\n")[1]) == meta


def test_one_writer_everywhere():
    assert add.entry_lines is yamlwrite.entry_lines
    assert yamlwrite.FIELD_ORDER is importer.ENTRY_FIELDS
    assert generate.front_matter is yamlwrite.front_matter and generate.dump_config_yaml is yamlwrite.dump_config_yaml
