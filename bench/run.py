#!/usr/bin/env python3
"""Scale benchmark: the diffusion plugin's build against a hand-written floor and its own floor.

    python bench/run.py [--sizes 300,1000,3000] [--categories K] [--seed S] [--repeat R]
                        [--edits E | --no-serve] [--corpus PATH] [--out bench/out] [--keep]
                        [--quick] [--profile N] [--profile-work DIR]

For each source (synthetic lists of N papers in K = max(10, N/100) categories, :mod:`bench.corpus`;
the peer corpus with ``--corpus``), it writes the category files, the hand-written floor
(:mod:`bench.floor`) and the own floor (``mkdocs-diffusion generate``), builds the three sites in
``--repeat`` alternating rounds, times ``check``, weighs the pages and times a one-summary edit
under ``mkdocs serve`` and ``serve --dirty`` (:mod:`bench.measure`). It prints a Markdown report
(:mod:`bench.report`) and writes ``<out>/results.md`` and ``<out>/results.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import signal
import sys
import time
from dataclasses import asdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repo root on the path, for `bench.*`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpus, report, suite  # noqa: E402
from bench.sites import BENCH, base_config  # noqa: E402

QUICK = {"sizes": "60", "categories": 4, "repeat": 1, "edits": 1}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1000,3000", help="comma-separated paper counts (default: 300,1000,3000; add 10000 for the big one)")
    parser.add_argument("--categories", type=int, default=None, help="categories per list (default: max(10, N/100))")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=None, help="alternating rounds of the three builds (default 3, 1 with --quick)")
    parser.add_argument("--edits", type=int, default=None, help="edits timed under each `mkdocs serve` (default 2, 1 with --quick)")
    parser.add_argument("--no-serve", action="store_true", help="leave the edit loop out")
    parser.add_argument("--dirty-only", action="store_true",
                        help="time the edit loop under `serve --dirty` only (not plain `serve`, which rebuilds everything like a build)")
    parser.add_argument("--corpus", type=Path, default=None, help="also an awesome-list README, imported with the package's importer")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--keep", action="store_true", help="keep the generated docs and built sites under OUT/work")
    parser.add_argument("--quick", action="store_true", help="N = 60, K = 4, one round, one edit (what tests/test_bench.py runs)")
    parser.add_argument("--profile", type=int, default=None, metavar="N", help="also profile the plugin and hand floor builds of the N-paper list")
    parser.add_argument("--profile-work", type=Path, default=None, metavar="DIR",
                        help="only profile the builds of a work folder kept by an earlier --keep run (OUT/work/<source>)")
    parser.add_argument("--report-only", type=Path, nargs="+", default=None, metavar="JSON",
                        help="only write the report again from the results.json of earlier runs (several: one report, in order)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.categories = QUICK["sizes"], args.categories or QUICK["categories"]
    args.repeat = args.repeat or (QUICK["repeat"] if args.quick else 3)
    args.edits = 0 if args.no_serve else (args.edits if args.edits is not None else (QUICK["edits"] if args.quick else 2))
    args.size_list = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    return args


def _load() -> str:
    try:
        return "%.1f" % os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Windows
        return "?"


def _say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # stopped with SIGTERM: unwind, so that the `mkdocs serve` of the edit loop is stopped too
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    out: Path = args.out.resolve()
    if args.profile_work:
        from bench.profiling import profile

        work = args.profile_work.resolve()
        print(profile(work.name, work, out).read_text(encoding="utf-8"))
        return 0
    if args.report_only:
        runs = [json.loads(path.read_text(encoding="utf-8")) for path in args.report_only]
        meta = dict(runs[0]["meta"], load_after=runs[-1]["meta"].get("load_after"))
        if len(runs) > 1:
            meta["command"] = " ; ".join(run["meta"]["command"] for run in runs)
            meta["when"] = " to ".join((runs[0]["meta"]["when"], runs[-1]["meta"]["when"]))
        print(report.report([suite.Result.from_dict(r) for run in runs for r in run["results"]], meta), end="")
        return 0
    fingerprint, load_before = suite.plugin_fingerprint(), _load()
    out.mkdir(parents=True, exist_ok=True)
    config_data = base_config()
    plan = [(f"synthetic-{n}", "synthetic", n) for n in args.size_list]
    if args.corpus:
        plan.append(("corpus", "corpus", None))
    results, profiles = [], []
    meta = {"when": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "python": sys.version.split()[0], "cpus": os.cpu_count(),
            "seed": args.seed, "repeat": args.repeat, "plugin_sources": fingerprint, "load_before": load_before, "load_after": None,
            "command": "python bench/run.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))}
    for label, kind, n in plan:
        work = out / "work" / label
        if kind == "synthetic":
            k = args.categories or corpus.default_categories(n)
            fill = lambda docs, n=n, k=k: corpus.write_synthetic(docs, n, k, args.seed)  # noqa: E731
        else:
            fill = lambda docs: corpus.write_corpus(docs, args.corpus, args.seed)  # noqa: E731
        start = time.perf_counter()
        result = suite.measure_source(kind, work, fill, repeat=args.repeat, config_data=config_data, edits=args.edits,
                                       full_serve=not args.dirty_only, progress=_say)
        results.append(result)
        _say(f"{label}: plugin {result.builds['plugin'].median:.2f} s, hand floor {result.builds['hand'].median:.2f} s "
             f"(ratio {result.ratio('hand'):.3f}), own floor {result.builds['own'].median:.2f} s ({time.perf_counter() - start:.0f} s in all)")
        if args.profile is not None and n == args.profile:
            from bench.profiling import profile

            profiles.append(profile(str(n), work, out))
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        write_results(out, results, dict(meta, load_after=_load()))  # after each source: a long run keeps what it measured
    if not args.keep:
        shutil.rmtree(out / "work", ignore_errors=True)
    meta["load_after"] = _load()
    text = write_results(out, results, meta)
    print(text)
    for path in profiles:
        print(f"profile summary: {path}")
    return 0


def write_results(out: Path, results: list, meta: dict) -> str:
    """``results.json`` (every measurement) and ``results.md`` (the report); returns the report."""
    data = {"meta": meta, "results": [dict(asdict(r), ratio_hand=r.ratio("hand"), ratio_own=r.ratio("own")) for r in results]}
    (out / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    text = report.report(results, meta)
    (out / "results.md").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    sys.exit(main())
