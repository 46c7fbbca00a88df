"""Audit a published year: rerun it from the raw inputs and compare every published output.

Terms
-----
published folder
    A ``publish/`` folder with its ``manifest.json`` (default ``reports/<year>/publish``; an
    auditor points ``PUBLISHED`` at the folder the organisation published).
rerun
    ``make report`` in a temporary copy of the project, with the same parameters and either the
    project's own inputs or the extract the auditor was given (``DATA``).
integrity
    Before the rerun, what can be checked without it: the manifest against its seal (edited after
    publication?), the params file against the one the manifest records (same SHA-256, same
    values?), and the files in the published folder against the manifest's list and hashes
    (missing, extra or changed files).
verdict
    One line per file of the published folder, its manifest and the rerun: ``MATCH`` when the
    published bytes are in the manifest with the same SHA-256 and identical to the rerun's, or
    ``DIFFERS`` with every reason (missing, not in the manifest, changed since publication, and
    the first difference from the rerun: a table's row, column and both values; otherwise the
    first differing byte). The published file itself is always read and compared with the rerun:
    the question is whether the published bytes are what the code gives. Before the outputs, the
    audit says whether what could explain a difference changed: inputs, parameters, code version,
    package versions, rendering libraries. When only the rendering libraries differ, the PDF is
    compared by its text and structure instead of its bytes; tables, HTML text and the other files
    are still compared exactly.

``python -m eqlib.audit --params params/2026.yaml [--published DIR] [--data DIR] [--rerun DIR]``
(``make audit``). ``--rerun`` compares with the ``publish/`` folder of a rerun already made (by
``make report`` from the same inputs and parameters in another copy of the project) instead of
rerunning, e.g. to check several copies of a publication against one rerun.
Exit status 0 when every check passes, 1 when any fails, 2 when the rerun itself failed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

from eqlib import manifest as mf
from eqlib.config import PROJECT_ROOT, load_params, resolve, validate_params
from eqlib.errors import EqlibError, ParamsError

IGNORED_PARTS = {
    ".git",
    ".venv",
    "reports",
    "processed",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "node_modules",
    ".ipynb_checkpoints",
}


def copy_project(dest: Path) -> Path:
    """Copy the project's sources and inputs (not .venv, reports or processed data) to ``dest``."""
    try:
        listed = (
            subprocess.run(
                ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                cwd=PROJECT_ROOT,
                capture_output=True,
                check=True,
            )
            .stdout.decode()
            .split("\0")
        )
        files = [PROJECT_ROOT / f for f in listed if f]
    except (OSError, subprocess.CalledProcessError):
        files = [
            p
            for p in PROJECT_ROOT.rglob("*")
            if p.is_file() and not IGNORED_PARTS & set(p.relative_to(PROJECT_ROOT).parts)
        ]
    for src in files:
        if not src.is_file():
            continue
        target = dest / src.relative_to(PROJECT_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    return dest


def first_table_difference(published: bytes, rerun: bytes) -> str:
    """The first differing cell of two CSV tables, in words."""
    a = pd.read_csv(io.BytesIO(published), dtype=str, keep_default_na=False)
    b = pd.read_csv(io.BytesIO(rerun), dtype=str, keep_default_na=False)
    if list(a.columns) != list(b.columns):
        return f"the columns differ (published {list(a.columns)}, rerun {list(b.columns)})"
    for i in range(min(len(a), len(b))):
        for col in a.columns:
            if a.at[i, col] != b.at[i, col]:
                where = ", ".join(
                    f"{k} {a.at[i, k]}"
                    for k in ("group", "level", "measure")
                    if k in a.columns and a.at[i, k]
                )
                return (
                    f"row {i + 2}{f' ({where})' if where else ''}, column {col}: published "
                    f"{a.at[i, col] or '(blank)'}, rerun {b.at[i, col] or '(blank)'}"
                )
    return f"the number of rows differs (published {len(a)}, rerun {len(b)})"


def first_byte_difference(published: bytes, rerun: bytes) -> str:
    """Where two versions of a file first differ, in words: the byte offset, or that the sizes
    differ."""
    for i, (x, y) in enumerate(zip(published, rerun, strict=False)):
        if x != y:
            return f"first difference at byte {i:,} of {len(published):,}"
    return f"the sizes differ (published {len(published):,} bytes, rerun {len(rerun):,})"


def pdf_text_and_structure(data: bytes) -> tuple[list[str], list[str]]:
    """Page texts and the structure-tree tags of a PDF (for comparing across rendering libraries)."""
    from pypdf import PdfReader  # noqa: PLC0415

    reader = PdfReader(io.BytesIO(data))
    texts = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    tags: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                tags.append(str(node["/S"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is not None:
        walk(root)
    return texts, tags


def _same(label: str, published: object, rerun: object, detail: str = "") -> tuple[bool, str]:
    same = published == rerun
    return same, f"  {label:22s} {'same' if same else 'DIFFERENT'}{detail if same else ''}"


def context_lines(old: dict, new: dict) -> tuple[list[str], bool]:
    """Lines saying whether inputs, params, code, packages and rendering libraries changed, and
    whether the rendering libraries are the same (bytes of the PDF comparable)."""
    lines = []
    # keyed by file name: an auditor's extract (DATA) lives in another folder than the original
    old_inputs = {Path(i["path"]).name: i["sha256"] for i in old.get("inputs", [])}
    new_inputs = {Path(i["path"]).name: i["sha256"] for i in new.get("inputs", [])}
    changed = sorted(
        p for p in old_inputs.keys() | new_inputs.keys() if old_inputs.get(p) != new_inputs.get(p)
    )
    ok, line = _same("input files", not changed, True, f" ({len(old_inputs)} files)")
    lines.append(
        line if ok else f"{line}: {', '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}"
    )
    old_p = dict(old["params"]["values"])
    new_p = dict(new["params"]["values"])
    old_p.pop("data_dir", None)
    new_p.pop("data_dir", None)
    keys = sorted(k for k in old_p.keys() | new_p.keys() if old_p.get(k) != new_p.get(k))
    ok, line = _same("parameters", not keys, True)
    lines.append(line if ok else f"{line}: {', '.join(keys)}")
    ok, line = _same(
        "code version",
        old["code"],
        new["code"],
        f" (commit {str(old['code'].get('git_commit'))[:10]})",
    )
    lines.append(line if ok else f"{line}: published {old['code']}, now {new['code']}")
    pk_old, pk_new = old["packages"], new["packages"]
    diff = sorted(k for k in pk_old.keys() | pk_new.keys() if pk_old.get(k) != pk_new.get(k))
    ok, line = _same("package versions", not diff, True, f" ({len(pk_old)} packages)")
    lines.append(
        line
        if ok
        else f"{line}: "
        + ", ".join(f"{k} {pk_old.get(k, '-')} -> {pk_new.get(k, '-')}" for k in diff[:6])
    )
    libs_same = old["rendering"] == new["rendering"]
    libs = old["rendering"]["libraries"]
    detail = " (" + ", ".join(f"{k} {v}" for k, v in libs.items()) + ")"
    ok, line = _same("rendering libraries", libs_same, True, detail)
    lines.append(
        line
        if ok
        else f"{line}: published {old['rendering']['libraries']}, now "
        f"{new['rendering']['libraries']}; the PDF is compared by text and structure"
    )
    return lines, libs_same


def files_in(folder: Path) -> dict[str, Path]:
    """Every file under ``folder`` but the manifest, by its path relative to the folder."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() != mf.MANIFEST_NAME
    }


def integrity_lines(
    published: Path, old: dict, params_file: str | Path
) -> list[tuple[bool, str]]:
    """What can be checked before any rerun: the manifest's seal, the params file against the
    one recorded, and the published folder against the manifest's list of files and hashes."""
    out: list[tuple[bool, str]] = []
    sealed = mf.seal_intact(old)
    if sealed is None:
        out.append((False, f"  {'manifest seal':22s} MISSING: {mf.MANIFEST_NAME} carries no seal "
                           "(written before the project sealed its manifests, or the seal was "
                           "removed), so an edit to it cannot be detected; the published files "
                           "are still checked against it and the rerun below"))
    elif sealed:
        out.append((True, f"  {'manifest seal':22s} intact (the manifest's own SHA-256 is "
                          f"{mf.sha256(published / mf.MANIFEST_NAME)})"))
    else:
        out.append((False, f"  {'manifest seal':22s} BROKEN: {mf.MANIFEST_NAME} was edited after "
                           "publication (its content no longer matches its seal)"))
    out.append(params_file_line(old, params_file))
    listed = {e["file"]: e["sha256"] for e in old.get("outputs", [])}
    present = files_in(published)
    missing = sorted(set(listed) - set(present))
    extra = sorted(set(present) - set(listed))
    changed = sorted(n for n in set(listed) & set(present) if mf.sha256(present[n]) != listed[n])
    if not (missing or extra or changed):
        out.append((True, f"  {'published files':22s} as listed in the manifest "
                          f"({len(listed)} files, every SHA-256 the same)"))
    else:
        parts = [f"{len(v)} {k}: {', '.join(v[:3])}{' ...' if len(v) > 3 else ''}"
                 for k, v in (("missing", missing), ("not in the manifest", extra),
                              ("changed since publication", changed)) if v]
        out.append((False, f"  {'published files':22s} DIFFERENT from the manifest: "
                           + "; ".join(parts)))
    return out


def _flat(values: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in values.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def params_file_line(old: dict, params_file: str | Path) -> tuple[bool, str]:
    """Is the params file the one the manifest records (same SHA-256; else which values differ)?"""
    path = resolve(params_file)
    recorded = old["params"]
    label = f"  {'parameters file':22s}"
    here = _flat(dict(load_params(path)))
    there = _flat(dict(recorded["values"]))
    keys = sorted(k for k in here.keys() | there.keys() if here.get(k) != there.get(k))
    why = "; ".join(
        f"{k} is {here.get(k, '-')!r} here, {there.get(k, '-')!r} in the manifest" for k in keys[:6]
    )
    if mf.sha256(path) == recorded["sha256"]:
        if not keys:
            return True, (
                f"{label} same as recorded ({params_file}, SHA-256 {recorded['sha256'][:12]}...)"
            )
        return False, (
            f"{label} DIFFERENT: the manifest's parameter values are not those of the file whose "
            f"SHA-256 it records (the manifest was edited): {why}"
        )
    if not keys:
        why = "same values, other bytes (comments or layout changed)"
    return False, (f"{label} DIFFERENT: {params_file} is not the file the publication recorded "
                   f"({recorded['file']}): {why}")


def compare_outputs(
    published: Path, rerun: Path, old: dict, libs_same: bool
) -> list[tuple[bool, str]]:
    """One verdict per file of the published folder, the manifest and the rerun (see above)."""
    listed = {e["file"]: e["sha256"] for e in old["outputs"]}
    present = files_in(published)
    produced = files_in(rerun)
    results = []
    for name in sorted(listed.keys() | present.keys() | produced.keys()):
        reasons: list[str] = []
        pub, new = present.get(name), produced.get(name)
        if name not in listed:
            reasons.append(
                "in the published folder but not in its manifest (added after publication?)"
                if pub else "produced by the rerun but not in the published manifest"
            )
        if pub is None and name in listed:
            reasons.append("missing from the published folder (the manifest lists it)")
        if pub is not None and name in listed and mf.sha256(pub) != listed[name]:
            reasons.append("changed after publication (its SHA-256 is not the manifest's)")
        note = ""
        if new is None and (pub is not None or name in listed):
            reasons.append("the rerun did not produce it")
        elif new is not None and pub is not None:
            old_bytes, new_bytes = pub.read_bytes(), new.read_bytes()
            if old_bytes != new_bytes:
                if name.endswith(".csv"):
                    reasons.append(f"differs from the rerun: {first_table_difference(old_bytes, new_bytes)}")
                elif name.endswith(".pdf") and not libs_same:
                    if pdf_text_and_structure(old_bytes) == pdf_text_and_structure(new_bytes):
                        note = (" (same text and structure; bytes differ because the rendering "
                                "libraries differ)")
                    else:
                        reasons.append("differs from the rerun: its text or structure differs")
                else:
                    reasons.append(
                        f"differs from the rerun: {first_byte_difference(old_bytes, new_bytes)}"
                    )
        elif new is not None and name in listed and mf.sha256(new) != listed[name]:
            reasons.append("the rerun's file differs from the manifest's SHA-256")
        if reasons:
            results.append((False, f"  DIFFERS  {name}: {'; '.join(reasons)}"))
        else:
            results.append((True, f"  MATCH    {name}{note}"))
    return results


def audit(
    params_file: str,
    *,
    published: Path | None = None,
    data: Path | None = None,
    rerun: Path | None = None,
    out=None,
) -> int:
    """Rerun a published year from its raw inputs and compare every published output, printing each
    check to ``out``; the exit status (0 when everything matches)."""
    out = sys.stdout if out is None else out  # the stdout of the call, not of the import
    params = load_params(params_file)
    year = params["year"]
    published = (published or PROJECT_ROOT / "reports" / str(year) / "publish").resolve()
    if not (published / mf.MANIFEST_NAME).exists():
        raise EqlibError(
            f"no {mf.MANIFEST_NAME} in {published}: point PUBLISHED at the folder "
            "the organisation published (it holds the report and manifest.json)."
        )
    try:
        old = mf.read_manifest(published)
        old["params"]["values"], old["params"]["sha256"], old["outputs"]  # noqa: B018
    except (ValueError, KeyError, TypeError) as exc:
        raise EqlibError(
            f"{published / mf.MANIFEST_NAME} is not a manifest this project wrote "
            f"(unreadable or a part is missing: {exc}). Nothing can be checked against it."
        ) from None
    say = lambda text="": print(text, file=out, flush=True)  # noqa: E731
    say(f"Audit of the {year} publication in {published}")
    began = started = time.monotonic()

    def took() -> str:
        nonlocal started
        seconds, started = time.monotonic() - started, time.monotonic()
        return f"{seconds:.1f} s"

    say("\nThe published folder against its manifest:")
    checks = integrity_lines(published, old, params_file)
    for _, line in checks:
        say(line)
    if rerun is not None:
        rerun = rerun.resolve()
        if not (rerun / mf.MANIFEST_NAME).exists():
            raise EqlibError(f"no {mf.MANIFEST_NAME} in {rerun}: RERUN must be the publish/ "
                             "folder of a make report run.")
        if rerun == published:
            raise EqlibError("RERUN is the published folder itself: compare with a rerun.")
        say(f"\nComparing with the rerun in {rerun} (not rerunning).")
        return _verdict(say, checks, published, rerun, old, began, took)
    values = dict(old["params"]["values"])
    if data is not None:
        values["data_dir"] = str(data.resolve())
    try:
        validate_params(values, source="the published manifest's parameters")
    except ParamsError as exc:
        raise EqlibError(older_version_message(old, exc)) from None
    with tempfile.TemporaryDirectory(prefix="eqstats-audit-") as tmp:
        say("\n  copying the project's tracked files to a temporary folder ...")
        copy = copy_project(Path(tmp) / "project")
        # the previous year's publication, which this year's disclosure control reads
        earlier = Path("reports") / str(year - 1) / "publish" / "tables"
        if (PROJECT_ROOT / earlier).is_dir():
            shutil.copytree(PROJECT_ROOT / earlier, copy / earlier)
        say(f"  copying: done in {took()}")
        audit_params = copy / "params" / f"audit_{year}.yaml"
        audit_params.write_text(yaml.safe_dump(values, sort_keys=False, allow_unicode=True))
        say("  rerunning make report from the raw inputs there (its steps, as they finish):")
        env = {k: v for k, v in os.environ.items() if k != "EQSTATS_ROOT"}
        env[mf.CODE_VERSION_ENV] = json.dumps(mf.code_version())
        venv = Path(sys.prefix)
        shown: list[str] = []
        with subprocess.Popen(
            ["make", "--no-print-directory", "report", f"YEAR={year}",
             f"PARAMS=params/audit_{year}.yaml", f"VENV={venv}"],
            cwd=copy, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        ) as rerun_make:
            for line in rerun_make.stdout or ():
                shown.append(line.rstrip())
                if line.startswith("  ") and not line.startswith("   "):  # a step of the rerun
                    say("    " + line.strip())
        if rerun_make.returncode != 0:
            say("The rerun failed, so nothing could be compared. The end of its output:")
            say("\n".join(shown[-60:]))
            return 2
        say(f"  rerun: done in {took()}")
        return _verdict(say, checks, published, copy / "reports" / str(year) / "publish", old,
                        began, took)


def older_version_message(old: dict, exc: ParamsError) -> str:
    """Why a manifest's parameters cannot be rerun by this version of the project, and what to do.

    A manifest written by an older version (before a key such as ``plausibility`` existed, and
    before manifests were sealed) records parameters this version refuses: the rerun needs the
    code the publication was made with, which the manifest names.
    """
    commit = str(old.get("code", {}).get("git_commit") or "")
    missing = [p.split("'")[1] for p in exc.problems if p.startswith("missing key '")]
    why = (f"they lack {', '.join(missing)}, which this version of the project needs"
           if missing else "this version of the project refuses them")
    seal = "" if mf.seal_intact(old) is not None else " and carries no seal"
    how = (f"check out the version it records (git checkout {commit}) and run make audit there"
           if commit else "check out the version of the project it was made with and run make "
                          "audit there")
    return (f"the published {mf.MANIFEST_NAME} was written by an older version of the project"
            f"{seal}: its parameters cannot be rerun by this version ({why}). Nothing was "
            f"compared with a rerun; to audit this publication, {how}. The problems:\n"
            + "\n".join(f"  - {p}" for p in exc.problems))


def _verdict(say, checks: list[tuple[bool, str]], published: Path, rerun: Path, old: dict,  # noqa: ANN001
             began: float, took) -> int:  # noqa: ANN001 - took: the step timer of audit()
    new = mf.read_manifest(rerun)
    lines, libs_same = context_lines(old, new)
    say("\nWhat could explain a difference (published run vs this rerun):")
    for line in lines:
        say(line)
    results = compare_outputs(published, rerun, old, libs_same)
    say(f"\nPublished outputs ({len(results)}, compared in {took()}):")
    for _, line in results:
        say(line)
    differing = sum(1 for ok, _ in results if not ok)
    failed = [line.strip() for ok, line in checks if not ok]
    took = f"(Audit took {time.monotonic() - began:.0f} s.)"
    if differing:
        say(f"\nVerdict: {differing} of {len(results)} outputs DIFFER from the rerun. {took}")
    if failed:
        say(f"\nVerdict: the publication fails {len(failed)} integrity check(s): {took}")
        for line in failed:
            say(f"  - {' '.join(line.split())}")
    if differing or failed:
        return 1
    say(f"\nVerdict: all {len(results)} outputs match the rerun. {took}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``make audit``: audit one year and print the verdict; exit status 1 when anything differs."""
    parser = argparse.ArgumentParser(description="Rerun a published year and compare outputs.")
    parser.add_argument("--params", required=True)
    parser.add_argument("--published", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--rerun", type=Path, default=None,
                        help="publish/ folder of a rerun already made (instead of rerunning)")
    args = parser.parse_args(argv)
    try:
        return audit(args.params, published=args.published, data=args.data, rerun=args.rerun)
    except EqlibError as exc:
        print(f"make audit could not start: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
