"""Socio-economic background (methodology §6): the questions tabulated, and the caveat every
comparison with the Census carries.
"""

from __future__ import annotations

import pandas as pd

from eqlib import codes
from eqlib.representation import composition

#: Supplementary socio-economic questions (methodology §6), carried and tabulated, not mapped.
SES_SUPPLEMENTARY: tuple[str, ...] = (
    "ses_school_type", "ses_free_school_meals", "ses_parental_degree",
)
#: Caveat printed beside every comparison of ``ses_class`` with the Census (methodology §6).
NSSEC_OWN_CLASS_CAVEAT = (
    "The Census 2021 benchmark classifies each resident aged 16 and over by their own "
    "occupation (NS-SEC), whereas the workforce question asks about the occupation of the main "
    "household earner when the person was about 14. The Census figures are therefore only a "
    "proxy for the class background of the population, not a measure of it."
)

def ses_caveat() -> str:
    """The caveat that Census NS-SEC is the resident's own class, a proxy for parental class.

    Examples
    --------
    >>> "own occupation" in ses_caveat()
    True
    """
    return NSSEC_OWN_CLASS_CAVEAT


def ses_tables(workforce: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Tabulate the socio-economic background questions (methodology §6).

    ``ses_parental_occupation`` (the nine answers, with their wording), ``ses_class`` (the three
    published classes) and the supplementary questions ``ses_school_type``,
    ``ses_free_school_meals`` and ``ses_parental_degree`` (carried as given, not mapped), each by
    :func:`composition`. Columns absent from the table are skipped.

    Parameters
    ----------
    workforce
        Processed workforce table.
    by
        Optional level column.

    Returns
    -------
    pd.DataFrame
        ``question, [by], answer, n, share_pct, declared_share_pct, n_level, n_declared,
        declaration_rate``; for ``ses_parental_occupation`` the answers ``Other …`` and ``Prefer
        not to say`` are shown as answers and count as not declared for ``ses_class``.

    Notes
    -----
    Any comparison of ``ses_class`` with the Census must carry :func:`ses_caveat`: Census NS-SEC
    is the resident's own class, only a proxy for parental class at 14.

    Examples
    --------
    >>> wf = pd.DataFrame({"ses_parental_occupation": ["manager", "other", None],
    ...                    "ses_class": ["Professional", "Not known", "Not known"]})
    >>> t = ses_tables(wf)
    >>> t[(t.question == "ses_class") & (t.n > 0)][["answer", "n"]].values.tolist()
    [['Professional', 1], ['Not known', 2]]
    """
    tables = []
    if "ses_parental_occupation" in workforce.columns:
        answers = workforce["ses_parental_occupation"].map(codes.SES_ANSWERS)
        labelled = workforce.assign(ses_parental_occupation=answers)
        tables.append(("ses_parental_occupation", composition(
            labelled, "ses_parental_occupation", by=by,
            groups=[a for k, a in codes.SES_ANSWERS.items() if k != "prefer_not_to_say"])))
    for question in ("ses_class", *SES_SUPPLEMENTARY):
        if question in workforce.columns:
            tables.append((question, composition(workforce, question, by=by)))
    if not tables:
        return pd.DataFrame(columns=["question", "answer", "n", "share_pct"])
    out = pd.concat([t.assign(question=q) for q, t in tables], ignore_index=True)
    out = out.rename(columns={"group": "answer"})
    return out[["question", *[c for c in out.columns if c != "question"]]]


__all__ = [
    "NSSEC_OWN_CLASS_CAVEAT",
    "SES_SUPPLEMENTARY",
    "ses_caveat",
    "ses_tables",
]
