"""Provenance of a published year: ``publish/manifest.json`` (outputs.md §4).

Terms
-----
manifest
    A JSON record of what produced ``publish/``: organisation, year, the parameters (and their
    SHA-256), every input file (path, SHA-256, rows), the code version (git commit and whether the
    tree had uncommitted changes), Python and every installed package version, the system libraries
    the rendering uses (Pango, HarfBuzz, fontconfig) and the fonts, the seeds, and every file in
    ``publish/`` with its SHA-256.

seal
    The SHA-256 of the manifest's own content (every key but ``seal``, as canonical JSON), stored in
    it last. ``make audit`` recomputes it: a manifest edited by hand after publication no longer
    matches its seal. A seal is a checksum, not a signature: someone who edits the manifest and
    recomputes the seal is caught by the rest of the audit instead (the published files are
    compared with a rerun, and the parameters with the params file), and an organisation can
    publish the manifest's own SHA-256 beside the report (``make report`` prints it).
plausibility allowances
    Employee ids whose implausible pay was accepted (params ``plausibility.allowed_pay``), listed
    on their own so that an auditor sees at once that some pay was let through by hand.

The manifest is itself published, so it holds nothing that changes from run to run (no dates, no
paths outside the project): the same inputs, params, code and lock give the same manifest bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from eqlib.config import PROJECT_ROOT, Params, report_dir, resolve

MANIFEST_NAME = "manifest.json"
FONT_DIR = PROJECT_ROOT / "notebooks" / "templates" / "fonts"


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _relative(path: Path) -> str:
    path = path.resolve()
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


CODE_VERSION_ENV = "EQSTATS_CODE_VERSION"


def code_version() -> dict[str, object]:
    """Git commit of the project and whether the working tree had uncommitted changes.

    A rerun in a temporary copy of the project (``make audit``) is not a git checkout; the audit
    passes the source tree's version in ``$EQSTATS_CODE_VERSION`` (JSON) instead.
    """
    if os.environ.get(CODE_VERSION_ENV):
        return json.loads(os.environ[CODE_VERSION_ENV])

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(
                ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
            )
        except (OSError, subprocess.CalledProcessError):
            return None
        return out.stdout.strip()

    commit = git("rev-parse", "HEAD")
    status = git(
        "status",
        "--porcelain",
        "--untracked-files=all",
        "--",
        "src",
        "notebooks",
        "params",
        "Makefile",
        "requirements.lock",
        "pyproject.toml",
    )
    return {
        "git_commit": commit,
        "uncommitted_changes": bool(status) if status is not None else None,
    }


def package_versions() -> dict[str, str]:
    """Every installed distribution and its version, sorted by name."""
    versions = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name and name.lower() != "eqlib":
            versions[name.lower()] = dist.version
    return dict(sorted(versions.items()))


def _library_version(names: tuple[str, ...], symbol: str) -> str | None:
    import ctypes  # noqa: PLC0415

    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        func = getattr(lib, symbol)
        if symbol == "FcGetVersion":
            func.restype = ctypes.c_int
            v = int(func())
            return f"{v // 10000}.{v // 100 % 100}.{v % 100}"
        func.restype = ctypes.c_char_p
        return func().decode()
    return None


def rendering_libraries() -> dict[str, str | None]:
    """Versions of the system libraries WeasyPrint renders with (they can change PDF bytes)."""
    return {
        "pango": _library_version(
            ("libpango-1.0.so.0", "libpango-1.0.dylib"), "pango_version_string"
        ),
        "harfbuzz": _library_version(
            ("libharfbuzz.so.0", "libharfbuzz.0.dylib"), "hb_version_string"
        ),
        # WeasyPrint subsets fonts with it when present, else with fontTools: different PDF bytes
        # (None: absent). It has no version of its own; it is HarfBuzz's, found through it.
        "harfbuzz_subset": _library_version(
            ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib"), "hb_version_string"
        ),
        "fontconfig": _library_version(
            ("libfontconfig.so.1", "libfontconfig.1.dylib"), "FcGetVersion"
        ),
    }


def fonts() -> list[dict[str, str]]:
    """The project's font files with their hashes (the PDF's bytes depend on them)."""
    return [
        {"file": _relative(p), "sha256": sha256(p)}
        for p in sorted(FONT_DIR.glob("*"))
        if p.suffix in (".woff", ".woff2", ".ttf", ".otf")
    ]


def input_files(params: Params) -> list[dict[str, object]]:
    """Every input file of the years analysed, plus the reference data, with hashes and rows."""
    files = []
    for year in params.years:
        for kind in ("workforce", "applications", "events", "boards"):
            path = params.data_path / f"{kind}_{year}.csv"
            if path.exists():
                files.append(path)
    files.append(resolve(params["benchmark"]["file"]))
    if params.get("action_plan"):
        files.append(resolve(params["action_plan"]))  # the action plan is an input of the report
    files += sorted((PROJECT_ROOT / "data" / "reference").glob("gpg_national*/*"))
    # the previous year's published tables: this year's are protected together with them
    files += sorted((report_dir(params["year"] - 1) / "publish" / "tables").glob("*.csv"))
    out = []
    for path in files:
        if not path.is_file():
            continue
        entry: dict[str, object] = {"path": _relative(path), "sha256": sha256(path)}
        if path.suffix == ".csv":
            with path.open("rb") as fh:
                entry["rows"] = max(sum(1 for _ in fh) - 1, 0)
        out.append(entry)
    return out


def build_manifest(params: Params, params_file: str | Path, publish_dir: Path) -> dict:
    """The manifest of ``publish_dir`` (every file in it but the manifest itself)."""
    params_path = resolve(params_file)
    outputs = [
        {"file": p.relative_to(publish_dir).as_posix(), "sha256": sha256(p)}
        for p in sorted(publish_dir.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME
    ]
    return {
        "organisation": params["organisation"],
        "year": params["year"],
        "snapshot_date": params["snapshot_date"],
        "publication_date": params["publication_date"],
        "params": {
            "file": _relative(params_path),
            "sha256": sha256(params_path),
            "values": dict(params),
        },
        "inputs": input_files(params),
        "code": code_version(),
        "python": platform.python_version(),
        "packages": package_versions(),
        "rendering": {"libraries": rendering_libraries(), "fonts": fonts()},
        "seeds": {
            "bootstrap": params["bootstrap"]["seed"],
            "decomposition": params["decomposition"]["seed"],
        },
        "plausibility_allowances": [str(a) for a in params["plausibility"]["allowed_pay"]],
        "outputs": outputs,
    }


def seal_of(manifest: dict) -> str:
    """SHA-256 of a manifest's content without its seal (canonical JSON: sorted keys, UTF-8)."""
    content = {k: v for k, v in manifest.items() if k != "seal"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal_intact(manifest: dict) -> bool | None:
    """True when the manifest matches its seal, False when edited since, None when unsealed."""
    recorded = manifest.get("seal", {})
    if not isinstance(recorded, dict) or "sha256" not in recorded:
        return None
    return recorded["sha256"] == seal_of(manifest)


def write_manifest(manifest: dict, publish_dir: Path) -> Path:
    """Write ``manifest.json`` with its seal (:func:`seal_of`) as the last key."""
    sealed = {k: v for k, v in manifest.items() if k != "seal"}
    sealed["seal"] = {"algorithm": "sha256 of the canonical JSON of every other key",
                      "sha256": seal_of(sealed)}
    path = publish_dir / MANIFEST_NAME
    path.write_text(
        json.dumps(sealed, indent=2, sort_keys=False, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def read_manifest(publish_dir: Path) -> dict:
    """The manifest of a published folder (``manifest.json``), as written."""
    return json.loads((publish_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
