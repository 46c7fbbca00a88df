"""The synthetic organisation's people, simulated year by year: the built-in effects (the ground
truth), the population they are drawn from, joiners, leavers, promotions and pay. See
:mod:`eqlib.synth`.
"""

from __future__ import annotations

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
        """The population shares of the Census benchmark file (the Liverpool City Region)."""
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
        """Add ``n`` people at the given grades (joiners of ``year``, or the first snapshot's
        staff)."""
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
        """Simulate every snapshot year: the first year's staff, then leavers, promotions and
        joiners."""
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
        """Pay of a snapshot's staff, with the planted effects (pay by grade, the within-grade
        penalty, reduced-pay leave, bonuses)."""
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

