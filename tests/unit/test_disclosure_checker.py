"""Unit tests of the independent disclosure checker (acceptance.md §1, methodology §7).

The checker must catch each leak that primary-only suppression leaves (row total, column total,
grade band subtotal, another table of the same population), and every rule broken on a published
cell. Tables are built by hand (not by the suppression code) so the checker is tested on its own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eqlib.disclosure import (
    DisclosureRules,
    Violation,
    assert_safe,
    check_publish_folder,
    check_table,
    check_tables,
    primary_suppression,
    protect,
)
from eqlib.errors import PublicationError
from eqlib.tables import TIDY_COLUMNS, conform, write_table

RULES = DisclosureRules()


def row(group: str, level: str, value: float | None, *, measure: str = "count",
        table: str = "t", population: str = "p", gp: str | None = None,
        lp: str | None = None, n: float | None = None, numerator: float | None = None,
        n_reference: float | None = None) -> dict:
    withheld = value is None
    v = np.nan if withheld else float(value)
    if n is None:
        n = v if measure == "count" else np.nan
    return {"table": table, "population": population, "characteristic": "x", "group": group,
            "level": level, "measure": measure, "n": n, "value": v,
            "suppressed": withheld, "suppression_reason": "primary_count" if withheld else None,
            "numerator": np.nan if numerator is None else numerator,
            "n_reference": np.nan if n_reference is None else n_reference,
            "group_parent": gp, "level_parent": lp}


def table(*rows: dict) -> pd.DataFrame:
    return conform(pd.DataFrame(list(rows)))


def rules_of(violations: list[Violation]) -> list[tuple[str, str, str]]:
    return [(v.group, v.level, v.rule) for v in violations]


# --------------------------------------------------------------------------------------------------
# The three leaks of primary-only suppression
# --------------------------------------------------------------------------------------------------
def test_catches_row_total_leak():
    t = table(row("A", "All", None, gp="Total"), row("B", "All", 40, gp="Total"),
              row("C", "All", 50, gp="Total"), row("Total", "All", 93))
    assert rules_of(check_table(t, RULES)) == [("A", "All", "recoverable")]


def test_catches_column_total_leak():
    t = table(row("A", "L1", None, lp="All"), row("A", "L2", 30, lp="All"),
              row("A", "L3", 8, lp="All"), row("A", "All", 40))
    violations = check_table(t, RULES)
    assert rules_of(violations) == [("A", "L1", "recoverable")]
    assert "[2, 2]" in violations[0].detail


def test_catches_grade_band_subtotal_leak():
    # grand total has two unknowns, but Junior = G1 + G2 pins G1 = 33 - 30 = 3
    t = table(row("A", "G1", None, lp="Junior"), row("A", "G2", 30, lp="Junior"),
              row("A", "G3", None, lp="Senior"), row("A", "G4", 50, lp="Senior"),
              row("A", "Junior", 33, lp="All"), row("A", "Senior", 57, lp="All"),
              row("A", "All", 90))
    assert rules_of(check_table(t, RULES)) == [("A", "G1", "recoverable"),
                                               ("A", "G3", "recoverable")]


def test_two_withheld_cells_with_enough_cover_pass():
    t = table(row("A", "All", None, gp="Total"), row("B", "All", None, gp="Total"),
              row("C", "All", 50, gp="Total"), row("Total", "All", 93))
    assert check_table(t, RULES) == []  # A + B = 43: each anywhere in 0..43


def test_two_withheld_cells_with_too_little_cover_fail():
    t = table(row("A", "All", None, gp="Total"), row("B", "All", None, gp="Total"),
              row("C", "All", 90, gp="Total"), row("Total", "All", 93))
    assert rules_of(check_table(t, RULES)) == [("A", "All", "recoverable"),
                                               ("B", "All", "recoverable")]


def test_two_way_leak_through_a_rectangle():
    # A/L1 and A/L2 withheld in row A; column L1 has no other withheld cell -> A/L1 = 35 - 32
    t = table(row("A", "L1", None, gp="Total", lp="All"), row("A", "L2", None, gp="Total",
                                                              lp="All"),
              row("B", "L1", 32, gp="Total", lp="All"), row("B", "L2", 40, gp="Total", lp="All"),
              row("A", "All", 33, gp="Total"), row("B", "All", 72, gp="Total"),
              row("Total", "L1", 35, lp="All"), row("Total", "L2", 70, lp="All"),
              row("Total", "All", 105))
    assert [v.rule for v in check_table(t, RULES)] == ["recoverable", "recoverable"]


def test_primary_only_output_is_caught_and_protected_output_passes():
    t = table(row("A", "All", 3, gp="Total"), row("B", "All", 40, gp="Total"),
              row("C", "All", 50, gp="Total"), row("Total", "All", 93))
    t["suppressed"] = False
    t["suppression_reason"] = None
    assert [v.rule for v in check_table(t, RULES)] == ["threshold"]
    assert [v.rule for v in check_table(primary_suppression(t, RULES), RULES)] == ["recoverable"]
    assert check_table(protect(t, RULES), RULES) == []


# --------------------------------------------------------------------------------------------------
# Linked tables of one population
# --------------------------------------------------------------------------------------------------
def test_cell_published_in_another_table_of_the_population_is_caught():
    a = table(row("A", "All", None, table="a", gp="Total"), row("B", "All", None, table="a",
                                                                gp="Total"),
              row("C", "All", 50, table="a", gp="Total"), row("Total", "All", 93, table="a"))
    b = table(row("B", "All", 40, table="b"))
    assert check_table(a, RULES) == []
    violations = check_tables({"a": a, "b": b}, RULES)
    assert {(v.table, v.group, v.rule) for v in violations} == {
        ("a", "A", "recoverable"),  # A = 93 - 50 - 40
        ("a", "B", "published_elsewhere"),  # withheld in a, shown in b
    }


def test_tables_of_different_populations_are_not_linked():
    a = table(row("A", "All", None, table="a", gp="Total"), row("B", "All", None, table="a",
                                                                gp="Total"),
              row("C", "All", 50, table="a", gp="Total"), row("Total", "All", 93, table="a"))
    b = table(row("B", "All", 40, table="b", population="boards"))
    assert check_tables({"a": a, "b": b}, RULES) == []


def test_inconsistent_published_totals_are_reported():
    t = table(row("A", "All", 30, gp="Total"), row("B", "All", 40, gp="Total"),
              row("Total", "All", 71))
    assert [v.rule for v in check_table(t, RULES)] == ["inconsistent_totals"]


# --------------------------------------------------------------------------------------------------
# Rules on published cells
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("numerator, n, detail", [
    (2, 1000, "numerator of 2"), (998, 1000, "complement of 2"), (6, 8, "denominator 8"),
])
def test_share_rule(numerator, n, detail):
    t = table(row("Disabled", "All", 100 * numerator / n, measure="percent", n=n,
                  numerator=numerator))
    violations = check_table(t, RULES)
    assert {v.rule for v in violations} == {"share"}
    assert any(detail in v.detail for v in violations)


def test_share_without_counts_cannot_be_checked():
    t = table(row("A", "All", 40.0, measure="percent"))
    assert [v.rule for v in check_table(t, RULES)] == ["share"]


def test_zero_count_rules():
    t = table(row("A", "All", 0))
    assert check_table(t, RULES) == []
    assert [v.rule for v in check_table(t, DisclosureRules(zeros_disclosive=True))] == ["threshold"]


@pytest.mark.parametrize("measure, n, n_ref, bad", [
    ("median", 9, None, True), ("median", 10, None, False),
    ("median_gap_pct", 12, 9, True), ("median_gap_pct", 12, 200, False),
    ("mean_hourly_pay", 9, None, True),
])
def test_statistic_rule(measure, n, n_ref, bad):
    t = table(row("A", "All", 5.0, measure=measure, n=n, n_reference=n_ref))
    assert bool(check_table(t, RULES)) is bad


def test_withheld_row_showing_a_value_is_caught():
    t = table(row("A", "All", None))
    t.loc[0, "value"] = 3.0
    assert "suppressed_value_published" in [v.rule for v in check_table(t, RULES)]


def test_statistic_n_at_a_withheld_count_is_caught():
    t = table(row("A", "All", None, gp="Total"), row("B", "All", None, gp="Total"),
              row("C", "All", 50, gp="Total"), row("Total", "All", 93),
              row("B", "All", 41.0, measure="median", n=40))
    assert rules_of(check_table(t, RULES)) == [("B", "All", "reveals_suppressed_count")]


def test_share_over_a_withheld_total_is_caught():
    t = table(row("A", "L1", None, gp="Total", lp="All"), row("Total", "L1", None, lp="All"),
              row("A", "L2", 60, gp="Total", lp="All"), row("Total", "L2", 60, lp="All"),
              row("A", "All", 70, gp="Total"), row("Total", "All", 70),
              row("B", "L1", 50.0, measure="percent", n=np.nan, numerator=None, gp="Total"))
    assert ("B", "L1", "reveals_suppressed_count") in rules_of(check_table(t, RULES))


def test_external_figures_are_not_checked():
    t = table(row("A", "All", 0.002, measure="benchmark_share"))
    assert check_table(t, RULES) == []


def test_rounded_counts_checked_within_the_base():
    # Rounded to 5: 10 + 15 + 25 = 50 (true 12 + 13 + 27 = 52); one withheld cell is not exact
    t = table(row("A", "All", None, gp="Total"), row("B", "All", 15, gp="Total"),
              row("C", "All", 25, gp="Total"), row("Total", "All", 50))
    assert check_table(t, DisclosureRules(round_to=5)) == []  # A in [0, 18]
    assert [v.rule for v in check_table(t, RULES)] == ["recoverable"]


# --------------------------------------------------------------------------------------------------
# Folder scan and failing the build
# --------------------------------------------------------------------------------------------------
def test_publish_folder_scan(tmp_path):
    safe = table(row("A", "All", 30, table="safe", gp="Total"),
                 row("B", "All", 40, table="safe", gp="Total"), row("Total", "All", 70,
                                                                    table="safe"))
    leak = table(row("A", "All", None, table="leak", population="q", gp="Total"),
                 row("B", "All", 40, table="leak", population="q", gp="Total"),
                 row("Total", "All", 43, table="leak", population="q"))
    write_table(safe, tmp_path / "safe.csv")
    write_table(leak, tmp_path / "leak.csv")
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "other.csv", index=False)
    violations = check_publish_folder(tmp_path, RULES)
    assert sorted((v.table, v.rule) for v in violations) == [("leak", "recoverable"),
                                                             ("other", "not_tidy")]
    assert len(TIDY_COLUMNS) == len(pd.read_csv(tmp_path / "safe.csv").columns)


def test_assert_safe_names_table_cell_and_rule():
    t = table(row("A", "All", None, gp="Total"), row("B", "All", 40, gp="Total"),
              row("Total", "All", 43))
    with pytest.raises(PublicationError, match=r"t: x / A / All / count: recoverable"):
        assert_safe(check_table(t, RULES))
    assert_safe([])  # no violation, no error


def test_the_checker_shares_no_code_with_the_suppression():
    """The checker is independent of what it checks (methodology §7): it imports the rules, never
    the suppression code."""
    import ast  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from eqlib.disclosure import checker  # noqa: PLC0415

    tree = ast.parse(Path(checker.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    suppression = {f"eqlib.disclosure.{m}" for m in ("primary", "secondary", "protect", "collapse")}
    assert imported & suppression == set()
    assert "eqlib.disclosure.rules" in imported
