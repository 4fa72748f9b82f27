"""A small, polite client of the arXiv API (Atom) and what an entry needs from its answer.

:class:`ArxivClient` asks ``<base>?id_list=ID`` (base from ``MKDOCS_DIFFUSION_ARXIV_API``,
default ``https://export.arxiv.org/api/query``) with a descriptive User-Agent, waits at least
``delay`` seconds between two requests of one client (arXiv asks for 3 s;
``MKDOCS_DIFFUSION_ARXIV_DELAY`` overrides it), retries a 503 (``Retry-After`` honoured, a few
times at most) and gives up after ``timeout`` seconds with a clear :class:`ArxivError`.
:func:`parse_feed` reads arXiv's Atom document into :class:`ArxivRecord` objects;
:func:`venue_of` and :func:`code_link` derive the venue and the code link.

Standard library only; no MkDocs imports.
"""

from __future__ import annotations

import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from . import __version__
from .identity import arxiv_id

DEFAULT_API = "https://export.arxiv.org/api/query"
API_ENV = "MKDOCS_DIFFUSION_ARXIV_API"
DELAY_ENV = "MKDOCS_DIFFUSION_ARXIV_DELAY"
PROJECT_URL = "https://github.com/mkdocs-diffusion/mkdocs-diffusion"
USER_AGENT = f"mkdocs-diffusion/{__version__} (+{PROJECT_URL})"
DEFAULT_DELAY = 3.0  # seconds between two requests (arXiv's API terms ask for 3)
DEFAULT_TIMEOUT = 30.0
MAX_RETRIES = 3  # extra attempts after a 503
MAX_RETRY_AFTER = 120.0  # a longer Retry-After is not waited for: the error says when to retry
MAX_RESPONSE_BYTES = 5_000_000

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


class ArxivError(Exception):
    """The API could not give the paper (network, timeout, HTTP error, not found, bad XML)."""


@dataclass
class ArxivRecord:
    """One paper as the arXiv API describes it."""

    id: str  # without version: '2302.05543', 'hep-th/9901001'
    title: str  # whitespace collapsed, TeX kept
    authors: list[str]
    published: str  # the first version's date, 'YYYY-MM-DD'
    summary: str = ""
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    categories: list[str] = field(default_factory=list)

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"

    @property
    def year(self) -> str:
        return self.published[:4]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _text(element: ET.Element | None, path: str) -> str:
    found = element.find(path) if element is not None else None
    return (found.text or "") if found is not None else ""


def parse_feed(data: bytes | str) -> list[ArxivRecord]:
    """The entries of an arXiv API Atom document. Raises :class:`ArxivError` for a document
    that is not Atom, or that is arXiv's error feed (``<id>.../api/errors#...</id>``)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ArxivError(f"the arXiv API answered something that is not XML ({error})") from None
    if root.tag != f"{ATOM}feed":
        raise ArxivError(f"the arXiv API answered an XML document that is not an Atom feed (<{root.tag}>)")
    records = []
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = _text(entry, f"{ATOM}id").strip()
        if "/api/errors" in entry_id:
            raise ArxivError(f"the arXiv API reports an error: {_one_line(_text(entry, f'{ATOM}summary')) or entry_id}")
        found = arxiv_id(entry_id)
        title = _one_line(_text(entry, f"{ATOM}title"))
        if not found or not title:  # arXiv answers an empty entry for an id it does not know
            continue
        published = _text(entry, f"{ATOM}published").strip()[:10]
        records.append(
            ArxivRecord(
                id=found,
                title=title,
                authors=[_one_line(a.findtext(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author") if _one_line(a.findtext(f"{ATOM}name"))],
                published=published if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else "",
                summary=_one_line(_text(entry, f"{ATOM}summary")),
                comment=_one_line(_text(entry, f"{ARXIV}comment")),
                journal_ref=_one_line(_text(entry, f"{ARXIV}journal_ref")),
                doi=_one_line(_text(entry, f"{ARXIV}doi")),
                categories=[c.get("term", "") for c in entry.findall(f"{ATOM}category") if c.get("term")],
            )
        )
    return records


# --------------------------------------------------------------------------------------------
# Venue and code link
# --------------------------------------------------------------------------------------------

# (name shown, abbreviations (case-sensitive), full name (any case)): venues a comment or a
# journal reference may name.
_VENUES: list[tuple[str, str, str]] = [
    ("NeurIPS", r"NeurIPS|NIPS", r"Neural\s+Information\s+Processing\s+Systems"),
    ("ICLR", r"ICLR", r"International\s+Conference\s+on\s+Learning\s+Representations"),
    ("ICML", r"ICML", r"International\s+Conference\s+on\s+Machine\s+Learning"),
    ("CVPR", r"CVPR", r"Conference\s+on\s+Computer\s+Vision\s+and\s+Pattern\s+Recognition"),
    ("ICCV", r"ICCV", r"International\s+Conference\s+on\s+Computer\s+Vision"),
    ("ECCV", r"ECCV", r"European\s+Conference\s+on\s+Computer\s+Vision"),
    ("SIGGRAPH Asia", r"SIGGRAPH\s+Asia", r"SIGGRAPH\s+Asia"),
    ("SIGGRAPH", r"SIGGRAPH", r"SIGGRAPH"),
    ("TOG", r"TOG", r"ACM\s+(?:Trans\.|Transactions)\s+on\s+Graphics"),
    ("AAAI", r"AAAI", r"AAAI\s+Conference\s+on\s+Artificial\s+Intelligence"),
    ("IJCAI", r"IJCAI", r"International\s+Joint\s+Conference\s+on\s+Artificial\s+Intelligence"),
    ("TPAMI", r"T-?PAMI", r"Transactions\s+on\s+Pattern\s+Analysis\s+and\s+Machine\s+Intelligence"),
    ("TMLR", r"TMLR", r"Transactions\s+on\s+Machine\s+Learning\s+Research"),
    ("JMLR", r"JMLR", r"Journal\s+of\s+Machine\s+Learning\s+Research"),
    ("TIP", r"TIP", r"Transactions\s+on\s+Image\s+Processing"),
    ("WACV", r"WACV", r"Winter\s+Conference\s+on\s+Applications\s+of\s+Computer\s+Vision"),
    ("BMVC", r"BMVC", r"British\s+Machine\s+Vision\s+Conference"),
    ("AISTATS", r"AISTATS", r"Artificial\s+Intelligence\s+and\s+Statistics"),
    ("UAI", r"UAI", r"Uncertainty\s+in\s+Artificial\s+Intelligence"),
    ("ACM MM", r"ACM\s*MM", r"ACM\s+(?:International\s+Conference\s+on\s+)?Multimedia"),
    ("ICASSP", r"ICASSP", r"ICASSP"),
    ("INTERSPEECH", r"INTERSPEECH|Interspeech", r"INTERSPEECH"),
    ("ACL", r"ACL", r"Association\s+for\s+Computational\s+Linguistics"),
    ("EMNLP", r"EMNLP", r"Empirical\s+Methods\s+in\s+Natural\s+Language\s+Processing"),
    ("NAACL", r"NAACL", r"NAACL"),
    ("MICCAI", r"MICCAI", r"MICCAI"),
    ("3DV", r"3DV", r"International\s+Conference\s+on\s+3D\s+Vision"),
    ("CoRL", r"CoRL", r"Conference\s+on\s+Robot\s+Learning"),
]
_VENUE_RES = [
    (name, re.compile(rf"(?<![A-Za-z0-9])(?:{short}|(?i:{full}))(?![A-Za-z])")) for name, short, full in _VENUES
]
_YEAR_AFTER = re.compile(r"[\s\-'’(),]{0,4}(?P<year>(?:19|20)\d{2}|(?<=['’])\d{2})(?!\d)")
_YEAR_BEFORE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[\s)\-,]{1,3}$")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# Words that say the paper is not (yet) at that venue.
_NOT_YET = re.compile(r"under\s+review|submitted|submission|in\s+review|rejected|extension\s+of|extends", re.IGNORECASE)


def _known_venue(text: str, year_anywhere: bool) -> str | None:
    """``"CVPR 2023"`` for the first known venue that ``text`` names with a year (right after
    or before the name; with ``year_anywhere``, as for a journal reference, any year in the
    text), else None. A venue in a clause that says "submitted", "under review"... does not
    count; "workshop" in its clause gives ``"CVPR 2023 Workshop"``."""
    found: list[tuple[int, str]] = []
    for name, pattern in _VENUE_RES:
        for m in pattern.finditer(text):
            clause_start = max(text.rfind(sep, 0, m.start()) for sep in ".;\n")
            clause_end = min([i for i in (text.find(sep, m.end()) for sep in ".;\n") if i >= 0] or [len(text)])
            clause = text[clause_start + 1 : clause_end]
            if _NOT_YET.search(text[clause_start + 1 : m.start()]):
                continue
            year = _YEAR_AFTER.match(text, m.end()) or _YEAR_BEFORE.search(text[: m.start()])
            value = year.group("year") if year else ""
            if not value and year_anywhere:
                any_year = _ANY_YEAR.search(text)
                value = any_year.group(1) if any_year else ""
            if not value:
                continue
            if len(value) == 2:
                value = "20" + value
            venue = f"{name} {value}"
            if re.search(r"workshop", clause, re.IGNORECASE):
                venue += " Workshop"
            found.append((m.start(), venue))
            break
    return min(found)[1] if found else None


def venue_of(record: ArxivRecord) -> str:
    """The venue: a known venue named by the journal reference (``"TPAMI 2023"``), else the
    journal reference itself, else a known venue with a year named by the comment
    (``"Accepted to NeurIPS 2023"`` -> ``"NeurIPS 2023"``; not ``"submitted to ..."``), else
    ``"arXiv <year of the first version>"``."""
    if record.journal_ref:
        known = _known_venue(record.journal_ref, year_anywhere=True)
        if known:
            return known
        if len(record.journal_ref) <= 120:
            return record.journal_ref
    if record.comment:
        known = _known_venue(record.comment, year_anywhere=False)
        if known:
            return known
    return f"arXiv {record.year}" if record.year else "arXiv"


_GITHUB = re.compile(r"(?<![\w.\-/])(?:https?://)?(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9\-]{0,38}))/(?P<repo>[A-Za-z0-9._\-]+)", re.IGNORECASE)
_NOT_OWNERS = frozenset(["about", "features", "topics", "collections", "sponsors", "orgs", "marketplace", "settings", "login", "join", "apps", "site", "pricing", "explore"])


def code_link(record: ArxivRecord) -> str | None:
    """``https://github.com/owner/repo`` when the comment (first) or the abstract names one."""
    for text in (record.comment, record.summary):
        for m in _GITHUB.finditer(text or ""):
            owner, repo = m.group("owner"), m.group("repo").rstrip(".")
            if repo.lower().endswith(".git"):
                repo = repo[:-4]
            if owner.lower() in _NOT_OWNERS or not repo or repo in (".", ".."):
                continue
            return f"https://github.com/{owner}/{repo}"
    return None


# --------------------------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------------------------


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        return default


def _retry_after(value: str | None) -> float | None:
    """Seconds of a ``Retry-After`` header (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class ArxivClient:
    """Fetches records from the arXiv API. ``base_url``/``delay`` default to the environment
    (``MKDOCS_DIFFUSION_ARXIV_API``, ``MKDOCS_DIFFUSION_ARXIV_DELAY``), then to arXiv and 3 s.
    ``sleep`` and ``clock`` can be replaced (tests)."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        delay: float | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = MAX_RETRIES,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.base_url = base_url or os.environ.get(API_ENV, "").strip() or DEFAULT_API
        self.delay = _env_float(DELAY_ENV, DEFAULT_DELAY) if delay is None else max(0.0, delay)
        self.timeout = timeout
        self.max_retries = max_retries
        self.user_agent = user_agent
        self.sleep = sleep
        self.clock = clock
        self._last: float | None = None
        self.requests = 0

    def _wait_turn(self, at_least: float = 0.0) -> None:
        wait = at_least
        if self._last is not None:
            wait = max(wait, self.delay - (self.clock() - self._last))
        if wait > 0:
            self.sleep(wait)

    def url_for(self, paper_id: str) -> str:
        separator = "&" if urllib.parse.urlsplit(self.base_url).query else "?"
        return f"{self.base_url}{separator}{urllib.parse.urlencode({'id_list': paper_id, 'max_results': 1})}"

    def fetch_feed(self, paper_id: str) -> bytes:
        """The raw Atom document for ``paper_id``."""
        url = self.url_for(paper_id)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "application/atom+xml"})
        retry_wait = 0.0
        for attempt in range(self.max_retries + 1):
            self._wait_turn(retry_wait)
            self._last = self.clock()
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    data = response.read(MAX_RESPONSE_BYTES + 1)
                    if len(data) > MAX_RESPONSE_BYTES:
                        raise ArxivError(f"the arXiv API answered more than {MAX_RESPONSE_BYTES:,} bytes for one paper ({url})")
                    return data
            except urllib.error.HTTPError as error:
                error.close()
                if error.code == 503 and attempt < self.max_retries:
                    after = _retry_after(error.headers.get("Retry-After"))
                    if after is not None and after > MAX_RETRY_AFTER:
                        raise ArxivError(f"the arXiv API is busy (503) and asks to retry after {after:.0f} s; try again later") from None
                    retry_wait = max(after if after is not None else self.delay, self.delay)
                    continue
                if error.code == 503:
                    raise ArxivError(f"the arXiv API is still busy (503) after {self.max_retries + 1} attempts; try again later") from None
                raise ArxivError(f"the arXiv API answered HTTP {error.code} {error.reason} for {url}") from None
            except TimeoutError:
                raise ArxivError(f"the arXiv API did not answer within {self.timeout:g} s ({url}); try again later") from None
            except urllib.error.URLError as error:
                if isinstance(error.reason, (socket.timeout, TimeoutError)):
                    raise ArxivError(f"the arXiv API did not answer within {self.timeout:g} s ({url}); try again later") from None
                raise ArxivError(f"cannot reach the arXiv API at {self.base_url}: {error.reason}") from None
            except OSError as error:  # connection reset while reading
                raise ArxivError(f"cannot read the arXiv API's answer ({url}): {error}") from None
        raise ArxivError("unreachable")  # pragma: no cover

    def fetch(self, paper_id: str) -> ArxivRecord:
        """The record of one paper (id without version). :class:`ArxivError` when arXiv does
        not know it or cannot be asked."""
        records = parse_feed(self.fetch_feed(paper_id))
        for record in records:
            if record.id == paper_id:
                return record
        if records:
            raise ArxivError(f"the arXiv API answered {records[0].id} for {paper_id}")
        raise ArxivError(f"arXiv has no paper {paper_id}")
