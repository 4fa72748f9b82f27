"""The MkDocs plugin: event hooks only; the work is done by the domain modules."""

from __future__ import annotations

import os
import posixpath
import tempfile
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import export
from .catalog import Catalog
from .collect import LoadCache, category_sources, collect
from .config import DiffusionConfig
from .generate import arrange_nav, make_renderer, site_pages
from .host import LoopError, build_date, check_links, collect_options, limits_from, page_sources
from .integrations.i18n import KeepGenerated, i18n_plugin, language_prefix
from .integrations.rss import drop_feed_image_none, drop_undated_feed_items, feed_files, reset_feed_plugins, set_feed_image, unescape_feed_items
from .model import Problem
from .pages import EscapedPage, without_inert_extensions
from .rebuild import RebuildPlan
from .render import PageSource, Renderer

log = get_plugin_logger(__name__)

REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "toc")
ASSETS_DIR = "assets/mkdocs_diffusion"
ASSETS = {"diffusion.css": "css", "filter.js": "js"}


class DiffusionPlugin(BasePlugin[DiffusionConfig]):
    """Category files under ``papers_dir``/``resources_dir`` become topic pages; adds paper pages,
    the updates page and ``papers.json``."""

    def __init__(self) -> None:
        super().__init__()
        self.catalog: Catalog | None = None
        self.problems: list[Problem] = []
        self.renderer: Renderer | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._files: Files | None = None
        self._undated: set[str] = set()  # paper pages (src_uri) without an 'added' date
        self._meta: dict[str, dict] = {}  # generated page (src_uri) -> its metadata
        self._command = "build"
        self._dirty = False
        self._belongs: dict[str, str] = {}  # page out of the nav (src_uri) -> the nav page it belongs to
        self._lit: tuple | None = None  # (page marked active, its section, the section's children)
        self._in_nav: set[int] = set()
        self._lean_config: MkDocsConfig | None = None  # the site's configuration without the inert Markdown extensions
        self._forget_builds()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command  # 'build', 'gh-deploy' or 'serve'
        self._dirty = dirty
        self._forget_builds()  # MkDocs keeps one instance per process (tests, tools building many sites)

    def _forget_builds(self) -> None:
        # --dirty: what each generated page showed in the previous build of this process (its
        # content hash) and where it was written, so unchanged pages are not built again and
        # the pages of removed entries are deleted; the category files as last loaded, and the
        # topic and paper pages of the previous build, reused when they show the same (rebuild.py)
        self._fingerprints: dict[str, str] = {}
        self._written: dict[str, str] = {}
        self._loads = LoadCache()
        self._plan = RebuildPlan()
        self._pages: dict[str, tuple[PageSource, str]] = {}

    # -- configuration -------------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            limits_from(self.config.limits)
            build_date(self.config)
        except ValueError as error:
            raise PluginError(f"mkdocs_diffusion: {error}") from error
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if self.config.assets:
            for name, kind in ASSETS.items():
                path = f"{ASSETS_DIR}/{name}"
                target = config.extra_css if kind == "css" else config.extra_javascript
                if path not in [str(t) for t in target]:
                    target.append(path)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        try:  # before MkDocs lists the files, which would follow a loop forever
            check_links(config.docs_dir)
        except LoopError as error:
            raise PluginError(f"mkdocs_diffusion: {error}") from error
        reset_feed_plugins(config)

    # -- files ---------------------------------------------------------------------------------

    @event_priority(50)  # early: plugins listed before ours (mkdocs-redirects) see the generated pages
    def _on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        sources = category_sources(page_sources(files), self.config.papers_dir, self.config.resources_dir)
        if not self.config.enabled:  # the category files are left out, not built as plain pages
            for source, _ in sources:
                files.remove(files.get_file_from_path(source.src_uri))
            return files
        collection = collect(sources, cache=self._loads if self._dirty else None, **collect_options(self.config, config.theme.get("language")))
        for source, _ in sources:
            files.remove(files.get_file_from_path(source.src_uri))
        for problem in collection.problems:
            log.warning(problem.logged())
        if self._command == "gh-deploy" and collection.errors and not self.config.publish_with_errors:
            listing = "\n".join(f"  {p.format(with_code=True)}" for p in collection.errors)
            raise PluginError(
                f"mkdocs_diffusion: not deploying: {len(collection.errors)} error(s) in the category files would leave entries out "
                f"of the published site (fix them, or set publish_with_errors: true):\n{listing}"
            )
        self.catalog, self.problems = collection.catalog, collection.problems
        catalog = collection.catalog

        self.renderer = renderer = make_renderer(
            catalog, self.config, site_name=config.site_name, site_url=config.site_url, language=config.theme.get("language"),
            use_directory_urls=config.use_directory_urls, feeds=feed_files(config),
        )
        for key in renderer.t.unknown_keys():
            log.warning(f"messages: {key!r} is not a message of the plugin (see mkdocs_diffusion/i18n.py)")
        self._new_tmp()

        def url_of(src_uri: str) -> str:
            file = files.get_file_from_path(src_uri)
            return (file or File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)).url

        renderer.edit_url = edit_urls(config)
        self._belongs = {}
        shown = problems_by_file(collection.problems) if self._command == "serve" else {}
        # not with mkdocs-static-i18n, which makes every file anew (and its page with it)
        self._lean_config = without_inert_extensions(config) if i18n_plugin(config) is None else None
        fingerprints: dict[str, str] = {}
        pages: dict[str, tuple[PageSource, str]] = {}
        # not with mkdocs-static-i18n, which builds each language in turn in this one process
        reuse = self._reuse(renderer, shown, config) if self._dirty and i18n_plugin(config) is None else None
        # site_pages makes each page when asked: the all-papers page finds the pages added before it
        for item in site_pages(renderer, self.config, url_of, problems=shown, sources=sources, read_text=lambda path: read_text(path, sources),
                               reuse=reuse):
            added = self._add(files, config, item.src_uri, item.page, source=item.source, in_nav=item.in_nav)
            if added and item.paper is not None and not item.paper.added:
                self._undated.add(item.src_uri)
            if added and item.belongs:
                self._belongs[item.src_uri] = item.belongs
            if added and self._dirty:
                kept = self._pages.get(item.src_uri)
                fingerprint = kept[1] if kept and kept[0] is item.page else renderer.blocks.fingerprint(item.page)
                fingerprints[item.src_uri] = fingerprint
                if item.source is not None:
                    pages[item.src_uri] = (item.page, fingerprint)
        for src_uri, data in renderer.side_files.items():  # data files: the all-papers side files, redirects
            self._add_data(files, config, src_uri, data)
        if self._dirty:
            self._only_changed(files, fingerprints, renderer.side_files)
            self._pages = pages
        if self.config.assets:
            for name in ASSETS:
                self._add_asset(files, config, name)
        self._files = files
        return files

    @event_priority(-90)  # just before mkdocs-static-i18n's on_files (-100), which makes every File anew
    def _on_files_before_i18n(self, files: Files, *, config: MkDocsConfig) -> None:
        self._keep = KeepGenerated(files, self._meta) if self.config.enabled and self._files is not None else None
        if self._keep is not None:
            self._keep.before(config)

    @event_priority(-110)  # after it
    def _on_files_last(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        keep = getattr(self, "_keep", None)
        if not self.config.enabled or keep is None:
            return None
        keep.after(files, config)
        self._files = files  # the final list: URLs for the feeds and papers.json
        return files

    on_files = CombinedEvent(_on_files, _on_files_before_i18n, _on_files_last)

    def _reuse(self, renderer: Renderer, shown: dict[str, list[Problem]], config: MkDocsConfig):
        """For a ``--dirty`` build: ``reuse(src_uri)``, the page a topic or paper page had in the
        previous build when it shows the same (:class:`~mkdocs_diffusion.rebuild.RebuildPlan`)
        and its output is still there, else None."""
        host_facts = (dict(self.config), config.docs_dir, config.site_dir, config.site_name, config.site_url, config.theme.get("language"), config.use_directory_urls,
                      config.repo_url, config.edit_uri, config.edit_uri_template, feed_files(config), str(build_date(self.config)))
        reusable = self._plan.reusable(renderer, self._loads.fresh, shown, host_facts)
        kept, written = self._pages, self._written

        def reuse(src_uri: str) -> PageSource | None:
            if src_uri not in reusable or src_uri not in kept or not os.path.isfile(written.get(src_uri, "")):
                return None
            return kept[src_uri][0]

        return reuse

    def _only_changed(self, files: Files, fingerprints: dict[str, str], side_files: Iterable[str]) -> None:
        """For a ``--dirty`` build: a generated page counts as modified only when what it shows
        changed since the previous build (or its output is missing); the pages with the home
        marker are built again when any page changed; the output of a page or data file that is
        no longer generated (a removed entry's paper page, an alias's redirect) is deleted."""
        previous = self._fingerprints
        changed = fingerprints != previous
        for src_uri, fingerprint in fingerprints.items():
            file = files.get_file_from_path(src_uri)
            if file is None:
                continue
            if previous.get(src_uri) == fingerprint and os.path.isfile(file.abs_dest_path):
                file.is_modified = _unmodified  # type: ignore[method-assign]
        marker = self.config.home_marker
        if changed and previous and marker:
            for file in files.documentation_pages():
                if file.src_uri not in fingerprints and file.abs_src_path and _contains(file.abs_src_path, marker):
                    file.is_modified = _modified  # type: ignore[method-assign]
        made = [*fingerprints, *side_files]
        written = {f.src_uri: f.abs_dest_path for f in map(files.get_file_from_path, made) if f is not None}
        taken = {f.abs_dest_path for f in files}
        for src_uri, path in self._written.items():
            if src_uri not in written and path not in taken:
                remove_output(path)
        self._fingerprints, self._written = fingerprints, written

    def _new_tmp(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
        self._tmp = tempfile.TemporaryDirectory(prefix="mkdocs_diffusion_")
        self._undated = set()
        self._meta = {}

    def _add(self, files: Files, config: MkDocsConfig, src_uri: str, page: PageSource, source: str | None = None, in_nav: bool = True) -> bool:
        """Add a generated page.

        A page made from one category file (topic and paper pages) keeps its Markdown in memory
        and names that file as its ``abs_src_path`` and ``edit_uri``: plugins that read the
        source path (mkdocs-rss-plugin, git date plugins) get the file the page comes from, and
        thousands of pages cost no disk writes. Its ``generated_by`` is None: it stands for a
        file of the docs, and plugins that skip generated files (git-revision-date-localized
        dates them with the build time) read that file's history. Pages made from the whole
        catalog (updates, all papers, statistics) are written to the plugin's temporary folder.
        """
        if src_uri in files.src_uris:
            log.warning(f"{src_uri}: a file of that name is in the docs; the generated page is not added")
            return False
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        content = page.markdown
        self._meta[src_uri] = page.meta
        if source is not None:
            file = File.generated(config, src_uri, content=content, inclusion=inclusion)
            file.abs_src_path = os.path.normpath(os.path.join(config.docs_dir, *source.split("/")))
            file.edit_uri = quote(source, safe="/")  # a file name is data
            file.generated_by = None  # backed by a file of the docs, with a git history
            if page.escaped and self._lean_config is not None:
                EscapedPage(file, config, self._lean_config)  # becomes file.page, which MkDocs then builds
        else:
            assert self._tmp is not None
            path = os.path.join(self._tmp.name, *src_uri.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(content)
            file = File.generated(config, src_uri, abs_src_path=path, inclusion=inclusion)
        files.append(file)
        return True

    def _add_asset(self, files: Files, config: MkDocsConfig, name: str) -> None:
        src_uri = f"{ASSETS_DIR}/{name}"
        if src_uri in files.src_uris:
            log.info(f"{src_uri}: the site's own file replaces the plugin's {name}")
            return
        self._add_data(files, config, src_uri, resources.files("mkdocs_diffusion").joinpath("assets", name).read_bytes())

    def _add_data(self, files: Files, config: MkDocsConfig, src_uri: str, data: bytes) -> None:
        if src_uri in files.src_uris:
            log.warning(f"{src_uri}: a file of that name is in the docs; the generated file is not added")
            return
        # a real file, in the temporary folder: plugins read abs_src_path (mkdocs-static-i18n)
        assert self._tmp is not None
        path = os.path.join(self._tmp.name, *src_uri.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        Path(path).write_bytes(data)
        files.append(File.generated(config, src_uri, abs_src_path=path))

    # -- navigation and pages ------------------------------------------------------------------

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.catalog is None or self.renderer is None:
            return None
        arrange_nav(nav, self.catalog, self.renderer.urls, self.config, automatic=config.nav is None)
        self._in_nav = {id(page) for page in nav.pages}  # pages compare by title and file; identity is enough
        return nav

    @event_priority(100)  # first: other plugins read the generated pages' metadata
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.renderer is None:
            return None
        meta = self._meta.get(page.file.src_uri)
        if meta is not None:
            page.meta = dict(meta)
        marker = self.config.home_marker
        if not marker or marker not in markdown:
            return None
        return markdown.replace(marker, self.renderer.home_stats(page.file.src_uri, self.config.home_latest))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Summaries and introductions go in here, rendered alone and sanitized."""
        if not self.config.enabled or self.renderer is None:
            return None

        def resolve(source: str, href: str) -> str | None:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(source), href))
            file = files.get_file_from_path(target)
            return get_relative_url(file.url, page.url) if file is not None else None

        return self.renderer.blocks.fill(html, resolve)

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        """A page out of the navigation (a paper page, a year of updates) shows where it belongs:
        the page it belongs to (the paper's first category; the updates page) is marked active
        while it is rendered, so the theme highlights its tab and section. Its section then
        lists that page alone: with a hundred categories, every paper page would otherwise carry
        (and the theme render) the hundred links of the section, which made the build a third
        slower and the site twice as heavy at 10,000 papers."""
        if not self.config.enabled or self._files is None:
            return context
        belongs = self._belongs.get(page.file.src_uri)
        file = self._files.get_file_from_path(belongs) if belongs else None
        if file is not None and file.page is not None and file.page is not page and id(file.page) in self._in_nav:
            lit = file.page
            lit.active = True  # the sections above it too
            section = lit.parent
            self._lit = (lit, section, section.children if section is not None else None)
            if section is not None:
                section.children = [lit]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self._lit is not None:
            lit, section, children = self._lit
            lit.active = False
            if section is not None:
                section.children = children
            self._lit = None
        return None

    # -- outputs -------------------------------------------------------------------------------

    @event_priority(50)  # before mkdocs-rss-plugin writes its feeds
    def _on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.catalog is None:
            return
        set_feed_image(config)
        if self._files is not None:
            undated = {f.page.canonical_url for f in map(self._files.get_file_from_path, self._undated) if f and f.page}
            drop_undated_feed_items(config, undated)
            ours = {f.page.canonical_url for f in map(self._files.get_file_from_path, self._meta) if f and f.page}
            unescape_feed_items(config, ours)
        if not self.config.papers_json:
            return
        files = self._files
        assert files is not None and self.renderer is not None
        urls = self.renderer.urls

        def page_url(paper):
            src = urls.paper(paper)
            file = files.get_file_from_path(src) if src else None
            return file.url if file else None

        def category_url(entry):
            file = files.get_file_from_path(entry.category.path)
            return f"{file.url}#{entry.anchor}" if file else None

        document = export.papers_document(self.catalog, page_url, category_url, config.site_url)
        # with mkdocs-static-i18n, each language's site has its own (``en/papers.json``)
        if not export.write_papers_json(document, config.site_dir, language_prefix(config) + self.config.papers_json):
            log.warning(f"papers_json: {self.config.papers_json!r} is outside the site directory; not written")

    @event_priority(-50)  # after mkdocs-rss-plugin wrote its feeds
    def _on_post_build_feeds(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            drop_feed_image_none(config)

    on_post_build = CombinedEvent(_on_post_build, _on_post_build_feeds)

    def on_shutdown(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def edit_urls(config: MkDocsConfig):
    """``edit_url(path)``: the edit link of the docs file ``path`` as MkDocs makes a page's
    (``repo_url``, ``edit_uri`` or ``edit_uri_template``; the path percent-encoded), or None."""
    cache: dict[str, str | None] = {}

    def edit_url(path: str) -> str | None:
        if path not in cache:
            probe = SimpleNamespace(file=SimpleNamespace(edit_uri=quote(path, safe="/")), edit_url=None)
            Page._set_edit_url(probe, config.repo_url, config.edit_uri, config.edit_uri_template)  # type: ignore[arg-type]
            cache[path] = probe.edit_url
        return cache[path]

    return edit_url


def _unmodified() -> bool:
    return False


def _modified() -> bool:
    return True


def _contains(path: str, text: str) -> bool:
    try:
        return text in Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True


def remove_output(path: str) -> None:
    """Delete a page's output file and the folders it leaves empty (``paper/KEY/``)."""
    try:
        os.remove(path)
        os.rmdir(os.path.dirname(path))  # only when empty
    except OSError:
        pass


def problems_by_file(problems: list[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.path, []).append(problem)
    return grouped


def read_text(src_uri: str, sources: list) -> str:
    """The text of a category file (for the excerpts in problem boxes), or '' if unreadable."""
    for source, _ in sources:
        if source.src_uri == src_uri:
            try:
                return Path(source.abs_path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                return ""
    return ""
