"""The plugins people combine with ours, each proven on a build of the repo's own site.

The repo's ``mkdocs.yml`` and ``docs/`` are copied into a temporary folder and built with the
plugins of the ``compat`` extra (``pip install -e '.[compat]'``): Material's ``tags``,
mkdocs-redirects (before and after ``diffusion``), mkdocs-minify-plugin and MkDocs' own
``validation`` options under ``--strict`` in one build; git-revision-date-localized (in a
temporary git repository) and mkdocs-redirects after ``diffusion`` in another; mkdocs-static-i18n
with a second language folder in a third. Each build runs once (module fixtures).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build, unavailable
from mkdocs_diffusion.generate import dump_config_yaml, load_config_yaml

# the maintenance notices of Material and of ProperDocs' plugins stay out of the output
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

EDITING_ENTRY = "  - title: Unsupervised Discovery of Semantic Latent Directions in Diffusion Models\n"
EDITING_ANCHOR = "unsupervised-discovery-of-semantic-latent-directions-in-diffusion-models"


def need(module: str, package: str):
    """Import ``module``; skip without it here, fail in CI (the test extra installs it)."""
    try:
        return __import__(module)
    except ImportError:
        unavailable(f"{package} is not installed: pip install -e '.[compat]'")


def repo_site(root: Path, plugins: list, **settings) -> Path:
    """The repo's site in ``root`` with ``plugins`` (``"diffusion"`` stands for the repo's own
    entry, with its options) and other top-level ``settings``; one entry of image-editing.md
    gets tags."""
    shutil.copytree(REPO / "docs", root / "docs")
    editing = root / "docs" / "papers" / "image-editing.md"
    text = editing.read_text(encoding="utf-8")
    assert EDITING_ENTRY in text
    editing.write_text(text.replace(EDITING_ENTRY, EDITING_ENTRY + "    tags: [editing, riemannian geometry]\n", 1), encoding="utf-8")
    data = load_config_yaml((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    ours = next(p for p in data["plugins"] if p == "diffusion" or (isinstance(p, dict) and "diffusion" in p))
    data["plugins"] = [ours if p == "diffusion" else p for p in plugins]
    data.update(settings)
    (root / "mkdocs.yml").write_text(dump_config_yaml(data), encoding="utf-8")
    return root / "mkdocs.yml"


def run_build(config_file: Path) -> tuple[Path, list[str]]:
    """Build as ``mkdocs build --strict`` does: (site folder, warnings). The build goes on after a
    warning so that the test shows them all; any warning but a problem of the category files'
    content fails the test, as it would fail the strict build."""
    site = config_file.parent / "site"
    return site, mkdocs_build(config_file, site)


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


REDIRECTS = {"old/editing.md": "papers/image-editing.md", "old/paper.md": "paper/2302.12469.md", "old/updates.md": "updates.md"}

# MkDocs' validation of links and nav at the strictest: every problem a warning
VALIDATION = {
    "nav": {"omitted_files": "warn", "not_found": "warn", "absolute_links": "warn"},
    "links": {"not_found": "warn", "absolute_links": "warn", "unrecognized_links": "warn", "anchors": "warn"},
}


@pytest.fixture(scope="module")
def material_build(tmp_path_factory):
    """Material's tags, mkdocs-redirects listed before ``diffusion``, the feeds, minify, and
    MkDocs' validation."""
    need("mkdocs_redirects", "mkdocs-redirects")
    need("mkdocs_minify_plugin", "mkdocs-minify-plugin")
    root = tmp_path_factory.mktemp("material")
    plugins = [
        {"search": {"lang": ["ko", "en"]}},
        {"redirects": {"redirect_maps": REDIRECTS}},  # before ours: it lists the pages in on_files
        "diffusion",
        {"tags": {}},
        {"rss": {"match_path": "paper/.*", "use_git": False, "date_from_meta": {"as_creation": "added", "as_update": "added", "datetime_format": "%Y-%m-%d"}}},
        {"minify": {"minify_html": True, "minify_css": True, "minify_js": True,
                    "css_files": ["assets/mkdocs_diffusion/diffusion.css"], "js_files": ["assets/mkdocs_diffusion/filter.js"]}},
    ]
    config_file = repo_site(root, plugins, validation=VALIDATION)
    (root / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    return run_build(config_file)


def test_material_tags_index_lists_our_entries_tags(material_build):
    site, warnings = material_build
    assert not warnings
    index = read(site, "tags/index.html")
    assert re.search(r'id="?tag:riemannian-geometry', index) and re.search(r'id="?tag:editing', index)
    # the tag index links the topic page and the paper page of the tagged entry (minified HTML:
    # attribute values without quotes)
    assert re.search(r'href="?\.\./papers/image-editing/[" >]', index)
    assert re.search(r'href="?\.\./paper/2302\.12469/[" >]', index)
    # and both pages show their tags (Material's tags partial)
    tags_nav = re.compile(r'<nav class="?md-tags')
    assert tags_nav.search(read(site, "papers/image-editing/index.html"))
    assert tags_nav.search(read(site, "paper/2302.12469/index.html"))
    assert not tags_nav.search(read(site, "papers/fast-sampling/index.html"))


def test_redirects_listed_before_diffusion_reach_generated_pages(material_build):
    site, _ = material_build
    assert 'url=../../papers/image-editing/"' in read(site, "old/editing/index.html")
    assert 'url=../../paper/2302.12469/"' in read(site, "old/paper/index.html")
    assert 'url=../../updates/"' in read(site, "old/updates/index.html")


def test_minify_and_strict_validation(material_build):
    site, warnings = material_build
    assert not warnings  # validation: every link, anchor and nav entry of the generated pages is sound
    page = read(site, "papers/image-editing/index.html")
    assert page.count("\n") < 50  # minified HTML
    assert f"id={EDITING_ANCHOR}" in page.replace('"', "") and "class=mdd-summary" in page.replace('"', "")
    css = site / "assets" / "mkdocs_diffusion" / "diffusion.min.css"
    assert css.is_file() and len(css.read_text(encoding="utf-8").splitlines()) <= 2
    assert (site / "assets" / "mkdocs_diffusion" / "filter.min.js").is_file()
    assert "assets/mkdocs_diffusion/diffusion.min.css" in page and "assets/mkdocs_diffusion/filter.min.js" in page
    assert json.loads(read(site, "papers.json"))["count"] > 50
    assert (site / "feed_rss_created.xml").is_file()


@pytest.fixture(scope="module")
def git_build(tmp_path_factory):
    """git-revision-date-localized in a git repository whose category files were last changed
    on known dates; mkdocs-redirects listed after ``diffusion``."""
    need("mkdocs_git_revision_date_localized_plugin", "mkdocs-git-revision-date-localized-plugin")
    need("mkdocs_redirects", "mkdocs-redirects")
    root = tmp_path_factory.mktemp("git")
    plugins = [
        {"search": {"lang": ["ko", "en"]}},
        "diffusion",
        {"git-revision-date-localized": {"type": "iso_date", "enable_creation_date": True, "fallback_to_build_date": False}},
        {"redirects": {"redirect_maps": REDIRECTS}},
    ]
    config_file = repo_site(root, plugins)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "all", date="2021-03-04T12:00:00+00:00")
    editing = root / "docs" / "papers" / "image-editing.md"
    editing.write_text(editing.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "editing", date="2022-05-06T12:00:00+00:00")
    return run_build(config_file)


def test_topic_and_paper_pages_show_their_category_files_git_dates(git_build):
    site, warnings = git_build
    assert not warnings
    editing = read(site, "papers/image-editing/index.html")
    assert "2022-05-06" in editing and "2021-03-04" in editing  # last change, and creation
    assert "2022-05-06" not in read(site, "papers/fast-sampling/index.html")
    assert "2021-03-04" in read(site, "papers/fast-sampling/index.html")
    # a paper page dates from the category file its first listing is in (its edit link's)
    first_in = {"image-editing": [], "stable-diffusion-freeze": []}
    for page in sorted((site / "paper").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        for name, pages in first_in.items():
            if re.search(rf'href="[^"]*/edit/main/docs/papers/{name}\.md"[^>]*rel="edit"', text):  # the page's edit button (each listing has its own link)
                pages.append(text)
    assert first_in["image-editing"] and first_in["stable-diffusion-freeze"]
    assert all("2022-05-06" in text for text in first_in["image-editing"])
    assert not any("2022-05-06" in text for text in first_in["stable-diffusion-freeze"])


def test_redirects_listed_after_diffusion(git_build):
    site, _ = git_build
    assert 'url=../../papers/image-editing/"' in read(site, "old/editing/index.html")
    assert 'url=../../paper/2302.12469/"' in read(site, "old/paper/index.html")


@pytest.fixture(scope="module")
def i18n_build(tmp_path_factory):
    """mkdocs-static-i18n, folder structure: Korean (default) at the root, an English folder."""
    need("mkdocs_static_i18n", "mkdocs-static-i18n")
    root = tmp_path_factory.mktemp("i18n")
    plugins = [
        {"search": {"lang": ["ko", "en"]}},
        {"i18n": {"docs_structure": "folder", "languages": [
            {"locale": "ko", "default": True, "name": "한국어"},
            {"locale": "en", "name": "English"},
        ]}},
        "diffusion",
    ]
    config_file = repo_site(root, plugins)
    # the i18n plugin's language switcher warns about navigation.instant (its own limitation)
    data = load_config_yaml(config_file.read_text(encoding="utf-8"))
    data["theme"]["features"] = [f for f in data["theme"]["features"] if f != "navigation.instant"]
    config_file.write_text(dump_config_yaml(data), encoding="utf-8")
    (root / "docs" / "en").mkdir()
    (root / "docs" / "en" / "index.md").write_text("# English home\n\nThe list in Korean, with English words around it.\n", encoding="utf-8")
    return run_build(config_file)


def test_static_i18n_builds_a_second_language(i18n_build):
    site, warnings = i18n_build
    assert not warnings
    for prefix in ("", "en/"):
        topic = read(site, f"{prefix}papers/image-editing/index.html")
        assert f'id="{EDITING_ANCHOR}"' in topic, prefix
        assert topic.count('<div class="mdd-summary"><p>') > 10, prefix
        assert "<h1" in read(site, f"{prefix}paper/2302.12469/index.html"), prefix
        for page in ("updates", "all-papers", "stats"):
            assert (site / f"{prefix}{page}" / "index.html").is_file(), prefix + page
    assert "English home" in read(site, "en/index.html")
    # the English site's words are the plugin's English ones, its links stay in /en/
    assert ">New updates<" in read(site, "en/updates/index.html") or "New updates" in read(site, "en/updates/index.html")
    assert 'href="../../paper/2302.12469/"' in read(site, "en/papers/image-editing/index.html")
    assert (site / "assets" / "mkdocs_diffusion" / "diffusion.css").is_file()
    # each language's papers.json points into its own site
    assert json.loads(read(site, "papers.json"))["papers"][0]["url"].startswith("paper/")
    assert json.loads(read(site, "en/papers.json"))["papers"][0]["url"].startswith("en/paper/")


def test_properdocs_finds_the_plugin_in_its_own_entry_point_group():
    """ProperDocs reads ``properdocs.plugins`` first (then MkDocs' ``mkdocs.plugins``): the
    plugin is registered in both (pyproject.toml; a reinstall registers a new entry point)."""
    need("properdocs", "ProperDocs")
    from properdocs import plugins
    found = plugins.get_plugins()["diffusion"]
    assert found.group == "properdocs.plugins"
    assert found.value == "mkdocs_diffusion.plugin:DiffusionPlugin"
