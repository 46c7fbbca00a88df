"""Re-solve the environment and write requirements.lock and environment.yml (``make lock``).

The ranges in pyproject.toml say what the project accepts; this script installs them into a fresh
temporary virtual environment, records every installed distribution at its exact version in
``requirements.lock`` (what ``make`` installs into ``.venv``), and writes ``environment.yml`` with
the same exact versions for conda users. ``tests/unit/test_environment.py`` checks the three agree.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0] for d in project["dependencies"]]


def main() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip"]
        subprocess.run([*pip, "install", "--quiet", "setuptools>=75", *deps], check=True)
        frozen = subprocess.run(
            [*pip, "freeze", "--all", "--exclude-editable"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    pins = sorted(
        (line for line in frozen.splitlines() if "==" in line and not line.startswith("pip==")),
        key=str.lower,
    )
    header = (
        "# Exact versions of every package in .venv, solved from pyproject.toml by `make lock`\n"
        "# (scripts/lock.py). Edit pyproject.toml, then run `make lock`; never edit by hand.\n"
    )
    (ROOT / "requirements.lock").write_text(header + "\n".join(pins) + "\n")

    version = {canonical(p.split("==")[0]): p.split("==")[1] for p in pins}
    lines = [
        "# For conda users: conda env create -f environment.yml && conda activate eqstats",
        "# Same exact versions as requirements.lock (written by `make lock`; checked by the tests).",
        "name: eqstats",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={sys.version_info.major}.{sys.version_info.minor}",
        "  - pip",
        "  - pip:",
    ]
    for dep in direct_dependencies():
        lines.append(f"      - {dep}=={version[canonical(dep)]}")
    lines.append("      - -e .")
    (ROOT / "environment.yml").write_text("\n".join(lines) + "\n")
    print(f"wrote requirements.lock ({len(pins)} packages) and environment.yml")


if __name__ == "__main__":
    main()
