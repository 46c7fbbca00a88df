"""Page-layout checks of the publication PDF (issue 19, "layout that holds"), shared by the e2e
test and by anyone looking at a build (``python tests/pdf_layout.py report.pdf report.html``).

* an orphaned heading: a page whose text ends with a heading or a table caption (h2-h4,
  caption), which covers a page holding nothing but a heading;
* a split row: a table row whose label and values are not all on one page;
* the page count.

Page text comes from poppler's ``pdftotext`` (one call per page); headings, captions and rows
come from the report's HTML, so the checks know what each line of the PDF is.
"""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip()


class _Outline(HTMLParser):
    """Headings/captions and table rows (label, cells) of the report's HTML."""

    # A figure's caption is not checked: the figure never splits (report.css), and its chart
    # is drawn as paths, which have no text for pdftotext to find after the caption.
    BLOCKS = ("h2", "h3", "h4", "caption")

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.rows: list[list[str]] = []
        self._stack: list[tuple[str, list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_body = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        if tag == "main":
            self._in_body = True
        if tag in ("style", "script"):
            self._skip += 1
        if tag in self.BLOCKS:
            self._stack.append((tag, []))
        if tag == "tr":
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):  # noqa: ANN001, ANN201
        if tag in ("style", "script"):
            self._skip -= 1
        if tag in self.BLOCKS and self._stack:
            _, parts = self._stack.pop()
            text = _norm("".join(parts))
            if self._in_body and text:
                self.headings.append(text)
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_norm("".join(self._cell)))
            self._cell = None
        if tag == "tr" and self._row is not None:
            if self._in_body and self._row:
                self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):  # noqa: ANN001, ANN201
        if self._skip:
            return
        for _, parts in self._stack:
            parts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-\u2010\u2011\u2013\u2212]+", text) if w]


def page_texts(pdf: Path) -> list[str]:
    """Text of each page (layout mode), the running footer removed."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    texts = []
    for i in range(1, pages + 1):
        out = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        lines = [ln for ln in out.splitlines() if ln.strip()
                 and not re.search(r"Page \d+ of \d+\s*$", ln)]
        texts.append("\n".join(lines))
    return texts


def layout_problems(pdf: Path, html: Path) -> list[str]:
    outline = _Outline()
    outline.feed(html.read_text(encoding="utf-8"))
    texts = page_texts(pdf)
    flat = [_norm(t) for t in texts]
    problems: list[str] = []
    # the title page and the contents list hold headings only by design
    first_body = next((i for i, t in enumerate(texts) if "Contents" in t.splitlines()[:1]), 0) + 1
    for i, text in enumerate(flat[first_body:], start=first_body + 1):
        for heading in outline.headings:
            if text == heading or (text.endswith(heading) and len(heading) > 3):
                what = "holds only" if text == heading else "ends with"
                problems.append(f"page {i} {what} the heading or caption '{heading}'")
                break
    # a row is split when no page holds its label and all its values; each page's words stand
    # for its text (split at spaces and hyphens), so labels wrapped in their cell still match
    words = [set(_words(t)) for t in flat]
    for row in outline.rows:
        tokens = [w for cell in row for w in _words(cell)]
        if not tokens or all(w.startswith("[") for w in tokens):
            continue
        if not any(all(w in page for w in tokens) for page in words):
            seen = [i + 1 for i, page in enumerate(words) if row[0].split()[0] in page]
            if seen:
                problems.append(f"table row '{' | '.join(row)}' is not whole on any page")
    return problems


if __name__ == "__main__":
    pdf, html = Path(sys.argv[1]), Path(sys.argv[2])
    print(f"{len(page_texts(pdf))} pages")
    for problem in layout_problems(pdf, html):
        print(problem)
