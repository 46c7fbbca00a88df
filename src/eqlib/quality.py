"""Data quality: validate every year's inputs, account for every row, summarise declaration.

Terms
-----
declaration rate
    Declared answers / all people, per characteristic (methodology §2, §5), with the
    ``Prefer not to say`` and ``Not known`` rates beside it
    (:func:`eqlib.representation.declaration_rates`).

``python -m eqlib.quality --params params/2026.yaml`` (``make check-data``) prints the summary and
every problem, and writes nothing; ``01_data_quality.ipynb`` calls the same functions and then writes
the processed tables.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from eqlib import characteristics, tables
from eqlib.accounting import RowAccounting
from eqlib.config import Params, load_params
from eqlib.errors import DataError, EqlibError
from eqlib.io import YearData, input_path, load_year
from eqlib.representation import declaration_rates


def load_years(
    params: Params, *, keep_earlier: Sequence[str] | None = None
) -> dict[int, YearData]:
    """Validate the inputs of every year in ``params.years`` (oldest first).

    Every problem of every year is collected and raised together as one DataError, so an analyst
    sees the whole list at once. Years before the reporting year whose files are absent are skipped
    (a trend then starts later); the reporting year's files are required.

    ``keep_earlier``: the tables of an earlier year held as data frames; its others are packed as
    parquet bytes once validated (:meth:`eqlib.io.YearData.pack`), for a run that only writes them
    out. None keeps every table.
    """
    years: dict[int, YearData] = {}
    problems: list[str] = []
    previous = None
    for year in params.years:
        if year != params["year"] and not input_path(params, "workforce", year).exists():
            continue
        try:
            data = load_year(params, year, previous=previous)
        except DataError as exc:
            problems.extend(f"[{year}] {p}" if not p.startswith("[") else p for p in exc.problems)
            previous = None
            continue
        years[year] = data
        previous = data.tables["workforce"]
        if keep_earlier is not None and year != params["year"]:
            data.pack(keep_earlier)
    if problems:
        raise DataError(problems)
    return years


def accounting_of(years: dict[int, YearData]) -> RowAccounting:
    """The row accounting of every year's inputs together."""
    ledger = RowAccounting()
    for data in years.values():
        ledger.extend(data.accounting)
    return ledger


def declaration_table(years: dict[int, YearData], params: Params) -> pd.DataFrame:
    """Tidy publication table of declaration rates: workforce, applicants and board members of
    the reporting year, one row per population x characteristic x measure (rates as shares of
    everyone, with their numerators, so disclosure control can apply the share rule)."""
    latest = years[params["year"]].tables
    frames = []
    for population, name in (
        ("workforce", "workforce"),
        ("applications", "applications"),
        ("boards", "boards"),
    ):
        if name not in latest:
            continue
        present = [c for c in characteristics.used_by("data_quality") if c in latest[name]]
        rates = declaration_rates(latest[name], present)
        rates["group"] = rates["characteristic"].map(characteristics.label)
        for col in ("declaration_rate", "prefer_not_to_say_rate", "not_known_rate"):
            rates[col] = 100 * rates[col]
        frames.append(
            tables.tidy(
                rates,
                table="data_quality_declaration",
                population=population,
                characteristic="declaration",
                level_value=population,
                measures={
                    "declaration_rate": "declaration_rate_pct",
                    "prefer_not_to_say_rate": "prefer_not_to_say_pct",
                    "not_known_rate": "not_known_pct",
                },
                n="n_total",
                numerator={
                    "declaration_rate_pct": "n_declared",
                    "prefer_not_to_say_pct": "n_prefer_not_to_say",
                    "not_known_pct": "n_not_known",
                },
            )
        )
    return tables.conform(pd.concat(frames, ignore_index=True))


def coverage_table(years: dict[int, YearData], params: Params) -> pd.DataFrame:
    """Tidy publication table of who is covered in the reporting year: relevant and full-pay
    relevant employees, bonus recipients, applications and board members (counts)."""
    latest = years[params["year"]].tables
    wf = latest["workforce"]
    counts = [
        ("workforce", "Relevant employees", len(wf)),
        ("workforce", "Full-pay relevant employees", int(wf["full_pay_relevant"].sum())),
        ("workforce", "Received a bonus in the 12 months", int((wf["bonus_pay_12m"] > 0).sum())),
        ("applications", "Applications", len(latest.get("applications", []))),
        ("boards", "Board and committee members", len(latest.get("boards", []))),
    ]
    frames = [
        tables.tidy(
            pd.DataFrame({"group": [label], "count": [n]}),
            table="data_quality_coverage",
            population=population,
            characteristic="coverage",
            measures=["count"],
            level_value=str(params["year"]),
        )
        for population, label, n in counts
    ]
    return tables.conform(pd.concat(frames, ignore_index=True))


def about_the_data(published: dict[str, pd.DataFrame], params: Params) -> list:
    """The publication's "About the data" section: who is covered and how complete the equality
    data are, from the disclosure-controlled data-quality tables only."""
    from eqlib import publication as pub  # noqa: PLC0415

    min_count = params["disclosure"]["min_count"]
    coverage = published["data_quality_coverage"]
    relevant = pub.row(coverage, group="Relevant employees")
    fpre = pub.row(coverage, group="Full-pay relevant employees")
    blocks = [
        pub.paragraph(
            f"This report covers the {pub.fmt_int(relevant['value'], suppressed=relevant['suppressed'])} "
            f"people employed by {params['organisation']} on the snapshot date, "
            f"{pub.fmt_date(params['snapshot_date'])}. Hourly pay figures cover the "
            f"{pub.fmt_int(fpre['value'], suppressed=fpre['suppressed'])} full-pay relevant employees "
            "(those not on reduced or nil pay because of leave); bonus figures cover everyone."
        )
    ]
    blocks.append(
        pub.tidy_table_html(
            coverage,
            caption=f"People and records covered, {params['year']}",
            rows="group",
            columns="measure",
            row_label="Covered",
            column_labels={"count": "Number"},
            formats={"count": "int"},
            min_count=min_count,
        )
    )
    declaration = published["data_quality_declaration"]
    workforce = declaration[declaration["population"] == "workforce"]
    blocks.append(
        pub.paragraph(
            "Equality questions are voluntary. The table shows, for each characteristic, the share of "
            'staff who answered, chose "prefer not to say", or whose answer is not known. Figures for '
            "a characteristic describe only the people who answered; where many did not, they should "
            "be read with care."
        )
    )
    blocks.append(
        pub.in_main_report(pub.tidy_table_html(
            workforce,
            caption=f"Declaration rates, workforce, {params['year']} (%)",
            rows="group",
            columns="measure",
            row_label="Characteristic",
            column_labels={
                "declaration_rate_pct": "Answered",
                "prefer_not_to_say_pct": "Prefer not to say",
                "not_known_pct": "Not known",
            },
            formats=dict.fromkeys(
                ("declaration_rate_pct", "prefer_not_to_say_pct", "not_known_pct"), "pct"
            ),
            min_count=min_count,
        ))
    )
    if params["organisation"].endswith("(synthetic data)"):
        blocks.append(
            pub.paragraph(
                "The figures in this edition are computed from a synthetic organisation generated to "
                "test the method: no real person's data are included."
            )
        )
    return blocks


def summary(years: dict[int, YearData], params: Params) -> str:
    """A plain-text data-quality summary for the terminal (make check-data)."""
    folder = params.data_path
    linked = folder.resolve() != Path(os.path.abspath(folder))
    lines = [
        f"Data quality: {params['organisation']}, inputs in {params['data_dir']}"
        + (f" (a link to {folder.resolve()})" if linked else ""),
        "",
    ]
    for year, data in years.items():
        wf = data.tables["workforce"]
        rows = data.rows()
        lines.append(
            f"{year} (snapshot {data.snapshot.date()}): {len(wf)} employees "
            f"({int(wf['full_pay_relevant'].sum())} full-pay relevant), "
            f"{rows.get('applications', 0)} applications, {rows.get('events', 0)} events, "
            f"{rows.get('boards', 0)} board members"
        )
    latest = years[max(years)]
    lines += ["", f"Declaration rates, workforce {latest.year} (%):"]
    rates = declaration_rates(latest.tables["workforce"],
                              characteristics.used_by("data_quality"))
    for r in rates.itertuples():
        lines.append(
            f"  {characteristics.label(r.characteristic):50s} "
            f"declared {100 * r.declaration_rate:5.1f}  "
            f"prefer not to say {100 * r.prefer_not_to_say_rate:5.1f}  "
            f"not known {100 * r.not_known_rate:5.1f}"
        )
    notes = [n for d in years.values() for n in d.notes]
    if notes:
        lines += ["", "Notes:"] + [f"  - {n}" for n in notes]
    lines += ["", "Row accounting: every step adds up (rows in = kept + excluded)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``make check-data``: validate the year's inputs and print the data-quality summary."""
    parser = argparse.ArgumentParser(description="Validate a year's inputs and print a summary.")
    parser.add_argument("--params", required=True, help="parameters file, e.g. params/2026.yaml")
    args = parser.parse_args(argv)
    try:
        params = load_params(args.params)
        years = load_years(params, keep_earlier=["workforce"])
    except EqlibError as exc:
        print(f"make check-data found problems. Nothing was written.\n{exc}", file=sys.stderr)
        return 2
    print(summary(years, params))
    return 0


if __name__ == "__main__":
    sys.exit(main())
