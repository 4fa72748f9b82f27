"""Copies of one paper: identity across categories, cross-references, duplicate warnings."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

from conftest import category, entry
from mkdocs_diffusion.catalog import build_catalog, duplicate_problems
from mkdocs_diffusion.loader import category_from_text


def catalog_of(files: dict[str, str]):
    cats = []
    for path, text in files.items():
        result = category_from_text(path, text, "resources" if path.startswith("resources/") else "papers")
        assert not [p for p in result.problems if p.level == "error"], result.problems
        cats.append(result.category)
    return build_catalog(cats)


def warnings_of(files: dict[str, str]) -> list[str]:
    return [str(p) for p in duplicate_problems(catalog_of(files))]


def test_entries_with_same_arxiv_id_in_any_url_form_are_one_paper():
    cat = catalog_of(
        {
            "papers/a.md": category("A", [entry("ControlNet", links={"paper": "https://arxiv.org/abs/2302.05543v2"})]),
            "papers/b.md": category("B", [entry("ControlNet", links={"paper": "https://arxiv.org/pdf/2302.05543.pdf"})]),
            "papers/c.md": category("C", [entry("Controlnet!", id="arXiv:2302.05543")]),
        }
    )
    assert len(cat.papers) == 1
    paper = cat.papers[0]
    assert paper.key == "2302.05543" and [e.category.title for e in paper.entries] == ["A", "B", "C"]


def test_post_sharing_a_papers_title_is_not_that_paper():
    title = "Generative Modeling by Estimating Gradients of the Data Distribution"
    cat = catalog_of(
        {
            "papers/must-read.md": category("Must read", [entry(title, "1907.05600")]),
            "resources/posts.md": category("Posts", [entry(title, links={"website": "https://yang-song.net/blog/2021/score/"}, kind="post")]),
        }
    )
    assert len(cat.papers) == 1 and cat.papers[0].entries[0].kind == "paper"
    post = cat.by_section("resources")[0].entries[0]
    assert post.paper is None and post.identity.startswith("post:")


def test_same_paper_twice_in_one_category_names_both_places():
    text = category("A", [entry("X", "2301.00001"), entry("Other", "2301.00002"), entry("X again", "2301.00001")])
    warnings = warnings_of({"papers/a.md": text})
    assert any(w.startswith("papers/a.md:") and "already listed in this category at papers/a.md:4" in w for w in warnings), warnings


def test_same_id_clearly_different_titles_is_a_probable_wrong_link():
    warnings = warnings_of(
        {
            "papers/a.md": category("A", [entry("SmartBrush: Text and Shape Guided Object Inpainting with Diffusion Model", "2212.05034")]),
            "papers/b.md": category("B", [entry("Boundary Guided Mixing Trajectory for Semantic Control with Diffusion Models", "2212.05034")]),
        }
    )
    assert any(w.startswith("papers/b.md:") and "papers/a.md:4" in w and "wrong link" in w for w in warnings), warnings


def test_near_identical_titles_with_other_ids_are_a_probable_duplicate():
    warnings = warnings_of(
        {
            "papers/a.md": category("A", [entry("Adding Conditional Control to Text-to-Image Diffusion Models", "2302.05543")]),
            "papers/b.md": category("B", [entry("Adding Conditional Control to Text-to-Image Difusion Models")]),
        }
    )
    assert any(w.startswith("papers/b.md:4: title:") and "papers/a.md:4" in w for w in warnings), warnings


def test_copies_whose_authors_or_venue_disagree():
    warnings = warnings_of(
        {
            "papers/a.md": category("A", [entry("X", "2301.00001", venue="CVPR 2023", authors=["A One", "B Two"])]),
            "papers/b.md": category("B", [entry("X", "2301.00001", venue="ICCV 2023", authors=["A One"])]),
        }
    )
    assert any("papers/b.md" in w and "authors:" in w and "papers/a.md:4" in w for w in warnings), warnings
    assert any("papers/b.md" in w and "venue:" in w and "'ICCV 2023' differs from 'CVPR 2023'" in w for w in warnings), warnings


def test_clean_catalog_has_no_warnings():
    assert warnings_of({"papers/a.md": category("A", [entry("X", "2301.00001"), entry("Y", "2301.00002")])}) == []


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.also: list[str] = []
        self._in_also = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "div" and "mdd-also" in (attrs.get("class") or ""):
            self._in_also += 1
        elif tag == "div" and self._in_also:
            self._in_also += 1
        if tag == "a" and self._in_also and attrs.get("href"):
            self.also.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "div" and self._in_also:
            self._in_also -= 1


def parse(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_also_in_links_resolve_to_existing_anchors(site):
    site.write("index.md", "# Home\n")
    shared = [entry("Shared paper", "2301.00001"), entry("Shared twice", "2301.00009")]
    site.write("papers/a.md", category("A", [entry("Only A", "2301.00002"), *shared]), dedent=False)
    site.write("papers/b.md", category("B", [shared[0], entry("Only B", "2301.00003")]), dedent=False)
    site.write("papers/c.md", category("C", [shared[1], shared[0]]), dedent=False)
    site.build(strict=True)
    checked = 0
    for page in ("papers/a/index.html", "papers/b/index.html", "papers/c/index.html"):
        source = site.site / page
        links = parse(source).also
        for href in links:
            url, anchor = urldefrag(href)
            target = (source.parent / unquote(url)).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.exists(), href
            if anchor:
                assert anchor in parse(target).ids, href
                checked += 1
    # Shared paper is in A, B, C: each of its 3 entries links to the 2 others; Shared twice: 2 x 1
    assert checked == 3 * 2 + 2 * 1
    html = site.html("papers/b/index.html")
    also = html[html.index('id="shared-paper"'):]
    assert re.search(r'다른 분류(?::|&#58;)</strong> <a href="\.\./a/#shared-paper">A</a> · <a href="\.\./c/#shared-paper">C</a>', also)


def test_an_entry_copied_as_a_template_is_an_error_naming_both_papers(tmp_path):
    """The title changed to another listed paper, the link left as it was: the two would merge
    and the paper page would show the wrong summary."""
    from mkdocs_diffusion.cli import check_docs

    (tmp_path / "papers").mkdir()
    ddim = entry("Denoising Diffusion Implicit Models", "2010.02502")
    ddpm = entry("Denoising Diffusion Probabilistic Models", "2006.11239")
    copy = entry("Denoising Diffusion Probabilistic Models", "2010.02502", summary="복사한 항목")  # DDIM's link
    (tmp_path / "papers" / "a.md").write_text(category("A", [ddim, ddpm]), encoding="utf-8")
    (tmp_path / "papers" / "b.md").write_text(category("B", [copy]), encoding="utf-8")
    problems, _, _ = check_docs(tmp_path)
    errors = [p.format() for p in problems if p.level == "error"]
    assert errors == [
        "papers/b.md:8: error: links.paper: the title is that of 'Denoising Diffusion Probabilistic Models' at papers/a.md:11, "
        "but the link/id is that of 'Denoising Diffusion Implicit Models' at papers/a.md:4: an entry copied as a template? "
        "Give it its own paper link or id"
    ], errors


def test_a_paper_whose_listings_disagree_has_one_year_and_one_id_everywhere(site):
    """Year and arXiv id are derived once (on the paper) and read by the statistics, BibTeX,
    the all-papers page and papers.json; BibTeX's year of a paper published in a known venue is
    that venue's year (the year to cite), from the paper's one venue (``Paper.venue_info``)."""
    first = entry("Shared paper", venue="CVPR 2023", id="arxiv:2302.05543")  # no date: the venue's year
    second = entry("Shared paper", "2302.05543", date="2022-12-20")  # a listing with a date wins
    site.write("papers/a.md", category("A", [first]), dedent=False)
    site.write("papers/b.md", category("B", [second]), dedent=False)
    site.build()
    paper = site.json()["papers"][0]
    assert (paper["year"], paper["arxiv"]) == ("2022", "2302.05543")
    page = site.html("paper/2302.05543/index.html")
    bib = page[page.index("@inproceedings"):]
    assert "year = {2022}" in bib and "eprint = {2302.05543}" in bib and "booktitle = {IEEE/CVF Conference on Computer Vision" in bib
    assert "\x1f2022\x1f0|1\x1f" in site.html("all-papers/index.html")  # the row's year and its two categories (the rows' text)
    assert '<option value="2022">2022 (1)</option>' in site.html("all-papers/index.html")
    stats = site.html("stats/index.html")
    assert "?year=2022" in stats and "?year=2023" not in stats


def test_a_summary_given_by_two_listings_is_shown_once_with_both(site):
    shared = entry("Shared paper", "2301.00001", summary="같은 요약입니다.")
    site.write("papers/a.md", category("A", [shared]), dedent=False)
    site.write("papers/b.md", category("B", [shared]), dedent=False)
    site.write("papers/c.md", category("C", [dict(shared, summary="다른 요약입니다.")]), dedent=False)
    site.build()
    html = site.html("paper/2301.00001/index.html")
    assert html.count("같은 요약입니다.") - html.count('content="같은 요약입니다."') == 1 and html.count("다른 요약입니다.") >= 1
    label = html[html.index('class="mdd-summary-label"'):]
    label = label[:label.index("</div>")]
    assert ">A</a>" in label and ">B</a>" in label and ">C</a>" not in label
