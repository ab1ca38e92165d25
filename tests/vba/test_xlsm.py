"""The macro-enabled workbook: package parts, the VBA project as olefile / oletools / LibreOffice read
it, determinism, the round trip through openpyxl (keep_vba=True), and the errors."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from lkjip_xl import layout as lay
from lkjip_xl import xlsm as xm
from lkjip_xl.ooxml.package import NS_PKG_REL, NS_R
from lkjip_xl.ooxml.button import add_drawing_element
from lkjip_xl.vba.project import SOURCE_FILES, sheet_module_source
from lkjip_xl.xlsm import XlsmError, build_vba_project, to_xlsm
from tests.vba import quickstart_path

SOURCE_DIR = Path(__file__).resolve().parents[2] / "lkjip_xl" / "vba" / "source"
CODE_NAMES = [f"Sheet{i}" for i in range(1, len(lay.SHEETS) + 1)]
NS = {"m": xm.NS_MAIN, "r": NS_R, "rel": NS_PKG_REL, "ct": xm.NS_CT,
      "v": "urn:schemas-microsoft-com:vml", "x": "urn:schemas-microsoft-com:office:excel"}


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def source_file(name: str) -> str:
    """A file of lkjip_xl/vba/source as VBA stores it (CRLF), read here independently of the code."""
    return crlf((SOURCE_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def xlsm(walantaka_xlsx, tmp_path_factory) -> Path:
    return to_xlsm(walantaka_xlsx, tmp_path_factory.mktemp("xlsm") / "walantaka_2020.xlsm")


@pytest.fixture(scope="module")
def parts(xlsm) -> dict[str, bytes]:
    with zipfile.ZipFile(xlsm) as z:
        return {name: z.read(name) for name in z.namelist()}


def sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> its part, through the workbook's relationships."""
    wb = ElementTree.fromstring(parts["xl/workbook.xml"])
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for sheet in wb.iter(f"{{{xm.NS_MAIN}}}sheet"):
        target = targets[sheet.get(f"{{{NS_R}}}id")]
        out[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def sheet_vml(parts: dict[str, bytes], part: str) -> tuple[ElementTree.Element, str] | None:
    """The VML drawing of a sheet (via legacyDrawing and the sheet's relationships), or None."""
    root = ElementTree.fromstring(parts[part])
    legacy = root.find("m:legacyDrawing", NS)
    if legacy is None:
        return None
    rid = legacy.get(f"{{{NS_R}}}id")
    folder, name = part.rsplit("/", 1)
    rels = ElementTree.fromstring(parts[f"{folder}/_rels/{name}.rels"])
    rel = next(r for r in rels if r.get("Id") == rid)
    assert rel.get("Type") == xm.REL_VML
    target = rel.get("Target")
    vml_part = target.lstrip("/") if target.startswith("/") else os.path.normpath(f"{folder}/{target}")
    return ElementTree.fromstring(parts[vml_part]), vml_part


# -- the package -----------------------------------------------------------------------------------
def test_content_types_make_it_a_macro_enabled_workbook(parts):
    ct = ElementTree.fromstring(parts["[Content_Types].xml"])
    defaults = {d.get("Extension"): d.get("ContentType") for d in ct.findall("ct:Default", NS)}
    overrides = {o.get("PartName"): o.get("ContentType") for o in ct.findall("ct:Override", NS)}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
    assert defaults["vml"] == "application/vnd.openxmlformats-officedocument.vmlDrawing"
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" not in overrides.values()


def test_workbook_relates_to_the_vba_project(parts):
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    vba = [r for r in rels if r.get("Type") == "http://schemas.microsoft.com/office/2006/relationships/vbaProject"]
    assert len(vba) == 1 and vba[0].get("Target") == "vbaProject.bin"
    assert len({r.get("Id") for r in rels}) == len(rels)


def test_vba_project_is_the_one_built_for_the_sheet_code_names(parts):
    assert parts["xl/vbaProject.bin"] == build_vba_project(CODE_NAMES)


def test_code_names_of_workbook_and_sheets(parts):
    wb = ElementTree.fromstring(parts["xl/workbook.xml"])
    assert wb.find("m:workbookPr", NS).get("codeName") == "ThisWorkbook"
    sheets = sheet_parts(parts)
    assert list(sheets) == list(lay.SHEETS)
    for (name, part), code in zip(sheets.items(), CODE_NAMES):
        pr = ElementTree.fromstring(parts[part]).find("m:sheetPr", NS)
        assert pr.get("codeName") == code, name


def data_anchor(shape) -> list[str]:
    return shape.find("x:ClientData", NS).findtext("x:Anchor", namespaces=NS).split(",")


def test_buttons_on_petunjuk_and_ringkasan_run_recalculate(parts):
    sheets = sheet_parts(parts)
    found = {}
    for name, part in sheets.items():
        vml = sheet_vml(parts, part)
        if vml is None:
            continue
        root, vml_part = vml
        assert re.fullmatch(r"xl/drawings/vmlDrawing\d\.vml", vml_part)  # openpyxl keeps only these
        shapes = root.findall("v:shape", NS)
        # Petunjuk also has Pulihkan Rumus, under Hitung Ulang (the formulas typed over written back)
        assert len(shapes) == (2 if name == lay.PETUNJUK else 1)
        if name == lay.PETUNJUK:
            more = shapes[1].find("x:ClientData", NS)
            assert more.findtext("x:FmlaMacro", namespaces=NS) == "[0]!PulihkanRumus"
            assert "".join(shapes[1].find("v:textbox", NS).itertext()) == "Pulihkan Rumus"
            top = [int(v) for v in data_anchor(shapes[0])], [int(v) for v in data_anchor(shapes[1])]
            assert (top[1][2], top[1][3]) > (top[0][6], top[0][7]) or top[1][2] > top[0][6]  # below it
        data = shapes[0].find("x:ClientData", NS)
        assert data.get("ObjectType") == "Button"
        assert data.findtext("x:FmlaMacro", namespaces=NS) == "[0]!Recalculate"
        assert data.findtext("x:PrintObject", namespaces=NS) == "False"
        anchor = [int(v) for v in data.findtext("x:Anchor", namespaces=NS).split(",")]
        assert len(anchor) == 8 and anchor[4] >= anchor[0] and anchor[6] >= anchor[2]
        assert "".join(shapes[0].find("v:textbox", NS).itertext()) == "Hitung Ulang / Recalculate"
        found[name] = (vml_part, shapes[0].get("id"))
    assert sorted(found) == sorted([lay.PETUNJUK, lay.RINGKASAN])
    assert len({v for v, _ in found.values()}) == 2 and len({i for _, i in found.values()}) == 2


def test_legacy_drawing_is_placed_in_schema_order(parts):
    sheets = sheet_parts(parts)
    order = ["drawing", "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "tableParts", "extLst"]
    for name in (lay.PETUNJUK, lay.RINGKASAN):
        children = [c.tag.split("}")[1] for c in ElementTree.fromstring(parts[sheets[name]])]
        assert children.count("legacyDrawing") == 1
        tail = [c for c in children[children.index("legacyDrawing") - 1:] if c in order]
        assert tail == sorted(tail, key=order.index), name


def test_other_parts_are_copied_unchanged(parts, walantaka_xlsx):
    with zipfile.ZipFile(walantaka_xlsx) as z:
        before = {name: z.read(name) for name in z.namelist()}
    sheets = sheet_parts(parts)
    changed = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", *sheets.values(),
               "xl/worksheets/_rels/sheet8.xml.rels"}
    for name, data in before.items():
        if name not in changed:
            assert parts[name] == data, name
    added = set(parts) - set(before)
    assert added == {"xl/vbaProject.bin", "xl/drawings/vmlDrawing1.vml", "xl/drawings/vmlDrawing2.vml",
                     "xl/worksheets/_rels/sheet1.xml.rels"}
    for name, data in parts.items():
        if name.endswith((".xml", ".rels", ".vml")):
            ElementTree.fromstring(data)  # well-formed


# -- the VBA project as other readers see it ---------------------------------------------------------
def test_olefile_lists_the_expected_streams(parts):
    olefile = pytest.importorskip("olefile")
    ole = olefile.OleFileIO(parts["xl/vbaProject.bin"], raise_defects=olefile.DEFECT_INCORRECT)
    streams = sorted("/".join(e) for e in ole.listdir(streams=True, storages=False))
    modules = ["ThisWorkbook", *CODE_NAMES, "LkjipXl", "xlwings", "Dictionary"]
    expected = ["PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"] + [f"VBA/{m}" for m in modules]
    assert streams == sorted(expected)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000000")
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Module=LkjipXl\r\n" in project and "Class=Dictionary\r\n" in project
    assert all(f"Document={m}/&H00000000\r\n" in project for m in ["ThisWorkbook", *CODE_NAMES])
    ole.close()


def test_olevba_returns_every_module_byte_identical_to_the_source_files(xlsm):
    olevba = pytest.importorskip("oletools.olevba")
    parser = olevba.VBA_Parser(str(xlsm))
    try:
        assert parser.detect_vba_macros()
        modules = {stream_path.split("/")[-1]: (filename, code)
                   for _, stream_path, filename, code in parser.extract_macros()}
    finally:
        parser.close()
    expected = {"ThisWorkbook": source_file("ThisWorkbook.cls")}
    expected.update({name: sheet_module_source(name) for name in CODE_NAMES})
    expected.update({f.rsplit(".", 1)[0]: source_file(f) for f in SOURCE_FILES})
    assert sorted(modules) == sorted(expected)
    for name, text in expected.items():
        filename, code = modules[name]
        assert code == text, name
    assert modules["LkjipXl"][0] == "LkjipXl.bas" and modules["Dictionary"][0] == "Dictionary.cls"


def test_recalculate_runs_python_whatever_the_file_is_called():
    text = source_file("LkjipXl.bas")
    assert 'RunPython "import lkjip_xl.excel; lkjip_xl.excel.recalculate_caller()"' in text
    assert re.search(r"^Public Sub Recalculate\(\)\r\n", text, re.M)
    assert "ThisWorkbook.Name" not in text  # unlike xlwings' quickstart macro
    assert not any(re.search(r"^\s*(Public |Private )?Sub Recalculate\b", source_file(f), re.M)
                   for f in SOURCE_FILES if f != "LkjipXl.bas")


def test_bundled_modules_are_those_xlwings_ships():
    olevba = pytest.importorskip("oletools.olevba")
    path = quickstart_path()
    parser = olevba.VBA_Parser(str(path))
    try:
        theirs = {sp.split("/")[-1]: code for _, sp, _, code in parser.extract_macros()}
    finally:
        parser.close()
    assert source_file("xlwings.bas") == crlf(theirs["xlwings"])
    assert source_file("xlwings.bas") == crlf((path.parent / "xlwings.bas").read_text(encoding="utf-8"))
    ours = source_file("Dictionary.cls")
    start = ours.index("' The MIT License (MIT)")
    end = ours.index("\r\n", ours.index("' ~~~", start)) + 2
    assert ours[:start - len("'\r\n")] + ours[end:] == crlf(theirs["Dictionary"])  # only the licence added
    # xlwings' BSD notice is kept
    assert "'Copyright (C) 2014-present, Zoomer Analytics LLC.\r\n" in source_file("xlwings.bas")


# -- determinism -----------------------------------------------------------------------------------
def test_vba_project_is_deterministic():
    assert build_vba_project(CODE_NAMES) == build_vba_project(list(CODE_NAMES))
    assert build_vba_project(["A", "B"]) != build_vba_project(["A", "C"])


def test_xlsm_is_deterministic(walantaka_xlsx, xlsm, tmp_path):
    again = to_xlsm(walantaka_xlsx, tmp_path / "again.xlsm")
    assert again.read_bytes() == xlsm.read_bytes()


# -- openpyxl --------------------------------------------------------------------------------------
def test_openpyxl_keep_vba_round_trip_keeps_project_and_buttons(xlsm, parts, tmp_path):
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    assert wb.code_name == "ThisWorkbook"
    assert [ws.sheet_properties.codeName for ws in wb.worksheets] == CODE_NAMES
    wb[lay.IDENTITAS]["B4"] = "Pemerintah Kota Contoh"
    out = tmp_path / "edited.xlsm"
    wb.save(out)
    with zipfile.ZipFile(out) as z:
        edited = {name: z.read(name) for name in z.namelist()}
    assert edited["xl/vbaProject.bin"] == parts["xl/vbaProject.bin"]
    sheets = sheet_parts(edited)
    for name in (lay.PETUNJUK, lay.RINGKASAN):
        root, _ = sheet_vml(edited, sheets[name])
        assert root.find("v:shape/x:ClientData/x:FmlaMacro", NS).text == "[0]!Recalculate"
    ct = ElementTree.fromstring(edited["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in ct.findall("ct:Override", NS)}
    assert overrides["/xl/workbook.xml"] == xm.CT_MACRO_WORKBOOK
    assert openpyxl.load_workbook(out)[lay.IDENTITAS]["B4"].value == "Pemerintah Kota Contoh"


def test_openpyxl_without_keep_vba_drops_the_project(xlsm, tmp_path):
    """The pitfall docs/vba.md warns about."""
    wb = openpyxl.load_workbook(xlsm)
    out = tmp_path / "lost.xlsx"
    wb.save(out)
    with zipfile.ZipFile(out) as z:
        assert "xl/vbaProject.bin" not in z.namelist()


# -- code names ------------------------------------------------------------------------------------
def _small_workbook(path: Path, code_names: dict[str, str | None]) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = lay.PETUNJUK
    for name in list(code_names)[1:]:
        wb.create_sheet(name)
    for name, code in code_names.items():
        wb[name].sheet_properties.codeName = code
    wb.save(path)
    return path


def _project_modules(xlsm_path: Path) -> list[str]:
    olefile = pytest.importorskip("olefile")
    with zipfile.ZipFile(xlsm_path) as z:
        ole = olefile.OleFileIO(z.read("xl/vbaProject.bin"))
    project = ole.openstream("PROJECT").read().decode("cp1252")
    ole.close()
    return re.findall(r"^Document=(\w+)/", project, re.M)


def test_code_names_the_workbook_has_are_kept(tmp_path):
    src = _small_workbook(tmp_path / "a.xlsx", {lay.PETUNJUK: "shPetunjuk", "Data": None, lay.RINGKASAN: "Sheet2"})
    out = to_xlsm(src, tmp_path / "a.xlsm")
    assert _project_modules(out) == ["ThisWorkbook", "shPetunjuk", "Sheet3", "Sheet2"]
    wb = openpyxl.load_workbook(out, keep_vba=True)
    assert [ws.sheet_properties.codeName for ws in wb.worksheets] == ["shPetunjuk", "Sheet3", "Sheet2"]


@pytest.mark.parametrize("bad", ["LkjipXl", "1abc", "has space", "x" * 32])
def test_a_code_name_that_cannot_be_a_module_is_an_error(tmp_path, bad):
    src = _small_workbook(tmp_path / "b.xlsx", {lay.PETUNJUK: bad, lay.RINGKASAN: None})
    with pytest.raises(XlsmError, match="b.xlsx"):
        to_xlsm(src, tmp_path / "b.xlsm")
    assert not (tmp_path / "b.xlsm").exists()


# -- errors ----------------------------------------------------------------------------------------
def test_output_must_be_named_xlsm(walantaka_xlsx, tmp_path):
    with pytest.raises(XlsmError, match=r"out\.xlsx.*\.xlsm"):
        to_xlsm(walantaka_xlsx, tmp_path / "out.xlsx")


def test_missing_input_names_the_file(tmp_path):
    with pytest.raises(XlsmError, match="nope.xlsx: berkas tidak ada"):
        to_xlsm(tmp_path / "nope.xlsx", tmp_path / "nope.xlsm")


def test_input_that_is_not_a_workbook_names_the_file(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip")
    with pytest.raises(XlsmError, match="bad.xlsx"):
        to_xlsm(bad, tmp_path / "bad.xlsm")


def test_a_workbook_that_already_has_a_project_is_refused(xlsm, tmp_path):
    with pytest.raises(XlsmError, match="already contains a VBA project"):
        to_xlsm(xlsm, tmp_path / "twice.xlsm")


def test_missing_button_sheet_is_an_error(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Lain"
    wb.save(tmp_path / "c.xlsx")
    with pytest.raises(XlsmError, match="Petunjuk"):
        to_xlsm(tmp_path / "c.xlsx", tmp_path / "c.xlsm")
    out = to_xlsm(tmp_path / "c.xlsx", tmp_path / "c.xlsm", button_sheets=["Lain"])
    assert _project_modules(out) == ["ThisWorkbook", "Sheet1"]


def test_missing_output_folder_is_an_error_and_nothing_is_left_behind(walantaka_xlsx, tmp_path):
    with pytest.raises(XlsmError, match="tidak ada"):
        to_xlsm(walantaka_xlsx, tmp_path / "no" / "such.xlsm")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_no_partial_file(walantaka_xlsx, tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lkjip_xl.fileutil.os.replace", fail)
    with pytest.raises(XlsmError, match="No space left"):
        to_xlsm(walantaka_xlsx, tmp_path / "full.xlsm")
    assert list(tmp_path.iterdir()) == []


# -- the XML edits on other shapes of XML --------------------------------------------------------------
def test_sheet_without_sheetPr_gets_one_first():
    xml = f'<worksheet xmlns="{xm.NS_MAIN}"><dimension ref="A1"/><sheetData/></worksheet>'
    assert xm._set_sheet_code_name(xml, "Sheet1").startswith(
        f'<worksheet xmlns="{xm.NS_MAIN}"><sheetPr codeName="Sheet1"/><dimension')


def test_sheetPr_code_name_is_replaced_not_doubled():
    xml = f'<worksheet xmlns="{xm.NS_MAIN}"><sheetPr codeName="Old" filterMode="0"/></worksheet>'
    out = xm._set_sheet_code_name(xml, "New")
    assert ElementTree.fromstring(out).find("m:sheetPr", NS).attrib == {"codeName": "New", "filterMode": "0"}


def test_workbookPr_is_added_after_fileVersion():
    xml = (f'<workbook xmlns="{xm.NS_MAIN}"><fileVersion appName="xl"/><bookViews/></workbook>')
    out = xm._set_workbook_code_name(xml)
    assert '<fileVersion appName="xl"/><workbookPr codeName="ThisWorkbook"/><bookViews/>' in out


def test_legacy_drawing_goes_before_table_parts_and_ext_lst():
    xml = (f'<worksheet xmlns="{xm.NS_MAIN}"><sheetData/><drawing r:id="rId1" xmlns:r="{NS_R}"/>'
           f'<tableParts count="0"/><extLst/></worksheet>')
    out = add_drawing_element(xml, "legacyDrawing", "rId9")
    children = [c.tag.split("}")[1] for c in ElementTree.fromstring(out)]
    assert children == ["sheetData", "drawing", "legacyDrawing", "tableParts", "extLst"]
    with pytest.raises(ValueError, match="already has a VML drawing"):
        add_drawing_element(out, "legacyDrawing", "rId10")


def test_a_package_written_by_another_library_is_converted(tmp_path):
    """XlsxWriter writes an XML declaration, no sheetPr, a fileVersion, and tables: the edits
    still land in schema order and openpyxl reads the result with its code names."""
    xlsxwriter = pytest.importorskip("xlsxwriter")
    src = tmp_path / "other.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    wb.add_worksheet(lay.PETUNJUK).write("A1", "x")
    sheet = wb.add_worksheet(lay.RINGKASAN)
    sheet.write("B2", 3)
    sheet.add_table("B4:C6")
    wb.close()
    out = to_xlsm(src, tmp_path / "other.xlsm")
    with zipfile.ZipFile(out) as z:
        converted = {name: z.read(name) for name in z.namelist()}
    sheets = sheet_parts(converted)
    children = [c.tag.split("}")[1] for c in ElementTree.fromstring(converted[sheets[lay.RINGKASAN]])]
    assert children[0] == "sheetPr" and children[-2:] == ["legacyDrawing", "tableParts"]
    assert sheet_vml(converted, sheets[lay.PETUNJUK]) is not None
    loaded = openpyxl.load_workbook(out, keep_vba=True)
    assert loaded.code_name == "ThisWorkbook"
    assert [ws.sheet_properties.codeName for ws in loaded.worksheets] == ["Sheet1", "Sheet2"]


def test_a_button_sheet_with_comments_is_refused(tmp_path):
    """Comments already use the sheet's one VML drawing; merging a button into it is not supported."""
    src = _small_workbook(tmp_path / "d.xlsx", {lay.PETUNJUK: None, lay.RINGKASAN: None})
    wb = openpyxl.load_workbook(src)
    wb[lay.RINGKASAN]["A1"].comment = openpyxl.comments.Comment("catatan", "staf")
    wb.save(src)
    with pytest.raises(XlsmError, match="d.xlsx: sheet 'Ringkasan': it already has a VML drawing"):
        to_xlsm(src, tmp_path / "d.xlsm")


# -- compared with XlsxWriter's insert_button ---------------------------------------------------------
def test_button_vml_has_the_structure_xlsxwriter_writes(parts, tmp_path):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    ref = tmp_path / "xlsxwriter.xlsm"
    wb = xlsxwriter.Workbook(str(ref))
    ws = wb.add_worksheet(lay.PETUNJUK)
    ws.insert_button("C1", {"macro": "Recalculate", "caption": "Hitung Ulang / Recalculate"})
    ws.insert_button("C4", {"macro": "PulihkanRumus", "caption": "Pulihkan Rumus"})
    wb.add_vba_project(io.BytesIO(parts["xl/vbaProject.bin"]), is_stream=True)
    wb.close()
    with zipfile.ZipFile(ref) as z:
        theirs = {name: z.read(name) for name in z.namelist()}
    assert theirs["xl/vbaProject.bin"] == parts["xl/vbaProject.bin"]

    def shape(root):
        out = []
        for el in root.iter():
            attrs = {k: v for k, v in el.attrib.items() if k != "style"}
            text = (el.text or "").strip()
            if el.tag.endswith("}Anchor"):
                text = "anchor"
            out.append((el.tag, attrs, text))
        return out

    ours_vml, _ = sheet_vml(parts, sheet_parts(parts)[lay.PETUNJUK])
    theirs_vml, _ = sheet_vml(theirs, "xl/worksheets/sheet1.xml")
    assert shape(ours_vml) == shape(theirs_vml)

    def types(p):
        ct = ElementTree.fromstring(p["[Content_Types].xml"])
        d = {e.get("Extension"): e.get("ContentType") for e in ct.findall("ct:Default", NS)}
        o = {e.get("PartName"): e.get("ContentType") for e in ct.findall("ct:Override", NS)}
        return d["bin"], d["vml"], o["/xl/workbook.xml"]

    assert types(parts) == types(theirs)

    def rel_types(p, part):
        return {r.get("Type") for r in ElementTree.fromstring(p[part])}

    wb_rels = "xl/_rels/workbook.xml.rels"
    assert xm.REL_VBA in rel_types(theirs, wb_rels) & rel_types(parts, wb_rels)
    ours_wb = ElementTree.fromstring(parts["xl/workbook.xml"]).find("m:workbookPr", NS).get("codeName")
    theirs_wb = ElementTree.fromstring(theirs["xl/workbook.xml"]).find("m:workbookPr", NS).get("codeName")
    assert ours_wb == theirs_wb == "ThisWorkbook"


# -- LibreOffice -----------------------------------------------------------------------------------
def test_libreoffice_imports_the_basic_modules_and_binds_the_buttons(xlsm, tmp_path):
    from lkjip_xl.engine.libreoffice import LibreOffice, find_soffice

    if not find_soffice():
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required under CI (bash .ci/install-libreoffice)", pytrace=False)
        pytest.skip("LibreOffice (soffice) not installed: the .xlsm -> .ods import is not checked")
    with LibreOffice() as lo:
        (ods,) = lo.convert([xlsm], "ods", tmp_path)
    with zipfile.ZipFile(ods) as z:
        names = set(z.namelist())
        basic = {n.split("/")[-1][:-4] for n in names if n.startswith("Basic/VBAProject/") and n.endswith(".xml")}
        assert basic >= {"ThisWorkbook", *CODE_NAMES, "LkjipXl", "xlwings", "Dictionary"}
        module = ElementTree.fromstring(z.read("Basic/VBAProject/LkjipXl.xml"))
        code = module.text or ""
        assert "Public Sub Recalculate()" in code
        assert 'RunPython "import lkjip_xl.excel; lkjip_xl.excel.recalculate_caller()"' in code
        xlwings = ElementTree.fromstring(z.read("Basic/VBAProject/xlwings.xml")).text or ""
        assert "Public Function RunPython(" in xlwings
        content = ElementTree.fromstring(z.read("content.xml"))
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "form": "urn:oasis:names:tc:opendocument:xmlns:form:1.0",
          "script": "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}
    xlink = "{http://www.w3.org/1999/xlink}href"
    buttons = {}
    for table in content.iter(f"{{{ns['table']}}}table"):
        for button in table.iter(f"{{{ns['form']}}}button"):
            listeners = button.findall("office:event-listeners/script:event-listener", ns)
            buttons.setdefault(table.get(f"{{{ns['table']}}}name"), []).append((
                button.get(f"{{{ns['form']}}}label"),
                [(e.get(f"{{{ns['script']}}}event-name"), e.get(xlink)) for e in listeners]))

    def binding(macro):
        return [("form:performaction",
                 f"vnd.sun.star.script:VBAProject.LkjipXl.{macro}?language=Basic&location=document")]

    assert {sheet: sorted(found) for sheet, found in buttons.items()} == {
        lay.PETUNJUK: [("Hitung Ulang / Recalculate", binding("Recalculate")),
                       ("Pulihkan Rumus", binding("PulihkanRumus"))],
        lay.RINGKASAN: [("Hitung Ulang / Recalculate", binding("Recalculate"))]}
