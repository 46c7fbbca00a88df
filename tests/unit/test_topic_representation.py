"""Unit tests of eqlib.topics.representation: tidy tables, totals, determinism, [c] in the text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from eqlib import tables as tt
from eqlib.topics import representation as rr
from eqlib.topics.representation.section import _index_phrase, _verdict

PARAMS = {
    "year": 2026, "confidence_level": 0.95,
    "grade_bands": {"junior": ["G1"], "middle": ["G2"], "senior": ["G3"], "leadership": ["G4"]},
    "benchmark": {"file": "data/reference/census2021_lcr.csv", "areas": "lcr",
                  "population": "closest"},
    "disclosure": {"min_count": 5},
}


def _workforce(seed: int = 1, n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    grades = rng.choice(["G1", "G2", "G3", "G4"], size=n, p=[0.4, 0.3, 0.2, 0.1])
    band = {"G1": "junior", "G2": "middle", "G3": "senior", "G4": "leadership"}
    wf = pd.DataFrame({
        "sex": rng.choice(["Female", "Male"], n),
        "ethnicity_binary": rng.choice(["White British", "Ethnic minority", "Prefer not to say"],
                                       n, p=[0.8, 0.15, 0.05]),
        "disability": rng.choice(["Disabled", "Not disabled", "Not known"], n, p=[0.1, 0.8, 0.1]),
        "grade": pd.Categorical(grades, categories=["G1", "G2", "G3", "G4"], ordered=True),
        "directorate": rng.choice(["A", "B"], n),
        "hourly_pay": rng.uniform(10, 40, n).round(2),
        "full_pay_relevant": True,
    })
    wf["grade_band"] = pd.Categorical(wf["grade"].map(band).astype(str),
                                      categories=list(PARAMS["grade_bands"]), ordered=True)
    return wf


BENCHMARK = pd.DataFrame({
    "area_code": "LCR", "area_name": "Liverpool City Region",
    "characteristic": ["sex", "sex", "ethnicity_binary", "ethnicity_binary", "disability",
                       "disability"],
    "group": ["Female", "Male", "White British", "Ethnic minority", "Disabled", "Not disabled"],
    "count": [51.0, 49.0, 88.0, 12.0, 20.0, 80.0], "universe": "all residents", "source": "test",
})


def _build(workforce: dict[int, pd.DataFrame], boards: pd.DataFrame | None,
           benchmark: pd.DataFrame, params: dict) -> dict[str, pd.DataFrame]:
    """The topic's run and table layout on these workforces (boards of the reporting year)."""
    year = int(params["year"])
    data = {y: {"workforce": wf, **({"boards": boards} if y == year and boards is not None
                                    else {})}
            for y, wf in workforce.items()}
    return rr.build_tables(rr.run(params, data, benchmark=benchmark))


@pytest.fixture(scope="module")
def built() -> dict[str, pd.DataFrame]:
    return _build({2025: _workforce(2), 2026: _workforce(1)}, None, BENCHMARK, PARAMS)


def test_every_table_is_fit_to_publish(built: dict[str, pd.DataFrame]) -> None:
    assert built, "no tables"
    for name, table in built.items():
        assert name.startswith("representation_")
        assert tt.validate_table(table) == [], name


def test_tables_are_deterministic(built: dict[str, pd.DataFrame]) -> None:
    again = _build({2025: _workforce(2), 2026: _workforce(1)}, None, BENCHMARK, PARAMS)
    for name in built:
        pd.testing.assert_frame_equal(built[name], again[name])


def test_composition_groups_add_up_to_declared_and_total(built: dict[str, pd.DataFrame]) -> None:
    t = built["representation_composition_grade_band"]
    counts = t[(t["measure"] == "count") & (t["characteristic"] == "disability")]
    for level, part in counts.groupby("level"):
        v = part.set_index("group")["value"]
        assert v["Disabled"] + v["Not disabled"] == v["Declared"], level
        assert v["Declared"] + v["Prefer not to say"] + v["Not known"] == v["Total"], level


def test_grade_bands_add_up_to_all_staff_through_the_top_level(
        built: dict[str, pd.DataFrame]) -> None:
    t = built["representation_composition_grade_band"]
    total = t[(t["measure"] == "count") & (t["group"] == "Total") & (t["characteristic"] == "sex")]
    v = total.set_index("level")["value"]
    parents = total.set_index("level")["level_parent"]
    assert v["senior"] + v["leadership"] == v["senior and leadership"]
    assert v["junior"] + v["middle"] + v["senior and leadership"] == v["All staff"] == 200
    assert parents["senior"] == "senior and leadership"
    assert parents["senior and leadership"] == "All staff"


def test_index_matches_hand_computation(built: dict[str, pd.DataFrame]) -> None:
    wf = _workforce(1)
    declared = wf["ethnicity_binary"].isin(["White British", "Ethnic minority"])
    share = (wf["ethnicity_binary"] == "Ethnic minority").sum() / declared.sum()
    t = built["representation_index"]
    r = t[(t["characteristic"] == "ethnicity_binary") & (t["group"] == "Ethnic minority")
          & (t["level"] == "All staff") & (t["measure"] == "representation_index")].iloc[0]
    assert r["value"] == pytest.approx(share / 0.12)
    assert r["n"] == declared.sum()
    assert r["ci_low"] < r["value"] < r["ci_high"]


def test_benchmark_shares_are_external_and_match_the_benchmark(
        built: dict[str, pd.DataFrame]) -> None:
    b = built["representation_benchmark"]
    assert set(tt.kinds_of(b)) == {"external"}
    v = b.set_index(["characteristic", "group"])["value"]
    assert v[("disability", "Disabled")] == pytest.approx(0.2)


def test_group_absent_from_benchmark_is_not_applicable() -> None:
    wf = _workforce(1)
    bench = BENCHMARK[BENCHMARK["group"] != "Ethnic minority"]
    t = _build({2026: wf}, None, bench, PARAMS)["representation_index"]
    r = t[(t["group"] == "Ethnic minority") & (t["measure"] == "representation_index")]
    assert r["value"].isna().all()
    assert r["suppression_reason"].str.startswith("not applicable").all()


def _suppress(tables: dict[str, pd.DataFrame], **where: str) -> dict[str, pd.DataFrame]:
    out = {k: v.copy() for k, v in tables.items()}
    t = out["representation_index"]
    mask = pd.Series(True, index=t.index)
    for k, v in where.items():
        mask &= t[k] == v
    t.loc[mask, ["value", "ci_low", "ci_high", "numerator"]] = np.nan
    t.loc[mask, "suppressed"] = True
    return out


def test_headline_shows_c_and_not_the_withheld_number(built: dict[str, pd.DataFrame]) -> None:
    t = built["representation_index"]
    pick = (t["characteristic"] == "ethnicity_binary") & (t["group"] == "Ethnic minority") & (
        t["level"] == "All staff")
    index = t[pick & (t["measure"] == "representation_index")]["value"].iloc[0]
    hidden = _suppress(built, characteristic="ethnicity_binary", group="Ethnic minority",
                       level="All staff")
    text = " ".join(rr.headline(hidden, PARAMS))
    assert "[c]" in text
    assert f"{index:.2f}" not in text.split("Disabled")[0]


def test_headline_numbers_come_from_the_tables(built: dict[str, pd.DataFrame]) -> None:
    sentences = rr.headline(built, PARAMS)
    t = built["representation_index"]
    r = t[(t["characteristic"] == "disability") & (t["group"] == "Disabled")
          & (t["level"] == "All staff") & (t["measure"] == "representation_index")].iloc[0]
    assert f"{r['value']:.2f}" in sentences[-1]
    assert f"{r['ci_low']:.2f} to {r['ci_high']:.2f}" in sentences[-1]
    assert "20.0%" in sentences[-1]  # the benchmark share 20 / 100


def test_index_phrase_follows_the_interval() -> None:
    below = pd.Series({"value": 0.5, "ci_low": 0.3, "ci_high": 0.8, "suppressed": False})
    spans = pd.Series({"value": 0.9, "ci_low": 0.6, "ci_high": 1.3, "suppressed": False})
    assert "fewer than" in _index_phrase(below, 0.95)
    assert "not statistically distinguishable" in _index_phrase(spans, 0.95)


def test_section_blocks_and_c(built: dict[str, pd.DataFrame]) -> None:
    hidden = _suppress(built, characteristic="disability", group="Disabled")
    blocks = rr.section(hidden, PARAMS)
    headings = [h for h, _ in blocks]
    assert "Socio-economic background" in headings
    html = " ".join(getattr(b, "html", "") if isinstance(getattr(b, "html", ""), str)
                    else b.html() for _, bl in blocks for b in bl)
    assert "[c]" in html
    assert "own occupation" in html  # the NS-SEC caveat
    assert "children" in html  # the all-residents caveat
    assert "census2021_lcr.csv" in html  # the benchmark named
    assert not re.search(r"\bnan\b", html)


# ------------------------------------------------------------------------------------------------
# Benchmark population named everywhere (issue 17, item 1)
# ------------------------------------------------------------------------------------------------
POPULATION_BENCHMARK = pd.DataFrame({
    "area_code": "LCR", "area_name": "Liverpool City Region",
    "characteristic": ["sex", "sex", "sex", "sex", "ethnicity_binary", "ethnicity_binary",
                       "disability", "disability"],
    "group": ["Female", "Male", "Female", "Male", "White British", "Ethnic minority", "Disabled",
              "Not disabled"],
    # disabled 60% of all residents: far above any workforce, so the index interval is below 1
    "count": [51.0, 49.0, 50.0, 50.0, 88.0, 12.0, 60.0, 40.0],
    "universe": ["all", "all", "16-64", "16-64", "all", "all", "all", "all"], "source": "test",
    "population": ["all_residents", "all_residents", "working_age", "working_age",
                   "all_residents", "all_residents", "all_residents", "all_residents"],
})


@pytest.fixture(scope="module")
def built_populations() -> dict[str, pd.DataFrame]:
    return _build({2025: _workforce(2), 2026: _workforce(1)}, None,
                           POPULATION_BENCHMARK, PARAMS)


def test_every_index_row_names_its_benchmark_population(
        built_populations: dict[str, pd.DataFrame]) -> None:
    for name in ("representation_index", "representation_trend"):
        t = built_populations[name]
        index = t[t["measure"] == "representation_index"]
        assert len(index) > 0
        sex = index[index["characteristic"] == "sex"]["reference_group"].unique().tolist()
        assert sex == ["Liverpool City Region usual residents aged 16-64 (Census 2021)"], name
        dis = index[index["characteristic"] == "disability"]["reference_group"].unique().tolist()
        assert dis == [rr.benchmark_label("Liverpool City Region", "all_residents")], name
    bench = built_populations["representation_benchmark"]
    assert set(bench.loc[bench["characteristic"] == "sex", "level"]) == {
        "Liverpool City Region usual residents aged 16-64 (Census 2021)"}
    # the working-age share (50%) is the one used, not all residents' 51%
    assert bench.loc[(bench["characteristic"] == "sex") & (bench["group"] == "Female"),
                     "value"].tolist() == [0.5]


def test_all_ages_benchmark_is_never_called_fewer_than_the_population_share(
        built_populations: dict[str, pd.DataFrame]) -> None:
    t = built_populations["representation_index"]
    r = t[(t["characteristic"] == "disability") & (t["group"] == "Disabled")
          & (t["level"] == "All staff") & (t["measure"] == "representation_index")].iloc[0]
    assert r["ci_high"] < 1  # the case the caveat is for
    disabled = rr.headline(built_populations, PARAMS)[-1]
    assert "fewer than the population share" not in disabled
    assert "children and pensioners" in disabled
    assert "all usual residents (all ages, including children and pensioners)" in disabled


def test_working_age_benchmark_keeps_the_plain_wording() -> None:
    row = pd.Series({"value": 0.5, "ci_low": 0.3, "ci_high": 0.8, "suppressed": False,
                     "reference_group": rr.benchmark_label("Liverpool City Region",
                                                           "working_age")})
    assert _index_phrase(row, 0.95).endswith("fewer than the population share would suggest")


def test_overview_table_has_a_population_column(
        built_populations: dict[str, pd.DataFrame]) -> None:
    blocks = rr.section(built_populations, PARAMS)
    html = " ".join(b.html for _, bl in blocks for b in bl if isinstance(getattr(b, "html", None),
                                                                          str))
    assert "Population compared with" in html
    assert "aged 16-64" in html and "all ages" in html
    assert "Disabled (vs all ages)" in html  # band table heading names the population


def test_a_board_with_no_members_is_stated_not_an_error() -> None:
    """A boards file with no rows (no board recorded this year): no board tables, and the section
    says so in a sentence (issue 16)."""
    empty = pd.DataFrame({"member_id": pd.Series(dtype=str), "board": pd.Series(dtype=str),
                          "role": pd.Series(dtype=str), "sex": pd.Series(dtype=str)})
    tables = _build({2026: _workforce(1)}, empty, BENCHMARK, PARAMS)
    assert not any(name.startswith("representation_boards") for name in tables)
    blocks = dict(rr.section(tables, PARAMS))
    text = " ".join(b.html for b in blocks["Advisory boards and committees"])
    assert "No board or committee members are recorded for 2026" in text


# ---- "At a glance" sentences (issue 19) ---------------------------------------------------------
def test_glance_names_the_benchmark_population_and_words_the_interval(
        built_populations: dict[str, pd.DataFrame]) -> None:
    sentences = rr.glance(built_populations, PARAMS)
    assert len(sentences) == 3
    assert sentences[0].startswith("Ethnic minority staff are ")
    assert sentences[2].startswith("Disabled staff are ")
    verdicts = ("we cannot tell this apart from the population share",
                "fewer than the population share would suggest",
                "more than the population share would suggest",
                "not a like-for-like comparison")
    for s in sentences:
        assert any(v in s for v in verdicts), s
        assert "interval" not in s and "index" not in s


def test_glance_all_ages_benchmark_is_never_called_fewer_or_more() -> None:
    all_ages = ("Liverpool City Region all usual residents (all ages, including children and "
                "pensioners) (Census 2021)")
    row = pd.Series({"value": 0.38, "ci_low": 0.31, "ci_high": 0.47, "suppressed": False,
                     "reference_group": all_ages})
    assert _verdict(row).startswith("lower, but that population includes children")
    working_age = row.copy()
    working_age["reference_group"] = ("Liverpool City Region usual residents aged 16-64 "
                                      "(Census 2021)")
    assert _verdict(working_age) == "fewer than the population share would suggest"


def test_glance_shows_c_and_not_the_withheld_share(built: dict[str, pd.DataFrame]) -> None:
    hidden = _suppress(built, characteristic="disability", group="Disabled", level=rr.ALL_STAFF)
    text = rr.glance(hidden, PARAMS)[2]
    assert "withheld [c]" in text
