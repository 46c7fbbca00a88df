"""Narrative and table helpers of the publication: every number in the report comes from a table.

Terms
-----
display block
    A :class:`Block` is what a cell of ``05_publication.ipynb`` ends with (or passes to
    ``IPython.display.display``). Jupyter shows its ``text/html``; the publication template
    (``notebooks/templates/eqstats``) copies that HTML into the report. A cell's plain-text
    output, stream output and code never reach the report (see :mod:`eqlib.render`).
GSS symbols
    The Government Statistical Service shorthand for cells without a number: ``[c]``
    confidential (withheld by disclosure control), ``[x]`` not available (undefined, e.g. a gap
    with no one in the group). A suppressed value is printed ``[c]`` whatever number the table
    holds, so a number that disclosure control withheld can never leak into a sentence or cell.
tidy table
    The published table shape of conventions.md: ``characteristic, group, level, measure, n,
    value, ci_low, ci_high, reference_group, suppressed, suppression_reason``, one row per value.
pay gap
    ``(reference - group) / reference x 100`` in percent units: positive means the group's pay
    is lower than the reference group's (the GOV.UK convention, methodology.md).

Rounding is decimal half away from zero on the shortest decimal representation of the float
(``2.675`` prints ``2.68``, ``-0.05`` prints ``-0.1``), which is what a reader checking the table by
hand expects; Python's ``round`` (banker's rounding on binary floats) is never used for display.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from eqlib.tables import CONFIDENTIAL, NOT_AVAILABLE

__all__ = [
    "APPENDIX_TITLE",
    "CONFIDENTIAL",
    "NOT_AVAILABLE",
    "REPORT_MIMETYPE",
    "Block",
    "fmt_date",
    "fmt_gbp",
    "fmt_int",
    "fmt_number",
    "fmt_pct",
    "bullet_list",
    "confidential_note_for",
    "heading",
    "markdown_document",
    "gap_sentence",
    "paragraph",
    "row",
    "find",
    "is_withheld",
    "interval_text",
    "table_html",
    "tidy_table_html",
    "in_main_report",
    "in_appendix",
    "report_section",
    "appendix_blocks",
    "title_page",
]

#: Mimetype of the title block's metadata, read by :func:`eqlib.render.notebook_to_html`.
REPORT_MIMETYPE = "application/vnd.eqstats.report+json"

Format = Literal["pct", "pp", "gbp", "int", "ratio", "number", "text"]
Placement = Literal["main", "appendix"]
_FORMATS: tuple[str, ...] = ("pct", "pp", "gbp", "int", "ratio", "number", "text")


# --------------------------------------------------------------------------------------------------
# Display blocks
# --------------------------------------------------------------------------------------------------
class Block:
    """HTML for the report, shown by Jupyter and copied into the publication by the template.

    Parameters
    ----------
    html_text : str
        The HTML fragment (already escaped where needed).
    metadata : Mapping, optional
        Extra JSON published under :data:`REPORT_MIMETYPE` (used by :func:`title_page` only).
    placement : {"main", "appendix"}
        Where the block goes in the publication (see :func:`report_section`): sentences and
        charts carry the message in the main report; tables are detail for Appendix A unless a
        section keeps one in the main report with :func:`in_main_report`.

    Examples
    --------
    >>> Block("<p>Hello</p>")._repr_html_()
    '<p>Hello</p>'
    """

    def __init__(self, html_text: str, *, metadata: Mapping[str, Any] | None = None,
                 placement: Placement = "main") -> None:
        if placement not in ("main", "appendix"):
            raise ValueError(f"placement must be 'main' or 'appendix', got {placement!r}")
        self.html = html_text
        self.metadata = dict(metadata) if metadata is not None else None
        self.placement: Placement = placement

    def _repr_html_(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/html": self.html, "text/plain": self.__repr__()}
        if self.metadata is not None:
            bundle[REPORT_MIMETYPE] = self.metadata
        return bundle

    def __repr__(self) -> str:
        return f"Block({self.html!r})"

    def __str__(self) -> str:
        return self.html


# --------------------------------------------------------------------------------------------------
# Number formatting
# --------------------------------------------------------------------------------------------------
def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, numbers.Real) and math.isnan(float(value))


def _check_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"expected a number, got {value!r} ({type(value).__name__}).")
    x = float(value)
    if math.isinf(x):
        raise ValueError(f"cannot print an infinite value ({value!r}); undefined values are NaN.")
    return x


def _round_half_away(x: float, dp: int) -> Decimal:
    if not isinstance(dp, int) or dp < 0:
        raise ValueError(f"dp must be a whole number >= 0, got {dp!r}.")
    d = Decimal(repr(x)).quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)
    return d.copy_abs() if d.is_zero() else d  # never print "-0.0"


def fmt_number(value: Any, dp: int = 1, *, suppressed: bool = False, thousands: bool = True) -> str:
    """A number rounded half away from zero to ``dp`` decimals, with thousands separators.

    Parameters
    ----------
    value : float
        The number; ``NaN``/``None`` prints ``[x]`` (not available).
    dp : int
        Decimal places.
    suppressed : bool
        When true the value is withheld: prints ``[c]`` whatever ``value`` holds.
    thousands : bool
        Group thousands with commas.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        When ``value`` is not a number.
    ValueError
        When ``value`` is infinite or ``dp`` is negative.

    Examples
    --------
    >>> fmt_number(1234.25, 1), fmt_number(2.675, 2), fmt_number(-0.04, 1)
    ('1,234.3', '2.68', '0.0')
    >>> fmt_number(99.0, suppressed=True)
    '[c]'
    """
    if suppressed:
        return CONFIDENTIAL
    if _is_missing(value):
        return NOT_AVAILABLE
    d = _round_half_away(_check_number(value), dp)
    return f"{d:,.{dp}f}" if thousands else f"{d:.{dp}f}"


def fmt_pct(
    value: Any,
    dp: int = 1,
    *,
    unit: Literal["percent", "fraction"] = "percent",
    suppressed: bool = False,
) -> str:
    """A percentage, ``fmt_number(value) + "%"``, rounded half away from zero.

    Parameters
    ----------
    value : float
        In percent units (``8.2`` means 8.2%) unless ``unit="fraction"`` (``0.082``).
    dp : int
        Decimal places (GOV.UK pay gap figures use 1).
    unit : {"percent", "fraction"}
        The unit of ``value``.
    suppressed : bool
        Withheld by disclosure control: prints ``[c]``.

    Returns
    -------
    str
        e.g. ``"8.2%"``; ``"[c]"`` when suppressed; ``"[x]"`` when the value is NaN.

    Raises
    ------
    ValueError
        For an unknown ``unit``, an infinite value or a negative ``dp``.

    Examples
    --------
    >>> fmt_pct(8.25), fmt_pct(0.0825, unit="fraction"), fmt_pct(-3.35)
    ('8.3%', '8.3%', '-3.4%')
    >>> fmt_pct(float("nan")), fmt_pct(12.0, suppressed=True)
    ('[x]', '[c]')
    """
    if unit not in ("percent", "fraction"):
        raise ValueError(f"unit must be 'percent' or 'fraction', got {unit!r}.")
    if suppressed:
        return CONFIDENTIAL
    if _is_missing(value):
        return NOT_AVAILABLE
    x = _check_number(value)
    if unit == "fraction":
        x = float(Decimal(repr(x)) * 100)
    return fmt_number(x, dp, thousands=True) + "%"


def fmt_gbp(value: Any, dp: int = 2, *, suppressed: bool = False) -> str:
    """An amount in pounds sterling: ``"£1,234.50"`` (negative: ``"-£12.00"``).

    Parameters
    ----------
    value : float
        Pounds.
    dp : int
        Decimal places: 2 for hourly pay, 0 for annual amounts.
    suppressed : bool
        Withheld: prints ``[c]``.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_gbp(15.005), fmt_gbp(27500, 0), fmt_gbp(-12)
    ('£15.01', '£27,500', '-£12.00')
    """
    if suppressed:
        return CONFIDENTIAL
    if _is_missing(value):
        return NOT_AVAILABLE
    text = fmt_number(value, dp)
    return "-£" + text[1:] if text.startswith("-") else "£" + text


def fmt_int(value: Any, *, suppressed: bool = False) -> str:
    """A count with thousands separators (``1,234``); ``[c]`` when suppressed.

    Examples
    --------
    >>> fmt_int(1234), fmt_int(7, suppressed=True), fmt_int(None)
    ('1,234', '[c]', '[x]')
    """
    return fmt_number(value, 0, suppressed=suppressed)


def fmt_date(value: str | dt.date) -> str:
    """A date in GOV.UK style, ``"31 March 2026"`` (from an ISO string or a ``date``).

    Examples
    --------
    >>> fmt_date("2026-03-31")
    '31 March 2026'
    """
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.day} {d:%B %Y}"


def _formatter(fmt: Format | Callable[[Any], str], dp: int | None) -> Callable[..., str]:
    """The cell formatter ``f(value, suppressed=False) -> str`` of a table column."""
    if callable(fmt):
        custom = fmt
        return lambda v, suppressed=False: CONFIDENTIAL if suppressed else custom(v)
    if fmt not in _FORMATS:
        raise ValueError(f"unknown format {fmt!r}; valid formats: {', '.join(_FORMATS)}.")
    default_dp = {"pct": 1, "pp": 1, "gbp": 2, "ratio": 2, "number": 1}.get(fmt, 0)
    places = default_dp if dp is None else dp

    def cell(v: Any, suppressed: bool = False) -> str:
        if fmt == "pct":
            return fmt_pct(v, places, suppressed=suppressed)
        if fmt == "gbp":
            return fmt_gbp(v, places, suppressed=suppressed)
        if fmt == "int":
            return fmt_int(v, suppressed=suppressed)
        if fmt == "text":
            return CONFIDENTIAL if suppressed else (NOT_AVAILABLE if _is_missing(v) else str(v))
        text = fmt_number(v, places, suppressed=suppressed)
        return text + " pp" if fmt == "pp" and text not in (CONFIDENTIAL, NOT_AVAILABLE) else text

    return cell


# --------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------
def find(table: pd.DataFrame, **criteria: Any) -> pd.Series | None:
    """The one row of ``table`` whose columns equal ``criteria``, or None when no row does.

    The one way sections read a figure from a table: a sentence about a figure the tables do not
    hold (a group nobody declared this year) says so instead of failing; two rows matching is a
    mistake in the criteria and stops the run.

    Raises
    ------
    KeyError
        When a criterion names a column the table does not have.
    LookupError
        When more than one row matches (the message shows the criteria).

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "value": [1.0, 2.0]})
    >>> float(find(t, group="B")["value"]), find(t, group="C")
    (2.0, None)
    """
    mask = pd.Series(True, index=table.index)
    for column, wanted in criteria.items():
        if column not in table.columns:
            raise KeyError(f"the table has no column '{column}' (columns: {list(table.columns)}).")
        mask &= table[column].astype(object) == wanted
    found = table.loc[mask]
    if len(found) > 1:
        shown = ", ".join(f"{k}={v!r}" for k, v in criteria.items())
        raise LookupError(f"expected at most one row with {shown}; found {len(found)}.")
    return found.iloc[0] if len(found) else None


def is_withheld(r: pd.Series | None) -> bool:
    """Whether a row read with :func:`find` is withheld (a missing row is not: it is no figure,
    shown as [x], not a confidential one)."""
    return r is not None and bool(r["suppressed"])


def interval_text(r: pd.Series | None, fmt: Callable[[Any], str]) -> str:
    """A row's interval for a table cell: "low to high" in ``fmt``; [c] when the row is withheld,
    [x] when there is no row or no interval.

    Examples
    --------
    >>> r = pd.Series({"ci_low": 0.25, "ci_high": 0.5, "suppressed": False})
    >>> interval_text(r, lambda v: f"{v:.2f}"), interval_text(None, str)
    ('0.25 to 0.50', '[x]')
    """
    if is_withheld(r):
        return CONFIDENTIAL
    if r is None or pd.isna(r["ci_low"]) or pd.isna(r["ci_high"]):
        return NOT_AVAILABLE
    return f"{fmt(r['ci_low'])} to {fmt(r['ci_high'])}"


def row(table: pd.DataFrame, **criteria: Any) -> pd.Series:
    """The single row of ``table`` whose columns equal ``criteria``.

    Narrative cells pick their numbers with it, so a sentence is bound to one table row.

    Raises
    ------
    KeyError
        When a criterion names a column the table does not have.
    LookupError
        When no row or more than one row matches (the message shows the criteria).

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B"], "value": [1.0, 2.0]})
    >>> float(row(t, group="B")["value"])
    2.0
    """
    found = find(table, **criteria)
    if found is None:
        shown = ", ".join(f"{k}={v!r}" for k, v in criteria.items())
        raise LookupError(f"expected exactly one row with {shown}; found 0.")
    return found


def confidential_note_for(reasons: Sequence[Any], min_count: int | None) -> str | None:
    """The ``[c]`` footnote for the reasons of a table's withheld cells (methodology §7).

    "fewer than N people" only where a cell is withheld for that (a primary rule); "withheld to
    protect another figure" where one is withheld so that another cannot be worked out
    (``secondary``). ``None`` when no reason is known (the caller's default applies).

    Examples
    --------
    >>> confidential_note_for(["secondary"], 5)
    '[c] confidential: withheld to protect another figure.'
    >>> confidential_note_for(["primary_count", "secondary"], 5)
    '[c] confidential: fewer than 5 people, or withheld to protect another figure.'
    """
    known = {str(r) for r in reasons if isinstance(r, str) and r}
    if not known:
        return None
    secondary = "secondary" in known
    primary = bool(known - {"secondary"})
    if primary and min_count is None:
        return None
    parts = ([f"fewer than {min_count} people"] if primary else []) + (
        ["withheld to protect another figure"] if secondary else [])
    return "[c] confidential: " + (", or ".join(parts)) + "."


def _confidential_note(min_count: int | None, note: str | None,
                       reasons: Sequence[Any] = ()) -> str:
    """The ``[c]`` footnote: ``note``, else by the withheld cells' reasons when every one is
    known (:func:`confidential_note_for`), else both reasons (a yes/no mask does not say which
    applies to a cell, and "fewer than N people" alone would be untrue of a cell withheld to
    protect another figure)."""
    if note is not None:
        return note
    if min_count is None:
        raise ValueError(
            "the table has suppressed cells: pass min_count (params disclosure.min_count) or a "
            "confidential_note so the [c] footnote can say why."
        )
    known = [r for r in reasons if isinstance(r, str) and r]
    if reasons and len(known) == len(reasons):
        return confidential_note_for(known, min_count) or ""
    return confidential_note_for([PRIMARY_UNKNOWN, "secondary"], min_count) or ""


#: A withheld cell's reason when only a yes/no mask is known (either reason may apply).
PRIMARY_UNKNOWN = "primary"


def table_html(
    table: pd.DataFrame,
    *,
    caption: str,
    formats: Mapping[str, Format | Callable[[Any], str]] | None = None,
    suppressed: pd.DataFrame | None = None,
    row_header: str | None = None,
    dp: Mapping[str, int] | None = None,
    min_count: int | None = None,
    confidential_note: str | None = None,
    notes: Sequence[str] = (),
) -> Block:
    """An accessible GSS-style HTML table of a wide DataFrame.

    ``<table>`` with a ``<caption>``, column headers ``<th scope="col">``, the row header column
    as ``<th scope="row">``, numbers right-aligned, withheld cells ``[c]`` and missing cells
    ``[x]``, with a footnote for each symbol used and any extra ``notes`` below the table.

    Parameters
    ----------
    table : DataFrame
        One row per table row; the column names are the column headers as printed.
    caption : str
        The table's title (required: a table without a caption is not accessible).
    formats : mapping column -> format, optional
        ``"pct"`` (percent units), ``"pp"`` (percentage points), ``"gbp"``, ``"int"``,
        ``"ratio"`` (2 dp), ``"number"`` (1 dp), ``"text"``, or a callable. Default: ``"text"``
        for object columns, ``"number"`` for numeric ones.
    suppressed : DataFrame, optional
        Same index and columns (a subset is fine) as ``table``: true where the cell is withheld,
        or the cell's reason (the tidy table's ``suppression_reason``, e.g. ``"secondary"``),
        which the ``[c]`` footnote then gives (:func:`confidential_note_for`).
    row_header : str, optional
        The column whose cells head their rows; default the first column.
    dp : mapping column -> int, optional
        Decimal places overriding the format's default.
    min_count : int, optional
        Disclosure threshold (params ``disclosure.min_count``), for the ``[c]`` footnote.
    confidential_note : str, optional
        The ``[c]`` footnote, overriding the default: by the reasons in ``suppressed``, or, with
        a yes/no mask, ``"[c] confidential: fewer than N people, or withheld to protect another
        figure."``.
    notes : sequence of str
        Further notes printed under the table (source, definitions).

    Returns
    -------
    Block
        Display it in a notebook cell; the publication template copies its HTML.

    Raises
    ------
    ValueError
        For an unknown format, a ``row_header`` not in the table, or suppressed cells with neither
        ``min_count`` nor ``confidential_note``.

    Examples
    --------
    >>> t = pd.DataFrame({"Group": ["Women", "Men"], "Staff": [412, 30],
    ...                   "Median gap": [8.25, 3.0]})
    >>> s = pd.DataFrame({"Median gap": [False, True]})
    >>> h = table_html(t, caption="Pay gaps", formats={"Median gap": "pct"}, suppressed=s,
    ...                min_count=10).html
    >>> '<td class="num">8.3%</td>' in h, '<td class="num">[c]</td>' in h, "3.0" in h
    (True, True, False)

    A row whose every figure is withheld is named in a note instead of shown; a table whose
    every row is withheld becomes that sentence alone.
    """
    formats = dict(formats or {})
    dp = dict(dp or {})
    if row_header is None:
        row_header = str(table.columns[0])
    if row_header not in table.columns:
        raise ValueError(f"row_header '{row_header}' is not a column of the table.")
    for column in formats:
        if column not in table.columns:
            raise ValueError(f"formats names '{column}', which is not a column of the table.")
    cell_format: dict[str, Callable[..., str]] = {}
    numeric: dict[str, bool] = {}
    for column in table.columns:
        fmt = formats.get(column)
        if fmt is None:
            kind = table[column].dtype
            is_num = pd.api.types.is_numeric_dtype(kind) and not pd.api.types.is_bool_dtype(kind)
            fmt = "number" if is_num else "text"
        cell_format[column] = _formatter(fmt, dp.get(column))
        numeric[column] = fmt != "text" and column != row_header
    used: set[str] = set()

    reasons: list[Any] = []

    def is_suppressed(index: Any, column: str) -> bool:
        if suppressed is None or column not in suppressed.columns:
            return False
        flag = suppressed.at[index, column]
        if isinstance(flag, str):
            withheld = bool(flag)
        else:
            withheld = bool(flag) and not (isinstance(flag, float) and math.isnan(flag))
        if withheld:
            reasons.append(flag if isinstance(flag, str) else None)
        return withheld

    # On screen a wide table scrolls inside its block (report.css): the block takes keyboard focus
    # and is a named region, so keyboard users can scroll it too (WCAG 2.1.1, axe
    # "scrollable-region-focusable").
    label = html.escape(caption, quote=True)
    out = [f'<div class="table-block" tabindex="0" role="region" aria-label="{label}">', "<table>",
           f"<caption>{html.escape(caption)}</caption>"]
    out.append("<thead><tr>")
    for column in table.columns:
        cls = ' class="num"' if numeric[column] else ""
        out.append(f'<th scope="col"{cls}>{html.escape(str(column))}</th>')
    out.append("</tr></thead><tbody>")
    texts = [(index, {column: cell_format[column](values[column],
                                                  suppressed=is_suppressed(index, column))
                      for column in table.columns})
             for index, values in table.iterrows()]
    # A row with nothing but withheld cells carries no figure: it is named in a note instead of
    # printed as a line of [c] (issue 19: tables that carry information). The group is still
    # named, so a reader knows it exists and that its figures are withheld.
    empty = {"", CONFIDENTIAL, NOT_AVAILABLE}
    hidden = [CONFIDENTIAL in row.values()
              and all(t in empty for c, t in row.items() if c != row_header)
              for _, row in texts]
    withheld_rows = [row[row_header] for (_, row), h in zip(texts, hidden, strict=True) if h]
    if texts and all(hidden):
        return Block(f"<p>{html.escape(caption)}: every figure is withheld to protect "
                     f"confidentiality {CONFIDENTIAL}.</p>", placement="appendix")
    for (_index, row), h in zip(texts, hidden, strict=True):
        if h:
            continue
        out.append("<tr>")
        for column in table.columns:
            text = row[column]
            if text in (CONFIDENTIAL, NOT_AVAILABLE):
                used.add(text)
            if column == row_header:
                out.append(f'<th scope="row">{html.escape(text)}</th>')
            else:
                cls = ' class="num"' if numeric[column] else ""
                out.append(f"<td{cls}>{html.escape(text)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    footnotes: list[str] = []
    if withheld_rows:
        used.add(CONFIDENTIAL)
        footnotes.append("Not shown, every figure withheld " + CONFIDENTIAL + ": "
                         + "; ".join(withheld_rows) + ".")
    if CONFIDENTIAL in used:
        footnotes.append(_confidential_note(min_count, confidential_note, reasons))
    if NOT_AVAILABLE in used:
        footnotes.append("[x] not applicable: the figure has no meaning or cannot be calculated "
                         "for this group.")
    footnotes.extend(notes)
    for note in footnotes:
        out.append(f'<p class="table-notes">{html.escape(note)}</p>')
    out.append("</div>")
    return Block("".join(out), placement="appendix")


def tidy_table_html(
    tidy: pd.DataFrame,
    *,
    caption: str,
    rows: str = "group",
    columns: str = "measure",
    value: str = "value",
    row_label: str | None = None,
    column_labels: Mapping[str, str] | None = None,
    formats: Mapping[str, Format | Callable[[Any], str]] | None = None,
    dp: Mapping[str, int] | None = None,
    min_count: int | None = None,
    confidential_note: str | None = None,
    notes: Sequence[str] = (),
) -> Block:
    """:func:`table_html` of a tidy long table, pivoted rows x columns with suppression kept.

    Parameters
    ----------
    tidy : DataFrame
        Tidy published table (conventions.md): needs ``rows``, ``columns``, ``value`` and
        ``suppressed`` columns; one row per (``rows``, ``columns``) pair.
    caption : str
        The table's title.
    rows, columns, value : str
        Columns that give the row labels, the column labels and the cell values. Row and column
        order is the order of first appearance in ``tidy`` (sort the table first if needed).
    row_label : str, optional
        Header of the row-label column; default ``rows`` capitalised.
    column_labels : mapping, optional
        Printed header for each value of ``columns`` (e.g. ``{"median_gap": "Median gap"}``).
    formats, dp, min_count, confidential_note, notes
        As :func:`table_html`, keyed by the value of ``columns`` (before relabelling).

    Returns
    -------
    Block

    Raises
    ------
    ValueError
        When a required column is missing or a (row, column) pair appears twice.

    Examples
    --------
    >>> tidy = pd.DataFrame({"group": ["Women", "Women"], "measure": ["mean", "median"],
    ...                      "value": [4.0, 7.0], "suppressed": [False, True]})
    >>> h = tidy_table_html(tidy, caption="Gaps", formats={"mean": "pct", "median": "pct"},
    ...                     min_count=5).html
    >>> "4.0%" in h, "7.0" in h, "[c] confidential: fewer than 5 people" in h
    (True, False, True)
    """
    needed = [rows, columns, value, "suppressed"]
    missing = [c for c in needed if c not in tidy.columns]
    if missing:
        raise ValueError(f"the tidy table lacks column(s) {missing}; it has {list(tidy.columns)}.")
    if tidy.duplicated([rows, columns]).any():
        dup = tidy.loc[tidy.duplicated([rows, columns], keep=False), [rows, columns]]
        raise ValueError(f"each ({rows}, {columns}) pair must appear once; repeated: "
                         f"{dup.drop_duplicates().values.tolist()[:5]}.")
    row_order = list(dict.fromkeys(tidy[rows]))
    col_order = list(dict.fromkeys(tidy[columns]))
    values = tidy.pivot(index=rows, columns=columns, values=value).reindex(
        index=row_order, columns=col_order
    )
    flags = (
        tidy.assign(suppressed=tidy["suppressed"].astype(bool))
        .pivot(index=rows, columns=columns, values="suppressed")
        .reindex(index=row_order, columns=col_order)
        .fillna(False)
        .astype(bool)
    )
    # Withheld numbers are dropped here, before formatting, so they cannot reach the page.
    values = values.astype(float).mask(flags)
    labels = {c: (column_labels or {}).get(c, str(c)) for c in col_order}
    head = row_label or rows.replace("_", " ").capitalize()
    wide = values.rename(columns=labels).rename_axis(index=None, columns=None)
    wide.insert(0, head, row_order)
    wide = wide.reset_index(drop=True)
    sup = flags.rename(columns=labels).reset_index(drop=True)
    if confidential_note is None and "suppression_reason" in tidy.columns:
        withheld = tidy["suppressed"].astype(bool)
        confidential_note = confidential_note_for(
            tidy.loc[withheld, "suppression_reason"].tolist(), min_count)
    return table_html(
        wide,
        caption=caption,
        formats={labels[k]: v for k, v in (formats or {}).items()},
        dp={labels[k]: v for k, v in (dp or {}).items()},
        suppressed=sup,
        row_header=head,
        min_count=min_count,
        confidential_note=confidential_note,
        notes=notes,
    )


# --------------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------------
def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def gap_sentence(
    figures: Mapping[str, Any],
    *,
    group: str,
    reference: str,
    measure: str,
    level: float | None = None,
    dp: int = 1,
) -> str:
    """One plain-English sentence about a pay gap, worded from its direction and significance.

    ``"Women's median hourly pay is 8.2% lower than men's."``; with an interval that includes zero
    it adds ``"…; the difference is not statistically distinguishable from zero (95% confidence
    interval -1.0% to 5.0%)."``.

    Parameters
    ----------
    figures : mapping (a tidy table row)
        ``value`` (the gap in percent, positive = the group is paid less than the reference
        group), optional ``ci_low``/``ci_high`` and ``suppressed``. Pass a row of the published
        table (:func:`row`), so the sentence's numbers are the table's.
    group, reference : str
        Possessive phrases, e.g. ``"women's"`` and ``"men's"``, ``"disabled staff's"``.
    measure : str
        What is compared, e.g. ``"median hourly pay"``.
    level : float, optional
        Confidence level of the interval (params ``confidence_level``); required when the row
        has an interval.
    dp : int
        Decimal places of the printed numbers.

    Returns
    -------
    str
        A sentence with a capital letter and full stop. A suppressed gap says it is withheld
        ``[c]`` and prints no number; a NaN gap says it cannot be calculated ``[x]``.

    Raises
    ------
    ValueError
        When the row has an interval and ``level`` is not given.

    Notes
    -----
    The direction words follow the *rounded* figure, so the sentence never says "lower" next to
    "0.0%": a gap that rounds to zero reads "the same as". "Not statistically distinguishable
    from zero" means the interval contains 0 (bounds included).

    Examples
    --------
    >>> gap_sentence({"value": 8.2}, group="women's", reference="men's",
    ...              measure="median hourly pay")
    "Women's median hourly pay is 8.2% lower than men's."
    >>> s = gap_sentence({"value": -2.0, "ci_low": -6.0, "ci_high": 1.5}, group="disabled staff's",
    ...                  reference="non-disabled staff's", measure="mean hourly pay", level=0.95)
    >>> s.split("; ")[0]
    "Disabled staff's mean hourly pay is 2.0% higher than non-disabled staff's"
    >>> s.split("; ")[1][:61]
    'the difference is not statistically distinguishable from zero'
    >>> s.split(" (")[1]
    '95% confidence interval -6.0% to 1.5%).'
    """
    if bool(figures.get("suppressed", False)):
        return _capitalise(
            f"the comparison of {group} {measure} with {reference} is withheld "
            f"{CONFIDENTIAL} to protect confidentiality."
        )
    value = figures.get("value")
    if _is_missing(value):
        return _capitalise(
            f"{group} {measure} cannot be compared with {reference} {NOT_AVAILABLE}."
        )
    x = _check_number(value)
    rounded = _round_half_away(x, dp)
    if rounded.is_zero():
        core = f"{group} {measure} is the same as {reference} (a gap of {fmt_pct(0.0, dp)})"
    else:
        word = "lower" if rounded > 0 else "higher"
        core = f"{group} {measure} is {fmt_pct(abs(x), dp)} {word} than {reference}"
    lo, hi = figures.get("ci_low"), figures.get("ci_high")
    if _is_missing(lo) or _is_missing(hi):
        return _capitalise(core) + "."
    if level is None:
        raise ValueError("the row has a confidence interval: pass level (params confidence_level).")
    interval = (
        f"{fmt_pct(float(level), 0, unit='fraction')} confidence interval "
        f"{fmt_pct(lo, dp)} to {fmt_pct(hi, dp)}"
    )
    if float(lo) <= 0.0 <= float(hi):
        return _capitalise(core) + (
            "; the difference is not statistically distinguishable from zero "
            f"({interval})."
        )
    return _capitalise(core) + f" ({interval})."


def paragraph(*sentences: str) -> Block:
    """A ``<p>`` of sentences (escaped), for a notebook cell to display.

    Examples
    --------
    >>> paragraph("Pay is 5.0% lower.", "Fewer than 10 <people>.").html
    '<p>Pay is 5.0% lower. Fewer than 10 &lt;people&gt;.</p>'
    """
    return Block("<p>" + " ".join(html.escape(s, quote=False) for s in sentences) + "</p>")


def title_page(params: Mapping[str, Any], *, lang: str = "en-GB") -> Block:
    """The report's title block: organisation, "Workforce equality report <year>", dates.

    All values come from the parameters (``organisation``, ``year``, ``snapshot_date``,
    ``publication_date``), never from today's date. The block carries its values as JSON under
    :data:`REPORT_MIMETYPE`; :func:`eqlib.render.notebook_to_html` reads them for the page's
    ``<title>``, language, header and running footer, so display it once, in the first cell.

    Parameters
    ----------
    params : mapping
        The validated parameters (:class:`eqlib.config.Params`).
    lang : str
        BCP 47 language of the report.

    Returns
    -------
    Block

    Examples
    --------
    >>> b = title_page({"organisation": "Org", "year": 2026, "snapshot_date": "2026-03-31",
    ...                 "publication_date": "2027-03-01"})
    >>> b.metadata["title"], b.metadata["published"]
    ('Workforce equality report 2026', '1 March 2027')
    """
    meta = {
        "organisation": str(params["organisation"]),
        "year": int(params["year"]),
        "title": f"Workforce equality report {int(params['year'])}",
        "snapshot": fmt_date(params["snapshot_date"]),
        "published": fmt_date(params["publication_date"]),
        "lang": lang,
    }
    e = {k: html.escape(str(v)) for k, v in meta.items()}
    body = (
        f'<div class="title-block"><p>{e["organisation"]}</p><h1>{e["title"]}</h1>'
        f"<p>Snapshot date: {e['snapshot']}. Published: {e['published']}.</p></div>"
    )
    return Block(body, metadata=meta)


def markdown_document(path: str | Path, *, heading_shift: int = 1,
                      title: str | None = None) -> Block:
    """A Markdown file as a report block, its headings moved down ``heading_shift`` levels.

    The methodology appendix is ``docs/methodology.md`` itself, so the published definitions and
    the project's documentation are one text. Its ``#`` title becomes a ``##`` section (the report
    has one level-1 heading, the title block's).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "m.md"
    ...     _ = p.write_text("# Title\\n\\nText.\\n")
    ...     print(markdown_document(p).html.strip())
    <h2>Title</h2>
    <p>Text.</p>
    """
    import mistune  # noqa: PLC0415 - nbconvert's Markdown parser (no extra dependency)

    text = Path(path).read_text(encoding="utf-8")
    if title is not None:  # the document's own title replaced, e.g. by "Appendix B: ..."
        text = re.sub(r"\A#[^\n]*", lambda _: f"# {title}", text, count=1)
    shifted = re.sub(r"(?m)^(#{1,5}) ", lambda m: "#" * (len(m.group(1)) + heading_shift) + " ",
                     text)
    return Block(mistune.create_markdown(plugins=["table"])(shifted))


def heading(text: str, *, level: int = 2, new_page: bool = True) -> Block:
    """A section (``level=2``) or subsection (``level=3``) heading; it enters the contents list.

    In print every section starts a new page; ``new_page=False`` lets a short section follow
    the one before it on the same page.

    Examples
    --------
    >>> heading("Gender pay gap").html
    '<h2>Gender pay gap</h2>'
    >>> heading("Contact", new_page=False).html
    '<h2 class="run-on">Contact</h2>'
    """
    if level not in (2, 3):
        raise ValueError(f"level must be 2 (section) or 3 (subsection), got {level!r}")
    css = "" if new_page else ' class="run-on"'
    return Block(f"<h{level}{css}>{html.escape(text)}</h{level}>")


def bullet_list(items: Sequence[str]) -> Block:
    """A ``<ul>`` of sentences (escaped), e.g. the summary's headline findings.

    Examples
    --------
    >>> bullet_list(["One.", "Two <three>."]).html
    '<ul><li>One.</li><li>Two &lt;three&gt;.</li></ul>'
    """
    return Block("<ul>" + "".join(f"<li>{html.escape(s, quote=False)}</li>" for s in items)
                 + "</ul>")


# --------------------------------------------------------------------------------------------------
# Main report and Appendix A
# --------------------------------------------------------------------------------------------------
#: Title of the appendix that holds every section's detailed tables.
APPENDIX_TITLE = "Appendix A: detailed tables"


def in_main_report(block: Any) -> Any:
    """Keep ``block`` (usually a table) in the main report instead of Appendix A; returns it."""
    block.placement = "main"
    return block


def in_appendix(block: Any) -> Any:
    """Move ``block`` (a paragraph of detail, such as a sensitivity analysis) to Appendix A,
    beside the section's tables; returns it."""
    block.placement = "appendix"
    return block


def _chart_or_sentence(block: Any) -> Any:
    """A chart whose every figure is withheld draws nothing: it becomes a sentence saying so."""
    data = getattr(block, "data", None)
    if isinstance(data, pd.DataFrame) and "suppressed" in data and len(data) \
            and data["suppressed"].astype(bool).all():
        return paragraph(f"{block.caption}: every figure is withheld to protect confidentiality "
                         f"{CONFIDENTIAL}.")
    return block


def report_section(title: str, blocks: Sequence[Any], appendix: list[tuple[str, list[Any]]],
                   *, level: int = 2, new_page: bool = True) -> list[Any]:
    """The main-report blocks of one section; its detailed tables are added to ``appendix``.

    The main report says what matters in sentences and charts and stays short (issue 19: about
    20 pages); every table of the section still appears, in the same order, under the
    section's title in Appendix A (:func:`appendix_blocks`), and the section says so.

    Parameters
    ----------
    title : str
        The section's heading.
    blocks : sequence of Block or Chart
        What the topic module built, in order; each has a ``placement``.
    appendix : list
        Collects ``(title, detail blocks)`` for :func:`appendix_blocks`; changed in place.
    level : int
        Heading level of the section (2) or subsection (3).
    new_page : bool
        False lets the section follow the one before on the same page (:func:`heading`).

    Returns
    -------
    list
        The heading and the main-report blocks, to display.

    Examples
    --------
    >>> collected = []
    >>> shown = report_section("Pay", [paragraph("Gap."), Block("<table></table>",
    ...                        placement="appendix")], collected)
    >>> [b.html for b in shown]
    ['<h2>Pay</h2>', '<p>Gap.</p>', '<p>The detailed tables of this section are in Appendix A, under “Pay”.</p>']
    >>> [(t, len(b)) for t, b in collected]
    [('Pay', 1)]
    """
    main = [_chart_or_sentence(b) for b in blocks if getattr(b, "placement", "main") == "main"]
    detail = [b for b in blocks if getattr(b, "placement", "main") == "appendix"]
    shown: list[Any] = [heading(title, level=level, new_page=new_page), *main]
    if detail:
        appendix.append((title, detail))
        shown.append(paragraph(f"The detailed tables of this section are in Appendix A, under "
                               f"“{title}”."))
    return shown


def appendix_blocks(appendix: Sequence[tuple[str, Sequence[Any]]]) -> list[Any]:
    """Appendix A: every section's detailed tables under the section's title, in report order."""
    if not appendix:
        return []
    out: list[Any] = [heading(APPENDIX_TITLE), paragraph(
        "These tables give every figure behind the sections of this report, with confidence "
        "intervals where the figure is an estimate. They are also published as a spreadsheet "
        "and as CSV files with the report.")]
    for title, blocks in appendix:
        out += [heading(title, level=3), *blocks]
    return out
