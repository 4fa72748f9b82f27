"""Normalised paper identities, page keys, slugs and title similarity (no MkDocs imports).

Two entries are the same paper when :func:`identity_of` gives the same string for both. The
identity also decides the permanent page ``paper/<key>/`` of the paper (:func:`page_key`,
:func:`assign_page_keys`). The title helpers find probable typos
(:func:`near_duplicate_title_pairs`) and probable wrong links (:func:`titles_clearly_differ`).

Everything here is pure standard library and deterministic.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Callable
from urllib.parse import parse_qs, unquote

__all__ = [
    "arxiv_id",
    "doi",
    "openreview_id",
    "normalize_title",
    "identity_of",
    "slugify",
    "page_key",
    "assign_page_keys",
    "titles_look_alike",
    "near_duplicate_title_pairs",
    "titles_clearly_differ",
    "MIN_LOOKALIKE_LENGTH",
]

# --------------------------------------------------------------------------------------------
# arXiv
# --------------------------------------------------------------------------------------------

# Archives of old-style identifiers (``archive[.SC]/YYMMNNN``, 1991 to March 2007).
_OLD_ARCHIVES = frozenset(
    """acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg
    comp-gas cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph
    mtrl-th nlin nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph solv-int
    supr-con""".split()
)

_NEW_ID = r"(?P<new>(?P<yymm>\d{4})\.(?P<num>\d{4,5}))"
_OLD_ID = r"(?P<old>(?P<arch>[a-z]+(?:-[a-z]+)?)(?:\.(?P<sc>[a-z]{1,3}))?/(?P<onum>\d{7}))"
# After the id: an optional version, an optional '.pdf', then no further id-like character.
_ID_TAIL = r"(?:v\d+)?(?:\.pdf)?(?![\w]|[.\-]\w)"

# Where an id may appear in a string: an arXiv URL (any scheme or none), an 'arXiv:' prefix,
# or arXiv's own DOI ('10.48550/arXiv.<id>'). The host must start the string or follow '//',
# whitespace or an opening bracket/quote, so 'github.com/x/arxiv.org/abs/...' is not an arXiv
# URL and neither is 'notarxiv.org'.
_HOST_START = r"(?:^|(?<=//)|(?<=[\s(<\[\"'`]))"
_ARXIV_CONTEXT = re.compile(
    rf"(?:{_HOST_START}(?:(?:www|export)\.)?arxiv\.org/(?:abs|pdf|html|format|ps)/"
    r"|(?<![\w])arxiv\s*:\s*"
    r"|(?<![\w.])10\.48550/arxiv\.)"
    rf"(?:{_NEW_ID}|{_OLD_ID}){_ID_TAIL}",
    re.IGNORECASE,
)
_BARE_ARXIV = re.compile(rf"\s*(?:{_NEW_ID}|{_OLD_ID})(?:v\d+)?\s*", re.IGNORECASE)


def _arxiv_from_match(m: re.Match) -> str | None:
    if m.group("new"):
        yymm = int(m.group("yymm"))
        month = yymm % 100
        if not (1 <= month <= 12) or yymm < 704:
            return None
        # Four-digit sequence numbers until 1412, five from 1501 on.
        if (len(m.group("num")) == 5) != (yymm >= 1501):
            return None
        return m.group("new")
    archive = m.group("arch").lower()
    if archive not in _OLD_ARCHIVES:
        return None
    month = int(m.group("onum")[2:4])
    if not 1 <= month <= 12:
        return None
    subject = f".{m.group('sc')}" if m.group("sc") else ""
    return f"{archive}{subject}/{m.group('onum')}"


def arxiv_id(text: str) -> str | None:
    """The arXiv identifier in ``text``, without version, or ``None``.

    Accepted: arXiv URLs (``arxiv.org``, ``www.arxiv.org``, ``export.arxiv.org``; with
    ``http``/``https`` or no scheme; paths ``/abs/``, ``/pdf/`` (with or without ``.pdf``),
    ``/html/``, ``/format/``, ``/ps/``; trailing ``/``, ``?...``, ``#...``), the prefix
    ``arXiv:<id>`` (any case), arXiv's DOI ``10.48550/arXiv.<id>``, and a string that is just
    an id. Ids are new-style ``YYMM.NNNN`` (0704 to 1412) or ``YYMM.NNNNN`` (from 1501), or
    old-style ``archive[.SC]/YYMMNNN`` with a known archive; the archive is lowercased, the
    subject class kept as written, the version (``v2``) dropped.

    Numbers in other URLs (``github.com/foo/2302.05543``) are not arXiv ids.
    """
    if not isinstance(text, str):
        return None
    for m in _ARXIV_CONTEXT.finditer(text):
        found = _arxiv_from_match(m)
        if found:
            return found
    m = _BARE_ARXIV.fullmatch(text)
    if m:
        return _arxiv_from_match(m)
    return None


# --------------------------------------------------------------------------------------------
# DOI
# --------------------------------------------------------------------------------------------

_DOI_CORE = r"10\.\d{4,9}/"
# doi.org / dx.doi.org URLs, and publisher URLs with a '/doi/[abs|pdf|full|...]/' path
# (ACM, Wiley, Taylor & Francis, SAGE...): the DOI ends at '?', '#' or whitespace.
_DOI_URL = re.compile(
    r"(?:(?<![\w.\-])(?:(?:www|dx)\.)?doi\.org/|/doi/(?:[a-z]+/)?)"
    rf"(?P<doi>{_DOI_CORE}[^\s?#\"<>]+)",
    re.IGNORECASE,
)
# 'doi:10...' (also 'DOI: 10...'), and a DOI standing on its own (not inside another URL).
_DOI_TEXT = re.compile(
    rf"(?:(?<![\w])doi\s*:\s*|(?<![\w./:%=\-]))(?P<doi>{_DOI_CORE}[^\s\"<>]+)",
    re.IGNORECASE,
)
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}


def _strip_doi_tail(value: str) -> str:
    while value:
        last = value[-1]
        if last in ".,;:!?'\"`":
            value = value[:-1]
        elif last in _CLOSERS and value.count(last) > value.count(_CLOSERS[last]):
            value = value[:-1]
        else:
            break
    return value


def doi(text: str) -> str | None:
    """The DOI in ``text``, lowercased and without trailing punctuation, or ``None``.

    Accepted: ``https://doi.org/...``, ``http://dx.doi.org/...`` (percent-escapes decoded,
    query and fragment dropped), publisher URLs with a ``/doi/`` path segment
    (``dl.acm.org/doi/abs/10.1145/...``), ``doi:10....`` and a bare ``10.NNNN/suffix`` that is
    not part of another URL.
    """
    if not isinstance(text, str):
        return None
    m = _DOI_URL.search(text)
    if m:
        value = _strip_doi_tail(unquote(m.group("doi")))
    else:
        m = _DOI_TEXT.search(text)
        if not m:
            return None
        value = _strip_doi_tail(m.group("doi"))
    if not re.fullmatch(rf"{_DOI_CORE}\S+", value, re.IGNORECASE):
        return None
    return value.lower()


# --------------------------------------------------------------------------------------------
# OpenReview
# --------------------------------------------------------------------------------------------

_OPENREVIEW_URL = re.compile(
    r"(?<![\w.\-])(?:(?:www|api|api2)\.)?openreview\.net/"
    r"(?:forum|pdf|attachment)/?\?(?P<query>[^\s#]*)",
    re.IGNORECASE,
)
_OPENREVIEW_PREFIX = re.compile(r"(?<![\w])openreview\s*:\s*(?P<id>[A-Za-z0-9_\-]+)", re.IGNORECASE)
_OPENREVIEW_ID = re.compile(r"[A-Za-z0-9_\-]+")


def openreview_id(text: str) -> str | None:
    """The OpenReview note id of ``openreview.net/forum?id=ID`` or ``/pdf?id=ID`` (also
    ``openreview:ID``), case preserved (OpenReview ids are case-sensitive), or ``None``."""
    if not isinstance(text, str):
        return None
    m = _OPENREVIEW_URL.search(text)
    if m:
        query = m.group("query").replace("&amp;", "&")
        values = parse_qs(query).get("id")
        if values and _OPENREVIEW_ID.fullmatch(values[0]):
            return values[0]
        return None
    m = _OPENREVIEW_PREFIX.search(text)
    if m:
        return m.group("id")
    return None


# --------------------------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b"
# Apostrophes and single quotes are removed ("Don't" -> "dont"); everything else that is not
# a letter, mark or number separates words.
_APOSTROPHES = "'`\u2018\u2019\u201a\u201b\u02bc\u00b4\u2032"
_DOUBLE_QUOTES = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"
_ASCII_TABLE = {c: " " for c in range(128) if not chr(c).isalnum()}
_ASCII_TABLE.update({ord("'"): None, ord("`"): None})
_UNIFY_TABLE = {ord(c): "-" for c in _DASHES}
_UNIFY_TABLE.update({ord(c): "'" for c in _APOSTROPHES})
_UNIFY_TABLE.update({ord(c): '"' for c in _DOUBLE_QUOTES})


def normalize_title(title: str) -> str:
    """A title reduced for comparison: NFKC, casefolded, dashes and quotes unified,
    apostrophes removed, other punctuation and symbols turned into spaces, whitespace
    collapsed. Letters, combining marks and numbers of every script (Hangul included) stay.

    ``"ControlNet: Adding Conditional Control to Text-to-Image Diffusion Models"`` ->
    ``"controlnet adding conditional control to text to image diffusion models"``.
    """
    if not isinstance(title, str):
        return ""
    if title.isascii():
        return " ".join(title.lower().translate(_ASCII_TABLE).split())
    # Unified before NFKC too, which would turn an acute accent used as an apostrophe into a
    # space and a combining mark.
    text = unicodedata.normalize("NFKC", title.translate(_UNIFY_TABLE)).casefold()
    text = unicodedata.normalize("NFKC", text).translate(_UNIFY_TABLE)
    out = []
    kept = False  # whether the last character was kept: a combining mark needs a base
    for ch in text:
        if ch == "'":
            continue
        cat = unicodedata.category(ch)[0]
        kept = cat in "LN" or (cat == "M" and kept)
        out.append(ch if kept else " ")
    return " ".join("".join(out).split())


# --------------------------------------------------------------------------------------------
# Identity
# --------------------------------------------------------------------------------------------


def _derived(value: str) -> str | None:
    """``arxiv:``/``doi:``/``openreview:`` identity found in one string, in that precedence."""
    found = arxiv_id(value)
    if found:
        return f"arxiv:{found}"
    found = doi(value)
    if found:
        return f"doi:{found}"
    found = openreview_id(value)
    if found:
        return f"openreview:{found}"
    return None


def identity_of(*, explicit_id: str | None, links: dict[str, str], title: str) -> str:
    """The string that decides that two entries are the same paper.

    Precedence:

    1. An explicit ``id`` (non-empty after stripping), normalised: an arXiv id in any form
       accepted by :func:`arxiv_id` (``arxiv:2211.09794``, ``arXiv:2211.09794v2``, an arXiv
       URL, arXiv's DOI) gives ``arxiv:2211.09794``; else a DOI (:func:`doi`) gives
       ``doi:<lowercased doi>``; else an OpenReview id gives ``openreview:<ID>``; anything
       else gives ``id:<stripped string>``.
    2. Else, when there is a ``paper`` link, derived from that link only (an arXiv link under
       ``code`` does not count): its arXiv id (``arxiv:...``), else its DOI (``doi:...``), else
       its OpenReview id (``openreview:...``).
    3. Else, when there is no ``paper`` link at all, the same derivation over every other
       link: first an arXiv id in any link, then a DOI, then an OpenReview id, the links
       being tried in sorted label order.
    4. Else ``title:<normalize_title(title)>``.
    """
    if isinstance(explicit_id, str) and explicit_id.strip():
        stripped = explicit_id.strip()
        return _derived(stripped) or f"id:{stripped}"
    links = links or {}
    paper = links.get("paper")
    if isinstance(paper, str) and paper.strip():
        found = _derived(paper)
        if found:
            return found
    else:
        values = [links[label] for label in sorted(links) if isinstance(links[label], str)]
        for extract, prefix in ((arxiv_id, "arxiv"), (doi, "doi"), (openreview_id, "openreview")):
            for value in values:
                found = extract(value)
                if found:
                    return f"{prefix}:{found}"
    return f"title:{normalize_title(title)}"


# --------------------------------------------------------------------------------------------
# Slugs and page keys
# --------------------------------------------------------------------------------------------

_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(10)]
    + [f"lpt{i}" for i in range(10)]
)
_UNSAFE_IN_KEY = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f\s]+')


def slugify(text: str, max_length: int = 80, ascii_only: bool = False, empty: str = "untitled") -> str:
    """A URL-, anchor- and file-name-safe slug: the one slug rule of the package.

    NFKC, lowercased; letters, combining marks and digits of any script are kept (ASCII,
    Hangul, accented letters...), every run of other characters becomes a single ``-``; no
    leading or trailing ``-``. Longer than ``max_length``: cut at the last ``-`` that keeps it
    within ``max_length`` (hard cut when a single word is longer). Empty: ``empty``.
    ``ascii_only`` (file names the importer writes): accents folded (NFKD), other scripts dropped.
    """
    text = text if isinstance(text, str) else ""
    if ascii_only:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = unicodedata.normalize("NFKC", text).lower()
    if text.isascii():
        slug = re.sub(r"[^a-z0-9]+", "-", text)
    else:
        slug = "".join(ch if unicodedata.category(ch)[0] in "LMN" else "-" for ch in text)
        slug = re.sub(r"-{2,}", "-", slug)
    slug = slug.strip("-")
    max_length = max(1, max_length)
    if len(slug) > max_length:
        head = slug[: max_length + 1]
        cut = head.rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:max_length]
        slug = slug.strip("-")
    return slug or empty


def _safe_segment(key: str) -> str:
    """``key`` made a valid single path segment and a portable file name."""
    key = _UNSAFE_IN_KEY.sub("-", key).strip("-").rstrip(". ")
    if key in ("", ".", ".."):
        return "untitled"
    if key.split(".")[0].casefold() in _WINDOWS_RESERVED:
        key = f"{key}-paper"
    return key


def page_key(identity: str, title: str) -> str:
    """The key of the paper's page ``paper/<key>/``.

    arXiv identities use the id (``arxiv:2302.05543`` -> ``2302.05543``; old-style
    ``arxiv:hep-th/9901001`` -> ``hep-th-9901001``); every other identity uses
    ``slugify(title)``. The key is one path segment and a file name valid on Linux, macOS and
    Windows: no ``/ \\ : * ? " < > |`` or control characters, no trailing dot or space, and not a
    reserved Windows device name (``con`` -> ``con-paper``).
    """
    if isinstance(identity, str) and identity.startswith("arxiv:") and identity[6:].strip():
        return _safe_segment(identity[6:].strip().replace("/", "-"))
    return _safe_segment(slugify(title))


def assign_page_keys(items: list[tuple[str, str]]) -> dict[str, str]:
    """``identity -> unique page key`` for ``(identity, title)`` pairs of distinct identities.

    Natural keys come from :func:`page_key`; keys are compared case-insensitively (casefold),
    since macOS and Windows file systems are. Collisions are resolved independently of the
    input order: the colliding identities are sorted, the first keeps the natural key, the
    next ones get ``<key>-2``, ``<key>-3``... in that order, skipping any candidate that is
    the natural key of another paper or already given. Groups are processed in sorted order
    of their key. If the same identity is given twice, the smallest title is used.
    """
    titles: dict[str, str] = {}
    for identity, title in items:
        if identity not in titles or title < titles[identity]:
            titles[identity] = title
    natural = {identity: page_key(identity, title) for identity, title in titles.items()}
    groups: dict[str, list[str]] = {}
    for identity, key in natural.items():
        groups.setdefault(key.casefold(), []).append(identity)
    taken = set(groups)
    result: dict[str, str] = {}
    for folded in sorted(groups):
        members = sorted(groups[folded])
        first = members[0]
        key = natural[first]
        result[first] = key
        number = 2
        for identity in members[1:]:
            while f"{key}-{number}".casefold() in taken:
                number += 1
            candidate = f"{key}-{number}"
            taken.add(candidate.casefold())
            result[identity] = candidate
            number += 1
    return result


# --------------------------------------------------------------------------------------------
# Title similarity
# --------------------------------------------------------------------------------------------

#: Normalised titles shorter than this are never reported as look-alikes: short titles are
#: often names where one letter makes another paper ("Imagen" / "Imagic").
MIN_LOOKALIKE_LENGTH = 16

# Bounds on the work of the title comparisons, whatever the input. Real lists of titles stay
# well within them (the 3,100 titles of the seed and of the peer corpus have at most 172
# normalised characters, blocks of at most 10 titles, at most 10 comparisons per title, of
# which at most 1 costly one; 4 costly ones once 600 typo copies are planted among them), so
# they only change what is reported for input made to be slow (or for a title with more than
# about 8 distinct look-alikes).

#: Titles are compared on their first ``_MAX_COMPARED`` normalised characters only (cut at a
#: space when there is one), so that one comparison costs a bounded amount of work. Longer
#: titles are refused by the loader anyway (``max_title_chars``, 300 by default).
_MAX_COMPARED = 300
#: A blocking key shared by more distinct titles than this is too unspecific for comparing
#: all its pairs: each of its titles is compared with the next ``_WINDOW`` titles in the
#: order of their content, and in the order of their reversed content.
_MAX_BLOCK = 32
_WINDOW = 2
#: Two distinct titles are not compared once both have taken part in ``_MAX_CANDIDATES``
#: comparisons, and not past the cheap rules once both have gone past them with
#: ``_MAX_COSTLY_CHARS`` characters (the lengths of both titles of each such comparison: 8
#: comparisons of titles of 100 characters, fewer of longer ones, whose costly part takes
#: longer). Nearly all pairs that go past the cheap rules look alike: a title with that many
#: look-alikes is a pattern, not a typo. So the comparisons, and the costly characters, are at
#: most that many per title in all (each one uses the share of a title that had some left),
#: and a title is never left out because others used theirs.
_MAX_CANDIDATES = 32
_MAX_COSTLY_CHARS = 1_600
#: When two look-alike titles each stand for several identical titles, every pair is
#: reported up to this many pairs; above, each title of either group is reported once,
#: against the first title of the other group.
_MAX_GROUP_PAIRS = 64

_STOPWORDS = frozenset("a an the of for and with in on to via by from at as into".split())
_DIGITS = re.compile(r"\d+")
_VOWELS = str.maketrans("", "", "aeiouy")
_DOUBLED = re.compile(r"(.)\1+")


def _first_group(m: re.Match) -> str:
    return m.group(1)


def _cut(normalized: str) -> str:
    """The compared part of a normalised title: at most ``_MAX_COMPARED`` characters, cut at
    the last space within them when there is one (no half word)."""
    if len(normalized) <= _MAX_COMPARED:
        return normalized
    head = normalized[: _MAX_COMPARED + 1]
    space = head.rfind(" ")
    return head[:space] if space > 0 else head[:_MAX_COMPARED]


# Matching blocks as difflib.SequenceMatcher (without junk) finds them: the longest common
# block (leftmost in ``a``, then in ``b``), then recursively the same on both sides of it.
# difflib finds each block by dynamic programming, which is quadratic in the length and worse
# on repetitive text; here each block length is probed by looking for the slices of ``a`` in
# ``b`` (``str.find``, one pass over ``a`` per probe) and the length is found by a galloping then
# binary search that starts from the common prefix/suffix, so near-identical strings need few probes.


def _common_prefix(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> int:
    lo, hi = 0, min(ahi - alo, bhi - blo)
    if not hi or a[alo] != b[blo]:
        return 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[alo : alo + mid] == b[blo : blo + mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> int:
    lo, hi = 0, min(ahi - alo, bhi - blo)
    if not hi or a[ahi - 1] != b[bhi - 1]:
        return 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[ahi - mid : ahi] == b[bhi - mid : bhi]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _first_block(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int, k: int) -> tuple[int, int, int] | None:
    """The leftmost (in ``a``, then in ``b``) common block of length ``k``, or None.

    Each piece of ``a`` is looked for in ``b``'s range by ``str.find`` (a search in C, at most
    ``len(b)`` steps for the short pieces, linear for long ones), which stops at the first
    piece found."""
    find = b.find
    for i in range(alo, ahi - k + 1):
        j = find(a[i : i + k], blo, bhi)
        if j >= 0:
            return i, j, k
    return None


def _longest_match(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int]:
    """``difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(alo, ahi,
    blo, bhi)`` as a tuple: ``(i, j, k)``, or ``(alo, blo, 0)`` when nothing matches."""
    hi = min(ahi - alo, bhi - blo)
    if hi == 1:  # one character on one side (common between typos): its first match
        if ahi - alo == 1:
            j = b.find(a[alo], blo, bhi)
            return (alo, j, 1) if j >= 0 else (alo, blo, 0)
        i = a.find(b[blo], alo, ahi)
        return (i, blo, 1) if i >= 0 else (alo, blo, 0)
    prefix = _common_prefix(a, b, alo, ahi, blo, bhi)
    lo = max(prefix, _common_suffix(a, b, alo, ahi, blo, bhi))
    if lo == prefix:  # also when lo == 0
        best: tuple[int, int, int] | None = (alo, blo, lo)
    elif lo == bhi - blo:  # all of b's range: its first place in a's range
        best = (a.find(b[blo:bhi], alo, ahi), blo, lo)
    elif lo == ahi - alo:
        best = (alo, b.find(a[alo:ahi], blo, bhi), lo)
    else:
        best = _first_block(a, b, alo, ahi, blo, bhi, lo)
    step, galloping = 1, True
    while lo < hi:
        k = min(lo + step, hi) if galloping else (lo + hi + 1) // 2
        found = _first_block(a, b, alo, ahi, blo, bhi, k)
        if found:
            lo, best = k, found
            step *= 2
        else:
            hi, galloping = k - 1, False
    return best  # type: ignore[return-value]


def _matching_blocks(a: str, b: str) -> list[tuple[int, int, int]]:
    """The matching blocks ``(i, j, k)`` of ``a`` and ``b`` in order, as in
    ``difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()`` (without the
    final dummy block; adjacent blocks are not merged)."""
    queue = [(0, len(a), 0, len(b))]
    blocks = []
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = _longest_match(a, b, alo, ahi, blo, bhi)
        if k:
            blocks.append((i, j, k))
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    blocks.sort()
    return blocks


def _ratio(a: str, b: str) -> float:
    """``difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()``."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    return 2.0 * sum(k for _, _, k in _matching_blocks(a, b)) / total


def _quick_ratio(a: str, b: str, counter: Callable[[str], Counter] = Counter) -> float:
    """``difflib.SequenceMatcher(None, a, b, autojunk=False).quick_ratio()``: an upper bound of
    :func:`_ratio` from the characters alone (``counter`` counts them, maybe from a cache)."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    common, other = 0, counter(b).get
    for char, count in counter(a).items():  # the sum of (counter(a) & counter(b)), without building it
        found = other(char, 0)
        common += count if count < found else found
    return 2.0 * common / total


# The words of two titles are compared as difflib.SequenceMatcher(None, ta, tb, autojunk=False)
# does: its non-equal opcodes, the differing parts (ta[i1:i2], tb[j1:j2]) in order.


def _single_difference(ta: list[str], tb: list[str]) -> list[tuple[list[str], list[str]]] | None:
    """The differing parts of two word lists when they differ in one place only (the common
    case, found without matching), else None."""
    la, lb = len(ta), len(tb)
    p = 0
    while p < la and p < lb and ta[p] == tb[p]:
        p += 1
    s = 0
    while s < la - p and s < lb - p and ta[la - 1 - s] == tb[lb - 1 - s]:
        s += 1
    xs, ys = ta[p : la - s], tb[p : lb - s]
    if not xs and not ys:
        return []
    if xs and ys and set(xs).isdisjoint(tb) and set(ys).isdisjoint(ta):
        # No block can touch the middles, which separate the common prefix and suffix in
        # both lists: the blocks are that prefix and that suffix.
        return [(xs, ys)]
    return None


def _matched_differences(ta: list[str], tb: list[str], coded: tuple[str, str] | None = None) -> list[tuple[list[str], list[str]]]:
    """The differing parts of two word lists, from their matching blocks. ``coded``: both
    lists with one character per distinct word (:class:`_WordCodes`), when known."""
    if coded is None:
        # One character per distinct word: the blocks only depend on which words are equal.
        codes = {t: chr(0x100 + n) for n, t in enumerate(set(ta) | set(tb))}
        coded = "".join(map(codes.__getitem__, ta)), "".join(map(codes.__getitem__, tb))
    sa, sb = coded
    differences = []
    i = j = 0
    for bi, bj, k in _matching_blocks(sa, sb) + [(len(ta), len(tb), 0)]:
        if i < bi or j < bj:
            differences.append((ta[i:bi], tb[j:bj]))
        i, j = bi + k, bj + k
    return differences


class _WordCodes:
    """Titles written with one character per distinct word, the same character for the same
    word in every title: a title's word matching against many others reuses its coded form.
    Gives None once the characters run out (a million distinct words), and then each pair is
    coded on its own."""

    def __init__(self, tokens: Callable[[str], list[str]]):
        self.tokens = tokens
        self.codes: dict[str, str] = {}
        self.coded: dict[str, str] = {}

    def __call__(self, text: str) -> str | None:
        found = self.coded.get(text)
        if found is None:
            codes = self.codes
            words = self.tokens(text)
            if len(codes) + len(words) > 0x10FFFF - 0x100:
                return None
            found = self.coded[text] = "".join([codes.get(t) or codes.setdefault(t, chr(0x100 + len(codes))) for t in words])
        return found


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Edit distance of ``a`` and ``b`` (insertions, deletions, substitutions and swaps of two
    adjacent characters, each costing 1, no character edited twice), or ``limit + 1`` once it
    exceeds ``limit``.

    The common prefix and suffix are dropped (they do not change the distance), then the
    distance is computed bit-parallel (Hyyrö's bit-vector algorithm with transpositions):
    one pass over ``b`` with integers of ``len(a)`` bits, so linear in the length whatever
    ``limit`` is."""
    over = limit + 1
    if abs(len(a) - len(b)) > limit:
        return over
    p = 0
    while p < len(a) and p < len(b) and a[p] == b[p]:
        p += 1
    s = 0
    while s < len(a) - p and s < len(b) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    a, b = a[p : len(a) - s], b[p : len(b) - s]
    m = len(a)
    if not m or not b:
        return min(m + len(b), over)
    # Bit i of a column vector stands for row i + 1 of the distance table (prefix a[:i + 1]):
    # vp / vn mark rows one more / one less than the row above, hp / hn the same across.
    masks: dict[str, int] = {}
    for i, c in enumerate(a):
        masks[c] = masks.get(c, 0) | 1 << i
    full, top = (1 << m) - 1, 1 << (m - 1)
    vp, vn, d0, previous_eq, distance = full, 0, 0, 0, m
    for c in b:
        eq = masks.get(c, 0)
        swap = ((~d0 & eq) << 1) & previous_eq  # bit i: a[i - 1:i + 1] is the last two of b, swapped
        d0 = ((((eq & vp) + vp) ^ vp) | eq | vn | swap) & full  # diagonal steps that cost 0
        hp = (vn | ~(d0 | vp)) & full
        hn = d0 & vp
        if hp & top:
            distance += 1
        elif hn & top:
            distance -= 1
        hp = ((hp << 1) | 1) & full
        hn = (hn << 1) & full
        vp = (hn | ~(d0 | hp)) & full
        vn = hp & d0
        previous_eq = eq
    return min(distance, over)


def _typo_like(x: str, y: str) -> bool:
    """``y`` is ``x`` with a typo: same numbers, and a plural ``s`` or an edit distance
    (with adjacent swaps) of at most a quarter of the shorter length (so none for words of
    up to three letters)."""
    if x == y:
        return True
    if _DIGITS.findall(x) != _DIGITS.findall(y):
        return False
    if x + "s" == y or y + "s" == x:
        return True
    allowed = min(len(x), len(y)) // 4
    if allowed <= 0 or abs(len(x) - len(y)) > allowed:
        return False
    # Cheap lower bounds: an edit adds or removes at most two of the characters found in one
    # string only, and changes the character counts by at most 2 in all.
    if len(set(x) ^ set(y)) > 2 * allowed:
        return False
    if len(x) > 32 and sum(abs(x.count(c) - y.count(c)) for c in set(x) | set(y)) > 2 * allowed:
        return False
    return _edit_distance(x, y, allowed) <= allowed


def _differences_are_typos(differences: list[tuple[list[str], list[str]]]) -> bool:
    """Every differing part of two word lists is a typo (see :func:`titles_look_alike`)."""
    for xs, ys in differences:
        if all(t in _STOPWORDS for t in xs) and all(t in _STOPWORDS for t in ys):
            continue  # 'a' inserted, 'for' -> 'of'...
        if not xs or not ys:
            return False  # a word that is not a stopword added or removed
        x, y = "".join(xs), "".join(ys)
        if _typo_like(x, y):
            continue  # typo, plural, 'null text' -> 'nulltext'
        xs_content = "".join(t for t in xs if t not in _STOPWORDS)
        ys_content = "".join(t for t in ys if t not in _STOPWORDS)
        if xs_content and ys_content and (xs_content, ys_content) != (x, y) and _typo_like(xs_content, ys_content):
            continue
        return False
    return True


def _look_alike_ratio(
    na: str,
    nb: str,
    threshold: float,
    costly: Callable[[], bool] | None = None,
    counter: Callable[[str], Counter] = Counter,
    words: Callable[[str], list[str]] = str.split,
    coded: Callable[[str], str | None] | None = None,
) -> float | None:
    """The similarity ratio when compared parts ``na`` and ``nb`` look alike, else None.

    The cheap rules come first. ``costly``, when given, is asked before the costly ones (the
    matching of words that differ in several places, and the ratio: up to a millisecond or two
    for titles of 300 characters); when it says no, the pair is given up (None). ``counter``
    counts the characters of a title and ``words`` splits it, maybe from a cache."""
    if na == nb:
        return None
    la, lb = len(na), len(nb)
    if min(la, lb) < MIN_LOOKALIKE_LENGTH or 2 * min(la, lb) < threshold * (la + lb):
        return None
    ta, tb = words(na), words(nb)
    single = _single_difference(ta, tb)
    if single is not None and not _differences_are_typos(single):
        return None
    if _quick_ratio(na, nb, counter) < threshold:
        return None
    if costly is not None and not costly():
        return None
    if single is None:
        ca, cb = (coded(na), coded(nb)) if coded is not None else (None, None)
        if not _differences_are_typos(_matched_differences(ta, tb, (ca, cb) if ca is not None and cb is not None else None)):
            return None
    ratio = _ratio(na, nb)
    return ratio if ratio >= threshold else None


def _normalized_look_alike(na: str, nb: str, threshold: float) -> float | None:
    """The similarity ratio when normalised titles ``na`` and ``nb`` look alike, else None.

    Both are first cut to their compared part (:func:`_cut`), which bounds the work."""
    return _look_alike_ratio(_cut(na), _cut(nb), threshold)


def titles_look_alike(a: str, b: str, threshold: float = 0.92) -> bool:
    """True when two titles are near-identical but not identical once normalised: a
    probable typo of the same title.

    The rule, on :func:`normalize_title` forms cut to their first 300 characters (at a space;
    real titles are shorter, and this bounds the work):

    * the normalised titles differ, and both have at least ``MIN_LOOKALIKE_LENGTH`` (16)
      characters;
    * word by word, every difference is a typo: an added/removed/changed stopword (``a``,
      ``the``, ``of``, ``for``...), or words replaced by words with the same numbers that are
      a plural ``s`` away or within an edit distance of a quarter of the shorter length
      (``difusion``/``diffusion``, ``null text``/``nulltext``), so ``images``/``videos``,
      ``2d``/``3d`` or an added content word are real differences;
    * the :class:`difflib.SequenceMatcher` ratio of the normalised titles is at least
      ``threshold`` (the same ratio is computed here without difflib's quadratic search).
    """
    return _normalized_look_alike(normalize_title(a), normalize_title(b), threshold) is not None


def _content(normalized: str) -> str:
    """The title without stopwords and spaces (all its words if it has only stopwords)."""
    tokens = normalized.split()
    return "".join([t for t in tokens if t not in _STOPWORDS] or tokens)


def _blocking_keys(normalized: str) -> set[str]:
    """Keys such that two look-alike titles almost always share one.

    ``c`` is the compared part of the title (:func:`_cut`) without stopwords and spaces. Its
    halves (for both roundings of the half length) catch any number of edits confined to one
    half, so any single edit, stopword change or word join/split. A skeleton (vowels and
    trailing plural ``s`` removed, doubled letters collapsed; ``y`` counts as a vowel) catches
    vowel and doubling typos spread over the title. At most five keys, linear in the length.
    """
    tokens = _cut(normalized).split()
    content = [t for t in tokens if t not in _STOPWORDS] or tokens
    c = "".join(content)
    m = len(c)
    keys = set()
    for h in {m // 2, (m + 1) // 2}:
        if h:
            keys.add("p" + c[:h])
            keys.add("s" + c[m - h :])
    skeleton = _DOUBLED.sub(_first_group, "".join(t.rstrip("s") for t in content).translate(_VOWELS))
    keys.add("k" + skeleton)
    return keys


def near_duplicate_title_pairs(
    titles: list[str], threshold: float = 0.92
) -> list[tuple[int, int, float]]:
    """``(i, j, ratio)`` with ``i < j`` for every pair of titles that look alike
    (:func:`titles_look_alike` with ``threshold``), sorted, each pair once.

    Titles that are identical once normalised (and cut to their compared part) are not
    reported against each other (they are the same title), but each of them is reported
    against a look-alike: against every title of a look-alike group when that gives at most
    64 pairs, else against the first title of that group (so identical copies cannot make the
    result quadratic).

    Candidates come from blocking: titles sharing a key of :func:`_blocking_keys`, compared
    only within a length window. A pair that differs by typos in both halves that are not
    vowel/doubling/plural typos can be missed.

    The work is linear in the number of titles, whatever they are. Real lists of titles stay
    well within the bounds below, which only drop comparisons among titles made to share a
    long part, or among the look-alikes of a title that has more than about 8:

    * a key shared by more than 32 distinct titles is too unspecific to compare all its
      pairs: each of its titles is only compared with the 2 next ones in the order of their
      content and in the order of their reversed content (sorted neighbourhood: a title and
      its typo sit close in one of the two orders unless many titles share both the start
      and the end around the typo);
    * keys are taken from the most specific (smallest blocks) on, and two titles are not
      compared once both have taken part in 32 comparisons, nor past the cheap rules once both
      have gone past them 8 times (fewer for titles longer than 100 characters). Past the cheap
      rules come the matching of words that differ in several places and the ratio, up to a
      millisecond or two for titles of 300 characters; the cheap rules take some microseconds.
      In all, there are at most 32 comparisons, 8 of them costly, per distinct title;
    * each comparison is bounded: titles are compared on their first 300 characters (see
      :func:`titles_look_alike`).
    """
    by_text: dict[str, list[int]] = {}
    for index, title in enumerate(titles):
        text = _cut(normalize_title(title))
        if len(text) >= MIN_LOOKALIKE_LENGTH:
            by_text.setdefault(text, []).append(index)
    uniques = list(by_text)
    lengths = [len(text) for text in uniques]
    blocks: dict[str, list[int]] = {}
    for u, text in enumerate(uniques):
        for key in _blocking_keys(text):
            blocks.setdefault(key, []).append(u)

    compared: set[tuple[int, int]] = set()
    counts = [0] * len(uniques)  # comparisons of each distinct title
    costly = [0] * len(uniques)  # characters compared past the cheap rules
    alike: list[tuple[int, int, float]] = []
    char_counts: dict[str, Counter] = {}
    tokens = {text: text.split() for text in uniques}
    word_codes = _WordCodes(tokens.__getitem__)

    def counter(text: str) -> Counter:
        counts = char_counts.get(text)
        if counts is None:
            counts = char_counts[text] = Counter(text)
        return counts

    def compare(u: int, v: int) -> None:
        pair = (u, v) if u < v else (v, u)
        if pair in compared or min(counts[u], counts[v]) >= _MAX_CANDIDATES:
            return
        lu, lv = lengths[u], lengths[v]
        if 2 * min(lu, lv) < threshold * (lu + lv):
            return
        compared.add(pair)
        counts[u] += 1
        counts[v] += 1

        def allow_costly() -> bool:
            if min(costly[u], costly[v]) >= _MAX_COSTLY_CHARS:
                return False
            costly[u] += lu + lv
            costly[v] += lu + lv
            return True

        # in the order of first appearance, as difflib's ratio depends on the order
        ratio = _look_alike_ratio(uniques[pair[0]], uniques[pair[1]], threshold, allow_costly, counter, tokens.__getitem__, word_codes)
        if ratio is not None:
            alike.append((pair[0], pair[1], ratio))

    shared = sorted((len(members), key) for key, members in blocks.items() if len(members) > 1)
    orders: tuple[list[str], list[str]] | None = None  # contents, reversed contents
    for size, key in shared:
        members = blocks[key]
        if size <= _MAX_BLOCK:
            members = sorted(members, key=lambda u: lengths[u])
            for x, u in enumerate(members):
                lu = lengths[u]
                for v in members[x + 1 :]:
                    # Lengths sorted: once too long for the threshold, all next ones are too.
                    if 2 * lu < threshold * (lu + lengths[v]):
                        break
                    compare(u, v)
            continue
        if orders is None:
            contents = [_content(text) for text in uniques]
            orders = (contents, [content[::-1] for content in contents])
        for order in orders:
            ordered = sorted(members, key=order.__getitem__)
            for x, u in enumerate(ordered):
                for v in ordered[x + 1 : x + 1 + _WINDOW]:
                    compare(u, v)

    pairs: list[tuple[int, int, float]] = []
    for u, v, ratio in alike:
        group_u, group_v = by_text[uniques[u]], by_text[uniques[v]]
        if len(group_u) * len(group_v) <= _MAX_GROUP_PAIRS:
            links = [(i, j) for i in group_u for j in group_v]
        else:
            links = [(group_u[0], j) for j in group_v] + [(i, group_v[0]) for i in group_u[1:]]
        for i, j in links:
            pairs.append((i, j, ratio) if i < j else (j, i, ratio))
    pairs.sort()
    return pairs


def _content_tokens(normalized: str) -> list[str]:
    tokens = [t for t in normalized.split() if t not in _STOPWORDS] or normalized.split()
    return [t[:-1] if len(t) > 3 and t.endswith("s") else t for t in tokens]


def titles_clearly_differ(a: str, b: str) -> bool:
    """True when two titles given for the same identity are clearly different papers (a
    probable wrong link or id).

    Not clearly different when, on :func:`normalize_title` forms: either is empty; they are
    equal; one contains the other (spaces ignored: ``"ControlNet: Adding ..."`` contains
    ``"Adding ..."``); the :class:`difflib.SequenceMatcher` ratio of their first 300
    characters (cut at a space, which bounds the work; real titles are shorter) is at least
    0.75 (typos); or at least half of the distinct content words (stopwords dropped, a plural
    ``s`` dropped) of the shorter title are words of the other. A bare name against the full
    title (``"Imagen"`` against ``"Photorealistic Text-to-Image Diffusion Models..."``) does
    differ. Linear in the length of the titles.
    """
    na, nb = normalize_title(a), normalize_title(b)
    if not na or not nb or na == nb:
        return False
    ca, cb = na.replace(" ", ""), nb.replace(" ", "")
    if ca in cb or cb in ca:
        return False
    if _ratio(_cut(na), _cut(nb)) >= 0.75:
        return False
    ta, tb = set(_content_tokens(na)), set(_content_tokens(nb))
    if len(ta) > len(tb):
        ta, tb = tb, ta
    shared = len(ta & tb)
    return shared * 2 < len(ta)
