"""All category files together: papers merged by identity, anchors, cross-references, checks.

``build_catalog`` takes loaded categories and gives a ``Catalog``; ``duplicate_problems``
gives the warnings about copies of one paper (each naming both places).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from .identity import (
    assign_page_keys,
    identity_of,
    near_duplicate_title_pairs,
    normalize_title,
    slugify,
    titles_clearly_differ,
)
from .model import KNOWN_LINK_LABELS, WARNING, Category, Entry, Paper, Problem

SECTIONS = ("papers", "resources")


@dataclass
class Catalog:
    categories: list[Category]
    papers: list[Paper]
    problems: list[Problem] = field(default_factory=list)
    aliases: dict[str, Paper] = field(default_factory=dict)  # former page key -> paper (aliases.resolve_aliases)

    @property
    def entries(self) -> list[Entry]:
        return [e for c in self.categories for e in c.entries]

    def by_section(self, section: str) -> list[Category]:
        return [c for c in self.categories if c.section == section]

    def added_papers(self) -> list[Paper]:
        """Papers with an ``added`` date, newest first (then by title)."""
        dated = [p for p in self.papers if p.added]
        dated.sort(key=lambda p: (p.title.casefold(), p.key))
        dated.sort(key=lambda p: p.added, reverse=True)
        return dated


def assign_anchors(category: Category) -> None:
    """Stable heading anchors: the title's slug, '-2', '-3'... for repeats within the page."""
    used: set[str] = set()
    tried: dict[str, int] = {}  # base -> the last number tried: linear even when every title has one slug
    for entry in category.entries:
        base = slugify(entry.title)
        n = tried.get(base, 1)
        anchor = base if n == 1 else f"{base}-{n}"
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        tried[base] = n
        used.add(anchor)
        entry.anchor = anchor


def entry_identity(entry: Entry) -> str:
    """Papers are identified by id, links or title; posts and videos are never papers."""
    ident = identity_of(explicit_id=entry.id, links=entry.links, title=entry.title)
    return ident if entry.kind == "paper" else f"{entry.kind}:{ident}"


def build_catalog(categories: list[Category]) -> Catalog:
    """Order categories, give entries anchors and identities, and merge entries into papers."""
    ordered = sorted(categories, key=lambda c: (SECTIONS.index(c.section) if c.section in SECTIONS else 99, c.sort_key()))
    groups: dict[str, list[Entry]] = {}
    for category in ordered:
        assign_anchors(category)
        for entry in category.entries:
            entry.category = category
            entry.identity = entry_identity(entry)
            if entry.kind == "paper":
                groups.setdefault(entry.identity, []).append(entry)
    keys = assign_page_keys([(ident, entries[0].title) for ident, entries in groups.items()])
    papers = []
    for ident, entries in groups.items():
        paper = Paper(key=keys[ident], identity=ident, entries=entries)
        for entry in entries:
            entry.paper = paper
        papers.append(paper)
    catalog = Catalog(categories=ordered, papers=papers)
    catalog.problems = same_title_problems(ordered)
    return catalog


def same_title_problems(categories: list[Category]) -> list[Problem]:
    """Two category files with the same title would be two nav entries nobody can tell apart."""
    seen: dict[str, Category] = {}
    problems = []
    for category in sorted(categories, key=lambda c: c.path):
        key = category.title.casefold().strip()
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(category.path, category.line, "title", f"{category.title!r} is already the title of {first.path}:{first.line}; category titles must differ",
                        code="category-title-taken")
            )
        else:
            seen[key] = category
    return problems


def _where(entry: Entry) -> str:
    return f"{entry.path}:{entry.line}"


def _norm_authors(entry: Entry) -> tuple:
    return tuple(normalize_title(a) for a in entry.authors)


def duplicate_problems(catalog: Catalog) -> list[Problem]:
    """Warnings about copies of one paper, each with the locations of both places."""
    problems: list[Problem] = []
    titles: dict[str, Paper] = {}
    for paper in catalog.papers:
        titles.setdefault(normalize_title(paper.title), paper)
    for paper in catalog.papers:
        first_in: dict[str, Entry] = {}
        for entry in paper.entries:
            earlier = first_in.get(entry.path)
            if earlier is not None:
                problems.append(Problem(entry.path, entry.line, "title", f"the same paper is already listed in this category at {_where(earlier)}; merge the two entries", WARNING,
                                        "duplicate-in-category"))
            else:
                first_in[entry.path] = entry
        head = paper.first
        for other in paper.entries[1:]:
            copied = copied_from(other, head, titles)
            if copied is not None:
                problems.append(
                    Problem(other.path, other.line_of("links") if "paper" in other.links else other.line_of("id"),
                            "links.paper" if "paper" in other.links else "id",
                            f"the title is that of {copied.title!r} at {_where(copied.first)}, but the link/id is that of "
                            f"{head.title!r} at {_where(head)}: an entry copied as a template? Give it its own paper link or id",
                            code="copied-entry")
                )
                continue
            if titles_clearly_differ(head.title, other.title):
                problems.append(
                    Problem(other.path, other.line_of("links"), "links.paper" if "paper" in other.links else "id",
                            f"same identity {paper.identity!r} as {head.title!r} at {_where(head)}, but the titles differ: a wrong link or id?", WARNING,
                            "wrong-link")
                )
                continue
            if head.authors and other.authors and _norm_authors(head) != _norm_authors(other):
                problems.append(Problem(other.path, other.line_of("authors"), "authors", f"differ from the copy at {_where(head)} ({', '.join(head.authors)})", WARNING,
                                        "authors-mismatch"))
            if head.venue and other.venue and normalize_title(head.venue) != normalize_title(other.venue):
                problems.append(Problem(other.path, other.line_of("venue"), "venue", f"{other.venue!r} differs from {head.venue!r} at {_where(head)}", WARNING,
                                        "venue-mismatch"))
    problems.extend(near_duplicate_problems(catalog))
    return problems


def copied_from(entry: Entry, head: Entry, titles: dict[str, Paper]) -> Paper | None:
    """The other listed paper whose title ``entry`` carries while its id or link merged it into
    ``head``'s paper (a copied entry whose link was not changed), else None."""
    own = normalize_title(entry.title)
    if not own or own == normalize_title(head.title):
        return None
    other = titles.get(own)
    return other if other is not None and other is not head.paper else None


def near_duplicate_problems(catalog: Catalog) -> list[Problem]:
    """Near-identical titles under different (or missing) identities: probably one paper."""
    papers = catalog.papers
    titles = [p.title for p in papers]
    problems = []
    for i, j, ratio in near_duplicate_title_pairs(titles):
        a, b = papers[i], papers[j]
        if a.identity == b.identity:
            continue
        first, second = sorted((a, b), key=lambda p: (p.first.path, p.first.line))
        problems.append(
            Problem(second.first.path, second.first.line, "title",
                    f"looks like {first.title!r} at {_where(first.first)} ({ratio:.0%} alike) but has another identity ({second.identity} vs {first.identity}): a duplicate with a typo? Give both the same 'id' or fix the title", WARNING,
                    "near-duplicate")
        )
    return problems


def venue_problems(catalog: Catalog, t) -> list[Problem]:
    """A warning (``venue-misspelt``) on each listing whose venue names a known venue misspelt
    (``NeurlPS 2022``: did you mean NeurIPS?). ``t`` (:class:`~mkdocs_diffusion.i18n.Messages`)
    gives the words in the site's language."""
    problems = []
    for entry in catalog.entries:
        info = entry.venue_info
        if info.misspelt:
            problems.append(Problem(entry.path, entry.line_of("venue"), "venue", t("problem.venue_misspelt", written=info.misspelt, name=info.name),
                                    WARNING, "venue-misspelt"))
    return problems


def group_by_added(papers: list[Paper]) -> list[tuple[str, list[Paper]]]:
    """[(date, papers added that day)], newest date first."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        if paper.added:
            groups[paper.added].append(paper)
    return [(d, sorted(groups[d], key=lambda p: p.title.casefold())) for d in sorted(groups, reverse=True)]


_NUMBERED_LABEL = re.compile(r"^(.*?)-\d+$")


def link_label_problems(catalog: Catalog, declared: Iterable[str] = ()) -> list[Problem]:
    """A warning for each link label that is neither known (``model.LINK_LABELS``, also with a
    ``-N`` suffix) nor declared by the site, with the closest known label when there is one."""
    allowed = set(KNOWN_LINK_LABELS) | {str(label) for label in declared}
    problems = []
    for entry in catalog.entries:
        for label in entry.links:
            base = _NUMBERED_LABEL.sub(r"\1", label)
            if label in allowed or base in allowed:
                continue
            guess = difflib.get_close_matches(label.lower(), sorted(allowed), n=1, cutoff=0.6)
            hint = f"did you mean {guess[0]!r}?" if guess else f"known labels: {', '.join(KNOWN_LINK_LABELS)}"
            problems.append(
                Problem(entry.path, entry.line_of("links"), f"links.{label}",
                        f"unknown link label {label!r}: {hint} (a site can declare its own labels with the option link_labels)", WARNING,
                        "unknown-link-label")
            )
    return problems
