"""Integration tests: a topic's whole analysis (run, tables, section) on the committed synthetic
organisation, with the ci parameters.

The data are read and validated once for the session (:func:`years`); a test must not change
them in place (take a copy, as ``test_topic_outcomes._small`` does with ``iloc``).
"""

from __future__ import annotations

import pytest

from eqlib import quality
from eqlib.config import Params, load_params
from eqlib.io import YearData


@pytest.fixture(scope="session")
def params() -> Params:
    """The ci parameters (params/ci.yaml): every analysis on, the shipped years."""
    return load_params("params/ci.yaml")


@pytest.fixture(scope="session")
def years(params: Params) -> dict[int, YearData]:
    """Every snapshot year of the synthetic organisation, read and validated once."""
    return quality.load_years(params)
