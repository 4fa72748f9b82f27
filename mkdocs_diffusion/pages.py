"""Generated pages converted with only the Markdown extensions that can act on them.

A paper page made by the built-in template is headings of escaped text and HTML placeholders
(:attr:`~mkdocs_diffusion.render.PageSource.escaped`). MkDocs converts each page with every
extension of the site, each one set up anew and tried on the page's text: for such a small page,
that is a good part of its Markdown time. :class:`EscapedPage` converts it without the
:data:`~mkdocs_diffusion.render.INERT_EXTENSIONS`, which cannot change its HTML; as soon as
anything else wrote its Markdown (another plugin, a hook), it is converted as any page is.
"""

from __future__ import annotations

import copy

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .render import INERT_EXTENSIONS


def extension_name(extension: object) -> str:
    """'tables' for 'tables', 'markdown.extensions.tables' or 'pymdownx.tabbed:TabbedExtension'
    style names; the class path for an extension instance."""
    if not isinstance(extension, str):
        kind = type(extension)
        return f"{kind.__module__}.{kind.__name__}"
    name = extension.split(":", 1)[0]
    return name[len("markdown.extensions."):] if name.startswith("markdown.extensions.") else name


def without_inert_extensions(config: MkDocsConfig) -> MkDocsConfig:
    """A copy of ``config`` whose Markdown extensions leave out the inert ones (MkDocs always
    lists two: ``tables`` and ``fenced_code``)."""
    kept = [e for e in config.markdown_extensions if extension_name(e) not in INERT_EXTENSIONS]
    lean = copy.copy(config)  # a new mapping: the site's own configuration is left as it is
    lean["markdown_extensions"] = kept
    lean["mdx_configs"] = {name: options for name, options in (config.mdx_configs or {}).items() if extension_name(name) not in INERT_EXTENSIONS}
    return lean


class EscapedPage(Page):
    """A generated page whose Markdown is escaped text and placeholders (see the module)."""

    def __init__(self, file: File, config: MkDocsConfig, lean_config: MkDocsConfig):
        super().__init__(None, file, config)
        self._made = file.content_string.strip()  # what the plugin wrote
        self._lean_config = lean_config

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None or self.markdown.strip() != self._made:  # changed by a plugin or a hook
            return super().render(config, files)
        try:
            super().render(self._lean_config, files)
        except Exception:  # an extension of the site that needs one of the inert ones: all of them
            super().render(config, files)
