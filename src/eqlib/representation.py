"""Representation: composition, indices against a population benchmark, levels, boards, SES.

Terms
-----
declared
    A person whose answer for a characteristic is a group, not ``Prefer not to say`` or ``Not
    known`` (a blank answer counts as ``Not known``). Not-declared people are counted in every
    composition table and left out of every share denominator.
share (workforce side)
    ``share_w = n_g / n_declared`` within a population (the workforce, a level, a board).
benchmark share
    ``share_b = N_g / N_answered`` in the population benchmark (``eqlib.census.benchmark_shares``).
representation index
    ``index = share_w / share_b``: 1 is proportional, below 1 under-represented (methodology §3.1),
    with ``diff_pp = (share_w - share_b) × 100``.
level
    A part of the organisation: a grade, a grade band, a directorate, the top earners, a board. The
    whole population is the level :data:`ALL`.
declaration rate
    ``n_declared / n_total`` (a fraction), shown beside every share because a low rate makes any
    share uncertain in a way no interval captures.
universe
    The population the benchmark counts (e.g. "all usual residents (all ages, including
    children)"), carried as a column of every table compared with a benchmark.

Analytical functions return wide tables, one row per group (× level); shares, rates and indices
are fractions or ratios, columns ending ``_pct`` percentages and ``_pp`` percentage points.
Undefined values are NaN, never infinity or a fill number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from eqlib import characteristics, codes
from eqlib.intervals import clopper_pearson_interval, exact_binomial_p_value

#: Level label of the whole population in by-level tables.
ALL = "All"
#: Columns of :func:`representation_index`, in order.
INDEX_COLUMNS: tuple[str, ...] = (
    "group", "n", "share", "benchmark_share", "index", "index_ci_low", "index_ci_high", "diff_pp",
    "p_value", "interval_excludes_one", "n_declared",
)
_VOTING_LABELS = {True: "Voting", False: "Non-voting"}


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------
def _count_answers(column: pd.Series) -> pd.Series:
    """Number of people giving each answer in ``column``, blanks counted as ``Not known``.

    The column is counted first (``value_counts``) and only its distinct labels are cleaned: a
    column of 100,000 people holds a handful of labels, so there is no Python work per person.
    The result is named ``count``, its index named after the column (as ``value_counts``).
    """
    counts: dict[object, int] = {}
    for value, n in column.value_counts(dropna=False, sort=False).items():
        if n == 0:  # a category nobody holds (value_counts lists every category)
            continue
        label = codes.NOT_KNOWN if pd.isna(value) or str(value).strip() == "" else value
        counts[label] = counts.get(label, 0) + int(n)
    index = pd.Index(list(counts), dtype=object, name=column.name)
    return pd.Series(list(counts.values()), index=index, dtype="int64", name="count")


def _answer_counts(data: pd.DataFrame, characteristic: str) -> pd.Series:
    """:func:`_count_answers` of a column of ``data`` (KeyError naming the columns if absent)."""
    if characteristic not in data.columns:
        raise KeyError(f"column {characteristic!r} not in the data; columns: "
                       f"{', '.join(map(str, data.columns))}")
    return _count_answers(data[characteristic])


def _declared_groups(characteristic: str, observed: Iterable[object],
                     groups: Sequence[str] | None = None) -> list[str]:
    """Declared groups in display order: ``groups``, else the code list, then others sorted.

    ``observed`` holds the answers given; each distinct answer once is enough (the index of
    :func:`_count_answers`).
    """
    if groups is not None:
        order = list(groups)
    else:
        order = list(characteristics.groups(characteristic))
    extra = sorted({str(v) for v in observed if v not in order and v not in codes.NOT_DECLARED})
    return order + extra


def _levels(data: pd.DataFrame, level: str | None, *,
            columns: Sequence[str] = ()) -> list[tuple[object, pd.DataFrame]]:
    """``[(ALL, data)]`` followed by one part per observed level value (category order).

    ``columns`` names the only columns the caller reads: when all are present the parts hold
    just them and the level, not copies of every column of a wide workforce table.
    """
    columns = list(columns)
    if columns and all(c in data.columns for c in columns):
        keep = [*columns, level] if level is not None and level in data.columns else columns
        data = data[list(dict.fromkeys(keep))]
    parts: list[tuple[object, pd.DataFrame]] = [(ALL, data)]
    if level is None:
        return parts
    if level not in data.columns:
        raise KeyError(f"level column {level!r} not in the data")
    for value, part in data.groupby(level, sort=True, observed=True, dropna=True):
        parts.append((value, part))
    return parts


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.nan


def _declared_counts(data: pd.DataFrame, characteristic: str,
                     groups: Sequence[str] | None = None) -> tuple[pd.Series, int]:
    """Counts of each declared group (zeros included) and the total number of people."""
    answers = _answer_counts(data, characteristic)
    order = _declared_groups(characteristic, answers.index, groups)
    counts = answers[~answers.index.isin(codes.NOT_DECLARED)]
    return counts.reindex(order, fill_value=0).astype(int), len(data)


def _as_series(values: Mapping[str, float] | pd.Series, name: str) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values.copy()
    else:
        series = pd.Series(dict(values), dtype=float)
    series.index = series.index.map(str)
    series.name = name
    return series


# --------------------------------------------------------------------------------------------------
# Representation index (methodology §3.1)
# --------------------------------------------------------------------------------------------------
def representation_index(
    counts: Mapping[str, int] | pd.Series,
    benchmark_shares: Mapping[str, float] | pd.Series,
    *,
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Representation index ``(n_g / n_declared) / share_b`` with an exact interval and test.

    ``share = n_g / n_declared`` where ``n_declared`` is the sum of ``counts``;
    ``index = share / benchmark_share``; ``diff_pp = (share - benchmark_share) × 100``. The interval
    is the Clopper–Pearson interval of ``share`` divided by ``benchmark_share``; ``p_value`` is the
    test that interval inverts: the equal-tailed exact binomial test of ``n_g`` out of
    ``n_declared`` against ``benchmark_share``, twice the smaller one-sided tail, capped at 1
    (:func:`eqlib.intervals.exact_binomial_p_value`). So ``p_value < 1 - confidence_level``
    exactly when ``interval_excludes_one``.

    Parameters
    ----------
    counts
        Group -> number of people, declared groups only (not-declared answers are left out by the
        caller). Whole numbers >= 0.
    benchmark_shares
        Group -> population share (fractions in [0, 1]; ``eqlib.census.benchmark_shares``).
    confidence_level
        Coverage of the interval (params ``confidence_level``).

    Returns
    -------
    pd.DataFrame
        One row per group (the benchmark's groups in their order, then groups found only in
        ``counts``): ``group, n, share, benchmark_share, index, index_ci_low, index_ci_high,
        diff_pp, p_value, interval_excludes_one, n_declared``.

    Raises
    ------
    ValueError
        A negative or fractional count, a share outside [0, 1], or a bad ``confidence_level``.

    Notes
    -----
    * The Census is treated as a fixed population: only the workforce share is uncertain.
    * A group absent from the workforce (``n = 0``) has share 0, index 0, interval from 0 to
      ``CP_high / share_b`` and a defined p-value.
    * A group absent from the benchmark (share missing or 0) has ``index``, its interval and
      ``p_value`` NaN, never infinity; ``diff_pp`` is defined when the share is 0 and NaN when it
      is missing.
    * Nobody declared (``n_declared = 0``): every share, index, interval and p-value is NaN.
    * ``interval_excludes_one`` is True when the whole interval lies above or below 1, and False
      when the interval is undefined.
    * scipy ``binomtest``'s default two-sided p-value is *not* used: it sums the outcomes no more
      likely than the one observed, a different test that can call a group significant while the
      Clopper–Pearson interval includes 1 (or the reverse).

    References
    ----------
    Clopper and Pearson (1934); Fay (2010), R Journal 2(1):53-58; methodology §3.1.

    Examples
    --------
    >>> t = representation_index({"A": 3, "B": 7}, {"A": 0.2, "B": 0.8})
    >>> round(float(t.loc[0, "index"]), 4), round(float(t.loc[0, "index_ci_high"]), 4)
    (1.5, 3.2623)
    """
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be between 0 and 1, got {confidence_level!r}")
    counts_s = _as_series(counts, "n")
    shares_s = _as_series(benchmark_shares, "benchmark_share").astype(float)
    numeric = pd.to_numeric(counts_s, errors="coerce").astype(float)
    bad = [g for g, v in numeric.items() if not (math.isfinite(v) and v >= 0 and v.is_integer())]
    if bad:
        raise ValueError(f"counts must be whole numbers >= 0; bad groups: {bad}")
    bad = [g for g, v in shares_s.items() if not pd.isna(v) and not 0 <= v <= 1]
    if bad:
        raise ValueError(f"benchmark shares must be fractions in [0, 1]; bad groups: {bad}")
    counts_s = numeric.astype(int)
    n_declared = int(counts_s.sum())
    groups = list(shares_s.index) + [g for g in counts_s.index if g not in shares_s.index]
    rows = []
    for group in groups:
        n = int(counts_s.get(group, 0))
        b = float(shares_s.get(group, math.nan))
        share = _ratio(n, n_declared)
        low, high = clopper_pearson_interval(n, n_declared, confidence_level=confidence_level)
        defined = n_declared > 0 and b > 0  # False for NaN b
        index = share / b if defined else math.nan
        ci_low = low / b if defined else math.nan
        ci_high = high / b if defined else math.nan
        p_value = float(exact_binomial_p_value(n, n_declared, b)) if defined else math.nan
        rows.append({
            "group": group, "n": n, "share": share,
            "benchmark_share": b, "index": index, "index_ci_low": ci_low,
            "index_ci_high": ci_high,
            "diff_pp": (share - b) * 100 if n_declared > 0 and not math.isnan(b) else math.nan,
            "p_value": p_value,
            "interval_excludes_one": bool(defined and (ci_low > 1 or ci_high < 1)),
            "n_declared": n_declared,
        })
    return pd.DataFrame(rows, columns=list(INDEX_COLUMNS))


def representation_by_level(
    workforce: pd.DataFrame,
    characteristic: str,
    benchmark_shares: Mapping[str, float] | pd.Series,
    *,
    universe: str,
    level: str | None = "grade_band",
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Representation index of every group for the whole workforce and at each level.

    :func:`representation_index` of the declared counts of ``characteristic`` in the whole
    population (level :data:`ALL`) and in each value of the ``level`` column.

    Parameters
    ----------
    workforce
        Processed table (data dictionary), or any table with the ``characteristic`` and ``level``
        columns (applications, boards).
    characteristic
        Column, e.g. ``"ethnicity_binary"``.
    benchmark_shares
        Group -> population share (``eqlib.census.benchmark_shares``).
    universe
        The benchmark's universe text (``eqlib.census.benchmark_universe``), copied to every row.
    level
        Column of the levels (``grade_band``, ``grade``, ``directorate``…); None for the whole
        population only.
    confidence_level
        Coverage of the interval.

    Returns
    -------
    pd.DataFrame
        ``level, group`` then the columns of :func:`representation_index`, then ``n_total``
        (everyone at the level), ``declaration_rate``, ``n_outside_benchmark`` and
        ``benchmark_universe``. Levels in category order, :data:`ALL` first.

    Notes
    -----
    People whose declared group has no benchmark share (age 65+: the Census benchmark covers
    residents aged 16-64) are outside the benchmark's universe: they are left out of
    ``n_declared`` and counted in ``n_outside_benchmark``, so the shares compare like with like.
    Levels with nobody declared give NaN indices.

    Examples
    --------
    >>> wf = pd.DataFrame({"disability": ["Disabled", "Not disabled", "Not disabled",
    ...                                   "Prefer not to say"], "grade_band": ["a", "a", "b", "b"]})
    >>> t = representation_by_level(wf, "disability", {"Disabled": 0.25, "Not disabled": 0.75},
    ...                             universe="all residents")
    >>> t[t.group == "Disabled"][["level", "n", "n_declared", "index"]].values.tolist()
    [['All', 1, 3, 1.3333333333333333], ['a', 1, 2, 2.0], ['b', 0, 1, 0.0]]
    """
    shares = _as_series(benchmark_shares, "benchmark_share")
    tables = []
    for value, part in _levels(workforce, level, columns=[characteristic]):
        counts, n_total = _declared_counts(part, characteristic)
        inside = counts[counts.index.isin(shares.index)]
        table = representation_index(inside, shares, confidence_level=confidence_level)
        table.insert(0, "level", value)
        table["n_total"] = n_total
        table["declaration_rate"] = _ratio(int(counts.sum()), n_total)
        table["n_outside_benchmark"] = int(counts.sum() - inside.sum())
        table["benchmark_universe"] = universe
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


# --------------------------------------------------------------------------------------------------
# Composition and declaration (methodology §3.2, §5)
# --------------------------------------------------------------------------------------------------
def composition(
    data: pd.DataFrame,
    characteristic: str,
    *,
    by: str | Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count and percentage of every group, not-declared answers included, overall or by level.

    ``share_pct = 100 × n_g / n_level`` (everyone at the level) and, for declared groups,
    ``declared_share_pct = 100 × n_g / n_declared``.

    Parameters
    ----------
    data
        Any table with the ``characteristic`` column (and the ``by`` columns).
    characteristic
        Column to tabulate; blanks count as ``Not known``.
    by
        None (whole table), a column name, or several (e.g. ``["board", "role"]``); a boolean
        column such as ``top_earners(...)`` assigned to the table works too.
    groups
        Declared groups in display order (default: the code list of ``characteristic``; values
        not in it are added, sorted).

    Returns
    -------
    pd.DataFrame
        ``[by…], group, n, share_pct, declared_share_pct, n_level, n_declared, declaration_rate``;
        one row per level × group, every declared group (zeros included) then ``Prefer not to
        say`` and ``Not known`` (for ``sex``, which HR data always holds, only when present).
        Levels in category (or sorted) order; empty levels are left out.

    Examples
    --------
    >>> df = pd.DataFrame({"sexual_orientation_grouped": ["LGB+", "Straight or heterosexual",
    ...                                                   "Straight or heterosexual", None]})
    >>> composition(df, "sexual_orientation_grouped")[["group", "n", "share_pct"]].values.tolist()
    [['Straight or heterosexual', 2, 50.0], ['LGB+', 1, 25.0], ['Prefer not to say', 0, 0.0], \
['Not known', 1, 25.0]]
    """
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    answers = _answer_counts(data, characteristic)
    declared_order = _declared_groups(characteristic, answers.index, groups)
    # sex is never missing in HR data (eqlib.characteristics.categories): its not-declared rows only when present
    not_declared = [g for g in codes.NOT_DECLARED
                    if characteristic != "sex" or int(answers.get(g, 0)) > 0]
    order = declared_order + not_declared
    frame = data[keys].copy() if keys else pd.DataFrame(index=data.index)
    frame["_answer"] = data[characteristic]  # cleaned when counted, per level
    parts = [((), frame)] if not keys else list(
        frame.groupby(keys if len(keys) > 1 else keys[0], sort=True, observed=True, dropna=True))
    rows = []
    for value, part in parts:
        values = value if isinstance(value, tuple) else (value,)
        counts = _count_answers(part["_answer"]).reindex(order, fill_value=0)
        n_level = len(part)
        n_declared = int(counts[declared_order].sum())
        for group, n in counts.items():
            declared = group not in codes.NOT_DECLARED
            rows.append({
                **dict(zip(keys, values, strict=True)),
                "group": group, "n": int(n),
                "share_pct": 100 * _ratio(int(n), n_level),
                "declared_share_pct": 100 * _ratio(int(n), n_declared) if declared else math.nan,
                "n_level": n_level, "n_declared": n_declared,
                "declaration_rate": _ratio(n_declared, n_level),
            })
    columns = [*keys, "group", "n", "share_pct", "declared_share_pct", "n_level", "n_declared",
               "declaration_rate"]
    return pd.DataFrame(rows, columns=columns)


def declaration_rates(
    data: pd.DataFrame,
    characteristics: Sequence[str],
    *,
    by: str | None = None,
) -> pd.DataFrame:
    """Declared, prefer-not-to-say and not-known rates per characteristic (methodology §5).

    ``declaration_rate = n_declared / n_total``; ``prefer_not_to_say_rate = n_pnts / n_total``;
    ``not_known_rate = n_not_known / n_total`` (blanks count as not known). The three add to 1.

    Parameters
    ----------
    data
        Any table with the ``characteristics`` columns.
    characteristics
        Columns to summarise (all must exist).
    by
        Optional level column: one row per characteristic per level, after the :data:`ALL` rows.

    Returns
    -------
    pd.DataFrame
        ``level, characteristic, n_total, n_declared, n_prefer_not_to_say, n_not_known,
        declaration_rate, prefer_not_to_say_rate, not_known_rate`` (fractions; NaN for an empty
        level).

    Examples
    --------
    >>> df = pd.DataFrame({"disability": ["Disabled", "Not disabled", "Prefer not to say", None]})
    >>> rates = declaration_rates(df, ["disability"])
    >>> float(rates.loc[0, "declaration_rate"]), float(rates.loc[0, "not_known_rate"])
    (0.5, 0.25)
    """
    if isinstance(characteristics, str):
        characteristics = [characteristics]
    rows = []
    for value, part in _levels(data, by, columns=characteristics):
        for characteristic in characteristics:
            answers = _answer_counts(part, characteristic)
            n_total = len(part)
            pnts = int(answers.get(codes.PREFER_NOT_TO_SAY, 0))
            unknown = int(answers.get(codes.NOT_KNOWN, 0))
            declared = n_total - pnts - unknown
            rows.append({
                "level": value, "characteristic": characteristic, "n_total": n_total,
                "n_declared": declared, "n_prefer_not_to_say": pnts, "n_not_known": unknown,
                "declaration_rate": _ratio(declared, n_total),
                "prefer_not_to_say_rate": _ratio(pnts, n_total),
                "not_known_rate": _ratio(unknown, n_total),
            })
    return pd.DataFrame(rows)


def top_earners(
    workforce: pd.DataFrame,
    share: float = 0.10,
    *,
    pay: str = "hourly_pay",
    full_pay_only: bool = True,
) -> pd.Series:
    """Flag the top ``share`` of earners by hourly pay (methodology §3.2).

    With ``N`` people in the population, the top ``k = ceil(share × N)`` are taken; everyone
    paid at least the ``k``-th highest rate is flagged.

    Parameters
    ----------
    workforce
        Processed workforce table.
    share
        Fraction of the population to take, in (0, 1] (0.10 for the top 10%).
    pay
        Column of hourly pay.
    full_pay_only
        Rank only full-pay relevant employees (column ``full_pay_relevant``, methodology §1.1), so
        that reduced pay during leave does not move anyone out of the top; others are False.

    Returns
    -------
    pd.Series
        Boolean, aligned to ``workforce.index``, named ``top_earner``.

    Notes
    -----
    Ties: everyone tied with the ``k``-th highest rate is included, so the group can be a little
    larger than ``share`` when pay ties at the threshold. This rule does not depend on row order or
    on identifiers (no tie is broken arbitrarily). Missing pay is never flagged.

    Examples
    --------
    >>> wf = pd.DataFrame({"hourly_pay": [10.0, 20.0, 30.0, 30.0, 5.0]})
    >>> top_earners(wf, 0.2, full_pay_only=False).tolist()
    [False, False, True, True, False]
    """
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share!r}")
    eligible = workforce[pay].notna()
    if full_pay_only and "full_pay_relevant" in workforce.columns:
        eligible &= workforce["full_pay_relevant"].fillna(False).astype(bool)
    rates = workforce.loc[eligible, pay].astype(float)
    flag = pd.Series(False, index=workforce.index, name="top_earner")
    if rates.empty:
        return flag
    k = math.ceil(share * len(rates))
    threshold = rates.sort_values(ascending=False, kind="stable").iloc[k - 1]
    flag.loc[rates.index] = rates >= threshold
    return flag


# --------------------------------------------------------------------------------------------------
# Levels: internal comparison, progression, diversity (methodology §3.2, §3.4)
# --------------------------------------------------------------------------------------------------
def _declared_shares(data: pd.DataFrame, characteristic: str,
                     groups: Sequence[str] | None = None) -> tuple[pd.Series, pd.Series, int, int]:
    counts, n_total = _declared_counts(data, characteristic, groups)
    n_declared = int(counts.sum())
    shares = counts / n_declared if n_declared else counts.astype(float) * math.nan
    return counts, shares, n_declared, n_total


def level_difference_pp(
    data: pd.DataFrame,
    characteristic: str,
    *,
    level: str | None = "grade_band",
    reference: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Percentage-point difference between each level's share of a group and the whole workforce.

    ``diff_pp = (share at level - share in reference) × 100``, shares among the declared (NHS
    WRES indicators 1 and 9 style internal comparison, methodology §3.2).

    Parameters
    ----------
    data
        The people at the levels: the workforce, or the board members.
    characteristic
        Column, e.g. ``"ethnicity_binary"``.
    level
        Column of the levels (``grade_band``, ``board``…); None for :data:`ALL` only.
    reference
        The population compared with (default ``data`` itself: each level against the whole
        workforce). Pass the workforce when ``data`` is the board members (WRES indicator 9).

    Returns
    -------
    pd.DataFrame
        ``level, group, n, n_declared, share, reference_n, reference_n_declared, reference_share,
        diff_pp, n_total, declaration_rate``; :data:`ALL` (the whole of ``data``) first.

    Notes
    -----
    A level with nobody declared has NaN shares and differences. Positive ``diff_pp``: the group
    is a larger share of the level than of the reference.

    Examples
    --------
    >>> wf = pd.DataFrame({"sex": ["Female", "Female", "Male", "Male"],
    ...                    "grade_band": ["low", "low", "low", "top"]})
    >>> t = level_difference_pp(wf, "sex")
    >>> t[t.group == "Female"][["level", "diff_pp"]].values.tolist()
    [['All', 0.0], ['low', 16.666666666666664], ['top', -50.0]]
    """
    ref = data if reference is None else reference
    ref_counts, ref_shares, ref_declared, _ = _declared_shares(ref, characteristic)
    rows = []
    for value, part in _levels(data, level, columns=[characteristic]):
        counts, shares, n_declared, n_total = _declared_shares(part, characteristic)
        for group in counts.index.union(ref_counts.index, sort=False):
            share = float(shares.get(group, 0.0 if n_declared else math.nan))
            ref_share = float(ref_shares.get(group, 0.0 if ref_declared else math.nan))
            rows.append({
                "level": value, "group": group, "n": int(counts.get(group, 0)),
                "n_declared": n_declared, "share": share,
                "reference_n": int(ref_counts.get(group, 0)),
                "reference_n_declared": ref_declared, "reference_share": ref_share,
                "diff_pp": (share - ref_share) * 100, "n_total": n_total,
                "declaration_rate": _ratio(n_declared, n_total),
            })
    return pd.DataFrame(rows)


def progression_ratio(
    workforce: pd.DataFrame,
    characteristic: str,
    *,
    level: str = "grade_band",
    top: str | None = None,
) -> pd.DataFrame:
    """Share of each group at the top level ÷ its share in the whole workforce (methodology §3.2).

    ``progression_ratio = share_top / share_all``, shares among the declared; 1 means the group
    is as common at the top as overall, below 1 that it is less common at the top.

    Parameters
    ----------
    workforce
        Processed workforce table.
    characteristic
        Column, e.g. ``"ethnicity_binary"``.
    level
        Column of the levels.
    top
        The top level's value. Default: the highest category of an ordered categorical ``level``
        column (``grade_band`` is one); required otherwise.

    Returns
    -------
    pd.DataFrame
        ``group, n_top, n_declared_top, share_top, n_all, n_declared_all, share_all,
        progression_ratio, declaration_rate_top, declaration_rate_all, top_level``.

    Raises
    ------
    ValueError
        When ``top`` is not given and cannot be inferred.

    Notes
    -----
    NaN when the group is absent from the whole workforce or nobody at the top declared.

    Examples
    --------
    >>> wf = pd.DataFrame({"sex": ["Female", "Female", "Female", "Male"],
    ...                    "grade_band": ["low", "low", "top", "top"]})
    >>> progression_ratio(wf, "sex", top="top")["progression_ratio"].tolist()
    [0.6666666666666666, 2.0]
    """
    column = workforce[level]
    if top is None:
        if isinstance(column.dtype, pd.CategoricalDtype) and column.cat.ordered:
            top = column.cat.categories[-1]
        else:
            raise ValueError(f"give top=: column {level!r} is not an ordered categorical, so "
                             "its top level cannot be inferred")
    top_part = workforce[column == top]
    c_top, s_top, d_top, t_top = _declared_shares(top_part, characteristic)
    c_all, s_all, d_all, t_all = _declared_shares(workforce, characteristic)
    rows = []
    for group in c_all.index:
        share_top = float(s_top.get(group, math.nan))
        share_all = float(s_all[group])
        rows.append({
            "group": group, "n_top": int(c_top.get(group, 0)), "n_declared_top": d_top,
            "share_top": share_top, "n_all": int(c_all[group]), "n_declared_all": d_all,
            "share_all": share_all,
            "progression_ratio": share_top / share_all if share_all > 0 else math.nan,
            "declaration_rate_top": _ratio(d_top, t_top),
            "declaration_rate_all": _ratio(d_all, t_all),
            "top_level": top,
        })
    return pd.DataFrame(rows)


def diversity_index(
    data: pd.DataFrame,
    characteristic: str = "ethnicity_broad",
    *,
    by: str | None = None,
) -> pd.DataFrame:
    """Number of distinct declared groups and the Simpson/Blau index ``1 - Σ p_g²`` per level.

    ``p_g`` are shares among the declared (methodology §3.4): 0 when everyone declared is in one
    group, approaching ``1 - 1/k`` when spread evenly over ``k`` groups.

    Parameters
    ----------
    data
        Any table with the ``characteristic`` column.
    characteristic
        Column; default ``ethnicity_broad``.
    by
        Optional level column; :data:`ALL` comes first.

    Returns
    -------
    pd.DataFrame
        ``level, n_total, n_declared, declaration_rate, n_groups, blau_index`` (NaN when nobody
        declared).

    Notes
    -----
    The population form ``1 - Σ p²`` (Blau 1977), not the small-sample ``n(n-1)`` form, so a level
    of one person has index 0. Compare levels of similar size, or over years.

    Examples
    --------
    >>> df = pd.DataFrame({"ethnicity_broad": ["White British", "Asian", "Asian", "Black"]})
    >>> d = diversity_index(df)
    >>> int(d.loc[0, "n_groups"]), float(d.loc[0, "blau_index"])
    (3, 0.625)
    """
    rows = []
    for value, part in _levels(data, by, columns=[characteristic]):
        counts, shares, n_declared, n_total = _declared_shares(part, characteristic)
        rows.append({
            "level": value, "n_total": n_total, "n_declared": n_declared,
            "declaration_rate": _ratio(n_declared, n_total),
            "n_groups": int((counts > 0).sum()),
            "blau_index": 1 - float((shares**2).sum()) if n_declared else math.nan,
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# Boards (methodology §3.3)
# --------------------------------------------------------------------------------------------------
def board_composition(
    boards: pd.DataFrame,
    characteristic: str,
    *,
    by: Sequence[str] = ("board", "role", "voting"),
    benchmark_shares: Mapping[str, float] | pd.Series | None = None,
    universe: str | None = None,
    workforce: pd.DataFrame | None = None,
    member: str = "member_id",
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Board composition for all boards together and by each of ``by``, against the population
    and the workforce.

    For every level: the declared share of each group, the representation index against the
    population benchmark (:func:`representation_index`) and ``diff_pp_workforce = (share -
    workforce share) × 100`` (WRES indicator 9 style).

    Parameters
    ----------
    boards
        Processed board membership (one row per member per board).
    characteristic
        Column, e.g. ``"ethnicity_binary"``.
    by
        Columns tabulated one at a time (not crossed). ``voting`` (boolean) shows as ``Voting`` /
        ``Non-voting``.
    benchmark_shares
        Group -> population share; None to leave the benchmark columns NaN.
    universe
        The benchmark's universe text; required with ``benchmark_shares``.
    workforce
        The workforce to compare with; None to leave the workforce columns NaN.
    member
        Column identifying a person: in "All boards" someone on several boards counts once (their
        first row in ``member`` then board order).
    confidence_level
        Coverage of the index interval.

    Returns
    -------
    pd.DataFrame
        ``level_type`` (``all boards`` or a ``by`` column), ``level``, then the columns of
        :func:`representation_index`, then ``n_total``, ``declaration_rate``, ``workforce_share``,
        ``diff_pp_workforce`` and ``benchmark_universe``.

    Raises
    ------
    ValueError
        ``benchmark_shares`` given without ``universe``.

    Examples
    --------
    >>> b = pd.DataFrame({"member_id": ["m1", "m2", "m1"], "board": ["X", "X", "Y"],
    ...                   "role": ["Chair", "Member", "Member"], "voting": [True, True, False],
    ...                   "disability": ["Disabled", "Not disabled", "Disabled"]})
    >>> t = board_composition(b, "disability", by=("board",))
    >>> t[t.group == "Disabled"][["level", "n", "n_declared"]].values.tolist()
    [['All boards', 1, 2], ['X', 1, 2], ['Y', 1, 1]]
    """
    if benchmark_shares is not None and universe is None:
        raise ValueError("give universe= (eqlib.census.benchmark_universe) with benchmark_shares")
    shares = (_as_series(benchmark_shares, "benchmark_share") if benchmark_shares is not None
              else pd.Series(dtype=float, name="benchmark_share"))
    groups = _declared_groups(characteristic, _answer_counts(boards, characteristic).index)
    if workforce is not None:
        _, wf_shares, _, _ = _declared_shares(workforce, characteristic, groups)
    else:
        wf_shares = pd.Series(math.nan, index=groups)
    sort_keys = [c for c in (member, "board") if c in boards.columns]
    people = boards.sort_values(sort_keys, kind="stable").drop_duplicates(member, keep="first")
    parts: list[tuple[str, object, pd.DataFrame]] = [("all boards", "All boards", people)]
    for column in by:
        for value, part in boards.groupby(column, sort=True, observed=True, dropna=True):
            label = _VOTING_LABELS.get(value, value) if column == "voting" else value
            parts.append((column, label, part))
    tables = []
    for level_type, label, part in parts:
        counts, n_total = _declared_counts(part, characteristic, groups)
        reference = shares if benchmark_shares is not None else pd.Series(
            math.nan, index=counts.index)
        table = representation_index(counts, reference, confidence_level=confidence_level)
        table.insert(0, "level", label)
        table.insert(0, "level_type", level_type)
        table["n_total"] = n_total
        table["declaration_rate"] = _ratio(int(counts.sum()), n_total)
        table["workforce_share"] = table["group"].map(wf_shares).astype(float)
        table["diff_pp_workforce"] = (table["share"] - table["workforce_share"]) * 100
        table["benchmark_universe"] = universe
        tables.append(table)
    return pd.concat(tables, ignore_index=True)
