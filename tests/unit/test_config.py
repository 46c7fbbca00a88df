"""eqlib.config: parameters validated with messages an analyst can act on, and the paths and
names every report uses."""

from __future__ import annotations

import pytest

from eqlib import config
from eqlib.config import PARAM_NAMES, Params, load_params, params_from_namespace, validate_params
from eqlib.errors import ParamsError


@pytest.fixture(scope="module")
def raw() -> dict:
    return dict(load_params("params/ci.yaml"))


def test_every_key_problem_is_listed_at_once_with_the_closest_name(raw):
    bad = dict(raw)
    bad["confidense_level"] = bad.pop("confidence_level")
    del bad["grades"]
    with pytest.raises(ParamsError) as caught:
        validate_params(bad, source="params/x.yaml")
    text = str(caught.value)
    assert "3 problem(s) in the parameters file params/x.yaml" in text
    assert "unknown key 'confidense_level'. Did you mean 'confidence_level'?" in text
    assert "missing key 'confidence_level' (level of every confidence interval" in text
    assert "missing key 'grades'" in text


def test_once_the_keys_are_right_every_mistyped_value_is_listed_at_once(raw):
    bad = dict(raw, year="2026", confidence_level=95)
    with pytest.raises(ParamsError) as caught:
        validate_params(bad)
    text = str(caught.value)
    assert text.startswith("2 problem(s) in the parameters")
    assert "'year' must be a year such as 2026; got '2026'." in text
    assert "'confidence_level' must be" in text


def test_a_file_that_is_not_a_mapping_or_not_yaml_is_refused(tmp_path):
    listed = tmp_path / "list.yaml"
    listed.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="mapping of 'key: value' lines"):
        load_params(listed)
    broken = tmp_path / "broken.yaml"
    broken.write_text("year: [2026\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="not valid YAML"):
        load_params(broken)
    with pytest.raises(ParamsError, match="file not found"):
        load_params(tmp_path / "absent.yaml")


def test_validated_params_keep_the_documented_keys_in_order(raw):
    params = validate_params(raw)
    assert isinstance(params, Params)
    assert list(params) == list(PARAM_NAMES)


def test_the_notebook_parameters_cell_is_checked_like_a_file(raw):
    namespace = {**raw, "pd": object(), "_": None}  # a notebook's globals hold more than params
    assert params_from_namespace(namespace) == validate_params(raw)
    del namespace["grades"]
    with pytest.raises(ParamsError, match="the notebook's parameters cell"):
        params_from_namespace(namespace)


def test_derived_values(raw):
    params = validate_params(raw)
    assert params.years == sorted({*raw["previous_years"], raw["year"]})
    assert params.snapshot.isoformat() == raw["snapshot_date"]
    assert params.grade_band_of["SLT"] == "leadership"
    assert params.org == "synthetic"


@pytest.mark.parametrize(("data_dir", "org"), [
    ("data/raw/synthetic", "synthetic"),
    ("data/raw/Our Org (2026)", "Our_Org_2026"),
    ("data/raw/synthetic/../..", "data"),  # ".." is taken lexically
    ("/", "data"),  # no folder name left
    # Above the project: the name is whatever folder that is on this machine (it differs between
    # machines, so it is not asserted), but the processed data still lands in data/processed/.
    ("../..", None),
    ("../../..", None),
])
def test_the_processed_folder_name_cannot_leave_data_processed(raw, data_dir, org):
    params = validate_params(dict(raw, data_dir=data_dir))
    if org is not None:
        assert params.org == org
    assert params.org and "/" not in params.org and params.org.strip(".") == params.org
    assert config.processed_dir(params, 2026).parent.parent == config.PROJECT_ROOT / "data" / "processed"


def test_report_paths_and_names():
    assert config.report_name(2026, "pdf") == "equality_report_2026.pdf"
    assert config.submission_name(2026) == "gpg_submission_2026.csv"
    assert config.publish_dir(2026) == config.report_dir(2026) / "publish"
    assert config.unsuppressed_dir(2026).is_relative_to(config.report_dir(2026) / "internal")
