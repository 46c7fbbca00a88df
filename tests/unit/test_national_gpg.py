"""eqlib.national_gpg and scripts/build_gpg_reference.py on small constructed data (hand-checked)."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from eqlib import DataError
from eqlib.national_gpg import (
    COMPARATOR_SETS,
    FIGURES,
    benchmark,
    benchmark_by_year,
    comparator_members,
    comparison_year,
    organisation_history,
    percentile_rank,
    read_national_gpg,
    reporting_year_label,
    snapshot_date,
)
from eqlib.national_gpg_sentences import benchmark_statement

ROOT = Path(__file__).resolve().parents[2]
ORG = "Test Combined Authority"


def _load_build_script():
    spec = importlib.util.spec_from_file_location(
        "build_gpg_reference", ROOT / "scripts" / "build_gpg_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_script = _load_build_script()


def row(name: str, year: str = "2024-25", **values) -> dict:
    """One employer-year in the compact layout; figures default to blank."""
    base = {
        "ReportingYear": year, "partial": "False", "sector": "public", "sector_basis": "due_date",
        "snapshot_date": f"{year[:4]}-03-31", "EmployerName": name, "EmployerId": "",
        "CompanyNumber": "", "SicCodes": "1", **dict.fromkeys(FIGURES, ""),
        "EmployerSize": "250 to 499", "SubmittedAfterTheDeadline": "False",
        "DateSubmitted": f"{int(year[:4]) + 1}-03-01T10:00:00", "source_file": "test.csv",
    }
    base.update({k: str(v) for k, v in values.items()})
    return base


def national(tmp_path: Path, rows: list[dict]) -> pd.DataFrame:
    path = tmp_path / "gpg_national_test.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return read_national_gpg(path)


# ---------------------------------------------------------------- reporting year and snapshot
@pytest.mark.parametrize(
    ("year", "label"), [(2024, "2024-25"), (2026, "2026-27"), (1999, "1999-00")]
)
def test_reporting_year_label(year, label):
    assert reporting_year_label(year) == label


@pytest.mark.parametrize(
    ("sector", "expected"), [("public", dt.date(2024, 3, 31)), ("private", dt.date(2024, 4, 5))]
)
def test_snapshot_date_is_31_march_public_5_april_private_of_the_first_year(sector, expected):
    assert snapshot_date("2024-25", sector=sector) == expected


@pytest.mark.parametrize("label", ["2024-26", "2024", "24-25", "2024/25"])
def test_snapshot_date_rejects_malformed_labels(label):
    with pytest.raises(ValueError, match="form '2024-25'"):
        snapshot_date(label)


def test_snapshot_date_rejects_unknown_sector():
    with pytest.raises(ValueError, match="'public', 'private'"):
        snapshot_date("2024-25", sector="charity")


# ---------------------------------------------------------------- percentile rank
@pytest.mark.parametrize(
    ("values", "score", "expected"),
    [
        ([1.0, 2.0, 3.0, 3.0, 4.0], 3.0, 60.0),  # (2 lower + 2 tied / 2) / 5
        ([2.0, 4.0, 4.0, 6.0, 8.0], 4.0, 40.0),  # (1 + 2 / 2) / 5
        ([1.0, 2.0], 5.0, 100.0),
        ([1.0, 2.0], 0.0, 0.0),
        ([3.0, 3.0, 3.0], 3.0, 50.0),  # all tied
        ([1.0, np.nan, 3.0], 2.0, 50.0),  # NaN comparator left out: 1 of 2 lower
    ],
)
def test_percentile_rank_counts_ties_half(values, score, expected):
    assert percentile_rank(values, score) == pytest.approx(expected)


@pytest.mark.parametrize(("values", "score"), [([], 1.0), ([np.nan], 1.0), ([1.0], np.nan)])
def test_percentile_rank_is_nan_without_comparators_or_value(values, score):
    assert math.isnan(percentile_rank(values, score))


# ---------------------------------------------------------------- reader
def test_read_national_gpg_types(tmp_path):
    data = national(tmp_path, [row("A", EmployerId=7, DiffMeanHourlyPercent="12.39")])
    assert data["DiffMeanHourlyPercent"].iat[0] == 12.39
    assert math.isnan(data["DiffMeanBonusPercent"].iat[0])
    assert data["EmployerId"].dtype == "Int64" and data["EmployerId"].iat[0] == 7
    assert data["partial"].dtype == bool and data["SubmittedAfterTheDeadline"].dtype == bool
    assert data["snapshot_date"].iat[0] == pd.Timestamp("2024-03-31")


def test_read_national_gpg_missing_path_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="build_gpg_reference"):
        read_national_gpg(tmp_path / "nowhere")


def test_read_national_gpg_names_a_missing_column(tmp_path):
    path = tmp_path / "bad.csv"
    pd.DataFrame([row("A")]).drop(columns="EmployerSize").to_csv(path, index=False)
    with pytest.raises(DataError, match="EmployerSize"):
        read_national_gpg(path)


def test_read_national_gpg_reads_every_year_file_of_a_folder(tmp_path):
    for year in ("2023-24", "2024-25"):
        pd.DataFrame([row("A", year)]).to_csv(tmp_path / f"gpg_national_{year}.csv.gz",
                                              index=False)
    assert read_national_gpg(tmp_path)["ReportingYear"].tolist() == ["2023-24", "2024-25"]


# ---------------------------------------------------------------- comparison year
@pytest.fixture
def years(tmp_path):
    return national(tmp_path, [
        row("A", "2021-22"), row("A", "2022-23"), row("A", "2023-24", partial="True"),
    ])


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("2022-23", ("2022-23", False)),  # present, complete
        ("2023-24", ("2023-24", True)),  # present, partial: used and labelled partial
        ("2026-27", ("2022-23", False)),  # absent: latest complete year, not the partial one
    ],
)
def test_comparison_year(years, asked, expected):
    assert comparison_year(years, asked) == expected


def test_comparison_year_without_an_earlier_complete_year_is_a_data_error(years):
    with pytest.raises(DataError, match="no 2019-20 figures"):
        comparison_year(years, "2019-20")


# ---------------------------------------------------------------- comparator sets
def test_organisation_is_excluded_by_name_and_by_its_employer_id(tmp_path):
    data = national(tmp_path, [
        row(ORG, EmployerId=1), row("Test CA (old name)", "2023-24", EmployerId=1),
        row("Other", EmployerId=2),
    ])
    members = comparator_members(data, "all_employers", reporting_year="2024-25",
                                 organisation=ORG.upper())
    assert members["EmployerName"].tolist() == ["Other"]
    history = organisation_history(ORG, national=data)
    assert history["EmployerName"].tolist() == ["Test CA (old name)", ORG]


def test_public_administration_set_is_84110_plus_public_bodies_without_sic(tmp_path):
    data = national(tmp_path, [
        row("sic 84110 private", SicCodes="84110", sector="private"),
        row("sic 1 and 84110", SicCodes="1,84110"),
        row("sic 1 only", SicCodes="1"),
        row("no sic, public", SicCodes=""),
        row("no sic, private", SicCodes="", sector="private"),
        row("no sic, unknown", SicCodes="", sector="unknown"),
        row("sic 1 and 86210", SicCodes="1,86210"),
        row("sic 84111", SicCodes="84111"),
    ])
    members = comparator_members(data, "public_administration", reporting_year="2024-25",
                                 organisation=ORG)
    assert set(members["EmployerName"]) == {
        "sic 84110 private", "sic 1 and 84110", "sic 1 only", "no sic, public"
    }


def test_size_band_defaults_to_the_organisations_band_that_year(tmp_path):
    data = national(tmp_path, [
        row(ORG, EmployerSize="250 to 499"), row("B", EmployerSize="250 to 499"),
        row("C", EmployerSize="500 to 999"),
    ])
    default = comparator_members(data, "size_band", reporting_year="2024-25", organisation=ORG)
    given = comparator_members(data, "size_band", reporting_year="2024-25", organisation=ORG,
                               size_band="500 to 999")
    assert default["EmployerName"].tolist() == ["B"]
    assert given["EmployerName"].tolist() == ["C"]


def test_size_band_without_a_filing_or_band_is_a_data_error(tmp_path):
    data = national(tmp_path, [row("B")])
    with pytest.raises(DataError, match="pass size_band"):
        comparator_members(data, "size_band", reporting_year="2024-25", organisation=ORG)


def test_unknown_comparator_set_names_the_options(tmp_path):
    data = national(tmp_path, [row("B")])
    with pytest.raises(ValueError, match="lcr_public_bodies"):
        comparator_members(data, "neighbours", reporting_year="2024-25", organisation=ORG)


# ---------------------------------------------------------------- benchmark distributions
@pytest.fixture
def five(tmp_path):
    """The organisation (median gap 4) and five others with 2, 4, 4, 6, 8."""
    others = [row(f"E{i}", DiffMedianHourlyPercent=v) for i, v in enumerate([2, 4, 4, 6, 8])]
    return national(tmp_path, [row(ORG, DiffMedianHourlyPercent=4), *others])


def test_benchmark_hand_computed_distribution(five):
    out = benchmark(five, organisation=ORG, reporting_year="2024-25",
                    comparator_sets=["all_employers"], figures=["DiffMedianHourlyPercent"])
    got = out.iloc[0]
    # sorted 2, 4, 4, 6, 8: median 4; linear quartiles at positions 1 and 3 -> 4 and 6
    assert (got["n"], got["median"], got["q1"], got["q3"]) == (5, 4.0, 4.0, 6.0)
    assert (got["n_lower"], got["n_equal"], got["n_higher"]) == (1, 2, 2)
    assert got["percentile"] == pytest.approx(40.0)  # (1 + 2/2) / 5
    assert got["comparison_snapshot_date"] == dt.date(2024, 3, 31)


def test_benchmark_excludes_the_organisation_from_its_distribution(five):
    out = benchmark(five, {"DiffMedianHourlyPercent": 100.0}, organisation=ORG,
                    reporting_year="2024-25", comparator_sets=["all_employers"],
                    figures=["DiffMedianHourlyPercent"])
    assert out["n"].iat[0] == 5  # six rows in the year, the organisation's left out
    assert out["percentile"].iat[0] == 100.0


def test_benchmark_hazen_quartiles(five):
    out = benchmark(five, organisation=ORG, reporting_year="2024-25",
                    comparator_sets=["all_employers"], figures=["DiffMedianHourlyPercent"],
                    quantile_method="hazen")
    # Hazen: position n*p + 0.5 (1-based) -> 1.75 and 4.25: 2 + 0.75*2 = 3.5, 6 + 0.25*2 = 6.5
    assert (out["q1"].iat[0], out["q3"].iat[0]) == (3.5, 6.5)


def test_benchmark_uses_latest_complete_year_and_names_it(tmp_path):
    data = national(tmp_path, [row("E", "2024-25", DiffMeanHourlyPercent=3)])
    out = benchmark(data, {"DiffMeanHourlyPercent": 5.0}, organisation=ORG,
                    reporting_year="2026-27", comparator_sets=["all_employers"],
                    figures=["DiffMeanHourlyPercent"])
    assert out[["reporting_year", "comparison_year"]].iloc[0].tolist() == ["2026-27", "2024-25"]
    assert not out["comparison_partial"].iat[0]


def test_undefined_bonus_gaps_are_left_out(tmp_path):
    data = national(tmp_path, [
        row(ORG, "2017-18", DiffMeanBonusPercent=0, MaleBonusPercent=0, FemaleBonusPercent=0),
        # early files record "no bonus" as a 0 gap: undefined, left out
        row("no bonus", "2017-18", DiffMeanBonusPercent=0, MaleBonusPercent=0,
            FemaleBonusPercent=0),
        row("women only", "2017-18", DiffMeanBonusPercent=0, MaleBonusPercent=0,
            FemaleBonusPercent=5),
        # a real 0 gap (both sexes had bonuses) and a gap with a proportion rounded to 0 stay
        row("zero gap", "2017-18", DiffMeanBonusPercent=0, MaleBonusPercent=10,
            FemaleBonusPercent=10),
        row("rounded", "2017-18", DiffMeanBonusPercent=12, MaleBonusPercent=0,
            FemaleBonusPercent=3),
    ])
    out = benchmark(data, organisation=ORG, reporting_year="2017-18",
                    comparator_sets=["all_employers"], figures=["DiffMeanBonusPercent"])
    assert out["n"].iat[0] == 2
    assert math.isnan(out["value"].iat[0]) and math.isnan(out["percentile"].iat[0])
    assert out["n_lower"].isna().all()


def test_benchmark_empty_set_gives_nan_statistics(five):
    out = benchmark(five, organisation=ORG, reporting_year="2024-25",
                    comparator_sets=["combined_authorities"], figures=["DiffMedianHourlyPercent"])
    assert out["n"].iat[0] == 0
    assert out[["median", "q1", "q3", "percentile"]].isna().all(axis=None)


def test_benchmark_without_values_or_filing_is_a_data_error(five):
    with pytest.raises(DataError, match="pass its figures as values"):
        benchmark(five, organisation="Nobody", reporting_year="2024-25")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"figures": ["MeanGap"]}, "DiffMeanHourlyPercent"),
        ({"comparator_sets": ["friends"]}, "all_employers"),
        ({"quantile_method": "nearest"}, "linear"),
        ({"values": {"MeanGap": 1.0}}, "unknown figure"),
    ],
)
def test_benchmark_rejects_unknown_options(five, kwargs, message):
    with pytest.raises(ValueError, match=message):
        benchmark(five, organisation=ORG, reporting_year="2024-25", **kwargs)


def test_benchmark_default_sets_and_row_order(five):
    out = benchmark(five, organisation=ORG, reporting_year="2024-25",
                    figures=["DiffMeanHourlyPercent", "DiffMedianHourlyPercent"])
    assert out["comparator_set"].tolist() == [s for s in COMPARATOR_SETS for _ in range(2)]
    assert out.loc[out.comparator_set == "size_band", "size_band"].unique().tolist() == [
        "250 to 499"
    ]


def test_benchmark_by_year_one_table_per_filing_year(tmp_path):
    data = national(tmp_path, [
        row(ORG, "2022-23", DiffMeanHourlyPercent=5), row("E", "2022-23", DiffMeanHourlyPercent=1),
        row(ORG, "2023-24", partial="True", DiffMeanHourlyPercent=6),
        row("E", "2023-24", partial="True", DiffMeanHourlyPercent=9),
    ])
    out = benchmark_by_year(data, organisation=ORG, comparator_sets=["all_employers"],
                            figures=["DiffMeanHourlyPercent"])
    assert out[["reporting_year", "comparison_partial", "percentile"]].to_numpy().tolist() == [
        ["2022-23", False, 100.0], ["2023-24", True, 0.0]
    ]
    assert benchmark_by_year(data, organisation="Nobody").empty


# ---------------------------------------------------------------- the sentence
def statement_row(**changes) -> dict:
    base = {"reporting_year": "2024-25", "comparison_year": "2024-25",
            "comparison_partial": False, "comparator_set": "combined_authorities",
            "size_band": "", "figure": "DiffMedianHourlyPercent", "value": 7.72, "n": 5,
            "median": 4.58, "percentile": 80.0, "n_lower": 4, "n_equal": 0, "n_higher": 1}
    return {**base, **changes}


def test_statement_complete_year():
    assert benchmark_statement(statement_row()) == (
        "In 2024-25 (snapshot 31 March 2024, complete year), the authority's median hourly pay "
        "gap of 7.7% was higher than that of 4 and lower than that of 1 of the 5 other combined "
        "authorities (percentile rank 80.0); their median was 4.6%."
    )


def test_statement_names_a_partial_year():
    text = benchmark_statement(statement_row(reporting_year="2023-24", comparison_year="2023-24",
                                             comparison_partial=True))
    assert text.startswith("In 2023-24 (snapshot 31 March 2023, partial year:")


def test_statement_names_the_comparison_year_when_it_differs():
    text = benchmark_statement(statement_row(reporting_year="2026-27"))
    assert text.startswith("Against 2024-25 national data (snapshot 31 March 2024, the latest "
                           "complete year), the authority's 2026-27 median hourly pay gap")


def test_statement_all_comparators_higher_and_half_rounding():
    text = benchmark_statement(statement_row(value=0.05, n_lower=0, n_higher=5, percentile=0.0,
                                             comparator_set="size_band", size_band="250 to 499"))
    assert "of 0.1% was lower than that of all 5 other employers with 250 to 499 employees" in text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"value": float("nan")}, "is not applicable, so it is not compared with other combined"),
        ({"n": 0}, "no other combined authority reported this figure"),
    ],
)
def test_statement_without_a_comparison(changes, expected):
    assert expected in benchmark_statement(statement_row(**changes))


# ---------------------------------------------------------------- build script
def test_duplicate_rule_keeps_the_latest_submission_else_the_last_row():
    frame = pd.DataFrame({
        "ReportingYear": ["2020-21"] * 6,
        "EmployerId": ["5", "5", "", "", "6", "6"],
        "EmployerName": ["A", "A renamed", "B  Ltd", "b ltd", "C", "C"],
        "DateSubmitted": ["2021-04-02T10:00:00", "2021-03-01T10:00:00", "", "", "", ""],
        "source_row": [0, 1, 2, 3, 4, 5],
    })
    kept, dropped = build_script.drop_duplicates(frame)
    # id 5: the earlier-dated second row goes; names without id compare case/space-insensitively;
    # id 6 with no dates: the row later in the file stays
    assert sorted(kept["source_row"]) == [0, 3, 5]
    assert sorted(dropped["source_row"]) == [1, 2, 4]


def test_duplicate_rule_does_not_merge_different_years_or_ids():
    frame = pd.DataFrame({
        "ReportingYear": ["2020-21", "2021-22", "2021-22"], "EmployerId": ["5", "5", "7"],
        "EmployerName": ["A", "A", "A"], "DateSubmitted": [""] * 3, "source_row": [0, 0, 1],
    })
    kept, dropped = build_script.drop_duplicates(frame)
    assert len(kept) == 3 and dropped.empty


HEADER_OLD = (
    '"EmployerName","EmployerId","Address","PostCode","CompanyNumber","SicCodes",'
    + ",".join(f'"{c}"' for c in FIGURES)
    + ',"CompanyLinkToGPGInfo","ResponsiblePerson","EmployerSize","CurrentName",'
    '"SubmittedAfterTheDeadline","DueDate","DateSubmitted"\n'
)


def _old_row(name, emp_id, sic, due, submitted, first="\t-1.50"):
    figures = ",".join(f'"{v}"' for v in [first, "2.0", "", "", "0.0", "0.0"] + ["50.00"] * 8)
    return (f'"{name}","{emp_id}","addr,\nline","PC","01234567","{sic}",{figures},"","",'
            f'"250 to 499","{name}","False","{due}","{submitted}"\n')


def _mini_sources(folder: Path) -> None:
    gpg = folder / "gpg"
    gpg.mkdir()
    (gpg / "uk_gpg_2022_23.csv").write_text(
        HEADER_OLD
        + _old_row("Council", "1", "1,\r\n84110", "2023/03/31 00:00:00", "2023/01/16 11:34:42")
        + _old_row("Shop", "2", "47730", "2023/04/05 00:00:00", "2023/03/02 15:51:56")
        + _old_row("Shop", "2", "47730", "2023/04/05 00:00:00", "2023/02/01 09:00:00", "9"),
        newline="",
    )
    header_new = HEADER_OLD.replace('"', "")
    figures = ",".join(["9.7268", "21.125", "", "", "0", "0"] + ["50"] * 8)
    (gpg / "uk_gpg_2023_24_PARTIAL.csv").write_text(
        header_new + f"Shop,2,addr,PC,01234567,47730,{figures},,,250 to 499,Shop,TRUE,"
        "05-04-2024 00:00,11-04-2024 07:57\n",
        newline="",
    )


def test_build_normalises_formats_and_flags(tmp_path):
    _mini_sources(tmp_path)
    outputs, table, dropped = build_script.build(tmp_path)
    assert sorted(outputs) == ["gpg_national_2022-23.csv.gz", "gpg_national_2023-24.csv.gz"]
    assert len(dropped) == 1 and dropped["DiffMeanHourlyPercent"].iat[0] == 9.0
    by = table.set_index(["ReportingYear", "EmployerName"])
    council = by.loc[("2022-23", "Council")]
    assert council["SicCodes"] == "1,84110"
    assert (council["sector"], council["snapshot_date"]) == ("public", "2022-03-31")
    assert council["DateSubmitted"] == "2023-01-16T11:34:42"
    assert council["DiffMeanHourlyPercent"] == -1.5  # leading tab stripped
    shop = by.loc[("2023-24", "Shop")]
    assert (shop["partial"], shop["sector"], shop["snapshot_date"]) == ("True", "private",
                                                                         "2023-04-05")
    assert (shop["SubmittedAfterTheDeadline"], shop["DateSubmitted"]) == ("True",
                                                                          "2024-04-11T07:57")
    assert (shop["DiffMeanHourlyPercent"], shop["DiffMedianHourlyPercent"]) == (9.7268, 21.125)
    text = gzip.decompress(outputs["gpg_national_2023-24.csv.gz"]).decode()
    assert ",9.7268,21.125,,,0,0,50,50," in text  # shortest exact numbers, blanks blank


def test_build_output_bytes_are_deterministic(tmp_path):
    _mini_sources(tmp_path)
    first, _, _ = build_script.build(tmp_path)
    second, _, _ = build_script.build(tmp_path)
    assert first == second


def test_built_file_reads_back(tmp_path):
    _mini_sources(tmp_path)
    outputs, _, _ = build_script.build(tmp_path)
    for name, data in outputs.items():
        (tmp_path / name).write_bytes(data)
    back = read_national_gpg(tmp_path)
    assert back["ReportingYear"].tolist() == ["2022-23", "2022-23", "2023-24"]
    assert back["partial"].tolist() == [False, False, True]
    assert back.loc[2, "DateSubmitted"] == pd.Timestamp("2024-04-11 07:57")


@pytest.mark.parametrize(
    ("value", "text"), [(12.0, "12"), (-0.0, "0"), (9.7268, "9.7268"), (float("nan"), "")]
)
def test_format_figure(value, text):
    assert build_script.format_figure(value) == text
