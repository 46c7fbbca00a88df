"""The same measures for any characteristic (methodology §2): gaps of every group against a
reference group, with intervals, within levels, and crossed characteristics.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from eqlib import characteristics, codes
from eqlib.intervals import (
    INTERVAL_METHODS,
    ReferenceResamples,
    pay_gap_intervals,
    wilson_interval,
)
from eqlib.paygap.pay import (
    _BROADER,
    _GAP_MEASURES,
    _WITHIN_BY,
    DISTINGUISHABLE,
    GPG_FIELDS,
    NOT_DISTINGUISHABLE,
    QUARTER_LABELS,
    _check_confidence,
    _columns,
    _ids,
    _prepared,
    _sex,
    pay_gap_pct,
)
from eqlib.paygap.statutory import (
    gpg_figures,
    quarter_bands,
)


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
    # from records, not pd.concat: a level whose every figure is withheld has all-NA columns,
    # which pd.concat warns about (and warnings are errors in this project)
    columns = list(parts[0].columns)
    return pd.DataFrame.from_records(
        [rec for part in parts for rec in part.to_dict("records")], columns=columns)


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


__all__ = [
    "declaration_rate",
    "gpg_trend",
    "intersectional_pay_gaps",
    "pay_gap_by",
    "pay_gap_trend",
    "pay_gap_within",
    "quarter_composition",
]
