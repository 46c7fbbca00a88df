"""Parameters and paths.

A reporting year is described by one parameters file, ``params/<year>.yaml`` (data.md §3). It is
passed whole to every notebook with ``papermill -f`` and validated by :func:`load_params` (for the
Makefile and scripts) or :func:`params_from_namespace` (inside a notebook, from the values of its
``parameters`` cell). Both return the same :class:`Params` mapping, so a notebook run by an analyst
in JupyterLab and one run by ``make report`` see identically typed values.

Paths in a parameters file are relative to the project root, never to the working directory
(notebooks run with ``notebooks/`` as their working directory). The project root is the folder that
holds ``pyproject.toml`` above this package, or ``$EQSTATS_ROOT`` when set (the Makefile sets it, so
that a copy of the project run with another copy's environment still reads and writes its own files).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from eqlib.errors import ParamsError


def _find_root() -> Path:
    env = os.environ.get("EQSTATS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists():
            return parent
    return here.parents[2]


PROJECT_ROOT: Path = _find_root()


# --------------------------------------------------------------------------------------------------
# The parameter contract: every key, its type and what it means. A file with a key missing, a key
# not listed here (usually a misspelling) or a value of the wrong type is rejected with a message.
# --------------------------------------------------------------------------------------------------
PARAM_DOCS: dict[str, str] = {
    "organisation": "organisation name printed on the report",
    "contact": "where readers ask questions or for another format (an email address or web page), printed on the report",
    "year": "reporting year (the snapshot year)",
    "snapshot_date": "snapshot date, quoted 'YYYY-MM-DD' (31 March for public authorities)",
    "publication_date": "date printed on the report, quoted 'YYYY-MM-DD' (never 'today')",
    "data_dir": "folder of the input CSV files, relative to the project root",
    "previous_years": "earlier snapshot years to include in trends, e.g. [2023, 2024, 2025]",
    "grades": "grades from lowest to highest",
    "grade_bands": "band name -> list of grades, lowest band first",
    "directorates": "the directorates as published; the workforce file's directorate must be one",
    "boards": "the boards and committees as published; the boards file's board must be one",
    "reference_groups": "characteristic -> reference group of every comparison",
    "pay_gap_characteristics": "characteristics whose pay gaps are computed and published",
    "full_time_hours": "contractual weekly hours at or above which a post is full time",
    "service_bands": "lower edges in years of the length-of-service bands, starting at 0",
    "funnel_stages": "recruitment stages in order, starting with applied",
    "programme": "positive action programme: name, start, eligible_grades, target_groups, min_events_per_parameter (logistic model rule, e.g. 10)",
    "benchmark": "population benchmark: file (CSV in the benchmark layout), areas (lcr, an LA code, K04000001), population (closest, or characteristic -> working_age / economically_active / aged_16_plus / all_residents / closest)",
    "confidence_level": "level of every confidence interval, e.g. 0.95",
    "bootstrap": "n (resamples), seed, max_n (above it: delta method / rate-table bootstrap)",
    "decomposition": "Oaxaca-Blinder bootstrap: n (resamples, modest: each refits the model), seed",
    "adverse_impact_band": "relative-likelihood band counted as broadly proportionate, e.g. [0.8, 1.25]",
    "stratified_check": "Simpson guard: log_ratio_change (largest change of ln ratio from crude to within-grade without a flag, e.g. 0.22, a factor of 1.25)",
    "disclosure": "min_count, min_group_stat, min_group_pay, nk_k, zeros_disclosive, round_to",
    "adjusted_gap_controls": "controls of the adjusted pay gap regression",
    "plausibility": "minimum_wage, lowest_share_of_minimum_wage, highest_multiple_of_median, highest_bonus_multiple_of_pay, max_text_length, allowed_pay",
    "action_plan": "equality action plan file (params/actions/<year>.yaml), or null for none",
    "pay_gap_duties": "ethnicity and disability pay gap files: ethnicity (binary, broad, detailed), disability (binary), min_employees per compared group",
    "representation_targets": "representation targets: a list of {characteristic, group, bands (grade bands taken together), target (a share 0-1, or benchmark for the population share), year}, or null for none",
}

_SUBKEYS: dict[str, tuple[str, ...]] = {
    "programme": ("name", "start", "eligible_grades", "target_groups", "min_events_per_parameter"),
    "benchmark": ("file", "areas", "population"),
    "stratified_check": ("log_ratio_change",),
    "bootstrap": ("n", "seed", "max_n"),
    "decomposition": ("n", "seed"),
    "pay_gap_duties": ("ethnicity", "disability", "min_employees"),
    "disclosure": (
        "min_count",
        "min_group_stat",
        "min_group_pay",
        "nk_k",
        "zeros_disclosive",
        "round_to",
    ),
    "plausibility": (
        "minimum_wage",
        "lowest_share_of_minimum_wage",
        "highest_multiple_of_median",
        "highest_bonus_multiple_of_pay",
        "max_text_length",
        "allowed_pay",
    ),
}

PARAM_NAMES: tuple[str, ...] = tuple(PARAM_DOCS)


class Params(dict):
    """Validated parameters: a plain ``dict`` (so it prints and serialises simply) with a few
    derived conveniences as properties."""

    @property
    def snapshot(self) -> dt.date:
        """The snapshot date (params ``snapshot_date``; 31 March for public authorities)."""
        return dt.date.fromisoformat(self["snapshot_date"])

    @property
    def published(self) -> dt.date:
        """The publication date of the report (params ``publication_date``)."""
        return dt.date.fromisoformat(self["publication_date"])

    @property
    def data_path(self) -> Path:
        """The folder of the organisation's input files (params ``data_dir``), absolute."""
        return resolve(self["data_dir"])

    @property
    def org(self) -> str:
        """Short name of the organisation's data folder (``data/raw/<org>`` -> ``<org>``), which
        names its processed-data folder ``data/processed/<org>/``.

        The last part of ``data_dir`` (taken lexically, so a link is not followed), reduced to
        letters, digits, ``.``, ``_`` and ``-``: no ``data_dir`` (``..``, ``/``, a folder outside
        the project) can make the processed data land outside ``data/processed/``.
        """
        name = Path(os.path.normpath(self.data_path)).name
        return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "data"

    @property
    def years(self) -> list[int]:
        """Every snapshot year analysed, oldest first (previous years then the reporting year)."""
        return sorted({*self["previous_years"], self["year"]})

    @property
    def grade_band_of(self) -> dict[str, str]:
        """Grade -> grade band, from params ``grade_bands``."""
        return {g: band for band, grades in self["grade_bands"].items() for g in grades}


def resolve(path: str | Path) -> Path:
    """A path from a parameters file, resolved against the project root."""
    p = Path(path)
    return p if p.is_absolute() else PROJECT_ROOT / p


# Paths and file names of a report: this module owns them (the pipeline, the topics and the
# notebooks ask here).
def report_dir(year: int) -> Path:
    """``reports/<year>/``: everything ``make report`` writes for the year."""
    return PROJECT_ROOT / "reports" / str(year)


def staging_dir(year: int) -> Path:
    """The next ``publish/`` folder, built step by step."""
    return report_dir(year) / "internal" / "staging"


def publish_dir(year: int) -> Path:
    """``reports/<year>/publish/``: what is published."""
    return report_dir(year) / "publish"


def unsuppressed_dir(year: int) -> Path:
    """Where the analysis notebooks write their tidy tables before disclosure control."""
    return report_dir(year) / "internal" / "unsuppressed"


def run_log(year: int) -> Path:
    """``reports/<year>/internal/run.log``: what the last ``make report`` did, in full (notes that
    do not stop the run, e.g. WeasyPrint's harmless font-subsetting fallback)."""
    return report_dir(year) / "internal" / "run.log"


def report_name(year: int, suffix: str) -> str:
    """File name of the publication (``equality_report_<year>.<suffix>``)."""
    return f"equality_report_{year}.{suffix}"


def submission_name(year: int) -> str:
    """File name of the GOV.UK gender pay gap submission figures."""
    return f"gpg_submission_{year}.csv"


def processed_dir(params: Params, year: int | None = None) -> Path:
    """``data/processed/<org>/<year>/`` in the project (git-ignored), whatever ``data_dir`` is."""
    return PROJECT_ROOT / "data" / "processed" / params.org / str(int(year or params["year"]))


def _closest(name: str, options: list[str] | tuple[str, ...]) -> str:
    match = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else ""


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _validate(raw: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    for key in raw:
        if key not in PARAM_DOCS:
            problems.append(f"unknown key '{key}'.{_closest(key, PARAM_NAMES)}")
    for key in PARAM_NAMES:
        if key not in raw:
            problems.append(f"missing key '{key}' ({PARAM_DOCS[key]}).")
    for key, subkeys in _SUBKEYS.items():
        value = raw.get(key)
        if key not in raw:
            continue
        if not isinstance(value, Mapping):
            problems.append(
                f"'{key}' must be a mapping with keys {', '.join(subkeys)}; got {value!r}."
            )
            continue
        for sub in value:
            if sub not in subkeys:
                problems.append(f"unknown key '{key}.{sub}'.{_closest(sub, subkeys)}")
        for sub in subkeys:
            if sub not in value:
                problems.append(f"missing key '{key}.{sub}'.")
    if problems:
        return problems

    def need(ok: bool, key: str, expected: str) -> None:
        if not ok:
            problems.append(f"'{key}' must be {expected}; got {_show(key, raw)}.")

    need(
        isinstance(raw["organisation"], str) and raw["organisation"].strip() != "",
        "organisation",
        "a name",
    )
    need(isinstance(raw["contact"], str) and raw["contact"].strip() != "", "contact",
         "an email address or web page where readers can ask for another format")
    need(
        isinstance(raw["year"], int) and 2000 <= raw["year"] <= 2100, "year", "a year such as 2026"
    )
    for key in ("snapshot_date", "publication_date"):
        need(_is_date(raw[key]), key, "a quoted date 'YYYY-MM-DD'")
    need(isinstance(raw["data_dir"], str), "data_dir", "a folder path")
    need(
        isinstance(raw["previous_years"], list)
        and all(isinstance(y, int) for y in raw["previous_years"]),
        "previous_years",
        "a list of years",
    )
    need(_is_str_list(raw["grades"]) and len(raw["grades"]) >= 1, "grades", "a list of grade names")
    bands = raw["grade_bands"]
    need(
        isinstance(bands, Mapping) and all(_is_str_list(v) for v in bands.values()),
        "grade_bands",
        "a mapping of band name to a list of grades",
    )
    need(isinstance(raw["reference_groups"], Mapping), "reference_groups", "a mapping")
    need(_is_str_list(raw["pay_gap_characteristics"]), "pay_gap_characteristics", "a list")
    need(
        _is_num(raw["full_time_hours"]) and raw["full_time_hours"] > 0,
        "full_time_hours",
        "hours > 0",
    )
    sb = raw["service_bands"]
    need(
        isinstance(sb, list)
        and len(sb) >= 1
        and all(_is_num(x) for x in sb)
        and sb[0] == 0
        and all(a < b for a, b in zip(sb, sb[1:], strict=False)),
        "service_bands",
        "increasing numbers starting at 0",
    )
    need(
        _is_str_list(raw["funnel_stages"]) and len(raw["funnel_stages"]) >= 2,
        "funnel_stages",
        "a list of stages",
    )
    prog = raw["programme"]
    need(_is_date(prog["start"]), "programme.start", "a quoted date 'YYYY-MM-DD'")
    need(_is_str_list(prog["eligible_grades"]), "programme.eligible_grades", "a list of grades")
    need(_is_num(prog["min_events_per_parameter"]) and prog["min_events_per_parameter"] > 0,
         "programme.min_events_per_parameter", "a positive number, e.g. 10")
    need(
        isinstance(prog["target_groups"], Mapping)
        and all(_is_str_list(v) for v in prog["target_groups"].values()),
        "programme.target_groups",
        "a mapping of characteristic to a list of groups",
    )
    need(isinstance(raw["benchmark"]["file"], str), "benchmark.file", "a file path")
    need(isinstance(raw["benchmark"]["areas"], str), "benchmark.areas", "an area name or code")
    choices = ("closest", "working_age", "economically_active", "aged_16_plus", "all_residents")
    pop = raw["benchmark"]["population"]
    need(pop in choices if isinstance(pop, str) else (
        isinstance(pop, Mapping) and all(isinstance(k, str) and v in choices
                                         for k, v in pop.items())),
         "benchmark.population",
         f"'closest' or a mapping of characteristic to one of {', '.join(choices)}")
    lrc = raw["stratified_check"]["log_ratio_change"]
    need(_is_num(lrc) and lrc > 0, "stratified_check.log_ratio_change",
         "a positive number, e.g. 0.22")
    cl = raw["confidence_level"]
    need(_is_num(cl) and 0.5 <= cl < 1, "confidence_level", "a number between 0.5 and 1, e.g. 0.95")
    for key, sub in (
        ("bootstrap", "n"),
        ("bootstrap", "seed"),
        ("bootstrap", "max_n"),
        ("decomposition", "n"),
        ("decomposition", "seed"),
    ):
        v = raw[key][sub]
        need(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0,
            f"{key}.{sub}",
            "a whole number",
        )
    band = raw["adverse_impact_band"]
    need(
        isinstance(band, list)
        and len(band) == 2
        and all(_is_num(x) for x in band)
        and 0 < band[0] < 1 < band[1],
        "adverse_impact_band",
        "two numbers [low, high] with low < 1 < high",
    )
    d = raw["disclosure"]
    for sub in ("min_count", "min_group_stat", "min_group_pay"):
        need(isinstance(d[sub], int) and d[sub] >= 1, f"disclosure.{sub}", "a whole number >= 1")
    need(_is_num(d["nk_k"]) and 0 < d["nk_k"] <= 1, "disclosure.nk_k", "a fraction between 0 and 1")
    need(isinstance(d["zeros_disclosive"], bool), "disclosure.zeros_disclosive", "true or false")
    need(
        d["round_to"] is None or (isinstance(d["round_to"], int) and d["round_to"] >= 1),
        "disclosure.round_to",
        "null or a whole number such as 5",
    )
    need(
        _is_str_list(raw["adjusted_gap_controls"]),
        "adjusted_gap_controls",
        "a list of column names",
    )
    need(
        _is_str_list(raw["directorates"]) and len(raw["directorates"]) >= 1,
        "directorates",
        "a list of directorate names, e.g. [Corporate, Housing, Transport]",
    )
    need(
        _is_str_list(raw["boards"]),
        "boards",
        "a list of board and committee names ([] when there is no boards file)",
    )
    pl = raw["plausibility"]
    need(
        _is_num(pl["minimum_wage"]) and pl["minimum_wage"] > 0,
        "plausibility.minimum_wage",
        "the statutory minimum hourly wage on the snapshot date, e.g. 12.21",
    )
    share = pl["lowest_share_of_minimum_wage"]
    need(
        _is_num(share) and 0 < share <= 1,
        "plausibility.lowest_share_of_minimum_wage",
        "a fraction between 0 and 1, e.g. 0.5",
    )
    multiple = pl["highest_multiple_of_median"]
    need(
        _is_num(multiple) and multiple > 1,
        "plausibility.highest_multiple_of_median",
        "a number above 1, e.g. 20",
    )
    bonus = pl["highest_bonus_multiple_of_pay"]
    need(
        _is_num(bonus) and bonus > 0,
        "plausibility.highest_bonus_multiple_of_pay",
        "a number above 0: the largest 12-month bonus as a multiple of a year's pay, e.g. 1",
    )
    length = pl["max_text_length"]
    need(
        isinstance(length, int) and not isinstance(length, bool) and length >= 1,
        "plausibility.max_text_length",
        "a whole number of characters, e.g. 200",
    )
    need(
        isinstance(pl["allowed_pay"], list)
        and all(isinstance(v, str | int) and not isinstance(v, bool) for v in pl["allowed_pay"]),
        "plausibility.allowed_pay",
        "a list of employee ids, e.g. ['E000123'] ([] for none)",
    )
    duties = raw["pay_gap_duties"]
    for sub, allowed in (("ethnicity", ("binary", "broad", "detailed")),
                         ("disability", ("binary",))):
        v = duties[sub]
        need(
            _is_str_list(v) and all(x in allowed for x in v) and len(set(v)) == len(v),
            f"pay_gap_duties.{sub}",
            f"a list of comparisons among {', '.join(allowed)} (or [] for none)",
        )
    m = duties["min_employees"]
    need(isinstance(m, int) and not isinstance(m, bool) and m >= 1,
         "pay_gap_duties.min_employees", "a whole number >= 1 (10 in the 2026 response)")
    plan = raw["action_plan"]
    need(plan is None or (isinstance(plan, str) and plan.endswith((".yaml", ".yml"))),
         "action_plan", "null or the path of a YAML file such as params/actions/2026.yaml")
    from eqlib.targets import check_targets  # noqa: PLC0415 - targets needs no config

    if isinstance(bands, Mapping) and isinstance(raw["year"], int) \
            and isinstance(raw["previous_years"], list):
        problems += check_targets(raw["representation_targets"], grade_bands=list(bands), year=raw["year"],
                                  previous_years=raw["previous_years"])
    if problems:
        return problems
    if plan is not None:  # refuse a bad plan before anything runs, with every problem listed
        from eqlib.actions import load_actions  # noqa: PLC0415 - actions needs no config

        try:
            load_actions(resolve(plan), snapshot_date=raw["snapshot_date"])
        except ParamsError as exc:
            problems += [f"action_plan {plan}: {problem}" for problem in exc.problems]

    # Labels that reach the publication come from here: each must be safe to print in a table
    # (not blank, not too long, no control character, not read as a formula by a spreadsheet).
    labels: list[tuple[str, object]] = [("organisation", raw["organisation"]),
                                         ("contact", raw["contact"])]
    labels += [("grades", g) for g in raw["grades"]]
    labels += [("grade_bands", b) for b in bands]
    labels += [("programme.name", prog["name"])]
    labels += [("directorates", d) for d in raw["directorates"]]
    labels += [("boards", b) for b in raw["boards"]]
    for key, label in labels:
        fault = label_fault(label, max_length=length)
        if fault:
            problems.append(f"'{key}': {fault}")
    for key in ("directorates", "boards"):
        seen: dict[str, str] = {}
        for label in raw[key]:
            folded = " ".join(label.split()).casefold()
            if folded in seen:
                problems.append(f"'{key}' lists '{label}' twice (also as '{seen[folded]}').")
            seen[folded] = label
    if problems:
        return problems

    # Cross-checks between keys.
    grades = raw["grades"]
    banded = [g for gs in bands.values() for g in gs]
    for g in banded:
        if g not in grades:
            problems.append(
                f"grade_bands lists '{g}', which is not in grades.{_closest(g, grades)}"
            )
    for g in grades:
        if banded.count(g) != 1:
            problems.append(
                f"grade '{g}' must appear in exactly one grade band (found {banded.count(g)})."
            )
    for g in prog["eligible_grades"]:
        if g not in grades:
            problems.append(
                f"programme.eligible_grades lists '{g}', which is not in grades.{_closest(g, grades)}"
            )
    if any(y >= raw["year"] for y in raw["previous_years"]):
        problems.append("previous_years must all be before year.")
    if (
        _is_date(raw["snapshot_date"])
        and dt.date.fromisoformat(raw["snapshot_date"]).year != raw["year"]
    ):
        problems.append(f"snapshot_date {raw['snapshot_date']} is not in year {raw['year']}.")
    return problems


#: Characters that make a spreadsheet read a cell as a formula when it begins with one (OWASP,
#: "CSV Injection"): a published label must not begin with them.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def label_fault(label: object, *, max_length: int) -> str | None:
    """Why a label from the parameters is not fit to print in a published table (None if fit).

    Examples
    --------
    >>> label_fault("Transport", max_length=200) is None
    True
    >>> label_fault("=HYPERLINK(1)", max_length=200)
    "'=HYPERLINK(1)' begins with '=', which a spreadsheet would run as a formula."
    """
    text = str(label)
    shown = text if len(text) <= 60 else f"{text[:60]}... ({len(text):,} characters)"
    if not text.strip():
        return "a name is blank."
    if len(text) > max_length:
        return (
            f"'{shown}' is longer than {max_length} characters (plausibility.max_text_length)."
        )
    if text.startswith(FORMULA_PREFIXES):
        return (
            f"'{shown}' begins with {text[0]!r}, which a spreadsheet would run as a formula."
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return f"'{shown}' holds a control character (a tab, line break or similar)."
    return None


def _show(key: str, raw: Mapping[str, Any]) -> str:
    node: Any = raw
    for part in key.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return repr(node)


def validate_params(raw: Mapping[str, Any], *, source: str | None = None) -> Params:
    """Validate a parameter mapping and return it as :class:`Params`.

    Raises
    ------
    ParamsError
        Listing every missing or unknown key (with the closest valid name) at once; when the keys
        are right, every mistyped value at once.
    """
    if not isinstance(raw, Mapping):
        raise ParamsError("the file must hold a mapping of 'key: value' lines.", file=source)
    problems = _validate(raw)
    if problems:
        raise ParamsError(problems, file=source)
    return Params({k: raw[k] for k in PARAM_NAMES})


def load_params(path: str | Path) -> Params:
    """Read and validate a parameters file (``params/<year>.yaml``).

    Raises
    ------
    ParamsError
        When the file is missing, is not valid YAML, or fails validation.
    """
    p = resolve(path)
    shown = str(path)
    if not p.exists():
        raise ParamsError(f"file not found: {p}", file=shown)
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParamsError(f"not valid YAML: {exc}", file=shown) from None
    return validate_params(raw or {}, source=shown)


def params_from_namespace(namespace: Mapping[str, Any]) -> Params:
    """Collect and validate the parameters of a notebook's ``parameters`` cell.

    Call it as ``params = params_from_namespace(globals())`` right after the parameters cell, so
    the values papermill injected (or an analyst edited) are checked exactly like a file's.
    """
    raw = {k: namespace[k] for k in PARAM_NAMES if k in namespace}
    return validate_params(raw, source="the notebook's parameters cell")
