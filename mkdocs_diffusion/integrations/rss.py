"""mkdocs-rss-plugin: which feeds exist, and the fixes its items need for our generated pages.

mkdocs-rss-plugin (1.19) fills its item list in ``on_startup`` and never empties it, dates a page
without a date with the build time, and escapes titles and descriptions that the theme needs
already escaped; each function below handles one of these, reading only the plugin's public
options and its ``pages_to_filter`` list.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from urllib.parse import quote, urljoin

from mkdocs.config.defaults import MkDocsConfig


def feed_plugins(config: MkDocsConfig) -> list:
    return [p for p in config.plugins.values() if type(p).__module__.startswith("mkdocs_rss_plugin")]


def feed_files(config: MkDocsConfig) -> tuple:
    """(label, file name) of the 'created' feeds mkdocs-rss-plugin will write, if it is enabled."""
    feeds = []
    for plugin in feed_plugins(config):
        options = plugin.config
        if not options.get("enabled", True):
            continue
        names = options.feeds_filenames
        if options.rss_feed_enabled:
            feeds.append(("RSS", names.rss_created))
        if options.json_feed_enabled:
            feeds.append(("JSON Feed", names.json_created))
    return tuple(feeds)


def drop_undated_feed_items(config: MkDocsConfig, undated: set) -> None:
    """A paper page without an 'added' date is not news: the feed plugin would date it with the
    build time and put it first, so it is taken out of the feed."""
    if not undated:
        return
    for plugin in feed_plugins(config):
        items = getattr(plugin, "pages_to_filter", None)
        if items:
            plugin.pages_to_filter = [i for i in items if i.guid not in undated]


def unescape_feed_items(config: MkDocsConfig, guids: set) -> None:
    """Our pages' titles are HTML-escaped for the theme; a feed item's title is plain text that
    the feed template escapes itself, so the items get the text (escaped exactly once). The
    description stays HTML-escaped: feed readers read it as HTML."""
    for plugin in feed_plugins(config):
        for item in getattr(plugin, "pages_to_filter", None) or []:
            if item.guid in guids and item.title:
                item.title = html.unescape(item.title)


def reset_feed_plugins(config: MkDocsConfig) -> None:
    """mkdocs-rss-plugin fills its item list in ``on_startup`` and never empties it, so every
    rebuild under ``mkdocs serve`` would add every item again: start each build empty."""
    for plugin in feed_plugins(config):
        plugin.pages_to_filter = []


_IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif")  # what an RSS channel image may be
_NONE_IMAGE_RE = re.compile(r"<image>\s*<url>None</url>.*?</image>\s*", re.S)


def feed_image_url(config: MkDocsConfig) -> str | None:
    """An absolute URL for the feed's channel image: the theme's logo or favicon when it is a
    PNG, JPEG or GIF file of the built site (Material ships ``assets/images/favicon.png``)."""
    site_url = config.site_url or ""
    if not site_url:
        return None
    candidates = [config.theme.get("logo"), config.theme.get("favicon"), "assets/images/favicon.png"]
    for candidate in candidates:
        if not isinstance(candidate, str) or not candidate.lower().endswith(_IMAGE_TYPES):
            continue
        if re.match(r"https?://", candidate):
            return candidate
        path = posixpath.normpath(candidate.lstrip("/"))
        if path.startswith("..") or not os.path.isfile(os.path.join(config.site_dir, *path.split("/"))):
            continue
        return urljoin(site_url if site_url.endswith("/") else site_url + "/", quote(path, safe="/"))
    return None


def set_feed_image(config: MkDocsConfig) -> None:
    """mkdocs-rss-plugin writes ``<image><url>None</url>`` when its ``image`` option is not set:
    the feeds get the theme's image instead (see :func:`drop_feed_image_none` when there is none)."""
    plugins = [p for p in feed_plugins(config) if not getattr(p.config, "image", None)]
    url = feed_image_url(config) if plugins else None
    if url is None:
        return
    for plugin in plugins:
        for name in ("feed_created", "feed_updated"):
            feed = getattr(plugin, name, None)
            if feed is not None and not getattr(feed, "logo_url", None):
                feed.logo_url = url


def drop_feed_image_none(config: MkDocsConfig) -> None:
    """After the feeds are written: an ``<image>`` whose URL is ``None`` is taken out."""
    for plugin in feed_plugins(config):
        options = plugin.config
        if not options.get("enabled", True) or not options.rss_feed_enabled:
            continue
        names = options.feeds_filenames
        for name in (names.rss_created, names.rss_updated):
            path = os.path.join(config.site_dir, name)
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            fixed = _NONE_IMAGE_RE.sub("", text)
            if fixed != text:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(fixed)
