"""What the audit reads of a workbook: its sheets' values, formulas and cell looks.

The sheets are read through the workbook-file layer (:mod:`lkjip_xl.ooxml`): one streaming pass
per sheet gives the formulas, the values Excel showed (the file's cached values), the looks and
the merged ranges. A workbook written by a program that leaves no computed values (openpyxl:
every formula cell without a cached value) gets its values from the project's default engine;
when that engine refuses (a circular reference, a function it lacks) the values stay empty and
the rules that need them say nothing, while the formula rules still run.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lkjip_xl.errors import LkjipError
from lkjip_xl.ooxml.package import PackageError
from lkjip_xl.ooxml.sheet import read_worksheets
from lkjip_xl.ooxml.styles import CellFormat as CellLook  # the one look of a cell, as the file layer reads it
from lkjip_xl.renja.foreign import DEFAULT_LOOK, SheetCells, SheetInfo, looks_of  # as the Renja form reader reads


class WorkbookReadError(LkjipError):
    """A workbook the audit cannot read; the message names the file and why."""


@dataclass
class SourceBook:
    """Every sheet of a workbook as the audit sees it, in tab order."""

    path: Path
    sheets: list[SheetInfo]
    cells: dict[str, SheetCells]
    looks: list[CellLook]
    #: where the values came from: "cached" (as the file was saved), "engine", "none"
    values_from: str = "cached"

    def look(self, style: int) -> CellLook:
        return self.looks[style] if 0 <= style < len(self.looks) else DEFAULT_LOOK


def _worksheets(path: Path, **how: Any) -> tuple[Any, dict[str, Any]]:
    """:func:`~lkjip_xl.ooxml.sheet.read_worksheets`, a file that is not a readable workbook told
    as :class:`WorkbookReadError`."""
    try:
        return read_worksheets(path, **how)
    except (PackageError, zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError, OSError,
            NotImplementedError, RuntimeError) as exc:
        raise WorkbookReadError(f"{path}: bukan buku kerja Excel yang dapat dibaca ({type(exc).__name__}: {exc})") from exc


def read_sheets(path: Path | str) -> SourceBook:
    """Read every worksheet (hidden ones too) of an .xlsx/.xlsm file, each sheet once, through the
    workbook-file layer: its values as the file caches them, formulas, looks and merged ranges.

    Raises :class:`WorkbookReadError` naming the file when it is not a workbook that can be read.
    """
    path = Path(path)
    parts, read = _worksheets(path, cached=True)
    infos = [SheetInfo(name, parts.sheets[name], name in parts.hidden) for name in read]
    cells = {name: _trimmed(name, sheet) for name, sheet in read.items()}
    book = SourceBook(path, infos, cells, looks_of(parts.styles))
    formulas = [(sheet, r, c) for sheet in cells.values() for r, c in sheet.formula_cells]
    if formulas and all(sheet.values[r - 1][c - 1] is None for sheet, r, c in formulas):
        book.values_from = _engine_values(path, cells)
    return book


def _trimmed(name: str, read: Any) -> SheetCells:
    """A sheet as read, cut to the cells that hold something (a formatted empty cell far from the
    data does not widen it); a data table's cells hold its values, not a formula."""
    tables = {(r, c) for r, c, kind, _ in read.arrays if kind == "dataTable"}
    max_row = max_col = 0
    for r, (vrow, frow) in enumerate(zip(read.values, read.formulas), 1):
        for c in range(len(vrow), 0, -1):
            if vrow[c - 1] is not None or frow[c - 1] is not None:
                max_row, max_col = r, max(max_col, c)
                break
    values = [row[:max_col] for row in read.values[:max_row]]
    formulas = [row[:max_col] for row in read.formulas[:max_row]]
    styles = [row[:max_col] for row in read.styles[:max_row]]
    for r, c in tables:
        if r <= max_row and c <= max_col:
            formulas[r - 1][c - 1] = None
    formula_cells = [(r, c) for r, c in read.formula_cells if (r, c) not in tables]
    return SheetCells(values, formulas, styles, formula_cells, max_row, max_col, list(read.arrays),
                      list(read.merged), name=name)


def _engine_values(path: Path, cells: dict[str, SheetCells]) -> str:
    """Fill the formula cells' values with the default engine's; "engine", or "none" when it refuses."""
    from lkjip_xl.a1 import parse_cell
    from lkjip_xl.engine.base import EngineError
    from lkjip_xl.engine.default import default_engine

    try:
        computed = default_engine().evaluate(path)
    except EngineError:
        return "none"
    for (sheet, address), value in computed.items():
        data = cells.get(sheet)
        if data is None:
            continue
        r, c = parse_cell(address)
        if r <= data.max_row and c <= data.max_col:
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            data.values[r - 1][c - 1] = value
    return "engine"



@dataclass
class Looks:
    """The looks of some sheets, read apart from their values (:func:`read_looks`)."""

    looks: list[CellLook]
    #: sheet -> (row, col) -> look index, for the cells whose look is not the default
    styles: dict[str, dict[tuple[int, int], int]]
    merged: dict[str, list[tuple[int, int, int, int]]]
    hidden: frozenset[str]


def read_looks(path: Path | str, sheets: set[str]) -> Looks:
    """Bold, indentation and merged ranges of ``sheets`` of an .xlsx/.xlsm (the rows' hierarchy
    rests on them), for sheets whose values another reader already read. Read through the
    workbook-file layer, as :func:`read_sheets` reads."""
    path = Path(path)
    parts, read = _worksheets(path, only=sheets)
    styles = {name: {(r, c): look for r, row in enumerate(cells.styles, 1) for c, look in enumerate(row, 1) if look}
              for name, cells in read.items()}
    merged = {name: list(cells.merged) for name, cells in read.items()}
    return Looks(looks_of(parts.styles), styles, merged, frozenset(parts.hidden))


def from_book_data(data: Any, path: Path | str = "", *, looks: Looks | None = None,
                   sheets: set[str] | None = None, values_from: str = "engine") -> SourceBook:
    """The audit's view of sheets another reader already read (``BookData``: the check's package
    reader, or xlwings inside Excel), so a workbook's values are read once. Grids that start at A1
    are taken as they are (no copy); a used range that starts lower or further right (xlwings) is
    padded. ``sheets``: only these (default: all). ``looks``: bold, indentation and merged ranges
    (:func:`read_looks`); without them every cell has the default look, and the hierarchy rests on
    the kode, the level words and the formulas."""
    infos: list[SheetInfo] = []
    cells: dict[str, SheetCells] = {}
    merged = looks.merged if looks is not None else {}
    for name, sheet in data.sheets.items():
        if sheets is not None and name not in sheets:
            continue
        values, formulas = sheet.values, sheet.formulas
        if sheet.first_row != 1 or sheet.first_col != 1:
            values = _padded(values, sheet.first_row, sheet.first_col)
            formulas = _padded(formulas, sheet.first_row, sheet.first_col)
        max_row = len(values)
        max_col = max((len(r) for r in values), default=0)
        if any(len(r) != max_col for r in values) or len(formulas) != max_row \
                or any(len(r) != max_col for r in formulas):
            values = [list(r) + [None] * (max_col - len(r)) for r in values]
            formulas = [list(r) + [None] * (max_col - len(r)) for r in formulas] + \
                [[None] * max_col for _ in range(max_row - len(formulas))]
        formula_cells = [(i + 1, j + 1) for i, row in enumerate(formulas) for j, f in enumerate(row) if f is not None]
        styles = [[0] * max_col for _ in range(max_row)]
        for (r, c), look in (looks.styles.get(name, {}) if looks is not None else {}).items():
            if r <= max_row and c <= max_col:
                styles[r - 1][c - 1] = look
        infos.append(SheetInfo(name, "", looks is not None and name in looks.hidden))
        cells[name] = SheetCells(values, formulas, styles, formula_cells, max_row, max_col,
                                 merged=merged.get(name, []), name=name)
    return SourceBook(Path(path), infos, cells, looks.looks if looks is not None else [DEFAULT_LOOK], values_from)


def _padded(grid: list[list[Any]], first_row: int, first_col: int) -> list[list[Any]]:
    lead = [None] * (first_col - 1)
    width = max((len(r) for r in grid), default=0) + first_col - 1
    return [[None] * width for _ in range(first_row - 1)] + [lead + list(r) for r in grid]
