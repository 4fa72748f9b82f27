"""BibTeX entries for paper pages (arXiv papers as ``@misc`` with ``eprint``)."""

from __future__ import annotations

import re
import unicodedata

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


def bibtex_entry(paper) -> str:
    """A BibTeX entry for a paper: ``@misc`` with eprint for arXiv, else ``@misc`` with url."""
    entry = paper.first
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(entry.title) + "}")]
    authors = [a for a in entry.authors if a.strip() and a.strip().lower() not in ("et al", "et al.")]
    if authors:
        fields.append(("author", " and ".join(bibtex_escape(a) for a in authors) + (" and others" if len(authors) < len(entry.authors) else "")))
    year = paper.year
    if year:
        fields.append(("year", year))
    paper_url = entry.links.get("paper", "")
    arxiv = paper.arxiv_id
    if arxiv:
        fields += [("eprint", arxiv), ("archivePrefix", "arXiv")]
    if paper.doi:
        fields.append(("doi", bibtex_escape(paper.doi)))
    if entry.venue and not (arxiv and entry.venue.lower().startswith("arxiv")):
        fields.append(("howpublished", bibtex_escape(entry.venue)))
    url = paper_url or next(iter(entry.links.values()), "")
    if url:
        fields.append(("url", re.sub(r"[{}\\\s]", "", url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation_key(paper)},\n{body}\n}}"
