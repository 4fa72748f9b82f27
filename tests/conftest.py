"""Fixtures: write a real MkDocs project into ``tmp_path``, build it, read what it wrote."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import logging
import os
import textwrap
import threading
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

BASE_CONFIG = {
    "site_name": "Test list",
    "site_url": "https://example.org/list/",
    "repo_url": "https://github.com/example/list",
    "edit_uri": "edit/main/docs/",
    "theme": {"name": "material", "language": "ko", "features": ["content.action.edit"]},
    "plugins": [{"search": {"lang": ["ko", "en"]}}, "diffusion"],
    "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}],
}


class Site:
    """A temporary MkDocs project: ``write`` sources, ``build`` it, read the output."""

    def __init__(self, root: Path):
        self.root = root
        self.docs = root / "docs"
        self.site = root / "site"
        self.docs.mkdir(parents=True, exist_ok=True)
        self.config = json.loads(json.dumps(BASE_CONFIG))
        self.warnings: list[str] = []
        self.last_config = None

    def write(self, path: str, text: str, dedent: bool = True) -> Path:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n") if dedent else text, encoding="utf-8")
        return target

    def plugin_options(self, **options) -> None:
        plugins = [p for p in self.config["plugins"] if p != "diffusion" and not (isinstance(p, dict) and "diffusion" in p)]
        plugins.insert(1, {"diffusion": options})
        self.config["plugins"] = plugins

    def load(self, strict: bool = False):
        config_file = self.root / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(self.config, allow_unicode=True), encoding="utf-8")
        return load_config(config_file=str(config_file), site_dir=str(self.site), strict=strict)

    def build(self, strict: bool = False, config=None, startup: bool = True) -> Site:
        config = config or self.load(strict=strict)
        handler = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            if startup:
                config.plugins.on_startup(command="build", dirty=False)
            build(config)
        finally:
            logger.removeHandler(handler)
            if startup:
                config.plugins.on_shutdown()
            self.warnings = handler.messages
            self.last_config = config
        return self

    def build_fails(self) -> list[str]:
        with pytest.raises(Abort):
            self.build(strict=True)
        return self.warnings

    def html(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def json(self, path: str = "papers.json"):
        return json.loads((self.site / path).read_text(encoding="utf-8"))


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "project")


def category(title: str, entries: list[dict], **fields) -> str:
    """A category file's text from plain data (entries as dicts)."""
    data = {"title": title, **fields, "papers": entries}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"


def entry(title: str, arxiv: str | None = None, **fields) -> dict:
    data = {"title": title, "authors": fields.pop("authors", ["Ada Lovelace", "Alan Turing"])}
    if arxiv:
        data["links"] = {"paper": f"https://arxiv.org/abs/{arxiv}"}
    data.update(fields)
    data.setdefault("summary", f"{title} 요약입니다. Second sentence.")
    return data


def load_catalog(docs: Path):
    """The catalog of a docs folder, asserting every file loads."""
    from mkdocs_diffusion.catalog import build_catalog
    from mkdocs_diffusion.loader import load_docs

    categories, problems, _ = load_docs(docs)
    assert not [p for p in problems if p.level == "error"], problems
    return build_catalog(categories)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve a built site on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
