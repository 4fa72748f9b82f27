"""``papers.json``: every paper with its key, fields, categories and page URL."""

from __future__ import annotations

import json
import os

from .catalog import Catalog
from .model import Paper

FORMAT_VERSION = 1


def paper_record(paper: Paper, page_url: str | None, category_url) -> dict:
    """One paper as plain JSON data (the text fields as written: JSON escapes what it must)."""
    first = paper.first
    return {
        "key": paper.key,
        "identity": paper.identity,
        "title": first.title,
        "authors": first.authors,
        "venue": first.venue,
        "date": first.date,
        "year": paper.year,
        "arxiv": paper.arxiv_id,
        "doi": paper.doi,
        "added": paper.added,
        "links": first.links,
        "tags": sorted({t for e in paper.entries for t in e.tags}),
        "url": page_url,
        "categories": [
            {"title": e.category.title, "url": category_url(e), "summary": e.summary}
            for e in paper.entries
            if e.category is not None
        ],
    }


def papers_document(catalog: Catalog, page_url, category_url, site_url: str | None = None) -> dict:
    """The whole ``papers.json`` document. ``page_url(paper)``/``category_url(entry)`` give URLs."""
    papers = sorted(catalog.papers, key=lambda p: p.key)
    return {
        "version": FORMAT_VERSION,
        "site_url": site_url,
        "count": len(papers),
        "papers": [paper_record(p, page_url(p), category_url) for p in papers],
    }


def dumps(document: dict) -> str:
    # '<', '>' and '&' are escaped so the file is also safe to inline in a <script> element
    text = json.dumps(document, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def write_papers_json(document: dict, site_dir: str, name: str) -> bool:
    """Write ``document`` as ``name`` under ``site_dir``; False (nothing written) when ``name``
    would land outside the site directory."""
    root = os.path.realpath(site_dir)
    target = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([root, target]) != root:
        return False
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(dumps(document))
    return True
