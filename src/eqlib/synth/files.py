"""The synthetic organisation's input files, as an HR system would export them (declarations and
realistic mess), its truth file and its README.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from eqlib import codes
from eqlib.config import PROJECT_ROOT
from eqlib.synth.organisation import (
    APPLICANT_DISABLED,
    APPOINT_RATE,
    BAND_OF,
    BOARDS,
    DEFAULT_SEED,
    ENTRY_WEIGHTS,
    FEMALE_SHARE,
    FUTURE_BANDS,
    FUTURE_REPLICATIONS,
    FUTURE_YEAR,
    GIS_MEETS_CRITERIA,
    GIS_OPT_IN,
    GRADES,
    INTERVIEW_RATE,
    LEAVE_INVOLUNTARY,
    LEAVE_VOLUNTARY,
    MINORITY_MULTIPLIER,
    MINORITY_PAY_PENALTY_PCT,
    MINORITY_SHORTLIST_FACTOR,
    OFFER_RATE,
    PROGRAMME_PROMOTION_FACTOR,
    PROGRAMME_START,
    PROGRAMME_YEAR,
    PROMOTION_RATE,
    SHORTLIST_RATE,
    SMALL_GROUP_GRADE,
    WITHDRAW_RATE,
    YEARS,
    Generator,
    _choice,
)

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
        """Write every input file of every year, the truth file and the README into ``out_dir``."""
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
        """The lifecycle events of a year after the first (people, not events, are analysed)."""
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
        """A year's applications through the recruitment funnel, and the planted effects' truth."""
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
        """Board and committee members of a year."""
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
    # about 25 futures of 1,100 people's worth of simulation, however large the organisation (a
    # 100,000-staff benchmark organisation needs one future, not 25: its average is as stable)
    replications = max(1, round(FUTURE_REPLICATIONS * 1100 / max(gen.employees, 1)))
    replications = min(replications, FUTURE_REPLICATIONS)
    future = future_composition(gen, replications=replications)
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
                f"{replications} simulated futures after {YEARS[-1]}",
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
    """``make data``: write the synthetic organisation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(PROJECT_ROOT / "data" / "raw" / "synthetic"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--employees", type=int, default=1100)
    args = parser.parse_args(argv)
    path = generate(Path(args.out), seed=args.seed, employees=args.employees)
    print(f"wrote the synthetic organisation ({args.employees} staff, seed {args.seed}) to {path}")

