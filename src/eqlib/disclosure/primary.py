"""Primary suppression: the threshold, share and dominance rules applied to each published value,
and the helpers the suppression code shares (not the checker: :mod:`eqlib.disclosure.checker`).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

from eqlib.disclosure.rules import (
    DisclosureRules,
)
from eqlib.tables import (
    SHARE_KINDS,
    conform,
    kinds_of,
)


# ==================================================================================================
# Helpers shared by the suppression functions (NOT used by the checker further down).
# ==================================================================================================
def _label(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


def _cell(row: pd.Series) -> tuple[str, str, str, str]:
    return (_label(row["population"]), _label(row["characteristic"]), _label(row["group"]),
            _label(row["level"]))


def _small(x: float, rules: DisclosureRules) -> bool:
    """A count that may not be shown: 1..min_count-1 (and 0 when zeros are disclosive)."""
    if x is None or math.isnan(x):
        return False
    return 0 < x < rules.min_count or (x == 0 and rules.zeros_disclosive)


def _mark(out: pd.DataFrame, mask: pd.Series, rule: str) -> None:
    new = mask & ~out["suppressed"]
    out.loc[new, "suppressed"] = True
    out.loc[new, "suppression_reason"] = rule


def _blank(out: pd.DataFrame, kinds: pd.Series, rules: DisclosureRules,
           hidden_counts: set[tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Remove withheld values (and the counts that would reveal them) from marked rows."""
    # A withheld row shows nothing: not its value, interval or numerator, and not its n or
    # n_reference either. Those are often published elsewhere, but at a cell with a withheld count
    # (e.g. a rate whose numerator count is withheld, beside its published denominator count) the
    # independent checker cannot tell a harmless denominator from a revealing one, and a withheld
    # row has nothing to gain from showing them. (``rules`` and ``hidden_counts`` are kept in the
    # signature for the callers.)
    del rules, hidden_counts, kinds
    sup = out["suppressed"]
    out.loc[sup, ["value", "ci_low", "ci_high", "numerator", "n", "n_reference"]] = np.nan
    return out


def dominance(values: Sequence[float] | np.ndarray, *, nk_k: float) -> bool:
    """Whether a pay sum or mean is dominated: top 2 contributors > ``nk_k`` × cell total.

    ``(x_(1) + x_(2)) / sum(x) > nk_k`` with ``x_(1) >= x_(2)`` the two largest values (the
    (n = 2, k) dominance rule). A cell of one or two people is always dominated; an empty cell or
    one with a total of 0 or less is not (nothing to reveal).

    References
    ----------
    Hundepool et al. (2012), *Statistical Disclosure Control*, Wiley, §4.2.2 (n,k)-dominance.

    Examples
    --------
    >>> dominance([100, 90, 5, 5], nk_k=0.9), dominance([30, 30, 30, 30], nk_k=0.9)
    (True, False)
    """
    if not 0 < nk_k <= 1:
        raise ValueError(f"nk_k must be in (0, 1]; got {nk_k!r}")
    x = np.sort(np.asarray(values, dtype=float))[::-1]
    if x.size == 0:
        return False
    total = float(x.sum())
    if total <= 0:
        return False
    return bool(float(x[:2].sum()) > nk_k * total)


def dominated_cells(
    contributions: Mapping[Hashable, Sequence[float]], *, nk_k: float
) -> dict[Hashable, bool]:
    """:func:`dominance` of every cell of a mapping cell -> contributing values.

    Examples
    --------
    >>> dominated_cells({("F", "G1"): [50, 40, 5], ("M", "G1"): [10] * 10}, nk_k=0.9)
    {('F', 'G1'): True, ('M', 'G1'): False}
    """
    return {cell: dominance(v, nk_k=nk_k) for cell, v in contributions.items()}


def dominated_rows(
    table: pd.DataFrame,
    contributions: Mapping[tuple[str, str], Sequence[float]],
    *,
    nk_k: float,
    kinds: Mapping[str, str] | None = None,
) -> pd.Series:
    """Boolean mask of the ``pay`` rows of a tidy table whose cell is dominated.

    ``contributions`` maps ``(group, level)`` to the values summed or averaged in that cell (for
    a mean, each person's pay). Rows of other kinds and cells not in the mapping are False.
    """
    flags = {(str(g), str(lv)): dominance(v, nk_k=nk_k) for (g, lv), v in contributions.items()}
    kind = kinds_of(table, kinds=kinds)
    keys = list(zip(table["group"].map(_label), table["level"].map(_label), strict=True))
    return pd.Series([k == "pay" and flags.get(key, False) for k, key in zip(kind, keys,
                                                                             strict=True)],
                     index=table.index, dtype=bool)


def _primary_marks(
    table: pd.DataFrame, rules: DisclosureRules, kinds: pd.Series,
    dominated: pd.Series | None,
) -> pd.DataFrame:
    out = conform(table)
    out.index = table.index
    v, n, num, nref = out["value"], out["n"], out["numerator"], out["n_reference"]
    mc = rules.min_count

    def small(s: pd.Series) -> pd.Series:
        return (s > 0) & (s < mc) | ((s == 0) & rules.zeros_disclosive)

    count = (kinds == "count") & small(v)
    share_k = kinds.isin(SHARE_KINDS)
    missing = num.isna() | n.isna()
    share = share_k & (missing | small(num) | small(n - num) | (n < rules.min_group_stat))
    stat = (kinds == "statistic") & (n.isna() | (n < rules.min_group_stat))
    gap = (kinds == "gap") & (n.isna() | (n < rules.min_group_pay) | (nref < rules.min_group_pay))
    pay = (kinds == "pay") & (n.isna() | (n < rules.min_group_pay))
    _mark(out, count, "primary_count")
    _mark(out, share, "primary_share")
    _mark(out, stat | gap | pay, "primary_statistic")
    if dominated is not None:
        dom = dominated.reindex(out.index, fill_value=False).astype(bool) & (kinds == "pay")
        _mark(out, dom, "dominance")
    return out


def primary_suppression(
    table: pd.DataFrame,
    rules: DisclosureRules,
    *,
    dominated: pd.Series | None = None,
    kinds: Mapping[str, str] | None = None,
    blank: bool = True,
) -> pd.DataFrame:
    """Primary suppression of a tidy table (threshold, share, statistic and dominance rules).

    Parameters
    ----------
    table
        Tidy table (:data:`eqlib.tables.TIDY_COLUMNS`) with true values.
    rules
        :class:`DisclosureRules`.
    dominated
        Boolean mask aligned to ``table`` (e.g. :func:`dominated_rows`): pay rows to withhold by
        the dominance rule.
    kinds
        Extra measure -> kind entries.
    blank
        Remove withheld values (default). ``False`` only marks them (for chaining).

    Returns
    -------
    pandas.DataFrame
        The table with ``suppressed`` and ``suppression_reason`` set. Primary only: totals can
        still reveal a withheld count (use :func:`protect`).

    Notes
    -----
    A share, percent or index row without ``numerator`` and ``n`` cannot be checked and is
    withheld; a statistic without ``n`` likewise.

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> wide = pd.DataFrame({"group": ["Disabled", "Not disabled"], "count": [2, 998]})
    >>> t = tidy(wide, table="t", population="p", characteristic="disability",
    ...          measures=["count"])
    >>> primary_suppression(t, DisclosureRules())["value"].tolist()
    [nan, 998.0]
    """
    k = kinds_of(table, kinds=kinds)
    out = _primary_marks(table, rules, k, dominated)
    return _blank(out, k, rules) if blank else out

