"""The report pipeline's steps, called by the Makefile.

``run`` (each notebook) -> ``protect`` (unsuppressed tables -> protected tables in the staging
folder, suppression log) -> three independent steps, run side by side by ``make report``:
``check`` (the independent disclosure checker over the staged tables), ``annex`` (the data annex
spreadsheet and the tables' README) and ``run`` 05_publication (reads only the staged tables) then
``render`` (HTML, PDF/UA, checks) -> ``publish`` (manifest, then the staging folder replaces
``publish/`` in one step). ``disclose`` is ``protect`` then ``check``, in one process.

Terms
-----
staging folder
    ``reports/<year>/internal/staging/``: the next ``publish/`` being built. ``publish/`` itself is
    replaced only when every step has succeeded, so a failed run never leaves a half-written or
    mixed-version ``publish/`` folder.
run
    Executing one notebook with papermill and the year's parameters file. The executed copy is
    written to a temporary file and moved into place only when the notebook finished, so make never
    mistakes a failed run for an up-to-date one.
error message
    A notebook that stops on a project error (bad input, failed check) prints that error's message
    only, not a traceback: the person running ``make report`` is an analyst. So does a step that
    cannot write (permission denied, disk full): one message saying nothing was published.
report lock
    ``reports/<year>/.make-report.lock`` names the ``make`` run writing that report (its outermost
    ``make`` process). Every step claims it first: the steps of one run share it (the analyses run
    side by side), a second run stops with a message while the first is alive, and a lock left by
    a run that was killed or failed is taken over. Whoever creates or takes over the lock first
    removes what an interrupted run left behind: partly executed notebooks
    (``internal/executed/.running-*.ipynb``), partial renderings (``staging/.*.part``) and a
    partial ``publish.new``; a ``publish/`` left renamed to ``publish.old`` is restored.

``python -m eqlib.pipeline run NOTEBOOK OUTPUT --params FILE``
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from eqlib.config import (  # noqa: F401 - the paths are the pipeline's too (eqlib.pipeline.staging_dir)
    PROJECT_ROOT,
    Params,
    load_params,
    publish_dir,
    report_dir,
    report_name,
    run_log,
    staging_dir,
    submission_name,
    unsuppressed_dir,
)
from eqlib.errors import EqlibError

if TYPE_CHECKING:  # pandas takes seconds to import; the summary at the end of make report needs none
    import pandas as pd

KERNEL = "eqstats"


def _ipc_kernel_manager(socket_dir: str):  # noqa: ANN202 - a jupyter_client class
    """A kernel manager talking to the kernel over local IPC sockets rather than TCP ports: nothing
    listens on the network, and the kernel has no reason to warn about unencrypted TCP.

    The sockets go in ``socket_dir`` (one private folder per run). jupyter_client's default is
    ``kernel-ipc-<N>`` in the working directory, with N the first free number: two notebooks
    started at the same moment (``make report`` runs the analyses side by side) could pick the
    same N and talk to each other's kernel.
    """
    from jupyter_client.manager import AsyncKernelManager  # noqa: PLC0415

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):  # noqa: ANN003, ANN204
            super().__init__(transport="ipc", ip=os.path.join(socket_dir, "kernel"), **kwargs)

    return IPCKernelManager


PROJECT_ERRORS = ("DataError", "ParamsError", "PublicationError", "AccountingError", "EqlibError")
#: Errors raised inside a notebook that say the machine, not the project, could not write a file.
WRITE_ERRORS = ("PermissionError", "OSError", "IsADirectoryError")
LOCK_NAME = ".make-report.lock"












def published_tables(params: Params) -> dict[str, pd.DataFrame]:
    """The disclosure-controlled tables of the year (what 05_publication may read, and all it may
    read): ``name -> tidy table`` from the staging folder."""
    from eqlib import tables as tidy_tables  # noqa: PLC0415

    folder = staging_dir(params["year"]) / "tables"
    found = {p.stem: tidy_tables.read_table(p) for p in sorted(folder.glob("*.csv"))}
    if not found:
        raise EqlibError(f"no published tables in {folder}: run disclosure control first "
                         "(make report runs it).")
    return found




def write_unsuppressed(tables: dict[str, pd.DataFrame], params: Params) -> list[Path]:
    """Write an analysis notebook's tidy tables (``name -> table``) for disclosure control.

    The file name is ``<name>.csv``; :func:`eqlib.tables.write_table` refuses a table that is not
    fit to publish.
    """
    from eqlib import tables as tidy_tables  # noqa: PLC0415

    folder = unsuppressed_dir(params["year"])
    limit = params["plausibility"]["max_text_length"]
    return [
        tidy_tables.write_table(table, folder / f"{name}.csv", max_text_length=limit)
        for name, table in tables.items()
    ]


def run_notebook(notebook: Path, output: Path, params_file: str | Path) -> None:
    """Execute ``notebook`` with the parameters of ``params_file`` into ``output``.

    Raises
    ------
    EqlibError
        When the notebook fails: the message names the notebook and, for a project error raised
        inside it, repeats that error's own message (no traceback).
    """
    import papermill  # noqa: PLC0415 - heavy import, only needed here
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415

    params = load_params(params_file)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        suffix=".ipynb", dir=output.parent, prefix=f".running-{notebook.stem}-"
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory(prefix="eqstats-kernel-") as socket_dir:
            papermill.execute_notebook(
                str(notebook),
                str(tmp),
                parameters=dict(params),
                kernel_name=KERNEL,
                cwd=str(PROJECT_ROOT / "notebooks"),
                progress_bar=False,
                log_output=False,
                kernel_manager_class=_ipc_kernel_manager(socket_dir),
            )
    except PapermillExecutionError as exc:
        tmp.unlink(missing_ok=True)
        if exc.ename in PROJECT_ERRORS:
            raise EqlibError(f"{notebook.name} stopped: {exc.evalue}") from None
        if exc.ename in WRITE_ERRORS:
            raise EqlibError(
                f"{notebook.name} stopped: it could not write a file ({exc.evalue}). Check that "
                "the folder is writable and the disk has space, then run make report again."
            ) from None
        raise EqlibError(
            f"{notebook.name} stopped at cell {exc.exec_count} with {exc.ename}: {exc.evalue}\n"
            f"(This is a fault in the project, not in your data; the partly executed notebook is "
            f"not kept. Run the notebook in JupyterLab with `make lab` to see the full error.)"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.chmod(0o644)  # mkstemp made it private; the executed copy is an ordinary output
    tmp.replace(output)


def disclose(params: Params) -> Path:
    """:func:`protect`, then :func:`check_disclosure`: the tables are protected and checked."""
    stage = protect(params)
    check_disclosure(params)
    return stage


def protect(params: Params) -> Path:
    """Disclosure control of every unsuppressed table into ``staging/tables`` (a new staging
    folder); the suppression log into ``internal/``. The GOV.UK submission is staged as it is (the
    statutory figures are published in full by law); the ethnicity and disability pay gap files
    are built from the protected tables (:func:`eqlib.duties.stage_submissions`). Nothing is
    published before :func:`check_disclosure` has passed over the staged tables."""
    from eqlib import disclosure  # noqa: PLC0415
    from eqlib import tables as tidy_tables  # noqa: PLC0415

    year = params["year"]
    source = unsuppressed_dir(year)
    stage = staging_dir(year)
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "tables").mkdir(parents=True)
    rules = disclosure.DisclosureRules.from_params(params)
    raw = {
        p.stem: tidy_tables.read_table(p)
        for p in sorted(source.glob("*.csv"))
        if p.name != submission_name(year)
    }
    if not raw:
        raise EqlibError(f"no tables to publish in {source}: run the analysis notebooks first.")
    # A reader holds last year's publication too: this year's tables are protected and checked
    # together with it (its tables as published, in publish/; none before the first year)
    earlier = publish_dir(year - 1) / "tables"
    previous = {p.stem: tidy_tables.read_table(p) for p in sorted(earlier.glob("*.csv"))}
    protected = disclosure.protect_tables(raw, rules, year=year, previous=previous or None)
    limit = params["plausibility"]["max_text_length"]
    for name, table in protected.items():
        tidy_tables.write_table(table, stage / "tables" / f"{name}.csv", max_text_length=limit)
    log = disclosure.suppression_log(*protected.values())
    disclosure.write_suppression_log(log, report_dir(year) / "internal" / "suppression_log.csv")
    submission = source / submission_name(year)
    if submission.exists():
        shutil.copyfile(submission, stage / submission_name(year))
    # the ethnicity and disability pay gap files, laid out from the protected tables
    from eqlib import duties  # noqa: PLC0415

    duties.stage_submissions(protected, params, stage)
    return stage


def check_disclosure(params: Params) -> int:
    """The independent disclosure checker over the staged tables, together with last year's
    publication (a reader holds both): fails the build on any violation, naming table, cell and
    rule. Returns the number of tables checked."""
    from eqlib import disclosure  # noqa: PLC0415

    year = params["year"]
    staged = staging_dir(year) / "tables"
    if not any(staged.glob("*.csv")):
        raise EqlibError(f"no protected tables to check in {staged}: run disclosure control first.")
    earlier = publish_dir(year - 1) / "tables"
    disclosure.assert_safe(disclosure.check_publish_folder(
        staged, disclosure.DisclosureRules.from_params(params), year=year,
        previous=earlier if any(earlier.glob("*.csv")) else None, previous_year=year - 1))
    return len(list(staged.glob("*.csv")))


def write_annex(params: Params) -> Path:
    """The data annex (every staged table in one spreadsheet) and the tables' README, built from
    the staged (protected) tables only. Returns the annex's path."""
    from eqlib import annex  # noqa: PLC0415

    stage = staging_dir(params["year"])
    annex.write_readme(stage / "tables", params)
    # written under a partial name and renamed when complete, as the PDF is: make takes the
    # annex's presence for "built", so a run killed while writing it must not leave it behind
    target = stage / annex.annex_name(params["year"])
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        annex.write_annex(stage / "tables", partial, params)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return target


def render(params: Params, executed: Path) -> Path:
    """The executed publication notebook -> staged HTML and PDF/UA, both checked."""
    from eqlib import render as rendering  # noqa: PLC0415

    year = params["year"]
    stage = staging_dir(year)
    html_path = rendering.notebook_to_html(executed, stage / report_name(year, "html"))
    title = f"Workforce equality report {year}"
    # html_to_pdf runs check_pdf before the file appears (a second check would read it again)
    return rendering.html_to_pdf(html_path, stage / report_name(year, "pdf"), title=title,
                                 run_log=run_log(year))


def publish(params: Params, params_file: str | Path) -> Path:
    """Write the manifest into the staging folder, then replace ``publish/`` with a copy of it.
    The report (:func:`render`) and the data annex (:func:`write_annex`) must be staged."""
    from eqlib import annex, manifest  # noqa: PLC0415

    year = params["year"]
    stage = staging_dir(year)
    expected = [
        stage / report_name(year, "pdf"),
        stage / report_name(year, "html"),
        stage / "tables",
        stage / "tables" / "README.md",
        stage / annex.annex_name(year),
    ]
    missing = [p.name for p in expected if not p.exists()]
    if missing:
        raise EqlibError(f"cannot publish {year}: {', '.join(missing)} not built in {stage}.")
    manifest.write_manifest(manifest.build_manifest(params, params_file, stage), stage)
    target = publish_dir(year)
    fresh = target.with_name("publish.new")
    old = target.with_name("publish.old")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        shutil.copytree(stage, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)  # never leave a partial publish.new
        raise
    if target.exists():
        target.rename(old)
    try:
        fresh.rename(target)
    except BaseException:
        if old.exists() and not target.exists():
            old.rename(target)  # the previous publication stays in place
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target


# --------------------------------------------------------------------------------------------------
# The report lock, and what an interrupted run leaves behind
# --------------------------------------------------------------------------------------------------
_MAKES = ("make", "gmake")
_SHELLS = ("sh", "bash", "dash", "zsh", "ksh")


def _run_owner() -> dict[str, float]:
    """The process whose run this step belongs to: the outermost ``make`` of the unbroken chain of
    ``make`` and shell processes above it (one ``make report``, whose sub-make and parallel steps
    all share it), or this process when no ``make`` started it. The chain stops at any other
    program, so two ``make report`` started by one script or test are two runs. Identified by pid
    and start time, so a reused pid is not mistaken for it."""
    import psutil  # noqa: PLC0415

    owner = psutil.Process()
    for parent in owner.parents():
        try:
            name = parent.name()
        except psutil.Error:
            break
        if name in _MAKES:
            owner = parent
        elif name not in _SHELLS:
            break
    return {"pid": owner.pid, "started": round(owner.create_time(), 2)}


def _alive(owner: dict) -> bool:
    import psutil  # noqa: PLC0415

    try:
        process = psutil.Process(int(owner["pid"]))
        return abs(process.create_time() - float(owner["started"])) < 0.05
    except (psutil.Error, KeyError, TypeError, ValueError):
        return False


def claim_report(year: int) -> list[str]:
    """Claim ``reports/<year>/`` for this run (see "report lock" above).

    Returns
    -------
    list of str
        What was cleaned up after an interrupted run (empty when nothing was).

    Raises
    ------
    EqlibError
        When another run, still alive, holds the lock.
    """
    import fcntl  # noqa: PLC0415 - POSIX, as make is

    folder = report_dir(year)
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    mine = _run_owner()
    # a short exclusive section, so that two runs starting together cannot both take the lock
    with (folder / f"{LOCK_NAME}.guard").open("a") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        try:
            held = json.loads(lock.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            held = None
        if held == mine:
            return []
        if held is not None and _alive(held):
            raise EqlibError(
                f"another make report for {year} is running in this folder (process "
                f"{held.get('pid')}): two runs must not write the same report. Wait for it to "
                f"finish (or stop it), then run make report again. Nothing was written."
            )
        lock.write_text(json.dumps(mine) + "\n", encoding="utf-8")
        return clean_interrupted(year)


def release_report(year: int) -> None:
    """Remove this run's lock (the last step, publish, calls it)."""
    lock = report_dir(year) / LOCK_NAME
    with contextlib.suppress(OSError, ValueError):
        if json.loads(lock.read_text(encoding="utf-8")) == _run_owner():
            lock.unlink()


def clean_interrupted(year: int) -> list[str]:
    """Remove the partial files an interrupted run of ``year`` left, and restore a ``publish/``
    left renamed to ``publish.old``. Returns what was done, in words."""
    report = report_dir(year)
    done: list[str] = []
    partial = sorted((report / "internal" / "executed").glob(".running-*.ipynb"))
    partial += sorted(staging_dir(year).glob(".*.part"))
    for path in partial:
        path.unlink(missing_ok=True)
        done.append(f"removed {path.relative_to(PROJECT_ROOT)}")
    fresh, old, target = report / "publish.new", report / "publish.old", publish_dir(year)
    if fresh.exists():
        shutil.rmtree(fresh, ignore_errors=True)
        done.append(f"removed the partial {fresh.relative_to(PROJECT_ROOT)}/")
    if old.exists():
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            done.append(f"removed {old.relative_to(PROJECT_ROOT)}/")
        else:
            old.rename(target)
            done.append(f"restored {target.relative_to(PROJECT_ROOT)}/ from publish.old")
    return done


def describe_write_error(exc: OSError) -> str:
    """One sentence for an error writing a file (permission, disk full, read-only disk)."""
    if isinstance(exc, shutil.Error):
        failures = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
        first = failures[0] if failures else None
        why = str(first[2]) if first and len(first) > 2 else str(exc)
        if "No space left" in why or "Disk quota" in why:
            return (
                f"the disk is full: {len(failures)} file(s) could not be copied "
                f"(first: {first[1] if first else '?'}). Free some space"
            )
        return f"{len(failures)} file(s) could not be copied (first: {why})"
    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied writing{where}: make the folder writable for you"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full (writing{where}). Free some space"
    if exc.errno == errno.EROFS:
        return f"the disk is read-only (writing{where})"
    return f"{exc.strerror or exc}{' (' + where.strip() + ')' if where else ''}"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"


def _duration(seconds: float) -> str:
    """``'7.3 s'``, ``'4 min 12 s'``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s"


def summary(params: Params, params_file: str | Path, seconds: float | None = None) -> str:
    """What ``make report`` wrote for the year: the published files with what each is, the
    internal folder and the run log (printed at the end of the run)."""
    year = params["year"]
    folder = publish_dir(year)

    def rel(path: Path) -> str:
        try:
            return path.relative_to(PROJECT_ROOT).as_posix()
        except ValueError:
            return str(path)

    pdf, html = folder / report_name(year, "pdf"), folder / report_name(year, "html")
    tables = sorted((folder / "tables").glob("*.csv"))
    submission = folder / submission_name(year)
    rows = [
        (pdf, f"the report: accessible tagged PDF (PDF/UA-1), {_size(pdf)}"),
        (html, f"the same report as one accessible web page, {_size(html)}"),
        (folder / "tables", f"{len(tables)} tables (CSV), disclosure-controlled"),
    ]
    from eqlib.annex import annex_name  # noqa: PLC0415 - pipeline imports no analysis module
    from eqlib.duties import submission_name as duty_file  # noqa: PLC0415

    annex = folder / annex_name(year)
    if annex.exists():
        rows.append((annex, "every table in one spreadsheet (cover, contents, notes)"))
    if submission.exists():
        rows.append((submission, "the six gender pay gap figures for the GOV.UK service"))
    for what in ("ethnicity", "disability"):
        duty = folder / duty_file(what, year)
        if duty.exists():
            rows.append((duty, f"the {what} pay gap figures (the gender pay gap's six)"))
    rows.append((folder / "manifest.json", "provenance: inputs, parameters, code and versions"))
    took = f" in {_duration(seconds)}" if seconds is not None else ""
    width = max(len(rel(p)) for p, _ in rows) + 1
    lines = [f"Report for {year} ({params['organisation']}, {params_file}){took}. Written:"]
    lines += [f"  {(rel(p) + ('/' if p.is_dir() else '')):<{width}}  {what}" for p, what in rows]
    lines.append(f"  {rel(report_dir(year) / 'internal') + '/':<{width}}  for the organisation "
                 "and its auditors only (executed notebooks, suppression log, unsuppressed tables)")
    lines.append(f"Log of this run: {rel(run_log(year))}")
    return "\n".join(lines)


def strip_volatile_metadata(notebook: Path) -> None:
    """Remove run timings and paths from an executed notebook (papermill's start/end times and
    durations, the input and output paths), so a regression reference changes only when its
    outputs do (``make baseline``)."""
    import nbformat  # noqa: PLC0415

    nb = nbformat.read(notebook, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, notebook)


def main(argv: list[str] | None = None) -> int:
    """``python -m eqlib.pipeline``: the report's steps, as the Makefile calls them."""
    parser = argparse.ArgumentParser(description="Report pipeline steps.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="execute a notebook with a params file")
    run.add_argument("notebook", type=Path)
    run.add_argument("output", type=Path)
    run.add_argument("--params", required=True)
    for name, text in (
        ("disclose", "disclosure control and the independent check (protect, then check)"),
        ("protect", "disclosure control: the protected tables, staged"),
        ("check", "the independent disclosure checker over the staged tables"),
        ("annex", "the data annex spreadsheet and the tables' README, from the staged tables"),
        ("publish", "write the manifest and replace publish/"),
    ):
        sub.add_parser(name, help=text).add_argument("--params", required=True)
    summ = sub.add_parser("summary", help="list what make report wrote for the year")
    summ.add_argument("--params", required=True)
    summ.add_argument("--seconds", type=float)
    strip = sub.add_parser("strip", help="remove run timings from executed notebooks")
    strip.add_argument("notebooks", type=Path, nargs="+")
    rend = sub.add_parser("render", help="executed publication notebook -> HTML and PDF")
    rend.add_argument("executed", type=Path)
    rend.add_argument("--params", required=True)
    args = parser.parse_args(argv)
    started = time.monotonic()

    def done(what: str, detail: str = "") -> None:
        print(f"  {what}: {detail}{' ' if detail else ''}done in "
              f"{_duration(time.monotonic() - started)}", flush=True)

    try:
        if args.command == "strip":
            for path in args.notebooks:
                strip_volatile_metadata(path)
            return 0
        if args.command == "summary":
            print(summary(load_params(args.params), args.params, args.seconds))
            return 0
        params = load_params(args.params)
        for line in claim_report(params["year"]):
            print(f"Cleaned up after an interrupted run: {line}")
        if args.command == "run":
            run_notebook(args.notebook, args.output, args.params)
            done(args.notebook.stem)
        elif args.command == "disclose":
            stage = disclose(params)
            n = len(list((stage / "tables").glob("*.csv")))
            done("disclosure control", f"{n} tables protected and checked,")
        elif args.command == "protect":
            stage = protect(params)
            n = len(list((stage / "tables").glob("*.csv")))
            done("disclosure control", f"{n} tables protected,")
        elif args.command == "check":
            done("disclosure check", f"{check_disclosure(params)} tables checked, none gives "
                 "anything away,")
        elif args.command == "annex":
            write_annex(params)
            done("data annex", "spreadsheet and README written,")
        elif args.command == "render":
            log = run_log(params["year"])

            def noted() -> int:  # WeasyPrint's harmless warnings, written there by render
                return log.read_text(encoding="utf-8").count("WeasyPrint (not fatal") if (
                    log.exists()) else 0

            before = noted()
            render(params, args.executed)
            done("render", "HTML and PDF/UA written and checked,")
            if noted() > before:
                print("  render: note: WeasyPrint subset the fonts with fontTools (libharfbuzz-"
                      f"subset0 is not installed): the same document; see {log.name}", flush=True)
        elif args.command == "publish":
            folder = publish(params, args.params)
            release_report(params["year"])
            done("publish", f"manifest written, {folder.relative_to(PROJECT_ROOT)}/ replaced,")
            from eqlib import manifest  # noqa: PLC0415

            digest = manifest.sha256(folder / manifest.MANIFEST_NAME)
            print(
                f"  manifest.json SHA-256 {digest}: publish it beside the report, so that anyone "
                "can check the manifest", flush=True
            )
    except EqlibError as exc:
        print(f"\nmake report stopped. Nothing was published.\n{exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # shutil.Error included
        print(
            f"\nmake report stopped: {describe_write_error(exc)}. Nothing was published "
            "(publish/ is as it was); run make report again once this is fixed.",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
