"""mkdocs-rss-plugin: which feeds exist, and the fixes its items need for our generated pages.

mkdocs-rss-plugin (1.19) fills its item list in ``on_startup`` and never empties it, dates a page
without a date with the build time, and escapes titles and descriptions that the theme needs
already escaped; each function below handles one of these, reading only the plugin's public
options and its ``pages_to_filter`` list.
"""

from __future__ import annotations

import html

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
