"""Prototype of the two fixes recommended for the pay-gap suite (not library code).

Measured by ``benchmarks/run.py`` as the task ``pay_gap_suite_fixed``: the real
``paygap.pay_gap_by`` with :func:`eqlib.intervals.pay_gap_intervals` swapped for
:func:`pay_gap_intervals_fixed`, so the table can show what the fixes would give before they are
applied to ``src/eqlib/intervals.py`` / ``paygap.py`` (the lead's call).

Fix 1 (bit-identical results): resample the reference group once per characteristic.
    ``pay_gap_by`` calls ``pay_gap_intervals(ref, group, seed=s)`` once per compared group; each
    call makes ``default_rng(s)`` and resamples the reference first, so the reference's resampled
    means and medians are the same in every call. Here they are computed once (keyed by the
    reference's bytes, n_boot, seed, method) together with the generator's state after them; the
    group is then drawn from a generator restored to that state, so every number is unchanged.

Fix 2 (same distribution, different random stream): the median of the rate-table bootstrap
    above ``bootstrap.max_n`` is drawn from a *window* of the rate table around the median. With
    hourly pay in pence over many hours, distinct rates ~ people, so the full multinomial costs
    O(people) per resample, not the O(distinct rates) methodology §2.1 expects. Per resample:
    ``below ~ Bin(n, F_L)`` people below the window, ``above ~ Bin(n - below, P_R / (1 - F_L))``
    above it, and a multinomial over the window's rates for the rest: an exact factorisation of the
    same multinomial. The window spans ±``width`` standard deviations of the median's rank
    (``width`` 10: a resample whose middle falls outside, probability < 1e-20, is redrawn from the
    full table), so the cost is O(sqrt(n)) per resample.
"""

from __future__ import annotations

import math

import numpy as np

from eqlib import intervals

_CACHE: dict[tuple, tuple[np.ndarray, np.ndarray, dict]] = {}


def windowed_resampled_median(
    values: np.ndarray, *, n_boot: int, rng: np.random.Generator, width: float = 10.0
) -> np.ndarray:
    """Bootstrap medians of ``values`` (exactly distributed as the full rate-table bootstrap)."""
    x = np.sort(np.asarray(values, dtype=float).ravel())
    n = x.size
    if n == 0:
        return np.full(n_boot, np.nan)
    distinct, counts = np.unique(x, return_counts=True)
    lo, hi = (n - 1) // 2, n // 2
    cum = np.cumsum(counts)
    half = width * 0.5 * math.sqrt(n) + 2  # ranks either side of the middle
    j_left = int(np.searchsorted(cum, max(lo - half, 0), side="right"))
    j_right = int(np.searchsorted(cum, min(hi + half, n - 1), side="right"))
    p = counts / n
    p_below = float(cum[j_left - 1] / n) if j_left > 0 else 0.0
    p_above = float((n - cum[j_right]) / n)
    inside_p = p[j_left : j_right + 1]
    inside_p = inside_p / inside_p.sum()
    below = rng.binomial(n, p_below, size=n_boot) if p_below > 0 else np.zeros(n_boot, np.int64)
    rest = n - below
    q = p_above / (1 - p_below) if p_below < 1 else 0.0
    above = rng.binomial(rest, min(q, 1.0)) if q > 0 else np.zeros(n_boot, np.int64)
    inside = rng.multinomial(rest - above, inside_p)
    cum_in = below[:, None] + np.cumsum(inside, axis=1)
    ok = (below <= lo) & (cum_in[:, -1] > hi)
    i_lo = (cum_in <= lo).sum(axis=1)
    i_hi = (cum_in <= hi).sum(axis=1)
    medians = np.empty(n_boot)
    medians[ok] = (distinct[j_left + i_lo[ok]] + distinct[j_left + i_hi[ok]]) / 2
    for k in np.flatnonzero(~ok):  # vanishingly rare: redraw from the full table
        draw = np.cumsum(rng.multinomial(n, p))
        medians[k] = (distinct[(draw <= lo).sum()] + distinct[(draw <= hi).sum()]) / 2
    return medians


def _reference_resample(a: np.ndarray, n_boot: int, seed: int, method: str):
    key = (a.tobytes(), n_boot, seed, method)
    if key not in _CACHE:
        rng = np.random.default_rng(seed)
        if method == "bootstrap":
            ma, meda = intervals.resampled_mean_median(a, n_boot=n_boot, rng=rng)
        else:
            ma, meda = None, windowed_resampled_median(a, n_boot=n_boot, rng=rng)
        if len(_CACHE) >= 4:  # pay_gap_by alternates hourly and bonus references per group
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (ma, meda, rng.bit_generator.state)
    return _CACHE[key]


def pay_gap_intervals_fixed(
    reference, group, *, confidence_level: float, n_boot: int, seed: int, max_n: int
) -> dict[str, object]:
    """:func:`eqlib.intervals.pay_gap_intervals` with fixes 1 and 2 (same signature, same keys)."""
    a = np.asarray(reference, dtype=float).ravel()
    b = np.asarray(group, dtype=float).ravel()
    nan2 = (math.nan, math.nan)
    if a.size == 0 or b.size == 0:
        return {"mean": nan2, "median": nan2, "mean_method": "none", "median_method": "none"}
    method = "bootstrap" if a.size + b.size <= max_n else "rate_table_bootstrap"
    ma, meda, state = _reference_resample(a, n_boot, seed, method)
    rng = np.random.default_rng(seed)
    rng.bit_generator.state = state
    gap = intervals._gap_pct_array
    if method == "bootstrap":
        mb, medb = intervals.resampled_mean_median(b, n_boot=n_boot, rng=rng)
        return {
            "mean": intervals.percentile_interval(gap(ma, mb), confidence_level=confidence_level),
            "median": intervals.percentile_interval(
                gap(meda, medb), confidence_level=confidence_level
            ),
            "mean_method": "bootstrap",
            "median_method": "bootstrap",
        }
    medb = windowed_resampled_median(b, n_boot=n_boot, rng=rng)
    return {
        "mean": intervals.delta_method_mean_gap_interval(a, b, confidence_level=confidence_level),
        "median": intervals.percentile_interval(gap(meda, medb), confidence_level=confidence_level),
        "mean_method": "delta",
        "median_method": "rate_table_bootstrap",
    }


def install() -> None:
    """Use the fixed intervals in ``eqlib.paygap`` (this process only)."""
    from eqlib import paygap

    paygap.pay_gap_intervals = pay_gap_intervals_fixed
