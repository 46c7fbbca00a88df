"""Integration tests of eqlib.topics.paygap (the pay gap topic) on the synthetic organisation: tidy tables fit to publish, totals, determinism, and the
publication sections built only from (suppressed) table values."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from eqlib import tables as tt
from eqlib.plots import Chart
from eqlib.topics import paygap as report
from eqlib.topics.paygap.tables import _tidy_long


@pytest.fixture(scope="module")
def workforces(years):
    return {y: d.tables["workforce"] for y, d in years.items()}


@pytest.fixture(scope="module")
def built(workforces, params):
    return report.build_tables(report.run(params, {y: {"workforce": wf}
                                                   for y, wf in workforces.items()}))


def _text(blocks) -> str:
    parts = []
    for b in blocks:
        parts.append(b.alt if isinstance(b, Chart) else re.sub(r"<[^>]+>", " ", b.html))
    return " ".join(parts)


def test_every_table_is_valid_and_named(built):
    assert list(built) == list(report.TABLES)
    for name, table in built.items():
        assert tt.validate_table(table) == [], name
        assert set(table["table"]) == {name}


def test_gap_rows_carry_both_group_sizes(built):
    for name, table in built.items():
        gaps = table[tt.kinds_of(table) == "gap"]
        assert gaps["n"].notna().all() and gaps["n_reference"].notna().all(), name


def test_share_rows_carry_numerator_and_denominator(built):
    for name, table in built.items():
        shares = table[tt.kinds_of(table).isin(tt.SHARE_KINDS) & ~table["suppressed"]]
        assert shares["numerator"].notna().all() and shares["n"].notna().all(), name


def test_quarter_counts_add_up_to_their_total(built):
    q = built["paygap_quarters"]
    counts = q[q["measure"] == "count"]
    for (characteristic, level), part in counts.groupby(["characteristic", "level"]):
        total = part.loc[part["group"] == tt.TOTAL, "value"].item()
        assert part.loc[part["group"] != tt.TOTAL, "value"].sum() == total, (characteristic,
                                                                             level)


def test_statutory_quarter_shares_sum_to_exactly_100(built):
    gpg = built["paygap_gpg"]
    shares = gpg[gpg["measure"] == "quarter_share_pct"].groupby("level")["value"].sum()
    assert np.allclose(shares.to_numpy(), 100.0)
    assert len(shares) == 4


def test_statutory_quarter_counts_match_composition(built):
    gpg = built["paygap_gpg"]
    q = built["paygap_quarters"]
    for _, r in gpg[gpg["measure"] == "quarter_share_pct"].iterrows():
        count = q[(q["characteristic"] == "sex") & (q["group"] == r["group"])
                  & (q["level"] == r["level"]) & (q["measure"] == "count")]["value"].item()
        assert count == r["numerator"]


def test_tables_are_deterministic(workforces, params, built):
    again = report.build_tables(report.run(params, {y: {"workforce": wf}
                                                    for y, wf in workforces.items()}))
    for name in built:
        pd.testing.assert_frame_equal(built[name], again[name], obj=name)


def test_benchmark_rows_are_external(built):
    for name in ("paygap_benchmark", "paygap_benchmark_history",
                 "paygap_benchmark_distribution", "paygap_benchmark_named"):
        assert set(tt.kinds_of(built[name])) == {"external"} or name == "paygap_benchmark" \
            and set(tt.kinds_of(built[name])) <= {"external", "count"}


def test_organisation_excluded_from_its_comparators(built):
    dist = built["paygap_benchmark_distribution"]
    assert not dist["group"].str.startswith(report.BENCHMARK_ORGANISATION).any()


def _suppress(table: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    out = table.copy()
    out.loc[mask, ["value", "ci_low", "ci_high", "numerator"]] = np.nan
    out.loc[mask, "suppressed"] = True
    out.loc[mask, "suppression_reason"] = "primary_statistic"
    return out


def test_section_shows_c_and_not_the_withheld_number(built, params):
    # a distinctive number left in place under the suppression flag must never be printed
    tables = dict(built)
    gaps = tables["paygap_gaps"].copy()
    target = (gaps["characteristic"] == "disability") & (gaps["measure"] == "mean_gap_pct")
    gaps.loc[target, ["value", "ci_low", "ci_high"]] = [77.77, 66.66, 88.88]
    gaps.loc[target, "suppressed"] = True
    tables["paygap_gaps"] = gaps
    heading, blocks = report.section(tables, params)[1]
    text = _text(blocks)
    assert "[c]" in text
    for number in ("77.8", "66.7", "88.9"):
        assert number not in text
    assert "non-disabled staff's is withheld [c]" in text


def test_section_headings_and_order(built, params):
    parts = report.section(built, params)
    assert [h for h, _ in parts] == ["Gender pay gap", "Ethnicity, disability and other pay gaps"]
    assert all(hasattr(b, "_repr_html_") for _, blocks in parts for b in blocks)


def test_section_states_warning_and_synthetic_and_comparison_year(built, params):
    gender, other = (_text(b) for _, b in report.section(built, params))
    assert "occupational segregation" in other
    assert "synthetic" in gender
    year = built["paygap_benchmark_years"]
    comparison = year.loc[year["characteristic"] == "comparison_year", "group"].item()
    assert f"Against {comparison} national data" in gender
    assert "latest complete year" in gender


def test_headline_numbers_come_from_the_tables(built, params):
    sentences = report.headline(built, params)
    gpg = built["paygap_gpg"]
    mean = gpg.loc[gpg["measure"] == "mean_gap_pct", "value"].item()
    median = gpg.loc[gpg["measure"] == "median_gap_pct", "value"].item()
    assert f"{mean:.1f}%" in sentences[0] and f"{median:.1f}%" in sentences[1]
    published = set()
    for table in (built["paygap_gpg"], built["paygap_gaps"]):
        for col in ("value", "ci_low", "ci_high"):
            published |= {f"{abs(v):.1f}" for v in table[col].dropna()
                          if f"{abs(v):.2f}"[-1] != "5"}
            published |= {tt.render_value(abs(v)) for v in table[col].dropna()}
    for sentence in sentences:
        for number in re.findall(r"(\d+\.\d)%", sentence):
            assert number in published, (number, sentence)


def test_headline_says_whether_distinguishable(built, params):
    sentences = report.headline(built, params)
    assert any("statistically distinguishable from zero" in s for s in sentences[2:])


def test_headline_withheld_gender_gap_prints_c(built, params):
    tables = dict(built)
    gpg = tables["paygap_gpg"]
    tables["paygap_gpg"] = _suppress(gpg, gpg["measure"] == "mean_gap_pct")
    sentence = report.headline(tables, params)[0]
    assert "[c]" in sentence and not re.search(r"\d+\.\d%", sentence)


@pytest.mark.parametrize("characteristics, expected", [
    (["sex", "age_band"], ["sex"]),
    (["ethnicity_broad", "ethnicity_binary", "sexual_orientation"],
     ["ethnicity_binary", "sexual_orientation"]),
    (["ses_class"], []),
])
def test_binary_characteristics(characteristics, expected):
    assert report.binary_characteristics({"pay_gap_characteristics": characteristics}) == expected


def test_tidy_long_gives_the_rows_tidy_gives_run_by_run():
    # _tidy_long builds the tidy rows column by column; eqlib.tables.tidy, called once per run of
    # rows sharing population, characteristic, measure and reference group, is the definition
    long = pd.DataFrame({
        "population": ["fpre", "fpre", "fpre", "relevant", "relevant"],
        "characteristic": ["sex", "sex", "sex", "sex", "sex"],
        "group": ["Female", "Female", "Other", "Female", "Male"],
        "level": ["All staff", None, "G1", "All staff", "All staff"],
        "measure": ["mean_gap_pct", "median_gap_pct", "median_gap_pct", "count", "count"],
        "reference_group": ["Male", "Male", "Male", None, None],
        "value": [10.5, 8.25, np.nan, 12, 3],
        "n": [40, 40, 2, 99, 99],
        "n_reference": [50, 50, 50, np.nan, np.nan],
        "ci_low": [5.0, 1.0, np.nan, np.nan, np.nan],
        "ci_high": [15.0, 14.0, np.nan, np.nan, np.nan],
        "suppressed": [False, False, True, False, True],
        "suppression_reason": [None, None, "primary_statistic", None, "primary_count"],
    })
    got = _tidy_long(long, table="t")
    frame = long.assign(level=long["level"].fillna(report.ALL_STAFF), numerator=np.nan,
                        group_parent=None, level_parent=None)
    frame.loc[frame["suppressed"], ["value", "ci_low", "ci_high"]] = np.nan
    parts = []
    for rows in ([0], [1, 2], [3, 4]):
        part = frame.iloc[rows]
        first = part.iloc[0]
        one = tt.tidy(part, table="t", population=first["population"],
                      characteristic="sex", measures={"value": first["measure"]}, level="level",
                      n="n", numerator={first["measure"]: "numerator"}, n_reference="n_reference",
                      ci={first["measure"]: ("ci_low", "ci_high")},
                      reference_group=first["reference_group"], group_parent="group_parent",
                      level_parent="level_parent")
        one["suppressed"] = part["suppressed"].to_numpy()
        one["suppression_reason"] = part["suppression_reason"].to_numpy()
        parts.append(one)
    expected = tt.conform(pd.concat(parts, ignore_index=True))
    pd.testing.assert_frame_equal(got, expected)
    assert got.loc[3, "n"] == 12.0 and np.isnan(got.loc[4, "n"])  # a count's n is the count
    assert got.loc[1, "level"] == report.ALL_STAFF and np.isnan(got.loc[2, "value"])


# ------------------------------------------------------------------------------------------------
# Headlines from pre-specified comparisons; group statements adjusted (issue 17, item 4)
# ------------------------------------------------------------------------------------------------
def test_headline_takes_only_the_prespecified_comparisons(built, params):
    tables = dict(built)
    gaps = tables["paygap_gaps"].copy()
    # make a small broad group's gap the largest by far: it must not become a headline
    mixed = (gaps["characteristic"] == "ethnicity_broad") & (gaps["measure"] == "mean_gap_pct")
    gaps.loc[mixed, "value"] = 55.5
    tables["paygap_gaps"] = gaps
    sentences = report.headline(tables, params)
    text = " ".join(sentences)
    assert "55.5" not in text
    assert len(sentences) == 4
    assert "ethnic minority" in sentences[2].lower() and "white british" in sentences[2].lower()
    assert "disabled" in sentences[3].lower()


def test_group_gaps_distinguishable_only_after_holm_adjustment():
    # A: 3.0 (0.2 to 5.8): SE = 5.6 / 3.92 = 1.4286, z = 2.1, p = 0.0357;
    # B: 2.5 (0.05 to 4.95): SE = 1.25, z = 2.0, p = 0.0455. Both intervals exclude 0, but Holm
    # gives 2 x 0.0357 = 0.0714 and max(0.0714, 0.0455) = 0.0714: neither is distinguishable.
    rows = pd.DataFrame({"group": ["A", "B", "C"], "measure": "mean_gap_pct",
                         "value": [3.0, 2.5, 1.0], "ci_low": [0.2, 0.05, -1.0],
                         "ci_high": [5.8, 4.95, 3.0], "suppressed": [False, False, True]})
    assert report.adjusted_distinguishable(rows, ["A", "B"], {"confidence_level": 0.95}) == [
        "No", "No"]
    # a withheld gap is not adjusted and shows [c]; one group alone needs no adjustment
    assert report.adjusted_distinguishable(rows, ["A", "C"], {"confidence_level": 0.95})[1] \
        == "[c]"
    assert report.adjusted_distinguishable(rows, ["A"], {"confidence_level": 0.95}) is None


def test_interval_p_value_reads_a_wald_interval_back():
    from eqlib.intervals import interval_p_value

    # estimate 1.96 with 95% interval 0 to 3.92: SE 1, z 1.96, p 0.05
    assert interval_p_value(1.96, 0.0, 3.92) == pytest.approx(0.05, abs=1e-4)


# ------------------------------------------------------------------------------------------------
# Comparisons that do not mislead (issue 17, item 7)
# ------------------------------------------------------------------------------------------------
def test_within_band_gender_gap_compares_women_with_men_of_the_same_band(built, params):
    t = built["paygap_within_grade_band"]
    sex = t[(t["characteristic"] == "sex") & (t["measure"] == "mean_gap_pct")]
    assert set(sex["level"]) == set(params["grade_bands"])
    assert set(sex["group"]) == {"Female"} and set(sex["reference_group"]) == {"Male"}
    # nothing compares every band with one reference band any more
    inter = built["paygap_intersectional"]
    assert not inter["characteristic"].str.contains("grade_band").any()
    assert not inter["reference_group"].astype(str).str.contains("leadership").any()


def test_within_band_gap_is_in_the_publication(built, params):
    _, other = (_text(b) for _, b in report.section(built, params))
    assert "Gender pay gap within each grade band" in other
    assert "Women compared with men of the same grade band" in other


def test_raw_and_adjusted_gaps_on_one_scale_or_labelled(built, params):
    adj = built["paygap_adjusted"]
    both = adj[adj["measure"].isin(["unadjusted_gap_pct", "adjusted_gap_pct"])]
    # every adjusted gap has its unadjusted counterpart from the same regression, same people
    counts = both.groupby(["characteristic", "group"])["measure"].nunique()
    assert (counts == 2).all() and len(counts) > 0
    _, other = (_text(b) for _, b in report.section(built, params))
    assert "Unadjusted gap, regression scale" in other
    assert "different measures" in other


# ---- "At a glance" (issue 19) -------------------------------------------------------------------
def test_statutory_figures_table_has_last_year_and_the_change(built, params):
    html = report.statutory_figures_table(built, params).html
    year, previous = params["year"], max(params["previous_years"])
    assert f">{previous}</th>" in html and f">{year}</th>" in html
    assert ">Change</th>" in html
    trend = built["paygap_trend_gpg"]
    change = trend[(trend["level"] == f"Change {previous} to {year}")
                   & (trend["measure"] == "mean_gap_pct")]["value"].iloc[0]
    from eqlib.publication import fmt_number
    assert f">{fmt_number(change, 1)} pp<" in html
    single = dict(built, paygap_trend_gpg=trend[trend["level"] == str(year)])
    alone = report.statutory_figures_table(single, params).html
    assert "Change" not in alone and f">{previous}</th>" not in alone


def test_glance_words_the_uncertainty_and_withholds(built, params):
    sentences = report.glance(built, params)
    assert len(sentences) == 2
    for s in sentences:
        assert ("larger than chance alone would explain" in s
                or "we cannot tell this apart from no difference" in s), s
    gaps = built["paygap_gaps"]
    mask = (gaps["characteristic"] == "disability") & (gaps["group"] == "Disabled")
    hidden = report.glance(dict(built, paygap_gaps=_suppress(gaps, mask)), params)
    assert "withheld [c]" in hidden[1] and "%" not in hidden[1]
