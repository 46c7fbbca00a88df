"""Display blocks and number formatting of the publication: every number printed goes through
these formatters ([c] when withheld, [x] when there is none). See :mod:`eqlib.publication`.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import pandas as pd

from eqlib.tables import CONFIDENTIAL, NOT_AVAILABLE

#: Mimetype of the title block's metadata, read by :func:`eqlib.render.notebook_to_html`.
REPORT_MIMETYPE = "application/vnd.eqstats.report+json"

Format = Literal["pct", "pp", "gbp", "int", "ratio", "number", "text"]
Placement = Literal["main", "appendix"]
_FORMATS: tuple[str, ...] = ("pct", "pp", "gbp", "int", "ratio", "number", "text")


# --------------------------------------------------------------------------------------------------
# Display blocks
# --------------------------------------------------------------------------------------------------
class Block:
    """HTML for the report, shown by Jupyter and copied into the publication by the template.

    Parameters
    ----------
    html_text : str
        The HTML fragment (already escaped where needed).
    metadata : Mapping, optional
        Extra JSON published under :data:`REPORT_MIMETYPE` (used by :func:`title_page` only).
    placement : {"main", "appendix"}
        Where the block goes in the publication (see :func:`report_section`): sentences and
        charts carry the message in the main report; tables are detail for Appendix A unless a
        section keeps one in the main report with :func:`in_main_report`.

    Examples
    --------
    >>> Block("<p>Hello</p>")._repr_html_()
    '<p>Hello</p>'
    """

    def __init__(self, html_text: str, *, metadata: Mapping[str, Any] | None = None,
                 placement: Placement = "main") -> None:
        if placement not in ("main", "appendix"):
            raise ValueError(f"placement must be 'main' or 'appendix', got {placement!r}")
        self.html = html_text
        self.metadata = dict(metadata) if metadata is not None else None
        self.placement: Placement = placement

    def _repr_html_(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/html": self.html, "text/plain": self.__repr__()}
        if self.metadata is not None:
            bundle[REPORT_MIMETYPE] = self.metadata
        return bundle

    def __repr__(self) -> str:
        return f"Block({self.html!r})"

    def __str__(self) -> str:
        return self.html


# --------------------------------------------------------------------------------------------------
# Number formatting
# --------------------------------------------------------------------------------------------------
def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, numbers.Real) and math.isnan(float(value))


def _check_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"expected a number, got {value!r} ({type(value).__name__}).")
    x = float(value)
    if math.isinf(x):
        raise ValueError(f"cannot print an infinite value ({value!r}); undefined values are NaN.")
    return x


def _round_half_away(x: float, dp: int) -> Decimal:
    if not isinstance(dp, int) or dp < 0:
        raise ValueError(f"dp must be a whole number >= 0, got {dp!r}.")
    d = Decimal(repr(x)).quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)
    return d.copy_abs() if d.is_zero() else d  # never print "-0.0"


def fmt_number(value: Any, dp: int = 1, *, suppressed: bool = False, thousands: bool = True) -> str:
    """A number rounded half away from zero to ``dp`` decimals, with thousands separators.

    Parameters
    ----------
    value : float
        The number; ``NaN``/``None`` prints ``[x]`` (not available).
    dp : int
        Decimal places.
    suppressed : bool
        When true the value is withheld: prints ``[c]`` whatever ``value`` holds.
    thousands : bool
        Group thousands with commas.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        When ``value`` is not a number.
    ValueError
        When ``value`` is infinite or ``dp`` is negative.

    Examples
    --------
    >>> fmt_number(1234.25, 1), fmt_number(2.675, 2), fmt_number(-0.04, 1)
    ('1,234.3', '2.68', '0.0')
    >>> fmt_number(99.0, suppressed=True)
    '[c]'
    """
    if suppressed:
        return CONFIDENTIAL
    if _is_missing(value):
        return NOT_AVAILABLE
    d = _round_half_away(_check_number(value), dp)
    return f"{d:,.{dp}f}" if thousands else f"{d:.{dp}f}"


def fmt_pct(
    value: Any,
    dp: int = 1,
    *,
    unit: Literal["percent", "fraction"] = "percent",
    suppressed: bool = False,
) -> str:
    """A percentage, ``fmt_number(value) + "%"``, rounded half away from zero.

    Parameters
    ----------
    value : float
        In percent units (``8.2`` means 8.2%) unless ``unit="fraction"`` (``0.082``).
    dp : int
        Decimal places (GOV.UK pay gap figures use 1).
    unit : {"percent", "fraction"}
        The unit of ``value``.
    suppressed : bool
        Withheld by disclosure control: prints ``[c]``.

    Returns
    -------
    str
        e.g. ``"8.2%"``; ``"[c]"`` when suppressed; ``"[x]"`` when the value is NaN.

    Raises
    ------
    ValueError
        For an unknown ``unit``, an infinite value or a negative ``dp``.

    Examples
    --------
    >>> fmt_pct(8.25), fmt_pct(0.0825, unit="fraction"), fmt_pct(-3.35)
    ('8.3%', '8.3%', '-3.4%')
    >>> fmt_pct(float("nan")), fmt_pct(12.0, suppressed=True)
    ('[x]', '[c]')
    """
    if unit not in ("percent", "fraction"):
        raise ValueError(f"unit must be 'percent' or 'fraction', got {unit!r}.")
    if suppressed:
        return CONFIDENTIAL
    if _is_missing(value):
        return NOT_AVAILABLE
    x = _check_number(value)
    if unit == "fraction":
        x = float(Decimal(repr(x)) * 100)
    return fmt_number(x, dp, thousands=True) + "%"


def fmt_gbp(value: Any, dp: int = 2, *, suppressed: bool = False) -> str:
    """An amount in pounds sterling: ``"£1,234.50"`` (negative: ``"-£12.00"``).

    Parameters
    ----------
    value : float
        Pounds.
    dp : int
        Decimal places: 2 for hourly pay, 0 for annual amounts.
    suppressed : bool
        Withheld: prints ``[c]``.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_gbp(15.005), fmt_gbp(27500, 0), fmt_gbp(-12)
    ('£15.01', '£27,500', '-£12.00')
    """
    if suppressed:
        return CONFIDENTIAL
    if _is_missing(value):
        return NOT_AVAILABLE
    text = fmt_number(value, dp)
    return "-£" + text[1:] if text.startswith("-") else "£" + text


def fmt_int(value: Any, *, suppressed: bool = False) -> str:
    """A count with thousands separators (``1,234``); ``[c]`` when suppressed.

    Examples
    --------
    >>> fmt_int(1234), fmt_int(7, suppressed=True), fmt_int(None)
    ('1,234', '[c]', '[x]')
    """
    return fmt_number(value, 0, suppressed=suppressed)


def fmt_date(value: str | dt.date) -> str:
    """A date in GOV.UK style, ``"31 March 2026"`` (from an ISO string or a ``date``).

    Examples
    --------
    >>> fmt_date("2026-03-31")
    '31 March 2026'
    """
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.day} {d:%B %Y}"


def _formatter(fmt: Format | Callable[[Any], str], dp: int | None) -> Callable[..., str]:
    """The cell formatter ``f(value, suppressed=False) -> str`` of a table column."""
    if callable(fmt):
        custom = fmt
        return lambda v, suppressed=False: CONFIDENTIAL if suppressed else custom(v)
    if fmt not in _FORMATS:
        raise ValueError(f"unknown format {fmt!r}; valid formats: {', '.join(_FORMATS)}.")
    default_dp = {"pct": 1, "pp": 1, "gbp": 2, "ratio": 2, "number": 1}.get(fmt, 0)
    places = default_dp if dp is None else dp

    def cell(v: Any, suppressed: bool = False) -> str:
        if fmt == "pct":
            return fmt_pct(v, places, suppressed=suppressed)
        if fmt == "gbp":
            return fmt_gbp(v, places, suppressed=suppressed)
        if fmt == "int":
            return fmt_int(v, suppressed=suppressed)
        if fmt == "text":
            return CONFIDENTIAL if suppressed else (NOT_AVAILABLE if _is_missing(v) else str(v))
        text = fmt_number(v, places, suppressed=suppressed)
        return text + " pp" if fmt == "pp" and text not in (CONFIDENTIAL, NOT_AVAILABLE) else text

    return cell


__all__ = [
    "REPORT_MIMETYPE",
    "Block",
    "fmt_date",
    "fmt_gbp",
    "fmt_int",
    "fmt_number",
    "fmt_pct",
]
