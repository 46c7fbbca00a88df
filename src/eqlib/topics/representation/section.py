"""Publication section 6 (workforce representation), its headline and front-page sentences, built
only from the tables *after* disclosure control.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eqlib import census, characteristics, codes, ses
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
from eqlib.topics.representation.analysis import (
    AGE_CAVEAT,
    ALL_BOARDS,
    ALL_STAFF,
    CHILDREN_CAVEAT,
    DECLARATION_NOTE,
    DECLARED,
    POPULATION_SHORT,
    TOTAL,
    _bands,
    population_of,
    top_levels,
)


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
    caveat_ses = ses.ses_caveat()
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


__all__ = [
    "headline",
    "index_chart",
    "section",
    "section_numbers",
]
