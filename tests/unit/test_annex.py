"""The data annex (eqlib.annex): the spreadsheet follows the guidance "Releasing statistics in
spreadsheets", holds exactly what the published CSVs hold, opens in LibreOffice and is
byte-reproducible; the tables' README names every file and column."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from annex_guidance import SHORTHAND, guidance_problems, is_number

from eqlib import annex
from eqlib.tables import MEASURE_KINDS, TIDY_COLUMNS, read_table, tidy, write_table

PARAMS = {
    "organisation": "Example Combined Authority", "year": 2026, "snapshot_date": "2026-03-31",
    "publication_date": "2027-03-01", "confidence_level": 0.95,
    "disclosure": {"min_count": 5}, "contact": "equality@example.org",
}


@pytest.fixture
def tables_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tables"
    counts = tidy(pd.DataFrame({"group": ["Female", "Male", "Total"], "count": [30, 3, 33]}),
                  table="representation_composition_grade", population="workforce",
                  characteristic="sex", measures=["count"],
                  group_parent={"Female": "Total", "Male": "Total"})
    counts.loc[1, ["value", "n"]] = float("nan")
    counts.loc[1, ["suppressed", "suppression_reason"]] = [True, "primary_count"]
    gaps = tidy(pd.DataFrame({"group": ["Female"], "gap": [10.84], "lo": [4.2], "hi": [16.0],
                              "n": [630], "nref": [457]}),
                table="paygap_gpg", population="fpre", characteristic="sex",
                measures={"gap": "mean_gap_pct"}, ci={"mean_gap_pct": ("lo", "hi")},
                n_reference="nref", reference_group="Male")
    national = tidy(pd.DataFrame({"group": ["combined_authorities"], "v": [float("nan")]}),
                    table="paygap_benchmark_history", population="national_gpg",
                    characteristic="DiffMeanBonusPercent", measures={"v": "national_value"})
    national["suppression_reason"] = "not applicable: blank in the national data"
    for t in (counts, gaps, national):
        write_table(t, folder / f"{t['table'].iloc[0]}.csv")
    return folder


@pytest.fixture
def workbook(tables_dir: Path, tmp_path: Path) -> Path:
    return annex.write_annex(tables_dir, tmp_path / "annex.xlsx", PARAMS)


def test_the_annex_follows_the_spreadsheet_guidance(workbook: Path) -> None:
    assert guidance_problems(workbook) == []


def test_one_table_per_sheet_titled_in_a1_and_listed_in_contents(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == ["Cover", "Contents", "Notes", "Table_1", "Table_2", "Table_3",
                             "Definitions"]
    # sheets in file-name order, each titled from the registry
    assert wb["Table_1"]["A1"].value == annex.TABLE_INFO["paygap_benchmark_history"].title
    assert wb["Table_2"]["A1"].value == annex.TABLE_INFO["paygap_gpg"].title
    contents = {r[0]: r[1] for r in wb["Contents"].iter_rows(values_only=True) if r[0]}
    assert contents["Table_2"] == "The six statutory gender pay gap figures"
    assert "Definitions" in contents
    assert wb["Cover"]["A1"].value == "Workforce equality report 2026: data tables"


def _table_rows(ws) -> tuple[list[str], list[list[object]]]:
    table = next(iter(ws.tables.values()))
    first, last = table.ref.split(":")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=ws[first].row,
                                                       max_row=ws[last].row)]
    return rows[0], rows[1:]


def test_each_sheet_holds_exactly_its_csv_with_shorthand_for_blanks(workbook: Path,
                                                                    tables_dir: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    for i, path in enumerate(sorted(tables_dir.glob("*.csv")), start=1):
        csv = read_table(path)
        header, rows = _table_rows(wb[f"Table_{i}"])
        assert header == list(annex.COLUMN_HEADERS.values())
        assert len(rows) == len(csv)
        for row, (_, rec) in zip(rows, csv.iterrows(), strict=True):
            cell = dict(zip(annex.COLUMN_HEADERS, row, strict=True))
            for col in TIDY_COLUMNS:
                if col == "table":
                    continue
                v = rec[col]
                if col == "suppressed":
                    assert cell[col] == ("Yes" if v else "No")
                elif pd.isna(v):
                    assert cell[col] in SHORTHAND, (path.name, col, cell[col])
                elif isinstance(v, float):
                    assert is_number(cell[col]) and cell[col] == pytest.approx(v, rel=1e-12)
                else:
                    assert cell[col] == v
            assert cell["unit"] == annex.measure_unit(rec["measure"])


def test_shorthand_says_why_a_figure_is_missing(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    _, national = _table_rows(wb["Table_1"])   # blank in the national data
    _, counts = _table_rows(wb["Table_3"])     # one count withheld
    headers = list(annex.COLUMN_HEADERS)
    value = headers.index("value")
    assert national[0][value] == "[x]"
    assert [r[value] for r in counts] == [30, "[c]", 33]
    assert counts[0][headers.index("ci_low")] == "[z]"  # a count has no interval


def test_units_are_in_the_headers_and_the_unit_column(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    header, rows = _table_rows(wb["Table_2"])
    assert "Unit of the value" in header
    assert rows[0][list(annex.COLUMN_HEADERS).index("unit")] == "percent"
    assert any("confidence interval (unit of the value)" in h for h in header)


def test_two_builds_are_byte_identical_and_carry_no_run_time(tables_dir: Path,
                                                             tmp_path: Path) -> None:
    a = annex.write_annex(tables_dir, tmp_path / "a.xlsx", PARAMS)
    b = annex.write_annex(tables_dir, tmp_path / "b.xlsx", PARAMS)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        # XlsxWriter dates every zip entry 1980-01-31 (the zip format's epoch), never "now"
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2027-03-01T00:00:00Z" in core
    assert "2027-03-01T00:00:00Z</dcterms:modified>" in core


def test_every_measure_has_a_meaning_and_a_unit() -> None:
    assert set(MEASURE_KINDS) <= set(annex.MEASURE_MEANINGS)
    for measure in MEASURE_KINDS:
        assert annex.measure_unit(measure)


def test_every_table_of_a_report_has_a_title(tmp_path: Path) -> None:
    assert annex.table_info("paygap_gpg").report.startswith("Gender pay gap")
    # a table added later still gets a sheet, titled from its name
    assert annex.table_info("outcomes_new_thing").title == "Outcomes new thing"


def test_readme_names_every_file_column_and_unit(tables_dir: Path) -> None:
    text = annex.write_readme(tables_dir, PARAMS).read_text()
    for path in tables_dir.glob("*.csv"):
        assert f"### `{path.name}`" in text
    for col in TIDY_COLUMNS:
        assert f"| `{col}` |" in text
    assert "| `mean_gap_pct` |" in text and "| percent |" in text
    assert "`fpre`" in text and "full-pay relevant" in text
    assert "In the report: Gender pay gap" in text


def test_the_annex_opens_in_libreoffice(workbook: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing in CI: .ci/run installs "
                        "libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    out = tmp_path / "converted"
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "ods", "--outdir", str(out), str(workbook)],
        capture_output=True, text=True,
    )
    ods = out / "annex.ods"
    assert result.returncode == 0 and ods.is_file(), result.stdout + result.stderr
    with zipfile.ZipFile(ods) as z:
        content = z.read("content.xml").decode()
    # LibreOffice read every sheet and the figures: sheet names and a value survive
    for name in ("Cover", "Contents", "Notes", "Table_1", "Table_3", "Definitions"):
        assert f'table:name="{name}"' in content
    assert 'office:value-type="float" office:value="630"' in content


def test_the_cover_gives_the_contact_from_the_parameters(workbook: Path) -> None:
    wb = openpyxl.load_workbook(workbook)
    cover = " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
    assert "equality@example.org" in cover and "another format" in cover
