"""``mkdocs-diffusion add``: a paper from a stand-in arXiv API into a copy of the repo's docs.

The stand-in serves Atom documents in arXiv's format (tests/data/arxiv/, written by hand after
real answers): a title over two lines with TeX, a journal reference, a GitHub link in the
comment; a journal paper with its code link in the abstract; arXiv's error feed; an empty feed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
from stand_in import Answer, stand_in_server

from conftest import REPO
from mkdocs_diffusion.add import AddError, check_insertion, insert_entry
from mkdocs_diffusion.arxiv import (
    ArxivClient,
    ArxivError,
    ArxivRecord,
    code_link,
    parse_feed,
    venue_of,
)
from mkdocs_diffusion.cli import main
from mkdocs_diffusion.yamlwrite import entry_lines

DATA = Path(__file__).parent / "data" / "arxiv"
API = "/api/query"
SUMMARY = "무한 해상도 데이터를 Hilbert space 위의 diffusion으로 모델링한다: $\\mathbf{x}$ 는 함수. 'quote' #1"


def feed(name: str) -> bytes:
    return (DATA / f"{name}.xml").read_bytes()


@pytest.fixture
def arxiv(monkeypatch):
    with stand_in_server() as server:
        monkeypatch.setenv("MKDOCS_DIFFUSION_ARXIV_API", server.url + API)
        monkeypatch.setenv("MKDOCS_DIFFUSION_ARXIV_DELAY", "0")
        yield server


@pytest.fixture
def docs(tmp_path, monkeypatch) -> Path:
    """A copy of the repo's docs folder; the current folder is its parent (no mkdocs.yml)."""
    target = tmp_path / "docs"
    shutil.copytree(REPO / "docs", target)
    monkeypatch.chdir(tmp_path)
    return target


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def problems(capsys, docs: Path) -> set[tuple]:
    """``check --strict``'s problems of a docs folder, without their lines (which an insertion
    shifts)."""
    _, out, _ = run(capsys, "check", "--strict", "--format", "json", str(docs))
    data = json.loads(out)
    return {(p["path"], p["level"], p["field"], p["message"]) for p in data["problems"]}


def strict_check(capsys, docs: Path, before: set[tuple], *written: str) -> None:
    """``check --strict`` passes on each written file alone, and the whole folder has no
    problem it did not have before (duplicates across files included)."""
    for name in written:
        alone = docs.parent / "alone" / name.replace("/", "-")
        (alone / "papers").mkdir(parents=True)
        shutil.copy2(docs / name, alone / "papers" / Path(name).name)
        code, out, err = run(capsys, "check", "--strict", str(alone))
        assert code == 0, out + err
    assert problems(capsys, docs) <= before


def test_adds_a_paper_at_the_top_and_changes_no_other_byte(arxiv, docs, capsys):
    arxiv.route(API, Answer(200, feed("2303.18242"), {"Content-Type": "application/atom+xml; charset=utf-8"}))
    target = docs / "papers" / "image-generation.md"
    before = target.read_bytes()
    known = problems(capsys, docs)

    code, out, err = run(capsys, "add", "https://arxiv.org/abs/2303.18242v2", "--to", "papers/image-generation.md",
                         "--summary", SUMMARY, "--added", "2024-03-12", "--docs", "docs")
    assert code == 0, err
    assert out.startswith("docs/papers/image-generation.md:6: added '$\\infty$-Diff")
    assert "arxiv:2303.18242, ICLR 2024, code https://github.com/samb-t/infty-diff" in out

    inserted = (
        "  - title: '$\\infty$-Diff: Infinite Resolution Diffusion with Subsampled Mollified States'\n"
        "    authors: [Sam Bond-Taylor, Chris G. Willcocks]\n"
        "    venue: ICLR 2024\n"
        "    date: 2023-03-31\n"
        "    added: 2024-03-12\n"
        "    links:\n"
        "      paper: https://arxiv.org/abs/2303.18242\n"
        "      code: https://github.com/samb-t/infty-diff\n"
        "    summary: |-\n"
        f"      {SUMMARY}\n"
    ).encode()
    after = target.read_bytes()
    at = before.index(b"\n  - title:") + 1  # the first item of papers:
    assert after == before[:at] + inserted + before[at:]

    request = arxiv.seen("GET")[0]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.target).query)
    assert query["id_list"] == ["2303.18242"]
    assert request.headers["User-Agent"].startswith("mkdocs-diffusion/") and "(+https://" in request.headers["User-Agent"]
    strict_check(capsys, docs, known, "papers/image-generation.md")
    # every other file untouched
    for file in (REPO / "docs").rglob("*.md"):
        if file.name != "image-generation.md":
            assert (docs / file.relative_to(REPO / "docs")).read_bytes() == file.read_bytes()


def test_503_then_200_is_retried_after_retry_after(arxiv, docs, capsys):
    arxiv.route(API, Answer(503, "busy", {"Retry-After": "0"}), Answer(200, feed("2104.07636")))
    known = problems(capsys, docs)
    code, out, err = run(capsys, "add", "arXiv:2104.07636", "--to", "papers/image-editing.md", "--summary", "SR3: 반복 정제로 super-resolution.", "--docs", "docs")
    assert code == 0, err
    assert len(arxiv.seen("GET")) == 2
    text = (docs / "papers" / "image-editing.md").read_text(encoding="utf-8")
    assert "    venue: TPAMI 2023\n    date: 2021-04-15\n" in text
    assert "      code: https://github.com/Janspiry/Image-Super-Resolution-via-Iterative-Refinement\n" in text
    assert f"    added: {dt.date.today().isoformat()}\n" in text
    strict_check(capsys, docs, known, "papers/image-editing.md")


def test_client_waits_for_retry_after_and_between_requests():
    sleeps: list[float] = []
    clock = [100.0]

    def sleep(seconds):
        sleeps.append(seconds)
        clock[0] += seconds

    with stand_in_server() as server:
        server.route(API, Answer(503, "", {"Retry-After": "7"}), Answer(200, feed("2302.05543")))
        client = ArxivClient(server.url + API, delay=3, sleep=sleep, clock=lambda: clock[0])
        assert client.fetch("2302.05543").title == "Adding Conditional Control to Text-to-Image Diffusion Models"
        assert sleeps == [7.0]  # Retry-After, more than the 3 s between requests
        client.fetch("2302.05543")
        assert sleeps[1] == pytest.approx(3.0)  # the next request waits its turn
        server.route(API, Answer(503, "", {"Retry-After": "0"}))
        with pytest.raises(ArxivError, match=r"still busy \(503\) after 4 attempts"):
            client.fetch("2302.05543")
        server.route(API, Answer(503, "", {"Retry-After": "3600"}))
        with pytest.raises(ArxivError, match="retry after 3600 s"):
            client.fetch("2302.05543")


def test_timeout_is_a_clear_error():
    with stand_in_server() as server:
        server.route(API, Answer(200, feed("2302.05543"), delay=1.0))
        client = ArxivClient(server.url + API, delay=0, timeout=0.2)
        with pytest.raises(ArxivError, match=r"did not answer within 0.2 s"):
            client.fetch("2302.05543")


def test_unknown_and_malformed_ids(arxiv, docs, capsys):
    arxiv.route(API, Answer(200, feed("empty")))
    code, _, err = run(capsys, "add", "2302.99999", "--to", "papers/misc.md", "--summary", "x", "--docs", "docs")
    assert code == 1 and "arXiv has no paper 2302.99999" in err
    arxiv.route(API, Answer(200, feed("error")))
    code, _, err = run(capsys, "add", "2302.99998", "--to", "papers/misc.md", "--summary", "x", "--docs", "docs")
    assert code == 1 and "the arXiv API reports an error: incorrect id format" in err
    code, _, err = run(capsys, "add", "not-an-id", "--to", "papers/misc.md", "--summary", "x", "--docs", "docs")
    assert code == 2 and "is not an arXiv id or URL" in err
    code, _, err = run(capsys, "add", "2302.05543", "--to", "papers/nope.md", "--summary", "x", "--docs", "docs")
    assert code == 2 and "docs/papers/nope.md: error: no such category file" in err
    code, _, err = run(capsys, "add", "2302.05543", "--to", "papers/misc.md", "--summary", "x", "--added", "2024-02-30", "--docs", "docs")
    assert code == 2 and "is not a date" in err
    arxiv.route(API, Answer(500, "oops"))
    code, _, err = run(capsys, "add", "2104.07636", "--to", "papers/misc.md", "--summary", "x", "--docs", "docs")
    assert code == 1 and "HTTP 500" in err


def test_refuses_a_listed_paper_unless_also(arxiv, docs, capsys):
    arxiv.route(API, Answer(200, feed("2302.05543")))
    before = (docs / "papers" / "image-editing.md").read_bytes()
    known = problems(capsys, docs)
    code, out, err = run(capsys, "add", "2302.05543", "--to", "papers/image-editing.md", "--summary", "ControlNet.", "--docs", "docs")
    assert code == 1 and out == ""
    assert "docs/papers/stable-diffusion-freeze.md:6: error: arxiv:2302.05543 ('Adding Conditional Control to Text-to-Image Diffusion Models') is already listed here; pass --also" in err
    assert (docs / "papers" / "image-editing.md").read_bytes() == before
    assert arxiv.seen() == []  # refused before asking arXiv

    code, _, err = run(capsys, "add", "2302.05543", "--to", "papers/stable-diffusion-freeze.md", "--summary", "x", "--also", "--docs", "docs")
    assert code == 1 and "is already listed in this category" in err

    code, out, err = run(capsys, "add", "2302.05543", "--to", "papers/image-editing.md", "--summary", "ControlNet 을 편집에 쓴다.", "--also", "--docs", "docs")
    assert code == 0, err
    assert "copying title, authors, venue, date and links from the copy at docs/papers/stable-diffusion-freeze.md:6" in err
    strict_check(capsys, docs, known, "papers/image-editing.md")  # the copies agree: no duplicate warning


def test_summary_prompted_on_a_terminal_required_elsewhere(arxiv, docs, capsys, monkeypatch):
    arxiv.route(API, Answer(200, feed("2303.18242")))
    code, _, err = run(capsys, "add", "2303.18242", "--to", "papers/misc.md", "--docs", "docs")
    assert code == 2 and "--summary TEXT is required when standard input is not a terminal" in err

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Terminal("프롬프트로 받은 요약.\n"))
    code, out, err = run(capsys, "add", "2303.18242", "--to", "papers/misc.md", "--docs", "docs")
    assert code == 0, err
    assert "한 문장 요약 (summary, Markdown): " in err
    assert "      프롬프트로 받은 요약.\n" in (docs / "papers" / "misc.md").read_text(encoding="utf-8")


def test_dry_run_prints_the_entry_and_writes_nothing(arxiv, docs, capsys):
    arxiv.route(API, Answer(200, feed("2303.18242")))
    before = (docs / "papers" / "misc.md").read_bytes()
    code, out, err = run(capsys, "add", "2303.18242", "--to", "docs/papers/misc.md", "--summary", "요약", "--added", "2024-03-12", "--dry-run", "--docs", "docs")
    assert code == 0, err
    assert out.startswith("  - title: '$\\infty$-Diff") and out.endswith("    summary: |-\n      요약\n")
    assert "dry run: the entry above would be inserted at docs/papers/misc.md:6; nothing written" in err
    assert (docs / "papers" / "misc.md").read_bytes() == before


# --------------------------------------------------------------------------------------------
# The insertion itself
# --------------------------------------------------------------------------------------------

DATA_ENTRY = {
    "title": "A: B",
    "authors": ["Smith, Jr.", "[Anon]", "Lee #2"],
    "venue": "arXiv 2024",
    "date": dt.date(2024, 1, 2),
    "added": dt.date(2024, 1, 3),
    "links": {"paper": "https://arxiv.org/abs/2401.00001"},
    "summary": "- looks like a list: and a # comment\n둘째 줄",
}


@pytest.mark.parametrize(
    "text, indent",
    [
        ("---\ntitle: X  # the name\npapers:   # newest first\n  # keep this comment\n  - title: 'Old'\n    authors: Ada\n    summary: \"s\"\n---\n\nBody.\n", "  "),
        ("---\ntitle: X\npapers:\n- title: Old\n  authors: [Ada]\n  summary: s\n---\n", ""),
        ("---\ntitle: X\npapers:\n    -   title: Old\n        authors: [Ada]\n        summary: s\n---\n", "    "),
        ("---\r\ntitle: X\r\npapers:\r\n  - title: Old\r\n    authors: [Ada]\r\n    summary: s\r\n---\r\n", "  "),
    ],
)
def test_insertion_keeps_every_other_byte(text, indent):
    insertion = insert_entry(text, DATA_ENTRY)
    at = text.index("\n" + indent + "-") + 1  # the first item
    assert insertion.text == text[:at] + insertion.entry_text + text[at:]
    first = insertion.entry_text.splitlines()[0]
    assert first.startswith(indent + "-") and first.endswith("title: 'A: B'")
    assert first.index("title") == text.index("title: Old" if "title: Old" in text else "title: 'Old'") - at  # the same columns
    assert check_insertion("papers/x.md", text, insertion, DATA_ENTRY) == []


def test_empty_lists():
    text = "---\ntitle: X\npapers: []  # none yet\n---\n"
    insertion = insert_entry(text, DATA_ENTRY)
    assert insertion.text.startswith("---\ntitle: X\npapers: # none yet\n  - title: 'A: B'\n")
    assert check_insertion("papers/x.md", text, insertion, DATA_ENTRY) == []
    with pytest.raises(AddError, match="flow list"):
        insert_entry("---\ntitle: X\npapers: [{title: a, authors: b, summary: c}]\n---\n", DATA_ENTRY)


def test_every_value_is_quoted_by_the_dumper():
    lines = entry_lines(DATA_ENTRY)
    assert lines[1] == "    authors: ['Smith, Jr.', '[Anon]', 'Lee #2']"
    assert lines[-3:] == ["    summary: |-", "      - looks like a list: and a # comment", "      둘째 줄"]
    tricky = dict(DATA_ENTRY, title="yes", summary="  leading spaces\ntrailing space \n", venue="null")
    text = "---\ntitle: X\npapers:\n  - title: Old\n    authors: [Ada]\n    summary: s\n---\n"
    assert check_insertion("papers/x.md", text, insert_entry(text, tricky), tricky) == []


def test_venues_and_code_links():
    def record(comment="", journal_ref="", summary="") -> ArxivRecord:
        return ArxivRecord("2401.00001", "T", ["A"], "2024-01-05", summary=summary, comment=comment, journal_ref=journal_ref)

    assert venue_of(record("Accepted to NeurIPS 2023 (spotlight)")) == "NeurIPS 2023"
    assert venue_of(record("CVPR'24 workshop on generative models")) == "CVPR 2024 Workshop"
    assert venue_of(record("Submitted to ICLR 2025")) == "arXiv 2024"
    assert venue_of(record("Extension of our ECCV 2022 paper; 20 pages")) == "arXiv 2024"
    assert venue_of(record(journal_ref="Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR), 2022, pp. 10684-10695")) == "CVPR 2022"
    assert venue_of(record(journal_ref="Nature Communications 14, 1234 (2023)")) == "Nature Communications 14, 1234 (2023)"
    assert venue_of(record("Transactions on Machine Learning Research (TMLR), 2023")) == "TMLR 2023"
    assert code_link(record("Project page: https://x.github.io/. Code: https://github.com/owner/repo.git.")) == "https://github.com/owner/repo"
    assert code_link(record(summary="Code is at github.com/a-b/c.d.")) == "https://github.com/a-b/c.d"
    assert code_link(record("see https://github.com/features/copilot")) is None


def test_parse_feed_reads_arxivs_format():
    [record] = parse_feed(feed("2303.18242"))
    assert record.title == "$\\infty$-Diff: Infinite Resolution Diffusion with Subsampled Mollified States"
    assert record.published == "2023-03-31" and record.id == "2303.18242"
    assert record.journal_ref == "The Twelfth International Conference on Learning Representations (ICLR 2024)"
    assert parse_feed(feed("empty")) == []
    with pytest.raises(ArxivError, match="not XML"):
        parse_feed(b"<html")
