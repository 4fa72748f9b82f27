"""``mkdocs gh-deploy`` of the repository's site into a local bare repository.

The same command as the deploy workflow (``mkdocs gh-deploy --force --strict``) runs in a copy
of the project (mkdocs.yml and docs/) that is a git repository whose ``origin`` is a bare
repository in ``tmp_path``: nothing leaves the machine. The pushed ``gh-pages`` branch must hold
the site, the feeds and ``papers.json`` with every paper of the list.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import load_catalog

REPO = Path(__file__).resolve().parents[1]
CONTROLNET = "2302.05543"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git_env(home: Path) -> dict:
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("GIT_"):  # e.g. GIT_DIR from a hook would point at the real repository
            del env[name]
    env.update(
        NO_MKDOCS_2_WARNING="1",
        HOME=str(home),  # no global git configuration (signing, hooks, url rewrites) applies
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test Deployer",
        GIT_AUTHOR_EMAIL="deployer@example.org",
        GIT_COMMITTER_NAME="Test Deployer",
        GIT_COMMITTER_EMAIL="deployer@example.org",
        GIT_TERMINAL_PROMPT="0",
    )
    return env


def _run(args: list[str], cwd: Path, env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
    return result





@pytest.fixture
def deployed(tmp_path):
    """(remote git dir, env, project dir) after ``mkdocs gh-deploy`` of a copy of the project."""
    home = tmp_path / "home"
    home.mkdir()
    env = _git_env(home)
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    for extra in ("overrides",):  # a theme custom_dir, if the project gets one
        if (REPO / extra).is_dir():
            shutil.copytree(REPO / extra, project / extra)
    remote = tmp_path / "remote.git"

    git = ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
    _run(["git", "init", "--bare", "-q", str(remote)], tmp_path, env)
    _run(git + ["init", "-q"], project, env)
    _run(git + ["add", "-A"], project, env)
    _run(git + ["commit", "-q", "-m", "The list"], project, env)
    _run(git + ["remote", "add", "origin", str(remote)], project, env)
    _run(git + ["push", "-q", "origin", "main"], project, env)

    result = _run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--strict", "-f", "mkdocs.yml"],
        project, env,
    )
    return remote, env, project, result


def _remote_git(remote: Path, env: dict, *args: str) -> str:
    return _run(["git", "--git-dir", str(remote), *args], remote.parent, env).stdout


def test_gh_deploy_pushes_the_site_to_gh_pages(deployed):
    remote, env, project, result = deployed
    branches = _remote_git(remote, env, "for-each-ref", "--format=%(refname:short)", "refs/heads").split()
    assert sorted(branches) == ["gh-pages", "main"]
    names = set(_remote_git(remote, env, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())

    for name in ("index.html", "404.html", ".nojekyll", "feed_rss_created.xml", "feed_json_created.json",
                 "papers.json", "sitemap.xml", "search/search_index.json", "updates/index.html",
                 "papers/must-read-papers/index.html", "papers/math-based-improvements/index.html",
                 f"paper/{CONTROLNET}/index.html"):
        assert name in names, f"{name} is not on gh-pages"
    # the sources and the build directory's neighbours are not published
    assert not any(n.endswith(".md") or n.startswith(("docs/", "site/")) or n == "mkdocs.yml" for n in names)

    # the commit message names the source commit, as mkdocs gh-deploy does
    source = _run(["git", "rev-parse", "HEAD"], project, env).stdout.strip()
    message = _remote_git(remote, env, "log", "-1", "--format=%B", "gh-pages")
    assert source[:7] in message or source in message, message
    # the source branch is untouched
    assert _remote_git(remote, env, "rev-parse", "main").strip() == source

    # every paper of the list is in papers.json, with a page on gh-pages
    document = json.loads(_remote_git(remote, env, "show", "gh-pages:papers.json"))
    catalog = load_catalog(project / "docs")
    assert document["count"] == len(catalog.papers) == len(document["papers"])
    assert {p["key"] for p in document["papers"]} == {p.key for p in catalog.papers}
    assert {p["title"] for p in document["papers"]} == {p.first.title for p in catalog.papers}
    for paper in document["papers"]:
        assert paper["url"] and paper["url"] + "index.html" in names, paper["key"]
        for listing in paper["categories"]:
            assert listing["url"].split("#")[0] + "index.html" in names, listing["url"]

    # the RSS feed is on gh-pages and well-formed
    import xml.etree.ElementTree as ET

    feed = ET.fromstring(_remote_git(remote, env, "show", "gh-pages:feed_rss_created.xml").encode("utf-8"))
    assert feed.tag == "rss" and feed.findall("./channel/item")


def test_gh_deploy_again_replaces_the_branch(deployed):
    """A second deploy after a change to the list replaces gh-pages (--force) with the new site."""
    remote, env, project, _ = deployed
    first = _remote_git(remote, env, "rev-parse", "gh-pages").strip()
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n\nDEPLOY-MARKER-2\n", encoding="utf-8")
    git = ["git", "-c", "commit.gpgsign=false"]
    _run(git + ["commit", "-q", "-am", "Change the home page"], project, env)
    _run([sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--strict", "-f", "mkdocs.yml"], project, env)
    second = _remote_git(remote, env, "rev-parse", "gh-pages").strip()
    assert second != first
    assert "DEPLOY-MARKER-2" in _remote_git(remote, env, "show", "gh-pages:index.html")
    assert "DEPLOY-MARKER-2" not in _remote_git(remote, env, "show", f"{first}:index.html")


def test_gh_deploy_refuses_a_site_with_errors_and_pushes_nothing(deployed):
    """The README's slip (an unquoted colon in a title) must not reach gh-pages, even without
    --strict; publish_with_errors: true is the explicit way to publish anyway."""
    remote, env, project, _ = deployed
    before = _remote_git(remote, env, "rev-parse", "gh-pages").strip()
    path = project / "docs" / "papers" / "image-editing.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: InstructPix2Pix: Learning ", 2).replace("title: InstructPix2Pix: Learning ", "title: ", 1), encoding="utf-8")
    git = ["git", "-c", "commit.gpgsign=false"]
    _run(git + ["commit", "-q", "-am", "A slip"], project, env)
    args = [sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "-f", "mkdocs.yml"]
    refused = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode != 0
    assert "not deploying" in refused.stderr and "docs/papers/image-editing.md" not in refused.stderr
    assert "papers/image-editing.md:" in refused.stderr and "publish_with_errors" in refused.stderr
    assert _remote_git(remote, env, "rev-parse", "gh-pages").strip() == before  # nothing pushed

    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - diffusion:\n", "  - diffusion:\n      publish_with_errors: true\n", 1), encoding="utf-8")
    _run(args, project, env)
    assert _remote_git(remote, env, "rev-parse", "gh-pages").strip() != before
