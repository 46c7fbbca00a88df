"""Positive action programme evaluation (methodology §4.3): participants against eligible
non-participants, the logistic model, before and after (difference in differences).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

from eqlib.errors import DataError
from eqlib.outcomes.funnel import (
    transition_outcome,
)
from eqlib.outcomes.rates import (
    OBSERVATIONAL_NOTE,
    ORIENTATIONS,
    PROGRAMME_OUTCOMES,
    Orientation,
    ProgrammeOutcome,
    _check_alpha,
    _check_choice,
    compare_rates,
)


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
    alpha: float,
    min_group_stat: int,
    adverse_impact_band: Sequence[float],
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
    >>> opts = dict(alpha=0.05, min_group_stat=10, adverse_impact_band=(0.8, 1.25))
    >>> ev = programme_participation_effect(t0, t1, grades=["G1", "G2"], controls=(), **opts)
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
    alpha: float,
    min_group_stat: int,
    adverse_impact_band: Sequence[float],
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
    >>> opts = dict(alpha=0.05, min_group_stat=10, adverse_impact_band=(0.8, 1.25))
    >>> ev = difference_in_differences(d, outcome="ok", characteristic="eth", target_groups=["M"],
    ...                                reference="W", date="when", start_date="2024-09-01", **opts)
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
    alpha: float,
    min_group_stat: int,
    adverse_impact_band: Sequence[float],
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
    >>> opts = dict(alpha=0.05, min_group_stat=10, adverse_impact_band=(0.8, 1.25))
    >>> ev = guaranteed_interview_effect(apps, stages=["applied", "interviewed", "appointed"],
    ...                                  characteristic="disability", group="Disabled", **opts)
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

