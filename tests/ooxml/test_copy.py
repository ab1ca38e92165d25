"""The one workbook-file layer on workbooks lkjip-xl did not write: a changed copy (a findings sheet
added, reported cells marked) that every reader opens with the rest as it was, and the reader's
hidden sheets and merged ranges."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment, Font, PatternFill

from lkjip_xl.ooxml.copy import WorkbookCopy
from lkjip_xl.ooxml.package import PackageError
from lkjip_xl.ooxml.sheet import SheetReader, read_workbook_parts
from tests.conftest import REAL


def _foreign(path: Path) -> Path:
    """An office's own form: a title merged over columns, a bold total, a yellow input, a hidden
    sheet of lists, numbers with a thousands format."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Form Renja"
    ws["A1"] = "EVALUASI RENJA TRIWULAN"
    ws.merge_cells("A1:D1")
    ws.append(["No", "Kegiatan", "Pagu", "Realisasi"])
    ws.append([1, "Rapat koordinasi", 1500000, 1200000])
    ws.append([2, "Sosialisasi", 2500000, 2600000])
    ws["A5"] = "Jumlah"
    ws["A5"].font = Font(bold=True)
    ws["C5"] = "=SUM(C3:C4)"
    ws["D5"] = "=SUM(D3:D4)"
    for ref in ("C3", "C4", "D3", "D4"):
        ws[ref].number_format = "#,##0"
    ws["D4"].fill = PatternFill("solid", fgColor="FFFFFF00")
    ws["B3"].alignment = Alignment(indent=2)
    lists = wb.create_sheet("Daftar")
    lists["A1"] = "Tinggi"
    lists.sheet_state = "hidden"
    wb.save(path)
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_a_findings_sheet_added_and_cells_marked_the_rest_byte_for_byte(tmp_path):
    source = _foreign(tmp_path / "FORMULIR.xlsx")
    before = source.read_bytes()
    copy = WorkbookCopy(source)
    name = copy.add_sheet("Pemeriksaan", [["No", "Sel", "Temuan"], [1, "Form Renja!D4", "Realisasi melebihi pagu"]],
                          widths=[6, 16, 60])
    copy.mark_cells("Form Renja", ["D4", "C5", "F9"], "FFC7CE")
    copy.save(tmp_path / "diperiksa.xlsx")

    assert name == "Pemeriksaan"
    assert source.read_bytes() == before  # the source is only read
    wb = openpyxl.load_workbook(tmp_path / "diperiksa.xlsx")
    assert wb.sheetnames == ["Form Renja", "Daftar", "Pemeriksaan"]
    assert wb["Daftar"].sheet_state == "hidden"
    added = wb["Pemeriksaan"]
    assert [[c.value for c in row] for row in added.iter_rows()] == [
        ["No", "Sel", "Temuan"], [1, "Form Renja!D4", "Realisasi melebihi pagu"]]
    assert added.column_dimensions["C"].width == 60
    form = wb["Form Renja"]
    for ref in ("D4", "C5", "F9"):
        assert form[ref].fill.fill_type == "solid" and form[ref].fill.fgColor.rgb == "FFFFC7CE", ref
    # a marked cell keeps the rest of its format and its content; the others are untouched
    assert form["D4"].number_format == "#,##0" and form["D4"].value == 2600000
    assert form["C5"].value == "=SUM(C3:C4)"
    assert form["D3"].fill.fill_type is None and form["D3"].number_format == "#,##0"
    assert form["B3"].alignment.indent == 2 and form["A5"].font.b
    assert [str(r) for r in form.merged_cells.ranges] == ["A1:D1"]

    old, new = _parts(source), _parts(tmp_path / "diperiksa.xlsx")
    changed = {n for n in old if old[n] != new.get(n)}
    assert changed == {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml",
                       "xl/worksheets/sheet1.xml"}
    assert set(new) - set(old) == {"xl/worksheets/sheet3.xml"}


def test_a_sheet_name_already_taken_gets_a_number_and_the_source_is_never_overwritten(tmp_path):
    source = _foreign(tmp_path / "f.xlsx")
    copy = WorkbookCopy(source)
    assert copy.add_sheet("daftar", [["x"]]) == "daftar (2)"
    assert copy.add_sheet("Pemeriksaan", [["a"]]) == "Pemeriksaan"
    assert copy.add_sheet("Pemeriksaan", [["b"]]) == "Pemeriksaan (2)"
    with pytest.raises(PackageError, match="tidak pernah ditulis menimpa"):
        copy.save(source)
    copy.save(tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb.sheetnames[-3:] == ["daftar (2)", "Pemeriksaan", "Pemeriksaan (2)"]
    assert wb["Pemeriksaan (2)"]["A1"].value == "b"
    with pytest.raises(KeyError):
        copy.mark_cells("Tidak Ada", ["A1"], "FF0000")


def test_an_added_sheet_carries_formats_and_links_and_an_existing_sheet_can_be_written_anew(tmp_path):
    source = _foreign(tmp_path / "f.xlsx")
    copy = WorkbookCopy(source)
    bold = copy.new_format(bold=True)
    link = copy.new_format(underline=True, color="0563C1", wrap_top=True)
    red = copy.new_format(fill="FFC7CE", wrap_top=True)
    assert copy.new_format(bold=True) == bold  # one format per look
    name = copy.add_sheet("Temuan", [["Judul"], ["Sel", "Tingkat"], ["D4", "kesalahan"]], widths=[10, 12],
                          styles={"A1": bold, "A3": link, "B3": red}, links={"A3": "'Form Renja'!D4"}, freeze_rows=2,
                          landscape=True)
    assert copy.cell_value("Daftar", "A1") == "Tinggi" and copy.cell_value("Daftar", "C9") is None
    copy.replace_sheet("Daftar", [["Rendah"], [None, 7]])
    with pytest.raises(ValueError, match="replaced"):
        copy.mark_cells("Daftar", ["A1"], "FF0000")
    copy.save(tmp_path / "out.xlsx")

    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    ws = wb[name]
    assert ws["A1"].font.b and not ws["A2"].font.b
    assert ws["A3"].hyperlink.location == "'Form Renja'!D4" and ws["A3"].font.u == "single"
    assert ws["A3"].font.color.rgb == "FF0563C1" and ws["A3"].alignment.wrap_text
    assert ws["B3"].fill.fgColor.rgb == "FFFFC7CE" and ws["B3"].alignment.vertical == "top"
    assert ws.freeze_panes == "A3" and ws.page_setup.orientation == "landscape"
    daftar = wb["Daftar"]
    assert daftar.sheet_state == "hidden" and daftar["A1"].value == "Rendah" and daftar["B2"].value == 7
    assert wb["Form Renja"]["A5"].font.b and wb["Form Renja"]["D4"].fill.fgColor.rgb == "FFFFFF00"


def test_the_reader_gives_hidden_sheets_and_merged_ranges(tmp_path):
    source = _foreign(tmp_path / "f.xlsx")
    with zipfile.ZipFile(source) as z:
        parts = read_workbook_parts(z, source)
        cells = SheetReader(parts, "Form Renja", source, 10_000, cached=True).read(z, parts.sheets["Form Renja"])
    assert parts.hidden == frozenset({"Daftar"})
    assert cells.merged == [(1, 1, 1, 4)]
    assert cells.formulas[4][2] == "=SUM(C3:C4)" and cells.values[3][3] == 2600000
    assert parts.styles.fill_of(cells.styles[3][3]) == "FFFF00"


@pytest.mark.skipif(not REAL.is_dir(), reason="the real workbooks are not beside the checkout")
def test_real_workbooks_marked_copies_open_with_every_sheet(tmp_path):
    books = sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm"))
    if not books:
        pytest.skip("no .xlsx among the real workbooks")
    for book in books:
        copy = WorkbookCopy(book)
        first = next(s.name for s in copy.sheets if s.kind == "worksheet")
        copy.add_sheet("Pemeriksaan", [["Temuan"], ["contoh"]])
        copy.mark_cells(first, ["A1"], "FFC7CE")
        out = tmp_path / book.name
        copy.save(out)
        wb = openpyxl.load_workbook(out, read_only=True)
        assert wb.sheetnames == [s.name for s in copy.sheets]
        wb.close()


def test_libreoffice_opens_the_copy_with_the_added_sheet_and_the_marks(tmp_path):
    """The reference application reads the added sheet and the formulas of the marked sheet."""
    from tests.libreoffice.office import LibreOffice, find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    source = _foreign(tmp_path / "FORMULIR.xlsx")
    copy = WorkbookCopy(source)
    copy.add_sheet("Pemeriksaan", [["Sel", "Temuan"], ["D4", "Realisasi melebihi pagu"]])
    copy.mark_cells("Form Renja", ["D4"], "FFC7CE")
    copy.save(tmp_path / "diperiksa.xlsx")
    with LibreOffice() as lo:
        values = lo.recalculated_values(tmp_path / "diperiksa.xlsx")
    assert values["Pemeriksaan"] == {"A1": "Sel", "B1": "Temuan", "A2": "D4", "B2": "Realisasi melebihi pagu"}
    assert values["Form Renja"]["D5"] == 3800000 and values["Form Renja"]["D4"] == 2600000
