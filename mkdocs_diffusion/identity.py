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
from difflib import SequenceMatcher
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


def slugify(text: str, max_length: int = 80) -> str:
    """A URL-, anchor- and file-name-safe slug.

    NFKC, lowercased; letters, combining marks and digits of any script are kept (ASCII,
    Hangul, accented letters...), every run of other characters becomes a single ``-``; no
    leading or trailing ``-``. Longer than ``max_length``: cut at the last ``-`` that keeps it
    within ``max_length`` (hard cut when a single word is longer). Empty: ``"untitled"``.
    """
    text = unicodedata.normalize("NFKC", text if isinstance(text, str) else "").lower()
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
    return slug or "untitled"


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

_STOPWORDS = frozenset("a an the of for and with in on to via by from at as into".split())
_DIGITS = re.compile(r"\d+")
_VOWELS = str.maketrans("", "", "aeiouy")
_DOUBLED = re.compile(r"(.)\1+")


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Edit distance of ``a`` and ``b`` (insertions, deletions, substitutions and swaps of two
    adjacent characters, each costing 1), or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit and min(previous) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


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
    return allowed > 0 and _edit_distance(x, y, allowed) <= allowed


def _token_differences_are_typos(ta: list[str], tb: list[str]) -> bool:
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        xs, ys = ta[i1:i2], tb[j1:j2]
        if all(t in _STOPWORDS for t in xs) and all(t in _STOPWORDS for t in ys):
            continue  # 'a' inserted, 'for' -> 'of'...
        if op != "replace":
            return False  # a word that is not a stopword added or removed
        if _typo_like("".join(xs), "".join(ys)):
            continue  # typo, plural, 'null text' -> 'nulltext'
        xs_content = "".join(t for t in xs if t not in _STOPWORDS)
        ys_content = "".join(t for t in ys if t not in _STOPWORDS)
        if xs_content and ys_content and _typo_like(xs_content, ys_content):
            continue
        return False
    return True


def _normalized_look_alike(na: str, nb: str, threshold: float) -> float | None:
    """The similarity ratio when normalised titles ``na`` and ``nb`` look alike, else None."""
    if na == nb:
        return None
    la, lb = len(na), len(nb)
    if min(la, lb) < MIN_LOOKALIKE_LENGTH or 2 * min(la, lb) < threshold * (la + lb):
        return None
    if not _token_differences_are_typos(na.split(), nb.split()):
        return None
    matcher = SequenceMatcher(None, na, nb, autojunk=False)
    if matcher.quick_ratio() < threshold:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else None


def titles_look_alike(a: str, b: str, threshold: float = 0.92) -> bool:
    """True when two titles are near-identical but not identical once normalised: a
    probable typo of the same title.

    The rule, on :func:`normalize_title` forms:

    * the normalised titles differ, and both have at least ``MIN_LOOKALIKE_LENGTH`` (16)
      characters;
    * word by word, every difference is a typo: an added/removed/changed stopword (``a``,
      ``the``, ``of``, ``for``...), or words replaced by words with the same numbers that are
      a plural ``s`` away or within an edit distance of a quarter of the shorter length
      (``difusion``/``diffusion``, ``null text``/``nulltext``), so ``images``/``videos``,
      ``2d``/``3d`` or an added content word are real differences;
    * the :class:`difflib.SequenceMatcher` ratio of the normalised titles is at least
      ``threshold``.
    """
    return _normalized_look_alike(normalize_title(a), normalize_title(b), threshold) is not None


def _blocking_keys(normalized: str) -> set[str]:
    """Keys such that two look-alike titles almost always share one.

    ``c`` is the title without stopwords and spaces. Its halves (for both roundings of the
    half length) catch any number of edits confined to one half, so any single edit,
    stopword change or word join/split. A skeleton (vowels and trailing plural ``s`` removed,
    doubled letters collapsed; ``y`` counts as a vowel) catches vowel and doubling typos
    spread over the title.
    """
    tokens = normalized.split()
    content = [t for t in tokens if t not in _STOPWORDS] or tokens
    c = "".join(content)
    m = len(c)
    keys = set()
    for h in {m // 2, (m + 1) // 2}:
        if h:
            keys.add("p" + c[:h])
            keys.add("s" + c[m - h :])
    skeleton = _DOUBLED.sub(r"\1", "".join(t.rstrip("s") for t in content).translate(_VOWELS))
    keys.add("k" + skeleton)
    return keys


def near_duplicate_title_pairs(
    titles: list[str], threshold: float = 0.92
) -> list[tuple[int, int, float]]:
    """``(i, j, ratio)`` with ``i < j`` for every pair of titles that look alike
    (:func:`titles_look_alike` with ``threshold``), sorted, each pair once.

    Titles that are identical once normalised are not reported against each other (they are
    the same title), but each of them is reported against a look-alike.

    Candidates come from blocking (titles sharing a key of :func:`_blocking_keys`, compared
    only within a length window), so the cost is about linear in the number of titles; a
    pair that differs by typos in both halves that are not vowel/doubling/plural typos can be
    missed.
    """
    normalized = [normalize_title(t) for t in titles]
    by_text: dict[str, list[int]] = {}
    for index, text in enumerate(normalized):
        if len(text) >= MIN_LOOKALIKE_LENGTH:
            by_text.setdefault(text, []).append(index)
    uniques = list(by_text)
    blocks: dict[str, list[int]] = {}
    for u, text in enumerate(uniques):
        for key in _blocking_keys(text):
            blocks.setdefault(key, []).append(u)

    candidates: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        members = sorted(members, key=lambda u: len(uniques[u]))
        lengths = [len(uniques[u]) for u in members]
        for x, u in enumerate(members):
            lu = lengths[x]
            for y in range(x + 1, len(members)):
                # Lengths sorted: once too long for the threshold, all next ones are too.
                if 2 * lu < threshold * (lu + lengths[y]):
                    break
                v = members[y]
                candidates.add((u, v) if u < v else (v, u))

    pairs: list[tuple[int, int, float]] = []
    for u, v in candidates:
        ratio = _normalized_look_alike(uniques[u], uniques[v], threshold)
        if ratio is None:
            continue
        for i in by_text[uniques[u]]:
            for j in by_text[uniques[v]]:
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
    ``"Adding ..."``); their :class:`difflib.SequenceMatcher` ratio is at least 0.75 (typos);
    or at least half of the distinct content words (stopwords dropped, a plural ``s``
    dropped) of the shorter title are words of the other. A bare name against the full title
    (``"Imagen"`` against ``"Photorealistic Text-to-Image Diffusion Models..."``) does differ.
    """
    na, nb = normalize_title(a), normalize_title(b)
    if not na or not nb or na == nb:
        return False
    ca, cb = na.replace(" ", ""), nb.replace(" ", "")
    if ca in cb or cb in ca:
        return False
    if SequenceMatcher(None, na, nb, autojunk=False).ratio() >= 0.75:
        return False
    ta, tb = set(_content_tokens(na)), set(_content_tokens(nb))
    if len(ta) > len(tb):
        ta, tb = tb, ta
    shared = len(ta & tb)
    return shared * 2 < len(ta)
