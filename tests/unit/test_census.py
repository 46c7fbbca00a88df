"""Unit tests of eqlib.census: reading, validating and using a benchmark file."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from eqlib import census, census_source, characteristics
from eqlib.errors import DataError, ParamsError

HEADER = "area_code,area_name,characteristic,group,count,universe,source\n"


def _write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "bench.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def _frame(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"area_code": a, "area_name": a, "characteristic": c, "group": g, "count": n,
          "universe": "u", "source": "s"} for a, c, g, n in rows]
    )


def test_read_benchmark_reads_a_valid_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "X1,Town,religion,Christian,30,all,test\n"
                            "X1,Town,religion,Not answered,5.5,all,test\n")
    frame = census.read_benchmark(path)
    assert list(frame.columns) == list(census.BENCHMARK_COLUMNS)
    assert frame["count"].tolist() == [30.0, 5.5]


def test_read_benchmark_matches_header_names_loosely(tmp_path: Path) -> None:
    header = " Area_Code ,area_name,CHARACTERISTIC,group,count,universe,source\n"
    frame = census.read_benchmark(_write(tmp_path, "X1,Town,sex,Male,4,all,t\n", header))
    assert frame.loc[0, "area_code"] == "X1"


def test_read_benchmark_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        census.read_benchmark(tmp_path / "nope.csv")


def test_read_benchmark_missing_column_is_named(tmp_path: Path) -> None:
    header = "area_code,area_name,characteristic,group,cuont,universe,source\n"
    with pytest.raises(DataError, match=r"missing column 'count'.*did you mean 'cuont'"):
        census.read_benchmark(_write(tmp_path, "X1,Town,sex,Male,4,all,t\n", header))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X1,Town,sex,Male,-4,all,t", r"row 2, column 'count': '-4'"),
        ("X1,Town,sex,Male,many,all,t", r"row 2, column 'count': 'many'"),
        ("X1,Town,sex,Male,,all,t", r"row 2, column 'count'"),
        ("X1,Town,sex,Male,inf,all,t", r"row 2, column 'count': 'inf'"),
        ("X1,Town,ethnicty_broad,Black,4,all,t",
         r"row 2, column 'characteristic'.*'ethnicity_broad'"),
        ("X1,Town,sex,Mal,4,all,t", r"row 2, column 'group': 'Mal'.*did you mean 'Male'"),
        ("X1,Town,sex,Male,4,,t", r"row 2, column 'universe': value is blank"),
        (",Town,sex,Male,4,all,t", r"row 2, column 'area_code': value is blank"),
    ],
)
def test_read_benchmark_reports_row_column_and_value(tmp_path: Path, row: str, message: str
                                                     ) -> None:
    with pytest.raises(DataError, match=message):
        census.read_benchmark(_write(tmp_path, row + "\n"))


def test_read_benchmark_reports_every_problem_and_duplicates(tmp_path: Path) -> None:
    body = "X1,Town,sex,Male,4,all,t\nX1,Town,sex,Male,5,all,t\nX1,Town,sex,Female,-1,all,t\n"
    with pytest.raises(DataError) as info:
        census.read_benchmark(_write(tmp_path, body))
    assert len(info.value.problems) == 2
    assert any("row 3" in p and "repeats" in p for p in info.value.problems)


def test_benchmark_shares_exclude_not_answered() -> None:
    b = _frame([("X", "religion", "Christian", 60.0), ("X", "religion", "No religion", 20.0),
                ("X", "religion", "Not answered", 20.0)])
    shares = census.benchmark_shares(b, "religion", area="X")
    assert shares.to_dict() == {"No religion": 0.25, "Christian": 0.75}
    assert math.isclose(shares.sum(), 1.0)


def test_benchmark_shares_area_is_case_insensitive() -> None:
    b = _frame([("LCR", "sex", "Female", 3.0), ("LCR", "sex", "Male", 1.0)])
    assert census.benchmark_shares(b, "sex", area="lcr")["Female"] == 0.75


def test_benchmark_shares_unknown_area_lists_the_areas() -> None:
    b = _frame([("LCR", "sex", "Female", 3.0)])
    with pytest.raises(DataError, match="areas: LCR"):
        census.benchmark_shares(b, "sex", area="E08000012")


def test_benchmark_shares_all_zero_is_an_error() -> None:
    b = _frame([("X", "sex", "Female", 0.0), ("X", "sex", "Male", 0.0)])
    with pytest.raises(DataError, match="all zero"):
        census.benchmark_shares(b, "sex", area="X")


def test_benchmark_universe_and_source() -> None:
    b = _frame([("X", "sex", "Female", 3.0), ("X", "sex", "Male", 1.0)])
    assert census.benchmark_universe(b, "sex", area="X") == "u"
    assert census.benchmark_source(b, "sex", area="X") == "s"


@pytest.mark.parametrize(("value", "code"), [("lcr", "LCR"), (" LCR ", "LCR"),
                                             ("e08000012", "E08000012"),
                                             ("K04000001", "K04000001")])
def test_area_code_accepts_params_values(value: str, code: str) -> None:
    assert census.area_code(value) == code


def test_area_code_rejects_other_areas() -> None:
    with pytest.raises(ParamsError, match="valid: lcr, E06000006"):
        census.area_code("North West")


@pytest.mark.parametrize(("value", "text"), [(12.0, "12"), (0.0, "0"), (12425.6, "12425.6"),
                                             (0.8 * 3 + 0.1, "2.5")])
def test_format_count(value: float, text: str) -> None:
    assert census_source.format_count(value) == text


def _complete(area: str, scale: float = 1.0) -> list[tuple[str, str, str, float]]:
    rows = []
    for characteristic in census.BENCHMARK_CHARACTERISTICS:
        groups = (census.BENCHMARK_AGE_BANDS if characteristic == "age_band"
                  else characteristics.groups(characteristic))
        if characteristic == "ethnicity_broad":
            counts = {g: 0.0 for g in groups}
            for broad in census.codes.ETHNICITY_DETAILED.values():
                counts[broad] += 10.0 * scale
        elif characteristic == "ethnicity_binary":
            counts = {"White British": 10.0 * scale, "Ethnic minority": 180.0 * scale}
        elif characteristic == "ethnicity_detailed":
            counts = {g: 10.0 * scale for g in groups}
        elif characteristic == "sexual_orientation_grouped":
            counts = {"Straight or heterosexual": 10.0 * scale, "LGB+": 30.0 * scale}
        elif characteristic == "sex":
            counts = {"Female": 95.0 * scale, "Male": 95.0 * scale}
        elif characteristic == "disability":
            counts = {"Disabled": 90.0 * scale, "Not disabled": 100.0 * scale}
        elif characteristic == "religion":
            counts = {g: 20.0 * scale for g in groups} | {"Not answered": 30.0 * scale}
        else:
            counts = {g: 10.0 * scale for g in groups}
        rows += [(area, characteristic, g, n) for g, n in counts.items()]
    return rows


def test_benchmark_problems_passes_a_consistent_benchmark() -> None:
    rows = _complete("A", 1.0) + _complete("B", 2.0) + _complete("LCR", 3.0)
    assert census.benchmark_problems(_frame(rows), lcr_areas=["A", "B"]) == []


def test_benchmark_problems_finds_lcr_not_equal_to_the_sum() -> None:
    rows = _complete("A", 1.0) + _complete("B", 2.0) + _complete("LCR", 3.0)
    frame = _frame(rows)
    frame.loc[(frame["area_code"] == "LCR") & (frame["group"] == "Female"), "count"] += 1
    problems = census.benchmark_problems(frame, lcr_areas=["A", "B"])
    assert any(p.startswith("LCR sex (as_given) Female") for p in problems)


def test_benchmark_problems_finds_a_missing_group_and_a_bad_aggregate() -> None:
    frame = _frame(_complete("A"))
    frame = frame[frame["group"] != "Asian: Chinese"]
    problems = census.benchmark_problems(frame, lcr_areas=["A"])
    assert any("missing groups ['Asian: Chinese']" in p for p in problems)
    assert any("ethnicity_broad is not the sum of ethnicity_detailed" in p for p in problems)


def test_benchmark_problems_finds_totals_out_of_tolerance() -> None:
    frame = _frame(_complete("A"))
    frame.loc[frame["group"] == "Disabled", "count"] += 10  # 200 vs 190 residents: 5% apart
    problems = census.benchmark_problems(frame, lcr_areas=["A"], totals_tolerance=0.01)
    assert any("disability total 200" in p for p in problems)
    assert census.benchmark_problems(frame, lcr_areas=["A"], totals_tolerance=0.06) == []


def test_build_benchmark_missing_folder_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="census2021"):
        census_source.build_benchmark(tmp_path)


def test_benchmark_groups_unknown_characteristic() -> None:
    with pytest.raises(ValueError, match="valid: sex"):
        census.benchmark_groups("height")


# ------------------------------------------------------------------------------------------------
# Benchmark populations (issue 17, item 1)
# ------------------------------------------------------------------------------------------------
def _populations() -> pd.DataFrame:
    # sex for two populations: working age 60 F / 40 M, all residents 51 F / 49 M
    return pd.DataFrame({
        "area_code": "X", "area_name": "X", "characteristic": "sex",
        "group": ["Female", "Male", "Female", "Male"], "count": [51.0, 49.0, 60.0, 40.0],
        "universe": ["all", "all", "16-64", "16-64"], "source": "s",
        "population": ["all_residents", "all_residents", "working_age", "working_age"],
    })


def test_closest_population_is_the_one_nearest_a_workforce() -> None:
    assert census.benchmark_population(_populations(), "sex", area="X") == "working_age"


def test_params_can_choose_all_residents_instead() -> None:
    chosen = census.benchmark_population(_populations(), "sex", area="X",
                                         choice={"sex": "all_residents"})
    assert chosen == "all_residents"


def test_a_population_the_benchmark_lacks_is_a_params_error() -> None:
    with pytest.raises(ParamsError, match=r"has only working_age, all_residents"):
        census.benchmark_population(_populations(), "sex", area="X",
                                    choice="economically_active")


def test_shares_and_universe_follow_the_population() -> None:
    b = _populations()
    assert census.benchmark_shares(b, "sex", area="X").to_dict() == {"Female": 0.6, "Male": 0.4}
    assert census.benchmark_shares(b, "sex", area="X", population="all_residents").to_dict() \
        == {"Female": 0.51, "Male": 0.49}
    assert census.benchmark_universe(b, "sex", area="X") == "16-64"


def test_file_without_population_column_reads_as_given(tmp_path: Path) -> None:
    frame = census.read_benchmark(_write(tmp_path, "X1,Town,sex,Female,6,u,t\n"))
    assert frame["population"].tolist() == [census.UNSPECIFIED]


def test_unknown_population_is_named_with_row_and_closest(tmp_path: Path) -> None:
    path = _write(tmp_path, "X1,Town,sex,Female,6,u,t,working_aged\n",
                  header=HEADER.strip() + ",population\n")
    with pytest.raises(DataError, match=r"row 2, column 'population'.*did you mean 'working_age'"):
        census.read_benchmark(path)


def test_population_caveat_only_for_all_ages() -> None:
    assert census.population_caveat("working_age", "sex") == ""
    text = census.population_caveat("all_residents", "disability")
    assert "children and pensioners" in text and "does not show under- or over-represent" in text
