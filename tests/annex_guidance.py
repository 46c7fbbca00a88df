"""Checks of a data annex against the structural points of the Government Analysis Function's
guidance "Releasing statistics in spreadsheets", shared by tests/unit/test_annex.py (a small
annex) and tests/e2e/test_report.py (the annex of a real build).

Returns a list of problems (empty when the workbook follows the guidance), so a failing test
shows every problem at once.
"""

from __future__ import annotations

import numbers
from pathlib import Path

import openpyxl

SHORTHAND = ("[c]", "[x]", "[z]")


def guidance_problems(path: Path) -> list[str]:
    problems: list[str] = []
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    if names[:3] != ["Cover", "Contents", "Notes"]:
        problems.append(f"the first sheets are {names[:3]}, not Cover, Contents, Notes")
    cover_text = " ".join(str(c.value) for row in wb["Cover"].iter_rows() for c in row if c.value)
    for needed in ("Published", "Source", "Contact", *SHORTHAND):
        if needed not in cover_text:
            problems.append(f"the cover does not give '{needed}'")
    notes_text = " ".join(str(c.value) for row in wb["Notes"].iter_rows() for c in row if c.value)
    for symbol in SHORTHAND:
        if f"{symbol} " not in notes_text:
            problems.append(f"the notes do not explain {symbol}")
    contents = [r for r in wb["Contents"].iter_rows(values_only=True)]
    listed = {r[0] for r in contents if r and r[0]}
    for ws in wb.worksheets:
        name = ws.title
        a1 = ws["A1"].value
        if not isinstance(a1, str) or not a1.strip():
            problems.append(f"{name}: no title in cell A1")
        if ws.merged_cells.ranges:
            problems.append(f"{name}: merged cells {ws.merged_cells.ranges}")
        if name == "Cover":
            continue
        if name not in ("Contents", "Notes") and name not in listed:
            problems.append(f"{name}: not listed on the contents sheet")
        if len(ws.tables) != 1:
            problems.append(f"{name}: {len(ws.tables)} tables, not one")
            continue
        table = next(iter(ws.tables.values()))
        first, last = table.ref.split(":")
        top = ws[first].row
        bottom = ws[last].row
        header = [c.value for c in ws[top]]
        if any(not isinstance(h, str) or not h.strip() for h in header):
            problems.append(f"{name}: a blank column header in {header}")
        # nothing but the title and the notes above the table, nothing below it
        for r in range(2, top):
            if all(c.value is None for c in ws[r]):
                problems.append(f"{name}: blank row {r} above the table")
        if ws.max_row > bottom:
            problems.append(f"{name}: content below the table (row {ws.max_row})")
        for row in ws.iter_rows(min_row=top + 1, max_row=bottom):
            values = [c.value for c in row]
            if all(v is None for v in values):
                problems.append(f"{name}: blank row {row[0].row} in the table")
                break
            if any(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                problems.append(f"{name}: blank cell in row {row[0].row}: {values}")
                break
        # numbers stored as numbers: a column that holds numbers holds nothing else but the
        # shorthand for a figure not shown
        for col in ws.iter_cols(min_row=top + 1, max_row=bottom):
            values = [c.value for c in col]
            if any(is_number(v) for v in values):
                odd = [c for c in col if not is_number(c.value) and c.value not in SHORTHAND]
                if odd:
                    problems.append(f"{name}!{odd[0].coordinate}: {odd[0].value!r} in a column "
                                    "of numbers")
    return problems


def is_number(value: object) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)
