"""The representation analysis as tidy publication tables (:func:`build_tables`), before
disclosure control.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from eqlib import census, codes
from eqlib import representation as rep
from eqlib import tables as tt
from eqlib.characteristics import only, used_by
from eqlib.topics.representation.analysis import (
    ALL_BOARDS,
    ALL_GROUPS,
    ALL_STAFF,
    DECLARED,
    DIRECTORATE_POPULATION,
    TOP_EARNER_SHARE,
    TOP_EARNERS,
    TOTAL,
    _band_of_grade,
    _bands,
    _by_band,
    _composition_table,
    _concat,
    _denominator,
    _index_table,
    _present,
    _with_structure,
    benchmark_label,
    index_by_band,
    top_levels,
)


# --------------------------------------------------------------------------------------------------
# build_tables
# --------------------------------------------------------------------------------------------------
def build_tables(
    workforce: Mapping[int, pd.DataFrame],
    boards: pd.DataFrame | None,
    benchmark: pd.DataFrame,
    params: Mapping[str, Any],
) -> dict[str, pd.DataFrame]:
    """Every tidy table of the representation section (unsuppressed), by name.

    Parameters
    ----------
    workforce
        Year -> processed workforce table (data dictionary); must hold params ``year``. Earlier
        years feed ``representation_trend`` only.
    boards
        Processed board membership of the reporting year, or None (no board tables).
    benchmark
        The population benchmark (:func:`eqlib.census.read_benchmark` of params
        ``benchmark.file``); the area is params ``benchmark.areas``.
    params
        The validated parameters (``year``, ``grade_bands``, ``benchmark``,
        ``confidence_level``).

    Returns
    -------
    dict of str to DataFrame
        Tidy tables (:data:`eqlib.tables.TIDY_COLUMNS`) named as in the module docstring, rows in a
        fixed order; undefined values are NaN with a ``not applicable`` reason.

    Raises
    ------
    KeyError
        When ``workforce`` lacks the reporting year.
    eqlib.ParamsError
        When params ``benchmark.areas`` is not a benchmark area.
    """
    year = int(params["year"])
    wf = workforce[year]
    if boards is not None and boards.empty:  # no members recorded: no board tables (section says so)
        boards = None
    level_conf = float(params["confidence_level"])
    area = census.area_code(params["benchmark"]["areas"])
    bands = _bands(params)
    top_label, top_bands = top_levels(params)
    band_parent = {b: (top_label if b in top_bands else ALL_STAFF) for b in bands}
    band_parent[top_label] = ALL_STAFF
    out: dict[str, pd.DataFrame] = {}

    choice = params["benchmark"].get("population", census.CLOSEST)
    area_name = census.AREA_NAMES.get(area, area)
    chars = [c for c in used_by("representation_index") if c in wf.columns]
    populations = {c: census.benchmark_population(benchmark, c, area=area, choice=choice)
                   for c in chars}
    shares = {c: census.benchmark_shares(benchmark, c, area=area, population=populations[c])
              for c in chars}
    labels = {c: benchmark_label(area_name, populations[c]) for c in chars}

    # Representation index: all staff and each grade band (methodology §3.1, §3.2); every row
    # names the benchmark population it is compared with (reference_group)
    parts = []
    for c, s in shares.items():
        wide = index_by_band(wf, c, s, params)
        parts.append(_index_table(wide, table="representation_index", population="workforce",
                                  characteristic=c, reference_group=labels[c]))
    out["representation_index"] = _concat(parts)

    # Benchmark shares used (kind external), the level naming the population
    parts = []
    for c, s in shares.items():
        frame = s.rename("benchmark_share").rename_axis("group").reset_index()
        parts.append(tt.tidy(frame, table="representation_benchmark", population="census",
                             characteristic=c, measures=["benchmark_share"], n=None,
                             level_value=labels[c]))
    out["representation_benchmark"] = _concat(parts)

    # Composition: grade band, grade, directorate, top earners
    out["representation_composition_grade_band"] = _concat([
        part
        for c in _present(wf, used_by("composition"))
        for part in (
            _composition_table(wf, c, table="representation_composition_grade_band",
                               population="workforce", by="grade_band",
                               level_parent=band_parent, include_all=True),
            _composition_table(_by_band(wf, params), c,
                               table="representation_composition_grade_band",
                               population="workforce", by=None, level_parent=band_parent,
                               include_all=True, all_label=top_label))
    ])
    grade_parent = _band_of_grade(params)
    out["representation_composition_grade"] = _concat([
        _composition_table(wf, c, table="representation_composition_grade",
                           population="workforce", by="grade", level_parent=grade_parent,
                           include_all=False)
        for c in _present(wf, used_by("composition_detail"))
    ])
    # Directorates are a second partition of all staff. Disclosure control allows one partition
    # per parent cell, so this table is its own population with its own All staff total.
    directorates = {str(d): ALL_STAFF for d in wf["directorate"].dropna().unique()}
    out["representation_composition_directorate"] = _concat([
        _composition_table(wf, c, table="representation_composition_directorate",
                           population=DIRECTORATE_POPULATION, by="directorate",
                           level_parent=directorates, include_all=True)
        for c in _present(wf, used_by("composition_detail"))
    ])
    top = wf[rep.top_earners(wf, TOP_EARNER_SHARE)]
    out["representation_composition_top_earners"] = _concat([
        _composition_table(top, c, table="representation_composition_top_earners",
                           population="workforce", by=None, level_parent=None,
                           include_all=True, all_label=TOP_EARNERS)
        for c in _present(wf, used_by("composition_detail"))
    ])

    # WRES-style difference of each grade band from all staff; progression ratio
    parts = []
    for c in _present(wf, used_by("level_comparison") + ("ethnicity_broad",)):
        wide = rep.level_difference_pp(wf, c, level="grade_band")
        wide = wide[wide["level"] != rep.ALL].assign(level=lambda d: d["level"].astype(str))
        top = rep.level_difference_pp(_by_band(wf, params), c, level=None, reference=wf)
        wide = pd.concat([wide, top.assign(level=top_label)], ignore_index=True)
        parts.append(tt.tidy(wide, table="representation_level_difference",
                             population="workforce", characteristic=c, measures=["diff_pp"],
                             level="level", n="n_declared", numerator={"diff_pp": "n"},
                             reference_group=ALL_STAFF,
                             group_parent={g: _denominator(c) for g in wide["group"].unique()}))
    out["representation_level_difference"] = _concat(parts)
    parts = []
    for c in _present(wf, used_by("level_comparison") + ("ethnicity_broad",)):
        wide = rep.progression_ratio(wf, c, level="grade_band")
        wide["top_level"] = wide["top_level"].astype(str)
        parts.append(tt.tidy(wide, table="representation_progression", population="workforce",
                             characteristic=c, measures=["progression_ratio"], level="top_level",
                             n="n_declared_top", numerator={"progression_ratio": "n_top"},
                             reference_group=ALL_STAFF,
                             group_parent={g: _denominator(c) for g in wide["group"].unique()}))
    out["representation_progression"] = _concat(parts)

    # Declaration rates (% of everyone), staff by band and board members
    out["representation_declaration"] = _concat(
        _declaration_parts(wf, "workforce", ALL_STAFF, "grade_band")
        + (_declaration_parts(_board_people(boards), "boards", ALL_BOARDS, None)
           if boards is not None else [])
    )

    # Diversity index per level (methodology §3.4)
    div_parts = [_diversity(wf, "workforce", ALL_STAFF, "grade_band")]
    if boards is not None:
        div_parts.append(_diversity(_board_people(boards), "boards", ALL_BOARDS, None))
        div_parts.append(_diversity(boards, "boards", None, "board"))
    out["representation_diversity"] = _concat(div_parts)

    # Boards (methodology §3.3)
    if boards is not None:
        out.update(_board_tables(boards, wf, shares, level_conf, labels))

    # Socio-economic background (methodology §6)
    out["representation_ses"] = _ses_table(wf)

    # Over the years
    out["representation_trend"] = _trend_table(workforce, shares, params, labels)
    return out


def _board_people(boards: pd.DataFrame) -> pd.DataFrame:
    """Each board member once (first row by member then board), as board_composition counts."""
    keys = [c for c in ("member_id", "board") if c in boards.columns]
    return boards.sort_values(keys, kind="stable").drop_duplicates("member_id", keep="first")


def _declaration_parts(data: pd.DataFrame, population: str, all_label: str,
                       by: str | None) -> list[pd.DataFrame]:
    present = _present(data, used_by("declaration"))
    rates = rep.declaration_rates(data, present, by=by)
    rates["level"] = rates["level"].map(lambda v: all_label if v == rep.ALL else str(v))
    rates["group"] = DECLARED
    rates["declaration_rate_pct"] = 100 * rates["declaration_rate"]
    parts = []
    for c in present:
        part = rates[rates["characteristic"] == c]
        parts.append(tt.tidy(part, table="representation_declaration", population=population,
                             characteristic=c, measures=["declaration_rate_pct"], level="level",
                             n="n_total", numerator={"declaration_rate_pct": "n_declared"}))
    return parts


def _diversity(data: pd.DataFrame, population: str, all_label: str | None,
               by: str | None) -> pd.DataFrame:
    if only("diversity") not in data.columns:
        return tt.empty_table()
    wide = rep.diversity_index(data, only("diversity"), by=by)
    if all_label is None:
        wide = wide[wide["level"] != rep.ALL]
    wide = wide.assign(level=wide["level"].map(
        lambda v: all_label if v == rep.ALL else str(v)), group=ALL_GROUPS)
    return tt.tidy(wide, table="representation_diversity", population=population,
                   characteristic=only("diversity"),
                   measures={"blau_index": "diversity_index", "n_groups": "distinct_groups"},
                   level="level", n="n_declared")


def _board_tables(boards: pd.DataFrame, wf: pd.DataFrame, shares: Mapping[str, pd.Series],
                  level_conf: float, labels: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    boards = boards.copy()
    if "voting" in boards.columns:
        boards["voting_label"] = boards["voting"].map({True: "Voting", False: "Non-voting"})
    people = _board_people(boards)
    by_cols = [c for c in ("board", "role", "voting_label") if c in boards.columns]
    comp_parts, index_parts, wf_parts = [], [], []
    for c in _present(boards, used_by("boards")):
        comp_parts.append(_composition_table(
            people, c, table="representation_boards", population="boards", by=None,
            level_parent=None, include_all=True, all_label=ALL_BOARDS))
        for col in by_cols:
            comp_parts.append(_composition_table(
                boards, c, table="representation_boards", population="boards", by=col,
                level_parent=None, include_all=False))
        s = shares.get(c)
        wide = rep.board_composition(
            boards, c, by=tuple("voting" if b == "voting_label" else b for b in by_cols),
            benchmark_shares=s, universe="" if s is not None else None, workforce=wf,
            confidence_level=level_conf)
        wide["level"] = wide["level"].astype(str)
        if s is not None:
            index_parts.append(_index_table(wide, table="representation_boards",
                                            population="boards", characteristic=c,
                                            reference_group=labels[c], with_share=False))
        wf_parts.append(tt.tidy(
            wide.assign(diff_pp=wide["diff_pp_workforce"]),
            table="representation_boards_vs_workforce", population="boards", characteristic=c,
            measures=["diff_pp"], level="level", n="n_declared", numerator={"diff_pp": "n"},
            reference_group=ALL_STAFF,
            group_parent={g: _denominator(c) for g in wide["group"].unique()}))
    # Composition first, then the index rows of each characteristic
    boards_table = _concat(comp_parts + index_parts)
    return {"representation_boards": boards_table,
            "representation_boards_vs_workforce": _concat(wf_parts)}


def _ses_table(wf: pd.DataFrame) -> pd.DataFrame:
    questions = [q for q in ("ses_parental_occupation", "ses_class", *rep.SES_SUPPLEMENTARY)
                 if q in wf.columns]
    parts = []
    for q in questions:
        data = wf
        groups = None
        if q == "ses_parental_occupation":
            data = wf.assign(ses_parental_occupation=wf[q].map(codes.SES_ANSWERS))
            groups = [a for k, a in codes.SES_ANSWERS.items() if k != "prefer_not_to_say"]
        comp = rep.composition(data, q, groups=groups)
        wide = _with_structure(comp, q, None)
        common = dict(table="representation_ses", population="workforce", characteristic=q,
                      level="level", group_parent="group_parent")
        counts = tt.tidy(wide, measures={"n": "count"}, **common)
        pct = tt.tidy(wide[wide["group"] != TOTAL], measures={"share_pct": "share_pct"},
                      n="n_level", numerator={"share_pct": "n"}, **common)
        parts.append(pd.concat([counts, pct], ignore_index=True))
    return _concat(parts)


def _trend_table(workforce: Mapping[int, pd.DataFrame], shares: Mapping[str, pd.Series],
                 params: Mapping[str, Any], labels: Mapping[str, str]) -> pd.DataFrame:
    parts = []
    for year in sorted(workforce):
        data = workforce[year]
        for c in _present(data, used_by("trend")):
            if c not in shares:
                continue
            wide = index_by_band(data, c, shares[c], params)
            wide["level"] = f"{year}: " + wide["level"]
            parts.append(_index_table(wide, table="representation_trend",
                                      population=f"workforce_{year}", characteristic=c,
                                      reference_group=labels[c]))
        if only("diversity") not in data.columns:
            continue
        div = rep.diversity_index(data, only("diversity"), by="grade_band")
        div = div.assign(level=div["level"].map(
            lambda v, y=year: f"{y}: {ALL_STAFF if v == rep.ALL else v}"), group=ALL_GROUPS)
        parts.append(tt.tidy(div, table="representation_trend", population=f"workforce_{year}",
                             characteristic=only("diversity"),
                             measures={"blau_index": "diversity_index"}, level="level",
                             n="n_declared"))
    return _concat(parts)


__all__ = [
    "build_tables",
]
