"""The pay gap analysis as tidy publication tables (:func:`build_tables`), before disclosure
control. Names, measures and populations are listed in
:data:`eqlib.topics.paygap.analysis.TABLES`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from eqlib import national_gpg as bm
from eqlib import paygap
from eqlib import tables as tt
from eqlib.topics.paygap.analysis import (
    _STAT_LABEL,
    ALL_STAFF,
    BENCHMARK_STATISTICS,
    DISTRIBUTION_FIGURES,
    TABLES,
    PayGapResults,
    _reference,
)

# --------------------------------------------------------------------------------------------------
# Tidy tables
# --------------------------------------------------------------------------------------------------
_LONG_DEFAULTS: dict[str, Any] = {
    "n": np.nan, "n_reference": np.nan, "numerator": np.nan, "ci_low": np.nan,
    "ci_high": np.nan, "reference_group": None, "group_parent": None, "level_parent": None,
    "suppressed": False, "suppression_reason": None, "level": ALL_STAFF,
}


def _tidy_long(long: pd.DataFrame, *, table: str) -> pd.DataFrame:
    """Tidy table from a long frame with one published value per row.

    ``long`` has ``population, characteristic, group, measure, value`` and any of
    :data:`_LONG_DEFAULTS`; row order is kept. The same rows as :func:`eqlib.tables.tidy` would
    give for each run of rows sharing population, characteristic, measure and reference group
    (a count's ``n`` is the count itself; the reference group is the run's first one), built
    column by column: one ``tidy`` call per run cost 5 s of the pay-gap notebook's 15.
    Withheld rows (``suppressed``) have their value, interval and numerator removed.
    """
    if long.empty:
        return tt.empty_table()
    frame = long.copy().reset_index(drop=True)
    for column, default in _LONG_DEFAULTS.items():
        if column not in frame:
            frame[column] = default
    frame["level"] = frame["level"].where(frame["level"].notna(), ALL_STAFF)
    frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    frame.loc[frame["suppressed"], ["value", "ci_low", "ci_high", "numerator"]] = np.nan
    key = frame[["population", "characteristic", "measure", "reference_group"]].astype(str)
    starts = (key != key.shift()).any(axis=1).to_numpy()
    first = np.maximum.accumulate(np.where(starts, np.arange(len(frame)), 0))
    first_ref = frame["reference_group"].to_numpy(dtype=object)[first]
    measure = frame["measure"].astype(str)
    kind = measure.map({m: tt.measure_kind(m) for m in measure.unique()})
    value = pd.to_numeric(frame["value"], errors="raise").astype(float)
    out = pd.DataFrame({
        "table": table,
        "population": frame["population"].astype(str),
        "characteristic": frame["characteristic"].astype(str),
        "group": frame["group"],
        "level": frame["level"],
        "measure": measure,
        "n": value.where(kind == "count", frame["n"]),
        "value": value,
        "ci_low": frame["ci_low"],
        "ci_high": frame["ci_high"],
        "reference_group": [None if r is None or r is np.nan else str(r) for r in first_ref],
        "suppressed": frame["suppressed"].to_numpy(),
        "suppression_reason": frame["suppression_reason"],
        "numerator": frame["numerator"],
        "n_reference": frame["n_reference"],
        "group_parent": frame["group_parent"],
        "level_parent": frame["level_parent"],
    })
    return tt.conform(out)


def _gap_long(wide: pd.DataFrame, *, level: str | pd.Series = ALL_STAFF,
              bonus: bool = True) -> pd.DataFrame:
    """Long rows of gap tables (:func:`eqlib.paygap.pay_gap_by` columns plus
    ``characteristic``): hourly gaps (fpre), bonus gaps and the group's bonus proportion."""
    rows = []
    levels = level if isinstance(level, pd.Series) else pd.Series(level, index=wide.index)
    for i, r in wide.iterrows():
        common = {"characteristic": r["characteristic"], "group": r["group"],
                  "level": levels[i]}
        for stat in ("mean", "median"):
            rows.append({**common, "population": "fpre", "measure": f"{stat}_gap_pct",
                         "reference_group": r["reference_group"], "value": r[f"{stat}_gap_pct"],
                         "ci_low": r[f"{stat}_gap_ci_low"], "ci_high": r[f"{stat}_gap_ci_high"],
                         "n": r["n_group"], "n_reference": r["n_reference"],
                         **_withheld(r[f"{stat}_gap_pct"], bool(r["suppressed"]),
                                     "primary_statistic")})
        if not bonus:
            continue
        for stat in ("mean", "median"):
            name = f"{stat}_bonus_gap"
            rows.append({**common, "population": "relevant", "measure": f"{name}_pct",
                         "reference_group": r["reference_group"], "value": r[f"{name}_pct"],
                         "ci_low": r[f"{name}_ci_low"], "ci_high": r[f"{name}_ci_high"],
                         "n": r["n_group_bonus"], "n_reference": r["n_reference_bonus"],
                         **_withheld(r[f"{name}_pct"], bool(r["bonus_gap_suppressed"]),
                                     "primary_statistic")})
        rows.append({**common, "population": "relevant", "measure": "bonus_percent",
                     "value": r["bonus_pct_group"], "ci_low": r["bonus_pct_group_ci_low"],
                     "ci_high": r["bonus_pct_group_ci_high"], "n": r["n_group_relevant"],
                     "numerator": r["n_group_bonus"],
                     **_withheld(r["bonus_pct_group"], bool(r["bonus_pct_suppressed"]),
                                 "primary_share")})
    return pd.DataFrame(rows)


def _withheld(value: float, withheld: bool, rule: str) -> dict[str, Any]:
    """``suppressed`` and ``suppression_reason`` of a library figure: withheld below the
    threshold (the library applies ``min_group_pay``), or undefined (NaN) and not applicable."""
    if withheld:
        return {"suppressed": True, "suppression_reason": rule}
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return {"suppressed": False,
                "suppression_reason": "not applicable: the figure is undefined for this group"}
    return {"suppressed": False, "suppression_reason": None}


def _reference_bonus_rows(wide: pd.DataFrame) -> pd.DataFrame:
    """The reference group's bonus proportion, once per characteristic."""
    rows = []
    for characteristic, part in wide.groupby("characteristic", sort=False):
        r = part.iloc[0]
        rows.append({"characteristic": characteristic, "group": r["reference_group"],
                     "population": "relevant", "measure": "bonus_percent",
                     "value": r["bonus_pct_reference"],
                     "ci_low": r["bonus_pct_reference_ci_low"],
                     "ci_high": r["bonus_pct_reference_ci_high"],
                     "n": r["n_reference_relevant"], "numerator": r["n_reference_bonus"],
                     **_withheld(r["bonus_pct_reference"], bool(r["bonus_pct_suppressed"]),
                                 "primary_share")})
    return pd.DataFrame(rows)


def _gpg_long(statutory: pd.DataFrame, *, level: str | None = None) -> pd.DataFrame:
    """Long rows of :func:`statutory_figures` (``level`` replaces the level when given, and the
    quarter then moves into the characteristic: ``sex (Lower pay quarter)``)."""
    frame = statutory.copy()
    frame["characteristic"] = "sex"
    if level is not None:
        quarter = frame["measure"] == "quarter_share_pct"
        frame.loc[quarter, "characteristic"] = "sex (" + frame.loc[quarter, "level"] + \
            " pay quarter)"
        frame["level"] = level
    frame["suppressed"] = False
    return frame


def _statutory_tidy(statutory: pd.DataFrame) -> pd.DataFrame:
    return _tidy_long(_gpg_long(statutory), table="paygap_gpg")


def _quarters_tidy(quarters: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (characteristic, k), part in quarters.groupby(["characteristic", "quarter"], sort=False):
        label = paygap.QUARTER_LABELS[int(k)]
        for _, r in part.iterrows():
            # a group's quarter counts add up to its full-pay relevant employees (the n of its
            # gaps at "All staff"): disclosure control links the two tables through level_parent
            common = {"population": "fpre", "characteristic": characteristic,
                      "group": r["group"], "level": label, "group_parent": tt.TOTAL,
                      "level_parent": ALL_STAFF}
            rows.append({**common, "measure": "count", "value": r["n"]})
            rows.append({**common, "measure": "quarter_share_pct", "value": r["pct"],
                         "ci_low": r["pct_ci_low"], "ci_high": r["pct_ci_high"],
                         "numerator": r["n"], "n": r["n_quarter"]})
        rows.append({"population": "fpre", "characteristic": characteristic, "group": tt.TOTAL,
                     "level": label, "measure": "count", "value": part["n_quarter"].iloc[0],
                     "level_parent": ALL_STAFF})
    return _tidy_long(pd.DataFrame(rows), table="paygap_quarters")


def _declaration_tidy(declaration: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, r in declaration.iterrows():
        common = {"population": "relevant", "characteristic": r["characteristic"],
                  "group": ALL_STAFF, "n": r["n"]}
        rows.append({**common, "measure": "declaration_rate_pct",
                     "value": r["declaration_rate"] * 100, "ci_low": r["ci_low"] * 100,
                     "ci_high": r["ci_high"] * 100, "numerator": r["n_declared"]})
        for measure, column in (("prefer_not_to_say_pct", "n_prefer_not_to_say"),
                                ("not_known_pct", "n_not_known")):
            rows.append({**common, "measure": measure,
                         "value": r[column] / r["n"] * 100 if r["n"] else np.nan,
                         "numerator": r[column]})
    return _tidy_long(pd.DataFrame(rows), table="paygap_declaration")


_SENSITIVITY_MEASURES = {
    "gap_pct": "gap_pct", "gap_all_in_group_pct": "gap_scenario_group_pct",
    "gap_all_in_reference_pct": "gap_scenario_reference_pct", "gap_min_pct": "gap_bound_low_pct",
    "gap_max_pct": "gap_bound_high_pct",
}


def _sensitivity_tidy(sens: pd.DataFrame, min_group: int) -> pd.DataFrame:
    rows = []
    for _, r in sens.iterrows():
        small = min(r["n_group"], r["n_reference"]) < min_group
        for column, measure in _SENSITIVITY_MEASURES.items():
            rows.append({"population": "fpre", "characteristic": r["characteristic"],
                         "group": r["group"], "level": _STAT_LABEL[r["measure"]],
                         "measure": measure, "reference_group": r["reference"],
                         "value": r[column], "n": r["n_group"], "n_reference": r["n_reference"],
                         **_withheld(r[column], small, "primary_statistic")})
    return _tidy_long(pd.DataFrame(rows), table="paygap_sensitivity")


def _intersectional_tidy(inter: pd.DataFrame) -> pd.DataFrame:
    wide = inter.drop(columns=["reference_group"]).rename(
        columns={"reference_label": "reference_group"})
    return _tidy_long(_gap_long(wide, bonus=False), table="paygap_intersectional")


def _within_tidy(within: pd.DataFrame, by: str) -> pd.DataFrame:
    part = within[within["by"] == by].reset_index(drop=True)
    return _tidy_long(_gap_long(part, level=part["level"].astype(str), bonus=False),
                      table=f"paygap_within_{by}")


def _trend_gpg_tidy(statutory: pd.DataFrame) -> pd.DataFrame:
    parts = [_gpg_long(part, level=str(year))
             for year, part in statutory.groupby("year", sort=True)]
    years = sorted(statutory["year"].unique())
    gaps = statutory["measure"].str.endswith("_gap_pct")
    for prev, year in zip(years, years[1:], strict=False):
        now = statutory[(statutory["year"] == year) & gaps].set_index("field")
        before = statutory[(statutory["year"] == prev) & gaps].set_index("field")
        change = now.copy()
        change["value"] = now["value"] - before["value"].reindex(now.index)
        change["suppression_reason"] = [
            None if pd.notna(v) else "not applicable: the figure is undefined in one of the years"
            for v in change["value"]]
        parts.append(_gpg_long(change.reset_index(), level=f"Change {prev} to {year}"))
    return _tidy_long(pd.concat(parts, ignore_index=True), table="paygap_trend_gpg")


def _trend_gaps_tidy(trend: pd.DataFrame, min_group: int,
                     references: Mapping[str, str]) -> pd.DataFrame:
    years = [c for c in trend.columns if c.isdigit()]
    rows = []
    for (characteristic, group), part in trend.groupby(["characteristic", "group"], sort=False):
        m = part.set_index("measure")
        for stat in ("mean", "median"):
            name = f"{stat}_gap"
            for year in years:
                n, n_ref = m.at["n_group", year], m.at["n_reference", year]
                if pd.isna(n):
                    continue
                small = min(n, n_ref) < min_group
                rows.append({"population": "fpre", "characteristic": characteristic,
                             "group": group, "level": year, "measure": f"{name}_pct",
                             "value": m.at[f"{name}_pct", year],
                             "ci_low": m.at[f"{name}_ci_low", year],
                             "ci_high": m.at[f"{name}_ci_high", year], "n": n,
                             "n_reference": n_ref,
                             **_withheld(m.at[f"{name}_pct", year], small, "primary_statistic")})
            for prev, year in zip(years, years[1:], strict=False):
                column = f"change_{prev}_{year}"
                n, n_ref = m.at["n_group", year], m.at["n_reference", year]
                if pd.isna(n) or pd.isna(m.at["n_group", prev]):
                    continue
                small = min(n, n_ref, m.at["n_group", prev], m.at["n_reference", prev]) \
                    < min_group
                rows.append({"population": "fpre", "characteristic": characteristic,
                             "group": group, "level": f"Change {prev} to {year}",
                             "measure": f"{name}_pct", "value": m.at[f"{name}_pct", column],
                             "n": min(n, m.at["n_group", prev]),
                             "n_reference": min(n_ref, m.at["n_reference", prev]),
                             **_withheld(m.at[f"{name}_pct", column], small,
                                         "primary_statistic")})
    frame = pd.DataFrame(rows)
    frame["reference_group"] = frame["characteristic"].map(references)
    return _tidy_long(frame, table="paygap_trend_gaps")


def _adjusted_tidy(adj: pd.DataFrame, decomposition: pd.DataFrame,
                   min_group: int) -> pd.DataFrame:
    rows = []
    dec = decomposition.set_index("characteristic")
    for _, r in adj.iterrows():
        common = {"population": "fpre", "characteristic": r["characteristic"],
                  "group": r["group"], "reference_group": r["reference_group"],
                  "n": r["n"], "n_reference": r["n_reference"]}
        small = min(r["n"], r["n_reference"]) < min_group
        for measure in ("mean_gap_pct", "median_gap_pct"):
            rows.append({**common, "measure": measure, "value": r[measure],
                         **_withheld(r[measure], small or r["raw_suppressed"],
                                     "primary_statistic")})
        if "unadjusted_gap_pct" in r.index:
            rows.append({**common, "measure": "unadjusted_gap_pct",
                         "value": r["unadjusted_gap_pct"], "ci_low": r["unadjusted_ci_low"],
                         "ci_high": r["unadjusted_ci_high"],
                         **_withheld(r["unadjusted_gap_pct"], small, "primary_statistic")})
        rows.append({**common, "measure": "adjusted_gap_pct", "value": r["adjusted_gap_pct"],
                     "ci_low": r["ci_low"], "ci_high": r["ci_high"],
                     **_withheld(r["adjusted_gap_pct"], small, "primary_statistic")})
        if r["characteristic"] in dec.index and dec.at[r["characteristic"], "group"] == r["group"]:
            d = dec.loc[r["characteristic"]]
            for part, measure in (("gap", "gap_pct"), ("explained", "gap_explained"),
                                  ("unexplained", "gap_unexplained")):
                value = d[part] * 100
                rows.append({**common, "level": "Decomposition (log points x 100)",
                             "measure": measure, "value": value,
                             "ci_low": d[f"{part}_ci_low"] * 100,
                             "ci_high": d[f"{part}_ci_high"] * 100,
                             "n": d["n_group"], "n_reference": d["n_reference"],
                             **_withheld(value, min(d["n_group"], d["n_reference"]) < min_group,
                                         "primary_statistic")})
    return _tidy_long(pd.DataFrame(rows), table="paygap_adjusted")


def _benchmark_tidy(results: PayGapResults) -> dict[str, pd.DataFrame]:
    bench = results.benchmark
    rows = []
    for _, r in bench.iterrows():
        for level, (column, measure) in BENCHMARK_STATISTICS.items():
            value = r[column]
            value = np.nan if pd.isna(value) else float(value)
            rows.append({"population": "national_gpg", "characteristic": r["figure"],
                         "group": r["comparator_set"], "level": level, "measure": measure,
                         "value": value, "suppression_reason": None if not math.isnan(value)
                         else "not applicable: no comparator or no value to compare"})
    out = {"paygap_benchmark": _tidy_long(pd.DataFrame(rows), table="paygap_benchmark")}
    y = results.benchmark_years.iloc[0]
    years = pd.DataFrame([
        {"population": "national_gpg", "characteristic": "comparison_year",
         "group": y["comparison_year"], "level": "partial" if y["partial"] else "complete",
         "measure": "benchmark_count", "value": y["employers"]},
        {"population": "national_gpg", "characteristic": "size_band", "group": y["size_band"],
         "level": y["comparison_year"], "measure": "benchmark_count",
         "value": y["size_band_employers"]},
    ])
    out["paygap_benchmark_years"] = _tidy_long(years, table="paygap_benchmark_years")
    history = results.benchmark_history
    rows = []
    for _, h in history.iterrows():
        for figure in bm.FIGURES:
            value = h[figure]
            rows.append({"population": "national_gpg", "characteristic": figure,
                         "group": h["EmployerName"],
                         "level": h["ReportingYear"] + (" (partial)" if h["partial"] else ""),
                         "measure": "national_value", "value": value,
                         "suppression_reason": None if pd.notna(value)
                         else "not applicable: blank in the national data"})
    out["paygap_benchmark_history"] = _tidy_long(pd.DataFrame(rows),
                                                 table="paygap_benchmark_history")
    dist = results.benchmark_distribution
    out["paygap_benchmark_distribution"] = _tidy_long(pd.DataFrame({
        "population": "national_gpg", "characteristic": dist["figure"],
        "group": dist["employer"], "level": dist["reporting_year"],
        "measure": "national_value", "value": dist["value"]}),
        table="paygap_benchmark_distribution")
    named = results.benchmark_named
    rows = []
    for _, m in named.iterrows():
        for figure in DISTRIBUTION_FIGURES:
            rows.append({"population": "national_gpg", "characteristic": figure,
                         "group": m["employer"], "level": m["comparator_set"],
                         "measure": "national_value", "value": m[figure],
                         "suppression_reason": None if pd.notna(m[figure])
                         else "not applicable: blank in the national data"})
    out["paygap_benchmark_named"] = _tidy_long(pd.DataFrame(rows),
                                               table="paygap_benchmark_named")
    return out


def build_tables(results: PayGapResults) -> dict[str, pd.DataFrame]:
    """Every tidy table of the pay gap sections (:data:`TABLES`), unsuppressed.

    Parameters
    ----------
    results
        The analysis the notebook showed (:func:`eqlib.topics.paygap.analysis.run`): the tables
        are built from the same object, so what the analyst saw is what is published.

    Returns
    -------
    dict
        Name -> tidy table (:data:`eqlib.tables.TIDY_COLUMNS`), in :data:`TABLES` order. Every
        gap row carries ``n`` and ``n_reference``; every share its ``numerator`` and ``n``;
        figures the library withheld below ``disclosure.min_group_pay`` are ``suppressed`` with
        rule ``primary_statistic``/``primary_share``; undefined figures (a bonus gap with no
        bonus for one sex) are NaN, not suppressed, with a reason ``not applicable ...``.
        Other employers' figures are measures of kind ``external``.
    """
    params = results.params
    min_group = int(params["disclosure"]["min_group_pay"])
    gaps = results.gaps
    out: dict[str, pd.DataFrame] = {
        "paygap_gpg": _statutory_tidy(results.statutory),
        "paygap_quarters": _quarters_tidy(results.quarters),
        "paygap_gaps": _tidy_long(
            pd.concat([_gap_long(gaps), _reference_bonus_rows(gaps)], ignore_index=True),
            table="paygap_gaps"),
        "paygap_declaration": _declaration_tidy(results.declaration),
        "paygap_sensitivity": _sensitivity_tidy(results.sensitivity, min_group),
        "paygap_intersectional": _intersectional_tidy(results.intersectional),
        "paygap_within_grade_band": _within_tidy(results.within, "grade_band"),
        "paygap_within_grade": _within_tidy(results.within, "grade"),
        "paygap_within_directorate": _within_tidy(results.within, "directorate"),
        "paygap_trend_gpg": _trend_gpg_tidy(results.gpg_trend),
        "paygap_trend_gaps": _trend_gaps_tidy(
            results.gap_trend, min_group,
            {c: _reference(params, c) for c in params["pay_gap_characteristics"]}),
        "paygap_adjusted": _adjusted_tidy(results.adjusted, results.decomposition, min_group),
    }
    out.update(_benchmark_tidy(results))
    return {name: out[name] for name in TABLES}


__all__ = [
    "build_tables",
]
