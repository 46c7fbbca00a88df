"""Benchmarking the organisation's gender pay gap figures against other employers (methodology §8).

Terms
-----
national data
    The GOV.UK Gender Pay Gap Service open data, one row per employer and reporting year, as
    copied by ``scripts/build_gpg_reference.py`` into ``data/reference/gpg_national/`` (read with
    :func:`read_national_gpg`). Figures carry the service's column names (:data:`FIGURES`).
reporting year
    The service's label, ``"2024-25"``: the year whose **snapshot** is 31 March 2024 for public
    authorities (Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017,
    Sch. 1) and 5 April 2024 for private and voluntary employers (Gender Pay Gap Information
    Regulations 2017). The first calendar year of the label is the snapshot year. A project year
    (params ``year``, the snapshot year) of 2026 is reporting year ``"2026-27"``
    (:func:`reporting_year_label`).
partial year
    A reporting year whose national file was downloaded before that year's deadline (2018-19 and
    2023-24 here): it holds only the early filers, so its distributions are labelled partial.
comparison year
    The reporting year whose national data the organisation is compared with: the reporting year
    itself when the national data has it (partial or not), otherwise the latest complete year before
    it (:func:`comparison_year`), always named in the output.
comparator sets (:data:`COMPARATOR_SETS`)
    ``lcr_public_bodies``: the named Liverpool City Region public bodies
    (:data:`LCR_PUBLIC_BODIES`);
    ``combined_authorities``: the named combined authorities (:data:`COMBINED_AUTHORITIES`);
    ``public_administration``: employers whose SIC codes include 84110 (general public
    administration) together with public bodies that report no SIC code (none, or only the
    service's public-sector code ``1``); ``size_band``: employers in the organisation's
    ``EmployerSize`` band; ``all_employers``: every employer. The organisation itself is always
    excluded from the set it is compared with.
percentile
    The organisation's percentile rank within a comparator set: the share of comparators with a
    strictly lower value plus half the share with an equal value, in % (the "mean" kind of
    :func:`scipy.stats.percentileofscore`). 0 = lower than every comparator, 100 = higher than every
    one, 50 = the middle. Comparators with no value for the figure are left out of ``n``.
undefined bonus gap
    Methodology §1.4: when nobody of one sex received a bonus the bonus gaps are not applicable.
    From 2019-20 the service leaves them blank; the 2017-18 and 2018-19 files record them as 0.
    In distributions a bonus gap is therefore treated as undefined (NaN) when it is blank, or when
    it is exactly 0 and one sex's bonus proportion is 0. The national table itself keeps the
    published values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal, get_args

import numpy as np
import pandas as pd
from scipy import stats

from eqlib.config import PROJECT_ROOT
from eqlib.errors import DataError
from eqlib.paygap import GPG_FIELDS

__all__ = [
    "COMBINED_AUTHORITIES",
    "COMPARATOR_SETS",
    "FIGURES",
    "FIGURE_LABELS",
    "HEADLINE_FIGURES",
    "LCR_PUBLIC_BODIES",
    "NATIONAL_GPG_PATH",
    "benchmark",
    "benchmark_by_year",
    "comparator_members",
    "comparison_year",
    "organisation_history",
    "percentile_rank",
    "read_national_gpg",
    "reporting_year_label",
    "snapshot_date",
]

NATIONAL_GPG_PATH: Path = PROJECT_ROOT / "data" / "reference" / "gpg_national"

#: The 14 GOV.UK service fields (one definition: eqlib.paygap.GPG_FIELDS).
FIGURES: tuple[str, ...] = GPG_FIELDS
"""The 14 figure columns of the service (methodology §1.6 field layout)."""

HEADLINE_FIGURES: tuple[str, ...] = (
    "DiffMeanHourlyPercent",
    "DiffMedianHourlyPercent",
    "DiffMeanBonusPercent",
    "DiffMedianBonusPercent",
    "MaleBonusPercent",
    "FemaleBonusPercent",
    "FemaleLowerQuartile",
    "FemaleLowerMiddleQuartile",
    "FemaleUpperMiddleQuartile",
    "FemaleTopQuartile",
)
"""The six statutory figures as columns: the two hourly gaps, the two bonus gaps, both bonus
proportions and women's share of each pay quarter (men's share is 100 minus it)."""

FIGURE_LABELS: dict[str, str] = {
    "DiffMeanHourlyPercent": "mean hourly pay gap",
    "DiffMedianHourlyPercent": "median hourly pay gap",
    "DiffMeanBonusPercent": "mean bonus pay gap",
    "DiffMedianBonusPercent": "median bonus pay gap",
    "MaleBonusPercent": "proportion of men receiving a bonus",
    "FemaleBonusPercent": "proportion of women receiving a bonus",
    "MaleLowerQuartile": "men's share of the lower pay quarter",
    "FemaleLowerQuartile": "women's share of the lower pay quarter",
    "MaleLowerMiddleQuartile": "men's share of the lower middle pay quarter",
    "FemaleLowerMiddleQuartile": "women's share of the lower middle pay quarter",
    "MaleUpperMiddleQuartile": "men's share of the upper middle pay quarter",
    "FemaleUpperMiddleQuartile": "women's share of the upper middle pay quarter",
    "MaleTopQuartile": "men's share of the top pay quarter",
    "FemaleTopQuartile": "women's share of the top pay quarter",
}

LCR_PUBLIC_BODIES: tuple[str, ...] = (
    "Liverpool City Region Combined Authority",
    "Merseytravel",
    "Halton Borough Council",
    "Knowsley Metropolitan Borough Council",
    "Liverpool City Council",
    "Sefton Metropolitan Borough Council",
    "St Helen's Metropolitan Borough Council",
    "Wirral Council",
    "Merseyside Fire and Rescue Service",
    "Merseyside Police",
    "NHS Cheshire and Merseyside ICB",
)
"""Liverpool City Region public bodies, spelt exactly as in every year of the national data
(checked against ``shared/data/gpg/lcr_public_bodies_gpg_extract.csv``: one spelling per body
across 2017-18 to 2024-25; "St Helen's" with the apostrophe and "Fire and Rescue" are the
data's)."""

COMBINED_AUTHORITIES: tuple[str, ...] = (
    "Greater Manchester Combined Authority",
    "Liverpool City Region Combined Authority",
    "South Yorkshire Mayoral Combined Authority",
    "West Midlands Combined Authority",
    "West Yorkshire Combined Authority",
    "West of England Combined Authority",
)
"""Every employer in the national data 2017-18 to 2024-25 whose name contains "Combined
Authority" (searched case-insensitively, with "Mayoral" and "Combined County" variants). Other
combined authorities (e.g. Tees Valley, North East, East Midlands) have fewer than 250 employees and
have not filed. The Greater London Authority is a strategic authority, not a combined authority,
and is not included."""

ComparatorSet = Literal[
    "lcr_public_bodies", "combined_authorities", "public_administration", "size_band",
    "all_employers",
]
COMPARATOR_SETS: tuple[str, ...] = get_args(ComparatorSet)

_SET_NOUNS: dict[str, tuple[str, str]] = {  # (singular, plural)
    "lcr_public_bodies": (
        "Liverpool City Region public body", "Liverpool City Region public bodies"
    ),
    "combined_authorities": ("combined authority", "combined authorities"),
    "public_administration": (
        "employer in general public administration (SIC 84110) or public body with no SIC code",
        "employers in general public administration (SIC 84110) or public bodies with no SIC code",
    ),
    "size_band": ("employer with {size_band} employees", "employers with {size_band} employees"),
    "all_employers": ("employer", "employers"),
}

QuantileMethod = Literal["linear", "hazen", "weibull", "median_unbiased"]
_QUANTILE_METHODS: tuple[str, ...] = get_args(QuantileMethod)

_REQUIRED_COLUMNS: tuple[str, ...] = (
    "ReportingYear", "partial", "sector", "snapshot_date", "EmployerName", "EmployerId",
    "CompanyNumber", "SicCodes", *FIGURES, "EmployerSize", "SubmittedAfterTheDeadline",
    "DateSubmitted", "source_file",
)
_BENCHMARK_COLUMNS: tuple[str, ...] = (
    "reporting_year", "comparison_year", "comparison_partial", "comparison_snapshot_date",
    "comparator_set", "size_band", "figure", "value", "n", "median", "q1", "q3", "percentile",
    "n_lower", "n_equal", "n_higher",
)
_YEAR_RE = re.compile(r"^(\d{4})-(\d{2})$")
_BONUS_GAPS = ("DiffMeanBonusPercent", "DiffMedianBonusPercent")


def _check_option(name: str, value: object, options: Sequence[str]) -> None:
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")


def _first_year(reporting_year: str) -> int:
    match = _YEAR_RE.match(str(reporting_year))
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(
            f"reporting year {reporting_year!r} is not of the form '2024-25' "
            "(two consecutive years)"
        )
    return int(match.group(1))


def _name_key(name: object) -> str:
    return re.sub(r"\s+", " ", str(name)).strip().casefold()


def reporting_year_label(snapshot_year: int) -> str:
    """The service's reporting-year label of a snapshot year: ``Y`` -> ``"Y-(Y+1)"``.

    Parameters
    ----------
    snapshot_year : int
        Calendar year of the snapshot date (params ``year``; 31 March for public authorities).

    Returns
    -------
    str
        For example ``"2024-25"`` for the snapshot of 31 March 2024.

    Notes
    -----
    The service names a year after the snapshot year and the following (deadline) year: the
    public-sector snapshot of 31 March 2024 is reported by 30 March 2025 as "2024-25".

    Examples
    --------
    >>> reporting_year_label(2024)
    '2024-25'
    >>> reporting_year_label(1999)
    '1999-00'
    """
    year = int(snapshot_year)
    return f"{year}-{(year + 1) % 100:02d}"


def snapshot_date(
    reporting_year: str, *, sector: Literal["public", "private"] = "public"
) -> dt.date:
    """Snapshot date of a reporting year: 31 March (public sector) or 5 April (private) of its
    first year.

    Parameters
    ----------
    reporting_year : str
        Label such as ``"2024-25"``.
    sector : {"public", "private"}
        ``"public"``: public authorities listed in Sch. 2 of the 2017 Specific Duties Regulations
        (snapshot 31 March); ``"private"``: private and voluntary employers (5 April).

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        If the label is malformed or ``sector`` is not one of the options.

    References
    ----------
    Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017, Sch. 1 para. 1;
    Equality Act 2010 (Gender Pay Gap Information) Regulations 2017, reg. 1(2).

    Examples
    --------
    >>> snapshot_date("2024-25")
    datetime.date(2024, 3, 31)
    >>> snapshot_date("2024-25", sector="private")
    datetime.date(2024, 4, 5)
    """
    _check_option("sector", sector, ("public", "private"))
    year = _first_year(reporting_year)
    return dt.date(year, 3, 31) if sector == "public" else dt.date(year, 4, 5)


def read_national_gpg(path: str | Path | None = None) -> pd.DataFrame:
    """Read the compact national GPG data built by ``scripts/build_gpg_reference.py``.

    Parameters
    ----------
    path : str or Path, optional
        A folder of ``gpg_national_<YYYY-YY>.csv.gz`` files (all are read), or one such CSV (plain
        or gzip). Default :data:`NATIONAL_GPG_PATH` (``data/reference/gpg_national``).

    Returns
    -------
    pandas.DataFrame
        One row per employer and reporting year, sorted by ReportingYear, EmployerName,
        EmployerId. Columns: ``ReportingYear`` (str, "2024-25"), ``partial`` (bool), ``sector``
        ("public", "private", "unknown"), ``sector_basis``, ``snapshot_date`` (datetime64, NaT when
        the sector is unknown), ``EmployerName``, ``EmployerId`` (nullable Int64; none before
        2020-21), ``CompanyNumber``, ``SicCodes`` (sorted codes joined by ","; "" for none), the 14
        :data:`FIGURES` (float64, NaN where blank), ``EmployerSize``, ``SubmittedAfterTheDeadline``
        (bool), ``DateSubmitted`` (datetime64, NaT before 2018-19), ``source_file``.

    Raises
    ------
    DataError
        If the path does not exist, holds no files, or a file lacks a column.

    Notes
    -----
    Values are the published ones (duplicate filings resolved and formats normalised by the build
    script; see ``data/reference/gpg_national_README.md``).

    Examples
    --------
    >>> national = read_national_gpg()
    >>> row = national[(national.EmployerName == "Liverpool City Region Combined Authority")
    ...                & (national.ReportingYear == "2022-23")]
    >>> row[["DiffMeanHourlyPercent", "DiffMedianHourlyPercent"]].to_numpy().tolist()
    [[12.39, 11.17]]
    """
    source = Path(path) if path is not None else NATIONAL_GPG_PATH
    if source.is_dir():
        files = sorted(source.glob("gpg_national_*.csv*"))
        if not files:
            raise DataError(
                f"no gpg_national_*.csv.gz files in {source}: run "
                "scripts/build_gpg_reference.py", file=str(source),
            )
    elif source.is_file():
        files = [source]
    else:
        raise DataError(
            f"the national gender pay gap data {source} does not exist: run "
            "scripts/build_gpg_reference.py", file=str(source),
        )
    text_columns = {
        c: str for c in ("ReportingYear", "sector", "sector_basis", "EmployerName",
                         "CompanyNumber", "SicCodes", "EmployerSize", "source_file")
    }
    frames = []
    for file in files:
        frame = pd.read_csv(
            file, dtype={**text_columns, "EmployerId": "Int64"}, keep_default_na=False,
            na_values={c: [""] for c in (*FIGURES, "EmployerId")},
        )
        missing = [c for c in _REQUIRED_COLUMNS if c not in frame.columns]
        if missing:
            raise DataError(f"missing column(s): {', '.join(missing)}", file=str(file))
        frames.append(frame)
    national = pd.concat(frames, ignore_index=True)
    for column in FIGURES:
        national[column] = national[column].astype("float64")
    for column in ("partial", "SubmittedAfterTheDeadline"):
        national[column] = national[column].map({"True": True, "False": False, True: True,
                                                 False: False}).astype(bool)
    national["snapshot_date"] = pd.to_datetime(
        national["snapshot_date"].replace("", None), format="%Y-%m-%d"
    )
    national["DateSubmitted"] = pd.to_datetime(
        national["DateSubmitted"].replace("", None), format="ISO8601"
    )
    return national.sort_values(
        ["ReportingYear", "EmployerName", "EmployerId"], kind="stable"
    ).reset_index(drop=True)


def _organisation_mask(national: pd.DataFrame, organisation: str) -> pd.Series:
    """Rows of the organisation: its exact name (case and spacing ignored) or any EmployerId that
    name has carried."""
    # each distinct name keyed once (17,000 names in 63,000 rows; this runs for every comparator)
    codes, names = pd.factorize(national["EmployerName"], use_na_sentinel=False)
    target = _name_key(organisation)
    matches = np.fromiter((_name_key(name) == target for name in names), bool, len(names))
    by_name = pd.Series(matches[codes], index=national.index)
    ids = national.loc[by_name, "EmployerId"].dropna().unique()
    return by_name | national["EmployerId"].isin(ids).fillna(False).astype(bool)


def organisation_history(name: str, *, national: pd.DataFrame | None = None) -> pd.DataFrame:
    """The organisation's own published figures, one row per reporting year.

    Parameters
    ----------
    name : str
        Employer name as in the national data (case and spacing ignored); rows with an EmployerId
        that name has carried are included too (an employer renamed between years).
    national : DataFrame, optional
        From :func:`read_national_gpg`; read from the default path when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``ReportingYear, partial, snapshot_date, EmployerName, EmployerSize``, the 14
        :data:`FIGURES`, ``SubmittedAfterTheDeadline, DateSubmitted, source_file``, sorted by year.
        Empty (with these columns) when the name is not found.

    Notes
    -----
    Figures are as published (bonus gaps of employers that paid no bonus are blank from 2019-20
    and 0 before).

    Examples
    --------
    >>> history = organisation_history("Liverpool City Region Combined Authority")
    >>> history[["ReportingYear", "DiffMedianHourlyPercent"]].to_numpy().tolist()[-2:]
    [['2023-24', 9.58], ['2024-25', 7.72]]
    """
    if national is None:
        national = read_national_gpg()
    columns = ["ReportingYear", "partial", "snapshot_date", "EmployerName", "EmployerSize",
               *FIGURES, "SubmittedAfterTheDeadline", "DateSubmitted", "source_file"]
    rows = national.loc[_organisation_mask(national, name), columns]
    return rows.sort_values("ReportingYear", kind="stable").reset_index(drop=True)


def comparison_year(national: pd.DataFrame, reporting_year: str) -> tuple[str, bool]:
    """The national reporting year to compare a reporting year with, and whether it is partial.

    The reporting year itself when the national data holds it (labelled partial if its file is);
    otherwise the latest complete (non-partial) year before it.

    Parameters
    ----------
    national : DataFrame
        From :func:`read_national_gpg`.
    reporting_year : str
        Label such as ``"2026-27"``.

    Returns
    -------
    tuple of (str, bool)
        ``(year, partial)``.

    Raises
    ------
    DataError
        If the national data has neither the year nor a complete year before it.

    Examples
    --------
    >>> national = read_national_gpg()
    >>> comparison_year(national, "2026-27")
    ('2024-25', False)
    >>> comparison_year(national, "2023-24")
    ('2023-24', True)
    """
    first = _first_year(reporting_year)
    years = national.groupby("ReportingYear")["partial"].any()
    if reporting_year in years.index:
        return reporting_year, bool(years[reporting_year])
    earlier = [y for y, part in years.items() if _first_year(y) < first and not part]
    if not earlier:
        raise DataError(
            f"the national gender pay gap data has no {reporting_year} figures and no complete "
            f"year before it (years held: {', '.join(years.index)})"
        )
    return max(earlier), False


def _organisation_size_band(national: pd.DataFrame, organisation: str, year: str) -> str:
    rows = national[_organisation_mask(national, organisation)]
    rows = rows[rows["ReportingYear"].map(_first_year) <= _first_year(year)]
    if rows.empty:
        raise DataError(
            f"no filing by {organisation!r} in or before {year} gives its size band: pass "
            "size_band (e.g. '250 to 499')"
        )
    return str(rows.sort_values("ReportingYear").iloc[-1]["EmployerSize"])


def comparator_members(
    national: pd.DataFrame,
    comparator_set: ComparatorSet,
    *,
    reporting_year: str,
    organisation: str,
    size_band: str | None = None,
) -> pd.DataFrame:
    """The employers of one comparator set in one reporting year, the organisation excluded.

    Parameters
    ----------
    national : DataFrame
        From :func:`read_national_gpg`.
    comparator_set : {"lcr_public_bodies", "combined_authorities", "public_administration", \
"size_band", "all_employers"}
        See the module docstring.
    reporting_year : str
        A year the national data holds (use :func:`comparison_year` first).
    organisation : str
        The organisation's name in the national data; its rows are excluded (by name and by any
        EmployerId the name has carried).
    size_band : str, optional
        ``EmployerSize`` band for ``"size_band"``; default the organisation's band in that year, or
        in its latest earlier filing.

    Returns
    -------
    pandas.DataFrame
        The national rows of the set (all columns), sorted by EmployerName.

    Raises
    ------
    ValueError
        If ``comparator_set`` is not an option.
    DataError
        If ``"size_band"`` is asked for, no band is given and the organisation has no filing.

    Examples
    --------
    >>> national = read_national_gpg()
    >>> cas = comparator_members(national, "combined_authorities", reporting_year="2024-25",
    ...                          organisation="Liverpool City Region Combined Authority")
    >>> len(cas), "Liverpool City Region Combined Authority" in set(cas.EmployerName)
    (5, False)
    """
    _check_option("comparator_set", comparator_set, COMPARATOR_SETS)
    _first_year(reporting_year)
    year = national[national["ReportingYear"] == reporting_year]
    year = year[~_organisation_mask(year, organisation)]
    if comparator_set == "lcr_public_bodies":
        keep = year["EmployerName"].isin(LCR_PUBLIC_BODIES)
    elif comparator_set == "combined_authorities":
        keep = year["EmployerName"].isin(COMBINED_AUTHORITIES)
    elif comparator_set == "public_administration":
        codes = year["SicCodes"].fillna("").str.split(",").map(lambda c: {x for x in c if x})
        keep = codes.map(lambda c: "84110" in c) | (
            (year["sector"] == "public") & codes.map(lambda c: c <= {"1"})
        )
    elif comparator_set == "size_band":
        band = size_band or _organisation_size_band(national, organisation, reporting_year)
        keep = year["EmployerSize"] == band
    else:
        keep = pd.Series(True, index=year.index)
    return year[keep].sort_values(["EmployerName", "EmployerId"], kind="stable")


def _comparable(frame: pd.DataFrame, figure: str) -> pd.Series:
    """A figure's values with undefined bonus gaps as NaN (module docstring)."""
    values = frame[figure].astype("float64")
    if figure in _BONUS_GAPS:
        no_bonus = (frame["MaleBonusPercent"] == 0) | (frame["FemaleBonusPercent"] == 0)
        values = values.mask(no_bonus & (values == 0))
    return values


def percentile_rank(values: Sequence[float] | np.ndarray | pd.Series, score: float) -> float:
    """Percentile rank of ``score`` among ``values``: ``100 * (n_lower + n_equal / 2) / n``.

    Parameters
    ----------
    values : array-like of float
        The comparators' values; NaN are left out (and from ``n``).
    score : float
        The organisation's value.

    Returns
    -------
    float
        In [0, 100]; NaN when ``score`` is NaN or no comparator has a value.

    Notes
    -----
    ``n_lower`` comparators have a strictly lower value and ``n_equal`` the same value; ties count
    half (scipy's ``percentileofscore(kind="mean")``, used here). The organisation is not among
    ``values`` (exclude it first). A higher percentile means a higher value: for a pay gap, a
    larger gap in women's disfavour than most comparators.

    Examples
    --------
    >>> percentile_rank([1.0, 2.0, 3.0, 3.0, 4.0], 3.0)   # (2 + 2/2) / 5
    60.0
    >>> percentile_rank([1.0, 2.0], 0.5)
    0.0
    """
    array = np.asarray(values, dtype="float64")
    array = array[~np.isnan(array)]
    if np.isnan(score) or array.size == 0:
        return float("nan")
    return float(stats.percentileofscore(array, score, kind="mean"))


def benchmark(
    national: pd.DataFrame,
    values: Mapping[str, float] | None = None,
    *,
    organisation: str,
    reporting_year: str,
    comparator_sets: Sequence[ComparatorSet] = COMPARATOR_SETS,
    figures: Sequence[str] = HEADLINE_FIGURES,
    size_band: str | None = None,
    quantile_method: QuantileMethod = "linear",
) -> pd.DataFrame:
    """Where the organisation's figures sit in each comparator set's distribution for one year.

    For each comparator set and figure: n, median, Q1, Q3 of the comparators' values and the
    organisation's percentile rank ``100 * (n_lower + n_equal / 2) / n``.

    Parameters
    ----------
    national : DataFrame
        From :func:`read_national_gpg`.
    values : mapping of figure -> float, optional
        The organisation's figures for ``reporting_year`` (e.g. computed by ``eqlib.paygap``, in
        the service's field names). Default: its published figures in the national data for that
        year.
    organisation : str
        Its name in the national data; excluded from every comparator set.
    reporting_year : str
        Label such as ``"2026-27"``; compared with :func:`comparison_year` of it.
    comparator_sets : sequence of str
        Any of :data:`COMPARATOR_SETS` (default all five, in that order).
    figures : sequence of str
        Any of :data:`FIGURES` (default :data:`HEADLINE_FIGURES`).
    size_band : str, optional
        The organisation's ``EmployerSize`` band (see :func:`comparator_members`).
    quantile_method : {"linear", "hazen", "weibull", "median_unbiased"}
        Method of Q1 and Q3 (numpy's names; Hyndman & Fan types 7, 5, 6 and 8). "linear" is the
        default of numpy, pandas, R and Excel's QUARTILE.INC.

    Returns
    -------
    pandas.DataFrame
        One row per (comparator_set, figure), in the order given: ``reporting_year,
        comparison_year, comparison_partial, comparison_snapshot_date`` (public-sector snapshot of
        the comparison year), ``comparator_set, size_band`` (the band used, else ""), ``figure,
        value`` (the organisation's), ``n, median, q1, q3, percentile, n_lower, n_equal,
        n_higher``. Statistics of an empty set are NaN; ``percentile`` is NaN when ``value`` is.

    Raises
    ------
    ValueError
        For an unknown comparator set, figure or quantile method.
    DataError
        If ``values`` is omitted and the organisation has no filing in ``reporting_year``, or the
        comparison year cannot be found (see :func:`comparison_year`).

    Notes
    -----
    Bonus gaps of employers where nobody of one sex received a bonus are undefined and left out
    (module docstring); so is an organisation value that is NaN. Comparators with a missing value
    do not count in ``n``. With fewer than about 10 comparators the quartiles say little: show
    the members (:func:`comparator_members`) instead, as methodology §8 asks for combined
    authorities.

    References
    ----------
    Hyndman, R. J. and Fan, Y. (1996) "Sample quantiles in statistical packages", The American
    Statistician 50(4), 361-365.

    Examples
    --------
    >>> national = read_national_gpg()
    >>> table = benchmark(national, organisation="Liverpool City Region Combined Authority",
    ...                   reporting_year="2024-25", comparator_sets=["combined_authorities"],
    ...                   figures=["DiffMedianHourlyPercent"])
    >>> table[["comparison_year", "value", "n", "n_lower", "n_higher"]].to_numpy().tolist()
    [['2024-25', 7.72, 5, 4, 1]]
    """
    for name in comparator_sets:
        _check_option("comparator_set", name, COMPARATOR_SETS)
    for figure in figures:
        _check_option("figure", figure, FIGURES)
    _check_option("quantile_method", quantile_method, _QUANTILE_METHODS)
    year, partial = comparison_year(national, reporting_year)

    if values is None:
        own = national[(national["ReportingYear"] == reporting_year)
                       & _organisation_mask(national, organisation)]
        if own.empty:
            raise DataError(
                f"{organisation!r} has no published figures for {reporting_year} in the national "
                "data: pass its figures as values"
            )
        own_values = {f: float(_comparable(own, f).iloc[-1]) for f in figures}
    else:
        unknown = [k for k in values if k not in FIGURES]
        if unknown:
            raise ValueError(f"unknown figure name(s) in values: {', '.join(unknown)}; "
                             f"valid: {', '.join(FIGURES)}")
        own_values = {f: float(values.get(f, np.nan)) for f in figures}

    rows = []
    for name in comparator_sets:
        band = ""
        if name == "size_band":
            band = size_band or _organisation_size_band(national, organisation, year)
        members = comparator_members(national, name, reporting_year=year,
                                     organisation=organisation, size_band=band or None)
        for figure in figures:
            data = _comparable(members, figure).dropna().to_numpy()
            value = own_values[figure]
            n = int(data.size)
            if n:
                q1, q3 = np.quantile(data, [0.25, 0.75], method=quantile_method)
                median = float(np.median(data))
            else:
                q1 = q3 = median = np.nan
            known = not np.isnan(value)
            rows.append({
                "reporting_year": reporting_year,
                "comparison_year": year,
                "comparison_partial": partial,
                "comparison_snapshot_date": snapshot_date(year),
                "comparator_set": name,
                "size_band": band,
                "figure": figure,
                "value": value,
                "n": n,
                "median": median,
                "q1": float(q1),
                "q3": float(q3),
                "percentile": percentile_rank(data, value),
                "n_lower": int((data < value).sum()) if known else pd.NA,
                "n_equal": int((data == value).sum()) if known else pd.NA,
                "n_higher": int((data > value).sum()) if known else pd.NA,
            })
    table = pd.DataFrame(rows)
    for column in ("n_lower", "n_equal", "n_higher"):
        table[column] = table[column].astype("Int64")
    return table


def benchmark_by_year(
    national: pd.DataFrame,
    *,
    organisation: str,
    comparator_sets: Sequence[ComparatorSet] = COMPARATOR_SETS,
    figures: Sequence[str] = HEADLINE_FIGURES,
    quantile_method: QuantileMethod = "linear",
) -> pd.DataFrame:
    """:func:`benchmark` of the organisation's published figures in every year it filed.

    Parameters
    ----------
    national : DataFrame
        From :func:`read_national_gpg`.
    organisation : str
        Name in the national data.
    comparator_sets, figures, quantile_method
        As in :func:`benchmark`. The size band of each year is the organisation's own band that
        year.

    Returns
    -------
    pandas.DataFrame
        The :func:`benchmark` tables of each year, stacked in year order (partial years flagged in
        ``comparison_partial``); empty when the organisation never filed.

    Examples
    --------
    >>> national = read_national_gpg()
    >>> table = benchmark_by_year(national, organisation="Merseytravel",
    ...                           comparator_sets=["all_employers"], figures=["FemaleTopQuartile"])
    >>> table["reporting_year"].tolist()
    ['2017-18', '2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25']
    """
    history = organisation_history(organisation, national=national)
    tables = [
        benchmark(national, organisation=organisation, reporting_year=year,
                  comparator_sets=comparator_sets, figures=figures,
                  quantile_method=quantile_method)
        for year in history["ReportingYear"].unique()
    ]
    if not tables:
        return pd.DataFrame(columns=list(_BENCHMARK_COLUMNS))
    return pd.concat(tables, ignore_index=True)
