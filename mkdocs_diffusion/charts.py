"""Self-contained, accessible SVG bar charts and the counts the statistics page draws.

Pure functions, no MkDocs imports. The SVG is meant to be inlined in an HTML page:

* ``role="img"`` with a ``<title>`` and a ``<desc>`` (every label and value, as text) named by
  ``aria-labelledby``; each bar has its own ``<title>`` (a tooltip);
* a ``viewBox`` and ``max-width:100%;height:auto``, so it scales down with the page;
* colours are CSS custom properties with fallbacks, text is ``currentColor``, so it follows the
  page's colour scheme (Material's light ``default`` and dark ``slate``); override the bar colour
  with ``--mdd-chart-bar`` and the muted bar colour with ``--mdd-chart-muted``;
* every label is XML-escaped; the output has one element per line, no indentation and no blank
  line, so Markdown passes it through untouched inside a block-level element (``<figure>``);
* each bar is a ``<rect class="mdd-bar" data-label=... data-value=...>`` (for tests and scripts).
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import unicodedata
from collections import Counter
from typing import Collection, Iterable

UNKNOWN_YEAR = "unknown"  # the default label of undated papers (sites pass their own)

_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

BAR_FILL = "var(--mdd-chart-bar,var(--md-typeset-a-color,#4051b5))"
MUTED_FILL = "var(--mdd-chart-muted,var(--md-default-fg-color--lighter,rgba(127,127,127,.55)))"
FONT = 'font-family:var(--md-text-font-family,system-ui,sans-serif)'


# -- counts --------------------------------------------------------------------------------------


def papers_per_year(papers: Iterable, unknown: str = UNKNOWN_YEAR) -> list[tuple[str, int]]:
    """``[(year, papers)]``, years ascending with the gaps filled with 0, then the papers
    without a date under the label ``unknown`` (only if there are any)."""
    counts: Counter[str] = Counter()
    undated = 0
    for paper in papers:
        year = paper.year
        if year is None:
            undated += 1
        else:
            counts[year] += 1
    bars: list[tuple[str, int]] = []
    if counts:
        years = [int(y) for y in counts]
        bars = [(str(y), counts.get(f"{y:04d}", 0)) for y in range(min(years), max(years) + 1)]
    if undated:
        bars.append((unknown, undated))
    return bars


def papers_per_category(catalog) -> list[tuple[str, int]]:
    """``[(category title, entries)]`` for the paper categories, in catalog order."""
    return [(c.title, len(c.entries)) for c in catalog.by_section("papers")]


def papers_per_venue(papers: Iterable, other: str, none: str, top: int = 12) -> list[tuple[str, int]]:
    """``[(venue, papers)]``: the ``top`` venues with most papers (normalised names,
    :attr:`VenueInfo.group`: ``NeurIPS``, ``NeurIPS Workshop``, ``arXiv``), most first (then by
    name), then the rest together under ``other``, then the papers without a venue under
    ``none`` (each only when there are any)."""
    counts: Counter[str] = Counter()
    missing = 0
    for paper in papers:
        group = paper.venue_info.group
        if group:
            counts[group] += 1
        else:
            missing += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
    bars = ranked[:max(0, top)]
    rest = sum(n for _, n in ranked[max(0, top):])
    if rest:
        bars.append((other, rest))
    if missing:
        bars.append((none, missing))
    return bars


# -- text helpers --------------------------------------------------------------------------------


def _esc(text) -> str:
    """XML-escaped text, safe in element content and in double- or single-quoted attributes."""
    return html.escape(_XML_BAD.sub("", str(text)), quote=True)


def _num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fmt(value: int) -> str:
    return f"{value:,}"


def text_width(text: str, font_size: float) -> float:
    """A rough rendered width: wide (CJK, Hangul) characters 1em, narrow ones about 0.6em."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif unicodedata.combining(ch):
            continue
        elif ch in "il.,:;'|! ":
            width += 0.32
        elif ch.isupper() or ch in "mwMW@%":
            width += 0.72
        else:
            width += 0.58
    return width * font_size


def _truncate(text: str, max_width: float, font_size: float) -> str:
    if text_width(text, font_size) <= max_width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", font_size) > max_width:
            break
        out += ch
    return out.rstrip() + "…"


def _label_lines(label: str) -> list[str]:
    """A label written ``"A / B"`` (a site may use one) on two lines; any other label on one."""
    parts = [p.strip() for p in label.split(" / ", 1)]
    return parts if len(parts) == 2 and all(parts) else [label]


def nice_axis(maximum: int, ticks: int = 4) -> tuple[int, int]:
    """``(axis_max, step)``: a round step (1, 2, 5 × 10^k) and the axis top it reaches."""
    if maximum <= 0:
        return 1, 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return step * math.ceil(maximum / step), step


def _chart_id(title: str, bars: list[tuple[str, int]], horizontal: bool) -> str:
    digest = hashlib.sha1(repr((title, bars, horizontal)).encode("utf-8")).hexdigest()[:8]
    return f"mdd-chart-{digest}"


# -- the chart -----------------------------------------------------------------------------------


def bar_chart_svg(
    bars: list[tuple[str, int]],
    *,
    title: str,
    horizontal: bool = False,
    description: str | None = None,
    unit: str = "",
    width: int = 640,
    font_size: int = 12,
    muted: Collection[str] = (),
    chart_id: str | None = None,
    no_data: str = "No data",
) -> str:
    """An inline SVG bar chart of ``bars`` (``[(label, value)]``, drawn in the given order).

    ``horizontal``: one row per bar, labels on the left (for long labels such as category
    titles); otherwise vertical columns, labels below (tilted when they do not fit).
    ``title`` is the accessible name; ``description`` (default: every label and value) the
    accessible description. ``unit`` follows each value in the tooltips and the description
    (the catalog's ``chart.unit``, e.g. ``"편"``). Bars whose label is in ``muted`` are drawn in the muted colour.
    ``chart_id`` prefixes the element ids (default: derived from the content, so stable).
    """
    bars = [(str(label), max(0, int(value))) for label, value in bars]
    cid = chart_id or _chart_id(title, bars, horizontal)
    if description is None:
        description = ", ".join(f"{label}: {_fmt(v)}{unit}" for label, v in bars) or no_data
    draw = _horizontal if horizontal else _vertical
    height, body = draw(bars, width=width, fs=font_size, muted=set(muted), unit=unit) if bars else _empty(width, font_size, no_data)
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="mdd-chart-svg mdd-chart-{"horizontal" if horizontal else "vertical"}" '
        f'id="{_esc(cid)}" role="img" aria-labelledby="{_esc(cid)}-title {_esc(cid)}-desc" '
        f'viewBox="0 0 {width} {_num(height)}" width="{width}" height="{_num(height)}" '
        f'preserveAspectRatio="xMinYMin meet" style="max-width:100%;height:auto;{FONT}" font-size="{font_size}">',
        f'<title id="{_esc(cid)}-title">{_esc(title)}</title>',
        f'<desc id="{_esc(cid)}-desc">{_esc(description)}</desc>',
    ]
    return "\n".join(head + body + ["</svg>"])


def _empty(width: int, fs: int, no_data: str) -> tuple[float, list[str]]:
    height = fs * 4
    return height, [
        f'<text x="{_num(width / 2)}" y="{_num(height / 2)}" text-anchor="middle" dominant-baseline="middle" '
        f'style="fill:currentColor;opacity:.7">{_esc(no_data)}</text>'
    ]


def _bar(label: str, value: int, rect: tuple[float, float, float, float], muted: bool, unit: str, value_label: str) -> list[str]:
    """One bar: a group with a tooltip, the ``rect`` (x, y, width, height) and its value label."""
    x, y, w, h = rect
    fill = MUTED_FILL if muted else BAR_FILL
    return [
        '<g class="mdd-bar-group">',
        f"<title>{_esc(label)}: {_esc(_fmt(value))}{_esc(unit)}</title>",
        f'<rect class="mdd-bar" data-label="{_esc(label)}" data-value="{value}" '
        f'x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" rx="2" style="fill:{fill}"/>',
        value_label,
        "</g>",
    ]


def _vertical(bars, *, width, fs, muted, unit):
    axis_max, step = nice_axis(max(v for _, v in bars))
    tick_w = max(text_width(_fmt(axis_max), fs * 0.9), fs) + 8
    left, right, top, plot_h = tick_w + 4, 8.0, fs * 1.6, 200.0
    plot_w = width - left - right
    slot = plot_w / len(bars)
    bar_w = min(slot * 0.72, 56.0)
    lines = {label: _label_lines(label) for label, _ in bars}
    widest = max(text_width(part, fs) for parts in lines.values() for part in parts)
    tilt = widest > slot - 4
    if tilt:  # labels at -40°, on one line: vertical room is the label's projected height
        label_room = min(max(text_width(label, fs) for label, _ in bars), 160.0) * math.sin(math.radians(40)) + fs * 1.6
    else:
        label_room = fs * (0.9 + 1.2 * max(len(parts) for parts in lines.values()))
    height = top + plot_h + label_room + 4
    base = top + plot_h
    value_text = text_width(_fmt(max(v for _, v in bars)), fs)
    value_fs = fs if value_text <= slot - 2 else max(6.0, fs * (slot - 2) / value_text)
    value_attr = "" if value_fs == fs else f'font-size="{_num(value_fs)}" '
    out: list[str] = []
    for tick in range(0, axis_max + 1, step):
        y = base - plot_h * tick / axis_max
        out += _grid_tick(tick, (left, width - right, y, y), (left - 6, y, 'text-anchor="end" dominant-baseline="middle"'), fs)
    for i, (label, value) in enumerate(bars):
        cx = left + slot * (i + 0.5)
        h = plot_h * value / axis_max
        value_label = (f'<text class="mdd-value" x="{_num(cx)}" y="{_num(base - h - 4)}" text-anchor="middle" '
                       f'{value_attr}style="fill:currentColor">{_fmt(value)}</text>')
        out += _bar(label, value, (cx - bar_w / 2, base - h, bar_w, h), label in muted, unit, value_label)
        shown = _truncate(label, 160.0, fs) if tilt else label
        if tilt:
            ly = base + fs
            out.append(f'<text class="mdd-label" x="{_num(cx)}" y="{_num(ly)}" text-anchor="end" dominant-baseline="middle" '
                       f'transform="rotate(-40 {_num(cx)} {_num(ly)})" style="fill:currentColor">{_esc(shown)}</text>')
        else:
            spans = "".join(f'<tspan x="{_num(cx)}" dy="{"0" if k == 0 else "1.2em"}">{_esc(part)}</tspan>' for k, part in enumerate(lines[label]))
            out.append(f'<text class="mdd-label" x="{_num(cx)}" y="{_num(base + fs * 1.3)}" text-anchor="middle" '
                       f'style="fill:currentColor">{spans}</text>')
    return height, out


def _grid_tick(tick: int, line: tuple, label: tuple, fs: float) -> list[str]:
    """A grid line (x1, x2, y1, y2) and its value label (x, y, anchoring attributes)."""
    x1, x2, y1, y2 = line
    x, y, anchor = label
    return [
        f'<line class="mdd-grid" x1="{_num(x1)}" x2="{_num(x2)}" y1="{_num(y1)}" y2="{_num(y2)}" '
        f'style="stroke:currentColor;stroke-opacity:{".45" if tick == 0 else ".12"}"/>',
        f'<text class="mdd-tick" x="{_num(x)}" y="{_num(y)}" {anchor} '
        f'font-size="{_num(fs * 0.9)}" style="fill:currentColor;opacity:.7">{_fmt(tick)}</text>',
    ]


def _horizontal(bars, *, width, fs, muted, unit):
    axis_max, step = nice_axis(max(v for _, v in bars))
    max_label = width * 0.42
    label_w = min(max(text_width(label, fs) for label, _ in bars), max_label)
    value_w = text_width(_fmt(max(v for _, v in bars)), fs) + 10
    left, right, top, row, thick = label_w + 12, value_w + 4, 6.0, fs * 2.0, fs * 1.3
    plot_w = width - left - right
    bottom = fs * 1.8
    height = top + row * len(bars) + bottom
    base_y = top + row * len(bars)
    out: list[str] = []
    for tick in range(0, axis_max + 1, step):
        x = left + plot_w * tick / axis_max
        out += _grid_tick(tick, (x, x, top, base_y), (x, base_y + fs * 1.2, 'text-anchor="middle"'), fs)
    for i, (label, value) in enumerate(bars):
        cy = top + row * (i + 0.5)
        w = plot_w * value / axis_max
        value_label = (f'<text class="mdd-value" x="{_num(left + w + 4)}" y="{_num(cy)}" dominant-baseline="middle" '
                       f'style="fill:currentColor">{_fmt(value)}</text>')
        out += _bar(label, value, (left, cy - thick / 2, w, thick), label in muted, unit, value_label)
        out.append(f'<text class="mdd-label" x="{_num(left - 8)}" y="{_num(cy)}" text-anchor="end" dominant-baseline="middle" '
                   f'style="fill:currentColor">{_esc(_truncate(label, max_label, fs))}</text>')
    return height, out
