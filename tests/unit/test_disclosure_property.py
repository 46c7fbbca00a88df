"""Property: for random small organisations, the attacker recovers nothing from what protect publishes.

Each example draws a few dozen people with two characteristics, a grade, a year and an outcome,
builds the kinds of tables the report publishes (composition counts and shares by grade with
totals, and outcome tables with trials, successes, rates, relative likelihoods against a reference
group and exact-test p-values for two single years and their two-year window), protects them
together, and runs the independent checker (``check_tables``, the attacker) on the result.
Fixed seeds (``derandomize``) and few examples keep it fast and reproducible.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import fisher_exact

from eqlib.disclosure import DisclosureRules, check_tables, protect_tables
from eqlib.tables import tidy

RULES = DisclosureRules()
GROUPS = {"sex": ["Female", "Male"], "ethnicity": ["White", "Asian", "Black"]}
GRADES = ["G1", "G2"]
YEARS = ["2024", "2025"]
WINDOW = "2024-2025 (two years)"


def composition(people: pd.DataFrame, c: str) -> pd.DataFrame:
    rows = []
    for level in [*GRADES, "All staff"]:
        part = people if level == "All staff" else people[people["grade"] == level]
        total = len(part)
        for g in GROUPS[c]:
            n = int((part[c] == g).sum())
            rows.append({"group": g, "level": level, "count": n,
                         "share_pct": 100 * n / total if total else np.nan, "num": n,
                         "den": total})
        rows.append({"group": "Total", "level": level, "count": total, "share_pct": np.nan,
                     "num": np.nan, "den": np.nan})
    wide = pd.DataFrame(rows)
    lp = {g: "All staff" for g in GRADES}
    counts = tidy(wide, table="composition", population="staff", characteristic=c,
                  measures=["count"], level="level",
                  group_parent={g: "Total" for g in GROUPS[c]}, level_parent=lp)
    shares = tidy(wide[wide["group"] != "Total"], table="composition", population="staff",
                  characteristic=c, measures=["share_pct"], level="level", n="den",
                  numerator={"share_pct": "num"},
                  group_parent={g: "Total" for g in GROUPS[c]})
    shares = shares[shares["value"].notna()]
    return pd.concat([counts, shares], ignore_index=True)


def outcomes(people: pd.DataFrame, c: str) -> pd.DataFrame:
    ref = GROUPS[c][0]
    rows = []
    for level in [*YEARS, WINDOW]:
        part = people if level == WINDOW else people[people["year"] == level]
        r_t = int((part[c] == ref).sum())
        r_s = int(part.loc[part[c] == ref, "promoted"].sum())
        for g in [*GROUPS[c], "Total"]:
            sel = part if g == "Total" else part[part[c] == g]
            t, s = len(sel), int(sel["promoted"].sum())
            rate = s / t if t else np.nan
            ratio = rate / (r_s / r_t) if t and r_t and r_s else np.nan
            p = (fisher_exact([[s, t - s], [r_s, r_t - r_s]]).pvalue
                 if g not in (ref, "Total") and t and r_t else np.nan)
            rows.append({"group": g, "level": level, "trials": t, "successes": s, "rate": rate,
                         "relative_likelihood": ratio if g != "Total" else np.nan,
                         "fisher_p": p})
    wide = pd.DataFrame(rows)
    t = tidy(wide, table="promotion", population="promotion", characteristic=c,
             measures=["trials", "successes", "rate", "relative_likelihood", "fisher_p"],
             level="level", n="trials",
             numerator={"rate": "successes", "relative_likelihood": "successes"},
             reference_group=ref, group_parent={g: "Total" for g in GROUPS[c]})
    undefined = t["value"].isna()
    t.loc[undefined, "suppression_reason"] = "not applicable: undefined"
    return t


people_strategy = st.lists(
    st.tuples(st.sampled_from(GROUPS["sex"]), st.sampled_from(GROUPS["ethnicity"]),
              st.sampled_from(GRADES), st.sampled_from(YEARS), st.booleans()),
    min_size=8, max_size=60,
)


@settings(max_examples=6, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(people_strategy)
def test_attacker_recovers_nothing_after_protection(rows):
    people = pd.DataFrame(rows, columns=["sex", "ethnicity", "grade", "year", "promoted"])
    tables = {
        "composition": pd.concat([composition(people, c) for c in GROUPS], ignore_index=True),
        "promotion": pd.concat([outcomes(people, c) for c in GROUPS], ignore_index=True),
    }
    published = protect_tables(tables, RULES)
    problems = check_tables(published, RULES)
    assert problems == [], "\n".join(str(p) for p in problems[:10])


def test_the_same_tables_leak_without_secondary_suppression():
    """The generator makes tables the attacker can break: primary suppression alone is caught."""
    from eqlib.disclosure import primary_suppression  # noqa: PLC0415

    rng = np.random.default_rng(1)
    n = 40
    people = pd.DataFrame({
        "sex": rng.choice(GROUPS["sex"], n),
        "ethnicity": rng.choice(GROUPS["ethnicity"], n, p=[0.8, 0.15, 0.05]),
        "grade": rng.choice(GRADES, n), "year": rng.choice(YEARS, n),
        "promoted": rng.random(n) < 0.2,
    })
    tables = {
        "composition": pd.concat([composition(people, c) for c in GROUPS], ignore_index=True),
        "promotion": pd.concat([outcomes(people, c) for c in GROUPS], ignore_index=True),
    }
    primary_only = {k: primary_suppression(v, RULES) for k, v in tables.items()}
    assert check_tables(primary_only, RULES)
    assert check_tables(protect_tables(tables, RULES), RULES) == []
