"""The tidy publication shape: every table written to ``publish/tables/``.

Terms
-----
tidy table
    One row per published value. The eleven columns of conventions.md (``characteristic, group,
    level, measure, n, value, ci_low, ci_high, reference_group, suppressed, suppression_reason``)
    plus the identifying and structural columns the disclosure checker needs to reason about a
    table on its own (see :data:`TIDY_COLUMNS`).
table
    Name of the published table (the CSV file's stem), e.g. ``composition_ethnicity_by_grade``.
population
    The set of people a table counts, e.g. ``workforce``, ``fpre`` (full-pay relevant employees),
    ``applications``, ``boards``. Tables of the same population are checked together: a cell that
    one table publishes and another suppresses is a leak (methodology §7, "tables that share its
    population and margins").
cell
    ``(population, characteristic, group, level)``: the people of one group at one level.
group, group_parent
    A value of the characteristic. ``group_parent`` names the group whose count is the sum of this
    group's count and its siblings' at the same level (``Total``, or a broad ethnic group for a
    detailed one); blank when the group sums into nothing.
level, level_parent
    The second dimension of the table (a grade, a grade band, a directorate, a sex in a cross-tab,
    ``All staff``). ``level_parent`` names the level whose count is the sum of this level's and its
    siblings' for the same group (grade -> grade band -> ``All staff``); blank at the top.
measure, kind
    The name of the published quantity and its disclosure kind (:data:`MEASURE_KINDS`):

    ``count``
        number of people; ``value`` is the count and ``n`` repeats it.
    ``share`` / ``percent``
        a fraction (0-1) / a percentage (0-100) of people, including rates. ``numerator`` is the
        number of people counted, ``n`` the denominator. Reveals its numerator and its complement.
    ``index``
        a ratio built on a share (representation index, relative likelihood, impact ratio); same
        ``numerator`` / ``n`` columns and same rules as a share.
    ``statistic``
        a mean, median, rate-free summary of ``n`` people (e.g. median age, a diversity index).
    ``gap``
        a comparison of a group with the reference group (pay gaps, adjusted gaps): ``n`` people in
        the group, ``n_reference`` in the reference group; both must reach ``min_group_pay``.
    ``pay``
        a pay sum or mean of ``n`` people: threshold ``min_group_pay`` and the dominance rule.
    ``external``
        published figures about other people (Census benchmark shares, national open data): not
        subject to disclosure control.
suppressed, suppression_reason
    ``suppressed`` is true for a value withheld by disclosure control; ``suppression_reason`` holds
    the rule (``primary_count``, ``primary_share``, ``primary_statistic``, ``dominance``,
    ``secondary``). A value that is undefined rather than withheld (no bonus paid to one sex) is
    NaN with ``suppressed`` false and a reason starting ``not applicable``. Never ``''``, ``0`` or
    ``9999`` in place of a value.

The CSV bytes of a table are a function of its content: column order fixed, rows in the order
given, floats printed with :data:`FLOAT_FORMAT`, NaN as an empty field, ``\\n`` line endings.

formula-safe text
    A published CSV is opened in spreadsheets, which run a cell beginning with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return as a formula (``=HYPERLINK(...)``, ``=cmd|...``). Every
    text cell so beginning is written with a leading ``'`` (OWASP, "CSV Injection"), which
    spreadsheets show as text; numbers, negative ones included, are numbers and left alone. Labels
    come from code lists and the params file, whose labels are checked at load
    (:func:`eqlib.config.label_fault`), so this is the second line of defence, not the first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from eqlib.config import FORMULA_PREFIXES

#: The eleven publication columns of conventions.md, in their order.
STANDARD_COLUMNS: tuple[str, ...] = (
    "characteristic", "group", "level", "measure", "n", "value", "ci_low", "ci_high",
    "reference_group", "suppressed", "suppression_reason",
)
#: Every column of a published table, in file order: ``table`` and ``population`` identify it,
#: the standard columns follow, then the structural columns the disclosure checker reads.
TIDY_COLUMNS: tuple[str, ...] = (
    "table", "population", *STANDARD_COLUMNS,
    "numerator", "n_reference", "group_parent", "level_parent",
)
#: Columns that identify one published value.
KEY_COLUMNS: tuple[str, ...] = ("table", "characteristic", "group", "level", "measure")
#: Numeric columns.
NUMERIC_COLUMNS: tuple[str, ...] = ("n", "value", "ci_low", "ci_high", "numerator", "n_reference")
#: Text columns (missing -> empty field).
TEXT_COLUMNS: tuple[str, ...] = (
    "table", "population", "characteristic", "group", "level", "measure", "reference_group",
    "suppression_reason", "group_parent", "level_parent",
)

Kind = Literal["count", "share", "percent", "index", "statistic", "gap", "pay", "external"]
KINDS: tuple[str, ...] = (
    "count", "share", "percent", "index", "statistic", "gap", "pay", "external",
)
#: Kinds that reveal their numerator (methodology §7: a share, rate or index reveals it).
SHARE_KINDS: tuple[str, ...] = ("share", "percent", "index")

#: Measure name -> disclosure kind. Every measure written to ``publish/tables`` must be listed
#: here (or passed in ``kinds=`` to :func:`measure_kind`), so no figure escapes the rules by
#: having an unknown name.
MEASURE_KINDS: dict[str, str] = {
    # counts of people
    "count": "count", "headcount": "count", "members": "count", "applicants": "count",
    "applied": "count", "shortlisted": "count", "interviewed": "count", "offered": "count",
    "appointed": "count", "withdrawn": "count", "successes": "count", "trials": "count",
    "declared": "count", "bonus_recipients": "count", "people": "count", "events": "count",
    # fractions (0-1) and rates
    "share": "share", "rate": "share", "selection_rate": "share", "declaration_rate": "share",
    "proportion": "share", "outcome_rate": "share",
    # percentages (0-100) and percentage points
    "percent": "percent", "share_pct": "percent", "rate_pct": "percent",
    "declaration_rate_pct": "percent", "bonus_percent": "percent", "quarter_share_pct": "percent",
    "diff_pp": "percent", "prefer_not_to_say_pct": "percent", "not_known_pct": "percent",
    # indices and ratios built on shares
    "index": "index", "representation_index": "index", "relative_likelihood": "index",
    "impact_ratio": "index", "progression_ratio": "index", "odds_ratio": "index",
    # model figures of representation targets (eqlib.targets): not counts or shares of people;
    # each carries the starting share's numerator and n, so it is withheld when that share is
    "projected_share": "index", "appointment_share_needed": "index",
    "appointments_needed": "index",
    # statistics of n people
    "mean": "statistic", "median": "statistic", "diversity_index": "statistic",
    "distinct_groups": "statistic", "p_value": "statistic", "fisher_p": "statistic",
    "fisher_p_holm": "statistic", "events_per_parameter": "statistic", "model_controls": "statistic",
    # comparisons with the reference group
    "mean_gap_pct": "gap", "median_gap_pct": "gap", "mean_bonus_gap_pct": "gap",
    "median_bonus_gap_pct": "gap", "adjusted_gap_pct": "gap", "unadjusted_gap_pct": "gap",
    "gap_pct": "gap",
    "gap_explained": "gap", "gap_unexplained": "gap", "gap_bound_low_pct": "gap",
    "gap_bound_high_pct": "gap", "gap_scenario_group_pct": "gap",
    "gap_scenario_reference_pct": "gap",
    # pay sums and means (dominance rule)
    "pay_sum": "pay", "pay_mean": "pay", "mean_hourly_pay": "pay", "median_hourly_pay": "pay",
    "mean_bonus": "pay", "median_bonus": "pay",
    # other people's figures
    "benchmark_share": "external", "benchmark_count": "external", "national_value": "external",
    "target_share": "external",  # a parameter (a target), not a figure about people
}
#: Scale of a share kind: value = numerator / n * scale.
KIND_SCALE: dict[str, float] = {"share": 1.0, "percent": 100.0}

#: Fixed float format of published CSVs (10 significant digits: integers print without ".0").
FLOAT_FORMAT = "%.10g"
#: Label of a total group or level.
TOTAL = "Total"
#: Label of the whole workforce as a level.
ALL_STAFF = "All staff"
#: GSS shorthand for a withheld value.
CONFIDENTIAL = "[c]"
#: GSS shorthand for a figure that is not available or has no meaning for the group.
NOT_AVAILABLE = "[x]"
#: GSS shorthand for a value that does not apply (undefined), e.g. a bonus gap with no bonuses.
NOT_APPLICABLE = "[z]"


#: Text that is a plain decimal number ("-3.2"): a spreadsheet reads it as a number, not a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def formula_safe(value: object) -> object:
    """A text cell made safe to open in a spreadsheet (OWASP CSV injection guidance).

    Text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'``; a plain number written as text (``-3.2``) and anything that is not text are returned
    unchanged.

    Examples
    --------
    >>> formula_safe("=cmd|' /C calc'!A0"), formula_safe("@SUM(A1)"), formula_safe(chr(9) + "=1")
    ("'=cmd|' /C calc'!A0", "'@SUM(A1)", "'\\t=1")
    >>> formula_safe("-3.2"), formula_safe(-3.2), formula_safe("16-24"), formula_safe("<2")
    ('-3.2', -3.2, '16-24', '<2')
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def formula_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with :func:`formula_safe` applied to every text (object) cell."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(formula_safe)
    return out


def measure_kind(measure: str, *, kinds: Mapping[str, str] | None = None) -> str:
    """Disclosure kind of a measure name (:data:`MEASURE_KINDS`, extended by ``kinds``).

    Raises
    ------
    ValueError
        When the measure is not registered, or a kind in ``kinds`` is not one of :data:`KINDS`.

    Examples
    --------
    >>> measure_kind("percent"), measure_kind("median_gap_pct")
    ('percent', 'gap')
    """
    registry = {**MEASURE_KINDS, **(kinds or {})}
    kind = registry.get(measure)
    if kind is None:
        raise ValueError(
            f"measure '{measure}' has no disclosure kind: add it to eqlib.tables.MEASURE_KINDS "
            f"or pass kinds={{'{measure}': <kind>}} with a kind among {', '.join(KINDS)}."
        )
    if kind not in KINDS:
        raise ValueError(f"kind '{kind}' of measure '{measure}' is not one of {', '.join(KINDS)}.")
    return kind


def kinds_of(table: pd.DataFrame, *, kinds: Mapping[str, str] | None = None) -> pd.Series:
    """Kind of every row of a tidy table (a Series aligned to its index)."""
    return table["measure"].map(lambda m: measure_kind(m, kinds=kinds))


def empty_table() -> pd.DataFrame:
    """A tidy table with no rows and the columns typed."""
    return conform(pd.DataFrame(columns=list(TIDY_COLUMNS)))


def conform(table: pd.DataFrame) -> pd.DataFrame:
    """Add any missing tidy column (empty), type the columns and put them in file order.

    Extra columns are dropped. ``suppressed`` becomes bool (missing -> False), numeric columns
    float, text columns object with ``None`` for missing.
    """
    # column by column on numpy arrays: the reports call this hundreds of times on small tables,
    # where pandas' per-operation overhead was most of the cost
    columns: dict[str, Any] = {}
    for col in TIDY_COLUMNS:
        if col not in table.columns:
            if col == "suppressed":
                columns[col] = np.zeros(len(table), dtype=bool)
            elif col in TEXT_COLUMNS:
                columns[col] = np.full(len(table), None, dtype=object)
            else:
                columns[col] = np.full(len(table), np.nan)
        elif col in NUMERIC_COLUMNS:
            columns[col] = pd.to_numeric(table[col], errors="raise").astype(float).to_numpy()
        elif col in TEXT_COLUMNS:
            values = table[col].to_numpy(dtype=object, copy=True)
            values[pd.isna(values) | (values == "")] = None
            columns[col] = values
        else:  # suppressed
            columns[col] = np.array([_as_bool(v) for v in table[col]], dtype=bool)
    return pd.DataFrame(columns, index=table.index, columns=list(TIDY_COLUMNS))


def _as_bool(v: object) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return False
    return bool(v)


def tidy(
    wide: pd.DataFrame,
    *,
    table: str,
    population: str,
    characteristic: str,
    measures: Mapping[str, str] | Sequence[str],
    group: str = "group",
    level: str | None = None,
    level_value: str = "All",
    n: str | Mapping[str, str] | None = "n",
    numerator: Mapping[str, str] | None = None,
    n_reference: str | Mapping[str, str] | None = None,
    ci: Mapping[str, tuple[str, str]] | None = None,
    reference_group: str | None = None,
    group_parent: str | Mapping[str, str] | None = None,
    level_parent: str | Mapping[str, str] | None = None,
    kinds: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Tidy rows of a wide analytic table: one row per (wide row, measure).

    Parameters
    ----------
    wide
        One row per group (and level): the analytical functions' output.
    table, population, characteristic
        Written into every row.
    measures
        Wide column -> measure name (or a list of columns used as their own measure names).
    group
        Column holding the group label.
    level
        Column holding the level label; ``None`` puts ``level_value`` in every row.
    n
        Column of ``n`` for every measure, a mapping measure -> column, or ``None``. For count
        measures ``n`` is the count itself whatever is given.
    numerator
        Measure -> column of its numerator count (share, percent and index measures).
    n_reference
        Column (or measure -> column) of the reference group's size (gap measures).
    ci
        Measure -> (low column, high column).
    reference_group
        Written into every row (the comparison's reference), or ``None``.
    group_parent, level_parent
        A column of ``wide`` or a mapping label -> parent label (missing labels: no parent).
    kinds
        Extra measure -> kind entries (see :func:`measure_kind`).

    Returns
    -------
    pandas.DataFrame
        :data:`TIDY_COLUMNS`, rows ordered by wide row then measure (the order given), nothing
        suppressed yet.

    Raises
    ------
    ValueError
        On an unknown measure kind or a missing column.

    Examples
    --------
    >>> wide = pd.DataFrame({"group": ["Female", "Male", "Total"], "count": [30, 20, 50]})
    >>> t = tidy(wide, table="t", population="workforce", characteristic="sex",
    ...          measures=["count"], group_parent={"Female": "Total", "Male": "Total"})
    >>> t["value"].tolist(), t["group_parent"].tolist()
    ([30.0, 20.0, 50.0], ['Total', 'Total', None])
    """
    mapping = dict(measures) if isinstance(measures, Mapping) else {m: m for m in measures}
    needed = [group, *mapping]
    if level is not None:
        needed.append(level)
    missing = [c for c in needed if c not in wide.columns]
    if missing:
        raise ValueError(f"tidy(): column(s) {missing} not in the wide table {list(wide.columns)}.")

    def per_measure(spec: str | Mapping[str, str] | None, measure: str) -> str | None:
        if spec is None or isinstance(spec, str):
            return spec
        return spec.get(measure)

    def parent(spec: str | Mapping[str, str] | None, row: pd.Series, label: object) -> object:
        if spec is None:
            return None
        if isinstance(spec, str):
            return row[spec]
        return spec.get(label)

    rows = []
    for _, row in wide.iterrows():
        g = row[group]
        lv = row[level] if level is not None else level_value
        for col, measure in mapping.items():
            kind = measure_kind(measure, kinds=kinds)
            value = float(row[col]) if pd.notna(row[col]) else np.nan
            n_col = per_measure(n, measure)
            n_val = value if kind == "count" else (row[n_col] if n_col in row.index else np.nan)
            num_col = (numerator or {}).get(measure)
            nref_col = per_measure(n_reference, measure)
            low_col, high_col = (ci or {}).get(measure, (None, None))
            rows.append({
                "table": table, "population": population, "characteristic": characteristic,
                "group": g, "level": lv, "measure": measure, "n": n_val, "value": value,
                "ci_low": row[low_col] if low_col else np.nan,
                "ci_high": row[high_col] if high_col else np.nan,
                "reference_group": reference_group, "suppressed": False,
                "suppression_reason": None,
                "numerator": row[num_col] if num_col else np.nan,
                "n_reference": row[nref_col] if nref_col else np.nan,
                "group_parent": parent(group_parent, row, g),
                "level_parent": parent(level_parent, row, lv),
            })
    return conform(pd.DataFrame(rows, columns=list(TIDY_COLUMNS)))


def validate_table(
    table: pd.DataFrame,
    *,
    kinds: Mapping[str, str] | None = None,
    max_text_length: int | None = None,
) -> list[str]:
    """Problems that make a tidy table unfit to publish (empty list when fit).

    Checks: every tidy column present; every measure has a kind; no infinite number; no duplicate
    ``(table, characteristic, group, level, measure)``; a suppressed row shows no value, interval
    or numerator; a NaN value is either suppressed or has a reason (``not applicable ...``); no
    text cell longer than ``max_text_length`` (params ``plausibility.max_text_length``) when given;
    no line break in a text cell.
    """
    problems: list[str] = []
    missing = [c for c in TIDY_COLUMNS if c not in table.columns]
    if missing:
        return [f"missing column(s) {missing}"]
    for col in TEXT_COLUMNS:
        broken = table[col].map(lambda v: isinstance(v, str) and ("\r" in v or "\n" in v))
        if broken.any():
            first = str(table.loc[broken.idxmax(), col])
            problems.append(
                f"column '{col}' holds a line break in {first[:40]!r}: a published label is one "
                "line (a carriage return splits the row for some CSV readers)"
            )
    if max_text_length is not None:
        for col in TEXT_COLUMNS:
            lengths = table[col].map(lambda v: len(v) if isinstance(v, str) else 0)
            if (lengths > max_text_length).any():
                first = str(table.loc[lengths.idxmax(), col])
                problems.append(
                    f"column '{col}' holds a text of {len(first):,} characters "
                    f"('{first[:40]}...'): longer than the {max_text_length} allowed "
                    "(params plausibility.max_text_length)"
                )
    for m in sorted(set(table["measure"].dropna())):
        try:
            measure_kind(m, kinds=kinds)
        except ValueError as exc:
            problems.append(str(exc))
    for col in NUMERIC_COLUMNS:
        vals = pd.to_numeric(table[col], errors="coerce")
        if np.isinf(vals.to_numpy(dtype=float)).any():
            problems.append(f"column '{col}' holds an infinite value (write NaN with a reason)")
    dup = table.duplicated(list(KEY_COLUMNS), keep=False)
    if dup.any():
        first = table.loc[dup, list(KEY_COLUMNS)].iloc[0].tolist()
        problems.append(f"{int(dup.sum())} rows share a key, e.g. {first}")
    sup = table["suppressed"].map(_as_bool).astype(bool)
    shown = sup & table[["value", "ci_low", "ci_high", "numerator"]].notna().any(axis=1)
    if shown.any():
        problems.append(
            f"{int(shown.sum())} suppressed row(s) still show a value, interval or numerator"
        )
    reason = table["suppression_reason"].astype(object)
    reason = reason.where(reason.notna(), "")
    bare = table["value"].isna() & (reason.astype(str).str.strip() == "")
    if bare.any():
        problems.append(
            f"{int(bare.sum())} row(s) have no value and no reason "
            "(suppressed, or 'not applicable')"
        )
    return problems


def write_table(
    table: pd.DataFrame,
    path: str | Path,
    *,
    kinds: Mapping[str, str] | None = None,
    max_text_length: int | None = None,
) -> Path:
    """Write a tidy table to CSV with reproducible bytes.

    Columns in :data:`TIDY_COLUMNS` order, rows in the order given, floats as
    :data:`FLOAT_FORMAT`, NaN as an empty field, ``suppressed`` as ``True``/``False``, UTF-8,
    ``\\n`` line endings, every text cell formula-safe (:func:`formula_safe`).

    Raises
    ------
    ValueError
        When :func:`validate_table` finds a problem (listed in the message).

    Examples
    --------
    >>> import tempfile
    >>> t = tidy(pd.DataFrame({"group": ["A"], "count": [12]}), table="t", population="p",
    ...          characteristic="sex", measures=["count"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     print(write_table(t, Path(d) / "t.csv").read_text().splitlines()[1])
    t,p,sex,A,All,count,12,12,,,,False,,,,,
    """
    out = conform(table)
    problems = validate_table(out, kinds=kinds, max_text_length=max_text_length)
    if problems:
        raise ValueError("table not fit to publish:\n" + "\n".join(f"  - {p}" for p in problems))
    out = formula_safe_frame(out)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    numeric = [c for c in NUMERIC_COLUMNS if c in out.columns]
    out[numeric] = out[numeric] + 0.0  # -0.0 + 0.0 is 0.0: a published figure is never "-0"
    text = out.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n", na_rep="")
    path.write_bytes(text.encode("utf-8"))
    return path


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a published tidy CSV back (typed with :func:`conform`; group labels kept as text)."""
    raw = pd.read_csv(path, dtype={c: str for c in TEXT_COLUMNS}, keep_default_na=False,
                      na_values={c: [""] for c in NUMERIC_COLUMNS})
    return conform(raw)


def render_value(
    value: float | None,
    *,
    suppressed: bool = False,
    decimals: int = 1,
    kind: str | None = None,
) -> str:
    """Text of one value in a published table or sentence.

    ``[c]`` when suppressed, ``[z]`` when undefined (NaN), counts with thousands separators and no
    decimals, everything else to ``decimals`` places rounding half away from zero (``decimal``).

    Examples
    --------
    >>> render_value(float("nan"), suppressed=True), render_value(float("nan"))
    ('[c]', '[z]')
    >>> render_value(1234, kind="count"), render_value(13.5849), render_value(-0.25)
    ('1,234', '13.6', '-0.3')
    """
    if suppressed:
        return CONFIDENTIAL
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_APPLICABLE
    places = 0 if kind == "count" else decimals
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:,}"


def confidential_footnote(min_count: int) -> str:
    """The ``[c]`` footnote of GSS guidance, e.g. ``[c] confidential: fewer than 5 people ...``."""
    return (
        f"{CONFIDENTIAL} confidential: withheld because it covers fewer than {min_count} people, "
        "or could be used to work out a withheld figure."
    )
