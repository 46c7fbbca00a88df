"""The chart object, its font and colour-blind-safe style, and the helpers every chart shares
(alt text, withheld values, interval labels). See :mod:`eqlib.plots`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
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

from eqlib.config import PROJECT_ROOT
from eqlib.publication import CONFIDENTIAL, fmt_number, fmt_pct

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


__all__ = [
    "FONT_FAMILY",
    "GROUP_PALETTE",
    "HATCHES",
    "MARKERS",
    "OKABE_ITO",
    "PALETTE",
    "SVG_HASHSALT",
    "Chart",
    "palette_positions",
    "register_font",
]
