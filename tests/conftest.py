"""Shared test set-up: the repository's scripts/ importable, and the report built once on
params/ci.yaml in a temporary copy of the project for the end-to-end and regression tests.

The copy (``eqlib.audit.copy_project``: tracked and untracked-but-not-ignored files, no .venv, no
reports) runs ``make report`` with this environment's virtualenv, so nothing here touches the
developer's own ``reports/`` or ``data/processed/``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# scripts/ is not a package; expose the notebook-parameter generator to the repository tests.
_spec = importlib.util.spec_from_file_location(
    "scripts_sync", ROOT / "scripts" / "sync_notebook_parameters.py"
)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
sys.modules["scripts_sync"] = _module
_spec = importlib.util.spec_from_file_location("scripts_quick", ROOT / "scripts" / "quick_params.py")
_quick = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_quick)

from eqlib import manifest  # noqa: E402
from eqlib.audit import copy_project  # noqa: E402

YEAR = 2026
PARAMS = "params/ci.yaml"
# The code version every build of this test session records (read once: a commit made while the
# tests run must not make two builds of the same code look different).
CODE_VERSION = json.dumps(manifest.code_version())


def make(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "EQSTATS_ROOT"}
    env[manifest.CODE_VERSION_ENV] = CODE_VERSION
    result = subprocess.run(
        ["make", "--no-print-directory", *args, f"VENV={sys.prefix}"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"make {' '.join(args)} failed in {root}:\n{result.stdout[-3000:]}\n"
            f"{result.stderr[-5000:]}"
        )
    return result


def quick_params(root: Path, year: int) -> str:
    """params/ci_<year>.yaml in ``root``: the year's own parameters with params/ci.yaml's resample
    counts (scripts/quick_params.py, which make baseline uses too)."""
    return _quick.quick_params(root, year, ROOT / PARAMS)


#: Every shipped year (params/<year>.yaml); the two latest are the session's build.
SHIPPED = sorted(int(p.stem) for p in (ROOT / "params").glob("*.yaml") if p.stem.isdigit())
EARLIER_YEARS = [y for y in SHIPPED if y < YEAR - 1]


class _EarlierYears(threading.Thread):
    """``make report`` of each earlier shipped year, oldest first, in its own copy of the project,
    run beside the session's build: a build keeps about one core busy and the machine has two, so
    the two chains together take little longer than the longer one (issue 21)."""

    def __init__(self, root: Path) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.stdout: dict[int, str] = {}
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            copy_project(self.root)
            for year in EARLIER_YEARS:
                result = make(self.root, "report", f"YEAR={year}",
                              f"PARAMS={quick_params(self.root, year)}")
                self.stdout[year] = result.stdout
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread (earlier_years)
            self.error = exc


_EARLIER: dict[str, _EarlierYears] = {}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A project copy with the year before built (quick parameters), then the ci report
    (reports/2026/...): built in order as a user would, so the ci year's disclosure control and
    audit work with last year's publication in hand (a reader holds both). The earlier shipped
    years start building beside it (:func:`earlier_years`)."""
    chain = _EarlierYears(tmp_path_factory.mktemp("years") / "project")
    chain.start()
    _EARLIER["chain"] = chain
    root = tmp_path_factory.mktemp("e2e") / "project"
    copy_project(root)
    make(root, "report", f"YEAR={YEAR - 1}", f"PARAMS={quick_params(root, YEAR - 1)}")
    make(root, "report", f"YEAR={YEAR}", f"PARAMS={PARAMS}")
    return root


@pytest.fixture(scope="session")
def earlier_years(built: Path) -> tuple[Path, dict[int, str]]:
    """The project copy holding every earlier shipped year's report, and each ``make report``'s
    stdout: the chain :func:`built` started, waited for."""
    chain = _EARLIER["chain"]
    chain.join()
    if chain.error is not None:
        raise chain.error
    return chain.root, chain.stdout


@pytest.fixture
def built_copy(built, tmp_path) -> Path:
    """A disposable copy of the built project (timestamps kept, so make sees it up to date)."""
    target = tmp_path / "project"
    shutil.copytree(built, target, symlinks=True)
    return target


def pdf_pages(pdf: Path) -> tuple[str, ...]:
    """Each page's text, extracted once per version of the file (eqlib.render.pdf_page_texts,
    which check_pdf uses too): several tests read the same built report."""
    from eqlib.render import pdf_page_texts  # noqa: PLC0415

    return pdf_page_texts(pdf)


def publish_hashes(root: Path) -> dict[str, str]:
    folder = root / "reports" / str(YEAR) / "publish"
    return {
        p.relative_to(folder).as_posix(): manifest.sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
