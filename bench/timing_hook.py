"""MkDocs hook for the benchmark's timed builds: wall time spent inside the diffusion plugin's
event handlers, per event, written as JSON to ``$BENCH_TIMING_FILE`` at shutdown.

Both the plugin build and the floor build load it (the floor has no diffusion plugin, so it
measures nothing there; the hook's own dispatch cost is then the same in both builds). In
``on_config`` (first of all handlers) it replaces each diffusion handler in MkDocs' event lists by
a timing wrapper (keeping the handler's origin, which ``File.generated`` reads). The diffusion
plugin's own ``on_config``/``on_startup`` run before that and are not counted (they are trivial).
It also records the time spent in Python's garbage collector (``gc.callbacks``), in both builds.
"""

from __future__ import annotations

import gc
import json
import os
import time

from mkdocs.plugins import event_priority

ENV = "BENCH_TIMING_FILE"
_seconds: dict[str, float] = {}
_calls: dict[str, int] = {}

# Time in Python's cyclic garbage collector, from the moment the hook is loaded (config time): a
# plugin that keeps a big object graph alive makes every full collection of the build slower.
_gc = {"seconds": 0.0, "collections": 0, "full_collections": 0, "full_seconds": 0.0}
_gc_started = [0.0]


def _gc_callback(phase: str, info: dict) -> None:
    now = time.perf_counter()
    if phase == "start":
        _gc_started[0] = now
        return
    spent = now - _gc_started[0]
    _gc["seconds"] += spent
    _gc["collections"] += 1
    if info.get("generation") == 2:
        _gc["full_collections"] += 1
        _gc["full_seconds"] += spent


gc.callbacks.append(_gc_callback)


def _is_diffusion(method) -> bool:
    owner = getattr(method, "__self__", None)
    return owner is not None and type(owner).__module__.split(".")[0] == "mkdocs_diffusion"


def _timed(event: str, method):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            _seconds[event] = _seconds.get(event, 0.0) + time.perf_counter() - start
            _calls[event] = _calls.get(event, 0) + 1

    return wrapper


@event_priority(10_000)
def on_config(config):
    plugins = config.plugins
    origins = getattr(plugins, "_event_origins", {})
    for event, methods in plugins.events.items():
        for i, method in enumerate(methods):
            if _is_diffusion(method) and event not in ("config", "startup"):
                wrapper = _timed(event, method)
                wrapper.mkdocs_priority = getattr(method, "mkdocs_priority", 0)  # type: ignore[attr-defined]
                if method in origins:
                    origins[wrapper] = origins[method]
                methods[i] = wrapper
    return config


@event_priority(-10_000)
def on_shutdown():
    path = os.environ.get(ENV)
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"seconds": _seconds, "calls": _calls, "total": sum(_seconds.values()), "gc": _gc,
                       "objects_at_shutdown": len(gc.get_objects())}, handle, indent=1)
