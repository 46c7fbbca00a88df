"""Unit tests of eqlib.representation: hand-computed indices, intervals and tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from eqlib import representation as rep

# ------------------------------------------------------------------------------------------------
# representation_index
# ------------------------------------------------------------------------------------------------


def test_index_three_of_ten_against_a_fifth() -> None:
    # share 3/10 = 0.3; index 0.3 / 0.2 = 1.5; diff 10 pp.
    # Clopper-Pearson 95%: low = Beta(0.025; 3, 8), high = Beta(0.975; 4, 7), each / 0.2.
    t = rep.representation_index({"A": 3, "B": 7}, {"A": 0.2, "B": 0.8})
    a = t.set_index("group").loc["A"]
    assert a["n"] == 3 and a["n_declared"] == 10
    assert a["share"] == pytest.approx(0.3)
    assert a["index"] == pytest.approx(1.5)
    assert a["diff_pp"] == pytest.approx(10.0)
    assert a["index_ci_low"] == pytest.approx(stats.beta.ppf(0.025, 3, 8) / 0.2, rel=1e-9)
    assert a["index_ci_high"] == pytest.approx(stats.beta.ppf(0.975, 4, 7) / 0.2, rel=1e-9)
    assert a["index_ci_low"] == pytest.approx(0.33370, abs=1e-5)
    assert a["index_ci_high"] == pytest.approx(3.26226, abs=1e-5)
    # equal-tailed exact test (the one Clopper-Pearson inverts): P(X>=3 | 10, 0.2) =
    # 1 - 0.8^10 - 10(0.2)(0.8^9) - 45(0.04)(0.8^8) = 1 - 0.1073742 - 0.2684355 - 0.3019899
    # = 0.3222005; P(X<=3) is larger, so p = 2 x 0.3222005 = 0.6444009
    assert a["p_value"] == pytest.approx(0.6444009472, abs=1e-9)
    assert not a["interval_excludes_one"]


def test_index_column_order_is_the_stable_interface() -> None:
    t = rep.representation_index({"A": 1}, {"A": 1.0})
    assert list(t.columns[:9]) == ["group", "n", "share", "benchmark_share", "index",
                                   "index_ci_low", "index_ci_high", "diff_pp", "p_value"]


def test_index_confidence_level_is_used() -> None:
    t = rep.representation_index({"A": 3, "B": 7}, {"A": 0.2, "B": 0.8}, confidence_level=0.9)
    assert t.loc[0, "index_ci_low"] == pytest.approx(stats.beta.ppf(0.05, 3, 8) / 0.2, rel=1e-9)


def test_interval_excluding_one_is_flagged() -> None:
    # 50 of 100 against 0.2: CP interval about (0.398, 0.602), index interval (1.99, 3.01).
    t = rep.representation_index({"A": 50, "B": 50}, {"A": 0.2, "B": 0.8})
    assert t["interval_excludes_one"].tolist() == [True, True]  # A above 1, B below 1
    assert t.loc[1, "index_ci_high"] < 1


def test_group_absent_from_workforce() -> None:
    # 0 of 10 against 0.2: index 0, CI low 0, CI high = (1 - 0.025 ** (1/10)) / 0.2.
    # Equal-tailed exact p: twice the lower tail P(X<=0) = 2 x 0.8^10 = 0.2147483648.
    t = rep.representation_index({"A": 0, "B": 10}, {"A": 0.2, "B": 0.8}).set_index("group")
    assert t.loc["A", "share"] == 0 and t.loc["A", "index"] == 0
    assert t.loc["A", "index_ci_low"] == 0
    assert t.loc["A", "index_ci_high"] == pytest.approx((1 - 0.025 ** 0.1) / 0.2, rel=1e-9)
    assert t.loc["A", "p_value"] == pytest.approx(0.2147483648, abs=1e-12)


def test_p_value_is_the_test_the_interval_inverts_not_scipys_default() -> None:
    # 6 of 21 women against a population share of 0.515 (the review's women-in-leadership
    # case): Clopper-Pearson 95% interval of 6/21 = (Beta(0.025; 6, 16), Beta(0.975; 7, 15)) =
    # (0.11281, 0.52175); 0.52175 > 0.515, so the index interval (0.219, 1.013) includes 1.
    # Equal-tailed test: 2 x P(X <= 6 | 21, 0.515) = 2 x 0.028854 = 0.05771 > 0.05: agrees.
    # scipy's default binomtest gives 0.0476 < 0.05 here: it would call the group significant.
    t = rep.representation_index({"F": 6, "M": 15}, {"F": 0.515, "M": 0.485})
    f = t.set_index("group").loc["F"]
    assert f["index_ci_high"] == pytest.approx(0.52175112 / 0.515, rel=1e-7)
    assert not f["interval_excludes_one"]
    assert f["p_value"] == pytest.approx(2 * stats.binom.cdf(6, 21, 0.515), rel=1e-12)
    assert f["p_value"] > 0.05
    assert stats.binomtest(6, 21, 0.515).pvalue < 0.05  # the test no longer used


def test_flag_and_p_value_agree_on_every_table_up_to_20() -> None:
    # the table's own columns (the full grid is in test_intervals, on the functions used here)
    confidence_level = 0.9
    alpha = 1 - confidence_level
    for n in range(1, 21):
        for k in range(n + 1):
            t = rep.representation_index({"A": k, "B": n - k}, {"A": 0.3, "B": 0.7},
                                         confidence_level=confidence_level)
            for _, row in t.iterrows():
                assert bool(row["p_value"] < alpha) == bool(row["interval_excludes_one"]), (
                    n, k, row["group"])


def test_group_missing_from_counts_counts_as_zero() -> None:
    t = rep.representation_index({"B": 10}, {"A": 0.2, "B": 0.8})
    assert t["group"].tolist() == ["A", "B"]
    assert t.loc[0, "n"] == 0 and t.loc[0, "index"] == 0


@pytest.mark.parametrize("shares", [{"B": 1.0}, {"A": 0.0, "B": 1.0}, {"A": math.nan, "B": 1.0}])
def test_group_absent_from_benchmark_has_nan_index_never_inf(shares: dict[str, float]) -> None:
    t = rep.representation_index({"A": 2, "B": 8}, shares).set_index("group")
    for column in ("index", "index_ci_low", "index_ci_high", "p_value"):
        assert math.isnan(t.loc["A", column])
    assert not t.loc["A", "interval_excludes_one"]
    assert t.loc["A", "share"] == pytest.approx(0.2)
    assert not t.select_dtypes("number").isin([math.inf, -math.inf]).any().any()


def test_diff_pp_defined_for_zero_benchmark_share_only() -> None:
    zero = rep.representation_index({"A": 2, "B": 8}, {"A": 0.0, "B": 1.0})
    missing = rep.representation_index({"A": 2, "B": 8}, {"B": 1.0})
    assert zero.set_index("group").loc["A", "diff_pp"] == pytest.approx(20.0)
    assert math.isnan(missing.set_index("group").loc["A", "diff_pp"])


def test_benchmark_groups_first_then_workforce_only_groups() -> None:
    t = rep.representation_index({"Z": 1, "B": 1}, {"A": 0.5, "B": 0.5})
    assert t["group"].tolist() == ["A", "B", "Z"]


def test_all_undeclared_gives_nan_everywhere() -> None:
    t = rep.representation_index({"A": 0, "B": 0}, {"A": 0.2, "B": 0.8})
    for column in ("share", "index", "index_ci_low", "index_ci_high", "diff_pp", "p_value"):
        assert t[column].isna().all(), column
    assert (t["n_declared"] == 0).all()
    assert not t["interval_excludes_one"].any()


@pytest.mark.parametrize(
    ("counts", "shares", "message"),
    [({"A": -1}, {"A": 1.0}, "whole numbers"), ({"A": 1.5}, {"A": 1.0}, "whole numbers"),
     ({"A": 1}, {"A": 1.2}, r"\[0, 1\]")],
)
def test_index_rejects_bad_inputs(counts: dict, shares: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rep.representation_index(counts, shares)


def test_index_accepts_series() -> None:
    t = rep.representation_index(pd.Series({"A": 3, "B": 7}), pd.Series({"A": 0.2, "B": 0.8}))
    assert t.loc[0, "index"] == pytest.approx(1.5)


# ------------------------------------------------------------------------------------------------
# representation_by_level
# ------------------------------------------------------------------------------------------------
BANDS = pd.CategoricalDtype(["junior", "senior"], ordered=True)


def _workforce() -> pd.DataFrame:
    return pd.DataFrame({
        "ethnicity_binary": ["White British"] * 6 + ["Ethnic minority"] * 2
        + ["Prefer not to say", None],
        "grade_band": pd.Series(["junior"] * 5 + ["senior"] * 3 + ["junior", "senior"],
                                dtype=BANDS),
        "age_band": ["25-34"] * 4 + ["65+"] * 2 + ["35-44"] * 4,
    })


def test_by_level_counts_shares_and_declaration() -> None:
    t = rep.representation_by_level(_workforce(), "ethnicity_binary",
                                    {"White British": 0.8, "Ethnic minority": 0.2},
                                    universe="all usual residents")
    em = t[t["group"] == "Ethnic minority"].set_index("level")
    assert list(em.index) == ["All", "junior", "senior"]
    # All: 2 of 8 declared -> share 0.25, index 1.25; 10 people, declaration 0.8
    assert em.loc["All", "index"] == pytest.approx(1.25)
    assert em.loc["All", "declaration_rate"] == pytest.approx(0.8)
    # junior: people 0-4 all White British + one not declared; senior: 1 WB, 2 EM, 1 blank
    assert em.loc["junior", "n"] == 0 and em.loc["junior", "n_declared"] == 5
    assert em.loc["senior", "share"] == pytest.approx(2 / 3)
    assert em.loc["senior", "declaration_rate"] == pytest.approx(3 / 4)
    assert (t["benchmark_universe"] == "all usual residents").all()


def test_by_level_leaves_groups_outside_the_benchmark_out_of_the_denominator() -> None:
    shares = {"16-24": 0.2, "25-34": 0.2, "35-44": 0.2, "45-54": 0.2, "55-64": 0.2}
    t = rep.representation_by_level(_workforce(), "age_band", shares, universe="aged 16-64",
                                    level=None)
    assert set(t["group"]) == set(shares)
    assert (t["n_declared"] == 8).all() and (t["n_outside_benchmark"] == 2).all()
    assert t.set_index("group").loc["25-34", "share"] == pytest.approx(0.5)


# ------------------------------------------------------------------------------------------------
# composition and declaration rates
# ------------------------------------------------------------------------------------------------
def test_composition_includes_not_declared_and_zero_groups() -> None:
    t = rep.composition(_workforce(), "ethnicity_binary").set_index("group")
    assert list(t.index) == ["White British", "Ethnic minority", "Prefer not to say", "Not known"]
    assert t["n"].tolist() == [6, 2, 1, 1]
    assert t["share_pct"].tolist() == pytest.approx([60.0, 20.0, 10.0, 10.0])
    assert t.loc["Ethnic minority", "declared_share_pct"] == pytest.approx(25.0)
    assert math.isnan(t.loc["Not known", "declared_share_pct"])
    assert (t["declaration_rate"] == 0.8).all()


def test_composition_by_level_keeps_category_order_and_zero_rows() -> None:
    t = rep.composition(_workforce(), "ethnicity_binary", by="grade_band")
    assert t["grade_band"].drop_duplicates().tolist() == ["junior", "senior"]
    junior = t[t["grade_band"] == "junior"].set_index("group")
    assert junior.loc["Ethnic minority", "n"] == 0
    assert junior["n"].sum() == junior["n_level"].iloc[0] == 6


def test_composition_of_sex_shows_not_declared_rows_only_when_present() -> None:
    wf = pd.DataFrame({"sex": ["Female", "Male", "Male"]})
    assert rep.composition(wf, "sex")["group"].tolist() == ["Female", "Male"]
    applicants = pd.DataFrame({"sex": ["Female", "Prefer not to say"]})
    assert rep.composition(applicants, "sex")["group"].tolist() == [
        "Female", "Male", "Prefer not to say"]


def test_composition_by_two_columns() -> None:
    wf = _workforce().assign(part_time=[True, False] * 5)
    t = rep.composition(wf, "ethnicity_binary", by=["grade_band", "part_time"])
    assert t.groupby(["grade_band", "part_time"], observed=True)["n"].sum().sum() == 10


def test_blank_and_missing_answers_count_as_not_known() -> None:
    # counted before cleaning: '', '  ', None and NaN are all one 'Not known'
    df = pd.DataFrame({"disability": ["Disabled", "", "  ", None, float("nan"), "Disabled",
                                      "Not known"]})
    counts = rep._answer_counts(df, "disability")
    assert counts.to_dict() == {"Disabled": 2, "Not known": 5}
    t = rep.declaration_rates(df, ["disability"]).iloc[0]
    assert (t["n_total"], t["n_declared"], t["n_not_known"]) == (7, 2, 5)


def test_categories_nobody_holds_are_not_groups() -> None:
    # value_counts of a categorical lists every category; an unused non-code-list one is dropped
    df = pd.DataFrame({"disability": pd.Categorical(["Disabled", "Zed", None],
                                                    categories=["Disabled", "Zed", "Unused"])})
    t = rep.composition(df, "disability")
    assert t["group"].tolist() == [
        "Disabled", "Not disabled", "Zed", "Prefer not to say", "Not known"]
    assert t["n"].tolist() == [1, 0, 1, 0, 1]


def test_levels_keep_only_the_columns_read() -> None:
    wide = _workforce().assign(other=range(10))
    parts = rep._levels(wide, "grade_band", columns=["ethnicity_binary"])
    assert [list(part.columns) for _, part in parts] == [["ethnicity_binary", "grade_band"]] * 3
    # a missing column leaves the table whole, so the caller's own error names it
    assert "other" in rep._levels(wide, "grade_band", columns=["nope"])[0][1].columns


def test_declaration_rates_add_to_one_per_level() -> None:
    t = rep.declaration_rates(_workforce(), ["ethnicity_binary"], by="grade_band")
    assert t["level"].tolist() == ["All", "junior", "senior"]
    row = t.iloc[0]
    assert (row["n_total"], row["n_declared"], row["n_prefer_not_to_say"], row["n_not_known"]) == (
        10, 8, 1, 1)
    total = t["declaration_rate"] + t["prefer_not_to_say_rate"] + t["not_known_rate"]
    assert total.tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_declaration_rates_empty_table_is_nan() -> None:
    t = rep.declaration_rates(pd.DataFrame({"disability": []}), ["disability"])
    assert t.loc[0, "n_total"] == 0 and math.isnan(t.loc[0, "declaration_rate"])


# ------------------------------------------------------------------------------------------------
# top earners
# ------------------------------------------------------------------------------------------------
def test_top_earners_takes_ceil_share_and_includes_ties() -> None:
    pay = pd.DataFrame({"hourly_pay": [float(x) for x in range(1, 21)]})  # 20 people
    assert rep.top_earners(pay, 0.10, full_pay_only=False).sum() == 2      # 20 and 19
    tied = pd.DataFrame({"hourly_pay": [10.0] * 5 + [30.0, 20.0, 20.0, 5.0, 1.0]})
    flag = rep.top_earners(tied, 0.2, full_pay_only=False)  # k = 2: 30 and one of two 20s
    assert flag.tolist() == [False] * 5 + [True, True, True, False, False]


def test_top_earners_does_not_depend_on_row_order() -> None:
    wf = pd.DataFrame({"hourly_pay": [12.0, 15.0, 15.0, 9.0, 30.0, 11.0, 15.0]})
    flag = rep.top_earners(wf, 0.3, full_pay_only=False)
    shuffled = wf.sample(frac=1, random_state=1)
    assert rep.top_earners(shuffled, 0.3, full_pay_only=False).sort_index().equals(flag)


def test_top_earners_ranks_full_pay_relevant_only() -> None:
    wf = pd.DataFrame({"hourly_pay": [50.0, 10.0, 20.0, 30.0],
                       "full_pay_relevant": [False, True, True, True]})
    assert rep.top_earners(wf, 0.34).tolist() == [False, False, True, True]


@pytest.mark.parametrize("share", [0.0, 1.5, -0.1])
def test_top_earners_rejects_bad_share(share: float) -> None:
    with pytest.raises(ValueError, match="share"):
        rep.top_earners(pd.DataFrame({"hourly_pay": [1.0]}), share)


# ------------------------------------------------------------------------------------------------
# levels: internal comparison, progression, diversity
# ------------------------------------------------------------------------------------------------
def test_level_difference_pp_against_whole_workforce() -> None:
    t = rep.level_difference_pp(_workforce(), "ethnicity_binary")
    em = t[t["group"] == "Ethnic minority"].set_index("level")
    # whole: 2/8 = 25%; junior 0/5 = 0% -> -25 pp; senior 2/3 = 66.7% -> +41.7 pp
    assert em["diff_pp"].tolist() == pytest.approx([0.0, -25.0, 200 / 3 - 25])


def test_level_difference_pp_boards_against_workforce() -> None:
    boards = pd.DataFrame({"board": ["X", "X", "Y"],
                           "ethnicity_binary": ["Ethnic minority", "White British", "Not known"]})
    t = rep.level_difference_pp(boards, "ethnicity_binary", level="board", reference=_workforce())
    em = t[t["group"] == "Ethnic minority"].set_index("level")
    assert em.loc["X", "diff_pp"] == pytest.approx(25.0)  # 50% vs 25%
    assert math.isnan(em.loc["Y", "diff_pp"])             # nobody declared on Y


def test_progression_ratio_uses_top_band_of_ordered_levels() -> None:
    t = rep.progression_ratio(_workforce(), "ethnicity_binary").set_index("group")
    # top band senior: EM 2/3 vs 2/8 overall -> 8/3; WB 1/3 vs 6/8 -> 4/9
    assert t.loc["Ethnic minority", "progression_ratio"] == pytest.approx(8 / 3)
    assert t.loc["White British", "progression_ratio"] == pytest.approx(4 / 9)
    assert (t["top_level"] == "senior").all()


def test_progression_ratio_needs_top_for_unordered_levels() -> None:
    wf = _workforce().assign(grade_band=lambda d: d["grade_band"].astype(str))
    with pytest.raises(ValueError, match="top="):
        rep.progression_ratio(wf, "ethnicity_binary")
    assert len(rep.progression_ratio(wf, "ethnicity_binary", top="junior")) == 2


@pytest.mark.parametrize(
    ("values", "groups", "blau"),
    [(["Asian"] * 4, 1, 0.0), (["Asian", "Black", "Mixed", "Other"], 4, 0.75),
     (["Asian", "Asian", "Black", "Prefer not to say"], 2, 1 - (4 / 9 + 1 / 9))],
)
def test_diversity_index(values: list[str], groups: int, blau: float) -> None:
    t = rep.diversity_index(pd.DataFrame({"ethnicity_broad": values}))
    assert t.loc[0, "n_groups"] == groups
    assert t.loc[0, "blau_index"] == pytest.approx(blau)


def test_diversity_index_nobody_declared_is_nan() -> None:
    t = rep.diversity_index(pd.DataFrame({"ethnicity_broad": ["Not known", None]}))
    assert t.loc[0, "n_groups"] == 0 and math.isnan(t.loc[0, "blau_index"])


# ------------------------------------------------------------------------------------------------
# boards
# ------------------------------------------------------------------------------------------------
def _boards() -> pd.DataFrame:
    return pd.DataFrame({
        "member_id": ["m1", "m2", "m3", "m1", "m4"],
        "board": ["Audit", "Audit", "Audit", "Skills", "Skills"],
        "role": ["Chair", "Member", "Co-opted", "Member", "Member"],
        "voting": [True, True, False, True, True],
        "ethnicity_binary": ["Ethnic minority", "White British", "White British",
                             "Ethnic minority", "Prefer not to say"],
    })


def test_board_composition_all_boards_counts_people_once() -> None:
    t = rep.board_composition(_boards(), "ethnicity_binary",
                              benchmark_shares={"White British": 0.8, "Ethnic minority": 0.2},
                              universe="all usual residents", workforce=_workforce())
    em = t[t["group"] == "Ethnic minority"].set_index("level")
    assert em.loc["All boards", "n"] == 1 and em.loc["All boards", "n_declared"] == 3
    assert em.loc["All boards", "declaration_rate"] == pytest.approx(3 / 4)
    assert em.loc["All boards", "index"] == pytest.approx((1 / 3) / 0.2)
    assert em.loc["All boards", "diff_pp_workforce"] == pytest.approx(100 / 3 - 25)
    assert em.loc["Skills", "share"] == pytest.approx(1.0)
    assert {"Voting", "Non-voting", "Chair", "Co-opted"} <= set(t["level"])
    assert t["level_type"].drop_duplicates().tolist() == ["all boards", "board", "role", "voting"]
    assert (t["benchmark_universe"] == "all usual residents").all()


def test_board_composition_without_benchmark_or_workforce_is_nan_there() -> None:
    t = rep.board_composition(_boards(), "ethnicity_binary", by=("board",))
    assert t["index"].isna().all() and t["diff_pp_workforce"].isna().all()
    assert t["share"].notna().all()


def test_board_composition_needs_universe_with_benchmark() -> None:
    with pytest.raises(ValueError, match="universe"):
        rep.board_composition(_boards(), "ethnicity_binary", benchmark_shares={"White British": 1})
