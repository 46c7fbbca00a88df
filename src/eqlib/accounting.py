"""Row accounting: every input row traced into or out of every population (methodology §5).

Terms
-----
step
    One narrowing of a population, e.g. ``relevant employees -> full-pay relevant employees``.
    A step records the rows that came in, the rows kept and the rows excluded, each exclusion with
    its reason. ``rows_in == kept + sum(excluded)`` must hold; a step that does not add up stops the
    run with :class:`eqlib.AccountingError` (a lost row is a wrong figure).

The ledger is written to ``reports/<year>/internal/row_accounting.csv`` (internal: it is about
rows, not people, but it is not for publication).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from eqlib.errors import AccountingError

COLUMNS = ["input", "year", "population", "step", "rows_in", "kept", "excluded", "reason"]


@dataclass
class RowAccounting:
    """A ledger of accounting steps, checked as each step is added."""

    rows: list[dict] = field(default_factory=list)

    def step(
        self,
        *,
        input: str,
        year: int,
        population: str,
        step: str,
        rows_in: int,
        kept: int,
        excluded: dict[str, int] | None = None,
    ) -> None:
        """Record one step; raises AccountingError when ``rows_in != kept + excluded``."""
        excluded = {k: int(v) for k, v in (excluded or {}).items()}
        total_out = kept + sum(excluded.values())
        if rows_in != total_out:
            raise AccountingError(
                f"Row accounting does not add up for {input} {year}, step '{step}': {rows_in} rows "
                f"in, but {kept} kept + {sum(excluded.values())} excluded = {total_out}."
            )
        self.rows.append(
            dict(
                input=input,
                year=year,
                population=population,
                step=step,
                rows_in=rows_in,
                kept=kept,
                excluded=0,
                reason="",
            )
        )
        for reason, n in excluded.items():
            self.rows.append(
                dict(
                    input=input,
                    year=year,
                    population=population,
                    step=step,
                    rows_in=rows_in,
                    kept=kept,
                    excluded=n,
                    reason=reason,
                )
            )

    def split(
        self, mask: pd.Series, *, input: str, year: int, population: str, step: str, reason: str
    ) -> None:
        """Record a step that keeps the rows where ``mask`` is true and excludes the rest."""
        kept = int(mask.sum())
        self.step(
            input=input,
            year=year,
            population=population,
            step=step,
            rows_in=len(mask),
            kept=kept,
            excluded={reason: len(mask) - kept},
        )

    def extend(self, other: RowAccounting) -> None:
        """Add another accounting's steps after these (another input file or year)."""
        self.rows.extend(other.rows)

    def frame(self) -> pd.DataFrame:
        """The accounting as a table: one row per input, year, population and step."""
        return pd.DataFrame(self.rows, columns=COLUMNS)

    def write(self, path: Path) -> None:
        """Write the accounting as CSV (``reports/<year>/internal/row_accounting.csv``)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.frame().to_csv(path, index=False, lineterminator="\n")
