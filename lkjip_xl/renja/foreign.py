"""Reading a workbook lkjip-xl did not write (an office's own Renja form).

:func:`open_workbook` reads through the workbook-file layer (:mod:`lkjip_xl.ooxml`), each sheet
once: the formulas, the values the file caches, the look of each cell (number format, bold,
indent, fill, locked) numbered by its ``cellXfs`` index, merged ranges and hidden sheets.

A legacy ``.xls`` is converted to ``.xlsx`` by LibreOffice in a temporary folder first (the
original is never touched); its values are then LibreOffice's recalculation.
"""

from __future__ import annotations

import zipfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from lkjip_xl.convert import ConversionError, to_xlsx
from lkjip_xl.ooxml.safety import check_package
from lkjip_xl.ooxml.sheet import SheetCells as FileCells
from lkjip_xl.errors import LkjipError
from lkjip_xl.workbook_kind import PACKAGE, readable_kind
from lkjip_xl.ooxml.styles import CellFormat as CellLook  # the one look of a cell, as the file layer reads it
from lkjip_xl.ooxml.styles import Styles
from lkjip_xl.ooxml.package import PackageError
from lkjip_xl.ooxml.sheet import read_worksheets


class ForeignWorkbookError(LkjipError):
    """A workbook that cannot be read (the message names the file)."""

@dataclass(frozen=True)
class SheetInfo:
    name: str
    part: str  # the sheet's part in the package ("" when not known)
    hidden: bool  # state hidden or veryHidden




@dataclass
class SheetCells(FileCells):
    """A sheet as the file layer reads it, with what the form readers and the audit add: its name,
    and each cell by 1-based position (None, or look 0, outside the sheet)."""

    name: str = ""

    def value(self, row: int, col: int) -> Any:
        """The value at (row, col), 1-based; None outside the sheet."""
        if 1 <= row <= self.max_row and 1 <= col <= self.max_col:
            return self.values[row - 1][col - 1]
        return None

    def formula(self, row: int, col: int) -> str | None:
        if 1 <= row <= self.max_row and 1 <= col <= self.max_col:
            return self.formulas[row - 1][col - 1]
        return None

    def style(self, row: int, col: int) -> int:
        if 1 <= row <= self.max_row and 1 <= col <= self.max_col:
            return self.styles[row - 1][col - 1]
        return 0


DEFAULT_LOOK = CellLook("General", False, 0, None, True)


def looks_of(styles: Styles) -> list[CellLook]:
    """The look of each cell format (``cellXfs``) of a workbook, by its number. Format 0 is every
    unformatted cell's: the default look, whatever the file says of it."""
    return [DEFAULT_LOOK] + [styles.format_of(i) for i in range(1, len(styles.xfs))]


@dataclass
class WorkbookFile:
    path: Path
    sheets: list[SheetInfo]
    names: dict[str, tuple[str, str]]
    _cells: dict[str, SheetCells]
    _looks: list[CellLook]

    def read(self, sheet: str, *, cached: bool = True) -> SheetCells:
        return self._cells[sheet]

    def look(self, style: int) -> CellLook:
        return self._looks[style] if 0 <= style < len(self._looks) else self._looks[0]



@contextmanager
def open_workbook(path: str | Path, screen: Callable[[SheetCells], bool] | None = None,
                  screen_rows: int = 80) -> Iterator[WorkbookFile]:
    """Open a workbook file for reading (``.xlsx``/``.xlsm``; ``.xls`` through LibreOffice).

    ``screen``, given the values of a sheet's first ``screen_rows`` rows, says whether the sheet is
    wanted; the others are left out (a city's 19-sheet master workbook that holds no form gives
    no sheet, and the import says so)."""
    path = Path(path)
    if not path.is_file():
        raise ForeignWorkbookError(f"{path}: berkas tidak ada")
    # what the file really is, told in Bahasa Indonesia: encrypted, empty, a web page or a text file
    # named .xls (what web applications export) are refused here, not deep in the package checks
    kind = readable_kind(path)
    if kind != PACKAGE:
        # a legacy BIFF .xls, whatever its name says (offices rename them .xlsx), or an .ods
        with tempfile.TemporaryDirectory(prefix="lkjip-xls-") as tmp:
            yield _read(_convert_xls(path, Path(tmp)), shown=path, screen=screen, screen_rows=screen_rows)
        return
    yield _read(path, shown=path, screen=screen, screen_rows=screen_rows)


def _convert_xls(path: Path, folder: Path) -> Path:
    try:
        return to_xlsx(path, ".xls", folder, recalc=True)
    except ConversionError as exc:
        raise ForeignWorkbookError(str(exc)) from exc


def _read(path: Path, shown: Path, screen: Callable[[SheetCells], bool] | None = None,
          screen_rows: int = 80) -> WorkbookFile:


    try:
        check_package(path)
        parts, read = read_worksheets(path, cached=True)
    except PackageError as exc:
        raise ForeignWorkbookError(str(exc).replace(str(path), str(shown))) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError, OSError) as exc:
        raise ForeignWorkbookError(f"{shown}: tidak dapat dibaca sebagai buku kerja Excel ({exc})") from exc
    looks = looks_of(parts.styles)
    sheets, cells = [], {}
    for name, sheet in read.items():
        if screen is not None and not screen(_top(name, sheet, screen_rows)):
            continue
        sheets.append(SheetInfo(name, parts.sheets[name], name in parts.hidden))
        covered = _covered(sheet)
        cells[name] = SheetCells(sheet.values, sheet.formulas, sheet.styles,
                                 [p for p in sheet.formula_cells if p not in covered], sheet.max_row,
                                 sheet.max_col, list(sheet.arrays), list(sheet.merged), name=name)
    return WorkbookFile(shown, sheets, dict(parts.names), cells, looks)


def _top(name: str, sheet: Any, rows: int) -> SheetCells:
    """The values of a sheet's first ``rows`` rows, for a screen that looks for a form's header."""
    values = [list(r) for r in sheet.values[:rows]]
    width = max((len(r) for r in values), default=0)
    empty = [[None] * width for _ in values]
    return SheetCells(values, empty, [[0] * width for _ in values], [], len(values), width, name=name)


def _covered(sheet: Any) -> set[tuple[int, int]]:
    """The cells a merged range covers (all but its top-left one), emptied: Excel shows only the
    top-left cell's content and look over the range, whatever the others hold."""
    covered = set()
    for r1, c1, r2, c2 in sheet.merged:
        for r in range(r1, min(r2, sheet.max_row) + 1):
            for c in range(c1, min(c2, sheet.max_col) + 1):
                if (r, c) != (r1, c1):
                    sheet.values[r - 1][c - 1] = sheet.formulas[r - 1][c - 1] = None
                    sheet.styles[r - 1][c - 1] = 0
                    covered.add((r, c))
    return covered
