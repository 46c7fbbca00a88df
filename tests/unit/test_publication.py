"""Narrative and table helpers: formatting, sentence wording, [c] never showing a number."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from eqlib.publication import (
    Block,
    fmt_date,
    fmt_gbp,
    fmt_int,
    fmt_number,
    fmt_pct,
    gap_sentence,
    paragraph,
    row,
    table_html,
    tidy_table_html,
    title_page,
)

NAN = float("nan")


# --- number formatting --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "dp", "expected"),
    [
        (8.25, 1, "8.3%"),  # half away from zero, not banker's (round(8.25, 1) == 8.2)
        (-8.25, 1, "-8.3%"),
        (8.35, 1, "8.4%"),
        (2.675, 2, "2.68%"),  # binary float 2.67499..., decimal repr 2.675
        (0.05, 1, "0.1%"),
        (-0.04, 1, "0.0%"),  # no "-0.0%"
        (12, 0, "12%"),
        (1234.5, 1, "1,234.5%"),
    ],
)
def test_fmt_pct_rounds_half_away_from_zero(value: float, dp: int, expected: str) -> None:
    assert fmt_pct(value, dp) == expected


def test_fmt_pct_of_a_fraction_scales_by_100() -> None:
    assert fmt_pct(0.0825, unit="fraction") == "8.3%"


@pytest.mark.parametrize("missing", [NAN, None, pd.NA])
def test_missing_values_print_not_available(missing: object) -> None:
    assert fmt_pct(missing) == "[x]"
    assert fmt_gbp(missing) == "[x]"
    assert fmt_int(missing) == "[x]"


@pytest.mark.parametrize("fmt", [fmt_pct, fmt_gbp, fmt_int, fmt_number])
def test_suppressed_values_print_c_whatever_the_number(fmt) -> None:
    assert fmt(57.3, suppressed=True) == "[c]"
    assert fmt(NAN, suppressed=True) == "[c]"


def test_infinite_values_are_refused() -> None:
    with pytest.raises(ValueError, match="infinite"):
        fmt_pct(math.inf)


def test_non_numbers_are_refused() -> None:
    with pytest.raises(TypeError):
        fmt_pct("8.2")
    with pytest.raises(TypeError):
        fmt_int(True)


def test_unknown_unit_is_refused_naming_the_options() -> None:
    with pytest.raises(ValueError, match="'percent' or 'fraction'"):
        fmt_pct(1.0, unit="per mille")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "dp", "expected"),
    [(15.005, 2, "£15.01"), (27500, 0, "£27,500"), (-12, 2, "-£12.00"), (0.004, 2, "£0.00")],
)
def test_fmt_gbp(value: float, dp: int, expected: str) -> None:
    assert fmt_gbp(value, dp) == expected


def test_fmt_int_groups_thousands_and_rounds_half_away() -> None:
    assert fmt_int(1234567) == "1,234,567"
    assert fmt_int(2.5) == "3"


def test_fmt_date_is_govuk_style() -> None:
    assert fmt_date("2026-03-01") == "1 March 2026"


# --- sentences ----------------------------------------------------------------------------------
def test_positive_gap_reads_lower() -> None:
    s = gap_sentence({"value": 8.2}, group="women's", reference="men's",
                     measure="median hourly pay")
    assert s == "Women's median hourly pay is 8.2% lower than men's."


def test_negative_gap_reads_higher_with_the_size_not_the_sign() -> None:
    s = gap_sentence({"value": -3.14}, group="women's", reference="men's",
                     measure="mean hourly pay")
    assert s == "Women's mean hourly pay is 3.1% higher than men's."


def test_gap_rounding_to_zero_reads_the_same_as() -> None:
    s = gap_sentence({"value": 0.04}, group="women's", reference="men's",
                     measure="median hourly pay")
    assert s == "Women's median hourly pay is the same as men's (a gap of 0.0%)."


def test_interval_excluding_zero_is_reported_without_the_caveat() -> None:
    s = gap_sentence({"value": 8.2, "ci_low": 4.1, "ci_high": 12.0}, group="women's",
                     reference="men's", measure="median hourly pay", level=0.95)
    assert s == ("Women's median hourly pay is 8.2% lower than men's "
                 "(95% confidence interval 4.1% to 12.0%).")


@pytest.mark.parametrize(("lo", "hi"), [(-1.0, 5.0), (0.0, 5.0)])
def test_interval_including_zero_is_not_distinguishable_from_zero(lo: float, hi: float) -> None:
    s = gap_sentence({"value": 2.0, "ci_low": lo, "ci_high": hi}, group="disabled staff's",
                     reference="non-disabled staff's", measure="median hourly pay", level=0.9)
    assert "is 2.0% lower than non-disabled staff's; the difference is not statistically " \
           "distinguishable from zero (90% confidence interval" in s


def test_interval_without_level_is_refused() -> None:
    with pytest.raises(ValueError, match="level"):
        gap_sentence({"value": 2.0, "ci_low": 1.0, "ci_high": 3.0}, group="a", reference="b",
                     measure="pay")


def test_suppressed_gap_sentence_shows_no_number() -> None:
    s = gap_sentence({"value": 12.3, "ci_low": 1.0, "ci_high": 20.0, "suppressed": True},
                     group="Black staff's", reference="White British staff's",
                     measure="median hourly pay", level=0.95)
    assert "[c]" in s
    assert not re.search(r"\d", s)


def test_undefined_gap_sentence_says_not_available() -> None:
    s = gap_sentence({"value": NAN}, group="women's", reference="men's", measure="bonus pay")
    assert s == "Women's bonus pay cannot be compared with men's [x]."


def test_sentence_takes_its_numbers_from_a_table_row() -> None:
    table = pd.DataFrame({"group": ["Female", "Disabled"], "value": [8.25, 1.0],
                          "ci_low": [NAN, NAN], "ci_high": [NAN, NAN],
                          "suppressed": [False, False]})
    s = gap_sentence(row(table, group="Female"), group="women's", reference="men's",
                     measure="median hourly pay")
    assert "8.3%" in s


def test_row_needs_exactly_one_match() -> None:
    table = pd.DataFrame({"group": ["A", "A"], "value": [1.0, 2.0]})
    with pytest.raises(LookupError, match="found 2"):
        row(table, group="A")
    with pytest.raises(LookupError, match="found 0"):
        row(table, group="B")
    with pytest.raises(KeyError, match="no column 'grp'"):
        row(table, grp="A")


def test_paragraph_escapes_html() -> None:
    assert paragraph("a < b &", "c.").html == "<p>a &lt; b &amp; c.</p>"


# --- tables -------------------------------------------------------------------------------------
def _table() -> tuple[pd.DataFrame, pd.DataFrame]:
    t = pd.DataFrame({"Group": ["Women", "Disabled", "Other"], "Staff": [412, 7, 50],
                      "Median gap": [8.25, 12345.6, NAN]})
    s = pd.DataFrame({"Staff": [False, True, False], "Median gap": [False, True, False]})
    return t, s


def test_table_html_is_gss_style() -> None:
    t, s = _table()
    h = table_html(t, caption="Gaps & more", formats={"Staff": "int", "Median gap": "pct"},
                   suppressed=s, min_count=10).html
    assert "<caption>Gaps &amp; more</caption>" in h
    assert '<th scope="col">Group</th>' in h
    assert '<th scope="col" class="num">Median gap</th>' in h
    assert '<th scope="row">Women</th>' in h
    assert '<td class="num">8.3%</td>' in h
    assert '<td class="num">[x]</td>' in h
    assert ("[c] confidential: fewer than 10 people, or withheld to protect another figure."
            in h)  # a yes/no mask: either reason may apply
    assert "[x] not applicable" in h


def test_table_html_footnote_gives_the_withheld_cells_reasons() -> None:
    t, s = _table()
    secondary = s.astype(object).where(~s.astype(bool), "secondary")
    h = table_html(t, caption="Gaps", suppressed=secondary, min_count=10).html
    assert "[c] confidential: withheld to protect another figure." in h
    assert "fewer than 10" not in h
    primary = s.astype(object).where(~s.astype(bool), "primary_count")
    h = table_html(t, caption="Gaps", suppressed=primary, min_count=10).html
    assert "[c] confidential: fewer than 10 people." in h


def test_table_html_never_shows_a_withheld_number() -> None:
    t, s = _table()
    h = table_html(t, caption="Gaps", formats={"Staff": "int", "Median gap": "pct"},
                   suppressed=s, min_count=10).html
    # the Disabled row has nothing but withheld cells: named in a note, not a line of [c]
    assert h.count(">[c]<") == 0 and "Not shown, every figure withheld [c]: Disabled." in h
    assert '<th scope="row">Disabled</th>' not in h
    assert "12,345" not in h and "12345" not in h and ">7<" not in h
    s.loc[1, "Staff"] = False  # a partly withheld row is shown, its withheld cell as [c]
    h = table_html(t, caption="Gaps", formats={"Staff": "int", "Median gap": "pct"},
                   suppressed=s, min_count=10).html
    assert h.count(">[c]<") == 1 and '<th scope="row">Disabled</th>' in h
    assert "Not shown" not in h and "12,345" not in h


def test_a_table_of_nothing_but_withheld_cells_is_a_sentence() -> None:
    t, s = _table()
    s[:] = True
    block = table_html(t, caption="Gaps", suppressed=s, min_count=10)
    assert block.html == "<p>Gaps: every figure is withheld to protect confidentiality [c].</p>"
    assert block.placement == "appendix"


def test_table_html_with_withheld_cells_needs_the_threshold() -> None:
    t, s = _table()
    with pytest.raises(ValueError, match="min_count"):
        table_html(t, caption="Gaps", suppressed=s)


def test_table_html_refuses_unknown_format() -> None:
    t, _ = _table()
    with pytest.raises(ValueError, match="valid formats: pct"):
        table_html(t, caption="Gaps", formats={"Staff": "percent"})  # type: ignore[dict-item]


def test_tidy_table_pivots_and_withholds() -> None:
    tidy = pd.DataFrame({
        "group": ["Women", "Women", "Disabled", "Disabled"],
        "measure": ["mean", "median", "mean", "median"],
        "value": [4.04, 7.0, 99.5, 3.0],
        "suppressed": [False, False, True, False],
    })
    h = tidy_table_html(tidy, caption="Gaps", column_labels={"mean": "Mean", "median": "Median"},
                        formats={"mean": "pct", "median": "pct"}, min_count=5).html
    assert '<th scope="col" class="num">Mean</th>' in h
    assert '<th scope="row">Disabled</th><td class="num">[c]</td><td class="num">3.0%</td>' in h
    assert "99.5" not in h


def test_tidy_table_refuses_duplicate_cells() -> None:
    tidy = pd.DataFrame({"group": ["A", "A"], "measure": ["m", "m"], "value": [1.0, 2.0],
                         "suppressed": [False, False]})
    with pytest.raises(ValueError, match="must appear once"):
        tidy_table_html(tidy, caption="x")


# --- title block --------------------------------------------------------------------------------
def test_title_page_comes_from_params_not_today() -> None:
    block = title_page({"organisation": "A & B", "year": 2025, "snapshot_date": "2025-03-31",
                        "publication_date": "2026-02-02"})
    assert isinstance(block, Block)
    assert block.metadata == {
        "organisation": "A & B", "year": 2025, "title": "Workforce equality report 2025",
        "snapshot": "31 March 2025", "published": "2 February 2026", "lang": "en-GB",
    }
    bundle = block._repr_mimebundle_()
    assert "application/vnd.eqstats.report+json" in bundle
    assert "A &amp; B" in bundle["text/html"]
