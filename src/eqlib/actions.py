"""The equality action plan as data: actions, owners, the published figure each should move.

Large employers are expected to publish equality action plans beside their gender pay gap report
(Employment Rights Act 2025, from 2027), and the government's response on ethnicity and
disability pay gap reporting asks for action plans too. The authority's plan lives in a YAML
file named by params ``action_plan`` (``params/actions/<year>.yaml``); the report shows every
action with its measure's value this year and last year, its target and a status computed here,
never typed by hand.

Terms
-----
action
    ``id`` (unique), ``title``, ``objective`` (one of the strategy's three roles:
    ``employer``, ``commissioner``, ``civic leader``), ``owner`` (a post, not a person's name),
    ``start`` and ``due`` dates, ``measure`` and ``target``.
measure
    A published figure named by its table and row: ``table`` (a file in ``publish/tables``),
    ``characteristic``, ``group``, ``level``, ``measure`` (the tidy columns), and ``label`` (how
    the report names it). ``{year}`` in ``level`` stands for the reporting year (``"{year}"``,
    ``"{year}: senior and leadership"``); the same row with the previous year is last year's
    value. A level without ``{year}`` has no earlier value in this year's tables.
target
    ``value`` (in the table's own units: percent for gaps, a fraction for a ``share``, a ratio
    for an index), ``date`` (after the snapshot date) and ``direction`` (``down``: the figure
    should fall to the target, ``up``: rise to it).
status
    Computed from the published values (:func:`status`):

    * **achieved**: this year's value is at or beyond the target (at most the target for
      ``down``, at least for ``up``);
    * **on track**: not achieved, and last year's change, repeated every year until the target
      date, would reach the target: ``(this − last) × years_left`` moves at least as far as
      ``target − this``, in the target's direction (``years_left`` = days from the snapshot
      to the target date / 365.25);
    * **not yet**: neither (including a change in the wrong direction or none);
    * **not assessed**: this year's value is withheld or not published, or (when not achieved)
      there is no published value for last year to judge the pace by.

    The rule compares published point estimates; a one-year change can be noise, which the
    report says beside the table.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from eqlib.errors import ParamsError

__all__ = [
    "OBJECTIVES",
    "STATUSES",
    "action_plan_table",
    "load_actions",
    "status",
    "validate_actions",
]

OBJECTIVES: tuple[str, ...] = ("employer", "commissioner", "civic leader")
DIRECTIONS: tuple[str, ...] = ("down", "up")
STATUSES: tuple[str, ...] = ("achieved", "on track", "not yet", "not assessed")
ACTION_KEYS: tuple[str, ...] = ("id", "title", "objective", "owner", "start", "due", "measure",
                                "target")
MEASURE_KEYS: tuple[str, ...] = ("table", "characteristic", "group", "level", "measure", "label")
TARGET_KEYS: tuple[str, ...] = ("value", "date", "direction")
STATUS_RULE = (
    "Status: achieved when this year's figure has reached the target; on track when last year's "
    "change, repeated each year until the target date, would reach it; not yet otherwise; not "
    "assessed when a figure is withheld or there is no earlier figure to judge the pace by. "
    "A one-year change can be chance variation, so a status is a prompt to look, not a verdict."
)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def validate_actions(raw: Any, *, snapshot_date: str | dt.date, source: str) -> list[dict]:
    """Check an action plan (the parsed YAML) and return its actions.

    Raises
    ------
    ParamsError
        Listing every problem at once, each naming the action (by ``id`` or position) and the
        key: a missing or unknown key, an objective not among :data:`OBJECTIVES`, an empty
        owner, a date that cannot be read, ``due`` before ``start``, a target date on or before
        the snapshot date, a direction not ``down``/``up``, a repeated ``id``.
    """
    snapshot = _date(snapshot_date)
    problems: list[str] = []
    if not isinstance(raw, Mapping) or not isinstance(raw.get("actions"), list):
        raise ParamsError("the file must hold 'actions:' followed by a list of actions.",
                          file=source)
    unknown_top = [k for k in raw if k not in ("plan", "actions")]
    if unknown_top:
        problems.append(f"unknown key(s) {', '.join(map(str, unknown_top))}: expected 'plan' "
                        "(a title) and 'actions'.")
    seen: set[str] = set()
    actions = []
    for i, action in enumerate(raw["actions"], start=1):
        if not isinstance(action, Mapping):
            problems.append(f"action {i}: expected keys {', '.join(ACTION_KEYS)}; got {action!r}.")
            continue
        name = f"action {action.get('id', i)!s}"
        for key in action:
            if key not in ACTION_KEYS:
                close = difflib.get_close_matches(str(key), ACTION_KEYS, n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                problems.append(f"{name}: unknown key '{key}'.{hint}")
        for key in ACTION_KEYS:
            if key not in action or action[key] is None or action[key] == "":
                problems.append(f"{name}: {key} is missing.")

        def given(key: str, action: Mapping = action) -> bool:
            return key in action and action[key] not in (None, "")

        if given("id"):
            if str(action["id"]) in seen:
                problems.append(f"{name}: the id is used by another action.")
            seen.add(str(action["id"]))
        if given("objective") and action["objective"] not in OBJECTIVES:
            problems.append(f"{name}: objective '{action['objective']}' is not one of "
                            f"{', '.join(OBJECTIVES)} (the strategy's three roles).")
        if given("owner") and not _text(action["owner"]):
            problems.append(f"{name}: owner is missing (give the post responsible).")
        start = _date(action["start"]) if given("start") else None
        due = _date(action["due"]) if given("due") else None
        for key, value in (("start", start), ("due", due)):
            if given(key) and value is None:
                problems.append(f"{name}: {key} '{action[key]}' is not a date 'YYYY-MM-DD'.")
        if start and due and due < start:
            problems.append(f"{name}: due {due} is before start {start}.")
        measure, target = action.get("measure"), action.get("target")
        if given("measure") and (not isinstance(measure, Mapping) or any(
                k not in measure or not _text(str(measure[k])) for k in MEASURE_KEYS)):
            problems.append(f"{name}: measure must give {', '.join(MEASURE_KEYS)} (the published "
                            "table and row, and how the report names it).")
        if not given("target"):
            pass
        elif not isinstance(target, Mapping) or any(k not in target for k in TARGET_KEYS):
            problems.append(f"{name}: target must give {', '.join(TARGET_KEYS)}.")
        else:
            value, date = target["value"], _date(target["date"])
            if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                problems.append(f"{name}: target value {value!r} is not a number.")
            if date is None:
                problems.append(f"{name}: target date '{target['date']}' is not a date "
                                "'YYYY-MM-DD'.")
            elif snapshot is not None and date <= snapshot:
                problems.append(f"{name}: target date {date} is not after the snapshot date "
                                f"{snapshot}: a target must lie in the future.")
            if target["direction"] not in DIRECTIONS:
                problems.append(f"{name}: target direction '{target['direction']}' must be "
                                "'down' (the figure should fall) or 'up' (rise).")
        actions.append(dict(action))
    if problems:
        raise ParamsError(problems, file=source)
    return actions


def load_actions(path: str | Path, *, snapshot_date: str | dt.date) -> list[dict]:
    """Read and check an action plan file (:func:`validate_actions`)."""
    p = Path(path)
    if not p.exists():
        raise ParamsError(f"action plan file not found: {p}", file=str(path))
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParamsError(f"not valid YAML: {exc}", file=str(path)) from None
    return validate_actions(raw, snapshot_date=snapshot_date, source=str(path))


def status(this: float | None, last: float | None, *, target: float, direction: str,
           years_left: float) -> str:
    """Status of an action from its measure's published values (rule in the module docstring).

    Examples
    --------
    >>> status(4.0, 6.0, target=5.0, direction="down", years_left=4)
    'achieved'
    >>> status(9.0, 10.0, target=5.0, direction="down", years_left=4)  # -1 a year: 4 to go
    'on track'
    >>> status(9.5, 10.0, target=5.0, direction="down", years_left=4)
    'not yet'
    >>> status(None, 10.0, target=5.0, direction="down", years_left=4)
    'not assessed'
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'down' or 'up', got {direction!r}")
    sign = -1.0 if direction == "down" else 1.0
    if this is None or math.isnan(this):
        return "not assessed"
    if sign * (this - target) >= 0:
        return "achieved"
    if last is None or math.isnan(last):
        return "not assessed"
    progress = sign * (this - last)
    if progress > 0 and progress * max(years_left, 0.0) >= sign * (target - this):
        return "on track"
    return "not yet"


def _find(tables: Mapping[str, pd.DataFrame], measure: Mapping[str, Any], level: str,
          name: str) -> tuple[float | None, bool, str]:
    """``(value, withheld, kind)`` of one published row; raises when the row is not published."""
    from eqlib.tables import measure_kind  # noqa: PLC0415

    table = tables.get(str(measure["table"]))
    if table is None:
        close = difflib.get_close_matches(str(measure["table"]), list(tables), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ParamsError(f"{name}: unknown measure: no published table '{measure['table']}'."
                          f"{hint}")
    rows = table[(table["characteristic"].astype(str) == str(measure["characteristic"]))
                 & (table["group"].astype(str) == str(measure["group"]))
                 & (table["level"].astype(str) == level)
                 & (table["measure"].astype(str) == str(measure["measure"]))]
    if len(rows) != 1:
        what = (f"table '{measure['table']}', characteristic '{measure['characteristic']}', "
                f"group '{measure['group']}', level '{level}', measure '{measure['measure']}'")
        if rows.empty:
            levels = sorted(set(table.loc[table["group"].astype(str) == str(measure["group"]),
                                          "level"].astype(str)))[:8]
            raise ParamsError(f"{name}: unknown measure: no published row with {what}"
                              + (f" (levels of that group: {', '.join(levels)})" if levels
                                 else "") + ".")
        raise ParamsError(f"{name}: the measure names {len(rows)} rows ({what}); name one.")
    r = rows.iloc[0]
    value = float(r["value"]) if pd.notna(r["value"]) else None
    return value, bool(r["suppressed"]), measure_kind(str(measure["measure"]))


def action_plan_table(actions: Sequence[Mapping[str, Any]], tables: Mapping[str, pd.DataFrame],
                      *, year: int, snapshot_date: str) -> pd.DataFrame:
    """Every action with its measure's published values and its status.

    Returns
    -------
    pandas.DataFrame
        One row per action: ``id, title, objective, owner, start, due, measure_label, kind``
        (the measure's disclosure kind, for formatting), ``last_year, this_year`` (None when not
        published), ``last_withheld, this_withheld``, ``target, target_date, direction,
        status``.

    Raises
    ------
    ParamsError
        When an action's measure names no published row (unknown measure), or several.
    """
    snapshot = dt.date.fromisoformat(snapshot_date)
    rows = []
    for action in actions:
        name = f"action {action['id']}"
        measure, target = action["measure"], action["target"]
        level = str(measure["level"])
        this, this_sup, kind = _find(tables, measure, level.replace("{year}", str(year)), name)
        last, last_sup = None, False
        if "{year}" in level:
            try:
                last, last_sup, _ = _find(tables, measure, level.replace("{year}",
                                                                         str(year - 1)), name)
            except ParamsError:
                last = None  # the first year of the trend has no earlier value
        years_left = (_date(target["date"]) - snapshot).days / 365.25
        rows.append({
            "id": str(action["id"]), "title": action["title"], "objective": action["objective"],
            "owner": action["owner"], "start": str(action["start"]), "due": str(action["due"]),
            "measure_label": measure["label"], "kind": kind,
            "last_year": None if last_sup else last, "this_year": None if this_sup else this,
            "last_withheld": last_sup, "this_withheld": this_sup,
            "target": float(target["value"]), "target_date": str(target["date"]),
            "direction": target["direction"],
            "status": status(None if this_sup else this, None if last_sup else last,
                             target=float(target["value"]), direction=target["direction"],
                             years_left=years_left),
        })
    return pd.DataFrame(rows)


def _fmt(value: Any, kind: str, *, withheld: bool = False) -> str:
    from eqlib.publication import fmt_number, fmt_pct  # noqa: PLC0415

    if kind == "share":
        return fmt_pct(value, unit="fraction", suppressed=withheld)
    if kind in ("percent", "gap"):
        return fmt_pct(value, suppressed=withheld)
    return fmt_number(value, 2 if kind == "index" else 1, suppressed=withheld)


def _roles(objectives: pd.Series) -> str:
    """``an employer and a civic leader``: the strategy roles the actions serve, in order."""
    roles = [f"{'an' if o[0] in 'aeiou' else 'a'} {o}" for o in OBJECTIVES
             if o in set(objectives)]
    return roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " and " + roles[-1]


def section(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> list[tuple[str, list]]:
    """The report's action plan section: ``[("Equality action plan", blocks)]``, or nothing when
    params ``action_plan`` is null."""
    from eqlib.config import resolve  # noqa: PLC0415
    from eqlib.publication import fmt_date, in_main_report, paragraph, table_html  # noqa: PLC0415

    if not params.get("action_plan"):
        return []
    actions = load_actions(resolve(params["action_plan"]), snapshot_date=params["snapshot_date"])
    plan = action_plan_table(actions, tables, year=int(params["year"]),
                             snapshot_date=params["snapshot_date"])
    year = int(params["year"])
    wide = pd.DataFrame({
        "Action": [f"{r.id}. {r.title}" for r in plan.itertuples()],
        "Objective and owner": [f"{r.objective.capitalize()}: {r.owner}, due {fmt_date(r.due)}"
                                for r in plan.itertuples()],
        "Measure": plan["measure_label"],
        str(year - 1): [_fmt(r.last_year, r.kind, withheld=r.last_withheld)
                        for r in plan.itertuples()],
        str(year): [_fmt(r.this_year, r.kind, withheld=r.this_withheld)
                    for r in plan.itertuples()],
        "Target": [f"{_fmt(r.target, r.kind)} by {fmt_date(r.target_date)}"
                   for r in plan.itertuples()],
        "Status": plan["status"],
    })
    counts = plan["status"].value_counts()
    summary = ", ".join(f"{int(counts[s])} {s}" for s in STATUSES if s in counts)
    blocks = [
        paragraph(
            f"The authority's equality action plan has {len(plan)} actions, in its role as "
            f"{_roles(plan['objective'])}. Each action names the published "
            "figure it is meant to move; the table shows that figure last year and this year, "
            f"the target, and a status worked out from them ({summary}).",
        ),
        in_main_report(table_html(
            wide, caption=f"Equality action plan: progress at {fmt_date(params['snapshot_date'])}",
            formats={c: "text" for c in wide.columns}, row_header="Action",
            min_count=int(params["disclosure"]["min_count"]), notes=[STATUS_RULE])),
    ]
    return [("Equality action plan", blocks)]
