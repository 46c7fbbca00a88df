"""The synthetic organisation's built-in pay effects are recovered by the pay gap report
(data/raw/synthetic/truth.json), and its statutory submission passes the GOV.UK checks."""

from __future__ import annotations

import json

import pytest

from eqlib import paygap, quality
from eqlib.config import PROJECT_ROOT, load_params
from eqlib.topics import paygap as report
from eqlib.topics.paygap import analysis as paygap_analysis
from eqlib.topics.paygap.tables import _statutory_tidy

TRUTH = PROJECT_ROOT / "data" / "raw" / "synthetic" / "truth.json"


@pytest.fixture(scope="module")
def params():
    return load_params("params/ci.yaml")


@pytest.fixture(scope="module")
def workforce(params):
    years = quality.load_years(params)
    return years[params["year"]].tables["workforce"]


@pytest.fixture(scope="module")
def adjusted(workforce, params):
    return report.adjusted_table(workforce, params)


def _pay_penalties():
    truth = json.loads(TRUTH.read_text())
    return [e for e in truth["effects"] if e["effect"] == "within_grade_pay_penalty"]


def test_truth_file_has_three_pay_penalties():
    groups = {(e["characteristic"], e["group"]) for e in _pay_penalties()}
    assert groups == {("ethnicity_binary", "Ethnic minority"), ("sex", "Female"),
                      ("disability", "Disabled")}


@pytest.mark.parametrize("effect", _pay_penalties(), ids=lambda e: e["group"])
def test_adjusted_gap_interval_contains_true_penalty(effect, adjusted):
    row = adjusted[(adjusted["characteristic"] == effect["characteristic"])
                   & (adjusted["group"] == effect["group"])].iloc[0]
    assert row["reference_group"] == effect.get("reference", row["reference_group"])
    assert row["ci_low"] <= effect["value"] <= row["ci_high"], (
        f"{effect['group']}: true {effect['value']} outside "
        f"[{row['ci_low']:.2f}, {row['ci_high']:.2f}]")


def test_submission_passes_checks_and_quarters_sum_to_100(workforce):
    submission = paygap.gpg_submission(paygap.gpg_figures(workforce))
    for name in ("Lower", "LowerMiddle", "UpperMiddle", "Top"):
        male, female = submission[f"Male{name}Quartile"], submission[f"Female{name}Quartile"]
        assert round(male * 10) + round(female * 10) == 1000  # exactly 100.0 at one decimal
    assert submission["DiffMeanBonusPercent"] is not None  # both sexes received bonuses


def test_no_bonus_for_one_sex_gives_blank_bonus_gaps(workforce, params, tmp_path, monkeypatch):
    no_men = workforce.copy()
    no_men.loc[no_men["sex"] == "Male", "bonus_pay_12m"] = 0.0
    submission = paygap.gpg_submission(paygap.gpg_figures(no_men))
    assert submission["DiffMeanBonusPercent"] is None
    assert submission["DiffMedianBonusPercent"] is None
    assert submission["MaleBonusPercent"] == 0.0
    monkeypatch.setattr(paygap_analysis, "unsuppressed_dir", lambda year: tmp_path)
    lines = report.write_submission(submission, params).read_text().splitlines()
    assert lines[1].split(",")[2:4] == ["", ""]
    # the published row: NaN, not suppressed, with a "not applicable" reason
    statutory = _statutory_tidy(report.statutory_figures(no_men))
    bonus = statutory[statutory["measure"].isin(["mean_bonus_gap_pct", "median_bonus_gap_pct"])]
    assert bonus["value"].isna().all() and not bonus["suppressed"].any()
    assert bonus["suppression_reason"].str.startswith("not applicable").all()
