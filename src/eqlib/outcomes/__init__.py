"""Recruitment funnel, employment-lifecycle outcomes, positive-action evaluation (methodology §4).

Terms
-----
rate
    ``successes / trials``: the share of people at one stage (or in one population) who reach the
    next stage (or have the outcome). NaN when there are no trials.
relative likelihood (RL)
    A ratio of two groups' rates (NHS WRES). In the default orientation ``reference_over_group``,
    ``RL = rate_reference / rate_group``, so RL > 1 means the reference group is the more likely to
    progress (WRES indicators 2 and 4: appointment, training, promotion). For outcomes nobody wants
    (disciplinary, capability, leaving, grievances) the orientation is ``group_over_reference``,
    ``RL = rate_group / rate_reference`` (WRES indicator 3). Either way RL > 1 means the group fares
    worse than the reference. Its 95% interval is the Katz log interval
    (:func:`eqlib.intervals.katz_interval`). RL is undefined ("n/a", NaN) when a count is zero.
impact ratio (AIR)
    ``rate_group / rate_highest``, the highest rate among declared groups with at least
    ``min_group_stat`` trials (EEOC four-fifths rule). ``adverse_impact = AIR < 0.8``.
broadly proportionate
    RL inside the ``adverse_impact_band`` (params, default ``[0.8, 1.25]``).
significant disparity
    RL outside the band *and* the Holm-adjusted Fisher exact p-value below ``alpha``.
fragile
    The one-person rule: an adverse-impact flag that one more success in the group, or one fewer in
    the highest-rate group, would remove.
withdrawal rule
    An applicant who withdrew at stage *s* counts as having reached *s*, and is left out of the
    denominator of every transition out of *s* and of the overall applied → appointed rate
    (numerator and denominator).
people, not events
    Lifecycle outcomes count people: someone with two disciplinary cases in a year counts once.
not declared
    ``Prefer not to say`` / ``Not known`` (:data:`eqlib.codes.NOT_DECLARED`). Kept as their own rows
    in every table, but never the reference, never the highest-rate group of the impact ratio and
    outside the family of Holm-adjusted comparisons (they are not a group under the Equality Act).

Comparisons against thresholds (four-fifths, the band, the one-person rule) are made exactly on the
counts with :class:`fractions.Fraction`, so a rate of 48% against 60% is an impact ratio of exactly
0.8 (not adverse), whatever the floating-point rounding of 0.48 / 0.6.

Positive-action evaluations (:func:`programme_participation_effect`,
:func:`difference_in_differences`, :func:`guaranteed_interview_effect`) return an
:class:`Evaluation` that states its design, its sample sizes and that it is observational.
"""

from __future__ import annotations

from eqlib.outcomes.funnel import (
    ADJUSTMENT_FLAGS,
    StratifiedComparison,
    adjustment_check,
    funnel_rates,
    stratified_rate_ratio,
    transition_outcome,
)
from eqlib.outcomes.lifecycle import (
    LifecyclePopulation,
    lifecycle_outcomes,
    lifecycle_people,
    lifecycle_population,
    rolling_lifecycle_outcomes,
)
from eqlib.outcomes.nhs import (
    WRES_BME,
    WRES_GROUP_OF_BROAD,
    WRES_WHITE,
    wdes_metric_2,
    wres_indicator_2,
)
from eqlib.outcomes.programme import (
    NON_PARTICIPANTS,
    OTHER_APPLICANTS,
    PARTICIPANTS,
    SCHEME_APPLICANTS,
    Evaluation,
    did_wording,
    difference_in_differences,
    guaranteed_interview_effect,
    model_with_enough_events,
    programme_participation_effect,
)
from eqlib.outcomes.rates import (
    LIFECYCLE_OUTCOMES,
    OBSERVATIONAL_NOTE,
    ORIENTATIONS,
    PROGRAMME_OUTCOMES,
    RATE_COLUMNS,
    ROLLING_OUTCOMES,
    Orientation,
    ProgrammeOutcome,
    compare_rates,
    holm_adjusted,
)

__all__ = [
    "ADJUSTMENT_FLAGS",
    "Evaluation",
    "LIFECYCLE_OUTCOMES",
    "NON_PARTICIPANTS",
    "OBSERVATIONAL_NOTE",
    "ORIENTATIONS",
    "OTHER_APPLICANTS",
    "Orientation",
    "PARTICIPANTS",
    "PROGRAMME_OUTCOMES",
    "ProgrammeOutcome",
    "RATE_COLUMNS",
    "ROLLING_OUTCOMES",
    "SCHEME_APPLICANTS",
    "StratifiedComparison",
    "WRES_BME",
    "WRES_GROUP_OF_BROAD",
    "WRES_WHITE",
    "adjustment_check",
    "compare_rates",
    "did_wording",
    "difference_in_differences",
    "funnel_rates",
    "guaranteed_interview_effect",
    "holm_adjusted",
    "lifecycle_outcomes",
    "LifecyclePopulation",
    "lifecycle_people",
    "lifecycle_population",
    "model_with_enough_events",
    "programme_participation_effect",
    "rolling_lifecycle_outcomes",
    "stratified_rate_ratio",
    "transition_outcome",
    "wdes_metric_2",
    "wres_indicator_2",
]
