"""The synthetic organisation: a combined authority of about 1,100 staff, generated from a seed.

Terms
-----
person table
    One row per person ever employed, with fixed attributes (sex, ethnicity, disability, …, a
    personal pay effect). Yearly snapshots are views of it at each 31 March, linked by
    ``employee_id`` through joiners, leavers and promotions.
built-in effect
    A known, documented effect written into the data on purpose (data.md §4), stated in
    ``truth.json`` beside the data on the scale of the estimate meant to find it, so the tests can
    check that the pipeline recovers it (acceptance.md §3).
mess
    What real extracts have: undeclared answers, mixed-case and short-form categories, a few UK
    dates, part-timers, reduced-pay leave, a bonus scheme in one directorate, header variations.

Demographics are drawn from the Liverpool City Region Census 2021 benchmark
(``data/reference/census2021_lcr.csv``), so representation results are realistic.

Run ``python -m eqlib.synth`` (or ``make data``) to regenerate ``data/raw/synthetic/``; the output is
byte-identical for the same seed. ``--employees N`` scales the organisation (for benchmarks).
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from eqlib import codes
from eqlib.config import PROJECT_ROOT

DEFAULT_SEED = 20260331
YEARS = (2023, 2024, 2025, 2026)
GRADES = ("G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8", "G9", "G10", "SLT")
BAND_OF = (
    {g: "junior" for g in GRADES[:3]}
    | {g: "middle" for g in GRADES[3:7]}
    | {g: "senior" for g in GRADES[7:10]}
    | {"SLT": "leadership"}
)
GRADE_WEIGHTS = np.array([95, 120, 145, 150, 140, 120, 100, 70, 52, 35, 16], dtype=float)
ENTRY_WEIGHTS = np.array([160, 170, 150, 120, 95, 70, 50, 30, 15, 8, 2], dtype=float)
BASE_HOURLY = dict(
    zip(GRADES, (11.6, 12.8, 14.1, 15.7, 17.6, 19.8, 22.4, 25.8, 29.8, 34.9, 49.0), strict=True)
)
DIRECTORATES = ("Corporate", "Digital", "Housing", "Investment", "Policy", "Skills", "Transport")
DIRECTORATE_EFFECT = dict(
    zip(DIRECTORATES, (0.0, 0.03, -0.01, 0.04, 0.01, -0.02, 0.0), strict=True)
)
SERVICE_EFFECT = {"<2": 0.0, "2-5": 0.02, "5-10": 0.04, "10-20": 0.06, "20+": 0.07}
AGE_EFFECT = {
    "16-24": -0.03,
    "25-34": 0.0,
    "35-44": 0.01,
    "45-54": 0.015,
    "55-64": 0.015,
    "65+": 0.0,
}
PART_TIME_EFFECT = -0.02
SERVICE_EDGES = (0, 2, 5, 10, 20)
BOARDS = (
    ("Audit and Governance Committee", 11),
    ("Transport Committee", 14),
    ("Skills and Employment Board", 13),
    ("Housing and Spatial Board", 12),
    ("Investment Panel", 10),
    ("Race Equality Advisory Board", 15),
    ("Disabled People's Advisory Board", 12),
    ("Young Persons' Advisory Group", 13),
)

# --------------------------------------------------------------------------------------------------
# Built-in effects (the ground truth). Every one is documented in truth.json.
# --------------------------------------------------------------------------------------------------
FEMALE_SHARE = {"junior": 0.66, "middle": 0.56, "senior": 0.46, "leadership": 0.40}
MINORITY_MULTIPLIER = {"junior": 1.15, "middle": 1.0, "senior": 0.5, "leadership": 0.5}
MINORITY_PAY_PENALTY_PCT = 4.0  # within-grade unexplained penalty, ethnic minority staff
SHORTLIST_RATE = 0.30  # applied -> shortlisted, reference applicants
MINORITY_SHORTLIST_FACTOR = 0.75  # ethnic minority applicants' shortlisting probability factor
INTERVIEW_RATE, OFFER_RATE, APPOINT_RATE = 0.85, 0.25, 0.90
WITHDRAW_RATE = 0.05  # at each stage reached, before the next decision
GIS_OPT_IN, GIS_MEETS_CRITERIA = 0.60, 0.80
APPLICANT_DISABLED = 0.14
PROMOTION_RATE = 0.07
PROGRAMME_PROMOTION_FACTOR = 2.0  # Aspire participants' promotion probability multiplier
PROGRAMME_TAKE_UP = 0.40
LEAVE_VOLUNTARY, LEAVE_INVOLUNTARY = 0.085, 0.02
#: The trajectory check (issue 20): the organisation run on past its last snapshot, under the same
#: planted flow rates (leavers, promotions, joiners), to the representation targets' year; the
#: expected composition of the senior and leadership bands then, the mean over seeded replications,
#: is the truth a projection from the four snapshots should hold within its interval.
FUTURE_YEAR = 2030
FUTURE_REPLICATIONS = 25
FUTURE_BANDS = ("senior", "leadership")
PROGRAMME_START = "2024-09-01"
PROGRAMME_YEAR = 2025  # first snapshot in which participants are recorded
SMALL_GROUP_GRADE = "G9"  # holds exactly two Black staff in the last snapshot


@dataclass
class Population:
    """Population shares from the Census benchmark (declared answers only)."""

    ethnicity: dict[str, float]
    religion: dict[str, float]
    sexual_orientation: dict[str, float]

    @classmethod
    def from_benchmark(cls, path: Path) -> Population:
        bench = pd.read_csv(path)
        lcr = bench[bench["area_code"] == "LCR"]

        def shares(characteristic: str, groups: tuple[str, ...]) -> dict[str, float]:
            rows = lcr[lcr["characteristic"] == characteristic].set_index("group")["count"]
            counts = np.array([float(rows.get(g, 0.0)) for g in groups])
            return dict(zip(groups, counts / counts.sum(), strict=True))

        return cls(
            ethnicity=shares("ethnicity_detailed", tuple(codes.ETHNICITY_DETAILED)),
            religion=shares("religion", codes.RELIGION),
            sexual_orientation=shares("sexual_orientation", codes.SEXUAL_ORIENTATION),
        )


def _declare(
    rng: np.random.Generator, values: np.ndarray, pns: float, unknown: float
) -> np.ndarray:
    u = rng.random(len(values))
    out = values.astype(object).copy()
    out[u < pns] = codes.PREFER_NOT_TO_SAY
    out[(u >= pns) & (u < pns + unknown)] = codes.NOT_KNOWN
    return out


def _choice(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    keys = list(shares)
    p = np.array([shares[k] for k in keys])
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=p / p.sum())]


class Generator:
    """Simulates the organisation year by year; see the module docstring."""

    def __init__(
        self,
        *,
        seed: int = DEFAULT_SEED,
        employees: int = 1100,
        population: Population | None = None,
    ) -> None:
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.employees = employees
        self.pop = population or Population.from_benchmark(
            PROJECT_ROOT / "data" / "reference" / "census2021_lcr.csv"
        )
        self.people: list[dict] = []
        self.next_id = 1
        self.events: dict[int, list[dict]] = {y: [] for y in YEARS}
        self.snapshots: dict[int, pd.DataFrame] = {}
        self.participation: dict[str, float] = {}

    # ---------------------------------------------------------------- people
    def new_people(self, n: int, grades: np.ndarray, year: int, *, joined: bool) -> list[dict]:
        rng = self.rng
        bands = np.array([BAND_OF[g] for g in grades])
        female = rng.random(n) < np.array([FEMALE_SHARE[b] for b in bands])
        eth = np.empty(n, dtype=object)
        for band in sorted(set(bands)):
            idx = np.where(bands == band)[0]
            m = MINORITY_MULTIPLIER[band]
            shares = {
                k: v * (1 if k == codes.WHITE_BRITISH_DETAILED else m)
                for k, v in self.pop.ethnicity.items()
            }
            eth[idx] = _choice(rng, shares, len(idx))
        lo = {"junior": 18, "middle": 23, "senior": 30, "leadership": 38}
        age0 = np.array([rng.integers(lo[b], 64) for b in bands])
        max_service = np.maximum(age0 - 18, 0)
        service = np.minimum(rng.exponential(7.0, n), max_service) if not joined else np.zeros(n)
        snapshot = pd.Timestamp(f"{year}-03-31")
        start = [
            snapshot
            - pd.Timedelta(days=int(s * 365.25) + int(rng.integers(0, 300) if joined else 0))
            for s in service
        ]
        people = []
        for i in range(n):
            pid = f"E{self.next_id:06d}"
            self.next_id += 1
            people.append(
                dict(
                    employee_id=pid,
                    sex="Female" if female[i] else "Male",
                    ethnicity=eth[i],
                    disability="Disabled" if rng.random() < 0.11 else "Not disabled",
                    religion=_choice(rng, self.pop.religion, 1)[0],
                    sexual_orientation=_choice(rng, self.pop.sexual_orientation, 1)[0],
                    marital_status=rng.choice(
                        ["Married", "Civil partnership", "Neither"], p=[0.5, 0.03, 0.47]
                    ),
                    caring=rng.choice(["Yes", "No"], p=[0.25, 0.75]),
                    gender_same=rng.choice(["Yes", "No"], p=[0.995, 0.005]),
                    ses=self._ses(grades[i]),
                    school=rng.choice(
                        [
                            "State-run or state-funded school",
                            "Independent or fee-paying school",
                            "Attended school outside the UK",
                        ],
                        p=[0.86, 0.08, 0.06],
                    ),
                    fsm=rng.choice(["Yes", "No"], p=[0.22, 0.78]),
                    degree=rng.choice(["Yes", "No"], p=[0.3, 0.7]),
                    birth_year=year - int(age0[i]),
                    start_date=start[i],
                    grade=grades[i],
                    directorate=DIRECTORATES[int(rng.integers(0, len(DIRECTORATES)))],
                    hours=37.0
                    if rng.random() > (0.22 if female[i] else 0.07)
                    else float(rng.choice([18.5, 22.5, 30.0])),
                    person_effect=float(rng.normal(0, 0.04)),
                    contract=rng.choice(
                        ["Permanent", "Fixed term", "Casual"], p=[0.88, 0.10, 0.02]
                    ),
                    # declaration behaviour is a fixed trait of the person
                    decl=rng.random(8),
                    active=True,
                    programme=None,
                    eligible=False,
                )
            )
        self.people.extend(people)
        return people

    def _ses(self, grade: str) -> str:
        rank = GRADES.index(grade) / (len(GRADES) - 1)
        p_prof = 0.25 + 0.3 * rank
        p_int = 0.25
        cls = self.rng.choice(
            ["Professional", "Intermediate", "Lower"], p=[p_prof, p_int, 1 - p_prof - p_int]
        )
        options = {
            "Professional": ["professional", "manager"],
            "Intermediate": ["clerical_intermediate", "small_business_owner"],
            "Lower": ["technical_craft", "routine_manual_service", "long_term_unemployed"],
        }[cls]
        weights = {"long_term_unemployed": 0.2}
        p = np.array([weights.get(o, 1.0) for o in options])
        return str(self.rng.choice(options, p=p / p.sum()))

    # ---------------------------------------------------------------- simulation
    def run(self) -> None:
        rng = self.rng
        scale = self.employees / GRADE_WEIGHTS.sum()
        counts = np.maximum(np.round(GRADE_WEIGHTS * scale).astype(int), 1)
        grades = np.repeat(np.array(GRADES), counts)
        self.new_people(len(grades), grades, YEARS[0], joined=False)
        self.snapshots[YEARS[0]] = self.snapshot(YEARS[0])
        for year in YEARS[1:]:
            self.advance(year)
            self.snapshots[year] = self.snapshot(year)
        self.plant_small_group(YEARS[-1], grade=SMALL_GROUP_GRADE, group="Black", size=2)
        del rng

    def plant_small_group(self, year: int, *, grade: str, group: str, size: int) -> None:
        """Make exactly ``size`` staff of broad ethnic ``group`` (all declaring it) in ``grade`` in
        the ``year`` snapshot, so disclosure control has a known small cell to protect."""
        snap = self.snapshots[year]
        ids = snap.loc[snap["grade"] == grade, "employee_id"].tolist()
        by_id = {p["employee_id"]: p for p in self.people}
        members = [i for i in ids if codes.ETHNICITY_DETAILED[by_id[i]["ethnicity"]] == group]
        others = [i for i in ids if by_id[i]["ethnicity"] == codes.WHITE_BRITISH_DETAILED]
        changes = {i: codes.WHITE_BRITISH_DETAILED for i in members[size:]}
        changes |= {i: f"{group}: African" for i in others[: max(0, size - len(members))]}
        for i in members[:size] + list(changes):
            by_id[i]["decl"][0] = 0.5  # declared
        for i, label in changes.items():
            by_id[i]["ethnicity"] = label
        for frame in self.snapshots.values():
            hit = frame["employee_id"].isin([*changes, *members[:size]])
            frame.loc[hit, "ethnicity"] = frame.loc[hit, "employee_id"].map(
                lambda i: by_id[i]["ethnicity"]
            )
            frame.loc[hit, "decl"] = frame.loc[hit, "employee_id"].map(lambda i: by_id[i]["decl"])

    def advance(self, year: int) -> None:
        """Move from the snapshot of ``year - 1`` to that of ``year``."""
        rng = self.rng
        start = pd.Timestamp(f"{year - 1}-03-31")
        active = [p for p in self.people if p["active"]]

        def when() -> pd.Timestamp:
            return start + pd.Timedelta(days=int(rng.integers(1, 366)))

        n_leavers = 0
        for p in active:
            u = rng.random()
            if u < LEAVE_VOLUNTARY + LEAVE_INVOLUNTARY:
                kind = "leaver_voluntary" if u < LEAVE_VOLUNTARY else "leaver_involuntary"
                self.events[year].append(
                    dict(
                        employee_id=p["employee_id"],
                        event_type=kind,
                        event_date=when(),
                        mandatory=None,
                    )
                )
                p["active"] = False
                n_leavers += 1
                continue
            rate = PROMOTION_RATE
            if year == PROGRAMME_YEAR + 1 and p["programme"]:
                rate *= PROGRAMME_PROMOTION_FACTOR
            if p["grade"] != "SLT" and rng.random() < rate:
                p["grade"] = GRADES[GRADES.index(p["grade"]) + 1]
                self.events[year].append(
                    dict(
                        employee_id=p["employee_id"],
                        event_type="promotion",
                        event_date=when(),
                        mandatory=None,
                    )
                )
        # programme cohort: chosen among eligible staff at the programme start
        if year == PROGRAMME_YEAR:
            eligible = [
                p
                for p in self.people
                if p["active"]
                and p["grade"] in GRADES[2:7]
                and (
                    p["ethnicity"] != codes.WHITE_BRITISH_DETAILED or p["disability"] == "Disabled"
                )
            ]
            for p in eligible:
                p["eligible"] = True
                if rng.random() < PROGRAMME_TAKE_UP:
                    p["programme"] = "Aspire"
        # joiners: replace leavers, 1% growth
        n_join = n_leavers + int(round(0.01 * len(active)))
        weights = ENTRY_WEIGHTS / ENTRY_WEIGHTS.sum()
        grades = np.array(GRADES)[rng.choice(len(GRADES), size=n_join, p=weights)]
        joiners = self.new_people(n_join, grades, year, joined=True)
        # a few joined and left within the year: only in the events file
        for p in joiners[: max(1, n_join // 40)]:
            p["active"] = False
            p["events_only"] = True
            self.events[year].append(
                dict(
                    employee_id=p["employee_id"],
                    event_type="leaver_voluntary",
                    event_date=pd.Timestamp(f"{year}-03-{int(rng.integers(1, 29)):02d}"),
                    mandatory=None,
                )
            )
        for p in [q for q in self.people if q["active"]]:
            if rng.random() < 0.45:
                self.events[year].append(
                    dict(
                        employee_id=p["employee_id"],
                        event_type="training",
                        event_date=when(),
                        mandatory=False,
                    )
                )
            if rng.random() < 0.6:
                self.events[year].append(
                    dict(
                        employee_id=p["employee_id"],
                        event_type="training",
                        event_date=when(),
                        mandatory=True,
                    )
                )
            for kind, rate in (("disciplinary", 0.02), ("capability", 0.01), ("grievance", 0.015)):
                if rng.random() < rate:
                    self.events[year].append(
                        dict(
                            employee_id=p["employee_id"],
                            event_type=kind,
                            event_date=when(),
                            mandatory=None,
                        )
                    )
                    if (
                        kind == "disciplinary" and rng.random() < 0.15
                    ):  # a second case: people, not events
                        self.events[year].append(
                            dict(
                                employee_id=p["employee_id"],
                                event_type=kind,
                                event_date=when(),
                                mandatory=None,
                            )
                        )

    def snapshot(self, year: int) -> pd.DataFrame:
        """The people employed on 31 March of ``year``, as analysis-ready values (before mess)."""
        rows = [p for p in self.people if p["active"]]
        return pd.DataFrame([self._person_row(p, year) for p in rows])

    def _person_row(self, p: dict, year: int) -> dict:
        snapshot = pd.Timestamp(f"{year}-03-31")
        age = year - p["birth_year"]
        return dict(p, age=age, year=year, service_years=(snapshot - p["start_date"]).days / 365.25)

    # ---------------------------------------------------------------- pay
    def pay(self, frame: pd.DataFrame, year: int) -> pd.DataFrame:
        rng = self.rng
        out = frame.copy()
        service_band = pd.cut(
            out["service_years"],
            bins=[*SERVICE_EDGES, np.inf],
            right=False,
            labels=list(SERVICE_EFFECT),
        ).astype(str)
        age_band = out["age"].map(codes.age_band)
        minority = out["ethnicity"] != codes.WHITE_BRITISH_DETAILED
        log_pay = (
            np.log(out["grade"].map(BASE_HOURLY))
            + out["directorate"].map(DIRECTORATE_EFFECT)
            + service_band.map(SERVICE_EFFECT)
            + age_band.map(AGE_EFFECT)
            + np.where(out["hours"] < 37, PART_TIME_EFFECT, 0.0)
            + out["person_effect"]
            + rng.normal(0, 0.015, len(out))
            + np.where(minority, math.log(1 - MINORITY_PAY_PENALTY_PCT / 100), 0.0)
            + 0.02 * (year - YEARS[0])
        )  # annual pay award
        hourly = np.exp(log_pay)
        days = 31  # March: the pay period containing 31 March
        out["pay_period_days"] = days
        out["ordinary_pay"] = np.round(hourly * out["hours"] * days / 7, 2)
        leave = rng.random(len(out)) < np.where(out["sex"] == "Female", 0.035, 0.01)
        out.loc[leave, "ordinary_pay"] = np.round(
            out.loc[leave, "ordinary_pay"] * rng.choice([0.0, 0.5, 0.9], size=int(leave.sum())), 2
        )
        out["reduced_pay_leave"] = leave
        bonus = (out["directorate"] == "Investment") & (rng.random(len(out)) < 0.6)
        out["bonus_pay_12m"] = np.where(bonus, np.round(rng.lognormal(7.2, 0.5, len(out)), 2), 0.0)
        out["bonus_pay_in_period"] = 0.0
        return out


# --------------------------------------------------------------------------------------------------
# Writing the CSV files (with realistic mess)
# --------------------------------------------------------------------------------------------------
DECLARE = {  # characteristic -> (prefer not to say, not known) rates
    "ethnicity": (0.04, 0.05),
    "disability": (0.06, 0.08),
    "religion": (0.10, 0.10),
    "sexual_orientation": (0.12, 0.12),
    "ses": (0.08, 0.12),
    "marital_status": (0.05, 0.05),
    "caring": (0.05, 0.10),
    "gender_same": (0.05, 0.08),
}


def _declared(
    value: str, u: float, rates: tuple[float, float], nd=(codes.PREFER_NOT_TO_SAY, "")
) -> str:
    pns, unknown = rates
    if u < pns:
        return nd[0]
    if u < pns + unknown:
        return nd[1]
    return value


def _messy_ethnicity(value: str, u: float) -> str:
    if value in (codes.PREFER_NOT_TO_SAY, "") or u > 0.12:
        return value
    prefix, suffix = value.split(": ", 1)
    if u < 0.04:
        return suffix if suffix not in ("Other White", "Other Mixed") else value
    if u < 0.08:
        return value.upper() if u < 0.06 else value.lower()
    long = {
        "White": "White",
        "Mixed": "Mixed or Multiple ethnic groups",
        "Asian": "Asian, Asian British or Asian Welsh",
        "Black": "Black, Black British, Black Welsh, Caribbean or African",
        "Other": "Other ethnic group",
    }[prefix]
    return f"{long}: {suffix}"


def workforce_csv(frame: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    """Turn a snapshot into the export an HR system would give (declarations, mess)."""
    decl = np.vstack(frame["decl"].to_numpy())
    keys = list(DECLARE)
    d = {k: decl[:, i] for i, k in enumerate(keys)}
    ses = frame["ses"].copy()
    ses_u = d["ses"]
    ses = np.where(
        ses_u < 0.08,
        "prefer_not_to_say",
        np.where(ses_u < 0.14, "other", np.where(ses_u < 0.20, "", ses)),
    )

    def answered(trait: str) -> list[str]:
        """Each person's answer, or not declared at the rates of ``DECLARE[trait]``."""
        return [
            _declared(v, u, DECLARE[trait]) for v, u in zip(frame[trait], d[trait], strict=True)
        ]

    out = pd.DataFrame(
        {
            "employee_id": frame["employee_id"],
            "sex": frame["sex"],
            "gender_identity_same_as_sex": answered("gender_same"),
            "ethnicity": answered("ethnicity"),
            "disability": answered("disability"),
            "religion": answered("religion"),
            "sexual_orientation": answered("sexual_orientation"),
            "marital_status": answered("marital_status"),
            "age": frame["age"],
            "caring_responsibilities": answered("caring"),
            "ses_parental_occupation": ses,
            "ses_school_type": np.where(ses_u < 0.2, "", frame["school"]),
            "ses_free_school_meals": np.where(ses_u < 0.2, "", frame["fsm"]),
            "ses_parental_degree": np.where(ses_u < 0.2, "", frame["degree"]),
            "grade": frame["grade"],
            "directorate": frame["directorate"],
            "job_family": frame["directorate"].map(lambda x: f"{x} services"),
            "start_date": frame["start_date"].dt.strftime("%Y-%m-%d"),
            "contract_type": frame["contract"],
            "weekly_hours": frame["hours"],
            "pay_period_days": frame["pay_period_days"],
            "ordinary_pay": frame["ordinary_pay"].map(lambda x: f"{x:.2f}"),
            "bonus_pay_in_period": "0.00",
            "bonus_pay_12m": frame["bonus_pay_12m"].map(lambda x: f"{x:.2f}"),
            "reduced_pay_leave": np.where(frame["reduced_pay_leave"], "true", "false"),
            "work_location": frame["directorate"].map(
                lambda x: "E08000012" if x != "Housing" else "E08000015"
            ),
        }
    )
    if year >= PROGRAMME_YEAR:
        out["programme"] = frame["programme"].fillna("")
        out["programme_eligible"] = np.where(frame["eligible"], "true", "false")
        out["programme_start"] = np.where(frame["programme"].notna(), PROGRAMME_START, "")
    # mess: mixed-case categories, a few UK dates, messy ethnicity labels
    u = rng.random(len(out))
    out["ethnicity"] = [
        _messy_ethnicity(v, x) for v, x in zip(out["ethnicity"], rng.random(len(out)), strict=True)
    ]
    out.loc[u < 0.03, "sex"] = out.loc[u < 0.03, "sex"].str.lower()
    out.loc[(u > 0.5) & (u < 0.53), "disability"] = out.loc[
        (u > 0.5) & (u < 0.53), "disability"
    ].str.upper()
    uk = rng.random(len(out)) < 0.02
    out.loc[uk, "start_date"] = pd.to_datetime(out.loc[uk, "start_date"]).dt.strftime("%d/%m/%Y")
    out = out.sort_values("employee_id", kind="stable").reset_index(drop=True)
    if year == 2024:  # a header exported with different case and spacing
        out = out.rename(columns={"employee_id": "Employee ID", "sex": "Sex ", "grade": "GRADE"})
    return out


class Writer:
    """Writes every file of the synthetic organisation and its truth file."""

    def __init__(self, gen: Generator) -> None:
        self.gen = gen
        self.rng = np.random.default_rng(gen.seed + 1)

    def write(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        gen = self.gen
        truth_extra: dict[str, float] = {}
        for year in YEARS:
            snap = gen.pay(gen.snapshots[year], year)
            self._write(workforce_csv(snap, year, self.rng), out_dir / f"workforce_{year}.csv")
            apps, gis_truth = self.applications(year)
            truth_extra.update(gis_truth)
            self._write(apps, out_dir / f"applications_{year}.csv")
            if year > YEARS[0]:
                self._write(self.events(year), out_dir / f"events_{year}.csv")
            else:
                self._write(self.first_year_events(year), out_dir / f"events_{year}.csv")
            self._write(self.boards(year), out_dir / f"boards_{year}.csv")
        (out_dir / "truth.json").write_text(json.dumps(truth(gen, truth_extra), indent=2) + "\n")
        (out_dir / "README.md").write_text(README)

    @staticmethod
    def _write(frame: pd.DataFrame, path: Path) -> None:
        frame.to_csv(path, index=False, lineterminator="\n")

    def events(self, year: int) -> pd.DataFrame:
        gen = self.gen
        rows = sorted(
            gen.events[year], key=lambda e: (e["event_date"], e["employee_id"], e["event_type"])
        )
        frame = pd.DataFrame(rows)
        frame["event_date"] = frame["event_date"].dt.strftime("%Y-%m-%d")
        frame["mandatory"] = frame["mandatory"].map({True: "true", False: "false"}).fillna("")
        frame["detail"] = ""
        # people who joined and left within the year carry their equality fields
        by_id = {p["employee_id"]: p for p in gen.people}
        for col in ("sex", "ethnicity", "disability", "age"):
            frame[col] = ""
        only = frame["employee_id"].map(lambda i: by_id[i].get("events_only", False))
        for idx in frame.index[only]:
            p = by_id[frame.at[idx, "employee_id"]]
            frame.loc[idx, ["sex", "ethnicity", "disability", "age"]] = [
                p["sex"],
                p["ethnicity"],
                p["disability"],
                str(year - p["birth_year"]),
            ]
        return frame[
            [
                "employee_id",
                "event_type",
                "event_date",
                "mandatory",
                "detail",
                "sex",
                "ethnicity",
                "disability",
                "age",
            ]
        ]

    def first_year_events(self, year: int) -> pd.DataFrame:
        """Events in the first year (no previous snapshot): training and casework of current staff."""
        gen = self.gen
        rng = self.rng
        start = pd.Timestamp(f"{year - 1}-03-31")
        rows = []
        for _, p in gen.snapshots[year].iterrows():
            for kind, rate, mandatory in (
                ("training", 0.45, False),
                ("training", 0.6, True),
                ("disciplinary", 0.02, None),
                ("capability", 0.01, None),
                ("grievance", 0.015, None),
                ("promotion", PROMOTION_RATE, None),
            ):
                if (kind != "promotion" or p["grade"] != "G1") and rng.random() < rate:
                    rows.append(
                        dict(
                            employee_id=p["employee_id"],
                            event_type=kind,
                            event_date=start + pd.Timedelta(days=int(rng.integers(1, 366))),
                            mandatory=mandatory,
                        )
                    )
        gen.events[year] = rows
        return self.events(year)

    def applications(self, year: int) -> tuple[pd.DataFrame, dict[str, float]]:
        rng = self.rng
        gen = self.gen
        n_vac = max(10, int(round(gen.employees * 0.14)))
        n = int(round(gen.employees * 2.7))
        vac_grade = np.array(GRADES)[
            rng.choice(len(GRADES), size=n_vac, p=ENTRY_WEIGHTS / ENTRY_WEIGHTS.sum())
        ]
        vac = rng.integers(0, n_vac, size=n)
        eth = _choice(rng, gen.pop.ethnicity, n)
        minority = eth != codes.WHITE_BRITISH_DETAILED
        disabled = rng.random(n) < APPLICANT_DISABLED
        female = rng.random(n) < 0.55
        gis = disabled & (rng.random(n) < GIS_OPT_IN)
        meets = rng.random(n) < GIS_MEETS_CRITERIA
        stage = np.zeros(n, dtype=int)
        withdrawn = np.zeros(n, dtype=bool)
        p_short = SHORTLIST_RATE * np.where(minority, MINORITY_SHORTLIST_FACTOR, 1.0)
        p_next = [None, INTERVIEW_RATE, OFFER_RATE, APPOINT_RATE]
        alive = np.ones(n, dtype=bool)
        for s in range(4):
            w = alive & (rng.random(n) < WITHDRAW_RATE)
            withdrawn |= w
            alive &= ~w
            if s == 0:
                guaranteed = gis & meets
                progress = alive & (guaranteed | (rng.random(n) < p_short))
            elif s == 1:
                progress = alive & ((gis & meets) | (rng.random(n) < p_next[s]))
            else:
                progress = alive & (rng.random(n) < p_next[s])
            stage[progress] = s + 1
            alive = progress
        stages = np.array(["applied", "shortlisted", "interviewed", "offered", "appointed"])
        start = pd.Timestamp(f"{year - 1}-03-31")
        applied = [start + pd.Timedelta(days=int(d)) for d in rng.integers(1, 366, size=n)]
        decl = rng.random((n, 3))
        frame = pd.DataFrame(
            {
                "application_id": [f"A{year}-{i:05d}" for i in range(1, n + 1)],
                "vacancy_id": [f"V{year}-{v:04d}" for v in vac],
                "vacancy_grade": vac_grade[vac],
                "applied_date": [d.strftime("%Y-%m-%d") for d in applied],
                "stage_reached": stages[stage],
                "withdrawn": np.where(withdrawn, "true", "false"),
                "internal": np.where(rng.random(n) < 0.15, "true", "false"),
                "guaranteed_interview": np.where(gis, "yes", "no"),
                "positive_action": np.where(
                    (stage == 4) & minority & (rng.random(n) < 0.05), "s.159 tie-break", ""
                ),
                "sex": [
                    _declared(v, u, (0.02, 0.02))
                    for v, u in zip(np.where(female, "Female", "Male"), decl[:, 0], strict=True)
                ],
                "ethnicity": [
                    _declared(v, u, (0.05, 0.04)) for v, u in zip(eth, decl[:, 1], strict=True)
                ],
                "disability": [
                    _declared(v, u, (0.06, 0.05))
                    for v, u in zip(
                        np.where(disabled, "Disabled", "Not disabled"), decl[:, 2], strict=True
                    )
                ],
                "age_band": np.array(codes.AGE_BANDS[:5])[
                    rng.choice(5, size=n, p=[0.22, 0.3, 0.22, 0.16, 0.1])
                ],
            }
        )
        frame = frame.sort_values("application_id").reset_index(drop=True)
        # truth on the relative-likelihood scale (WRES orientation: reference / group), mixing in
        # the guaranteed-interview applicants, who are shortlisted whatever their ethnicity
        q = APPLICANT_DISABLED * GIS_OPT_IN * GIS_MEETS_CRITERIA
        r_ref = q + (1 - q) * SHORTLIST_RATE
        r_min = q + (1 - q) * SHORTLIST_RATE * MINORITY_SHORTLIST_FACTOR
        return frame, {"shortlisting_rl": r_ref / r_min}

    def boards(self, year: int) -> pd.DataFrame:
        rng = np.random.default_rng(self.gen.seed + year)  # board membership is stable per year
        pop = self.gen.pop
        rows = []
        for b, (board, size) in enumerate(BOARDS):
            for m in range(size):
                role = (
                    "Chair"
                    if m == 0
                    else "Vice chair"
                    if m == 1
                    else rng.choice(["Member", "Co-opted", "Independent"], p=[0.7, 0.2, 0.1])
                )
                voting = (
                    role in ("Chair", "Vice chair", "Member", "Independent") or rng.random() < 0.3
                )
                eth = _choice(rng, pop.ethnicity, 1)[0]
                if board == "Race Equality Advisory Board" and rng.random() < 0.6:
                    eth = _choice(
                        rng,
                        {
                            k: v
                            for k, v in pop.ethnicity.items()
                            if k != codes.WHITE_BRITISH_DETAILED
                        },
                        1,
                    )[0]
                dis = "Disabled" if rng.random() < 0.15 else "Not disabled"
                if board == "Disabled People's Advisory Board":
                    dis = "Disabled" if rng.random() < 0.8 else "Not disabled"
                if board == "Audit and Governance Committee":  # exactly one disabled member
                    dis = "Disabled" if m == 3 else "Not disabled"
                age = int(
                    rng.integers(18 if "Young" in board else 30, 26 if "Young" in board else 75)
                )
                rows.append(
                    dict(
                        member_id=f"B{b + 1:02d}-{m + 1:02d}",
                        board=board,
                        role=role,
                        voting="true" if voting else "false",
                        sex=rng.choice(["Female", "Male"]),
                        ethnicity=_declared(eth, rng.random(), (0.05, 0.08)),
                        disability=_declared(dis, rng.random(), (0.05, 0.08))
                        if board != "Audit and Governance Committee"
                        else dis,
                        age=age,
                    )
                )
        return pd.DataFrame(rows)


def future_composition(gen: Generator, *, year: int = FUTURE_YEAR,
                       replications: int = FUTURE_REPLICATIONS) -> dict[str, float]:
    """Expected share of ethnic minority and of disabled staff in the senior and leadership bands
    on 31 March of ``year``: the organisation after its last snapshot, advanced year by year with
    the planted rates, the mean over ``replications`` seeded futures. ``gen`` is not changed."""
    shares: dict[str, list[float]] = {"ethnicity_binary": [], "disability": []}
    for r in range(replications):
        future = Generator.__new__(Generator)
        future.__dict__.update(gen.__dict__)
        future.people = [dict(p) for p in gen.people]
        future.rng = np.random.default_rng([gen.seed, 2030, r])
        future.events = {y: [] for y in range(YEARS[-1] + 1, year + 1)}
        for y in range(YEARS[-1] + 1, year + 1):
            future.advance(y)
        top = [p for p in future.people if p["active"] and BAND_OF[p["grade"]] in FUTURE_BANDS]
        shares["ethnicity_binary"].append(
            sum(p["ethnicity"] != codes.WHITE_BRITISH_DETAILED for p in top) / len(top))
        shares["disability"].append(sum(p["disability"] == "Disabled" for p in top) / len(top))
    return {k: float(np.mean(v)) for k, v in shares.items()}


def truth(gen: Generator, extra: dict[str, float]) -> dict:
    """The built-in effects, each on the scale of the estimate meant to find it."""
    part = [p for p in gen.people if p.get("eligible")]
    future = future_composition(gen)
    return {
        "seed": gen.seed,
        "employees": gen.employees,
        "effects": [
            {
                "effect": "female_share_by_grade_band",
                "characteristic": "sex",
                "group": "Female",
                "scale": "probability that an entrant to the band is female",
                "value": FEMALE_SHARE,
                "note": "women over-represented in junior grades; promotions (sex-neutral) blur it slightly over time",
            },
            {
                "effect": "minority_representation_multiplier",
                "characteristic": "ethnicity_binary",
                "group": "Ethnic minority",
                "scale": "entrants' ethnic minority odds multiplier vs the LCR population by grade band",
                "value": MINORITY_MULTIPLIER,
                "note": "ethnic minorities under-represented at senior and leadership grades",
            },
            {
                "effect": "within_grade_pay_penalty",
                "characteristic": "ethnicity_binary",
                "group": "Ethnic minority",
                "reference": "White British",
                "scale": "adjusted_gap_pct (controls grade, directorate, age band, service band, part time)",
                "value": MINORITY_PAY_PENALTY_PCT,
            },
            {
                "effect": "within_grade_pay_penalty",
                "characteristic": "sex",
                "group": "Female",
                "reference": "Male",
                "scale": "adjusted_gap_pct",
                "value": 0.0,
                "note": "the raw gender gap comes only from grade composition",
            },
            {
                "effect": "within_grade_pay_penalty",
                "characteristic": "disability",
                "group": "Disabled",
                "reference": "Not disabled",
                "scale": "adjusted_gap_pct",
                "value": 0.0,
            },
            {
                "effect": "shortlisting_disadvantage",
                "characteristic": "ethnicity_binary",
                "group": "Ethnic minority",
                "reference": "White British",
                "scale": "relative_likelihood applied->shortlisted (reference rate / group rate)",
                "value": extra["shortlisting_rl"],
                "note": f"non-scheme minority applicants are shortlisted at {MINORITY_SHORTLIST_FACTOR} times "
                "the reference rate; guaranteed-interview applicants are shortlisted regardless",
            },
            {
                "effect": "programme_promotion",
                "characteristic": "programme",
                "group": "Aspire",
                "reference": "eligible non-participants",
                "scale": "promotion rate ratio, participants / eligible non-participants, "
                f"snapshot {PROGRAMME_YEAR} -> {PROGRAMME_YEAR + 1}",
                "value": PROGRAMME_PROMOTION_FACTOR,
                "odds_ratio": (PROMOTION_RATE * 2 / (1 - PROMOTION_RATE * 2))
                / (PROMOTION_RATE / (1 - PROMOTION_RATE)),
                "note": f"Aspire starts {PROGRAMME_START}; {len(part)} eligible staff in {PROGRAMME_YEAR}",
            },
            {
                "effect": "no_promotion_difference",
                "characteristic": "ethnicity_binary",
                "group": "Ethnic minority",
                "scale": "promotion relative likelihood outside the programme",
                "value": 1.0,
            },
        ],
        "trajectories": [
            {
                "effect": "representation_in_target_year",
                "characteristic": characteristic,
                "group": group,
                "bands": list(FUTURE_BANDS),
                "year": FUTURE_YEAR,
                "scale": "expected share of the bands' staff (the declared staff's share: "
                "declaring is independent of the answer), mean of "
                f"{FUTURE_REPLICATIONS} simulated futures after {YEARS[-1]}",
                "value": round(future[characteristic], 6),
                "note": "leavers, promotions and joiners at the planted rates: leaving "
                f"{LEAVE_VOLUNTARY + LEAVE_INVOLUNTARY:.3f}, promotion {PROMOTION_RATE} a year "
                "(group-neutral); joiners' composition by band as the population's, with the "
                "ethnic minority multiplier above",
            }
            for characteristic, group in (("ethnicity_binary", "Ethnic minority"),
                                          ("disability", "Disabled"))
        ],
        "small_groups": {
            "board_with_one_disabled_member": "Audit and Governance Committee",
            "grade_with_two_black_staff": {"grade": SMALL_GROUP_GRADE, "year": YEARS[-1]},
        },
    }


README = """# The synthetic organisation

Generated by `python -m eqlib.synth` (`make data`) from a fixed seed; do not edit by hand (a test
regenerates these files and requires them to be byte-identical). It is shaped like the Liverpool
City Region Combined Authority: about 1,100 staff in grades G1-G10 and a senior leadership team,
seven directorates, four linked yearly snapshots (31 March 2023-2026), about 3,000 applications a
year, lifecycle events, eight advisory boards, the Aspire positive-action programme (from
1 September 2024) and a guaranteed-interview scheme for disabled applicants.

`truth.json` lists the effects built in on purpose, each on the scale of the estimate meant to find
it; `tests/synthetic/` checks that the analyses recover them. Nobody in these files is real.
"""


def generate(out_dir: Path, *, seed: int = DEFAULT_SEED, employees: int = 1100) -> Path:
    """Generate the synthetic organisation into ``out_dir``."""
    gen = Generator(seed=seed, employees=employees)
    gen.run()
    Writer(gen).write(out_dir)
    return out_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(PROJECT_ROOT / "data" / "raw" / "synthetic"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--employees", type=int, default=1100)
    args = parser.parse_args(argv)
    path = generate(Path(args.out), seed=args.seed, employees=args.employees)
    print(f"wrote the synthetic organisation ({args.employees} staff, seed {args.seed}) to {path}")


if __name__ == "__main__":
    main()
