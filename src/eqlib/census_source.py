"""Build the project's Census 2021 benchmark from the shared Census downloads, and check a
benchmark against them cell by cell.

``scripts/build_census_benchmark.py`` runs :func:`build_benchmark`,
:func:`eqlib.census.benchmark_problems` and :func:`source_problems`, then
:func:`write_benchmark` to ``data/reference/census2021_lcr.csv``. Reading and using a benchmark
(and the terms: area, population, universe, share) are in :mod:`eqlib.census`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from eqlib import codes
from eqlib.census import (
    AGE_BAND_YEARS,
    AREA_NAMES,
    BENCHMARK_CHARACTERISTICS,
    BENCHMARK_COLUMNS,
    BINARY_OF_BROAD,
    BUILT_POPULATIONS,
    DISABILITY_LABELS,
    ENGLAND_AND_WALES,
    GROUPED_OF_ORIENTATION,
    LCR,
    LCR_AUTHORITIES,
    NOT_ANSWERED,
    POPULATION_PREFERENCE,
    SEXUAL_ORIENTATION_LABELS,
    SOURCE,
    UNIVERSE,
    WORKING_AGE_BANDS,
    benchmark_groups,
)
from eqlib.errors import DataError


# --------------------------------------------------------------------------------------------------
# Building the project's benchmark from the shared Census files
# --------------------------------------------------------------------------------------------------
def _census_dir(shared_dir: Path) -> Path:
    folder = Path(shared_dir) / "census2021"
    if not folder.is_dir():
        raise DataError(f"folder {folder} not found: give the shared data folder that holds "
                        "census2021/ and lookups/ (see SOURCES.md)")
    return folder


def _rows(frame: pd.DataFrame, characteristic: str, population: str | None = None
          ) -> pd.DataFrame:
    """Long rows ``area_code, group, count`` -> the benchmark layout for one characteristic."""
    out = frame.groupby(["area_code", "group"], sort=False, as_index=False)["count"].sum()
    out["characteristic"] = characteristic
    out["population"] = population or BUILT_POPULATIONS[characteristic][0]
    return out


def _ts009(census: Path) -> pd.DataFrame:
    """TS009 (sex by single year of age) for the six authorities and England and Wales (the sum
    of the 331 LTLAs: the nomis file has no national row), indexed by area code."""
    frame = pd.read_csv(census / "census2021-ts009-ltla.csv").set_index("geography code")
    values = frame.drop(columns=["date", "geography"])
    national = values.sum().rename(ENGLAND_AND_WALES)
    return pd.concat([values.loc[list(LCR_AUTHORITIES)], national.to_frame().T])


def ts009_column(sex: str, age: str) -> str:
    """Column of the nomis TS009 file, e.g. ``ts009_column("Female", "16 to 19")``.

    Examples
    --------
    >>> ts009_column("All persons", "16")
    'Sex: All persons; Age: Aged 16 years; measures: Value'
    >>> ts009_column("Male", "Total")
    'Sex: Male; Age: Total; measures: Value'
    """
    if age == "Total":
        return f"Sex: {sex}; Age: Total; measures: Value"
    return f"Sex: {sex}; Age: Aged {age} years; measures: Value"


def _sex(census: Path) -> pd.DataFrame:
    ts009 = _ts009(census)
    parts = []
    for group in ("Female", "Male"):
        working = ts009[[ts009_column(group, band) for band in WORKING_AGE_BANDS]].sum(axis=1)
        parts.append(_rows(pd.DataFrame({"area_code": ts009.index, "group": group,
                                         "count": working.to_numpy()}), "sex", "working_age"))
        parts.append(_rows(pd.DataFrame({"area_code": ts009.index, "group": group,
                                         "count": ts009[ts009_column(group, "Total")].to_numpy()}),
                           "sex", "all_residents"))
    return pd.concat(parts)


def _age(census: Path) -> pd.DataFrame:
    ts009 = _ts009(census)
    rows = []
    for band, years in AGE_BAND_YEARS.items():
        count = ts009[[ts009_column("All persons", str(y)) for y in years]].sum(axis=1)
        rows.append(pd.DataFrame({"area_code": ts009.index, "group": band,
                                  "count": count.to_numpy()}))
    return _rows(pd.concat(rows), "age_band", "working_age")


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

    ``count`` per area × characteristic × population × group, from the Census files in
    ``<shared_dir>/census2021/`` (SOURCES.md): TS009 sex (residents aged 16-64 and all residents)
    and age (16-64, single years summed to bands), TS021 ethnicity (19 groups, then broad 6 and
    binary by summing), TS038 disability, TS030 religion and TS077 sexual orientation (small areas
    summed to LA), TS062 NS-SEC (three classes). ``LCR`` is the sum of the six authorities, row by
    row. Which populations exist for which characteristic: :data:`BUILT_POPULATIONS`.

    Parameters
    ----------
    shared_dir
        The shared data folder (holding ``census2021/``).

    Returns
    -------
    pd.DataFrame
        The benchmark layout (:data:`BENCHMARK_COLUMNS`), ``count`` a float holding whole
        numbers, rows in the order area (six authorities, ``LCR``, ``K04000001``) ×
        :data:`BENCHMARK_CHARACTERISTICS` × population (:data:`POPULATION_PREFERENCE`) ×
        code-list order.

    Raises
    ------
    DataError
        When the folder or a file is missing or a file holds an unexpected category.

    Notes
    -----
    * Age: residents aged 16-64 only (methodology §3.1), from single years of age, so the bands
      are exact. No 65+ benchmark: a working-age comparison.
    * Sex: residents aged 16-64 (``working_age``, the sum of the TS009 bands 16-19 … 50-64) and
      all residents.
    * No Census table here gives ethnicity, disability or religion by age or economic activity
      for local authorities (SOURCES.md), so those are all residents only; sexual orientation and
      NS-SEC are residents aged 16+.
    * England and Wales: ethnicity, sex and age are sums of the 331 LTLAs (the files have no
      national rows); disability, religion and sexual orientation sums of every LSOA/MSOA; NS-SEC
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
    lcr = authorities.groupby(["characteristic", "population", "group"], as_index=False,
                              sort=False)["count"]
    lcr = lcr.sum()
    lcr = lcr.assign(area_code=LCR)
    frame = pd.concat([base, lcr], ignore_index=True)
    frame["count"] = frame["count"].astype(float)
    frame["area_name"] = frame["area_code"].map(AREA_NAMES)
    frame["universe"] = [UNIVERSE[(c, p)] for c, p in zip(frame["characteristic"],
                                                          frame["population"], strict=True)]
    frame["source"] = frame["characteristic"].map(SOURCE)
    return _sorted(frame[list(BENCHMARK_COLUMNS)])


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    area_order = {a: i for i, a in enumerate(AREA_NAMES)}
    char_order = {c: i for i, c in enumerate(BENCHMARK_CHARACTERISTICS)}
    pop_order = {p: i for i, p in enumerate(POPULATION_PREFERENCE)}

    def group_rank(row: pd.Series) -> int:
        groups = benchmark_groups(row["characteristic"])
        return groups.index(row["group"]) if row["group"] in groups else len(groups)

    keys = pd.DataFrame({
        "a": frame["area_code"].map(area_order).fillna(len(area_order)),
        "c": frame["characteristic"].map(char_order).fillna(len(char_order)),
        "p": frame["population"].map(pop_order).fillna(len(pop_order)),
        "g": frame.apply(group_rank, axis=1) if len(frame) else pd.Series(dtype=int),
    })
    order = keys.sort_values(["a", "c", "p", "g"], kind="stable").index
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


def source_problems(benchmark: pd.DataFrame, shared_dir: str | Path) -> list[str]:
    """Compare a benchmark's local-authority figures with the published files, cell by cell.

    Reads the source files directly (not through :func:`build_benchmark`) and checks, for each
    of the six authorities and ``LCR`` (= the sum of the six source values): the 19 ethnic groups
    against the ONS dvc2203 ``(number)`` rows, to the count; Female/Male (all residents) against
    demographr's TS009 totals (a second copy of TS009); Female/Male aged 16-64 against the TS009
    total less the nomis bands under 16 and 65 and over; the age bands against the nomis TS009
    subtotal bands (16-24 = 16-19 + 20-24; 25-34; 35-44 + 45-54 + 55-64 = 35-49 + 50-64); the
    three classes against the sums of the TS062 columns, and the England and Wales classes
    against the national TS062 row.

    Returns
    -------
    list[str]
        One line per mismatch; empty when everything agrees.
    """
    census = _census_dir(Path(shared_dir))
    problems: list[str] = []
    table = benchmark.set_index(["area_code", "characteristic", "population", "group"])["count"]
    table = table.astype(float)

    def expect(area: str, characteristic: str, population: str, group: str, value: float,
               what: str) -> None:
        got = table.get((area, characteristic, population, group))
        if got is None or not abs(got - value) < 1e-6:
            problems.append(f"{area} {characteristic} ({population}) {group}: benchmark {got}, "
                            f"{what} {value}")

    def expect_all(characteristic: str, population: str, group: str, values: pd.Series,
                   what: str) -> None:
        for code in LCR_AUTHORITIES:
            expect(code, characteristic, population, group, float(values[code]), what)
        expect(LCR, characteristic, population, group,
               float(values[list(LCR_AUTHORITIES)].sum()), f"sum of {what}")

    eth = pd.read_csv(census / "ethnicity21_ltla21_ons_dvc2203.csv")
    eth = eth[eth["ltla21_code"].isin(LCR_AUTHORITIES)
              & eth["ethnic_group"].str.endswith("(number)")]
    for label, part in eth.groupby("ethnic_group"):
        group = codes.census_ethnicity_label(label)
        expect_all("ethnicity_detailed", "all_residents", group,
                   part.set_index("ltla21_code")["value"], f"dvc2203 row {label!r}")
    totals = pd.read_csv(census / "sex_totals21_ltla21_ts009.csv").set_index("ltla21_code")
    ts009 = pd.read_csv(census / "census2021-ts009-ltla.csv").set_index("geography code")
    outside = ("4 years and under", "5 to 9", "10 to 15", "65 to 74", "75 to 84",
               "85 years and over")

    def col(sex: str, age: str) -> str:
        return (ts009_column(sex, "Total") if age == "Total" else
                f"Sex: {sex}; Age: Aged {age}; measures: Value" if age.endswith("over")
                or age.endswith("under") else ts009_column(sex, age))

    for group, column in (("Female", "total_females"), ("Male", "total_males")):
        expect_all("sex", "all_residents", group, totals[column], "demographr TS009 totals")
        working = ts009[col(group, "Total")] - sum(ts009[col(group, a)] for a in outside)
        expect_all("sex", "working_age", group, working, "TS009 total less under-16s and 65+")
    band = {b: ts009[ts009_column("All persons", b)] for b in WORKING_AGE_BANDS}
    expect_all("age_band", "working_age", "16-24", band["16 to 19"] + band["20 to 24"],
               "TS009 bands 16-19 + 20-24")
    expect_all("age_band", "working_age", "25-34", band["25 to 34"], "TS009 band 25-34")
    older = table.reindex([(a, "age_band", "working_age", g) for a in [*LCR_AUTHORITIES, LCR]
                           for g in ("35-44", "45-54", "55-64")]).to_numpy().reshape(-1, 3)
    expected = band["35 to 49"] + band["50 to 64"]
    for i, code in enumerate([*LCR_AUTHORITIES, LCR]):
        value = (float(expected[list(LCR_AUTHORITIES)].sum()) if code == LCR
                 else float(expected[code]))
        if not abs(older[i].sum() - value) < 1e-6:
            problems.append(f"{code} age_band 35-64: benchmark {older[i].sum()}, TS009 bands "
                            f"35-49 + 50-64 {value}")
    frame = pd.concat([pd.read_csv(census / "census2021-ts062-ltla.csv"),
                       pd.read_csv(census / "census2021-ts062-ctry.csv")]).set_index(
        "geography code")
    classes: dict[str, list[str]] = {}
    for level, ses_class in codes.NSSEC_CLASS_OF.items():
        if ses_class is not None:
            classes.setdefault(ses_class, []).append(_nssec_column(frame.columns, level))
    for group, columns in classes.items():
        values = frame[columns].sum(axis=1)
        expect_all("ses_class", "aged_16_plus", group, values, "census2021-ts062")
        expect(ENGLAND_AND_WALES, "ses_class", "aged_16_plus", group,
               float(values[ENGLAND_AND_WALES]), "census2021-ts062 national row")
    return problems
