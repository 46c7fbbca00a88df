"""Pay gaps: the statutory gender pay gap to the letter, and the same measures for every group.

Terms
-----
relevant employee
    Employed on the snapshot date: every row of the workforce snapshot (methodology §1.1).
full-pay relevant employee (FPRE)
    A relevant employee not paid at a reduced rate or nil in the relevant pay period because of
    leave (``reduced_pay_leave`` false; missing means false). Hourly figures and pay quarters use
    FPREs; bonus figures use all relevant employees.
hourly pay
    ``(ordinary_pay + bonus_pay_in_period) × 7 / pay_period_days / weekly_hours``, or the input
    column ``hourly_pay`` when it is given (methodology §1.2).
pay gap
    ``gap_pct = (A − B) / A × 100`` where A is the reference group's mean (or median) and B the
    compared group's. Positive: the group is paid less than the reference. For the statutory gender
    pay gap A is men's figure and B women's.
bonus figures
    Bonus = ``bonus_pay_12m`` (12 months to the snapshot date). Bonus gaps compare those who
    received a bonus (``> 0``); the proportion receiving a bonus is over all relevant employees.
pay quarters
    The regulation's "quartile pay bands": four groups of (nearly) equal numbers of FPREs ranked by
    hourly pay, 1 = lower, 2 = lower middle, 3 = upper middle, 4 = upper ("top" in the GOV.UK field
    names). People on a rate that spans a boundary are shared between the bands so that each
    group's count in each band is as proportional as possible (:func:`quarter_bands`).
GOV.UK fields
    The 14 names of the GOV.UK reporting service and national open data (:data:`GPG_FIELDS`).
not declared
    ``Prefer not to say``, ``Not known`` or missing (``eqlib.codes.NOT_DECLARED``). Not-declared
    people stay in the pay quarters and in composition tables; they are left out only of the two
    groups compared in a gap.

Everything here is unrounded; :func:`gpg_submission` rounds (1 dp, half away from zero, with
``decimal``) and checks. Undefined figures are ``None`` in the statutory dicts and NaN in tables.
"""

from __future__ import annotations

from eqlib.paygap.groups import (
    declaration_rate,
    gpg_trend,
    intersectional_pay_gaps,
    pay_gap_by,
    pay_gap_trend,
    pay_gap_within,
    quarter_composition,
)
from eqlib.paygap.pay import (
    DISTINGUISHABLE,
    GPG_FIELDS,
    NOT_DISTINGUISHABLE,
    QUARTER_LABELS,
    full_pay_relevant,
    hourly_pay,
    pay_gap_pct,
)
from eqlib.paygap.statutory import (
    binary_figures,
    gpg_figures,
    gpg_submission,
    gpg_submission_frame,
    quarter_band_sizes,
    quarter_bands,
    submission_fields,
)

__all__ = [
    "DISTINGUISHABLE",
    "GPG_FIELDS",
    "NOT_DISTINGUISHABLE",
    "QUARTER_LABELS",
    "binary_figures",
    "declaration_rate",
    "full_pay_relevant",
    "gpg_figures",
    "gpg_submission",
    "gpg_submission_frame",
    "gpg_trend",
    "hourly_pay",
    "intersectional_pay_gaps",
    "pay_gap_by",
    "pay_gap_pct",
    "pay_gap_trend",
    "pay_gap_within",
    "quarter_band_sizes",
    "quarter_bands",
    "quarter_composition",
    "submission_fields",
]
