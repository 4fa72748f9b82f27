"""mkdocs-static-i18n: the generated pages through its file list, one site per language.

mkdocs-static-i18n (1.3) builds the site once per language. In its ``on_files`` (priority -100,
after ours) it makes a new ``File`` for each file under ``docs_dir`` from its path alone, so the
new file would be read from ``docs_dir/<src_uri>``: a topic page would become its category
file's raw text and a paper page a missing file. A documentation page whose source is not under
``docs_dir`` (the updates, all-papers and statistics pages, in the plugin's temporary folder)
it leaves out, with a warning. :class:`KeepGenerated` takes our pages through it:

* :meth:`~KeepGenerated.before` (just before it): each page whose source is outside
  ``docs_dir`` keeps its text in memory and names, for the moment, the path it would have in
  ``docs_dir``, so that the i18n plugin places it in each language like any other page;
* :meth:`~KeepGenerated.after` (after it): every File it made for one of our pages gets the
  page's content, source path, edit link and ``generated_by`` back.

:func:`language_prefix` is where the current language's site goes (``papers.json``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def i18n_plugin(config: MkDocsConfig):
    """The enabled mkdocs-static-i18n plugin of ``config``, or None."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("mkdocs_static_i18n") and plugin.config.get("enabled", True):
            return plugin
    return None


def language_prefix(config: MkDocsConfig) -> str:
    """The folder of the language being built (``"en/"``), or ``""`` for the default language
    and for sites without mkdocs-static-i18n."""
    plugin = i18n_plugin(config)
    if plugin is None or plugin.current_language is None or plugin.is_default_language_build:
        return ""
    return f"{plugin.current_language}/"


def _inside(path: str, folder: str) -> bool:
    path, folder = os.path.normpath(path), os.path.normpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class KeepGenerated:
    """The plugin's files (``src_uris`` of ``files``) through mkdocs-static-i18n's ``on_files``;
    does nothing on a site without it."""

    def __init__(self, files: Files, src_uris: Iterable[str]):
        self.ours: dict[str, File] = {src: f for src in src_uris if (f := files.src_uris.get(src)) is not None}
        self.real_paths: dict[str, str] = {}  # src_uri -> the source path outside docs_dir

    def before(self, config: MkDocsConfig) -> None:
        if i18n_plugin(config) is None:
            return
        for src_uri, file in self.ours.items():
            path = file.abs_src_path
            if path and file.is_documentation_page() and not _inside(path, config.docs_dir):
                file.content_string = file.content_string  # read now: the path changes below
                self.real_paths[src_uri] = path
                file.abs_src_path = os.path.normpath(os.path.join(config.docs_dir, *src_uri.split("/")))

    def after(self, files: Files, config: MkDocsConfig) -> None:
        plugin = i18n_plugin(config)
        if plugin is None:
            return
        for src_uri, original in self.ours.items():
            real_path = self.real_paths.get(src_uri, original.abs_src_path)
            original.abs_src_path = real_path
            theirs = files.src_uris.get(src_uri)  # by exact path: its get_file_from_path falls back to other languages
            if theirs is None or theirs is original:
                continue  # a file it left out (a theme's, or one of another language), or kept as it was
            if original.is_documentation_page():
                theirs.content_string = original.content_string
            else:
                theirs.content_bytes = original.content_bytes
            theirs.abs_src_path = real_path
            theirs.generated_by = original.generated_by
            theirs.edit_uri = original.edit_uri
