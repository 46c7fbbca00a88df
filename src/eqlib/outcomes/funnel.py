"""The recruitment funnel (methodology §4.1) and its Simpson's paradox guard.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.contingency_tables import StratifiedTable

from eqlib import codes
from eqlib.errors import DataError
from eqlib.intervals import katz_interval
from eqlib.outcomes.rates import (
    RATE_COLUMNS,
    _check_alpha,
    _check_choice,
    _group_column,
    _groups_in_order,
    compare_rates,
)


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
    unknown = sorted({str(v) for v in reached[~reached.isin(stages)].unique()})
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
    alpha: float,
    min_group_stat: int,
    adverse_impact_band: Sequence[float],
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
    >>> opts = dict(alpha=0.05, adverse_impact_band=(0.8, 1.25))
    >>> out = funnel_rates(apps, "sex", stages=["applied", "shortlisted"], reference="Male",
    ...                    min_group_stat=1, **opts)
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
    alpha: float,
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
    ...                             stages=["applied", "shortlisted"], alpha=0.05)
    >>> res.crude_ratio, res.mh_risk_ratio, res.direction_disagrees, res.flag
    (1.0, 1.0, False, None)
    """
    _check_alpha(alpha)
    stages = list(stages)
    transition = transition or (stages[0], stages[1])
    if stratum not in applications.columns:
        raise DataError(f"the applications have no column '{stratum}'.")
    # only the columns used: transition_outcome copies the rows it keeps
    used_columns = ["stage_reached", "withdrawn", stratum, characteristic]
    rows = transition_outcome(
        applications[[c for c in dict.fromkeys(used_columns) if c in applications.columns]],
        stages=stages, transition=transition)
    grp = _group_column(rows, characteristic, "applications")
    in_group, in_reference = (grp == group).to_numpy(), (grp == reference).to_numpy()
    # each stratum's rows by its integer code: one pass over the values, not one per stratum
    strata_codes, strata_values = pd.factorize(rows[stratum].astype(object))
    code_of = {value: code for code, value in enumerate(strata_values)}
    table_rows = []
    tables = []
    present = set(code_of)
    if isinstance(applications[stratum].dtype, pd.CategoricalDtype):
        order = [c for c in applications[stratum].cat.categories if c in present]
    else:
        order = sorted(present, key=str)
    outcome = rows["outcome"].to_numpy()
    for k in order:
        in_k = strata_codes == code_of[k]
        g = in_k & in_group
        r = in_k & in_reference
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

    crude, crude_low, crude_high = katz_interval(
        int(outcome[in_reference].sum()), int(in_reference.sum()),
        int(outcome[in_group].sum()), int(in_group.sum()), confidence_level=1 - alpha)

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

