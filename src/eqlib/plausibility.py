"""Plausibility of pay and bonus (params ``plausibility``): figures that parse but cannot be right
(hourly pay below a share of the minimum wage or above a multiple of the median, a bonus above a
multiple of pay) are problems that name their rows, unless params ``plausibility.allowed_pay``
accepts them, which is recorded as a note. :mod:`eqlib.io` runs both checks on the workforce file.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from eqlib.schema import MAX_ROWS_SHOWN, describe_rows, row_numbers, show_value


def implausible_pay(
    hourly: pd.Series,
    *,
    full_pay_relevant: pd.Series,
    ids: pd.Series,
    column: pd.Series,
    raw: pd.DataFrame,
    minimum_wage: float,
    lowest_share_of_minimum_wage: float,
    highest_multiple_of_median: float,
    allowed_pay: Iterable[object] = (),
) -> tuple[list[str], list[str]]:
    """Problems and notes about hourly pay outside the plausible range (params ``plausibility``).

    Plausible is at least ``lowest_share_of_minimum_wage x minimum_wage`` for a full-pay relevant
    employee (someone on reduced-pay leave may be paid anything down to nothing) and at most
    ``highest_multiple_of_median x`` the median hourly pay of the full-pay relevant employees, for
    everyone. A pay of 1e12 or a decimal point in the wrong place is then refused instead of
    turning into a published gap of -44 million per cent.

    Parameters
    ----------
    hourly
        Hourly pay of every row (given, or derived from ordinary pay).
    full_pay_relevant
        True for rows not on reduced-pay leave.
    ids
        Employee ids (named in the messages, and matched against ``allowed_pay``).
    column
        Per row, the input column the hourly pay comes from (``hourly_pay`` or ``ordinary_pay``).
    raw
        The file's cells as text (the messages quote them as written).
    allowed_pay
        Employee ids whose pay is accepted although outside the range (params
        ``plausibility.allowed_pay``): the first cannot be checked, so the choice is recorded.

    Returns
    -------
    (problems, notes)
        One problem per input column and side of the range; one note per allowance used.
    """
    allowed = {str(a) for a in allowed_pay}
    known = hourly.notna() & np.isfinite(hourly.astype(float))
    basis = hourly[known & full_pay_relevant]
    if basis.empty:
        basis = hourly[known]
    if basis.empty:
        return [], []
    median = float(basis.median())
    low = lowest_share_of_minimum_wage * minimum_wage
    high = highest_multiple_of_median * median
    too_low = known & full_pay_relevant & (hourly < low)
    too_high = known & (hourly > high)
    expected = {
        "low": (
            f"at least £{low:,.2f} ({lowest_share_of_minimum_wage:g} x the minimum wage "
            f"£{minimum_wage:,.2f}, params plausibility) for someone not on reduced-pay leave"
        ),
        "high": (
            f"at most £{high:,.2f} ({highest_multiple_of_median:g} x the median hourly pay "
            f"£{median:,.2f}, params plausibility)"
        ),
    }
    problems: list[str] = []
    notes: list[str] = []
    is_allowed = ids.astype(str).isin(allowed)
    for side, mask in (("low", too_low), ("high", too_high)):
        for source in sorted(set(column[mask])):
            rows = mask & (column == source)
            refused = rows & ~is_allowed
            if refused.any():
                derived = "" if source == "hourly_pay" else " with pay_period_days and weekly_hours"
                shown = [
                    f"£{hourly[i]:,.2f} (employee {ids[i]}; {source} "
                    f"'{show_value(raw.at[i, source])}'{derived})"
                    for i in hourly.index[refused][:MAX_ROWS_SHOWN]
                ]
                problems.append(
                    f"column '{source}', {describe_rows(row_numbers(hourly.index[refused]))}: "
                    f"hourly pay {', '.join(shown)} is implausible: expected "
                    f"{expected[side]}. Correct the file (a misplaced decimal point?); if the pay "
                    "is right, add the employee id to plausibility.allowed_pay in the params file "
                    "(the allowance is recorded in the manifest)."
                )
            for i in hourly.index[rows & is_allowed]:
                notes.append(
                    f"hourly pay £{hourly[i]:,.2f} of {ids[i]} is outside the plausible range "
                    f"({expected[side]}) and was accepted because params plausibility.allowed_pay "
                    "lists it."
                )
    return problems, notes


#: Weeks in a year (365.25 / 7): a year's pay from an hourly pay and weekly hours.
WEEKS_PER_YEAR = 365.25 / 7


def implausible_bonus(
    bonus: pd.Series,
    *,
    hourly: pd.Series,
    weekly_hours: pd.Series,
    full_pay_relevant: pd.Series,
    ids: pd.Series,
    raw: pd.DataFrame,
    highest_bonus_multiple_of_pay: float,
    allowed_pay: Iterable[object] = (),
) -> tuple[list[str], list[str]]:
    """Problems and notes about a 12-month bonus (``bonus_pay_12m``) out of proportion to pay.

    Plausible is at most ``highest_bonus_multiple_of_pay x`` a year's pay: the employee's hourly pay
    x weekly hours x 52.18 weeks, or the median of that over the full-pay relevant employees when it
    is more (someone on reduced-pay leave or working few hours is not judged against a pay near
    nothing). A bonus of 1e12, or a salary typed into the bonus column with a misplaced decimal
    point, is then refused instead of turning into a published bonus gap. Negative and non-finite
    bonuses are refused by the column's own rules before this.

    Parameters
    ----------
    bonus
        ``bonus_pay_12m`` of every row (numbers; missing counts as no bonus).
    hourly, weekly_hours
        Hourly pay and contractual weekly hours of every row.
    full_pay_relevant
        True for rows not on reduced-pay leave (the median's basis).
    ids, raw, allowed_pay
        As :func:`implausible_pay`: an id in ``allowed_pay`` is accepted with a note.

    Returns
    -------
    (problems, notes)
        One problem listing the refused rows; one note per allowance used.

    Examples
    --------
    >>> s = lambda *v: pd.Series(v)
    >>> problems, _ = implausible_bonus(
    ...     s(0.0, 500.0, 1e12), hourly=s(20.0, 20.0, 20.0), weekly_hours=s(37.0, 37.0, 37.0),
    ...     full_pay_relevant=s(True, True, True), ids=s("E1", "E2", "E3"),
    ...     raw=pd.DataFrame({"bonus_pay_12m": ["0", "500", "1e12"]}),
    ...     highest_bonus_multiple_of_pay=1)
    >>> print(problems[0][:94])
    column 'bonus_pay_12m', row 4 (1 row): bonus £1,000,000,000,000.00 (employee E3; bonus_pay_12m
    """
    allowed = {str(a) for a in allowed_pay}
    annual = (hourly.astype(float) * weekly_hours.astype(float) * WEEKS_PER_YEAR)
    known = annual.notna() & np.isfinite(annual)
    basis = annual[known & full_pay_relevant]
    if basis.empty:
        basis = annual[known]
    if basis.empty:
        return [], []
    median = float(basis.median())
    pay = annual.where(known & (annual > median), median)
    amount = bonus.astype(float)
    limit = highest_bonus_multiple_of_pay * pay
    over = amount.notna() & np.isfinite(amount) & (amount > limit)
    is_allowed = ids.astype(str).isin(allowed)
    refused = over & ~is_allowed
    problems: list[str] = []
    notes: list[str] = []
    expected = (f"at most {highest_bonus_multiple_of_pay:g} x a year's pay (hourly pay x weekly "
                f"hours x 52.18, or the median £{median:,.2f} when that is more; params "
                "plausibility.highest_bonus_multiple_of_pay)")
    if refused.any():
        shown = [
            f"£{amount[i]:,.2f} (employee {ids[i]}; bonus_pay_12m "
            f"'{show_value(raw.at[i, 'bonus_pay_12m'])}' against a year's pay £{pay[i]:,.2f})"
            for i in amount.index[refused][:MAX_ROWS_SHOWN]
        ]
        problems.append(
            f"column 'bonus_pay_12m', {describe_rows(row_numbers(amount.index[refused]))}: "
            f"bonus {', '.join(shown)} is implausible: expected {expected}. Correct the file (a "
            "misplaced decimal point, or pay in the bonus column?); if the bonus is right, add the "
            "employee id to plausibility.allowed_pay in the params file (the allowance is recorded "
            "in the manifest)."
        )
    for i in amount.index[over & is_allowed]:
        notes.append(
            f"bonus £{amount[i]:,.2f} of {ids[i]} is outside the plausible range ({expected}) and "
            "was accepted because params plausibility.allowed_pay lists it."
        )
    return problems, notes
