"""Fixtures: write a real MkDocs project into ``tmp_path``, build it, read what it wrote."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import logging
import os
import re
import shutil
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

#: Titles of the seed (../shared/seed) corrected in docs/: known errors of the source (typos;
#: authors and year moved out of the title)
TITLE_FIXES = {
    "Adding Conditional Control to Text-to-Image Difusion Models": "Adding Conditional Control to Text-to-Image Diffusion Models",
    "Score-based generative model learnmanifold-like structures with constrained mixing":
        "Score-based generative model learn manifold-like structures with constrained mixing",
    # authors and year moved out of the title (they are the entry's authors and date)
    "Progressive Deblurring of Diffusion Models for Coarse-to-Fine Image Synthesis, Sangyun Lee et al., 2022":
        "Progressive Deblurring of Diffusion Models for Coarse-to-Fine Image Synthesis",
    "Soft Diffusion: Score Matching for General Corruptions, Giannis Daras et al., 2022": "Soft Diffusion: Score Matching for General Corruptions",
}

#: Debian's Chromium, which Playwright drives (``bash .ci/run`` installs it)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def unavailable(reason: str) -> None:
    """Skip here, with ``reason``; fail in CI, where ``.ci/run`` installs what the test needs."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: .ci/run installs it)", pytrace=False)
    pytest.skip(reason)


def chromium() -> str:
    """The path of Chromium, once it and Playwright are known to be there (else skip or fail)."""
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/run does) to run the browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        unavailable(f"playwright is not installed: {error}")
    return CHROMIUM


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

    def build(self, strict: bool = False, config=None, startup: bool = True, command: str = "build") -> Site:
        """Build as ``mkdocs build`` does (``command="serve"``: one build of ``mkdocs serve``)."""
        config = config or self.load(strict=strict)
        handler = _Collect()
        try:
            logged_build(config, handler, startup, command)
        finally:
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
    """The warnings MkDocs and the plugins log; with ``but_content``, not the category files' own
    problems (the data's business: tests/test_seed_site.py builds the repo's site with --strict)."""

    def __init__(self, but_content: bool = False):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.but_content = but_content

    def emit(self, record):
        message = record.getMessage()
        if not (self.but_content and record.name.startswith("mkdocs.plugins.mkdocs_diffusion") and CONTENT_PROBLEM.match(message)):
            self.messages.append(message)


#: A problem of the category files themselves, as the plugin logs it
CONTENT_PROBLEM = re.compile(r"^mkdocs_diffusion: (papers|resources)/[^:]+:\d+: ")


def logged_build(config, handler: logging.Handler, startup: bool = True, command: str = "build") -> None:
    """Build in this process as ``mkdocs build`` (or one build of ``mkdocs serve``) does,
    ``handler`` seeing what is logged."""
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        if startup:
            config.plugins.on_startup(command=command, dirty=False)
        try:
            build(config)
        finally:
            if startup:
                config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def serving_dirty(site: Site):
    """``site``'s configuration with its plugins started as ``mkdocs serve --dirty`` starts them
    (one plugin instance for every build), shut down at the end."""
    config = site.load()
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        yield config
    finally:
        config.plugins.on_shutdown()


def mkdocs_build(config_file: Path, site_dir: Path, strict: bool = False) -> list[str]:
    """Build ``config_file`` into ``site_dir`` in this process; the warnings logged but the
    category files' own problems. The build goes on after a warning, so a test sees them all."""
    handler = _Collect(but_content=True)
    logged_build(load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict), handler)
    return handler.messages


def copy_repo_site(root: Path) -> Path:
    """The repo's ``docs/`` and ``mkdocs.yml`` copied into ``root``: its config file."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root / "mkdocs.yml"


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
