"""Headless evaluation with ``formualizer`` (pinned: formualizer==0.13.0), a Rust engine.

``formualizer`` reads the xlsx itself (its own Rust reader, no openpyxl), builds a dependency graph
and evaluates it natively: on the 100x synthetic report (126,000 formula cells) load and evaluate
take seconds where the ``formulas`` package takes about twenty minutes. Values cached in the file
are never used (the reader drops the cached value of every formula cell).

Which cells are formula cells is read from the package by the one sheet reader (the
recalculation's own reading, or :func:`~.base.read_formula_sheets` for a standalone
:meth:`~FormualizerEngine.evaluate`), not asked of the engine: ``formualizer``'s own formula
listing pretty-prints every formula and costs more than the evaluation.

What formualizer 0.13.0 returns, and how it becomes :data:`~.base.Values`:

* numbers ``float`` (``int`` for some results: turned into ``float``), text ``str``, ``""`` for an
  empty-string result, booleans ``bool``; a formula that refers to an empty cell gives ``0.0``;
* errors are dicts ``{"type": "Error", "kind": "Div"}``: turned into ``"#DIV/0!"`` etc.;
* dates come back as ``datetime.date`` unless ``set_temporal_egress("serial")``, which the engine
  sets, so a ``DATE()`` is its serial number as in Excel;
* a circular reference gives the error kind ``Circ`` in every cell of the cycle: the engine
  raises :class:`~.base.EngineError` naming those cells, as :class:`FormulasEngine` does;
* an operator it does not implement (the intersection operator ``A1:A2 A3:A4``) gives kind
  ``NImpl``: also an :class:`~.base.EngineError`. An Excel function it lacks gives ``#NAME?``,
  like a misspelt function (``BAHTTEXT``, ``CUBEVALUE``): no function the generator writes.

Compilation: formualizer 0.13.0 parses every formula cell and makes it a vertex of its dependency
graph, with its own tree, so its work grows with the cells, not with the distinct formula shapes:
about 20 us a formula cell, reading and evaluating together (2.7 s for the 126,093 formula cells of
the 100x report, which have 2,084 distinct relative shapes), linear in rows. Its FormulaPlane
(one template per run of same-shape cells, ``span_evaluation``) is experimental in 0.13.0 and
changed neither time nor memory on these workbooks, so it is not used. (IronCalc, which keeps one
parsed formula per distinct shape, was slower overall; it remains a test oracle in ``tests/engine``.)

Known differences from Excel (pinned, engine by engine, in tests/engine/test_function_coverage.py):
a number turned into text keeps up to 17 significant digits (``=A2/3&""`` gives
``"6.666666666666667"``, Excel ``"6.66666666666667"``), as in ``formulas``. ROUND at decimal ties
is Excel's (half away from zero on the 15-digit value: ``ROUND(1.005,2)`` is 1.01).

Array formulas: formualizer evaluates a legacy (Ctrl+Shift+Enter) array formula as a dynamic
array that spills from its top-left cell. The values Excel caches in the other cells of the
array's range block the spill (``#SPILL!``), and clearing them before evaluating leaves the
spilled cells empty (0.13.0). The engine therefore refuses a workbook with a multi-cell array
formula (:class:`~.base.EngineError` naming the ranges); the generator writes none, and the
LibreOffice engine evaluates them. Single-cell array formulas (as Excel 365 saves
many ordinary formulas) are fine.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from lkjip_xl import a1

from .base import (Engine, EngineError, Grids, SheetFormulas, Spans, Values, cell_list, read_formula_sheets,
                   release_freed_memory)
from .run import note_native_threads

__all__ = ["FORMUALIZER_VERSION", "FormualizerEngine"]

#: The version this engine is written and tested against (pyproject pins it exactly).
FORMUALIZER_VERSION = "0.13.0"

#: formualizer's error kinds -> Excel's error values.
_ERROR_KINDS = {
    "div": "#DIV/0!",
    "na": "#N/A",
    "value": "#VALUE!",
    "name": "#NAME?",
    "ref": "#REF!",
    "num": "#NUM!",
    "null": "#NULL!",
    "spill": "#SPILL!",
    "calc": "#CALC!",
    "circ": "#CIRC!",
    "nimpl": "#N/IMPL!",
    "cancelled": "#CANCELLED!",
    "error": "#ERROR!",
}

def _scalar(value: Any) -> object:
    """One value of formualizer as a plain Python value (see :data:`~.base.Values`)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        number = float(value)
        return number if math.isfinite(number) else "#NUM!"
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if value.get("type") == "Error":
            kind = str(value.get("kind", "error"))
            return _ERROR_KINDS.get(kind.lower(), f"#{kind.upper()}!")
        return str(value)
    if isinstance(value, list):  # an array in one cell: Excel shows its first element
        while isinstance(value, list):
            value = value[0] if value else None
        return _scalar(value)
    return str(value)


def _refuse_array_ranges(sheets: list[SheetFormulas], path: Path) -> None:
    """formualizer 0.13.0 evaluates a multi-cell array formula as a dynamic array spilling from
    its first cell; the values Excel caches in the other cells block the spill (``#SPILL!``), and
    clearing them first leaves the spilled cells empty. Refuse rather than return wrong values."""
    found = []
    for sheet in sheets:
        for r1, c1, r2, c2 in sheet.array_ranges():
            if (r1, c1) != (r2, c2):
                found.append((sheet.name, f"{a1.cell(r1, c1)}:{a1.cell(r2, c2)}"))
    if found:
        shown = cell_list(found)
        raise EngineError(
            f"formualizer {FORMUALIZER_VERSION} cannot evaluate multi-cell array formulas ({shown}); "
            "evaluate this workbook with LKJIP_ENGINE=libreoffice",
            path,
            cells=found,
        )


class FormualizerEngine(Engine):
    """:class:`~.base.Engine` over ``formualizer.Workbook`` (Rust), in its default Interactive
    mode (the graph is built as evaluation needs it: 2.7 s for the 126,000 formulas of the 100x
    report, where the Ephemeral mode's eager build takes 5.7 s).

    ``parallel`` lets formualizer evaluate independent cells on several threads (no measurable
    difference on 2 cores).
    """

    name = "formualizer"
    version = FORMUALIZER_VERSION

    def __init__(self, *, parallel: bool = True) -> None:
        self.parallel = parallel

    def evaluate(self, path: Path) -> Values:
        path = Path(path)
        if not path.is_file():
            raise EngineError("no such workbook", path)
        sheets = read_formula_sheets(path)
        _refuse_array_ranges(sheets, path)
        ranges = {}
        for sheet in sheets:
            positions = sheet.positions()
            if positions:
                ranges[sheet.name] = (min(r for r, _ in positions), min(c for _, c in positions),
                                      max(r for r, _ in positions), max(c for _, c in positions))
        per_sheet = self.formula_values(self.evaluate_grids(path, ranges), ranges, sheets, path)
        return {(sheet.name, a1.cell(r, c)): value for sheet in sheets if sheet.name in per_sheet
                for (r, c), value in zip(sheet.positions(), per_sheet[sheet.name])}

    def _evaluated(self, path: Path) -> tuple[Any, Any]:
        """formualizer, and its workbook of ``path`` with every formula evaluated."""
        try:
            import formualizer as fz  # imported here: the interface works without it
        except ImportError as ex:
            raise EngineError(
                f"the formualizer engine is not installed (pip install formualizer=={FORMUALIZER_VERSION})", path
            ) from ex
        note_native_threads()
        config = fz.EvaluationConfig()
        config.enable_parallel = self.parallel
        try:
            wb = fz.Workbook.load_path(str(path), config=fz.WorkbookConfig(eval_config=config))
        except Exception as ex:  # formualizer raises several types for a broken package
            raise EngineError(
                f"cannot load the workbook for evaluation ({type(ex).__name__}: {ex})", path
            ) from ex
        try:
            wb.set_temporal_egress("serial")
            wb.evaluate_all()
        except Exception as ex:
            raise EngineError(f"evaluation failed ({type(ex).__name__}: {ex})", path) from ex
        return fz, wb

    # -- the grid operations of the interface ---------------------------------------------------
    def evaluate_grids(self, path: Path, spans: Spans) -> Grids:
        """Evaluate ``path`` and give formualizer's raw values of each sheet's span, one call per
        sheet (no scan of the package here: the reader knows the formula cells)."""
        path = Path(path)
        if not path.is_file():
            raise EngineError("no such workbook", path)
        fz, wb = self._evaluated(path)
        known = set(wb.sheet_names)
        out = {}
        for sheet, (r1, c1, r2, c2) in spans.items():
            if sheet in known:
                out[sheet] = wb.sheet(sheet).get_values(fz.RangeAddress(sheet, r1, c1, r2, c2))
        del wb
        release_freed_memory()
        return out

    def cell_value(self, raw: Any) -> object:
        return _scalar(raw)

    def check_formulas(self, sheets: list[SheetFormulas], path: Path) -> None:
        _refuse_array_ranges(sheets, path)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(parallel={self.parallel!r})"
