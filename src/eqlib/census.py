"""Census 2021 population benchmark: check it, read it, take shares from it (built from the
Census files by :mod:`eqlib.census_source`).

Terms
-----
benchmark
    A long table in the layout of data.md §1.5, one row per area × characteristic × group:
    ``area_code, area_name, characteristic, group, count, universe, source``. The project's own
    benchmark, ``data/reference/census2021_lcr.csv``, is built from the Census 2021 files in
    ``../shared/data/census2021/`` by ``scripts/build_census_benchmark.py`` (which calls
    :func:`eqlib.census_source.build_benchmark` and :func:`benchmark_problems`); an analyst may point params
    ``benchmark.file`` at another file in the same layout (e.g. economically active residents),
    read with :func:`read_benchmark`.
area
    One of the six Liverpool City Region (LCR) local authorities (:data:`LCR_AUTHORITIES`),
    ``LCR`` (their sum) or ``K04000001`` (England and Wales). Params ``benchmark.areas`` says which
    one the report uses: ``lcr``, a local-authority code or ``K04000001`` (:func:`area_code`).
population
    Which residents a benchmark row counts, one of :data:`POPULATIONS`: ``working_age`` (usual
    residents aged 16-64), ``economically_active`` (usual residents aged 16+ in work or looking
    for work), ``aged_16_plus`` (usual residents aged 16 and over) or ``all_residents`` (all ages,
    children and pensioners included). Params ``benchmark.population`` chooses one per
    characteristic; ``closest`` (the default) takes the available population closest to a
    workforce, in the order of :data:`POPULATION_PREFERENCE` (:func:`benchmark_population`).
universe
    The full text of a row's population, printed beside every benchmark figure (e.g. "usual
    residents aged 16-64").
``Not answered``
    The Census's own non-response category (religion, sexual orientation). Kept as a row and
    left out of the share denominator (methodology §3.1), as "not declared" is on the
    workforce side.
share
    ``count / sum(count of every group except Not answered)`` within one area and
    characteristic (:func:`benchmark_shares`).

Caveats (also in ``data/reference/README.md``): all-residents universes include children and
pensioners (:func:`population_caveat`); NS-SEC is the resident's own class, a proxy for parental
class at 14; ONS cell-key perturbation makes sums of small areas differ slightly from published
local-authority totals.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from eqlib import characteristics, codes
from eqlib.errors import DataError, ParamsError

# --------------------------------------------------------------------------------------------------
# Areas, characteristics and their texts
# --------------------------------------------------------------------------------------------------
LCR_AUTHORITIES: dict[str, str] = {  # code -> name as ONS spells it (nomis TS007A)
    "E06000006": "Halton",
    "E08000011": "Knowsley",
    "E08000012": "Liverpool",
    "E08000013": "St. Helens",
    "E08000014": "Sefton",
    "E08000015": "Wirral",
}
LCR = "LCR"
LCR_NAME = "Liverpool City Region"
ENGLAND_AND_WALES = "K04000001"
ENGLAND_AND_WALES_NAME = "England and Wales"
AREA_NAMES: dict[str, str] = {
    **LCR_AUTHORITIES, LCR: LCR_NAME, ENGLAND_AND_WALES: ENGLAND_AND_WALES_NAME,
}
NOT_ANSWERED = "Not answered"
BENCHMARK_COLUMNS: tuple[str, ...] = (
    "area_code", "area_name", "characteristic", "group", "count", "universe", "source",
    "population",
)
#: Columns a benchmark file must have; ``population`` may be left out (then :data:`UNSPECIFIED`).
REQUIRED_BENCHMARK_COLUMNS: tuple[str, ...] = BENCHMARK_COLUMNS[:-1]
#: Benchmark populations -> the universe text printed beside their figures.
POPULATIONS: dict[str, str] = {
    "working_age": "usual residents aged 16-64",
    "economically_active": "economically active usual residents aged 16+",
    "aged_16_plus": "usual residents aged 16+",
    "all_residents": "all usual residents (all ages, including children and pensioners)",
}
#: Population of the rows of a file without a ``population`` column (an analyst's own file).
UNSPECIFIED = "as_given"
#: ``closest``: the first of these the benchmark has for a characteristic (closest to a workforce
#: first: people in or seeking work, then working age, then adults, then everyone).
POPULATION_PREFERENCE: tuple[str, ...] = (
    "economically_active", "working_age", "aged_16_plus", "all_residents", UNSPECIFIED,
)
CLOSEST = "closest"
#: Characteristics of the project's benchmark, in file order.
BENCHMARK_CHARACTERISTICS: tuple[str, ...] = characteristics.used_by("census")
#: Age bands with a benchmark (methodology §3.1: residents aged 16-64); 65+ has none.
BENCHMARK_AGE_BANDS: tuple[str, ...] = ("16-24", "25-34", "35-44", "45-54", "55-64")
#: Single years of age (TS009) making up each age band.
AGE_BAND_YEARS: dict[str, range] = {
    "16-24": range(16, 25), "25-34": range(25, 35), "35-44": range(35, 45),
    "45-54": range(45, 55), "55-64": range(55, 65),
}
#: TS009 nomis subtotal bands making up ages 16-64.
WORKING_AGE_BANDS: tuple[str, ...] = (
    "16 to 19", "20 to 24", "25 to 34", "35 to 49", "50 to 64",
)

ALL_RESIDENTS = POPULATIONS["all_residents"]
#: Populations the project's benchmark holds for each characteristic (every area).
BUILT_POPULATIONS: dict[str, tuple[str, ...]] = {
    "sex": ("working_age", "all_residents"),
    "age_band": ("working_age",),
    "ethnicity_detailed": ("all_residents",),
    "ethnicity_broad": ("all_residents",),
    "ethnicity_binary": ("all_residents",),
    "disability": ("all_residents",),
    "religion": ("all_residents",),
    "sexual_orientation": ("aged_16_plus",),
    "sexual_orientation_grouped": ("aged_16_plus",),
    "ses_class": ("aged_16_plus",),
}
#: Universe text of each characteristic × population of the project's benchmark.
UNIVERSE: dict[tuple[str, str], str] = {
    **{(c, p): POPULATIONS[p] for c, ps in BUILT_POPULATIONS.items() for p in ps},
    ("age_band", "working_age"): "usual residents aged 16-64 (no benchmark for 65+)",
    ("ses_class", "aged_16_plus"): "usual residents aged 16+ excluding full-time students "
                                   "(NS-SEC L15); the resident's own class, a proxy for "
                                   "parental class at 14",
}
_SMALL_AREAS = "; {unit}s summed to LA: ONS perturbation makes sums differ slightly from " \
               "published LA totals"
SOURCE: dict[str, str] = {
    "sex": "Census 2021 TS009 (nomis)",
    "age_band": "Census 2021 TS009 (nomis), single years of age summed",
    "ethnicity_detailed": "Census 2021 TS021 (ONS dvc2203 map download)",
    "ethnicity_broad": "Census 2021 TS021 (ONS dvc2203 map download), 19 groups aggregated",
    "ethnicity_binary": "Census 2021 TS021 (ONS dvc2203 map download), 19 groups aggregated",
    "disability": "Census 2021 TS038 (nomis, via demographr)" + _SMALL_AREAS.format(unit="LSOA"),
    "religion": "Census 2021 TS030 (nomis, via demographr)" + _SMALL_AREAS.format(unit="LSOA"),
    "sexual_orientation": "Census 2021 TS077 (nomis, via demographr)"
                          + _SMALL_AREAS.format(unit="MSOA"),
    "sexual_orientation_grouped": "Census 2021 TS077 (nomis, via demographr), groups aggregated"
                                  + _SMALL_AREAS.format(unit="MSOA"),
    "ses_class": "Census 2021 TS062 NS-SEC (nomis): L1-L6 Professional, L7-L9 Intermediate, "
                 "L10-L14 Lower",
}
#: Census TS038 / TS077 labels -> project labels (codes.py).
DISABILITY_LABELS: dict[str, str] = {
    "Disabled under the Equality Act": "Disabled",
    "Not disabled under the Equality Act": "Not disabled",
}
SEXUAL_ORIENTATION_LABELS: dict[str, str] = {
    "Straight or Heterosexual": "Straight or heterosexual",
    "Gay or Lesbian": "Gay or lesbian",
    "Bisexual": "Bisexual",
    "All other sexual orientations": "Other sexual orientation",
    "Not answered": NOT_ANSWERED,
}
#: Aggregations: broad ethnic group -> binary; sexual orientation -> grouped (LGB+).
BINARY_OF_BROAD: dict[str, str] = {
    g: (g if g == "White British" else codes.ETHNIC_MINORITY) for g in codes.ETHNICITY_BROAD
}
GROUPED_OF_ORIENTATION: dict[str, str] = {
    g: (g if g == "Straight or heterosexual" else codes.LGB_PLUS) for g in codes.SEXUAL_ORIENTATION
}
#: Relative tolerance for totals that ONS perturbation lets differ between tables.
TOTALS_TOLERANCE = 0.001


def benchmark_groups(characteristic: str) -> tuple[str, ...]:
    """Groups a benchmark may hold for ``characteristic``: its declared groups, then Not answered.

    Examples
    --------
    >>> benchmark_groups("sex")
    ('Female', 'Male', 'Not answered')
    """
    if characteristic not in characteristics.REGISTRY:
        raise ValueError(f"unknown characteristic {characteristic!r}; valid: "
                         f"{', '.join(characteristics.REGISTRY)}")
    return (*characteristics.groups(characteristic), NOT_ANSWERED)


# --------------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------------
def benchmark_problems(
    benchmark: pd.DataFrame,
    *,
    lcr_areas: Iterable[str] = tuple(LCR_AUTHORITIES),
    totals_tolerance: float = TOTALS_TOLERANCE,
) -> list[str]:
    """Internal consistency checks of a benchmark built by :func:`build_benchmark`.

    Checks: every area has every characteristic with exactly its code-list groups (plus ``Not
    answered`` where the Census publishes it); counts are finite and non-negative; ``LCR`` equals
    the sum of ``lcr_areas`` for every characteristic and group; shares (``Not answered``
    excluded) sum to 1; aggregated characteristics equal the sums of their detailed groups
    (broad = sum of detailed, binary = sum of broad, LGB+ = gay + bisexual + other); the totals
    of the all-residents characteristics agree with the TS009 total within ``totals_tolerance``
    (relative; ONS perturbation makes tables differ slightly); residents aged 16-64 by sex and by
    age band have the same total (both TS009). Every check is made per population.

    Parameters
    ----------
    benchmark
        The built benchmark.
    lcr_areas
        Codes of the authorities whose sum is ``LCR``.
    totals_tolerance
        Largest relative difference accepted between totals of different Census tables.

    Returns
    -------
    list[str]
        One readable line per problem; empty when the benchmark passes.

    Examples
    --------
    >>> bad = pd.DataFrame({"area_code": ["A"], "area_name": ["A"], "characteristic": ["sex"],
    ...                     "group": ["Female"], "count": [-1.0], "universe": ["u"],
    ...                     "source": ["s"], "population": ["all_residents"]})
    >>> any("negative" in p for p in benchmark_problems(bad, lcr_areas=["A"]))
    True
    """
    problems: list[str] = []
    frame = benchmark.assign(count=benchmark["count"].astype(float))
    if "population" not in frame.columns:
        frame = frame.assign(population=UNSPECIFIED)
    bad = frame[~frame["count"].map(math.isfinite) | (frame["count"] < 0)]
    for _, row in bad.iterrows():
        problems.append(f"{row['area_code']} {row['characteristic']} {row['group']}: count "
                        f"{row['count']} is negative or not a number")
    parts: dict[tuple[str, str, str], pd.Series] = {
        key: part.groupby("group", sort=False)["count"].sum()
        for key, part in frame.groupby(["area_code", "characteristic", "population"], sort=False)
    }
    populations: dict[tuple[str, str], list[str]] = {}
    for area, characteristic, population in parts:
        populations.setdefault((area, characteristic), []).append(population)
    areas = list(dict.fromkeys(frame["area_code"]))
    for area in areas:
        for characteristic in BENCHMARK_CHARACTERISTICS:
            if (area, characteristic) not in populations:
                problems.append(f"{area}: no rows for {characteristic}")
                continue
            for population in populations[(area, characteristic)]:
                groups = parts[(area, characteristic, population)]
                expected = set(BENCHMARK_AGE_BANDS if characteristic == "age_band"
                               else characteristics.groups(characteristic))
                missing = expected - set(groups.index)
                extra = set(groups.index) - expected - {NOT_ANSWERED}
                if missing or extra:
                    problems.append(f"{area} {characteristic} ({population}): missing groups "
                                    f"{sorted(missing)}, unexpected groups {sorted(extra)}")
                declared = groups.drop(NOT_ANSWERED, errors="ignore")
                if not declared.sum() > 0 or not math.isclose((declared / declared.sum()).sum(),
                                                              1):
                    problems.append(f"{area} {characteristic} ({population}): shares do not "
                                    "sum to 1")
    lcr_areas = list(lcr_areas)
    if LCR in areas:
        for (area, characteristic, population), lcr in parts.items():
            if area != LCR:
                continue
            pieces = [parts.get((a, characteristic, population)) for a in lcr_areas]
            if any(p is None for p in pieces):
                continue
            summed = pd.concat(pieces).groupby(level=0).sum()
            for group, value in lcr.items():
                if not abs(value - summed.get(group, math.nan)) < 1e-6:
                    problems.append(f"LCR {characteristic} ({population}) {group}: {value} is "
                                    f"not the sum of the authorities ({summed.get(group)})")
    aggregates = (
        ("ethnicity_detailed", "ethnicity_broad", codes.ETHNICITY_DETAILED),
        ("ethnicity_broad", "ethnicity_binary", BINARY_OF_BROAD),
        ("sexual_orientation", "sexual_orientation_grouped", GROUPED_OF_ORIENTATION),
    )
    for (area, characteristic, population), d in parts.items():
        for detailed, aggregated, mapping in aggregates:
            if characteristic != detailed:
                continue
            a = parts.get((area, aggregated, population))
            if a is None:
                continue
            summed = d.groupby(d.index.map(lambda g, m=mapping: m.get(g, g))).sum()
            if not (summed.reindex(a.index) - a).abs().max() < 1e-6:
                problems.append(f"{area}: {aggregated} is not the sum of {detailed} "
                                f"({population})")
    for area in areas:
        for population in ("all_residents", UNSPECIFIED):
            sex = parts.get((area, "sex", population))
            if sex is None:
                continue
            total = sex.sum()
            for characteristic in ("ethnicity_detailed", "disability", "religion"):
                if (area, characteristic, population) not in parts:
                    continue
                other = parts[(area, characteristic, population)].sum()
                if not abs(other - total) <= totals_tolerance * total:
                    problems.append(f"{area}: {characteristic} total {other:.0f} differs from "
                                    f"the TS009 total {total:.0f} by more than "
                                    f"{totals_tolerance:.1%}")
        working = parts.get((area, "sex", "working_age"))
        ages = parts.get((area, "age_band", "working_age"))
        if working is not None and ages is not None and abs(working.sum() - ages.sum()) > 1e-6:
            problems.append(f"{area}: residents aged 16-64 by sex ({working.sum():.0f}) and by "
                            f"age band ({ages.sum():.0f}) differ")
    return problems


# --------------------------------------------------------------------------------------------------
# Reading and using a benchmark
# --------------------------------------------------------------------------------------------------
def _closest(value: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def read_benchmark(path: str | Path) -> pd.DataFrame:
    """Read and validate a benchmark file in the layout of data.md §1.5.

    Parameters
    ----------
    path
        CSV with the columns ``area_code, area_name, characteristic, group, count, universe,
        source`` and optionally ``population`` (names matched after trimming,
        case-insensitively), one row per area × characteristic × population × group. A file
        without ``population`` has every row's population :data:`UNSPECIFIED` (``as_given``). ``characteristic`` is a column name of the workforce data
        (``eqlib.characteristics.REGISTRY``), ``group`` one of its labels or ``Not answered``.

    Returns
    -------
    pd.DataFrame
        The eight columns of :data:`BENCHMARK_COLUMNS`, ``count`` as float, text columns
        stripped.

    Raises
    ------
    DataError
        Listing every problem with the file, the row (line number in the file), the column and
        the value: missing file or column, unknown characteristic or group (with the closest valid
        label), a count that is blank, not a number or negative, a blank area code, universe or
        source, a repeated area × characteristic × group.

    Examples
    --------
    >>> import io
    >>> text = ("area_code,area_name,characteristic,group,count,universe,source\\n"
    ...         "X1,Town,sex,Female,60,all residents,test\\n"
    ...         "X1,Town,sex,Male,40,all residents,test\\n")
    >>> read_benchmark(io.StringIO(text))["count"].tolist()
    [60.0, 40.0]
    """
    shown = str(path) if isinstance(path, str | Path) else "benchmark file"
    if isinstance(path, str | Path) and not Path(path).is_file():
        raise DataError(f"benchmark file {shown} not found (params benchmark.file); build the "
                        "Census benchmark with scripts/build_census_benchmark.py or point "
                        "benchmark.file at a CSV in the benchmark layout", file=shown)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"cannot read the file as UTF-8 CSV: {exc}", file=shown) from exc
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    if "population" not in raw.columns:  # an analyst's file in the original layout
        raw["population"] = UNSPECIFIED
    missing = [c for c in BENCHMARK_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError([f"missing column '{c}' (the layout is {', '.join(BENCHMARK_COLUMNS)})"
                         f"{_closest(c, raw.columns)}" for c in missing], file=shown)
    frame = raw[list(BENCHMARK_COLUMNS)].apply(lambda s: s.str.strip())
    problems: list[str] = []
    for column in ("area_code", "characteristic", "group", "universe", "source", "population"):
        for i in frame.index[frame[column] == ""]:
            problems.append(f"row {i + 2}, column '{column}': value is blank")
    known = (*POPULATIONS, UNSPECIFIED)
    for i in frame.index[(frame["population"] != "") & ~frame["population"].isin(known)]:
        problems.append(f"row {i + 2}, column 'population': {frame.at[i, 'population']!r} is not "
                        f"one of {', '.join(known)}{_closest(frame.at[i, 'population'], known)}")
    count = pd.to_numeric(frame["count"], errors="coerce")
    for i in frame.index[count.isna() | (count < 0) | ~count.map(lambda v: math.isfinite(v)
                                                                if v == v else False)]:
        problems.append(f"row {i + 2}, column 'count': {frame.at[i, 'count']!r} is not a "
                        "non-negative number")
    for i, (characteristic, group) in frame[["characteristic", "group"]].iterrows():
        if characteristic == "":
            continue
        if characteristic not in characteristics.REGISTRY:
            problems.append(f"row {i + 2}, column 'characteristic': {characteristic!r} is not a "
                            f"characteristic{_closest(characteristic, characteristics.REGISTRY)}")
        elif group != "" and group not in benchmark_groups(characteristic):
            problems.append(f"row {i + 2}, column 'group': {group!r} is not a group of "
                            f"{characteristic}{_closest(group, benchmark_groups(characteristic))}")
    dup = frame.duplicated(["area_code", "characteristic", "population", "group"], keep="first")
    for i in frame.index[dup]:
        problems.append(f"row {i + 2}: {frame.at[i, 'area_code']} {frame.at[i, 'characteristic']}"
                        f" ({frame.at[i, 'population']}) {frame.at[i, 'group']!r} repeats an "
                        "earlier row")
    if problems:
        raise DataError(problems, file=shown)
    frame["count"] = count.astype(float)
    return frame


def area_code(areas: str) -> str:
    """Area code of a params ``benchmark.areas`` value: ``lcr`` -> ``LCR``, codes upper-cased.

    Raises
    ------
    ParamsError
        When the value is not ``lcr``, one of the six LCR authority codes or ``K04000001``.

    Examples
    --------
    >>> area_code("lcr"), area_code("e08000012")
    ('LCR', 'E08000012')
    """
    code = str(areas).strip().upper()
    if code not in AREA_NAMES:
        valid = ", ".join(["lcr", *LCR_AUTHORITIES, ENGLAND_AND_WALES])
        raise ParamsError(f"benchmark.areas {areas!r} is not a benchmark area; valid: {valid}")
    return code


def _in_area(benchmark: pd.DataFrame, characteristic: str, area: str) -> pd.DataFrame:
    code = str(area).strip().upper()
    part = benchmark[(benchmark["area_code"].str.upper() == code)
                     & (benchmark["characteristic"] == characteristic)]
    if part.empty:
        areas = ", ".join(dict.fromkeys(benchmark["area_code"]))
        chars = ", ".join(dict.fromkeys(benchmark.loc[benchmark["area_code"].str.upper() == code,
                                                      "characteristic"]))
        raise DataError(f"the benchmark has no rows for area {area!r} and characteristic "
                        f"{characteristic!r} (areas: {areas}; characteristics of that area: "
                        f"{chars or 'none'})")
    if "population" not in part.columns:
        part = part.assign(population=UNSPECIFIED)
    return part


def benchmark_populations(benchmark: pd.DataFrame, characteristic: str, *, area: str = LCR
                          ) -> list[str]:
    """Populations a benchmark holds for a characteristic in an area, closest to a workforce first.

    Examples
    --------
    >>> b = pd.DataFrame({"area_code": "X", "characteristic": "sex", "group": "Female",
    ...                   "population": ["all_residents", "working_age"]})
    >>> benchmark_populations(b, "sex", area="X")
    ['working_age', 'all_residents']
    """
    found = set(_in_area(benchmark, characteristic, area)["population"])
    return [p for p in POPULATION_PREFERENCE if p in found] + sorted(
        found - set(POPULATION_PREFERENCE))


def benchmark_population(benchmark: pd.DataFrame, characteristic: str, *, area: str = LCR,
                         choice: str | Mapping[str, str] = CLOSEST) -> str:
    """The benchmark population used for a characteristic: params ``benchmark.population``.

    Parameters
    ----------
    benchmark
        A benchmark table (:func:`read_benchmark`).
    characteristic
        E.g. ``"disability"``.
    area
        Area code.
    choice
        ``closest`` (the available population closest to a workforce, in the order of
        :data:`POPULATION_PREFERENCE`), one of :data:`POPULATIONS`, or a mapping from
        characteristic to either (characteristics not named take ``closest``).

    Returns
    -------
    str
        The population name.

    Raises
    ------
    ParamsError
        When the population asked for is not in the benchmark for that characteristic and area
        (the message lists the ones that are).

    Examples
    --------
    >>> b = pd.DataFrame({"area_code": "X", "characteristic": "sex", "group": "Female",
    ...                   "population": ["all_residents", "working_age"]})
    >>> benchmark_population(b, "sex", area="X")
    'working_age'
    >>> benchmark_population(b, "sex", area="X", choice={"sex": "all_residents"})
    'all_residents'
    """
    wanted = choice.get(characteristic, CLOSEST) if isinstance(choice, Mapping) else choice
    available = benchmark_populations(benchmark, characteristic, area=area)
    if wanted == CLOSEST:
        return available[0]
    if wanted not in available:
        raise ParamsError(
            f"benchmark.population asks for {wanted!r} for {characteristic}, but the benchmark "
            f"has only {', '.join(available)} for that characteristic in area {area!r}; choose "
            f"one of those or '{CLOSEST}'")
    return str(wanted)


def _part(benchmark: pd.DataFrame, characteristic: str, area: str,
          population: str | None = None) -> pd.DataFrame:
    part = _in_area(benchmark, characteristic, area)
    population = population or benchmark_population(benchmark, characteristic, area=area)
    part = part[part["population"] == population]
    if part.empty:
        raise DataError(f"the benchmark has no {population!r} rows for {characteristic!r} in "
                        f"area {area!r}")
    return part


def benchmark_shares(benchmark: pd.DataFrame, characteristic: str, *, area: str = LCR,
                     population: str | None = None) -> pd.Series:
    """Population share of each group: ``N_g / N_answered`` (methodology §3.1).

    Parameters
    ----------
    benchmark
        A benchmark table (:func:`read_benchmark`).
    characteristic
        E.g. ``"ethnicity_broad"``.
    area
        Area code (``LCR``, an authority code, ``K04000001``), case-insensitive.
    population
        Benchmark population (:data:`POPULATIONS`); default the closest to a workforce that the
        benchmark holds (:func:`benchmark_population`).

    Returns
    -------
    pd.Series
        Share per group (index ``group``, code-list order), ``Not answered`` excluded from both the
        index and the denominator; named ``benchmark_share``. Shares sum to 1.

    Raises
    ------
    DataError
        When the benchmark has no rows for the area, characteristic and population, or only zero
        counts.

    Examples
    --------
    >>> b = pd.DataFrame({"area_code": "X", "characteristic": "religion",
    ...                   "group": ["Christian", "No religion", "Not answered"],
    ...                   "count": [30.0, 10.0, 60.0]})
    >>> benchmark_shares(b, "religion", area="X").to_dict()
    {'No religion': 0.25, 'Christian': 0.75}
    """
    part = _part(benchmark, characteristic, area, population)
    counts = part[part["group"] != NOT_ANSWERED].groupby("group")["count"].sum().astype(float)
    order = [g for g in characteristics.groups(characteristic) if g in counts.index]
    counts = counts.reindex(order + sorted(set(counts.index) - set(order)))
    total = counts.sum()
    if not total > 0:
        raise DataError(f"the benchmark's {characteristic} counts for area {area!r} are all zero")
    shares = counts / total
    shares.name = "benchmark_share"
    return shares


def benchmark_universe(benchmark: pd.DataFrame, characteristic: str, *, area: str = LCR,
                       population: str | None = None) -> str:
    """The universe text of a benchmark characteristic in one area (``; ``-joined if several).

    Examples
    --------
    >>> b = pd.DataFrame({"area_code": "X", "characteristic": "sex", "group": ["Female", "Male"],
    ...                   "universe": "all usual residents"})
    >>> benchmark_universe(b, "sex", area="X")
    'all usual residents'
    """
    return "; ".join(dict.fromkeys(_part(benchmark, characteristic, area, population)["universe"]))


def benchmark_source(benchmark: pd.DataFrame, characteristic: str, *, area: str = LCR,
                     population: str | None = None) -> str:
    """The source text of a benchmark characteristic in one area (``; ``-joined if several)."""
    return "; ".join(dict.fromkeys(_part(benchmark, characteristic, area, population)["source"]))


#: Populations whose comparisons carry :func:`population_caveat` (no "fewer/more than the
#: population share" without it).
ALL_AGES_POPULATIONS: frozenset[str] = frozenset({"all_residents"})


def population_caveat(population: str, characteristic: str = "") -> str:
    """The caveat printed beside any comparison with an all-ages benchmark, else ``""``.

    Examples
    --------
    >>> population_caveat("working_age")
    ''
    >>> population_caveat("all_residents", "disability")[:60]
    'The disability benchmark counts all usual residents, childre'
    """
    if population not in ALL_AGES_POPULATIONS:
        return ""
    what = f"The {characteristic.replace('_', ' ')} benchmark" if characteristic else \
        "This benchmark"
    specific = {
        "disability": " Disability is much more common among older people (Census 2021 "
                      "TS038 counts pensioners, most of whom are not in work), so the all-ages "
                      "share is likely to be higher than among people of working age and the "
                      "index is likely to understate disabled staff's representation.",
    }.get(characteristic, "")
    return (f"{what} counts all usual residents, children and pensioners included, because the "
            "Census data here give no working-age or economically active figure for it; their "
            "profile differs from a workforce's, so the comparison is approximate and on its "
            f"own does not show under- or over-representation.{specific}")
