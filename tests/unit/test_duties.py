"""Ethnicity and disability pay gap duties (eqlib.duties, eqlib.paygap.binary_figures)."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from eqlib import disclosure, duties, paygap
from eqlib.config import load_params, validate_params
from eqlib.errors import ParamsError, PublicationError

REFS = {"ethnicity_binary": "White British", "ethnicity_broad": "White British",
        "ethnicity_detailed": "White: English, Welsh, Scottish, Northern Irish or British",
        "disability": "Not disabled"}


def random_workforce(n: int = 300, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pay = np.round(rng.lognormal(2.8, 0.35, n), 1)  # rounded: many ties at quarter boundaries
    return pd.DataFrame({
        "employee_id": [f"E{i:04d}" for i in range(n)],
        "sex": rng.choice(["Female", "Male"], n),
        "disability": rng.choice(["Disabled", "Not disabled"], n, p=[0.2, 0.8]),
        "hourly_pay": pay,
        "bonus_pay_12m": np.where(rng.random(n) < 0.3, rng.integers(100, 2000, n), 0.0),
        "reduced_pay_leave": rng.random(n) < 0.05,
    })


# ------------------------------------------------------------------------------------------------
# The same function as the gender pay gap
# ------------------------------------------------------------------------------------------------
def test_binary_figures_of_sex_are_the_gender_figures():
    wf = random_workforce()
    f = paygap.binary_figures(wf, wf["sex"], group="Female", reference="Male",
                              prefixes=("Male", "Female"))
    assert f == paygap.gpg_figures(wf)


def test_disability_figures_equal_the_gender_computation_applied_to_disability():
    wf = random_workforce()
    as_sex = wf.assign(sex=wf["disability"].map({"Disabled": "Female", "Not disabled": "Male"}))
    gender = paygap.gpg_figures(as_sex)
    mine = duties.duty_comparisons(wf, "disability", comparisons=["binary"],
                                   reference_groups=REFS, min_employees=10).iloc[0]
    for gpg_field, duty_field in zip(paygap.GPG_FIELDS, duties.DUTY_FIELDS, strict=True):
        expected = gender[gpg_field]
        if expected is None:
            assert mine[duty_field] is None or math.isnan(mine[duty_field]), duty_field
        else:
            assert mine[duty_field] == expected, duty_field  # the same function: exactly equal


def test_duty_fields_mirror_the_gov_uk_fields():
    assert duties.DUTY_FIELDS == tuple(
        f.replace("Male", "Reference").replace("Female", "Group") for f in paygap.GPG_FIELDS)
    assert duties.FILE_FIELDS == (
        "Characteristic", "Group", "ReferenceGroup", *duties.DUTY_FIELDS,
        "GroupEmployeesPercent", "ReferenceEmployeesPercent", "NotDisclosedPercent", "Reason")


# ------------------------------------------------------------------------------------------------
# A hand-checked example with a tied rate across quarter boundaries
# ------------------------------------------------------------------------------------------------
def tied_example() -> pd.DataFrame:
    # sorted pay 5 | 10 10 10 10 | 12 15 20; quarters of 2: the rate 10 takes 1 lower, 2 lower
    # middle and 1 upper middle place. Its 2 disabled and 2 not disabled people get, per band,
    # 0.5 / 1 / 0.5 each: the 0.5s are rounded by largest fraction, ties by label (Disabled
    # first), lower band first -> lower: 1 disabled; lower middle: 1 + 1; upper middle: 1 not
    # disabled. Within a group the smallest id takes the lowest place (E2 before E3).
    return pd.DataFrame({
        "employee_id": ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8"],
        "hourly_pay": [5.0, 10.0, 10.0, 10.0, 10.0, 12.0, 15.0, 20.0],
        "disability": ["Not disabled", "Disabled", "Disabled", "Not disabled", "Not disabled",
                       "Prefer not to say", "Disabled", "Not disabled"],
        "bonus_pay_12m": [100.0, 100.0, 0, 0, 0, 0, 0, 300.0],
    })


def test_hand_checked_example_with_ties_at_quarter_boundaries():
    wf = tied_example()
    bands = paygap.quarter_bands(wf["hourly_pay"], wf["disability"], ids=wf["employee_id"])
    assert bands.tolist() == [1, 1, 2, 2, 3, 3, 4, 4]
    row = duties.duty_comparisons(wf, "disability", comparisons=["binary"],
                                  reference_groups=REFS, min_employees=1).iloc[0]
    # disabled 10, 10, 15 (mean 11.667, median 10); not disabled 5, 10, 10, 20 (11.25, 10)
    assert row["DiffMeanHourlyPercent"] == pytest.approx((11.25 - 35 / 3) / 11.25 * 100)
    assert row["DiffMedianHourlyPercent"] == pytest.approx(0.0)
    # bonus: disabled 1 of 3 (100), not disabled 2 of 4 (100, 300: mean and median 200)
    assert row["GroupBonusPercent"] == pytest.approx(100 / 3)
    assert row["ReferenceBonusPercent"] == pytest.approx(50.0)
    assert row["DiffMeanBonusPercent"] == pytest.approx(50.0)
    assert row["DiffMedianBonusPercent"] == pytest.approx(50.0)
    # quarters over the two compared groups (E6 did not disclose: in the quarters, not a share)
    assert [row[f"Group{q}Quartile"] for q in ("Lower", "LowerMiddle", "UpperMiddle", "Top")] \
        == [50.0, 50.0, 0.0, 50.0]
    assert [row[f"q{k}_reference"] for k in (1, 2, 3, 4)] == [1, 1, 1, 1]
    assert (row["GroupEmployeesPercent"], row["ReferenceEmployeesPercent"],
            row["NotDisclosedPercent"]) == (37.5, 50.0, 12.5)


def test_row_order_does_not_change_the_figures():
    wf = tied_example()
    shuffled = wf.sample(frac=1, random_state=3).reset_index(drop=True)
    a = duties.duty_comparisons(wf, "disability", comparisons=["binary"],
                                reference_groups=REFS, min_employees=1)
    b = duties.duty_comparisons(shuffled, "disability", comparisons=["binary"],
                                reference_groups=REFS, min_employees=1)
    pd.testing.assert_frame_equal(a, b)


# ------------------------------------------------------------------------------------------------
# The under-10 rule
# ------------------------------------------------------------------------------------------------
def ethnic_workforce() -> pd.DataFrame:
    groups = ["White British"] * 30 + ["Asian"] * 12 + ["Black"] * 9 + ["Prefer not to say"] * 3
    n = len(groups)
    return pd.DataFrame({
        "employee_id": range(n),
        "hourly_pay": [10.0 + (i * 7) % 23 for i in range(n)],
        "bonus_pay_12m": [50.0 if i % 3 == 0 else 0.0 for i in range(n)],
        "ethnicity_broad": groups,
        "ethnicity_binary": [g if g in ("White British", "Prefer not to say")
                             else "Ethnic minority" for g in groups],
    })


def test_a_group_under_10_is_not_compared():
    wide = duties.duty_comparisons(ethnic_workforce(), "ethnicity", comparisons=["binary", "broad"],
                                   reference_groups=REFS, min_employees=10)
    assert wide[["column", "group", "allowed"]].values.tolist() == [
        ["ethnicity_binary", "Ethnic minority", True],
        ["ethnicity_broad", "Asian", True],
        ["ethnicity_broad", "Black", False],
    ]
    black = wide.iloc[2]
    assert black["not_allowed"] == "group_under_10"
    assert all(pd.isna(black[f]) for f in duties.DUTY_FIELDS)
    tidy = duties.duty_tidy(wide, table="t")
    black_rows = tidy[tidy["group"] == "Black"]
    assert black_rows["measure"].tolist() == ["percent"]  # composition only, no pay figure
    frame = duties.submission_frame(wide, tidy)
    row = frame[frame["Group"] == "Black"].iloc[0]
    assert row["Reason"] == "group_under_10"
    assert row[list(duties.DUTY_FIELDS)].isna().all()
    assert row["GroupEmployeesPercent"] == pytest.approx(16.7)  # 9 of 54


def test_a_group_of_exactly_the_minimum_is_compared():
    wide = duties.duty_comparisons(ethnic_workforce(), "ethnicity", comparisons=["broad"],
                                   reference_groups=REFS, min_employees=9)
    assert wide["allowed"].tolist() == [True, True]


def test_a_small_reference_group_stops_the_comparison():
    wf = ethnic_workforce()
    wide = duties.duty_comparisons(wf, "ethnicity", comparisons=["broad"], min_employees=31,
                                   reference_groups=REFS)
    assert wide["not_allowed"].tolist() == ["group_under_31; reference_under_31"] * 2


# ------------------------------------------------------------------------------------------------
# The published layout and its checks
# ------------------------------------------------------------------------------------------------
def test_published_file_rounds_and_pairs_quarters_like_the_gender_submission():
    wf = random_workforce(400, seed=11)
    wide = duties.duty_comparisons(wf, "disability", comparisons=["binary"],
                                   reference_groups=REFS, min_employees=10)
    frame = duties.submission_frame(wide, duties.duty_tidy(wide, table="t"))
    assert tuple(frame.columns) == duties.FILE_FIELDS
    row = frame.iloc[0]
    as_sex = wf.assign(sex=wf["disability"].map({"Disabled": "Female", "Not disabled": "Male"}))
    gender = paygap.gpg_submission(paygap.gpg_figures(as_sex))
    for gpg_field, duty_field in zip(paygap.GPG_FIELDS, duties.DUTY_FIELDS, strict=True):
        assert row[duty_field] == gender[gpg_field], duty_field
    for q in ("Lower", "LowerMiddle", "UpperMiddle", "Top"):
        assert Decimal(str(row[f"Reference{q}Quartile"])) + Decimal(
            str(row[f"Group{q}Quartile"])) == 100


def test_withheld_values_are_blank_with_their_fields_in_the_reason():
    wf = random_workforce(120, seed=5)
    wide = duties.duty_comparisons(wf, "disability", comparisons=["binary"],
                                   reference_groups=REFS, min_employees=10)
    tidy = duties.duty_tidy(wide, table="t")
    rules = disclosure.DisclosureRules(min_count=5, min_group_stat=10, min_group_pay=30)
    protected = disclosure.protect(tidy, rules)
    assert disclosure.check_table(protected, rules) == []
    row = duties.submission_frame(wide, protected).iloc[0]
    withheld = set(row["Reason"].split("withheld:")[1].split("|"))
    # fewer than 30 disabled bonus recipients: the bonus gaps are withheld at min_group_pay 30
    assert {"DiffMeanBonusPercent", "DiffMedianBonusPercent"} <= withheld
    for field in withheld:
        assert math.isnan(row[field]), field


def test_a_withheld_quarter_share_blanks_its_pair():
    wide = duties.duty_comparisons(random_workforce(), "disability", comparisons=["binary"],
                                   reference_groups=REFS, min_employees=10)
    tidy = duties.duty_tidy(wide, table="t")
    lower = (tidy["measure"] == "quarter_share_pct") & (tidy["level"] == "Lower")
    tidy.loc[lower, ["suppressed", "value"]] = [True, np.nan]
    row = duties.submission_frame(wide, tidy).iloc[0]
    assert math.isnan(row["ReferenceLowerQuartile"]) and math.isnan(row["GroupLowerQuartile"])
    assert "ReferenceLowerQuartile|GroupLowerQuartile" in row["Reason"]


def good_record(**changes) -> dict:
    rec = {"Characteristic": "disability", "Group": "Disabled", "ReferenceGroup": "Not disabled",
           **dict.fromkeys(duties.DUTY_FIELDS, Decimal("50.0")),
           "DiffMeanHourlyPercent": Decimal("3.1"), "DiffMedianHourlyPercent": Decimal("-2.0"),
           "GroupEmployeesPercent": Decimal("10.0"), "ReferenceEmployeesPercent": Decimal("80.0"),
           "NotDisclosedPercent": Decimal("10.0"), "Reason": None, "_no_bonus": False}
    rec.update(changes)
    return rec


def test_check_accepts_a_good_row():
    duties.check_submission([good_record()])


@pytest.mark.parametrize(("changes", "message"), [
    ({"GroupLowerQuartile": Decimal("49.9")}, "do not sum to 100"),
    ({"GroupTopQuartile": None}, "one share blank"),
    ({"DiffMeanHourlyPercent": Decimal("3.14")}, "more than one decimal"),
    ({"DiffMedianHourlyPercent": Decimal("100.5")}, "can never exceed 100"),
    ({"GroupBonusPercent": Decimal("101.0")}, "outside 0-100"),
    ({"_no_bonus": True}, "must be blank: a group received no bonus"),
    ({"DiffMeanBonusPercent": None}, "blank although both groups received bonuses"),
    ({"DiffMeanHourlyPercent": None}, "blank without a reason"),
    ({"NotDisclosedPercent": None}, "blank without a reason"),
    ({"Reason": "group_under_10"}, "given although the comparison is not allowed"),
])
def test_check_refuses(changes, message):
    with pytest.raises(PublicationError, match=message):
        duties.check_submission([good_record(**changes)])


def test_check_accepts_blanks_explained_by_the_reason():
    rec = good_record(DiffMeanHourlyPercent=None, NotDisclosedPercent=None,
                      Reason="withheld:DiffMeanHourlyPercent|NotDisclosedPercent")
    duties.check_submission([rec])
    blank = {f: None for f in duties.DUTY_FIELDS}
    duties.check_submission([good_record(**blank, Reason="group_under_10")])


# ------------------------------------------------------------------------------------------------
# Params
# ------------------------------------------------------------------------------------------------
def params_with(**duty):
    raw = dict(load_params("params/ci.yaml"))
    raw["pay_gap_duties"] = {**raw["pay_gap_duties"], **duty}
    return raw


def test_shipped_params_ask_for_the_binary_and_broad_ethnicity_and_disability_figures():
    p = load_params("params/2026.yaml")
    assert duties.duties_of(p) == {"ethnicity": ["binary", "broad"], "disability": ["binary"]}
    assert p["pay_gap_duties"]["min_employees"] == 10


@pytest.mark.parametrize(("duty", "message"), [
    ({"ethnicity": ["binary", "regional"]}, "pay_gap_duties.ethnicity"),
    ({"disability": "binary"}, "pay_gap_duties.disability"),
    ({"min_employees": 0}, "pay_gap_duties.min_employees"),
])
def test_params_refuse_unknown_comparisons(duty, message):
    with pytest.raises(ParamsError, match=message):
        validate_params(params_with(**duty))


def test_params_can_switch_a_duty_off():
    p = validate_params(params_with(ethnicity=[]))
    assert duties.duties_of(p) == {"disability": ["binary"]}
