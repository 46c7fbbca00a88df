"""Publication sections 7 and 8 (recruitment, employment lifecycle, positive action), the headline
and front-page sentences, from the tables *after* disclosure control.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from eqlib import characteristics, outcomes
from eqlib import tables as tt
from eqlib.publication import (
    CONFIDENTIAL,
    find,
    fmt_number,
    in_appendix,
    paragraph,
    table_html,
)
from eqlib.topics.outcomes.analysis import (
    LIFECYCLE_LABELS,
    NOTHING_TO_REPORT_LIFECYCLE,
    NOTHING_TO_REPORT_RECRUITMENT,
    TABLE_PREFIX,
    _transition_label,
)
from eqlib.topics.outcomes.programme import (
    _programme_blocks,
    nhs_sentence,
)
from eqlib.topics.outcomes.recruitment import (
    _count,
    _forest,
    _funnel_chart,
    _funnel_rate_table,
    _interval,
    _nothing_to_show,
    _p_text,
    _rate,
    _ratio,
    _rl_note,
    _rl_sentence,
    _rl_table,
    _stratified_sentences,
)

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
        # the ethnicity funnel tells the story of the section; disability and sex are detail
        # for Appendix A (the main report keeps to 20 pages)
        for ch in ("ethnicity_binary", "disability", "sex"):
            if ch in set(rates["characteristic"]):
                chart = _funnel_chart(rates, ch, params, min_count)
                rec.append(chart if ch == "ethnicity_binary" else in_appendix(chart))
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

