"""MkDocs as the host: the file list and options that the build and ``check`` share.

``check`` reads the site's ``mkdocs.yml`` through MkDocs itself and asks MkDocs for the pages it
would build (``docs_dir``, ``exclude_docs``, hidden files, every Markdown extension), so the
files it checks are exactly the files the build reads.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .collect import Source, build_date, symlink_loops
from .model import Limits


def page_sources(files: Files) -> list[Source]:
    """Every documentation page MkDocs would build, as a :class:`Source`."""
    return [Source(f.src_uri, f.abs_src_path, f.url) for f in files.documentation_pages() if f.abs_src_path]


class LoopError(Exception):
    """The docs folder holds a symbolic link to itself or a parent (MkDocs would never stop)."""


def check_links(docs_dir: str) -> None:
    loops = symlink_loops(docs_dir)
    if loops:
        raise LoopError(f"{', '.join(loops)}: symbolic link to a parent folder (a loop); remove it")


def load_site(config_file: Path | None, docs_dir: Path | None) -> MkDocsConfig:
    """The site's configuration: ``config_file`` read as ``mkdocs build`` would, or MkDocs'
    defaults for a bare ``docs_dir``."""
    if config_file is not None:
        from mkdocs.config import load_config

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        return load_config(config_file=str(config_file))
    config = MkDocsConfig()
    config.load_dict({"site_name": "check", "docs_dir": str(docs_dir), "site_dir": str(Path(docs_dir or ".").resolve().parent / ".mkdocs-diffusion-check-site")})
    errors, _ = config.validate()
    if errors:
        raise ValueError("; ".join(f"{name}: {error}" for name, error in errors))
    return config


def site_sources(config: MkDocsConfig) -> list[Source]:
    """The pages MkDocs would build for ``config`` (symbolic link loops refused first)."""
    from mkdocs.structure.files import get_files

    check_links(config.docs_dir)
    return page_sources(get_files(config))


def plugin_options(config: MkDocsConfig):
    """The ``diffusion`` plugin's options in ``config`` (its defaults when it is not listed)."""
    from .config import DiffusionConfig

    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("mkdocs_diffusion"):
            return plugin.config
    options = DiffusionConfig()
    options.load_dict({})
    options.validate()
    return options


def limits_from(options: dict) -> Limits:
    """The plugin's ``limits`` option as :class:`Limits` (``ValueError`` naming a wrong key)."""
    known = set(Limits.__dataclass_fields__)
    unknown = sorted(set(options) - known)
    if unknown:
        raise ValueError(f"limits: unknown limit {unknown[0]!r}; the limits are {', '.join(sorted(known))}")
    wrong = sorted(k for k, v in options.items() if not isinstance(v, int) or isinstance(v, bool) or v < 1)
    if wrong:
        raise ValueError(f"limits: {wrong[0]} must be a positive whole number")
    return Limits(**options)


def collect_options(options, language: str | None = None) -> dict:
    """The keyword arguments of :func:`mkdocs_diffusion.collect.collect` that the plugin's
    options set: one place, for the build and ``check``. ``language``: the theme's language
    (the plugin's ``language`` option comes first), for the words of the problems."""
    from .i18n import Messages

    return {
        "messages": Messages(getattr(options, "language", None) or language, getattr(options, "messages", None)),
        "today": build_date(options),
        "check_duplicates": options.check_duplicates,
        "link_labels": tuple(options.link_labels),
        "ignore": tuple(options.ignore),
        "limits": limits_from(options.limits),
        "required": frozenset(name for name, on in (("summary", options.require_summary), ("authors", options.require_authors)) if on),
    }

