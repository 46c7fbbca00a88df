"""Representation targets and where current rates lead (issue 20, item 3): params ``representation_targets``,
the published table ``representation_trajectory`` and the report's section.

In the manner of the NHS "Model Employer" goals: a target is a group's share of one or more grade
bands taken together (e.g. ethnic minority staff at senior and leadership grades) to be reached by
a year, either a number or ``benchmark`` (the group's share of the population benchmark, params
``benchmark``: the Liverpool City Region's working-age residents by default). The flow model of
:mod:`eqlib.trajectory`, fed with the stocks of the reporting year and the joiner, leaver and
promotion rates observed over every pair of consecutive snapshot years, gives

* where current rates lead, year by year to the target year, with an interval (the rates' own
  uncertainty: Jeffreys posteriors, seeded draws; params ``bootstrap.n`` and ``seed``);
* the share of the bands' appointments from outside that must go to the group each year, and
  the number that means a year, for the share to reach the target (other rates unchanged).

Shares are among staff who declared (as the representation index and the population benchmark
are): people who did not declare are a third group of the model, counted in stocks and flows,
left out of the share.

Table ``representation_trajectory`` (population ``trajectory``; one cell per target and year,
level ``"<bands>: <year>"``):

===========================  ===============================================================
``share``                    observed share in a snapshot year (numerator / n declared)
``projected_share``          where current rates lead, with ``ci_low`` / ``ci_high``
``target_share``             the target (kind ``external``: a parameter, not about people)
``appointment_share_needed`` share of the bands' appointments the group needs each year
``appointments_needed``      the number of appointments of the group that means a year
===========================  ===============================================================

Disclosure: the model's figures are not counts or shares of people; they are registered as kind
``index`` and carry the reporting year's numerator and ``n`` (the group and the declared staff of
the bands, what the projection starts from), so they are withheld whenever the starting share
would be. Residual risk, as for the trend table: the ``trajectory`` population is not linked to
``workforce`` in the secondary suppression.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from eqlib import census, characteristics, codes, trajectory
from eqlib import tables as tt
from eqlib.errors import ParamsError

__all__ = [
    "BENCHMARK",
    "TABLE",
    "Target",
    "build_table",
    "check_targets",
    "load_targets",
    "project_target",
    "section",
]

TABLE = "representation_trajectory"
POPULATION = "trajectory"
#: ``target`` value meaning "the group's share of the population benchmark".
BENCHMARK = "benchmark"
#: The model's groups besides the target's: the other declared answers, and no answer.
OTHER_DECLARED = "Other declared"
NOT_DECLARED = "Not declared"
_KEYS = ("characteristic", "group", "bands", "target", "year")
ASSUMPTIONS = (
    "How the projection works: starting from the staff in post on the snapshot date, each year "
    "applies the joining, leaving and promotion rates of each grade band and group seen between "
    "the snapshot years, unchanged, with as many appointments from outside as on average so far; "
    "a promotion moves a person one band up. The shaded band shows how uncertain those rates are "
    "from the number of people behind them, not the effect of new policies or a changing labour "
    "market. Shares are of staff who told us, as in the comparison with the population."
)


@dataclass(frozen=True)
class Target:
    """One entry of params ``representation_targets``."""

    characteristic: str
    group: str
    bands: tuple[str, ...]
    target: float | str
    year: int

    @property
    def level(self) -> str:
        """The bands taken together, e.g. ``senior and leadership``."""
        return " and ".join(self.bands)


def check_targets(raw: Any, *, grade_bands: Sequence[str], year: int,
                  previous_years: Sequence[int]) -> list[str]:
    """Problems of params ``representation_targets`` (empty when valid), each naming the entry and
    what is expected. ``null`` or ``[]``: no targets this year. Without ``previous_years`` there
    are no flows to project from: the table then holds the observed share and the target only."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        return ["'representation_targets': expected null, or a list of targets such as [{characteristic: "
                "ethnicity_binary, group: Ethnic minority, bands: [senior, leadership], target: "
                "benchmark, year: 2030}]"]
    problems: list[str] = []
    seen: set[tuple] = set()
    for i, t in enumerate(raw):
        where = f"'representation_targets' entry {i + 1}"
        if not isinstance(t, dict):
            problems.append(f"{where}: expected a mapping with keys {', '.join(_KEYS)}")
            continue
        missing = [k for k in _KEYS if k not in t]
        extra = [str(k) for k in t if k not in _KEYS]
        if missing or extra:
            problems.append(f"{where}: " + "; ".join(
                ([f"missing {', '.join(missing)}"] if missing else [])
                + ([f"unknown key {', '.join(extra)} (expected {', '.join(_KEYS)})"]
                   if extra else [])))
            continue
        if t["characteristic"] not in characteristics.used_by("targets"):
            problems.append(f"{where}: characteristic {t['characteristic']!r} is not one of "
                            f"{', '.join(characteristics.used_by('targets'))}")
        if not isinstance(t["group"], str) or not t["group"].strip() \
                or t["group"] in codes.NOT_DECLARED:
            problems.append(f"{where}: group {t['group']!r} should name a group of the "
                            "characteristic, e.g. Ethnic minority or Disabled")
        bands = t["bands"]
        if not (isinstance(bands, list) and bands and all(isinstance(b, str) for b in bands)
                and len(set(bands)) == len(bands)):
            problems.append(f"{where}: bands should be a list of grade bands, e.g. "
                            "[senior, leadership]")
        else:
            unknown = [b for b in bands if b not in grade_bands]
            if unknown:
                problems.append(f"{where}: bands {', '.join(unknown)} not in grade_bands "
                                f"({', '.join(grade_bands)})")
        target = t["target"]
        if not (target == BENCHMARK or (isinstance(target, int | float)
                                        and not isinstance(target, bool) and 0 < target < 1)):
            problems.append(f"{where}: target {target!r} should be a share between 0 and 1 "
                            f"(e.g. 0.12) or '{BENCHMARK}' (the population benchmark's share)")
        ty = t["year"]
        if not (isinstance(ty, int) and not isinstance(ty, bool) and year < ty <= year + 50):
            problems.append(f"{where}: year {ty!r} should be a year after the reporting year "
                            f"{year} (and within 50 years)")
        key = (t["characteristic"], t["group"], tuple(bands) if isinstance(bands, list) else bands)
        if key in seen:
            problems.append(f"{where}: a second target for the same group and bands; keep one")
        seen.add(key)
    return problems


def load_targets(params: Mapping[str, Any]) -> list[Target]:
    """The targets of validated params (``[]`` when ``representation_targets`` is null or empty)."""
    return [Target(t["characteristic"], t["group"], tuple(t["bands"]), t["target"], int(t["year"]))
            for t in params.get("representation_targets") or []]


def _labelled(data: pd.DataFrame, characteristic: str, group: str) -> pd.DataFrame:
    values = data[characteristic].astype("string")
    lab = np.where(values == group, group,
                   np.where(values.isin(codes.NOT_DECLARED) | values.isna(), NOT_DECLARED,
                            OTHER_DECLARED))
    return pd.DataFrame({"employee_id": data["employee_id"].to_numpy(),
                         "grade_band": data["grade_band"].astype(str).to_numpy(),
                         "g": lab})


def target_share(target: Target, benchmark: pd.DataFrame | None, params: Mapping[str, Any]
                 ) -> tuple[float, str]:
    """The target as a share, and where it comes from (the table's ``reference_group``)."""
    if target.target != BENCHMARK:
        return float(target.target), "target set by the authority"
    from eqlib.topics.representation.analysis import benchmark_label  # noqa: PLC0415

    if benchmark is None:
        raise ParamsError(["a target of 'benchmark' needs the population benchmark"])
    area = census.area_code(params["benchmark"]["areas"])
    population = census.benchmark_population(
        benchmark, target.characteristic, area=area,
        choice=params["benchmark"].get("population", census.CLOSEST))
    shares = census.benchmark_shares(benchmark, target.characteristic, area=area,
                                     population=population)
    if target.group not in shares.index:
        raise ParamsError([f"representation_targets: group '{target.group}' of {target.characteristic} has no "
                           f"benchmark share (groups: {', '.join(map(str, shares.index))})"])
    return float(shares[target.group]), benchmark_label(census.AREA_NAMES.get(area, area),
                                                          population)


@dataclass
class Projection:
    """One target's trajectory (:func:`project_target`)."""

    target: Target
    target_share: float
    source: str
    observed: pd.DataFrame  # year, numerator, n, value
    projected: pd.DataFrame  # year, value, ci_low, ci_high
    appointment_share_needed: float
    appointments_needed: float
    appointments_per_year: float
    appointment_share_now: float
    flows: pd.DataFrame


def project_target(workforce: Mapping[int, pd.DataFrame], target: Target,
                   params: Mapping[str, Any], *, benchmark: pd.DataFrame | None = None,
                   rates: trajectory.FlowRates | None = None) -> Projection:
    """Observed shares, where current rates lead, and the appointments needed, for one target.

    ``rates``: the analyst's own rates in place of the observed ones (the notebook's "what if";
    the interval still reflects the observed rates' uncertainty around their own centre).

    Raises
    ------
    eqlib.ParamsError
        When the group is not found in any snapshot's data for the characteristic.
    """
    year = int(params["year"])
    bands = list(params["grade_bands"])
    groups = [target.group, OTHER_DECLARED, NOT_DECLARED]
    combine = [bands.index(b) for b in target.bands]
    if not any(target.group in set(d[target.characteristic].astype(str))
               for d in workforce.values()):
        raise ParamsError([f"representation_targets: group '{target.group}' is not an answer of "
                           f"{target.characteristic} in the workforce data of any year"])
    labelled = {y: _labelled(d, target.characteristic, target.group) for y, d in workforce.items()}
    flows = trajectory.observed_flows(labelled, band="grade_band", group="g", bands=bands,
                                      groups=groups)
    observed = []
    for y, d in sorted(labelled.items()):
        inside = d[d["grade_band"].isin(target.bands)]
        num, n = int((inside["g"] == target.group).sum()), int((inside["g"] != NOT_DECLARED).sum())
        observed.append({"year": y, "numerator": num, "n": n,
                         "value": num / n if n else float("nan")})
    now = labelled[year]
    stock = np.array([[((now["grade_band"] == b) & (now["g"] == g)).sum() for g in groups]
                      for b in bands], dtype=float)
    base = rates or trajectory.rates_from_flows(flows, bands=bands, groups=groups)
    steps = target.year - year
    interval = trajectory.project_interval(
        flows, stock, bands=bands, groups=groups, years=steps, group=0,
        n_draws=int(params["bootstrap"]["n"]), seed=int(params["bootstrap"]["seed"]),
        confidence_level=float(params["confidence_level"]), among=[0, 1], combine=combine)
    if rates is not None:  # the analyst's rates move the central line; the interval follows it
        central = trajectory._shares(trajectory.project(stock, rates, steps), 0, among=[0, 1],
                                     combine=combine)[:, 0]
        shift = central - interval["share"].to_numpy()
        interval = interval.assign(share=central, ci_low=interval["ci_low"] + shift,
                                   ci_high=interval["ci_high"] + shift)
    projected = interval[interval["step"] > 0].assign(year=lambda d: d["step"] + year)
    projected = projected.rename(columns={"share": "value"})[["year", "value", "ci_low",
                                                               "ci_high"]]
    goal, source = target_share(target, benchmark, params)
    a_share, a_number = trajectory.appointments_needed(stock, base, band=combine, group=0,
                                                       target_share=goal, years=steps,
                                                       among=[0, 1])
    per_year = float(base.appointments[combine].sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        share_now = float((base.appointments[combine] * base.appointment_share[combine, 0]).sum()
                          / per_year) if per_year else float("nan")
    return Projection(target, goal, source, pd.DataFrame(observed),
                      projected.reset_index(drop=True), a_share, a_number, per_year, share_now,
                      flows)


def _observed_only(workforce: Mapping[int, pd.DataFrame], t: Target, params: Mapping[str, Any],
                   benchmark: pd.DataFrame | None) -> Projection:
    observed = []
    for y, d in sorted(workforce.items()):
        lab = _labelled(d, t.characteristic, t.group)
        inside = lab[lab["grade_band"].isin(t.bands)]
        num, n = int((inside["g"] == t.group).sum()), int((inside["g"] != NOT_DECLARED).sum())
        observed.append({"year": y, "numerator": num, "n": n,
                         "value": num / n if n else float("nan")})
    goal, source = target_share(t, benchmark, params)
    empty = pd.DataFrame(columns=["year", "value", "ci_low", "ci_high"])
    nan = float("nan")
    return Projection(t, goal, source, pd.DataFrame(observed), empty, nan, nan, nan, nan,
                      pd.DataFrame())


def projections(workforce: Mapping[int, pd.DataFrame], benchmark: pd.DataFrame | None,
                params: Mapping[str, Any]) -> list[Projection]:
    """Every target of params ``representation_targets`` projected (:func:`project_target`).

    With one snapshot there are no flows to project from: each projection then holds the
    observed share and the target only (empty ``projected``).
    """
    if len(workforce) < 2:
        return [_observed_only(workforce, t, params, benchmark) for t in load_targets(params)]
    return [project_target(workforce, t, params, benchmark=benchmark) for t in load_targets(params)]


def build_table(projected: Sequence[Projection], params: Mapping[str, Any]
                ) -> dict[str, pd.DataFrame]:
    """``{"representation_trajectory": tidy table}`` of :func:`projections`, or ``{}`` for none."""
    if not projected:
        return {}
    rows: list[dict[str, Any]] = []
    if any(len(p.observed) < 2 for p in projected):  # one snapshot: no flows to project from
        for p in projected:
            t = p.target
            base = {"table": TABLE, "population": POPULATION, "characteristic": t.characteristic,
                    "group": t.group}
            rows += [base | {"level": f"{t.level}: {r.year}", "measure": "share",
                             "value": r.value, "numerator": r.numerator, "n": r.n}
                     for r in p.observed.itertuples()]
            rows.append(base | {"level": f"{t.level}: {t.year}", "measure": "target_share",
                                "value": p.target_share, "reference_group": p.source})
        return {TABLE: tt.conform(pd.DataFrame(rows))}
    for p in projected:
        t = p.target
        start = p.observed[p.observed["year"] == int(params["year"])].iloc[0]
        base = {"table": TABLE, "population": POPULATION, "characteristic": t.characteristic,
                "group": t.group}
        for r in p.observed.itertuples():
            rows.append(base | {"level": f"{t.level}: {r.year}", "measure": "share",
                                "value": r.value, "numerator": r.numerator, "n": r.n})
        start_counts = {"numerator": start["numerator"], "n": start["n"]}
        for r in p.projected.itertuples():
            rows.append(base | start_counts | {
                "level": f"{t.level}: {r.year}", "measure": "projected_share", "value": r.value,
                "ci_low": r.ci_low, "ci_high": r.ci_high})
        at_target = base | {"level": f"{t.level}: {t.year}"}
        rows.append(at_target | {"measure": "target_share", "value": p.target_share,
                                 "reference_group": p.source})
        reach = ({} if not math.isnan(p.appointment_share_needed) else
                 {"suppression_reason": "not applicable: not reachable even if every "
                                        "appointment went to the group"})
        rows.append(at_target | start_counts | reach | {
            "measure": "appointment_share_needed", "value": p.appointment_share_needed})
        rows.append(at_target | start_counts | reach | {
            "measure": "appointments_needed", "value": p.appointments_needed})
    table = tt.conform(pd.DataFrame(rows))
    return {TABLE: table}


# --------------------------------------------------------------------------------------------------
# The report (from the published, protected table only)
# --------------------------------------------------------------------------------------------------
def _rows(table: pd.DataFrame, t: Target, measure: str) -> pd.DataFrame:
    sel = table[(table["characteristic"] == t.characteristic) & (table["group"] == t.group)
                & (table["measure"] == measure)
                & table["level"].astype(str).str.startswith(f"{t.level}: ")].copy()
    sel["year"] = sel["level"].astype(str).str.rsplit(": ", n=1).str[1].astype(int)
    sel["suppressed"] = sel["suppressed"].astype(str).str.lower().isin(("true", "1"))
    return sel.sort_values("year")


def _describe(t: Target) -> str:
    return f"{t.group.lower() if t.group != 'Ethnic minority' else 'ethnic minority'} staff"


def section(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]
            ) -> list[tuple[str, list]]:
    """``[("Representation targets", blocks)]``: per target a sentence and the trajectory chart,
    the assumptions in plain words, and the table (to Appendix A); nothing without targets."""
    from eqlib.plots import trajectory_chart  # noqa: PLC0415
    from eqlib.publication import fmt_number, fmt_pct, paragraph, table_html  # noqa: PLC0415

    targets = load_targets(params)
    if not targets or TABLE not in tables:
        return []
    table = tables[TABLE]
    year = int(params["year"])
    first = min(int(y) for y in [*params["previous_years"], year])
    level = float(params["confidence_level"])
    min_count = int(params["disclosure"]["min_count"])
    blocks: list = []
    for t in targets:
        obs, proj = _rows(table, t, "share"), _rows(table, t, "projected_share")
        goal = _rows(table, t, "target_share")["value"].astype(float).iloc[0]
        now = obs[obs["year"] == year].iloc[0]
        who = _describe(t)
        lead = (f"Target: {who} to be {fmt_pct(goal, 1, unit='fraction')} of those at "
                f"{t.level} grades by {t.year} ("
                f"{'the population share' if t.target == BENCHMARK else 'set by the authority'}).")
        if proj.empty and not now["suppressed"]:
            blocks.append(paragraph(
                f"{lead} In {year} it was {fmt_pct(float(now['value']), 1, unit='fraction')}. "
                "A projection needs the joining, leaving and promotion rates seen between at "
                "least two snapshot years, which this report does not have."))
            continue
        if now["suppressed"] or proj.empty or proj["suppressed"].all():
            blocks.append(paragraph(f"{lead} The figures are withheld to protect confidentiality "
                                    "[c]: too few people at these grades to publish them."))
            continue
        a_share = _rows(table, t, "appointment_share_needed").iloc[0]
        a_n = _rows(table, t, "appointments_needed").iloc[0]
        end = proj.iloc[-1]
        verdict = "reaching" if float(end["value"]) >= goal else "short of"
        text = (f"{lead} In {year} it was {fmt_pct(float(now['value']), 1, unit='fraction')}. "
                f"If the rates seen since {first} continue, it would be "
                f"{fmt_pct(float(end['value']), 1, unit='fraction')} in {t.year} "
                f"({fmt_pct(level, 0, unit='fraction')} interval "
                f"{fmt_pct(float(end['ci_low']), 1, unit='fraction')} to "
                f"{fmt_pct(float(end['ci_high']), 1, unit='fraction')}), {verdict} the target.")
        if a_share["suppressed"]:
            pass
        elif math.isnan(float(a_share["value"])):
            text += (" Appointments from outside alone could not reach it by then: promotion "
                     "and keeping staff would have to change too.")
        elif float(a_share["value"]) == 0:
            text += " No change to appointments is needed to reach it."
        else:
            text += (f" To reach it, {fmt_pct(float(a_share['value']), 0, unit='fraction')} of "
                     f"appointments to these grades from outside (about "
                     f"{fmt_number(float(a_n['value']), 1)} a year) would need to go to {who}, "
                     "other rates unchanged.")
        blocks.append(paragraph(text))
        chart = trajectory_chart(
            obs[["year", "value", "suppressed"]],
            proj[["year", "value", "ci_low", "ci_high", "suppressed"]],
            target=goal, target_year=t.year, group=t.group, level=level, min_count=min_count,
            caption=f"{t.group} share at {t.level} grades: observed, at current rates and the "
                    f"{t.year} target")
        blocks.append(chart)
    blocks.append(paragraph(ASSUMPTIONS))
    wide = pd.DataFrame({
        "Target": [f"{r.group}, {r.level.rsplit(': ', 1)[0]}" for r in table.itertuples()],
        "Year": [str(r.level).rsplit(": ", 1)[1] for r in table.itertuples()],
        "Measure": [_MEASURE_LABELS.get(r.measure, r.measure) for r in table.itertuples()],
        "Value": [_fmt_value(r) for r in table.itertuples()],
        "Interval": [_fmt_interval(r) for r in table.itertuples()],
    })
    withheld = table["suppressed"].astype(str).str.lower().isin(("true", "1")).to_numpy()
    blocks.append(table_html(wide, caption="Representation targets: observed shares, where "
                             "current rates lead and appointments needed",
                             formats={c: "text" for c in wide.columns}, row_header="Target",
                             suppressed=pd.DataFrame({"Value": withheld, "Interval": withheld}),
                             min_count=min_count))
    return [("Representation targets", blocks)]


_MEASURE_LABELS = {
    "share": "share (observed)", "projected_share": "share at current rates",
    "target_share": "target share", "appointment_share_needed": "share of appointments needed",
    "appointments_needed": "appointments of the group needed a year",
}


def _withheld(r: Any) -> bool:
    return str(r.suppressed).lower() in ("true", "1")


def _fmt_value(r: Any) -> str:
    from eqlib.publication import fmt_number, fmt_pct  # noqa: PLC0415

    if _withheld(r):
        return tt.CONFIDENTIAL
    if r.value != r.value:
        return tt.NOT_APPLICABLE
    if r.measure == "appointments_needed":
        return fmt_number(float(r.value), 1)
    return fmt_pct(float(r.value), 1, unit="fraction")


def _fmt_interval(r: Any) -> str:
    from eqlib.publication import fmt_pct  # noqa: PLC0415

    if _withheld(r) or r.ci_low != r.ci_low:
        return ""
    return (f"{fmt_pct(float(r.ci_low), 1, unit='fraction')} to "
            f"{fmt_pct(float(r.ci_high), 1, unit='fraction')}")
