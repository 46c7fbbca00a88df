"""The national gender pay gap open data: the committed compact copy against published values.

Source of every expected number: the GOV.UK Gender Pay Gap Service downloads in
``../shared/data/gpg/`` (values as published there; the LCRCA and Merseytravel figures are also
quoted in ``../shared/data/SOURCES.md``). Tolerance: exact equality (the build keeps the published
decimals).

The first group runs on the committed ``data/reference/gpg_national/`` files and always runs. The
second reads the source files and is skipped, with the reason, in a clone without ``../shared``.
"""

from __future__ import annotations

import csv
import importlib.util
import re

import pandas as pd
import pytest

from eqlib.config import PROJECT_ROOT
from eqlib.national_gpg import (
    COMBINED_AUTHORITIES,
    LCR_PUBLIC_BODIES,
    NATIONAL_GPG_PATH,
    benchmark,
    comparator_members,
    organisation_history,
    read_national_gpg,
)

LCRCA = "Liverpool City Region Combined Authority"
SHARED = PROJECT_ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(
    not (SHARED / "gpg").is_dir(),
    reason=f"{SHARED}/gpg (the national GPG source files) is not present in this clone; "
    "the committed compact copy is tested by the other tests in this file",
)


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    return read_national_gpg()


# ------------------------------------------------------------ committed compact copy (always run)
# (year, mean hourly gap, median hourly gap, female share of top quarter) as published
LCRCA_PUBLISHED = [
    ("2020-21", 14.0, 15.1, 37.5),
    ("2021-22", 15.2, 20.3, 38.2),
    ("2022-23", 12.39, 11.17, 36.67),
    ("2023-24", 9.76, 9.58, 38.37),  # partial file
    ("2024-25", 5.51, 7.72, 44.94),
]
MERSEYTRAVEL_PUBLISHED = [
    ("2017-18", 14.6, 13.2, 24.6),
    ("2019-20", 12.0, 9.0, 27.0),
    ("2020-21", 8.9, 9.7, 24.1),
    ("2021-22", 11.9, 10.0, 28.6),
    ("2022-23", 8.14, 10.09, 28.65),
    ("2023-24", 11.76, 15.24, 26.09),  # partial file
    ("2024-25", 6.56, 17.27, 32.05),
]


@pytest.mark.parametrize(
    ("name", "published"), [(LCRCA, LCRCA_PUBLISHED), ("Merseytravel", MERSEYTRAVEL_PUBLISHED)]
)
def test_published_history(national, name, published):
    history = organisation_history(name, national=national)
    got = history[["ReportingYear", "DiffMeanHourlyPercent", "DiffMedianHourlyPercent",
                   "FemaleTopQuartile"]].to_numpy().tolist()
    assert [tuple(r) for r in got] == published


def test_lcrca_paid_no_bonus_and_its_bonus_gaps_are_blank_from_2020_21(national):
    history = organisation_history(LCRCA, national=national)
    assert (history[["MaleBonusPercent", "FemaleBonusPercent"]] == 0).all(axis=None)
    assert history[["DiffMeanBonusPercent", "DiffMedianBonusPercent"]].isna().all(axis=None)


def test_lcrca_size_band_by_year(national):
    # voluntary filings while under 250 employees (SOURCES.md notes)
    history = organisation_history(LCRCA, national=national)
    assert history["EmployerSize"].tolist() == ["Less than 250"] * 2 + ["250 to 499"] * 3


def test_partial_flags_are_exactly_2018_19_and_2023_24(national):
    flags = national.groupby("ReportingYear")["partial"].agg(["all", "any"])
    assert (flags["all"] == flags["any"]).all(), "a year is partial for every row or for none"
    assert sorted(flags.index[flags["all"]]) == ["2018-19", "2023-24"]


def test_rows_per_year_are_source_rows_minus_dropped_duplicates(national):
    # source rows from SOURCES.md; 2020-21 has 3 duplicate filings (EmployerId 8295, 11744, 20048)
    expected = {"2017-18": 10477, "2018-19": 1393, "2019-20": 6031, "2020-21": 10383 - 3,
                "2021-22": 10465, "2022-23": 10622, "2023-24": 2351, "2024-25": 11235}
    assert national.groupby("ReportingYear").size().to_dict() == expected


def test_no_duplicate_employer_year_remains(national):
    key = national["EmployerId"].astype("string").fillna(
        "name:" + national["EmployerName"].str.casefold().str.replace(r"\s+", " ", regex=True)
    )
    assert not pd.DataFrame({"y": national["ReportingYear"], "k": key}).duplicated().any()


@pytest.mark.parametrize(
    ("name", "year", "snapshot"),
    [
        (LCRCA, "2024-25", "2024-03-31"),  # public authority: 31 March of the first year
        (LCRCA, "2022-23", "2022-03-31"),
        ("Merseytravel", "2017-18", "2017-03-31"),  # sector from SIC code 1 (no DueDate in 2017-18)
        ('"RED BAND" CHEMICAL COMPANY, LIMITED', "2024-25", "2024-04-05"),  # private: 5 April
    ],
)
def test_snapshot_date_convention(national, name, year, snapshot):
    rows = national[(national.EmployerName == name) & (national.ReportingYear == year)]
    assert rows["snapshot_date"].tolist() == [pd.Timestamp(snapshot)]


def test_merseyside_police_is_missing_from_2022_23(national):
    # SOURCES.md: the 2022-23 download predates some late filers, e.g. Merseyside Police
    years = organisation_history("Merseyside Police", national=national)["ReportingYear"]
    assert "2022-23" not in set(years) and {"2021-22", "2024-25"} <= set(years)


def test_every_named_body_is_in_the_data(national):
    names = set(national["EmployerName"])
    assert set(LCR_PUBLIC_BODIES) <= names
    assert set(COMBINED_AUTHORITIES) <= names


def test_the_combined_authority_list_is_every_combined_authority_in_the_data(national):
    found = national["EmployerName"][
        national["EmployerName"].str.contains("combined (?:county )?authority", case=False)
    ]
    assert set(found) == set(COMBINED_AUTHORITIES)


def test_combined_authorities_2024_25_by_hand(national):
    # uk_gpg_2024_25.csv median hourly gaps of the other combined authorities:
    # GMCA -7.5, South Yorkshire 4.58, West Midlands 7.81, West Yorkshire 0.0, West of England 7.32
    members = comparator_members(national, "combined_authorities", reporting_year="2024-25",
                                 organisation=LCRCA)
    assert members["DiffMedianHourlyPercent"].tolist() == [-7.5, 4.58, 7.81, 0.0, 7.32]
    row = benchmark(national, organisation=LCRCA, reporting_year="2024-25",
                    comparator_sets=["combined_authorities"],
                    figures=["DiffMedianHourlyPercent"]).iloc[0]
    # LCRCA 7.72: four lower (-7.5, 0, 4.58, 7.32), one higher (7.81) -> (4 + 0/2) / 5 = 80 %
    # sorted -7.5, 0, 4.58, 7.32, 7.81: median 4.58, linear Q1 0 and Q3 7.32
    assert (row["n"], row["n_lower"], row["n_higher"], row["percentile"]) == (5, 4, 1, 80.0)
    assert (row["median"], row["q1"], row["q3"]) == (4.58, 0.0, 7.32)


def test_lcrca_is_not_in_its_own_comparison_sets(national):
    for comparator_set in ("lcr_public_bodies", "public_administration", "size_band",
                           "all_employers"):
        members = comparator_members(national, comparator_set, reporting_year="2024-25",
                                     organisation=LCRCA)
        assert LCRCA not in set(members["EmployerName"]), comparator_set
    table = benchmark(national, organisation=LCRCA, reporting_year="2024-25",
                      comparator_sets=["all_employers"], figures=["DiffMeanHourlyPercent"])
    assert table["n"].iat[0] == 11235 - 1


def test_committed_files_are_under_the_2_mb_limit():
    files = sorted(NATIONAL_GPG_PATH.glob("gpg_national_*.csv.gz"))
    assert len(files) == 8
    assert max(f.stat().st_size for f in files) < 2_000_000


# ------------------------------------------------------------ against the source files
def _build_script():
    spec = importlib.util.spec_from_file_location(
        "build_gpg_reference", PROJECT_ROOT / "scripts" / "build_gpg_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _source_rows(name: str) -> list[tuple[str, str, str]]:
    """(year, mean, median) text of one employer, read with the csv module from every file."""
    out = []
    for path in sorted((SHARED / "gpg").glob("uk_gpg_*.csv")):
        year = re.sub(r"uk_gpg_(\d{4})_(\d{2}).*", r"\1-\2", path.name)
        with path.open(newline="", encoding="utf-8") as handle:
            for record in csv.DictReader(handle):
                if record["EmployerName"].strip() == name:
                    out.append((year, record["DiffMeanHourlyPercent"],
                                record["DiffMedianHourlyPercent"]))
    return out


@needs_shared
def test_lcrca_source_values():
    # read straight from the source files, text as published
    assert _source_rows(LCRCA) == [
        ("2020-21", "14.0", "15.1"), ("2021-22", "15.2", "20.3"), ("2022-23", "12.39", "11.17"),
        ("2023-24", "9.76", "9.58"), ("2024-25", "5.51", "7.72"),
    ]


@needs_shared
def test_committed_copy_matches_every_row_of_the_lcr_extract(national):
    extract = pd.read_csv(SHARED / "gpg" / "lcr_public_bodies_gpg_extract.csv", dtype=str,
                          keep_default_na=False)
    figures = [c for c in extract.columns if c.endswith(("Percent", "Quartile"))]
    assert len(figures) == 14
    for _, source in extract.iterrows():
        year = source["ReportingYear"].removesuffix(" (partial)")
        ours = national[(national.ReportingYear == year)
                        & (national.EmployerName == source["EmployerName"])]
        assert len(ours) == 1, (year, source["EmployerName"])
        ours = ours.iloc[0]
        assert bool(ours["partial"]) == source["ReportingYear"].endswith("(partial)")
        for column in figures:
            text = source[column].strip()
            expected = float(text) if text else None
            got = None if pd.isna(ours[column]) else ours[column]
            assert got == expected, (year, source["EmployerName"], column)


@pytest.mark.slow
@needs_shared
def test_rebuilding_from_the_sources_reproduces_the_committed_bytes():
    outputs, _, dropped = _build_script().build(SHARED)
    for name, data in outputs.items():
        assert (NATIONAL_GPG_PATH / name).read_bytes() == data, f"{name} is out of date"
    # the duplicate rule on the real data: 3 filings dropped in 2020-21, each the earlier one
    assert sorted(dropped["EmployerId"]) == ["11744", "20048", "8295"]
    assert set(dropped["ReportingYear"]) == {"2020-21"}
    assert sorted(dropped["DateSubmitted"]) == [
        "2021-04-02T10:28:00", "2021-04-09T14:25:56", "2021-10-05T16:09:45"
    ]
