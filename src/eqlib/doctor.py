"""Preflight: is this machine ready to run eqstats? (``make doctor``; ``make report`` runs it first).

Runs with the system's Python before ``.venv`` exists (``python3 src/eqlib/doctor.py``), so it uses
the standard library only and still runs (to say so) on a Python too old for the project.

Checks, each with the command that fixes it on Debian/Ubuntu (other systems: the README's
"Requirements" section and WeasyPrint's installation guide, :data:`WEASYPRINT_GUIDE`):

* required: Python 3.11+, its ``venv`` module, GNU make 4+, the libraries WeasyPrint draws the PDF
  with (GObject, Pango 1.44+, PangoFT2, HarfBuzz, Fontconfig), a fallback font (DejaVu) for the
  characters the report's own font lacks, free disk space;
* recommended: ``libharfbuzz-subset0`` (without it WeasyPrint subsets the fonts with fontTools:
  the same document, a note in the run log);
* for the tests and for looking at the PDF (``make doctor`` only): Chromium (the tests' axe-core
  accessibility check of the HTML; required in CI) and poppler-utils (``pdftoppm``, to view pages);
  git (``make audit`` copies the tracked files of the project);
* with ``--writes`` (``make report``: the year's ``reports/<year>/`` and ``data/processed/``;
  ``make doctor``: ``reports/`` and ``data/processed/``): each folder can be written, or created;
* with ``--params``: the parameters file exists (else the years that have one are listed) and,
  when run in ``.venv`` (``--inputs``), every input file of the reporting year and of each
  previous year is present (all missing ones listed at once).

Exit status 0 when nothing required is missing, 1 otherwise.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.environ.get("EQSTATS_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEASYPRINT_GUIDE = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
MIN_PYTHON = (3, 11)
#: Free space needed: .venv is about 1 GB; one year's reports and processed data about 20 MB.
NEED_FREE_SETUP_GB = 2.0
NEED_FREE_GB = 0.5
APT = "sudo apt-get install"
#: The input files of a year, ``<kind>_<year>.csv`` (eqlib.io.KINDS; a test keeps them equal).
KINDS = ("workforce", "applications", "events", "boards")

# (what, shared-object names to try (Linux, macOS), version function, Debian/Ubuntu package)
LIBRARIES = (
    ("GObject", ("libgobject-2.0.so.0", "libgobject-2.0.dylib"), None, "libglib2.0-0"),
    ("Pango", ("libpango-1.0.so.0", "libpango-1.0.dylib"), "pango_version_string",
     "libpango-1.0-0"),
    ("PangoFT2", ("libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib"), None, "libpangoft2-1.0-0"),
    ("HarfBuzz", ("libharfbuzz.so.0", "libharfbuzz.0.dylib"), "hb_version_string",
     "libharfbuzz0b"),
    ("Fontconfig", ("libfontconfig.so.1", "libfontconfig.1.dylib"), None, "libfontconfig1"),
)
SUBSET = ("HarfBuzz-Subset", ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib"), None,
          "libharfbuzz-subset0")


#: Checks of this project's own folder and files, not of the system (no installation guide for them)
LOCAL_CHECKS = ("output folders", "parameters")


class Check:
    """One line of the verdict: ``level`` is ok, note (recommended, missing), optional or fail."""

    def __init__(self, name: str, level: str, detail: str, fix: str = "",
                 mark: str | None = None) -> None:
        self.name, self.level, self.detail, self.fix = name, level, detail, fix
        self.mark = mark  # the verdict's word, when not the level's (MISSING for fail)

    def line(self) -> str:
        """The check as one line of the preflight report (a tick or a cross, what, and the fix)."""
        mark = self.mark or {"ok": "ok  ", "note": "note", "optional": "--  ",
                             "fail": "MISSING"}[self.level]
        text = f"  {mark:7} {self.name}: {self.detail}"
        if self.fix and self.level != "ok":
            text += f"\n          fix: {self.fix}"
        return text


def _load(names: tuple[str, ...]):  # noqa: ANN202 - a ctypes.CDLL or None
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def _version(lib, func: str | None) -> str:  # noqa: ANN001
    if lib is None or func is None:
        return ""
    try:
        f = getattr(lib, func)
    except AttributeError:
        return ""
    f.restype = ctypes.c_char_p
    return " " + f().decode()


def check_python() -> list[Check]:
    """The Python version (3.11 or newer) and its venv module."""
    v = sys.version_info
    here = f"{v.major}.{v.minor}.{v.micro} ({sys.executable})"
    out = []
    if v[:2] < MIN_PYTHON:
        out.append(Check("Python", "fail", f"{here} is too old: eqstats needs 3.11 or newer",
                         f"{APT} python3.11 python3.11-venv, then make report PYTHON=python3.11 "
                         "(or install Python 3.11+ from python.org)"))
        return out
    out.append(Check("Python", "ok", here))
    try:
        import ensurepip  # noqa: F401, PLC0415
        import venv  # noqa: F401, PLC0415
    except ImportError:
        out.append(Check("Python venv module", "fail", "python3 -m venv cannot create .venv",
                         f"{APT} python3-venv (or python{v.major}.{v.minor}-venv)"))
    else:
        out.append(Check("Python venv module", "ok", "available"))
    return out


def check_make(version: str | None) -> list[Check]:
    """GNU make 4 or newer (``version`` as make reports it; no check without one)."""
    if not version:
        return []
    major = int(re.match(r"\d+", version).group()) if re.match(r"\d+", version) else 0
    if major < 4:
        return [Check("make", "fail", f"GNU make {version}: eqstats needs GNU make 4 or newer "
                      "(it keeps the lines of parallel steps whole)",
                      f"{APT} make (macOS: brew install make, then use gmake)")]
    return [Check("make", "ok", f"GNU make {version}")]


def check_libraries() -> list[Check]:
    """The system libraries WeasyPrint loads to make the PDF (GObject, Pango, HarfBuzz,
    Fontconfig), with the Debian package of each."""
    out = []
    for what, names, func, package in LIBRARIES:
        lib = _load(names)
        if lib is None:
            out.append(Check(f"{what} library", "fail",
                             f"{names[0]} not found (WeasyPrint needs it to write the PDF)",
                             f"{APT} {package} (other systems: {WEASYPRINT_GUIDE})"))
            continue
        version = _version(lib, func)
        if what == "Pango" and version and tuple(map(int, version.split(".")[:2])) < (1, 44):
            out.append(Check("Pango library", "fail", f"Pango{version} is too old for WeasyPrint "
                             "(it needs 1.44 or newer)", f"{APT} {package} (a newer system)"))
            continue
        out.append(Check(f"{what} library", "ok", f"{names[0]}{version}"))
    what, names, _, package = SUBSET
    if _load(names) is None:
        out.append(Check(f"{what} library", "note",
                         f"{names[0]} not found: WeasyPrint subsets the fonts with fontTools "
                         "instead (the same document; noted in reports/<year>/internal/run.log)",
                         f"{APT} {package}"))
    else:
        out.append(Check(f"{what} library", "ok", names[0]))
    return out


FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts"),
             os.path.expanduser("~/.local/share/fonts"), "/Library/Fonts", "/System/Library/Fonts",
             os.path.expanduser("~/Library/Fonts"))


def check_fonts() -> list[Check]:
    """The report embeds its own font (Atkinson Hyperlegible, latin subset); characters outside it
    (e.g. the Σ of the methodology) and code-style text come from the system's DejaVu fonts."""
    found = []
    if shutil.which("fc-list"):
        listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                                 check=False).stdout
        found = sorted({f for f in ("DejaVu Sans", "DejaVu Sans Mono") if f in listing})
    else:
        for folder in FONT_DIRS:
            for name, family in (("DejaVuSans.ttf", "DejaVu Sans"),
                                 ("DejaVuSansMono.ttf", "DejaVu Sans Mono")):
                if glob.glob(os.path.join(folder, "**", name), recursive=True):
                    found.append(family)
        found = sorted(set(found))
    if len(found) < 2:
        return [Check("fonts", "fail", "DejaVu Sans and DejaVu Sans Mono not both found (the "
                      "report falls back to them for characters its own font lacks)",
                      f"{APT} fonts-dejavu-core")]
    return [Check("fonts", "ok", ", ".join(found))]


def check_disk(root: str, venv: str | None) -> list[Check]:
    """Free disk space where the environment and the reports are written."""
    free = shutil.disk_usage(root).free / 1e9
    setup = venv is not None and not os.path.exists(os.path.join(venv, "bin", "python"))
    need = NEED_FREE_SETUP_GB if setup else NEED_FREE_GB
    what = f"{free:.1f} GB free in {root}"
    if free < need:
        return [Check("disk", "fail", f"{what}; needs {need:g} GB"
                      + (" (.venv is about 1 GB)" if setup else ""),
                      "free some space, or set up the project on a larger disk")]
    return [Check("disk", "ok", what)]


def check_writable(root: str, folders: list[str]) -> list[Check]:
    """Can ``make report`` write each folder (relative to ``root``), and every folder already in it?

    A folder not yet there must be creatable: its nearest existing parent a writable folder (not a
    file in the way). Checked before anything runs, so a read-only ``reports/`` stops the run with
    one sentence instead of ``mkdir``'s and make's own errors.
    """
    problems = []
    for folder in folders:
        path = os.path.join(root, folder)
        if os.path.isdir(path):
            blocked = [dirpath for dirpath, _, _ in os.walk(path)
                       if not os.access(dirpath, os.W_OK | os.X_OK)]
            if blocked:
                more = f", and {len(blocked) - 1} more folder(s) in it" if len(blocked) > 1 else ""
                problems.append(f"{os.path.relpath(blocked[0], root)}/ (not writable{more})")
            continue
        parent = path
        while not os.path.lexists(parent):
            parent = os.path.dirname(parent)
        there = os.path.relpath(parent, root)
        if not os.path.isdir(parent):
            problems.append(f"{folder}/ ({there} is a file, not a folder)")
        elif not os.access(parent, os.W_OK | os.X_OK):
            problems.append(f"{folder}/ (it cannot be created: {there}/ is not writable)")
    if problems:
        return [Check("output folders", "fail",
                      f"make report cannot write {' or '.join(problems)}, so nothing was written "
                      "and nothing was published",
                      "give your user write access there (or move the file out of the way), then "
                      "run make report again", mark="BLOCKED")]
    return [Check("output folders", "ok", ", ".join(f"{f}/" for f in folders) + " writable")]


def check_tools() -> list[Check]:
    """Optional tools, said as optional: Chromium (the HTML accessibility check), poppler-utils and
    git."""
    out = []
    chromium = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)),
                    None)
    out.append(Check("Chromium", "ok" if chromium else "optional",
                     chromium or "not found: make test skips the accessibility (axe-core) check "
                     "of the HTML (it fails in CI, where it is required)",
                     f"{APT} chromium (Ubuntu: sudo snap install chromium)"))
    pdftoppm = shutil.which("pdftoppm")
    out.append(Check("poppler-utils", "ok" if pdftoppm else "optional",
                     pdftoppm or "not found: only needed to look at the PDF's pages "
                     "(pdftoppm -png -r 60)", f"{APT} poppler-utils"))
    git = shutil.which("git")
    out.append(Check("git", "ok" if git else "optional",
                     git or "not found: make audit and make baseline copy the project's "
                     "tracked files with git; the manifest records no commit", f"{APT} git"))
    return out


def available_years(root: str) -> list[str]:
    """The years that have a parameters file (``params/<year>.yaml``), in order."""
    return sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(root, "params", "*.yaml"))
                  if re.fullmatch(r"\d{4}", os.path.basename(p)[:-5]))


def check_params(params: str, root: str) -> list[Check]:
    """That the parameters file exists; when it does not, the years that have one."""
    path = params if os.path.isabs(params) else os.path.join(root, params)
    if os.path.exists(path):
        return [Check("parameters", "ok", params)]
    years = available_years(root)
    year = re.search(r"(\d{4})", os.path.basename(params))
    detail = f"{params} does not exist. Years with a parameters file: {', '.join(years) or 'none'}"
    fix = (f"make report YEAR={years[-1]}" if years else "") + (
        f"; for {year.group(1)}, copy the latest params/<year>.yaml to {params} and edit it "
        "(docs/data_dictionary.md)" if year else "")
    return [Check("parameters", "fail", detail, fix.lstrip("; "))]


def check_inputs(params_file: str) -> list[Check]:
    """Every input file of every year analysed (needs the project's environment: PyYAML)."""
    from eqlib.config import load_params  # noqa: PLC0415 - not eqlib.io: pandas takes seconds
    from eqlib.errors import ParamsError  # noqa: PLC0415

    def input_path(params, kind: str, year: int):  # noqa: ANN001, ANN202 - as eqlib.io's
        return params.data_path / f"{kind}_{year}.csv"

    try:
        params = load_params(params_file)
    except ParamsError as exc:
        return [Check("parameters", "fail", str(exc))]
    out = []
    year = params["year"]
    rel = params["data_dir"]
    missing_now = [f"{k}_{year}.csv" for k in KINDS if not input_path(params, k, year).exists()]
    if missing_now:
        where = params.data_path
        out.append(Check(
            "inputs", "fail",
            f"{len(missing_now)} input file(s) of {year} missing in {rel}/: "
            + ", ".join(missing_now) + ("" if where.is_dir() else f" ({rel}/ does not exist)"),
            f"put the exports in {rel}/ (data_dir in {params_file}; layout in "
            "docs/data_dictionary.md), then make check-data"))
    for prev in params["previous_years"]:
        missing = [f"{k}_{prev}.csv" for k in KINDS if not input_path(params, k, prev).exists()]
        if missing:
            out.append(Check(
                f"inputs {prev}", "note",
                f"previous year {prev}: {', '.join(missing)} missing in {rel}/"
                + (" (that year is left out of the trends)"
                   if f"workforce_{prev}.csv" in missing else ""),
                f"add them, or remove {prev} from previous_years in {params_file}"))
    if not out:
        out.append(Check("inputs", "ok", f"{len(params.years) * len(KINDS)} files in {rel}/ "
                         f"({', '.join(map(str, params.years))})"))
    return out


def _summary(checks: list[Check]) -> str:
    ok = {c.name: c.detail for c in checks if c.level == "ok"}
    parts = []
    if "Python" in ok:
        parts.append("Python " + ok["Python"].split(" ")[0])
    if "make" in ok:
        parts.append(ok["make"])
    libs = [n.replace(" library", "") + ("" if len(ok[n].split(" ")) < 2 else " " + ok[n].split(" ")[1])
            for n in ok if n.endswith(" library")]
    if libs:
        parts.append("WeasyPrint's libraries (" + ", ".join(libs) + ")")
    if "fonts" in ok:
        parts.append("fonts")
    if "disk" in ok:
        parts.append(ok["disk"].split(" in ")[0])
    if "parameters" in ok:
        parts.append(ok["parameters"])
    return ", ".join(parts)


def run(args: argparse.Namespace) -> list[Check]:
    """Every check for the command line's arguments, in the order they are printed."""
    checks: list[Check] = []
    if args.inputs:
        return check_inputs(args.params)
    checks += check_python()
    if sys.version_info[:2] >= MIN_PYTHON or not args.preflight:
        checks += check_make(args.make_version)
        checks += check_libraries()
        checks += check_fonts()
        checks += check_disk(ROOT, args.venv)
        if not args.preflight:
            checks += check_tools()
    if args.params:
        checks += check_params(args.params, ROOT)
    if args.writes or not args.preflight:
        checks += check_writable(ROOT, args.writes or ["reports", os.path.join("data", "processed")])
    return checks


def main(argv: list[str] | None = None) -> int:
    """``make doctor``: print every check; exit status 1 when one fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", help="a parameters file to check (and its inputs: --inputs)")
    parser.add_argument("--make-version", help="$(MAKE_VERSION), from the Makefile")
    parser.add_argument("--venv", help="the project's virtual environment folder")
    parser.add_argument("--preflight", action="store_true",
                        help="before make report: one line when all is well, details otherwise")
    parser.add_argument("--writes", action="append", default=[], metavar="FOLDER",
                        help="a folder make report writes (repeatable): checked writable")
    parser.add_argument("--inputs", action="store_true",
                        help="check the input files of --params (run in .venv)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    checks = run(args)
    failed = [c for c in checks if c.level == "fail"]
    notes = [c for c in checks if c.level == "note"]
    took = f"{time.monotonic() - started:.1f} s"
    if args.preflight or args.inputs:
        what = "inputs" if args.inputs else "set-up"
        if failed:
            print(f"The {what} check found what stops the run (nothing was started):")
            for c in failed + (notes if args.inputs else []):
                print(c.line())
            if not args.inputs and any(c.name not in LOCAL_CHECKS for c in failed):
                print(f"  Other systems: README.md 'Requirements', and {WEASYPRINT_GUIDE}")
            return 1
        if args.inputs:
            print(f"  inputs ok ({took}): " + "; ".join(c.detail for c in checks if c.level == "ok"))
        else:
            print(f"  set-up ok ({took}): {_summary(checks)}")
        for c in notes:
            print(f"  note: {c.detail}. To install: {c.fix}" if c.name.endswith("library")
                  else f"  note: {c.detail}; {c.fix}")
        return 0
    print("eqstats: is this machine ready? (make doctor)")
    for c in checks:
        print(c.line())
    print(f"Other systems: README.md 'Requirements', and {WEASYPRINT_GUIDE}")
    print("Ready for make report and make test." if not failed else
          f"{len(failed)} thing(s) to fix: see each line's fix, then run make doctor again.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
