"""Which engine evaluates workbooks when the caller does not say: **formualizer**.

Chosen by measurement (``benchmarks/run.py``; figures in ``benchmarks/README.md``), on the
synthetic reports of 1x, 10x, 40x and 100x the Walantaka example, on the 2-core reference machine:

* **Exact.** Every computed cell of the Walantaka workbook equals the rules' value, and every
  case of the function-coverage test gives Excel's value except number-to-text conversion
  (``=A2/3&""``), which the generator never writes. ROUND at decimal ties is Excel's; the
  ``formulas`` package gets 4.6 % of 2-decimal ties wrong.
* **Fast and lean.** ``lkjip-xl check`` of the Walantaka workbook as a whole process in well under
  half of LibreOffice's headless recalculation of the same file, and of the 100x report (19,500
  indicator rows, 126,000 formula cells) in less than LibreOffice's time, under 1 GB. The engine
  itself (load and evaluate) takes about 3 s and 320 MB at 100x; ``formulas`` 1.3.4 about
  20 minutes and 10 GB.
* **IronCalc is the runner-up:** as exact once its reading of styled empty cells as 0 is worked
  around (see ``ironcalc_engine``), leaner (120 MB at 100x) and it compiles one formula per
  distinct shape, but its xlsx reader is about twice as slow as the whole formualizer evaluation.
  It is the engine to use for a workbook with multi-cell array formulas, which formualizer 0.13.0
  refuses.
* **Pinned exactly** (``formualizer==0.13.0``), with the function-coverage test run against it:
  an upgrade is taken on purpose, and any changed result fails the suite.

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
