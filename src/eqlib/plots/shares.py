"""Charts of pay gaps, pay quarters, composition, trends and target trajectories.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from eqlib.plots.base import (
    _LABEL_BOX,
    HATCHES,
    LINESTYLES,
    MARKERS,
    OKABE_ITO,
    PALETTE,
    WIDTH_IN,
    Chart,
    ValueFormat,
    _check_format,
    _figure,
    _fit_legend,
    _fmt,
    _interval_text,
    _prepare,
    _style,
    _withheld_note,
    _withheld_sentence,
    palette_positions,
)
from eqlib.publication import CONFIDENTIAL, fmt_pct


# --------------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------------
def gap_chart(
    table: pd.DataFrame,
    *,
    caption: str,
    reference_group: str,
    measure_label: str = "Pay gap (%)",
    group: str = "group",
    value: str = "value",
    ci_low: str = "ci_low",
    ci_high: str = "ci_high",
    level: float | None = None,
    dp: int = 1,
    min_count: int | None = None,
) -> Chart:
    """Pay gaps of several groups against one reference group: horizontal bars with intervals.

    Bars run from zero (the reference group's pay, drawn as a line) to each group's gap in
    percent (positive = the group is paid less); whiskers show the interval; each bar is labelled
    with its value.

    Parameters
    ----------
    table : DataFrame
        Tidy rows, one per group: ``group``, ``value`` (percent), ``ci_low``, ``ci_high``
        (NaN where there is no interval, e.g. the statutory gender figures) and ``suppressed``.
    caption : str
        Title printed above the chart.
    reference_group : str
        Named in the alt text ("compared with ...").
    measure_label : str
        Axis label and the measure's name in the alt text.
    group, value, ci_low, ci_high : str
        Column names.
    level : float, optional
        Confidence level, for the alt text ("95% interval").
    dp : int
        Decimal places of the labels.
    min_count : int, optional
        Disclosure threshold, for the ``[c]`` note under the chart.

    Returns
    -------
    Chart

    Raises
    ------
    ValueError
        When a column is missing.

    Notes
    -----
    Colour identifies nothing here (one colour); groups are named on the axis.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["Women", "Disabled"], "value": [8.2, 5.0],
    ...                   "ci_low": [4.1, 1.0], "ci_high": [12.0, 9.0],
    ...                   "suppressed": [False, True]})
    >>> c = gap_chart(t, caption="Gaps", reference_group="men")
    >>> c.alt
    'Gaps. Bar chart of pay gap (%) compared with men: Women 8.2% (interval 4.1% to 12.0%). Withheld to protect confidentiality [c]: Disabled.'
    """  # noqa: E501
    data = _prepare(table, [group, value, ci_low, ci_high, "suppressed"], [value, ci_low, ci_high])
    labels = [str(g) for g in data[group]]
    with matplotlib.rc_context(_style()):
        fig = _figure(len(labels))
        ax = fig.subplots()
        ys = np.arange(len(labels))[::-1]
        finite = pd.concat([data[value], data[ci_low], data[ci_high]]).dropna()
        lo_lim = min(0.0, float(finite.min()) if len(finite) else 0.0)
        hi_lim = max(0.0, float(finite.max()) if len(finite) else 0.0)
        span = (hi_lim - lo_lim) or 1.0
        for y, (_, r) in zip(ys, data.iterrows(), strict=True):
            if r["suppressed"] or np.isnan(r[value]):
                ax.text(0, y, f" {CONFIDENTIAL}", va="center", ha="left")
                continue
            ax.barh(y, r[value], color=PALETTE[0], height=0.6, zorder=2)
            if not (np.isnan(r[ci_low]) or np.isnan(r[ci_high])):
                ax.errorbar(r[value], y, xerr=[[r[value] - r[ci_low]], [r[ci_high] - r[value]]],
                            fmt="none", ecolor="#0b0c0c", elinewidth=1.2, capsize=4, zorder=3)
            right = r[value] >= 0
            edge = (np.nanmax([r[value], r[ci_high]]) if right
                    else np.nanmin([r[value], r[ci_low]]))
            ax.annotate(_fmt(r[value], "pct", dp), (edge, y), xytext=(6 if right else -6, 0),
                        textcoords="offset points", va="center", ha="left" if right else "right")
        ax.axvline(0, color="#0b0c0c", lw=1, zorder=4)
        ax.set_yticks(ys, labels)
        ax.set_ylim(-0.7, len(labels) - 0.3)
        ax.set_xlim(lo_lim - 0.15 * span, hi_lim + 0.2 * span)
        ax.set_xlabel(measure_label)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
    shown = [
        f"{g} {_fmt(r[value], 'pct', dp)}{_interval_text(r[ci_low], r[ci_high], 'pct', dp, level)}"
        for g, (_, r) in zip(labels, data.iterrows(), strict=True)
        if not r["suppressed"] and not np.isnan(r[value])
    ]
    withheld = [g for g, s in zip(labels, data["suppressed"], strict=True) if s]
    alt = (
        f"{caption}. Bar chart of {measure_label[:1].lower() + measure_label[1:]} compared with "
        f"{reference_group}: {'; '.join(shown) if shown else 'no values shown'}."
        f"{_withheld_sentence(withheld)}"
    )
    return Chart(fig, caption, alt, data, _withheld_note(data, min_count))


def _stacked_chart(
    data: pd.DataFrame,
    *,
    category: str,
    group: str,
    value: str,
    caption: str,
    kind: str,
    dp: int,
    min_count: int | None,
    width: float = WIDTH_IN,
) -> Chart:
    categories = list(dict.fromkeys(data[category].astype(str)))
    groups = list(dict.fromkeys(data[group].astype(str)))
    if len(groups) > len(PALETTE):
        raise ValueError(f"at most {len(PALETTE)} groups can be stacked; got {len(groups)}.")
    with matplotlib.rc_context(_style()):
        fig = _figure(len(categories), per_row=0.5, base=1.5, width=width)
        ax = fig.subplots()
        ys = np.arange(len(categories))[::-1]
        pos = palette_positions(groups)
        for y, cat in zip(ys, categories, strict=True):
            left = 0.0
            rows = data[data[category].astype(str) == cat]
            drawn = withheld_here = False
            for j, g in enumerate(groups):
                r = rows[rows[group].astype(str) == g]
                if r.empty:
                    continue
                v = float(r[value].iloc[0])
                if bool(r["suppressed"].iloc[0]) or np.isnan(v):
                    # a withheld segment draws nothing (labels of several would overprint);
                    # the alt text and the note under the chart say what is withheld
                    withheld_here = withheld_here or bool(r["suppressed"].iloc[0])
                    continue
                k = pos[j]
                ax.barh(y, v, left=left, color=PALETTE[k], hatch=HATCHES[k], height=0.6,
                        edgecolor="#ffffff", linewidth=0.8)
                drawn = drawn or v > 0
                if v >= 7:
                    dark = PALETTE[k] in (OKABE_ITO["blue"], OKABE_ITO["vermillion"],
                                          OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"])
                    ax.text(left + v / 2, y, _fmt(v, "pct", dp), ha="center", va="center",
                            fontsize=9, color="#ffffff" if dark else "#0b0c0c",
                            bbox={"boxstyle": "round,pad=0.15", "fc": PALETTE[k], "lw": 0})
                left += v
            if not drawn and withheld_here:
                # no bar to see and something withheld: one [c] where the bar would start
                ax.text(0.5, y, CONFIDENTIAL, va="center", ha="left", fontsize=9)
        ax.set_yticks(ys, categories)
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.8, len(categories) - 0.3)
        ax.set_xlabel("Per cent")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        handles = [
            Patch(facecolor=PALETTE[k], hatch=HATCHES[k], edgecolor="#ffffff", label=g)
            for g, k in zip(groups, pos, strict=True)
        ]
        _fit_legend(fig, ax, handles, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                    frameon=False, handleheight=1.4, handlelength=2.2)
    parts = []
    withheld = []
    for cat in categories:
        rows = data[data[category].astype(str) == cat]
        shown = []
        for g in groups:
            r = rows[rows[group].astype(str) == g]
            if r.empty:
                continue
            if bool(r["suppressed"].iloc[0]):
                withheld.append(f"{g} in {cat}")
            elif not np.isnan(float(r[value].iloc[0])):
                shown.append(f"{g} {_fmt(float(r[value].iloc[0]), 'pct', dp)}")
        parts.append(f"{cat}: {', '.join(shown) if shown else 'none shown'}")
    alt = f"{caption}. {kind}: {'; '.join(parts)}.{_withheld_sentence(withheld)}"
    return Chart(fig, caption, alt, data, _withheld_note(data, min_count))


def quarter_chart(
    table: pd.DataFrame,
    *,
    caption: str,
    quarter: str = "level",
    group: str = "group",
    value: str = "value",
    dp: int = 1,
    min_count: int | None = None,
    width: float = WIDTH_IN,
) -> Chart:
    """Share of each group in each pay quarter: 100% stacked horizontal bars, labelled.

    Parameters
    ----------
    table : DataFrame
        One row per (quarter, group): ``quarter`` (e.g. "Lower", "Lower middle", "Upper middle",
        "Upper", in the order to draw, top to bottom), ``group``, ``value`` (percent of the
        quarter) and ``suppressed``.
    caption : str
        Title printed above the chart.
    quarter, group, value : str
        Column names.
    dp : int
        Decimal places of the labels.
    min_count : int, optional
        Disclosure threshold, for the ``[c]`` note.
    width : float
        Width in inches (narrower for a chart beside a table, so its text stays legible).

    Returns
    -------
    Chart

    Notes
    -----
    Groups differ by colour and hatch and are named in the legend; each segment of 7% or more is
    labelled with its percentage (smaller ones are in the alt text and the table).

    Examples
    --------
    >>> t = pd.DataFrame({"level": ["Lower", "Lower", "Upper", "Upper"],
    ...                   "group": ["Women", "Men"] * 2, "value": [60.0, 40.0, 45.5, 54.5],
    ...                   "suppressed": False})
    >>> quarter_chart(t, caption="Quarters").alt
    'Quarters. Stacked bar chart of the share of each group in each pay quarter: Lower: Women 60.0%, Men 40.0%; Upper: Women 45.5%, Men 54.5%.'
    """  # noqa: E501
    data = _prepare(table, [quarter, group, value, "suppressed"], [value])
    return _stacked_chart(
        data, category=quarter, group=group, value=value, caption=caption, dp=dp,
        kind="Stacked bar chart of the share of each group in each pay quarter",
        min_count=min_count, width=width,
    )


def composition_chart(
    table: pd.DataFrame,
    *,
    caption: str,
    level: str = "level",
    group: str = "group",
    value: str = "value",
    dp: int = 1,
    min_count: int | None = None,
) -> Chart:
    """Composition of the workforce at each level (e.g. grade band): 100% stacked bars.

    Parameters
    ----------
    table : DataFrame
        One row per (level, group): ``level``, ``group``, ``value`` (percent of the level) and
        ``suppressed``; levels are drawn top to bottom in their order of appearance.
    caption : str
        Title printed above the chart.
    level, group, value : str
        Column names.
    dp : int
        Decimal places.
    min_count : int, optional
        Disclosure threshold, for the ``[c]`` note.

    Returns
    -------
    Chart

    Examples
    --------
    >>> t = pd.DataFrame({"level": ["Junior", "Junior"], "group": ["A", "B"],
    ...                   "value": [80.0, 20.0], "suppressed": [False, True]})
    >>> composition_chart(t, caption="Mix").alt
    'Mix. Stacked bar chart of the composition of each level: Junior: A 80.0%. Withheld to protect confidentiality [c]: B in Junior.'
    """  # noqa: E501
    data = _prepare(table, [level, group, value, "suppressed"], [value])
    return _stacked_chart(
        data, category=level, group=group, value=value, caption=caption, dp=dp,
        kind="Stacked bar chart of the composition of each level", min_count=min_count,
    )


def trend_chart(
    table: pd.DataFrame,
    *,
    caption: str,
    measure_label: str,
    x: str = "year",
    group: str = "group",
    value: str = "value",
    value_format: ValueFormat = "pct",
    dp: int = 1,
    min_count: int | None = None,
) -> Chart:
    """A measure over the years, one line per group (distinct markers and line styles).

    Parameters
    ----------
    table : DataFrame
        One row per (year, group): ``x``, ``group``, ``value`` and ``suppressed``.
    caption : str
        Title printed above the chart.
    measure_label : str
        Axis label.
    x, group, value : str
        Column names.
    value_format : {"pct", "ratio", "number"}
        How values are printed.
    dp : int
        Decimal places.
    min_count : int, optional
        Disclosure threshold, for the ``[c]`` note.

    Returns
    -------
    Chart
        Each line's last value is labelled at its end; withheld years break the line and show
        ``[c]``.

    Raises
    ------
    ValueError
        For an unknown ``value_format`` or a missing column.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2024, 2025, 2026], "group": "Median gap",
    ...                   "value": [10.0, 9.0, 8.2], "suppressed": False})
    >>> trend_chart(t, caption="Trend", measure_label="Gap (%)").alt
    'Trend. Line chart of gap (%) by year: Median gap 10.0% in 2024, 9.0% in 2025, 8.2% in 2026.'
    """
    _check_format(value_format)
    data = _prepare(table, [x, group, value, "suppressed"], [value])
    groups = list(dict.fromkeys(data[group].astype(str)))
    xs = sorted(data[x].unique())
    with matplotlib.rc_context(_style()):
        fig = Figure(figsize=(WIDTH_IN, 3.4), layout="constrained")
        ax = fig.subplots()
        for j, g in zip(palette_positions(groups), groups, strict=True):
            rows = data[data[group].astype(str) == g].set_index(x).reindex(xs)
            # NaN (withheld or missing years) breaks the line rather than bridging the gap.
            ax.plot(xs, rows[value].to_numpy(dtype=float), color=PALETTE[j], lw=2,
                    ls=LINESTYLES[j], marker=MARKERS[j], ms=7)
        for g in groups:
            rows = data[data[group].astype(str) == g].sort_values(x)
            last = rows.dropna(subset=[value])
            if not last.empty:
                r = last.iloc[-1]
                ax.annotate(f"{g}: {_fmt(r[value], value_format, dp)}", (r[x], r[value]),
                            xytext=(8, 0), textcoords="offset points", va="center",
                            bbox=_LABEL_BOX)
            for _, r in rows[rows["suppressed"]].iterrows():
                ax.annotate(CONFIDENTIAL, (r[x], 0), xytext=(0, 4), textcoords="offset points",
                            xycoords=("data", "axes fraction"), ha="center")
        ax.set_xticks(xs, [str(v) for v in xs])
        lo, hi = ax.get_xlim()
        ax.set_xlim(lo, hi + (hi - lo) * 0.35)
        ax.set_xlabel("")
        ax.set_ylabel(measure_label)
    parts = []
    withheld = []
    for g in groups:
        rows = data[data[group].astype(str) == g].sort_values(x)
        shown = [f"{_fmt(r[value], value_format, dp)} in {r[x]}" for _, r in rows.iterrows()
                 if not r["suppressed"] and not np.isnan(r[value])]
        withheld += [f"{g} in {r[x]}" for _, r in rows.iterrows() if r["suppressed"]]
        parts.append(f"{g} {', '.join(shown) if shown else 'no values shown'}")
    alt = (f"{caption}. Line chart of {measure_label[:1].lower() + measure_label[1:]} by year: "
           f"{'; '.join(parts)}.{_withheld_sentence(withheld)}")
    return Chart(fig, caption, alt, data, _withheld_note(data, min_count))


def trajectory_chart(
    observed: pd.DataFrame,
    projected: pd.DataFrame,
    *,
    target: float,
    target_year: int,
    caption: str,
    group: str,
    level: float | None = None,
    min_count: int | None = None,
    projection_label: str = "at current rates",
) -> Chart:
    """A group's share of a level: observed years, where current rates lead (with the interval
    as a shaded band) and the target as a horizontal line.

    Parameters
    ----------
    observed : DataFrame
        ``year``, ``value`` (a fraction 0-1), ``suppressed``: the snapshot years.
    projected : DataFrame
        ``year``, ``value``, ``ci_low``, ``ci_high``, ``suppressed``: the projected years.
    target, target_year : float, int
        The target share (0-1) and the year it is for.
    group : str
        The group's label (the legend and the alt text).
    level : float, optional
        Confidence level of the interval, for the alt text.
    projection_label : str
        What the projection assumes (legend and alt text), e.g. "at the rates set here".

    Examples
    --------
    >>> o = pd.DataFrame({"year": [2025, 2026], "value": [0.05, 0.06], "suppressed": False})
    >>> p = pd.DataFrame({"year": [2027, 2028], "value": [0.07, 0.08], "ci_low": [0.06, 0.06],
    ...                   "ci_high": [0.08, 0.1], "suppressed": False})
    >>> trajectory_chart(o, p, target=0.12, target_year=2028, caption="T", group="G").alt
    'T. Line chart of the share of G by year: 5.0% in 2025, 6.0% in 2026; at current rates 8.0% in 2028 (interval 6.0% to 10.0%); target 12.0% by 2028.'
    """
    obs = _prepare(observed, ["year", "value", "suppressed"], ["value"]).sort_values("year")
    proj = _prepare(projected, ["year", "value", "ci_low", "ci_high", "suppressed"],
                    ["value", "ci_low", "ci_high"]).sort_values("year")
    j = palette_positions([group])[0]
    with matplotlib.rc_context(_style()):
        fig = Figure(figsize=(WIDTH_IN, 2.6), layout="constrained")
        ax = fig.subplots()
        ax.plot(obs["year"], obs["value"] * 100, color=PALETTE[j], lw=2, ls="-",
                marker=MARKERS[j], ms=7, label=f"{group}: observed")
        # the projection continues from the last observed year, dashed, its interval shaded
        last = obs.dropna(subset=["value"]).tail(1)
        px = [*last["year"], *proj["year"]]
        py = [*(last["value"] * 100), *(proj["value"] * 100)]
        lo = [*(last["value"] * 100), *(proj["ci_low"] * 100)]
        hi = [*(last["value"] * 100), *(proj["ci_high"] * 100)]
        ax.fill_between(px, lo, hi, color=PALETTE[j], alpha=0.2, lw=0,
                        label="interval of the projection")
        ax.plot(px, py, color=PALETTE[j], lw=2, ls="--", label=projection_label)
        ax.axhline(target * 100, color=OKABE_ITO["black"], lw=1.5, ls=":",
                   label=f"target by {target_year}")
        ax.annotate(f"target {fmt_pct(target, 1, unit='fraction')}", (px[0] if px else 0,
                    target * 100), xytext=(0, 4), textcoords="offset points", va="bottom")
        end = proj.dropna(subset=["value"]).tail(1)
        if not end.empty:
            r = end.iloc[0]
            ax.annotate(fmt_pct(r["value"], 1, unit="fraction"), (r["year"], r["value"] * 100),
                        xytext=(8, 0), textcoords="offset points", va="center", bbox=_LABEL_BOX)
        years = sorted({*obs["year"], *proj["year"]})
        ax.set_xticks(years, [str(int(y)) for y in years])
        ax.set_ylim(bottom=0)
        ax.set_ylabel("% of staff who declared")
        ax.legend(loc="lower left", fontsize="small", frameon=False, ncols=2)
    shown = [f"{fmt_pct(r['value'], 1, unit='fraction')} in {int(r['year'])}"
             for _, r in obs.iterrows() if not r["suppressed"] and r["value"] == r["value"]]
    withheld = [str(int(r["year"])) for _, r in pd.concat([obs, proj]).iterrows()
                if r["suppressed"]]
    end_text = ""
    end = proj.dropna(subset=["value"]).tail(1)
    if not end.empty:
        r = end.iloc[0]
        end_text = (f"; {projection_label} {fmt_pct(r['value'], 1, unit='fraction')} in "
                    f"{int(r['year'])}"
                    f"{_interval_text(r['ci_low'] * 100, r['ci_high'] * 100, 'pct', 1, level)}")
    alt = (f"{caption}. Line chart of the share of {group} by year: "
           f"{', '.join(shown) if shown else 'no values shown'}{end_text}; target "
           f"{fmt_pct(target, 1, unit='fraction')} by {target_year}."
           f"{_withheld_sentence(withheld)}")
    data = pd.concat([obs.assign(series="observed"), proj.assign(series=projection_label)],
                     ignore_index=True)
    return Chart(fig, caption, alt, data, _withheld_note(data, min_count))


__all__ = [
    "composition_chart",
    "gap_chart",
    "quarter_chart",
    "trajectory_chart",
    "trend_chart",
]
