"""The pages of the publication that belong to no single topic.

"At a glance" opens the report on its first page: the six statutory gender pay gap figures with
the change since last year, the pay quarter chart, and one plain sentence each on the ethnicity
and disability pay gaps, representation overall and at senior grades, recruitment and positive
action, with the key to ``[c]`` and ``[x]`` on the same page. The glossary, the accessibility
statement with how to ask for another format, and "How to check this report" close the main
report, before Appendix A (the detailed tables, :func:`eqlib.publication.appendix_blocks`) and
the methodology.

Every number comes from the published tables through the topic modules' ``glance`` functions;
nothing here computes a statistic.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from eqlib.publication import Block
from eqlib.topics import outcomes, paygap, representation

__all__ = [
    "CONTENTS_MARKER",
    "GLOSSARY",
    "accessibility_statement",
    "at_a_glance",
    "glossary",
    "how_to_check",
]

#: Where :func:`eqlib.render.notebook_to_html` puts the contents list when the report opens with
#: "At a glance" (after that page instead of before it).
CONTENTS_MARKER = "<!-- eqstats:contents -->"

#: Terms the report uses, glossed in plain words (alphabetical). The methodology says how each is
#: calculated; this says what it means to a reader.
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Bonus pay gap", "The same comparison as the pay gap, for bonus payments received in the "
     "12 months before the snapshot date."),
    ("Confidence interval", "The range within which the true figure probably lies, given that "
     "a workforce of this size gives figures that vary by chance from year to year. A 95% "
     "interval that includes zero (for a gap) or one (for an index or ratio) means we cannot "
     "tell the difference apart from none."),
    ("Declared", "Staff who answered the question about a characteristic. Shares are of staff "
     "who answered, unless a table says otherwise."),
    ("Ethnic minority", "Every ethnic group other than White British (White: English, Welsh, "
     "Scottish, Northern Irish or British), as the Census and the government's ethnicity pay "
     "gap guidance group them."),
    ("Full-pay relevant employee", "Someone employed on the snapshot date who was not on "
     "reduced pay because of leave; the statutory pay gap figures cover these staff."),
    ("Mean", "The average: the total divided by the number of people."),
    ("Median", "The middle value when everyone is ranked from lowest to highest; it is not "
     "pulled up or down by a few very high or low values."),
    ("Pay gap", "How much lower a group's average hourly pay is than a reference group's, as a "
     "percentage of the reference group's. It is not the same as unequal pay for equal work, "
     "which is unlawful: a gap usually reflects who works in which jobs and grades."),
    ("Pay quarters", "Everyone ranked by hourly pay and split into four equal-sized groups, "
     "from lower to upper."),
    ("Relative likelihood", "How many times as likely one group is as another to reach an "
     "outcome, such as being shortlisted. 1.00 means equally likely; between 0.80 and 1.25 is "
     "usually counted as broadly proportionate."),
    ("Representation index", "A group's share of staff divided by its share of the population "
     "it is compared with. 1.00 means the same share; below 1.00, fewer staff than the "
     "population share would suggest."),
    ("Snapshot date", "The date the workforce figures describe: 31 March each year."),
    ("Statistically significant", "A difference too large to be explained by chance alone, "
     "judged by a statistical test; the report says \"we cannot tell this apart from no "
     "difference\" when it is not."),
    ("[c]", "Withheld to protect confidentiality: the figure concerns too few people, or it "
     "would allow another withheld figure to be worked out."),
    ("[x]", "Not applicable: the figure has no meaning or cannot be calculated for the group."),
)


def _key() -> str:
    return ("<p class=\"glance-key\"><strong>Key:</strong> [c] withheld to protect "
            "confidentiality (too few people, or it would reveal another withheld figure); "
            "[x] not applicable.</p>")


def _facts(title: str, sentences: Sequence[str]) -> str:
    if not sentences:
        return ""
    items = "".join(f"<li>{html.escape(s, quote=False)}</li>" for s in sentences)
    return f"<h3>{html.escape(title)}</h3><ul>{items}</ul>"


def at_a_glance(tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> Block:
    """The report's first page: what matters, each in one plain sentence, and the key.

    Parameters
    ----------
    tables
        The published tables (after disclosure control).
    params
        The year's parameters.

    Returns
    -------
    Block
        A ``<section class="at-a-glance">`` followed by :data:`CONTENTS_MARKER`, so that the
        contents list follows this page.
    """
    synthetic = "synthetic" in str(params["organisation"]).lower()
    lede = (f"How {params['organisation']} pays, employs and recruits women and men, people of "
            "every ethnic group, disabled people and others. The sections that follow explain "
            "each figure.")
    if synthetic:
        lede += " The figures are computed from synthetic (made-up) data."
    parts = [
        '<section class="at-a-glance">',
        "<h2>At a glance</h2>",
        f'<p class="lede">{html.escape(lede, quote=False)}</p>',
        '<div class="glance-figures">',
        paygap.statutory_figures_table(tables, params).html,
        paygap.quarter_chart(tables, params, width=3.4).html(),
        "</div>",
        _facts("Pay by ethnicity and disability", paygap.glance(tables, params)),
        _facts("Who works here", representation.glance(tables, params)),
        _facts("Recruitment and positive action", outcomes.glance(tables, params)),
        _key(),
        "</section>",
        CONTENTS_MARKER,
    ]
    return Block("".join(parts))


def glossary() -> Block:
    """The glossary: each term the report uses, in plain words, as a description list."""
    items = "".join(f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning, quote=False)}</dd>"
                    for term, meaning in GLOSSARY)
    return Block(f'<dl class="glossary">{items}</dl>')


def accessibility_statement(params: Mapping[str, Any]) -> Block:
    """Accessibility statement, contact details and how to ask for another format."""
    contact = html.escape(str(params["contact"]).strip())
    link = (f'<a href="mailto:{contact}">{contact}</a>' if "@" in contact and " " not in contact
            else f'<a href="{contact}">{contact}</a>' if contact.startswith("https://")
            else contact)
    return Block(
        "<p>This report is published as a web page (HTML) and as a PDF that follows the PDF/UA "
        "standard for accessible documents: it has headings, a contents list, tables with "
        "header cells, and a text description of every chart. The charts use colours that "
        "people with colour-blindness can tell apart, and patterns as well as colour. Every "
        "figure in a chart is also in a table in Appendix A and in the spreadsheet published "
        "with the report.</p>"
        f"<p>For another format (large print, easy read, plain text, another language), or "
        f"with a question about this report, contact {link}. We aim to reply within 10 "
        "working days.</p>"
        "<p>If something in this report is hard to read or use, please tell us at the same "
        "address.</p>")


def how_to_check() -> Block:
    """"How to check this report", for a reader: what was checked and where things are."""
    return Block(
        "<p>Every figure in this report is calculated by published code from the authority's "
        "records and a parameters file that fixes every choice (the snapshot date, the groups "
        "compared, the confidence level, the disclosure rules). The report, a spreadsheet of "
        "every table, the same tables as CSV files with a guide to their columns, the gender "
        "pay gap figures submitted to the government, the ethnicity and disability pay gap "
        "figures and a manifest listing every input and software version are published "
        "together.</p>"
        "<p>Before publication the figures were checked in three ways: the calculations are "
        "tested against worked examples published by the government and statistical "
        "agencies; an independent check confirms that no withheld figure can be worked out "
        "from what is published; and an auditor with the same records can rerun the whole "
        "report and confirm that every published file is reproduced exactly. The project's "
        "README explains how.</p>")
