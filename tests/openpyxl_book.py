"""A second reader of a workbook file, through openpyxl: the oracle the streaming package adapter
(:class:`lkjip_xl.adapters.package_adapter.PackageBook`, what ``lkjip-xl check`` and ``recalc`` use)
is compared with, and a writable :class:`~lkjip_xl.adapters.base.BookAdapter` for tests that need
to see what the recalculation writes without saving a file.

Formula cells get their values from an evaluation engine (the file may never have been opened in
Excel, so it has no cached values) or, on request, from the values cached in the file.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from openpyxl.styles import PatternFill

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData, Formula, SheetData, read_all
from lkjip_xl.adapters.openpyxl_adapter import defined_names_of, load


def _rgb(cell) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    color = fill.fgColor
    if color is None or color.type != "rgb" or not isinstance(color.rgb, str):
        return None
    return color.rgb[-6:].upper()


class OpenpyxlBook:
    """A workbook file opened for recalculation.

    ``values``: ``"engine"`` computes every formula with ``engine`` (default: the project's default
    engine); ``"cached"`` uses the values stored in the file by the last application that saved it.
    """

    #: The formulas' values were computed when the file was opened: formulas written through
    #: :meth:`write_formulas` are computed only in the file saved.
    recomputes = False

    def __init__(self, path: Path, *, values: str = "engine", engine: Any = None, writable: bool = True) -> None:
        """``writable=False`` streams the file read-only (for checking it without changing it)."""
        self.path = Path(path)
        self.source = self.path.name
        self.read_only = not writable
        self.wb = load(self.path, read_only=self.read_only)
        self._computed: dict[tuple[str, str], Any] = {}
        if values == "cached":
            cached = load(self.path, data_only=True, read_only=True)
            for ws in cached.worksheets:
                for i, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1):
                    for j, value in enumerate(row, 1):
                        if value is not None:
                            self._computed[(ws.title, a1.cell(i, j))] = value
            cached.close()
        elif values == "engine":
            if engine is None:
                from lkjip_xl.engine.default import default_engine

                engine = default_engine()
            self._computed = engine.evaluate(self.path)
        else:  # pragma: no cover - programming error
            raise ValueError(values)

    @property
    def computed(self) -> dict[tuple[str, str], Any]:
        """The value of every formula cell, as the engine (or the file's cache) gave it."""
        return self._computed

    # -- reading ------------------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        return defined_names_of(self.wb)

    def read_sheet(self, sheet: str) -> SheetData:
        if self.read_only:
            return self._read_sheet_streaming(sheet)
        ws = self.wb[sheet]
        first_row, first_col = ws.min_row, ws.min_column
        values: list[list[Any]] = []
        formulas: list[list[str | None]] = []
        for row in ws.iter_rows(min_row=first_row, max_row=ws.max_row, min_col=first_col, max_col=ws.max_column):
            vrow, frow = [], []
            for c in row:
                v = c.value
                if isinstance(v, str) and v.startswith("="):
                    frow.append(v)
                    vrow.append(self._computed.get((sheet, c.coordinate)))
                elif v is not None and type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
                    frow.append(getattr(v, "text", str(v)))
                    vrow.append(self._computed.get((sheet, c.coordinate)))
                else:
                    frow.append(None)
                    vrow.append(v)
            values.append(vrow)
            formulas.append(frow)
        return SheetData(sheet, first_row, first_col, values, formulas)

    def _read_sheet_streaming(self, sheet: str) -> SheetData:
        ws = self.wb[sheet]
        values: list[list[Any]] = []
        formulas: list[list[str | None]] = []
        for i, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1):
            vrow: list[Any] = list(row)
            frow: list[str | None] = [None] * len(vrow)
            for j, v in enumerate(vrow):
                if isinstance(v, str) and v.startswith("="):
                    frow[j] = v
                    vrow[j] = self._computed.get((sheet, a1.cell(i, j + 1)))
                elif v is not None and type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
                    frow[j] = getattr(v, "text", str(v))
                    vrow[j] = self._computed.get((sheet, a1.cell(i, j + 1)))
            values.append(vrow)
            formulas.append(frow)
        return SheetData(sheet, 1, 1, values, formulas)

    def close(self) -> None:
        if self.read_only:
            self.wb.close()

    def read_book(self) -> BookData:
        return read_all(self)

    def read_book_early(self) -> None:
        """The values are known when the file is opened: nothing to start before them."""
        return None

    def calculate(self) -> None:
        """Nothing to compute now: formulas written are computed only in the file saved."""

    # -- writing ------------------------------------------------------------------------------------
    def write_block(self, sheet: str, top_left: str, values: list[list[Any]]) -> None:
        ws = self.wb[sheet]
        row0, col0 = a1.parse_cell(top_left)
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                cell = ws.cell(row0 + i, col0 + j)
                if isinstance(value, Formula):
                    cell.value = value.text
                    continue
                cell.value = value
                if isinstance(value, str) and cell.data_type in ("f", "e"):
                    cell.data_type = "s"  # a formula or "#DIV/0!" quoted in a finding stays text

    def set_row_heights(self, sheet: str, heights: dict[int, float | None]) -> None:
        ws = self.wb[sheet]
        for row, height in heights.items():
            ws.row_dimensions[row].height = height

    def clear_block(self, sheet: str, ref: str) -> None:
        ws = self.wb[sheet]
        r1, c1, r2, c2 = a1.parse_range(ref)
        for row in ws.iter_rows(min_row=r1, max_row=min(r2, ws.max_row), min_col=c1, max_col=c2):
            for c in row:
                c.value = None

    def get_fills(self, sheet: str, cells: list[str]) -> list[str | None]:
        ws = self.wb[sheet]
        return [_rgb(ws[c]) for c in cells]

    def set_fills(self, sheet: str, cells: list[str], colors: list[str | None]) -> None:
        ws = self.wb[sheet]
        for ref, color in zip(cells, colors):
            ws[ref].fill = PatternFill("solid", fgColor=color) if color else PatternFill()

    def write_formulas(self, sheet: str, formulas: dict[str, str]) -> None:
        ws = self.wb[sheet]
        for ref, formula in formulas.items():
            ws[ref].value = formula

    def write_values(self, sheet: str, values: dict[str, Any]) -> None:
        ws = self.wb[sheet]
        for ref, value in values.items():
            cell = ws[ref]
            cell.value = value
            if isinstance(value, str) and cell.data_type in ("f", "e"):
                cell.data_type = "s"

    def copy_formats(self, sheet: str, rows: dict[int, int], first_col: int, last_col: int) -> None:
        ws = self.wb[sheet]
        for row, source in rows.items():
            for col in range(first_col, last_col + 1):
                ws.cell(row, col)._style = copy.copy(ws.cell(source, col)._style)
            height = ws.row_dimensions[source].height
            if height is not None:
                ws.row_dimensions[row].height = height
