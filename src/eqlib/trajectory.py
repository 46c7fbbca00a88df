"""Representation targets and trajectories: a simple stock-flow model by grade band and group.

In the manner of the NHS "Model Employer" goals: from the stocks of each grade band by group and
the joiner, leaver and promotion rates observed over the snapshot years, project each band's
composition year by year, with an interval from the uncertainty of the rates, and find the share
of appointments that must go to a group each year for a band to reach a target share by a target
year.

Terms
-----
stock
    ``N[b, g]``: people of group ``g`` in grade band ``b`` on a snapshot date (bands lowest
    first; groups in a fixed order, e.g. ``["Ethnic minority", "Other"]``).
leaver rate, promotion rate
    ``l[b, g]``: share of the band's group who are not in the next snapshot; ``p[b, g]``: share
    who are in the next snapshot in a higher band (counted into the next band up; the top band
    has no promotion). Pooled over every consecutive pair of snapshot years: events / people.
appointments
    ``A[b]``: external appointments into band ``b`` per year (people in a snapshot who were not
    in the previous one), and ``a[b, g]``: the share of them from group ``g``.
projection
    ``N[t+1, b, g] = N[t, b, g] (1 − l[b, g] − p[b, g]) + N[t, b−1, g] p[b−1, g] + A[b] a[b, g]``,
    applied year after year with the rates held fixed (the "current rates" scenario).
interval
    Rates drawn from their Jeffreys posteriors (Beta(x + ½, n − x + ½) for leaver and promotion
    rates, Dirichlet(counts + ½) for the appointment shares), each draw projected, and the
    percentile interval of each projected share taken over the draws (seeded).
appointments needed
    The constant share of a band's appointments that must come from the group, each year from
    the first projected year to the target year, for the group's share of the band to reach the
    target share in the target year, other rates unchanged (:func:`appointments_needed`); and the
    number of appointments that share means per year.

The report's targets (params ``targets``), table and chart are built from this model by
:mod:`eqlib.targets`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "FlowRates",
    "appointments_needed",
    "observed_flows",
    "project",
    "project_interval",
    "rates_from_flows",
]


@dataclass(frozen=True)
class FlowRates:
    """Rates of the flow model (arrays of shape bands × groups, appointments of shape bands).

    Attributes
    ----------
    leave, promote
        ``l[b, g]`` and ``p[b, g]`` (fractions per year; ``p`` of the top band is 0).
    appointments
        ``A[b]``, external appointments per year into each band.
    appointment_share
        ``a[b, g]``, each row summing to 1 (or all 0 for a band with no appointments).
    """

    leave: np.ndarray
    promote: np.ndarray
    appointments: np.ndarray
    appointment_share: np.ndarray


def observed_flows(
    snapshots: Mapping[int, pd.DataFrame],
    *,
    band: str,
    group: str,
    bands: Sequence[str],
    groups: Sequence[str],
    ids: str = "employee_id",
) -> pd.DataFrame:
    """Counts of stock, leavers, promotions and appointments for each consecutive pair of years.

    Parameters
    ----------
    snapshots
        ``year -> workforce`` (one row per person, with ``ids``, ``band`` and ``group`` columns).
    band, group
        Columns of the grade band and of the group. People whose group is not in ``groups`` are
        counted in the last group (``groups[-1]``, e.g. ``"Other"``).
    bands, groups
        Band order (lowest first) and group order.

    Returns
    -------
    pandas.DataFrame
        One row per (``year`` = the earlier year of the pair, band, group): ``stock``,
        ``leavers``, ``promoted`` (in a higher band the next year), ``appointed`` (in the band the
        next year, absent this year).
    """
    years = sorted(snapshots)
    rows = []

    def labelled(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame[[ids, band, group]].copy()
        out[group] = out[group].where(out[group].isin(groups[:-1]), groups[-1])
        out["_b"] = out[band].map({b: i for i, b in enumerate(bands)})
        if out["_b"].isna().any():
            bad = sorted(set(out.loc[out["_b"].isna(), band].astype(str)))
            raise ValueError(f"band values not in bands: {', '.join(bad)}")
        return out.set_index(ids)

    for y0, y1 in zip(years, years[1:], strict=False):
        now, nxt = labelled(snapshots[y0]), labelled(snapshots[y1])
        stayed = now.index.intersection(nxt.index)
        left = now.index.difference(nxt.index)
        joined = nxt.index.difference(now.index)
        up = stayed[(nxt.loc[stayed, "_b"].to_numpy() > now.loc[stayed, "_b"].to_numpy())]
        for bi, b in enumerate(bands):
            for g in groups:
                here = now.index[(now["_b"] == bi) & (now[group] == g)]
                rows.append({
                    "year": y0, "band": b, "group": g, "stock": len(here),
                    "leavers": len(here.intersection(left)),
                    "promoted": len(here.intersection(up)),
                    "appointed": int(((nxt.loc[joined, "_b"] == bi)
                                      & (nxt.loc[joined, group] == g)).sum()),
                })
    return pd.DataFrame(rows, columns=["year", "band", "group", "stock", "leavers", "promoted",
                                       "appointed"])


def rates_from_flows(flows: pd.DataFrame, *, bands: Sequence[str],
                     groups: Sequence[str]) -> FlowRates:
    """Pooled rates of :func:`observed_flows`: events / stock over every pair of years, and mean
    appointments per year with their group shares."""
    total = flows.groupby(["band", "group"])[["stock", "leavers", "promoted", "appointed"]].sum()
    shape = (len(bands), len(groups))
    stock, leavers, promoted, appointed = (np.zeros(shape) for _ in range(4))
    for i, b in enumerate(bands):
        for j, g in enumerate(groups):
            if (b, g) in total.index:
                r = total.loc[(b, g)]
                stock[i, j], leavers[i, j] = r["stock"], r["leavers"]
                promoted[i, j], appointed[i, j] = r["promoted"], r["appointed"]
    with np.errstate(invalid="ignore", divide="ignore"):
        leave = np.where(stock > 0, leavers / stock, 0.0)
        promote = np.where(stock > 0, promoted / stock, 0.0)
        per_band = appointed.sum(axis=1)
        share = np.where(per_band[:, None] > 0, appointed / per_band[:, None], 0.0)
    promote[-1, :] = 0.0
    n_pairs = max(flows["year"].nunique(), 1)
    return FlowRates(leave, promote, per_band / n_pairs, share)


def project(stock: np.ndarray, rates: FlowRates, years: int) -> np.ndarray:
    """Stocks year by year under fixed rates: shape ``(years + 1, bands, groups)``, row 0 the
    starting stock (the projection formula of the module docstring).

    Examples
    --------
    >>> r = FlowRates(np.full((2, 2), 0.1), np.array([[0.1, 0.1], [0.0, 0.0]]),
    ...               np.array([20.0, 0.0]), np.array([[0.5, 0.5], [0.0, 0.0]]))
    >>> project(np.array([[10.0, 90.0], [2.0, 18.0]]), r, 1)[1].round(2).tolist()
    [[18.0, 82.0], [2.8, 25.2]]
    """
    out = np.zeros((years + 1, *stock.shape))
    out[0] = stock
    for t in range(years):
        n = out[t]
        nxt = n * (1.0 - rates.leave - rates.promote)
        nxt[1:] += n[:-1] * rates.promote[:-1]
        nxt += rates.appointments[:, None] * rates.appointment_share
        out[t + 1] = nxt
    return out


def _shares(stocks: np.ndarray, group: int, *, among: Sequence[int] | None = None,
            combine: Sequence[int] | None = None) -> np.ndarray:
    """The group's share of each band (or of the bands ``combine`` taken together, as one band),
    among the groups ``among`` (all groups when None; e.g. the declared groups only)."""
    if combine is not None:
        stocks = stocks[..., list(combine), :].sum(axis=-2, keepdims=True)
    size = stocks[..., list(among)].sum(axis=-1) if among is not None else stocks.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(size > 0, stocks[..., group] / size, np.nan)


def project_interval(
    flows: pd.DataFrame,
    stock: np.ndarray,
    *,
    bands: Sequence[str],
    groups: Sequence[str],
    years: int,
    group: int = 0,
    n_draws: int = 2000,
    seed: int,
    confidence_level: float = 0.95,
    among: Sequence[int] | None = None,
    combine: Sequence[int] | None = None,
) -> pd.DataFrame:
    """The group's projected share of each band, year by year, with a percentile interval.

    ``among`` and ``combine`` as for the shares of :func:`appointments_needed`: the share among
    some groups only, of several bands taken together (one row per step, its ``band`` the bands'
    names joined by " and ").

    Returns
    -------
    pandas.DataFrame
        ``step`` (0 = the starting snapshot), ``band``, ``share`` (current rates),
        ``ci_low``, ``ci_high``.
    """
    base = rates_from_flows(flows, bands=bands, groups=groups)
    labels = list(bands) if combine is None else [" and ".join(bands[i] for i in combine)]
    central = _shares(project(stock, base, years), group, among=among, combine=combine)
    total = flows.groupby(["band", "group"])[["stock", "leavers", "promoted", "appointed"]].sum()
    shape = (len(bands), len(groups))
    counts = {k: np.zeros(shape) for k in ("stock", "leavers", "promoted", "appointed")}
    for i, b in enumerate(bands):
        for j, g in enumerate(groups):
            if (b, g) in total.index:
                for k in counts:
                    counts[k][i, j] = total.loc[(b, g), k]
    rng = np.random.default_rng(seed)
    draws = np.empty((n_draws, years + 1, len(labels)))
    for d in range(n_draws):
        leave = rng.beta(counts["leavers"] + 0.5, counts["stock"] - counts["leavers"] + 0.5)
        promote = rng.beta(counts["promoted"] + 0.5,
                           counts["stock"] - counts["promoted"] + 0.5)
        promote[-1] = 0.0
        promote = np.minimum(promote, 1.0 - leave)
        share = np.vstack([rng.dirichlet(counts["appointed"][i] + 0.5) for i in range(len(bands))])
        drawn = FlowRates(leave, promote, base.appointments, share)
        draws[d] = _shares(project(stock, drawn, years), group, among=among, combine=combine)
    alpha = (1 - confidence_level) / 2
    low, high = np.nanquantile(draws, [alpha, 1 - alpha], axis=0)
    rows = [{"step": t, "band": b, "share": central[t, i], "ci_low": low[t, i],
             "ci_high": high[t, i]} for t in range(years + 1) for i, b in enumerate(labels)]
    return pd.DataFrame(rows)


def appointments_needed(
    stock: np.ndarray,
    rates: FlowRates,
    *,
    band: int | Sequence[int],
    group: int,
    target_share: float,
    years: int,
    among: Sequence[int] | None = None,
    tol: float = 1e-9,
) -> tuple[float, float]:
    """Share (and number per year) of a band's appointments that must come from the group for
    its share of the band to reach ``target_share`` after ``years`` years.

    ``band`` may be several bands: the share is then of those bands taken together, and the same
    appointment share applies to each of them. ``among``: the groups the share is taken among
    (all when None; e.g. the declared groups, as the population benchmark is).

    Returns
    -------
    (share, per_year)
        The smallest constant appointment share in ``[0, 1]`` that reaches the target (found by
        bisection: the projected share rises with it), and ``share × A[band]`` (summed over the
        bands). ``(nan, nan)`` when even every appointment going to the group does not reach the
        target.

    Notes
    -----
    With two groups the rest of the band's appointments go to the other group; with more, they
    are shared in the observed proportions of the others.
    """
    chosen = [band] if isinstance(band, int | np.integer) else list(band)

    def reached(a: float) -> float:
        share = rates.appointment_share.copy()
        others = np.delete(np.arange(share.shape[1]), group)
        for b in chosen:
            rest = share[b, others]
            rest = rest / rest.sum() if rest.sum() > 0 else np.full(rest.size, 1.0 / rest.size)
            share[b, group] = a
            share[b, others] = (1.0 - a) * rest
        r = FlowRates(rates.leave, rates.promote, rates.appointments, share)
        return float(_shares(project(stock, r, years), group, among=among,
                             combine=chosen)[years, 0])

    if reached(1.0) < target_share:
        return (float("nan"), float("nan"))
    if reached(0.0) >= target_share:
        return (0.0, 0.0)
    lo, hi = 0.0, 1.0
    while hi - lo > tol:
        mid = (lo + hi) / 2
        if reached(mid) >= target_share:
            hi = mid
        else:
            lo = mid
    return (hi, hi * float(rates.appointments[chosen].sum()))
