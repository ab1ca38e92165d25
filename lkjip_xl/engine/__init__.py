"""Headless evaluation of a workbook's formulas, behind one interface (:mod:`.base`).

An :class:`Engine` computes every formula of a workbook and returns :data:`Values`
(``{(sheet, address): value}``). :func:`~.default.default_engine` gives formualizer unless
``LKJIP_ENGINE`` names ``formulas`` (pure Python, the independent engine of the cross-engine
tests) or ``libreoffice`` (the reference application); ``docs/engine-notes.md`` says where each
differs from Excel.

Example::

    from lkjip_xl.engine.default import default_engine

    values = default_engine().evaluate(Path("laporan.xlsx"))
    values[("Rekap Kegiatan", "P12")]  # 99.49
"""

from .base import Engine, EngineError, Values
from .formulas_engine import FormulasEngine

__all__ = [
    "Engine",
    "EngineError",
    "FormulasEngine",
    "Values",
]
