"""Sensitivity of a binary pay gap to the people who did not declare (methodology §2).

A pay gap compares the declared members of a group with the declared members of the reference
group; people who did not declare are left out of both. If they had declared, the gap could have
been different. This module says how different it could have been.

Terms
-----
undeclared
    A value of ``by`` in ``codes.NOT_DECLARED`` (``Prefer not to say``, ``Not known``) or missing.
assignment
    A choice, for every undeclared person, of one of the two groups compared. With ``u`` undeclared
    people there are ``2**u`` assignments.
scenario
    One named assignment: *all in the group* or *all in the reference*.
bounds
    The smallest and largest gap over **every** assignment.
robust to non-declaration
    The bounds do not include 0: whatever the undeclared people's groups, the gap keeps its sign.

Gaps are ``(A − B) / A × 100`` with ``A`` the reference group's mean (median) hourly pay and ``B``
the group's, as everywhere in the project (positive = the group is paid less).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd

from eqlib import codes
from eqlib.adjusted import _check_pay, _require_columns

__all__ = ["non_declaration_sensitivity"]

COLUMNS: tuple[str, ...] = (
    "group", "reference", "measure", "n_group", "n_reference", "n_undeclared", "gap_pct",
    "gap_all_in_group_pct", "gap_all_in_reference_pct", "gap_min_pct", "gap_max_pct",
    "robust_to_non_declaration",
)


def _gap(ref: np.ndarray, grp: np.ndarray) -> np.ndarray:
    """``(ref − grp) / ref × 100`` elementwise, NaN where either side is NaN (ref is > 0)."""
    out = np.full(ref.shape, np.nan)
    ok = ~(np.isnan(ref) | np.isnan(grp))
    out[ok] = (ref[ok] - grp[ok]) / ref[ok] * 100
    return out


def _means(base: np.ndarray, extra_sum: np.ndarray, extra_n: np.ndarray) -> np.ndarray:
    """Mean of ``base`` plus extra people with the given sums and counts (NaN for nobody)."""
    n = len(base) + extra_n
    out = np.full(n.shape, np.nan)
    out[n > 0] = (base.sum() + extra_sum[n > 0]) / n[n > 0]
    return out


def _medians(base: np.ndarray, extra: np.ndarray, take: Literal["lowest", "highest"]) -> np.ndarray:
    """Median of ``base`` plus the ``k`` lowest (or highest) of ``extra``, for k = 0..len(extra).

    ``base`` and ``extra`` are sorted. The j-th smallest value of the union is found by a bisection,
    run for every k at once, over the sorted distinct values ``v``: it is the first ``v`` with
    ``#base ≤ v + #chosen extra ≤ v ≥ j + 1``. Cost O((n + u) log(n + u)).
    """
    u = len(extra)
    ks = np.arange(u + 1)
    m = len(base) + ks
    out = np.full(u + 1, np.nan)
    if len(base) + u == 0:
        return out
    values = np.unique(np.concatenate([base, extra]))
    c_base = np.searchsorted(base, values, side="right")
    c_extra = np.searchsorted(extra, values, side="right")

    def order_stat(j: np.ndarray, k: np.ndarray) -> np.ndarray:
        lo = np.zeros(len(k), dtype=int)
        hi = np.full(len(k), len(values) - 1)
        while (lo < hi).any():
            mid = (lo + hi) // 2
            if take == "lowest":
                chosen = np.minimum(c_extra[mid], k)
            else:  # the k highest are extra[u - k:]
                chosen = np.maximum(c_extra[mid] - (u - k), 0)
            ok = c_base[mid] + chosen >= j + 1
            hi = np.where(ok, mid, hi)
            lo = np.where(ok, lo, mid + 1)
        return values[lo]

    has = m > 0
    k, mk = ks[has], m[has]
    out[has] = (order_stat((mk - 1) // 2, k) + order_stat(mk // 2, k)) / 2
    return out


def non_declaration_sensitivity(
    data: pd.DataFrame, *, pay: str, by: str, group: Any, reference: Any
) -> pd.DataFrame:
    """Scenarios and exact bounds of the mean and median pay gap over the undeclared's groups.

    For ``u`` undeclared people, each assignment sends a set ``S`` of them to ``group`` and the
    rest to ``reference``; the gap is ``(A − B) / A × 100`` with ``A`` the reference's and ``B``
    the group's mean (or median) pay *including* the people assigned to each. Reported:
    the declared-only gap; the scenarios *all undeclared in the group* (``S`` = everyone) and
    *all in the reference* (``S`` empty); and the minimum and maximum over all ``2**u`` sets.

    Parameters
    ----------
    data
        One row per employee.
    pay
        Column of hourly pay (positive for everyone in the two groups and the undeclared).
    by
        Column of the binary characteristic (``sex`` is never undeclared; e.g. ``disability``).
    group, reference
        The two values of ``by`` compared. Rows with any other declared value are ignored.

    Returns
    -------
    pandas.DataFrame
        Two rows, ``measure`` = ``mean`` and ``median``, with ``group``, ``reference``,
        ``n_group``, ``n_reference``, ``n_undeclared``, ``gap_pct`` (declared only),
        ``gap_all_in_group_pct``, ``gap_all_in_reference_pct``, ``gap_min_pct``,
        ``gap_max_pct`` and ``robust_to_non_declaration`` (nullable boolean: ``gap_min_pct > 0``
        or ``gap_max_pct < 0``; missing when the gap is undefined).

    Raises
    ------
    DataError
        A column is missing, or pay is missing or not positive for someone in the comparison.
    ValueError
        ``group`` equals ``reference``, or either is an undeclared value.

    Notes
    -----
    *The bounds are exact, for the mean and for the median*, and are found among the ``2(u + 1)``
    assignments that split the undeclared people by pay: the ``k`` lowest-paid to the group and
    the rest to the reference, or the ``k`` highest-paid to the group and the rest to the
    reference, for k = 0..u. Proof: fix ``k = |S|``. Exchanging a member ``a`` of ``S`` for a
    non-member ``b ≥ a`` can only raise (weakly) the group's statistic and lower the reference's,
    because a mean, and any order statistic (the median, also when it is the average of the two
    middle values), is non-decreasing in each value. So the gap is smallest with the ``k``
    highest-paid in ``S`` and largest with the ``k`` lowest-paid; every set of size ``k`` lies
    between them by such exchanges. Taking all ``k`` covers every assignment. (For the mean this
    is also visible directly: the gap is monotone in the sum of pay in ``S``.) Means use prefix
    sums over the undeclared sorted by pay, medians a vectorised bisection over order statistics:
    O((n + u) log(n + u)) in all. Unit tests check the bounds against enumerating all ``2**u``
    assignments.

    *Assumptions.* Every undeclared person belongs to one of the two groups. For a characteristic
    with more groups, undeclared people could also belong to a third group; these bounds do not
    cover that (they are then bounds for the two-group comparison only). Assignments that leave a
    group with nobody (possible when it has no declared members) are skipped; if no assignment
    gives a defined gap, every figure is NaN.

    *Ties* in pay are harmless: the argument above needs only ``b ≥ a``.

    References
    ----------
    Methodology §2 ("Sensitivity to non-declaration"). Manski, C. F. (2003), *Partial
    Identification of Probability Distributions*, Springer (worst-case bounds under missing data).

    Examples
    --------
    Declared: reference pays 10 and 20, group pays 10; undeclared: 5 and 30. The mean gap is
    (15 − 10) / 15 = 33.33%; it is largest with 5 in the group and 30 in the reference
    ((20 − 7.5) / 20 = 62.5%) and smallest the other way round ((11.67 − 20) / 11.67 = −71.43%).

    >>> df = pd.DataFrame({"disability": ["Not disabled", "Not disabled", "Disabled",
    ...                                   "Not known", "Prefer not to say"],
    ...                    "hourly_pay": [10.0, 20.0, 10.0, 5.0, 30.0]})
    >>> out = non_declaration_sensitivity(df, pay="hourly_pay", by="disability",
    ...                                   group="Disabled", reference="Not disabled")
    >>> out.loc[0, ["gap_pct", "gap_min_pct", "gap_max_pct"]].astype(float).round(2).tolist()
    [33.33, -71.43, 62.5]
    >>> bool(out.loc[0, "robust_to_non_declaration"])
    False
    """
    if group == reference:
        raise ValueError("group and reference must be different values")
    for name, value in (("group", group), ("reference", reference)):
        if not codes.is_declared(value) or (isinstance(value, float) and math.isnan(value)):
            raise ValueError(f"{name} must be a declared group, got {value!r}")
    _require_columns(data, [pay, by])
    values = data[by]
    undeclared = values.isna() | values.isin(codes.NOT_DECLARED)
    in_group, in_reference = values == group, values == reference
    rows = data.loc[in_group | in_reference | undeclared]
    _check_pay(rows[pay], pay)
    grp = np.sort(data.loc[in_group, pay].to_numpy(dtype=float))
    ref = np.sort(data.loc[in_reference, pay].to_numpy(dtype=float))
    und = np.sort(data.loc[undeclared, pay].to_numpy(dtype=float))
    u = len(und)
    k = np.arange(u + 1)

    # Mean: prefix sums over the undeclared sorted by pay. "low": the k lowest to the group;
    # "high": the k highest to the group; the reference gets the others in each case.
    prefix = np.concatenate([[0.0], np.cumsum(und)])
    total = prefix[-1]
    low_sum, high_sum = prefix[k], total - prefix[u - k]
    mean_gaps = {
        "low": _gap(_means(ref, total - low_sum, u - k), _means(grp, low_sum, k)),
        "high": _gap(_means(ref, total - high_sum, u - k), _means(grp, high_sum, k)),
    }
    # Median: the reference's median with the c lowest / highest added, indexed by c = u - k.
    med_grp_low, med_grp_high = _medians(grp, und, "lowest"), _medians(grp, und, "highest")
    med_ref_low, med_ref_high = _medians(ref, und, "lowest"), _medians(ref, und, "highest")
    median_gaps = {
        "low": _gap(med_ref_high[u - k], med_grp_low),  # group: k lowest; reference: u-k highest
        "high": _gap(med_ref_low[u - k], med_grp_high),  # group: k highest; reference: u-k lowest
    }

    declared_only = {
        "mean": _gap(_means(ref, np.zeros(1), np.zeros(1, int)),
                     _means(grp, np.zeros(1), np.zeros(1, int)))[0],
        "median": _gap(_medians(ref, und[:0], "lowest"), _medians(grp, und[:0], "lowest"))[0],
    }
    out = []
    for measure, gaps in (("mean", mean_gaps), ("median", median_gaps)):
        both = np.concatenate([gaps["low"], gaps["high"]])
        defined = both[~np.isnan(both)]
        lo, hi = (float(defined.min()), float(defined.max())) if defined.size else (math.nan,) * 2
        robust: Any = pd.NA if math.isnan(lo) else bool(lo > 0 or hi < 0)
        out.append({
            "group": group, "reference": reference, "measure": measure,
            "n_group": len(grp), "n_reference": len(ref), "n_undeclared": u,
            "gap_pct": float(declared_only[measure]),
            "gap_all_in_group_pct": float(gaps["low"][u]),
            "gap_all_in_reference_pct": float(gaps["low"][0]),
            "gap_min_pct": lo, "gap_max_pct": hi,
            "robust_to_non_declaration": robust,
        })
    table = pd.DataFrame(out, columns=list(COLUMNS))
    table["robust_to_non_declaration"] = table["robust_to_non_declaration"].astype("boolean")
    return table
