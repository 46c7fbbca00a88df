"""The pay gap analysis of ``02_pay_gaps.ipynb``: the year's parameters applied to the measures.

The logic lives in :mod:`eqlib.paygap`, :mod:`eqlib.adjusted`, :mod:`eqlib.sensitivity` and
:mod:`eqlib.national_gpg`; this module runs them with the year's parameters (:func:`run`) and
returns their wide results as one :class:`PayGapResults`, which the notebook shows.
It also writes the two files that are not tidy tables (the GOV.UK submission figures and the cost
of closing the gaps). See :mod:`eqlib.topics.paygap` for the terms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eqlib import adjusted, characteristics, codes, paygap, sensitivity
from eqlib import national_gpg as bm
from eqlib import tables as tt
from eqlib.config import report_dir, unsuppressed_dir

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
#: Benchmark statistics: tidy ``level`` -> (column of :func:`eqlib.national_gpg.benchmark`, measure).
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
    """:func:`eqlib.paygap.pay_gap_within` for each level of :data:`WITHIN_LEVELS` in the data and
    ``characteristics.used_by("pay_within")``, stacked with ``characteristic``."""
    parts = []
    for by in WITHIN_LEVELS:
        if by not in workforce.columns:
            continue
        for characteristic in characteristics.used_by("pay_within"):
            part = paygap.pay_gap_within(workforce, characteristic, by=by,
                                         reference=_reference(params, characteristic),
                                         **_options(params))
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
        :func:`eqlib.national_gpg.read_national_gpg`.
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
        ``benchmark``: :func:`eqlib.national_gpg.benchmark` of every comparator set and headline
        figure for the reporting year (compared with :func:`eqlib.national_gpg.comparison_year`);
        ``benchmark_years``: one row, the comparison year, whether it is partial, its number of
        employers and the size band used; ``benchmark_history``: the organisation's published
        figures (:func:`eqlib.national_gpg.organisation_history`); ``benchmark_distribution``: the
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


#: The processed tables :func:`run` reads for every year (:func:`eqlib.io.read_years`).
INPUTS: tuple[str, ...] = ("workforce",)


@dataclass(frozen=True)
class PayGapResults:
    """Every wide result of the pay gap analysis: what the notebook shows the analyst and what
    :func:`eqlib.topics.paygap.tables.build_tables` turns into the published tables.

    Attributes
    ----------
    params
        The parameters the analyses ran with.
    statutory, submission, quarters, gaps, declaration, sensitivity, intersectional, within
        The reporting year's results (:func:`statutory_figures`, the GOV.UK submission figures,
        :func:`quarter_table`, :func:`gaps_by_characteristic`, :func:`declaration_table`,
        :func:`sensitivity_table`, :func:`intersectional_table`, :func:`within_table`).
    gpg_trend, gap_trend
        Every year's statutory figures and gaps (:func:`trend_tables`).
    adjusted, decomposition, cost_to_close
        :func:`adjusted_table`, :func:`decomposition_table`, :func:`cost_to_close_table`.
    benchmark, benchmark_years, benchmark_history, benchmark_distribution, benchmark_named
        The comparison with other employers' published figures (:func:`benchmark_tables`).
    """

    params: Mapping[str, Any]
    statutory: pd.DataFrame
    submission: dict[str, float | None]
    quarters: pd.DataFrame
    gaps: pd.DataFrame
    declaration: pd.DataFrame
    sensitivity: pd.DataFrame
    intersectional: pd.DataFrame
    within: pd.DataFrame
    gpg_trend: pd.DataFrame
    gap_trend: pd.DataFrame
    adjusted: pd.DataFrame
    decomposition: pd.DataFrame
    cost_to_close: pd.DataFrame
    benchmark: pd.DataFrame
    benchmark_years: pd.DataFrame
    benchmark_history: pd.DataFrame
    benchmark_distribution: pd.DataFrame
    benchmark_named: pd.DataFrame


def run(
    params: Mapping[str, Any], data: Mapping[int, Mapping[str, pd.DataFrame]], *,
    national: pd.DataFrame | None = None,
) -> PayGapResults:
    """Every wide result of the pay gap analysis (:data:`WIDE_NAMES`), as one frozen object.

    Parameters
    ----------
    params
        The year's parameters.
    data
        ``{year: {"workforce": df}}`` (:data:`INPUTS`, :func:`eqlib.io.read_years`), every year
        of ``params.years`` that has a snapshot; the reporting year (params ``year``) is
        required. Earlier years feed the trend tables only.
    national
        The national GPG data; read from ``data/reference`` when omitted.
    """
    workforces = {year: tables["workforce"] for year, tables in data.items()}
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
    return PayGapResults(params=params, **out)


#: Wide results of :func:`run` (the fields of :class:`PayGapResults` but ``params``).
WIDE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(PayGapResults) if f.name != "params")


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


__all__ = [
    "ALL_STAFF",
    "BENCHMARK_ORGANISATION",
    "INTERSECTIONS",
    "TABLES",
    "WIDE_NAMES",
    "adjusted_table",
    "run",
    "benchmark_tables",
    "binary_characteristics",
    "cost_to_close_table",
    "declaration_table",
    "decomposition_table",
    "gaps_by_characteristic",
    "intersectional_table",
    "quarter_table",
    "sensitivity_table",
    "statutory_figures",
    "trend_tables",
    "within_table",
    "write_cost_to_close",
    "write_submission",
]
