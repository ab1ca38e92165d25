"""Which engine evaluates workbooks when the caller does not say: **formualizer**.

Chosen by measurement (``benchmarks/run.py``; tables in ``benchmarks/README.md``) on the synthetic
reports of 1x, 10x, 40x and 100x the Walantaka example (195 to 19,500 indicator rows), on the
2-core reference machine, against ``formulas`` 1.3.4, ``ironcalc`` 0.9.1 and LibreOffice 7.4:

* **Exact.** Every computed cell of the Walantaka workbook equals the rules' value and
  FormulasEngine's, and every case of the function-coverage test (every function and every
  formula shape the generator writes) gives Excel's value. ROUND at decimal ties is Excel's, where
  ``formulas`` 1.3.4 gets 4.6 % of 2-decimal ties wrong. The one difference, number-to-text
  conversion (``=A2/3&""``: 17 digits, Excel 15), is in no formula the generator writes.
* **Fastest.** The engine alone (read, evaluate, collect): 35 ms for the Walantaka workbook,
  2.7-3.6 s and 370 MB for the 100x report (126,093 formula cells), linear in rows. IronCalc:
  60 ms and 5.5 s / 200 MB. ``formulas``: ``check`` takes 9.4 s at 1x and 84 s / 1.9 GB at 10x
  (not run beyond: about 20 minutes and 10 GB at 100x by the issue's figures). LibreOffice's whole
  headless recalculation: 1.2 s at 1x, 9.8 s / 720 MB at 100x.
  With the streamed pipeline (second session), ``lkjip-xl check`` takes 0.22 s at 1x and 5.6 s at
  100x, ``recalc`` 0.27 s and 6.9 s (0.16-0.74 of LibreOffice's time); with IronCalc, 8.8 and
  10.2 s at 100x, above LibreOffice's. See benchmarks/README.md.
* **Portable and pinned.** One abi3 wheel for every Python from 3.10 (IronCalc ships one per Python
  version), pinned exactly (``formualizer==0.13.0``) with the function-coverage test run against
  it, so an upgrade is taken on purpose and any changed result fails the suite.

What it does not do, and where IronCalc is the better choice (``LKJIP_ENGINE=ironcalc``):

* it parses every formula cell (at most 0.4 us each, ``benchmarks/shapes.py``; evaluating one
  takes 2-20 us), where IronCalc, which parses every cell on loading too, then keeps one tree per
  distinct shape (about 2,100 for the 126,093 cells at 100x);
* it refuses a workbook with a multi-cell array formula (the generator writes none);
* it needs more memory than IronCalc (the engine alone at 100x: 387 MB, IronCalc 273 MB).

IronCalc needs a workaround to be exact on generated workbooks (it reads openpyxl's styled empty
cells as 0; see ``ironcalc_engine``); LibreOffice is the reference application and the slowest.

``LKJIP_ENGINE=formulas|formualizer|ironcalc|libreoffice`` overrides the choice for a process
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


def _formulas() -> Engine:
    from .formulas_engine import FormulasEngine

    return FormulasEngine()


def _formualizer() -> Engine:
    from .formualizer_engine import FormualizerEngine

    return FormualizerEngine()


def _ironcalc() -> Engine:
    from .ironcalc_engine import IronCalcEngine

    return IronCalcEngine()


def _libreoffice() -> Engine:
    from .libreoffice_engine import LibreOfficeEngine

    return LibreOfficeEngine()


_FACTORIES: dict[str, Callable[[], Engine]] = {
    "formulas": _formulas,
    "formualizer": _formualizer,
    "ironcalc": _ironcalc,
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
