"""Former page keys of papers (``aliases:`` in an entry): old ``paper/<key>/`` URLs that keep
working as redirect pages after a paper's key changed (its title was corrected, say).

An alias is untrusted text: it is slugified with :func:`identity.slugify` (so it is one safe path
segment) and compared case-insensitively, as page keys are. An alias that is another paper's
key, or another paper's alias, is an error (``alias-taken``) and makes no redirect; more than
:data:`MAX_ALIASES` per paper is an error (``over-limit``) and the extra ones are left out.
No MkDocs imports.
"""

from __future__ import annotations

import html

from .catalog import Catalog
from .identity import arxiv_id, page_key, slugify
from .model import ERROR, Paper, Problem

#: Aliases of one paper (each is a page of the site).
MAX_ALIASES = 20


def alias_key(text: str) -> str:
    """The page key an alias stands for: an arXiv id is the key of an arXiv paper
    (``2211.09794``), anything else is slugified as titles are for keys."""
    found = arxiv_id(text)
    if found and found == text.strip():
        return page_key(f"arxiv:{found}", "")
    return page_key("", slugify(text))


def resolve_aliases(catalog: Catalog) -> list[Problem]:
    """Fill ``catalog.aliases`` (alias key -> paper) and return the problems found."""
    keys = {paper.key.casefold(): paper for paper in catalog.papers}
    found: dict[str, Paper] = {}
    problems: list[Problem] = []
    for paper in catalog.papers:
        count = 0
        for entry in paper.entries:
            for alias in entry.aliases:
                key = alias_key(alias)
                folded = key.casefold()
                owner = keys.get(folded) or found.get(folded)
                if owner is paper:
                    continue  # its own key, or given twice
                line = entry.line_of("aliases")
                if owner is not None:
                    problems.append(Problem(entry.path, line, "aliases", f"{key!r} is already the page key or an alias of "
                                            f"{owner.title!r} ({owner.first.path}:{owner.first.line}); no redirect is made for it",
                                            ERROR, "alias-taken"))
                    continue
                count += 1
                if count > MAX_ALIASES:
                    problems.append(Problem(entry.path, line, "aliases", f"too many aliases for one paper (limit {MAX_ALIASES}): "
                                            f"{key!r} and the next ones make no redirect", ERROR, "over-limit"))
                    break
                found[folded] = paper
                catalog.aliases[key] = paper
    return problems


def redirect_html(target: str, canonical: str, title: str, moved: str, language: str) -> str:
    """A page that sends the reader to ``target`` (a relative URL): a meta refresh, the canonical
    link (``canonical``: the target's absolute URL when the site has one) and a visible link.
    Every value is escaped."""
    e = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    return (
        f'<!doctype html>\n<html lang="{e(language)}">\n<head>\n<meta charset="utf-8">\n<title>{e(title)}</title>\n'
        f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{e(canonical)}">\n'
        f'<meta http-equiv="refresh" content="0; url={e(target)}">\n</head>\n'
        f'<body>\n<p>{e(moved)} <a href="{e(target)}">{e(title)}</a></p>\n</body>\n</html>\n'
    )
