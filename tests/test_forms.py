"""The "add a paper" issue form: its generated dropdown, and reading the issue GitHub makes of it."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest

from conftest import REPO
from mkdocs_diffusion.cli import main
from mkdocs_diffusion.issue_form import (
    add_arguments,
    category_options,
    form_fields,
    form_problems,
    parse_issue_body,
    update_form,
)

FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml"

# What GitHub writes into the issue for a filled-in form (CRLF line ends, as issue bodies have).
BODY = (
    "### arXiv id 또는 URL\r\n\r\nhttps://arxiv.org/abs/2303.18242v2\r\n\r\n"
    "### 분류 (category)\r\n\r\n읽을것들 (papers/to-read.md)\r\n\r\n"
    "### 한 문장 요약 (summary)\r\n\r\n- 무한 해상도를 $\\infty$-차원 공간의 diffusion 으로.\r\n\r\n### 둘째 문단도 요약의 일부\r\n\r\n"
    "### 코드 링크 (선택, code link)\r\n\r\n_No response_"
)


def test_the_repo_form_is_up_to_date():
    assert form_problems(REPO / "docs", FORM) == []
    assert [f.id for f in form_fields(FORM.read_text(encoding="utf-8"))] == ["arxiv", "category", "summary", "code"]


def test_parse_the_rendered_issue_body():
    fields = form_fields(FORM.read_text(encoding="utf-8"))
    values = parse_issue_body(BODY, fields)
    assert values == {
        "arxiv": "https://arxiv.org/abs/2303.18242v2",
        "category": "읽을것들 (papers/to-read.md)",
        "summary": "- 무한 해상도를 $\\infty$-차원 공간의 diffusion 으로.\n\n### 둘째 문단도 요약의 일부",
        "code": None,
    }
    request, errors = add_arguments(values, REPO / "docs", fields)
    assert errors == []
    assert request.arguments() == ["2303.18242", "--to=papers/to-read.md", "--summary=" + values["summary"]]
    # without the form: by the headings alone
    assert parse_issue_body("### A\n\nx\n\n### B\n\n_No response_\n") == {"A": "x", "B": None}


def test_problems_of_a_filled_in_form():
    fields = form_fields(FORM.read_text(encoding="utf-8"))
    values = {"arxiv": "a paper about cats", "category": "Nope (papers/nope.md)", "summary": None, "code": "github.com/x/y"}
    request, errors = add_arguments(values, REPO / "docs", fields)
    assert request is None
    assert errors == [
        "'arXiv id 또는 URL': 'a paper about cats' is not an arXiv id or URL (e.g. 2302.05543 or https://arxiv.org/abs/2302.05543)",
        "'분류 (category)': 'Nope (papers/nope.md)' is not one of the category files",
        "'한 문장 요약 (summary)' is empty: write the one-sentence summary",
        "'코드 링크 (선택, code link)': 'github.com/x/y' is not an http(s) URL",
    ]
    for sneaky in ("Evil (../../etc/passwd.md)", "Evil (/etc/x.md)"):
        assert add_arguments(dict(values, category=sneaky), REPO / "docs")[1][1].endswith("is not one of the category files")
    # a bare title (an option written by hand) is found too
    request, errors = add_arguments({"arxiv": "2303.18242", "category": "Image Editing", "summary": "s"}, REPO / "docs")
    assert errors == [] and request.to == "papers/image-editing.md"


def test_form_parse_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("ISSUE_BODY", BODY)
    assert main(["form", "parse", "--body-env", "ISSUE_BODY"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["paper"] == "2303.18242" and data["to"] == "papers/to-read.md" and data["code"] is None
    assert main(["form", "parse", "--body-env", "ISSUE_BODY", "--format", "args"]) == 0
    assert capsys.readouterr().out.split("\0")[:-1] == data["args"]
    monkeypatch.setenv("ISSUE_BODY", BODY.replace("2303.18242v2", "soon"))
    assert main(["form", "parse", "--body-env", "ISSUE_BODY"]) == 1
    assert "error: 'arXiv id 또는 URL': 'https://arxiv.org/abs/soon' is not an arXiv id or URL" in capsys.readouterr().err
    body = tmp_path / "body.md"
    body.write_text(BODY, encoding="utf-8")
    assert main(["form", "parse", "--body-file", str(body)]) == 0


def test_update_rewrites_only_the_options(tmp_path, capsys):
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    form = tmp_path / "add-paper.yml"
    original = FORM.read_bytes()
    form.write_bytes(original)
    (docs / "papers" / "new-topic.md").write_text("---\ntitle: \"A new: topic\"\norder: 1\npapers: []\n---\n", encoding="utf-8")
    (docs / "papers" / "misc.md").unlink()

    [problem] = form_problems(docs, form)
    assert problem.line == FORM.read_text(encoding="utf-8").splitlines().index("      options:") + 1
    assert "missing 'A new: topic (papers/new-topic.md)'" in problem.message and "no longer a category '기타 (papers/misc.md)'" in problem.message
    assert main(["form", "check", "--form", str(form), "--docs", str(docs)]) == 1
    assert "run `mkdocs-diffusion form update`" in capsys.readouterr().out

    assert main(["form", "update", "--form", str(form), "--docs", str(docs)]) == 0
    new = form.read_bytes()
    assert form_problems(docs, form) == []
    old_lines, new_lines = original.decode().splitlines(True), new.decode().splitlines(True)
    start = old_lines.index("      options:\n") + 1
    old_end = next(i for i in range(start, len(old_lines)) if not old_lines[i].startswith("        - "))
    new_end = next(i for i in range(start, len(new_lines)) if not new_lines[i].startswith("        - "))
    assert new_lines[:start] == old_lines[:start] and new_lines[new_end:] == old_lines[old_end:]
    assert new_lines[start] == "        - 'A new: topic (papers/new-topic.md)'\n"  # quoted by the dumper
    assert main(["form", "update", "--form", str(form), "--docs", str(docs)]) == 0
    assert form.read_bytes() == new  # nothing more to do


@pytest.mark.parametrize("options", ["options: []", "options: [a, b]  # soon"])
def test_update_flow_options(options):
    text = textwrap.dedent(f"""\
        name: x
        body:
          - type: dropdown
            id: category
            attributes:
              label: C
              {options}
        """)
    new = update_form(text, ["A (papers/a.md)", "B (papers/b.md)"])
    tail = "  # soon" if "soon" in options else ""
    assert new.endswith(f"      options:{tail.replace('  ', ' ')}\n        - A (papers/a.md)\n        - B (papers/b.md)\n")
    assert category_options(REPO / "docs")[0] == "Must-read papers (papers/must-read-papers.md)"
