"""Disclosure control of a set of tables end to end: primary and secondary suppression, across years,
means of overlapping groups, rounding, published precision and the suppression log.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from eqlib.disclosure.primary import (
    _blank,
    _cell,
    _label,
    _primary_marks,
)
from eqlib.disclosure.rules import (
    LOG_COLUMNS,
    DisclosureRules,
)
from eqlib.disclosure.secondary import (
    secondary_suppression,
)
from eqlib.tables import (
    KIND_SCALE,
    SHARE_KINDS,
    TIDY_COLUMNS,
    conform,
    kinds_of,
)


# --------------------------------------------------------------------------------------------------
# Rounding, the whole pipeline, the log
# --------------------------------------------------------------------------------------------------
def round_to_base(x: float, base: int) -> float:
    """Nearest multiple of ``base`` (halves rounded up); NaN stays NaN.

    Examples
    --------
    >>> round_to_base(12, 5), round_to_base(13, 5), round_to_base(15, 10), round_to_base(0, 5)
    (10.0, 15.0, 20.0, 0.0)
    """
    if x is None or math.isnan(x):
        return math.nan
    return float(base * math.floor(x / base + 0.5))


def rounded(
    table: pd.DataFrame,
    rules: DisclosureRules,
    *,
    kinds: Mapping[str, str] | None = None,
    interval: Callable[[int, int], tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Round published counts to ``rules.round_to`` and recompute shares from the rounded counts.

    Counts (``value`` and ``n`` of count rows), and ``n``, ``numerator`` and ``n_reference`` of
    every row, are rounded to the base. Share and percent values become rounded numerator /
    rounded denominator (× 100 for percent); index values are scaled by the same ratio. Intervals
    of shares are recomputed with ``interval(numerator, n)`` (a fraction interval such as
    :func:`eqlib.intervals.wilson_interval`) when given, otherwise scaled with the value.
    Statistics and pay are unchanged. No-op when ``rules.round_to`` is ``None``.

    Notes
    -----
    Methodology §7: percentages are computed from the rounded counts, so they cannot be used to
    undo the rounding (issue 7 said "unrounded"; the methodology governs).

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> w = pd.DataFrame({"group": ["A"], "percent": [100 * 12 / 33], "num": [12], "n": [33]})
    >>> t = tidy(w, table="t", population="p", characteristic="x", measures=["percent"],
    ...          numerator={"percent": "num"})
    >>> rounded(t, DisclosureRules(round_to=5))[["numerator", "n", "value"]].iloc[0].tolist()
    [10.0, 35.0, 28.57142857142857]
    """
    out = conform(table)
    out.index = table.index
    base = rules.round_to
    if base is None:
        return out
    k = kinds_of(out, kinds=kinds)
    for i in out.index:
        row = out.loc[i]
        kind = k[i]
        if kind == "external":
            continue
        num, n = row["numerator"], row["n"]
        rnum, rn = round_to_base(num, base), round_to_base(n, base)
        out.loc[i, "n"] = rn
        out.loc[i, "numerator"] = rnum
        out.loc[i, "n_reference"] = round_to_base(row["n_reference"], base)
        if row["suppressed"]:
            continue
        if kind == "count":
            out.loc[i, "value"] = round_to_base(row["value"], base)
            out.loc[i, "n"] = out.loc[i, "value"]
        elif kind in SHARE_KINDS and not (math.isnan(rnum) or math.isnan(rn)):
            old = row["value"]
            if kind in KIND_SCALE:
                new = rnum / rn * KIND_SCALE[kind] if rn > 0 else math.nan
            else:
                new = old * (rnum / rn) / (num / n) if num > 0 and n > 0 and rn > 0 else old
            out.loc[i, "value"] = new
            if kind in KIND_SCALE and interval is not None and rn > 0:
                lo, hi = interval(int(rnum), int(rn))
                out.loc[i, ["ci_low", "ci_high"]] = [lo * KIND_SCALE[kind], hi * KIND_SCALE[kind]]
            elif old and not math.isnan(old) and not math.isnan(new):
                out.loc[i, ["ci_low", "ci_high"]] = [row["ci_low"] * new / old,
                                                     row["ci_high"] * new / old]
    return out


#: Published precision by measure kind (methodology §7, "Published precision"): decimal places,
#: or ``("sf", k)`` for k significant figures. What the report shows, so the CSVs add nothing a
#: reader of the report does not have (unrounded values made back-calculations exact).
PRECISION: dict[str, int | tuple[str, int]] = {
    "share": 3,       # a fraction shown as a percentage to 1 decimal place
    "percent": 1,
    "index": 2,
    "gap": 1,
    "pay": 2,
    "statistic": 2,
}
#: Measures with their own precision.
MEASURE_PRECISION: dict[str, int | tuple[str, int]] = {
    "p_value": ("sf", 3), "fisher_p": ("sf", 3), "fisher_p_holm": ("sf", 3),
    "distinct_groups": 0, "mean": 1, "median": 1,
    # representation targets: shares shown to 1 decimal place of a percentage
    "projected_share": 3, "appointment_share_needed": 3, "appointments_needed": 1,
}


def _round_half_up(x: float, spec: int | tuple[str, int]) -> float:
    if x is None or math.isnan(x) or math.isinf(x):
        return x
    if isinstance(spec, tuple):  # significant figures
        if x == 0:
            return 0.0
        places = spec[1] - 1 - math.floor(math.log10(abs(x)))
    else:
        places = spec
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP))


def published_precision(table: pd.DataFrame, *,
                        kinds: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Round ``value``, ``ci_low`` and ``ci_high`` to the precision the report shows.

    :data:`PRECISION` by kind, :data:`MEASURE_PRECISION` by measure (p-values to 3 significant
    figures); counts are whole numbers already and other people's figures (``external``) are
    left as published. Halves round away from zero, as the report's text does.

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> w = pd.DataFrame({"group": ["A"], "relative_likelihood": [1.979166667], "p": [0.0123456]})
    >>> t = tidy(w, table="t", population="p", characteristic="x",
    ...          measures={"relative_likelihood": "relative_likelihood", "p": "p_value"})
    >>> published_precision(t)["value"].tolist()
    [1.98, 0.0123]
    """
    out = conform(table)
    out.index = table.index
    k = kinds_of(out, kinds=kinds)
    specs = [MEASURE_PRECISION.get(m, PRECISION.get(kd)) for m, kd in zip(out["measure"], k,
                                                                           strict=True)]
    for col in ("value", "ci_low", "ci_high"):
        values = out[col].to_numpy(dtype=float).copy()
        for j, spec in enumerate(specs):
            if spec is not None:
                values[j] = _round_half_up(values[j], spec)
        out[col] = values
    return out


#: A level that names its year already ("2025", "2024-2025 (two years)", "2023 (year-end
#: headcount)"), and a population named by its year ("workforce_2025").
_DATED_LEVEL = re.compile(r"^\d{4}")
_DATED_POPULATION = re.compile(r"_\d{4}$")


def _in_year_terms(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Population and level as the trend tables name them: ``P`` at level ``L`` of year ``Y``
    is ``P_Y`` at ``"Y: L"`` (``representation_trend`` shows this year's ``workforce`` at
    ``senior`` as ``workforce_2026`` at ``"2026: senior"``: the same people). Rows whose
    population or level names a year already keep their names."""
    out = table.copy()
    pop = out["population"].map(_label)
    lvl = out["level"].map(_label)
    keep = pop.str.contains(_DATED_POPULATION) | lvl.str.contains(_DATED_LEVEL)
    out["population"] = pop.where(keep, pop + f"_{year}")
    out["level"] = lvl.where(keep, f"{year}: " + lvl)
    lp = out["level_parent"].map(_label)
    out["level_parent"] = lp.where(keep | (lp == ""), f"{year}: " + lp)
    return out


def protect_tables(
    tables: Mapping[str, pd.DataFrame],
    rules: DisclosureRules,
    *,
    dominated: Mapping[str, pd.Series] | None = None,
    kinds: Mapping[str, str] | None = None,
    interval: Callable[[int, int], tuple[float, float]] | None = None,
    year: int | None = None,
    previous: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """Full disclosure control of several tidy tables, protected together.

    Primary suppression, secondary suppression across all tables (tables of one population share
    cells: a count withheld in one is withheld in every table that shows it), then rounding (when
    ``rules.round_to``), then withheld values removed, then every value rounded to the precision
    the report shows (:func:`published_precision`).

    Parameters
    ----------
    tables
        Name -> tidy table with true values.
    rules
        :class:`DisclosureRules`.
    dominated
        Name -> dominance mask of that table (:func:`dominated_rows`).
    kinds
        Extra measure -> kind entries.
    interval
        Fraction interval ``(numerator, n) -> (low, high)`` for shares recomputed after rounding.
    year
        The publication's year. Given, the tables are linked in the trend tables' terms
        (:func:`_in_year_terms`): this year's rows of a trend table are the same people as the
        other tables' rows.
    previous
        The previous year's published tables (as read from its ``publish/tables``; needs
        ``year``): a reader holds them too. What they publish is known (and never withheld
        here to protect a count), what they withhold is withheld here too, and this year's
        tables are protected so that the two publications together give nothing away.

    Returns
    -------
    dict
        Name -> protected table, rows in their original order.
    """
    parts = []
    for name, t in tables.items():
        marked = _primary_marks(t, rules, kinds_of(t, kinds=kinds),
                                (dominated or {}).get(name))
        marked = marked.reset_index(drop=True)
        marked["_table_key"] = name
        marked["_row"] = np.arange(len(marked))
        parts.append(marked)
    if not parts:
        return {}
    both = pd.concat(parts, ignore_index=True)
    names = both[["population", "level", "level_parent"]].copy()
    frozen = None
    if year is not None:
        both = _in_year_terms(both, year)
    if previous and year is not None:
        earlier = _earlier_rows(previous, both, year - 1, kinds)
        frozen = pd.Series([False] * len(both) + [True] * len(earlier))
        both = pd.concat([both, earlier], ignore_index=True)
    extra = both[["_table_key", "_row"]]
    protected = secondary_suppression(both[list(TIDY_COLUMNS)], rules, kinds=kinds, blank=False,
                                      frozen=frozen)
    if frozen is not None:
        protected, extra = protected[~frozen.to_numpy()], extra[~frozen.to_numpy()]
    protected[["population", "level", "level_parent"]] = names.to_numpy()
    _protect_means(protected, kinds_of(protected, kinds=kinds), rules)
    protected = rounded(protected, rules, kinds=kinds, interval=interval)
    k = kinds_of(protected, kinds=kinds)
    hidden = {
        _cell(r) for _, r in protected[protected["suppressed"] & (k == "count")].iterrows()
    }
    unity = _reference_unity(protected)
    protected = _blank(protected, k, rules, hidden)
    # the reference group's own ratio is 1 by definition: shown, with nothing else of its row
    protected.loc[unity, ["value", "suppressed", "suppression_reason"]] = [1.0, False, None]
    protected = published_precision(protected, kinds=kinds)
    protected = pd.concat([protected, extra], axis=1)
    result = {}
    for name in tables:
        part = protected[protected["_table_key"] == name].sort_values("_row", kind="mergesort")
        result[name] = part[list(TIDY_COLUMNS)].reset_index(drop=True)
    return result


#: Ratios of a group to the reference group: the reference's own is 1 by definition.
_REFERENCE_UNITY_MEASURES = frozenset({"relative_likelihood", "odds_ratio"})


def _reference_unity(table: pd.DataFrame) -> pd.Series:
    """Withheld rows that are the reference group's ratio to itself (value 1). Showing 1 tells
    a reader nothing about any count, so the row is published as 1 with its ``n``, numerator and
    interval still blank (spec: the reference's ratio "is 1.00 by definition and can be shown")."""
    group = table["group"].map(_label)
    return (table["suppressed"].astype(bool)
            & table["measure"].map(_label).isin(_REFERENCE_UNITY_MEASURES)
            & (group != "") & (group == table["reference_group"].map(_label))
            & np.isclose(table["value"].astype(float), 1.0))


#: Mean pay gaps: a group's pay sum relative to its reference's, so sums of groups that overlap
#: (an ethnic group, sex x ethnic group, merged groups) add up.
_MEAN_GAP_MEASURES = frozenset({"mean_gap_pct", "mean_bonus_gap_pct"})
_TIMES = " × "


def _cells_of(characteristic: str, group: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Characteristic ``a × b`` and group ``A × X (B1, B2)``: dimensions [a, b], cells
    [(A, B1), (A, B2)]."""
    dims = characteristic.split(_TIMES)
    parts = group.split(_TIMES, len(dims) - 1)
    if len(parts) != len(dims):
        return dims, []
    cells: list[tuple[str, ...]] = [()]
    for part in parts:
        merged = re.match(r"^(.+?) \((.+)\)$", part)
        names = [x.strip() for x in merged.group(2).split(",")] if merged else [part]
        cells = [(*c, x) for c in cells for x in names]
    return dims, cells


def _protect_means(out: pd.DataFrame, kinds: pd.Series, rules: DisclosureRules) -> None:
    """Withhold published mean gaps until none of a small group can be worked out.

    Per population, measure and level, every mean gap is a relation between the pay sums of two
    groups (the group and its reference), and every group is a union of cells of the
    cross-classification of the characteristics that intersections cross (sex x ethnic group,
    sex x disability; merged groups cover several cells). A withheld mean, or the mean of a cell
    of fewer than ``min_group_pay`` people that no row shows by itself (inside a merged group),
    is given away when its relation is a linear combination of the published ones (tested on
    the true sums: exact rank). While one is, the published mean gap of the smallest group
    sharing a cell with it is withheld (``secondary``).
    """
    meas = out["measure"].map(_label)
    rows = out.index[(kinds == "gap") & meas.isin(_MEAN_GAP_MEASURES)]
    if not len(rows):
        return
    frame = out.loc[rows]
    for _, part in frame.groupby([frame["population"].map(_label), meas.loc[rows],
                                  frame["level"].map(_label)], sort=True):
        crossed = {d for ch in part["characteristic"].map(_label) if _TIMES in ch
                   for d in ch.split(_TIMES)}
        if not crossed:
            continue
        part = part[[set(ch.split(_TIMES)) <= crossed
                     for ch in part["characteristic"].map(_label)]]
        first = {ch.split(_TIMES)[0] for ch in part["characteristic"].map(_label)
                 if _TIMES in ch}
        names: dict[str, set[str]] = {d: set() for d in crossed}
        for ch, g, ref in zip(part["characteristic"].map(_label), part["group"].map(_label),
                              part["reference_group"].map(_label), strict=True):
            for grp in (g, ref):
                dims, cells = _cells_of(ch, grp)
                for cell in cells:
                    for d, x in zip(dims, cell, strict=True):
                        names[d].add(x)
        axes = sorted(crossed)
        grid = [sorted(names[d]) + ([] if d in first else ["(none)"]) for d in axes]
        shape = [len(g) for g in grid]
        if int(np.prod(shape)) > 5000:
            continue

        def mask(characteristic: str, group: str, shape: list = shape, axes: list = axes,
                 grid: list = grid) -> np.ndarray:
            dims, cells = _cells_of(characteristic, group)
            m = np.zeros(shape, dtype=bool)
            for cell in cells:
                at: list[object] = [slice(None)] * len(axes)
                for d, x in zip(dims, cell, strict=True):
                    at[axes.index(d)] = grid[axes.index(d)].index(x)
                m[tuple(at)] = True
            return m.ravel()

        # pay sums of a random world with the same structure (seeded: deterministic)
        world = np.random.default_rng(7).uniform(1.0, 2.0, int(np.prod(shape)))
        info = {}
        for i, r in part.iterrows():
            ch, ref = _label(r["characteristic"]), _label(r["reference_group"])
            g_mask, r_mask = mask(ch, _label(r["group"])), mask(ch, ref)
            if not ref or not g_mask.any() or not r_mask.any():
                continue
            info[i] = (g_mask.astype(float)
                       - world[g_mask].sum() / world[r_mask].sum() * r_mask, g_mask, r_mask,
                       float(r["n"]))
        # cell sizes from the true group sizes, and the cells no row shows by itself
        sizes = [(mask(_label(r["characteristic"]), _label(r["group"])), float(r["n"]))
                 for _, r in part.iterrows() if not math.isnan(float(r["n"]))]
        sizes += [(mask(_label(r["characteristic"]), _label(r["reference_group"])),
                   float(r["n_reference"])) for _, r in part.iterrows()
                  if _label(r["reference_group"]) and not math.isnan(float(r["n_reference"]))]
        if not info or not sizes:
            continue
        cmat = np.vstack([m.astype(float) for m, _ in sizes])
        crank = np.linalg.matrix_rank(cmat, tol=1e-9)
        cell_n = np.linalg.lstsq(cmat, np.asarray([n for _, n in sizes]), rcond=None)[0]
        small_cells = []  # the cells of a merged group, each as small as the sizes show
        for i, r in part.iterrows():
            dims, cells = _cells_of(_label(r["characteristic"]), _label(r["group"]))
            if i not in info or len(dims) < 2 or len(cells) < 2:
                continue
            r_mask = info[i][2]
            for cell in cells:
                e = mask(_TIMES.join(dims), _TIMES.join(cell))
                size = float(e @ cell_n)
                if (np.linalg.matrix_rank(np.vstack([cmat, e]), tol=1e-9) == crank
                        and 0.5 <= size < rules.min_group_pay - 0.5):
                    small_cells.append((e - world[e].sum() / world[r_mask].sum() * r_mask, e))
        for _ in range(len(info) + 1):
            shown = [i for i in info if not out.at[i, "suppressed"]]
            if not shown:
                break
            a = np.vstack([info[i][0] for i in shown])
            rank = np.linalg.matrix_rank(a, tol=1e-9)

            def given(row: np.ndarray, a: np.ndarray = a, rank: int = rank) -> bool:
                return bool(np.linalg.matrix_rank(np.vstack([a, row]), tol=1e-9) == rank)

            weak = [(info[i][1], i) for i in info if out.at[i, "suppressed"]
                    and given(info[i][0])]
            weak += [(e, None) for row, e in small_cells if given(row)]
            if not weak:
                break
            cover, _ = weak[0]
            pool = [i for i in shown if (info[i][1] & cover).any()] or shown
            pick = min(pool, key=lambda i: (info[i][3], _label(out.at[i, "group"]),
                                            _label(out.at[i, "characteristic"])))
            out.loc[pick, ["suppressed", "suppression_reason"]] = [True, "secondary"]


def _earlier_rows(previous: Mapping[str, pd.DataFrame], current: pd.DataFrame, year: int,
                  kinds: Mapping[str, str] | None) -> pd.DataFrame:
    """The previous publication's rows in this year's terms, marked as published. A count it
    withheld takes its value from this year's tables where they hold the same count (the trend
    tables recompute earlier years); a count published with another value (revised data) is
    not the same figure and is left out."""
    rows = pd.concat([_in_year_terms(conform(t), year) for _, t in sorted(previous.items())],
                     ignore_index=True)
    # only populations this year's tables show again share anything with them
    rows = rows[rows["population"].isin(set(current["population"]))].reset_index(drop=True)
    rows["suppressed"] = rows["suppressed"].astype(str).str.lower().isin(["true", "1"])
    kind = kinds_of(rows, kinds=kinds)
    ck = kinds_of(current, kinds=kinds)
    cols = ["population", "characteristic", "group", "level", "measure"]
    now = current[ck == "count"].drop_duplicates(cols).set_index(cols)["value"]
    key = pd.MultiIndex.from_frame(rows[cols].map(_label))
    now.index = pd.MultiIndex.from_frame(now.index.to_frame().map(_label))
    known = pd.Series(key.map(lambda k: now.get(k, math.nan)), index=rows.index, dtype=float)
    is_count = kind == "count"
    differs = is_count & rows["value"].notna() & known.notna() & (rows["value"] != known)
    fill = is_count & rows["value"].isna()
    rows.loc[fill, "value"] = known[fill]
    rows = rows[~differs].reset_index(drop=True)
    rows["_table_key"] = None
    rows["_row"] = -1
    return rows


def protect(
    table: pd.DataFrame,
    rules: DisclosureRules,
    *,
    dominated: pd.Series | None = None,
    kinds: Mapping[str, str] | None = None,
    interval: Callable[[int, int], tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Full disclosure control of one tidy table (see :func:`protect_tables`).

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> wide = pd.DataFrame({"group": ["A", "B", "C", "Total"], "count": [3, 40, 50, 93]})
    >>> t = tidy(wide, table="t", population="p", characteristic="x", measures=["count"],
    ...          group_parent={"A": "Total", "B": "Total", "C": "Total"})
    >>> protect(t, DisclosureRules())["value"].tolist()
    [nan, nan, 50.0, 93.0]
    """
    masks = {"_": dominated} if dominated is not None else None
    return protect_tables({"_": table}, rules, dominated=masks, kinds=kinds,
                          interval=interval)["_"]


def suppression_log(*tables: pd.DataFrame) -> pd.DataFrame:
    """One row per withheld value of the given tidy tables (:data:`LOG_COLUMNS`).

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> t = tidy(pd.DataFrame({"group": ["A"], "count": [2]}), table="t", population="p",
    ...          characteristic="x", measures=["count"])
    >>> suppression_log(protect(t, DisclosureRules()))["rule"].tolist()
    ['primary_count']
    """
    parts = [conform(t).loc[lambda d: d["suppressed"]] for t in tables]
    if not parts:
        return pd.DataFrame(columns=list(LOG_COLUMNS))
    log = pd.concat(parts, ignore_index=True)
    log = log.rename(columns={"suppression_reason": "rule"})[list(LOG_COLUMNS)]
    return log.reset_index(drop=True)


def write_suppression_log(log: pd.DataFrame, path: str | Path) -> Path:
    """Write the suppression log CSV (columns :data:`LOG_COLUMNS`, rows sorted, ``\\n`` endings)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = log[list(LOG_COLUMNS)].fillna("").astype(str)
    out = out.sort_values(list(LOG_COLUMNS), kind="mergesort")
    path.write_bytes(out.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return path

