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
    assert (
        "papers/x.md:18: title: duplicate key (first on line 17); YAML would silently keep only the last value. "
        "If a new entry starts here, it is missing its '- ': write '  - title: Third'"
    ) in problems_of(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "papers/x.md:1: file: the file is empty"),
        ("title: x\n", "papers/x.md:1: front matter: missing"),
        ("---\ntitle: x\n\nSome prose.\n", "papers/x.md:1: front matter: opened with '---' on line 1 but never closed"),
        ("---\ntitle: [x\npapers: []\n---\n", "papers/x.md:2: title: the '[' opened here is never closed"),
        ("---\ntitel: x\npapers:\n\t- title: y\n---\n", "papers/x.md:4: title: tab in indentation"),
        ("---\ntitle: x\npapers: {a: 1}\n---\n", "papers/x.md:3: papers: expected a list"),
        ("---\npapers: []\n---\n", "papers/x.md:2: title: required field is missing"),
    ],
)
def test_file_level_problems(text, expected):
    result = category_from_text("papers/x.md", text)
    assert result.category is None
    assert any(str(p).startswith(expected) for p in result.problems), [str(p) for p in result.problems]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("---\ntitle: x\npapers: []\n", "papers/x.md:1: front matter: opened with '---' on line 1 but never closed: add a '---' line after the YAML (after line 3)"),
        ("---\ntitle: x\npapers:\n\t- title: y\n---\n", "papers/x.md:4: title: tab in indentation: YAML indents with spaces only; replace the tab with spaces"),
        ("---\ntitle: x\npapers: []\ndescription: [d\n---\n", "papers/x.md:4: description: the '[' opened here is never closed"),
    ],
)
def test_slips_that_no_longer_cost_the_page(text, expected):
    """A front matter that never closes, or a slip in an entry or an optional key: the error is
    reported and the page is still built from what could be read (issue #12)."""
    result = category_from_text("papers/x.md", text)
    assert result.category is not None and result.category.title == "x"
    assert any(str(p).startswith(expected) for p in result.problems), [str(p) for p in result.problems]


def test_not_utf8_names_byte_offset_and_bom_accepted(tmp_path):
    text, problems = decode("papers/x.md", b"---\ntitle: caf\xe9\n")
    assert text is None and "byte offset 14" in str(problems[0]) and str(problems[0]).startswith("papers/x.md:2: file:")
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_category(path, "papers/x.md").problems == []


# -- limits, build date, characters, URLs ----------------------------------------------------

import datetime  # noqa: E402

from mkdocs_diffusion.loader import load_docs  # noqa: E402
from mkdocs_diffusion.model import Limits  # noqa: E402
from mkdocs_diffusion.schema import check_http_url, check_text  # noqa: E402


def test_limits_defaults_are_documented_and_plain():
    limits = Limits()
    assert (limits.max_file_bytes, limits.max_entries, limits.max_title_chars, limits.max_summary_chars) == (2_000_000, 2_000, 300, 5_000)
    assert all(name.startswith("max_") and isinstance(getattr(limits, name), int) for name in Limits.__dataclass_fields__)


def test_limits_can_be_lowered_and_raised():
    strict = Limits(max_title_chars=10, max_authors=1)
    assert problems_of(GOOD) == []
    messages = [str(p) for p in category_from_text("papers/x.md", GOOD, limits=strict).problems]
    assert "papers/x.md:6: title: is too long: 19 characters (limit 10 characters, option max_title_chars): shorten it" in messages
    assert "papers/x.md:7: authors: too many names: 2 (limit 1 names, option max_authors): list the first authors only" in messages
    long_title = GOOD.replace("title: Second", "title: " + "S" * 400)
    assert problems_of(long_title) != []
    assert category_from_text("papers/x.md", long_title, limits=Limits(max_title_chars=400)).problems == []


def test_over_long_field_loses_its_entry_only():
    text = GOOD.replace("    summary: 두번째\n", "    summary: " + "x" * 5_001 + "\n")
    result = category_from_text("papers/x.md", text)
    assert [e.title for e in result.category.entries] == ["Null-text Inversion"]
    assert [p.field for p in result.problems] == ["summary", "entry"]


def test_too_many_entries_and_too_big_file_refuse_the_file():
    result = category_from_text("papers/x.md", GOOD, limits=Limits(max_entries=1))
    assert result.category is None
    assert [str(p) for p in result.problems] == [
        "papers/x.md:17: papers: too many entries: more than 1 (limit 1 entries, option max_entries): split the category into several files"
    ]
    result = category_from_text("papers/x.md", GOOD, limits=Limits(max_file_bytes=100))
    assert result.category is None and str(result.problems[0]).startswith("papers/x.md:1: file: is too big: ")


def test_added_dates_are_checked_against_the_build_date():
    text = GOOD.replace("added: 2022-12-23", "added: 2023-01-03")
    assert category_from_text("papers/x.md", text, today=datetime.date(2023, 1, 1)).problems == []  # 2 days of time zones
    problems = [str(p) for p in category_from_text("papers/x.md", text, today=datetime.date(2022, 12, 31)).problems]
    assert problems[0] == "papers/x.md:10: added: '2023-01-03' is in the future (today is 2022-12-31): write the day the entry was added"


def test_load_category_and_load_docs_pass_limits_and_today(tmp_path):
    (tmp_path / "papers").mkdir()
    path = tmp_path / "papers" / "x.md"
    path.write_text(GOOD, encoding="utf-8")
    assert load_category(path, "papers/x.md", "papers", None, Limits(max_summary_chars=3)).problems[0].field == "summary"
    assert load_category(path, "papers/x.md", today=datetime.date(2000, 1, 1)).problems[0].field == "added"
    categories, problems, files = load_docs(tmp_path, limits=Limits(max_tags=0), today=datetime.date(2024, 1, 1))
    assert files == 1 and [str(p) for p in problems][0] == "papers/x.md:13: tags: too many tags: 1 (limit 0 tags, option max_tags): keep the most useful ones"


def test_anchors_and_aliases_are_refused():
    anchored = GOOD.replace("venue: arXiv 2022", "venue: &v arXiv 2022")
    result = category_from_text("papers/x.md", anchored)
    assert [str(p) for p in result.problems][0].startswith("papers/x.md:8: venue: YAML anchors (&v) are not allowed")
    assert [e.title for e in result.category.entries] == ["Second"]
    aliased = anchored.replace("summary: 두번째", "summary: *v")
    result = category_from_text("papers/x.md", aliased)
    assert result.category is None and str(result.problems[0]).startswith("papers/x.md:19: yaml: YAML aliases (*v) are not allowed")


def test_crlf_files_tabs_and_newlines_are_fine():
    text = GOOD.replace("Intro prose.", "Intro\tprose.\n\nMore.").replace("\n", "\r\n")
    assert category_from_text("papers/x.md", text).problems == []
    folded = GOOD.replace('  - title: "Null-text Inversion"', '  - title: "Null-text\\tInversion\\n"')
    result = category_from_text("papers/x.md", folded)
    assert result.problems == [] and result.category.entries[0].title == "Null-text Inversion"


@pytest.mark.parametrize(
    "title",
    ["3D", "Ünïcödé", "확산 모델", "拡散モデル", "Диффузия", "①", "$\\alpha$-GAN", "DDPM 🚀"],
)
def test_titles_with_a_letter_or_digit_are_fine(title):
    text = GOOD.replace("title: Second", f"title: '{title}'")
    assert category_from_text("papers/x.md", text).problems == []


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2211.09794",
        "https://arxiv.org/pdf/2211.09794v2.pdf",
        "http://arxiv.org/abs/hep-th/9901001",
        "https://github.com/google/prompt-to-prompt/",
        "https://github.com/CompVis/stable-diffusion#readme",
        "https://openreview.net/forum?id=PlKWVd2yBkY&noteId=abc",
        "https://huggingface.co/spaces/a/b?x=1&y=%22q%22",
        "https://en.wikipedia.org/wiki/Diffusion_(disambiguation)",
        "https://example.org/it's-a-post",
        "https://example.org/~user/page.html",
        "https://ko.wikipedia.org/wiki/확산_모델",
        "https://www.youtube.com/watch?v=fbLgFrlTnGU&t=1m2s",
        "https://user:pw@example.org:8443/a;b,c*d+e!f$g@h=i",
        "https://[2001:db8::1]/x",
    ],
)
def test_real_urls_are_accepted(url):
    assert check_http_url(url) is None


def test_the_plain_url_shortcut_accepts_only_urls_the_full_check_accepts():
    import random

    from mkdocs_diffusion import schema

    pieces = ["http", "https", "HTTPS", "://", ":", "/", "//", "?", "#", "@", "[", "]", "a", "B", "0", ".", "-", "%", "%2", " ", "\t", "\n",
              '"', "'", "<", ">", "\\", "`", "{", "|", "}", "^", "~", "_", "=", "&", ";", ",", "!", "$", "(", ")", "*", "+", "é", "\x00", "\x85"]
    rng = random.Random(7)
    taken = 0
    for _ in range(50_000):
        url = rng.choice(["http://", "https://", ""]) + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        if schema._PLAIN_URL_RE.fullmatch(url):
            taken += 1
            assert schema._url_problem(url) is None, url
        else:
            assert schema.check_http_url(url) == schema._url_problem(url)
    assert taken > 500  # the shortcut was tried on many URLs


def test_check_text_allows_tabs_newlines_and_ordinary_unicode():
    assert check_text("a\tb\nc — “quotes” 한국어 😀 \u200d \u00ad \ufeff") is None
    assert check_text("a\x0cb") == "contains U+000C (FORM FEED, a control character) at character 2: delete it"
    assert check_text("x\U0001fffe").startswith("contains U+1FFFE (a Unicode noncharacter)")


def test_the_fast_character_searches_find_what_the_character_classes_find():
    """Forbidden and unreadable characters are searched with one range above U+FFFF (and
    without the carriage-return rule when there is none): the same first match as the
    definitions, wherever the search starts."""
    import random

    from mkdocs_diffusion import loader, schema

    pool = list("a \t\n\r\x00\x1b\x7f\x85\xa0한") + ["\u2027", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\ud800", "\ue000", "\ufdd0",
                                                   "\ufffd", "\ufffe", "\uffff", "\U00010000", "\U0001f600", "\U0001fffd", "\U0001fffe",
                                                   "\U0001ffff", "\U00020000", "\U0002fffe", "\U0010fffd", "\U0010ffff"]
    searches = [(schema.FORBIDDEN_CHARS, schema.FORBIDDEN_CHAR_RE), (schema.FORBIDDEN_BODY_CHARS, schema.FORBIDDEN_BODY_CHAR_RE),
                (loader._YamlUnreadable, loader._YAML_UNREADABLE_RE)]
    rng = random.Random(5)
    for _ in range(20_000):
        text = "".join(rng.choice(pool[:5] * 8 + pool) for _ in range(rng.randint(0, 12)))
        pos = rng.randint(0, len(text))
        for fast, exact in searches:
            found, expected = fast.search(text, pos), exact.search(text, pos)
            assert (found and (found.start(), found.group())) == (expected and (expected.start(), expected.group())), (text, pos)
