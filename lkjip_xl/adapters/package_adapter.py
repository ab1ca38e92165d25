"""The recalculation's view of a workbook file, read and written by streaming its package.

The same :class:`~lkjip_xl.adapters.base.BookAdapter` as :class:`~.openpyxl_adapter.OpenpyxlBook`,
for the file on disk, built for speed at 20,000 indicator rows, where openpyxl's load and save
alone took longer than LibreOffice's whole recalculation:

* the sheets are read with :mod:`.package_reader` (values, formulas, formats; no objects per cell);
* the engine evaluates in a forked process (on a thread where that cannot be) meanwhile, and the
  work that needs no computed value is done before its answer comes (:func:`lkjip_xl.recalc.read_and_check`);
* for a recalculation the same process then writes the copy of the workbook with the computed
  values cached in it (:mod:`lkjip_xl.cache`) while the checks run;
* the edits (findings table, summary, colours) are kept, and :meth:`PackageBook.save_to` adds them
  to that copy with :mod:`.package_writer`, copying every other part.
"""

from __future__ import annotations

import os
import queue
import sys
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any, Callable

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData, PendingSheetData, SheetData, read_all
from lkjip_xl.adapters import package_check
from lkjip_xl.adapters.package_check import WorkbookError, check_package
from lkjip_xl.adapters.package_reader import SheetCells, SheetReader, read_workbook_parts
from lkjip_xl.adapters.package_writer import KEEP, EditingRewriter, SheetEdits, StyleBook
from lkjip_xl.cache import CacheError


def _evaluate(engine: Any, path: Path, spans: dict[str, tuple[int, int, int, int]]) -> tuple[str, Any]:
    """``("grids", raw values of each used range)`` from an engine that gives them (the reader
    knows the formula cells), else ``("ok", values)``."""
    if hasattr(engine, "evaluate_ranges") and hasattr(engine, "values_at"):
        return "grids", engine.evaluate_ranges(path, spans)
    return "ok", engine.evaluate(path)


def _error(exc: BaseException) -> tuple[str, tuple[str, str, Any]]:
    return "error", (type(exc).__name__, str(exc), getattr(exc, "cells", None))


def _work(engine: Any, path: Path, spans: dict[str, tuple[int, int, int, int]], cache_to: Path | None,
          send: Callable[[tuple[str, Any]], None]) -> None:
    """Evaluate and send the answer; then, when ``cache_to`` is given, write the workbook with the
    computed values cached in it there (:mod:`lkjip_xl.cache`) and send ``("written", stats)``,
    while the caller checks the workbook with the answer."""
    try:
        answer = _evaluate(engine, path, spans)
    except BaseException as exc:  # noqa: BLE001 - everything goes to the caller
        send(_error(exc))
        return
    send(answer)
    if cache_to is None:
        return
    try:
        from lkjip_xl.cache import write_cached_values

        kind, payload = answer
        values = engine.grid_lookup(payload, spans) if kind == "grids" else payload
        send(("written", write_cached_values(path, values, cache_to)))
    except BaseException as exc:  # noqa: BLE001
        send(_error(exc))


def _work_in_child(conn: Any, *args: Any) -> None:
    try:
        _work(*args, conn.send)
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
    """The evaluation (and, for a recalculation, the writing of the computed values into a copy of
    the workbook) running beside the reading and the checking.

    In a forked process where the system has ``fork`` and no engine was loaded in this process
    yet (the evaluation and the reading then use both cores without sharing a GIL; the answer
    comes back through a pipe: a few grids, about 0.1 s at 126,000 formula cells), else on a
    thread (formualizer releases the GIL while it evaluates). :meth:`answer` gives what the
    engine computed, :meth:`written` the statistics of the copy; each raises the error met here.
    """

    def __init__(self, engine: Any, path: Path, spans: dict[str, tuple[int, int, int, int]],
                 cache_to: Path | None = None) -> None:
        self.engine, self.path, self.spans, self.cache_to = engine, path, spans, cache_to
        self._thread: threading.Thread | None = None
        self._process = None
        self._conn = None
        self._queue: queue.Queue | None = None
        self._answer: tuple[str, Any] | None = None
        self._written: tuple[str, Any] | None = None
        try:
            import multiprocessing

            context = multiprocessing.get_context("fork")
        except ValueError:
            context = None
        args = (engine, path, spans, cache_to)
        if context is not None and threading.active_count() == 1 and not _engines_loaded():
            parent, child = context.Pipe(duplex=False)
            self._process = context.Process(target=_work_in_child, args=(child, *args), name="lkjip-engine",
                                            daemon=True)
            self._process.start()
            child.close()
            self._conn = parent
        else:
            self._queue = queue.Queue()
            self._thread = threading.Thread(target=_work, args=(*args, self._queue.put), name="lkjip-engine",
                                            daemon=True)
            self._thread.start()

    def _next(self) -> tuple[str, Any]:
        if self._queue is not None:
            return self._queue.get()
        try:
            return self._conn.recv()
        except (EOFError, OSError) as exc:
            self._process.join()
            return "error", ("EngineError", f"{self.path}: the evaluation stopped without an answer (exit code "
                             f"{self._process.exitcode}: {exc or 'no data'})", None)

    def _raise(self, payload: tuple[str, str, Any], kind: type[BaseException]) -> None:
        from lkjip_xl.engine.base import EngineError

        name, message, cells = payload
        if kind is EngineError:
            error = EngineError(message, None, cells) if name == "EngineError" else EngineError(
                f"evaluation failed ({name}: {message})", self.path, cells)
            error.path = self.path
        else:
            error = kind(message)
        raise error

    def answer(self) -> tuple[str, Any]:
        """``("grids", ...)`` or ``("ok", values)`` (see :func:`_evaluate`)."""
        if self._answer is None:
            self._answer = self._next()
            if self.cache_to is None or self._answer[0] == "error":
                self._finish()
        kind, payload = self._answer
        if kind == "error":
            from lkjip_xl.engine.base import EngineError

            self._raise(payload, EngineError)
        return self._answer

    def written(self) -> Any:
        """The :class:`~lkjip_xl.cache.CacheStats` of the copy written to ``cache_to``."""
        self.answer()
        if self._written is None:
            self._written = self._next()
            self._finish()
        kind, payload = self._written
        if kind == "error":
            self._raise(payload, CacheError)
        return payload

    def _finish(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            self._process.join()
        if self._thread is not None:
            self._thread.join()

    def close(self) -> None:
        """Stop whatever still runs (its result is no longer wanted)."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()
        self._finish()


class PackageBook:
    """A workbook file opened for recalculation (see the module's docstring).

    ``values``: ``"engine"`` computes every formula with ``engine`` (default: the project's
    default engine); ``"cached"`` uses the values stored in the file by the last application that
    saved it. ``save_in``: the folder that :meth:`save_to` will write to (a recalculation): the
    copy with the computed values is then written there while the workbook is checked.
    """

    #: The formulas' values were computed when the file was opened: formulas written through
    #: :meth:`write_formulas` are computed only in the file saved (recalc_file repairs a copy first).
    recomputes = False

    def __init__(self, path: Path, *, values: str = "engine", engine: Any = None, save_in: Path | None = None) -> None:
        self.path = Path(path)
        self.source = self.path.name
        spans = check_package(self.path)
        self._run: _EngineRun | None = None
        self._settled = False
        self._cache_file: Path | None = None
        self.cached = values == "cached"
        self.edits: dict[str, SheetEdits] = {}
        self._styles: StyleBook | None = None
        if values == "engine":
            if engine is None:
                from lkjip_xl.engine.default import default_engine

                engine = default_engine()
            if save_in is not None:
                try:
                    handle, name = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=".cached.tmp.xlsx",
                                                    dir=save_in)
                except OSError:  # an unwritable folder: saving will say so (and nothing is done here)
                    pass
                else:
                    os.close(handle)
                    self._cache_file = Path(name)
            self._run = _EngineRun(engine, self.path, spans, self._cache_file)
        elif not self.cached:  # pragma: no cover - programming error
            raise ValueError(values)
        try:
            with zipfile.ZipFile(self.path) as z:
                self.parts = read_workbook_parts(z, self.path)
                self._cells: dict[str, SheetCells] = {}
                used = 0
                for name, part in self.parts.sheets.items():
                    reader = SheetReader(self.parts, name, self.path, package_check.MAX_USED_CELLS - used,
                                         cached=self.cached)
                    cells = reader.read(z, part)
                    used += cells.max_row * cells.max_col
                    self._cells[name] = cells
        except CacheError as exc:
            self.close()
            raise WorkbookError(str(exc)) from exc
        except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError) as exc:
            self.close()
            raise WorkbookError(f"{self.path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc})") from exc
        except BaseException:
            self.close()
            raise

    def _settle(self) -> None:
        """Put the computed values into the formula cells (waiting for the engine when needed)."""
        if self._settled:
            return
        if self._run is not None:
            kind, payload = self._run.answer()
            if kind == "grids":
                sheets = self._formula_sheets()
                per_sheet = self._run.engine.values_at(payload, self._run.spans, sheets, self.path)
                for sheet in sheets:
                    grid = self._cells[sheet.name].values
                    for (r, c), value in zip(sheet.positions(), per_sheet.get(sheet.name, ())):
                        grid[r - 1][c - 1] = value
            else:
                cell = a1.cell
                for name, cells in self._cells.items():
                    for r, c in cells.formula_cells:
                        cells.values[r - 1][c - 1] = payload.get((name, cell(r, c)))
        self._settled = True

    @property
    def computed(self) -> dict[tuple[str, str], Any]:
        """The value of every formula cell, as the engine (or the file's cache) gave it."""
        self._settle()
        return {(name, a1.cell(r, c)): cells.values[r - 1][c - 1]
                for name, cells in self._cells.items() for r, c in cells.formula_cells}

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
        self._settle()
        cells = self._cells[sheet]
        return SheetData(sheet, 1, 1, cells.values, cells.formulas)

    def read_book(self) -> BookData:
        return read_all(self)

    def read_book_early(self) -> BookData:
        """The sheets before the formulas' values are in (:class:`PendingSheetData`); then
        :meth:`read_book` fills the same grids. Lets the work that needs no computed value run
        while the engine computes."""
        data = BookData(self.source, names=self.defined_names())
        for name, cells in self._cells.items():
            data.sheets[name] = PendingSheetData(name, 1, 1, cells.values, cells.formulas)
        return data

    def close(self) -> None:
        """Stop the engine if it still runs; remove the copy with the computed values (after
        :meth:`save_to`, or when it is not wanted)."""
        if self._run is not None:
            self._run.close()
        if self._cache_file is not None:
            try:
                self._cache_file.unlink()
            except FileNotFoundError:
                pass

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

    def set_row_heights(self, sheet: str, heights: dict[int, float | None]) -> None:
        self._edits(sheet).heights.update(heights)

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
            try:
                self._styles = StyleBook(xml, self.parts.styles.fills, self.parts.styles.empty_fills)
            except (ValueError, UnicodeDecodeError) as exc:
                raise WorkbookError(f"{self.path}: part {part} cannot take the colours of the cells found "
                                    f"({exc})") from exc
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

    def write_formulas(self, sheet: str, formulas: dict[str, str]) -> None:
        edits = self._edits(sheet)
        for ref, formula in formulas.items():
            edits.set_formula(*a1.parse_cell(ref), formula)

    def write_values(self, sheet: str, values: dict[str, Any]) -> None:
        edits = self._edits(sheet)
        for ref, value in values.items():
            edits.set_value(*a1.parse_cell(ref), value)

    def copy_formats(self, sheet: str, rows: dict[int, int], first_col: int, last_col: int) -> None:
        edits = self._edits(sheet)
        for row, source in rows.items():
            for col in range(first_col, last_col + 1):
                edits.set_style(row, col, self._style(sheet, source, col))

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
        callers write to a temporary file and rename it).

        With ``save_in`` the copy holding the computed values was written beside the checking; this
        pass adds the edits to it (only the edited sheets' rows are looked at). Else it is one pass
        that stores the values and the edits together. Returns the
        :class:`~lkjip_xl.cache.CacheStats` of the values stored."""
        from lkjip_xl.cache import write_cached_values

        rewriters = {}
        for sheet, edits in self.edits.items():
            if edits.cells:
                edits.dimension = self._dimension(sheet)
                rewriters[sheet] = (lambda e: lambda name, values, stats: EditingRewriter(name, values, stats, e))(edits)
        replace = {}
        if self._styles is not None and self._styles.changed:
            replace[self.parts.styles_part] = self._styles.xml()
        if self._run is not None and self._cache_file is not None:
            cached = self._run.written()
            write_cached_values(self._cache_file, {}, destination, full_calc_on_load=full_calc_on_load,
                                rewriters=rewriters, replace=replace)
            return cached
        values = self.computed if not self.cached else {}
        return write_cached_values(self.path, values, destination, full_calc_on_load=full_calc_on_load,
                                   rewriters=rewriters, replace=replace)
