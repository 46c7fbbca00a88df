"""eqlib.ses: the socio-economic questions tabulated, and the Census caveat."""

import pandas as pd
import pytest

from eqlib import ses


def test_ses_tables_tabulates_class_answers_and_supplementary_questions() -> None:
    wf = pd.DataFrame({
        "ses_parental_occupation": ["professional", "manager", "technical_craft", "other",
                                    "prefer_not_to_say", None],
        "ses_class": ["Professional", "Professional", "Lower", "Not known", "Prefer not to say",
                      "Not known"],
        "ses_free_school_meals": ["Yes", "No", "No", "No", "Prefer not to say", None],
    })
    t = ses.ses_tables(wf)
    assert t["question"].drop_duplicates().tolist() == [
        "ses_parental_occupation", "ses_class", "ses_free_school_meals"]
    cls = t[t["question"] == "ses_class"].set_index("answer")
    assert cls.loc["Professional", "declared_share_pct"] == pytest.approx(200 / 3)
    assert cls.loc["Intermediate", "n"] == 0
    occ = t[t["question"] == "ses_parental_occupation"].set_index("answer")
    assert occ.loc["Long-term unemployed", "n"] == 0
    assert occ.loc["Prefer not to say", "n"] == 1 and occ.loc["Not known", "n"] == 1
    fsm = t[t["question"] == "ses_free_school_meals"].set_index("answer")
    assert fsm.loc["No", "n"] == 3


def test_ses_caveat_says_own_class_and_proxy() -> None:
    text = ses.ses_caveat()
    assert "own occupation" in text and "proxy" in text and "14" in text
