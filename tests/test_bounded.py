"""Time and memory bounds of work done on contributor content, whatever it is: the title checks
of mkdocs_diffusion.identity (alone, and in ``mkdocs-diffusion check`` of 10,000 entries) and the
README importer. Inputs made to be slow must still finish in seconds (the limit is generous, for
slow CI machines; the typical times are well below).

The bounds and how they are taken: tests/bounds.py.
"""

from __future__ import annotations

import io
import itertools
import random
from pathlib import Path

import pytest
from bounds import measured, timed

from mkdocs_diffusion.cli import main as check_main
from mkdocs_diffusion.identity import near_duplicate_title_pairs, titles_clearly_differ, titles_look_alike
from mkdocs_diffusion.importer import run_import
from mkdocs_diffusion.yamlwrite import dump_field, entry_lines

pytestmark = pytest.mark.slow

# --------------------------------------------------------------------------------------------
# near_duplicate_title_pairs on 10,000 titles that share most of their text
# --------------------------------------------------------------------------------------------

PREFIX = "Denoising diffusion probabilistic models for medical image segmentation"
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def spelled(n: int) -> str:
    """1 -> 'one', 2024 -> 'two thousand twenty four' (1 to 10,999)."""
    words = []
    if n >= 1000:
        words += [_ONES[n // 1000], "thousand"]
        n %= 1000
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10 - 2])
        n %= 10
    if n:
        words.append(_ONES[n])
    return " ".join(words)


def pseudo_words(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    words: dict[str, None] = {}
    while len(words) < count:
        words["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 10)))] = None
    return list(words)


N = 10_000
WORDS = pseudo_words(N)
SHAPES = {
    "numeric suffix": [f"{PREFIX}, variant {n}" for n in range(1, N + 1)],
    "spelled-out number suffix": [f"{PREFIX}, variant {spelled(n)}" for n in range(1, N + 1)],
    "word suffix": [f"{PREFIX}, variant {word}" for word in WORDS],
    "one differing middle word": [f"Denoising diffusion probabilistic models for {w} image segmentation with transformers" for w in WORDS],
    "one differing middle number": [f"Denoising diffusion models for {n} image segmentation with transformers" for n in range(N)],
    "all identical": [f"{PREFIX}, variant 1"] * N,
    "only stopwords differ": [f"{PREFIX} " + " ".join("a the of for in".split()[n // 5**k % 5] for k in range(8)) for n in range(N)],
    "long shared prefix": [f"{PREFIX}, {PREFIX}, {PREFIX}, variant {n}" for n in range(N)],
}


@pytest.mark.parametrize("shape", SHAPES)
def test_near_duplicates_of_10000_titles_with_a_shared_part(shape):
    titles = SHAPES[shape]
    # memory traced for the shape where it used to explode (5.7 GB); tracing is slow
    work = measured if shape == "numeric suffix" else timed
    pairs = work(lambda: near_duplicate_title_pairs(titles))
    if shape in ("numeric suffix", "one differing middle number", "all identical", "long shared prefix"):
        assert pairs == []
    for i, j, ratio in pairs[:: max(1, len(pairs) // 50)]:
        assert i < j and titles_look_alike(titles[i], titles[j]) and 0.92 <= ratio < 1


@pytest.mark.parametrize("shape", ["numeric suffix", "word suffix", "one differing middle word"])
def test_a_typo_among_10000_titles_with_a_shared_part_is_still_found(shape):
    titles = list(SHAPES[shape])
    source = titles[4321]
    titles.append(source.replace("probabilistic", "probabilstic"))
    # and a typo in the part that differs from title to title (for numbers: none can be a typo)
    titles.append(source[:-2] + source[-1] + source[-2] if shape != "numeric suffix" else source.replace("segmentation", "segmantation"))
    pairs = {(i, j) for i, j, _ in timed(lambda: near_duplicate_title_pairs(titles))}
    assert {(4321, N), (4321, N + 1)} <= pairs


def test_identical_copies_of_two_look_alike_titles_do_not_give_quadratic_pairs():
    titles = [f"{PREFIX}, variant one"] * (N // 2) + [f"{PREFIX}, variamt one"] * (N // 2)
    pairs = measured(lambda: near_duplicate_title_pairs(titles))
    assert len(pairs) == N - 1  # each title once against the other group, not 25 million pairs
    reported = {i for pair in pairs for i in pair[:2]}
    assert reported == set(range(N))


def test_near_duplicates_of_10000_titles_longer_than_compared():
    rng = random.Random(3)
    words = pseudo_words(300, seed=2)
    text = " ".join(rng.choice(words) for _ in range(200))  # about 1.4 KB
    titles = [f"{text} {n}" for n in range(N)]
    # compared on their first 300 characters, which are the same: one title, no pair
    assert measured(lambda: near_duplicate_title_pairs(titles)) == []
    titles = [f"{n} {text}" for n in range(N)]
    assert timed(lambda: near_duplicate_title_pairs(titles)) == []


# --------------------------------------------------------------------------------------------
# mkdocs-diffusion check on 10,000 entries whose titles share a prefix
# --------------------------------------------------------------------------------------------


def _write_category_files(docs: Path, titles: list[str], per_file: int = 100) -> None:
    """The titles as entries of category files of ``per_file`` entries, written as ``add``
    writes entries (each with its own arXiv link: every title is its own paper)."""
    papers = docs / "papers"
    papers.mkdir(parents=True)
    for start in range(0, len(titles), per_file):
        lines = ["---", *dump_field("title", f"Category {start // per_file}"), "papers:"]
        for n in range(start, min(start + per_file, len(titles))):
            entry = {"title": titles[n], "authors": ["Ada Lee", "Bo Kim"], "venue": "arXiv 2024",
                     "links": {"paper": f"https://arxiv.org/abs/2401.{n + 1:05d}"}, "summary": "One sentence."}
            lines += entry_lines(entry)
        (papers / f"category-{start // per_file:03d}.md").write_text("\n".join(lines) + "\n---\n", encoding="utf-8")


@pytest.mark.parametrize("shape", ["long shared prefix", "numeric suffix"])
def test_check_of_10000_entries_whose_titles_share_a_prefix(shape, tmp_path, capsys):
    titles = list(SHAPES[shape])
    typo = titles[4321].replace("probabilistic", "probabilstic", 1)  # a copy with a typo, under another link
    titles.append(typo)
    _write_category_files(tmp_path / "docs", titles)
    capsys.readouterr()
    # loading, validating and the duplicate checks of the whole list, as 'mkdocs-diffusion check docs' does them
    code = timed(lambda: check_main(["check", str(tmp_path / "docs")]))
    out, err = capsys.readouterr()
    assert code == 0, out  # warnings only; out ends with the CPU time
    assert f"{N + 1} entries: 0 errors, 1 warnings" in err
    found = [line for line in out.splitlines() if "[near-duplicate]" in line]
    assert len(found) == 1 and "category-100.md" in found[0] and repr(titles[4321]) in found[0], out


# --------------------------------------------------------------------------------------------
# two titles of 32 KB
# --------------------------------------------------------------------------------------------


def _long_pairs() -> dict[str, tuple[str, str]]:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz    "
    first = "".join(rng.choice(letters) for _ in range(32_768))
    second = "".join(rng.choice(letters) for _ in range(32_768))
    repetitive = ("diffusion models for image synthesis " * 1_000)[:32_768]
    return {
        "random": (first, second),
        "random, one character changed": (first, first[:200] + "#" + first[201:]),
        "repetitive, typo at the start": (repetitive, "difusion" + repetitive[9:]),
        "repetitive, typo at the end": (repetitive, repetitive[:-20] + "xx" + repetitive[-18:]),
        "one letter": ("a" * 32_768, "a" * 16_000 + "b" + "a" * 16_767),
        "alternating words": (" a" * 16_384, " b" * 16_384),
    }


LONG_PAIRS = _long_pairs()


@pytest.mark.parametrize("name", LONG_PAIRS)
def test_two_titles_of_32_kb(name):
    a, b = LONG_PAIRS[name]
    timed(lambda: near_duplicate_title_pairs([a, b]))
    timed(lambda: titles_look_alike(a, b))
    timed(lambda: titles_clearly_differ(a, b))


def test_two_titles_of_32_kb_are_compared_on_their_start():
    a, b = LONG_PAIRS["repetitive, typo at the start"]
    assert [(i, j) for i, j, _ in near_duplicate_title_pairs([a, b])] == [(0, 1)]
    assert titles_look_alike(a, b) and not titles_clearly_differ(a, b)
    a, b = LONG_PAIRS["random"]
    assert not titles_look_alike(a, b) and titles_clearly_differ(a, b)


# --------------------------------------------------------------------------------------------
# the importer on crafted READMEs of a few KB
# --------------------------------------------------------------------------------------------


def block(line: str, title: str = "**T** \\", authors: str = "*A* \\") -> str:
    return f"## A\n\n{title}\n{authors}\n{line}\nsummary\n"


LINK = "[[Paper](https://arxiv.org/abs/2304.03411)]"
READMES = {
    # link markup that never closes
    "'[' then spaces (a README of 636 bytes)": block("[" + " " * 606),
    "'[' then spaces then text": block("[" + " " * 10_000 + "x"),
    "'[[' then spaced words": block("[[" + " a" * 5_000),
    "'[[label]' then spaces": block("[[Paper]" + " " * 10_000 + "x"),
    "'[[label](' then spaces": block("[[Paper](" + " " * 10_000 + "x"),
    "URL never closed": block("[[Paper](https://a.org/" + "a" * 5_000 + " " * 5_000 + "x"),
    "URL with open parentheses": block("[[Paper](https://a.org/" + "(a" * 5_000),
    "'[[label](' repeated": block("[[a](" * 2_000),
    # long runs of one kind of character
    "run of '['": block("[" * 10_000),
    "run of '('": block("(" * 10_000),
    "run of '*'": block("*" * 10_000),
    "run of '\\'": block("\\" * 10_000),
    "run of spaced numbers": block("1 " * 5_000),
    "run of digits": block("1" * 10_000),
    "run of month names": block("Jan " * 2_500),
    "run of dates": block("1 Jan " * 1_600),
    "run of 'Submitted on'": block("[Submitted on " * 800),
    # dates and venues
    "many date lines ending with numbers": block("\n".join(["2 Jan 2020 1 1 1 1 1 1 1 1 1 1"] * 300) + "\n" + LINK),
    "'last revised' notes never closed": block("arxiv " + "1 Jan 2020, last revised 2 Jan 2020 (" * 150 + " " + LINK),
    "spaces before the first link": block(" " * 10_000 + LINK),
    # headings, titles, authors, labels
    "heading with a run of spaces": "# a" + " " * 10_000 + "b\n" + block(LINK),
    "heading with closing hashes": "# a" + " #" * 5_000 + " b\n" + block(LINK),
    "italic line never closed": block(LINK, authors="*" + "a" * 10_000),
    "authors with a run of spaces": block(LINK, authors="*A" + " " * 10_000 + "B*"),
    "authors with unclosed <sup>": block(LINK, authors="*A" + "<sup>" * 2_000 + "*"),
    "authors with unclosed tags": block(LINK, authors="*A" + "<a" * 5_000 + "*"),
    "unparsed title with a run of stars": block("x", title="**x" + "*" * 10_000 + "y"),
    "bold title with trailing spaces": block(LINK, title="**T**" + " " * 10_000 + "x"),
    "label of digits": block("[[" + "1" * 10_000 + "x](https://a.org/)]"),
    "label of separators and digits": block("[[" + "- " * 5_000 + "1x](https://a.org/)]"),
    "title of numbers and colons": block(LINK, title="**1" + ":1" * 5_000 + "x**"),
}


@pytest.mark.parametrize("name", READMES)
def test_import_of_a_crafted_readme(name, tmp_path):
    text = READMES[name]
    assert len(text.encode()) <= 12_000  # a few KB
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    code = timed(lambda: run_import(readme, tmp_path / "out", io.StringIO(), io.StringIO()))
    assert code in (0, 1)
    assert list((tmp_path / "out").rglob("*.md"))


def _headings_with_the_same_slug(count: int) -> str:
    marks = "!?.,;:~^%$&+="
    names = ["A" + "".join(chars) for chars in itertools.product(marks, repeat=3)][:count]
    return "".join(f"## {name}\n**T**\n*A*\n{LINK}\n\n" for name in names)


LARGE_READMES = {
    "20,000 links with the same label": block(LINK * 20_000),  # 'paper', 'paper-2', ... 'paper-20000'
    "2,197 headings with the same file name": _headings_with_the_same_slug(2_197),  # 'a', 'a-2', ...
    "200,000 paragraphs after a block": block(LINK) + "\nx\n" * 200_000,  # all kept in its summary
}


@pytest.mark.parametrize("name", LARGE_READMES)
def test_import_of_a_large_crafted_readme(name, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(LARGE_READMES[name], encoding="utf-8")
    code = timed(lambda: run_import(readme, tmp_path / "out", io.StringIO(), io.StringIO()))
    assert code == 0
