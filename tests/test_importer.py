"""Tests of the README importer (mkdocs_diffusion/importer.py) and of the migrated docs/ content."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TITLE_FIXES
from mkdocs_diffusion.importer import (
    ImportedCategory,
    ImportedEntry,
    clean_text,
    normalise_label,
    parse_date,
    parse_readme,
    render_category,
    run_import,
    slugify,
    write_categories,
)
from mkdocs_diffusion.loader import category_from_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "One-sentence_Diffusion_summary.README.md"
FIRST_SEEN = SHARED / "seed" / "first-seen-dates.tsv"
CORPUS = SHARED / "corpora" / "Awesome-Diffusion-Models.README.md"
DOCS = ROOT / "docs"

ENTRY_KEYS = ("title", "authors", "venue", "date", "added", "links", "tags", "id", "kind", "aliases", "summary")
BOLD_TITLE = re.compile(r"^\s*\*\*(.+)\*\*\s*(?:\\\s*)?$", re.M)  # independent count of bold-title lines


def _need(path: Path) -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    assert path.is_file(), path
    return path


# yaml.safe_load semantics; the C loader when PyYAML has it (the corpus output is large)
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str, loader=FAST_LOADER) -> tuple[dict, str]:
    lines = text.split("\n")
    assert lines[0] == "---"
    end = next(i for i in range(1, len(lines)) if re.match(r"^(---|\.\.\.)\s*$", lines[i]))
    return yaml.load("\n".join(lines[1:end]), Loader=loader), "\n".join(lines[end + 1 :])


def check_entry(entry: dict, strict: bool = True) -> None:
    """An entry in the category file format (strict: as the site requires it)."""
    assert list(entry) == [k for k in ENTRY_KEYS if k in entry], f"unknown keys or wrong order: {list(entry)}"
    assert isinstance(entry["title"], str) and entry["title"].strip()
    assert isinstance(entry["authors"], list) and all(isinstance(a, str) and a.strip() for a in entry["authors"])
    assert isinstance(entry.get("summary", ""), str)
    if strict:
        assert entry["authors"], entry["title"]
        assert entry["summary"].strip(), entry["title"]
    if "venue" in entry:
        assert isinstance(entry["venue"], str) and entry["venue"]
    if "date" in entry:
        assert isinstance(entry["date"], dt.date) or re.fullmatch(r"\d{4}-\d{2}", entry["date"])
    if "added" in entry:
        assert isinstance(entry["added"], dt.date)
    for label, url in entry.get("links", {}).items():
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 _.-]*", label), label
        assert isinstance(url, str) and re.match(r"https?://\S+$", url), url
    if "kind" in entry:
        assert entry["kind"] in ("paper", "post", "video")


def check_category_file(path: Path, strict: bool = True, loader=FAST_LOADER) -> dict:
    front, _body = split_front_matter(path.read_text(encoding="utf-8"), loader)
    assert set(front) <= {"title", "description", "order", "papers"}
    assert isinstance(front["title"], str) and front["title"].strip()
    assert isinstance(front["papers"], list)
    for entry in front["papers"]:
        check_entry(entry, strict)
    return front


def one(text: str) -> dict:
    result = parse_readme(text)
    assert len(result.entries) == 1, result.entries
    return result.entries[0].data


# ---------------------------------------------------------------------------
# blocks


BASIC = """\
## Image Editing

**Null-text Inversion for Editing Real Images using Guided Diffusion Models** \\
*Ron Mokady, Amir Hertz, Kfir Aberman* \\
arXiv 2022. [[Paper](https://arxiv.org/abs/2211.09794)] [[Github](https://github.com/google/prompt-to-prompt)] \\
17 Nov 2022 \\
별도의 model fine-tuning 없이, null-text를 optimization 한다. \\
두 번째 줄.
"""


def test_basic_block():
    data = one(BASIC)
    assert data == {
        "title": "Null-text Inversion for Editing Real Images using Guided Diffusion Models",
        "authors": ["Ron Mokady", "Amir Hertz", "Kfir Aberman"],
        "venue": "arXiv 2022",
        "date": "2022-11-17",
        "links": {"paper": "https://arxiv.org/abs/2211.09794", "code": "https://github.com/google/prompt-to-prompt"},
        "summary": "별도의 model fine-tuning 없이, null-text를 optimization 한다. \\\n두 번째 줄.",
    }


def test_title_line_variants_and_indentation():
    text = "## A\n\n  **Title with spaces **\\ \n  *A, B*\\  \n  arXiv 2023. [[Paper](https://arxiv.org/abs/2304.03411)]\\\n  [Submitted on 6 Apr 2023]\\\n  요약.  \n"
    data = one(text)
    assert data["title"] == "Title with spaces"
    assert data["authors"] == ["A", "B"]
    assert data["date"] == "2023-04-06"
    assert data["summary"] == "요약."


def test_summary_absent():
    data = one("## A\n\n**T** \\\n*A*\\\n[[Paper](https://arxiv.org/abs/1)]\\\n2 Mar 2015\n")
    assert "summary" not in data  # optional in the format: written without one
    assert data["date"] == "2015-03-02"


def test_blocks_without_blank_line_between():
    text = "## A\n**One**\\\n*A*\\\n[[Paper](https://x.org/1)]\\\nfirst\n**Two**\\\n*B*\\\n[[Paper](https://x.org/2)]\\\nsecond\n"
    result = parse_readme(text)
    assert [e.data["title"] for e in result.entries] == ["One", "Two"]
    assert [e.data["summary"] for e in result.entries] == ["first", "second"]
    assert result.blocks == 2


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Github", "code"), ("Git", "code"), ("Code", "code"), ("github", "code"), ("Github2", "code"),
        ("Project", "project"), ("Project page", "project"), ("Project Page", "project"),
        ("Paper", "paper"), ("Website", "website"), ("Blog", "website"), ("Post", "website"),
        ("Video", "video"), ("YouTube", "video"), ("Youtube", "video"), ("Youtube channel", "video"),
        ("Demo page", "demo page"), ("Notebook", "notebook"), ("Website-Part 1", "website-part 1"), ("???", "link"),
    ],
)
def test_label_normalisation(label, expected):
    assert normalise_label(label) == expected


def test_same_label_twice_gets_a_suffix():
    data = one("## A\n\n**T**\\\n*A*\\\nNeurIPS 2020. [[Paper](https://a.org/p)] [[Github](https://g.com/1)] [[Github2](https://g.com/2)] \\\ns\n")
    assert data["links"] == {"paper": "https://a.org/p", "code": "https://g.com/1", "code-2": "https://g.com/2"}


@pytest.mark.parametrize(
    "line, links",
    [
        (
            "arXiv 2023. [Paper](https://arxiv.org/abs/2304.08477)] [[Project Page(https://latent-shift.github.io/)]",
            {"paper": "https://arxiv.org/abs/2304.08477", "project": "https://latent-shift.github.io/"},
        ),
        ("arxiv 27 Jan 2023 [[Paper] (https://arxiv.org/abs/2301.12003)]\\", {"paper": "https://arxiv.org/abs/2301.12003"}),
        (
            "NeurIPS 2022. [[Paper](https://arxiv.org/abs/2210.05475)] [[Project](https://nv-tlabs.github.io/GENIE/) [[Github](https://github.com/nv-tlabs/GENIE)] \\",
            {"paper": "https://arxiv.org/abs/2210.05475", "project": "https://nv-tlabs.github.io/GENIE/", "code": "https://github.com/nv-tlabs/GENIE"},
        ),
        ("arXiv 2023. [[Paper(https://arxiv.org/abs/2301.00001)] \\", {"paper": "https://arxiv.org/abs/2301.00001"}),
        ("[[Website](https://en.wikipedia.org/wiki/Diffusion_(physics))]", {"website": "https://en.wikipedia.org/wiki/Diffusion_(physics)"}),
    ],
)
def test_broken_link_markup_still_parses(line, links):
    result = parse_readme(f"## A\n\n**T**\\\n*A*\\\n{line}\nsummary\n")
    data = result.entries[0].data
    assert data["links"] == links
    assert data["summary"] == "summary"
    well_formed = line.count("[[") == line.count("](") == line.count(")]")
    assert any("broken link markup" in m for _, m in result.messages) != well_formed


def test_venue_with_date_and_no_date_line():
    data = one("## A\n\n**T** \\\n*A*\\\narxiv 27 Jan 2023 [[Paper] (https://arxiv.org/abs/2301.12003)]\\\nsummary\n")
    assert data["venue"] == "arxiv"
    assert data["date"] == "2023-01-27"


def test_venue_split_over_date_line():
    text = "## A\n\n**T** \\\n*A* \\\narxiv Submitted on 8 Dec 2022 \\ \npreprint [[Paper](https://arxiv.org/abs/2212.04488)] \\\n 1)model 일부만 fine-tuning\n"
    data = one(text)
    assert data["venue"] == "arxiv preprint"
    assert data["date"] == "2022-12-08"
    assert data["summary"] == "1)model 일부만 fine-tuning"


def test_date_line_without_links():
    text = "## A\n\n**eDiff-I** \\\n*Yogesh Balaji* \\\narxiv [Submitted on 2 Nov 2022 (v1), last revised 17 Nov 2022 (this version, v4)]\\\n Nvidia version\n"
    data = one(text)
    assert data["venue"] == "arxiv"
    assert data["date"] == "2022-11-02"
    assert "links" not in data


@pytest.mark.parametrize(
    "text, iso",
    [
        ("[Submitted on 8 26 Jul 2023]", "2023-07-26"),
        ("6 Oct 2021", "2021-10-06"),
        ("[Submitted on 10 Feb 2023]\\", "2023-02-10"),
        ("Submitted on 9 Oct 2022 (v1)\\", "2022-10-09"),
        ("7 April 2022", "2022-04-07"),
        ("30 Sept 2022", "2022-09-30"),
        ("9 DEc 2022", "2022-12-09"),
        ("06 Jun 2022``", "2022-06-06"),
        ("31 Feb 2023", None),
        ("31 Feb 2023, 1 Mar 2023", "2023-03-01"),
        ("no date here", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_the_seed_broken_date_line():
    text = "## A\n\n**Visual Instruction Inversion** \\\n*Thao Nguyen* \\ \narXiv 2023. [[Paper](https://arxiv.org/abs/2307.14331)]\\\n[Submitted on 8 26 Jul 2023]\nsummary\n"
    assert one(text)["date"] == "2023-07-26"


@pytest.mark.parametrize(
    "line, authors",
    [
        ("*Ron Mokady, Amir Hertz, Kfir Aberman*", ["Ron Mokady", "Amir Hertz", "Kfir Aberman"]),
        ("*Alex Nichol<sup>1</sup>, Prafulla Dhariwal<sup>1</sup>* \\", ["Alex Nichol", "Prafulla Dhariwal"]),
        ("*Jae Hyun Lim*, Nikola B. Kovachki*, Anima Anandkumar*\\", ["Jae Hyun Lim", "Nikola B. Kovachki", "Anima Anandkumar"]),
        ("* Mingdeng Cao, Xintao Wang *\\", ["Mingdeng Cao", "Xintao Wang"]),
        ("*Jie An1;2* Songyang Zhang1;2* Harry Yang2*", ["Jie An", "Songyang Zhang", "Harry Yang"]),
        ("*Duygu Ceylan1* Chun-Hao P. Huang1* Niloy J. Mitra1,2*", ["Duygu Ceylan", "Chun-Hao P. Huang", "Niloy J. Mitra"]),
        ("*Arash Vahdat and Karsten Kreis*", ["Arash Vahdat", "Karsten Kreis"]),
        ("*Ting Chen* \\", ["Ting Chen"]),
    ],
)
def test_authors(line, authors):
    assert one(f"## A\n\n**T**\\\n{line}\n[[Paper](https://a.org/p)]\nsummary\n")["authors"] == authors


def test_missing_authors_are_written_empty_and_reported():
    result = parse_readme("## A\n\n**What are Diffusion Models?** \\\n[[Website](https://lilianweng.github.io/x.html)] \\\n11 Jul 2021 \\\n요약.\n")
    entry = result.entries[0]
    assert entry.parsed and entry.data["authors"] == []
    assert entry.data["date"] == "2021-07-11"
    assert any("no authors" in m for _, m in result.messages)
    assert "# importer: no authors line" in render_category(result.categories[0])


# ---------------------------------------------------------------------------
# headings and categories


NESTED = """\
# Awesome list
Intro text.

## Contents
- [Vision](#vision)
  - [Generation](#generation)

# Resources
## Introductory Posts

**What are Diffusion Models?** \\
*Lilian Weng* \\
[[Website](https://lilianweng.github.io/x.html)] \\
11 Jul 2021

## Introductory Videos
*이상윤*\\
[[Youtube channel](https://www.youtube.com/channel/UC0x)] \\
한국어 채널.

**Diffusion Probabilistic Models** \\
*Jascha Sohl-Dickstein, MIT 6.S192 - Lecture 22* \\
[[Video](https://www.youtube.com/watch?v=XCUlnHP1TNM)] \\
19 Apr 2022

## Introductory Papers

**Understanding Diffusion Models: A Unified Perspective** \\
*Calvin Luo* \\
arXiv 2022. [[Paper](https://arxiv.org/abs/2208.11970)] \\
25 Aug 2022

# Papers

## Vision
### Generation

**A** \\
*X* \\
arXiv 2023. [[Paper](https://arxiv.org/abs/1)]

### Classification

**B** \\
*Y* \\
arXiv 2023. [[Paper](https://arxiv.org/abs/2)]

## Audio
### Generation

**C** \\
*Z* \\
arXiv 2023. [[Paper](https://arxiv.org/abs/3)]

## Theory

**D** \\
*W* \\
arXiv 2023. [[Paper](https://arxiv.org/abs/4)]
"""


def test_nested_headings_become_category_titles():
    result = parse_readme(NESTED)
    got = [(c.section, c.title, c.slug, len(c.entries)) for c in result.categories]
    assert got == [
        ("resources", "Introductory Posts", "introductory-posts", 1),
        ("resources", "Introductory Videos", "introductory-videos", 2),
        ("resources", "Introductory Papers", "introductory-papers", 1),
        ("papers", "Vision / Generation", "vision-generation", 1),
        ("papers", "Vision / Classification", "vision-classification", 1),
        ("papers", "Audio / Generation", "audio-generation", 1),
        ("papers", "Theory", "theory", 1),
    ]
    assert [c.order for c in result.categories] == list(range(1, 8))
    assert result.by_path[("Vision", "Generation")].entries[0].data["title"] == "A"
    assert result.summary_line() == "blocks in: 8, entries out: 8, unparsed: 0"


def test_resources_get_a_kind_and_italic_titles_parse():
    result = parse_readme(NESTED)
    kinds = {e.data["title"]: e.data.get("kind") for e in result.entries}
    assert kinds["What are Diffusion Models?"] == "post"
    assert kinds["이상윤"] == "video"
    assert kinds["Diffusion Probabilistic Models"] == "video"
    assert kinds["Understanding Diffusion Models: A Unified Perspective"] == "paper"
    assert kinds["A"] is None  # papers outside Resources keep the default kind
    video = result.by_path[("Introductory Videos",)].entries[0]
    assert video.data["links"] == {"video": "https://www.youtube.com/channel/UC0x"}
    assert video.data["summary"] == "한국어 채널."
    assert video.data["authors"] == []


def test_contents_and_sections_without_entries_give_no_category():
    titles = [c.title for c in parse_readme(NESTED).categories]
    assert "Contents" not in titles and "Awesome list" not in titles and "Vision" not in titles


def test_date_headings_set_added_and_are_not_categories():
    text = """\
# One-Sentence_Diffusion_summary
## New updated

<details>
  <summary>In the last month</summary>

### 8 Aug. 2023
**A** \\
*X* \\
arXiv 2023. [[Paper](https://arxiv.org/abs/1)]\\
a

 ### 19 Apr. 2023

**B**\\
*Y*\\
arXiv 2023. [[Paper](https://arxiv.org/abs/2)]\\
b
</details>

## Contents
- [Papers](#papers)

# Papers
## Image Editing

**C**\\
*Z*\\
arXiv 2023. [[Paper](https://arxiv.org/abs/3)]\\
c
"""
    result = parse_readme(text)
    assert [(c.title, [e.data.get("added") for e in c.entries]) for c in result.categories] == [
        ("New updated", ["2023-08-08", "2023-04-19"]),
        ("Image Editing", [None]),
    ]
    assert result.categories[0].body == ""


def test_prose_before_the_first_block_is_the_introduction():
    text = "## Personalized\n\n따로 모을 필요가 느껴져서 목록을 새로 만들었습니다.\n\n**T**\\\n*A*\\\n[[Paper](https://a.org/1)]\\\ns\n"
    cat = parse_readme(text).categories[0]
    assert cat.body == "따로 모을 필요가 느껴져서 목록을 새로 만들었습니다.\n"
    written = render_category(cat)
    assert written.endswith("---\n\n따로 모을 필요가 느껴져서 목록을 새로 만들었습니다.\n")


def test_paragraph_after_a_block_is_kept_in_its_summary():
    text = "## A\n\n**T**\\\n*A*\\\n[[Paper](https://a.org/1)]\\\nfirst\n\nsecond paragraph\n"
    result = parse_readme(text)
    assert result.entries[0].data["summary"] == "first\n\nsecond paragraph"
    assert any("kept as part of its summary" in m for _, m in result.messages)


@pytest.mark.parametrize(
    "heading, slug",
    [
        ("Must-read papers", "must-read-papers"),
        ("Connection with other framworks", "connection-with-other-framworks"),
        ("3D", "3d"),
        ("수학기반향상", "math-based-improvements"),
        ("기타", "misc"),
        ("읽을것들", "to-read"),
        ("Café / Ünïcode", "cafe-unicode"),
        ("미지의 제목", ""),
    ],
)
def test_slugify(heading, slug):
    assert slugify(heading) == slug


def test_file_names_are_ascii_and_unique():
    block = "**T**\\\n*A*\\\n[[Paper](https://a.org/1)]\n\n"
    text = "## 미지의 제목\n\n" + block + "## 다른 제목\n\n" + block + "## A-B\n\n" + block + "## A B\n\n" + block + "## 기타\n\n" + block
    result = parse_readme(text)
    assert [c.slug for c in result.categories] == ["category-1", "category-2", "a-b", "a-b-2", "misc"]
    assert [c.title for c in result.categories] == ["미지의 제목", "다른 제목", "A-B", "A B", "기타"]


# ---------------------------------------------------------------------------
# unparsable blocks


BROKEN = """\
## A

**Good** \\
*X* \\
[[Paper](https://a.org/1)]
good summary

**Unclosed bold title
some text that explains it

**Only a title**
no authors, no link, no date
"""


def test_unparsable_blocks_are_kept_and_reported(tmp_path):
    result = parse_readme(BROKEN)
    assert result.blocks == 3 and len(result.entries) == 3
    assert [e.parsed for e in result.entries] == [True, False, False]
    bad = result.unparsed[0]
    assert (bad.line, bad.end_line) == (8, 9)
    assert bad.data["title"] == "Unclosed bold title"
    assert bad.data["summary"] == "**Unclosed bold title\nsome text that explains it"
    assert result.unparsed[1].data["title"] == "Only a title"
    assert result.summary_line() == "blocks in: 3, entries out: 3, unparsed: 2"

    readme = tmp_path / "README.md"
    readme.write_text(BROKEN, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run_import(readme, tmp_path / "out", out, err) == 1
    assert f"{readme}:8: error: could not parse lines 8-9" in err.getvalue()
    assert f"{readme}:11: error: could not parse lines 11-12" in err.getvalue()
    assert out.getvalue().rstrip().endswith("blocks in: 3, entries out: 3, unparsed: 2")
    written = (tmp_path / "out" / "papers" / "a.md").read_text(encoding="utf-8")
    assert "  # importer: could not parse lines 8-9" in written
    front, _ = split_front_matter(written)
    assert [e["title"] for e in front["papers"]] == ["Good", "Unclosed bold title", "Only a title"]
    assert front["papers"][1]["summary"] == "**Unclosed bold title\nsome text that explains it"


def test_cli(tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(BASIC, encoding="utf-8")
    out = tmp_path / "site"
    from mkdocs_diffusion.cli import main  # the one CLI (tests/test_pipeline.py runs the installed command)

    assert main(["import", str(readme), "--out", str(out)]) == 0
    assert "blocks in: 1, entries out: 1, unparsed: 0" in capsys.readouterr().out
    assert (out / "papers" / "image-editing.md").is_file()
    assert main(["import", str(readme), "--out", str(out)]) == 2  # would overwrite
    assert "--force" in capsys.readouterr().err
    assert main(["import", str(readme), "--out", str(out), "--force"]) == 0
    assert main(["import", str(tmp_path / "missing.md"), "--out", str(out)]) == 2


# ---------------------------------------------------------------------------
# writing YAML


TRICKY = [
    "yes", "No", "null", "~", "2023-01-01", "1e3", "0x1F", ".5", "12:30", "- item", "? q", ": x", "a: b", "a #b",
    "#hash", "[flow]", "{map}", "'single'", '"double"', "trailing space ", " leading", "tab\there", "back\\slash",
    "%percent", "@at", "`tick", "!bang", "&amp", "*star", "|pipe", ">gt", "---", "...", "=", "<<", "P+: Extended",
    ":fast_forward: DiffusionFastForward", "line\u2028sep", "nel\x85x", "bom\ufeffx", "ctrl\x07", "del\x7f", "é 한글 ✓",
]


def _roundtrip(data: dict) -> dict:
    """The entry as written and read back by yaml.safe_load (and by the C loader, which must agree)."""
    cat = ImportedCategory(title="T", heading_path=("T",), entries=[ImportedEntry(data, 1, 1)], order=1)
    text = render_category(cat)
    front, _ = split_front_matter(text, yaml.SafeLoader)
    assert split_front_matter(text)[0] == front
    return front["papers"][0]


def _as_loaded(data: dict) -> dict:
    """What the importer means to write: ISO dates as dates, the summary as clean_text makes it."""
    out = dict(data)
    for key in ("date", "added"):
        if key in out and re.fullmatch(r"\d{4}-\d{2}-\d{2}", out[key]):
            out[key] = dt.date.fromisoformat(out[key])
    if "summary" in out:
        out["summary"] = clean_text(out["summary"])
    return out


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_scalars_roundtrip(text):
    data = {"title": text, "authors": [text, "B"], "venue": text, "links": {"paper": "https://a.org/x?y=1#z"}, "tags": [text], "id": text, "summary": text}
    assert _roundtrip(data) == _as_loaded(data)


@pytest.mark.parametrize(
    "summary, style",
    [
        ("one line", "summary: |-\n"),
        ("with final newline\n", "summary: |-\n"),  # the final line break is not part of a summary
        ("two\n\n", "summary: |-\n"),
        ("blank\n\nline inside", "summary: |-\n"),
        ("a \\\nb", "summary: |-\n"),
        ("has  trailing \nspaces\n", 'summary: "'),
        ("  indented first line\n", 'summary: "'),
        ("\ttab first\n", 'summary: "'),
        ("x\n\ty tab line\n", 'summary: "'),
        ("a\n---\nb", "summary: |-\n"),
        ("# not a comment\n- not a list", "summary: |-\n"),
        ("nel\x85line", "summary: |-\n"),  # NEL becomes a line break
        ("", 'summary: ""'),
    ],
)
def test_summary_styles(summary, style):
    data = {"title": "T", "authors": ["A"], "summary": summary}
    cat = ImportedCategory(title="T", heading_path=("T",), entries=[ImportedEntry(data, 1, 1)])
    assert style in render_category(cat)
    assert _roundtrip(data) == _as_loaded(data)


@pytest.mark.parametrize(
    "summary, loaded",
    [
        ("ends with a line break\n", "ends with a line break"),
        ("nel\x85inside and at the end\x85", "nel\ninside and at the end"),
        ("line\u2028separator, paragraph\u2029separator", "line\nseparator, paragraph\n\nseparator"),
        ("    indented first line\nsecond line", "    indented first line\nsecond line"),
        ("  indented first line\n", "  indented first line"),
        ("\n\nleading breaks", "leading breaks"),
    ],
)
def test_summaries_round_trip_through_the_packages_loader(summary, loaded):
    """Written by the importer and read back by mkdocs_diffusion.loader: the text, with the
    documented normalisation (clean_text), and no problem."""
    assert clean_text(summary) == loaded
    data = {"title": "T", "authors": ["A"], "summary": summary}
    cat = ImportedCategory(title="T", heading_path=("T",), entries=[ImportedEntry(data, 1, 1)], order=1)
    result = category_from_text("papers/t.md", render_category(cat))
    assert result.problems == []
    assert result.category.entries[0].summary == loaded


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    title=_text.filter(lambda s: s.strip()),
    authors=st.lists(_text, max_size=4),
    venue=_text,
    labels=st.dictionaries(st.from_regex(r"[a-z][a-z0-9 _.-]{0,10}", fullmatch=True), st.just("https://example.org/a"), max_size=3),
    summary=st.text(st.characters(blacklist_categories=("Cs",)), max_size=120),
)
def test_any_entry_roundtrips_exactly(title, authors, venue, labels, summary):
    data = {"title": title, "authors": authors, "venue": venue, "links": labels, "summary": summary}
    assert _roundtrip(data) == _as_loaded(data)


# text the format accepts, plus the separators clean_text turns into line breaks
_format_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
    | st.sampled_from("\n\t\x85\u2028\u2029 "),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(summary=_format_text)
def test_any_summary_round_trips_through_the_packages_loader(summary):
    data = {"title": "T", "authors": ["A"], "summary": summary}
    cat = ImportedCategory(title="T", heading_path=("T",), entries=[ImportedEntry(data, 1, 1)], order=1)
    result = category_from_text("papers/t.md", render_category(cat))
    errors = [p for p in result.problems if p.level == "error"]
    assert errors == [] or all(p.code == "missing-summary" for p in errors)  # a blank summary, on a site that requires one
    if not errors:
        assert result.category.entries[0].summary == clean_text(summary)
    no_summary = category_from_text("papers/t.md", render_category(cat), required=frozenset({"authors"}))
    assert [p for p in no_summary.problems if p.level == "error"] == []
    assert no_summary.category.entries[0].summary == clean_text(summary)


def test_dates_are_bare_and_months_stay_text():
    data = {"title": "T", "authors": ["A"], "date": "2022-11", "added": "2022-12-23", "summary": "s"}
    cat = ImportedCategory(title="T", heading_path=("T",), entries=[ImportedEntry(data, 1, 1)])
    assert "    added: 2022-12-23\n" in render_category(cat)
    loaded = _roundtrip(data)
    assert loaded == _as_loaded(data) and loaded["date"] == "2022-11"


def test_unknown_entry_keys_are_refused():
    cat = ImportedCategory(title="T", heading_path=("T",), entries=[ImportedEntry({"title": "T", "url": "x"}, 1, 1)])
    with pytest.raises(ValueError):
        render_category(cat)


def test_write_categories_layout(tmp_path):
    paths = write_categories(parse_readme(NESTED), tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "resources/introductory-posts.md", "resources/introductory-videos.md", "resources/introductory-papers.md",
        "papers/vision-generation.md", "papers/vision-classification.md", "papers/audio-generation.md", "papers/theory.md",
    ]
    for path in paths:
        check_category_file(path, strict=False)
    with pytest.raises(FileExistsError):
        write_categories(parse_readme(NESTED), tmp_path, overwrite=False)


# ---------------------------------------------------------------------------
# the seed README


def test_seed_counts():
    text = _need(SEED).read_text(encoding="utf-8")
    result = parse_readme(text)
    bold = BOLD_TITLE.findall(text)
    # italic titles: an italic line that starts a paragraph and is followed by a link line
    italic = re.findall(r"(?:\n[ \t]*\n|#[^\n]*\n)\*([^*\n]+)\*\\\n\[\[", text)
    assert len(bold) == 127 and len(italic) == 2
    assert result.blocks == len(bold) + len(italic) == len(result.entries) == 129
    assert not result.unparsed
    assert len({t.strip() for t in bold}) == 87
    cats = {c.title: c for c in result.categories}
    updates = cats.pop("New updated").entries
    assert len(updates) == 32
    assert Counter(e.data["added"] for e in updates) == {
        "2023-08-08": 3, "2023-04-19": 11, "2023-03-13": 3, "2023-03-10": 2,
        "2023-02-24": 3, "2023-02-16": 5, "2023-02-06": 1, "2023-02-02": 4,
    }
    resources = [c for c in cats.values() if c.section == "resources"]
    assert sorted((c.title, len(c.entries)) for c in resources) == [
        ("Introductory Papers", 3), ("Introductory Posts", 2), ("Introductory Videos", 2),
    ]
    papers = [c for c in cats.values() if c.section == "papers"]
    assert len(papers) == 16 and sum(len(c.entries) for c in papers) == 90
    assert [c.title for c in papers][-3:] == ["수학기반향상", "기타", "읽을것들"]


def test_seed_fields():
    result = parse_readme(_need(SEED).read_text(encoding="utf-8"))
    by_title = {}
    for entry in result.entries:
        by_title.setdefault(entry.data["title"], []).append(entry.data)
    assert by_title["Visual Instruction Inversion: Image Editing via Visual Prompting"][0]["date"] == "2023-07-26"
    latent = by_title["Latent-Shift: Latent Diffusion with Temporal Shift for Efficient Text-to-Video Generation"]
    assert [e["links"] for e in latent] == [
        {"paper": "https://arxiv.org/abs/2304.08477", "project": "https://latent-shift.github.io/"},
        {"paper": "https://arxiv.org/pdf/2304.08477.pdf", "project": "https://latent-shift.github.io/"},
    ]
    assert by_title["Scalable Diffusion Models with Transformers"][0]["links"] == {
        "paper": "https://arxiv.org/abs/2212.09748", "project": "https://www.wpeebles.com/DiT", "code": "https://github.com/facebookresearch/DiT",
    }
    assert by_title["Minimizing Trajectory Curvature of ODE-based Generative Models"][1]["links"] == {"paper": "https://arxiv.org/abs/2301.12003"}
    assert by_title["이상윤"][0]["kind"] == "video"
    calibrating = by_title["On Calibrating Diffusion Probabilistic Models"]
    assert len(calibrating) == 4 and len({e["summary"] for e in calibrating}) == 2


def test_seed_summaries_are_verbatim():
    text = _need(SEED).read_text(encoding="utf-8")
    flat = " ".join(text.split())
    plain = " ".join((SHARED / "seed" / "seed-text.txt").read_text(encoding="utf-8").split())
    for entry in parse_readme(text).entries:
        summary = entry.data["summary"]
        assert summary.strip()
        assert " ".join(summary.split()) in flat, entry.data["title"]
        # the rendered text (hard-break backslashes gone) is in GitHub's plain-text view of the page
        rendered = " ".join(summary.replace("\\\n", "\n").split())
        assert rendered.rstrip("\\").rstrip() in plain, entry.data["title"]


# ---------------------------------------------------------------------------
# the peer corpus (never committed: converted into tmp_path)


def test_corpus_import(tmp_path):
    text = _need(CORPUS).read_text(encoding="utf-8")
    # its only emoji shortcode, ':fast_forward:', is written as the emoji
    titles = [t.strip().replace(":fast_forward:", "\u23e9") for t in BOLD_TITLE.findall(text)]
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code = run_import(CORPUS, tmp_path, out, err)
    elapsed = time.perf_counter() - started
    assert code == 0, err.getvalue()[-2000:]
    print(f"import took {elapsed:.1f} s")
    n = len(titles)
    assert 2900 <= n <= 3100
    assert out.getvalue().rstrip().endswith(f"blocks in: {n}, entries out: {n}, unparsed: 0")

    files = sorted(tmp_path.rglob("*.md"))
    assert len(files) == 32
    written = []
    for path in files:
        front = check_category_file(path, strict=False)
        assert re.fullmatch(r"[a-z0-9-]+\.md", path.name)
        written.extend(e["title"] for e in front["papers"])
        assert all(e.get("kind") for e in front["papers"]) == (path.parent.name == "resources")
    # every block is accounted for: the same titles, as many times each
    assert Counter(written) == Counter(titles)
    generation = check_category_file(tmp_path / "papers" / "vision-generation.md", strict=False)
    assert generation["title"] == "Vision / Generation"


def test_corpus_fields(tmp_path):
    result = parse_readme(_need(CORPUS).read_text(encoding="utf-8"))
    entries = [e.data for e in result.entries]
    with_date = sum(1 for e in entries if "date" in e)
    assert with_date >= len(entries) - 20
    assert sum(1 for e in entries if e["authors"]) >= len(entries) - 5
    labels = Counter(label for e in entries for label in e.get("links", {}))
    assert labels["paper"] > 2900 and labels["code"] > 600 and labels["project"] > 390
    assert not any(k in labels for k in ("Github", "github", "Project"))
    first = result.categories[0].entries[0].data
    assert first["title"] == "\u23e9 DiffusionFastForward: 01-Diffusion-Theory"  # ':fast_forward:' as the emoji
    assert first["kind"] == "post" and first["date"] == "2023-02-04"


# ---------------------------------------------------------------------------
# the migrated content in docs/


def _docs_files() -> list[Path]:
    files = sorted((DOCS / "papers").glob("*.md")) + sorted((DOCS / "resources").glob("*.md"))
    if not files:
        pytest.skip("no category files in docs/ yet")
    return files


def test_docs_category_files_are_well_formed():
    orders = {}
    for path in _docs_files():
        assert re.fullmatch(r"[a-z0-9-]+\.md", path.name)
        front = check_category_file(path, strict=True, loader=yaml.SafeLoader)
        assert isinstance(front.get("description"), str) and front["description"].strip()
        orders.setdefault(path.parent.name, []).append(front.get("order"))
        for entry in front["papers"]:
            if path.parent.name == "resources":
                assert entry["kind"] in ("paper", "post", "video")
            else:
                assert "added" in entry, entry["title"]
    for section, values in orders.items():
        assert sorted(values) == list(range(1, len(values) + 1)), section


def test_docs_pass_the_projects_own_check():
    cli = pytest.importorskip("mkdocs_diffusion.cli")
    _docs_files()
    problems, n_files, n_entries = cli.check_docs(DOCS)
    assert [p.format() for p in problems if p.level == "error"] == []
    assert n_entries == sum(len(check_category_file(f)["papers"]) for f in _docs_files())


def test_docs_hold_every_seed_title():
    _need(FIRST_SEEN)
    titles = set()
    for path in _docs_files():
        titles.update(e["title"] for e in check_category_file(path)["papers"])
    seed_titles = [line.split("\t", 1)[1] for line in FIRST_SEEN.read_text(encoding="utf-8").splitlines()[1:]]
    assert len(seed_titles) == 87
    missing = [t for t in seed_titles if TITLE_FIXES.get(t, t) not in titles]
    assert not missing
    assert not set(TITLE_FIXES) & titles


def test_docs_index_has_the_stats_marker():
    index = DOCS / "index.md"
    if not index.exists():
        pytest.skip("no docs/index.md yet")
    text = index.read_text(encoding="utf-8")
    assert "<!-- diffusion:stats -->" in text.splitlines()
    for needle in ("feed_rss_created.xml", "feed_json_created.json", "updates.md", "MIT", "정재석", "박용현"):
        assert needle in text
