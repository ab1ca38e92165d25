"""The rows of a big sheet written as XML text into the package that openpyxl saves.

openpyxl keeps a Python object per cell, finds each cell's style in a list by comparing whole
style objects, and serialises every cell through ElementTree: for the Rekap of a 100x report
(31,000 rows, 690,000 styled cells) that was most of a build's minute and of its gigabyte. Here a
sheet's data rows are text made from style ids worked out once per kind of cell; openpyxl still
writes everything else (the template's header rows, the styles, names, validations, conditional
formats, print settings), and its part of the sheet gets the rows put into ``<sheetData>`` while
the package is copied to its place.

The text is what openpyxl writes for the same cells (inline strings, ``t="n"`` on numbers and empty
cells, ``<f>`` then an empty ``<v/>`` for a formula), so a file reads the same through either path.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation, DataValidationList
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from lkjip_xl.errors import OutputError

#: One cell of a row: (column number, value, style).
Cell = tuple[int, Any, StyleArray]
_ERRORS = frozenset(ERROR_CODES)
#: zlib level of a streamed sheet's part (the other parts keep openpyxl's): at 100x the Rekap's
#: 49 MB of XML take a third of the default level's time, for 8.1 MB instead of 5.8.
STREAMED_LEVEL = 1
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"\s*/>')


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _number(value: float | int) -> str:
    return "%.16g" % value if value == value and value not in (float("inf"), float("-inf")) else ""


class SheetRows:
    """The data rows of one sheet as XML text, in row order, with the style ids of ``wb``."""

    def __init__(self, wb: Workbook, sheet: str) -> None:
        self.wb = wb
        self.sheet = sheet
        self.chunks: list[str] = []
        self.first_row = 0
        self.last_row = 0
        self.last_col = 0
        self.formulas = 0
        #: the sheet's data validations with their cells (openpyxl parses every range of a
        #: validation's cells into an object: seconds for the Rekap's 100,000 ranges at 100x)
        self.validations: list[tuple[DataValidation, str]] = []
        self._heads: dict[tuple[int, int], tuple[str, str]] = {}
        self._styles: list[StyleArray] = []
        self._heights: dict[float, str] = {}

    def _head(self, col: int, style: StyleArray) -> tuple[str, str]:
        """A column's letter and a style's attribute, worked out once per (column, style)."""
        self.last_col = max(self.last_col, col)
        sid = self.wb._cell_styles.add(style)
        self._styles.append(style)  # kept alive: the cache is keyed by its id
        return get_column_letter(col), f' s="{sid}"' if sid else ""

    def _string(self, ref: str, s: str, value: str) -> str:
        if not value:
            return f'<c r="{ref}"{s} t="inlineStr"/>'
        if len(value) > 32767:
            value = value[:32767]
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise OutputError(f"sheet {self.sheet!r} sel {ref}: teks memuat karakter kendali yang tidak dapat "
                              f"disimpan di buku kerja: {value!r}")
        if len(value) > 1 and value[0] == "=":
            self.formulas += 1
            return f'<c r="{ref}"{s}><f>{_text(value[1:])}</f><v/></c>'
        if value in _ERRORS:
            return f'<c r="{ref}"{s} t="e"><v>{value}</v></c>'
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'

    def add_validation(self, dv: DataValidation, sqref: str) -> None:
        """Give the cells ``sqref`` (space-separated ranges) the validation ``dv``."""
        self.validations.append((dv, sqref))

    def take_validations(self, ws: Worksheet) -> None:
        """Move the worksheet's own validations here: the sheet can have one list of them only."""
        for dv in ws.data_validations.dataValidation:
            self.validations.append((dv, str(dv.sqref)))
        ws.data_validations.dataValidation = []

    def _row_attrs(self, height: float | None) -> str:
        if height is None:
            return ""
        text = self._heights.get(height)
        if text is None:
            attrs = dict(RowDimension(None, index=1, ht=height))  # openpyxl's own attributes
            attrs.pop("r", None)
            text = self._heights[height] = "".join(f' {k}="{v}"' for k, v in attrs.items())
        return text

    def add(self, row: int, cells: Iterable[Cell], height: float | None = None) -> None:
        """Append row ``row`` (after every row added before); ``cells`` in column order. A style's
        id is looked up once per style object, so pass the same objects for the same style."""
        if row <= self.last_row:
            raise ValueError(f"row {row} after row {self.last_row}")
        out = [f'<row r="{row}"{self._row_attrs(height)}>']
        heads = self._heads
        for col, value, style in cells:
            head = heads.get((col, id(style)))
            if head is None:
                head = heads[(col, id(style))] = self._head(col, style)
            letter, s = head
            if value is None:
                out.append(f'<c r="{letter}{row}"{s} t="n"/>')
                continue
            kind = type(value)
            if kind is str:
                out.append(self._string(f"{letter}{row}", s, value))
            elif kind is int or kind is float:
                out.append(f'<c r="{letter}{row}"{s} t="n"><v>{_number(value)}</v></c>')
            elif kind is bool:
                out.append(f'<c r="{letter}{row}"{s} t="b"><v>{int(value)}</v></c>')
            else:
                raise TypeError(f"sheet {self.sheet!r} cell {letter}{row}: cannot write {value!r}")
        out.append("</row>")
        self.chunks.append("".join(out))
        self.first_row = self.first_row or row
        self.last_row = row


class StreamedBook:
    """An openpyxl workbook and, beside it, the data rows of its big sheets (:class:`SheetRows`),
    which :meth:`save` puts into the package. The rows of a streamed sheet must come after the
    rows its openpyxl worksheet holds."""

    def __init__(self, wb: Workbook, rows: Iterable[SheetRows] = ()) -> None:
        self.wb = wb
        self.rows = {r.sheet: r for r in rows}

    @property
    def sheetnames(self) -> list[str]:
        return self.wb.sheetnames

    def formula_count(self) -> int:
        """Formula cells of the whole workbook."""
        streamed = sum(r.formulas for r in self.rows.values())
        return streamed + sum(1 for ws in self.wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                              if isinstance(v, str) and v.startswith("="))

    def save(self, path: str | Path, progress: Callable[[float], None] | None = None) -> None:
        """Write the package to ``path`` (callers write to a temporary file and rename it)."""
        for name, rows in self.rows.items():
            rows.take_validations(self.wb[name])
        buffer = io.BytesIO()
        self.wb.save(buffer)
        streamed = {self.wb[name].path.lstrip("/"): rows for name, rows in self.rows.items()}
        with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                                  compresslevel=STREAMED_LEVEL) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                rows = streamed.get(info.filename)
                if rows is None:
                    dst.writestr(info, data)
                else:
                    with dst.open(info.filename, "w") as out:
                        _write_sheet(out, data, rows, progress)


def _write_sheet(out: Any, xml: bytes, rows: SheetRows, progress: Callable[[float], None] | None) -> None:
    """openpyxl's sheet part with ``rows`` added at the end of its sheetData."""
    if b"<sheetData/>" in xml:
        head, _, tail = xml.partition(b"<sheetData/>")
        head += b"<sheetData>"
        tail = b"</sheetData>" + tail
    else:
        head, sep, tail = xml.partition(b"</sheetData>")
        if not sep:
            raise OutputError(f"sheet {rows.sheet!r}: bagian lembar tanpa sheetData")
        tail = sep + tail
    if rows.validations:
        tail = _with_validations(tail, rows)
    if rows.chunks:
        head = _DIMENSION.sub(lambda m: _dimension(m, rows), head, count=1)
    out.write(head)
    step = max(1, len(rows.chunks) // 20)
    for start in range(0, len(rows.chunks), step):
        out.write("".join(rows.chunks[start:start + step]).encode("utf-8"))
        if progress:
            progress(min(1.0, (start + step) / len(rows.chunks)))
    out.write(tail)


#: What follows the data validations in a sheet part (the schema's order), the first found of these.
_AFTER_VALIDATIONS = (b"<hyperlinks", b"<printOptions", b"<pageMargins", b"<pageSetup", b"<headerFooter",
                      b"<rowBreaks", b"<colBreaks", b"<customProperties", b"<cellWatches", b"<ignoredErrors",
                      b"<smartTags", b"<drawing", b"<legacyDrawing", b"<picture", b"<oleObjects", b"<controls",
                      b"<webPublishItems", b"<tableParts", b"<extLst", b"</worksheet>")


def _with_validations(tail: bytes, rows: SheetRows) -> bytes:
    """The part after sheetData with the validations of ``rows`` in their place."""
    if b"<dataValidations" in tail:
        raise OutputError(f"sheet {rows.sheet!r}: validasi data ditulis dua kali")
    for dv, _ in rows.validations:
        if not dv.sqref:
            dv.sqref = "A1"  # a stand-in, replaced below: openpyxl leaves out a validation of no cells
    tree = DataValidationList(dataValidation=[dv for dv, _ in rows.validations]).to_tree()
    for element, (_, sqref) in zip(tree, rows.validations):
        element.set("sqref", sqref)
    at = min((i for i in (tail.find(tag) for tag in _AFTER_VALIDATIONS) if i >= 0), default=len(tail))
    return tail[:at] + tostring(tree) + tail[at:]


def _dimension(match: re.Match, rows: SheetRows) -> bytes:
    """The used range grown to the streamed rows."""
    first_col, first_row = match.group(1).decode(), int(match.group(2))
    last_col = column_index_from_string((match.group(3) or match.group(1)).decode())
    last_row = int(match.group(4) or match.group(2))
    ref = f"{first_col}{min(first_row, rows.first_row)}:{get_column_letter(max(last_col, rows.last_col))}" \
          f"{max(last_row, rows.last_row)}"
    return f'<dimension ref="{ref}"/>'.encode()
