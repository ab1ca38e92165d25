"""Headless evaluation with the ``formulas`` package (pinned: formulas==1.3.4).

``formulas`` reads the workbook with openpyxl, compiles every formula into a graph and computes
it in Python, with no spreadsheet application. Its results are keyed like
``"'[book.xlsx]REKAP KEGIATAN'!P12"`` (sheet names upper-cased) and wrapped in ``Ranges``
holding 2-D numpy arrays; :class:`FormulasEngine` turns them into :data:`~.base.Values`:
``{("Rekap Kegiatan", "P12"): 57.81, ...}`` with the sheet names spelled as in the workbook.

Where ``formulas`` 1.3.4 and Excel disagree (ROUND at some ties, number-to-text conversion,
sheet names with an apostrophe), see ``docs/engine-notes.md``; the function-coverage test
``tests/engine/test_function_coverage.py`` pins every such behaviour.

Its role: the independent engine of pure Python (``LKJIP_ENGINE=formulas``), whose results the
cross-engine tests hold against formualizer's and LibreOffice's.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .base import Engine, EngineError, Values, cell_list

__all__ = ["FormulasEngine"]

#: File-name characters that break formulas' cell keys.
_UNSAFE_FILE_NAME = re.compile(r"[\[\]]")


class FormulasEngine(Engine):
    """:class:`~.base.Engine` over ``formulas.ExcelModel``.

    Every call builds a fresh model (``ExcelModel().loads(path).finish()``) and computes it
    (``.calculate()``): values cached in the file are never used. ``formulas`` draws a progress
    bar on stderr while it compiles; it is hidden unless ``quiet=False``.
    """

    name = "formulas"

    def __init__(self, *, quiet: bool = True) -> None:
        self.quiet = quiet

    def evaluate(self, path: Path) -> Values:
        path = Path(path)
        if not path.is_file():
            raise EngineError("no such workbook", path)
        if _UNSAFE_FILE_NAME.search(path.name):
            # formulas keys cells by "'[file name]SHEET'!A1": a "[" or "]" in the file name
            # turns every reference into #REF!, so evaluate a copy with a plain name.
            with tempfile.TemporaryDirectory(prefix="lkjip-xl-") as tmp:
                copy = Path(tmp) / "workbook.xlsx"
                shutil.copyfile(path, copy)
                return self._evaluate(copy, shown_as=path)
        return self._evaluate(path, shown_as=path)

    def _evaluate(self, path: Path, shown_as: Path) -> Values:
        import formulas  # imported here: the interface works without it

        try:
            with self._silenced():
                model = formulas.ExcelModel().loads(str(path)).finish()
        except Exception as ex:  # openpyxl or formulas could not read / compile the book
            raise EngineError(
                f"cannot load the workbook for evaluation ({type(ex).__name__}: {ex})", shown_as
            ) from ex
        try:
            with self._silenced():
                solution = model.calculate()
        except Exception as ex:
            raise EngineError(f"evaluation failed ({type(ex).__name__}: {ex})", shown_as) from ex
        return _collect(model, solution, shown_as)

    def _silenced(self) -> contextlib.AbstractContextManager[Any]:
        if self.quiet:
            return contextlib.redirect_stderr(io.StringIO())
        return contextlib.nullcontext()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(quiet={self.quiet!r})"


def _collect(model: Any, solution: Any, path: Path) -> Values:
    """The computed value of every formula cell of ``model``, keyed by (real sheet name, address)."""
    import numpy as np
    from formulas.cell import Ref
    from formulas.excel import BOOK
    from openpyxl.utils import get_column_letter

    worksheets: dict[str, Any] = {}  # upper-cased name -> openpyxl worksheet, as formulas keys them
    for data in model.books.values():
        book = data.get(BOOK)
        if book is not None:
            for ws in book.worksheets:
                worksheets.setdefault(ws.title.upper(), ws)

    values: Values = {}
    missing: list[tuple[str, str]] = []
    for key, cell in model.cells.items():
        if isinstance(cell, Ref) or cell.func is None or cell.range is None:
            continue  # defined names, and cells holding a plain value
        rng = cell.range.ranges[0]
        ws = worksheets.get(rng.get("sheet", ""))
        if ws is None:
            continue  # a cell of another (external) workbook
        row1, row2, col1, col2 = int(rng["r1"]), int(rng["r2"]), int(rng["n1"]), int(rng["n2"])
        anchor = ws._cells.get((row1, col1))  # noqa: SLF001 - O(1) look-up, never creates a cell
        if anchor is None or anchor.data_type != "f":
            continue  # an error literal (#N/A typed as a value) is compiled like a formula
        sheet = ws.title
        result = solution.get(key)
        if result is None:
            missing.extend(
                (sheet, f"{get_column_letter(c)}{r}")
                for r in range(row1, row2 + 1)
                for c in range(col1, col2 + 1)
            )
            continue
        array = np.asarray(getattr(result, "value", result), dtype=object)
        if array.ndim < 2:
            array = array.reshape((1, -1)) if array.ndim == 1 else array.reshape((1, 1))
        for i, r in enumerate(range(row1, row2 + 1)):
            for j, c in enumerate(range(col1, col2 + 1)):
                inside = i < array.shape[0] and j < array.shape[1]
                # Excel shows #N/A in the cells of an array formula its result does not reach.
                values[(sheet, f"{get_column_letter(c)}{r}")] = (
                    _scalar(array[i, j]) if inside else "#N/A"
                )
    if missing:
        shown = cell_list(missing)
        raise EngineError(
            f"{len(missing)} formula cell(s) could not be computed "
            f"(a circular reference, or a formula the engine failed on): {shown}",
            path,
            cells=missing,
        )
    return values


def _scalar(value: Any) -> object:
    """One computed value as a plain Python value (see :data:`~.base.Values`)."""
    import numpy as np
    import schedula as sh
    from formulas.ranges import Ranges
    from formulas.tokens.operand import XlError

    while isinstance(value, Ranges) or isinstance(value, np.ndarray):
        array = np.asarray(value.value if isinstance(value, Ranges) else value, dtype=object)
        value = array.flat[0] if array.size else sh.EMPTY
    if value is None or value is sh.EMPTY:
        return None
    if isinstance(value, XlError):  # before str: the error tokens are str subclasses
        return str.__str__(value)
    if isinstance(value, sh.Token):  # any other marker of the package
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else "#NUM!"
    if isinstance(value, str):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    return value
