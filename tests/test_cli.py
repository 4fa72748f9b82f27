"""`mkdocs-diffusion check`: the contributor's pre-review check, through its real entry point."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO, category, entry
from mkdocs_diffusion.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_diffusion.cli", *args], capture_output=True, text=True, timeout=120)


def test_clean_docs_exit_zero(tmp_path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.md").write_text(category("A", [entry("X", "2301.00001")]), encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "1 files, 1 entries: 0 errors, 0 warnings" in result.stderr


def test_problems_one_line_each_path_line_level_message(tmp_path):
    (tmp_path / "papers").mkdir()
    bad = category("A", [entry("X", "2301.00001"), entry("Y", "2301.00002", date="2023-02-30")])
    (tmp_path / "papers" / "a.md").write_text(bad.replace("  authors:\n  - Ada Lovelace\n  - Alan Turing\n  links", "  links", 1), encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    docs = tmp_path.as_posix()
    assert f"{docs}/papers/a.md:4: error: authors: required field is missing [missing-field]" in lines  # the code last
    assert any(line.startswith(f"{docs}/papers/a.md:") and ": error: date: '2023-02-30' is not a real date" in line for line in lines)


def test_warnings_fail_only_with_strict(tmp_path):
    (tmp_path / "papers").mkdir()
    twice = category("A", [entry("X", "2301.00001"), entry("X", "2301.00001", summary="다른 요약")])
    (tmp_path / "papers" / "a.md").write_text(twice, encoding="utf-8")
    assert run("check", str(tmp_path)).returncode == 0
    strict = run("check", "--strict", str(tmp_path))
    assert strict.returncode == 1 and ": warning: title: the same paper is already listed" in strict.stdout


def test_json_format(tmp_path, capsys):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.md").write_text("---\ntitle: A\npapers:\n  - title: X\n---\n", encoding="utf-8")
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["errors"] == 2
    assert {(p["line"], p["field"]) for p in data["problems"] if p["level"] == "error"} == {(4, "authors"), (4, "summary")}


def test_repo_docs_pass_strict_check():
    result = run("check", "--strict", str(REPO / "docs"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hook_runs_the_check():
    """The hook pre-commit would run: `entry` + `args` from .pre-commit-hooks.yaml, in the repo."""
    import shlex
    import shutil
    from pathlib import Path

    import yaml

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "mkdocs-diffusion-check" and hook["language"] == "python" and hook["pass_filenames"] is False
    command = shlex.split(hook["entry"]) + hook["args"]
    executable = shutil.which(command[0], path=str(Path(sys.executable).parent))
    assert executable, "the console script is installed with the package"
    result = subprocess.run([executable, *command[1:]], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stderr
