"""IronCalc (pinned in the test extra: ironcalc==0.9.1) as a test oracle: a second exact Rust engine,
independent of formualizer, that the cross-engine tests and the function-coverage test hold the
package's engines against. No user path evaluates with it (it was slower overall than formualizer
and needs the workaround below), so it lives here and not in :mod:`lkjip_xl.engine`.

IronCalc reads the xlsx with its own Rust reader and keeps, per sheet, one parsed formula per
distinct shape: every formula is parsed, turned into its relative (R1C1-like) text, and cells whose
text is the same share one parsed tree. So the compiled formulas of a report are a few dozen
whatever the number of rows; evaluation walks the shared tree for each cell. Values cached in the
file are never used.

Which cells are formula cells comes from the package's one sheet reader
(:class:`lkjip_xl.ooxml.sheet.SheetReader`), as for the package's engines, so all of them agree on it.

What ironcalc 0.9.1 returns, and how it becomes :data:`~lkjip_xl.engine.base.Values`:

* ``Model.get_cell_value`` gives ``float``, ``str`` (``""`` for an empty-string result), ``bool``,
  or the error's text (``"#DIV/0!"``, ``"#N/A"``...), which is already the :data:`Values` form;
  an empty cell reads as ``0.0`` (formula cells only are read);
* a circular reference gives ``#CIRC!`` in the cells of the cycle: :class:`~lkjip_xl.engine.base.EngineError`
  naming them, as :class:`FormulasEngine` does; a formula IronCalc could not parse (``#ERROR!``)
  or a function it does not implement (``#N/IMPL!``) is an :class:`~lkjip_xl.engine.base.EngineError` too;
* sheets are addressed by index (0-based), rows and columns from 1.

Known differences from Excel (pinned in tests/engine/test_function_coverage.py):

* **A styled empty cell written as** ``<c r="N33" s="36" t="n"/>`` **reads as the number 0.**
  openpyxl writes every empty cell that has a style so, and the generator styles every input
  cell: a blank realisasi would count as 0 (``ISNUMBER`` TRUE, counted by ``AVERAGE``), and 24
  cells of the Walantaka workbook would be wrong. Excel reads such a cell as empty. The oracle
  finds these cells with the sheet reader (a cell with a format and no value) and clears them in
  the model before evaluating.

* **Parentheses around a comparison inside ``&`` are lost when the workbook is loaded:** the
  reader stores each formula as text without them and parses that text again, so
  ``="x"&(A1>5)`` is evaluated as ``("x"&A1)>5`` and gives ``TRUE`` instead of ``"xTRUE"``.
  (A formula typed through the API is right; only loaded files are affected.) The generator
  never concatenates; arithmetic parentheses such as ``(2*t-r)/t`` are kept.
* A number turned into text keeps up to 17 significant digits, as in ``formulas``.
* ROUND at decimal ties is Excel's (``ROUND(1.005,2)`` is 1.01).
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

from lkjip_xl import a1
from lkjip_xl.engine.base import (Engine, EngineError, SheetFormulas, Values, raise_for_uncomputed,
                                  release_freed_memory)
from lkjip_xl.engine.run import note_native_threads
from lkjip_xl.ooxml.package import PackageError
from lkjip_xl.ooxml.safety import MAX_USED_CELLS
from lkjip_xl.ooxml.sheet import SheetReader, read_workbook_parts

__all__ = ["IRONCALC_VERSION", "IronCalcEngine"]

#: The version this oracle is written and tested against (the test extra pins it exactly).
IRONCALC_VERSION = "0.9.1"

#: IronCalc's error for a formula it could not parse.
_PARSE_ERROR = "#ERROR!"


def _read(path: Path) -> tuple[list[SheetFormulas], dict[str, list[tuple[int, int]]]]:
    """The formula cells of every worksheet, and per sheet the ``(row, col)`` of each cell that has a
    format but no value (what IronCalc reads as 0), from one reading of the package."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = read_workbook_parts(z, path)
            sheets, empties = [], {}
            for name, part in parts.sheets.items():
                cells = SheetReader(parts, name, path, MAX_USED_CELLS).read(z, part)
                sheets.append(SheetFormulas(name, part, cells.formula_cells, cells.arrays))
                empties[name] = [(r + 1, c + 1) for r, (styles, values, formulas)
                                 in enumerate(zip(cells.styles, cells.values, cells.formulas))
                                 for c, style in enumerate(styles)
                                 if style and values[c] is None and formulas[c] is None]
            return sheets, empties
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, PackageError) as ex:
        raise EngineError(f"cannot load the workbook for evaluation ({type(ex).__name__}: {ex})", path) from ex


class IronCalcEngine(Engine):
    """:class:`~lkjip_xl.engine.base.Engine` over ``ironcalc.load_from_xlsx`` (the raw ``Model`` API)."""

    name = "ironcalc"

    def evaluate(self, path: Path) -> Values:
        path = Path(path)
        if not path.is_file():
            raise EngineError("no such workbook", path)
        sheets, empties = _read(path)
        try:
            import ironcalc as ic  # imported here: the interface works without it
        except ImportError as ex:
            raise EngineError(
                f"the ironcalc engine is not installed (pip install ironcalc=={IRONCALC_VERSION})", path
            ) from ex

        note_native_threads()
        try:
            model = ic.load_from_xlsx(str(path), "en", "UTC", "en")
        except BaseException as ex:  # a Rust panic surfaces as pyo3's PanicException
            if isinstance(ex, (KeyboardInterrupt, SystemExit)):
                raise
            raise EngineError(
                f"cannot load the workbook for evaluation ({type(ex).__name__}: {ex})", path
            ) from ex
        index = {props["name"]: i for i, props in enumerate(model.get_worksheets_properties())}
        try:
            for sheet, cells in empties.items():
                i = index.get(sheet)
                if i is None:
                    continue
                clear = model.clear_cell_contents  # keeps the cell's style
                for r, c in cells:
                    clear(i, r, c)
            model.evaluate()
        except BaseException as ex:
            if isinstance(ex, (KeyboardInterrupt, SystemExit)):
                raise
            raise EngineError(f"evaluation failed ({type(ex).__name__}: {ex})", path) from ex
        error_type = ic.CellType.ErrorValue
        values: Values = {}
        unparsed: list[tuple[str, str]] = []
        for sheet in sheets:
            positions = sheet.positions()
            if not positions:
                continue
            i = index.get(sheet.name)
            if i is None:
                cells = [(sheet.name, a1.cell(r, c)) for r, c in positions]
                raise EngineError(f"ironcalc did not load sheet {sheet.name!r}", path, cells=cells)
            get = model.get_cell_value
            for r, c in positions:
                value = get(i, r, c)
                if isinstance(value, float) and not math.isfinite(value):
                    value = "#NUM!"
                elif value == _PARSE_ERROR and model.get_cell_type(i, r, c) == error_type:
                    unparsed.append((sheet.name, a1.cell(r, c)))
                values[(sheet.name, a1.cell(r, c))] = value
        del model
        release_freed_memory()
        if unparsed:
            raise EngineError(
                f"{len(unparsed)} formula cell(s) could not be parsed by ironcalc {IRONCALC_VERSION}: "
                + ", ".join(f"{s}!{a}" for s, a in unparsed[:10]),
                path,
                cells=unparsed,
            )
        raise_for_uncomputed(values, path, "ironcalc", IRONCALC_VERSION)
        return values

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
