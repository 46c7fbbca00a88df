"""The registry of characteristics: everything the library knows about each one, in one place.

Every module asks this registry which characteristics an analysis covers, in which order, and how
to name a characteristic or one of its groups; ``codes`` keeps the code lists and the mappings
from input values. To add a characteristic (caring responsibilities to representation, say), add
or edit its :class:`Characteristic` entry (its column must be read by ``eqlib.io``) and name the
analyses in ``uses``; the reference group of a comparison comes from params
``reference_groups`` (this registry's ``reference`` is the default).

Analyses (the values of ``uses``)
---------------------------------
``census``
    compared with the Census 2021 population benchmark (the benchmark file holds it).
``representation_index``
    representation index of all staff, each grade band and the top levels.
``composition``
    composition of each grade band, and by grade band over the years.
``composition_detail``
    composition by grade, directorate and of the top earners (few characteristics: small cells).
``level_comparison``
    compared between levels (progression ratio, WRES style) and with the boards.
``boards``
    composition of the advisory boards.
``trend``
    representation followed over the snapshot years.
``declaration``
    declaration rates in the representation section.
``data_quality``
    declaration rates of the data-quality table (notebook 01).
``diversity``
    the diversity index (methodology §3.4: one characteristic).
``pay_quarters``
    composition of the pay quarters.
``pay_within``
    pay gaps within each grade and directorate.
``outcomes``
    recruitment funnel and employment lifecycle.
``targets``
    may be named by a representation target.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eqlib import codes

ANALYSES: frozenset[str] = frozenset({
    "census", "representation_index", "composition", "composition_detail", "level_comparison",
    "boards", "trend", "declaration", "data_quality", "diversity", "pay_quarters", "pay_within",
    "outcomes", "targets",
})


@dataclass(frozen=True)
class Characteristic:
    """One characteristic of analysis.

    Attributes
    ----------
    name
        Its column in the processed data (``ethnicity_broad``).
    groups
        Declared groups, in display order.
    label
        Heading in tables and the data quality table ("Ethnicity (broad groups)").
    short
        Before a group in a table's first column ("Ethnicity: Asian").
    title
        In a sentence ("the pay gaps by ethnicity (broad groups)").
    declarable
        Whether it can be not declared (every characteristic but ``sex``).
    reference
        Default reference group of comparisons (params ``reference_groups`` overrides it).
    uses
        The analyses that cover it (:data:`ANALYSES`).
    possessives
        Group -> possessive phrase in a sentence ("disabled staff's"); others are "<group> staff's".
    overview
        Its groups in the representation section's overview table (staff against the population),
        in this order; none when it is not in the overview.
    pay_gap_column
        The column its pay gaps are computed on (sexual orientation: grouped, LGB+ vs straight);
        its own column when None.
    """

    name: str
    groups: tuple[str, ...]
    label: str
    short: str
    title: str
    declarable: bool = True
    reference: str | None = None
    uses: frozenset[str] = frozenset()
    possessives: dict[str, str] = field(default_factory=dict)
    overview: tuple[str, ...] = ()
    pay_gap_column: str | None = None

    def __post_init__(self) -> None:
        unknown = set(self.uses) - ANALYSES
        if unknown:
            raise ValueError(f"characteristic {self.name}: unknown analyses {sorted(unknown)}; "
                             f"known: {', '.join(sorted(ANALYSES))}")

    def categories(self) -> list[str]:
        """Declared groups followed by the not-declared values (display order)."""
        return list(self.groups) + (list(codes.NOT_DECLARED) if self.declarable else [])

    def possessive(self, group: str) -> str:
        """Possessive phrase naming one of its groups in a sentence ("women's", "Black staff's")."""
        if group in self.possessives:
            return self.possessives[group]
        if self.name == "age_band":
            return f"the {group} age group's"
        if self.name == "ses_class":
            return f"staff from {group.lower()} socio-economic backgrounds'"
        return f"{group} staff's"


def _uses(*names: str) -> frozenset[str]:
    return frozenset(names)


_ETHNICITY_SHORT = "Ethnicity"
#: Every characteristic, in the one display order every analysis follows.
REGISTRY: dict[str, Characteristic] = {c.name: c for c in (
    Characteristic(
        "sex", codes.SEX, "Sex", "Sex", "sex", declarable=False, reference="Male",
        uses=_uses("census", "representation_index", "composition", "composition_detail",
                   "level_comparison", "boards", "trend", "pay_quarters", "pay_within",
                   "outcomes", "targets"),
        possessives={"Female": "women's", "Male": "men's"}, overview=("Female",)),
    Characteristic(
        "age_band", codes.AGE_BANDS, "Age band", "Age", "age band",
        uses=_uses("census", "representation_index", "composition", "boards", "declaration",
                   "outcomes", "targets"),
        overview=codes.AGE_BANDS[:-1]),  # 65+: no population figure
    Characteristic(
        "ethnicity_detailed", tuple(codes.ETHNICITY_DETAILED), "Ethnicity (19 groups)",
        _ETHNICITY_SHORT, "ethnicity (19 groups)", reference=codes.WHITE_BRITISH_DETAILED,
        uses=_uses("census", "representation_index", "declaration", "data_quality")),
    Characteristic(
        "ethnicity_broad", codes.ETHNICITY_BROAD, "Ethnicity (broad groups)", _ETHNICITY_SHORT,
        "ethnicity (broad groups)", reference="White British",
        uses=_uses("census", "representation_index", "composition", "composition_detail",
                   "boards", "diversity", "pay_quarters", "outcomes", "targets"),
        possessives={"Mixed": "Mixed ethnicity staff's", "Other": "staff of other ethnic groups'"},
        overview=codes.ETHNICITY_BROAD),
    Characteristic(
        "ethnicity_binary", codes.ETHNICITY_BINARY,
        "Ethnicity (White British and ethnic minorities)", _ETHNICITY_SHORT,
        "ethnicity (White British and ethnic minority staff)", reference="White British",
        uses=_uses("census", "representation_index", "composition", "composition_detail",
                   "level_comparison", "boards", "trend", "pay_within", "outcomes", "targets"),
        possessives={codes.ETHNIC_MINORITY: "ethnic minority staff's"},
        overview=(codes.ETHNIC_MINORITY,)),
    Characteristic(
        "disability", codes.DISABILITY, "Disability", "Disability", "disability",
        reference="Not disabled",
        uses=_uses("census", "representation_index", "composition", "composition_detail",
                   "level_comparison", "boards", "trend", "declaration", "data_quality",
                   "pay_quarters", "pay_within", "outcomes", "targets"),
        possessives={"Disabled": "disabled staff's", "Not disabled": "non-disabled staff's"},
        overview=("Disabled",)),
    Characteristic(
        "religion", codes.RELIGION, "Religion or belief", "Religion", "religion or belief",
        reference="No religion",
        uses=_uses("census", "representation_index", "composition", "declaration",
                   "data_quality"),
        overview=codes.RELIGION),
    Characteristic(
        "sexual_orientation", codes.SEXUAL_ORIENTATION, "Sexual orientation",
        "Sexual orientation", "sexual orientation", reference="Straight or heterosexual",
        uses=_uses("census", "representation_index", "declaration", "data_quality"),
        pay_gap_column="sexual_orientation_grouped",
        possessives={codes.LGB_PLUS: "lesbian, gay, bisexual and other (LGB+) staff's",
                     "Straight or heterosexual": "straight or heterosexual staff's"}),
    Characteristic(
        "sexual_orientation_grouped", codes.SEXUAL_ORIENTATION_GROUPED,
        "Sexual orientation (grouped)", "Sexual orientation", "sexual orientation",
        reference="Straight or heterosexual",
        uses=_uses("census", "representation_index", "composition", "level_comparison",
                   "boards", "trend", "outcomes", "targets"),
        overview=(codes.LGB_PLUS,)),
    Characteristic(
        "ses_class", codes.SES_CLASSES, "Socio-economic background", "Socio-economic background",
        "socio-economic background",
        uses=_uses("census", "representation_index", "composition", "level_comparison", "trend",
                   "declaration", "data_quality", "targets"),
        overview=codes.SES_CLASSES),
    Characteristic(
        "marital_status", codes.MARITAL_STATUS, "Marriage and civil partnership",
        "Marriage and civil partnership", "marriage and civil partnership",
        uses=_uses("data_quality")),
    Characteristic(
        "caring_responsibilities", codes.YES_NO, "Caring responsibilities",
        "Caring responsibilities", "caring responsibilities", uses=_uses("data_quality")),
    Characteristic(
        "gender_identity_same_as_sex", codes.YES_NO,
        "Gender identity same as sex registered at birth", "Gender identity",
        "gender identity", uses=_uses("data_quality")),
)}


def overview() -> tuple[tuple[str, str], ...]:
    """(characteristic, group) of the representation overview table, in display order."""
    return tuple((c.name, g) for c in REGISTRY.values() for g in c.overview)


def get(name: str) -> Characteristic:
    """The registry entry of a characteristic.

    Raises
    ------
    KeyError
        Naming the characteristics the registry knows.
    """
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"no characteristic {name!r}; known: {', '.join(REGISTRY)}") from None


def groups(name: str) -> tuple[str, ...]:
    """Declared groups of a characteristic in display order (none when it is not registered)."""
    return REGISTRY[name].groups if name in REGISTRY else ()


def categories(name: str) -> list[str]:
    """Declared groups followed by the not-declared values (display order).

    Examples
    --------
    >>> categories("disability")
    ['Disabled', 'Not disabled', 'Prefer not to say', 'Not known']
    """
    return get(name).categories()


def pay_gap_column(name: str) -> str:
    """Column on which the pay gaps of a characteristic are computed.

    Examples
    --------
    >>> pay_gap_column("sexual_orientation"), pay_gap_column("sex")
    ('sexual_orientation_grouped', 'sex')
    """
    c = REGISTRY.get(name)
    return c.pay_gap_column or name if c is not None else name


def used_by(analysis: str) -> tuple[str, ...]:
    """The characteristics an analysis covers, in display order.

    Examples
    --------
    >>> used_by("pay_quarters")
    ('sex', 'ethnicity_broad', 'disability')
    """
    if analysis not in ANALYSES:
        raise KeyError(f"no analysis {analysis!r}; known: {', '.join(sorted(ANALYSES))}")
    return tuple(name for name, c in REGISTRY.items() if analysis in c.uses)


def only(analysis: str) -> str:
    """The one characteristic of an analysis that covers exactly one (the diversity index).

    Examples
    --------
    >>> only("diversity")
    'ethnicity_broad'
    """
    names = used_by(analysis)
    if len(names) != 1:
        raise ValueError(f"analysis {analysis!r} covers {len(names)} characteristics in the "
                         f"registry ({', '.join(names) or 'none'}); it needs exactly one")
    return names[0]


def label(name: str) -> str:
    """Heading of a characteristic in tables (the name itself when it is not registered)."""
    return REGISTRY[name].label if name in REGISTRY else name


def short(name: str) -> str:
    """Short name of a characteristic, before a group in a table ("Ethnicity: Asian")."""
    return REGISTRY[name].short if name in REGISTRY else name


def title(name: str) -> str:
    """A characteristic named in a sentence ("ethnicity (broad groups)")."""
    return REGISTRY[name].title if name in REGISTRY else name


def possessive(name: str, group: str) -> str:
    """Possessive phrase naming a group in a sentence ("women's", "Black staff's").

    Examples
    --------
    >>> possessive("disability", "Disabled"), possessive("ethnicity_broad", "Asian")
    ("disabled staff's", "Asian staff's")
    """
    if name in REGISTRY:
        return REGISTRY[name].possessive(group)
    return f"{group} staff's"


def plain(name: str, group: str) -> str:
    """The group named without the possessive ("women", "White British staff")."""
    words = possessive(name, group)
    return words[:-2] if words.endswith("'s") else words.rstrip("'")


__all__ = ["ANALYSES", "REGISTRY", "Characteristic", "categories", "get", "groups", "label",
           "only", "overview", "pay_gap_column", "plain", "possessive", "short", "title", "used_by"]
