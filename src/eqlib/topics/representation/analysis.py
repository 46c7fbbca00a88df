"""The representation analysis of ``03_representation.ipynb``: :func:`run` computes every
figure of the section once, as one :class:`RepresentationResults` that the notebook shows and
:func:`eqlib.topics.representation.tables.build_tables` lays out as the published tables. See
:mod:`eqlib.topics.representation` for the tables and their terms.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from eqlib import census, codes, ses, targets
from eqlib import representation as rep
from eqlib import tables as tt
from eqlib.characteristics import only, used_by
from eqlib.config import PROJECT_ROOT

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


def _composition_wide(data: pd.DataFrame, characteristic: str, *, by: str | None,
                      include_all: bool, all_label: str = ALL_STAFF) -> pd.DataFrame:
    """Counts and shares of one characteristic by level, with ``Declared`` and ``Total`` rows:
    the whole (``all_label``) first when ``include_all``, then each level of ``by``."""
    parts = []
    if include_all:
        whole = _with_structure(rep.composition(data, characteristic), characteristic, None)
        whole["level"] = all_label
        parts.append(whole)
    if by is not None:
        parts.append(_with_structure(rep.composition(data, characteristic, by=by),
                                     characteristic, by))
    wide = pd.concat(parts, ignore_index=True)
    wide["level"] = wide["level"].astype(str)
    return wide


def _keyed(parts: Sequence[tuple[Mapping[str, Any], pd.DataFrame]]) -> pd.DataFrame:
    """One frame of many: each part with its keys (``characteristic``, ...) as first columns."""
    framed = []
    for keys, part in parts:
        part = part.copy()
        for i, (name, value) in enumerate(keys.items()):
            part.insert(i, name, value)
        framed.append(part)
    return pd.concat(framed, ignore_index=True) if framed else pd.DataFrame()


def board_people(boards: pd.DataFrame) -> pd.DataFrame:
    """Each board member once (first row by member then board), as board_composition counts."""
    keys = [c for c in ("member_id", "board") if c in boards.columns]
    return boards.sort_values(keys, kind="stable").drop_duplicates("member_id", keep="first")


#: The processed tables :func:`run` reads for every year (:func:`eqlib.io.read_years`).
INPUTS: tuple[str, ...] = ("workforce", "boards")


@dataclass(frozen=True)
class RepresentationResults:
    """Every figure of the representation section, computed once by :func:`run`.

    Each frame stacks the characteristics (first column ``characteristic``; ``question`` for the
    socio-economic questions, ``year`` for the trend) in the registry's order, and a ``part``
    column where a table is built of several tabulations (the grade bands and their combined top
    level; all boards and each board, role and voting status).

    Attributes
    ----------
    params
        The parameters the analyses ran with.
    year
        The reporting year.
    area_name
        The benchmark area (params ``benchmark.areas``), e.g. ``Liverpool City Region``.
    populations, shares, labels
        Per characteristic: the Census population compared with (params
        ``benchmark.population``), its group shares, and the label every index row names.
    index
        :func:`index_by_band`: all staff, each grade band and the combined top level.
    composition_grade_band, composition_grade, composition_directorate, composition_top_earners
        Counts and shares of everyone, with ``Declared`` and ``Total`` rows.
    level_difference, progression
        Each band's declared share minus all staff's (pp); the top band's share over all staff's.
    declaration
        Declaration rates of staff by band and of board members (``population``).
    diversity
        Distinct groups and the Blau index, of staff and boards (``population``, ``part``).
    board_composition, boards
        Board members' counts and shares, and their index against the population and difference
        from the workforce (:func:`eqlib.representation.board_composition`); None without boards.
    ses
        The socio-economic questions tabulated.
    trend_index, trend_diversity
        The index and the Blau index of every year analysed.
    trajectories
        Each target of params ``representation_targets`` projected (:mod:`eqlib.targets`).
    """

    params: Mapping[str, Any]
    year: int
    area_name: str
    populations: dict[str, str]
    shares: dict[str, pd.Series]
    labels: dict[str, str]
    index: pd.DataFrame
    composition_grade_band: pd.DataFrame
    composition_grade: pd.DataFrame
    composition_directorate: pd.DataFrame
    composition_top_earners: pd.DataFrame
    level_difference: pd.DataFrame
    progression: pd.DataFrame
    declaration: pd.DataFrame
    diversity: pd.DataFrame
    board_composition: pd.DataFrame | None
    boards: pd.DataFrame | None
    ses: pd.DataFrame
    trend_index: pd.DataFrame
    trend_diversity: pd.DataFrame
    trajectories: list[targets.Projection] = field(default_factory=list)


def run(params: Mapping[str, Any], data: Mapping[int, Mapping[str, pd.DataFrame]], *,
        benchmark: pd.DataFrame | None = None) -> RepresentationResults:
    """Every figure of the representation section (methodology §3, §6), from the processed data.

    Parameters
    ----------
    params
        The validated parameters (``year``, ``grade_bands``, ``benchmark``,
        ``confidence_level``, ``representation_targets``).
    data
        ``{year: {"workforce": df, "boards": df}}`` (:data:`INPUTS`,
        :func:`eqlib.io.read_years`); must hold params ``year``. Earlier years feed the trend and
        the target projections; boards are read for the reporting year only (none, or an empty
        table: no board figures).
    benchmark
        The population benchmark (:func:`eqlib.census.read_benchmark`); read from params
        ``benchmark.file`` when omitted.

    Raises
    ------
    KeyError
        When ``data`` lacks the reporting year.
    eqlib.ParamsError
        When params ``benchmark.areas`` is not a benchmark area.
    """
    year = int(params["year"])
    workforce = {y: tables["workforce"] for y, tables in data.items()}
    wf = workforce[year]
    boards = data[year].get("boards")
    if boards is not None and boards.empty:  # no members recorded: no board tables
        boards = None
    if benchmark is None:
        benchmark = census.read_benchmark(PROJECT_ROOT / params["benchmark"]["file"])
    conf = float(params["confidence_level"])
    area = census.area_code(params["benchmark"]["areas"])
    area_name = census.AREA_NAMES.get(area, area)
    choice = params["benchmark"].get("population", census.CLOSEST)
    chars = [c for c in used_by("representation_index") if c in wf.columns]
    populations = {c: census.benchmark_population(benchmark, c, area=area, choice=choice)
                   for c in chars}
    shares = {c: census.benchmark_shares(benchmark, c, area=area, population=populations[c])
              for c in chars}
    labels = {c: benchmark_label(area_name, populations[c]) for c in chars}
    top_label, _ = top_levels(params)
    top_data = _by_band(wf, params)
    detail = _present(wf, used_by("composition_detail"))
    compared = _present(wf, used_by("level_comparison") + ("ethnicity_broad",))
    top = wf[rep.top_earners(wf, TOP_EARNER_SHARE)]

    level_difference = []
    for c in compared:
        wide = rep.level_difference_pp(wf, c, level="grade_band")
        wide = wide[wide["level"] != rep.ALL].assign(level=lambda d: d["level"].astype(str))
        at_top = rep.level_difference_pp(top_data, c, level=None, reference=wf)
        level_difference.append(({"characteristic": c}, pd.concat(
            [wide, at_top.assign(level=top_label)], ignore_index=True)))
    progression = []
    for c in compared:
        wide = rep.progression_ratio(wf, c, level="grade_band")
        wide["top_level"] = wide["top_level"].astype(str)
        progression.append(({"characteristic": c}, wide))

    declaration = [({"population": "workforce"}, _declaration_rates(wf, ALL_STAFF, "grade_band"))]
    diversity = [({"population": "workforce", "part": ALL_STAFF},
                  _diversity_wide(wf, ALL_STAFF, "grade_band"))]
    board_comp = board_wide = None
    if boards is not None:
        people = board_people(boards)
        declaration.append(({"population": "boards"}, _declaration_rates(people, ALL_BOARDS, None)))
        diversity += [({"population": "boards", "part": ALL_BOARDS},
                       _diversity_wide(people, ALL_BOARDS, None)),
                      ({"population": "boards", "part": "board"},
                       _diversity_wide(boards, None, "board"))]
        board_comp, board_wide = _board_figures(boards, wf, shares, conf)

    trend_index, trend_diversity = [], []
    for y in sorted(workforce):
        d = workforce[y]
        for c in _present(d, used_by("trend")):
            if c in shares:
                wide = index_by_band(d, c, shares[c], params)
                wide["level"] = f"{y}: " + wide["level"]
                trend_index.append(({"year": y, "characteristic": c}, wide))
        if only("diversity") in d.columns:
            div = rep.diversity_index(d, only("diversity"), by="grade_band")
            div = div.assign(level=div["level"].map(
                lambda v, y=y: f"{y}: {ALL_STAFF if v == rep.ALL else v}"), group=ALL_GROUPS)
            trend_diversity.append(({"year": y}, div))

    return RepresentationResults(
        params=params, year=year, area_name=area_name, populations=populations, shares=shares,
        labels=labels,
        index=_keyed([({"characteristic": c}, index_by_band(wf, c, s, params))
                      for c, s in shares.items()]),
        composition_grade_band=_keyed(
            [({"characteristic": c, "part": part}, wide)
             for c in _present(wf, used_by("composition"))
             for part, wide in (
                 ("grade_band", _composition_wide(wf, c, by="grade_band", include_all=True)),
                 (top_label, _composition_wide(top_data, c, by=None, include_all=True,
                                               all_label=top_label)))]),
        composition_grade=_keyed([({"characteristic": c},
                                   _composition_wide(wf, c, by="grade", include_all=False))
                                  for c in detail]),
        composition_directorate=_keyed([({"characteristic": c},
                                         _composition_wide(wf, c, by="directorate",
                                                           include_all=True))
                                        for c in detail]),
        composition_top_earners=_keyed([({"characteristic": c},
                                         _composition_wide(top, c, by=None, include_all=True,
                                                           all_label=TOP_EARNERS))
                                        for c in detail]),
        level_difference=_keyed(level_difference),
        progression=_keyed(progression),
        declaration=_keyed(declaration),
        diversity=_keyed(diversity),
        board_composition=board_comp,
        boards=board_wide,
        ses=_ses_wide(wf),
        trend_index=_keyed(trend_index),
        trend_diversity=_keyed(trend_diversity),
        trajectories=targets.projections(workforce, benchmark, params),
    )


def _declaration_rates(data: pd.DataFrame, all_label: str, by: str | None) -> pd.DataFrame:
    rates = rep.declaration_rates(data, _present(data, used_by("declaration")), by=by)
    rates["level"] = rates["level"].map(lambda v: all_label if v == rep.ALL else str(v))
    rates["group"] = DECLARED
    rates["declaration_rate_pct"] = 100 * rates["declaration_rate"]
    return rates


def _diversity_wide(data: pd.DataFrame, all_label: str | None, by: str | None) -> pd.DataFrame:
    """Blau index by level (``all_label`` None: the levels of ``by`` only); empty without the
    registry's diversity characteristic."""
    if only("diversity") not in data.columns:
        return pd.DataFrame()
    wide = rep.diversity_index(data, only("diversity"), by=by)
    if all_label is None:
        wide = wide[wide["level"] != rep.ALL]
    return wide.assign(level=wide["level"].map(
        lambda v: all_label if v == rep.ALL else str(v)), group=ALL_GROUPS)


def _board_figures(boards: pd.DataFrame, wf: pd.DataFrame, shares: Mapping[str, pd.Series],
                   conf: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    boards = boards.copy()
    if "voting" in boards.columns:
        boards["voting_label"] = boards["voting"].map({True: "Voting", False: "Non-voting"})
    people = board_people(boards)
    by_cols = [c for c in ("board", "role", "voting_label") if c in boards.columns]
    composition, index = [], []
    for c in _present(boards, used_by("boards")):
        composition.append(({"characteristic": c, "part": ALL_BOARDS},
                            _composition_wide(people, c, by=None, include_all=True,
                                              all_label=ALL_BOARDS)))
        composition += [({"characteristic": c, "part": col},
                         _composition_wide(boards, c, by=col, include_all=False))
                        for col in by_cols]
        s = shares.get(c)
        wide = rep.board_composition(
            boards, c, by=tuple("voting" if b == "voting_label" else b for b in by_cols),
            benchmark_shares=s, universe="" if s is not None else None, workforce=wf,
            confidence_level=conf)
        wide["level"] = wide["level"].astype(str)
        index.append(({"characteristic": c}, wide))
    return _keyed(composition), _keyed(index)


def _ses_wide(wf: pd.DataFrame) -> pd.DataFrame:
    """Each socio-economic question (:func:`eqlib.ses.ses_tables`) with Declared and Total rows."""
    answers = ses.ses_tables(wf).rename(columns={"answer": "group"})
    return _keyed([({"question": q}, _with_structure(part.drop(columns="question"), q, None))
                   for q, part in answers.groupby("question", sort=False)])


__all__ = [
    "INPUTS",
    "RepresentationResults",
    "board_people",
    "index_by_band",
    "run",
    "top_levels",
]
