"""Domain objects shared by the loader, the catalog and the renderers (no MkDocs imports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from . import venues


class Level(str, Enum):
    """How bad a problem is: an error leaves something out of the site (and fails the build with
    ``--strict``, and ``gh-deploy``); a warning is worth a look (fails ``--strict`` only)."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value

    __format__ = str.__format__


ERROR = Level.ERROR
WARNING = Level.WARNING


class Coded(str):
    """A message that knows its problem code (so a code travels with the text through the
    validators' ``(path, message)`` pairs)."""

    code: str

    def __new__(cls, text: str, code: str) -> Coded:
        message = super().__new__(cls, text)
        message.code = code
        return message


def code_of(message: str, default: str) -> str:
    return getattr(message, "code", default)

#: Link labels and how buttons show them, in the order buttons appear. Other labels are shown as
#: written, after these, and ``check`` warns about them unless the site declares them
#: (``link_labels``): a typo like ``paepr`` would otherwise become a button. A label may end in
#: ``-N`` (``code-2``) for a second link of the same kind.
LINK_LABELS = {
    "paper": "Paper",
    "code": "Code",
    "project": "Project",
    "video": "Video",
    "website": "Website",
    "demo": "Demo",
    "blog": "Blog",
    "slides": "Slides",
    "poster": "Poster",
    "talk": "Talk",
    "dataset": "Dataset",
    "model": "Model",
    "notebook": "Notebook",
    "colab": "Colab",
    "supplementary": "Supplementary",
    "openreview": "OpenReview",
    "pdf": "PDF",
}
KNOWN_LINK_LABELS = tuple(LINK_LABELS)

#: The pages made from the whole catalog, and their default source paths (the plugin's options).
#: Here, not in render.py, so that the options (and ``check``) do not import the renderer.
DEFAULT_PAGES = {"updates": "updates.md", "all_papers": "all-papers.md", "stats": "stats.md", "papers_json": "papers.json"}


@dataclass(frozen=True, slots=True)
class Limits:
    """How big one category file and its entries may be (everything in a file is untrusted).

    The defaults are far above what real lists need (a typical category file is 10 kB with
    under 100 entries, titles under 150 characters and summaries under 500), and low enough
    that a hostile file cannot make a build slow or use much memory. Exceeding a limit is an
    error naming the limit and its option: a too-big file or too many entries refuses the
    whole file (before it is parsed, for the size); a too-long or too-large field leaves out
    its entry only. Lengths count characters (code points) of the text as written.

    The build date that ``added`` may not pass is not a limit: it is the ``today`` argument of
    ``category_from_text`` / ``load_category`` / ``load_docs`` (default: ``date.today()``).
    """

    max_file_bytes: int = 2_000_000  # size of one category file, in bytes (UTF-8)
    max_entries: int = 2_000  # entries in one file's 'papers:' list
    max_title_chars: int = 300  # an entry's title, and the category's title
    max_summary_chars: int = 5_000  # an entry's summary (Markdown)
    max_description_chars: int = 2_000  # the category's description
    max_authors: int = 200  # names in an entry's 'authors'
    max_author_chars: int = 200  # one author's name
    max_tags: int = 50  # tags of one entry
    max_tag_chars: int = 100  # one tag
    max_links: int = 20  # links of one entry
    max_label_chars: int = 50  # one link label ('paper', 'code', ...)
    max_url_chars: int = 2_000  # one link URL
    max_venue_chars: int = 300  # an entry's venue
    max_id_chars: int = 300  # an entry's explicit id
    max_yaml_nodes: int = 200_000  # keys, list items and values in the front matter, in all


@dataclass(slots=True)
class Problem:
    """One thing wrong with the content, located at ``path:line``."""

    path: str
    line: int
    field: str
    message: str
    level: Level = ERROR
    code: str = ""  # stable, for programs and for the site's `ignore` option (README lists them)

    def __str__(self) -> str:
        """``path:line: field: message``."""
        return f"{self.path}:{self.line}: {self.field}: {self.message}"

    def format(self, with_code: bool = False) -> str:
        """``path:line: level: field: message``, with `` [code]`` after the message's first line
        when asked (``mkdocs-diffusion check`` and the build log show it)."""
        return f"{self.path}:{self.line}: {self.level}: {self.field}: {self._message(with_code)}"

    def logged(self) -> str:
        """The build log's line: ``path:line: field: message [code]``."""
        return f"{self.path}:{self.line}: {self.field}: {self._message(True)}"

    def _message(self, with_code: bool) -> str:
        if not (with_code and self.code):
            return self.message
        first, newline, rest = self.message.partition("\n")
        return f"{first} [{self.code}]{newline}{rest}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "level": str(self.level),
            "code": self.code,
            "field": self.field,
            "message": self.message,
        }


@dataclass(slots=True)
class Entry:
    """One listing of a paper (or post, or video) in one category file."""

    title: str
    authors: list[str]
    summary: str  # Markdown; "" when the entry has none (a site may allow that: require_summary)
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
    aliases: list[str] = field(default_factory=list)  # former page keys (redirects), as written
    key_lines: dict[str, int] = field(default_factory=dict, repr=False)
    # Filled in by the catalog:
    anchor: str = ""
    identity: str = ""
    category: Category | None = field(default=None, repr=False, compare=False)
    paper: Paper | None = field(default=None, repr=False, compare=False)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    @property
    def venue_info(self) -> venues.VenueInfo:
        """The venue normalised (:func:`mkdocs_diffusion.venues.parse`, cached by text)."""
        return venues.parse(self.venue)


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
    _venue: venues.VenueInfo | None = field(default=None, init=False, repr=False, compare=False)

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
    def year(self) -> str | None:
        """The paper's year, one rule for every page and export: the first listing's ``date``
        that has one; else the year of a listing's venue as :mod:`mkdocs_diffusion.venues` reads
        it (``CVPR 2023``, ``NeurIPS22``); else None."""
        for entry in self.entries:
            if entry.date:
                return entry.date[:4]
        for entry in self.entries:
            if entry.venue_info.year:
                return entry.venue_info.year
        return None

    @property
    def venue_info(self) -> venues.VenueInfo:
        """The paper's venue, one fact for every page and export: of its listings' venues, the
        one that says most (published in a known venue, then published, submitted, preprint;
        the first listing on a tie), normalised by :func:`mkdocs_diffusion.venues.parse`."""
        if self._venue is None:
            infos = [entry.venue_info for entry in self.entries]
            self._venue = min(infos, key=venues.rank) if infos else venues.parse(None)
        return self._venue

    @property
    def arxiv_id(self) -> str | None:
        """The arXiv id: from the identity, else from any listing's id or links."""
        return self._derived("arxiv", "arxiv_id")

    @property
    def doi(self) -> str | None:
        """The DOI: from the identity, else from any listing's id or links."""
        return self._derived("doi", "doi")

    def _derived(self, prefix: str, function: str) -> str | None:
        from . import identity as rules

        if self.identity.startswith(prefix + ":"):
            return self.identity[len(prefix) + 1:]
        extract = getattr(rules, function)
        for entry in self.entries:
            for value in (entry.id or "", entry.links.get("paper", ""), *entry.links.values()):
                found = extract(value) if value else None
                if found:
                    return found
        return None

    @property
    def categories(self) -> list[Category]:
        seen: dict[str, Category] = {}
        for e in self.entries:
            if e.category is not None and e.category.path not in seen:
                seen[e.category.path] = e.category
        return list(seen.values())
