"""The plugin's pages, once: for the MkDocs build and, as plain files, for other site generators.

The first half imports nothing from MkDocs. :func:`make_renderer` and :func:`site_pages` are the
one description of what the plugin makes from a catalog, in its order: topic pages, paper pages,
the updates, all-papers and statistics pages, each with its metadata. The plugin adds them to
MkDocs' ``Files``; :func:`generate` (``mkdocs-diffusion generate``) writes them to disk.

:func:`generate` writes a project any MkDocs-compatible generator can build without this plugin
(Zensical, or MkDocs itself)::

    OUT/docs/        every page as Markdown with YAML front matter (the page's metadata, dumped by
                     PyYAML), summaries and introductions as their sanitized HTML; the site's other
                     files as they are (the home marker filled in); the assets; papers.json
    OUT/nav.yml      the navigation in the plugin's order, the assets to list, the paper pages
                     kept out of the nav: to paste into a configuration of your own
    OUT/mkdocs.yml   the site's configuration without the ``diffusion`` plugin, plus nav.yml

Links in raw HTML (summaries, the feed links) are written for ``target``:
MkDocs and ProperDocs copy raw HTML as it is, so they get the final relative URLs (as the plugin
writes them); Zensical rewrites every relative link of a page as a link from its source file, so
it gets source-relative paths (``../papers/x.md``), which it resolves. The all-papers rows are JSON data
that no generator rewrites: they always get the final URLs (as do the redirect pages of aliases).
"""

from __future__ import annotations

import html
import os
import posixpath
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .catalog import Catalog
from .collect import Source, build_date
from .i18n import Messages
from .model import Category, Entry, Paper, Problem
from .render import PageSource, PageUrls, Renderer, relative
from .yamlwrite import dump_config_yaml, front_matter, load_config_yaml

#: The generators ``generate`` writes for (how links inside raw HTML are written).
TARGETS = ("mkdocs", "zensical")
#: Marks a folder as ``generate``'s own: only such a folder is emptied and written again.
MARKER = ".mkdocs-diffusion-generated"


# -- the pages, host-neutral ---------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin makes: its docs-relative path, its Markdown and metadata, the category
    file it is made from (topic and paper pages; None for pages made from the whole catalog),
    whether it is in the navigation, its paper (paper pages), and for a page out of the
    navigation the page whose tab and sidebar entry it marks (``belongs``)."""

    src_uri: str
    page: PageSource
    source: str | None = None
    in_nav: bool = True
    paper: Paper | None = None
    belongs: str | None = None


def make_renderer(catalog: Catalog, options, *, site_name: str | None, site_url: str | None, language: str | None,
                  use_directory_urls: bool = True, feeds: tuple = ()) -> Renderer:
    """The renderer for ``options`` (the plugin's options: ``DiffusionConfig`` or any object with
    the same attributes) and the site's name, URL, theme language and URL style."""
    urls = PageUrls(
        paper_dir=options.paper_dir.strip("/"),
        updates=options.updates_page or None,
        all_papers=options.all_papers_page or None,
        stats=options.stats_page or None,
        paper_pages=options.paper_pages,
        paper_pages_in_search=options.paper_pages_in_search,
        use_directory_urls=use_directory_urls,
        feeds=feeds,
        tag_dir=(getattr(options, "tag_dir", "tag").strip("/") or None) if getattr(options, "tag_pages", True) else None,
    )
    template_dirs = [Path(options.custom_templates)] if options.custom_templates else []
    messages = Messages(options.language or language, options.messages)
    return Renderer(catalog, urls, template_dirs, {"name": site_name, "url": site_url}, messages)


def entry_tags(entries: Iterable[Entry]) -> list[str]:
    """The entries' tags, each once, in order of first use, escaped like every other metadata
    value that themes print as HTML (titles, descriptions)."""
    return list(dict.fromkeys(html.escape(str(tag), quote=True) for entry in entries for tag in entry.tags))


def with_tags(page: PageSource, entries: Iterable[Entry]) -> PageSource:
    """``page`` with ``meta["tags"]``, the property tag plugins read (Material's and Zensical's
    ``tags``), when its entries have tags."""
    tags = entry_tags(entries)
    return replace(page, meta={**page.meta, "tags": tags}) if tags else page


def site_pages(
    renderer: Renderer,
    options,
    url_of: Callable[[str], str],
    *,
    problems: dict[str, list[Problem]] | None = None,
    sources: Iterable[tuple[Source, str]] = (),
    read_text: Callable[[str], str] | None = None,
    reuse: Callable[[str], PageSource | None] | None = None,
) -> Iterator[GeneratedPage]:
    """Every page the plugin makes, in order, made one at a time as the caller asks for it.

    ``url_of(src_uri)`` is the host's URL of a page, for the all-papers page, which comes after
    the topic and paper pages (a host that adds each page as it comes has them by then).
    ``problems`` (path -> problems, under ``mkdocs serve``) are shown as boxes on the topic pages,
    with the lines of ``read_text(path)``; a file among ``sources`` that gave no category still
    gets a page with its problems. ``reuse(src_uri)`` gives the page a topic or paper page had in
    the previous build when it shows the same (see :mod:`mkdocs_diffusion.rebuild`), which is
    then not rendered again.
    """
    catalog, urls = renderer.catalog, renderer.urls
    problems = problems or {}
    read = read_text or (lambda path: "")
    previous = reuse or (lambda src_uri: None)
    for category in catalog.categories:
        page = previous(category.path)
        if page is None:
            shown = problems.get(category.path)
            page = renderer.category_page(category, options.trusted_introductions, shown, read(category.path) if shown else "")
            page = with_tags(page, category.entries)
        yield GeneratedPage(category.path, page, source=category.path)
    paths = {c.path for c in catalog.categories}
    for source, section in sources:
        if source.src_uri in problems and source.src_uri not in paths:
            stub = Category(path=source.src_uri, title=posixpath.splitext(posixpath.basename(source.src_uri))[0], section=section)
            page = renderer.category_page(stub, problems=problems[source.src_uri], source_text=read(source.src_uri))
            yield GeneratedPage(source.src_uri, page, source=source.src_uri)
    if urls.paper_pages:
        for paper in catalog.papers:
            src = urls.paper(paper)
            if src:
                page = previous(src) or with_tags(renderer.paper_page(paper), paper.entries)
                yield GeneratedPage(src, page, source=paper.first.path, in_nav=False, paper=paper, belongs=paper.first.path)
        renderer.side_files.update(renderer.redirect_files(url_of))  # old URLs of papers (aliases)
    if urls.tag_dir:
        for tag in renderer.tags:
            yield GeneratedPage(urls.tag(tag) or "", renderer.tag_page(tag), in_nav=False, belongs=urls.stats)
        if renderer.tags:
            yield GeneratedPage(urls.tags_index or "", renderer.tags_index_page(), in_nav=False, belongs=urls.stats)
    if urls.updates:
        split = options.updates_split_above if options.updates_split_above >= 0 else None
        for number, (src, page) in enumerate(renderer.updates_pages(options.recent_days, build_date(options), split)):
            # the year pages are linked from the updates page, and mark it
            yield GeneratedPage(src, page, in_nav=number == 0, belongs=None if number == 0 else urls.updates)
    if urls.all_papers:
        yield GeneratedPage(urls.all_papers, renderer.all_papers_page(url_of))
    if urls.stats:
        yield GeneratedPage(urls.stats, renderer.stats_page())


def arrange_nav(nav, catalog: Catalog, urls: PageUrls, options, automatic: bool) -> None:
    """The plugin's navigation: category pages in their order; with an automatic nav (no ``nav``
    in ``mkdocs.yml``), the top level arranged and the two sections titled."""
    from .nav import arrange_top_level, relink_pages, sort_sections

    sort_sections(nav.items, {c.path: i for i, c in enumerate(catalog.categories)})
    if automatic:
        pages = {"home": "index.md", "updates": urls.updates, "all_papers": urls.all_papers, "stats": urls.stats}
        folders = {"papers": (options.papers_dir, options.papers_nav_title), "resources": (options.resources_dir, options.resources_nav_title)}
        arrange_top_level(nav, pages, folders)
    relink_pages(nav)


def page_text(page: PageSource) -> str:
    """A page as a Markdown file: its metadata as YAML front matter (PyYAML's safe dumper: every
    value is data), then its Markdown."""
    if not page.meta:
        return page.markdown
    return f"{front_matter(page.meta)}\n{page.markdown}"


# -- the generate command ------------------------------------------------------------------------


class GenerateError(Exception):
    """The command cannot run (a usage error): the message says why."""


@dataclass
class Generated:
    out: Path
    pages: list[str] = field(default_factory=list)  # generated pages (src_uri), in order
    copied: list[str] = field(default_factory=list)  # the site's own files, copied
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    nav: list = field(default_factory=list)


def generate(config_file: Path, out: Path, target: str = "mkdocs") -> Generated:
    """Write the site of ``config_file`` (a ``mkdocs.yml`` that uses the plugin) into ``out`` as
    a project that builds without the plugin (see the module's description)."""
    from mkdocs.structure.files import File, Files, InclusionLevel, get_files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.utils import get_relative_url

    from . import export
    from .collect import category_sources, collect
    from .host import check_links, collect_options, load_site, page_sources, plugin_options
    from .integrations.rss import feed_files
    from .plugin import ASSETS, ASSETS_DIR, edit_urls

    if target not in TARGETS:
        raise GenerateError(f"unknown target {target!r} (one of {', '.join(TARGETS)})")
    config = load_site(config_file, None)
    options = plugin_options(config)
    docs_dir = Path(config.docs_dir).resolve()
    out = out.resolve()
    _prepare(out, docs_dir, Path(config_file).resolve().parent)
    check_links(config.docs_dir)

    files = get_files(config)
    sources = category_sources(page_sources(files), options.papers_dir, options.resources_dir)
    collection = collect(sources, **collect_options(options, config.theme.get("language")))
    catalog = collection.catalog
    result = Generated(out, problems=collection.problems)

    site_links = target == "mkdocs"
    use_directory_urls = config.use_directory_urls

    def url(src_uri: str) -> str:
        return File(src_uri, config.docs_dir, config.site_dir, use_directory_urls).url

    renderer = make_renderer(
        catalog, options, site_name=config.site_name, site_url=config.site_url, language=config.theme.get("language"),
        # to_root() (the feed links): a path from the page's URL, or from its source file
        use_directory_urls=use_directory_urls if site_links else False, feeds=feed_files(config),
    )
    renderer.source_links = not site_links
    renderer.edit_url = edit_urls(config)
    for key in renderer.t.unknown_keys():
        result.warnings.append(f"messages: {key!r} is not a message of the plugin (see mkdocs_diffusion/i18n.py)")

    docs_out = out / "docs"
    category_uris = {source.src_uri for source, _ in sources}
    kept = [f for f in files if f.src_uri not in category_uris and not f.inclusion.is_excluded()]
    taken = {f.src_uri for f in kept}
    generated = []
    # the all-papers rows (JSON) and redirects get final URLs: no generator rewrites links in data
    for item in site_pages(renderer, options, url):
        if item.src_uri in taken:
            result.warnings.append(f"{item.src_uri}: a file of that name is in the docs; the generated page is not written")
            continue
        taken.add(item.src_uri)
        generated.append(item)
    pages = {f.src_uri for f in kept if f.is_documentation_page()} | {g.src_uri for g in generated}

    def resolver(page_src: str):
        def resolve(source: str, href: str) -> str | None:
            target_src = posixpath.normpath(posixpath.join(posixpath.dirname(source), href))
            if target_src not in pages:
                return None
            return get_relative_url(url(target_src), url(page_src)) if site_links else relative(target_src, page_src)

        return resolve

    for item in generated:
        text = page_text(PageSource(renderer.blocks.fill(item.page.markdown, resolver(item.src_uri)), item.page.meta))
        _write(docs_out, item.src_uri, text.encode("utf-8"))
        result.pages.append(item.src_uri)
    for src_uri, data in renderer.side_files.items():  # data files: the all-papers side files, redirects
        if src_uri not in taken:
            _write(docs_out, src_uri, data)

    marker = options.home_marker
    for file in kept:
        target_path = docs_out.joinpath(*file.src_uri.split("/"))
        target_path.parent.mkdir(parents=True, exist_ok=True)
        if file.is_documentation_page() and marker:
            text = file.content_string
            if marker in text:
                text = text.replace(marker, renderer.home_stats(file.src_uri, options.home_latest))
                _write(docs_out, file.src_uri, text.encode("utf-8"))
                result.copied.append(file.src_uri)
                continue
        shutil.copyfile(file.abs_src_path, target_path)
        result.copied.append(file.src_uri)

    assets = []
    if options.assets:
        from importlib import resources

        for name in ASSETS:
            src_uri = f"{ASSETS_DIR}/{name}"
            assets.append(src_uri)
            if src_uri in taken:
                continue  # the site's own file replaces the plugin's
            _write(docs_out, src_uri, resources.files("mkdocs_diffusion").joinpath("assets", name).read_bytes())

    if options.papers_json:
        def page_url(paper: Paper) -> str | None:
            src = renderer.urls.paper(paper)
            return url(src) if src and src in pages else None

        def category_url(entry: Entry) -> str | None:
            return f"{url(entry.category.path)}#{entry.anchor}" if entry.category.path in pages else None

        document = export.papers_document(catalog, page_url, category_url, config.site_url)
        if not export.write_papers_json(document, str(docs_out), options.papers_json):
            result.warnings.append(f"papers_json: {options.papers_json!r} is outside the docs folder; not written")

    # The navigation: MkDocs' own, from these files, arranged by the plugin's code.
    nav_files = Files([])
    for file in kept:
        if file.is_documentation_page():
            nav_files.append(File(file.src_uri, str(docs_out), config.site_dir, use_directory_urls, inclusion=file.inclusion))
    for item in generated:
        inclusion = InclusionLevel.UNDEFINED if item.in_nav else InclusionLevel.NOT_IN_NAV
        nav_files.append(File(item.src_uri, str(docs_out), config.site_dir, use_directory_urls, inclusion=inclusion))
    nav = get_navigation(nav_files, config)
    arrange_nav(nav, catalog, renderer.urls, options, automatic=config.nav is None)
    result.nav = nav_data(nav.items)

    snippet: dict = {"nav": result.nav}
    if assets:
        snippet["extra_css"] = [a for a in assets if a.endswith(".css")]
        snippet["extra_javascript"] = [a for a in assets if a.endswith(".js")]
    hidden = [f"/{renderer.urls.paper_dir}/"] if renderer.urls.paper_pages else []
    hidden += [f"/{g.src_uri}" for g in generated if not g.in_nav and g.paper is None]  # the year pages of the updates
    if hidden:
        snippet["not_in_nav"] = "".join(f"{pattern}\n" for pattern in hidden)
    header = "# The plugin's navigation and assets for the pages in docs/ (mkdocs-diffusion generate).\n"
    (out / "nav.yml").write_text(header + dump_config_yaml(snippet), encoding="utf-8")
    (out / "mkdocs.yml").write_text(site_config(Path(config_file), out, snippet), encoding="utf-8")
    return result


def nav_data(items: list) -> list:
    """MkDocs navigation items as the ``nav`` setting: a page as its path (its title comes from
    the page) or ``{title: path}`` when the nav gave it one, a section as ``{title: [...]}``, a
    link as ``{title: url}``."""
    from mkdocs.structure.nav import Link, Section
    from mkdocs.structure.pages import Page

    data: list = []
    for item in items:
        if isinstance(item, Section):
            data.append({item.title: nav_data(item.children)})
        elif isinstance(item, Page):
            title = vars(item).get("title")  # set only when the configured nav names the page
            data.append({title: item.file.src_uri} if title else item.file.src_uri)
        elif isinstance(item, Link):
            data.append({item.title: item.url})
    return data


def _prepare(out: Path, docs_dir: Path, config_dir: Path) -> None:
    """Refuse an output folder that is, holds or is inside the docs folder or the project, or
    that holds anything but a previous output; empty a previous output."""
    for other, name in ((docs_dir, "the docs folder"), (config_dir, "the folder of mkdocs.yml")):
        if out == other or other.is_relative_to(out):
            raise GenerateError(f"{out}: would replace {name}; choose a new folder")
    if out.is_relative_to(docs_dir):
        raise GenerateError(f"{out}: is inside the docs folder; choose a folder outside it")
    if out.exists():
        if not out.is_dir():
            raise GenerateError(f"{out}: not a folder")
        entries = list(out.iterdir())
        if entries and not (out / MARKER).is_file():
            raise GenerateError(f"{out}: not empty and not written by generate; choose a new or empty folder")
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("This folder is written by `mkdocs-diffusion generate`, which empties it on each run.\n", encoding="utf-8")


def _write(root: Path, src_uri: str, data: bytes) -> None:
    path = root.joinpath(*src_uri.split("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- the configuration of the generated project --------------------------------------------------




def _item_name(item) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and len(item) == 1:
        return next(iter(item))
    return None


def site_config(config_file: Path, out: Path, snippet: dict) -> str:
    """The site's ``mkdocs.yml`` for the generated project: the ``diffusion`` plugin left out,
    ``docs_dir: docs``, ``site_dir: site``, the extensions the pages need, ``snippet`` merged
    in, and paths relative to the old folder made relative to ``out``. Tags are kept as written."""
    from .plugin import REQUIRED_EXTENSIONS

    data = load_config_yaml(config_file.read_text(encoding="utf-8")) or {}
    base = config_file.resolve().parent

    def moved(path):
        if isinstance(path, str) and not os.path.isabs(path):
            return os.path.relpath(base / path, out).replace(os.sep, "/")
        return path

    if "INHERIT" in data:
        data["INHERIT"] = moved(data["INHERIT"])
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = moved(theme["custom_dir"])
    for key in ("hooks", "watch"):
        if isinstance(data.get(key), list):
            data[key] = [moved(p) for p in data[key]]
    data["docs_dir"] = "docs"
    data["site_dir"] = "site"
    plugins = data.get("plugins")
    if isinstance(plugins, list):
        data["plugins"] = [p for p in plugins if _item_name(p) != "diffusion"]
    elif isinstance(plugins, dict):
        plugins.pop("diffusion", None)
    extensions = data.get("markdown_extensions")
    if extensions is None:
        extensions = data["markdown_extensions"] = []
    if isinstance(extensions, list):
        names = {_item_name(e) for e in extensions}
        extensions.extend(name for name in REQUIRED_EXTENSIONS if name not in names)
    for key in ("extra_css", "extra_javascript"):
        if snippet.get(key):
            listed = data.get(key) or []
            data[key] = listed + [a for a in snippet[key] if a not in listed]
    if snippet.get("not_in_nav"):
        listed = str(data.get("not_in_nav") or "").rstrip("\n")
        data["not_in_nav"] = (listed + "\n" if listed else "") + snippet["not_in_nav"]
    data["nav"] = snippet["nav"]
    header = "# The site of mkdocs-diffusion generate: builds with MkDocs, ProperDocs or Zensical, without the plugin.\n"
    return header + dump_config_yaml(data)
