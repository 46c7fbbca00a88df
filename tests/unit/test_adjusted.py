"""Unit tests of eqlib.adjusted: adjusted gap, Oaxaca-Blinder decomposition, cost to close."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

from eqlib.adjusted import (
    DECOMPOSITION_METHODS,
    WEEKS_PER_YEAR,
    adjusted_pay_gap,
    cost_to_close,
    pay_gap_decomposition,
)
from eqlib.errors import DataError

COLUMNS = ["group", "n", "adjusted_gap_pct", "ci_low", "ci_high", "p_value"]


def random_workforce(seed: int = 0, n: int = 300) -> pd.DataFrame:
    """Sex, grade, part-time, age; women 5% lower pay within grade; 20% undeclared disability."""
    rng = np.random.default_rng(seed)
    wf = pd.DataFrame({
        "sex": rng.choice(["Male", "Female"], n),
        "disability": rng.choice(["Disabled", "Not disabled", "Prefer not to say", "Not known"],
                                 n, p=[0.2, 0.6, 0.1, 0.1]),
        "grade": rng.choice(["G1", "G2", "G3"], n),
        "part_time": rng.random(n) < 0.3,
        "age": rng.integers(20, 60, n).astype(float),
    })
    base = wf["grade"].map({"G1": 10.0, "G2": 15.0, "G3": 22.0})
    wf["hourly_pay"] = base * np.exp(rng.normal(0, 0.1, n) - 0.05 * (wf["sex"] == "Female")
                                     + 0.002 * wf["age"])
    wf["weekly_hours"] = np.where(wf["part_time"], 20.0, 37.0)
    return wf


# ------------------------------------------------------------------------------------------------
# adjusted_pay_gap
# ------------------------------------------------------------------------------------------------
def two_grade_frame(factor: float = 0.9) -> pd.DataFrame:
    """Within each grade women are paid ``factor`` times the men: log gap exactly log(factor)."""
    male = [10.0, 10.2, 10.4, 20.0, 20.4, 20.8]
    grade = ["G1"] * 3 + ["G2"] * 3
    return pd.DataFrame({
        "sex": ["Male"] * 6 + ["Female"] * 6,
        "grade": grade * 2,
        "hourly_pay": male + [x * factor for x in male],
    })


def test_adjusted_gap_recovers_a_known_proportional_gap():
    out = adjusted_pay_gap(two_grade_frame(0.9), pay="hourly_pay", by="sex", reference="Male",
                           controls=["grade"])
    assert list(out.columns) == COLUMNS
    assert out["group"].tolist() == ["Female"]
    assert out["n"].tolist() == [6]
    assert out.loc[0, "adjusted_gap_pct"] == pytest.approx(10.0)  # (1 - 0.9) * 100
    assert out.loc[0, "ci_low"] < 10.0 < out.loc[0, "ci_high"]


def test_group_paid_more_gives_negative_gap():
    out = adjusted_pay_gap(two_grade_frame(1.25), pay="hourly_pay", by="sex", reference="Male",
                           controls=["grade"])
    assert out.loc[0, "adjusted_gap_pct"] == pytest.approx(-25.0)  # (1 - 1.25) * 100


def test_adjusted_gap_matches_statsmodels_formula_route():
    wf = random_workforce(1)
    out = adjusted_pay_gap(wf, pay="hourly_pay", by="sex", reference="Male",
                           controls=["grade", "part_time", "age"], confidence_level=0.9)
    fit = smf.ols("np.log(hourly_pay) ~ C(sex, Treatment('Male')) + C(grade) + part_time + age",
                  wf).fit(cov_type="HC3", use_t=True)
    name = "C(sex, Treatment('Male'))[T.Female]"
    beta = fit.params[name]
    lo, hi = fit.conf_int(alpha=0.1).loc[name]
    row = out.iloc[0]
    assert row["adjusted_gap_pct"] == pytest.approx((1 - math.exp(beta)) * 100)
    # orientation flip: the lower end of the gap comes from the upper end of beta
    assert row["ci_low"] == pytest.approx((1 - math.exp(hi)) * 100)
    assert row["ci_high"] == pytest.approx((1 - math.exp(lo)) * 100)
    assert row["p_value"] == pytest.approx(fit.pvalues[name])


def test_numeric_control_enters_linearly():
    # log pay = 2 + 0.01 * age exactly; women are older; no group effect at all
    age = np.array([25.0, 30, 35, 40, 45, 50, 55, 60])
    df = pd.DataFrame({"sex": ["Male"] * 4 + ["Female"] * 4, "age": age,
                       "hourly_pay": np.exp(2 + 0.01 * age)})
    out = adjusted_pay_gap(df, pay="hourly_pay", by="sex", reference="Male", controls=["age"])
    assert out.loc[0, "adjusted_gap_pct"] == pytest.approx(0.0, abs=1e-9)


def test_one_row_per_non_reference_group_in_code_list_order():
    rng = np.random.default_rng(2)
    groups = ["Black", "White British", "Asian", "Mixed"]
    df = pd.DataFrame({"ethnicity_broad": np.repeat(groups, 10),
                       "hourly_pay": rng.uniform(10, 20, 40)})
    out = adjusted_pay_gap(df, pay="hourly_pay", by="ethnicity_broad", reference="White British",
                           controls=[])
    assert out["group"].tolist() == ["Mixed", "Asian", "Black"]  # codes.ETHNICITY_BROAD order
    assert out["n"].tolist() == [10, 10, 10]


def test_no_controls_gives_geometric_mean_gap():
    df = pd.DataFrame({"sex": ["Male", "Male", "Female", "Female"],
                       "hourly_pay": [10.0, 40.0, 10.0, 10.0]})
    out = adjusted_pay_gap(df, pay="hourly_pay", by="sex", reference="Male", controls=[])
    # geometric means 20 and 10 -> 50%
    assert out.loc[0, "adjusted_gap_pct"] == pytest.approx(50.0)


def test_undeclared_and_missing_controls_are_excluded_and_counted():
    wf = random_workforce(3)
    wf.loc[wf.index[:7], "grade"] = None
    out = adjusted_pay_gap(wf, pay="hourly_pay", by="disability", reference="Not disabled",
                           controls=["grade"])
    undeclared = wf["disability"].isin(["Prefer not to say", "Not known"])
    missing = wf["grade"].isna() & ~undeclared
    assert out.attrs["n_excluded_undeclared"] == int(undeclared.sum())
    assert out.attrs["n_excluded_missing_controls"] == int(missing.sum())
    assert out.attrs["n_used"] == len(wf) - int(undeclared.sum()) - int(missing.sum())
    assert out.loc[0, "n"] == int(((wf["disability"] == "Disabled") & wf["grade"].notna()).sum())


def test_undeclared_rows_do_not_change_the_result():
    df = two_grade_frame(0.9)
    extra = pd.DataFrame({"sex": ["Not known", None], "grade": ["G1", "G2"],
                          "hourly_pay": [1000.0, 0.5]})
    a = adjusted_pay_gap(df, pay="hourly_pay", by="sex", reference="Male", controls=["grade"])
    b = adjusted_pay_gap(pd.concat([df, extra], ignore_index=True), pay="hourly_pay", by="sex",
                         reference="Male", controls=["grade"])
    pd.testing.assert_frame_equal(a, b)


def test_singleton_in_a_control_level_is_dropped_without_changing_the_gap():
    wf = random_workforce(4)
    base = adjusted_pay_gap(wf, pay="hourly_pay", by="sex", reference="Male",
                            controls=["grade", "part_time"])
    # one extra person alone in grade SLT: leverage 1, HC3 would be 0/0
    extra = pd.DataFrame({"sex": ["Female"], "grade": ["SLT"], "part_time": [False],
                          "hourly_pay": [80.0]})
    wf2 = pd.concat([wf, extra], ignore_index=True)
    out = adjusted_pay_gap(wf2, pay="hourly_pay", by="sex", reference="Male",
                           controls=["grade", "part_time"])
    assert out.attrs["n_singletons_dropped"] == 1
    for col in ("adjusted_gap_pct", "ci_low", "ci_high", "p_value"):
        assert out.loc[0, col] == pytest.approx(base.loc[0, col])


def test_group_of_one_gets_nan():
    wf = random_workforce(5)
    wf.loc[0, "sex"] = "Intersex"
    out = adjusted_pay_gap(wf, pay="hourly_pay", by="sex", reference="Male", controls=["grade"])
    row = out.set_index("group").loc["Intersex"]
    assert row["n"] == 1
    assert row[["adjusted_gap_pct", "ci_low", "ci_high", "p_value"]].isna().all()
    assert np.isfinite(out.set_index("group").loc["Female", "adjusted_gap_pct"])


def test_adjusted_gap_does_not_depend_on_row_order():
    wf = random_workforce(6)
    kw = {"pay": "hourly_pay", "by": "sex", "reference": "Male", "controls": ["grade", "age"]}
    a = adjusted_pay_gap(wf, **kw)
    b = adjusted_pay_gap(wf.sample(frac=1, random_state=1), **kw)
    pd.testing.assert_frame_equal(a, b, rtol=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"reference": "Other"}, DataError, "reference group 'Other'"),
        ({"controls": ["grade", "nope"]}, DataError, "'nope'"),
        ({"controls": ["sex"]}, ValueError, "must not include"),
        ({"confidence_level": 95}, ValueError, "confidence_level"),
    ],
)
def test_adjusted_gap_bad_arguments(kwargs, error, match):
    args = {"pay": "hourly_pay", "by": "sex", "reference": "Male", "controls": ["grade"]} | kwargs
    with pytest.raises(error, match=match):
        adjusted_pay_gap(two_grade_frame(), **args)


@pytest.mark.parametrize("bad", [0.0, -3.0, None])
def test_adjusted_gap_needs_positive_pay(bad):
    df = two_grade_frame()
    df.loc[3, "hourly_pay"] = bad
    with pytest.raises(DataError, match="positive"):
        adjusted_pay_gap(df, pay="hourly_pay", by="sex", reference="Male", controls=["grade"])


# ------------------------------------------------------------------------------------------------
# pay_gap_decomposition
# ------------------------------------------------------------------------------------------------
def decompose(df, **kwargs):
    args = {"pay": "y", "by": "g", "group": "G", "reference": "R", "controls": ["x"],
            "log": False} | kwargs
    return pay_gap_decomposition(df, **args)


# Reference R: x = 0,0,1,1, y = 10 + 10x; group G: x = 0,1,1,1, y = 5 + 10x.
# gap = 15 - 12.5 = 2.5; x̄_R - x̄_G = -0.25.
HAND = pd.DataFrame({"g": ["R"] * 4 + ["G"] * 4, "x": [0, 0, 1, 1, 0, 1, 1, 1],
                     "y": [10.0, 10, 20, 20, 5, 15, 15, 15]})


def test_pooled_decomposition_by_hand():
    d = decompose(HAND)
    # pooled model with indicator: slope 10 exactly -> explained = -0.25 * 10
    assert d["gap"] == pytest.approx(2.5)
    assert d["explained"] == pytest.approx(-2.5)
    assert d["unexplained"] == pytest.approx(5.0)
    assert (d["n_group"], d["n_reference"], d["method"]) == (4, 4, "pooled")


def test_neumark_is_run_not_silently_replaced_by_pooled():
    d = decompose(HAND, method="neumark")
    # pooled model without indicator: y on x over all 8; x=0: 10,10,5 (mean 25/3);
    # x=1: 20,20,15,15,15 (mean 17) -> slope 17 - 25/3 = 26/3; explained = -0.25 * 26/3
    assert d["explained"] == pytest.approx(-0.25 * 26 / 3)
    assert d["unexplained"] == pytest.approx(2.5 + 0.25 * 26 / 3)


@pytest.mark.parametrize("method", ["nuemark", "Neumark", "poled", "", "self_submitted", None])
def test_unknown_or_statsmodels_spelled_methods_raise(method):
    with pytest.raises(ValueError, match="method must be one of"):
        decompose(HAND, method=method)


def random_two_groups(seed: int) -> pd.DataFrame:
    wf = random_workforce(seed)
    return wf.rename(columns={"sex": "g", "hourly_pay": "y"}).replace({"g": {"Male": "R",
                                                                             "Female": "G"}})


@pytest.mark.parametrize("method", sorted(DECOMPOSITION_METHODS))
@pytest.mark.parametrize("log", [True, False])
def test_explained_plus_unexplained_is_the_gap(method, log):
    df = random_two_groups(7)
    d = decompose(df, controls=["grade", "part_time", "age"], method=method, log=log)
    y = np.log(df["y"]) if log else df["y"]
    assert d["gap"] == pytest.approx(y[df["g"] == "R"].mean() - y[df["g"] == "G"].mean())
    assert d["explained"] + d["unexplained"] == pytest.approx(d["gap"])


def test_groups_differing_only_by_a_control_have_no_unexplained_gap():
    # pay depends on grade only; the group is mostly in the lower grade
    df = pd.DataFrame({"g": ["R"] * 4 + ["G"] * 4,
                       "x": ["A", "B", "B", "B", "A", "A", "A", "B"],
                       "y": [10.0, 20, 20, 20, 10, 10, 10, 20]})
    for method in DECOMPOSITION_METHODS:
        d = decompose(df, method=method)
        assert d["gap"] == pytest.approx(5.0)  # 17.5 - 12.5
        assert d["explained"] == pytest.approx(5.0)
        assert d["unexplained"] == pytest.approx(0.0, abs=1e-9)


def test_groups_differing_only_by_group_have_no_explained_gap():
    # same grade mix; the group is paid 10% less in each grade
    df = pd.DataFrame({"g": ["R"] * 4 + ["G"] * 4, "x": ["A", "A", "B", "B"] * 2,
                       "y": [10.0, 11, 20, 22, 9, 9.9, 18, 19.8]})
    d = decompose(df, log=True)
    assert d["explained"] == pytest.approx(0.0, abs=1e-12)
    assert d["unexplained"] == pytest.approx(-math.log(0.9))
    assert d["gap"] == pytest.approx(-math.log(0.9))


def test_control_constant_within_one_group_keeps_the_constant():
    # every group member is part time (an indicator always 1 in that group): statsmodels'
    # add_constant would skip the constant there; we supply it ourselves
    df = pd.DataFrame({"g": ["R"] * 4 + ["G"] * 3,
                       "x": [True, False, False, False, True, True, True],
                       "y": [10.0, 20, 20, 20, 10, 10, 10]})
    d = decompose(df)
    assert d["gap"] == pytest.approx(17.5 - 10)
    assert d["explained"] == pytest.approx(7.5)
    assert d["unexplained"] == pytest.approx(0.0, abs=1e-9)


def test_gap_is_reference_minus_group_even_when_negative():
    d = decompose(HAND, group="R", reference="G")
    assert d["gap"] == pytest.approx(-2.5)  # statsmodels' swap=True would have made it +2.5
    assert d["explained"] == pytest.approx(2.5)
    assert d["unexplained"] == pytest.approx(-5.0)


def test_undeclared_and_other_groups_are_ignored():
    extra = pd.DataFrame({"g": ["Not known", "Other"], "x": [0, 1], "y": [1000.0, 1.0]})
    d = decompose(pd.concat([HAND, extra], ignore_index=True))
    assert d["gap"] == pytest.approx(2.5)
    assert d["n_excluded_undeclared"] == 1


def test_bootstrap_is_seeded_and_reproducible():
    df = random_two_groups(8)
    kw = {"controls": ["grade", "part_time"], "log": True, "n_bootstrap": 30}
    a = decompose(df, seed=11, **kw)
    b = decompose(df, seed=11, **kw)
    c = decompose(df, seed=12, **kw)
    assert a == b
    assert a["bootstrap_note"] == ""
    assert a["explained_se"] != c["explained_se"]
    for key in ("gap", "explained", "unexplained"):
        assert a[f"{key}_se"] > 0
        assert a[f"{key}_ci_low"] < a[key] < a[f"{key}_ci_high"]


def test_bootstrap_resample_without_a_group_gives_nan_errors_not_a_crash():
    small = pd.DataFrame({"g": ["R"] * 30 + ["G"] * 2, "x": np.arange(32.0) % 5,
                          "y": 10.0 + np.arange(32.0) % 7})
    d = decompose(small, n_bootstrap=200, seed=2)  # P(no G in a draw) ~ e^-2: certain in 200
    assert math.isnan(d["explained_se"]) and math.isnan(d["unexplained_se"])
    assert "nobody" in d["bootstrap_note"]
    assert d["explained"] + d["unexplained"] == pytest.approx(d["gap"])


def test_gap_standard_error_is_that_of_a_difference_of_means():
    df = random_two_groups(9)
    d = decompose(df, controls=["grade"], n_bootstrap=5, seed=1)
    r, g = df.loc[df["g"] == "R", "y"], df.loc[df["g"] == "G", "y"]
    assert d["gap_se"] == pytest.approx(math.sqrt(r.var() / len(r) + g.var() / len(g)))


def test_no_bootstrap_gives_nan_errors():
    d = decompose(HAND)
    assert math.isnan(d["explained_se"]) and math.isnan(d["gap_ci_low"])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n_bootstrap": 10}, ValueError),  # no seed
        ({"n_bootstrap": -1, "seed": 1}, ValueError),
        ({"group": "R"}, ValueError),
        ({"group": "Nobody"}, DataError),
        ({"controls": ["missing"]}, DataError),
    ],
)
def test_decomposition_bad_arguments(kwargs, error):
    with pytest.raises(error):
        decompose(HAND, **kwargs)


# ------------------------------------------------------------------------------------------------
# cost_to_close
# ------------------------------------------------------------------------------------------------
def grade_frame() -> pd.DataFrame:
    # G1: reference 10, 12, 14 (median 12), group 8, 13; G2: reference 20, group 15, 25;
    # G3: group only 30. Everyone works 35 hours.
    return pd.DataFrame({
        "disability": ["Not disabled"] * 4 + ["Disabled"] * 5 + ["Not known"],
        "grade": ["G1", "G1", "G1", "G2", "G1", "G1", "G2", "G2", "G3", "G1"],
        "hourly_pay": [10.0, 12, 14, 20, 8, 13, 15, 25, 30, 1],
        "weekly_hours": [35.0] * 10,
    })


def costs(df, **kwargs) -> pd.DataFrame:
    args = {"by": "disability", "group": "Disabled", "reference": "Not disabled",
            "controls": ["grade"]} | kwargs
    return cost_to_close(df, **args).set_index("rule")


def test_cost_to_close_rules_and_columns():
    out = cost_to_close(grade_frame(), by="disability", group="Disabled",
                        reference="Not disabled", controls=["grade"])
    assert out.columns.tolist() == ["rule", "raised_group", "uplift_pct", "annual_cost",
                                    "n_affected"]
    assert out["rule"].tolist() == ["median", "mean", "adjusted", "grade_median"]


def test_grade_median_rule_by_hand():
    row = costs(grade_frame()).loc["grade_median"]
    # 8 -> 12 (+4) in G1; 15 -> 20 (+5) in G2; G3 has no reference members; undeclared untouched
    assert row["annual_cost"] == pytest.approx(9 * 35 * 365 / 7)
    assert row["n_affected"] == 2
    assert row["uplift_pct"] == pytest.approx(9 / (8 + 13 + 15 + 25 + 30) * 100)


def test_uniform_median_and_mean_rules_by_hand():
    out = costs(grade_frame())
    # medians: reference 13 (12, 14 -> 13), group 15 -> the reference is lower paid
    assert out.loc["median", "raised_group"] == "Not disabled"
    assert out.loc["median", "uplift_pct"] == pytest.approx((15 / 13 - 1) * 100)
    # means: reference 14, group 18.2 -> reference raised by 18.2/14 - 1 = 30%
    assert out.loc["mean", "uplift_pct"] == pytest.approx(30.0)
    assert out.loc["mean", "annual_cost"] == pytest.approx(56 * 0.3 * 35 * WEEKS_PER_YEAR)
    assert out.loc["mean", "n_affected"] == 4


def test_each_uniform_uplift_closes_its_gap():
    wf = random_workforce(10)
    out = costs(wf, controls=["grade", "part_time"])
    for rule in ("median", "mean", "adjusted"):
        row = out.loc[rule]
        raised = wf.copy()
        sel = raised["disability"] == row["raised_group"]
        raised.loc[sel, "hourly_pay"] *= 1 + row["uplift_pct"] / 100
        pair = raised[raised["disability"].isin(["Disabled", "Not disabled"])]
        pay = pair.groupby("disability")["hourly_pay"]
        if rule in ("median", "mean"):
            stat = getattr(pay, rule)()
            assert stat["Disabled"] == pytest.approx(stat["Not disabled"])
        else:
            adj = adjusted_pay_gap(raised, pay="hourly_pay", by="disability",
                                   reference="Not disabled", controls=["grade", "part_time"])
            assert adj.loc[0, "adjusted_gap_pct"] == pytest.approx(0.0, abs=1e-9)
        extra = (wf.loc[sel, "hourly_pay"] * row["uplift_pct"] / 100
                 * wf.loc[sel, "weekly_hours"] * 365 / 7).sum()
        assert row["annual_cost"] == pytest.approx(extra)


def test_no_gap_costs_nothing():
    df = pd.DataFrame({"sex": ["Male", "Female"] * 2, "grade": ["G1"] * 4,
                       "hourly_pay": [10.0, 10.0, 12.0, 12.0], "weekly_hours": [37.0] * 4})
    out = costs(df, by="sex", group="Female", reference="Male", controls=[])
    uniform = out.loc[["median", "mean", "adjusted"]]
    assert uniform["annual_cost"].tolist() == pytest.approx([0.0] * 3, abs=1e-6)
    assert uniform["n_affected"].tolist() == [0, 0, 0]
    # within grade, the woman on 10 is still below the men's median of 11
    assert out.loc["grade_median", "annual_cost"] == pytest.approx(1 * 37 * 365 / 7)
    assert out.loc["grade_median", "n_affected"] == 1


def test_cost_to_close_needs_both_groups():
    df = grade_frame()
    with pytest.raises(DataError, match="nobody"):
        costs(df[df["disability"] != "Disabled"])


# ------------------------------------------------------------------------------------------------
# pay_gap_decomposition: analytic (Jann 2008) standard errors
# ------------------------------------------------------------------------------------------------
def two_group_workforce(n: int, seed: int) -> pd.DataFrame:
    """Group G is more often in the lowest grade and paid a little less within grade, with a
    noisier pay (heteroskedastic errors, so HC3 and the bootstrap have something to agree on)."""
    rng = np.random.default_rng(seed)
    g = rng.random(n) < 0.4
    grade = rng.choice(["G1", "G2", "G3", "G4"], n, p=[0.3, 0.3, 0.25, 0.15])
    grade = np.where(g & (rng.random(n) < 0.3), "G1", grade)
    age = rng.integers(20, 65, n).astype(float)
    level = pd.Series(grade).map({"G1": 2.3, "G2": 2.6, "G3": 2.9, "G4": 3.3}).to_numpy()
    y = np.exp(level + 0.004 * age - 0.05 * g + rng.normal(0, 0.12 + 0.08 * g, n))
    return pd.DataFrame({"g": np.where(g, "G", "R"), "grade": grade, "age": age, "y": y})


def test_pooled_unexplained_is_minus_the_indicator_and_its_error_is_hc3():
    df = two_group_workforce(400, seed=3)
    d = decompose(df, controls=["grade", "age"], log=True, standard_errors="analytic")
    # the same pooled regression fitted independently by statsmodels with HC3 errors
    x = pd.get_dummies(df[["grade"]], drop_first=True, dtype=float)
    x.insert(0, "age", df["age"])
    x.insert(0, "group", (df["g"] == "G").astype(float))
    fit = sm.OLS(np.log(df["y"]), sm.add_constant(x)).fit(cov_type="HC3")
    assert d["unexplained"] == pytest.approx(-fit.params["group"], rel=1e-9)
    assert d["unexplained_se"] == pytest.approx(fit.bse["group"], rel=1e-9)
    assert d["se_method"] == "analytic" and d["bootstrap_note"] == ""
    assert d["gap_se"] > 0 and d["explained_ci_low"] < d["explained"] < d["explained_ci_high"]


@pytest.mark.parametrize("method", ["pooled", "reference", "group", "cotton", "reimers"])
def test_analytic_errors_agree_with_the_bootstrap(method):
    # 3,000 people, 400 resamples: the bootstrap's own error of a standard error is about
    # 1/sqrt(2 * 400) = 3.5%, so 12% is more than three of its standard errors.
    df = two_group_workforce(3000, seed=1)
    args = {"controls": ["grade", "age"], "log": True, "method": method}
    boot = decompose(df, **args, n_bootstrap=400, seed=5)
    exact = decompose(df, **args, standard_errors="analytic")
    assert exact["explained"] == pytest.approx(boot["explained"])
    for part in ("explained", "unexplained"):
        assert exact[f"{part}_se"] == pytest.approx(boot[f"{part}_se"], rel=0.12)
    assert exact["gap_se"] == boot["gap_se"]


def test_above_max_n_the_bootstrap_gives_way_to_analytic_errors():
    df = two_group_workforce(600, seed=2)
    args = {"controls": ["grade", "age"], "log": True}
    switched = decompose(df, **args, n_bootstrap=50, seed=1, max_n=599)
    analytic = decompose(df, **args, standard_errors="analytic")
    assert switched["se_method"] == "analytic"
    assert "more than max_n = 599" in switched["bootstrap_note"]
    assert switched["explained_se"] == analytic["explained_se"]
    assert switched["unexplained_se"] == analytic["unexplained_se"]
    at_limit = decompose(df, **args, n_bootstrap=50, seed=1, max_n=600)
    assert at_limit["se_method"] == "bootstrap"


def test_above_max_n_nothing_is_resampled(monkeypatch):
    # The point of the switch: a huge workforce's regressions are fitted once, never refitted
    # per resample. statsmodels' only route to resampling is OaxacaBlinder.variance.
    from statsmodels.stats.oaxaca import OaxacaBlinder

    def no_resampling(*args, **kwargs):
        raise AssertionError("the decomposition resampled above max_n")

    monkeypatch.setattr(OaxacaBlinder, "variance", no_resampling)
    df = two_group_workforce(600, seed=2)
    d = decompose(df, controls=["grade", "age"], log=True, n_bootstrap=2000, seed=1, max_n=599)
    assert d["se_method"] == "analytic" and d["explained_se"] > 0 and d["unexplained_se"] > 0
    with pytest.raises(AssertionError, match="resampled"):  # the guard does catch a bootstrap
        decompose(df, controls=["grade", "age"], log=True, n_bootstrap=10, seed=1, max_n=600)


def test_neumark_has_no_analytic_errors_and_says_why():
    d = decompose(two_group_workforce(200, seed=4), controls=["grade"],
                  standard_errors="analytic", method="neumark")
    assert math.isnan(d["explained_se"]) and math.isnan(d["unexplained_se"])
    assert "Neumark" in d["bootstrap_note"]


def test_analytic_errors_need_each_groups_own_coefficients_for_group_methods():
    # grade G4 only in the reference group: the group's own regression is not identified
    df = two_group_workforce(300, seed=6)
    df = df.loc[~((df["g"] == "G") & (df["grade"] == "G4"))]
    d = decompose(df, controls=["grade"], standard_errors="analytic", method="reference")
    assert math.isnan(d["unexplained_se"]) and "not identified" in d["bootstrap_note"]
    pooled = decompose(df, controls=["grade"], standard_errors="analytic")
    assert pooled["unexplained_se"] > 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"standard_errors": "delta"}, "standard_errors must be"),
        ({"standard_errors": "analytic", "n_bootstrap": 10, "seed": 1}, "n_bootstrap must be 0"),
        ({"max_n": 0}, "max_n must be"),
    ],
)
def test_decomposition_bad_error_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        decompose(HAND, **kwargs)
