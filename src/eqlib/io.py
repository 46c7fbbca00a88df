"""Readers: from the organisation's CSV exports to validated, typed tables.

Terms
-----
input file
    ``<data_dir>/<kind>_<year>.csv`` for kind ``workforce``, ``applications``, ``events`` or
    ``boards`` (data.md §1).
processed tables
    The cleaned tables written as parquet to ``data/processed/<org>/<year>/`` (the contract is
    ``docs/data_dictionary.md``), shared by the analysis notebooks.

Tolerant where real exports vary: a UTF-8 byte-order mark, Windows-1252 text from Excel, column
names in any case with spaces, category values in any case and in short or long forms, UK
``DD/MM/YYYY`` dates, yes/no booleans. Strict where it matters: every problem in every file of the
year is collected and raised together as one :class:`eqlib.DataError` before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from eqlib import codes, plausibility, schema
from eqlib.accounting import RowAccounting
from eqlib.config import PROJECT_ROOT, Params, processed_dir
from eqlib.errors import DataError

KINDS = ("workforce", "applications", "events", "boards")
EQUALITY_COLUMNS = [
    "sex",
    "gender_identity_same_as_sex",
    "ethnicity_detailed",
    "ethnicity_broad",
    "ethnicity_binary",
    "disability",
    "religion",
    "sexual_orientation",
    "sexual_orientation_grouped",
    "marital_status",
    "caring_responsibilities",
    "age",
    "age_band",
    "ses_parental_occupation",
    "ses_class",
    "ses_school_type",
    "ses_free_school_meals",
    "ses_parental_degree",
]


@dataclass
class ReadResult:
    """A parsed input file: typed values, problems found, and notes for the log."""

    path: Path
    kind: str
    frame: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    raw: pd.DataFrame | None = None  # the cells as text, as written (quoted in messages)


def input_path(params: Params, kind: str, year: int) -> Path:
    """The input file of one kind (workforce, applications, events, boards) for a year."""
    return params.data_path / f"{kind}_{year}.csv"


def normalise_header(name: str) -> str:
    """Column name as matched: trimmed, lower case, inner spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", str(name).replace("\ufeff", "").strip()).casefold()


def encoding_of(data: bytes, shown: str) -> tuple[str, str | None]:
    """The encoding a CSV file's bytes are read in, and a note on it (None for plain UTF-8).

    Accepts UTF-8 (with or without a byte-order mark: ``utf-8-sig``) and Windows-1252 (Excel's
    "CSV" on Windows). Rejects an Excel workbook saved with a .csv name and UTF-16 files, saying
    what was found.
    """
    if data[:4] == b"PK\x03\x04":
        raise DataError(
            f"{shown} is an Excel workbook (.xlsx), not a CSV file, although its name ends in .csv. "
            "Open it in Excel and use File > Save As > 'CSV UTF-8 (Comma delimited)'.",
            file=shown,
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DataError(
            f"{shown} is an old Excel workbook (.xls), not a CSV file. Open it in Excel and use "
            "File > Save As > 'CSV UTF-8 (Comma delimited)'.",
            file=shown,
        )
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise DataError(
            f"{shown} is encoded as UTF-16 (Excel's 'Unicode text'); expected UTF-8. Save it as "
            "'CSV UTF-8 (Comma delimited)'.",
            file=shown,
        )
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        data.decode(encoding)  # only to check that it is UTF-8; the text is not kept
        return encoding, None
    except UnicodeDecodeError as exc:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            raise DataError(
                f"{shown}: cannot read the text at byte {exc.start}: it is neither UTF-8 nor "
                "Windows-1252. Save the file as 'CSV UTF-8 (Comma delimited)'.",
                file=shown,
            ) from None
        return "cp1252", f"{shown} was read as Windows-1252 (an Excel export), not UTF-8."


def read_table(path: Path, *, shown: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read a CSV file as text cells with normalised headers; raise DataError if unreadable."""
    shown = shown or path.name
    if path.is_symlink():
        # a link could point anywhere (/etc/passwd in a probe): inputs are ordinary files
        raise DataError(
            f"{shown} is a symbolic link (to {os.readlink(path)}), not an ordinary file: input "
            f"files are read only from {path.parent} itself. Copy the file there instead of "
            "linking it.",
            file=shown,
        )
    if not path.exists():
        raise DataError(f"file not found: {path}. Expected it in {path.parent}.", file=shown)
    if not path.is_file():
        raise DataError(
            f"{shown} is not an ordinary file (a folder, device or pipe): expected a CSV file.",
            file=shown,
        )
    data = path.read_bytes()
    if not data or data.isspace():  # isspace stops at the first other byte: no copy of the file
        raise DataError(
            f"{shown} is empty (0 rows): expected a header row and data rows.", file=shown
        )
    encoding, note = encoding_of(data, shown)
    # pandas parses the bytes as they are: the file's text is never held as a Python string (a
    # StringIO of it holds four bytes a character, 1.5 GB for a 380 MB file of 2.7 million rows)
    try:
        frame = pd.read_csv(
            _io.BytesIO(data),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=False,
            encoding=encoding,
        )
    except pd.errors.ParserError as exc:
        raise DataError(f"{shown} is not a readable CSV file: {exc}", file=shown) from None
    # the header as written: pandas renames a repeated name ('sex', 'sex.1'), which would hide it
    try:
        lines = _io.TextIOWrapper(_io.BytesIO(data), encoding=encoding, newline="")
        header = next(csv.reader(lines), [])
    except csv.Error as exc:  # e.g. a header cell beyond the csv module's 131,072 characters
        raise DataError(
            f"{shown}: the header row cannot be read ({exc}): is the file's layout broken?",
            file=shown,
        ) from None
    if len(header) == len(frame.columns):
        frame.columns = [normalise_header(c) for c in header]
    else:
        frame.columns = [normalise_header(c) for c in frame.columns]
    return frame, [note] if note else []


def read_input(path: Path, kind: str, params: Params, *, shown: str | None = None) -> ReadResult:
    """Read and parse one input file of ``kind`` (all problems collected, none raised but fatal
    ones such as a missing or unreadable file)."""
    shown = shown or path.name
    raw, notes = read_table(path, shown=shown)
    result = ReadResult(
        path=path, kind=kind, frame=pd.DataFrame(index=raw.index), notes=notes, rows_read=len(raw)
    )
    if len(raw) == 0:
        raise DataError(f"{shown} has a header row but no data rows.", file=shown)
    result.raw = raw
    spec = {c.name: c for c in schema.INPUTS[kind]}
    dupes = [c for c in raw.columns[raw.columns.duplicated()] if c != ""]
    for c in sorted(set(dupes)):
        where = [str(i + 1) for i, name in enumerate(raw.columns) if name == c]
        result.problems.append(
            f"column '{c}' appears more than once in the header (columns {', '.join(where)}): "
            "keep one (neither was read)."
        )
    for c in raw.columns:
        if c not in spec and c != "":
            result.notes.append(f"{shown}: unknown column '{schema.show_value(c)}' was ignored.")
    missing_required = [c.name for c in spec.values() if c.required and c.name not in raw.columns]
    if kind == "workforce" and "hourly_pay" not in raw.columns:
        missing_required += [c for c in ("pay_period_days", "ordinary_pay") if c not in raw.columns]
    for name in missing_required:
        limit = params["plausibility"]["max_text_length"]
        near = schema.closest(name, [c for c in raw.columns if len(c) <= limit])
        hint = f" Found a column '{near}': is it misspelt?" if near else ""
        result.problems.append(f"required column '{name}' is missing.{hint}")
    uk_rows: list[int] = []
    columns: dict[str, object] = {}  # the frame is built at once, not column by column
    for name, col in spec.items():
        if name not in raw.columns or name in dupes:
            columns[name] = col.default if col.default is not None else None
            continue
        text = schema.distinct_text(raw[name])  # once, for the parse and the blank check
        values, problems, uk = schema.parse_column(
            raw[name],
            col,
            grades=params["grades"],
            stages=params["funnel_stages"],
            directorates=params["directorates"],
            boards=params["boards"],
            max_length=params["plausibility"]["max_text_length"],
            text=text,
        )
        result.problems.extend(problems)
        uk_rows += uk
        if col.default is not None:
            values = values.where(values.notna(), col.default)
        if col.required and (blank := schema.blank_cells(raw[name], text=text)).any():
            result.problems.append(
                f"column '{name}', {schema.describe_rows(schema.row_numbers(raw.index[blank]))}: "
                f"value is blank; a value is required."
            )
        columns[name] = values
    result.frame = pd.DataFrame(columns, index=raw.index)
    if uk_rows:
        result.notes.append(
            f"{shown}: {len(uk_rows)} date(s) in UK form DD/MM/YYYY were read as day/month/year "
            f"(rows {', '.join(map(str, uk_rows[:5]))}{' ...' if len(uk_rows) > 5 else ''})."
        )
    present = [c for c in spec if c in raw.columns]
    try:
        schema.pandera_schema(kind, present).validate(result.frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        result.problems.extend(schema.describe_schema_errors(err, kind, raw))
    return result


# --------------------------------------------------------------------------------------------------
# Derived columns
# --------------------------------------------------------------------------------------------------
def service_band_labels(edges: list[float]) -> list[str]:
    """Labels of length-of-service bands from their lower edges: [0, 2, 5] -> <2, 2-5, 5+."""
    labels = [f"<{edges[1]:g}"] if len(edges) > 1 else []
    labels += [f"{a:g}-{b:g}" for a, b in zip(edges[1:], edges[2:], strict=False)]
    labels.append(f"{edges[-1]:g}+")
    return labels if len(edges) > 1 else [f"{edges[0]:g}+"]


def add_equality_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Derived equality columns: ethnicity levels, grouped orientation, age band, SES class.

    Every mapping here is a dictionary ``map``, a ``where`` or a ``searchsorted`` over whole
    columns (no Python call per row): at 100,000 rows per file, per-row lambdas were seconds.
    """
    out = frame.copy()
    nd = list(codes.NOT_DECLARED)

    def fill(series: pd.Series) -> pd.Series:
        return series.where(series.notna(), codes.NOT_KNOWN)

    eth = (
        fill(out.pop("ethnicity"))
        if "ethnicity" in out
        else pd.Series(codes.NOT_KNOWN, index=out.index)
    )
    out["ethnicity_detailed"] = eth
    broad = eth.map({**codes.ETHNICITY_DETAILED, **{v: v for v in nd}})
    if broad.isna().any():  # a label outside the code list (parsing never lets one through)
        raise KeyError(eth[broad.isna()].iloc[0])
    out["ethnicity_broad"] = broad
    out["ethnicity_binary"] = broad.where(
        broad.isin([*nd, "White British"]), codes.ETHNIC_MINORITY
    )
    for col in (
        "sex",
        "gender_identity_same_as_sex",
        "disability",
        "religion",
        "sexual_orientation",
        "marital_status",
        "caring_responsibilities",
    ):
        if col in out:
            out[col] = fill(out[col])
    if "sexual_orientation" in out:
        orientation = out["sexual_orientation"]
        out["sexual_orientation_grouped"] = orientation.where(
            orientation.isin([*nd, "Straight or heterosexual"]), codes.LGB_PLUS
        )
    if "age" in out:
        from_age = _age_bands(out["age"])
        if "age_band" in out:
            out["age_band"] = from_age.where(from_age.notna(), out["age_band"])
        else:
            out["age_band"] = from_age
        out["age_band"] = fill(out["age_band"])
    if "ses_parental_occupation" in out:
        ses = out["ses_parental_occupation"].replace({"not_known": None})
        out["ses_parental_occupation"] = ses
        ses_class = ses.map(codes.SES_CLASS_OF)
        out["ses_class"] = ses_class.where(ses_class.notna(), codes.NOT_KNOWN)
        for col in ("ses_school_type", "ses_free_school_meals", "ses_parental_degree"):
            if col in out:
                out[col] = fill(out[col])
    return out


def _age_bands(age: pd.Series) -> pd.Series:
    """:func:`eqlib.codes.age_band` of every age in whole years (truncated), None where missing.

    Raises ValueError, as ``codes.age_band`` does, for an age below the first band.
    """
    whole = np.trunc(age.to_numpy(dtype=float, na_value=np.nan))
    known = ~np.isnan(whole)
    lowest = codes.AGE_BAND_LOWER[0]
    if (whole[known] < lowest).any():
        first = int(whole[known][whole[known] < lowest][0])
        raise ValueError(f"age {first} is below {lowest}")
    # the band whose lower edge is the last one <= age
    band = np.searchsorted(codes.AGE_BAND_LOWER, np.where(known, whole, lowest), side="right") - 1
    labels = np.array(codes.AGE_BANDS, dtype=object)[band]
    return pd.Series(np.where(known, labels, None), index=age.index, dtype=object)


def hourly_pay_of(frame: pd.DataFrame) -> pd.Series:
    """Hourly pay of every row: ``hourly_pay`` where given, otherwise
    ``(ordinary_pay + bonus_pay_in_period) x 7 / pay_period_days / weekly_hours``
    (methodology §1.2)."""
    def number(column: str) -> pd.Series:
        return pd.to_numeric(frame[column], errors="coerce").astype(float)

    derived = (
        (number("ordinary_pay") + number("bonus_pay_in_period"))
        * 7
        / number("pay_period_days")
        / number("weekly_hours")
    )
    given = number("hourly_pay")
    return given.where(given.notna(), derived)


def _categorical(series: pd.Series, order: list[str]) -> pd.Series:
    return pd.Categorical(series, categories=order, ordered=True)


def enrich_workforce(
    frame: pd.DataFrame, params: Params, year: int, snapshot: pd.Timestamp
) -> pd.DataFrame:
    """Derived workforce columns of docs/data_dictionary.md (grade band, service, pay, FPRE...)."""
    out = add_equality_columns(frame)
    out.insert(1, "year", year)
    out["age"] = out["age"].astype("Int64")
    band_of = params.grade_band_of
    out["grade_band"] = _categorical(out["grade"].map(band_of), list(params["grade_bands"]))
    out["grade"] = _categorical(out["grade"], list(params["grades"]))
    out["service_years"] = (snapshot - out["start_date"]).dt.days / 365.25
    edges = params["service_bands"]
    labels = service_band_labels(edges)
    out["service_band"] = pd.cut(
        out["service_years"], bins=[*edges, np.inf], right=False, labels=labels
    ).astype(object)
    out["part_time"] = out["weekly_hours"] < params["full_time_hours"]
    out["hourly_pay"] = hourly_pay_of(out)
    out["reduced_pay_leave"] = out["reduced_pay_leave"].astype(bool)
    out["full_pay_relevant"] = ~out["reduced_pay_leave"]
    prog = params["programme"]
    if out["programme_eligible"].isna().all():
        eligible = out["grade"].isin(prog["eligible_grades"])
        in_target = pd.Series(False, index=out.index)
        for characteristic, groups in prog["target_groups"].items():
            if characteristic in out:
                in_target |= out[characteristic].isin(groups)
        out["programme_eligible"] = eligible & in_target
    else:
        out["programme_eligible"] = (
            out["programme_eligible"].astype("boolean").fillna(False).astype(bool)
        )
    return out


# --------------------------------------------------------------------------------------------------
# A year's inputs
# --------------------------------------------------------------------------------------------------
@dataclass
class YearData:
    """The validated tables of one snapshot year.

    ``packed``: tables held as the parquet bytes :func:`write_processed` writes instead of as data
    frames (:meth:`pack`): a table the run only has to write out then takes a fraction of the
    memory (an earlier year's applications and events at 1,000,000 staff: gigabytes as frames).
    """

    year: int
    snapshot: pd.Timestamp
    tables: dict[str, pd.DataFrame]
    notes: list[str]
    accounting: RowAccounting
    packed: dict[str, bytes] = field(default_factory=dict)

    def pack(self, keep: Sequence[str]) -> None:
        """Hold every table but those named in ``keep`` as parquet bytes (see ``packed``)."""
        for name in [n for n in self.tables if n not in keep]:
            buffer = _io.BytesIO()
            self.tables.pop(name).to_parquet(buffer, index=False)
            self.packed[name] = buffer.getvalue()

    def rows(self) -> dict[str, int]:
        """Rows of every table, held as a frame or packed."""
        import pyarrow.parquet as pq  # noqa: PLC0415 (pandas imports it only to write parquet)

        counts = {name: len(frame) for name, frame in self.tables.items()}
        for name, data in self.packed.items():
            counts[name] = pq.read_metadata(_io.BytesIO(data)).num_rows
        return counts


def snapshot_of(params: Params, year: int) -> pd.Timestamp:
    """Snapshot date of ``year``: the params snapshot's month and day in that year."""
    return pd.Timestamp(params.snapshot.replace(year=year))


def _row_check(
    problems: list[str], frame: pd.DataFrame, mask: pd.Series, column: str, message: str
) -> None:
    if mask.any():
        values = sorted(
            {
                str(v.date()) if isinstance(v, pd.Timestamp) else str(v)
                for v in frame.loc[mask, column]
            }
        )[:5]
        problems.append(
            f"column '{column}', "
            f"{schema.describe_rows(schema.row_numbers(frame.index[mask]))}: "
            f"value(s) {', '.join(values)} - {message}"
        )


def _pay_plausibility(result: ReadResult, params: Params) -> tuple[list[str], list[str]]:
    """:func:`eqlib.plausibility.implausible_pay` and :func:`eqlib.plausibility.implausible_bonus` of a
    workforce file with the params rules."""
    wf = result.frame
    if result.raw is None or "employee_id" not in result.raw.columns:
        return [], []
    hourly = hourly_pay_of(wf)
    source = np.where(pd.to_numeric(wf["hourly_pay"], errors="coerce").notna(), "hourly_pay",
                      "ordinary_pay")
    present = pd.Series(source, index=wf.index).isin(result.raw.columns)
    rules = params["plausibility"]
    on_leave = wf["reduced_pay_leave"].where(wf["reduced_pay_leave"].notna(), False).astype(bool)
    problems, notes = plausibility.implausible_pay(
        hourly.where(present),
        full_pay_relevant=~on_leave,
        ids=wf["employee_id"],
        column=pd.Series(source, index=wf.index),
        raw=result.raw,
        minimum_wage=rules["minimum_wage"],
        lowest_share_of_minimum_wage=rules["lowest_share_of_minimum_wage"],
        highest_multiple_of_median=rules["highest_multiple_of_median"],
        allowed_pay=rules["allowed_pay"],
    )
    if "bonus_pay_12m" in result.raw.columns:
        more, allowed = plausibility.implausible_bonus(
            pd.to_numeric(wf["bonus_pay_12m"], errors="coerce"),
            hourly=hourly.where(present),
            weekly_hours=pd.to_numeric(wf["weekly_hours"], errors="coerce"),
            full_pay_relevant=~on_leave,
            ids=wf["employee_id"],
            raw=result.raw,
            highest_bonus_multiple_of_pay=rules["highest_bonus_multiple_of_pay"],
            allowed_pay=rules["allowed_pay"],
        )
        problems, notes = problems + more, notes + allowed
    return problems, notes


def _window_check(
    problems: list[str], frame: pd.DataFrame, column: str, snapshot: pd.Timestamp, what: str
) -> None:
    start = snapshot - pd.DateOffset(years=1)
    outside = frame[column].notna() & ((frame[column] <= start) | (frame[column] > snapshot))
    _row_check(
        problems,
        frame,
        outside,
        column,
        f"{what} must be in the year to the snapshot date "
        f"({(start + pd.Timedelta(days=1)).date()} to {snapshot.date()}).",
    )


def load_year(
    params: Params,
    year: int,
    *,
    previous: pd.DataFrame | None = None,
    kinds: tuple[str, ...] = KINDS,
) -> YearData:
    """Read, validate and derive every input of one snapshot year.

    Parameters
    ----------
    params
        Validated parameters (data_dir, grades, stages, snapshot date...).
    year
        Snapshot year; files are ``<kind>_<year>.csv``.
    previous
        The previous year's processed workforce, used to match events of people who left during
        the year. When None and ``workforce_<year-1>.csv`` exists it is read (without its own
        events).
    kinds
        Which inputs to read (workforce is always read).

    Raises
    ------
    DataError
        Listing every problem in every file, before anything is written.
    """
    snapshot = snapshot_of(params, year)
    problems: list[str] = []
    notes: list[str] = []
    results: dict[str, ReadResult] = {}
    for kind in ("workforce", *[k for k in kinds if k != "workforce"]):
        path = input_path(params, kind, year)
        shown = str(path.relative_to(PROJECT_ROOT) if PROJECT_ROOT in path.parents else path)
        try:
            res = read_input(path, kind, params, shown=shown)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        results[kind] = res
        notes.extend(res.notes)
        problems.extend(f"{shown}: {p}" for p in res.problems)

    accounting = RowAccounting()
    tables: dict[str, pd.DataFrame] = {}
    if "workforce" in results:
        # checked even when other cells have problems, so check-data lists everything at once
        implausible, allowances = _pay_plausibility(results["workforce"], params)
        results["workforce"].problems.extend(implausible)
        path = results["workforce"].path
        shown = str(path.relative_to(PROJECT_ROOT) if PROJECT_ROOT in path.parents else path)
        problems.extend(f"{shown}: {p}" for p in implausible)
        notes.extend(f"{shown}: {n}" for n in allowances)
    if "workforce" in results and not results["workforce"].problems:
        wf = results["workforce"].frame
        shown = results["workforce"].path.name
        extra: list[str] = []
        _row_check(
            extra,
            wf,
            wf["start_date"] > snapshot,
            "start_date",
            f"a start date after the snapshot date {snapshot.date()}.",
        )
        no_pay = wf["hourly_pay"].isna() & (
            wf["ordinary_pay"].isna() | wf["pay_period_days"].isna()
        )
        _row_check(
            extra,
            wf,
            no_pay,
            "hourly_pay",
            "no pay: give hourly_pay, or both ordinary_pay and pay_period_days.",
        )
        fpre_zero = ~wf["reduced_pay_leave"].astype(bool) & (
            (wf["ordinary_pay"].fillna(1) == 0) & wf["hourly_pay"].isna()
        )
        _row_check(
            extra,
            wf,
            fpre_zero,
            "ordinary_pay",
            "zero pay for someone not on reduced-pay leave (reduced_pay_leave is false); "
            "expected pay > 0, or reduced_pay_leave true.",
        )
        problems.extend(f"{shown}: {p}" for p in extra)
        if not extra:
            tables["workforce"] = enrich_workforce(wf, params, year, snapshot)
    if previous is None and "events" in results:
        prev_path = input_path(params, "workforce", year - 1)
        if prev_path.exists():
            prev = load_year(params, year - 1, kinds=("workforce",))
            previous = prev.tables["workforce"]

    if "applications" in results and not results["applications"].problems:
        app = results["applications"].frame
        extra = []
        _window_check(extra, app, "applied_date", snapshot, "applications")
        problems.extend(f"{results['applications'].path.name}: {p}" for p in extra)
        if not extra:
            out = add_equality_columns(app)
            out.insert(1, "year", year)
            out["vacancy_grade"] = _categorical(out["vacancy_grade"], list(params["grades"]))
            out["stage_reached"] = _categorical(out["stage_reached"], list(params["funnel_stages"]))
            for col in ("withdrawn", "internal", "guaranteed_interview"):
                out[col] = out[col].astype(bool)
            tables["applications"] = out
    if "boards" in results and not results["boards"].problems:
        out = add_equality_columns(results["boards"].frame)
        out.insert(1, "year", year)
        out["voting"] = out["voting"].astype(bool)
        tables["boards"] = out
    if "events" in results and not results["events"].problems and "workforce" in tables:
        ev, extra = match_events(
            results["events"].frame, tables["workforce"], previous, year, snapshot
        )
        problems.extend(f"{results['events'].path.name}: {p}" for p in extra)
        if not extra:
            tables["events"] = ev

    if problems:
        raise DataError(problems)

    wf = tables["workforce"]
    accounting.step(
        input="workforce",
        year=year,
        population="rows read",
        step="file read",
        rows_in=results["workforce"].rows_read,
        kept=len(wf),
    )
    accounting.step(
        input="workforce",
        year=year,
        population="relevant employees",
        step="employed on the snapshot date",
        rows_in=len(wf),
        kept=len(wf),
    )
    accounting.split(
        wf["full_pay_relevant"],
        input="workforce",
        year=year,
        population="full-pay relevant employees",
        step="relevant -> full-pay relevant",
        reason="on reduced or nil pay because of leave",
    )
    accounting.split(
        wf["bonus_pay_12m"] > 0,
        input="workforce",
        year=year,
        population="bonus recipients",
        step="relevant -> received a bonus",
        reason="no bonus in the 12 months to the snapshot",
    )
    if "applications" in tables:
        app = tables["applications"]
        accounting.step(
            input="applications",
            year=year,
            population="applications",
            step="file read",
            rows_in=results["applications"].rows_read,
            kept=len(app),
        )
        stages = list(params["funnel_stages"])
        reached = app["stage_reached"].cat.codes
        for i, stage in enumerate(stages[1:], start=1):
            at_prev = reached >= i - 1
            n_prev = int(at_prev.sum())
            withdrew = int((at_prev & (reached == i - 1) & app["withdrawn"]).sum())
            stopped = int((at_prev & (reached == i - 1) & ~app["withdrawn"]).sum())
            accounting.step(
                input="applications",
                year=year,
                population=f"reached {stage}",
                step=f"{stages[i - 1]} -> {stage}",
                rows_in=n_prev,
                kept=int((reached >= i).sum()),
                excluded={
                    f"withdrew at {stages[i - 1]}": withdrew,
                    f"not progressed beyond {stages[i - 1]}": stopped,
                },
            )
    if "events" in tables:
        ev = tables["events"]
        accounting.step(
            input="events",
            year=year,
            population="events",
            step="file read",
            rows_in=results["events"].rows_read,
            kept=len(ev),
        )
        accounting.step(
            input="events",
            year=year,
            population="events matched to a person",
            step="matched to a snapshot or carrying equality fields",
            rows_in=len(ev),
            kept=int((ev["matched"] != "events_only").sum()),
            excluded={
                "person in no snapshot (equality fields from events file)": int(
                    (ev["matched"] == "events_only").sum()
                )
            },
        )
    if "boards" in tables:
        accounting.step(
            input="boards",
            year=year,
            population="board members",
            step="file read",
            rows_in=results["boards"].rows_read,
            kept=len(tables["boards"]),
        )
    return YearData(year=year, snapshot=snapshot, tables=tables, notes=notes, accounting=accounting)


def match_events(
    events: pd.DataFrame,
    workforce: pd.DataFrame,
    previous: pd.DataFrame | None,
    year: int,
    snapshot: pd.Timestamp,
) -> tuple[pd.DataFrame, list[str]]:
    """Attach each event to its person: this year's snapshot, else last year's, else the event
    row's own equality fields (someone who joined and left within the year)."""
    problems: list[str] = []
    _window_check(problems, events, "event_date", snapshot, "events")
    now = workforce["employee_id"]
    before = previous["employee_id"] if previous is not None else pd.Series(dtype=object)
    matched = np.where(
        events["employee_id"].isin(now),
        f"workforce_{year}",
        np.where(events["employee_id"].isin(before), f"workforce_{year - 1}", "events_only"),
    )
    own = events["sex"].notna() & events["sex"].isin(codes.SEX)
    unknown = (matched == "events_only") & ~own
    if unknown.any():
        ids = sorted(events.loc[unknown, "employee_id"].astype(str).unique())
        problems.append(
            f"column 'employee_id', {schema.describe_rows(schema.row_numbers(events.index[unknown]))}: "
            f"employee(s) {', '.join(ids[:5])}{' ...' if len(ids) > 5 else ''} are in neither "
            f"workforce_{year}.csv nor workforce_{year - 1}.csv, and the row has no equality fields "
            "(sex at least), which are needed for someone who joined and left within the year."
        )
    training_no_flag = (events["event_type"] == "training") & events["mandatory"].isna()
    _row_check(
        problems,
        events,
        training_no_flag,
        "mandatory",
        "training events need mandatory true or false (WRES counts non-mandatory training).",
    )
    if problems:
        return events, problems
    out = events.copy()
    out["matched"] = matched
    eq_cols = [c for c in EQUALITY_COLUMNS if c in workforce.columns]
    person_cols = ["employee_id", *eq_cols, "grade"]
    lookup = workforce[person_cols]
    if previous is not None:
        lookup = pd.concat([lookup, previous.loc[~previous["employee_id"].isin(now), person_cols]])
    # the event row's own equality fields are used only for someone in neither snapshot
    only = matched == "events_only"
    own_eq = add_equality_columns(out.loc[only].drop(columns=["matched"]))
    merged = out[
        ["employee_id", "event_type", "event_date", "mandatory", "detail", "matched"]
    ].merge(lookup, on="employee_id", how="left")
    merged.index = out.index
    for col in eq_cols:
        if col in own_eq:
            merged[col] = merged[col].where(~only, own_eq[col].reindex(merged.index))
    merged["grade"] = merged["grade"].astype(object)
    merged.insert(1, "year", year)
    return merged, []


# --------------------------------------------------------------------------------------------------
# Processed tables
# --------------------------------------------------------------------------------------------------
def write_processed(data: YearData, params: Params) -> Path:
    """Write a year's validated tables as parquet to ``data/processed/<org>/<year>/``."""
    folder = processed_dir(params, data.year)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in data.tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    for name, packed in data.packed.items():
        (folder / f"{name}.parquet").write_bytes(packed)
    return folder


def read_processed(params: Params, name: str, year: int | None = None) -> pd.DataFrame:
    """A processed table (``workforce``, ``applications``, ``events``, ``boards``) of a year."""
    path = processed_dir(params, year) / f"{name}.parquet"
    if not path.exists():
        raise DataError(
            f"processed table not found: {path}. Run the data-quality notebook first "
            f"(make check-data YEAR={year or params['year']})."
        )
    return pd.read_parquet(path)


def read_years(params: Params, names: Sequence[str]) -> dict[int, dict[str, pd.DataFrame]]:
    """The processed tables ``names`` of every snapshot year analysed (``params.years``).

    The one input shape of every topic's ``run(params, data)``: ``data[year][name]``. Each
    topic names what it reads in its ``INPUTS``.

    Raises
    ------
    DataError
        When a year's table has not been processed (see :func:`read_processed`).
    """
    return {year: {name: read_processed(params, name, year) for name in names}
            for year in params.years}
