"""The independent checker (acceptance.md §1): reads only the published tables and fails the
build on any disclosure problem. It shares no helper with the suppression code: every rule is
re-derived from :class:`~eqlib.disclosure.rules.DisclosureRules`, and protection is measured on
the published values alone (with :mod:`eqlib.attacker` for what values imply together).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from eqlib.disclosure.rules import (
    DisclosureRules,
)
from eqlib.errors import PublicationError
from eqlib.tables import (
    TIDY_COLUMNS,
    conform,
    measure_kind,
    read_table,
)


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
    >>> from eqlib.disclosure import protect
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

