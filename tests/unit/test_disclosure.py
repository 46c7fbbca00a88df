"""Unit tests of eqlib.disclosure: primary and secondary suppression, rounding, log, collapse."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from eqlib.config import load_params
from eqlib.disclosure import (
    DisclosureRules,
    check_table,
    collapse_groups,
    collapse_plan,
    dominance,
    dominated_rows,
    primary_suppression,
    protect,
    protect_tables,
    rounded,
    secondary_suppression,
    suppression_log,
    write_suppression_log,
)
from eqlib.errors import ParamsError
from eqlib.tables import tidy

RULES = DisclosureRules()  # min_count 5, min_group_stat 10, min_group_pay 10, nk_k 0.9


# --------------------------------------------------------------------------------------------------
# Table builders (counts hand-chosen so each leak is checkable on paper)
# --------------------------------------------------------------------------------------------------
def one_way(counts: dict[str, int], *, table: str = "t", population: str = "p") -> pd.DataFrame:
    """Groups summing into a Total row (a row total)."""
    wide = pd.DataFrame({"group": [*counts, "Total"],
                         "count": [*counts.values(), sum(counts.values())]})
    return tidy(wide, table=table, population=population, characteristic="x",
                measures=["count"], group_parent={g: "Total" for g in counts})


def levels_only(counts: dict[str, int]) -> pd.DataFrame:
    """One group over levels summing into level 'All' (a column total)."""
    wide = pd.DataFrame({"group": "A", "level": [*counts, "All"],
                         "count": [*counts.values(), sum(counts.values())]})
    return tidy(wide, table="t", population="p", characteristic="x", measures=["count"],
                level="level", level_parent={lv: "All" for lv in counts})


BANDS = {"G1": "Junior", "G2": "Junior", "G3": "Senior", "G4": "Senior"}


def nested(counts: dict[str, int]) -> pd.DataFrame:
    """One group over grades -> grade bands -> All (subtotals)."""
    rows = [{"level": g, "count": c, "lp": BANDS[g]} for g, c in counts.items()]
    for band in ("Junior", "Senior"):
        rows.append({"level": band, "lp": "All",
                     "count": sum(c for g, c in counts.items() if BANDS[g] == band)})
    rows.append({"level": "All", "lp": None, "count": sum(counts.values())})
    wide = pd.DataFrame(rows).assign(group="A")
    return tidy(wide, table="t", population="p", characteristic="x", measures=["count"],
                level="level", level_parent="lp")


def cross(cells: dict[tuple[str, str], int]) -> pd.DataFrame:
    """Groups x grades with group totals, band subtotals and the grand total."""
    groups = sorted({g for g, _ in cells})
    rows = []
    for g in [*groups, "Total"]:
        for lv in [*BANDS, "Junior", "Senior", "All"]:
            gs = groups if g == "Total" else [g]
            if lv in BANDS:
                ls = [lv]
            elif lv == "All":
                ls = list(BANDS)
            else:
                ls = [x for x in BANDS if BANDS[x] == lv]
            rows.append({"group": g, "level": lv,
                         "count": sum(cells[(a, b)] for a in gs for b in ls),
                         "gp": None if g == "Total" else "Total",
                         "lp": BANDS.get(lv, None if lv == "All" else "All")})
    return tidy(pd.DataFrame(rows), table="t", population="p", characteristic="x",
                measures=["count"], level="level", group_parent="gp", level_parent="lp")


def reasons(table: pd.DataFrame) -> dict[tuple[str, str], str | None]:
    return {(g, lv): r for g, lv, r in zip(table["group"], table["level"],
                                            table["suppression_reason"], strict=True)}


def share_row(numerator: int, n: int, *, measure: str = "percent") -> pd.DataFrame:
    wide = pd.DataFrame({"group": ["Disabled"], "v": [100 * numerator / n], "num": [numerator],
                         "n": [n]})
    return tidy(wide, table="t", population="p", characteristic="disability",
                measures={"v": measure}, numerator={measure: "num"})


# --------------------------------------------------------------------------------------------------
# Rules from params
# --------------------------------------------------------------------------------------------------
def test_rules_from_the_params_file():
    rules = DisclosureRules.from_params(load_params("params/2026.yaml"))
    assert rules == DisclosureRules(5, 10, 10, 0.90, False, None)


@pytest.mark.parametrize("bad", [
    {"min_count": 0}, {"nk_k": 1.5}, {"zeros_disclosive": "no"}, {"round_to": 0},
    {"min_group_stat": 2.5},
])
def test_bad_rules_raise_params_error(bad):
    with pytest.raises(ParamsError, match="disclosure"):
        DisclosureRules(**bad)


def test_rules_missing_key_raises():
    with pytest.raises(ParamsError, match="disclosure.round_to"):
        DisclosureRules.from_params({"disclosure": {"min_count": 5, "min_group_stat": 10,
                                                    "min_group_pay": 10, "nk_k": 0.9,
                                                    "zeros_disclosive": False}})


# --------------------------------------------------------------------------------------------------
# Primary suppression
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("count, withheld", [(0, False), (1, True), (4, True), (5, False)])
def test_threshold_rule_on_counts(count, withheld):
    t = tidy(pd.DataFrame({"group": ["A"], "count": [count]}), table="t", population="p",
             characteristic="x", measures=["count"])
    out = primary_suppression(t, RULES)
    assert bool(out["suppressed"].iloc[0]) is withheld
    assert math.isnan(out["value"].iloc[0]) is withheld
    assert math.isnan(out["n"].iloc[0]) is withheld  # n of a count is the count


def test_zero_withheld_when_zeros_disclosive():
    t = tidy(pd.DataFrame({"group": ["A"], "count": [0]}), table="t", population="p",
             characteristic="x", measures=["count"])
    out = primary_suppression(t, DisclosureRules(zeros_disclosive=True))
    assert out["suppression_reason"].tolist() == ["primary_count"]


def test_share_reveals_numerator_two_of_a_thousand():
    out = primary_suppression(share_row(2, 1000), RULES)  # 0.2% publishes the 2
    assert out["suppression_reason"].tolist() == ["primary_share"]
    assert math.isnan(out["numerator"].iloc[0])
    assert math.isnan(out["n"].iloc[0])  # a withheld row shows nothing, not even its denominator


def test_share_reveals_complement_998_of_a_thousand():
    out = primary_suppression(share_row(998, 1000), RULES)  # 99.8% publishes the other 2
    assert out["suppression_reason"].tolist() == ["primary_share"]


@pytest.mark.parametrize("numerator, n, withheld", [
    (5, 1000, False), (995, 1000, False), (5, 9, True), (5, 10, False), (0, 50, False),
    (50, 50, False),
])
def test_share_rule_boundaries(numerator, n, withheld):
    assert bool(primary_suppression(share_row(numerator, n), RULES)["suppressed"].iloc[0]) \
        is withheld


def test_zero_share_withheld_when_zeros_disclosive():
    rules = DisclosureRules(zeros_disclosive=True)
    assert primary_suppression(share_row(0, 50), rules)["suppressed"].iloc[0]
    assert primary_suppression(share_row(50, 50), rules)["suppressed"].iloc[0]


def test_index_follows_share_rule_and_interval_follows_estimate():
    wide = pd.DataFrame({"group": ["Black"], "index": [0.4], "lo": [0.1], "hi": [1.2],
                         "num": [3], "n": [400]})
    t = tidy(wide, table="t", population="p", characteristic="ethnicity_broad",
             measures={"index": "representation_index"},
             numerator={"representation_index": "num"},
             ci={"representation_index": ("lo", "hi")})
    out = primary_suppression(t, RULES)
    assert out["suppression_reason"].tolist() == ["primary_share"]
    assert out[["value", "ci_low", "ci_high"]].isna().all(axis=None)


def test_share_without_counts_is_withheld():
    wide = pd.DataFrame({"group": ["A"], "percent": [40.0]})
    t = tidy(wide, table="t", population="p", characteristic="x", measures=["percent"], n=None)
    assert primary_suppression(t, RULES)["suppressed"].iloc[0]


@pytest.mark.parametrize("n, withheld", [(9, True), (10, False)])
def test_statistic_threshold(n, withheld):
    wide = pd.DataFrame({"group": ["A"], "median": [41.0], "n": [n]})
    t = tidy(wide, table="t", population="p", characteristic="x", measures=["median"])
    out = primary_suppression(t, RULES)
    assert bool(out["suppressed"].iloc[0]) is withheld
    if withheld:
        assert out["suppression_reason"].iloc[0] == "primary_statistic"


@pytest.mark.parametrize("n, n_ref, withheld", [(12, 200, False), (9, 200, True), (12, 8, True)])
def test_pay_gap_needs_min_group_pay_on_both_sides(n, n_ref, withheld):
    wide = pd.DataFrame({"group": ["Black"], "gap": [7.5], "n": [n], "nref": [n_ref]})
    t = tidy(wide, table="t", population="fpre", characteristic="ethnicity_broad",
             measures={"gap": "median_gap_pct"}, n_reference="nref",
             reference_group="White British")
    rules = DisclosureRules(min_group_stat=5, min_group_pay=10)
    assert bool(primary_suppression(t, rules)["suppressed"].iloc[0]) is withheld


def test_small_reference_size_is_blanked_on_a_withheld_gap():
    wide = pd.DataFrame({"group": ["Lower"], "gap": [7.5], "n": [40], "nref": [3]})
    t = tidy(wide, table="t", population="fpre", characteristic="ses_class",
             measures={"gap": "mean_gap_pct"}, n_reference="nref")
    out = primary_suppression(t, RULES)
    assert math.isnan(out["n_reference"].iloc[0]) and math.isnan(out["n"].iloc[0])


# --------------------------------------------------------------------------------------------------
# Dominance
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("values, dominated", [
    ([100, 90, 5, 5], True),      # top 2 = 190 of 200 = 95% > 90%
    ([45, 45, 5, 5], False),      # exactly 90% is not more than 90%
    ([30, 30, 30, 30], False),
    ([10], True),                 # one or two people always dominate
    ([10, 10], True),
    ([], False),
])
def test_dominance_rule(values, dominated):
    assert dominance(values, nk_k=0.9) is dominated


def test_dominance_suppresses_pay_rows_only():
    wide = pd.DataFrame({"group": ["A", "B"], "pay_sum": [1000.0, 800.0], "n": [12, 12]})
    t = tidy(wide, table="t", population="fpre", characteristic="x", measures=["pay_sum"])
    mask = dominated_rows(t, {("A", "All"): [600, 350] + [5] * 10, ("B", "All"): [80] * 10},
                          nk_k=0.9)
    assert mask.tolist() == [True, False]
    out = protect(t, RULES, dominated=mask)
    assert out["suppression_reason"].tolist() == ["dominance", None]


# --------------------------------------------------------------------------------------------------
# Secondary suppression: the three leaks
# --------------------------------------------------------------------------------------------------
def test_row_total_leak_is_prevented():
    t = one_way({"A": 3, "B": 40, "C": 50})  # primary-only: A = 93 - 40 - 50
    out = protect(t, RULES)
    r = reasons(out)
    assert r[("A", "All")] == "primary_count"
    assert r[("B", "All")] == "secondary"  # the smallest other cell
    assert r[("C", "All")] is None and r[("Total", "All")] is None
    assert check_table(out, RULES) == []


def test_column_total_leak_is_prevented():
    t = levels_only({"L1": 2, "L2": 30, "L3": 8})  # primary-only: L1 = 40 - 30 - 8
    out = protect(t, RULES)
    r = reasons(out)
    assert r[("A", "L1")] == "primary_count"
    assert r[("A", "L3")] == "secondary"
    assert check_table(out, RULES) == []


def test_subtotal_leak_is_prevented():
    # G1 = Junior - G2 even though the grand total cannot reveal it (two unknowns in it)
    t = nested({"G1": 3, "G2": 30, "G3": 40, "G4": 50})
    out = protect(t, RULES)
    r = reasons(out)
    assert r[("A", "G1")] == "primary_count"
    assert r[("A", "G2")] == "secondary"
    assert r[("A", "Junior")] is None  # 33 published; G1 + G2 = 33 leaves G1 anywhere in 0..33
    assert check_table(out, RULES) == []


def test_complement_not_a_zero_and_large_enough():
    # A zero or a 1 would give cover of less than 5: pick 6 (smallest that covers), not 0 or 1
    t = one_way({"A": 2, "B": 0, "C": 1, "D": 6, "E": 40})
    out = protect(t, RULES)
    r = reasons(out)
    assert r[("A", "All")] == "primary_count" and r[("C", "All")] == "primary_count"
    assert r[("B", "All")] is None
    assert check_table(out, RULES) == []


def test_two_way_with_subtotals_passes_checker():
    cells = {("A", "G1"): 3, ("A", "G2"): 30, ("A", "G3"): 40, ("A", "G4"): 50,
             ("B", "G1"): 12, ("B", "G2"): 1, ("B", "G3"): 25, ("B", "G4"): 60,
             ("C", "G1"): 20, ("C", "G2"): 22, ("C", "G3"): 8, ("C", "G4"): 9}
    out = protect(cross(cells), RULES)
    assert set(out.loc[out["suppression_reason"] == "primary_count", "group"] + "/" +
               out.loc[out["suppression_reason"] == "primary_count", "level"]) == {"A/G1", "B/G2"}
    assert check_table(out, RULES) == []
    # every row, column and subtotal relation has 0 or at least 2 withheld members
    withheld = set(zip(out.loc[out["suppressed"], "group"], out.loc[out["suppressed"], "level"],
                       strict=True))
    for g in ["A", "B", "C", "Total"]:
        for members in (["G1", "G2", "Junior"], ["G3", "G4", "Senior"],
                        ["Junior", "Senior", "All"]):
            assert sum((g, lv) in withheld for lv in members) != 1


def test_all_small_table_is_all_withheld_and_safe():
    t = one_way({"A": 1, "B": 2})
    out = protect(t, RULES)
    assert out["suppressed"].all()
    assert check_table(out, RULES) == []


def test_share_of_a_secondary_count_is_withheld():
    counts = one_way({"A": 3, "B": 40, "C": 50})
    wide = pd.DataFrame({"group": ["A", "B", "C"], "percent": [300 / 93, 4000 / 93, 5000 / 93],
                         "num": [3, 40, 50], "n": [93] * 3, "gp": "Total"})
    shares = tidy(wide, table="t2", population="p", characteristic="x", measures=["percent"],
                  numerator={"percent": "num"}, group_parent="gp")
    out = protect_tables({"t": counts, "t2": shares}, RULES)
    assert out["t2"]["suppression_reason"].tolist() == ["primary_share", "secondary", None]
    assert out["t2"]["value"].isna().tolist() == [True, True, False]


def test_statistic_at_a_withheld_count_cell_is_withheld():
    counts = one_way({"A": 3, "B": 40, "C": 50})
    wide = pd.DataFrame({"group": ["B", "C"], "median": [41.0, 39.0], "n": [40, 50]})
    stats_ = tidy(wide, table="t2", population="p", characteristic="x", measures=["median"])
    out = protect_tables({"t": counts, "t2": stats_}, RULES)
    assert out["t2"]["suppression_reason"].tolist() == ["secondary", None]
    assert math.isnan(out["t2"]["n"].iloc[0])


def test_tables_of_one_population_are_withheld_consistently():
    a = one_way({"A": 3, "B": 40, "C": 50}, table="a")
    b = one_way({"B": 40, "D": 6}, table="b")  # B also shown here, under another total
    b = b[b["group"] != "Total"].assign(group_parent=None)
    out = protect_tables({"a": a, "b": b}, RULES)
    assert out["b"].set_index("group").loc["B", "suppressed"]  # withheld in a -> in b
    assert check_table(pd.concat(out.values()), RULES) == []


def test_conflicting_values_of_one_cell_raise():
    a = one_way({"A": 30}, table="a")
    b = one_way({"A": 31}, table="b")
    with pytest.raises(ValueError, match="two values"):
        protect_tables({"a": a, "b": b}, RULES)


# --------------------------------------------------------------------------------------------------
# Determinism
# --------------------------------------------------------------------------------------------------
def test_same_input_identical_output():
    t = one_way({"A": 3, "B": 7, "C": 7, "D": 50})
    pd.testing.assert_frame_equal(protect(t, RULES), protect(t, RULES))


def test_ties_broken_by_label():
    out = protect(one_way({"A": 3, "C": 7, "B": 7, "D": 50}), RULES)
    assert reasons(out)[("B", "All")] == "secondary" and reasons(out)[("C", "All")] is None


def test_shuffled_rows_same_suppression():
    cells = {("A", "G1"): 3, ("A", "G2"): 30, ("A", "G3"): 40, ("A", "G4"): 50,
             ("B", "G1"): 12, ("B", "G2"): 1, ("B", "G3"): 25, ("B", "G4"): 60,
             ("C", "G1"): 20, ("C", "G2"): 22, ("C", "G3"): 8, ("C", "G4"): 9}
    t = cross(cells)
    base = reasons(protect(t, RULES))
    for seed in (1, 2):
        shuffled = t.sample(frac=1, random_state=np.random.default_rng(seed).integers(1 << 30))
        out = protect(shuffled.reset_index(drop=True), RULES)
        assert reasons(out) == base


def test_output_rows_keep_input_order():
    t = one_way({"B": 40, "A": 3, "C": 50})
    assert protect(t, RULES)["group"].tolist() == ["B", "A", "C", "Total"]


def test_secondary_on_marked_rows_matches_protect():
    t = one_way({"A": 3, "B": 40, "C": 50})
    a = secondary_suppression(primary_suppression(t, RULES, blank=False), RULES)
    pd.testing.assert_frame_equal(a, protect(t, RULES))


# --------------------------------------------------------------------------------------------------
# Rounding
# --------------------------------------------------------------------------------------------------
def test_rounding_counts_to_base():
    rules = DisclosureRules(round_to=5)
    out = protect(one_way({"A": 12, "B": 13, "C": 27}), rules)  # total 52
    assert out["value"].tolist() == [10.0, 15.0, 25.0, 50.0]
    assert out["n"].tolist() == out["value"].tolist()


def test_percent_recomputed_from_rounded_counts():
    # 12 of 33 = 36.36%; rounded counts 10 of 35 -> 28.57%, which cannot be used to undo rounding
    wide = pd.DataFrame({"group": ["A"], "percent": [100 * 12 / 33], "num": [12], "n": [33],
                         "lo": [0.0], "hi": [0.0]})
    t = tidy(wide, table="t", population="p", characteristic="x", measures=["percent"],
             numerator={"percent": "num"}, ci={"percent": ("lo", "hi")})
    out = rounded(t, DisclosureRules(round_to=5), interval=lambda k, n: (k / n - 0.1, k / n + 0.1))
    assert out["numerator"].iloc[0] == 10 and out["n"].iloc[0] == 35
    assert out["value"].iloc[0] == pytest.approx(100 * 10 / 35)
    assert out["ci_low"].iloc[0] == pytest.approx(100 * (10 / 35 - 0.1))


def test_no_rounding_by_default():
    t = one_way({"A": 12, "B": 13})
    pd.testing.assert_frame_equal(rounded(t, RULES), t)


# --------------------------------------------------------------------------------------------------
# Suppression log
# --------------------------------------------------------------------------------------------------
def test_log_lists_every_withheld_value_with_its_rule(tmp_path):
    t = one_way({"A": 3, "B": 40, "C": 50}, table="composition")
    log = suppression_log(protect(t, RULES))
    assert log.to_dict("records") == [
        {"table": "composition", "population": "p", "characteristic": "x", "group": "A",
         "level": "All", "measure": "count", "rule": "primary_count"},
        {"table": "composition", "population": "p", "characteristic": "x", "group": "B",
         "level": "All", "measure": "count", "rule": "secondary"},
    ]
    text = write_suppression_log(log, tmp_path / "internal" / "suppression_log.csv").read_text()
    assert text.splitlines() == [
        "table,population,characteristic,group,level,measure,rule",
        "composition,p,x,A,All,count,primary_count",
        "composition,p,x,B,All,count,secondary",
    ]


def test_log_empty_when_nothing_withheld():
    assert suppression_log(protect(one_way({"A": 30, "B": 40}), RULES)).empty


# --------------------------------------------------------------------------------------------------
# Intersectional collapse
# --------------------------------------------------------------------------------------------------
ASIAN = {"Indian": "Asian", "Pakistani": "Asian", "Bangladeshi": "Asian", "Chinese": "Asian",
         "African": "Black", "Caribbean": "Black"}


def test_collapse_merges_only_small_siblings():
    c = pd.DataFrame({"group": ["Indian", "Pakistani", "Bangladeshi", "Chinese"],
                      "n": [30, 3, 2, 12]})
    mapping, record = collapse_plan(c, ASIAN, threshold=5, level=None)
    assert mapping == {"Bangladeshi": "Asian: other groups", "Chinese": "Chinese",
                       "Indian": "Indian", "Pakistani": "Asian: other groups"}
    assert record.to_dict("records") == [{
        "broader_group": "Asian", "published_group": "Asian: other groups",
        "members": "Bangladeshi; Pakistani", "smallest_n": 5.0, "threshold": 5,
    }]


def test_collapse_adds_smallest_sibling_until_threshold():
    c = pd.DataFrame({"group": ["Indian", "Pakistani", "Chinese"], "n": [30, 3, 12]})
    mapping, _ = collapse_plan(c, ASIAN, threshold=5, level=None)
    assert mapping["Pakistani"] == mapping["Chinese"] == "Asian: other groups"
    assert mapping["Indian"] == "Indian"


def test_collapse_whole_family_takes_broad_label():
    c = pd.DataFrame({"group": ["African", "Caribbean"], "n": [3, 20]})
    mapping, _ = collapse_plan(c, ASIAN, threshold=5, level=None)
    assert mapping == {"African": "Black", "Caribbean": "Black"}


def test_collapse_decided_across_levels_keeps_table_rectangular():
    c = pd.DataFrame({"group": ["Indian", "Pakistani", "Indian", "Pakistani"],
                      "level": ["Female", "Female", "Male", "Male"], "n": [30, 12, 25, 2]})
    out, record = collapse_groups(c, ASIAN, threshold=5)
    assert out.to_dict("records") == [{"level": "Female", "group": "Asian", "n": 42},
                                      {"level": "Male", "group": "Asian", "n": 27}]
    assert record["members"].tolist() == ["Indian; Pakistani"]


def test_nothing_collapsed_when_all_large():
    c = pd.DataFrame({"group": ["Indian", "Pakistani"], "n": [30, 12]})
    mapping, record = collapse_plan(c, ASIAN, threshold=10, level=None)
    assert mapping == {"Indian": "Indian", "Pakistani": "Pakistani"} and record.empty


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("rules", [RULES, DisclosureRules(zeros_disclosive=True)])
def test_random_two_way_tables_pass_the_checker_after_protect(seed, rules):
    # Poisson cells with many small and zero values: a stress test of the complement choice
    rng = np.random.default_rng(seed)
    cells = {(g, lv): int(rng.poisson(lam)) for g, lam in zip("ABC", rng.uniform(1, 12, 3),
                                                                  strict=True)
             for lv in BANDS}
    out = protect(cross(cells), rules)
    assert check_table(out, rules) == []
