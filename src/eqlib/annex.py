"""The data annex: every published table in one accessible spreadsheet, and the tables' README.

Terms
-----
data annex
    ``publish/equality_tables_<year>.xlsx``: a workbook following the Government Analysis
    Function's guidance "Releasing statistics in spreadsheets": a cover sheet (title, publication
    date, source, contact, what the data are, the shorthand), a contents sheet, a notes sheet, a
    definitions sheet for the codes the tables use, then one table per sheet with its title in
    cell A1, a single header row with units, no merged cells or blank rows, ``[c]``, ``[x]`` and
    ``[z]`` in place of a blank and numbers stored as numbers.
built from the published CSVs
    The annex reads ``publish/tables/*.csv`` (the disclosure-controlled tables) and nothing else,
    so it can hold no figure the CSVs do not. Each table sheet has the CSV's columns (less the
    ``table`` column, which names the sheet) and its rows in the CSV's order, plus a ``unit``
    column saying what the value is measured in.
shorthand
    The Government Statistical Service's symbols for a cell with no number: ``[c]`` confidential
    (withheld by disclosure control), ``[x]`` not available (blank in the source data) and ``[z]``
    not applicable (the figure does not exist for that row, such as an interval for a count).
data dictionary
    ``publish/tables/README.md``: each CSV's title, the report section it backs, and every column
    with its meaning and unit.

Why gptables
------------
``gptables`` is the Analysis Function's own Python implementation of the spreadsheet guidance
(maintained by ONS's Analysis Standards and Pipelines team): it writes the cover, contents and
notes sheets, titles in A1, marked-up Excel tables with one header row, and numbers as numbers.
It writes XLSX only. No maintained Python library writes ODS to the guidance, and converting with
LibreOffice would make every report run depend on a large system package and on bytes it stamps
with the time, so the annex is XLSX (which LibreOffice and every other spreadsheet program open).
Its bytes are made reproducible here: the workbook's created/modified properties are fixed to the
publication date, and XlsxWriter stores every zip entry with a fixed date (1980-01-31).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from eqlib import characteristics
from eqlib.national_gpg import FIGURE_LABELS
from eqlib.tables import (
    CONFIDENTIAL,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    NUMERIC_COLUMNS,
    measure_kind,
    read_table,
)

#: GSS shorthand for a figure that is not available (blank in its source data).
#: Suppression reasons (prefixes) that mean "not available" rather than "not applicable".
NOT_AVAILABLE_REASONS: tuple[str, ...] = (
    "not applicable: blank in the national data",
    "not applicable: no comparator or no value to compare",
)


@dataclass(frozen=True)
class TableInfo:
    """What a published table holds (its title) and where the report uses it."""

    title: str
    report: str


#: Every published table: its title (cell A1 of its sheet) and the report section or table it
#: backs. A table missing here still goes into the annex, titled from its file name.
TABLE_INFO: dict[str, TableInfo] = {
    "data_quality_coverage": TableInfo(
        "Who the report covers: staff, board members and applications counted",
        "About the data: who is covered"),
    "data_quality_declaration": TableInfo(
        "How many people told us each characteristic (declaration rates)",
        "About the data: declaration rates"),
    "paygap_gpg": TableInfo(
        "The six statutory gender pay gap figures",
        "Gender pay gap: the statutory figures and the pay quarter chart"),
    "paygap_trend_gpg": TableInfo(
        "The statutory gender pay gap figures in each year",
        "Gender pay gap: the trend over the years"),
    "paygap_quarters": TableInfo(
        "Staff in each pay quarter, by sex, ethnicity and disability",
        "Gender pay gap and other pay gaps: who is in each pay quarter"),
    "paygap_benchmark": TableInfo(
        "How the gender pay gap compares with other employers (national open data summary)",
        "Gender pay gap: comparison with other employers"),
    "paygap_benchmark_distribution": TableInfo(
        "Gender pay gaps of comparable employers (national open data, one row per employer)",
        "Gender pay gap: the chart comparing the authority with other employers"),
    "paygap_benchmark_history": TableInfo(
        "Gender pay gaps of comparable employers in earlier years (national open data)",
        "Gender pay gap: comparison with other employers over time"),
    "paygap_benchmark_named": TableInfo(
        "Gender pay gaps of the combined authorities and other public bodies of the region",
        "Gender pay gap: the table of combined authorities"),
    "paygap_benchmark_years": TableInfo(
        "Employers in the national gender pay gap comparison, by year and size",
        "Gender pay gap: comparison with other employers (who is compared)"),
    "paygap_gaps": TableInfo(
        "Pay gaps by ethnicity, disability, socio-economic background and age",
        "Ethnicity, disability and other pay gaps: the pay gap tables"),
    "paygap_trend_gaps": TableInfo(
        "Pay gaps by ethnicity, disability, socio-economic background and age in each year",
        "Ethnicity, disability and other pay gaps: the trend"),
    "paygap_declaration": TableInfo(
        "Declaration rates of the staff in the pay gap figures",
        "Ethnicity, disability and other pay gaps: declaration rates"),
    "paygap_sensitivity": TableInfo(
        "How the pay gaps could change if everyone had declared",
        "Ethnicity, disability and other pay gaps: non-declaration sensitivity"),
    "paygap_intersectional": TableInfo(
        "Pay gaps for sex combined with ethnicity, disability and grade band",
        "Ethnicity, disability and other pay gaps: the intersectional table"),
    "paygap_adjusted": TableInfo(
        "Raw and adjusted pay gaps, and the explained and unexplained parts of the gap",
        "Ethnicity, disability and other pay gaps: raw and adjusted gaps"),
    "paygap_within_grade": TableInfo(
        "Pay gaps within each grade",
        "Ethnicity, disability and other pay gaps: gaps within grades"),
    "paygap_within_directorate": TableInfo(
        "Pay gaps within each directorate",
        "Ethnicity, disability and other pay gaps: gaps within directorates"),
    "representation_benchmark": TableInfo(
        "The Liverpool City Region population by characteristic (Census 2021)",
        "Workforce representation: the population the workforce is compared with"),
    "representation_index": TableInfo(
        "Staff compared with the Liverpool City Region population (representation index)",
        "Workforce representation: staff compared with the population, and its chart"),
    "representation_composition_grade_band": TableInfo(
        "Staff by characteristic at each grade band",
        "Workforce representation: representation at each grade band"),
    "representation_composition_grade": TableInfo(
        "Staff by sex, ethnicity and disability at each grade",
        "Workforce representation: representation at each grade"),
    "representation_composition_directorate": TableInfo(
        "Staff by sex, ethnicity and disability in each directorate",
        "Workforce representation: representation in each directorate"),
    "representation_composition_top_earners": TableInfo(
        "The top 10% of earners by sex, ethnicity and disability",
        "Workforce representation: leadership and top earners"),
    "representation_level_difference": TableInfo(
        "Difference between each grade band's make-up and all staff's",
        "Workforce representation: representation at each grade band"),
    "representation_progression": TableInfo(
        "Representation in leadership relative to all staff (progression ratio)",
        "Workforce representation: leadership"),
    "representation_declaration": TableInfo(
        "Declaration rates of staff and board members",
        "Workforce representation: declaration rates"),
    "representation_diversity": TableInfo(
        "Ethnic diversity of staff and boards (diversity index)",
        "Workforce representation: leadership and boards"),
    "representation_boards": TableInfo(
        "Members of advisory boards and committees compared with the population",
        "Workforce representation: advisory boards and committees"),
    "representation_boards_vs_workforce": TableInfo(
        "Members of advisory boards and committees compared with all staff",
        "Workforce representation: advisory boards and committees"),
    "representation_ses": TableInfo(
        "Staff by socio-economic background (each question asked)",
        "Workforce representation: socio-economic background"),
    "representation_trend": TableInfo(
        "Staff compared with the population in each year",
        "Workforce representation: the trend"),
    "representation_trajectory": TableInfo(
        "Representation targets: observed shares, where current rates lead, appointments needed",
        "Representation targets"),
    "outcomes_funnel_counts": TableInfo(
        "Applicants at each stage of recruitment",
        "Recruitment and positive action: the recruitment funnel"),
    "outcomes_funnel_rates": TableInfo(
        "Success rates and relative likelihoods at each stage of recruitment",
        "Recruitment and positive action: rates at each stage and the relative likelihood tables"),
    "outcomes_funnel_stratified": TableInfo(
        "Relative likelihoods of success in recruitment, within vacancy grades",
        "Recruitment and positive action: relative likelihoods within vacancy grades"),
    "outcomes_guaranteed_interview": TableInfo(
        "Guaranteed interview scheme: disabled applicants' interview and appointment rates",
        "Recruitment and positive action: guaranteed interview scheme"),
    "outcomes_programme": TableInfo(
        "Positive action programme: participants' outcomes compared with eligible staff",
        "Recruitment and positive action: programme evaluation"),
    "outcomes_programme_did": TableInfo(
        "Recruitment of the programme's target groups before and after the programme began",
        "Recruitment and positive action: programme evaluation (before and after)"),
    "outcomes_lifecycle_promotion": TableInfo(
        "Promotion rates by characteristic", "Employment lifecycle: promotion"),
    "outcomes_lifecycle_training": TableInfo(
        "Non-mandatory training rates by characteristic", "Employment lifecycle: training"),
    "outcomes_lifecycle_leaver": TableInfo(
        "Leaving rates (all leavers) by characteristic", "Employment lifecycle: leaving"),
    "outcomes_lifecycle_leaver_voluntary": TableInfo(
        "Voluntary leaving rates by characteristic", "Employment lifecycle: leaving"),
    "outcomes_lifecycle_leaver_involuntary": TableInfo(
        "Involuntary leaving rates by characteristic", "Employment lifecycle: leaving"),
    "outcomes_lifecycle_disciplinary": TableInfo(
        "Disciplinary case rates by characteristic", "Employment lifecycle: disciplinary"),
    "outcomes_lifecycle_grievance": TableInfo(
        "Grievance case rates by characteristic", "Employment lifecycle: grievance"),
    "outcomes_lifecycle_capability": TableInfo(
        "Capability case rates by characteristic", "Employment lifecycle: capability"),
}

#: Meaning of each published measure. tests/unit/test_annex.py checks every measure of
#: eqlib.tables.MEASURE_KINDS is here, so no code reaches the annex unexplained.
MEASURE_MEANINGS: dict[str, str] = {
    "count": "number of people", "headcount": "number of staff", "members": "number of members",
    "applicants": "number of applicants", "applied": "number who applied",
    "shortlisted": "number shortlisted", "interviewed": "number interviewed",
    "offered": "number offered a post", "appointed": "number appointed",
    "withdrawn": "number who withdrew", "successes": "number with the outcome",
    "trials": "number who could have had the outcome (the denominator of the rate)",
    "declared": "number who answered the question", "bonus_recipients": "number paid a bonus",
    "people": "number of people", "events": "number of events",
    "share": "share of the group's people in this group (0 to 1)",
    "rate": "the outcome's rate: successes divided by trials (0 to 1)",
    "selection_rate": "share selected at the stage (0 to 1)",
    "declaration_rate": "share who answered the question (0 to 1)",
    "proportion": "proportion (0 to 1)", "outcome_rate": "share with the outcome (0 to 1)",
    "percent": "percentage", "share_pct": "percentage of the people counted in this group",
    "rate_pct": "rate as a percentage",
    "declaration_rate_pct": "percentage who answered the question",
    "bonus_percent": "percentage paid a bonus",
    "quarter_share_pct": "percentage of the pay quarter in this group",
    "diff_pp": "difference from the comparison share, in percentage points",
    "prefer_not_to_say_pct": "percentage who chose 'prefer not to say'",
    "not_known_pct": "percentage with no answer recorded",
    "index": "index", "representation_index":
        "representation index: the group's share of staff divided by its share of the population "
        "(1 = the same share)",
    "relative_likelihood":
        "relative likelihood: the group's rate divided by the reference group's (1 = the same)",
    "impact_ratio": "impact ratio: the group's selection rate divided by the highest group's",
    "progression_ratio":
        "progression ratio: the group's share at the level divided by its share of all staff",
    "odds_ratio": "odds ratio: the group's odds of the outcome divided by the reference group's",
    "mean": "mean", "median": "median",
    "diversity_index":
        "diversity index: the chance that two people picked at random are in different groups",
    "distinct_groups": "number of groups with at least one person",
    "p_value": "p-value: how likely a difference this large is if there were none",
    "fisher_p": "p-value of Fisher's exact test",
    "fisher_p_holm": "p-value of Fisher's exact test, adjusted for the number of comparisons (Holm)",
    "mean_gap_pct": "mean hourly pay gap: how much lower the group's mean hourly pay is than the "
                    "reference group's, as a percentage of the reference group's",
    "median_gap_pct": "median hourly pay gap, as a percentage of the reference group's median",
    "mean_bonus_gap_pct": "mean bonus pay gap, as a percentage of the reference group's",
    "median_bonus_gap_pct": "median bonus pay gap, as a percentage of the reference group's",
    "adjusted_gap_pct": "pay gap left after taking account of grade, directorate, age, length of "
                        "service and part-time working",
    "unadjusted_gap_pct": "pay gap from the same regression without taking anything into account "
                          "(on the adjusted gap's scale, for comparison with it)",
    "model_controls": "number of factors the model took into account (fewer when there are too "
                      "few events for all of them)",
    "events_per_parameter": "outcome events per model parameter (the model keeps its factors only "
                            "when there are enough)",
    "gap_pct": "pay gap as a percentage of the reference group's pay",
    "gap_explained": "part of the gap in log hourly pay explained by grade, directorate, age, "
                     "service and part-time working",
    "gap_unexplained": "part of the gap in log hourly pay not explained by those factors",
    "gap_bound_low_pct": "lowest pay gap possible if everyone had declared",
    "gap_bound_high_pct": "highest pay gap possible if everyone had declared",
    "gap_scenario_group_pct": "pay gap if everyone who did not declare were in the group",
    "gap_scenario_reference_pct": "pay gap if everyone who did not declare were in the reference "
                                  "group",
    "pay_sum": "total pay", "pay_mean": "mean pay", "mean_hourly_pay": "mean hourly pay",
    "median_hourly_pay": "median hourly pay", "mean_bonus": "mean bonus",
    "median_bonus": "median bonus",
    "benchmark_share": "share of the Liverpool City Region population in the group (0 to 1)",
    "benchmark_count": "number of employers",
    "national_value": "a figure from the national gender pay gap open data",
    "projected_share": "the group's share of the grades in the year named if the joining, "
                       "leaving and promotion rates seen so far continue (0 to 1; a projection, "
                       "not a count of people)",
    "target_share": "the group's target share of the grades by the year named (0 to 1)",
    "appointment_share_needed": "share of appointments to the grades from outside that would need "
                                "to go to the group each year to reach the target (0 to 1)",
    "appointments_needed": "number of appointments of the group to the grades needed each year "
                           "to reach the target (a projection, not a count of people)",
}

#: Unit of each measure's value (printed in the annex's unit column and the README).
MEASURE_UNITS: dict[str, str] = {
    "benchmark_count": "employers", "events": "events", "distinct_groups": "groups",
    "model_controls": "factors", "events_per_parameter": "events per parameter",
    "diff_pp": "percentage points", "p_value": "probability (0 to 1)",
    "fisher_p": "probability (0 to 1)", "fisher_p_holm": "probability (0 to 1)",
    "diversity_index": "probability (0 to 1)",
    "gap_explained": "log points x 100", "gap_unexplained": "log points x 100",
    "mean_hourly_pay": "pounds per hour", "median_hourly_pay": "pounds per hour",
    "mean_bonus": "pounds", "median_bonus": "pounds", "pay_sum": "pounds", "pay_mean": "pounds",
    "benchmark_share": "proportion (0 to 1)", "national_value": "percent",
    "mean": "as the measure", "median": "as the measure",
    "projected_share": "proportion (0 to 1)", "target_share": "proportion (0 to 1)",
    "appointment_share_needed": "proportion (0 to 1)", "appointments_needed": "appointments a year",
}
#: Unit of a measure's value by its disclosure kind, where MEASURE_UNITS has no entry.
KIND_UNITS: dict[str, str] = {
    "count": "people", "share": "proportion (0 to 1)", "percent": "percent", "index": "ratio",
    "gap": "percent", "statistic": "as the measure", "pay": "pounds", "external": "as the measure",
}

#: Meaning of each population code.
POPULATION_MEANINGS: dict[str, str] = {
    "workforce": "all staff in post on the snapshot date (relevant employees)",
    "relevant": "relevant employees under the gender pay gap regulations (all staff in post)",
    "fpre": "full-pay relevant employees: staff paid their full usual pay in the snapshot pay "
            "period (the gender pay gap regulations' hourly pay population)",
    "workforce_by_directorate": "all staff in post, counted within each directorate",
    "applications": "applications for posts advertised in the reporting year",
    "applications_all_years": "applications in every year covered, before and after the "
                              "positive action programme began",
    "boards": "members of the authority's advisory boards and committees",
    "census": "usual residents of the Liverpool City Region (Census 2021)",
    "population": "the Liverpool City Region population (Census 2021)",
    "national_gpg": "employers in the national gender pay gap open data",
    "programme": "staff eligible for the positive action programme",
    "trajectory": "staff in post who declared, at the grades of a representation target, and a "
                  "projection of them from the joining, leaving and promotion rates of every "
                  "snapshot year",
}
#: Population codes that start with one of these prefixes.
POPULATION_PREFIXES: dict[str, str] = {
    "lifecycle_": "staff in post who could have had the outcome named after 'lifecycle_' "
                  "(promotion, training, leaving, disciplinary, grievance or capability case)",
    "workforce_": "all staff in post at the snapshot of the year named",
}

#: Meaning of each suppression reason (or its prefix).
REASON_MEANINGS: dict[str, str] = {
    "primary_count": "withheld: a count of fewer people than the minimum",
    "primary_share": "withheld: a share or rate of a group smaller than the minimum, or one that "
                     "would reveal such a count",
    "primary_statistic": "withheld: a statistic of a group smaller than the minimum",
    "dominance": "withheld: one or two people's pay would dominate the figure",
    "secondary": "withheld so that a withheld figure cannot be worked out from the others "
                 "(secondary suppression)",
    "not applicable": "no figure: it does not exist for this row (the reason follows the colon)",
}

#: Annex column -> header (with its unit). ``unit`` is the annex's own column.
COLUMN_HEADERS: dict[str, str] = {
    "population": "Population (who is counted: see Definitions)",
    "characteristic": "Characteristic",
    "group": "Group",
    "level": "Breakdown (grade, stage, year or other level)",
    "measure": "Measure (see Definitions)",
    "unit": "Unit of the value",
    "n": "Number in the group (people, or employers in national data)",
    "value": "Value (in the unit given)",
    "ci_low": "Lower limit of the confidence interval (unit of the value)",
    "ci_high": "Upper limit of the confidence interval (unit of the value)",
    "reference_group": "Reference group (compared with)",
    "suppressed": "Withheld (Yes or No)",
    "suppression_reason": "Why withheld or not shown (see Definitions)",
    "numerator": "Number of people counted in the value (numerator)",
    "n_reference": "Number in the reference group (people)",
    "group_parent": "Group that this group adds up into",
    "level_parent": "Level that this level adds up into",
}
#: Column meanings for the README's data dictionary.
COLUMN_MEANINGS: dict[str, str] = {
    "table": "the table's name (the file name without .csv)",
    "population": "who the table counts (a population code: see below)",
    "characteristic": "the characteristic the groups belong to (e.g. sex, ethnicity_broad)",
    "group": "the group the row describes",
    "level": "the second breakdown: a grade, grade band, directorate, stage, year or 'All staff'",
    "measure": "what the value is (a measure code: see below)",
    "n": "number of people in the group at this level (employers in the national data)",
    "value": "the figure, in the measure's unit; blank when withheld or not applicable",
    "ci_low": "lower limit of the confidence interval (same unit as value); blank when none",
    "ci_high": "upper limit of the confidence interval (same unit as value); blank when none",
    "reference_group": "the group compared with, for comparisons (gaps, ratios)",
    "suppressed": "True when the value was withheld by disclosure control",
    "suppression_reason": "why the value was withheld or is not applicable (see below)",
    "numerator": "number of people counted in a share, rate or index",
    "n_reference": "number of people in the reference group, for pay gaps",
    "group_parent": "the group whose count this group's count adds into (e.g. Total)",
    "level_parent": "the level whose count this level's count adds into",
}


def table_info(name: str) -> TableInfo:
    """The registered title and report section of a table, or ones made from its name."""
    if name in TABLE_INFO:
        return TABLE_INFO[name]
    return TableInfo(name.replace("_", " ").capitalize(), "see the report")


def measure_unit(measure: str) -> str:
    """Unit of a measure's value, e.g. ``'percent'`` for ``median_gap_pct``.

    Examples
    --------
    >>> measure_unit("median_gap_pct"), measure_unit("count"), measure_unit("diff_pp")
    ('percent', 'people', 'percentage points')
    """
    return MEASURE_UNITS.get(measure) or KIND_UNITS[measure_kind(measure)]


def population_meaning(code: str) -> str | None:
    """Meaning of a population code, or ``None`` when it has none."""
    if code in POPULATION_MEANINGS:
        return POPULATION_MEANINGS[code]
    for prefix, meaning in POPULATION_PREFIXES.items():
        if code.startswith(prefix):
            return meaning
    return None


def shorthand(row: Mapping[str, Any]) -> str:
    """The symbol in place of a blank number in a row: ``[c]``, ``[x]`` or ``[z]``.

    Examples
    --------
    >>> shorthand({"suppressed": True, "suppression_reason": "primary_count"})
    '[c]'
    >>> shorthand({"suppressed": False, "suppression_reason": "not applicable: reference group"})
    '[z]'
    """
    if bool(row["suppressed"]):
        return CONFIDENTIAL
    reason = row.get("suppression_reason") or ""
    if isinstance(reason, str) and reason.startswith(NOT_AVAILABLE_REASONS):
        return NOT_AVAILABLE
    return NOT_APPLICABLE


def annex_frame(table: pd.DataFrame) -> pd.DataFrame:
    """One published table as its annex sheet: readable headers with units, a unit column, and
    ``[c]``/``[x]``/``[z]`` in place of every blank (numbers stay numbers).

    A blank ``value`` takes the row's shorthand; a blank interval, numerator or count takes
    ``[c]`` in a withheld row and ``[z]`` otherwise (no interval for a count, no numerator for a
    gap); a blank text cell is ``[z]``.
    """
    rows = []
    for rec in table.to_dict("records"):
        withheld = bool(rec["suppressed"])
        out: dict[str, Any] = {}
        for col in COLUMN_HEADERS:
            if col == "unit":
                out[col] = measure_unit(rec["measure"])
                continue
            v = rec[col]
            if col == "suppressed":
                out[col] = "Yes" if withheld else "No"
            elif col in NUMERIC_COLUMNS:
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    if col == "value":
                        out[col] = shorthand(rec)
                    else:
                        out[col] = CONFIDENTIAL if withheld else NOT_APPLICABLE
                else:
                    f = float(v)
                    out[col] = int(f) if f.is_integer() and abs(f) < 2**53 else f
            else:
                out[col] = NOT_APPLICABLE if v is None or v == "" else str(v)
        rows.append(out)
    frame = pd.DataFrame(rows, columns=list(COLUMN_HEADERS))
    return frame.rename(columns=COLUMN_HEADERS)


def _cover_text(params: Mapping[str, Any], min_count: int) -> dict[str, list[str]]:
    org, year = params["organisation"], params["year"]
    return {
        "intro": [
            f"These are the statistics behind the {org} workforce equality report {year}: pay "
            "gaps, how far the workforce reflects the people of the Liverpool City Region, "
            "recruitment, the positive action programme and what happens to staff during their "
            "employment.",
            f"Published {dt.date.fromisoformat(params['publication_date']).strftime('%-d %B %Y')}."
            f" Workforce snapshot date: "
            f"{dt.date.fromisoformat(params['snapshot_date']).strftime('%-d %B %Y')}.",
        ],
        "about": [
            "Source: the authority's human resources, payroll, recruitment and board records; "
            "the Liverpool City Region population from Census 2021 (Office for National "
            "Statistics); other employers' gender pay gaps from the national gender pay gap "
            "open data.",
            "Each table sheet holds one of the published tables (the CSV files published with "
            "the report), one row per figure, in the same order. The Contents sheet lists them, "
            "the Notes sheet explains the notes, the Definitions sheet explains the codes.",
            f"Shorthand: {CONFIDENTIAL} confidential: withheld to protect people's privacy, "
            f"because the figure covers fewer than {min_count} people or could be used to work "
            f"out a withheld figure. {NOT_AVAILABLE} not available: blank in the source data. "
            f"{NOT_APPLICABLE} not applicable: the figure does not exist for that row (for "
            "example a confidence interval for a count, or a comparison of the reference group "
            "with itself).",
        ],
        "contact": [
            f"Questions about these statistics, or to ask for them in another format: the "
            f"workforce equality team of {org}, {str(params['contact']).strip()}.",
        ],
    }


NOTES: tuple[tuple[str, str], ...] = (
    ("shorthand",
     "[c] confidential: withheld to protect people's privacy (disclosure control: a count of "
     "fewer than {min_count} people, a share or statistic of a small group, or a figure that "
     "would let a withheld one be worked out). [x] not available: blank in the source data. "
     "[z] not applicable: the figure does not exist for that row."),
    ("intervals",
     "Confidence intervals are {level}% intervals: the range that would contain the true value "
     "in {level} of 100 repeats of the same measurement. Where an interval is [z] the figure is "
     "a count or a fixed statutory figure with no interval."),
    ("rows",
     "One row per published figure. Filter on the characteristic, group, level and measure "
     "columns to find a figure; the Definitions sheet explains every code."),
)


def _definitions(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Code, where it appears, and meaning, for every code the tables use."""
    rows: list[tuple[str, str, str]] = []
    used = pd.concat(tables.values(), ignore_index=True) if tables else pd.DataFrame()

    def present(col: str) -> list[str]:
        return sorted({str(v) for v in used[col].dropna() if str(v)}) if len(used) else []

    for code in present("population"):
        rows.append((code, "Population", population_meaning(code) or "see the report"))
    for code in present("measure"):
        rows.append((code, "Measure",
                     f"{MEASURE_MEANINGS.get(code, code)} (unit: {measure_unit(code)})"))
    labels = {**{c.name: c.label for c in characteristics.REGISTRY.values()}, **FIGURE_LABELS}
    for code in present("characteristic"):
        if code in labels:
            rows.append((code, "Characteristic", labels[code]))
    for code in present("suppression_reason"):
        base = code.split(":", 1)[0]
        meaning = REASON_MEANINGS.get(code) or REASON_MEANINGS.get(base, "see the report")
        if base == "not applicable" and ":" in code:
            meaning = f"no figure: {code.split(':', 1)[1].strip()}"
        rows.append((code, "Why withheld or not shown", meaning))
    return pd.DataFrame(rows, columns=["Code", "Where it appears", "Meaning"])


def _sheet_label(i: int) -> str:
    return f"Table_{i}"


def write_annex(tables_dir: str | Path, path: str | Path, params: Mapping[str, Any]) -> Path:
    """Write the data annex of every ``*.csv`` in ``tables_dir`` to ``path`` (XLSX).

    Parameters
    ----------
    tables_dir
        The published (disclosure-controlled) tables: the only input.
    path
        The workbook to write.
    params
        The year's parameters (organisation, year, dates, confidence level, disclosure
        minimum).

    Returns
    -------
    pathlib.Path
        ``path``. Two calls on the same inputs write the same bytes.
    """
    with warnings.catch_warnings():
        # gptables 2.0 reads its theme with open() and never closes the file
        warnings.simplefilter("ignore", ResourceWarning)
        import gptables as gpt  # noqa: PLC0415 - only the publish step needs it

    tables_dir, path = Path(tables_dir), Path(path)
    tables = {p.stem: read_table(p) for p in sorted(tables_dir.glob("*.csv"))}
    min_count = int(params["disclosure"]["min_count"])
    level = f"{float(params['confidence_level']) * 100:g}"
    sheets = {}
    for i, (name, table) in enumerate(tables.items(), start=1):
        info = table_info(name)
        sheets[_sheet_label(i)] = gpt.GPTable(
            table=annex_frame(table),
            table_name=re.sub(r"\W", "_", name),
            title=info.title,
            subtitles=[
                f"File: tables/{name}.csv. In the report: {info.report}.",
                "No cell is blank: [c] withheld, [x] not available, [z] not applicable "
                "$$shorthand$$",
                *(["Confidence intervals $$intervals$$"]
                  if table[["ci_low", "ci_high"]].notna().any(axis=None) else []),
            ],
            instructions="This worksheet contains one table, one row per published figure "
                         "$$rows$$",
            source=f"Source: {params['organisation']}, workforce equality report "
                   f"{params['year']}",
            index_columns={},
        )
    definitions = _definitions(tables)
    sheets["Definitions"] = gpt.GPTable(
        table=definitions, table_name="definitions", title="Definitions of the codes used",
        instructions="This worksheet contains one table: every population, measure, "
                     "characteristic and reason code in the tables, and what it means.",
        index_columns={})
    text = _cover_text(params, min_count)
    cover = gpt.Cover(
        title=f"Workforce equality report {params['year']}: data tables",
        intro=text["intro"], about=text["about"], contact=text["contact"])
    # gptables warns about a note no sheet refers to: the intervals note only where a table has
    # an interval (a year, or a test, may publish none)
    with_intervals = any(t[["ci_low", "ci_high"]].notna().any(axis=None) for t in tables.values())
    notes = pd.DataFrame(
        [(key, body.format(min_count=min_count, level=level)) for key, body in NOTES
         if key != "intervals" or with_intervals],
        columns=["Note reference", "Note text"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=FutureWarning)
        wb = gpt.produce_workbook(
            filename=path.as_posix(), sheets=sheets, cover=cover, notes_table=notes,
            contentsheet_options={"title": "Contents",
                                  "instructions": "This worksheet contains one table: each "
                                                  "sheet of the workbook and what it holds."},
            notesheet_options={"instructions": "This worksheet contains one table."},
        )
    # Reproducible bytes: no run time in the document properties (XlsxWriter dates the zip
    # entries 1980-01-31 itself).
    published = dt.datetime.fromisoformat(str(params["publication_date"]))
    wb.set_properties({
        "title": f"Workforce equality report {params['year']}: data tables",
        "author": str(params["organisation"]), "created": published,
        "comments": "Built from the published CSV tables by eqlib.annex",
    })
    wb.close()
    return path


def annex_name(year: int) -> str:
    """File name of the year's data annex."""
    return f"equality_tables_{year}.xlsx"


def write_readme(tables_dir: str | Path, params: Mapping[str, Any]) -> Path:
    """Write ``tables_dir/README.md``: each table's file, title, report section, measures and
    units, and every column's meaning (the data dictionary)."""
    from eqlib.tables import TIDY_COLUMNS  # noqa: PLC0415

    tables_dir = Path(tables_dir)
    tables = {p.stem: read_table(p) for p in sorted(tables_dir.glob("*.csv"))}
    year = params["year"]
    lines = [
        f"# Published tables of the workforce equality report {year}",
        "",
        f"{params['organisation']}. Every table in the report, after disclosure control, as one "
        "CSV file each (UTF-8, comma separated, one row per published figure). The same tables, "
        f"with a cover, notes and definitions, are in the spreadsheet `{annex_name(year)}` "
        "beside this folder.",
        "",
        "A withheld figure is an empty cell with `suppressed` = True and the reason in "
        "`suppression_reason`; in the report and the spreadsheet it shows as `[c]`. A figure "
        "that does not exist for a row is an empty cell with a reason starting 'not applicable' "
        "(`[z]`, or `[x]` when it is blank in the source data).",
        "",
        "## Columns (every file has the same columns)",
        "",
        "| column | meaning |",
        "|---|---|",
        *(f"| `{c}` | {COLUMN_MEANINGS[c]} |" for c in TIDY_COLUMNS),
        "",
        "## Files",
        "",
    ]
    for name, table in tables.items():
        info = table_info(name)
        measures = list(dict.fromkeys(table["measure"].dropna()))
        lines += [
            f"### `{name}.csv`",
            "",
            f"{info.title}. In the report: {info.report}. {len(table)} rows.",
            "",
            "| measure | meaning | unit |",
            "|---|---|---|",
            *(f"| `{m}` | {MEASURE_MEANINGS.get(m, m)} | {measure_unit(m)} |" for m in measures),
            "",
        ]
    pops = sorted({p for t in tables.values() for p in t["population"].dropna()})
    lines += ["## Populations", "", "| code | who is counted |", "|---|---|",
              *(f"| `{p}` | {population_meaning(p) or 'see the report'} |" for p in pops), "",
              "## Reasons a figure is not shown", "", "| reason | meaning |", "|---|---|",
              *(f"| `{k}` | {v} |" for k, v in REASON_MEANINGS.items()), ""]
    path = tables_dir / "README.md"
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path
