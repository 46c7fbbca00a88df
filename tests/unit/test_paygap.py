"""Unit tests of eqlib.paygap (and the pay-gap intervals it uses); hand-computed expectations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from eqlib import DataError, PublicationError
from eqlib.intervals import pay_gap_intervals, resampled_mean_median
from eqlib.paygap import (
    GPG_FIELDS,
    NOT_DISTINGUISHABLE,
    declaration_rate,
    full_pay_relevant,
    gpg_figures,
    gpg_submission,
    gpg_submission_frame,
    gpg_trend,
    hourly_pay,
    intersectional_pay_gaps,
    pay_gap_by,
    pay_gap_pct,
    pay_gap_trend,
    pay_gap_within,
    quarter_band_sizes,
    quarter_bands,
    quarter_composition,
)

OPTS = {"confidence_level": 0.95, "n_boot": 200, "seed": 7, "max_n": 50_000, "min_group": 1}


def wf(male_pay, female_pay, *, male_bonus=None, female_bonus=None, **extra) -> pd.DataFrame:
    n_m, n_f = len(male_pay), len(female_pay)
    frame = pd.DataFrame({
        "employee_id": [f"E{i:03d}" for i in range(n_m + n_f)],
        "sex": ["Male"] * n_m + ["Female"] * n_f,
        "hourly_pay": list(male_pay) + list(female_pay),
        "bonus_pay_12m": list(male_bonus or [0.0] * n_m) + list(female_bonus or [0.0] * n_f),
    })
    for key, values in extra.items():
        frame[key] = values
    return frame


def valid_figures(**changes) -> dict:
    figures = dict.fromkeys(GPG_FIELDS, 50.0)
    figures.update(changes)
    return figures


# ------------------------------------------------------------------------------------------------
# hourly pay and FPRE
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("days", [7, 14, 28, 29, 30, 31])
def test_hourly_pay_uses_actual_days_in_period(days):
    # pay of £20/hour for 35 hours a week over `days` days: 20 * 35 * days / 7
    frame = pd.DataFrame({"ordinary_pay": [20 * 35 * days / 7], "pay_period_days": [days],
                          "weekly_hours": [35.0]})
    assert hourly_pay(frame).iloc[0] == pytest.approx(20.0)


def test_hourly_pay_adds_bonus_in_period_and_missing_bonus_is_zero():
    frame = pd.DataFrame({"ordinary_pay": [2800.0, 2800.0], "bonus_pay_in_period": [280.0, None],
                          "pay_period_days": [28, 28], "weekly_hours": [35.0, 35.0]})
    # (2800 + 280) * 7 / 28 / 35 = 22; (2800 + 0) * 7 / 28 / 35 = 20
    assert hourly_pay(frame).tolist() == pytest.approx([22.0, 20.0])


def test_hourly_pay_given_column_wins_and_blank_falls_back_to_derivation():
    frame = pd.DataFrame({"hourly_pay": [12.5, None], "ordinary_pay": [9999.0, 3100.0],
                          "pay_period_days": [31, 31], "weekly_hours": [37.0, 35.0]})
    assert hourly_pay(frame).tolist() == pytest.approx([12.5, 20.0])


def test_hourly_pay_is_nan_without_usable_days_or_hours():
    frame = pd.DataFrame({"ordinary_pay": [100.0, 100.0], "pay_period_days": [0, 7],
                          "weekly_hours": [35.0, np.nan]})
    assert hourly_pay(frame).isna().all()


def test_full_pay_relevant_parses_text_and_blank_is_full_pay():
    frame = pd.DataFrame({"reduced_pay_leave": ["true", "FALSE", None, " yes "]})
    assert full_pay_relevant(frame).tolist() == [False, True, True, False]


def test_full_pay_relevant_without_column_is_everyone():
    assert full_pay_relevant(pd.DataFrame({"x": [1, 2]})).tolist() == [True, True]


def test_full_pay_relevant_rejects_other_values():
    with pytest.raises(DataError, match="reduced_pay_leave"):
        full_pay_relevant(pd.DataFrame({"reduced_pay_leave": ["maybe"]}))


# ------------------------------------------------------------------------------------------------
# quarter bands
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("n", "sizes"), [(0, (0, 0, 0, 0)), (1, (1, 0, 0, 0)),
                                          (2, (1, 0, 1, 0)), (3, (1, 1, 1, 0)),
                                          (4, (1, 1, 1, 1)), (8, (2, 2, 2, 2))])
def test_quarter_band_sizes_small(n, sizes):
    assert quarter_band_sizes(n) == sizes


def test_quarter_bands_one_person_is_lower_band():
    assert quarter_bands(pd.Series([12.0]), pd.Series(["Male"])).tolist() == [1]


def test_quarter_bands_empty():
    out = quarter_bands(pd.Series([], dtype=float), pd.Series([], dtype=object))
    assert out.empty


def test_quarter_bands_distinct_pay_ranks_people():
    pay = pd.Series([40.0, 10.0, 30.0, 20.0], index=["d", "a", "c", "b"])
    out = quarter_bands(pay, pd.Series("x", index=pay.index))
    assert out.to_dict() == {"d": 4, "a": 1, "c": 3, "b": 2}


def test_quarter_bands_all_tied_two_groups():
    # 8 on one rate, 4 F and 4 M, 2 places per band: exactly 1 F and 1 M in every band
    pay = pd.Series([10.0] * 8)
    sex = pd.Series(["F", "M"] * 4)
    table = pd.crosstab(quarter_bands(pay, sex), sex)
    assert table.to_numpy().tolist() == [[1, 1]] * 4


def test_quarter_bands_tied_members_fill_places_by_id():
    # N = 8, bands of 2: pay 1 and 2 fill the lower band; 4 tied women share the lower-middle (2
    # places) and upper-middle (2) bands; the smallest ids take the lower places (natural order:
    # 2 and 4, then 10 and 33; as text "10" < "2" would differ)
    pay = pd.Series([1.0, 2.0, 5.0, 5.0, 5.0, 5.0, 9.0, 9.5])
    group = pd.Series(["x", "x", "F", "F", "F", "F", "x", "x"])
    ids = pd.Series([100, 101, 10, 2, 33, 4, 102, 103])
    out = quarter_bands(pay, group, ids=ids)
    assert out[2:6].tolist() == [3, 2, 3, 2]


def test_quarter_bands_missing_pay_is_a_data_error():
    with pytest.raises(DataError, match="missing hourly pay"):
        quarter_bands(pd.Series([1.0, np.nan]), pd.Series(["a", "b"]))


def test_quarter_bands_duplicate_ids_on_a_shared_rate_rejected():
    with pytest.raises(ValueError, match="ids repeat"):
        quarter_bands(pd.Series([5.0] * 4 + [6.0] * 2), pd.Series(list("abab") + ["a", "b"]),
                      ids=pd.Series([1, 1, 2, 3, 4, 5]))


def test_quarter_bands_misaligned_group_rejected():
    with pytest.raises(ValueError, match="aligned"):
        quarter_bands(pd.Series([1.0, 2.0]), pd.Series(["a", "b"], index=[5, 6]))


# ------------------------------------------------------------------------------------------------
# gpg_figures
# ------------------------------------------------------------------------------------------------
def test_gpg_figures_hand_computed():
    # men 10, 20, 30 (mean 20, median 20); women 8, 12, 16 (mean 12, median 12)
    # gaps (20 - 12) / 20 = 40%; bonus: men 100, 300 (mean 200, median 200), women 150 ->
    # mean gap 25%, median 25%; proportions 2/3 and 1/3
    frame = wf([10.0, 20.0, 30.0], [8.0, 12.0, 16.0], male_bonus=[100.0, 0.0, 300.0],
               female_bonus=[0.0, 150.0, 0.0])
    f = gpg_figures(frame)
    assert list(f) == list(GPG_FIELDS)
    assert f["DiffMeanHourlyPercent"] == pytest.approx(40.0)
    assert f["DiffMedianHourlyPercent"] == pytest.approx(40.0)
    assert f["DiffMeanBonusPercent"] == pytest.approx(25.0)
    assert f["DiffMedianBonusPercent"] == pytest.approx(25.0)
    assert f["MaleBonusPercent"] == pytest.approx(200 / 3)
    assert f["FemaleBonusPercent"] == pytest.approx(100 / 3)
    # N = 6 -> bands 2, 1, 2, 1: (8, 10) (12) (16, 20) (30)
    assert f["MaleLowerQuartile"] == pytest.approx(50.0)
    assert f["MaleLowerMiddleQuartile"] == pytest.approx(0.0)
    assert f["FemaleUpperMiddleQuartile"] == pytest.approx(50.0)
    assert f["MaleTopQuartile"] == pytest.approx(100.0)


def test_gpg_figures_excludes_reduced_pay_leave_from_hourly_but_not_bonus():
    # the man on reduced-pay leave (pay 1.0) is left out of the hourly figures and quarters, but
    # counts in the bonus proportion denominator: 1 of 3 men received a bonus
    frame = wf([10.0, 20.0, 1.0], [10.0, 10.0], male_bonus=[50.0, 0.0, 0.0],
               female_bonus=[50.0, 0.0], reduced_pay_leave=[False, False, True, False, False])
    f = gpg_figures(frame)
    assert f["DiffMeanHourlyPercent"] == pytest.approx((15 - 10) / 15 * 100)
    assert f["MaleBonusPercent"] == pytest.approx(100 / 3)
    # 4 FPREs, one per band
    shares = [f[f"Male{b}Quartile"] for b in ("Lower", "LowerMiddle", "UpperMiddle", "Top")]
    assert shares == [0.0, 0.0, 100.0, 100.0]


def test_gpg_figures_no_bonus_for_one_sex_gives_none_and_blank_submission():
    frame = wf([10.0, 20.0, 30.0], [8.0, 12.0, 16.0], male_bonus=[100.0, 0.0, 0.0])
    f = gpg_figures(frame)
    assert f["DiffMeanBonusPercent"] is None and f["DiffMedianBonusPercent"] is None
    assert f["FemaleBonusPercent"] == 0.0
    s = gpg_submission(f)
    assert s["DiffMeanBonusPercent"] is None and s["DiffMedianBonusPercent"] is None
    row = gpg_submission_frame(s)
    assert list(row.columns) == list(GPG_FIELDS)
    assert math.isnan(row.loc[0, "DiffMeanBonusPercent"])
    assert row.to_csv(index=False).splitlines()[1].split(",")[2] == ""


def test_gpg_figures_all_tied_gives_zero_gaps():
    f = gpg_figures(wf([15.0] * 4, [15.0] * 4))
    assert f["DiffMeanHourlyPercent"] == 0.0 and f["DiffMedianHourlyPercent"] == 0.0
    assert [f[f"Male{b}Quartile"] for b in ("Lower", "LowerMiddle", "UpperMiddle", "Top")] == [
        50.0] * 4


def test_gpg_figures_one_person():
    f = gpg_figures(wf([15.0], []))
    assert f["DiffMeanHourlyPercent"] is None
    assert f["FemaleBonusPercent"] is None
    assert f["MaleLowerQuartile"] == 100.0 and f["MaleTopQuartile"] is None
    with pytest.raises(PublicationError, match="DiffMeanHourlyPercent is blank"):
        gpg_submission(f)


def test_gpg_figures_accepts_raw_columns():
    raw = pd.DataFrame({
        "Employee_ID ": ["1", "2"], "SEX": ["male", " Female"],
        "ordinary_pay": [3100.0, 2790.0], "pay_period_days": [31, 31],
        "weekly_hours": [35.0, 35.0], "reduced_pay_leave": ["false", ""],
    })
    f = gpg_figures(raw)
    assert f["DiffMeanHourlyPercent"] == pytest.approx(10.0)
    assert f["MaleBonusPercent"] == 0.0


def test_gpg_figures_invalid_sex_is_reported():
    frame = wf([10.0], [9.0])
    frame.loc[1, "sex"] = "Unknown"
    with pytest.raises(DataError, match="without a valid sex"):
        gpg_figures(frame)


def test_gpg_figures_fpre_without_pay_is_reported():
    frame = wf([10.0, np.nan], [9.0])
    with pytest.raises(DataError, match="E001"):
        gpg_figures(frame)


# ------------------------------------------------------------------------------------------------
# gpg_submission
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.05, 0.1), (0.15, 0.2), (2.25, 2.3), (2.35, 2.4), (13.45, 13.5), (-0.05, -0.1),
     (-2.25, -2.3), (9.04999, 9.0), (13.5943, 13.6)],
)
def test_submission_rounds_half_away_from_zero(value, expected):
    s = gpg_submission(valid_figures(DiffMeanHourlyPercent=value))
    assert s["DiffMeanHourlyPercent"] == expected


def test_submission_female_share_is_100_minus_rounded_male():
    # 16.85 -> 16.9 (half away from zero), female 100 - 16.9 = 83.1 (not round(83.15) = 83.2)
    s = gpg_submission(valid_figures(MaleLowerQuartile=16.85, FemaleLowerQuartile=83.15))
    assert (s["MaleLowerQuartile"], s["FemaleLowerQuartile"]) == (16.9, 83.1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"DiffMeanHourlyPercent": 100.06}, "exceeds 100"),  # rounds to 100.1
        ({"MaleBonusPercent": 0.0}, "must be blank"),
        ({"DiffMeanBonusPercent": None}, "blank although both sexes"),
        ({"FemaleBonusPercent": 101.0}, "outside 0-100"),
        ({"MaleTopQuartile": 120.0}, "outside 0-100"),
        ({"MaleTopQuartile": None}, "every pay quarter needs people"),
        ({"DiffMedianHourlyPercent": None}, "DiffMedianHourlyPercent is blank"),
    ],
)
def test_submission_checks_fail_clearly(changes, message):
    with pytest.raises(PublicationError, match=message):
        gpg_submission(valid_figures(**changes))


def test_submission_missing_and_unknown_fields():
    figures = valid_figures()
    del figures["MaleTopQuartile"]
    figures["Extra"] = 1.0
    with pytest.raises(PublicationError, match="missing field.*MaleTopQuartile"):
        gpg_submission(figures)


def test_submission_nan_is_blank():
    s = gpg_submission(valid_figures(MaleBonusPercent=0.0, DiffMeanBonusPercent=float("nan"),
                                     DiffMedianBonusPercent=None))
    assert s["DiffMeanBonusPercent"] is None


def test_submission_lists_every_failure():
    with pytest.raises(PublicationError) as info:
        gpg_submission(valid_figures(DiffMeanHourlyPercent=150.0, FemaleBonusPercent=-1.0))
    assert "exceeds 100" in str(info.value) and "outside 0-100" in str(info.value)


# ------------------------------------------------------------------------------------------------
# pay gaps of any characteristic
# ------------------------------------------------------------------------------------------------
def test_pay_gap_pct():
    assert pay_gap_pct(20.0, 15.0) == 25.0
    assert pay_gap_pct(20.0, 25.0) == -25.0
    assert pay_gap_pct(0.0, 1.0) is None and pay_gap_pct(float("nan"), 1.0) is None


def _disability_frame() -> pd.DataFrame:
    # Not disabled: 10, 20, 30 (mean/median 20); Disabled: 12, 15, 18 (mean/median 15)
    # not declared: 1 and 100 (would change both groups if included)
    return pd.DataFrame({
        "employee_id": list("abcdefgh"),
        "disability": ["Not disabled"] * 3 + ["Disabled"] * 3 + ["Prefer not to say", None],
        "hourly_pay": [10.0, 20.0, 30.0, 12.0, 15.0, 18.0, 1.0, 100.0],
        "bonus_pay_12m": [0.0, 100.0, 200.0, 75.0, 0.0, 0.0, 0.0, 500.0],
    })


def test_pay_gap_by_hand_computed_and_not_declared_excluded():
    t = pay_gap_by(_disability_frame(), "disability", reference="Not disabled", **OPTS)
    assert t["group"].tolist() == ["Disabled"]
    row = t.iloc[0]
    assert (row["n_group"], row["n_reference"]) == (3, 3)
    assert row["mean_gap_pct"] == pytest.approx(25.0)
    assert row["median_gap_pct"] == pytest.approx(25.0)
    # bonus recipients: reference 100, 200 (mean 150, median 150); group 75 -> 50%
    assert row["mean_bonus_gap_pct"] == pytest.approx(50.0)
    assert row["bonus_pct_group"] == pytest.approx(100 / 3)
    assert row["bonus_pct_reference"] == pytest.approx(200 / 3)
    assert row["bonus_pct_group_ci_low"] < 100 / 3 < row["bonus_pct_group_ci_high"]
    assert row["mean_gap_ci_low"] <= 25.0 <= row["mean_gap_ci_high"]
    assert row["interval_method"].startswith("mean: stratified bootstrap")
    assert not row["suppressed"]


def test_pay_gap_by_is_reproducible_with_the_seed():
    a = pay_gap_by(_disability_frame(), "disability", reference="Not disabled", **OPTS)
    b = pay_gap_by(_disability_frame(), "disability", reference="Not disabled", **OPTS)
    pd.testing.assert_frame_equal(a, b)


def test_pay_gap_by_suppresses_small_groups():
    opts = {**OPTS, "min_group": 4}
    row = pay_gap_by(_disability_frame(), "disability", reference="Not disabled", **opts).iloc[0]
    assert row["suppressed"] and math.isnan(row["mean_gap_pct"])
    assert math.isnan(row["mean_gap_ci_low"])
    assert "fewer than 4" in row["suppression_reason"]


def test_pay_gap_by_group_without_fpre_has_nan_gap():
    frame = _disability_frame()
    frame["reduced_pay_leave"] = frame["disability"].eq("Disabled")
    row = pay_gap_by(frame, "disability", reference="Not disabled", **OPTS).iloc[0]
    assert row["n_group"] == 0 and math.isnan(row["mean_gap_pct"])
    assert row["n_group_relevant"] == 3 and row["bonus_pct_group"] == pytest.approx(100 / 3)


def test_pay_gap_by_labels_interval_containing_zero():
    frame = pd.DataFrame({
        "sex": ["Male"] * 6 + ["Female"] * 6,
        "hourly_pay": [10.0, 12, 14, 16, 18, 20] * 2,
    })
    row = pay_gap_by(frame, "sex", reference="Male", **OPTS).iloc[0]
    assert row["mean_gap_pct"] == 0.0
    assert row["mean_gap_note"] == NOT_DISTINGUISHABLE
    assert not row["mean_gap_distinguishable_from_zero"]


def test_pay_gap_by_distinguishable_when_interval_excludes_zero():
    frame = pd.DataFrame({"sex": ["Male"] * 5 + ["Female"] * 5,
                          "hourly_pay": [20.0] * 5 + [15.0] * 5})
    row = pay_gap_by(frame, "sex", reference="Male", **OPTS).iloc[0]
    assert (row["mean_gap_ci_low"], row["mean_gap_ci_high"]) == (25.0, 25.0)
    assert row["mean_gap_distinguishable_from_zero"]


def test_pay_gap_by_uses_grouped_sexual_orientation():
    frame = pd.DataFrame({
        "sexual_orientation": ["Straight or heterosexual", "Gay or lesbian"],
        "sexual_orientation_grouped": ["Straight or heterosexual", "LGB+"],
        "hourly_pay": [20.0, 18.0],
    })
    t = pay_gap_by(frame, "sexual_orientation", reference="Straight or heterosexual", **OPTS)
    assert t["group"].tolist() == ["LGB+"] and t.loc[0, "mean_gap_pct"] == pytest.approx(10.0)


def test_pay_gap_by_rejects_unknown_reference():
    with pytest.raises(ValueError, match="valid groups"):
        pay_gap_by(_disability_frame(), "disability", reference="Nondisabled", **OPTS)


def test_pay_gap_by_large_comparison_uses_delta_method():
    row = pay_gap_by(_disability_frame(), "disability", reference="Not disabled",
                     **{**OPTS, "max_n": 5}).iloc[0]
    assert "delta method" in row["interval_method"]
    assert "rate-table bootstrap" in row["interval_method"]


# ------------------------------------------------------------------------------------------------
# composition, declaration, intersectional, within, trend
# ------------------------------------------------------------------------------------------------
def test_quarter_composition_keeps_not_declared():
    t = quarter_composition(_disability_frame(), "disability")
    assert set(t["group"]) == {"Disabled", "Not disabled", "Prefer not to say", "Not known"}
    # 8 people -> bands of 2; lower band = pay 1 (Prefer not to say) and 10 (Not disabled)
    lower = t[t["quarter"] == 1].set_index("group")["n"].to_dict()
    assert lower == {"Disabled": 0, "Not disabled": 1, "Prefer not to say": 1, "Not known": 0}
    assert t.groupby("quarter")["pct"].sum().tolist() == pytest.approx([100.0] * 4)
    assert t["n"].sum() == 8


def test_declaration_rate_counts():
    t = declaration_rate(_disability_frame(), ["disability"])
    assert t.loc[0, ["n", "n_declared", "n_prefer_not_to_say", "n_not_known"]].tolist() == [
        8, 6, 1, 1]
    assert t.loc[0, "declaration_rate"] == pytest.approx(0.75)


def test_intersectional_collapses_small_groups_into_broader_level():
    rows = []
    for i in range(4):
        rows.append(("Male", "White British", "White British", 20.0 + i))
        rows.append(("Female", "White British", "White British", 18.0 + i))
    rows += [("Female", "Black", "Ethnic minority", 15.0), ("Female", "Asian",
             "Ethnic minority", 17.0), ("Female", "Mixed", "Ethnic minority", 16.0)]
    frame = pd.DataFrame(rows, columns=["sex", "ethnicity_broad", "ethnicity_binary",
                                        "hourly_pay"])
    t = intersectional_pay_gaps(frame, ("sex", "ethnicity_broad"),
                                reference=("Male", "White British"), **{**OPTS, "min_group": 2})
    collapsed = t[t["level"] == "ethnicity_binary"].iloc[0]
    assert collapsed["group"] == "Female × Ethnic minority (Asian, Black, Mixed)"
    assert collapsed["collapsed_from"] == "Female × Asian; Female × Black; Female × Mixed"
    assert collapsed["n_group"] == 3
    # reference mean 21.5, group mean 16 -> (21.5 - 16) / 21.5
    assert collapsed["mean_gap_pct"] == pytest.approx(5.5 / 21.5 * 100)
    kept = t[t["group"] == "Female × White British"].iloc[0]
    assert kept["level"] == "ethnicity_broad" and pd.isna(kept["collapsed_from"])


def test_pay_gap_within_grade():
    frame = pd.DataFrame({"sex": ["Male", "Female"] * 3, "grade": ["G1"] * 4 + ["G2"] * 2,
                          "hourly_pay": [10.0, 9.0, 12.0, 11.0, 30.0, 15.0]})
    t = pay_gap_within(frame, "sex", by="grade", reference="Male", **OPTS)
    assert t["level"].tolist() == ["G1", "G2"]
    # G1: men 10, 12 (mean 11), women 9, 11 (mean 10) -> 1/11; G2: 30 vs 15 -> 50%
    assert t["mean_gap_pct"].tolist() == pytest.approx([1 / 11 * 100, 50.0])
    with pytest.raises(ValueError, match="by must be one of"):
        pay_gap_within(frame, "sex", by="team", reference="Male", **OPTS)


def test_trends_side_by_side_with_change():
    y1 = wf([20.0, 20.0], [15.0, 15.0])
    y2 = wf([20.0, 20.0], [18.0, 18.0])
    t = gpg_trend({2026: y2, 2025: y1}).set_index("measure")
    assert list(t.columns[:2]) == ["2025", "2026"]
    assert t.loc["DiffMeanHourlyPercent"].tolist() == pytest.approx([25.0, 10.0, -15.0])
    p = pay_gap_trend({2025: y1, 2026: y2}, "sex", reference="Male", **OPTS)
    row = p[(p["group"] == "Female") & (p["measure"] == "median_gap_pct")].iloc[0]
    assert (row["2025"], row["2026"], row["change_2025_2026"]) == pytest.approx((25, 10, -15))


# ------------------------------------------------------------------------------------------------
# intervals used by the pay gaps
# ------------------------------------------------------------------------------------------------
def test_pay_gap_intervals_empty_group():
    out = pay_gap_intervals(np.array([1.0, 2.0]), np.array([]), confidence_level=0.95,
                            n_boot=10, seed=1, max_n=100)
    assert all(math.isnan(v) for v in out["mean"]) and out["mean_method"] == "none"


@pytest.mark.parametrize("n", [1, 2, 5, 6])
def test_rate_table_and_index_resampling_give_same_constant_answers(n):
    x = np.full(n, 7.0)
    for method in ("indices", "rate_table"):
        means, medians = resampled_mean_median(x, n_boot=5, rng=np.random.default_rng(0),
                                               method=method)
        assert means.tolist() == [7.0] * 5 and medians.tolist() == [7.0] * 5


def test_rate_table_median_of_even_count_averages_middle_values():
    # resampling {1, 3} twice: medians are 1, 2 or 3; mean of the two middle values
    _, medians = resampled_mean_median(np.array([1.0, 3.0]), n_boot=200,
                                       rng=np.random.default_rng(0), method="rate_table")
    assert set(medians.tolist()) == {1.0, 2.0, 3.0}


def test_gpg_submission_never_gives_minus_zero():
    # issue 17 item 8: a gap of -0.04% rounds to 0.0, printed "0.0", never "-0.0"
    from eqlib.paygap import GPG_FIELDS, gpg_submission

    figures = {f: None for f in GPG_FIELDS}
    figures.update({"DiffMeanHourlyPercent": -0.04, "DiffMedianHourlyPercent": -0.049})
    for q in ("Lower", "LowerMiddle", "UpperMiddle", "Top"):
        figures[f"Male{q}Quartile"] = 50.0
        figures[f"Female{q}Quartile"] = 50.0
    figures.update({"MaleBonusPercent": 0.0, "FemaleBonusPercent": 0.0})
    out = gpg_submission(figures)
    assert str(out["DiffMeanHourlyPercent"]) == "0.0"
    assert str(out["DiffMedianHourlyPercent"]) == "0.0"
