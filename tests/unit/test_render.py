"""Rendering chain: executed notebook -> accessible HTML -> tagged PDF/UA-1, and its refusals."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest

from eqlib import PublicationError
from eqlib.render import check_pdf, html_problems, html_to_pdf, notebook_to_html

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample_report.ipynb"
TITLE = "Workforce equality report 2026"


def _render(folder: Path) -> tuple[Path, Path]:
    html = notebook_to_html(SAMPLE, folder / "report.html")
    pdf = html_to_pdf(html, folder / "report.pdf", title=TITLE, lang="en-GB")
    return html, pdf


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _render(tmp_path_factory.mktemp("render"))


@pytest.fixture(scope="module")
def page(rendered: tuple[Path, Path]) -> str:
    return rendered[0].read_text(encoding="utf-8")


# --- the HTML page ------------------------------------------------------------------------------
def test_page_has_language_title_and_landmarks(page: str) -> None:
    assert '<html lang="en-GB">' in page
    assert f"<title>{TITLE}</title>" in page
    assert '<a class="skip-link" href="#main">' in page
    for landmark in ('<header class="title-page">', '<nav class="contents"', '<main id="main">'):
        assert landmark in page
    assert page.count("<h1") == 1


def test_contents_list_links_every_section(page: str) -> None:
    nav = re.search(r'<nav class="contents".*?</nav>', page, re.S)
    assert nav is not None
    assert re.findall(r'href="#([^"]+)"', nav.group(0)) == [
        "summary", "pay-gaps", "median-hourly-pay-gaps", "chart"]
    for anchor in ("summary", "pay-gaps", "median-hourly-pay-gaps", "chart"):
        assert f'id="{anchor}"' in page


def test_page_shows_content_but_no_code_prompts_or_streams(page: str) -> None:
    assert "<caption>Median hourly pay gap by group, 31 March 2026</caption>" in page
    assert "Women's median hourly pay is 8.3% lower than men's" in page
    assert '<figure class="chart"><figcaption>' in page and 'alt="Median hourly pay gap' in page
    assert "import pandas" not in page  # code
    assert "Alt text:" not in page  # the stdout print of the chart cell
    assert "Sample report (test fixture)" not in page  # cell tagged remove-cell
    assert "In [" not in page and "Out[" not in page


def test_page_is_self_contained_with_the_shipped_font(page: str) -> None:
    assert page.count("data:font/woff2;base64,") == 4
    assert 'font-family: "Atkinson Hyperlegible"' in page
    assert not re.search(r'(src|href)="(https?:|file:|/)', page)


def test_html_problems_finds_missing_alt_language_and_title() -> None:
    problems = html_problems('<html><body><img src="a.svg" alt=""><p>nan%</p></body></html>')
    assert problems == [
        "the page has no lang attribute on <html>.",
        "the page has no <title>.",
        "an image has no alt text (a.svg).",
        "a NaN value: …nan%",
    ]


# --- the PDF ------------------------------------------------------------------------------------
def test_pdf_passes_the_publication_checks(rendered: tuple[Path, Path]) -> None:
    assert check_pdf(rendered[1], title=TITLE, lang="en-GB") == []


def test_pdf_figure_tag_carries_the_chart_alt_text(rendered: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    from eqlib.render import _struct_elements

    root = PdfReader(rendered[1]).trailer["/Root"].get_object()
    figures = [e for e in _struct_elements(root["/StructTreeRoot"].get_object())
               if e.get("/S") == "/Figure"]
    assert len(figures) == 1
    assert str(figures[0]["/Alt"]).startswith("Median hourly pay gap by group. Bar chart")
    assert "Withheld to protect confidentiality [c]: Ethnic minority." in str(figures[0]["/Alt"])


def test_pdf_text_has_page_numbers_footer_and_figures(rendered: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(rendered[1])
    text = [p.extract_text() for p in reader.pages]
    n = len(reader.pages)
    assert f"Page 2 of {n}" in text[1]
    assert "Example Combined Authority" in text[1] and TITLE in text[1]
    assert "Page 1 of" not in text[0]  # no footer on the title page
    assert "Contents" in text[1]
    assert any("8.3%" in t and "[c]" in t for t in text)


def test_html_and_pdf_are_byte_identical_across_renders(
    rendered: tuple[Path, Path], tmp_path: Path
) -> None:
    again = _render(tmp_path)
    for first, second in zip(rendered, again, strict=True):
        assert hashlib.sha256(first.read_bytes()).hexdigest() == hashlib.sha256(
            second.read_bytes()).hexdigest()
    assert b"CreationDate" not in again[1].read_bytes()


# --- refusals -----------------------------------------------------------------------------------
def _broken(tmp_path: Path, change) -> Path:
    nb = nbformat.read(SAMPLE, as_version=4)
    change(nb)
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    return path


def _last_code_cell(nb) -> nbformat.NotebookNode:
    return [c for c in nb.cells if c.cell_type == "code"][-1]


def _add_output(**output):
    def change(nb) -> None:
        _last_code_cell(nb).outputs.append(nbformat.v4.new_output(**output))
    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_add_output(output_type="error", ename="KeyError", evalue="'x'", traceback=["..."]),
         "the cell raised an error (KeyError)"),
        (_add_output(output_type="stream", name="stderr", text="FutureWarning: old\n"),
         "it wrote to stderr (a warning or log message): 'FutureWarning: old'"),
        (_add_output(output_type="stream", name="stdout", text="Traceback (most recent)\n"),
         "printed a Python traceback"),
        (_add_output(output_type="execute_result", execution_count=1,
                     data={"text/plain": "<Axes: >"}),
         "a matplotlib Axes repr"),
        (_add_output(output_type="execute_result", execution_count=1,
                     data={"text/plain": "42"}),
         "its output is a plain-text repr ('42')"),
        (_add_output(output_type="display_data",
                     data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480>"}),
         "it displays an image without alt text"),
        (_add_output(output_type="display_data",
                     data={"text/html": '<figure><img src="data:image/png;base64,AAAA"></figure>'}),
         "an image has no alt text"),
        (_add_output(output_type="display_data",
                     data={"text/html": '<table class="dataframe"><tr><td>1</td></tr></table>'}),
         "it displays a DataFrame directly"),
        (_add_output(output_type="display_data", data={"text/html": "<p>gap NaN</p>"}),
         "a NaN value"),
    ],
)
def test_render_refuses_a_notebook_with(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(PublicationError, match=re.escape(message)):
        notebook_to_html(_broken(tmp_path, change), tmp_path / "out.html")
    assert not (tmp_path / "out.html").exists()


def test_render_refuses_a_notebook_without_title_block(tmp_path: Path) -> None:
    def drop_title(nb) -> None:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs
                                if "application/vnd.eqstats.report+json" not in o.get("data", {})]
    with pytest.raises(PublicationError, match="no title block"):
        notebook_to_html(_broken(tmp_path, drop_title), tmp_path / "out.html")


def test_render_refuses_a_second_level_one_heading(tmp_path: Path) -> None:
    def untag(nb) -> None:
        nb.cells[0].metadata["tags"] = []
    with pytest.raises(PublicationError, match="a level-1 heading"):
        notebook_to_html(_broken(tmp_path, untag), tmp_path / "out.html")


# --- WeasyPrint's own complaints and the PDF checks ----------------------------------------------
def _page(body: str, *, lang: str = "en-GB", title: str = "T") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
            f"</title></head><body>{body}</body></html>")


def test_pdf_fails_on_weasyprint_missing_alt_error(tmp_path: Path) -> None:
    svg = ('data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" width="10" '
           'height="10"><rect width="10" height="10"/></svg>')
    html = tmp_path / "noalt.html"
    html.write_text(_page(f"<p>Chart</p><img src='{svg}'>"), encoding="utf-8")
    with pytest.raises(PublicationError, match="has no required alt description"):
        html_to_pdf(html, tmp_path / "noalt.pdf", title="T")
    assert not (tmp_path / "noalt.pdf").exists()


def test_pdf_fails_when_title_differs(tmp_path: Path) -> None:
    html = tmp_path / "t.html"
    html.write_text(_page("<p>x</p>", title="Draft"), encoding="utf-8")
    with pytest.raises(PublicationError, match="expected 'Final'"):
        html_to_pdf(html, tmp_path / "t.pdf", title="Final")


def test_check_pdf_lists_untagged_untitled_pdf_problems(tmp_path: Path) -> None:
    import weasyprint

    pdf = tmp_path / "plain.pdf"
    weasyprint.HTML(string="<p>In [1]: value NaN</p>").write_pdf(pdf)
    problems = check_pdf(pdf, raise_on_problem=False)
    assert "the PDF is not tagged (no /StructTreeRoot)." in problems
    assert "the PDF has no /Lang." in problems
    assert "the PDF has no /Title." in problems
    assert any("notebook prompt" in p for p in problems)
    assert any("NaN value" in p for p in problems)
    with pytest.raises(PublicationError, match="fails the publication checks"):
        check_pdf(pdf)


def test_the_text_check_of_the_build_is_on_the_html_and_of_the_tests_on_the_pdf(
    tmp_path: Path,
) -> None:
    """html_to_pdf checks the PDF's tags, /Lang, /Title and /Alt but leaves the text check to
    the HTML it renders (html_problems, run by notebook_to_html); check_pdf with its text check,
    as the tests run it on every published PDF, still finds forbidden text in the PDF."""
    html = tmp_path / "p.html"
    page = _page("<p>Traceback (most recent call last):</p>", title=TITLE)
    html.write_text(page, encoding="utf-8")
    assert any("traceback" in p for p in html_problems(page))
    pdf = html_to_pdf(html, tmp_path / "p.pdf", title=TITLE, lang="en-GB")
    assert check_pdf(pdf, title=TITLE, lang="en-GB", text=False) == []
    problems = check_pdf(pdf, title=TITLE, lang="en-GB", raise_on_problem=False)
    assert len(problems) == 1 and problems[0].startswith("the PDF text contains a Python traceback")


def test_pdf_page_texts_are_read_again_only_when_the_file_changes(tmp_path: Path) -> None:
    import weasyprint

    from eqlib.render import pdf_page_texts

    pdf = tmp_path / "a.pdf"
    weasyprint.HTML(string="<p>First version</p>").write_pdf(pdf)
    first = pdf_page_texts(pdf)
    assert "First version" in first[0]
    assert pdf_page_texts(pdf) is first  # the same file: not extracted again
    weasyprint.HTML(string="<p>Second, longer version</p>").write_pdf(pdf)
    assert "Second, longer version" in pdf_page_texts(pdf)[0]


def test_check_pdf_compares_title_and_language(rendered: tuple[Path, Path]) -> None:
    problems = check_pdf(rendered[1], title="Other", lang="cy", raise_on_problem=False)
    assert problems == [
        "the PDF's /Lang is 'en-GB', expected 'cy'.",
        f"the PDF's /Title is '{TITLE}', expected 'Other'.",
    ]



# --- WeasyPrint warnings that leave the document unchanged ---------------------------------------
FONTTOOLS_FALLBACK = (
    'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be unsupported in future '
    "versions of WeasyPrint. Please install HarfBuzz-Subset >= 4.1.0 with your package manager."
)


def _warn_while_rendering(monkeypatch: pytest.MonkeyPatch, message: str, *args: object) -> None:
    """Make WeasyPrint log ``message`` on its own logger while it writes the PDF, as it does on a
    machine without libharfbuzz-subset0."""
    import logging

    import weasyprint

    original = weasyprint.HTML.write_pdf

    def write_pdf(self, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        logging.getLogger("weasyprint").warning(message, *args)
        return original(self, *a, **k)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", write_pdf)


def test_installed_weasyprint_still_logs_the_allowed_fallback_messages() -> None:
    """The allow-list matches WeasyPrint's own wording: if an upgrade rewords a message, this fails
    (and the message would otherwise turn fatal again on machines without libharfbuzz-subset0)."""
    import inspect

    from weasyprint.pdf import fonts

    source = inspect.getsource(fonts)
    assert "'Using fontTools instead of HarfBuzz-Subset for font \"%s\". This will '" in source
    assert "'Unable to subset \"%s\" with HarfBuzz'" in source
    assert "'Unable to subset \"%s\" with fontTools'" in source


def test_fonttools_fallback_goes_to_the_run_log_and_the_pdf_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = notebook_to_html(SAMPLE, tmp_path / "report.html")
    _warn_while_rendering(monkeypatch, FONTTOOLS_FALLBACK, "Atkinson Hyperlegible")
    log = tmp_path / "internal" / "run.log"
    pdf = html_to_pdf(html, tmp_path / "report.pdf", title=TITLE, lang="en-GB", run_log=log)
    assert pdf.exists() and check_pdf(pdf, title=TITLE, lang="en-GB") == []
    noted = log.read_text(encoding="utf-8")
    assert 'Using fontTools instead of HarfBuzz-Subset for font "Atkinson Hyperlegible"' in noted
    assert "not fatal" in noted and "same document" in noted


@pytest.mark.parametrize(
    ("message", "args"),
    [
        ("Font-face %r cannot be loaded", ("Atkinson Hyperlegible",)),
        ("Please install HarfBuzz version 13+ with harfbuzz-vector to display %s COLR emoji "
         "fonts.", ("Noto",)),
        ("Ignored `%s` at %d:%d, %s.", ("colour: red", 1, 1, "unknown property")),
        # the fallback's words inside another message do not make it harmless
        ("Image failed. Using fontTools instead of HarfBuzz-Subset for font \"%s\"", ("X",)),
    ],
)
def test_other_weasyprint_warnings_stay_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message: str, args: tuple
) -> None:
    html = tmp_path / "p.html"
    html.write_text(_page("<p>x</p>"), encoding="utf-8")
    _warn_while_rendering(monkeypatch, message, *args)
    with pytest.raises(PublicationError, match="WeasyPrint reported problems"):
        html_to_pdf(html, tmp_path / "p.pdf", title="T", run_log=tmp_path / "run.log")
    assert not (tmp_path / "p.pdf").exists()
    log = tmp_path / "run.log"
    assert message.split("%")[0] not in (log.read_text(encoding="utf-8") if log.exists() else "")


def test_an_error_is_never_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    import weasyprint

    original = weasyprint.HTML.write_pdf

    def write_pdf(self, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        logging.getLogger("weasyprint").error(FONTTOOLS_FALLBACK, "X")
        return original(self, *a, **k)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", write_pdf)
    html = tmp_path / "p.html"
    html.write_text(_page("<p>x</p>"), encoding="utf-8")
    with pytest.raises(PublicationError, match="error: Using fontTools"):
        html_to_pdf(html, tmp_path / "p.pdf", title="T")


def test_pipeline_render_stages_the_pdf_despite_the_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """make report's render step on a machine without libharfbuzz-subset0: the PDF is staged for
    publishing and the note is in reports/<year>/internal/run.log."""
    from eqlib import config, pipeline

    monkeypatch.setattr(config, "PROJECT_ROOT", tmp_path)
    pipeline.staging_dir(2026).mkdir(parents=True)  # made by disclosure control
    _warn_while_rendering(monkeypatch, FONTTOOLS_FALLBACK, "Atkinson Hyperlegible")
    pdf = pipeline.render({"year": 2026}, SAMPLE)
    assert pdf == tmp_path / "reports" / "2026" / "internal" / "staging" / "equality_report_2026.pdf"
    assert check_pdf(pdf, title=TITLE, lang="en-GB") == []
    assert "HarfBuzz-Subset" in pipeline.run_log(2026).read_text(encoding="utf-8")
