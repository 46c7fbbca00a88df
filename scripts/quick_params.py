"""Write params/ci_<year>.yaml: a year's own parameters with params/ci.yaml's resample counts.

The test suite and `make baseline` build the year before the ci year this way, so the ci year's
disclosure control has last year's publication in hand, as a user's reports/ would, at the ci
build's speed. Usage: python scripts/quick_params.py <project root> <year>; prints the file name.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml


def quick_params(root: Path, year: int, ci: Path | None = None) -> str:
    """Write ``params/ci_<year>.yaml`` in ``root`` and return its name (relative to ``root``)."""
    settings = yaml.safe_load((ci or root / "params" / "ci.yaml").read_text(encoding="utf-8"))
    text = (root / "params" / f"{year}.yaml").read_text(encoding="utf-8")
    text, n1 = re.subn(r"(bootstrap: \{n: )\d+", rf"\g<1>{settings['bootstrap']['n']}", text)
    text, n2 = re.subn(r"(decomposition: \{n: )\d+", rf"\g<1>{settings['decomposition']['n']}",
                       text)
    if (n1, n2) != (1, 1):
        raise SystemExit(f"params/{year}.yaml: the bootstrap or decomposition line was not found")
    name = f"params/ci_{year}.yaml"
    (root / name).write_text(text, encoding="utf-8")
    return name


if __name__ == "__main__":
    print(quick_params(Path(sys.argv[1]), int(sys.argv[2])))
