"""Readers and validation: bad inputs give one actionable message each; tolerable variations pass.

Each bad-input test asserts that the message names the file, the row, the column and the value
(outputs.md §5, issue 3).
"""

from __future__ import annotations

import codecs
import csv as _csv
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from eqlib import quality
from eqlib.config import load_params, validate_params
from eqlib.errors import DataError, ParamsError
from eqlib.io import add_equality_columns, load_year

HEADER = (
    "employee_id,sex,ethnicity,disability,age,grade,directorate,start_date,weekly_hours,"
    "pay_period_days,ordinary_pay,bonus_pay_12m,reduced_pay_leave"
)
ROWS = [
    "E1,Female,White: Irish,Disabled,34,G3,Transport,2015-04-01,37,31,2500.00,0,false",
    "E2,Male,Asian: Chinese,Not disabled,45,G5,Policy,2010-09-15,37,31,3100.00,0,false",
    "E3,Female,Prefer not to say,,29,G2,Skills,2020-01-06,22.5,31,1300.00,0,true",
    'E4,Male,"White: English, Welsh, Scottish, Northern Irish or British",Not disabled,51,SLT,Corporate,'
    "2001-02-01,37,31,7500.00,1200,false",
]
EVENTS = "employee_id,event_type,event_date,mandatory\nE1,training,2025-06-01,false\nE2,promotion,2025-09-01,\n"


def write_year(folder: Path, workforce: str | bytes, events: str | None = EVENTS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "workforce_2026.csv"
    if isinstance(workforce, bytes):
        path.write_bytes(workforce)
    else:
        path.write_text(workforce, encoding="utf-8")
    if events is not None:
        (folder / "events_2026.csv").write_text(events, encoding="utf-8")


def csv(rows: list[str] = ROWS, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


@pytest.fixture
def params(tmp_path: Path):
    raw = dict(load_params("params/2026.yaml"))
    raw["data_dir"] = str(tmp_path / "org")
    raw["previous_years"] = []
    # non-ASCII directorate names: the encoding tests write them in UTF-8 and Windows-1252
    raw["directorates"] = [*raw["directorates"], "Café", "Café services"]
    return validate_params(raw)


def load(params, kinds=("workforce",)):
    return load_year(params, 2026, kinds=kinds)


def problems_of(params, kinds=("workforce",)) -> str:
    with pytest.raises(DataError) as info:
        load(params, kinds)
    return str(info.value)


def test_valid_file_loads(params, tmp_path):
    write_year(tmp_path / "org", csv())
    data = load(params, kinds=("workforce", "events"))
    wf = data.tables["workforce"]
    assert list(wf["employee_id"]) == ["E1", "E2", "E3", "E4"]
    assert (
        wf.loc[3, "ethnicity_detailed"]
        == "White: English, Welsh, Scottish, Northern Irish or British"
    )
    assert wf.loc[2, "disability"] == "Not known"  # blank counts as Not known
    assert not wf.loc[2, "full_pay_relevant"]
    assert wf.loc[0, "hourly_pay"] == pytest.approx(2500 * 7 / 31 / 37)


# --------------------------------------------------------------------------------------------
# Bad inputs: one message each, naming file, row, column and value
# --------------------------------------------------------------------------------------------
def test_missing_file(params):
    msg = problems_of(params)
    assert "file not found" in msg and "workforce_2026.csv" in msg


def test_empty_file(params, tmp_path):
    write_year(tmp_path / "org", "")
    msg = problems_of(params)
    assert "workforce_2026.csv" in msg and "empty" in msg


def test_a_file_of_only_blank_lines_is_empty(params, tmp_path):
    write_year(tmp_path / "org", " \r\n\n  \t\n")
    msg = problems_of(params)
    assert "workforce_2026.csv is empty (0 rows)" in msg


def test_a_repeated_column_is_found_in_a_windows_1252_file_with_a_quoted_header(params, tmp_path):
    """The header is read from the file's bytes in the file's encoding, as the cells are."""
    header = HEADER.replace(",grade,", ',"grade",') + ",grade"
    rows = [r.replace("Transport", "Café services") + ",G1" for r in ROWS]
    write_year(tmp_path / "org", csv(rows, header).encode("cp1252"), events=None)
    msg = problems_of(params)
    assert "column 'grade' appears more than once in the header" in msg


def test_header_only_file(params, tmp_path):
    write_year(tmp_path / "org", HEADER + "\n")
    assert "no data rows" in problems_of(params)


def test_missing_required_column(params, tmp_path):
    header = HEADER.replace(",grade,", ",grde,")
    write_year(tmp_path / "org", csv(header=header))
    msg = problems_of(params)
    assert "workforce_2026.csv" in msg
    assert "required column 'grade' is missing" in msg and "'grde'" in msg


@pytest.mark.parametrize(
    ("row", "column", "value", "expected"),
    [
        (1, "weekly_hours", "thirty", "a number"),  # wrong type
        (2, "ordinary_pay", "-5.00", ">= 0"),  # negative pay
        (1, "weekly_hours", "0", "> 0"),  # zero hours
        (3, "start_date", "31/13/2015", "a date"),  # unreadable date
        (1, "reduced_pay_leave", "maybe", "true or false"),  # bad boolean
        (2, "age", "12", ">= 16"),  # out of range
    ],
)
def test_bad_value(params, tmp_path, row, column, value, expected):
    rows = list(ROWS)
    cells = rows[row - 1].split(",")
    cells[HEADER.split(",").index(column)] = value
    rows[row - 1] = ",".join(cells)
    write_year(tmp_path / "org", csv(rows))
    msg = problems_of(params)
    assert "workforce_2026.csv" in msg
    assert f"column '{column}'" in msg
    assert f"row {row + 1} " in msg  # spreadsheet row: header is row 1
    assert value in msg and expected in msg


def test_duplicate_employee_id(params, tmp_path):
    rows = [*ROWS, ROWS[1]]
    write_year(tmp_path / "org", csv(rows))
    msg = problems_of(params)
    assert "column 'employee_id'" in msg and "'E2'" in msg and "unique" in msg
    assert "rows 3, 6" in msg


def test_unknown_grade_suggests_closest(params, tmp_path):
    rows = [ROWS[0].replace(",G3,", ",G33,"), *ROWS[1:]]
    write_year(tmp_path / "org", csv(rows))
    msg = problems_of(params)
    assert "column 'grade', row 2 " in msg and "'G33'" in msg and "Did you mean 'G3'" in msg


def test_misspelt_ethnicity_suggests_closest(params, tmp_path):
    rows = [ROWS[0].replace("White: Irish", "Whte: Irish"), *ROWS[1:]]
    write_year(tmp_path / "org", csv(rows))
    msg = problems_of(params)
    assert "column 'ethnicity', row 2 " in msg and "'Whte: Irish'" in msg
    assert "Did you mean 'White: Irish'" in msg


def test_blank_sex_is_an_error(params, tmp_path):
    rows = [ROWS[0].replace("E1,Female,", "E1,,"), *ROWS[1:]]
    write_year(tmp_path / "org", csv(rows))
    msg = problems_of(params)
    assert "column 'sex', row 2 " in msg and "required" in msg


def test_events_for_unknown_employees(params, tmp_path):
    events = EVENTS + "E99,disciplinary,2025-10-01,\n"
    write_year(tmp_path / "org", csv(), events)
    msg = problems_of(params, kinds=("workforce", "events"))
    assert "events_2026.csv" in msg and "column 'employee_id', row 4 " in msg and "E99" in msg


def test_event_outside_the_year(params, tmp_path):
    events = EVENTS + "E1,grievance,2024-01-01,\n"
    write_year(tmp_path / "org", csv(), events)
    msg = problems_of(params, kinds=("workforce", "events"))
    assert "column 'event_date', row 4 " in msg and "2024-01-01" in msg


def test_excel_workbook_saved_as_csv(params, tmp_path):
    folder = tmp_path / "org"
    folder.mkdir()
    with zipfile.ZipFile(folder / "workforce_2026.csv", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    msg = problems_of(params)
    assert "workforce_2026.csv" in msg and "Excel workbook" in msg and "Save As" in msg


def test_utf16_is_rejected_with_the_encoding_named(params, tmp_path):
    write_year(tmp_path / "org", codecs.BOM_UTF16_LE + csv().encode("utf-16-le"))
    msg = problems_of(params)
    assert "UTF-16" in msg


def test_every_problem_reported_at_once(params, tmp_path):
    rows = list(ROWS)
    rows[0] = rows[0].replace(",G3,", ",G99,")
    rows[1] = rows[1].replace(",45,", ",abc,")
    write_year(tmp_path / "org", csv(rows))
    with pytest.raises(DataError) as info:
        load(params)
    assert len(info.value.problems) == 2


def test_check_data_cli_reports_and_exits_nonzero(params, tmp_path, capsys, monkeypatch):
    rows = [ROWS[0].replace(",G3,", ",G99,"), *ROWS[1:]]
    write_year(tmp_path / "org", csv(rows))
    params_file = tmp_path / "p.yaml"
    params_file.write_text(yaml.safe_dump(dict(params)))
    assert quality.main(["--params", str(params_file)]) == 2
    err = capsys.readouterr().err
    assert "G99" in err and "Nothing was written" in err and "Traceback" not in err


# --------------------------------------------------------------------------------------------
# Tolerable variations are accepted
# --------------------------------------------------------------------------------------------
def test_tolerated_variations(params, tmp_path):
    header = (
        HEADER.upper().replace("EMPLOYEE_ID", " Employee ID ").replace("START_DATE", "Start Date")
    )
    rows = [
        "E1,female,chinese,disabled,34,g3,Café,01/04/2015,37,31,2500,0,N",
        'E2,MALE,WHITE: IRISH,not disabled,45,G5, POLICY ,2010-09-15,37,31,"3,100.00",0,Y',
        "E3,F,Black: African,Prefer not to say,29,G2,Skills,2020-01-06,22.5,31,1300,0,no",
        'E4,m,"Asian, Asian British or Asian Welsh: Indian",,51,SLT,Corporate,2001-02-01,37,31,7500,0,0',
    ]
    text = csv(rows, header)
    write_year(tmp_path / "org", codecs.BOM_UTF8 + text.encode("utf-8"), events=None)
    wf = load(params).tables["workforce"]
    assert list(wf["sex"]) == ["Female", "Male", "Female", "Male"]
    assert list(wf["ethnicity_detailed"]) == [
        "Asian: Chinese",
        "White: Irish",
        "Black: African",
        "Asian: Indian",
    ]
    assert wf.loc[0, "start_date"] == pd.Timestamp("2015-04-01")  # UK date, day first
    assert list(wf["reduced_pay_leave"]) == [False, True, False, False]
    assert wf.loc[1, "ordinary_pay"] == 3100.0
    assert str(wf.loc[0, "grade"]) == "G3"
    # directorates in any case, published as the params file spells them
    assert list(wf["directorate"]) == ["Café", "Policy", "Skills", "Corporate"]


def test_windows_1252_is_read_and_noted(params, tmp_path):
    rows = [ROWS[0].replace("Transport", "Café services"), *ROWS[1:]]
    write_year(tmp_path / "org", csv(rows).encode("cp1252"), events=None)
    data = load(params)
    assert data.tables["workforce"].loc[0, "directorate"] == "Café services"
    assert any("Windows-1252" in n for n in data.notes)


def test_unknown_column_is_a_note_not_an_error(params, tmp_path):
    write_year(tmp_path / "org", csv([r + ",x" for r in ROWS], HEADER + ",shoe_size"), events=None)
    data = load(params)
    assert any("unknown column 'shoe_size'" in n for n in data.notes)


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------
def _params_file(tmp_path: Path, change) -> Path:
    raw = yaml.safe_load(Path("params/2026.yaml").read_text())
    change(raw)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def test_params_misspelt_key(tmp_path):
    path = _params_file(tmp_path, lambda r: r.__setitem__("snapshot_dte", r.pop("snapshot_date")))
    with pytest.raises(ParamsError) as info:
        load_params(path)
    msg = str(info.value)
    assert "bad.yaml" in msg and "unknown key 'snapshot_dte'" in msg and "'snapshot_date'" in msg


def test_params_missing_key(tmp_path):
    path = _params_file(tmp_path, lambda r: r.pop("grades"))
    with pytest.raises(ParamsError, match="missing key 'grades'"):
        load_params(path)


def test_params_snapshot_outside_year(tmp_path):
    path = _params_file(tmp_path, lambda r: r.__setitem__("snapshot_date", "2025-03-31"))
    with pytest.raises(ParamsError, match="snapshot_date 2025-03-31 is not in year 2026"):
        load_params(path)


def test_params_missing_file():
    with pytest.raises(ParamsError, match="file not found"):
        load_params("params/1999.yaml")


# ------------------------------------------------------------------------------------------------
# add_equality_columns (whole-column maps)
# ------------------------------------------------------------------------------------------------
def test_equality_columns_derived_levels() -> None:
    frame = pd.DataFrame({
        "ethnicity": ["White: Irish", "Asian: Chinese", "Prefer not to say", None,
                      "White: English, Welsh, Scottish, Northern Irish or British"],
        "sexual_orientation": ["Bisexual", "Straight or heterosexual", None,
                               "Prefer not to say", "Gay or lesbian"],
        "ses_parental_occupation": ["manager", "not_known", None, "other", "prefer_not_to_say"],
    })
    out = add_equality_columns(frame)
    assert out["ethnicity_detailed"].tolist()[3] == "Not known"
    assert out["ethnicity_broad"].tolist() == [
        "White other", "Asian", "Prefer not to say", "Not known", "White British"]
    assert out["ethnicity_binary"].tolist() == [
        "Ethnic minority", "Ethnic minority", "Prefer not to say", "Not known", "White British"]
    assert out["sexual_orientation_grouped"].tolist() == [
        "LGB+", "Straight or heterosexual", "Not known", "Prefer not to say", "LGB+"]
    assert out["ses_parental_occupation"].tolist()[1:3] == [None, None]
    assert out["ses_class"].tolist() == [
        "Professional", "Not known", "Not known", "Not known", "Prefer not to say"]
    derived = ["ethnicity_broad", "ethnicity_binary", "sexual_orientation_grouped", "ses_class"]
    assert all(dtype == "object" for dtype in out[derived].dtypes)


def test_age_bands_at_the_edges_and_from_the_band_column() -> None:
    # whole years: 24.9 is 24; a missing age takes the given band, else Not known
    frame = pd.DataFrame({"age": [16, 24.9, 25, 64, 65, 100, np.nan, np.nan],
                          "age_band": [None] * 6 + ["35-44", None]})
    out = add_equality_columns(frame)
    assert out["age_band"].tolist() == [
        "16-24", "16-24", "25-34", "55-64", "65+", "65+", "35-44", "Not known"]
    assert out["age_band"].dtype == object


def test_age_below_sixteen_is_an_error() -> None:
    with pytest.raises(ValueError, match="age 15 is below 16"):
        add_equality_columns(pd.DataFrame({"age": [30.0, 15.5, 12.0]}))


def test_ethnicity_outside_the_code_list_is_an_error() -> None:
    with pytest.raises(KeyError, match="Martian"):
        add_equality_columns(pd.DataFrame({"ethnicity": ["White: Irish", "Martian"]}))


# ------------------------------------------------------------------------------------------------
# Implausible input (issue 22): each probe refused with file, row, column, value and what is
# expected, before anything is written
# ------------------------------------------------------------------------------------------------
def with_cell(row: int, column: str, value: str, rows: list[str] = ROWS) -> list[str]:
    """ROWS with one cell replaced (row 1 = the first data row)."""
    out = list(rows)
    cells = next(_csv.reader([out[row - 1]]))
    cells[HEADER.split(",").index(column)] = value
    line = io.StringIO()
    _csv.writer(line, lineterminator="").writerow(cells)
    out[row - 1] = line.getvalue()
    return out


def test_pay_of_a_trillion_is_refused_naming_row_value_and_range(params, tmp_path):
    write_year(tmp_path / "org", csv(with_cell(2, "ordinary_pay", "1000000000000")))
    msg = problems_of(params)
    assert "workforce_2026.csv: column 'ordinary_pay', row 3 (1 row): hourly pay £" in msg
    assert "(employee E2; ordinary_pay '1000000000000' with pay_period_days" in msg
    assert "is implausible: expected at most £" in msg
    assert "20 x the median hourly pay" in msg and "plausibility.allowed_pay" in msg


def test_hourly_pay_far_below_the_minimum_wage_is_refused_unless_on_leave(params, tmp_path):
    rows = with_cell(1, "ordinary_pay", "25.00")  # £0.15 an hour, not on leave
    write_year(tmp_path / "org", csv(rows))
    msg = problems_of(params)
    assert "column 'ordinary_pay', row 2 (1 row): hourly pay £0.15 (employee E1; ordinary_pay " \
        "'25.00' with" in msg
    assert "at least £6.11 (0.5 x the minimum wage £12.21" in msg
    # E3 is on reduced-pay leave: a low pay is expected and accepted
    write_year(tmp_path / "org", csv(with_cell(3, "ordinary_pay", "25.00")))
    assert load(params).tables["workforce"].loc[2, "hourly_pay"] == pytest.approx(25 * 7 / 31 / 22.5)


def test_an_allowance_in_params_accepts_the_row_and_says_so(params, tmp_path):
    write_year(tmp_path / "org", csv(with_cell(4, "ordinary_pay", "750000.00")))
    assert "(employee E4; ordinary_pay '750000.00' with" in problems_of(params)
    raw = dict(params)
    raw["plausibility"] = {**params["plausibility"], "allowed_pay": ["E4"]}
    data = load(validate_params(raw))
    assert data.tables["workforce"].loc[3, "ordinary_pay"] == 750000.0
    assert any("E4 is outside the plausible range" in n and "allowed_pay" in n for n in data.notes)


def test_a_bonus_far_beyond_a_year_s_pay_is_refused_naming_row_value_and_rule(params, tmp_path):
    # E1: £2,500 a month at 37 hours, about £30,000 a year (the median of E1, E2, E4: £37,200)
    write_year(tmp_path / "org", csv(with_cell(1, "bonus_pay_12m", "1000000000000")))
    msg = problems_of(params)
    assert ("workforce_2026.csv: column 'bonus_pay_12m', row 2 (1 row): bonus "
            "£1,000,000,000,000.00 (employee E1; bonus_pay_12m '1000000000000' against a year's "
            "pay £") in msg
    assert "is implausible: expected at most 1 x a year's pay (hourly pay x weekly hours x 52.18" \
        in msg
    assert "plausibility.highest_bonus_multiple_of_pay" in msg and "plausibility.allowed_pay" in msg


def test_a_bonus_is_judged_against_the_larger_of_own_and_median_pay(params, tmp_path):
    """E3 is on reduced-pay leave at £1,300 a month (about £15,800 a year): a £30,000 bonus is
    within a year's pay at the median (about £36,400) and accepted; the same bonus is refused once
    it is beyond that, and a bonus within E4's own (higher) pay is accepted."""
    rows = with_cell(3, "bonus_pay_12m", "30000")
    rows = with_cell(4, "bonus_pay_12m", "80000", rows)  # E4: £7,500 a month, about £91,000 a year
    write_year(tmp_path / "org", csv(rows))
    wf = load(params).tables["workforce"]
    assert wf["bonus_pay_12m"].tolist() == [0.0, 0.0, 30000.0, 80000.0]
    write_year(tmp_path / "org", csv(with_cell(3, "bonus_pay_12m", "45000")))
    assert "(employee E3; bonus_pay_12m '45000' against a year's pay £" in problems_of(params)


def test_a_bonus_allowance_in_params_accepts_the_row_and_says_so(params, tmp_path):
    write_year(tmp_path / "org", csv(with_cell(2, "bonus_pay_12m", "500000")))
    raw = dict(params)
    raw["plausibility"] = {**params["plausibility"], "allowed_pay": ["E2"]}
    data = load(validate_params(raw))
    assert data.tables["workforce"].loc[1, "bonus_pay_12m"] == 500000.0
    assert any("bonus £500,000.00 of E2 is outside the plausible range" in n
               and "allowed_pay" in n for n in data.notes)


@pytest.mark.parametrize(("value", "expected"), [
    ("-5", "value(s) '-5' - expected a number >= 0"), ("inf", "value 'inf' is not a finite number"),
    ("nan", "value 'nan' is not a number"),
])
def test_a_negative_or_non_finite_bonus_is_refused(params, tmp_path, value, expected):
    write_year(tmp_path / "org", csv(with_cell(1, "bonus_pay_12m", value)))
    msg = problems_of(params)
    assert "column 'bonus_pay_12m', row 2 (1 row)" in msg and expected in msg


@pytest.mark.parametrize("bad", [0, -1, "1", None, True])
def test_the_bonus_rule_in_params_must_be_a_positive_number(bad):
    raw = dict(load_params("params/2026.yaml"))
    raw["plausibility"] = {**raw["plausibility"], "highest_bonus_multiple_of_pay": bad}
    with pytest.raises(ParamsError, match="plausibility.highest_bonus_multiple_of_pay"):
        validate_params(raw)


@pytest.mark.parametrize(
    ("value", "question"),
    [
        ("2197,23", "is it 2197.23 (a decimal comma) or 219723?"),
        ("1,5", "is it 1.5 (a decimal comma) or 15?"),
        ("2.197,23", "is it 2197.23 (a decimal comma)?"),
    ],
)
def test_a_possible_decimal_comma_is_refused_with_the_question(params, tmp_path, value, question):
    write_year(tmp_path / "org", csv(with_cell(1, "ordinary_pay", value)))
    msg = problems_of(params)
    assert f"column 'ordinary_pay', row 2 (1 row): value '{value}' has a comma" in msg
    assert question in msg and "not guessed" in msg


@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(params, tmp_path, value):
    write_year(tmp_path / "org", csv(with_cell(2, "ordinary_pay", value)))
    msg = problems_of(params)
    assert f"column 'ordinary_pay', row 3 (1 row): value '{value}' is not a finite number" in msg


def test_nan_is_not_a_number(params, tmp_path):
    write_year(tmp_path / "org", csv(with_cell(2, "weekly_hours", "NaN")))
    assert "column 'weekly_hours', row 3 (1 row): value 'NaN' is not a number." in problems_of(params)


@pytest.mark.parametrize(
    "name", ["=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid","Transport")', "Transprot"]
)
def test_a_directorate_outside_the_params_list_is_refused(params, tmp_path, name):
    write_year(tmp_path / "org", csv(with_cell(1, "directorate", name)))
    msg = problems_of(params)
    assert f"column 'directorate', row 2 (1 row): value '{name}' is not one of the directorates" in msg
    assert "'directorates' in the params file" in msg


def test_a_misspelt_directorate_gets_the_closest(params, tmp_path):
    write_year(tmp_path / "org", csv(with_cell(1, "directorate", "Transprot")))
    assert "Did you mean 'Transport'?" in problems_of(params)


def test_a_board_outside_the_params_list_is_refused(params, tmp_path):
    write_year(tmp_path / "org", csv(), events=None)
    (tmp_path / "org" / "boards_2026.csv").write_text(
        "member_id,board,role,voting\nB1,Investment Panel,Chair,true\n"
        'B2,"=HYPERLINK(""http://example.invalid"",""Panel"")",Member,true\n',
        encoding="utf-8",
    )
    msg = problems_of(params, kinds=("workforce", "boards"))
    assert "boards_2026.csv: column 'board', row 3 (1 row): value '=HYPERLINK(" in msg
    assert "is not one of the boards in params" in msg


def test_a_200000_character_name_is_refused_in_a_short_message(params, tmp_path):
    write_year(tmp_path / "org", csv(with_cell(1, "directorate", "D" * 200_000)))
    msg = problems_of(params)
    assert "column 'directorate', row 2 (1 row): value 'DDDD" in msg
    assert "... (200,000 characters)' is longer than the 200 characters allowed" in msg
    assert len(msg) < 1_000


def test_long_text_in_any_text_column_is_refused(params, tmp_path):
    header = HEADER + ",job_family"
    rows = [r + ",Finance" for r in ROWS]
    rows[1] = ROWS[1] + "," + "j" * 201
    write_year(tmp_path / "org", csv(rows, header))
    assert "column 'job_family', row 3 (1 row)" in problems_of(params)


def test_a_duplicate_header_is_found_before_pandas_renames_it(params, tmp_path):
    write_year(tmp_path / "org", csv([r + ",Male" for r in ROWS], HEADER + ", SEX"))
    msg = problems_of(params)
    assert "column 'sex' appears more than once in the header (columns 2, 14)" in msg
    assert "sex.1" not in msg


def test_a_symlinked_input_is_refused_and_its_target_named(params, tmp_path):
    target = tmp_path / "elsewhere.csv"
    target.write_text(csv(), encoding="utf-8")
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "workforce_2026.csv").symlink_to(target)
    msg = problems_of(params)
    assert "workforce_2026.csv is a symbolic link (to " in msg and "elsewhere.csv" in msg
    assert "Copy the file there" in msg


def test_every_input_probe_through_check_data_at_once(params, tmp_path, capsys):
    rows = with_cell(1, "ordinary_pay", "1000000000000")
    rows = with_cell(3, "ordinary_pay", "2197,23", rows)
    rows = with_cell(4, "bonus_pay_12m", "inf", rows)
    rows = with_cell(4, "directorate", "=cmd|' /C calc'!A0", rows)
    write_year(tmp_path / "org", csv(rows), events=None)
    (tmp_path / "org" / "boards_2026.csv").symlink_to("/etc/passwd")
    params_file = tmp_path / "p.yaml"
    params_file.write_text(yaml.safe_dump(dict(params)))
    assert quality.main(["--params", str(params_file)]) == 2
    err = capsys.readouterr().err
    assert "make check-data found problems. Nothing was written." in err
    for expected in (
        "column 'ordinary_pay', row 2 (1 row): hourly pay £",
        "value '2197,23' has a comma",
        "value 'inf' is not a finite number",
        "value '=cmd|' /C calc'!A0' is not one of the directorates",
        "boards_2026.csv is a symbolic link (to /etc/passwd)",
    ):
        assert expected in err, err
    assert "Traceback" not in err
    assert not any((tmp_path / "org").glob("*.parquet"))


@pytest.mark.parametrize(
    ("key", "label", "fault"),
    [
        ("directorates", "=cmd|' /C calc'!A0", "begins with '='"),
        ("boards", "@SUM(A1)", "begins with '@'"),
        ("directorates", "x" * 201, "longer than 200 characters"),
        ("boards", "Tab\there", "control character"),
    ],
)
def test_params_labels_must_be_safe_to_publish(tmp_path, key, label, fault):
    path = _params_file(tmp_path, lambda r: r.__setitem__(key, [*r[key], label]))
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert f"'{key}':" in str(info.value) and fault in str(info.value)


@pytest.mark.parametrize(
    "data_dir", ["..", "/", "/tmp/evil/..", "data/raw/../../..", "data/raw/evil", "/srv/hr exports"]
)
def test_processed_data_stays_in_the_project_and_is_ignored(params, data_dir):
    import subprocess

    from eqlib.config import PROJECT_ROOT, processed_dir

    raw = dict(params)
    raw["data_dir"] = data_dir
    folder = processed_dir(validate_params(raw), 2026)
    assert folder.parent.parent == PROJECT_ROOT / "data" / "processed"
    assert folder.name == "2026" and folder.parent.name not in ("", ".", "..")
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str((folder / "workforce.parquet").relative_to(PROJECT_ROOT))],
        cwd=PROJECT_ROOT,
    )
    assert ignored.returncode == 0, f"{folder} is not git-ignored"


def test_grouped_thousands_are_still_read() -> None:
    from eqlib import schema

    values, problems, _ = schema.parse_column(
        pd.Series(["1,234,567.5", "-1,234", "£2,197.23"]), schema.Column("x", "float")
    )
    assert problems == [] and values.tolist() == [1234567.5, -1234.0, 2197.23]


def test_a_linked_data_folder_is_named_in_the_summary(params, tmp_path):
    real = tmp_path / "share" / "org"
    write_year(real, csv())
    (tmp_path / "org").symlink_to(real, target_is_directory=True)
    years = {2026: load(params, kinds=("workforce", "events"))}
    assert f"(a link to {real})" in quality.summary(years, params).splitlines()[0]


def test_long_headers_are_cut_in_the_notes_or_refused(params, tmp_path):
    write_year(tmp_path / "org", csv([r + ",x" for r in ROWS], HEADER + "," + "h" * 2_000))
    notes = " ".join(load(params).notes)
    assert "... (2,000 characters)' was ignored" in notes and len(notes) < 1_000
    write_year(tmp_path / "org", csv([r + ",x" for r in ROWS], HEADER + "," + "h" * 200_000))
    msg = problems_of(params)
    assert "the header row cannot be read (field larger than field limit" in msg


@pytest.mark.parametrize(
    ("contact", "fault"),
    [("", "'contact' must be an email address or web page"),
     ("=HYPERLINK(\"http://example.invalid\")", "begins with '='")],
)
def test_contact_is_required_and_safe_to_publish(tmp_path, contact, fault):
    path = _params_file(tmp_path, lambda r: r.__setitem__("contact", contact))
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert fault in str(info.value)
    path = _params_file(tmp_path, lambda r: r.pop("contact"))
    with pytest.raises(ParamsError, match="missing key 'contact'"):
        load_params(path)
