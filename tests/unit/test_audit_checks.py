"""The checks of make audit on small folders (issue 22): the published bytes themselves are
compared with the manifest and with the rerun; the manifest's seal; the params file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from eqlib import audit
from eqlib import manifest as mf
from eqlib.config import load_params

ROOT = Path(__file__).resolve().parents[2]
TABLE = "table,group,measure,value\nt,Female,count,78\nt,Male,count,60\n"


def _folder(path: Path, files: dict[str, str], params_file: Path) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    outputs = [{"file": n, "sha256": mf.sha256(path / n)} for n in sorted(files)]
    manifest = {"params": {"file": "params/ci.yaml", "sha256": mf.sha256(params_file),
                           "values": dict(load_params(params_file))},
                "outputs": outputs}
    mf.write_manifest(manifest, path)
    return path


@pytest.fixture
def params_file(tmp_path) -> Path:
    path = tmp_path / "ci.yaml"
    path.write_bytes((ROOT / "params" / "ci.yaml").read_bytes())
    return path


@pytest.fixture
def folders(tmp_path, params_file):
    files = {"tables/a.csv": TABLE, "report.html": "<p>report</p>"}
    return (_folder(tmp_path / "published", files, params_file),
            _folder(tmp_path / "rerun", files, params_file))


def _verdicts(published: Path, rerun: Path) -> dict[str, str]:
    old = mf.read_manifest(published)
    return {line.split()[1].rstrip(":"): line.strip()
            for _, line in audit.compare_outputs(published, rerun, old, libs_same=True)}


def test_untouched_folders_match(folders, params_file):
    published, rerun = folders
    assert all(v.startswith("MATCH") for v in _verdicts(published, rerun).values())
    assert all(ok for ok, _ in audit.integrity_lines(published, mf.read_manifest(published),
                                                      params_file))


def test_the_manifest_carries_a_seal_that_an_edit_breaks(folders):
    published, _ = folders
    data = mf.read_manifest(published)
    assert list(data)[-1] == "seal" and mf.seal_intact(data) is True
    data["params"]["values"]["disclosure"]["min_count"] = 3
    assert mf.seal_intact(data) is False
    del data["seal"]
    assert mf.seal_intact(data) is None


def test_a_forgery_that_updates_the_manifest_and_its_seal_is_caught_by_the_rerun(folders, params_file):
    published, rerun = folders
    (published / "tables" / "a.csv").write_text(TABLE.replace("78", "79"))
    data = mf.read_manifest(published)
    data["outputs"][1]["sha256"] = mf.sha256(published / "tables" / "a.csv")
    mf.write_manifest(data, published)  # hash and seal recomputed: the manifest agrees
    assert all(ok for ok, _ in audit.integrity_lines(published, mf.read_manifest(published),
                                                      params_file))
    verdict = _verdicts(published, rerun)["tables/a.csv"]
    assert verdict == ("DIFFERS  tables/a.csv: differs from the rerun: row 2 (group Female, "
                       "measure count), column value: published 79, rerun 78")


def test_missing_extra_and_changed_files_are_each_named(folders, params_file):
    published, rerun = folders
    (published / "report.html").unlink()
    (published / "tables" / "b.csv").write_text("x\n")
    (published / "tables" / "a.csv").write_text(TABLE.replace("60", "61"))
    lines = audit.integrity_lines(published, mf.read_manifest(published), params_file)
    assert [ok for ok, _ in lines] == [True, True, False]
    assert ("1 missing: report.html; 1 not in the manifest: tables/b.csv; "
            "1 changed since publication: tables/a.csv") in lines[2][1]
    verdicts = _verdicts(published, rerun)
    assert "missing from the published folder" in verdicts["report.html"]
    assert "in the published folder but not in its manifest" in verdicts["tables/b.csv"]
    assert "changed after publication" in verdicts["tables/a.csv"]
    assert "published 61, rerun 60" in verdicts["tables/a.csv"]


def test_a_params_file_edited_after_publication_is_named(folders, params_file):
    published, _ = folders
    raw = yaml.safe_load(params_file.read_text())
    raw["disclosure"]["min_count"] = 3
    params_file.write_text(yaml.safe_dump(raw))
    ok, line = audit.params_file_line(mf.read_manifest(published), params_file)
    assert not ok and "disclosure.min_count is 3 here, 5 in the manifest" in line


def test_a_params_file_with_only_comments_changed_still_differs(folders, params_file):
    published, _ = folders
    params_file.write_text(params_file.read_text() + "# a comment\n")
    ok, line = audit.params_file_line(mf.read_manifest(published), params_file)
    assert not ok and "same values, other bytes" in line


def test_the_manifest_records_plausibility_allowances(tmp_path, params_file):
    from eqlib.config import validate_params

    raw = dict(load_params(params_file))
    raw["plausibility"] = {**raw["plausibility"], "allowed_pay": ["E000123"]}
    folder = tmp_path / "stage"
    folder.mkdir()
    built = mf.build_manifest(validate_params(raw), params_file, folder)
    assert built["plausibility_allowances"] == ["E000123"]


def _as_before_seals(folder: Path, *, drop: tuple[str, ...] = ()) -> None:
    """Rewrite a folder's manifest as the project wrote it before manifests were sealed: no seal
    (and, with ``drop``, parameters without keys added since), with the run's context."""
    data = mf.read_manifest(folder)
    del data["seal"]
    for key in drop:
        del data["params"]["values"][key]
    data |= {"code": {"git_commit": "0123456789abcdef"}, "packages": {"pandas": "2.2.3"},
             "rendering": {"libraries": {"pango": "1.50"}}}
    (folder / mf.MANIFEST_NAME).write_text(json.dumps(data, indent=2))


def test_a_manifest_from_before_seals_is_named_and_fails_the_seal_check(folders, params_file):
    published, rerun = folders
    _as_before_seals(published)
    _as_before_seals(rerun)
    assert mf.seal_intact(mf.read_manifest(published)) is None
    printed = io.StringIO()
    status = audit.audit(str(params_file), published=published, rerun=rerun, out=printed)
    out = printed.getvalue()
    assert status == 1  # not a silent pass: without a seal an edit to the manifest is undetectable
    assert ("manifest seal          MISSING: manifest.json carries no seal (written before the "
            "project sealed its manifests, or the seal was removed)") in out
    assert "MATCH    tables/a.csv" in out and "MATCH    report.html" in out  # the rest still ran
    assert "Verdict: the publication fails 1 integrity check(s)" in out
    assert "Traceback" not in out


def test_an_older_manifest_whose_parameters_this_version_cannot_rerun_says_so(folders, params_file,
                                                                                capsys):
    published, _ = folders
    _as_before_seals(published, drop=("plausibility", "pay_gap_duties"))
    status = audit.main(["--params", str(params_file), "--published", str(published)])
    captured = capsys.readouterr()
    assert status == 2
    assert "manifest seal          MISSING" in captured.out
    assert "copying" not in captured.out  # refused before any rerun was set up
    assert ("make audit could not start: the published manifest.json was written by an older "
            "version of the project and carries no seal: its parameters cannot be rerun by this "
            "version (they lack plausibility, pay_gap_duties, which this version of the project "
            "needs). Nothing was compared with a rerun; to audit this publication, check out the "
            "version it records (git checkout 0123456789abcdef) and run make audit there."
            ) in captured.err
    assert "Traceback" not in captured.err
