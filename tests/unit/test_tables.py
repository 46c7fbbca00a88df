"""Unit tests of eqlib.tables: the tidy publication shape, CSV bytes, rendering."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from eqlib.tables import (
    STANDARD_COLUMNS,
    TIDY_COLUMNS,
    confidential_footnote,
    measure_kind,
    read_table,
    render_value,
    tidy,
    validate_table,
    write_table,
)


def composition() -> pd.DataFrame:
    wide = pd.DataFrame({
        "group": ["Female", "Male", "Total"],
        "count": [30, 20, 50],
        "percent": [60.0, 40.0, 100.0],
        "num": [30, 20, 50],
        "den": [50, 50, 50],
        "lo": [45.9, 27.0, np.nan],
        "hi": [72.6, 54.1, np.nan],
    })
    return tidy(wide, table="composition_sex", population="workforce", characteristic="sex",
                measures=["count", "percent"], n="den", numerator={"percent": "num"},
                ci={"percent": ("lo", "hi")}, group_parent={"Female": "Total", "Male": "Total"})


def test_tidy_columns_contain_the_conventions_columns_in_order():
    positions = [TIDY_COLUMNS.index(c) for c in STANDARD_COLUMNS]
    assert positions == sorted(positions)
    assert TIDY_COLUMNS[:2] == ("table", "population")


def test_tidy_one_row_per_value_in_wide_then_measure_order():
    t = composition()
    assert list(t.columns) == list(TIDY_COLUMNS)
    assert list(zip(t["group"], t["measure"], strict=True)) == [
        ("Female", "count"), ("Female", "percent"), ("Male", "count"), ("Male", "percent"),
        ("Total", "count"), ("Total", "percent"),
    ]


def test_tidy_count_rows_repeat_the_count_as_n_and_shares_carry_numerator():
    t = composition().set_index(["group", "measure"])
    assert t.loc[("Female", "count"), "n"] == 30
    assert t.loc[("Female", "percent"), "n"] == 50
    assert t.loc[("Female", "percent"), "numerator"] == 30
    assert math.isnan(t.loc[("Female", "count"), "numerator"])
    assert t.loc[("Male", "percent"), "ci_high"] == 54.1


def test_tidy_parents_from_mapping_none_when_unmapped():
    t = composition()
    assert t["group_parent"].tolist() == ["Total", "Total", "Total", "Total", None, None]
    assert t["level"].unique().tolist() == ["All"]


def test_tidy_missing_column_raises():
    with pytest.raises(ValueError, match="not in the wide table"):
        tidy(pd.DataFrame({"group": ["A"]}), table="t", population="p", characteristic="x",
             measures=["count"])


def test_unknown_measure_kind_raises_naming_the_kinds():
    with pytest.raises(ValueError, match="no disclosure kind.*count, share"):
        measure_kind("wibble")
    assert measure_kind("wibble", kinds={"wibble": "statistic"}) == "statistic"


def test_bad_kind_in_extra_registry_raises():
    with pytest.raises(ValueError, match="is not one of"):
        measure_kind("x", kinds={"x": "ratio"})


def test_write_table_bytes_are_fixed(tmp_path):
    path = write_table(composition(), tmp_path / "t.csv")
    lines = path.read_bytes().decode("utf-8").split("\n")
    assert lines[0] == ",".join(TIDY_COLUMNS)
    assert lines[1] == "composition_sex,workforce,sex,Female,All,count,30,30,,,,False,,,,Total,"
    assert lines[2] == ("composition_sex,workforce,sex,Female,All,percent,50,60,45.9,72.6,,False,,"
                        "30,,Total,")
    assert b"\r" not in path.read_bytes()


def test_write_table_twice_identical_bytes(tmp_path):
    a = write_table(composition(), tmp_path / "a.csv").read_bytes()
    b = write_table(composition(), tmp_path / "b.csv").read_bytes()
    assert a == b


def test_write_then_read_round_trip(tmp_path):
    t = composition()
    back = read_table(write_table(t, tmp_path / "t.csv"))
    pd.testing.assert_frame_equal(back, t)


@pytest.mark.parametrize("change, message", [
    (lambda t: t.assign(value=t["value"].where(t.index != 0, np.inf)), "infinite"),
    (lambda t: pd.concat([t, t.iloc[[0]]], ignore_index=True), "share a key"),
    (lambda t: t.assign(value=t["value"].where(t.index != 0, np.nan)), "no value and no reason"),
    (lambda t: t.assign(suppressed=t.index == 0, suppression_reason="primary_count"),
     "still show a value"),
])
def test_write_table_refuses_unfit_tables(tmp_path, change, message):
    with pytest.raises(ValueError, match=message):
        write_table(change(composition()), tmp_path / "t.csv")


def test_undefined_value_with_not_applicable_reason_is_fit():
    t = composition()
    t.loc[0, "value"] = np.nan
    t.loc[0, "suppression_reason"] = "not applicable: no bonus paid"
    assert validate_table(t) == []


def test_suppressed_value_written_as_empty_field(tmp_path):
    t = composition()
    t.loc[0, ["value", "n"]] = np.nan
    t.loc[0, "suppressed"] = True
    t.loc[0, "suppression_reason"] = "primary_count"
    line = write_table(t, tmp_path / "t.csv").read_text().split("\n")[1]
    assert line == "composition_sex,workforce,sex,Female,All,count,,,,,,True,primary_count,,,Total,"


@pytest.mark.parametrize("value, kwargs, expected", [
    (float("nan"), {"suppressed": True}, "[c]"),
    (12.0, {"suppressed": True}, "[c]"),
    (float("nan"), {}, "[z]"),
    (None, {}, "[z]"),
    (13.55, {}, "13.6"),  # half away from zero (Decimal), not banker's rounding
    (-13.55, {}, "-13.6"),
    (0.04, {}, "0.0"),
    (-0.04, {}, "0.0"),  # no "-0.0"
    (1234.0, {"kind": "count"}, "1,234"),
    (2.5, {"decimals": 2}, "2.50"),
])
def test_render_value(value, kwargs, expected):
    assert render_value(value, **kwargs) == expected


def test_footnote_names_the_threshold():
    assert confidential_footnote(5).startswith("[c] confidential: withheld because it covers "
                                               "fewer than 5 people")


def test_write_table_never_writes_minus_zero(tmp_path):
    # issue 17 item 8: a computed -0.0 (e.g. 0 x -1) is published as 0
    from eqlib import tables as tt

    t = tt.tidy(pd.DataFrame({"group": ["A"], "diff_pp": [-0.0]}), table="t", population="p",
                characteristic="sex", measures=["diff_pp"], n=None)
    text = tt.write_table(t, tmp_path / "t.csv").read_text()
    assert ",-0," not in text and "-0" not in text.splitlines()[1]
