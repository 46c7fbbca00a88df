"""Pay gap report: the analysis of ``02_pay_gaps.ipynb``, its tidy tables and publication sections.

The logic lives in :mod:`eqlib.paygap`, :mod:`eqlib.adjusted`, :mod:`eqlib.sensitivity` and
:mod:`eqlib.national_gpg`; this module runs them with the year's parameters, turns their wide results
into the tidy publication tables (:mod:`eqlib.tables`) and writes publication sections 4 (gender
pay gap) and 5 (other pay gaps) from the tables *after* disclosure control.

Terms
-----
wide tables
    The analytical results, one row per group (:func:`run` returns them all as one
    :class:`PayGapResults`, fields :data:`WIDE_NAMES`); the notebook shows them to the analyst,
    and :func:`build_tables` turns the same object into the published tables.
tidy tables
    The publication tables (:func:`build_tables`), unsuppressed; disclosure control runs on them
    afterwards. Names, measures and populations are listed in :data:`TABLES`.
populations
    ``fpre`` (full-pay relevant employees: hourly gaps, pay quarters), ``relevant`` (every
    relevant employee: bonus figures, declaration rates), ``national_gpg`` (other employers'
    published figures: kind ``external``, never suppressed).
statutory figures
    The six figures of the 2017 Regulations (methodology §1) as submitted to GOV.UK: rounded to
    1 decimal place half away from zero, each quarter's female share ``100 − male share``
    (:func:`eqlib.paygap.gpg_submission`). The publication prints exactly what is submitted.
binary comparison
    A characteristic whose pay-gap column has two declared groups (sex, ethnicity binary,
    disability, sexual orientation grouped as LGB+ / straight): the ones with non-declaration
    bounds, adjusted gaps and decompositions.

Sign convention everywhere: gap = (reference − group) / reference × 100, positive when the group
is paid less than the reference group.
"""

from __future__ import annotations

from eqlib.topics.paygap.analysis import (
    ALL_STAFF,
    BENCHMARK_ORGANISATION,
    BENCHMARK_STATISTICS,
    CHART_SET,
    DISTRIBUTION_FIGURES,
    INPUTS,
    INTERSECTIONS,
    PUBLISHED_SETS,
    TABLES,
    WIDE_NAMES,
    WITHIN_LEVELS,
    PayGapResults,
    adjusted_table,
    benchmark_tables,
    binary_characteristics,
    cost_to_close_table,
    declaration_table,
    decomposition_table,
    gaps_by_characteristic,
    intersectional_table,
    quarter_table,
    run,
    sensitivity_table,
    statutory_figures,
    trend_tables,
    within_table,
    write_cost_to_close,
    write_submission,
)
from eqlib.topics.paygap.section import (
    HEADLINE_COMPARISONS,
    adjusted_distinguishable,
    glance,
    headline,
    quarter_chart,
    section,
    statutory_figures_table,
)
from eqlib.topics.paygap.tables import (
    build_tables,
)

__all__ = [
    "ALL_STAFF",
    "BENCHMARK_ORGANISATION",
    "BENCHMARK_STATISTICS",
    "CHART_SET",
    "DISTRIBUTION_FIGURES",
    "HEADLINE_COMPARISONS",
    "INPUTS",
    "INTERSECTIONS",
    "PUBLISHED_SETS",
    "TABLES",
    "WIDE_NAMES",
    "WITHIN_LEVELS",
    "PayGapResults",
    "adjusted_distinguishable",
    "adjusted_table",
    "benchmark_tables",
    "binary_characteristics",
    "build_tables",
    "cost_to_close_table",
    "declaration_table",
    "decomposition_table",
    "gaps_by_characteristic",
    "glance",
    "headline",
    "intersectional_table",
    "quarter_chart",
    "quarter_table",
    "run",
    "section",
    "sensitivity_table",
    "statutory_figures",
    "statutory_figures_table",
    "trend_tables",
    "within_table",
    "write_cost_to_close",
    "write_submission",
]
