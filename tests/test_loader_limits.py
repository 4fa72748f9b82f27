"""Resources: a hostile category file cannot make the loader slow, hungry or crash.

Each case is loaded twice, once timed and once under ``tracemalloc`` (the bounds:
tests/bounds.py), and must come back with the expected problem instead of raising. Cases that
take more than a second on a slow machine are marked ``slow``.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from bounds import measured

from mkdocs_diffusion.loader import category_from_text, load_category
from mkdocs_diffusion.model import Limits

TODAY = datetime.date(2025, 1, 1)


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def front(lines: str) -> str:
    return "---\ntitle: T\n" + lines + "---\n"


ENTRY = "  - {title: Paper, authors: [A], summary: s}\n"


# -- YAML aliases ----------------------------------------------------------------------------

BILLION_LAUGHS = front(
    "papers: []\nl0: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
    + "".join(f"l{i}: &{chr(97 + i)} [{','.join(['*' + chr(96 + i)] * 9)}]\n" for i in range(1, 10))
)


def test_alias_bomb_is_refused_at_its_first_alias():
    assert len(BILLION_LAUGHS.encode()) < 500  # 9**10 strings once expanded
    result = measured(lambda: category_from_text("papers/t.md", BILLION_LAUGHS))
    assert result.category is None
    assert messages(result) == [
        "papers/t.md:5: yaml: YAML aliases (*a) are not allowed: write the value out in full (or put the text in quotes if the '*' belongs to it)"
    ]


def test_recursive_alias_is_refused():
    text = front("papers:\n  - title: X\n    authors: [A]\n    summary: s\n    tags: &a [*a]\n")
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert result.category is None and messages(result)[0].startswith("papers/t.md:7: yaml: YAML aliases (*a) are not allowed")


def test_self_referencing_mapping_is_refused():
    text = front("papers: []\nx: &m {a: *m}\n")
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert messages(result)[0].startswith("papers/t.md:4: yaml: YAML aliases (*m) are not allowed")


# -- nesting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, lines",
    [
        ("10,000 flow lists", "papers: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        ("900 flow lists (under libyaml's own cap)", "papers: " + "[" * 900 + "]" * 900 + "\n"),
        ("10,000 flow mappings", "papers: " + "{a: " * 10_000 + "x" + "}" * 10_000 + "\n"),
        ("900 block mappings", "papers:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(900)) + " " * 901 + "x\n"),
        ("100,000 unclosed '['", "papers: " + "[" * 100_000 + "\n"),
    ],
)
def test_deep_nesting_is_an_error_not_a_recursion_error(name, lines):
    text = front(lines)
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert result.category is None
    assert any(": yaml: nested more than 10 levels deep" in m for m in messages(result)), messages(result)


# -- size ------------------------------------------------------------------------------------


def test_10_mb_text_is_refused_before_parsing():
    text = front("papers:\n" + ENTRY * 10) + "x" * 10_000_000
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert messages(result) == [
        f"papers/t.md:1: file: is too big: {len(text):,} bytes (limit 2,000,000 bytes, option max_file_bytes): split it into several category files"
    ]


def test_10_mb_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(front("papers: []\n").encode() + b"[" * 10_000_000)
    result = measured(lambda: load_category(path, "papers/big.md"))
    assert result.category is None
    assert messages(result) == [
        f"papers/big.md:1: file: is too big: {path.stat().st_size:,} bytes (limit 2,000,000 bytes, option max_file_bytes): split it into several category files"
    ]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_symlink_to_an_endless_device_is_refused(tmp_path):
    link = tmp_path / "zero.md"
    link.symlink_to("/dev/zero")
    result = measured(lambda: load_category(link, "papers/zero.md"))
    assert messages(result) == ["papers/zero.md:1: file: is not a regular file"]


def test_multibyte_text_counts_bytes():
    text = front("papers: []\n") + "가" * 700_000  # 2.1 MB in UTF-8, 0.7 M characters
    assert messages(category_from_text("papers/t.md", text))[0].startswith("papers/t.md:1: file: is too big: 2,100,028 bytes")


# -- entries ---------------------------------------------------------------------------------


def test_100_000_entries_are_refused_by_size():
    text = front("papers:\n" + ENTRY * 100_000)
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert messages(result)[0].startswith("papers/t.md:1: file: is too big: 4,500,")


def test_100_000_entries_stop_the_reading_at_the_limit():
    text = front("papers:\n" + ENTRY * 100_000)
    limits = Limits(max_file_bytes=10**9)
    result = measured(lambda: category_from_text("papers/t.md", text, limits=limits))
    assert result.category is None
    assert messages(result) == [
        "papers/t.md:2004: papers: too many entries: more than 2,000 (limit 2,000 entries, option max_entries): split the category into several files"
    ]


def test_2000_entries_are_fine():
    text = front("papers:\n" + "".join(f"  - {{title: Paper {i}, authors: [A], summary: s, added: 2024-01-01}}\n" for i in range(2_000)))
    result = measured(lambda: category_from_text("papers/t.md", text, today=TODAY))
    assert result.problems == [] and len(result.category.entries) == 2_000


@pytest.mark.slow
def test_2_mb_of_tiny_values_stop_at_the_node_limit():
    text = front("papers: []\nx: [" + "a," * 990_000 + "]\n")
    assert len(text) < 2_000_000
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert messages(result) == [
        "papers/t.md:4: yaml: too many values: more than 200,000 keys, items and values in the front matter "
        "(limit 200,000, option max_yaml_nodes): split the category into several files"
    ]


@pytest.mark.slow
def test_2_mb_of_duplicate_keys_stop_at_the_node_limit():
    text = front("papers: []\nx: {" + "k: 1," * 390_000 + "}\n")
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert len(result.problems) == 1 and "option max_yaml_nodes" in messages(result)[0]


@pytest.mark.slow
def test_many_problems_are_capped_per_file():
    text = front("papers: []\nx: {" + "k: 1," * 90_000 + "}\n")  # 89,999 duplicate keys, and 'x' is unknown
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert len(result.problems) == 1_001
    assert messages(result)[-1] == "papers/t.md:4: file: 89,000 more problems not shown (89,000 errors) from this line on; fix the ones above first"


# -- scalars ---------------------------------------------------------------------------------


def test_long_base_60_number_is_not_computed():
    # '1:1:...:1' is a YAML 1.1 integer in base 60; PyYAML's constructor takes quadratic time.
    text = front("order: 1" + ":1" * 900_000 + "\npapers: []\n")
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert messages(result) == ["papers/t.md:3: order: expected an integer, got a string"]
    tagged = front('order: !!int "1' + ":1" * 900_000 + '"\npapers: []\n')
    result = measured(lambda: category_from_text("papers/t.md", tagged))
    assert messages(result) == ["papers/t.md:3: order: a number may have at most 40 characters"]


def test_huge_summary_costs_little():
    text = front("papers:\n  - title: X\n    authors: [A]\n    summary: '" + "`<a " * 490_000 + "'\n")
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert messages(result)[0].startswith("papers/t.md:6: summary: is too long: 1,960,000 characters (limit 5,000 characters")


def test_a_million_control_characters_give_few_problems():
    text = front("papers: []\n") + "\x1b" * 1_000_000 + "\n" + "a\x1b\n" * 300_000
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert len(result.problems) == 10 and all(": body: U+001B (ESCAPE, a control character) at column " in m for m in messages(result))
    in_front = front("papers: []\ndescription: " + "\x1b" * 1_000_000 + "\n")
    assert len(measured(lambda: category_from_text("papers/t.md", in_front)).problems) == 1


def test_many_tab_indented_lines_give_few_problems():
    text = front("papers: []\n" + "\tx: 1\n" * 300_000)
    result = measured(lambda: category_from_text("papers/t.md", text))
    assert len(result.problems) == 10 and all("tab in indentation" in m for m in messages(result))


def test_the_repository_docs_load_quickly():
    from mkdocs_diffusion.loader import load_docs

    docs = Path(__file__).resolve().parents[1] / "docs"
    if not (docs / "papers").is_dir():
        pytest.skip("no docs/papers in this checkout")
    categories, problems, _ = measured(lambda: load_docs(docs))
    assert [p for p in problems if p.level == "error"] == []
