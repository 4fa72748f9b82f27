"""One language per site: the plugin's words come from the catalog of `theme.language` (or the
plugin's `language`), English as the fallback, single messages replaceable in mkdocs.yml."""

from __future__ import annotations

import html as html_module
import re

from conftest import category, entry
from mkdocs_diffusion.i18n import MESSAGES, Messages

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PAGES = ["papers/a/index.html", "paper/2301.00001/index.html", "updates/index.html", "all-papers/index.html", "stats/index.html", "index.html"]


def build(site, language: str, **options):
    site.config["theme"] = dict(site.config["theme"], language=language)
    site.config["plugins"] = [{"search": {"lang": [language]}}, {"diffusion": options}]
    site.write("index.md", "# Home\n\n<!-- diffusion:stats -->\n")
    papers = [entry("Shared paper", "2301.00001", added="2023-01-02", date="2023-01-01"), entry("Undated", "2301.00002", added="2023-01-01")]
    site.write("papers/a.md", category("A", papers), dedent=False)
    site.write("papers/b.md", category("B", [papers[0]]), dedent=False)
    return site.build()


def content(site, page: str) -> str:
    html = site.html(page)
    text = html[html.index("<article"): html.index("</article>")]
    text = re.sub(r'<div class="mdd-rows" hidden>.*?</div>', " ", text, flags=re.S)  # data for the page's script, not shown
    return html_module.unescape(re.sub(r"<[^>]+>", " ", text))


def test_every_language_has_every_message():
    for language, table in MESSAGES.items():
        assert set(table) == set(MESSAGES["en"]), language


def test_english_site_has_no_hangul_in_the_plugins_words(site):
    build(site, "en")
    for page in PAGES:
        text = content(site, page).replace("요약입니다", "")  # the entries' own summaries are Korean
        assert not HANGUL.search(text), (page, HANGUL.search(text) and text[HANGUL.search(text).start() - 60:][:120])
    assert "Also in" in content(site, "papers/a/index.html") and "New updates" in content(site, "updates/index.html")


def test_korean_site_has_no_doubled_labels(site):
    build(site, "ko")
    for page in PAGES:
        text = content(site, page)
        for english in ("Also in", "New updates", "Paper page", "Summary", "Statistics", "All papers", "papers", "et al."):
            assert english not in text, (page, english)
        assert not re.search(r"[\uac00-\ud7a3]+ / [A-Z][a-z]+", text), page
    assert "다른 분류" in content(site, "papers/a/index.html")


def test_a_site_replaces_single_messages_and_typos_are_reported(site):
    build(site, "en", messages={"entry.also_in": "Listed too in:", "entry.also_inn": "typo"})
    assert "Listed too in:" in content(site, "papers/a/index.html")
    assert any("'entry.also_inn' is not a message" in w for w in site.warnings)


def test_language_codes_and_fallback():
    assert Messages("ko-KR").language == "ko" and Messages("pt_BR").language == "en" and Messages(None).language == "en"
    assert Messages("en")("all.count", n=1) == "1 paper" and Messages("en")("all.count", n=3) == "3 papers"
    assert Messages("ko")("all.count", n=3) == "3편"
