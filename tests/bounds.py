"""The time and memory bounds of work done on contributor content (the issue's bound: seconds,
not minutes; hundreds of megabytes, not gigabytes). Generous for slow CI machines; the typical
times are far below.

Times are CPU times of this process (the work is single-threaded), so that other jobs running on
the machine do not make the tests fail.
"""

from __future__ import annotations

import time
import tracemalloc

MAX_SECONDS = 5.0
MAX_PEAK_BYTES = 300 * 2**20


def timed(work):
    """``work()``, failing when it takes more than ``MAX_SECONDS`` of CPU time."""
    start, cpu_start = time.perf_counter(), time.process_time()
    result = work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"{cpu:.3f} s CPU ({seconds:.3f} s)")
    assert cpu < MAX_SECONDS, f"took {cpu:.2f} s of CPU time"
    return result


def measured(work):
    """``work()`` run once timed, then once traced: fails beyond the time or memory limit."""
    result = timed(work)
    tracemalloc.start()
    try:
        work()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"peak {peak / 2**20:.1f} MB")
    assert peak < MAX_PEAK_BYTES, f"peak {peak / 2**20:.0f} MB"
    return result
