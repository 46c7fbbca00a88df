"""Employment lifecycle outcomes (methodology §4.2): people, not events, per year and
characteristic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from eqlib import codes
from eqlib.errors import DataError
from eqlib.outcomes.rates import (
    LIFECYCLE_OUTCOMES,
    ROLLING_OUTCOMES,
    _check_choice,
    _group_column,
    _groups_in_order,
    compare_rates,
)


# --------------------------------------------------------------------------------------------------
# Employment lifecycle (methodology §4.2)
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LifecyclePopulation:
    """Everyone employed at some time in a year and their outcomes: :func:`lifecycle_people`
    without the groups, which are the only part that depends on the characteristic.

    ``people``: ``employee_id, basis`` and one boolean column per outcome, sorted by
    ``employee_id``. ``sources``: where each person's group is read, in order of preference (the
    year-end snapshot, the start snapshot, the events-only people's events by date), each as the
    frame, what it is called in messages, and the row of each person's first record in it (-1:
    not in it).
    """

    people: pd.DataFrame
    sources: tuple[tuple[pd.DataFrame | None, str, np.ndarray], ...]

    def groups(self, characteristic: str) -> np.ndarray:
        """Each person's group under ``characteristic``: from the first source that holds the
        person (missing values count as ``Not known``)."""
        group = np.full(len(self.people), None, dtype=object)
        found = np.zeros(len(self.people), dtype=bool)
        for frame, what, rows in self.sources:
            if frame is None or len(frame) == 0:
                continue
            if "employee_id" not in frame.columns:
                raise DataError(f"the {what} have no column 'employee_id'.")
            values = _group_column(frame, characteristic, what).to_numpy()
            take = ~found & (rows >= 0)
            group[take] = values[rows[take]]
            found |= take
        return group


def _first_rows(frame: pd.DataFrame | None, ids: Sequence[Any]) -> np.ndarray:
    """The row of each id's first record in ``frame`` (-1 where it has none)."""
    if frame is None or len(frame) == 0:
        return np.full(len(ids), -1, dtype=np.intp)
    first = pd.Series(np.arange(len(frame)), index=frame["employee_id"].to_numpy()).groupby(
        level=0, sort=False).first()
    return first.reindex(ids).fillna(-1).to_numpy(dtype=np.intp)


def _employee_ids(frame: pd.DataFrame | None, what: str) -> pd.Index:
    """The distinct ids of ``frame``: an Index, which ``isin`` takes as it is (a set is first
    copied into a new array on every call: seconds at a million staff)."""
    if frame is None or len(frame) == 0:
        return pd.Index([], dtype=object)
    if "employee_id" not in frame.columns:
        raise DataError(f"the {what} have no column 'employee_id'.")
    return pd.Index(frame["employee_id"].unique())


def lifecycle_population(
    events: pd.DataFrame,
    workforce_start: pd.DataFrame | None,
    workforce_end: pd.DataFrame,
    *,
    outcomes: Sequence[str] = tuple(LIFECYCLE_OUTCOMES),
) -> LifecyclePopulation:
    """The people of :func:`lifecycle_people` and their outcomes, before any characteristic.

    Parameters and errors as :func:`lifecycle_people` (the characteristic's columns are read by
    :meth:`LifecyclePopulation.groups`).
    """
    for o in outcomes:
        _check_choice("outcome", o, tuple(LIFECYCLE_OUTCOMES))
    for col in ("employee_id", "event_type"):
        if col not in events.columns:
            raise DataError(f"the events have no column '{col}'.")
    end_ids = _employee_ids(workforce_end, "year-end workforce")
    start_ids = _employee_ids(workforce_start, "start-of-year workforce")
    in_snapshots = end_ids.append(start_ids).unique()
    # the events of people in neither snapshot, by date (a stable sort of the few kept rows
    # orders them as sorting all the events first would)
    only = events[~events["employee_id"].isin(in_snapshots)].sort_values(
        [c for c in ("event_date", "employee_id") if c in events.columns], kind="stable")

    ids = sorted(set(in_snapshots) | set(only["employee_id"]), key=str)
    people = pd.DataFrame({"employee_id": ids})
    person = pd.Index(ids)  # one hash table of the people, looked up by every flag below

    def among(values: Any) -> np.ndarray:
        found = np.zeros(len(person), dtype=bool)
        position = person.get_indexer(values)
        found[position[position >= 0]] = True
        return found

    first_year = workforce_start is None
    people["basis"] = np.select(
        [among(start_ids), among(end_ids)],
        ["start", "year_end" if first_year else "joiner"], default="events_only")

    kind = events["event_type"].astype(object)
    if "mandatory" in events.columns:
        mandatory = events["mandatory"].astype("boolean").fillna(True).to_numpy(dtype=bool)
    else:
        mandatory = np.ones(len(events), dtype=bool)  # unknown: not counted as non-mandatory
    for o in outcomes:
        types = LIFECYCLE_OUTCOMES[o][0]
        hit = kind.isin(types).to_numpy()
        if o == "training":
            hit &= ~mandatory
        people[o] = among(events.loc[hit, "employee_id"].unique())
    sources = (
        (workforce_end, "year-end workforce", _first_rows(workforce_end, ids)),
        (workforce_start, "start-of-year workforce", _first_rows(workforce_start, ids)),
        (only, "events", _first_rows(only, ids)),
    )
    return LifecyclePopulation(people, sources)


def lifecycle_people(
    events: pd.DataFrame,
    workforce_start: pd.DataFrame | None,
    workforce_end: pd.DataFrame,
    characteristic: str,
    *,
    outcomes: Sequence[str] = tuple(LIFECYCLE_OUTCOMES),
    population: LifecyclePopulation | None = None,
) -> pd.DataFrame:
    """One row per person employed at some time in the year, with a flag per lifecycle outcome.

    The population is everyone in the start-of-year snapshot, plus joiners (in the year-end
    snapshot but not the start one), plus people in the events file who are in neither snapshot
    (joined and left within the year). Without a start snapshot (first year) it is the year-end
    headcount plus those events-only people.

    Parameters
    ----------
    events
        Lifecycle events of the year: ``employee_id, event_type``, ``mandatory`` (training) and the
        ``characteristic`` column (needed at least for events-only people).
    workforce_start
        The previous snapshot (start of the year), or None in the first snapshot year.
    workforce_end
        This year's snapshot.
    characteristic
        Column of the groups. A person's group is taken from the year-end snapshot, else the start
        snapshot, else their first event (by date); missing values count as ``Not known``.
    outcomes
        Keys of :data:`LIFECYCLE_OUTCOMES`.
    population
        :func:`lifecycle_population` of the same events, snapshots and outcomes, when the caller
        has it already (it does not depend on the characteristic, and is the costly part at
        scale: a topic compares about ten characteristics a year); computed here otherwise.

    Returns
    -------
    pd.DataFrame
        Sorted by ``employee_id``: ``employee_id, group, basis`` (``start``, ``joiner``,
        ``year_end`` or ``events_only``) and one boolean column per outcome (True when the person
        had at least one such event; training counts non-mandatory training only).

    Raises
    ------
    ValueError
        For an unknown outcome.
    DataError
        When a column is missing.

    Examples
    --------
    >>> start = pd.DataFrame({"employee_id": ["a", "b"], "sex": ["Female", "Male"]})
    >>> end = pd.DataFrame({"employee_id": ["a", "c"], "sex": ["Female", "Male"]})
    >>> ev = pd.DataFrame({"employee_id": ["a", "a", "b"], "event_type": ["disciplinary"] * 2
    ...                    + ["leaver_voluntary"], "mandatory": [None] * 3,
    ...                    "sex": ["Female", "Female", "Male"]})
    >>> lifecycle_people(ev, start, end, "sex", outcomes=["disciplinary", "leaver"]
    ...                  ).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'employee_id': ['a', 'b', 'c'], 'group': ['Female', 'Male', 'Male'],
     'basis': ['start', 'start', 'joiner'], 'disciplinary': [True, False, False],
     'leaver': [False, True, False]}
    """
    if population is None:
        population = lifecycle_population(events, workforce_start, workforce_end,
                                          outcomes=outcomes)
    people = population.people.copy()
    people.insert(1, "group", population.groups(characteristic))
    return people


def lifecycle_outcomes(
    events: pd.DataFrame,
    workforce_start: pd.DataFrame | None,
    workforce_end: pd.DataFrame,
    characteristic: str,
    *,
    reference: Any,
    year: int,
    outcomes: Sequence[str] = tuple(LIFECYCLE_OUTCOMES),
    alpha: float,
    min_group_stat: int,
    adverse_impact_band: Sequence[float],
    impact_threshold: float = 0.8,
    not_declared: Sequence[Any] = codes.NOT_DECLARED,
    people: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Share of people with each lifecycle outcome in a year, by group, compared with the reference.

    ``rate = people with at least one such event / people employed at some time in the year``
    (:func:`lifecycle_people`), compared across groups with :func:`compare_rates` in the
    orientation of :data:`LIFECYCLE_OUTCOMES` (RL > 1 always means the group fares worse).

    Parameters
    ----------
    events, workforce_start, workforce_end, characteristic
        As in :func:`lifecycle_people`. When ``events`` has a ``year`` column only the rows of
        ``year`` are used.
    reference
        Reference group (params ``reference_groups``).
    year
        The reporting year (a label, and the filter above).
    outcomes
        Keys of :data:`LIFECYCLE_OUTCOMES`: ``promotion``, ``training`` (non-mandatory),
        ``leaver_voluntary``, ``leaver_involuntary``, ``leaver`` (either), ``disciplinary``,
        ``capability``, ``grievance``.
    alpha, min_group_stat, adverse_impact_band, impact_threshold, not_declared
        As in :func:`compare_rates`.
    people
        :func:`lifecycle_people` of the same year's events, snapshots, characteristic and
        outcomes, when the caller has it already (it is the costly part at scale); computed here
        otherwise.

    Returns
    -------
    pd.DataFrame
        One row per outcome and group: ``year, characteristic, outcome, orientation,
        denominator_basis`` then the columns of :func:`compare_rates` (``trials`` = people in the
        denominator, ``successes`` = people with the outcome).

    Raises
    ------
    ValueError
        For bad options or a reference group nobody belongs to.
    DataError
        When a column is missing.

    Notes
    -----
    * Unit: people, not events (two cases of one person count once).
    * Denominator: headcount at the start of the year plus joiners (including people who joined
      and left within the year, who are only in the events file). In the first snapshot year
      there is no start snapshot: the year-end headcount (plus events-only people), labelled
      ``year-end headcount`` in ``denominator_basis``. Leavers in that year who were in no
      snapshot and not in the events file cannot be counted.
    * Orientation: promotion and training ``RL = rate_reference / rate_group`` (WRES indicator 4);
      disciplinary, capability, leavers and grievances ``RL = rate_group / rate_reference`` (WRES
      indicator 3). ``impact_ratio`` and ``adverse_impact`` are the four-fifths figures of the
      rates as they are; for unwanted outcomes read RL, not the impact ratio.

    References
    ----------
    Methodology §4.2; NHS England, Workforce Race Equality Standard technical guidance
    (indicators 3 and 4).

    Examples
    --------
    >>> start = pd.DataFrame({"employee_id": list("abcd"), "sex": ["Female"] * 2 + ["Male"] * 2})
    >>> ev = pd.DataFrame({"employee_id": ["a", "a", "c"], "event_type": ["disciplinary"] * 3,
    ...                    "mandatory": [None] * 3, "sex": ["Female", "Female", "Male"]})
    >>> opts = dict(alpha=0.05, adverse_impact_band=(0.8, 1.25))
    >>> out = lifecycle_outcomes(ev, start, start, "sex", reference="Male", year=2026,
    ...                          outcomes=["disciplinary"], min_group_stat=1, **opts)
    >>> out[["group", "trials", "successes", "relative_likelihood"]].to_dict("list")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'group': ['Female', 'Male'], 'trials': [2, 2], 'successes': [1, 1],
     'relative_likelihood': [1.0, 1.0]}
    """
    if people is None:
        if "year" in events.columns:
            events = events[events["year"] == year]
        people = lifecycle_people(events, workforce_start, workforce_end, characteristic,
                                  outcomes=outcomes)
    groups = _groups_in_order(people["group"], characteristic)
    if reference not in groups:
        raise ValueError(f"reference group {reference!r} has nobody in column '{characteristic}'.")
    basis = ("year-end headcount (first snapshot year: no start-of-year snapshot)"
             if workforce_start is None else "start-of-year headcount plus joiners")
    trials = people.groupby("group", sort=False).size().reindex(groups, fill_value=0)
    pieces = []
    for o in outcomes:
        orientation = LIFECYCLE_OUTCOMES[o][1]
        hits = people.groupby("group", sort=False)[o].sum().reindex(groups, fill_value=0)
        counts = pd.DataFrame({"group": groups, "trials": trials.to_numpy(),
                               "successes": hits.to_numpy()})
        block = compare_rates(
            counts, group="group", successes="successes", trials="trials", reference=reference,
            alpha=alpha, min_group_stat=min_group_stat, adverse_impact_band=adverse_impact_band,
            impact_threshold=impact_threshold, orientation=orientation,
            not_declared=not_declared)
        block.insert(0, "denominator_basis", basis)
        block.insert(0, "orientation", orientation)
        block.insert(0, "outcome", o)
        block.insert(0, "characteristic", characteristic)
        block.insert(0, "year", year)
        pieces.append(block)
    return pd.concat(pieces, ignore_index=True)


def rolling_lifecycle_outcomes(
    previous: pd.DataFrame,
    current: pd.DataFrame,
    *,
    reference: Any,
    outcomes: Sequence[str] = ROLLING_OUTCOMES,
    alpha: float,
    min_group_stat: int,
    adverse_impact_band: Sequence[float],
    impact_threshold: float = 0.8,
    not_declared: Sequence[Any] = codes.NOT_DECLARED,
) -> pd.DataFrame:
    """Two-year rolling lifecycle figures: people-counts of two consecutive years added together.

    ``rate = (successes_1 + successes_2) / (trials_1 + trials_2)`` per group, compared again with
    :func:`compare_rates` in the outcome's orientation.

    Parameters
    ----------
    previous, current
        Results of :func:`lifecycle_outcomes` for two consecutive years, same characteristic.
    reference
        Reference group.
    outcomes
        Outcomes to roll up, default disciplinary and capability (methodology §4.2).
    alpha, min_group_stat, adverse_impact_band, impact_threshold, not_declared
        As in :func:`compare_rates`.
    people
        :func:`lifecycle_people` of the same year's events, snapshots, characteristic and
        outcomes, when the caller has it already (it is the costly part at scale); computed here
        otherwise.

    Returns
    -------
    pd.DataFrame
        As :func:`lifecycle_outcomes`, with ``year`` a label such as ``"2025-2026"`` and
        ``denominator_basis`` ``"person-years over two years"``.

    Raises
    ------
    ValueError
        When the tables are of different characteristics, or an outcome is missing from them.

    Notes
    -----
    The unit is person-years: someone employed in both years is in both denominators, and someone
    with a case in each year counts once in each. A group present in only one year contributes
    that year's counts.

    Examples
    --------
    >>> one = pd.DataFrame({"year": 2025, "characteristic": "sex", "outcome": "capability",
    ...                     "group": ["Female", "Male"], "trials": [10, 10], "successes": [1, 2]})
    >>> two = one.assign(year=2026, successes=[3, 2])
    >>> opts = dict(alpha=0.05, min_group_stat=10, adverse_impact_band=(0.8, 1.25))
    >>> rolling = rolling_lifecycle_outcomes(one, two, reference="Male", outcomes=["capability"], **opts)
    >>> rolling[["year", "group", "rate"]].to_dict("list")
    {'year': ['2025-2026', '2025-2026'], 'group': ['Female', 'Male'], 'rate': [0.2, 0.2]}
    """
    chars = set(previous["characteristic"]) | set(current["characteristic"])
    if len(chars) != 1:
        raise ValueError(f"both tables must be of one characteristic; got {sorted(chars)}.")
    characteristic = chars.pop()
    label = f"{int(previous['year'].min())}-{int(current['year'].max())}"
    pieces = []
    for o in outcomes:
        _check_choice("outcome", o, tuple(LIFECYCLE_OUTCOMES))
        parts = [t.loc[t["outcome"] == o, ["group", "trials", "successes"]]
                 for t in (previous, current)]
        if any(p.empty for p in parts):
            raise ValueError(f"outcome {o!r} is missing from one of the two years' tables.")
        both = pd.concat(parts).groupby("group", sort=False)[["trials", "successes"]].sum()
        groups = _groups_in_order(both.index, characteristic)
        counts = both.reindex(groups).reset_index()
        orientation = LIFECYCLE_OUTCOMES[o][1]
        block = compare_rates(
            counts, group="group", successes="successes", trials="trials", reference=reference,
            alpha=alpha, min_group_stat=min_group_stat, adverse_impact_band=adverse_impact_band,
            impact_threshold=impact_threshold, orientation=orientation,
            not_declared=not_declared)
        block.insert(0, "denominator_basis", "person-years over two years")
        block.insert(0, "orientation", orientation)
        block.insert(0, "outcome", o)
        block.insert(0, "characteristic", characteristic)
        block.insert(0, "year", label)
        pieces.append(block)
    return pd.concat(pieces, ignore_index=True)

