"""Building real sites through MkDocs with the plugin, asserting on the written HTML."""

from __future__ import annotations

import re

from conftest import category, entry

EDITING = """\
---
title: Image Editing
description: 실제 이미지를 편집하는 방법
order: 2
papers:
  - title: "Null-text Inversion for Editing Real Images using Guided Diffusion Models"
    authors: [Ron Mokady, Amir Hertz, Kfir Aberman]
    venue: arXiv 2022
    date: 2022-11-17
    added: 2022-12-23
    links:
      paper: https://arxiv.org/abs/2211.09794
      code: https://github.com/google/prompt-to-prompt
    tags: [inversion]
    summary: |
      별도의 model fine-tuning 없이 **real image** 를 편집함. 수식 $\\mathbf{A}$ 도 가능.
  - title: "Prompt-to-Prompt Image Editing with Cross Attention Control"
    authors: Amir Hertz, Ron Mokady
    links: {paper: "https://arxiv.org/abs/2208.01626"}
    summary: cross attention map 을 바꿔 편집.
---

편집 분류 소개 문단입니다.
"""

GENERATION = category("Image Generation", [entry("Classifier-Free Diffusion Guidance", "2207.12598")], order=1)


def test_topic_page_per_category_with_stable_anchors(site):
    site.write("index.md", "# Home\n")
    site.write("papers/image-editing.md", EDITING, dedent=False)
    site.write("papers/image-generation.md", GENERATION, dedent=False)
    site.build(strict=True)

    html = site.html("papers/image-editing/index.html")
    assert '<h1 id="image-editing">Image Editing<a class="headerlink"' in html
    assert 'id="null-text-inversion-for-editing-real-images-using-guided-diffusion-models"' in html
    assert 'id="prompt-to-prompt-image-editing-with-cross-attention-control"' in html
    assert "Ron Mokady, Amir Hertz, Kfir Aberman" in html
    assert "arXiv 2022" in html and "2022-11-17" in html
    assert 'href="https://arxiv.org/abs/2211.09794"' in html
    assert 'href="https://github.com/google/prompt-to-prompt"' in html
    assert "<strong>real image</strong>" in html  # the summary is Markdown
    assert "편집 분류 소개 문단입니다." in html  # the category's prose
    assert "실제 이미지를 편집하는 방법" in html
    # the table of contents lists every paper
    toc = html[html.index('class="md-nav md-nav--secondary"'):]
    assert 'href="#prompt-to-prompt-image-editing-with-cross-attention-control"' in toc
    # comma-separated authors were split
    assert "Amir Hertz, Ron Mokady" in html

    # a second build gives the same anchors
    first = re.findall(r'<h2 id="([^"]+)"', html)
    site.build(strict=True)
    assert re.findall(r'<h2 id="([^"]+)"', site.html("papers/image-editing/index.html")) == first


def test_nav_follows_order_then_title(site):
    site.write("index.md", "# Home\n")
    site.write("papers/a-zeta.md", category("Zeta", [entry("Z paper", "2301.00001")]), dedent=False)
    site.write("papers/b-alpha.md", category("Alpha", [entry("A paper", "2301.00002")]), dedent=False)
    site.write("papers/c-second.md", category("Second", [entry("S paper", "2301.00003")], order=2), dedent=False)
    site.write("papers/d-first.md", category("First", [entry("F paper", "2301.00004")], order=1), dedent=False)
    site.build(strict=True)
    html = site.html("index.html")
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    positions = [nav.index(f">{t}<") if f">{t}<" in nav else nav.index(t) for t in ("First", "Second", "Alpha", "Zeta")]
    assert positions == sorted(positions)
    # paper pages are not in the navigation
    assert "Z paper" not in nav


def test_edit_link_opens_category_source(site):
    site.write("index.md", "# Home\n")
    site.write("papers/image-editing.md", EDITING, dedent=False)
    site.build(strict=True)
    html = site.html("papers/image-editing/index.html")
    assert 'href="https://github.com/example/list/edit/main/docs/papers/image-editing.md"' in html
    paper = site.html("paper/2211.09794/index.html")
    assert 'href="https://github.com/example/list/edit/main/docs/papers/image-editing.md"' in paper


def test_never_writes_into_docs(site):
    site.write("index.md", "# Home\n")
    site.write("papers/image-editing.md", EDITING, dedent=False)
    before = sorted((p.relative_to(site.docs), p.stat().st_mtime_ns) for p in site.docs.rglob("*"))
    site.build(strict=True)
    after = sorted((p.relative_to(site.docs), p.stat().st_mtime_ns) for p in site.docs.rglob("*"))
    assert before == after


def test_generated_pages_have_a_real_source_file(site):
    """Plugins such as mkdocs-rss-plugin read page.file.abs_src_path: never None, always a file."""
    site.write("index.md", "# Home\n")
    site.write("papers/image-editing.md", EDITING, dedent=False)
    seen = {}
    seen_files = []

    from pathlib import Path

    from mkdocs.plugins import BasePlugin

    class Probe(BasePlugin):
        def on_page_content(self, html, page, config, files):
            seen[page.file.src_uri] = page.file.abs_src_path
            seen_files.append(Path(page.file.abs_src_path).is_file())

    config = site.load()
    config.plugins["probe"] = Probe()
    site.build(config=config)
    generated = {k: v for k, v in seen.items() if k != "index.md"}
    source = str(site.docs / "papers" / "image-editing.md")
    # topic and paper pages name the category file they are made from
    assert generated["papers/image-editing.md"] == source
    assert generated["paper/2211.09794.md"] == source
    # pages made from the whole catalog are real files in the plugin's temporary folder
    for src in ("updates.md", "all-papers.md", "stats.md"):
        assert generated[src] is not None and str(site.docs) not in generated[src], src
    assert seen_files and all(seen_files)  # each existed while the page was built


def test_broken_entry_reported_with_file_line_field(site):
    site.write("index.md", "# Home\n")
    site.write(
        "papers/broken.md",
        """\
        ---
        title: Broken
        papers:
          - title: Good paper
            authors: [A]
            summary: fine
          - title: Bad paper
            auhtors: [B]
            summary: oops
        ---
        """,
    )
    warnings = site.build_fails()
    text = "\n".join(warnings)
    assert "papers/broken.md:8: auhtors: unknown field 'auhtors' (did you mean 'authors'?)" in text
    assert "papers/broken.md:7: authors: required field is missing" in text
    # without --strict only the bad entry is left out
    site.build(strict=False)
    html = site.html("papers/broken/index.html")
    assert "Good paper" in html and "Bad paper" not in html


def test_disabled_plugin_builds_nothing_of_its_own(site):
    site.write("index.md", "# Home\n")
    site.plugin_options(enabled=False)
    site.build()
    assert not (site.site / "papers.json").exists()


def test_properdocs_loads_the_same_entry_point(site):
    """ProperDocs, the drop-in fork of MkDocs 1.6, loads plugins from the same entry points."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import pytest

    properdocs = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    if properdocs is None:
        pytest.skip("ProperDocs is not installed in this environment")
    site.write("index.md", "# Home\n")
    site.write("papers/image-editing.md", EDITING, dedent=False)
    site.load()  # writes mkdocs.yml
    result = subprocess.run([properdocs, "build", "--strict", "-f", str(site.root / "mkdocs.yml")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    html = site.html("papers/image-editing/index.html")
    assert 'id="null-text-inversion-for-editing-real-images-using-guided-diffusion-models"' in html
    assert (site.site / "paper" / "2211.09794" / "index.html").exists()


def test_search_points_at_single_papers_on_topic_pages(site):
    import json

    site.write("index.md", "# Home\n")
    site.write("papers/image-editing.md", EDITING, dedent=False)
    site.build(strict=True)
    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {d["location"] for d in docs}
    assert "papers/image-editing/#null-text-inversion-for-editing-real-images-using-guided-diffusion-models" in locations
    hit = next(d for d in docs if d["location"].endswith("#prompt-to-prompt-image-editing-with-cross-attention-control"))
    assert "cross attention map" in hit["text"]
    # paper pages would double every hit: they are left out unless asked for
    assert not any(loc.startswith("paper/") for loc in locations)
    site.plugin_options(paper_pages_in_search=True)
    site.build(strict=True)
    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any(d["location"].startswith("paper/2211.09794/") for d in docs)


def test_papers_json_is_never_written_outside_the_site(site):
    site.write("index.md", "# Home\n")
    site.write("papers/image-editing.md", EDITING, dedent=False)
    site.plugin_options(papers_json="../escaped.json")
    site.build()
    assert not (site.root / "escaped.json").exists()
    assert any("outside the site directory" in w for w in site.warnings)
