"""eqlib: the library behind eqstats' workforce equality analytics.

Modules by subject (see each module's docstring for its terms):
``config`` (parameters, paths), ``io`` (readers), ``schema`` (code lists, validation),
``paygap``, ``representation``, ``outcomes``, ``intervals``, ``disclosure``, ``national_gpg``,
``plots``, ``tables``, ``publication``, ``manifest``, ``synth``.
"""

from __future__ import annotations

import sys

from eqlib.errors import AccountingError, DataError, EqlibError, ParamsError, PublicationError

__all__ = ["AccountingError", "DataError", "EqlibError", "ParamsError", "PublicationError"]
__version__ = "0.1.0"

# papermill and nbconvert read notebooks with nbformat, which imports jsonschema, which imports
# rfc3987_syntax when it is installed (jupyter-events pulls it in for JupyterLab) and builds a
# Lark grammar for its "iri" format on import: 1.2 s in every pipeline step. Notebook schemas have
# no "iri" field, so in a process that uses eqlib jsonschema goes without that one format check.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
