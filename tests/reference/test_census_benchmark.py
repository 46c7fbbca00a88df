"""The committed Census 2021 benchmark (data/reference/census2021_lcr.csv) against published values.

Hard-coded values name their source file and row (files in ../shared/data/census2021/, described in
SOURCES.md). Counts are compared exactly (tolerance 0: they are published whole numbers or their
sums). Sex has two populations (residents aged 16-64 and all residents); a value names its
population. The tests that re-read the source files run
when ../shared/data is present and are skipped with a reason otherwise (a user's clone has none).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from eqlib import census, census_source, codes
from eqlib.config import PROJECT_ROOT

BENCHMARK = PROJECT_ROOT / "data" / "reference" / "census2021_lcr.csv"
SHARED = PROJECT_ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(
    not (SHARED / "census2021").is_dir(),
    reason=f"Census source files not present ({SHARED}/census2021 is only in the development "
           "workspace); the committed benchmark is still checked by the other tests",
)


@pytest.fixture(scope="module")
def bench() -> pd.DataFrame:
    return census.read_benchmark(BENCHMARK)


def value(bench: pd.DataFrame, area: str, characteristic: str, group: str,
          population: str | None = None) -> float:
    population = population or census.BUILT_POPULATIONS[characteristic][-1]
    row = bench[(bench["area_code"] == area) & (bench["characteristic"] == characteristic)
                & (bench["group"] == group) & (bench["population"] == population)]
    assert len(row) == 1, (area, characteristic, group)
    return float(row["count"].iloc[0])


def test_file_is_small_and_complete(bench: pd.DataFrame) -> None:
    assert BENCHMARK.stat().st_size < 1_000_000
    assert list(dict.fromkeys(bench["area_code"])) == [*census.LCR_AUTHORITIES, "LCR", "K04000001"]
    assert bench.groupby("area_code").size().eq(58).all()  # 56 + sex aged 16-64 (2)
    assert bench["universe"].ne("").all() and bench["source"].ne("").all()


def test_internal_checks_pass(bench: pd.DataFrame) -> None:
    assert census.benchmark_problems(bench) == []


def test_lcr_is_the_sum_of_the_six_authorities(bench: pd.DataFrame) -> None:
    six = bench[bench["area_code"].isin(census.LCR_AUTHORITIES)]
    keys = ["characteristic", "population", "group"]
    summed = six.groupby(keys)["count"].sum()
    lcr = bench[bench["area_code"] == "LCR"].set_index(keys)["count"]
    assert len(lcr) == 58
    pd.testing.assert_series_equal(lcr.sort_index(), summed.sort_index(), check_names=False,
                                   rtol=0, atol=1e-6)


@pytest.mark.parametrize("area", [*census.LCR_AUTHORITIES, "LCR", "K04000001"])
@pytest.mark.parametrize("characteristic", census.BENCHMARK_CHARACTERISTICS)
def test_shares_sum_to_one(bench: pd.DataFrame, area: str, characteristic: str) -> None:
    shares = census.benchmark_shares(bench, characteristic, area=area)
    assert math.isclose(shares.sum(), 1.0, abs_tol=1e-12)
    assert census.NOT_ANSWERED not in shares.index


@pytest.mark.parametrize(
    ("area", "characteristic", "group", "expected"),
    [
        # ethnicity21_ltla21_ons_dvc2203.csv, row E08000012 Liverpool,
        # "White: English, Welsh, Scottish, Northern Irish or British (number)" = 375785.0
        ("E08000012", "ethnicity_detailed", codes.WHITE_BRITISH_DETAILED, 375785),
        # same file, E08000012 "Black, Black British, ...: African (number)" = 12709.0
        ("E08000012", "ethnicity_detailed", "Black: African", 12709),
        # same file, E08000012 "Asian, Asian British or Asian Welsh: Chinese (number)" = 8841.0
        ("E08000012", "ethnicity_detailed", "Asian: Chinese", 8841),
        # sex_totals21_ltla21_ts009.csv, row E06000006: total_females 65543, total_males 62927
        ("E06000006", "sex", "Female", 65543),
        ("E06000006", "sex", "Male", 62927),
        # sex_totals21_ltla21_ts009.csv, row E08000012: total_females 249458
        ("E08000012", "sex", "Female", 249458),
        # census2021-ts062-ltla.csv, row E08000012: L1-3 35473 + L4-6 65566
        ("E08000012", "ses_class", "Professional", 35473 + 65566),
        # same row: L7 44207 + L8-9 29251
        ("E08000012", "ses_class", "Intermediate", 44207 + 29251),
        # same row: L10-11 18638 + L12 45856 + L13 53271 + L14 51137 (L15 59628 excluded)
        ("E08000012", "ses_class", "Lower", 18638 + 45856 + 53271 + 51137),
        # census2021-ts062-ctry.csv, row K04000001: L1-3 6353898 + L4-6 9669812
        ("K04000001", "ses_class", "Professional", 6353898 + 9669812),
        # census2021-ts009-ltla.csv (nomis), row E08000012, "Sex: All persons; Age: Aged 16 to
        # 19 years" + "Aged 20 to 24 years" = 78467 (the nine single years 16..24 sum to the same)
        ("E08000012", "age_band", "16-24", 78467),
        # same file and row, "Aged 25 to 34 years"
        ("E08000012", "age_band", "25-34", 75396),
        # same file, "Aged 25 to 34 years" summed over all 331 LTLA rows (python csv, not eqlib)
        ("K04000001", "age_band", "25-34", 8050523),
        # disability21_lsoa21_lcr_ts038.csv: sum of n over the Liverpool (E08000012) LSOA rows
        # "Disabled under the Equality Act" (computed with awk, independently of eqlib)
        ("E08000012", "disability", "Disabled", 105967),
        # religion21_lsoa21_lcr_ts030.csv: sum of n over the Liverpool LSOA rows "Muslim" (awk)
        ("E08000012", "religion", "Muslim", 25765),
    ],
)
def test_spot_values(bench: pd.DataFrame, area: str, characteristic: str, group: str,
                     expected: float) -> None:
    assert value(bench, area, characteristic, group) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("area", "group", "expected"),
    [
        # census2021-ts009-ltla.csv, row E08000012, "Sex: Female; Age: Aged 16 to 19 years" ...
        # "Aged 50 to 64 years": the five bands summed (python csv, not eqlib) = 168247
        ("E08000012", "Female", 168247),
        # same file, row E06000006 Halton, "Sex: Male", the five bands summed = 39210
        ("E06000006", "Male", 39210),
    ],
)
def test_working_age_sex_spot_values(bench: pd.DataFrame, area: str, group: str,
                                     expected: float) -> None:
    assert value(bench, area, "sex", group, "working_age") == expected


def test_closest_population_is_working_age_for_sex_and_all_residents_for_disability(
        bench: pd.DataFrame) -> None:
    assert census.benchmark_population(bench, "sex") == "working_age"
    assert census.benchmark_population(bench, "age_band") == "working_age"
    assert census.benchmark_population(bench, "disability") == "all_residents"
    assert census.benchmark_population(bench, "religion") == "all_residents"
    assert census.benchmark_population(bench, "ethnicity_binary") == "all_residents"
    assert census.benchmark_population(bench, "sexual_orientation") == "aged_16_plus"


def test_lcr_white_british_is_the_sum_of_the_published_la_values(bench: pd.DataFrame) -> None:
    # ethnicity21_ltla21_ons_dvc2203.csv, the six rows
    # "White: English, Welsh, Scottish, Northern Irish or British (number)"; LCR = their sum.
    published = {"E06000006": 120301, "E08000011": 142698, "E08000012": 375785,
                 "E08000013": 171546, "E08000014": 256327, "E08000015": 295967}
    for code, count in published.items():
        assert value(bench, code, "ethnicity_detailed", codes.WHITE_BRITISH_DETAILED) == count
    assert value(bench, "LCR", "ethnicity_detailed", codes.WHITE_BRITISH_DETAILED) == 1362624
    assert sum(published.values()) == 1362624


@needs_shared
def test_lcr_ethnicity_counts_equal_the_source_file(bench: pd.DataFrame) -> None:
    source = pd.read_csv(SHARED / "census2021" / "ethnicity21_ltla21_ons_dvc2203.csv")
    source = source[source["ltla21_code"].isin(census.LCR_AUTHORITIES)
                    & source["ethnic_group"].str.endswith("(number)")]
    assert len(source) == 6 * 19
    labels = source["ethnic_group"].map(codes.census_ethnicity_label)
    expected = source.groupby(labels)["value"].sum()
    for group, count in expected.items():
        assert value(bench, "LCR", "ethnicity_detailed", group) == count  # to the count
    for _, row in source.iterrows():
        group = codes.census_ethnicity_label(row["ethnic_group"])
        assert value(bench, row["ltla21_code"], "ethnicity_detailed", group) == row["value"]


@needs_shared
def test_every_la_figure_equals_the_source_files(bench: pd.DataFrame) -> None:
    assert census_source.source_problems(bench, SHARED) == []


@needs_shared
def test_rebuilding_gives_the_committed_file(tmp_path) -> None:  # noqa: ANN001
    rebuilt = census_source.write_benchmark(census_source.build_benchmark(SHARED), tmp_path / "rebuilt.csv")
    assert rebuilt.read_bytes() == BENCHMARK.read_bytes()
