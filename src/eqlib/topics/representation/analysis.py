"""The representation analysis of ``03_representation.ipynb``: levels, grade bands and the
composition and index helpers that the notebook and the tables share. See
:mod:`eqlib.topics.representation` for the tables and their terms.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from eqlib import census, codes
from eqlib import representation as rep
from eqlib import tables as tt

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


__all__ = [
    "index_by_band",
    "top_levels",
]
