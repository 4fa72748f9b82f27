"""A slip never costs a page (issue #12): when a category file's YAML does not parse, every entry
that does not touch the error is still read, and the error is told in words a person can act on,
at the line where it is, with an excerpt and a caret.

The exact text of every translated YAML message is in ``MESSAGES`` below (and the most common
ones also in ``CASES`` of ``test_bad_input.py``).
"""

from __future__ import annotations

import datetime
import html
import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_diffusion.cli import check_docs
from mkdocs_diffusion.loader import category_from_text, excerpt
from mkdocs_diffusion.model import Limits

REPO = Path(__file__).resolve().parents[1]
IMAGE_EDITING = REPO / "docs" / "papers" / "image-editing.md"
TODAY = datetime.date(2025, 1, 1)
LEFT_OUT = "entry: this entry is left out of the site until its errors are fixed"

GOOD = '  - title: "Good"\n    authors: [A]\n    summary: ok\n'


def one_entry(lines: str) -> str:
    """A category with a good entry (lines 4-6), then the given lines (from line 7)."""
    return "---\ntitle: T\npapers:\n" + GOOD + lines + "---\n"


def load(text: str, **options):
    return category_from_text("papers/t.md", text, today=TODAY, **options)


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def titles(result) -> list[str] | None:
    return None if result.category is None else [e.title for e in result.category.entries]


# -- the InstructPix2Pix slip in the repository's own image-editing.md ------------------------

INSTRUCT_PIX2PIX = """\
  - title: "InstructPix2Pix: Learning to Follow Image Editing Instructions"
    authors: [Tim Brooks, Aleksander Holynski, Alexei A. Efros]
    venue: CVPR 2023
    date: 2022-11-17
    added: 2023-03-20
    links:
      paper: https://arxiv.org/abs/2211.09800
    summary: |-
      GPT-3와 Prompt-to-Prompt로 만든 (편집 지시문, 편집 전후 이미지) 쌍으로 학습하여, 글로 된 편집 지시를 그대로 따르는 모델.
"""
SLIP = INSTRUCT_PIX2PIX.replace('"InstructPix2Pix: Learning to Follow Image Editing Instructions"', "InstructPix2Pix: Learning to Follow Image Editing Instructions")


def image_editing_copies() -> tuple[str, str, str, int]:
    """(the real file, with InstructPix2Pix added correctly, with it added with the slip, the
    slip's line). The entry goes after the third entry, so that entries follow it."""
    if not IMAGE_EDITING.is_file():
        pytest.skip("no docs/papers/image-editing.md in this checkout")
    real = IMAGE_EDITING.read_text(encoding="utf-8")
    lines = real.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("  - title:")]
    assert len(starts) > 6
    at = starts[3]
    fixed = "\n".join(lines[:at]) + "\n" + INSTRUCT_PIX2PIX + "\n".join(lines[at:])
    broken = "\n".join(lines[:at]) + "\n" + SLIP + "\n".join(lines[at:])
    return real, fixed, broken, at + 1


def docs_with(tmp_path: Path, name: str, text: str) -> Path:
    docs = tmp_path / name
    (docs / "papers").mkdir(parents=True)
    (docs / "papers" / "image-editing.md").write_text(text, encoding="utf-8")
    return docs


def test_instructpix2pix_slip_loses_exactly_one_entry_in_check(tmp_path):
    real, fixed, broken, line = image_editing_copies()
    counts = {}
    for name, text in (("real", real), ("fixed", fixed), ("broken", broken)):
        problems, files, entries = check_docs(docs_with(tmp_path, name, text))
        counts[name] = (entries, [str(p) for p in problems if p.level == "error"])
    assert counts["real"][1] == [] and counts["fixed"][1] == []
    assert counts["fixed"][0] == counts["real"][0] + 1
    assert counts["broken"][0] == counts["fixed"][0] - 1 == counts["real"][0]
    column = SLIP.index(": Learning")
    assert counts["broken"][1] == [
        f"papers/image-editing.md:{line}: title: the value contains ': ' — quote the value: "
        'title: "InstructPix2Pix: Learning to Follow Image Editing Instructions"\n'
        f"  {line} |   - title: InstructPix2Pix: Learning to Follow Image Editing Instructions\n"
        f"     | {' ' * column}^"
    ]
    problems = check_docs(docs_with(tmp_path, "again", broken))[0]
    assert f"papers/image-editing.md:{line}: {LEFT_OUT}" in [str(p) for p in problems]


def entry_headings(site) -> int:
    return site.html("papers/image-editing/index.html").count('<h2 class="mdd-entry"')


def test_instructpix2pix_slip_loses_exactly_one_entry_in_the_build(site):
    real, fixed, broken, line = image_editing_copies()
    site.write("index.md", "# Home\n")
    counts = {}
    for name, text in (("real", real), ("fixed", fixed), ("broken", broken)):
        site.write("papers/image-editing.md", text, dedent=False)
        site.build()
        counts[name] = entry_headings(site)
        page = site.html("papers/image-editing/index.html")
        assert ("InstructPix2Pix" in page) == (name == "fixed")
    assert counts["real"] > 10
    assert counts["fixed"] == counts["real"] + 1
    assert counts["broken"] == counts["fixed"] - 1
    assert any(f"papers/image-editing.md:{line}: title: the value contains ': '" in w for w in site.warnings)
    # the entries around the slip are all there, each under its own heading
    listed = yaml.safe_load(real.split("---\n")[1])["papers"]
    page = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", site.html("papers/image-editing/index.html"))
    headings = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split()) for h in re.findall(r'<h2 class="mdd-entry"[^>]*>(.*?)</h2>', page, re.S)]
    assert headings == [" ".join(e["title"].split()) for e in listed]


# -- messages: the exact text of every translated YAML error ----------------------------------

# (case, file text, every problem as 'path:line: field: message', titles kept (None: file lost))
MESSAGES = [
    (
        "unquoted colon",
        one_entry("  - title: InstructPix2Pix: Learning to Follow Image Editing Instructions\n    authors: [Tim Brooks]\n    summary: s\n"),
        [
            "papers/t.md:7: title: the value contains ': ' — quote the value: title: \"InstructPix2Pix: Learning to Follow Image Editing Instructions\"\n"
            "   7 |   - title: InstructPix2Pix: Learning to Follow Image Editing Instructions\n"
            "     |                           ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "unquoted colon, quotes and a backslash in the value",
        one_entry('  - title: Say "hi": a \\ study\n    authors: [A]\n    summary: s\n'),
        [
            'papers/t.md:7: title: the value contains \': \' — quote the value: title: "Say \\"hi\\": a \\\\ study"\n'
            '   7 |   - title: Say "hi": a \\ study\n'
            "     |                    ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "unquoted colon, a very long value (suggestion and excerpt cut)",
        one_entry("  - title: A: " + "x" * 120 + "\n    authors: [A]\n    summary: s\n"),
        [
            'papers/t.md:7: title: the value contains \': \' — quote the value: title: "A: ' + "x" * 96 + '…"\n'
            "   7 |   - title: A: " + "x" * 66 + "…\n"
            "     |             ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "unquoted colon in Korean (wide characters move the caret)",
        one_entry("  - title: 확산 모델: 개요\n    authors: [A]\n    summary: s\n"),
        [
            'papers/t.md:7: title: the value contains \': \' — quote the value: title: "확산 모델: 개요"\n'
            "   7 |   - title: 확산 모델: 개요\n"
            "     |                     ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "unquoted colon in the category title (the title is still read)",
        "---\ntitle: Image Editing: Real Images\npapers:\n" + GOOD + "---\n",
        [
            'papers/t.md:2: title: the value contains \': \' — quote the value: title: "Image Editing: Real Images"\n'
            "   2 | title: Image Editing: Real Images\n"
            "     |                     ^",
        ],
        ["Good"],
    ),
    (
        "unterminated quote",
        one_entry('  - title: "Unclosed title\n    authors: [A]\n    summary: s\n'),
        [
            'papers/t.md:7: title: the quote opened here is never closed: add the closing " at the end of the value\n'
            '   7 |   - title: "Unclosed title\n'
            "     |            ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "unterminated single quote in the description",
        "---\ntitle: T\ndescription: 'unclosed\norder: 3\npapers:\n" + GOOD + "---\n",
        [
            "papers/t.md:3: description: the quote opened here is never closed: add the closing ' at the end of the value\n"
            "   3 | description: 'unclosed\n"
            "     |              ^",
        ],
        ["Good"],
    ),
    (
        "a key indented too little",
        one_entry("  - title: X\n    authors: [A]\n   summary: s\n"),
        [
            "papers/t.md:9: summary: is indented 3 spaces, but the other keys of the entry 'X' (line 7) are indented 4: indent it 4 spaces like them\n"
            "   9 |    summary: s\n"
            "     |    ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "a key indented too much",
        one_entry('  - title: "Paint by Example: Exemplar-based Image Editing"\n    authors: A\n      summary: s\n'),
        [
            "papers/t.md:9: summary: is indented 6 spaces, but the other keys of the entry 'Paint by Example: Exemplar-based Image Editing' (line 7) "
            "are indented 4: indent it 4 spaces like them\n"
            "   9 |       summary: s\n"
            "     |       ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "a key at column 1 inside an entry",
        one_entry("  - title: X\n    authors: [A]\nsummary: s\n  - title: Y\n    authors: [A]\n    summary: s\n"),
        [
            "papers/t.md:9: summary: is indented 0 spaces, but the other keys of the entry 'X' (line 7) are indented 4: indent it 4 spaces like them\n"
            "   9 | summary: s\n"
            "     | ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good", "Y"],
    ),
    (
        "an entry's '- ' indented too much",
        one_entry("    - title: X\n      authors: [A]\n      summary: s\n"),
        [
            "papers/t.md:7: title: this entry's '- ' is indented 4 spaces, but the other entries' are indented 2: move the whole entry 2 spaces to the left\n"
            "   7 |     - title: X\n"
            "     |     ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "a front matter key indented",
        "---\ntitle: T\n  order: 3\npapers:\n" + GOOD + "---\n",
        [
            "papers/t.md:3: order: is indented 2 spaces, but the keys of the front matter (title:, papers:, …) are not indented: remove the indentation\n"
            "   3 |   order: 3\n"
            "     |   ^",
        ],
        ["Good"],
    ),
    (
        "a list item outside papers: (after another key)",
        one_entry("order: 3\n- title: X\n  authors: [A]\n  summary: s\n"),
        [
            "papers/t.md:8: title: this entry is not in the 'papers:' list: move it under 'papers:', with its '- ' indented 2 spaces like the other entries\n"
            "   8 | - title: X\n"
            "     | ^",
            "papers/t.md:8: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "a list item under title:",
        "---\ntitle: T\n  - title: X\n    authors: [A]\n    summary: s\npapers:\n" + GOOD + "---\n",
        [
            "papers/t.md:3: title: this entry is not in the 'papers:' list: move it under 'papers:', with its '- ' indented 2 spaces like the other entries\n"
            "   3 |   - title: X\n"
            "     |   ^",
            "papers/t.md:3: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "the first entry without its '- '",
        "---\ntitle: T\npapers:\n  title: X\n  authors: [A]\n  summary: s\n" + GOOD + "---\n",
        [
            "papers/t.md:4: title: this entry has no '- ' before it: every entry in 'papers:' starts with one, like '  - title: X'\n"
            "   4 |   title: X\n"
            "     |   ^",
            "papers/t.md:4: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "a new entry without its '- ' (a second title)",
        one_entry("  - title: X\n    authors: [A]\n    summary: s\n    title: Y\n    authors: [B]\n    summary: t\n"),
        [
            "papers/t.md:10: title: duplicate key (first on line 7); YAML would silently keep only the last value. "
            "If a new entry starts here, it is missing its '- ': write '  - title: Y'",
            "papers/t.md:11: authors: duplicate key (first on line 8); YAML would silently keep only the last value",
            "papers/t.md:12: summary: duplicate key (first on line 9); YAML would silently keep only the last value",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "a tab in the indentation",
        one_entry("  - title: X\n\tauthors: [A]\n    summary: s\n"),
        [
            "papers/t.md:8: authors: tab in indentation: YAML indents with spaces only; replace the tab with spaces\n"
            "   8 | →authors: [A]\n"
            "     | ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "no space after ':' (the YAML does not parse)",
        one_entry("  - title: X\n    authors: [A]\n    summary: s\n    venue:CVPR 2023\n"),
        [
            "papers/t.md:10: venue: no space after 'venue:', so YAML reads 'venue:CVPR 2023' as one piece of text, not as the key 'venue' and its value: "
            "write 'venue: CVPR 2023'\n"
            "  10 |     venue:CVPR 2023\n"
            "     |           ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "no space after ':' (the YAML parses: a warning names the cause)",
        one_entry("  - title: X\n    authors: [A]\n    summary: s\n    links:\n      paper:https://arxiv.org/abs/2301.00001\n"),
        [
            "papers/t.md:10: links: expected a mapping (key: value), got a string",
            "papers/t.md:11: paper: no space after 'paper:', so YAML reads 'paper:https://arxiv.org/abs/2301.00001' as one piece of text, "
            "not as the key 'paper' and its value: write 'paper: https://arxiv.org/abs/2301.00001'\n"
            "  11 |       paper:https://arxiv.org/abs/2301.00001\n"
            "     |             ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "text after the closing quote",
        one_entry('  - title: "DreamBooth" fine-tuning\n    authors: [A]\n    summary: s\n'),
        [
            'papers/t.md:7: title: the value goes on after its closing quote — quote the whole value: title: "\\"DreamBooth\\" fine-tuning"\n'
            '   7 |   - title: "DreamBooth" fine-tuning\n'
            "     |                         ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "a quote inside single quotes",
        one_entry("  - title: 'it's a paper'\n    authors: [A]\n    summary: s\n"),
        [
            "papers/t.md:7: title: the value goes on after a quote that closes it early: write a ' inside a '...' value as '': title: 'it''s a paper'\n"
            "   7 |   - title: 'it's a paper'\n"
            "     |                ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "'[' never closed",
        one_entry("  - title: X\n    authors: [A, B\n    summary: s\n"),
        [
            "papers/t.md:8: authors: the '[' opened here is never closed: add the closing ']' at the end of the list\n"
            "   8 |     authors: [A, B\n"
            "     |              ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "'[' never closed at the end of the front matter",
        one_entry("  - title: X\n    summary: s\n    authors: [A,\n"),
        [
            "papers/t.md:9: authors: the '[' opened here is never closed: add the closing ']' at the end of the list\n"
            "   9 |     authors: [A,\n"
            "     |              ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "a line of text at the keys' indentation",
        one_entry("  - title: X\n    authors: [A]\n    summary: first line\n    second line\n"),
        [
            "papers/t.md:10: summary: this line is not 'key: value': if it continues the value of 'summary' above, "
            "indent it more than 'summary:' (or put the whole value in quotes)\n"
            "  10 |     second line\n"
            "     |     ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "a continued value with ': ' in it",
        one_entry("  - title: X\n    authors: [A]\n    summary: first line\n      note: more\n"),
        [
            "papers/t.md:10: summary: the value of 'summary' continues on this line and contains ': ': put the whole value in quotes, "
            "or write 'summary: |' and the text on the lines below it\n"
            "  10 |       note: more\n"
            "     |           ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "anything else: libyaml's words",
        one_entry('  - title: "\\ud800"\n    authors: [A]\n    summary: s\n'),
        [
            "papers/t.md:7: title: YAML syntax error: while parsing a quoted scalar found invalid Unicode character escape code\n"
            '   7 |   - title: "\\ud800"\n'
            "     |               ^",
            "papers/t.md:7: " + LEFT_OUT,
        ],
        ["Good"],
    ),
    (
        "anything else, on a line without a key",
        "---\ntitle: T\npapers: []\n@x\n---\n",
        [
            "papers/t.md:4: yaml: YAML syntax error: while scanning for the next token found character that cannot start any token\n"
            "   4 | @x\n"
            "     | ^",
        ],
        [],
    ),
    (
        "no papers: line: nothing to recover, the error is still explained",
        "---\ntitle: T: x\npaper:\n" + GOOD + "---\n",
        [
            'papers/t.md:2: title: the value contains \': \' — quote the value: title: "T: x"\n'
            "   2 | title: T: x\n"
            "     |         ^",
        ],
        None,
    ),
    (
        "the category title broken beyond recovery: the file is lost",
        "---\ntitle: [x\npapers:\n" + GOOD + "---\n",
        [
            "papers/t.md:2: title: the '[' opened here is never closed: add the closing ']' at the end of the list\n"
            "   2 | title: [x\n"
            "     |        ^",
        ],
        None,
    ),
]


@pytest.mark.parametrize("case, text, expected, kept", MESSAGES, ids=[m[0] for m in MESSAGES])
def test_messages(case, text, expected, kept):
    result = load(text)
    assert messages(result) == expected
    assert titles(result) == kept
    assert all(p.level == "warning" for p in result.problems if "left out of the site" in p.message)


def test_excerpt_cuts_long_lines_around_the_caret():
    line = "    summary: " + "a" * 100 + ": " + "b" * 100
    shown = excerpt(line, 12, line.index(": b"))
    first, caret = shown.split("\n")
    assert first == "  12 | …" + "a" * 40 + ": " + "b" * 38 + "…"
    assert caret.index("^") == first.index(": b")
    assert excerpt("\tx\u202ey", 3, 2) == "   3 | →x\ufffdy\n     |   ^"  # nothing a terminal could misuse


# -- an unterminated quote is reported where it opens ------------------------------------------


def test_unterminated_quote_is_reported_where_it_opens_not_where_libyaml_gives_up():
    entries = [f'  - title: "Paper {i}"\n    authors: [A]\n    venue: V\n    summary: s\n' for i in range(6)]
    entries[1] = entries[1].replace('"Paper 1"', '"Paper 1')  # line 8 opens a quote that never closes
    text = "---\ntitle: T\npapers:\n" + "".join(entries) + "---\n"
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.load(text.split("---\n")[1], Loader=yaml.CSafeLoader)
    libyaml_line = raised.value.problem_mark.line + 2
    assert libyaml_line >= 8 + 4  # libyaml gives up at the next quote, an entry later
    result = load(text)
    assert messages(result) == [
        'papers/t.md:8: title: the quote opened here is never closed: add the closing " at the end of the value\n'
        '   8 |   - title: "Paper 1\n'
        "     |            ^",
        "papers/t.md:8: " + LEFT_OUT,
    ]
    assert titles(result) == ["Paper 0", "Paper 2", "Paper 3", "Paper 4", "Paper 5"]


def test_unterminated_quote_swallowing_the_rest_of_the_file():
    text = one_entry('  - title: "X\n' + "".join(f"    k{i}: v\n" for i in range(11)))
    result = load(text)
    assert messages(result)[0].startswith('papers/t.md:7: title: the quote opened here is never closed')
    assert titles(result) == ["Good"]


# -- recovered entries keep their lines and values ---------------------------------------------

VALID = """\
---
title: Image Editing
description: 편집
order: 3
papers:
  - title: "First: one"
    authors: [A, B]
    links:
      paper: https://arxiv.org/abs/2301.00001
    summary: |
      요약 하나.
      둘째 줄: 여기.
  - title: "Second: two"
    authors: [C]
    summary: s
  - title: "Third: three"
    authors: "D, E"
    date: 2023-01-02
    tags: [x]
    summary: t
---

Intro.
"""


def test_recovered_entries_have_the_same_values_and_lines_as_in_the_valid_file():
    valid = load(VALID)
    broken = load(VALID.replace('"Second: two"', "Second: two"))
    assert valid.problems == [] and titles(valid) == ["First: one", "Second: two", "Third: three"]
    assert titles(broken) == ["First: one", "Third: three"]
    (first, _, third), (first_again, third_again) = valid.category.entries, broken.category.entries
    for a, b in ((first, first_again), (third, third_again)):
        assert (a.title, a.authors, a.summary, a.links, a.tags, a.date, a.line, a.key_lines) == (
            b.title,
            b.authors,
            b.summary,
            b.links,
            b.tags,
            b.date,
            b.line,
            b.key_lines,
        )
    assert third_again.index == 1
    cat = broken.category
    assert (cat.title, cat.description, cat.order, cat.line, cat.body.strip()) == ("Image Editing", "편집", 3, 2, "Intro.")
    assert [p.line for p in broken.problems] == [13, 13]


def test_the_same_rules_hold_in_recovered_entries():
    """Validation, limits and anchors work as in a file that parses."""
    text = VALID.replace('"Second: two"', "Second: two").replace("date: 2023-01-02", "date: 2023-02-30")
    result = load(text)
    assert "papers/t.md:18: date: '2023-02-30' is not a real date (day is out of range for month)" in messages(result)
    assert titles(result) == ["First: one"]
    anchored = VALID.replace('"Second: two"', "Second: two").replace("tags: [x]", "tags: &t [x]")
    assert "papers/t.md:19: tags: YAML anchors (&t) are not allowed: delete it (or put the text in quotes if the '&' belongs to it)" in messages(load(anchored))
    long_title = VALID.replace('"Second: two"', "Second: two").replace('"First: one"', '"' + "F" * 301 + '"')
    assert "papers/t.md:6: title: is too long: 301 characters (limit 300 characters, option max_title_chars): shorten it" in messages(load(long_title))


# -- front matter that never closes ------------------------------------------------------------


def test_unclosed_front_matter_is_recovered_when_it_is_plainly_yaml():
    text = "---\ntitle: T\ndescription: d\npapers:\n" + GOOD + "  - title: Second\n    authors: [B]\n    summary: |\n      text\n\n# Intro\n\nSome prose.\n"
    result = load(text)
    assert messages(result) == ["papers/t.md:1: front matter: opened with '---' on line 1 but never closed: add a '---' line after the YAML (after line 11)"]
    assert titles(result) == ["Good", "Second"]
    assert result.category.body == "\n# Intro\n\nSome prose.\n"
    assert result.category.entries[1].line == 8


def test_unclosed_front_matter_ends_at_markdown_that_looks_a_little_like_yaml():
    result = load("---\ntitle: T\npapers:\n" + GOOD + "\nIntro:\n- point one\n- point two\n")
    assert messages(result) == ["papers/t.md:1: front matter: opened with '---' on line 1 but never closed: add a '---' line after the YAML (after line 6)"]
    assert titles(result) == ["Good"] and result.category.body == "\nIntro:\n- point one\n- point two\n"


def test_unclosed_front_matter_running_to_the_end_of_the_file():
    result = load("---\ntitle: T\npapers:\n" + GOOD)
    assert messages(result) == ["papers/t.md:1: front matter: opened with '---' on line 1 but never closed: add a '---' line after the YAML (after line 6)"]
    assert titles(result) == ["Good"]


def test_unclosed_front_matter_with_a_slip_inside_is_recovered_too():
    result = load("---\ntitle: T\npapers:\n" + GOOD + "  - title: A: B\n    authors: [A]\n    summary: s\n")
    assert [m.split("\n")[0] for m in messages(result)] == [
        "papers/t.md:1: front matter: opened with '---' on line 1 but never closed: add a '---' line after the YAML (after line 9)",
        "papers/t.md:7: title: the value contains ': ' — quote the value: title: \"A: B\"",
        "papers/t.md:7: " + LEFT_OUT,
    ]
    assert titles(result) == ["Good"]


@pytest.mark.parametrize(
    "text",
    [
        "---\nSome Markdown, no YAML.\n\ntitle: T\npapers: []\n",  # prose right after the '---'
        "---\ntitle: T\n\nMarkdown prose.\n",  # no papers:
        "---\npapers: []\n",  # no title:
    ],
)
def test_unclosed_front_matter_is_lost_when_the_intent_is_not_clear(text):
    result = load(text)
    assert result.category is None
    assert messages(result) == ["papers/t.md:1: front matter: opened with '---' on line 1 but never closed: add a '---' line after the YAML"]


# -- the hardening holds in the recovery -------------------------------------------------------


def test_an_alias_in_an_entry_still_refuses_the_file():
    text = one_entry("  - title: A: b\n    authors: [A]\n    summary: s\n  - title: C\n    authors: [A]\n    summary: *s\n")
    result = load(text)
    assert result.category is None
    assert [m.split("\n")[0] for m in messages(result)] == [
        "papers/t.md:7: title: the value contains ': ' — quote the value: title: \"A: b\"",
        "papers/t.md:12: yaml: YAML aliases (*s) are not allowed: write the value out in full (or put the text in quotes if the '*' belongs to it)",
    ]


def test_an_alias_bomb_next_to_a_slip_is_refused_at_its_first_alias_quickly():
    bomb = "    l0: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
        f"    l{i}: &{chr(97 + i)} [{','.join(['*' + chr(96 + i)] * 9)}]\n" for i in range(1, 10)
    )
    text = one_entry("  - title: A: b\n    authors: [A]\n    summary: s\n  - title: C\n" + bomb)
    start = time.process_time()
    result = load(text)
    assert time.process_time() - start < 1.0
    assert result.category is None
    assert messages(result)[-1].startswith("papers/t.md:12: yaml: YAML aliases (*a) are not allowed")


def test_the_entry_and_node_limits_count_over_all_parts():
    entries = "  - {title: X, authors: [A], summary: s}\n" * 10
    broken = "---\ntitle: T\npapers:\n" + entries + "  - title: A: b\n    authors: [A]\n    summary: s\n" + entries + "---\n"
    result = load(broken, limits=Limits(max_entries=20))
    assert result.category is None
    assert messages(result) == [
        "papers/t.md:26: papers: too many entries: more than 20 (limit 20 entries, option max_entries): split the category into several files"
    ]
    result = load(broken, limits=Limits(max_yaml_nodes=60))  # 3 for 'title: T', then 9 for each entry read alone
    assert result.category is None
    assert messages(result) == [
        "papers/t.md:10: yaml: too many values: more than 60 keys, items and values in the front matter (limit 60, option max_yaml_nodes): "
        "split the category into several files"
    ]
    assert len(load(broken, limits=Limits(max_yaml_nodes=200)).category.entries) == 20


def test_deep_nesting_in_an_entry_is_refused_in_the_recovery_too():
    text = one_entry("  - title: A: b\n    authors: [A]\n    summary: s\n  - title: C\n    tags: " + "[" * 50 + "]" * 50 + "\n")
    result = load(text)
    assert result.category is None
    assert messages(result)[-1].startswith("papers/t.md:11: yaml: nested more than 10 levels deep")


def many(n: int, broken: set[int]) -> str:
    out = []
    for i in range(n):
        title = f"Paper {i}: a study" if i in broken else f'"Paper {i}: a study"'
        out.append(
            f"  - title: {title}\n    authors: [Ada Lovelace, Alan Turing]\n    venue: arXiv 2023\n    added: 2024-01-01\n"
            f"    links:\n      paper: https://arxiv.org/abs/2301.{i:05}\n    summary: |\n      요약 {i}. Second sentence.\n"
        )
    return "---\ntitle: T\npapers:\n" + "".join(out) + "---\n"


def test_2000_entries_with_one_broken_in_the_middle_recover_1999_in_under_a_second():
    text = many(2_000, {1_000})
    load(many(2_000, set()))  # warm up (schema, regular expressions)
    start, clock = time.process_time(), time.perf_counter()
    result = load(text)
    seconds = time.process_time() - start
    print(f"2,000 entries, one broken: {seconds:.3f} s CPU, {time.perf_counter() - clock:.3f} s wall")
    assert seconds < 1.0
    assert len(result.category.entries) == 1_999
    assert [p.line for p in result.problems] == [4 + 8 * 1_000] * 2
    assert result.category.entries[1_000].title == "Paper 1001: a study" and result.category.entries[1_000].line == 4 + 8 * 1_001


def test_the_recovery_is_linear():
    limits = Limits(max_entries=100_000, max_file_bytes=10**8)
    timings = {}
    for n in (1_000, 4_000):
        text = many(n, set(range(0, n, 2)))  # every other entry broken: the worst case for blocks
        best = min(_cpu(lambda text=text: load(text, limits=limits)) for _ in range(2))
        timings[n] = best
    print({n: f"{t:.3f} s" for n, t in timings.items()})
    assert timings[4_000] < 6 * timings[1_000]  # 4x the input: linear is 4x (quadratic would be 16x)


def _cpu(function) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


def test_a_hostile_front_matter_costs_little():
    """Thousands of broken keys, or of broken entries: bounded work and few problems."""
    keys = "---\ntitle: T\npapers:\n" + GOOD + "order: 1\n" + "a: b: c\n" * 200_000 + "---\n"
    entries = "---\ntitle: T\npapers:\n" + '  - title: "A\n    authors: [A]\n' * 2_000 + "---\n"
    for text in (keys, entries):
        start = time.process_time()
        result = load(text)
        assert time.process_time() - start < 3.0
        assert len(result.problems) <= 1_001


# -- property: one slip in any entry costs that entry only -------------------------------------


def _valid_file(n: int) -> tuple[str, list[int]]:
    """A valid category of ``n`` entries and the first line of each."""
    lines = ["---", "title: T", "papers:"]
    starts = []
    for i in range(n):
        starts.append(len(lines) + 1)
        lines += [
            f'  - title: "Paper {i}: sub"',
            f"    authors: [A{i}, B{i}]",
            f"    venue: V{i}",
            "    links:",
            f"      paper: https://arxiv.org/abs/2301.{i:05}",
            "    summary: |",
            f"      text {i}",
            f"      more: {i}",
        ]
    lines += ["---", ""]
    return "\n".join(lines), starts


SLIPS = {
    "unquoted colon": lambda e: e.replace('"Paper', "Paper").replace(' sub"', " sub"),
    "unclosed quote": lambda e: e.replace(' sub"', " sub"),
    "text after a quote": lambda e: e.replace(' sub"', ' sub" x'),
    "key indented less": lambda e: e.replace("    venue:", "   venue:"),
    "key indented more": lambda e: e.replace("    authors: [", "    authors: ").replace("]\n    venue:", "\n      venue:"),
    "tab": lambda e: e.replace("    venue:", "\tvenue:"),
    "no space after ':'": lambda e: e.replace("venue: ", "venue:"),
    "'[' never closed": lambda e: e.replace("]\n    venue", "\n    venue"),
    "'- ' indented more": lambda e: "\n".join("  " + line for line in e.split("\n")),
    "summary at the keys' indentation": lambda e: e.replace("      text", "    text"),
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(3, 7), st.data(), st.sampled_from(sorted(SLIPS)))
def test_one_slip_in_any_entry_costs_that_entry_only(n, data, slip):
    text, starts = _valid_file(n)
    k = data.draw(st.integers(0, n - 1), label="entry")
    lines = text.split("\n")
    first, end = starts[k] - 1, (starts[k + 1] - 1 if k + 1 < n else len(lines) - 2)
    entry_text = "\n".join(lines[first:end])
    slipped = SLIPS[slip](entry_text)
    assert slipped != entry_text
    broken = "\n".join(lines[:first] + [slipped] + lines[end:])
    valid = load(text)
    result = load(broken)
    assert valid.problems == []
    kept = [e for i, e in enumerate(valid.category.entries) if i != k]
    assert titles(result) == [e.title for e in kept], messages(result)
    assert [(e.line, e.key_lines, e.authors, e.summary, e.links) for e in result.category.entries] == [
        (e.line, e.key_lines, e.authors, e.summary, e.links) for e in kept
    ]
    errors = [p for p in result.problems if p.level == "error"]
    assert errors and all(starts[k] <= p.line < starts[k] + 8 for p in errors), messages(result)
    assert f"papers/t.md:{starts[k]}: {LEFT_OUT}" in messages(result)
