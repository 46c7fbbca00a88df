"""The disclosure rules (params ``disclosure``) and the names of the rules a value is withheld by.
See :mod:`eqlib.disclosure` for the terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eqlib.errors import ParamsError

#: The rules a value can be withheld by (the suppression log's ``rule`` column).
RULES: tuple[str, ...] = (
    "primary_count", "primary_share", "primary_statistic", "dominance", "secondary",
)
#: Columns of the suppression log.
LOG_COLUMNS: tuple[str, ...] = (
    "table", "population", "characteristic", "group", "level", "measure", "rule",
)
#: Columns of a collapse record (:func:`collapse_plan`).
COLLAPSE_COLUMNS: tuple[str, ...] = (
    "broader_group", "published_group", "members", "smallest_n", "threshold",
)


@dataclass(frozen=True)
class DisclosureRules:
    """Thresholds of disclosure control (params ``disclosure``; methodology §7).

    Attributes
    ----------
    min_count
        Counts ``0 < n < min_count`` are withheld (default 5).
    min_group_stat
        Statistics (mean, median, share denominators) of fewer people are withheld (default 10).
    min_group_pay
        Pay gaps, pay sums and means of fewer people are withheld (default 10).
    nk_k
        Dominance: withhold a pay sum or mean when its top 2 contributors exceed this fraction of
        the cell total (default 0.90).
    zeros_disclosive
        Withhold zero counts too (default false: zeros are published).
    round_to
        Round published counts to this base, or ``None`` (default) for no rounding.

    Examples
    --------
    >>> DisclosureRules.from_params({"disclosure": {"min_count": 5, "min_group_stat": 10,
    ...     "min_group_pay": 10, "nk_k": 0.9, "zeros_disclosive": False, "round_to": None}})
    DisclosureRules(min_count=5, min_group_stat=10, min_group_pay=10, nk_k=0.9, zeros_disclosive=False, round_to=None)
    """  # noqa: E501

    min_count: int = 5
    min_group_stat: int = 10
    min_group_pay: int = 10
    nk_k: float = 0.90
    zeros_disclosive: bool = False
    round_to: int | None = None

    def __post_init__(self) -> None:
        problems = []
        for name in ("min_count", "min_group_stat", "min_group_pay"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                problems.append(f"disclosure.{name} must be a whole number >= 1; got {v!r}.")
        if isinstance(self.nk_k, bool) or not isinstance(self.nk_k, int | float) or not (
            0 < self.nk_k <= 1
        ):
            problems.append(f"disclosure.nk_k must be a fraction in (0, 1]; got {self.nk_k!r}.")
        if not isinstance(self.zeros_disclosive, bool):
            problems.append(
                f"disclosure.zeros_disclosive must be true or false; got {self.zeros_disclosive!r}."
            )
        r = self.round_to
        if r is not None and (isinstance(r, bool) or not isinstance(r, int) or r < 1):
            problems.append(f"disclosure.round_to must be null or a whole number >= 1; got {r!r}.")
        if problems:
            raise ParamsError(problems)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> DisclosureRules:
        """Rules from a :class:`~eqlib.config.Params` mapping (or its ``disclosure`` entry)."""
        d = params.get("disclosure", params)
        fields = ("min_count", "min_group_stat", "min_group_pay", "nk_k", "zeros_disclosive",
                  "round_to")
        missing = [f for f in fields if f not in d]
        if missing:
            raise ParamsError([f"missing key 'disclosure.{f}'." for f in missing])
        return cls(**{f: d[f] for f in fields})

