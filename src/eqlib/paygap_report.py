"""Pay gap report: the analysis of ``02_pay_gaps.ipynb``, its tidy tables and publication sections.

The logic lives in :mod:`eqlib.paygap`, :mod:`eqlib.adjusted`, :mod:`eqlib.sensitivity` and
:mod:`eqlib.benchmark`; this module runs them with the year's parameters, turns their wide results
into the tidy publication tables (:mod:`eqlib.tables`) and writes publication sections 4 (gender
pay gap) and 5 (other pay gaps) from the tables *after* disclosure control.

Terms
-----
wide tables
    The analytical results, one row per group (:func:`analysis` returns them all, keyed by the
    names of :data:`WIDE_NAMES`); the notebook shows them to the analyst.
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

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eqlib import adjusted, characteristics, codes, paygap, plots, sensitivity
from eqlib import benchmark as bm
from eqlib import tables as tt
from eqlib.config import report_dir, unsuppressed_dir
from eqlib.intervals import interval_p_value
from eqlib.outcomes import holm_adjusted
from eqlib.publication import (
    CONFIDENTIAL,
    NOT_AVAILABLE,
    Block,
    find,
    fmt_pct,
    gap_sentence,
    in_appendix,
    in_main_report,
    interval_text,
    paragraph,
    table_html,
    tidy_table_html,
)

__all__ = [
    "ALL_STAFF",
    "BENCHMARK_ORGANISATION",
    "INTERSECTIONS",
    "TABLES",
    "WIDE_NAMES",
    "adjusted_table",
    "analysis",
    "benchmark_tables",
    "binary_characteristics",
    "build_tables",
    "cost_to_close_table",
    "declaration_table",
    "decomposition_table",
    "gaps_by_characteristic",
    "headline",
    "intersectional_table",
    "quarter_table",
    "section",
    "sensitivity_table",
    "statutory_figures",
    "trend_tables",
    "within_table",
    "write_cost_to_close",
    "write_submission",
]

#: Level label of a figure over the whole population.
ALL_STAFF = tt.ALL_STAFF
#: The organisation's name in the national gender pay gap data (the synthetic organisation stands
#: in for it: its computed figures are compared with the real authority's published history).
BENCHMARK_ORGANISATION = "Liverpool City Region Combined Authority"
#: Pairs of characteristics with intersectional gaps (methodology §2), and their references.
INTERSECTIONS: tuple[tuple[str, str], ...] = (
    ("sex", "ethnicity_broad"), ("sex", "disability"),
)
#: Levels within which gaps are computed (women against men of the same grade band, grade,
#: directorate). Sex by grade band is a within-band comparison, not a comparison of every
#: band's women with the leadership's men (which would measure grade, not gender).
WITHIN_LEVELS: tuple[str, ...] = ("grade_band", "grade", "directorate")
#: The characteristics whose gaps are shown within each grade and directorate, and whose
#: composition of the pay quarters is tabulated, are the registry's ``used_by("pay_within")``
#: and ``used_by("pay_quarters")`` (:mod:`eqlib.characteristics`).
#: Comparator sets shown in the publication (all five are computed).
PUBLISHED_SETS: tuple[str, ...] = (
    "combined_authorities", "lcr_public_bodies", "public_administration", "size_band",
    "all_employers",
)
#: Comparator set whose per-employer distribution is charted over the years.
CHART_SET = "public_administration"
#: Figures whose per-employer values are kept for the benchmark chart and the named tables.
DISTRIBUTION_FIGURES: tuple[str, ...] = ("DiffMeanHourlyPercent", "DiffMedianHourlyPercent")
#: Benchmark statistics: tidy ``level`` -> (column of :func:`eqlib.benchmark.benchmark`, measure).
BENCHMARK_STATISTICS: dict[str, tuple[str, str]] = {
    "employers": ("n", "benchmark_count"),
    "median": ("median", "national_value"),
    "q1": ("q1", "national_value"),
    "q3": ("q3", "national_value"),
    "percentile_rank": ("percentile", "national_value"),
    "lower": ("n_lower", "benchmark_count"),
    "equal": ("n_equal", "benchmark_count"),
    "higher": ("n_higher", "benchmark_count"),
}
_GAP_MEASURE = {"mean": "mean_gap_pct", "median": "median_gap_pct"}
_STAT_LABEL = {"mean": "Mean hourly pay", "median": "Median hourly pay"}
_QUARTER_ORDER = [paygap.QUARTER_LABELS[k] for k in (1, 2, 3, 4)]
_FIELD_QUARTER = dict(zip(("Lower", "LowerMiddle", "UpperMiddle", "Top"), _QUARTER_ORDER,
                          strict=True))

#: Wide tables of :func:`analysis`.
WIDE_NAMES: tuple[str, ...] = (
    "statutory", "submission", "quarters", "gaps", "declaration", "sensitivity",
    "intersectional", "within", "gpg_trend", "gap_trend", "adjusted", "decomposition",
    "cost_to_close", "benchmark", "benchmark_years", "benchmark_history",
    "benchmark_distribution", "benchmark_named",
)
#: Tidy tables of :func:`build_tables`: name -> what it holds.
TABLES: dict[str, str] = {
    "paygap_gpg": "the six statutory figures as submitted (sex; gaps, bonus_percent, "
                  "quarter_share_pct)",
    "paygap_quarters": "pay quarter composition (count, quarter_share_pct) by sex, ethnicity "
                       "(broad) and disability, not-declared included, with Total",
    "paygap_gaps": "mean/median hourly and bonus gaps with intervals and bonus_percent, every "
                   "characteristic vs its reference group",
    "paygap_declaration": "declaration_rate_pct, prefer_not_to_say_pct, not_known_pct",
    "paygap_sensitivity": "non-declaration scenarios and bounds of each binary gap",
    "paygap_intersectional": "intersectional mean/median gaps (collapsed groups named in the "
                             "group label)",
    "paygap_within_grade_band": "mean/median gaps within each grade band (e.g. women against men "
                                "of the same band)",
    "paygap_within_grade": "mean/median gaps within each grade",
    "paygap_within_directorate": "mean/median gaps within each directorate",
    "paygap_trend_gpg": "the statutory figures of every year, with the change of each gap",
    "paygap_trend_gaps": "mean/median gaps of every characteristic and year, with the change",
    "paygap_adjusted": "raw, adjusted (regression) gaps and the Oaxaca-Blinder decomposition",
    "paygap_benchmark": "comparator distributions and percentile ranks (external)",
    "paygap_benchmark_years": "the comparison year and its completeness, the size band",
    "paygap_benchmark_history": "the organisation's own published figures (external)",
    "paygap_benchmark_distribution": "comparator employers' hourly gaps per year (external)",
    "paygap_benchmark_named": "each combined authority's and LCR public body's hourly gaps",
}


# --------------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------------
def _options(params: Mapping[str, Any]) -> dict[str, Any]:
    boot = params["bootstrap"]
    return {"confidence_level": float(params["confidence_level"]), "n_boot": int(boot["n"]),
            "seed": int(boot["seed"]), "max_n": int(boot["max_n"]),
            "min_group": int(params["disclosure"]["min_group_pay"])}


def _reference(params: Mapping[str, Any], characteristic: str) -> str:
    refs = params["reference_groups"]
    column = characteristics.pay_gap_column(characteristic)
    if characteristic in refs:
        return refs[characteristic]
    return refs[column]


def binary_characteristics(params: Mapping[str, Any]) -> list[str]:
    """Characteristics of params ``pay_gap_characteristics`` whose gap column has two groups.

    Examples
    --------
    >>> binary_characteristics({"pay_gap_characteristics": ["sex", "ethnicity_broad",
    ...                         "disability", "sexual_orientation"]})
    ['sex', 'disability', 'sexual_orientation']
    """
    return [c for c in params["pay_gap_characteristics"]
            if len(characteristics.groups(characteristics.pay_gap_column(c))) == 2]


def _other_group(characteristic: str, reference: str) -> str:
    groups = characteristics.groups(characteristics.pay_gap_column(characteristic))
    return next(g for g in groups if g != reference)


def _stack(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Row-bind wide tables with the same columns.

    Built from records rather than ``pd.concat``: concatenating a part whose column is all NA
    (every figure of a small level withheld) emits pandas' FutureWarning about empty entries,
    and warnings are errors in this project.
    """
    columns = list(parts[0].columns)
    records = [rec for part in parts for rec in part.to_dict("records")]
    return pd.DataFrame.from_records(records, columns=columns)


def _fpre(workforce: pd.DataFrame) -> pd.DataFrame:
    frame = workforce.copy()
    frame["hourly_pay"] = paygap.hourly_pay(frame)
    return frame[paygap.full_pay_relevant(frame).to_numpy()]


# --------------------------------------------------------------------------------------------------
# Wide tables (the analysis)
# --------------------------------------------------------------------------------------------------
def statutory_figures(workforce: pd.DataFrame) -> pd.DataFrame:
    """The 14 GOV.UK figures, unrounded and as submitted, with the counts behind each.

    Returns
    -------
    pandas.DataFrame
        One row per :data:`eqlib.paygap.GPG_FIELDS` field: ``field, population, group, level,
        measure, reference_group, figure`` (unrounded), ``value`` (as submitted), ``n,
        n_reference, numerator`` (FPREs of each sex for hourly gaps, bonus recipients for bonus
        gaps, the sex's relevant employees and its bonus recipients for bonus proportions, the
        quarter's size and the sex's count in it for quarter shares), ``suppression_reason``
        (``not applicable ...`` for an undefined bonus gap).

    Raises
    ------
    eqlib.PublicationError
        If the submission fails the GOV.UK checks.
    """
    figures = paygap.gpg_figures(workforce)
    submitted = paygap.gpg_submission(figures)
    frame = workforce.copy()
    frame["hourly_pay"] = paygap.hourly_pay(frame)
    fpre = paygap.full_pay_relevant(frame).to_numpy()
    sex = frame["sex"].astype(str).str.strip().str.capitalize()
    bonus = pd.to_numeric(frame.get("bonus_pay_12m"), errors="coerce").fillna(0.0) > 0
    ids = frame["employee_id"] if "employee_id" in frame else pd.Series(frame.index,
                                                                        index=frame.index)
    bands = paygap.quarter_bands(frame.loc[fpre, "hourly_pay"], sex[fpre], ids=ids[fpre])
    count = {
        ("fpre", s): int((fpre & (sex == s)).sum()) for s in ("Female", "Male")
    } | {
        ("relevant", s): int((sex == s).sum()) for s in ("Female", "Male")
    } | {
        ("bonus", s): int((bonus & (sex == s)).sum()) for s in ("Female", "Male")
    }
    rows = []
    gap_fields = (("DiffMeanHourlyPercent", "mean_gap_pct", "fpre", "fpre"),
                  ("DiffMedianHourlyPercent", "median_gap_pct", "fpre", "fpre"),
                  ("DiffMeanBonusPercent", "mean_bonus_gap_pct", "relevant", "bonus"),
                  ("DiffMedianBonusPercent", "median_bonus_gap_pct", "relevant", "bonus"))
    for field, measure, population, counted in gap_fields:
        reason = None
        if submitted[field] is None:
            nobody = [s for s in ("men", "women")
                      if count[(counted, "Male" if s == "men" else "Female")] == 0]
            reason = (f"not applicable: no {' or '.join(nobody)} received a bonus"
                      if counted == "bonus" else "not applicable: no full-pay relevant "
                      "employees of one sex")
        rows.append({"field": field, "population": population, "group": "Female",
                     "level": ALL_STAFF, "measure": measure, "reference_group": "Male",
                     "n": count[(counted, "Female")], "n_reference": count[(counted, "Male")],
                     "numerator": np.nan, "suppression_reason": reason})
    for s in ("Male", "Female"):
        rows.append({"field": f"{s}BonusPercent", "population": "relevant", "group": s,
                     "level": ALL_STAFF, "measure": "bonus_percent", "reference_group": None,
                     "n": count[("relevant", s)], "n_reference": np.nan,
                     "numerator": count[("bonus", s)], "suppression_reason": None})
    for k, name in enumerate(("Lower", "LowerMiddle", "UpperMiddle", "Top"), start=1):
        in_band = bands == k
        for s in ("Male", "Female"):
            rows.append({"field": f"{s}{name}Quartile", "population": "fpre", "group": s,
                         "level": _FIELD_QUARTER[name], "measure": "quarter_share_pct",
                         "reference_group": None, "n": int(in_band.sum()),
                         "n_reference": np.nan,
                         "numerator": int((in_band & (sex[fpre] == s)).sum()),
                         "suppression_reason": None})
    out = pd.DataFrame(rows)
    out["figure"] = [np.nan if figures[f] is None else figures[f] for f in out["field"]]
    out["value"] = [np.nan if submitted[f] is None else submitted[f] for f in out["field"]]
    return out[["field", "population", "group", "level", "measure", "reference_group", "figure",
                "value", "n", "n_reference", "numerator", "suppression_reason"]]


def quarter_table(workforce: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """Composition of the pay quarters by sex, ethnicity (broad) and disability (not-declared
    included), :func:`eqlib.paygap.quarter_composition` stacked with a ``characteristic``
    column."""
    parts = []
    for characteristic in characteristics.used_by("pay_quarters"):
        part = paygap.quarter_composition(workforce, characteristic,
                                          confidence_level=float(params["confidence_level"]))
        part.insert(0, "characteristic", characteristic)
        parts.append(part)
    return _stack(parts)


def gaps_by_characteristic(workforce: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """:func:`eqlib.paygap.pay_gap_by` for every characteristic of params
    ``pay_gap_characteristics`` against its reference group, stacked with ``characteristic``."""
    parts = []
    for characteristic in params["pay_gap_characteristics"]:
        part = paygap.pay_gap_by(workforce, characteristic,
                                 reference=_reference(params, characteristic), **_options(params))
        part.insert(0, "characteristic", characteristic)
        parts.append(part)
    return _stack(parts)


def declaration_table(workforce: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """:func:`eqlib.paygap.declaration_rate` of each pay-gap characteristic's column (once per
    column; ethnicity is declared once, so the three ethnicity columns are the same)."""
    columns = list(dict.fromkeys(characteristics.pay_gap_column(c)
                                 for c in params["pay_gap_characteristics"]))
    return paygap.declaration_rate(workforce, columns,
                                   confidence_level=float(params["confidence_level"]))


def sensitivity_table(workforce: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """:func:`eqlib.sensitivity.non_declaration_sensitivity` of each binary comparison with
    undeclared staff (sex has none), over full-pay relevant employees; ``characteristic``
    column added."""
    fpre = _fpre(workforce)
    parts = []
    for characteristic in binary_characteristics(params):
        column = characteristics.pay_gap_column(characteristic)
        if codes.is_declared(fpre[column].astype(object)).all():
            continue
        reference = _reference(params, characteristic)
        part = sensitivity.non_declaration_sensitivity(
            fpre, pay="hourly_pay", by=column, group=_other_group(characteristic, reference),
            reference=reference)
        part.insert(0, "characteristic", characteristic)
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["characteristic", *sensitivity.COLUMNS])
    return _stack(parts)


def intersectional_table(workforce: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """:func:`eqlib.paygap.intersectional_pay_gaps` of each pair of :data:`INTERSECTIONS`, the
    reference being each characteristic's reference group (grade band: the most senior band,
    params ``grade_bands`` last), stacked with ``characteristic`` (``"sex × disability"``) and
    ``reference_label``."""
    parts = []
    for first, second in INTERSECTIONS:
        if second == "grade_band":
            ref_second = list(params["grade_bands"])[-1]
        else:
            ref_second = _reference(params, second)
        reference = (_reference(params, first), ref_second)
        part = paygap.intersectional_pay_gaps(workforce, (first, second), reference=reference,
                                              **_options(params))
        part.insert(0, "reference_label", f"{reference[0]} × {reference[1]}")
        part.insert(0, "characteristic", f"{first} × {second}")
        parts.append(part)
    return _stack(parts)


def within_table(workforce: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """:func:`eqlib.paygap.pay_gap_within` grade and directorate for
    ``characteristics.used_by("pay_within")``, stacked with ``characteristic``."""
    # Work-around: paygap.pay_gap_within row-binds its levels with pd.concat, which emits a
    # pandas FutureWarning when a level has every figure withheld (all-NA columns). The same
    # computation is done here level by level (pay_gap_by on each level's people, as
    # pay_gap_within documents) and stacked without the warning.
    parts = []
    for by in WITHIN_LEVELS:
        if by not in workforce.columns:
            continue
        values = workforce[by]
        if isinstance(values.dtype, pd.CategoricalDtype):
            levels = [c for c in values.cat.categories if (values == c).any()]
        else:
            levels = sorted(values.dropna().unique(), key=str)
        for characteristic in characteristics.used_by("pay_within"):
            for level in levels:
                part = paygap.pay_gap_by(workforce[values == level], characteristic,
                                         reference=_reference(params, characteristic),
                                         **_options(params))
                part.insert(0, "level", level)
                part.insert(0, "by", by)
                part.insert(0, "characteristic", characteristic)
                parts.append(part)
    return _stack(parts)


def trend_tables(
    workforces: Mapping[int, pd.DataFrame], params: Mapping[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The statutory figures of every year (:func:`statutory_figures` stacked, ``year`` column)
    and :func:`eqlib.paygap.pay_gap_trend` of every characteristic (``characteristic``
    column)."""
    statutory = pd.concat(
        [statutory_figures(workforces[y]).assign(year=int(y)) for y in sorted(workforces)],
        ignore_index=True)
    parts = []
    for characteristic in params["pay_gap_characteristics"]:
        part = paygap.pay_gap_trend(workforces, characteristic,
                                    reference=_reference(params, characteristic),
                                    **_options(params))
        part.insert(0, "characteristic", characteristic)
        parts.append(part)
    return statutory, _stack(parts)


def adjusted_table(
    workforce: pd.DataFrame, params: Mapping[str, Any], gaps: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Raw and adjusted gaps of each binary comparison side by side.

    ``adjusted_gap_pct`` (with ``ci_low``/``ci_high``) is :func:`eqlib.adjusted.adjusted_pay_gap`
    over full-pay relevant employees with params ``adjusted_gap_controls``;
    ``unadjusted_gap_pct`` (with ``unadjusted_ci_low``/``_high``) is the same regression without
    the controls on the same people: the raw gap on the adjusted gap's scale (a ratio of
    geometric means), so the two can be compared directly; ``mean_gap_pct`` and
    ``median_gap_pct`` are the raw gaps of :func:`gaps_by_characteristic` (``gaps``, computed
    when not given), a different measure (arithmetic mean and median). ``n_reference`` is the
    reference group's size in the regression.
    """
    if gaps is None:
        gaps = gaps_by_characteristic(workforce, params)
    fpre = _fpre(workforce)
    rows = []
    for characteristic in binary_characteristics(params):
        column = characteristics.pay_gap_column(characteristic)
        reference = _reference(params, characteristic)
        controls = list(params["adjusted_gap_controls"])
        adj = adjusted.adjusted_pay_gap(
            fpre, pay="hourly_pay", by=column, reference=reference, controls=controls,
            confidence_level=float(params["confidence_level"]))
        same = fpre.dropna(subset=[c for c in controls if c in fpre.columns])
        unadj = adjusted.adjusted_pay_gap(
            same, pay="hourly_pay", by=column, reference=reference, controls=[],
            confidence_level=float(params["confidence_level"])).set_index("group")
        raw = gaps[gaps["characteristic"] == characteristic].set_index("group")
        for _, a in adj.iterrows():
            r = raw.loc[a["group"]] if a["group"] in raw.index else None
            u = unadj.loc[a["group"]] if a["group"] in unadj.index else None
            rows.append({
                "characteristic": characteristic, "group": a["group"],
                "reference_group": reference, "n": int(a["n"]),
                "n_reference": int(adj.attrs["n_used"] - adj["n"].sum()),
                "mean_gap_pct": np.nan if r is None else r["mean_gap_pct"],
                "median_gap_pct": np.nan if r is None else r["median_gap_pct"],
                "raw_suppressed": True if r is None else bool(r["suppressed"]),
                "adjusted_gap_pct": a["adjusted_gap_pct"], "ci_low": a["ci_low"],
                "ci_high": a["ci_high"], "p_value": a["p_value"],
                "unadjusted_gap_pct": np.nan if u is None else u["adjusted_gap_pct"],
                "unadjusted_ci_low": np.nan if u is None else u["ci_low"],
                "unadjusted_ci_high": np.nan if u is None else u["ci_high"],
                "controls": ", ".join(params["adjusted_gap_controls"]),
            })
    return pd.DataFrame(rows)


def decomposition_table(workforce: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """Oaxaca-Blinder two-fold decomposition (pooled) of the mean log hourly pay gap of each
    binary comparison (:func:`eqlib.adjusted.pay_gap_decomposition`, params ``decomposition``
    resamples and seed; analytic standard errors above ``bootstrap.max_n`` people), one row per
    comparison; parts in log points."""
    fpre = _fpre(workforce)
    rows = []
    for characteristic in binary_characteristics(params):
        column = characteristics.pay_gap_column(characteristic)
        reference = _reference(params, characteristic)
        result = adjusted.pay_gap_decomposition(
            fpre, pay="hourly_pay", by=column, group=_other_group(characteristic, reference),
            reference=reference, controls=list(params["adjusted_gap_controls"]),
            n_bootstrap=int(params["decomposition"]["n"]),
            seed=int(params["decomposition"]["seed"]),
            confidence_level=float(params["confidence_level"]),
            max_n=int(params["bootstrap"]["max_n"]))
        rows.append({"characteristic": characteristic, **result})
    return pd.DataFrame(rows)


def cost_to_close_table(workforce: pd.DataFrame, params: Mapping[str, Any]) -> pd.DataFrame:
    """:func:`eqlib.adjusted.cost_to_close` of each binary comparison over full-pay relevant
    employees, stacked with ``characteristic``, ``group`` and ``reference_group``. Internal only
    (methodology §2.3)."""
    fpre = _fpre(workforce)
    parts = []
    for characteristic in binary_characteristics(params):
        column = characteristics.pay_gap_column(characteristic)
        reference = _reference(params, characteristic)
        group = _other_group(characteristic, reference)
        part = adjusted.cost_to_close(fpre, by=column, group=group, reference=reference,
                                      controls=list(params["adjusted_gap_controls"]))
        part.insert(0, "reference_group", reference)
        part.insert(0, "group", group)
        part.insert(0, "characteristic", characteristic)
        parts.append(part)
    return _stack(parts)


def benchmark_tables(
    national: pd.DataFrame, submission: Mapping[str, float | None], params: Mapping[str, Any],
    *, organisation: str = BENCHMARK_ORGANISATION,
) -> dict[str, pd.DataFrame]:
    """Where the organisation's figures sit among other employers (methodology §8).

    Parameters
    ----------
    national
        :func:`eqlib.benchmark.read_national_gpg`.
    submission
        The organisation's figures of the reporting year as submitted
        (:func:`eqlib.paygap.gpg_submission`): compared like for like with other employers'
        published (rounded) figures.
    params
        The year's parameters (``year``).
    organisation
        The organisation's name in the national data.

    Returns
    -------
    dict
        ``benchmark``: :func:`eqlib.benchmark.benchmark` of every comparator set and headline
        figure for the reporting year (compared with :func:`eqlib.benchmark.comparison_year`);
        ``benchmark_years``: one row, the comparison year, whether it is partial, its number of
        employers and the size band used; ``benchmark_history``: the organisation's published
        figures (:func:`eqlib.benchmark.organisation_history`); ``benchmark_distribution``: the
        :data:`CHART_SET` employers' :data:`DISTRIBUTION_FIGURES` per year, the organisation
        excluded; ``benchmark_named``: each combined authority and LCR public body's
        :data:`DISTRIBUTION_FIGURES` in the comparison year.
    """
    reporting = bm.reporting_year_label(int(params["year"]))
    values = {f: (np.nan if submission.get(f) is None else float(submission[f]))
              for f in bm.FIGURES}
    table = bm.benchmark(national, values, organisation=organisation, reporting_year=reporting,
                         comparator_sets=PUBLISHED_SETS)
    year, partial = bm.comparison_year(national, reporting)
    band = table.loc[table["comparator_set"] == "size_band", "size_band"]
    years = pd.DataFrame([{
        "reporting_year": reporting, "comparison_year": year, "partial": partial,
        "employers": int((national["ReportingYear"] == year).sum()),
        "size_band": str(band.iloc[0]) if len(band) else "",
        "size_band_employers": int(((national["ReportingYear"] == year)
                                    & (national["EmployerSize"] == (band.iloc[0] if len(band)
                                                                    else None))).sum()),
    }])
    history = bm.organisation_history(organisation, national=national)
    dist = []
    for y in sorted(national["ReportingYear"].unique()):
        members = bm.comparator_members(national, CHART_SET, reporting_year=y,
                                        organisation=organisation)
        for figure in DISTRIBUTION_FIGURES:
            vals = members[["EmployerName", figure]].dropna()
            dist.append(pd.DataFrame({"reporting_year": y, "figure": figure,
                                      "employer": vals["EmployerName"].to_numpy(),
                                      "value": vals[figure].to_numpy(dtype=float)}))
    distribution = pd.concat(dist, ignore_index=True)
    # one employer may file twice under the same name (different ids): keep both, label them
    dup = distribution.duplicated(["reporting_year", "figure", "employer"], keep=False)
    distribution.loc[dup, "employer"] = (
        distribution.loc[dup, "employer"] + " (filing "
        + (distribution[dup].groupby(["reporting_year", "figure", "employer"]).cumcount() + 1)
        .astype(str) + ")")
    named = []
    for comparator_set in ("combined_authorities", "lcr_public_bodies"):
        members = bm.comparator_members(national, comparator_set, reporting_year=year,
                                        organisation=organisation)
        for _, m in members.iterrows():
            named.append({"comparator_set": comparator_set, "employer": m["EmployerName"],
                          "reporting_year": year,
                          **{f: float(m[f]) for f in DISTRIBUTION_FIGURES}})
    return {"benchmark": table, "benchmark_years": years, "benchmark_history": history,
            "benchmark_distribution": distribution, "benchmark_named": pd.DataFrame(named)}


def analysis(
    workforces: Mapping[int, pd.DataFrame], params: Mapping[str, Any], *,
    national: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Every wide result of the pay gap analysis (:data:`WIDE_NAMES`).

    Parameters
    ----------
    workforces
        Year -> processed workforce, every year of ``params.years`` that has a snapshot; the
        reporting year (params ``year``) is required.
    params
        The year's parameters.
    national
        The national GPG data; read from ``data/reference`` when omitted.
    """
    workforce = workforces[int(params["year"])]
    if national is None:
        national = bm.read_national_gpg()
    out: dict[str, Any] = {}
    out["statutory"] = statutory_figures(workforce)
    out["submission"] = paygap.gpg_submission(paygap.gpg_figures(workforce))
    out["quarters"] = quarter_table(workforce, params)
    out["gaps"] = gaps_by_characteristic(workforce, params)
    out["declaration"] = declaration_table(workforce, params)
    out["sensitivity"] = sensitivity_table(workforce, params)
    out["intersectional"] = intersectional_table(workforce, params)
    out["within"] = within_table(workforce, params)
    out["gpg_trend"], out["gap_trend"] = trend_tables(workforces, params)
    out["adjusted"] = adjusted_table(workforce, params, out["gaps"])
    out["decomposition"] = decomposition_table(workforce, params)
    out["cost_to_close"] = cost_to_close_table(workforce, params)
    out.update(benchmark_tables(national, out["submission"], params))
    return out


# --------------------------------------------------------------------------------------------------
# Writers of the files that are not tidy tables
# --------------------------------------------------------------------------------------------------
def write_submission(submission: Mapping[str, float | None], params: Mapping[str, Any]) -> Path:
    """Write the GOV.UK submission (service field layout, one row, blank where not applicable)
    to ``reports/<year>/internal/unsuppressed/gpg_submission_<year>.csv``."""
    frame = paygap.gpg_submission_frame(submission)
    path = unsuppressed_dir(int(params["year"])) / f"gpg_submission_{int(params['year'])}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = frame.to_csv(index=False, float_format="%.1f", na_rep="", lineterminator="\n")
    path.write_bytes(text.encode("utf-8"))
    return path


def write_cost_to_close(table: pd.DataFrame, params: Mapping[str, Any]) -> Path:
    """Write the cost-to-close table to ``reports/<year>/internal/cost_to_close.csv`` (internal,
    never published; methodology §2.3)."""
    path = report_dir(int(params["year"])) / "internal" / "cost_to_close.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = table.to_csv(index=False, float_format="%.10g", lineterminator="\n")
    path.write_bytes(text.encode("utf-8"))
    return path


# --------------------------------------------------------------------------------------------------
# Tidy tables
# --------------------------------------------------------------------------------------------------
_LONG_DEFAULTS: dict[str, Any] = {
    "n": np.nan, "n_reference": np.nan, "numerator": np.nan, "ci_low": np.nan,
    "ci_high": np.nan, "reference_group": None, "group_parent": None, "level_parent": None,
    "suppressed": False, "suppression_reason": None, "level": ALL_STAFF,
}


def _tidy_long(long: pd.DataFrame, *, table: str) -> pd.DataFrame:
    """Tidy table from a long frame with one published value per row.

    ``long`` has ``population, characteristic, group, measure, value`` and any of
    :data:`_LONG_DEFAULTS`; row order is kept. The same rows as :func:`eqlib.tables.tidy` would
    give for each run of rows sharing population, characteristic, measure and reference group
    (a count's ``n`` is the count itself; the reference group is the run's first one), built
    column by column: one ``tidy`` call per run cost 5 s of the pay-gap notebook's 15.
    Withheld rows (``suppressed``) have their value, interval and numerator removed.
    """
    if long.empty:
        return tt.empty_table()
    frame = long.copy().reset_index(drop=True)
    for column, default in _LONG_DEFAULTS.items():
        if column not in frame:
            frame[column] = default
    frame["level"] = frame["level"].where(frame["level"].notna(), ALL_STAFF)
    frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    frame.loc[frame["suppressed"], ["value", "ci_low", "ci_high", "numerator"]] = np.nan
    key = frame[["population", "characteristic", "measure", "reference_group"]].astype(str)
    starts = (key != key.shift()).any(axis=1).to_numpy()
    first = np.maximum.accumulate(np.where(starts, np.arange(len(frame)), 0))
    first_ref = frame["reference_group"].to_numpy(dtype=object)[first]
    measure = frame["measure"].astype(str)
    kind = measure.map({m: tt.measure_kind(m) for m in measure.unique()})
    value = pd.to_numeric(frame["value"], errors="raise").astype(float)
    out = pd.DataFrame({
        "table": table,
        "population": frame["population"].astype(str),
        "characteristic": frame["characteristic"].astype(str),
        "group": frame["group"],
        "level": frame["level"],
        "measure": measure,
        "n": value.where(kind == "count", frame["n"]),
        "value": value,
        "ci_low": frame["ci_low"],
        "ci_high": frame["ci_high"],
        "reference_group": [None if r is None or r is np.nan else str(r) for r in first_ref],
        "suppressed": frame["suppressed"].to_numpy(),
        "suppression_reason": frame["suppression_reason"],
        "numerator": frame["numerator"],
        "n_reference": frame["n_reference"],
        "group_parent": frame["group_parent"],
        "level_parent": frame["level_parent"],
    })
    return tt.conform(out)


def _gap_long(wide: pd.DataFrame, *, level: str | pd.Series = ALL_STAFF,
              bonus: bool = True) -> pd.DataFrame:
    """Long rows of gap tables (:func:`eqlib.paygap.pay_gap_by` columns plus
    ``characteristic``): hourly gaps (fpre), bonus gaps and the group's bonus proportion."""
    rows = []
    levels = level if isinstance(level, pd.Series) else pd.Series(level, index=wide.index)
    for i, r in wide.iterrows():
        common = {"characteristic": r["characteristic"], "group": r["group"],
                  "level": levels[i]}
        for stat in ("mean", "median"):
            rows.append({**common, "population": "fpre", "measure": f"{stat}_gap_pct",
                         "reference_group": r["reference_group"], "value": r[f"{stat}_gap_pct"],
                         "ci_low": r[f"{stat}_gap_ci_low"], "ci_high": r[f"{stat}_gap_ci_high"],
                         "n": r["n_group"], "n_reference": r["n_reference"],
                         **_withheld(r[f"{stat}_gap_pct"], bool(r["suppressed"]),
                                     "primary_statistic")})
        if not bonus:
            continue
        for stat in ("mean", "median"):
            name = f"{stat}_bonus_gap"
            rows.append({**common, "population": "relevant", "measure": f"{name}_pct",
                         "reference_group": r["reference_group"], "value": r[f"{name}_pct"],
                         "ci_low": r[f"{name}_ci_low"], "ci_high": r[f"{name}_ci_high"],
                         "n": r["n_group_bonus"], "n_reference": r["n_reference_bonus"],
                         **_withheld(r[f"{name}_pct"], bool(r["bonus_gap_suppressed"]),
                                     "primary_statistic")})
        rows.append({**common, "population": "relevant", "measure": "bonus_percent",
                     "value": r["bonus_pct_group"], "ci_low": r["bonus_pct_group_ci_low"],
                     "ci_high": r["bonus_pct_group_ci_high"], "n": r["n_group_relevant"],
                     "numerator": r["n_group_bonus"],
                     **_withheld(r["bonus_pct_group"], bool(r["bonus_pct_suppressed"]),
                                 "primary_share")})
    return pd.DataFrame(rows)


def _withheld(value: float, withheld: bool, rule: str) -> dict[str, Any]:
    """``suppressed`` and ``suppression_reason`` of a library figure: withheld below the
    threshold (the library applies ``min_group_pay``), or undefined (NaN) and not applicable."""
    if withheld:
        return {"suppressed": True, "suppression_reason": rule}
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return {"suppressed": False,
                "suppression_reason": "not applicable: the figure is undefined for this group"}
    return {"suppressed": False, "suppression_reason": None}


def _reference_bonus_rows(wide: pd.DataFrame) -> pd.DataFrame:
    """The reference group's bonus proportion, once per characteristic."""
    rows = []
    for characteristic, part in wide.groupby("characteristic", sort=False):
        r = part.iloc[0]
        rows.append({"characteristic": characteristic, "group": r["reference_group"],
                     "population": "relevant", "measure": "bonus_percent",
                     "value": r["bonus_pct_reference"],
                     "ci_low": r["bonus_pct_reference_ci_low"],
                     "ci_high": r["bonus_pct_reference_ci_high"],
                     "n": r["n_reference_relevant"], "numerator": r["n_reference_bonus"],
                     **_withheld(r["bonus_pct_reference"], bool(r["bonus_pct_suppressed"]),
                                 "primary_share")})
    return pd.DataFrame(rows)


def _gpg_long(statutory: pd.DataFrame, *, level: str | None = None) -> pd.DataFrame:
    """Long rows of :func:`statutory_figures` (``level`` replaces the level when given, and the
    quarter then moves into the characteristic: ``sex (Lower pay quarter)``)."""
    frame = statutory.copy()
    frame["characteristic"] = "sex"
    if level is not None:
        quarter = frame["measure"] == "quarter_share_pct"
        frame.loc[quarter, "characteristic"] = "sex (" + frame.loc[quarter, "level"] + \
            " pay quarter)"
        frame["level"] = level
    frame["suppressed"] = False
    return frame


def _statutory_tidy(statutory: pd.DataFrame) -> pd.DataFrame:
    return _tidy_long(_gpg_long(statutory), table="paygap_gpg")


def _quarters_tidy(quarters: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (characteristic, k), part in quarters.groupby(["characteristic", "quarter"], sort=False):
        label = paygap.QUARTER_LABELS[int(k)]
        for _, r in part.iterrows():
            # a group's quarter counts add up to its full-pay relevant employees (the n of its
            # gaps at "All staff"): disclosure control links the two tables through level_parent
            common = {"population": "fpre", "characteristic": characteristic,
                      "group": r["group"], "level": label, "group_parent": tt.TOTAL,
                      "level_parent": ALL_STAFF}
            rows.append({**common, "measure": "count", "value": r["n"]})
            rows.append({**common, "measure": "quarter_share_pct", "value": r["pct"],
                         "ci_low": r["pct_ci_low"], "ci_high": r["pct_ci_high"],
                         "numerator": r["n"], "n": r["n_quarter"]})
        rows.append({"population": "fpre", "characteristic": characteristic, "group": tt.TOTAL,
                     "level": label, "measure": "count", "value": part["n_quarter"].iloc[0],
                     "level_parent": ALL_STAFF})
    return _tidy_long(pd.DataFrame(rows), table="paygap_quarters")


def _declaration_tidy(declaration: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, r in declaration.iterrows():
        common = {"population": "relevant", "characteristic": r["characteristic"],
                  "group": ALL_STAFF, "n": r["n"]}
        rows.append({**common, "measure": "declaration_rate_pct",
                     "value": r["declaration_rate"] * 100, "ci_low": r["ci_low"] * 100,
                     "ci_high": r["ci_high"] * 100, "numerator": r["n_declared"]})
        for measure, column in (("prefer_not_to_say_pct", "n_prefer_not_to_say"),
                                ("not_known_pct", "n_not_known")):
            rows.append({**common, "measure": measure,
                         "value": r[column] / r["n"] * 100 if r["n"] else np.nan,
                         "numerator": r[column]})
    return _tidy_long(pd.DataFrame(rows), table="paygap_declaration")


_SENSITIVITY_MEASURES = {
    "gap_pct": "gap_pct", "gap_all_in_group_pct": "gap_scenario_group_pct",
    "gap_all_in_reference_pct": "gap_scenario_reference_pct", "gap_min_pct": "gap_bound_low_pct",
    "gap_max_pct": "gap_bound_high_pct",
}


def _sensitivity_tidy(sens: pd.DataFrame, min_group: int) -> pd.DataFrame:
    rows = []
    for _, r in sens.iterrows():
        small = min(r["n_group"], r["n_reference"]) < min_group
        for column, measure in _SENSITIVITY_MEASURES.items():
            rows.append({"population": "fpre", "characteristic": r["characteristic"],
                         "group": r["group"], "level": _STAT_LABEL[r["measure"]],
                         "measure": measure, "reference_group": r["reference"],
                         "value": r[column], "n": r["n_group"], "n_reference": r["n_reference"],
                         **_withheld(r[column], small, "primary_statistic")})
    return _tidy_long(pd.DataFrame(rows), table="paygap_sensitivity")


def _intersectional_tidy(inter: pd.DataFrame) -> pd.DataFrame:
    wide = inter.drop(columns=["reference_group"]).rename(
        columns={"reference_label": "reference_group"})
    return _tidy_long(_gap_long(wide, bonus=False), table="paygap_intersectional")


def _within_tidy(within: pd.DataFrame, by: str) -> pd.DataFrame:
    part = within[within["by"] == by].reset_index(drop=True)
    return _tidy_long(_gap_long(part, level=part["level"].astype(str), bonus=False),
                      table=f"paygap_within_{by}")


def _trend_gpg_tidy(statutory: pd.DataFrame) -> pd.DataFrame:
    parts = [_gpg_long(part, level=str(year))
             for year, part in statutory.groupby("year", sort=True)]
    years = sorted(statutory["year"].unique())
    gaps = statutory["measure"].str.endswith("_gap_pct")
    for prev, year in zip(years, years[1:], strict=False):
        now = statutory[(statutory["year"] == year) & gaps].set_index("field")
        before = statutory[(statutory["year"] == prev) & gaps].set_index("field")
        change = now.copy()
        change["value"] = now["value"] - before["value"].reindex(now.index)
        change["suppression_reason"] = [
            None if pd.notna(v) else "not applicable: the figure is undefined in one of the years"
            for v in change["value"]]
        parts.append(_gpg_long(change.reset_index(), level=f"Change {prev} to {year}"))
    return _tidy_long(pd.concat(parts, ignore_index=True), table="paygap_trend_gpg")


def _trend_gaps_tidy(trend: pd.DataFrame, min_group: int,
                     references: Mapping[str, str]) -> pd.DataFrame:
    years = [c for c in trend.columns if c.isdigit()]
    rows = []
    for (characteristic, group), part in trend.groupby(["characteristic", "group"], sort=False):
        m = part.set_index("measure")
        for stat in ("mean", "median"):
            name = f"{stat}_gap"
            for year in years:
                n, n_ref = m.at["n_group", year], m.at["n_reference", year]
                if pd.isna(n):
                    continue
                small = min(n, n_ref) < min_group
                rows.append({"population": "fpre", "characteristic": characteristic,
                             "group": group, "level": year, "measure": f"{name}_pct",
                             "value": m.at[f"{name}_pct", year],
                             "ci_low": m.at[f"{name}_ci_low", year],
                             "ci_high": m.at[f"{name}_ci_high", year], "n": n,
                             "n_reference": n_ref,
                             **_withheld(m.at[f"{name}_pct", year], small, "primary_statistic")})
            for prev, year in zip(years, years[1:], strict=False):
                column = f"change_{prev}_{year}"
                n, n_ref = m.at["n_group", year], m.at["n_reference", year]
                if pd.isna(n) or pd.isna(m.at["n_group", prev]):
                    continue
                small = min(n, n_ref, m.at["n_group", prev], m.at["n_reference", prev]) \
                    < min_group
                rows.append({"population": "fpre", "characteristic": characteristic,
                             "group": group, "level": f"Change {prev} to {year}",
                             "measure": f"{name}_pct", "value": m.at[f"{name}_pct", column],
                             "n": min(n, m.at["n_group", prev]),
                             "n_reference": min(n_ref, m.at["n_reference", prev]),
                             **_withheld(m.at[f"{name}_pct", column], small,
                                         "primary_statistic")})
    frame = pd.DataFrame(rows)
    frame["reference_group"] = frame["characteristic"].map(references)
    return _tidy_long(frame, table="paygap_trend_gaps")


def _adjusted_tidy(adj: pd.DataFrame, decomposition: pd.DataFrame,
                   min_group: int) -> pd.DataFrame:
    rows = []
    dec = decomposition.set_index("characteristic")
    for _, r in adj.iterrows():
        common = {"population": "fpre", "characteristic": r["characteristic"],
                  "group": r["group"], "reference_group": r["reference_group"],
                  "n": r["n"], "n_reference": r["n_reference"]}
        small = min(r["n"], r["n_reference"]) < min_group
        for measure in ("mean_gap_pct", "median_gap_pct"):
            rows.append({**common, "measure": measure, "value": r[measure],
                         **_withheld(r[measure], small or r["raw_suppressed"],
                                     "primary_statistic")})
        if "unadjusted_gap_pct" in r.index:
            rows.append({**common, "measure": "unadjusted_gap_pct",
                         "value": r["unadjusted_gap_pct"], "ci_low": r["unadjusted_ci_low"],
                         "ci_high": r["unadjusted_ci_high"],
                         **_withheld(r["unadjusted_gap_pct"], small, "primary_statistic")})
        rows.append({**common, "measure": "adjusted_gap_pct", "value": r["adjusted_gap_pct"],
                     "ci_low": r["ci_low"], "ci_high": r["ci_high"],
                     **_withheld(r["adjusted_gap_pct"], small, "primary_statistic")})
        if r["characteristic"] in dec.index and dec.at[r["characteristic"], "group"] == r["group"]:
            d = dec.loc[r["characteristic"]]
            for part, measure in (("gap", "gap_pct"), ("explained", "gap_explained"),
                                  ("unexplained", "gap_unexplained")):
                value = d[part] * 100
                rows.append({**common, "level": "Decomposition (log points x 100)",
                             "measure": measure, "value": value,
                             "ci_low": d[f"{part}_ci_low"] * 100,
                             "ci_high": d[f"{part}_ci_high"] * 100,
                             "n": d["n_group"], "n_reference": d["n_reference"],
                             **_withheld(value, min(d["n_group"], d["n_reference"]) < min_group,
                                         "primary_statistic")})
    return _tidy_long(pd.DataFrame(rows), table="paygap_adjusted")


def _benchmark_tidy(wide: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    bench = wide["benchmark"]
    rows = []
    for _, r in bench.iterrows():
        for level, (column, measure) in BENCHMARK_STATISTICS.items():
            value = r[column]
            value = np.nan if pd.isna(value) else float(value)
            rows.append({"population": "national_gpg", "characteristic": r["figure"],
                         "group": r["comparator_set"], "level": level, "measure": measure,
                         "value": value, "suppression_reason": None if not math.isnan(value)
                         else "not applicable: no comparator or no value to compare"})
    out = {"paygap_benchmark": _tidy_long(pd.DataFrame(rows), table="paygap_benchmark")}
    y = wide["benchmark_years"].iloc[0]
    years = pd.DataFrame([
        {"population": "national_gpg", "characteristic": "comparison_year",
         "group": y["comparison_year"], "level": "partial" if y["partial"] else "complete",
         "measure": "benchmark_count", "value": y["employers"]},
        {"population": "national_gpg", "characteristic": "size_band", "group": y["size_band"],
         "level": y["comparison_year"], "measure": "benchmark_count",
         "value": y["size_band_employers"]},
    ])
    out["paygap_benchmark_years"] = _tidy_long(years, table="paygap_benchmark_years")
    history = wide["benchmark_history"]
    rows = []
    for _, h in history.iterrows():
        for figure in bm.FIGURES:
            value = h[figure]
            rows.append({"population": "national_gpg", "characteristic": figure,
                         "group": h["EmployerName"],
                         "level": h["ReportingYear"] + (" (partial)" if h["partial"] else ""),
                         "measure": "national_value", "value": value,
                         "suppression_reason": None if pd.notna(value)
                         else "not applicable: blank in the national data"})
    out["paygap_benchmark_history"] = _tidy_long(pd.DataFrame(rows),
                                                 table="paygap_benchmark_history")
    dist = wide["benchmark_distribution"]
    out["paygap_benchmark_distribution"] = _tidy_long(pd.DataFrame({
        "population": "national_gpg", "characteristic": dist["figure"],
        "group": dist["employer"], "level": dist["reporting_year"],
        "measure": "national_value", "value": dist["value"]}),
        table="paygap_benchmark_distribution")
    named = wide["benchmark_named"]
    rows = []
    for _, m in named.iterrows():
        for figure in DISTRIBUTION_FIGURES:
            rows.append({"population": "national_gpg", "characteristic": figure,
                         "group": m["employer"], "level": m["comparator_set"],
                         "measure": "national_value", "value": m[figure],
                         "suppression_reason": None if pd.notna(m[figure])
                         else "not applicable: blank in the national data"})
    out["paygap_benchmark_named"] = _tidy_long(pd.DataFrame(rows),
                                               table="paygap_benchmark_named")
    return out


def build_tables(
    workforces: Mapping[int, pd.DataFrame], params: Mapping[str, Any], *,
    national: pd.DataFrame | None = None, wide: Mapping[str, Any] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every tidy table of the pay gap sections (:data:`TABLES`), unsuppressed.

    Parameters
    ----------
    workforces
        Year -> processed workforce (the reporting year required; earlier years for the trend).
    params
        The year's parameters.
    national
        The national GPG data (default: read from ``data/reference``).
    wide
        Results of :func:`analysis` already computed (e.g. by the notebook's sections); any
        missing is computed here.

    Returns
    -------
    dict
        Name -> tidy table (:data:`eqlib.tables.TIDY_COLUMNS`), in :data:`TABLES` order. Every
        gap row carries ``n`` and ``n_reference``; every share its ``numerator`` and ``n``;
        figures the library withheld below ``disclosure.min_group_pay`` are ``suppressed`` with
        rule ``primary_statistic``/``primary_share``; undefined figures (a bonus gap with no
        bonus for one sex) are NaN, not suppressed, with a reason ``not applicable ...``.
        Other employers' figures are measures of kind ``external``.
    """
    given = dict(wide or {})
    missing = [k for k in WIDE_NAMES if k not in given]
    if missing:
        computed = analysis(workforces, params, national=national)
        given = {**computed, **given}
    min_group = int(params["disclosure"]["min_group_pay"])
    gaps = given["gaps"]
    out: dict[str, pd.DataFrame] = {
        "paygap_gpg": _statutory_tidy(given["statutory"]),
        "paygap_quarters": _quarters_tidy(given["quarters"]),
        "paygap_gaps": _tidy_long(
            pd.concat([_gap_long(gaps), _reference_bonus_rows(gaps)], ignore_index=True),
            table="paygap_gaps"),
        "paygap_declaration": _declaration_tidy(given["declaration"]),
        "paygap_sensitivity": _sensitivity_tidy(given["sensitivity"], min_group),
        "paygap_intersectional": _intersectional_tidy(given["intersectional"]),
        "paygap_within_grade_band": _within_tidy(given["within"], "grade_band"),
        "paygap_within_grade": _within_tidy(given["within"], "grade"),
        "paygap_within_directorate": _within_tidy(given["within"], "directorate"),
        "paygap_trend_gpg": _trend_gpg_tidy(given["gpg_trend"]),
        "paygap_trend_gaps": _trend_gaps_tidy(
            given["gap_trend"], min_group,
            {c: _reference(params, c) for c in params["pay_gap_characteristics"]}),
        "paygap_adjusted": _adjusted_tidy(given["adjusted"], given["decomposition"], min_group),
    }
    out.update(_benchmark_tidy(given))
    return {name: out[name] for name in TABLES}


# --------------------------------------------------------------------------------------------------
# Publication sections (built only from the tables after disclosure control)
# --------------------------------------------------------------------------------------------------
_GPG_LABELS: dict[str, str] = {
    "mean_gap_pct": "Mean hourly pay gap", "median_gap_pct": "Median hourly pay gap",
    "mean_bonus_gap_pct": "Mean bonus pay gap", "median_bonus_gap_pct": "Median bonus pay gap",
}
_possessive = characteristics.possessive
_plain = characteristics.plain


def _select(table: pd.DataFrame, **criteria: Any) -> pd.DataFrame:
    mask = pd.Series(True, index=table.index)
    for column, wanted in criteria.items():
        mask &= table[column] == wanted
    return table.loc[mask]


def _figures(r: pd.Series | None) -> dict[str, Any]:
    """The sentence inputs of a tidy row (suppression flag included)."""
    if r is None:
        return {"value": np.nan}
    return {"value": r["value"], "ci_low": r["ci_low"], "ci_high": r["ci_high"],
            "suppressed": bool(r["suppressed"])}


def _interval_text(r: pd.Series | None) -> str:
    return interval_text(r, fmt_pct)


def _distinguishable(r: pd.Series | None) -> bool | None:
    if r is None or bool(r["suppressed"]) or pd.isna(r["ci_low"]) or pd.isna(r["ci_high"]):
        return None
    return not (float(r["ci_low"]) <= 0.0 <= float(r["ci_high"]))


def _level_words(params: Mapping[str, Any]) -> str:
    return fmt_pct(float(params["confidence_level"]), 0, unit="fraction")


def _synthetic(params: Mapping[str, Any]) -> bool:
    return "synthetic" in str(params["organisation"]).lower()


def _sentence_with_significance(r: pd.Series | None, *, characteristic: str, group: str,
                                reference: str, params: Mapping[str, Any]) -> str:
    text = gap_sentence(_figures(r), group=_possessive(characteristic, group),
                        reference=_possessive(characteristic, reference),
                        measure="mean hourly pay", level=float(params["confidence_level"]))
    if _distinguishable(r):
        text += " The difference is statistically distinguishable from zero."
    return text


#: The comparisons a headline may report, fixed before looking at the data (GOV.UK guidance on
#: ethnicity and disability pay gap reporting): (characteristic, group against its reference).
HEADLINE_COMPARISONS: tuple[tuple[str, str], ...] = (
    ("ethnicity_binary", codes.ETHNIC_MINORITY),
    ("disability", "Disabled"),
)


def headline(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[str]:
    """Plain-English headline sentences for the report summary.

    The mean and median gender pay gaps (as submitted) and the mean pay gaps of the comparisons
    fixed in advance (:data:`HEADLINE_COMPARISONS`: ethnic minority against White British,
    disabled against not disabled, as GOV.UK's ethnicity and disability pay gap guidance
    does), each with its interval and whether it is distinguishable from zero. Never the
    largest of several groups: choosing the most extreme of five gaps for the headline makes a
    chance difference look like a finding. Every number comes from ``tables`` (after disclosure
    control) through the ``fmt`` helpers; a withheld figure reads ``[c]``.

    Parameters
    ----------
    tables
        The suppressed tables (``paygap_gpg``, ``paygap_gaps``).
    params
        The year's parameters (``confidence_level``, ``reference_groups``).

    Returns
    -------
    list of str
    """
    gpg, gaps = tables["paygap_gpg"], tables["paygap_gaps"]
    out = []
    for measure, words in (("mean_gap_pct", "mean hourly pay"),
                           ("median_gap_pct", "median hourly pay")):
        out.append(gap_sentence(_figures(find(gpg, group="Female", measure=measure)),
                                group="women's", reference="men's", measure=words))
    for characteristic, group in HEADLINE_COMPARISONS:
        if characteristic not in set(gaps["characteristic"]):
            continue
        r = find(gaps, characteristic=characteristic, group=group, measure="mean_gap_pct")
        if r is None:
            continue
        out.append(_sentence_with_significance(r, characteristic=characteristic, group=group,
                                               reference=str(r["reference_group"]),
                                               params=params))
    return out


def _difference_words(r: pd.Series | None) -> str:
    """``"we cannot tell this apart from no difference"`` or its opposite, from the interval."""
    distinguishable = _distinguishable(r)
    if distinguishable is None:
        return ""
    if distinguishable:
        return "a difference larger than chance alone would explain"
    return "we cannot tell this apart from no difference"


def glance(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[str]:
    """One plain sentence per pre-specified pay comparison, for the "At a glance" page.

    The comparisons are :data:`HEADLINE_COMPARISONS` (ethnic minority against White British
    staff, disabled against non-disabled staff), never the largest of several gaps. The
    uncertainty is said in words from the interval (the interval itself is in the section).
    A withheld gap says so; a comparison the year cannot make is left out.

    Examples
    --------
    >>> row = dict(characteristic="disability", group="Disabled", level="", measure="mean_gap_pct",
    ...            value=3.7, ci_low=-5.1, ci_high=11.7, suppressed=False,
    ...            reference_group="Not disabled")
    >>> glance({"paygap_gaps": pd.DataFrame([row])}, {})
    ["Disabled staff's mean hourly pay is 3.7% lower than non-disabled staff's: we cannot tell this apart from no difference."]
    """
    gaps = tables["paygap_gaps"]
    out = []
    for characteristic, group in HEADLINE_COMPARISONS:
        r = find(gaps, characteristic=characteristic, group=group, measure="mean_gap_pct")
        if r is None:
            continue
        who = _possessive(characteristic, group)
        reference = _possessive(characteristic, str(r["reference_group"]))
        if bool(r["suppressed"]) or pd.isna(r["value"]):
            out.append(f"The mean hourly pay gap between {_plain(characteristic, group)} and "
                       f"{_plain(characteristic, str(r['reference_group']))} is withheld "
                       f"{CONFIDENTIAL} to protect confidentiality.")
            continue
        text = gap_sentence({"value": r["value"]}, group=who, reference=reference,
                            measure="mean hourly pay").rstrip(".")
        words = _difference_words(r)
        out.append(text + (f": {words}." if words else "."))
    return out


def statutory_figures_table(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> Block:
    """The six statutory gender pay gap figures of the year, last year's and the change.

    For the "At a glance" page: the figures as submitted (mean and median hourly pay gap, mean
    and median bonus gap, the share of women and of men receiving a bonus) with the previous
    year's and the change in percentage points where the year has a previous one. The change
    of the bonus shares is the difference of the two published (rounded) figures.
    """
    gpg, trend = tables["paygap_gpg"], tables.get("paygap_trend_gpg")
    min_count = int(params["disclosure"]["min_count"])
    year = int(params["year"])
    earlier = [] if trend is None else sorted(
        int(lv) for lv in set(trend["level"]) if str(lv).isdigit() and int(lv) < year)
    previous = earlier[-1] if earlier else None
    rows = [(m, "Female", label) for m, label in _GPG_LABELS.items()] + [
        ("bonus_percent", "Female", "Women receiving a bonus"),
        ("bonus_percent", "Male", "Men receiving a bonus")]
    columns: dict[str, list[Any]] = {"Figure": []}
    flags: dict[str, list[bool]] = {"Figure": []}
    now_col, before_col, change_col = str(year), str(previous), "Change"
    for col in ([before_col] if previous else []) + [now_col] + ([change_col] if previous else []):
        columns[col], flags[col] = [], []

    def put(col: str, r: pd.Series | None) -> None:
        columns[col].append(np.nan if r is None else r["value"])
        flags[col].append(False if r is None else bool(r["suppressed"]))

    for measure, group, label in rows:
        columns["Figure"].append(label)
        flags["Figure"].append(False)
        now = find(gpg, group=group, measure=measure)
        put(now_col, now)
        if previous is None:
            continue
        before = find(trend, level=str(previous), group=group, measure=measure)
        put(before_col, before)
        change = find(trend, level=f"Change {previous} to {year}", group=group, measure=measure)
        if change is None and now is not None and before is not None:
            change = pd.Series({"value": float(now["value"]) - float(before["value"]),
                                "suppressed": bool(now["suppressed"]) or bool(before["suppressed"])})
        put(change_col, change)
    formats = {c: "pct" for c in columns if c not in ("Figure", change_col)}
    if previous:
        formats[change_col] = "pp"
    notes = ["As submitted to the government, rounded to one decimal place. A positive gap "
             "means women are paid less than men on average"
             + ("; a positive change, that the gap widened (or that more received a bonus)."
                if previous else ".")]
    block = table_html(pd.DataFrame(columns), caption="Gender pay gap: the six statutory figures",
                       formats=formats, suppressed=pd.DataFrame(flags), row_header="Figure",
                       min_count=min_count, notes=notes)
    return in_main_report(block)


def quarter_chart(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any],
                  *, width: float = plots.WIDTH_IN) -> plots.Chart:
    """Women and men in each pay quarter: the statutory quarter figures as a chart."""
    quarters = _select(tables["paygap_gpg"], measure="quarter_share_pct")
    chart_data = quarters.assign(group=quarters["group"].map({"Female": "Women", "Male": "Men"}))
    chart_data = chart_data.sort_values("level", key=lambda s: s.map(_QUARTER_ORDER.index),
                                        kind="stable")
    return plots.quarter_chart(chart_data[["level", "group", "value", "suppressed"]],
                               caption="Women and men in each pay quarter",
                               min_count=int(params["disclosure"]["min_count"]), width=width)


def _gpg_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    gpg = tables["paygap_gpg"]
    min_count = int(params["disclosure"]["min_count"])
    blocks: list[Any] = []
    intro = [
        "The gender pay gap compares the average hourly pay of women and men, as the Equality "
        "Act 2010 (Specific Duties and Public Authorities) Regulations 2017 require. A positive "
        "gap means that women are paid less than men on average; it is not the same as unequal "
        "pay for equal work.",
    ]
    if _synthetic(params):
        intro.append("The figures for this year are computed from synthetic (made-up) data that "
                     "stand in for the authority's own records.")
    blocks.append(paragraph(*intro))
    blocks.append(paragraph(*[
        gap_sentence(_figures(find(gpg, group="Female", measure=m)), group="women's",
                     reference="men's", measure=w)
        for m, w in (("mean_gap_pct", "mean hourly pay"),
                     ("median_gap_pct", "median hourly pay"))]))
    labels, values, flags = [], [], []
    for measure, label in _GPG_LABELS.items():
        r = find(gpg, group="Female", measure=measure)
        labels.append(label)
        values.append(np.nan if r is None else r["value"])
        flags.append(False if r is None else bool(r["suppressed"]))
    for group, label in (("Male", "Men receiving a bonus"), ("Female", "Women receiving a bonus")):
        r = find(gpg, group=group, measure="bonus_percent")
        labels.append(label)
        values.append(np.nan if r is None else r["value"])
        flags.append(False if r is None else bool(r["suppressed"]))
    notes = ["Figures as submitted to the government: rounded to one decimal place. A positive "
             "gap means women's pay is lower than men's."]
    bonus = _select(gpg, measure="mean_bonus_gap_pct")
    if len(bonus) and bonus["value"].isna().all() and not bonus["suppressed"].any():
        notes.append("The bonus pay gaps are not applicable this year: nobody of one sex "
                     "received a bonus.")
    blocks.append(table_html(
        pd.DataFrame({"Figure": labels, "Value": values}), caption="The six statutory gender "
        "pay gap figures", formats={"Value": "pct"},
        suppressed=pd.DataFrame({"Value": flags}), min_count=min_count, notes=notes))
    quarters = _select(gpg, measure="quarter_share_pct")
    wide = quarters.pivot(index="level", columns="group", values="value").reindex(_QUARTER_ORDER)
    sup = quarters.pivot(index="level", columns="group", values="suppressed").reindex(
        _QUARTER_ORDER).astype(bool)
    blocks.append(table_html(
        pd.DataFrame({"Pay quarter": _QUARTER_ORDER, "Women": wide["Female"].to_numpy(),
                      "Men": wide["Male"].to_numpy()}),
        caption="Women and men in each pay quarter (percent)",
        formats={"Women": "pct", "Men": "pct"},
        suppressed=pd.DataFrame({"Women": sup["Female"].to_numpy(),
                                 "Men": sup["Male"].to_numpy()}),
        min_count=min_count,
        notes=["Pay quarters are four equal-sized groups of full-pay relevant employees ranked "
               "by hourly pay, from lower to upper."]))
    return blocks


def _trend_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    trend = tables["paygap_trend_gpg"]
    min_count = int(params["disclosure"]["min_count"])
    years = sorted({lv for lv in trend["level"] if str(lv).isdigit()})
    if len(years) < 2:
        return []
    gaps = trend[trend["level"].isin(years)
                 & trend["measure"].isin(["mean_gap_pct", "median_gap_pct"])]
    data = pd.DataFrame({"year": gaps["level"].astype(int),
                         "group": gaps["measure"].map({"mean_gap_pct": "Mean gap",
                                                       "median_gap_pct": "Median gap"}),
                         "value": gaps["value"], "suppressed": gaps["suppressed"].astype(bool)})
    blocks: list[Any] = [plots.trend_chart(
        data, caption=f"Gender pay gap, {years[0]} to {years[-1]}",
        measure_label="Gender pay gap (%)", min_count=min_count)]
    prev, last = years[-2], years[-1]
    sentences = []
    for measure, words in (("mean_gap_pct", "mean"), ("median_gap_pct", "median")):
        before = find(trend, level=prev, measure=measure, group="Female")
        now = find(trend, level=last, measure=measure, group="Female")
        change = find(trend, level=f"Change {prev} to {last}", measure=measure, group="Female")
        if before is None or now is None or change is None:
            continue
        sup = bool(before["suppressed"]) or bool(now["suppressed"]) or bool(change["suppressed"])
        if sup or pd.isna(change["value"]):
            continue
        size = abs(float(change["value"]))
        direction = ("did not change" if fmt_pct(size) == "0.0%"
                     else ("widened" if change["value"] > 0 else "narrowed"))
        sentences.append(
            f"The {words} gender pay gap was {fmt_pct(now['value'])} in {last}, against "
            f"{fmt_pct(before['value'])} in {prev}: it {direction}"
            + ("." if direction == "did not change"
               else f" by {fmt_pct(size)[:-1]} percentage points."))
    if sentences:
        blocks.append(paragraph(*sentences))
    rows = trend[trend["level"].isin(years)].copy()
    rows["figure"] = [
        _GPG_LABELS.get(m) or (("Women" if g == "Female" else "Men") + " receiving a bonus"
                               if m == "bonus_percent" else
                               ("Women" if g == "Female" else "Men") + " in the "
                               + c.split("(", 1)[1].split(" pay quarter")[0].lower()
                               + " pay quarter")
        for m, g, c in zip(rows["measure"], rows["group"], rows["characteristic"], strict=True)]
    blocks.append(tidy_table_html(
        rows, caption="The statutory gender pay gap figures in each year (percent)",
        rows="figure", columns="level", row_label="Figure",
        formats={y: "pct" for y in years}, min_count=min_count,
        notes=["Each year's figures as submitted, on the snapshot date of 31 March."]))
    return blocks


def _benchmark_row(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any],
                   figure: str, comparator_set: str) -> dict[str, Any] | None:
    """A :func:`eqlib.benchmark.benchmark` row rebuilt from the tables."""
    bench, years = tables["paygap_benchmark"], tables["paygap_benchmark_years"]
    stats = _select(bench, characteristic=figure, group=comparator_set).set_index("level")
    if stats.empty:
        return None
    year = find(years, characteristic="comparison_year")
    band = find(years, characteristic="size_band")
    gpg_measure = {"DiffMeanHourlyPercent": "mean_gap_pct",
                   "DiffMedianHourlyPercent": "median_gap_pct"}[figure]
    own = find(tables["paygap_gpg"], group="Female", measure=gpg_measure)
    if own is None or bool(own["suppressed"]) or year is None:
        return None
    row: dict[str, Any] = {
        "reporting_year": bm.reporting_year_label(int(params["year"])),
        "comparison_year": year["group"], "comparison_partial": year["level"] == "partial",
        "comparator_set": comparator_set, "figure": figure, "value": float(own["value"]),
        "size_band": "" if band is None else band["group"],
    }
    for level, (column, _) in BENCHMARK_STATISTICS.items():
        row[column] = stats.at[level, "value"] if level in stats.index else np.nan
    counts = ("n", "n_lower", "n_equal", "n_higher")
    if pd.isna(row["n"]) or (row["n"] and any(pd.isna(row[c]) for c in counts)):
        return None
    for c in counts:
        row[c] = 0 if pd.isna(row[c]) else int(row[c])
    return row


def _benchmark_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    if "paygap_benchmark" not in tables:
        return []
    blocks: list[Any] = []
    sentences, rows = [], []
    for comparator_set in ("combined_authorities", "lcr_public_bodies", "public_administration"):
        r = _benchmark_row(tables, params, "DiffMedianHourlyPercent", comparator_set)
        if r is not None:
            rows.append(r)
            sentences.append(bm.benchmark_statement(r, subject="the authority"))
    if sentences:
        intro = ("Other large employers publish the same figures. This section compares the "
                 "authority's figures with theirs, from the government's national gender pay "
                 "gap data.")
        if _synthetic(params):
            intro += (" This year's figures for the authority are computed from synthetic "
                      "data; the earlier years are the authority's own published figures.")
        summary = bm.benchmark_summary(rows, subject="the authority")
        blocks.append(paragraph(intro, *([summary] if summary else [])))
        # each comparison in full (counts, percentile ranks): detail, for Appendix A
        blocks.append(in_appendix(paragraph(*sentences)))
    named = _select(tables["paygap_benchmark_named"], level="combined_authorities")
    year = find(tables["paygap_benchmark_years"], characteristic="comparison_year")
    if len(named) and year is not None:
        mean = named[named["characteristic"] == "DiffMeanHourlyPercent"].set_index("group")
        median = named[named["characteristic"] == "DiffMedianHourlyPercent"].set_index("group")
        employers = list(dict.fromkeys(named["group"]))
        gpg = tables["paygap_gpg"]
        own_mean = find(gpg, group="Female", measure="mean_gap_pct")
        own_median = find(gpg, group="Female", measure="median_gap_pct")
        label = f"This authority ({int(params['year'])}"
        label += ", synthetic data)" if _synthetic(params) else ")"
        frame = pd.DataFrame({
            "Employer": [label, *employers],
            "Mean hourly pay gap": [np.nan if own_mean is None else own_mean["value"],
                                    *mean.reindex(employers)["value"].to_numpy()],
            "Median hourly pay gap": [np.nan if own_median is None else own_median["value"],
                                      *median.reindex(employers)["value"].to_numpy()],
        })
        sup = pd.DataFrame({
            "Mean hourly pay gap": [bool(own_mean is not None and own_mean["suppressed"])]
            + [False] * len(employers),
            "Median hourly pay gap": [bool(own_median is not None and own_median["suppressed"])]
            + [False] * len(employers)})
        status = "partial" if year["level"] == "partial" else "complete"
        blocks.append(table_html(
            frame, caption=f"Hourly pay gaps of the combined authorities, {year['group']}",
            formats={"Mean hourly pay gap": "pct", "Median hourly pay gap": "pct"},
            suppressed=sup, min_count=int(params["disclosure"]["min_count"]),
            notes=[f"Other combined authorities' figures: national gender pay gap data, "
                   f"{year['group']} ({status} year). There are few combined authorities, so "
                   "each is shown rather than a range."]))
    dist = _select(tables["paygap_benchmark_distribution"],
                   characteristic="DiffMedianHourlyPercent")
    history = _select(tables["paygap_benchmark_history"],
                      characteristic="DiffMedianHourlyPercent")
    if len(dist):
        own = find(tables["paygap_gpg"], group="Female", measure="median_gap_pct")
        # one series, one source: the authority's figures as published to GOV.UK are a line;
        # this report's figure (computed here, from synthetic data in the shipped example) is a
        # separate point, never joined to them
        org = pd.DataFrame({
            "year": [str(lv).split(" ")[0] for lv in history["level"]],
            "value": history["value"].to_numpy(dtype=float),
            "suppressed": history["suppressed"].astype(bool).to_numpy(),
        })
        current = pd.DataFrame({
            "year": [bm.reporting_year_label(int(params["year"]))],
            "value": [np.nan if own is None else float(own["value"])],
            "suppressed": [bool(own is not None and own["suppressed"])],
        })
        current_label = ("This report (synthetic data)" if _synthetic(params)
                         else "This report")
        chart = plots.benchmark_chart(
            pd.DataFrame({"year": dist["level"], "value": dist["value"]}), org,
            caption="Median hourly gender pay gap: the authority and public administration "
                    "employers",
            organisation_label="The authority as published", current=current,
            current_label=current_label, measure_label="Median hourly pay gap (%)")
        partial = [str(lv).split(" ")[0] for lv in history["level"] if "partial" in str(lv)]
        chart.notes.append(
            "Comparators: employers in general public administration (SIC 84110) and public "
            "bodies with no SIC code, the authority excluded. Source: GOV.UK gender pay gap "
            "service open data." + (f" Partial years (early filers only): {', '.join(partial)}."
                                    if partial else "")
            + " The line is the authority's own figures as published on the GOV.UK service; the "
            "separate point is this report's figure"
            + (", computed from synthetic data, so it is not comparable with the published "
               "line" if _synthetic(params) else ", not yet published") + ".")
        blocks.append(chart)
    return blocks


def _gap_table(gaps: pd.DataFrame, characteristic: str, params: Mapping[str, Any],
               *, label: str, caption: str) -> Block | None:
    """Mean and median gaps with intervals of one characteristic (or intersection)."""
    rows = _select(gaps, characteristic=characteristic)
    groups = list(dict.fromkeys(rows.loc[rows["measure"] == "mean_gap_pct", "group"]))
    if not groups:
        return None
    data: dict[str, list[Any]] = {label: groups, "Staff in group": [], "Mean gap": [],
                                  "Mean gap interval": [], "Median gap": [],
                                  "Median gap interval": []}
    flags: dict[str, list[bool]] = {k: [] for k in data if k != label}
    for g in groups:
        mean = find(rows, group=g, measure="mean_gap_pct")
        median = find(rows, group=g, measure="median_gap_pct")
        withheld = mean is None or bool(mean["suppressed"])
        data["Staff in group"].append(np.nan if mean is None else mean["n"])
        flags["Staff in group"].append(withheld)
        for name, r in (("Mean gap", mean), ("Median gap", median)):
            data[name].append(np.nan if r is None else r["value"])
            flags[name].append(bool(r is not None and r["suppressed"]))
            data[f"{name} interval"].append(_interval_text(r))
            flags[f"{name} interval"].append(False)
    reference = str(rows["reference_group"].dropna().iloc[0])
    notes = [f"Compared with {reference}. A positive gap means the group is paid less on "
             f"average. Intervals are {_level_words(params)} confidence intervals; an "
             "interval that includes zero means the gap is not statistically "
             "distinguishable from zero."]
    adjusted = adjusted_distinguishable(rows, groups, params)
    if adjusted is not None:
        column = f"Mean gap distinguishable from zero, adjusted for {len(groups)} groups"
        data[column] = adjusted
        flags[column] = [False] * len(groups)
        notes.append(
            f"{len(groups)} groups are compared with {reference}, so by chance alone some "
            "95% intervals would exclude zero. The last column says whether each mean gap is "
            "distinguishable from zero after Holm's adjustment for the number of groups (p-values "
            "read back from the intervals, an approximation for bootstrap intervals); statements "
            "about single groups rely on it, not on the unadjusted interval.")
    return table_html(
        pd.DataFrame(data), caption=caption,
        formats={"Staff in group": "int", "Mean gap": "pct", "Median gap": "pct",
                 "Mean gap interval": "text", "Median gap interval": "text",
                 **({f"Mean gap distinguishable from zero, adjusted for {len(groups)} groups":
                     "text"} if adjusted is not None else {})},
        suppressed=pd.DataFrame(flags), min_count=int(params["disclosure"]["min_count"]),
        confidential_note=(f"[c] confidential: withheld because fewer than "
                           f"{int(params['disclosure']['min_group_pay'])} people are in a group "
                           "compared, or to protect another withheld figure."),
        notes=notes)


def adjusted_distinguishable(rows: pd.DataFrame, groups: Sequence[str],
                             params: Mapping[str, Any]) -> list[str] | None:
    """Holm-adjusted "distinguishable from zero" of each group's mean gap, or None for one group.

    Each published mean gap's two-sided p-value is read back from its interval
    (:func:`eqlib.intervals.interval_p_value`) and the p-values of the ``groups`` compared with
    the same reference are Holm-adjusted together (:func:`eqlib.outcomes.holm_adjusted`).
    ``"Yes"`` when the adjusted p is below ``1 - confidence_level``, ``"No"`` otherwise, ``"[c]"``
    for a withheld gap and ``"[x]"`` when no interval exists.

    Examples
    --------
    Two gaps whose 95% intervals each exclude zero (p 0.036 and 0.046) are not distinguishable
    once two comparisons are allowed for (Holm: 2 × 0.036 = 0.071):

    >>> rows = pd.DataFrame({"group": ["A", "B"], "measure": "mean_gap_pct",
    ...                      "value": [3.0, 2.5], "ci_low": [0.2, 0.05], "ci_high": [5.8, 4.95],
    ...                      "suppressed": False})
    >>> adjusted_distinguishable(rows, ["A", "B"], {"confidence_level": 0.95})
    ['No', 'No']
    """
    if len(groups) < 2:
        return None
    level = float(params["confidence_level"])
    p, shown = [], []
    for g in groups:
        r = find(rows, group=g, measure="mean_gap_pct")
        if r is None or bool(r["suppressed"]):
            shown.append(CONFIDENTIAL if r is not None else NOT_AVAILABLE)
            p.append(math.nan)
            continue
        value = interval_p_value(float(r["value"]), float(r["ci_low"]), float(r["ci_high"]),
                                 confidence_level=level)
        shown.append("" if math.isfinite(value) else NOT_AVAILABLE)
        p.append(value)
    finite = [i for i, v in enumerate(p) if math.isfinite(v)]
    if finite:
        adj = holm_adjusted(np.array([p[i] for i in finite]))
        for i, a in zip(finite, adj, strict=True):
            shown[i] = "Yes" if a < 1 - level else "No"
    return shown


def _other_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    gaps = tables["paygap_gaps"]
    min_count = int(params["disclosure"]["min_count"])
    blocks: list[Any] = [paragraph(
        "These figures compare the hourly pay of each group with a reference group, in the "
        "same way as the gender pay gap. Staff who did not say which group they belong to are "
        "left out of these comparisons (they are still counted in the pay quarters). Each gap "
        f"has a {_level_words(params)} confidence interval, the range of values consistent with "
        "the data. Gaps for groups of fewer than "
        f"{int(params['disclosure']['min_group_pay'])} people are not published.")]
    binary = binary_characteristics(params)
    sentences = []
    for characteristic in binary:
        if characteristic == "sex":
            continue
        r = find(gaps, characteristic=characteristic, measure="mean_gap_pct")
        if r is not None:
            sentences.append(_sentence_with_significance(
                r, characteristic=characteristic, group=str(r["group"]),
                reference=str(r["reference_group"]), params=params))
    if sentences:
        blocks.append(paragraph(*sentences))
    chart_rows = gaps[gaps["characteristic"].isin([c for c in binary if c != "sex"])
                      & (gaps["measure"] == "mean_gap_pct")]
    if len(chart_rows):
        blocks.append(plots.gap_chart(
            pd.DataFrame({"group": [f"{g} (vs {r})" for g, r in
                                    zip(chart_rows["group"], chart_rows["reference_group"],
                                        strict=True)],
                          "value": chart_rows["value"], "ci_low": chart_rows["ci_low"],
                          "ci_high": chart_rows["ci_high"],
                          "suppressed": chart_rows["suppressed"].astype(bool)}),
            caption="Mean hourly pay gaps with confidence intervals",
            reference_group="each group's reference group", measure_label="Mean hourly pay gap (%)",
            level=float(params["confidence_level"]), min_count=min_count))
    for characteristic in params["pay_gap_characteristics"]:
        if characteristic == "sex":
            continue
        block = _gap_table(gaps, characteristic, params, label="Group",
                           caption=f"Pay gaps by {characteristics.title(characteristic)}")
        if block is not None:
            blocks.append(block)
    blocks.extend(_declaration_blocks(tables, params))
    blocks.extend(_sensitivity_blocks(tables, params))
    band_block = _within_band_block(tables, params)
    if band_block is not None:
        blocks.append(band_block)
    inter = tables["paygap_intersectional"]
    for characteristic in dict.fromkeys(inter["characteristic"]):
        first, second = characteristic.split(" × ")
        block = _gap_table(inter, characteristic, params, label="Group",
                           caption=f"Pay gaps by {characteristics.title(first)} and "
                                   f"{characteristics.title(second).replace('_', ' ')}")
        if block is not None:
            blocks.append(block)
    if len(inter):
        blocks.append(in_appendix(paragraph(
            "In the tables of two characteristics together, a group too small to publish is "
            "combined with other small groups of the next broader ethnic group; the combined "
            "groups are named in brackets.")))
    blocks.extend(_adjusted_blocks(tables, params))
    return blocks


def _within_band_block(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]
                       ) -> Block | None:
    """The gender pay gap within each grade band: women against men of the same band."""
    t = tables.get("paygap_within_grade_band")
    if t is None or t.empty:
        return None
    rows = _select(t, characteristic="sex")
    bands = [b for b in params["grade_bands"] if b in set(rows["level"])]
    if not bands:
        return None
    data: dict[str, list[Any]] = {"Grade band": [], "Women": [], "Men": [], "Mean gap": [],
                                  "Mean gap interval": [], "Median gap": [],
                                  "Median gap interval": []}
    flags: dict[str, list[bool]] = {k: [] for k in data if k != "Grade band"}
    for band in bands:
        mean = find(rows, group="Female", level=band, measure="mean_gap_pct")
        median = find(rows, group="Female", level=band, measure="median_gap_pct")
        data["Grade band"].append(band[:1].upper() + band[1:])
        withheld = mean is None or bool(mean["suppressed"])
        data["Women"].append(np.nan if mean is None else mean["n"])
        data["Men"].append(np.nan if mean is None else mean.get("n_reference", np.nan))
        flags["Women"].append(withheld)
        flags["Men"].append(withheld)
        for name, r in (("Mean gap", mean), ("Median gap", median)):
            data[name].append(np.nan if r is None else r["value"])
            flags[name].append(bool(r is not None and r["suppressed"]))
            data[f"{name} interval"].append(_interval_text(r))
            flags[f"{name} interval"].append(False)
    return table_html(
        pd.DataFrame(data), caption="Gender pay gap within each grade band",
        formats={"Women": "int", "Men": "int", "Mean gap": "pct", "Median gap": "pct",
                 "Mean gap interval": "text", "Median gap interval": "text"},
        suppressed=pd.DataFrame(flags), min_count=int(params["disclosure"]["min_count"]),
        notes=["Women compared with men of the same grade band. A positive gap means women in "
               "the band are paid less on average. Differences between bands (for example "
               "junior women against leadership men) are grade differences, not gender gaps, "
               "and are not shown. Intervals are "
               f"{_level_words(params)} confidence intervals."])


def _declaration_blocks(tables: Mapping[str, pd.DataFrame],
                        params: Mapping[str, Any]) -> list[Any]:
    dec = tables["paygap_declaration"]
    if dec.empty:
        return []
    names = list(dict.fromkeys(dec["characteristic"]))
    columns = {"declaration_rate_pct": "Declared", "prefer_not_to_say_pct": "Prefer not to say",
               "not_known_pct": "Not known"}
    data: dict[str, list[Any]] = {"Characteristic": [characteristics.label(c) for c in names]}
    flags: dict[str, list[bool]] = {}
    for measure, label in columns.items():
        rows = [find(dec, characteristic=c, measure=measure) for c in names]
        data[label] = [np.nan if r is None else r["value"] for r in rows]
        flags[label] = [bool(r is not None and r["suppressed"]) for r in rows]
    return [table_html(pd.DataFrame(data), caption="Declaration rates (percent of all staff)",
                       formats=dict.fromkeys(columns.values(), "pct"),
                       suppressed=pd.DataFrame(flags),
                       min_count=int(params["disclosure"]["min_count"]))]


def _sensitivity_blocks(tables: Mapping[str, pd.DataFrame],
                        params: Mapping[str, Any]) -> list[Any]:
    sens = tables["paygap_sensitivity"]
    if sens.empty:
        return []
    columns = {"gap_pct": "Declared staff only", "gap_scenario_group_pct": "All undeclared in group",
               "gap_scenario_reference_pct": "All undeclared in reference",
               "gap_bound_low_pct": "Lowest possible", "gap_bound_high_pct": "Highest possible"}
    keys = list(dict.fromkeys(zip(sens["characteristic"], sens["group"], sens["level"],
                                  strict=True)))
    data: dict[str, list[Any]] = {"Comparison": []}
    flags: dict[str, list[bool]] = {v: [] for v in columns.values()}
    sentences = []
    for characteristic, group, level in keys:
        rows = _select(sens, characteristic=characteristic, group=group, level=level)
        reference = str(rows["reference_group"].iloc[0])
        data["Comparison"].append(f"{group} vs {reference}: {level.lower()}")
        for measure, label in columns.items():
            r = find(rows, measure=measure)
            data.setdefault(label, []).append(np.nan if r is None else r["value"])
            flags[label].append(bool(r is not None and r["suppressed"]))
        low, high = find(rows, measure="gap_bound_low_pct"), find(rows, measure="gap_bound_high_pct")
        if level == _STAT_LABEL["mean"] and low is not None and high is not None \
                and not (low["suppressed"] or high["suppressed"]) \
                and pd.notna(low["value"]) and pd.notna(high["value"]):
            robust = low["value"] > 0 or high["value"] < 0
            sentences.append(
                f"Whichever groups the staff who did not declare belong to, the mean pay gap "
                f"between {_plain(characteristic, group)} and "
                f"{_plain(characteristic, reference)} would lie between {fmt_pct(low['value'])} and {fmt_pct(high['value'])}: "
                + ("its direction does not depend on them." if robust else
                   "the gap is not robust to non-declaration."))
    blocks: list[Any] = [table_html(
        pd.DataFrame(data), caption="How the gaps could change if everyone had declared "
        "(percent)", formats=dict.fromkeys(columns.values(), "pct"),
        suppressed=pd.DataFrame(flags), min_count=int(params["disclosure"]["min_count"]),
        notes=["'Lowest possible' and 'highest possible' are the smallest and largest gap over "
               "every possible assignment of the staff who did not declare to the two groups."])]
    if sentences:
        blocks.insert(0, in_appendix(paragraph(*sentences)))
    return blocks


def _adjusted_blocks(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[Any]:
    adj = tables["paygap_adjusted"]
    if adj.empty:
        return []
    keys = list(dict.fromkeys(zip(adj["characteristic"], adj["group"], strict=True)))
    unadjusted_col = "Unadjusted gap, regression scale"
    adjusted_col = "Adjusted gap, regression scale"
    data: dict[str, list[Any]] = {"Comparison": [], "Raw mean gap": [], "Raw median gap": [],
                                  unadjusted_col: [], f"{unadjusted_col} interval": [],
                                  adjusted_col: [], f"{adjusted_col} interval": []}
    flags: dict[str, list[bool]] = {k: [] for k in data if k != "Comparison"}
    for characteristic, group in keys:
        rows = _select(adj, characteristic=characteristic, group=group)
        data["Comparison"].append(f"{group} vs {rows['reference_group'].iloc[0]}")
        for measure, label in (("mean_gap_pct", "Raw mean gap"),
                               ("median_gap_pct", "Raw median gap"),
                               ("unadjusted_gap_pct", unadjusted_col),
                               ("adjusted_gap_pct", adjusted_col)):
            r = find(rows, measure=measure, level=ALL_STAFF)
            data[label].append(np.nan if r is None else r["value"])
            flags[label].append(bool(r is not None and r["suppressed"]))
            if label in (unadjusted_col, adjusted_col):
                data[f"{label} interval"].append(_interval_text(r))
                flags[f"{label} interval"].append(False)
    controls = ", ".join(str(c).replace("_", " ") for c in params["adjusted_gap_controls"])
    return [
        in_appendix(paragraph(
            "The adjusted gap compares people in the same grade and directorate, of the same "
            f"age band and length of service, working the same pattern ({controls}). It is "
            "shown beside the raw gap, never instead of it. Controlling for grade absorbs "
            "occupational segregation, which is itself part of what the authority is trying to "
            "change: an adjusted gap near zero can mean that the gap comes from who gets into "
            "which grade, not that there is no gap to address.")),
        in_appendix(paragraph(
            "The raw mean and median gaps and the regression gaps are different measures: the "
            "raw gaps compare average (mean) and middle (median) hourly pay, the regression gaps "
            "compare typical pay on a logarithmic scale (a ratio of geometric means). To see "
            "what the controls change, compare the two regression columns, which are on the "
            "same scale and use the same people.")),
        table_html(pd.DataFrame(data), caption="Raw and adjusted pay gaps (percent)",
                   formats={"Raw mean gap": "pct", "Raw median gap": "pct",
                            unadjusted_col: "pct", f"{unadjusted_col} interval": "text",
                            adjusted_col: "pct", f"{adjusted_col} interval": "text"},
                   suppressed=pd.DataFrame(flags),
                   min_count=int(params["disclosure"]["min_count"]),
                   notes=[f"Regression scale: (1 - exp(b)) x 100 from a regression of log "
                          "hourly pay on the group; unadjusted without controls, adjusted with "
                          f"{controls} held constant; {_level_words(params)} confidence "
                          "intervals (robust standard errors). Raw gaps: the statutory "
                          "measures, not directly comparable with the regression columns."]),
    ]


def section(tables: Mapping[str, pd.DataFrame],
            params: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    """Publication sections 4 (gender pay gap) and 5 (other pay gaps), from the tables only.

    Parameters
    ----------
    tables
        The pay gap tables of :data:`TABLES` after disclosure control (as read from
        ``publish/tables``).
    params
        The year's parameters.

    Returns
    -------
    list of (str, list)
        ``(heading, blocks)`` pairs in order: ``("Gender pay gap", ...)`` and
        ``("Ethnicity, disability and other pay gaps", ...)``. Headings are plain text for a
        level-2 (``##``) heading; blocks are :class:`eqlib.publication.Block` and
        :class:`eqlib.plots.Chart` objects to display in order.

    Notes
    -----
    Every number in a sentence comes from a table value through the ``fmt`` helpers; a value
    withheld by disclosure control prints ``[c]`` and is never drawn.
    """
    gender = _gpg_blocks(tables, params) + _trend_blocks(tables, params) \
        + _benchmark_blocks(tables, params)
    return [("Gender pay gap", gender),
            ("Ethnicity, disability and other pay gaps", _other_blocks(tables, params))]
