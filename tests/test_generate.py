"""``mkdocs-diffusion generate``: the plugin's pages as plain Markdown that other generators build.

The repo's site (its ``mkdocs.yml`` and ``docs/`` copied into a temporary folder) is built with
the plugin, and generated then built by plain MkDocs without the plugin: the same pages, with the
same headings. Generated for Zensical, Zensical builds every topic and paper page with its
entries (skipped, with the reason, where Zensical is not installed: ``pip install -e '.[compat]'``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from conftest import category, copy_repo_site, entry, mkdocs_build, unavailable
from mkdocs_diffusion.cli import main as cli_main
from mkdocs_diffusion.generate import MARKER, GenerateError, generate

# the maintenance notices of Material and of ProperDocs' plugins stay out of the output
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

BIN = Path(sys.executable).parent
def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html") if p.name != "404.html"}


HEADING = re.compile(r'<h([12])([^>]*)\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def headings(page: str) -> list[tuple[str, str, str]]:
    """(level, id, text) of each h1/h2 in the page's article."""
    start = page.find("<article")
    article = page[start:page.find("</article>", start)] if start >= 0 else page
    return [(level, anchor, re.sub(r"<[^>]+>|¶", "", text).strip()) for level, _, anchor, text in HEADING.findall(article)]


def primary_nav(page: str) -> str:
    start = page.index('class="md-sidebar md-sidebar--primary"')
    return page[start:page.index('class="md-sidebar md-sidebar--secondary"', start)]


@pytest.fixture(scope="module")
def repo_builds(tmp_path_factory):
    """The repo's site built with the plugin, and generated for MkDocs then built without it."""
    root = tmp_path_factory.mktemp("repo")
    config_file = copy_repo_site(root / "project")
    with_plugin = root / "with-plugin"
    assert not mkdocs_build(config_file, with_plugin)
    out = root / "generated"
    result = generate(config_file, out, target="mkdocs")
    without = root / "without-plugin"
    warnings = mkdocs_build(out / "mkdocs.yml", without, strict=True)
    return {"with": with_plugin, "without": without, "out": out, "result": result, "warnings": warnings, "config": config_file}


def test_plain_mkdocs_builds_the_same_pages_with_the_same_headings(repo_builds):
    config = load_config(config_file=str(repo_builds["out"] / "mkdocs.yml"))
    assert "diffusion" not in config.plugins  # built without the plugin
    assert not repo_builds["warnings"]
    plugin_pages, plain_pages = html_pages(repo_builds["with"]), html_pages(repo_builds["without"])
    assert set(plain_pages) == set(plugin_pages)
    assert len(plugin_pages) > 100
    for path, page in plugin_pages.items():
        assert headings(plain_pages[path]) == headings(page), path
    entries = headings(plugin_pages["papers/image-editing/index.html"])
    assert len([h for h in entries if h[0] == "2"]) > 10
    assert (repo_builds["without"] / "papers.json").is_file()
    assert (repo_builds["without"] / "assets" / "mkdocs_diffusion" / "filter.js").is_file()


def test_plain_mkdocs_gets_the_same_article_and_navigation(repo_builds):
    """Beyond headings: summaries, links and the navigation are the plugin's (the edit link of a
    page made from the whole catalog or of a paper page names the generated file instead; the
    plugin's paper pages also mark their category in the navigation, which plain MkDocs cannot)."""
    plugin_pages, plain_pages = html_pages(repo_builds["with"]), html_pages(repo_builds["without"])
    edit = re.compile(r'<a href="[^"]*/edit/[^"]*"[^>]*rel="edit">.*?</a>', re.S)
    for path in ("papers/image-editing/index.html", "index.html", "all-papers/index.html", "updates/index.html", "stats/index.html",
                 "paper/2302.12469/index.html", "resources/posts/index.html"):
        article = re.search(r"<article.*?</article>", plugin_pages[path], re.S).group(0)
        plain = re.search(r"<article.*?</article>", plain_pages[path], re.S).group(0)
        assert " ".join(edit.sub("", plain).split()) == " ".join(edit.sub("", article).split()), path
        if not path.startswith("paper/"):  # a paper page marks its category in the nav only with the plugin
            assert primary_nav(plain_pages[path]) == primary_nav(plugin_pages[path]), path


def test_nav_snippet_is_the_plugins_order(repo_builds):
    snippet = yaml.safe_load((repo_builds["out"] / "nav.yml").read_text(encoding="utf-8"))
    nav = snippet["nav"]
    assert nav[0] == "index.md" and nav[1] == "updates.md" and nav[-2:] == ["all-papers.md", "stats.md"]
    (papers_title, papers), = nav[2].items()
    assert papers_title == "주제별 논문"
    assert papers[0] == "papers/must-read-papers.md"  # order: 1
    assert snippet["extra_css"] == ["assets/mkdocs_diffusion/diffusion.css"]
    assert snippet["extra_javascript"] == ["assets/mkdocs_diffusion/filter.js"]
    assert snippet["not_in_nav"] == "/paper/\n"
    # the plugin's site lists the topics in this order
    nav_html = primary_nav(html_pages(repo_builds["with"])["papers/must-read-papers/index.html"])
    titles = [yaml.safe_load((repo_builds["out"] / "docs" / p).read_text(encoding="utf-8").split("---")[1])["title"] for p in papers]
    positions = [nav_html.index(f"{t}\n") for t in titles]
    assert positions == sorted(positions)


def test_front_matter_is_the_page_metadata(repo_builds):
    docs = repo_builds["out"] / "docs"
    text = (docs / "paper" / "2302.12469.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    assert meta["title"] == "Unsupervised Discovery of Semantic Latent Directions in Diffusion Models"
    assert meta["search"] == {"exclude": True}
    assert isinstance(meta["added"], str)  # a date stays text, as the plugin gives it
    # every summary placeholder was replaced by its HTML
    for page in docs.rglob("*.md"):
        body = page.read_text(encoding="utf-8")
        assert "data-mdd-block" not in body, page
    assert '<div class="mdd-summary"><p>' in text
    # the site's own pages are copied, with the home marker filled in
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert "<!-- diffusion:stats -->" not in home and "mdd-stats" in home
    assert not (docs / "papers" / "image-editing.md").read_text(encoding="utf-8").count("papers:\n")  # no category data left
    document = json.loads((docs / "papers.json").read_text(encoding="utf-8"))
    assert document["count"] == len(list((docs / "paper").glob("*.md")))


def test_zensical_builds_every_topic_and_paper_page(tmp_path):
    zensical = shutil.which("zensical", path=str(BIN))
    if zensical is None:
        unavailable("Zensical is not installed here: pip install -e '.[compat]' (zensical==0.0.73; 0.0.74 and later need zensical-ui)")
    try:
        version = subprocess.run([zensical, "--version"], capture_output=True, text=True, timeout=120)
    except OSError as error:
        version = None
        unavailable(f"Zensical does not run here: {error}")
    if version.returncode != 0:
        unavailable(f"Zensical does not run here: {(version.stderr or version.stdout).strip()[-500:]}")
    config_file = copy_repo_site(tmp_path / "project")
    out = tmp_path / "generated"
    generate(config_file, out, target="zensical")
    result = subprocess.run([zensical, "build", "--strict", "-f", str(out / "mkdocs.yml")], capture_output=True, text=True, timeout=600, cwd=out)
    assert result.returncode == 0, result.stderr + result.stdout
    site = out / "site"
    docs = out / "docs"
    topics = sorted(p.relative_to(docs).with_suffix("").as_posix() for folder in ("papers", "resources") for p in (docs / folder).glob("*.md"))
    assert len(topics) == 19
    for topic in topics:
        assert (site / topic / "index.html").is_file(), topic
    document = json.loads((docs / "papers.json").read_text(encoding="utf-8"))
    pages: dict[str, str] = {}

    def page(url: str) -> str:
        if url not in pages:
            pages[url] = (site / url / "index.html").read_text(encoding="utf-8")
        return pages[url]

    for paper in document["papers"]:
        assert paper["url"], paper["key"]
        assert headings(page(paper["url"]))[0][2], paper["url"]  # the paper page, with its title
        for listing in paper["categories"]:
            url, anchor = listing["url"].split("#")
            assert f'id="{anchor}"' in page(url), listing["url"]
    image_editing = page("papers/image-editing/")
    assert image_editing.count('<div class="mdd-summary"><p>') == image_editing.count('class="mdd-entry"') > 10
    # links inside raw HTML went through Zensical's resolution: no link to a Markdown file is left
    all_papers = page("all-papers/")
    assert "\n../paper/2302.12469/\x1f" in all_papers  # a row of the page's row text: the final URL, for the filter script
    assert not re.search(r'href="[^":]*\.md[#"]', all_papers + image_editing)


# -- smaller sites ---------------------------------------------------------------------------------

LINKED = category("Alpha", [entry("Alpha paper", "2301.00001", added="2023-01-02", tags=["a&b", "x"], summary="See [beta](beta.md#beta-paper) and [home](../index.md).")])
BETA = category("Beta: \"quoted\" & <b>", [entry("Beta paper", "2301.00002", summary="Beta.")])


def test_summary_links_and_escaped_metadata_for_both_generators(site, tmp_path):
    site.write("index.md", "# Home\n")
    site.write("papers/alpha.md", LINKED, dedent=False)
    site.write("papers/beta.md", BETA, dedent=False)
    site.build(strict=True)
    plugin_html = site.html("paper/2301.00001/index.html")
    generate(site.root / "mkdocs.yml", tmp_path / "for-mkdocs", target="mkdocs")
    generate(site.root / "mkdocs.yml", tmp_path / "for-zensical", target="zensical")
    mk = (tmp_path / "for-mkdocs" / "docs" / "paper" / "2301.00001.md").read_text(encoding="utf-8")
    zn = (tmp_path / "for-zensical" / "docs" / "paper" / "2301.00001.md").read_text(encoding="utf-8")
    # MkDocs leaves raw HTML alone: the final URL, as the plugin writes it
    assert 'href="../../papers/beta/#beta-paper"' in mk and 'href="../../papers/beta/#beta-paper"' in plugin_html
    assert 'href="../../"' in mk
    # Zensical resolves links in raw HTML from the source file
    assert 'href="../papers/beta.md#beta-paper"' in zn and 'href="../index.md"' in zn
    meta = yaml.safe_load((tmp_path / "for-mkdocs" / "docs" / "papers" / "beta.md").read_text(encoding="utf-8").split("---\n", 2)[1])
    assert meta["title"] == "Beta: &quot;quoted&quot; &amp; &lt;b&gt;"  # as the plugin gives it to themes
    alpha = yaml.safe_load(mk.split("---\n", 2)[1])
    assert alpha["tags"] == ["a&amp;b", "x"] and alpha["added"] == "2023-01-02"
    # plain MkDocs builds it strictly, with the plugin's links
    warnings = mkdocs_build(tmp_path / "for-mkdocs" / "mkdocs.yml", tmp_path / "for-mkdocs" / "site", strict=True)
    assert not warnings
    built = (tmp_path / "for-mkdocs" / "site" / "paper" / "2301.00001" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../papers/beta/#beta-paper"' in built
    assert "<title>Beta: &quot;quoted&quot; &amp; &lt;b&gt; - Test list</title>" in (tmp_path / "for-mkdocs" / "site" / "papers" / "beta" / "index.html").read_text(encoding="utf-8")


def test_output_folder_is_checked_and_replaced(site, tmp_path, capsys):
    site.write("index.md", "# Home\n")
    site.write("papers/beta.md", BETA, dedent=False)
    site.load()
    config_file = str(site.root / "mkdocs.yml")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine", encoding="utf-8")
    assert cli_main(["generate", "-f", config_file, "--out", str(busy)]) == 2
    assert "not empty" in capsys.readouterr().err and (busy / "keep.txt").exists()
    with pytest.raises(GenerateError):
        generate(site.root / "mkdocs.yml", site.docs / "out")  # inside the docs
    with pytest.raises(GenerateError):
        generate(site.root / "mkdocs.yml", site.root)  # the project itself
    out = tmp_path / "out"
    assert cli_main(["generate", "-f", config_file, "--out", str(out)]) == 0
    assert (out / MARKER).is_file() and (out / "docs" / "papers" / "beta.md").is_file()
    assert "pages generated" in capsys.readouterr().err
    site.write("papers/beta.md", category("Gamma", [entry("Gamma paper", "2301.00003")]), dedent=False)
    (out / "docs" / "stale.md").write_text("old", encoding="utf-8")
    assert cli_main(["generate", "-f", config_file, "--out", str(out), "--for", "zensical"]) == 0
    assert not (out / "docs" / "stale.md").exists()  # a previous output is emptied first
    assert (out / "docs" / "paper" / "2301.00003.md").is_file() and not (out / "docs" / "paper" / "2301.00002.md").exists()
