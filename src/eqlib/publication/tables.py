"""Tables of the publication: reading a figure from a tidy table (:func:`find`), and accessible
HTML tables of tidy or wide data.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from eqlib.publication.formatting import (
    Block,
    Format,
    _formatter,
)
from eqlib.tables import CONFIDENTIAL, NOT_AVAILABLE


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


__all__ = [
    "confidential_note_for",
    "row",
    "find",
    "is_withheld",
    "interval_text",
    "table_html",
    "tidy_table_html",
]
