"""Which topic and paper pages a rebuild in the same process can take from the build before
(``mkdocs serve --dirty``), without rendering them again.

A topic page shows its category file's entries; a paper page its paper's listings. Both also show
facts of the whole site: the options and words, the templates, the categories' titles, paths and
order (the "also in" and "categories" lines) and the tags' names and pages. After an edit,
:class:`~mkdocs_diffusion.collect.LoadCache` names the category files whose bytes changed;
:class:`RebuildPlan` remembers the facts of the last build and gives the pages whose inputs are
all the same:

* nothing, when a whole-site fact changed;
* else every paper page but those of the papers listed in a changed file (before or after the
  edit) and of the papers whose page key changed;
* every topic page but those of the changed files, of the files whose shown problems changed,
  and of the files listing one of those papers.

The pages made from the whole catalog (updates, all papers, statistics, tags) are always made
again. No MkDocs imports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterable

from .catalog import Catalog
from .model import Problem
from .render import Renderer


@dataclass
class _Facts:
    site: str = ""  # digest of the whole-site facts
    keys: dict[str, str] = field(default_factory=dict)  # paper identity -> page key
    papers_of: dict[str, set[str]] = field(default_factory=dict)  # category file -> identities of its papers
    problems: dict[str, str] = field(default_factory=dict)  # category file -> digest of the problems its page shows


def _digest(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def site_digest(renderer: Renderer, host_facts: object) -> str:
    """A digest of what every generated page may show beyond its own listings: ``host_facts``
    (the host's options and settings), the renderer's site, URLs and templates (custom ones
    included, by their text), the categories and the tags."""
    loader = renderer.env.loader
    assert loader is not None
    templates = [(name, loader.get_source(renderer.env, name)[0]) for name in renderer.env.list_templates()]
    categories = [(c.path, c.title, c.section, c.description) for c in renderer.catalog.categories]
    tags = [(tag.key, tag.name, renderer.urls.tag(tag)) for tag in renderer.tags]
    return _digest(host_facts, renderer.site, repr(renderer.urls), renderer.t.language, templates, categories, tags)


class RebuildPlan:
    """Remembers each build's facts; :meth:`reusable` compares the next build's to them."""

    def __init__(self) -> None:
        self._last: _Facts | None = None

    def reusable(self, renderer: Renderer, fresh: Iterable[str], shown: dict[str, list[Problem]], host_facts: object) -> set[str]:
        """The source paths of the topic and paper pages of this build (``renderer``'s catalog)
        that show what they showed in the last build: ``fresh`` are the category files loaded
        anew, ``shown`` the problems shown on the topic pages (by file)."""
        catalog = renderer.catalog
        facts = _Facts(site_digest(renderer, host_facts), {p.identity: p.key for p in catalog.papers}, _papers_of(catalog),
                       {path: _digest([p.format(with_code=True) for p in found]) for path, found in shown.items()})
        last, self._last = self._last, facts
        if last is None or last.site != facts.site:
            return set()
        changed_files = set(fresh) | {path for path in set(facts.problems) | set(last.problems)
                                      if facts.problems.get(path) != last.problems.get(path)}
        touched = {ident for ident, key in facts.keys.items() if last.keys.get(ident) != key}
        for path in changed_files | (set(last.papers_of) - set(facts.papers_of)):
            touched |= last.papers_of.get(path, set()) | facts.papers_of.get(path, set())
        reusable = {renderer.urls.paper(p) for p in catalog.papers if p.identity not in touched}
        reusable |= {c.path for c in catalog.categories
                     if c.path not in changed_files and not (facts.papers_of.get(c.path, set()) & touched)}
        reusable.discard(None)
        return reusable  # type: ignore[return-value]


def _papers_of(catalog: Catalog) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {c.path: set() for c in catalog.categories}
    for paper in catalog.papers:
        for entry in paper.entries:
            found.setdefault(entry.path, set()).add(paper.identity)
    return found
