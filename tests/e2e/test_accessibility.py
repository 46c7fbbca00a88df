"""The rendered report passes axe-core's WCAG 2.1 A/AA rules in headless Chromium.

axe-core (vendor/axe-core, from the npm registry) is inlined into a copy of the rendered sample
report with a small runner that writes axe's results as JSON into a ``<pre>`` element; Debian's
``chromium`` runs the page headless (no network, a throw-away profile) and ``--dump-dom`` prints
the DOM, from which the results are read. No browser download and no extra Python package.

Without Chromium the test skips with its reason, except in CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from eqlib.config import PROJECT_ROOT
from eqlib.render import notebook_to_html

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample_report.ipynb"
AXE = PROJECT_ROOT / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUNNER = """
axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
  .then(function (r) { report({violations: r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(function (n) { return n.target.join(" "); })}; }),
    passes: r.passes.length}); })
  .catch(function (e) { report({error: String(e)}); });
function report(obj) {
  var pre = document.createElement("pre");
  pre.id = "axe-results";
  pre.textContent = JSON.stringify(obj);
  document.body.appendChild(pre);
}
"""


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _axe_results(page: Path, chromium: str, profile: Path) -> dict:
    cmd = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        f"--user-data-dir={profile}", "--virtual-time-budget=30000", "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', done.stdout, re.S)
    assert found, (f"axe did not report (chromium exit {done.returncode}); "
                   f"stderr: {done.stderr[-1500:]}")
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def chromium() -> str:
    found = _chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI for the accessibility check "
                        "(.ci/run installs Debian's 'chromium').")
        pytest.skip("Chromium is not installed (apt-get install chromium); "
                    "the axe-core accessibility check needs it.")
    return found


def _with_axe(text: str, folder: Path) -> Path:
    script = ("<script>" + AXE.read_text(encoding="utf-8") + "</script><script>"
              + RUNNER % json.dumps(TAGS) + "</script>")
    page = folder / "axe.html"
    page.write_text(text.replace("</body>", script + "</body>"), encoding="utf-8")
    return page


@pytest.mark.e2e
def test_report_html_has_no_wcag21_aa_violations(chromium: str, tmp_path: Path) -> None:
    report = notebook_to_html(SAMPLE, tmp_path / "report.html")
    page = _with_axe(report.read_text(encoding="utf-8"), tmp_path)
    results = _axe_results(page, chromium, tmp_path / "profile")
    assert "error" not in results, results
    assert results["passes"] > 0  # axe really ran its rules
    assert results["violations"] == [], json.dumps(results["violations"], indent=1)


@pytest.mark.e2e
def test_the_check_catches_violations(chromium: str, tmp_path: Path) -> None:
    bad = ('<!DOCTYPE html><html><head><title>x</title></head><body>'
           '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
           '<p style="color:#aaaaaa;background:#ffffff">low contrast</p></body></html>')
    results = _axe_results(_with_axe(bad, tmp_path), chromium, tmp_path / "profile")
    assert {"html-has-lang", "image-alt", "color-contrast"} <= {
        v["id"] for v in results["violations"]}


@pytest.mark.e2e
@pytest.mark.slow
def test_the_built_report_has_no_wcag21_aa_violations(chromium: str, built: Path,
                                                       tmp_path: Path) -> None:
    report = built / "reports" / "2026" / "publish" / "equality_report_2026.html"
    page = _with_axe(report.read_text(encoding="utf-8"), tmp_path)
    results = _axe_results(page, chromium, tmp_path / "profile")
    assert "error" not in results, results
    assert results["passes"] > 0
    assert results["violations"] == [], json.dumps(results["violations"], indent=1)
