"""The equality action plan as data (eqlib.actions)."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
import yaml

from eqlib import actions
from eqlib.config import PROJECT_ROOT, load_params, validate_params
from eqlib.errors import ParamsError
from eqlib.tables import conform

SHIPPED = PROJECT_ROOT / "params" / "actions" / "2026.yaml"


def plan(**changes) -> dict:
    action = {
        "id": "A1", "title": "Halve the median gender pay gap", "objective": "employer",
        "owner": "Director of Corporate Services", "start": "2026-04-01", "due": "2028-03-31",
        "measure": {"table": "paygap_trend_gpg", "characteristic": "sex", "group": "Female",
                    "level": "{year}", "measure": "median_gap_pct", "label": "Median gap"},
        "target": {"value": 5.0, "date": "2030-03-31", "direction": "down"},
    }
    action.update(changes)
    return {"plan": "test", "actions": [action]}


def trend(values: dict[str, float], suppressed: tuple[str, ...] = ()) -> dict[str, pd.DataFrame]:
    rows = [{"table": "paygap_trend_gpg", "population": "fpre", "characteristic": "sex",
             "group": "Female", "level": level, "measure": "median_gap_pct", "n": 600,
             "n_reference": 450, "value": None if level in suppressed else v,
             "suppressed": level in suppressed} for level, v in values.items()]
    return {"paygap_trend_gpg": conform(pd.DataFrame(rows))}


def checked(raw: dict) -> list[dict]:
    return actions.validate_actions(raw, snapshot_date="2026-03-31", source="test.yaml")


# ------------------------------------------------------------------------------------------------
# Validation
# ------------------------------------------------------------------------------------------------
def test_the_shipped_plan_is_valid_and_spans_the_strategy_roles():
    loaded = actions.load_actions(SHIPPED, snapshot_date="2026-03-31")
    assert len(loaded) >= 4
    assert {a["objective"] for a in loaded} <= set(actions.OBJECTIVES)
    assert "civic leader" in {a["objective"] for a in loaded}
    assert load_params("params/2026.yaml")["action_plan"] == "params/actions/2026.yaml"


@pytest.mark.parametrize(("changes", "message"), [
    ({"owner": ""}, "action A1: owner is missing"),
    ({"owner": None}, "action A1: owner is missing"),
    ({"target": {"value": 5.0, "date": "2026-03-31", "direction": "down"}},
     "target date 2026-03-31 is not after the snapshot date 2026-03-31"),
    ({"target": {"value": 5.0, "date": "2025-12-31", "direction": "down"}},
     "a target must lie in the future"),
    ({"objective": "landlord"}, "objective 'landlord' is not one of employer, commissioner, civic"),
    ({"due": "2026-01-01"}, "due 2026-01-01 is before start 2026-04-01"),
    ({"start": "next year"}, "start 'next year' is not a date"),
    ({"target": {"value": "five", "date": "2030-03-31", "direction": "down"}},
     "target value 'five' is not a number"),
    ({"target": {"value": 5.0, "date": "2030-03-31", "direction": "lower"}},
     "direction 'lower' must be 'down'"),
    ({"measure": {"table": "paygap_trend_gpg"}}, "measure must give table, characteristic"),
    ({"owenr": "x"}, "unknown key 'owenr'. Did you mean 'owner'?"),
])
def test_invalid_actions_are_refused_with_a_readable_message(changes, message):
    with pytest.raises(ParamsError, match=message) as info:
        checked(plan(**changes))
    assert "test.yaml" in str(info.value)


def test_every_problem_is_listed_at_once():
    raw = plan(owner="", objective="landlord")
    raw["actions"].append(copy.deepcopy(raw["actions"][0]))
    with pytest.raises(ParamsError) as info:
        checked(raw)
    text = str(info.value)
    assert "owner is missing" in text and "objective 'landlord'" in text
    assert "the id is used by another action" in text


def test_unknown_measure_is_refused_when_the_tables_are_read():
    loaded = checked(plan())
    with pytest.raises(ParamsError, match="unknown measure: no published table 'paygap_trend_gpg'"):
        actions.action_plan_table(loaded, {}, year=2026, snapshot_date="2026-03-31")
    bad = checked(plan(measure={**plan()["actions"][0]["measure"], "group": "Women"}))
    with pytest.raises(ParamsError, match="unknown measure: no published row .* group 'Women'"):
        actions.action_plan_table(bad, trend({"2026": 9.0}), year=2026,
                                  snapshot_date="2026-03-31")


def test_params_with_a_bad_action_plan_are_refused_on_load(tmp_path):
    bad = tmp_path / "actions.yaml"
    bad.write_text(yaml.safe_dump(plan(owner="")))
    raw = dict(load_params("params/ci.yaml"))
    raw["action_plan"] = str(bad)
    with pytest.raises(ParamsError, match="action_plan .*owner is missing"):
        validate_params(raw)
    raw["action_plan"] = str(tmp_path / "missing.yaml")
    with pytest.raises(ParamsError, match="action plan file not found"):
        validate_params(raw)


# ------------------------------------------------------------------------------------------------
# Status
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("this", "last", "target", "direction", "years", "expected"), [
    (5.0, 6.0, 5.0, "down", 4, "achieved"),          # exactly at the target
    (4.0, 3.0, 5.0, "down", 4, "achieved"),          # beyond it, even if it rose
    (9.0, 10.0, 5.0, "down", 4, "on track"),         # -1 a year x 4 years = -4: reaches 5
    (9.0, 10.0, 5.0, "down", 3.9, "not yet"),        # 3.9 years: 5.1, short of 5
    (9.5, 10.0, 5.0, "down", 4, "not yet"),          # -0.5 a year: 7.5 by the target date
    (11.0, 10.0, 5.0, "down", 4, "not yet"),         # moving the wrong way
    (10.0, 10.0, 5.0, "down", 4, "not yet"),         # no change
    (0.8, 0.7, 1.0, "up", 2, "on track"),            # +0.1 a year x 2 = 1.0
    (0.8, 0.7, 1.0, "up", 1, "not yet"),
    (1.2, None, 1.0, "up", 1, "achieved"),           # no earlier value needed when achieved
    (0.8, None, 1.0, "up", 1, "not assessed"),       # no pace to judge
    (None, 0.7, 1.0, "up", 1, "not assessed"),       # this year's value withheld
])
def test_status_rule(this, last, target, direction, years, expected):
    assert actions.status(this, last, target=target, direction=direction,
                          years_left=years) == expected


def test_plan_table_reads_this_and_last_year_from_the_published_table():
    loaded = checked(plan())
    table = actions.action_plan_table(loaded, trend({"2025": 10.0, "2026": 9.0}), year=2026,
                                      snapshot_date="2026-03-31")
    r = table.iloc[0]
    assert (r["last_year"], r["this_year"], r["target"]) == (10.0, 9.0, 5.0)
    assert r["status"] == "on track"  # 4 years to 31 March 2030 at -1 a year


def test_a_withheld_value_is_not_assessed_and_not_shown():
    loaded = checked(plan())
    table = actions.action_plan_table(loaded, trend({"2025": 10.0, "2026": 9.0},
                                                    suppressed=("2026",)),
                                      year=2026, snapshot_date="2026-03-31")
    r = table.iloc[0]
    assert r["this_year"] is None and r["this_withheld"]
    assert r["status"] == "not assessed"


def test_the_first_year_of_a_trend_has_no_last_year():
    loaded = checked(plan())
    table = actions.action_plan_table(loaded, trend({"2026": 9.0}), year=2026,
                                      snapshot_date="2026-03-31")
    assert table.iloc[0]["last_year"] is None
    assert table.iloc[0]["status"] == "not assessed"
