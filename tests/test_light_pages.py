"""Light pages: a long updates page is split into one page per year of addition, linked from
it; its dates are not repeated in the table of contents; every value on the new pages is inert."""

from __future__ import annotations

import re

from conftest import category, entry

EVIL = '"><img src=x onerror=alert(1)><script>alert(1)</script>'


def many(site, n: int, split: int) -> None:
    papers = [entry(f"Paper {i}", f"23{i % 12 + 1:02d}.{i:05d}", added=f"{2021 + i % 3}-{i % 12 + 1:02d}-{i % 27 + 1:02d}") for i in range(n)]
    papers.append(entry(f"Evil {EVIL}", "2301.99999", added="2022-03-04", summary=f"Evil {EVIL} summary."))
    site.write("papers/a.md", category(f"Alpha {EVIL}", papers[: n // 2 + 1]), dedent=False)
    site.write("papers/b.md", category("Beta", papers[n // 2 + 1:]), dedent=False)
    site.plugin_options(updates_split_above=split, build_date="2024-06-01")


def titles(html: str) -> list[str]:
    return re.findall(r"<li><strong><a href=\"[^\"]*\">(Paper \d+)</a></strong>", html)


def test_a_long_updates_page_is_split_by_year(site):
    many(site, 60, split=20)
    site.build()
    updates = site.html("updates/index.html")
    years = re.findall(r'<a href="(\d{4})/">\1년 \((\d+)편\)</a>', updates)
    assert [y for y, _ in years] == ["2023", "2022", "2021"]
    assert not titles(updates)  # the papers are on the year pages
    seen: list[str] = []
    for year, count in years:
        page = site.html(f"updates/{year}/index.html")
        listed = titles(page) + (["Evil"] if "Evil &quot;&gt;&lt;img" in page else [])
        assert len(listed) == int(count), year
        dates = re.findall(r'<h2 id="added-(\d{4}-\d{2}-\d{2})"', page)
        assert dates == sorted(dates, reverse=True) and all(d.startswith(year) for d in dates)
        assert 'href="../"' in page  # back to the updates page
        seen += titles(page)
    assert sorted(seen) == sorted(f"Paper {i}" for i in range(60))  # each paper once
    # the year pages are linked, not in the navigation, and out of the search index
    assert "2022/" not in updates.split('md-nav--primary')[1].split("</nav>")[0]
    assert "/2022/" not in site.html("search/search_index.json")


def test_short_updates_page_is_one_page_without_its_dates_in_the_toc(site):
    many(site, 10, split=300)
    site.build()
    updates = site.html("updates/index.html")
    assert len(titles(updates)) == 10 and not (site.site / "updates" / "2022").exists()
    dates = re.findall(r'<h3 id="added-([\d-]+)"', updates)
    assert len(dates) == len(set(dates)) > 3
    # the dates are the content: the table of contents (printed twice by the theme) does not repeat them
    assert 'href="#added-' not in updates
    for date in dates:
        assert updates.count(date) <= 3, date  # the heading's id and text, and the Evil paper's date at most


def test_values_on_the_year_pages_are_inert(site):
    many(site, 30, split=0)
    site.build()
    page = site.html("updates/2022/index.html")
    assert "Evil &quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in page
    assert "Alpha &quot;&gt;&lt;img" in page
    assert "<img src=x" not in page and "<script>alert(1)" not in page
