"""The synthetic organisation's built-in representation effects are recovered (truth.json).

Expected values, derived from how ``eqlib.synth`` draws entrants:

* ``minority_representation_multiplier`` m multiplies the population weight of every ethnic
  minority group for entrants to a grade band, then the weights are renormalised, so an entrant
  is from an ethnic minority with probability ``m s / (m s + 1 - s)`` (s = the LCR population's
  ethnic minority share): an *odds* multiplier, as truth.json says. The entrants'
  representation index is therefore ``m / (1 - s + m s)``: for m = 0.5 and s = 0.1219,
  0.5 / 0.939 = 0.532 (not 0.5). Promotions are independent of ethnicity, so staff promoted into
  the senior band from the middle band (m = 1, index 1) pull the snapshot's index up from 0.532
  towards 1 ("promotions blur it slightly"): the test asks the 95% interval to contain the
  entrants' value, and the top bands' index to lie below the junior band's (m = 1.15).
* ``female_share_by_grade_band``: an entrant to the junior band is female with probability 0.66;
  sex-neutral promotions move people up, so the junior share stays close to 0.66 (the Wilson
  interval must contain it) and the leadership share (0.40) is below the junior share.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from eqlib import census, quality
from eqlib.config import PROJECT_ROOT, load_params
from eqlib.intervals import wilson_interval
from eqlib.topics import representation as rr

TRUTH = json.loads((PROJECT_ROOT / "data" / "raw" / "synthetic" / "truth.json").read_text())


def _effect(name: str) -> dict:
    return next(e for e in TRUTH["effects"] if e["effect"] == name)


@pytest.fixture(scope="module")
def params():  # noqa: ANN201
    return load_params(PROJECT_ROOT / "params" / "ci.yaml")


@pytest.fixture(scope="module")
def data(params):  # noqa: ANN001, ANN201
    years = quality.load_years(params)
    return {y: d.tables for y, d in years.items()}


@pytest.fixture(scope="module")
def built(data, params):  # noqa: ANN001, ANN201
    bench = census.read_benchmark(PROJECT_ROOT / params["benchmark"]["file"])
    return rr.build_tables(rr.run(params, data, benchmark=bench))


def _index_row(built, level: str) -> pd.Series:  # noqa: ANN001
    t = built["representation_index"]
    return t[(t["characteristic"] == "ethnicity_binary") & (t["group"] == "Ethnic minority")
             & (t["level"] == level) & (t["measure"] == "representation_index")].iloc[0]


def _lcr_minority_share() -> float:
    raw = pd.read_csv(PROJECT_ROOT / "data" / "reference" / "census2021_lcr.csv")
    part = raw[(raw["area_code"] == "LCR") & (raw["characteristic"] == "ethnicity_binary")]
    counts = part.set_index("group")["count"]
    return float(counts["Ethnic minority"] / counts.sum())


def test_minority_index_at_senior_and_leadership_contains_the_truth(built, params) -> None:  # noqa: ANN001
    multiplier = _effect("minority_representation_multiplier")["value"]
    label, top = rr.top_levels(params)
    assert {multiplier[b] for b in top} == {0.5}
    m = multiplier[top[0]]
    s = _lcr_minority_share()
    expected = m / (1 - s + m * s)  # entrants' index; about 0.532
    assert expected == pytest.approx(0.532, abs=0.001)
    r = _index_row(built, label)
    assert r["ci_low"] <= expected <= r["ci_high"]


def test_minority_index_is_lower_at_the_top_than_in_junior_grades(built, params) -> None:  # noqa: ANN001
    label, _ = rr.top_levels(params)
    assert _index_row(built, label)["value"] < _index_row(built, "junior")["value"]


def test_female_share_in_junior_grades_contains_the_truth(built) -> None:  # noqa: ANN001
    truth = _effect("female_share_by_grade_band")["value"]
    t = built["representation_composition_grade_band"]
    counts = t[(t["characteristic"] == "sex") & (t["measure"] == "count")]
    v = counts.set_index(["level", "group"])["value"]
    low, high = wilson_interval(int(v[("junior", "Female")]), int(v[("junior", "Total")]))
    assert low <= truth["junior"] <= high
    lead = v[("leadership", "Female")] / v[("leadership", "Total")]
    junior = v[("junior", "Female")] / v[("junior", "Total")]
    assert lead < junior


def test_benchmark_shares_equal_the_census_file(built) -> None:  # noqa: ANN001
    raw = pd.read_csv(PROJECT_ROOT / "data" / "reference" / "census2021_lcr.csv")
    raw = raw[(raw["area_code"] == "LCR") & (raw["group"] != "Not answered")]
    # the population closest to a workforce (params benchmark.population: closest): the first of
    # working age, aged 16+, all residents that the file has for the characteristic
    rank = {"working_age": 0, "aged_16_plus": 1, "all_residents": 2}
    best = raw.groupby("characteristic")["population"].transform(
        lambda p: min(p, key=rank.__getitem__))
    raw = raw[raw["population"] == best]
    expected = raw.groupby("characteristic")["count"].transform(lambda c: c / c.sum())
    expected.index = pd.MultiIndex.from_frame(raw[["characteristic", "group"]])
    expected = expected.sort_index()
    b = built["representation_benchmark"].set_index(["characteristic", "group"])["value"]
    assert len(b) > 40
    for key, value in b.items():
        assert value == pytest.approx(expected[key], rel=1e-12), key
    used = built["representation_index"]
    share_b = used[used["measure"] == "diff_pp"]  # diff_pp = (share - benchmark) * 100
    share = used[used["measure"] == "share"].set_index(["characteristic", "group", "level"])
    for _, r in share_b.dropna(subset=["value"]).head(50).iterrows():
        s = share.loc[(r["characteristic"], r["group"], r["level"]), "value"]
        assert s - r["value"] / 100 == pytest.approx(expected[(r["characteristic"], r["group"])])



@pytest.mark.parametrize("trajectory", TRUTH["trajectories"], ids=lambda t: t["characteristic"])
def test_projecting_the_four_snapshots_recovers_the_future_composition(data, params, trajectory):
    """Issue 20: the flow model, fed the four shipped snapshots (their observed joiner, leaver and
    promotion rates), projects the bands' composition to the targets' year; the truth file's
    composition then (the organisation run on under its planted rates, averaged over simulated
    futures) lies within the projection's interval, and near its centre."""
    from eqlib import targets

    target = targets.Target(characteristic=trajectory["characteristic"],
                            group=trajectory["group"], bands=tuple(trajectory["bands"]),
                            target=0.5, year=int(trajectory["year"]))
    workforce = {y: t["workforce"] for y, t in data.items()}
    projection = targets.project_target(workforce, target, params)
    final = projection.projected.set_index("year").loc[trajectory["year"]]
    truth = trajectory["value"]
    assert final["ci_low"] <= truth <= final["ci_high"], (final.to_dict(), truth)
    # the interval is informative, not everything: narrower than half the share itself
    assert final["ci_high"] - final["ci_low"] < max(truth, final["value"])
