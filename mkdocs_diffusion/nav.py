"""The automatic navigation: category pages in their order, the top level arranged.

MkDocs builds the navigation from the file tree; the plugin sorts category pages by ``order``
(then title), gives the papers and resources sections their titles, and arranges the top level
in the order of ``TOP_LEVEL``. Previous/next links follow the result.
"""

from __future__ import annotations

import posixpath
from typing import Iterator

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

#: The top level of the automatic navigation, in this order; anything else comes after.
TOP_LEVEL = ("home", "updates", "papers", "resources", "all_papers", "stats")


def walk(items: list) -> Iterator[Page]:
    """Every page under ``items``, depth first, in navigation order."""
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from walk(item.children)


def sort_sections(items: list, order: dict[str, int]) -> None:
    """Category pages (``order``: src_uri -> position) sorted; index pages first, others after."""

    def key(pair):
        position, item = pair
        src = getattr(getattr(item, "file", None), "src_uri", None)
        if src in order:
            return (1, order[src], 0)
        if src is not None and posixpath.basename(src) in ("index.md", "README.md"):
            return (0, 0, position)
        return (2, 0, position)

    if any(getattr(getattr(i, "file", None), "src_uri", None) in order for i in items):
        items[:] = [item for _, item in sorted(enumerate(items), key=key)]
    for item in items:
        if isinstance(item, Section):
            sort_sections(item.children, order)


def arrange_top_level(nav: Navigation, pages: dict[str, str | None], folders: dict[str, tuple[str, str | None]]) -> None:
    """Order the top level by ``TOP_LEVEL``: ``pages`` maps a name to a page's src_uri,
    ``folders`` maps a name to (folder, section title or None)."""
    rank_of_page = {src: TOP_LEVEL.index(name) for name, src in pages.items() if src}
    rank_of_folder = {folder.strip("/"): (TOP_LEVEL.index(name), title) for name, (folder, title) in folders.items() if folder}

    def folder_of(section: Section) -> str | None:
        first = next(walk(section.children), None)
        return first.file.src_uri.split("/", 1)[0] if first and "/" in first.file.src_uri else None

    def rank(pair):
        position, item = pair
        if isinstance(item, Section) and folder_of(item) in rank_of_folder:
            return (rank_of_folder[folder_of(item)][0], position)
        src = getattr(getattr(item, "file", None), "src_uri", None)
        return (rank_of_page.get(src, len(TOP_LEVEL)), position)

    for item in nav.items:
        if isinstance(item, Section) and folder_of(item) in rank_of_folder:
            title = rank_of_folder[folder_of(item)][1]
            if title:
                item.title = title
    nav.items[:] = [item for _, item in sorted(enumerate(nav.items), key=rank)]


def relink_pages(nav: Navigation) -> None:
    """Previous/next links follow the sorted navigation."""
    pages = list(walk(nav.items))
    nav.pages = pages
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i > 0 else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None
