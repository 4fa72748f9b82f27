"""The scale benchmark (bench/run.py) runs end to end in quick mode, and its data is sane.

Not a timed test: it checks that the benchmark works and reports consistent numbers.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
RUN = REPO / "bench" / "run.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return _bench_module()


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "out"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, str(RUN), "--quick", "--out", str(out)], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out, proc


def test_quick_run_reports_one_sane_row(quick):
    out, proc = quick
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (row,) = data["rows"]
    assert row["source"] == "synthetic"
    assert (row["papers"], row["categories"]) == (60, 4)
    assert 60 < row["entries"] <= 80  # about 10% of the papers are listed twice
    # a page per paper, per category, and the fixed pages (home, updates, ...)
    assert row["paper_pages"] == row["papers"] and row["category_pages"] == row["categories"]
    assert {"index.md", "updates.md"} <= set(row["fixed_page_uris"])
    assert row["fixed_pages"] == len(row["fixed_page_uris"]) >= 2
    assert row["pages"] == row["papers"] + row["categories"] + row["fixed_pages"]
    assert row["html_pages"] == row["pages"]  # what the built site really holds
    assert row["plugin_s"] > 0 and row["floor_s"] > 0 and row["ratio"] > 0
    assert 0.2 < row["ratio"] < 5
    assert row["plugin_mb"] is None or 20 < row["plugin_mb"] < 2048
    assert 0 < row["floor_site_mb"] and 0 < row["site_mb"] < 200
    assert row["check_s"] > 0 and row["check_entries"] == row["entries"]
    assert (row["check_errors"], row["check_warnings"]) == (0, 0)  # the synthetic lists are valid
    assert not (out / "work").exists()  # removed without --keep


def test_quick_run_writes_the_table(quick):
    out, proc = quick
    text = (out / "results.md").read_text(encoding="utf-8")
    assert text in proc.stdout
    header = next(line for line in text.splitlines() if line.startswith("| source |"))
    for column in ("N papers", "categories", "pages", "wall s (plugin)", "floor s", "ratio", "peak MB", "site MB", "`check` s"):
        assert column in header
    rows = [line for line in text.splitlines() if line.startswith("| synthetic |")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert (cells[1], cells[3]) == ("60", "4")
    assert int(cells[4]) >= 60 + 4 + 2  # pages: papers + categories + home and updates (at least)
    assert float(cells[7]) > 0  # ratio
    assert "## Targets" in text and "not measured" in text  # no 3k/10k row in quick mode


def test_synthetic_lists_are_deterministic_and_realistic(bench, tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    bench.write_synthetic(a, 200, 5, seed=3)
    bench.write_synthetic(b, 200, 5, seed=3)
    bench.write_synthetic(c, 200, 5, seed=4)
    files = sorted(p.relative_to(a) for p in a.rglob("*.md"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.md"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert any(not (c / f).exists() or (a / f).read_bytes() != (c / f).read_bytes() for f in files)
    assert len([f for f in files if f.parts[0] == "papers"]) == 5 and Path("index.md") in files

    entries = []
    for path in (a / "papers").glob("*.md"):
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        entries += yaml.safe_load(front)["papers"] or []
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
    # arXiv ids identify a paper: each id belongs to exactly one title, copies keep it
    by_id: dict[str, set] = {}
    for e in entries:
        link = (e.get("links") or {}).get("paper", "")
        if "arxiv.org" in link:
            by_id.setdefault(link, set()).add(e["title"])
    assert by_id and all(len(t) == 1 for t in by_id.values())
    added = sorted(str(e["added"]) for e in entries if e.get("added"))
    assert added and added[0][:4] != added[-1][:4]  # spread over about two years


def test_not_in_nav_patterns(bench):
    pages = [{"src_uri": "index.md", "not_in_nav": False}, {"src_uri": "paper/a.md", "not_in_nav": True},
             {"src_uri": "paper/b.md", "not_in_nav": True}, {"src_uri": "papers/x.md", "not_in_nav": False},
             {"src_uri": "misc/y.md", "not_in_nav": True}, {"src_uri": "misc/z.md", "not_in_nav": False}]
    assert bench.not_in_nav_patterns(pages) == ["/misc/y.md", "/paper/"]


def test_repo_config_keeps_theme_extensions_and_feeds(bench, tmp_path):
    data = bench.base_config()
    names = [bench._plugin_name(p) for p in data["plugins"]]
    assert names == ["search", "diffusion", "rss"]
    rss = bench._plugin_options(data["plugins"], "rss")
    assert rss["match_path"] == "paper/.*" and rss["use_git"] is False and rss["date_from_meta"]["as_creation"] == "added"
    assert data["theme"]["name"] == "material"
    written = bench.write_config(tmp_path / "mkdocs.yml", dict(data, docs_dir=str(tmp_path)))
    text = written.read_text(encoding="utf-8")
    if "emoji_index" in text:  # the !!python/name: tags survive the round trip
        assert "!!python/name:material.extensions.emoji" in text
