"""One pipeline from category files to the catalog, for the build and for ``check`` alike.

The host (the MkDocs plugin, or ``check`` through the same MkDocs file list) gives every
documentation page it would build as a :class:`Source`; :func:`category_sources` keeps those
under the papers and resources folders (the one rule for which files are category files);
:func:`collect` loads, validates and gathers them into a :class:`~mkdocs_diffusion.catalog.Catalog`
with every problem, sorted. No MkDocs imports.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from .aliases import resolve_aliases
from .catalog import Catalog, build_catalog, duplicate_problems, link_label_problems, venue_problems
from .i18n import Messages
from .loader import load_category
from .model import ERROR, WARNING, Problem
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


def collect(
    sources: list[tuple[Source, str]],
    *,
    check_duplicates: bool = True,
    link_labels: Iterable[str] = (),
    ignore: Iterable[str] = (),
    messages: Messages | None = None,
    **load_options,
) -> Collection:
    """Load and validate every category source, gather them into the catalog, check duplicates.

    ``link_labels`` are the site's own link labels (besides the known ones); warnings whose code
    is in ``ignore`` are left out (errors never are); ``messages`` gives the words of the
    venue and tag warnings in the site's language (default English); ``load_options`` go
    to :func:`~mkdocs_diffusion.loader.load_category` (``limits``, ``today``).
    """
    validator = Validator()
    problems, dropped = url_clash_problems(sources)
    categories = []
    for source, section in sources:
        if source.src_uri in dropped:
            continue
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
