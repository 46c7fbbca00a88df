"""The representation analysis as tidy publication tables (:func:`build_tables`), before
disclosure control: a layout of :class:`~eqlib.topics.representation.analysis.RepresentationResults`
only, so what the notebook showed is what is published.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pandas as pd

from eqlib import tables as tt
from eqlib import targets
from eqlib.characteristics import only
from eqlib.topics.representation.analysis import (
    ALL_STAFF,
    DIRECTORATE_POPULATION,
    NOT_APPLICABLE_REASON,
    TOTAL,
    RepresentationResults,
    _band_of_grade,
    _bands,
    _denominator,
    top_levels,
)


def _parts(frame: pd.DataFrame | None, *keys: str) -> Iterator[tuple[Any, pd.DataFrame]]:
    """The parts :func:`~eqlib.topics.representation.analysis.run` stacked, in order, without
    their key columns: ``(key or tuple of keys, part)``."""
    if frame is None or frame.empty:
        return
    for key, part in frame.groupby(list(keys), sort=False):
        yield (key[0] if len(keys) == 1 else key), part.drop(columns=list(keys)).reset_index(
            drop=True)


# --------------------------------------------------------------------------------------------------
# Tidy layouts
# --------------------------------------------------------------------------------------------------
def _mark_undefined(table: pd.DataFrame, reason: str = NOT_APPLICABLE_REASON) -> pd.DataFrame:
    """Give every undefined (NaN) value a ``not applicable`` reason, as validate_table asks."""
    out = table.copy()
    blank = out["value"].isna() & ~out["suppressed"] & out["suppression_reason"].isna()
    out.loc[blank, "suppression_reason"] = reason
    return out


def _concat(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return tt.empty_table()
    return _mark_undefined(tt.conform(pd.concat(parts, ignore_index=True)))



def _composition_tidy(wide: pd.DataFrame, characteristic: str, *, table: str, population: str,
                      level_parent: Mapping[str, str] | None) -> pd.DataFrame:
    """Tidy count (all rows) and percent (all but Total) of one characteristic by level."""
    common = dict(table=table, population=population, characteristic=characteristic,
                  level="level", group_parent="group_parent", level_parent=level_parent)
    counts = tt.tidy(wide, measures={"n": "count"}, **common)
    # a percent's denominator is the level's Total (protect withholds n with a withheld Total)
    percents = tt.tidy(wide[wide["group"] != TOTAL].assign(group_parent=TOTAL),
                       measures={"share_pct": "share_pct"}, n="n_level",
                       numerator={"share_pct": "n"}, **common)
    # one block per (level, group): its count then its percent
    order = {(lv, g): i for i, (lv, g) in enumerate(zip(wide["level"], wide["group"],
                                                         strict=True))}
    both = pd.concat([counts.assign(_m=0), percents.assign(_m=1)], ignore_index=True)
    both["_k"] = [order[(lv, g)] for lv, g in zip(both["level"], both["group"], strict=True)]
    return both.sort_values(["_k", "_m"], kind="stable").drop(columns=["_k", "_m"]).reset_index(
        drop=True)


def _index_table(wide: pd.DataFrame, *, table: str, population: str, characteristic: str,
                 reference_group: str, level: str = "level", with_share: bool = True
                 ) -> pd.DataFrame:
    measures = {"share": "share", "index": "representation_index", "diff_pp": "diff_pp",
                "p_value": "p_value"}
    if not with_share:
        measures.pop("share")
    return tt.tidy(
        wide, table=table, population=population, characteristic=characteristic,
        measures=measures, level=level, n="n_declared",
        numerator={"share": "n", "representation_index": "n", "diff_pp": "n"},
        ci={"representation_index": ("index_ci_low", "index_ci_high")},
        group_parent={g: _denominator(characteristic) for g in wide["group"].unique()},
        reference_group=reference_group,
    )



# --------------------------------------------------------------------------------------------------
# build_tables
# --------------------------------------------------------------------------------------------------
def build_tables(results: RepresentationResults) -> dict[str, pd.DataFrame]:
    """Every tidy table of the representation section (unsuppressed), by name.

    Parameters
    ----------
    results
        The analysis the notebook showed (:func:`eqlib.topics.representation.analysis.run`).

    Returns
    -------
    dict of str to DataFrame
        Tidy tables (:data:`eqlib.tables.TIDY_COLUMNS`) named as in the module docstring, rows in a
        fixed order; undefined values are NaN with a ``not applicable`` reason. The trajectory
        table (:mod:`eqlib.targets`) comes last, when params set targets.
    """
    r = results
    params = r.params
    bands = _bands(params)
    top_label, top_bands = top_levels(params)
    band_parent = {b: (top_label if b in top_bands else ALL_STAFF) for b in bands}
    band_parent[top_label] = ALL_STAFF
    out: dict[str, pd.DataFrame] = {}

    # Representation index: all staff and each grade band (methodology §3.1, §3.2); every row
    # names the benchmark population it is compared with (reference_group)
    out["representation_index"] = _concat([
        _index_table(wide, table="representation_index", population="workforce",
                     characteristic=c, reference_group=r.labels[c])
        for c, wide in _parts(r.index, "characteristic")])

    # Benchmark shares used (kind external), the level naming the population
    out["representation_benchmark"] = _concat([
        tt.tidy(s.rename("benchmark_share").rename_axis("group").reset_index(),
                table="representation_benchmark", population="census", characteristic=c,
                measures=["benchmark_share"], n=None, level_value=r.labels[c])
        for c, s in r.shares.items()])

    # Composition: grade band (and the combined top level), grade, directorate, top earners
    out["representation_composition_grade_band"] = _concat([
        _composition_tidy(wide, c, table="representation_composition_grade_band",
                          population="workforce", level_parent=band_parent)
        for (c, _), wide in _parts(r.composition_grade_band, "characteristic", "part")])
    out["representation_composition_grade"] = _concat([
        _composition_tidy(wide, c, table="representation_composition_grade",
                          population="workforce", level_parent=_band_of_grade(params))
        for c, wide in _parts(r.composition_grade, "characteristic")])
    # Directorates are a second partition of all staff. Disclosure control allows one partition
    # per parent cell, so this table is its own population with its own All staff total.
    out["representation_composition_directorate"] = _concat([
        _composition_tidy(wide, c, table="representation_composition_directorate",
                          population=DIRECTORATE_POPULATION,
                          level_parent={lv: ALL_STAFF for lv in wide["level"] if lv != ALL_STAFF})
        for c, wide in _parts(r.composition_directorate, "characteristic")])
    out["representation_composition_top_earners"] = _concat([
        _composition_tidy(wide, c, table="representation_composition_top_earners",
                          population="workforce", level_parent=None)
        for c, wide in _parts(r.composition_top_earners, "characteristic")])

    # WRES-style difference of each grade band from all staff; progression ratio
    out["representation_level_difference"] = _concat([
        tt.tidy(wide, table="representation_level_difference", population="workforce",
                characteristic=c, measures=["diff_pp"], level="level", n="n_declared",
                numerator={"diff_pp": "n"}, reference_group=ALL_STAFF,
                group_parent={g: _denominator(c) for g in wide["group"].unique()})
        for c, wide in _parts(r.level_difference, "characteristic")])
    out["representation_progression"] = _concat([
        tt.tidy(wide, table="representation_progression", population="workforce",
                characteristic=c, measures=["progression_ratio"], level="top_level",
                n="n_declared_top", numerator={"progression_ratio": "n_top"},
                reference_group=ALL_STAFF,
                group_parent={g: _denominator(c) for g in wide["group"].unique()})
        for c, wide in _parts(r.progression, "characteristic")])

    # Declaration rates (% of everyone), staff by band and board members
    out["representation_declaration"] = _concat([
        tt.tidy(part[part["characteristic"] == c], table="representation_declaration",
                population=population, characteristic=c, measures=["declaration_rate_pct"],
                level="level", n="n_total", numerator={"declaration_rate_pct": "n_declared"})
        for population, part in _parts(r.declaration, "population")
        for c in dict.fromkeys(part["characteristic"])])

    # Diversity index per level (methodology §3.4)
    out["representation_diversity"] = _concat([
        tt.tidy(wide, table="representation_diversity", population=population,
                characteristic=only("diversity"),
                measures={"blau_index": "diversity_index", "n_groups": "distinct_groups"},
                level="level", n="n_declared")
        for (population, _), wide in _parts(r.diversity, "population", "part") if len(wide)])

    # Boards (methodology §3.3)
    if r.boards is not None:
        out.update(_board_tables(r))

    # Socio-economic background (methodology §6)
    out["representation_ses"] = _ses_table(r.ses)

    # Over the years
    out["representation_trend"] = _trend_table(r)
    out |= targets.build_table(r.trajectories, params)
    return out


def _board_tables(r: RepresentationResults) -> dict[str, pd.DataFrame]:
    composition = [
        _composition_tidy(wide, c, table="representation_boards", population="boards",
                          level_parent=None)
        for (c, _), wide in _parts(r.board_composition, "characteristic", "part")]
    index, versus_workforce = [], []
    for c, wide in _parts(r.boards, "characteristic"):
        if c in r.shares:
            index.append(_index_table(wide, table="representation_boards", population="boards",
                                      characteristic=c, reference_group=r.labels[c],
                                      with_share=False))
        versus_workforce.append(tt.tidy(
            wide.assign(diff_pp=wide["diff_pp_workforce"]),
            table="representation_boards_vs_workforce", population="boards", characteristic=c,
            measures=["diff_pp"], level="level", n="n_declared", numerator={"diff_pp": "n"},
            reference_group=ALL_STAFF,
            group_parent={g: _denominator(c) for g in wide["group"].unique()}))
    # Composition first, then the index rows of each characteristic
    return {"representation_boards": _concat(composition + index),
            "representation_boards_vs_workforce": _concat(versus_workforce)}


def _ses_table(ses: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for q, wide in _parts(ses, "question"):
        common = dict(table="representation_ses", population="workforce", characteristic=q,
                      level="level", group_parent="group_parent")
        counts = tt.tidy(wide, measures={"n": "count"}, **common)
        pct = tt.tidy(wide[wide["group"] != TOTAL], measures={"share_pct": "share_pct"},
                      n="n_level", numerator={"share_pct": "n"}, **common)
        parts.append(pd.concat([counts, pct], ignore_index=True))
    return _concat(parts)


def _trend_table(r: RepresentationResults) -> pd.DataFrame:
    index = dict(_parts(r.trend_index, "year", "characteristic"))
    diversity = dict(_parts(r.trend_diversity, "year"))
    parts = []
    for year in sorted({*(y for y, _ in index), *diversity}):
        parts += [_index_table(wide, table="representation_trend", population=f"workforce_{year}",
                               characteristic=c, reference_group=r.labels[c])
                  for (y, c), wide in index.items() if y == year]
        if year in diversity:
            parts.append(tt.tidy(diversity[year], table="representation_trend",
                                 population=f"workforce_{year}",
                                 characteristic=only("diversity"),
                                 measures={"blau_index": "diversity_index"}, level="level",
                                 n="n_declared"))
    return _concat(parts)


__all__ = [
    "build_tables",
]
