"""Charts of the publication: colour-blind-safe, directly labelled, with real alt text.

Terms
-----
chart
    A :class:`Chart`: the matplotlib figure, its caption (the title printed above it), its alt
    text (a sentence saying what it shows, with its key numbers) and ``data``, the table behind it
    (printed by the regression notebooks, since nbval never compares images). A notebook cell
    ends with the chart (or ``display(chart)``): Jupyter shows its HTML, a ``<figure>`` with the
    caption, the image as an SVG data URI and the ``alt`` text, which the publication template
    copies into the report; WeasyPrint carries the ``alt`` into the PDF's Figure tag.
palette
    Okabe & Ito's eight colours, distinguishable under the common colour-vision deficiencies
    (protanopia, deuteranopia, tritanopia): :data:`OKABE_ITO`. Categories take them in
    :data:`PALETTE` order. Colour is never the only cue: bars of different groups also differ by
    hatch pattern (:data:`HATCHES`), lines and points by marker and line style, and every value
    is labelled on the chart.
withheld values
    Rows with ``suppressed`` true are withheld by disclosure control: their numbers are dropped
    (set to NaN) before anything is drawn, the chart shows ``[c]`` where the bar or point would
    be, ``data`` holds NaN, and the alt text names the withheld groups.

Determinism: figures are built with the object-oriented API (``matplotlib.figure.Figure``, no
pyplot state, so nothing is auto-displayed), and saved as SVG with text as paths
(``svg.fonttype = "path"``, so no system font is needed to view them), a fixed
``svg.hashsalt`` and no date or creator metadata: the same data give byte-identical SVG.

Font: Atkinson Hyperlegible (SIL OFL 1.1), shipped in ``notebooks/templates/fonts``. Matplotlib's
FreeType cannot read WOFF, so :func:`register_font` unpacks the vendored WOFF files (a lossless
wrapper of the same TrueType tables) with fontTools into a cache file named by the WOFF's SHA-256
and registers it with ``font_manager.addfont``.

References
----------
Okabe, M. and Ito, K. (2008) *Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
Government Analysis Function (2023) *Data visualisation: charts* and *Symbols in tables*.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from eqlib.config import PROJECT_ROOT
from eqlib.publication import CONFIDENTIAL, fmt_number, fmt_pct

__all__ = [
    "FONT_FAMILY",
    "GROUP_PALETTE",
    "HATCHES",
    "MARKERS",
    "OKABE_ITO",
    "PALETTE",
    "SVG_HASHSALT",
    "Chart",
    "benchmark_chart",
    "composition_chart",
    "forest_chart",
    "funnel_chart",
    "gap_chart",
    "palette_positions",
    "quarter_chart",
    "register_font",
    "representation_chart",
    "trajectory_chart",
    "trend_chart",
]

#: Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008), hex codes.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Order in which categories take colours: the darkest, most separable first; yellow (low
#: contrast on white) last, black reserved for reference lines and text.
PALETTE: tuple[str, ...] = tuple(
    OKABE_ITO[k]
    for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue",
              "yellow")
)
#: One colour per group everywhere: a group named here always takes this position of PALETTE
#: (and its hatch, marker and line style), whichever chart it is in and whatever order the groups
#: come in; other groups take the free positions in order (:func:`palette_positions`).
GROUP_PALETTE: dict[str, int] = {
    # sex
    "Female": 0, "Women": 0, "Woman": 0, "Male": 1, "Men": 1, "Man": 1,
    # ethnicity (binary and broad) and disability: the reference group first
    "White British": 0, "Ethnic minority": 1, "White other": 2, "Mixed": 3, "Asian": 4,
    "Black": 5, "Other": 6, "Not disabled": 0, "Disabled": 1,
    # answers that are not a group
    "Prefer not to say": 2, "Not known": 3,
}
#: Hatch patterns paired with PALETTE, so bars differ by more than colour.
HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "oo", "++")
#: Markers and line styles paired with PALETTE for points and lines.
MARKERS: tuple[str, ...] = ("o", "s", "D", "^", "v", "P", "X")
LINESTYLES: tuple[str, ...] = ("-", "--", "-.", ":", "-", "--", "-.")
FONT_FAMILY = "Atkinson Hyperlegible"
FONT_DIR: Path = PROJECT_ROOT / "notebooks" / "templates" / "fonts"
#: Fixed salt of matplotlib's SVG element ids (clip paths, hatches), for byte-identical SVG.
SVG_HASHSALT = "eqstats"
WIDTH_IN = 6.5
_GREY = "#505a5f"
_BAND = "#dee0e2"
_LABEL_BOX = {"boxstyle": "square,pad=0.1", "fc": "#ffffff", "ec": "none", "alpha": 0.85}

ValueFormat = Literal["pct", "ratio", "number"]


# --------------------------------------------------------------------------------------------------
# Font and style
# --------------------------------------------------------------------------------------------------
_registered: list[str] = []


def register_font(font_dir: Path | None = None) -> str:
    """Register the vendored Atkinson Hyperlegible fonts with matplotlib; return the family name.

    Parameters
    ----------
    font_dir : Path, optional
        Folder holding ``atkinson-hyperlegible-latin-*.woff``; default the project's fonts folder.

    Returns
    -------
    str
        ``"Atkinson Hyperlegible"``.

    Raises
    ------
    FileNotFoundError
        When the vendored font files are missing.

    Examples
    --------
    >>> register_font()
    'Atkinson Hyperlegible'
    """
    if _registered and font_dir is None:
        return FONT_FAMILY
    from fontTools.ttLib import TTFont

    folder = FONT_DIR if font_dir is None else Path(font_dir)
    files = sorted(folder.glob("atkinson-hyperlegible-latin-*.woff"))
    if not files:
        raise FileNotFoundError(f"no Atkinson Hyperlegible .woff files in {folder}")
    cache = Path(tempfile.gettempdir()) / "eqstats-fonts"
    cache.mkdir(exist_ok=True)
    for woff in files:
        digest = hashlib.sha256(woff.read_bytes()).hexdigest()[:16]
        ttf = cache / f"{woff.stem}-{digest}.ttf"
        if not ttf.exists():
            font = TTFont(woff)
            font.flavor = None
            partial = cache / f"{ttf.name}.{os.getpid()}.part"
            font.save(partial)
            os.replace(partial, ttf)
        font_manager.fontManager.addfont(str(ttf))
    _registered.append(FONT_FAMILY)
    return FONT_FAMILY


def _style() -> dict[str, Any]:
    register_font()
    rc = dict(sns.axes_style("white"))
    rc.update(
        {
            "font.family": FONT_FAMILY,
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "xtick.labelsize": 9.5,
            "ytick.labelsize": 9.5,
            "legend.fontsize": 9.5,
            "axes.edgecolor": _GREY,
            "axes.labelcolor": "#0b0c0c",
            "text.color": "#0b0c0c",
            "xtick.color": "#0b0c0c",
            "ytick.color": "#0b0c0c",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.unicode_minus": False,  # the latin subset has no U+2212
            "hatch.color": "#ffffff",
            "hatch.linewidth": 1.0,
            "svg.fonttype": "path",
            "svg.hashsalt": SVG_HASHSALT,
            "svg.image_inline": True,
            "figure.dpi": 100,
        }
    )
    return rc


# --------------------------------------------------------------------------------------------------
# The Chart object
# --------------------------------------------------------------------------------------------------
@dataclass(eq=False)
class Chart:
    """A publication chart: figure, caption, alt text and the data drawn.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    caption : str
        Printed above the chart (``<figcaption>``).
    alt : str
        Alternative text: what the chart shows and its key numbers (``<img alt>``, PDF /Alt).
    data : DataFrame
        The values drawn, withheld ones as NaN with ``suppressed`` true.
    notes : list of str
        Printed under the chart (e.g. the ``[c]`` note).
    placement : {"main", "appendix"}
        Charts carry a section's message, so they stay in the main report
        (:func:`eqlib.publication.report_section`).
    """

    figure: Figure
    caption: str
    alt: str
    data: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    placement: str = "main"

    def __post_init__(self) -> None:
        # Lay the figure out once, then freeze it: a layout engine re-run at every save drifts
        # in the last bits of the clip rectangles, and so in the SVG's clip-path ids.
        with matplotlib.rc_context(_style()):
            self.figure.draw_without_rendering()
            self.figure.set_layout_engine("none")
        self._svg: bytes | None = None

    def svg(self) -> bytes:
        """The chart as deterministic SVG bytes (text as paths, fixed ids, no date)."""
        if self._svg is None:
            buffer = io.BytesIO()
            with matplotlib.rc_context(_style()):
                self.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
            self._svg = buffer.getvalue()
        return self._svg

    def save(self, path: str | Path) -> Path:
        """Write the SVG to ``path`` and return it."""
        p = Path(path)
        p.write_bytes(self.svg())
        return p

    def html(self) -> str:
        """``<figure>`` with caption, the SVG as a data URI with ``alt``, and notes."""
        uri = "data:image/svg+xml;base64," + base64.b64encode(self.svg()).decode("ascii")
        notes = "".join(f'<p class="chart-note">{html.escape(n)}</p>' for n in self.notes)
        return (
            f'<figure class="chart"><figcaption>{html.escape(self.caption)}</figcaption>'
            f'<img src="{uri}" alt="{html.escape(self.alt, quote=True)}">{notes}</figure>'
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        with pd.option_context("display.width", 120, "display.max_columns", 20):
            table = self.data.to_string(index=False)
        return f"Chart: {self.caption}\nAlt text: {self.alt}\nData:\n{table}"


# --------------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------------
def _fmt(value: float, fmt: ValueFormat, dp: int) -> str:
    if fmt == "pct":
        return fmt_pct(value, dp)
    return fmt_number(value, dp)


def _check_format(fmt: str) -> None:
    if fmt not in ("pct", "ratio", "number"):
        raise ValueError(f"value_format must be 'pct', 'ratio' or 'number', got {fmt!r}.")


def _prepare(table: pd.DataFrame, needed: Sequence[str], numeric: Sequence[str]) -> pd.DataFrame:
    """Copy with the needed columns; withheld rows' numbers set to NaN before any drawing."""
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(
            f"the chart table lacks column(s) {missing} ('suppressed' is true where a value is "
            f"withheld); it has {list(table.columns)}."
        )
    out = table.loc[:, list(dict.fromkeys(needed))].reset_index(drop=True).copy()
    out["suppressed"] = out["suppressed"].fillna(False).astype(bool)
    for column in numeric:
        out[column] = pd.to_numeric(out[column], errors="raise").astype(float)
        out.loc[out["suppressed"], column] = np.nan
    return out


def _withheld_sentence(labels: Sequence[str]) -> str:
    if not labels:
        return ""
    return f" Withheld to protect confidentiality [c]: {', '.join(labels)}."


def _withheld_note(data: pd.DataFrame, min_count: int | None) -> list[str]:
    if not data["suppressed"].any():
        return []
    if min_count is None:
        return ["[c] confidential: withheld by disclosure control."]
    # by the withheld values' reasons where the chart's data carry them (methodology §7)
    from eqlib.publication import confidential_note_for  # noqa: PLC0415

    withheld = data.loc[data["suppressed"].astype(bool)]
    reasons = (withheld["suppression_reason"].tolist() if "suppression_reason" in data.columns
               else [])
    if not reasons or not all(isinstance(r, str) and r for r in reasons):
        reasons = ["primary", "secondary"]  # not known for each value: either may apply
    return [confidential_note_for(reasons, min_count) or ""]


def _interval_text(lo: float, hi: float, fmt: ValueFormat, dp: int, level: float | None) -> str:
    if np.isnan(lo) or np.isnan(hi):
        return ""
    lead = f"{fmt_pct(level, 0, unit='fraction')} interval" if level is not None else "interval"
    return f" ({lead} {_fmt(lo, fmt, dp)} to {_fmt(hi, fmt, dp)})"


def palette_positions(groups: Sequence[str]) -> list[int]:
    """Position in :data:`PALETTE` of each group: its :data:`GROUP_PALETTE` entry when it has one
    free, else the first position no other group of the chart takes.

    Examples
    --------
    >>> palette_positions(["Male", "Female"]), palette_positions(["Female", "Male"])
    ([1, 0], [0, 1])
    >>> palette_positions(["Group A", "Disabled"])
    [0, 1]
    """
    taken: dict[str, int] = {}
    for g in groups:
        pos = GROUP_PALETTE.get(str(g))
        if pos is not None and pos not in taken.values():
            taken[str(g)] = pos
    free = [i for i in range(len(PALETTE)) if i not in taken.values()]
    out = []
    for g in groups:
        if str(g) not in taken:
            taken[str(g)] = free.pop(0) if free else len(taken) % len(PALETTE)
        out.append(taken[str(g)])
    return out


def _fit_legend(fig: Figure, ax: Any, handles: Sequence[Any], **kwargs: Any) -> Any:
    """A legend above the axes with as many columns (at most 4) as fit the figure's width, so no
    entry is ever cut off at the edge."""
    ncol = min(len(handles), 4)
    while True:
        legend = ax.legend(handles=handles, ncol=ncol, **kwargs)
        if ncol == 1:
            return legend
        fig.draw_without_rendering()
        if legend.get_window_extent().width <= fig.bbox.width * 0.98:
            return legend
        legend.remove()
        ncol -= 1


def _figure(n_rows: int, *, per_row: float = 0.42, base: float = 1.2,
            width: float = WIDTH_IN) -> Figure:
    return Figure(figsize=(width, base + per_row * max(n_rows, 1)), layout="constrained")


def _dot_interval_chart(
    data: pd.DataFrame,
    *,
    labels: list[str],
    value: str,
    ci_low: str | None,
    ci_high: str | None,
    fmt: ValueFormat,
    dp: int,
    reference_line: float,
    axis_label: str,
    log: bool = False,
    band: tuple[float, float] | None = None,
    colours: list[str] | None = None,
    markers: list[str] | None = None,
) -> Figure:
    """Horizontal points with interval whiskers, one row per label, value labels beside."""
    fig = _figure(len(labels))
    ax = fig.subplots()
    ys = np.arange(len(labels))[::-1]
    if band is not None:
        ax.axvspan(band[0], band[1], color=_BAND, zorder=0, lw=0)
    ax.axvline(reference_line, color="#0b0c0c", lw=1, zorder=1)
    finite = pd.concat(
        [data[c] for c in (value, ci_low, ci_high) if c is not None]
    ).dropna()
    lo_lim = float(finite.min()) if len(finite) else reference_line
    hi_lim = float(finite.max()) if len(finite) else reference_line
    lo_lim, hi_lim = min(lo_lim, reference_line), max(hi_lim, reference_line)
    if band is not None:
        lo_lim, hi_lim = min(lo_lim, band[0]), max(hi_lim, band[1])
    for i, (y, (_, r)) in enumerate(zip(ys, data.iterrows(), strict=True)):
        colour = (colours or [PALETTE[0]] * len(labels))[i]
        marker = (markers or ["o"] * len(labels))[i]
        if r["suppressed"] or np.isnan(r[value]):
            ax.text(reference_line, y, f" {CONFIDENTIAL}", va="center", ha="left", fontsize=9.5)
            continue
        lo = r[ci_low] if ci_low else np.nan
        hi = r[ci_high] if ci_high else np.nan
        if not (np.isnan(lo) or np.isnan(hi)):
            ax.plot([lo, hi], [y, y], color=colour, lw=2, solid_capstyle="butt", zorder=2)
            ax.plot([lo, lo], [y - 0.15, y + 0.15], color=colour, lw=1.5, zorder=2)
            ax.plot([hi, hi], [y - 0.15, y + 0.15], color=colour, lw=1.5, zorder=2)
        ax.plot([r[value]], [y], marker=marker, color=colour, ms=7, zorder=3, ls="none")
        right = r[value] if np.isnan(hi) else max(hi, r[value])
        ax.annotate(_fmt(r[value], fmt, dp), (right, y), xytext=(6, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=9.5)
    ax.set_yticks(ys, labels)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    if log:
        positive = [v for v in (lo_lim, hi_lim) if v > 0]
        low = min(positive) if positive else reference_line
        ax.set_xscale("log")
        ax.set_xlim(low / 1.35, max(hi_lim, low) * 1.6)
        ticks = [t for t in (0.25, 0.5, 0.8, 1, 1.25, 2, 4, 8) if low / 1.35 <= t <= hi_lim * 1.6]
        ax.set_xticks(ticks, [fmt_number(t, 2) for t in ticks])
        ax.minorticks_off()
    else:
        span = (hi_lim - lo_lim) or 1.0
        ax.set_xlim(lo_lim - 0.08 * span, hi_lim + 0.22 * span)
    ax.set_xlabel(axis_label)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    return fig


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
    published percentile of the organisation comes from :mod:`eqlib.benchmark`. Year labels are
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
