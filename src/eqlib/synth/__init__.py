"""The synthetic organisation: a combined authority of about 1,100 staff, generated from a seed.

Terms
-----
person table
    One row per person ever employed, with fixed attributes (sex, ethnicity, disability, …, a
    personal pay effect). Yearly snapshots are views of it at each 31 March, linked by
    ``employee_id`` through joiners, leavers and promotions.
built-in effect
    A known, documented effect written into the data on purpose (data.md §4), stated in
    ``truth.json`` beside the data on the scale of the estimate meant to find it, so the tests can
    check that the pipeline recovers it (acceptance.md §3).
mess
    What real extracts have: undeclared answers, mixed-case and short-form categories, a few UK
    dates, part-timers, reduced-pay leave, a bonus scheme in one directorate, header variations.

Demographics are drawn from the Liverpool City Region Census 2021 benchmark
(``data/reference/census2021_lcr.csv``), so representation results are realistic.

Run ``python -m eqlib.synth`` (or ``make data``) to regenerate ``data/raw/synthetic/``; the output is
byte-identical for the same seed. ``--employees N`` scales the organisation (for benchmarks).
"""

from __future__ import annotations

from eqlib.synth.files import (
    DECLARE,
    README,
    Writer,
    future_composition,
    generate,
    main,
    truth,
    workforce_csv,
)
from eqlib.synth.organisation import (
    AGE_EFFECT,
    APPLICANT_DISABLED,
    APPOINT_RATE,
    BAND_OF,
    BASE_HOURLY,
    BOARDS,
    DEFAULT_SEED,
    DIRECTORATE_EFFECT,
    DIRECTORATES,
    ENTRY_WEIGHTS,
    FEMALE_SHARE,
    FUTURE_BANDS,
    FUTURE_REPLICATIONS,
    FUTURE_YEAR,
    GIS_MEETS_CRITERIA,
    GIS_OPT_IN,
    GRADE_WEIGHTS,
    GRADES,
    INTERVIEW_RATE,
    LEAVE_INVOLUNTARY,
    LEAVE_VOLUNTARY,
    MINORITY_MULTIPLIER,
    MINORITY_PAY_PENALTY_PCT,
    MINORITY_SHORTLIST_FACTOR,
    OFFER_RATE,
    PART_TIME_EFFECT,
    PROGRAMME_PROMOTION_FACTOR,
    PROGRAMME_START,
    PROGRAMME_TAKE_UP,
    PROGRAMME_YEAR,
    PROMOTION_RATE,
    SERVICE_EDGES,
    SERVICE_EFFECT,
    SHORTLIST_RATE,
    SMALL_GROUP_GRADE,
    WITHDRAW_RATE,
    YEARS,
    Generator,
    Population,
)

__all__ = [
    "AGE_EFFECT",
    "APPLICANT_DISABLED",
    "APPOINT_RATE",
    "BAND_OF",
    "BASE_HOURLY",
    "BOARDS",
    "DECLARE",
    "DEFAULT_SEED",
    "DIRECTORATES",
    "DIRECTORATE_EFFECT",
    "ENTRY_WEIGHTS",
    "FEMALE_SHARE",
    "FUTURE_BANDS",
    "FUTURE_REPLICATIONS",
    "FUTURE_YEAR",
    "GIS_MEETS_CRITERIA",
    "GIS_OPT_IN",
    "GRADES",
    "GRADE_WEIGHTS",
    "Generator",
    "INTERVIEW_RATE",
    "LEAVE_INVOLUNTARY",
    "LEAVE_VOLUNTARY",
    "MINORITY_MULTIPLIER",
    "MINORITY_PAY_PENALTY_PCT",
    "MINORITY_SHORTLIST_FACTOR",
    "OFFER_RATE",
    "PART_TIME_EFFECT",
    "PROGRAMME_PROMOTION_FACTOR",
    "PROGRAMME_START",
    "PROGRAMME_TAKE_UP",
    "PROGRAMME_YEAR",
    "PROMOTION_RATE",
    "Population",
    "README",
    "SERVICE_EDGES",
    "SERVICE_EFFECT",
    "SHORTLIST_RATE",
    "SMALL_GROUP_GRADE",
    "WITHDRAW_RATE",
    "Writer",
    "YEARS",
    "future_composition",
    "generate",
    "main",
    "truth",
    "workforce_csv",
]
