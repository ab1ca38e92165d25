"""Reading a workbook lkjip-xl did not write (an office's own Renja form), shaped like the
workbook-file layer's contract (``lkjip_xl.ooxml``: ``open_workbook``, ``SheetInfo``,
``SheetCells``, ``CellLook``; see the team's OOXML_API notes).

Until that layer lands, :func:`open_workbook` reads through openpyxl: the formulas from
``load_workbook(path)``, the cached values from ``load_workbook(path, data_only=True)``, the look
of each cell (number format, bold, indent, fill, locked) numbered like a ``cellXfs`` index. Its
body is the one place to swap for ``lkjip_xl.ooxml.open_workbook``; everything else in the Renja
import uses only the names below.

A legacy ``.xls`` is converted to ``.xlsx`` by LibreOffice in a temporary folder first (the
original is never touched); its values are then LibreOffice's recalculation.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from lkjip_xl.adapters.package_check import WorkbookError, check_package
from lkjip_xl.errors import LkjipError
from lkjip_xl.workbook_kind import PACKAGE, readable_kind


class ForeignWorkbookError(LkjipError):
    """A workbook that cannot be read (the message names the file)."""


@dataclass(frozen=True)
class SheetInfo:
    name: str
    part: str
    hidden: bool


@dataclass(frozen=True)
class CellLook:
    number_format: str
    bold: bool
    indent: int
    fill: str | None
    locked: bool


@dataclass
class SheetCells:
    name: str
    values: list[list[Any]]
    formulas: list[list[str | None]]
    styles: list[list[int]]
    formula_cells: list[tuple[int, int]]
    max_row: int
    max_col: int
    arrays: list[tuple[int, int, str, str]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

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


MAX_CELLS = 2_000_000


@contextmanager
def open_workbook(path: str | Path, screen: Callable[[SheetCells], bool] | None = None,
                  screen_rows: int = 80) -> Iterator[WorkbookFile]:
    """Open a workbook file for reading (``.xlsx``/``.xlsm``; ``.xls`` through LibreOffice).

    ``screen``, given the values of a sheet's first ``screen_rows`` rows, says whether the sheet is
    wanted; the others are left out, and when none is wanted the workbook is not loaded whole at
    all: a city's 19-sheet master workbook that holds no form is refused in seconds, not minutes."""
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
    from lkjip_xl.engine.libreoffice import LibreOffice, LibreOfficeError, find_soffice  # only for .xls

    if not find_soffice():
        raise ForeignWorkbookError(f"{path}: berkas .xls perlu LibreOffice (soffice) untuk dibaca; simpan sebagai "
                                   ".xlsx di Excel, atau pasang LibreOffice")
    copy = folder / "asli.xls"
    copy.write_bytes(path.read_bytes())
    try:
        with LibreOffice() as lo:
            return lo.convert([copy], "xlsx", folder / "xlsx")[0]
    except LibreOfficeError as exc:
        raise ForeignWorkbookError(f"{path}: LibreOffice tidak dapat mengubahnya ke .xlsx ({exc})") from exc


def _read(path: Path, shown: Path, screen: Callable[[SheetCells], bool] | None = None,
          screen_rows: int = 80) -> WorkbookFile:
    import openpyxl  # the interim reader (see the module notes): loaded only when a form is read

    try:
        check_package(path)
        wanted = None if screen is None else {c.name for c in _top_rows(openpyxl, path, screen_rows) if screen(c)}
        if wanted is not None and not wanted:
            return WorkbookFile(shown, [], {}, {}, [CellLook("General", False, 0, None, True)])
        formulas_wb = openpyxl.load_workbook(path)
        values_wb = openpyxl.load_workbook(path, data_only=True)
    except WorkbookError as exc:
        raise ForeignWorkbookError(str(exc).replace(str(path), str(shown))) from exc
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ForeignWorkbookError(f"{shown}: tidak dapat dibaca sebagai buku kerja Excel ({exc})") from exc
    looks: list[CellLook] = [CellLook("General", False, 0, None, True)]
    index: dict[CellLook, int] = {looks[0]: 0}
    sheets, cells = [], {}
    for i, ws in enumerate(formulas_wb.worksheets, 1):
        if wanted is not None and ws.title not in wanted:
            continue
        sheets.append(SheetInfo(ws.title, f"xl/worksheets/sheet{i}.xml", ws.sheet_state != "visible"))
        vs = values_wb[ws.title]
        max_row, max_col = ws.max_row, ws.max_column
        if max_row * max_col > MAX_CELLS:
            raise ForeignWorkbookError(f"{shown}: sheet {ws.title!r} terlalu besar ({max_row} x {max_col} sel)")
        values = [[None] * max_col for _ in range(max_row)]
        formulas: list[list[str | None]] = [[None] * max_col for _ in range(max_row)]
        styles = [[0] * max_col for _ in range(max_row)]
        formula_cells = []
        for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
            for c in row:
                r, k = c.row - 1, c.column - 1
                v = c.value
                if isinstance(v, str) and v.startswith("="):
                    formulas[r][k] = v
                    formula_cells.append((c.row, c.column))
                    values[r][k] = vs.cell(c.row, c.column).value
                elif v is not None and type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
                    formulas[r][k] = "=" + str(getattr(v, "text", v)).lstrip("=")
                    formula_cells.append((c.row, c.column))
                    values[r][k] = vs.cell(c.row, c.column).value
                else:
                    values[r][k] = v
                if c.has_style:
                    look = _look(c)
                    styles[r][k] = index.setdefault(look, len(looks))
                    if styles[r][k] == len(looks):
                        looks.append(look)
        merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        cells[ws.title] = SheetCells(ws.title, values, formulas, styles, formula_cells, max_row, max_col,
                                     merged=merged)
    names: dict[str, tuple[str, str]] = {}
    for name, dn in formulas_wb.defined_names.items():
        try:
            dests = list(dn.destinations)
        except Exception:  # a name pointing at #REF! or a formula
            continue
        if dests:
            names[name] = (dests[0][0], dests[0][1].replace("$", ""))
    return WorkbookFile(shown, sheets, names, cells, looks)


def _top_rows(openpyxl, path: Path, rows: int) -> list[SheetCells]:
    """The values of each sheet's first ``rows`` rows, streamed (no formulas, looks or merges)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        out = []
        for ws in wb.worksheets:
            ws.reset_dimensions()  # exporters write a wrong <dimension> (A1) that would cut the rows short
            values = [list(r) for r in ws.iter_rows(max_row=rows, values_only=True)]
            width = max((len(r) for r in values), default=0)
            values = [r + [None] * (width - len(r)) for r in values]
            empty = [[None] * width for _ in values]
            out.append(SheetCells(ws.title, values, empty, [[0] * width for _ in values], [], len(values), width))
        return out
    finally:
        wb.close()


def _look(c) -> CellLook:
    fill = None
    if c.fill is not None and c.fill.fill_type == "solid" and c.fill.fgColor is not None \
            and c.fill.fgColor.type == "rgb" and isinstance(c.fill.fgColor.rgb, str):
        fill = c.fill.fgColor.rgb[-6:].upper()
    return CellLook(number_format=c.number_format or "General", bold=bool(c.font and c.font.b),
                    indent=int(c.alignment.indent or 0) if c.alignment else 0, fill=fill,
                    locked=bool(c.protection.locked) if c.protection else True)
