"""The recalculation's view of a workbook file, read and written through :mod:`lkjip_xl.ooxml`.

The :class:`~lkjip_xl.adapters.base.BookAdapter` for the file on disk, built for speed at 20,000
indicator rows, where openpyxl's load and save alone took longer than LibreOffice's whole
recalculation:

* the package passes the safety checks (:func:`lkjip_xl.ooxml.safety.check_package`), then every
  sheet is read once by the streaming sheet reader (values, formulas, formats; no object per cell);
* the engine evaluates meanwhile (:class:`lkjip_xl.engine.run.EngineRun`: a forked process, or a
  thread), and the work that needs no computed value is done before its answer comes
  (:func:`lkjip_xl.recalc.read_and_check`);
* for a recalculation the engine's worker then writes the copy of the workbook with the computed
  values cached in it while the checks run;
* the edits (findings table, summary, colours) are kept as :class:`~lkjip_xl.ooxml.edit.SheetEdits`,
  and :meth:`PackageBook.save_to` adds them to that copy (:func:`lkjip_xl.ooxml.copy.write_package`),
  copying every other part.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData, PendingSheetData, SheetData, read_all
from lkjip_xl.engine.base import Engine, SheetFormulas
from lkjip_xl.engine.run import EngineRun
from lkjip_xl.ooxml.copy import write_package
from lkjip_xl.ooxml.edit import KEEP, SheetEdits
from lkjip_xl.ooxml.package import PackageError
from lkjip_xl.ooxml.rewrite import RewriteStats
from lkjip_xl.ooxml.safety import WorkbookError, check_package
from lkjip_xl.ooxml.sheet import read_worksheets
from lkjip_xl.ooxml.styles import StyleBook
from lkjip_xl.engine.default import default_engine


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

    def __init__(self, path: Path, *, values: str = "engine", engine: Engine | None = None,
                 save_in: Path | None = None) -> None:
        self.path = Path(path)
        self.source = self.path.name
        spans = check_package(self.path)
        self._run: EngineRun | None = None
        self._settled = False
        self._cache_file: Path | None = None
        self.cached = values == "cached"
        self.edits: dict[str, SheetEdits] = {}
        self._styles: StyleBook | None = None
        if values == "engine":
            if engine is None:
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
            self._run = EngineRun(engine, self.path, spans, self._cache_file)
        elif not self.cached:  # pragma: no cover - programming error
            raise ValueError(values)
        try:
            self.parts, self._cells = read_worksheets(self.path, cached=self.cached)
        except PackageError as exc:
            self.close()
            if isinstance(exc, WorkbookError):
                raise
            raise WorkbookError(str(exc)) from exc
        except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError) as exc:
            self.close()
            raise WorkbookError(f"{self.path}: tidak dapat dibaca sebagai buku kerja Excel ({type(exc).__name__}: {exc})") from exc
        except BaseException:
            self.close()
            raise

    def _settle(self) -> None:
        """Put the computed values into the formula cells (waiting for the engine when needed)."""
        if self._settled:
            return
        if self._run is not None:
            grids = self._run.grids()
            sheets = self._formula_sheets()
            per_sheet = self._run.engine.formula_values(grids, self._run.spans, sheets, self.path)
            for sheet in sheets:
                grid = self._cells[sheet.name].values
                for (r, c), value in zip(sheet.positions(), per_sheet.get(sheet.name, ())):
                    grid[r - 1][c - 1] = value
        self._settled = True

    @property
    def computed(self) -> dict[tuple[str, str], Any]:
        """The value of every formula cell, as the engine (or the file's cache) gave it."""
        self._settle()
        return {(name, a1.cell(r, c)): cells.values[r - 1][c - 1]
                for name, cells in self._cells.items() for r, c in cells.formula_cells}

    def _formula_sheets(self) -> list[SheetFormulas]:
        """The formula cells read, as the engines are told them."""
        return [SheetFormulas(name, self.parts.sheets[name], sheet.formula_cells, sheet.arrays)
                for name, sheet in self._cells.items()]

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

    def calculate(self) -> None:
        """Nothing to compute now: formulas written are computed in the file saved
        (:attr:`recomputes` is false)."""

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
                raise WorkbookError(f"{self.path}: buku kerja tidak punya bagian gaya (styles); sel tidak dapat diwarnai")
            with zipfile.ZipFile(self.path) as z:
                xml = z.read(part)
            try:
                self._styles = StyleBook(xml, self.parts.styles.fills, self.parts.styles.empty_fills)
            except (ValueError, UnicodeDecodeError) as exc:
                raise WorkbookError(f"{self.path}: bagian {part} tidak dapat menerima warna sel temuan "
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

    def save_to(self, destination: Path, *, full_calc_on_load: bool = True) -> RewriteStats:
        """Write the workbook with its edits and the computed values to ``destination`` (not atomic:
        callers write to a temporary file and rename it).

        With ``save_in`` the copy holding the computed values was written beside the checking; this
        pass adds the edits to it (only the edited sheets' rows are looked at). Else it is one pass
        that stores the values and the edits together. Returns the statistics of the values stored."""
        edits = {}
        for sheet, sheet_edits in self.edits.items():
            if sheet_edits.cells:
                sheet_edits.dimension = self._dimension(sheet)
                edits[sheet] = sheet_edits
        replace = {}
        if self._styles is not None and self._styles.changed:
            replace[self.parts.styles_part] = self._styles.xml()
        if self._run is not None and self._cache_file is not None:
            cached = self._run.written()
            write_package(self._cache_file, destination, edits=edits, replace=replace,
                          full_calc_on_load=full_calc_on_load)
            return cached
        values = self.computed if not self.cached else {}
        return write_package(self.path, destination, values=values, edits=edits, replace=replace,
                             full_calc_on_load=full_calc_on_load)
