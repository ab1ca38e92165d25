"""The one sheet reader: a worksheet part's cells by streaming its XML, no object per cell.

openpyxl builds a Python object per cell (a workbook of 20,000 indicator rows holds about 700,000
cells): loading takes seconds before the recalculation starts. The checks and the audit need each
sheet's values, formulas and cell formats, so the sheet parts are read here with regular
expressions over the bytes, one cell element at a time, into dense grids. The values are exactly
those openpyxl's read-only mode gives (numbers as int or float, dates through the cell's number
format, shared strings, inline and rich text, booleans, error texts; shared formulas translated to
each cell; array and data-table formulas with their ranges), which a test holds against openpyxl
on the project's workbooks and on hand-made Excel-style parts. Merged ranges and hidden sheets are
read too: workbooks lkjip-xl did not write are read by the same code.

The fast path: a run of cells written the usual way (address, format, type in that order, no
namespace prefix, as Excel, LibreOffice and openpyxl write them) is read by one ``findall`` at C
speed; anything else goes cell by cell through the general tokenizer.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from datetime import datetime
from typing import Any, Iterable

from lkjip_xl import a1
from lkjip_xl.display import format_number
from lkjip_xl.ooxml.package import Package
from lkjip_xl.ooxml import safety
from lkjip_xl.ooxml.safety import EXCEL_MAX_COL, EXCEL_MAX_ROW, WorkbookError
from lkjip_xl.ooxml.styles import Styles, read_styles
from lkjip_xl.ooxml.text import PREFIX as _P
from lkjip_xl.ooxml.text import attrs as _attrs
from lkjip_xl.ooxml.text import CHUNK, COLUMN_NUMBERS, PREFIXED_CELL, col_number, local, whole_tokens, xml_text

__all__ = ["SheetCells", "SheetReader", "WorkbookParts", "read_shared_strings", "read_worksheets", "read_workbook_parts",
           "refuse_dtd", "xml_text"]

# openpyxl is imported only where a workbook needs it (shared formulas, dates, a defined name that
# is not a plain range, a custom date format): importing it costs about 0.15 s, a quarter of a
# whole check of the Walantaka workbook.
CALENDAR_WINDOWS_1900 = datetime(1899, 12, 30)
CALENDAR_MAC_1904 = datetime(1904, 1, 1)
#: A row start tag (possibly self-closing), or a whole cell element.
_TOKEN = re.compile(rb"<" + _P + rb"(?:(row)\b([^>]*)>|c\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"c>))", re.S)
_TOKEN_START = re.compile(rb"<" + _P + rb"(?:row|c)\b")
_V = re.compile(rb"<" + _P + rb"v\b[^>]*?(?:/>|>(.*?)</" + _P + rb"v>)", re.S)
_F = re.compile(rb"<" + _P + rb"f\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"f>)", re.S)
_IS = re.compile(rb"<" + _P + rb"is\b[^>]*?(?:/>|>(.*?)</" + _P + rb"is>)", re.S)
#: The text runs of a string item: <t> directly or inside <r>, never inside <rPh> (phonetic).
_T = re.compile(rb"<(" + _P + rb")(t|rPh)\b[^>]*?(?:/>|>(.*?)</\1\2>)", re.S)
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
#: Bytes read from a worksheet part at a time (the tests vary it to cut cells everywhere).
_CHUNK = CHUNK
_MERGE = re.compile(rb"<" + _P + rb"mergeCell\b[^>]*?\sref\s*=\s*[\"']([^\"']+)[\"']")
#: A cell as Excel and openpyxl write it: r, then s, then t, nothing else, no prefix.
_FAST = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?\s*(?:/>|>([^<]*(?:<(?!/c>)[^<]*)*)</c>)')


def _string_item(raw: bytes) -> str:
    """The text of an ``<si>`` or ``<is>``: its ``<t>`` and its runs' ``<t>``, phonetic runs left out."""
    parts = []
    for m in _T.finditer(raw):
        if m.group(2) == b"t" and m.group(3):
            parts.append(xml_text(m.group(3)))
    return "".join(parts)


def refuse_dtd(head: bytes, part: str, path: Path) -> None:
    """Entities are never expanded here (the text is read with regular expressions), but a part
    that declares them is no spreadsheet part: refuse it, as the parsers would."""
    if b"<!DOCTYPE" in head[:65536] or b"<!ENTITY" in head[:65536]:
        raise WorkbookError(f"{path}: tidak dapat dibaca sebagai buku kerja Excel (bagian {part} mendeklarasikan tipe "
                            f"dokumen: definisi entitas ditolak)")


def read_shared_strings(package: Package, part: str | None) -> list[str]:
    """The shared strings table (rich text as its plain text, phonetic runs left out)."""
    if part is None or part not in package.names:
        return []
    data = package.read_small(part)
    refuse_dtd(data, part, package.path)
    out = []
    if b"<r>" not in data and b"<rPh" not in data and b"<si/>" not in data and b"<t/>" not in data:
        plain = re.findall(rb"<si><t(?: [^>]*)?>([^<]*)</t></si>", data)
        if len(plain) == data.count(b"<si>") + data.count(b"<si "):
            return [xml_text(t).replace("x005F_", "") for t in plain]
    for m in re.finditer(rb"<" + _P + rb"si\b[^>]*?(?:/>|>(.*?)</" + _P + rb"si>)", data, re.S):
        out.append(_string_item(m.group(1) or b"").replace("x005F_", ""))
    return out


@dataclass
class WorkbookParts:
    """The package's map: worksheets in tab order, the styles and strings, names and calendar."""

    workbook: str
    sheets: dict[str, str]
    styles: Styles
    strings: list[str]
    names: dict[str, tuple[str, str]]
    epoch: Any
    styles_part: str | None
    #: Worksheets whose state is hidden or veryHidden.
    hidden: frozenset[str] = frozenset()


def read_workbook_parts(z: zipfile.ZipFile, path: Path) -> WorkbookParts:
    """The map of the package at ``path`` (open as ``z``): read once per command."""
    package = Package.of_zip(z, path)
    workbook = package.workbook_part()
    styles_part = package.related(workbook, "styles")
    strings_part = package.related(workbook, "sharedStrings")
    root = package.parse(workbook)
    epoch = CALENDAR_WINDOWS_1900
    names: dict[str, tuple[str, str]] = {}
    for el in root.iter():
        name = local(el.tag)
        if name == "workbookPr" and (el.get("date1904") or "").lower() in ("1", "true"):
            epoch = CALENDAR_MAC_1904
        elif name == "definedName" and el.get("localSheetId") is None and el.get("name"):
            plain = a1.sheet_range(el.text or "")
            if plain:
                names[el.get("name")] = plain
                continue
            from openpyxl.workbook.defined_name import DefinedName

            try:
                dests = list(DefinedName(name=el.get("name"), attr_text=el.text or "").destinations)
            except Exception:  # a name pointing at #REF! or a formula
                continue
            if dests:
                sheet, ref = dests[0]
                names[el.get("name")] = (sheet, ref.replace("$", ""))
    entries = [s for s in package.sheets() if s.kind == "worksheet" and s.part in package.names]
    return WorkbookParts(workbook, {s.name: s.part for s in entries}, read_styles(package, styles_part),
                         read_shared_strings(package, strings_part), names, epoch, styles_part,
                         frozenset(s.name for s in entries if s.hidden))


# -- a worksheet ------------------------------------------------------------------------------------

@dataclass
class SheetCells:
    """One worksheet as read: rows 1..last, columns 1..last, each a dense list."""

    values: list[list[Any]]
    formulas: list[list[str | None]]
    styles: list[list[int]]
    #: (row, column) of every formula cell, in sheet order.
    formula_cells: list[tuple[int, int]]
    max_row: int
    max_col: int
    #: (row, column, kind, ref) of each array and data-table formula.
    arrays: list[tuple[int, int, str, str]] = field(default_factory=list)
    #: (row1, col1, row2, col2) of each merged range.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


class SheetReader:
    """Streams one worksheet part into :class:`SheetCells` (values of formula cells left None)."""

    def __init__(self, parts: WorkbookParts, sheet: str, path: Path, budget: int, *, cached: bool = False,
                 formulas_only: bool = False) -> None:
        """``cached``: keep the value the file caches for each formula cell (else None).
        ``formulas_only``: keep the formula cells alone, the other cells left out of the grids: what
        an engine's standalone evaluation is told (:func:`lkjip_xl.engine.base.read_formula_sheets`),
        in about half the time of a whole read."""
        self.parts = parts
        self.cached = cached
        self.formulas_only = formulas_only
        self.sheet = sheet
        self.path = path
        self.budget = budget
        self.rows: dict[int, dict[int, tuple[Any, str | None, int]]] = {}
        self.shared: dict[bytes, Any] = {}  # si -> openpyxl's Translator of the group's formula
        #: (row, column, kind, ref) of each array and data-table formula.
        self.arrays: list[tuple[int, int, str, str]] = []
        self.row = 0
        self.col = 0
        self.max_row = 0
        self.max_col = 0

    def read(self, z: zipfile.ZipFile, part: str) -> SheetCells:
        merged: list[bytes] = []
        with z.open(part) as src:
            head = src.read(_CHUNK)
            refuse_dtd(head, part, self.path)
            # a piece is cut before a row or a cell, so never inside a mergeCell
            for buf in whole_tokens(src, _TOKEN_START, head, _CHUNK):
                if not self._fast(buf):
                    for m in _TOKEN.finditer(buf):
                        self._token(m)
                if b"mergeCell" in buf:
                    merged += _MERGE.findall(buf)
        cells = self._cells()
        for ref in merged:
            try:
                cells.merged.append(a1.parse_range(ref.decode("ascii").replace("$", "")))
            except (ValueError, UnicodeDecodeError):
                continue
        return cells

    def _fast(self, buf: bytes) -> bool:
        """Read ``buf`` when every cell in it is written the usual way (address, format, type, in
        that order; no namespace prefix); False when one is not (the general path reads it)."""
        found = _FAST.findall(buf)
        if not found or PREFIXED_CELL.search(buf):
            return False
        if len(found) != buf.count(b"<c ") + buf.count(b"<c>") + buf.count(b"<c/"):
            return False
        if self.formulas_only:
            found = [cell for cell in found if b"<f" in cell[4]]
        columns = COLUMN_NUMBERS
        rows = self.rows
        max_row, max_col = self.max_row, self.max_col
        for letters, digits, s, t, inner in found:
            col = columns.get(letters) or col_number(letters)
            row = int(digits)
            if row > max_row or col > max_col:
                if row > 1_048_576 or col > 16_384 or row < 1 or \
                        max(row, max_row) * max(col, max_col) > self.budget:
                    self._too_far(row, col)
                max_row, max_col = max(row, max_row), max(col, max_col)
                self.max_row, self.max_col = max_row, max_col
            style = int(s) if s else 0
            if not inner:
                if style:
                    rows.setdefault(row, {})[col] = (None, None, style)
                continue
            if t == b"inlineStr" and inner[:7] == b"<is><t>" and inner[-9:] == b"</t></is>" and b"<" not in inner[7:-9]:
                rows.setdefault(row, {})[col] = (xml_text(inner[7:-9]), None, style)
                continue
            if inner[:3] == b"<v>" and inner[-4:] == b"</v>" and t != b"inlineStr":
                raw = inner[3:-4]
                if t == b"s":
                    value: Any = self.parts.strings[int(raw)]
                elif not t or t == b"n":
                    value = self._number(raw, style)
                else:
                    value = self._value(inner, t, style, None)
                rows.setdefault(row, {})[col] = (value, None, style)
                continue
            self.row, self.col = row, col
            if inner[:3] == b"<f>":  # a plain formula (not shared, not an array)
                close = inner.find(b"</f>")
                if close > 0:
                    formula = "=" + xml_text(inner[3:close])
                    value = None
                    if self.cached:
                        value = self._value(inner[close + 4:], t or b"n", style, None)
                    rows.setdefault(row, {})[col] = (value, formula, style)
                    continue
            if b"<f" in inner:
                f = _F.search(inner)
                if f is not None:
                    formula = self._formula(f, row, col, None)
                    value = None
                    if self.cached:
                        value = self._value(inner[:f.start()] + inner[f.end():], t or b"n", style, None)
                    rows.setdefault(row, {})[col] = (value, formula, style)
                    continue
            value = self._value(inner, t or b"n", style, None)
            if value is not None or style:
                rows.setdefault(row, {})[col] = (value, None, style)
        return True

    def _number(self, raw: bytes, style: int) -> Any:
        if b"." in raw or b"E" in raw or b"e" in raw:
            number: Any = float(raw)
        else:
            number = int(raw)
        if style in self.parts.styles.date_xfs:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, self.parts.epoch, timedelta=style in self.parts.styles.timedelta_xfs)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number

    def _too_far(self, row: int, col: int) -> None:
        if not (1 <= row <= EXCEL_MAX_ROW and 1 <= col <= EXCEL_MAX_COL):
            raise WorkbookError(f"{self.path}: sheet {self.sheet!r} berisi sel di baris {row}, kolom {col}, di luar "
                                f"batas Excel {EXCEL_MAX_ROW} baris x {EXCEL_MAX_COL} kolom")
        raise WorkbookError(
            f"{self.path}: sheet {self.sheet!r} mencapai baris {row}, kolom {col}; seluruh sheet sebuah buku kerja "
            f"paling banyak {format_number(safety.MAX_USED_CELLS)} sel. Hapus sel nyasar yang jauh dari data lalu simpan lagi")

    def _token(self, m: re.Match[bytes]) -> None:
        if m.group(1):
            r = re.search(rb"""\br\s*=\s*["']\s*([0-9]+)""", m.group(2))
            self.row = int(r.group(1)) if r else self.row + 1
            self.col = 0
            return
        attrs = _attrs(m.group(3))
        ref = attrs.get(b"r")
        rm = _REF.fullmatch(ref.strip()) if ref else None
        if rm:
            self.col, self.row = col_number(rm.group(1)), int(rm.group(2))
        else:
            self.col += 1
        row, col = self.row, self.col
        if row > self.max_row or col > self.max_col:
            if row * max(col, self.max_col) > self.budget or max(row, self.max_row) * col > self.budget or \
                    row > 1_048_576 or col > 16_384 or row < 1 or col < 1:
                self._too_far(row, col)
            self.max_row, self.max_col = max(row, self.max_row), max(col, self.max_col)
        style = int(attrs.get(b"s") or 0)
        inner = m.group(4) or b""
        kind = attrs.get(b"t", b"n")
        formula = None
        value: Any = None
        f = _F.search(inner) if b"f" in inner else None
        if f is not None:
            formula = self._formula(f, row, col, ref.decode() if ref else None)
            if self.cached:
                value = self._value(inner[:f.start()] + inner[f.end():], kind, style, ref)
        elif self.formulas_only:
            return
        else:
            value = self._value(inner, kind, style, ref)
        if value is not None or formula is not None or style:
            self.rows.setdefault(row, {})[col] = (value, formula, style)

    def _formula(self, f: re.Match[bytes], row: int, col: int, ref: str | None) -> str:
        f_attrs = _attrs(f.group(1) or b"")
        text = "=" + (xml_text(f.group(2)) if f.group(2) else "")
        kind = f_attrs.get(b"t")
        if kind == b"shared":
            key = f_attrs.get(b"si", b"")
            coordinate = ref or a1.cell(row, col)
            if key in self.shared:
                return self.shared[key].translate_formula(coordinate)
            if text != "=":
                from openpyxl.formula.translate import Translator

                self.shared[key] = Translator(text, coordinate)
        if kind in (b"array", b"dataTable") and f_attrs.get(b"ref"):
            self.arrays.append((row, col, kind.decode(), f_attrs[b"ref"].decode()))
        if kind == b"dataTable":
            from openpyxl.worksheet.formula import DataTableFormula

            table = DataTableFormula(**{k.decode(): v.decode() for k, v in f_attrs.items()})
            return getattr(table, "text", str(table))
        return text

    def _value(self, inner: bytes, kind: bytes, style: int, ref: bytes | None) -> Any:
        if kind == b"inlineStr":
            m = _IS.search(inner)
            return _string_item(m.group(1) or b"") if m else None
        m = _V.search(inner) if inner else None
        raw = m.group(1) if m else None
        if not raw:
            return None
        if kind == b"n":
            return self._number(raw, style)
        if kind == b"s":
            return self.parts.strings[int(raw)]
        if kind == b"b":
            return bool(int(raw))
        if kind == b"d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(raw.decode())
        return xml_text(raw)  # str, e

    def _cells(self) -> SheetCells:
        width = self.max_col
        values: list[list[Any]] = []
        formulas: list[list[str | None]] = []
        styles: list[list[int]] = []
        positions: list[tuple[int, int]] = []
        for r in range(1, self.max_row + 1):
            vrow: list[Any] = [None] * width
            frow: list[str | None] = [None] * width
            srow = [0] * width
            for c, (value, formula, style) in sorted(self.rows.get(r, {}).items()):
                vrow[c - 1] = value
                srow[c - 1] = style
                if formula is not None:
                    frow[c - 1] = formula
                    positions.append((r, c))
            values.append(vrow)
            formulas.append(frow)
            styles.append(srow)
        return SheetCells(values, formulas, styles, positions, self.max_row, self.max_col, self.arrays)


def read_worksheets(path: Path | str, *, cached: bool = False, formulas_only: bool = False,
                only: Iterable[str] | None = None) -> tuple[WorkbookParts, dict[str, SheetCells]]:
    """The package's map and every worksheet (or those named in ``only``), each read once, in tab
    order; together they may span :data:`~lkjip_xl.ooxml.safety.MAX_USED_CELLS` cells.
    ``cached``, ``formulas_only``: as :class:`SheetReader` takes them.

    Raises :class:`~lkjip_xl.ooxml.package.PackageError` (:class:`WorkbookError` among them),
    ``zipfile.BadZipFile``, ``KeyError``, ``ValueError``, ``UnicodeDecodeError``, ``EOFError`` or
    ``OSError`` for a file that is not a workbook package: each caller says so in its own words."""
    path = Path(path)
    wanted = None if only is None else set(only)
    out: dict[str, SheetCells] = {}
    with zipfile.ZipFile(path) as z:
        parts = read_workbook_parts(z, path)
        used = 0
        for name, part in parts.sheets.items():
            if wanted is not None and name not in wanted:
                continue
            cells = SheetReader(parts, name, path, safety.MAX_USED_CELLS - used, cached=cached,
                                formulas_only=formulas_only).read(z, part)
            used += cells.max_row * cells.max_col
            out[name] = cells
    return parts, out

