"""Property tests of the pay quarters (acceptance.md §2, methodology §1.5).

Random workforces with many ties: band sizes follow the remainder rule; on every rate shared by
more than one band each group's count in each band is less than 1 from its proportional share,
for any number of groups; the result does not depend on row order; and the statutory gaps of a
workforce whose women are copies of its men with pay × k are (1 − k) × 100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eqlib.paygap import gpg_figures, quarter_band_sizes, quarter_bands

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def workforces(draw, max_n: int = 120, max_groups: int = 8):
    """Pay on few distinct rates (many ties), 1-``max_groups`` groups with skewed sizes."""
    n = draw(st.integers(min_value=1, max_value=max_n))
    n_rates = draw(st.integers(min_value=1, max_value=6))
    n_groups = draw(st.integers(min_value=1, max_value=max_groups))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    rng = np.random.default_rng(seed)
    rates = np.sort(rng.choice(np.arange(8.0, 40.0, 0.5), size=n_rates, replace=False))
    pay = rng.choice(rates, size=n)
    weights = rng.dirichlet(np.full(n_groups, 0.5))
    groups = rng.choice([f"g{j}" for j in range(n_groups)], size=n, p=weights)
    ids = rng.permutation(n)
    index = pd.Index(rng.permutation(n) + 1000)
    return (pd.Series(pay, index=index), pd.Series(groups, index=index),
            pd.Series([f"E{i:04d}" for i in ids], index=index))


def _check_proportional(pay: pd.Series, group: pd.Series, bands: pd.Series) -> None:
    """Every cell of every tied rate's band × group table is less than 1 from its exact share."""
    frame = pd.DataFrame({"pay": pay, "group": group, "band": bands})
    for _, tied in frame.groupby("pay"):
        table = pd.crosstab(tied["band"], tied["group"])
        places = table.sum(axis=1).to_numpy(dtype=float)
        sizes = table.sum(axis=0).to_numpy(dtype=float)
        exact = np.outer(places, sizes) / len(tied)
        assert np.all(np.abs(table.to_numpy() - exact) < 1 - 1e-9), (table, exact)


@SETTINGS
@given(workforces())
def test_band_sizes_follow_the_remainder_rule(data):
    pay, group, ids = data
    bands = quarter_bands(pay, group, ids=ids)
    counts = bands.value_counts().reindex([1, 2, 3, 4], fill_value=0)
    assert tuple(counts.tolist()) == quarter_band_sizes(len(pay))


@SETTINGS
@given(workforces())
def test_bands_are_monotone_in_pay(data):
    pay, group, ids = data
    bands = quarter_bands(pay, group, ids=ids)
    order = np.argsort(pay.to_numpy(), kind="stable")
    by_pay = pd.DataFrame({"pay": pay.to_numpy()[order], "band": bands.to_numpy()[order]})
    # the highest band of a rate never exceeds the lowest band of the next rate
    spans = by_pay.groupby("pay")["band"].agg(["min", "max"])
    assert (spans["max"].to_numpy()[:-1] <= spans["min"].to_numpy()[1:]).all()


@SETTINGS
@given(workforces())
def test_tied_cells_are_within_one_of_proportional(data):
    pay, group, ids = data
    _check_proportional(pay, group, quarter_bands(pay, group, ids=ids))


@SETTINGS
@given(workforces(max_n=200, max_groups=40))
def test_many_small_groups_on_one_rate(data):
    pay, group, ids = data
    one_rate = pd.Series(15.0, index=pay.index)
    _check_proportional(one_rate, group, quarter_bands(one_rate, group, ids=ids))


@SETTINGS
@given(workforces(), st.integers(min_value=0, max_value=2**32 - 1))
def test_result_does_not_depend_on_row_order(data, seed):
    pay, group, ids = data
    bands = quarter_bands(pay, group, ids=ids)
    perm = np.random.default_rng(seed).permutation(len(pay))
    shuffled = quarter_bands(pay.iloc[perm], group.iloc[perm], ids=ids.iloc[perm])
    pd.testing.assert_series_equal(shuffled.reindex(bands.index), bands)


def test_three_asian_four_singletons_two_lower_places():
    # methodology §1.5: 7 tied (3 Asian, one each of four other groups), 2 places in the lower
    # band. Exact shares of the lower band: Asian 6/7 = 0.86, others 2/7 = 0.29 each, so Asian
    # staff may take at most 1 of the 2 places (per-group interleaving keys give both to them).
    below = [10.0, 10.5, 11.0]  # N = 20: bands of 5; 3 below the rate, so 2 tied lower places
    above = [20.0 + i for i in range(10)]
    pay = pd.Series(below + [15.0] * 7 + above)
    group = pd.Series(["x"] * 3 + ["Asian"] * 3 + ["Black", "Mixed", "Other", "White other"]
                      + ["x"] * 10)
    bands = quarter_bands(pay, group)
    tied = pd.DataFrame({"band": bands[3:10], "group": group[3:10]})
    lower = tied[tied["band"] == 1]
    assert len(lower) == 2
    assert (lower["group"] == "Asian").sum() == 1
    _check_proportional(pay, group, bands)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(min_value=800, max_value=6000), min_size=1, max_size=60),
    st.sampled_from([0.5, 0.8, 0.9, 0.95, 1.0, 1.1, 1.25]),
)
def test_women_as_scaled_copies_of_men(pence, k):
    men = np.array(pence, dtype=float) / 100
    women = men * k
    n = len(men)
    wf = pd.DataFrame({
        "employee_id": [f"M{i}" for i in range(n)] + [f"F{i}" for i in range(n)],
        "sex": ["Male"] * n + ["Female"] * n,
        "hourly_pay": np.concatenate([men, women]),
    })
    figures = gpg_figures(wf)
    assert figures["DiffMeanHourlyPercent"] == pytest.approx((1 - k) * 100, abs=1e-9)
    assert figures["DiffMedianHourlyPercent"] == pytest.approx((1 - k) * 100, abs=1e-9)
