"""The Hitung Ulang button for xlwings Lite: a shape on a sheet, linked to a cell it covers.

Office add-ins cannot attach code to a button on a sheet. xlwings Lite binds a script to a sheet
button this way (its documentation, "Running a script via sheet button"): the button is a shape
with a name, and a hyperlink to a cell of the same sheet that the shape covers; the script says
``@script(button="[name]Sheet!Cell")``. When the cell is selected (by clicking the shape, which
follows its link) Lite runs the script, then selects the cell below.

:func:`add_lite_buttons` writes such a shape on the Petunjuk and Ringkasan sheets of a generated
``.xlsx`` (``lkjip-xl build --lite``): a DrawingML rounded rectangle named :data:`SHAPE_NAME`,
its top-left corner on the cell of :data:`BUTTON_CELLS`, with an ``a:hlinkClick`` to that cell
(``#Sheet!Cell`` in the drawing's relationships, as Excel writes a link "to a place in this
document"). The shape is left out of print. :mod:`lkjip_xl.lite` binds its scripts to the same
references (:func:`button_ref`): one place for both.

The package is edited part by part, as :mod:`lkjip_xl.xlsm` does: a sheet without drawing gets one
(``xl/drawings/drawing<n>.xml``, its content type and the sheet's ``<drawing>``); a sheet with one
(Ringkasan's chart) gets the shape added to it. Every other part is copied byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.errors import LkjipError
from lkjip_xl.ooxml import content_types
from lkjip_xl.ooxml.button import SheetGrid, add_drawing_element
from lkjip_xl.ooxml.package import NS_MAIN, NS_R, EditablePackage
from lkjip_xl.ooxml.text import insert_before_close as _insert_before_close

__all__ = ["BUTTON_CAPTION", "BUTTON_CELLS", "RESTORE_CAPTION", "RESTORE_CELLS", "RESTORE_SHAPE_NAME", "SHAPE_NAME",
           "LiteButtonError", "add_lite_buttons", "button_ref", "restore_button_ref"]

#: The shape's name (the ``[name]`` of the button reference); the same on both sheets.
SHAPE_NAME = "lkjip_hitung_ulang"
BUTTON_CAPTION = "Hitung Ulang"
#: sheet -> the cell under the button's top-left corner, which the button links to: right of
#: what the writer puts on the sheet (checked when the button is added), so that nobody selects it
#: by working on the sheet.
BUTTON_CELLS = {lay.PETUNJUK: "D2", lay.RINGKASAN: "G2"}
#: The second button, Pulihkan Rumus (the formulas typed over written back), under the first on
#: Petunjuk: its shape's name, caption and cell.
RESTORE_SHAPE_NAME = "lkjip_pulihkan_rumus"
RESTORE_CAPTION = "Pulihkan Rumus"
RESTORE_CELLS = {lay.PETUNJUK: "D6"}
#: Size in pixels at 96 dpi: wide enough for the caption, and more than one default cell each way.
WIDTH_PX = 200
HEIGHT_PX = 40
EMU_PER_PX = 9525
FILL = "2E75B6"

NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
REL_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"


class LiteButtonError(LkjipError):
    """The buttons could not be added; the message names the file and the reason."""


def button_ref(sheet: str) -> str:
    """``[lkjip_hitung_ulang]Petunjuk!D2``: the button reference of ``@script(button=...)``."""
    return f"[{SHAPE_NAME}]{sheet}!{BUTTON_CELLS[sheet]}"


def restore_button_ref(sheet: str = lay.PETUNJUK) -> str:
    """``[lkjip_pulihkan_rumus]Petunjuk!D6``: the Pulihkan Rumus button's reference."""
    return f"[{RESTORE_SHAPE_NAME}]{sheet}!{RESTORE_CELLS[sheet]}"


def shape_anchor(sheet_xml: bytes, cell: str, shape_id: int, name: str = SHAPE_NAME,
                 caption: str = BUTTON_CAPTION) -> str:
    """The ``xdr:twoCellAnchor`` of the button whose top-left corner is on ``cell``.

    Its size is :data:`WIDTH_PX` x :data:`HEIGHT_PX`, at least the cell's own plus 8 px, so that the
    cell is wholly under the button."""
    row, col = a1.parse_cell(cell)
    grid = SheetGrid.of(ElementTree.fromstring(sheet_xml))
    width = max(WIDTH_PX, grid.cols.get(col, grid.col_default) + 8)
    height = max(HEIGHT_PX, grid.rows.get(row, grid.row_default) + 8)
    last_col, col_off = grid.across(col, width)
    last_row, row_off = grid.down(row, height)
    frm = (f"<xdr:from><xdr:col>{col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
           f"<xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>")
    to = (f"<xdr:to><xdr:col>{last_col - 1}</xdr:col><xdr:colOff>{col_off * EMU_PER_PX}</xdr:colOff>"
          f"<xdr:row>{last_row - 1}</xdr:row><xdr:rowOff>{row_off * EMU_PER_PX}</xdr:rowOff></xdr:to>")
    return (
        f'<xdr:twoCellAnchor xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}" editAs="absolute">{frm}{to}'
        '<xdr:sp macro="" textlink="">'
        f'<xdr:nvSpPr><xdr:cNvPr id="{shape_id}" name={quoteattr(name)} '
        f'descr={quoteattr(caption + " (xlwings Lite)")}>'
        f'<a:hlinkClick xmlns:r="{NS_R}" r:id="{{rid}}" tooltip={quoteattr(caption)}/></xdr:cNvPr>'
        '<xdr:cNvSpPr/></xdr:nvSpPr>'
        f'<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width * EMU_PER_PX}" cy="{height * EMU_PER_PX}"/></a:xfrm>'
        '<a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{FILL}"/></a:solidFill>'
        '<a:ln w="9525"><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill></a:ln></xdr:spPr>'
        '<xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip" rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        '<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="id-ID" sz="1200" b="1">'
        '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:latin typeface="Calibri"/></a:rPr>'
        f'<a:t>{escape(caption)}</a:t></a:r></a:p></xdr:txBody></xdr:sp>'
        '<xdr:clientData fPrintsWithSheet="0"/></xdr:twoCellAnchor>'
    )


def _used_columns_and_rows(sheet_xml: bytes) -> tuple[int, int]:
    """The last column and row of the sheet's content (0 when empty), from its cells."""
    last_row = last_col = 0
    for c in ElementTree.fromstring(sheet_xml).iter(f"{{{NS_MAIN}}}c"):
        ref = c.get("r")
        if ref:
            r, col = a1.parse_cell(ref)
            last_row, last_col = max(last_row, r), max(last_col, col)
    return last_col, last_row


def _add_button(package: EditablePackage, sheet: str, part: str, cell: str | None = None, name: str = SHAPE_NAME,
                caption: str = BUTTON_CAPTION) -> None:
    parts = package.parts
    cell = cell or BUTTON_CELLS[sheet]
    sheet_xml = parts[part]
    last_col, _ = _used_columns_and_rows(sheet_xml)
    if a1.parse_cell(cell)[1] <= last_col:
        raise ValueError(f"sheet {sheet!r} has content up to column {a1.col_letter(last_col)}, "
                         f"where the button's cell {cell} is")
    drawing = next((r.target for r in package.relationships(part) if r.type == REL_DRAWING), None)
    if drawing is None:
        n = 1
        while f"xl/drawings/drawing{n}.xml" in parts:
            n += 1
        drawing = f"xl/drawings/drawing{n}.xml"
        parts[drawing] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          f'<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}"></xdr:wsDr>').encode("utf-8")
        rid = package.add_relationship(part, REL_DRAWING, drawing)
        xml = add_drawing_element(parts[part].decode("utf-8"), "drawing", rid)
        ElementTree.fromstring(xml)
        parts[part] = xml.encode("utf-8")
        ct = parts["[Content_Types].xml"].decode("utf-8")
        ct = content_types.set_override(ct, drawing, CT_DRAWING)
        ElementTree.fromstring(ct)
        parts["[Content_Types].xml"] = ct.encode("utf-8")
    xml = parts[drawing].decode("utf-8")
    ids = [int(v) for v in re.findall(r'<(?:\w+:)?cNvPr\b[^>]*?\bid="(\d+)"', xml)]
    rid = package.add_relationship(drawing, REL_HYPERLINK, f"#{sheet}!{cell}")
    anchor = shape_anchor(sheet_xml, cell, max(ids, default=1) + 1, name, caption).replace("{rid}", rid)
    xml = _insert_before_close(xml, "wsDr", anchor)
    ElementTree.fromstring(xml)
    parts[drawing] = xml.encode("utf-8")


def add_lite_buttons(xlsx_path: Path, output: Path, sheets: tuple[str, ...] = (lay.PETUNJUK, lay.RINGKASAN)) -> Path:
    """Write ``output``: the workbook ``xlsx_path`` with a Hitung Ulang button for xlwings Lite on
    each of ``sheets`` (and the Pulihkan Rumus button under it on Petunjuk). Atomic (a temporary file, then renamed); raises :class:`LiteButtonError`
    naming the file on any failure."""

    def change(package: EditablePackage) -> None:
        if package.related("", "officeDocument") is None:
            raise ValueError("the package has no workbook part")
        sheet_parts = package.sheet_parts()
        missing = [s for s in sheets if s not in sheet_parts]
        if missing:
            raise ValueError(f"sheet(s) {', '.join(map(repr, missing))} for the Hitung Ulang button not found")
        for sheet in sheets:
            _add_button(package, sheet, sheet_parts[sheet])
            if sheet in RESTORE_CELLS:
                _add_button(package, sheet, sheet_parts[sheet], RESTORE_CELLS[sheet], RESTORE_SHAPE_NAME, RESTORE_CAPTION)

    return EditablePackage.edit_copy(Path(xlsx_path), Path(output), change, LiteButtonError,
                                     "cannot add the xlwings Lite buttons to")
