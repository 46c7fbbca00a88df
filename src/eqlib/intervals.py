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

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportion_confint


def _check_level(confidence_level: float) -> float:
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be between 0 and 1, got {confidence_level!r}")
    return 1 - confidence_level


def wilson_interval(successes: int, trials: int, *, confidence_level: float = 0.95) -> tuple[float, float]:
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


def percentile_interval(draws: np.ndarray, *, confidence_level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of bootstrap draws (NaN draws ignored; ``(nan, nan)`` if none left)."""
    alpha = _check_level(confidence_level)
    draws = np.asarray(draws, dtype=float)
    draws = draws[~np.isnan(draws)]
    if draws.size == 0:
        return (math.nan, math.nan)
    low, high = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
    return (float(low), float(high))
