"""``mkdocs-diffusion``: ``check`` the category files without building; ``import`` a README."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from .catalog import build_catalog, duplicate_problems
from .loader import load_docs
from .model import ERROR, Problem


def check_docs(docs_dir: Path, papers_dir: str = "papers", resources_dir: str = "resources", duplicates: bool = True) -> tuple[list[Problem], int, int]:
    """All problems of the category files under ``docs_dir`` (as the plugin would report them).

    Returns (problems sorted by place, number of files, number of entries loaded).
    """
    categories, problems, n_files = load_docs(docs_dir, papers_dir, resources_dir)
    catalog = build_catalog(categories)
    problems.extend(catalog.problems)
    if duplicates:
        problems.extend(duplicate_problems(catalog))
    problems.sort(key=lambda p: (p.path, p.line, p.field))
    return problems, n_files, len(catalog.entries)


def _check(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    docs_dir = Path(args.docs_dir)
    if not docs_dir.is_dir():
        print(f"{docs_dir}: error: not a folder", file=sys.stderr)
        return 2
    problems, n_files, n_entries = check_docs(docs_dir, args.papers_dir, args.resources_dir, not args.no_duplicates)
    elapsed = time.perf_counter() - start
    errors = sum(p.level == ERROR for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (args.strict and warnings > 0)
    if args.format == "json":
        json.dump(
            {
                "ok": not failed,
                "files": n_files,
                "entries": n_entries,
                "errors": errors,
                "warnings": warnings,
                "seconds": round(elapsed, 3),
                "problems": [dict(p.as_dict(), path=(docs_dir / p.path).as_posix()) for p in problems],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    else:
        for problem in problems:
            print(replace(problem, path=(docs_dir / problem.path).as_posix()).format())
        summary = f"{n_files} files, {n_entries} entries: {errors} errors, {warnings} warnings ({elapsed:.2f} s)"
        print(summary, file=sys.stderr)
    return 1 if failed else 0


def _import(args: argparse.Namespace) -> int:
    from .importer import run_import

    return run_import(Path(args.readme), Path(args.out), sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mkdocs-diffusion", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate category files without building the site")
    check.add_argument("docs_dir", nargs="?", default="docs", help="the docs folder (default: docs)")
    check.add_argument("--strict", action="store_true", help="warnings count as problems too")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--papers-dir", default="papers")
    check.add_argument("--resources-dir", default="resources")
    check.add_argument("--no-duplicates", action="store_true", help="skip the duplicate checks")
    check.set_defaults(func=_check)

    imp = sub.add_parser("import", help="convert an awesome-list README into category files")
    imp.add_argument("readme", help="the README.md to convert")
    imp.add_argument("--out", required=True, help="folder to write the category files into")
    imp.set_defaults(func=_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
