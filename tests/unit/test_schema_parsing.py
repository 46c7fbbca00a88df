"""Unit tests of eqlib.schema.parse_column: each distinct text is parsed once and spread back to
its rows, so repeated, padded and missing cells must come back row by row exactly as written."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from eqlib import schema

GRADES = ["G1", "G2", "SLT"]


def parse(values: list[object], column: schema.Column, index: list[int] | None = None):
    raw = pd.Series(values, index=index, dtype=object, name=column.name)
    return schema.parse_column(raw, column, grades=GRADES)


def test_distinct_text_trims_once_and_merges_spellings() -> None:
    # ' G1' and 'G1 ' trim to the same text as 'G1': one distinct value; missing -> ""
    codes, distinct = schema.distinct_text(pd.Series([" G1", "G2", "G1 ", None, "G1", ""]))
    assert distinct.tolist() == ["G1", "G2", ""]
    assert distinct[codes].tolist() == ["G1", "G2", "G1", "", "G1", ""]


def test_distinct_text_keeps_numbers_and_booleans_apart() -> None:
    # 1, 1.0 and True are one key to a hash table; their texts differ
    codes, distinct = schema.distinct_text(pd.Series([1, 1.0, True, np.nan], dtype=object))
    assert distinct[codes].tolist() == ["1", "1.0", "True", ""]


def test_blank_cells() -> None:
    blank = schema.blank_cells(pd.Series(["a", " ", "", None, " b "], index=[5, 6, 7, 8, 9]))
    assert blank.tolist() == [False, True, True, True, False]
    assert blank.index.tolist() == [5, 6, 7, 8, 9]


def test_repeated_category_values_come_back_per_row() -> None:
    values, problems, _ = parse(["g1", " SLT ", "G1", "slt", "G2"], schema.Column(
        "grade", "category", code_list="grade"))
    assert values.tolist() == ["G1", "SLT", "G1", "SLT", "G2"]
    assert values.dtype == object and values.name == "grade"
    assert problems == []


def test_unknown_value_in_several_rows_is_one_message_with_every_row() -> None:
    # rows are 0-based data rows + 2 (header is row 1); values in sorted order
    values, problems, _ = parse(["G11", "G1", " G11", "X", "G11"], schema.Column(
        "grade", "category", code_list="grade"))
    assert problems == [
        "column 'grade', rows 2, 4, 6 (3 rows): value 'G11' is not one of the grades in params "
        "(G1, G2, SLT). Did you mean 'G1'?",
        "column 'grade', row 5 (1 row): value 'X' is not one of the grades in params "
        "(G1, G2, SLT).",
    ]
    # unknown -> None; known values kept
    assert [v is None for v in values] == [True, False, True, True, True]


def test_blank_required_category_is_nan_and_unknown_is_none() -> None:
    # a blank grade is left to the caller's 'value is blank' message (NaN); an unknown one is None
    values, problems, _ = parse(["", "G7"], schema.Column("grade", "category", code_list="grade"))
    assert isinstance(values[0], float) and math.isnan(values[0])
    assert values[1] is None
    assert len(problems) == 1


def test_blank_optional_category_is_not_known() -> None:
    values, problems, _ = parse(["", None, " ", "yes"], schema.Column(
        "caring_responsibilities", "category", code_list="yes_no"))
    assert values.tolist() == ["Not known", "Not known", "Not known", "Yes"]
    assert problems == []


def test_dates_iso_and_uk_with_uk_rows_in_row_order() -> None:
    values, problems, uk_rows = parse(
        ["05/03/2019", "2020-01-02", "", "05/03/2019", "1/2/2020", "31/02/2020"],
        schema.Column("start_date", "date"))
    assert values.dtype == "datetime64[ns]"
    assert values.iloc[:2].tolist() == [pd.Timestamp("2019-03-05"), pd.Timestamp("2020-01-02")]
    assert values.iloc[2] is pd.NaT and values.iloc[5] is pd.NaT
    assert values.iloc[3] == pd.Timestamp("2019-03-05") and values.iloc[4] == pd.Timestamp(
        "2020-02-01")
    # every UK-form row, repeated values included; the impossible 31/02 is not one
    assert uk_rows == [2, 5, 6]
    assert problems == ["column 'start_date', row 7 (1 row): value '31/02/2020' is not a date "
                        "(expected YYYY-MM-DD, or DD/MM/YYYY)."]


def test_date_beyond_what_pandas_holds_is_a_problem_not_a_crash() -> None:
    # HR systems write 9999-12-31 for "no end date"; pandas timestamps end in 2262
    values, problems, _ = parse(["2020-01-02", "9999-12-31", "9999-12-31"],
                                schema.Column("leave_date", "date"))
    assert values.iloc[0] == pd.Timestamp("2020-01-02") and values.iloc[1:].isna().all()
    assert problems == ["column 'leave_date', rows 3, 4 (2 rows): value '9999-12-31' is not a date "
                        "in the years 1678 to 2261 (leave the cell blank when there is no date)."]


def test_numbers_with_pound_sign_and_commas_and_bad_text() -> None:
    values, problems, _ = parse(["£1,234.50", "7", "seven", "7", ""], schema.Column(
        "ordinary_pay", "float"))
    assert values.dtype == float
    assert values.iloc[:2].tolist() == [1234.5, 7.0] and values.iloc[3] == 7.0
    assert math.isnan(values.iloc[2]) and math.isnan(values.iloc[4])
    assert problems == ["column 'ordinary_pay', row 4 (1 row): value 'seven' is not a number."]


def test_whole_numbers_reject_fractions() -> None:
    values, problems, _ = parse(["34", "41.5", "34"], schema.Column("age", "int"))
    assert values.iloc[[0, 2]].tolist() == [34.0, 34.0] and math.isnan(values.iloc[1])
    assert problems == ["column 'age', row 3 (1 row): value '41.5' is not a whole number."]


def test_booleans_are_objects_with_none_for_blank() -> None:
    values, problems, _ = parse(["yes", "N", "", "perhaps", "TRUE"], schema.Column(
        "reduced_pay_leave", "bool"))
    assert values.tolist() == [True, False, None, None, True]
    assert values.dtype == object and values.name is None
    assert problems == ["column 'reduced_pay_leave', row 5 (1 row): value 'perhaps' is not true "
                        "or false (also accepted: yes/no, y/n, 1/0)."]


def test_text_keeps_index_and_blank_is_none() -> None:
    values, _, _ = parse([" E1 ", "", "E1"], schema.Column("employee_id", "text"),
                         index=[10, 11, 12])
    assert values.tolist() == ["E1", None, "E1"]
    assert values.index.tolist() == [10, 11, 12]


@pytest.mark.parametrize("kind", ["text", "int", "float", "bool", "date"])
def test_empty_column(kind: str) -> None:
    values, problems, uk_rows = parse([], schema.Column("x", kind))  # type: ignore[arg-type]
    assert len(values) == 0 and problems == [] and uk_rows == []
