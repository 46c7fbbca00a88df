"""Code lists and their mappings: the labels of every category and how input values map to them.

What the library knows about each characteristic (its groups in order, names, reference group,
the analyses that cover it) is in :mod:`eqlib.characteristics`.

Terms
-----
characteristic
    A column of analysis such as ``sex``, ``ethnicity_broad`` or ``disability``.
group
    One value of a characteristic (``Female``, ``Black``, ``Disabled``).
not declared
    ``Prefer not to say`` or ``Not known`` (a blank answer counts as ``Not known``). Every
    characteristic except ``sex`` (required for the gender pay gap) can be not declared. Not-declared
    people are kept: they are in the pay quarters and in composition tables, and are left out only
    of the two groups compared in a gap and of representation denominators (methodology §2, §3).

Canonical labels follow ONS 2021 (England and Wales) short forms. Input values are matched
case-insensitively after trimming, through :data:`ALIASES`, which accepts the full Census labels
(``Asian, Asian British or Asian Welsh: Chinese``), short forms (``Asian: Chinese``) and bare
group names (``Chinese``). The term "BAME" is never used (GOV.UK style guidance).
"""

from __future__ import annotations

import re

PREFER_NOT_TO_SAY = "Prefer not to say"
NOT_KNOWN = "Not known"
NOT_DECLARED: tuple[str, str] = (PREFER_NOT_TO_SAY, NOT_KNOWN)

# ------------------------------------------------------------------------------------------------
# Ethnicity: 19 detailed groups -> broad 6 -> binary (data.md §2.1)
# ------------------------------------------------------------------------------------------------
WHITE_BRITISH_DETAILED = "White: English, Welsh, Scottish, Northern Irish or British"
ETHNICITY_DETAILED: dict[str, str] = {  # detailed -> broad
    WHITE_BRITISH_DETAILED: "White British",
    "White: Irish": "White other",
    "White: Gypsy or Irish Traveller": "White other",
    "White: Roma": "White other",
    "White: Other White": "White other",
    "Mixed: White and Black Caribbean": "Mixed",
    "Mixed: White and Black African": "Mixed",
    "Mixed: White and Asian": "Mixed",
    "Mixed: Other Mixed": "Mixed",
    "Asian: Indian": "Asian",
    "Asian: Pakistani": "Asian",
    "Asian: Bangladeshi": "Asian",
    "Asian: Chinese": "Asian",
    "Asian: Other Asian": "Asian",
    "Black: African": "Black",
    "Black: Caribbean": "Black",
    "Black: Other Black": "Black",
    "Other: Arab": "Other",
    "Other: Any other ethnic group": "Other",
}
ETHNICITY_BROAD: tuple[str, ...] = (
    "White British",
    "White other",
    "Mixed",
    "Asian",
    "Black",
    "Other",
)
ETHNIC_MINORITY = "Ethnic minority"
ETHNICITY_BINARY: tuple[str, ...] = ("White British", ETHNIC_MINORITY)

# Census 2021 long labels -> canonical detailed label (ONS dvc2203 / TS021 wording).
_CENSUS_PREFIX = {
    "White": "White",
    "Mixed or Multiple ethnic groups": "Mixed",
    "Asian, Asian British or Asian Welsh": "Asian",
    "Black, Black British, Black Welsh, Caribbean or African": "Black",
    "Other ethnic group": "Other",
}
_CENSUS_SUFFIX = {"Other Mixed or Multiple ethnic groups": "Other Mixed"}


def census_ethnicity_label(label: str) -> str:
    """Canonical detailed label of a Census 2021 ethnic group label (long or short form)."""
    label = re.sub(r"\s+", " ", label.replace("(number)", "").replace("(percent)", "")).strip()
    prefix, _, suffix = label.partition(":")
    prefix, suffix = prefix.strip(), suffix.strip()
    short = _CENSUS_PREFIX.get(prefix, prefix)
    suffix = _CENSUS_SUFFIX.get(suffix, suffix)
    canonical = f"{short}: {suffix}"
    if canonical not in ETHNICITY_DETAILED:
        raise KeyError(f"not a Census 2021 ethnic group: {label!r}")
    return canonical


# ------------------------------------------------------------------------------------------------
# Other characteristics (data.md §1.1, §2)
# ------------------------------------------------------------------------------------------------
SEX: tuple[str, ...] = ("Female", "Male")
DISABILITY: tuple[str, ...] = ("Disabled", "Not disabled")
RELIGION: tuple[str, ...] = (
    "No religion",
    "Christian",
    "Buddhist",
    "Hindu",
    "Jewish",
    "Muslim",
    "Sikh",
    "Other religion",
)
SEXUAL_ORIENTATION: tuple[str, ...] = (
    "Straight or heterosexual",
    "Gay or lesbian",
    "Bisexual",
    "Other sexual orientation",
)
LGB_PLUS = "LGB+"
SEXUAL_ORIENTATION_GROUPED: tuple[str, ...] = ("Straight or heterosexual", LGB_PLUS)
MARITAL_STATUS: tuple[str, ...] = ("Married", "Civil partnership", "Neither")
YES_NO: tuple[str, ...] = ("Yes", "No")
CONTRACT_TYPE: tuple[str, ...] = ("Permanent", "Fixed term", "Casual")
BOARD_ROLE: tuple[str, ...] = ("Chair", "Vice chair", "Member", "Co-opted", "Independent")
EVENT_TYPE: tuple[str, ...] = (
    "promotion",
    "training",
    "leaver_voluntary",
    "leaver_involuntary",
    "disciplinary",
    "capability",
    "grievance",
)
AGE_BANDS: tuple[str, ...] = ("16-24", "25-34", "35-44", "45-54", "55-64", "65+")
AGE_BAND_LOWER: tuple[int, ...] = (16, 25, 35, 45, 55, 65)

# Socio-economic background (methodology §6): parental occupation at about age 14.
SES_ANSWERS: dict[str, str] = {
    "professional": "Modern or traditional professional occupations",
    "manager": "Senior, middle or junior managers or administrators",
    "clerical_intermediate": "Clerical and intermediate occupations",
    "small_business_owner": "Small business owners employing fewer than 25 people",
    "technical_craft": "Technical and craft occupations",
    "routine_manual_service": "Routine, semi-routine manual and service occupations",
    "long_term_unemployed": "Long-term unemployed",
    "other": "Other (e.g. retired, not applicable, don't know)",
    "prefer_not_to_say": "Prefer not to say",
}
# The supplementary socio-economic questions (Social Mobility Commission / Cabinet Office
# wording). They are tabulated as given, so only these answers (and the not-declared values) are
# accepted: no free text from an input file reaches a published table.
SES_SCHOOL_TYPE: tuple[str, ...] = (
    "State-run or state-funded school",
    "State-run or state-funded school - selective on academic, faith or other grounds",
    "State-run or state-funded school - non-selective",
    "Independent or fee-paying school",
    "Independent or fee-paying school, where I received a means-tested bursary covering 90% or "
    "more of the total cost of attending throughout my time there",
    "Attended school outside the UK",
)
SES_FREE_SCHOOL_MEALS: tuple[str, ...] = (
    "Yes",
    "No",
    "Not applicable (finished school before 1980 or went to school overseas)",
)
SES_PARENTAL_DEGREE: tuple[str, ...] = ("Yes", "No")
SES_CLASS_OF: dict[str, str] = {
    "professional": "Professional",
    "manager": "Professional",
    "clerical_intermediate": "Intermediate",
    "small_business_owner": "Intermediate",
    "technical_craft": "Lower",
    "routine_manual_service": "Lower",
    "long_term_unemployed": "Lower",
    "other": NOT_KNOWN,
    "prefer_not_to_say": PREFER_NOT_TO_SAY,
}
SES_CLASSES: tuple[str, ...] = ("Professional", "Intermediate", "Lower")
# Census NS-SEC (TS062) -> class: L1-L6 Professional, L7-L9 Intermediate, L10-L14 Lower, L15 excluded.
NSSEC_CLASS_OF: dict[str, str | None] = {
    "L1, L2 and L3": "Professional",
    "L4, L5 and L6": "Professional",
    "L7": "Intermediate",
    "L8 and L9": "Intermediate",
    "L10 and L11": "Lower",
    "L12": "Lower",
    "L13": "Lower",
    "L14.1 and L14.2": "Lower",
    "L15": None,
}


def is_declared(values):  # noqa: ANN001, ANN201 - accepts a scalar or a pandas Series
    """True where a value is a declared group (not ``Prefer not to say``/``Not known``/missing)."""
    if hasattr(values, "isin"):
        return values.notna() & ~values.isin(NOT_DECLARED)
    return values is not None and values not in NOT_DECLARED


def age_band(age: int) -> str:
    """Age band of an age in whole years (``16-24`` … ``65+``)."""
    for lower, band in zip(reversed(AGE_BAND_LOWER), reversed(AGE_BANDS), strict=True):
        if age >= lower:
            return band
    raise ValueError(f"age {age} is below 16")
