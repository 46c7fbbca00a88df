"""make audit (outputs.md §4): passes on an untouched rerun; fails, and says why, after one byte of
one input is changed, and for each way of tampering with what was published (issue 22).

The tampering cases are cheap: the report is built once (the ``built`` fixture), each case tampers
with a copy of its published folder (or params file), and ``make audit RERUN=...`` compares with
the untouched build's publish folder, itself a rerun of the same inputs, params and code, instead
of rerunning the pipeline once per case. The full rerun is exercised by the first two tests, whose
two reruns run at the same time (``full_audits``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import PARAMS, YEAR, make

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def full_audits(built, tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """The two full reruns, run at the same time (each keeps about one core busy; the machine has
    two): ``same`` on the build's own inputs, ``changed`` on an extract with one byte of one
    input changed (a digit of the first employee's ordinary pay)."""
    data = tmp_path_factory.mktemp("extract")
    for src in (built / "data" / "raw" / "synthetic").iterdir():
        (data / src.name).write_bytes(src.read_bytes())
    wf = data / f"workforce_{YEAR}.csv"
    raw = bytearray(wf.read_bytes())
    at = raw.index(b",31,") + 5
    raw[at] = ord("1") if raw[at] != ord("1") else ord("2")
    wf.write_bytes(bytes(raw))
    runs = {"same": (), "changed": (f"DATA={data}",)}
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        futures = {name: pool.submit(make, built, "audit", f"YEAR={YEAR}", f"PARAMS={PARAMS}",
                                     *extra, check=False)
                   for name, extra in runs.items()}
        return {name: future.result() for name, future in futures.items()}


def test_audit_passes_on_the_same_inputs(built, full_audits):
    """A second run from the raw inputs, in a fresh copy of the project with last year's
    publication beside it, reproduces every published byte: the reproducibility promise, checked
    once here (a separate rebuild that compared the hashes repeated this test's 3 minutes)."""
    result = full_audits["same"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Verdict: all" in result.stdout and "outputs match" in result.stdout
    # what goes into manifest.json is the same, so the rendering libraries are too: every file,
    # the PDF included, was compared byte for byte (no "same text and structure" allowance)
    for context in ("input files", "parameters", "code version", "package versions",
                    "rendering libraries"):
        assert f"  {context:22s} same" in result.stdout, context
    assert "same text and structure" not in result.stdout
    published = sorted(p.relative_to(built / "reports" / str(YEAR) / "publish").as_posix()
                       for p in (built / "reports" / str(YEAR) / "publish").rglob("*")
                       if p.is_file() and p.name != "manifest.json")
    for name in published:
        assert f"  MATCH    {name}\n" in result.stdout, name
    # its steps, with timings, as they finish (issue 16: no minutes of silence)
    for step in ("copying: done in", "01_data_quality: done in", "render: HTML and PDF/UA",
                 "rerun: done in", "compared in"):
        assert step in result.stdout, step


def test_audit_fails_after_one_input_byte_changes(full_audits):
    result = full_audits["changed"]
    assert result.returncode != 0, result.stdout + result.stderr  # make reports audit's 1 as 2
    assert "input files            DIFFERENT: workforce_2026.csv" in result.stdout
    assert "outputs DIFFER from the rerun" in result.stdout
    # the first differing cell is named
    assert "tables/paygap_gaps.csv: differs from the rerun: row" in result.stdout


# ------------------------------------------------------------------------------------------------
# Tampering with what was published: each case fails with a named reason
# ------------------------------------------------------------------------------------------------
@pytest.fixture
def published(built, tmp_path):
    """A copy of the built report's published folder, to tamper with."""
    return shutil.copytree(built / "reports" / str(YEAR) / "publish", tmp_path / "publish")


def audit_against_build(built, published, *extra):
    rerun = built / "reports" / str(YEAR) / "publish"
    return make(built, "audit", f"YEAR={YEAR}", f"PARAMS={PARAMS}", f"PUBLISHED={published}",
                f"RERUN={rerun}", *extra, check=False)


def test_audit_passes_untouched_against_the_build(built, published):
    result = audit_against_build(built, published)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "manifest seal          intact" in result.stdout
    assert "parameters file        same as recorded" in result.stdout
    assert "published files        as listed in the manifest" in result.stdout
    assert "Verdict: all" in result.stdout and "DIFFERS" not in result.stdout


def _a_count_cell(published):
    """(table path, its text, the line and the value of a published count)."""
    for path in sorted((published / "tables").glob("representation_*.csv")):
        lines = path.read_text().splitlines()
        header = lines[0].split(",")
        for i, line in enumerate(lines[1:], start=1):
            cells = line.split(",")
            if len(cells) == len(header) and cells[header.index("measure")] == "count" and \
                    cells[header.index("value")].isdigit():
                return path, lines, i, header.index("value")
    raise AssertionError("no count in the published tables")


def test_audit_fails_when_a_published_csv_is_edited(built, published):
    path, lines, i, col = _a_count_cell(published)
    cells = lines[i].split(",")
    was = cells[col]
    cells[col] = str(int(was) + 1)  # 78 -> 79
    lines[i] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    name = path.relative_to(published).as_posix()
    result = audit_against_build(built, published)
    assert result.returncode != 0, result.stdout
    out = result.stdout
    assert f"DIFFERS  {name}: changed after publication (its SHA-256 is not the manifest's); " \
        f"differs from the rerun: row {i + 1}" in out
    assert f"published {int(was) + 1}, rerun {was}" in out
    assert f"1 changed since publication: {name}" in out


def test_audit_fails_when_a_published_csv_is_deleted(built, published):
    path, *_ = _a_count_cell(published)
    path.unlink()
    name = path.relative_to(published).as_posix()
    result = audit_against_build(built, published)
    assert result.returncode != 0, result.stdout
    assert f"DIFFERS  {name}: missing from the published folder (the manifest lists it)" \
        in result.stdout
    assert f"1 missing: {name}" in result.stdout


def test_audit_fails_when_a_file_is_added_to_the_published_folder(built, published):
    (published / "tables" / "extra.csv").write_text("a\n1\n")
    result = audit_against_build(built, published)
    assert result.returncode != 0, result.stdout
    assert "DIFFERS  tables/extra.csv: in the published folder but not in its manifest" \
        in result.stdout


def test_audit_fails_when_the_params_file_differs_from_the_recorded_one(built, published, tmp_path):
    params = tmp_path / "ci.yaml"
    text = (built / PARAMS).read_text()
    assert "min_count: 5," in text
    params.write_text(text.replace("min_count: 5,", "min_count: 3,"))
    rerun = built / "reports" / str(YEAR) / "publish"
    result = make(built, "audit", f"YEAR={YEAR}", f"PARAMS={params}", f"PUBLISHED={published}",
                  f"RERUN={rerun}", check=False)
    assert result.returncode != 0, result.stdout
    assert "parameters file        DIFFERENT:" in result.stdout
    assert "disclosure.min_count is 3 here, 5 in the manifest" in result.stdout


def test_audit_fails_when_a_parameter_is_edited_inside_the_manifest(built, published):
    manifest = published / "manifest.json"
    data = json.loads(manifest.read_text())
    data["params"]["values"]["disclosure"]["min_count"] = 3
    manifest.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    result = audit_against_build(built, published)
    assert result.returncode != 0, result.stdout
    out = result.stdout
    assert "manifest seal          BROKEN: manifest.json was edited after publication" in out
    assert "the manifest's parameter values are not those of the file whose SHA-256 it records" \
        in out and "disclosure.min_count is 5 here, 3 in the manifest" in out
