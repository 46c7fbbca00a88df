"""Charts of comparisons with intervals: representation indices, recruitment funnels, relative
likelihoods (forest plots) and the national pay gap benchmarks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from eqlib.plots.base import (
    _BAND,
    _GREY,
    _LABEL_BOX,
    MARKERS,
    PALETTE,
    WIDTH_IN,
    Chart,
    ValueFormat,
    _dot_interval_chart,
    _fmt,
    _interval_text,
    _prepare,
    _style,
    _withheld_note,
    _withheld_sentence,
    palette_positions,
)
from eqlib.publication import CONFIDENTIAL, fmt_number


def _interval_chart(
    table: pd.DataFrame,
    *,
    caption: str,
    kind: str,
    label_columns: Sequence[str],
    value: str,
    ci_low: str,
    ci_high: str,
    fmt: ValueFormat,
    dp: int,
    reference_line: float,
    axis_label: str,
    level: float | None,
    min_count: int | None,
    log: bool = False,
    band: tuple[float, float] | None = None,
    colour_by: str | None = None,
    tail: str = "",
) -> Chart:
    data = _prepare(table, [*label_columns, value, ci_low, ci_high, "suppressed"],
                    [value, ci_low, ci_high])
    labels = [" - ".join(str(r[c]) for c in label_columns) for _, r in data.iterrows()]
    colours = markers = None
    if colour_by is not None:
        keys = list(dict.fromkeys(data[colour_by].astype(str)))
        key_pos = dict(zip(keys, palette_positions(keys), strict=True))
        idx = [key_pos[str(k)] for k in data[colour_by]]
        colours = [PALETTE[i] for i in idx]
        markers = [MARKERS[i] for i in idx]
    with matplotlib.rc_context(_style()):
        fig = _dot_interval_chart(
            data, labels=labels, value=value, ci_low=ci_low, ci_high=ci_high, fmt=fmt, dp=dp,
            reference_line=reference_line, axis_label=axis_label, log=log, band=band,
            colours=colours, markers=markers,
        )
    shown = [
        f"{lab} {_fmt(r[value], fmt, dp)}{_interval_text(r[ci_low], r[ci_high], fmt, dp, level)}"
        for lab, (_, r) in zip(labels, data.iterrows(), strict=True)
        if not r["suppressed"] and not np.isnan(r[value])
    ]
    withheld = [lab for lab, s in zip(labels, data["suppressed"], strict=True) if s]
    alt = (f"{caption}. {kind}{tail}: {'; '.join(shown) if shown else 'no values shown'}."
           f"{_withheld_sentence(withheld)}")
    return Chart(fig, caption, alt, data, _withheld_note(data, min_count))


def representation_chart(
    table: pd.DataFrame,
    *,
    caption: str,
    group: str = "group",
    level: str = "level",
    value: str = "value",
    ci_low: str = "ci_low",
    ci_high: str = "ci_high",
    confidence_level: float | None = None,
    dp: int = 2,
    min_count: int | None = None,
) -> Chart:
    """Representation index (share in the workforce / share in the population) with intervals.

    One row per (level, group), a reference line at 1 (represented in proportion to the
    population); points differ by colour and marker per group and are labelled with the index.

    Parameters
    ----------
    table : DataFrame
        ``level`` (e.g. grade band), ``group``, ``value`` (the index), ``ci_low``, ``ci_high``,
        ``suppressed``.
    caption : str
        Title printed above the chart.
    group, level, value, ci_low, ci_high : str
        Column names.
    confidence_level : float, optional
        For the alt text ("95% interval").
    dp : int
        Decimal places (indices: 2).
    min_count : int, optional
        Disclosure threshold, for the ``[c]`` note.

    Returns
    -------
    Chart

    Examples
    --------
    >>> t = pd.DataFrame({"level": ["All"], "group": ["Disabled"], "value": [0.8],
    ...                   "ci_low": [0.6], "ci_high": [1.05], "suppressed": [False]})
    >>> representation_chart(t, caption="Index").alt
    'Index. Representation index with intervals, 1 = in proportion to the population: All - Disabled 0.80 (interval 0.60 to 1.05).'
    """  # noqa: E501
    return _interval_chart(
        table, caption=caption, kind="Representation index with intervals",
        tail=", 1 = in proportion to the population", label_columns=[level, group], value=value,
        ci_low=ci_low, ci_high=ci_high, fmt="ratio", dp=dp, reference_line=1.0,
        axis_label="Representation index (1 = in proportion to the population)",
        level=confidence_level, min_count=min_count, colour_by=group,
    )


def funnel_chart(
    table: pd.DataFrame,
    *,
    caption: str,
    stage: str = "level",
    group: str = "group",
    value: str = "value",
    ci_low: str = "ci_low",
    ci_high: str = "ci_high",
    confidence_level: float | None = None,
    dp: int = 1,
    min_count: int | None = None,
) -> Chart:
    """Recruitment funnel: the rate of each group at each stage (percent), with intervals.

    Parameters
    ----------
    table : DataFrame
        ``stage`` (in funnel order), ``group``, ``value`` (percent of the previous stage),
        ``ci_low``, ``ci_high``, ``suppressed``.
    caption : str
        Title printed above the chart.
    stage, group, value, ci_low, ci_high : str
        Column names.
    confidence_level : float, optional
        For the alt text.
    dp : int
        Decimal places.
    min_count : int, optional
        Disclosure threshold, for the ``[c]`` note.

    Returns
    -------
    Chart

    Examples
    --------
    >>> t = pd.DataFrame({"level": ["Shortlisted"] * 2, "group": ["A", "B"],
    ...                   "value": [30.0, 25.0], "ci_low": [25.0, 20.0],
    ...                   "ci_high": [35.0, 30.0], "suppressed": False})
    >>> funnel_chart(t, caption="Funnel").alt
    'Funnel. Rate at each recruitment stage by group, with intervals: Shortlisted - A 30.0% (interval 25.0% to 35.0%); Shortlisted - B 25.0% (interval 20.0% to 30.0%).'
    """  # noqa: E501
    chart = _interval_chart(
        table, caption=caption, kind="Rate at each recruitment stage by group, with intervals",
        label_columns=[stage, group], value=value, ci_low=ci_low, ci_high=ci_high, fmt="pct",
        dp=dp, reference_line=0.0, axis_label="Rate (%)", level=confidence_level,
        min_count=min_count, colour_by=group,
    )
    return chart


def forest_chart(
    table: pd.DataFrame,
    *,
    caption: str,
    band: tuple[float, float],
    reference_group: str,
    label: str = "group",
    value: str = "value",
    ci_low: str = "ci_low",
    ci_high: str = "ci_high",
    confidence_level: float | None = None,
    dp: int = 2,
    min_count: int | None = None,
) -> Chart:
    """Relative likelihoods with intervals on a log scale, the proportionate band shaded.

    Parameters
    ----------
    table : DataFrame
        One row per comparison: ``label``, ``value`` (relative likelihood, reference = 1),
        ``ci_low``, ``ci_high``, ``suppressed``.
    caption : str
        Title printed above the chart.
    band : (float, float)
        Relative likelihoods counted as broadly proportionate (params ``adverse_impact_band``),
        shaded.
    reference_group : str
        Named in the alt text.
    label, value, ci_low, ci_high : str
        Column names.
    confidence_level : float, optional
        For the alt text.
    dp : int
        Decimal places.
    min_count : int, optional
        Disclosure threshold, for the ``[c]`` note.

    Returns
    -------
    Chart

    Raises
    ------
    ValueError
        When ``band`` is not two numbers with low < 1 < high.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["Disabled"], "value": [0.7], "ci_low": [0.5],
    ...                   "ci_high": [0.98], "suppressed": [False]})
    >>> forest_chart(t, caption="RL", band=(0.8, 1.25), reference_group="non-disabled").alt
    'RL. Relative likelihood compared with non-disabled (1 = equally likely, above 1 = the group fared worse; 0.80 to 1.25 shaded as broadly proportionate): Disabled 0.70 (interval 0.50 to 0.98).'
    """  # noqa: E501
    if len(band) != 2 or not band[0] < 1 < band[1]:
        raise ValueError(f"band must be (low, high) with low < 1 < high, got {band!r}.")
    return _interval_chart(
        table, caption=caption,
        kind=(f"Relative likelihood compared with {reference_group} (1 = equally likely, above 1 "
              "= the group fared worse; "
              f"{fmt_number(band[0], 2)} to {fmt_number(band[1], 2)} shaded as broadly "
              "proportionate)"),
        label_columns=[label], value=value, ci_low=ci_low, ci_high=ci_high, fmt="ratio", dp=dp,
        reference_line=1.0,
        axis_label=(f"Relative likelihood (log scale; {reference_group} = 1; above 1: the group "
                    "fared worse)"),
        level=confidence_level, min_count=min_count, log=True, band=(band[0], band[1]),
    )


def _year_position(label: object) -> float:
    """Horizontal position of a year label: its first four digits ("2023-24" -> 2023), so the
    axis is spaced by time and a missing year leaves a gap."""
    text = str(label)
    digits = "".join(ch for ch in text[:4] if ch.isdigit())
    return float(digits) if len(digits) == 4 else math.nan


def benchmark_chart(
    comparators: pd.DataFrame,
    organisation: pd.DataFrame,
    *,
    caption: str,
    organisation_label: str,
    measure_label: str,
    year: str = "year",
    value: str = "value",
    dp: int = 1,
    current: pd.DataFrame | None = None,
    current_label: str = "",
) -> Chart:
    """The organisation's figure against the comparator employers' distribution, by year.

    Boxes show the comparators' quartiles (whiskers: 5th and 95th percentiles); the
    organisation's published values are a labelled line with markers. A figure from another
    source (this report's own computation, e.g. from synthetic data or not yet published) is a
    separate series (``current``), never joined to the published line: one series, one source.
    The year axis is spaced by time (a missing year leaves a gap).

    Parameters
    ----------
    comparators : DataFrame
        One row per comparator employer and year: ``year``, ``value`` (percent). The
        organisation must already be excluded (methodology.md §8).
    organisation : DataFrame
        One row per year: ``year``, ``value``, ``suppressed`` (the published series).
    caption : str
        Title printed above the chart.
    organisation_label : str
        Name of the organisation's series on the chart and in the alt text.
    measure_label : str
        Axis label.
    year, value : str
        Column names.
    dp : int
        Decimal places.
    current : DataFrame, optional
        ``year, value, suppressed`` of the second series (this report's figures).
    current_label : str
        Its name on the chart and in the alt text.

    Returns
    -------
    Chart
        ``data`` holds per year: comparator count, quartiles, the organisation's value and
        ``current`` (NaN where none).

    Notes
    -----
    Quartiles use numpy's default (linear interpolation) percentile; they describe the chart, the
    published percentile of the organisation comes from :mod:`eqlib.national_gpg`. Year labels are
    placed at their first four digits ("2023-24" at 2023).

    Examples
    --------
    >>> comp = pd.DataFrame({"year": [2026] * 5, "value": [1.0, 5.0, 9.0, 13.0, 17.0]})
    >>> org = pd.DataFrame({"year": [2026], "value": [8.2], "suppressed": [False]})
    >>> benchmark_chart(comp, org, caption="Bench", organisation_label="LCRCA",
    ...                 measure_label="Median gap (%)").alt
    'Bench. Box plot of median gap (%) among 5 comparator employers per year, with LCRCA as a line: 2026: LCRCA 8.2%, comparators median 9.0% (middle half 5.0% to 13.0%, 5 employers).'
    """  # noqa: E501
    comp = _prepare(comparators.assign(suppressed=False), [year, value, "suppressed"], [value])
    comp = comp.dropna(subset=[value])
    org = _prepare(organisation, [year, value, "suppressed"], [value])
    cur = (_prepare(current, [year, value, "suppressed"], [value]) if current is not None
           else pd.DataFrame(columns=[year, value, "suppressed"]))
    years = sorted(set(comp[year]) | set(org[year]) | set(cur[year]), key=_year_position)
    rows = []
    for y in years:
        vals = comp.loc[comp[year] == y, value].to_numpy()
        o = org.loc[org[year] == y]
        c = cur.loc[cur[year] == y]
        q = np.percentile(vals, [5, 25, 50, 75, 95]) if len(vals) else [np.nan] * 5
        rows.append({
            "year": y, "comparators": len(vals), "p05": q[0], "q1": q[1], "median": q[2],
            "q3": q[3], "p95": q[4],
            "organisation": float(o[value].iloc[0]) if len(o) else np.nan,
            "suppressed": bool(o["suppressed"].iloc[0]) if len(o) else False,
            "current": float(c[value].iloc[0]) if len(c) else np.nan,
            "current_suppressed": bool(c["suppressed"].iloc[0]) if len(c) else False,
        })
    data = pd.DataFrame(rows)
    with matplotlib.rc_context(_style()):
        fig = Figure(figsize=(WIDTH_IN, 3.6), layout="constrained")
        ax = fig.subplots()
        positions = np.array([_year_position(y) for y in years])
        stats = [
            {"med": r["median"], "q1": r["q1"], "q3": r["q3"], "whislo": r["p05"],
             "whishi": r["p95"], "fliers": [], "label": str(r["year"])}
            for _, r in data.iterrows() if r["comparators"] > 0
        ]
        pos = [p for p, (_, r) in zip(positions, data.iterrows(), strict=True)
               if r["comparators"] > 0]
        if stats:
            ax.bxp(stats, positions=pos, widths=0.45, patch_artist=True, showfliers=False,
                   boxprops={"facecolor": _BAND, "edgecolor": _GREY},
                   medianprops={"color": "#0b0c0c", "lw": 1.5},
                   whiskerprops={"color": _GREY}, capprops={"color": _GREY})
        has_org = data["organisation"].notna()
        ax.plot(positions[has_org.to_numpy()], data.loc[has_org, "organisation"],
                color=PALETTE[1], marker="D", ms=7, lw=2, zorder=5)
        has_cur = data["current"].notna()
        if has_cur.any():
            ax.plot(positions[has_cur.to_numpy()] + 0.18, data.loc[has_cur, "current"],
                    color=PALETTE[2], marker="o", ms=8, lw=0, mfc="white", mew=2, zorder=6)
        for p, (_, r) in zip(positions, data.iterrows(), strict=True):
            if r["suppressed"]:
                ax.annotate(CONFIDENTIAL, (p, 0), xytext=(0, 4), textcoords="offset points",
                            xycoords=("data", "axes fraction"), ha="center")
            elif not np.isnan(r["organisation"]):
                ax.annotate(_fmt(r["organisation"], "pct", dp), (p, r["organisation"]),
                            xytext=(10, 0), textcoords="offset points", va="center",
                            bbox=_LABEL_BOX)
            if not np.isnan(r["current"]):
                ax.annotate(_fmt(r["current"], "pct", dp), (p + 0.18, r["current"]),
                            xytext=(10, -12), textcoords="offset points", va="center",
                            bbox=_LABEL_BOX)
        # years one apart on a time axis: slanted labels so "2017-18" and "2018-19" never overlap
        ax.set_xticks(positions, [str(y) for y in years], rotation=45, ha="right",
                      rotation_mode="anchor")
        ax.set_xlim(positions.min() - 0.6, positions.max() + 0.8)
        ax.set_ylabel(measure_label)
        handles = [
            Patch(facecolor=_BAND, edgecolor=_GREY, label="Comparator employers (middle half)"),
            matplotlib.lines.Line2D([], [], color=PALETTE[1], marker="D", lw=2,
                                    label=organisation_label),
        ]
        if has_cur.any():
            handles.append(matplotlib.lines.Line2D([], [], color=PALETTE[2], marker="o", lw=0,
                                                   mfc="white", mew=2, label=current_label))
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                  ncol=2, frameon=False)
    parts = []
    for _, r in data.iterrows():
        own = (f"{organisation_label} {CONFIDENTIAL}" if r["suppressed"]
               else f"{organisation_label} {_fmt(r['organisation'], 'pct', dp)}"
               if not np.isnan(r["organisation"]) else f"no {organisation_label} figure")
        if not np.isnan(r["current"]) or r["current_suppressed"]:
            own += (f", {current_label} "
                    + (CONFIDENTIAL if r["current_suppressed"] else _fmt(r["current"], "pct", dp)))
        if r["comparators"] > 0:
            parts.append(
                f"{r['year']}: {own}, comparators median {_fmt(r['median'], 'pct', dp)} "
                f"(middle half {_fmt(r['q1'], 'pct', dp)} to {_fmt(r['q3'], 'pct', dp)}, "
                f"{r['comparators']} employers)"
            )
        else:
            parts.append(f"{r['year']}: {own}, no comparators")
    counts = sorted(set(data["comparators"]))
    among = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]} to {counts[-1]}"
    second = f" and {current_label} as separate points" if has_cur.any() else ""
    alt = (f"{caption}. Box plot of {measure_label[:1].lower() + measure_label[1:]} among "
           f"{among} comparator employers per year, with {organisation_label} as a line"
           f"{second}: {'; '.join(parts)}.")
    return Chart(fig, caption, alt, data, [])


__all__ = [
    "benchmark_chart",
    "forest_chart",
    "funnel_chart",
    "representation_chart",
]
