"""Published worked examples of selection-rate comparisons (acceptance.md §2, "Selection rates")."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats.contingency import relative_risk

from eqlib.intervals import katz_interval
from eqlib.outcomes import compare_rates

# The methodology's choices, passed explicitly as the topic passes them from params
ALPHA = 0.05
MIN_GROUP_STAT = 10
FOUR_FIFTHS_BAND = (0.8, 1.25)


def _two_groups(ref: tuple[int, int], grp: tuple[int, int]) -> pd.DataFrame:
    counts = pd.DataFrame({"group": ["reference", "group"], "successes": [ref[0], grp[0]],
                           "trials": [ref[1], grp[1]]})
    return compare_rates(counts, group="group", successes="successes", trials="trials",
                         reference="reference", alpha=ALPHA, min_group_stat=MIN_GROUP_STAT, adverse_impact_band=FOUR_FIFTHS_BAND).set_index("group")


def test_four_fifths_eeoc_question_12():
    # Source: EEOC, Questions and Answers on the Uniform Guidelines (44 FR 11996, 1979), Q&A 12:
    # selection rates 60% (highest), 45%, 48% and 51% give impact ratios 0.75 (adverse impact),
    # 0.80 and 0.85 (no adverse impact). Tolerance 1e-12; flags exact (0.48/0.60 is exactly 0.8).
    counts = pd.DataFrame({"group": ["highest", "g45", "g48", "g51"],
                           "successes": [60, 45, 48, 51], "trials": [100, 100, 100, 100]})
    out = compare_rates(counts, group="group", successes="successes", trials="trials",
                        reference="highest", alpha=ALPHA, min_group_stat=MIN_GROUP_STAT, adverse_impact_band=FOUR_FIFTHS_BAND).set_index("group")
    assert out.loc["g45", "impact_ratio"] == pytest.approx(0.75, abs=1e-12)
    assert out.loc["g48", "impact_ratio"] == pytest.approx(0.80, abs=1e-12)
    assert out.loc["g51", "impact_ratio"] == pytest.approx(0.85, abs=1e-12)
    assert out["adverse_impact"].to_dict() == {"highest": False, "g45": True, "g48": False,
                                               "g51": False}


def test_katz_interval_scipy_relative_risk_example():
    # Source: scipy.stats.contingency.relative_risk documentation example: 10 of 75 exposed vs
    # 12 of 225 unexposed, relative risk 2.5, 95% CI (1.1261564003469628, 5.549850800541033).
    # Tolerance 1e-12 (both are the same closed formula).
    out = _two_groups((10, 75), (12, 225))
    assert out.loc["group", "relative_likelihood"] == pytest.approx(2.5, abs=1e-12)
    assert out.loc["group", "rl_ci_low"] == pytest.approx(1.1261564003469628, abs=1e-12)
    assert out.loc["group", "rl_ci_high"] == pytest.approx(5.549850800541033, abs=1e-12)


def test_katz_interval_agrees_with_scipy():
    # Source: scipy's own implementation; the project's Katz interval must agree (tolerance 1e-12).
    ci = relative_risk(10, 75, 12, 225).confidence_interval(confidence_level=0.95)
    ratio, low, high = katz_interval(10, 75, 12, 225)
    assert (ratio, low, high) == pytest.approx((2.5, ci.low, ci.high), abs=1e-12)


def test_wres_indicator_2_relative_likelihood():
    # Source: acceptance.md §2 "WRES indicator 2" case, computed by the NHS England Workforce Race
    # Equality Standard technical guidance method (relative likelihood of White staff being
    # appointed from shortlisting compared with ethnic minority staff):
    # White 80 appointed of 400 shortlisted (20%), ethnic minority 24 of 200 (12%),
    # RL = 0.20 / 0.12 = 1.6667 (tolerance 5e-5, published to 4 dp);
    # 95% Katz CI (1.09136, 2.54524) (tolerance 5e-6, published to 5 dp).
    out = _two_groups((80, 400), (24, 200))
    assert out.loc["group", "relative_likelihood"] == pytest.approx(1.6667, abs=5e-5)
    assert out.loc["group", "rl_ci_low"] == pytest.approx(1.09136, abs=5e-6)
    assert out.loc["group", "rl_ci_high"] == pytest.approx(2.54524, abs=5e-6)


def test_wres_indicator_2_impact_ratio_and_fisher():
    # Source: acceptance.md §2, same WRES indicator 2 case: impact ratio 0.12 / 0.20 = 0.60
    # (tolerance 1e-12), adverse under the four-fifths rule; Fisher exact two-sided
    # p = 0.01608 (tolerance 5e-6, published to 5 dp).
    out = _two_groups((80, 400), (24, 200))
    assert out.loc["group", "impact_ratio"] == pytest.approx(0.60, abs=1e-12)
    assert bool(out.loc["group", "adverse_impact"]) is True
    assert out.loc["group", "fisher_p"] == pytest.approx(0.01608, abs=5e-6)
    # one comparison only: Holm leaves the p-value unchanged
    assert out.loc["group", "fisher_p_holm"] == pytest.approx(out.loc["group", "fisher_p"])


def test_wres_indicator_2_from_applications():
    # Source: acceptance.md §2 "WRES indicator 2": White 80 appointed of 400 shortlisted,
    # ethnic minority (BME) 24 of 200 -> RL 1.6667 (5e-5), 95% CI (1.09136, 2.54524) (5e-6),
    # impact ratio 0.60, Fisher two-sided p 0.01608 (5e-6). Built here from application rows:
    # White British 300 + White other 100 (both White under WRES), Asian 120 + Black 80 (BME);
    # a not-declared applicant is left out.
    from eqlib.outcomes import wres_indicator_2

    def rows(group, appointed, shortlisted):
        return ([(group, "appointed")] * appointed
                + [(group, "interviewed")] * (shortlisted - appointed))

    apps = pd.DataFrame(
        rows("White British", 60, 300) + rows("White other", 20, 100) + rows("Asian", 14, 120)
        + rows("Black", 10, 80) + [("Prefer not to say", "appointed")]
        + [("Asian", "applied")] * 50,  # not shortlisted: outside indicator 2
        columns=["ethnicity_broad", "stage_reached"])
    out = wres_indicator_2(apps, stages=["applied", "shortlisted", "interviewed", "offered",
                                         "appointed"], alpha=ALPHA, min_group_stat=MIN_GROUP_STAT, adverse_impact_band=FOUR_FIFTHS_BAND).set_index("group")
    assert out.loc["White", ["trials", "successes"]].tolist() == [400, 80]
    assert out.loc["BME", ["trials", "successes"]].tolist() == [200, 24]
    assert out.loc["BME", "relative_likelihood"] == pytest.approx(1.6667, abs=5e-5)
    assert out.loc["BME", "rl_ci_low"] == pytest.approx(1.09136, abs=5e-6)
    assert out.loc["BME", "rl_ci_high"] == pytest.approx(2.54524, abs=5e-6)
    assert out.loc["BME", "impact_ratio"] == pytest.approx(0.60, abs=1e-12)
    assert out.loc["BME", "fisher_p"] == pytest.approx(0.01608, abs=5e-6)
