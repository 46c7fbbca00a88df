"""eqlib.quality: the data-quality tables and summary of the synthetic organisation's inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from eqlib import characteristics, quality
from eqlib import tables as tt
from eqlib.config import load_params


@pytest.fixture(scope="module")
def params():
    return load_params("params/ci.yaml")


@pytest.fixture(scope="module")
def years(params):
    return quality.load_years(params)


def test_every_year_of_the_parameters_is_read_oldest_first(params, years):
    assert list(years) == params.years


def test_coverage_counts_are_the_reporting_years_rows(params, years):
    latest = years[params["year"]].tables
    table = quality.coverage_table(years, params)
    assert tt.validate_table(table) == []
    count = table.set_index("group")["value"]
    assert count["Relevant employees"] == len(latest["workforce"])
    assert count["Full-pay relevant employees"] == latest["workforce"]["full_pay_relevant"].sum()
    assert count["Applications"] == len(latest["applications"])
    assert count["Board and committee members"] == len(latest["boards"])
    assert set(table["level"]) == {str(params["year"])}


def test_declared_preferred_not_to_say_and_not_known_make_everyone(params, years):
    table = quality.declaration_table(years, params)
    assert tt.validate_table(table) == []
    assert set(table["population"]) == {"workforce", "applications", "boards"}
    # every characteristic the registry asks data quality for that the workforce holds
    labels = {characteristics.label(c) for c in characteristics.used_by("data_quality")
              if c in years[params["year"]].tables["workforce"]}
    assert labels <= set(table.loc[table["population"] == "workforce", "group"])
    totals = table.groupby(["population", "group"])["value"].sum()
    assert totals.to_numpy() == pytest.approx(100.0)
    assert (table["numerator"] <= table["n"]).all()


def test_row_accounting_of_all_years_adds_up_and_names_every_year(params, years):
    ledger = quality.accounting_of(years).frame()
    assert set(ledger["year"]) == set(params.years)
    steps = ledger[ledger["reason"] == ""]
    excluded = ledger.groupby(["input", "year", "population", "step"], sort=False)["excluded"].sum()
    kept = steps.set_index(["input", "year", "population", "step"])["kept"]
    rows_in = steps.set_index(["input", "year", "population", "step"])["rows_in"]
    pd.testing.assert_series_equal((kept + excluded[kept.index]).rename(None),
                                   rows_in.rename(None), check_dtype=False)


def test_the_summary_gives_every_years_counts_and_names_the_organisation(params, years):
    text = quality.summary(years, params)
    assert params["organisation"] in text.splitlines()[0]
    for year, data in years.items():
        assert f"{year} (snapshot {year}-03-31): {len(data.tables['workforce'])} employees" in text


def test_packed_earlier_years_are_written_byte_for_byte_as_their_frames(params, years, tmp_path):
    """keep_earlier (the notebook's memory saving at scale): an earlier year's other tables wait as
    parquet bytes; what is written, and every count, is what the frames would have given."""
    packed = quality.load_years(params, keep_earlier=["workforce"])
    reporting = params["year"]
    for year, data in packed.items():
        whole = years[year]
        assert data.rows() == {name: len(frame) for name, frame in whole.tables.items()}
        if year == reporting:
            assert data.packed == {} and list(data.tables) == list(whole.tables)
            continue
        assert list(data.tables) == ["workforce"]
        assert set(data.packed) == set(whole.tables) - {"workforce"} != set()
        pd.testing.assert_frame_equal(data.tables["workforce"], whole.tables["workforce"])
        for name, content in data.packed.items():
            unpacked = tmp_path / f"{year}_{name}.parquet"
            whole.tables[name].to_parquet(unpacked, index=False)
            assert content == unpacked.read_bytes(), (year, name)
    assert quality.summary(packed, params) == quality.summary(years, params)
    declaration = quality.declaration_table(years, params)
    assert quality.declaration_table(packed, params).equals(declaration)
