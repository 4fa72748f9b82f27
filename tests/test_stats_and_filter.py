"""The statistics page (SVG charts), the all-papers page and its filter, and math as MathML.

Real sites are built through MkDocs with the plugin's ``stats_page`` and ``all_papers_page``.
The browser tests drive the built site in headless Chromium (Playwright, Debian's chromium)
served on 127.0.0.1; every request to any other host is refused and counted.
"""

from __future__ import annotations

import contextlib
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest

from conftest import CHROMIUM_ARGS, category, chromium, entry, load_catalog, serve
from mkdocs_diffusion import charts as charts_module
from mkdocs_diffusion.charts import UNKNOWN_YEAR, bar_chart_svg, papers_per_year
from mkdocs_diffusion.math import latex_to_mathml
from mkdocs_diffusion.render import PageUrls, Renderer

PACKAGE = Path(charts_module.__file__).resolve().parent
ASSETS = PACKAGE / "assets"
SVG_NS = "{http://www.w3.org/2000/svg}"

PALETTE = [  # as in the project's mkdocs.yml: light or dark after the system preference
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "deep purple",
     "toggle": {"icon": "material/weather-night", "name": "Dark mode"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "deep purple",
     "toggle": {"icon": "material/weather-sunny", "name": "Light mode"}},
]
MATH_EXTENSIONS = [{"pymdownx.arithmatex": {"generic": True}}, "mkdocs_diffusion.math"]


# -- the test content ------------------------------------------------------------------------------

def _editing() -> str:
    return category("Image Editing", [
        entry("Null-text Inversion for Editing Real Images", "2211.09794", venue="arXiv 2022", date="2022-11-17",
              authors=["Ron Mokady", "Amir Hertz"], summary="별도의 fine-tuning 없이 편집함. 수식 $\\mathbf{A}$ 와 $x_t$ 도 가능."),
        entry("Prompt-to-Prompt Image Editing", "2208.01626", venue="ICLR 2023", date="2022-08",
              authors=["Amir Hertz", "Ron Mokady"]),
        entry("Imagic: Text-Based Real Image Editing", "2210.09276", venue="CVPR 2023", date="2022-10-17",
              authors=["Bahjat Kawar"]),
        entry("편집 <b>Bold</b> & \"quotes\" | pipes", "2301.11111", venue="CVPR2023 submission", date="2023-01-02",
              authors=["김철수", "Jane O'Neil"], summary="제목에 HTML 처럼 보이는 글자가 있음."),
        entry("Undated Editing Paper", "2302.22222", authors=["No Date"]),
    ], order=1)


def _generation() -> str:
    return category("Image Generation", [
        entry("Denoising Diffusion Probabilistic Models", "2006.11239", venue="NeurIPS 2020", date="2020-06-19",
              authors=["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"]),
        entry("Classifier-Free Diffusion Guidance", "2207.12598", venue="NeurIPS 2021 Workshop", date="2022-07-26",
              authors=["Jonathan Ho", "Tim Salimans"]),
        # the same paper as in Image Editing: one paper, two categories
        entry("Imagic: Text-Based Real Image Editing", "2210.09276", venue="CVPR 2023", date="2022-10-17",
              authors=["Bahjat Kawar"]),
    ], order=2)


def _video() -> str:
    return category("비디오 / Video", [
        entry("Video Diffusion Models", "2204.03458", venue="NeurIPS 2022", date="2022-04-07", authors=["Jonathan Ho"]),
    ], order=3)


# (title, year, categories) of every paper in the content above
PAPERS = {
    "Null-text Inversion for Editing Real Images": ("2022", {"papers/image-editing"}),
    "Prompt-to-Prompt Image Editing": ("2022", {"papers/image-editing"}),
    "Imagic: Text-Based Real Image Editing": ("2022", {"papers/image-editing", "papers/image-generation"}),
    '편집 <b>Bold</b> & "quotes" | pipes': ("2023", {"papers/image-editing"}),
    "Undated Editing Paper": (None, {"papers/image-editing"}),
    "Denoising Diffusion Probabilistic Models": ("2020", {"papers/image-generation"}),
    "Classifier-Free Diffusion Guidance": ("2022", {"papers/image-generation"}),
    "Video Diffusion Models": ("2022", {"papers/video"}),
}


def write_content(site) -> None:
    site.write("index.md", "# Home\n\n수식 $\\mathbf{A}$ 과\n\n$$\nx_t = \\sqrt{\\bar\\alpha_t} x_0\n$$\n")
    site.write("papers/image-editing.md", _editing(), dedent=False)
    site.write("papers/image-generation.md", _generation(), dedent=False)
    site.write("papers/video.md", _video(), dedent=False)


def prepare(site, use_directory_urls: bool = True, paper_pages: bool = True):
    """Content, config and (until the plugin makes them) the two pages and the assets."""
    write_content(site)
    site.config["markdown_extensions"] = site.config["markdown_extensions"] + MATH_EXTENSIONS
    site.config["use_directory_urls"] = use_directory_urls
    site.config["theme"] = dict(site.config["theme"], font=False, palette=PALETTE)  # font: no Google Fonts
    for key in ("repo_url", "edit_uri"):  # Material's header would ask api.github.com for the repository's stars
        site.config.pop(key, None)
    site.plugin_options(stats_page="stats.md", all_papers_page="all-papers.md", paper_pages=paper_pages)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One site for the read-only checks and the browser tests."""
    from conftest import Site

    site = Site(tmp_path_factory.mktemp("stats") / "project")
    prepare(site)
    site.build(strict=True)
    return site


# -- charts: pure functions ------------------------------------------------------------------------

def _P(*dates):
    """A paper whose listings have these dates (the year rule is the model's own)."""
    from mkdocs_diffusion.model import Entry, Paper

    return Paper(key="k", identity="i", entries=[Entry(title="T", authors=["A"], summary="s", path="p.md", line=1, index=0, date=d) for d in dates])


def test_papers_per_year_fills_gaps_and_puts_unknown_last():
    papers = [_P("2023-01-02"), _P("2020-06"), _P(None), _P("2020-12-31"), _P(None, "2021-03"), _P(None)]
    assert papers_per_year(papers) == [("2020", 2), ("2021", 1), ("2022", 0), ("2023", 1), (UNKNOWN_YEAR, 2)]
    assert papers_per_year([_P(None)]) == [(UNKNOWN_YEAR, 1)]
    assert papers_per_year([_P("2021-05-01")]) == [("2021", 1)]
    assert papers_per_year([]) == []


def bars_of(svg: str) -> list[tuple[str, int, float, float]]:
    """(label, value, width, height) of every bar of a chart."""
    root = ET.fromstring(svg)
    return [(r.get("data-label"), int(r.get("data-value")), float(r.get("width")), float(r.get("height")))
            for r in root.iter(f"{SVG_NS}rect") if "mdd-bar" in (r.get("class") or "").split()]


@pytest.mark.parametrize("horizontal", [False, True])
def test_bar_chart_svg_is_accessible_escaped_and_proportional(horizontal):
    bars = [("<script>&\"'", 3), ("이미지 편집 / Image Editing", 6), ("zero", 0), ("2023", 12)]
    svg = bar_chart_svg(bars, title="제목 <&> \"t\"", horizontal=horizontal, unit="편")
    root = ET.fromstring(svg)  # well-formed XML: every label escaped
    assert root.tag == f"{SVG_NS}svg" and root.get("role") == "img" and root.get("viewBox", "").startswith("0 0 ")
    title = root.find(f"{SVG_NS}title")
    assert title.text == "제목 <&> \"t\""
    assert set(root.get("aria-labelledby").split()) == {title.get("id"), root.find(f"{SVG_NS}desc").get("id")}
    assert "<script>" not in svg and "\n\n" not in svg and not any(line.startswith((" ", "\t")) for line in svg.splitlines())
    found = bars_of(svg)
    assert [(label, value) for label, value, _, _ in found] == bars
    size = 2 if horizontal else 3  # horizontal bars grow in width, vertical ones in height
    lengths = {label: dims[size - 2] for label, _, *dims in found}
    assert lengths["zero"] == 0
    assert lengths["2023"] / lengths["<script>&\"'"] == pytest.approx(4, rel=0.02)
    assert lengths["이미지 편집 / Image Editing"] / lengths["<script>&\"'"] == pytest.approx(2, rel=0.02)
    # value labels as text; colours through CSS custom properties, text in currentColor
    values = [t.text for t in root.iter(f"{SVG_NS}text") if "mdd-value" in (t.get("class") or "")]
    assert values == ["3", "6", "0", "12"]
    assert "var(--mdd-chart-bar" in svg and "fill:currentColor" in svg
    assert "<title>zero: 0편</title>" in svg


def test_bar_chart_svg_without_bars():
    root = ET.fromstring(bar_chart_svg([], title="빈 차트"))
    assert bars_of(ET.tostring(root, encoding="unicode")) == []
    assert "No data" in "".join(root.itertext())


# -- the statistics page ---------------------------------------------------------------------------

def test_stats_page_charts_match_the_counts(built):
    html = built.html("stats/index.html")
    svgs = re.findall(r"<svg\b[^>]*class=\"mdd-chart-svg.*?</svg>", html, re.S)
    assert len(svgs) == 3
    per_year, per_category, per_venue = (bars_of(s) for s in svgs)
    assert [(label, value) for label, value, _, _ in per_year] == [
        ("2020", 1), ("2021", 0), ("2022", 5), ("2023", 1), ("미상", 1)]  # the site's language (ko)
    assert [(label, value) for label, value, _, _ in per_category] == [
        ("Image Editing", 5), ("Image Generation", 3), ("비디오 / Video", 1)]
    # papers per venue: normalised names, each paper once, most first, "no venue" last
    assert [(label, value) for label, value, _, _ in per_venue] == [
        ("CVPR", 2), ("NeurIPS", 2), ("arXiv", 1), ("ICLR", 1), ("NeurIPS Workshop", 1), ("발표처 없음", 1)]
    heights = {label: h for label, _, _, h in per_year}
    assert heights["2022"] / heights["2020"] == pytest.approx(5, rel=0.02)
    assert "<h1" in html and "통계" in html
    assert 'id="per-year"' in html and 'id="per-category"' in html and 'id="per-venue"' in html
    # totals: 8 papers in 3 categories, one paper in two of them
    text = re.sub(r"<[^>]+>", "", html)
    assert "논문 8편" in text and "분류 3개" in text
    assert " / " not in text.replace("비디오 / Video", "")  # one language: no doubled labels (but a category's own title)
    assert "여러 분류에 실린 논문 1편" in text
    # the data tables link to the category pages and to the filtered all-papers page
    assert 'href="../papers/image-editing/"' in html
    assert 'href="../all-papers/?year=2022"' in html
    assert 'href="../all-papers/?cat=papers/image-editing"' in html
    assert not [w for w in built.warnings if "stats" in w]


# -- the all-papers page ---------------------------------------------------------------------------

def _options(html: str, name: str) -> list[str]:
    """The values of a select of the all-papers form, without "All" (rows refer to them by number)."""
    select = re.search(rf'<select id="mdd-{name}" name="{name}">(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)">', select)[1:]


def page_rows(html: str) -> dict:
    """The rows of the all-papers page: the text filter.js makes the table from (a hidden
    element, lines of U+001F-separated fields, escaped like any text)."""
    import html as htmllib

    raw = re.search(r'<div class="mdd-rows" hidden>(.*?)</div>', html, re.S).group(1)
    assert "<" not in raw and ">" not in raw
    lines = htmllib.unescape(raw).split("\n")
    rows = []
    for line in lines[2:]:
        href, title, authors, year, cats, venue, written, tags, snippet, cut = line.split("\x1f")
        rows.append([href, title, authors, year, [int(n) for n in cats.split("|") if n], int(venue) if venue else -1, written,
                     [int(n) for n in tags.split("|") if n], snippet, int(cut)])
    return {"cats": lines[0].split("\x1f"), "tags": [t for t in lines[1].split("\x1f") if t], "rows": rows}


def _rows(html: str) -> list[dict]:
    cats, venues = _options(html, "cat"), _options(html, "venue")
    rows = []
    for href, title, authors, year, numbers, venue, written, _tags, snippet, _cut in page_rows(html)["rows"]:
        rows.append({
            "href": href, "title": title, "year": year, "categories": "|".join(cats[n] for n in numbers),
            "venue": venues[venue] if venue >= 0 else "", "written": written,
            "text": " ".join([title, authors, written, snippet]).lower(),
        })
    return rows


def _resolve(site_dir: Path, page_url: str, href: str) -> Path:
    target = unquote(urlsplit(urljoin(page_url, href)).path).lstrip("/")
    path = site_dir / target
    return path / "index.html" if target.endswith("/") or not target else path


@pytest.mark.parametrize("use_directory_urls", [True, False])
@pytest.mark.parametrize("paper_pages", [True, False])
def test_all_papers_rows_links_and_escaping(site, use_directory_urls, paper_pages):

    prepare(site, use_directory_urls=use_directory_urls, paper_pages=paper_pages)
    site.build(strict=True)
    page = "all-papers/index.html" if use_directory_urls else "all-papers.html"
    html = site.html(page)
    rows = _rows(html)
    assert {r["title"] for r in rows} == set(PAPERS)
    for row in rows:
        title = row["title"]
        year, cats = PAPERS[title]
        assert row["year"] == (year or "")
        assert set(row["categories"].split("|")) == cats
        # every title link resolves to a built page (and to the anchor when there are no paper pages)
        target = _resolve(site.site, "http://x/" + page, row["href"])
        assert target.is_file(), (row["href"], target)
        if paper_pages:
            assert "/paper/" in "/" + str(target.relative_to(site.site))
        else:
            anchor = unquote(urlsplit(row["href"]).fragment)
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8")
    # entry text is data, never markup: in the page's JSON, < > & are escaped
    assert "<b>Bold</b>" not in html
    assert "편집 &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quotes&quot; | pipes" in html
    assert any(r["written"] == "CVPR2023 submission" for r in rows)  # the venue as written; the filter groups it without the year
    assert "cvpr" in _options(html, "venue") and "cvpr submission" not in _options(html, "venue")  # a submission to CVPR: under CVPR
    # newest first, undated last
    years = [r["year"] for r in rows]
    assert years[0] == "2023" and years[-1] == ""
    # the selects
    assert '<option value="2022">2022 (5)</option>' in html and '<option value="unknown">' in html
    assert '<option value="papers/image-generation">Image Generation (3)</option>' in html


@pytest.mark.slow
def test_all_papers_page_renders_10000_papers(tmp_path):
    """The template renders 10,000 papers (no MkDocs); its time is printed (bench/ measures it)."""
    n = 10_000
    entries = [entry(f"Paper number {i} about diffusion", f"23{i // 1000:02d}.{i % 1000:05d}", venue=f"CVPR {2015 + i % 9}",
                     date=f"{2015 + i % 9}-0{1 + i % 9}-1{i % 9}", authors=[f"Author {i}", "김 연구자"]) for i in range(n)]
    docs = tmp_path / "docs"
    (docs / "papers").mkdir(parents=True)
    for k in range(8):
        (docs / "papers" / f"c{k}.md").write_text(category(f"Category {k}", entries[k::8]), encoding="utf-8")
    catalog = load_catalog(docs)
    assert len(catalog.papers) == n
    renderer = Renderer(catalog, PageUrls())
    start = time.perf_counter()
    out = renderer.all_papers_page(lambda src: src[:-3] + "/").markdown
    elapsed = time.perf_counter() - start
    assert len(page_rows(out)["rows"]) == n
    stats = renderer.stats_page().markdown
    assert "<svg" in stats
    print(f"all-papers template for {n} papers: {elapsed:.2f} s")


# -- math ------------------------------------------------------------------------------------------

def test_math_becomes_mathml_in_the_built_pages(built):
    html = built.html("papers/image-editing/index.html")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<mi>\U0001d400</mi>" in html  # \mathbf{A}: MATHEMATICAL BOLD CAPITAL A
    assert '<annotation encoding="application/x-tex">\\mathbf{A}</annotation>' in html
    assert "<msub><mi>x</mi><mi>t</mi></msub>" in html
    assert "\\(" not in html  # nothing left for a script to typeset
    home = built.html("index.html")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in home
    assert "mdd-math-error" not in html + home


def test_latex_to_mathml_errors_are_values():
    assert latex_to_mathml("x_t").startswith("<math ")
    with pytest.raises(ValueError):
        latex_to_mathml("\\frac{1}{")
    with pytest.raises(ValueError):
        latex_to_mathml("  ")


def test_bad_math_is_left_as_text_with_a_warning(site):
    write_content(site)
    site.write("bad.md", "# Bad\n\n깨진 수식 $\\frac{1}{$ 끝.\n")
    site.config["markdown_extensions"] = site.config["markdown_extensions"] + MATH_EXTENSIONS
    site.build()
    html = site.html("bad/index.html")
    assert 'class="arithmatex mdd-math-error"' in html and "\\frac{1}{" in html
    assert any("math not converted to MathML" in w for w in site.warnings)


# -- the browser -----------------------------------------------------------------------------------

@contextlib.contextmanager
def browser_page(color_scheme: str = "light"):
    executable = chromium()
    from playwright import sync_api
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=color_scheme)
            page = context.new_page()
            page.outside = []  # requests to anything but the local server: refused and listed
            page.errors = []

            def route(r):
                if urlsplit(r.request.url).hostname == "127.0.0.1":
                    r.continue_()
                else:
                    page.outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            yield page
        finally:
            browser.close()


def _visible_titles(page) -> list[str]:
    return page.eval_on_selector_all("#mdd-papers tbody tr:not([hidden]) .mdd-title", "els => els.map(e => e.textContent)")


def _count(page) -> int:
    return int(page.get_attribute("#mdd-count", "data-count"))


def _wait_count(page, n: int) -> None:
    page.wait_for_function("n => document.querySelector('#mdd-count').dataset.count === String(n)", arg=n, timeout=5000)


@pytest.mark.browser
def test_filter_in_the_browser(built):
    with serve(built.site) as base, browser_page() as page:
        page.goto(base + "all-papers/", wait_until="domcontentloaded")
        page.wait_for_selector("form.mdd-filter:not([hidden])")
        assert _count(page) == len(PAPERS) and len(_visible_titles(page)) == len(PAPERS)
        assert page.text_content("#mdd-count") == f"{len(PAPERS)}편"

        # a word (case-insensitive, title/authors/venue), then a year, then a category
        page.fill("#mdd-text", "HERTZ")
        _wait_count(page, 2)
        assert set(_visible_titles(page)) == {"Null-text Inversion for Editing Real Images", "Prompt-to-Prompt Image Editing"}
        page.fill("#mdd-text", "editing")
        _wait_count(page, 4)
        page.select_option("#mdd-year", "2022")
        _wait_count(page, 3)
        page.select_option("#mdd-cat", "papers/image-generation")
        _wait_count(page, 1)
        assert _visible_titles(page) == ["Imagic: Text-Based Real Image Editing"]
        assert page.text_content("#mdd-count") == f"1편 (전체 {len(PAPERS)}편 중)"
        query = parse_qs(urlsplit(page.url).query)
        assert query == {"text": ["editing"], "year": ["2022"], "cat": ["papers/image-generation"]}

        # the shared URL gives the same view
        shared = page.url
        page.goto(base, wait_until="domcontentloaded")
        page.goto(shared, wait_until="domcontentloaded")
        page.wait_for_selector("form.mdd-filter:not([hidden])")
        _wait_count(page, 1)
        assert page.input_value("#mdd-text") == "editing" and page.input_value("#mdd-year") == "2022"
        assert not page.is_checked("#__search")  # Material's search dialog stays closed (it would open for ?q=)

        # Korean text, the undated papers, the venue select (years folded away), reset
        page.click("#mdd-filter button[type=reset]")
        _wait_count(page, len(PAPERS))
        assert urlsplit(page.url).query == ""
        page.fill("#mdd-text", "김철수")
        _wait_count(page, 1)
        page.fill("#mdd-text", "")
        page.select_option("#mdd-year", "unknown")
        _wait_count(page, 1)
        assert _visible_titles(page) == ["Undated Editing Paper"]
        page.select_option("#mdd-year", "")
        venues = page.eval_on_selector_all("#mdd-venue option", "os => os.map(o => [o.value, o.textContent])")
        assert ["cvpr", "CVPR (2)"] in venues  # a paper at CVPR and one submitted to it: one venue, the normalised one
        page.select_option("#mdd-venue", "neurips")
        _wait_count(page, 2)
        assert set(_visible_titles(page)) == {"Denoising Diffusion Probabilistic Models", "Video Diffusion Models"}
        page.fill("#mdd-text", "no such paper at all")
        _wait_count(page, 0)
        assert page.is_visible(".mdd-empty")

        assert page.errors == [] and page.outside == []


@pytest.mark.browser
def test_filter_survives_instant_navigation(tmp_path):
    """With Material's navigation.instant the page is swapped in without a reload: the filter
    still works (document$), and a query in a link is applied."""
    from conftest import Site

    site = Site(tmp_path / "project")
    prepare(site)
    site.config["theme"]["features"] = site.config["theme"].get("features", []) + ["navigation.instant"]
    site.write("index.md", "# Home\n\n[전체 논문](all-papers.md) · [2020년](all-papers.md?year=2020)\n")
    site.build(strict=True)
    with serve(site.site) as base, browser_page() as page:
        page.goto(base, wait_until="domcontentloaded")
        page.wait_for_function("() => typeof window.document$ !== 'undefined'")
        page.click("text=2020년")
        page.wait_for_selector("form.mdd-filter:not([hidden])")
        _wait_count(page, 1)
        assert _visible_titles(page) == ["Denoising Diffusion Probabilistic Models"]
        page.fill("#mdd-text", "imagic")
        page.select_option("#mdd-year", "")
        _wait_count(page, 1)
        assert page.errors == [] and page.outside == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stats_and_math_render_in_the_browser(built, scheme):
    """The charts have their size and readable text in both schemes; MathML is laid out natively."""
    shots = Path("/tmp/shots")
    shots.mkdir(exist_ok=True)
    with serve(built.site) as base, browser_page(scheme) as page:
        page.goto(base + "stats/", wait_until="domcontentloaded")
        # the palette follows the system preference, as in the project's mkdocs.yml
        expected = "slate" if scheme == "dark" else "default"
        page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=expected)
        boxes = page.eval_on_selector_all("figure.mdd-chart svg", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
        assert len(boxes) == 3 and all(w > 300 and h > 50 for w, h in boxes)  # per year, category, venue
        # bar fill differs from the page background; label text has the page's text colour
        colours = page.evaluate("""() => {
            const bar = getComputedStyle(document.querySelector('.mdd-bar')).fill;
            const label = getComputedStyle(document.querySelector('.mdd-label')).fill;
            const text = getComputedStyle(document.querySelector('.md-typeset')).color;
            const bg = getComputedStyle(document.body).backgroundColor;
            return {bar, label, text, bg};
        }""")
        assert colours["bar"] != colours["bg"] and colours["label"] == colours["text"]
        page.screenshot(path=str(shots / f"stats-{scheme}.png"), full_page=True)

        page.goto(base + "all-papers/?text=editing&year=2022&venue=CVPR%202023", wait_until="domcontentloaded")
        page.wait_for_selector("form.mdd-filter:not([hidden])")
        _wait_count(page, 1)
        assert _visible_titles(page) == ["Imagic: Text-Based Real Image Editing"]
        page.screenshot(path=str(shots / f"all-papers-filtered-{scheme}.png"), full_page=True)

        page.goto(base + "papers/image-editing/", wait_until="domcontentloaded")
        size = page.eval_on_selector("math", "m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; }")
        assert size[0] > 5 and size[1] > 5  # laid out as math, not an unknown inline element of raw TeX
        assert page.eval_on_selector("math", "m => m.namespaceURI") == "http://www.w3.org/1998/Math/MathML"
        assert page.errors == [] and page.outside == []
