"""Headless evaluation with ``formualizer`` (pinned: formualizer==0.13.0), a Rust engine.

``formualizer`` reads the xlsx itself (its own Rust reader, no openpyxl), builds a dependency graph
and evaluates it natively: on the 100x synthetic report (126,000 formula cells) load and evaluate
take seconds where the ``formulas`` package takes about twenty minutes. Values cached in the file
are never used (the reader drops the cached value of every formula cell).

Which cells are formula cells is read from the package itself by :func:`formula_cells` (a scan of
each worksheet's ``<sheetData>``, shared by the other engines of this package), not asked of the
engine: ``formualizer``'s own formula listing pretty-prints every formula and costs more than the
evaluation.

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
changed neither time nor memory on these workbooks, so it is not used. IronCalc keeps one parsed
formula per distinct shape (:mod:`.ironcalc_engine`).

Known differences from Excel (pinned, engine by engine, in tests/engine/test_function_coverage.py):
a number turned into text keeps up to 17 significant digits (``=A2/3&""`` gives
``"6.666666666666667"``, Excel ``"6.66666666666667"``), as in ``formulas``. ROUND at decimal ties
is Excel's (half away from zero on the 15-digit value: ``ROUND(1.005,2)`` is 1.01).

Array formulas: formualizer evaluates a legacy (Ctrl+Shift+Enter) array formula as a dynamic
array that spills from its top-left cell. The values Excel caches in the other cells of the
array's range block the spill (``#SPILL!``), and clearing them before evaluating leaves the
spilled cells empty (0.13.0). The engine therefore refuses a workbook with a multi-cell array
formula (:class:`~.base.EngineError` naming the ranges); the generator writes none, and the
IronCalc and LibreOffice engines evaluate them. Single-cell array formulas (as Excel 365 saves
many ordinary formulas) are fine.
"""

from __future__ import annotations

import html
import math
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, NamedTuple

from lkjip_xl import a1

from .base import EngineError, Values

__all__ = [
    "FORMUALIZER_VERSION",
    "FormulaCell",
    "FormualizerEngine",
    "SheetFormulas",
    "formula_cells",
]

#: The version this engine is written and tested against (pyproject pins it exactly).
FORMUALIZER_VERSION = "0.13.0"

#: Most cells named in an error message before "and N more".
_MAX_CELLS_IN_MESSAGE = 10

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

#: Error values that mean the engine could not compute the cell at all.
CIRCULAR = "#CIRC!"
NOT_IMPLEMENTED = "#N/IMPL!"


# -- the formula cells of an xlsx package ------------------------------------------------------


class FormulaCell(NamedTuple):
    """One cell of a worksheet that holds a formula, as the file stores it.

    ``kind`` is the ``t`` attribute of ``<f>`` (``"normal"``, ``"shared"``, ``"array"``,
    ``"dataTable"``); ``ref`` the range of an array or data-table formula (``"C1:C3"``), whose
    other cells are formula cells too. ``value_type`` and ``cached`` are the cell's ``t``
    attribute and the text of its ``<v>`` (the value the last application that saved the file
    computed; None when there is no ``<v>``).
    """

    row: int
    col: int
    kind: str = "normal"
    ref: str | None = None
    value_type: str = "n"
    cached: str | None = None


@dataclass
class SheetFormulas:
    """The formula cells of one worksheet, in file order, and the ranges of its array formulas."""

    name: str
    part: str
    cells: list[FormulaCell] = field(default_factory=list)

    def array_ranges(self) -> list[tuple[int, int, int, int]]:
        """``(row1, col1, row2, col2)`` of every array / data-table formula of the sheet."""
        out = []
        for cell in self.cells:
            if cell.kind in ("array", "dataTable") and cell.ref:
                try:
                    out.append(a1.parse_range(cell.ref))
                except ValueError:
                    continue
        return out

    def positions(self) -> list[tuple[int, int]]:
        """``(row, col)`` of every formula cell, the other cells of array ranges included."""
        seen: dict[tuple[int, int], None] = {}
        for cell in self.cells:
            seen[(cell.row, cell.col)] = None
        for r1, c1, r2, c2 in self.array_ranges():
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    seen.setdefault((r, c), None)
        return list(seen)


_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")
# A cell start tag directly followed by its <f> (CT_Cell: f comes first), with an optional
# namespace prefix; then the formula text (no "<" inside: it is escaped), then an optional <v>.
_P = rb"(?:[A-Za-z_][\w.\-]*:)?"
_FORMULA_CELL = re.compile(
    rb"<" + _P + rb"c(?=[\s/>])([^>]*)>\s*<" + _P + rb"f(?=[\s/>])([^>]*?)(?:/>|>[^<]*</" + _P + rb"f>)"
    rb"\s*(?:<" + _P + rb"v(?:\s[^>]*)?(?:(/)>|>([^<]*)</" + _P + rb"v>))?"
)
_PLAIN_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"([^>]*)>\s*<f(\s[^>]*?)?/?>(?:[^<]*</f>)?'
    rb"\s*(?:<v(?:\s[^>]*)?(?:(/)>|>([^<]*)</v>))?"
)
_F_TAG = re.compile(rb"<" + _P + rb"f(?=[\s/>])")
_SHEET_DATA = re.compile(rb"<" + _P + rb"sheetData(?=[\s/>])")
_ATTR = re.compile(rb"""([\w:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(raw: bytes) -> dict[str, str]:
    out = {}
    for m in _ATTR.finditer(raw):
        name = m.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]
        value = m.group(2) if m.group(2) is not None else m.group(3)
        out[name] = _unescape(value.decode("utf-8"))
    return out


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """``(sheet name, part name)`` of every worksheet, in workbook order."""
    workbook = "xl/workbook.xml"
    try:
        rels = ET.fromstring(z.read("_rels/.rels"))
        for rel in rels:
            if rel.get("Type", "").endswith("/officeDocument"):
                workbook = rel.get("Target", workbook).lstrip("/")
                break
    except KeyError:
        pass
    base = posixpath.dirname(workbook)
    rels_part = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
    targets: dict[str, str] = {}
    for rel in ET.fromstring(z.read(rels_part)):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        targets[rel.get("Id", "")] = part
    names = set(z.namelist())
    out = []
    for element in ET.fromstring(z.read(workbook)).iter():
        if _local(element.tag) != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        part = targets.get(rid or "")
        if part in names:
            out.append((element.get("name", ""), part))
    return out


def _scan(data: bytes) -> list[FormulaCell] | None:
    """The formula cells of one worksheet part, or None when the fast scan cannot be trusted
    (a formula cell without an ``r`` attribute, or an ``<f>`` it did not pair with a cell).

    Inside ``<sheetData>`` the only elements whose name starts with ``f`` are formulas, so the
    number of ``<f`` there is the number of formula cells the scan must find.
    """
    start = _SHEET_DATA.search(data)
    if start is None:
        return []
    stop = data.rfind(b"sheetData>")  # the end tag, prefixed or not
    stop = data.rfind(b"<", 0, stop) if stop > start.end() else len(data)
    begin = start.end()
    if b":" not in start.group(0):  # no namespace prefix: Excel, LibreOffice, openpyxl
        expected = data.count(b"<f", begin, stop)
        if expected == 0:
            return []
        cells: list[FormulaCell] | None = _scan_plain(data, begin, stop)
        if len(cells) == expected:
            return cells
    expected = len(_F_TAG.findall(data, begin, stop))
    cells = _scan_general(data, begin, stop)
    if cells is None or len(cells) != expected:
        return None
    return cells


def _scan_plain(data: bytes, start: int, stop: int) -> list[FormulaCell]:
    """Cells written as Excel, LibreOffice and openpyxl write them: no namespace prefix, ``r``
    first (``<c r="P12" s="3" t="str"><f>...</f><v>...</v></c>``)."""
    cells: list[FormulaCell] = []
    append = cells.append
    columns: dict[bytes, int] = {}
    for m in _PLAIN_FORMULA_CELL.finditer(data, start, stop):
        letters, digits, c_raw, f_raw, v_closed, v_text = m.groups()
        col = columns.get(letters)
        if col is None:
            col = columns[letters] = a1.col_index(letters.decode("ascii"))
        value_type = "n"
        if c_raw:
            i = c_raw.find(b' t="')
            if i >= 0:
                value_type = c_raw[i + 4 : c_raw.index(b'"', i + 4)].decode("ascii")
        kind, ref = "normal", None
        if f_raw and f_raw.strip(b" \t\r\n/"):
            f_attrs = _attrs(f_raw)
            kind, ref = f_attrs.get("t", "normal"), f_attrs.get("ref")
        if v_text is not None:
            cached: str | None = _unescape(v_text.decode("utf-8"))
        else:
            cached = "" if v_closed else None
        append(FormulaCell(int(digits), col, kind, ref, value_type, cached))
    return cells


def _scan_general(data: bytes, start: int, stop: int) -> list[FormulaCell] | None:
    """Cells with namespace prefixes or attributes in any order; None if one lacks ``r``."""
    cells: list[FormulaCell] = []
    for m in _FORMULA_CELL.finditer(data, start, stop):
        c_raw, f_raw, v_closed, v_text = m.groups()
        c_attrs = _attrs(c_raw)
        if "r" not in c_attrs:
            return None
        try:
            row, col = a1.parse_cell(c_attrs["r"])
        except ValueError:
            return None
        kind, ref = "normal", None
        if f_raw and not f_raw.isspace():
            f_attrs = _attrs(f_raw)
            kind, ref = f_attrs.get("t", "normal"), f_attrs.get("ref")
        if v_text is not None:
            cached: str | None = _unescape(v_text.decode("utf-8"))
        else:
            cached = "" if v_closed else None
        cells.append(FormulaCell(row, col, kind, ref, c_attrs.get("t", "n"), cached))
    return cells


def _parse_slowly(data: bytes) -> list[FormulaCell]:
    """The formula cells of a worksheet part by a full XML parse. A row or cell without its
    ``r`` attribute follows the previous one, as the format allows."""
    import io

    cells: list[FormulaCell] = []
    row = 0
    col = 0
    for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
        tag = _local(element.tag)
        if tag == "row":
            if event == "start":
                r = element.get("r")
                row = int(r) if r else row + 1
                col = 0
            else:
                element.clear()
        elif tag == "c" and event == "end":
            ref = element.get("r")
            if ref:
                row, col = a1.parse_cell(ref)
            else:
                col += 1
            f = next((ch for ch in element if _local(ch.tag) == "f"), None)
            if f is not None:
                v = next((ch for ch in element if _local(ch.tag) == "v"), None)
                cells.append(FormulaCell(row, col, f.get("t", "normal"), f.get("ref"), element.get("t", "n"),
                                         None if v is None else (v.text or "")))
    return cells


def formula_cells(
    path: Path | str, visit: Callable[[str, bytes], None] | None = None
) -> list[SheetFormulas]:
    """The formula cells of every worksheet of an xlsx/xlsm file, read from the package.

    ``visit(sheet name, worksheet XML)``, if given, is called with each worksheet's bytes, for a
    caller that needs something else from them without unpacking the file twice.

    A fast byte scan of each ``<sheetData>`` (about 0.3 s for the 47 MB of worksheet XML of a
    20,000-indicator report), with a full XML parse for a sheet the scan cannot vouch for. Raises
    ``zipfile.BadZipFile``, ``KeyError`` or ``xml.etree.ElementTree.ParseError`` for a file that
    is not a workbook package.
    """
    out = []
    with zipfile.ZipFile(path) as z:
        for name, part in _sheet_parts(z):
            data = z.read(part)
            if visit is not None:
                visit(name, data)
            cells = _scan(data)
            if cells is None:
                cells = _parse_slowly(data)
            out.append(SheetFormulas(name, part, cells))
    return out


def read_formula_cells(
    path: Path, visit: Callable[[str, bytes], None] | None = None
) -> list[SheetFormulas]:
    """:func:`formula_cells` with the package errors turned into :class:`~.base.EngineError`."""
    try:
        return formula_cells(path, visit)
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError, OSError) as ex:
        raise EngineError(
            f"cannot load the workbook for evaluation ({type(ex).__name__}: {ex})", path
        ) from ex


def release_freed_memory() -> None:
    """Hand the memory a Rust engine freed back to the operating system.

    glibc keeps freed heap memory for later ``malloc`` calls, which Python's own allocator does not
    make: the 300 MB of a large model would otherwise stay in the process for the rest of the
    recalculation (openpyxl's save comes on top of it). A no-op outside glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _sheet_prefix(sheet: str) -> str:
    if re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", sheet) and not re.match(r"^[A-Za-z]{1,3}\d+$", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def raise_for_uncomputed(values: Values, path: Path, engine: str, version: str) -> None:
    """Raise :class:`~.base.EngineError` when a cell is in a circular reference (``#CIRC!``) or
    uses something the engine does not implement (``#N/IMPL!``)."""
    for marker, what in (
        (CIRCULAR, "a circular reference"),
        (NOT_IMPLEMENTED, f"something {engine} {version} does not implement"),
    ):
        cells = [key for key, value in values.items() if value == marker]
        if not cells:
            continue
        shown = ", ".join(f"{_sheet_prefix(s)}!{a}" for s, a in cells[:_MAX_CELLS_IN_MESSAGE])
        more = len(cells) - _MAX_CELLS_IN_MESSAGE
        if more > 0:
            shown += f" and {more} more"
        raise EngineError(
            f"{len(cells)} formula cell(s) could not be computed ({what}): {shown}", path, cells=cells
        )


# -- the engine --------------------------------------------------------------------------------


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
        shown = ", ".join(f"{_sheet_prefix(s)}!{a}" for s, a in found[:_MAX_CELLS_IN_MESSAGE])
        raise EngineError(
            f"formualizer {FORMUALIZER_VERSION} cannot evaluate multi-cell array formulas ({shown}); "
            "evaluate this workbook with LKJIP_ENGINE=ironcalc or LKJIP_ENGINE=libreoffice",
            path,
            cells=found,
        )


class GridValues(Mapping):
    """``{(sheet, "A1"): value}`` over per-sheet grids of raw formualizer values (see
    :meth:`FormualizerEngine.grid_lookup`): a cell outside a sheet's grid is not in it."""

    def __init__(self, grids: dict[str, list[list[Any]]], ranges: dict[str, tuple[int, int, int, int]]) -> None:
        self.grids, self.ranges = grids, ranges

    def _place(self, key: tuple[str, str]) -> tuple[list[Any], int] | None:
        sheet, address = key
        grid = self.grids.get(sheet)
        if grid is None:
            return None
        try:
            row, col = a1.parse_cell_uncached(address)
        except ValueError:
            return None
        r1, c1 = self.ranges[sheet][:2]
        if not (0 <= row - r1 < len(grid)) or not (0 <= col - c1 < len(grid[row - r1])):
            return None
        return grid[row - r1], col - c1

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and self._place(key) is not None  # type: ignore[arg-type]

    def __getitem__(self, key: tuple[str, str]) -> object:
        place = self._place(key)
        if place is None:
            raise KeyError(key)
        row, j = place
        return _scalar(row[j])

    def __iter__(self):
        for sheet, grid in self.grids.items():
            r1, c1 = self.ranges[sheet][:2]
            for i, row in enumerate(grid):
                for j in range(len(row)):
                    yield sheet, a1.cell(r1 + i, c1 + j)

    def __len__(self) -> int:
        return sum(len(row) for grid in self.grids.values() for row in grid)


class FormualizerEngine:
    """:class:`~.base.Engine` over ``formualizer.Workbook`` (Rust), in its default Interactive
    mode (the graph is built as evaluation needs it: 2.7 s for the 126,000 formulas of the 100x
    report, where the Ephemeral mode's eager build takes 5.7 s).

    ``parallel`` lets formualizer evaluate independent cells on several threads (no measurable
    difference on 2 cores).
    """

    name = "formualizer"

    def __init__(self, *, parallel: bool = True) -> None:
        self.parallel = parallel

    def evaluate(self, path: Path) -> Values:
        path = Path(path)
        if not path.is_file():
            raise EngineError("no such workbook", path)
        sheets = read_formula_cells(path)
        _refuse_array_ranges(sheets, path)
        ranges = {}
        for sheet in sheets:
            positions = sheet.positions()
            if positions:
                ranges[sheet.name] = (min(r for r, _ in positions), min(c for _, c in positions),
                                      max(r for r, _ in positions), max(c for _, c in positions))
        return self.values_of(self.evaluate_ranges(path, ranges), ranges, sheets, path)

    def _evaluated(self, path: Path) -> tuple[Any, Any]:
        """formualizer, and its workbook of ``path`` with every formula evaluated."""
        try:
            import formualizer as fz  # imported here: the interface works without it
        except ImportError as ex:
            raise EngineError(
                f"the formualizer engine is not installed (pip install formualizer=={FORMUALIZER_VERSION})", path
            ) from ex
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

    # -- in two steps, for a caller that reads the sheets itself --------------------------------
    def evaluate_ranges(self, path: Path, ranges: dict[str, tuple[int, int, int, int]]) -> dict[str, list[list[Any]]]:
        """Evaluate ``path`` and give the raw values of each sheet's ``(row1, col1, row2, col2)``,
        one grid per sheet in one call each.

        For :class:`~lkjip_xl.adapters.package_adapter.PackageBook`, which reads the sheets (and so
        knows the formula cells) while this runs in another process: no scan of the package here,
        and a few grids cross the process boundary instead of a value per formula cell. Then
        :meth:`values_of` picks the formula cells' values out of them.
        """
        path = Path(path)
        if not path.is_file():
            raise EngineError("no such workbook", path)
        fz, wb = self._evaluated(path)
        known = set(wb.sheet_names)
        out = {}
        for sheet, (r1, c1, r2, c2) in ranges.items():
            if sheet in known:
                out[sheet] = wb.sheet(sheet).get_values(fz.RangeAddress(sheet, r1, c1, r2, c2))
        del wb
        release_freed_memory()
        return out

    @staticmethod
    def values_at(grids: dict[str, list[list[Any]]], ranges: dict[str, tuple[int, int, int, int]],
                  sheets: list[SheetFormulas], path: Path) -> dict[str, list[object]]:
        """Sheet -> the values of its formula cells, in the order of ``SheetFormulas.positions()``,
        out of :meth:`evaluate_ranges`' grids; the same refusals as :meth:`evaluate` (array
        ranges, cells it could not compute)."""
        _refuse_array_ranges(sheets, path)
        out: dict[str, list[object]] = {}
        bad: dict[str, list[tuple[str, str]]] = {CIRCULAR: [], NOT_IMPLEMENTED: []}
        for sheet in sheets:
            positions = sheet.positions()
            if not positions:
                continue
            if sheet.name not in grids:
                cells = [(sheet.name, a1.cell(r, c)) for r, c in positions]
                raise EngineError(f"formualizer did not load sheet {sheet.name!r}", path, cells=cells)
            grid = grids[sheet.name]
            r1, c1 = ranges[sheet.name][:2]
            found = out[sheet.name] = []
            for r, c in positions:
                row = grid[r - r1] if 0 <= r - r1 < len(grid) else ()
                value = _scalar(row[c - c1]) if 0 <= c - c1 < len(row) else None
                if value in bad:
                    bad[value].append((sheet.name, a1.cell(r, c)))
                found.append(value)
        if bad[CIRCULAR] or bad[NOT_IMPLEMENTED]:
            raise_for_uncomputed({cell: marker for marker, cells in bad.items() for cell in cells}, path,
                                 "formualizer", FORMUALIZER_VERSION)
        return out

    @classmethod
    def values_of(cls, grids: dict[str, list[list[Any]]], ranges: dict[str, tuple[int, int, int, int]],
                  sheets: list[SheetFormulas], path: Path) -> Values:
        """:meth:`values_at` as :data:`~.base.Values`."""
        per_sheet = cls.values_at(grids, ranges, sheets, path)
        return {(sheet.name, a1.cell(r, c)): value for sheet in sheets if sheet.name in per_sheet
                for (r, c), value in zip(sheet.positions(), per_sheet[sheet.name])}

    @staticmethod
    def grid_lookup(grids: dict[str, list[list[Any]]], ranges: dict[str, tuple[int, int, int, int]]) -> "GridValues":
        """:meth:`evaluate_ranges`' grids as a read-only ``{(sheet, "A1"): value}`` mapping (for
        :mod:`lkjip_xl.cache`, which asks only for the formula cells it meets)."""
        return GridValues(grids, ranges)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(parallel={self.parallel!r})"
