"""Intersectional collapse (methodology §2): merge small groups of a crossed characteristic before
its figures are computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from eqlib.disclosure.rules import (
    COLLAPSE_COLUMNS,
)


# --------------------------------------------------------------------------------------------------
# Intersectional collapse (methodology §2)
# --------------------------------------------------------------------------------------------------
def collapse_plan(
    counts: pd.DataFrame,
    broader: Mapping[str, str],
    *,
    threshold: int,
    group: str = "group",
    level: str | None = "level",
    n: str = "n",
) -> tuple[dict[str, str], pd.DataFrame]:
    """Which detailed groups to publish merged, so that no cell of a cross-tab is under threshold.

    For each broader group, the detailed groups that are below ``threshold`` (but not zero) at any
    level are merged, adding the smallest remaining siblings (ties by label) until the merged group
    reaches the threshold at every level where it is not zero. Siblings that are large enough stay
    separate, which keeps more information than publishing only the broader group. A merge of all
    siblings is labelled with the broader group's name; a partial merge ``"<broader>: other
    groups"``. A merge that is still under threshold is left to suppression.

    Parameters
    ----------
    counts
        One row per detailed group (and level): columns ``group``, ``level`` (optional) and ``n``.
    broader
        Detailed group -> broader group (e.g. :data:`eqlib.codes.ETHNICITY_DETAILED`). Groups not
        in the mapping are never merged.
    threshold
        ``disclosure.min_group_pay`` for pay gaps, ``min_count`` for counts.

    Returns
    -------
    (mapping, record)
        ``mapping``: every detailed group -> the group to publish it as. ``record``: one row per
        merge (:data:`COLLAPSE_COLUMNS`), members joined with ``"; "``.

    Examples
    --------
    >>> c = pd.DataFrame({"group": ["Indian", "Pakistani", "Chinese", "African"],
    ...                   "n": [30, 3, 4, 12]})
    >>> m, rec = collapse_plan(c, {"Indian": "Asian", "Pakistani": "Asian", "Chinese": "Asian",
    ...                            "African": "Black"}, threshold=5, level=None)
    >>> m
    {'African': 'African', 'Chinese': 'Asian: other groups', 'Indian': 'Indian', 'Pakistani': 'Asian: other groups'}
    """  # noqa: E501
    if level is None:
        wide = counts.groupby(group)[n].sum().to_frame("_all")
    else:
        wide = counts.pivot_table(index=group, columns=level, values=n, aggfunc="sum",
                                  fill_value=0)
    wide.index = wide.index.map(str)
    mapping = {g: g for g in sorted(wide.index)}
    records = []

    def small(vec: np.ndarray) -> bool:
        return bool(((vec > 0) & (vec < threshold)).any())

    families: dict[str, list[str]] = {}
    for g in sorted(wide.index):
        if g in broader:
            families.setdefault(broader[g], []).append(g)
    for broad, members in sorted(families.items()):
        merged = sorted(g for g in members if small(wide.loc[g].to_numpy(dtype=float)))
        if not merged:
            continue
        rest = sorted((g for g in members if g not in merged),
                      key=lambda g: (float(wide.loc[g].sum()), g))
        total = wide.loc[merged].sum().to_numpy(dtype=float)
        while (small(total) or len(merged) == 1) and rest:
            nxt = rest.pop(0)
            merged.append(nxt)
            total = total + wide.loc[nxt].to_numpy(dtype=float)
        label = broad if not rest else f"{broad}: other groups"
        for g in merged:
            mapping[g] = label
        nonzero = total[total > 0]
        records.append({
            "broader_group": broad, "published_group": label,
            "members": "; ".join(sorted(merged)),
            "smallest_n": float(nonzero.min()) if nonzero.size else 0.0,
            "threshold": threshold,
        })
    return mapping, pd.DataFrame(records, columns=list(COLLAPSE_COLUMNS))


def collapse_groups(
    counts: pd.DataFrame,
    broader: Mapping[str, str],
    *,
    threshold: int,
    group: str = "group",
    level: str | None = "level",
    n: str = "n",
    sum_columns: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A count cross-tab with small detailed groups merged (:func:`collapse_plan`), and the record.

    ``sum_columns`` (default ``[n]``) are summed over the merged groups; other columns are
    dropped. For statistics (pay gaps), apply the plan's mapping to the people instead and
    recompute.

    Examples
    --------
    >>> c = pd.DataFrame({"group": ["Indian", "Pakistani"], "n": [30, 3]})
    >>> out, rec = collapse_groups(c, {"Indian": "Asian", "Pakistani": "Asian"}, threshold=5,
    ...                            level=None)
    >>> out.to_dict("records")
    [{'group': 'Asian', 'n': 33}]
    """
    mapping, record = collapse_plan(counts, broader, threshold=threshold, group=group,
                                    level=level, n=n)
    cols = list(sum_columns or [n])
    keyed = counts.assign(**{group: counts[group].astype(str).map(mapping)})
    by = [group] if level is None else [level, group]
    order = list(dict.fromkeys(keyed[group]))
    out = keyed.groupby(by, sort=False, as_index=False)[cols].sum()
    out["_o"] = out[group].map(order.index)
    sort_by = ["_o"] if level is None else [level, "_o"]
    out = out.sort_values(sort_by, kind="mergesort").drop(columns="_o").reset_index(drop=True)
    return out, record

