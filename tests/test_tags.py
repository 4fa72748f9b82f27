"""Tags: a page per tag and an index, tags on topic and paper pages as links to them (inert
text, percent-encoded URLs, whatever the tag says), the ``tag-variant`` warning, and the reader
following a tag link in Chromium."""

from __future__ import annotations

import html as html_module
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin

import pytest

from conftest import category, entry, serve
from mkdocs_diffusion.i18n import Messages
from mkdocs_diffusion.model import Entry
from mkdocs_diffusion.tags import collect_tags, tag_key, tag_problems

ATTACK = ["<img src=x onerror=alert(1)>", "../../x", '"><script>alert(1)</script>', "javascript:alert(1)", "[x](javascript:alert(1)){: onclick=alert(1) }"]
KOREAN = "확산 모델"

VALIDATION = {"links": {"not_found": "warn", "absolute_links": "warn", "unrecognized_links": "warn", "anchors": "warn"}}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import Site

    site = Site(tmp_path_factory.mktemp("tags") / "project")
    site.config["theme"].update(language="en", font=False)  # system fonts: no request leaves 127.0.0.1
    site.config.pop("repo_url"), site.config.pop("edit_uri")  # nor to GitHub's API
    site.config["validation"] = VALIDATION
    site.write("index.md", "# Home\n")
    shared = entry("Shared paper", "2301.00001", tags=["Inversion", KOREAN])
    site.write("papers/a.md", category("A", [
        shared,
        entry("Attacked paper", "2301.00002", tags=ATTACK),
        entry("Untagged paper", "2301.00003"),
    ]), dedent=False)
    site.write("papers/b.md", category("B", [
        dict(shared, tags=["editing"]),
        entry("Variant paper", "2301.00004", tags=["inversion", "in-version"]),
        entry("Index paper", "2301.00005", tags=["index", "a+b", "a b"]),
    ]), dedent=False)
    return site.build()


class _Active(HTMLParser):
    """What in a page could run: on* attributes, javascript: URLs, images, scripts with alert."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self._script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or (name in ("href", "src") and (value or "").strip().lower().startswith("javascript")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")

    def handle_data(self, data):
        if self._script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag):
        self._script = False


def active(page_html: str) -> list[str]:
    parser = _Active()
    parser.feed(page_html)
    return parser.found


def tag_links(page_html: str) -> list[tuple[str, str]]:
    """(href, text) of every link in the page's tag paragraphs."""
    links = []
    for paragraph in re.findall(r'<p class="mdd-tags">(.*?)</p>', page_html, re.S):
        links += [(html_module.unescape(h), html_module.unescape(t)) for h, t in re.findall(r'<a class="mdd-tag" href="([^"]*)">(.*?)</a>', paragraph)]
        assert re.sub(r'<a class="mdd-tag" href="[^"]*">[^<]*</a>', "", paragraph).strip() == "", paragraph  # nothing but the links
    return links


def test_tags_on_a_topic_page_link_to_their_pages(built):
    page = built.html("papers/a/index.html")
    links = tag_links(page)
    assert ("../../tag/inversion/", "#Inversion") in links
    assert (f"../../tag/{quote(KOREAN.replace(' ', '-'))}/", f"#{KOREAN}") in links
    # every attacker tag is a link into tag/ with its text shown as written, and nothing else
    attacked = [(href, text) for href, text in links if text[1:] in ATTACK]
    assert [text[1:] for _, text in attacked] == ATTACK
    for href, _ in attacked:
        assert re.fullmatch(r"\.\./\.\./tag/[a-z0-9-]+/", href), href
    assert active(page) == []
    for href, _ in links:  # every link leads to a page that exists
        target = (built.site / "papers" / "a" / unquote(href) / "index.html").resolve()
        assert target.is_file() and (built.site / "tag") in target.parents, href


def test_each_tag_has_a_page_listing_its_papers(built):
    page = built.html("tag/inversion/index.html")
    body = page[page.index("<article"):page.index("</article>")]
    titles = re.findall(r'<li><a href="([^"]*)">([^<]*)</a>', body)
    # case and spacing variants are one tag, shown under its first spelling; a paper in two categories once
    assert [t for _, t in titles] == ["Shared paper", "Variant paper"]
    assert titles[0][0] == "../../paper/2301.00001/"
    assert "<h1" in body and "Tag&#58; Inversion" in body
    assert 'href="../"' in body  # all tags
    korean = built.html(f"tag/{KOREAN.replace(' ', '-')}/index.html")
    assert "Shared paper" in korean and "Variant paper" not in korean


def test_attacker_tags_have_inert_pages(built):
    for name in ATTACK:
        slug = [t for t in collect_tags([_entry([name])])][0].slug
        page = built.html(f"tag/{slug}/index.html")
        assert "Attacked paper" in page
        assert active(page) == [], name
    assert not (built.site / "x").exists() and not (built.root / "x").exists()  # ../../x stayed a name


def test_the_tags_index_and_the_stats_page_lead_to_the_tags(built):
    index = built.html("tag/index.html")
    body = index[index.index("<article"):index.index("</article>")]
    names = [html_module.unescape(n) for n in re.findall(r'<li><a href="[^"]*">([^<]*)</a>', body)]
    assert "Inversion" in names and "editing" in names and KOREAN in names and set(ATTACK) <= set(names)
    assert "index" in names and (built.site / "tag" / "index-2" / "index.html").is_file()  # the index keeps its URL
    assert len({n for n in names if tag_key(n) == "ab"} | {n for n in names if n == "a+b"}) == 2  # 'a+b' and 'a b' are two tags
    assert 'href="inversion/"' in body and "(2 papers)" in body
    assert 'href="../tag/"' in built.html("stats/index.html")


def test_a_paper_page_shows_the_tags_of_every_listing(built):
    links = tag_links(built.html("paper/2301.00001/index.html"))
    assert [text for _, text in links] == ["#Inversion", f"#{KOREAN}", "#editing"]
    assert all(href.startswith("../../tag/") for href, _ in links)


def test_tag_pages_are_valid_links_and_variants_are_warned(built):
    warnings = [w for w in built.warnings if "tag-variant" not in w]
    assert warnings == []
    variant = [w for w in built.warnings if "[tag-variant]" in w]
    assert len(variant) == 2 and all("papers/b.md:" in w and "'Inversion' (papers/a.md:" in w for w in variant)
    assert any("tag 'in-version' differs from 'Inversion'" in w for w in variant)


def test_without_tag_pages_tags_are_text(site):
    site.plugin_options(tag_pages=False)
    site.write("papers/a.md", category("A", [entry("P", "2301.00001", tags=["<b>x</b>", "y"])]), dedent=False)
    site.build()
    page = site.html("papers/a/index.html")
    assert '<p class="mdd-tags"><span class="mdd-tag">#&lt;b&gt;x&lt;/b&gt;</span> <span class="mdd-tag">#y</span></p>' in page
    assert not (site.site / "tag").exists()


def _entry(tags: list[str], path: str = "papers/a.md", line: int = 3) -> Entry:
    return Entry("T", ["A"], "s", path, line, 0, tags=tags, key_lines={"tags": line + 2})


def test_tag_variant_warnings_name_the_usual_spelling_in_the_sites_language():
    entries = [_entry(["Diffusion Models"], line=3), _entry(["diffusion-models", "other"], line=10), _entry(["diffusion models"], line=20),
               _entry(["diffusion models"], line=30)]
    problems = tag_problems(entries, Messages("en"))
    # 'diffusion models' is used most: the others are warned, once each, at their 'tags:' line
    assert [(p.line, p.code, p.level) for p in problems] == [(5, "tag-variant", "warning"), (12, "tag-variant", "warning")]
    assert problems[0].message == "tag 'Diffusion Models' differs from 'diffusion models' (papers/a.md:20) only in case or spacing: use one spelling"
    ko = tag_problems(entries, Messages("ko"))
    assert ko[1].message == "태그 'diffusion-models'은(는) 'diffusion models'(papers/a.md:20)와 대소문자나 띄어쓰기만 다릅니다. 한 가지 표기로 통일하세요."
    assert tag_problems([_entry(["a"]), _entry(["b"]), _entry(["A-B"]), _entry(["ab"])], Messages()) != []
    assert tag_problems([_entry(["x", "y"]), _entry(["x"])], Messages()) == []


@pytest.mark.browser
def test_a_reader_follows_a_tag_link_to_the_tags_papers(built):
    from test_stats_and_filter import browser_page

    shots = Path(__file__).resolve().parent / "screenshots"
    shots.mkdir(exist_ok=True)
    with serve(built.site) as base, browser_page() as page:
        page.goto(urljoin(base, "papers/a/"), wait_until="domcontentloaded")
        link = page.locator("a.mdd-tag", has_text="#Inversion").first
        link.click()
        page.wait_for_url(re.compile(r".*/tag/inversion/$"))
        titles = page.eval_on_selector_all("article li > a:first-child", "els => els.map(e => e.textContent)")
        assert titles == ["Shared paper", "Variant paper"]
        page.screenshot(path=str(shots / "tag-page.png"), full_page=True)
        page.goto(urljoin(base, "papers/a/"), wait_until="domcontentloaded")
        page.locator("a.mdd-tag", has_text=ATTACK[0]).click()
        page.wait_for_url(re.compile(r".*/tag/img-src-x-onerror-alert-1/$"))
        assert page.locator("h1").inner_text().rstrip("¶") == f"Tag: {ATTACK[0]}"  # the permalink's mark aside
        assert page.errors == [] and page.outside == []


def test_a_papers_tags_as_data_for_lists(tmp_path):
    """``Renderer.paper_tags``: the tags of every listing of a paper, once each, as the catalog's
    tags (shown name, filter key, page), for the all-papers rows."""
    from conftest import load_catalog
    from mkdocs_diffusion.render import Renderer

    (tmp_path / "papers").mkdir()
    shared = entry("Shared paper", "2301.00001", tags=["Inversion", "x"])
    (tmp_path / "papers" / "a.md").write_text(category("A", [shared, entry("Other", "2301.00002", tags=["inversion"])]), encoding="utf-8")
    (tmp_path / "papers" / "b.md").write_text(category("B", [dict(shared, tags=["x", "y"])]), encoding="utf-8")
    renderer = Renderer(load_catalog(tmp_path))
    paper = next(p for p in renderer.catalog.papers if p.title == "Shared paper")
    tags = renderer.paper_tags(paper)
    assert [(t.name, t.key) for t in tags] == [("Inversion", "inversion"), ("x", "x"), ("y", "y")]
    assert renderer.urls.tag(tags[0]) == "tag/inversion.md"

