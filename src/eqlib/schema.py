"""Input schemas: the columns of each input file, how raw text is read, and the pandera checks.

Terms
-----
input kind
    ``workforce``, ``applications``, ``events`` or ``boards`` (data.md §1).
column spec
    A :class:`Column`: name, type, whether required, allowed values (a code list from
    :mod:`eqlib.codes` or params) and range. Column names in files are matched case-insensitively
    after trimming spaces (and spaces inside become underscores).
problem
    One readable line about one column and one kind of fault, naming the file, the row numbers as a
    spreadsheet shows them (the header is row 1), the column, the offending value(s) and what was
    expected; a misspelt category gets the closest valid value.

Reading is in two steps. :func:`parse_column` turns text into typed values (numbers, dates,
booleans, canonical category labels) and reports what cannot be read; the pandera schema of
:func:`pandera_schema` then checks the typed values (ranges, uniqueness, code lists) lazily, so every
problem in a file is reported at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa

from eqlib import codes

Kind = Literal["text", "int", "float", "date", "bool", "category"]
MAX_ROWS_SHOWN = 5


@dataclass(frozen=True)
class Column:
    """Specification of one input column."""

    name: str
    kind: Kind
    required: bool = False
    code_list: str | None = None  # key of category_aliases(), for kind "category"
    min: float | None = None
    min_inclusive: bool = True
    max: float | None = None
    default: object = None  # value used when the column is absent or the cell blank
    description: str = ""


_EQUALITY = (
    Column("sex", "category", code_list="sex_optional"),
    Column("gender_identity_same_as_sex", "category", code_list="yes_no"),
    Column("ethnicity", "category", code_list="ethnicity"),
    Column("disability", "category", code_list="disability"),
    Column("religion", "category", code_list="religion"),
    Column("sexual_orientation", "category", code_list="sexual_orientation"),
    Column("marital_status", "category", code_list="marital_status"),
    Column("age", "int", min=16, max=100),
    Column("caring_responsibilities", "category", code_list="yes_no"),
    Column("ses_parental_occupation", "category", code_list="ses"),
    # tabulated as given: code lists, so no free text reaches a published table
    Column("ses_school_type", "category", code_list="ses_school_type"),
    Column("ses_free_school_meals", "category", code_list="ses_free_school_meals"),
    Column("ses_parental_degree", "category", code_list="ses_parental_degree"),
)


def _with(columns: Iterable[Column], **overrides: Column) -> tuple[Column, ...]:
    return tuple(overrides.get(c.name, c) for c in columns)


WORKFORCE: tuple[Column, ...] = (
    Column("employee_id", "text", required=True),
    *_with(
        _EQUALITY,
        sex=Column("sex", "category", required=True, code_list="sex"),
        age=Column("age", "int", required=True, min=16, max=100),
    ),
    Column("grade", "category", required=True, code_list="grade"),
    # published as a level of tables: one of params `directorates` (no free text published)
    Column("directorate", "category", required=True, code_list="directorate"),
    Column("job_family", "text"),
    Column("start_date", "date", required=True),
    Column("contract_type", "category", code_list="contract_type"),
    Column("weekly_hours", "float", required=True, min=0, min_inclusive=False, max=100),
    Column("pay_period_days", "int", min=1, max=31),
    Column("ordinary_pay", "float", min=0),
    Column("bonus_pay_in_period", "float", min=0, default=0.0),
    Column("hourly_pay", "float", min=0, min_inclusive=False),
    Column("bonus_pay_12m", "float", min=0, default=0.0),
    Column("reduced_pay_leave", "bool", default=False),
    Column("work_location", "text"),
    Column("programme", "text"),
    Column("programme_eligible", "bool"),
    Column("programme_start", "date"),
)

APPLICATIONS: tuple[Column, ...] = (
    Column("application_id", "text", required=True),
    Column("vacancy_id", "text", required=True),
    Column("vacancy_grade", "category", required=True, code_list="grade"),
    Column("applied_date", "date", required=True),
    Column("stage_reached", "category", required=True, code_list="stage"),
    Column("withdrawn", "bool", default=False),
    Column("internal", "bool", default=False),
    Column("guaranteed_interview", "bool", default=False),
    Column("positive_action", "text"),
    *(c for c in _EQUALITY if c.name not in ("marital_status", "caring_responsibilities")),
    Column("age_band", "category", code_list="age_band"),
)

EVENTS: tuple[Column, ...] = (
    Column("employee_id", "text", required=True),
    Column("event_type", "category", required=True, code_list="event_type"),
    Column("event_date", "date", required=True),
    Column("mandatory", "bool"),
    Column("detail", "text"),
    *_EQUALITY,
)

BOARDS: tuple[Column, ...] = (
    Column("member_id", "text", required=True),
    # published as a level of tables: one of params `boards` (no free text published)
    Column("board", "category", required=True, code_list="board"),
    Column("role", "category", required=True, code_list="board_role"),
    Column("voting", "bool", required=True),
    *_EQUALITY,
)

INPUTS: dict[str, tuple[Column, ...]] = {
    "workforce": WORKFORCE,
    "applications": APPLICATIONS,
    "events": EVENTS,
    "boards": BOARDS,
}
ID_COLUMN = {"workforce": "employee_id", "applications": "application_id", "boards": "member_id"}


# --------------------------------------------------------------------------------------------------
# Category aliases: lower-cased, space-normalised input text -> canonical label
# --------------------------------------------------------------------------------------------------
def _key(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).replace("\u00a0", " ")).strip().casefold()


_NOT_DECLARED_ALIASES = {
    "prefer not to say": codes.PREFER_NOT_TO_SAY,
    "prefer_not_to_say": codes.PREFER_NOT_TO_SAY,
    "pnts": codes.PREFER_NOT_TO_SAY,
    "declined": codes.PREFER_NOT_TO_SAY,
    "not known": codes.NOT_KNOWN,
    "unknown": codes.NOT_KNOWN,
    "not declared": codes.NOT_KNOWN,
    "not stated": codes.NOT_KNOWN,
    "don't know": codes.NOT_KNOWN,
    "i don't know": codes.NOT_KNOWN,
    "i prefer not to say": codes.PREFER_NOT_TO_SAY,
    "": codes.NOT_KNOWN,
}


def _ethnicity_aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    long_prefix = {
        "White": ["White"],
        "Mixed": ["Mixed or Multiple ethnic groups", "Mixed or multiple ethnic groups", "Mixed"],
        "Asian": ["Asian, Asian British or Asian Welsh", "Asian or Asian British", "Asian"],
        "Black": [
            "Black, Black British, Black Welsh, Caribbean or African",
            "Black, African, Caribbean or Black British",
            "Black",
        ],
        "Other": ["Other ethnic group", "Other"],
    }
    long_suffix = {"Other Mixed": ["Other Mixed", "Other Mixed or Multiple ethnic groups"]}
    for label in codes.ETHNICITY_DETAILED:
        prefix, suffix = (s.strip() for s in label.split(":", 1))
        for p in long_prefix[prefix]:
            for s in long_suffix.get(suffix, [suffix]):
                out[_key(f"{p}: {s}")] = label
        out[_key(suffix)] = label
    out[_key("White British")] = codes.WHITE_BRITISH_DETAILED
    out[_key("White: British")] = codes.WHITE_BRITISH_DETAILED
    out[_key("Other White")] = "White: Other White"
    out[_key("Any other White background")] = "White: Other White"
    return out


def category_aliases(
    code_list: str,
    *,
    grades: Sequence[str] = (),
    stages: Sequence[str] = (),
    directorates: Sequence[str] = (),
    boards: Sequence[str] = (),
) -> tuple[dict[str, str], list[str]]:
    """Aliases (normalised text -> canonical label) and the canonical values of a code list.

    ``grades``, ``stages``, ``directorates`` and ``boards`` are the lists of the params file (the
    canonical label is the params spelling, whatever the case in the input file).
    """
    nd = dict(_NOT_DECLARED_ALIASES)
    simple = {
        "sex": (codes.SEX, {"f": "Female", "woman": "Female", "m": "Male", "man": "Male"}, False),
        "sex_optional": (
            codes.SEX,
            {"f": "Female", "woman": "Female", "m": "Male", "man": "Male"},
            True,
        ),
        "yes_no": (codes.YES_NO, {"y": "Yes", "n": "No"}, True),
        "disability": (
            codes.DISABILITY,
            {
                "yes": "Disabled",
                "no": "Not disabled",
                "not disabled under the equality act": "Not disabled",
                "disabled under the equality act": "Disabled",
            },
            True,
        ),
        "religion": (codes.RELIGION, {"none": "No religion", "other": "Other religion"}, True),
        "sexual_orientation": (
            codes.SEXUAL_ORIENTATION,
            {
                "straight": "Straight or heterosexual",
                "heterosexual": "Straight or heterosexual",
                "gay": "Gay or lesbian",
                "lesbian": "Gay or lesbian",
                "gay man": "Gay or lesbian",
                "gay woman": "Gay or lesbian",
                "gay woman/lesbian": "Gay or lesbian",
                "other": "Other sexual orientation",
                "all other sexual orientations": "Other sexual orientation",
            },
            True,
        ),
        "marital_status": (codes.MARITAL_STATUS, {}, True),
        "contract_type": (
            codes.CONTRACT_TYPE,
            {"fixed-term": "Fixed term", "fixed_term": "Fixed term"},
            False,
        ),
        "board_role": (
            codes.BOARD_ROLE,
            {
                "vice-chair": "Vice chair",
                "vice_chair": "Vice chair",
                "coopted": "Co-opted",
                "co opted": "Co-opted",
            },
            False,
        ),
        "age_band": (codes.AGE_BANDS, {}, True),
        "event_type": (codes.EVENT_TYPE, {}, False),
        "grade": (tuple(grades), {}, False),
        "stage": (tuple(stages), {}, False),
        "directorate": (tuple(directorates), {}, False),
        "board": (tuple(boards), {}, False),
        "ses_school_type": (
            codes.SES_SCHOOL_TYPE,
            {
                "state school": "State-run or state-funded school",
                "independent school": "Independent or fee-paying school",
                "outside the uk": "Attended school outside the UK",
            },
            True,
        ),
        "ses_free_school_meals": (
            codes.SES_FREE_SCHOOL_MEALS,
            {"y": "Yes", "n": "No", "not applicable": codes.SES_FREE_SCHOOL_MEALS[2]},
            True,
        ),
        "ses_parental_degree": (
            codes.SES_PARENTAL_DEGREE,
            {
                "y": "Yes",
                "n": "No",
                "yes, one or both of my parents have a degree level qualification": "Yes",
                "no, neither of my parents have a degree level qualification": "No",
            },
            True,
        ),
    }
    if code_list == "ethnicity":
        aliases = {**nd, **_ethnicity_aliases()}
        return aliases, list(codes.ETHNICITY_DETAILED) + list(codes.NOT_DECLARED)
    if code_list == "ses":
        aliases = {**nd}
        for code, answer in codes.SES_ANSWERS.items():
            aliases[_key(code)] = code
            aliases[_key(answer)] = code
            aliases[_key(code.replace("_", " "))] = code
        aliases[""] = "not_known"
        return aliases, [*codes.SES_ANSWERS, "not_known"]
    values, extra, declarable = simple[code_list]
    aliases = {_key(v): v for v in values}
    aliases.update({_key(k): v for k, v in extra.items()})
    if code_list == "event_type":
        aliases.update({_key(v.replace("_", " ")): v for v in values})
        aliases.update({_key(v.replace("_", "-")): v for v in values})
    allowed = list(values)
    if declarable:
        aliases.update(nd)
        allowed += list(codes.NOT_DECLARED)
    return aliases, allowed


# --------------------------------------------------------------------------------------------------
# Parsing text into typed values
# --------------------------------------------------------------------------------------------------
TRUE_WORDS = {"true", "t", "yes", "y", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "0"}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass
class Finding:
    """A group of rows sharing one fault in one column (turned into one message)."""

    column: str
    fault: str
    rows: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


def row_numbers(index: Iterable[int]) -> list[int]:
    """Spreadsheet row numbers of 0-based data rows (the header is row 1)."""
    return [int(i) + 2 for i in index]


def describe_rows(rows: Sequence[int]) -> str:
    """Input row numbers for a message: the first few, how many more, and how many in all."""
    rows = sorted(set(rows))
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_SHOWN])
    more = f" and {len(rows) - MAX_ROWS_SHOWN} more" if len(rows) > MAX_ROWS_SHOWN else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more} ({len(rows)} row{'s' if len(rows) > 1 else ''})"


#: Longest value quoted in a message; a longer one is cut and its length given.
SHOWN_CHARACTERS = 60


def show_value(value: object) -> str:
    """A cell's text as quoted in a message: cut after :data:`SHOWN_CHARACTERS` characters.

    Examples
    --------
    >>> show_value("Transport")
    'Transport'
    >>> show_value("x" * 200_000)[-28:]
    'xxx... (200,000 characters)'
    """
    text = str(value)
    if len(text) <= SHOWN_CHARACTERS:
        return text
    return f"{text[:SHOWN_CHARACTERS]}... ({len(text):,} characters)"


def closest(value: str, options: Sequence[str]) -> str | None:
    """The closest valid value to a misspelt one, or None when nothing is close."""
    lowered = {o.casefold(): o for o in options}
    match = difflib.get_close_matches(value.casefold(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


# the whole years that pandas' nanosecond timestamps hold
_FIRST_DATE = dt.date(pd.Timestamp.min.year + 1, 1, 1)
_LAST_DATE = dt.date(pd.Timestamp.max.year - 1, 12, 31)


def distinct_text(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The cells of a column as trimmed text, factorised.

    Returns ``(codes, distinct)``: ``distinct[codes]`` is the trimmed text of every row (a missing
    cell is ``""``), ``distinct`` in order of first appearance.

    An input column of 100,000 rows holds a few dozen (categories) to a few thousand (dates)
    distinct texts, so :func:`parse_column` does its per-value Python work (trimming, aliases,
    dates) once per distinct text instead of once per cell.
    """
    codes, uniques = pd.factorize(raw.to_numpy(dtype=object), use_na_sentinel=True)
    if len(uniques) and pd.api.types.infer_dtype(uniques, skipna=False) != "string":
        # not all text: as str() of each cell, so that 1, 1.0 and True (one key to factorize)
        # stay apart
        cells = raw.fillna("").astype(str).to_numpy(dtype=object)
        codes, uniques = pd.factorize(cells)
    # a missing cell (code -1) takes the last entry, "": numpy's take counts -1 from the end
    trimmed = np.array([u.strip() for u in uniques] + [""], dtype=object)
    # two spellings may trim to the same text (' G1' and 'G1'): factorise again after trimming
    trimmed_codes, distinct = pd.factorize(trimmed)
    return trimmed_codes.take(codes), np.asarray(distinct, dtype=object)


def blank_cells(raw: pd.Series, *, text: tuple[np.ndarray, np.ndarray] | None = None) -> pd.Series:
    """True where a cell of ``raw`` is missing, empty or only spaces (boolean, on ``raw.index``).

    ``text``: ``distinct_text(raw)`` when the caller has it already (it is the costly part).
    """
    codes, distinct = text if text is not None else distinct_text(raw)
    return pd.Series((distinct == "")[codes], index=raw.index, dtype=bool)


_GROUPED_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"


def parse_column(
    raw: pd.Series,
    col: Column,
    *,
    grades: Sequence[str] = (),
    stages: Sequence[str] = (),
    directorates: Sequence[str] = (),
    boards: Sequence[str] = (),
    max_length: int | None = None,
    text: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[pd.Series, list[str], list[int]]:
    """Parse one column of text.

    ``grades``, ``stages``, ``directorates`` and ``boards`` are the params lists the categories of
    those names are matched against; ``max_length`` (params ``plausibility.max_text_length``) the
    longest text accepted in any cell; ``text`` is ``distinct_text(raw)`` when the caller has it
    already (``io.read_input`` uses it for the blank check too).

    Returns
    -------
    (values, problems, uk_date_rows)
        Typed values (NaN/None where blank or unreadable), one message per kind of unreadable value
        (without the file name, which the caller adds), and the rows whose dates were in UK
        ``DD/MM/YYYY`` form (accepted, and said so in the log).

    Notes
    -----
    Each distinct text is parsed once (:func:`distinct_text`) and the results are spread back
    to the rows with ``take(codes)``: ``text``, ``blank`` and the masks below have one entry per
    distinct text, not per row. The pandas operations on them are the ones a per-row parse would
    run, so values, dtypes and messages are the same; only the Python work is O(distinct).
    """
    codes, distinct = text if text is not None else distinct_text(raw)
    text = pd.Series(distinct, dtype=object, name=raw.name)
    blank = text == ""
    problems: list[str] = []

    def rows(values: pd.Series, *, name: object = raw.name) -> pd.Series:
        """Per-distinct-text ``values`` spread back to the rows of ``raw``."""
        return pd.Series(
            values.to_numpy().take(codes), index=raw.index, dtype=values.dtype, name=name
        )

    def bad(
        mask: pd.Series | np.ndarray,
        expected: str | None,
        suggest: Sequence[str] | None = None,
        *,
        message: object = None,
    ) -> None:
        """One message per distinct unreadable value in ``mask``, with the rows holding it:
        "value '...' is not <expected>", or ``message(value)`` after the value when given."""
        at = np.asarray(mask, dtype=bool)[codes]
        if not at.any():
            return
        cells = pd.Series(distinct.take(codes[at]), index=raw.index[at], dtype=object)
        for value, index in cells.groupby(cells, sort=True).groups.items():
            hint = ""
            if suggest is not None:
                near = closest(str(value), suggest)
                hint = f" Did you mean '{near}'?" if near else ""
            what = message(value) if callable(message) else f"is not {expected}.{hint}"
            problems.append(
                f"column '{col.name}', {describe_rows(row_numbers(index))}: value "
                f"'{show_value(value)}' {what}"
            )

    if max_length is not None:
        # an over-long cell is reported once and then read as blank (no second message, and no
        # closest-match search over a 200,000-character text)
        long = text.str.len() > max_length
        bad(
            long,
            None,
            message=lambda v: (
                f"is longer than the {max_length} characters allowed in a cell "
                "(params plausibility.max_text_length): is the file's layout broken?"
            ),
        )
        text = text.where(~long, "")
        blank = text == ""

    uk_rows: list[int] = []
    if col.kind == "text":
        out = rows(text.where(~blank, None).astype(object))
    elif col.kind in ("int", "float"):
        stripped = text.str.replace(r"^£", "", regex=True)
        # A comma is read as a thousands separator only in groups of three (2,197.23). Any other
        # comma (2197,23; 1,5) could be a decimal comma: the value is refused, never guessed.
        comma = stripped.str.contains(",", regex=False) & ~stripped.str.fullmatch(
            _GROUPED_THOUSANDS
        )
        bad(comma, None, message=_comma_question)
        cleaned = stripped.str.replace(",", "", regex=False)
        num = pd.to_numeric(cleaned.where(~blank & ~comma, None), errors="coerce")
        unreadable = ~blank & ~comma & num.isna()
        bad(unreadable, "a number" if col.kind == "float" else "a whole number")
        infinite = num.notna() & ~np.isfinite(num.fillna(0).astype(float))
        bad(infinite, "a finite number (an amount, not infinity)")
        num = num.where(~infinite)
        if col.kind == "int":
            not_whole = num.notna() & (num != np.floor(num.fillna(0)))
            bad(not_whole, "a whole number")
            num = num.where(~not_whole)
        out = rows(num.astype(float))
    elif col.kind == "bool":
        low = text.str.casefold()
        is_true, is_false = low.isin(TRUE_WORDS), low.isin(FALSE_WORDS)
        bad(~blank & ~is_true & ~is_false, "true or false (also accepted: yes/no, y/n, 1/0)")
        answer = np.where(is_true, True, np.where(is_false, False, None))
        out = rows(pd.Series(answer, dtype=object), name=None)
    elif col.kind == "date":
        dates: list[object] = []
        unreadable = np.zeros(len(text), dtype=bool)
        out_of_range = np.zeros(len(text), dtype=bool)
        uk = np.zeros(len(text), dtype=bool)
        for k, t in enumerate(text):
            if t == "":
                dates.append(pd.NaT)
                continue
            parsed = None
            try:
                if _ISO.match(t):
                    parsed = dt.date.fromisoformat(t)
                elif m := _UK.match(t):
                    parsed = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                    uk[k] = True
            except ValueError:
                parsed = None
            unreadable[k] = parsed is None
            # HR systems often write 9999-12-31 for "no end date": beyond pandas' dates
            out_of_range[k] = parsed is not None and not _FIRST_DATE <= parsed <= _LAST_DATE
            usable = parsed is not None and not out_of_range[k]
            dates.append(pd.Timestamp(parsed) if usable else pd.NaT)
        uk_rows = row_numbers(raw.index[uk[codes]])
        bad(unreadable, "a date (expected YYYY-MM-DD, or DD/MM/YYYY)")
        bad(
            out_of_range,
            f"a date in the years {_FIRST_DATE.year} to {_LAST_DATE.year} "
            "(leave the cell blank when there is no date)",
        )
        out = rows(pd.to_datetime(pd.Series(dates, dtype="object")), name=None)
    else:  # category
        aliases, allowed = category_aliases(
            col.code_list or "",
            grades=grades,
            stages=stages,
            directorates=directorates,
            boards=boards,
        )
        keys = text.map(_key)
        mapped = keys.map(aliases)
        unknown = mapped.isna() & ~(
            blank
            & (
                col.code_list
                not in (
                    "sex",
                    "grade",
                    "stage",
                    "event_type",
                    "board_role",
                    "contract_type",
                    "directorate",
                    "board",
                )
            )
        )
        # blank in a required category is reported as missing by the caller, not as unknown
        unknown &= ~blank
        expected = {
            "grade": f"one of the grades in params ({', '.join(grades)})",
            "stage": f"one of the stages ({', '.join(stages)})",
            "directorate": (
                f"one of the directorates in params ({', '.join(directorates)}); a new "
                "directorate is added to 'directorates' in the params file"
            ),
            "board": (
                f"one of the boards in params ({', '.join(boards)}); a new board is added to "
                "'boards' in the params file"
            ),
        }.get(col.code_list or "", "a recognised value")
        suggestions = list(allowed)
        if col.code_list == "ethnicity":
            # also suggest the names without their group ('Indian' for 'Asian: Indian'): aliases
            suggestions = allowed + [k.split(": ", 1)[-1] for k in allowed]
        bad(unknown, expected, suggest=suggestions)
        out = rows(mapped.where(~unknown, None).astype(object))
    return out, problems, uk_rows


# --------------------------------------------------------------------------------------------------
# pandera: checks on typed values (ranges, uniqueness, required values)
# --------------------------------------------------------------------------------------------------
def pandera_schema(kind: str, present: Sequence[str]) -> pa.DataFrameSchema:
    """The pandera schema of an input kind, restricted to the columns present in the file."""
    columns: dict[str, pa.Column] = {}
    for col in INPUTS[kind]:
        if col.name not in present:
            continue
        checks = []
        if col.min is not None:
            checks.append(pa.Check.ge(col.min) if col.min_inclusive else pa.Check.gt(col.min))
        if col.max is not None:
            checks.append(pa.Check.le(col.max))
        unique = col.name == ID_COLUMN.get(kind)
        columns[col.name] = pa.Column(
            checks=checks or None, nullable=True, unique=unique, coerce=False, required=False
        )
    return pa.DataFrameSchema(columns, strict=False)


def describe_schema_errors(err: pa.errors.SchemaErrors, kind: str, raw: pd.DataFrame) -> list[str]:
    """Turn pandera's failure cases into readable messages grouped by column and check, showing
    each value as it was written in the file (``raw``)."""
    spec = {c.name: c for c in INPUTS[kind]}
    cases = err.failure_cases
    messages: list[str] = []
    for (column, check), group in cases.groupby(["column", "check"], sort=True, dropna=False):
        col = spec.get(str(column))
        index = group["index"].dropna().astype(int)
        rows = row_numbers(index)
        if str(column) in raw.columns:
            values = sorted({f"'{show_value(raw.at[i, str(column)])}'" for i in index})[
                :MAX_ROWS_SHOWN
            ]
        else:
            values = sorted({_show(v) for v in group["failure_case"]})[:MAX_ROWS_SHOWN]
        if check == "field_uniqueness":
            expected = "unique: each value may appear only once in the file"
        elif col is not None and str(check).startswith(("greater_than", "less_than")):
            lo = (
                ""
                if col.min is None
                else (f">= {col.min:g}" if col.min_inclusive else f"> {col.min:g}")
            )
            hi = "" if col.max is None else f"<= {col.max:g}"
            expected = "a number " + " and ".join(x for x in (lo, hi) if x)
        else:
            expected = str(check)
        messages.append(
            f"column '{column}', {describe_rows(rows)}: value(s) {', '.join(values)} - expected "
            f"{expected}."
        )
    return messages


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"'{int(value)}'"
    return f"'{show_value(value)}'"


def _comma_question(value: str) -> str:
    """The question put to the user about a number with a comma that may be a decimal comma."""
    text = str(value).lstrip("£")
    whole, _, rest = text.rpartition(",")
    as_decimal = f"{whole.replace(',', '').replace('.', '')}.{rest}"
    question = f"is it {as_decimal} (a decimal comma)"
    if "." not in text:
        question += f" or {text.replace(',', '')}"
    return (
        "has a comma that is not a thousands separator (those come in groups of three, as in "
        f"2,197.23): {question}? The value is not guessed: write numbers with a decimal point "
        "and no other separator, e.g. 2197.23."
    )
