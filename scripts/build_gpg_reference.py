"""Build ``data/reference/gpg_national/``: a compact copy of the national GPG open data.

Reads the GOV.UK Gender Pay Gap Service downloads in ``<shared data>/gpg/uk_gpg_*.csv`` (one file
per reporting year, see ``../shared/data/SOURCES.md``) and writes, per reporting year, one
gzip-compressed CSV ``gpg_national_<YYYY-YY>.csv.gz`` with the same columns (only those the
benchmark needs), one row per employer. One file per year keeps every file far below the
repository's 2 MB limit (all years in one gzip file would be 3.3 MB) and lets a new year be added
without rewriting the others. ``eqlib.national_gpg.read_national_gpg`` reads them all.

    .venv/bin/python scripts/build_gpg_reference.py [SHARED_DATA_DIR]

``SHARED_DATA_DIR`` defaults to ``../shared/data`` relative to the project root. A user's clone has
no ``../shared``, which is why the built files are committed; this script documents and reproduces
them.

What the script does (each rule is stated in ``data/reference/gpg_national_README.md`` too):

* Reporting year from the file name (``uk_gpg_2024_25.csv`` -> ``"2024-25"``); ``partial`` is True
  for the files named ``*_PARTIAL.csv`` (2018-19 and 2023-24: downloads taken before the deadline).
* ``sector`` (public/private/unknown) and ``sector_basis``: a ``DueDate`` of 31 March
  (public-sector deadline, one year after the 31 March snapshot) or 5 April (private) when the
  file's DueDate distinguishes them; otherwise SIC code ``1`` (the service's code for public
  bodies; in every year with both fields it always goes with a public-sector DueDate); otherwise
  the sector of the same EmployerId, then of the same employer name, in the nearest year whose
  DueDate tells.
* ``snapshot_date``: public sector 31 March of the first year of the reporting year ("2024-25" ->
  2024-03-31, Equality Act 2010 (Specific Duties and Public Authorities) Regulations 2017, Sch. 1),
  private sector 5 April (2024-04-05, Gender Pay Gap Information Regulations 2017); blank when the
  sector is unknown.
* Figures as numbers: the text is parsed after stripping whitespace (the 2019-20 file has a leading
  tab before some negative values); blank stays blank. Written as the shortest decimal that reads
  back as the same float (Python ``repr``), so no published value changes; ``-0`` is written ``0``.
* ``SicCodes``: the codes split on commas/whitespace/newlines, duplicates removed, sorted
  numerically, joined with ``,`` (``"1,<CR><LF>84110"`` -> ``"1,84110"``).
* ``DateSubmitted`` as ISO 8601 at the published precision (``2023-01-16T11:34:42``; the 2024-25
  file has no seconds: ``2025-03-21T09:17``). ``SubmittedAfterTheDeadline`` as ``True``/``False``
  (the 2024-25 file's ``TRUE``/``FALSE`` normalised).
* ``EmployerName`` with surrounding whitespace removed (otherwise verbatim).
* Duplicate filings: within one reporting year, rows with the same EmployerId (or, in the years
  without EmployerId, the same name compared case-insensitively with whitespace collapsed) are one
  employer; the row with the latest DateSubmitted is kept, and when dates are missing or equal the
  row that comes last in the source file. The dropped rows are listed on standard output.
* Rows sorted by EmployerName, EmployerId, CompanyNumber; gzip with no timestamp and no file name,
  so the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import math
import re
import sys
from pathlib import Path

import pandas as pd

from eqlib.config import PROJECT_ROOT
from eqlib.paygap import GPG_FIELDS

OUTPUT = Path("data/reference/gpg_national")

#: The 14 GOV.UK service fields (one definition: eqlib.paygap.GPG_FIELDS).
FIGURE_COLUMNS: tuple[str, ...] = GPG_FIELDS

OUTPUT_COLUMNS: tuple[str, ...] = (
    "ReportingYear",
    "partial",
    "sector",
    "sector_basis",
    "snapshot_date",
    "EmployerName",
    "EmployerId",
    "CompanyNumber",
    "SicCodes",
    *FIGURE_COLUMNS,
    "EmployerSize",
    "SubmittedAfterTheDeadline",
    "DateSubmitted",
    "source_file",
)

_FILE_RE = re.compile(r"^uk_gpg_(\d{4})_(\d{2})(_PARTIAL)?\.csv$")
# DueDate/DateSubmitted layouts found in the files: (regex, strptime format, has seconds)
_DATE_LAYOUTS: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(r"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}$"), "%Y/%m/%d %H:%M:%S", True),
    (re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$"), "%d/%m/%Y %H:%M:%S", True),
    (re.compile(r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$"), "%d-%m-%Y %H:%M", False),
)


def parse_datetime(text: str) -> tuple[dt.datetime | None, bool]:
    """Parse one DueDate/DateSubmitted value; return (datetime or None, has seconds)."""
    text = text.strip()
    if not text:
        return None, True
    for pattern, fmt, seconds in _DATE_LAYOUTS:
        if pattern.match(text):
            return dt.datetime.strptime(text, fmt), seconds
    raise ValueError(f"unrecognised date layout: {text!r}")


def iso_datetime(text: str) -> str:
    """``DateSubmitted`` text -> ISO 8601 at the published precision ('' when blank)."""
    value, seconds = parse_datetime(text)
    if value is None:
        return ""
    return value.isoformat(timespec="seconds" if seconds else "minutes")


def parse_figure(text: str) -> float:
    """A published figure (text) -> float; blank -> NaN."""
    text = text.strip()
    if not text:
        return math.nan
    return float(text)


def format_figure(value: float) -> str:
    """Shortest text that reads back as the same float; NaN -> ''; -0 -> '0'; 12.0 -> '12'."""
    if math.isnan(value):
        return ""
    if value == 0:
        return "0"
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def normalise_sic(text: str) -> str:
    """``"1,\\r\\n84110"`` -> ``"1,84110"``: codes deduplicated and sorted numerically."""
    codes = {c for c in re.split(r"[,\s]+", text) if c}
    return ",".join(sorted(codes, key=lambda c: (int(c) if c.isdigit() else math.inf, c)))


def parse_bool(text: str) -> str:
    value = text.strip().lower()
    if value not in ("true", "false"):
        raise ValueError(f"SubmittedAfterTheDeadline is {text!r}, expected True/False")
    return "True" if value == "true" else "False"


def due_date_sector(text: str) -> str:
    """'public' for a 31 March DueDate, 'private' for 5 April, '' otherwise (e.g. 2020-21's
    single extended deadline of 6 October 2021)."""
    value, _ = parse_datetime(text)
    if value is None:
        return ""
    if (value.month, value.day) == (3, 31):
        return "public"
    if (value.month, value.day) == (4, 5):
        return "private"
    return ""


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def read_year(path: Path) -> pd.DataFrame:
    """One source file -> the output columns (before sector propagation and deduplication)."""
    match = _FILE_RE.match(path.name)
    if not match:
        raise ValueError(f"{path.name}: not a uk_gpg_YYYY_YY[_PARTIAL].csv file")
    first, second, partial = match.groups()
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    out = pd.DataFrame(index=raw.index)
    out["ReportingYear"] = f"{first}-{second}"
    out["first_year"] = int(first)
    out["partial"] = "True" if partial else "False"
    out["EmployerName"] = raw["EmployerName"].str.strip()
    out["EmployerId"] = raw["EmployerId"].str.strip() if "EmployerId" in raw else ""
    out["CompanyNumber"] = raw["CompanyNumber"].str.strip()
    out["SicCodes"] = raw["SicCodes"].map(normalise_sic)
    for column in FIGURE_COLUMNS:
        out[column] = raw[column].map(parse_figure)
    out["EmployerSize"] = raw["EmployerSize"].str.strip()
    out["SubmittedAfterTheDeadline"] = raw["SubmittedAfterTheDeadline"].map(parse_bool)
    if "DateSubmitted" in raw:
        out["DateSubmitted"] = raw["DateSubmitted"].map(iso_datetime)
        out["due_sector"] = raw["DueDate"].map(due_date_sector)
    else:
        out["DateSubmitted"] = ""
        out["due_sector"] = ""
    out["source_file"] = path.name
    out["source_row"] = range(len(raw))
    return out


def assign_sector(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``sector``, ``sector_basis`` and ``snapshot_date`` (rules in the module docstring)."""
    frame = frame.copy()
    sector = frame["due_sector"].copy()
    basis = pd.Series("", index=frame.index)
    basis[sector != ""] = "due_date"
    sic1 = frame["SicCodes"].str.split(",").map(lambda codes: "1" in codes)
    use = (sector == "") & sic1
    sector[use] = "public"
    basis[use] = "sic_code_1"

    known = frame[frame["due_sector"] != ""]
    for key_name, key in (
        ("EmployerId", frame["EmployerId"]),
        ("EmployerName", frame["EmployerName"].map(name_key)),
    ):
        known_key = key[known.index]
        lookup = pd.DataFrame(
            {"key": known_key, "year": known["first_year"], "sector": known["due_sector"]}
        )
        lookup = lookup[lookup["key"] != ""]
        todo = frame.index[(sector == "") & (key != "")]
        grouped = {k: g for k, g in lookup.groupby("key", sort=False)}
        for i in todo:
            candidates = grouped.get(key[i])
            if candidates is None:
                continue
            year = frame.at[i, "first_year"]
            # nearest year; ties -> the later year (a later filing is the better guide)
            order = sorted(
                zip(candidates["year"], candidates["sector"], strict=True),
                key=lambda t: (abs(t[0] - year), -t[0]),
            )
            sector[i] = order[0][1]
            basis[i] = f"other_year_{'id' if key_name == 'EmployerId' else 'name'}"

    frame["sector"] = sector.replace("", "unknown")
    frame["sector_basis"] = basis
    snapshot = pd.Series("", index=frame.index)
    public = frame["sector"] == "public"
    private = frame["sector"] == "private"
    snapshot[public] = frame.loc[public, "first_year"].map(lambda y: f"{y}-03-31")
    snapshot[private] = frame.loc[private, "first_year"].map(lambda y: f"{y}-04-05")
    frame["snapshot_date"] = snapshot
    return frame


def drop_duplicates(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Resolve duplicate filings; return (kept rows, dropped rows).

    Key: ReportingYear + EmployerId, or ReportingYear + name (case-insensitive, whitespace
    collapsed) where the file has no EmployerId. Keep the latest DateSubmitted; when dates are
    missing or equal, the row that comes last in the source file.
    """
    key = frame["EmployerId"].where(frame["EmployerId"] != "", "name:" + frame["EmployerName"].map(
        name_key
    ))
    submitted = pd.to_datetime(frame["DateSubmitted"].replace("", None), format="ISO8601")
    work = frame.assign(_key=key, _submitted=submitted)
    work = work.sort_values(
        ["ReportingYear", "_key", "_submitted", "source_row"], na_position="first", kind="stable"
    )
    last = ~work.duplicated(["ReportingYear", "_key"], keep="last")
    kept = work[last].drop(columns=["_key", "_submitted"])
    dropped = work[~last].drop(columns=["_key", "_submitted"])
    return kept, dropped


def gzip_csv(table: pd.DataFrame) -> bytes:
    """The output CSV text of ``table`` (figures formatted), gzip-compressed deterministically."""
    text = table.copy()
    for column in FIGURE_COLUMNS:
        text[column] = text[column].map(format_figure)
    buffer = io.StringIO()
    text.to_csv(buffer, index=False, lineterminator="\n")
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))
    return raw.getvalue()


def build(shared_data: Path) -> tuple[dict[str, bytes], pd.DataFrame, pd.DataFrame]:
    """Return ({file name: gzip bytes}, the output table, the dropped duplicate rows)."""
    files = sorted((shared_data / "gpg").glob("uk_gpg_*.csv"))
    if not files:
        raise FileNotFoundError(f"no uk_gpg_*.csv files in {shared_data / 'gpg'}")
    frame = pd.concat([read_year(f) for f in files], ignore_index=True)
    frame = assign_sector(frame)
    kept, dropped = drop_duplicates(frame)
    kept = kept.sort_values(
        ["ReportingYear", "EmployerName", "EmployerId", "CompanyNumber", "source_row"],
        kind="stable",
    )
    table = kept[list(OUTPUT_COLUMNS)].reset_index(drop=True)
    outputs = {
        f"gpg_national_{year}.csv.gz": gzip_csv(part)
        for year, part in table.groupby("ReportingYear", sort=True)
    }
    return outputs, table, dropped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "shared_data",
        nargs="?",
        default=str(PROJECT_ROOT.parent / "shared" / "data"),
        help="the shared data folder holding gpg/ (default: ../shared/data from the project root)",
    )
    parser.add_argument(
        "--output", default=str(PROJECT_ROOT / OUTPUT), help="folder to write the files into"
    )
    args = parser.parse_args(argv)
    outputs, table, dropped = build(Path(args.shared_data))
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("gpg_national_*.csv.gz"):
        if stale.name not in outputs:
            stale.unlink()
    print(f"wrote {len(table)} rows to {folder}/:")
    for name, data in outputs.items():
        (folder / name).write_bytes(data)
        year = name.removeprefix("gpg_national_").removesuffix(".csv.gz")
        rows = table[table["ReportingYear"] == year]
        part = " (PARTIAL)" if rows["partial"].iat[0] == "True" else ""
        print(f"  {name}: {len(rows)} rows, {len(data):,} bytes{part}")
    print("sector basis:", table.groupby(["sector", "sector_basis"]).size().to_dict())
    print(f"duplicate filings dropped: {len(dropped)}")
    for _, row in dropped.iterrows():
        print(
            f"  {row.ReportingYear} {row.EmployerName!r} EmployerId={row.EmployerId or '-'} "
            f"DateSubmitted={row.DateSubmitted or '-'} "
            f"({row.source_file} data row {row.source_row + 1})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
