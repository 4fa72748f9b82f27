"""``mkdocs-diffusion``: ``check`` the category files without building; ``import`` a README.

Exit codes: 0 when all is well, 1 when problems were found (errors, or warnings with
``--strict``), 2 for a usage error (a missing folder or file, a broken ``mkdocs.yml``).
Problems and results go to standard output, errors about the command itself to standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from .model import ERROR, Problem


@dataclass
class CheckResult:
    problems: list[Problem]
    files: int
    entries: int
    docs_dir: Path  # the folder the problems' paths are relative to


def check_site(docs_dir: Path | None = None, config_file: Path | None = None, duplicates: bool | None = None) -> CheckResult:
    """All problems of a site's category files, exactly as its build reports them.

    With ``config_file`` (a ``mkdocs.yml``), MkDocs reads it and lists the pages it would build
    (``docs_dir``, ``exclude_docs``, hidden files, every Markdown extension) and the plugin's
    options apply (``papers_dir``, ``resources_dir``, ``check_duplicates``); with ``docs_dir``
    alone, MkDocs' and the plugin's defaults apply. The same functions as the build's do the work
    (:mod:`mkdocs_diffusion.host`, :func:`mkdocs_diffusion.collect.collect`).
    """
    from .collect import category_sources, collect
    from .host import collect_options, load_site, plugin_options, site_sources

    config = load_site(config_file, docs_dir)
    options = plugin_options(config)
    sources = category_sources(site_sources(config), options.papers_dir, options.resources_dir)
    settings = collect_options(options, config.theme.get("language"))
    if duplicates is not None:
        settings["check_duplicates"] = duplicates
    collection = collect(sources, **settings)
    return CheckResult(collection.problems, len(sources), len(collection.catalog.entries), Path(config.docs_dir))


def check_docs(docs_dir: Path, duplicates: bool = True) -> tuple[list[Problem], int, int]:
    """(problems, files, entries) of a bare docs folder with the default options."""
    result = check_site(docs_dir, None, duplicates)
    return result.problems, result.files, result.entries


def _declared_docs_dir(config_file: Path) -> Path | None:
    """The ``docs_dir`` a ``mkdocs.yml`` declares (MkDocs' own tags ignored), or None."""
    import yaml

    class Lenient(yaml.SafeLoader):
        pass

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Lenient)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    return (config_file.parent / str(data.get("docs_dir") or "docs")).resolve()


def find_config(docs_dir: Path | None) -> Path | None:
    """The ``mkdocs.yml`` that builds ``docs_dir``: beside it or in the current folder (with no
    ``docs_dir`` given, the current folder's)."""
    if docs_dir is None:
        return Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else None
    for candidate in (docs_dir.parent / "mkdocs.yml", Path("mkdocs.yml")):
        if candidate.is_file() and _declared_docs_dir(candidate) == docs_dir.resolve():
            return candidate
    return None


def _display_base(args_docs: str | None, docs_dir: Path) -> Path:
    """Problems name files as the user named the folder (relative stays relative)."""
    if args_docs:
        return Path(args_docs)
    try:
        return docs_dir.relative_to(Path.cwd())
    except ValueError:
        return docs_dir


def _check(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    docs_dir = Path(args.docs_dir) if args.docs_dir else None
    if docs_dir is not None and not docs_dir.is_dir():
        print(f"{docs_dir}: error: not a folder", file=sys.stderr)
        return 2
    config_file = Path(args.config) if args.config else find_config(docs_dir)
    if config_file is not None and not config_file.is_file():
        print(f"{config_file}: error: no such file", file=sys.stderr)
        return 2
    if config_file is None and docs_dir is None:
        docs_dir = Path("docs")
    try:
        result = check_site(None if config_file else docs_dir, config_file, False if args.no_duplicates else None)
    except Exception as error:  # a broken mkdocs.yml, a symbolic link loop
        print(f"{config_file or docs_dir}: error: {error}", file=sys.stderr)
        return 2
    base = _display_base(args.docs_dir, result.docs_dir)
    problems = result.problems
    elapsed = time.perf_counter() - start
    errors = sum(p.level == ERROR for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (args.strict and warnings > 0)
    if args.format == "json":
        json.dump(
            {
                "ok": not failed,
                "files": result.files,
                "entries": result.entries,
                "errors": errors,
                "warnings": warnings,
                "seconds": round(elapsed, 3),
                "problems": [dict(p.as_dict(), path=(base / p.path).as_posix()) for p in problems],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    else:
        for problem in problems:
            print(replace(problem, path=(base / problem.path).as_posix()).format(with_code=True))
        summary = f"{result.files} files, {result.entries} entries: {errors} errors, {warnings} warnings ({elapsed:.2f} s)"
        print(summary, file=sys.stderr)
    return 1 if failed else 0


def _import(args: argparse.Namespace) -> int:
    from .importer import run_import

    readme = Path(args.readme)
    if not readme.is_file():
        print(f"{readme}: error: no such file", file=sys.stderr)
        return 2
    return run_import(readme, Path(args.out) if args.out else None, sys.stdout, sys.stderr, force=args.force,
                      site=Path(args.site) if args.site else None)


def _generate(args: argparse.Namespace) -> int:
    """Every page the plugin makes, as plain Markdown in a project other generators build."""
    from .generate import GenerateError, generate

    config_file = Path(args.config)
    if not config_file.is_file():
        print(f"{config_file}: error: no such file", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        result = generate(config_file, Path(args.out), target=args.target)
    except GenerateError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # a broken mkdocs.yml, a symbolic link loop
        print(f"{config_file}: error: {error}", file=sys.stderr)
        return 2
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    errors = sum(p.level == ERROR for p in result.problems)
    print(f"{len(result.pages)} pages generated, {len(result.copied)} files copied into {result.out} "
          f"({time.perf_counter() - start:.2f} s)", file=sys.stderr)
    return 1 if errors or (args.strict and (result.problems or result.warnings)) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mkdocs-diffusion", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate category files without building the site")
    check.add_argument("docs_dir", nargs="?", help="the docs folder (default: the one mkdocs.yml names, else docs)")
    check.add_argument("-f", "--config", help="the site's mkdocs.yml (default: the one beside the docs folder or here)")
    check.add_argument("--strict", action="store_true", help="warnings count as problems too")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--no-duplicates", action="store_true", help="skip the duplicate checks")
    check.set_defaults(func=_check)

    imp = sub.add_parser("import", help="convert an awesome-list README into category files, or into a whole site")
    imp.add_argument("readme", help="the README.md to convert")
    where = imp.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", help="folder to write the category files into (papers/, resources/)")
    where.add_argument("--site", help="folder to write a complete site into: mkdocs.yml, docs/index.md and the category files under docs/")
    imp.add_argument("--force", action="store_true", help="overwrite existing files")
    imp.set_defaults(func=_import)

    gen = sub.add_parser("generate", help="write the pages the plugin makes as plain Markdown, for a build without the plugin (Zensical)")
    gen.add_argument("--out", required=True, help="folder to write the project into (new, empty, or written by generate before)")
    gen.add_argument("-f", "--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    gen.add_argument("--for", dest="target", choices=("mkdocs", "zensical"), default="mkdocs",
                     help="the generator that builds the output: how links inside raw HTML are written (default: mkdocs)")
    gen.add_argument("--strict", action="store_true", help="warnings count as problems too")
    gen.set_defaults(func=_generate)
    from .cli_contrib import add_parsers  # add, form, notify, check-links (issue #16)

    add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
