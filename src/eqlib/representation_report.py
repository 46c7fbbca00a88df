"""Workforce representation for the publication: tidy tables, section 6 and headline sentences.

Assembly only: every figure is computed by :mod:`eqlib.representation` and
:mod:`eqlib.census`; this module lays the results out as the tidy tables of :mod:`eqlib.tables`
(``build_tables``), and words and draws them for the publication from the *suppressed* tables
(``section``, ``headline``).

Terms
-----
level
    ``All staff`` (:data:`ALL_STAFF`), a grade band (params ``grade_bands`` names, e.g.
    ``junior``), a grade, a directorate, the top earners (:data:`TOP_EARNERS`), ``All boards``
    (:data:`ALL_BOARDS`, each member counted once), a board, a board role, ``Voting`` /
    ``Non-voting``. In the trend table a level is ``"<year>: <level>"``.
population
    ``workforce`` (reporting year), ``boards`` (reporting year) and, in the trend table only,
    ``workforce_<year>`` for every year analysed.
additive structure (for disclosure control)
    Composition tables hold, at every level, one count per group, a ``Declared`` subtotal (its
    declared groups have ``group_parent`` ``Declared``) and a ``Total`` (``Declared``,
    ``Prefer not to say`` and ``Not known`` have ``group_parent`` ``Total``); ``sex``, which HR
    data always hold, has no ``Declared`` row. Grade bands have ``level_parent`` ``All staff``,
    grades their grade band, directorates ``All staff``. Shares, indices and differences sit at
    the same ``(population, characteristic, group, level)`` cells as the counts, so withholding a
    count withholds them too.
representation index
    ``share among the declared / population share`` (methodology §3.1): 1 is proportional, below
    1 under-represented. Published with its Clopper-Pearson interval, the exact binomial
    ``p_value``, the percentage-point difference and, in the benchmark table, the population
    share (kind ``external``).

Tables (:func:`build_tables`; every name starts ``representation_``):

============================================  ===================================================
``representation_index``                      index, share, diff_pp, p_value by characteristic,
                                              all staff and each grade band
``representation_benchmark``                  the population shares used (``external``)
``representation_composition_grade_band``     count and % of everyone, all staff and grade bands
``representation_composition_grade``          count and % by grade
``representation_composition_directorate``    count and % by directorate
``representation_composition_top_earners``    count and % among the top 10% of earners
``representation_level_difference``           each grade band's share minus all staff's (pp)
``representation_progression``                share at the top band / share in all staff
``representation_declaration``                declaration rate (% of everyone), staff and boards
``representation_diversity``                  distinct groups and Blau index, staff and boards
``representation_boards``                     board counts, %, index vs the population
``representation_boards_vs_workforce``        board share minus the workforce share (pp)
``representation_ses``                        socio-economic questions tabulated
``representation_trend``                      index and share by year, all staff and bands
============================================  ===================================================

Residual disclosure risks not modelled by the additive structure (reported to the disclosure
owner): ethnicity is tabulated at three aggregations (19 / broad / binary) as separate
characteristics, so differencing between them is not checked; trend populations
(``workforce_<year>``) are not linked to ``workforce``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eqlib import census, characteristics, codes
from eqlib import representation as rep
from eqlib import tables as tt
from eqlib.characteristics import only, used_by
from eqlib.config import PROJECT_ROOT
from eqlib.plots import Chart, composition_chart, representation_chart, trend_chart
from eqlib.publication import (
    CONFIDENTIAL,
    Block,
    find,
    fmt_number,
    fmt_pct,
    in_appendix,
    interval_text,
    is_withheld,
    paragraph,
    table_html,
)

#: Level label of the whole workforce.
ALL_STAFF = tt.ALL_STAFF
#: Level label of all board members together (each person once).
ALL_BOARDS = "All boards"
#: Level label of the top earners.
TOP_EARNERS = "Top 10% of earners"
#: Fraction of full-pay relevant employees counted as top earners (methodology §3.2: "top 10%").
TOP_EARNER_SHARE = 0.10
#: Group label of the declared subtotal and of the whole level.
DECLARED = "Declared"
TOTAL = tt.TOTAL
#: Population of the directorate table (a second partition of all staff; see build_tables).
DIRECTORATE_POPULATION = "workforce_by_directorate"
#: Group label of per-level statistics that belong to no single group (diversity index).
ALL_GROUPS = "All groups"
#: The characteristics of each table come from the registry (:mod:`eqlib.characteristics`):
#: ``used_by("representation_index")`` (compared with the population benchmark),
#: ``"composition"`` (by grade band and over the years), ``"composition_detail"`` (by grade,
#: directorate and for the top earners: few, the cells are small), ``"level_comparison"``
#: (between levels, WRES style), ``"boards"``, ``"trend"``, ``"declaration"`` and
#: ``"diversity"`` (methodology §3.4: one characteristic).

NOT_APPLICABLE_REASON = "not applicable: no one declared, or no population figure for the group"
CHILDREN_CAVEAT = (
    "Each comparison uses the population closest to a workforce that the Census data allow: "
    "residents aged 16 to 64 for sex and age, residents aged 16 and over for sexual orientation "
    "and socio-economic background. For ethnicity, disability and religion the Census data here "
    "count only all usual residents, children and pensioners included, whose profile differs "
    "from a workforce's (disability is much more common among older people; a larger share of "
    "children than of adults are from ethnic minority groups). An index against an all-ages "
    "population is therefore approximate and on its own does not show under- or "
    "over-representation."
)
AGE_CAVEAT = (
    "For age the population is residents aged 16 to 64 (Census single years of age). Staff "
    "aged 65 and over are left out of the age comparison."
)
#: Short names of the benchmark populations, for table columns and chart labels.
POPULATION_SHORT: dict[str, str] = {
    "working_age": "aged 16-64", "economically_active": "economically active",
    "aged_16_plus": "aged 16+", "all_residents": "all ages", census.UNSPECIFIED: "as given",
}
DECLARATION_NOTE = (
    "Shares are of staff who answered the question: people who preferred not to say or whose "
    "answer is not known are left out, and the declaration rate shows how many answered."
)


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------
def _bands(params: Mapping[str, Any]) -> list[str]:
    return list(params["grade_bands"])


def _band_of_grade(params: Mapping[str, Any]) -> dict[str, str]:
    return {g: band for band, grades in params["grade_bands"].items() for g in grades}


def top_levels(params: Mapping[str, Any]) -> tuple[str, list[str]]:
    """The combined top level: its label (``"senior and leadership"``) and its grade bands.

    The leadership band is small (about 20 people), so its figures are often withheld; the top
    two bands together are also tabulated, nested between them and all staff (each band's
    ``level_parent`` is the combined level, whose parent is ``All staff``), so disclosure
    control sees the additive structure.

    Examples
    --------
    >>> top_levels({"grade_bands": {"junior": ["G1"], "senior": ["G2"], "leadership": ["G3"]}})
    ('senior and leadership', ['senior', 'leadership'])
    """
    top = _bands(params)[-2:]
    return " and ".join(top), top


def _by_band(data: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """``data`` of the combined top level only."""
    _, top = top_levels(params)
    return data[data["grade_band"].astype(str).isin(top)]


def index_by_band(data: pd.DataFrame, characteristic: str, shares: pd.Series,
                   params: Mapping[str, Any]) -> pd.DataFrame:
    """representation_by_level at all staff, each band and the combined top level (labels)."""
    conf = float(params["confidence_level"])
    wide = rep.representation_by_level(data, characteristic, shares, universe="",
                                       level="grade_band", confidence_level=conf)
    label, _ = top_levels(params)
    top = rep.representation_by_level(_by_band(data, params), characteristic, shares,
                                      universe="", level=None, confidence_level=conf)
    wide["level"] = wide["level"].map(lambda v: ALL_STAFF if v == rep.ALL else str(v))
    top["level"] = label
    return pd.concat([wide, top], ignore_index=True)


def _present(data: pd.DataFrame, characteristics: Sequence[str]) -> list[str]:
    return [c for c in characteristics if c in data.columns]


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


def _with_structure(comp: pd.DataFrame, characteristic: str, level_col: str | None
                    ) -> pd.DataFrame:
    """Composition rows of each level plus the ``Declared`` subtotal and ``Total`` rows.

    Returns ``level, group, n, share_pct, n_level, group_parent`` (``level`` = ``ALL_STAFF``
    when ``level_col`` is None).
    """
    comp = comp.copy()
    comp["level"] = comp[level_col].astype(object) if level_col else ALL_STAFF
    declared_parent = TOTAL if characteristic == "sex" else DECLARED
    rows = []
    for level, part in comp.groupby("level", sort=False):
        n_level = int(part["n_level"].iloc[0])
        n_declared = int(part["n_declared"].iloc[0])
        for _, r in part.iterrows():
            declared = r["group"] not in codes.NOT_DECLARED
            rows.append({"level": level, "group": r["group"], "n": int(r["n"]),
                         "share_pct": float(r["share_pct"]), "n_level": n_level,
                         "group_parent": declared_parent if declared else TOTAL})
        if characteristic != "sex":
            rows.append({"level": level, "group": DECLARED, "n": n_declared,
                         "share_pct": 100 * n_declared / n_level if n_level else math.nan,
                         "n_level": n_level, "group_parent": TOTAL})
        rows.append({"level": level, "group": TOTAL, "n": n_level,
                     "share_pct": 100.0 if n_level else math.nan, "n_level": n_level,
                     "group_parent": None})
    return pd.DataFrame(rows)


def _composition_table(
    data: pd.DataFrame,
    characteristic: str,
    *,
    table: str,
    population: str,
    by: str | None,
    level_parent: Mapping[str, str] | None,
    include_all: bool,
    all_label: str = ALL_STAFF,
) -> pd.DataFrame:
    """Tidy count (all rows) and percent (all but Total) of one characteristic by level."""
    wide_parts = []
    if include_all:
        whole = _with_structure(rep.composition(data, characteristic), characteristic, None)
        whole["level"] = all_label
        wide_parts.append(whole)
    if by is not None:
        wide_parts.append(_with_structure(rep.composition(data, characteristic, by=by),
                                          characteristic, by))
    wide = pd.concat(wide_parts, ignore_index=True)
    wide["level"] = wide["level"].astype(str)
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


def _denominator(characteristic: str) -> str:
    """Group whose count is the denominator of shares among the declared (``group_parent`` of
    share rows, so disclosure control withholds ``n`` with a withheld subtotal)."""
    return TOTAL if characteristic == "sex" else DECLARED


def benchmark_label(area_name: str, population: str) -> str:
    """The ``reference_group`` of every index row: the benchmark population it is compared with.

    Examples
    --------
    >>> benchmark_label("Liverpool City Region", "working_age")
    'Liverpool City Region usual residents aged 16-64 (Census 2021)'
    """
    text = census.POPULATIONS.get(population, "benchmark population as given in the file")
    return f"{area_name} {text} (Census 2021)"


def population_of(label: object) -> str:
    """The population name (``census.POPULATIONS``) of a :func:`benchmark_label`.

    Examples
    --------
    >>> population_of("Liverpool City Region usual residents aged 16-64 (Census 2021)")
    'working_age'
    """
    text = str(label)
    for name, universe in census.POPULATIONS.items():
        if universe in text:
            return name
    return census.UNSPECIFIED


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


# --------------------------------------------------------------------------------------------------
# Reading the (suppressed) tables
# --------------------------------------------------------------------------------------------------
def _value(r: pd.Series | None) -> float:
    if r is None or bool(r["suppressed"]):
        return math.nan
    return float(r["value"])


def _idx_text(r: pd.Series | None) -> str:
    return fmt_number(_value(r), 2, suppressed=is_withheld(r))


def _share_text(r: pd.Series | None) -> str:
    return fmt_pct(_value(r), 1, unit="fraction", suppressed=is_withheld(r))


def _interval_text(r: pd.Series | None) -> str:
    return interval_text(r, lambda v: fmt_number(v, 2))


def _label(level: str) -> str:
    return level[:1].upper() + level[1:]


def _index_phrase(r: pd.Series | None, level: float) -> str:
    """``"a representation index of 0.72 (95% interval 0.40 to 1.18), ..."`` worded from the
    interval: below / above what the population share would give, or not distinguishable.

    Against an all-ages benchmark (children and pensioners included) an interval below or above
    1 is not called fewer / more than the population share: the phrase says the benchmark
    includes children and pensioners, so the comparison alone shows no under- or
    over-representation (methodology §3.1)."""
    if r is None:
        return "a representation index that cannot be calculated [x]"
    if is_withheld(r):
        return f"a representation index withheld {CONFIDENTIAL} to protect confidentiality"
    value = _value(r)
    if math.isnan(value):
        return "a representation index that cannot be calculated [x]"
    lo, hi = float(r["ci_low"]), float(r["ci_high"])
    conf = fmt_pct(level, 0, unit="fraction")
    core = (f"a representation index of {fmt_number(value, 2)} ({conf} interval "
            f"{fmt_number(lo, 2)} to {fmt_number(hi, 2)})")
    all_ages = population_of(r.get("reference_group")) in census.ALL_AGES_POPULATIONS
    if all_ages and (hi < 1 or lo > 1):
        side = "lower" if hi < 1 else "higher"
        return (core + f", a {side} share than among residents of all ages; because that "
                "benchmark includes children and pensioners, this alone does not show under- "
                "or over-representation")
    if hi < 1:
        return core + ", fewer than the population share would suggest"
    if lo > 1:
        return core + ", more than the population share would suggest"
    return core + ", not statistically distinguishable from the population share"


def _compared_with(r: pd.Series | None) -> str:
    """``"residents aged 16-64"``: the benchmark population of an index row, for sentences."""
    if r is None:
        return "the population"
    population = population_of(r.get("reference_group"))
    return census.POPULATIONS.get(population, "the population")


def _group_sentence(index: pd.Series | None, bench: pd.Series | None, *, who: str,
                    where: str, level: float, area_name: str = "") -> str:
    """One sentence: the group's share of declared staff at a level, the share of the benchmark
    population (named) and the index phrase."""
    share = _share_text(_pick_share(index))
    place = f"{area_name} " if area_name else ""
    return (f"{who} make up {share} of {where} who answered the question, compared with "
            f"{_share_text(bench)} of {place}{_compared_with(index)}: "
            f"{_index_phrase(index, level)}.")


def _pick_share(index_row: pd.Series | None) -> pd.Series | None:
    """The share row beside an index row (stored on the index row by :func:`_index_rows`)."""
    if index_row is None:
        return None
    return index_row.get("_share_row")


def _index_rows(tables: Mapping[str, pd.DataFrame], characteristic: str, group: str,
                level: str, table: str = "representation_index") -> pd.Series | None:
    t = tables[table]
    r = find(t, characteristic=characteristic, group=group, level=level,
              measure="representation_index")
    if r is None:
        return None
    share = find(t, characteristic=characteristic, group=group, level=level, measure="share")
    r = r.copy()
    r["_share_row"] = share
    return r


def _bench(tables: Mapping[str, pd.DataFrame], characteristic: str, group: str
           ) -> pd.Series | None:
    return find(tables["representation_benchmark"], characteristic=characteristic, group=group,
                 measure="benchmark_share")


def _benchmark_texts(params: Mapping[str, Any]) -> tuple[str, str, pd.DataFrame | None]:
    """(file shown, area name, benchmark) of params ``benchmark``; the benchmark is public
    reference data (not workforce data), read for its universe and source texts."""
    file = str(params["benchmark"]["file"])
    path = Path(file) if Path(file).is_absolute() else PROJECT_ROOT / file
    area = census.area_code(params["benchmark"]["areas"])
    try:
        bench = census.read_benchmark(path)
    except Exception:  # noqa: BLE001 - the section still says which file was named
        bench = None
    return file, census.AREA_NAMES.get(area, area), bench


def _universe(bench: pd.DataFrame | None, characteristic: str, area: str) -> str:
    if bench is None:
        return census.UNIVERSE.get(characteristic, "")
    try:
        return census.benchmark_universe(bench, characteristic, area=area)
    except Exception:  # noqa: BLE001
        return census.UNIVERSE.get(characteristic, "")


# --------------------------------------------------------------------------------------------------
# headline
# --------------------------------------------------------------------------------------------------
def headline(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[str]:
    """Plain-English headline sentences for the report summary (from the suppressed tables).

    Ethnic minority staff overall and at the top two grade bands, and disabled staff overall,
    each against the population: share of declared staff, population share and representation
    index with its interval, worded from the interval. Withheld values print ``[c]``.

    Parameters
    ----------
    tables
        The published tables (``representation_index``, ``representation_benchmark``).
    params
        ``grade_bands``, ``confidence_level``, ``benchmark``.

    Returns
    -------
    list of str
    """
    level = float(params["confidence_level"])
    _, area_name, _ = _benchmark_texts(params)
    out = []
    em = _index_rows(tables, "ethnicity_binary", codes.ETHNIC_MINORITY, ALL_STAFF)
    out.append(_group_sentence(em, _bench(tables, "ethnicity_binary", codes.ETHNIC_MINORITY),
                               who="Ethnic minority staff", where="all staff", level=level,
                               area_name=area_name))
    top_label, _ = top_levels(params)
    for band in [top_label]:
        r = _index_rows(tables, "ethnicity_binary", codes.ETHNIC_MINORITY, band)
        out.append(f"At {band} grades, ethnic minority staff make up "
                   f"{_share_text(_pick_share(r))} of staff who answered, "
                   f"{_index_phrase(r, level)}.")
    dis = _index_rows(tables, "disability", "Disabled", ALL_STAFF)
    out.append(_group_sentence(dis, _bench(tables, "disability", "Disabled"),
                               who="Disabled staff", where="all staff", level=level,
                               area_name=area_name))
    return out


def _verdict(r: pd.Series | None) -> str:
    """The comparison with the population in plain words, from the index's interval."""
    if r is None or (not is_withheld(r) and math.isnan(_value(r))):
        return "the comparison cannot be made [x]"
    if is_withheld(r):
        return f"the comparison is withheld {CONFIDENTIAL} to protect confidentiality"
    lo, hi = float(r["ci_low"]), float(r["ci_high"])
    all_ages = population_of(r.get("reference_group")) in census.ALL_AGES_POPULATIONS
    if all_ages and (hi < 1 or lo > 1):
        return (f"{'lower' if hi < 1 else 'higher'}, but that population includes children and "
                "pensioners, so this is not a like-for-like comparison")
    if hi < 1:
        return "fewer than the population share would suggest"
    if lo > 1:
        return "more than the population share would suggest"
    return "we cannot tell this apart from the population share"


def glance(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[str]:
    """Plain sentences for the "At a glance" page: ethnic minority staff overall and at the top
    grade bands, disabled staff overall, each against its population benchmark, the
    uncertainty said in words (the index and its interval are in the section)."""
    out = []
    em = _index_rows(tables, "ethnicity_binary", codes.ETHNIC_MINORITY, ALL_STAFF)
    out.append(f"Ethnic minority staff are {_share_text(_pick_share(em))} of staff who answered, "
               f"against {_share_text(_bench(tables, 'ethnicity_binary', codes.ETHNIC_MINORITY))}"
               f" of {_compared_with(em)}: {_verdict(em)}.")
    top_label, _ = top_levels(params)
    top = _index_rows(tables, "ethnicity_binary", codes.ETHNIC_MINORITY, top_label)
    out.append(f"At {top_label} grades they are {_share_text(_pick_share(top))}: "
               f"{_verdict(top)}.")
    dis = _index_rows(tables, "disability", "Disabled", ALL_STAFF)
    out.append(f"Disabled staff are {_share_text(_pick_share(dis))} of staff who answered, "
               f"against {_share_text(_bench(tables, 'disability', 'Disabled'))} of "
               f"{_compared_with(dis)}: {_verdict(dis)}.")
    return out


# --------------------------------------------------------------------------------------------------
# section
# --------------------------------------------------------------------------------------------------
_KEY_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("ethnicity_binary", codes.ETHNIC_MINORITY, "Ethnic minority"),
    ("disability", "Disabled", "Disabled"),
    ("sex", "Female", "Women"),
    ("sexual_orientation_grouped", codes.LGB_PLUS, "LGB+"),
)


def _overview_table(tables: Mapping[str, pd.DataFrame], level: str, conf: float,
                    min_count: int, area_name: str, notes: Sequence[str]) -> Block:
    rows, sup = [], []
    decl = tables.get("representation_declaration")
    for c, g in characteristics.overview():
        idx = _index_rows(tables, c, g, level)
        if idx is None:
            continue
        share = _pick_share(idx)
        bench = _bench(tables, c, g)
        diff = find(tables["representation_index"], characteristic=c, group=g, level=level,
                     measure="diff_pp")
        d = None
        if decl is not None:
            d = find(decl, characteristic="ethnicity_detailed" if c.startswith("ethnicity")
                      else ("sexual_orientation" if c.startswith("sexual") else c),
                      group=DECLARED, level=level, measure="declaration_rate_pct")
        rows.append({
            "Group": f"{characteristics.short(c)}: {g}",
            "Population compared with": POPULATION_SHORT.get(
                population_of(idx.get("reference_group")), "as given"),
            "Staff (% of those who answered)": _value(share) * 100,
            f"{area_name} population (%)": _value(bench) * 100,
            "Representation index": _value(idx),
            f"{fmt_pct(conf, 0, unit='fraction')} interval": _interval_text(idx),
            "Difference (percentage points)": _value(diff),
            "Declaration rate (%)": (100.0 if c == "sex" else _value(d)),
        })
        sup.append({
            "Staff (% of those who answered)": is_withheld(share),
            f"{area_name} population (%)": False,
            "Representation index": is_withheld(idx),
            f"{fmt_pct(conf, 0, unit='fraction')} interval": is_withheld(idx),
            "Difference (percentage points)": is_withheld(diff),
            "Declaration rate (%)": is_withheld(d),
        })
    wide = pd.DataFrame(rows)
    return table_html(
        wide, caption=f"Staff compared with the {area_name} population ({level.lower()})",
        formats={"Staff (% of those who answered)": "pct",
                 f"{area_name} population (%)": "pct", "Representation index": "ratio",
                 "Difference (percentage points)": "pp", "Declaration rate (%)": "pct"},
        suppressed=pd.DataFrame(sup), min_count=min_count, notes=notes)


def _named(tables: Mapping[str, pd.DataFrame], characteristic: str, group: str, name: str
           ) -> str:
    """``"Disabled (vs all ages)"``: a key group's name with its benchmark population."""
    r = _index_rows(tables, characteristic, group, ALL_STAFF)
    if r is None:
        return name
    return f"{name} (vs {POPULATION_SHORT.get(population_of(r.get('reference_group')), 'as given')})"


def _band_index_table(tables: Mapping[str, pd.DataFrame], bands: Sequence[str],
                      min_count: int) -> Block:
    rows, sup = [], []
    names = {name: _named(tables, c, g, name) for c, g, name in _KEY_GROUPS}
    for band in [ALL_STAFF, *bands]:
        row: dict[str, Any] = {"Level": _label(band)}
        flags: dict[str, bool] = {}
        for c, g, name in _KEY_GROUPS:
            r = _index_rows(tables, c, g, band)
            row[names[name]] = _value(r)
            flags[names[name]] = is_withheld(r)
        rows.append(row)
        sup.append(flags)
    return table_html(pd.DataFrame(rows), caption="Representation index at each grade band",
                      formats={n: "ratio" for n in names.values()},
                      suppressed=pd.DataFrame(sup), min_count=min_count,
                      notes=["1 means the group's share of staff who answered equals its share "
                             "of the population named in the column heading; below 1, a smaller "
                             "share. 'All ages' includes children and pensioners: see the "
                             "caveat above."])


def _chart_rows(tables: Mapping[str, pd.DataFrame], bands: Sequence[str],
                groups: Sequence[tuple[str, str, str]]) -> pd.DataFrame:
    rows = []
    for c, g, label in groups:
        name = _named(tables, c, g, label)
        for band in [ALL_STAFF, *bands]:
            r = _index_rows(tables, c, g, band)
            if r is None:
                continue
            rows.append({"level": _label(band), "group": name, "value": _value(r),
                         "ci_low": np.nan if is_withheld(r) else float(r["ci_low"]),
                         "ci_high": np.nan if is_withheld(r) else float(r["ci_high"]),
                         "suppressed": is_withheld(r)})
    return pd.DataFrame(rows)


def index_chart(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> Chart:
    """Representation index with intervals of ethnic minority and disabled staff by grade band."""
    data = _chart_rows(tables, [*_bands(params), top_levels(params)[0]], _KEY_GROUPS[:2])
    return representation_chart(
        data, caption="Representation index of ethnic minority and disabled staff by grade band",
        confidence_level=float(params["confidence_level"]),
        min_count=int(params["disclosure"]["min_count"]))


def _composition_chart(tables: Mapping[str, pd.DataFrame], table: str, characteristic: str,
                       levels: Sequence[str], caption: str, min_count: int) -> Chart:
    t = tables[table]
    t = t[(t["characteristic"] == characteristic) & (t["measure"] == "share_pct")
          & ~t["group"].isin([TOTAL, DECLARED]) & t["level"].isin(levels)]
    order = {lv: i for i, lv in enumerate(levels)}
    t = t.assign(_o=t["level"].map(order)).sort_values("_o", kind="stable")
    data = pd.DataFrame({"level": t["level"].map(_label), "group": t["group"],
                         "value": t["value"], "suppressed": t["suppressed"]})
    return composition_chart(data.reset_index(drop=True), caption=caption, min_count=min_count)


def _trend_chart(tables: Mapping[str, pd.DataFrame], min_count: int) -> Chart | None:
    t = tables.get("representation_trend")
    if t is None or t.empty:
        return None
    rows = []
    for c, g, label in _KEY_GROUPS[:2]:
        name = _named(tables, c, g, label)
        part = t[(t["characteristic"] == c) & (t["group"] == g)
                 & (t["measure"] == "representation_index")
                 & t["level"].str.endswith(f": {ALL_STAFF}")]
        for _, r in part.iterrows():
            rows.append({"year": int(re.match(r"(\d+):", r["level"]).group(1)), "group": name,
                         "value": np.nan if r["suppressed"] else r["value"],
                         "suppressed": bool(r["suppressed"])})
    if not rows:
        return None
    return trend_chart(pd.DataFrame(rows), caption="Representation index of all staff by year",
                       measure_label="Representation index", value_format="ratio", dp=2,
                       min_count=min_count)


def _progression_table(tables: Mapping[str, pd.DataFrame], bands: Sequence[str],
                       min_count: int) -> Block:
    prog = tables["representation_progression"]
    diff = tables["representation_level_difference"]
    top = bands[-1]
    rows, sup = [], []
    for c, g, name in _KEY_GROUPS:
        p = find(prog, characteristic=c, group=g, measure="progression_ratio")
        row: dict[str, Any] = {"Group": name, f"Progression ratio ({top})": _value(p)}
        flags = {f"Progression ratio ({top})": is_withheld(p)}
        for band in bands[-2:]:
            d = find(diff, characteristic=c, group=g, level=band, measure="diff_pp")
            col = f"{_label(band)} minus all staff (percentage points)"
            row[col] = _value(d)
            flags[col] = is_withheld(d)
        rows.append(row)
        sup.append(flags)
    wide = pd.DataFrame(rows)
    return table_html(
        wide, caption="Leadership compared with the whole workforce",
        formats={col: ("ratio" if col.startswith("Progression") else "pp")
                 for col in wide.columns[1:]},
        suppressed=pd.DataFrame(sup), min_count=min_count,
        notes=["Progression ratio: the group's share at the top grade band divided by its share "
               "of all staff; 1 means as common at the top as overall. Differences compare the "
               "share among those who answered at each band with all staff (as in NHS WRES "
               "indicator 1)."])


def _board_table(tables: Mapping[str, pd.DataFrame], min_count: int) -> Block | None:
    t = tables.get("representation_boards")
    if t is None or t.empty:
        return None
    vs = tables["representation_boards_vs_workforce"]
    levels = list(dict.fromkeys(t.loc[t["characteristic"] == "sex", "level"]))
    rows, sup = [], []
    for lv in levels:
        total = find(t, characteristic="sex", group=TOTAL, level=lv, measure="count")
        row: dict[str, Any] = {"Board or role": lv, "Members": _value(total)}
        flags = {"Members": is_withheld(total)}
        for c, g, name in _KEY_GROUPS[:3]:
            r = find(t, characteristic=c, group=g, level=lv, measure="share_pct")
            col = f"{name} (% of members)"
            row[col] = _value(r)
            flags[col] = is_withheld(r)
        d = find(t, characteristic="ethnicity_binary", group=DECLARED, level=lv,
                  measure="share_pct")
        row["Ethnicity declared (%)"] = _value(d)
        flags["Ethnicity declared (%)"] = is_withheld(d)
        w = find(vs, characteristic="ethnicity_binary", group=codes.ETHNIC_MINORITY, level=lv,
                  measure="diff_pp")
        row["Ethnic minority vs staff (percentage points)"] = _value(w)
        flags["Ethnic minority vs staff (percentage points)"] = is_withheld(w)
        rows.append(row)
        sup.append(flags)
    wide = pd.DataFrame(rows)
    formats = {c: "pct" for c in wide.columns if "%" in c}
    formats["Members"] = "int"
    formats["Ethnic minority vs staff (percentage points)"] = "pp"
    return table_html(
        wide, caption="Advisory boards and committees: members and their composition",
        formats=formats, suppressed=pd.DataFrame(sup), min_count=min_count,
        notes=["Percentages are of all members, including those who did not answer. 'All "
               "boards' counts each person once; a board's and a role's figures count "
               "memberships. The last column compares ethnic minority members' share of those "
               "who answered with staff's (as in NHS WRES indicator 9)."])


def _ses_table_block(tables: Mapping[str, pd.DataFrame], min_count: int, area_name: str,
                     caveat: str) -> Block:
    rows, sup = [], []
    for g in codes.SES_CLASSES:
        idx = _index_rows(tables, "ses_class", g, ALL_STAFF)
        share = _pick_share(idx)
        bench = _bench(tables, "ses_class", g)
        rows.append({"Background": g, "Staff (% of those who answered)": _value(share) * 100,
                     f"{area_name} residents aged 16+ (%)": _value(bench) * 100,
                     "Representation index": _value(idx)})
        sup.append({"Staff (% of those who answered)": is_withheld(share),
                    "Representation index": is_withheld(idx)})
    wide = pd.DataFrame(rows)
    return table_html(
        wide, caption="Socio-economic background: occupation of the main household earner when "
                      "staff were about 14",
        formats={c: "pct" for c in wide.columns if "%" in c} | {"Representation index": "ratio"},
        suppressed=pd.DataFrame(sup), min_count=min_count, notes=[caveat])


def section(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]
            ) -> list[tuple[str, list[Block | Chart]]]:
    """Publication section 6, workforce representation, from the suppressed tables.

    Returns ``(subheading, blocks)`` pairs in order; the publication notebook writes the
    section heading (``## Workforce representation``), each subheading as ``###`` and displays
    the blocks. Subsections: the workforce against the population (with the benchmark named and
    its caveats), grade bands (index table, index chart with intervals, composition chart, trend
    chart), leadership (progression and WRES-style differences), boards (table and chart),
    socio-economic background (with the NS-SEC caveat), and the representation targets of
    params ``representation_targets`` (:func:`eqlib.targets.section`), when there are any.

    Parameters
    ----------
    tables
        The published (suppressed) tables of :func:`build_tables`, by name.
    params
        ``year``, ``grade_bands``, ``confidence_level``, ``disclosure.min_count``, ``benchmark``.

    Returns
    -------
    list of (str, list)
        Display blocks (:class:`eqlib.publication.Block`) and charts (:class:`eqlib.plots.Chart`).

    Notes
    -----
    Numbers come only from ``tables`` through the fmt helpers; a withheld value prints ``[c]``.
    The benchmark file named by params is read for its universe and source texts only (public
    Census reference data, not workforce data).
    """
    conf = float(params["confidence_level"])
    min_count = int(params["disclosure"]["min_count"])
    bands = _bands(params)
    file, area_name, bench = _benchmark_texts(params)
    area = census.area_code(params["benchmark"]["areas"])
    sources = []
    for c in ("sex", "ethnicity_detailed", "disability", "ses_class"):
        if bench is not None:
            try:
                sources.append(census.benchmark_source(bench, c, area=area))
            except Exception:  # noqa: BLE001
                continue
    universes = "; ".join(f"{characteristics.short(c).lower()}: {_universe(bench, c, area)}"
                          for c in ("sex", "ethnicity_binary", "disability", "age_band",
                                    "sexual_orientation_grouped", "ses_class"))
    benchmark_sentence = (
        f"The population figures are from the Census 2021 for the {area_name} (benchmark file "
        f"{file}; sources: {'; '.join(dict.fromkeys(sources)) or 'as named in the file'}). "
        f"Each comparison uses the population the Census table counts: {universes}.")
    caveat_ses = rep.ses_caveat()
    out: list[tuple[str, list[Block | Chart]]] = []

    # 1. The workforce against the population
    blocks: list[Block | Chart] = [paragraph(*headline(tables, params)[:1], *headline(
        tables, params)[-1:])]
    blocks.append(_overview_table(tables, ALL_STAFF, conf, min_count, area_name,
                                  notes=[DECLARATION_NOTE, CHILDREN_CAVEAT, AGE_CAVEAT,
                                         caveat_ses]))
    # where the population figures come from (file, Census tables): detail, for Appendix A
    blocks.append(in_appendix(paragraph(benchmark_sentence)))
    blocks.append(paragraph(CHILDREN_CAVEAT))
    out.append(("Staff compared with the Liverpool City Region population"
                if area_name == census.LCR_NAME else f"Staff compared with the {area_name} "
                "population", blocks))

    # 2. Grade bands
    blocks = [paragraph(*headline(tables, params)[1:-1])]
    blocks.append(_band_index_table(tables, [*bands, top_levels(params)[0]], min_count))
    blocks.append(index_chart(tables, params))
    blocks.append(_composition_chart(
        tables, "representation_composition_grade_band", "ethnicity_binary",
        [ALL_STAFF, *bands], "Ethnicity of staff at each grade band (% of everyone, including "
        "those who did not answer)", min_count))
    # women and men by grade are the gender pay gap's story, told there; the chart is detail
    blocks.append(in_appendix(_composition_chart(
        tables, "representation_composition_grade_band", "sex", [ALL_STAFF, *bands],
        "Women and men at each grade band (%)", min_count)))
    trend = _trend_chart(tables, min_count)
    if trend is not None:
        blocks.append(trend)
    out.append(("Representation at each grade band", blocks))

    # 3. Leadership
    out.append(("Leadership", [_progression_table(tables, bands, min_count)]))

    # 4. Boards
    board_block = _board_table(tables, min_count)
    if board_block is not None:
        boards = tables["representation_boards"]
        levels = [lv for lv in dict.fromkeys(boards["level"])
                  if lv == ALL_BOARDS or lv in set(boards.loc[
                      boards["characteristic"] == "sex", "level"])]
        board_names = [lv for lv in levels if lv not in codes.BOARD_ROLE
                       and lv not in ("Voting", "Non-voting")]
        chart = _composition_chart(tables, "representation_boards", "ethnicity_binary",
                                   board_names, "Ethnicity of board members (% of members)",
                                   min_count)
        allb = _index_rows(tables, "ethnicity_binary", codes.ETHNIC_MINORITY, ALL_BOARDS,
                           table="representation_boards")
        vs = find(tables["representation_boards_vs_workforce"],
                   characteristic="ethnicity_binary", group=codes.ETHNIC_MINORITY,
                   level=ALL_BOARDS, measure="diff_pp")
        diff_text = fmt_number(_value(vs), 1, suppressed=is_withheld(vs))
        sentence = (f"Across all boards, ethnic minority members have "
                    f"{_index_phrase(allb, conf)} against {area_name} {_compared_with(allb)}; their "
                    f"share of members who answered differs from staff's by {diff_text} "
                    "percentage points.")
        out.append(("Advisory boards and committees",
                    [board_block, paragraph(sentence), chart]))
    else:
        out.append(("Advisory boards and committees", [paragraph(
            f"No board or committee members are recorded for {params['year']}, so there is no "
            "board composition to report this year.")]))

    # 5. Socio-economic background
    out.append(("Socio-economic background",
                [_ses_table_block(tables, min_count, area_name, caveat_ses),
                 paragraph(caveat_ses)]))

    # 6. Representation targets and where current rates lead (params representation_targets)
    from eqlib import targets  # noqa: PLC0415 - targets imports this module

    out += targets.section(tables, params)
    return out


def section_numbers(blocks: Sequence[tuple[str, Sequence[Block | Chart]]]) -> list[str]:
    """Every number printed in the paragraphs of a section (for tests and checks)."""
    text = " ".join(b.html for _, bl in blocks for b in bl
                    if isinstance(b, Block) and b.html.startswith("<p>"))
    return re.findall(r"-?\d[\d,]*\.?\d*", text)


__all__ = ["build_tables", "headline", "index_by_band", "index_chart", "section", "section_numbers",
           "top_levels"]
