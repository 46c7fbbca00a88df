"""eqlib: the library behind eqstats' workforce equality analytics.

Modules by subject (see each module's docstring for its terms):
``config`` (parameters, paths), ``io`` (readers), ``schema`` (code lists, validation),
``paygap``, ``representation``, ``outcomes``, ``intervals``, ``disclosure``, ``benchmark``,
``plots``, ``tables``, ``publication``, ``manifest``, ``synth``.
"""

from __future__ import annotations

from eqlib.errors import AccountingError, DataError, EqlibError, ParamsError, PublicationError

__all__ = ["AccountingError", "DataError", "EqlibError", "ParamsError", "PublicationError"]
__version__ = "0.1.0"
