"""Statistical disclosure control (methodology §7): suppression, rounding, the log, the checker.

Every table written to ``publish/tables/`` is a tidy table (:mod:`eqlib.tables`) that has been
through :func:`protect` (or :func:`protect_tables` for tables that share a population), and every
published folder is verified by :func:`check_publish_folder` before the PDF is built.

Terms
-----
primary suppression
    Withholding a value because of what it shows by itself: a count ``0 < n < min_count``
    (``primary_count``); a share, rate or index whose numerator, or whose denominator minus
    numerator, is in ``1..min_count-1``, or whose denominator is under ``min_group_stat``
    (``primary_share``); a statistic of fewer than ``min_group_stat`` people, or a pay gap, pay
    sum or pay mean of fewer than ``min_group_pay`` (``primary_statistic``); a pay sum or mean
    whose two largest contributors make more than ``nk_k`` of the cell total (``dominance``).
    Zero counts are published unless ``zeros_disclosive``. Intervals follow their estimate.
secondary (complementary) suppression
    Withholding further figures so that no withheld value can be worked out from what is
    published (``secondary``). Counts: one linear system per population (:func:`_system`) holds
    the count rows and the counts other figures show (a rate's ``numerator`` and ``n``, a gap's
    ``n`` and ``n_reference``), related by ``group_parent`` and ``level_parent`` (each parent the
    sum of its children), trials = successes + failures, two-year windows = their two years,
    funnel transitions against stage counts, and one Total per population and level across
    characteristics. Non-linear links (:func:`_propagate`): a cell with anything withheld shows
    nothing else, comparisons with a withheld reference group are withheld, a diversity index
    only with all its level's counts published. Repeated to a fixed point.
protection
    A withheld count (or a rate's small "not selected" count) is protected when, given everything
    published, its value can lie anywhere in a range at least ``min_count`` wide. This is measured
    exactly by linear programming (HiGHS, :mod:`eqlib.lp`), by the suppression code and,
    independently, by the attacker.
published precision
    Every published value is rounded to the precision the report shows (:data:`PRECISION`).
rounding
    Optional: published counts rounded to the nearest multiple of ``round_to`` (halves up), and
    shares recomputed from the rounded counts so they cannot undo the rounding (methodology §7).
suppression log
    One row per withheld value: table, population, characteristic, group, level, measure, rule.
checker
    :func:`check_table` / :func:`check_tables` / :func:`check_publish_folder`: re-derives every
    cell rule from :class:`DisclosureRules` directly on the published values, then runs the
    attacker (:mod:`eqlib.attacker`) over all tables of each population. Neither shares code with
    the suppression functions (only the measure-kind registry of :mod:`eqlib.tables`), so a bug in
    one is caught by the other.

Across years: :func:`protect_tables` (``year``, ``previous``) reads the tables in the trend
tables' terms and protects them together with the previous year's publication, and
:func:`check_publish_folder` (``year``, ``previous``) attacks both publications together.

Means of overlapping groups: :func:`_protect_means` (and, independently,
:func:`eqlib.attacker.mean_findings`).

Known residual risk (written in the methodology and docs/assumptions_caveats.md): publications
older than last year's, differencing between tables of different populations, medians of
overlapping groups and means across characteristics that no intersection crosses.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eqlib.codes import NOT_DECLARED
from eqlib.errors import ParamsError, PublicationError
from eqlib.lp import variable_ranges
from eqlib.tables import (
    KIND_SCALE,
    SHARE_KINDS,
    TIDY_COLUMNS,
    TOTAL,
    conform,
    kinds_of,
    measure_kind,
    read_table,
)

#: The rules a value can be withheld by (the suppression log's ``rule`` column).
RULES: tuple[str, ...] = (
    "primary_count", "primary_share", "primary_statistic", "dominance", "secondary",
)
#: Columns of the suppression log.
LOG_COLUMNS: tuple[str, ...] = (
    "table", "population", "characteristic", "group", "level", "measure", "rule",
)
#: Columns of a collapse record (:func:`collapse_plan`).
COLLAPSE_COLUMNS: tuple[str, ...] = (
    "broader_group", "published_group", "members", "smallest_n", "threshold",
)


@dataclass(frozen=True)
class DisclosureRules:
    """Thresholds of disclosure control (params ``disclosure``; methodology §7).

    Attributes
    ----------
    min_count
        Counts ``0 < n < min_count`` are withheld (default 5).
    min_group_stat
        Statistics (mean, median, share denominators) of fewer people are withheld (default 10).
    min_group_pay
        Pay gaps, pay sums and means of fewer people are withheld (default 10).
    nk_k
        Dominance: withhold a pay sum or mean when its top 2 contributors exceed this fraction of
        the cell total (default 0.90).
    zeros_disclosive
        Withhold zero counts too (default false: zeros are published).
    round_to
        Round published counts to this base, or ``None`` (default) for no rounding.

    Examples
    --------
    >>> DisclosureRules.from_params({"disclosure": {"min_count": 5, "min_group_stat": 10,
    ...     "min_group_pay": 10, "nk_k": 0.9, "zeros_disclosive": False, "round_to": None}})
    DisclosureRules(min_count=5, min_group_stat=10, min_group_pay=10, nk_k=0.9, zeros_disclosive=False, round_to=None)
    """  # noqa: E501

    min_count: int = 5
    min_group_stat: int = 10
    min_group_pay: int = 10
    nk_k: float = 0.90
    zeros_disclosive: bool = False
    round_to: int | None = None

    def __post_init__(self) -> None:
        problems = []
        for name in ("min_count", "min_group_stat", "min_group_pay"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                problems.append(f"disclosure.{name} must be a whole number >= 1; got {v!r}.")
        if isinstance(self.nk_k, bool) or not isinstance(self.nk_k, int | float) or not (
            0 < self.nk_k <= 1
        ):
            problems.append(f"disclosure.nk_k must be a fraction in (0, 1]; got {self.nk_k!r}.")
        if not isinstance(self.zeros_disclosive, bool):
            problems.append(
                f"disclosure.zeros_disclosive must be true or false; got {self.zeros_disclosive!r}."
            )
        r = self.round_to
        if r is not None and (isinstance(r, bool) or not isinstance(r, int) or r < 1):
            problems.append(f"disclosure.round_to must be null or a whole number >= 1; got {r!r}.")
        if problems:
            raise ParamsError(problems)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> DisclosureRules:
        """Rules from a :class:`~eqlib.config.Params` mapping (or its ``disclosure`` entry)."""
        d = params.get("disclosure", params)
        fields = ("min_count", "min_group_stat", "min_group_pay", "nk_k", "zeros_disclosive",
                  "round_to")
        missing = [f for f in fields if f not in d]
        if missing:
            raise ParamsError([f"missing key 'disclosure.{f}'." for f in missing])
        return cls(**{f: d[f] for f in fields})


# ==================================================================================================
# Helpers shared by the suppression functions (NOT used by the checker further down).
# ==================================================================================================
def _label(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


def _cell(row: pd.Series) -> tuple[str, str, str, str]:
    return (_label(row["population"]), _label(row["characteristic"]), _label(row["group"]),
            _label(row["level"]))


def _small(x: float, rules: DisclosureRules) -> bool:
    """A count that may not be shown: 1..min_count-1 (and 0 when zeros are disclosive)."""
    if x is None or math.isnan(x):
        return False
    return 0 < x < rules.min_count or (x == 0 and rules.zeros_disclosive)


def _mark(out: pd.DataFrame, mask: pd.Series, rule: str) -> None:
    new = mask & ~out["suppressed"]
    out.loc[new, "suppressed"] = True
    out.loc[new, "suppression_reason"] = rule


def _blank(out: pd.DataFrame, kinds: pd.Series, rules: DisclosureRules,
           hidden_counts: set[tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Remove withheld values (and the counts that would reveal them) from marked rows."""
    # A withheld row shows nothing: not its value, interval or numerator, and not its n or
    # n_reference either. Those are often published elsewhere, but at a cell with a withheld count
    # (e.g. a rate whose numerator count is withheld, beside its published denominator count) the
    # independent checker cannot tell a harmless denominator from a revealing one, and a withheld
    # row has nothing to gain from showing them. (``rules`` and ``hidden_counts`` are kept in the
    # signature for the callers.)
    del rules, hidden_counts, kinds
    sup = out["suppressed"]
    out.loc[sup, ["value", "ci_low", "ci_high", "numerator", "n", "n_reference"]] = np.nan
    return out


def dominance(values: Sequence[float] | np.ndarray, *, nk_k: float) -> bool:
    """Whether a pay sum or mean is dominated: top 2 contributors > ``nk_k`` × cell total.

    ``(x_(1) + x_(2)) / sum(x) > nk_k`` with ``x_(1) >= x_(2)`` the two largest values (the
    (n = 2, k) dominance rule). A cell of one or two people is always dominated; an empty cell or
    one with a total of 0 or less is not (nothing to reveal).

    References
    ----------
    Hundepool et al. (2012), *Statistical Disclosure Control*, Wiley, §4.2.2 (n,k)-dominance.

    Examples
    --------
    >>> dominance([100, 90, 5, 5], nk_k=0.9), dominance([30, 30, 30, 30], nk_k=0.9)
    (True, False)
    """
    if not 0 < nk_k <= 1:
        raise ValueError(f"nk_k must be in (0, 1]; got {nk_k!r}")
    x = np.sort(np.asarray(values, dtype=float))[::-1]
    if x.size == 0:
        return False
    total = float(x.sum())
    if total <= 0:
        return False
    return bool(float(x[:2].sum()) > nk_k * total)


def dominated_cells(
    contributions: Mapping[Hashable, Sequence[float]], *, nk_k: float
) -> dict[Hashable, bool]:
    """:func:`dominance` of every cell of a mapping cell -> contributing values.

    Examples
    --------
    >>> dominated_cells({("F", "G1"): [50, 40, 5], ("M", "G1"): [10] * 10}, nk_k=0.9)
    {('F', 'G1'): True, ('M', 'G1'): False}
    """
    return {cell: dominance(v, nk_k=nk_k) for cell, v in contributions.items()}


def dominated_rows(
    table: pd.DataFrame,
    contributions: Mapping[tuple[str, str], Sequence[float]],
    *,
    nk_k: float,
    kinds: Mapping[str, str] | None = None,
) -> pd.Series:
    """Boolean mask of the ``pay`` rows of a tidy table whose cell is dominated.

    ``contributions`` maps ``(group, level)`` to the values summed or averaged in that cell (for
    a mean, each person's pay). Rows of other kinds and cells not in the mapping are False.
    """
    flags = {(str(g), str(lv)): dominance(v, nk_k=nk_k) for (g, lv), v in contributions.items()}
    kind = kinds_of(table, kinds=kinds)
    keys = list(zip(table["group"].map(_label), table["level"].map(_label), strict=True))
    return pd.Series([k == "pay" and flags.get(key, False) for k, key in zip(kind, keys,
                                                                             strict=True)],
                     index=table.index, dtype=bool)


def _primary_marks(
    table: pd.DataFrame, rules: DisclosureRules, kinds: pd.Series,
    dominated: pd.Series | None,
) -> pd.DataFrame:
    out = conform(table)
    out.index = table.index
    v, n, num, nref = out["value"], out["n"], out["numerator"], out["n_reference"]
    mc = rules.min_count

    def small(s: pd.Series) -> pd.Series:
        return (s > 0) & (s < mc) | ((s == 0) & rules.zeros_disclosive)

    count = (kinds == "count") & small(v)
    share_k = kinds.isin(SHARE_KINDS)
    missing = num.isna() | n.isna()
    share = share_k & (missing | small(num) | small(n - num) | (n < rules.min_group_stat))
    stat = (kinds == "statistic") & (n.isna() | (n < rules.min_group_stat))
    gap = (kinds == "gap") & (n.isna() | (n < rules.min_group_pay) | (nref < rules.min_group_pay))
    pay = (kinds == "pay") & (n.isna() | (n < rules.min_group_pay))
    _mark(out, count, "primary_count")
    _mark(out, share, "primary_share")
    _mark(out, stat | gap | pay, "primary_statistic")
    if dominated is not None:
        dom = dominated.reindex(out.index, fill_value=False).astype(bool) & (kinds == "pay")
        _mark(out, dom, "dominance")
    return out


def primary_suppression(
    table: pd.DataFrame,
    rules: DisclosureRules,
    *,
    dominated: pd.Series | None = None,
    kinds: Mapping[str, str] | None = None,
    blank: bool = True,
) -> pd.DataFrame:
    """Primary suppression of a tidy table (threshold, share, statistic and dominance rules).

    Parameters
    ----------
    table
        Tidy table (:data:`eqlib.tables.TIDY_COLUMNS`) with true values.
    rules
        :class:`DisclosureRules`.
    dominated
        Boolean mask aligned to ``table`` (e.g. :func:`dominated_rows`): pay rows to withhold by
        the dominance rule.
    kinds
        Extra measure -> kind entries.
    blank
        Remove withheld values (default). ``False`` only marks them (for chaining).

    Returns
    -------
    pandas.DataFrame
        The table with ``suppressed`` and ``suppression_reason`` set. Primary only: totals can
        still reveal a withheld count (use :func:`protect`).

    Notes
    -----
    A share, percent or index row without ``numerator`` and ``n`` cannot be checked and is
    withheld; a statistic without ``n`` likewise.

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> wide = pd.DataFrame({"group": ["Disabled", "Not disabled"], "count": [2, 998]})
    >>> t = tidy(wide, table="t", population="p", characteristic="disability",
    ...          measures=["count"])
    >>> primary_suppression(t, DisclosureRules())["value"].tolist()
    [nan, 998.0]
    """
    k = kinds_of(table, kinds=kinds)
    out = _primary_marks(table, rules, k, dominated)
    return _blank(out, k, rules) if blank else out


# --------------------------------------------------------------------------------------------------
# Secondary suppression
# --------------------------------------------------------------------------------------------------
_Key = tuple[str, str, str, str, str]  # population, characteristic, group, level, measure

#: A level holding two years together: "2024-2025 (two years)" is the sum of 2024 and 2025.
_WINDOW = re.compile(r"^(\d{4})-(\d{4}) \(two years\)$")
#: A single year's level: "2025", "2023 (year-end headcount)".
_YEAR = re.compile(r"^(\d{4})(?: \(.*\))?$")
#: A funnel transition: the rate "applied -> shortlisted" has trials = applicants at "applied"
#: less those withdrawn there, and successes = applicants at "shortlisted".
_TRANSITION = re.compile(r"^((?:\d{4}: )?)(.+?) -> (.+)$")  # a "2026: " prefix is on both
#: Virtual counts behind a rate that no count row shows (measure names in the linear system).
_SUCCESSES, _TRIALS, _FAILURES = "successes", "trials", "failures"


@dataclass
class _System:
    """Everything the suppression side knows about the counts behind the published figures.

    ``value``: true value of every count (a count row, or a count that a rate's ``numerator`` /
    ``n``, or a gap's ``n`` / ``n_reference`` shows). ``equations``: additive relations, the first
    member the sum of the others; only relations that hold with the true values are kept.
    ``carriers``: the rows that show each count (withholding a count withholds all of them).
    ``real``: counts of count rows (protected when withheld). ``complements``: the "not
    selected" count of each rate (trials - successes), shown by no row but protected when small.
    ``windows``: the two-year windows, each with its two years.
    """

    keys: list[_Key]
    value: dict[_Key, float]
    equations: list[list[_Key]]
    parent_rank: dict[_Key, int]
    carriers: dict[_Key, list[Hashable]]
    real: set[_Key]
    complements: set[_Key]
    windows: list[list[_Key]]
    equations_of: dict[_Key, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, eq in enumerate(self.equations):
            for k in eq:
                self.equations_of.setdefault(k, []).append(i)

    def knock_on(self, k: _Key, unknown: set[_Key]) -> int:
        """How many relations would pin ``k`` if it were withheld now: those holding it whose
        every other member is known. Each of them needs one more withheld cell, so withholding a
        cell with none keeps the protection local (a rate's trials, not a stage's applicants that
        every later stage, total and characteristic shares)."""
        return sum(1 for i in self.equations_of.get(k, ())
                   if all(m == k or m not in unknown for m in self.equations[i]))


def _count_key(row: pd.Series) -> _Key:
    return (*_cell(row), _label(row["measure"]))


def _system(table: pd.DataFrame, kinds: pd.Series) -> _System:
    """The counts of a set of tables of one or more populations and how they relate.

    Relations: ``group_parent`` and ``level_parent`` of count rows; a rate's trials = successes +
    failures; a two-year window = the sum of its two years; a funnel transition's trials and
    successes against the stage counts; the Total of every characteristic of one population at
    one level is one number (the same people).
    """
    value: dict[_Key, float] = {}
    carriers: dict[_Key, list[Hashable]] = {}
    real: set[_Key] = set()
    gparent: dict[_Key, str] = {}
    lparent: dict[_Key, str] = {}
    cols = ["population", "characteristic", "group", "level", "measure", "value", "n",
            "numerator", "n_reference", "group_parent", "level_parent", "reference_group"]
    records = list(zip(table.index, table[cols].to_dict("records"), kinds.to_numpy(),
                       strict=True))

    def cell_of(r: dict) -> tuple[str, str, str, str]:
        return (_label(r["population"]), _label(r["characteristic"]), _label(r["group"]),
                _label(r["level"]))

    for i, r, kind in records:
        if kind != "count":
            continue
        key = (*cell_of(r), _label(r["measure"]))
        v = float(r["value"])
        if key in value and not math.isnan(value[key]) and not math.isnan(v) and value[key] != v:
            raise ValueError(
                f"the same count {key} has two values ({value[key]:g} and {v:g}) in tables "
                "of one population; give the tables different populations or fix the values."
            )
        if key not in value or not math.isnan(v):  # a withheld earlier figure knows no value
            value[key] = v
        carriers.setdefault(key, []).append(i)
        real.add(key)
        if _label(r["group_parent"]):
            gparent[key] = _label(r["group_parent"])
        if _label(r["level_parent"]):
            lparent[key] = _label(r["level_parent"])

    def put(key: _Key, v: float, row: Hashable | None) -> bool:
        if v is None or math.isnan(v):
            return False
        if key in value and value[key] != v:
            return False  # a different quantity under the same name: not linked
        value[key] = v
        if row is not None:
            carriers.setdefault(key, []).append(row)
        return True

    equations: list[list[_Key]] = []
    complements: set[_Key] = set()
    for i, r, kind in records:
        cell = cell_of(r)
        if kind in SHARE_KINDS:
            num, n = float(r["numerator"]), float(r["n"])
            if math.isnan(num) or math.isnan(n):
                continue
            # a rate over trials (count rows of trials or successes at the cell, or no group
            # total): successes and trials; a share of a group total: the group's count over
            # its group_parent's count (read the same way by the attacker)
            gp = _label(r["group_parent"])
            if (*cell, _TRIALS) in real or (*cell, _SUCCESSES) in real or not gp:
                s_key, t_key = (*cell, _SUCCESSES), (*cell, _TRIALS)
            else:
                s_key, t_key = (*cell, "count"), (cell[0], cell[1], gp, cell[3], "count")
            put(s_key, num, i)
            put(t_key, n, i)
            # the "not selected" count of a rate over trials; a share of a group total needs
            # none (its complement is the sum of the sibling groups, already in the relations)
            f_key = (*cell, _FAILURES)
            if t_key[4] == _TRIALS and f_key not in complements and put(f_key, n - num, None):
                complements.add(f_key)
                equations.append([t_key, s_key, f_key])
        elif kind == "gap":
            put((*cell, "count"), float(r["n"]), i)
            ref = _label(r["reference_group"])
            if ref:
                put((cell[0], cell[1], ref, cell[3], "count"), float(r["n_reference"]), i)

    def holds(eq: list[_Key]) -> bool:
        if any(k not in value or math.isnan(value[k]) for k in eq):
            return False
        return abs(value[eq[0]] - sum(value[k] for k in eq[1:])) < 1e-6

    children: dict[_Key, list[_Key]] = {}
    for key, gp in gparent.items():
        p, c, _g, lv, m = key
        children.setdefault((p, c, gp, lv, m), []).append(key)
    lchildren: dict[_Key, list[_Key]] = {}
    for key, lp in lparent.items():
        p, c, g, _lv, m = key
        lchildren.setdefault((p, c, g, lp, m), []).append(key)
    for family in (children, lchildren):
        for parent, ch in sorted(family.items()):
            if parent in value:
                equations.append([parent, *sorted(ch)])
    # two-year windows and single years
    windows: list[list[_Key]] = []
    years: dict[tuple[str, str, str, str], dict[str, _Key]] = {}
    for key in value:
        m = _YEAR.match(key[3])
        if m:
            years.setdefault((key[0], key[1], key[2], key[4]), {})[m.group(1)] = key
    for key in sorted(value):
        m = _WINDOW.match(key[3])
        if m:
            one = years.get((key[0], key[1], key[2], key[4]), {})
            if m.group(1) in one and m.group(2) in one:
                equations.append([key, one[m.group(1)], one[m.group(2)]])
                windows.append([key, one[m.group(1)], one[m.group(2)]])
    # funnel transitions
    for key in sorted(value):
        m = _TRANSITION.match(key[3])
        if not m:
            continue
        p, c, g = key[:3]
        first, second = m.group(1) + m.group(2), m.group(1) + m.group(3)
        if key[4] == _TRIALS:
            equations.append([(p, c, g, first, "applicants"), key,
                              (p, c, g, first, "withdrawn")])
        elif key[4] == _SUCCESSES:
            equations.append([key, (p, c, g, second, "applicants")])
    # one population, one level: every characteristic's Total counts the same people, and so
    # does a group of one name under two codings of one question ("White British" in
    # ethnicity_broad and ethnicity_binary)
    totals: dict[tuple, list[_Key]] = {}
    for key in sorted(value):
        if (key in real or key[4] == "count") and not math.isnan(value[key]):
            family = "" if key[2] == TOTAL else _family(key[1])
            totals.setdefault((key[0], family, key[2], key[3], key[4], value[key]),
                              []).append(key)
    for same in totals.values():
        equations.extend([same[0], other] for other in same[1:])
    equations = [eq for eq in equations if holds(eq)]
    rank = {k: 0 for k in value}
    for eq in equations:
        rank[eq[0]] += 1
    keys = sorted(k for k in value if not math.isnan(value[k]))
    windows = [w for w in windows if holds(w)]
    return _System(keys, value, equations, rank, carriers, real, complements, windows)


def _family(characteristic: str) -> str:
    """The question a characteristic codes: ``ethnicity_broad`` and ``ethnicity_binary`` are both
    ``ethnicity`` (their groups of one name are the same people)."""
    return characteristic.split("_")[0].split(" ")[0]


def _choose(candidates: Iterable[_Key], system: _System, needed: float,
            unknown: set[_Key] | frozenset[_Key] = frozenset()) -> _Key | None:
    """Complementary cell: fewest knock-on withholdings (:meth:`_System.knock_on`; the current
    relation, with its one unknown, is not counted), leaves before totals, enough value, then
    smallest, then label."""
    cands = [k for k in candidates if not math.isnan(system.value[k])]
    if not cands:
        return None
    return min(cands, key=lambda k: _order(k, system, needed, unknown))


def _order(k: _Key, system: _System, needed: float, unknown: set[_Key] | frozenset[_Key]) -> tuple:
    v = system.value[k]
    return (v <= 0, system.knock_on(k, unknown), system.parent_rank[k], k not in system.real,
            v < needed, v, k)


def _components(system: _System, unknown: Sequence[_Key]) -> dict[_Key, _Key]:
    """Connected components of the unknown counts: two are connected when an additive relation
    holds both. An unknown count's feasible range depends only on its own component."""
    root = {k: k for k in unknown}

    def find(k: _Key) -> _Key:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    for eq in system.equations:
        members = [k for k in eq if k in root]
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                root[max(a, b)] = min(a, b)
    return {k: find(k) for k in unknown}


def _ranges(system: _System, supp: set[_Key], free: set[_Key],
            targets: Iterable[_Key] | None = None,
            cache: dict[frozenset, dict[_Key, float]] | None = None) -> dict[_Key, float]:
    """Width of the feasible range of withheld counts (LP over the additive structure).

    ``supp`` are the withheld counts to protect, ``free`` counts that no published figure shows
    but that need no protection of their own (unknowns of the LP all the same). Every count in
    ``supp``, or only those in ``targets``. Each count's two linear programmes use only the
    relations of its connected component (:func:`_components`). ``cache`` (component members ->
    widths) saves re-solving components that have not changed.
    """
    cache = {} if cache is None else cache
    unknown = sorted(supp | free)
    if not supp:
        return {}
    component = _components(system, unknown)
    wanted = sorted(supp) if targets is None else sorted(targets)
    by_component: dict[_Key, list[_Key]] = {}
    for k in wanted:
        by_component.setdefault(component[k], []).append(k)
    members_of: dict[_Key, list[_Key]] = {}
    for k in unknown:
        members_of.setdefault(component[k], []).append(k)
    equations_of: dict[_Key, list[list[_Key]]] = {}
    for eq in system.equations:
        inside = [k for k in eq if k in component]
        if inside:
            equations_of.setdefault(component[inside[0]], []).append(eq)
    widths: dict[_Key, float] = {}
    for comp, targets_here in by_component.items():
        members = members_of[comp]
        known = cache.setdefault(frozenset(members), {})
        if all(k in known for k in targets_here):
            widths.update({k: known[k] for k in targets_here})
            continue
        if len(members) == 1:  # a lone unknown: pinned by any relation that holds it
            widths[members[0]] = known[members[0]] = (
                0.0 if equations_of.get(comp) else math.inf)
            continue
        index = {k: i for i, k in enumerate(members)}
        rows, rhs = [], []
        for eq in equations_of.get(comp, []):
            coef = np.zeros(len(members))
            const = 0.0
            for j, k in enumerate(eq):
                sign = 1.0 if j == 0 else -1.0
                if k in index:
                    coef[index[k]] += sign
                else:
                    const += sign * system.value[k]
            if coef.any():
                rows.append(coef)
                rhs.append(-const)
        a_eq = np.vstack(rows) if rows else None
        b_eq = np.asarray(rhs) if rows else None
        todo = [k for k in targets_here if k not in known]
        found = variable_ranges(a_eq, b_eq, [index[k] for k in todo],
                                [(0.0, None)] * len(members))
        for k in targets_here:
            if k in known:
                widths[k] = known[k]
                continue
            r = found[index[k]]
            if not r.feasible:  # cannot happen with true values; treat as unprotected
                widths[k] = 0.0
            else:
                widths[k] = r.high - r.low  # inf when nothing bounds it above
            known[k] = widths[k]
    return widths


def _secondary_keys(system: _System, supp: set[_Key], free: set[_Key], rules: DisclosureRules,
                    cache: dict[frozenset, dict[_Key, float]] | None = None,
                    fixed: frozenset[_Key] = frozenset()) -> set[_Key]:
    """Published counts to withhold so that every count in ``supp`` is protected. ``fixed``
    counts are published already (in the previous year's publication) and cannot be withheld."""
    supp = set(supp)
    added: set[_Key] = set()
    cache = {} if cache is None else cache
    for _ in range(len(system.keys) + 1):
        # 1. greedy to a fixed point: no additive relation whose only unknown is a withheld count
        changed = True
        while changed:
            changed = False
            # overlapping two-year windows chain the years together (2024 = (2023-2024) - 2023,
            # 2025 = (2024-2025) - 2024, ...): a withheld year withholds its windows
            for window, *years in system.windows:
                if window not in supp and window not in free and any(y in supp for y in years):
                    supp.add(window)
                    added.add(window)
                    changed = True
            for eq in system.equations:
                unknown = [k for k in eq if k in supp or k in free]
                if len(unknown) != 1 or unknown[0] not in supp:
                    continue
                needed = rules.min_count - system.value[unknown[0]]
                pick = _choose([k for k in eq if k not in supp and k not in free
                                and k not in fixed], system, needed, supp | free)
                if pick is not None:
                    supp.add(pick)
                    added.add(pick)
                    changed = True
        # 2. exact protection: every withheld count's feasible range at least min_count wide;
        # one more withheld cell for every weak count in each round
        widths = _ranges(system, supp, free, cache=cache)
        weak = sorted(k for k, w in widths.items() if w < rules.min_count - 1e-9)
        if not weak:
            break
        picks = {_widening_cell(system, supp, free, k, widths[k], rules, cache, fixed)
                 for k in weak}
        picks.discard(None)
        if not picks:
            break
        supp.update(picks)
        added.update(picks)
    return added


def _widening_cell(system: _System, supp: set[_Key], free: set[_Key], weak: _Key, width: float,
                   rules: DisclosureRules,
                   cache: dict[frozenset, dict[_Key, float]] | None = None,
                   fixed: frozenset[_Key] = frozenset()) -> _Key | None:
    """Another count to withhold so that ``weak`` gets a wider feasible range.

    Candidates are the published members of the relations around ``weak``, then (when those are
    all unknown already) of the relations one step further out, and so on. In the order of
    :func:`_choose`, the first candidate that widens the range is taken; failing that, the first.
    """
    reach = {weak}
    while True:
        eqs = [eq for eq in system.equations if reach & set(eq)]
        pool = sorted({m for eq in eqs for m in eq if m not in supp and m not in free
                       and m not in fixed and not math.isnan(system.value[m])})
        if pool:
            break
        wider = {m for eq in eqs for m in eq} | reach
        if wider == reach:
            return None
        reach = wider

    unknown = supp | free
    ranked = sorted(pool, key=lambda k: _order(k, system, rules.min_count, unknown))
    for cand in ranked[:3]:  # the first of the three best-placed cells that widens the range
        if _ranges(system, supp | {cand}, free, [weak], cache=cache)[weak] > width + 1e-9:
            return cand
    return ranked[0]


#: Measures that compare a group with its reference group: withheld with the reference. A
#: model's events per parameter is one: the events are the rarer outcome's count over both groups,
#: so beside the group's published successes it gives the reference's (programme evaluation).
COMPARISON_KINDS: tuple[str, ...] = ("gap",)
COMPARISON_MEASURES: frozenset[str] = frozenset({
    "relative_likelihood", "impact_ratio", "odds_ratio", "progression_ratio", "fisher_p",
    "fisher_p_holm", "p_value", "diff_pp", "events_per_parameter",
})
#: Measures that summarise a whole level (a diversity index): withheld unless every group count
#: they are computed from is published.
LEVEL_SUMMARY_MEASURES: frozenset[str] = frozenset({"diversity_index", "distinct_groups"})


def _propagate(out: pd.DataFrame, kinds: pd.Series, system: _System) -> None:
    """Withhold every non-count figure that would give a withheld count or share away.

    * a cell (population, characteristic, group, level) with any withheld figure shows no other
      figure: its rates, ratios, intervals, p-values and ``n`` fields go with it (an exact-test
      p-value or interval bound pins the count as surely as the rate does);
    * a share over a withheld denominator total is withheld;
    * a comparison (ratio, odds ratio, p-value, difference, gap) is withheld when anything of its
      reference group's cell is withheld: group rate / ratio = the reference's rate;
    * a diversity index (and its number of groups) is withheld unless the declared groups' counts
      at its level are all published and add up to its ``n``.
    """
    sup = out["suppressed"].to_numpy()
    pop = out["population"].map(_label).to_numpy()
    ch = out["characteristic"].map(_label).to_numpy()
    grp = out["group"].map(_label).to_numpy()
    lvl = out["level"].map(_label).to_numpy()
    meas = out["measure"].map(_label).to_numpy()
    ref = out["reference_group"].map(_label).to_numpy()
    gpar = out["group_parent"].map(_label).to_numpy()
    kind = kinds.to_numpy()
    cells = list(zip(pop, ch, grp, lvl, strict=True))
    # a cell is hidden by its own figures (counts, rates, statistics), not by a comparison
    # withheld because of its reference group; a comparison withheld for its own small counts
    # (a difference-in-differences odds ratio: its p-value is a function of the same counts)
    # hides its cell too
    reason = out["suppression_reason"].map(_label).to_numpy()
    own = [(k not in ("external", *COMPARISON_KINDS) and m not in COMPARISON_MEASURES)
           or r.startswith("primary") for k, m, r in zip(kind, meas, reason, strict=True)]
    hidden = {c for c, s, o in zip(cells, sup, own, strict=True) if s and o}
    hidden |= {k[:4] for k in system.real if not any(
        not out.at[i, "suppressed"] for i in system.carriers.get(k, []))}
    new = np.zeros(len(out), dtype=bool)
    for j, c in enumerate(cells):
        if sup[j] or kind[j] in ("count", "external"):
            continue
        if c in hidden:
            new[j] = True
        elif kind[j] in SHARE_KINDS and gpar[j] and (c[0], c[1], gpar[j], c[3]) in hidden:
            new[j] = True
        elif (ref[j] and ref[j] != grp[j]
              and (kind[j] in COMPARISON_KINDS or meas[j] in COMPARISON_MEASURES)
              and (c[0], c[1], ref[j], c[3]) in hidden):
            new[j] = True
    # diversity indices: the declared groups' counts at the level, all published, sum to n
    declared: dict[tuple[str, str, str], list[_Key]] = {}
    for k in system.real:
        if k[4] == "count" and k[2] not in (TOTAL, "Declared", *NOT_DECLARED):
            declared.setdefault((k[0], k[1], k[3]), []).append(k)
    nn = out["n"].to_numpy(dtype=float)
    for j in range(len(out)):
        if sup[j] or new[j] or meas[j] not in LEVEL_SUMMARY_MEASURES:
            continue
        parts = declared.get((pop[j], ch[j], lvl[j]), [])
        shown = all(any(not out.at[i, "suppressed"] for i in system.carriers[k]) for k in parts)
        total = sum(system.value[k] for k in parts)
        if not parts or not shown or abs(total - nn[j]) > 1e-9:
            new[j] = True
    _mark(out, pd.Series(new, index=out.index), "secondary")


def _withhold_keys(out: pd.DataFrame, system: _System, keys: Iterable[_Key]) -> None:
    rows = {i for k in keys for i in system.carriers.get(k, [])}
    _mark(out, pd.Series(out.index.isin(list(rows)), index=out.index), "secondary")


def secondary_suppression(
    table: pd.DataFrame,
    rules: DisclosureRules,
    *,
    kinds: Mapping[str, str] | None = None,
    blank: bool = True,
    frozen: pd.Series | None = None,
) -> pd.DataFrame:
    """Complementary suppression after primary suppression (marked, not blanked, values).

    Parameters
    ----------
    table
        Tidy rows after ``primary_suppression(..., blank=False)``: the true values are still
        there, withheld rows are marked. May hold several tables of one population, which are then
        protected together (a cell withheld in one is withheld in all).
    rules
        :class:`DisclosureRules`.
    kinds
        Extra measure -> kind entries.
    blank
        Remove withheld values at the end (default).
    frozen
        Boolean mask of rows published already (the previous year's publication, in this
        year's terms): they keep their ``suppressed`` flag, the counts they show are known and
        never chosen to withhold, and the counts and cells they withhold are withheld here too.

    Returns
    -------
    pandas.DataFrame
        Same rows, more of them withheld with reason ``secondary``.

    Notes
    -----
    Counts (:func:`_system`: count rows, and the counts that rates, ratios and gaps show in their
    ``numerator`` / ``n`` / ``n_reference`` fields): every additive relation with one withheld
    member and no other unknown gets another withheld member, chosen deterministically: a cell
    that is not a total before a total, one large enough to give ``min_count`` of cover before a
    smaller one, then the smallest value, then the label (never a zero unless nothing else is
    left). Repeated to a fixed point across all dimensions; then the feasible range of every
    withheld count is computed exactly by linear programming, and while one is narrower than
    ``min_count`` the smallest cell sharing a relation with it is withheld too. A rate whose
    "not selected" count (trials - successes) is small counts as a withheld count. Withholding a
    count withholds every row that shows it.

    Then the non-linear links of :func:`_propagate` (cell, reference group, diversity index),
    and the whole is repeated until nothing more is withheld. Input row order does not matter.

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> wide = pd.DataFrame({"group": ["A", "B", "C", "Total"], "count": [3, 40, 50, 93]})
    >>> t = tidy(wide, table="t", population="p", characteristic="x", measures=["count"],
    ...          group_parent={"A": "Total", "B": "Total", "C": "Total"})
    >>> rules = DisclosureRules()
    >>> out = secondary_suppression(primary_suppression(t, rules, blank=False), rules)
    >>> out["suppression_reason"].tolist()
    ['primary_count', 'secondary', None, None]
    """
    k = kinds_of(table, kinds=kinds)
    out = conform(table)
    out.index = table.index
    if not len(out):
        return _blank(out, k, rules) if blank else out
    system = _system(out, k)
    cache: dict[frozenset, dict[_Key, float]] = {}
    fixed: frozenset[_Key] = frozenset()
    if frozen is not None:
        frozen = frozen.reindex(out.index, fill_value=False).astype(bool)
        was = out.loc[frozen, ["suppressed", "suppression_reason"]].copy()
        rows_of = {i for i in out.index[frozen]}
        fixed = frozenset(key for key in system.keys if any(
            i in rows_of and not out.at[i, "suppressed"] for i in system.carriers.get(key, [])))
        # what the earlier publication withheld stays withheld: its counts in every table
        _withhold_keys(out, system, [key for key in system.real if key not in fixed and any(
            i in rows_of and out.at[i, "suppressed"] for i in system.carriers.get(key, []))])

    def keep_frozen() -> None:
        if frozen is not None:
            out.loc[frozen, ["suppressed", "suppression_reason"]] = was

    for _ in range(len(out) + 1):
        keep_frozen()
        before = int(out["suppressed"].sum())
        shown = {key for key in system.keys
                 if any(not out.at[i, "suppressed"] for i in system.carriers.get(key, []))}
        supp = {key for key in system.keys if key in system.real and key not in shown}
        supp |= {key for key in system.complements
                 if _small(system.value[key], rules) and key not in shown}
        free = set(system.keys) - shown - supp
        _withhold_keys(out, system, _secondary_keys(system, supp, free, rules, cache, fixed))
        _propagate(out, k, system)
        keep_frozen()
        if int(out["suppressed"].sum()) == before:
            break
    return _blank(out, k, rules) if blank else out


# --------------------------------------------------------------------------------------------------
# Rounding, the whole pipeline, the log
# --------------------------------------------------------------------------------------------------
def round_to_base(x: float, base: int) -> float:
    """Nearest multiple of ``base`` (halves rounded up); NaN stays NaN.

    Examples
    --------
    >>> round_to_base(12, 5), round_to_base(13, 5), round_to_base(15, 10), round_to_base(0, 5)
    (10.0, 15.0, 20.0, 0.0)
    """
    if x is None or math.isnan(x):
        return math.nan
    return float(base * math.floor(x / base + 0.5))


def rounded(
    table: pd.DataFrame,
    rules: DisclosureRules,
    *,
    kinds: Mapping[str, str] | None = None,
    interval: Callable[[int, int], tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Round published counts to ``rules.round_to`` and recompute shares from the rounded counts.

    Counts (``value`` and ``n`` of count rows), and ``n``, ``numerator`` and ``n_reference`` of
    every row, are rounded to the base. Share and percent values become rounded numerator /
    rounded denominator (× 100 for percent); index values are scaled by the same ratio. Intervals
    of shares are recomputed with ``interval(numerator, n)`` (a fraction interval such as
    :func:`eqlib.intervals.wilson_interval`) when given, otherwise scaled with the value.
    Statistics and pay are unchanged. No-op when ``rules.round_to`` is ``None``.

    Notes
    -----
    Methodology §7: percentages are computed from the rounded counts, so they cannot be used to
    undo the rounding (issue 7 said "unrounded"; the methodology governs).

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> w = pd.DataFrame({"group": ["A"], "percent": [100 * 12 / 33], "num": [12], "n": [33]})
    >>> t = tidy(w, table="t", population="p", characteristic="x", measures=["percent"],
    ...          numerator={"percent": "num"})
    >>> rounded(t, DisclosureRules(round_to=5))[["numerator", "n", "value"]].iloc[0].tolist()
    [10.0, 35.0, 28.57142857142857]
    """
    out = conform(table)
    out.index = table.index
    base = rules.round_to
    if base is None:
        return out
    k = kinds_of(out, kinds=kinds)
    for i in out.index:
        row = out.loc[i]
        kind = k[i]
        if kind == "external":
            continue
        num, n = row["numerator"], row["n"]
        rnum, rn = round_to_base(num, base), round_to_base(n, base)
        out.loc[i, "n"] = rn
        out.loc[i, "numerator"] = rnum
        out.loc[i, "n_reference"] = round_to_base(row["n_reference"], base)
        if row["suppressed"]:
            continue
        if kind == "count":
            out.loc[i, "value"] = round_to_base(row["value"], base)
            out.loc[i, "n"] = out.loc[i, "value"]
        elif kind in SHARE_KINDS and not (math.isnan(rnum) or math.isnan(rn)):
            old = row["value"]
            if kind in KIND_SCALE:
                new = rnum / rn * KIND_SCALE[kind] if rn > 0 else math.nan
            else:
                new = old * (rnum / rn) / (num / n) if num > 0 and n > 0 and rn > 0 else old
            out.loc[i, "value"] = new
            if kind in KIND_SCALE and interval is not None and rn > 0:
                lo, hi = interval(int(rnum), int(rn))
                out.loc[i, ["ci_low", "ci_high"]] = [lo * KIND_SCALE[kind], hi * KIND_SCALE[kind]]
            elif old and not math.isnan(old) and not math.isnan(new):
                out.loc[i, ["ci_low", "ci_high"]] = [row["ci_low"] * new / old,
                                                     row["ci_high"] * new / old]
    return out


#: Published precision by measure kind (methodology §7, "Published precision"): decimal places,
#: or ``("sf", k)`` for k significant figures. What the report shows, so the CSVs add nothing a
#: reader of the report does not have (unrounded values made back-calculations exact).
PRECISION: dict[str, int | tuple[str, int]] = {
    "share": 3,       # a fraction shown as a percentage to 1 decimal place
    "percent": 1,
    "index": 2,
    "gap": 1,
    "pay": 2,
    "statistic": 2,
}
#: Measures with their own precision.
MEASURE_PRECISION: dict[str, int | tuple[str, int]] = {
    "p_value": ("sf", 3), "fisher_p": ("sf", 3), "fisher_p_holm": ("sf", 3),
    "distinct_groups": 0, "mean": 1, "median": 1,
    # representation targets: shares shown to 1 decimal place of a percentage
    "projected_share": 3, "appointment_share_needed": 3, "appointments_needed": 1,
}


def _round_half_up(x: float, spec: int | tuple[str, int]) -> float:
    if x is None or math.isnan(x) or math.isinf(x):
        return x
    if isinstance(spec, tuple):  # significant figures
        if x == 0:
            return 0.0
        places = spec[1] - 1 - math.floor(math.log10(abs(x)))
    else:
        places = spec
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP))


def published_precision(table: pd.DataFrame, *,
                        kinds: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Round ``value``, ``ci_low`` and ``ci_high`` to the precision the report shows.

    :data:`PRECISION` by kind, :data:`MEASURE_PRECISION` by measure (p-values to 3 significant
    figures); counts are whole numbers already and other people's figures (``external``) are
    left as published. Halves round away from zero, as the report's text does.

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> w = pd.DataFrame({"group": ["A"], "relative_likelihood": [1.979166667], "p": [0.0123456]})
    >>> t = tidy(w, table="t", population="p", characteristic="x",
    ...          measures={"relative_likelihood": "relative_likelihood", "p": "p_value"})
    >>> published_precision(t)["value"].tolist()
    [1.98, 0.0123]
    """
    out = conform(table)
    out.index = table.index
    k = kinds_of(out, kinds=kinds)
    specs = [MEASURE_PRECISION.get(m, PRECISION.get(kd)) for m, kd in zip(out["measure"], k,
                                                                           strict=True)]
    for col in ("value", "ci_low", "ci_high"):
        values = out[col].to_numpy(dtype=float).copy()
        for j, spec in enumerate(specs):
            if spec is not None:
                values[j] = _round_half_up(values[j], spec)
        out[col] = values
    return out


#: A level that names its year already ("2025", "2024-2025 (two years)", "2023 (year-end
#: headcount)"), and a population named by its year ("workforce_2025").
_DATED_LEVEL = re.compile(r"^\d{4}")
_DATED_POPULATION = re.compile(r"_\d{4}$")


def _in_year_terms(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Population and level as the trend tables name them: ``P`` at level ``L`` of year ``Y``
    is ``P_Y`` at ``"Y: L"`` (``representation_trend`` shows this year's ``workforce`` at
    ``senior`` as ``workforce_2026`` at ``"2026: senior"``: the same people). Rows whose
    population or level names a year already keep their names."""
    out = table.copy()
    pop = out["population"].map(_label)
    lvl = out["level"].map(_label)
    keep = pop.str.contains(_DATED_POPULATION) | lvl.str.contains(_DATED_LEVEL)
    out["population"] = pop.where(keep, pop + f"_{year}")
    out["level"] = lvl.where(keep, f"{year}: " + lvl)
    lp = out["level_parent"].map(_label)
    out["level_parent"] = lp.where(keep | (lp == ""), f"{year}: " + lp)
    return out


def protect_tables(
    tables: Mapping[str, pd.DataFrame],
    rules: DisclosureRules,
    *,
    dominated: Mapping[str, pd.Series] | None = None,
    kinds: Mapping[str, str] | None = None,
    interval: Callable[[int, int], tuple[float, float]] | None = None,
    year: int | None = None,
    previous: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """Full disclosure control of several tidy tables, protected together.

    Primary suppression, secondary suppression across all tables (tables of one population share
    cells: a count withheld in one is withheld in every table that shows it), then rounding (when
    ``rules.round_to``), then withheld values removed, then every value rounded to the precision
    the report shows (:func:`published_precision`).

    Parameters
    ----------
    tables
        Name -> tidy table with true values.
    rules
        :class:`DisclosureRules`.
    dominated
        Name -> dominance mask of that table (:func:`dominated_rows`).
    kinds
        Extra measure -> kind entries.
    interval
        Fraction interval ``(numerator, n) -> (low, high)`` for shares recomputed after rounding.
    year
        The publication's year. Given, the tables are linked in the trend tables' terms
        (:func:`_in_year_terms`): this year's rows of a trend table are the same people as the
        other tables' rows.
    previous
        The previous year's published tables (as read from its ``publish/tables``; needs
        ``year``): a reader holds them too. What they publish is known (and never withheld
        here to protect a count), what they withhold is withheld here too, and this year's
        tables are protected so that the two publications together give nothing away.

    Returns
    -------
    dict
        Name -> protected table, rows in their original order.
    """
    parts = []
    for name, t in tables.items():
        marked = _primary_marks(t, rules, kinds_of(t, kinds=kinds),
                                (dominated or {}).get(name))
        marked = marked.reset_index(drop=True)
        marked["_table_key"] = name
        marked["_row"] = np.arange(len(marked))
        parts.append(marked)
    if not parts:
        return {}
    both = pd.concat(parts, ignore_index=True)
    names = both[["population", "level", "level_parent"]].copy()
    frozen = None
    if year is not None:
        both = _in_year_terms(both, year)
    if previous and year is not None:
        earlier = _earlier_rows(previous, both, year - 1, kinds)
        frozen = pd.Series([False] * len(both) + [True] * len(earlier))
        both = pd.concat([both, earlier], ignore_index=True)
    extra = both[["_table_key", "_row"]]
    protected = secondary_suppression(both[list(TIDY_COLUMNS)], rules, kinds=kinds, blank=False,
                                      frozen=frozen)
    if frozen is not None:
        protected, extra = protected[~frozen.to_numpy()], extra[~frozen.to_numpy()]
    protected[["population", "level", "level_parent"]] = names.to_numpy()
    _protect_means(protected, kinds_of(protected, kinds=kinds), rules)
    protected = rounded(protected, rules, kinds=kinds, interval=interval)
    k = kinds_of(protected, kinds=kinds)
    hidden = {
        _cell(r) for _, r in protected[protected["suppressed"] & (k == "count")].iterrows()
    }
    unity = _reference_unity(protected)
    protected = _blank(protected, k, rules, hidden)
    # the reference group's own ratio is 1 by definition: shown, with nothing else of its row
    protected.loc[unity, ["value", "suppressed", "suppression_reason"]] = [1.0, False, None]
    protected = published_precision(protected, kinds=kinds)
    protected = pd.concat([protected, extra], axis=1)
    result = {}
    for name in tables:
        part = protected[protected["_table_key"] == name].sort_values("_row", kind="mergesort")
        result[name] = part[list(TIDY_COLUMNS)].reset_index(drop=True)
    return result


#: Ratios of a group to the reference group: the reference's own is 1 by definition.
_REFERENCE_UNITY_MEASURES = frozenset({"relative_likelihood", "odds_ratio"})


def _reference_unity(table: pd.DataFrame) -> pd.Series:
    """Withheld rows that are the reference group's ratio to itself (value 1). Showing 1 tells
    a reader nothing about any count, so the row is published as 1 with its ``n``, numerator and
    interval still blank (spec: the reference's ratio "is 1.00 by definition and can be shown")."""
    group = table["group"].map(_label)
    return (table["suppressed"].astype(bool)
            & table["measure"].map(_label).isin(_REFERENCE_UNITY_MEASURES)
            & (group != "") & (group == table["reference_group"].map(_label))
            & np.isclose(table["value"].astype(float), 1.0))


#: Mean pay gaps: a group's pay sum relative to its reference's, so sums of groups that overlap
#: (an ethnic group, sex x ethnic group, merged groups) add up.
_MEAN_GAP_MEASURES = frozenset({"mean_gap_pct", "mean_bonus_gap_pct"})
_TIMES = " × "


def _cells_of(characteristic: str, group: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Characteristic ``a × b`` and group ``A × X (B1, B2)``: dimensions [a, b], cells
    [(A, B1), (A, B2)]."""
    dims = characteristic.split(_TIMES)
    parts = group.split(_TIMES, len(dims) - 1)
    if len(parts) != len(dims):
        return dims, []
    cells: list[tuple[str, ...]] = [()]
    for part in parts:
        merged = re.match(r"^(.+?) \((.+)\)$", part)
        names = [x.strip() for x in merged.group(2).split(",")] if merged else [part]
        cells = [(*c, x) for c in cells for x in names]
    return dims, cells


def _protect_means(out: pd.DataFrame, kinds: pd.Series, rules: DisclosureRules) -> None:
    """Withhold published mean gaps until none of a small group can be worked out.

    Per population, measure and level, every mean gap is a relation between the pay sums of two
    groups (the group and its reference), and every group is a union of cells of the
    cross-classification of the characteristics that intersections cross (sex x ethnic group,
    sex x disability; merged groups cover several cells). A withheld mean, or the mean of a cell
    of fewer than ``min_group_pay`` people that no row shows by itself (inside a merged group),
    is given away when its relation is a linear combination of the published ones (tested on
    the true sums: exact rank). While one is, the published mean gap of the smallest group
    sharing a cell with it is withheld (``secondary``).
    """
    meas = out["measure"].map(_label)
    rows = out.index[(kinds == "gap") & meas.isin(_MEAN_GAP_MEASURES)]
    if not len(rows):
        return
    frame = out.loc[rows]
    for _, part in frame.groupby([frame["population"].map(_label), meas.loc[rows],
                                  frame["level"].map(_label)], sort=True):
        crossed = {d for ch in part["characteristic"].map(_label) if _TIMES in ch
                   for d in ch.split(_TIMES)}
        if not crossed:
            continue
        part = part[[set(ch.split(_TIMES)) <= crossed
                     for ch in part["characteristic"].map(_label)]]
        first = {ch.split(_TIMES)[0] for ch in part["characteristic"].map(_label)
                 if _TIMES in ch}
        names: dict[str, set[str]] = {d: set() for d in crossed}
        for ch, g, ref in zip(part["characteristic"].map(_label), part["group"].map(_label),
                              part["reference_group"].map(_label), strict=True):
            for grp in (g, ref):
                dims, cells = _cells_of(ch, grp)
                for cell in cells:
                    for d, x in zip(dims, cell, strict=True):
                        names[d].add(x)
        axes = sorted(crossed)
        grid = [sorted(names[d]) + ([] if d in first else ["(none)"]) for d in axes]
        shape = [len(g) for g in grid]
        if int(np.prod(shape)) > 5000:
            continue

        def mask(characteristic: str, group: str, shape: list = shape, axes: list = axes,
                 grid: list = grid) -> np.ndarray:
            dims, cells = _cells_of(characteristic, group)
            m = np.zeros(shape, dtype=bool)
            for cell in cells:
                at: list[object] = [slice(None)] * len(axes)
                for d, x in zip(dims, cell, strict=True):
                    at[axes.index(d)] = grid[axes.index(d)].index(x)
                m[tuple(at)] = True
            return m.ravel()

        # pay sums of a random world with the same structure (seeded: deterministic)
        world = np.random.default_rng(7).uniform(1.0, 2.0, int(np.prod(shape)))
        info = {}
        for i, r in part.iterrows():
            ch, ref = _label(r["characteristic"]), _label(r["reference_group"])
            g_mask, r_mask = mask(ch, _label(r["group"])), mask(ch, ref)
            if not ref or not g_mask.any() or not r_mask.any():
                continue
            info[i] = (g_mask.astype(float)
                       - world[g_mask].sum() / world[r_mask].sum() * r_mask, g_mask, r_mask,
                       float(r["n"]))
        # cell sizes from the true group sizes, and the cells no row shows by itself
        sizes = [(mask(_label(r["characteristic"]), _label(r["group"])), float(r["n"]))
                 for _, r in part.iterrows() if not math.isnan(float(r["n"]))]
        sizes += [(mask(_label(r["characteristic"]), _label(r["reference_group"])),
                   float(r["n_reference"])) for _, r in part.iterrows()
                  if _label(r["reference_group"]) and not math.isnan(float(r["n_reference"]))]
        if not info or not sizes:
            continue
        cmat = np.vstack([m.astype(float) for m, _ in sizes])
        crank = np.linalg.matrix_rank(cmat, tol=1e-9)
        cell_n = np.linalg.lstsq(cmat, np.asarray([n for _, n in sizes]), rcond=None)[0]
        small_cells = []  # the cells of a merged group, each as small as the sizes show
        for i, r in part.iterrows():
            dims, cells = _cells_of(_label(r["characteristic"]), _label(r["group"]))
            if i not in info or len(dims) < 2 or len(cells) < 2:
                continue
            r_mask = info[i][2]
            for cell in cells:
                e = mask(_TIMES.join(dims), _TIMES.join(cell))
                size = float(e @ cell_n)
                if (np.linalg.matrix_rank(np.vstack([cmat, e]), tol=1e-9) == crank
                        and 0.5 <= size < rules.min_group_pay - 0.5):
                    small_cells.append((e - world[e].sum() / world[r_mask].sum() * r_mask, e))
        for _ in range(len(info) + 1):
            shown = [i for i in info if not out.at[i, "suppressed"]]
            if not shown:
                break
            a = np.vstack([info[i][0] for i in shown])
            rank = np.linalg.matrix_rank(a, tol=1e-9)

            def given(row: np.ndarray, a: np.ndarray = a, rank: int = rank) -> bool:
                return bool(np.linalg.matrix_rank(np.vstack([a, row]), tol=1e-9) == rank)

            weak = [(info[i][1], i) for i in info if out.at[i, "suppressed"]
                    and given(info[i][0])]
            weak += [(e, None) for row, e in small_cells if given(row)]
            if not weak:
                break
            cover, _ = weak[0]
            pool = [i for i in shown if (info[i][1] & cover).any()] or shown
            pick = min(pool, key=lambda i: (info[i][3], _label(out.at[i, "group"]),
                                            _label(out.at[i, "characteristic"])))
            out.loc[pick, ["suppressed", "suppression_reason"]] = [True, "secondary"]


def _earlier_rows(previous: Mapping[str, pd.DataFrame], current: pd.DataFrame, year: int,
                  kinds: Mapping[str, str] | None) -> pd.DataFrame:
    """The previous publication's rows in this year's terms, marked as published. A count it
    withheld takes its value from this year's tables where they hold the same count (the trend
    tables recompute earlier years); a count published with another value (revised data) is
    not the same figure and is left out."""
    rows = pd.concat([_in_year_terms(conform(t), year) for _, t in sorted(previous.items())],
                     ignore_index=True)
    # only populations this year's tables show again share anything with them
    rows = rows[rows["population"].isin(set(current["population"]))].reset_index(drop=True)
    rows["suppressed"] = rows["suppressed"].astype(str).str.lower().isin(["true", "1"])
    kind = kinds_of(rows, kinds=kinds)
    ck = kinds_of(current, kinds=kinds)
    cols = ["population", "characteristic", "group", "level", "measure"]
    now = current[ck == "count"].drop_duplicates(cols).set_index(cols)["value"]
    key = pd.MultiIndex.from_frame(rows[cols].map(_label))
    now.index = pd.MultiIndex.from_frame(now.index.to_frame().map(_label))
    known = pd.Series(key.map(lambda k: now.get(k, math.nan)), index=rows.index, dtype=float)
    is_count = kind == "count"
    differs = is_count & rows["value"].notna() & known.notna() & (rows["value"] != known)
    fill = is_count & rows["value"].isna()
    rows.loc[fill, "value"] = known[fill]
    rows = rows[~differs].reset_index(drop=True)
    rows["_table_key"] = None
    rows["_row"] = -1
    return rows


def protect(
    table: pd.DataFrame,
    rules: DisclosureRules,
    *,
    dominated: pd.Series | None = None,
    kinds: Mapping[str, str] | None = None,
    interval: Callable[[int, int], tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Full disclosure control of one tidy table (see :func:`protect_tables`).

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> wide = pd.DataFrame({"group": ["A", "B", "C", "Total"], "count": [3, 40, 50, 93]})
    >>> t = tidy(wide, table="t", population="p", characteristic="x", measures=["count"],
    ...          group_parent={"A": "Total", "B": "Total", "C": "Total"})
    >>> protect(t, DisclosureRules())["value"].tolist()
    [nan, nan, 50.0, 93.0]
    """
    masks = {"_": dominated} if dominated is not None else None
    return protect_tables({"_": table}, rules, dominated=masks, kinds=kinds,
                          interval=interval)["_"]


def suppression_log(*tables: pd.DataFrame) -> pd.DataFrame:
    """One row per withheld value of the given tidy tables (:data:`LOG_COLUMNS`).

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> t = tidy(pd.DataFrame({"group": ["A"], "count": [2]}), table="t", population="p",
    ...          characteristic="x", measures=["count"])
    >>> suppression_log(protect(t, DisclosureRules()))["rule"].tolist()
    ['primary_count']
    """
    parts = [conform(t).loc[lambda d: d["suppressed"]] for t in tables]
    if not parts:
        return pd.DataFrame(columns=list(LOG_COLUMNS))
    log = pd.concat(parts, ignore_index=True)
    log = log.rename(columns={"suppression_reason": "rule"})[list(LOG_COLUMNS)]
    return log.reset_index(drop=True)


def write_suppression_log(log: pd.DataFrame, path: str | Path) -> Path:
    """Write the suppression log CSV (columns :data:`LOG_COLUMNS`, rows sorted, ``\\n`` endings)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = log[list(LOG_COLUMNS)].fillna("").astype(str)
    out = out.sort_values(list(LOG_COLUMNS), kind="mergesort")
    path.write_bytes(out.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return path


# --------------------------------------------------------------------------------------------------
# Intersectional collapse (methodology §2)
# --------------------------------------------------------------------------------------------------
def collapse_plan(
    counts: pd.DataFrame,
    broader: Mapping[str, str],
    *,
    threshold: int,
    group: str = "group",
    level: str | None = "level",
    n: str = "n",
) -> tuple[dict[str, str], pd.DataFrame]:
    """Which detailed groups to publish merged, so that no cell of a cross-tab is under threshold.

    For each broader group, the detailed groups that are below ``threshold`` (but not zero) at any
    level are merged, adding the smallest remaining siblings (ties by label) until the merged group
    reaches the threshold at every level where it is not zero. Siblings that are large enough stay
    separate, which keeps more information than publishing only the broader group. A merge of all
    siblings is labelled with the broader group's name; a partial merge ``"<broader>: other
    groups"``. A merge that is still under threshold is left to suppression.

    Parameters
    ----------
    counts
        One row per detailed group (and level): columns ``group``, ``level`` (optional) and ``n``.
    broader
        Detailed group -> broader group (e.g. :data:`eqlib.codes.ETHNICITY_DETAILED`). Groups not
        in the mapping are never merged.
    threshold
        ``disclosure.min_group_pay`` for pay gaps, ``min_count`` for counts.

    Returns
    -------
    (mapping, record)
        ``mapping``: every detailed group -> the group to publish it as. ``record``: one row per
        merge (:data:`COLLAPSE_COLUMNS`), members joined with ``"; "``.

    Examples
    --------
    >>> c = pd.DataFrame({"group": ["Indian", "Pakistani", "Chinese", "African"],
    ...                   "n": [30, 3, 4, 12]})
    >>> m, rec = collapse_plan(c, {"Indian": "Asian", "Pakistani": "Asian", "Chinese": "Asian",
    ...                            "African": "Black"}, threshold=5, level=None)
    >>> m
    {'African': 'African', 'Chinese': 'Asian: other groups', 'Indian': 'Indian', 'Pakistani': 'Asian: other groups'}
    """  # noqa: E501
    if level is None:
        wide = counts.groupby(group)[n].sum().to_frame("_all")
    else:
        wide = counts.pivot_table(index=group, columns=level, values=n, aggfunc="sum",
                                  fill_value=0)
    wide.index = wide.index.map(str)
    mapping = {g: g for g in sorted(wide.index)}
    records = []

    def small(vec: np.ndarray) -> bool:
        return bool(((vec > 0) & (vec < threshold)).any())

    families: dict[str, list[str]] = {}
    for g in sorted(wide.index):
        if g in broader:
            families.setdefault(broader[g], []).append(g)
    for broad, members in sorted(families.items()):
        merged = sorted(g for g in members if small(wide.loc[g].to_numpy(dtype=float)))
        if not merged:
            continue
        rest = sorted((g for g in members if g not in merged),
                      key=lambda g: (float(wide.loc[g].sum()), g))
        total = wide.loc[merged].sum().to_numpy(dtype=float)
        while (small(total) or len(merged) == 1) and rest:
            nxt = rest.pop(0)
            merged.append(nxt)
            total = total + wide.loc[nxt].to_numpy(dtype=float)
        label = broad if not rest else f"{broad}: other groups"
        for g in merged:
            mapping[g] = label
        nonzero = total[total > 0]
        records.append({
            "broader_group": broad, "published_group": label,
            "members": "; ".join(sorted(merged)),
            "smallest_n": float(nonzero.min()) if nonzero.size else 0.0,
            "threshold": threshold,
        })
    return mapping, pd.DataFrame(records, columns=list(COLLAPSE_COLUMNS))


def collapse_groups(
    counts: pd.DataFrame,
    broader: Mapping[str, str],
    *,
    threshold: int,
    group: str = "group",
    level: str | None = "level",
    n: str = "n",
    sum_columns: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A count cross-tab with small detailed groups merged (:func:`collapse_plan`), and the record.

    ``sum_columns`` (default ``[n]``) are summed over the merged groups; other columns are
    dropped. For statistics (pay gaps), apply the plan's mapping to the people instead and
    recompute.

    Examples
    --------
    >>> c = pd.DataFrame({"group": ["Indian", "Pakistani"], "n": [30, 3]})
    >>> out, rec = collapse_groups(c, {"Indian": "Asian", "Pakistani": "Asian"}, threshold=5,
    ...                            level=None)
    >>> out.to_dict("records")
    [{'group': 'Asian', 'n': 33}]
    """
    mapping, record = collapse_plan(counts, broader, threshold=threshold, group=group,
                                    level=level, n=n)
    cols = list(sum_columns or [n])
    keyed = counts.assign(**{group: counts[group].astype(str).map(mapping)})
    by = [group] if level is None else [level, group]
    order = list(dict.fromkeys(keyed[group]))
    out = keyed.groupby(by, sort=False, as_index=False)[cols].sum()
    out["_o"] = out[group].map(order.index)
    sort_by = ["_o"] if level is None else [level, "_o"]
    out = out.sort_values(sort_by, kind="mergesort").drop(columns="_o").reset_index(drop=True)
    return out, record


# ==================================================================================================
# The independent checker (acceptance.md §1). It shares no helper with the code above: every rule
# is re-derived from DisclosureRules, and protection is measured on the published values alone.
# ==================================================================================================
@dataclass(frozen=True)
class Violation:
    """One disclosure problem in a published table: where it is and which rule it breaks."""

    table: str
    characteristic: str
    group: str
    level: str
    measure: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return (f"{self.table}: {self.characteristic} / {self.group} / {self.level} / "
                f"{self.measure}: {self.rule}: {self.detail}")


def _txt(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def _num(v: object) -> float:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")
    return f


def _chk_rows(table: pd.DataFrame, rules: DisclosureRules,
              kinds: Mapping[str, str] | None) -> list[tuple[dict, str]]:
    rows = []
    for rec in table.to_dict("records"):
        rows.append((rec, measure_kind(_txt(rec["measure"]), kinds=kinds)))
    return rows


def _ratio_to_itself(rec: dict) -> bool:
    """The reference group's ratio to itself: 1 whatever the counts, shown without n or
    numerator. A constant, so it reveals nothing and is not checked as a share."""
    group = _txt(rec["group"])
    return (group != "" and group == _txt(rec["reference_group"]) and _num(rec["value"]) == 1
            and all(_num(rec[c]) != _num(rec[c]) for c in ("n", "numerator", "ci_low", "ci_high")))


def _chk_violation(rec: dict, rule: str, detail: str) -> Violation:
    return Violation(_txt(rec["table"]), _txt(rec["characteristic"]), _txt(rec["group"]),
                     _txt(rec["level"]), _txt(rec["measure"]), rule, detail)


def _chk_cell_rules(rec: dict, kind: str, rules: DisclosureRules) -> list[Violation]:
    """Threshold, share and statistic rules on one published row."""
    out: list[Violation] = []
    lo = rules.min_count
    is_sup = str(rec["suppressed"]).strip().lower() in ("true", "1")
    value, n = _num(rec["value"]), _num(rec["n"])
    numer, nref = _num(rec["numerator"]), _num(rec["n_reference"])

    def forbidden(x: float) -> bool:
        if x != x:
            return False
        if x == 0:
            return rules.zeros_disclosive
        return x < lo

    if is_sup:
        shown = [c for c in ("value", "ci_low", "ci_high", "numerator") if _num(rec[c]) == _num(
            rec[c])]
        if shown:
            out.append(_chk_violation(rec, "suppressed_value_published",
                                      f"withheld row shows {', '.join(shown)}"))
    if kind == "external":
        return out
    if not is_sup and kind == "count" and forbidden(value):
        out.append(_chk_violation(rec, "threshold", f"count {value:g} is under {lo}"))
    to_itself = _ratio_to_itself(rec)
    if not is_sup and kind in ("share", "percent", "index") and value == value and not to_itself:
        if numer != numer or n != n:
            out.append(_chk_violation(rec, "share", "numerator and n are needed to check a share"))
        else:
            if forbidden(numer):
                out.append(_chk_violation(rec, "share", f"reveals a numerator of {numer:g}"))
            if forbidden(n - numer):
                out.append(_chk_violation(rec, "share",
                                          f"reveals a complement of {n - numer:g} (n {n:g})"))
            if n < rules.min_group_stat:
                out.append(_chk_violation(rec, "share", f"denominator {n:g} is under "
                                                         f"{rules.min_group_stat}"))
    if not is_sup and value == value and kind in ("statistic", "gap", "pay"):
        need = rules.min_group_stat if kind == "statistic" else rules.min_group_pay
        if n != n:
            out.append(_chk_violation(rec, "statistic", "n is needed to check a statistic"))
        elif n < need:
            out.append(_chk_violation(rec, "statistic", f"built on {n:g} people (< {need})"))
        if kind == "gap" and (nref != nref or nref < need):
            out.append(_chk_violation(rec, "statistic",
                                      f"reference group of {_txt(nref) or 'unknown'} people"))
    share_checked = not is_sup and kind in ("share", "percent", "index") and value == value
    if kind != "count":
        for col, x in (("n", n), ("numerator", numer), ("n_reference", nref)):
            if share_checked and col != "n_reference":
                continue  # the share rule above already reports these
            if forbidden(x):
                out.append(_chk_violation(rec, "small_count_shown", f"{col} = {x:g}"))
    return out


def _chk_bounds(rec: dict, rules: DisclosureRules) -> tuple[float, float | None]:
    v = _num(rec["value"])
    if rules.round_to is None or rules.round_to <= 1:
        return (v, v)
    b = rules.round_to
    # an integer x rounds (halves up) to v when v - b/2 <= x < v + b/2
    return (max(0.0, v - b // 2), v + (b + 1) // 2 - 1)


def check_tables(
    tables: Mapping[str, pd.DataFrame],
    rules: DisclosureRules,
    *,
    kinds: Mapping[str, str] | None = None,
) -> list[Violation]:
    """Independent disclosure check of published tidy tables, linked by population.

    For every published row: the threshold rule (counts), the share rule (shares, percents and
    indices: numerator, complement, denominator), the statistic rule (statistics, gaps, pay), no
    small ``n`` / ``numerator`` / ``n_reference`` shown, and nothing shown on a withheld row. No
    share, statistic or ``n`` at a cell whose count is withheld, and no share over a withheld
    total. For every withheld count: two linear programmes (minimise, maximise the cell) subject
    to every published count of every table of the same population (exact, or within the rounding
    base when ``rules.round_to``), every additive relation (``group_parent``, ``level_parent``)
    and cells >= 0; a violation when the feasible range is narrower than ``min_count``.

    Parameters
    ----------
    tables
        Name -> published tidy table (withheld values NaN).
    rules
        :class:`DisclosureRules`.
    kinds
        Extra measure -> kind entries.

    Returns
    -------
    list of Violation
        Empty when every table is safe to publish.

    Notes
    -----
    The dominance rule needs the people's pay, which a published table does not hold: it is
    enforced by :func:`protect` only. The ranges are those of the linear relaxation (counts need
    not be integers), which is what methodology §7 asks for.
    """
    violations: list[Violation] = []
    by_pop: dict[str, list[tuple[dict, str]]] = {}
    for name in sorted(tables):
        t = tables[name].copy()
        for col in TIDY_COLUMNS:
            if col not in t.columns:
                violations.append(Violation(name, "", "", "", "", "not_tidy",
                                            f"column '{col}' is missing"))
        if any(v.table == name and v.rule == "not_tidy" for v in violations):
            continue
        t["table"] = t["table"].where(t["table"].notna(), name)
        rows = _chk_rows(t, rules, kinds)
        for rec, kind in rows:
            violations.extend(_chk_cell_rules(rec, kind, rules))
        for rec, kind in rows:
            by_pop.setdefault(_txt(rec["population"]) or f"table:{name}", []).append((rec, kind))
    for pop in sorted(by_pop):
        violations.extend(_chk_population(by_pop[pop], rules))
    from eqlib.attacker import attack  # noqa: PLC0415 - the independent attacker

    reported = {(v.table, v.characteristic, v.group, v.level, v.measure) for v in violations}
    for f in attack(by_pop, min_count=rules.min_count, round_to=rules.round_to,
                    zeros_disclosive=rules.zeros_disclosive, min_group_pay=rules.min_group_pay):
        if (f.table, f.characteristic, f.group, f.level, f.measure) not in reported:
            violations.append(Violation(f.table, f.characteristic, f.group, f.level, f.measure,
                                        f.rule, f.detail))
    return violations


def _chk_population(rows: list[tuple[dict, str]], rules: DisclosureRules) -> list[Violation]:
    out: list[Violation] = []

    def withheld(rec: dict) -> bool:
        return str(rec["suppressed"]).strip().lower() in ("true", "1")

    # Count variables: (characteristic, group, level, measure)
    var: dict[tuple[str, str, str, str], int] = {}
    lo_b: list[float] = []
    hi_b: list[float | None] = []
    first: dict[int, dict] = {}
    known: dict[int, float] = {}
    gpar: dict[int, str] = {}
    lpar: dict[int, str] = {}
    for rec, kind in rows:
        if kind != "count":
            continue
        key = (_txt(rec["characteristic"]), _txt(rec["group"]), _txt(rec["level"]),
               _txt(rec["measure"]))
        if key not in var:
            var[key] = len(var)
            lo_b.append(0.0)
            hi_b.append(None)
            first[var[key]] = rec
        i = var[key]
        if _txt(rec["group_parent"]):
            gpar[i] = _txt(rec["group_parent"])
        if _txt(rec["level_parent"]):
            lpar[i] = _txt(rec["level_parent"])
        v = _num(rec["value"])
        if withheld(rec) or v != v:
            continue
        if i in known and known[i] != v:
            out.append(_chk_violation(rec, "inconsistent_totals",
                                      f"published as {known[i]:g} and as {v:g}"))
        known[i] = v
        lo, hi = _chk_bounds(rec, rules)
        lo_b[i], hi_b[i] = lo, hi
    for rec, kind in rows:
        if kind == "count" and withheld(rec):
            key = (_txt(rec["characteristic"]), _txt(rec["group"]), _txt(rec["level"]),
                   _txt(rec["measure"]))
            if var[key] in known:
                out.append(_chk_violation(rec, "published_elsewhere",
                                          f"withheld here, published as {known[var[key]]:g} in "
                                          "another table of the same population"))
    # Cross-row rules: nothing else shown at a withheld count's cell or over a withheld total.
    hidden_cells = {(k[0], k[1], k[2]) for k, i in var.items() if i not in known}
    for rec, kind in rows:
        if kind in ("count", "external") or _ratio_to_itself(rec):
            continue
        cell = (_txt(rec["characteristic"]), _txt(rec["group"]), _txt(rec["level"]))
        shows = [c for c in ("value", "n", "numerator") if _num(rec[c]) == _num(rec[c])]
        if cell in hidden_cells and shows:
            out.append(_chk_violation(rec, "reveals_suppressed_count",
                                      f"shows {', '.join(shows)} of a withheld count"))
        total = (_txt(rec["characteristic"]), _txt(rec["group_parent"]), _txt(rec["level"]))
        if (kind in ("share", "percent", "index") and _txt(rec["group_parent"])
                and total in hidden_cells and _num(rec["value"]) == _num(rec["value"])):
            out.append(_chk_violation(rec, "reveals_suppressed_count",
                                      "a share of a withheld total"))
    return out


def check_table(
    table: pd.DataFrame, rules: DisclosureRules, *, kinds: Mapping[str, str] | None = None
) -> list[Violation]:
    """Independent disclosure check of one published tidy table (acceptance.md §1).

    See :func:`check_tables`, which links tables sharing a population.

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> wide = pd.DataFrame({"group": ["A", "B", "Total"], "count": [3, 40, 43]})
    >>> t = tidy(wide, table="t", population="p", characteristic="x", measures=["count"],
    ...          group_parent={"A": "Total", "B": "Total"})
    >>> [v.rule for v in check_table(t, DisclosureRules())]
    ['threshold']
    >>> check_table(protect(t, DisclosureRules()), DisclosureRules())
    []
    """
    name = _txt(table["table"].iloc[0]) if len(table) and "table" in table else "table"
    return check_tables({name or "table": table}, rules, kinds=kinds)


def _read_folder(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Violation]]:
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Violation] = []
    for f in sorted(folder.glob("*.csv")):
        header = list(pd.read_csv(f, nrows=0).columns)
        missing = [c for c in TIDY_COLUMNS if c not in header]
        if missing:
            problems.append(Violation(f.stem, "", "", "", "", "not_tidy",
                                      f"{f.name} lacks column(s) {', '.join(missing)}"))
            continue
        try:
            tables[f.stem] = read_table(f)
        except (ValueError, KeyError) as exc:
            problems.append(Violation(f.stem, "", "", "", "", "not_tidy", str(exc)))
    return tables, problems


def as_earlier_year(table: pd.DataFrame, year: int, *, rename: bool = True) -> pd.DataFrame:
    """A year's published table in the terms the trend tables use for that year.

    A population ``P`` of year ``Y``'s own publication is ``P_Y`` in the trend tables (of that
    year's publication and of later years'), and its level ``L`` is ``"Y: L"``; a population
    already named by year, or a level that names its year ("2024", "2024-2025 (two years)"), is
    kept (the lifecycle and pay gap trend tables name the same cells the same way every year).
    With ``rename`` the table name becomes ``"Y/<name>"``, so findings say which publication a
    figure is in.

    Examples
    --------
    >>> from eqlib.tables import tidy
    >>> t = tidy(pd.DataFrame({"group": ["A"], "count": [12]}), table="t", population="workforce",
    ...          characteristic="sex", measures=["count"], level_value="All staff")
    >>> as_earlier_year(t, 2025)[["table", "population", "level"]].iloc[0].tolist()
    ['2025/t', 'workforce_2025', '2025: All staff']
    """
    out = conform(table)
    pop, lvl = out["population"].fillna("").astype(str), out["level"].fillna("").astype(str)
    dated = pop.str.contains(r"_\d{4}$", regex=True) | lvl.str.contains(r"^\d{4}", regex=True)
    out.loc[~dated, "population"] = pop[~dated] + f"_{year}"
    out.loc[~dated, "level"] = f"{year}: " + lvl[~dated]
    parent = out["level_parent"].fillna("").astype(str)
    above = ~dated & (parent != "")
    out.loc[above, "level_parent"] = f"{year}: " + parent[above]
    if rename:
        out["table"] = f"{year}/" + out["table"].fillna("")
    return out


def check_publish_folder(
    path: str | Path, rules: DisclosureRules, *, kinds: Mapping[str, str] | None = None,
    year: int | None = None, previous: str | Path | None = None,
    previous_year: int | None = None,
) -> list[Violation]:
    """:func:`check_tables` over every ``*.csv`` in a ``publish/tables`` folder (sorted by name).

    With ``year``, the tables are read in the trend tables' terms (:func:`as_earlier_year`
    without renaming), so this year's rows of a trend table are the same people as the other
    tables' rows. With ``previous`` (the previous year's ``publish/tables``) and
    ``previous_year``, that year's tables are attacked together with these: a reader holds both
    publications. What the previous publication gives away by itself cannot be changed any more
    and is not reported; everything that this year's tables add to it is.
    """
    tables, problems = _read_folder(Path(path))
    if year is not None:
        tables = {name: as_earlier_year(t, year, rename=False) for name, t in tables.items()}
    if previous is None:
        return problems + check_tables(tables, rules, kinds=kinds)
    if previous_year is None:
        raise ValueError("previous_year is needed with previous")
    earlier, more = _read_folder(Path(previous))
    earlier = {f"{previous_year}/{name}": as_earlier_year(t, previous_year)
               for name, t in earlier.items()}
    # the attacker works population by population: last year's populations that this year's
    # tables do not show again give only what last year's tables gave away by themselves
    now = {p for t in tables.values() for p in t["population"].fillna("").astype(str)}
    earlier = {name: t[t["population"].fillna("").astype(str).isin(now)]
               for name, t in earlier.items()}
    earlier = {name: t for name, t in earlier.items() if len(t)}
    found = check_tables({**tables, **earlier}, rules, kinds=kinds)
    if found:
        def where(v: Violation) -> tuple:
            return (v.table, v.characteristic, v.group, v.level, v.measure, v.rule)

        already = {where(v) for v in check_tables(earlier, rules, kinds=kinds)}
        # A figure last year's publication shows is public already, and that publication passed
        # this check by itself: when this year withholds the same cell (about earlier years'
        # people), last year's figure beside it gives nothing that last year's tables did not.
        # Such a finding sits on last year's shown figure; a withheld count that this year's
        # figures make recoverable is still reported wherever it sits.
        found = [v for v in found if where(v) not in already
                 and not (v.rule == "pins_withheld"
                          and str(v.table).startswith(f"{previous_year}/"))]
    return problems + more + found


def assert_safe(violations: Sequence[Violation]) -> None:
    """Raise :class:`~eqlib.errors.PublicationError` listing every violation (no-op when none)."""
    if violations:
        lines = "\n".join(f"  - {v}" for v in violations[:50])
        more = f"\n  ... and {len(violations) - 50} more" if len(violations) > 50 else ""
        raise PublicationError(
            f"{len(violations)} disclosure problem(s): the publication would identify people.\n"
            f"{lines}{more}"
        )
