"""Pay gaps: the statutory gender pay gap to the letter, and the same measures for every group.

Terms
-----
relevant employee
    Employed on the snapshot date: every row of the workforce snapshot (methodology §1.1).
full-pay relevant employee (FPRE)
    A relevant employee not paid at a reduced rate or nil in the relevant pay period because of
    leave (``reduced_pay_leave`` false; missing means false). Hourly figures and pay quarters use
    FPREs; bonus figures use all relevant employees.
hourly pay
    ``(ordinary_pay + bonus_pay_in_period) × 7 / pay_period_days / weekly_hours``, or the input
    column ``hourly_pay`` when it is given (methodology §1.2).
pay gap
    ``gap_pct = (A − B) / A × 100`` where A is the reference group's mean (or median) and B the
    compared group's. Positive: the group is paid less than the reference. For the statutory gender
    pay gap A is men's figure and B women's.
bonus figures
    Bonus = ``bonus_pay_12m`` (12 months to the snapshot date). Bonus gaps compare those who
    received a bonus (``> 0``); the proportion receiving a bonus is over all relevant employees.
pay quarters
    The regulation's "quartile pay bands": four groups of (nearly) equal numbers of FPREs ranked by
    hourly pay, 1 = lower, 2 = lower middle, 3 = upper middle, 4 = upper ("top" in the GOV.UK field
    names). People on a rate that spans a boundary are shared between the bands so that each
    group's count in each band is as proportional as possible (:func:`quarter_bands`).
GOV.UK fields
    The 14 names of the GOV.UK reporting service and national open data (:data:`GPG_FIELDS`).
not declared
    ``Prefer not to say``, ``Not known`` or missing (``eqlib.codes.NOT_DECLARED``). Not-declared
    people stay in the pay quarters and in composition tables; they are left out only of the two
    groups compared in a gap.

Everything here is unrounded; :func:`gpg_submission` rounds (1 dp, half away from zero, with
``decimal``) and checks. Undefined figures are ``None`` in the statutory dicts and NaN in tables.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

from eqlib import characteristics, codes
from eqlib.errors import DataError, PublicationError
from eqlib.intervals import (
    INTERVAL_METHODS,
    ReferenceResamples,
    pay_gap_intervals,
    wilson_interval,
)

__all__ = [
    "GPG_FIELDS",
    "NOT_DISTINGUISHABLE",
    "QUARTER_LABELS",
    "binary_figures",
    "declaration_rate",
    "full_pay_relevant",
    "gpg_figures",
    "gpg_submission",
    "gpg_submission_frame",
    "gpg_trend",
    "hourly_pay",
    "intersectional_pay_gaps",
    "pay_gap_by",
    "pay_gap_pct",
    "pay_gap_trend",
    "pay_gap_within",
    "quarter_band_sizes",
    "quarter_bands",
    "quarter_composition",
    "submission_fields",
]

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


# ------------------------------------------------------------------------------------------------
# 1.5 Pay quarters
# ------------------------------------------------------------------------------------------------
def quarter_band_sizes(n: int) -> tuple[int, int, int, int]:
    """Numbers of people in the four pay quarters of ``n`` people, lower to upper.

    Each band gets ``n // 4``; the remainder ``r = n % 4`` goes to the lower band (r = 1), the
    lower and upper-middle bands (r = 2), or the lower, lower-middle and upper-middle bands (r = 3).

    References
    ----------
    GOV.UK "Gender pay gap reporting: make your calculations" (quartile pay bands); methodology
    §1.5.

    Examples
    --------
    >>> quarter_band_sizes(4445), quarter_band_sizes(10), quarter_band_sizes(11)
    ((1112, 1111, 1111, 1111), (3, 2, 3, 2), (3, 3, 3, 2))
    """
    if n < 0:
        raise ValueError(f"n must be a count of people, got {n!r}")
    q, r = divmod(int(n), 4)
    return (q + (r >= 1), q + (r >= 3), q + (r >= 2), q)


def _feasible(row_res: np.ndarray, col_res: np.ndarray, open_cells: np.ndarray) -> bool:
    """Can the residual row/column totals be met with at most 1 more in each open cell?"""
    need = int(row_res.sum())
    if need != int(col_res.sum()):
        return False
    if need == 0:
        return True
    if (row_res > open_cells.sum(axis=1)).any() or (col_res > open_cells.sum(axis=0)).any():
        return False
    k, g = open_cells.shape
    source, sink = 0, k + g + 1
    rows_i, cols_j = np.nonzero(open_cells)
    tails = np.concatenate([np.full(k, source), 1 + rows_i, 1 + k + np.arange(g)])
    heads = np.concatenate([1 + np.arange(k), 1 + k + cols_j, np.full(g, sink)])
    caps = np.concatenate([row_res, np.ones(rows_i.size, dtype=np.int64), col_res])
    graph = csr_matrix(
        (caps.astype(np.int32), (tails, heads)), shape=(k + g + 2, k + g + 2)
    )
    return int(maximum_flow(graph, source, sink).flow_value) == need


def _controlled_rounding(places: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Integer band × group table of a tied rate, each cell the floor or ceiling of its share.

    ``places[k]`` are the band places taken by the tied rate, ``counts[j]`` the group sizes (in
    the order used to break ties: group label); ``sum(places) == sum(counts)``. The exact share of
    cell (k, j) is ``places[k] × counts[j] / total``. Cells are raised to their ceiling in order of
    largest fractional part first (ties: group order, then band), each only if the table can still
    be completed (checked by a maximum flow), so row and column totals come out exact.
    """
    total = int(places.sum())
    exact = places[:, None].astype(np.int64) * counts[None, :].astype(np.int64)
    table, frac = np.divmod(exact, total)  # frac / total = fractional part
    row_res = places - table.sum(axis=1)
    col_res = counts - table.sum(axis=0)
    open_cells = frac > 0
    k_idx, j_idx = np.nonzero(open_cells)
    order = np.lexsort((k_idx, j_idx, -frac[k_idx, j_idx]))
    for k, j in zip(k_idx[order], j_idx[order], strict=True):
        open_cells[k, j] = False
        if row_res[k] > 0 and col_res[j] > 0:
            row_res[k] -= 1
            col_res[j] -= 1
            if _feasible(row_res, col_res, open_cells):
                table[k, j] += 1
            else:
                row_res[k] += 1
                col_res[j] += 1
    if row_res.any() or col_res.any():  # pragma: no cover - a controlled rounding always exists
        raise RuntimeError("controlled rounding of a tied rate failed")
    return table


def _sort_key(values: np.ndarray) -> np.ndarray:
    """Positions that sort ``values`` (natural order, or as text when types are mixed)."""
    try:
        return np.argsort(values, kind="stable")
    except TypeError:
        return np.argsort(values.astype(str), kind="stable")


def quarter_bands(
    pay: pd.Series,
    group: pd.Series,
    *,
    ids: pd.Series | None = None,
) -> pd.Series:
    """Pay quarter (1 = lower … 4 = upper) of each person, with tie sharing for any groups.

    People are ranked by ``pay`` and split into four bands of the sizes of
    :func:`quarter_band_sizes`. Where people on the same rate fall into more than one band, the
    band × group table of that rate is a *controlled rounding* of the exact proportional shares:
    every cell is the floor or the ceiling of ``band places × group's share of the rate``, and
    band sizes and group totals are exact.

    Parameters
    ----------
    pay
        Hourly pay of each person (FPREs only), no missing values.
    group
        Group of each person (``sex`` for the statutory figures; any characteristic, including
        not-declared values, for composition tables). Aligned to ``pay`` (same index, or same
        length for an array). Missing values are treated as a group of their own.
    ids
        Unique identifier of each person (e.g. ``employee_id``), aligned to ``pay``; default the
        index of ``pay``. Used only to decide which members of a group on a shared rate fill the
        group's places in the lower band (the smallest ids first).

    Returns
    -------
    pd.Series
        Integers 1-4 aligned to ``pay.index``, named ``quarter``.

    Raises
    ------
    DataError
        If ``pay`` has missing values.
    ValueError
        If ``group``/``ids`` are not aligned to ``pay``, or ``ids`` repeat among people on a
        shared rate (the result would then depend on row order).

    Notes
    -----
    *Which cells get the ceiling* is decided deterministically: largest fractional part first,
    ties by group label (as text), then lower band first; a cell is raised only if the table can
    still be completed with exact totals (a maximum flow on the small band × group graph, which
    always succeeds because a controlled rounding of a two-way table always exists). With two
    groups this reproduces the GOV.UK worked example; with three or more it avoids the error of
    per-group interleaving keys (3 Asian and 4 singletons on a rate with 2 lower places: one
    Asian and one other person, not two Asian people).

    *Order*: ids are compared in their natural order (numbers as numbers, text as text; mixed
    types as text). The result does not depend on the order of the input rows. Only people on
    a rate that spans a boundary need the allocation, so the cost is one ``argsort`` of ``pay``
    plus at most three tiny flow problems.

    References
    ----------
    2017 Regulations, Schedule 1, paragraph 13 (quartile pay bands; 13(2) on equal hourly
    rates); Gender Pay Gap Information Regulations 2017, regulation 13(2); GOV.UK "Gender pay
    gap reporting: make your calculations"; Cox (1987), "A constructive procedure for unbiased
    controlled rounding", JASA 82.

    Examples
    --------
    >>> pay = pd.Series([10.0] * 8)
    >>> sex = pd.Series(["F"] * 6 + ["M"] * 2)
    >>> bands = quarter_bands(pay, sex)
    >>> pd.crosstab(bands, sex).to_dict("list")
    {'F': [2, 2, 1, 1], 'M': [0, 0, 1, 1]}
    """
    if not isinstance(pay, pd.Series):
        pay = pd.Series(pay)
    n = len(pay)

    def aligned(values: Any, name: str) -> np.ndarray:
        if isinstance(values, pd.Series):
            if not values.index.equals(pay.index):
                if len(values) != n or not values.index.sort_values().equals(
                    pay.index.sort_values()
                ):
                    raise ValueError(f"{name} must be aligned to pay (same index)")
                values = values.reindex(pay.index)
            return values.to_numpy()
        values = np.asarray(values)
        if values.shape != (n,):
            raise ValueError(f"{name} must have one value per person ({n}), got {values.shape}")
        return values

    groups = aligned(group, "group")
    id_values = pay.index.to_numpy() if ids is None else aligned(ids, "ids")
    values = pay.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(values).any():
        raise DataError(
            f"{int(np.isnan(values).sum())} missing hourly pay value(s): pay quarters need the "
            "hourly pay of every full-pay relevant employee."
        )
    sizes = quarter_band_sizes(n)
    order = np.argsort(values)
    sorted_pay = values[order]
    band_sorted = np.repeat(np.arange(1, 5, dtype=np.int64), sizes)
    result = np.empty(n, dtype=np.int64)
    result[order] = band_sorted
    boundaries = np.cumsum(sizes)[:3]
    runs: dict[int, int] = {}
    for b in boundaries:
        if 0 < b < n and sorted_pay[b - 1] == sorted_pay[b]:
            v = sorted_pay[b]
            start = int(np.searchsorted(sorted_pay, v, side="left"))
            runs[start] = int(np.searchsorted(sorted_pay, v, side="right"))
    for start, stop in runs.items():
        members = order[start:stop]
        bands_here = band_sorted[start:stop]
        band_numbers = np.unique(bands_here)
        places = np.array([(bands_here == k).sum() for k in band_numbers], dtype=np.int64)
        # members ordered by id, then (stably) by group label: each group's members by id
        member_ids = id_values[members]
        by_id = _sort_key(member_ids)
        sorted_ids = member_ids[by_id]
        if (sorted_ids[1:] == sorted_ids[:-1]).any():
            raise ValueError(
                "ids repeat among people on the same hourly rate; give unique ids (employee_id) "
                "so the allocation of tied people does not depend on row order."
            )
        members = members[by_id]
        code, uniques = pd.factorize(pd.Series(groups[members], dtype=object),
                                     use_na_sentinel=False)
        label_rank = np.argsort(np.argsort(np.array([str(u) for u in uniques]), kind="stable"))
        code = label_rank[code]
        counts = np.bincount(code, minlength=uniques.size).astype(np.int64)
        table = _controlled_rounding(places, counts)
        members = members[np.argsort(code, kind="stable")]
        # group j's members (by id) take table[0, j] places in the lowest band of the run, ...
        result[members] = np.repeat(np.tile(band_numbers, counts.size), table.T.ravel())
    return pd.Series(result, index=pay.index, name="quarter")


# ------------------------------------------------------------------------------------------------
# 1.3-1.6 The statutory figures
# ------------------------------------------------------------------------------------------------
def gpg_figures(workforce: pd.DataFrame) -> dict[str, float | None]:
    """The six statutory gender pay gap figures, unrounded, keyed by the GOV.UK field names.

    * ``DiffMeanHourlyPercent``, ``DiffMedianHourlyPercent``: ``(A − B) / A × 100`` of the mean
      (median) hourly pay of male (A) and female (B) full-pay relevant employees.
    * ``DiffMeanBonusPercent``, ``DiffMedianBonusPercent``: the same over relevant employees who
      received a bonus in the 12 months to the snapshot date (``bonus_pay_12m > 0``).
    * ``MaleBonusPercent``, ``FemaleBonusPercent``: those of each sex with a bonus / all relevant
      employees of that sex × 100.
    * ``Male…Quartile``, ``Female…Quartile``: men (women) in each pay quarter / people in the
      quarter × 100 (:func:`quarter_bands` over FPREs, grouped by sex, ties shared).

    Parameters
    ----------
    workforce
        Raw (data.md §1.1) or processed workforce, one row per relevant employee, with ``sex``,
        pay columns (see :func:`hourly_pay`), ``bonus_pay_12m`` (missing = 0) and
        ``reduced_pay_leave`` (missing = false); ``employee_id`` orders tied people.

    Returns
    -------
    dict
        The 14 :data:`GPG_FIELDS`, floats in percent, unrounded. ``None`` where undefined: bonus
        gaps when nobody of one sex received a bonus; hourly gaps when one sex has no FPRE; a
        bonus proportion for a sex with nobody; a quarter's shares when it is empty (fewer than
        4 FPREs).

    Raises
    ------
    DataError
        A row without a valid sex (reported, never dropped), or an FPRE without hourly pay.

    Notes
    -----
    Positive gaps mean women's figure is lower. The median of an even count is the mean of the
    two middle values.

    References
    ----------
    2017 Regulations, Schedule 1 (public authorities) and the Gender Pay Gap Information
    Regulations 2017; GOV.UK "Gender pay gap reporting: make your calculations";
    methodology §1.

    Examples
    --------
    >>> wf = pd.DataFrame({"employee_id": ["1", "2", "3", "4"],
    ...                    "sex": ["Male", "Male", "Female", "Female"],
    ...                    "hourly_pay": [20.0, 10.0, 12.0, 6.0],
    ...                    "bonus_pay_12m": [100.0, 0.0, 0.0, 0.0]})
    >>> f = gpg_figures(wf)
    >>> f["DiffMeanHourlyPercent"], f["MaleBonusPercent"], f["DiffMeanBonusPercent"]
    (40.0, 50.0, None)
    >>> f["MaleLowerQuartile"], f["MaleTopQuartile"]
    (0.0, 100.0)
    """
    frame = _prepared(workforce)
    return _binary_figures(frame, _sex(frame), group=_FEMALE, reference=_MALE,
                           prefixes=(_MALE, _FEMALE))


def submission_fields(prefixes: tuple[str, str] = (_MALE, _FEMALE)) -> tuple[str, ...]:
    """The 14 field names of the GOV.UK layout with ``prefixes`` (reference, group) in place of
    ``Male`` and ``Female``.

    Examples
    --------
    >>> submission_fields() == GPG_FIELDS
    True
    >>> submission_fields(("Reference", "Group"))[4:8]
    ('ReferenceBonusPercent', 'GroupBonusPercent', 'ReferenceLowerQuartile', 'GroupLowerQuartile')
    """
    reference, group = prefixes
    return (
        "DiffMeanHourlyPercent", "DiffMedianHourlyPercent", "DiffMeanBonusPercent",
        "DiffMedianBonusPercent", f"{reference}BonusPercent", f"{group}BonusPercent",
        *(f"{who}{name}Quartile" for name in _QUARTER_FIELD for who in (reference, group)),
    )


def binary_figures(
    workforce: pd.DataFrame,
    labels: pd.Series,
    *,
    group: Hashable,
    reference: Hashable,
    prefixes: tuple[str, str] = ("Reference", "Group"),
) -> dict[str, float | None]:
    """The six statutory figures for any two groups of any characteristic, unrounded.

    The computation of :func:`gpg_figures` (which calls this with sex, women as the group and
    men as the reference) applied to ``labels``: hourly gaps over full-pay relevant employees
    of the two groups, bonus gaps over their members who received a bonus, the proportion of
    each group's relevant employees receiving a bonus, and each pay quarter's split between the
    two groups.

    Parameters
    ----------
    workforce
        Raw or processed workforce, as for :func:`gpg_figures`.
    labels
        The characteristic of each person, aligned to ``workforce`` (same index). People in
        neither ``group`` nor ``reference`` (other groups, not declared, missing) are left out
        of the gaps and bonus proportions, but stay in the population the pay quarters are
        formed from (methodology §2: not-declared staff are in the quarters).
    group, reference
        The compared group (B) and the reference group (A) of ``gap = (A − B) / A × 100``.
    prefixes
        Names put in place of ``Male`` (reference) and ``Female`` (group) in the field names
        (:func:`submission_fields`).

    Returns
    -------
    dict
        The 14 fields of :func:`submission_fields`, floats in percent, unrounded, ``None`` where
        undefined. Quarter shares are ``reference (group) in the quarter / (reference + group)
        in the quarter × 100``, so each pair sums to 100 as in the GOV.UK service.

    Notes
    -----
    Quarters are formed over every full-pay relevant employee, with people on a rate that spans
    a boundary shared in proportion between the bands for every label of ``labels``
    (:func:`quarter_bands`, missing values a group of their own). With only the two groups in
    ``labels`` (as for sex) the shares are those of the whole quarter.

    References
    ----------
    Methodology §1 and §2; GOV.UK "Ethnicity pay reporting: guidance for employers" (2023),
    which applies the gender pay gap calculations to other characteristics.

    Examples
    --------
    >>> wf = pd.DataFrame({"employee_id": [1, 2, 3, 4, 5],
    ...                    "hourly_pay": [20.0, 10.0, 12.0, 6.0, 8.0]})
    >>> dis = pd.Series(["Not disabled", "Not disabled", "Disabled", "Disabled", None])
    >>> f = binary_figures(wf, dis, group="Disabled", reference="Not disabled")
    >>> f["DiffMeanHourlyPercent"], f["GroupLowerQuartile"], f["ReferenceTopQuartile"]
    (40.0, 100.0, 100.0)
    """
    frame = _prepared(workforce)
    if not isinstance(labels, pd.Series) or not labels.index.equals(frame.index):
        raise ValueError("labels must be a Series aligned to the workforce (same index)")
    return _binary_figures(frame, labels, group=group, reference=reference, prefixes=prefixes)


def _binary_figures(
    frame: pd.DataFrame,
    labels: pd.Series,
    *,
    group: Hashable,
    reference: Hashable,
    prefixes: tuple[str, str],
) -> dict[str, float | None]:
    """:func:`binary_figures` of a workforce already through :func:`_prepared`."""
    fields = submission_fields(prefixes)
    ref_name, grp_name = prefixes
    lab = labels.astype(object)
    is_ref = (lab == reference).to_numpy()
    is_grp = (lab == group).to_numpy()
    fpre = frame["full_pay_relevant"].to_numpy()
    pay = frame["hourly_pay"]
    out: dict[str, float | None] = {}
    ref_pay, grp_pay = pay[fpre & is_ref], pay[fpre & is_grp]

    def stat(values: pd.Series, how: str) -> float | None:
        if values.empty:
            return None
        return float(values.mean() if how == "mean" else values.median())

    out["DiffMeanHourlyPercent"] = pay_gap_pct(stat(ref_pay, "mean"), stat(grp_pay, "mean"))
    out["DiffMedianHourlyPercent"] = pay_gap_pct(
        stat(ref_pay, "median"), stat(grp_pay, "median")
    )
    bonus = frame["bonus_pay_12m"]
    has_bonus = (bonus > 0).to_numpy()
    ref_bonus, grp_bonus = bonus[has_bonus & is_ref], bonus[has_bonus & is_grp]
    out["DiffMeanBonusPercent"] = pay_gap_pct(stat(ref_bonus, "mean"), stat(grp_bonus, "mean"))
    out["DiffMedianBonusPercent"] = pay_gap_pct(
        stat(ref_bonus, "median"), stat(grp_bonus, "median")
    )
    for members, field in ((is_ref, f"{ref_name}BonusPercent"),
                           (is_grp, f"{grp_name}BonusPercent")):
        n_members = int(members.sum())
        out[field] = None if n_members == 0 else int((has_bonus & members).sum()) / n_members * 100
    bands = quarter_bands(pay[fpre], lab[fpre], ids=_ids(frame)[fpre]).to_numpy()
    ref_fpre, grp_fpre = is_ref[fpre], is_grp[fpre]
    for k, name in enumerate(_QUARTER_FIELD, start=1):
        in_band = bands == k
        refs = int((in_band & ref_fpre).sum())
        size = refs + int((in_band & grp_fpre).sum())
        out[f"{ref_name}{name}Quartile"] = None if size == 0 else refs / size * 100
        out[f"{grp_name}{name}Quartile"] = None if size == 0 else (size - refs) / size * 100
    return {field: out[field] for field in fields}


def _round_1dp(value: float) -> Decimal:
    """Round to 1 decimal place, half away from zero, on the shortest decimal form of a float."""
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded  # never "-0.0" (-0.04 -> 0.0)


def gpg_submission(figures: Mapping[str, float | None]) -> dict[str, float | None]:
    """The statutory figures rounded for publication and checked as the GOV.UK service does.

    Every figure is rounded to 1 decimal place, half away from zero (``decimal.ROUND_HALF_UP``
    on the float's shortest decimal representation, so 13.45 → 13.5 and −0.05 → −0.1). For each
    quarter the male share is rounded and the female share is ``100 − male``, so the pair sums to
    exactly 100.0. ``None`` (undefined) stays ``None``: a blank field.

    Parameters
    ----------
    figures
        The 14 :data:`GPG_FIELDS` as returned by :func:`gpg_figures` (unrounded). NaN is read
        as undefined (``None``).

    Returns
    -------
    dict
        The same keys in the same order; floats with at most one decimal, or ``None``.

    Raises
    ------
    PublicationError
        If a check fails (every failure is listed): a field missing or unknown; an hourly gap or
        a quarter share blank (the service requires them); a percentage with more than one
        decimal; a band whose shares do not sum to 100; a bonus proportion outside 0-100; a gap
        above 100; bonus gaps blank when both sexes received bonuses, or filled when one sex
        received none.

    References
    ----------
    GOV.UK "Gender pay gap reporting: make your calculations" and "report your gender pay gap
    data" (the service's field layout and validation); methodology §1.6.

    Examples
    --------
    >>> f = dict.fromkeys(GPG_FIELDS, 50.0)
    >>> f.update(DiffMeanHourlyPercent=13.45, DiffMedianHourlyPercent=-0.05,
    ...          MaleLowerQuartile=16.84, FemaleLowerQuartile=83.16)
    >>> s = gpg_submission(f)
    >>> s["DiffMeanHourlyPercent"], s["DiffMedianHourlyPercent"], s["FemaleLowerQuartile"]
    (13.5, -0.1, 83.2)
    """
    problems: list[str] = []
    missing = [f for f in GPG_FIELDS if f not in figures]
    unknown = [f for f in figures if f not in GPG_FIELDS]
    if missing:
        problems.append(f"missing field(s): {', '.join(missing)}")
    if unknown:
        problems.append(
            f"unknown field(s): {', '.join(unknown)} (expected {', '.join(GPG_FIELDS)})"
        )
    if problems:
        raise PublicationError("GOV.UK submission checks failed:\n  - " + "\n  - ".join(problems))
    raw = {f: _to_none(figures[f]) for f in GPG_FIELDS}
    rounded: dict[str, Decimal | None] = {
        f: None if v is None else _round_1dp(v) for f, v in raw.items()
    }
    for name in _QUARTER_FIELD:
        male = rounded[f"Male{name}Quartile"]
        rounded[f"Female{name}Quartile"] = None if male is None else Decimal(100) - male

    for f in ("DiffMeanHourlyPercent", "DiffMedianHourlyPercent"):
        if rounded[f] is None:
            problems.append(f"{f} is blank: the hourly pay gaps need at least one full-pay "
                            "relevant man and one woman, and are required by the service")
    for name in _QUARTER_FIELD:
        male, female = rounded[f"Male{name}Quartile"], rounded[f"Female{name}Quartile"]
        if male is None:
            problems.append(f"Male{name}Quartile is blank: every pay quarter needs people "
                            "(at least 4 full-pay relevant employees)")
        elif male + female != 100:
            problems.append(f"{name} quarter shares {male} + {female} do not sum to 100")
        elif not (0 <= male <= 100):
            problems.append(f"Male{name}Quartile {male} is outside 0-100")
    for f, v in rounded.items():
        if v is not None and v.as_tuple().exponent < -1:
            problems.append(f"{f} {v} has more than one decimal place")
        if v is not None and f.startswith("Diff") and v > 100:
            problems.append(f"{f} {v} exceeds 100: a pay gap can never exceed 100%")
    for f in ("MaleBonusPercent", "FemaleBonusPercent"):
        v = rounded[f]
        if v is not None and not (0 <= v <= 100):
            problems.append(f"{f} {v} is outside 0-100")
    one_sex_no_bonus = any(raw[f] is None or raw[f] == 0
                           for f in ("MaleBonusPercent", "FemaleBonusPercent"))
    for f in ("DiffMeanBonusPercent", "DiffMedianBonusPercent"):
        if one_sex_no_bonus and rounded[f] is not None:
            problems.append(f"{f} must be blank: one sex received no bonus")
        if not one_sex_no_bonus and rounded[f] is None:
            problems.append(f"{f} is blank although both sexes received bonuses")
    if problems:
        raise PublicationError("GOV.UK submission checks failed:\n  - " + "\n  - ".join(problems))
    return {f: None if v is None else float(v) for f, v in rounded.items()}


def gpg_submission_frame(submission: Mapping[str, float | None]) -> pd.DataFrame:
    """The submission as a one-row DataFrame, columns in the GOV.UK field order.

    Blank (``None``) fields become NaN, which ``to_csv`` writes as an empty cell.

    Examples
    --------
    >>> s = dict.fromkeys(GPG_FIELDS, 50.0)
    >>> gpg_submission_frame(s).shape
    (1, 14)
    """
    row = {f: (np.nan if submission.get(f) is None else float(submission[f])) for f in GPG_FIELDS}
    return pd.DataFrame([row], columns=list(GPG_FIELDS), dtype=float)


# ------------------------------------------------------------------------------------------------
# §2 The same measures for any characteristic
# ------------------------------------------------------------------------------------------------
def _group_order(values: pd.Series, column: str) -> list[Hashable]:
    """Declared groups present in ``values``, in code-list order then sorted."""
    present = set(values[codes.is_declared(values)].unique())
    listed = [g for g in characteristics.groups(column) if g in present]
    rest = sorted((g for g in present if g not in listed), key=str)
    return listed + rest


def _check_column(frame: pd.DataFrame, column: str) -> None:
    if column not in frame:
        known = ", ".join(sorted(set(characteristics.REGISTRY) | set(frame.columns)))
        raise ValueError(f"no column {column!r} in the workforce; available: {known}")


def _check_reference(column: str, reference: Hashable) -> None:
    listed = characteristics.groups(column) or None
    if listed is not None and reference not in listed:
        raise ValueError(
            f"reference {reference!r} is not a group of {column!r}; valid groups: "
            + ", ".join(map(str, listed))
        )


def _summary(values: np.ndarray) -> tuple[float, float]:
    if values.size == 0:
        return (math.nan, math.nan)
    return (float(values.mean()), float(np.median(values)))


def _gap_rows(
    frame: pd.DataFrame,
    labels: pd.Series,
    groups: Sequence[Hashable],
    reference: Hashable,
    *,
    confidence_level: float,
    n_boot: int,
    seed: int,
    max_n: int,
    min_group: int,
) -> pd.DataFrame:
    """One row per group of ``groups`` compared with ``reference`` (labels aligned to frame)."""
    fpre = frame["full_pay_relevant"].to_numpy()
    pay = frame["hourly_pay"].to_numpy(dtype=float)
    bonus = frame["bonus_pay_12m"].to_numpy(dtype=float)
    lab = labels.to_numpy(dtype=object)
    is_ref = lab == reference
    ref_pay = pay[is_ref & fpre]
    ref_bonus_all = bonus[is_ref]
    ref_bonus = ref_bonus_all[ref_bonus_all > 0]
    ref_mean, ref_median = _summary(ref_pay)
    ref_bmean, ref_bmedian = _summary(ref_bonus)
    # every group is compared with the same reference: resample it once (identical intervals)
    ref_pay_draws = ReferenceResamples(ref_pay, n_boot=n_boot, seed=seed)
    ref_bonus_draws = ReferenceResamples(ref_bonus, n_boot=n_boot, seed=seed)
    rows = []
    for g in groups:
        if g == reference:
            continue
        is_g = lab == g
        g_pay = pay[is_g & fpre]
        g_bonus_all = bonus[is_g]
        g_bonus = g_bonus_all[g_bonus_all > 0]
        g_mean, g_median = _summary(g_pay)
        g_bmean, g_bmedian = _summary(g_bonus)
        row: dict[str, Any] = {
            "group": g,
            "reference_group": reference,
            "n_group": int(g_pay.size),
            "n_reference": int(ref_pay.size),
            "n_group_relevant": int(g_bonus_all.size),
            "n_reference_relevant": int(ref_bonus_all.size),
            "n_group_bonus": int(g_bonus.size),
            "n_reference_bonus": int(ref_bonus.size),
        }
        hourly_ok = min(g_pay.size, ref_pay.size) >= min_group
        bonus_ok = min(g_bonus.size, ref_bonus.size) >= min_group
        prop_ok = min(g_bonus_all.size, ref_bonus_all.size) >= min_group
        reasons = []
        if not hourly_ok:
            reasons.append(f"fewer than {min_group} full-pay relevant employees in a group")
        if not bonus_ok:
            reasons.append(f"fewer than {min_group} bonus recipients in a group")
        if not prop_ok:
            reasons.append(f"fewer than {min_group} relevant employees in a group")
        hourly_ci = pay_gap_intervals(
            ref_pay_draws, g_pay, confidence_level=confidence_level, n_boot=n_boot, seed=seed,
            max_n=max_n,
        ) if hourly_ok else None
        bonus_ci = pay_gap_intervals(
            ref_bonus_draws, g_bonus, confidence_level=confidence_level, n_boot=n_boot, seed=seed,
            max_n=max_n,
        ) if bonus_ok else None
        blocks = (
            ("mean_gap", pay_gap_pct(ref_mean, g_mean), hourly_ci, "mean", hourly_ok),
            ("median_gap", pay_gap_pct(ref_median, g_median), hourly_ci, "median", hourly_ok),
            ("mean_bonus_gap", pay_gap_pct(ref_bmean, g_bmean), bonus_ci, "mean", bonus_ok),
            ("median_bonus_gap", pay_gap_pct(ref_bmedian, g_bmedian), bonus_ci, "median",
             bonus_ok),
        )
        methods = []
        for name, gap, ci, stat, ok in blocks:
            value = math.nan if (gap is None or not ok) else gap
            low, high = (math.nan, math.nan) if ci is None else ci[stat]
            if math.isnan(value):
                low, high = math.nan, math.nan
            row[f"{name}_pct"] = value
            row[f"{name}_ci_low"] = low
            row[f"{name}_ci_high"] = high
            if math.isnan(low) or math.isnan(high):
                row[f"{name}_distinguishable_from_zero"] = pd.NA
                row[f"{name}_note"] = math.nan
            else:
                inside = low <= 0 <= high
                row[f"{name}_distinguishable_from_zero"] = not inside
                row[f"{name}_note"] = NOT_DISTINGUISHABLE if inside else DISTINGUISHABLE
            if ci is not None and name in ("mean_gap", "median_gap"):
                methods.append(f"{stat}: {INTERVAL_METHODS[ci[stat + '_method']]}")
        row["interval_method"] = (
            "; ".join(methods) + f" ({n_boot:,} resamples where bootstrapped)"
            if methods else math.nan
        )
        for who, n_all, n_b in (("group", g_bonus_all.size, g_bonus.size),
                                ("reference", ref_bonus_all.size, ref_bonus.size)):
            if prop_ok and n_all > 0:
                low, high = wilson_interval(int(n_b), int(n_all),
                                            confidence_level=confidence_level)
                row[f"bonus_pct_{who}"] = n_b / n_all * 100
                row[f"bonus_pct_{who}_ci_low"] = low * 100
                row[f"bonus_pct_{who}_ci_high"] = high * 100
            else:
                row[f"bonus_pct_{who}"] = math.nan
                row[f"bonus_pct_{who}_ci_low"] = math.nan
                row[f"bonus_pct_{who}_ci_high"] = math.nan
        row["suppressed"] = not hourly_ok
        row["bonus_gap_suppressed"] = not bonus_ok
        row["bonus_pct_suppressed"] = not prop_ok
        row["suppression_reason"] = "; ".join(reasons) if reasons else math.nan
        rows.append(row)
    columns = _gap_columns()
    out = pd.DataFrame(rows, columns=columns)
    for name in _GAP_MEASURES:
        out[f"{name}_distinguishable_from_zero"] = out[
            f"{name}_distinguishable_from_zero"].astype("boolean")
    return out


def _gap_columns() -> list[str]:
    cols = ["group", "reference_group", "n_group", "n_reference", "n_group_relevant",
            "n_reference_relevant", "n_group_bonus", "n_reference_bonus"]
    for name in _GAP_MEASURES:
        cols += [f"{name}_pct", f"{name}_ci_low", f"{name}_ci_high",
                 f"{name}_distinguishable_from_zero", f"{name}_note"]
    for who in ("group", "reference"):
        cols += [f"bonus_pct_{who}", f"bonus_pct_{who}_ci_low", f"bonus_pct_{who}_ci_high"]
    return cols + ["interval_method", "suppressed", "bonus_gap_suppressed", "bonus_pct_suppressed",
                   "suppression_reason"]


def pay_gap_by(
    workforce: pd.DataFrame,
    characteristic: str,
    *,
    reference: Hashable,
    confidence_level: float,
    n_boot: int,
    seed: int,
    max_n: int,
    min_group: int,
) -> pd.DataFrame:
    """Mean/median hourly and bonus pay gaps and bonus proportions of every group vs a reference.

    For each declared group B of the characteristic other than the reference A:
    ``gap_pct = (A − B) / A × 100`` of the mean and median hourly pay of full-pay relevant
    employees, and of the mean and median bonus of relevant employees who received one; and the
    percentage of each group's relevant employees who received a bonus.

    Parameters
    ----------
    workforce
        Raw or processed workforce (one row per relevant employee).
    characteristic
        A characteristic (``sex``, ``ethnicity_broad``, ``disability``, ``sexual_orientation`` …);
        the gaps are computed on ``eqlib.characteristics.pay_gap_column(characteristic)`` (sexual
        orientation: ``sexual_orientation_grouped``, LGB+ vs straight).
    reference
        The reference group (params ``reference_groups``); must be a group of the column.
    confidence_level
        Level of every interval (params ``confidence_level``).
    n_boot, seed, max_n
        Bootstrap resamples, seed and the size above which the delta method / rate-table
        bootstrap is used (params ``bootstrap``); see :func:`eqlib.intervals.pay_gap_intervals`.
    min_group
        Smallest number of people in each compared group for a figure to be given (params
        ``disclosure.min_group_pay``): FPREs for hourly gaps, bonus recipients for bonus gaps,
        relevant employees for bonus proportions. Below it the figure is NaN and the row says why.

    Returns
    -------
    pd.DataFrame
        One row per non-reference declared group present in the data (code-list order):
        ``group, reference_group, n_group, n_reference`` (FPREs), ``n_group_relevant,
        n_reference_relevant, n_group_bonus, n_reference_bonus``; for each of ``mean_gap,
        median_gap, mean_bonus_gap, median_bonus_gap``: ``<m>_pct, <m>_ci_low, <m>_ci_high,
        <m>_distinguishable_from_zero`` (boolean; false when the interval contains 0) and
        ``<m>_note`` (``"not statistically distinguishable from zero"`` or
        ``"statistically distinguishable from zero"``); ``bonus_pct_group`` and
        ``bonus_pct_reference`` with Wilson ``_ci_low``/``_ci_high`` (percent);
        ``interval_method`` (how the hourly gaps' intervals were computed); ``suppressed``
        (hourly gaps withheld), ``bonus_gap_suppressed``, ``bonus_pct_suppressed`` and
        ``suppression_reason`` (every reason, NaN when nothing is withheld).

    Notes
    -----
    Positive gap: the group's statistic is below the reference's. Not-declared people (``Prefer
    not to say``, ``Not known``, missing) are left out of both compared groups only. A group
    with nobody in it does not appear; a gap whose reference statistic is 0 or missing is NaN.
    Intervals: stratified bootstrap percentile intervals; Wilson intervals for proportions.

    References
    ----------
    Methodology §2 and §2.1; GOV.UK "Ethnicity pay gap reporting" guidance (2023) and
    "Disability workforce reporting" (2023), which apply the gender pay gap measures to other
    characteristics.

    Examples
    --------
    >>> wf = pd.DataFrame({"sex": ["Male"] * 3 + ["Female"] * 3,
    ...                    "hourly_pay": [10.0, 20, 30, 9, 18, 27]})
    >>> t = pay_gap_by(wf, "sex", reference="Male", confidence_level=0.95, n_boot=200, seed=1,
    ...                max_n=50_000, min_group=1)
    >>> t[["group", "n_group", "mean_gap_pct", "median_gap_pct"]].round(6).to_dict("records")
    [{'group': 'Female', 'n_group': 3, 'mean_gap_pct': 10.0, 'median_gap_pct': 10.0}]
    """
    _check_confidence(confidence_level)
    frame = _prepared(workforce)
    column = characteristics.pay_gap_column(characteristic)
    _check_column(frame, column)
    _check_reference(column, reference)
    labels = _sex(frame) if column == "sex" else frame[column].astype(object)
    labels = labels.where(codes.is_declared(labels), None)
    groups = _group_order(labels, column)
    return _gap_rows(frame, labels, groups, reference, confidence_level=confidence_level,
                     n_boot=n_boot, seed=seed, max_n=max_n, min_group=min_group)


def quarter_composition(
    workforce: pd.DataFrame, characteristic: str, *, confidence_level: float = 0.95
) -> pd.DataFrame:
    """Count and percentage of every group (not-declared included) in each pay quarter.

    Quarters are formed over **all** full-pay relevant employees (declared or not), with tie
    sharing over the characteristic's groups (:func:`quarter_bands`; missing values counted as
    ``Not known``); ``pct = n / n_quarter × 100`` with a Wilson interval.

    Parameters
    ----------
    workforce
        Raw or processed workforce.
    characteristic
        Column of the groups, used as given (e.g. ``ethnicity_broad``, ``sexual_orientation``).
    confidence_level
        Level of the Wilson intervals (params ``confidence_level``).

    Returns
    -------
    pd.DataFrame
        One row per quarter × group (groups present among FPREs, code-list order, not-declared
        last): ``quarter`` (1-4), ``quarter_label``, ``group``, ``declared`` (bool), ``n``,
        ``n_quarter``, ``pct``, ``pct_ci_low``, ``pct_ci_high`` (percent).

    References
    ----------
    2017 Regulations, Schedule 1, paragraph 13; GOV.UK "Ethnicity pay gap reporting" (2023):
    the pay quarters include employees who did not declare.

    Examples
    --------
    >>> wf = pd.DataFrame({"hourly_pay": [1.0, 2, 3, 4], "disability": ["Disabled", None,
    ...                    "Not disabled", "Not disabled"]})
    >>> quarter_composition(wf, "disability")["n"].tolist()
    [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0]
    """
    _check_confidence(confidence_level)
    frame = _prepared(workforce)
    _check_column(frame, characteristic)
    fpre = frame["full_pay_relevant"].to_numpy()
    sub = frame[fpre]
    labels = sub[characteristic].astype(object).where(sub[characteristic].notna(), codes.NOT_KNOWN)
    if characteristic in characteristics.REGISTRY:
        listed = characteristics.categories(characteristic)
    else:
        listed = []
    present = set(labels.unique())
    order = [g for g in listed if g in present]
    order += sorted((g for g in present if g not in order and g not in codes.NOT_DECLARED), key=str)
    order += [g for g in codes.NOT_DECLARED if g in present and g not in order]
    bands = quarter_bands(sub["hourly_pay"], labels, ids=_ids(sub))
    table = pd.crosstab(bands, labels).reindex(index=[1, 2, 3, 4], columns=order, fill_value=0)
    rows = []
    for k in (1, 2, 3, 4):
        n_quarter = int(table.loc[k].sum())
        for g in order:
            n = int(table.loc[k, g])
            low, high = wilson_interval(n, n_quarter, confidence_level=confidence_level)
            rows.append({
                "quarter": k, "quarter_label": QUARTER_LABELS[k], "group": g,
                "declared": bool(codes.is_declared(g)), "n": n, "n_quarter": n_quarter,
                "pct": n / n_quarter * 100 if n_quarter else math.nan,
                "pct_ci_low": low * 100, "pct_ci_high": high * 100,
            })
    return pd.DataFrame(rows, columns=["quarter", "quarter_label", "group", "declared", "n",
                                       "n_quarter", "pct", "pct_ci_low", "pct_ci_high"])


def declaration_rate(
    workforce: pd.DataFrame,
    characteristic: str | Sequence[str],
    *,
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Share of relevant employees who declared a group: ``declared / all relevant employees``.

    Parameters
    ----------
    workforce
        Raw or processed workforce (every row a relevant employee).
    characteristic
        One column name or several.
    confidence_level
        Level of the Wilson interval.

    Returns
    -------
    pd.DataFrame
        One row per characteristic: ``characteristic, n, n_declared, n_prefer_not_to_say,
        n_not_known`` (missing counted as not known), ``declaration_rate`` (fraction),
        ``ci_low, ci_high`` (Wilson, fractions; NaN when there is nobody).

    References
    ----------
    Methodology §2 (declaration rate published with every characteristic's figures).

    Examples
    --------
    >>> wf = pd.DataFrame({"disability": ["Disabled", "Not known", None, "Not disabled"]})
    >>> t = declaration_rate(wf, "disability")
    >>> t[["n", "n_declared", "declaration_rate"]].to_dict("records")
    [{'n': 4, 'n_declared': 2, 'declaration_rate': 0.5}]
    """
    _check_confidence(confidence_level)
    frame = _columns(workforce)
    names = [characteristic] if isinstance(characteristic, str) else list(characteristic)
    rows = []
    for name in names:
        _check_column(frame, name)
        values = frame[name]
        declared = int(codes.is_declared(values).sum())
        n = len(values)
        pnts = int((values == codes.PREFER_NOT_TO_SAY).sum())
        low, high = wilson_interval(declared, n, confidence_level=confidence_level)
        rows.append({"characteristic": name, "n": n, "n_declared": declared,
                     "n_prefer_not_to_say": pnts, "n_not_known": n - declared - pnts,
                     "declaration_rate": declared / n if n else math.nan,
                     "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows)


def intersectional_pay_gaps(
    workforce: pd.DataFrame,
    characteristics: tuple[str, str],
    *,
    reference: tuple[Hashable, Hashable],
    confidence_level: float,
    n_boot: int,
    seed: int,
    max_n: int,
    min_group: int,
) -> pd.DataFrame:
    """Pay gaps of every combination of two characteristics against a reference combination.

    Groups are ``"<first> × <second>"`` (e.g. ``"Female × Black"``), compared with the reference
    combination (e.g. ``"Male × White British"``) by the measures of :func:`pay_gap_by`. A
    combination with fewer than ``min_group`` full-pay relevant employees is collapsed into the
    next broader level of the second characteristic (``ethnicity_detailed`` → ``ethnicity_broad``
    → ``ethnicity_binary``; the broader column must be in the workforce): its members join the
    other small combinations of the same first group and broader group, in a group labelled
    ``"<first> × <broader group> (<collapsed groups>)"``. Characteristics with no broader level
    (disability, grade band) are not collapsed; small groups are then suppressed.

    Parameters
    ----------
    workforce
        Raw or processed workforce.
    characteristics
        Two columns, e.g. ``("sex", "ethnicity_broad")``, ``("sex", "disability")``,
        ``("sex", "grade_band")``.
    reference
        The reference combination, e.g. ``("Male", "White British")``.
    confidence_level, n_boot, seed, max_n, min_group
        As in :func:`pay_gap_by`.

    Returns
    -------
    pd.DataFrame
        The columns of :func:`pay_gap_by` preceded by ``first``, ``second`` (the groups making up
        the combination), ``level`` (the column the second group comes from) and
        ``collapsed_from`` (the combinations merged into this row, NaN when none).

    Notes
    -----
    Not-declared values of either characteristic leave a person out of every combination.
    The reference combination is never collapsed. For ``grade_band`` the comparison is with one
    reference band; gaps *within* each band are :func:`pay_gap_within`.

    References
    ----------
    Methodology §2 (intersectional gaps with automatic collapsing).

    Examples
    --------
    >>> wf = pd.DataFrame({"sex": ["Male", "Female"] * 4,
    ...                    "disability": ["Not disabled"] * 4 + ["Disabled"] * 4,
    ...                    "hourly_pay": [10.0, 9, 10, 9, 10, 8, 10, 8]})
    >>> t = intersectional_pay_gaps(wf, ("sex", "disability"), reference=("Male", "Not disabled"),
    ...     confidence_level=0.95, n_boot=100, seed=1, max_n=50_000, min_group=1)
    >>> t[["group", "mean_gap_pct"]].round(6).values.tolist()
    [['Female × Disabled', 20.0], ['Female × Not disabled', 10.0], ['Male × Disabled', 0.0]]
    """
    _check_confidence(confidence_level)
    first, second = characteristics
    frame = _prepared(workforce)
    for col in (first, second):
        _check_column(frame, col)
    _check_reference(first, reference[0])
    _check_reference(second, reference[1])
    a, b = frame[first].astype(object), frame[second].astype(object)
    ok = codes.is_declared(a) & codes.is_declared(b)
    ref_label = f"{reference[0]} × {reference[1]}"
    label = pd.Series(None, index=frame.index, dtype=object)
    label[ok] = a[ok].astype(str) + " × " + b[ok].astype(str)
    level = pd.Series(second, index=frame.index, dtype=object)
    collapsed: dict[str, list[str]] = {}
    broader = _BROADER.get(second)
    fpre = frame["full_pay_relevant"]
    if broader is not None and broader in frame:
        sizes = label[ok & fpre].value_counts()
        small = [g for g in label[ok].unique() if sizes.get(g, 0) < min_group and g != ref_label]
        for g in sorted(small):
            rows = label == g
            broad_values = frame.loc[rows, broader].astype(object)
            if not codes.is_declared(broad_values).all():
                continue
            for broad_value in broad_values.unique():
                new = f"{a[rows].iloc[0]} × {broad_value}"
                collapsed.setdefault(new, []).append(g)
        for new, olds in collapsed.items():
            members = label.isin(olds)
            name = f"{new} ({', '.join(o.split(' × ', 1)[1] for o in olds)})"
            label[members] = name
            level[members] = broader
        collapsed = {f"{new} ({', '.join(o.split(' × ', 1)[1] for o in olds)})": olds
                     for new, olds in collapsed.items()}
    order_a = _group_order(a[ok], first)
    order_b = _group_order(b[ok], second)
    rank = {f"{x} × {y}": (i, j) for i, x in enumerate(order_a) for j, y in enumerate(order_b)}
    groups = sorted(label[ok].unique(), key=lambda g: rank.get(g, (len(order_a), 0)) + (g,))
    table = _gap_rows(frame, label, groups, ref_label, confidence_level=confidence_level,
                      n_boot=n_boot, seed=seed, max_n=max_n, min_group=min_group)
    first_of = {g: frame.loc[label == g, first].iloc[0] for g in groups}
    second_of = {g: str(g).split(" × ", 1)[1] for g in groups}
    level_of = {g: level[label == g].iloc[0] for g in groups}
    table.insert(0, "collapsed_from", table["group"].map(
        lambda g: "; ".join(collapsed[g]) if g in collapsed else math.nan))
    table.insert(0, "level", table["group"].map(level_of))
    table.insert(0, "second", table["group"].map(second_of))
    table.insert(0, "first", table["group"].map(first_of))
    return table


def pay_gap_within(
    workforce: pd.DataFrame,
    characteristic: str,
    *,
    by: Literal["grade", "grade_band", "directorate"] = "grade",
    reference: Hashable,
    confidence_level: float,
    n_boot: int,
    seed: int,
    max_n: int,
    min_group: int,
) -> pd.DataFrame:
    """Pay gaps of a characteristic within each grade, grade band or directorate.

    :func:`pay_gap_by` applied to the people of each level of ``by`` separately (this is where
    "equal pay for equal work" questions start); figures below ``min_group`` are suppressed.

    Parameters
    ----------
    workforce
        Raw or processed workforce.
    characteristic, reference, confidence_level, n_boot, seed, max_n, min_group
        As in :func:`pay_gap_by`.
    by
        ``"grade"``, ``"grade_band"`` or ``"directorate"``.

    Returns
    -------
    pd.DataFrame
        The columns of :func:`pay_gap_by` preceded by ``by`` (the column name) and ``level``
        (its value); levels in category order (grades lowest first) or sorted.

    References
    ----------
    Methodology §2 ("By grade / directorate").

    Examples
    --------
    >>> wf = pd.DataFrame({"sex": ["Male", "Female"] * 2, "grade": ["G1", "G1", "G2", "G2"],
    ...                    "hourly_pay": [10.0, 9, 20, 20]})
    >>> t = pay_gap_within(wf, "sex", by="grade", reference="Male", confidence_level=0.95,
    ...                    n_boot=100, seed=1, max_n=50_000, min_group=1)
    >>> t[["level", "mean_gap_pct"]].round(6).values.tolist()
    [['G1', 10.0], ['G2', 0.0]]
    """
    if by not in _WITHIN_BY:
        raise ValueError(f"by must be one of {', '.join(_WITHIN_BY)}; got {by!r}")
    frame = _columns(workforce)
    _check_column(frame, by)
    values = frame[by]
    if isinstance(values.dtype, pd.CategoricalDtype):
        levels = [c for c in values.cat.categories if (values == c).any()]
    else:
        levels = sorted(values.dropna().unique(), key=str)
    parts = []
    for lev in levels:
        part = pay_gap_by(frame[values == lev], characteristic, reference=reference,
                          confidence_level=confidence_level, n_boot=n_boot, seed=seed,
                          max_n=max_n, min_group=min_group)
        part.insert(0, "level", lev)
        part.insert(0, "by", by)
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["by", "level", *_gap_columns()])
    return pd.concat(parts, ignore_index=True)


def _trend_table(per_year: dict[Any, pd.Series]) -> pd.DataFrame:
    """Years side by side (rows in order of first appearance) with consecutive changes."""
    years = sorted(per_year)
    wide = pd.concat([per_year[y].rename(y) for y in years], axis=1, sort=False)
    for prev, year in zip(years, years[1:], strict=False):
        wide[f"change_{prev}_{year}"] = wide[year] - wide[prev]
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def gpg_trend(workforces: Mapping[int, pd.DataFrame]) -> pd.DataFrame:
    """The 14 statutory figures for every year side by side, with the change between years.

    Parameters
    ----------
    workforces
        Year → workforce snapshot of that year.

    Returns
    -------
    pd.DataFrame
        One row per GOV.UK field (``measure``), one column per year (unrounded, NaN where
        undefined), then ``change_<year1>_<year2>`` for each pair of consecutive years
        (percentage points).

    Examples
    --------
    >>> wf = pd.DataFrame({"sex": ["Male", "Female"] * 2, "hourly_pay": [10.0, 9, 10, 9]})
    >>> t = gpg_trend({2025: wf, 2026: wf.assign(hourly_pay=[10.0, 9.5, 10, 9.5])})
    >>> t.loc[0, "measure"], [float(t.loc[0, c]) for c in ("2025", "2026", "change_2025_2026")]
    ('DiffMeanHourlyPercent', [10.0, 5.0, -5.0])
    """
    if not workforces:
        raise ValueError("workforces is empty: give at least one year's snapshot")
    per_year = {}
    for year, wf in workforces.items():
        figures = gpg_figures(wf)
        per_year[year] = pd.Series(
            [np.nan if figures[f] is None else figures[f] for f in GPG_FIELDS],
            index=pd.Index(GPG_FIELDS, name="measure"), dtype=float,
        )
    return _trend_table(per_year)


def pay_gap_trend(
    workforces: Mapping[int, pd.DataFrame],
    characteristic: str,
    *,
    reference: Hashable,
    confidence_level: float,
    n_boot: int,
    seed: int,
    max_n: int,
    min_group: int,
) -> pd.DataFrame:
    """Every figure of :func:`pay_gap_by` for every year side by side, with the change.

    Parameters
    ----------
    workforces
        Year → workforce snapshot of that year.
    characteristic, reference, confidence_level, n_boot, seed, max_n, min_group
        As in :func:`pay_gap_by` (suppressed figures are NaN).

    Returns
    -------
    pd.DataFrame
        One row per ``group`` × ``measure`` (``n_group``, ``n_reference``, the four gaps and
        their interval ends, ``bonus_pct_group``, ``bonus_pct_reference``), one column per
        year, then ``change_<year1>_<year2>`` for consecutive years (percentage points for
        percentages). For the statutory 14 GOV.UK figures use :func:`gpg_trend`.

    Examples
    --------
    >>> wf = pd.DataFrame({"sex": ["Male", "Female"] * 2, "hourly_pay": [10.0, 9, 10, 9]})
    >>> t = pay_gap_trend({2025: wf, 2026: wf.assign(hourly_pay=[10.0, 8, 10, 8])}, "sex",
    ...     reference="Male", confidence_level=0.95, n_boot=50, seed=1, max_n=50_000,
    ...     min_group=1)
    >>> row = t.set_index("measure").loc["mean_gap_pct"]
    >>> [float(row[c]) for c in ("2025", "2026", "change_2025_2026")]
    [10.0, 20.0, 10.0]
    """
    if not workforces:
        raise ValueError("workforces is empty: give at least one year's snapshot")
    measures = ["n_group", "n_reference"]
    for name in _GAP_MEASURES:
        measures += [f"{name}_pct", f"{name}_ci_low", f"{name}_ci_high"]
    measures += ["bonus_pct_group", "bonus_pct_reference"]
    per_year = {}
    for year, wf in workforces.items():
        table = pay_gap_by(wf, characteristic, reference=reference,
                           confidence_level=confidence_level, n_boot=n_boot, seed=seed,
                           max_n=max_n, min_group=min_group)
        long = table.set_index("group")[measures].astype(float).stack(future_stack=True)
        long.index.names = ["group", "measure"]
        per_year[year] = long
    return _trend_table(per_year)


# The adjusted gap and the decomposition live in eqlib.adjusted; acceptance.md §1 names them under
# eqlib.paygap, so they are re-exported here lazily (no import cycle, no cost when unused).
_ADJUSTED = ("adjusted_pay_gap", "pay_gap_decomposition", "cost_to_close")


def __getattr__(name: str) -> Any:
    if name in _ADJUSTED:
        from eqlib import adjusted

        return getattr(adjusted, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
