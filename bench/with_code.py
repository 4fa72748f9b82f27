"""Run a module with the ``mkdocs_diffusion`` package of another checkout (an older commit).

    git worktree add /tmp/old 1710830
    .venv/bin/python bench/with_code.py /tmp/old -m mkdocs build -q -f work/mkdocs.yml -d /tmp/site-old

``PYTHONPATH=/tmp/old`` is easy to get wrong: run from this checkout's folder, ``python -m`` and
``python -c`` put the current folder first on ``sys.path``, so the "old" build quietly runs this
checkout's code. This script puts the other checkout first on ``sys.path`` and takes out the
finder of this checkout's editable install (``pip install -e``), so nothing can come from here;
it checks which package it imports, then runs the module as ``python -m`` would.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] != "-m":
        raise SystemExit("usage: with_code.py CHECKOUT -m MODULE [ARGS...]")
    code = str(Path(argv[0]).resolve())
    if not Path(code, "mkdocs_diffusion", "__init__.py").is_file():
        raise SystemExit(f"{code} has no mkdocs_diffusion package")
    sys.meta_path[:] = [finder for finder in sys.meta_path if "__editable__" not in getattr(finder, "__module__", "")
                        and "__editable__" not in getattr(finder, "__name__", "")]
    sys.path.insert(0, code)
    import mkdocs_diffusion

    if not str(Path(mkdocs_diffusion.__file__).resolve()).startswith(code + "/"):
        raise SystemExit(f"mkdocs_diffusion was imported from {mkdocs_diffusion.__file__}, not from {code}")
    sys.argv = [argv[2], *argv[3:]]
    runpy.run_module(argv[2], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
