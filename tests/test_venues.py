"""Venues normalised (mkdocs_diffusion.venues): the table against every venue the repo's list and
the peer list really write, misspellings and their warning, BibTeX types, the venue chart."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, SHARED, category, entry
from mkdocs_diffusion import venues
from mkdocs_diffusion.bibtex import bibtex_entry
from mkdocs_diffusion.i18n import Messages
from mkdocs_diffusion.model import Entry, Paper
from mkdocs_diffusion.venues import VENUES, parse, venue_label

CORPUS = SHARED / "corpora" / "Awesome-Diffusion-Models.README.md"

#: written -> (name, kind, year, status): the repo's own awkward venues and the peer list's typos
EXPECTED = {
    "NeurlPS 2022": ("NeurIPS", "conference", "2022", "published"),
    "NeurIPS22": ("NeurIPS", "conference", "2022", "published"),
    "NeruIPS 2023": ("NeurIPS", "conference", "2023", "published"),
    "NeurrIPS 2022": ("NeurIPS", "conference", "2022", "published"),
    "arxiv": ("arXiv", "preprint", None, "preprint"),
    "arXiv preprint": ("arXiv", "preprint", None, "preprint"),
    "arxiv preprint": ("arXiv", "preprint", None, "preprint"),
    "arXiv 2023": ("arXiv", "preprint", "2023", "preprint"),
    "CVPR, arXiv": ("CVPR", "conference", None, "published"),
    "CVPR2022, arXiv 2022": ("CVPR", "conference", "2022", "published"),
    "Submitted to ICLR": ("ICLR", "conference", None, "submitted"),
    "Submitted to ICLR2023": ("ICLR", "conference", "2023", "submitted"),
    "arXiv 2022. ICLR2023 submission": ("ICLR", "conference", "2023", "submitted"),
    "CVPR2023 submission": ("CVPR", "conference", "2023", "submitted"),
    "ICLR 2023 Submission / preprint": ("ICLR", "conference", "2023", "submitted"),
    "ICLR 2023 Spotlight / preprint": ("ICLR", "conference", "2023", "published"),
    "NeurIPS 2022 Workshop": ("NeurIPS", "workshop", "2022", "published"),
    "NeurIPS Workshop 2021": ("NeurIPS", "workshop", "2021", "published"),
    "ICLR 2022 Workshop (Oral)": ("ICLR", "workshop", "2022", "published"),
    "ICCV 2021 (Oral)": ("ICCV", "conference", "2021", "published"),
    "icml 2022": ("ICML", "conference", "2022", "published"),
    "ICLR'23": ("ICLR", "conference", "2023", "published"),
    "SIGGRAPH 2023": ("SIGGRAPH", "conference", "2023", "published"),
    "SIGGRAPH ASIA 2023": ("SIGGRAPH Asia", "conference", "2023", "published"),
    "ACM ToG 2023": ("ACM TOG", "journal", "2023", "published"),
    "IEEE TPAMI 2024": ("TPAMI", "journal", "2024", "published"),
    "TMLR 2022": ("TMLR", "journal", "2022", "published"),
    "JMLR 2021": ("JMLR", "journal", "2021", "published"),
    "ACM Multimedia 2022": ("ACM MM", "conference", "2022", "published"),
    "InterSpeech 2023": ("Interspeech", "conference", "2023", "published"),
    "CoRR 2022": ("arXiv", "preprint", "2022", "preprint"),
    "BioRXiv 2022": ("bioRxiv", "preprint", "2022", "preprint"),
    "Advances in Neural Information Processing Systems 2021": ("NeurIPS", "conference", "2021", "published"),
    # not in the table: the text without year and status words, kind unknown, never a guess
    "ICMI 2023": ("ICMI", "", "2023", "published"),
    "ICCP 2023": ("ICCP", "", "2023", "published"),
    "IEEE SLT 2023": ("IEEE SLT", "", "2023", "published"),
    "": ("", "", None, ""),
}


def docs_venues(root: Path) -> list[tuple[str, str]]:
    """(file:line, venue) of every entry in the category files under ``root``."""
    found = []
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        data = yaml.safe_load(text.split("\n---", 1)[0][3:]) or {}
        for item in data.get("papers") or []:
            if isinstance(item, dict) and item.get("venue"):
                found.append((f"{path.relative_to(root)}:{item.get('title', '')[:30]}", str(item["venue"])))
    return found


@pytest.mark.parametrize("written", list(EXPECTED))
def test_the_table_reads_real_venue_strings(written):
    info = parse(written)
    assert (info.name, info.kind, info.year, info.status) == EXPECTED[written]
    assert info.misspelt == ("" if not written or written.split()[0] not in ("NeurlPS", "NeruIPS", "NeurrIPS") else written.split()[0])


def test_every_venue_of_the_repo_list_maps_to_a_known_venue():
    """Every venue string in docs/ is a venue of the table, with the year it names, and only the
    one misspelling the list really has is flagged."""
    found = docs_venues(REPO / "docs")
    assert len(found) > 50
    misspelt = []
    for where, written in found:
        info = parse(written)
        assert info.known, (where, written, info)
        years = re.findall(r"(?:19|20)\d{2}", written)
        if years:
            assert info.year in years, (where, written, info)
        if info.misspelt:
            misspelt.append(written)
    assert set(misspelt) <= {"NeurlPS 2022"}


@pytest.mark.skipif(not CORPUS.is_file(), reason=f"{CORPUS} is absent (the peer list lives in ../shared)")
def test_the_peer_lists_venues_give_no_false_did_you_mean():
    """The 2,975 entries of Awesome-Diffusion-Models: only real misspellings of NeurIPS are
    flagged; the most frequent known venues are read with their year."""
    from mkdocs_diffusion.importer import parse_readme

    written = [str(e.data["venue"]) for e in parse_readme(CORPUS.read_text(encoding="utf-8")).entries if e.data.get("venue")]
    assert len(written) > 2500
    flagged = {w for w in written if parse(w).misspelt}
    assert flagged and all(parse(w).name == "NeurIPS" for w in flagged), flagged
    assert all(re.match(r"Ne(?!urIPS)", w) for w in flagged), flagged
    infos = [parse(w) for w in written]
    assert sum(i.known for i in infos) / len(infos) > 0.95
    assert all(i.year for i in infos if re.search(r"(?:19|20)\d{2}", i.written))


def test_correct_names_and_aliases_are_never_misspelt():
    for venue in VENUES:
        for spelling in (venue.name, *venue.aliases, venue.full):
            for written in (spelling, f"{spelling} 2023", spelling.upper(), spelling.lower()):
                info = parse(written)
                assert info.name == venue.name and not info.misspelt, (written, info)


@pytest.mark.parametrize("written, name", [
    ("NeurlPS", "NeurIPS"), ("Nuerips 2021", "NeurIPS"), ("SIGRAPH 2022", "SIGGRAPH"), ("Intrespeech 2022", "Interspeech"),
    ("MICCIA 2023", "MICCAI"), ("AISTAST 2022", "AISTATS"),
])
def test_misspellings_are_recognised(written, name):
    info = parse(written)
    assert info.name == name and info.misspelt and info.misspelt != name


@pytest.mark.parametrize("written", ["ICML 2023", "ICLR", "ICMI", "ICCP", "CRV", "MIDL 2021", "Neural 2020", "Nature", "Scientific Reports",
                                     "Synapsium 2023", "Medical Imaging 2022", "Eurographics 2023", "Elsveier Knowledge-Based Systems 2021"])
def test_no_guess_for_other_names(written):
    assert not parse(written).misspelt


def test_work_is_bounded_and_text_is_cut():
    hostile = ("NeurlPS " * 500) + "(" * 5000
    info = parse(hostile)
    assert len(info.written) <= venues.MAX_CHARS and info.name == "NeurIPS"
    assert venues.edit_distance("a" * 40, "b" * 40, 2) == 3  # gives up past the bound


def _paper(*venue_texts: str | None, arxiv: str | None = "2301.00001") -> Paper:
    entries = [Entry("A Paper on Things", ["Ada Lovelace"], "s", f"papers/{i}.md", 5, 0, venue=v,
                     links={"paper": f"https://arxiv.org/abs/{arxiv}"} if arxiv else {}, date="2022-11-01")
               for i, v in enumerate(venue_texts)]
    paper = Paper("k", f"arxiv:{arxiv}" if arxiv else "title:x", entries)
    for e in entries:
        e.paper = paper
    return paper


def test_an_undated_paper_takes_its_year_from_its_venue_as_read():
    """Paper.year (one rule for the statistics, BibTeX, the all-papers rows and papers.json):
    the date first, else the venue's year as the venue table reads it."""
    paper = _paper("NeurIPS22")
    assert paper.year == "2022"
    for listing in paper.entries:
        listing.date = None
    assert paper.year == "2022" and _paper("ICLR'23").entries[0].venue_info.year == "2023"
    undated = _paper("CVPR")
    undated.entries[0].date = None
    assert undated.year is None


def test_a_paper_has_one_venue_the_one_that_says_most():
    assert _paper("arXiv 2022", "CVPR 2023").venue_info.name == "CVPR"
    assert _paper("Submitted to ICLR 2023", "NeurIPS 2023").venue_info.status == "published"
    assert _paper("arxiv", "Submitted to ICLR 2023").venue_info.status == "submitted"
    assert _paper(None, "arXiv 2022").venue_info.name == "arXiv"
    assert _paper(None).venue_info.status == ""


def test_venue_label_in_the_sites_language():
    assert venue_label(_paper("Submitted to ICLR2023")) == "ICLR 2023 (submitted)"
    assert venue_label(_paper("Submitted to ICLR2023"), Messages("ko")) == "ICLR 2023 (심사 중)"
    assert venue_label(_paper("NeurIPS 2022 Workshop")) == "NeurIPS Workshop 2022"
    assert venue_label(_paper("NeurlPS 2022")) == "NeurIPS 2022"
    assert venue_label(_paper("arxiv preprint")) == "arXiv"
    assert venue_label(_paper(None)) == ""


# -- BibTeX ------------------------------------------------------------------------------------------


def _bib(*venue_texts, arxiv="2301.00001") -> str:
    return bibtex_entry(_paper(*venue_texts, arxiv=arxiv))


def test_bibtex_type_follows_the_venue():
    conference = _bib("NeurlPS 2023")  # the year is the paper's one year (its date), as everywhere on the site
    assert conference.startswith("@inproceedings{lovelace2022paper,")
    assert "booktitle = {Advances in Neural Information Processing Systems}" in conference and "year = {2022}" in conference
    assert "howpublished" not in conference and "eprint = {2301.00001}" in conference
    journal = _bib("IEEE TPAMI 2024")
    assert journal.startswith("@article{") and "journal = {IEEE Transactions on Pattern Analysis and Machine Intelligence}" in journal
    workshop = _bib("NeurIPS 2022 Workshop")
    assert workshop.startswith("@inproceedings{") and "booktitle = {Advances in Neural Information Processing Systems Workshops}" in workshop
    preprint = _bib("arxiv preprint")
    assert preprint.startswith("@misc{") and "eprint = {2301.00001}" in preprint and "archivePrefix = {arXiv}" in preprint
    assert "howpublished" not in preprint and "booktitle" not in preprint and "year = {2022}" in preprint
    submitted = _bib("Submitted to ICLR 2023")
    assert submitted.startswith("@misc{") and "howpublished = {Submitted to ICLR 2023}" in submitted and "booktitle" not in submitted
    unknown = _bib("ICMI 2023", arxiv=None)
    assert unknown.startswith("@misc{") and "howpublished = {ICMI 2023}" in unknown


def test_bibtex_venue_text_is_escaped():
    bib = _bib("}, note = {pwned} @misc{x, CVPR 2023")
    assert bib.startswith("@inproceedings{") and "\\}, note = \\{pwned\\}" not in bib  # known venue: the table's name only
    bib = _bib("}, note = {pwned", arxiv=None)
    assert "howpublished = {\\}, note = \\{pwned}" in bib and bib.count("{") - bib.count("\\{") == bib.count("}") - bib.count("\\}")


# -- check and the build ------------------------------------------------------------------------------


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_diffusion.cli", "check", *args], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})


def _write_site(root: Path, language: str, **options) -> None:
    (root / "docs" / "papers").mkdir(parents=True)
    papers = [entry("Good paper", "2301.00001", venue="NeurIPS 2022"), entry("Typo paper", "2301.00002", venue="NeurlPS 2022"),
              entry("Fine paper", "2301.00003", venue="ICMI 2023")]
    (root / "docs" / "papers" / "a.md").write_text(category("A", papers), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = {"site_name": "T", "theme": {"name": "material", "language": language}, "plugins": [{"diffusion": options}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


def test_check_says_did_you_mean_with_a_code_and_the_line(tmp_path):
    _write_site(tmp_path, "en")
    result = _check(tmp_path, "--strict")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "venue" in line]
    text = (tmp_path / "docs" / "papers" / "a.md").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, 1) if "NeurlPS" in t)
    assert lines == [f"docs/papers/a.md:{line}: warning: venue: 'NeurlPS' is not a venue name: did you mean NeurIPS? [venue-misspelt]"]
    data = json.loads(_check(tmp_path, "--format", "json").stdout)
    problems = data["problems"] if isinstance(data, dict) else data
    assert [(p["code"], p["line"], p["level"]) for p in problems] == [("venue-misspelt", line, "warning")]


def test_check_speaks_the_sites_language_and_the_code_can_be_ignored(tmp_path):
    _write_site(tmp_path / "ko", "ko")
    result = _check(tmp_path / "ko", "--strict")
    assert "venue: 'NeurlPS'은(는) 발표처 이름이 아닙니다. NeurIPS의 오타인가요? [venue-misspelt]" in result.stdout
    _write_site(tmp_path / "quiet", "en", ignore=["venue-misspelt"])
    assert _check(tmp_path / "quiet", "--strict").returncode == 0


def test_the_stats_page_draws_papers_per_venue(site):
    site.config["theme"]["language"] = "en"
    papers = [entry(f"Paper {i}", f"2301.{i:05d}", venue=v) for i, v in enumerate(
        ["NeurIPS 2022", "NeurlPS 2022", "NeurIPS22", "arxiv", "arXiv preprint", "CVPR, arXiv", "Submitted to ICLR", "<script>alert(1)</script>"])]
    papers.append(entry("No venue", "2301.00099"))
    site.write("papers/a.md", category("A", papers), dedent=False)
    site.build()
    html = site.html("stats/index.html")
    figure = html[html.index('id="per-venue"'):]
    svg = figure[figure.index("<svg"):figure.index("</svg>")]
    bars = re.findall(r'class="mdd-bar" data-label="([^"]*)" data-value="(\d+)"', svg)
    assert bars == [("NeurIPS", "3"), ("arXiv", "2"), ("&lt;script&gt;alert 1 &lt;/script&gt;", "1"), ("CVPR", "1"), ("ICLR", "1"), ("No venue", "1")]
    assert "<script>alert" not in html
    assert "Papers per venue" in html
