"""Confidence intervals: thin, documented wrappers over statsmodels and scipy.

Terms
-----
confidence_level
    Coverage of the interval, e.g. 0.95 (params ``confidence_level``); ``alpha = 1 - level``.
Wilson interval
    Score interval for a proportion (quarter shares, bonus proportions, rates); well behaved at
    0 and 1, unlike the Wald interval.
Clopper–Pearson interval
    Exact (conservative) interval for a binomial proportion; it never disagrees with the exact
    binomial test, which is why representation indices use it (methodology §3.1).
Katz interval
    Log-method interval for a ratio of two independent proportions (relative likelihood,
    methodology §4.1): ``SE(ln RR) = sqrt(1/a - 1/n1 + 1/c - 1/n2)``.

Every function returns ``(nan, nan)`` instead of raising when the interval is undefined (no trials,
or a zero count in a ratio), so tables can say "n/a" rather than print infinity.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportion_confint


def _check_level(confidence_level: float) -> float:
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be between 0 and 1, got {confidence_level!r}")
    return 1 - confidence_level


def wilson_interval(
    successes: int, trials: int, *, confidence_level: float = 0.95
) -> tuple[float, float]:
    """Wilson score interval for ``successes / trials``.

    Parameters
    ----------
    successes, trials
        Counts, ``0 <= successes <= trials``.
    confidence_level
        Coverage, default 0.95.

    Returns
    -------
    (low, high)
        Fractions in [0, 1]; ``(nan, nan)`` when ``trials == 0``.

    References
    ----------
    Wilson (1927); statsmodels ``proportion_confint(method="wilson")``.

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(5, 10)]
    [0.2366, 0.7634]
    """
    alpha = _check_level(confidence_level)
    if trials <= 0:
        return (math.nan, math.nan)
    low, high = proportion_confint(successes, trials, alpha=alpha, method="wilson")
    return (float(low), float(high))


def clopper_pearson_interval(
    successes: int, trials: int, *, confidence_level: float = 0.95
) -> tuple[float, float]:
    """Exact Clopper–Pearson interval for ``successes / trials``.

    Returns ``(nan, nan)`` when ``trials == 0``; the lower bound is 0 when ``successes == 0`` and
    the upper bound 1 when ``successes == trials``.

    References
    ----------
    Clopper and Pearson (1934); statsmodels ``proportion_confint(method="beta")``.

    Examples
    --------
    >>> [round(x, 4) for x in clopper_pearson_interval(0, 10)]
    [0.0, 0.3085]
    """
    alpha = _check_level(confidence_level)
    if trials <= 0:
        return (math.nan, math.nan)
    low, high = proportion_confint(successes, trials, alpha=alpha, method="beta")
    low = 0.0 if successes == 0 else float(low)
    high = 1.0 if successes == trials else float(high)
    return (low, high)


def katz_interval(
    a: int, n1: int, c: int, n2: int, *, confidence_level: float = 0.95
) -> tuple[float, float, float]:
    """Ratio of proportions ``(a/n1) / (c/n2)`` with its Katz log-method interval.

    Parameters
    ----------
    a, n1
        Successes and trials of the numerator group.
    c, n2
        Successes and trials of the denominator group.

    Returns
    -------
    (ratio, low, high)
        All ``nan`` when any of ``a``, ``c``, ``n1``, ``n2`` is zero: the ratio or its standard
        error is then undefined, and is reported as "n/a", never as infinity or a fill number.

    Notes
    -----
    ``SE(ln RR) = sqrt(1/a - 1/n1 + 1/c - 1/n2)``; interval ``exp(ln RR ± z SE)``. It agrees
    with scipy's ``relative_risk(...).confidence_interval()``.

    References
    ----------
    Katz, Baptista, Azen and Pike (1978); NHS WRES technical guidance (relative likelihood).

    Examples
    --------
    >>> [round(x, 4) for x in katz_interval(10, 75, 12, 225)]
    [2.5, 1.1262, 5.5499]
    """
    alpha = _check_level(confidence_level)
    if min(a, c, n1, n2) <= 0:
        return (math.nan, math.nan, math.nan)
    ratio = (a / n1) / (c / n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    z = float(stats.norm.ppf(1 - alpha / 2))
    return (ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se))


def percentile_interval(
    draws: np.ndarray, *, confidence_level: float = 0.95
) -> tuple[float, float]:
    """Percentile interval of bootstrap draws (NaN draws ignored; ``(nan, nan)`` if none left)."""
    alpha = _check_level(confidence_level)
    draws = np.asarray(draws, dtype=float)
    draws = draws[~np.isnan(draws)]
    if draws.size == 0:
        return (math.nan, math.nan)
    low, high = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
    return (float(low), float(high))


# ------------------------------------------------------------------------------------------------
# Pay gaps (methodology §2.1): stratified bootstrap, delta method, rate-table bootstrap
# ------------------------------------------------------------------------------------------------
# Not in statsmodels/scipy: scipy.stats.bootstrap resamples one statistic of several samples, but
# it loops in Python over vectorised batches of *indices* (O(people) per resample) and has no
# rate-table (multinomial) form; the two-sample gap, the shared draws for mean and median and the
# O(distinct rates) resample of large workforces are written here, vectorised with numpy.

_CHUNK_ELEMENTS = 2_000_000  # numbers held at once by a batch of resamples (memory bound only)
_COUNTS_FACTOR = 8  # resample the rate table when it has at most n / 8 distinct values

INTERVAL_METHODS: dict[str, str] = {
    "bootstrap": "stratified bootstrap (percentile)",
    "delta": "delta method",
    "rate_table_bootstrap": "rate-table bootstrap (percentile)",
    "none": "not applicable",
}


def _gap_pct_array(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``(a - b) / a * 100`` elementwise, NaN where ``a`` is 0 or NaN (no warning)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    out = np.full(np.broadcast(a, b).shape, np.nan)
    ok = np.isfinite(a) & (a != 0) & np.isfinite(b)
    np.divide((a - b) * 100.0, a, out=out, where=ok)
    return out


def resampled_mean_median(
    values: np.ndarray,
    *,
    n_boot: int,
    rng: np.random.Generator,
    method: Literal["auto", "indices", "rate_table"] = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """Means and medians of ``n_boot`` resamples (with replacement, same size) of ``values``.

    Both statistics come from the same resamples. Two exact implementations of the same
    resampling distribution are available:

    * ``"indices"``: draw an ``(n_boot, n)`` matrix of indices into the sorted values (in batches);
      the median of a resample is read from the order statistics of its indices
      (``np.partition``), which is valid because the values are sorted. Cost O(n) per resample.
    * ``"rate_table"``: resample the table of distinct values and their counts,
      ``counts* ~ Multinomial(n, counts / n)``; mean ``= counts* · values / n``, median from the
      cumulative counts. Cost O(distinct values) per resample.
    * ``"auto"``: ``"rate_table"`` when there are at most ``n / 8`` distinct values, else
      ``"indices"`` (the faster of the two).

    Parameters
    ----------
    values
        One-dimensional sample (no NaN).
    n_boot
        Number of resamples, at least 1.
    rng
        Seeded ``numpy.random.Generator`` (draws are consumed from it).
    method
        ``"auto"``, ``"indices"`` or ``"rate_table"``.

    Returns
    -------
    (means, medians)
        Arrays of length ``n_boot``; all NaN when ``values`` is empty. The median of an even count
        is the mean of the two middle values.

    Examples
    --------
    >>> means, medians = resampled_mean_median(np.array([1.0, 1.0, 1.0]), n_boot=3,
    ...                                        rng=np.random.default_rng(1))
    >>> means.tolist(), medians.tolist()
    ([1.0, 1.0, 1.0], [1.0, 1.0, 1.0])
    """
    if method not in ("auto", "indices", "rate_table"):
        raise ValueError(f"method must be 'auto', 'indices' or 'rate_table', got {method!r}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot!r}")
    x = np.sort(np.asarray(values, dtype=float).ravel())
    n = x.size
    means = np.full(n_boot, np.nan)
    medians = np.full(n_boot, np.nan)
    if n == 0:
        return means, medians
    if np.isnan(x).any():
        raise ValueError("values contain NaN")
    lo, hi = (n - 1) // 2, n // 2  # 0-based positions of the middle value(s)
    distinct, counts = np.unique(x, return_counts=True)
    if method == "auto":
        method = "rate_table" if distinct.size * _COUNTS_FACTOR <= n else "indices"
    if method == "rate_table":
        p = counts / n
        batch = max(1, _CHUNK_ELEMENTS // distinct.size)
        for start in range(0, n_boot, batch):
            stop = min(n_boot, start + batch)
            draws = rng.multinomial(n, p, size=stop - start)
            means[start:stop] = draws @ distinct / n
            cum = np.cumsum(draws, axis=1)
            # the value at sorted position q is the first distinct value whose cumulative count > q
            i_lo = (cum <= lo).sum(axis=1)
            i_hi = (cum <= hi).sum(axis=1)
            medians[start:stop] = (distinct[i_lo] + distinct[i_hi]) / 2
    else:
        batch = max(1, _CHUNK_ELEMENTS // n)
        kth = sorted({lo, hi})
        for start in range(0, n_boot, batch):
            stop = min(n_boot, start + batch)
            idx = rng.integers(0, n, size=(stop - start, n))
            means[start:stop] = x[idx].mean(axis=1)
            part = np.partition(idx, kth, axis=1)
            medians[start:stop] = (x[part[:, lo]] + x[part[:, hi]]) / 2
    return means, medians


def delta_method_mean_gap_interval(
    reference: np.ndarray, group: np.ndarray, *, confidence_level: float = 0.95
) -> tuple[float, float]:
    """Delta-method (normal) interval of the mean gap ``(Ā − B̄) / Ā × 100``.

    ``SE = 100 · sqrt(s_B² / (n_B Ā²) + B̄² s_A² / (n_A Ā⁴))`` with sample variances
    (``ddof=1``) of the two independent samples; interval ``gap ± z SE``.

    Returns ``(nan, nan)`` when either sample has fewer than 2 values or ``Ā`` is 0.

    References
    ----------
    Methodology §2.1 (large workforces); Casella and Berger, *Statistical Inference*, §5.5.4.

    Examples
    --------
    >>> [round(v, 3) for v in delta_method_mean_gap_interval(np.array([10.0, 12.0]),
    ...                                                      np.array([9.0, 11.0]))]
    [-14.989, 33.171]
    """
    alpha = _check_level(confidence_level)
    a = np.asarray(reference, dtype=float)
    b = np.asarray(group, dtype=float)
    if a.size < 2 or b.size < 2:
        return (math.nan, math.nan)
    ma, mb = float(a.mean()), float(b.mean())
    if ma == 0:
        return (math.nan, math.nan)
    va, vb = float(a.var(ddof=1)) / a.size, float(b.var(ddof=1)) / b.size
    gap = (ma - mb) / ma * 100
    se = 100 * math.sqrt(vb / ma**2 + mb**2 * va / ma**4)
    z = float(stats.norm.ppf(1 - alpha / 2))
    return (gap - z * se, gap + z * se)


def pay_gap_intervals(
    reference: np.ndarray,
    group: np.ndarray,
    *,
    confidence_level: float,
    n_boot: int,
    seed: int,
    max_n: int,
) -> dict[str, object]:
    """Intervals of the mean and median gaps ``(A − B) / A × 100`` (A = reference statistic).

    At most ``max_n`` people in the comparison (``len(reference) + len(group)``): stratified
    bootstrap, i.e. each resample draws ``n_A`` values with replacement from the reference group
    and ``n_B`` from the compared group (:func:`resampled_mean_median`); percentile interval of
    the ``n_boot`` resampled gaps (:func:`percentile_interval`). Above ``max_n``: the mean gap's
    interval by :func:`delta_method_mean_gap_interval`, the median gap's by the rate-table
    bootstrap (a
    multinomial resample of each group's table of distinct rates, exact for this resampling and
    O(distinct rates) per resample).

    Parameters
    ----------
    reference, group
        Values (hourly pay, or bonus of those who received one) of the two groups.
    confidence_level
        Coverage, e.g. 0.95 (params ``confidence_level``).
    n_boot
        Resamples (params ``bootstrap.n``).
    seed
        Seed of ``numpy.random.default_rng`` (params ``bootstrap.seed``); a fresh generator is
        made for every call, so one comparison's interval does not depend on which other
        comparisons were computed before it.
    max_n
        People in a comparison above which the large-workforce methods are used
        (params ``bootstrap.max_n``).

    Returns
    -------
    dict
        ``mean`` and ``median``: ``(low, high)`` tuples (``(nan, nan)`` when a group is empty or a
        gap is undefined); ``mean_method`` and ``median_method``: keys of
        :data:`INTERVAL_METHODS` (``"bootstrap"``, ``"delta"``, ``"rate_table_bootstrap"``,
        ``"none"``).

    Notes
    -----
    Resampled gaps whose reference statistic is 0 are dropped (NaN) before the percentiles.
    With one person in a group every resample repeats that person, so the interval reflects
    only the other group's variation: such groups are suppressed before publication anyway.

    References
    ----------
    Efron and Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 13 (percentile
    interval) and §8.4 (two-sample problems); methodology §2.1.

    Examples
    --------
    >>> out = pay_gap_intervals(np.array([10.0, 10, 10]), np.array([8.0, 8, 8]),
    ...                         confidence_level=0.95, n_boot=100, seed=1, max_n=1000)
    >>> out["mean"], out["median"], out["mean_method"]
    ((20.0, 20.0), (20.0, 20.0), 'bootstrap')
    """
    _check_level(confidence_level)
    a = np.asarray(reference, dtype=float).ravel()
    b = np.asarray(group, dtype=float).ravel()
    nan2 = (math.nan, math.nan)
    if a.size == 0 or b.size == 0:
        return {"mean": nan2, "median": nan2, "mean_method": "none", "median_method": "none"}
    rng = np.random.default_rng(seed)
    if a.size + b.size <= max_n:
        ma, meda = resampled_mean_median(a, n_boot=n_boot, rng=rng)
        mb, medb = resampled_mean_median(b, n_boot=n_boot, rng=rng)
        mean_ci = percentile_interval(_gap_pct_array(ma, mb), confidence_level=confidence_level)
        median_ci = percentile_interval(
            _gap_pct_array(meda, medb), confidence_level=confidence_level
        )
        return {
            "mean": mean_ci,
            "median": median_ci,
            "mean_method": "bootstrap",
            "median_method": "bootstrap",
        }
    _, meda = resampled_mean_median(a, n_boot=n_boot, rng=rng, method="rate_table")
    _, medb = resampled_mean_median(b, n_boot=n_boot, rng=rng, method="rate_table")
    return {
        "mean": delta_method_mean_gap_interval(a, b, confidence_level=confidence_level),
        "median": percentile_interval(
            _gap_pct_array(meda, medb), confidence_level=confidence_level
        ),
        "mean_method": "delta",
        "median_method": "rate_table_bootstrap",
    }
