"""Domain objects shared by the loader, the catalog and the renderers (no MkDocs imports)."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

KNOWN_LINK_LABELS = ("paper", "code", "project", "video", "website")


@dataclass(slots=True)
class Problem:
    """One thing wrong with the content, located at ``path:line``."""

    path: str
    line: int
    field: str
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"

    def format(self) -> str:
        """The ``path:line: level: field: message`` form used by ``mkdocs-diffusion check``."""
        return f"{self.path}:{self.line}: {self.level}: {self.field}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "level": self.level,
            "field": self.field,
            "message": self.message,
        }


@dataclass(slots=True)
class Entry:
    """One listing of a paper (or post, or video) in one category file."""

    title: str
    authors: list[str]
    summary: str
    path: str  # the category file, relative to the docs dir, '/'-separated
    line: int  # line of the entry's first key in that file (1-based)
    index: int  # position in its category
    venue: str | None = None
    date: str | None = None  # 'YYYY-MM-DD' or 'YYYY-MM'
    added: str | None = None  # 'YYYY-MM-DD'
    links: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    id: str | None = None
    kind: str = "paper"
    key_lines: dict[str, int] = field(default_factory=dict, repr=False)
    # Filled in by the catalog:
    anchor: str = ""
    identity: str = ""
    category: Category | None = field(default=None, repr=False, compare=False)
    paper: Paper | None = field(default=None, repr=False, compare=False)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass(slots=True)
class Category:
    """A category file: a topic page (or a resources page)."""

    path: str  # relative to the docs dir, '/'-separated
    title: str
    section: str = "papers"  # 'papers' or 'resources'
    description: str | None = None
    order: int | None = None
    body: str = ""
    entries: list[Entry] = field(default_factory=list)
    line: int = 1  # line of 'title:'

    def sort_key(self) -> tuple:
        return (self.order is None, self.order or 0, self.title.casefold(), self.path)


@dataclass(slots=True)
class Paper:
    """All the entries of one paper, across categories, merged by identity."""

    key: str  # page key: 'paper/<key>/'
    identity: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def first(self) -> Entry:
        return self.entries[0]

    @property
    def title(self) -> str:
        return self.first.title

    @property
    def added(self) -> str | None:
        dates = [e.added for e in self.entries if e.added]
        return min(dates) if dates else None

    @property
    def categories(self) -> list[Category]:
        seen: dict[str, Category] = {}
        for e in self.entries:
            if e.category is not None and e.category.path not in seen:
                seen[e.category.path] = e.category
        return list(seen.values())
