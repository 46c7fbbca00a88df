"""Write the ``parameters`` cell of every notebook from the default params file.

Every pipeline notebook declares the same parameter names (data.md §3) with the default year's
values, one type-annotated literal per line with a trailing comment, so that ``papermill
--help-notebook`` documents them and papermill never warns about an unknown injected parameter.
Run after changing the parameter contract (eqlib.config.PARAM_DOCS) or the default year:

    .venv/bin/python scripts/sync_notebook_parameters.py [params/2026.yaml]

tests/unit/test_notebook_sources.py fails when a notebook's cell is out of step.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from eqlib.config import PARAM_DOCS, PROJECT_ROOT, load_params

DEFAULT_PARAMS = "params/2026.yaml"


def parameters_source(params_file: str = DEFAULT_PARAMS) -> str:
    params = load_params(params_file)
    lines = [
        f"# Defaults: {params_file}. `make report` injects the year's params file (papermill -f)."
    ]
    for name, doc in PARAM_DOCS.items():
        value = params[name]
        type_name = type(value).__name__ if value is not None else "None"
        lines.append(f"{name}: {type_name} = {value!r}  # {doc}")
    return "\n".join(lines)


def sync(path: Path, source: str) -> bool:
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise SystemExit(
            f"{path}: expected exactly one cell tagged 'parameters', found {len(cells)}"
        )
    if cells[0].source == source:
        return False
    cells[0].source = source
    nbformat.write(nb, path)
    return True


def main() -> None:
    params_file = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_PARAMS
    source = parameters_source(params_file)
    for path in sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        print(f"{'updated' if sync(path, source) else 'in step'}: {path.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
