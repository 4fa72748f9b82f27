"""The contributor and maintainer commands of issue #16, registered by ``cli.build_parser``:
``add`` (a paper from arXiv), ``form`` (the issue form), ``notify`` (webhook announcements) and
``check-links`` (dead links). Each handler imports its module only when it runs.
"""

from __future__ import annotations

import argparse
import sys


def _add(args: argparse.Namespace) -> int:
    from .add import AddOptions, run_add

    options = AddOptions(args.paper, args.to, args.docs, args.summary, args.added, args.code, args.also, args.dry_run, args.config)
    return run_add(options, sys.stdout, sys.stderr)


def _form(args: argparse.Namespace) -> int:
    from .issue_form import run_form

    return run_form(args, sys.stdout, sys.stderr)


def _notify(args: argparse.Namespace) -> int:
    from .notify import NotifyOptions, run_notify

    options = NotifyOptions(args.previous, args.current, args.webhook, args.format, args.dry_run, args.state, args.heading, args.language, args.max_papers, args.timeout)
    return run_notify(options, sys.stdout, sys.stderr)


def _check_links(args: argparse.Namespace) -> int:
    from .links import LinksOptions, run_check_links

    options = LinksOptions(args.docs_dir, args.config, args.changed_since, args.timeout, args.cache, args.cache_days * 86400.0, args.per_host, args.workers, args.format)
    return run_check_links(options, sys.stdout, sys.stderr)


def add_parsers(sub) -> None:
    """Register ``add``, ``form``, ``notify`` and ``check-links`` on ``sub`` (argparse's
    subparsers of ``mkdocs-diffusion``)."""
    add = sub.add_parser("add", help="add a paper from arXiv at the top of a category file")
    add.add_argument("paper", help="arXiv id or URL (2302.05543, https://arxiv.org/abs/2302.05543v2)")
    add.add_argument("--to", required=True, help="the category file, relative to the docs folder (papers/image-editing.md)")
    add.add_argument("--summary", help="the summary (Markdown); asked for on a terminal, required elsewhere")
    add.add_argument("--added", help="the date it joins the list, YYYY-MM-DD (default: today)")
    add.add_argument("--code", help="the code link (default: a GitHub link named in arXiv's comment or abstract)")
    add.add_argument("--also", action="store_true", help="add it even though another category lists it (its fields are copied from that copy)")
    add.add_argument("--dry-run", action="store_true", help="print the entry; write nothing")
    add.add_argument("--docs", help="the docs folder (default: the one mkdocs.yml names, else docs)")
    add.add_argument("-f", "--config", help="the site's mkdocs.yml")
    add.set_defaults(func=_add)

    form = sub.add_parser("form", help="the 'add a paper' GitHub issue form")
    form_sub = form.add_subparsers(dest="form_command", required=True)
    for name, text in (
        ("update", "rewrite the category dropdown from the category files"),
        ("check", "fail when the category dropdown is out of date"),
        ("parse", "read a filled-in form (the issue body) into add's arguments"),
    ):
        cmd = form_sub.add_parser(name, help=text)
        cmd.add_argument("--form", default=".github/ISSUE_TEMPLATE/add-paper.yml", help="the issue form (default: %(default)s)")
        cmd.add_argument("--docs", default="docs", help="the docs folder (default: %(default)s)")
        cmd.add_argument("--papers-dir", default="papers", help="the category folder in the docs folder (default: %(default)s)")
        if name == "parse":
            source = cmd.add_mutually_exclusive_group(required=True)
            source.add_argument("--body-file", help="a file holding the issue body ('-': standard input)")
            source.add_argument("--body-env", metavar="NAME", help="an environment variable holding the issue body")
            cmd.add_argument("--format", choices=("json", "args"), default="json", help="json, or add's arguments separated by NUL bytes (for xargs -0)")
    form.set_defaults(func=_form)

    notify = sub.add_parser("notify", help="announce newly added papers on a Discord/Slack webhook")
    notify.add_argument("--previous", required=True, help="papers.json as it was before (the published one)")
    notify.add_argument("--current", default="site/papers.json", help="papers.json as it is now (default: %(default)s)")
    notify.add_argument("--webhook", help="the webhook URL (default: $MKDOCS_DIFFUSION_WEBHOOK)")
    notify.add_argument("--format", choices=("discord", "slack", "json"), help="the payload (default: from the webhook's host, else json)")
    notify.add_argument("--dry-run", action="store_true", help="print the payloads; post nothing")
    notify.add_argument("--state", help="a JSON file remembering what was posted (running again skips it)")
    notify.add_argument("--heading", help="the message heading (default: the catalog's 'updates.title' in --language)")
    notify.add_argument("--language", help="the site's language for the words of the messages (ko, en; default: English)")
    notify.add_argument("--max-papers", type=int, default=100, help="post nothing when more papers than this are new (default: %(default)s)")
    notify.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default: %(default)s)")
    notify.set_defaults(func=_notify)

    links = sub.add_parser("check-links", help="find dead links in the entries (uses the network)")
    links.add_argument("docs_dir", nargs="?", help="the docs folder (default: the one mkdocs.yml names, else docs)")
    links.add_argument("-f", "--config", help="the site's mkdocs.yml")
    links.add_argument("--changed-since", metavar="GIT_REF", help="only the entries that `git diff GIT_REF` touches")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default: %(default)s)")
    links.add_argument("--cache", metavar="FILE", help="a JSON cache of the links found alive")
    links.add_argument("--cache-days", type=float, default=7.0, help="how long a cached result stays valid (default: %(default)s)")
    links.add_argument("--per-host", type=int, default=2, help="concurrent requests per host (default: %(default)s)")
    links.add_argument("--workers", type=int, default=16, help="concurrent requests in all (default: %(default)s)")
    links.add_argument("--format", choices=("text", "json"), default="text")
    links.set_defaults(func=_check_links)
