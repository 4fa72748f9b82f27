"""``mkdocs-diffusion check-links`` against a stand-in server.

The stand-in is the HTTP proxy of the checker (``http_proxy``, which urllib honours), so the
links keep their own host names (``gone.example``...) and the per-host limit is visible, while
nothing leaves 127.0.0.1. ``.invalid`` names bypass the proxy (``no_proxy``) and fail to
resolve: "no such host".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
from stand_in import Answer, stand_in_server

from mkdocs_diffusion.cli import main
from mkdocs_diffusion.links import Checker

CATEGORY = """\
---
title: Links
papers:
  - title: Alive
    authors: [A]
    links:
      paper: http://ok.example/a
      code: http://moved.example/old
      project: http://www.moved.example/x
    summary: Fine. See http://doi.org/10.1/x and http://forbidden.example/.
  - title: Moved away
    authors: [A]
    links:
      paper: http://ok.example/a
      project: http://away.example/p
    summary: HEAD not allowed at http://nohead.example/x.
  - title: Dead
    authors: [A]
    links:
      paper: http://gone.example/404
      code: http://gone.example/410
      website: http://no-such-host.invalid/
    summary: |-
      [old page](http://gone.example/summary) and a [busy](http://broken.example/x) one.
  - title: Slow
    authors: [A]
    links:
      paper: http://slow.example/x
    summary: s
---
"""


def routes(server) -> None:
    server.route("http://ok.example/a", Answer(200, "ok"))
    server.route("http://moved.example/old", Answer(301, "", {"Location": "/new"}))
    server.route("http://moved.example/new", Answer(200, "ok"))
    server.route("http://www.moved.example/x", Answer(308, "", {"Location": "https://moved.example/x".replace("https", "http")}))
    server.route("http://moved.example/x", Answer(200))
    server.route("http://doi.org/10.1/x", Answer(302, "", {"Location": "http://publisher.example/article"}))
    server.route("http://publisher.example/article", Answer(200))
    server.route("http://forbidden.example/", Answer(403))
    server.route("http://away.example/p", Answer(301, "", {"Location": "http://elsewhere.example/p"}))
    server.route("http://elsewhere.example/p", Answer(200))
    server.route("http://nohead.example/x", Answer(405), Answer(200))
    server.route("http://gone.example/404", Answer(404))
    server.route("http://gone.example/410", Answer(410))
    server.route("http://gone.example/summary", Answer(404))
    server.route("http://broken.example/x", Answer(503))
    server.route("http://slow.example/x", Answer(200, delay=0.6))


@pytest.fixture
def proxy(monkeypatch):
    with stand_in_server() as server:
        for name in ("http_proxy", "HTTP_PROXY"):
            monkeypatch.setenv(name, server.url)
        for name in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            monkeypatch.delenv(name, raising=False)
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.setenv(name, ".invalid")
        yield server


@pytest.fixture
def docs(tmp_path, monkeypatch) -> Path:
    (tmp_path / "docs" / "papers").mkdir(parents=True)
    (tmp_path / "docs" / "papers" / "links.md").write_text(CATEGORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "docs"


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(next(line for line in text.splitlines() if needle in line)) + 1


def test_verdicts_and_output(proxy, docs, capsys):
    routes(proxy)
    code = main(["check-links", "docs", "--timeout", "0.25"])
    out, err = capsys.readouterr()
    assert code == 1
    def at(needle):
        return f"docs/papers/links.md:{line_of(CATEGORY, needle)}"

    summary = f"docs/papers/links.md:{line_of(CATEGORY, 'title: Dead') + 6}"
    assert out.splitlines() == [
        f"{at('away.example/p')}: warning: links.project: http://away.example/p: redirects to another host: http://elsewhere.example/p",
        f"{at('gone.example/404')}: error: links.paper: http://gone.example/404: not found (404)",
        f"{at('gone.example/410')}: error: links.code: http://gone.example/410: gone (410)",
        f"{at('no-such-host')}: error: links.website: http://no-such-host.invalid/: no such host: no-such-host.invalid",
        f"{summary}: error: summary: http://gone.example/summary: not found (404)",
        f"{summary}: warning: summary: http://broken.example/x: server error (503)",
        f"{at('slow.example')}: error: links.paper: http://slow.example/x: timed out twice (0.25 s each)",
    ]
    assert "14 links (13 unique, 0 from the cache) in 4 entries (all): 5 errors, 2 warnings" in err
    assert {r.method for r in proxy.seen() if r.target == "http://nohead.example/x"} == {"HEAD", "GET"}
    agents = {r.headers.get("User-Agent", "") for r in proxy.seen()}
    assert all(a.startswith("mkdocs-diffusion/") for a in agents)


def test_per_host_limit(proxy):
    for i in range(8):
        proxy.route(f"http://busy.example/{i}", Answer(200, delay=0.15))
        proxy.route(f"http://other{i}.example/", Answer(200, delay=0.15))
    checker = Checker(timeout=5, per_host=2, workers=16)
    start = time.perf_counter()
    results = checker.check_all([f"http://busy.example/{i}" for i in range(8)] + [f"http://other{i}.example/" for i in range(8)])
    assert all(r.level == "ok" for r in results.values())
    assert proxy.max_active["busy.example"] == 2
    assert time.perf_counter() - start < 8 * 0.15  # the other hosts went on meanwhile


def test_cache(proxy, docs, capsys, tmp_path):
    routes(proxy)
    cache = tmp_path / "links-cache.json"
    main(["check-links", "docs", "--timeout", "0.25", "--cache", str(cache)])
    first = len(proxy.seen())
    capsys.readouterr()
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert "http://ok.example/a" in data["results"] and "http://gone.example/404" not in data["results"]
    main(["check-links", "docs", "--timeout", "0.25", "--cache", str(cache)])
    again = [r.target for r in proxy.seen()[first:]]
    assert "http://ok.example/a" not in again and "http://gone.example/404" in again  # only the bad ones again
    cached = len(data["results"])  # the alive ones of the first run (6 unless the machine was too slow for one)
    assert cached >= 4 and f"(13 unique, {cached} from the cache)" in capsys.readouterr().err
    main(["check-links", "docs", "--timeout", "0.25", "--cache", str(cache), "--cache-days", "0"])
    assert "(13 unique, 0 from the cache)" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_since_checks_only_the_touched_entries(proxy, docs, capsys, tmp_path):
    routes(proxy)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(tmp_path), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.org")
    git = ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "list"]):
        subprocess.run(git + args, cwd=tmp_path, env=env, check=True, capture_output=True)
    file = docs / "papers" / "links.md"
    file.write_text(CATEGORY.replace("http://gone.example/410", "http://ok.example/a"), encoding="utf-8")
    (docs / "papers" / "new.md").write_text(textwrap.dedent("""\
        ---
        title: New
        papers:
          - title: N
            authors: [A]
            links:
              paper: http://away.example/p
            summary: s
        ---
        """), encoding="utf-8")
    code = main(["check-links", "docs", "--changed-since", "HEAD", "--timeout", "0.25"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "in 2 entries (changed since HEAD)" in err  # the Dead entry and the new file's
    assert "http://slow.example/x" not in out and "links.paper: http://gone.example/404: not found" in out
    assert "docs/papers/new.md:7: warning: links.paper: http://away.example/p: redirects to another host" in out
    assert main(["check-links", "docs", "--changed-since", "no-such-ref"]) == 2
    assert "--changed-since" in capsys.readouterr().err
