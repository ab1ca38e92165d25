"""The recalculation's view of a workbook file, read and written by streaming its package.

The same :class:`~lkjip_xl.adapters.base.BookAdapter` as :class:`~.openpyxl_adapter.OpenpyxlBook`,
for the file on disk: the sheets are read with :mod:`.package_reader` while the evaluation engine
computes the formulas on another thread (formualizer and IronCalc release the GIL), and the
edits (findings table, summary, colours) are saved with :mod:`.package_writer` in the same pass
that stores the computed values. Nothing of openpyxl's object model is built: at 20,000
indicator rows that is most of the time openpyxl spends.
"""

from __future__ import annotations

import sys
import threading
import zipfile
from pathlib import Path
from typing import Any

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData, SheetData
from lkjip_xl.adapters import package_check
from lkjip_xl.adapters.package_check import WorkbookError, check_package
from lkjip_xl.adapters.package_reader import SheetCells, SheetReader, read_workbook_parts
from lkjip_xl.adapters.package_writer import KEEP, EditingRewriter, SheetEdits, StyleBook
from lkjip_xl.cache import CacheError


def _evaluate(engine: Any, path: Path, spans: dict[str, tuple[int, int, int, int]]) -> tuple[str, Any]:
    """``("grids", raw values of each used range)`` from an engine that gives them (the reader
    knows the formula cells), else ``("ok", values)``."""
    if hasattr(engine, "evaluate_ranges") and hasattr(engine, "values_of"):
        return "grids", engine.evaluate_ranges(path, spans)
    return "ok", engine.evaluate(path)


def _evaluate_in_child(conn: Any, engine: Any, path: Path, spans: dict[str, tuple[int, int, int, int]]) -> None:
    """The forked process: evaluate, send what :func:`_evaluate` gives or ``("error", what)``, exit."""
    try:
        conn.send(_evaluate(engine, path, spans))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        cells = getattr(exc, "cells", None)
        conn.send(("error", (type(exc).__name__, str(exc), cells)))
    finally:
        conn.close()


#: Engines with a native core that may keep threads of its own once used in a process: a forked
#: child has none of those threads and could wait for them forever.
_NATIVE_ENGINES = ("formualizer", "ironcalc")


def _engines_loaded() -> bool:
    """Whether an engine with a native core has been loaded in this process (then no fork: a
    long-lived process such as a server or the test suite evaluates on a thread instead; the
    ``lkjip-xl`` command never loads one before it forks)."""
    return any(name in sys.modules for name in _NATIVE_ENGINES)


class _EngineRun:
    """``engine.evaluate(path)`` running beside the reading of the sheets.

    In a forked process where the system has ``fork`` and no engine was loaded in this process
    yet (the evaluation and the reading then use both cores without sharing a GIL; the values
    come back through a pipe, about 0.1 s for 126,000 values), else on a thread (formualizer
    releases the GIL while it evaluates). ``result()`` gives the values, or raises the engine's
    error here.
    """

    def __init__(self, engine: Any, path: Path, spans: dict[str, tuple[int, int, int, int]]) -> None:
        self.engine, self.path, self.spans = engine, path, spans
        self._answer: tuple[str, Any] | None = None
        self._values: dict[tuple[str, str], Any] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._process = None
        self._conn = None
        try:
            import multiprocessing

            context = multiprocessing.get_context("fork")
        except ValueError:
            context = None
        if context is not None and threading.active_count() == 1 and not _engines_loaded():
            parent, child = context.Pipe(duplex=False)
            self._process = context.Process(target=_evaluate_in_child, args=(child, engine, path, spans),
                                            name="lkjip-engine", daemon=True)
            self._process.start()
            child.close()
            self._conn = parent
        else:
            self._thread = threading.Thread(target=self._run, name="lkjip-engine", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._answer = _evaluate(self.engine, self.path, self.spans)
        except BaseException as exc:  # handed to the caller's thread
            self._error = exc

    def _receive(self) -> None:
        from lkjip_xl.engine.base import EngineError

        try:
            kind, payload = self._conn.recv()
        except (EOFError, OSError) as exc:
            self._process.join()
            self._error = EngineError(f"the evaluation stopped without an answer (exit code "
                                      f"{self._process.exitcode}: {exc or 'no data'})", self.path)
            return
        finally:
            self._conn.close()
        self._process.join()
        if kind != "error":
            self._answer = kind, payload
        else:
            name, message, cells = payload
            error = EngineError(message, None, cells) if name == "EngineError" else EngineError(
                f"evaluation failed ({name}: {message})", self.path, cells)
            error.path = self.path
            self._error = error

    def result(self, formula_cells: Any) -> dict[tuple[str, str], Any]:
        """The values; ``formula_cells()`` gives the sheets' formula cells (``SheetFormulas``)
        when the engine answered with grids."""
        if self._values is not None:
            return self._values
        if self._thread is not None:
            self._thread.join()
        elif self._answer is None and self._error is None:
            self._receive()
        if self._error is not None:
            raise self._error
        assert self._answer is not None
        kind, payload = self._answer
        self._values = self.engine.values_of(payload, self.spans, formula_cells(), self.path) if kind == "grids" \
            else payload
        self._answer = None
        return self._values

    def close(self) -> None:
        """Stop the evaluation when its result is no longer wanted."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()
        if self._thread is not None:
            self._thread.join()


class PackageBook:
    """A workbook file opened for recalculation (see the module's docstring).

    ``values``: ``"engine"`` computes every formula with ``engine`` (default: the project's
    default engine); ``"cached"`` uses the values stored in the file by the last application that
    saved it.
    """

    def __init__(self, path: Path, *, values: str = "engine", engine: Any = None) -> None:
        self.path = Path(path)
        self.source = self.path.name
        spans = check_package(self.path)
        self._run: _EngineRun | None = None
        self._computed: dict[tuple[str, str], Any] | None = None
        self.cached = values == "cached"
        if values == "engine":
            if engine is None:
                from lkjip_xl.engine.default import default_engine

                engine = default_engine()
            self._run = _EngineRun(engine, self.path, spans)
        elif not self.cached:  # pragma: no cover - programming error
            raise ValueError(values)
        try:
            with zipfile.ZipFile(self.path) as z:
                self.parts = read_workbook_parts(z, self.path)
                self._cells: dict[str, SheetCells] = {}
                used = 0
                for name, part in self.parts.sheets.items():
                    reader = SheetReader(self.parts, name, self.path, package_check.MAX_USED_CELLS - used, cached=self.cached)
                    cells = reader.read(z, part)
                    used += cells.max_row * cells.max_col
                    self._cells[name] = cells
        except CacheError as exc:
            self.close()
            raise WorkbookError(str(exc)) from exc
        except BaseException:
            self.close()
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError) as exc:
            self.close()
            raise WorkbookError(f"{self.path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc})") from exc
        self.edits: dict[str, SheetEdits] = {}
        self._styles: StyleBook | None = None

    @property
    def computed(self) -> dict[tuple[str, str], Any]:
        """The value of every formula cell, as the engine (or the file's cache) gave it."""
        if self._computed is None:
            if self._run is not None:
                self._computed = self._run.result(self._formula_sheets)
            else:
                self._computed = {
                    (name, a1.cell(r, c)): cells.values[r - 1][c - 1]
                    for name, cells in self._cells.items() for r, c in cells.formula_cells
                }
        return self._computed

    def _formula_sheets(self) -> list[Any]:
        """The formula cells read, as the engines describe them (``SheetFormulas``)."""
        from lkjip_xl.engine.formualizer_engine import FormulaCell, SheetFormulas

        out = []
        for name, sheet in self._cells.items():
            arrays = {(r, c): (kind, ref) for r, c, kind, ref in sheet.arrays}
            out.append(SheetFormulas(name, self.parts.sheets[name], [
                FormulaCell(r, c, *arrays[(r, c)]) if (r, c) in arrays else FormulaCell(r, c)
                for r, c in sheet.formula_cells]))
        return out

    # -- reading ------------------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return list(self.parts.sheets)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        return dict(self.parts.names)

    def read_sheet(self, sheet: str) -> SheetData:
        cells = self._cells[sheet]
        if not self.cached:
            computed = self.computed
            cell = a1.cell
            for r, c in cells.formula_cells:
                cells.values[r - 1][c - 1] = computed.get((sheet, cell(r, c)))
        return SheetData(sheet, 1, 1, cells.values, cells.formulas)

    def read_book(self) -> BookData:
        data = BookData(self.source, names=self.defined_names())
        for name in self.sheet_names():
            data.sheets[name] = self.read_sheet(name)
        return data

    def close(self) -> None:
        if self._run is not None and self._computed is None:
            self._run.close()

    # -- writing (kept until save) ------------------------------------------------------------------
    def _edits(self, sheet: str) -> SheetEdits:
        if sheet not in self._cells:
            raise KeyError(sheet)
        return self.edits.setdefault(sheet, SheetEdits())

    def write_block(self, sheet: str, top_left: str, values: list[list[Any]]) -> None:
        edits = self._edits(sheet)
        row0, col0 = a1.parse_cell(top_left)
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                edits.set_value(row0 + i, col0 + j, value)

    def clear_block(self, sheet: str, ref: str) -> None:
        edits = self._edits(sheet)
        cells = self._cells[sheet]
        r1, c1, r2, c2 = a1.parse_range(ref)
        for r in range(r1, min(r2, cells.max_row) + 1):
            row = cells.values[r - 1]
            for c in range(c1, min(c2, cells.max_col) + 1):
                if row[c - 1] is not None or cells.formulas[r - 1][c - 1] is not None:
                    edits.set_value(r, c, None)

    def _style(self, sheet: str, row: int, col: int) -> int:
        edit = self.edits.get(sheet)
        if edit is not None:
            found = edit.cells.get((row, col))
            if found is not None and found[1] is not KEEP:
                return found[1]
        cells = self._cells[sheet]
        if row <= cells.max_row and col <= cells.max_col:
            return cells.styles[row - 1][col - 1]
        return 0

    def _style_book(self) -> StyleBook:
        if self._styles is None:
            part = self.parts.styles_part
            if part is None:
                raise WorkbookError(f"{self.path}: the workbook has no styles part; cells cannot be coloured")
            with zipfile.ZipFile(self.path) as z:
                xml = z.read(part)
            self._styles = StyleBook(xml, self.parts.styles.fills, self.parts.styles.empty_fills)
        return self._styles

    def get_fills(self, sheet: str, cells: list[str]) -> list[str | None]:
        if self._styles is None:
            return [self.parts.styles.fill_of(self._style(sheet, *a1.parse_cell(ref))) for ref in cells]
        return [self._styles.color_of(self._style(sheet, *a1.parse_cell(ref))) for ref in cells]

    def set_fills(self, sheet: str, cells: list[str], colors: list[str | None]) -> None:
        edits = self._edits(sheet)
        styles = self._style_book()
        for ref, color in zip(cells, colors):
            row, col = a1.parse_cell(ref)
            edits.set_style(row, col, styles.with_fill(self._style(sheet, row, col), color))

    # -- saving -------------------------------------------------------------------------------------
    def _dimension(self, sheet: str) -> str | None:
        cells = self._cells[sheet]
        edits = self.edits.get(sheet)
        rows = [cells.max_row] + [r for r, _ in edits.cells] if edits else [cells.max_row]
        cols = [cells.max_col] + [c for _, c in edits.cells] if edits else [cells.max_col]
        last_row, last_col = max(rows), max(cols)
        if not last_row or not last_col:
            return None
        return f"A1:{a1.cell(last_row, last_col)}"

    def save_to(self, destination: Path, *, full_calc_on_load: bool = True):
        """Write the workbook with its edits and the computed values to ``destination`` (not atomic:
        callers write to a temporary file and rename it)."""
        from lkjip_xl.cache import write_cached_values

        rewriters = {}
        for sheet, edits in self.edits.items():
            if edits.cells:
                edits.dimension = self._dimension(sheet)
                rewriters[sheet] = (lambda e: lambda name, values, stats: EditingRewriter(name, values, stats, e))(edits)
        replace = {}
        if self._styles is not None and self._styles.changed:
            replace[self.parts.styles_part] = self._styles.xml()
        values = self.computed if not self.cached else {}
        return write_cached_values(self.path, values, destination, full_calc_on_load=full_calc_on_load,
                                   rewriters=rewriters, replace=replace)

