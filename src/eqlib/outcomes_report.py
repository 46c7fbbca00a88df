"""Positive action and employment outcomes: tables and publication sections 7 and 8.

Assembly code of ``notebooks/04_positive_action.ipynb``: it runs the analyses of
:mod:`eqlib.outcomes` on the processed data of every year (:func:`outcomes_analysis`), turns them
into the tidy publication tables (:func:`build_tables`, unsuppressed: disclosure control runs
afterwards) and writes the publication's sections from the *suppressed* tables only
(:func:`section`, :func:`headline`).

Terms
-----
data
    ``{year: {"workforce": df, "applications": df, "events": df}}``: the processed tables of each
    snapshot year (``eqlib.io.read_processed`` or ``eqlib.quality.load_years(...)[y].tables``).
funnel
    The recruitment stages of params ``funnel_stages``; a *transition* is one step
    (``applied -> shortlisted``) or the overall rate (``applied -> appointed (overall)``), with the
    withdrawal rule of methodology §4.1.
relative likelihood (RL)
    WRES orientation: for recruitment, promotion and training ``rate_reference / rate_group``; for
    leavers, disciplinary, capability and grievances ``rate_group / rate_reference``. Either way
    above 1 means the group fares worse than the reference group. The programme and the
    guaranteed-interview scheme use the same orientation (``rate_non_participants /
    rate_participants``; ``rate_other / rate_scheme``): one orientation in every table, chart and
    sentence, stated on every chart's axis.
four-fifths flag, fragile, significant disparity
    Derived in :func:`section` from the published values (impact ratio, numerators and trials,
    Holm-adjusted Fisher p), so a flag is never shown for a value disclosure control withheld.

Tables (all tidy, :func:`eqlib.tables.tidy`)
--------------------------------------------
``outcomes_funnel_counts``
    population ``applications``; per characteristic, group (and ``Total``) and stage (level):
    ``applicants`` (reached the stage) and ``withdrawn`` (withdrew at it).
``outcomes_funnel_rates``
    population ``applications``; per characteristic, group and transition (level): ``rate``
    (Wilson interval), ``relative_likelihood`` (Katz interval), ``impact_ratio``,
    ``fisher_p_holm``; numerator = people reaching the later stage, n = people in the denominator.
``outcomes_funnel_stratified``
    population ``applications``; per characteristic, declared non-reference group and
    ``<transition>: all vacancies`` / ``<transition>: within vacancy grade`` (level): the crude and
    the Mantel–Haenszel ``relative_likelihood`` with intervals.
``outcomes_lifecycle_<outcome>``
    population ``lifecycle_<outcome>``; per characteristic, group (and ``Total``) and year (level,
    ``"2026"``, ``"2023 (year-end headcount)"`` for a first snapshot year, ``"2025-2026 (two
    years)"`` for rolling figures): ``trials`` (people employed in the year), ``successes`` (people
    with the outcome), ``rate``, ``relative_likelihood``, ``fisher_p_holm``.
``outcomes_programme``
    population ``programme``; groups ``Participants`` / ``Eligible non-participants``, level
    ``grade_rise_12m``, ``retention_12m`` (and ``_24m`` when a snapshot two years earlier records
    participants): ``trials``, ``successes``, ``rate``, ``relative_likelihood``, ``fisher_p`` and,
    for participants, the model's ``odds_ratio`` and ``p_value``.
``outcomes_programme_did``
    population ``internal_applications_all_years`` (internal applicants not under the guaranteed
    interview scheme, :func:`did_applications`); per target characteristic, the target groups
    and the reference, level ``before`` / ``after`` the programme start (applied → appointed
    overall rate), ``change`` (the interaction ``odds_ratio`` and ``p_value``) and ``placebo``
    (the same model on the years before the start, a parallel-trends check).
``outcomes_nhs_standards``
    population ``applications``; NHS WRES indicator 2 (characteristic ``ethnicity_wres``,
    ``White`` / ``BME``) and WDES metric 2 (``disability``), level the indicator's name:
    ``trials`` (shortlisted), ``successes`` (appointed), ``rate``, ``relative_likelihood``
    (reference rate / group rate, as the standards define it), ``impact_ratio``, ``fisher_p``.
``outcomes_guaranteed_interview``
    population ``applications``; ``Scheme applicants`` / ``Other applicants`` among disabled
    applicants, level ``interview rate`` / ``appointment rate``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from eqlib import characteristics, codes, outcomes
from eqlib import tables as tt
from eqlib.errors import DataError, ParamsError
from eqlib.intervals import wilson_interval
from eqlib.publication import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    Block,
    find,
    fmt_int,
    fmt_number,
    fmt_pct,
    in_appendix,
    is_withheld,
    paragraph,
    table_html,
)

#: The characteristics of the funnel and lifecycle tables are the registry's
#: ``used_by("outcomes")``, named by ``characteristics.label`` (:mod:`eqlib.characteristics`).
#: Lifecycle outcomes published, in order, with their printed names.
LIFECYCLE_LABELS: dict[str, str] = {
    "promotion": "Promotion", "training": "Non-mandatory training", "leaver": "Leaving (all)",
    "leaver_voluntary": "Leaving (voluntary)", "leaver_involuntary": "Leaving (involuntary)",
    "disciplinary": "Formal disciplinary", "capability": "Capability", "grievance": "Grievance",
}
#: Columns of each analysis table, which it keeps when nothing could be compared (a very small
#: organisation: one applicant, no one in a reference group), so the notebook and the tables read
#: an empty table instead of failing on a missing column (tests/unit/test_outcomes_report.py).
_RATES = ["trials", "successes", "rate", "relative_likelihood", "rl_ci_low", "rl_ci_high",
          "impact_ratio", "adverse_impact", "fisher_p", "fisher_p_holm", "significant_disparity",
          "fragile", "broadly_proportionate"]
STAGE_COUNT_COLUMNS = ["characteristic", "group", "stage", "applicants", "withdrawn"]
FUNNEL_COLUMNS = ["characteristic", "transition", "from_stage", "to_stage", "group",
                  "n_at_stage", "withdrawn", "n_reaching_next", *_RATES, "reference_group",
                  "rate_ci_low", "rate_ci_high"]
STRATIFIED_COLUMNS = ["characteristic", "group", "reference_group", "transition",
                      "group_trials", "group_successes", "used_trials", "used_successes",
                      "crude_ratio", "crude_ci_low", "crude_ci_high", "mh_risk_ratio",
                      "mh_rr_ci_low", "mh_rr_ci_high", "n_strata_used", "direction_disagrees",
                      "flag", "sentence"]
LIFECYCLE_COLUMNS = ["year", "characteristic", "outcome", "orientation", "denominator_basis",
                     "group", *_RATES, "level", "reference_group", "rate_ci_low", "rate_ci_high"]
#: What the report says where nothing could be compared (a very small organisation, e.g. one
#: employee or applicants of one group only): a sentence, not a fault.
NOTHING_TO_REPORT_RECRUITMENT = (
    "There are no recruitment figures to report this year: no group of applicants could be "
    "compared with its reference group (the applications hold no one in the reference group of "
    "any characteristic compared, or no applications at all).")
NOTHING_TO_REPORT_LIFECYCLE = (
    "There are no lifecycle figures to report this year: no group of staff could be compared "
    "with its reference group (the records hold no one in the reference group of any "
    "characteristic compared).")
#: The group served by the guaranteed-interview scheme (Disability Confident).
GUARANTEED_INTERVIEW_GROUP: tuple[str, str] = ("disability", "Disabled")
#: Level labels of the stratified check.
CRUDE, WITHIN = "all vacancies", "within vacancy grade"
#: Transitions checked within vacancy grade (index pairs into the funnel stages: first and overall).
TABLE_PREFIX = "outcomes_"
NA_REFERENCE = "not applicable: reference group"
NA_UNDEFINED = "not applicable: undefined (no one in the group, or a zero count)"
NA_NOT_DECLARED = "not applicable: not declared (not compared as a group)"


# --------------------------------------------------------------------------------------------
# analysis
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutcomesAnalysis:
    """Wide results of every analysis of the topic (what the notebook shows the analyst).

    Attributes
    ----------
    year
        The reporting year.
    stage_counts
        ``characteristic, group, stage, applicants, withdrawn`` (with ``Total`` rows).
    funnel
        :func:`eqlib.outcomes.funnel_rates` of every characteristic, plus ``rate_ci_low``,
        ``rate_ci_high`` (Wilson) and ``reference_group``.
    stratified
        One row per characteristic, declared non-reference group and checked transition: crude
        and Mantel–Haenszel ratios, ``direction_disagrees`` and the library's sentence.
    lifecycle
        :func:`eqlib.outcomes.lifecycle_outcomes` of every year and characteristic and the
        two-year rolling figures, plus ``level`` (year label), rate intervals and ``Total`` rows.
    programme
        ``{"grade_rise_12m": Evaluation, "retention_12m": ..., ...}``.
    did
        ``{characteristic: Evaluation}`` for each characteristic of ``programme.target_groups``.
    guaranteed_interview
        The scheme's :class:`eqlib.outcomes.Evaluation`, or None when nobody used it.
    nhs
        :func:`nhs_indicators`: WRES indicator 2 and WDES metric 2 of the reporting year.
    notes
        Plain-English notes on what could not be computed.
    """

    year: int
    stage_counts: pd.DataFrame
    funnel: pd.DataFrame
    stratified: pd.DataFrame
    lifecycle: pd.DataFrame
    programme: dict[str, outcomes.Evaluation]
    did: dict[str, outcomes.Evaluation]
    guaranteed_interview: outcomes.Evaluation | None
    notes: list[str] = field(default_factory=list)
    #: NHS WRES indicator 2 and WDES metric 2 (:func:`nhs_indicators`), for comparability.
    nhs: pd.DataFrame = field(default_factory=pd.DataFrame)


def reference_group(characteristic: str, params: Mapping[str, Any]) -> str:
    """Reference group of a characteristic from params ``reference_groups``.

    A grouped column (``sexual_orientation_grouped``) takes the reference of its source
    characteristic (:func:`eqlib.characteristics.pay_gap_column`).

    Raises
    ------
    ParamsError
        When params give no reference group for the characteristic.

    Examples
    --------
    >>> reference_group("sexual_orientation_grouped",
    ...                 {"reference_groups": {"sexual_orientation": "Straight or heterosexual"}})
    'Straight or heterosexual'
    """
    refs = params["reference_groups"]
    if characteristic in refs:
        return str(refs[characteristic])
    for source in characteristics.REGISTRY:
        if (source != characteristic and characteristics.pay_gap_column(source) == characteristic
                and source in refs):
            return str(refs[source])
    raise ParamsError(
        f"params reference_groups has no reference group for '{characteristic}': add one."
    )


def _group_order(values: pd.Series, characteristic: str) -> list[str]:
    present = set(values)
    try:
        order = [g for g in characteristics.categories(characteristic) if g in present]
    except (KeyError, ValueError):
        order = []
    return order + sorted(present - set(order))


def stage_counts(
    applications: pd.DataFrame, characteristic: str, *, stages: Sequence[str]
) -> pd.DataFrame:
    """Applicants who reached each stage, and who withdrew at it, by group (with ``Total``).

    ``applicants(s) = #{stage_reached >= s}``; ``withdrawn(s) = #{withdrawn and stage_reached ==
    s}``. Missing group values count as ``Not known``.

    Returns
    -------
    pandas.DataFrame
        ``characteristic, group, stage, applicants, withdrawn``: groups in code-list order then
        ``Total``, stages in funnel order within each group.

    Raises
    ------
    DataError
        When a column is missing or a ``stage_reached`` value is not a stage.

    Examples
    --------
    >>> apps = pd.DataFrame({"stage_reached": ["applied", "shortlisted", "applied"],
    ...                      "withdrawn": [True, False, False], "sex": ["Male", "Male", "Female"]})
    >>> stage_counts(apps, "sex", stages=["applied", "shortlisted"])[
    ...     ["group", "stage", "applicants", "withdrawn"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['Female', 'applied', 1, 0], ['Female', 'shortlisted', 0, 0], ['Male', 'applied', 2, 1],
     ['Male', 'shortlisted', 1, 0], ['Total', 'applied', 3, 1], ['Total', 'shortlisted', 1, 0]]
    """
    for col in ("stage_reached", characteristic):
        if col not in applications.columns:
            raise DataError(f"The applications table has no column '{col}'.")
    position = {s: i for i, s in enumerate(stages)}
    reached = applications["stage_reached"].astype(object).map(position)
    if reached.isna().any():
        bad = sorted(set(applications.loc[reached.isna(), "stage_reached"].astype(str)))
        raise DataError(f"stage_reached holds value(s) that are not funnel stages: {bad}.")
    withdrawn = (
        applications["withdrawn"].fillna(False).astype(bool)
        if "withdrawn" in applications.columns
        else pd.Series(False, index=applications.index)
    )
    groups = applications[characteristic].astype(object).where(
        applications[characteristic].notna(), codes.NOT_KNOWN
    )
    rows = []
    for g in [*_group_order(groups, characteristic), tt.TOTAL]:
        mask = groups == g if g != tt.TOTAL else pd.Series(True, index=applications.index)
        for i, s in enumerate(stages):
            rows.append({
                "characteristic": characteristic, "group": g, "stage": s,
                "applicants": int((mask & (reached >= i)).sum()),
                "withdrawn": int((mask & withdrawn & (reached == i)).sum()),
            })
    return pd.DataFrame(rows)


def _with_rate_interval(frame: pd.DataFrame, confidence_level: float) -> pd.DataFrame:
    out = frame.copy()
    bounds = [
        wilson_interval(int(s), int(n), confidence_level=confidence_level)
        for s, n in zip(out["successes"], out["trials"], strict=True)
    ]
    out["rate_ci_low"] = [b[0] for b in bounds]
    out["rate_ci_high"] = [b[1] for b in bounds]
    return out


def _options(params: Mapping[str, Any]) -> dict[str, Any]:
    level = float(params["confidence_level"])
    return {
        "alpha": 1.0 - level,
        "min_group_stat": int(params["disclosure"]["min_group_stat"]),
        "adverse_impact_band": tuple(params["adverse_impact_band"]),
    }


def compared_characteristics(
    frame: pd.DataFrame, params: Mapping[str, Any], *, notes: list[str] | None = None,
    what: str = "the data",
) -> list[str]:
    """Characteristics of ``characteristics.used_by("outcomes")`` whose reference group occurs in ``frame``.

    A characteristic that ``frame`` does not hold, or whose reference group nobody in it belongs to
    (e.g. applications that do not ask about sexual orientation), cannot be compared; it is left
    out, with a note appended to ``notes``.

    Examples
    --------
    >>> f = pd.DataFrame({"sex": ["Male", "Female"], "disability": ["Not known"] * 2})
    >>> notes = []
    >>> compared_characteristics(f, {"reference_groups": {"sex": "Male",
    ...     "disability": "Not disabled"}}, notes=notes)
    ['sex']
    >>> notes[0]
    'The data hold no one in the reference group of disability (Not disabled): not compared.'
    """
    out = []
    for ch in characteristics.used_by("outcomes"):
        if ch not in frame.columns:
            continue
        ref = reference_group(ch, params)
        if (frame[ch] == ref).any():
            out.append(ch)
        elif notes is not None:
            notes.append(f"{what[0].upper()}{what[1:]} hold no one in the reference group of "
                         f"{ch} ({ref}): not compared.")
    return out


def _funnel(applications: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    frames = []
    for ch in compared_characteristics(applications, params):
        ref = reference_group(ch, params)
        f = outcomes.funnel_rates(
            applications, ch, stages=params["funnel_stages"], reference=ref, **_options(params)
        )
        frames.append(f.assign(reference_group=ref))
    if not frames:
        return pd.DataFrame(columns=FUNNEL_COLUMNS)
    return _with_rate_interval(pd.concat(frames, ignore_index=True),
                               float(params["confidence_level"]))


def _checked_transitions(stages: Sequence[str]) -> list[tuple[str, str]]:
    first = (stages[0], stages[1])
    overall = (stages[0], stages[-1])
    return [first] if first == overall else [first, overall]


def _transition_label(transition: tuple[str, str], stages: Sequence[str]) -> str:
    label = f"{transition[0]} -> {transition[1]}"
    if tuple(transition) == (stages[0], stages[-1]) and len(stages) > 2:
        label += " (overall)"
    return label


def _stratified(applications: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    stages = list(params["funnel_stages"])
    alpha = 1.0 - float(params["confidence_level"])
    rows = []
    for ch in compared_characteristics(applications, params):
        ref = reference_group(ch, params)
        groups = applications[ch].dropna()
        for g in _group_order(groups, ch):
            if g == ref or g in codes.NOT_DECLARED:
                continue
            for tr in _checked_transitions(stages):
                res = outcomes.stratified_rate_ratio(
                    applications, ch, group=g, reference=ref, stages=stages, transition=tr,
                    alpha=alpha,
                    log_ratio_change=float(params["stratified_check"]["log_ratio_change"]),
                )
                used = res.strata[res.strata["used"].astype(bool)]
                rows.append({
                    "characteristic": ch, "group": g, "reference_group": ref,
                    "transition": _transition_label(tr, stages),
                    "group_trials": int(res.strata["group_trials"].sum()),
                    "group_successes": int(res.strata["group_successes"].sum()),
                    "used_trials": int(used["group_trials"].sum()),
                    "used_successes": int(used["group_successes"].sum()),
                    "crude_ratio": res.crude_ratio, "crude_ci_low": res.crude_ci_low,
                    "crude_ci_high": res.crude_ci_high, "mh_risk_ratio": res.mh_risk_ratio,
                    "mh_rr_ci_low": res.mh_rr_ci_low, "mh_rr_ci_high": res.mh_rr_ci_high,
                    "n_strata_used": res.n_strata_used,
                    "direction_disagrees": res.direction_disagrees, "flag": res.flag,
                    "sentence": res.sentence,
                })
    return pd.DataFrame(rows, columns=STRATIFIED_COLUMNS)


def _year_label(year: int, basis: str) -> str:
    return f"{year} (year-end headcount)" if basis.startswith("year-end") else str(year)


def _lifecycle(data: Mapping[int, Mapping[str, pd.DataFrame]], params: Mapping[str, Any],
               notes: list[str] | None = None) -> pd.DataFrame:
    years = sorted(y for y in data if "events" in data[y] and "workforce" in data[y])
    opts = _options(params)
    keys = tuple(LIFECYCLE_LABELS)
    yearly: dict[tuple[int, str], pd.DataFrame] = {}
    chars = compared_characteristics(data[max(years)]["workforce"], params) if years else []
    for y in years:
        start = data[y - 1]["workforce"] if (y - 1) in data else None
        for ch in chars:
            ref = reference_group(ch, params)
            events = data[y]["events"]
            if "year" in events.columns:  # as lifecycle_outcomes reads them
                events = events[events["year"] == y]
            people = outcomes.lifecycle_people(events, start, data[y]["workforce"], ch,
                                               outcomes=keys)
            if not (people["group"] == ref).any():  # a small organisation: no one to compare with
                if notes is not None:
                    notes.append(f"The {y} lifecycle records hold no one in the reference group "
                                 f"of {ch} ({ref}): not compared.")
                continue
            out = outcomes.lifecycle_outcomes(
                data[y]["events"], start, data[y]["workforce"], ch,
                reference=ref, year=y, outcomes=keys, **opts,
            )
            out["level"] = [_year_label(y, b) for b in out["denominator_basis"]]
            yearly[(y, ch)] = out
    frames = list(yearly.values())
    if not frames:
        return pd.DataFrame(columns=LIFECYCLE_COLUMNS)
    for y in years:
        if (y - 1) not in years:
            continue
        for ch in chars:
            if (y - 1, ch) not in yearly or (y, ch) not in yearly:
                continue
            roll = outcomes.rolling_lifecycle_outcomes(
                yearly[(y - 1, ch)], yearly[(y, ch)], reference=reference_group(ch, params),
                outcomes=outcomes.ROLLING_OUTCOMES, **opts,
            )
            roll["level"] = f"{y - 1}-{y} (two years)"
            frames.append(roll)
    life = pd.concat(frames, ignore_index=True)
    life["reference_group"] = [reference_group(ch, params) for ch in life["characteristic"]]
    totals = (
        life.groupby(["characteristic", "outcome", "level"], sort=False)[["trials", "successes"]]
        .sum().reset_index()
        .assign(group=tt.TOTAL)
    )
    totals["rate"] = totals["successes"] / totals["trials"]
    life = pd.concat([life, totals], ignore_index=True)
    order = {k: i for i, k in enumerate(keys)}
    level_order = {lv: i for i, lv in enumerate(dict.fromkeys(life["level"]))}
    ch_order = {c: i for i, c in enumerate(characteristics.used_by("outcomes"))}
    life["_o"] = life["outcome"].map(order)
    life["_c"] = life["characteristic"].map(ch_order)
    life["_l"] = life["level"].map(level_order)
    life["_t"] = (life["group"] == tt.TOTAL).astype(int)
    life = life.sort_values(["_o", "_c", "_l", "_t"], kind="stable").drop(
        columns=["_o", "_c", "_l", "_t"]).reset_index(drop=True)
    return _with_rate_interval(life, float(params["confidence_level"]))


def _programme(data: Mapping[int, Mapping[str, pd.DataFrame]], params: Mapping[str, Any],
               notes: list[str]) -> dict[str, outcomes.Evaluation]:
    prog = params["programme"]
    year = int(params["year"])
    opts = _options(params)
    results: dict[str, outcomes.Evaluation] = {}
    for lag in (1, 2):
        t0 = year - lag
        if t0 not in data:
            continue
        w0 = data[t0]["workforce"]
        if "programme" not in w0.columns or not (w0["programme"] == prog["name"]).any():
            if lag == 1:
                notes.append(f"The {t0} snapshot records no {prog['name']} participants.")
            continue
        for outcome in outcomes.PROGRAMME_OUTCOMES:
            try:
                results[f"{outcome}_{12 * lag}m"] = outcomes.programme_participation_effect(
                    w0, data[year]["workforce"], outcome=outcome, programme=prog["name"],
                    grades=params["grades"], eligible_grades=prog["eligible_grades"],
                    target_groups=prog.get("target_groups"), controls=PROGRAMME_CONTROLS,
                    min_events_per_parameter=float(prog["min_events_per_parameter"]), **opts,
                )
            except DataError as exc:
                notes.append(f"{outcome} over {12 * lag} months: {exc}")
    return results


def did_applications(applications: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The applications a difference in differences of the programme uses, and their name.

    The programme develops staff, so it can act only on internal applicants: when the
    applications record ``internal``, only those are kept. Applications made under the
    guaranteed interview scheme are left out: the scheme runs at the same time and lifts its
    applicants' shortlisting directly, so a change in its take-up would otherwise be read as the
    programme's effect (the scheme is evaluated on its own). Returns ``(rows, description)``.

    Examples
    --------
    >>> apps = pd.DataFrame({"internal": [True, True, False], "guaranteed_interview":
    ...                      [False, True, False]})
    >>> rows, who = did_applications(apps)
    >>> len(rows), who
    (1, 'internal applicants, not under the guaranteed interview scheme')
    """
    keep = pd.Series(True, index=applications.index)
    words = []
    if "internal" in applications.columns and applications["internal"].notna().any():
        keep &= applications["internal"].astype("boolean").fillna(False).astype(bool)
        words.append("internal applicants")
    if "guaranteed_interview" in applications.columns:
        keep &= ~applications["guaranteed_interview"].astype("boolean").fillna(False).astype(bool)
        words.append("not under the guaranteed interview scheme")
    return applications[keep], ", ".join(words) or "all applicants"


#: Population of the difference-in-differences table (disclosure control checks it alone).
DID_POPULATION = "internal_applications_all_years"


#: Controls of the programme's logistic model, in the order the events-per-parameter rule keeps
#: them (all, then the first alone, then none: eqlib.outcomes.model_with_enough_events).
PROGRAMME_CONTROLS: tuple[str, ...] = ("grade", "age_band", "service_band")
_CONTROL_WORDS = {"grade": "grade", "age_band": "age band", "service_band": "length of service"}


def model_controls_text(n_controls: float) -> str:
    """Words for the controls of a programme model with ``n_controls`` of
    :data:`PROGRAMME_CONTROLS` (the rule keeps all, the first, or none).

    Examples
    --------
    >>> model_controls_text(3), model_controls_text(1), model_controls_text(0)
    ('grade, age band and length of service', 'grade', '')
    """
    words = [_CONTROL_WORDS[c] for c in PROGRAMME_CONTROLS[: int(n_controls)]]
    return words[0] if len(words) == 1 else (
        ", ".join(words[:-1]) + " and " + words[-1] if words else "")


def _did(data: Mapping[int, Mapping[str, pd.DataFrame]], params: Mapping[str, Any],
         notes: list[str]) -> dict[str, outcomes.Evaluation]:
    prog = params["programme"]
    stages = list(params["funnel_stages"])
    apps = pd.concat([data[y]["applications"] for y in sorted(data)], ignore_index=True)
    apps, who = did_applications(apps)
    trials = outcomes.transition_outcome(apps, stages=stages, transition=(stages[0], stages[-1]))
    opts = _options(params)
    out: dict[str, outcomes.Evaluation] = {}
    after = pd.to_datetime(trials["applied_date"]) >= pd.Timestamp(prog["start"])
    if after.all() or not after.any():
        notes.append(
            f"No difference in differences: every application of the years analysed was made "
            f"{'after' if after.all() else 'before'} {prog['name']} started ({prog['start']}).")
        return out
    for ch, groups in (prog.get("target_groups") or {}).items():
        try:
            out[ch] = outcomes.difference_in_differences(
                trials, outcome="outcome", characteristic=ch, target_groups=list(groups),
                reference=reference_group(ch, params), date="applied_date",
                start_date=prog["start"], population=who, **opts,
            )
        except (DataError, ValueError) as exc:
            notes.append(f"Difference in differences for {ch}: {exc}")
    return out


#: Level labels of the NHS comparability figures.
WRES_2 = "WRES indicator 2: appointed from shortlisting"
WDES_2 = "WDES metric 2: appointed from shortlisting"


def nhs_indicators(applications: pd.DataFrame, params: Mapping[str, Any],
                   notes: list[str] | None = None) -> pd.DataFrame:
    """NHS WRES indicator 2 (White vs BME) and WDES metric 2 (non-disabled vs Disabled), as the
    NHS standards define them, besides the project's own binary comparisons.

    Returns the :func:`eqlib.outcomes.compare_rates` rows with ``characteristic``
    (``ethnicity_wres``, ``disability``), ``level`` (:data:`WRES_2`, :data:`WDES_2`) and
    ``reference_group``; empty when the applications cannot give them (a note says why).
    """
    opts = _options(params)
    stages = list(params["funnel_stages"])
    parts = []
    for ch, level, column, fn in (
        ("ethnicity_wres", WRES_2, "ethnicity_broad", outcomes.wres_indicator_2),
        ("disability", WDES_2, "disability", outcomes.wdes_metric_2),
    ):
        if column not in applications.columns:
            continue
        try:
            kwargs = {"ethnicity": column} if ch == "ethnicity_wres" else {"disability": column}
            t = fn(applications, stages=stages, **kwargs, **opts)
        except (DataError, ValueError) as exc:
            if notes is not None:
                notes.append(f"{level}: {exc}")
            continue
        parts.append(t.assign(characteristic=ch, level=level,
                              reference_group=str(t["group"].iloc[0])))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _guaranteed(applications: pd.DataFrame, params: Mapping[str, Any]
                ) -> outcomes.Evaluation | None:
    if "guaranteed_interview" not in applications.columns or not applications[
            "guaranteed_interview"].fillna(False).astype(bool).any():
        return None
    ch, group = GUARANTEED_INTERVIEW_GROUP
    stages = list(params["funnel_stages"])
    stage = "interviewed" if "interviewed" in stages else stages[1]
    return outcomes.guaranteed_interview_effect(
        applications, stages=stages, characteristic=ch, group=group, interview_stage=stage,
        **_options(params),
    )


def outcomes_analysis(
    data: Mapping[int, Mapping[str, pd.DataFrame]], params: Mapping[str, Any]
) -> OutcomesAnalysis:
    """Every analysis of methodology §4 on the processed data of the years available.

    Funnel, stage counts, the within-grade check and the guaranteed-interview scheme use the
    reporting year's applications; lifecycle outcomes every year with events (denominators per
    methodology §4.2) and two-year rolling disciplinary and capability figures; the programme its
    participants' snapshot(s) against the reporting year's; the difference in differences the
    applications of every year (overall applied → appointed rate).

    Parameters
    ----------
    data
        ``{year: {"workforce", "applications", "events"}}`` processed tables; must include
        ``params["year"]``.
    params
        The year's parameters (``funnel_stages``, ``reference_groups``, ``adverse_impact_band``,
        ``confidence_level``, ``disclosure.min_group_stat``, ``programme``, ``grades``).

    Returns
    -------
    OutcomesAnalysis

    Raises
    ------
    DataError
        When the reporting year's data are missing.
    """
    year = int(params["year"])
    if year not in data:
        raise DataError(f"No processed data for the reporting year {year}.")
    apps = data[year]["applications"]
    notes: list[str] = []
    counted = [stage_counts(apps, ch, stages=params["funnel_stages"])
               for ch in compared_characteristics(apps, params, notes=notes, what="applications")]
    counts = (pd.concat(counted, ignore_index=True) if counted
              else pd.DataFrame(columns=STAGE_COUNT_COLUMNS))
    return OutcomesAnalysis(
        year=year,
        stage_counts=counts,
        funnel=_funnel(apps, params),
        stratified=_stratified(apps, params),
        lifecycle=_lifecycle(data, params, notes),
        programme=_programme(data, params, notes),
        did=_did(data, params, notes),
        guaranteed_interview=_guaranteed(apps, params),
        notes=notes,
        nhs=nhs_indicators(apps, params, notes),
    )


# --------------------------------------------------------------------------------------------
# tidy tables
# --------------------------------------------------------------------------------------------
def _reasons(t: pd.DataFrame, reasons: Sequence[str | None] | None = None) -> pd.DataFrame:
    """Give every NaN value a 'not applicable' reason (validate_table requires one)."""
    out = t.copy()
    why = list(reasons) if reasons is not None else [None] * len(out)
    fill = [
        (w or NA_UNDEFINED) if pd.isna(v) else None
        for v, w in zip(out["value"], why, strict=True)
    ]
    out["suppression_reason"] = fill
    return tt.conform(out)


def _na_reason(group: Any, reference: Any, measure: str) -> str | None:
    if group == reference and measure in ("relative_likelihood", "fisher_p", "fisher_p_holm"):
        return NA_REFERENCE
    if group in codes.NOT_DECLARED and measure in ("fisher_p_holm",):
        return NA_NOT_DECLARED
    return None


def _tidy_rates(wide: pd.DataFrame, *, table: str, population: str, level: str,
                measures: Sequence[str], reference: str | None,
                group_parent: Mapping[str, str] | None = None,
                extra_n: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Tidy rows of a compare_rates-like table for one characteristic."""
    ci = {"rate": ("rate_ci_low", "rate_ci_high"),
          "relative_likelihood": ("rl_ci_low", "rl_ci_high")}
    numerator = {m: "successes" for m in
                 ("rate", "relative_likelihood", "impact_ratio", "odds_ratio")}
    n = {m: "trials" for m in measures}
    n.update(extra_n or {})
    ch = str(wide["characteristic"].iloc[0])
    t = tt.tidy(
        wide, table=table, population=population, characteristic=ch,
        measures={m: m for m in measures}, level=level, n=n, numerator=numerator, ci=ci,
        reference_group=reference, group_parent=group_parent,
    )
    reasons = [_na_reason(g, reference, m) for g, m in zip(t["group"], t["measure"], strict=True)]
    return _reasons(t, reasons)


def _funnel_tables(a: OutcomesAnalysis) -> dict[str, pd.DataFrame]:
    counts = []
    for ch, wide in a.stage_counts.groupby("characteristic", sort=False):
        parent = {g: tt.TOTAL for g in wide["group"] if g != tt.TOTAL}
        counts.append(tt.tidy(
            wide, table=f"{TABLE_PREFIX}funnel_counts", population="applications",
            characteristic=str(ch), measures=["applicants", "withdrawn"], level="stage",
            group_parent=parent,
        ))
    rates = []
    for _ch, wide in a.funnel.groupby("characteristic", sort=False):
        rates.append(_tidy_rates(
            wide, table=f"{TABLE_PREFIX}funnel_rates", population="applications",
            level="transition",
            measures=["rate", "relative_likelihood", "impact_ratio", "fisher_p_holm"],
            reference=str(wide["reference_group"].iloc[0]),
        ))
    strat = []
    s = a.stratified
    if len(s):
        crude = s.assign(level=s["transition"] + ": " + CRUDE, value=s["crude_ratio"],
                         lo=s["crude_ci_low"], hi=s["crude_ci_high"],
                         num=s["group_successes"], n=s["group_trials"])
        within = s.assign(level=s["transition"] + ": " + WITHIN, value=s["mh_risk_ratio"],
                          lo=s["mh_rr_ci_low"], hi=s["mh_rr_ci_high"],
                          num=s["used_successes"], n=s["used_trials"])
        both = pd.concat([crude, within]).sort_index(kind="stable")
        for ch, wide in both.groupby("characteristic", sort=False):
            t = tt.tidy(
                wide, table=f"{TABLE_PREFIX}funnel_stratified", population="applications",
                characteristic=str(ch), measures={"value": "relative_likelihood"},
                level="level", n="n", numerator={"relative_likelihood": "num"},
                ci={"relative_likelihood": ("lo", "hi")},
                reference_group=str(wide["reference_group"].iloc[0]),
            )
            strat.append(_reasons(t))
    out = {}  # a table only where something could be compared (not in a very small organisation)
    if counts:
        out[f"{TABLE_PREFIX}funnel_counts"] = pd.concat(counts, ignore_index=True)
    if rates:
        out[f"{TABLE_PREFIX}funnel_rates"] = pd.concat(rates, ignore_index=True)
    if strat:
        out[f"{TABLE_PREFIX}funnel_stratified"] = pd.concat(strat, ignore_index=True)
    return out


def _lifecycle_tables(a: OutcomesAnalysis) -> dict[str, pd.DataFrame]:
    out = {}
    for outcome, frame in a.lifecycle.groupby("outcome", sort=False):
        parts = []
        name = f"{TABLE_PREFIX}lifecycle_{outcome}"
        for _ch, wide in frame.groupby("characteristic", sort=False):
            parent = {g: tt.TOTAL for g in wide["group"] if g != tt.TOTAL}
            ref = str(wide.loc[wide["group"] != tt.TOTAL, "reference_group"].iloc[0])
            parts.append(_tidy_rates(
                wide, table=name, population=f"lifecycle_{outcome}", level="level",
                measures=["trials", "successes", "rate", "relative_likelihood",
                          "fisher_p_holm"],
                reference=ref, group_parent=parent,
            ))
        t = pd.concat(parts, ignore_index=True)
        # Total rows carry counts and a rate, not comparisons.
        keep = ~((t["group"] == tt.TOTAL)
                 & t["measure"].isin(["relative_likelihood", "fisher_p_holm"]))
        out[name] = t[keep].reset_index(drop=True)
    return out


def _evaluation_rows(ev: outcomes.Evaluation, *, level: str, table: str, population: str,
                     characteristic: str, model_group: str | None, confidence_level: float,
                     fisher: str = "fisher_p") -> pd.DataFrame:
    rates = _with_rate_interval(ev.rates, confidence_level)
    rates = rates.assign(characteristic=characteristic, level=level)
    ref = str(rates.loc[rates["relative_likelihood"].eq(1.0) & rates["rl_ci_low"].isna(),
                        "group"].iloc[-1]) if len(rates) else None
    t = _tidy_rates(rates, table=table, population=population, level="level",
                    measures=["trials", "successes", "rate", "relative_likelihood", fisher],
                    reference=ref)
    if ev.model is not None and model_group is not None:
        m = ev.model.iloc[0]
        grp = rates[rates["group"] == model_group].iloc[0]
        controls = str(m.get("controls_used", "") or "")
        wide = pd.DataFrame([{
            "group": model_group, "level": level, "odds_ratio": m["odds_ratio"],
            "p_value": m["p_value"], "ci_low": m["ci_low"], "ci_high": m["ci_high"],
            "successes": grp["successes"], "trials": grp["trials"], "model_n": m["n"],
            "events_per_parameter": m.get("events_per_parameter", np.nan),
            "model_controls": float(len(controls.split(", "))) if controls else 0.0,
        }])
        measures = ["odds_ratio", "p_value"]
        if "events_per_parameter" in m.index:
            measures += ["events_per_parameter", "model_controls"]
        mt = tt.tidy(wide, table=table, population=population, characteristic=characteristic,
                     measures=measures, level="level",
                     n={"odds_ratio": "trials", "p_value": "model_n",
                        "events_per_parameter": "model_n", "model_controls": "model_n"},
                     numerator={"odds_ratio": "successes"},
                     ci={"odds_ratio": ("ci_low", "ci_high")}, reference_group=ref)
        status = str(m.get("status", ""))
        mt = _reasons(mt, [f"not applicable: model {status}"] * len(mt))
        t = pd.concat([t, mt], ignore_index=True)
    return t


def _programme_tables(a: OutcomesAnalysis, params: Mapping[str, Any]
                      ) -> dict[str, pd.DataFrame]:
    level = float(params["confidence_level"])
    out: dict[str, pd.DataFrame] = {}
    parts = [
        _evaluation_rows(ev, level=key, table=f"{TABLE_PREFIX}programme", population="programme",
                         characteristic="programme", model_group=outcomes.PARTICIPANTS,
                         confidence_level=level)
        for key, ev in a.programme.items()
    ]
    if parts:
        out[f"{TABLE_PREFIX}programme"] = pd.concat(parts, ignore_index=True)
    did = []
    for ch, ev in a.did.items():
        for period, rates in ev.rates.groupby("period", sort=False):
            ev_p = outcomes.Evaluation(design=ev.design, sample_sizes=ev.sample_sizes,
                                       rates=rates.reset_index(drop=True), model=None,
                                       note=ev.note)
            did.append(_evaluation_rows(
                ev_p, level=str(period), table=f"{TABLE_PREFIX}programme_did",
                population=DID_POPULATION, characteristic=ch, model_group=None,
                confidence_level=level, fisher="fisher_p_holm"))
        if ev.model is not None:
            after = ev.rates[ev.rates["period"] == "after"]
            target = after[after["relative_likelihood"].notna()
                           & after["rl_ci_low"].notna()]
            label = str(target["group"].iloc[0]) if len(target) else str(after["group"].iloc[-1])
            grp = after[after["group"] == label].iloc[0]
            for lv, model in (("change", ev.model), ("placebo", ev.placebo)):
                if model is None:
                    continue
                m = model.iloc[0]
                wide = pd.DataFrame([{
                    "group": label, "level": lv, "odds_ratio": m["odds_ratio"],
                    "p_value": m["p_value"], "ci_low": m["ci_low"], "ci_high": m["ci_high"],
                    "successes": grp["successes"], "trials": grp["trials"], "model_n": m["n"],
                }])
                mt = tt.tidy(wide, table=f"{TABLE_PREFIX}programme_did",
                             population=DID_POPULATION, characteristic=ch,
                             measures=["odds_ratio", "p_value"], level="level",
                             n={"odds_ratio": "trials", "p_value": "model_n"},
                             numerator={"odds_ratio": "successes"},
                             ci={"odds_ratio": ("ci_low", "ci_high")},
                             reference_group=reference_group(ch, params))
                did.append(_reasons(mt, [f"not applicable: model {m.get('status', '')}"] * 2))
    if did:
        out[f"{TABLE_PREFIX}programme_did"] = pd.concat(did, ignore_index=True)
    if a.guaranteed_interview is not None:
        ch, _ = GUARANTEED_INTERVIEW_GROUP
        parts = []
        for measure, rates in a.guaranteed_interview.rates.groupby("measure", sort=False):
            ev_m = outcomes.Evaluation(design="", sample_sizes={},
                                       rates=rates.reset_index(drop=True), model=None, note="")
            parts.append(_evaluation_rows(
                ev_m, level=str(measure), table=f"{TABLE_PREFIX}guaranteed_interview",
                population="applications", characteristic=ch, model_group=None,
                confidence_level=level))
        out[f"{TABLE_PREFIX}guaranteed_interview"] = pd.concat(parts, ignore_index=True)
    return out


def build_tables(
    data: Mapping[int, Mapping[str, pd.DataFrame]] | None,
    params: Mapping[str, Any],
    *,
    analysis: OutcomesAnalysis | None = None,
) -> dict[str, pd.DataFrame]:
    """The topic's tidy publication tables (unsuppressed), in a fixed order.

    Parameters
    ----------
    data
        Processed tables by year (see the module docstring); ignored when ``analysis`` is given.
    params
        The year's parameters.
    analysis
        A result of :func:`outcomes_analysis` already computed (the notebook passes it, so the
        analyses run once).

    Returns
    -------
    dict of str to pandas.DataFrame
        Table name -> tidy table (names and measures in the module docstring); every table passes
        :func:`eqlib.tables.validate_table`.

    Raises
    ------
    ValueError
        When neither ``data`` nor ``analysis`` is given.
    """
    if analysis is None:
        if data is None:
            raise ValueError("build_tables() needs data or analysis.")
        analysis = outcomes_analysis(data, params)
    out = {}
    out.update(_funnel_tables(analysis))
    out.update(_lifecycle_tables(analysis))
    out.update(_programme_tables(analysis, params))
    out.update(_nhs_tables(analysis, params))
    return out


def _nhs_tables(a: OutcomesAnalysis, params: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    if a.nhs is None or a.nhs.empty:
        return {}
    wide = _with_rate_interval(a.nhs, float(params["confidence_level"]))
    parts = [
        _tidy_rates(part, table=f"{TABLE_PREFIX}nhs_standards", population="applications",
                    level="level", measures=["trials", "successes", "rate",
                                             "relative_likelihood", "impact_ratio", "fisher_p"],
                    reference=str(part["reference_group"].iloc[0]))
        for _, part in wide.groupby("characteristic", sort=False)
    ]
    return {f"{TABLE_PREFIX}nhs_standards": pd.concat(parts, ignore_index=True)}


# --------------------------------------------------------------------------------------------
# publication: sections 7 and 8, headline sentences (from the suppressed tables only)
# --------------------------------------------------------------------------------------------
def _nothing_to_show(r: pd.Series | None) -> bool:
    """No figure to print: no row, or a withheld one (:func:`eqlib.publication.is_withheld` is
    the question whether a row is withheld; a missing row is not)."""
    return r is None or is_withheld(r)


def _ratio(r: pd.Series | None, col: str = "value") -> str:
    if r is None:
        return NOT_AVAILABLE
    return fmt_number(r[col], 2, suppressed=bool(r["suppressed"]))


def _rate(r: pd.Series | None) -> str:
    if r is None:
        return NOT_AVAILABLE
    return fmt_pct(r["value"], 1, unit="fraction", suppressed=bool(r["suppressed"]))


def _count(value: Any, *, suppressed: bool, min_count: int) -> str:
    """A count for a sentence: ``[c]`` when withheld, never a number under ``min_count``."""
    if suppressed:
        return CONFIDENTIAL
    if value is None or pd.isna(value):
        return NOT_AVAILABLE
    if 0 < float(value) < min_count:
        return f"fewer than {min_count}"
    return fmt_int(value)


def _interval(r: pd.Series | None, level: float) -> str:
    if _nothing_to_show(r) or pd.isna(r["ci_low"]) or pd.isna(r["ci_high"]):
        return ""
    return (f" ({fmt_pct(level, 0, unit='fraction')} confidence interval "
            f"{fmt_number(r['ci_low'], 2)} to {fmt_number(r['ci_high'], 2)})")


def _p_text(p: pd.Series | None, alpha: float) -> str:
    """Significance in words, naming the test: Fisher's exact test, Holm-adjusted for the groups
    of the characteristic. It is not the test the (unadjusted, Katz) interval inverts, so the
    sentence says which decides (methodology §4.1, "Intervals and p-values")."""
    if _nothing_to_show(p) or pd.isna(p["value"]):
        return ""
    adjusted = p.get("measure") == "fisher_p_holm"
    test = ("Fisher's exact test, adjusted for the number of groups compared" if adjusted
            else "Fisher's exact test")
    if float(p["value"]) < alpha:
        return f" The difference is statistically significant ({test})."
    return f" The difference is not statistically significant ({test})."


def _rl_sentence(rates: pd.DataFrame, *, characteristic: str, group: str, level: str,
                 subject: str, reference_subject: str, outcome: str, likely_to: str,
                 params: Mapping[str, Any], p_measure: str = "fisher_p_holm") -> str:
    """One sentence on a relative likelihood: ``rate_reference / rate_group`` orientation."""
    conf = float(params["confidence_level"])
    rl = find(rates, characteristic=characteristic, group=group, level=level,
               measure="relative_likelihood")
    rate_g = find(rates, characteristic=characteristic, group=group, level=level,
                   measure="rate")
    ref = rl["reference_group"] if rl is not None else None
    rate_r = find(rates, characteristic=characteristic, group=ref, level=level, measure="rate")
    p = find(rates, characteristic=characteristic, group=group, level=level, measure=p_measure)
    if rl is None:
        return f"No comparison of {subject} with {reference_subject} is available."
    text = (f"{_rate(rate_g)} of {subject} {outcome}, against {_rate(rate_r)} of "
            f"{reference_subject}, so {reference_subject} were {_ratio(rl)} times as likely "
            f"{likely_to} (relative likelihood{_interval(rl, conf).replace(' (', ', ')[:-1]}"
            f"{')' if _interval(rl, conf) else ')'}.")
    if _nothing_to_show(rl):
        return text + " The figure is withheld to protect confidentiality."
    if pd.isna(rl["value"]):
        return text + " The ratio cannot be calculated because one of the counts is zero."
    low, high = (float(x) for x in params["adverse_impact_band"])
    inside = low <= float(rl["value"]) <= high
    band = (f" It is {'inside' if inside else 'outside'} the range {fmt_number(low, 2)} to "
            f"{fmt_number(high, 2)} counted as broadly proportionate.")
    return text + _p_text(p, 1.0 - conf) + band


def _rl_note(rl: pd.Series | None, p: pd.Series | None, alpha: float) -> str:
    if _nothing_to_show(rl):
        return " The figure is withheld to protect confidentiality."
    if pd.isna(rl["value"]):
        return " The ratio cannot be calculated because one of the counts is zero."
    return _p_text(p, alpha)


def _flags(rates: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """Four-fifths flag, one-person rule and significance of each row, from published values.

    ``adverse_impact = impact_ratio < 0.8`` (the four-fifths threshold of methodology §4.1);
    ``fragile``: one more success in the group, or one fewer in the highest-rate group (impact
    ratio 1), would lift the ratio to 0.8 or more; ``significant`` the RL outside the band and
    the Holm-adjusted p below ``1 - confidence_level``. A flag needing a withheld value is
    ``[c]``; one that does not apply is blank.
    """
    low, high = (float(x) for x in params["adverse_impact_band"])
    alpha = 1.0 - float(params["confidence_level"])
    threshold = 0.8  # EEOC four-fifths rule (29 CFR 1607.4(D)), fixed by the regulation
    out = []
    for (ch, lv), part in rates.groupby(["characteristic", "level"], sort=False):
        air = part[part["measure"] == "impact_ratio"]
        top = air[(~air["suppressed"]) & (air["value"] == 1.0)]
        for _, r in air.iterrows():
            g = r["group"]
            rl = find(part, group=g, measure="relative_likelihood")
            p = find(part, group=g, measure="fisher_p_holm")
            flag = fragile = sig = ""
            if r["suppressed"]:
                flag = fragile = CONFIDENTIAL
            elif pd.notna(r["value"]) and g not in codes.NOT_DECLARED:
                adverse = float(r["value"]) < threshold
                flag = "Yes" if adverse else "No"
                if adverse:
                    if len(top) == 1:
                        s, n = float(r["numerator"]), float(r["n"])
                        s_h, n_h = float(top.iloc[0]["numerator"]), float(top.iloc[0]["n"])
                        one_more = (s + 1) / n / (s_h / n_h) >= threshold
                        one_fewer = s_h > 1 and s / n / ((s_h - 1) / n_h) >= threshold
                        fragile = "Yes" if (one_more or one_fewer) else "No"
                    else:
                        fragile = CONFIDENTIAL
            if g == r["reference_group"] or g in codes.NOT_DECLARED:
                sig = ""
            elif _nothing_to_show(rl) or _nothing_to_show(p):
                sig = CONFIDENTIAL
            elif pd.notna(p["value"]):
                outside = pd.isna(rl["value"]) or not (low <= float(rl["value"]) <= high)
                sig = "Yes" if (outside and float(p["value"]) < alpha) else "No"
            out.append({"characteristic": ch, "level": lv, "group": g, "adverse_impact": flag,
                        "fragile": fragile, "significant": sig})
    return pd.DataFrame(out)


def _rl_table(rates: pd.DataFrame, level: str, params: Mapping[str, Any], *, caption: str,
              min_count: int) -> Block:
    flags = _flags(rates[rates["level"] == level], params)
    rows, sup = [], []
    for ch in characteristics.used_by("outcomes"):
        part = rates[(rates["characteristic"] == ch) & (rates["level"] == level)]
        for g in dict.fromkeys(part["group"]):
            rl = find(part, group=g, measure="relative_likelihood")
            rate = find(part, group=g, measure="rate")
            air = find(part, group=g, measure="impact_ratio")
            f = find(flags, characteristic=ch, group=g) if len(flags) else None
            interval = "" if _nothing_to_show(rl) or pd.isna(rl["ci_low"]) else (
                f"{fmt_number(rl['ci_low'], 2)} to {fmt_number(rl['ci_high'], 2)}")
            rows.append({
                "Group": f"{characteristics.label(ch)}: {g}",
                "Rate": None if rate is None else rate["value"] * 100,
                "Relative likelihood": None if rl is None else rl["value"],
                "Interval": interval,
                "Impact ratio": None if air is None else air["value"],
                "Below four-fifths": "" if f is None else f["adverse_impact"],
                "One-person rule: fragile": "" if f is None else f["fragile"],
                "Significant disparity": "" if f is None else f["significant"],
            })
            sup.append({"Rate": _nothing_to_show(rate), "Relative likelihood": _nothing_to_show(rl),
                        "Impact ratio": _nothing_to_show(air)})
    df = pd.DataFrame(rows)
    return table_html(
        df, caption=caption, suppressed=pd.DataFrame(sup, index=df.index),
        formats={"Rate": "pct", "Relative likelihood": "ratio", "Impact ratio": "ratio",
                 "Interval": "text"},
        min_count=min_count,
        notes=["Relative likelihood: the reference group's rate divided by the group's rate "
               "(above 1: the group fared worse than the reference group, which was more likely "
               "to progress). Impact ratio: the "
               "group's rate divided by the highest group's rate. Reference groups show 1.00.",
               "Significant disparity: relative likelihood outside the band counted as broadly "
               "proportionate and Fisher's exact test significant after Holm's adjustment for "
               "the number of groups compared. The interval is Katz's and is not adjusted, so "
               "an interval that excludes 1 can stand beside 'No' (and, rarely, the reverse).",
               "[x] not available: a zero count, or a comparison that does not apply."],
    )


def stage_words(level: str) -> str:
    """A funnel transition in words for readers: ``"applied -> shortlisted"`` becomes
    ``"Applied to shortlisted"`` (the tables keep the code, the report shows the words).

    Examples
    --------
    >>> stage_words("applied -> appointed (overall)")
    'Applied to appointed (overall)'
    """
    text = str(level).replace(" -> ", " to ")
    return text[:1].upper() + text[1:]


def _funnel_rate_table(rates: pd.DataFrame, ch: str, *, min_count: int) -> Block:
    part = rates[(rates["characteristic"] == ch) & (rates["measure"] == "rate")].copy()
    part["level"] = part["level"].map(stage_words)
    part["value"] = part["value"] * 100
    levels = list(dict.fromkeys(part["level"]))
    wide = part.pivot(index="group", columns="level", values="value").reindex(
        index=list(dict.fromkeys(part["group"])), columns=levels)
    sup = part.pivot(index="group", columns="level", values="suppressed").reindex(
        index=wide.index, columns=levels).fillna(True).astype(bool)
    wide = wide.reset_index().rename(columns={"group": "Group"})
    sup.index = wide.index
    return table_html(
        wide, caption=f"Recruitment rates at each stage: {characteristics.label(ch)}",
        suppressed=sup, formats={lv: "pct" for lv in levels}, min_count=min_count,
        notes=["Each rate is the share of applicants at the earlier stage who reached the later "
               "one; applicants who withdrew are left out of the stages after their withdrawal."],
    )


def _funnel_chart(rates: pd.DataFrame, ch: str, params: Mapping[str, Any], min_count: int
                  ) -> Any:
    from eqlib.plots import funnel_chart  # noqa: PLC0415 - matplotlib only when charting

    part = rates[(rates["characteristic"] == ch) & (rates["measure"] == "rate")
                 & ~rates["group"].isin(codes.NOT_DECLARED)].copy()
    for col in ("value", "ci_low", "ci_high"):
        part[col] = part[col] * 100
    part["level"] = part["level"].map(stage_words)
    return funnel_chart(
        part[["level", "group", "value", "ci_low", "ci_high", "suppressed"]],
        caption=f"Recruitment funnel: {characteristics.label(ch)}",
        confidence_level=float(params["confidence_level"]), min_count=min_count,
    )


def _forest(rates: pd.DataFrame, level: str, params: Mapping[str, Any], min_count: int,
            caption: str) -> Any:
    from eqlib.plots import forest_chart  # noqa: PLC0415

    part = rates[(rates["level"] == level) & (rates["measure"] == "relative_likelihood")
                 & (rates["group"] != rates["reference_group"])
                 & ~rates["group"].isin(codes.NOT_DECLARED)].copy()
    part["group"] = part["group"] + " (vs " + part["reference_group"] + ")"
    return forest_chart(
        part[["group", "value", "ci_low", "ci_high", "suppressed"]], caption=caption,
        band=tuple(float(x) for x in params["adverse_impact_band"]),
        reference_group="each characteristic's reference group",
        confidence_level=float(params["confidence_level"]), min_count=min_count,
    )


def _stratified_sentences(strat: pd.DataFrame, params: Mapping[str, Any]) -> list[str]:
    """A sentence for every group whose within-grade ratio changes the reading of its overall
    ratio (:func:`eqlib.outcomes.adjustment_check` on the published values): significant in
    opposite directions, significance removed or gained, or the log ratio moved by more than
    params ``stratified_check.log_ratio_change``. Ratios whose intervals include 1 have no
    direction, so 1.01 against 0.99 is never called a reversal."""
    conf = float(params["confidence_level"])
    threshold = float(params["stratified_check"]["log_ratio_change"])
    out = []
    for (_ch, g), part in strat.groupby(["characteristic", "group"], sort=False):
        for lv in dict.fromkeys(part["level"]):
            if not lv.endswith(": " + CRUDE):
                continue
            transition = lv[: -len(": " + CRUDE)]
            crude = find(part, level=lv, measure="relative_likelihood")
            within = find(part, level=f"{transition}: {WITHIN}", measure="relative_likelihood")
            if _nothing_to_show(crude) or _nothing_to_show(within) or pd.isna(crude["value"]) or pd.isna(
                    within["value"]):
                continue
            flag = outcomes.adjustment_check(
                float(crude["value"]), float(crude["ci_low"]), float(crude["ci_high"]),
                float(within["value"]), float(within["ci_low"]), float(within["ci_high"]),
                log_ratio_change=threshold)
            if flag is None:
                continue
            figures = (f"the overall relative likelihood is {_ratio(crude)}"
                       f"{_interval(crude, conf)} and the figure within vacancy grades "
                       f"{_ratio(within)}{_interval(within, conf)}")
            reading = {
                "reversed": "they are significant in opposite directions (Simpson's paradox): "
                            "the overall figure reflects which grades people applied to, so the "
                            "within-grade figure is the better guide",
                "significance_removed": "within grades the difference is not statistically "
                                        "distinguishable from none, so the overall difference "
                                        "mostly reflects which grades people applied to",
                "significance_gained": "the overall figure hides a difference within grades, "
                                       "which is the better guide",
                "moved": "allowing for grade changes the ratio materially, so the within-grade "
                         "figure is the better guide",
            }[flag]
            out.append(f"For {g} applicants ({transition}), {figures}: {reading}.")
    return out


def programme_not_evaluated(params: Mapping[str, Any]) -> str:
    """The sentence that says why a year has no evaluation of the positive action programme.

    A programme is evaluated from the snapshot that first records its participants, one and two
    years on (methodology, positive action); a year whose earlier snapshots record none (the programme had not
    started, or started after the last snapshot) has nothing to evaluate yet.

    Examples
    --------
    >>> programme_not_evaluated({"programme": {"name": "Aspire", "start": "2024-09-01"},
    ...     "snapshot_date": "2023-03-31", "publication_date": "2024-03-01"})[:85]
    "Aspire starts on 1 September 2024, after this report's snapshot date (31 March 2023):"
    """
    prog = params["programme"]
    start = pd.Timestamp(prog["start"])
    when = start.strftime("%-d %B %Y")
    snapshot = pd.Timestamp(params["snapshot_date"])
    verb = "starts" if start > pd.Timestamp(params["publication_date"]) else "started"
    if start > snapshot:
        return (f"{prog['name']} {verb} on {when}, after this report's snapshot date "
                f"({snapshot.strftime('%-d %B %Y')}): there is nothing to evaluate yet. Its "
                "participants will be compared with eligible staff who did not take part one and "
                "two years after the first snapshot that records them.")
    return (f"{prog['name']} {verb} on {when}. Its participants are compared with eligible staff "
            "who did not take part one and two years after the first snapshot that records them; "
            "no earlier snapshot in this report records any, so there is nothing to evaluate yet.")


def _programme_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any],
                      min_count: int) -> list[Any]:
    conf = float(params["confidence_level"])
    alpha = 1.0 - conf
    prog = params["programme"]
    blocks: list[Any] = []
    t = tables.get(f"{TABLE_PREFIX}programme")
    if t is not None and len(t):
        blocks.append(paragraph(
            f"{prog['name']} is a positive action development programme (Equality Act 2010 "
            f"s.158) that started on {pd.Timestamp(prog['start']).strftime('%-d %B %Y')}, open "
            f"to staff in grades {', '.join(prog['eligible_grades'])}. We compared participants "
            "with eligible staff who did not take part, from the snapshot that records "
            "participation to this year's snapshot. This is an observational comparison: "
            "people chose to take part, so the figures show an association, not a proven "
            "effect."))
        for lv in dict.fromkeys(t["level"]):
            outcome_text = ("moved up at least one grade" if lv.startswith("grade_rise")
                            else "were still employed")
            months = lv.rsplit("_", 1)[-1].replace("m", " months")
            n_p = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="trials")
            n_e = find(t, group=outcomes.NON_PARTICIPANTS, level=lv, measure="trials")
            r_p = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="rate")
            r_e = find(t, group=outcomes.NON_PARTICIPANTS, level=lv, measure="rate")
            rl = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="relative_likelihood")
            p = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="fisher_p")
            orr = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="odds_ratio")
            sizes = (
                f"{_count(None if n_p is None else n_p['value'], suppressed=_nothing_to_show(n_p), min_count=min_count)} "
                f"participants and "
                f"{_count(None if n_e is None else n_e['value'], suppressed=_nothing_to_show(n_e), min_count=min_count)} "
                "eligible non-participants")
            text = (f"Within {months}, {_rate(r_p)} of participants {outcome_text}, against "
                    f"{_rate(r_e)} of eligible non-participants ({sizes}): a relative "
                    f"likelihood of {_ratio(rl)}{_interval(rl, conf)} (as everywhere in this "
                    "report, above 1 would mean participants fared worse; below 1 that they "
                    f"did better).{_p_text(p, alpha)}")
            if orr is not None:
                text += _model_sentence(t, lv, orr, params)
            blocks.append(paragraph(text))
        blocks.append(_evaluation_table(t, caption=f"{prog['name']} participants and eligible "
                                        "non-participants", min_count=min_count))
        chart = _programme_chart(t, params, min_count)
        if chart is not None:
            blocks.append(chart)
    else:
        blocks.append(paragraph(
            f"{prog['name']} is a positive action development programme (Equality Act 2010 "
            f"s.158) open to staff in grades {', '.join(prog['eligible_grades'])}. "
            + programme_not_evaluated(params)))
    did = tables.get(f"{TABLE_PREFIX}programme_did")
    if did is not None and len(did):
        for ch in dict.fromkeys(did["characteristic"]):
            part = did[did["characteristic"] == ch]
            orr = find(part, level="change", measure="odds_ratio")
            if orr is None:
                continue
            blocks.append(in_appendix(paragraph(did_sentence(part, params))))
    gi = tables.get(f"{TABLE_PREFIX}guaranteed_interview")
    if gi is not None and len(gi):
        parts = []
        for lv in dict.fromkeys(gi["level"]):
            s = find(gi, group=outcomes.SCHEME_APPLICANTS, level=lv, measure="rate")
            o = find(gi, group=outcomes.OTHER_APPLICANTS, level=lv, measure="rate")
            parts.append(f"{lv.capitalize()}: {_rate(s)} for scheme applicants and {_rate(o)} for other "
                         "disabled applicants")
        n_s = find(gi, group=outcomes.SCHEME_APPLICANTS, level=gi["level"].iloc[0],
                    measure="trials")
        n_o = find(gi, group=outcomes.OTHER_APPLICANTS, level=gi["level"].iloc[0],
                    measure="trials")
        blocks.append(in_appendix(paragraph(
            "Guaranteed interview scheme (Equality Act 2010 s.159, Disability Confident): "
            "disabled applicants who met the minimum criteria and used the scheme, against "
            "other disabled applicants ("
            f"{_count(None if n_s is None else n_s['value'], suppressed=_nothing_to_show(n_s), min_count=min_count)}"
            " and "
            f"{_count(None if n_o is None else n_o['value'], suppressed=_nothing_to_show(n_o), min_count=min_count)}"
            f" applicants). {'; '.join(parts)}. This is observational: applicants chose "
            "whether to use the scheme.")))
        blocks.append(_evaluation_table(gi, caption="Guaranteed interview scheme: disabled "
                                        "applicants", min_count=min_count))
    return blocks


def did_sentence(part: pd.DataFrame, params: Mapping[str, Any]) -> str:
    """The difference-in-differences paragraph of one characteristic, from its published rows.

    Rates before and after, the change in the gap worded from the signs of the baseline gap and
    of the change (:func:`eqlib.outcomes.did_wording`), the parallel-trends placebo and what the
    design leaves out (internal applicants only; scheme applicants excluded)."""
    conf = float(params["confidence_level"])
    alpha = 1.0 - conf
    orr = find(part, level="change", measure="odds_ratio")
    g, ref = orr["group"], orr["reference_group"]
    before = find(part, group=g, level="before", measure="rate")
    after = find(part, group=g, level="after", measure="rate")
    rb = find(part, group=ref, level="before", measure="rate")
    ra = find(part, group=ref, level="after", measure="rate")
    text = (
        "Before and after the programme started (difference in differences over the years "
        "available; internal applicants only, because the programme develops staff, and "
        "leaving out applications under the guaranteed interview scheme, which runs at the same "
        f"time and is reported below): {_rate(before)} of {g} applicants were appointed before "
        f"and {_rate(after)} after, against {_rate(rb)} and {_rate(ra)} of {ref} applicants.")
    if _nothing_to_show(orr):
        text += (" The change in the gap is withheld to protect confidentiality [c] (it rests on "
                 "too few people).")
    elif pd.isna(orr["value"]) or _nothing_to_show(before) or _nothing_to_show(rb):
        reason = str(orr.get("suppression_reason") or "")
        text += (" The change in the gap cannot be estimated"
                 + (f" ({reason.removeprefix('not applicable: ')})" if reason else "") + ".")
    else:
        wording = outcomes.did_wording(
            float(before["value"]) - float(rb["value"]), float(orr["value"]),
            float(orr["ci_low"]), float(orr["ci_high"]), target=g, reference=ref)
        text += (f" The change, as an odds ratio, is {_ratio(orr)}{_interval(orr, conf)} (above "
                 f"1: {g} applicants' odds rose relative to {ref} applicants'): {wording}.")
        pv = find(part, level="change", measure="p_value")
        text += _p_text(pv, alpha).replace("difference", "change")
    placebo = find(part, level="placebo", measure="odds_ratio")
    if placebo is not None and not _nothing_to_show(placebo) and pd.notna(placebo["value"]):
        lo, hi = float(placebo["ci_low"]), float(placebo["ci_high"])
        verdict = ("no sign that the gap was already changing before the programme"
                   if lo <= 1 <= hi else
                   "the gap was already changing before the programme, so the parallel-trends "
                   "assumption fails and the estimate above should not be read as the "
                   "programme's effect")
        text += (f" Parallel-trends check (the same model on the years before the programme, "
                 f"with a pretend start a year earlier): odds ratio {_ratio(placebo)}"
                 f"{_interval(placebo, conf)}, {verdict}.")
    elif placebo is not None and _nothing_to_show(placebo):
        text += (" The parallel-trends check on the years before the programme is withheld to "
                 "protect confidentiality [c], so the assumption cannot be shown to hold.")
    elif placebo is not None:
        text += (" The parallel-trends check on the years before the programme could not be "
                 "estimated (too few appointments in those years), so the assumption is "
                 "untested.")
    return text + (" The design assumes both groups would otherwise have moved in parallel; "
                   "it is observational.")


def _model_sentence(t: pd.DataFrame, lv: str, orr: pd.Series, params: Mapping[str, Any]) -> str:
    """The programme model's odds ratio, naming the controls the events-per-parameter rule kept
    (and saying so when it dropped some)."""
    conf = float(params["confidence_level"])
    rule = float(params["programme"]["min_events_per_parameter"])
    k = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="model_controls")
    epp = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="events_per_parameter")
    n_controls = len(PROGRAMME_CONTROLS) if k is None or _nothing_to_show(k) else int(k["value"])
    controls = model_controls_text(n_controls)
    if n_controls == len(PROGRAMME_CONTROLS):
        return (f" Allowing for {controls}, the odds ratio of participation is "
                f"{_ratio(orr)}{_interval(orr, conf)}.")
    why = (f"the model has too few people with (or without) the outcome to carry "
           f"{model_controls_text(len(PROGRAMME_CONTROLS))} (fewer than {fmt_number(rule, 0)} "
           "per estimated parameter)")
    if n_controls:
        return (f" Because {why}, it allows for {controls} only: the odds ratio of "
                f"participation is {_ratio(orr)}{_interval(orr, conf)}.")
    weak = ("" if epp is None or _nothing_to_show(epp) or pd.isna(epp["value"]) or float(epp["value"]) >= rule
            else " Even this crude figure rests on few events, so its interval is wide.")
    return (f" Because {why}, only the crude odds ratio is given, with no allowance for grade or "
            f"other differences: {_ratio(orr)}{_interval(orr, conf)}.{weak}")


def nhs_sentence(nhs: pd.DataFrame, params: Mapping[str, Any]) -> str:
    """WRES indicator 2 and WDES metric 2 in words, from the published ``outcomes_nhs_standards``
    rows (withheld figures print ``[c]``)."""
    conf = float(params["confidence_level"])
    parts = ["For comparison with the NHS Workforce Race and Disability Equality Standards, "
             "which group people differently from the rest of this report (WRES counts every "
             "White group as White and everyone else who answered as BME):"]
    for level, group, who in ((WRES_2, outcomes.WRES_BME, ("White", "BME")),
                              (WDES_2, "Disabled", ("non-disabled", "Disabled"))):
        rl = find(nhs, level=level, group=group, measure="relative_likelihood")
        if rl is None:
            continue
        name = level.split(":")[0]
        parts.append(f"{name}, the relative likelihood of {who[0]} applicants being appointed "
                     f"from shortlisting compared with {who[1]} applicants, is {_ratio(rl)}"
                     f"{_interval(rl, conf)}.")
    parts.append("Above 1, as in the NHS standards and everywhere in this report, means the "
                 "second group fared worse.")
    return " ".join(parts)


def _evaluation_table(t: pd.DataFrame, *, caption: str, min_count: int) -> Block:
    rows, sup = [], []
    for lv in dict.fromkeys(t["level"]):
        for g in dict.fromkeys(t.loc[t["level"] == lv, "group"]):
            cells = {m: find(t, group=g, level=lv, measure=m)
                     for m in ("trials", "successes", "rate", "relative_likelihood")}
            rl = cells["relative_likelihood"]
            rows.append({
                "Outcome": lv.replace("_", " "), "Group": g,
                "People": None if cells["trials"] is None else cells["trials"]["value"],
                "With the outcome": (None if cells["successes"] is None
                                     else cells["successes"]["value"]),
                "Rate": None if cells["rate"] is None else cells["rate"]["value"] * 100,
                "Relative likelihood": None if rl is None else rl["value"],
                "Interval": "" if _nothing_to_show(rl) or pd.isna(rl["ci_low"]) else (
                    f"{fmt_number(rl['ci_low'], 2)} to {fmt_number(rl['ci_high'], 2)}"),
            })
            sup.append({"People": _nothing_to_show(cells["trials"]),
                        "With the outcome": _nothing_to_show(cells["successes"]),
                        "Rate": _nothing_to_show(cells["rate"]), "Relative likelihood": _nothing_to_show(rl)})
    df = pd.DataFrame(rows)
    return table_html(df, caption=caption, suppressed=pd.DataFrame(sup, index=df.index),
                      row_header="Group",
                      formats={"People": "int", "With the outcome": "int", "Rate": "pct",
                               "Relative likelihood": "ratio", "Interval": "text",
                               "Outcome": "text"},
                      min_count=min_count)


def programme_outcome_words(level: str) -> str:
    """A programme outcome code in words: ``"grade_rise_12m"`` -> "Moved up a grade within 12
    months", ``"retention_24m"`` -> "Still employed after 24 months".

    Examples
    --------
    >>> programme_outcome_words("retention_24m")
    'Still employed after 24 months'
    """
    kind, _, months = str(level).rpartition("_")
    period = months.removesuffix("m")
    if kind == "grade_rise":
        return f"Moved up a grade within {period} months"
    if kind == "retention":
        return f"Still employed after {period} months"
    return str(level).replace("_", " ")


def _programme_chart(t: pd.DataFrame, params: Mapping[str, Any], min_count: int) -> Any:
    from eqlib.plots import forest_chart  # noqa: PLC0415

    part = t[(t["group"] == outcomes.PARTICIPANTS)
             & (t["measure"] == "relative_likelihood")].copy()
    if not len(part):
        return None
    part["group"] = part["level"].map(programme_outcome_words)
    return forest_chart(
        part[["group", "value", "ci_low", "ci_high", "suppressed"]],
        caption=f"{params['programme']['name']}: participants' outcomes relative to eligible "
                "non-participants (below 1: participants did better)",
        band=tuple(float(x) for x in params["adverse_impact_band"]),
        reference_group="eligible non-participants",
        confidence_level=float(params["confidence_level"]), min_count=min_count,
    )


#: Characteristics shown in the publication's lifecycle tables (the WRES-style comparisons); the
#: published CSV tables hold every characteristic.
PUBLICATION_LIFECYCLE_CHARACTERISTICS: tuple[str, ...] = ("sex", "ethnicity_binary", "disability")


def _lifecycle_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any],
                      min_count: int) -> list[Any]:
    conf = float(params["confidence_level"])
    year = int(params["year"])
    blocks: list[Any] = [paragraph(
        "Each figure counts people, not cases: someone with two cases in a year counts once. "
        "The denominator is everyone employed at some time in the year (staff at the start of "
        "the year plus joiners). The relative likelihood is arranged so that a figure above 1 "
        "always means the group fared worse than the reference group: for promotion and "
        "training it is the reference group's rate divided by the group's; for leaving, "
        "disciplinary, capability and grievance cases it is the group's rate divided by the "
        "reference group's. Disciplinary and capability figures are also shown over two "
        "years, because the yearly numbers are small. The tables show sex, ethnicity and "
        "disability; the published tables give every characteristic.")]
    levels_all = {lv for outcome in LIFECYCLE_LABELS
                  for lv in tables.get(f"{TABLE_PREFIX}lifecycle_{outcome}",
                                       pd.DataFrame({"level": []}))["level"]}
    first_year = [] if not levels_all or f"{year} (year-end headcount)" not in levels_all else [
        f"These records hold no snapshot before {year}, so this year the denominator is the staff "
        "at the end of the year (the tables say \"year-end headcount\")."]
    if levels_all and not any(str(lv).startswith(f"{year - 1}-{year} ") for lv in levels_all):
        first_year.append("The two-year figures need the previous year's records as well, so there "
                          "are none this year.")
    if first_year:
        blocks.append(paragraph(*first_year))
    if not levels_all:
        blocks.append(paragraph(NOTHING_TO_REPORT_LIFECYCLE))
    for outcome, label in LIFECYCLE_LABELS.items():
        t = tables.get(f"{TABLE_PREFIX}lifecycle_{outcome}")
        if t is None or not len(t):
            continue
        levels = [lv for lv in dict.fromkeys(t["level"])
                  if lv == str(year) or lv.startswith(f"{year} (")
                  or lv.startswith(f"{year - 1}-{year} ")]
        for lv in levels:
            rows, sup = [], []
            for ch in PUBLICATION_LIFECYCLE_CHARACTERISTICS:
                part = t[(t["characteristic"] == ch) & (t["level"] == lv)]
                for g in dict.fromkeys(part["group"]):
                    c = {m: find(part, group=g, measure=m)
                         for m in ("trials", "successes", "rate", "relative_likelihood")}
                    rl = c["relative_likelihood"]
                    rows.append({
                        "Group": f"{characteristics.label(ch)}: {g}",
                        "People": c["trials"]["value"] if c["trials"] is not None else None,
                        "With the outcome": (c["successes"]["value"]
                                             if c["successes"] is not None else None),
                        "Rate": c["rate"]["value"] * 100 if c["rate"] is not None else None,
                        "Relative likelihood": rl["value"] if rl is not None else None,
                        "Interval": "" if _nothing_to_show(rl) or pd.isna(rl["ci_low"]) else (
                            f"{fmt_number(rl['ci_low'], 2)} to {fmt_number(rl['ci_high'], 2)}"),
                    })
                    sup.append({k: _nothing_to_show(c[m]) for k, m in (
                        ("People", "trials"), ("With the outcome", "successes"),
                        ("Rate", "rate"), ("Relative likelihood", "relative_likelihood"))})
            df = pd.DataFrame(rows)
            period = lv.replace(" (two years)", ", two years combined")
            blocks.append(table_html(
                df, caption=f"{label}, {period}", suppressed=pd.DataFrame(sup, index=df.index),
                formats={"People": "int", "With the outcome": "int", "Rate": "pct",
                         "Relative likelihood": "ratio", "Interval": "text"},
                min_count=min_count))
        sentence = _lifecycle_sentence(t, outcome, label, str(year), conf)
        if sentence:
            blocks.append(in_appendix(paragraph(sentence)))
    summary = _lifecycle_summary(tables, params)
    if summary:
        blocks.insert(1, paragraph(*summary))
    return blocks


def _lifecycle_summary(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]
                       ) -> list[str]:
    """The lifecycle in a few sentences for the main report: the comparisons (ethnic minority
    against White British staff, disabled against non-disabled staff) whose difference is
    statistically significant, named with the direction; then how many others show no
    difference we can tell apart from chance, and which are withheld. The figures are in the
    tables of Appendix A."""
    alpha = 1.0 - float(params["confidence_level"])
    level = str(int(params["year"]))
    significant, unclear, withheld = [], 0, []
    for outcome, label in LIFECYCLE_LABELS.items():
        t = tables.get(f"{TABLE_PREFIX}lifecycle_{outcome}")
        if t is None or not len(t):
            continue
        for ch, g, who in (("ethnicity_binary", "Ethnic minority", "ethnic minority staff"),
                           ("disability", "Disabled", "disabled staff")):
            rl = find(t, characteristic=ch, group=g, level=level, measure="relative_likelihood")
            if rl is None:
                continue
            p = find(t, characteristic=ch, group=g, level=level, measure="fisher_p_holm")
            if _nothing_to_show(rl) or pd.isna(rl["value"]):
                withheld.append(f"{label.lower()} ({who})")
            elif not _nothing_to_show(p) and pd.notna(p["value"]) and float(p["value"]) < alpha:
                worse = float(rl["value"]) > 1
                significant.append(f"{label.lower()}: {who} fared {'worse' if worse else 'better'}"
                                   f" (relative likelihood {_ratio(rl)})")
            else:
                unclear += 1
    out = []
    if significant:
        out.append("Differences larger than chance alone would explain: "
                   + "; ".join(significant) + ".")
    if unclear:
        out.append(f"In {unclear} other comparison{'s' if unclear != 1 else ''} of ethnic "
                   "minority and disabled staff with their reference groups we cannot tell the "
                   "difference apart from none.")
    if withheld:
        out.append(f"Withheld to protect confidentiality {CONFIDENTIAL}: " + ", ".join(withheld)
                   + ".")
    return out


def _lifecycle_sentence(t: pd.DataFrame, outcome: str, label: str, level: str,
                        conf: float) -> str:
    sentences = []
    for ch, g in (("ethnicity_binary", "Ethnic minority"), ("disability", "Disabled")):
        rl = find(t, characteristic=ch, group=g, level=level, measure="relative_likelihood")
        if rl is None:
            continue
        p = find(t, characteristic=ch, group=g, level=level, measure="fisher_p_holm")
        sentences.append(
            f"{label}: the relative likelihood for {g.lower()} staff against "
            f"{str(rl['reference_group']).replace('Not disabled', 'non-disabled')} staff is "
            f"{_ratio(rl)}{_interval(rl, conf)}.{_rl_note(rl, p, 1 - conf)}")
    return " ".join(sentences)


def section(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]
            ) -> list[tuple[str, list[Any]]]:
    """Publication sections 7 (recruitment and positive action) and 8 (employment lifecycle).

    Built only from the suppressed tables passed in (never from data): every number comes from a
    table value through the ``fmt_*`` helpers; a withheld value prints ``[c]``; a count under
    ``disclosure.min_count`` is never stated in a sentence.

    Parameters
    ----------
    tables
        The published (suppressed) tables of :func:`build_tables`, by name; missing tables leave
        their part out.
    params
        The year's parameters.

    Returns
    -------
    list of (str, list)
        ``[("Recruitment and positive action", blocks), ("Employment lifecycle", blocks)]``: the
        publication notebook writes each heading as a ``##`` markdown cell and displays its
        blocks (:class:`eqlib.publication.Block` and :class:`eqlib.plots.Chart`) in order.
    """
    min_count = int(params["disclosure"]["min_count"])
    rec: list[Any] = []
    rates = tables.get(f"{TABLE_PREFIX}funnel_rates")
    counts = tables.get(f"{TABLE_PREFIX}funnel_counts")
    stages = list(params["funnel_stages"])
    if counts is not None and len(counts):
        tot = find(counts, characteristic=counts["characteristic"].iloc[0], group=tt.TOTAL,
                    level=stages[0], measure="applicants")
        n_text = "" if tot is None else (
            f" There were {_count(tot['value'], suppressed=_nothing_to_show(tot), min_count=min_count)} "
            "applications in the year.")
        rec.append(paragraph(
            f"Applicants pass through the stages {', '.join(stages)}.{n_text} For each stage we "
            "compare each group's rate with the reference group's (relative likelihood, NHS "
            "Workforce Race Equality Standard convention, used for every relative likelihood in "
            "this report: above 1 means the group fared worse, the reference group being more "
            "likely to progress) and with the highest group's rate (impact ratio; below "
            "0.80 fails the four-fifths rule). A difference is flagged as a significant "
            "disparity only when the relative likelihood is outside "
            f"{fmt_number(params['adverse_impact_band'][0], 2)} to "
            f"{fmt_number(params['adverse_impact_band'][1], 2)} and a statistical test "
            "(Fisher's exact test, allowing for the number of groups compared: Holm's method) "
            "finds it larger than chance alone would explain. The one-person rule marks a "
            "four-fifths flag that one more successful applicant would remove."))
    if rates is not None and len(rates):
        first = _transition_label((stages[0], stages[1]), stages)
        overall = _transition_label((stages[0], stages[-1]), stages)
        if find(rates, characteristic="ethnicity_binary", group="Ethnic minority", level=first,
                 measure="relative_likelihood") is not None:
            rec.append(paragraph(_rl_sentence(
                rates, characteristic="ethnicity_binary", group="Ethnic minority", level=first,
                subject="ethnic minority applicants", reference_subject="White British "
                "applicants", outcome="were shortlisted", likely_to="to be shortlisted",
                params=params)))
        for ch in [c for c in characteristics.used_by("outcomes") if c in set(rates["characteristic"])]:
            rec.append(_funnel_rate_table(rates, ch, min_count=min_count))
        for ch in ("ethnicity_binary", "disability", "sex"):
            if ch in set(rates["characteristic"]):
                rec.append(_funnel_chart(rates, ch, params, min_count))
        for lv, what in ((first, "shortlisting"), (overall, "appointment from application")):
            rec.append(_rl_table(rates, lv, params, min_count=min_count,
                                 caption=f"Relative likelihood and four-fifths rule: {what}"))
        rec.append(_forest(rates, first, params, min_count,
                           caption="Relative likelihood of being shortlisted, by group"))
    if (rates is None or not len(rates)) and (counts is None or not len(counts)):
        rec.append(paragraph(NOTHING_TO_REPORT_RECRUITMENT))
    strat = tables.get(f"{TABLE_PREFIX}funnel_stratified")
    if strat is not None and len(strat):
        disagree = _stratified_sentences(strat, params)
        stratified = paragraph(
            "Vacancies differ by grade, so we also compared groups within each vacancy grade "
            "(Mantel-Haenszel).", *(disagree or [
                "For every group, allowing for grade leaves the reading of the overall figure "
                "unchanged: the same significance and a ratio within a factor of "
                f"{fmt_number(math.exp(float(params['stratified_check']['log_ratio_change'])), 2)}"
                " of it."]))
        # a check that changes the reading stays in the main report; one that confirms it is
        # detail for Appendix A
        rec.append(stratified if disagree else in_appendix(stratified))
    nhs = tables.get(f"{TABLE_PREFIX}nhs_standards")
    if nhs is not None and len(nhs):
        rec.append(in_appendix(paragraph(nhs_sentence(nhs, params))))
    rec.extend(_programme_blocks(tables, params, min_count))
    life = _lifecycle_blocks(tables, params, min_count)
    return [("Recruitment and positive action", rec), ("Employment lifecycle", life)]


def _significance_words(p: pd.Series | None, alpha: float) -> str:
    if _nothing_to_show(p) or pd.isna(p["value"]):
        return ""
    if float(p["value"]) < alpha:
        return "a difference larger than chance alone would explain"
    return "we cannot tell this apart from no difference"


def glance(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[str]:
    """Plain sentences for the "At a glance" page: shortlisting of ethnic minority applicants
    against White British applicants, and the positive action programme's result.

    A rate that disclosure control withheld is never printed beside a figure that would give it
    back: when either rate of a comparison is withheld, the sentence says the comparison is
    withheld instead of printing one rate and ``[c]``.
    """
    out = []
    alpha = 1.0 - float(params["confidence_level"])
    stages = list(params["funnel_stages"])
    rates = tables.get(f"{TABLE_PREFIX}funnel_rates")
    if rates is not None and len(rates):
        level = _transition_label((stages[0], stages[1]), stages)
        group = find(rates, characteristic="ethnicity_binary", group="Ethnic minority",
                      level=level, measure="rate")
        rl = find(rates, characteristic="ethnicity_binary", group="Ethnic minority",
                   level=level, measure="relative_likelihood")
        ref = None if rl is None else find(rates, characteristic="ethnicity_binary",
                                            group=rl["reference_group"], level=level,
                                            measure="rate")
        p = find(rates, characteristic="ethnicity_binary", group="Ethnic minority",
                  level=level, measure="fisher_p_holm")
        if group is not None and ref is not None:
            if _nothing_to_show(group) or _nothing_to_show(ref):
                out.append("Recruitment: the shortlisting rates of ethnic minority and White "
                           f"British applicants are withheld {CONFIDENTIAL} to protect "
                           "confidentiality.")
            else:
                words = _significance_words(p, alpha)
                out.append(f"Recruitment: {_rate(group)} of ethnic minority applicants were "
                           f"shortlisted, against {_rate(ref)} of White British applicants"
                           + (f": {words}." if words else "."))
    t = tables.get(f"{TABLE_PREFIX}programme")
    name = params["programme"]["name"]
    if t is None or not len(t):
        out.append(f"Positive action: the {name} programme has no results to evaluate this year.")
        return out
    lv = next((lv for lv in dict.fromkeys(t["level"]) if str(lv).startswith("grade_rise")), None)
    if lv is None:
        return out
    r_p = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="rate")
    r_e = find(t, group=outcomes.NON_PARTICIPANTS, level=lv, measure="rate")
    p = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="fisher_p")
    if _nothing_to_show(r_p) or _nothing_to_show(r_e):
        out.append(f"Positive action: too few {name} participants or eligible staff moved up a "
                   f"grade to publish the comparison {CONFIDENTIAL}.")
    else:
        words = _significance_words(p, alpha)
        out.append(f"Positive action: {_rate(r_p)} of {name} participants moved up a grade "
                   f"within a year, against {_rate(r_e)} of eligible staff who did not take part"
                   + (f": {words}" if words else "") + " (an observational comparison).")
    return out


def headline(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[str]:
    """Plain-English summary sentences: shortlisting of ethnic minority applicants, programme.

    Every number comes from a table value via the ``fmt_*`` helpers; withheld values print
    ``[c]``; a count under ``disclosure.min_count`` is never stated.

    Returns
    -------
    list of str
        Zero to two sentences (a table that is missing gives no sentence).
    """
    out = []
    conf = float(params["confidence_level"])
    stages = list(params["funnel_stages"])
    rates = tables.get(f"{TABLE_PREFIX}funnel_rates")
    if rates is not None and len(rates):
        first = _transition_label((stages[0], stages[1]), stages)
        if find(rates, characteristic="ethnicity_binary", group="Ethnic minority", level=first,
                 measure="relative_likelihood") is not None:
            out.append("Recruitment: " + _rl_sentence(
                rates, characteristic="ethnicity_binary", group="Ethnic minority", level=first,
                subject="ethnic minority applicants",
                reference_subject="White British applicants", outcome="were shortlisted",
                likely_to="to be shortlisted", params=params))
    t = tables.get(f"{TABLE_PREFIX}programme")
    if t is not None and len(t):
        lv = next((lv for lv in dict.fromkeys(t["level"]) if lv.startswith("grade_rise")), None)
        if lv is not None:
            r_p = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="rate")
            r_e = find(t, group=outcomes.NON_PARTICIPANTS, level=lv, measure="rate")
            rl = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="relative_likelihood")
            p = find(t, group=outcomes.PARTICIPANTS, level=lv, measure="fisher_p")
            out.append(
                f"Positive action: {_rate(r_p)} of {params['programme']['name']} participants "
                f"moved up a grade within a year, against {_rate(r_e)} of eligible staff who did "
                f"not take part (relative likelihood {_ratio(rl)}"
                f"{_interval(rl, conf).replace(' (', ', ')[:-1]}; as everywhere in this report, "
                "below one means participants did better)."
                f"{_p_text(p, 1 - conf)} This is an observational comparison.")
    return out
