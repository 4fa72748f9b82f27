"""The repo's own site: the whole One-sentence Diffusion summary list, built with --strict.

The source README is parsed here independently of the importer (a few regular expressions), and
the built HTML is compared with it: every unique title is on the site, each topic page still
holds the entries of its README section (copies merged, nothing lost; papers added since are
welcome), and the resources are there. Skipped, with the reason shown, where ../shared is absent.
"""

from __future__ import annotations

import html as html_module
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict

import pytest

from conftest import REPO, SHARED, TITLE_FIXES

README = SHARED / "seed" / "One-sentence_Diffusion_summary.README.md"
HEADING_FIXES = {"Connection with other framworks": "Connection with other frameworks"}
UPDATES_IN_NO_CATEGORY = {"Image Editing": ["Visual Instruction Inversion: Image Editing via Visual Prompting", "ImageBrush: Learning Visual In-Context Instructions for Exemplar-Based Image Manipulation", "Diffusion Image Analogies"]}
RESOURCES = {"Introductory Posts": "resources/posts", "Introductory Papers": "resources/papers", "Introductory Videos": "resources/videos"}


def norm(title: str) -> str:
    return " ".join(title.replace("\\", "").split()).casefold()


def readme_sections() -> dict[str, list[str]]:
    """README '## ' section -> the titles of its entry blocks (bold, or italic for the videos)."""
    sections: dict[str, list[str]] = defaultdict(list)
    current = None
    for line in README.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#{2,3} (.+?)\s*$", line)
        if heading and line.startswith("## "):
            current = HEADING_FIXES.get(heading.group(1), heading.group(1))
            continue
        if current is None or current == "Contents":
            continue
        bold = re.match(r"^\s*\*\*(.+?)\*\*", line)
        italic = re.match(r"^\*([^*].*?)\*\\?\s*$", line)
        if bold:
            sections[current].append(TITLE_FIXES.get(bold.group(1).strip(), bold.group(1).strip()))
        elif italic and current == "Introductory Videos":
            sections[current].append(italic.group(1).strip())
    return sections


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not README.exists():
        pytest.skip(f"the seed README is not there ({README}): ../shared is absent in this checkout")
    site = tmp_path_factory.mktemp("seed") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
        cwd=REPO, capture_output=True, text=True, env=env, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    print(f"repo site built in {time.perf_counter() - start:.2f} s")
    return site


def page_titles(path) -> list[str]:
    """The entry headings (h2) of a built topic page, as text."""
    text = path.read_text(encoding="utf-8")
    article = text[text.index("<article"): text.index("</article>")]
    headings = re.findall(r'<h2 class="mdd-entry" id="[^"]+">(.*?)<a class="headerlink"', article, re.S)
    return [html_module.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in headings]


def topic_pages(site) -> dict[str, object]:
    """Page title (h1) -> built page, for every page under papers/ and resources/."""
    pages = {}
    for path in list(site.glob("papers/*/index.html")) + list(site.glob("resources/*/index.html")):
        text = path.read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", text, re.S).group(1)
        pages[html_module.unescape(re.sub(r"<[^>]+>", "", h1)).strip()] = path
    return pages


def test_every_unique_title_is_on_the_site(built):
    sections = readme_sections()
    titles = {norm(t) for ts in sections.values() for t in ts}
    raw_bold = set(re.findall(r"^\s*\*\*(.+?)\*\*", README.read_text(encoding="utf-8"), re.M))
    assert len({norm(t) for t in raw_bold}) == 87  # the known count (../shared/README.md): this parser sees them all
    assert {norm(TITLE_FIXES.get(t.strip(), t.strip())) for t in raw_bold} <= titles
    on_site = {norm(t) for page in topic_pages(built).values() for t in page_titles(page)}
    missing = sorted(titles - on_site)
    assert not missing, missing
    # every paper page exists for every paper of papers.json
    data = json.loads((built / "papers.json").read_text(encoding="utf-8"))
    assert all((built / p["url"] / "index.html").exists() for p in data["papers"])


def test_each_topic_page_still_holds_its_section(built):
    """docs/ is the source of truth now: contributors add papers, so a page holds at least the
    entries of its README section (copies within a section merged, none twice)."""
    sections = readme_sections()
    pages = topic_pages(built)
    checked = 0
    for section, titles in sections.items():
        if section in ("New updated",) or section in RESOURCES:
            continue
        expected = list(dict.fromkeys(norm(t) for t in titles))  # copies within a section merged
        expected += [norm(t) for t in UPDATES_IN_NO_CATEGORY.get(section, [])]
        on_page = [norm(t) for t in page_titles(pages[section])]
        missing = sorted(set(expected) - set(on_page))
        assert not missing, (section, missing)
        assert len(on_page) == len(set(on_page)), f"{section}: an entry twice"
        checked += 1
    assert checked == 16  # 15 listed categories and 읽을것들


def test_new_updated_blocks_became_added_dates(built):
    """The 32 'New updated' blocks are on the updates page under their date."""
    sections = readme_sections()
    updates = built / "updates" / "index.html"
    text = html_module.unescape(re.sub(r"<[^>]+>", "", updates.read_text(encoding="utf-8")))
    for title in sections["New updated"]:
        assert " ".join(title.split()) in " ".join(text.split()), title
    assert len(sections["New updated"]) == 32
    assert re.search(r'id="added-2023-08-08"', updates.read_text(encoding="utf-8"))


def test_resources_are_there(built):
    sections = readme_sections()
    pages = {p.parent.relative_to(built).as_posix(): p for p in built.glob("resources/*/index.html")}
    for section, folder in RESOURCES.items():
        assert set(map(norm, sections[section])) <= set(map(norm, page_titles(pages[folder]))), section
    # a blog post is not the paper of the same title
    post = "Generative Modeling by Estimating Gradients of the Data Distribution"
    data = json.loads((built / "papers.json").read_text(encoding="utf-8"))
    assert [p["title"] for p in data["papers"]].count(post) <= 1


def test_known_errors_are_fixed(built):
    data = json.loads((built / "papers.json").read_text(encoding="utf-8"))
    by_key = {p["key"]: p for p in data["papers"]}
    assert by_key["2302.05543"]["title"] == "Adding Conditional Control to Text-to-Image Diffusion Models"
    assert all("Difusion" not in p["title"] for p in data["papers"])
    boundary = next(p for p in data["papers"] if p["title"].startswith("Boundary Guided Mixing Trajectory"))
    assert boundary["links"]["paper"] == "https://arxiv.org/abs/2302.08357" and boundary["key"] == "2302.08357"
    assert "2212.05034" not in by_key or not by_key["2212.05034"]["title"].startswith("Boundary")
    visual = next(p for p in data["papers"] if p["title"].startswith("Visual Instruction Inversion"))
    assert visual["date"] == "2023-07-26" and visual["added"] == "2023-08-08"
    for p in data["papers"]:
        for url in p["links"].values():
            assert re.match(r"^https?://[^\s\[\]()]+$", url), (p["title"], url)
