"""Secondary (complementary) suppression: what else to withhold so that no withheld value can be
worked out from the published ones (linear relations by linear programming, then the non-linear
links: a cell, its reference group, a diversity index).
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from eqlib.codes import NOT_DECLARED
from eqlib.disclosure.primary import (
    _blank,
    _cell,
    _label,
    _mark,
    _small,
)
from eqlib.disclosure.rules import (
    DisclosureRules,
)
from eqlib.lp import variable_ranges
from eqlib.tables import (
    SHARE_KINDS,
    TOTAL,
    conform,
    kinds_of,
)

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

    @cached_property
    def flat(self) -> tuple[dict[_Key, int], np.ndarray, np.ndarray]:
        """The equations as arrays, for :func:`_components`: a number for every key in them, and
        for each member of each equation (equation by equation, in order) its key's number and
        its equation's."""
        ids: dict[_Key, int] = {}
        members: list[int] = []
        owner: list[int] = []
        for i, eq in enumerate(self.equations):
            for k in eq:
                members.append(ids.setdefault(k, len(ids)))
                owner.append(i)
        return ids, np.asarray(members, dtype=np.intp), np.asarray(owner, dtype=np.intp)

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


def _components(system: _System, unknown: Sequence[_Key]) -> tuple[dict[_Key, int],
                                                                   dict[int, list[int]]]:
    """Connected components of the unknown counts: two are connected when an additive relation
    holds both. An unknown count's feasible range depends only on its own component.

    Returns each unknown count's component (a number), and the equations (numbers in
    ``system.equations``, in order) that hold an unknown count, by component.
    """
    ids, members, owner = system.flat
    is_unknown = np.zeros(len(ids), dtype=bool)
    is_unknown[[ids[k] for k in unknown if k in ids]] = True
    held = is_unknown[members]
    m, eq = members[held], owner[held]  # the unknown members, equation by equation
    opens = np.r_[True, eq[1:] != eq[:-1]] if len(eq) else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(opens)  # where each equation's unknown members begin
    # every unknown member of an equation is linked to the equation's first one
    first = m[starts][np.cumsum(opens) - 1]
    graph = coo_matrix((np.ones(len(m)), (first, m)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    component = {k: int(labels[ids[k]]) if k in ids else len(ids) + j  # in no equation: alone
                 for j, k in enumerate(unknown)}
    equations: dict[int, list[int]] = {}
    for i, label in zip(eq[starts].tolist(), labels[m[starts]].tolist(), strict=True):
        equations.setdefault(label, []).append(i)
    return component, equations


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
    component, equations_of = _components(system, unknown)
    wanted = sorted(supp) if targets is None else sorted(targets)
    by_component: dict[int, list[_Key]] = {}
    for k in wanted:
        by_component.setdefault(component[k], []).append(k)
    members_of: dict[int, list[_Key]] = {}
    for k in unknown:
        members_of.setdefault(component[k], []).append(k)
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
        for eq in (system.equations[i] for i in equations_of.get(comp, [])):
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
    >>> from eqlib.disclosure import DisclosureRules, primary_suppression
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

