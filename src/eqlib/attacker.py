"""The disclosure attacker: what an outsider can work out from everything published.

The independent half of disclosure control (methodology §7). It reads only published tidy tables
(withheld values NaN), shares no code with the suppression functions of :mod:`eqlib.disclosure`,
and for every withheld count works out the values it can still take given every published
figure, as an outsider with the tables in hand would.

What it models
--------------
Counts, by population. A population's tables describe the same people, so every figure of the
population is used together:

* count rows (their value), and the counts that other figures show in their fields: a rate's or
  share's ``numerator`` (the group's count, or its successes) and ``n`` (its denominator: the
  trials at the cell, or the count of its ``group_parent``), a gap's ``n`` (the group's count)
  and ``n_reference`` (the reference group's count);
* linear relations: a ``group_parent`` or ``level_parent`` is the sum of its children; a rate's
  trials are its successes plus its failures; a two-year window ("2024-2025 (two years)") is the
  sum of its two years; a funnel transition ("applied -> shortlisted") has trials = applicants at
  the first stage less those withdrawn there, and successes = applicants at the second; the Total
  of every characteristic of one population at one level is the same number of people.

For each withheld count, and for the failures of each withheld rate, two linear programmes
(HiGHS, through :func:`eqlib.lp.variable_ranges`) give the smallest and largest value consistent with all that and with
counts >= 0. A range narrower than ``min_count`` fails.

Non-linear figures:

* a ratio against a reference group (relative likelihood, impact ratio) published while the
  reference group's rate is withheld: the reference's successes are enumerated (0 .. its trials)
  and those matching the published ratio, to its published precision, kept;
* any other published figure at the cell of a withheld count or rate (a p-value, an interval, an
  index, a statistic: each is a function of the withheld count), or comparing a group with a
  reference whose figures are withheld, or a diversity index at a level with a withheld count, is
  reported as pinning it (conservatively: not every such figure identifies the count exactly);
* a diversity index of a level with no published counts: the partitions of its ``n`` people into
  its number of groups that give the published index are enumerated, and a level where every such
  partition has a group of 1 .. ``min_count`` - 1 people fails.

Across years, :func:`eqlib.disclosure.check_publish_folder` hands it this year's tables and the
previous year's publication together, both in the trend tables' terms (a population ``P`` at
level ``L`` of year ``Y`` is ``P_Y`` at ``"Y: L"``), so a cell either publication shows is one
variable.

Means of overlapping groups (:func:`mean_findings`): the pay sums behind published mean gaps
of groups that overlap add up, so a withheld mean, or the mean of a small group inside a merged
one, can be a linear combination of published ones.

What it does NOT model (residual risk, written in the methodology): medians of overlapping
groups (not additive), means across characteristics that no intersection crosses; differencing against another population
(``applications`` against ``applications_all_years``); the narrative text, which prints only
figures of the published tables; rounding of counts (``round_to``) is allowed for as a bound, not
enumerated exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

# The one eqlib import: a solver wrapper with no disclosure logic in it (the smallest and largest
# value of each unknown of A x = b), checked against scipy's linprog by tests/unit/test_lp.py.
from eqlib.lp import variable_ranges

#: Measures comparing a group with its reference group (a model's events per parameter counts
#: the rarer outcome over both groups).
_COMPARISONS = frozenset({
    "relative_likelihood", "impact_ratio", "odds_ratio", "progression_ratio", "fisher_p",
    "fisher_p_holm", "p_value", "diff_pp", "events_per_parameter",
})
_RATIOS = frozenset({"relative_likelihood"})
_LEVEL_SUMMARIES = frozenset({"diversity_index", "distinct_groups"})
_WINDOW_RE = re.compile(r"^(\d{4})-(\d{4}) \(two years\)$")
_YEAR_RE = re.compile(r"^(\d{4})(?: \(.*\))?$")
_STEP_RE = re.compile(r"^((?:\d{4}: )?)(.+?) -> (.+)$")  # "2026: a -> b": a and b of 2026
_NOT_DECLARED = ("Prefer not to say", "Not known")


@dataclass(frozen=True)
class Finding:
    """A withheld value that the published figures give away (or a published figure that does)."""

    table: str
    characteristic: str
    group: str
    level: str
    measure: str
    rule: str
    detail: str


def _t(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def _f(v: object) -> float:
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _withheld(rec: Mapping) -> bool:
    return str(rec["suppressed"]).strip().lower() in ("true", "1")


def _decimals(x: float) -> int:
    """Decimal places the published value was rounded to (from its printed form)."""
    text = f"{x:.10g}"
    if "e" in text or "." not in text:
        return 0
    return len(text.split(".")[1])


def _finding(rec: Mapping, rule: str, detail: str) -> Finding:
    return Finding(_t(rec["table"]), _t(rec["characteristic"]), _t(rec["group"]),
                   _t(rec["level"]), _t(rec["measure"]), rule, detail)


class _Population:
    """The attacker's linear model of one population."""

    def __init__(self, rows: list[tuple[dict, str]], min_count: int,
                 bounds: callable) -> None:  # type: ignore[valid-type]
        self.rows = rows
        self.min_count = min_count
        self.var: dict[tuple, int] = {}
        self.lo: list[float] = []
        self.hi: list[float | None] = []
        self.source: dict[int, str] = {}  # which published figure fixed the variable
        self.first: dict[int, dict] = {}
        self.eqs: list[list[tuple[int, float]]] = []
        #: an assumption about the tables' meaning behind each relation (None: declared in the
        #: table by group_parent / level_parent): a family of relations the published figures
        #: contradict anywhere is dropped everywhere (the attacker learns it is wrong)
        self.family: list[tuple | None] = []
        self.targets: dict[int, dict] = {}
        self.bounds = bounds

    def v(self, key: tuple, rec: dict | None = None) -> int:
        if key not in self.var:
            self.var[key] = len(self.lo)
            self.lo.append(0.0)
            self.hi.append(None)
            if rec is not None:
                self.first[self.var[key]] = rec
        return self.var[key]

    def fix(self, key: tuple, lo: float, hi: float | None, what: str, rec: dict) -> None:
        i = self.v(key, rec)
        if i in self.source:
            return  # first published figure wins (they agree when the tables are consistent)
        self.lo[i], self.hi[i] = lo, hi
        self.source[i] = what


def _build(rows: list[tuple[dict, str]], min_count: int, round_to: int | None) -> _Population:
    def bounds(v: float) -> tuple[float, float]:
        if round_to is None or round_to <= 1:
            return (v, v)
        return (max(0.0, v - round_to // 2), v + (round_to + 1) // 2 - 1)

    m = _Population(rows, min_count, bounds)

    def cell(rec: dict) -> tuple[str, str, str]:
        return (_t(rec["characteristic"]), _t(rec["group"]), _t(rec["level"]))

    def where(rec: dict, field: str) -> str:
        return (f"{_t(rec['table'])} {_t(rec['group'])} / {_t(rec['level'])} "
                f"{_t(rec['measure'])} {field}")

    count_measures: dict[tuple[str, str, str], set[str]] = {}
    real_counts: set[tuple] = set()
    gpar: dict[tuple, str] = {}
    lpar: dict[tuple, str] = {}
    for rec, kind in rows:
        if kind != "count":
            continue
        key = (*cell(rec), _t(rec["measure"]))
        real_counts.add(key)
        count_measures.setdefault(cell(rec), set()).add(key[3])
        i = m.v(key, rec)
        if _t(rec["group_parent"]):
            gpar[key] = _t(rec["group_parent"])
        if _t(rec["level_parent"]):
            lpar[key] = _t(rec["level_parent"])
        val = _f(rec["value"])
        if _withheld(rec) or val != val:
            if _withheld(rec):
                m.targets.setdefault(i, rec)
            continue
        lo, hi = bounds(val)
        m.fix(key, lo, hi, where(rec, "value"), rec)
    # counts shown in the fields of other figures
    failures: dict[tuple, tuple[int, dict]] = {}
    for rec, kind in rows:
        c = cell(rec)
        if kind in ("share", "percent", "index"):
            here = count_measures.get(c, set())
            gp = _t(rec["group_parent"])
            if "trials" in here or "successes" in here or not gp:
                s_key, t_key = (*c, "successes"), (*c, "trials")
            else:
                s_key, t_key = (*c, "count"), (c[0], gp, c[2], "count")
            s, t = m.v(s_key, rec), m.v(t_key, rec)
            if t_key[3] == "trials" and (*c, "failures") not in m.var:
                f = m.v((*c, "failures"), rec)
                m.eqs.append([(t, 1.0), (s, -1.0), (f, -1.0)])
                m.family.append(None)
                failures[c] = (f, rec)
            if _withheld(rec):
                if t_key[3] == "trials" and kind != "index":
                    m.targets.setdefault(failures[c][0], rec)
                continue
            num, n = _f(rec["numerator"]), _f(rec["n"])
            if num == num:
                m.fix(s_key, *bounds(num), where(rec, "numerator"), rec)
            if n == n:
                m.fix(t_key, *bounds(n), where(rec, "n"), rec)
        elif kind == "gap" and not _withheld(rec):
            n, nref = _f(rec["n"]), _f(rec["n_reference"])
            if n == n:
                m.fix((*c, "count"), *bounds(n), where(rec, "n"), rec)
            ref = _t(rec["reference_group"])
            if ref and nref == nref:
                m.fix((c[0], ref, c[2], "count"), *bounds(nref), where(rec, "n_reference"), rec)
    # linear relations
    var = m.var
    kids: dict[tuple, list[int]] = {}
    for key, gp in gpar.items():
        kids.setdefault((key[0], gp, key[2], key[3]), []).append(var[key])
    for key, lp in lpar.items():
        kids.setdefault((key[0], key[1], lp, key[3]) + ("L",), []).append(var[key])
    for parent, children in sorted(kids.items()):
        pk = parent[:4]
        if pk in var:
            m.eqs.append([(var[pk], 1.0)] + [(k, -1.0) for k in sorted(set(children))])
            m.family.append(None)
    years: dict[tuple, dict[str, int]] = {}
    for key, i in var.items():
        y = _YEAR_RE.match(key[2])
        if y:
            years.setdefault((key[0], key[1], key[3]), {})[y.group(1)] = i
    for key, i in sorted(var.items()):
        w = _WINDOW_RE.match(key[2])
        if w:
            one = years.get((key[0], key[1], key[3]), {})
            if w.group(1) in one and w.group(2) in one:
                m.eqs.append([(i, 1.0), (one[w.group(1)], -1.0), (one[w.group(2)], -1.0)])
                m.family.append(("window", key[3]))
        st = _STEP_RE.match(key[2])
        if st:
            ch, g = key[0], key[1]
            a, b = st.group(1) + st.group(2), st.group(1) + st.group(3)
            if key[3] == "trials" and (ch, g, a, "applicants") in var \
                    and (ch, g, a, "withdrawn") in var:
                m.eqs.append([(var[(ch, g, a, "applicants")], 1.0), (i, -1.0),
                              (var[(ch, g, a, "withdrawn")], -1.0)])
                m.family.append(("step trials", st.group(2)))
            if key[3] == "successes" and (ch, g, b, "applicants") in var:
                m.eqs.append([(i, 1.0), (var[(ch, g, b, "applicants")], -1.0)])
                m.family.append(("step successes", st.group(3)))
    totals: dict[tuple[str, str, str, str], list[int]] = {}
    for key, i in sorted(var.items()):
        # one population at one level: each characteristic's Total is everyone, and a group of
        # one name under two codings of a question (ethnicity_broad, ethnicity_binary) is the
        # same people
        question = "" if key[1] == "Total" else key[0].split("_")[0].split(" ")[0]
        if key[3] not in ("failures", "successes", "trials") or key in real_counts:
            totals.setdefault((question, key[1], key[2], key[3]), []).append(i)
    for same in totals.values():
        # where the published figures differ, the tables count different people: no link
        vals = {m.lo[i] for i in same if i in m.source}
        if len(vals) <= 1:
            for other in same[1:]:
                m.eqs.append([(same[0], 1.0), (other, -1.0)])
                m.family.append(None)
    return m


def _linear(m: _Population, zeros: bool = False) -> list[Finding]:
    out: list[Finding] = []
    exact = {i for i in m.source if m.lo[i] == m.hi[i]}
    wrong = {fam for eq, fam in zip(m.eqs, m.family, strict=True) if fam is not None
             and all(i in exact for i, _ in eq) and abs(sum(a * m.lo[i] for i, a in eq)) > 1e-6}
    kept = [(eq, fam) for eq, fam in zip(m.eqs, m.family, strict=True) if fam not in wrong]
    m.eqs = [eq for eq, _ in kept]
    m.family = [fam for _, fam in kept]
    for eq in m.eqs:
        if all(i in exact for i, _ in eq) and abs(sum(a * m.lo[i] for i, a in eq)) > 1e-6:
            rec = m.first[eq[0][0]]
            out.append(_finding(rec, "inconsistent_totals", (
                f"the published counts do not add up: {' + '.join(f'{a:+g} x {m.lo[i]:g}' for i, a in eq)} != 0")))
    if not m.targets or out:
        return out
    n = len(m.lo)
    unknown = [i for i in range(n) if i not in m.source or m.lo[i] != m.hi[i]]
    unknown_set = set(unknown)
    root = {i: i for i in unknown}

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for eq in m.eqs:
        members = [i for i, _ in eq if i in unknown_set]
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                root[max(a, b)] = min(a, b)
    comp: dict[int, list[int]] = {}
    for i in unknown:
        comp.setdefault(find(i), []).append(i)
    eqs_of: dict[int, list[list[tuple[int, float]]]] = {}
    for eq in m.eqs:
        inside = [i for i, _ in eq if i in unknown_set]
        if inside:
            eqs_of.setdefault(find(inside[0]), []).append(eq)
    names = list(m.var)
    for r, members in sorted(comp.items()):
        targets = sorted(i for i in members if i in m.targets)
        if not targets:
            continue
        idx = {i: j for j, i in enumerate(members)}
        rows, rhs = [], []
        for eq in eqs_of.get(r, []):
            coef = np.zeros(len(members))
            const = 0.0
            for i, a in eq:
                if i in idx:
                    coef[idx[i]] += a
                else:
                    const += a * m.lo[i]
            rows.append(coef)
            rhs.append(-const)
        a_eq = np.vstack(rows) if rows else None
        b_eq = np.asarray(rhs) if rows else None
        bnds = [(m.lo[i] if i in m.source else 0.0, m.hi[i] if i in m.source else None)
                for i in members]
        found = variable_ranges(a_eq, b_eq, [idx[i] for i in targets], bnds)
        for i in targets:
            span = found[idx[i]]
            if not span.feasible:
                rec = m.targets[i]
                out.append(_finding(rec, "inconsistent_totals",
                                    "the published counts around this cell do not add up"))
                break
            if math.isinf(span.high):
                continue
            lo_v, hi_v = span.low, span.high
            name = names[i]
            if name[3] == "failures" and (lo_v >= m.min_count or (hi_v <= 0 and not zeros)):
                continue  # a rate's failures known to be min_count or more, or none: not small
            if hi_v - lo_v < m.min_count - 1e-9:
                given = sorted({m.source[j] for eq in eqs_of.get(r, []) for j, _ in eq
                                if j in m.source})
                what = ("the not-selected count of the withheld rate" if name[3] == "failures"
                        else "the withheld count")
                out.append(_finding(
                    m.targets[i], "recoverable",
                    f"{what} ({'/'.join(name)}) lies in [{lo_v:.6g}, {hi_v:.6g}] "
                    f"(range {hi_v - lo_v:.6g} < {m.min_count}) given "
                    f"{'; '.join(given[:6])}{' ...' if len(given) > 6 else ''}"))
    return out


def _nonlinear(rows: list[tuple[dict, str]], m: _Population, min_count: int) -> list[Finding]:
    out: list[Finding] = []
    hidden: dict[tuple[str, str, str], dict] = {}
    for rec, kind in rows:
        # a cell is hidden by its own withheld figures, not by a comparison withheld because of
        # its reference group; a comparison withheld for its own small counts (the footnote's
        # reason says so) hides its cell: any other figure there is a function of those counts
        own = (kind not in ("external", "gap") and _t(rec["measure"]) not in _COMPARISONS) or \
            _t(rec.get("suppression_reason")).startswith("primary")
        if _withheld(rec) and own:
            hidden.setdefault((_t(rec["characteristic"]), _t(rec["group"]), _t(rec["level"])),
                              rec)
    by_cell: dict[tuple[str, str, str], list[tuple[dict, str]]] = {}
    for rec, kind in rows:
        by_cell.setdefault((_t(rec["characteristic"]), _t(rec["group"]), _t(rec["level"])),
                           []).append((rec, kind))
    for rec, kind in rows:
        if _withheld(rec) or kind in ("count", "external"):
            continue
        c = (_t(rec["characteristic"]), _t(rec["group"]), _t(rec["level"]))
        shows = [f for f in ("value", "n", "numerator", "ci_low", "ci_high")
                 if _f(rec[f]) == _f(rec[f])]
        if not shows:
            continue
        if shows == ["value"] and _f(rec["value"]) == 1 and _t(rec["reference_group"]) == c[1] \
                and _t(rec["measure"]) in _COMPARISONS:
            continue  # the reference group compared with itself: 1 whatever its counts
        if c in hidden:
            w = hidden[c]
            out.append(_finding(rec, "pins_withheld", (
                f"shows {', '.join(shows)} at the cell of the withheld {_t(w['measure'])} "
                f"({_t(w['table'])}): a function of the withheld count")))
            continue
        ref = _t(rec["reference_group"])
        measure = _t(rec["measure"])
        if ref and ref != c[1] and (measure in _COMPARISONS or kind == "gap"):
            rc = (c[0], ref, c[2])
            if rc in hidden:
                out.append(_reference_finding(rec, measure, by_cell, rc, hidden[rc], m,
                                              min_count))
                continue
        if measure in _LEVEL_SUMMARIES:
            f = _diversity_finding(rec, rows, hidden, min_count)
            if f is not None:
                out.append(f)
    return [f for f in out if f is not None]


def _reference_finding(rec: dict, measure: str, by_cell: Mapping, rc: tuple, w: dict,
                       m: _Population, min_count: int) -> Finding | None:
    """A comparison against a reference group whose figures are withheld."""
    if measure in _RATIOS:
        rate = [r for r, _ in by_cell.get((rec["characteristic"], rec["group"], rec["level"]),
                                          []) if _t(r["measure"]) in ("rate", "rate_pct")
                and not _withheld(r)]
        trials = m.var.get((rc[0], rc[1], rc[2], "trials"))
        ratio = _f(rec["value"])
        if rate and trials is not None and trials in m.source and m.lo[trials] == m.hi[trials]:
            g_rate = _f(rate[0]["value"]) / (100.0 if _t(rate[0]["measure"]) == "rate_pct"
                                              else 1.0)
            t_ref = int(m.lo[trials])
            tol = 0.5 * 10 ** -_decimals(ratio) + 1e-12
            rtol = 0.5 * 10 ** -_decimals(_f(rate[0]["value"])) + 1e-12
            fits = []
            for k in range(1, t_ref + 1):
                # the group's rate is itself rounded: allow its half-unit either way
                lo_r = (g_rate - rtol) / (k / t_ref)
                hi_r = (g_rate + rtol) / (k / t_ref)
                if lo_r - tol <= ratio <= hi_r + tol:
                    fits.append(k)
            if fits and max(fits) - min(fits) < min_count:
                return _finding(w, "recoverable", (
                    f"the reference group's successes are {min(fits)}..{max(fits)} given "
                    f"{_t(rec['table'])} {_t(rec['group'])} {measure} = {ratio:g}, the group's "
                    f"rate {_f(rate[0]['value']):g} and the reference's trials {t_ref}"))
            if fits:
                return None
    return _finding(rec, "pins_withheld", (
        f"compares with {rc[1]} whose {_t(w['measure'])} is withheld ({_t(w['table'])}): "
        "the comparison and the group's own figures give the reference's"))


def _diversity_finding(rec: dict, rows: list[tuple[dict, str]], hidden: Mapping,
                       min_count: int) -> Finding | None:
    ch, lv = _t(rec["characteristic"]), _t(rec["level"])
    counts = [(r, k) for r, k in rows if k == "count" and _t(r["characteristic"]) == ch
              and _t(r["level"]) == lv
              and _t(r["group"]) not in ("Total", "Declared", *_NOT_DECLARED)]
    withheld = [r for r, _ in counts if _withheld(r)]
    if withheld:
        return _finding(rec, "pins_withheld", (
            f"a diversity index of a level where {_t(withheld[0]['group'])} is withheld: with "
            "its n it narrows the withheld counts"))
    if counts:
        return None  # a function of published counts
    n = _f(rec["n"])
    if _t(rec["measure"]) != "diversity_index" or n != n or n > 40:
        return None
    groups = [r for r, _ in rows if _t(r["measure"]) == "distinct_groups"
              and _t(r["level"]) == lv and _t(r["characteristic"]) == ch and not _withheld(r)]
    value = _f(rec["value"])
    tol = 0.5 * 10 ** -_decimals(value) + 1e-12
    ks = [int(_f(groups[0]["value"]))] if groups else range(1, int(n) + 1)
    fits = [p for k in ks for p in _partitions(int(n), k)
            if abs(1 - sum((x / n) ** 2 for x in p) - value) <= tol]
    if fits and all(min(p) < min_count for p in fits):
        return _finding(rec, "recoverable", (
            f"n = {n:g} and index {value:g} leave only the group sizes "
            f"{'; '.join(str(list(p)) for p in fits[:3])}: a group of fewer than {min_count}"))
    return None


def _partitions(n: int, k: int, largest: int | None = None) -> Iterable[tuple[int, ...]]:
    """Partitions of n into exactly k positive parts, largest first."""
    largest = n if largest is None else largest
    if k == 0:
        if n == 0:
            yield ()
        return
    for first in range(min(n - (k - 1), largest), 0, -1):
        if first * k < n:
            break
        for rest in _partitions(n - first, k - 1, first):
            yield (first, *rest)


def attack(tables: Mapping[str, Iterable[tuple[dict, str]]], *, min_count: int,
           round_to: int | None = None, zeros_disclosive: bool = False,
           min_group_pay: int | None = None) -> list[Finding]:
    """Every withheld value an outsider can work out, per population (see the module notes).

    ``tables`` maps a population to its published rows as ``(record, kind)`` pairs (records with
    the tidy columns, kinds from :func:`eqlib.tables.measure_kind`). With ``min_group_pay``,
    means of overlapping groups too (:func:`mean_findings`).
    """
    found: list[Finding] = []
    for pop in sorted(tables):
        rows = list(tables[pop])
        m = _build(rows, min_count, round_to)
        found.extend(_linear(m, zeros_disclosive))
        found.extend(_nonlinear(rows, m, min_count))
        if min_group_pay is not None:
            found.extend(mean_findings(rows, min_group_pay=min_group_pay))
    # one finding per cell and rule is enough to fix it
    seen: set[tuple] = set()
    unique = []
    for f in found:
        key = (f.table, f.characteristic, f.group, f.level, f.measure, f.rule)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


__all__ = ["Finding", "attack"]


# --------------------------------------------------------------------------------------------------
# Means of overlapping groups (issue 15): published mean gaps and group sizes of groups that
# overlap (an ethnic group, sex x ethnic group, merged groups) can give the mean of a small group
# by a linear combination.
# --------------------------------------------------------------------------------------------------
_MEAN_MEASURES = frozenset({"mean_gap_pct", "mean_bonus_gap_pct"})
_CROSS = " × "
_MERGED_RE = re.compile(r"^(.+?) \((.+)\)$")


def _members(characteristic: str, group: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The dimensions of a characteristic and the cells a group label covers in them:
    ``sex × ethnicity_broad`` / ``Male × Ethnic minority (Black, Mixed)`` covers (Male, Black)
    and (Male, Mixed)."""
    dims = tuple(characteristic.split(_CROSS))
    parts = group.split(_CROSS, len(dims) - 1)
    if len(parts) != len(dims):
        return dims, []
    options = []
    for part in parts:
        m = _MERGED_RE.match(part)
        options.append([p.strip() for p in m.group(2).split(",")] if m else [part])
    cells: list[tuple[str, ...]] = [()]
    for opt in options:
        cells = [(*c, o) for c in cells for o in opt]
    return dims, cells


def mean_findings(rows: Iterable[tuple[dict, str]], *, min_group_pay: int,
                  seed: int = 20261130) -> list[Finding]:
    """Withheld means (and means of small groups inside merged groups) that published mean gaps
    of overlapping groups give away, by a linear combination of group pay sums.

    A published mean gap ``v`` of group X against reference R, with the sizes ``n`` and
    ``n_reference``, says: sum of X's pay = n (1 - v/100) / n_reference x sum of R's pay. Every
    group is a union of cells of the cross-classification of the characteristics it names (a
    group of one characteristic covers that group under every value of the others). A group's
    mean relative to its reference is given away when that relation is a linear combination of
    the published ones. Whether it is depends only on which figures are published, not on their
    values, so it is decided exactly on a random instance of the same structure (seeded).
    """
    rng = np.random.default_rng(seed)
    by: dict[tuple[str, str], list[dict]] = {}
    for rec, kind in rows:
        if kind == "gap" and _t(rec["measure"]) in _MEAN_MEASURES:
            by.setdefault((_t(rec["measure"]), _t(rec["level"])), []).append(rec)
    out: list[Finding] = []
    for _, recs in sorted(by.items()):
        # the dimensions and their values, from every label (withheld rows are listed too)
        values: dict[str, set[str]] = {}
        parsed = []
        # the characteristics that intersections cross (sex, ethnic group, disability): others
        # are not combined with them in any published group
        crossed = {d for rec in recs for d in _t(rec["characteristic"]).split(_CROSS)
                   if _CROSS in _t(rec["characteristic"])}
        for rec in recs:
            if not set(_t(rec["characteristic"]).split(_CROSS)) <= crossed:
                continue
            for grp in (_t(rec["group"]), _t(rec["reference_group"])):
                dims, cells = _members(_t(rec["characteristic"]), grp)
                for cell in cells:
                    for d, v in zip(dims, cell, strict=True):
                        values.setdefault(d, set()).add(v)
            parsed.append(rec)
        dims_all = sorted(values)
        if len(dims_all) > 4:
            continue
        # everyone has a value of the first characteristic of an intersection (sex, in the pay
        # data); of the others, some people may have none of the published groups
        complete = {_t(r["characteristic"]).split(_CROSS)[0] for r in parsed
                    if _CROSS in _t(r["characteristic"])}
        grid = [sorted(values[d]) + ([] if d in complete else ["(other)"]) for d in dims_all]
        size = int(np.prod([len(g) for g in grid]))
        if size > 5000:
            continue

        def cover(characteristic: str, group: str, grid: list = grid,
                  dims_all: list = dims_all) -> np.ndarray:
            dims, cells = _members(characteristic, group)
            mask = np.zeros([len(g) for g in grid], dtype=bool)
            for cell in cells:
                index: list[object] = [slice(None)] * len(dims_all)
                for d, v in zip(dims, cell, strict=True):
                    index[dims_all.index(d)] = grid[dims_all.index(d)].index(v)
                mask[tuple(index)] = True
            return mask.ravel()

        world = rng.uniform(1.0, 2.0, size)
        eqs, targets = [], []
        for rec in parsed:
            ch, ref = _t(rec["characteristic"]), _t(rec["reference_group"])
            if not ref:
                continue
            x, r = cover(ch, _t(rec["group"])), cover(ch, ref)
            if not x.any() or not r.any():
                continue
            row = x.astype(float) - (world[x].sum() / world[r].sum()) * r
            if _withheld(rec):
                targets.append((rec, row))
            elif _f(rec["value"]) == _f(rec["value"]):
                eqs.append(row)
        if not eqs:
            continue
        a = np.vstack(eqs)
        rank = np.linalg.matrix_rank(a, tol=1e-9)

        def given(row: np.ndarray, a: np.ndarray = a, rank: int = rank) -> bool:
            return bool(np.linalg.matrix_rank(np.vstack([a, row]), tol=1e-9) == rank)

        for rec, row in targets:
            if given(row):
                out.append(_finding(rec, "recoverable", (
                    f"the withheld {_t(rec['measure'])} of {_t(rec['group'])} is a linear "
                    "combination of the published mean gaps and group sizes of overlapping "
                    "groups")))
        # the cells of a cross-classification that no figure shows by itself (inside a merged
        # group, or withheld): their size from the published sizes, their mean from the sums
        sizes, known = [], []
        for rec in parsed:
            ch = _t(rec["characteristic"])
            for grp, n in ((_t(rec["group"]), _f(rec["n"])),
                           (_t(rec["reference_group"]), _f(rec["n_reference"]))):
                if grp and n == n:
                    sizes.append(cover(ch, grp).astype(float))
                    known.append(n)
        if not sizes:
            continue
        c, nk = np.vstack(sizes), np.asarray(known)
        crank = np.linalg.matrix_rank(c, tol=1e-9)
        solution = np.linalg.lstsq(c, nk, rcond=None)[0]
        shown = {tuple(_members(_t(r["characteristic"]), _t(r["group"]))[1][0])
                 for r in parsed if not _withheld(r)
                 and len(_members(_t(r["characteristic"]), _t(r["group"]))[1]) == 1}
        for rec in parsed:
            ch, ref = _t(rec["characteristic"]), _t(rec["reference_group"])
            dims, cells = _members(ch, _t(rec["group"]))
            if len(dims) < 2 or len(cells) < 2 or not ref:
                continue
            r = cover(ch, ref)
            for cell in cells:
                if cell in shown:
                    continue
                e = cover(_CROSS.join(dims), _CROSS.join(cell))
                if np.linalg.matrix_rank(np.vstack([c, e]), tol=1e-9) != crank:
                    continue  # its size is not given
                n_cell = float(e @ solution)
                if not 0.5 <= n_cell < min_group_pay - 0.5:
                    continue
                row = e.astype(float) - (world[e].sum() / world[r].sum()) * r
                if given(row):
                    out.append(_finding(rec, "recoverable", (
                        f"{_CROSS.join(cell)} ({n_cell:.0f} people, inside {_t(rec['group'])}): "
                        "its mean pay against the reference is a linear combination of the "
                        "published mean gaps and group sizes of overlapping groups")))
    return out
