"""Capture the page sources the diffusion plugin generates, for the benchmark's *floor* build.

Two roles in one file:

* As an MkDocs hook (``hooks: [bench/capture_hook.py]`` in the capture config, which also has the
  ``diffusion`` plugin): after every plugin's ``on_files`` it copies each documentation page and
  static file of the site (generated ones from the plugin's temporary directory, the others from
  ``docs_dir``; theme files are skipped) into ``$BENCH_CAPTURE_DIR/docs``, keeping ``src_uri``.
  In ``on_page_markdown`` it rewrites the copy of any docs page whose Markdown a plugin changed
  (the home page's statistics marker), then returns an empty page so that nothing is rendered;
  ``on_env`` writes ``manifest.json`` and stops the build before any HTML is written.
* As a script, ``python bench/capture_hook.py CONFIG CAPTURE_DIR``: runs that build in-process
  (MkDocs' own ``build()``), and exits 0 once the manifest exists.

Nothing here is timed: the capture build only produces the floor's input.
"""

from __future__ import annotations

import json
import logging
import os
import sys

from mkdocs.plugins import event_priority

ENV = "BENCH_CAPTURE_DIR"


class CaptureDone(Exception):
    """Raised in ``on_env``: everything needed is captured, the rest of the build is skipped."""


_manifest: dict = {}
_copied: dict[str, str] = {}  # src_uri -> path of the copy


def _out() -> str:
    return os.environ[ENV]


@event_priority(-100)  # after every plugin (the diffusion plugin replaces the category files)
def on_files(files, config):
    docs_dir = os.path.realpath(config.docs_dir)
    out_docs = os.path.join(_out(), "docs")
    entries = []
    for file in files:
        generated = file.generated_by is not None
        if not generated:
            src = file.abs_src_path
            if not src or not os.path.realpath(src).startswith(docs_dir + os.sep):
                continue  # a theme file: the floor's theme provides it
        target = os.path.join(out_docs, *file.src_uri.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(file.content_bytes)
        _copied[file.src_uri] = target
        entries.append(
            {
                "src_uri": file.src_uri,
                "page": file.is_documentation_page(),
                "generated": generated,
                "not_in_nav": file.inclusion.is_not_in_nav(),
            }
        )
    _manifest.update(
        files=entries,
        markdown_extensions=[str(e) for e in config.markdown_extensions],
        extra_css=[str(c) for c in config.extra_css],
        extra_javascript=[getattr(j, "path", None) or str(j) for j in config.extra_javascript],
        changed_by_plugins=[],
    )
    return files


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    file = page.file
    if file.generated_by is None and markdown != page.markdown and file.src_uri in _copied:
        import yaml

        head = ""
        if page.meta:
            head = "---\n" + yaml.safe_dump(dict(page.meta), allow_unicode=True, sort_keys=False) + "---\n\n"
        with open(_copied[file.src_uri], "w", encoding="utf-8") as handle:
            handle.write(head + markdown)
        _manifest["changed_by_plugins"].append(file.src_uri)
    return ""  # nothing needs rendering in the capture build


def on_env(env, config, files):
    with open(os.path.join(_out(), "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(_manifest, handle, indent=1)
    raise CaptureDone()


def main(argv: list[str]) -> int:
    config_file, capture_dir = argv
    os.environ[ENV] = os.path.abspath(capture_dir)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(config_file=config_file)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except Exception as exc:  # CaptureDone, raised from the hook module's own copy of the class
        if type(exc).__name__ != "CaptureDone":
            raise
    finally:
        config.plugins.on_shutdown()
    if not os.path.exists(os.path.join(capture_dir, "manifest.json")):
        print("capture: the build ended before on_env; nothing captured", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
