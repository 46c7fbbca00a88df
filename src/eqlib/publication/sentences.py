"""Sentences and sections of the publication: gap sentences, paragraphs, the title page and the
split of each section between the main report and Appendix A.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from eqlib.publication.formatting import (
    Block,
    _check_number,
    _is_missing,
    _round_half_away,
    fmt_date,
    fmt_pct,
)
from eqlib.tables import CONFIDENTIAL, NOT_AVAILABLE


# --------------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------------
def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def gap_sentence(
    figures: Mapping[str, Any],
    *,
    group: str,
    reference: str,
    measure: str,
    level: float | None = None,
    dp: int = 1,
) -> str:
    """One plain-English sentence about a pay gap, worded from its direction and significance.

    ``"Women's median hourly pay is 8.2% lower than men's."``; with an interval that includes zero
    it adds ``"…; the difference is not statistically distinguishable from zero (95% confidence
    interval -1.0% to 5.0%)."``.

    Parameters
    ----------
    figures : mapping (a tidy table row)
        ``value`` (the gap in percent, positive = the group is paid less than the reference
        group), optional ``ci_low``/``ci_high`` and ``suppressed``. Pass a row of the published
        table (:func:`row`), so the sentence's numbers are the table's.
    group, reference : str
        Possessive phrases, e.g. ``"women's"`` and ``"men's"``, ``"disabled staff's"``.
    measure : str
        What is compared, e.g. ``"median hourly pay"``.
    level : float, optional
        Confidence level of the interval (params ``confidence_level``); required when the row
        has an interval.
    dp : int
        Decimal places of the printed numbers.

    Returns
    -------
    str
        A sentence with a capital letter and full stop. A suppressed gap says it is withheld
        ``[c]`` and prints no number; a NaN gap says it cannot be calculated ``[x]``.

    Raises
    ------
    ValueError
        When the row has an interval and ``level`` is not given.

    Notes
    -----
    The direction words follow the *rounded* figure, so the sentence never says "lower" next to
    "0.0%": a gap that rounds to zero reads "the same as". "Not statistically distinguishable
    from zero" means the interval contains 0 (bounds included).

    Examples
    --------
    >>> gap_sentence({"value": 8.2}, group="women's", reference="men's",
    ...              measure="median hourly pay")
    "Women's median hourly pay is 8.2% lower than men's."
    >>> s = gap_sentence({"value": -2.0, "ci_low": -6.0, "ci_high": 1.5}, group="disabled staff's",
    ...                  reference="non-disabled staff's", measure="mean hourly pay", level=0.95)
    >>> s.split("; ")[0]
    "Disabled staff's mean hourly pay is 2.0% higher than non-disabled staff's"
    >>> s.split("; ")[1][:61]
    'the difference is not statistically distinguishable from zero'
    >>> s.split(" (")[1]
    '95% confidence interval -6.0% to 1.5%).'
    """
    if bool(figures.get("suppressed", False)):
        return _capitalise(
            f"the comparison of {group} {measure} with {reference} is withheld "
            f"{CONFIDENTIAL} to protect confidentiality."
        )
    value = figures.get("value")
    if _is_missing(value):
        return _capitalise(
            f"{group} {measure} cannot be compared with {reference} {NOT_AVAILABLE}."
        )
    x = _check_number(value)
    rounded = _round_half_away(x, dp)
    if rounded.is_zero():
        core = f"{group} {measure} is the same as {reference} (a gap of {fmt_pct(0.0, dp)})"
    else:
        word = "lower" if rounded > 0 else "higher"
        core = f"{group} {measure} is {fmt_pct(abs(x), dp)} {word} than {reference}"
    lo, hi = figures.get("ci_low"), figures.get("ci_high")
    if _is_missing(lo) or _is_missing(hi):
        return _capitalise(core) + "."
    if level is None:
        raise ValueError("the row has a confidence interval: pass level (params confidence_level).")
    interval = (
        f"{fmt_pct(float(level), 0, unit='fraction')} confidence interval "
        f"{fmt_pct(lo, dp)} to {fmt_pct(hi, dp)}"
    )
    if float(lo) <= 0.0 <= float(hi):
        return _capitalise(core) + (
            "; the difference is not statistically distinguishable from zero "
            f"({interval})."
        )
    return _capitalise(core) + f" ({interval})."


def paragraph(*sentences: str) -> Block:
    """A ``<p>`` of sentences (escaped), for a notebook cell to display.

    Examples
    --------
    >>> paragraph("Pay is 5.0% lower.", "Fewer than 10 <people>.").html
    '<p>Pay is 5.0% lower. Fewer than 10 &lt;people&gt;.</p>'
    """
    return Block("<p>" + " ".join(html.escape(s, quote=False) for s in sentences) + "</p>")


def title_page(params: Mapping[str, Any], *, lang: str = "en-GB") -> Block:
    """The report's title block: organisation, "Workforce equality report <year>", dates.

    All values come from the parameters (``organisation``, ``year``, ``snapshot_date``,
    ``publication_date``), never from today's date. The block carries its values as JSON under
    :data:`REPORT_MIMETYPE`; :func:`eqlib.render.notebook_to_html` reads them for the page's
    ``<title>``, language, header and running footer, so display it once, in the first cell.

    Parameters
    ----------
    params : mapping
        The validated parameters (:class:`eqlib.config.Params`).
    lang : str
        BCP 47 language of the report.

    Returns
    -------
    Block

    Examples
    --------
    >>> b = title_page({"organisation": "Org", "year": 2026, "snapshot_date": "2026-03-31",
    ...                 "publication_date": "2027-03-01"})
    >>> b.metadata["title"], b.metadata["published"]
    ('Workforce equality report 2026', '1 March 2027')
    """
    meta = {
        "organisation": str(params["organisation"]),
        "year": int(params["year"]),
        "title": f"Workforce equality report {int(params['year'])}",
        "snapshot": fmt_date(params["snapshot_date"]),
        "published": fmt_date(params["publication_date"]),
        "lang": lang,
    }
    e = {k: html.escape(str(v)) for k, v in meta.items()}
    body = (
        f'<div class="title-block"><p>{e["organisation"]}</p><h1>{e["title"]}</h1>'
        f"<p>Snapshot date: {e['snapshot']}. Published: {e['published']}.</p></div>"
    )
    return Block(body, metadata=meta)


def markdown_document(path: str | Path, *, heading_shift: int = 1,
                      title: str | None = None) -> Block:
    """A Markdown file as a report block, its headings moved down ``heading_shift`` levels.

    The methodology appendix is ``docs/methodology.md`` itself, so the published definitions and
    the project's documentation are one text. Its ``#`` title becomes a ``##`` section (the report
    has one level-1 heading, the title block's).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "m.md"
    ...     _ = p.write_text("# Title\\n\\nText.\\n")
    ...     print(markdown_document(p).html.strip())
    <h2>Title</h2>
    <p>Text.</p>
    """
    import mistune  # noqa: PLC0415 - nbconvert's Markdown parser (no extra dependency)

    text = Path(path).read_text(encoding="utf-8")
    if title is not None:  # the document's own title replaced, e.g. by "Appendix B: ..."
        text = re.sub(r"\A#[^\n]*", lambda _: f"# {title}", text, count=1)
    shifted = re.sub(r"(?m)^(#{1,5}) ", lambda m: "#" * (len(m.group(1)) + heading_shift) + " ",
                     text)
    return Block(mistune.create_markdown(plugins=["table"])(shifted))


def heading(text: str, *, level: int = 2, new_page: bool = True) -> Block:
    """A section (``level=2``) or subsection (``level=3``) heading; it enters the contents list.

    In print every section starts a new page; ``new_page=False`` lets a short section follow
    the one before it on the same page.

    Examples
    --------
    >>> heading("Gender pay gap").html
    '<h2>Gender pay gap</h2>'
    >>> heading("Contact", new_page=False).html
    '<h2 class="run-on">Contact</h2>'
    """
    if level not in (2, 3):
        raise ValueError(f"level must be 2 (section) or 3 (subsection), got {level!r}")
    css = "" if new_page else ' class="run-on"'
    return Block(f"<h{level}{css}>{html.escape(text)}</h{level}>")


def bullet_list(items: Sequence[str]) -> Block:
    """A ``<ul>`` of sentences (escaped), e.g. the summary's headline findings.

    Examples
    --------
    >>> bullet_list(["One.", "Two <three>."]).html
    '<ul><li>One.</li><li>Two &lt;three&gt;.</li></ul>'
    """
    return Block("<ul>" + "".join(f"<li>{html.escape(s, quote=False)}</li>" for s in items)
                 + "</ul>")


# --------------------------------------------------------------------------------------------------
# Main report and Appendix A
# --------------------------------------------------------------------------------------------------
#: Title of the appendix that holds every section's detailed tables.
APPENDIX_TITLE = "Appendix A: detailed tables"


def in_main_report(block: Any) -> Any:
    """Keep ``block`` (usually a table) in the main report instead of Appendix A; returns it."""
    block.placement = "main"
    return block


def in_appendix(block: Any) -> Any:
    """Move ``block`` (a paragraph of detail, such as a sensitivity analysis) to Appendix A,
    beside the section's tables; returns it."""
    block.placement = "appendix"
    return block


def _chart_or_sentence(block: Any) -> Any:
    """A chart whose every figure is withheld draws nothing: it becomes a sentence saying so."""
    data = getattr(block, "data", None)
    if isinstance(data, pd.DataFrame) and "suppressed" in data and len(data) \
            and data["suppressed"].astype(bool).all():
        return paragraph(f"{block.caption}: every figure is withheld to protect confidentiality "
                         f"{CONFIDENTIAL}.")
    return block


def report_section(title: str, blocks: Sequence[Any], appendix: list[tuple[str, list[Any]]],
                   *, level: int = 2, new_page: bool = True) -> list[Any]:
    """The main-report blocks of one section; its detailed tables are added to ``appendix``.

    The main report says what matters in sentences and charts and stays short (issue 19: about
    20 pages); every table of the section still appears, in the same order, under the
    section's title in Appendix A (:func:`appendix_blocks`), and the section says so.

    Parameters
    ----------
    title : str
        The section's heading.
    blocks : sequence of Block or Chart
        What the topic module built, in order; each has a ``placement``.
    appendix : list
        Collects ``(title, detail blocks)`` for :func:`appendix_blocks`; changed in place.
    level : int
        Heading level of the section (2) or subsection (3).
    new_page : bool
        False lets the section follow the one before on the same page (:func:`heading`).

    Returns
    -------
    list
        The heading and the main-report blocks, to display.

    Examples
    --------
    >>> collected = []
    >>> shown = report_section("Pay", [paragraph("Gap."), Block("<table></table>",
    ...                        placement="appendix")], collected)
    >>> [b.html for b in shown]
    ['<h2>Pay</h2>', '<p>Gap.</p>', '<p>The detailed tables of this section are in Appendix A, under “Pay”.</p>']
    >>> [(t, len(b)) for t, b in collected]
    [('Pay', 1)]
    """
    main = [_chart_or_sentence(b) for b in blocks if getattr(b, "placement", "main") == "main"]
    detail = [b for b in blocks if getattr(b, "placement", "main") == "appendix"]
    shown: list[Any] = [heading(title, level=level, new_page=new_page), *main]
    if detail:
        appendix.append((title, detail))
        shown.append(paragraph(f"The detailed tables of this section are in Appendix A, under "
                               f"“{title}”."))
    return shown


def appendix_blocks(appendix: Sequence[tuple[str, Sequence[Any]]]) -> list[Any]:
    """Appendix A: every section's detailed tables under the section's title, in report order."""
    if not appendix:
        return []
    out: list[Any] = [heading(APPENDIX_TITLE), paragraph(
        "These tables give every figure behind the sections of this report, with confidence "
        "intervals where the figure is an estimate. They are also published as a spreadsheet "
        "and as CSV files with the report.")]
    for title, blocks in appendix:
        out += [heading(title, level=3), *blocks]
    return out


__all__ = [
    "APPENDIX_TITLE",
    "bullet_list",
    "heading",
    "markdown_document",
    "gap_sentence",
    "paragraph",
    "in_main_report",
    "in_appendix",
    "report_section",
    "appendix_blocks",
    "title_page",
]
