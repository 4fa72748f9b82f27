"""The plugin's options (``plugins: - diffusion: ...`` in ``mkdocs.yml``)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from .model import DEFAULT_PAGES


class DiffusionConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (the category files are then left out of the site)."""

    language = c.Optional(c.Type(str))
    """The language of the words the plugin shows (``ko``, ``en``...; default: ``theme.language``,
    else English). Languages without a catalog fall back to English."""

    messages = c.Type(dict, default={})
    """Replace single messages of the catalog (``key: text``; see ``mkdocs_diffusion/i18n.py``)."""

    papers_dir = c.Type(str, default="papers")
    """Folder under ``docs_dir`` whose Markdown files are category files (topic pages)."""

    resources_dir = c.Type(str, default="resources")
    """Folder under ``docs_dir`` whose category files are resources (posts, papers, videos)."""

    papers_nav_title = c.Optional(c.Type(str))
    """Title of the papers section in the automatic navigation (default: MkDocs' folder title)."""

    resources_nav_title = c.Optional(c.Type(str))
    """Title of the resources section in the automatic navigation."""

    paper_pages = c.Type(bool, default=True)
    """Generate a permanent page per paper at ``<paper_dir>/<key>/``."""

    paper_pages_in_search = c.Type(bool, default=False)
    """Index the paper pages in the site search too. Off by default: each entry is already a
    search result on its topic page (one anchor per paper), so paper pages would double every
    hit and the index."""

    paper_dir = c.Type(str, default="paper")
    """URL folder of the paper pages."""

    updates_page = c.Type(str, default=DEFAULT_PAGES["updates"])
    """Source path of the generated "new updates" page; empty to leave it out."""

    stats_page = c.Type(str, default=DEFAULT_PAGES["stats"])
    """Source path of the generated statistics page (charts per year and category); empty to leave it out."""

    all_papers_page = c.Type(str, default=DEFAULT_PAGES["all_papers"])
    """Source path of the generated page listing every paper with a filter; empty to leave it out."""

    assets = c.Type(bool, default=True)
    """Add the plugin's stylesheet and the all-papers filter script to the site."""

    build_date = c.Optional(c.Type(str))
    """The date the site is built as (``YYYY-MM-DD``; default: today): what "recent" on the
    updates page counts from, and the latest ``added`` date accepted. For reproducible builds."""

    recent_days = c.Type(int, default=31)
    """Additions within this many days before the build date are the updates page's "recent"
    section (its heading names the date range)."""

    papers_json = c.Type(str, default=DEFAULT_PAGES["papers_json"])
    """File at the site root listing every paper as JSON; empty to leave it out."""

    home_marker = c.Type(str, default="<!-- diffusion:stats -->")
    """A line in any page that is replaced by the generated numbers and latest additions."""

    home_latest = c.Type(int, default=5)
    """How many latest additions the home numbers list."""

    custom_templates = c.Optional(c.Dir(exists=True))
    """Folder of Jinja templates that override the built-in ones (same file names)."""

    trusted_introductions = c.Type(bool, default=False)
    """Pass each category's Markdown introduction (the text after its front matter) to MkDocs as
    it is, with the site's extensions and raw HTML. Off by default: an introduction is
    contributor content like the entries, rendered alone and sanitized."""

    publish_with_errors = c.Type(bool, default=False)
    """Let ``mkdocs gh-deploy`` publish a site whose category files have errors (their broken
    entries left out). Off by default: the deploy stops before pushing and lists the errors."""

    link_labels = c.Type(list, default=[])
    """Link labels of the site's own, besides the known ones (``paper``, ``code``, ``project``...):
    other labels get a "did you mean" warning."""

    limits = c.Type(dict, default={})
    """Raise (or lower) the limits on category files, e.g. ``{max_summary_chars: 8000}``: file size,
    entries per file, title, summary and other field lengths (see the README for each default)."""

    ignore = c.Type(list, default=[])
    """Warning codes to leave out, in the build and in ``check`` (e.g. ``[venue-mismatch]``; the
    README lists the codes). Errors cannot be ignored."""

    check_duplicates = c.Type(bool, default=True)
    """Warn about copies of one paper (same category twice, wrong links, typos, differing metadata)."""

    require_summary = c.Type(bool, default=True)
    """Every entry needs a summary (an error, ``missing-summary``, otherwise): right for a list of
    summaries. ``false`` for a list of titles and links (the importer sets it for a README
    without summaries): an entry without one is shown without a summary box."""

    require_authors = c.Type(bool, default=True)
    """Every entry needs its authors (an error otherwise). ``false`` for a list whose entries
    may have none (the importer sets it when a README block has no authors line)."""

    tag_pages = c.Type(bool, default=True)
    """A page per tag at ``<tag_dir>/<slug>/`` listing its papers, and the tags index at
    ``<tag_dir>/``; tags on topic and paper pages link to them. Tags reach page metadata
    (Material's ``tags`` plugin) either way."""

    tag_dir = c.Type(str, default="tag")
    """URL folder of the tag pages (``tag``, not ``tags``: Material's tags index is often ``tags.md``)."""

    updates_split_above = c.Type(int, default=300)
    """When more than this many papers were added before the recent ones, the updates page
    lists only the recent ones and links to one page per year of addition (``updates/2024/``)
    for the rest; -1 never splits it. Keeps the page light on a long list."""
