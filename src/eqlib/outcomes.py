"""Recruitment funnel, employment-lifecycle outcomes, positive-action evaluation (methodology §4).

Terms
-----
rate
    ``successes / trials``: the share of people at one stage (or in one population) who reach the
    next stage (or have the outcome). NaN when there are no trials.
relative likelihood (RL)
    A ratio of two groups' rates (NHS WRES). In the default orientation ``reference_over_group``,
    ``RL = rate_reference / rate_group``, so RL > 1 means the reference group is the more likely to
    progress (WRES indicators 2 and 4: appointment, training, promotion). For outcomes nobody wants
    (disciplinary, capability, leaving, grievances) the orientation is ``group_over_reference``,
    ``RL = rate_group / rate_reference`` (WRES indicator 3). Either way RL > 1 means the group fares
    worse than the reference. Its 95% interval is the Katz log interval
    (:func:`eqlib.intervals.katz_interval`). RL is undefined ("n/a", NaN) when a count is zero.
impact ratio (AIR)
    ``rate_group / rate_highest``, the highest rate among declared groups with at least
    ``min_group_stat`` trials (EEOC four-fifths rule). ``adverse_impact = AIR < 0.8``.
broadly proportionate
    RL inside the ``adverse_impact_band`` (params, default ``[0.8, 1.25]``).
significant disparity
    RL outside the band *and* the Holm-adjusted Fisher exact p-value below ``alpha``.
fragile
    The one-person rule: an adverse-impact flag that one more success in the group, or one fewer in
    the highest-rate group, would remove.
withdrawal rule
    An applicant who withdrew at stage *s* counts as having reached *s*, and is left out of the
    denominator of every transition out of *s* and of the overall applied → appointed rate
    (numerator and denominator).
people, not events
    Lifecycle outcomes count people: someone with two disciplinary cases in a year counts once.
not declared
    ``Prefer not to say`` / ``Not known`` (:data:`eqlib.codes.NOT_DECLARED`). Kept as their own rows
    in every table, but never the reference, never the highest-rate group of the impact ratio and
    outside the family of Holm-adjusted comparisons (they are not a group under the Equality Act).

Comparisons against thresholds (four-fifths, the band, the one-person rule) are made exactly on the
counts with :class:`fractions.Fraction`, so a rate of 48% against 60% is an impact ratio of exactly
0.8 (not adverse), whatever the floating-point rounding of 0.48 / 0.6.

Positive-action evaluations (:func:`programme_participation_effect`,
:func:`difference_in_differences`, :func:`guaranteed_interview_effect`) return an
:class:`Evaluation` that states its design, its sample sizes and that it is observational.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.contingency_tables import StratifiedTable

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
    alpha: float = 0.05,
    min_group_stat: int = 10,
    adverse_impact_band: Sequence[float] = (0.8, 1.25),
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
    >>> out = compare_rates(counts, group="g", successes="s", trials="n", reference="White")
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


# --------------------------------------------------------------------------------------------------
# Recruitment funnel (methodology §4.1)
# --------------------------------------------------------------------------------------------------
def _stage_index(applications: pd.DataFrame,
                 stages: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    stages = list(stages)
    if len(stages) < 2 or len(set(stages)) != len(stages):
        raise ValueError(f"stages must list at least two distinct stages in order; got {stages!r}.")
    if "stage_reached" not in applications.columns:
        raise DataError("the applications have no column 'stage_reached'.")
    reached = applications["stage_reached"].astype(object)
    unknown = sorted({str(v) for v in reached if v not in stages})
    if unknown:
        raise DataError(f"column 'stage_reached' holds {', '.join(unknown)}, which are not "
                        f"funnel stages ({', '.join(stages)}).")
    index = reached.map({st: i for i, st in enumerate(stages)}).to_numpy(dtype=np.int64)
    if "withdrawn" in applications.columns:
        withdrawn = applications["withdrawn"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    else:
        withdrawn = np.zeros(len(applications), dtype=bool)
    return index, withdrawn


def _transition_masks(index: np.ndarray, withdrawn: np.ndarray, i_from: int, i_to: int,
                      n_stages: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(reached ``i_from``, withdrawn and excluded, success) for the rate ``i_from -> i_to``."""
    at = index >= i_from
    if i_from == 0 and i_to == n_stages - 1:  # overall rate: every withdrawal is excluded
        excluded = at & withdrawn
    else:
        excluded = at & withdrawn & (index < i_to)
    success = at & ~excluded & (index >= i_to)
    return at, excluded, success


def transition_outcome(
    applications: pd.DataFrame,
    *,
    stages: Sequence[str],
    transition: tuple[str, str],
) -> pd.DataFrame:
    """The applications in the denominator of one funnel rate, with a boolean ``outcome`` column.

    ``outcome`` is True for an application that reached ``transition[1]``; the rows are those that
    reached ``transition[0]``, less withdrawals under the withdrawal rule.

    Parameters
    ----------
    applications
        Columns ``stage_reached`` (one of ``stages``) and optionally ``withdrawn`` (bool).
    stages
        Funnel stages in order (params ``funnel_stages``).
    transition
        ``(from_stage, to_stage)``, ``to_stage`` later than ``from_stage``. Applicants who withdrew
        at a stage from ``from_stage`` up to (not including) ``to_stage`` are left out; for the
        overall rate (first stage to last) every applicant who withdrew is left out.

    Returns
    -------
    pd.DataFrame
        The rows of ``applications`` in the denominator, with ``outcome`` added (a copy).

    Raises
    ------
    ValueError
        For an unknown stage or a transition that does not go forward.
    DataError
        When ``stage_reached`` holds a value that is not a stage.

    Examples
    --------
    >>> apps = pd.DataFrame({"stage_reached": ["applied", "shortlisted", "applied"],
    ...                      "withdrawn": [False, False, True]})
    >>> transition_outcome(apps, stages=["applied", "shortlisted"],
    ...                    transition=("applied", "shortlisted"))["outcome"].tolist()
    [False, True]
    """
    stages = list(stages)
    index, withdrawn = _stage_index(applications, stages)
    i_from, i_to = _transition_index(transition, stages)
    at, excluded, success = _transition_masks(index, withdrawn, i_from, i_to, len(stages))
    keep = at & ~excluded
    out = applications.loc[keep].copy()
    out["outcome"] = success[keep]
    return out


def _transition_index(transition: tuple[str, str], stages: list[str]) -> tuple[int, int]:
    if len(transition) != 2:
        raise ValueError(f"transition must be (from_stage, to_stage); got {transition!r}.")
    for st in transition:
        _check_choice("a transition stage", st, stages)
    i_from, i_to = stages.index(transition[0]), stages.index(transition[1])
    if i_to <= i_from:
        raise ValueError(f"transition {transition!r} must go forward through the stages "
                         f"{', '.join(stages)}.")
    return i_from, i_to


def funnel_rates(
    applications: pd.DataFrame,
    characteristic: str,
    *,
    stages: Sequence[str],
    reference: Any,
    alpha: float = 0.05,
    min_group_stat: int = 10,
    adverse_impact_band: Sequence[float] = (0.8, 1.25),
    impact_threshold: float = 0.8,
    not_declared: Sequence[Any] = codes.NOT_DECLARED,
) -> pd.DataFrame:
    """Progression rates of every group through every funnel transition, and overall.

    For transition ``s -> s+1``: ``rate = n_reaching_next / (n_at_stage - withdrawn)``, where
    ``n_at_stage`` counts applicants who reached ``s`` and ``withdrawn`` those who withdrew at
    ``s``. Overall (first stage -> last): ``rate = appointed and not withdrawn / (applied -
    withdrawn at any stage)``. Each transition is then compared across groups with
    :func:`compare_rates` (WRES orientation, ``RL = rate_reference / rate_group``).

    Parameters
    ----------
    applications
        One row per application: ``stage_reached``, ``withdrawn`` (optional, bool) and the
        ``characteristic`` column (docs/data_dictionary.md).
    characteristic
        Column of the groups, e.g. ``"ethnicity_binary"``. Missing values count as ``Not known``.
    stages
        Funnel stages in order (params ``funnel_stages``).
    reference
        Reference group (params ``reference_groups``).
    alpha, min_group_stat, adverse_impact_band, impact_threshold, not_declared
        As in :func:`compare_rates`.

    Returns
    -------
    pd.DataFrame
        One row per transition and group (transitions in stage order, then ``overall``; groups in
        code-list order, every group present in the applications at every transition, with zeros
        where it has nobody): ``characteristic, transition, from_stage, to_stage, group,
        n_at_stage, withdrawn, n_reaching_next`` followed by the columns of
        :func:`compare_rates` except ``group`` (``trials = n_at_stage - withdrawn``,
        ``successes = n_reaching_next``).

    Raises
    ------
    ValueError
        For bad options, or a reference group with no applications.
    DataError
        When a column is missing or ``stage_reached`` holds a value that is not a stage.

    Notes
    -----
    A group with nobody at a stage has ``trials`` 0 and NaN rate, RL and tests there.
    Not-declared applicants are their own rows (see :func:`compare_rates`).

    References
    ----------
    Methodology §4.1; NHS WRES indicator 2 (relative likelihood of appointment from shortlisting);
    EEOC 29 CFR 1607.4(D).

    Examples
    --------
    >>> apps = pd.DataFrame({
    ...     "stage_reached": ["applied", "shortlisted", "shortlisted", "applied"],
    ...     "withdrawn": [False, False, False, True],
    ...     "sex": ["Male", "Male", "Female", "Female"]})
    >>> out = funnel_rates(apps, "sex", stages=["applied", "shortlisted"], reference="Male",
    ...                    min_group_stat=1)
    >>> out[["transition", "group", "n_at_stage", "withdrawn", "trials", "rate"]].to_dict("list")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'transition': ['applied -> shortlisted', 'applied -> shortlisted'],
     'group': ['Female', 'Male'], 'n_at_stage': [2, 2], 'withdrawn': [1, 0], 'trials': [1, 2],
     'rate': [1.0, 0.5]}
    """
    stages = list(stages)
    index, withdrawn = _stage_index(applications, stages)
    groups_col = _group_column(applications, characteristic, "applications").to_numpy()
    groups = _groups_in_order(groups_col, characteristic)
    if reference not in groups:
        raise ValueError(f"reference group {reference!r} has no applications in column "
                         f"'{characteristic}'.")
    last = len(stages) - 1
    transitions = [(i, i + 1, f"{stages[i]} -> {stages[i + 1]}") for i in range(last)]
    if last > 1:
        transitions.append((0, last, f"{stages[0]} -> {stages[last]} (overall)"))
    pieces = []
    for i_from, i_to, label in transitions:
        at, excluded, success = _transition_masks(index, withdrawn, i_from, i_to, len(stages))
        rows = []
        for g in groups:
            mine = groups_col == g
            rows.append({"group": g, "n_at_stage": int((at & mine).sum()),
                         "withdrawn": int((excluded & mine).sum()),
                         "n_reaching_next": int((success & mine).sum())})
        counts = pd.DataFrame(rows)
        counts["trials"] = counts["n_at_stage"] - counts["withdrawn"]
        compared = compare_rates(
            counts, group="group", successes="n_reaching_next", trials="trials",
            reference=reference, alpha=alpha, min_group_stat=min_group_stat,
            adverse_impact_band=adverse_impact_band, impact_threshold=impact_threshold,
            not_declared=not_declared)
        block = counts[["group", "n_at_stage", "withdrawn", "n_reaching_next"]].join(
            compared.drop(columns="group"))
        block.insert(0, "to_stage", stages[i_to])
        block.insert(0, "from_stage", stages[i_from])
        block.insert(0, "transition", label)
        block.insert(0, "characteristic", characteristic)
        pieces.append(block)
    out = pd.concat(pieces, ignore_index=True)
    cols = ["characteristic", "transition", "from_stage", "to_stage", "group", "n_at_stage",
            "withdrawn", "n_reaching_next", *RATE_COLUMNS[1:]]
    return out[cols]


# --------------------------------------------------------------------------------------------------
# Simpson's paradox guard
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StratifiedComparison:
    """Crude and stratum-pooled ratios of one group's rate against the reference's.

    Ratios are ``rate_reference / rate_group`` (WRES orientation). ``mh_risk_ratio`` is the
    Mantel–Haenszel pooled ratio of rates (statsmodels ``StratifiedTable.riskratio_pooled``) with
    the Greenland–Robins interval; ``mh_odds_ratio`` is the Mantel–Haenszel pooled odds ratio
    (``StratifiedTable.oddsratio_pooled``) with the Robins–Breslow–Greenland interval.
    ``direction_disagrees``: both intervals exclude 1, on opposite sides. ``flag``: the
    :func:`adjustment_check` of the crude ratio against ``mh_risk_ratio`` (None when stratifying
    does not change the reading).
    """

    group: Any
    reference: Any
    transition: str
    stratum: str
    strata: pd.DataFrame
    crude_ratio: float
    crude_ci_low: float
    crude_ci_high: float
    mh_risk_ratio: float
    mh_rr_ci_low: float
    mh_rr_ci_high: float
    mh_odds_ratio: float
    mh_or_ci_low: float
    mh_or_ci_high: float
    n_strata_used: int
    direction_disagrees: bool
    sentence: str
    flag: str | None = None


def _side(low: float, high: float) -> int:
    """+1 when an interval lies wholly above 1, -1 wholly below, 0 when it includes 1 (or is NaN):
    a ratio whose interval includes 1 has no direction."""
    if math.isnan(low) or math.isnan(high) or low <= 1 <= high:
        return 0
    return 1 if low > 1 else -1


#: Reasons :func:`adjustment_check` flags a crude ratio against its within-stratum ratio.
ADJUSTMENT_FLAGS: dict[str, str] = {
    "reversed": "the crude and within-stratum ratios are significant in opposite directions "
                "(Simpson's paradox)",
    "significance_removed": "the crude ratio's interval excludes 1 but the within-stratum "
                            "ratio's includes 1",
    "significance_gained": "the within-stratum ratio's interval excludes 1 but the crude "
                           "ratio's includes 1",
    "moved": "adjusting for the strata moves the log ratio by more than the threshold",
}


def adjustment_check(crude: float, crude_low: float, crude_high: float, adjusted: float,
                     adjusted_low: float, adjusted_high: float, *,
                     log_ratio_change: float) -> str | None:
    """Whether stratifying changes the reading of a ratio: a key of :data:`ADJUSTMENT_FLAGS`.

    In order: ``reversed`` (both intervals exclude 1, on opposite sides), ``significance_removed``
    (the crude interval excludes 1, the adjusted one includes it), ``significance_gained`` (the
    reverse), ``moved`` (``|ln adjusted − ln crude| > log_ratio_change``); None when none holds or
    a ratio is undefined. A sign reversal of two ratios whose intervals include 1 (1.01 against
    0.99) is not a reversal: differences inside the interval are not directions.

    Parameters
    ----------
    crude, crude_low, crude_high
        The crude ratio and its interval.
    adjusted, adjusted_low, adjusted_high
        The within-stratum (Mantel–Haenszel) ratio and its interval.
    log_ratio_change
        Params ``stratified_check.log_ratio_change`` (e.g. 0.22, a factor of 1.25).

    Examples
    --------
    >>> adjustment_check(2.58, 1.9, 3.5, 1.00, 0.75, 1.34, log_ratio_change=0.22)
    'significance_removed'
    >>> adjustment_check(1.01, 0.8, 1.3, 0.99, 0.7, 1.4, log_ratio_change=0.22) is None
    True
    """
    if any(math.isnan(x) or x <= 0 for x in (crude, adjusted)):
        return None
    c, a = _side(crude_low, crude_high), _side(adjusted_low, adjusted_high)
    if c * a == -1:
        return "reversed"
    if c != 0 and a == 0:
        return "significance_removed"
    if c == 0 and a != 0:
        return "significance_gained"
    if abs(math.log(adjusted) - math.log(crude)) > log_ratio_change:
        return "moved"
    return None


def stratified_rate_ratio(
    applications: pd.DataFrame,
    characteristic: str,
    *,
    group: Any,
    reference: Any,
    stages: Sequence[str],
    transition: tuple[str, str] | None = None,
    stratum: str = "vacancy_grade",
    alpha: float = 0.05,
    log_ratio_change: float = 0.22,
) -> StratifiedComparison:
    """Crude and Mantel–Haenszel (within-stratum) ratios of a funnel rate: Simpson's paradox guard.

    ``crude = (s_ref / n_ref) / (s_grp / n_grp)`` over all applications;
    ``MH RR = Σ_k (s_ref,k · n_grp,k / N_k) / Σ_k (s_grp,k · n_ref,k / N_k)`` over the strata ``k``
    (vacancy grades) holding both groups.

    Parameters
    ----------
    applications
        As in :func:`funnel_rates`, plus the ``stratum`` column.
    characteristic
        Column of the groups.
    group, reference
        The two values of ``characteristic`` compared.
    stages
        Funnel stages in order.
    transition
        ``(from_stage, to_stage)``; default the first transition (e.g. applied -> shortlisted).
        Withdrawals follow the withdrawal rule (:func:`transition_outcome`).
    stratum
        Column of the strata, default ``vacancy_grade``.
    alpha
        Intervals have coverage ``1 - alpha``.
    log_ratio_change
        Largest change of the log ratio accepted without a flag (params
        ``stratified_check.log_ratio_change``; :func:`adjustment_check`).

    Returns
    -------
    StratifiedComparison
        With ``strata``: one row per stratum (``stratum, group_trials, group_successes,
        group_rate, reference_trials, reference_successes, reference_rate, ratio, used``).

    Raises
    ------
    DataError
        When a column is missing.

    Notes
    -----
    statsmodels ``StratifiedTable`` gives the MH odds ratio with an interval and the MH risk ratio
    as a point estimate only; the risk-ratio interval is written out here from Greenland and
    Robins (1985): ``Var(ln RR_MH) = Σ_k (n_ref,k n_grp,k (s_ref,k + s_grp,k) / N_k² −
    s_ref,k s_grp,k / N_k) / (R S)``, with ``R`` and ``S`` the numerator and denominator sums.
    Strata without both groups carry no comparison and are left out of the pooled ratios (they
    stay in the crude ratio, which is the figure of the funnel table). Ratios with a zero sum are
    NaN. ``direction_disagrees`` is True when the intervals of the crude ratio and of the MH risk
    ratio lie wholly on opposite sides of 1; ``flag`` also catches an adjustment that removes (or
    creates) significance or moves the log ratio by more than ``log_ratio_change``.

    References
    ----------
    Mantel and Haenszel (1959); Greenland and Robins (1985), Biometrics 41:55-68; Robins, Breslow
    and Greenland (1986), Biometrics 42:311-323.

    Examples
    --------
    >>> apps = pd.DataFrame({
    ...     "vacancy_grade": ["G1"] * 4 + ["G2"] * 4,
    ...     "stage_reached": ["shortlisted", "applied"] * 4,
    ...     "eth": ["A", "A", "B", "B", "A", "A", "B", "B"]})
    >>> res = stratified_rate_ratio(apps, "eth", group="B", reference="A",
    ...                             stages=["applied", "shortlisted"])
    >>> res.crude_ratio, res.mh_risk_ratio, res.direction_disagrees, res.flag
    (1.0, 1.0, False, None)
    """
    _check_alpha(alpha)
    stages = list(stages)
    transition = transition or (stages[0], stages[1])
    rows = transition_outcome(applications, stages=stages, transition=transition)
    if stratum not in applications.columns:
        raise DataError(f"the applications have no column '{stratum}'.")
    grp = _group_column(rows, characteristic, "applications")
    strata_col = rows[stratum].astype(object)
    table_rows = []
    tables = []
    present = set(strata_col.dropna())
    if isinstance(applications[stratum].dtype, pd.CategoricalDtype):
        order = [c for c in applications[stratum].cat.categories if c in present]
    else:
        order = sorted(present, key=str)
    outcome = rows["outcome"].to_numpy()
    for k in order:
        in_k = (strata_col == k).to_numpy()
        g = in_k & (grp == group).to_numpy()
        r = in_k & (grp == reference).to_numpy()
        n_g, s_g = int(g.sum()), int(outcome[g].sum())
        n_r, s_r = int(r.sum()), int(outcome[r].sum())
        used = n_g > 0 and n_r > 0
        table_rows.append({
            "stratum": k, "group_trials": n_g, "group_successes": s_g,
            "group_rate": s_g / n_g if n_g else np.nan, "reference_trials": n_r,
            "reference_successes": s_r, "reference_rate": s_r / n_r if n_r else np.nan,
            "ratio": katz_interval(s_r, n_r, s_g, n_g, confidence_level=1 - alpha)[0],
            "used": used,
        })
        if used:
            tables.append(np.array([[s_r, n_r - s_r], [s_g, n_g - s_g]], dtype=float))
    strata = pd.DataFrame(table_rows, columns=[
        "stratum", "group_trials", "group_successes", "group_rate", "reference_trials",
        "reference_successes", "reference_rate", "ratio", "used"])

    outcome_all = rows["outcome"].to_numpy()
    all_g, all_r = (grp == group).to_numpy(), (grp == reference).to_numpy()
    crude, crude_low, crude_high = katz_interval(
        int(outcome_all[all_r].sum()), int(all_r.sum()), int(outcome_all[all_g].sum()),
        int(all_g.sum()), confidence_level=1 - alpha)

    nan = math.nan
    rr = rr_low = rr_high = odds = or_low = or_high = nan
    if tables:
        cube = np.dstack(tables)
        a, b, c, d = cube[0, 0], cube[0, 1], cube[1, 0], cube[1, 1]
        n_r_k, n_g_k, big_n = a + b, c + d, cube.sum(axis=(0, 1))
        r_sum, s_sum = float(np.sum(a * n_g_k / big_n)), float(np.sum(c * n_r_k / big_n))
        z = float(stats.norm.ppf(1 - alpha / 2))
        st = StratifiedTable(cube)
        if r_sum > 0 and s_sum > 0:
            rr = float(st.riskratio_pooled)
            var = float(np.sum((n_r_k * n_g_k * (a + c) - a * c * big_n) / big_n**2)) / (
                r_sum * s_sum)
            se = math.sqrt(var) if var > 0 else nan
            rr_low, rr_high = rr * math.exp(-z * se), rr * math.exp(z * se)
        if float(np.sum(a * d / big_n)) > 0 and float(np.sum(b * c / big_n)) > 0:
            odds = float(st.oddsratio_pooled)
            or_low, or_high = (float(x) for x in st.oddsratio_pooled_confint(alpha=alpha))
    flag = adjustment_check(crude, crude_low, crude_high, rr, rr_low, rr_high,
                            log_ratio_change=log_ratio_change)
    disagrees = flag == "reversed"
    label = f"{transition[0]} -> {transition[1]}"
    pair = (f"the crude ratio of {reference} to {group} ({crude:.2f}, interval {crude_low:.2f} "
            f"to {crude_high:.2f}) and the Mantel–Haenszel ratio within {stratum} ({rr:.2f}, "
            f"interval {rr_low:.2f} to {rr_high:.2f})")
    if math.isnan(crude) or math.isnan(rr):
        sentence = (f"The crude and within-{stratum} ratios of {reference} to {group} for "
                    f"{label} could not both be computed (a group has no successes or no "
                    "applicants in the strata shared with the other).")
    elif flag == "reversed":
        sentence = (f"For {label}, {pair} are significant in opposite directions: the overall "
                    f"difference reflects which {stratum} each group applied to (Simpson's "
                    f"paradox), so read the within-{stratum} rates.")
    elif flag == "significance_removed":
        sentence = (f"For {label}, {pair} differ: within {stratum} the difference is not "
                    f"statistically distinguishable from none, so the crude difference mostly "
                    f"reflects which {stratum} each group applied to.")
    elif flag == "significance_gained":
        sentence = (f"For {label}, {pair} differ: the crude figure hides a difference within "
                    f"{stratum}, which is the better guide.")
    elif flag == "moved":
        sentence = (f"For {label}, adjusting for {stratum} changes the ratio materially: "
                    f"{pair}; read the within-{stratum} figure.")
    else:
        sentence = (f"For {label}, {pair} agree: adjusting for {stratum} does not change the "
                    "reading.")
    return StratifiedComparison(
        group=group, reference=reference, transition=label, stratum=stratum, strata=strata,
        crude_ratio=crude, crude_ci_low=crude_low, crude_ci_high=crude_high,
        mh_risk_ratio=rr, mh_rr_ci_low=rr_low, mh_rr_ci_high=rr_high,
        mh_odds_ratio=odds, mh_or_ci_low=or_low, mh_or_ci_high=or_high,
        n_strata_used=len(tables), direction_disagrees=bool(disagrees), sentence=sentence,
        flag=flag)


# --------------------------------------------------------------------------------------------------
# Employment lifecycle (methodology §4.2)
# --------------------------------------------------------------------------------------------------
def _person_groups(frame: pd.DataFrame | None, characteristic: str, what: str) -> pd.Series:
    if frame is None or len(frame) == 0:
        return pd.Series(dtype=object)
    if "employee_id" not in frame.columns:
        raise DataError(f"the {what} have no column 'employee_id'.")
    groups = _group_column(frame, characteristic, what)
    return pd.Series(groups.to_numpy(), index=frame["employee_id"].to_numpy()).groupby(
        level=0, sort=True).first()


def lifecycle_people(
    events: pd.DataFrame,
    workforce_start: pd.DataFrame | None,
    workforce_end: pd.DataFrame,
    characteristic: str,
    *,
    outcomes: Sequence[str] = tuple(LIFECYCLE_OUTCOMES),
) -> pd.DataFrame:
    """One row per person employed at some time in the year, with a flag per lifecycle outcome.

    The population is everyone in the start-of-year snapshot, plus joiners (in the year-end
    snapshot but not the start one), plus people in the events file who are in neither snapshot
    (joined and left within the year). Without a start snapshot (first year) it is the year-end
    headcount plus those events-only people.

    Parameters
    ----------
    events
        Lifecycle events of the year: ``employee_id, event_type``, ``mandatory`` (training) and the
        ``characteristic`` column (needed at least for events-only people).
    workforce_start
        The previous snapshot (start of the year), or None in the first snapshot year.
    workforce_end
        This year's snapshot.
    characteristic
        Column of the groups. A person's group is taken from the year-end snapshot, else the start
        snapshot, else their first event (by date); missing values count as ``Not known``.
    outcomes
        Keys of :data:`LIFECYCLE_OUTCOMES`.

    Returns
    -------
    pd.DataFrame
        Sorted by ``employee_id``: ``employee_id, group, basis`` (``start``, ``joiner``,
        ``year_end`` or ``events_only``) and one boolean column per outcome (True when the person
        had at least one such event; training counts non-mandatory training only).

    Raises
    ------
    ValueError
        For an unknown outcome.
    DataError
        When a column is missing.

    Examples
    --------
    >>> start = pd.DataFrame({"employee_id": ["a", "b"], "sex": ["Female", "Male"]})
    >>> end = pd.DataFrame({"employee_id": ["a", "c"], "sex": ["Female", "Male"]})
    >>> ev = pd.DataFrame({"employee_id": ["a", "a", "b"], "event_type": ["disciplinary"] * 2
    ...                    + ["leaver_voluntary"], "mandatory": [None] * 3,
    ...                    "sex": ["Female", "Female", "Male"]})
    >>> lifecycle_people(ev, start, end, "sex", outcomes=["disciplinary", "leaver"]
    ...                  ).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'employee_id': ['a', 'b', 'c'], 'group': ['Female', 'Male', 'Male'],
     'basis': ['start', 'start', 'joiner'], 'disciplinary': [True, False, False],
     'leaver': [False, True, False]}
    """
    for o in outcomes:
        _check_choice("outcome", o, tuple(LIFECYCLE_OUTCOMES))
    for col in ("employee_id", "event_type"):
        if col not in events.columns:
            raise DataError(f"the events have no column '{col}'.")
    end_groups = _person_groups(workforce_end, characteristic, "year-end workforce")
    start_groups = _person_groups(workforce_start, characteristic, "start-of-year workforce")
    order = events.sort_values(
        [c for c in ("event_date", "employee_id") if c in events.columns], kind="stable")
    in_snapshots = set(end_groups.index) | set(start_groups.index)
    only = order[~order["employee_id"].isin(in_snapshots)]
    event_groups = (_person_groups(only, characteristic, "events") if len(only)
                    else pd.Series(dtype=object))

    ids = sorted(in_snapshots | set(event_groups.index), key=str)
    people = pd.DataFrame({"employee_id": ids})
    group = pd.Series(end_groups).reindex(ids)
    group = group.where(group.notna(), pd.Series(start_groups).reindex(ids))
    group = group.where(group.notna(), pd.Series(event_groups).reindex(ids))
    people["group"] = group.to_numpy()
    first_year = workforce_start is None
    people["basis"] = np.select(
        [people["employee_id"].isin(start_groups.index),
         people["employee_id"].isin(end_groups.index)],
        ["start", "year_end" if first_year else "joiner"], default="events_only")

    kind = events["event_type"].astype(object)
    if "mandatory" in events.columns:
        mandatory = events["mandatory"].astype("boolean").fillna(True).to_numpy(dtype=bool)
    else:
        mandatory = np.ones(len(events), dtype=bool)  # unknown: not counted as non-mandatory
    for o in outcomes:
        types = LIFECYCLE_OUTCOMES[o][0]
        hit = kind.isin(types).to_numpy()
        if o == "training":
            hit &= ~mandatory
        who = set(events.loc[hit, "employee_id"])
        people[o] = people["employee_id"].isin(who)
    return people


def lifecycle_outcomes(
    events: pd.DataFrame,
    workforce_start: pd.DataFrame | None,
    workforce_end: pd.DataFrame,
    characteristic: str,
    *,
    reference: Any,
    year: int,
    outcomes: Sequence[str] = tuple(LIFECYCLE_OUTCOMES),
    alpha: float = 0.05,
    min_group_stat: int = 10,
    adverse_impact_band: Sequence[float] = (0.8, 1.25),
    impact_threshold: float = 0.8,
    not_declared: Sequence[Any] = codes.NOT_DECLARED,
) -> pd.DataFrame:
    """Share of people with each lifecycle outcome in a year, by group, compared with the reference.

    ``rate = people with at least one such event / people employed at some time in the year``
    (:func:`lifecycle_people`), compared across groups with :func:`compare_rates` in the
    orientation of :data:`LIFECYCLE_OUTCOMES` (RL > 1 always means the group fares worse).

    Parameters
    ----------
    events, workforce_start, workforce_end, characteristic
        As in :func:`lifecycle_people`. When ``events`` has a ``year`` column only the rows of
        ``year`` are used.
    reference
        Reference group (params ``reference_groups``).
    year
        The reporting year (a label, and the filter above).
    outcomes
        Keys of :data:`LIFECYCLE_OUTCOMES`: ``promotion``, ``training`` (non-mandatory),
        ``leaver_voluntary``, ``leaver_involuntary``, ``leaver`` (either), ``disciplinary``,
        ``capability``, ``grievance``.
    alpha, min_group_stat, adverse_impact_band, impact_threshold, not_declared
        As in :func:`compare_rates`.

    Returns
    -------
    pd.DataFrame
        One row per outcome and group: ``year, characteristic, outcome, orientation,
        denominator_basis`` then the columns of :func:`compare_rates` (``trials`` = people in the
        denominator, ``successes`` = people with the outcome).

    Raises
    ------
    ValueError
        For bad options or a reference group nobody belongs to.
    DataError
        When a column is missing.

    Notes
    -----
    * Unit: people, not events (two cases of one person count once).
    * Denominator: headcount at the start of the year plus joiners (including people who joined
      and left within the year, who are only in the events file). In the first snapshot year
      there is no start snapshot: the year-end headcount (plus events-only people), labelled
      ``year-end headcount`` in ``denominator_basis``. Leavers in that year who were in no
      snapshot and not in the events file cannot be counted.
    * Orientation: promotion and training ``RL = rate_reference / rate_group`` (WRES indicator 4);
      disciplinary, capability, leavers and grievances ``RL = rate_group / rate_reference`` (WRES
      indicator 3). ``impact_ratio`` and ``adverse_impact`` are the four-fifths figures of the
      rates as they are; for unwanted outcomes read RL, not the impact ratio.

    References
    ----------
    Methodology §4.2; NHS England, Workforce Race Equality Standard technical guidance
    (indicators 3 and 4).

    Examples
    --------
    >>> start = pd.DataFrame({"employee_id": list("abcd"), "sex": ["Female"] * 2 + ["Male"] * 2})
    >>> ev = pd.DataFrame({"employee_id": ["a", "a", "c"], "event_type": ["disciplinary"] * 3,
    ...                    "mandatory": [None] * 3, "sex": ["Female", "Female", "Male"]})
    >>> out = lifecycle_outcomes(ev, start, start, "sex", reference="Male", year=2026,
    ...                          outcomes=["disciplinary"], min_group_stat=1)
    >>> out[["group", "trials", "successes", "relative_likelihood"]].to_dict("list")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'group': ['Female', 'Male'], 'trials': [2, 2], 'successes': [1, 1],
     'relative_likelihood': [1.0, 1.0]}
    """
    if "year" in events.columns:
        events = events[events["year"] == year]
    people = lifecycle_people(events, workforce_start, workforce_end, characteristic,
                              outcomes=outcomes)
    groups = _groups_in_order(people["group"], characteristic)
    if reference not in groups:
        raise ValueError(f"reference group {reference!r} has nobody in column '{characteristic}'.")
    basis = ("year-end headcount (first snapshot year: no start-of-year snapshot)"
             if workforce_start is None else "start-of-year headcount plus joiners")
    trials = people.groupby("group", sort=False).size().reindex(groups, fill_value=0)
    pieces = []
    for o in outcomes:
        orientation = LIFECYCLE_OUTCOMES[o][1]
        hits = people.groupby("group", sort=False)[o].sum().reindex(groups, fill_value=0)
        counts = pd.DataFrame({"group": groups, "trials": trials.to_numpy(),
                               "successes": hits.to_numpy()})
        block = compare_rates(
            counts, group="group", successes="successes", trials="trials", reference=reference,
            alpha=alpha, min_group_stat=min_group_stat, adverse_impact_band=adverse_impact_band,
            impact_threshold=impact_threshold, orientation=orientation,
            not_declared=not_declared)
        block.insert(0, "denominator_basis", basis)
        block.insert(0, "orientation", orientation)
        block.insert(0, "outcome", o)
        block.insert(0, "characteristic", characteristic)
        block.insert(0, "year", year)
        pieces.append(block)
    return pd.concat(pieces, ignore_index=True)


def rolling_lifecycle_outcomes(
    previous: pd.DataFrame,
    current: pd.DataFrame,
    *,
    reference: Any,
    outcomes: Sequence[str] = ROLLING_OUTCOMES,
    alpha: float = 0.05,
    min_group_stat: int = 10,
    adverse_impact_band: Sequence[float] = (0.8, 1.25),
    impact_threshold: float = 0.8,
    not_declared: Sequence[Any] = codes.NOT_DECLARED,
) -> pd.DataFrame:
    """Two-year rolling lifecycle figures: people-counts of two consecutive years added together.

    ``rate = (successes_1 + successes_2) / (trials_1 + trials_2)`` per group, compared again with
    :func:`compare_rates` in the outcome's orientation.

    Parameters
    ----------
    previous, current
        Results of :func:`lifecycle_outcomes` for two consecutive years, same characteristic.
    reference
        Reference group.
    outcomes
        Outcomes to roll up, default disciplinary and capability (methodology §4.2).
    alpha, min_group_stat, adverse_impact_band, impact_threshold, not_declared
        As in :func:`compare_rates`.

    Returns
    -------
    pd.DataFrame
        As :func:`lifecycle_outcomes`, with ``year`` a label such as ``"2025-2026"`` and
        ``denominator_basis`` ``"person-years over two years"``.

    Raises
    ------
    ValueError
        When the tables are of different characteristics, or an outcome is missing from them.

    Notes
    -----
    The unit is person-years: someone employed in both years is in both denominators, and someone
    with a case in each year counts once in each. A group present in only one year contributes
    that year's counts.

    Examples
    --------
    >>> one = pd.DataFrame({"year": 2025, "characteristic": "sex", "outcome": "capability",
    ...                     "group": ["Female", "Male"], "trials": [10, 10], "successes": [1, 2]})
    >>> two = one.assign(year=2026, successes=[3, 2])
    >>> rolling = rolling_lifecycle_outcomes(one, two, reference="Male", outcomes=["capability"])
    >>> rolling[["year", "group", "rate"]].to_dict("list")
    {'year': ['2025-2026', '2025-2026'], 'group': ['Female', 'Male'], 'rate': [0.2, 0.2]}
    """
    chars = set(previous["characteristic"]) | set(current["characteristic"])
    if len(chars) != 1:
        raise ValueError(f"both tables must be of one characteristic; got {sorted(chars)}.")
    characteristic = chars.pop()
    label = f"{int(previous['year'].min())}-{int(current['year'].max())}"
    pieces = []
    for o in outcomes:
        _check_choice("outcome", o, tuple(LIFECYCLE_OUTCOMES))
        parts = [t.loc[t["outcome"] == o, ["group", "trials", "successes"]]
                 for t in (previous, current)]
        if any(p.empty for p in parts):
            raise ValueError(f"outcome {o!r} is missing from one of the two years' tables.")
        both = pd.concat(parts).groupby("group", sort=False)[["trials", "successes"]].sum()
        groups = _groups_in_order(both.index, characteristic)
        counts = both.reindex(groups).reset_index()
        orientation = LIFECYCLE_OUTCOMES[o][1]
        block = compare_rates(
            counts, group="group", successes="successes", trials="trials", reference=reference,
            alpha=alpha, min_group_stat=min_group_stat, adverse_impact_band=adverse_impact_band,
            impact_threshold=impact_threshold, orientation=orientation,
            not_declared=not_declared)
        block.insert(0, "denominator_basis", "person-years over two years")
        block.insert(0, "orientation", orientation)
        block.insert(0, "outcome", o)
        block.insert(0, "characteristic", characteristic)
        block.insert(0, "year", label)
        pieces.append(block)
    return pd.concat(pieces, ignore_index=True)


# --------------------------------------------------------------------------------------------------
# Positive action programme evaluation (methodology §4.3)
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Evaluation:
    """Result of a positive-action evaluation.

    Attributes
    ----------
    design
        What was compared with what, on which outcome, over which period.
    sample_sizes
        Named counts of people (or applications) in each arm and in the model.
    rates
        :func:`compare_rates` table(s) of the comparison (with a leading label column).
    model
        One-row table of the model's effect estimate (``term, odds_ratio, ci_low, ci_high,
        p_value, n, formula, status``), or None when there is no model.
    note
        That the evaluation is observational, and how to read its ratios.
    """

    design: str
    sample_sizes: dict[str, int]
    rates: pd.DataFrame
    model: pd.DataFrame | None
    note: str
    observational: bool = True
    #: Difference in differences only: the placebo interaction on pre-programme data (a
    #: parallel-trends check, :func:`difference_in_differences`), same columns as ``model``.
    placebo: pd.DataFrame | None = None


_FIT_PROBLEMS = ("PerfectSeparation", "Convergence", "HessianInversion")
_MAX_LOG_ODDS = 700.0  # exp() of more overflows a float: the estimate is unbounded


def _logistic_effect(data: pd.DataFrame, formula: str, term: str, alpha: float,
                     cells: Sequence[str]) -> pd.DataFrame:
    """Odds ratio of ``term`` in a binomial GLM (statsmodels); NaN and a reason if not estimable.

    ``cells`` are the 0/1 columns whose combinations must each hold people with and without the
    outcome: otherwise the odds ratio is infinite or zero (separation) and is not reported.
    """
    row: dict[str, Any] = {"term": term, "odds_ratio": math.nan, "ci_low": math.nan,
                           "ci_high": math.nan, "p_value": math.nan, "n": len(data),
                           "formula": formula, "status": "estimated"}
    if data["outcome"].nunique() < 2:
        row["status"] = "not estimable: every person has the same outcome"
        return pd.DataFrame([row])
    both = data.groupby(list(cells))["outcome"].agg(["min", "max"])
    if len(both) < 2 ** len(cells) or ((both["min"] == both["max"]).any()):
        row["status"] = ("not estimable: in a cell of the comparison everyone (or no one) has "
                         "the outcome, so the odds ratio is infinite or zero")
        return pd.DataFrame([row])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = smf.glm(formula, data=data, family=sm.families.Binomial()).fit()
        except (np.linalg.LinAlgError, ValueError) as exc:
            row["status"] = f"not estimable: {exc}"
            return pd.DataFrame([row])
    problems = [str(w.message) for w in caught
                if any(p in w.category.__name__ for p in _FIT_PROBLEMS)
                or issubclass(w.category, RuntimeWarning)]
    if problems:
        row["status"] = f"not estimable: {problems[0]}"
        return pd.DataFrame([row])
    if term not in fit.params.index:
        row["status"] = f"not estimable: the model has no term {term!r} (no variation)"
        return pd.DataFrame([row])
    beta = float(fit.params[term])
    low, high = (float(x) for x in fit.conf_int(alpha=alpha).loc[term])
    if not all(math.isfinite(x) and abs(x) < _MAX_LOG_ODDS for x in (beta, low, high)):
        row["status"] = "not estimable: the estimate or its interval is unbounded"
        return pd.DataFrame([row])
    row.update(odds_ratio=math.exp(beta), ci_low=math.exp(low), ci_high=math.exp(high),
               p_value=float(fit.pvalues[term]))
    return pd.DataFrame([row])


def _rates_of(labels: pd.Series, success: pd.Series, order: list[str], reference: str,
              orientation: Orientation, alpha: float, min_group_stat: int,
              adverse_impact_band: Sequence[float]) -> pd.DataFrame:
    counts = pd.DataFrame({
        "group": order,
        "trials": [int((labels == g).sum()) for g in order],
        "successes": [int(success[labels == g].sum()) for g in order],
    })
    return compare_rates(counts, group="group", successes="successes", trials="trials",
                         reference=reference, alpha=alpha, min_group_stat=min_group_stat,
                         adverse_impact_band=adverse_impact_band, orientation=orientation,
                         not_declared=())


PARTICIPANTS = "Participants"
NON_PARTICIPANTS = "Eligible non-participants"


def programme_participation_effect(
    workforce_t0: pd.DataFrame,
    workforce_t1: pd.DataFrame,
    *,
    outcome: ProgrammeOutcome = "grade_rise",
    programme: str | None = None,
    grades: Sequence[str] | None = None,
    eligible_grades: Sequence[str] | None = None,
    target_groups: Mapping[str, Sequence[str]] | None = None,
    controls: Sequence[str] = ("grade", "age_band", "service_band"),
    alpha: float = 0.05,
    min_group_stat: int = 10,
    adverse_impact_band: Sequence[float] = (0.8, 1.25),
    min_events_per_parameter: float = 10,
) -> Evaluation:
    """Outcomes of programme participants against eligible non-participants.

    ``RL = rate_non_participants / rate_participants`` (Katz interval, Fisher test) and the odds
    ratio of participation in the logistic model ``outcome ~ participant + C(grade) +
    C(age_band) + C(service_band)`` (statsmodels GLM, binomial, logit link).

    Parameters
    ----------
    workforce_t0
        The snapshot recording participation: ``employee_id, grade, programme``,
        ``programme_eligible`` (or the rules below) and the ``controls``.
    workforce_t1
        A later snapshot (12 or 24 months on): ``employee_id, grade``.
    outcome
        ``"grade_rise"``: a higher grade in ``workforce_t1`` than in ``workforce_t0`` (among
        people in both snapshots); ``"retention"``: in ``workforce_t1`` at all.
    programme
        Programme name (params ``programme.name``); None counts any non-empty ``programme``.
    grades
        Grades lowest to highest (params ``grades``); default the categories of the ordered
        categorical ``grade`` column of ``workforce_t0``.
    eligible_grades, target_groups
        Eligibility rules (params ``programme``) used when ``workforce_t0`` has no
        ``programme_eligible`` values: grade in ``eligible_grades`` and, when given, a group in
        ``target_groups`` (characteristic -> groups) for any characteristic.
    controls
        Columns of ``workforce_t0`` entering the model as fixed effects (those with one value
        in the sample are left out; rows missing a control are left out of the model only).
    alpha, min_group_stat, adverse_impact_band
        As in :func:`compare_rates`; intervals have coverage ``1 - alpha``.
    min_events_per_parameter
        Events-per-parameter rule of the logistic model (params
        ``programme.min_events_per_parameter``, e.g. 10): the model with every control is fitted
        only when ``events / parameters`` reaches it; otherwise the first control alone, then no
        control (the crude odds ratio) — :func:`model_with_enough_events`.

    Returns
    -------
    Evaluation
        ``rates``: :func:`compare_rates` of ``Participants`` against ``Eligible
        non-participants`` (orientation ``reference_over_group``, the report's one orientation:
        RL > 1 means participants fared worse, RL < 1 that they had the outcome more often);
        ``model``: the participation odds ratio (above 1: more likely among participants), with ``events``,
        ``parameters``, ``events_per_parameter``, ``controls_used`` (text, "" for crude) and
        ``fallback`` (why controls were dropped; "" when none were).

    Raises
    ------
    ValueError
        For bad options, or no way to tell who is eligible.
    DataError
        When a column is missing, or there are no participants or no eligible non-participants.

    Notes
    -----
    Participants are compared with eligible staff who did not take part; participants are kept
    whether or not they are flagged eligible. For ``grade_rise`` people who left before the second
    snapshot are kept, with the outcome "not in a higher grade at the second snapshot"
    (``sample_sizes['left_before_t1']`` counts them): leaving is itself something the programme
    may change, so dropping leavers would compare two groups selected on an outcome.
    A model that does not converge or separates perfectly gives NaN with the reason in
    ``status``. The comparison is observational: people chose to take part.

    References
    ----------
    Equality Act 2010 s.158; methodology §4.3.

    Examples
    --------
    >>> t0 = pd.DataFrame({"employee_id": list("abcdef"), "grade": ["G1"] * 6,
    ...                    "programme": ["Aspire"] * 3 + [None] * 3,
    ...                    "programme_eligible": [True] * 6})
    >>> t1 = pd.DataFrame({"employee_id": list("abcdef"),
    ...                    "grade": ["G2", "G2", "G1", "G2", "G1", "G1"]})
    >>> ev = programme_participation_effect(t0, t1, grades=["G1", "G2"], controls=())
    >>> ev.rates[["group", "rate"]].round(3).to_dict("list")
    {'group': ['Participants', 'Eligible non-participants'], 'rate': [0.667, 0.333]}
    >>> round(float(ev.model.loc[0, "odds_ratio"]), 2)
    4.0
    """
    _check_choice("outcome", outcome, PROGRAMME_OUTCOMES)
    _check_alpha(alpha)
    for col in ("employee_id", "grade", "programme"):
        if col not in workforce_t0.columns:
            raise DataError(f"the first workforce snapshot has no column '{col}'.")
    for col in ("employee_id", "grade"):
        if col not in workforce_t1.columns:
            raise DataError(f"the second workforce snapshot has no column '{col}'.")
    t0 = workforce_t0.reset_index(drop=True)
    prog = t0["programme"].astype(object)
    taking_part = prog.notna() & (prog.astype(str).str.strip() != "")
    if programme is not None:
        taking_part &= prog == programme
    if "programme_eligible" in t0.columns and t0["programme_eligible"].notna().any():
        eligible = t0["programme_eligible"].astype("boolean").fillna(False).astype(bool)
        eligibility = "the programme_eligible column"
    elif eligible_grades is not None:
        eligible = t0["grade"].astype(object).isin(list(eligible_grades))
        if target_groups:
            in_target = pd.Series(False, index=t0.index)
            for char, groups in target_groups.items():
                if char in t0.columns:
                    in_target |= t0[char].isin(list(groups))
            eligible &= in_target
        eligibility = "the programme's eligible grades and target groups"
    else:
        raise ValueError("cannot tell who is eligible: the snapshot has no programme_eligible "
                         "values, so pass eligible_grades (and target_groups) from params.")
    keep = taking_part | eligible
    arm = pd.Series(np.where(taking_part, PARTICIPANTS, NON_PARTICIPANTS), index=t0.index)[keep]
    people = t0[keep]
    n_part, n_non = int((arm == PARTICIPANTS).sum()), int((arm == NON_PARTICIPANTS).sum())
    if n_part == 0 or n_non == 0:
        raise DataError(f"the comparison needs participants and eligible non-participants; found "
                        f"{n_part} participants and {n_non} eligible non-participants.")

    later = workforce_t1.drop_duplicates("employee_id").set_index("employee_id")["grade"]
    stayed = people["employee_id"].isin(later.index)
    sizes = {"participants": n_part, "eligible_non_participants": n_non}
    if outcome == "retention":
        success = stayed
        described = "still employed at the second snapshot"
    else:
        order = list(grades) if grades is not None else (
            list(t0["grade"].cat.categories) if isinstance(t0["grade"].dtype, pd.CategoricalDtype)
            else None)
        if order is None:
            raise ValueError("pass grades (lowest to highest) to compare grades between snapshots.")
        rank = {g: i for i, g in enumerate(order)}
        before = people["grade"].astype(object).map(rank)
        after = people["employee_id"].map(later.astype(object)).map(rank)
        unknown = stayed & (before.isna() | after.isna())
        if unknown.any():
            raise DataError(f"{int(unknown.sum())} people have a grade that is not in the list "
                            f"of grades ({', '.join(order)}).")
        sizes["left_before_t1"] = int((~stayed).sum())
        # leavers stay in, without a higher grade at the second snapshot (not dropped: leaving
        # may itself be changed by the programme)
        success = stayed & (after.fillna(-1) > before)
        described = ("a higher grade at the second snapshot (people who left before it count as "
                     "not having one)")

    # one orientation everywhere (issue 17): RL above 1 means the group compared (participants)
    # fared worse than its comparison group, as in the funnel and lifecycle tables
    rates = _rates_of(arm, success, [PARTICIPANTS, NON_PARTICIPANTS], NON_PARTICIPANTS,
                      "reference_over_group", alpha, min_group_stat, adverse_impact_band)

    model_data = pd.DataFrame({"outcome": success.astype(int).to_numpy(),
                               "participant": (arm == PARTICIPANTS).astype(int).to_numpy()})
    used: list[str] = []
    for j, col in enumerate(controls):
        if col not in people.columns:
            raise DataError(f"the first workforce snapshot has no control column '{col}'.")
        values = people[col].astype(object).to_numpy()
        model_data[f"c{j}"] = values
        used.append(col)
    model_data = model_data.dropna()
    for j in range(len(used)):
        model_data[f"c{j}"] = model_data[f"c{j}"].astype(str)
    model, shown = model_with_enough_events(model_data, used, alpha=alpha,
                                            min_events_per_parameter=min_events_per_parameter)
    sizes["model_n"] = int(len(model_data))

    period = ""
    if "year" in workforce_t0.columns and "year" in workforce_t1.columns:
        y0, y1 = int(workforce_t0["year"].iloc[0]), int(workforce_t1["year"].iloc[0])
        period = f" from the {y0} snapshot to the {y1} snapshot ({12 * (y1 - y0)} months)"
    fallback = str(model.loc[0, "fallback"])
    design = (f"Participants in {programme or 'the programme'} against eligible non-participants "
              f"(eligibility from {eligibility}){period}; outcome: {described}; logistic "
              f"regression {shown}" + (f" ({fallback})" if fallback else "") + ".")
    note = (f"{OBSERVATIONAL_NOTE} People chose to take part, so participants may differ from "
            "non-participants in ways the controls do not capture. RL is the non-participants' "
            "rate over the participants' (above 1: participants fared worse; below 1: the "
            "outcome was more common among participants), the orientation of every relative "
            "likelihood in the report. The odds ratio of the model is participants' odds over "
            "non-participants' (above 1: the outcome more likely among participants).")
    rates.insert(0, "outcome", outcome)
    return Evaluation(design=design, sample_sizes=sizes, rates=rates, model=model, note=note)


def model_with_enough_events(
    model_data: pd.DataFrame, controls: Sequence[str], *, alpha: float,
    min_events_per_parameter: float,
) -> tuple[pd.DataFrame, str]:
    """The participation model with as many controls as its events support.

    ``events = min(people with the outcome, people without)`` (the rarer outcome limits what a
    logistic model can estimate); ``parameters`` = 1 (participant) + the levels beyond the first
    of every control in the model. Tried in order: every control; the first control alone (grade,
    the strongest confounder of promotion); none (the crude odds ratio). The first whose
    ``events / parameters`` reaches ``min_events_per_parameter`` is fitted; the crude model is
    fitted whatever its events (it is the crude estimate, with its uncertainty in its interval).

    Parameters
    ----------
    model_data
        Columns ``outcome``, ``participant`` and ``c0, c1, …`` (the controls, as text).
    controls
        Names of ``c0, c1, …`` for the formula shown.
    alpha
        Intervals have coverage ``1 - alpha``.
    min_events_per_parameter
        The rule (e.g. 10; Peduzzi et al. 1996).

    Returns
    -------
    (model, formula)
        The one-row model table of :func:`_logistic_effect` plus ``events, parameters,
        events_per_parameter, controls_used, fallback``; the formula with control names.

    References
    ----------
    Peduzzi, Concato, Kemper, Holford and Feinstein (1996), J Clin Epidemiol 49:1373-1379.

    Examples
    --------
    >>> d = pd.DataFrame({"outcome": [1, 0] * 20 + [0] * 20, "participant": [1, 1, 0, 0] * 15,
    ...                   "c0": list("abcd") * 15})
    >>> m, formula = model_with_enough_events(d, ["grade"], alpha=0.05,
    ...                                       min_events_per_parameter=10)
    >>> formula, int(m.loc[0, "events"]), int(m.loc[0, "parameters"])
    ('outcome ~ participant', 20, 1)
    """
    outcome = model_data["outcome"]
    events = int(min(outcome.sum(), len(outcome) - outcome.sum()))
    candidates = [list(range(len(controls))), [0] if controls else [], []]
    seen: list[list[int]] = []
    for keep in candidates:
        if keep in seen:
            continue
        seen.append(keep)
        varying = [j for j in keep if model_data[f"c{j}"].nunique() > 1]
        parameters = 1 + sum(model_data[f"c{j}"].nunique() - 1 for j in varying)
        if events / parameters >= min_events_per_parameter or not keep:
            break
    terms = ["participant", *[f"C(c{j})" for j in varying]]
    formula = "outcome ~ " + " + ".join(terms)
    model = _logistic_effect(model_data, formula, "participant", alpha, ["participant"])
    shown = formula
    for j, col in enumerate(controls):
        shown = shown.replace(f"C(c{j})", f"C({col})")
    model["formula"] = shown
    epp = events / parameters
    model["events"] = events
    model["parameters"] = parameters
    model["events_per_parameter"] = epp
    model["controls_used"] = ", ".join(controls[j] for j in varying)
    dropped = [c for j, c in enumerate(controls) if j not in varying]
    fallback = ""
    if len(varying) < len(controls):
        full = 1 + sum(model_data[f"c{j}"].nunique() - 1 for j in range(len(controls)))
        fallback = (f"{', '.join(dropped)} left out of the model: {events} events for {full} "
                    f"parameters is below the rule of {min_events_per_parameter:g} events per "
                    "parameter" if events / full < min_events_per_parameter else
                    f"{', '.join(dropped)} left out of the model: one value only in the sample")
        if not varying and epp < min_events_per_parameter:
            fallback += (f"; even the crude model has only {events} events, so its interval is "
                         "wide")
    model["fallback"] = fallback
    return model, shown


def difference_in_differences(
    data: pd.DataFrame,
    *,
    outcome: str,
    characteristic: str,
    target_groups: Sequence[Any],
    reference: Any,
    date: str,
    start_date: str | pd.Timestamp,
    orientation: Orientation = "reference_over_group",
    alpha: float = 0.05,
    min_group_stat: int = 10,
    adverse_impact_band: Sequence[float] = (0.8, 1.25),
    placebo_years: int = 1,
    population: str = "",
) -> Evaluation:
    """Change in the target groups' rate against the reference's, before and after a start date.

    Logistic model ``outcome ~ target * after`` (statsmodels GLM, binomial): the interaction odds
    ratio ``exp(β_target:after)`` is the programme's estimated effect on the gap (its ratio of
    odds ratios: target vs reference after the start, divided by the same before).

    Parameters
    ----------
    data
        One row per trial, e.g. applications in a funnel denominator (:func:`transition_outcome`)
        or people in a lifecycle denominator, with the boolean ``outcome`` column, the
        ``characteristic`` column and the ``date`` column.
    outcome
        Column of the 0/1 or boolean outcome.
    characteristic
        Column of the groups.
    target_groups
        Groups the programme is aimed at (params ``programme.target_groups``); taken together.
    reference
        The comparison group; rows of other groups are left out.
    date
        Column of the date deciding before or after (e.g. ``applied_date``).
    start_date
        Programme start (params ``programme.start``): rows on or after it are ``after``.
    orientation
        Orientation of the RL in ``rates`` (see :func:`compare_rates`).
    alpha, min_group_stat, adverse_impact_band
        As in :func:`compare_rates`.
    placebo_years
        The parallel-trends check: the same model on the rows before the start only, with a
        pretend start ``placebo_years`` earlier. Its interaction should include 1; one that
        does not means the gap was already changing before the programme.
    population
        Words for the design text naming who is in ``data`` (e.g. "internal applicants").

    Returns
    -------
    Evaluation
        ``rates``: :func:`compare_rates` per period (``period`` column ``before``/``after``);
        ``model``: the interaction odds ratio (term ``target:after``); ``placebo``: the
        placebo interaction (status "not estimable: ..." when the earlier data cannot carry
        it); ``sample_sizes`` also ``placebo_n``.

    Raises
    ------
    ValueError
        For bad options or target groups that include the reference.
    DataError
        When a column is missing.

    Notes
    -----
    For an outcome people want (shortlisting, appointment), an interaction odds ratio above 1
    means the target groups' odds rose relative to the reference's after the start. Whether that
    narrowed a gap or widened a lead depends on which group started ahead (:func:`did_wording`).
    The design assumes the two would have moved in parallel without the programme (checked, as
    far as the earlier years allow, by the placebo); anything else that changed at the same time
    is attributed to it.

    References
    ----------
    Methodology §4.3; Equality Act 2010 ss.158-159.

    Examples
    --------
    >>> d = pd.DataFrame({"eth": ["M"] * 8 + ["W"] * 8,
    ...                   "when": pd.to_datetime(["2024-01-01"] * 4 + ["2025-01-01"] * 4) .tolist()
    ...                   * 2, "ok": [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]})
    >>> ev = difference_in_differences(d, outcome="ok", characteristic="eth", target_groups=["M"],
    ...                                reference="W", date="when", start_date="2024-09-01")
    >>> round(float(ev.model.loc[0, "odds_ratio"]), 2)
    3.0
    """
    _check_choice("orientation", orientation, ORIENTATIONS)
    _check_alpha(alpha)
    for col in (outcome, characteristic, date):
        if col not in data.columns:
            raise DataError(f"the data have no column '{col}'.")
    targets = list(target_groups)
    if not targets or reference in targets:
        raise ValueError("target_groups must name at least one group, other than the reference.")
    groups = data[characteristic]
    rows = data[groups.isin(targets) | (groups == reference)]
    target = rows[characteristic].isin(targets)
    after = pd.to_datetime(rows[date]) >= pd.Timestamp(start_date)
    success = rows[outcome].astype(bool)
    label = ", ".join(map(str, targets))
    arm = pd.Series(np.where(target, label, str(reference)), index=rows.index)
    pieces = []
    sizes: dict[str, int] = {}
    for period, mask in (("before", ~after), ("after", after)):
        block = _rates_of(arm[mask], success[mask], [str(reference), label], str(reference),
                          orientation, alpha, min_group_stat, adverse_impact_band)
        block.insert(0, "period", period)
        pieces.append(block)
        sizes[f"target_{period}"] = int((target & mask).sum())
        sizes[f"reference_{period}"] = int((~target & mask).sum())
    model_data = pd.DataFrame({"outcome": success.astype(int).to_numpy(),
                               "target": target.astype(int).to_numpy(),
                               "after": after.astype(int).to_numpy()})
    model = _logistic_effect(model_data, "outcome ~ target * after", "target:after", alpha,
                             ["target", "after"])
    sizes["model_n"] = len(model_data)
    # Parallel-trends placebo: before the start only, pretending it began placebo_years earlier
    dates = pd.to_datetime(rows[date])
    pretend = pd.Timestamp(start_date) - pd.DateOffset(years=placebo_years)
    pre = (~after).to_numpy()
    placebo_data = pd.DataFrame({"outcome": success.astype(int).to_numpy()[pre],
                                 "target": target.astype(int).to_numpy()[pre],
                                 "after": (dates >= pretend).astype(int).to_numpy()[pre]})
    placebo = _logistic_effect(placebo_data, "outcome ~ target * after", "target:after", alpha,
                               ["target", "after"])
    sizes["placebo_n"] = len(placebo_data)
    start = pd.Timestamp(start_date).date().isoformat()
    who = f" ({population})" if population else ""
    design = (f"Difference in differences: {label} against {reference} ({characteristic}){who}, "
              f"'{outcome}' before and after {start} (by {date}); logistic regression "
              "outcome ~ target * after, effect = interaction odds ratio. Parallel-trends "
              f"placebo: the same model on the data before {start} with a pretend start on "
              f"{pretend.date().isoformat()}.")
    note = (f"{OBSERVATIONAL_NOTE} The design assumes both groups' rates would have changed in "
            "parallel without the programme. An interaction odds ratio above 1 means the target "
            "groups' odds of the outcome rose relative to the reference's after the start.")
    return Evaluation(design=design, sample_sizes=sizes,
                      rates=pd.concat(pieces, ignore_index=True), model=model, note=note,
                      placebo=placebo)


def did_wording(gap_before: float, odds_ratio: float, ci_low: float, ci_high: float, *,
                target: str, reference: str) -> str:
    """What a difference-in-differences estimate says about the gap, worded from the signs.

    ``gap_before = rate_target − rate_reference`` before the start (an outcome people want:
    negative means the target groups started behind); the interaction odds ratio above 1 means
    the target groups' odds rose relative to the reference's. So:

    ============  ==============  ==========================================================
    gap before    odds ratio      wording
    ============  ==============  ==========================================================
    behind (<0)   above 1         the gap narrowed (moved in the target groups' favour)
    behind (<0)   below 1         the gap widened
    ahead (>0)    above 1         the target groups' lead grew
    ahead (>0)    below 1         the target groups' lead shrank
    ============  ==============  ==========================================================

    When the interval includes 1 the data are consistent with no change, and the sentence says
    that instead of a direction (a difference inside the interval is not a direction).

    Parameters
    ----------
    gap_before
        Target rate minus reference rate before the start (fractions).
    odds_ratio, ci_low, ci_high
        The interaction odds ratio and its interval.
    target, reference
        Names for the sentence.

    Returns
    -------
    str
        A clause, e.g. ``"before the start Ethnic minority applicants were behind White
        British applicants, and the gap narrowed"``.

    Examples
    --------
    >>> did_wording(-0.05, 2.0, 1.2, 3.3, target="Disabled", reference="Not disabled")
    'before the start Disabled applicants were behind Not disabled applicants, and the gap narrowed'
    >>> did_wording(0.07, 0.5, 0.3, 0.9, target="Disabled", reference="Not disabled")
    'before the start Disabled applicants were ahead of Not disabled applicants, and their lead shrank'
    """
    if any(math.isnan(x) for x in (gap_before, odds_ratio)):
        return "the change in the gap cannot be estimated"
    if gap_before < 0:
        start = f"before the start {target} applicants were behind {reference} applicants"
        moves = ("the gap narrowed", "the gap widened")
    elif gap_before > 0:
        start = f"before the start {target} applicants were ahead of {reference} applicants"
        moves = ("their lead grew", "their lead shrank")
    else:
        start = f"before the start {target} and {reference} applicants had the same rate"
        moves = (f"the rates moved apart in {target} applicants' favour",
                 f"the rates moved apart in {reference} applicants' favour")
    if math.isnan(ci_low) or math.isnan(ci_high) or ci_low <= 1 <= ci_high:
        return (f"{start}; the interval of the change includes 1, so the data are consistent "
                "with no change in the gap")
    return f"{start}, and {moves[0] if odds_ratio > 1 else moves[1]}"


SCHEME_APPLICANTS = "Scheme applicants"
OTHER_APPLICANTS = "Other applicants"


def guaranteed_interview_effect(
    applications: pd.DataFrame,
    *,
    stages: Sequence[str],
    characteristic: str,
    group: Any,
    interview_stage: str = "interviewed",
    alpha: float = 0.05,
    min_group_stat: int = 10,
    adverse_impact_band: Sequence[float] = (0.8, 1.25),
) -> Evaluation:
    """Interview and appointment rates of guaranteed-interview applicants against others of a group.

    Among applicants of ``group`` (e.g. disabled applicants): ``RL = rate_scheme / rate_other``
    for reaching ``interview_stage`` and for appointment (overall rate), with Katz intervals and
    Fisher tests.

    Parameters
    ----------
    applications
        ``stage_reached``, ``withdrawn``, ``guaranteed_interview`` (bool) and ``characteristic``.
    stages
        Funnel stages in order.
    characteristic, group
        The group the scheme serves, e.g. ``"disability"``, ``"Disabled"``.
    interview_stage
        The stage that counts as interviewed.
    alpha, min_group_stat, adverse_impact_band
        As in :func:`compare_rates`.

    Returns
    -------
    Evaluation
        ``rates``: :func:`compare_rates` per ``measure`` (interview rate, appointment rate),
        ``Scheme applicants`` against ``Other applicants`` (orientation ``group_over_reference``);
        ``model`` None.

    Raises
    ------
    DataError
        When a column is missing or nobody of ``group`` applied.

    Notes
    -----
    The interview rate leaves out applicants who withdrew before ``interview_stage``; the
    appointment rate follows the overall withdrawal rule. Scheme applicants who met the minimum
    criteria are interviewed by design, so a higher interview rate is expected; the appointment
    rate shows whether the interviews turned into jobs.

    References
    ----------
    Equality Act 2010 s.159; Disability Confident guaranteed interview scheme; methodology §4.3.

    Examples
    --------
    >>> apps = pd.DataFrame({"stage_reached": ["interviewed", "appointed", "applied", "applied"],
    ...                      "guaranteed_interview": [True, True, False, False],
    ...                      "disability": ["Disabled"] * 4})
    >>> ev = guaranteed_interview_effect(apps, stages=["applied", "interviewed", "appointed"],
    ...                                  characteristic="disability", group="Disabled")
    >>> ev.rates[["measure", "group", "rate"]].to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'measure': ['interview rate', 'interview rate', 'appointment rate', 'appointment rate'],
     'group': ['Scheme applicants', 'Other applicants', 'Scheme applicants', 'Other applicants'],
     'rate': [1.0, 0.0, 0.5, 0.0]}
    """
    stages = list(stages)
    _check_choice("interview_stage", interview_stage, stages[1:])
    for col in ("guaranteed_interview", characteristic):
        if col not in applications.columns:
            raise DataError(f"the applications have no column '{col}'.")
    mine = applications[applications[characteristic] == group]
    if mine.empty:
        raise DataError(f"no applications from group {group!r} of '{characteristic}'.")
    pieces = []
    sizes: dict[str, int] = {}
    for measure, transition in (("interview rate", (stages[0], interview_stage)),
                                ("appointment rate", (stages[0], stages[-1]))):
        rows = transition_outcome(mine, stages=stages, transition=transition)
        scheme = rows["guaranteed_interview"].astype("boolean").fillna(False).astype(bool)
        arm = pd.Series(np.where(scheme, SCHEME_APPLICANTS, OTHER_APPLICANTS), index=rows.index)
        block = _rates_of(arm, rows["outcome"], [SCHEME_APPLICANTS, OTHER_APPLICANTS],
                          OTHER_APPLICANTS, "reference_over_group", alpha, min_group_stat,
                          adverse_impact_band)
        block.insert(0, "measure", measure)
        pieces.append(block)
        key = measure.split()[0]
        sizes[f"scheme_{key}"] = int(scheme.sum())
        sizes[f"other_{key}"] = int((~scheme).sum())
    design = (f"Guaranteed-interview scheme: {group} applicants who used the scheme against other "
              f"{group} applicants; interview rate ({stages[0]} -> {interview_stage}) and "
              f"appointment rate ({stages[0]} -> {stages[-1]}).")
    note = (f"{OBSERVATIONAL_NOTE} Applicants chose whether to use the scheme. RL is the other "
            "applicants' rate over the scheme applicants' (above 1: scheme applicants fared "
            "worse; below 1: their rate was higher), the report's one orientation.")
    return Evaluation(design=design, sample_sizes=sizes,
                      rates=pd.concat(pieces, ignore_index=True), model=None, note=note)


# --------------------------------------------------------------------------------------------------
# NHS WRES indicator 2 and WDES metric 2 (comparability with the NHS standards)
# --------------------------------------------------------------------------------------------------
WRES_WHITE = "White"
WRES_BME = "BME"
#: WRES groups of the broad ethnic groups: every White group is "White" (the project's binary
#: counts White other as an ethnic minority; WRES does not).
WRES_GROUP_OF_BROAD: dict[str, str] = {
    g: (WRES_WHITE if g.startswith("White") else WRES_BME) for g in codes.ETHNICITY_BROAD
}


def _shortlisted_to_appointed(applications: pd.DataFrame, labels: pd.Series, *,
                              stages: Sequence[str], order: list[str], reference: str,
                              alpha: float, min_group_stat: int,
                              adverse_impact_band: Sequence[float]) -> pd.DataFrame:
    stages = list(stages)
    for needed in ("shortlisted", "appointed"):
        if needed not in stages:
            raise ValueError(f"the funnel stages ({', '.join(stages)}) have no '{needed}' stage, "
                             "which WRES indicator 2 and WDES metric 2 need.")
    keep = labels.isin(order)
    rows = transition_outcome(applications[keep.to_numpy()], stages=stages,
                              transition=("shortlisted", "appointed"))
    return _rates_of(labels[keep].loc[rows.index], rows["outcome"], order, reference,
                     "reference_over_group", alpha, min_group_stat, adverse_impact_band)


def wres_indicator_2(
    applications: pd.DataFrame,
    *,
    stages: Sequence[str],
    ethnicity: str = "ethnicity_broad",
    alpha: float = 0.05,
    min_group_stat: int = 10,
    adverse_impact_band: Sequence[float] = (0.8, 1.25),
) -> pd.DataFrame:
    """NHS WRES indicator 2: relative likelihood of White applicants being appointed from
    shortlisting compared with BME applicants.

    ``RL = (White appointed / White shortlisted) / (BME appointed / BME shortlisted)``, with the
    Katz interval, impact ratio and Fisher test of :func:`compare_rates`. White is every White
    group (:data:`WRES_GROUP_OF_BROAD`); BME every other declared group; not-declared applicants
    are left out, as WRES does.

    Parameters
    ----------
    applications
        One row per application: ``stage_reached``, ``withdrawn`` (optional) and ``ethnicity``.
    stages
        Funnel stages in order; must include ``shortlisted`` and ``appointed``.
    ethnicity
        Column of the broad ethnic groups (``codes.ETHNICITY_BROAD`` labels).
    alpha, min_group_stat, adverse_impact_band
        As in :func:`compare_rates`.

    Returns
    -------
    pd.DataFrame
        :func:`compare_rates` rows for ``White`` (the reference, RL 1) and ``BME`` (the WRES
        figure: above 1, White applicants were more likely to be appointed).

    Raises
    ------
    ValueError
        When the stages lack ``shortlisted`` or ``appointed``.
    DataError
        When the ethnicity column is missing.

    References
    ----------
    NHS England, Workforce Race Equality Standard technical guidance, indicator 2.

    Examples
    --------
    >>> apps = pd.DataFrame({
    ...     "ethnicity_broad": ["White British"] * 400 + ["Asian"] * 200,
    ...     "stage_reached": ["appointed"] * 80 + ["shortlisted"] * 320
    ...                      + ["appointed"] * 24 + ["interviewed"] * 176})
    >>> t = wres_indicator_2(apps, stages=["applied", "shortlisted", "interviewed", "appointed"])
    >>> round(float(t.set_index("group").loc["BME", "relative_likelihood"]), 4)
    1.6667
    """
    _check_alpha(alpha)
    if ethnicity not in applications.columns:
        raise DataError(f"the applications have no column '{ethnicity}'.")
    labels = applications[ethnicity].map(WRES_GROUP_OF_BROAD)
    return _shortlisted_to_appointed(
        applications, labels, stages=stages, order=[WRES_WHITE, WRES_BME], reference=WRES_WHITE,
        alpha=alpha, min_group_stat=min_group_stat, adverse_impact_band=adverse_impact_band)


def wdes_metric_2(
    applications: pd.DataFrame,
    *,
    stages: Sequence[str],
    disability: str = "disability",
    alpha: float = 0.05,
    min_group_stat: int = 10,
    adverse_impact_band: Sequence[float] = (0.8, 1.25),
) -> pd.DataFrame:
    """NHS WDES metric 2: relative likelihood of non-disabled applicants being appointed from
    shortlisting compared with Disabled applicants.

    ``RL = (Not disabled appointed / shortlisted) / (Disabled appointed / shortlisted)``, as
    :func:`wres_indicator_2` with ``Not disabled`` the reference; not-declared applicants left
    out. Applicants shortlisted under a guaranteed interview scheme are included, as WDES counts
    all shortlisted applicants (the scheme raises disabled applicants' shortlisting, not their
    appointment from the shortlist).

    Returns
    -------
    pd.DataFrame
        :func:`compare_rates` rows for ``Not disabled`` (RL 1) and ``Disabled`` (the WDES
        figure: above 1, non-disabled applicants were more likely to be appointed).

    References
    ----------
    NHS England, Workforce Disability Equality Standard technical guidance, metric 2.

    Examples
    --------
    >>> apps = pd.DataFrame({"disability": ["Not disabled"] * 10 + ["Disabled"] * 10,
    ...                      "stage_reached": ["appointed"] * 5 + ["shortlisted"] * 5
    ...                                       + ["appointed"] * 2 + ["shortlisted"] * 8})
    >>> t = wdes_metric_2(apps, stages=["applied", "shortlisted", "appointed"])
    >>> float(t.set_index("group").loc["Disabled", "relative_likelihood"])
    2.5
    """
    _check_alpha(alpha)
    if disability not in applications.columns:
        raise DataError(f"the applications have no column '{disability}'.")
    labels = applications[disability].astype(object)
    return _shortlisted_to_appointed(
        applications, labels, stages=stages, order=["Not disabled", "Disabled"],
        reference="Not disabled", alpha=alpha, min_group_stat=min_group_stat,
        adverse_impact_band=adverse_impact_band)
