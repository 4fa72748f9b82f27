"""Unit tests: reading and validating category files."""

from __future__ import annotations

import pytest

from mkdocs_diffusion.loader import category_from_text, decode, load_category

GOOD = """\
---
title: Image Editing
description: 편집
order: 3
papers:
  - title: "Null-text Inversion"
    authors: [Ron Mokady, Amir Hertz]
    venue: arXiv 2022
    date: 2022-11
    added: 2022-12-23
    links:
      paper: https://arxiv.org/abs/2211.09794
    tags: [inversion]
    id: arxiv:2211.09794
    summary: |
      요약 $\\mathbf{A}$.
  - title: Second
    authors: "A. One, B. Two"
    summary: 두번째
---

Intro prose.
"""


def problems_of(text: str) -> list[str]:
    return [str(p) for p in category_from_text("papers/x.md", text).problems]


def test_good_file_loads_every_field():
    result = category_from_text("papers/x.md", GOOD)
    assert result.problems == []
    cat = result.category
    assert (cat.title, cat.description, cat.order) == ("Image Editing", "편집", 3)
    assert cat.body.strip() == "Intro prose."
    first, second = cat.entries
    assert first.title == "Null-text Inversion"
    assert first.authors == ["Ron Mokady", "Amir Hertz"]
    assert (first.venue, first.date, first.added) == ("arXiv 2022", "2022-11", "2022-12-23")
    assert first.links == {"paper": "https://arxiv.org/abs/2211.09794"}
    assert first.tags == ["inversion"] and first.id == "arxiv:2211.09794"
    assert first.summary == "요약 $\\mathbf{A}$."
    assert first.line == 6 and first.line_of("authors") == 7
    assert second.authors == ["A. One", "B. Two"] and second.line == 17


def test_all_problems_reported_at_once_with_lines():
    text = GOOD.replace("    authors: [Ron Mokady, Amir Hertz]\n", "    auhtors: [Ron Mokady, Amir Hertz]\n").replace(
        "    summary: 두번째\n", "    summary: 두번째\n    date: 2023-02-30\n"
    )
    assert problems_of(text)[:3] == [
        "papers/x.md:6: authors: required field is missing",
        "papers/x.md:7: auhtors: unknown field 'auhtors' (did you mean 'authors'?)",
        "papers/x.md:20: date: '2023-02-30' is not a real date (day is out of range for month)",
    ]


def test_bad_entry_left_out_others_kept():
    text = GOOD.replace("    authors: \"A. One, B. Two\"\n", "    authors: 3\n")
    result = category_from_text("papers/x.md", text)
    assert [e.title for e in result.category.entries] == ["Null-text Inversion"]
    assert "papers/x.md:18: authors: expected a list of strings or a string, got an integer (3)" in [str(p) for p in result.problems]


def test_duplicate_key_inside_an_entry_is_reported():
    text = GOOD.replace("  - title: Second\n", "  - title: Second\n    title: Third\n")
    assert "papers/x.md:18: title: duplicate key (first on line 17); YAML would silently keep only the last value" in problems_of(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "papers/x.md:1: file: the file is empty"),
        ("title: x\n", "papers/x.md:1: front matter: missing"),
        ("---\ntitle: x\npapers: []\n", "papers/x.md:1: front matter: opened with '---' on line 1 but never closed"),
        ("---\ntitle: [x\npapers: []\n---\n", "papers/x.md:3: yaml: YAML syntax error"),
        ("---\ntitle: x\npapers:\n\t- title: y\n---\n", "papers/x.md:4: yaml: tab in indentation"),
        ("---\ntitle: x\npapers: {a: 1}\n---\n", "papers/x.md:3: papers: expected a list"),
        ("---\npapers: []\n---\n", "papers/x.md:2: title: required field is missing"),
    ],
)
def test_file_level_problems(text, expected):
    result = category_from_text("papers/x.md", text)
    assert result.category is None
    assert any(str(p).startswith(expected) for p in result.problems), [str(p) for p in result.problems]


def test_not_utf8_names_byte_offset_and_bom_accepted(tmp_path):
    text, problems = decode("papers/x.md", b"---\ntitle: caf\xe9\n")
    assert text is None and "byte offset 14" in str(problems[0]) and str(problems[0]).startswith("papers/x.md:2: file:")
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_category(path, "papers/x.md").problems == []
