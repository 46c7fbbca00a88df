"""Charts: colour-blind-safe palette, withheld values never drawn, alt text with the numbers."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from eqlib import plots
from eqlib.plots import (
    FONT_FAMILY,
    OKABE_ITO,
    PALETTE,
    Chart,
    benchmark_chart,
    composition_chart,
    forest_chart,
    funnel_chart,
    gap_chart,
    quarter_chart,
    register_font,
    representation_chart,
    trend_chart,
)

NAN = float("nan")
SECRET = 77.7  # a withheld value: must appear nowhere on a chart, in its data or its alt text


def _texts(chart: Chart) -> list[str]:
    return [t.get_text() for t in chart.figure.findobj(Text) if t.get_text()]


def _assert_withheld(chart: Chart, *labels: str, marked: bool = True) -> None:
    shown = " ".join(_texts(chart))
    assert ("[c]" in shown) is marked
    assert "77.7" not in shown and "77.7" not in chart.alt
    assert not (chart.data.select_dtypes("number") == SECRET).any().any()
    assert "Withheld to protect confidentiality [c]" in chart.alt
    for label in labels:
        assert label in chart.alt.split("Withheld to protect confidentiality [c]:")[1]


# --- palette and font ---------------------------------------------------------------------------
def test_palette_is_okabe_ito() -> None:
    # Okabe & Ito (2008), Color Universal Design, the eight colours' hex codes.
    assert OKABE_ITO == {
        "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9",
        "bluish_green": "#009E73", "yellow": "#F0E442", "blue": "#0072B2",
        "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
    }
    assert set(PALETTE) <= set(OKABE_ITO.values())
    assert len(set(PALETTE)) == len(PALETTE) == 7
    assert "#000000" not in PALETTE  # black is kept for text and reference lines


def test_categories_differ_by_more_than_colour() -> None:
    assert len(set(plots.HATCHES)) == len(PALETTE)
    assert len(set(plots.MARKERS)) == len(PALETTE)


def test_font_is_registered_from_the_vendored_files() -> None:
    assert register_font() == FONT_FAMILY
    path = font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY),
                                 fallback_to_default=False)
    assert "atkinson-hyperlegible-latin-400-normal" in Path(path).name


# --- gap chart ----------------------------------------------------------------------------------
def _gaps() -> pd.DataFrame:
    return pd.DataFrame({
        "group": ["Female", "Disabled", "Ethnic minority"],
        "value": [8.25, -2.0, SECRET],
        "ci_low": [4.1, -6.0, 70.0], "ci_high": [12.0, 1.5, 80.0],
        "suppressed": [False, False, True],
    })


def test_gap_chart_draws_no_bar_for_a_withheld_group() -> None:
    chart = gap_chart(_gaps(), caption="Gaps", reference_group="the reference group",
                      level=0.95, min_count=10)
    bars = [p for p in chart.figure.axes[0].patches if isinstance(p, Rectangle)]
    assert sorted(round(b.get_width(), 2) for b in bars) == [-2.0, 8.25]
    _assert_withheld(chart, "Ethnic minority")
    # a yes/no mask does not say which reason applies: the footnote gives both
    assert chart.notes == ["[c] confidential: fewer than 10 people, or withheld to protect "
                           "another figure."]


def test_gap_chart_alt_text_states_the_numbers() -> None:
    chart = gap_chart(_gaps(), caption="Gaps", reference_group="the reference group",
                      level=0.95)
    assert chart.alt.startswith("Gaps. Bar chart of pay gap (%) compared with the reference group")
    assert "Female 8.3% (95% interval 4.1% to 12.0%)" in chart.alt
    assert "Disabled -2.0% (95% interval -6.0% to 1.5%)" in chart.alt


def test_gap_chart_needs_the_suppressed_flag() -> None:
    with pytest.raises(ValueError, match="suppressed"):
        gap_chart(_gaps().drop(columns="suppressed"), caption="x", reference_group="y")


# --- stacked charts -----------------------------------------------------------------------------
def test_quarter_chart_labels_each_segment_and_withholds() -> None:
    t = pd.DataFrame({
        "level": ["Lower", "Lower", "Upper", "Upper"],
        "group": ["Women", "Men", "Women", "Men"],
        "value": [61.2, 38.8, SECRET, 54.5],
        "suppressed": [False, False, True, False],
    })
    chart = quarter_chart(t, caption="Quarters", min_count=5)
    texts = _texts(chart)
    assert {"61.2%", "38.8%", "54.5%"} <= set(texts)
    assert "Lower: Women 61.2%, Men 38.8%; Upper: Men 54.5%" in chart.alt
    # a withheld segment draws no text (several labels overprinted each other, issue 19): the
    # alt text and the note under the chart name it
    _assert_withheld(chart, "Women in Upper", marked=False)


def test_a_bar_withheld_whole_shows_one_label_only() -> None:
    t = pd.DataFrame({
        "level": ["Junior"] * 4 + ["Senior"] * 4,
        "group": ["White British", "Ethnic minority", "Prefer not to say", "Not known"] * 2,
        "value": [70.0, 20.0, 6.0, 4.0, SECRET, SECRET, SECRET, SECRET],
        "suppressed": [False] * 4 + [True] * 4,
    })
    chart = composition_chart(t, caption="Ethnicity", min_count=5)
    assert [x for x in _texts(chart) if "[c]" in x] == ["[c]"]
    _assert_withheld(chart, "White British in Senior", "Not known in Senior")
    # a bar whose only figure shown is 0% has nothing to see either: it is marked too
    t.loc[7, ["value", "suppressed"]] = [0.0, False]
    chart = composition_chart(t, caption="Ethnicity", min_count=5)
    assert [x for x in _texts(chart) if "[c]" in x] == ["[c]"]


def test_the_legend_is_never_wider_than_the_chart() -> None:
    groups = ["White British", "Ethnic minority", "Prefer not to say", "Not known"]
    t = pd.DataFrame({"level": "All boards", "group": groups, "value": [70.0, 15.0, 8.0, 7.0],
                      "suppressed": False})
    chart = composition_chart(t, caption="Board members")
    fig = chart.figure
    fig.draw_without_rendering()
    legend = fig.axes[0].get_legend()
    box = legend.get_window_extent()
    assert 0 <= box.x0 and box.x1 <= fig.bbox.width
    assert [t.get_text() for t in legend.get_texts()] == groups


def test_a_group_has_one_colour_in_every_chart() -> None:
    # men and women swapped colours between charts (issue 19): the colour follows the group
    def colours(order: list[str]) -> dict[str, tuple]:
        t = pd.DataFrame({"level": "All", "group": order, "value": [55.0, 45.0],
                          "suppressed": False})
        legend = quarter_chart(t, caption="q").figure.axes[0].get_legend()
        return {tx.get_text(): tuple(p.get_facecolor())
                for tx, p in zip(legend.get_texts(), legend.get_patches(), strict=True)}

    assert colours(["Female", "Male"]) == colours(["Male", "Female"])
    assert colours(["Women", "Men"])["Women"] == colours(["Female", "Male"])["Female"]


def test_composition_chart_alt_text() -> None:
    t = pd.DataFrame({"level": ["Senior"] * 2, "group": ["Disabled", "Not disabled"],
                      "value": [9.5, 90.5], "suppressed": False})
    chart = composition_chart(t, caption="Composition")
    assert chart.alt == ("Composition. Stacked bar chart of the composition of each level: "
                         "Senior: Disabled 9.5%, Not disabled 90.5%.")


# --- interval charts ----------------------------------------------------------------------------
def _intervals(label: str) -> pd.DataFrame:
    return pd.DataFrame({
        label: ["A", "B", "C"], "value": [0.8, 1.3, SECRET],
        "ci_low": [0.6, 1.1, 70.0], "ci_high": [1.05, 1.6, 80.0],
        "suppressed": [False, False, True],
    })


def test_representation_chart() -> None:
    t = _intervals("group").assign(level="Senior")
    chart = representation_chart(t, caption="Index", confidence_level=0.95)
    assert "Senior - A 0.80 (95% interval 0.60 to 1.05)" in chart.alt
    assert "Senior - B 1.30" in chart.alt
    _assert_withheld(chart, "Senior - C")


def test_forest_chart_uses_a_log_scale_and_shades_the_band() -> None:
    chart = forest_chart(_intervals("group"), caption="RL", band=(0.8, 1.25),
                         reference_group="White British")
    ax = chart.figure.axes[0]
    assert ax.get_xscale() == "log"
    assert "0.80 to 1.25 shaded as broadly proportionate" in chart.alt
    assert "A 0.80 (interval 0.60 to 1.05)" in chart.alt
    _assert_withheld(chart, "C")


def test_forest_chart_refuses_a_band_not_around_one() -> None:
    with pytest.raises(ValueError, match="low < 1 < high"):
        forest_chart(_intervals("group"), caption="RL", band=(1.1, 1.25), reference_group="x")


def test_funnel_chart() -> None:
    t = pd.DataFrame({"level": ["Shortlisted", "Shortlisted", "Appointed"],
                      "group": ["Ethnic minority", "White British", "Ethnic minority"],
                      "value": [21.0, 30.5, SECRET], "ci_low": [17.0, 28.0, 1.0],
                      "ci_high": [25.5, 33.0, 99.0], "suppressed": [False, False, True]})
    chart = funnel_chart(t, caption="Funnel")
    assert "Shortlisted - Ethnic minority 21.0% (interval 17.0% to 25.5%)" in chart.alt
    _assert_withheld(chart, "Appointed - Ethnic minority")


# --- trend and benchmark ------------------------------------------------------------------------
def test_trend_chart_breaks_the_line_at_a_withheld_year() -> None:
    t = pd.DataFrame({"year": [2023, 2024, 2025, 2026], "group": "Median gap",
                      "value": [10.0, SECRET, 9.0, 8.2],
                      "suppressed": [False, True, False, False]})
    chart = trend_chart(t, caption="Trend", measure_label="Gap (%)")
    assert "Median gap 10.0% in 2023, 9.0% in 2025, 8.2% in 2026" in chart.alt
    assert "Median gap: 8.2%" in _texts(chart)  # direct label at the end of the line
    _assert_withheld(chart, "Median gap in 2024")


def test_benchmark_chart_summarises_the_comparators() -> None:
    comp = pd.DataFrame({"year": [2025] * 5 + [2026] * 5,
                         "value": [1.0, 5.0, 9.0, 13.0, 17.0, 2.0, 4.0, 6.0, 8.0, 10.0]})
    org = pd.DataFrame({"year": [2025, 2026], "value": [8.2, 7.0], "suppressed": False})
    chart = benchmark_chart(comp, org, caption="Bench", organisation_label="LCRCA",
                            measure_label="Median gap (%)")
    row = chart.data.set_index("year").loc[2025]
    # numpy linear percentiles of 1, 5, 9, 13, 17: quartiles fall on the data points.
    assert (row["q1"], row["median"], row["q3"]) == (5.0, 9.0, 13.0)
    assert "2026: LCRCA 7.0%, comparators median 6.0% (middle half 4.0% to 8.0%" in chart.alt


# --- output -------------------------------------------------------------------------------------
def test_svg_is_byte_identical_across_builds_and_has_no_date() -> None:
    one = gap_chart(_gaps(), caption="Gaps", reference_group="r").svg()
    two = gap_chart(_gaps(), caption="Gaps", reference_group="r").svg()
    assert one == two
    assert b"<dc:date>" not in one
    assert b"<text" not in one  # text drawn as paths: no font needed to view it


def test_chart_html_is_a_figure_with_alt_text() -> None:
    chart = gap_chart(_gaps(), caption='Gaps "quoted"', reference_group="r")
    h = chart.html()
    assert h.startswith('<figure class="chart"><figcaption>Gaps &quot;quoted&quot;</figcaption>')
    alt = re.search(r'alt="([^"]*)"', h)
    assert alt is not None and "Female 8.3%" in alt.group(1)
    assert 'src="data:image/svg+xml;base64,' in h
    assert chart._repr_html_() == h


def test_chart_repr_prints_alt_text_and_data_for_regression_tests() -> None:
    text = repr(gap_chart(_gaps(), caption="Gaps", reference_group="r"))
    assert text.startswith("Chart: Gaps\nAlt text: Gaps.")
    assert "Female" in text and "8.25" in text
    assert np.isnan(gap_chart(_gaps(), caption="G", reference_group="r").data["value"].iloc[2])


# --- issue 17, item 7: one series per organisation, time-spaced years, one RL orientation ---
def test_benchmark_chart_keeps_published_and_computed_figures_apart() -> None:
    comp = pd.DataFrame({"year": ["2020-21"] * 3 + ["2023-24"] * 3,
                         "value": [1.0, 5.0, 9.0, 2.0, 4.0, 6.0]})
    published = pd.DataFrame({"year": ["2020-21", "2023-24"], "value": [15.1, 9.6],
                              "suppressed": False})
    computed = pd.DataFrame({"year": ["2023-24"], "value": [6.3], "suppressed": False})
    chart = benchmark_chart(comp, published, caption="Bench", organisation_label="Published",
                            measure_label="Median gap (%)", current=computed,
                            current_label="This report (synthetic data)")
    row = chart.data.set_index("year").loc["2023-24"]
    # the two sources sit side by side, neither overwriting the other
    assert (row["organisation"], row["current"]) == (9.6, 6.3)
    assert "Published 9.6%, This report (synthetic data) 6.3%" in chart.alt
    # the line (diamonds) joins the published points only; the computed figure is its own
    # unjoined marker (circle)
    lines = chart.figure.axes[0].get_lines()
    published_line = [ln for ln in lines if ln.get_marker() == "D"]
    computed = [ln for ln in lines if ln.get_marker() == "o"]
    assert [list(ln.get_ydata()) for ln in published_line] == [[15.1, 9.6]]
    assert [list(ln.get_ydata()) for ln in computed] == [[6.3]]
    assert computed[0].get_linestyle() in ("None", "") or computed[0].get_linewidth() == 0


def test_benchmark_chart_year_axis_is_spaced_by_time() -> None:
    comp = pd.DataFrame({"year": ["2017-18", "2019-20", "2024-25"], "value": [1.0, 2.0, 3.0]})
    org = pd.DataFrame({"year": ["2017-18", "2019-20", "2024-25"], "value": [4.0, 5.0, 6.0],
                        "suppressed": False})
    chart = benchmark_chart(comp, org, caption="Bench", organisation_label="Org",
                            measure_label="Median gap (%)")
    # a missing year (2018-19, 2020-21 ...) leaves a gap: ticks at 2017, 2019, 2024
    assert list(chart.figure.axes[0].get_xticks()) == [2017.0, 2019.0, 2024.0]


def test_forest_chart_axis_states_the_orientation() -> None:
    t = pd.DataFrame({"group": ["Disabled"], "value": [0.7], "ci_low": [0.5],
                      "ci_high": [0.98], "suppressed": [False]})
    chart = forest_chart(t, caption="RL", band=(0.8, 1.25), reference_group="not disabled")
    assert "above 1: the group fared worse" in chart.figure.axes[0].get_xlabel()
