"""The report pipeline's steps, called by the Makefile.

``run`` (each notebook) -> ``disclose`` (unsuppressed tables -> protected tables in the staging
folder, suppression log, independent check) -> ``run`` 05_publication (reads only the staged
tables) -> ``render`` (HTML, PDF/UA, checks) -> ``publish`` (manifest, then the staging folder
replaces ``publish/`` in one step).

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
    only, not a traceback: the person running ``make report`` is an analyst.

``python -m eqlib.pipeline run NOTEBOOK OUTPUT --params FILE``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from eqlib.config import PROJECT_ROOT, Params, load_params, report_dir
from eqlib.errors import EqlibError

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


def staging_dir(year: int) -> Path:
    """The next ``publish/`` folder, built step by step."""
    return report_dir(year) / "internal" / "staging"


def publish_dir(year: int) -> Path:
    return report_dir(year) / "publish"


def run_log(year: int) -> Path:
    """``reports/<year>/internal/run.log``: what the last ``make report`` did, in full (notes that
    do not stop the run, e.g. WeasyPrint's harmless font-subsetting fallback)."""
    return report_dir(year) / "internal" / "run.log"


def report_name(year: int, suffix: str) -> str:
    return f"equality_report_{year}.{suffix}"


def submission_name(year: int) -> str:
    return f"gpg_submission_{year}.csv"


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


def unsuppressed_dir(year: int) -> Path:
    """Where the analysis notebooks write their tidy tables before disclosure control."""
    return report_dir(year) / "internal" / "unsuppressed"


def write_unsuppressed(tables: dict[str, pd.DataFrame], params: Params) -> list[Path]:
    """Write an analysis notebook's tidy tables (``name -> table``) for disclosure control.

    The file name is ``<name>.csv``; :func:`eqlib.tables.write_table` refuses a table that is not
    fit to publish.
    """
    from eqlib import tables as tidy_tables  # noqa: PLC0415

    folder = unsuppressed_dir(params["year"])
    return [
        tidy_tables.write_table(table, folder / f"{name}.csv") for name, table in tables.items()
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
    fd, tmp_name = tempfile.mkstemp(suffix=".ipynb", dir=output.parent, prefix=".running-")
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
    """Disclosure control of every unsuppressed table into ``staging/tables``; the suppression
    log into ``internal/``; the independent checker over the staged tables (fails the build on
    any violation, naming table, cell and rule). The GOV.UK submission is staged as it is (the
    statutory figures are published in full by law)."""
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
    protected = disclosure.protect_tables(raw, rules)
    for name, table in protected.items():
        tidy_tables.write_table(table, stage / "tables" / f"{name}.csv")
    log = disclosure.suppression_log(*protected.values())
    disclosure.write_suppression_log(log, report_dir(year) / "internal" / "suppression_log.csv")
    disclosure.assert_safe(disclosure.check_publish_folder(stage / "tables", rules))
    submission = source / submission_name(year)
    if submission.exists():
        shutil.copyfile(submission, stage / submission_name(year))
    return stage


def render(params: Params, executed: Path) -> Path:
    """The executed publication notebook -> staged HTML and PDF/UA, both checked."""
    from eqlib import render as rendering  # noqa: PLC0415

    year = params["year"]
    stage = staging_dir(year)
    html_path = rendering.notebook_to_html(executed, stage / report_name(year, "html"))
    title = f"Workforce equality report {year}"
    # html_to_pdf runs check_pdf before the file appears (a second check would read it again: ~5 s)
    return rendering.html_to_pdf(html_path, stage / report_name(year, "pdf"), title=title,
                                 run_log=run_log(year))


def publish(params: Params, params_file: str | Path) -> Path:
    """Write the data annex, the tables' README and the manifest into the staging folder, then
    replace ``publish/`` with a copy of it."""
    from eqlib import manifest  # noqa: PLC0415

    year = params["year"]
    stage = staging_dir(year)
    expected = [
        stage / report_name(year, "pdf"),
        stage / report_name(year, "html"),
        stage / "tables",
    ]
    missing = [p.name for p in expected if not p.exists()]
    if missing:
        raise EqlibError(f"cannot publish {year}: {', '.join(missing)} not built in {stage}.")
    # The data annex and the tables' README, built from the staged (protected) CSVs only
    from eqlib import annex  # noqa: PLC0415

    annex.write_readme(stage / "tables", params)
    annex.write_annex(stage / "tables", stage / annex.annex_name(year), params)
    manifest.write_manifest(manifest.build_manifest(params, params_file, stage), stage)
    target = publish_dir(year)
    fresh = target.with_name("publish.new")
    old = target.with_name("publish.old")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(stage, fresh)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    if old.exists():
        shutil.rmtree(old)
    return target


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
    parser = argparse.ArgumentParser(description="Report pipeline steps.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="execute a notebook with a params file")
    run.add_argument("notebook", type=Path)
    run.add_argument("output", type=Path)
    run.add_argument("--params", required=True)
    for name, text in (
        ("disclose", "disclosure control and the independent check"),
        ("publish", "write the manifest and replace publish/"),
    ):
        sub.add_parser(name, help=text).add_argument("--params", required=True)
    strip = sub.add_parser("strip", help="remove run timings from executed notebooks")
    strip.add_argument("notebooks", type=Path, nargs="+")
    rend = sub.add_parser("render", help="executed publication notebook -> HTML and PDF")
    rend.add_argument("executed", type=Path)
    rend.add_argument("--params", required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            run_notebook(args.notebook, args.output, args.params)
        elif args.command == "strip":
            for path in args.notebooks:
                strip_volatile_metadata(path)
        elif args.command == "disclose":
            disclose(load_params(args.params))
        elif args.command == "render":
            render(load_params(args.params), args.executed)
        elif args.command == "publish":
            folder = publish(load_params(args.params), args.params)
            print(f"Published: {folder.relative_to(PROJECT_ROOT)}/")
    except EqlibError as exc:
        print(f"\nmake report stopped. Nothing was published.\n{exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
