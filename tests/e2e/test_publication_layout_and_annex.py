"""The built publication's layout holds (issue 19): no page ends with a heading or a table
caption or holds nothing else, no table row is split over two pages, the page count is in
bounds; and the data annex of the build follows the spreadsheet guidance, holds the published
tables and is listed in the manifest."""

from __future__ import annotations

import json
import os
import shutil

import openpyxl
import pytest
from annex_guidance import guidance_problems
from conftest import YEAR
from pdf_layout import layout_problems, page_texts

pytestmark = pytest.mark.e2e


def publish(root):
    return root / "reports" / str(YEAR) / "publish"


def _need_poppler() -> None:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils (pdftotext) is missing in CI: .ci/run installs it")
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")


def test_no_orphaned_heading_or_split_row(built):
    _need_poppler()
    pub = publish(built)
    problems = layout_problems(pub / f"equality_report_{YEAR}.pdf",
                               pub / f"equality_report_{YEAR}.html")
    assert problems == []


def test_the_main_report_is_short_and_opens_at_a_glance(built):
    """Issue 19: page 1 is the title and "At a glance" (the key to [c] and [x] on it); the main
    report, up to Appendix A, is at most 20 pages and ends with the glossary, the accessibility
    statement and how to check the report; the detail follows in the appendices."""
    _need_poppler()
    pages = page_texts(publish(built) / f"equality_report_{YEAR}.pdf")
    first = pages[0]
    assert "At a glance" in first and "Key:" in first and "[c] withheld" in first
    assert "Gender pay gap: the six statutory figures" in first
    starts = [i for i, text in enumerate(pages) if text.lstrip().startswith("Appendix A")]
    assert starts, "no page starts Appendix A"
    main_pages = starts[0]
    assert main_pages <= 20, f"the main report has {main_pages} pages"
    main_text = " ".join(pages[:main_pages])
    for heading in ("Glossary", "Accessibility and other formats", "How to check this report"):
        assert heading in main_text, heading
    for jargon in ("make audit", "demographr", "TS009", ".csv", "LSOA"):
        assert jargon not in main_text, jargon
    assert "Appendix B: methodology and definitions" in " ".join(pages[main_pages:])


def test_annex_follows_the_guidance_and_holds_every_table(built):
    pub = publish(built)
    annex = pub / f"equality_tables_{YEAR}.xlsx"
    assert guidance_problems(annex) == []
    wb = openpyxl.load_workbook(annex)
    csvs = sorted((pub / "tables").glob("*.csv"))
    tables = [n for n in wb.sheetnames if n.startswith("Table_")]
    assert len(tables) == len(csvs)
    for name, csv in zip(tables, csvs, strict=True):
        subtitle = wb[name]["A2"].value
        assert f"tables/{csv.name}" in subtitle
    readme = (pub / "tables" / "README.md").read_text()
    assert all(f"`{csv.name}`" in readme for csv in csvs)
    listed = {o["file"] for o in json.loads((pub / "manifest.json").read_text())["outputs"]}
    assert {f"equality_tables_{YEAR}.xlsx", "tables/README.md"} <= listed
