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

from eqlib.plots.base import (
    FONT_DIR,
    FONT_FAMILY,
    GROUP_PALETTE,
    HATCHES,
    LINESTYLES,
    MARKERS,
    OKABE_ITO,
    PALETTE,
    SVG_HASHSALT,
    WIDTH_IN,
    Chart,
    ValueFormat,
    palette_positions,
    register_font,
)
from eqlib.plots.comparisons import (
    benchmark_chart,
    forest_chart,
    funnel_chart,
    representation_chart,
)
from eqlib.plots.shares import (
    composition_chart,
    gap_chart,
    quarter_chart,
    trajectory_chart,
    trend_chart,
)

__all__ = [
    "Chart",
    "FONT_DIR",
    "FONT_FAMILY",
    "GROUP_PALETTE",
    "HATCHES",
    "LINESTYLES",
    "MARKERS",
    "OKABE_ITO",
    "PALETTE",
    "SVG_HASHSALT",
    "ValueFormat",
    "WIDTH_IN",
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
