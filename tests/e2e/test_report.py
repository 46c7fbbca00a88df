"""make report end to end (tests/e2e, conventions.md): the publication exists, is tagged and
accessible, states the statutory figures exactly as submitted, contains no code or reprs, passes
disclosure control, reruns nothing when nothing changed, is byte-identical on a rerun, and a
broken input leaves an existing publish/ folder untouched."""

from __future__ import annotations

import csv
import re

import pytest
from conftest import PARAMS, YEAR, make, pdf_pages, publish_hashes
from pypdf import PdfReader

from eqlib import disclosure, render
from eqlib.config import load_params
from eqlib.tables import read_table

pytestmark = pytest.mark.e2e


def publish(root):
    return root / "reports" / str(YEAR) / "publish"


def pdf_text(root) -> str:
    return "\n".join(pdf_pages(publish(root) / f"equality_report_{YEAR}.pdf"))


def test_publish_and_internal_layout(built):
    pub = publish(built)
    for name in (f"equality_report_{YEAR}.pdf", f"equality_report_{YEAR}.html",
                 f"gpg_submission_{YEAR}.csv", f"ethnicity_pay_gap_{YEAR}.csv",
                 f"disability_pay_gap_{YEAR}.csv", "manifest.json"):
        assert (pub / name).is_file(), name
    assert len(list((pub / "tables").glob("*.csv"))) >= 5
    internal = built / "reports" / str(YEAR) / "internal"
    for name in ("suppression_log.csv", "row_accounting.csv", "cost_to_close.csv"):
        assert (internal / name).is_file(), name
    executed = sorted(p.name for p in (internal / "executed").glob("*.ipynb"))
    assert executed == ["01_data_quality.ipynb", "02_pay_gaps.ipynb", "03_representation.ipynb",
                        "04_positive_action.ipynb", "05_publication.ipynb"]


def test_pdf_is_tagged_with_language_title_and_figure_alt_text(built):
    pdf = publish(built) / f"equality_report_{YEAR}.pdf"
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).startswith("en")
    assert str(reader.metadata.title) == f"Workforce equality report {YEAR}"
    assert render.check_pdf(pdf, raise_on_problem=False) == []  # includes /Alt on every Figure


def test_pdf_states_the_statutory_figures_exactly_as_submitted(built):
    with (publish(built) / f"gpg_submission_{YEAR}.csv").open() as fh:
        submission = next(csv.DictReader(fh))
    text = pdf_text(built)
    for field in ("DiffMeanHourlyPercent", "DiffMedianHourlyPercent", "MaleLowerQuartile",
                  "FemaleLowerQuartile", "MaleTopQuartile", "FemaleTopQuartile",
                  "MaleBonusPercent", "FemaleBonusPercent"):
        value = submission[field]
        assert value, f"{field} is blank in the submission"
        assert re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", text), f"{field}={value}"


def test_pdf_states_the_ethnicity_and_disability_figures_as_published(built):
    for name in (f"ethnicity_pay_gap_{YEAR}.csv", f"disability_pay_gap_{YEAR}.csv"):
        with (publish(built) / name).open() as fh:
            rows = list(csv.DictReader(fh))
        assert rows, name
        text = pdf_text(built)
        for row in rows:
            for field in ("DiffMeanHourlyPercent", "DiffMedianHourlyPercent"):
                if row[field]:
                    assert re.search(rf"(?<![\d.]){re.escape(row[field])}%", text), (name, field)


def test_pdf_has_the_action_plan_with_computed_statuses(built):
    from eqlib import actions  # noqa: PLC0415

    params = load_params(built / PARAMS)
    tables = {p.stem: read_table(p) for p in (publish(built) / "tables").glob("*.csv")}
    plan = actions.action_plan_table(
        actions.load_actions(built / params["action_plan"], snapshot_date=params["snapshot_date"]),
        tables, year=params["year"], snapshot_date=params["snapshot_date"])
    text = " ".join(pdf_text(built).split())
    assert "Equality action plan" in text
    for r in plan.itertuples():
        assert f"{r.id}. " in text, r.id
    assert set(plan["status"]) <= set(actions.STATUSES)


def test_report_has_the_trajectory_chart_of_every_target(built):
    from eqlib import targets  # noqa: PLC0415

    params = load_params(built / PARAMS)
    goals = targets.load_targets(params)
    assert goals, "params/ci.yaml sets representation targets"
    table = read_table(publish(built) / "tables" / f"{targets.TABLE}.csv")
    html = (publish(built) / f"equality_report_{YEAR}.html").read_text()
    assert "Representation targets" in html
    alts = re.findall(r'<img[^>]*alt="([^"]*Line chart of the share of[^"]*)"', html)
    for t in goals:
        rows = table[(table["group"] == t.group) & (table["measure"] == "projected_share")]
        assert len(rows) == t.year - params["year"], t
        shown = [a for a in alts if a.startswith(f"{t.group} share at {t.level} grades")]
        if rows["suppressed"].any():
            continue  # withheld: the section says so in words, no chart
        assert len(shown) == 1, (t, alts)
        assert f"by {t.year}" in shown[0] and "at current rates" in shown[0]
    assert "How the projection works" in html


@pytest.mark.parametrize("forbidden", ["Traceback", "Warning:", " object at 0x", "In [", "NaN"])
def test_pdf_has_no_code_warnings_or_reprs(built, forbidden):
    assert forbidden not in pdf_text(built)


def test_every_published_table_passes_the_independent_checker(built):
    params = load_params(built / PARAMS)
    rules = disclosure.DisclosureRules.from_params(params)
    # in the trend tables' terms: this year's trend rows are the other tables' people
    violations = disclosure.check_publish_folder(publish(built) / "tables", rules,
                                                 year=params["year"])
    assert violations == [], violations[:5]


def test_this_and_last_years_publications_together_give_nothing_away(built):
    """Issue 15: a reader holds last year's publication too. The two folders as published,
    attacked together."""
    params = load_params(built / PARAMS)
    rules = disclosure.DisclosureRules.from_params(params)
    year = params["year"]
    last = built / "reports" / str(year - 1) / "publish" / "tables"
    assert last.is_dir()
    violations = disclosure.check_publish_folder(publish(built) / "tables", rules, year=year,
                                                 previous=last, previous_year=year - 1)
    assert violations == [], violations[:5]


def test_small_groups_are_suppressed_in_every_published_table(built):
    # data/raw/synthetic/truth.json: two Black staff in G9, one disabled member of a board
    for path in sorted((publish(built) / "tables").glob("*.csv")):
        table = read_table(path)
        g9_black = table[(table["group"] == "Black") & (table["level"] == "G9")]
        assert g9_black["value"].isna().all(), f"{path.name} shows the two Black staff in G9"
        board = table[(table["population"] == "boards") & (table["group"] == "Disabled")
                      & (table["level"] == "Audit and Governance Committee")]
        assert board["value"].isna().all(), f"{path.name} shows the board's one disabled member"


def test_second_make_report_reruns_nothing(built_copy):
    # `report` is phony, so ask make what it would run (dry run): no step of the pipeline
    planned = make(built_copy, "-n", "report", f"YEAR={YEAR}", f"PARAMS={PARAMS}").stdout
    assert "eqlib.pipeline" not in planned and "pip install" not in planned, planned


@pytest.mark.slow
def test_broken_input_fails_without_touching_publish(built_copy):
    before = publish_hashes(built_copy)
    wf = built_copy / "data" / "raw" / "synthetic" / f"workforce_{YEAR}.csv"
    lines = wf.read_text().splitlines(keepends=True)
    lines[3] = lines[3].replace(",G", ",Q", 1)
    wf.write_text("".join(lines))
    result = make(built_copy, "report", f"YEAR={YEAR}", f"PARAMS={PARAMS}", check=False)
    assert result.returncode != 0
    shown = result.stdout + result.stderr  # make report shows (and logs) the pipeline's output
    assert "column 'grade', row 4" in shown and "Traceback" not in shown
    assert publish_hashes(built_copy) == before


def test_check_data_lists_every_problem_and_writes_nothing(built_copy):
    wf = built_copy / "data" / "raw" / "synthetic" / f"workforce_{YEAR}.csv"
    lines = wf.read_text().splitlines(keepends=True)
    lines[3] = lines[3].replace(",G", ",Q", 1)  # an unknown grade
    cells = lines[7].split(",")
    cells[0] = lines[2].split(",")[0]  # a duplicate employee_id
    lines[7] = ",".join(cells)
    wf.write_text("".join(lines))
    processed = built_copy / "data" / "processed"
    before = {p: p.stat().st_mtime_ns for p in processed.rglob("*") if p.is_file()}
    result = make(built_copy, "check-data", f"PARAMS={PARAMS}", check=False)
    assert result.returncode != 0
    assert "column 'grade', row 4" in result.stderr
    assert "column 'employee_id', rows 3, 8" in result.stderr and "unique" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in processed.rglob("*") if p.is_file()} == before
