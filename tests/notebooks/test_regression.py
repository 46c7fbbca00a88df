"""nbval regression tests: every pipeline notebook, executed on the synthetic data with
params/ci.yaml and kept with its outputs in this folder (``make baseline`` regenerates them), is
rerun cell by cell and must reproduce every output, except the genuinely volatile text listed in
sanitize.cfg. nbval never compares images, so the notebooks print the data behind each chart and
its alt text, which are compared.

nbval runs in a subprocess with ``EQSTATS_ROOT`` pointing at a copy of the project whose report was
built first (05_publication reads the disclosure-controlled tables of that build), so the rerun
never writes into the developer's own ``reports/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REFERENCES = sorted(HERE.glob("[0-9][0-9]_*.ipynb"))

pytestmark = pytest.mark.slow


def test_every_pipeline_notebook_has_a_reference():
    sources = sorted(p.name for p in (HERE.parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [p.name for p in REFERENCES] == sources, "run `make baseline` and commit tests/notebooks"


def test_notebooks_reproduce_their_reference_outputs(built_copy):
    env = {**os.environ, "EQSTATS_ROOT": str(built_copy)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q",
         "--nbval-sanitize-with", str(HERE / "sanitize.cfg"), "--nbval-cell-timeout", "600",
         "-W", "ignore::DeprecationWarning", *map(str, REFERENCES)],
        cwd=built_copy, capture_output=True, text=True, env=env,
    )
    assert result.returncode == 0, (
        "a notebook no longer reproduces its reference outputs (if the change is intended, run "
        f"`make baseline` and review the diff):\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}")
