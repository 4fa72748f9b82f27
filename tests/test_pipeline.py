"""One pipeline: `check` reads the files the build reads (through MkDocs' own file list and the
site's mkdocs.yml) and reports the same problems; the installed CLI's commands and exit codes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import category, entry
from mkdocs_diffusion.cli import check_site, main

BROKEN = "---\ntitle: Broken\npapers:\n  - title: X\n    authors: [A]\n    date: 2023-02-30\n    summary: s\n---\n"


def build_problems(site) -> list[str]:
    site.build()
    # the build log shows each problem's code after its message's first line; check's str() does not
    lines = [w.split("mkdocs_diffusion: ", 1)[-1] for w in site.warnings if w.startswith("mkdocs_diffusion: ")]
    return sorted(re.sub(r" \[[a-z-]+\]($|\n)", r"\1", line, count=1) for line in lines)


def check_problems(site) -> list[str]:
    result = check_site(None, site.root / "mkdocs.yml")
    return sorted(str(p) for p in result.problems)


def test_check_and_build_report_the_same_problems_on_the_same_files(site):
    site.config["exclude_docs"] = "lists/draft.md\n"
    site.plugin_options(papers_dir="lists")
    site.write("lists/good.md", category("Good", [entry("A paper", "2301.00001")]), dedent=False)
    site.write("lists/draft.md", BROKEN, dedent=False)  # excluded: neither reports it
    site.write("lists/.hidden.md", BROKEN, dedent=False)  # hidden: MkDocs skips it, so does check
    site.write("lists/other.markdown", BROKEN.replace("Broken", "Other"), dedent=False)  # Markdown too
    (site.docs / "lists" / "folder.md").mkdir()  # a folder is not a file
    site.write("papers/not-a-category.md", BROKEN.replace("Broken", "Plain"), dedent=False)  # papers_dir moved
    site.load()
    built = build_problems(site)
    checked = check_problems(site)
    assert built == checked
    assert any(p.startswith("lists/other.markdown:6: date:") for p in checked), checked
    assert not any("draft" in p or "hidden" in p or "papers/" in p for p in checked), checked


def test_two_category_files_with_one_url_are_an_error(site):
    site.write("papers/a.md", category("A", [entry("One", "2301.00001")]), dedent=False)
    site.write("papers/a/index.md", category("A again", [entry("Two", "2301.00002")]), dedent=False)
    site.load()
    checked = check_problems(site)
    assert checked == ["papers/a/index.md:1: file: would be published at the same URL (papers/a/) as papers/a.md; rename one of the two"]
    assert build_problems(site) == checked
    assert "One" in site.html("papers/a/index.html")


def test_symlink_loop_is_reported_not_followed(site, capsys):
    site.write("papers/a.md", category("A", [entry("One", "2301.00001")]), dedent=False)
    os.symlink("..", site.docs / "papers" / "loop")
    site.load()
    assert main(["check", "--config", str(site.root / "mkdocs.yml")]) == 2
    assert "papers/loop: symbolic link to a parent folder (a loop); remove it" in capsys.readouterr().err
    from mkdocs.exceptions import Abort, PluginError

    with pytest.raises((Abort, PluginError)):
        site.build()


def test_check_finds_mkdocs_yml_beside_the_docs_folder(site, monkeypatch):
    site.config["docs_dir"] = "content"
    site.plugin_options(papers_dir="lists")
    (site.root / "content" / "lists").mkdir(parents=True)
    (site.root / "content" / "lists" / "b.md").write_text(BROKEN, encoding="utf-8")
    site.load()
    monkeypatch.chdir(site.root)
    for argv in (["check"], ["check", "content"]):
        assert main(argv) == 1
    result = subprocess.run([sys.executable, "-m", "mkdocs_diffusion.cli", "check"], cwd=site.root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "content/lists/b.md:6: error: date:" in result.stdout, result.stdout + result.stderr


def test_enabled_false_leaves_the_category_files_out(site):
    site.write("index.md", "# Home\n")
    site.write("papers/a.md", category("A", [entry("One", "2301.00001")]), dedent=False)
    site.plugin_options(enabled=False)
    site.build()
    assert not (site.site / "papers" / "a").exists() and (site.site / "index.html").exists()


def test_installed_import_overwrites_only_with_force(tmp_path):
    exe = shutil.which("mkdocs-diffusion", path=str(Path(sys.executable).parent))
    assert exe, "the console script is installed with the package"
    readme = tmp_path / "README.md"
    readme.write_text("# List\n\n## Topic\n\n**A Paper Title**\\\n*Ada Lovelace*\\\narXiv 2023. [[Paper](https://arxiv.org/abs/2301.00001)]\\\n[Submitted on 1 Jan 2023]\n\nOne sentence.\n", encoding="utf-8")
    out = tmp_path / "docs"
    first = subprocess.run([exe, "import", str(readme), "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([exe, "import", str(readme), "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "--force" in again.stderr and again.stdout.strip().endswith("")
    forced = subprocess.run([exe, "import", str(readme), "--out", str(out), "--force"], capture_output=True, text=True, timeout=120)
    assert forced.returncode == 0, forced.stderr
    missing = subprocess.run([exe, "import", str(tmp_path / "nope.md"), "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_link_label_typos_warn_and_sites_declare_their_own(site):
    links = {"paper": "https://arxiv.org/abs/2301.00001", "paepr": "https://x.org/a", "code-2": "https://x.org/b", "weights": "https://x.org/c"}
    site.write("papers/a.md", category("A", [entry("One", links=links)]), dedent=False)
    site.load()
    checked = check_problems(site)
    assert checked == [
        "papers/a.md:8: links.paepr: unknown link label 'paepr': did you mean 'paper'? (a site can declare its own labels with the option link_labels)",
        "papers/a.md:8: links.weights: unknown link label 'weights': known labels: paper, code, project, video, website, demo, blog, slides, poster, "
        "talk, dataset, model, notebook, colab, supplementary, openreview, pdf (a site can declare its own labels with the option link_labels)",
    ], checked
    site.plugin_options(link_labels=["weights", "paepr"])
    site.load()
    assert check_problems(site) == build_problems(site) == []


def test_limits_are_options_of_the_site(site, capsys):
    site.write("papers/a.md", category("A", [entry("A title of forty-two characters, roughly", "2301.00001")]), dedent=False)
    site.plugin_options(limits={"max_title_chars": 20})
    site.load()
    checked = check_problems(site)
    assert any("title: is too long: 40 characters (limit 20 characters, option max_title_chars)" in p for p in checked), checked
    assert build_problems(site) == checked
    site.plugin_options(limits={"max_title_char": 20})
    from mkdocs.exceptions import Abort, PluginError

    with pytest.raises((Abort, PluginError)) as failure:
        site.build()
    assert "unknown limit 'max_title_char'" in str(failure.value) + " ".join(site.warnings)


def test_a_site_silences_warning_codes_in_the_build_and_in_check(site):
    links = {"paper": "https://arxiv.org/abs/2301.00001", "paepr": "https://x.org/a"}
    site.write("papers/a.md", category("A", [entry("One", links=links), entry("Two", "2301.00002", date="2023-02-30")]), dedent=False)
    site.plugin_options(ignore=["unknown-link-label", "yaml-syntax"])
    site.load()
    checked = check_problems(site)
    assert not any("paepr" in p for p in checked)
    assert any("is not a real date" in p for p in checked)  # errors are never ignored
    assert build_problems(site) == checked
