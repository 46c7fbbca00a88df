"""make doctor and the preflight of make report (eqlib.doctor): each requirement is checked and a
missing one is named with the command that installs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eqlib import doctor, io
from eqlib.config import PROJECT_ROOT


def test_the_input_kinds_are_eqlib_io_s() -> None:
    assert doctor.KINDS == io.KINDS


def test_the_doctor_runs_with_the_standard_library_only(tmp_path: Path) -> None:
    """make report runs it with the system's Python before .venv exists: no third-party import."""
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(PROJECT_ROOT / "src" / "eqlib" / "doctor.py"), "--preflight",
         "--params", "params/2026.yaml", "--make-version", "4.3"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
        env={"EQSTATS_ROOT": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert "set-up ok" in done.stdout or "MISSING" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_library_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    real = doctor._load
    monkeypatch.setattr(doctor, "_load",
                        lambda names: None if "libpango-1.0.so.0" in names else real(names))
    pango = next(c for c in doctor.check_libraries() if c.name == "Pango library")
    assert pango.level == "fail"
    assert pango.fix.startswith("sudo apt-get install libpango-1.0-0")
    assert doctor.WEASYPRINT_GUIDE in pango.fix


def test_harfbuzz_subset_is_recommended_not_required(monkeypatch: pytest.MonkeyPatch) -> None:
    real = doctor._load
    monkeypatch.setattr(doctor, "_load",
                        lambda names: None if "libharfbuzz-subset.so.0" in names else real(names))
    subset = next(c for c in doctor.check_libraries() if c.name == "HarfBuzz-Subset library")
    assert subset.level == "note" and "same document" in subset.detail
    assert subset.fix == "sudo apt-get install libharfbuzz-subset0"


def test_python_and_make_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "MIN_PYTHON", (99, 0))
    assert doctor.check_python()[0].level == "fail"
    assert "python3.11-venv" in doctor.check_python()[0].fix
    assert doctor.check_make("3.81")[0].level == "fail"
    assert doctor.check_make("4.3")[0].level == "ok"


def test_an_unknown_year_lists_the_years_with_parameters() -> None:
    check = doctor.check_params("params/2031.yaml", str(PROJECT_ROOT))[0]
    assert check.level == "fail"
    assert "Years with a parameters file: 2023, 2024, 2025, 2026" in check.detail
    assert "make report YEAR=2026" in check.fix


def test_missing_inputs_of_the_year_and_of_earlier_years_are_all_listed(tmp_path: Path) -> None:
    text = (PROJECT_ROOT / "params" / "2026.yaml").read_text()
    text = text.replace("data_dir: data/raw/synthetic", f"data_dir: {tmp_path / 'extract'}")
    (tmp_path / "extract").mkdir()
    (tmp_path / "extract" / "workforce_2024.csv").write_text("x\n")
    params = tmp_path / "p.yaml"
    params.write_text(text)
    checks = doctor.check_inputs(str(params))
    now = checks[0]
    assert now.level == "fail" and "4 input file(s) of 2026 missing" in now.detail
    earlier = {c.name: c for c in checks[1:]}
    assert set(earlier) == {"inputs 2023", "inputs 2024", "inputs 2025"}
    assert all(c.level == "note" for c in earlier.values())
    assert "left out of the trends" in earlier["inputs 2023"].detail
    assert "workforce_2024.csv" not in earlier["inputs 2024"].detail  # present: not listed


def test_the_shipped_inputs_are_complete() -> None:
    checks = doctor.check_inputs(str(PROJECT_ROOT / "params" / "2026.yaml"))
    assert [c.level for c in checks] == ["ok"]


def test_an_output_folder_that_cannot_be_created_stops_the_run_in_one_sentence(tmp_path: Path
                                                                                 ) -> None:
    (tmp_path / "reports").write_text("a file where the folder should be")
    (tmp_path / "data").mkdir()
    check = doctor.check_writable(str(tmp_path), ["reports/2026", "data/processed"])[0]
    assert check.level == "fail"
    assert check.detail == ("make report cannot write reports/2026/ (reports is a file, not a "
                            "folder), so nothing was written and nothing was published")
    assert "BLOCKED output folders: make report cannot write" in check.line()
    (tmp_path / "reports").unlink()
    assert doctor.check_writable(str(tmp_path), ["reports/2026", "data/processed"])[0].level == "ok"


def test_a_read_only_output_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, chmod does not stop writes, so the permission os.access reports is simulated."""
    (tmp_path / "reports" / "2026" / "publish").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    real = doctor.os.access
    read_only = {str(tmp_path / "reports" / "2026" / "publish"), str(tmp_path / "data")}
    monkeypatch.setattr(doctor.os, "access",
                        lambda path, mode: str(path) not in read_only and real(path, mode))
    check = doctor.check_writable(str(tmp_path), ["reports/2026", "data/processed"])[0]
    assert check.detail == (
        "make report cannot write reports/2026/publish/ (not writable) or data/processed/ (it "
        "cannot be created: data/ is not writable), so nothing was written and nothing was "
        "published")


def test_the_preflight_of_make_report_checks_the_folders_it_writes(tmp_path: Path) -> None:
    (tmp_path / "reports").write_text("")
    done = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "src" / "eqlib" / "doctor.py"), "--preflight",
         "--make-version", "4.3", "--writes", "reports/2026", "--writes", "data/processed"],
        capture_output=True, text=True, check=False, env={"EQSTATS_ROOT": str(tmp_path)},
    )
    assert done.returncode == 1
    assert "make report cannot write reports/2026/ (reports is a file" in done.stdout
    if "MISSING" not in done.stdout:  # only the folder: no system package's installation guide
        assert "Other systems" not in done.stdout
    assert "Traceback" not in done.stderr
