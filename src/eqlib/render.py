"""Rendering of the publication: executed notebook -> accessible HTML -> tagged PDF/UA-1.

Terms
-----
executed notebook
    ``05_publication.ipynb`` after papermill has run it, with its outputs.
publication template
    ``notebooks/templates/eqstats`` (nbconvert): one self-contained HTML page with ``lang``,
    ``<title>``, a skip link, a header (title page), a contents list (``<nav>``) and ``<main>``;
    the CSS (``report.css``) with the fonts inlined as data URIs; A4 print rules for WeasyPrint.

How notebook cells deliver content
----------------------------------
Only two things reach the report: **Markdown cells** (headings, prose that holds no computed
number) and the **HTML of display outputs** (``text/html``, or ``text/markdown``). Code, prompts,
stream output (stdout, stderr), error outputs and plain-text reprs never do. A cell delivers

* the title page: ``title_page(params)`` (from :mod:`eqlib.publication`) as the first output;
  its JSON gives the page's ``<title>`` ("Workforce equality report <year>"), ``lang``, header and
  running footer;
* a table: end the cell with ``table_html(df, caption=..., ...)`` or
  ``tidy_table_html(tidy, caption=..., ...)`` (GSS style, ``[c]``/``[x]`` footnotes);
* a chart: end the cell with the :class:`eqlib.plots.Chart` returned by a helper of
  :mod:`eqlib.plots` (e.g. ``gap_chart(...)``); its HTML is a ``<figure>`` with a
  ``<figcaption>``, an SVG data-URI ``<img>`` and the chart's ``alt`` text. Plain
  ``display(fig)`` is refused: it has no alt text;
* a sentence: ``paragraph(gap_sentence(row(table, ...), ...))``.

Cells tagged ``remove-cell`` (:data:`REMOVE_TAG`: the notebook's own title and purpose cell,
notes for analysts) are left out. The report's only level-1 heading is the title block's:
sections are ``##`` and subsections ``###`` (they make the contents list; each ``##`` starts a
new page in the PDF). Several blocks in one cell: ``display(a); display(b)``. ``print`` output is
allowed (the regression notebooks print the data behind each chart for nbval) but is left out of
the report.

Checks (each failure raises :class:`eqlib.PublicationError` listing every problem):
the executed notebook must have no error output, no stderr stream, no output with only a plain
text repr, no image without alt text, no bare DataFrame HTML, and no forbidden text
(:data:`FORBIDDEN_TEXT`: tracebacks, ``...Warning:`` lines, object reprs, "In [", NaN); the HTML
must have ``lang``, a ``<title>`` and alt text on every image; WeasyPrint's errors and warnings
(it only logs them, e.g. a missing alt text or language, and still writes the PDF) fail the
build, except the few known to leave the document unchanged (:data:`BENIGN_WEASYPRINT_WARNINGS`:
font subsetting by fontTools when ``libharfbuzz-subset0`` is missing), which go to the run log;
:func:`check_pdf` then checks the PDF itself with pypdf (tagged, /Lang, /Title, /Alt on
every Figure). The build does not extract the PDF's text again to look for forbidden text: it is
WeasyPrint's layout of the HTML whose text was just checked, and pypdf takes about 7 s to extract
60 pages of charts drawn as paths; the tests run :func:`check_pdf` with the text check on every
published PDF.

Determinism: the HTML contains no dates, random ids or paths; the PDF is written without
creation/modification dates or file identifier (WeasyPrint's PDF/UA-1 variant adds none), fonts
are subset under content-hash names (with a fixed date, :data:`FONT_SUBSET_EPOCH`, when fontTools
subsets them), so the same notebook gives byte-identical HTML and PDF.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import logging
import os
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat

from eqlib.config import PROJECT_ROOT
from eqlib.errors import PublicationError
from eqlib.publication import REPORT_MIMETYPE

__all__ = [
    "FORBIDDEN_TEXT",
    "NOTEBOOK_FORBIDDEN_TEXT",
    "BENIGN_WEASYPRINT_WARNINGS",
    "REMOVE_TAG",
    "TEMPLATE_DIR",
    "benign_weasyprint_warning",
    "check_pdf",
    "pdf_page_texts",
    "html_problems",
    "html_to_pdf",
    "notebook_problems",
    "notebook_to_html",
]

TEMPLATE_DIR: Path = PROJECT_ROOT / "notebooks" / "templates"
#: Cell tag of notebook-only cells (the notebook's own title and purpose cell, notes to analysts):
#: they are left out of the publication.
REMOVE_TAG = "remove-cell"
#: Text that must never appear in any output of the executed notebook: (pattern, meaning).
NOTEBOOK_FORBIDDEN_TEXT: tuple[tuple[str, str], ...] = (
    (r"Traceback", "a Python traceback"),
    (r"(?m)\w*Warning:", "a Python warning line"),
    (r" object at 0x", "a Python object repr"),
    (r"<Axes", "a matplotlib Axes repr"),
    (r"<Figure", "a matplotlib Figure repr"),
    (r"<matplotlib", "a matplotlib object repr"),
)
#: Text that must never appear in the publication (the page and the PDF): the above plus prompts
#: and undefined numbers, which may legitimately appear in printed regression output (stdout).
FORBIDDEN_TEXT: tuple[tuple[str, str], ...] = (
    *NOTEBOOK_FORBIDDEN_TEXT,
    (r"In \[", "a notebook prompt 'In ['"),
    (r"\bNaN\b|\bnan%", "a NaN value"),
)
_MAX_SHOWN = 120
_LOG = logging.getLogger(__name__)


def _short(text: str, limit: int = _MAX_SHOWN) -> str:
    text = re.sub(r"data:[^\"'\s)]{40,}", "data:…", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _TextScan(HTMLParser):
    """Visible text, ``<img>`` alts, ``<title>`` and ``<html lang>`` of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.images: list[tuple[str | None, str]] = []
        self.title: list[str] = []
        self.lang: str | None = None
        self.dataframes = 0
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "html":
            self.lang = a.get("lang")
        elif tag == "img":
            self.images.append((a.get("alt"), a.get("src") or ""))
            if a.get("alt"):
                self.text.append(a["alt"] or "")
        elif tag == "table" and "dataframe" in (a.get("class") or "").split():
            self.dataframes += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        if not self._skip:
            self.text.append(data)


def _scan(html_text: str) -> _TextScan:
    scan = _TextScan()
    scan.feed(html_text)
    scan.close()
    return scan


def _forbidden(
    text: str, patterns: tuple[tuple[str, str], ...] = FORBIDDEN_TEXT
) -> list[str]:
    found = []
    for pattern, meaning in patterns:
        m = re.search(pattern, text)
        if m:
            start = max(0, m.start() - 30)
            found.append(f"{meaning}: …{_short(text[start:m.end() + 50])}")
    return found


# --------------------------------------------------------------------------------------------------
# Notebook checks
# --------------------------------------------------------------------------------------------------
def _cell_name(index: int, cell: Any) -> str:
    first = next((ln for ln in str(cell.get("source", "")).splitlines() if ln.strip()), "")
    return f"cell {index + 1} ({_short(first, 60)!r})"


def _as_text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def notebook_problems(nb: Any) -> list[str]:
    """Every reason an executed notebook cannot be published, one readable line each.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.

    Returns
    -------
    list of str
        Empty when the notebook can be rendered. Each line names the cell (number and first
        source line) and the problem: an error output, a stderr stream (warnings), an output
        with only a plain-text repr, an image without alt text, a DataFrame displayed directly,
        forbidden text, or no title block.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1/0", outputs=[
    ...     nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="", traceback=[])])])
    >>> notebook_problems(nb)[0]
    "cell 1 ('1/0'): the cell raised an error (ZeroDivisionError)."
    """
    problems: list[str] = []
    has_title = bool(nb.get("metadata", {}).get("eqstats", {}).get("title"))
    for i, cell in enumerate(nb.cells):
        removed = REMOVE_TAG in cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "markdown" and not removed:
            source = _as_text(cell.source)
            for p in _forbidden(source):
                problems.append(f"{_cell_name(i, cell)}: {p}")
            if re.search(r"(?m)^# ", source) or "<h1" in source:
                problems.append(f"{_cell_name(i, cell)}: a level-1 heading; the report's title "
                                f"comes from title_page, sections use '##' (or tag the cell "
                                f"'{REMOVE_TAG}' if it is for the notebook only).")
            continue
        if cell.cell_type != "code":
            continue
        name = _cell_name(i, cell)
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                problems.append(f"{name}: the cell raised an error ({out.get('ename', 'error')}).")
                continue
            if kind == "stream":
                text = _as_text(out.get("text", ""))
                if out.get("name") == "stderr":
                    problems.append(f"{name}: it wrote to stderr (a warning or log message): "
                                    f"{_short(text)!r}")
                    continue
                problems += [f"{name}: printed {p}"
                             for p in _forbidden(text, NOTEBOOK_FORBIDDEN_TEXT)]
                continue
            if kind not in ("display_data", "execute_result"):
                continue
            data = out.get("data", {})
            if REPORT_MIMETYPE in data:
                has_title = True
            html_text = _as_text(data.get("text/html", ""))
            md_text = _as_text(data.get("text/markdown", ""))
            if not html_text and not md_text:
                if any(k.startswith("image/") for k in data):
                    problems.append(
                        f"{name}: it displays an image without alt text; display an "
                        "eqlib.plots Chart instead of a figure."
                    )
                else:
                    plain = _as_text(data.get("text/plain", ""))
                    problems += [f"{name}: {p}" for p in _forbidden(plain, NOTEBOOK_FORBIDDEN_TEXT)]
                    problems.append(
                        f"{name}: its output is a plain-text repr "
                        f"({_short(_as_text(data.get('text/plain', '')), 60)!r}); end the line "
                        "with ';' or display an eqlib.publication block."
                    )
                continue
            scan = _scan(html_text) if html_text else None
            visible = " ".join(scan.text) if scan else ""
            if scan and scan.dataframes:
                problems.append(f"{name}: it displays a DataFrame directly; use "
                                "eqlib.publication.table_html (caption, headers, [c]).")
            if scan:
                for alt, src in scan.images:
                    if not (alt or "").strip():
                        problems.append(f"{name}: an image has no alt text ({_short(src, 60)}).")
            problems += [f"{name}: {p}" for p in _forbidden(visible + "\n" + md_text)]
    if not has_title:
        problems.append("the notebook has no title block: display "
                        "eqlib.publication.title_page(params) in its first cell.")
    return problems


def _report_metadata(nb: Any) -> dict[str, Any]:
    meta = dict(nb.get("metadata", {}).get("eqstats", {}))
    if not meta:
        for cell in nb.cells:
            for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
                if REPORT_MIMETYPE in out.get("data", {}):
                    meta = dict(out["data"][REPORT_MIMETYPE])
                    break
            if meta:
                break
    needed = ("title", "organisation", "snapshot", "published", "lang")
    missing = [k for k in needed if not str(meta.get(k, "")).strip()]
    if missing:
        raise PublicationError(f"the report's title block lacks {', '.join(missing)}.")
    return meta


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------
_FONT_URL = re.compile(r'url\("\.\./fonts/([A-Za-z0-9._-]+\.(woff2?|ttf))"\)')


def _inline_css(template_dir: Path, template: str) -> str:
    css = (template_dir / template / "report.css").read_text(encoding="utf-8")

    def data_uri(m: re.Match[str]) -> str:
        font = template_dir / "fonts" / m.group(1)
        if not font.exists():
            raise PublicationError(f"font file missing: {font}")
        mime = {"woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf"}[m.group(2)]
        return f'url("data:{mime};base64,{base64.b64encode(font.read_bytes()).decode("ascii")}")'

    return _FONT_URL.sub(data_uri, css)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


_HEADING = re.compile(r"<h([23])(\s[^>]*)?>(.*?)</h\1>", re.DOTALL)


def _place_contents(body: str, nav: str) -> str:
    """Put the contents ``nav`` at the last contents marker of ``body``, removing the others.

    The template's marker follows the header; a report that opens with "At a glance"
    (:mod:`eqlib.report_pages`) has a second marker after that page, so the contents list
    comes second.

    Examples
    --------
    >>> m = "<!-- eqstats:contents -->"
    >>> _place_contents(f"<header></header>{m}<main><section>G</section>{m}<h2>A</h2>", "<nav/>")
    '<header></header><main><section>G</section><nav/><h2>A</h2>'
    >>> _place_contents(f"<header></header>{m}<main><h2>A</h2>", "<nav/>")
    '<header></header><nav/><main><h2>A</h2>'
    """
    marker = "<!-- eqstats:contents -->"
    head, sep, tail = body.rpartition(marker)
    if not sep:
        return body
    return head.replace(marker, "") + nav + tail


def _contents(body: str) -> tuple[str, str]:
    """Give every h2/h3 of ``<main>`` a stable id; return (new body, the contents ``<nav>``)."""
    start = body.index('<main id="main">')
    head, main = body[:start], body[start:]
    seen: dict[str, int] = {"main": 1, "contents-title": 1}
    entries: list[tuple[int, str, str]] = []

    def relabel(m: re.Match[str]) -> str:
        level, inner = int(m.group(1)), m.group(3)
        attrs = re.sub(r'\s(id)="[^"]*"', "", m.group(2) or "")
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())
        slug = _slug(text)
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug = f"{slug}-{seen[slug]}"
        entries.append((level, slug, text))
        return f'<h{level} id="{slug}"{attrs}>{inner}</h{level}>'

    main = _HEADING.sub(relabel, main)
    if not entries:
        return head + main, ""
    # The contents list fits a page: an appendix is listed by its title only, and the headings
    # of "At a glance" (its own first page) are not listed.
    tree: list[tuple[str, list[str]]] = []
    in_appendix = False
    for level, slug, text in entries:
        link = f'<a href="#{slug}">{html.escape(text)}</a>'
        if level == 2 or not tree:
            in_appendix = text.startswith("Appendix")
            tree.append((link, []))
        elif not in_appendix and not tree[-1][0].endswith(">At a glance</a>"):
            tree[-1][1].append(link)
    items = "".join(
        f"<li>{link}" + (f"<ol>{''.join(f'<li>{c}</li>' for c in kids)}</ol>" if kids else "")
        + "</li>"
        for link, kids in tree
    )
    nav = (
        '<nav class="contents" aria-labelledby="contents-title">'
        f'<h2 id="contents-title">Contents</h2><ol>{items}</ol></nav>'
    )
    return head + main, nav


def html_problems(html_text: str) -> list[str]:
    """Every reason a rendered HTML page cannot be published (language, title, alt, text).

    Examples
    --------
    >>> html_problems('<html><head><title>T</title></head><body><img src="x.svg"></body></html>')
    ['the page has no lang attribute on <html>.', 'an image has no alt text (x.svg).']
    """
    scan = _scan(html_text)
    problems: list[str] = []
    if not (scan.lang or "").strip():
        problems.append("the page has no lang attribute on <html>.")
    if not "".join(scan.title).strip():
        problems.append("the page has no <title>.")
    for alt, src in scan.images:
        if not (alt or "").strip():
            problems.append(f"an image has no alt text ({_short(src, 60)}).")
    problems += _forbidden(" ".join(scan.text))
    return problems


def notebook_to_html(
    executed_ipynb: str | Path,
    html_path: str | Path,
    *,
    template: str = "eqstats",
    template_dir: str | Path | None = None,
) -> Path:
    """Render an executed publication notebook to one self-contained accessible HTML page.

    nbconvert's ``HTMLExporter`` with the project template, ``exclude_input``,
    ``exclude_input_prompt`` and ``exclude_output_prompt`` (the ``--no-input`` route); headings
    get stable ids and a contents list; fonts are inlined.

    Parameters
    ----------
    executed_ipynb : path
        The executed notebook (with outputs).
    html_path : path
        Where to write the HTML (UTF-8); its folder must exist.
    template : str
        Template folder name under ``template_dir``.
    template_dir : path, optional
        Folder of templates; default ``notebooks/templates`` of the project.

    Returns
    -------
    Path
        ``html_path``.

    Raises
    ------
    PublicationError
        Listing every problem of the notebook (:func:`notebook_problems`) or of the page
        (:func:`html_problems`); nothing is written then.
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    src = Path(executed_ipynb)
    out = Path(html_path)
    tdir = Path(template_dir) if template_dir is not None else TEMPLATE_DIR
    nb = nbformat.read(src, as_version=4)
    problems = notebook_problems(nb)
    if problems:
        raise PublicationError(
            f"{src.name} cannot be published:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    meta = _report_metadata(nb)
    meta["css"] = _inline_css(tdir, template)
    exporter = HTMLExporter(
        template_name=template,
        extra_template_basedirs=[str(tdir)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={REMOVE_TAG}, enabled=True), enabled=True
    )
    body, _ = exporter.from_notebook_node(nb, resources={"eqstats": meta})
    body = _place_contents(*_contents(body))
    body = "\n".join(line.rstrip() for line in body.splitlines()) + "\n"
    problems = html_problems(body)
    if problems:
        raise PublicationError(
            f"the HTML rendered from {src.name} cannot be published:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    _write_atomic(out, body.encode("utf-8"))
    return out


def _write_atomic(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


# --------------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------------
class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


#: WeasyPrint warnings that do not change the document: (pattern matched from the start of the
#: message, why it is harmless). Every other WeasyPrint warning or error fails the build. This is
#: an allow-list on purpose: a message WeasyPrint adds in a later version is fatal until someone
#: has read it and decided. All three are about *font subsetting* (keeping only the glyphs the
#: report uses, to make the file smaller), in ``weasyprint/pdf/fonts.py``:
#:
#: * without the system library ``libharfbuzz-subset0`` WeasyPrint subsets with fontTools instead
#:   (the same glyphs, the same text and tags; only the font program's bytes differ);
#: * when a subsetter fails, the whole font is embedded: the same glyphs, a larger file.
BENIGN_WEASYPRINT_WARNINGS: tuple[tuple[str, str], ...] = (
    (r'Using fontTools instead of HarfBuzz-Subset for font "[^"]*"',
     "fonts subset by fontTools because libharfbuzz-subset0 is not installed; same document "
     "(install it to silence this: apt-get install libharfbuzz-subset0)"),
    (r'Unable to subset "[^"]*" with (HarfBuzz|fontTools)$',
     "the whole font is embedded instead of a subset; same document, larger file"),
)


def benign_weasyprint_warning(record: logging.LogRecord) -> str | None:
    """Why a WeasyPrint log record is harmless (:data:`BENIGN_WEASYPRINT_WARNINGS`), else None.

    Only warnings can be harmless; an error never is.

    Examples
    --------
    >>> r = logging.makeLogRecord({"levelno": logging.WARNING, "msg": 'Using fontTools instead '
    ...     'of HarfBuzz-Subset for font "%s". This will be unsupported', "args": ("Atkinson",)})
    >>> benign_weasyprint_warning(r).startswith("fonts subset by fontTools")
    True
    >>> benign_weasyprint_warning(logging.makeLogRecord(
    ...     {"levelno": logging.WARNING, "msg": "Font-face 'X' cannot be loaded"})) is None
    True
    """
    if record.levelno != logging.WARNING:
        return None
    message = record.getMessage()
    for pattern, reason in BENIGN_WEASYPRINT_WARNINGS:
        if re.match(pattern, message):
            return reason
    return None


#: The date fontTools writes into the subset fonts' ``head`` table: it stamps the time of the
#: run unless ``SOURCE_DATE_EPOCH`` is set (reproducible-builds.org), which would give a different
#: PDF every second on a machine without libharfbuzz-subset0 (HarfBuzz-Subset keeps the font's
#: own date). Fixed, so the same page gives the same bytes. 1619735831 is 2021-04-29 22:37:11 UTC,
#: the date in the shipped Atkinson Hyperlegible fonts.
FONT_SUBSET_EPOCH = "1619735831"


@contextlib.contextmanager
def _fixed_font_dates() -> Iterator[None]:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FONT_SUBSET_EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _append_log(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.writelines(line + "\n" for line in lines)


def html_to_pdf(
    html_path: str | Path,
    pdf_path: str | Path,
    *,
    title: str,
    lang: str = "en-GB",
    run_log: str | Path | None = None,
) -> Path:
    """Render the HTML page to a tagged PDF/UA-1 with WeasyPrint, deterministically, and check it.

    Parameters
    ----------
    html_path : path
        The page from :func:`notebook_to_html` (self-contained: only ``data:`` URLs are fetched).
    pdf_path : path
        Where to write the PDF.
    title : str
        The document title the PDF's /Title must equal (the page's ``<title>``).
    lang : str
        The language /Lang must equal (the page's ``<html lang>``).
    run_log : path, optional
        A text file to append WeasyPrint's harmless warnings to
        (:data:`BENIGN_WEASYPRINT_WARNINGS`, e.g. fonts subset by fontTools because
        ``libharfbuzz-subset0`` is missing), one line each. Without it they go to the
        ``eqlib.render`` logger at INFO level.

    Returns
    -------
    Path
        ``pdf_path``.

    Raises
    ------
    PublicationError
        When the page's title or language differ from ``title``/``lang``, when WeasyPrint logs any
        error or any warning not known to be harmless (missing alt text or language, an image or
        font it cannot load, a glyph missing from the font, CSS it does not understand), or when
        :func:`check_pdf` finds a problem. Nothing is written then.

    Notes
    -----
    ``pdf_variant="pdf/ua-1"`` makes WeasyPrint tag the structure (PDF 1.7), write /Lang, /Title
    (with ``DisplayDocTitle``) and /Alt of images. No creation or modification date is written
    (the HTML has no ``dcterms`` meta) and no file identifier, so the bytes depend only on the
    page, WeasyPrint and the system's Pango/HarfBuzz versions.
    """
    import weasyprint
    from weasyprint.urls import URLFetcher

    src, out = Path(html_path), Path(pdf_path)
    text = src.read_text(encoding="utf-8")
    scan = _scan(text)
    page_title = " ".join("".join(scan.title).split())
    problems = []
    if page_title != title:
        problems.append(f"the page's <title> is {page_title!r}, expected {title!r}.")
    if scan.lang != lang:
        problems.append(f"the page's language is {scan.lang!r}, expected {lang!r}.")
    if problems:
        raise PublicationError("cannot make the PDF:\n" + "\n".join(f"  - {p}" for p in problems))
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document = weasyprint.HTML(
            string=text,
            base_url=str(src.parent.resolve()) + os.sep,
            url_fetcher=URLFetcher(allowed_protocols=("data",)),
        )
        with _fixed_font_dates():
            data = document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        logger.removeHandler(collect)
    messages, notes = [], []
    for r in collect.records:
        reason = benign_weasyprint_warning(r)
        if reason is None:
            messages.append(f"{r.levelname.lower()}: {_short(r.getMessage(), 200)}")
        else:
            notes.append(f"WeasyPrint (not fatal: {reason}): {_short(r.getMessage(), 300)}")
    if notes:
        notes = list(dict.fromkeys(notes))  # once per font, not once per use
        if run_log is not None:
            _append_log(Path(run_log), notes)
        else:
            for note in notes:
                _LOG.info(note)
    if messages:
        raise PublicationError(
            "WeasyPrint reported problems (the PDF would not be accessible or complete):\n"
            + "\n".join(f"  - {m}" for m in messages)
        )
    partial = out.with_name(f".{out.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    try:
        check_pdf(partial, title=title, lang=lang, text=False)  # the HTML's text was checked
    except PublicationError:
        partial.unlink()
        raise
    os.replace(partial, out)
    return out


def _struct_elements(root: Any) -> Iterable[Any]:
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if node.get("/Type") == "/StructElem" or "/S" in node:
                yield node
            kids = node.get("/K")
            if kids is None:
                continue
            kids = kids.get_object() if hasattr(kids, "get_object") else kids
            if isinstance(kids, list):
                stack.extend(reversed(kids))
            else:
                stack.append(kids)


@functools.lru_cache(maxsize=8)
def _page_texts(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    from pypdf import PdfReader

    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_page_texts(pdf_path: str | Path) -> tuple[str, ...]:
    """The text of each page of a PDF (pypdf), extracted once per version of the file (its path,
    modification time and size): pypdf takes about 7 s over a report's 60 pages of tables and
    charts, and several checks read the same published PDF."""
    path = Path(pdf_path).resolve()
    stat = path.stat()
    return _page_texts(str(path), stat.st_mtime_ns, stat.st_size)


def check_pdf(
    pdf_path: str | Path,
    *,
    title: str | None = None,
    lang: str | None = None,
    raise_on_problem: bool = True,
    text: bool = True,
) -> list[str]:
    """Check a publication PDF with pypdf: tagged, /Lang, /Title, /Alt, no forbidden text.

    Parameters
    ----------
    pdf_path : path
        The PDF.
    title, lang : str, optional
        When given, /Title and /Lang must equal them (otherwise they must only be non-empty).
    raise_on_problem : bool
        Raise :class:`PublicationError` listing the problems (default) or return them.
    text : bool
        Extract the page text and look for :data:`FORBIDDEN_TEXT` (default). :func:`html_to_pdf`
        leaves it out: it has checked the HTML the PDF is laid out from.

    Returns
    -------
    list of str
        The problems found (empty when the PDF passes).

    Raises
    ------
    PublicationError
        When ``raise_on_problem`` and a problem is found.

    Notes
    -----
    Checked: a /StructTreeRoot, /MarkInfo with /Marked true, a non-empty catalog /Lang, a
    non-empty document-information /Title, /Alt on every structure element of type /Figure, and
    the page text free of :data:`FORBIDDEN_TEXT`. Text drawn inside charts is vector paths, so
    the text check covers the report's words and tables.
    """
    from pypdf import PdfReader

    path = Path(pdf_path)
    reader = PdfReader(path)
    root = reader.trailer["/Root"].get_object()
    problems: list[str] = []
    tree = root.get("/StructTreeRoot")
    if tree is None:
        problems.append("the PDF is not tagged (no /StructTreeRoot).")
    mark = root.get("/MarkInfo")
    mark = mark.get_object() if mark is not None else {}
    if str(mark.get("/Marked", "")).lower() != "true":
        problems.append("the PDF's /MarkInfo does not say /Marked true.")
    pdf_lang = str(root.get("/Lang", "") or "")
    if not pdf_lang.strip():
        problems.append("the PDF has no /Lang.")
    elif lang is not None and pdf_lang != lang:
        problems.append(f"the PDF's /Lang is {pdf_lang!r}, expected {lang!r}.")
    info = reader.metadata
    pdf_title = str(info.get("/Title", "") if info else "")
    if not pdf_title.strip():
        problems.append("the PDF has no /Title.")
    elif title is not None and pdf_title != title:
        problems.append(f"the PDF's /Title is {pdf_title!r}, expected {title!r}.")
    if tree is not None:
        for element in _struct_elements(tree.get_object()):
            if element.get("/S") == "/Figure" and not str(element.get("/Alt", "")).strip():
                problems.append("a Figure in the PDF has no /Alt text.")
    if text:
        page_text = "\n".join(pdf_page_texts(path))
        problems += [f"the PDF text contains {p}" for p in _forbidden(page_text)]
    if problems and raise_on_problem:
        raise PublicationError(
            f"{path.name} fails the publication checks:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    return problems
