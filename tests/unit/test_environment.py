"""pyproject.toml, requirements.lock and environment.yml agree, so the three cannot drift."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock line is not an exact pin: {line!r}"
            pins[canonical(name)] = version
    return pins


def pyproject_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(d) for d in project["dependencies"]]


def conda_pip_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = {}
    for item in pip_section:
        if item.startswith("-e"):
            continue
        name, _, version = item.partition("==")
        pins[canonical(name)] = version
    return pins


def test_every_direct_dependency_is_locked_within_its_range():
    pins = lock_pins()
    for req in pyproject_requirements():
        name = canonical(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not in requirements.lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {req.name}=={pins[name]}, outside pyproject's {req.specifier}"
        )


def test_environment_yml_pins_the_locked_versions():
    pins, conda = lock_pins(), conda_pip_pins()
    direct = {canonical(r.name) for r in pyproject_requirements()}
    assert set(conda) == direct, "environment.yml must list exactly pyproject's dependencies"
    for name, version in conda.items():
        assert pins[name] == version, (
            f"environment.yml pins {name}=={version}, lock has {pins[name]}"
        )


def test_statsmodels_is_new_enough_for_the_oaxaca_rules():
    # methodology §2.2: statsmodels >= 0.15 (seeded rng in OaxacaBlinder's bootstrap)
    major, minor = (int(x) for x in lock_pins()["statsmodels"].split(".")[:2])
    assert (major, minor) >= (0, 15)
