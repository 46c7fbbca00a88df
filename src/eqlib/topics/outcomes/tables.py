"""The outcomes analysis as tidy publication tables (:func:`build_tables`), before disclosure
control.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from eqlib import codes, outcomes
from eqlib import tables as tt
from eqlib.topics.outcomes.analysis import (
    CRUDE,
    DID_POPULATION,
    GUARANTEED_INTERVIEW_GROUP,
    NA_NOT_DECLARED,
    NA_REFERENCE,
    NA_UNDEFINED,
    TABLE_PREFIX,
    WITHIN,
    OutcomesAnalysis,
    _with_rate_interval,
    reference_group,
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


def build_tables(results: OutcomesAnalysis) -> dict[str, pd.DataFrame]:
    """The topic's tidy publication tables (unsuppressed), in a fixed order.

    Parameters
    ----------
    results
        The analysis the notebook showed (:func:`eqlib.topics.outcomes.analysis.run`): the
        tables are built from the same object, so what the analyst saw is what is published.

    Returns
    -------
    dict of str to pandas.DataFrame
        Table name -> tidy table (names and measures in the module docstring); every table passes
        :func:`eqlib.tables.validate_table`.
    """
    params = results.params
    out = {}
    out.update(_funnel_tables(results))
    out.update(_lifecycle_tables(results))
    out.update(_programme_tables(results, params))
    out.update(_nhs_tables(results, params))
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

