"""The stock-flow model of representation trajectories (eqlib.trajectory)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eqlib import trajectory
from eqlib.trajectory import FlowRates

BANDS, GROUPS = ["junior", "senior"], ["G", "Other"]


def two_band_rates(appointments=(20.0, 0.0), share=((0.5, 0.5), (0.0, 0.0))) -> FlowRates:
    return FlowRates(leave=np.full((2, 2), 0.1), promote=np.array([[0.1, 0.1], [0.0, 0.0]]),
                     appointments=np.array(appointments), appointment_share=np.array(share))


def test_two_band_three_year_projection_by_hand():
    # junior: 10 G, 90 other; senior: 2 G, 18 other. 10% leave every year, 10% of juniors are
    # promoted, 20 junior appointments a year, half of them G, no senior appointments.
    # year 1  junior G 10*.8+10 = 18     other 90*.8+10 = 82
    #         senior G 2*.9+10*.1 = 2.8  other 18*.9+90*.1 = 25.2
    # year 2  junior G 18*.8+10 = 24.4   other 82*.8+10 = 75.6
    #         senior G 2.8*.9+1.8 = 4.32 other 25.2*.9+8.2 = 30.88
    # year 3  junior G 24.4*.8+10 = 29.52  other 75.6*.8+10 = 70.48
    #         senior G 4.32*.9+2.44 = 6.328 other 30.88*.9+7.56 = 35.352
    stocks = trajectory.project(np.array([[10.0, 90.0], [2.0, 18.0]]), two_band_rates(), 3)
    expected = [[[10, 90], [2, 18]], [[18, 82], [2.8, 25.2]], [[24.4, 75.6], [4.32, 30.88]],
                [[29.52, 70.48], [6.328, 35.352]]]
    np.testing.assert_allclose(stocks, expected, rtol=0, atol=1e-12)


def test_observed_flows_and_rates_by_hand():
    y24 = pd.DataFrame({"employee_id": [1, 2, 3, 4, 5, 6],
                        "band": ["junior"] * 4 + ["senior"] * 2,
                        "group": ["G", "G", "O", "O", "G", "O"]})
    # 1 promoted, 2 and 4 and 6 left, 3 and 5 stay, 7 (G) joins junior, 8 (O) joins senior
    y25 = pd.DataFrame({"employee_id": [1, 3, 5, 7, 8],
                        "band": ["senior", "junior", "senior", "junior", "senior"],
                        "group": ["G", "O", "G", "G", "O"]})
    flows = trajectory.observed_flows({2024: y24, 2025: y25}, band="band", group="group",
                                      bands=BANDS, groups=GROUPS)
    assert flows[["band", "group", "stock", "leavers", "promoted", "appointed"]].values.tolist() \
        == [["junior", "G", 2, 1, 1, 1], ["junior", "Other", 2, 1, 0, 0],
            ["senior", "G", 1, 0, 0, 0], ["senior", "Other", 1, 1, 0, 1]]
    rates = trajectory.rates_from_flows(flows, bands=BANDS, groups=GROUPS)
    np.testing.assert_allclose(rates.leave, [[0.5, 0.5], [0.0, 1.0]])
    np.testing.assert_allclose(rates.promote, [[0.5, 0.0], [0.0, 0.0]])
    np.testing.assert_allclose(rates.appointments, [1.0, 1.0])
    np.testing.assert_allclose(rates.appointment_share, [[1.0, 0.0], [0.0, 1.0]])


def test_appointments_needed_fed_back_reaches_the_target():
    stock = np.array([[10.0, 90.0], [2.0, 18.0]])
    rates = two_band_rates(appointments=(20.0, 4.0), share=((0.5, 0.5), (0.1, 0.9)))
    share, per_year = trajectory.appointments_needed(stock, rates, band=1, group=0,
                                                     target_share=0.25, years=3)
    assert 0.1 < share < 1.0
    assert per_year == pytest.approx(share * 4.0)
    fed = FlowRates(rates.leave, rates.promote, rates.appointments,
                    np.array([[0.5, 0.5], [share, 1 - share]]))
    final = trajectory.project(stock, fed, 3)[3, 1]
    assert final[0] / final.sum() == pytest.approx(0.25, abs=1e-7)
    less = FlowRates(rates.leave, rates.promote, rates.appointments,
                     np.array([[0.5, 0.5], [share - 0.01, 1 - share + 0.01]]))
    low = trajectory.project(stock, less, 3)[3, 1]
    assert low[0] / low.sum() < 0.25  # the smallest share that reaches the target


def test_an_unreachable_target_says_so():
    stock = np.array([[10.0, 90.0], [2.0, 18.0]])
    rates = two_band_rates(appointments=(20.0, 1.0), share=((0.5, 0.5), (0.1, 0.9)))
    share, per_year = trajectory.appointments_needed(stock, rates, band=1, group=0,
                                                     target_share=0.9, years=1)
    assert np.isnan(share) and np.isnan(per_year)


def test_interval_contains_the_central_projection_and_is_reproducible():
    rng = np.random.default_rng(1)
    rows = []
    for year in (2024, 2025):
        for b, n in (("junior", 200), ("senior", 60)):
            for g, share in (("G", 0.2), ("Other", 0.8)):
                rows.append({"year": year, "band": b, "group": g, "stock": int(n * share),
                             "leavers": int(n * share * 0.1), "promoted":
                             int(n * share * 0.05) if b == "junior" else 0,
                             "appointed": int(rng.integers(3, 10))})
    flows = pd.DataFrame(rows)
    stock = np.array([[40.0, 160.0], [12.0, 48.0]])
    a = trajectory.project_interval(flows, stock, bands=BANDS, groups=GROUPS, years=4,
                                    n_draws=300, seed=5)
    b = trajectory.project_interval(flows, stock, bands=BANDS, groups=GROUPS, years=4,
                                    n_draws=300, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert ((a["ci_low"] <= a["share"] + 1e-12) & (a["share"] <= a["ci_high"] + 1e-12)).all()
    last = a[a["step"] == 4]
    assert (last["ci_high"] - last["ci_low"] > 0).all()


def test_shares_of_bands_taken_together_among_declared_groups():
    # bands junior, senior; groups G, other declared, not declared
    stocks = np.array([[[10.0, 80.0, 10.0], [5.0, 10.0, 5.0]]])
    # senior alone among declared: 5 / 15; both bands among declared: 15 / 105; all: 15 / 120
    assert trajectory._shares(stocks, 0, among=[0, 1])[0, 1] == pytest.approx(5 / 15)
    assert trajectory._shares(stocks, 0, among=[0, 1], combine=[0, 1])[0, 0] \
        == pytest.approx(15 / 105)
    assert trajectory._shares(stocks, 0, combine=[0, 1])[0, 0] == pytest.approx(15 / 120)


def test_appointments_needed_for_bands_together_fed_back_reaches_the_target():
    stock = np.array([[10.0, 80.0, 10.0], [2.0, 15.0, 3.0]])
    rates = FlowRates(np.full((2, 3), 0.1), np.array([[0.1, 0.1, 0.1], [0.0, 0.0, 0.0]]),
                      np.array([20.0, 4.0]), np.array([[0.2, 0.7, 0.1], [0.1, 0.8, 0.1]]))
    share, per_year = trajectory.appointments_needed(stock, rates, band=[0, 1], group=0,
                                                     target_share=0.3, years=4, among=[0, 1])
    assert 0 < share < 1 and per_year == pytest.approx(share * 24.0)
    fed = rates.appointment_share.copy()
    for b in (0, 1):  # the rest in the observed proportions of the others
        fed[b] = [share, *((1 - share) * fed[b, 1:] / fed[b, 1:].sum())]
    stocks = trajectory.project(stock, FlowRates(rates.leave, rates.promote, rates.appointments,
                                                 fed), 4)
    together = stocks[4].sum(axis=0)
    assert together[0] / (together[0] + together[1]) == pytest.approx(0.3, abs=1e-7)
