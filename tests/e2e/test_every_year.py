"""make report for every shipped year (params/<year>.yaml): each publishes on the synthetic
organisation, and an analysis with nothing to report that year (no previous year to compare with,
a positive action programme that has not started) says so in a sentence instead of failing.

The years run with ci-style quick parameters (fewer bootstrap resamples, as params/ci.yaml), made
from each year's own file. The two latest years are the session's build (conftest: params/ci.yaml,
the 2026 year, after 2025); the earlier ones are built one after another in their own copy of the
project, through ``make report``, beside the session's build (conftest ``earlier_years``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHIPPED, YEAR, pdf_pages

from eqlib import render

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NOTHING_TO_EVALUATE = "there is nothing to evaluate yet"


@pytest.fixture(scope="module")
def years(built: Path, earlier_years: tuple[Path, dict[int, str]]) -> dict[int, tuple[Path, str]]:
    """year -> (project root, stdout of its make report). The session's build holds the ci year
    and the year before; the earlier years were built in their own copy."""
    root, stdout = earlier_years
    out = {YEAR: (built, ""), YEAR - 1: (built, "")}
    out |= {year: (root, text) for year, text in stdout.items()}
    return out


def test_every_shipped_year_is_covered() -> None:
    assert SHIPPED == [2023, 2024, 2025, 2026], "a new params/<year>.yaml: check this test's sentences"
    assert YEAR in SHIPPED


@pytest.mark.parametrize("year", SHIPPED)
def test_the_year_publishes_an_accessible_report(years, year: int) -> None:
    root, stdout = years[year]
    pub = root / "reports" / str(year) / "publish"
    for name in (f"equality_report_{year}.pdf", f"equality_report_{year}.html", "manifest.json"):
        assert (pub / name).is_file(), name
    assert len(list((pub / "tables").glob("*.csv"))) >= 5
    pdf = pub / f"equality_report_{year}.pdf"
    assert render.check_pdf(pdf, title=f"Workforce equality report {year}", lang="en-GB",
                            raise_on_problem=False) == []
    if stdout:  # the closing summary names what was written
        assert f"Report for {year}" in stdout
        assert f"reports/{year}/publish/equality_report_{year}.pdf" in stdout
        assert f"Log of this run: reports/{year}/internal/run.log" in stdout


def _text(root: Path, year: int) -> str:
    pages = pdf_pages(root / "reports" / str(year) / "publish" / f"equality_report_{year}.pdf")
    return " ".join(" ".join(page.split()) for page in pages)


@pytest.mark.parametrize("year", [y for y in SHIPPED if y < 2026])
def test_a_programme_with_nothing_to_evaluate_is_stated(years, year: int) -> None:
    """Aspire starts in September 2024: the first snapshot that records participants is 2025's,
    so 2023, 2024 and 2025 have nothing to evaluate, and say so."""
    text = _text(years[year][0], year)
    assert "Aspire" in text and NOTHING_TO_EVALUATE in text


def test_the_latest_year_evaluates_the_programme(years) -> None:
    assert NOTHING_TO_EVALUATE not in _text(years[YEAR][0], YEAR)


def test_each_year_prints_its_steps_with_timings(years) -> None:
    _, stdout = years[min(SHIPPED)]
    for step in ("set-up", "01_data_quality", "02_pay_gaps", "03_representation",
                 "04_positive_action", "disclosure control", "disclosure check", "data annex",
                 "05_publication", "render",
                 "publish"):
        assert re.search(rf"^  {step}: .*done in (\d+ min )?[\d.]+ s|^  {step}: .*up to date",
                         stdout, re.MULTILINE), f"no timing for {step}:\n{stdout}"
