"""The report pipeline's steps, called by the Makefile.

Terms
-----
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
import sys
import tempfile
from pathlib import Path

import pandas as pd

from eqlib.config import PROJECT_ROOT, Params, load_params, report_dir
from eqlib.errors import EqlibError

KERNEL = "eqstats"


def _ipc_kernel_manager():  # noqa: ANN202 - a jupyter_client class
    """A kernel manager talking to the kernel over local IPC sockets rather than TCP ports: nothing
    listens on the network, and the kernel has no reason to warn about unencrypted TCP."""
    from jupyter_client.manager import AsyncKernelManager  # noqa: PLC0415

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):  # noqa: ANN003, ANN204
            super().__init__(transport="ipc", **kwargs)

    return IPCKernelManager


PROJECT_ERRORS = ("DataError", "ParamsError", "PublicationError", "AccountingError", "EqlibError")


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
        papermill.execute_notebook(
            str(notebook),
            str(tmp),
            parameters=dict(params),
            kernel_name=KERNEL,
            cwd=str(PROJECT_ROOT / "notebooks"),
            progress_bar=False,
            log_output=False,
            kernel_manager_class=_ipc_kernel_manager(),
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
    tmp.replace(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report pipeline steps.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="execute a notebook with a params file")
    run.add_argument("notebook", type=Path)
    run.add_argument("output", type=Path)
    run.add_argument("--params", required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            run_notebook(args.notebook, args.output, args.params)
    except EqlibError as exc:
        print(f"\nmake report stopped. Nothing was published.\n{exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
