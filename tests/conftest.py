"""Shared test set-up: the project root on sys.path for the repository's scripts/."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# scripts/ is not a package; expose the notebook-parameter generator to the repository tests.
_spec = importlib.util.spec_from_file_location(
    "scripts_sync", ROOT / "scripts" / "sync_notebook_parameters.py"
)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
sys.modules["scripts_sync"] = _module
