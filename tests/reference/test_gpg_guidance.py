"""GOV.UK gender pay gap worked examples reproduced (acceptance.md §2).

Source of every expected number: GOV.UK, "Gender pay gap reporting: make your calculations"
(Government Equalities Office guidance, sections on the mean and median hourly pay gaps, the bonus
figures and the quartile pay bands), as tabulated in acceptance.md §2. Each test builds a workforce
whose totals, medians and counts match the worked example and checks the library's figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eqlib.paygap import (
    gpg_figures,
    gpg_submission,
    quarter_band_sizes,
    quarter_bands,
)


def _workforce(male_pay, female_pay, male_bonus=None, female_bonus=None) -> pd.DataFrame:
    male_pay, female_pay = list(male_pay), list(female_pay)
    n_m, n_f = len(male_pay), len(female_pay)
    bonus = list(male_bonus if male_bonus is not None else [0.0] * n_m)
    bonus += list(female_bonus if female_bonus is not None else [0.0] * n_f)
    return pd.DataFrame({
        "employee_id": [f"E{i:06d}" for i in range(n_m + n_f)],
        "sex": ["Male"] * n_m + ["Female"] * n_f,
        "hourly_pay": male_pay + female_pay,
        "bonus_pay_12m": bonus,
        "reduced_pay_leave": False,
    })


def _with_total(n: int, total: float, low: float) -> list[float]:
    """n pay rates summing to ``total``: half at ``low``, the rest equal (so not all tied)."""
    k = n // 2
    high = (total - k * low) / (n - k)
    return [low] * k + [high] * (n - k)


def test_mean_hourly_gap():
    # GOV.UK "make your calculations", mean gender pay gap in hourly pay: men 1,345 people with
    # total hourly pay £23,550, women 3,100 people with total £46,900 -> 13.59% (2 dp), published
    # as 13.6. Tolerance: 0.005 (the guidance's 2 dp rounding).
    men = _with_total(1345, 23_550.0, 16.0)
    women = _with_total(3100, 46_900.0, 14.0)
    assert sum(men) == pytest.approx(23_550.0) and sum(women) == pytest.approx(46_900.0)
    figures = gpg_figures(_workforce(men, women))
    assert figures["DiffMeanHourlyPercent"] == pytest.approx(13.59, abs=0.005)
    # published to 1 dp (exact after rounding)
    assert gpg_submission(figures)["DiffMeanHourlyPercent"] == 13.6


def test_median_hourly_gap():
    # GOV.UK: men's median hourly pay £15; women's two middle values £13 and £15 (median £14)
    # -> median gap 6.67% (tolerance 0.005, the guidance's 2 dp).
    men = [10.0, 12.0, 15.0, 18.0, 20.0]  # median 15
    women = [9.0, 13.0, 15.0, 16.0]  # middle values 13 and 15
    figures = gpg_figures(_workforce(men, women))
    assert figures["DiffMedianHourlyPercent"] == pytest.approx(6.67, abs=0.005)


def test_bonus_proportions():
    # GOV.UK: 1,300 of 1,375 men and 2,000 of 3,125 women received a bonus -> 94.5% and 64.0%
    # (published to 1 dp; exact after rounding; unrounded tolerance 0.05).
    male_bonus = [100.0] * 1300 + [0.0] * 75
    female_bonus = [100.0] * 2000 + [0.0] * 1125
    wf = _workforce(np.linspace(10, 30, 1375), np.linspace(10, 30, 3125), male_bonus,
                    female_bonus)
    figures = gpg_figures(wf)
    assert figures["MaleBonusPercent"] == pytest.approx(94.5, abs=0.05)
    assert figures["FemaleBonusPercent"] == pytest.approx(64.0, abs=0.05)
    submission = gpg_submission(figures)
    assert (submission["MaleBonusPercent"], submission["FemaleBonusPercent"]) == (94.5, 64.0)


def test_mean_bonus_gap():
    # GOV.UK: mean bonus pay £1,650 (men) vs £1,490 (women) -> 9.7% (1 dp; tolerance 0.05).
    male_bonus = [1_500.0, 1_800.0]  # mean 1,650
    female_bonus = [1_390.0, 1_590.0, 0.0]  # mean of recipients 1,490 (zero = no bonus)
    wf = _workforce([20.0, 22.0], [18.0, 19.0, 21.0], male_bonus, female_bonus)
    figures = gpg_figures(wf)
    assert figures["DiffMeanBonusPercent"] == pytest.approx(9.7, abs=0.05)
    assert gpg_submission(figures)["DiffMeanBonusPercent"] == 9.7


def test_median_bonus_gap():
    # GOV.UK: median bonus pay £2,300 (men) vs £2,225 (women) -> 3.3% (1 dp; tolerance 0.05).
    male_bonus = [1_000.0, 2_300.0, 5_000.0]
    female_bonus = [900.0, 2_225.0, 4_000.0]
    wf = _workforce([20.0, 22.0, 24.0], [18.0, 19.0, 21.0], male_bonus, female_bonus)
    figures = gpg_figures(wf)
    assert figures["DiffMedianBonusPercent"] == pytest.approx(3.3, abs=0.05)
    assert gpg_submission(figures)["DiffMedianBonusPercent"] == 3.3


def test_band_sizes_4445():
    # GOV.UK quartile pay bands: 4,445 full-pay relevant employees -> 1,112 / 1,111 / 1,111 /
    # 1,111 (lower to upper). Exact.
    assert quarter_band_sizes(4445) == (1112, 1111, 1111, 1111)
    bands = quarter_bands(pd.Series(np.arange(4445.0)), pd.Series(["x"] * 4445))
    assert bands.value_counts().sort_index().tolist() == [1112, 1111, 1111, 1111]


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        # GOV.UK: remainder 1 -> extra person in the lower band. Exact.
        (9, (3, 2, 2, 2)),
        # GOV.UK: remainder 2 -> lower and upper-middle bands. Exact.
        (10, (3, 2, 3, 2)),
        # GOV.UK: remainder 3 -> lower, lower-middle and upper-middle bands. Exact.
        (11, (3, 3, 3, 2)),
    ],
)
def test_band_remainders(n, expected):
    assert quarter_band_sizes(n) == expected


def test_tie_sharing_40_on_one_rate():
    # GOV.UK: 40 employees on the same hourly rate, 36 women and 4 men, straddling the lower and
    # lower-middle bands with 10 places in the lower band and 30 in the lower-middle band ->
    # lower: 9 women + 1 man; lower-middle: 27 women + 3 men. Exact.
    # 160 people (40 per band): 30 below the rate fill the first 30 lower places.
    pay = [10.0 + i * 0.01 for i in range(30)] + [12.0] * 40 + [20.0 + i for i in range(90)]
    sex = ["Male", "Female"] * 15 + ["Female"] * 36 + ["Male"] * 4 + ["Male", "Female"] * 45
    bands = quarter_bands(pd.Series(pay), pd.Series(sex))
    tied = pd.DataFrame({"band": bands[30:70], "sex": sex[30:70]})
    table = pd.crosstab(tied["band"], tied["sex"])
    assert table.loc[1].to_dict() == {"Female": 9, "Male": 1}
    assert table.loc[2].to_dict() == {"Female": 27, "Male": 3}


def test_quarter_shares():
    # GOV.UK quartile figures: men/women 187/925, 110/1,001, 298/813, 750/361 in the lower,
    # lower-middle, upper-middle and upper bands -> male/female 16.8/83.2, 9.9/90.1, 26.8/73.2,
    # 67.5/32.5 (1 dp, female = 100 - male; exact after rounding). The band sizes 1,112 / 1,111 /
    # 1,111 / 1,111 are those of N = 4,445.
    counts = [(187, 925), (110, 1001), (298, 813), (750, 361)]
    sex: list[str] = []
    for men, women in counts:
        sex += ["Male"] * men + ["Female"] * women
    pay = np.arange(len(sex), dtype=float) + 10.0  # distinct rates, bands in this order
    wf = pd.DataFrame({"employee_id": range(len(sex)), "sex": sex, "hourly_pay": pay})
    submission = gpg_submission(gpg_figures(wf))
    got = [
        (submission[f"Male{b}Quartile"], submission[f"Female{b}Quartile"])
        for b in ("Lower", "LowerMiddle", "UpperMiddle", "Top")
    ]
    assert got == [(16.8, 83.2), (9.9, 90.1), (26.8, 73.2), (67.5, 32.5)]
