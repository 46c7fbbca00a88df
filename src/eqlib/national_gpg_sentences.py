"""Sentences about the national gender pay gap comparison: where the organisation's figure sits
among comparable employers' (:func:`benchmark_statement`, :func:`benchmark_summary`), from the
rows of :func:`eqlib.national_gpg.benchmark`, for the publication and the notebook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from eqlib.national_gpg import _SET_NOUNS, FIGURE_LABELS, snapshot_date


def _one_decimal(value: float) -> str:
    """1 d.p., half away from zero (methodology §1.6)."""
    text = str(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return "0.0" if text == "-0.0" else text


def benchmark_statement(row: pd.Series | Mapping[str, object], *,
                        subject: str = "the authority") -> str:
    """One sentence stating where the organisation sits, built from a :func:`benchmark` row.

    Parameters
    ----------
    row : Series or mapping
        One row of the table returned by :func:`benchmark`.
    subject : str
        How the sentence names the organisation ("the authority").

    Returns
    -------
    str
        For example "In 2024-25 (snapshot 31 March 2024, complete year), the authority's median
        hourly pay gap of 7.7% was higher than that of 4 and lower than that of 1 of the 5 other
        combined authorities (percentile rank 80.0); their median was 4.6%." When the comparison
        year is not the reporting year the sentence names both; a partial year is called partial;
        a figure that is not applicable, or a set with no comparator, is said so.

    Notes
    -----
    Percentages are rounded to 1 decimal place half away from zero (methodology §1.6); counts are
    exact. The percentile rank is the share of comparators with a lower value plus half the share
    with an equal value. "Higher" and "lower" describe the number only: a higher pay gap means a
    larger difference in men's favour.

    Examples
    --------
    >>> row = {"reporting_year": "2026-27", "comparison_year": "2024-25",
    ...        "comparison_partial": False, "comparator_set": "combined_authorities",
    ...        "size_band": "", "figure": "DiffMedianHourlyPercent", "value": 7.72, "n": 5,
    ...        "median": 12.5, "percentile": 30.0, "n_lower": 1, "n_equal": 1, "n_higher": 3}
    >>> print(benchmark_statement(row))  # doctest: +NORMALIZE_WHITESPACE
    Against 2024-25 national data (snapshot 31 March 2024, the latest complete year), the
    authority's 2026-27 median hourly pay gap of 7.7% was higher than that of 1, lower than that
    of 3 and equal to that of 1 of the 5 other combined authorities (percentile rank 30.0); their
    median was 12.5%.
    """
    year = str(row["comparison_year"])
    reporting = str(row["reporting_year"])
    snap = snapshot_date(year)
    snap_text = f"snapshot {snap.day} {snap:%B %Y}"
    label = FIGURE_LABELS[str(row["figure"])]
    band = str(row.get("size_band", "") or "")
    singular, plural = (t.format(size_band=band) for t in _SET_NOUNS[str(row["comparator_set"])])
    if year == reporting:
        status = ("partial year: the national file holds only the employers that had reported "
                  "when it was taken" if bool(row["comparison_partial"]) else "complete year")
        opening = f"In {year} ({snap_text}, {status}), {subject}'s {label}"
    else:
        opening = (f"Against {year} national data ({snap_text}, the latest complete year), "
                   f"{subject}'s {reporting} {label}")
    value = float(str(row["value"]))
    n = int(str(row["n"]))
    if np.isnan(value):
        return f"{opening} is not applicable, so it is not compared with other {plural}."
    if n == 0:
        return (f"{opening} was {_one_decimal(value)}%; no other {singular} reported this "
                "figure, so there is nothing to compare it with.")
    clause = _position_clause(row)
    percentile = _one_decimal(float(str(row["percentile"])))
    median = _one_decimal(float(str(row["median"])))
    return (f"{opening} of {_one_decimal(value)}% was {clause} (percentile rank {percentile}); "
            f"{'its value' if n == 1 else 'their median'} was {median}%.")


def _position_clause(row: pd.Series | Mapping[str, object]) -> str:
    """``"higher than that of 9 and lower than that of 1 of the 10 other ..."`` of a row."""
    n = int(str(row["n"]))
    singular, plural = (t.format(size_band=str(row.get("size_band", "") or ""))
                        for t in _SET_NOUNS[str(row["comparator_set"])])
    counts = {k: int(str(row[k])) for k in ("n_lower", "n_equal", "n_higher")}
    parts = [(counts["n_lower"], "higher than that of"), (counts["n_higher"], "lower than that of"),
             (counts["n_equal"], "equal to that of")]
    parts = [(count, phrase) for count, phrase in parts if count]
    if len(parts) == 1:
        phrase = parts[0][1]
        return (f"{phrase} the one other {singular}" if n == 1
                else f"{phrase} all {n:,} other {plural}")
    items = [f"{phrase} {count:,}" for count, phrase in parts]
    return ", ".join(items[:-1]) + " and " + items[-1] + f" of the {n:,} other {plural}"


def benchmark_summary(rows: Sequence[pd.Series | Mapping[str, object]], *,
                      subject: str = "the authority") -> str:
    """One plain sentence placing the organisation in several comparator sets at once.

    For the report's main text: the year is said once and each set gets a clause with its
    median (no percentile ranks; :func:`benchmark_statement` gives the full detail). Rows that
    cannot be compared (a figure not applicable, no comparator) are left out; none left gives "".

    Examples
    --------
    >>> rows = [{"comparison_year": "2024-25", "comparator_set": "combined_authorities",
    ...          "figure": "DiffMedianHourlyPercent", "value": 10.4, "n": 5, "median": 4.6,
    ...          "n_lower": 5, "n_equal": 0, "n_higher": 0},
    ...         {"comparison_year": "2024-25", "comparator_set": "public_administration",
    ...          "figure": "DiffMedianHourlyPercent", "value": 10.4, "n": 818, "median": 9.1,
    ...          "n_lower": 445, "n_equal": 0, "n_higher": 373}]
    >>> print(benchmark_summary(rows))  # doctest: +NORMALIZE_WHITESPACE
    In 2024-25, the latest year with complete national data, the authority's median hourly pay
    gap of 10.4% was higher than that of all 5 other combined authorities (their median: 4.6%);
    and higher than that of 445 and lower than that of 373 of the 818 other employers in general
    public administration (SIC 84110) or public bodies with no SIC code (their median: 9.1%).
    """
    usable = [r for r in rows if int(str(r["n"])) > 0 and not np.isnan(float(str(r["value"])))]
    if not usable:
        return ""
    first = usable[0]
    clauses = []
    for r in usable:
        median = _one_decimal(float(str(r["median"])))
        whose = "its value" if int(str(r["n"])) == 1 else "their median"
        clauses.append(f"{_position_clause(r)} ({whose}: {median}%)")
    joined = clauses[0] if len(clauses) == 1 else "; ".join(clauses[:-1]) + "; and " + clauses[-1]
    when = ("(national data not yet complete)" if bool(first.get("comparison_partial", False))
            else "the latest year with complete national data,")
    return (f"In {first['comparison_year']}, {when} "
            f"{subject}'s {FIGURE_LABELS[str(first['figure'])]} of "
            f"{_one_decimal(float(str(first['value'])))}% was {joined}.")


__all__ = [
    "benchmark_statement",
    "benchmark_summary",
]
