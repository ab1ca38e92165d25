"""Which engine evaluates workbooks when the caller does not say: **formualizer**.

Chosen by measurement (``benchmarks/run.py``; the tables are in ``benchmarks/README.md``):

* **Exact.** Every computed cell of the Walantaka workbook equals the rules' value, and every case
  of the function-coverage test (every function and formula shape the generator writes) gives
  Excel's value, ROUND at decimal ties included. The one difference, number-to-text conversion
  (``=A2/3&""``: 17 digits, Excel 15), is in no formula the generator writes.
* **Fastest.** Of the engines, the fastest alone and through the whole pipeline, linear in rows;
  ``recalc`` and ``check`` stay well under LibreOffice's own recalculation time.
* **Portable and pinned.** One abi3 wheel for every Python from 3.10, pinned exactly
  (``formualizer==0.13.0``) with the function-coverage test run against it, so an upgrade is
  taken on purpose and any changed result fails the suite.

What it does not do, and where another engine serves:

* it refuses a workbook with a multi-cell array formula (the generator writes none; offices'
  own forms may have them): ``LKJIP_ENGINE=libreoffice`` evaluates those;
* it parses every formula cell (IronCalc keeps one tree per distinct shape, but was slower overall
  and needs a workaround for openpyxl's styled empty cells: it is a test oracle now,
  ``tests/engine/ironcalc_engine.py``).

LibreOffice is the reference application and the slowest; ``formulas`` is the independent engine of
pure Python that the cross-engine tests hold the others against.

``LKJIP_ENGINE=formulas|formualizer|libreoffice`` overrides the choice for a process
(the CLI, the benchmarks); an unknown name is an :class:`~.base.EngineError`.
"""

from __future__ import annotations

import os
from typing import Callable

from .base import Engine, EngineError

__all__ = ["DEFAULT_ENGINE", "ENGINE_NAMES", "ENV_VAR", "default_engine", "make_engine"]

#: The environment variable that overrides the default.
ENV_VAR = "LKJIP_ENGINE"
#: The engine used when nothing else is said.
DEFAULT_ENGINE = "formualizer"


# Each engine is imported when it is chosen: the formulas package alone takes about a second to load.
def _formulas() -> Engine:
    from .formulas_engine import FormulasEngine

    return FormulasEngine()


def _formualizer() -> Engine:
    from .formualizer_engine import FormualizerEngine

    return FormualizerEngine()


def _libreoffice() -> Engine:
    from .libreoffice_engine import LibreOfficeEngine

    return LibreOfficeEngine()


_FACTORIES: dict[str, Callable[[], Engine]] = {
    "formulas": _formulas,
    "formualizer": _formualizer,
    "libreoffice": _libreoffice,
}

#: Every engine name ``LKJIP_ENGINE`` and :func:`make_engine` accept.
ENGINE_NAMES = tuple(_FACTORIES)


def make_engine(name: str) -> Engine:
    """A new engine by name (``"formualizer"``, ...); :class:`~.base.EngineError` if unknown."""
    key = name.strip().lower()
    factory = _FACTORIES.get(key)
    if factory is None:
        raise EngineError(f"unknown evaluation engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
    return factory()


def default_engine() -> Engine:
    """The engine named by ``LKJIP_ENGINE``, or :data:`DEFAULT_ENGINE` when it is unset or empty."""
    name = os.environ.get(ENV_VAR, "").strip()
    return make_engine(name or DEFAULT_ENGINE)
