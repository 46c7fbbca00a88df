"""The registry of characteristics (issue 18): what the library knows about each characteristic is
in one place, and adding one to representation is a registry entry (plus its data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eqlib import census, characteristics, codes, quality
from eqlib.characteristics import ANALYSES, REGISTRY, Characteristic, used_by
from eqlib.config import PROJECT_ROOT, load_params
from eqlib.publication import Block
from eqlib.topics import representation as rr

#: A characteristic the library has never heard of.
NIGHT_WORK = Characteristic(
    "night_work", ("Yes", "No"), "Works nights", "Night work", "night work",
    uses=frozenset({"census", "representation_index", "composition", "composition_detail",
                    "declaration", "data_quality"}),
    overview=("Yes",))


def test_every_entry_is_consistent():
    for name, c in REGISTRY.items():
        assert c.name == name
        assert len(set(c.groups)) == len(c.groups), name
        assert set(c.overview) <= set(c.groups), name
        assert set(c.possessives) <= set(c.groups) | {codes.LGB_PLUS}, name
        assert c.uses <= ANALYSES, name
        assert c.reference is None or c.reference in c.groups, name
    assert not REGISTRY["sex"].declarable and REGISTRY["disability"].declarable


def test_every_analysis_lists_its_characteristics_in_the_one_display_order():
    order = list(REGISTRY)
    for analysis in sorted(ANALYSES):
        names = used_by(analysis)
        assert names, analysis
        assert [order.index(n) for n in names] == sorted(order.index(n) for n in names)
    with pytest.raises(KeyError, match="no analysis"):
        used_by("representation")
    with pytest.raises(ValueError, match="unknown analyses"):
        Characteristic("x", ("a",), "X", "X", "x", uses=frozenset({"nowhere"}))


def test_names_of_groups_in_sentences():
    assert characteristics.possessive("sex", "Female") == "women's"
    assert characteristics.plain("disability", "Not disabled") == "non-disabled staff"
    assert characteristics.possessive("age_band", "25-34") == "the 25-34 age group's"
    assert characteristics.possessive("not_registered", "A") == "A staff's"
    assert characteristics.label("not_registered") == "not_registered"


def _with_night_work(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    answers = rng.choice(["Yes", "No", codes.PREFER_NOT_TO_SAY, codes.NOT_KNOWN], len(frame),
                         p=[0.3, 0.6, 0.05, 0.05])
    return frame.assign(night_work=answers)


def _benchmark_with_night_work(bench: pd.DataFrame) -> pd.DataFrame:
    """The population benchmark with a night-work table, as a Census file would hold it: the
    working-age population of each area split 20:80."""
    sex = bench[(bench["characteristic"] == "sex") & (bench["population"] == "working_age")]
    per_area = sex.groupby(["area_code", "area_name", "universe", "population"],
                           as_index=False)["count"].sum()
    rows = [per_area.assign(characteristic="night_work", group=group,
                            count=(per_area["count"] * share).round().astype(int),
                            source="a test table")
            for group, share in (("Yes", 0.2), ("No", 0.8))]
    return pd.concat([bench, *rows], ignore_index=True)[bench.columns]


def test_a_new_characteristic_reaches_the_tables_the_report_section_and_data_quality(
        monkeypatch):
    monkeypatch.setitem(REGISTRY, NIGHT_WORK.name, NIGHT_WORK)
    params = load_params(PROJECT_ROOT / "params" / "ci.yaml")
    years = quality.load_years(params)
    for year, data in years.items():
        data.tables["workforce"] = _with_night_work(data.tables["workforce"], year)
    bench = _benchmark_with_night_work(
        census.read_benchmark(PROJECT_ROOT / params["benchmark"]["file"]))
    data = {y: d.tables for y, d in years.items()}

    tables = rr.build_tables(rr.run(params, data, benchmark=bench))
    for name in ("representation_index", "representation_benchmark",
                 "representation_composition_grade_band", "representation_composition_grade",
                 "representation_composition_directorate", "representation_declaration"):
        assert "night_work" in set(tables[name]["characteristic"]), name
    yes = tables["representation_index"]
    yes = yes[(yes["characteristic"] == "night_work") & (yes["group"] == "Yes")]
    assert len(yes) and (yes["reference_group"].str.contains("Liverpool City Region")).all()

    html = "".join(block.html for _, blocks in rr.section(tables, params) for block in blocks
                   if isinstance(block, Block))
    assert "Night work: Yes" in html

    quality_table = quality.declaration_table(years, params)
    assert "Works nights" in set(quality_table["group"])
