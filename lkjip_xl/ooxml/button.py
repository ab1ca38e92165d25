"""Where a button goes on a worksheet: the cell grid in pixels, and the element that links a drawing.

The project draws two kinds of Hitung Ulang button: the Form Control of the macro-enabled
workbook (:mod:`lkjip_xl.xlsm`, a VML drawing) and the shape xlwings Lite binds a script to
(:mod:`lkjip_xl.lite_button`, DrawingML). Both are anchored to cells, a corner given as (cell,
pixels into it), so both need the sheet's column widths and row heights in pixels as Excel rounds
them, and the walk along one axis from a point to the cell it falls in. Both then point the sheet
at their drawing with one element (``<drawing>`` or ``<legacyDrawing>``) in its schema place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree

from lkjip_xl.ooxml.package import NS_MAIN, NS_R
from lkjip_xl.ooxml.text import PREFIX_TEXT, insert_before_close

__all__ = ["SheetGrid", "add_drawing_element", "column_pixels"]

#: Columns and rows past this are not looked at: the buttons sit near the top left.
_GRID_LIMIT = 200
#: The worksheet children from ``drawing`` on, in ECMA-376 CT_Worksheet order: an element of
#: them goes before the first of those that follow it.
_WORKSHEET_TAIL = ("drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
                   "controls", "webPublishItems", "tableParts", "extLst")
#: What a sheet that already has the element has, for the message.
_ALREADY = {"drawing": "a drawing", "legacyDrawing": "a VML drawing (comments or controls)"}


def column_pixels(width: float) -> int:
    """Excel column width (characters of Calibri 11) -> pixels, as Excel rounds it."""
    return int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5


@dataclass
class SheetGrid:
    """A worksheet's column widths and row heights in pixels at 96 dpi: the explicit ones by
    1-based number (hidden ones 0 px), and the defaults of the others."""

    cols: dict[int, int]
    col_default: int
    rows: dict[int, int]
    row_default: int

    @classmethod
    def of(cls, root: ElementTree.Element) -> SheetGrid:
        """The grid of a parsed worksheet part."""
        fmt = root.find(f"{{{NS_MAIN}}}sheetFormatPr")
        default_width, default_height = 8.43, 15.0
        if fmt is not None:
            if fmt.get("defaultColWidth"):
                default_width = float(fmt.get("defaultColWidth"))
            elif fmt.get("baseColWidth"):
                default_width = float(fmt.get("baseColWidth")) + 0.43
            if fmt.get("defaultRowHeight"):
                default_height = float(fmt.get("defaultRowHeight"))
        cols: dict[int, int] = {}
        for col in root.iter(f"{{{NS_MAIN}}}col"):
            width = 0.0 if col.get("hidden") in ("1", "true") else float(col.get("width", default_width))
            for i in range(int(col.get("min", "1")), min(int(col.get("max", "1")), _GRID_LIMIT) + 1):
                cols[i] = column_pixels(width)
        rows: dict[int, int] = {}
        for row in root.iter(f"{{{NS_MAIN}}}row"):
            if row.get("r") and int(row.get("r")) <= _GRID_LIMIT:
                height = 0.0 if row.get("hidden") in ("1", "true") else float(row.get("ht", default_height))
                rows[int(row.get("r"))] = round(height * 4 / 3)
        return cls(cols, column_pixels(default_width), rows, round(default_height * 4 / 3))

    def across(self, col: int, offset: int) -> tuple[int, int]:
        """The point ``offset`` px right of the left edge of column ``col``: (its column, px into
        it), hidden (0 px) columns skipped."""
        return _walk(self.cols, self.col_default, col, offset)

    def down(self, row: int, offset: int) -> tuple[int, int]:
        """The same downwards from the top of row ``row``."""
        return _walk(self.rows, self.row_default, row, offset)

    def left_of(self, col: int) -> int:
        """Pixels from the sheet's left edge to column ``col``."""
        return sum(self.cols.get(i, self.col_default) for i in range(1, col))

    def above(self, row: int) -> int:
        """Pixels from the sheet's top edge to row ``row``."""
        return sum(self.rows.get(i, self.row_default) for i in range(1, row))


def _walk(sizes: dict[int, int], default: int, cell: int, remaining: int) -> tuple[int, int]:
    for _ in range(10_000):
        size = sizes.get(cell, default)
        if size > 0 and remaining < size:
            break
        remaining -= size
        cell += 1
    return cell, remaining


def add_drawing_element(xml: str, element: str, rid: str) -> str:
    """The worksheet ``xml`` with ``<drawing r:id=...>`` or ``<legacyDrawing r:id=...>``
    (``element``) in its schema place. :class:`ValueError` when the sheet has one already (a button
    is never merged into a drawing the sheet links some other way)."""
    if re.search(rf"<{PREFIX_TEXT}{element}(?=[\s/>])", xml):
        raise ValueError(f"it already has {_ALREADY[element]}; a button cannot be added")
    fragment = f'<{element} xmlns:r="{NS_R}" r:id="{rid}"/>'
    following = _WORKSHEET_TAIL[_WORKSHEET_TAIL.index(element) + 1:]
    positions = [m.start() for local in following
                 for m in [re.search(rf"<{PREFIX_TEXT}{local}(?=[\s/>])", xml)] if m]
    if positions:
        at = min(positions)
        return xml[:at] + fragment + xml[at:]
    return insert_before_close(xml, "worksheet", fragment)
