"""The pay quarters and the six statutory gender pay gap figures, as submitted to GOV.UK
(methodology §1.3-1.6).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

from eqlib.errors import DataError, PublicationError
from eqlib.paygap.pay import (
    _FEMALE,
    _MALE,
    _QUARTER_FIELD,
    GPG_FIELDS,
    _ids,
    _prepared,
    _sex,
    _to_none,
    pay_gap_pct,
)


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


__all__ = [
    "binary_figures",
    "gpg_figures",
    "gpg_submission",
    "gpg_submission_frame",
    "quarter_band_sizes",
    "quarter_bands",
    "submission_fields",
]
