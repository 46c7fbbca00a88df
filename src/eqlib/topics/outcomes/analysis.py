"""The positive action and employment outcomes analysis of ``04_positive_action.ipynb``: the
recruitment funnel, the employment lifecycle and the programme evaluations, run with the
year's parameters. See :mod:`eqlib.topics.outcomes` for the tables and their terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from eqlib import characteristics, codes, outcomes
from eqlib import tables as tt
from eqlib.errors import DataError, ParamsError
from eqlib.intervals import wilson_interval

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
#: an empty table instead of failing on a missing column (tests/unit/test_topic_outcomes.py).
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
    params
        The parameters the analyses ran with (:func:`build_tables` reads them too).
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

    params: Mapping[str, Any]
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
        events = data[y]["events"]
        if "year" in events.columns:  # as lifecycle_outcomes reads them
            events = events[events["year"] == y]
        # who was employed in the year, and their outcomes: the same for every characteristic
        population = outcomes.lifecycle_population(events, start, data[y]["workforce"],
                                                   outcomes=keys)
        for ch in chars:
            ref = reference_group(ch, params)
            people = outcomes.lifecycle_people(events, start, data[y]["workforce"], ch,
                                               outcomes=keys, population=population)
            if not (people["group"] == ref).any():  # a small organisation: no one to compare with
                if notes is not None:
                    notes.append(f"The {y} lifecycle records hold no one in the reference group "
                                 f"of {ch} ({ref}): not compared.")
                continue
            out = outcomes.lifecycle_outcomes(
                events, start, data[y]["workforce"], ch,
                reference=ref, year=y, outcomes=keys, people=people, **opts,
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


#: The processed tables :func:`run` reads for every year (:func:`eqlib.io.read_years`).
INPUTS: tuple[str, ...] = ("workforce", "applications", "events")


def run(
    params: Mapping[str, Any], data: Mapping[int, Mapping[str, pd.DataFrame]]
) -> OutcomesAnalysis:
    """Every analysis of methodology §4 on the processed data of the years available.

    Funnel, stage counts, the within-grade check and the guaranteed-interview scheme use the
    reporting year's applications; lifecycle outcomes every year with events (denominators per
    methodology §4.2) and two-year rolling disciplinary and capability figures; the programme its
    participants' snapshot(s) against the reporting year's; the difference in differences the
    applications of every year (overall applied → appointed rate).

    Parameters
    ----------
    params
        The year's parameters (``funnel_stages``, ``reference_groups``, ``adverse_impact_band``,
        ``confidence_level``, ``disclosure.min_group_stat``, ``programme``, ``grades``).
    data
        ``{year: {"workforce", "applications", "events"}}`` processed tables (:data:`INPUTS`,
        :func:`eqlib.io.read_years`); must include ``params["year"]``.

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
        params=params,
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

