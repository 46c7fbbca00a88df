"""Ethnicity and disability pay gap reporting duties: the six statutory figures for other groups.

The government's response on the Equality (Race and Disability) Bill (March 2026) asks employers
of 250 or more to publish, for ethnicity and disability, the same six calculations as the gender
pay gap on the same snapshot date, with the workforce's composition and the share who did not
disclose. This module computes them with the gender pay gap's own function
(:func:`eqlib.paygap.binary_figures`, which :func:`eqlib.paygap.gpg_figures` calls for sex),
puts them through the project's disclosure control as tidy tables, and writes the files
``publish/ethnicity_pay_gap_<year>.csv`` and ``publish/disability_pay_gap_<year>.csv``.

Terms
-----
comparison
    One group against the reference group of its characteristic (params ``reference_groups``):
    ``ethnicity_binary`` (Ethnic minority vs White British, every ethnic minority group combined,
    White minorities included), ``ethnicity_broad`` (each broad group vs White British),
    ``ethnicity_detailed`` (each of the 19 groups) and ``disability`` (Disabled vs Not disabled).
    Params ``pay_gap_duties`` say which are produced, so the regime can follow the final
    regulations.
comparison not allowed
    A comparison in which the group or the reference group has fewer than
    ``pay_gap_duties.min_employees`` relevant employees (the response's 10): no pay figure is
    computed or published for it, and the file's ``Reason`` says so. Small groups are **not**
    combined into an "other" group here: a combined group's figures, beside the published
    figures of its members elsewhere in the report, would reveal the small group by
    subtraction, which the disclosure checker cannot see. The binary comparison already covers
    every ethnic minority group.
field layout
    The GOV.UK gender pay gap service's 14 fields (:data:`eqlib.paygap.GPG_FIELDS`) with
    ``Reference`` in place of ``Male`` and ``Group`` in place of ``Female`` (the reference group
    takes men's place in ``gap = (A − B) / A × 100``): ``DiffMeanHourlyPercent …
    ReferenceBonusPercent, GroupBonusPercent, ReferenceLowerQuartile, GroupLowerQuartile …
    ReferenceTopQuartile, GroupTopQuartile``, after ``Characteristic, Group, ReferenceGroup``
    and followed by the composition (``GroupEmployeesPercent``, ``ReferenceEmployeesPercent``,
    ``NotDisclosedPercent``: shares of all relevant employees) and ``Reason``. Generic prefixes
    rather than group names keep one column layout for every row and every characteristic.
pay quarters
    Formed, as for the gender pay gap, over every full-pay relevant employee (those who did not
    disclose included), people on a rate spanning a boundary shared in proportion over every
    group of the characteristic (:func:`eqlib.paygap.quarter_bands`). Each quarter's pair of
    shares is the split between the two compared groups, so it sums to 100 as the service
    requires; the full composition of each quarter, not-disclosed included, is the published
    table ``paygap_quarters``.
reason
    ``Reason`` lists, separated by ``; ``: ``group_under_<N>`` / ``reference_under_<N>`` (the
    comparison is not allowed), ``no_bonus_in_a_group`` (bonus gaps not applicable: one group
    received no bonus, as the gender service's rule), ``withheld:<Field>|<Field>…`` (withheld by
    disclosure control, methodology §7). Blank when every field is published.

Every figure is rounded to 1 decimal place half away from zero and checked as the gender
submission is (:func:`check_submission`): at most one decimal, each quarter pair sums to 100 or
is blank as a pair, percentages within 0-100, no gap above 100, bonus gaps blank exactly when a
group received no bonus (or the comparison is not allowed or withheld), every blank explained.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from eqlib import characteristics, codes, paygap
from eqlib import tables as tt
from eqlib.config import report_dir, staging_dir
from eqlib.errors import PublicationError
from eqlib.paygap.statutory import _round_1dp

__all__ = [
    "COMPARISONS",
    "DUTY_FIELDS",
    "FILE_FIELDS",
    "check_submission",
    "duty_comparisons",
    "duty_tidy",
    "stage_submissions",
    "submission_frame",
    "submission_name",
]

#: params ``pay_gap_duties`` entry -> comparison name -> column compared.
COMPARISONS: dict[str, dict[str, str]] = {
    "ethnicity": {"binary": "ethnicity_binary", "broad": "ethnicity_broad",
                  "detailed": "ethnicity_detailed"},
    "disability": {"binary": "disability"},
}
#: The 14 GOV.UK fields with the reference group in men's place and the group in women's.
DUTY_FIELDS: tuple[str, ...] = paygap.submission_fields(("Reference", "Group"))
COMPOSITION_FIELDS: tuple[str, ...] = (
    "GroupEmployeesPercent", "ReferenceEmployeesPercent", "NotDisclosedPercent",
)
#: Columns of the published file, in order.
FILE_FIELDS: tuple[str, ...] = (
    "Characteristic", "Group", "ReferenceGroup", *DUTY_FIELDS, *COMPOSITION_FIELDS, "Reason",
)
ALL_STAFF = tt.ALL_STAFF
NOT_DISCLOSED = "Not disclosed"
_QUARTERS = ("Lower", "LowerMiddle", "UpperMiddle", "Top")
_GAPS = {"DiffMeanHourlyPercent": ("mean_gap_pct", "fpre"),
         "DiffMedianHourlyPercent": ("median_gap_pct", "fpre"),
         "DiffMeanBonusPercent": ("mean_bonus_gap_pct", "bonus"),
         "DiffMedianBonusPercent": ("median_bonus_gap_pct", "bonus")}


def submission_name(characteristic: str, year: int) -> str:
    """``ethnicity_pay_gap_<year>.csv`` / ``disability_pay_gap_<year>.csv``."""
    return f"{characteristic}_pay_gap_{year}.csv"


def table_name(characteristic: str) -> str:
    """Name of the tidy table behind a file: ``paygap_duty_ethnicity``."""
    return f"paygap_duty_{characteristic}"


def _internal_path(characteristic: str, year: int) -> Path:
    return report_dir(year) / "internal" / "duties" / f"{characteristic}_pay_gap_{year}_full.csv"


def _labels(workforce: pd.DataFrame, column: str) -> pd.Series:
    """The column with missing values as ``Not known`` (as :func:`paygap.quarter_composition`,
    so tied people are shared between quarters the same way in both tables)."""
    if column not in workforce:
        raise PublicationError(
            f"the workforce has no column '{column}', needed for the {column} pay gap duty "
            "(params pay_gap_duties)."
        )
    values = workforce[column].astype(object)
    return values.where(values.notna(), codes.NOT_KNOWN)


# ------------------------------------------------------------------------------------------------
# The figures (unrounded, every count behind them)
# ------------------------------------------------------------------------------------------------
def duty_comparisons(
    workforce: pd.DataFrame,
    characteristic: str,
    *,
    comparisons: Sequence[str],
    reference_groups: Mapping[str, str],
    min_employees: int,
) -> pd.DataFrame:
    """The six figures, quarters and composition of every comparison of one duty, unrounded.

    Parameters
    ----------
    workforce
        Processed (or raw) workforce of the year, one row per relevant employee.
    characteristic
        ``ethnicity`` or ``disability`` (a key of :data:`COMPARISONS`).
    comparisons
        Which comparisons to produce (params ``pay_gap_duties.<characteristic>``), e.g.
        ``["binary", "broad"]``.
    reference_groups
        params ``reference_groups`` (the reference of each compared column).
    min_employees
        Fewest relevant employees in each compared group for the comparison to be allowed
        (params ``pay_gap_duties.min_employees``; 10 in the government's response).

    Returns
    -------
    pandas.DataFrame
        One row per comparison (columns in :data:`COMPARISONS` order, groups in code-list
        order; for the binary ethnicity comparison the group ``Ethnic minority``):
        ``column, group, reference_group, allowed, not_allowed`` (reason code or None),
        ``n_relevant, n_not_declared, n_group, n_reference`` (relevant employees),
        ``n_group_fpre, n_reference_fpre, n_group_bonus, n_reference_bonus``,
        ``q<k>_group, q<k>_reference`` (people of each group in pay quarter k = 1..4), then the
        14 :data:`DUTY_FIELDS` (None where not allowed or undefined) and the 3 composition
        percentages.

    Notes
    -----
    The figures are :func:`eqlib.paygap.binary_figures` of the column: exactly the gender pay
    gap's computation applied to another characteristic.
    """
    if characteristic not in COMPARISONS:
        raise ValueError(f"characteristic must be one of {', '.join(COMPARISONS)}; "
                         f"got {characteristic!r}")
    frame = workforce.copy()
    frame["hourly_pay"] = paygap.hourly_pay(frame)
    fpre = paygap.full_pay_relevant(frame).to_numpy()
    bonus = pd.to_numeric(frame.get("bonus_pay_12m", pd.Series(0.0, index=frame.index)),
                          errors="coerce").fillna(0.0).to_numpy() > 0
    ids = frame["employee_id"] if "employee_id" in frame else pd.Series(frame.index,
                                                                        index=frame.index)
    rows = []
    for name, column in COMPARISONS[characteristic].items():
        if name not in comparisons:
            continue
        labels = _labels(frame, column)
        declared = codes.is_declared(labels).to_numpy()
        reference = reference_groups.get(column)
        if reference is None:
            raise PublicationError(f"params reference_groups has no reference for '{column}'.")
        present = set(labels[declared].unique())
        groups = [g for g in characteristics.groups(column) if g in present]
        groups += sorted((g for g in present if g not in groups), key=str)
        groups = [g for g in groups if g != reference]
        if characteristic == "disability" and "Disabled" not in groups:
            groups = ["Disabled"]
        if name == "binary" and characteristic == "ethnicity":
            groups = ["Ethnic minority"]
        bands = paygap.quarter_bands(frame.loc[fpre, "hourly_pay"], labels[fpre],
                                     ids=ids[fpre]).to_numpy()
        lab = labels.to_numpy(dtype=object)
        is_ref = lab == reference
        for group in groups:
            is_grp = lab == group
            n_group, n_ref = int(is_grp.sum()), int(is_ref.sum())
            reasons = []
            if n_group < min_employees:
                reasons.append(f"group_under_{min_employees}")
            if n_ref < min_employees:
                reasons.append(f"reference_under_{min_employees}")
            row: dict[str, Any] = {
                "column": column, "group": group, "reference_group": reference,
                "allowed": not reasons, "not_allowed": "; ".join(reasons) or None,
                "n_relevant": len(frame), "n_not_declared": int((~declared).sum()),
                "n_group": n_group, "n_reference": n_ref,
                "n_group_fpre": int((is_grp & fpre).sum()),
                "n_reference_fpre": int((is_ref & fpre).sum()),
                "n_group_bonus": int((is_grp & bonus).sum()),
                "n_reference_bonus": int((is_ref & bonus).sum()),
            }
            for k in range(1, 5):
                row[f"q{k}_group"] = int(((bands == k) & is_grp[fpre]).sum())
                row[f"q{k}_reference"] = int(((bands == k) & is_ref[fpre]).sum())
            figures = (paygap.binary_figures(frame, labels, group=group, reference=reference)
                       if not reasons else dict.fromkeys(DUTY_FIELDS))
            row.update(figures)
            n = len(frame)
            row["GroupEmployeesPercent"] = n_group / n * 100 if n else None
            row["ReferenceEmployeesPercent"] = n_ref / n * 100 if n else None
            row["NotDisclosedPercent"] = int((~declared).sum()) / n * 100 if n else None
            rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------------
# Tidy table (what disclosure control sees)
# ------------------------------------------------------------------------------------------------
def _value(x: Any) -> float:
    return math.nan if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def duty_tidy(wide: pd.DataFrame, *, table: str) -> pd.DataFrame:
    """The published values of :func:`duty_comparisons` as one tidy table (conventions.md).

    Rows, per compared column: the composition (``percent`` of all relevant employees) of the
    reference, of every group (allowed or not) and of ``Not disclosed``; and, for allowed
    comparisons only, the four gaps (``mean_gap_pct`` … with ``n`` and ``n_reference``), the
    group's ``bonus_percent`` (the reference's once per column) and the group's
    ``quarter_share_pct`` in each quarter (of the two compared groups in it; the reference's is
    100 minus it). A comparison that is not allowed publishes no pay figure at all.
    """
    rows: list[dict[str, Any]] = []

    def add(**kw: Any) -> None:
        rows.append({"table": table, "level": ALL_STAFF, "suppressed": False, **kw})

    for column, part in wide.groupby("column", sort=False):
        first = part.iloc[0]
        common = {"characteristic": column}
        n = first["n_relevant"]
        add(**common, population="relevant", group=first["reference_group"], measure="percent",
            value=_value(first["ReferenceEmployeesPercent"]), numerator=first["n_reference"], n=n)
        for _, r in part.iterrows():
            add(**common, population="relevant", group=r["group"], measure="percent",
                value=_value(r["GroupEmployeesPercent"]), numerator=r["n_group"], n=n)
        add(**common, population="relevant", group=NOT_DISCLOSED, measure="percent",
            value=_value(first["NotDisclosedPercent"]), numerator=first["n_not_declared"], n=n)
        allowed = part[part["allowed"]]
        if allowed.empty:
            continue
        r0 = allowed.iloc[0]
        add(**common, population="relevant", group=r0["reference_group"], measure="bonus_percent",
            value=_value(r0["ReferenceBonusPercent"]), numerator=r0["n_reference_bonus"],
            n=r0["n_reference"])
        for _, r in allowed.iterrows():
            g = {**common, "group": r["group"], "reference_group": r["reference_group"]}
            for field, (measure, who) in _GAPS.items():
                value = _value(r[field])
                reason = None
                if math.isnan(value):
                    reason = ("not applicable: no bonus paid in one of the groups" if who == "bonus"
                              else "not applicable: the figure is undefined for this group")
                add(**g, population="fpre" if who == "fpre" else "relevant", measure=measure,
                    value=value, n=r[f"n_group_{who}"], n_reference=r[f"n_reference_{who}"],
                    suppression_reason=reason)
            add(**g, population="relevant", measure="bonus_percent",
                value=_value(r["GroupBonusPercent"]), numerator=r["n_group_bonus"],
                n=r["n_group"])
            for k, quarter in enumerate(_QUARTERS, start=1):
                size = r[f"q{k}_group"] + r[f"q{k}_reference"]
                add(**g, population="fpre", level=paygap.QUARTER_LABELS[k],
                    measure="quarter_share_pct", value=_value(r[f"Group{quarter}Quartile"]),
                    numerator=r[f"q{k}_group"], n=size)
    return tt.conform(pd.DataFrame(rows)) if rows else tt.empty_table()


def write_full(wide: pd.DataFrame, characteristic: str, year: int) -> Path:
    """The unrounded figures and counts (internal, never published): what
    :func:`stage_submissions` lays out after disclosure control."""
    path = _internal_path(characteristic, year)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = wide.to_csv(index=False, float_format="%.17g", lineterminator="\n")
    path.write_bytes(text.encode("utf-8"))
    return path


# ------------------------------------------------------------------------------------------------
# The published file
# ------------------------------------------------------------------------------------------------
def _published(protected: pd.DataFrame) -> dict[tuple[str, str, str, str], tuple[float, bool]]:
    """``(column, group, level, measure) -> (value, withheld)`` of a protected tidy table."""
    out = {}
    for _, r in protected.iterrows():
        key = (str(r["characteristic"]), str(r["group"]), str(r["level"]), str(r["measure"]))
        out[key] = (float(r["value"]), bool(r["suppressed"]))
    return out


def _round(x: float | None) -> Decimal | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return _round_1dp(x)  # the gender submission's own rounding


def submission_frame(wide: pd.DataFrame, protected: pd.DataFrame) -> pd.DataFrame:
    """The published file: :data:`FILE_FIELDS`, one row per comparison, 1 decimal place.

    Values are taken from the disclosure-controlled tidy table ``protected`` (so rounding of
    counts, when params ask for it, carries through); a value withheld there is blank here with
    its field named in ``Reason``. Each quarter's reference share is rounded and the group's is
    100 minus it (the gender service's rule); a pair is blank together.

    Raises
    ------
    PublicationError
        If :func:`check_submission` finds a problem.
    """
    pub = _published(protected)
    records = []
    for _, r in wide.iterrows():
        column, group, ref = str(r["column"]), str(r["group"]), str(r["reference_group"])
        rec: dict[str, Any] = {"Characteristic": column, "Group": group, "ReferenceGroup": ref}
        reasons = [] if r["allowed"] else str(r["not_allowed"]).split("; ")
        withheld: list[str] = []

        def take(field: str, key: tuple[str, str, str, str], rec: dict = rec,
                 withheld: list = withheld) -> None:
            value, sup = pub.get(key, (math.nan, False))
            if sup:
                withheld.append(field)
            rec[field] = None if sup else _round(value)

        take("GroupEmployeesPercent", (column, group, ALL_STAFF, "percent"))
        take("ReferenceEmployeesPercent", (column, ref, ALL_STAFF, "percent"))
        take("NotDisclosedPercent", (column, NOT_DISCLOSED, ALL_STAFF, "percent"))
        if r["allowed"]:
            for field, (measure, _who) in _GAPS.items():
                take(field, (column, group, ALL_STAFF, measure))
            take("GroupBonusPercent", (column, group, ALL_STAFF, "bonus_percent"))
            take("ReferenceBonusPercent", (column, ref, ALL_STAFF, "bonus_percent"))
            for k, quarter in enumerate(_QUARTERS, start=1):
                value, sup = pub.get((column, group, paygap.QUARTER_LABELS[k],
                                      "quarter_share_pct"), (math.nan, False))
                if sup or math.isnan(value):
                    if sup:
                        withheld += [f"Reference{quarter}Quartile", f"Group{quarter}Quartile"]
                    rec[f"Reference{quarter}Quartile"] = rec[f"Group{quarter}Quartile"] = None
                else:
                    reference_share = _round(100.0 - value)
                    rec[f"Reference{quarter}Quartile"] = reference_share
                    rec[f"Group{quarter}Quartile"] = Decimal(100) - reference_share
            no_bonus = any(r[f"n_{who}_bonus"] == 0 for who in ("group", "reference"))
            if no_bonus:
                reasons.append("no_bonus_in_a_group")
                for f in ("DiffMeanBonusPercent", "DiffMedianBonusPercent"):
                    rec[f] = None
                    if f in withheld:
                        withheld.remove(f)
        else:
            for field in DUTY_FIELDS:
                rec[field] = None
        if withheld:
            reasons.append("withheld:" + "|".join(withheld))
        rec["Reason"] = "; ".join(reasons) or None
        rec["_no_bonus"] = r["allowed"] and any(
            r[f"n_{who}_bonus"] == 0 for who in ("group", "reference"))
        records.append(rec)
    check_submission(records)
    frame = pd.DataFrame(
        [{f: (float(v) if isinstance(v, Decimal) else v) for f, v in rec.items()
          if f in FILE_FIELDS} for rec in records],
        columns=list(FILE_FIELDS),
    )
    numeric = [f for f in FILE_FIELDS if f not in ("Characteristic", "Group", "ReferenceGroup",
                                                    "Reason")]
    frame[numeric] = frame[numeric].astype(float)
    return frame


def check_submission(records: Sequence[Mapping[str, Any]]) -> None:
    """The gender submission's checks (:func:`eqlib.paygap.gpg_submission`) on every row.

    Every percentage has at most one decimal; each quarter's pair sums to exactly 100, or both
    are blank; bonus and composition percentages are within 0-100; no gap exceeds 100; bonus
    gaps are blank when a group received no bonus; every blank field of an allowed comparison
    is explained in ``Reason`` (no bonus, or withheld), and a comparison that is not allowed
    shows no pay figure.

    Raises
    ------
    PublicationError
        Listing every problem (row and field).
    """
    problems: list[str] = []
    for i, rec in enumerate(records, start=1):
        where = f"row {i} ({rec['Characteristic']}: {rec['Group']} vs {rec['ReferenceGroup']})"
        reason = rec.get("Reason") or ""
        withheld = set(reason.split("withheld:")[1].split(";")[0].split("|")) \
            if "withheld:" in reason else set()
        allowed = "_under_" not in reason
        for f in (*DUTY_FIELDS, *COMPOSITION_FIELDS):
            v = rec.get(f)
            if v is not None and not isinstance(v, Decimal):
                v = Decimal(repr(float(v)))
            if v is not None and v.as_tuple().exponent < -1:
                problems.append(f"{where}: {f} {v} has more than one decimal place")
            if v is not None and f.startswith("Diff") and v > 100:
                problems.append(f"{where}: {f} {v} exceeds 100: a pay gap can never exceed 100%")
            if v is not None and not f.startswith("Diff") and not (0 <= v <= 100):
                problems.append(f"{where}: {f} {v} is outside 0-100")
            if not allowed and f in DUTY_FIELDS and v is not None:
                problems.append(f"{where}: {f} is given although the comparison is not allowed")
            bonus_gap = f in ("DiffMeanBonusPercent", "DiffMedianBonusPercent")
            must_show = f in COMPOSITION_FIELDS or (allowed and not bonus_gap)
            if v is None and must_show and f not in withheld:
                problems.append(f"{where}: {f} is blank without a reason")
        if not allowed:
            continue
        for q in _QUARTERS:
            ref, grp = rec.get(f"Reference{q}Quartile"), rec.get(f"Group{q}Quartile")
            if (ref is None) != (grp is None):
                problems.append(f"{where}: {q} quarter has one share blank: both or neither")
            elif ref is not None and Decimal(repr(float(ref))) + Decimal(repr(float(grp))) != 100:
                problems.append(f"{where}: {q} quarter shares {ref} + {grp} do not sum to 100")
        no_bonus = bool(rec.get("_no_bonus"))
        for f in ("DiffMeanBonusPercent", "DiffMedianBonusPercent"):
            if no_bonus and rec.get(f) is not None:
                problems.append(f"{where}: {f} must be blank: a group received no bonus")
            if not no_bonus and rec.get(f) is None and f not in withheld:
                problems.append(f"{where}: {f} is blank although both groups received bonuses")
    if problems:
        raise PublicationError("pay gap duty checks failed:\n  - " + "\n  - ".join(problems))


def write_submission(frame: pd.DataFrame, path: Path) -> Path:
    """Write a duty file: blank for missing, 1 decimal place, ``\\n`` line endings."""
    text = frame.to_csv(index=False, float_format="%.1f", na_rep="", lineterminator="\n")
    path.write_bytes(text.encode("utf-8"))
    return path


# ------------------------------------------------------------------------------------------------
# Pipeline hooks
# ------------------------------------------------------------------------------------------------
def duties_of(params: Mapping[str, Any]) -> dict[str, list[str]]:
    """``characteristic -> comparisons`` asked for by params ``pay_gap_duties`` (non-empty)."""
    d = params["pay_gap_duties"]
    return {c: list(d[c]) for c in COMPARISONS if d.get(c)}


def analysis(workforce: pd.DataFrame, params: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """Every duty of the year: writes the internal full figures and returns the tidy tables
    (``paygap_duty_<characteristic>``) for disclosure control."""
    out = {}
    for characteristic, comparisons in duties_of(params).items():
        wide = duty_comparisons(workforce, characteristic, comparisons=comparisons,
                                reference_groups=params["reference_groups"],
                                min_employees=int(params["pay_gap_duties"]["min_employees"]))
        write_full(wide, characteristic, int(params["year"]))
        out[table_name(characteristic)] = duty_tidy(wide, table=table_name(characteristic))
    return out


def stage_submissions(protected: Mapping[str, pd.DataFrame], params: Mapping[str, Any],
                      folder: Path) -> list[Path]:
    """After disclosure control: each duty's file into ``folder`` (the staging ``publish/``).

    Raises
    ------
    PublicationError
        When the analysis did not produce a duty that params ask for, or a check fails.
    """
    year = int(params["year"])
    paths = []
    for characteristic in duties_of(params):
        name = table_name(characteristic)
        full = _internal_path(characteristic, year)
        if name not in protected or not full.exists():
            raise PublicationError(
                f"params pay_gap_duties asks for the {characteristic} pay gap, but the pay gap "
                f"notebook did not produce it ({full.name} / table {name}); run make report.")
        wide = pd.read_csv(full, dtype={"group": object, "reference_group": object,
                                        "not_allowed": object})
        wide["allowed"] = wide["allowed"].astype(bool)
        frame = submission_frame(wide, protected[name])
        paths.append(write_submission(frame, folder / submission_name(characteristic, year)))
    return paths


# ------------------------------------------------------------------------------------------------
# The report section
# ------------------------------------------------------------------------------------------------
_ROW_LABELS: dict[str, str] = {
    "DiffMeanHourlyPercent": "Mean hourly pay gap",
    "DiffMedianHourlyPercent": "Median hourly pay gap",
    "DiffMeanBonusPercent": "Mean bonus gap",
    "DiffMedianBonusPercent": "Median bonus gap",
    "GroupBonusPercent": "Group: received a bonus",
    "ReferenceBonusPercent": "Reference group: received a bonus",
    "GroupLowerQuartile": "Group's share of the lower quarter",
    "GroupLowerMiddleQuartile": "Group's share of the lower middle quarter",
    "GroupUpperMiddleQuartile": "Group's share of the upper middle quarter",
    "GroupTopQuartile": "Group's share of the upper quarter",
    "GroupEmployeesPercent": "Group's share of all employees",
}
_TITLES = {"ethnicity": "Ethnicity", "disability": "Disability"}


def read_submission(characteristic: str, params: Mapping[str, Any]) -> pd.DataFrame:
    """A duty file as staged for publication (the report states exactly what is published)."""

    year = int(params["year"])
    path = staging_dir(year) / submission_name(characteristic, year)
    if not path.exists():
        raise PublicationError(f"{path.name} was not built: run disclosure control first "
                               "(make report runs it).")
    return pd.read_csv(path, dtype={"Reason": object, "Group": object,
                                    "ReferenceGroup": object}, keep_default_na=False,
                       na_values={f: [""] for f in (*DUTY_FIELDS, *COMPOSITION_FIELDS)})


def _withheld_fields(reason: Any) -> set[str]:
    text = "" if reason is None or (isinstance(reason, float) and math.isnan(reason)) else reason
    for part in str(text).split("; "):
        if part.startswith("withheld:"):
            return set(part[len("withheld:"):].split("|"))
    return set()


def section(params: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    """The report's section on the ethnicity and disability pay gap duties (from the files).

    Returns
    -------
    list of (str, list)
        One ``("Ethnicity and disability pay gap reporting", blocks)`` pair, or nothing when
        params ask for no duty. Blocks: a paragraph on what the figures are, then one table
        per file (figures as rows, compared groups as columns; withheld ``[c]``, not allowed or
        not applicable ``[x]``).
    """
    from eqlib.publication import fmt_pct, paragraph, table_html  # noqa: PLC0415

    asked = duties_of(params)
    if not asked:
        return []
    minimum = int(params["pay_gap_duties"]["min_employees"])
    blocks: list[Any] = [paragraph(
        "The government's response on the Equality (Race and Disability) Bill asks large "
        "employers to publish the gender pay gap's six calculations for ethnicity and "
        "disability, on the same snapshot date. The figures below are computed exactly as the "
        "gender pay gap is, comparing each group with the reference group: a positive gap "
        "means the group's average hourly pay (or bonus) is lower than the reference group's.",
        "Pay quarters include people who did not disclose; each quarter's figure is the "
        "group's share of the people of the two compared groups in it.",
        f"A comparison with fewer than {minimum} employees in either group is not allowed and "
        "shows no pay figure; small numbers are withheld as everywhere in this report.",
    )]
    for characteristic in asked:
        frame = read_submission(characteristic, params)
        if frame.empty:
            continue
        columns = {}
        flags = {}
        for _, r in frame.iterrows():
            label = str(r["Group"])
            withheld = _withheld_fields(r["Reason"])
            columns[label] = [r[f] for f in _ROW_LABELS]
            flags[label] = [f in withheld for f in _ROW_LABELS]
        wide = pd.DataFrame({"Figure": list(_ROW_LABELS.values()), **columns})
        sup = pd.DataFrame({"Figure": [False] * len(_ROW_LABELS), **flags})
        references = sorted(set(frame["ReferenceGroup"]))
        not_disclosed = frame["NotDisclosedPercent"].iloc[0]
        withheld_nd = "NotDisclosedPercent" in _withheld_fields(frame["Reason"].iloc[0])
        notes = [f"Reference group: {', '.join(references)}. Employees who did not disclose: "
                 f"{fmt_pct(not_disclosed, suppressed=withheld_nd)} of all employees.",
                 f"Source: {submission_name(characteristic, int(params['year']))}, published "
                 "with this report."]
        blocks.append(table_html(
            wide, caption=f"{_TITLES[characteristic]} pay gap figures, "
            f"{params['snapshot_date'][:4]}",
            formats={c: "pct" for c in columns}, suppressed=sup, row_header="Figure",
            confidential_note="[c] confidential: withheld to protect individuals (a count under "
            f"{params['disclosure']['min_count']}, or a figure based on fewer than "
            f"{params['disclosure']['min_group_pay']} people).", notes=notes))
    return [("Ethnicity and disability pay gap reporting", blocks)]
