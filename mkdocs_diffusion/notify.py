"""``mkdocs-diffusion notify``: announce the papers a deploy added, on a Discord or Slack webhook.

The new papers are those of the current ``papers.json`` whose key (and identity) the previous
``papers.json`` does not have. The deploy workflow takes "previous" from what is published
(the ``papers.json`` of the ``gh-pages`` branch before ``gh-deploy`` replaces it), so each
paper is announced by the one deploy that publishes it: the next deploy's "previous" already
holds it. An optional state file (``--state``) also remembers what was posted, batch by batch,
so running the same command again (or after a failure half-way) never posts a paper twice.

Messages stay within the services' limits: Discord, 2,000 characters of content and 10 embeds
(6,000 characters in all) per message; Slack, 50 blocks and 3,000 characters per text. A 429
is retried after its ``Retry-After`` (header) or ``retry_after`` (Discord's JSON), a 5xx or a
network error after a growing pause, a bounded number of times.

Standard library only; no MkDocs imports.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .arxiv import USER_AGENT
from .i18n import Messages

FORMATS = ("discord", "slack", "json")
DISCORD_CONTENT = 2000
DISCORD_EMBEDS = 10
DISCORD_EMBED_TOTAL = 6000
DISCORD_TITLE = 256
DISCORD_DESCRIPTION = 4096
SLACK_BLOCKS = 50
SLACK_TEXT = 3000
SLACK_HEADER = 150
JSON_BATCH = 50
SUMMARY_CHARS = 300  # of a paper's summary in an announcement
MAX_ATTEMPTS = 5
MAX_WAIT = 60.0  # a longer Retry-After is not waited for


class NotifyError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Which papers are new
# --------------------------------------------------------------------------------------------


def load_papers(path: Path) -> dict:
    """A ``papers.json`` document (version 1)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotifyError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotifyError(f"{path}: not a papers.json document ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("papers"), list):
        raise NotifyError(f"{path}: not a papers.json document (no 'papers' list)")
    return document


def new_papers(previous: dict, current: dict, announced: Iterable[str] = ()) -> list[dict]:
    """The papers of ``current`` that ``previous`` does not have (by key, and by identity, so a
    key that changed does not make an old paper new), nor ``announced`` (keys), newest
    ``added`` first."""
    keys = {p.get("key") for p in previous["papers"] if isinstance(p, dict)}
    identities = {p.get("identity") for p in previous["papers"] if isinstance(p, dict) and p.get("identity")}
    done = set(announced)
    found = [
        p for p in current["papers"]
        if isinstance(p, dict) and p.get("key") and p["key"] not in keys and p.get("identity") not in identities and p["key"] not in done
    ]
    found.sort(key=lambda p: (str(p.get("title") or "").casefold(), p["key"]))
    found.sort(key=lambda p: p.get("added") or "", reverse=True)
    return found


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


def _cut(text: str, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


def _page_url(paper: dict, site_url: str | None) -> str | None:
    url = paper.get("url")
    if url and site_url:
        return urllib.parse.urljoin(site_url if site_url.endswith("/") else site_url + "/", url)
    links = paper.get("links") or {}
    return links.get("paper") or (url if url and url.startswith(("http://", "https://")) else None)


def _summary(paper: dict) -> str:
    categories = paper.get("categories") or []
    return categories[0].get("summary", "") if categories and isinstance(categories[0], dict) else ""


def _byline(paper: dict) -> str:
    authors = paper.get("authors") or []
    names = ", ".join(authors[:3]) + (" et al." if len(authors) > 3 else "")
    parts = [names, paper.get("venue") or "", ", ".join(c.get("title", "") for c in paper.get("categories") or [] if isinstance(c, dict))]
    return " · ".join(p for p in parts if p)


@dataclass
class Batch:
    keys: list[str]
    payload: dict


def _heading(heading: str, count: int, part: int, parts: int, t: Messages) -> str:
    """'<heading> <n papers>', in the site's language (the message catalog), and the part."""
    return f"{heading or t('updates.title')} {t('all.count', n=count)}" + (f" ({part}/{parts})" if parts > 1 else "")


def discord_batches(papers: list[dict], site_url: str | None, heading: str | None = None, t: Messages | None = None) -> list[Batch]:
    """Discord webhook messages: one embed per paper, at most 10 embeds and 6,000 embed
    characters per message; mentions in the text never ping anyone."""
    groups: list[list[tuple[dict, dict]]] = []
    size = 0
    for paper in papers:
        embed: dict = {"title": _cut(paper.get("title"), DISCORD_TITLE)}
        url = _page_url(paper, site_url)
        if url:
            embed["url"] = url
        description = "\n".join(x for x in (_cut(_byline(paper), 300), _cut(_summary(paper), SUMMARY_CHARS)) if x)
        if description:
            embed["description"] = description[:DISCORD_DESCRIPTION]
        if paper.get("added"):
            embed["footer"] = {"text": str(paper["added"])}
        chars = len(embed["title"]) + len(embed.get("description", "")) + len(embed.get("footer", {}).get("text", ""))
        if not groups or len(groups[-1]) >= DISCORD_EMBEDS or size + chars > DISCORD_EMBED_TOTAL:
            groups.append([])
            size = 0
        groups[-1].append((paper, embed))
        size += chars
    batches = []
    for n, group in enumerate(groups, start=1):
        content = _cut(_heading(heading, len(papers), n, len(groups), t or Messages()), DISCORD_CONTENT)
        payload = {"content": content, "embeds": [e for _, e in group], "allowed_mentions": {"parse": []}}
        batches.append(Batch([p["key"] for p, _ in group], payload))
    return batches


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_batches(papers: list[dict], site_url: str | None, heading: str | None = None, t: Messages | None = None) -> list[Batch]:
    """Slack incoming-webhook messages: a header block and one section per paper, at most 50
    blocks per message and 3,000 characters per text."""
    per_message = SLACK_BLOCKS - 1
    chunks = [papers[i : i + per_message] for i in range(0, len(papers), per_message)]
    batches = []
    for n, chunk in enumerate(chunks, start=1):
        title = _cut(_heading(heading, len(papers), n, len(chunks), t or Messages()), SLACK_HEADER)
        blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}}]
        lines = [title]
        for paper in chunk:
            name = _slack_escape(_cut(paper.get("title"), 500))
            url = _page_url(paper, site_url)
            link = f"*<{url.replace('|', '%7C').replace('>', '%3E')}|{name}>*" if url else f"*{name}*"
            text = "\n".join(x for x in (link, _slack_escape(_cut(_byline(paper), 500)), _slack_escape(_cut(_summary(paper), SUMMARY_CHARS))) if x)
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:SLACK_TEXT]}})
            lines.append(f"• {_cut(paper.get('title'), 200)}")
        fallback = "\n".join(lines)
        batches.append(Batch([p["key"] for p in chunk], {"text": _cut(fallback, SLACK_TEXT) if len(fallback) > SLACK_TEXT else fallback, "blocks": blocks}))
    return batches


def json_batches(papers: list[dict], site_url: str | None, heading: str | None = None, t: Messages | None = None) -> list[Batch]:
    """Plain JSON for any other receiver: ``{"heading", "site_url", "count", "papers"}``, the
    paper records as in ``papers.json`` (with an absolute ``url``), 50 per request."""
    batches = []
    for i in range(0, len(papers), JSON_BATCH):
        chunk = papers[i : i + JSON_BATCH]
        records = [dict(p, url=_page_url(p, site_url)) for p in chunk]
        batches.append(Batch([p["key"] for p in chunk], {"heading": heading or (t or Messages())("updates.title"), "site_url": site_url, "count": len(papers), "papers": records}))
    return batches


BUILDERS = {"discord": discord_batches, "slack": slack_batches, "json": json_batches}


def guess_format(webhook: str) -> str:
    host = (urllib.parse.urlsplit(webhook).hostname or "").lower()
    if host.endswith(("discord.com", "discordapp.com")):
        return "discord"
    if host == "hooks.slack.com":
        return "slack"
    return "json"


# --------------------------------------------------------------------------------------------
# Posting
# --------------------------------------------------------------------------------------------


def _wait_from(error: urllib.error.HTTPError, body: bytes) -> float | None:
    header = error.headers.get("Retry-After") if error.headers else None
    if header:
        try:
            return float(header)
        except ValueError:
            pass
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    value = data.get("retry_after") if isinstance(data, dict) else None
    if isinstance(value, (int, float)) and value >= 0:
        return float(value)
    return None


def where(url: str) -> str:
    """The webhook named without its secret path (for messages and logs)."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/…"


class Poster:
    """POSTs JSON to a webhook with bounded retries. ``sleep`` can be replaced (tests)."""

    def __init__(self, webhook: str, *, timeout: float = 30.0, attempts: int = MAX_ATTEMPTS, backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep):
        self.webhook = webhook
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.sleep = sleep
        self.posts = 0

    def post(self, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        problem = ""
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(
                self.webhook, data=data, method="POST",
                headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT},
            )
            wait = self.backoff * 2 ** (attempt - 1)
            try:
                self.posts += 1
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    response.read(65536)
                    return
            except urllib.error.HTTPError as error:
                body = error.read(65536) if error.fp else b""
                error.close()
                if error.code == 429:
                    asked = _wait_from(error, body)
                    if asked is not None:
                        if asked > MAX_WAIT:
                            raise NotifyError(f"{where(self.webhook)}: rate limited (429), asked to wait {asked:.0f} s; not waiting that long") from None
                        wait = asked
                    problem = "rate limited (429)"
                elif 500 <= error.code < 600:
                    problem = f"server error {error.code}"
                else:
                    detail = body.decode("utf-8", "replace").strip()[:300]
                    raise NotifyError(f"{where(self.webhook)}: HTTP {error.code} {error.reason}{': ' + detail if detail else ''}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                problem = f"network error ({getattr(error, 'reason', error)})"
            if attempt < self.attempts:
                self.sleep(min(wait, MAX_WAIT))
        raise NotifyError(f"{where(self.webhook)}: {problem}; gave up after {self.attempts} attempts")


# --------------------------------------------------------------------------------------------
# State: what this webhook was already sent
# --------------------------------------------------------------------------------------------


def _webhook_id(webhook: str) -> str:
    return hashlib.sha256(webhook.encode("utf-8")).hexdigest()[:16]  # the URL is a secret: not stored


def read_state(path: Path | None, webhook: str) -> set[str]:
    if path is None or not Path(path).is_file():
        return set()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotifyError(f"{path}: not a notify state file ({error})") from None
    return set((data.get("announced") or {}).get(_webhook_id(webhook), []))


def write_state(path: Path, webhook: str, keys: set[str]) -> None:
    path = Path(path)
    data = {"version": 1, "announced": {}}
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            pass
    data.setdefault("announced", {})[_webhook_id(webhook)] = sorted(keys)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(temp, path)


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


@dataclass
class NotifyOptions:
    previous: str
    current: str = "site/papers.json"
    webhook: str | None = None
    format: str | None = None
    dry_run: bool = False
    state: str | None = None
    heading: str | None = None  # default: the catalog's "updates.title" in ``language``
    language: str | None = None  # the site's language (the message catalog's fallback: English)
    max_papers: int = 100
    timeout: float = 30.0
    backoff: float | None = None


def run_notify(options: NotifyOptions, stdout, stderr, sleep: Callable[[float], None] = time.sleep) -> int:
    """0: posted (or nothing new, or printed with ``dry_run``); 1: a post failed; 2: usage."""
    webhook = options.webhook or os.environ.get("MKDOCS_DIFFUSION_WEBHOOK", "").strip() or None
    if not webhook and not options.dry_run:
        print("error: --webhook URL is required (or MKDOCS_DIFFUSION_WEBHOOK)", file=stderr)
        return 2
    if webhook and urllib.parse.urlsplit(webhook).scheme not in ("http", "https"):
        print("error: --webhook must be an http(s) URL", file=stderr)
        return 2
    kind = options.format or (guess_format(webhook) if webhook else "json")
    try:
        previous = load_papers(Path(options.previous))
        current = load_papers(Path(options.current))
        state_path = Path(options.state) if options.state else None
        announced = read_state(state_path, webhook) if webhook and state_path else set()
    except NotifyError as error:
        print(f"error: {error}", file=stderr)
        return 2
    papers = new_papers(previous, current, announced)
    if not papers:
        print(f"no new papers ({len(current['papers'])} in {options.current}, {len(previous['papers'])} before)", file=stderr)
        return 0
    if len(papers) > options.max_papers:
        print(f"error: {len(papers)} new papers is more than --max-papers {options.max_papers}: is --previous the papers.json of the last deploy? Nothing posted", file=stderr)
        return 1
    batches = BUILDERS[kind](papers, current.get("site_url"), options.heading, Messages(options.language))
    if options.dry_run:
        for batch in batches:
            print(json.dumps(batch.payload, ensure_ascii=False, indent=1), file=stdout)
        print(f"dry run: {len(papers)} new papers in {len(batches)} {kind} messages; nothing posted", file=stderr)
        return 0
    backoff = options.backoff if options.backoff is not None else float(os.environ.get("MKDOCS_DIFFUSION_NOTIFY_BACKOFF", "1") or 1)
    poster = Poster(webhook, timeout=options.timeout, backoff=backoff, sleep=sleep)
    done = set(announced)
    for number, batch in enumerate(batches, start=1):
        try:
            poster.post(batch.payload)
        except NotifyError as error:
            print(f"error: message {number} of {len(batches)}: {error}", file=stderr)
            return 1
        done.update(batch.keys)
        if state_path is not None:
            write_state(state_path, webhook, done)
    print(f"announced {len(papers)} new papers in {len(batches)} {kind} messages to {where(webhook)}", file=stdout)
    return 0
