"""eqlib.manifest: what the provenance record holds, and that its seal catches an edit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eqlib import manifest
from eqlib.config import load_params


@pytest.fixture(scope="module")
def params():
    return load_params("params/2026.yaml")


def _published(tmp_path: Path) -> Path:
    folder = tmp_path / "publish"
    (folder / "tables").mkdir(parents=True)
    (folder / "tables" / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (folder / "report.html").write_text("<p>report</p>", encoding="utf-8")
    return folder


def test_sha256_is_of_the_bytes(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"abc")
    assert manifest.sha256(path) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_the_manifest_lists_every_output_but_itself_and_every_input(params, tmp_path):
    folder = _published(tmp_path)
    built = manifest.build_manifest(params, "params/2026.yaml", folder)
    manifest.write_manifest(built, folder)
    again = manifest.build_manifest(params, "params/2026.yaml", folder)  # manifest.json present
    assert [o["file"] for o in again["outputs"]] == ["report.html", "tables/a.csv"]
    inputs = {i["path"] for i in built["inputs"]}
    for year in params.years:
        assert f"data/raw/synthetic/workforce_{year}.csv" in inputs
    assert params["benchmark"]["file"] in inputs and params["action_plan"] in inputs
    rows = {i["path"]: i.get("rows") for i in built["inputs"]}
    expected = len(Path("data/raw/synthetic/workforce_2026.csv").read_bytes().splitlines()) - 1
    assert rows["data/raw/synthetic/workforce_2026.csv"] == expected
    assert built["seeds"] == {"bootstrap": params["bootstrap"]["seed"],
                              "decomposition": params["decomposition"]["seed"]}
    assert built["params"]["values"] == dict(params)


def test_the_seal_holds_until_the_manifest_is_edited(params, tmp_path):
    folder = _published(tmp_path)
    path = manifest.write_manifest(manifest.build_manifest(params, "params/2026.yaml", folder),
                                   folder)
    written = manifest.read_manifest(folder)
    assert list(written)[-1] == "seal"
    assert manifest.seal_intact(written) is True
    written["outputs"][0]["sha256"] = "0" * 64
    path.write_text(json.dumps(written), encoding="utf-8")
    assert manifest.seal_intact(manifest.read_manifest(folder)) is False
    del written["seal"]
    assert manifest.seal_intact(written) is None


def test_the_rendering_record_names_the_libraries_that_change_pdf_bytes():
    libraries = manifest.rendering_libraries()
    assert set(libraries) == {"pango", "harfbuzz", "harfbuzz_subset", "fontconfig"}
    fonts = manifest.fonts()
    assert fonts and all(len(f["sha256"]) == 64 for f in fonts)
