"""Publication sections 4 (gender pay gap) and 5 (other pay gaps), the headline sentences and the
front page's figures, built only from the tables *after* disclosure control.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from eqlib import characteristics, codes, national_gpg_sentences, plots
from eqlib import national_gpg as bm
from eqlib.intervals import interval_p_value
from eqlib.outcomes import holm_adjusted
from eqlib.publication import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    Block,
    find,
    fmt_pct,
    gap_sentence,
    in_appendix,
    in_main_report,
    interval_text,
    paragraph,
    table_html,
    tidy_table_html,
)
from eqlib.topics.paygap.analysis import (
    _QUARTER_ORDER,
    _STAT_LABEL,
    ALL_STAFF,
    BENCHMARK_STATISTICS,
    binary_characteristics,
)

# --------------------------------------------------------------------------------------------------
# Publication sections (built only from the tables after disclosure control)
# --------------------------------------------------------------------------------------------------
_GPG_LABELS: dict[str, str] = {
    "mean_gap_pct": "Mean hourly pay gap", "median_gap_pct": "Median hourly pay gap",
    "mean_bonus_gap_pct": "Mean bonus pay gap", "median_bonus_gap_pct": "Median bonus pay gap",
}
_possessive = characteristics.possessive
_plain = characteristics.plain


def _select(table: pd.DataFrame, **criteria: Any) -> pd.DataFrame:
    mask = pd.Series(True, index=table.index)
    for column, wanted in criteria.items():
        mask &= table[column] == wanted
    return table.loc[mask]


def _figures(r: pd.Series | None) -> dict[str, Any]:
    """The sentence inputs of a tidy row (suppression flag included)."""
    if r is None:
        return {"value": np.nan}
    return {"value": r["value"], "ci_low": r["ci_low"], "ci_high": r["ci_high"],
            "suppressed": bool(r["suppressed"])}


def _interval_text(r: pd.Series | None) -> str:
    return interval_text(r, fmt_pct)


def _distinguishable(r: pd.Series | None) -> bool | None:
    if r is None or bool(r["suppressed"]) or pd.isna(r["ci_low"]) or pd.isna(r["ci_high"]):
        return None
    return not (float(r["ci_low"]) <= 0.0 <= float(r["ci_high"]))


def _level_words(params: Mapping[str, Any]) -> str:
    return fmt_pct(float(params["confidence_level"]), 0, unit="fraction")


def _synthetic(params: Mapping[str, Any]) -> bool:
    return "synthetic" in str(params["organisation"]).lower()


def _sentence_with_significance(r: pd.Series | None, *, characteristic: str, group: str,
                                reference: str, params: Mapping[str, Any]) -> str:
    text = gap_sentence(_figures(r), group=_possessive(characteristic, group),
                        reference=_possessive(characteristic, reference),
                        measure="mean hourly pay", level=float(params["confidence_level"]))
    if _distinguishable(r):
        text += " The difference is statistically distinguishable from zero."
    return text


#: The comparisons a headline may report, fixed before looking at the data (GOV.UK guidance on
#: ethnicity and disability pay gap reporting): (characteristic, group against its reference).
HEADLINE_COMPARISONS: tuple[tuple[str, str], ...] = (
    ("ethnicity_binary", codes.ETHNIC_MINORITY),
    ("disability", "Disabled"),
)


def headline(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[str]:
    """Plain-English headline sentences for the report summary.

    The mean and median gender pay gaps (as submitted) and the mean pay gaps of the comparisons
    fixed in advance (:data:`HEADLINE_COMPARISONS`: ethnic minority against White British,
    disabled against not disabled, as GOV.UK's ethnicity and disability pay gap guidance
    does), each with its interval and whether it is distinguishable from zero. Never the
    largest of several groups: choosing the most extreme of five gaps for the headline makes a
    chance difference look like a finding. Every number comes from ``tables`` (after disclosure
    control) through the ``fmt`` helpers; a withheld figure reads ``[c]``.

    Parameters
    ----------
    tables
        The suppressed tables (``paygap_gpg``, ``paygap_gaps``).
    params
        The year's parameters (``confidence_level``, ``reference_groups``).

    Returns
    -------
    list of str
    """
    gpg, gaps = tables["paygap_gpg"], tables["paygap_gaps"]
    out = []
    for measure, words in (("mean_gap_pct", "mean hourly pay"),
                           ("median_gap_pct", "median hourly pay")):
        out.append(gap_sentence(_figures(find(gpg, group="Female", measure=measure)),
                                group="women's", reference="men's", measure=words))
    for characteristic, group in HEADLINE_COMPARISONS:
        if characteristic not in set(gaps["characteristic"]):
            continue
        r = find(gaps, characteristic=characteristic, group=group, measure="mean_gap_pct")
        if r is None:
            continue
        out.append(_sentence_with_significance(r, characteristic=characteristic, group=group,
                                               reference=str(r["reference_group"]),
                                               params=params))
    return out


def _difference_words(r: pd.Series | None) -> str:
    """``"we cannot tell this apart from no difference"`` or its opposite, from the interval."""
    distinguishable = _distinguishable(r)
    if distinguishable is None:
        return ""
    if distinguishable:
        return "a difference larger than chance alone would explain"
    return "we cannot tell this apart from no difference"


def glance(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[str]:
    """One plain sentence per pre-specified pay comparison, for the "At a glance" page.

    The comparisons are :data:`HEADLINE_COMPARISONS` (ethnic minority against White British
    staff, disabled against non-disabled staff), never the largest of several gaps. The
    uncertainty is said in words from the interval (the interval itself is in the section).
    A withheld gap says so; a comparison the year cannot make is left out.

    Examples
    --------
    >>> row = dict(characteristic="disability", group="Disabled", level="", measure="mean_gap_pct",
    ...            value=3.7, ci_low=-5.1, ci_high=11.7, suppressed=False,
    ...            reference_group="Not disabled")
    >>> glance({"paygap_gaps": pd.DataFrame([row])}, {})
    ["Disabled staff's mean hourly pay is 3.7% lower than non-disabled staff's: we cannot tell this apart from no difference."]
    """
    gaps = tables["paygap_gaps"]
    out = []
    for characteristic, group in HEADLINE_COMPARISONS:
        r = find(gaps, characteristic=characteristic, group=group, measure="mean_gap_pct")
        if r is None:
            continue
        who = _possessive(characteristic, group)
        reference = _possessive(characteristic, str(r["reference_group"]))
        if bool(r["suppressed"]) or pd.isna(r["value"]):
            out.append(f"The mean hourly pay gap between {_plain(characteristic, group)} and "
                       f"{_plain(characteristic, str(r['reference_group']))} is withheld "
                       f"{CONFIDENTIAL} to protect confidentiality.")
            continue
        text = gap_sentence({"value": r["value"]}, group=who, reference=reference,
                            measure="mean hourly pay").rstrip(".")
        words = _difference_words(r)
        out.append(text + (f": {words}." if words else "."))
    return out


def statutory_figures_table(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> Block:
    """The six statutory gender pay gap figures of the year, last year's and the change.

    For the "At a glance" page: the figures as submitted (mean and median hourly pay gap, mean
    and median bonus gap, the share of women and of men receiving a bonus) with the previous
    year's and the change in percentage points where the year has a previous one. The change
    of the bonus shares is the difference of the two published (rounded) figures.
    """
    gpg, trend = tables["paygap_gpg"], tables.get("paygap_trend_gpg")
    min_count = int(params["disclosure"]["min_count"])
    year = int(params["year"])
    earlier = [] if trend is None else sorted(
        int(lv) for lv in set(trend["level"]) if str(lv).isdigit() and int(lv) < year)
    previous = earlier[-1] if earlier else None
    rows = [(m, "Female", label) for m, label in _GPG_LABELS.items()] + [
        ("bonus_percent", "Female", "Women receiving a bonus"),
        ("bonus_percent", "Male", "Men receiving a bonus")]
    columns: dict[str, list[Any]] = {"Figure": []}
    flags: dict[str, list[bool]] = {"Figure": []}
    now_col, before_col, change_col = str(year), str(previous), "Change"
    for col in ([before_col] if previous else []) + [now_col] + ([change_col] if previous else []):
        columns[col], flags[col] = [], []

    def put(col: str, r: pd.Series | None) -> None:
        columns[col].append(np.nan if r is None else r["value"])
        flags[col].append(False if r is None else bool(r["suppressed"]))

    for measure, group, label in rows:
        columns["Figure"].append(label)
        flags["Figure"].append(False)
        now = find(gpg, group=group, measure=measure)
        put(now_col, now)
        if previous is None:
            continue
        before = find(trend, level=str(previous), group=group, measure=measure)
        put(before_col, before)
        change = find(trend, level=f"Change {previous} to {year}", group=group, measure=measure)
        if change is None and now is not None and before is not None:
            change = pd.Series({"value": float(now["value"]) - float(before["value"]),
                                "suppressed": bool(now["suppressed"]) or bool(before["suppressed"])})
        put(change_col, change)
    formats = {c: "pct" for c in columns if c not in ("Figure", change_col)}
    if previous:
        formats[change_col] = "pp"
    notes = ["As submitted to the government, rounded to one decimal place. A positive gap "
             "means women are paid less than men on average"
             + ("; a positive change, that the gap widened (or that more received a bonus)."
                if previous else ".")]
    block = table_html(pd.DataFrame(columns), caption="Gender pay gap: the six statutory figures",
                       formats=formats, suppressed=pd.DataFrame(flags), row_header="Figure",
                       min_count=min_count, notes=notes)
    return in_main_report(block)


def quarter_chart(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any],
                  *, width: float = plots.WIDTH_IN) -> plots.Chart:
    """Women and men in each pay quarter: the statutory quarter figures as a chart."""
    quarters = _select(tables["paygap_gpg"], measure="quarter_share_pct")
    chart_data = quarters.assign(group=quarters["group"].map({"Female": "Women", "Male": "Men"}))
    chart_data = chart_data.sort_values("level", key=lambda s: s.map(_QUARTER_ORDER.index),
                                        kind="stable")
    return plots.quarter_chart(chart_data[["level", "group", "value", "suppressed"]],
                               caption="Women and men in each pay quarter",
                               min_count=int(params["disclosure"]["min_count"]), width=width)


def _gpg_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    gpg = tables["paygap_gpg"]
    min_count = int(params["disclosure"]["min_count"])
    blocks: list[Any] = []
    intro = [
        "The gender pay gap compares the average hourly pay of women and men, as the Equality "
        "Act 2010 (Specific Duties and Public Authorities) Regulations 2017 require. A positive "
        "gap means that women are paid less than men on average; it is not the same as unequal "
        "pay for equal work.",
    ]
    if _synthetic(params):
        intro.append("The figures for this year are computed from synthetic (made-up) data that "
                     "stand in for the authority's own records.")
    blocks.append(paragraph(*intro))
    blocks.append(paragraph(*[
        gap_sentence(_figures(find(gpg, group="Female", measure=m)), group="women's",
                     reference="men's", measure=w)
        for m, w in (("mean_gap_pct", "mean hourly pay"),
                     ("median_gap_pct", "median hourly pay"))]))
    labels, values, flags = [], [], []
    for measure, label in _GPG_LABELS.items():
        r = find(gpg, group="Female", measure=measure)
        labels.append(label)
        values.append(np.nan if r is None else r["value"])
        flags.append(False if r is None else bool(r["suppressed"]))
    for group, label in (("Male", "Men receiving a bonus"), ("Female", "Women receiving a bonus")):
        r = find(gpg, group=group, measure="bonus_percent")
        labels.append(label)
        values.append(np.nan if r is None else r["value"])
        flags.append(False if r is None else bool(r["suppressed"]))
    notes = ["Figures as submitted to the government: rounded to one decimal place. A positive "
             "gap means women's pay is lower than men's."]
    bonus = _select(gpg, measure="mean_bonus_gap_pct")
    if len(bonus) and bonus["value"].isna().all() and not bonus["suppressed"].any():
        notes.append("The bonus pay gaps are not applicable this year: nobody of one sex "
                     "received a bonus.")
    blocks.append(table_html(
        pd.DataFrame({"Figure": labels, "Value": values}), caption="The six statutory gender "
        "pay gap figures", formats={"Value": "pct"},
        suppressed=pd.DataFrame({"Value": flags}), min_count=min_count, notes=notes))
    quarters = _select(gpg, measure="quarter_share_pct")
    wide = quarters.pivot(index="level", columns="group", values="value").reindex(_QUARTER_ORDER)
    sup = quarters.pivot(index="level", columns="group", values="suppressed").reindex(
        _QUARTER_ORDER).astype(bool)
    blocks.append(table_html(
        pd.DataFrame({"Pay quarter": _QUARTER_ORDER, "Women": wide["Female"].to_numpy(),
                      "Men": wide["Male"].to_numpy()}),
        caption="Women and men in each pay quarter (percent)",
        formats={"Women": "pct", "Men": "pct"},
        suppressed=pd.DataFrame({"Women": sup["Female"].to_numpy(),
                                 "Men": sup["Male"].to_numpy()}),
        min_count=min_count,
        notes=["Pay quarters are four equal-sized groups of full-pay relevant employees ranked "
               "by hourly pay, from lower to upper."]))
    return blocks


def _trend_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    trend = tables["paygap_trend_gpg"]
    min_count = int(params["disclosure"]["min_count"])
    years = sorted({lv for lv in trend["level"] if str(lv).isdigit()})
    if len(years) < 2:
        return []
    gaps = trend[trend["level"].isin(years)
                 & trend["measure"].isin(["mean_gap_pct", "median_gap_pct"])]
    data = pd.DataFrame({"year": gaps["level"].astype(int),
                         "group": gaps["measure"].map({"mean_gap_pct": "Mean gap",
                                                       "median_gap_pct": "Median gap"}),
                         "value": gaps["value"], "suppressed": gaps["suppressed"].astype(bool)})
    blocks: list[Any] = [plots.trend_chart(
        data, caption=f"Gender pay gap, {years[0]} to {years[-1]}",
        measure_label="Gender pay gap (%)", min_count=min_count)]
    prev, last = years[-2], years[-1]
    sentences = []
    for measure, words in (("mean_gap_pct", "mean"), ("median_gap_pct", "median")):
        before = find(trend, level=prev, measure=measure, group="Female")
        now = find(trend, level=last, measure=measure, group="Female")
        change = find(trend, level=f"Change {prev} to {last}", measure=measure, group="Female")
        if before is None or now is None or change is None:
            continue
        sup = bool(before["suppressed"]) or bool(now["suppressed"]) or bool(change["suppressed"])
        if sup or pd.isna(change["value"]):
            continue
        size = abs(float(change["value"]))
        direction = ("did not change" if fmt_pct(size) == "0.0%"
                     else ("widened" if change["value"] > 0 else "narrowed"))
        sentences.append(
            f"The {words} gender pay gap was {fmt_pct(now['value'])} in {last}, against "
            f"{fmt_pct(before['value'])} in {prev}: it {direction}"
            + ("." if direction == "did not change"
               else f" by {fmt_pct(size)[:-1]} percentage points."))
    if sentences:
        blocks.append(paragraph(*sentences))
    rows = trend[trend["level"].isin(years)].copy()
    rows["figure"] = [
        _GPG_LABELS.get(m) or (("Women" if g == "Female" else "Men") + " receiving a bonus"
                               if m == "bonus_percent" else
                               ("Women" if g == "Female" else "Men") + " in the "
                               + c.split("(", 1)[1].split(" pay quarter")[0].lower()
                               + " pay quarter")
        for m, g, c in zip(rows["measure"], rows["group"], rows["characteristic"], strict=True)]
    blocks.append(tidy_table_html(
        rows, caption="The statutory gender pay gap figures in each year (percent)",
        rows="figure", columns="level", row_label="Figure",
        formats={y: "pct" for y in years}, min_count=min_count,
        notes=["Each year's figures as submitted, on the snapshot date of 31 March."]))
    return blocks


def _benchmark_row(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any],
                   figure: str, comparator_set: str) -> dict[str, Any] | None:
    """A :func:`eqlib.national_gpg.benchmark` row rebuilt from the tables."""
    bench, years = tables["paygap_benchmark"], tables["paygap_benchmark_years"]
    stats = _select(bench, characteristic=figure, group=comparator_set).set_index("level")
    if stats.empty:
        return None
    year = find(years, characteristic="comparison_year")
    band = find(years, characteristic="size_band")
    gpg_measure = {"DiffMeanHourlyPercent": "mean_gap_pct",
                   "DiffMedianHourlyPercent": "median_gap_pct"}[figure]
    own = find(tables["paygap_gpg"], group="Female", measure=gpg_measure)
    if own is None or bool(own["suppressed"]) or year is None:
        return None
    row: dict[str, Any] = {
        "reporting_year": bm.reporting_year_label(int(params["year"])),
        "comparison_year": year["group"], "comparison_partial": year["level"] == "partial",
        "comparator_set": comparator_set, "figure": figure, "value": float(own["value"]),
        "size_band": "" if band is None else band["group"],
    }
    for level, (column, _) in BENCHMARK_STATISTICS.items():
        row[column] = stats.at[level, "value"] if level in stats.index else np.nan
    counts = ("n", "n_lower", "n_equal", "n_higher")
    if pd.isna(row["n"]) or (row["n"] and any(pd.isna(row[c]) for c in counts)):
        return None
    for c in counts:
        row[c] = 0 if pd.isna(row[c]) else int(row[c])
    return row


def _benchmark_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    if "paygap_benchmark" not in tables:
        return []
    blocks: list[Any] = []
    sentences, rows = [], []
    for comparator_set in ("combined_authorities", "lcr_public_bodies", "public_administration"):
        r = _benchmark_row(tables, params, "DiffMedianHourlyPercent", comparator_set)
        if r is not None:
            rows.append(r)
            sentences.append(national_gpg_sentences.benchmark_statement(r, subject="the authority"))
    if sentences:
        intro = ("Other large employers publish the same figures. This section compares the "
                 "authority's figures with theirs, from the government's national gender pay "
                 "gap data.")
        if _synthetic(params):
            intro += (" This year's figures for the authority are computed from synthetic "
                      "data; the earlier years are the authority's own published figures.")
        summary = national_gpg_sentences.benchmark_summary(rows, subject="the authority")
        blocks.append(paragraph(intro, *([summary] if summary else [])))
        # each comparison in full (counts, percentile ranks): detail, for Appendix A
        blocks.append(in_appendix(paragraph(*sentences)))
    named = _select(tables["paygap_benchmark_named"], level="combined_authorities")
    year = find(tables["paygap_benchmark_years"], characteristic="comparison_year")
    if len(named) and year is not None:
        mean = named[named["characteristic"] == "DiffMeanHourlyPercent"].set_index("group")
        median = named[named["characteristic"] == "DiffMedianHourlyPercent"].set_index("group")
        employers = list(dict.fromkeys(named["group"]))
        gpg = tables["paygap_gpg"]
        own_mean = find(gpg, group="Female", measure="mean_gap_pct")
        own_median = find(gpg, group="Female", measure="median_gap_pct")
        label = f"This authority ({int(params['year'])}"
        label += ", synthetic data)" if _synthetic(params) else ")"
        frame = pd.DataFrame({
            "Employer": [label, *employers],
            "Mean hourly pay gap": [np.nan if own_mean is None else own_mean["value"],
                                    *mean.reindex(employers)["value"].to_numpy()],
            "Median hourly pay gap": [np.nan if own_median is None else own_median["value"],
                                      *median.reindex(employers)["value"].to_numpy()],
        })
        sup = pd.DataFrame({
            "Mean hourly pay gap": [bool(own_mean is not None and own_mean["suppressed"])]
            + [False] * len(employers),
            "Median hourly pay gap": [bool(own_median is not None and own_median["suppressed"])]
            + [False] * len(employers)})
        status = "partial" if year["level"] == "partial" else "complete"
        blocks.append(table_html(
            frame, caption=f"Hourly pay gaps of the combined authorities, {year['group']}",
            formats={"Mean hourly pay gap": "pct", "Median hourly pay gap": "pct"},
            suppressed=sup, min_count=int(params["disclosure"]["min_count"]),
            notes=[f"Other combined authorities' figures: national gender pay gap data, "
                   f"{year['group']} ({status} year). There are few combined authorities, so "
                   "each is shown rather than a range."]))
    dist = _select(tables["paygap_benchmark_distribution"],
                   characteristic="DiffMedianHourlyPercent")
    history = _select(tables["paygap_benchmark_history"],
                      characteristic="DiffMedianHourlyPercent")
    if len(dist):
        own = find(tables["paygap_gpg"], group="Female", measure="median_gap_pct")
        # one series, one source: the authority's figures as published to GOV.UK are a line;
        # this report's figure (computed here, from synthetic data in the shipped example) is a
        # separate point, never joined to them
        org = pd.DataFrame({
            "year": [str(lv).split(" ")[0] for lv in history["level"]],
            "value": history["value"].to_numpy(dtype=float),
            "suppressed": history["suppressed"].astype(bool).to_numpy(),
        })
        current = pd.DataFrame({
            "year": [bm.reporting_year_label(int(params["year"]))],
            "value": [np.nan if own is None else float(own["value"])],
            "suppressed": [bool(own is not None and own["suppressed"])],
        })
        current_label = ("This report (synthetic data)" if _synthetic(params)
                         else "This report")
        chart = plots.benchmark_chart(
            pd.DataFrame({"year": dist["level"], "value": dist["value"]}), org,
            caption="Median hourly gender pay gap: the authority and public administration "
                    "employers",
            organisation_label="The authority as published", current=current,
            current_label=current_label, measure_label="Median hourly pay gap (%)")
        partial = [str(lv).split(" ")[0] for lv in history["level"] if "partial" in str(lv)]
        chart.notes.append(
            "Comparators: employers in general public administration (SIC 84110) and public "
            "bodies with no SIC code, the authority excluded. Source: GOV.UK gender pay gap "
            "service open data." + (f" Partial years (early filers only): {', '.join(partial)}."
                                    if partial else "")
            + " The line is the authority's own figures as published on the GOV.UK service; the "
            "separate point is this report's figure"
            + (", computed from synthetic data, so it is not comparable with the published "
               "line" if _synthetic(params) else ", not yet published") + ".")
        blocks.append(chart)
    return blocks


def _gap_table(gaps: pd.DataFrame, characteristic: str, params: Mapping[str, Any],
               *, label: str, caption: str) -> Block | None:
    """Mean and median gaps with intervals of one characteristic (or intersection)."""
    rows = _select(gaps, characteristic=characteristic)
    groups = list(dict.fromkeys(rows.loc[rows["measure"] == "mean_gap_pct", "group"]))
    if not groups:
        return None
    data: dict[str, list[Any]] = {label: groups, "Staff in group": [], "Mean gap": [],
                                  "Mean gap interval": [], "Median gap": [],
                                  "Median gap interval": []}
    flags: dict[str, list[bool]] = {k: [] for k in data if k != label}
    for g in groups:
        mean = find(rows, group=g, measure="mean_gap_pct")
        median = find(rows, group=g, measure="median_gap_pct")
        withheld = mean is None or bool(mean["suppressed"])
        data["Staff in group"].append(np.nan if mean is None else mean["n"])
        flags["Staff in group"].append(withheld)
        for name, r in (("Mean gap", mean), ("Median gap", median)):
            data[name].append(np.nan if r is None else r["value"])
            flags[name].append(bool(r is not None and r["suppressed"]))
            data[f"{name} interval"].append(_interval_text(r))
            flags[f"{name} interval"].append(False)
    reference = str(rows["reference_group"].dropna().iloc[0])
    notes = [f"Compared with {reference}. A positive gap means the group is paid less on "
             f"average. Intervals are {_level_words(params)} confidence intervals; an "
             "interval that includes zero means the gap is not statistically "
             "distinguishable from zero."]
    adjusted = adjusted_distinguishable(rows, groups, params)
    if adjusted is not None:
        column = f"Mean gap distinguishable from zero, adjusted for {len(groups)} groups"
        data[column] = adjusted
        flags[column] = [False] * len(groups)
        notes.append(
            f"{len(groups)} groups are compared with {reference}, so by chance alone some "
            "95% intervals would exclude zero. The last column says whether each mean gap is "
            "distinguishable from zero after Holm's adjustment for the number of groups (p-values "
            "read back from the intervals, an approximation for bootstrap intervals); statements "
            "about single groups rely on it, not on the unadjusted interval.")
    return table_html(
        pd.DataFrame(data), caption=caption,
        formats={"Staff in group": "int", "Mean gap": "pct", "Median gap": "pct",
                 "Mean gap interval": "text", "Median gap interval": "text",
                 **({f"Mean gap distinguishable from zero, adjusted for {len(groups)} groups":
                     "text"} if adjusted is not None else {})},
        suppressed=pd.DataFrame(flags), min_count=int(params["disclosure"]["min_count"]),
        confidential_note=(f"[c] confidential: withheld because fewer than "
                           f"{int(params['disclosure']['min_group_pay'])} people are in a group "
                           "compared, or to protect another withheld figure."),
        notes=notes)


def adjusted_distinguishable(rows: pd.DataFrame, groups: Sequence[str],
                             params: Mapping[str, Any]) -> list[str] | None:
    """Holm-adjusted "distinguishable from zero" of each group's mean gap, or None for one group.

    Each published mean gap's two-sided p-value is read back from its interval
    (:func:`eqlib.intervals.interval_p_value`) and the p-values of the ``groups`` compared with
    the same reference are Holm-adjusted together (:func:`eqlib.outcomes.holm_adjusted`).
    ``"Yes"`` when the adjusted p is below ``1 - confidence_level``, ``"No"`` otherwise, ``"[c]"``
    for a withheld gap and ``"[x]"`` when no interval exists.

    Examples
    --------
    Two gaps whose 95% intervals each exclude zero (p 0.036 and 0.046) are not distinguishable
    once two comparisons are allowed for (Holm: 2 × 0.036 = 0.071):

    >>> rows = pd.DataFrame({"group": ["A", "B"], "measure": "mean_gap_pct",
    ...                      "value": [3.0, 2.5], "ci_low": [0.2, 0.05], "ci_high": [5.8, 4.95],
    ...                      "suppressed": False})
    >>> adjusted_distinguishable(rows, ["A", "B"], {"confidence_level": 0.95})
    ['No', 'No']
    """
    if len(groups) < 2:
        return None
    level = float(params["confidence_level"])
    p, shown = [], []
    for g in groups:
        r = find(rows, group=g, measure="mean_gap_pct")
        if r is None or bool(r["suppressed"]):
            shown.append(CONFIDENTIAL if r is not None else NOT_AVAILABLE)
            p.append(math.nan)
            continue
        value = interval_p_value(float(r["value"]), float(r["ci_low"]), float(r["ci_high"]),
                                 confidence_level=level)
        shown.append("" if math.isfinite(value) else NOT_AVAILABLE)
        p.append(value)
    finite = [i for i, v in enumerate(p) if math.isfinite(v)]
    if finite:
        adj = holm_adjusted(np.array([p[i] for i in finite]))
        for i, a in zip(finite, adj, strict=True):
            shown[i] = "Yes" if a < 1 - level else "No"
    return shown


def _other_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    gaps = tables["paygap_gaps"]
    min_count = int(params["disclosure"]["min_count"])
    blocks: list[Any] = [paragraph(
        "These figures compare the hourly pay of each group with a reference group, in the "
        "same way as the gender pay gap. Staff who did not say which group they belong to are "
        "left out of these comparisons (they are still counted in the pay quarters). Each gap "
        f"has a {_level_words(params)} confidence interval, the range of values consistent with "
        "the data. Gaps for groups of fewer than "
        f"{int(params['disclosure']['min_group_pay'])} people are not published.")]
    binary = binary_characteristics(params)
    sentences = []
    for characteristic in binary:
        if characteristic == "sex":
            continue
        r = find(gaps, characteristic=characteristic, measure="mean_gap_pct")
        if r is not None:
            sentences.append(_sentence_with_significance(
                r, characteristic=characteristic, group=str(r["group"]),
                reference=str(r["reference_group"]), params=params))
    if sentences:
        blocks.append(paragraph(*sentences))
    chart_rows = gaps[gaps["characteristic"].isin([c for c in binary if c != "sex"])
                      & (gaps["measure"] == "mean_gap_pct")]
    if len(chart_rows):
        blocks.append(plots.gap_chart(
            pd.DataFrame({"group": [f"{g} (vs {r})" for g, r in
                                    zip(chart_rows["group"], chart_rows["reference_group"],
                                        strict=True)],
                          "value": chart_rows["value"], "ci_low": chart_rows["ci_low"],
                          "ci_high": chart_rows["ci_high"],
                          "suppressed": chart_rows["suppressed"].astype(bool)}),
            caption="Mean hourly pay gaps with confidence intervals",
            reference_group="each group's reference group", measure_label="Mean hourly pay gap (%)",
            level=float(params["confidence_level"]), min_count=min_count))
    for characteristic in params["pay_gap_characteristics"]:
        if characteristic == "sex":
            continue
        block = _gap_table(gaps, characteristic, params, label="Group",
                           caption=f"Pay gaps by {characteristics.title(characteristic)}")
        if block is not None:
            blocks.append(block)
    blocks.extend(_declaration_blocks(tables, params))
    blocks.extend(_sensitivity_blocks(tables, params))
    band_block = _within_band_block(tables, params)
    if band_block is not None:
        blocks.append(band_block)
    inter = tables["paygap_intersectional"]
    for characteristic in dict.fromkeys(inter["characteristic"]):
        first, second = characteristic.split(" × ")
        block = _gap_table(inter, characteristic, params, label="Group",
                           caption=f"Pay gaps by {characteristics.title(first)} and "
                                   f"{characteristics.title(second).replace('_', ' ')}")
        if block is not None:
            blocks.append(block)
    if len(inter):
        blocks.append(in_appendix(paragraph(
            "In the tables of two characteristics together, a group too small to publish is "
            "combined with other small groups of the next broader ethnic group; the combined "
            "groups are named in brackets.")))
    blocks.extend(_adjusted_blocks(tables, params))
    return blocks


def _within_band_block(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]
                       ) -> Block | None:
    """The gender pay gap within each grade band: women against men of the same band."""
    t = tables.get("paygap_within_grade_band")
    if t is None or t.empty:
        return None
    rows = _select(t, characteristic="sex")
    bands = [b for b in params["grade_bands"] if b in set(rows["level"])]
    if not bands:
        return None
    data: dict[str, list[Any]] = {"Grade band": [], "Women": [], "Men": [], "Mean gap": [],
                                  "Mean gap interval": [], "Median gap": [],
                                  "Median gap interval": []}
    flags: dict[str, list[bool]] = {k: [] for k in data if k != "Grade band"}
    for band in bands:
        mean = find(rows, group="Female", level=band, measure="mean_gap_pct")
        median = find(rows, group="Female", level=band, measure="median_gap_pct")
        data["Grade band"].append(band[:1].upper() + band[1:])
        withheld = mean is None or bool(mean["suppressed"])
        data["Women"].append(np.nan if mean is None else mean["n"])
        data["Men"].append(np.nan if mean is None else mean.get("n_reference", np.nan))
        flags["Women"].append(withheld)
        flags["Men"].append(withheld)
        for name, r in (("Mean gap", mean), ("Median gap", median)):
            data[name].append(np.nan if r is None else r["value"])
            flags[name].append(bool(r is not None and r["suppressed"]))
            data[f"{name} interval"].append(_interval_text(r))
            flags[f"{name} interval"].append(False)
    return table_html(
        pd.DataFrame(data), caption="Gender pay gap within each grade band",
        formats={"Women": "int", "Men": "int", "Mean gap": "pct", "Median gap": "pct",
                 "Mean gap interval": "text", "Median gap interval": "text"},
        suppressed=pd.DataFrame(flags), min_count=int(params["disclosure"]["min_count"]),
        notes=["Women compared with men of the same grade band. A positive gap means women in "
               "the band are paid less on average. Differences between bands (for example "
               "junior women against leadership men) are grade differences, not gender gaps, "
               "and are not shown. Intervals are "
               f"{_level_words(params)} confidence intervals."])


def _declaration_blocks(tables: Mapping[str, pd.DataFrame],
                        params: Mapping[str, Any]) -> list[Any]:
    dec = tables["paygap_declaration"]
    if dec.empty:
        return []
    names = list(dict.fromkeys(dec["characteristic"]))
    columns = {"declaration_rate_pct": "Declared", "prefer_not_to_say_pct": "Prefer not to say",
               "not_known_pct": "Not known"}
    data: dict[str, list[Any]] = {"Characteristic": [characteristics.label(c) for c in names]}
    flags: dict[str, list[bool]] = {}
    for measure, label in columns.items():
        rows = [find(dec, characteristic=c, measure=measure) for c in names]
        data[label] = [np.nan if r is None else r["value"] for r in rows]
        flags[label] = [bool(r is not None and r["suppressed"]) for r in rows]
    return [table_html(pd.DataFrame(data), caption="Declaration rates (percent of all staff)",
                       formats=dict.fromkeys(columns.values(), "pct"),
                       suppressed=pd.DataFrame(flags),
                       min_count=int(params["disclosure"]["min_count"]))]


def _sensitivity_blocks(tables: Mapping[str, pd.DataFrame],
                        params: Mapping[str, Any]) -> list[Any]:
    sens = tables["paygap_sensitivity"]
    if sens.empty:
        return []
    columns = {"gap_pct": "Declared staff only", "gap_scenario_group_pct": "All undeclared in group",
               "gap_scenario_reference_pct": "All undeclared in reference",
               "gap_bound_low_pct": "Lowest possible", "gap_bound_high_pct": "Highest possible"}
    keys = list(dict.fromkeys(zip(sens["characteristic"], sens["group"], sens["level"],
                                  strict=True)))
    data: dict[str, list[Any]] = {"Comparison": []}
    flags: dict[str, list[bool]] = {v: [] for v in columns.values()}
    sentences = []
    for characteristic, group, level in keys:
        rows = _select(sens, characteristic=characteristic, group=group, level=level)
        reference = str(rows["reference_group"].iloc[0])
        data["Comparison"].append(f"{group} vs {reference}: {level.lower()}")
        for measure, label in columns.items():
            r = find(rows, measure=measure)
            data.setdefault(label, []).append(np.nan if r is None else r["value"])
            flags[label].append(bool(r is not None and r["suppressed"]))
        low, high = find(rows, measure="gap_bound_low_pct"), find(rows, measure="gap_bound_high_pct")
        if level == _STAT_LABEL["mean"] and low is not None and high is not None \
                and not (low["suppressed"] or high["suppressed"]) \
                and pd.notna(low["value"]) and pd.notna(high["value"]):
            robust = low["value"] > 0 or high["value"] < 0
            sentences.append(
                f"Whichever groups the staff who did not declare belong to, the mean pay gap "
                f"between {_plain(characteristic, group)} and "
                f"{_plain(characteristic, reference)} would lie between {fmt_pct(low['value'])} and {fmt_pct(high['value'])}: "
                + ("its direction does not depend on them." if robust else
                   "the gap is not robust to non-declaration."))
    blocks: list[Any] = [table_html(
        pd.DataFrame(data), caption="How the gaps could change if everyone had declared "
        "(percent)", formats=dict.fromkeys(columns.values(), "pct"),
        suppressed=pd.DataFrame(flags), min_count=int(params["disclosure"]["min_count"]),
        notes=["'Lowest possible' and 'highest possible' are the smallest and largest gap over "
               "every possible assignment of the staff who did not declare to the two groups."])]
    if sentences:
        blocks.insert(0, in_appendix(paragraph(*sentences)))
    return blocks


def _adjusted_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    adj = tables["paygap_adjusted"]
    if adj.empty:
        return []
    keys = list(dict.fromkeys(zip(adj["characteristic"], adj["group"], strict=True)))
    unadjusted_col = "Unadjusted gap, regression scale"
    adjusted_col = "Adjusted gap, regression scale"
    data: dict[str, list[Any]] = {"Comparison": [], "Raw mean gap": [], "Raw median gap": [],
                                  unadjusted_col: [], f"{unadjusted_col} interval": [],
                                  adjusted_col: [], f"{adjusted_col} interval": []}
    flags: dict[str, list[bool]] = {k: [] for k in data if k != "Comparison"}
    for characteristic, group in keys:
        rows = _select(adj, characteristic=characteristic, group=group)
        data["Comparison"].append(f"{group} vs {rows['reference_group'].iloc[0]}")
        for measure, label in (("mean_gap_pct", "Raw mean gap"),
                               ("median_gap_pct", "Raw median gap"),
                               ("unadjusted_gap_pct", unadjusted_col),
                               ("adjusted_gap_pct", adjusted_col)):
            r = find(rows, measure=measure, level=ALL_STAFF)
            data[label].append(np.nan if r is None else r["value"])
            flags[label].append(bool(r is not None and r["suppressed"]))
            if label in (unadjusted_col, adjusted_col):
                data[f"{label} interval"].append(_interval_text(r))
                flags[f"{label} interval"].append(False)
    controls = ", ".join(str(c).replace("_", " ") for c in params["adjusted_gap_controls"])
    return [
        in_appendix(paragraph(
            "The adjusted gap compares people in the same grade and directorate, of the same "
            f"age band and length of service, working the same pattern ({controls}). It is "
            "shown beside the raw gap, never instead of it. Controlling for grade absorbs "
            "occupational segregation, which is itself part of what the authority is trying to "
            "change: an adjusted gap near zero can mean that the gap comes from who gets into "
            "which grade, not that there is no gap to address.")),
        in_appendix(paragraph(
            "The raw mean and median gaps and the regression gaps are different measures: the "
            "raw gaps compare average (mean) and middle (median) hourly pay, the regression gaps "
            "compare typical pay on a logarithmic scale (a ratio of geometric means). To see "
            "what the controls change, compare the two regression columns, which are on the "
            "same scale and use the same people.")),
        table_html(pd.DataFrame(data), caption="Raw and adjusted pay gaps (percent)",
                   formats={"Raw mean gap": "pct", "Raw median gap": "pct",
                            unadjusted_col: "pct", f"{unadjusted_col} interval": "text",
                            adjusted_col: "pct", f"{adjusted_col} interval": "text"},
                   suppressed=pd.DataFrame(flags),
                   min_count=int(params["disclosure"]["min_count"]),
                   notes=[f"Regression scale: (1 - exp(b)) x 100 from a regression of log "
                          "hourly pay on the group; unadjusted without controls, adjusted with "
                          f"{controls} held constant; {_level_words(params)} confidence "
                          "intervals (robust standard errors). Raw gaps: the statutory "
                          "measures, not directly comparable with the regression columns."]),
    ]


def section(tables: Mapping[str, pd.DataFrame],
            params: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    """Publication sections 4 (gender pay gap) and 5 (other pay gaps), from the tables only.

    Parameters
    ----------
    tables
        The pay gap tables of :data:`TABLES` after disclosure control (as read from
        ``publish/tables``).
    params
        The year's parameters.

    Returns
    -------
    list of (str, list)
        ``(heading, blocks)`` pairs in order: ``("Gender pay gap", ...)`` and
        ``("Ethnicity, disability and other pay gaps", ...)``. Headings are plain text for a
        level-2 (``##``) heading; blocks are :class:`eqlib.publication.Block` and
        :class:`eqlib.plots.Chart` objects to display in order.

    Notes
    -----
    Every number in a sentence comes from a table value through the ``fmt`` helpers; a value
    withheld by disclosure control prints ``[c]`` and is never drawn.
    """
    gender = _gpg_blocks(tables, params) + _trend_blocks(tables, params) \
        + _benchmark_blocks(tables, params)
    return [("Gender pay gap", gender),
            ("Ethnicity, disability and other pay gaps", _other_blocks(tables, params))]


__all__ = [
    "headline",
    "section",
]
