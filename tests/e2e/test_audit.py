"""make audit (outputs.md §4): passes on an untouched rerun; fails, and says why, after one byte of
one input is changed."""

from __future__ import annotations

import pytest
from conftest import PARAMS, YEAR, make

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_audit_passes_on_the_same_inputs(built):
    result = make(built, "audit", f"YEAR={YEAR}", f"PARAMS={PARAMS}", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Verdict: all" in result.stdout and "outputs match" in result.stdout
    assert "input files            same" in result.stdout
    # its steps, with timings, as they finish (issue 16: no minutes of silence)
    for step in ("copying: done in", "01_data_quality: done in", "render: HTML and PDF/UA",
                 "rerun: done in", "compared in"):
        assert step in result.stdout, step


def test_audit_fails_after_one_input_byte_changes(built, tmp_path):
    data = tmp_path / "extract"
    data.mkdir()
    for src in (built / "data" / "raw" / "synthetic").iterdir():
        (data / src.name).write_bytes(src.read_bytes())
    wf = data / f"workforce_{YEAR}.csv"
    raw = bytearray(wf.read_bytes())
    at = raw.index(b",31,") + 5  # a digit of the first employee's ordinary pay
    raw[at] = ord("1") if raw[at] != ord("1") else ord("2")
    wf.write_bytes(bytes(raw))
    result = make(built, "audit", f"YEAR={YEAR}", f"PARAMS={PARAMS}", f"DATA={data}", check=False)
    assert result.returncode != 0, result.stdout + result.stderr  # make reports audit's 1 as 2
    assert "input files            DIFFERENT: workforce_2026.csv" in result.stdout
    assert "outputs DIFFER from the rerun" in result.stdout
    assert "tables/paygap_gaps.csv: row" in result.stdout  # the first differing cell is named
