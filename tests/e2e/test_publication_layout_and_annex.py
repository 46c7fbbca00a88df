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


def test_page_count(built):
    _need_poppler()
    pages = len(page_texts(publish(built) / f"equality_report_{YEAR}.pdf"))
    # 56 pages before issue 19's layout work; the target of the rewrite (about 20 pages of main
    # report) is not reached yet, so this guards against growth only
    assert 10 <= pages <= 56, pages


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
