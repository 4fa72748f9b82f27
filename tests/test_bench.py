"""The scale benchmark (bench/) runs end to end in quick mode, and what it reports is consistent.

Not a timed test: it checks that the benchmark builds both floors and the plugin's site, and that
the report's numbers are the measured ones (page counts from the generated corpus, ratios from
the measured times), not that the plugin is fast.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
RUN = REPO / "bench" / "run.py"
if str(REPO) not in sys.path:  # `bench` is a folder of the repo, not an installed package
    sys.path.insert(0, str(REPO))

from bench import corpus, floor, sites  # noqa: E402
from mkdocs_diffusion.identity import slugify  # noqa: E402


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "out"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, str(RUN), "--quick", "--out", str(out)], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (result,) = data["results"]
    return out, proc, result


def test_quick_run_builds_both_floors_and_the_plugin(quick):
    out, proc, r = quick
    assert r["source"] == "synthetic" and (r["papers"], r["categories"]) == (60, 4)
    assert 60 < r["entries"] <= 80  # about 10% of the papers are listed twice
    # the hand-written site: a topic page per category, a page per paper, the home and updates pages
    assert r["hand_pages_expected"] == r["papers"] + r["categories"] + 2
    assert r["pages"]["hand"] == r["hand_pages_expected"]  # what the built site really holds
    # the plugin's site has those and more (all papers, statistics); the own floor is the same pages
    assert r["pages"]["plugin"] > r["pages"]["hand"] and r["pages"]["own"] == r["pages"]["plugin"]
    for name in ("hand", "own", "plugin"):
        series = r["builds"][name]
        assert len(series["seconds"]) == 1 and all(s > 0 for s in series["seconds"])
        assert all(20 < mb < 2048 for mb in series["peak_mb"] if mb is not None)
    assert r["builds"]["plugin"]["hooks_seconds"][0] > 0  # the timing hook saw the plugin
    assert r["builds"]["hand"]["hooks_seconds"][0] is None  # and nothing in a build without it
    for name in ("hand", "own"):
        expected = statistics.median(r["builds"]["plugin"]["seconds"]) / statistics.median(r["builds"][name]["seconds"])
        assert r[f"ratio_{name}"] == pytest.approx(expected)
    assert r["check"]["entries"] == r["entries"] and (r["check"]["errors"], r["check"]["warnings"]) == (0, 0)
    assert not (out / "work").exists()  # removed without --keep


def test_quick_run_weighs_the_pages(quick):
    _, _, r = quick
    plugin, hand = r["weights"]["plugin"], r["weights"]["hand"]
    for weights in (plugin, hand):
        assert 0 < weights["updates_page"] <= weights["largest_page_bytes"] < weights["site"]
        assert weights["search_index"] > 0 and weights["pages_over_1mb"] == 0
    assert 0 < plugin["all_papers_page"] <= plugin["largest_page_bytes"]
    assert plugin["papers_json"] > 0
    assert "all_papers_page" not in hand  # the hand-written site has no such page


def test_quick_run_times_the_edit_loop(quick):
    _, _, r = quick
    edits = r["edits"]
    assert set(edits) == {"plugin", "plugin --dirty", "hand --dirty"}
    assert not any(e["error"] for e in edits.values()), edits
    full = edits["plugin"]
    assert not full["dirty"] and full["startup_s"] > 0
    # a full rebuild shows the edit on the topic page and the paper page
    assert len(full["seconds"]["topic"]) == 1 and all(0 < s < 600 for s in full["seconds"]["topic"] + full["seconds"]["paper"])
    hand = edits["hand --dirty"]
    assert hand["dirty"] and set(hand["seconds"]) == {"topic"} and 0 < hand["seconds"]["topic"][0] < 600
    dirty = edits["plugin --dirty"]
    assert dirty["dirty"] and all(s is None or s > 0 for s in dirty["seconds"]["topic"] + dirty["seconds"]["paper"])


def test_quick_report_shows_both_floors(quick):
    out, proc, r = quick
    text = (out / "results.md").read_text(encoding="utf-8")
    assert text in proc.stdout
    header = next(line for line in text.splitlines() if line.startswith("| source | N papers | categories |"))
    for column in ("hand floor s", "own floor s", "plugin s", "ratio to hand floor", "ratio to own floor", "peak MB"):
        assert column in header
    row = next(line for line in text.splitlines() if line.startswith("| synthetic | 60 | 4 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[3] == f"{r['pages']['plugin']} / {r['pages']['hand']}"
    assert cells[7] == f"{r['ratio_hand']:.3f}" and cells[8] == f"{r['ratio_own']:.3f}"
    for section in ("## Noise", "## Page weights", "## Edit loop", "## Targets (issue 15)"):
        assert section in text
    assert "Command: `python bench/run.py --quick" in text
    assert "not measured" in text  # no 3,000 or 10,000 row in quick mode


def _entries(docs: Path) -> list[dict]:
    entries = []
    for path in (docs / "papers").glob("*.md"):
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        entries += yaml.safe_load(front)["papers"] or []
    return entries


def test_synthetic_lists_are_deterministic_and_realistic(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    corpus.write_synthetic(a, 200, 5, seed=3)
    corpus.write_synthetic(b, 200, 5, seed=3)
    corpus.write_synthetic(c, 200, 5, seed=4)
    files = sorted(p.relative_to(a) for p in a.rglob("*.md"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.md"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert any(not (c / f).exists() or (a / f).read_bytes() != (c / f).read_bytes() for f in files)
    assert len([f for f in files if f.parts[0] == "papers"]) == 5 and Path("index.md") in files
    for path in (a / "papers").glob("*.md"):  # file names by the package's slug rule
        title = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])["title"]
        assert path.stem == slugify(title)

    entries = _entries(a)
    titles = {e["title"] for e in entries}
    assert len(titles) == 200
    assert 200 < len(entries) <= 240
    assert all(6 <= len(e["title"].split()) <= 15 for e in entries)
    assert all(3 <= len(e["authors"]) <= 8 for e in entries)
    assert all(re.fullmatch(r"[A-Za-z]+ \d{4}", e["venue"]) for e in entries)
    hangul = re.compile(r"[\uac00-\ud7a3]")
    assert all(hangul.search(e["summary"]) and re.search(r"[A-Za-z]{3}", e["summary"]) for e in entries)
    assert sum("$" in e["summary"] for e in entries) >= 10
    assert 100 < sum(len(e["summary"]) for e in entries) / len(entries) < 700
    by_id: dict[str, set] = {}  # arXiv ids identify a paper: each id has one title, copies keep it
    for e in entries:
        link = (e.get("links") or {}).get("paper", "")
        if "arxiv.org" in link:
            by_id.setdefault(link, set()).add(e["title"])
    assert by_id and all(len(t) == 1 for t in by_id.values())
    added = sorted(str(e["added"]) for e in entries if e.get("added"))
    assert added and added[0][:4] != added[-1][:4]  # spread over about two years


def test_entries_are_written_by_the_package_writer(tmp_path):
    """The generator's entry text is exactly what `mkdocs-diffusion add` writes for those values."""
    from mkdocs_diffusion.yamlwrite import entry_lines

    corpus.write_synthetic(tmp_path, 30, 2, seed=5)
    path = sorted((tmp_path / "papers").glob("*.md"))[0]
    text = path.read_text(encoding="utf-8")
    first = yaml.safe_load(text.split("---\n")[1])["papers"][0]
    assert "\n".join(entry_lines(first)) in text


def test_hand_written_floor(tmp_path):
    docs, out = tmp_path / "docs", tmp_path / "hand"
    corpus.write_synthetic(docs, 80, 3, seed=2)
    site = floor.write_hand_site(docs, out)
    catalog = floor.read_catalog(docs)
    assert (site.topic_pages, site.paper_pages) == (3, 80) == (len(catalog.categories), len(catalog.papers))
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert len(pages) == site.pages == 80 + 3 + 2
    for category in catalog.categories:
        topic = (out / category.path).read_text(encoding="utf-8")
        assert [line[3:] for line in topic.splitlines() if line.startswith("## ")] == [e.title for e in category.entries]
        assert all(e.summary.strip() in topic for e in category.entries)
    for paper in catalog.papers:
        page = (out / floor.paper_src(paper)).read_text(encoding="utf-8")
        assert f"# {paper.title}\n" in page and re.search(r"```bibtex\n@\w+\{", page)
        assert all(e.summary.strip() in page for e in paper.entries)
    updates = (out / floor.UPDATES).read_text(encoding="utf-8")
    assert sum(line.startswith("- [") for line in updates.splitlines()) == len(catalog.papers)


def test_repo_config_keeps_theme_extensions_and_feeds(tmp_path):
    data = sites.base_config()
    assert [sites.plugin_name(p) for p in data["plugins"]] == ["search", "diffusion", "rss"]
    rss = sites.plugin_options(data["plugins"], "rss")
    assert rss["match_path"] == "paper/.*" and rss["use_git"] is False and rss["date_from_meta"]["as_creation"] == "added"
    assert data["theme"]["name"] == "material"
    assert [sites.plugin_name(p) for p in sites.without_plugin(data)["plugins"]] == ["search", "rss"]
    text = sites.write_config(tmp_path / "mkdocs.yml", dict(data, docs_dir=str(tmp_path))).read_text(encoding="utf-8")
    if "emoji_index" in text:  # the !!python/name: tags survive the round trip
        assert "!!python/name:material.extensions.emoji" in text


def test_with_code_runs_another_checkouts_package(tmp_path):
    """bench/with_code.py imports mkdocs_diffusion from the checkout it is given, not this one
    (installed in editable mode), and refuses a folder without the package."""
    package = tmp_path / "old" / "mkdocs_diffusion"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "where.py").write_text("import mkdocs_diffusion, sys\nprint(mkdocs_diffusion.__file__, sys.argv[1:])\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(REPO / "bench" / "with_code.py"), str(tmp_path / "old"), "-m", "mkdocs_diffusion.where", "a", "b"],
                         capture_output=True, text=True, check=True)
    assert run.stdout.strip() == f"{package / '__init__.py'} ['a', 'b']"
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = subprocess.run([sys.executable, str(REPO / "bench" / "with_code.py"), str(empty), "-m", "mkdocs_diffusion.cli"], capture_output=True, text=True)
    assert refused.returncode != 0 and "has no mkdocs_diffusion package" in refused.stderr
