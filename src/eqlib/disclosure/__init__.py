"""Statistical disclosure control (methodology §7): suppression, rounding, the log, the checker.

Every table written to ``publish/tables/`` is a tidy table (:mod:`eqlib.tables`) that has been
through :func:`protect` (or :func:`protect_tables` for tables that share a population), and every
published folder is verified by :func:`check_publish_folder` before the PDF is built.

Terms
-----
primary suppression
    Withholding a value because of what it shows by itself: a count ``0 < n < min_count``
    (``primary_count``); a share, rate or index whose numerator, or whose denominator minus
    numerator, is in ``1..min_count-1``, or whose denominator is under ``min_group_stat``
    (``primary_share``); a statistic of fewer than ``min_group_stat`` people, or a pay gap, pay
    sum or pay mean of fewer than ``min_group_pay`` (``primary_statistic``); a pay sum or mean
    whose two largest contributors make more than ``nk_k`` of the cell total (``dominance``).
    Zero counts are published unless ``zeros_disclosive``. Intervals follow their estimate.
secondary (complementary) suppression
    Withholding further figures so that no withheld value can be worked out from what is
    published (``secondary``). Counts: one linear system per population (:func:`_system`) holds
    the count rows and the counts other figures show (a rate's ``numerator`` and ``n``, a gap's
    ``n`` and ``n_reference``), related by ``group_parent`` and ``level_parent`` (each parent the
    sum of its children), trials = successes + failures, two-year windows = their two years,
    funnel transitions against stage counts, and one Total per population and level across
    characteristics. Non-linear links (:func:`_propagate`): a cell with anything withheld shows
    nothing else, comparisons with a withheld reference group are withheld, a diversity index
    only with all its level's counts published. Repeated to a fixed point.
protection
    A withheld count (or a rate's small "not selected" count) is protected when, given everything
    published, its value can lie anywhere in a range at least ``min_count`` wide. This is measured
    exactly by linear programming (HiGHS, :mod:`eqlib.lp`), by the suppression code and,
    independently, by the attacker.
published precision
    Every published value is rounded to the precision the report shows (:data:`PRECISION`).
rounding
    Optional: published counts rounded to the nearest multiple of ``round_to`` (halves up), and
    shares recomputed from the rounded counts so they cannot undo the rounding (methodology §7).
suppression log
    One row per withheld value: table, population, characteristic, group, level, measure, rule.
checker
    :func:`check_table` / :func:`check_tables` / :func:`check_publish_folder`: re-derives every
    cell rule from :class:`DisclosureRules` directly on the published values, then runs the
    attacker (:mod:`eqlib.attacker`) over all tables of each population. Neither shares code with
    the suppression functions (only the measure-kind registry of :mod:`eqlib.tables`), so a bug in
    one is caught by the other.

Across years: :func:`protect_tables` (``year``, ``previous``) reads the tables in the trend
tables' terms and protects them together with the previous year's publication, and
:func:`check_publish_folder` (``year``, ``previous``) attacks both publications together.

Means of overlapping groups: :func:`_protect_means` (and, independently,
:func:`eqlib.attacker.mean_findings`).

Known residual risk (written in the methodology and docs/assumptions_caveats.md): publications
older than last year's, differencing between tables of different populations, medians of
overlapping groups and means across characteristics that no intersection crosses.
"""

from __future__ import annotations

from eqlib.disclosure.checker import (
    Violation,
    as_earlier_year,
    assert_safe,
    check_publish_folder,
    check_table,
    check_tables,
)
from eqlib.disclosure.collapse import (
    collapse_groups,
    collapse_plan,
)
from eqlib.disclosure.primary import (
    dominance,
    dominated_cells,
    dominated_rows,
    primary_suppression,
)
from eqlib.disclosure.protect import (
    MEASURE_PRECISION,
    PRECISION,
    protect,
    protect_tables,
    published_precision,
    round_to_base,
    rounded,
    suppression_log,
    write_suppression_log,
)
from eqlib.disclosure.rules import (
    COLLAPSE_COLUMNS,
    LOG_COLUMNS,
    RULES,
    DisclosureRules,
)
from eqlib.disclosure.secondary import (
    COMPARISON_KINDS,
    COMPARISON_MEASURES,
    LEVEL_SUMMARY_MEASURES,
    secondary_suppression,
)

__all__ = [
    "COLLAPSE_COLUMNS",
    "COMPARISON_KINDS",
    "COMPARISON_MEASURES",
    "DisclosureRules",
    "LEVEL_SUMMARY_MEASURES",
    "LOG_COLUMNS",
    "MEASURE_PRECISION",
    "PRECISION",
    "RULES",
    "Violation",
    "as_earlier_year",
    "assert_safe",
    "check_publish_folder",
    "check_table",
    "check_tables",
    "collapse_groups",
    "collapse_plan",
    "dominance",
    "dominated_cells",
    "dominated_rows",
    "primary_suppression",
    "protect",
    "protect_tables",
    "published_precision",
    "round_to_base",
    "rounded",
    "secondary_suppression",
    "suppression_log",
    "write_suppression_log",
]
