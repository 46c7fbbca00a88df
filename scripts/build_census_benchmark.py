"""Build ``data/reference/census2021_lcr.csv``: the Census 2021 population benchmark.

Reads the Census 2021 files in ``<shared data>/census2021/`` (see ``../shared/data/SOURCES.md``)
and writes the benchmark in the layout of data.md §1.5, one row per area × characteristic × group,
for the six Liverpool City Region authorities, ``LCR`` (their sum) and England and Wales
(``K04000001``):

    .venv/bin/python scripts/build_census_benchmark.py [SHARED_DATA_DIR]

``SHARED_DATA_DIR`` defaults to ``../shared/data`` relative to the project root. A user's clone has
no ``../shared``, which is why the built file is committed; this script documents and reproduces it.
The rules (which table, which rows, how groups are mapped and summed) are in
``eqlib.census_source.build_benchmark`` and ``data/reference/README.md``. Before writing, the script runs
the checks ``eqlib.census.benchmark_problems`` (LCR = sum of the six, shares sum to 1, aggregates
equal their parts, totals of different tables agree within perturbation) and
``eqlib.census_source.source_problems`` (local-authority figures equal the published files cell by cell),
and writes nothing if any fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eqlib.census import benchmark_problems
from eqlib.census_source import build_benchmark, source_problems, write_benchmark
from eqlib.config import PROJECT_ROOT

OUTPUT = Path("data") / "reference" / "census2021_lcr.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "shared_data",
        nargs="?",
        default=str(PROJECT_ROOT.parent / "shared" / "data"),
        help="the shared data folder holding census2021/ (default: ../shared/data from the "
             "project root)",
    )
    parser.add_argument("--output", default=str(PROJECT_ROOT / OUTPUT), help="CSV to write")
    args = parser.parse_args(argv)
    benchmark = build_benchmark(Path(args.shared_data))
    problems = benchmark_problems(benchmark) + source_problems(benchmark, Path(args.shared_data))
    if problems:
        print("benchmark checks failed; nothing written:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    path = write_benchmark(benchmark, args.output)
    print(f"wrote {len(benchmark)} rows ({path.stat().st_size:,} bytes) to {path}")
    for area, part in benchmark.groupby("area_code", sort=False):
        print(f"  {area} {part['area_name'].iat[0]}: {len(part)} rows")
    print("checks passed: LCR = sum of the six authorities; shares sum to 1; aggregates equal "
          "their parts; totals agree within perturbation; LA figures equal the source files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
