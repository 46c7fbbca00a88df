"""Pay-gap intervals for large comparisons and many groups (methodology §2.1; issue 11).

* :func:`resampled_median_rate_table` must draw exactly the rate-table bootstrap's medians: checked
  against the distribution enumerated by hand from the multinomial, with a window narrow enough
  that most resamples take the "middle outside the window" branch, and against the full-table
  implementation on a large sample of distinct rates.
* :class:`ReferenceResamples` must give bit-identical intervals to a fresh call.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from eqlib.intervals import (
    ReferenceResamples,
    pay_gap_intervals,
    resampled_mean_median,
    resampled_median_rate_table,
)

# eight people on seven distinct rates: an even count, so a median averages the two middle values
VALUES = np.array([1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0, 7.0])


def _exact_median_distribution(values: np.ndarray) -> dict[float, float]:
    """P(resample median = m), enumerating every count vector of the rate-table multinomial."""
    distinct, counts = np.unique(values, return_counts=True)
    n = values.size
    lo, hi = (n - 1) // 2, n // 2
    dist: dict[float, float] = {}
    for cut in itertools.combinations(range(n + distinct.size - 1), distinct.size - 1):
        # stars and bars: the gaps between the cuts are the counts of each distinct value
        edges = (-1, *cut, n + distinct.size - 1)
        draw = np.diff(edges) - 1
        prob = stats.multinomial.pmf(draw, n, counts / n)
        cum = np.cumsum(draw)
        median = (distinct[(cum <= lo).sum()] + distinct[(cum <= hi).sum()]) / 2
        dist[median] = dist.get(median, 0.0) + prob
    return dist


@pytest.mark.parametrize("window_sd", [0.01, 0.5, 10.0])
def test_windowed_medians_follow_the_exact_rate_table_distribution(window_sd):
    exact = _exact_median_distribution(VALUES)
    assert sum(exact.values()) == pytest.approx(1.0)
    n_boot = 40_000
    medians = resampled_median_rate_table(VALUES, n_boot=n_boot,
                                          rng=np.random.default_rng(11), window_sd=window_sd)
    assert set(np.unique(medians)) <= set(exact)
    for value, prob in exact.items():
        observed = float((medians == value).mean())
        se = math.sqrt(prob * (1 - prob) / n_boot)
        assert abs(observed - prob) <= 5 * se + 1e-12, (value, observed, prob)


def test_narrow_window_reaches_both_outside_branches():
    # window_sd 0.01 keeps about one rank either side of the middle positions 3 and 4: the rates
    # 2.0 to 5.0. A median of 1.5 or less (a middle position on 1.0) or of 5.5 or more (on 6.0 or
    # 7.0) needs the branch that splits the people below or above the window over their rates;
    # the test above checks its frequencies, this one that both branches are really taken
    medians = resampled_median_rate_table(VALUES, n_boot=40_000, rng=np.random.default_rng(11),
                                          window_sd=0.01)
    assert (medians <= 1.5).mean() > 0.003 and (medians >= 5.5).mean() > 0.01


def test_windowed_and_full_rate_table_medians_agree_on_distinct_rates():
    # 5,000 distinct rates (real hourly pay has almost no ties): the windowed draws and the full
    # multinomial must be the same distribution (two-sample Kolmogorov-Smirnov, fixed seeds)
    values = np.round(np.random.default_rng(5).lognormal(3, 0.4, size=5_000), 6)
    windowed = resampled_median_rate_table(values, n_boot=2_000, rng=np.random.default_rng(1))
    _, full = resampled_mean_median(values, n_boot=2_000, rng=np.random.default_rng(2),
                                    method="rate_table")
    assert stats.ks_2samp(windowed, full).pvalue > 0.01
    assert np.median(windowed) == pytest.approx(np.median(full), rel=1e-3)


def test_windowed_median_of_one_value_and_of_nothing():
    assert resampled_median_rate_table(np.array([7.0]), n_boot=3,
                                       rng=np.random.default_rng(0)).tolist() == [7.0] * 3
    assert np.isnan(resampled_median_rate_table(np.array([]), n_boot=2,
                                                rng=np.random.default_rng(0))).all()


@pytest.mark.parametrize("bad", [{"n_boot": 0}, {"window_sd": 0.0}])
def test_windowed_median_rejects_bad_options(bad):
    kwargs = {"n_boot": 5, "rng": np.random.default_rng(0), **bad}
    with pytest.raises(ValueError, match=next(iter(bad))):
        resampled_median_rate_table(VALUES, **kwargs)


@pytest.mark.parametrize("max_n", [10_000, 50])  # stratified bootstrap; large-workforce methods
def test_reference_resamples_give_identical_intervals(max_n):
    rng = np.random.default_rng(8)
    reference = rng.lognormal(3, 0.3, size=60)
    groups = [rng.lognormal(2.9, 0.3, size=k) for k in (5, 30, 45)]
    kwargs = {"confidence_level": 0.95, "n_boot": 300, "seed": 4, "max_n": max_n}
    shared = ReferenceResamples(reference, n_boot=300, seed=4)
    for group in groups:
        assert pay_gap_intervals(shared, group, **kwargs) == pay_gap_intervals(
            reference, group, **kwargs)
    methods = {pay_gap_intervals(shared, g, **kwargs)["median_method"] for g in groups}
    assert methods == ({"bootstrap"} if max_n == 10_000 else {"rate_table_bootstrap"})


def test_reference_resamples_must_match_the_call():
    shared = ReferenceResamples(VALUES, n_boot=100, seed=1)
    with pytest.raises(ValueError, match="seed=1"):
        pay_gap_intervals(shared, VALUES, confidence_level=0.95, n_boot=100, seed=2, max_n=100)


# ------------------------------------------------------------------------------------------------
# Every interval agrees with its p-value (issue 17, item 2)
# ------------------------------------------------------------------------------------------------
def test_exact_binomial_p_value_is_twice_the_smaller_tail() -> None:
    from eqlib.intervals import exact_binomial_p_value

    # 3 of 10 against 0.2: P(X >= 3) = 1 - 0.8^10 - 10 x 0.2 x 0.8^9 - 45 x 0.04 x 0.8^8
    # = 0.3222004736; P(X <= 3) = 0.8791 is larger; p = 2 x 0.3222004736.
    assert float(exact_binomial_p_value(3, 10, 0.2)) == pytest.approx(0.6444009472, abs=1e-12)


def test_exact_binomial_p_value_is_capped_at_one() -> None:
    from eqlib.intervals import exact_binomial_p_value

    # 5 of 10 against 0.5: both tails are 0.623, twice either is above 1.
    assert float(exact_binomial_p_value(5, 10, 0.5)) == 1.0


def test_exact_binomial_p_value_undefined_without_trials() -> None:
    from eqlib.intervals import exact_binomial_p_value

    assert math.isnan(float(exact_binomial_p_value(0, 0, 0.5)))


def test_clopper_pearson_bounds_match_the_scalar_interval() -> None:
    from eqlib.intervals import clopper_pearson_bounds, clopper_pearson_interval

    for k, n in ((0, 10), (3, 10), (10, 10), (1, 1)):
        low, high = clopper_pearson_bounds(k, n)
        assert (float(low), float(high)) == pytest.approx(clopper_pearson_interval(k, n),
                                                          abs=1e-12)


# Population shares of the grid: round numbers, the review's cases and awkward fractions.
GRID_SHARES = (0.01, 0.05, 0.083, 0.1, 0.15, 0.2, 0.222, 0.25, 0.3, 1 / 3, 0.4, 0.476, 0.5,
               0.515, 0.6, 2 / 3, 0.75, 0.8, 0.9, 0.95, 0.99)


@pytest.mark.parametrize("confidence_level", [0.95, 0.9, 0.99])
def test_clopper_pearson_and_its_p_value_never_disagree(confidence_level: float) -> None:
    # every n = 1..300, every k = 0..n, every share of the grid: the share lies outside the
    # Clopper-Pearson interval exactly when the equal-tailed exact p-value is below alpha
    from eqlib.intervals import clopper_pearson_bounds, exact_binomial_p_value

    alpha = 1 - confidence_level
    n = np.concatenate([np.full(m + 1, m) for m in range(1, 301)])
    k = np.concatenate([np.arange(m + 1) for m in range(1, 301)])
    low, high = clopper_pearson_bounds(k, n, confidence_level=confidence_level)
    checked = 0
    for b in GRID_SHARES:
        excluded = (b < low) | (b > high)
        significant = exact_binomial_p_value(k, n, b) < alpha
        bad = np.flatnonzero(excluded != significant)
        assert bad.size == 0, [(int(n[i]), int(k[i]), b) for i in bad[:5]]
        checked += n.size
    assert checked == 45_450 * len(GRID_SHARES)


def test_scipy_default_binomtest_does_disagree_with_clopper_pearson() -> None:
    # why the library does not use it: 6 of 21 against 0.515 (see test_representation)
    from eqlib.intervals import clopper_pearson_interval

    low, high = clopper_pearson_interval(6, 21)
    assert low < 0.515 < high
    assert stats.binomtest(6, 21, 0.515).pvalue < 0.05
