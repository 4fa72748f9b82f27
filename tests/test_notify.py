"""``mkdocs-diffusion notify``: new papers posted to a stand-in webhook, within the services'
limits, retried on 429 and 5xx, never twice."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from stand_in import Answer, stand_in_server

from conftest import REPO, load_catalog
from mkdocs_diffusion import export
from mkdocs_diffusion.cli import main
from mkdocs_diffusion.notify import (
    NotifyOptions,
    discord_batches,
    run_notify,
    slack_batches,
)

HOOK = "/api/webhooks/123/secret-token"


@pytest.fixture(scope="module")
def document() -> dict:
    """The repo's papers.json, made from the catalog as the plugin makes it."""
    catalog = load_catalog(REPO / "docs")
    doc = export.papers_document(catalog, lambda p: f"paper/{p.key}/", lambda e: f"{e.category.path[:-3]}/#{e.anchor}", "https://example.org/list/")
    return json.loads(export.dumps(doc))


def write(tmp_path: Path, name: str, document: dict, drop: int = 0) -> Path:
    """``document`` as a file, without its ``drop`` most recently added papers."""
    newest = sorted(document["papers"], key=lambda p: (p.get("added") or "", p["key"]), reverse=True)[:drop]
    gone = {p["key"] for p in newest}
    doc = dict(document, papers=[p for p in document["papers"] if p["key"] not in gone])
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def webhook(monkeypatch):
    monkeypatch.setenv("MKDOCS_DIFFUSION_NOTIFY_BACKOFF", "0")
    with stand_in_server() as server:
        yield server


def posted(server) -> list[dict]:
    return [json.loads(r.body) for r in server.seen("POST")]


def notify(tmp_path, server, fmt: str, previous: Path, current: Path, *extra: str, sleeps: list | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = NotifyOptions(str(previous), str(current), server.url + HOOK, fmt, "--dry-run" in extra, None, language="ko", backoff=0.0)
    if "--state" in extra:
        options.state = extra[extra.index("--state") + 1]
    code = run_notify(options, out, err, sleep=(sleeps.append if sleeps is not None else lambda s: None))
    return code, out.getvalue(), err.getvalue()


def test_discord_batches_within_limits_and_429_honoured(tmp_path, webhook, document):
    previous, current = write(tmp_path, "old.json", document, drop=12), write(tmp_path, "new.json", document)
    webhook.route(HOOK, Answer(429, json.dumps({"message": "You are being rate limited.", "retry_after": 0.25, "global": False}), {"Content-Type": "application/json"}), Answer(204))
    sleeps: list[float] = []
    code, out, err = notify(tmp_path, webhook, "discord", previous, current, sleeps=sleeps)
    assert code == 0, err
    assert "announced 12 new papers in 2 discord messages to http://127.0.0.1:" in out and "secret-token" not in out
    assert sleeps == [0.25]  # Discord's retry_after
    bodies = posted(webhook)
    assert len(bodies) == 3 and bodies[0] == bodies[1]  # the first message, again after the 429
    messages = bodies[1:]
    assert [len(m["embeds"]) for m in messages] == [10, 2]
    assert messages[0]["content"] == "새로 추가된 논문 12편 (1/2)"
    for message in messages:
        assert len(message["content"]) <= 2000 and len(message["embeds"]) <= 10
        assert message["allowed_mentions"] == {"parse": []}
        assert sum(len(e["title"]) + len(e.get("description", "")) + len(e.get("footer", {}).get("text", "")) for e in message["embeds"]) <= 6000
        for embed in message["embeds"]:
            assert embed["url"].startswith("https://example.org/list/paper/") and len(embed["title"]) <= 256
    assert webhook.seen("POST")[0].headers["Content-Type"].startswith("application/json")


def test_slack_batches_and_500_retried(tmp_path, webhook, document):
    previous, current = write(tmp_path, "old.json", document, drop=60), write(tmp_path, "new.json", document)
    webhook.route(HOOK, Answer(500, "oops"), Answer(200, "ok"))
    code, _, err = notify(tmp_path, webhook, "slack", previous, current)
    assert code == 0, err
    bodies = posted(webhook)
    assert len(bodies) == 3 and bodies[0] == bodies[1]
    messages = bodies[1:]
    assert [len(m["blocks"]) for m in messages] == [50, 12]
    for message in messages:
        assert message["blocks"][0]["type"] == "header" and len(message["blocks"][0]["text"]["text"]) <= 150
        assert len(message["text"]) <= 3000
        assert all(len(b["text"]["text"]) <= 3000 for b in message["blocks"])
    assert messages[0]["blocks"][1]["text"]["text"].startswith("*<https://example.org/list/paper/")


def test_slack_text_is_escaped():
    paper = {"key": "k", "title": "A <b> & C", "authors": ["X"], "url": "paper/k/", "categories": [{"title": "T", "summary": "<!channel> hi"}]}
    [batch] = slack_batches([paper], "https://example.org/")
    text = batch.payload["blocks"][1]["text"]["text"]
    assert "A &lt;b&gt; &amp; C" in text and "&lt;!channel&gt; hi" in text
    [batch] = discord_batches([dict(paper, title="@everyone " + "x" * 300)], None)
    assert len(batch.payload["embeds"][0]["title"]) == 256 and batch.payload["allowed_mentions"] == {"parse": []}


def test_json_format_and_dry_run(tmp_path, webhook, document, capsys, monkeypatch):
    previous, current = write(tmp_path, "old.json", document, drop=2), write(tmp_path, "new.json", document)
    code = main(["notify", "--previous", str(previous), "--current", str(current), "--webhook", webhook.url + HOOK, "--format", "json", "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 0 and webhook.seen() == []
    payload = json.loads(out)
    assert payload["count"] == 2 and payload["papers"][0]["url"].startswith("https://example.org/list/paper/")
    assert "dry run: 2 new papers in 1 json messages; nothing posted" in err
    webhook.route(HOOK, Answer(200, "{}"))
    assert main(["notify", "--previous", str(previous), "--current", str(current), "--webhook", webhook.url + HOOK, "--format", "json"]) == 0
    assert posted(webhook)[0]["papers"][1]["key"] == payload["papers"][1]["key"]


def test_never_twice(tmp_path, webhook, document):
    previous, current = write(tmp_path, "old.json", document, drop=3), write(tmp_path, "new.json", document)
    webhook.route(HOOK, Answer(204))
    state = tmp_path / "state" / "notified.json"
    assert notify(tmp_path, webhook, "discord", previous, current, "--state", str(state))[0] == 0
    code, _, err = notify(tmp_path, webhook, "discord", previous, current, "--state", str(state))
    assert code == 0 and "no new papers" in err
    assert len(webhook.seen("POST")) == 1
    assert "secret-token" not in state.read_text(encoding="utf-8")
    # The deploy workflow's way: the next deploy's previous is this deploy's current.
    code, _, err = notify(tmp_path, webhook, "discord", current, current)
    assert code == 0 and "no new papers" in err and len(webhook.seen("POST")) == 1


def test_a_failure_half_way_resumes_with_the_state(tmp_path, webhook, document):
    previous, current = write(tmp_path, "old.json", document, drop=15), write(tmp_path, "new.json", document)
    state = tmp_path / "notified.json"
    webhook.route(HOOK, Answer(204), *[Answer(503)] * 5)
    code, _, err = notify(tmp_path, webhook, "discord", previous, current, "--state", str(state))
    assert code == 1 and "message 2 of 2" in err and "server error 503; gave up after 5 attempts" in err
    assert len(webhook.seen("POST")) == 6
    webhook.route(HOOK, Answer(204))
    code, out, _ = notify(tmp_path, webhook, "discord", previous, current, "--state", str(state))
    assert code == 0 and "announced 5 new papers in 1 discord messages" in out


def test_refusals(tmp_path, webhook, document, capsys):
    previous, current = write(tmp_path, "old.json", document, drop=40), write(tmp_path, "new.json", document)
    webhook.route(HOOK, Answer(404, '{"message": "Unknown Webhook", "code": 10015}'))
    code, _, err = notify(tmp_path, webhook, "discord", previous, current)
    assert code == 1 and "HTTP 404" in err and "Unknown Webhook" in err and "secret-token" not in err
    assert len(webhook.seen("POST")) == 1  # a 4xx is not retried
    assert main(["notify", "--previous", str(previous), "--current", str(current), "--webhook", webhook.url + HOOK, "--max-papers", "30"]) == 1
    assert "40 new papers is more than --max-papers 30" in capsys.readouterr().err
    assert main(["notify", "--previous", str(tmp_path / "missing.json"), "--current", str(current), "--webhook", webhook.url + HOOK]) == 2
    assert "missing.json: no such file" in capsys.readouterr().err
    webhook.route(HOOK, Answer(429, "", {"Retry-After": "3600"}))
    code, _, err = notify(tmp_path, webhook, "slack", previous, current)
    assert code == 1 and "asked to wait 3600 s" in err
