"""A generated .xlsx workbook -> a macro-enabled .xlsm with the VBA project and Recalculate buttons.

openpyxl cannot create a VBA project, so the saved .xlsx package is post-processed, part by part:

* ``xl/vbaProject.bin``: the project built from ``lkjip_xl/vba/source`` (:func:`build_vba_project`),
  with a relationship of type ``.../relationships/vbaProject`` from the workbook;
* ``[Content_Types].xml``: the workbook becomes ``application/vnd.ms-excel.sheet.macroEnabled.main+xml``,
  ``bin`` is ``application/vnd.ms-office.vbaProject`` and ``vml`` a VML drawing;
* code names: ``workbookPr codeName="ThisWorkbook"`` and ``sheetPr codeName`` on every worksheet,
  the names of the project's document modules. A sheet that has a code name keeps it; the others
  get ``Sheet<n>`` (n = the sheet's position in the workbook);
* a Form Control button "Hitung Ulang / Recalculate" on the Petunjuk and Ringkasan sheets: a VML
  drawing (``xl/drawings/vmlDrawing<k>.vml``, ``x:ClientData ObjectType="Button"`` with
  ``<x:FmlaMacro>[0]!Recalculate</x:FmlaMacro>``: ``[0]`` is the workbook itself, whatever its file
  name) and a ``<legacyDrawing r:id=.../>`` in the sheet, with its relationship.

The other parts are copied byte for byte. The edits are made on the XML text, so everything the
writer produced is kept as it was; each edited part is parsed again to check it is well formed.

Editing the .xlsm later with openpyxl keeps the project and the buttons only with
``load_workbook(path, keep_vba=True)``, and only on sheets without comments (openpyxl rewrites
the VML drawing of a sheet that has comments). See docs/vba.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from lkjip_xl import layout as lay
from lkjip_xl.errors import LkjipError
from lkjip_xl.ooxml import content_types
from lkjip_xl.ooxml.button import SheetGrid, add_drawing_element
from lkjip_xl.ooxml.package import NS_MAIN
from lkjip_xl.ooxml.package import EditablePackage
from lkjip_xl.ooxml.text import PREFIX_TEXT as _PREFIX
from lkjip_xl.ooxml.text import parse_xml as _parse
from lkjip_xl.ooxml.text import set_attribute as _set_attribute
from lkjip_xl.ooxml.text import start_tag as _start_tag
from lkjip_xl.vba.ovba import OvbaError
from lkjip_xl.vba.project import WORKBOOK_MODULE, build_project, check_code_names

__all__ = [
    "BUTTON_CAPTION",
    "BUTTON_SHEETS",
    "MACRO",
    "MORE_BUTTONS",
    "XlsmError",
    "build_vba_project",
    "to_xlsm",
]

#: The macro the buttons run (module LkjipXl), written as Excel stores it in a Form Control.
MACRO = "Recalculate"
BUTTON_CAPTION = "Hitung Ulang / Recalculate"
BUTTON_SHEETS = (lay.PETUNJUK, lay.RINGKASAN)
#: Buttons under the Recalculate button, per sheet: (caption, macro).
MORE_BUTTONS = {lay.PETUNJUK: (("Pulihkan Rumus", "PulihkanRumus"),)}
#: Button size in pixels (at 96 dpi): wide enough for the caption in Calibri 11.
BUTTON_WIDTH_PX = 200
BUTTON_HEIGHT_PX = 40

CT_MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_VML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"



class XlsmError(LkjipError):
    """The .xlsm could not be made; the message names the file and the reason."""


def build_vba_project(sheet_code_names: list[str]) -> bytes:
    """The ``vbaProject.bin`` for worksheets with these code names (in workbook order):
    ThisWorkbook, one document module per sheet, LkjipXl, xlwings and Dictionary.
    Deterministic: the same names give the same bytes."""
    return build_project(list(sheet_code_names))


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{what} is not UTF-8 XML") from exc


# -- package model ---------------------------------------------------------------------------------
@dataclass
class _Sheet:
    name: str
    part: str  # zip name, e.g. xl/worksheets/sheet1.xml
    code_name: str | None


def _sheets(package: EditablePackage) -> list[_Sheet]:
    parts = package.parts
    sheets = []
    for entry in package.sheets():
        name, target = entry.name, entry.part
        if entry.kind != "worksheet":
            raise ValueError(f"sheet {name!r} is not a worksheet (chart sheets and dialog sheets are not "
                             f"supported)")
        if target not in parts:
            raise ValueError(f"sheet {name!r}: part {target} is missing")
        match = _start_tag(_decode(parts[target], target), "sheetPr")
        code = None
        if match:
            found = re.search(r"\scodeName\s*=\s*(\"([^\"]*)\"|'([^']*)')", match.group(0))
            if found:
                code = found.group(2) if found.group(2) is not None else found.group(3)
        sheets.append(_Sheet(name, target, code))
    if not sheets:
        raise ValueError("the workbook has no sheets")
    return sheets


def _assign_code_names(sheets: list[_Sheet]) -> list[str]:
    taken = {s.code_name.upper() for s in sheets if s.code_name}
    names = []
    for i, sheet in enumerate(sheets, start=1):
        if sheet.code_name:
            names.append(sheet.code_name)
            continue
        n = i
        while f"SHEET{n}" in taken:
            n += 1
        taken.add(f"SHEET{n}")
        names.append(f"Sheet{n}")
    return names


def _set_sheet_code_name(xml: str, code_name: str) -> str:
    tag = _start_tag(xml, "sheetPr")
    if tag:
        return xml[:tag.start()] + _set_attribute(tag.group(0), "codeName", code_name) + xml[tag.end():]
    root = _start_tag(xml, "worksheet")
    if not root:
        raise ValueError("no <worksheet> element")
    return xml[:root.end()] + f"<sheetPr codeName={quoteattr(code_name)}/>" + xml[root.end():]


def _set_workbook_code_name(xml: str) -> str:
    tag = _start_tag(xml, "workbookPr")
    if tag:
        return xml[:tag.start()] + _set_attribute(tag.group(0), "codeName", WORKBOOK_MODULE) + xml[tag.end():]
    after = None
    for local in ("fileSharing", "fileVersion"):  # workbookPr follows these (CT_Workbook order)
        m = re.search(rf"<{_PREFIX}{local}(?=[\s/>])[^>]*?(/>|>.*?</{_PREFIX}{local}\s*>)", xml, re.S)
        if m:
            after = m.end()
            break
    if after is None:
        root = _start_tag(xml, "workbook")
        if not root:
            raise ValueError("no <workbook> element")
        after = root.end()
    return xml[:after] + f'<workbookPr codeName="{WORKBOOK_MODULE}"/>' + xml[after:]


# -- the button ------------------------------------------------------------------------------------
def _next_column(root: ElementTree.Element) -> int:
    """The 1-based number of the first column right of the sheet's used range (its ``<dimension>``)."""
    dim = root.find(f"{{{NS_MAIN}}}dimension")
    if dim is None or not dim.get("ref"):
        return 2
    letters = "".join(ch for ch in dim.get("ref", "A1").split(":")[-1] if ch.isalpha()).upper()
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return max(index, 1) + 1


def button_vml(sheet_xml: bytes, drawing_number: int, caption: str = BUTTON_CAPTION,
               macro: str = MACRO, more: Sequence[tuple[str, str]] = ()) -> str:
    """The VML drawing of the sheet's Form Control buttons, right of its used columns: the
    Recalculate button, and ``more`` (caption, macro) buttons under it."""
    root = _parse(sheet_xml, "sheet")
    grid = SheetGrid.of(root)
    left_col, left_off = grid.across(_next_column(root), 16)
    right_col, right_off = grid.across(left_col, left_off + BUTTON_WIDTH_PX)
    x_before = grid.left_of(left_col)
    pt = lambda px: f"{px * 0.75:g}pt"  # noqa: E731
    shapes = []
    for i, (text, name) in enumerate(((caption, macro), *more)):
        top_row, top_off = grid.down(1, 4 + i * (BUTTON_HEIGHT_PX + 8))
        bottom_row, bottom_off = grid.down(top_row, top_off + BUTTON_HEIGHT_PX)
        y_before = grid.above(top_row)
        style = (f"position:absolute;margin-left:{pt(x_before + left_off)};margin-top:{pt(y_before + top_off)};"
                 f"width:{pt(BUTTON_WIDTH_PX)};height:{pt(BUTTON_HEIGHT_PX)};z-index:{i + 1};mso-wrap-style:tight")
        # x:Anchor counts columns and rows from 0
        anchor = (f"{left_col - 1}, {left_off}, {top_row - 1}, {top_off}, "
                  f"{right_col - 1}, {right_off}, {bottom_row - 1}, {bottom_off}")
        shapes.append(
            f'<v:shape id="_x0000_s{1024 * drawing_number + 1 + i}" type="#_x0000_t201" style="{style}" o:button="t" '
            'fillcolor="buttonFace [67]" strokecolor="windowText [64]" o:insetmode="auto">'
            '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/><o:lock v:ext="edit" rotation="t"/>'
            '<v:textbox style="mso-direction-alt:auto" o:singleclick="f"><div style="text-align:center">'
            f'<font face="Calibri" size="220" color="#000000">{escape(text)}</font></div></v:textbox>'
            f'<x:ClientData ObjectType="Button"><x:Anchor>{anchor}</x:Anchor>'
            '<x:PrintObject>False</x:PrintObject><x:AutoFill>False</x:AutoFill>'
            f'<x:FmlaMacro>[0]!{escape(name)}</x:FmlaMacro>'
            '<x:TextHAlign>Center</x:TextHAlign><x:TextVAlign>Center</x:TextVAlign></x:ClientData>'
            '</v:shape>')
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{drawing_number}"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/>'
        '<v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>'
        '<o:lock v:ext="edit" shapetype="t"/></v:shapetype>'
        + "".join(shapes) + '</xml>'
    )


# -- content types ---------------------------------------------------------------------------------
def _content_types(xml: str, workbook: str) -> str:
    declared = content_types.read(xml)
    defaults = declared.defaults
    current = declared.overrides.get("/" + workbook)
    if current not in (CT_WORKBOOK, CT_MACRO_WORKBOOK):
        raise ValueError(f"the workbook part has content type {current!r}, not that of an .xlsx workbook")
    xml = content_types.set_override(xml, workbook, CT_MACRO_WORKBOOK)
    additions = ""
    if defaults.get("bin") is None:
        additions += f'<Default Extension="bin" ContentType="{CT_VBA}"/>'
    elif defaults["bin"] != CT_VBA:  # e.g. printer settings: the project gets its own override
        additions += f'<Override PartName="/xl/vbaProject.bin" ContentType="{CT_VBA}"/>'
    if defaults.get("vml") is None:
        additions += f'<Default Extension="vml" ContentType="{CT_VML}"/>'
    elif defaults["vml"] != CT_VML:
        raise ValueError(f"[Content_Types].xml gives .vml the type {defaults['vml']!r}")
    if additions:
        xml = content_types.add_defaults(xml, additions)
    _parse(xml, "[Content_Types].xml")
    return xml


# -- the conversion --------------------------------------------------------------------------------
def _convert(package: EditablePackage, button_sheets: Sequence[str], caption: str, macro: str,
             more: Mapping[str, Sequence[tuple[str, str]]] = MORE_BUTTONS) -> None:
    """Make the package macro-enabled, in place."""
    if package.related("", "officeDocument") is None:
        raise ValueError("the package has no workbook (no officeDocument relationship in _rels/.rels)")
    workbook = package.workbook_part()
    out = package.parts
    for rel in package.relationships(workbook):
        if rel.type == REL_VBA:
            raise ValueError(f"it already contains a VBA project ({rel.target})")
    if "xl/vbaProject.bin" in out:
        raise ValueError("it already contains xl/vbaProject.bin")
    sheets = _sheets(package)
    names = [s.name for s in sheets]
    missing = [s for s in button_sheets if s not in names]
    if missing:
        raise ValueError(f"sheet(s) {', '.join(map(repr, missing))} for the Recalculate button not found "
                         f"(sheets: {', '.join(names)})")
    code_names = _assign_code_names(sheets)
    try:
        check_code_names(code_names)
    except OvbaError as exc:
        raise ValueError(str(exc)) from exc

    out["xl/vbaProject.bin"] = build_vba_project(code_names)
    package.add_relationship(workbook, REL_VBA, "xl/vbaProject.bin")
    wb_xml = _set_workbook_code_name(_decode(out[workbook], workbook))
    _parse(wb_xml, workbook)
    out[workbook] = wb_xml.encode("utf-8")

    drawing = 0
    for sheet, code_name in zip(sheets, code_names):
        xml = _set_sheet_code_name(_decode(out[sheet.part], sheet.part), code_name)
        if sheet.name in button_sheets:
            drawing += 1
            while f"xl/drawings/vmlDrawing{drawing}.vml" in out:
                drawing += 1
            vml_part = f"xl/drawings/vmlDrawing{drawing}.vml"
            try:
                out[vml_part] = button_vml(xml.encode("utf-8"), drawing, caption, macro,
                                           more.get(sheet.name, ())).encode("utf-8")
                rid = package.add_relationship(sheet.part, REL_VML, vml_part)
                xml = add_drawing_element(xml, "legacyDrawing", rid)
            except ValueError as exc:
                raise ValueError(f"sheet {sheet.name!r}: {exc}") from exc
        _parse(xml, sheet.part)
        out[sheet.part] = xml.encode("utf-8")

    ct = "[Content_Types].xml"
    if ct not in out:
        raise ValueError("[Content_Types].xml is missing")
    out[ct] = _content_types(_decode(out[ct], ct), workbook).encode("utf-8")


def to_xlsm(xlsx_path: Path, xlsm_path: Path, *, button_sheets: Sequence[str] = BUTTON_SHEETS,
            caption: str = BUTTON_CAPTION, macro: str = MACRO,
            more_buttons: Mapping[str, Sequence[tuple[str, str]]] = MORE_BUTTONS) -> Path:
    """Write ``xlsm_path``: the workbook ``xlsx_path`` with the VBA project and the Recalculate
    buttons (see the module documentation; ``more_buttons``: sheet -> (caption, macro) of the buttons
    under it, by default Pulihkan Rumus on Petunjuk) and return ``xlsm_path``. The input is read whole
    before anything is written, and the write is atomic (a temporary file in the same folder, then
    ``os.replace``): a failure never leaves a partial file. Raises :class:`XlsmError` naming the
    file on any failure."""
    xlsx_path, xlsm_path = Path(xlsx_path), Path(xlsm_path)
    if xlsm_path.suffix.lower() != ".xlsm":
        raise XlsmError(f"{xlsm_path} tidak dapat ditulis: buku kerja bermakro harus bernama .xlsm "
                        f"(Excel menolak membuka yang bernama {xlsm_path.suffix or 'tanpa ekstensi'})")
    return EditablePackage.edit_copy(
        xlsx_path, xlsm_path, lambda package: _convert(package, button_sheets, caption, macro, more_buttons),
        XlsmError, "cannot make a macro-enabled workbook from")
