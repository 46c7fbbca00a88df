"""NHS WRES indicator 2 and WDES metric 2, for comparability with the NHS standards.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from eqlib import codes
from eqlib.errors import DataError
from eqlib.outcomes.funnel import (
    transition_outcome,
)
from eqlib.outcomes.programme import (
    _rates_of,
)
from eqlib.outcomes.rates import (
    _check_alpha,
)

# --------------------------------------------------------------------------------------------------
# NHS WRES indicator 2 and WDES metric 2 (comparability with the NHS standards)
# --------------------------------------------------------------------------------------------------
WRES_WHITE = "White"
WRES_BME = "BME"
#: WRES groups of the broad ethnic groups: every White group is "White" (the project's binary
#: counts White other as an ethnic minority; WRES does not).
WRES_GROUP_OF_BROAD: dict[str, str] = {
    g: (WRES_WHITE if g.startswith("White") else WRES_BME) for g in codes.ETHNICITY_BROAD
}


def _shortlisted_to_appointed(applications: pd.DataFrame, labels: pd.Series, *,
                              stages: Sequence[str], order: list[str], reference: str,
                              alpha: float, min_group_stat: int,
                              adverse_impact_band: Sequence[float]) -> pd.DataFrame:
    stages = list(stages)
    for needed in ("shortlisted", "appointed"):
        if needed not in stages:
            raise ValueError(f"the funnel stages ({', '.join(stages)}) have no '{needed}' stage, "
                             "which WRES indicator 2 and WDES metric 2 need.")
    keep = labels.isin(order)
    rows = transition_outcome(applications[keep.to_numpy()], stages=stages,
                              transition=("shortlisted", "appointed"))
    return _rates_of(labels[keep].loc[rows.index], rows["outcome"], order, reference,
                     "reference_over_group", alpha, min_group_stat, adverse_impact_band)


def wres_indicator_2(
    applications: pd.DataFrame,
    *,
    stages: Sequence[str],
    ethnicity: str = "ethnicity_broad",
    alpha: float,
    min_group_stat: int,
    adverse_impact_band: Sequence[float],
) -> pd.DataFrame:
    """NHS WRES indicator 2: relative likelihood of White applicants being appointed from
    shortlisting compared with BME applicants.

    ``RL = (White appointed / White shortlisted) / (BME appointed / BME shortlisted)``, with the
    Katz interval, impact ratio and Fisher test of :func:`compare_rates`. White is every White
    group (:data:`WRES_GROUP_OF_BROAD`); BME every other declared group; not-declared applicants
    are left out, as WRES does.

    Parameters
    ----------
    applications
        One row per application: ``stage_reached``, ``withdrawn`` (optional) and ``ethnicity``.
    stages
        Funnel stages in order; must include ``shortlisted`` and ``appointed``.
    ethnicity
        Column of the broad ethnic groups (``codes.ETHNICITY_BROAD`` labels).
    alpha, min_group_stat, adverse_impact_band
        As in :func:`compare_rates`.

    Returns
    -------
    pd.DataFrame
        :func:`compare_rates` rows for ``White`` (the reference, RL 1) and ``BME`` (the WRES
        figure: above 1, White applicants were more likely to be appointed).

    Raises
    ------
    ValueError
        When the stages lack ``shortlisted`` or ``appointed``.
    DataError
        When the ethnicity column is missing.

    References
    ----------
    NHS England, Workforce Race Equality Standard technical guidance, indicator 2.

    Examples
    --------
    >>> apps = pd.DataFrame({
    ...     "ethnicity_broad": ["White British"] * 400 + ["Asian"] * 200,
    ...     "stage_reached": ["appointed"] * 80 + ["shortlisted"] * 320
    ...                      + ["appointed"] * 24 + ["interviewed"] * 176})
    >>> opts = dict(alpha=0.05, min_group_stat=10, adverse_impact_band=(0.8, 1.25))
    >>> t = wres_indicator_2(apps, stages=["applied", "shortlisted", "interviewed", "appointed"], **opts)
    >>> round(float(t.set_index("group").loc["BME", "relative_likelihood"]), 4)
    1.6667
    """
    _check_alpha(alpha)
    if ethnicity not in applications.columns:
        raise DataError(f"the applications have no column '{ethnicity}'.")
    labels = applications[ethnicity].map(WRES_GROUP_OF_BROAD)
    return _shortlisted_to_appointed(
        applications, labels, stages=stages, order=[WRES_WHITE, WRES_BME], reference=WRES_WHITE,
        alpha=alpha, min_group_stat=min_group_stat, adverse_impact_band=adverse_impact_band)


def wdes_metric_2(
    applications: pd.DataFrame,
    *,
    stages: Sequence[str],
    disability: str = "disability",
    alpha: float,
    min_group_stat: int,
    adverse_impact_band: Sequence[float],
) -> pd.DataFrame:
    """NHS WDES metric 2: relative likelihood of non-disabled applicants being appointed from
    shortlisting compared with Disabled applicants.

    ``RL = (Not disabled appointed / shortlisted) / (Disabled appointed / shortlisted)``, as
    :func:`wres_indicator_2` with ``Not disabled`` the reference; not-declared applicants left
    out. Applicants shortlisted under a guaranteed interview scheme are included, as WDES counts
    all shortlisted applicants (the scheme raises disabled applicants' shortlisting, not their
    appointment from the shortlist).

    Returns
    -------
    pd.DataFrame
        :func:`compare_rates` rows for ``Not disabled`` (RL 1) and ``Disabled`` (the WDES
        figure: above 1, non-disabled applicants were more likely to be appointed).

    References
    ----------
    NHS England, Workforce Disability Equality Standard technical guidance, metric 2.

    Examples
    --------
    >>> apps = pd.DataFrame({"disability": ["Not disabled"] * 10 + ["Disabled"] * 10,
    ...                      "stage_reached": ["appointed"] * 5 + ["shortlisted"] * 5
    ...                                       + ["appointed"] * 2 + ["shortlisted"] * 8})
    >>> opts = dict(alpha=0.05, min_group_stat=10, adverse_impact_band=(0.8, 1.25))
    >>> t = wdes_metric_2(apps, stages=["applied", "shortlisted", "appointed"], **opts)
    >>> float(t.set_index("group").loc["Disabled", "relative_likelihood"])
    2.5
    """
    _check_alpha(alpha)
    if disability not in applications.columns:
        raise DataError(f"the applications have no column '{disability}'.")
    labels = applications[disability].astype(object)
    return _shortlisted_to_appointed(
        applications, labels, stages=stages, order=["Not disabled", "Disabled"],
        reference="Not disabled", alpha=alpha, min_group_stat=min_group_stat,
        adverse_impact_band=adverse_impact_band)

