"""The recruitment part of publication section 7, from the tables *after* disclosure control:
rates, relative likelihoods and their flags in words, tables and charts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from eqlib import characteristics, codes, outcomes
from eqlib.publication import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    Block,
    find,
    fmt_int,
    fmt_number,
    fmt_pct,
    is_withheld,
    table_html,
)
from eqlib.topics.outcomes.analysis import (
    CRUDE,
    WITHIN,
)


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

