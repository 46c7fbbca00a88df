"""eqlib.lp against scipy's linprog: the same smallest and largest value of every unknown."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import linprog

from eqlib.lp import variable_ranges


def _linprog_range(a, b, k, bounds):
    c = np.zeros(len(bounds))
    c[k] = 1.0
    lo = linprog(c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
    if lo.status == 2:
        return None
    hi = linprog(-c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
    return float(lo.fun), (math.inf if hi.status == 3 else float(-hi.fun))


@pytest.mark.parametrize("seed", range(40))
def test_ranges_equal_linprogs_on_random_count_tables(seed):
    # a table of counts with its row and column totals published and some cells withheld: the
    # shape disclosure control solves, with random sizes, values and upper bounds
    rng = np.random.default_rng(seed)
    rows, cols = rng.integers(2, 5), rng.integers(2, 5)
    cells = rng.integers(0, 12, size=(rows, cols)).astype(float)
    unknown = [(i, j) for i in range(rows) for j in range(cols) if rng.random() < 0.5]
    if not unknown:
        unknown = [(0, 0)]
    index = {cell: n for n, cell in enumerate(unknown)}
    # each published total (every row's, and sometimes every column's) is one equation: the
    # withheld cells of its line add up to the total less the published cells
    lines = [[(i, j) for j in range(cols)] for i in range(rows)]
    if seed % 3 == 0:
        lines += [[(i, j) for i in range(rows)] for j in range(cols)]
    a, b = [], []
    for line in lines:
        coef = np.zeros(len(unknown))
        for cell in line:
            if cell in index:
                coef[index[cell]] = 1.0
        if coef.any():
            a.append(coef)
            b.append(sum(cells[cell] for cell in line if cell in index))
    a_eq = np.vstack(a) if a else None
    b_eq = np.asarray(b) if a else None
    bounds = [(0.0, float(rng.integers(5, 30)) if rng.random() < 0.3 else None) for _ in unknown]
    ranges = variable_ranges(a_eq, b_eq, list(range(len(unknown))), bounds)
    for k in range(len(unknown)):
        expected = _linprog_range(a_eq, b_eq, k, bounds)
        got = ranges[k]
        if expected is None:
            assert not got.feasible
            continue
        assert got.feasible
        assert got.low == pytest.approx(expected[0], abs=1e-7)
        assert got.high == pytest.approx(expected[1], abs=1e-7) or got.high == expected[1]


def test_contradictory_constraints_are_reported_infeasible():
    r = variable_ranges(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([3.0, 4.0]), [0],
                        [(0, None), (0, None)])
    assert not r[0].feasible and math.isnan(r[0].low)


def test_the_solver_prints_nothing():
    import subprocess
    import sys

    # a fresh process: HiGHS prints its banner at the first solver of a process
    done = subprocess.run([sys.executable, "-c", (
        "import numpy as np; from eqlib.lp import variable_ranges; "
        "variable_ranges(np.array([[1.0, 1.0]]), np.array([3.0]), [0], [(0, None), (0, None)])")],
        capture_output=True, text=True, check=True)
    assert done.stdout == "" and done.stderr == ""
