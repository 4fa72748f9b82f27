"""The repository's own site (mkdocs.yml, docs/) driven in headless Chromium.

The site is built once for the module (``mkdocs build --strict`` in a subprocess, as a
contributor would) and served with ``http.server`` on 127.0.0.1; one browser serves every test,
each test gets a fresh context (so the palette choice in localStorage does not leak) and every
request to another host is refused and recorded. Each test saves a screenshot under
``tests/screenshots/`` (gitignored) named after it, for a human to look at.

Needs Debian's Chromium at /usr/bin/chromium (``bash .ci/run`` installs it): without it the
tests are skipped locally and fail under CI (``CI`` set).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from conftest import CHROMIUM_ARGS, chromium, load_catalog, serve

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TIMEOUT = 10_000  # ms, for anything the page does after an action
# Material loads Roboto from Google Fonts unless `theme.font: false` (the text falls back to the
# system fonts when that is refused) ...
ALLOWED_FOREIGN = ("https://fonts.googleapis.com/", "https://fonts.gstatic.com/")
# ... and Material asks GitHub's API for the stars, forks and latest release of `repo_url`.
ALLOWED_FOREIGN += ("https://api.github.com/repos/",)

# A word in exactly one summary of the list (docs/papers/math-based-improvements.md, "On
# Calibrating Diffusion Probabilistic Models"); the search test checks that against the data.
SEARCH_WORD = "마팅게일"
CONTROLNET = "2302.05543"


# -- the site -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict of the repository's site failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="module")
def base_url(site_dir) -> str:
    # Material's instant navigation and search use relative URLs: the site dir served at '/' works
    # although site_url has a path prefix.
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, base_url, request):
    """A page in a fresh light-mode context; only 127.0.0.1 is reachable; no script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="light", locale="ko-KR")
    context.set_default_timeout(TIMEOUT)
    foreign: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith(base_url):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"script errors on the page: {errors}"
    unexpected = [url for url in foreign if not url.startswith(ALLOWED_FOREIGN)]
    assert not unexpected, f"the site asked for other hosts (refused): {unexpected}"


@pytest.fixture
def shot(page, request):
    """``shot()`` saves ``tests/screenshots/<test>.png``; ``shot("dark")`` ``<test>-dark.png``."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(suffix: str = "", full_page: bool = False) -> Path:
        name = re.sub(r"[^\w.-]+", "_", request.node.name) + (f"-{suffix}" if suffix else "")
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path

    return take


def _expect():
    from playwright.sync_api import expect

    return expect





def _page_url(src: str) -> str:
    """Site-relative URL of a page source under use_directory_urls (``papers/x.md`` -> ``papers/x/``)."""
    stem = src[:-3] if src.endswith(".md") else src
    return "" if stem == "index" else (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def _path_and_fragment(url: str, base_url: str) -> tuple[str, str]:
    """(path relative to the site root, fragment) of ``url``, which may be relative to ``base_url``."""
    root = urlsplit(base_url)
    parts = urlsplit(urljoin(base_url, url))
    assert (parts.scheme, parts.netloc) == (root.scheme, root.netloc), url
    return unquote(parts.path)[len("/"):], unquote(parts.fragment)


def _luminance(css_colour: str) -> float:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css_colour)[:3]]
    assert len(numbers) == 3, css_colour
    r, g, b = (n / 255 for n in numbers)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _scheme(page) -> str | None:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def _background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


# -- the tests ------------------------------------------------------------------------------------


def test_search_finds_a_korean_word_and_opens_the_hit(page, base_url, shot):
    expect = _expect()
    hits = [e for e in load_catalog(DOCS).entries if SEARCH_WORD in e.summary]
    assert 1 <= len(hits) <= 3, f"{SEARCH_WORD!r} should be in one or a few summaries, it is in {len(hits)}"
    # Where a hit may lead: the entry on its topic page, or the summary on its paper page.
    targets = {(_page_url(e.category.path), e.anchor) for e in hits}
    targets |= {(f"paper/{e.paper.key}/", "summary") for e in hits}
    targets |= {(path, "") for path, _ in targets}  # a page-level hit (no section)

    page.goto(base_url)
    page.keyboard.press("/")  # Material's shortcut for the search
    search = page.locator("input.md-search__input")
    expect(search).to_be_focused()
    search.fill(SEARCH_WORD)
    # results for the whole word (each result link carries the query for search.highlight)
    results = page.locator(".md-search-result__item a.md-search-result__link")
    # Material builds the index in a web worker when the page loads: on a loaded machine that can
    # take longer than the other waits, so this one wait is longer.
    expect(page.locator(f'.md-search-result a[href*="h={quote(SEARCH_WORD)}"]').first).to_be_visible(timeout=3 * TIMEOUT)
    expect(page.locator(".md-search-result__meta")).not_to_have_text(re.compile("일치하는 문서가 없습니다|No matching"))
    expect(page.locator(".md-search-result").get_by_text(SEARCH_WORD).first).to_be_visible()
    shot()

    # The first hit on a section (an entry or a summary), else the first hit.
    links = [(results.nth(i), results.nth(i).get_attribute("href") or "") for i in range(results.count())]
    link, href = next(((a, h) for a, h in links if "#" in h), links[0])
    expected_path, expected_fragment = _path_and_fragment(href, base_url)
    assert (expected_path, expected_fragment) in targets, f"search hit {href} is not one of {sorted(targets)}"
    link.click()

    expect(page).to_have_url(re.compile(re.escape(urljoin(base_url, expected_path)) + r"(\?[^#]*)?" + (
        "#" + re.escape(expected_fragment) if expected_fragment else r"(#.*)?") + "$"))
    assert _path_and_fragment(page.url, base_url)[0] == expected_path
    article = page.locator("article.md-content__inner")
    expect(article).to_contain_text(SEARCH_WORD)
    if expected_fragment:
        expect(page.locator(f'[id="{expected_fragment}"]')).to_be_in_viewport()
    # search.highlight marks the word on the page it opened
    expect(article.locator("mark").filter(has_text=SEARCH_WORD).first).to_be_visible()
    shot("opened")


def _first_cross_reference(site_dir: Path) -> tuple[str, str]:
    """(topic page URL, href) of the first "Also in" link to another category in the site."""
    pattern = re.compile(r'<div class="mdd-also">(.*?)</div>', re.S)
    for html_file in sorted((site_dir / "papers").glob("*/index.html")):
        html = html_file.read_text(encoding="utf-8")
        for block in pattern.findall(html):
            for href in re.findall(r'<a href="([^"]+)"', block):
                if "#" in href:
                    return html_file.parent.relative_to(site_dir).as_posix() + "/", href
    pytest.fail("no topic page of the site has an 'Also in' link to another category")


def test_cross_reference_opens_the_entry_in_the_other_category(page, base_url, site_dir, shot):
    expect = _expect()
    topic, _ = _first_cross_reference(site_dir)
    page.goto(urljoin(base_url, topic))
    link = page.locator('.mdd-also a[href*="#"]').first
    link.scroll_into_view_if_needed()
    href = link.get_attribute("href")
    target_path, anchor = _path_and_fragment(href, base_url + topic)
    assert anchor and target_path != topic
    link.click()

    expect(page).to_have_url(re.compile(re.escape(urljoin(base_url, target_path)) + "#" + re.escape(anchor) + "$"))
    target = page.locator(f'[id="{anchor}"]')
    expect(target).to_have_count(1)
    expect(target).to_be_in_viewport()
    assert target.evaluate("e => e.tagName") == "H2"
    # the entry is the same paper: its "Also in" block links back to the page we came from
    back = target.locator("xpath=following-sibling::div[contains(@class, 'mdd-also')][1]")
    back_links = back.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert any(_path_and_fragment(url, base_url)[0] == topic for url in back_links), back_links
    shot()


def test_dark_mode_toggle(page, base_url, shot):
    expect = _expect()
    page.goto(base_url)
    assert _scheme(page) == "default"
    assert _luminance(_background(page)) > 0.8, _background(page)
    shot("light")

    toggle = page.locator('form[data-md-component="palette"] label:not([hidden])')
    expect(toggle).to_have_count(1)
    toggle.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.wait_for_function("getComputedStyle(document.body).backgroundColor !== 'rgb(255, 255, 255)'")
    assert _luminance(_background(page)) < 0.2, _background(page)
    text = page.evaluate("getComputedStyle(document.querySelector('article')).color")
    assert _luminance(text) > 0.6, f"text colour {text} on a dark background"

    # the choice stays when moving to another page (instant navigation and a full load)
    page.locator(".md-tabs__link, .md-nav__link").filter(has_text=re.compile("새로 추가")).first.click()
    expect(page).to_have_url(re.compile(r"/updates/$"))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.goto(urljoin(base_url, f"paper/{CONTROLNET}/"))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert _luminance(_background(page)) < 0.2
    shot("dark")

    page.locator('form[data-md-component="palette"] label:not([hidden])').click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)'")
    assert _luminance(_background(page)) > 0.8


def test_paper_page_has_bibtex_with_a_copy_button(page, base_url, shot):
    expect = _expect()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page.goto(urljoin(base_url, f"paper/{CONTROLNET}/"))
    expect(page.locator("article h1")).to_contain_text("Adding Conditional Control to Text-to-Image Diffusion Models")
    expect(page.locator("article h2#bibtex")).to_be_visible()
    block = page.locator("article h2#bibtex ~ div.highlight").first
    code = block.locator("pre code")
    expect(code).to_contain_text("@")
    expect(code).to_contain_text(CONTROLNET)
    expect(code).to_contain_text("Adding Conditional Control")
    # Material 9.5-9.6: button.md-clipboard; 9.7+: nav.md-code__nav > button[data-md-type=copy]
    button = block.locator('button.md-clipboard, button.md-code__button[data-md-type="copy"]')
    expect(button).to_have_count(1)
    block.hover()
    expect(button).to_be_visible()
    # the categories of the paper link back to its topic page
    # (each listing links to the entry on its topic page)
    expect(page.locator('article .mdd-listings a[href*="papers/stable-diffusion-freeze/#"]')).to_have_count(1)
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == code.inner_text().strip()
    assert copied.lstrip().startswith("@") and CONTROLNET in copied
    block.scroll_into_view_if_needed()
    shot()


def test_updates_page_lists_the_date_groups_newest_first(page, base_url, shot):
    expect = _expect()
    page.goto(urljoin(base_url, "updates/"))
    expect(page.locator("article h1")).to_contain_text("새로 추가된 논문")
    headings = page.locator('article h3[id^="added-"]')
    expect(headings.first).to_be_visible()
    dates = [h.split("\n")[0].strip().rstrip("¶").strip() for h in headings.all_inner_texts()]
    ids = [headings.nth(i).get_attribute("id") for i in range(headings.count())]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates), dates
    assert ids == [f"added-{d}" for d in dates]
    assert len(dates) >= 2
    assert dates == sorted(dates, reverse=True), "date groups are not newest first"
    assert len(set(dates)) == len(dates), "a date has two groups"
    expected = sorted({p.added for p in load_catalog(DOCS).papers if p.added}, reverse=True)  # a paper is added once
    assert dates == expected
    # every group lists at least one paper, linking to its page
    for i in range(headings.count()):
        items = headings.nth(i).locator("xpath=following-sibling::ul[1]/li")
        assert items.count() >= 1, dates[i]
        expect(items.first.locator("a").first).to_have_attribute("href", re.compile(r"(^|/)paper/[^/]+/$"))
    shot()


def test_math_in_a_summary_is_rendered(page, base_url, site_dir, shot):
    expect = _expect()
    entry = next((e for e in load_catalog(DOCS).entries if re.search(r"\$[^$\s][^$]*\$", e.summary)), None)
    assert entry is not None, "no summary with $...$ in the list"
    page.goto(urljoin(base_url, _page_url(entry.category.path)) + "#" + entry.anchor)
    heading = page.locator(f'[id="{entry.anchor}"]')
    expect(heading).to_be_visible()
    math = page.locator("article .arithmatex").first
    expect(math).to_be_attached()
    math.scroll_into_view_if_needed()
    shot()
    text = math.inner_text()
    assert "\\(" not in text and "\\)" not in text and "$" not in text, f"math shown as source: {text!r}"
    rendered = math.locator("math, mjx-container, .katex")
    expect(rendered.first).to_be_visible()
    box = rendered.first.bounding_box()
    assert box and box["width"] > 2 and box["height"] > 2, box
    # no formula of the whole site is left as TeX source
    raw = page.evaluate(
        "Array.from(document.querySelectorAll('article .arithmatex'))"
        ".filter(e => /\\\\\\(|\\\\\\[/.test(e.innerText)).map(e => e.innerText)"
    )
    assert not raw, raw


def test_all_papers_filter_shrinks_the_table(page, base_url, shot):
    expect = _expect()
    page.goto(urljoin(base_url, "all-papers/"))
    form = page.locator("form.mdd-filter")
    expect(form).to_be_visible()  # filter.js shows it once it is ready
    rows = page.locator("#mdd-papers tbody tr")
    visible = page.locator("#mdd-papers tbody tr:not([hidden])")
    count = page.locator("#mdd-count")
    total = rows.count()
    assert total == len(load_catalog(DOCS).papers)
    expect(visible).to_have_count(total)
    before = count.inner_text()
    assert str(total) in before

    page.locator("#mdd-text").fill("conditional control")
    expect(visible).not_to_have_count(total)
    shown = visible.count()
    assert 1 <= shown < total
    expect(count).not_to_have_text(before)
    expect(count).to_contain_text(f"{shown}편")
    expect(count).to_have_attribute("data-count", str(shown))
    expect(visible.first).to_contain_text(re.compile("conditional control", re.I))
    expect(page).to_have_url(re.compile(r"[?&]text=conditional"))
    shot()

    page.locator("form.mdd-filter button[type=reset]").click()
    expect(visible).to_have_count(total)
    expect(count).to_have_attribute("data-count", str(total))


def _contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two opaque CSS ``rgb()`` colours."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    def luminance(colour: str) -> float:
        r, g, b = (linear(float(n) / 255) for n in re.findall(r"[\d.]+", colour)[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _link_button_contrast(page) -> float:
    colours = page.evaluate(
        "[getComputedStyle(document.querySelector('article a.mdd-link')).color,"
        " getComputedStyle(document.body).backgroundColor]"
    )
    return _contrast(*colours)


def test_link_buttons_are_readable_in_light_mode(page, base_url):
    page.goto(urljoin(base_url, f"paper/{CONTROLNET}/"))
    assert _link_button_contrast(page) >= 4.5


def test_link_buttons_are_readable_in_dark_mode(browser, base_url):
    context = browser.new_context(color_scheme="dark")  # the palette follows the system preference
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base_url) else r.abort())
        page.goto(urljoin(base_url, f"paper/{CONTROLNET}/"))
        assert _scheme(page) == "slate"
        ratio = _link_button_contrast(page)
    finally:
        context.close()
    assert ratio >= 4.5, f"contrast {ratio:.2f}:1"


# Text that is Markdown, attr_list or Jinja syntax and should have been turned into HTML.
_SOURCE_TEXT = r"\{:?\s*[.#][\w-]+[^}\n]*\}|\{\{|\{%|\]\(|^#{1,6} "


@pytest.mark.parametrize("path", [
    "",
    "updates/",
    "papers/math-based-improvements/",
    f"paper/{CONTROLNET}/",
    "resources/posts/",
    "all-papers/",
    "stats/",
])
def test_no_markup_source_is_visible(page, base_url, path):
    """No Markdown/attr_list/Jinja source leaks into the text of a generated page (code excepted)."""
    page.goto(urljoin(base_url, path))
    leaks = page.evaluate(
        """pattern => {
            const re = new RegExp(pattern, "m");
            const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
            const found = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (node.parentElement.closest("pre, code, script, style, math")) continue;
                if (re.test(node.textContent)) found.push(node.textContent.trim().slice(0, 120));
            }
            return found;
        }""",
        _SOURCE_TEXT,
    )
    assert not leaks, leaks
