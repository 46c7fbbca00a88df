"""cProfile one benchmark task: ``.venv/bin/python benchmarks/profile_task.py SIZE TASK [N]``.

Loads the task's inputs as ``run.py`` does (run ``run.py --sizes SIZE`` once first, so the
validated tables exist), profiles the task alone and prints the N (default 25) costliest
functions by cumulative and by own time.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402


def main(argv: list[str]) -> None:
    size, task = int(argv[0]), argv[1]
    top = int(argv[2]) if len(argv) > 2 else 25
    ctx = run.setup_task(task, size)
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    extra = run.run_task(task, size, ctx)
    prof.disable()
    print(f"{task} at {size:,}: {time.perf_counter() - start:.2f} s {extra}")
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    main(sys.argv[1:])
