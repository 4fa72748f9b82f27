"""What a reader of the hosted site gets: the all-papers page (summaries, tags, BibTeX, the
filter state in the URL, cards on a phone, its weight), the feeds' excerpts and channel image,
and the old URLs of renamed papers (``aliases:``), built through MkDocs and driven in Chromium.
"""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from conftest import category, entry, load_catalog, serve

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
RSS = {"rss": {"match_path": "paper/.*", "use_git": False,
               "date_from_meta": {"as_creation": "added", "as_update": "added", "datetime_format": "%Y-%m-%d"}, "length": 10}}

# Payloads in every field a row shows: none may run, none may become markup or break the .bib.
XSS_TITLE = '"><img src=x onerror="window.__xss=1"> } @misc{evil, title={x'
XSS_SUMMARY = "<script>window.__xss=2</script> [x](javascript:window.__xss=3) 편집 `<img src=x onerror=window.__xss=4>`"
XSS_VENUE = "<svg onload=window.__xss=5> CVPR 2023"
XSS_TAG = "<img src=x onerror=window.__xss=6>"


def _papers() -> tuple[str, str]:
    """Two category files: Korean summaries (the word 편집 in two of them, never in a title),
    a paper in both categories with one summary, tags, many authors, and attacker text."""
    long_summary = ("이 논문은 텍스트 조건으로 이미지를 편집하는 방법을 제안한다. " * 6).strip()
    shared = entry("Shared Paper in Two Categories", "2301.00010", venue="NeurIPS 2022", date="2022-05-01", added="2023-01-10",
                   summary="두 분류에 같은 요약이 있다. eg. 이 문장은 계속된다.", tags=["guidance"])
    first = category("Editing", [
        entry("Null-text Inversion", "2211.09794", venue="arXiv 2022", date="2022-11-17", added="2023-01-12",
              authors=["Ron Mokady", "Amir Hertz", "Kfir Aberman", "Yael Pritch", "Daniel Cohen-Or"],
              summary=long_summary, tags=["inversion", "editing"]),
        entry("Prompt-to-Prompt", "2208.01626", venue="ICLR 2023", date="2022-08-02", added="2023-01-11",
              summary="어텐션 맵을 바꿔 편집한다.", tags=["editing"]),
        shared,
        entry(XSS_TITLE, "2301.00011", venue=XSS_VENUE, date="2023-01-02", added="2023-01-09", summary=XSS_SUMMARY, tags=[XSS_TAG]),
    ], order=1)
    second = category("Generation", [
        entry("Denoising Diffusion Probabilistic Models", "2006.11239", venue="NeurIPS 2020", date="2020-06-19", added="2022-09-07",
              summary="노이즈를 더하고 되돌리는 과정을 학습한다."),
        dict(shared),
    ], order=2)
    return first, second


def _write(site, language: str = "ko") -> None:
    first, second = _papers()
    site.write("index.md", "# Home\n\n<!-- diffusion:stats -->\n")
    site.write("papers/editing.md", first, dedent=False)
    site.write("papers/generation.md", second, dedent=False)
    site.config["theme"]["language"] = language
    site.plugin_options(build_date="2023-01-20")


def _english_site(site) -> None:
    """An English list: every word on its pages comes from the content (English) or the theme."""
    site.write("index.md", "# Home\n\n<!-- diffusion:stats -->\n")
    site.write("papers/editing.md", category("Editing", [
        entry("Null-text Inversion", "2211.09794", venue="arXiv 2022", date="2022-11-17", added="2023-01-12",
              authors=["A One", "B Two", "C Three", "D Four", "E Five"], summary="Inverts a real image. Then edits it.", tags=["inversion"]),
        entry("Shared Paper", "2301.00010", venue="NeurIPS 2022", date="2022-05-01", added="2023-01-10", summary="One summary."),
    ], order=1), dedent=False)
    site.write("papers/generation.md", category("Generation", [
        entry("Shared Paper", "2301.00010", venue="NeurIPS 2022", date="2022-05-01", added="2023-01-10", summary="One summary."),
        entry("Undated Paper", "2301.00012", summary="No date at all."),
    ], order=2), dedent=False)
    site.config["theme"]["language"] = "en"
    site.config["plugins"] = [{"search": {"lang": ["en"]}}, "diffusion"]
    site.plugin_options(build_date="2023-01-20")


# -- excerpts ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Uses guidance, eg. classifier-free guidance. Then more.", "Uses guidance, eg. classifier-free guidance."),
    ("Uses guidance, e.g. CFG, i.e. no classifier. Next.", "Uses guidance, e.g. CFG, i.e. no classifier."),
    ("Ho et al. propose DDPM. Next.", "Ho et al. propose DDPM."),
    ("See Fig. 3 and cf. Eq. 2 vs. Eq. 4 here. Next.", "See Fig. 3 and cf. Eq. 2 vs. Eq. 4 here."),
    ("FID 3.5 is reached with 2. stages here. Next.", "FID 3.5 is reached with 2. stages here."),
    ("첫 문장입니다. 두 번째.", "첫 문장입니다."),
    ("source word(eg. dog) 와 target word(e.g. cat) 만 쓰는 논문. 다음.", "source word(eg. dog) 와 target word(e.g. cat) 만 쓰는 논문."),
])
def test_first_sentence_does_not_end_at_an_abbreviation(text, expected):
    from mkdocs_diffusion.render import first_sentence

    assert first_sentence(text) == expected


def test_a_long_sentence_is_cut_at_a_word_with_an_ellipsis():
    from mkdocs_diffusion.render import first_sentence

    cut = first_sentence("word " * 30 + "e.g. more", limit=40)
    assert cut.endswith("…") and len(cut) <= 40
    assert cut[:-1].split(" ") == ["word"] * len(cut[:-1].split(" "))  # whole words only


def test_feed_items_are_cut_at_a_sentence_and_the_channel_image_is_valid(site):
    import feedparser

    _write(site)
    site.config["plugins"].append(RSS)
    site.build()
    text = (site.site / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert "<url>None</url>" not in text
    feed = feedparser.parse(text.encode("utf-8"))
    assert not feed.bozo, feed.bozo_exception
    image = feed.feed.get("image")
    if image:  # absent, or an image of the built site
        assert image.href.startswith(site.config["site_url"])
        assert (site.site / image.href[len(site.config["site_url"]):]).is_file()
        assert image.href.endswith((".png", ".jpg", ".jpeg", ".gif"))
    descriptions = {e.title: htmllib.unescape(e.description) for e in feed.entries}
    assert descriptions["Shared Paper in Two Categories"] == "두 분류에 같은 요약이 있다."
    assert descriptions["Null-text Inversion"] == "이 논문은 텍스트 조건으로 이미지를 편집하는 방법을 제안한다."


def test_without_a_theme_image_the_feed_has_no_image(site):
    _write(site)
    site.config["theme"] = {"name": "mkdocs", "language": "ko"}
    site.config["plugins"].append(RSS)
    site.build()
    text = (site.site / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert "<url>None</url>" not in text and "<image>" not in text


# -- the all-papers page -------------------------------------------------------------------------------

def _page_json(html: str) -> dict:
    from test_stats_and_filter import page_rows

    return page_rows(html)


def test_all_papers_rows_carry_summaries_tags_and_side_files(site):
    _write(site)
    site.build()
    assert {w.split("[")[-1] for w in site.warnings} == {"raw-html]"}  # the attacker's summary only
    html = site.html("all-papers/index.html")
    data = _page_json(html)
    rows = {row[1]: row for row in data["rows"]}
    assert len(rows) == 5
    null_text = rows["Null-text Inversion"]
    assert null_text[2] == "Ron Mokady, Amir Hertz, Kfir Aberman 외"  # three names in the row
    assert null_text[9] == 1 and null_text[8].endswith("…") and len(null_text[8]) <= 60
    assert [data["tags"][n] for n in null_text[7]] == ["inversion", "editing"]
    # the tag select, counted in Python
    assert '<option value="editing">editing (2)</option>' in html
    # side files, in row order: the whole summary (and the names the row leaves out), the BibTeX
    search = json.loads((site.site / "all-papers.search.json").read_text(encoding="utf-8"))
    bib = json.loads((site.site / "all-papers.bib.json").read_text(encoding="utf-8"))
    order = [row[1] for row in data["rows"]]
    assert len(search) == len(bib) == len(order)
    i = order.index("Null-text Inversion")
    assert search[i][0].count("편집하는") == 6 and search[i][1] == "Yael Pritch, Daniel Cohen-Or"
    assert bib[i].startswith("@misc{") and "eprint = {2211.09794}" in bib[i]
    # every word the script shows is in the page, in the site's language
    form = re.search(r'<form class="mdd-filter".*?>', html, re.S).group(0)
    assert 'data-more="더 보기"' in form and 'data-less="접기"' in form
    script = (site.site / "assets/mkdocs_diffusion/filter.js").read_text(encoding="utf-8")
    assert not HANGUL.search(script)


def test_attacker_text_stays_data_on_the_all_papers_page_and_in_the_bibtex(site):
    _write(site)
    site.build()
    html = site.html("all-papers/index.html")
    for payload in ("<img", "<svg onload", "<script>window", "onerror=\"window"):
        assert payload not in html
    data = _page_json(html)
    row = next(r for r in data["rows"] if r[1] == XSS_TITLE)
    assert row[6] == XSS_VENUE and data["tags"][row[7][0]] == XSS_TAG
    assert "javascript:" not in row[0]
    raw = (site.site / "all-papers.bib.json").read_text(encoding="utf-8")
    assert "<" not in raw
    entry_text = next(b for b in json.loads(raw) if "2301.00011" in b)
    # one entry: its braces balance at every point and close only at the end
    depth, closed_at = 0, None
    for i, char in enumerate(entry_text):
        if char == "{" and entry_text[i - 1] != "\\":
            depth += 1
        elif char == "}" and entry_text[i - 1] != "\\":
            depth -= 1
            assert depth >= 0
            if depth == 0:
                closed_at = i
    assert closed_at == len(entry_text) - 1
    assert len(re.findall(r"^@\w+\{", entry_text, re.M)) == 1 and "\\}" in entry_text  # one entry: the title's "@misc{" is escaped


def test_a_renamed_paper_keeps_its_old_url(site):
    _write(site)
    text = category("Old", [entry("Score-based model learn manifolds", None, links={"paper": "https://openreview.net/forum?id=abc"},
                                  aliases=["Score-based model learnmanifolds", "<script>x</script>\"'", "score-based-model-learn-manifolds"])])
    site.write("papers/old.md", text, dedent=False)
    site.build()
    old = site.site / "paper/score-based-model-learnmanifolds/index.html"
    page = old.read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../score-based-model-learn-manifolds/">' in page
    assert '<link rel="canonical" href="https://example.org/list/paper/score-based-model-learn-manifolds/">' in page
    assert '<a href="../score-based-model-learn-manifolds/">Score-based model learn manifolds</a>' in page
    assert (site.site / "paper/score-based-model-learn-manifolds/index.html").is_file()
    # an alias with markup is slugged: a safe folder, no markup anywhere
    assert (site.site / "paper/script-x-script/index.html").is_file()
    assert "<script>" not in (site.site / "paper/script-x-script/index.html").read_text(encoding="utf-8")
    # the paper's own key as an alias makes nothing and is no problem
    assert not [w for w in site.warnings if "aliases" in w]


def test_an_alias_that_is_another_papers_key_is_an_error(site, tmp_path):
    from mkdocs_diffusion.collect import Source, collect

    _write(site)
    taken = category("Taken", [entry("Another Paper", "2301.00099", aliases=["2211.09794", "fine-old-key"])])
    site.write("papers/taken.md", taken, dedent=False)
    docs = site.docs
    sources = [(Source(p.relative_to(docs).as_posix(), str(p)), "papers") for p in sorted((docs / "papers").glob("*.md"))]
    result = collect(sources)
    problems = [p for p in result.problems if p.code == "alias-taken"]
    assert len(problems) == 1 and problems[0].path == "papers/taken.md" and problems[0].field == "aliases"
    assert set(result.catalog.aliases) == {"fine-old-key"}
    assert "`alias-taken`" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_all_papers_page_of_3000_papers_stays_under_1_mb(tmp_path):
    """The weight budget: the page's HTML (Markdown source here, the theme adds about 25 kB)
    for the benchmark's 3,000-paper list; the summaries and BibTeX are side files."""
    sys.path.insert(0, str(REPO))
    try:
        from bench.corpus import write_synthetic
    finally:
        sys.path.pop(0)
    from mkdocs_diffusion.render import PageUrls, Renderer

    docs = tmp_path / "docs"
    write_synthetic(docs, 3000, 30, 1)
    catalog = load_catalog(docs)
    renderer = Renderer(catalog, PageUrls())
    page = renderer.all_papers_page(lambda src: src[:-3] + "/" if src.endswith(".md") else src).markdown
    size = len(page.encode("utf-8"))
    print(f"all-papers page source for 3,000 papers: {size:,} bytes")
    assert size < 1_000_000 - 60_000
    assert len(_page_json(page)["rows"]) == 3000


# -- in the browser ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing", pytrace=False)
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect.set_options(timeout=10_000)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def ko_site(tmp_path_factory):
    from conftest import Site

    site = Site(tmp_path_factory.mktemp("reader") / "ko")
    _write(site)
    site.config["theme"]["features"] = ["navigation.instant"]
    site.build()  # not strict: the attacker's summary has raw HTML (a warning)
    with serve(site.site) as url:
        yield site, url


@pytest.fixture
def open_page(browser, request):
    """``open_page(base, width)``: a fresh page, only 127.0.0.1 reachable, no script errors, no
    dialogs; ``shot(page, name)`` saves tests/screenshots/reader-<name>.png."""
    contexts, errors = [], []

    def make(base: str, width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
        context.set_default_timeout(10_000)
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


def shot(page, name: str, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"reader-{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def _visible_titles(page) -> list[str]:
    return page.eval_on_selector_all("#mdd-papers tbody tr:not([hidden]) .mdd-title", "els => els.map(e => e.textContent)")


def _wait_count(page, n: int) -> None:
    page.wait_for_function("n => document.querySelector('#mdd-count').dataset.count === String(n)", arg=n)


def _ready(page) -> None:
    page.wait_for_selector("form.mdd-filter:not([hidden])")


@pytest.mark.browser
def test_a_korean_word_of_the_summaries_filters_all_papers(ko_site, open_page):
    site, base = ko_site
    page = open_page(base)
    page.goto(base + "all-papers/")
    _ready(page)
    total = len(load_catalog(site.docs).papers)
    _wait_count(page, total)
    expected = {p.title for p in load_catalog(site.docs).papers if any("편집" in e.summary for e in p.entries)}
    assert expected and not any("편집" in title for title in expected)
    page.fill("#mdd-text", "편집")
    _wait_count(page, len(expected))
    assert set(_visible_titles(page)) == expected
    # decomposed Hangul (as some keyboards send it) finds the same papers
    page.fill("#mdd-text", "")
    _wait_count(page, total)
    page.fill("#mdd-text", "\u1111\u1167\u11ab\u110c\u1175\u11b8")
    _wait_count(page, len(expected))
    # "more" shows a summary whole, "less" short again
    row = page.locator("#mdd-papers tbody tr", has_text="Null-text Inversion")
    summary = row.locator(".mdd-sum")
    assert summary.inner_text().endswith("…")
    row.locator("button.mdd-more").click()
    page.wait_for_function("el => !el.textContent.endsWith('…')", arg=summary.element_handle())
    assert summary.inner_text().count("편집하는") == 6
    assert row.locator("button.mdd-more").inner_text() == "접기"
    shot(page, "korean-filter")


@pytest.mark.browser
def test_the_filter_state_lives_in_the_url(ko_site, open_page):
    site, base = ko_site
    page = open_page(base)
    page.goto(base + "all-papers/")
    _ready(page)
    page.select_option("#mdd-tag", "editing")
    _wait_count(page, 2)
    page.select_option("#mdd-year", "2022")
    _wait_count(page, 2)
    page.fill("#mdd-text", "어텐션")
    page.locator("#mdd-text").press("Enter")
    _wait_count(page, 1)
    assert parse_qs(urlsplit(page.url).query) == {"tag": ["editing"], "year": ["2022"], "text": ["어텐션"]}
    # a reload gives the same view
    page.reload()
    _ready(page)
    _wait_count(page, 1)
    assert _visible_titles(page) == ["Prompt-to-Prompt"]
    assert page.input_value("#mdd-tag") == "editing" and page.input_value("#mdd-text") == "어텐션"
    # to a paper and back
    page.locator(".mdd-title", has_text="Prompt-to-Prompt").click()
    page.wait_for_url(re.compile(r"/paper/2208\.01626/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/all-papers/\?"))
    _ready(page)
    _wait_count(page, 1)
    assert page.input_value("#mdd-year") == "2022"
    # back through the filter's own steps: before the text, before the year
    page.go_back()
    _wait_count(page, 2)
    assert page.input_value("#mdd-text") == "" and page.input_value("#mdd-year") == "2022"
    page.go_back()
    page.wait_for_function("() => document.querySelector('#mdd-year') && document.querySelector('#mdd-year').value === ''")
    _wait_count(page, 2)
    assert page.input_value("#mdd-tag") == "editing"
    page.go_forward()
    page.wait_for_function("() => document.querySelector('#mdd-year').value === '2022'")


@pytest.mark.browser
def test_bibtex_of_the_filtered_rows_downloads_as_one_file(ko_site, open_page, tmp_path):
    site, base = ko_site
    page = open_page(base)
    page.goto(base + "all-papers/?year=2022")
    _ready(page)
    _wait_count(page, 3)
    with page.expect_download() as info:
        page.click("button.mdd-bibtex")
    download = info.value
    assert download.suggested_filename == "papers.bib"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert len(re.findall(r"^@\w+\{", text, re.M)) == 3
    for arxiv in ("2211.09794", "2208.01626", "2301.00010"):
        assert f"eprint = {{{arxiv}}}" in text
    assert "2301.00011" not in text and "2006.11239" not in text
    shot(page, "bibtex")
    # the attacker's title stays inside its field: one entry, "@misc{evil" escaped
    page.select_option("#mdd-year", "2023")
    _wait_count(page, 1)
    with page.expect_download() as info:
        page.click("button.mdd-bibtex")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert len(re.findall(r"^@\w+\{", text, re.M)) == 1 and "@misc\\{evil" in text
    assert page.evaluate("window.__xss") is None


@pytest.mark.browser
def test_attacker_text_in_rows_does_not_run(ko_site, open_page):
    site, base = ko_site
    page = open_page(base)
    page.goto(base + "all-papers/?text=" + "편집")
    _ready(page)
    row = page.locator("#mdd-papers tbody tr", has_text="@misc{evil")
    if row.locator("button.mdd-more").count():
        row.locator("button.mdd-more").click()
        page.wait_for_function("() => document.querySelector('button.mdd-more[aria-expanded=true]')")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#mdd-papers img, #mdd-papers svg, #mdd-papers script:not(.mdd-rows)").count() == 0
    assert row.locator(".mdd-title").inner_text() == XSS_TITLE
    assert XSS_VENUE in row.inner_text() and "#" + XSS_TAG in row.inner_text()
    links = page.eval_on_selector_all("#mdd-papers a", "els => els.map(a => a.href)")
    assert links and all(link.startswith(base) for link in links)


@pytest.mark.browser
def test_rows_are_cards_with_every_field_on_a_phone(ko_site, open_page):
    site, base = ko_site
    page = open_page(base, width=390)
    page.goto(base + "all-papers/")
    _ready(page)
    row = page.locator("#mdd-papers tbody tr", has_text="Null-text Inversion")
    row.scroll_into_view_if_needed()
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    cells = row.locator("td")
    for i in range(4):
        box = cells.nth(i).bounding_box()
        assert box and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= 390, (i, box)
    for part in (".mdd-title", ".mdd-authors", ".mdd-sum", ".mdd-tag", ".mdd-cats a"):
        element = row.locator(part).first
        assert element.is_visible(), part
        box = element.bounding_box()
        assert box["x"] + box["width"] <= 390, (part, box)
    text = row.inner_text()
    for field in ("2022", "Editing", "arXiv 2022", "Ron Mokady", "#inversion"):
        assert field in text
    # the table's head is not shown as a row; the page does not scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "cards-390")


@pytest.mark.browser
def test_the_old_url_of_a_renamed_paper_redirects(ko_site, open_page):
    site, base = ko_site
    renamed = site.root / "renamed"
    from conftest import Site

    other = Site(renamed)
    _write(other)
    other.write("papers/old.md", category("Old", [entry("Score-based model learn manifolds", None,
                                                        links={"paper": "https://openreview.net/forum?id=abc"},
                                                        aliases=["score-based-model-learnmanifolds"])]), dedent=False)
    other.build()
    with serve(other.site) as url:
        page = open_page(url)
        page.goto(url + "paper/score-based-model-learnmanifolds/")
        page.wait_for_url(url + "paper/score-based-model-learn-manifolds/")
        assert "Score-based model learn manifolds" in page.locator("article h1").inner_text()
        page.close()  # before the server stops (the search worker may still be loading)


@pytest.mark.browser
def test_a_paper_in_two_categories_shows_its_summary_once(ko_site, open_page):
    site, base = ko_site
    page = open_page(base)
    page.goto(base + "paper/2301.00010/")
    article = page.locator("article")
    assert article.inner_text().count("두 분류에 같은 요약이 있다.") == 1
    links = article.locator('a[href*="papers/"]').evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert any("editing" in h for h in links) and any("generation" in h for h in links)


def _plugin_text(page) -> str:
    """The text of the article without the contributors' own text (titles, names, summaries,
    category names): what is left are the plugin's words."""
    return page.evaluate("""() => {
        const article = document.querySelector("article").cloneNode(true);
        article.querySelectorAll("h1, h2, h3, .mdd-title, .mdd-authors, .mdd-sum, .mdd-summary, .mdd-meta, .mdd-cats, td, "
            + ".mdd-also a, li a, pre, code, .mdd-tag, option").forEach(e => e.remove());
        return article.innerText;
    }""")


@pytest.mark.browser
def test_an_english_site_has_no_korean_in_the_plugins_words(open_page, tmp_path):
    from conftest import Site

    site = Site(tmp_path / "en")
    _english_site(site)
    site.build(strict=True)
    assert not HANGUL.search((site.site / "papers.json").read_text(encoding="utf-8"))
    with serve(site.site) as base:
        page = open_page(base)
        for path in ("", "updates/", "all-papers/", "stats/", "papers/editing/", "paper/2301.00010/"):
            page.goto(urljoin(base, path))
            if path == "all-papers/":
                _ready(page)
                page.fill("#mdd-text", "inverts")
                _wait_count(page, 1)
            body = page.locator("body").inner_text()
            assert not HANGUL.search(body), (path, HANGUL.findall(body)[:10])
            attributes = page.evaluate("""() => Array.from(document.querySelectorAll('[data-more],[data-less],[data-one],[data-other],'
                + '[data-of],[data-loading],[data-failed],[placeholder],[aria-label],[title]'))
                .flatMap(e => Array.from(e.attributes).map(a => a.value))""")
            assert not [a for a in attributes if HANGUL.search(a)], path
        shot(page, "english-site")


@pytest.mark.browser
def test_a_korean_site_has_no_doubled_labels(ko_site, open_page):
    site, base = ko_site
    page = open_page(base)
    doubled = re.compile(r"[\uac00-\ud7a3][^/\n]*\s/\s[A-Za-z]|[A-Za-z][^/\n]*\s/\s[\uac00-\ud7a3]")
    for path in ("", "updates/", "all-papers/", "stats/", "papers/editing/", "paper/2301.00010/"):
        page.goto(urljoin(base, path))
        if path == "all-papers/":
            _ready(page)
        text = _plugin_text(page)
        assert not doubled.search(text), (path, doubled.findall(text))
        assert HANGUL.search(text), path  # the plugin speaks Korean here


def test_the_repos_renamed_paper_keeps_its_old_key_as_an_alias():
    """docs/: the title typo "learnmanifold-like" is fixed, and the paper's old page key (which
    had the typo) is its alias, so the old URL redirects."""
    from mkdocs_diffusion.collect import Source, collect

    docs = REPO / "docs"
    sources = [(Source(p.relative_to(docs).as_posix(), str(p)), p.relative_to(docs).parts[0])
               for p in sorted(docs.glob("*/*.md")) if p.relative_to(docs).parts[0] in ("papers", "resources")]
    result = collect(sources)
    assert not [p for p in result.problems if p.code == "alias-taken"]
    old = "score-based-generative-model-learnmanifold-like-structures-with-constrained"
    paper = result.catalog.aliases[old]
    assert paper.title == "Score-based generative model learn manifold-like structures with constrained mixing"
    assert paper.key == old.replace("learnmanifold", "learn-manifold")
    titles = {p.title for p in result.catalog.papers}
    assert not [t for t in titles if re.search(r"et al\., \d{4}$|learnmanifold", t)]
    assert not [e for e in result.catalog.entries if "?context=" in e.links.get("paper", "")]
    assert not {e.venue for e in result.catalog.entries} & {"NeurlPS 2022", "NeurIPS22", "arxiv", "arxiv preprint"}
