"""The notebook runner (eqlib.pipeline): what the make targets rely on, short of running a kernel."""

from __future__ import annotations

from pathlib import Path

from eqlib.pipeline import _ipc_kernel_manager


def test_kernel_sockets_are_private_to_each_run(tmp_path: Path) -> None:
    # make report runs three notebooks at once: jupyter_client's default socket names
    # (kernel-ipc-<first free N> in the working directory) could be taken twice
    first = _ipc_kernel_manager(str(tmp_path / "a"))(kernel_name="eqstats")
    second = _ipc_kernel_manager(str(tmp_path / "b"))(kernel_name="eqstats")
    assert first.transport == second.transport == "ipc"
    assert Path(first.ip).parent == tmp_path / "a"
    assert Path(second.ip).parent == tmp_path / "b"


# ------------------------------------------------------------------------------------------------
# Issue 22: published text safe to open, the report lock, and write faults
# ------------------------------------------------------------------------------------------------
import csv  # noqa: E402
import errno  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from eqlib import config, pipeline  # noqa: E402
from eqlib import tables as tt  # noqa: E402
from eqlib.config import Params, load_params  # noqa: E402

YEAR = 2026
PROBES = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid","Transport")', "@SUM(1+1)",
          "+1+1", "-2+3", "\tTab"]


CI_PARAMS = dict(load_params(Path(__file__).resolve().parents[2] / "params" / "ci.yaml"))


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project root in tmp_path (reports/ written there, not in the worktree)."""
    monkeypatch.setattr(config, "PROJECT_ROOT", tmp_path)
    monkeypatch.setattr(pipeline, "PROJECT_ROOT", tmp_path)
    return tmp_path


@pytest.fixture
def params_file(project) -> Path:
    path = project / "params.yaml"
    # no action plan: its file lives in the real project's params/actions/, not in tmp_path
    path.write_text(yaml.safe_dump(CI_PARAMS | {"action_plan": None}, sort_keys=False))
    return path


def _unsuppressed(groups: list[str], counts: list[int]) -> pd.DataFrame:
    wide = pd.DataFrame({"group": [*groups, "Total"], "count": [*counts, sum(counts)]})
    return tt.tidy(wide, table="representation_composition_directorate", population="workforce",
                   characteristic="directorate", measures=["count"],
                   group_parent=dict.fromkeys(groups, "Total"))


def test_published_text_probes_are_neutralised_by_the_publish_step(project, params_file):
    # only the two probe tables exist here, so no ethnicity or disability pay gap files are asked for
    params = dict(load_params(params_file),
                  pay_gap_duties={"ethnicity": [], "disability": [], "min_employees": 10})
    table = _unsuppressed(PROBES, [20] * len(PROBES))
    gaps = tt.tidy(  # a negative number stays a number
        pd.DataFrame({"group": ["Female"], "gap": [-5.25], "n": [40], "n_ref": [60]}),
        table="paygap_gaps", population="fpre", characteristic="sex",
        measures={"gap": "mean_gap_pct"}, n="n", n_reference="n_ref", reference_group="Male")
    pipeline.write_unsuppressed(
        {"representation_composition_directorate": table, "paygap_gaps": gaps}, params
    )
    stage = pipeline.disclose(params)
    with (stage / "tables" / "paygap_gaps.csv").open(newline="") as fh:
        assert next(csv.DictReader(fh))["value"] == "-5.3"  # a number (published to 1 dp)
    with (stage / "tables" / "representation_composition_directorate.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    groups = [r["group"] for r in rows]
    assert groups[: len(PROBES)] == ["'" + p for p in PROBES]
    for row in rows:
        for column, cell in row.items():
            if cell and cell[0] in "=+-@\t\r":
                assert column in tt.NUMERIC_COLUMNS and float(cell) < 0, (column, cell)


def test_the_check_step_stops_on_a_staged_table_that_gives_a_small_count_away(
    project, params_file, capsys
):
    """make report protects the tables (protect), then checks them in a step of its own (check)
    beside 05_publication: the check must still fail the run on its own."""
    params = dict(load_params(params_file),
                  pay_gap_duties={"ethnicity": [], "disability": [], "min_employees": 10})
    table = _unsuppressed(["Corporate", "Finance", "Legal"], [3, 20, 30])
    pipeline.write_unsuppressed({"representation_composition_directorate": table}, params)
    stage = pipeline.protect(params)
    staged = stage / "tables" / "representation_composition_directorate.csv"
    protected = tt.read_table(staged)
    assert protected.loc[protected["group"] == "Corporate", "suppressed"].all()
    assert pipeline.check_disclosure(params) == 1  # as protected: safe
    # published after all: the count of 3 (as a table edited by hand after protection would be)
    leaked = table.loc[:, protected.columns.intersection(table.columns)]
    tt.write_table(leaked, staged)
    assert pipeline.main(["check", "--params", str(params_file)]) == 2
    err = capsys.readouterr().err
    assert "representation_composition_directorate" in err and "Nothing was published" in err


def test_a_200000_character_label_never_reaches_a_published_table(project, params_file):
    params = load_params(params_file)
    # nor a carriage return, which would split the row in some CSV readers
    with pytest.raises(ValueError, match="holds a line break"):
        pipeline.write_unsuppressed(
            {"representation_composition_directorate": _unsuppressed(["\rReturn"], [20])}, params
        )
    with pytest.raises(ValueError, match="holds a text of 200,000 characters"):
        pipeline.write_unsuppressed(
            {"representation_composition_directorate": _unsuppressed(["D" * 200_000], [20])},
            params,
        )
    assert not (project / "reports" / str(YEAR) / "publish").exists()


def _lock(project: Path, pid: int, started: float) -> Path:
    folder = project / "reports" / str(YEAR)
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / pipeline.LOCK_NAME
    lock.write_text(json.dumps({"pid": pid, "started": started}))
    return lock


def test_a_second_run_stops_while_the_first_is_alive(project, params_file, capsys):
    import psutil

    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _lock(project, other.pid, round(psutil.Process(other.pid).create_time(), 2))
        assert pipeline.main(["disclose", "--params", str(params_file)]) == 2
        err = capsys.readouterr().err
        assert f"another make report for {YEAR} is running in this folder (process {other.pid})" in err
        assert "Nothing was published" in err and "Traceback" not in err
        assert not (project / "reports" / str(YEAR) / "internal" / "staging").exists()
    finally:
        other.kill()
        other.wait()


def test_a_killed_run_is_cleaned_up_by_the_next(project):
    import psutil

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    started = round(psutil.Process(gone.pid).create_time(), 2)
    gone.wait()
    lock = _lock(project, gone.pid, started)
    report = project / "reports" / str(YEAR)
    executed = report / "internal" / "executed"
    executed.mkdir(parents=True)
    (executed / ".running-02_pay_gaps-abc.ipynb").write_text("{}")
    (executed / ".running-xyz.ipynb").write_text("{}")  # named as before the lock existed
    (executed / "01_data_quality.ipynb").write_text("{}")
    stage = report / "internal" / "staging"
    stage.mkdir()
    (stage / f".equality_report_{YEAR}.pdf.123.part").write_bytes(b"%PDF")
    (report / "publish.new" / "tables").mkdir(parents=True)
    (report / "publish.old").mkdir()
    (report / "publish.old" / "manifest.json").write_text("{}")  # killed between two renames

    done = pipeline.claim_report(YEAR)
    assert len(done) == 5, done
    assert not list(executed.glob(".running-*")) and (executed / "01_data_quality.ipynb").exists()
    assert not list(stage.glob(".*.part"))
    assert not (report / "publish.new").exists() and not (report / "publish.old").exists()
    assert (report / "publish" / "manifest.json").exists()  # the previous publication restored
    assert json.loads(lock.read_text()) == pipeline._run_owner()


def test_steps_of_one_run_share_the_lock_and_leave_each_other_alone(project):
    assert pipeline.claim_report(YEAR) == []  # first step: takes the lock, nothing to clean
    executed = project / "reports" / str(YEAR) / "internal" / "executed"
    executed.mkdir(parents=True)
    running = executed / ".running-03_representation-abc.ipynb"  # a sibling step at work
    running.write_text("{}")
    assert pipeline.claim_report(YEAR) == []  # a second step of the same run
    assert running.exists()
    pipeline.release_report(YEAR)
    assert not (project / "reports" / str(YEAR) / pipeline.LOCK_NAME).exists()


def _staged(project: Path, params: Params) -> Path:
    stage = project / "reports" / str(YEAR) / "internal" / "staging"
    (stage / "tables").mkdir(parents=True)
    for name in (f"equality_report_{YEAR}.pdf", f"equality_report_{YEAR}.html"):
        (stage / name).write_text(name)
    # a real tidy table, and the data annex and its README built from it (make's annex step)
    tt.write_table(_unsuppressed(["Corporate"], [20]), stage / "tables" / "t.csv")
    pipeline.write_annex(params)
    return stage


def test_publish_stops_when_the_annex_was_not_built(project, params_file, capsys):
    stage = _staged(project, load_params(params_file))
    (stage / "tables" / "README.md").unlink()
    assert pipeline.main(["publish", "--params", str(params_file)]) == 2
    err = capsys.readouterr().err
    assert "cannot publish 2026: README.md not built in" in err
    assert not (project / "reports" / str(YEAR) / "publish").exists()


def test_a_full_disk_at_the_publish_copy_is_one_message_and_no_partial_files(
    project, params_file, monkeypatch, capsys
):
    _staged(project, load_params(params_file))
    published = project / "reports" / str(YEAR) / "publish"
    published.mkdir(parents=True)
    (published / "manifest.json").write_text("the previous publication")
    monkeypatch.setattr("eqlib.manifest.build_manifest", lambda *a, **k: {"outputs": []})

    def full_disk(src, dst, **kwargs):
        Path(dst).mkdir(parents=True)
        (Path(dst) / "half.csv").write_text("a")
        raise shutil.Error([(str(src / f"t{i}.csv"), str(Path(dst) / f"t{i}.csv"),
                             "[Errno 28] No space left on device") for i in range(35)])

    monkeypatch.setattr(pipeline.shutil, "copytree", full_disk)
    assert pipeline.main(["publish", "--params", str(params_file)]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines()[0].startswith("make report stopped: the disk is full: 35 file")
    assert "Nothing was published (publish/ is as it was)" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (published.parent / "publish.new").exists()
    assert (published / "manifest.json").read_text() == "the previous publication"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PermissionError(errno.EACCES, "Permission denied", "reports/2026/internal/staging"),
         "permission denied writing reports/2026/internal/staging: make the folder writable"),
        (OSError(errno.ENOSPC, "No space left on device", "reports/2026/internal/x.csv"),
         "the disk is full (writing reports/2026/internal/x.csv)"),
        (OSError(errno.EROFS, "Read-only file system", "reports"), "the disk is read-only"),
    ],
)
def test_write_errors_in_a_step_are_one_readable_message(
    project, params_file, monkeypatch, capsys, error, expected
):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(pipeline, "disclose", fail)
    assert pipeline.main(["disclose", "--params", str(params_file)]) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and "Nothing was published" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_the_closing_summary_names_every_published_file(tmp_path, monkeypatch):
    from eqlib import pipeline
    from eqlib.config import load_params

    params = load_params("params/ci.yaml")
    year = params["year"]
    folder = tmp_path / "publish"
    (folder / "tables").mkdir(parents=True)
    (folder / "tables" / "a.csv").write_text("x\n")
    names = [f"equality_report_{year}.pdf", f"equality_report_{year}.html",
             f"equality_tables_{year}.xlsx", f"gpg_submission_{year}.csv",
             f"ethnicity_pay_gap_{year}.csv", f"disability_pay_gap_{year}.csv", "manifest.json"]
    for name in names:
        (folder / name).write_bytes(b"x")
    monkeypatch.setattr(pipeline, "publish_dir", lambda y: folder)
    text = pipeline.summary(params, "params/ci.yaml", 5)
    for name in names:
        assert name in text, name
    assert "1 tables (CSV)" in text
