"""cProfile of a kept work folder's plugin build against one of its floors (``--profile``)."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

from bench.measure import Run, child_env, measured
from bench.sites import REPO

FLOOR_CONFIGS = {"hand": Path("hand") / "mkdocs.yml", "own": Path("own") / "mkdocs.yml"}


def _profiled_build(config: Path, site_dir: Path, prof: Path) -> Run:
    shutil.rmtree(site_dir, ignore_errors=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    run = measured(cmd, env=child_env())
    if run.status != 0:
        raise RuntimeError(f"profiled build failed:\n{run.stderr[-4000:]}")
    return run


def _by_function(stats) -> dict[str, tuple[float, float, int]]:
    """'file:line(name)' -> (cumulative s, own s, calls); paths shortened to package/module."""
    out = {}
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        short = re.sub(r".*/(site-packages|lib/python3\.\d+)/", "", filename).replace(str(REPO) + "/", "")
        out[f"{short}:{line}({name})"] = (ct, tt, nc)
    return out


def profile(label: str, work: Path, out: Path, floor: str = "hand") -> Path:
    """The plugin build and a floor build (``hand`` or ``own``) of ``work`` (a folder kept by
    ``--keep``) under cProfile; a text summary of where the plugin's own time goes and of what
    costs more than in the floor."""
    import pstats

    out.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    prof_p, prof_f = out / f"profile-{label}.prof", out / f"profile-{label}-{floor}.prof"
    run_p = _profiled_build(work / "mkdocs.yml", work / "site", prof_p)
    run_f = _profiled_build(work / FLOOR_CONFIGS[floor], work / floor / "site", prof_f)
    stats_p, stats_f = pstats.Stats(str(prof_p), stream=text), pstats.Stats(str(prof_f), stream=text)
    funcs_p, funcs_f = _by_function(stats_p), _by_function(stats_f)
    print(f"profiled plugin build: {run_p.seconds:.1f} s wall ({stats_p.total_tt:.1f} s profiled); "
          f"{floor} floor: {run_f.seconds:.1f} s wall ({stats_f.total_tt:.1f} s profiled)\n", file=text)

    def show(title: str, rows) -> None:
        print(f"== {title} ==\n  cum s    own s    calls  function", file=text)
        for where, (ct, tt, nc) in rows:
            print(f"{ct:7.3f}  {tt:7.3f}  {nc:7d}  {where}", file=text)
        print(file=text)

    def matching(funcs, pattern, limit=None):
        rx = re.compile(pattern)
        rows = sorted(((w, v) for w, v in funcs.items() if rx.search(w)), key=lambda item: -item[1][0])
        return rows[:limit]

    show("plugin event hooks", matching(funcs_p, r"mkdocs_diffusion/plugin\.py:\d+\(on_"))
    show("mkdocs_diffusion functions, top 30 by cumulative time", matching(funcs_p, r"mkdocs_diffusion/", 30))
    show("mkdocs_diffusion functions, top 15 by own time",
         sorted(((w, v) for w, v in funcs_p.items() if "mkdocs_diffusion/" in w), key=lambda item: -item[1][1])[:15])
    stages = (r"mkdocs/commands/build\.py:\d+\((build|_populate_page|_build_page|_build_template)\)|"
              r"mkdocs/utils/__init__\.py:\d+\((clean_directory|write_file)\)|mkdocs/structure/nav\.py:\d+\(get_navigation\)|"
              r"mkdocs/plugins\.py:\d+\(on_\w+\)|markdown/core\.py:\d+\(convert\)|jinja2/environment\.py:\d+\(render\)|"
              r"mkdocs/structure/pages\.py:\d+\((read_source|render|validate_anchor_links)\)|\{built-in method io.open\}")
    print(f"== MkDocs build stages: plugin build | {floor} floor ==", file=text)
    for where, (ct, _tt, nc) in matching(funcs_p, stages):
        ct_f = funcs_f.get(where, (0.0, 0.0, 0))[0]
        print(f"{ct:7.3f} | {ct_f:7.3f}  {nc:7d}  {where}", file=text)
    print(file=text)
    print(f"== largest cumulative-time differences, plugin build - {floor} floor (functions outside mkdocs_diffusion) ==", file=text)
    diffs = []
    for where, (ct, _tt, nc) in funcs_p.items():
        if "mkdocs_diffusion/" in where:
            continue
        ct_f, _, nc_f = funcs_f.get(where, (0.0, 0.0, 0))
        diffs.append((ct - ct_f, ct, ct_f, nc, nc_f, where))
    for d, ct, ct_f, nc, nc_f, where in sorted(diffs, reverse=True)[:30]:
        print(f"{d:+7.3f}  {ct:7.3f} | {ct_f:7.3f}  calls {nc} | {nc_f}  {where}", file=text)
    print("\n== plugin build, top 40 by cumulative time ==", file=text)
    stats_p.sort_stats("cumulative").print_stats(40)
    path = out / f"profile-{label}.txt"
    path.write_text(text.getvalue(), encoding="utf-8")
    return path
