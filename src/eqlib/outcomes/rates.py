"""Rates, relative likelihoods, impact ratios and their tests: what every outcome comparison is
built from. See :mod:`eqlib.outcomes` for the terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
from scipy import stats

from eqlib import characteristics, codes
from eqlib.errors import DataError
from eqlib.intervals import katz_interval

Orientation = Literal["reference_over_group", "group_over_reference"]
ORIENTATIONS: tuple[str, ...] = get_args(Orientation)

def holm_adjusted(p_values: np.ndarray) -> np.ndarray:
    """Holm step-down adjusted p-values, in the order given.

    With the ``m`` p-values sorted ascending, ``p̃_(k) = min(1, max_{j <= k} (m − j + 1) p_(j))``
    (k, j counted from 1). Equal to statsmodels ``multipletests(p, method="holm")[1]`` (a unit test
    checks it); written out because that function calls ``gc.collect()`` on every call, which
    cost 20 s of the positive-action notebook's 25 s (benchmarks/notes.md).

    References
    ----------
    Holm (1979), "A simple sequentially rejective multiple test procedure", *Scand. J. Statist.*
    6, 65-70.

    Examples
    --------
    >>> holm_adjusted(np.array([0.04, 0.01, 0.03])).round(4).tolist()
    [0.06, 0.03, 0.06]
    """
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p, kind="stable")
    m = p.size
    stepped = np.maximum.accumulate(p[order] * (m - np.arange(m)))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


ProgrammeOutcome = Literal["grade_rise", "retention"]
PROGRAMME_OUTCOMES: tuple[str, ...] = get_args(ProgrammeOutcome)

#: Columns of :func:`compare_rates`, in order (acceptance.md §1, then the three extra flags).
RATE_COLUMNS: tuple[str, ...] = (
    "group", "trials", "successes", "rate", "relative_likelihood", "rl_ci_low", "rl_ci_high",
    "impact_ratio", "adverse_impact", "fisher_p", "fisher_p_holm", "significant_disparity",
    "fragile", "broadly_proportionate",
)

#: Lifecycle outcomes (methodology §4.2): the event types each counts and its orientation, chosen
#: so that RL > 1 always means the group fares worse than the reference.
LIFECYCLE_OUTCOMES: dict[str, tuple[tuple[str, ...], Orientation]] = {
    "promotion": (("promotion",), "reference_over_group"),
    "training": (("training",), "reference_over_group"),  # non-mandatory only
    "leaver_voluntary": (("leaver_voluntary",), "group_over_reference"),
    "leaver_involuntary": (("leaver_involuntary",), "group_over_reference"),
    "leaver": (("leaver_voluntary", "leaver_involuntary"), "group_over_reference"),
    "disciplinary": (("disciplinary",), "group_over_reference"),
    "capability": (("capability",), "group_over_reference"),
    "grievance": (("grievance",), "group_over_reference"),
}
#: Outcomes also published as two-year rolling figures (WRES indicator 3).
ROLLING_OUTCOMES: tuple[str, ...] = ("disciplinary", "capability")

OBSERVATIONAL_NOTE = (
    "Observational comparison: people were not randomly assigned, so the estimate shows an "
    "association, not a proven effect; differences the model does not control for may explain it."
)


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------
def _check_choice(name: str, value: Any, options: Sequence[str]) -> None:
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}.")


def _check_alpha(alpha: float) -> None:
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, e.g. 0.05; got {alpha!r}.")


def _check_band(band: Sequence[float]) -> tuple[Fraction, Fraction]:
    if len(band) != 2 or not 0 < band[0] < 1 < band[1]:
        raise ValueError("adverse_impact_band must be [low, high] with low < 1 < high; "
                         f"got {band!r}.")
    return _exact(band[0]), _exact(band[1])


def _exact(x: float) -> Fraction:
    """A threshold as an exact fraction of its decimal form (0.8 -> 4/5)."""
    return Fraction(repr(float(x)))


def _whole(values: pd.Series, name: str) -> np.ndarray:
    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    if np.isnan(arr).any() or (arr < 0).any() or (arr != np.round(arr)).any():
        raise DataError(f"column '{name}' must hold whole numbers of people (0 or more).")
    return arr.astype(np.int64)


def _ratio_position(num_s: int, num_n: int, den_s: int, den_n: int,
                    low: Fraction, high: Fraction) -> bool | None:
    """Whether ``(num_s/num_n) / (den_s/den_n)`` lies outside ``[low, high]``, exactly.

    None when undefined (no trials, or both rates zero); a zero denominator rate with a positive
    numerator rate is an infinite ratio, hence outside.
    """
    if num_n == 0 or den_n == 0 or (num_s == 0 and den_s == 0):
        return None
    if den_s == 0:
        return True
    ratio = Fraction(num_s * den_n, num_n * den_s)
    return ratio < low or ratio > high


def _groups_in_order(values: Iterable[Any], characteristic: str | None) -> list[Any]:
    """Distinct values in the code-list order of ``characteristic``, others after (sorted)."""
    present = set(values)
    known = characteristics.categories(characteristic) if characteristic in characteristics.REGISTRY else []
    first = [g for g in known if g in present]
    rest = sorted((g for g in present if g not in set(first)), key=str)
    return first + rest


def _group_column(frame: pd.DataFrame, characteristic: str, what: str) -> pd.Series:
    if characteristic not in frame.columns:
        raise DataError(f"the {what} have no column '{characteristic}'.")
    col = frame[characteristic].astype(object)
    return col.where(col.notna(), codes.NOT_KNOWN)


# --------------------------------------------------------------------------------------------------
# compare_rates
# --------------------------------------------------------------------------------------------------
def compare_rates(
    counts: pd.DataFrame,
    *,
    group: str,
    successes: str,
    trials: str,
    reference: Any,
    alpha: float,
    min_group_stat: int,
    adverse_impact_band: Sequence[float],
    impact_threshold: float = 0.8,
    orientation: Orientation = "reference_over_group",
    not_declared: Sequence[Any] = codes.NOT_DECLARED,
) -> pd.DataFrame:
    """Rates of each group with relative likelihood, impact ratio and Fisher tests.

    ``rate = successes / trials``; ``RL = rate_reference / rate_group`` (orientation
    ``reference_over_group``, WRES) or ``rate_group / rate_reference``
    (``group_over_reference``); ``impact_ratio = rate_group / rate_highest``.

    Parameters
    ----------
    counts
        One row per group.
    group, successes, trials
        Names of the columns of ``counts`` holding the group label and the whole-number counts.
    reference
        The value of the group column that every group is compared with (a declared group).
    alpha
        Significance level of the Holm-adjusted Fisher tests; the RL interval has coverage
        ``1 - alpha``.
    min_group_stat
        Fewest trials for a group to be the highest-rate group of the impact ratio (params
        ``disclosure.min_group_stat``).
    adverse_impact_band
        ``(low, high)``: RL inside it (inclusive) is broadly proportionate (params
        ``adverse_impact_band``).
    impact_threshold
        ``adverse_impact = impact_ratio < impact_threshold`` (four-fifths: 0.8).
    orientation
        ``"reference_over_group"`` (recruitment, training, promotion: RL > 1 means the reference
        is more likely to progress) or ``"group_over_reference"`` (disciplinary, capability,
        leavers, grievances: RL > 1 means the group is more likely to have the outcome).
    not_declared
        Values of the group column shown but not compared as a group: never the reference or the
        highest-rate group, and outside the Holm family.

    Returns
    -------
    pd.DataFrame
        One row per group, in the order of ``counts``: ``group, trials, successes, rate,
        relative_likelihood, rl_ci_low, rl_ci_high, impact_ratio, adverse_impact, fisher_p,
        fisher_p_holm, significant_disparity, fragile, broadly_proportionate``. The last three and
        ``adverse_impact`` are nullable booleans (``<NA>`` where undefined).

    Raises
    ------
    ValueError
        For an unknown ``orientation``, a bad ``alpha`` or band, or a reference that is not a
        declared group in ``counts``.
    DataError
        When counts are not whole numbers, successes exceed trials, or a group appears twice.

    Notes
    -----
    * Reference row: RL 1 (NaN when its own rate is 0 or undefined), no interval, no test.
    * Zero counts: RL and its interval are NaN ("n/a", never infinity) when any of the four counts
      is zero (Katz). The band check still works on the counts: a group with no successes against
      a reference with some is outside the band (its RL would be infinite).
    * Fisher exact test (two-sided) of the group against the reference on the 2×2 table; Holm
      adjustment across the declared non-reference groups with a test.
    * ``significant_disparity = (RL outside band) and (fisher_p_holm < alpha)``.
    * ``fragile`` (one-person rule, EEOC): True for a group flagged ``adverse_impact`` when one
      more success in it, or one fewer in the highest-rate group, would lift its impact ratio to
      ``impact_threshold`` or above; False for groups not flagged.
    * Thresholds are compared exactly on the counts (see the module docstring).

    References
    ----------
    EEOC Uniform Guidelines on Employee Selection Procedures, 29 CFR 1607.4(D), and Questions and
    Answers 12 and 21; NHS England, Workforce Race Equality Standard technical guidance
    (relative likelihood); Katz et al. (1978); Holm (1979).

    Examples
    --------
    >>> counts = pd.DataFrame({"g": ["White", "Minority"], "s": [80, 24], "n": [400, 200]})
    >>> opts = dict(alpha=0.05, min_group_stat=10, adverse_impact_band=(0.8, 1.25))
    >>> out = compare_rates(counts, group="g", successes="s", trials="n", reference="White", **opts)
    >>> out[["group", "rate", "impact_ratio"]].round(4).to_dict("list")
    {'group': ['White', 'Minority'], 'rate': [0.2, 0.12], 'impact_ratio': [1.0, 0.6]}
    >>> round(float(out.loc[1, "relative_likelihood"]), 4), bool(out.loc[1, "adverse_impact"])
    (1.6667, True)
    """
    _check_choice("orientation", orientation, ORIENTATIONS)
    _check_alpha(alpha)
    low, high = _check_band(adverse_impact_band)
    threshold = _exact(impact_threshold)
    for col in (group, successes, trials):
        if col not in counts.columns:
            raise DataError(f"the counts table has no column '{col}'.")
    labels = list(counts[group])
    if len(set(labels)) != len(labels):
        dup = sorted({str(g) for g in labels if labels.count(g) > 1})
        raise DataError(f"group(s) {', '.join(dup)} appear more than once in the counts table.")
    s = _whole(counts[successes], successes)
    n = _whole(counts[trials], trials)
    if (s > n).any():
        bad = [str(g) for g, a, b in zip(labels, s, n, strict=True) if a > b]
        raise DataError(f"successes exceed trials for group(s) {', '.join(bad)}.")
    if reference in not_declared:
        raise ValueError(f"reference {reference!r} is a not-declared value; "
                         "choose a declared group.")
    if reference not in labels:
        raise ValueError(f"reference group {reference!r} is not among the groups {labels!r}.")
    declared = [g not in not_declared for g in labels]
    r = labels.index(reference)
    sr, nr = int(s[r]), int(n[r])
    conf = 1 - alpha

    rate = np.divide(s, n, out=np.full(len(s), np.nan), where=n > 0)

    # Relative likelihood with the Katz interval.
    rl = np.full(len(s), np.nan)
    rl_low = np.full(len(s), np.nan)
    rl_high = np.full(len(s), np.nan)
    for i in range(len(s)):
        if i == r:
            rl[i] = 1.0 if nr > 0 and sr > 0 else np.nan
            continue
        if orientation == "reference_over_group":
            rl[i], rl_low[i], rl_high[i] = katz_interval(sr, nr, int(s[i]), int(n[i]),
                                                         confidence_level=conf)
        else:
            rl[i], rl_low[i], rl_high[i] = katz_interval(int(s[i]), int(n[i]), sr, nr,
                                                         confidence_level=conf)

    # Impact ratio against the highest rate among declared groups with enough trials.
    pool = [i for i in range(len(s)) if declared[i] and n[i] >= min_group_stat and n[i] > 0]
    pool_rates = {i: Fraction(int(s[i]), int(n[i])) for i in pool}
    top = max(pool_rates.values()) if pool_rates else Fraction(0)
    impact = np.full(len(s), np.nan)
    adverse: list[bool | None] = [None] * len(s)
    fragile: list[bool | None] = [None] * len(s)
    if top > 0:
        top_groups = [i for i, v in pool_rates.items() if v == top]
        # one fewer success in the highest-rate group: the new highest rate
        if len(top_groups) == 1:
            h = top_groups[0]
            lowered = dict(pool_rates)
            lowered[h] = Fraction(int(s[h]) - 1, int(n[h]))
            top_lowered = max(lowered.values())
        else:
            top_lowered = top
        for i in range(len(s)):
            if n[i] == 0:
                continue
            own = Fraction(int(s[i]), int(n[i]))
            impact[i] = float(own / top)
            adverse[i] = own < threshold * top
            if adverse[i]:
                one_more = s[i] < n[i] and Fraction(int(s[i]) + 1, int(n[i])) >= threshold * top
                one_fewer = top_lowered > 0 and own >= threshold * top_lowered
                fragile[i] = bool(one_more or one_fewer)
            else:
                fragile[i] = False

    # Fisher exact tests against the reference, Holm across declared non-reference groups.
    fisher = np.full(len(s), np.nan)
    for i in range(len(s)):
        if i != r and n[i] > 0 and nr > 0:
            table = [[int(s[i]), int(n[i] - s[i])], [sr, nr - sr]]
            fisher[i] = float(stats.fisher_exact(table, alternative="two-sided").pvalue)
    family = [i for i in range(len(s)) if i != r and declared[i] and not np.isnan(fisher[i])]
    holm = np.full(len(s), np.nan)
    if family:
        holm[family] = holm_adjusted(fisher[family])

    # Band position and significance.
    outside: list[bool | None] = [None] * len(s)
    for i in range(len(s)):
        if i == r:
            outside[i] = False if nr > 0 else None
        elif orientation == "reference_over_group":
            outside[i] = _ratio_position(sr, nr, int(s[i]), int(n[i]), low, high)
        else:
            outside[i] = _ratio_position(int(s[i]), int(n[i]), sr, nr, low, high)
    significant: list[bool | None] = [None] * len(s)
    for i in range(len(s)):
        if i == r:
            significant[i] = False
        elif not np.isnan(holm[i]):
            sig = bool(holm[i] < alpha)
            significant[i] = (outside[i] and sig) if outside[i] is not None else (
                False if not sig else None)

    out = pd.DataFrame({
        "group": labels,
        "trials": n,
        "successes": s,
        "rate": rate,
        "relative_likelihood": rl,
        "rl_ci_low": rl_low,
        "rl_ci_high": rl_high,
        "impact_ratio": impact,
        "adverse_impact": pd.array(adverse, dtype="boolean"),
        "fisher_p": fisher,
        "fisher_p_holm": holm,
        "significant_disparity": pd.array(significant, dtype="boolean"),
        "fragile": pd.array(fragile, dtype="boolean"),
        "broadly_proportionate": pd.array(
            [None if o is None else not o for o in outside], dtype="boolean"),
    })
    return out

