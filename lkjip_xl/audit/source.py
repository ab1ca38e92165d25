"""What the audit reads of a workbook: its sheets' values, formulas and cell looks.

The shapes (:class:`SheetInfo`, :class:`SheetCells`, :class:`CellLook`) are those of the
workbook-file layer's contract (``lkjip_xl.ooxml``, team/OOXML_API.md), so that the body of
:func:`read_sheets` can be swapped for that layer without touching any rule. Until then the body
reads through openpyxl, and it is the only place of the audit that does.

Why a workbook is read twice by openpyxl: the formulas, looks and merged ranges come from the
normal load, the values Excel showed from a read-only ``data_only`` pass (openpyxl gives one or the
other per load). A workbook written by a program that leaves no computed values (openpyxl itself:
every formula cell without a cached value) gets its values from the project's default engine;
when that engine refuses (a circular reference, a function it lacks) the values stay empty and
the rules that need them say nothing, while the formula rules still run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkjip_xl.errors import LkjipError


class WorkbookReadError(LkjipError):
    """A workbook the audit cannot read; the message names the file and why."""


@dataclass(frozen=True)
class SheetInfo:
    name: str
    part: str  # the sheet's part in the package ("" when not known)
    hidden: bool  # state hidden or veryHidden


@dataclass
class SheetCells:
    name: str
    values: list[list[Any]]  # rows 1..max_row x cols 1..max_col (dense); formula cells: value shown
    formulas: list[list[str | None]]  # "=SUM(A1:A3)", None
    styles: list[list[int]]  # look index per cell (0 default)
    formula_cells: list[tuple[int, int]]  # (row, col) of each formula cell, sheet order
    max_row: int
    max_col: int
    arrays: list[tuple[int, int, str, str]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class CellLook:
    number_format: str
    bold: bool
    indent: int
    fill: str | None
    locked: bool


DEFAULT_LOOK = CellLook("General", False, 0, None, True)


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


def read_sheets(path: Path | str) -> SourceBook:
    """Read every worksheet (hidden ones too) of an .xlsx/.xlsm file.

    Raises :class:`WorkbookReadError` naming the file when it is not a workbook openpyxl can open.
    """
    # openpyxl is imported here: the rules and the result types do not need it (Pyodide path).
    import openpyxl

    path = Path(path)
    try:
        # Both passes read-only: the normal mode makes a cell object for every empty position of a
        # sheet's used range, five times slower on a large template.
        wb = openpyxl.load_workbook(path, read_only=True)
        wv = openpyxl.load_workbook(path, read_only=True, data_only=True)
        merges = _merged_ranges(path)
    except Exception as exc:  # openpyxl raises many types for a broken or foreign file
        raise WorkbookReadError(f"{path}: bukan buku kerja Excel yang dapat dibaca ({type(exc).__name__}: {exc})") from exc
    looks: list[CellLook] = [DEFAULT_LOOK]
    look_ids: dict[tuple, int] = {}
    infos: list[SheetInfo] = []
    cells: dict[str, SheetCells] = {}
    any_formula = any_cached = False
    try:
        for ws in wb.worksheets:
            infos.append(SheetInfo(ws.title, "", ws.sheet_state != "visible"))
            sheet = _read_sheet(ws, wv[ws.title], looks, look_ids, merges.get(ws.title, []))
            cells[ws.title] = sheet
            for r, c in sheet.formula_cells:
                any_formula = True
                if sheet.values[r - 1][c - 1] is not None:
                    any_cached = True
                    break
    finally:
        wv.close()
        wb.close()
    book = SourceBook(path, infos, cells, looks)
    if any_formula and not any_cached:
        book.values_from = _engine_values(path, cells)
    return book


def _read_sheet(ws, wsv, looks: list[CellLook], look_ids: dict[tuple, int],
                merged: list[tuple[int, int, int, int]]) -> SheetCells:
    formulas_by_pos: dict[tuple[int, int], str] = {}
    consts: dict[tuple[int, int], Any] = {}
    styles_by_pos: dict[tuple[int, int], int] = {}
    arrays: list[tuple[int, int, str, str]] = []
    max_row = max_col = 0
    ws.reset_dimensions()  # a writer may have stored a wrong <dimension>: read every row there is
    for row in ws.iter_rows():
        for cell in row:
            if cell.__class__.__name__ == "EmptyCell":
                continue
            value = cell.value
            if cell.has_style:
                key = tuple(cell.style_array)
                look = look_ids.get(key)
                if look is None:
                    look = look_ids[key] = len(looks)
                    looks.append(_look_of(cell))
                styles_by_pos[(cell.row, cell.column)] = look
            if value is None:
                continue
            text = _formula_text(value, cell, arrays)
            if text is not None:
                formulas_by_pos[(cell.row, cell.column)] = text
            else:
                consts[(cell.row, cell.column)] = value
            max_row = max(max_row, cell.row)
            max_col = max(max_col, cell.column)
    values = [[None] * max_col for _ in range(max_row)]
    formulas: list[list[str | None]] = [[None] * max_col for _ in range(max_row)]
    styles = [[0] * max_col for _ in range(max_row)]
    for (r, c), v in consts.items():
        values[r - 1][c - 1] = v
    for (r, c), s in styles_by_pos.items():
        if r <= max_row and c <= max_col:
            styles[r - 1][c - 1] = s
    formula_cells = sorted(formulas_by_pos)
    for (r, c) in formula_cells:
        formulas[r - 1][c - 1] = formulas_by_pos[(r, c)]
    if formula_cells:
        for i, vals in enumerate(wsv.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True)):
            frow = formulas[i]
            for j, v in enumerate(vals[:max_col]):
                if frow[j] is not None:
                    values[i][j] = v
    return SheetCells(ws.title, values, formulas, styles, formula_cells, max_row, max_col, arrays, merged)


def _merged_ranges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """sheet name -> merged ranges, read from the package (openpyxl's read-only mode has none)."""
    import posixpath
    import re
    import zipfile
    from html import unescape

    from lkjip_xl.a1 import parse_range

    out: dict[str, list[tuple[int, int, int, int]]] = {}
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        book = z.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace") \
            if "xl/_rels/workbook.xml.rels" in names else ""
        targets = {}
        for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            if "Id" in attrs and "Target" in attrs:
                t = attrs["Target"]
                targets[attrs["Id"]] = t.lstrip("/") if t.startswith("/") else posixpath.normpath("xl/" + t)
        for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", book):
            attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1)))
            name = unescape(attrs.get("name", ""))
            rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
            part = targets.get(rid or "")
            if not part or part not in names:
                continue
            with z.open(part) as fh:
                # the merged ranges come after the cells: read the tail of a large part only
                data = fh.read().decode("utf-8", "replace")
            start = data.rfind("</sheetData>")
            ranges = re.findall(r'<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]+)"', data[max(0, start):])
            out[name] = []
            for ref in ranges:
                try:
                    out[name].append(parse_range(ref))
                except ValueError:
                    continue
    return out


def _formula_text(value: Any, cell, arrays: list) -> str | None:
    if isinstance(value, str):
        return value if value.startswith("=") and len(value) > 1 and cell.data_type == "f" else None
    text = getattr(value, "text", None)  # ArrayFormula / DataTableFormula
    if isinstance(text, str):
        ref = getattr(value, "ref", "") or cell.coordinate
        arrays.append((cell.row, cell.column, "array", str(ref)))
        return text if text.startswith("=") else "=" + text
    if value.__class__.__name__ == "DataTableFormula":
        arrays.append((cell.row, cell.column, "dataTable", str(getattr(value, "ref", ""))))
        return None
    return None


def _look_of(cell) -> CellLook:
    fill = None
    f = cell.fill
    if f is not None and getattr(f, "fill_type", None) == "solid":
        rgb = getattr(f.fgColor, "rgb", None)
        if isinstance(rgb, str) and len(rgb) >= 6:
            fill = rgb[-6:].upper()
    indent = cell.alignment.indent if cell.alignment is not None else 0
    return CellLook(
        number_format=cell.number_format or "General",
        bold=bool(cell.font is not None and cell.font.b),
        indent=int(indent or 0),
        fill=fill,
        locked=bool(cell.protection.locked) if cell.protection is not None else True,
    )


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
    rests on them), for sheets whose values another reader already read."""
    import openpyxl  # see read_sheets

    path = Path(path)
    looks: list[CellLook] = [DEFAULT_LOOK]
    look_ids: dict[tuple, int] = {}
    styles: dict[str, dict[tuple[int, int], int]] = {}
    hidden = set()
    try:
        wb = openpyxl.load_workbook(path, read_only=True)
        merges = _merged_ranges(path)
    except Exception as exc:  # openpyxl raises many types for a broken or foreign file
        raise WorkbookReadError(f"{path}: bukan buku kerja Excel yang dapat dibaca ({type(exc).__name__}: {exc})") from exc
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                hidden.add(ws.title)
            if ws.title not in sheets:
                continue
            found = styles[ws.title] = {}
            ws.reset_dimensions()
            for row in ws.iter_rows():
                for cell in row:
                    if cell.__class__.__name__ == "EmptyCell" or not cell.has_style:
                        continue
                    key = tuple(cell.style_array)
                    look = look_ids.get(key)
                    if look is None:
                        look = look_ids[key] = len(looks)
                        looks.append(_look_of(cell))
                    found[(cell.row, cell.column)] = look
    finally:
        wb.close()
    return Looks(looks, styles, {k: v for k, v in merges.items() if k in sheets}, frozenset(hidden))


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
        cells[name] = SheetCells(name, values, formulas, styles, formula_cells, max_row, max_col,
                                 merged=merged.get(name, []))
    return SourceBook(Path(path), infos, cells, looks.looks if looks is not None else [DEFAULT_LOOK], values_from)


def _padded(grid: list[list[Any]], first_row: int, first_col: int) -> list[list[Any]]:
    lead = [None] * (first_col - 1)
    width = max((len(r) for r in grid), default=0) + first_col - 1
    return [[None] * width for _ in range(first_row - 1)] + [lead + list(r) for r in grid]
