"""Timed builds, peak memory of the process tree, page weights and the edit loop.

Every build is ``python -m mkdocs build -q -f CONFIG`` in a fresh process; the variants of one
size are built in alternating rounds (hand floor, own floor, plugin, hand floor, ...) so that
drift on a shared machine hits them alike. Peak memory is that of the whole process tree: the
larger of the tree's summed resident memory sampled every 0.1 s (``/proc``) and the child's own
``ru_maxrss`` (exact for one process, which is what ``mkdocs build`` is).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.sites import cli_command

MB = 1024 * 1024


# -- one process, measured -----------------------------------------------------------------------


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children_by_parent() -> dict[int, list[int]]:
    """Every process's children, from one pass over ``/proc``."""
    children: dict[int, list[int]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return children
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()  # after the command name, which may hold spaces
        if len(fields) > 1 and fields[1].isdigit():
            children.setdefault(int(fields[1]), []).append(int(name))
    return children


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (0 where ``/proc`` is absent)."""
    children = _children_by_parent()
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            total += _rss_kb(current)
            todo += children.get(current, [])
    return total / 1024


class TreeSampler:
    """Samples the process tree's resident memory in a thread until stopped; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        if os.path.isdir("/proc"):
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self._stop.wait(self.interval)

    def stop(self) -> float:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        return self.peak


@dataclass
class Run:
    seconds: float
    peak_mb: float | None
    status: int
    stderr: str
    stdout: str = ""
    cpu_seconds: float | None = None  # user + system time of the child: steadier than wall on a busy machine


def measured(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd``: wall seconds, CPU seconds and the peak memory of its process tree."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        sampler = TreeSampler(proc.pid)
        peak = cpu = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss / (MB if sys.platform == "darwin" else 1024)
            cpu = usage.ru_utime + usage.ru_stime
        else:  # pragma: no cover - Windows
            code = proc.wait()
            seconds = time.perf_counter() - start
        sampled = sampler.stop()
        peak = max(peak or 0.0, sampled) or None
        out.seek(0)
        err.seek(0)
        stderr, stdout = err.read().decode("utf-8", "replace"), out.read().decode("utf-8", "replace")
    return Run(seconds, peak, code, stderr + stdout, stdout, cpu)


def child_env() -> dict:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def mkdocs_build(config: Path, site_dir: Path) -> tuple[Run, dict]:
    """A timed build; also what ``timing_hook.py`` measured inside the plugin's handlers."""
    shutil.rmtree(site_dir, ignore_errors=True)  # MkDocs would empty it inside the timed build
    if hasattr(os, "sync"):  # flush what earlier builds wrote, so that its write-back does not land in this build
        os.sync()
    timing = config.with_name(config.stem + ".timing.json")
    timing.unlink(missing_ok=True)
    env = dict(child_env(), BENCH_TIMING_FILE=str(timing))
    run = measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)], env=env)
    if run.status != 0:
        raise RuntimeError(f"mkdocs build -f {config} failed ({run.status}):\n{run.stderr[-4000:]}")
    hooks = json.loads(timing.read_text(encoding="utf-8")) if timing.exists() else {}
    return run, hooks


@dataclass
class Series:
    """The builds of one variant, in the order they ran."""

    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float | None] = field(default_factory=list)
    peak_mb: list[float | None] = field(default_factory=list)
    hooks_seconds: list[float | None] = field(default_factory=list)  # inside the diffusion plugin's handlers
    gc_seconds: list[float | None] = field(default_factory=list)

    def add(self, run: Run, hooks: dict) -> None:
        self.seconds.append(run.seconds)
        self.cpu_seconds.append(run.cpu_seconds)
        self.peak_mb.append(run.peak_mb)
        self.hooks_seconds.append(hooks.get("total") if hooks.get("calls") else None)
        self.gc_seconds.append((hooks.get("gc") or {}).get("seconds"))

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> float | None:
        values = [p for p in self.peak_mb if p]
        return max(values) if values else None


def alternate(builds: dict[str, tuple[Path, Path]], repeat: int, progress=None) -> dict[str, Series]:
    """``repeat`` rounds of one build of each variant (``name -> (config, site dir)``), in order."""
    series = {name: Series() for name in builds}
    for round_ in range(repeat):
        for name, (config, site) in builds.items():
            run, hooks = mkdocs_build(config, site)
            series[name].add(run, hooks)
            if progress:
                progress(f"round {round_ + 1}/{repeat} {name}: {run.seconds:.2f} s, {run.peak_mb or 0:.0f} MB")
    return series


def spread(values: list[float]) -> tuple[float, float, float]:
    """(min, median, max)."""
    return min(values), statistics.median(values), max(values)


def round_ratios(plugin: Series, floor: Series) -> list[float]:
    """The plugin build over the floor build of the same round."""
    return [p / f for p, f in zip(plugin.seconds, floor.seconds) if f]


# -- check ---------------------------------------------------------------------------------------


def run_check(docs: Path) -> dict:
    run = measured(cli_command() + ["check", str(docs), "--format", "json"], env=child_env())
    if run.status not in (0, 1):
        raise RuntimeError(f"mkdocs-diffusion check failed ({run.status}):\n{run.stderr[-4000:]}")
    data = json.loads(run.stdout)
    return {"seconds": run.seconds, "status": run.status, "files": data.get("files"), "entries": data.get("entries"),
            "errors": data.get("errors"), "warnings": data.get("warnings"), "inner_seconds": data.get("seconds")}


# -- page weights --------------------------------------------------------------------------------


def html_of(site: Path, src_uri: str) -> Path:
    """Where a page's HTML is with directory URLs (``a/b.md`` -> ``a/b/index.html``)."""
    stem = src_uri.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return site / (stem + ".html")
    return site / stem / "index.html"


def html_pages(site: Path) -> int:
    """Pages in a built site: every ``*.html`` but the 404 page."""
    return sum(1 for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html")


def site_weights(site: Path, pages: dict[str, str] | None = None, files: dict[str, str] | None = None) -> dict:
    """Bytes of a built site: all of it, its largest page, the search index, and the named
    ``pages`` (name -> source path) and ``files`` (name -> site path); None for what is absent."""
    htmls = [p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html"]
    largest = max(htmls, key=lambda p: p.stat().st_size, default=None)
    weights = {
        "site": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "html_pages": len(htmls),
        "largest_page": largest.relative_to(site).as_posix() if largest else None,
        "largest_page_bytes": largest.stat().st_size if largest else None,
        "pages_over_1mb": sum(p.stat().st_size > MB for p in htmls),
    }
    index = site / "search" / "search_index.json"
    weights["search_index"] = index.stat().st_size if index.is_file() else None
    for name, src in (pages or {}).items():
        path = html_of(site, src) if src else None
        weights[name] = path.stat().st_size if path and path.is_file() else None
    for name, rel in (files or {}).items():
        path = site / rel if rel else None
        weights[name] = path.stat().st_size if path and path.is_file() else None
    return weights


# -- the edit loop under `mkdocs serve` ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


@dataclass
class Edit:
    path: Path  # the file a contributor edits
    anchor: str  # text in it (and on the pages) after which the edit goes
    urls: dict[str, str]  # page name -> URL path where the edited text shows ('topic': 'papers/x/')


@dataclass
class EditTimes:
    """Seconds from saving the file to the rebuilt page showing the edit, per edit; None: never
    shown before the timeout (a stale page)."""

    dirty: bool
    startup_s: float | None = None  # the first build of the server
    seconds: dict[str, list[float | None]] = field(default_factory=dict)
    rebuild_s: list[float | None] = field(default_factory=list)  # until the server said "Reloading browsers"
    error: str = ""


def edit_loop(config: Path, edit: Edit, edits: int = 2, dirty: bool = False, timeout: float = 120.0, site_path: str = "/",
              progress=None) -> EditTimes:
    """Start ``mkdocs serve`` (``--dirty``), wait for its first build, then ``edits`` times: put
    a new word into ``edit.path`` after ``edit.anchor`` and time until every page of
    ``edit.urls`` shows it (checked after each rebuild the server announces). ``site_path``: the
    path of ``site_url``, under which ``mkdocs serve`` serves the site."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/" + site_path.strip("/") + ("/" if site_path.strip("/") else "")
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"] + (["--dirty"] if dirty else [])
    result = EditTimes(dirty, seconds={name: [] for name in edit.urls})
    log_file = tempfile.NamedTemporaryFile(prefix="bench-serve-", suffix=".log", delete=False)
    proc = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT, env=child_env(), start_new_session=True)
    original = edit.path.read_text(encoding="utf-8")
    log_path = Path(log_file.name)

    def reloads() -> int:
        return log_path.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")

    try:
        start = time.perf_counter()
        first = next(iter(edit.urls.values()))
        while _get(base + first) is None:
            if proc.poll() is not None or time.perf_counter() - start > timeout * 2:
                result.error = "the server did not start: " + log_path.read_text(encoding="utf-8", errors="replace")[-1500:]
                return result
            time.sleep(0.2)
        result.startup_s = time.perf_counter() - start
        time.sleep(1.0)  # let the watcher settle
        text = original
        for number in range(edits):
            word = f"BENCHEDIT{os.getpid()}x{number}x{int(time.time())}"
            if edit.anchor not in text:
                result.error = f"{edit.anchor!r} is not in {edit.path}"
                return result
            text = text.replace(edit.anchor, f"{edit.anchor} {word}", 1)
            before = reloads()
            saved = time.perf_counter()
            edit.path.write_text(text, encoding="utf-8")
            pending = dict(edit.urls)
            rebuilt = None
            seen_reloads = before
            while pending and time.perf_counter() - saved < timeout:
                time.sleep(0.1)
                count = reloads()
                if count == seen_reloads:
                    continue
                seen_reloads = count
                now = time.perf_counter() - saved
                rebuilt = rebuilt if rebuilt is not None else now
                for name, url in list(pending.items()):
                    page = _get(base + url)
                    if page is not None and word in page:
                        result.seconds[name].append(now)
                        del pending[name]
            for name in pending:
                result.seconds[name].append(None)
            result.rebuild_s.append(rebuilt)
            if progress:
                shown = ", ".join(f"{n} {_s(v[-1])}" for n, v in result.seconds.items())
                progress(f"serve{' --dirty' if dirty else ''} edit {number + 1}: rebuilt after {_s(rebuilt)}; shown: {shown}")
            time.sleep(1.0)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        edit.path.write_text(original, encoding="utf-8")
        log_file.close()
        log_path.unlink(missing_ok=True)
    return result


def _s(value: float | None) -> str:
    return "never" if value is None else f"{value:.2f} s"


def topic_url(src_uri: str) -> str:
    return re.sub(r"(^|/)index$", r"\1", src_uri.rsplit(".", 1)[0]).rstrip("/") + "/"
