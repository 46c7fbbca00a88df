"""Issue 22 end to end: the input probes through make check-data, and the fault cases of make
report (an interrupted run's leftovers cleaned up by the next; a second run stopped by the lock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import PARAMS, YEAR, make, publish_hashes

from eqlib.audit import copy_project

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project (not built): make check-data reads and writes nothing else."""
    return copy_project(tmp_path_factory.mktemp("integrity") / "project")


def test_check_data_refuses_every_input_probe_at_once(project):
    org = project / "data" / "raw" / "synthetic"
    wf = org / f"workforce_{YEAR}.csv"
    original = wf.read_bytes()
    header, *rows = original.decode().splitlines()
    names = header.split(",")
    try:
        def set_cell(i: int, column: str, value: str) -> None:
            import csv
            import io

            cells = next(csv.reader([rows[i]]))
            cells[names.index(column)] = value
            out = io.StringIO()
            csv.writer(out, lineterminator="").writerow(cells)
            rows[i] = out.getvalue()

        set_cell(0, "ordinary_pay", "1000000000000")
        set_cell(1, "ordinary_pay", "2197,23")
        set_cell(2, "bonus_pay_12m", "inf")
        set_cell(3, "directorate", "=cmd|' /C calc'!A0")
        set_cell(4, "directorate", "D" * 200_000)
        set_cell(5, "bonus_pay_12m", "1000000000000")
        wf.write_text("\n".join([header + ",Sex", *(r + ",Male" for r in rows)]) + "\n")
        processed = project / "data" / "processed"
        result = make(project, "check-data", f"PARAMS={PARAMS}", check=False)
        err = result.stderr
        assert result.returncode != 0
        assert "make check-data found problems. Nothing was written." in err
        assert f"workforce_{YEAR}.csv: column 'ordinary_pay', row 2 (1 row): hourly pay £" in err
        assert "value '2197,23' has a comma" in err and "is it 2197.23 (a decimal comma)" in err
        assert "column 'bonus_pay_12m', row 4 (1 row): value 'inf' is not a finite number" in err
        assert "column 'directorate', row 5 (1 row): value '=cmd|' /C calc'!A0' is not one of" in err
        assert "(200,000 characters)' is longer than the 200 characters allowed" in err
        assert "column 'sex' appears more than once in the header" in err
        assert ("column 'bonus_pay_12m', row 7 (1 row): bonus £1,000,000,000,000.00 (employee "
                in err) and "plausibility.highest_bonus_multiple_of_pay" in err
        assert "Traceback" not in err and len(err) < 10_000
        assert not list(processed.rglob("*.parquet"))
    finally:
        wf.write_bytes(original)


def test_check_data_refuses_a_symlinked_input(project):
    boards = project / "data" / "raw" / "synthetic" / f"boards_{YEAR}.csv"
    original = boards.read_bytes()
    boards.unlink()
    boards.symlink_to("/etc/passwd")
    try:
        result = make(project, "check-data", f"PARAMS={PARAMS}", check=False)
        assert result.returncode != 0
        assert f"boards_{YEAR}.csv is a symbolic link (to /etc/passwd)" in result.stderr
    finally:
        boards.unlink()
        boards.write_bytes(original)


def test_a_reports_folder_that_cannot_be_written_stops_make_report_in_one_sentence(project):
    """A file where reports/<year>/ should be (as root, chmod would not stop the writes): the
    preflight says so before anything runs, instead of mkdir's and make's own errors."""
    import shutil

    reports = project / "reports"
    shutil.rmtree(reports)
    reports.write_text("not a folder")
    try:
        result = make(project, "report", f"YEAR={YEAR}", f"PARAMS={PARAMS}", check=False)
        out = result.stdout + result.stderr
        assert result.returncode != 0
        assert (f"make report cannot write reports/{YEAR}/ (reports is a file, not a folder), so "
                "nothing was written and nothing was published") in out
        assert "mkdir" not in out and "Not a directory" not in out and "Traceback" not in out
        assert not (project / "data" / "processed").exists() or not list(
            (project / "data" / "processed").rglob("*.parquet"))
    finally:
        reports.unlink()
        reports.mkdir()
        (reports / ".gitkeep").touch()


def _publish_again(root):
    """Make the staged PDF newer than the manifest, so make report reruns the publish step only."""
    pdf = root / "reports" / str(YEAR) / "internal" / "staging" / f"equality_report_{YEAR}.pdf"
    stamp = (root / "reports" / str(YEAR) / "publish" / "manifest.json").stat().st_mtime + 5
    os.utime(pdf, (stamp, stamp))


def test_an_interrupted_run_is_cleaned_up_by_the_next(built_copy):
    import psutil

    report = built_copy / "reports" / str(YEAR)
    before = publish_hashes(built_copy)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    started = round(psutil.Process(gone.pid).create_time(), 2)
    gone.wait()
    (report / ".make-report.lock").write_text(json.dumps({"pid": gone.pid, "started": started}))
    partial = report / "internal" / "executed" / ".running-02_pay_gaps-killed.ipynb"
    partial.write_text("{}")
    part = report / "internal" / "staging" / f".equality_report_{YEAR}.pdf.99.part"
    part.write_bytes(b"%PDF-partial")
    (report / "publish.new" / "tables").mkdir(parents=True)
    _publish_again(built_copy)
    result = make(built_copy, "report", f"YEAR={YEAR}", f"PARAMS={PARAMS}")
    assert "Cleaned up after an interrupted run: removed" in result.stdout
    assert not partial.exists() and not part.exists() and not (report / "publish.new").exists()
    assert not (report / ".make-report.lock").exists()
    assert publish_hashes(built_copy) == before  # the .part file was not published


def test_a_second_run_is_stopped_by_the_lock(built_copy):
    import psutil

    report = built_copy / "reports" / str(YEAR)
    before = publish_hashes(built_copy)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        owner = {"pid": other.pid, "started": round(psutil.Process(other.pid).create_time(), 2)}
        (report / ".make-report.lock").write_text(json.dumps(owner))
        _publish_again(built_copy)
        result = make(built_copy, "report", f"YEAR={YEAR}", f"PARAMS={PARAMS}", check=False)
        assert result.returncode != 0
        # make report prints its steps' messages, errors too, on stdout (and into the run's log)
        out = result.stdout + result.stderr
        assert (f"another make report for {YEAR} is running in this folder (process {other.pid})"
                in out)
        assert "Traceback" not in out
        assert publish_hashes(built_copy) == before
    finally:
        other.kill()
        other.wait()
