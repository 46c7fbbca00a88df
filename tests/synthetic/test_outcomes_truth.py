"""The synthetic organisation's built-in outcome effects are recovered (truth.json).

* ``shortlisting_disadvantage``: the applied -> shortlisted relative likelihood of ethnic minority
  applicants against White British applicants (WRES orientation, reference rate / group rate) is
  1.2525 in every application year (minority applicants outside the guaranteed-interview scheme
  are shortlisted at 0.75 times the reference rate). The 95% Katz interval of the reporting year
  2026 contains it. Each earlier year is an independent draw with the same truth: on the
  committed data 2024 (1.15, 0.95 to 1.39) and 2025 (1.47, 1.21 to 1.78) contain it too, but 2023
  (1.00, 0.85 to 1.18) does not - about one year in twenty should miss, so only the reporting
  year is asserted and the earlier years are checked as "most of them".
* ``programme_promotion``: Aspire participants' promotion probability is twice the eligible
  non-participants' between the 2025 and 2026 snapshots (rate ratio 2.0; odds ratio 2.163 at the
  base promotion rate 0.07, which no control of the model changes, so the adjusted odds ratio has
  the same truth). With 48 and 76 people who stayed, the intervals are wide (RL 1.98, 0.56 to
  7.01; model odds ratio 2.61, 0.57 to 12.0) but contain the truth.
"""

from __future__ import annotations

import json

import pytest

from eqlib import outcomes, quality
from eqlib.config import PROJECT_ROOT, load_params
from eqlib.topics.outcomes.analysis import _funnel
from eqlib.topics.outcomes.tables import _tidy_rates

# The methodology's choices, passed explicitly as the topic passes them from params
ALPHA = 0.05
MIN_GROUP_STAT = 10
FOUR_FIFTHS_BAND = (0.8, 1.25)

TRUTH = json.loads((PROJECT_ROOT / "data" / "raw" / "synthetic" / "truth.json").read_text())


def effect(name: str) -> dict:
    return next(e for e in TRUTH["effects"] if e["effect"] == name)


@pytest.fixture(scope="module")
def params():
    return load_params("params/ci.yaml")


@pytest.fixture(scope="module")
def data(params):
    return {y: yd.tables for y, yd in quality.load_years(params).items()}


def shortlisting_rl(apps, params):
    e = effect("shortlisting_disadvantage")
    stages = params["funnel_stages"]
    f = outcomes.funnel_rates(apps, e["characteristic"], stages=stages, reference=e["reference"],
                              alpha=1 - params["confidence_level"], min_group_stat=MIN_GROUP_STAT, adverse_impact_band=FOUR_FIFTHS_BAND)
    return f[(f["transition"] == f"{stages[0]} -> {stages[1]}") & (f["group"] == e["group"])
             ].iloc[0]


def test_shortlisting_disadvantage_recovered_in_reporting_year(data, params):
    truth = effect("shortlisting_disadvantage")["value"]
    r = shortlisting_rl(data[params["year"]]["applications"], params)
    assert r["rl_ci_low"] <= truth <= r["rl_ci_high"]
    assert r["relative_likelihood"] > 1  # the direction of the built-in disadvantage


def test_shortlisting_disadvantage_most_years_cover_truth(data, params):
    truth = effect("shortlisting_disadvantage")["value"]
    covered = [shortlisting_rl(d["applications"], params) for d in data.values()]
    hits = sum(r["rl_ci_low"] <= truth <= r["rl_ci_high"] for r in covered)
    assert hits >= len(covered) - 1


def test_shortlisting_truth_in_published_table(data, params):
    """The same figure reaches the tidy table the publication reads."""
    truth = effect("shortlisting_disadvantage")["value"]
    apps = data[params["year"]]["applications"]
    funnel = _funnel(apps, params)
    t = _tidy_rates(funnel[funnel["characteristic"] == "ethnicity_binary"],
                        table="t", population="applications", level="transition",
                        measures=["relative_likelihood"], reference="White British")
    row = t[(t["group"] == "Ethnic minority") & (t["level"] == "applied -> shortlisted")].iloc[0]
    assert row["ci_low"] <= truth <= row["ci_high"]


@pytest.fixture(scope="module")
def programme(data, params):
    prog = params["programme"]
    return outcomes.programme_participation_effect(
        data[2025]["workforce"], data[2026]["workforce"], outcome="grade_rise",
        programme=prog["name"], grades=params["grades"], eligible_grades=prog["eligible_grades"],
        target_groups=prog["target_groups"], alpha=1 - params["confidence_level"], min_group_stat=MIN_GROUP_STAT, adverse_impact_band=FOUR_FIFTHS_BAND
    )


def test_programme_promotion_rate_ratio_recovered(programme):
    # truth.json states participants / non-participants (2.0); the published RL has the report's
    # one orientation, non-participants / participants (above 1: participants fared worse), so
    # it must recover 1 / 2.0. Leavers are kept without a rise; leaving does not depend on the
    # programme in the synthetic organisation, so the ratio of rates is unchanged.
    truth = 1 / effect("programme_promotion")["value"]
    r = programme.rates.set_index("group").loc[outcomes.PARTICIPANTS]
    assert r["rl_ci_low"] <= truth <= r["rl_ci_high"]
    assert r["relative_likelihood"] < 1


def test_programme_promotion_odds_ratio_recovered(programme):
    truth = effect("programme_promotion")["odds_ratio"]
    m = programme.model.iloc[0]
    assert m["status"] == "estimated"
    assert m["ci_low"] <= truth <= m["ci_high"]


def test_programme_sample_matches_truth_note(programme):
    # truth.json: "143 eligible staff in 2025" (participants + eligible non-participants)
    sizes = programme.sample_sizes
    assert sizes["participants"] + sizes["eligible_non_participants"] == 143
