"""What a new user meets first (issue 16): the obvious mistakes give readable messages, outputs
follow their parameters file, make works from a subfolder, and make doctor says what is missing."""

from __future__ import annotations

import re

import pytest
from conftest import PARAMS, YEAR, make

pytestmark = pytest.mark.e2e


def _manifest_is_current(root, params: str) -> bool:
    """make -q: is the year's publication up to date with ``params``?"""
    manifest = f"reports/{YEAR}/publish/manifest.json"
    return make(root, "-q", manifest, f"YEAR={YEAR}", f"PARAMS={params}", check=False).returncode == 0


def test_another_parameters_file_makes_every_output_stale(built_copy):
    """The staleness case of issue 16: a report built with one parameters file is not "up to date"
    for another (another organisation's), nor for the same file edited, nor after switching back."""
    assert _manifest_is_current(built_copy, PARAMS)
    other = built_copy / "params" / "other_org.yaml"
    other.write_text((built_copy / PARAMS).read_text().replace(
        "organisation: Liverpool City Region Combined Authority (synthetic data)",
        "organisation: Another Organisation"))
    assert not _manifest_is_current(built_copy, "params/other_org.yaml")
    # make report with it plans every notebook again, and publishes again
    planned = make(built_copy, "-n", "report", f"YEAR={YEAR}", "PARAMS=params/other_org.yaml").stdout
    for step in ("01_data_quality", "02_pay_gaps", "05_publication", "pipeline render",
                 "pipeline publish"):
        assert step in planned, step
    # ... whose parameters stamp replaces the ci one (so switching back reruns too)
    assert f"rm -f reports/{YEAR}/internal/.params-*" in planned
    # an edit of the file (even a comment) is a change too
    ci = built_copy / PARAMS
    ci.write_text(ci.read_text() + "# edited\n")
    assert not _manifest_is_current(built_copy, PARAMS)


def test_an_unknown_year_lists_the_years_that_have_parameters(built_copy):
    result = make(built_copy, "report", "YEAR=2031", check=False)
    assert result.returncode != 0
    assert "params/2031.yaml does not exist" in result.stdout
    assert "Years with a parameters file: 2023, 2024, 2025, 2026" in result.stdout
    assert "No rule to make target" not in result.stdout + result.stderr
    assert not (built_copy / "reports" / "2031").exists()


def test_missing_inputs_of_every_year_are_listed_and_nothing_is_left_behind(built_copy):
    text = (built_copy / "params" / "2026.yaml").read_text()
    text = text.replace("year: 2026", "year: 2031").replace('"2026-03-31"', '"2031-03-31"')
    text = text.replace('"2027-03-01"', '"2032-03-01"')
    text = text.replace("previous_years: [2023, 2024, 2025]", "previous_years: [2025, 2030]")
    # a new year's action plan and representation targets are its own (2026's lie before a 2031
    # snapshot, refused)
    text = text.replace("action_plan: params/actions/2026.yaml", "action_plan: null")
    text = re.sub(r"(?ms)^representation_targets:.*?(?=^\S|\Z)", "representation_targets: null\n",
                  text)
    (built_copy / "params" / "2031.yaml").write_text(text)
    result = make(built_copy, "report", "YEAR=2031", check=False)
    assert result.returncode != 0
    out = result.stdout
    assert "4 input file(s) of 2031 missing" in out and "workforce_2031.csv" in out
    assert "previous year 2030: workforce_2030.csv" in out  # the earlier years' too
    assert "previous year 2025" not in out  # present: not listed
    assert not (built_copy / "reports" / "2031").exists()


def test_make_from_a_subfolder_runs_from_the_project_root(built_copy):
    result = make(built_copy / "notebooks", "help")
    assert "make runs from the project root" in result.stdout
    assert "make report" in result.stdout


def test_make_doctor_names_each_requirement(built_copy):
    result = make(built_copy, "doctor", check=False)
    for what in ("Python", "make", "Pango library", "HarfBuzz library", "Fontconfig library",
                 "fonts", "disk", "Chromium", "poppler-utils"):
        assert f" {what}:" in result.stdout, what
    assert "apt-get install" in result.stdout or result.returncode == 0
