"""Positive action and employment outcomes: tables and publication sections 7 and 8.

Assembly code of ``notebooks/04_positive_action.ipynb``: it runs the analyses of
:mod:`eqlib.outcomes` on the processed data of every year (:func:`run`), turns them
into the tidy publication tables (:func:`build_tables`, unsuppressed: disclosure control runs
afterwards) and writes the publication's sections from the *suppressed* tables only
(:func:`section`, :func:`headline`).

Terms
-----
data
    ``{year: {"workforce": df, "applications": df, "events": df}}``: the processed tables of each
    snapshot year (``eqlib.io.read_processed`` or ``eqlib.quality.load_years(...)[y].tables``).
funnel
    The recruitment stages of params ``funnel_stages``; a *transition* is one step
    (``applied -> shortlisted``) or the overall rate (``applied -> appointed (overall)``), with the
    withdrawal rule of methodology §4.1.
relative likelihood (RL)
    WRES orientation: for recruitment, promotion and training ``rate_reference / rate_group``; for
    leavers, disciplinary, capability and grievances ``rate_group / rate_reference``. Either way
    above 1 means the group fares worse than the reference group. The programme and the
    guaranteed-interview scheme use the same orientation (``rate_non_participants /
    rate_participants``; ``rate_other / rate_scheme``): one orientation in every table, chart and
    sentence, stated on every chart's axis.
four-fifths flag, fragile, significant disparity
    Derived in :func:`section` from the published values (impact ratio, numerators and trials,
    Holm-adjusted Fisher p), so a flag is never shown for a value disclosure control withheld.

Tables (all tidy, :func:`eqlib.tables.tidy`)
--------------------------------------------
``outcomes_funnel_counts``
    population ``applications``; per characteristic, group (and ``Total``) and stage (level):
    ``applicants`` (reached the stage) and ``withdrawn`` (withdrew at it).
``outcomes_funnel_rates``
    population ``applications``; per characteristic, group and transition (level): ``rate``
    (Wilson interval), ``relative_likelihood`` (Katz interval), ``impact_ratio``,
    ``fisher_p_holm``; numerator = people reaching the later stage, n = people in the denominator.
``outcomes_funnel_stratified``
    population ``applications``; per characteristic, declared non-reference group and
    ``<transition>: all vacancies`` / ``<transition>: within vacancy grade`` (level): the crude and
    the Mantel–Haenszel ``relative_likelihood`` with intervals.
``outcomes_lifecycle_<outcome>``
    population ``lifecycle_<outcome>``; per characteristic, group (and ``Total``) and year (level,
    ``"2026"``, ``"2023 (year-end headcount)"`` for a first snapshot year, ``"2025-2026 (two
    years)"`` for rolling figures): ``trials`` (people employed in the year), ``successes`` (people
    with the outcome), ``rate``, ``relative_likelihood``, ``fisher_p_holm``.
``outcomes_programme``
    population ``programme``; groups ``Participants`` / ``Eligible non-participants``, level
    ``grade_rise_12m``, ``retention_12m`` (and ``_24m`` when a snapshot two years earlier records
    participants): ``trials``, ``successes``, ``rate``, ``relative_likelihood``, ``fisher_p`` and,
    for participants, the model's ``odds_ratio`` and ``p_value``.
``outcomes_programme_did``
    population ``internal_applications_all_years`` (internal applicants not under the guaranteed
    interview scheme, :func:`did_applications`); per target characteristic, the target groups
    and the reference, level ``before`` / ``after`` the programme start (applied → appointed
    overall rate), ``change`` (the interaction ``odds_ratio`` and ``p_value``) and ``placebo``
    (the same model on the years before the start, a parallel-trends check).
``outcomes_nhs_standards``
    population ``applications``; NHS WRES indicator 2 (characteristic ``ethnicity_wres``,
    ``White`` / ``BME``) and WDES metric 2 (``disability``), level the indicator's name:
    ``trials`` (shortlisted), ``successes`` (appointed), ``rate``, ``relative_likelihood``
    (reference rate / group rate, as the standards define it), ``impact_ratio``, ``fisher_p``.
``outcomes_guaranteed_interview``
    population ``applications``; ``Scheme applicants`` / ``Other applicants`` among disabled
    applicants, level ``interview rate`` / ``appointment rate``.
"""

from __future__ import annotations

from eqlib.topics.outcomes.analysis import (
    CRUDE,
    DID_POPULATION,
    FUNNEL_COLUMNS,
    GUARANTEED_INTERVIEW_GROUP,
    INPUTS,
    LIFECYCLE_COLUMNS,
    LIFECYCLE_LABELS,
    NA_NOT_DECLARED,
    NA_REFERENCE,
    NA_UNDEFINED,
    NOTHING_TO_REPORT_LIFECYCLE,
    NOTHING_TO_REPORT_RECRUITMENT,
    PROGRAMME_CONTROLS,
    STAGE_COUNT_COLUMNS,
    STRATIFIED_COLUMNS,
    TABLE_PREFIX,
    WDES_2,
    WITHIN,
    WRES_2,
    OutcomesAnalysis,
    compared_characteristics,
    did_applications,
    model_controls_text,
    nhs_indicators,
    reference_group,
    run,
    stage_counts,
)
from eqlib.topics.outcomes.programme import (
    did_sentence,
    nhs_sentence,
    programme_not_evaluated,
    programme_outcome_words,
)
from eqlib.topics.outcomes.recruitment import (
    stage_words,
)
from eqlib.topics.outcomes.section import (
    PUBLICATION_LIFECYCLE_CHARACTERISTICS,
    glance,
    headline,
    section,
)
from eqlib.topics.outcomes.tables import (
    build_tables,
)

__all__ = [
    "CRUDE",
    "DID_POPULATION",
    "FUNNEL_COLUMNS",
    "GUARANTEED_INTERVIEW_GROUP",
    "INPUTS",
    "LIFECYCLE_COLUMNS",
    "LIFECYCLE_LABELS",
    "NA_NOT_DECLARED",
    "NA_REFERENCE",
    "NA_UNDEFINED",
    "NOTHING_TO_REPORT_LIFECYCLE",
    "NOTHING_TO_REPORT_RECRUITMENT",
    "OutcomesAnalysis",
    "PROGRAMME_CONTROLS",
    "PUBLICATION_LIFECYCLE_CHARACTERISTICS",
    "STAGE_COUNT_COLUMNS",
    "STRATIFIED_COLUMNS",
    "TABLE_PREFIX",
    "WDES_2",
    "WITHIN",
    "WRES_2",
    "build_tables",
    "compared_characteristics",
    "did_applications",
    "did_sentence",
    "glance",
    "headline",
    "model_controls_text",
    "nhs_indicators",
    "nhs_sentence",
    "run",
    "programme_not_evaluated",
    "programme_outcome_words",
    "reference_group",
    "section",
    "stage_counts",
    "stage_words",
]
