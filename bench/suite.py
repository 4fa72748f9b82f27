"""One source measured: its docs written, the three sites prepared, the alternating builds,
``check``, page weights and the edit loop, gathered in a :class:`Result`."""

from __future__ import annotations

import hashlib
import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from bench import floor, measure, sites
from bench.measure import Edit, EditTimes, Series
from mkdocs_diffusion.model import DEFAULT_PAGES


@dataclass
class Result:
    source: str
    papers: int
    entries: int
    categories: int
    builds: dict[str, Series]  # 'hand', 'own', 'plugin'
    pages: dict[str, int]  # HTML pages each built site holds
    hand_pages_expected: int  # what the hand-written site was written with (topic + paper + home + updates)
    weights: dict[str, dict]  # 'plugin', 'hand' -> measure.site_weights
    check: dict
    edits: dict[str, EditTimes] = field(default_factory=dict)  # 'plugin', 'plugin --dirty', 'hand --dirty'
    plugin_sources: str = ""
    notes: list[str] = field(default_factory=list)

    def ratio(self, floor_name: str) -> float:
        """Median plugin build over the median build of ``floor_name``."""
        return self.builds["plugin"].median / self.builds[floor_name].median

    def round_ratios(self, floor_name: str) -> list[float]:
        return measure.round_ratios(self.builds["plugin"], self.builds[floor_name])

    @classmethod
    def from_dict(cls, data: dict) -> Result:
        """A result as ``results.json`` holds it (to write the report again)."""
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["builds"] = {name: Series(**series) for name, series in data["builds"].items()}
        fields["edits"] = {name: EditTimes(**times) for name, times in (data.get("edits") or {}).items()}
        return cls(**fields)

    @property
    def hooks_s(self) -> float | None:
        values = [v for v in self.builds["plugin"].hooks_seconds if v is not None]
        return statistics.median(values) if values else None


def plugin_fingerprint() -> str:
    """A short hash of the plugin's sources (Python, templates, schema, assets) as they are now:
    the plugin is under active development, so a table says which code it measured."""
    import mkdocs_diffusion

    root = Path(mkdocs_diffusion.__file__).parent
    digest = hashlib.sha1()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".json", ".css", ".js", ".html")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def _edit_target(docs: Path, hand_docs: Path) -> tuple[Edit, Edit] | None:
    """The first entry of the first category file that has one: the edit of its summary in the
    category file (the plugin's site: its topic page and its paper page show it) and in the
    hand-written topic page."""
    catalog = floor.read_catalog(docs)
    for category in catalog.categories:
        for entry in category.entries:
            anchor = entry.summary.strip().split("\n")[0][:40]
            if len(anchor) >= 20 and entry.paper is not None:
                urls = {"topic": measure.topic_url(category.path), "paper": measure.topic_url(floor.paper_src(entry.paper))}
                return (Edit(docs / category.path, anchor, urls),
                        Edit(hand_docs / category.path, anchor, {"topic": urls["topic"]}))
    return None


def measure_source(label: str, work: Path, fill: Callable[[Path], dict], *, repeat: int, config_data: dict,
                   edits: int = 2, full_serve: bool = True, progress=None) -> Result:
    """Write the docs with ``fill(docs)`` (returns counts), prepare the sites, measure them.
    ``edits`` per server in the edit loop (0: none); ``full_serve``: also under plain ``serve``."""
    say = progress or (lambda text: None)
    if work.exists():
        shutil.rmtree(work)
    docs = work / "docs"
    docs.mkdir(parents=True)
    info = fill(docs)
    sites.repo_static_files(docs)
    fingerprint = plugin_fingerprint()
    env = measure.child_env()

    plugin_cfg = sites.plugin_site(work, config_data)
    own_cfg = sites.own_floor(work, plugin_cfg, env)
    hand = floor.write_hand_site(docs, work / "hand" / "docs")
    hand_cfg = sites.hand_floor_config(work, config_data)
    say(f"{label}: docs and floors written; {hand.pages} hand-written pages")

    site_dirs = {"hand": work / "hand" / "site", "own": work / "own" / "site", "plugin": work / "site"}
    builds = measure.alternate({"hand": (hand_cfg, site_dirs["hand"]), "own": (own_cfg, site_dirs["own"]),
                                "plugin": (plugin_cfg, site_dirs["plugin"])}, repeat, progress=lambda t: say(f"{label}: {t}"))
    check = measure.run_check(docs)

    options = sites.plugin_options(config_data["plugins"], "diffusion")
    named = {"updates_page": options.get("updates_page", DEFAULT_PAGES["updates"]),
             "all_papers_page": options.get("all_papers_page", DEFAULT_PAGES["all_papers"])}
    weights = {
        "plugin": measure.site_weights(site_dirs["plugin"], named, {"papers_json": options.get("papers_json", DEFAULT_PAGES["papers_json"])}),
        "hand": measure.site_weights(site_dirs["hand"], {"updates_page": floor.UPDATES}),
        "own": measure.site_weights(site_dirs["own"]),
    }
    pages = {name: weights[name]["html_pages"] for name in weights}

    edit_times: dict[str, EditTimes] = {}
    target = _edit_target(docs, hand.docs) if edits else None
    if target:
        plugin_edit, hand_edit = target
        timeout = max(60.0, 3 * builds["plugin"].median)
        site_path = urlparse(config_data.get("site_url") or "").path or "/"
        sessions = [("plugin", plugin_cfg, plugin_edit, False)] if full_serve else []
        sessions += [("plugin --dirty", plugin_cfg, plugin_edit, True), ("hand --dirty", hand_cfg, hand_edit, True)]
        for name, config, edit, dirty in sessions:
            edit_times[name] = measure.edit_loop(config, edit, edits, dirty=dirty, timeout=timeout, site_path=site_path,
                                                 progress=lambda t: say(f"{label}: {t}"))

    notes = []
    if plugin_fingerprint() != fingerprint:
        notes.append("the plugin's sources changed while this source was measured: the numbers may mix two versions")
    if "import_summary" in info:
        notes.append(f"{info['import_summary']}; filled {info['filled']['summaries']} empty summaries, {info['filled']['authors']} empty author lists")
    papers = info.get("papers") or hand.paper_pages
    return Result(label, papers, check.get("entries") or 0, info.get("categories") or hand.topic_pages, builds, pages, hand.pages,
                  weights, check, edit_times, fingerprint, notes)
