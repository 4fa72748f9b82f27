"""Tags across the catalog: one :class:`Tag` per spelling that differs only in case or spacing,
its page slug, its papers, and the ``tag-variant`` warning.

``Inversion``, ``inversion`` and ``in-version`` are one tag (:func:`tag_key`): they share a page,
shown under the spelling used most (the first used on a tie), and ``check`` warns on every
listing that uses another spelling, naming the one to use. No MkDocs imports; linear work.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .identity import slugify
from .model import WARNING, Entry, Paper, Problem

#: slugs a tag page cannot have (the tags index is ``<tag_dir>/index.md``)
RESERVED_SLUGS = frozenset({"index", "readme"})


def tag_key(tag: str) -> str:
    """A tag with case and spacing aside: NFKC, casefolded, without whitespace, ``-`` and ``_``."""
    return re.sub(r"[\s\-_]+", "", unicodedata.normalize("NFKC", str(tag)).casefold())


@dataclass
class Tag:
    """One tag: its key, the spelling shown, its page slug, how often each spelling is used
    and the listings that carry it (catalog order)."""

    key: str
    name: str = ""
    slug: str = ""
    spellings: dict[str, int] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    first: dict[str, Entry] = field(default_factory=dict)  # spelling -> first listing using it

    @property
    def items(self) -> list[Paper | Entry]:
        """What the tag's page lists: each paper once, and each resource that is not a paper."""
        seen: set[int] = set()
        items: list[Paper | Entry] = []
        for entry in self.entries:
            item = entry.paper if entry.paper is not None else entry
            if id(item) not in seen:
                seen.add(id(item))
                items.append(item)
        return items


def collect_tags(entries: list[Entry]) -> list[Tag]:
    """Every tag of ``entries`` (catalog order), sorted by the name shown, with unique slugs."""
    tags: dict[str, Tag] = {}
    for entry in entries:
        for spelling in dict.fromkeys(entry.tags):
            key = tag_key(spelling)
            if not key:
                continue
            tag = tags.get(key)
            if tag is None:
                tag = tags[key] = Tag(key)
            if not tag.entries or tag.entries[-1] is not entry:
                tag.entries.append(entry)
            tag.spellings[spelling] = tag.spellings.get(spelling, 0) + 1
            tag.first.setdefault(spelling, entry)
    for tag in tags.values():
        tag.name = max(tag.spellings, key=lambda s: tag.spellings[s])  # the first on a tie
    used: set[str] = set(RESERVED_SLUGS)
    for tag in sorted(tags.values(), key=lambda t: t.key):
        base = slugify(tag.name, empty="tag")
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        tag.slug = slug
    return sorted(tags.values(), key=lambda t: (t.name.casefold(), t.key))


def tag_problems(entries: list[Entry], t) -> list[Problem]:
    """A warning (``tag-variant``) on each listing whose tag is spelt otherwise than the tag's
    usual spelling, naming it and where it is first used. ``t`` gives the words."""
    by_key = {tag.key: tag for tag in collect_tags(entries) if len(tag.spellings) > 1}
    problems = []
    if not by_key:
        return problems
    for entry in entries:
        for spelling in dict.fromkeys(entry.tags):
            tag = by_key.get(tag_key(spelling))
            if tag is not None and spelling != tag.name:
                usual = tag.first[tag.name]
                problems.append(Problem(entry.path, entry.line_of("tags"), "tags",
                                        t("problem.tag_variant", tag=spelling, other=tag.name, where=f"{usual.path}:{usual.line}"),
                                        WARNING, "tag-variant"))
    return problems
