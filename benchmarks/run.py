"""Performance benchmarks of eqlib from 1,000 to 1,000,000 employees (issue 11).

Terms
-----
size
    Employees in a synthetic organisation (``eqlib.synth --employees N``), generated into
    ``benchmarks/data/<N>/`` (git-ignored). The 1,000,000 organisation is built by *tiling* the
    100,000 one (see :func:`tile`), because the generator needs ~15 minutes and ~14 GB there.
task
    One library call (or suite of calls) on the 2026 snapshot, timed in a fresh Python process
    after its inputs are loaded, so its peak memory is its own.
floor
    The same work done by the cheapest reasonable tool (a bare ``numpy.argsort`` of the same pay
    vector; ``pyarrow.csv.read_csv`` of the same files), measured in the same run. Each task is
    reported as a ratio to its floor where one exists.
median
    Median of the repeated runs' wall-clock seconds (5 runs at 1,000 and 10,000 employees, 3 above;
    a task taking longer than ``--long`` seconds is run once).
peak MB
    The measuring process's maximum resident set size (``resource.getrusage``); ``+MB`` is what the
    task added on top of its loaded inputs.

Usage: ``make benchmark`` (everything, ~1 hour on 2 cores), or
``.venv/bin/python benchmarks/run.py --sizes 1000,10000 --quick`` for a smoke run.
Performance is measured here, never asserted as a wall-clock limit in a test (conventions.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

from eqlib import characteristics

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
PY = sys.executable
YEAR = 2026
SIZES = (1_000, 10_000, 100_000, 1_000_000)
TILE_FROM = 100_000
FAST = 0.05  # seconds: a task quicker than this is timed as the mean of repeated calls
REPORT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
KINDS = ("workforce", "applications", "events", "boards")
#: The characteristics the report's representation index and funnel cover (the registry's).
REPRESENTATION = characteristics.used_by("representation_index")
FUNNEL = characteristics.used_by("outcomes")
TARGETS = {
    "suite_1m_seconds": 30.0,
    "suite_1m_mb": 4096.0,
    "quarter_bands_ratio": 5.0,
    "report_default_seconds": 60.0,
    "report_rerun_seconds": 5.0,
    "report_100k_seconds": 300.0,
}


# ------------------------------------------------------------------------------------------------
# Data
# ------------------------------------------------------------------------------------------------
def data_dir(size: int) -> Path:
    return DATA / str(size)


def tile(source: Path, dest: Path, *, copies: int, seed: int = 20260331) -> None:
    """Build a ``copies``-times larger organisation from ``source``: every snapshot year, complete.

    For every year of ``source`` the workforce, applications and events are tiled: copy k of a
    row gets its id suffixed ``-k`` (copy 0 keeps its ids), the same suffix on an event's
    ``employee_id`` and on the person in every year, so events still match the workforce, leavers
    still match last year's snapshot and people can be followed from year to year. Copy k of a
    person's ordinary pay is multiplied by a seeded factor in [0.98, 1.02] drawn once per person
    and copy (the same in every year; rounded to pence), so the pay vector is not ``copies``-fold
    tied. Boards are copied unchanged: a body has as many board seats whatever its staff.
    """
    import numpy as np
    import pandas as pd

    dest.mkdir(parents=True, exist_ok=True)
    years = sorted(int(f.stem.split("_")[1]) for f in source.glob("workforce_*.csv"))
    frames = {
        (kind, y): pd.read_csv(source / f"{kind}_{y}.csv", dtype=str, keep_default_na=False)
        for y in years
        for kind in ("workforce", "applications", "events")
        if (source / f"{kind}_{y}.csv").exists()
    }

    def col(frame: pd.DataFrame, name: str) -> str:
        """The column spelt ``name`` once trimmed, lower-cased, spaces as underscores (one year's
        export has headers like 'Employee ID' and 'Sex ', as real exports do)."""
        return next(c for c in frame.columns if c.strip().lower().replace(" ", "_") == name)

    def key(ids: pd.Series) -> pd.Series:
        return ids.str.strip().str.upper()

    people = pd.Index(
        sorted(
            set().union(
                *(
                    set(key(f[col(f, "employee_id")]))
                    for (k, _), f in frames.items()
                    if k == "workforce"
                )
            )
        )
    )
    factors = {
        k: pd.Series(
            np.random.default_rng([seed, k]).uniform(0.98, 1.02, len(people)), index=people
        )
        for k in range(1, copies)
    }
    id_cols = {
        "workforce": "employee_id",
        "applications": "application_id",
        "events": "employee_id",
    }
    for (kind, y), frame in frames.items():
        id_col = col(frame, id_cols[kind])
        with (dest / f"{kind}_{y}.csv").open("w", newline="") as out:
            frame.to_csv(out, index=False)
            for k in range(1, copies):
                part = frame.copy()
                if kind == "workforce":
                    pay_col = col(part, "ordinary_pay")
                    pay = pd.to_numeric(part[pay_col], errors="coerce")
                    factor = key(part[id_col]).map(factors[k]).fillna(1.0).to_numpy()
                    new = (pay * factor).round(2)
                    part[pay_col] = np.where(
                        pay.notna() & (pay > 0), new.map("{:.2f}".format), part[pay_col]
                    )
                # the suffix goes inside any stray spaces, so the id still trims to a valid one
                ids = part[id_col]
                part[id_col] = ids.where(ids.str.strip() == "", ids.str.rstrip() + f"-{k}")
                part.to_csv(out, index=False, header=False)
    for y in years:
        board = source / f"boards_{y}.csv"
        if board.exists():
            shutil.copy2(board, dest / board.name)


def ensure_data(size: int, *, budget: float, log: list[str]) -> dict[str, Any]:
    """Generate the organisation of ``size`` unless present; return how it was made and timing."""
    out = data_dir(size)
    marker = out / "bench.json"
    if marker.exists():
        return json.loads(marker.read_text())
    if out.exists():
        shutil.rmtree(out)
    start = time.perf_counter()
    if size > TILE_FROM:
        src = ensure_data(TILE_FROM, budget=budget, log=log)
        if not src.get("ok"):
            return {"ok": False, "how": "tiled", "error": "source organisation missing"}
        copies = size // TILE_FROM
        tile(data_dir(TILE_FROM), out, copies=copies)
        info = {
            "ok": True,
            "how": f"tiled {copies} x the {TILE_FROM:,} organisation, every snapshot year",
            "seconds": time.perf_counter() - start,
        }
    else:
        cmd = [PY, "-m", "eqlib.synth", "--employees", str(size), "--out", str(out)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=budget, cwd=ROOT)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            log.append(f"generating {size}: {exc}")
            return {"ok": False, "how": "eqlib.synth", "error": str(exc)[:300]}
        info = {"ok": True, "how": "eqlib.synth", "seconds": time.perf_counter() - start}
    marker.write_text(json.dumps(info))
    return info


def bench_params(size: int, *, previous_years: list[int] | None = None) -> Any:
    """params/2026.yaml with data_dir at the organisation of ``size`` (validated)."""
    import yaml

    from eqlib.config import validate_params

    raw = yaml.safe_load((ROOT / "params" / f"{YEAR}.yaml").read_text())
    raw["data_dir"] = str(data_dir(size))
    raw["previous_years"] = previous_years or []
    return validate_params(raw, source=f"benchmark params ({size})")


def input_files(size: int) -> list[Path]:
    """The CSV files :func:`eqlib.quality.load_years` reads for 2026 (with previous_years [])."""
    d = data_dir(size)
    files = [d / f"{k}_{YEAR}.csv" for k in KINDS]
    prev = d / f"workforce_{YEAR - 1}.csv"  # read to match leavers' events
    return files + ([prev] if prev.exists() else [])


# ------------------------------------------------------------------------------------------------
# Tasks: each runs in a fresh process (``run.py _worker TASK SIZE``)
# ------------------------------------------------------------------------------------------------
def _prepared(size: int) -> Path:
    return data_dir(size) / "prepared"


def prepare(size: int) -> dict[str, Any]:
    """Validate the 2026 inputs once and keep the processed tables (pickles) for the tasks."""
    from eqlib import quality

    years = quality.load_years(bench_params(size))
    tables = years[YEAR].tables
    _prepared(size).mkdir(exist_ok=True)
    for name in ("workforce", "applications"):
        tables[name].to_pickle(_prepared(size) / f"{name}.pkl")
    rows = {"rows": {k: len(v) for k, v in tables.items()}}
    (_prepared(size) / "rows.json").write_text(json.dumps(rows))
    return rows


def _load(size: int, name: str) -> Any:
    import pandas as pd

    return pd.read_pickle(_prepared(size) / f"{name}.pkl")


def setup_task(task: str, size: int) -> dict[str, Any]:
    """Everything a task needs that is not timed."""
    ctx: dict[str, Any] = {"params": bench_params(size)}
    # imports are not timed: a notebook pays them once per kernel
    import pyarrow.csv  # noqa: F401

    from eqlib import census, io, outcomes, paygap, quality, representation  # noqa: F401

    if task in ("quarter_bands", "argsort"):
        from eqlib import paygap

        wf = _load(size, "workforce")
        pay = paygap.hourly_pay(wf)
        fpre = paygap.full_pay_relevant(wf) & pay.notna()
        ctx.update(pay=pay[fpre], sex=wf.loc[fpre, "sex"], ids=wf.loc[fpre, "employee_id"])
    elif task in ("gpg_figures", "representation") or task.startswith("pay_gap_suite"):
        ctx["workforce"] = _load(size, "workforce")
        if task == "representation":
            from eqlib import census
            from eqlib.config import resolve

            ctx["benchmark"] = census.read_benchmark(resolve(ctx["params"]["benchmark"]["file"]))
    elif task == "funnel":
        ctx["applications"] = _load(size, "applications")
    return ctx


def run_task(task: str, size: int, ctx: dict[str, Any]) -> dict[str, Any]:
    """Run one task; return extra facts to record (per-part seconds, row counts)."""
    p = ctx["params"]
    extra: dict[str, Any] = {}
    if task == "read_workforce":
        from eqlib import io

        data = io.load_year(p, YEAR, kinds=("workforce",))
        extra["rows"] = len(data.tables["workforce"])
    elif task == "load_inputs":
        from eqlib import quality

        years = quality.load_years(p)
        extra["rows"] = {k: len(v) for k, v in years[YEAR].tables.items()}
    elif task == "pyarrow_workforce":
        from pyarrow import csv

        extra["rows"] = csv.read_csv(data_dir(size) / f"workforce_{YEAR}.csv").num_rows
    elif task == "pyarrow_inputs":
        from pyarrow import csv

        read = [csv.read_csv(f) for f in input_files(size)]
        extra["rows"] = sum(t.num_rows for t in read)
        extra["arrow_mb"] = sum(t.nbytes for t in read) / 2**20  # the data's in-memory size
    elif task == "quarter_bands":
        from eqlib import paygap

        paygap.quarter_bands(ctx["pay"], ctx["sex"], ids=ctx["ids"])
        extra["n"] = len(ctx["pay"])
    elif task == "argsort":
        import numpy as np

        np.argsort(ctx["pay"].to_numpy(dtype=float))
        extra["n"] = len(ctx["pay"])
    elif task == "gpg_figures":
        from eqlib import paygap

        paygap.gpg_figures(ctx["workforce"])
    elif task.startswith("pay_gap_suite"):
        from eqlib import paygap

        b = dict(p["bootstrap"], n=100) if task == "pay_gap_suite_b100" else p["bootstrap"]
        parts = {}
        for c in p["pay_gap_characteristics"]:
            t0 = time.perf_counter()
            paygap.pay_gap_by(
                ctx["workforce"],
                c,
                reference=p["reference_groups"][c],
                confidence_level=p["confidence_level"],
                n_boot=b["n"],
                seed=b["seed"],
                max_n=b["max_n"],
                min_group=p["disclosure"]["min_group_pay"],
            )
            parts[c] = round(time.perf_counter() - t0, 3)
        extra["parts"] = parts
    elif task == "representation":
        from eqlib import census, representation

        area = census.area_code(p["benchmark"]["areas"])
        wf = ctx["workforce"]
        for c in REPRESENTATION:
            if c not in wf.columns:
                continue
            shares = census.benchmark_shares(ctx["benchmark"], c, area=area)
            universe = census.benchmark_universe(ctx["benchmark"], c, area=area)
            representation.representation_by_level(
                wf,
                c,
                shares,
                universe=universe,
                level="grade_band",
                confidence_level=p["confidence_level"],
            )
    elif task == "funnel":
        from eqlib import outcomes

        app = ctx["applications"]
        from eqlib.topics.outcomes.analysis import reference_group

        for c in FUNNEL:
            ref = reference_group(c, p)
            if c not in app.columns or not (app[c] == ref).any():
                continue  # as eqlib.topics.outcomes.compared_characteristics
            outcomes.funnel_rates(
                app,
                c,
                stages=p["funnel_stages"],
                reference=ref,
                alpha=1 - p["confidence_level"],
                min_group_stat=p["disclosure"]["min_group_stat"],
                adverse_impact_band=tuple(p["adverse_impact_band"]),
            )
        extra["rows"] = len(app)
    else:
        raise ValueError(f"unknown task {task!r}")
    return extra


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker(task: str, size: int) -> None:
    """Set up and time one task in this (fresh) process; print one JSON line."""
    if task == "_prepare":
        t0 = time.perf_counter()
        extra = prepare(size)
        print(
            json.dumps({"seconds": time.perf_counter() - t0, "peak_mb": _rss_mb(), "extra": extra})
        )
        return
    ctx = setup_task(task, size)
    before = _rss_mb()
    t0 = time.perf_counter()
    extra = run_task(task, size, ctx)
    seconds = time.perf_counter() - t0
    if seconds < FAST:  # too quick to time once: average over calls filling ~10 x FAST
        calls = 1
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 10 * FAST:
            run_task(task, size, ctx)
            calls += 1
        seconds = (time.perf_counter() - t0) / (calls - 1)
        extra["calls_averaged"] = calls - 1
    peak = _rss_mb()
    print(
        json.dumps({"seconds": seconds, "peak_mb": peak, "added_mb": peak - before, "extra": extra})
    )


# ------------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------------
def measure(task: str, size: int, *, repeats: int, budget: float, long: float) -> dict[str, Any]:
    """Run ``task`` up to ``repeats`` times, each in a fresh process; never raises."""
    runs: list[dict[str, Any]] = []
    for _ in range(repeats):
        cmd = [PY, str(Path(__file__).resolve()), "_worker", task, str(size)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=budget, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return {"status": f"over budget (> {budget:.0f} s)", "runs": runs}
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["?"])[-1]
            return {"status": f"failed: {tail[:200]}", "runs": runs}
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        if runs[-1]["seconds"] > long:
            break
    secs = [r["seconds"] for r in runs]
    return {
        "status": "ok",
        "runs": runs,
        "n": len(runs),
        "median": statistics.median(secs),
        "min": min(secs),
        "max": max(secs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "added_mb": max(r.get("added_mb", 0.0) for r in runs),
        "extra": runs[len(runs) // 2].get("extra", {}),
    }


def _make_report(project: Path, params: str, budget: float) -> dict[str, Any]:
    """One ``make report`` in ``project``; seconds, largest child's peak RSS, status."""
    cmd = [
        "make",
        "--no-print-directory",
        "-C",
        str(project),
        "report",
        f"YEAR={YEAR}",
        f"PARAMS={params}",
        f"VENV={ROOT / '.venv'}",
    ]
    wrapper = (
        "import json, resource, subprocess, sys, tempfile, time, psutil\n"
        "t = time.perf_counter()\n"
        "started = time.time()\n"
        "log = tempfile.TemporaryFile('w+')\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=log, stderr=subprocess.STDOUT, text=True)\n"
        "total = 0.0\n"
        "while p.poll() is None:  # every process make started, summed, twice a second\n"
        "    rss = 0\n"
        "    try:\n"
        "        for c in psutil.Process(p.pid).children(recursive=True):\n"
        "            try:\n"
        "                rss += c.memory_info().rss\n"
        "            except psutil.Error:\n"
        "                pass\n"
        "    except psutil.Error:\n"
        "        pass\n"
        "    total = max(total, rss / 2**20)\n"
        "    print(json.dumps({'running': time.perf_counter() - t, 'total_mb': total}),\n"
        "          flush=True)\n"
        "    time.sleep(0.5)\n"
        "s = time.perf_counter() - t\n"
        "mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "log.seek(0)\n"
        "lines = log.read().strip().splitlines() or ['?']\n"
        "print(json.dumps({'seconds': s, 'peak_mb': mb, 'total_mb': total, 'rc': p.returncode,\n"
        "                  'err': lines[-1][-300:], 'started': started}))\n"
    )
    # its own process group, so a run over budget is stopped with everything make started
    proc = subprocess.Popen(
        [PY, "-c", wrapper, *cmd], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    started = time.time()
    try:
        stdout, _ = proc.communicate(timeout=budget)
    except subprocess.TimeoutExpired as exc:
        os.killpg(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate()  # everything the wrapper printed before it was stopped
        text = (exc.stdout or "") + (rest or "") if isinstance(exc.stdout, str) else rest or ""
        seen = [json.loads(x) for x in text.strip().splitlines() if x.startswith("{")]
        return {
            "status": f"over budget (> {budget:.0f} s), stopped",
            "total_mb": max((x.get("total_mb", 0.0) for x in seen), default=0.0),
            "steps": _step_times(project, started, partial=True),
        }
    out = json.loads(stdout.strip().splitlines()[-1])
    out["status"] = "ok" if out["rc"] == 0 else f"failed (make exit {out['rc']}): {out['err']}"
    out["steps"] = _step_times(project, out.pop("started"), partial=out["rc"] != 0)
    return out


# The files each step of the pipeline writes last (Makefile), in pipeline order; a step of several
# files side by side ends with the last of them.
STEP_FILES = (
    ("01 data quality", ("internal/executed/01_data_quality.ipynb",)),
    ("02-04 analyses, side by side", ("internal/executed/02_*.ipynb", "internal/executed/03_*.ipynb",
                                      "internal/executed/04_*.ipynb")),
    ("disclosure control", ("internal/.disclosed",)),
    # the data annex runs beside these two and the render; the manifest waits for it too
    ("disclosure check and 05 publication notebook, side by side",
     ("internal/.checked", "internal/executed/05_publication.ipynb")),
    # the PDF's time is when it was written; it is checked before it takes its name
    ("HTML and PDF written", ("internal/staging/equality_report_*.pdf",)),
    ("PDF checked, manifest, publish/", ("publish/manifest.json",)),
)


def _step_times(project: Path, started: float, *, partial: bool = False) -> dict[str, float]:
    """Seconds each step of a ``make report`` took, from when its last file was written.

    ``partial``: a run that stopped; the steps that finished, and how long the one after them had
    been running when it stopped."""
    report = project / "reports" / str(YEAR)
    steps: dict[str, float] = {}
    before = started
    for step, patterns in STEP_FILES:
        found = [list(report.glob(p)) for p in patterns]
        files = [f for group in found for f in group]
        end = max((f.stat().st_mtime for f in files), default=0.0)
        whole = all(found)  # every file of the step, or it has not finished
        if partial and (not whole or end < started):
            steps[f"{step} (stopped after)"] = round(time.time() - before, 1)
            return steps
        if not files or end < started:  # nothing rerun (the second run): no step times
            return {}
        steps[step] = round(end - before, 1)
        before = end
    return steps


def report_run(size: int | None, *, budget: float) -> dict[str, Any]:
    """``make report`` twice (cold, then nothing changed) in a temporary copy of the project.

    ``size`` None: the default synthetic organisation and params/2026.yaml unchanged. Otherwise
    the generated organisation is copied to ``data/raw/bench_<size>`` in the copy and a params file
    ``params/bench.yaml`` points at it (all four generated snapshot years).
    """
    from eqlib.audit import copy_project

    with tempfile.TemporaryDirectory(prefix="eqstats-bench-") as tmp:
        project = copy_project(Path(tmp))
        params = f"params/{YEAR}.yaml"
        if size is not None:
            import yaml

            target = project / "data" / "raw" / f"bench_{size}"
            target.mkdir(parents=True)
            for f in data_dir(size).glob("*.csv"):
                shutil.copy2(f, target / f.name)
            raw = yaml.safe_load((ROOT / "params" / f"{YEAR}.yaml").read_text())
            raw["data_dir"] = f"data/raw/bench_{size}"
            raw["previous_years"] = sorted(
                int(f.stem.split("_")[1])
                for f in target.glob("workforce_*.csv")
                if int(f.stem.split("_")[1]) != YEAR
            )
            params = "params/bench.yaml"
            (project / params).write_text(yaml.safe_dump(raw, sort_keys=False))
        first = _make_report(project, params, budget)
        second = (
            _make_report(project, params, budget)
            if first["status"] == "ok"
            else {"status": "not run (first run did not finish)"}
        )
        out = {"first": first, "second": second}
        if size is None and first["status"] == "ok":
            # a change to the publication notebook only: what reruns, and how long it takes
            executed = project / "reports" / str(YEAR) / "internal" / "executed"
            before = {f.name: f.stat().st_mtime for f in executed.glob("*.ipynb")}
            nb = project / "notebooks" / "05_publication.ipynb"
            nb.write_text(nb.read_text())  # same content, newer: make sees a change
            os.utime(nb)
            third = _make_report(project, params, budget)
            third["rerun"] = sorted(
                f.name for f in executed.glob("*.ipynb") if f.stat().st_mtime != before.get(f.name)
            )
            out["publication_changed"] = third
    return out


EMPTY_RUN = """
import sys, tempfile, papermill
from eqlib.pipeline import KERNEL, _ipc_kernel_manager
with tempfile.TemporaryDirectory(prefix="eqstats-kernel-") as socket_dir:
    papermill.execute_notebook(sys.argv[1], sys.argv[2], parameters={}, kernel_name=KERNEL,
                               progress_bar=False, log_output=False,
                               kernel_manager_class=_ipc_kernel_manager(socket_dir))
"""


def notebook_floor(*, repeats: int, notebooks: int = 5) -> dict[str, Any]:
    """The floor of ``make report``'s notebooks: ``notebooks`` papermill runs, one after another,
    each in a fresh Python process as the pipeline runs them, of a notebook with one empty cell,
    on the project's kernel with the pipeline's kernel manager. Median of ``repeats`` sets."""
    import nbformat

    totals = []
    with tempfile.TemporaryDirectory(prefix="eqstats-floor-") as tmp:
        empty = Path(tmp) / "empty.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("")]
        nb.metadata["kernelspec"] = {
            "name": "eqstats",
            "display_name": "eqstats",
            "language": "python",
        }
        nbformat.write(nb, empty)
        for _ in range(repeats):
            t0 = time.perf_counter()
            for i in range(notebooks):
                subprocess.run(
                    [PY, "-c", EMPTY_RUN, str(empty), str(Path(tmp) / f"out{i}.ipynb")],
                    check=True,
                    capture_output=True,
                    cwd=ROOT,
                )
            totals.append(time.perf_counter() - t0)
    return {
        "status": "ok",
        "n": len(totals),
        "median": statistics.median(totals),
        "min": min(totals),
        "max": max(totals),
        "notebooks": notebooks,
    }


# ------------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024**2:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for pkg in ("numpy", "pandas", "scipy", "statsmodels", "pandera", "pyarrow"):
        try:
            versions[pkg] = __import__(pkg).__version__
        except ImportError:
            versions[pkg] = "not installed"
    try:
        load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        load = "unknown"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem,
        "python": platform.python_version(),
        "os": platform.platform(),
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "load": load,
    }


TASK_ROWS = (
    # task, label, floor task
    (
        "read_workforce",
        "read + validate workforce CSV (`io.load_year`, workforce only)",
        "pyarrow_workforce",
    ),
    ("load_inputs", "read + validate all 2026 inputs (`quality.load_years`)", "pyarrow_inputs"),
    ("quarter_bands", "`paygap.quarter_bands` (FPREs, by sex)", "argsort"),
    ("gpg_figures", "`paygap.gpg_figures` (the six statutory figures)", None),
    ("pay_gap_suite", "full pay-gap suite: `pay_gap_by` x 8 characteristics, intervals", None),
    (
        "pay_gap_suite_b100",
        "the suite with 100 resamples (only when the full suite is over "
        "budget; scale the resampling part by 20)",
        None,
    ),
    ("representation", "representation index by grade band x 10 characteristics", None),
    ("funnel", "`outcomes.funnel_rates` x 6 characteristics", None),
    ("pyarrow_workforce", "floor: `pyarrow.csv.read_csv` of the workforce CSV", None),
    ("pyarrow_inputs", "floor: `pyarrow.csv.read_csv` of the same input files", None),
    ("argsort", "floor: `numpy.argsort` of the same pay vector", None),
)


def _fmt_s(x: float) -> str:
    return f"{x:.2g}" if x < 0.01 else f"{x:.3f}" if x < 10 else f"{x:.1f}"


def _cell(m: dict[str, Any] | None) -> tuple[str, str, str]:
    if m is None:
        return ("not run", "", "")
    if m["status"] != "ok":
        done = f" (after {len(m['runs'])} ok runs)" if m.get("runs") else ""
        return (m["status"] + done, "", "")
    return (
        f"{_fmt_s(m['median'])} ({m['n']}: {_fmt_s(m['min'])}-{_fmt_s(m['max'])})",
        f"{m['peak_mb']:.0f} (+{m['added_mb']:.0f})",
        "",
    )


def verdict(ok: bool | None, text: str) -> str:
    return ("**met**" if ok else "**missed**" if ok is False else "not measured") + f": {text}"


def targets(results: dict[str, Any]) -> list[str]:
    out = []
    sizes = results["sizes"]
    m = sizes.get(str(1_000_000), {}).get("tasks", {}).get("pay_gap_suite")
    if m and m["status"] == "ok":
        t, mb = m["median"], m["peak_mb"]
        ok_t, ok_m = t < TARGETS["suite_1m_seconds"], mb < TARGETS["suite_1m_mb"]
        out.append(
            "* 1,000,000 employees, full pay-gap suite < 30 s: "
            + verdict(ok_t, f"{_fmt_s(t)} s" + ("" if ok_t else f", {t / 30:.1f}x the target"))
        )
        out.append(
            "* 1,000,000 employees, full pay-gap suite < 4 GB peak: "
            + verdict(ok_m, f"{mb:.0f} MB")
        )
    elif m and m["status"].startswith("over budget"):
        out.append(
            "* 1,000,000 employees, full pay-gap suite < 30 s and < 4 GB: "
            + verdict(
                False,
                f"{m['status']}, i.e. more than {results['budget'] / 30:.0f}x the "
                "time target; cause and fix in the notes (item 1)",
            )
        )
    else:
        status = m["status"] if m else "not run"
        out.append(
            "* 1,000,000 employees, full pay-gap suite < 30 s and < 4 GB: "
            + verdict(False if m else None, status)
        )
    for size, s in sizes.items():
        q, a = s.get("tasks", {}).get("quarter_bands"), s.get("tasks", {}).get("argsort")
        if q and a and q["status"] == a["status"] == "ok":
            r = q["median"] / a["median"]
            out.append(
                f"* {int(size):,}: quarter_bands within 5x of argsort: "
                + verdict(r <= TARGETS["quarter_bands_ratio"], f"{r:.1f}x")
            )
    rep = results.get("reports", {})
    d = rep.get("default")
    if d:
        f, s2 = d["first"], d["second"]
        out.append(
            "* make report, default organisation, < 60 s: "
            + verdict(
                f["status"] == "ok" and f["seconds"] < 60 if f["status"] == "ok" else False,
                f"{_fmt_s(f['seconds'])} s" if f["status"] == "ok" else f["status"],
            )
        )
        out.append(
            "* make report again with nothing changed, < 5 s: "
            + verdict(
                s2["status"] == "ok" and s2["seconds"] < 5 if s2["status"] == "ok" else False,
                f"{_fmt_s(s2['seconds'])} s" if s2["status"] == "ok" else s2["status"],
            )
        )
    h = rep.get(str(100_000))
    if h:
        f = h["first"]
        out.append(
            "* 100,000 employees, make report < 5 min: "
            + verdict(
                f["seconds"] < 300 if f["status"] == "ok" else False,
                f"{_fmt_s(f['seconds'])} s" if f["status"] == "ok" else f["status"],
            )
        )
    return out


def _report_line(r: dict[str, Any] | None) -> tuple[float | None, str]:
    f = (r or {}).get("first", {})
    if f.get("status") == "ok":
        return f["seconds"], f"{_fmt_s(f['seconds'])} s"
    return None, f.get("status", "not run")


def targets21(results: dict[str, Any]) -> list[str]:
    """Issue 21's targets, each with its figure, its floor and the ratio, from this run."""
    out: list[str] = []
    rep = results.get("reports", {})
    floor = results.get("notebook_floor")
    secs, text = _report_line(rep.get("default"))
    if floor and floor.get("status") == "ok" and secs is not None:
        r = secs / floor["median"]
        out.append(
            f"* Default `make report` at most 3x the floor of {floor['notebooks']} empty-notebook "
            f"papermill runs: "
            + verdict(
                r <= 3,
                f"{text} / floor {_fmt_s(floor['median'])} s "
                f"({floor['n']} sets: {_fmt_s(floor['min'])}-"
                f"{_fmt_s(floor['max'])}) = {r:.2f}x",
            )
        )
    else:
        out.append(
            "* Default `make report` at most 3x the empty-notebook floor: "
            + verdict(None, f"report {text}; floor {floor and floor.get('status')}")
        )
    out.append(
        "* Default `make report` under 25 s: "
        + verdict(secs < 25 if secs is not None else None, text)
    )
    third = (rep.get("default") or {}).get("publication_changed")
    if third:
        ok = third.get("status") == "ok" and third.get("rerun") == ["05_publication.ipynb"]
        out.append(
            "* After changing only the publication notebook, only it and the render rerun: "
            + verdict(
                ok,
                f"{third.get('status')}; notebooks rerun: "
                f"{', '.join(third.get('rerun', [])) or 'none'}; "
                f"{_fmt_s(third['seconds']) if 'seconds' in third else '-'} s",
            )
        )
    million = results["sizes"].get(str(1_000_000), {})
    tasks = million.get("tasks", {})
    for task, floor_task, what in (
        ("load_inputs", "pyarrow_inputs", "all 2026 inputs"),
        ("read_workforce", "pyarrow_workforce", "workforce only"),
    ):
        m, fl = tasks.get(task), tasks.get(floor_task)
        if m and fl and m["status"] == fl["status"] == "ok":
            r = m["median"] / fl["median"]
            out.append(
                f"* 1,000,000 employees, read + validate ({what}) at most 3x the pyarrow floor: "
                + verdict(r <= 3, f"{_fmt_s(m['median'])} s / {_fmt_s(fl['median'])} s = {r:.1f}x")
            )
        else:
            out.append(
                f"* 1,000,000 employees, read + validate ({what}) at most 3x pyarrow: "
                + verdict(None, (m or {}).get("status", million.get("error", "not run")))
            )
    m, fl = tasks.get("load_inputs"), tasks.get("pyarrow_inputs")
    if m and fl and m["status"] == fl["status"] == "ok" and "arrow_mb" in fl["extra"]:
        size_mb = fl["extra"]["arrow_mb"]
        r = m["peak_mb"] / size_mb
        out.append(
            "* 1,000,000 employees, read + validate peak memory at most 3x the in-memory size of "
            "the data read (Arrow tables of the same files): "
            + verdict(
                r <= 3,
                f"peak {m['peak_mb']:.0f} MB (+{m['added_mb']:.0f} MB over the "
                f"interpreter and imports) / {size_mb:.0f} MB = {r:.1f}x "
                f"({m['added_mb'] / size_mb:.1f}x counting only what reading added)",
            )
        )
    secs, text = _report_line(rep.get(str(100_000)))
    out.append(
        "* 100,000 employees `make report` under 60 s: "
        + verdict(secs < 60 if secs is not None else None, text)
    )
    big = rep.get(str(1_000_000))
    secs, text = _report_line(big)
    f = (big or {}).get("first", {})
    out.append(
        "* 1,000,000 employees `make report` end to end under 10 minutes: "
        + verdict(secs < 600 if secs is not None else (False if big else None), text)
    )
    if f.get("total_mb"):
        out.append(
            "* 1,000,000 employees `make report` under 12 GB peak (all its processes "
            "together, sampled twice a second): "
            + verdict(
                f["total_mb"] < 12 * 1024
                if secs is not None or f["total_mb"] >= 12 * 1024
                else None,
                f"{f['total_mb']:.0f} MB" + ("" if secs is not None else " until it was stopped"),
            )
        )
    out.append(
        "* `make test` under 6 minutes: not measured by the benchmark (`CI=true make test` prints its "
        "own time and slowest tests; README, Timings)"
    )
    return out


NLOGN = "n log n"


def growth(results: dict[str, Any]) -> list[str]:
    """How each task's time grows from size to size, against n log n."""
    import math

    sizes = sorted(int(k) for k, v in results["sizes"].items() if v.get("tasks"))
    if len(sizes) < 2:
        return []
    lines = [
        "Seconds at each size, and the growth from one size to the next as a ratio and as the "
        "exponent k of n^k (1 = linear; n log n is 1.1-1.2 over these decades). A step marked "
        "**faster than n log n** grew by more than 1.25x what n log n would (timings on a shared "
        "machine vary by ~20%).",
        "",
        "| task | " + " | ".join(f"{s:,}" for s in sizes) + " | growth per step (k) |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    flagged = []
    rows = [(t, label) for t, label, _ in TASK_ROWS]
    for task, label in rows:
        ms = [results["sizes"][str(s)]["tasks"].get(task) for s in sizes]
        vals = [m["median"] if m and m["status"] == "ok" else None for m in ms]
        if sum(v is not None for v in vals) < 2:
            continue
        steps = []
        for (a, va), (b, vb) in pairwise(zip(sizes, vals, strict=True)):
            if va is None or vb is None or va < 0.02:
                continue  # below ~20 ms fixed costs dominate
            k = math.log(vb / va) / math.log(b / a)
            nlogn = (b * math.log(b)) / (a * math.log(a))
            fast = vb / va > 1.25 * nlogn
            steps.append(
                f"{a:,}->{b:,}: {vb / va:.1f}x (k={k:.2f})"
                + (" **faster than n log n**" if fast else "")
            )
            if fast:
                flagged.append(f"{label}, {a:,}->{b:,}: {vb / va:.1f}x against {nlogn:.1f}x")
        lines.append(
            f"| {label} | "
            + " | ".join(_fmt_s(v) if v is not None else "-" for v in vals)
            + f" | {'; '.join(steps)} |"
        )
    reps = results.get("reports", {})
    rsizes = [
        s
        for s in (1_000, 10_000, 100_000, 1_000_000)
        if reps.get(str(s), {}).get("first", {}).get("status") == "ok"
    ]
    if rsizes:
        vals = [reps[str(s)]["first"]["seconds"] for s in rsizes]
        lines.append(
            "| `make report` (first run) | "
            + " | ".join(
                _fmt_s(reps[str(s)]["first"]["seconds"]) if s in rsizes else "-" for s in sizes
            )
            + " | "
            + "; ".join(
                f"{a:,}->{b:,}: {vb / va:.1f}x"
                for (a, va), (b, vb) in pairwise(zip(rsizes, vals, strict=True))
            )
            + " |"
        )
    lines += [
        "",
        "Faster than n log n: " + ("; ".join(flagged) if flagged else "nothing measured here."),
    ]
    return lines


def _busy(load: str) -> bool:
    """Whether the 1-minute load average at the start says other work was running."""
    try:
        return float(load.split("/")[0]) > 0.5
    except ValueError:
        return True


def write_results(results: dict[str, Any], path: Path, notes: str) -> None:
    mc = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `make benchmark` (`benchmarks/run.py {' '.join(results['argv'])}`) on "
        f"{results['started']} (took {results['elapsed'] / 60:.0f} min)"
        + (
            f", resuming the run of {results['resumed_from']}"
            if results.get("resumed_from")
            else ""
        )
        + ".",
        "",
        "## Machine",
        "",
        f"* CPU: {mc['cpu']}, {mc['cores']} cores; memory {mc['memory']}",
        f"* {mc['os']}; Python {mc['python']}",
        f"* {mc['packages']}",
        f"* Load average at the start (1/5/15 min): {mc['load']}. "
        + (
            "**Timings are noisy**: other work was running on the machine's cores, so medians "
            "can be up to ~2x what a quiet machine gives; compare ratios to the floors (measured "
            "in the same run) rather than absolute seconds."
            if _busy(mc["load"])
            else "Nothing else was running when the run started."
        ),
        "",
        "## Method",
        "",
        "Every measurement is a fresh Python process that loads its inputs (the validated 2026 "
        "tables, kept as pickles after one `quality.load_years`), then times the task alone. "
        "Seconds: median of the runs (range in brackets); a task over "
        f"{results['long']:.0f} s is run once, one over {results['budget']:.0f} s is stopped "
        "and recorded as over budget. Peak MB: the process's maximum resident set size (+ what "
        "the task added over its loaded inputs). Params: params/2026.yaml with `data_dir` at the "
        "generated organisation and `previous_years: []` (bootstrap n=2000, max_n=50000, "
        "seed 20260331). Ratio: task median / floor median from the same run.",
        "",
    ]
    for size, s in results["sizes"].items():
        size_i = int(size)
        lines += [f"## {size_i:,} employees", ""]
        gen = s.get("data", {})
        lines.append(
            f"Data: {gen.get('how', '?')}"
            + (f" in {gen['seconds']:.0f} s" if "seconds" in gen else "")
            + (f"; FAILED: {gen.get('error')}" if not gen.get("ok") else "")
            + (
                f"; 2026 rows: {', '.join(f'{k} {v:,}' for k, v in s['rows'].items())}."
                if "rows" in s
                else ""
            )
        )
        lines.append("")
        if not s.get("tasks"):
            lines += [f"Not measured: {s.get('error', 'no data')}", ""]
            continue
        lines += [
            "| task | median s (runs, range) | peak MB (+task) | ratio to floor |",
            "|---|---|---|---|",
        ]
        tasks = s["tasks"]
        for task, label, floor in TASK_ROWS:
            if task not in tasks:
                continue
            sec, mb, ratio = _cell(tasks[task])
            fl = tasks.get(floor) if floor else None
            if floor and fl and fl["status"] == "ok" and tasks[task]["status"] == "ok":
                ratio = f"{tasks[task]['median'] / fl['median']:.1f}x"
            lines.append(f"| {label} | {sec} | {mb} | {ratio} |")
        for key, what in (("pay_gap_suite", "Pay-gap suite"),):
            suite = tasks.get(key)
            if suite and suite["status"] == "ok":
                parts = suite["extra"].get("parts", {})
                lines += [
                    "",
                    f"{what}, by characteristic (s): "
                    + ", ".join(f"{k} {v:.2f}" for k, v in parts.items()),
                ]
        lines.append("")
    lines += [
        "## make report (end to end, temporary copy of the project)",
        "",
        "| organisation | first run s | peak MB (largest process) | second run s | status |",
        "|---|---|---|---|---|",
    ]
    for key, r in results.get("reports", {}).items():
        name = (
            "default (data/raw/synthetic, params/2026.yaml)"
            if key == "default"
            else f"{int(key):,} employees (4 snapshot years)"
        )
        f, s2 = r["first"], r["second"]
        mb = f"{f['peak_mb']:.0f}" if "peak_mb" in f else "-"
        lines.append(
            f"| {name} | {_fmt_s(f['seconds']) if 'seconds' in f else '-'} | "
            f"{mb} | {_fmt_s(s2['seconds']) if 'seconds' in s2 else '-'} | "
            f"{f['status']}; second: {s2['status']} |"
        )
    for key, r in results.get("reports", {}).items():
        steps = r["first"].get("steps")
        if steps:
            lines += [
                "",
                f"Where the first run's time went ({key}; seconds from the end of the step "
                "before; each notebook includes its kernel's start): "
                + "; ".join(f"{k} {v:.1f}" for k, v in steps.items()),
            ]
    fl = results.get("notebook_floor")
    if fl:
        lines += [
            "",
            f"Floor of the notebooks (issue 21): {fl['notebooks']} papermill runs of a "
            "notebook with one empty cell, one after another, each in a fresh Python "
            "process on the project's kernel: "
            + (
                f"median {_fmt_s(fl['median'])} s over {fl['n']} sets "
                f"({_fmt_s(fl['min'])}-{_fmt_s(fl['max'])})"
                if fl.get("status") == "ok"
                else fl.get("status", "?")
            ),
        ]
    third = (results.get("reports", {}).get("default") or {}).get("publication_changed")
    if third:
        lines += [
            "",
            "Default organisation, third run after touching only "
            f"`notebooks/05_publication.ipynb`: {third.get('status')}, "
            f"{_fmt_s(third['seconds']) if 'seconds' in third else '-'} s, notebooks rerun: "
            f"{', '.join(third.get('rerun', [])) or 'none'}",
        ]
    for key, r in results.get("reports", {}).items():
        f = r["first"]
        if f.get("total_mb"):
            lines += [
                "",
                f"Peak memory of all processes of the first run together ({key}): "
                f"{f['total_mb']:.0f} MB",
            ]
    lines += ["", "## Targets (issue 21)", "", *targets21(results), ""]
    lines += ["## How cost grows from 1,000 to 1,000,000 employees", "", *growth(results), ""]
    lines += ["## Targets (issue 11)", "", *targets(results), ""]
    if notes:
        lines += ["## Notes", "", notes.strip(), ""]
    path.write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_worker":
        worker(argv[1], int(argv[2]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated employee counts (default all four)",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: one run per task, sizes 1000 only unless --sizes, no reports",
    )
    ap.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="runs per task (default 5 up to 10,000 employees, 3 above; 1 if --quick)",
    )
    ap.add_argument(
        "--budget",
        type=float,
        default=420.0,
        help="seconds one measurement (or one make report) may take",
    )
    ap.add_argument("--long", type=float, default=60.0, help="a task slower than this is run once")
    ap.add_argument(
        "--report-budget",
        type=float,
        default=1800.0,
        help="seconds one make report may take before it is stopped (its finished steps kept)",
    )
    ap.add_argument(
        "--reports-first",
        action="store_true",
        help="run the make reports (in the order of --reports) before the per-size tasks, so the "
        "largest end-to-end run is measured first when time is short",
    )
    ap.add_argument(
        "--floor-sets",
        type=int,
        default=3,
        help="sets of five empty-notebook papermill runs for the notebook floor (0: none)",
    )
    ap.add_argument(
        "--reports",
        default=None,
        help="comma-separated sizes to run make report on, plus 'default' "
        "(default: default,1000,10000,100000 among --sizes; none if --quick)",
    )
    ap.add_argument(
        "--b100",
        action="store_true",
        help="when the full pay-gap suite is over budget, time it with 100 resamples",
    )
    ap.add_argument(
        "--resume",
        action="store_true",
        help="keep the sizes and reports already in the .json beside --out; run the rest",
    )
    ap.add_argument("--out", default=str(HERE / "results.md"))
    ap.add_argument(
        "--notes",
        default=str(HERE / "notes.md"),
        help="markdown appended to results.md as the closing notes",
    )
    ap.add_argument(
        "--render",
        action="store_true",
        help="only rewrite --out from the .json beside it and notes.md (no measuring)",
    )
    args = ap.parse_args(argv)
    if args.render:
        results = json.loads(Path(args.out).with_suffix(".json").read_text())
        notes = Path(args.notes).read_text() if Path(args.notes).exists() else ""
        write_results(results, Path(args.out), notes)
        return 0
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if not (args.quick and args.sizes == ap.get_default("sizes"))
        else [1_000]
    )
    if args.reports is not None:
        reports = [r for r in args.reports.split(",") if r]
    elif args.quick:
        reports = []
    else:
        reports = ["default"] + [str(s) for s in sizes if s in REPORT_SIZES]
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    t_start = time.perf_counter()
    results: dict[str, Any] = {
        "machine": machine(),
        "argv": argv,
        "started": started,
        "budget": args.budget,
        "long": args.long,
        "sizes": {},
        "reports": {},
    }
    log: list[str] = []
    raw_path = Path(args.out).with_suffix(".json")
    if args.resume and raw_path.exists():
        old = json.loads(raw_path.read_text())
        results["sizes"].update(old.get("sizes", {}))
        results["reports"].update(old.get("reports", {}))
        if "notebook_floor" in old:
            results["notebook_floor"] = old["notebook_floor"]
        results["resumed_from"] = old.get("started")

    def save() -> None:
        results["elapsed"] = time.perf_counter() - t_start
        raw_path.write_text(json.dumps(results, indent=1, default=str))
        notes = Path(args.notes).read_text() if Path(args.notes).exists() else ""
        write_results(results, Path(args.out), notes)

    def report(key: str) -> None:
        size = None if key == "default" else int(key)
        if key not in reports or key in results["reports"]:
            return
        if size is not None and not data_dir(size).joinpath("bench.json").exists():
            return
        over = [
            k
            for k, r in results["reports"].items()
            if k != "default"
            and size is not None
            and int(k) < size
            and r["first"]["status"].startswith("over budget")
        ]
        if over:
            results["reports"][key] = {
                "first": {
                    "status": f"not run: the {int(over[0]):,} organisation was already over budget"
                },
                "second": {"status": "not run"},
            }
            save()
            return
        print(f"make report [{key}]...", flush=True)
        if key == "default" and args.floor_sets and "notebook_floor" not in results:
            print("notebook floor...", flush=True)
            results["notebook_floor"] = notebook_floor(repeats=args.floor_sets)
            print(f"    {results['notebook_floor']}", flush=True)
        results["reports"][key] = report_run(size, budget=args.report_budget)
        print(f"    {results['reports'][key]}", flush=True)
        save()

    if args.reports_first:
        for key in reports:
            if key != "default":
                ensure_data(int(key), budget=args.budget, log=log)
            report(key)
    for size in sizes:
        if str(size) in results["sizes"]:
            print(f"[{size:,}] kept from the run being resumed", flush=True)
            report("default")
            report(str(size))
            continue
        print(f"[{size:,}] data...", flush=True)
        entry: dict[str, Any] = {
            "data": ensure_data(size, budget=args.budget, log=log),
            "tasks": {},
        }
        results["sizes"][str(size)] = entry
        if not entry["data"].get("ok"):
            entry["error"] = entry["data"].get("error")
            save()
            continue
        done = _prepared(size) / "rows.json"
        prep = (
            {"status": "ok", "extra": json.loads(done.read_text())}
            if done.exists()
            else measure("_prepare", size, repeats=1, budget=args.budget, long=0)
        )
        if prep["status"] != "ok":
            entry["error"] = f"preparing the validated tables: {prep['status']}"
            save()
            continue
        entry["rows"] = prep["extra"]["rows"]
        repeats = args.repeats or (
            1 if args.quick or size > 100_000 else 5 if size <= 10_000 else 3
        )
        for task, _, _ in TASK_ROWS:
            if task == "pay_gap_suite_b100" and (
                not args.b100 or entry["tasks"]["pay_gap_suite"]["status"] == "ok"
            ):
                continue
            print(f"[{size:,}] {task}...", flush=True)
            entry["tasks"][task] = measure(
                task, size, repeats=repeats, budget=args.budget, long=args.long
            )
            m = entry["tasks"][task]
            print(f"    {m['status']} {m.get('median', '')}", flush=True)
            save()
        report("default")
        report(str(size))
    for key in reports:
        report(key)
    save()
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
