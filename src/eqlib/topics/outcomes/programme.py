"""The positive action programme evaluation of publication section 8, from the tables *after*
disclosure control.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from eqlib import outcomes
from eqlib.publication import (
    Block,
    find,
    fmt_number,
    in_appendix,
    paragraph,
    table_html,
)
from eqlib.topics.outcomes.analysis import (
    PROGRAMME_CONTROLS,
    TABLE_PREFIX,
    WDES_2,
    WRES_2,
    model_controls_text,
)
from eqlib.topics.outcomes.recruitment import (
    _count,
    _interval,
    _nothing_to_show,
    _p_text,
    _rate,
    _ratio,
)


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

