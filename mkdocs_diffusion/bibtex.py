"""BibTeX entries for paper pages, typed by the paper's venue (:mod:`mkdocs_diffusion.venues`):
a conference or workshop it was published at: ``@inproceedings`` with ``booktitle``; a journal:
``@article`` with ``journal``; otherwise (a preprint, a submission, a venue the table does not
know) ``@misc``, with ``eprint`` for arXiv and the venue as written in ``howpublished``."""

from __future__ import annotations

import re
import unicodedata

from .venues import CONFERENCE, JOURNAL, WORKSHOP

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)


def bibtex_escape(text: str) -> str:
    """Text safe inside a braced BibTeX field (no unbalanced braces, no commands)."""
    return " ".join(str(text).split()).translate(_BIBTEX_TABLE)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", folded)


def citation_key(paper) -> str:
    """``lastnameYEARfirstword``, ASCII only; the page key when nothing else is usable."""
    entry = paper.first
    last = _ascii_word(entry.authors[0].split()[-1]) if entry.authors and entry.authors[0].split() else ""
    words = [w for w in (_ascii_word(w) for w in entry.title.split()) if len(w) > 3]
    key = f"{last.lower()}{paper.year or ''}{words[0].lower() if words else ''}"
    return key or re.sub(r"[^A-Za-z0-9]", "", paper.key) or "paper"


def bibtex_type(paper) -> tuple[str, tuple[str, str] | None]:
    """``(entry type, (venue field, full venue name) or None)`` for the paper's venue."""
    info = paper.venue_info
    if info.published and info.known:
        if info.kind == JOURNAL:
            return "article", ("journal", info.full)
        if info.kind == CONFERENCE:
            return "inproceedings", ("booktitle", info.full)
        if info.kind == WORKSHOP:
            return "inproceedings", ("booktitle", f"{info.full} Workshops")
    return "misc", None


def bibtex_entry(paper) -> str:
    """A BibTeX entry for a paper (its type from the venue, see the module's description)."""
    entry = paper.first
    info = paper.venue_info
    kind, venue_field = bibtex_type(paper)
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(entry.title) + "}")]
    authors = [a for a in entry.authors if a.strip() and a.strip().lower() not in ("et al", "et al.")]
    if authors:
        fields.append(("author", " and ".join(bibtex_escape(a) for a in authors) + (" and others" if len(authors) < len(entry.authors) else "")))
    if venue_field is not None:
        fields.append((venue_field[0], bibtex_escape(venue_field[1])))
    year = paper.year
    if year:
        fields.append(("year", year))
    paper_url = entry.links.get("paper", "")
    arxiv = paper.arxiv_id
    if arxiv:
        fields += [("eprint", arxiv), ("archivePrefix", "arXiv")]
    if paper.doi:
        fields.append(("doi", bibtex_escape(paper.doi)))
    if venue_field is None and info.written and not (arxiv and info.name == "arXiv"):
        fields.append(("howpublished", bibtex_escape(info.written)))
    url = paper_url or next(iter(entry.links.values()), "")
    if url:
        fields.append(("url", re.sub(r"[{}\\\s]", "", url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{citation_key(paper)},\n{body}\n}}"
