"""``mkdocs-diffusion check-links``: are the entries' links still alive?

Every http(s) URL of every entry (its ``links:`` and the URLs in its summary), or with
``changed_since`` only those of entries that ``git diff`` touches, is asked once: ``HEAD``,
then ``GET`` when ``HEAD`` does not say 2xx/3xx (many servers refuse ``HEAD``). Redirects are
followed by hand (at most 10), so a move to another host is seen. Requests run concurrently,
at most ``per_host`` at a time on one host and ``workers`` in all. Verdicts:

* error: 404 or 410, a host that does not exist, a timeout twice;
* warning: a redirect to another host (not from a redirector like doi.org), another 4xx, a
  5xx, a refused connection or a TLS failure;
* alive: 2xx, and 401/403/429 (the server is there; it does not serve robots).

Results that were alive are cached (a JSON file, ``ttl`` seconds). Problems print like
``check``'s: ``path:line: level: field: message``. Standard library only: requests go through
``urllib``, so the usual ``http_proxy``/``https_proxy``/``no_proxy`` variables apply.
"""

from __future__ import annotations

import errno
import json
import re
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .arxiv import USER_AGENT
from .model import ERROR, WARNING, Problem

OK = "ok"
MAX_REDIRECTS = 10
DEFAULT_TIMEOUT = 10.0
DEFAULT_TTL = 7 * 24 * 3600.0
PER_HOST = 2
WORKERS = 16
# Hosts whose whole purpose is to redirect elsewhere: a redirect from them is no news.
REDIRECTORS = frozenset({"doi.org", "dx.doi.org", "hdl.handle.net", "youtu.be", "bit.ly", "t.co", "goo.gl", "tinyurl.com", "w3id.org", "purl.org"})
_SUMMARY_URL = re.compile(r"https?://[^\s<>()\[\]{}\"'`]+", re.IGNORECASE)


@dataclass
class Link:
    url: str
    path: str  # category file, docs-relative
    line: int
    field: str  # 'links.code', 'summary'
    title: str = ""


@dataclass
class Result:
    url: str
    level: str  # OK, WARNING or ERROR
    message: str = ""
    status: int | None = None
    final_url: str | None = None
    checked: float = 0.0
    cached: bool = False


# --------------------------------------------------------------------------------------------
# Which links
# --------------------------------------------------------------------------------------------


def _link_lines(abs_path: str, label: str) -> dict[int, dict[tuple, int]]:
    """entry line -> {('links', label): line} of one category file (re-read for the lines of
    the links, which entries do not keep)."""
    from .loader import parse_yaml, split_front_matter

    try:
        text = Path(abs_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    front, _, _, _ = split_front_matter(label, text)
    if front is None:
        return {}
    _, lines, _ = parse_yaml(label, front, first_line=2)
    by_entry: dict[int, dict[tuple, int]] = {}
    starts = {path[1]: line for path, line in lines.items() if len(path) == 2 and path[0] == "papers"}
    for path, line in lines.items():
        if len(path) == 4 and path[0] == "papers" and path[2] == "links" and path[1] in starts:
            by_entry.setdefault(starts[path[1]], {})[("links", path[3])] = line
    return by_entry


def _front_matter_end(abs_path: str) -> int:
    try:
        lines = Path(abs_path).read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        return 10**9
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r").rstrip() in ("---", "..."):
            return i + 1
    return len(lines)


def entry_links(collection, changed: dict[str, set[int]] | None = None) -> tuple[list[Link], int]:
    """(links, number of entries they come from) of a collection's entries; with ``changed``
    (file -> changed lines), only of the entries those lines fall in."""
    sources = {source.src_uri: source.abs_path for source, _ in collection.sources}
    links: list[Link] = []
    entries = 0
    for category in collection.catalog.categories:
        abs_path = sources.get(category.path)
        if abs_path is None:
            continue
        ordered = sorted(category.entries, key=lambda e: e.line)
        if changed is not None:
            lines = changed.get(category.path)
            if not lines:
                continue
            end = _front_matter_end(abs_path)
            spans = [(e, e.line, (ordered[i + 1].line - 1) if i + 1 < len(ordered) else end) for i, e in enumerate(ordered)]
            ordered = [e for e, a, b in spans if any(a <= n <= b for n in lines)]
            if not ordered:
                continue
        link_lines = _link_lines(abs_path, category.path)
        for entry in ordered:
            entries += 1
            own = link_lines.get(entry.line, {})
            for label, url in entry.links.items():
                if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
                    links.append(Link(url, entry.path, own.get(("links", label), entry.line_of("links")), f"links.{label}", entry.title))
            for m in _SUMMARY_URL.finditer(entry.summary or ""):
                url = m.group(0).rstrip(".,;:!?*_~")
                links.append(Link(url, entry.path, entry.line_of("summary"), "summary", entry.title))
    return links, entries


def changed_lines(docs_dir: Path, ref: str) -> dict[str, set[int]]:
    """docs-relative path -> the lines ``git diff REF`` adds or changes there (untracked files:
    every line). Raises ``ValueError`` when git cannot tell."""
    if ref.startswith("-"):
        raise ValueError(f"{ref!r} is not a git revision")
    base = ["git", "-C", str(docs_dir), "-c", "core.quotePath=false"]
    try:
        diff = subprocess.run(base + ["diff", "-U0", "--no-color", "--no-ext-diff", "--relative", ref, "--", "."], capture_output=True, text=True, timeout=60, check=False)
        others = subprocess.run(base + ["ls-files", "--others", "--exclude-standard", "--", "."], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ValueError(f"cannot run git: {error}") from None
    if diff.returncode != 0:
        raise ValueError(f"git diff {ref}: {diff.stderr.strip() or 'failed'}")
    changed: dict[str, set[int]] = {}
    current: str | None = None
    for line in diff.stdout.splitlines():
        if line.startswith("+++ "):
            target = line[4:].strip()
            current = target[2:] if target.startswith("b/") else None
        elif line.startswith("@@") and current is not None:
            m = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                changed.setdefault(current, set()).update(range(start, start + count) if count else {max(start, 1)})
    for name in others.stdout.splitlines() if others.returncode == 0 else []:
        changed.setdefault(name.strip(), set()).update(range(1, 10**6))
    return changed


# --------------------------------------------------------------------------------------------
# Asking the servers
# --------------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # 3xx comes back as an HTTPError: redirects are followed by hand


def _host(url: str) -> str:
    host = (urllib.parse.urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


class _Timeout(Exception):
    pass


class Checker:
    """Checks URLs concurrently: at most ``per_host`` requests on one host at a time and
    ``workers`` in all."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, per_host: int = PER_HOST, workers: int = WORKERS):
        self.timeout = timeout
        self.per_host = max(1, per_host)
        self.workers = max(1, workers)
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()
        self._opener = urllib.request.build_opener(_NoRedirect())
        self.requests = 0

    def _slot(self, url: str) -> threading.Semaphore:
        with self._lock:
            return self._hosts.setdefault(_host(url), threading.Semaphore(self.per_host))

    def _request(self, url: str, method: str) -> tuple[int, str | None]:
        """(status, Location) of one request; raises ``_Timeout`` or ``OSError``."""
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        with self._slot(url):
            with self._lock:
                self.requests += 1
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.status, None
            except urllib.error.HTTPError as error:
                location = error.headers.get("Location") if error.headers else None
                error.close()
                return error.code, location
            except TimeoutError:
                raise _Timeout() from None
            except urllib.error.URLError as error:
                if isinstance(error.reason, (socket.timeout, TimeoutError)):
                    raise _Timeout() from None
                raise
            except ValueError as error:  # a malformed URL
                raise urllib.error.URLError(str(error)) from None

    def _follow(self, url: str, method: str) -> tuple[int, str, list[str]]:
        """(final status, final URL, hops) following redirects."""
        hops = [url]
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            status, location = self._request(current, method)
            if status in (301, 302, 303, 307, 308) and location:
                current = urllib.parse.urljoin(current, location)
                if not current.lower().startswith(("http://", "https://")):
                    return status, current, hops
                hops.append(current)
                continue
            return status, current, hops
        return 310, current, hops  # too many redirects

    def check(self, url: str) -> Result:
        timeouts = 0
        result: Result | None = None
        for method in ("HEAD", "GET"):
            try:
                status, final, hops = self._follow(url, method)
            except _Timeout:
                timeouts += 1
                if timeouts >= 2:
                    return Result(url, ERROR, f"timed out twice ({self.timeout:g} s each)", None, None, time.time())
                continue
            except urllib.error.URLError as error:
                return self._network_failure(url, error)
            except (OSError, ValueError) as error:
                return Result(url, WARNING, f"cannot be reached ({error})", None, None, time.time())
            result = self._verdict(url, status, final, hops)
            if result.level == OK or method == "GET" or 200 <= status < 400 or status == 310:
                return result
        return result or Result(url, WARNING, "no answer", None, None, time.time())

    def _network_failure(self, url: str, error: urllib.error.URLError) -> Result:
        reason = error.reason
        now = time.time()
        if isinstance(reason, socket.gaierror):
            if reason.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
                return Result(url, ERROR, f"no such host: {urllib.parse.urlsplit(url).hostname}", None, None, now)
            return Result(url, WARNING, f"the host name could not be looked up now ({reason.strerror})", None, None, now)
        if isinstance(reason, ssl.SSLError):
            return Result(url, WARNING, f"TLS failure ({reason.reason or reason})", None, None, now)
        if isinstance(reason, ConnectionRefusedError) or getattr(reason, "errno", None) == errno.ECONNREFUSED:
            return Result(url, WARNING, "connection refused", None, None, now)
        return Result(url, WARNING, f"cannot be reached ({reason})", None, None, now)

    def _verdict(self, url: str, status: int, final: str, hops: list[str]) -> Result:
        now = time.time()
        if status == 310:
            return Result(url, WARNING, f"more than {MAX_REDIRECTS} redirects", status, final, now)
        if status in (404, 410):
            where = f" (after a redirect to {final})" if final != url else ""
            return Result(url, ERROR, f"{'not found (404)' if status == 404 else 'gone (410)'}{where}", status, final, now)
        if 300 <= status < 400:
            return Result(url, WARNING, f"redirect ({status}) to a non-http location {final}", status, final, now)
        moved = [b for a, b in zip(hops, hops[1:]) if _host(a) != _host(b) and _host(a) not in REDIRECTORS]
        if 500 <= status:
            return Result(url, WARNING, f"server error ({status})", status, final, now)
        if 400 <= status and status not in (401, 403, 429):
            return Result(url, WARNING, f"HTTP {status}", status, final, now)
        if moved:
            return Result(url, WARNING, f"redirects to another host: {final}", status, final, now)
        return Result(url, OK, "", status, final, now)

    def check_all(self, urls: list[str]) -> dict[str, Result]:
        with ThreadPoolExecutor(max_workers=min(self.workers, max(1, len(urls)))) as pool:
            return dict(zip(urls, pool.map(self.check, urls)))


# --------------------------------------------------------------------------------------------
# Cache
# --------------------------------------------------------------------------------------------


def read_cache(path: Path | None, ttl: float, now: float | None = None) -> dict[str, Result]:
    """Alive results younger than ``ttl`` seconds."""
    if path is None or not path.is_file():
        return {}
    now = time.time() if now is None else now
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data.get("results", {}) if data.get("version") == 1 else {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return {}
    fresh = {}
    for url, item in items.items():
        try:
            result = Result(url, item["level"], item.get("message", ""), item.get("status"), item.get("final_url"), float(item["checked"]), True)
        except (KeyError, TypeError, ValueError):
            continue
        if result.level == OK and 0 <= now - result.checked < ttl:
            fresh[url] = result
    return fresh


def write_cache(path: Path, results: dict[str, Result], ttl: float, now: float | None = None) -> None:
    now = time.time() if now is None else now
    kept = read_cache(path, ttl, now)
    kept.update({url: r for url, r in results.items() if r.level == OK})
    data = {"version": 1, "results": {url: {k: v for k, v in asdict(r).items() if k not in ("url", "cached")} for url, r in sorted(kept.items())}}
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    temp.replace(path)


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


@dataclass
class LinksOptions:
    docs_dir: str | None = None
    config: str | None = None
    changed_since: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    cache: str | None = None
    ttl: float = DEFAULT_TTL
    per_host: int = PER_HOST
    workers: int = WORKERS
    format: str = "text"


@dataclass
class LinksReport:
    problems: list[Problem] = field(default_factory=list)
    links: int = 0
    unique: int = 0
    cached: int = 0
    entries: int = 0
    requests: int = 0
    seconds: float = 0.0


def check_links(collection, options: LinksOptions, docs_dir: Path) -> LinksReport:
    start = time.perf_counter()
    changed = changed_lines(docs_dir, options.changed_since) if options.changed_since else None
    links, entries = entry_links(collection, changed)
    unique = list(dict.fromkeys(link.url for link in links))
    cache_path = Path(options.cache) if options.cache else None
    results = read_cache(cache_path, options.ttl)
    results = {u: r for u, r in results.items() if u in set(unique)}
    todo = [u for u in unique if u not in results]
    checker = Checker(options.timeout, options.per_host, options.workers)
    fresh = checker.check_all(todo) if todo else {}
    if cache_path is not None:
        write_cache(cache_path, fresh, options.ttl)
    results.update(fresh)
    problems = []
    for link in links:
        result = results[link.url]
        if result.level != OK:
            problems.append(Problem(link.path, link.line, link.field, f"{link.url}: {result.message}", result.level))
    problems.sort(key=lambda p: (p.path, p.line, p.field))
    return LinksReport(problems, len(links), len(unique), len(unique) - len(todo), entries, checker.requests, time.perf_counter() - start)


def run_check_links(options: LinksOptions, stdout, stderr) -> int:
    """0: no dead link; 1: dead links (errors); 2: a usage error."""
    from .cli import _display_base, find_config
    from .collect import category_sources, collect
    from .host import load_site, plugin_options, site_sources

    docs_dir = Path(options.docs_dir) if options.docs_dir else None
    if docs_dir is not None and not docs_dir.is_dir():
        print(f"{docs_dir}: error: not a folder", file=stderr)
        return 2
    config_file = Path(options.config) if options.config else find_config(docs_dir)
    if config_file is None and docs_dir is None:
        docs_dir = Path("docs")
    try:
        site = load_site(config_file, None if config_file else docs_dir)
        settings = plugin_options(site)
        sources = category_sources(site_sources(site), settings.papers_dir, settings.resources_dir)
        collection = collect(sources, check_duplicates=False)
    except Exception as error:
        print(f"{config_file or docs_dir}: error: {error}", file=stderr)
        return 2
    real_docs = Path(site.docs_dir)
    try:
        report = check_links(collection, options, real_docs)
    except ValueError as error:
        print(f"error: --changed-since: {error}", file=stderr)
        return 2
    base = _display_base(options.docs_dir, real_docs)
    errors = sum(p.level == ERROR for p in report.problems)
    warnings = len(report.problems) - errors
    if options.format == "json":
        json.dump(
            {
                "ok": errors == 0, "links": report.links, "unique": report.unique, "cached": report.cached,
                "entries": report.entries, "errors": errors, "warnings": warnings, "seconds": round(report.seconds, 3),
                "problems": [dict(p.as_dict(), path=(base / p.path).as_posix()) for p in report.problems],
            },
            stdout, ensure_ascii=False, indent=1,
        )
        print(file=stdout)
    else:
        for p in report.problems:
            print(Problem((base / p.path).as_posix(), p.line, p.field, p.message, p.level).format(), file=stdout)
    scope = f"changed since {options.changed_since}" if options.changed_since else "all"
    print(
        f"{report.links} links ({report.unique} unique, {report.cached} from the cache) in {report.entries} entries ({scope}): "
        f"{errors} errors, {warnings} warnings ({report.seconds:.2f} s)",
        file=stderr,
    )
    return 1 if errors else 0
