"""The smallest and largest value of each unknown of a linear system: the LP behind disclosure.

Disclosure control (:mod:`eqlib.disclosure`) and the attacker (:mod:`eqlib.attacker`) both ask,
for many withheld counts, "what is the smallest and largest value consistent with everything
published?" That is two linear programmes per count over the same constraints (A x = b, bounds
on x), differing only in the objective. Solving each with ``scipy.optimize.linprog`` rebuilt
and re-checked the whole model every time: in the 2026 build 11,000 calls, of which about three
quarters of the time was spent outside the solver. Here the model is handed to HiGHS (the solver
``linprog`` itself uses, through its own Python bindings ``highspy``) once per system, and only
the objective changes between solves, so HiGHS starts each solve from the previous basis.

The values are the LP optima, which are unique, so they equal ``linprog``'s to solver tolerance
(``tests/unit/test_lp.py`` checks this on random systems). HiGHS runs on one thread, so
reruns give identical results.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

__all__ = ["Range", "variable_ranges"]


@dataclass(frozen=True)
class Range:
    """The feasible range of one unknown.

    ``low`` and ``high`` are its smallest and largest values (``high`` is ``inf`` when nothing
    bounds it above); ``feasible`` is false when the constraints contradict each other (then
    both are ``nan``).
    """

    low: float
    high: float
    feasible: bool = True


def _quiet_highs() -> highspy.Highs:
    """A HiGHS solver, made without its banner.

    HiGHS writes a copyright banner to the process's standard output (the C file descriptor,
    not Python's ``sys.stdout``) when the first solver of a process is made, before any option
    can silence it; it would land in every ``make report`` log. The descriptor is pointed at
    /dev/null for the construction only.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


def _model(a_eq: np.ndarray | None, b_eq: np.ndarray | None,
           bounds: Sequence[tuple[float, float | None]]) -> highspy.Highs:
    h = _quiet_highs()
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    n = len(bounds)
    lower = np.array([lo for lo, _ in bounds], dtype=float)
    upper = np.array([inf if hi is None or math.isinf(hi) else hi for _, hi in bounds],
                     dtype=float)
    h.addVars(n, lower, upper)
    if a_eq is not None and len(a_eq):
        for row, b in zip(np.asarray(a_eq, dtype=float), np.asarray(b_eq, dtype=float),
                          strict=True):
            idx = np.flatnonzero(row).astype(np.int32)
            h.addRow(float(b), float(b), len(idx), idx, row[idx])
    return h


def variable_ranges(a_eq: np.ndarray | None, b_eq: np.ndarray | None, targets: Sequence[int],
                    bounds: Sequence[tuple[float, float | None]]) -> dict[int, Range]:
    """Smallest and largest value of each target unknown subject to ``a_eq @ x == b_eq`` and
    ``bounds`` (one ``(low, high)`` per unknown, ``high=None`` for no upper bound).

    Examples
    --------
    Two unknowns adding up to 7, the first at most 5:

    >>> r = variable_ranges(np.array([[1.0, 1.0]]), np.array([7.0]), [0, 1], [(0, 5), (0, None)])
    >>> (r[0].low, r[0].high), (r[1].low, r[1].high)
    ((0.0, 5.0), (2.0, 7.0))
    >>> variable_ranges(None, None, [0], [(1, None)])[0]
    Range(low=1.0, high=inf, feasible=True)
    """
    h = _model(a_eq, b_eq, bounds)
    n = len(bounds)
    columns = np.arange(n, dtype=np.int32)
    out: dict[int, Range] = {}
    status = highspy.HighsModelStatus
    for k in targets:
        cost = np.zeros(n)
        cost[k] = 1.0
        h.changeColsCost(n, columns, cost)
        h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        h.run()
        if h.getModelStatus() == status.kInfeasible:
            out[k] = Range(math.nan, math.nan, feasible=False)
            continue
        low = float(h.getInfo().objective_function_value)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.run()
        state = h.getModelStatus()
        if state in (status.kUnbounded, status.kUnboundedOrInfeasible):
            high = math.inf
        else:
            high = float(h.getInfo().objective_function_value)
        out[k] = Range(low, high)
    return out
