"""Representation targets (eqlib.targets): params, recovery of planted rates, the published table
and its disclosure control, the report section."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import yaml

from eqlib import disclosure, targets, trajectory
from eqlib import tables as tt
from eqlib.config import PROJECT_ROOT, load_params
from eqlib.errors import ParamsError

BANDS = ["junior", "senior"]
GROUPS = ["G", "Other"]
# Planted rates of the simulated organisation (bands x groups) and its yearly appointments.
LEAVE = np.array([[0.10, 0.12], [0.08, 0.10]])
PROMOTE = np.array([[0.08, 0.06], [0.0, 0.0]])
APPOINTMENTS = np.array([60, 8])
APPOINTMENT_SHARE = np.array([[0.30, 0.70], [0.25, 0.75]])
START = {("junior", "G"): 100, ("junior", "Other"): 400, ("senior", "G"): 10,
         ("senior", "Other"): 90}


def simulate(seed: int, years: int) -> dict[int, pd.DataFrame]:
    """People followed year by year under the planted rates: each leaves with probability
    LEAVE, else is promoted with PROMOTE; APPOINTMENTS join each band, each from G with
    probability APPOINTMENT_SHARE."""
    rng = np.random.default_rng(seed)
    people = pd.DataFrame([(b, g) for (b, g), n in START.items() for _ in range(n)],
                          columns=["band", "group"])
    people.insert(0, "employee_id", np.arange(len(people)))
    next_id = len(people)
    out = {2020: people.copy()}
    for y in range(2021, 2021 + years):
        bi = people["band"].map(BANDS.index).to_numpy()
        gi = people["group"].map(GROUPS.index).to_numpy()
        u = rng.random(len(people))
        leave, promote = LEAVE[bi, gi], PROMOTE[bi, gi]
        stay = u >= leave
        up = stay & (u < leave + promote)
        people = people.assign(band=np.where(up, "senior", people["band"]))[stay]
        joiners = []
        for b, n in zip(BANDS, APPOINTMENTS, strict=True):
            g = np.where(rng.random(n) < APPOINTMENT_SHARE[BANDS.index(b), 0], "G", "Other")
            joiners.append(pd.DataFrame({"employee_id": np.arange(next_id, next_id + n),
                                         "band": b, "group": g}))
            next_id += n
        people = pd.concat([people, *joiners], ignore_index=True)
        out[y] = people.copy()
    return out


def senior_share(frame: pd.DataFrame) -> float:
    senior = frame[frame["band"] == "senior"]
    return float((senior["group"] == "G").mean())


def test_projecting_with_the_planted_rates_recovers_the_composition_within_the_interval():
    # Observe three years of flows (2020-2023), project four years from 2023. The truth is the
    # composition the planted rates lead to from the 2023 stock (the model's expectation, with no
    # estimation error); the interval (rates' uncertainty) should hold it, for most simulated
    # organisations (95% intervals: at least 34 of 40) and the central projection should be near.
    covered, errors = 0, []
    planted = trajectory.FlowRates(LEAVE, PROMOTE, APPOINTMENTS.astype(float), APPOINTMENT_SHARE)
    for seed in range(40):
        snaps = simulate(seed, 3)
        flows = trajectory.observed_flows(snaps, band="band", group="group", bands=BANDS,
                                          groups=GROUPS)
        now = snaps[2023]
        stock = np.array([[((now["band"] == b) & (now["group"] == g)).sum() for g in GROUPS]
                          for b in BANDS], dtype=float)
        truth = trajectory.project(stock, planted, 4)[4, 1]
        truth_share = truth[0] / truth.sum()
        got = trajectory.project_interval(flows, stock, bands=BANDS, groups=GROUPS, years=4,
                                          n_draws=400, seed=seed)
        last = got[(got["step"] == 4) & (got["band"] == "senior")].iloc[0]
        covered += last["ci_low"] <= truth_share <= last["ci_high"]
        errors.append(last["share"] - truth_share)
    assert covered >= 34, covered
    assert abs(np.mean(errors)) < 0.01  # no systematic bias
    assert covered < 40 or np.std(errors) > 0  # the intervals are not vacuous


def test_the_simulated_future_lies_within_the_projection_mostly():
    # The realised composition (with its own chance variation) against the interval from the
    # observed years: the interval leaves out that variation, so it is held looser.
    inside = 0
    for seed in range(20):
        snaps = simulate(seed, 7)
        observed = {y: snaps[y] for y in (2020, 2021, 2022, 2023)}
        flows = trajectory.observed_flows(observed, band="band", group="group", bands=BANDS,
                                          groups=GROUPS)
        now = snaps[2023]
        stock = np.array([[((now["band"] == b) & (now["group"] == g)).sum() for g in GROUPS]
                          for b in BANDS], dtype=float)
        got = trajectory.project_interval(flows, stock, bands=BANDS, groups=GROUPS, years=4,
                                          n_draws=300, seed=seed)
        last = got[(got["step"] == 4) & (got["band"] == "senior")].iloc[0]
        width = last["ci_high"] - last["ci_low"]
        inside += last["ci_low"] - width / 2 <= senior_share(snaps[2027]) <= \
            last["ci_high"] + width / 2
    assert inside >= 16, inside


# --------------------------------------------------------------------------------------------------
# params
# --------------------------------------------------------------------------------------------------
def raw_params() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "params" / "ci.yaml").read_text())


def test_shipped_params_targets():
    assert targets.load_targets(load_params("params/2025.yaml")) == []
    goals = targets.load_targets(load_params("params/2026.yaml"))
    assert goals[0].characteristic == "ethnicity_binary" and goals[0].target == "benchmark"
    assert goals[0].level == "senior and leadership"


@pytest.mark.parametrize(("entry", "message"), [
    ({"bands": ["senior", "executive"]}, "bands executive not in grade_bands"),
    ({"target": 1.5}, "should be a share between 0 and 1"),
    ({"target": "population"}, "'benchmark'"),
    ({"year": 2026}, "year 2026 should be a year after the reporting year 2026"),
    ({"characteristic": "religion_detailed"}, "characteristic 'religion_detailed' is not one of"),
    ({"group": "Prefer not to say"}, "should name a group"),
    ({"targte": 0.1}, "unknown key targte"),
])
def test_bad_targets_are_refused_with_a_readable_message(tmp_path, entry, message):
    raw = raw_params()
    raw["representation_targets"] = [raw["representation_targets"][0] | entry]
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ParamsError, match="representation_targets' entry 1") as err:
        load_params(path)
    assert message in str(err.value)


def test_no_targets_is_allowed(tmp_path):
    raw = raw_params()
    for value in (None, []):
        raw["representation_targets"] = value
        path = tmp_path / "p.yaml"
        path.write_text(yaml.safe_dump(raw))
        assert targets.load_targets(load_params(path)) == []


# --------------------------------------------------------------------------------------------------
# the table and the section
# --------------------------------------------------------------------------------------------------
def workforce(n_group_senior: int) -> dict[int, pd.DataFrame]:
    """Four bands over three years; the group has ``n_group_senior`` people at senior grades."""
    rng = np.random.default_rng(3)
    out, ids = {}, 0
    people = []
    for band, size, share in (("junior", 300, 0.2), ("middle", 300, 0.15),
                              ("senior", 120, n_group_senior / 120), ("leadership", 20, 0.0)):
        for _ in range(size):
            u = rng.random()
            group = ("Ethnic minority" if u < share else
                     "Prefer not to say" if u > 0.95 else "White British")
            people.append({"employee_id": ids, "grade_band": band, "ethnicity_binary": group})
            ids += 1
    frame = pd.DataFrame(people)
    for y in (2024, 2025, 2026):
        keep = rng.random(len(frame)) > 0.1
        frame = frame[keep | (frame["grade_band"] == "leadership")]
        new = frame.sample(30, random_state=y)
        new["employee_id"] += 10_000 * y
        frame = pd.concat([frame, new], ignore_index=True)
        out[y] = frame.assign(grade_band=pd.Categorical(frame["grade_band"]))
    return out


def params_with(goal: dict) -> dict:
    p = copy.deepcopy(dict(load_params("params/ci.yaml")))
    p |= {"previous_years": [2024, 2025], "representation_targets": [goal],
          "bootstrap": {"n": 200, "seed": 1, "max_n": 50000}}
    return p


GOAL = {"characteristic": "ethnicity_binary", "group": "Ethnic minority",
        "bands": ["senior", "leadership"], "target": 0.2, "year": 2030}


def test_table_is_tidy_and_its_figures_agree():
    params = params_with(GOAL)
    projected = targets.projections(workforce(15), None, params)
    table = targets.build_table(projected, params)[targets.TABLE]
    assert tt.validate_table(table) == []
    assert list(table.columns) == list(tt.TIDY_COLUMNS)
    projected = table[table["measure"] == "projected_share"]
    assert projected["level"].tolist() == [f"senior and leadership: {y}" for y in range(2027, 2031)]
    assert (projected["ci_low"] <= projected["value"]).all()
    assert (projected["value"] <= projected["ci_high"]).all()
    observed = table[table["measure"] == "share"]
    assert (observed["value"] == observed["numerator"] / observed["n"]).all()
    # the appointments needed, fed back into the model, reach the target
    p = targets.project_target(workforce(15), targets.load_targets(params)[0], params)
    share = p.appointment_share_needed
    assert 0 < share < 1
    bands = list(params["grade_bands"])
    rates = trajectory.rates_from_flows(p.flows, bands=bands,
                                        groups=[GOAL["group"], targets.OTHER_DECLARED,
                                                targets.NOT_DECLARED])
    fed = rates.appointment_share.copy()
    for b in (2, 3):
        rest = fed[b, 1:] / fed[b, 1:].sum()
        fed[b] = [share, *((1 - share) * rest)]
    fed_rates = trajectory.FlowRates(rates.leave, rates.promote, rates.appointments, fed)
    now = p.observed.iloc[-1]
    assert now["year"] == 2026
    after = targets.project_target(workforce(15), targets.load_targets(params)[0], params,
                                   rates=fed_rates)
    assert after.projected["value"].iloc[-1] == pytest.approx(0.2, abs=1e-6)
    row = table[table["measure"] == "appointments_needed"].iloc[0]
    assert row["value"] == pytest.approx(share * rates.appointments[2:].sum())


def test_a_small_group_withholds_every_model_figure():
    params = params_with(GOAL)
    projected = targets.projections(workforce(3), None, params)
    table = targets.build_table(projected, params)[targets.TABLE]
    rules = disclosure.DisclosureRules.from_params(params)
    protected = disclosure.protect_tables({targets.TABLE: table}, rules)[targets.TABLE]
    start = (table["measure"] == "share") & (table["level"] == "senior and leadership: 2026")
    assert 0 < table.loc[start, "numerator"].iloc[0] < rules.min_count
    assert protected.loc[start, "suppressed"].all()
    model = protected[protected["measure"].isin(
        ["projected_share", "appointment_share_needed", "appointments_needed"])]
    assert model["suppressed"].all()
    assert model["value"].isna().all() and model["ci_low"].isna().all()
    assert not protected.loc[protected["measure"] == "target_share", "suppressed"].any()
    assert disclosure.check_tables({targets.TABLE: protected}, rules) == []
    # the report says so in words, with no chart
    [(title, blocks)] = targets.section({targets.TABLE: protected}, params)
    assert title == "Representation targets"
    assert not any(hasattr(b, "alt") for b in blocks)


def test_section_draws_the_trajectory_with_its_numbers():
    params = params_with(GOAL)
    projected = targets.projections(workforce(15), None, params)
    table = targets.build_table(projected, params)[targets.TABLE]
    rules = disclosure.DisclosureRules.from_params(params)
    protected = disclosure.protect_tables({targets.TABLE: table}, rules)[targets.TABLE]
    [(_, blocks)] = targets.section({targets.TABLE: protected}, params)
    [chart] = [b for b in blocks if hasattr(b, "alt")]
    end = protected[(protected["measure"] == "projected_share")].iloc[-1]
    assert f"{end['value'] * 100:.1f}% in 2030" in chart.alt
    assert "target 20.0% by 2030" in chart.alt
    assert targets.section({}, params | {"representation_targets": None}) == []


def test_one_snapshot_year_gives_the_observed_share_and_the_target_only():
    params = params_with(GOAL) | {"previous_years": []}
    one = {2026: workforce(15)[2026]}
    projected = targets.projections(one, None, params)
    table = targets.build_table(projected, params)[targets.TABLE]
    assert table["measure"].tolist() == ["share", "target_share"]
    [(_, blocks)] = targets.section({targets.TABLE: table}, params)
    assert not any(hasattr(b, "alt") for b in blocks)
