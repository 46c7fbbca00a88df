"""The pages of the publication that belong to no topic (issue 19): "At a glance", the glossary,
the accessibility statement and "How to check this report", and the split of every section into
the main report and Appendix A."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from eqlib import report_pages
from eqlib.plots import quarter_chart
from eqlib.publication import (
    APPENDIX_TITLE,
    appendix_blocks,
    in_main_report,
    paragraph,
    report_section,
    table_html,
)


def _table(caption: str):
    return table_html(pd.DataFrame({"Group": ["A"], "Value": [1.0]}), caption=caption)


def test_tables_go_to_the_appendix_and_sentences_and_charts_stay():
    chart = quarter_chart(pd.DataFrame({"level": ["Lower", "Lower"], "group": ["Women", "Men"],
                                        "value": [60.0, 40.0], "suppressed": False}),
                          caption="Quarters")
    kept = in_main_report(_table("Kept"))
    blocks = [paragraph("Said."), _table("Detail one"), chart, kept, _table("Detail two")]
    appendix: list = []
    shown = report_section("Topic", blocks, appendix)
    html = [getattr(b, "html", None) for b in shown]
    assert html[0] == "<h2>Topic</h2>" and shown[1] is blocks[0] and shown[2] is chart
    assert shown[3] is kept and "Appendix A" in shown[4].html and len(shown) == 5
    assert appendix == [("Topic", [blocks[1], blocks[4]])]
    out = appendix_blocks(appendix)
    assert out[0].html == f"<h2>{APPENDIX_TITLE}</h2>"
    assert out[2].html == "<h3>Topic</h3>" and out[3:] == [blocks[1], blocks[4]]


def test_a_section_without_tables_has_no_appendix_entry():
    appendix: list = []
    shown = report_section("Words", [paragraph("Only words.")], appendix, level=3)
    assert [b.html for b in shown] == ["<h3>Words</h3>", "<p>Only words.</p>"]
    assert appendix == [] and appendix_blocks(appendix) == []


def test_placement_is_checked():
    from eqlib.publication import Block

    with pytest.raises(ValueError, match="placement"):
        Block("<p></p>", placement="annex")


def test_glossary_glosses_every_technical_term_the_report_uses():
    terms = [t for t, _ in report_pages.GLOSSARY]
    assert terms == sorted(terms, key=lambda t: (t.startswith("["), t.lower()))
    for needed in ("Confidence interval", "Median", "Pay gap", "Relative likelihood",
                   "Representation index", "[c]", "[x]"):
        assert needed in terms
    html = report_pages.glossary().html
    assert html.count("<dt>") == len(terms) and "<dl" in html


@pytest.mark.parametrize(("contact", "link"), [
    ("equality@example.org", '<a href="mailto:equality@example.org">'),
    ("https://example.org/equality", '<a href="https://example.org/equality">'),
    ("the equality team, 1 Mann Island, Liverpool", None),
])
def test_accessibility_statement_gives_the_contact_and_other_formats(contact, link):
    html = report_pages.accessibility_statement({"contact": contact}).html
    assert "another format" in html and "PDF/UA" in html
    if link:
        assert link in html
    else:
        assert "<a " not in html and contact in html


def test_how_to_check_speaks_to_a_reader_not_a_terminal():
    text = re.sub(r"<[^>]+>", " ", report_pages.how_to_check().html)
    assert "make " not in text and ".csv" not in text and "`" not in text
    assert "rerun" in text
