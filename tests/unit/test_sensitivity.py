"""Unit tests of eqlib.sensitivity: non-declaration scenarios and exact bounds (methodology §2)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eqlib.errors import DataError
from eqlib.sensitivity import non_declaration_sensitivity

G, R = "Disabled", "Not disabled"


def frame(group: list[float], reference: list[float], undeclared: list[float]) -> pd.DataFrame:
    labels = [G] * len(group) + [R] * len(reference)
    # alternate the two not-declared codes and a missing value: all three count as undeclared
    codes_ = ["Prefer not to say", "Not known", None]
    labels += [codes_[i % 3] for i in range(len(undeclared))]
    return pd.DataFrame({"disability": labels, "hourly_pay": [*group, *reference, *undeclared]})


def run(group, reference, undeclared) -> pd.DataFrame:
    out = non_declaration_sensitivity(frame(group, reference, undeclared), pay="hourly_pay",
                                      by="disability", group=G, reference=R)
    return out.set_index("measure")


def brute_force(group, reference, undeclared) -> dict[str, tuple[float, float]]:
    """Min and max gap over all 2**u assignments, by enumeration (np.mean / np.median)."""
    found: dict[str, list[float]] = {"mean": [], "median": []}
    for mask in itertools.product([False, True], repeat=len(undeclared)):
        g = list(group) + [x for x, m in zip(undeclared, mask, strict=True) if m]
        r = list(reference) + [x for x, m in zip(undeclared, mask, strict=True) if not m]
        if not g or not r:
            continue
        for name, stat in (("mean", np.mean), ("median", np.median)):
            a, b = stat(r), stat(g)
            found[name].append((a - b) / a * 100)
    return {k: (min(v), max(v)) if v else (np.nan, np.nan) for k, v in found.items()}


def test_declared_gap_and_scenarios_by_hand():
    # group 10; reference 10, 20; undeclared 5, 30
    out = run([10.0], [10.0, 20.0], [5.0, 30.0])
    assert out.loc["mean", "gap_pct"] == pytest.approx(100 / 3)  # (15-10)/15
    # all undeclared in the group: group 10, 5, 30 mean 15; reference mean 15 -> 0
    assert out.loc["mean", "gap_all_in_group_pct"] == pytest.approx(0.0)
    # all in the reference: reference 10, 20, 5, 30 mean 16.25; group 10 -> 38.4615...
    assert out.loc["mean", "gap_all_in_reference_pct"] == pytest.approx((16.25 - 10) / 16.25 * 100)
    # medians: all in group: group median 10 vs 15 -> 33.3; all in reference: median 15 -> 33.3
    assert out.loc["median", "gap_all_in_group_pct"] == pytest.approx(100 / 3)
    assert out.loc["median", "gap_all_in_reference_pct"] == pytest.approx(100 / 3)


def test_mean_bounds_by_hand():
    out = run([10.0], [10.0, 20.0], [5.0, 30.0])
    # max: 5 to the group (mean 7.5), 30 to the reference (mean 20) -> 62.5
    assert out.loc["mean", "gap_max_pct"] == pytest.approx(62.5)
    # min: 30 to the group (mean 20), 5 to the reference (mean 35/3) -> (35/3-20)/(35/3)
    assert out.loc["mean", "gap_min_pct"] == pytest.approx((35 / 3 - 20) / (35 / 3) * 100)
    assert not out.loc["mean", "robust_to_non_declaration"]


def test_counts():
    out = run([1.0, 2.0], [3.0], [4.0, 5.0, 6.0])
    assert out.loc["mean", ["n_group", "n_reference", "n_undeclared"]].tolist() == [2, 1, 3]


def test_robust_when_bounds_exclude_zero():
    # a few undeclared cannot overturn a large gap
    out = run([10.0] * 20, [20.0] * 20, [15.0, 30.0])
    assert out.loc["mean", "gap_min_pct"] > 0
    assert out.loc["mean", "robust_to_non_declaration"]
    assert out.loc["median", "robust_to_non_declaration"]


def test_no_undeclared_bounds_equal_the_gap():
    out = run([10.0, 12.0], [20.0, 22.0], [])
    for measure in ("mean", "median"):
        row = out.loc[measure]
        assert row["gap_min_pct"] == pytest.approx(row["gap_pct"])
        assert row["gap_max_pct"] == pytest.approx(row["gap_pct"])
        assert row["gap_all_in_group_pct"] == pytest.approx(row["gap_pct"])


def test_zero_gap_is_not_robust():
    out = run([10.0], [10.0], [])
    assert out.loc["mean", "gap_pct"] == 0
    assert not out.loc["mean", "robust_to_non_declaration"]


def test_group_without_declared_members_uses_assignments_that_fill_it():
    # group empty: only assignments with at least one undeclared person in it are defined
    out = run([], [10.0, 20.0], [5.0, 30.0])
    assert np.isnan(out.loc["mean", "gap_pct"])
    assert np.isnan(out.loc["mean", "gap_all_in_reference_pct"])
    expected = brute_force([], [10.0, 20.0], [5.0, 30.0])
    assert out.loc["mean", "gap_min_pct"] == pytest.approx(expected["mean"][0])
    assert out.loc["mean", "gap_max_pct"] == pytest.approx(expected["mean"][1])


def test_undefined_everything_gives_na_robust():
    out = run([], [10.0], [])
    assert np.isnan(out.loc["median", "gap_min_pct"])
    assert pd.isna(out.loc["median", "robust_to_non_declaration"])


def test_other_declared_groups_are_ignored():
    df = frame([10.0], [20.0], [15.0])
    df.loc[len(df)] = ["Some other group", 1000.0]
    out = non_declaration_sensitivity(df, pay="hourly_pay", by="disability", group=G, reference=R)
    assert out.loc[0, "gap_pct"] == pytest.approx(50.0)
    assert out.loc[0, "n_group"] + out.loc[0, "n_reference"] + out.loc[0, "n_undeclared"] == 3


def test_row_order_does_not_matter():
    df = frame([10.0, 14.0, 9.0], [20.0, 13.0], [5.0, 30.0, 11.0, 11.0])
    a = non_declaration_sensitivity(df, pay="hourly_pay", by="disability", group=G, reference=R)
    b = non_declaration_sensitivity(df.iloc[::-1], pay="hourly_pay", by="disability", group=G,
                                    reference=R)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("seed", range(25))
def test_bounds_equal_brute_force_on_random_cases(seed):
    rng = np.random.default_rng(seed)
    # integer pay on a small range gives many ties; sizes include 0 declared in a group
    group = rng.integers(5, 15, rng.integers(0, 5)).astype(float).tolist()
    reference = rng.integers(5, 20, rng.integers(1, 5)).astype(float).tolist()
    undeclared = rng.integers(3, 25, rng.integers(1, 11)).astype(float).tolist()
    out = run(group, reference, undeclared)
    expected = brute_force(group, reference, undeclared)
    for measure in ("mean", "median"):
        assert out.loc[measure, "gap_min_pct"] == pytest.approx(expected[measure][0], abs=1e-9)
        assert out.loc[measure, "gap_max_pct"] == pytest.approx(expected[measure][1], abs=1e-9)


pays = st.integers(min_value=1, max_value=12).map(float)


@settings(max_examples=60, deadline=None)
@given(group=st.lists(pays, max_size=5), reference=st.lists(pays, min_size=1, max_size=5),
       undeclared=st.lists(pays, max_size=8))
def test_bounds_equal_brute_force_property(group, reference, undeclared):
    out = run(group, reference, undeclared)
    expected = brute_force(group, reference, undeclared)
    for measure in ("mean", "median"):
        lo, hi = expected[measure]
        assert out.loc[measure, "gap_min_pct"] == pytest.approx(lo, abs=1e-9, nan_ok=True)
        assert out.loc[measure, "gap_max_pct"] == pytest.approx(hi, abs=1e-9, nan_ok=True)
        # the scenarios are assignments, so they lie within the bounds
        for col in ("gap_all_in_group_pct", "gap_all_in_reference_pct"):
            value = out.loc[measure, col]
            if not np.isnan(value):
                assert lo - 1e-9 <= value <= hi + 1e-9


@pytest.mark.parametrize("bad", [0.0, -1.0, None])
def test_non_positive_or_missing_pay_is_a_data_error(bad):
    df = frame([10.0], [20.0], [15.0])
    df.loc[2, "hourly_pay"] = bad
    with pytest.raises(DataError, match="hourly_pay"):
        non_declaration_sensitivity(df, pay="hourly_pay", by="disability", group=G, reference=R)


def test_missing_column_is_a_data_error():
    with pytest.raises(DataError, match="'pay'"):
        non_declaration_sensitivity(frame([1.0], [2.0], []), pay="pay", by="disability",
                                    group=G, reference=R)


@pytest.mark.parametrize(("group", "reference"), [(G, G), ("Not known", R), (G, None)])
def test_bad_groups_raise(group, reference):
    with pytest.raises(ValueError):
        non_declaration_sensitivity(frame([1.0], [2.0], []), pay="hourly_pay", by="disability",
                                    group=group, reference=reference)
