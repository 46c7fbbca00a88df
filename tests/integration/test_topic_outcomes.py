"""Integration tests of eqlib.topics.outcomes on the synthetic organisation: tidy tables, sections and headline sentences."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from eqlib import tables as tt
from eqlib.config import Params
from eqlib.errors import ParamsError
from eqlib.publication import fmt_number, fmt_pct
from eqlib.topics import outcomes as rep
from eqlib.topics.outcomes.programme import _model_sentence
from eqlib.topics.outcomes.recruitment import _count, _flags, _stratified_sentences
from eqlib.topics.outcomes.section import _lifecycle_summary


@pytest.fixture(scope="module")
def data(params, years):
    """The committed synthetic data, last two years only (enough for every analysis, faster)."""
    return {y: years[y].tables for y in (params["year"] - 1, params["year"])}


@pytest.fixture(scope="module")
def analysis(data, params):
    return rep.run(params, data)


@pytest.fixture(scope="module")
def tables(analysis, params):
    return rep.build_tables(analysis)


# ---- small pure helpers -----------------------------------------------------------------------
def test_stage_counts_by_hand():
    apps = pd.DataFrame({
        "stage_reached": ["applied", "shortlisted", "appointed", "shortlisted", "applied"],
        "withdrawn": [True, True, False, False, False],
        "sex": ["Male", "Male", "Female", "Female", None],
    })
    out = rep.stage_counts(apps, "sex", stages=["applied", "shortlisted", "appointed"])
    got = out.set_index(["group", "stage"])[["applicants", "withdrawn"]]
    assert got.loc[("Male", "applied")].tolist() == [2, 1]
    assert got.loc[("Male", "shortlisted")].tolist() == [1, 1]
    assert got.loc[("Female", "shortlisted")].tolist() == [2, 0]
    assert got.loc[("Female", "appointed")].tolist() == [1, 0]
    assert got.loc[("Not known", "applied")].tolist() == [1, 0]  # missing counts as Not known
    assert got.loc[("Total", "applied")].tolist() == [5, 1]


def test_reference_group_of_grouped_column():
    p = {"reference_groups": {"sexual_orientation": "Straight or heterosexual"}}
    assert rep.reference_group("sexual_orientation_grouped", p) == "Straight or heterosexual"


def test_reference_group_missing_raises():
    with pytest.raises(ParamsError, match="age_band"):
        rep.reference_group("age_band", {"reference_groups": {}})


@pytest.mark.parametrize(("value", "suppressed", "text"), [
    (3, False, "fewer than 5"), (0, False, "0"), (5, False, "5"), (1234, False, "1,234"),
    (7, True, "[c]"), (np.nan, False, "[x]"),
])
def test_count_text_never_states_small_numbers(value, suppressed, text):
    assert _count(value, suppressed=suppressed, min_count=5) == text


def test_fragile_flag_by_hand(params):
    # group 3/10 = 0.30 against highest 6/15 = 0.40: AIR 0.75 (adverse); one more success:
    # 0.40/0.40 = 1 >= 0.8 -> fragile.  Group 1/20 = 0.05: AIR 0.125; one more 0.10/0.40 = 0.25,
    # one fewer in the highest 0.05/(5/15) = 0.15 -> not fragile.
    rows = []
    for g, s, n, air in (("A", 6, 15, 1.0), ("B", 3, 10, 0.75), ("C", 1, 20, 0.125)):
        rows.append({"characteristic": "x", "level": "t", "group": g, "measure": "impact_ratio",
                     "value": air, "numerator": s, "n": n, "suppressed": False,
                     "reference_group": "A", "ci_low": np.nan, "ci_high": np.nan})
    flags = _flags(pd.DataFrame(rows), params).set_index("group")
    assert flags.loc["A", "adverse_impact"] == "No"
    assert flags.loc["B", ["adverse_impact", "fragile"]].tolist() == ["Yes", "Yes"]
    assert flags.loc["C", ["adverse_impact", "fragile"]].tolist() == ["Yes", "No"]


# ---- tables -----------------------------------------------------------------------------------
def test_every_table_is_fit_to_publish(tables):
    assert tables, "no tables built"
    for name, t in tables.items():
        assert name.startswith("outcomes_")
        assert set(t["table"]) == {name}
        assert tt.validate_table(t) == [], name


def test_expected_tables_present(tables):
    for name in ("outcomes_funnel_counts", "outcomes_funnel_rates", "outcomes_funnel_stratified",
                 "outcomes_lifecycle_promotion", "outcomes_lifecycle_disciplinary",
                 "outcomes_programme", "outcomes_programme_did",
                 "outcomes_guaranteed_interview"):
        assert name in tables


def test_funnel_totals_add_up(tables):
    c = tables["outcomes_funnel_counts"]
    for (ch, lv, m), part in c.groupby(["characteristic", "level", "measure"]):
        total = part.loc[part["group"] == tt.TOTAL, "value"].item()
        assert part.loc[part["group"] != tt.TOTAL, "value"].sum() == total, (ch, lv, m)
        assert (part.loc[part["group"] != tt.TOTAL, "group_parent"] == tt.TOTAL).all()


def test_lifecycle_totals_add_up(tables):
    t = tables["outcomes_lifecycle_training"]
    for (ch, lv, m), part in t[t["measure"].isin(["trials", "successes"])].groupby(
            ["characteristic", "level", "measure"]):
        total = part.loc[part["group"] == tt.TOTAL, "value"].item()
        assert part.loc[part["group"] != tt.TOTAL, "value"].sum() == total, (ch, lv, m)


def test_rates_carry_numerator_and_n(tables):
    r = tables["outcomes_funnel_rates"]
    shares = r[r["measure"].isin(["rate", "relative_likelihood", "impact_ratio"])]
    assert shares["numerator"].notna().all() and shares["n"].notna().all()
    rate = shares[shares["measure"] == "rate"]
    ok = rate["n"] > 0
    assert np.allclose(rate.loc[ok, "value"], rate.loc[ok, "numerator"] / rate.loc[ok, "n"])


def test_funnel_rates_match_counts(tables, params):
    """Rate numerator = applicants at the next stage; n = applicants at the stage - withdrawn."""
    c = tables["outcomes_funnel_counts"].set_index(["characteristic", "group", "level",
                                                     "measure"])["value"]
    r = tables["outcomes_funnel_rates"]
    row = r[(r["characteristic"] == "sex") & (r["group"] == "Female")
            & (r["level"] == "applied -> shortlisted") & (r["measure"] == "rate")].iloc[0]
    assert row["numerator"] == c[("sex", "Female", "shortlisted", "applicants")]
    assert row["n"] == (c[("sex", "Female", "applied", "applicants")]
                        - c[("sex", "Female", "applied", "withdrawn")])


def test_lifecycle_levels_label_years_and_rolling(tables, params):
    y = params["year"]
    levels = set(tables["outcomes_lifecycle_disciplinary"]["level"])
    assert {str(y), f"{y - 1}-{y} (two years)"} <= levels
    # the first year available has no start snapshot: labelled as year-end headcount
    assert f"{y - 1} (year-end headcount)" in levels
    assert not any("two years" in lv for lv in set(tables["outcomes_lifecycle_promotion"]["level"]))


def test_tables_are_deterministic(data, params, tables):
    again = rep.build_tables(rep.run(params, data))
    for name, t in tables.items():
        pd.testing.assert_frame_equal(t, again[name])


# ---- section and headline ---------------------------------------------------------------------
def _suppress(t: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    out = t.copy()
    out.loc[mask, ["value", "ci_low", "ci_high", "numerator"]] = np.nan
    out.loc[mask, "suppressed"] = True
    out.loc[mask, "suppression_reason"] = "primary_share"
    return out


def _html(blocks) -> str:
    return "\n".join(b.html if isinstance(getattr(b, "html", None), str) else b.alt
                     for b in blocks)


def test_section_returns_two_headed_parts(tables, params):
    parts = rep.section(tables, params)
    assert [h for h, _ in parts] == ["Recruitment and positive action", "Employment lifecycle"]
    assert all(blocks for _, blocks in parts)
    assert "observational" in _html(parts[0][1])


def test_suppressed_value_shows_c_not_number(tables, params):
    r = tables["outcomes_funnel_rates"]
    mask = ((r["characteristic"] == "ethnicity_binary") & (r["group"] == "Ethnic minority")
            & (r["level"] == "applied -> shortlisted")
            & r["measure"].isin(["rate", "relative_likelihood"]))
    hidden = r[mask].set_index("measure")
    rl_text = fmt_number(hidden.loc["relative_likelihood", "value"], 2)
    rate_text = fmt_pct(hidden.loc["rate", "value"], 1, unit="fraction")
    sup = dict(tables, outcomes_funnel_rates=_suppress(r, mask))
    sentence = rep.headline(sup, params)[0]
    assert "[c]" in sentence
    assert rl_text not in sentence and rate_text not in sentence
    html = _html(rep.section(sup, params)[0][1])
    assert "[c]" in html
    # the forest chart's alt text must not carry the withheld ratio for that group
    assert f"Ethnic minority (vs White British) {rl_text}" not in html


def test_headline_numbers_come_from_tables(tables, params):
    sentences = rep.headline(tables, params)
    assert len(sentences) == 2
    allowed = {fmt_pct(params["confidence_level"], 0, unit="fraction")}
    allowed |= {fmt_number(x, 2) for x in params["adverse_impact_band"]}
    for name in ("outcomes_funnel_rates", "outcomes_programme"):
        t = tables[name]
        for col in ("value", "ci_low", "ci_high"):
            for v in t[col].dropna():
                allowed |= {fmt_number(v, 2), fmt_pct(v, 1, unit="fraction")}
    for s in sentences:
        for token in re.findall(r"\d[\d,]*(?:\.\d+)?%?", s):
            assert token in allowed, (token, s)


def test_headline_small_counts_are_not_stated(tables, params):
    t = tables["outcomes_programme"].copy()
    t.loc[t["measure"] == "trials", "value"] = 3.0
    parts = rep.section(dict(tables, outcomes_programme=t), params)
    text = _html(parts[0][1])
    assert "fewer than 5 participants" in text
    assert "(3 participants" not in text


def test_section_without_tables_is_empty_not_an_error(params):
    parts = rep.section({}, params)
    # nothing to report in recruitment and why there is no programme evaluation; the lifecycle
    # explanation and nothing to report there
    assert [len(b) for _, b in parts] == [2, 2]
    assert "nothing to evaluate yet" in _html(parts[0][1])
    assert rep.NOTHING_TO_REPORT_RECRUITMENT in _html(parts[0][1])
    assert rep.NOTHING_TO_REPORT_LIFECYCLE in _html(parts[1][1])
    assert rep.headline({}, params) == []


# ------------------------------------------------------------------------------------------------
# A very small organisation (issue 22: one employee, or a single year with previous_years: [],
# stopped notebook 04 with a fault in the project): reported, with what could not be compared
# ------------------------------------------------------------------------------------------------
def test_the_analysis_tables_keep_the_columns_they_have_when_empty(analysis):
    assert list(analysis.stage_counts.columns) == rep.STAGE_COUNT_COLUMNS
    assert list(analysis.funnel.columns) == rep.FUNNEL_COLUMNS
    assert list(analysis.stratified.columns) == rep.STRATIFIED_COLUMNS
    assert list(analysis.lifecycle.columns) == rep.LIFECYCLE_COLUMNS


def _small(data, years, *, employees, applications, events):
    return {y: {"workforce": data[y]["workforce"].iloc[:employees],
                "applications": data[y]["applications"].iloc[:applications],
                "events": data[y]["events"].iloc[:events]} for y in years}


@pytest.mark.parametrize(("employees", "applications", "events", "two_years"), [
    (1, 1, 0, False),   # one employee, one applicant, a single year (previous_years: [])
    (1, 1, 1, True),    # one employee in each of two years
    (5, 2, 1, True),    # five employees: no one aged 35-44 (the age reference group) in 2025
    (2, 0, 0, False),   # no applications at all (eqlib.io refuses an empty file; the library copes)
])
def test_a_very_small_organisation_is_reported_not_a_fault(data, params, employees,
                                                           applications, events, two_years):
    year = params["year"]
    p = params if two_years else Params(dict(params, previous_years=[]))
    small = _small(data, (year - 1, year) if two_years else (year,), employees=employees,
                   applications=applications, events=events)
    analysis = rep.run(p, small)
    assert list(analysis.stratified.columns) == rep.STRATIFIED_COLUMNS  # notebook 04 reads them
    if applications <= 1:
        assert analysis.stratified.empty  # one applicant: no group beside the reference group
    assert any("hold no one in the reference group" in n for n in analysis.notes)
    tables = rep.build_tables(analysis)
    for name, t in tables.items():
        assert tt.validate_table(t) == [], name
    parts = rep.section(tables, p)
    assert [h for h, _ in parts] == ["Recruitment and positive action", "Employment lifecycle"]
    rep.headline(tables, p)
    if applications == 0:
        assert rep.NOTHING_TO_REPORT_RECRUITMENT in _html(parts[0][1])


def test_a_year_whose_lifecycle_has_no_reference_group_is_left_out_with_a_note(data, params):
    year = params["year"]
    small = _small(data, (year - 1, year), employees=5, applications=2, events=1)
    assert not (small[year - 1]["workforce"]["age_band"] == "35-44").any()
    analysis = rep.run(params, small)
    assert (f"The {year - 1} lifecycle records hold no one in the reference group of age_band "
            "(35-44): not compared.") in analysis.notes
    life = analysis.lifecycle
    ages = life[life["characteristic"] == "age_band"]
    assert set(ages["year"].dropna()) == {year}  # the year that has the reference group stays
    assert not ages["level"].str.contains("two years").any()  # and no two-year figure from one


# ------------------------------------------------------------------------------------------------
# Difference in differences (issue 17, item 3)
# ------------------------------------------------------------------------------------------------
def test_did_uses_internal_applicants_not_under_the_scheme():
    apps = pd.DataFrame({"internal": [True, True, False, True, None],
                         "guaranteed_interview": [False, True, False, None, False]})
    rows, who = rep.did_applications(apps)
    assert rows.index.tolist() == [0, 3]  # internal and not under the scheme (blank = not)
    assert who == "internal applicants, not under the guaranteed interview scheme"


def _did_rows(before_t, before_r, change, placebo):
    def row(group, level, measure, value, lo=np.nan, hi=np.nan):
        return {"group": group, "level": level, "measure": measure, "value": value,
                "ci_low": lo, "ci_high": hi, "reference_group": "Not disabled",
                "suppressed": False, "suppression_reason": None}
    return pd.DataFrame([
        row("Disabled", "before", "rate", before_t), row("Not disabled", "before", "rate", before_r),
        row("Disabled", "after", "rate", 0.10), row("Not disabled", "after", "rate", 0.05),
        row("Disabled", "change", "odds_ratio", *change),
        row("Disabled", "change", "p_value", 0.01),
        row("Disabled", "placebo", "odds_ratio", *placebo),
    ])


def test_did_sentence_when_the_target_group_starts_ahead(params):
    # 2026's case: disabled applicants appointed more often before (12.5% vs 4.8%); an odds
    # ratio below 1 with its interval below 1 means their lead shrank, not "the gap narrowed"
    text = rep.did_sentence(_did_rows(0.125, 0.048, (0.5, 0.3, 0.8), (1.1, 0.6, 2.0)), params)
    assert "were ahead of Not disabled applicants, and their lead shrank" in text
    assert "gap narrowed" not in text
    assert "no sign that the gap was already changing" in text


def test_did_sentence_reports_a_failed_placebo(params):
    text = rep.did_sentence(_did_rows(0.03, 0.05, (2.0, 1.2, 3.3), (2.5, 1.3, 4.8)), params)
    assert "the gap narrowed" in text
    assert "parallel-trends assumption fails" in text


# ------------------------------------------------------------------------------------------------
# Simpson guard on the published figures (issue 17, item 5)
# ------------------------------------------------------------------------------------------------
def _strat_rows(crude, within):
    def row(level, values):
        value, lo, hi = values
        return {"characteristic": "ethnicity_binary", "group": "Ethnic minority",
                "level": f"applied -> shortlisted: {level}", "measure": "relative_likelihood",
                "value": value, "ci_low": lo, "ci_high": hi, "suppressed": False,
                "reference_group": "White British"}
    return pd.DataFrame([row(rep.CRUDE, crude), row(rep.WITHIN, within)])


def test_simpson_guard_flags_attenuation_to_no_difference(params):
    # the review's case: crude 2.58 (significant), within grades 1.00 (0.75 to 1.34)
    out = _stratified_sentences(_strat_rows((2.58, 1.9, 3.5), (1.00, 0.75, 1.34)), params)
    assert len(out) == 1
    assert "2.58" in out[0] and "1.00" in out[0]
    assert "not statistically distinguishable" in out[0]
    assert "point the same way" not in out[0]


def test_simpson_guard_is_silent_for_differences_inside_the_interval(params):
    # 1.01 against 0.99, both intervals including 1: not "different directions"
    assert _stratified_sentences(_strat_rows((1.01, 0.8, 1.3), (0.99, 0.7, 1.4)),
                                     params) == []


# ------------------------------------------------------------------------------------------------
# Events-per-parameter rule in the sentence (issue 17, item 6)
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("controls", "expected"), [
    (3, "Allowing for grade, age band and length of service, the odds ratio"),
    (1, "it allows for grade only"),
    (0, "only the crude odds ratio is given"),
])
def test_model_sentence_names_the_controls_the_rule_kept(params, controls, expected):
    from eqlib import outcomes

    def row(measure, value):
        return {"group": outcomes.PARTICIPANTS, "level": "grade_rise_12m", "measure": measure,
                "value": value, "ci_low": 1.2, "ci_high": 3.4, "suppressed": False}
    t = pd.DataFrame([row("odds_ratio", 2.09), row("model_controls", float(controls)),
                      row("events_per_parameter", 9.0)])
    text = _model_sentence(t, "grade_rise_12m", t.iloc[0], params)
    assert expected in text and "2.09" in text
    if controls == 0:
        assert "rests on few events" in text


def test_nhs_standards_table_and_sentence(tables, params):
    t = tables["outcomes_nhs_standards"]
    assert tt.validate_table(t) == []
    wres = t[t["characteristic"] == "ethnicity_wres"]
    assert set(wres["group"]) == {"White", "BME"}
    assert set(wres["reference_group"]) == {"White"}
    wdes = t[t["characteristic"] == "disability"]
    assert set(wdes["group"]) == {"Not disabled", "Disabled"}
    text = rep.nhs_sentence(t, params)
    rl = t[(t["group"] == "BME") & (t["measure"] == "relative_likelihood")].iloc[0]
    assert "WRES indicator 2" in text and "WDES metric 2" in text
    assert fmt_number(rl["value"], 2) in text


@pytest.mark.parametrize(("snapshot", "published", "expected"), [
    ("2023-03-31", "2024-03-01", "Aspire starts on 1 September 2024, after this report's snapshot "
     "date (31 March 2023): there is nothing to evaluate yet."),
    ("2025-03-31", "2026-03-01", "Aspire started on 1 September 2024. Its participants are "
     "compared with eligible staff"),
])
def test_a_year_without_a_programme_evaluation_says_why(params, snapshot, published, expected):
    p = dict(params, snapshot_date=snapshot, publication_date=published)
    assert rep.programme_not_evaluated(p).startswith(expected)
    text = _html(rep.section({}, p)[0][1])
    assert expected in text and "open to staff in grades G3, G4, G5, G6, G7" in text


def test_a_year_without_an_earlier_snapshot_says_so_in_the_lifecycle_section(tables, params):
    """The first year of the records: year-end denominators and no two-year figures, stated."""
    year = params["year"]
    first = {}
    for name, t in tables.items():
        if name.startswith("outcomes_lifecycle_"):
            t = t[~t["level"].str.startswith(f"{year - 1}-{year} ")].copy()
            t.loc[t["level"] == str(year), "level"] = f"{year} (year-end headcount)"
        first[name] = t
    text = _html(rep.section(first, params)[1][1])
    assert f"These records hold no snapshot before {year}" in text
    assert "there are none this year" in text
    usual = _html(rep.section(tables, params)[1][1])
    assert "no snapshot before" not in usual and "none this year" not in usual


# ---- "At a glance" sentences (issue 19) ---------------------------------------------------------
def test_glance_says_a_withheld_comparison_is_withheld_and_prints_neither_rate(tables, params):
    r = tables["outcomes_funnel_rates"]
    level = "applied -> shortlisted"
    rows = r[(r["characteristic"] == "ethnicity_binary") & (r["level"] == level)
             & (r["measure"] == "rate")].set_index("group")
    shown = {g: fmt_pct(rows.loc[g, "value"], 1, unit="fraction")
             for g in ("Ethnic minority", "White British")}
    before = rep.glance(tables, params)[0]
    assert all(text in before for text in shown.values())  # published rates are printed
    mask = ((r["characteristic"] == "ethnicity_binary") & (r["group"] == "White British")
            & (r["level"] == level) & (r["measure"] == "rate"))
    after = rep.glance(dict(tables, outcomes_funnel_rates=_suppress(r, mask)), params)[0]
    assert "withheld [c]" in after
    # the group's own rate is not printed beside the withheld one (with the ratio in the
    # section, one rate and the ratio would give the other back)
    assert shown["Ethnic minority"] not in after and shown["White British"] not in after


def test_glance_says_the_uncertainty_in_words(tables, params):
    sentences = rep.glance(tables, params)
    assert len(sentences) == 2
    assert sentences[0].startswith("Recruitment:") and sentences[1].startswith("Positive action:")
    for s in sentences:
        assert ("larger than chance alone would explain" in s
                or "we cannot tell this apart from no difference" in s), s
        assert "Holm" not in s and "Fisher" not in s and "interval" not in s


def test_glance_without_a_programme_says_so(params):
    assert rep.glance({}, params) == [
        f"Positive action: the {params['programme']['name']} programme has no results to "
        "evaluate this year."]


def test_lifecycle_summary_names_significant_differences_and_withheld_ones(tables, params):
    year = str(params["year"])
    name = "outcomes_lifecycle_leaver"
    t = tables[name].copy()
    at = (t["level"] == year) & (t["characteristic"] == "disability") & (t["group"] == "Disabled")
    t.loc[at & (t["measure"] == "relative_likelihood"), ["value", "suppressed"]] = [2.0, False]
    t.loc[at & (t["measure"] == "fisher_p_holm"), ["value", "suppressed"]] = [0.001, False]
    em = (t["level"] == year) & (t["characteristic"] == "ethnicity_binary") \
        & (t["group"] == "Ethnic minority")
    t = _suppress(t, em & (t["measure"] == "relative_likelihood"))
    text = " ".join(_lifecycle_summary(dict(tables, **{name: t}), params))
    label = rep.LIFECYCLE_LABELS["leaver"].lower()
    assert f"{label}: disabled staff fared worse (relative likelihood 2.00)" in text
    assert f"{label} (ethnic minority staff)" in text.split("Withheld")[1]
    # the same comparison not significant is counted, not named
    t.loc[at & (t["measure"] == "fisher_p_holm"), "value"] = 0.5
    text = " ".join(_lifecycle_summary(dict(tables, **{name: t}), params))
    assert f"{label}: disabled staff" not in text and "we cannot tell" in text
