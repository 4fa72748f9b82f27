"""In Chromium, on the repository's own site: a paper page highlights the tab and the sidebar
entry of the category that lists it, and each listing has its own edit link."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from test_browser import CONTROLNET, _expect, base_url, browser, page, shot, site_dir  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_paper_page_shows_where_it_belongs(page, base_url, shot):  # noqa: F811
    expect = _expect()
    page.goto(urljoin(base_url, f"paper/{CONTROLNET}/"))
    expect(page.locator("article h1")).to_contain_text("Adding Conditional Control")
    # the papers tab is the active one, and the category listing the paper is marked in the sidebar
    active_tab = page.locator(".md-tabs__item--active")
    expect(active_tab).to_have_count(1)
    expect(active_tab).to_contain_text("주제별 논문")
    sidebar = page.locator(".md-sidebar--primary")
    expect(sidebar).to_be_visible()
    marked = sidebar.locator("li.md-nav__item--active:not(.md-nav__item--nested) > a.md-nav__link")
    expect(marked).to_have_count(1)
    expect(marked).to_have_attribute("href", re.compile(r"papers/stable-diffusion-freeze/$"))
    expect(marked).to_be_visible()
    colour = "e => getComputedStyle(e).color"
    other = sidebar.locator("li.md-nav__item:not(.md-nav__item--active) > a.md-nav__link").first
    assert marked.evaluate(colour) != other.evaluate(colour), "the category is not marked in the sidebar"
    # each listing: a link to the entry on its topic page and an edit link to its category file
    edits = page.locator("article .mdd-listings a.mdd-edit")
    expect(edits).to_have_count(page.locator("article .mdd-listings > li").count())
    expect(edits.first).to_have_attribute("href", re.compile(r"/edit/main/docs/papers/stable-diffusion-freeze\.md$"))
    shot()
