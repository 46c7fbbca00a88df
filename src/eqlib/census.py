"""Census 2021 population benchmark: build it, check it, read it, take shares from it.

Terms
-----
benchmark
    A long table in the layout of data.md §1.5, one row per area × characteristic × group:
    ``area_code, area_name, characteristic, group, count, universe, source``. The project's own
    benchmark, ``data/reference/census2021_lcr.csv``, is built from the Census 2021 files in
    ``../shared/data/census2021/`` by ``scripts/build_census_benchmark.py`` (which calls
    :func:`build_benchmark` and :func:`benchmark_problems`); an analyst may point params
    ``benchmark.file`` at another file in the same layout (e.g. economically active residents),
    read with :func:`read_benchmark`.
area
    One of the six Liverpool City Region (LCR) local authorities (:data:`LCR_AUTHORITIES`),
    ``LCR`` (their sum) or ``K04000001`` (England and Wales). Params ``benchmark.areas`` says which
    one the report uses: ``lcr``, a local-authority code or ``K04000001`` (:func:`area_code`).
universe
    The population a Census table counts, printed beside every benchmark figure: all usual
    residents (children included), usual residents aged 16+, or aged 16-64 for age.
``Not answered``
    The Census's own non-response category (religion, sexual orientation). Kept as a row and
    left out of the share denominator (methodology §3.1), as "not declared" is on the
    workforce side.
share
    ``count / sum(count of every group except Not answered)`` within one area and
    characteristic (:func:`benchmark_shares`).

Caveats (also in ``data/reference/README.md``): all-residents universes include children; NS-SEC
is the resident's own class, a proxy for parental class at 14; ONS cell-key perturbation makes sums
of small areas differ slightly from published local-authority totals; the 16-24 age band is an
approximation (4/5 of the 15-19 band).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from eqlib import codes
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
)
#: Characteristics of the project's benchmark, in file order.
BENCHMARK_CHARACTERISTICS: tuple[str, ...] = (
    "sex", "age_band", "ethnicity_detailed", "ethnicity_broad", "ethnicity_binary", "disability",
    "religion", "sexual_orientation", "sexual_orientation_grouped", "ses_class",
)
#: Age bands with a benchmark (methodology §3.1: residents aged 16-64); 65+ has none.
BENCHMARK_AGE_BANDS: tuple[str, ...] = ("16-24", "25-34", "35-44", "45-54", "55-64")
#: TS007A five-year bands making up each age band, with the fraction of each taken.
AGE_BAND_SOURCES: dict[str, tuple[tuple[str, float], ...]] = {
    "16-24": (("Age: Aged 15 to 19 years", 0.8), ("Age: Aged 20 to 24 years", 1.0)),
    "25-34": (("Age: Aged 25 to 29 years", 1.0), ("Age: Aged 30 to 34 years", 1.0)),
    "35-44": (("Age: Aged 35 to 39 years", 1.0), ("Age: Aged 40 to 44 years", 1.0)),
    "45-54": (("Age: Aged 45 to 49 years", 1.0), ("Age: Aged 50 to 54 years", 1.0)),
    "55-64": (("Age: Aged 55 to 59 years", 1.0), ("Age: Aged 60 to 64 years", 1.0)),
}

ALL_RESIDENTS = "all usual residents (all ages, including children)"
UNIVERSE: dict[str, str] = {
    "sex": ALL_RESIDENTS,
    "age_band": "usual residents aged 16-64 (16-24 includes 4/5 of the 15-19 band, an "
                "approximation; no benchmark for 65+)",
    "ethnicity_detailed": ALL_RESIDENTS,
    "ethnicity_broad": ALL_RESIDENTS,
    "ethnicity_binary": ALL_RESIDENTS,
    "disability": ALL_RESIDENTS,
    "religion": ALL_RESIDENTS,
    "sexual_orientation": "usual residents aged 16+",
    "sexual_orientation_grouped": "usual residents aged 16+",
    "ses_class": "usual residents aged 16+ excluding full-time students (NS-SEC L15); the "
                 "resident's own class, a proxy for parental class at 14",
}
_SMALL_AREAS = "; {unit}s summed to LA: ONS perturbation makes sums differ slightly from " \
               "published LA totals"
SOURCE: dict[str, str] = {
    "sex": "Census 2021 TS009 (nomis, via demographr)",
    "age_band": "Census 2021 TS007A (nomis)",
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
    if characteristic not in codes.CHARACTERISTICS:
        raise ValueError(f"unknown characteristic {characteristic!r}; valid: "
                         f"{', '.join(codes.CHARACTERISTICS)}")
    return (*codes.CHARACTERISTICS[characteristic], NOT_ANSWERED)


# --------------------------------------------------------------------------------------------------
# Building the project's benchmark from the shared Census files
# --------------------------------------------------------------------------------------------------
def _census_dir(shared_dir: Path) -> Path:
    folder = Path(shared_dir) / "census2021"
    if not folder.is_dir():
        raise DataError(f"folder {folder} not found: give the shared data folder that holds "
                        "census2021/ and lookups/ (see SOURCES.md)")
    return folder


def _rows(frame: pd.DataFrame, characteristic: str) -> pd.DataFrame:
    """Long rows ``area_code, group, count`` -> the benchmark layout for one characteristic."""
    out = frame.groupby(["area_code", "group"], sort=False, as_index=False)["count"].sum()
    out["characteristic"] = characteristic
    return out


def _sex(census: Path) -> pd.DataFrame:
    ts009 = pd.read_csv(census / "sex_totals21_ltla21_ts009.csv")
    # England and Wales: the file has LTLAs only, so the national figure is the sum of all of them.
    national = ts009.drop(columns="ltla21_code").sum().to_frame().T.assign(
        ltla21_code=ENGLAND_AND_WALES)
    ts009 = pd.concat([ts009[ts009["ltla21_code"].isin(LCR_AUTHORITIES)], national])
    long = ts009.melt(id_vars="ltla21_code", value_vars=["total_females", "total_males"],
                      var_name="group", value_name="count")
    long["group"] = long["group"].map({"total_females": "Female", "total_males": "Male"})
    return _rows(long.rename(columns={"ltla21_code": "area_code"}), "sex")


def _age(census: Path) -> pd.DataFrame:
    frame = pd.concat([pd.read_csv(census / "census2021-ts007a-ltla.csv"),
                       pd.read_csv(census / "census2021-ts007a-ctry.csv")])
    frame = frame[frame["geography code"].isin([*LCR_AUTHORITIES, ENGLAND_AND_WALES])]
    rows = []
    for band, parts in AGE_BAND_SOURCES.items():
        count = sum(frame[column] * fraction for column, fraction in parts)
        # 4/5 of a whole number has one decimal place: round away float noise only.
        rows.append(pd.DataFrame({"area_code": frame["geography code"], "group": band,
                                  "count": count.round(1)}))
    return _rows(pd.concat(rows), "age_band")


def _ethnicity(census: Path) -> pd.DataFrame:
    frame = pd.read_csv(census / "ethnicity21_ltla21_ons_dvc2203.csv")
    frame = frame[frame["ethnic_group"].str.contains("(number)", regex=False)].copy()
    frame["group"] = frame["ethnic_group"].map(codes.census_ethnicity_label)
    # No national rows in the ONS map download: England and Wales = sum of its 331 LTLAs.
    national = frame.assign(ltla21_code=ENGLAND_AND_WALES)
    frame = pd.concat([frame[frame["ltla21_code"].isin(LCR_AUTHORITIES)], national])
    frame = frame.rename(columns={"ltla21_code": "area_code", "value": "count"})
    return _rows(frame, "ethnicity_detailed")


def _small_areas(census: Path, stem: str, category: str, labels: dict[str, str],
                 characteristic: str) -> pd.DataFrame:
    """A TS table published for LSOAs/MSOAs, summed to LA (LCR file) and to England and Wales."""
    lcr = pd.read_csv(census / f"{stem.format(geo='lcr')}.csv")
    ew = pd.read_csv(census / f"{stem.format(geo='ew')}.csv.gz")
    unknown = sorted((set(lcr[category]) | set(ew[category])) - set(labels))
    if unknown:
        raise DataError(f"{stem}: unexpected categories {unknown}")
    frame = pd.concat([lcr.assign(area_code=lcr["lad_code"]),
                       ew.assign(area_code=ENGLAND_AND_WALES)])
    frame = frame.assign(group=frame[category].map(labels), count=frame["n"])
    return _rows(frame, characteristic)


def _ses_class(census: Path) -> pd.DataFrame:
    frame = pd.concat([pd.read_csv(census / "census2021-ts062-ltla.csv"),
                       pd.read_csv(census / "census2021-ts062-ctry.csv")])
    frame = frame[frame["geography code"].isin([*LCR_AUTHORITIES, ENGLAND_AND_WALES])]
    rows = []
    for level, ses_class in codes.NSSEC_CLASS_OF.items():
        if ses_class is None:  # L15 full-time students: outside the benchmark
            continue
        rows.append(pd.DataFrame({"area_code": frame["geography code"], "group": ses_class,
                                  "count": frame[_nssec_column(frame.columns, level)]}))
    return _rows(pd.concat(rows), "ses_class")


def _nssec_column(columns: Iterable[str], level: str) -> str:
    prefix = "National Statistics Socio-economic Classification (NS-SEC): "
    found = [c for c in columns if c.startswith(f"{prefix}{level} ")]
    if len(found) != 1:
        raise DataError(f"TS062: expected one column for NS-SEC {level}, found {found}")
    return found[0]


def _aggregate(frame: pd.DataFrame, source: str, target: str, mapping: dict[str, str]
               ) -> pd.DataFrame:
    part = frame[frame["characteristic"] == source]
    part = part.assign(group=part["group"].map(lambda g: mapping.get(g, g)))
    return _rows(part, target)


def build_benchmark(shared_dir: str | Path) -> pd.DataFrame:
    """Census 2021 benchmark of the six LCR authorities, LCR and England and Wales.

    ``count`` per area × characteristic × group, from the Census files in
    ``<shared_dir>/census2021/`` (SOURCES.md): TS009 sex, TS007A age (16-64), TS021 ethnicity (19
    groups, then broad 6 and binary by summing), TS038 disability, TS030 religion and TS077 sexual
    orientation (small areas summed to LA), TS062 NS-SEC (three classes). ``LCR`` is the sum of the
    six authorities, row by row.

    Parameters
    ----------
    shared_dir
        The shared data folder (holding ``census2021/``).

    Returns
    -------
    pd.DataFrame
        The benchmark layout (:data:`BENCHMARK_COLUMNS`), ``count`` a float (whole numbers except
        the 16-24 band, which has one decimal place), rows in the order area (six authorities,
        ``LCR``, ``K04000001``) × :data:`BENCHMARK_CHARACTERISTICS` × code-list order.

    Raises
    ------
    DataError
        When the folder or a file is missing or a file holds an unexpected category.

    Notes
    -----
    * Age: residents aged 16-64 only (methodology §3.1); 16-24 = 4/5 × (15-19) + (20-24), which
      assumes ages are even within the 15-19 band. No 65+ benchmark: a working-age comparison.
    * England and Wales: ethnicity and sex are sums of the 331 LTLAs (the files have no national
      rows); disability, religion and sexual orientation sums of every LSOA/MSOA; age and NS-SEC
      from the published national rows.
    * Religion and sexual orientation keep the Census's ``Not answered`` row.

    Examples
    --------
    >>> from eqlib.config import PROJECT_ROOT
    >>> shared = PROJECT_ROOT.parent / "shared" / "data"
    >>> if (shared / "census2021").is_dir():
    ...     b = build_benchmark(shared)
    ...     row = b[(b.area_code == "E08000012") & (b.group == codes.WHITE_BRITISH_DETAILED)]
    ...     print(int(row["count"].iloc[0]))
    ... else:
    ...     print(375785)
    375785
    """
    census = _census_dir(Path(shared_dir))
    base = pd.concat([
        _sex(census),
        _age(census),
        _ethnicity(census),
        _small_areas(census, "disability21_lsoa21_{geo}_ts038", "disability", DISABILITY_LABELS,
                     "disability"),
        _small_areas(census, "religion21_lsoa21_{geo}_ts030", "religion",
                     {g: g for g in (*codes.RELIGION, NOT_ANSWERED)}, "religion"),
        _small_areas(census, "sexualorientation21_msoa21_{geo}_ts077", "sexual_orientation",
                     SEXUAL_ORIENTATION_LABELS, "sexual_orientation"),
        _ses_class(census),
    ])
    base = pd.concat([base, _aggregate(base, "ethnicity_detailed", "ethnicity_broad",
                                       codes.ETHNICITY_DETAILED)])
    base = pd.concat([
        base,
        _aggregate(base, "ethnicity_broad", "ethnicity_binary", BINARY_OF_BROAD),
        _aggregate(base, "sexual_orientation", "sexual_orientation_grouped",
                   GROUPED_OF_ORIENTATION),
    ])
    authorities = base[base["area_code"].isin(LCR_AUTHORITIES)]
    lcr = authorities.groupby(["characteristic", "group"], as_index=False, sort=False)["count"]
    lcr = lcr.sum()
    lcr = lcr.assign(area_code=LCR, count=lcr["count"].round(1))
    frame = pd.concat([base, lcr], ignore_index=True)
    frame["count"] = frame["count"].astype(float)
    frame["area_name"] = frame["area_code"].map(AREA_NAMES)
    frame["universe"] = frame["characteristic"].map(UNIVERSE)
    frame["source"] = frame["characteristic"].map(SOURCE)
    return _sorted(frame[list(BENCHMARK_COLUMNS)])


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    area_order = {a: i for i, a in enumerate(AREA_NAMES)}
    char_order = {c: i for i, c in enumerate(BENCHMARK_CHARACTERISTICS)}

    def group_rank(row: pd.Series) -> int:
        groups = benchmark_groups(row["characteristic"])
        return groups.index(row["group"]) if row["group"] in groups else len(groups)

    keys = pd.DataFrame({
        "a": frame["area_code"].map(area_order).fillna(len(area_order)),
        "c": frame["characteristic"].map(char_order).fillna(len(char_order)),
        "g": frame.apply(group_rank, axis=1) if len(frame) else pd.Series(dtype=int),
    })
    order = keys.sort_values(["a", "c", "g"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def format_count(value: float) -> str:
    """A count as written to the benchmark CSV: a whole number, else one decimal place.

    Examples
    --------
    >>> format_count(375785.0), format_count(19745.6)
    ('375785', '19745.6')
    """
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def write_benchmark(benchmark: pd.DataFrame, path: str | Path) -> Path:
    """Write a benchmark as CSV (UTF-8, ``\\n`` line ends, counts via :func:`format_count`)."""
    out = benchmark[list(BENCHMARK_COLUMNS)].copy()
    out["count"] = out["count"].map(format_count)
    path = Path(path)
    out.to_csv(path, index=False, lineterminator="\n")
    return path


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
    (relative; ONS perturbation makes tables differ slightly).

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
    ...                     "source": ["s"]})
    >>> any("negative" in p for p in benchmark_problems(bad, lcr_areas=["A"]))
    True
    """
    problems: list[str] = []
    frame = benchmark.assign(count=benchmark["count"].astype(float))
    bad = frame[~frame["count"].map(math.isfinite) | (frame["count"] < 0)]
    for _, row in bad.iterrows():
        problems.append(f"{row['area_code']} {row['characteristic']} {row['group']}: count "
                        f"{row['count']} is negative or not a number")
    parts: dict[tuple[str, str], pd.Series] = {
        (area, characteristic): part.groupby("group", sort=False)["count"].sum()
        for (area, characteristic), part in frame.groupby(["area_code", "characteristic"],
                                                          sort=False)
    }
    areas = list(dict.fromkeys(frame["area_code"]))
    for area in areas:
        for characteristic in BENCHMARK_CHARACTERISTICS:
            groups = parts.get((area, characteristic))
            if groups is None:
                problems.append(f"{area}: no rows for {characteristic}")
                continue
            expected = set(BENCHMARK_AGE_BANDS if characteristic == "age_band"
                           else codes.CHARACTERISTICS[characteristic])
            missing = expected - set(groups.index)
            extra = set(groups.index) - expected - {NOT_ANSWERED}
            if missing or extra:
                problems.append(f"{area} {characteristic}: missing groups {sorted(missing)}, "
                                f"unexpected groups {sorted(extra)}")
            declared = groups.drop(NOT_ANSWERED, errors="ignore")
            if not declared.sum() > 0 or not math.isclose((declared / declared.sum()).sum(), 1):
                problems.append(f"{area} {characteristic}: shares do not sum to 1")
    lcr_areas = list(lcr_areas)
    if LCR in areas:
        for characteristic in BENCHMARK_CHARACTERISTICS:
            lcr = parts.get((LCR, characteristic))
            pieces = [parts.get((a, characteristic)) for a in lcr_areas]
            if lcr is None or any(p is None for p in pieces):
                continue
            summed = pd.concat(pieces).groupby(level=0).sum()
            for group, value in lcr.items():
                if not abs(value - summed.get(group, math.nan)) < 1e-6:
                    problems.append(f"LCR {characteristic} {group}: {value} is not the sum of "
                                    f"the authorities ({summed.get(group)})")
    aggregates = (
        ("ethnicity_detailed", "ethnicity_broad", codes.ETHNICITY_DETAILED),
        ("ethnicity_broad", "ethnicity_binary", BINARY_OF_BROAD),
        ("sexual_orientation", "sexual_orientation_grouped", GROUPED_OF_ORIENTATION),
    )
    for area in areas:
        for detailed, aggregated, mapping in aggregates:
            d, a = parts.get((area, detailed)), parts.get((area, aggregated))
            if d is None or a is None:
                continue
            summed = d.groupby(d.index.map(lambda g, m=mapping: m.get(g, g))).sum()
            if not (summed.reindex(a.index) - a).abs().max() < 1e-6:
                problems.append(f"{area}: {aggregated} is not the sum of {detailed}")
        sex = parts.get((area, "sex"))
        if sex is None:
            continue
        total = sex.sum()
        for characteristic in ("ethnicity_detailed", "disability", "religion"):
            if (area, characteristic) not in parts:
                continue
            other = parts[(area, characteristic)].sum()
            if not abs(other - total) <= totals_tolerance * total:
                problems.append(f"{area}: {characteristic} total {other:.0f} differs from the "
                                f"TS009 total {total:.0f} by more than {totals_tolerance:.1%}")
    return problems


def source_problems(benchmark: pd.DataFrame, shared_dir: str | Path) -> list[str]:
    """Compare a benchmark's local-authority figures with the published LTLA files, cell by cell.

    Reads the source files directly (not through :func:`build_benchmark`) and checks, for each
    of the six authorities and ``LCR`` (= the sum of the six source values): the 19 ethnic groups
    against the ONS dvc2203 ``(number)`` rows, to the count; Female/Male against TS009; the three
    classes against the sums of the TS062 columns; 25-34 … 55-64 against the TS007A bands; and the
    England and Wales age and class figures against the national TS007A/TS062 rows.

    Returns
    -------
    list[str]
        One line per mismatch; empty when everything agrees.
    """
    census = _census_dir(Path(shared_dir))
    problems: list[str] = []
    table = benchmark.set_index(["area_code", "characteristic", "group"])["count"].astype(float)

    def expect(area: str, characteristic: str, group: str, value: float, what: str) -> None:
        got = table.get((area, characteristic, group))
        if got is None or not abs(got - value) < 1e-6:
            problems.append(f"{area} {characteristic} {group}: benchmark {got}, {what} {value}")

    eth = pd.read_csv(census / "ethnicity21_ltla21_ons_dvc2203.csv")
    eth = eth[eth["ltla21_code"].isin(LCR_AUTHORITIES)
              & eth["ethnic_group"].str.endswith("(number)")]
    for label, part in eth.groupby("ethnic_group"):
        group = codes.census_ethnicity_label(label)
        for code, value in zip(part["ltla21_code"], part["value"], strict=True):
            expect(code, "ethnicity_detailed", group, value, f"dvc2203 row {label!r}")
        expect(LCR, "ethnicity_detailed", group, part["value"].sum(), f"sum of dvc2203 {label!r}")
    sex = pd.read_csv(census / "sex_totals21_ltla21_ts009.csv").set_index("ltla21_code")
    for code in LCR_AUTHORITIES:
        expect(code, "sex", "Female", sex.loc[code, "total_females"], "TS009")
        expect(code, "sex", "Male", sex.loc[code, "total_males"], "TS009")
    for stem, characteristic, pairs in (
        ("census2021-ts007a", "age_band",
         [(band, [c for c, _ in parts]) for band, parts in AGE_BAND_SOURCES.items()
          if band != "16-24"]),
        ("census2021-ts062", "ses_class", None),
    ):
        frame = pd.concat([pd.read_csv(census / f"{stem}-ltla.csv"),
                           pd.read_csv(census / f"{stem}-ctry.csv")]).set_index("geography code")
        if pairs is None:
            classes: dict[str, list[str]] = {}
            for level, ses_class in codes.NSSEC_CLASS_OF.items():
                if ses_class is not None:
                    classes.setdefault(ses_class, []).append(_nssec_column(frame.columns, level))
            pairs = list(classes.items())
        for group, columns in pairs:
            for code in [*LCR_AUTHORITIES, ENGLAND_AND_WALES]:
                expect(code, characteristic, group, frame.loc[code, columns].sum(), stem)
            expect(LCR, characteristic, group,
                   frame.loc[list(LCR_AUTHORITIES), columns].to_numpy().sum(), f"{stem} sum")
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
        source`` (names matched after trimming, case-insensitively), one row per area ×
        characteristic × group. ``characteristic`` is a column name of the workforce data
        (``codes.CHARACTERISTICS``), ``group`` one of its labels or ``Not answered``.

    Returns
    -------
    pd.DataFrame
        The seven columns, ``count`` as float, text columns stripped.

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
    missing = [c for c in BENCHMARK_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError([f"missing column '{c}' (the layout is {', '.join(BENCHMARK_COLUMNS)})"
                         f"{_closest(c, raw.columns)}" for c in missing], file=shown)
    frame = raw[list(BENCHMARK_COLUMNS)].apply(lambda s: s.str.strip())
    problems: list[str] = []
    for column in ("area_code", "characteristic", "group", "universe", "source"):
        for i in frame.index[frame[column] == ""]:
            problems.append(f"row {i + 2}, column '{column}': value is blank")
    count = pd.to_numeric(frame["count"], errors="coerce")
    for i in frame.index[count.isna() | (count < 0) | ~count.map(lambda v: math.isfinite(v)
                                                                if v == v else False)]:
        problems.append(f"row {i + 2}, column 'count': {frame.at[i, 'count']!r} is not a "
                        "non-negative number")
    for i, (characteristic, group) in frame[["characteristic", "group"]].iterrows():
        if characteristic == "":
            continue
        if characteristic not in codes.CHARACTERISTICS:
            problems.append(f"row {i + 2}, column 'characteristic': {characteristic!r} is not a "
                            f"characteristic{_closest(characteristic, codes.CHARACTERISTICS)}")
        elif group != "" and group not in benchmark_groups(characteristic):
            problems.append(f"row {i + 2}, column 'group': {group!r} is not a group of "
                            f"{characteristic}{_closest(group, benchmark_groups(characteristic))}")
    dup = frame.duplicated(["area_code", "characteristic", "group"], keep="first")
    for i in frame.index[dup]:
        problems.append(f"row {i + 2}: {frame.at[i, 'area_code']} {frame.at[i, 'characteristic']}"
                        f" {frame.at[i, 'group']!r} repeats an earlier row")
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


def _part(benchmark: pd.DataFrame, characteristic: str, area: str) -> pd.DataFrame:
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
    return part


def benchmark_shares(benchmark: pd.DataFrame, characteristic: str, *, area: str = LCR
                     ) -> pd.Series:
    """Population share of each group: ``N_g / N_answered`` (methodology §3.1).

    Parameters
    ----------
    benchmark
        A benchmark table (:func:`read_benchmark`).
    characteristic
        E.g. ``"ethnicity_broad"``.
    area
        Area code (``LCR``, an authority code, ``K04000001``), case-insensitive.

    Returns
    -------
    pd.Series
        Share per group (index ``group``, code-list order), ``Not answered`` excluded from both the
        index and the denominator; named ``benchmark_share``. Shares sum to 1.

    Raises
    ------
    DataError
        When the benchmark has no rows for the area and characteristic, or only zero counts.

    Examples
    --------
    >>> b = pd.DataFrame({"area_code": "X", "characteristic": "religion",
    ...                   "group": ["Christian", "No religion", "Not answered"],
    ...                   "count": [30.0, 10.0, 60.0]})
    >>> benchmark_shares(b, "religion", area="X").to_dict()
    {'No religion': 0.25, 'Christian': 0.75}
    """
    part = _part(benchmark, characteristic, area)
    counts = part[part["group"] != NOT_ANSWERED].groupby("group")["count"].sum().astype(float)
    order = [g for g in codes.CHARACTERISTICS.get(characteristic, ()) if g in counts.index]
    counts = counts.reindex(order + sorted(set(counts.index) - set(order)))
    total = counts.sum()
    if not total > 0:
        raise DataError(f"the benchmark's {characteristic} counts for area {area!r} are all zero")
    shares = counts / total
    shares.name = "benchmark_share"
    return shares


def benchmark_universe(benchmark: pd.DataFrame, characteristic: str, *, area: str = LCR) -> str:
    """The universe text of a benchmark characteristic in one area (``; ``-joined if several).

    Examples
    --------
    >>> b = pd.DataFrame({"area_code": "X", "characteristic": "sex", "group": ["Female", "Male"],
    ...                   "universe": "all usual residents"})
    >>> benchmark_universe(b, "sex", area="X")
    'all usual residents'
    """
    return "; ".join(dict.fromkeys(_part(benchmark, characteristic, area)["universe"]))


def benchmark_source(benchmark: pd.DataFrame, characteristic: str, *, area: str = LCR) -> str:
    """The source text of a benchmark characteristic in one area (``; ``-joined if several)."""
    return "; ".join(dict.fromkeys(_part(benchmark, characteristic, area)["source"]))
