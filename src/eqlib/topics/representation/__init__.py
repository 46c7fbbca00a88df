"""Workforce representation for the publication: tidy tables, section 6 and headline sentences.

Assembly only: every figure is computed by :mod:`eqlib.representation` and
:mod:`eqlib.census`. :func:`run` applies them to the year's data once (one
:class:`RepresentationResults`, which the notebook shows); :func:`build_tables` lays the same
object out as the tidy tables of :mod:`eqlib.tables`; :func:`section` and :func:`headline` word
and draw them for the publication from the *suppressed* tables.

Terms
-----
level
    ``All staff`` (:data:`ALL_STAFF`), a grade band (params ``grade_bands`` names, e.g.
    ``junior``), a grade, a directorate, the top earners (:data:`TOP_EARNERS`), ``All boards``
    (:data:`ALL_BOARDS`, each member counted once), a board, a board role, ``Voting`` /
    ``Non-voting``. In the trend table a level is ``"<year>: <level>"``.
population
    ``workforce`` (reporting year), ``boards`` (reporting year) and, in the trend table only,
    ``workforce_<year>`` for every year analysed.
additive structure (for disclosure control)
    Composition tables hold, at every level, one count per group, a ``Declared`` subtotal (its
    declared groups have ``group_parent`` ``Declared``) and a ``Total`` (``Declared``,
    ``Prefer not to say`` and ``Not known`` have ``group_parent`` ``Total``); ``sex``, which HR
    data always hold, has no ``Declared`` row. Grade bands have ``level_parent`` ``All staff``,
    grades their grade band, directorates ``All staff``. Shares, indices and differences sit at
    the same ``(population, characteristic, group, level)`` cells as the counts, so withholding a
    count withholds them too.
representation index
    ``share among the declared / population share`` (methodology §3.1): 1 is proportional, below
    1 under-represented. Published with its Clopper-Pearson interval, the exact binomial
    ``p_value``, the percentage-point difference and, in the benchmark table, the population
    share (kind ``external``).

Tables (:func:`build_tables`; every name starts ``representation_``):

============================================  ===================================================
``representation_index``                      index, share, diff_pp, p_value by characteristic,
                                              all staff and each grade band
``representation_benchmark``                  the population shares used (``external``)
``representation_composition_grade_band``     count and % of everyone, all staff and grade bands
``representation_composition_grade``          count and % by grade
``representation_composition_directorate``    count and % by directorate
``representation_composition_top_earners``    count and % among the top 10% of earners
``representation_level_difference``           each grade band's share minus all staff's (pp)
``representation_progression``                share at the top band / share in all staff
``representation_declaration``                declaration rate (% of everyone), staff and boards
``representation_diversity``                  distinct groups and Blau index, staff and boards
``representation_boards``                     board counts, %, index vs the population
``representation_boards_vs_workforce``        board share minus the workforce share (pp)
``representation_ses``                        socio-economic questions tabulated
``representation_trend``                      index and share by year, all staff and bands
============================================  ===================================================

Residual disclosure risks not modelled by the additive structure (reported to the disclosure
owner): ethnicity is tabulated at three aggregations (19 / broad / binary) as separate
characteristics, so differencing between them is not checked; trend populations
(``workforce_<year>``) are not linked to ``workforce``.
"""

from __future__ import annotations

from eqlib.topics.representation.analysis import (
    AGE_CAVEAT,
    ALL_BOARDS,
    ALL_GROUPS,
    ALL_STAFF,
    CHILDREN_CAVEAT,
    DECLARATION_NOTE,
    DECLARED,
    DIRECTORATE_POPULATION,
    INPUTS,
    NOT_APPLICABLE_REASON,
    POPULATION_SHORT,
    TOP_EARNER_SHARE,
    TOP_EARNERS,
    TOTAL,
    RepresentationResults,
    benchmark_label,
    board_people,
    index_by_band,
    population_of,
    run,
    top_levels,
)
from eqlib.topics.representation.section import (
    glance,
    headline,
    index_chart,
    section,
    section_numbers,
)
from eqlib.topics.representation.tables import (
    build_tables,
)

__all__ = [
    "AGE_CAVEAT",
    "ALL_BOARDS",
    "ALL_GROUPS",
    "ALL_STAFF",
    "CHILDREN_CAVEAT",
    "DECLARATION_NOTE",
    "DECLARED",
    "DIRECTORATE_POPULATION",
    "INPUTS",
    "NOT_APPLICABLE_REASON",
    "POPULATION_SHORT",
    "RepresentationResults",
    "TOP_EARNERS",
    "TOP_EARNER_SHARE",
    "TOTAL",
    "benchmark_label",
    "board_people",
    "build_tables",
    "glance",
    "headline",
    "index_by_band",
    "index_chart",
    "population_of",
    "run",
    "section",
    "section_numbers",
    "top_levels",
]
