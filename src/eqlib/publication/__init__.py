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

from eqlib.publication.formatting import (
    REPORT_MIMETYPE,
    Block,
    Format,
    Placement,
    fmt_date,
    fmt_gbp,
    fmt_int,
    fmt_number,
    fmt_pct,
)
from eqlib.publication.sentences import (
    APPENDIX_TITLE,
    appendix_blocks,
    bullet_list,
    gap_sentence,
    heading,
    in_appendix,
    in_main_report,
    markdown_document,
    paragraph,
    report_section,
    title_page,
)
from eqlib.publication.tables import (
    PRIMARY_UNKNOWN,
    confidential_note_for,
    find,
    interval_text,
    is_withheld,
    row,
    table_html,
    tidy_table_html,
)
from eqlib.tables import CONFIDENTIAL, NOT_AVAILABLE

__all__ = [
    "CONFIDENTIAL",
    "NOT_AVAILABLE",
    "APPENDIX_TITLE",
    "Block",
    "Format",
    "PRIMARY_UNKNOWN",
    "Placement",
    "REPORT_MIMETYPE",
    "appendix_blocks",
    "bullet_list",
    "confidential_note_for",
    "find",
    "fmt_date",
    "fmt_gbp",
    "fmt_int",
    "fmt_number",
    "fmt_pct",
    "gap_sentence",
    "heading",
    "in_appendix",
    "in_main_report",
    "interval_text",
    "is_withheld",
    "markdown_document",
    "paragraph",
    "report_section",
    "row",
    "table_html",
    "tidy_table_html",
    "title_page",
]
