"""One pipeline from category files to the catalog, for the build and for ``check`` alike.

The host (the MkDocs plugin, or ``check`` through the same MkDocs file list) gives every
documentation page it would build as a :class:`Source`; :func:`category_sources` keeps those
under the papers and resources folders (the one rule for which files are category files);
:func:`collect` loads, validates and gathers them into a :class:`~mkdocs_diffusion.catalog.Catalog`
with every problem, sorted. No MkDocs imports.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from .aliases import resolve_aliases
from .catalog import Catalog, build_catalog, duplicate_problems, link_label_problems, venue_problems
from .i18n import Messages
from .loader import LoadResult, load_category
from .model import ERROR, WARNING, Limits, Problem
from .schema import Validator
from .tags import tag_problems

SECTIONS = ("papers", "resources")


@dataclass(frozen=True, slots=True)
class Source:
    """A page source the host would build: its docs-relative path, where it is on disk, and the
    URL the host gives it (two category files with one URL are an error)."""

    src_uri: str
    abs_path: str
    url: str | None = None


@dataclass(slots=True)
class Collection:
    """What the category files gave: the catalog, the problems (sorted by place), the sources
    read and which section each belongs to."""

    catalog: Catalog
    problems: list[Problem] = field(default_factory=list)
    sources: list[tuple[Source, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]


def section_of(src_uri: str, papers_dir: str, resources_dir: str) -> str | None:
    """``papers`` or ``resources`` when the page at ``src_uri`` is a category file, else None."""
    for section, folder in zip(SECTIONS, (papers_dir, resources_dir)):
        folder = folder.strip("/")
        if folder and src_uri.startswith(folder + "/"):
            return section
    return None


def category_sources(sources: Iterable[Source], papers_dir: str = "papers", resources_dir: str = "resources") -> list[tuple[Source, str]]:
    """The category files among the host's page sources, with their section, by path."""
    found = []
    for source in sources:
        section = section_of(source.src_uri, papers_dir, resources_dir)
        if section is not None:
            found.append((source, section))
    found.sort(key=lambda pair: pair[0].src_uri)
    return found


def url_clash_problems(sources: list[tuple[Source, str]]) -> tuple[list[Problem], set[str]]:
    """Two category files that the host would publish at one URL (``a.md`` and ``a/index.md``):
    an error on each file after the first, which is left out."""
    first: dict[str, Source] = {}
    problems, dropped = [], set()
    for source, _ in sources:
        if source.url is None:
            continue
        other = first.setdefault(source.url, source)
        if other is not source:
            problems.append(Problem(source.src_uri, 1, "file", f"would be published at the same URL ({source.url}) as {other.src_uri}; rename one of the two",
                                    code="url-clash"))
            dropped.add(source.src_uri)
    return problems, dropped


class LoadCache:
    """What each category file gave when it was last loaded, for a host that builds again and
    again in one process (``mkdocs serve``): a file with the same bytes (by hash) as at its last
    load, loaded with the same options, is not parsed and validated again. ``fresh`` names the
    files loaded anew by the last :func:`collect`.

    The cached categories are reused as they are: :func:`~mkdocs_diffusion.catalog.build_catalog`
    sets again everything it sets on them (anchors, identities, papers)."""

    def __init__(self) -> None:
        self._results: dict[str, tuple[tuple, LoadResult]] = {}  # src_uri -> (content stamp, result)
        self.fresh: set[str] = set()

    def start(self) -> None:
        self.fresh = set()

    def load(self, source: Source, section: str, validator: Validator, load_options: dict) -> LoadResult:
        stamp = _content_stamp(source.abs_path, (load_options.get("limits") or Limits()).max_file_bytes)
        if stamp is not None:
            stamp += (section, repr(sorted(load_options.items())))
        cached = self._results.get(source.src_uri)
        if stamp is not None and cached is not None and cached[0] == stamp:
            return cached[1]
        result = load_category(Path(source.abs_path), source.src_uri, section, validator, **load_options)
        if stamp is not None:
            self._results[source.src_uri] = (stamp, result)
        self.fresh.add(source.src_uri)
        return result

    def forget_others(self, kept: Iterable[str]) -> None:
        """Drop the files that are no longer sources."""
        keep = set(kept)
        for src_uri in [s for s in self._results if s not in keep]:
            del self._results[src_uri]


def _content_stamp(path: str, max_bytes: int) -> tuple | None:
    """A regular file's size and content hash; None for anything :func:`load_category` refuses
    or cannot read (it says why on every load)."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
            return None
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    return (len(data), hashlib.blake2b(data, digest_size=16).digest())


def collect(
    sources: list[tuple[Source, str]],
    *,
    check_duplicates: bool = True,
    link_labels: Iterable[str] = (),
    ignore: Iterable[str] = (),
    messages: Messages | None = None,
    cache: LoadCache | None = None,
    **load_options,
) -> Collection:
    """Load and validate every category source, gather them into the catalog, check duplicates.

    ``link_labels`` are the site's own link labels (besides the known ones); warnings whose code
    is in ``ignore`` are left out (errors never are); ``messages`` gives the words of the
    venue and tag warnings in the site's language (default English); ``cache`` keeps what each
    file gave from one call to the next (see :class:`LoadCache`); ``load_options`` go
    to :func:`~mkdocs_diffusion.loader.load_category` (``limits``, ``today``, ``required``).
    """
    validator = Validator()
    problems, dropped = url_clash_problems(sources)
    categories = []
    if cache is not None:
        cache.start()
        cache.forget_others(source.src_uri for source, _ in sources)
    for source, section in sources:
        if source.src_uri in dropped:
            continue
        if cache is not None:
            result = cache.load(source, section, validator, load_options)
        else:
            result = load_category(Path(source.abs_path), source.src_uri, section, validator, **load_options)
        problems.extend(result.problems)
        if result.category is not None:
            categories.append(result.category)
    catalog = build_catalog(categories)
    problems.extend(catalog.problems)
    problems.extend(resolve_aliases(catalog))
    if check_duplicates:
        problems.extend(duplicate_problems(catalog))
    problems.extend(link_label_problems(catalog, link_labels))
    t = messages or Messages()
    problems.extend(venue_problems(catalog, t))
    problems.extend(tag_problems(catalog.entries, t))
    silenced = set(ignore)
    problems = [p for p in problems if not (p.level == WARNING and p.code in silenced)]
    problems.sort(key=lambda p: (p.path, p.line, p.field))
    return Collection(catalog, problems, sources)


def symlink_loops(root: str) -> list[str]:
    """Folders under ``root`` that are symbolic links to ``root`` or to one of their own parents:
    a host that follows links (MkDocs does) would walk them forever."""
    loops = []
    real_root = os.path.realpath(root)
    for folder, dirs, _ in os.walk(root, followlinks=False):
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                continue
            target = os.path.realpath(path)
            here = os.path.realpath(folder)
            if here == target or here.startswith(target.rstrip(os.sep) + os.sep) or target == real_root:
                loops.append(os.path.relpath(path, root).replace(os.sep, "/"))
    return sorted(loops)


def build_date(options) -> date:
    """The plugin's ``build_date`` option, else today (``ValueError`` for a malformed date)."""
    value = getattr(options, "build_date", None)
    if not value:
        return date.today()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"build_date: {value!r} is not a date (YYYY-MM-DD)") from None
