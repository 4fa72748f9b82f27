"""The three sites the benchmark builds from one docs folder, and their configurations.

* **plugin**: the category files built with the ``diffusion`` plugin;
* **own floor**: the plugin's own pages written out by ``mkdocs-diffusion generate`` (summaries
  as their sanitized HTML) and built without the plugin: what the plugin's hooks cost;
* **hand floor**: the equivalent site written by hand (:mod:`bench.floor`), built without the
  plugin: what the pages the plugin chooses to emit cost.

All three use the repo's ``mkdocs.yml`` (theme, Markdown extensions, ``search`` and ``rss``),
read and written with the package's own config YAML helpers (tags such as ``!!python/name:`` kept).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs_diffusion.yamlwrite import dump_config_yaml, load_config_yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
TIMING_HOOK = BENCH / "timing_hook.py"


def plugin_name(item) -> str:
    return item if isinstance(item, str) else next(iter(item))


def plugin_options(plugins: list, name: str) -> dict:
    for item in plugins:
        if plugin_name(item) == name:
            return dict(item[name] or {}) if isinstance(item, dict) else {}
    return {}


def base_config(repo_config: Path = REPO / "mkdocs.yml") -> dict:
    """The repo's configuration reduced to what a benchmark site needs (paths made absolute)."""
    data = load_config_yaml(repo_config.read_text(encoding="utf-8")) or {}
    for key in ("nav", "hooks", "not_in_nav", "exclude_docs", "draft_docs", "docs_dir", "site_dir", "strict", "watch"):
        data.pop(key, None)
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((repo_config.parent / theme["custom_dir"]).resolve())
    plugins = data.get("plugins") or []
    search = plugin_options(plugins, "search") or {}
    search.setdefault("lang", ["ko", "en"])
    diffusion = plugin_options(plugins, "diffusion")
    if diffusion.get("custom_templates"):
        diffusion["custom_templates"] = str((repo_config.parent / diffusion["custom_templates"]).resolve())
    rss = plugin_options(plugins, "rss")
    rss.update(
        match_path="paper/.*",
        use_git=False,
        date_from_meta={"as_creation": "added", "as_update": "added", "datetime_format": "%Y-%m-%d"},
    )
    data["plugins"] = [{"search": search}, {"diffusion": diffusion}, {"rss": rss}]
    data.setdefault("site_url", "https://example.org/bench/")
    return data


def without_plugin(data: dict) -> dict:
    """The configuration without the ``diffusion`` plugin."""
    return dict(data, plugins=[p for p in data["plugins"] if plugin_name(p) != "diffusion"])


def write_config(path: Path, data: dict) -> Path:
    path.write_text(dump_config_yaml(data), encoding="utf-8")
    return path


def repo_static_files(target_docs: Path, repo_docs: Path = REPO / "docs") -> None:
    """The repo's non-Markdown docs files (CSS, images) that ``mkdocs.yml`` refers to."""
    if not repo_docs.is_dir():
        return
    for path in repo_docs.rglob("*"):
        if path.is_file() and path.suffix.lower() not in (".md", ".markdown"):
            rel = path.relative_to(repo_docs)
            if rel.parts[0] in ("papers", "resources"):
                continue
            (target_docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target_docs / rel)


def plugin_site(work: Path, config_data: dict) -> Path:
    """``work/mkdocs.yml``: the docs in ``work/docs`` built with the plugin (and the timing hook)."""
    data = dict(config_data, docs_dir=str(work / "docs"), site_dir=str(work / "site"), hooks=[str(TIMING_HOOK)])
    return write_config(work / "mkdocs.yml", data)


def cli_command() -> list[str]:
    """``mkdocs-diffusion`` as this interpreter runs it (the package on ``sys.path``)."""
    return [sys.executable, "-m", "mkdocs_diffusion.cli"]


def own_floor(work: Path, plugin_config: Path, env: dict) -> Path:
    """``work/own/mkdocs.yml``: the plugin's pages written by ``mkdocs-diffusion generate`` as
    plain Markdown and built without the plugin (the timing hook kept, as in every timed build)."""
    out = work / "own"
    proc = subprocess.run(cli_command() + ["generate", "-f", str(plugin_config), "--out", str(out)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"mkdocs-diffusion generate failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return out / "mkdocs.yml"


def hand_floor_config(work: Path, config_data: dict) -> Path:
    """``work/hand/mkdocs.yml``: the hand-written site in ``work/hand/docs`` (see
    :mod:`bench.floor`), the same theme, extensions, ``search`` and ``rss``, no ``diffusion``;
    paper pages out of the navigation."""
    data = dict(without_plugin(config_data), docs_dir=str(work / "hand" / "docs"), site_dir=str(work / "hand" / "site"),
                hooks=[str(TIMING_HOOK)], not_in_nav="/paper/\n")
    return write_config(work / "hand" / "mkdocs.yml", data)
