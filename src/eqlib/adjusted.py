"""Adjusted pay gaps, Oaxaca–Blinder decomposition, cost of closing a gap (methodology §2.2-2.3).

These are *supporting* analyses: the raw (statutory) gaps of :mod:`eqlib.paygap` are the headline
figures, and an adjusted figure is always shown next to the raw one, never instead of it.

Terms
-----
pay
    Hourly pay, a column of positive numbers (``hourly_pay`` in the processed workforce table).
by
    The characteristic column whose groups are compared (``sex``, ``ethnicity_binary`` ...).
reference
    The group every other group is compared with (params ``reference_groups``); always explicit.
controls
    Columns held constant in the comparison (params ``adjusted_gap_controls``: grade, directorate,
    age band, length-of-service band, part-time flag). Numeric columns enter a regression
    linearly; text, categorical and boolean columns enter as fixed effects (one indicator per
    level, the first level in category order or sorted order being the baseline).
adjusted gap
    ``(1 − exp(β_group)) × 100`` where ``β_group`` is the coefficient of the group's indicator in
    the OLS regression of ``log(pay)`` on indicators of every non-reference group plus the
    controls. Positive = the group is paid less than the reference after allowing for the
    controls (the orientation of the raw gap). A 95% interval comes from the HC3 (heteroskedasticity
    robust) interval of ``β_group``, transformed the same way.
explained / unexplained
    The two-fold Oaxaca–Blinder split of a difference in mean (log) pay: ``explained`` is the part
    due to different average characteristics (the controls), ``unexplained`` the part due to the
    same characteristics being paid differently, plus anything not measured. It is not a
    measure of discrimination.
cost to close
    The annual cost of raising the lower-paid group's hourly pay until a gap is zero.

Caveat (methodology §2.2): controlling for grade absorbs occupational segregation, which is itself
part of what the organisation is trying to change. An adjusted gap near zero does not mean there is
no problem; it may mean the problem is who gets into which grade.

Exclusions: rows whose ``by`` value is not declared (``codes.NOT_DECLARED`` or missing) and rows
with a missing control are left out of every regression; the counts are returned with the result
(``DataFrame.attrs`` of :func:`adjusted_pay_gap`, keys of :func:`pay_gap_decomposition`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.oaxaca import OaxacaBlinder
from statsmodels.tools.sm_exceptions import SingularMatrixWarning

from eqlib import characteristics, codes
from eqlib.errors import DataError

__all__ = [
    "DECOMPOSITION_METHODS",
    "WEEKS_PER_YEAR",
    "adjusted_pay_gap",
    "cost_to_close",
    "pay_gap_decomposition",
]

#: Weeks in a (non-leap) year, 365 / 7 = 52.142857...: converts weekly hours to annual hours.
WEEKS_PER_YEAR: float = 365 / 7

#: Our names of the two-fold reference coefficients -> (statsmodels ``two_fold_type``, weight).
#: statsmodels spells Neumark "nuemark" and silently runs the pooled method for any unknown
#: string, so options are checked against this table before statsmodels is called.
DECOMPOSITION_METHODS: dict[str, tuple[str, float | None]] = {
    "pooled": ("pooled", None),  # Jann (2008) / Fortin (2008): pooled model with group indicator
    "neumark": ("nuemark", None),  # Neumark (1988): pooled model without the group indicator
    "cotton": ("cotton", None),  # Cotton (1988): group-size weighted average of the two models
    "reimers": ("reimers", None),  # Reimers (1983): equal-weight average of the two models
    "reference": ("self_submitted", 1.0),  # the reference group's coefficients (Oaxaca 1973)
    "group": ("self_submitted", 0.0),  # the compared group's coefficients
}
DecompositionMethod = Literal["pooled", "neumark", "cotton", "reimers", "reference", "group"]
StandardErrors = Literal["bootstrap", "analytic"]

_ROUNDING = 1e-12  # an uplift this small is the rounding error of a zero gap
_LEVERAGE_ONE = 1 - 1e-8  # hat values above this are 1 up to rounding (singleton observations)
_CONST = "const"
_INDICATOR = "__group__"


# --------------------------------------------------------------------------------------------------
# Shared checks and the design matrix
# --------------------------------------------------------------------------------------------------
def _require_columns(data: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise DataError(
            [f"column '{c}' is not in the data (columns are: {', '.join(map(str, data.columns))})"
             for c in missing]
        )


def _check_pay(values: pd.Series, pay: str) -> None:
    """Raise DataError unless every value is a positive number."""
    numeric = pd.to_numeric(values, errors="coerce")
    bad = numeric.isna() | ~(numeric > 0)
    if bad.any():
        rows = ", ".join(map(str, values.index[bad][:5]))
        raise DataError(
            f"column '{pay}' must be a positive number for everyone compared; "
            f"{int(bad.sum())} row(s) are missing, zero or negative (first rows: {rows})."
        )


def _check_level(confidence_level: float) -> float:
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be between 0 and 1, got {confidence_level!r}")
    return 1 - confidence_level


def _declared(values: pd.Series) -> pd.Series:
    return values.notna() & ~values.isin(codes.NOT_DECLARED)


def _group_order(values: pd.Series, by: str) -> list[Any]:
    """Declared groups present in ``values``: category order, then the code list's, then sorted."""
    present = set(values[_declared(values)].unique())
    if isinstance(values.dtype, pd.CategoricalDtype):
        order = list(values.cat.categories)
    else:
        order = list(characteristics.groups(by))
    head = [g for g in order if g in present]
    rest = sorted((g for g in present if g not in set(head)), key=str)
    return head + rest


def _levels(values: pd.Series) -> list[Any]:
    present = set(values.unique())
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [c for c in values.cat.categories if c in present]
    return sorted(present, key=str)


def _control_matrix(data: pd.DataFrame, controls: Sequence[str]) -> pd.DataFrame:
    """Numeric controls as they are; every other control as level indicators minus the first."""
    parts: list[pd.DataFrame] = []
    for c in controls:
        col = data[c]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            parts.append(col.astype(float).to_frame(c))
            continue
        for level in _levels(col)[1:]:
            parts.append((col == level).astype(float).to_frame(f"{c}[{level}]"))
    if not parts:
        return pd.DataFrame(index=data.index)
    out = pd.concat(parts, axis=1)
    # A column constant over the sample carries no information and is collinear with the constant.
    return out.loc[:, out.nunique(dropna=False) > 1]


def _analysis_sample(
    data: pd.DataFrame, *, pay: str, by: str, controls: Sequence[str], keep: Sequence[Any] | None
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Rows with a declared ``by`` (restricted to ``keep``) and complete controls."""
    _require_columns(data, [pay, by, *controls])
    if by in controls or pay in controls:
        raise ValueError(f"controls must not include the pay column or the compared column '{by}'")
    declared = _declared(data[by])
    in_scope = declared & (data[by].isin(keep) if keep is not None else True)
    complete = data[list(controls)].notna().all(axis=1) if controls else pd.Series(True, data.index)
    sample = data.loc[in_scope & complete]
    _check_pay(sample[pay], pay)
    counts = {
        "n_rows": int(len(data)),
        "n_excluded_undeclared": int((~declared).sum()),
        "n_excluded_other_groups": int((declared & ~in_scope).sum()),
        "n_excluded_missing_controls": int((in_scope & ~complete).sum()),
        "n_used": int(len(sample)),
    }
    return sample, counts


def _drop_singletons(x: pd.DataFrame, y: pd.Series) -> tuple[pd.DataFrame, pd.Series, int]:
    """Drop observations with leverage 1 (fitted exactly by a parameter of their own).

    Such an observation (e.g. the only person in a directorate) has a residual of exactly zero and
    makes the HC3 weight ``e / (1 − h)`` equal 0/0. Removing it, and the column that only it used,
    leaves every other coefficient unchanged (Correia 2015), so the group coefficients are the
    same and their HC3 errors become defined. Repeated until no such observation is left.
    """
    dropped = 0
    while len(x):
        xv = x.to_numpy(dtype=float)
        hat = np.einsum("ij,ji->i", xv, np.linalg.pinv(xv))
        single = hat > _LEVERAGE_ONE
        if not single.any():
            break
        dropped += int(single.sum())
        x, y = x.loc[~single], y.loc[~single]
        x = x.loc[:, (x != 0).any(axis=0) | (x.columns == _CONST)]
    return x, y, dropped


def _identified(xv: np.ndarray, columns: Sequence[int]) -> dict[int, bool]:
    """Whether each column's coefficient is estimable (not a combination of the other columns)."""
    rank = np.linalg.matrix_rank(xv)
    if rank == xv.shape[1]:
        return dict.fromkeys(columns, True)
    return {j: np.linalg.matrix_rank(np.delete(xv, j, axis=1)) < rank for j in columns}


# --------------------------------------------------------------------------------------------------
# Adjusted pay gap
# --------------------------------------------------------------------------------------------------
def adjusted_pay_gap(
    data: pd.DataFrame,
    *,
    pay: str,
    by: str,
    reference: Any,
    controls: Sequence[str],
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Adjusted pay gap of every group against the reference: ``(1 − exp(β_group)) × 100``.

    Fits ``log(pay) = α + Σ_g β_g·[by = g] + controls + ε`` by OLS over the declared rows with
    complete controls, one indicator for every non-reference group, with HC3
    (heteroskedasticity-robust) standard errors, and transforms each ``β_g``.

    Parameters
    ----------
    data
        One row per employee (processed workforce columns, data_dictionary.md).
    pay
        Column of hourly pay (positive).
    by
        Column of the characteristic compared.
    reference
        The reference group, a value of ``by``.
    controls
        Columns to hold constant. Numeric columns enter linearly; text, categorical and boolean
        columns enter as fixed effects. An empty list gives the unadjusted geometric-mean gap.
    confidence_level
        Level of the interval (params ``confidence_level``).

    Returns
    -------
    pandas.DataFrame
        One row per non-reference group (code-list order): ``group`` (the value of ``by``),
        ``n`` (its employees in the regression sample), ``adjusted_gap_pct``, ``ci_low``,
        ``ci_high`` (percent), ``p_value`` (two-sided HC3 t-test of ``β = 0``).
        ``attrs`` holds the row accounting: ``n_rows``, ``n_excluded_undeclared``,
        ``n_excluded_missing_controls``, ``n_used``, ``n_singletons_dropped``, and ``reference``,
        ``controls``, ``confidence_level``, ``method``.

    Raises
    ------
    DataError
        A column is missing, pay is missing or not positive for someone compared, or the
        reference group has nobody in the sample.
    ValueError
        ``controls`` includes ``pay`` or ``by``, or the level is not between 0 and 1.

    Notes
    -----
    *Sign.* Positive = the group is paid less than the reference once the controls are held
    constant, like the raw gap. Because ``1 − exp(β)`` decreases in ``β``, ``ci_low`` comes from
    the *upper* end of the interval of ``β`` and ``ci_high`` from the lower end.

    *Inference.* HC3 errors with Student-t reference distribution on the residual degrees of
    freedom (as Stata's ``regress, vce(hc3)``), the conservative choice for small groups.
    Observations with leverage 1 (alone in a fixed-effect level, such as the only person in a
    directorate) make HC3 undefined (0/0); they are dropped, which leaves every group coefficient
    unchanged (``attrs['n_singletons_dropped']``). A group whose coefficient cannot be estimated
    (e.g. a single member, or all members in a level of a control nobody else is in) gets NaN;
    a perfect fit (zero residuals) gives the estimate with a NaN interval and p-value.

    *Exclusions.* Undeclared values of ``by`` and rows with a missing control are excluded; a
    control's own "Not known" value is an ordinary level. Groups are only those present.

    *Caveat.* Controlling for grade absorbs occupational segregation, itself part of the gap the
    organisation is trying to close (methodology §2.2).

    References
    ----------
    Blau, F. D. and Kahn, L. M. (2017), "The gender wage gap: extent, trends, and explanations",
    *Journal of Economic Literature* 55(3). Long, J. S. and Ervin, L. H. (2000), "Using
    heteroscedasticity consistent standard errors in the linear regression model", *The American
    Statistician* 54(3) (HC3). Methodology §2.2.

    Examples
    --------
    >>> df = pd.DataFrame({"sex": ["Male"] * 4 + ["Female"] * 4,
    ...                    "grade": ["G1", "G1", "G2", "G2"] * 2,
    ...                    "hourly_pay": [10, 10.2, 20, 20.4, 9, 9.18, 18, 18.36]})
    >>> out = adjusted_pay_gap(df, pay="hourly_pay", by="sex", reference="Male", controls=["grade"])
    >>> out[["group", "n"]].to_dict("records"), round(float(out["adjusted_gap_pct"].iloc[0]), 6)
    ([{'group': 'Female', 'n': 4}], 10.0)
    """
    alpha = _check_level(confidence_level)
    controls = list(controls)
    sample, counts = _analysis_sample(data, pay=pay, by=by, controls=controls, keep=None)
    groups = _group_order(sample[by], by)
    if reference not in groups:
        raise DataError(
            f"reference group '{reference}' has nobody with a declared '{by}', a positive '{pay}' "
            f"and complete controls; groups present: {', '.join(map(str, groups)) or 'none'}."
        )
    others = [g for g in groups if g != reference]
    indicators = pd.DataFrame(
        {f"{_INDICATOR}{i}": (sample[by] == g).astype(float) for i, g in enumerate(others)},
        index=sample.index,
    )
    x = pd.concat(
        [pd.Series(1.0, index=sample.index, name=_CONST), indicators,
         _control_matrix(sample, controls)],
        axis=1,
    )
    y = np.log(sample[pay].astype(float))
    x, y, n_single = _drop_singletons(x, y)
    counts["n_singletons_dropped"] = n_single

    rows = []
    fit = None
    xv = x.to_numpy(dtype=float)
    if len(y) > np.linalg.matrix_rank(xv):  # at least one residual degree of freedom
        with warnings.catch_warnings():
            # collinear controls: handled below by checking each group column is identified
            warnings.simplefilter("ignore", SingularMatrixWarning)
            fit = sm.OLS(y, x).fit(cov_type="HC3", use_t=True)
        ident = _identified(xv, range(x.shape[1]))
    for i, g in enumerate(others):
        col = f"{_INDICATOR}{i}"
        n = int((sample[by] == g).sum())
        row = {"group": g, "n": n, "adjusted_gap_pct": math.nan, "ci_low": math.nan,
               "ci_high": math.nan, "p_value": math.nan}
        if fit is not None and col in x.columns and ident[x.columns.get_loc(col)]:
            beta = float(fit.params[col])
            se = float(fit.bse[col])
            row["adjusted_gap_pct"] = (1 - math.exp(beta)) * 100
            if np.isfinite(se) and se > 0:  # se = 0 only for a perfect fit: no interval
                lo, hi = (float(v) for v in fit.conf_int(alpha=alpha).loc[col])
                row.update(
                    ci_low=(1 - math.exp(hi)) * 100,
                    ci_high=(1 - math.exp(lo)) * 100,
                    p_value=float(fit.pvalues[col]),
                )
        rows.append(row)
    out = pd.DataFrame(rows, columns=["group", "n", "adjusted_gap_pct", "ci_low", "ci_high",
                                      "p_value"])
    out["n"] = out["n"].astype(int)
    out.attrs.update(counts)
    out.attrs.update(reference=reference, controls=controls, confidence_level=confidence_level,
                     method="OLS of log pay, HC3 errors, t reference distribution")
    return out


# --------------------------------------------------------------------------------------------------
# Oaxaca–Blinder decomposition
# --------------------------------------------------------------------------------------------------
def pay_gap_decomposition(
    data: pd.DataFrame,
    *,
    pay: str,
    by: str,
    group: Any,
    reference: Any,
    controls: Sequence[str],
    log: bool = True,
    method: DecompositionMethod = "pooled",
    n_bootstrap: int = 0,
    seed: int | np.random.Generator | None = None,
    confidence_level: float = 0.95,
    standard_errors: StandardErrors = "bootstrap",
    max_n: int | None = None,
) -> dict[str, Any]:
    """Two-fold Oaxaca–Blinder decomposition: ``gap = explained + unexplained``.

    With ``R`` the reference and ``G`` the group, ``x̄`` the mean controls (with a constant),
    ``β_R``, ``β_G`` each group's own OLS coefficients and ``β*`` the reference coefficients of
    ``method``::

        gap         = ȳ_R − ȳ_G                      (y = log pay if log else pay)
        explained   = (x̄_R − x̄_G)·β*
        unexplained = x̄_R·(β_R − β*) + x̄_G·(β* − β_G)

    computed by statsmodels ``OaxacaBlinder`` (``swap=False``, the reference as its first group).

    Parameters
    ----------
    data
        One row per employee; rows whose ``by`` is neither ``group`` nor ``reference`` are ignored.
    pay, by
        Columns of hourly pay (positive) and of the characteristic.
    group, reference
        The two values of ``by`` compared.
    controls
        Columns explaining pay: numeric ones linearly, the others as fixed effects.
    log
        Decompose the mean of ``log(pay)`` (default; the gap is then in log points, roughly a
        proportion) or of ``pay`` itself (pounds per hour).
    method
        Reference coefficients ``β*``:

        ``"pooled"``
            Pooled regression over both groups *including* the group indicator (Jann 2008;
            Fortin 2008). The default.
        ``"neumark"``
            Pooled regression without the group indicator (Neumark 1988; statsmodels' "nuemark").
        ``"cotton"``
            The two groups' coefficients weighted by group size (Cotton 1988).
        ``"reimers"``
            Their plain average (Reimers 1983).
        ``"reference"`` / ``"group"``
            One group's own coefficients (Oaxaca 1973; Blinder 1973).
    n_bootstrap
        Bootstrap resamples for standard errors (params ``decomposition.n``); 0 for none. Each
        resample refits three regressions, so keep it modest.
    seed
        Seed or ``numpy.random.Generator`` for the bootstrap (params ``decomposition.seed``);
        required when ``n_bootstrap > 0``.
    confidence_level
        Level of the normal-approximation intervals ``estimate ± z·SE``.
    standard_errors
        How the explained and unexplained parts' standard errors are found:

        ``"bootstrap"``
            ``n_bootstrap`` resamples of people (the default; none when ``n_bootstrap`` is 0),
            switching to ``"analytic"`` when the two groups together have more than ``max_n``
            people.
        ``"analytic"``
            The delta-method formulas of Jann (2008) with HC3 coefficient covariances (Notes);
            ``n_bootstrap`` must then be 0.
    max_n
        Above this many people in the two groups the bootstrap is replaced by the analytic
        errors (params ``bootstrap.max_n``, the switch every other interval of the library
        uses): each resample refits the regressions, which at a million employees takes
        hours. ``None``: never switch.

    Returns
    -------
    dict
        ``gap``, ``explained``, ``unexplained``; their ``*_se``, ``*_ci_low``, ``*_ci_high``
        (NaN without a bootstrap); ``n_group``, ``n_reference``, ``group``, ``reference``,
        ``method``, ``log``, ``n_bootstrap``, ``confidence_level``, ``n_excluded_undeclared``,
        ``n_excluded_missing_controls``, ``bootstrap_note`` (empty when the bootstrap ran),
        ``se_method`` (``"bootstrap"``, ``"analytic"`` or ``"none"``).

    Raises
    ------
    ValueError
        ``method`` is not one of the names above (including statsmodels' own spelling
        ``"nuemark"``), ``n_bootstrap > 0`` without a ``seed``, ``group == reference``, an
        unknown ``standard_errors``, ``n_bootstrap > 0`` with ``"analytic"``, or ``max_n < 1``.
    DataError
        A column is missing, pay is not positive, or either group has fewer than two people.

    Notes
    -----
    *Sign.* ``gap`` = reference mean − group mean, positive when the group is paid less; the
    explained and unexplained parts have the same orientation and add up to the gap exactly.

    *Why options are checked here.* statsmodels runs its pooled method for any ``two_fold_type``
    it does not recognise (including a correctly spelled "neumark"), and by default swaps the
    groups so the gap is positive. We map our names to its spelling and always pass
    ``swap=False``.

    *Design.* The constant is supplied by us (``hasconst=True``): statsmodels' ``add_constant``
    would silently skip the constant in a group where some indicator happens to be always 1.
    A control level absent from one group (or any collinearity within one group's data) is
    handled by the pseudo-inverse: each group's fitted mean ``x̄·β`` is still unique, so the
    ``pooled`` and ``neumark`` splits are unique, and ``gap = explained + unexplained`` holds
    for every method. The methods built from the group models' coefficients (``cotton``,
    ``reimers``, ``reference``, ``group``) are then *not* unique, one more reason for the pooled
    default.

    *Standard errors* are statsmodels' bootstrap (resampling people from both groups together)
    with its trimming switched off (``conf=1``: statsmodels' ``conf`` trims the bootstrap
    distribution before taking its standard deviation, which would understate the error). The
    gap's own standard error is the exact one of a difference of independent means
    ``sqrt(s_R²/n_R + s_G²/n_G)``. Intervals are ``estimate ± z·SE``. Because statsmodels
    resamples the two groups together, a resample can contain nobody from a small group
    (probability about ``exp(−n_G)`` per resample); statsmodels then fails and the explained and
    unexplained errors are NaN with ``bootstrap_note`` saying why. Groups below the publication
    threshold (params ``disclosure.min_group_pay``) are not published anyway.

    *Analytic standard errors* (Jann 2008, §3, regressors treated as random). With ``V(β)`` the
    HC3 covariance of a regression's coefficients and ``V(x̄) = S/n`` the covariance of a
    group's mean controls, the explained part's variance is
    ``Δ'V(β*)Δ + β*'[V(x̄_R) + V(x̄_G)]β*`` with ``Δ = x̄_R − x̄_G`` (the covariance of ``x̄``
    and ``β̂`` vanishes asymptotically). For ``"pooled"`` the unexplained part is exactly minus
    the group indicator's coefficient in the pooled regression (both groups' residuals average
    zero there), so its variance is that coefficient's HC3 variance. For the methods built
    from the groups' own regressions (independent samples), with ``d = β_R − β_G`` and
    ``c`` the mean controls weighted as the method weights them, the unexplained variance is
    ``c'[V(β_R) + V(β_G)]c + d'V(c)d``. ``"neumark"``'s pooled coefficients are correlated
    with both groups' own in a way these formulas do not capture: its analytic errors are NaN
    with a note (use the bootstrap). The cost is a few passes over the data, so this is the
    method for large workforces; a test checks that it agrees with the bootstrap where both
    can run.

    References
    ----------
    Jann, B. (2008), "The Blinder–Oaxaca decomposition for linear regression models", *The Stata
    Journal* 8(4). Fortin, N. M. (2008), "The gender wage gap among young adults in the United
    States: the importance of money versus people", *Journal of Human Resources* 43(4).
    Neumark, D. (1988), *Journal of Human Resources* 23(3). Methodology §2.2. Long, J. S. and
    Ervin, L. H. (2000), "Using heteroscedasticity consistent standard errors in the linear
    regression model", *The American Statistician* 54(3) (HC3).

    Examples
    --------
    Pay depends on grade only; the group is mostly in the lower grade, so the whole gap is
    explained:

    >>> df = pd.DataFrame({"sex": ["Male"] * 4 + ["Female"] * 4,
    ...                    "grade": ["G1", "G2", "G2", "G2", "G1", "G1", "G1", "G2"],
    ...                    "hourly_pay": [10.0, 20, 20, 20, 10, 10, 10, 20]})
    >>> d = pay_gap_decomposition(df, pay="hourly_pay", by="sex", group="Female",
    ...                           reference="Male", controls=["grade"], log=False)
    >>> [round(d[k], 6) + 0 for k in ("gap", "explained", "unexplained")]
    [5.0, 5.0, 0.0]
    """
    if method not in DECOMPOSITION_METHODS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, DECOMPOSITION_METHODS))}; got {method!r}."
        )
    alpha = _check_level(confidence_level)
    if group == reference:
        raise ValueError("group and reference must be different values")
    if not isinstance(n_bootstrap, int | np.integer) or n_bootstrap < 0:
        raise ValueError(f"n_bootstrap must be a whole number >= 0, got {n_bootstrap!r}")
    if n_bootstrap > 0 and seed is None:
        raise ValueError("pass a seed (params decomposition.seed) so the bootstrap is reproducible")
    if standard_errors not in ("bootstrap", "analytic"):
        raise ValueError(
            f"standard_errors must be 'bootstrap' or 'analytic'; got {standard_errors!r}."
        )
    if standard_errors == "analytic" and n_bootstrap > 0:
        raise ValueError("n_bootstrap must be 0 with standard_errors='analytic' (no resampling)")
    if max_n is not None and max_n < 1:
        raise ValueError(f"max_n must be a positive whole number or None, got {max_n!r}")
    controls = list(controls)
    sample, counts = _analysis_sample(data, pay=pay, by=by, controls=controls,
                                      keep=[group, reference])
    is_group = (sample[by] == group).to_numpy()
    n_group, n_reference = int(is_group.sum()), int((~is_group).sum())
    for name, n in ((group, n_group), (reference, n_reference)):
        if n < 2:
            raise DataError(
                f"'{name}' has {n} employee(s) with a declared '{by}', positive '{pay}' and "
                "complete controls; a decomposition needs at least 2 in each group."
            )
    y = sample[pay].astype(float)
    if log:
        y = np.log(y)
    # Indicator 0 = reference, 1 = group: statsmodels' first group (lower value) is the reference,
    # so with swap=False its gap is reference mean - group mean.
    exog = pd.concat(
        [pd.Series(1.0, index=sample.index, name=_CONST),
         pd.Series(is_group.astype(float), index=sample.index, name=_INDICATOR),
         _control_matrix(sample, controls)],
        axis=1,
    )
    sm_type, weight = DECOMPOSITION_METHODS[method]
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    with warnings.catch_warnings():
        # A control level absent from one group makes that group's design rank-deficient; the
        # pseudo-inverse then gives the same fitted mean, so the pooled split is unaffected.
        warnings.simplefilter("ignore", SingularMatrixWarning)
        model = OaxacaBlinder(y.to_numpy(), exog, _INDICATOR, hasconst=True, swap=False, rng=rng)
        result = model.two_fold(std=False, two_fold_type=sm_type, submitted_weight=weight)
    unexplained, explained, gap = (float(v) for v in result.params)

    se = {"gap": math.nan, "explained": math.nan, "unexplained": math.nan}
    analytic = standard_errors == "analytic" or (
        n_bootstrap > 0 and max_n is not None and n_group + n_reference > max_n)
    se_method = "analytic" if analytic else ("bootstrap" if n_bootstrap > 0 else "none")
    bootstrap_note = "no bootstrap" if se_method == "none" else ""
    if analytic:
        se["explained"], se["unexplained"], bootstrap_note = _analytic_errors(
            exog.to_numpy(dtype=float), y.to_numpy(dtype=float), is_group, method=method)
        if standard_errors == "bootstrap":
            bootstrap_note = (f"analytic standard errors: {n_group + n_reference:,} people is "
                              f"more than max_n = {max_n:,}. {bootstrap_note}").strip()
    elif n_bootstrap > 0:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SingularMatrixWarning)
                boot = model.two_fold(std=True, two_fold_type=sm_type, submitted_weight=weight,
                                      n=int(n_bootstrap), conf=1.0)
            se["unexplained"], se["explained"] = (float(v) for v in boot.std)
        except ValueError as exc:
            # statsmodels resamples both groups together: a resample with nobody from one group
            # fails. Reported as missing errors rather than stopping the whole run.
            bootstrap_note = ("bootstrap failed, no standard errors (usually a resample with "
                              f"nobody from one group): {exc}")
    if se_method != "none":
        y_ref, y_grp = y.to_numpy()[~is_group], y.to_numpy()[is_group]
        se["gap"] = math.sqrt(y_ref.var(ddof=1) / n_reference + y_grp.var(ddof=1) / n_group)
    z = float(stats.norm.ppf(1 - alpha / 2))
    out: dict[str, Any] = {"gap": gap, "explained": explained, "unexplained": unexplained}
    for key in ("gap", "explained", "unexplained"):
        out[f"{key}_se"] = se[key]
        out[f"{key}_ci_low"] = out[key] - z * se[key]
        out[f"{key}_ci_high"] = out[key] + z * se[key]
    out.update(
        group=group, reference=reference, n_group=n_group, n_reference=n_reference,
        method=method, log=log, n_bootstrap=int(n_bootstrap), confidence_level=confidence_level,
        n_excluded_undeclared=counts["n_excluded_undeclared"],
        n_excluded_missing_controls=counts["n_excluded_missing_controls"],
        bootstrap_note=bootstrap_note, se_method=se_method,
    )
    return out


def _ols_hc3(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """OLS coefficients, their HC3 covariance, and whether every coefficient is identified.

    ``(X'X)⁺`` is k × k, so the cost is a few passes over the n rows whatever n is. An
    observation with leverage 1 has a residual of exactly 0 and adds nothing to the HC3 "meat"
    (its 0/0 weight is taken as 0, as dropping it would give; Correia 2015).
    """
    xtx = x.T @ x
    bread = np.linalg.pinv(xtx)
    beta = bread @ (x.T @ y)
    resid = y - x @ beta
    hat = ((x @ bread) * x).sum(axis=1)  # diag(X (X'X)⁺ X') by BLAS, not a 3-way einsum
    inner = hat < _LEVERAGE_ONE
    weight = np.zeros_like(resid)
    weight[inner] = resid[inner] / (1.0 - hat[inner])
    xw = x * weight[:, None]
    cov = bread @ (xw.T @ xw) @ bread
    return beta, cov, bool(np.linalg.matrix_rank(xtx) == x.shape[1])


def _mean_cov(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A group's mean design row and the covariance of that mean (``S / n``)."""
    mean = x.mean(axis=0)
    centred = x - mean
    return mean, (centred.T @ centred) / ((len(x) - 1) * len(x))


def _analytic_errors(
    exog: np.ndarray, y: np.ndarray, is_group: np.ndarray, *, method: str
) -> tuple[float, float, str]:
    """Jann (2008) delta-method standard errors of the explained and unexplained parts.

    ``exog`` is the pooled design: the constant, then the group indicator (column 1), then the
    controls. Returns ``(se_explained, se_unexplained, note)``; NaN with the reason in ``note``
    where the formulas do not apply (see :func:`pay_gap_decomposition`, Notes).
    """
    own = np.delete(exog, 1, axis=1)  # constant and controls, the groups' own regressions
    mean_r, vmean_r = _mean_cov(own[~is_group])
    mean_g, vmean_g = _mean_cov(own[is_group])
    delta = mean_r - mean_g
    nan = math.nan
    if method == "neumark":
        return nan, nan, ("no analytic standard errors for the Neumark method (its pooled "
                          "coefficients are correlated with both groups' own); use the bootstrap")
    if method == "pooled":
        beta, cov, _ = _ols_hc3(exog, y)
        keep = np.r_[0, np.arange(2, exog.shape[1])]
        b_star, v_star = beta[keep], cov[np.ix_(keep, keep)]
        var_e = delta @ v_star @ delta + b_star @ (vmean_r + vmean_g) @ b_star
        return math.sqrt(max(var_e, 0.0)), math.sqrt(max(cov[1, 1], 0.0)), ""
    beta_r, cov_r, full_r = _ols_hc3(own[~is_group], y[~is_group])
    beta_g, cov_g, full_g = _ols_hc3(own[is_group], y[is_group])
    if not (full_r and full_g):
        return nan, nan, ("no analytic standard errors: a control level is missing from one "
                          "group, so that group's own coefficients are not identified; use the "
                          "pooled method or the bootstrap")
    n_r, n_g = int((~is_group).sum()), int(is_group.sum())
    # weight w of the reference's coefficients in b* = w b_R + (1 - w) b_G
    w = {"reference": 1.0, "group": 0.0, "reimers": 0.5, "cotton": n_r / (n_r + n_g)}[method]
    b_star = w * beta_r + (1 - w) * beta_g
    v_star = w**2 * cov_r + (1 - w) ** 2 * cov_g
    var_e = delta @ v_star @ delta + b_star @ (vmean_r + vmean_g) @ b_star
    # unexplained = x̄_R(b_R - b*) + x̄_G(b* - b_G) = c·d with d = b_R - b_G
    c = (1 - w) * mean_r + w * mean_g
    d = beta_r - beta_g
    var_u = c @ (cov_r + cov_g) @ c + d @ ((1 - w) ** 2 * vmean_r + w**2 * vmean_g) @ d
    return math.sqrt(max(var_e, 0.0)), math.sqrt(max(var_u, 0.0)), ""


# --------------------------------------------------------------------------------------------------
# Cost to close
# --------------------------------------------------------------------------------------------------
def cost_to_close(
    workforce: pd.DataFrame,
    *,
    by: str,
    group: Any,
    reference: Any,
    controls: Sequence[str],
    pay: str = "hourly_pay",
    hours: str = "weekly_hours",
    grade: str = "grade",
    weeks_per_year: float = WEEKS_PER_YEAR,
) -> pd.DataFrame:
    """Annual cost of raising the lower-paid group's hourly pay until a gap is zero (§2.3).

    ``annual_cost = Σ (new hourly pay − hourly pay) × weekly hours × weeks_per_year`` over the
    people raised, for four rules:

    ``median``
        Uniform uplift ``u = M_high / M_low − 1`` of the group with the lower median ``M_low``,
        after which the median gap is zero (a uniform uplift scales the median).
    ``mean``
        Uniform uplift ``u = mean_high / mean_low − 1`` of the group with the lower mean.
    ``adjusted``
        Uniform uplift ``u = exp(|β|) − 1`` of the lower-paid group, where ``β`` is the group's
        coefficient in :func:`adjusted_pay_gap` fitted on the two groups' members (same
        ``controls``); afterwards ``β = 0`` exactly, because the uplift adds ``log(1 + u)`` to
        that group's log pay, a shift the regression's group indicator absorbs.
    ``grade_median``
        Every member of ``group`` paid below the reference group's median *in their own grade*
        is lifted to it; nobody else changes. This rule always raises ``group`` (it targets
        within-grade differences, which exist whichever group is better paid overall).

    Parameters
    ----------
    workforce
        One row per employee, processed workforce columns. The population is the caller's choice
        (e.g. full-pay relevant employees, as for the gaps themselves).
    by, group, reference
        Column of the characteristic and the two values compared.
    controls
        Controls of the adjusted gap (params ``adjusted_gap_controls``).
    pay, hours, grade
        Columns of hourly pay, contractual weekly hours and grade.
    weeks_per_year
        Weeks in a year, default ``365 / 7`` (52.143).

    Returns
    -------
    pandas.DataFrame
        One row per rule (``median``, ``mean``, ``adjusted``, ``grade_median``): ``rule``,
        ``raised_group`` (the group whose pay rises), ``uplift_pct`` (percentage increase of that
        group's total basic pay bill, ``Σ extra × hours / Σ pay × hours × 100``; equal to the
        uniform uplift for the first three rules), ``annual_cost`` (pounds a year),
        ``n_affected`` (people whose pay rises).

    Raises
    ------
    DataError
        A column is missing, pay or hours are not positive, or either group is empty.

    Notes
    -----
    For the three uniform rules, when ``group`` is not the lower paid on the rule's statistic
    the reference is the group raised (``raised_group``); a zero gap costs nothing. Undeclared
    people are not raised. In ``grade_median``, grades with nobody from the reference group
    raise nobody. An uplift below 1e-12 (rounding error of a zero gap) counts as none.
    The adjusted rule costs the uplift for every member of the lower-paid group, including anyone
    left out of the regression for a missing control. Employer on-costs (pension, National
    Insurance) are not included. Results are internal, for managers (not published).

    References
    ----------
    Methodology §2.3.

    Examples
    --------
    >>> wf = pd.DataFrame({"sex": ["Male", "Male", "Female", "Female"], "grade": ["G1"] * 4,
    ...                    "hourly_pay": [20.0, 20.0, 10.0, 10.0], "weekly_hours": [35.0] * 4})
    >>> out = cost_to_close(wf, by="sex", group="Female", reference="Male", controls=[])
    >>> out.loc[out["rule"] == "median", ["uplift_pct", "annual_cost", "n_affected"]].round(2)
       uplift_pct  annual_cost  n_affected
    0       100.0      36500.0           2
    """
    controls = list(controls)
    _require_columns(workforce, [by, pay, hours, grade, *controls])
    pair = workforce.loc[workforce[by].isin([group, reference])]
    _check_pay(pair[pay], pay)
    _check_pay(pair[hours], hours)
    in_group = pair[by] == group
    for name, n in ((group, int(in_group.sum())), (reference, int((~in_group).sum()))):
        if n == 0:
            raise DataError(f"nobody in '{name}' (column '{by}') to compare.")
    wage = pair[pay].astype(float)
    annual_hours = pair[hours].astype(float) * weeks_per_year
    members = {group: in_group, reference: ~in_group}

    def uniform(rule: str, low: Any, uplift: float) -> dict[str, Any]:
        uplift = 0.0 if uplift < _ROUNDING else uplift
        sel = members[low]
        extra = wage[sel] * uplift * annual_hours[sel]
        return {"rule": rule, "raised_group": low, "uplift_pct": uplift * 100,
                "annual_cost": float(extra.sum()),
                "n_affected": int(sel.sum()) if uplift > 0 else 0}

    rows = []
    for rule, stat in (("median", "median"), ("mean", "mean")):
        s_grp, s_ref = (float(getattr(wage[members[g]], stat)()) for g in (group, reference))
        low = group if s_grp <= s_ref else reference
        high_stat, low_stat = max(s_grp, s_ref), min(s_grp, s_ref)
        rows.append(uniform(rule, low, high_stat / low_stat - 1))

    adj = adjusted_pay_gap(pair, pay=pay, by=by, reference=reference, controls=controls)
    beta_gap = adj.loc[adj["group"] == group, "adjusted_gap_pct"]
    if len(beta_gap) and np.isfinite(beta_gap.iloc[0]):
        beta = math.log(1 - float(beta_gap.iloc[0]) / 100)  # gap = (1 - e^β) × 100
        low = group if beta <= 0 else reference
        rows.append(uniform("adjusted", low, math.expm1(abs(beta))))
    else:
        rows.append({"rule": "adjusted", "raised_group": None, "uplift_pct": math.nan,
                     "annual_cost": math.nan, "n_affected": 0})

    # Rule (d) as specified: the group's members are lifted to the reference's grade median.
    target = wage[~in_group].groupby(pair.loc[~in_group, grade], observed=True).median()
    floor = pair.loc[in_group, grade].map(target).astype(float)
    extra_rate = (floor - wage[in_group]).clip(lower=0).fillna(0.0)
    extra = extra_rate * annual_hours[in_group]
    bill = float((wage[in_group] * annual_hours[in_group]).sum())
    rows.append({"rule": "grade_median", "raised_group": group,
                 "uplift_pct": float(extra.sum()) / bill * 100, "annual_cost": float(extra.sum()),
                 "n_affected": int((extra_rate > 0).sum())})
    return pd.DataFrame(rows, columns=["rule", "raised_group", "uplift_pct", "annual_cost",
                                       "n_affected"])
