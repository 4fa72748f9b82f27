"""The importer reads a README's block structure with a CommonMark parser (markdown-it-py):
code and HTML are never entries or categories, lists and setext headings are what GitHub shows,
emoji shortcodes in titles become the emoji."""

from __future__ import annotations

import random

from mkdocs_diffusion import importer
from mkdocs_diffusion.importer import parse_readme

ENTRY = "**{title}** \\\n*Ada Lovelace, Alan Turing* \\\narXiv 2023. [[Paper](https://arxiv.org/abs/{arxiv})] \\\n6 Apr 2023 \\\nA summary.\n"


def entry(title: str = "Real Paper", arxiv: str = "2304.03411") -> str:
    return ENTRY.format(title=title, arxiv=arxiv)


def categories(text: str) -> dict[str, list[str]]:
    return {c.title: [e.data["title"] for e in c.entries] for c in parse_readme(text).categories}


def test_a_heading_or_entry_inside_a_code_fence_is_neither():
    text = "## Install\n\n```sh\n# install\npip install x\n" + entry("Fenced Paper") + "```\n\n## Real\n\n" + entry()
    assert categories(text) == {"Real": ["Real Paper"]}


def test_tilde_fences_and_indented_code_are_not_entries():
    text = "## Real\n\n" + entry() + "\n~~~\n## Not a heading\n" + entry("Tilde Paper") + "~~~\n\n    **Indented Paper** \\\n    *A* \\\n    [[Paper](https://x.org/1)]\n"
    assert categories(text) == {"Real": ["Real Paper"]}


def test_html_comments_hide_headings_and_entries():
    text = "<!--\n## Hidden\n\n" + entry("Hidden Paper") + "-->\n\n## Real\n\n" + entry() + "\n<!-- ## Also hidden -->\n"
    assert categories(text) == {"Real": ["Real Paper"]}


def test_an_unclosed_fence_runs_to_the_end_as_on_github():
    text = "## Real\n\n" + entry() + "\n```\n## Swallowed\n\n" + entry("Swallowed Paper")
    result = parse_readme(text)
    assert categories(text) == {"Real": ["Real Paper"]}
    assert result.entries[0].data["summary"].startswith("A summary.")  # the code is kept with the entry above


def test_setext_headings_are_headings():
    text = "Papers\n======\n\nVision\n------\n\n### Generation\n\n" + entry()
    assert categories(text) == {"Vision / Generation": ["Real Paper"]}  # level 1 only groups


def test_entries_written_as_list_items():
    text = "## Lists\n\n- **Listed Paper** \\\n  *Ada Lovelace* \\\n  [[Paper](https://arxiv.org/abs/2301.00001)] \\\n  1 Jan 2023\n- **Second Paper** \\\n  *Alan Turing* \\\n  [[Code](https://github.com/a/b)]\n"
    result = parse_readme(text)
    assert [(e.data["title"], e.data["authors"], e.data.get("date")) for e in result.entries] == [
        ("Listed Paper", ["Ada Lovelace"], "2023-01-01"),
        ("Second Paper", ["Alan Turing"], None),
    ]
    assert result.entries[1].data["links"] == {"code": "https://github.com/a/b"}


def test_a_table_of_contents_list_gives_no_category():
    text = "## Contents\n- [Vision](#vision)\n  - [Generation](#generation)\n\n## Vision\n\n" + entry()
    assert categories(text) == {"Vision": ["Real Paper"]}


def test_emoji_shortcodes_in_titles_become_emoji():
    text = "## :rocket: Launch\n\n" + entry(":fast_forward: DiffusionFastForward") + "\n" + entry(":not_an_emoji_code: Kept", "2304.03412") + "\n" + entry("Ratio 1:2:3", "2304.03413")
    result = parse_readme(text)
    assert [c.title for c in result.categories] == ["\U0001f680 Launch"]
    assert [e.data["title"] for e in result.entries] == ["\u23e9 DiffusionFastForward", ":not_an_emoji_code: Kept", "Ratio 1:2:3"]


def test_the_shortcode_table_is_githubs():
    table = importer._emoji_table()
    assert len(table) > 1500  # gemoji, from pymdown-extensions
    assert table["fast_forward"] == "\u23e9" and table["+1"] == "\U0001f44d" and table["heart"] == "\u2764\ufe0f"


def test_line_numbers_stay_those_of_the_readme():
    text = "# Title\n\n```\n# no\n```\n\n## A\n\n" + entry() + "\n<!-- x -->\n\n" + entry("Second", "2304.00002")
    result = parse_readme(text)
    lines = text.split("\n")
    assert [lines[e.line - 1] for e in result.entries] == ["**Real Paper** \\", "**Second** \\"]
    assert result.categories[0].line == 7


def test_runs_of_plain_paragraphs_parse_as_without_the_shortcut():
    """``_compress`` leaves runs of plain paragraphs out of what markdown-it-py reads; on random
    READMEs made of the pieces that matter, the blocks are the same as when it reads everything."""
    pieces = ["x", "y z", "", "", "", "```", "~~~", "<!--", "-->", "a -->", "# H", "- item", "  indented", "    code", "> q",
              "1. one", "---", "===", "**B** \\", "[[Paper](https://x.org/1)]", "<div>", "</div>", "* a *", "[ref]: https://x.org"]
    rng = random.Random(14)
    shortcut = 0
    for _ in range(2_000):
        lines = [rng.choice(pieces) if rng.random() < 0.3 else rng.choice(("x", "y z", "", "")) for _ in range(rng.randint(1, 60))]
        kept, dropped = importer._compress(lines)
        shortcut += bool(dropped)
        everything = list(range(len(lines)))
        original = importer._compress
        importer._compress = lambda ls, everything=everything: (everything, {})
        try:
            plain = list(importer._structure(lines))
        finally:
            importer._compress = original
        assert list(importer._structure(lines)) == plain, lines
    assert shortcut > 300  # the shortcut was taken often enough to mean something
