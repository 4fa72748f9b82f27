"""A venue as written (``NeurIPS 2022``, ``Submitted to ICLR2023``, ``arxiv preprint``,
``CVPR2022, arXiv 2022``) normalised into a name, a kind, a year and a status.

:func:`parse` reads free text against :data:`VENUES`, a table of known conferences, journals
and preprint servers with their usual spellings. Misspellings of the longer names (``NeurlPS``,
``NeruIPS``) are recognised by a bounded edit distance (one edit for names of up to eight
letters, two for longer ones, same first letter; acronyms of five letters or fewer are never
guessed, ``ICMI`` is not a typo of ``ICML``), and the result says what was written so that
``check`` can ask "did you mean NeurIPS?".

Rules, in this order:

* a full name alone (with its year) is that venue, commas and all;
* else the text is split into parts at ``,``, ``;``, ``/``, ``|`` and a ``.`` followed by a
  space, and each part is read word by word, the longest known spelling at each word first;
* of several venues, the first that is not a preprint server wins (``CVPR2022, arXiv 2022`` is
  CVPR); only a preprint server named: a preprint;
* the year is the one in the winning part (``ICLR2023``, ``ICLR'23``, ``NeurIPS22`` count),
  else the first year (1900-2099) anywhere in the text;
* status: ``submitted`` when the winning part says submitted, submission or under review;
  ``preprint`` for a preprint server; else ``published``; ``""`` for an empty venue;
* kind: ``workshop`` when the winning part says workshop, else the table's kind
  (``conference``, ``journal``, ``preprint``), ``""`` for a venue the table does not know (its
  name is then the text without the year and the status words).

Pure functions, no MkDocs imports; work is bounded (the text is cut at 300 characters, tokens
at 40, results are cached).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CONFERENCE, JOURNAL, PREPRINT, WORKSHOP = "conference", "journal", "preprint", "workshop"
PUBLISHED, SUBMITTED = "published", "submitted"  # and PREPRINT


@dataclass(frozen=True, slots=True)
class Known:
    """A venue of the table: its short name, kind, full name (BibTeX's ``booktitle`` or
    ``journal``) and other spellings (case and spacing aside)."""

    name: str
    kind: str
    full: str
    aliases: tuple[str, ...] = ()


def _c(name: str, full: str, *aliases: str) -> Known:
    return Known(name, CONFERENCE, full, aliases)


def _j(name: str, full: str, *aliases: str) -> Known:
    return Known(name, JOURNAL, full, aliases)


#: The known venues. Order matters only for display; matching takes the longest spelling.
VENUES: tuple[Known, ...] = (
    _c("NeurIPS", "Advances in Neural Information Processing Systems", "NIPS", "Neural Information Processing Systems"),
    _c("ICLR", "International Conference on Learning Representations"),
    _c("ICML", "International Conference on Machine Learning"),
    _c("CVPR", "IEEE/CVF Conference on Computer Vision and Pattern Recognition"),
    _c("ICCV", "IEEE/CVF International Conference on Computer Vision"),
    _c("ECCV", "European Conference on Computer Vision"),
    _c("WACV", "IEEE/CVF Winter Conference on Applications of Computer Vision"),
    _c("BMVC", "British Machine Vision Conference"),
    _c("ACCV", "Asian Conference on Computer Vision"),
    _c("3DV", "International Conference on 3D Vision"),
    _c("SIGGRAPH Asia", "SIGGRAPH Asia Conference Papers", "SIGGRAPHAsia"),
    _c("SIGGRAPH", "SIGGRAPH Conference Papers"),
    _c("Eurographics", "Eurographics"),
    _c("AAAI", "AAAI Conference on Artificial Intelligence"),
    _c("IJCAI", "International Joint Conference on Artificial Intelligence"),
    _c("ECAI", "European Conference on Artificial Intelligence"),
    _c("AISTATS", "International Conference on Artificial Intelligence and Statistics"),
    _c("UAI", "Conference on Uncertainty in Artificial Intelligence"),
    _c("COLT", "Conference on Learning Theory"),
    _c("ACL", "Annual Meeting of the Association for Computational Linguistics"),
    _c("EMNLP", "Conference on Empirical Methods in Natural Language Processing"),
    _c("NAACL", "Conference of the North American Chapter of the Association for Computational Linguistics"),
    _c("COLING", "International Conference on Computational Linguistics"),
    _c("Interspeech", "Interspeech"),
    _c("ICASSP", "IEEE International Conference on Acoustics, Speech and Signal Processing"),
    _c("ISMIR", "International Society for Music Information Retrieval Conference"),
    _c("MICCAI", "International Conference on Medical Image Computing and Computer-Assisted Intervention"),
    _c("MIDL", "Medical Imaging with Deep Learning"),
    _c("ISBI", "IEEE International Symposium on Biomedical Imaging"),
    _c("ACM MM", "ACM International Conference on Multimedia", "ACM Multimedia", "ACMMM"),
    _c("ICME", "IEEE International Conference on Multimedia and Expo"),
    _c("ICIP", "IEEE International Conference on Image Processing"),
    _c("KDD", "ACM SIGKDD Conference on Knowledge Discovery and Data Mining", "SIGKDD"),
    _c("SIGIR", "International ACM SIGIR Conference on Research and Development in Information Retrieval"),
    _c("CIKM", "ACM International Conference on Information and Knowledge Management"),
    _c("ICDM", "IEEE International Conference on Data Mining"),
    _c("ICDE", "IEEE International Conference on Data Engineering"),
    _c("WWW", "The Web Conference", "TheWebConf"),
    _c("CoRL", "Conference on Robot Learning"),
    _c("ICRA", "IEEE International Conference on Robotics and Automation"),
    _c("IROS", "IEEE/RSJ International Conference on Intelligent Robots and Systems"),
    _c("RSS", "Robotics: Science and Systems"),
    _c("CHI", "ACM CHI Conference on Human Factors in Computing Systems"),
    _c("UIST", "ACM Symposium on User Interface Software and Technology"),
    _c("USENIX Security", "USENIX Security Symposium"),
    _c("ICANN", "International Conference on Artificial Neural Networks"),
    _j("TPAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence", "PAMI", "T-PAMI"),
    _j("TMLR", "Transactions on Machine Learning Research"),
    _j("JMLR", "Journal of Machine Learning Research"),
    _j("ACM TOG", "ACM Transactions on Graphics", "TOG", "Transactions on Graphics"),
    _j("IJCV", "International Journal of Computer Vision"),
    _j("TIP", "IEEE Transactions on Image Processing"),
    _j("TMI", "IEEE Transactions on Medical Imaging"),
    _j("TASLP", "IEEE/ACM Transactions on Audio, Speech, and Language Processing"),
    _j("TVCG", "IEEE Transactions on Visualization and Computer Graphics"),
    _j("RA-L", "IEEE Robotics and Automation Letters", "RAL"),
    _j("JBHI", "IEEE Journal of Biomedical and Health Informatics"),
    _j("MedIA", "Medical Image Analysis", "MIA"),
    _j("Neural Computation", "Neural Computation"),
    _j("Nature", "Nature"),
    _j("Science", "Science"),
    _j("PNAS", "Proceedings of the National Academy of Sciences"),
    Known("arXiv", PREPRINT, "arXiv", ("CoRR", "arXiv.org")),
    Known("bioRxiv", PREPRINT, "bioRxiv"),
    Known("medRxiv", PREPRINT, "medRxiv"),
)

MAX_CHARS = 300  # a venue is at most this long (the loader's max_venue_chars default)
MAX_TOKEN = 40  # longer words are never venue names


def _fold(text: str) -> str:
    """Case, spacing and punctuation aside: NFKC, casefolded, letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


#: folded spelling -> venue, every spelling of every venue
_BY_SPELLING: dict[str, Known] = {}
for _venue in VENUES:
    for _spelling in (_venue.name, *_venue.aliases, _venue.full):
        _BY_SPELLING.setdefault(_fold(_spelling), _venue)
#: the longest spelling in the table, in words (the longest run of words looked up)
MAX_WORDS = max(len(s.split()) for v in VENUES for s in (v.name, *v.aliases, v.full))
_LONGEST = max(len(spelling) for spelling in _BY_SPELLING)  # folded
#: one-word names that a misspelling may be guessed for: more than five letters (acronyms are too dense)
_GUESSABLE = {_fold(s): v for v in VENUES for s in (v.name, *v.aliases) if " " not in s and len(_fold(s)) > 5}

_SPLIT = re.compile(r"\s*(?:[,;/|]|\.(?:\s|$))\s*")
_TOKEN = re.compile(r"[^\s()\[\]{}:\"'`]+(?:'\d{2}\b)?")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_WITH_YEAR = re.compile(r"^(.*?[A-Za-z])[-']?((?:19|20)\d{2}|\d{2})$")
_SUBMITTED = re.compile(r"\b(?:submitted|submission|under\s+review|in\s+review)\b", re.I)
_WORKSHOP = re.compile(r"\bworkshops?\b", re.I)
_NOISE = re.compile(
    r"\b(?:submitted|submission|under|in|review|to|accepted|at|by|preprint|paper|papers|oral|spotlight|poster|"
    r"proceedings|proc|of|the|workshop|workshops|conference)\b|(?<!\d)(?:19|20)\d{2}(?!\d)|[()\[\]{}]",
    re.I,
)


@dataclass(frozen=True, slots=True)
class VenueInfo:
    """What a venue says. ``name`` is the table's name (``NeurIPS``), or for a venue the table
    does not know the text without year and status words (``""`` when nothing is left);
    ``kind`` is ``conference``, ``journal``, ``preprint``, ``workshop`` or ``""`` (unknown);
    ``status`` is ``published``, ``submitted``, ``preprint`` or ``""`` (no venue). ``misspelt``
    is the word as written when ``name`` was guessed from a misspelling."""

    written: str
    name: str = ""
    kind: str = ""
    year: str | None = None
    status: str = ""
    full: str = ""  # the table's full name ("" for an unknown venue)
    misspelt: str = ""

    @property
    def known(self) -> bool:
        return bool(self.full)

    @property
    def group(self) -> str:
        """The name to count and filter by: ``NeurIPS``, ``NeurIPS Workshop``, ``arXiv``."""
        if not self.name:
            return ""
        return f"{self.name} Workshop" if self.kind == WORKSHOP else self.name

    @property
    def label(self) -> str:
        """``NeurIPS 2022``, ``NeurIPS Workshop 2022``, ``arXiv 2023`` (no status)."""
        return " ".join(part for part in (self.group, self.year or "") if part)

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED


@dataclass(frozen=True, slots=True)
class _Match:
    venue: Known
    part: int
    start: int  # token index in the part
    year: str | None  # written on the name itself (ICLR2023, NeurIPS22)
    misspelt: str


def _expand_year(digits: str) -> str:
    return digits if len(digits) == 4 else f"20{digits}"


def guess_name(word: str) -> Known | None:
    """The known venue ``word`` is a misspelling of (bounded edit distance), else None."""
    folded = _fold(word)
    if len(folded) <= 5 or len(folded) > MAX_TOKEN or folded in _BY_SPELLING or not folded.isalpha():
        return None
    best: tuple[int, str] | None = None
    for name in _GUESSABLE:
        if name[0] != folded[0] or abs(len(name) - len(folded)) > 2:
            continue
        bound = 1 if len(name) <= 8 else 2
        distance = edit_distance(folded, name, bound)
        if distance <= bound and (best is None or distance < best[0]):
            best = (distance, name)
    return _GUESSABLE[best[1]] if best else None


def edit_distance(a: str, b: str, bound: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b`` (a swap of two neighbours is one
    edit), or ``bound + 1`` as soon as it exceeds ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > bound:
            return bound + 1
        previous2, previous = previous, row
    return previous[-1]


def _longest_at(tokens: list[str], folded: list[str], i: int) -> tuple[int, Known, str | None] | None:
    """The longest run of words from ``tokens[i]`` that spells a known venue (a year may be
    written on its last word: ``ICLR2023``, ``NeurIPS22``): ``(words, venue, year)``. The run
    grows one folded word at a time and stops past the longest spelling, so this is linear."""
    found = None
    spelt = ""
    for j in range(i, min(len(tokens), i + MAX_WORDS)):
        before, spelt = spelt, spelt + folded[j]
        if len(before) > _LONGEST:
            break
        venue = _BY_SPELLING.get(spelt)
        if venue is not None:
            found = (j - i + 1, venue, None)
            continue
        attached = _WITH_YEAR.match(tokens[j])
        if attached:
            venue = _BY_SPELLING.get(before + _fold(attached.group(1)))
            if venue is not None:
                found = (j - i + 1, venue, _expand_year(attached.group(2)))
    return found


def _matches(parts: list[list[str]]) -> list[_Match]:
    found = []
    for p, tokens in enumerate(parts):
        folded = [_fold(token) for token in tokens]
        i = 0
        while i < len(tokens):
            longest = _longest_at(tokens, folded, i) if folded[i] else None
            if longest is not None:
                size, venue, year = longest
                found.append(_Match(venue, p, i, year, ""))
                i += size
                continue
            attached = _WITH_YEAR.match(tokens[i])
            word = attached.group(1) if attached else tokens[i]
            guess = guess_name(word)
            if guess is not None:
                found.append(_Match(guess, p, i, _expand_year(attached.group(2)) if attached else None, word))
            i += 1
    return found


@lru_cache(maxsize=8192)
def parse(text: str | None) -> VenueInfo:
    """The :class:`VenueInfo` of a venue as written (see the module's rules)."""
    written = " ".join(str(text or "").split())[:MAX_CHARS]
    if not written:
        return VenueInfo("")
    whole = _BY_SPELLING.get(_fold(_YEAR.sub("", written)))
    if whole is not None:  # a full name with commas or slashes (IEEE/CVF Conference on ...)
        year = _YEAR.search(written)
        return VenueInfo(written, whole.name, whole.kind, year.group(0) if year else None,
                         PREPRINT if whole.kind == PREPRINT else PUBLISHED, whole.full)
    raw_parts = [p for p in _SPLIT.split(written) if p.strip()]
    parts = [[t[:MAX_TOKEN] for t in _TOKEN.findall(p)] for p in raw_parts]
    matches = _matches(parts)
    first_year = _YEAR.search(written)
    if not matches:
        name = " ".join(_NOISE.sub(" ", written).replace("  ", " ").split()).strip(" ,;/|.-")
        status = SUBMITTED if _SUBMITTED.search(written) else PUBLISHED if name else PREPRINT if re.search(r"preprint", written, re.I) else ""
        kind = WORKSHOP if name and _WORKSHOP.search(written) else ""
        return VenueInfo(written, name, kind, first_year.group(0) if first_year else None, status)
    chosen = next((m for m in matches if m.venue.kind != PREPRINT), matches[0])
    part = raw_parts[chosen.part]
    year = chosen.year
    if year is None:
        in_part = _YEAR.search(part)
        year = in_part.group(0) if in_part else first_year.group(0) if first_year else None
    if chosen.venue.kind == PREPRINT:
        kind, status = PREPRINT, PREPRINT
    else:
        kind = WORKSHOP if _WORKSHOP.search(part) else chosen.venue.kind
        status = SUBMITTED if _SUBMITTED.search(part) else PUBLISHED
    return VenueInfo(written, chosen.venue.name, kind, year, status, chosen.venue.full, chosen.misspelt)


def rank(info: VenueInfo) -> int:
    """How much a venue says, for choosing among a paper's listings (lower is more): a known
    published venue, another published one, a submission, a preprint, nothing."""
    if info.status == PUBLISHED:
        return 0 if info.known else 1
    return {SUBMITTED: 2, PREPRINT: 3}.get(info.status, 4)


def label(info: VenueInfo, status_words: dict[str, str] | None = None) -> str:
    """``info``'s label with its status when it is not published (``ICLR 2023 (submitted)``);
    ``status_words`` gives the words in the site's language (default English)."""
    text = info.label
    if info.status == SUBMITTED and text:
        word = (status_words or {}).get(SUBMITTED, "submitted")
        return f"{text} ({word})"
    return text


def venue_label(paper, t=None) -> str:
    """The label of a paper's venue for lists (the all-papers rows): ``NeurIPS 2022``,
    ``ICLR 2023 (submitted)``, ``arXiv 2023``; ``""`` when no listing names a venue. ``t``
    (:class:`mkdocs_diffusion.i18n.Messages`) gives the status word in the site's language."""
    info = paper.venue_info
    words = {SUBMITTED: t("venue.submitted")} if t is not None else None
    return label(info, words)
