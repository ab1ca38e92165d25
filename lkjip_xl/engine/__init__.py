"""Headless evaluation of the workbooks lkjip-xl writes.

An :class:`Engine` computes every formula of a workbook and returns :data:`Values`
(``{(sheet, address): value}``). :class:`FormulasEngine` does it in Python with the ``formulas``
package; see ``docs/engine-notes.md`` for where it differs from Excel.

Example::

    from lkjip_xl.engine import FormulasEngine

    values = FormulasEngine().evaluate(Path("laporan.xlsx"))
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
