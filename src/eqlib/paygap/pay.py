"""Relevant and full-pay relevant employees and their hourly pay (the 2017 Regulations, methodology
§1.1-1.2). See :mod:`eqlib.paygap` for the terms.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from eqlib.errors import DataError

GPG_FIELDS: tuple[str, ...] = (
    "DiffMeanHourlyPercent",
    "DiffMedianHourlyPercent",
    "DiffMeanBonusPercent",
    "DiffMedianBonusPercent",
    "MaleBonusPercent",
    "FemaleBonusPercent",
    "MaleLowerQuartile",
    "FemaleLowerQuartile",
    "MaleLowerMiddleQuartile",
    "FemaleLowerMiddleQuartile",
    "MaleUpperMiddleQuartile",
    "FemaleUpperMiddleQuartile",
    "MaleTopQuartile",
    "FemaleTopQuartile",
)
_QUARTER_FIELD = ("Lower", "LowerMiddle", "UpperMiddle", "Top")
QUARTER_LABELS: dict[int, str] = {1: "Lower", 2: "Lower middle", 3: "Upper middle", 4: "Upper"}
NOT_DISTINGUISHABLE = "not statistically distinguishable from zero"
DISTINGUISHABLE = "statistically distinguishable from zero"
_MALE, _FEMALE = "Male", "Female"
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0", ""}
_GAP_MEASURES = ("mean_gap", "median_gap", "mean_bonus_gap", "median_bonus_gap")
_WITHIN_BY = ("grade", "grade_band", "directorate")
# next broader level of a characteristic, for collapsing small intersectional groups
_BROADER: dict[str, str] = {
    "ethnicity_detailed": "ethnicity_broad",
    "ethnicity_broad": "ethnicity_binary",
}


# ------------------------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------------------------
def pay_gap_pct(reference: float, group: float) -> float | None:
    """Pay gap ``(A − B) / A × 100`` of a group statistic ``B`` against a reference ``A``.

    Returns ``None`` when either value is missing (None/NaN) or ``A`` is 0 (undefined).

    Examples
    --------
    >>> round(pay_gap_pct(17.51, 15.13), 2)
    13.59
    >>> pay_gap_pct(0.0, 3.0) is None
    True
    """
    if reference is None or group is None:
        return None
    a, b = float(reference), float(group)
    if math.isnan(a) or math.isnan(b) or a == 0:
        return None
    return (a - b) / a * 100


def _columns(workforce: pd.DataFrame) -> pd.DataFrame:
    """The workforce with column names trimmed and lower-cased (raw CSV headers vary in case)."""
    renamed = {c: str(c).strip().lower() for c in workforce.columns}
    if all(k == v for k, v in renamed.items()):
        return workforce
    return workforce.rename(columns=renamed)


def _bool_column(values: pd.Series, name: str) -> pd.Series:
    """Parse a true/false column (bool, 0/1 or text); missing is False."""
    if pd.api.types.is_bool_dtype(values):
        return values.fillna(False).astype(bool)
    text = values.astype("string").str.strip().str.lower().fillna("")
    bad = ~text.isin(_TRUE | _FALSE)
    if bad.any():
        examples = ", ".join(repr(v) for v in values[bad].unique()[:5])
        raise DataError(
            f"column {name!r}: {int(bad.sum())} value(s) are not true/false ({examples}); "
            "expected true or false (blank counts as false)."
        )
    return text.isin(_TRUE).astype(bool)


def _numeric(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series(np.nan, index=frame.index, dtype=float)
    return pd.to_numeric(frame[name], errors="coerce").astype(float)


def _to_none(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _check_confidence(confidence_level: float) -> None:
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be between 0 and 1, got {confidence_level!r}")


# ------------------------------------------------------------------------------------------------
# 1.1-1.2 Populations and hourly pay
# ------------------------------------------------------------------------------------------------
def hourly_pay(workforce: pd.DataFrame) -> pd.Series:
    """Hourly rate of pay of each relevant employee (methodology §1.2).

    ``hourly_pay = (ordinary_pay + bonus_pay_in_period) × 7 / pay_period_days / weekly_hours``,
    except where the column ``hourly_pay`` is present and not missing, which is used as given.

    Parameters
    ----------
    workforce
        Raw (data.md §1.1) or processed workforce table. Uses ``hourly_pay`` if present, else
        ``ordinary_pay``, ``bonus_pay_in_period`` (missing counts as 0), ``pay_period_days`` (the
        actual days of the pay period: 7, 14, 28-31 ...) and ``weekly_hours``.

    Returns
    -------
    pd.Series
        Float hourly pay aligned to ``workforce.index``, named ``hourly_pay``; NaN where it can
        be neither read nor derived (no pay, or ``pay_period_days``/``weekly_hours`` missing or
        not positive).

    Notes
    -----
    The number of days is the actual length of the pay period (e.g. 31 for March), never an
    average month of 30.44 days.

    References
    ----------
    Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017, Schedule 1,
    paragraphs 6-7; GOV.UK "Gender pay gap reporting: make your calculations".

    Examples
    --------
    >>> wf = pd.DataFrame({"ordinary_pay": [3100.0], "bonus_pay_in_period": [np.nan],
    ...                    "pay_period_days": [31], "weekly_hours": [35.0]})
    >>> round(float(hourly_pay(wf).iloc[0]), 4)
    20.0
    """
    frame = _columns(workforce)
    ordinary = _numeric(frame, "ordinary_pay")
    bonus = _numeric(frame, "bonus_pay_in_period").fillna(0.0)
    days = _numeric(frame, "pay_period_days")
    hours = _numeric(frame, "weekly_hours")
    ok = ordinary.notna() & (days > 0) & (hours > 0)
    derived = pd.Series(np.nan, index=frame.index, dtype=float)
    derived[ok] = (ordinary[ok] + bonus[ok]) * 7.0 / days[ok] / hours[ok]
    given = _numeric(frame, "hourly_pay")
    out = given.where(given.notna(), derived)
    out.name = "hourly_pay"
    return out


def full_pay_relevant(workforce: pd.DataFrame) -> pd.Series:
    """Whether each relevant employee is a full-pay relevant employee (methodology §1.1).

    ``full_pay_relevant = not reduced_pay_leave``; a missing ``reduced_pay_leave`` (column or
    value) counts as false, i.e. full pay. A processed table without ``reduced_pay_leave`` but with
    ``full_pay_relevant`` is read as it is.

    Parameters
    ----------
    workforce
        Raw or processed workforce table.

    Returns
    -------
    pd.Series
        Boolean, aligned to ``workforce.index``, named ``full_pay_relevant``.

    Raises
    ------
    DataError
        If ``reduced_pay_leave`` holds a value that is not true/false.

    References
    ----------
    2017 Regulations, Schedule 1, paragraph 1 ("full-pay relevant employee").

    Examples
    --------
    >>> full_pay_relevant(pd.DataFrame({"reduced_pay_leave": [True, False, None]})).tolist()
    [False, True, True]
    """
    frame = _columns(workforce)
    if "reduced_pay_leave" in frame:
        out = ~_bool_column(frame["reduced_pay_leave"], "reduced_pay_leave")
    elif "full_pay_relevant" in frame:
        out = _bool_column(frame["full_pay_relevant"], "full_pay_relevant")
    else:
        out = pd.Series(True, index=frame.index)
    out = out.astype(bool)
    out.name = "full_pay_relevant"
    return out


def _sex(frame: pd.DataFrame) -> pd.Series:
    if "sex" not in frame:
        raise DataError("the workforce has no 'sex' column; it is required for the gender pay gap.")
    text = frame["sex"].astype("string").str.strip().str.lower()
    out = text.map({"female": _FEMALE, "male": _MALE}).astype(object)
    bad = out.isna()
    if bad.any():
        rows = ", ".join(str(i) for i in frame.index[bad][:10])
        values = ", ".join(repr(v) for v in frame["sex"][bad].unique()[:5])
        raise DataError(
            f"column 'sex': {int(bad.sum())} row(s) without a valid sex (rows {rows}; values "
            f"{values}); expected Female or Male as held in HR/payroll (methodology §1)."
        )
    return out


def _ids(frame: pd.DataFrame) -> pd.Series:
    if "employee_id" in frame:
        return frame["employee_id"]
    return pd.Series(frame.index, index=frame.index)


def _prepared(workforce: pd.DataFrame, *, need_pay: bool = True) -> pd.DataFrame:
    """Workforce with ``hourly_pay``, ``full_pay_relevant`` and ``bonus_pay_12m`` resolved."""
    frame = _columns(workforce).copy()
    frame["hourly_pay"] = hourly_pay(frame)
    frame["full_pay_relevant"] = full_pay_relevant(frame)
    frame["bonus_pay_12m"] = _numeric(frame, "bonus_pay_12m").fillna(0.0)
    if need_pay:
        missing = frame["full_pay_relevant"] & ~(frame["hourly_pay"] > 0)
        if missing.any():
            rows = ", ".join(str(v) for v in _ids(frame)[missing][:10])
            raise DataError(
                f"{int(missing.sum())} full-pay relevant employee(s) without a positive hourly pay "
                f"(employee_id {rows}); give hourly_pay, or ordinary_pay with pay_period_days and "
                "weekly_hours, or set reduced_pay_leave to true if they were on reduced-pay leave."
            )
    return frame


__all__ = [
    "GPG_FIELDS",
    "NOT_DISTINGUISHABLE",
    "QUARTER_LABELS",
    "full_pay_relevant",
    "hourly_pay",
    "pay_gap_pct",
]
