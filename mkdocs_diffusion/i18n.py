"""The words the plugin shows readers, one catalog per language.

A site has one language: the plugin's ``language`` option, else ``theme.language``, else English.
A message missing from a language falls back to English; a site may replace any message in
``mkdocs.yml`` (the plugin's ``messages`` option, ``key: text``). A message is a string with
``{name}`` fields, or, when it counts something, a mapping of plural forms (``one``, ``other``)
chosen by the value ``n``. Templates call ``t("key", n=...)``; the filter script reads its
words from the page's ``data-`` attributes, which the templates fill from here.
"""

from __future__ import annotations

from typing import Mapping

Message = str | Mapping[str, str]

MESSAGES: dict[str, dict[str, Message]] = {
    "en": {
        "updates.title": "New updates",
        "updates.description": "Papers added to the list, newest first",
        "updates.lead": "By the date each paper was added to the list, newest first.",
        "updates.subscribe": "Subscribe:",
        "updates.recent": "In the last {days} days ({since} – {today})",
        "updates.earlier": "Earlier",
        "updates.none": "No paper has a date of addition yet.",
        "stats.title": "Statistics",
        "stats.description": "Papers per year and per category",
        "stats.papers": {"one": "**{n}** paper", "other": "**{n}** papers"},
        "stats.categories": {"one": "**{n}** category", "other": "**{n}** categories"},
        "stats.listings": {"one": "**{n}** listing", "other": "**{n}** listings"},
        "stats.in_several": {"one": "**{n}** paper in more than one category", "other": "**{n}** papers in more than one category"},
        "stats.resources": {"one": "**{n}** resource (posts, videos, papers)", "other": "**{n}** resources (posts, videos, papers)"},
        "stats.undated": {"one": "**{n}** paper without a date", "other": "**{n}** papers without a date"},
        "stats.per_year": "Papers per year",
        "stats.per_year_caption": "By publication year",
        "stats.per_category": "Papers per category",
        "stats.per_category_caption": "Listings per category (a paper can be in several)",
        "stats.as_table": "As a table",
        "stats.year": "Year",
        "stats.count": "Papers",
        "stats.category": "Category",
        "chart.no_data": "No data",
        "chart.unit": "",
        "year.unknown": "unknown",
        "all.title": "All papers",
        "all.description": "Every paper, filtered by text, year, category, venue and tag",
        "all.text": "Text",
        "all.text_placeholder": "title, authors, venue, summary",
        "all.year": "Year",
        "all.category": "Category",
        "all.categories": "Categories",
        "all.venue": "Venue",
        "all.all": "All",
        "all.reset": "Reset",
        "all.paper_title": "Title",
        "all.count": {"one": "{n} paper", "other": "{n} papers"},
        "all.count_of": "{n} of {total}",
        "all.empty": "No paper matches.",
        "authors.et_al": "et al.",
        "category.empty": "No entries yet.",
        "entry.also_in": "Also in:",
        "entry.paper_page": "Paper page",
        "paper.added": "Added to the list:",
        "paper.summary": "Summary",
        "paper.categories": "Categories",
        "home.counts": "**{papers}** papers in **{categories}** categories",
        "home.latest": "Latest additions",
        "home.all_updates": "All updates",
        "problems.title": "Problems in this file (shown by mkdocs serve only)",
        "import.home_lead": "This list was imported from {source} with `mkdocs-diffusion import`; its categories are in the navigation.",
        "venue.submitted": "submitted",
        "venue.other": "Other venues",
        "venue.none": "No venue",
        "stats.per_venue": "Papers per venue",
        "stats.per_venue_caption": "Each paper once, under its venue's usual name (NeurIPS22 counts as NeurIPS); the {n} most frequent venues, then the rest together",
        "stats.venue": "Venue",
        "tags.title": "Tags",
        "tags.description": "Every tag and its papers",
        "tags.none": "No tags yet.",
        "tag.title": "Tag: {tag}",
        "tag.description": {"one": "{n} paper tagged {tag}", "other": "{n} papers tagged {tag}"},
        "tag.count": {"one": "{n} paper", "other": "{n} papers"},
        "tag.all": "All tags",
        "problem.venue_misspelt": "{written!r} is not a venue name: did you mean {name}?",
        "problem.tag_variant": "tag {tag!r} differs from {other!r} ({where}) only in case or spacing: use one spelling",
        "updates.year_title": "Added in {year}",
        "updates.year_count": {"one": "{year} ({n} paper)", "other": "{year} ({n} papers)"},
        "paper.edit_listing": "Edit",
        "paper.edit_listing_title": "Edit this entry in the file of {category}",
        "all.tag": "Tag",
        "all.more": "More",
        "all.less": "Less",
        "all.loading": "Loading the summaries…",
        "all.load_failed": "The summaries could not be loaded: the text filter searches titles, authors, venues and tags only.",
        "all.bibtex": "Download BibTeX",
        "all.needs_script": "This list is shown by a script of the page: turn JavaScript on, or browse the papers by topic.",
        "redirect.moved": "This page has moved:",
    },
    "ko": {
        "updates.title": "새로 추가된 논문",
        "updates.description": "목록에 새로 추가된 논문, 최신순",
        "updates.lead": "목록에 추가된 날짜 순으로, 최신 항목이 위에 있습니다.",
        "updates.subscribe": "구독:",
        "updates.recent": "최근 {days}일 ({since} – {today})",
        "updates.earlier": "이전",
        "updates.none": "아직 추가 날짜가 있는 논문이 없습니다.",
        "stats.title": "통계",
        "stats.description": "연도별·분류별 논문 수",
        "stats.papers": "논문 **{n}**편",
        "stats.categories": "분류 **{n}**개",
        "stats.listings": "목록 항목 **{n}**개",
        "stats.in_several": "여러 분류에 실린 논문 **{n}**편",
        "stats.resources": "자료 **{n}**개 (글, 영상, 논문)",
        "stats.undated": "날짜 미상 **{n}**편",
        "stats.per_year": "연도별 논문 수",
        "stats.per_year_caption": "논문 발표 연도 기준",
        "stats.per_category": "분류별 논문 수",
        "stats.per_category_caption": "분류마다 실린 항목 수 (한 논문이 여러 분류에 실릴 수 있음)",
        "stats.as_table": "표로 보기",
        "stats.year": "연도",
        "stats.count": "논문",
        "stats.category": "분류",
        "chart.no_data": "데이터 없음",
        "chart.unit": "편",
        "year.unknown": "미상",
        "all.title": "전체 논문",
        "all.description": "모든 논문을 검색어, 연도, 분류, 발표처, 태그로 거르기",
        "all.text": "검색어",
        "all.text_placeholder": "제목, 저자, 발표처, 요약",
        "all.year": "연도",
        "all.category": "분류",
        "all.categories": "분류",
        "all.venue": "발표처",
        "all.all": "전체",
        "all.reset": "초기화",
        "all.paper_title": "제목",
        "all.count": "{n}편",
        "all.count_of": "{n} (전체 {total}편 중)",
        "all.empty": "조건에 맞는 논문이 없습니다.",
        "authors.et_al": "외",
        "category.empty": "아직 항목이 없습니다.",
        "entry.also_in": "다른 분류:",
        "entry.paper_page": "논문 페이지",
        "paper.added": "목록에 추가:",
        "paper.summary": "요약",
        "paper.categories": "분류",
        "home.counts": "논문 **{papers}**편 · 분류 **{categories}**개",
        "home.latest": "최근 추가",
        "home.all_updates": "새로 추가된 논문 전체 보기",
        "problems.title": "이 파일의 문제 (mkdocs serve에서만 보입니다)",
        "import.home_lead": "이 목록은 {source}에서 `mkdocs-diffusion import`로 가져왔습니다. 분류는 내비게이션에서 고를 수 있습니다.",
        "venue.submitted": "심사 중",
        "venue.other": "기타 발표처",
        "venue.none": "발표처 없음",
        "stats.per_venue": "발표처별 논문 수",
        "stats.per_venue_caption": "논문마다 한 번, 발표처의 통용 이름으로 셈 (NeurIPS22는 NeurIPS로). 가장 많은 {n}곳과 나머지 전체",
        "stats.venue": "발표처",
        "tags.title": "태그",
        "tags.description": "모든 태그와 태그별 논문",
        "tags.none": "아직 태그가 없습니다.",
        "tag.title": "태그: {tag}",
        "tag.description": "'{tag}' 태그가 붙은 논문 {n}편",
        "tag.count": "{n}편",
        "tag.all": "모든 태그",
        "problem.venue_misspelt": "{written!r}은(는) 발표처 이름이 아닙니다. {name}의 오타인가요?",
        "problem.tag_variant": "태그 {tag!r}은(는) {other!r}({where})와 대소문자나 띄어쓰기만 다릅니다. 한 가지 표기로 통일하세요.",
        "updates.year_title": "{year}년에 추가된 논문",
        "updates.year_count": "{year}년 ({n}편)",
        "paper.edit_listing": "편집",
        "paper.edit_listing_title": "{category} 파일에서 이 항목 편집",
        "all.tag": "태그",
        "all.more": "더 보기",
        "all.less": "접기",
        "all.loading": "요약을 불러오는 중…",
        "all.load_failed": "요약을 불러오지 못했습니다. 제목, 저자, 발표처, 태그에서만 찾습니다.",
        "all.bibtex": "BibTeX 내려받기",
        "all.needs_script": "이 목록은 페이지의 스크립트가 보여 줍니다. JavaScript를 켜거나 주제별 논문 페이지에서 찾아보세요.",
        "redirect.moved": "이 페이지는 다음 주소로 옮겨졌습니다:",
    },
}
FALLBACK = "en"


def language_of(code: str | None) -> str:
    """The catalog for a language code (``ko``, ``ko-KR``, ``en_US``...), English if none."""
    base = (code or FALLBACK).replace("_", "-").split("-")[0].lower()
    return base if base in MESSAGES else FALLBACK


class Messages:
    """``t(key, **values)``: the message ``key`` in the site's language, filled in."""

    def __init__(self, language: str | None = None, overrides: Mapping[str, Message] | None = None):
        self.language = language_of(language)
        self._table: dict[str, Message] = {**MESSAGES[FALLBACK], **MESSAGES[self.language], **dict(overrides or {})}

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def form(self, key: str, n: int) -> str:
        """The plural form of ``key`` for ``n``, unfilled (for the filter script's templates)."""
        message = self._table[key]
        if isinstance(message, str):
            return message
        return message.get("one" if n == 1 else "other") or message.get("other") or next(iter(message.values()))

    def __call__(self, key: str, **values) -> str:
        message = self._table[key]
        if not isinstance(message, str):
            message = self.form(key, int(values.get("n", 0)))
        return message.format(**values) if values else message

    def unknown_keys(self) -> list[str]:
        """Overrides that name no message (a typo in ``mkdocs.yml``)."""
        return sorted(set(self._table) - set(MESSAGES[FALLBACK]))
