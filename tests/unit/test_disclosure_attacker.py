"""The attacker (eqlib.attacker, through disclosure.check_tables) against each leak of issue 15.

Each test builds, by hand, the published tables an older suppression left (the leak in place):
the attacker must find the withheld value. Then the true tables go through ``protect_tables``:
the published result must pass the attacker, with the figure that gave the value away withheld.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eqlib.attacker import attack
from eqlib.disclosure import DisclosureRules, check_tables, protect_tables
from eqlib.tables import conform, measure_kind

RULES = DisclosureRules()


def r(group: str, level: str, measure: str, value: float | None, *, withheld: bool = False,
      n: float | None = None, numerator: float | None = None, n_reference: float | None = None,
      ref: str | None = None, gp: str | None = None, lp: str | None = None,
      characteristic: str = "x", table: str = "t", population: str = "p") -> dict:
    v = np.nan if value is None or withheld else float(value)
    if measure in ("count", "trials", "successes", "applicants", "withdrawn") and n is None:
        n = value
    return {"table": table, "population": population, "characteristic": characteristic,
            "group": group, "level": level, "measure": measure,
            "n": np.nan if n is None or withheld else n, "value": v,
            "reference_group": ref, "suppressed": withheld,
            "suppression_reason": "primary_count" if withheld else None,
            "numerator": np.nan if numerator is None or withheld else numerator,
            "n_reference": np.nan if n_reference is None or withheld else n_reference,
            "group_parent": gp, "level_parent": lp}


def frame(*rows: dict) -> pd.DataFrame:
    return conform(pd.DataFrame(list(rows)))


def published(rows: list[dict], withheld: set[tuple[str, str, str]]) -> pd.DataFrame:
    """The true rows with the given (group, level, measure) withheld and nothing else done."""
    out = []
    for row in rows:
        key = (row["group"], row["level"], row["measure"])
        if key in withheld:
            row = {**row, "value": np.nan, "n": np.nan, "numerator": np.nan,
                   "n_reference": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                   "suppressed": True, "suppression_reason": "primary_count"}
        out.append(row)
    return frame(*out)


def found(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str, str, str]]:
    return [(v.group, v.level, v.measure, v.rule) for v in check_tables(tables, RULES)]


def protected_ok(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = protect_tables(tables, RULES)
    assert check_tables(out, RULES) == []
    return out


def value_of(t: pd.DataFrame, group: str, level: str, measure: str) -> pd.Series:
    return t[(t["group"] == group) & (t["level"] == level) & (t["measure"] == measure)].iloc[0]


# --------------------------------------------------------------------------------------------------
def programme() -> list[dict]:
    ref = "Non-participants"
    rows = []
    for g, trials, succ in (("Participants", 48, 5), (ref, 76, 4)):
        rows += [r(g, "promotion", "trials", trials, ref=ref),
                 r(g, "promotion", "successes", succ, ref=ref),
                 r(g, "promotion", "rate", round(succ / trials, 3), n=trials, numerator=succ,
                   ref=ref),
                 r(g, "promotion", "relative_likelihood",
                   round((succ / trials) / (4 / 76), 2), n=trials, numerator=succ, ref=ref)]
    return rows


def test_ratio_against_a_withheld_reference_is_found_and_prevented():
    rows = programme()
    leak = published(rows, {("Non-participants", "promotion", m)
                            for m in ("successes", "rate", "relative_likelihood")})
    hits = found({"t": leak})
    assert ("Non-participants", "promotion", "successes", "recoverable") in hits
    out = protected_ok({"t": frame(*rows)})["t"]
    assert value_of(out, "Participants", "promotion", "relative_likelihood")["suppressed"]
    assert not value_of(out, "Participants", "promotion", "rate")["suppressed"]


def test_n_field_of_another_row_is_found_and_prevented():
    rows = [r("A", "offered -> appointed", "rate", 18 / 19, n=19, numerator=18),
            r("A", "offered -> appointed", "fisher_p_holm", 0.04, n=19, ref="B"),
            r("B", "offered -> appointed", "rate", 0.5, n=40, numerator=20)]
    leak = published(rows, {("A", "offered -> appointed", "rate")})
    assert ("A", "offered -> appointed", "fisher_p_holm", "pins_withheld") in found({"t": leak})
    out = protected_ok({"t": frame(*rows)})["t"]
    assert value_of(out, "A", "offered -> appointed", "fisher_p_holm")["suppressed"]
    assert np.isnan(value_of(out, "A", "offered -> appointed", "fisher_p_holm")["n"])


def boards() -> list[dict]:
    lv = "Race Equality Board"
    sex = [r("Female", lv, "count", 8, gp="Total", characteristic="sex"),
           r("Male", lv, "count", 7, gp="Total", characteristic="sex"),
           r("Total", lv, "count", 15, characteristic="sex")]
    eth = [r("White British", lv, "count", 6, gp="Declared", characteristic="ethnicity"),
           r("Ethnic minority", lv, "count", 7, gp="Declared", characteristic="ethnicity"),
           r("Declared", lv, "count", 13, gp="Total", characteristic="ethnicity"),
           r("Prefer not to say", lv, "count", 1, gp="Total", characteristic="ethnicity"),
           r("Not known", lv, "count", 1, gp="Total", characteristic="ethnicity"),
           r("Total", lv, "count", 15, characteristic="ethnicity")]
    return sex + eth


def test_totals_across_characteristics_are_found_and_prevented():
    rows = boards()
    lv = "Race Equality Board"
    # the old suppression: both small cells and the ethnicity Total withheld, sex Total published
    leak = published(rows, {("Prefer not to say", lv, "count"), ("Not known", lv, "count")})
    leak.loc[(leak["characteristic"] == "ethnicity") & (leak["group"] == "Total"),
             ["value", "n", "suppressed"]] = [np.nan, np.nan, True]
    hits = found({"t": leak})
    assert ("Prefer not to say", lv, "count", "recoverable") in hits
    protected_ok({"t": frame(*rows)})


def test_share_difference_beside_a_withheld_share_is_found_and_prevented():
    lv = "Board"
    rows = [r("A", lv, "count", 3, gp="Total"), r("B", lv, "count", 9, gp="Total"),
            r("Total", lv, "count", 12),
            r("A", lv, "share_pct", 25.0, n=12, numerator=3, gp="Total"),
            r("A", lv, "diff_pp", 15.0, n=12, numerator=3, ref="All staff", gp="Total",
              table="vs")]
    leak = published(rows, {("A", lv, "count"), ("A", lv, "share_pct"), ("B", lv, "count"),
                            ("Total", lv, "count")})
    assert any(h[:3] == ("A", lv, "diff_pp") for h in found({"t": leak}))
    out = protected_ok({"t": frame(*rows[:4]), "vs": frame(rows[4])})
    assert out["vs"]["suppressed"].all()


def test_exact_test_p_value_beside_a_withheld_share_is_found_and_prevented():
    rows = [r("A", "All", "share", 3 / 200, n=200, numerator=3, gp="Declared"),
            r("A", "All", "p_value", 0.0123, n=200, gp="Declared"),
            r("B", "All", "share", 197 / 200, n=200, numerator=197, gp="Declared")]
    leak = published(rows, {("A", "All", "share")})
    assert ("A", "All", "p_value", "pins_withheld") in found({"t": leak})
    out = protected_ok({"t": frame(*rows)})["t"]
    assert out["suppressed"].all()  # B's share gives A's by complement


def windows() -> list[dict]:
    rows = []
    for g, counts in (("Men", (2, 3, 5)), ("Women", (40, 44, 47))):
        y23, y24, y25 = counts
        for lv, v in (("2023 (year-end headcount)", y23), ("2024", y24), ("2025", y25),
                      ("2023-2024 (two years)", y23 + y24), ("2024-2025 (two years)", y24 + y25)):
            rows.append(r(g, lv, "successes", v, gp="Total"))
    for lv in ("2023 (year-end headcount)", "2024", "2025", "2023-2024 (two years)",
               "2024-2025 (two years)"):
        total = sum(x["value"] for x in rows if x["level"] == lv)
        rows.append(r("Total", lv, "successes", total))
    return rows


def test_two_year_window_beside_single_years_is_found_and_prevented():
    rows = windows()
    leak = published(rows, {("Men", "2024", "successes"), ("Women", "2024", "successes"),
                            ("Men", "2023 (year-end headcount)", "successes"),
                            ("Women", "2023 (year-end headcount)", "successes")})
    hits = found({"t": leak})
    assert ("Men", "2024", "successes", "recoverable") in hits
    out = protected_ok({"t": frame(*rows)})["t"]
    assert value_of(out, "Men", "2024-2025 (two years)", "successes")["suppressed"]


def test_diversity_index_of_a_small_board_is_found_and_prevented():
    lv = "Audit Committee"
    index = r("All groups", lv, "diversity_index", 0.18, n=10, characteristic="ethnicity_broad")
    groups = r("All groups", lv, "distinct_groups", 2, n=10, characteristic="ethnicity_broad")
    # with no counts of the board published, n, 2 groups and 0.18 leave only 9 and 1
    hits = found({"t": frame(index, groups)})
    assert ("All groups", lv, "diversity_index", "recoverable") in hits
    counts = [r("White British", lv, "count", 9, gp="Declared", characteristic="ethnicity_broad"),
              r("Asian", lv, "count", 1, gp="Declared", characteristic="ethnicity_broad"),
              r("Declared", lv, "count", 10, gp="Total", characteristic="ethnicity_broad"),
              r("Total", lv, "count", 10, characteristic="ethnicity_broad")]
    leak = published(counts, {("Asian", lv, "count"), ("White British", lv, "count")})
    assert ("All groups", lv, "diversity_index", "pins_withheld") in found(
        {"t": pd.concat([leak, frame(index, groups)], ignore_index=True)})
    out = protected_ok({"t": frame(*counts, index, groups)})["t"]
    assert value_of(out, "All groups", lv, "diversity_index")["suppressed"]


def test_quarter_margins_against_group_sizes_are_found_and_prevented():
    quarters = []
    for g, qs in (("Asian", (9, 6, 8, 3)), ("White", (50, 52, 49, 55))):
        for q, v in zip(("Lower", "Lower middle", "Upper middle", "Upper"), qs, strict=True):
            quarters.append(r(g, q, "count", v, gp="Total", lp="All staff", table="quarters",
                              population="fpre"))
    for q, v in zip(("Lower", "Lower middle", "Upper middle", "Upper"), (59, 58, 57, 58),
                    strict=True):
        quarters.append(r("Total", q, "count", v, lp="All staff", table="quarters",
                          population="fpre"))
    gaps = [r("Asian", "All staff", "mean_gap_pct", 4.2, n=26, n_reference=206, ref="White",
              table="gaps", population="fpre")]
    leak = published(quarters, {("Asian", "Upper", "count"), ("White", "Upper", "count")})
    hits = found({"quarters": leak, "gaps": frame(*gaps)})
    assert ("Asian", "Upper", "count", "recoverable") in hits
    protected_ok({"quarters": frame(*quarters), "gaps": frame(*gaps)})


def test_complement_of_a_rate_shown_by_its_counts_is_prevented():
    # 18 of 20 promoted: the rate is withheld (2 not promoted), so are enough of its counts
    rows = [r("A", "2025", "trials", 20, gp="Total"), r("A", "2025", "successes", 18, gp="Total"),
            r("A", "2025", "rate", 0.9, n=20, numerator=18, gp="Total"),
            r("B", "2025", "trials", 60, gp="Total"), r("B", "2025", "successes", 30, gp="Total"),
            r("B", "2025", "rate", 0.5, n=60, numerator=30, gp="Total"),
            r("C", "2025", "trials", 70, gp="Total"), r("C", "2025", "successes", 40, gp="Total"),
            r("C", "2025", "rate", 40 / 70, n=70, numerator=40, gp="Total"),
            r("Total", "2025", "trials", 150), r("Total", "2025", "successes", 88)]
    leak = published(rows, {("A", "2025", "rate")})
    assert ("A", "2025", "rate", "recoverable") in found({"t": leak})
    protected_ok({"t": frame(*rows)})


def test_two_consecutive_years_are_attacked_together(tmp_path):
    from eqlib.disclosure import check_publish_folder  # noqa: PLC0415
    from eqlib.tables import write_table  # noqa: PLC0415

    # 2025's own publication withholds A's count (3) and B's (to protect it), publishes the total;
    # 2026's trend table publishes 2025 again, with B's count: A = 40 - 37
    last = frame(r("A", "Band 1", "count", 3, withheld=True, gp="Total", table="rep",
                   population="workforce"),
                 r("B", "Band 1", "count", 37, withheld=True, gp="Total", table="rep",
                   population="workforce"),
                 r("Total", "Band 1", "count", 40, table="rep", population="workforce"))
    now = frame(r("B", "2025: Band 1", "count", 37, gp="Total", table="trend",
                  population="workforce_2025"),
                r("A", "2025: Band 1", "count", None, withheld=True, gp="Total", table="trend",
                  population="workforce_2025"))
    (tmp_path / "2025").mkdir()
    (tmp_path / "2026").mkdir()
    write_table(last, tmp_path / "2025" / "rep.csv")
    write_table(now, tmp_path / "2026" / "trend.csv")
    alone = check_publish_folder(tmp_path / "2026", RULES)
    assert not [v for v in alone if v.rule == "recoverable"]
    both = check_publish_folder(tmp_path / "2026", RULES, previous=tmp_path / "2025",
                                previous_year=2025)
    assert any(v.group == "A" and v.rule in ("recoverable", "published_elsewhere")
               for v in both)


def test_one_group_under_two_codings_of_a_question_is_linked():
    # White British is the same people in ethnicity_broad and ethnicity_binary: published in one,
    # withheld in the other, it gives Declared and so the two small groups together (1 + 1)
    lv = "Board"

    def coding(c: str, groups: dict[str, int]) -> list[dict]:
        rows = [r(g, lv, "count", v, gp="Declared", characteristic=c) for g, v in groups.items()]
        return rows + [r("Declared", lv, "count", 13, gp="Total", characteristic=c),
                       r("Prefer not to say", lv, "count", 1, gp="Total", characteristic=c),
                       r("Not known", lv, "count", 1, gp="Total", characteristic=c),
                       r("Total", lv, "count", 15, characteristic=c)]

    broad = coding("ethnicity_broad", {"White British": 6, "Asian": 4, "Black": 3})
    binary = coding("ethnicity_binary", {"White British": 6, "Ethnic minority": 7})
    small = ("Asian", "Black", "Prefer not to say", "Not known", "Declared")
    leak = pd.concat([
        published(broad, {(g, lv, "count") for g in small}),
        published(binary, {(g, lv, "count") for g in ("White British", *small)}),
    ], ignore_index=True)
    alone = found({"t": leak[leak["characteristic"] == "ethnicity_binary"]})
    assert not [h for h in alone if h[3] == "recoverable"]
    hits = found({"t": leak})
    assert ("Prefer not to say", lv, "count", "recoverable") in hits
    protected_ok({"t": frame(*broad, *binary)})


def _senior(population: str, level: str, table: str, withheld: set[str],
            counts: dict[str, int]) -> list[dict]:
    """Counts of one level (children of Total) as a composition table publishes them."""
    rows = [r(g, level, "count", v, gp="Total", table=table, population=population,
              withheld=g in withheld) for g, v in counts.items()]
    return rows + [r("Total", level, "count", sum(counts.values()), table=table,
                     population=population, withheld="Total" in withheld)]


def _shares(population: str, level: str, counts: dict[str, int]) -> list[dict]:
    """The trend table's shares of the same people (numerator and n: the group and its total)."""
    total = sum(counts.values())
    return [r(g, level, "share", round(v / total, 3), n=total, numerator=v, gp="Total",
              table="trend", population=population) for g, v in counts.items()]


COUNTS = {"A": 3, "B": 20, "C": 17}


def test_this_years_trend_rows_are_the_other_tables_people(tmp_path):
    from eqlib.disclosure import check_publish_folder  # noqa: PLC0415
    from eqlib.tables import write_table  # noqa: PLC0415

    # the composition table withholds A (3) and C (17, to protect it); the trend table shows this
    # year's senior staff again, as workforce_2026 at "2026: senior": C's share carries C = 17
    comp = _senior("workforce", "senior", "comp", {"A", "C"}, COUNTS)
    trend = [row if row["group"] != "A" else {**row, "value": np.nan, "n": np.nan,
                                              "numerator": np.nan, "suppressed": True,
                                              "suppression_reason": "primary_share"}
             for row in _shares("workforce_2026", "2026: senior", COUNTS)]
    write_table(frame(*comp), tmp_path / "comp.csv")
    write_table(frame(*trend), tmp_path / "trend.csv")
    # read as two populations (as before), nothing links them; in the year's terms A = 40 - 20 - 17
    assert not [v for v in check_publish_folder(tmp_path, RULES) if v.rule == "recoverable"]
    hits = check_publish_folder(tmp_path, RULES, year=2026)
    assert any(v.group == "A" and v.rule == "recoverable" for v in hits)
    # protected in the year's terms: nothing to find, C's share withheld with its count
    true = {"comp": frame(*_senior("workforce", "senior", "comp", set(), COUNTS)),
            "trend": frame(*_shares("workforce_2026", "2026: senior", COUNTS))}
    out = protect_tables(true, RULES, year=2026)
    for name, t in out.items():
        write_table(t, tmp_path / f"{name}.csv")
    assert check_publish_folder(tmp_path, RULES, year=2026) == []
    assert value_of(out["trend"], "C", "2026: senior", "share")["suppressed"]
    assert out["comp"]["population"].eq("workforce").all()  # names as they were


def test_two_consecutive_publications_are_protected_together(tmp_path):
    from eqlib.disclosure import check_publish_folder  # noqa: PLC0415
    from eqlib.tables import read_table, write_table  # noqa: PLC0415

    # 2025's publication withheld A (3) and C (17) at senior and published B (20) and the total;
    # 2026's trend table shows 2025's senior staff again: C's share (17 of 40) gives A = 40 - 37
    last, now = tmp_path / "2025", tmp_path / "2026"
    last.mkdir()
    now.mkdir()
    write_table(frame(*_senior("workforce", "senior", "comp", {"A", "C"}, COUNTS)),
                last / "comp.csv")
    true_now = {"trend": frame(*_shares("workforce_2025", "2025: senior", COUNTS))}
    alone = protect_tables(true_now, RULES, year=2026)  # protected without last year in hand
    write_table(alone["trend"], now / "trend.csv")
    assert check_publish_folder(now, RULES, year=2026) == []  # safe by itself
    hits = check_publish_folder(now, RULES, year=2026, previous=last, previous_year=2025)
    assert any(v.group in ("A", "C") and v.rule in ("recoverable", "reveals_suppressed_count")
               for v in hits)
    # protected together with last year's publication: C's share is withheld too
    previous = {"comp": read_table(last / "comp.csv")}
    out = protect_tables(true_now, RULES, year=2026, previous=previous)
    write_table(out["trend"], now / "trend.csv")
    assert check_publish_folder(now, RULES, year=2026, previous=last, previous_year=2025) == []
    assert value_of(out["trend"], "C", "2025: senior", "share")["suppressed"]
    assert not value_of(out["trend"], "B", "2025: senior", "share")["suppressed"]


def test_did_p_value_beside_a_withheld_odds_ratio_is_found_and_prevented():
    # a difference-in-differences: the group's successes before (2 of 101) and after (3 of 63)
    # are withheld, and so is the change's odds ratio; the change's p-value is a function of the
    # same four counts (16 possible pairs of small counts, each giving its own p-value)
    ref = "White British"
    rows = []
    for lv, (wt, ws), (et, es) in (("before", (677, 28), (101, 2)),
                                   ("after", (457, 25), (63, 3))):
        for g, t, s in ((ref, wt, ws), ("Ethnic minority", et, es)):
            rows += [r(g, lv, "trials", t, ref=ref), r(g, lv, "successes", s, ref=ref),
                     r(g, lv, "rate", round(s / t, 3), n=t, numerator=s, ref=ref)]
    rows += [{**r("Ethnic minority", "change", "odds_ratio", None, withheld=True, ref=ref),
              "suppression_reason": "primary_share"},
             r("Ethnic minority", "change", "p_value", 0.29, n=1298, ref=ref)]
    leak = published(rows, {("Ethnic minority", lv, m) for lv in ("before", "after")
                            for m in ("successes", "rate")})
    assert ("Ethnic minority", "change", "p_value", "pins_withheld") in found({"t": leak})
    true = [row if row["measure"] != "odds_ratio" else
            {**r("Ethnic minority", "change", "odds_ratio", 1.7, n=1298, numerator=3, ref=ref)}
            for row in rows]
    out = protected_ok({"t": frame(*true)})
    assert value_of(out["t"], "Ethnic minority", "change", "p_value")["suppressed"]
    assert not value_of(out["t"], ref, "before", "rate")["suppressed"]


def test_means_of_overlapping_groups_are_found_and_prevented():
    # 2025's case: Mixed (16) and Female x Mixed (11) are published, so Male x Mixed (5 people,
    # inside the merged "Male x Ethnic minority (Black, Mixed)") has a known mean: its pay sum
    # is Mixed's less Female x Mixed's, each a known multiple of its reference's; likewise
    # Male x Black (21 - 13 = 8)
    wb, mwb = "White British", "Male × White British"
    cross = "sex × ethnicity_broad"

    def gap(group, n, v, ref, nref, c):
        return r(group, "All staff", "mean_gap_pct", v, n=n, n_reference=nref, ref=ref,
                 characteristic=c, population="fpre", table="gaps")

    rows = [gap("Mixed", 16, 19.8, wb, 868, "ethnicity_broad"),
            gap("Black", 21, 1.9, wb, 868, "ethnicity_broad"),
            gap("Female × White British", 493, 8.7, mwb, 375, cross),
            gap("Female × Mixed", 11, 21.7, mwb, 375, cross),
            gap("Female × Black", 13, 13.5, mwb, 375, cross),
            gap("Male × Ethnic minority (Black, Mixed)", 13, 8.2, mwb, 375, cross)]
    hits = found({"t": frame(*rows)})
    assert ("Male × Ethnic minority (Black, Mixed)", "All staff", "mean_gap_pct",
            "recoverable") in hits
    from eqlib.attacker import mean_findings  # noqa: PLC0415
    from eqlib.tables import measure_kind  # noqa: PLC0415

    leaks = mean_findings([(x, measure_kind(x["measure"])) for x in rows], min_group_pay=10)
    assert {f.detail.split(" (")[0] for f in leaks} == {"Male × Mixed", "Male × Black"}
    # each small group alone (no merged group, no intersections) gives nothing away
    assert mean_findings([(x, measure_kind(x["measure"])) for x in rows[:2]],
                         min_group_pay=10) == []
    out = protected_ok({"t": frame(*rows)})["t"]
    assert 0 < out["suppressed"].sum() < len(out)  # some withheld, not all


def test_events_per_parameter_beside_a_withheld_reference_is_found_and_prevented():
    # the programme's crude model: events per parameter 9.0 is the participants' 5 successes plus
    # the non-participants' 4 (withheld), one parameter: 9 - 5 gives the withheld count
    rows = programme() + [r("Participants", "promotion", "events_per_parameter", 9.0, n=124,
                            ref="Non-participants")]
    leak = published(rows, {("Non-participants", "promotion", m)
                            for m in ("successes", "rate", "relative_likelihood")}
                     | {("Participants", "promotion", "relative_likelihood")})
    hits = found({"t": leak})
    assert any(h[:3] == ("Participants", "promotion", "events_per_parameter") for h in hits), hits
    out = protected_ok({"t": frame(*rows)})["t"]
    assert value_of(out, "Participants", "promotion", "events_per_parameter")["suppressed"]
    assert not value_of(out, "Participants", "promotion", "successes")["suppressed"]


def funnel() -> list[dict]:
    """Three groups through applied -> shortlisted -> interviewed, with stage counts, withdrawals
    and rates as the recruitment tables publish them. Group A had 2 withdrawals at shortlisting."""
    counts = {"A": (400, 10, 200, 2, 150), "B": (380, 9, 190, 7, 140), "C": (300, 8, 150, 6, 100)}
    rows = []
    for g, (applied, w0, short, w1, interview) in counts.items():
        for level, applicants, withdrawn in (("applied", applied, w0),
                                             ("shortlisted", short, w1),
                                             ("interviewed", interview, 0)):
            rows += [r(g, level, "applicants", applicants, gp="Total"),
                     r(g, level, "withdrawn", withdrawn, gp="Total")]
        for transition, succ, trials in (("applied -> shortlisted", short, applied - w0),
                                         ("shortlisted -> interviewed", interview, short - w1)):
            rows.append(r(g, transition, "rate", succ / trials, n=trials, numerator=succ))
    for level, i in (("applied", 0), ("shortlisted", 2), ("interviewed", 4)):
        rows += [r("Total", level, "applicants", sum(c[i] for c in counts.values())),
                 r("Total", level, "withdrawn", sum(c[i + 1] for c in counts.values())
                   if level != "interviewed" else 0)]
    return rows


def test_a_small_withdrawal_count_costs_local_rates_not_the_whole_funnel():
    """Withholding 2 withdrawals must not cascade: the chooser withholds the rate it pins (and a
    sibling's, through the Total), never a stage's applicants, which every later stage, the Total
    and the other groups would then have to follow (issue 15, the 2026 recruitment tables)."""
    out = protected_ok({"t": frame(*funnel())})["t"]
    assert value_of(out, "A", "shortlisted", "withdrawn")["suppressed"]
    applicants = out[out["measure"] == "applicants"]
    assert not applicants["suppressed"].any(), applicants[applicants["suppressed"]]
    first = out[out["level"] == "applied -> shortlisted"]
    assert not first["suppressed"].any()
    withheld = out[out["suppressed"]]
    assert len(withheld) <= 4, withheld[["group", "level", "measure"]]


def test_the_reference_groups_ratio_to_itself_is_shown_as_one_and_nothing_else():
    """Spec issue 15 item 7: the reference's ratio is 1 by definition and can be shown, even where
    its counts are withheld; its n, numerator and interval stay blank."""
    out = protected_ok({"t": frame(*programme())})["t"]
    ref = value_of(out, "Non-participants", "promotion", "relative_likelihood")
    assert value_of(out, "Non-participants", "promotion", "successes")["suppressed"]
    assert not ref["suppressed"] and ref["value"] == 1
    assert np.isnan(ref["n"]) and np.isnan(ref["numerator"])


def test_a_ratio_of_one_is_no_exemption_for_another_group():
    """Only the reference compared with itself is a constant: a group whose ratio happens to be 1
    beside its own withheld count still gives the count away, and both checks say so."""
    rows = [r("A", "promotion", "successes", 3, ref="B"),
            r("A", "promotion", "trials", 40, ref="B"),
            r("A", "promotion", "relative_likelihood", 1.0, ref="B"),
            r("B", "promotion", "successes", 6, ref="B"),
            r("B", "promotion", "trials", 80, ref="B")]
    leak = published(rows, {("A", "promotion", "successes")})
    assert ("A", "promotion", "relative_likelihood", "reveals_suppressed_count") in found(
        {"t": leak})
    by_attacker = attack({"p": [(rec, measure_kind(rec["measure"]))
                                for rec in leak.to_dict("records")]}, min_count=5)
    assert ("A", "relative_likelihood", "pins_withheld") in {
        (f.group, f.measure, f.rule) for f in by_attacker}
