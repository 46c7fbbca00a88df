"""The Makefile reads data_dir from a params file as the library does (issue 22): a quoted value
must not defeat it, or make would not rerun the pipeline after the inputs change."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from eqlib.config import load_params

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "written",
    [
        "data/raw/synthetic        # folder of the inputs",
        '"data/raw/evil"',
        "'data/raw/evil'  # quoted",
        '"/srv/hr exports/org # 2"',
        "data/raw/org#2",
        "   data/raw/x   ",
    ],
)
def test_make_reads_data_dir_like_the_library(tmp_path, written):
    raw = yaml.safe_load((ROOT / "params" / "2026.yaml").read_text())
    text = yaml.safe_dump({k: v for k, v in raw.items() if k != "data_dir"}, sort_keys=False)
    params = tmp_path / "p.yaml"
    params.write_text(f"data_dir: {written}\n{text}")
    expected = load_params(params)["data_dir"]
    shown = subprocess.run(
        ["make", "--no-print-directory", "-s", "-f", str(ROOT / "Makefile"),
         "--eval", "show-data-dir: ; @printf '%s' '$(DATA_DIR)'", "show-data-dir",
         f"PARAMS={params}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    assert shown == expected
