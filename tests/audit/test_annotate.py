"""``lkjip-xl recalc FOREIGN.xlsx -o diperiksa.xlsx``: a copy with the Pemeriksaan sheet and the
reported cells filled, every other part of the package as it was; the original never touched."""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import openpyxl
import pytest

from lkjip_xl.audit import annotate_copy, audit_workbook
from lkjip_xl.audit.annotate import COLORS, HEADERS, TITLE
from lkjip_xl.cli import main
from lkjip_xl.findings import Finding, Severity
from tests.audit.builders import SHEET, evaluasi, write

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                                   reason="LibreOffice is not installed")


def _planted(tmp_path, name="asing.xlsx"):
    cells, bold = evaluasi()
    cells["H5"] = "=SUM(H6:H8)"  # misses rows 9 and 10
    cells["G8"] = 95  # a number typed over the capaian formula
    other = {"A1": "Catatan", "B2": "teks saja"}
    return write(tmp_path / name, {SHEET: (cells, bold), "Lain": (other, set())})


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_recalc_of_a_foreign_workbook_writes_an_annotated_copy(tmp_path, capsys):
    source = _planted(tmp_path)
    before = source.read_bytes()
    out = tmp_path / "diperiksa.xlsx"
    assert main(["recalc", str(source), "-o", str(out)]) == 1
    text = capsys.readouterr().out
    assert "bukan buku kerja lkjip-xl" in text
    assert f"Disimpan: {out} (sheet 'Pemeriksaan'," in text
    assert source.read_bytes() == before  # the original is never touched

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET, "Lain", "Pemeriksaan"]
    ws = wb["Pemeriksaan"]
    assert ws["A1"].value == TITLE
    assert [c.value for c in ws[3]] == ["No", "Sheet", "Sel", "Aturan", "Tingkat", "Pesan"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    by_cell = {(r[1], r[2]): r for r in rows}
    h5 = by_cell[(SHEET, "H5")]
    assert h5[3] == "rentang-kurang" and h5[4] == "kesalahan"
    assert h5[5].startswith("Rumus SUM tidak mencakup baris 9, 10")
    assert by_cell[(SHEET, "G8")][3] == "angka-menimpa-rumus"
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    link = ws.cell(4 + rows.index(h5), 3).hyperlink
    assert link.location == f"'{SHEET}'!H5"
    # the reported cells carry the severity's fill; their own formula, value and font are kept
    ev = wb[SHEET]
    assert ev["H5"].fill.fgColor.rgb == "FF" + COLORS[Severity.ERROR]
    assert ev["H5"].value == "=SUM(H6:H8)" and ev["H5"].font.b
    assert ev["G8"].fill.fgColor.rgb == "FF" + COLORS[Severity.ERROR] and ev["G8"].value == 95
    assert ev["H6"].fill.fgColor.rgb != "FF" + COLORS[Severity.ERROR]  # an unreported cell

    # every part the findings do not concern is byte for byte the original's
    old, new = _parts(source), _parts(out)
    changed = {n for n in old if old[n] != new[n]}
    assert changed == {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                       "xl/worksheets/sheet1.xml"}
    assert set(new) - set(old) == {"xl/worksheets/sheet3.xml"}


def test_recalc_of_a_foreign_workbook_never_writes_the_original_nor_over_a_file(tmp_path, capsys):
    source = _planted(tmp_path)
    before = source.read_bytes()
    assert main(["recalc", str(source)]) == 2  # without -o: refused, not changed, told how to get a copy
    assert capsys.readouterr().err == (
        f"lkjip-xl: gagal: {source}: bukan buku kerja lkjip-xl, jadi berkas ini tidak ditulis ulang. Untuk menulis "
        f"temuannya ke salinan: lkjip-xl recalc {source} -o diperiksa.xlsx (berkas asli tidak diubah); untuk "
        f"melihat temuannya saja: lkjip-xl check {source}\n")
    out = tmp_path / "diperiksa.xlsx"
    out.write_bytes(b"lama")
    assert main(["recalc", str(source), "-o", str(out)]) == 2
    assert "sudah ada dan tidak ditimpa" in capsys.readouterr().err
    assert out.read_bytes() == b"lama"
    assert main(["recalc", str(source), "-o", str(out), "--timpa", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["saved"] == str(out) and data["sheet"] == "Pemeriksaan" and data["marked"] >= 2
    assert (tmp_path / "diperiksa.xlsx.bak").read_bytes() == b"lama"
    assert source.read_bytes() == before
    assert main(["recalc", str(source), "-o", str(tmp_path / "diperiksa.csv")]) == 2


def test_a_second_run_replaces_its_own_sheet_and_an_office_sheet_named_pemeriksaan_is_kept(tmp_path):
    source = _planted(tmp_path)
    result = audit_workbook(source)
    first = annotate_copy(source, tmp_path / "satu.xlsx", result.findings, cells=result.cells)
    again = annotate_copy(first.path, tmp_path / "dua.xlsx", result.findings[:1], cells=result.cells)
    wb = openpyxl.load_workbook(again.path)
    assert wb.sheetnames == [SHEET, "Lain", "Pemeriksaan"]
    assert wb["Pemeriksaan"]["B5"].value is None and wb["Pemeriksaan"]["B4"].value == result.findings[0].sheet

    cells, bold = evaluasi()
    office = write(tmp_path / "kantor.xlsx", {SHEET: (cells, bold), "Pemeriksaan": ({"A1": "catatan kantor"}, set())})
    done = annotate_copy(office, tmp_path / "kantor_diperiksa.xlsx",
                         [Finding(Severity.WARNING, "uji", SHEET, "B6", "pesan uji")])
    wb = openpyxl.load_workbook(done.path)
    assert done.sheet == "Pemeriksaan lkjip-xl"
    assert wb["Pemeriksaan"]["A1"].value == "catatan kantor"
    assert wb["Pemeriksaan lkjip-xl"]["F4"].value == "pesan uji"
    assert wb[SHEET]["B6"].fill.fgColor.rgb == "FF" + COLORS[Severity.WARNING]


def test_a_finding_on_the_sheet_being_replaced_is_listed_but_not_marked(tmp_path):
    source = _planted(tmp_path)
    first = annotate_copy(source, tmp_path / "satu.xlsx", [Finding(Severity.INFO, "uji", SHEET, "B6", "awal")])
    again = annotate_copy(first.path, tmp_path / "dua.xlsx",
                          [Finding(Severity.ERROR, "uji", "Pemeriksaan", "F4", "di sheet lama")])
    assert again.sheet == "Pemeriksaan" and again.marked == []
    ws = openpyxl.load_workbook(again.path)["Pemeriksaan"]
    assert ws["F4"].value == "di sheet lama" and ws["C4"].hyperlink.location == "'Pemeriksaan'!F4"


def test_an_empty_cell_a_finding_names_gets_its_fill_and_shared_formulas_stay(tmp_path):
    # a sheet part as Excel writes it: a shared formula group down E2:E4, and row 6 missing
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
             '<row r="2"><c r="A2"><v>2</v></c><c r="E2"><f t="shared" ref="E2:E4" si="0">A2*2</f><v>4</v></c></row>'
             '<row r="3"><c r="A3"><v>3</v></c><c r="E3"><f t="shared" si="0"/><v>6</v></c></row>'
             '<row r="4"><c r="E4"><f t="shared" si="0"/><v>0</v></c></row>'
             '<row r="7"><c r="B7"><v>5</v></c></row></sheetData></worksheet>')
    source = tmp_path / "shared.xlsx"
    base = write(tmp_path / "base.xlsx", {"Data": ({"A1": 1}, set())})
    with zipfile.ZipFile(base) as z, zipfile.ZipFile(source, "w") as out:
        for info in z.infolist():
            data = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else z.read(info.filename)
            out.writestr(info, data)
    findings = [Finding(Severity.ERROR, "uji", "Data", "E2", "master"),
                Finding(Severity.WARNING, "uji", "Data", "C3", "sel kosong di baris yang ada"),
                Finding(Severity.INFO, "uji", "Data", "D6", "baris yang belum ada")]
    annotate_copy(source, tmp_path / "out.xlsx", findings)
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    ws = wb["Data"]
    assert [ws[f"E{r}"].value for r in (2, 3, 4)] == ["=A2*2", "=A3*2", "=A4*2"]
    assert ws["E2"].fill.fgColor.rgb == "FF" + COLORS[Severity.ERROR]
    assert ws["C3"].fill.fgColor.rgb == "FF" + COLORS[Severity.WARNING]
    assert ws["D6"].fill.fgColor.rgb == "FF" + COLORS[Severity.INFO]
    assert ws["B7"].value == 5 and ws["A3"].value == 3


@needs_soffice
def test_the_annotated_copy_opens_in_libreoffice_and_prints(tmp_path):
    from tests.libreoffice.office import LibreOffice, pdf_page_count

    source = _planted(tmp_path)
    out = tmp_path / "diperiksa.xlsx"
    assert main(["recalc", str(source), "-o", str(out), "--diam"]) == 1
    with LibreOffice() as lo:
        pdf = lo.convert([out], "pdf", tmp_path / "pdf")[0]
        back = lo.convert([out], "xlsx", tmp_path / "back")[0]
    assert pdf_page_count(pdf) > 0
    wb = openpyxl.load_workbook(back)
    assert "Pemeriksaan" in wb.sheetnames and wb["Pemeriksaan"]["A1"].value == TITLE
    assert wb[SHEET]["H5"].fill.fgColor.rgb.endswith(COLORS[Severity.ERROR])


@needs_soffice
def test_an_xls_gets_a_converted_annotated_copy(tmp_path):
    from lkjip_xl.engine.libreoffice import LibreOffice

    source = _planted(tmp_path)
    with LibreOffice() as lo:
        xls = lo.convert([source], "xls", tmp_path / "xls")[0]
    before = xls.read_bytes()
    out = tmp_path / "dari_xls.xlsx"
    assert main(["recalc", str(xls), "-o", str(out), "--diam"]) == 1
    assert xls.read_bytes() == before
    wb = openpyxl.load_workbook(out)
    assert "Pemeriksaan" in wb.sheetnames
    assert any(r[2] == "H5" for r in wb["Pemeriksaan"].iter_rows(min_row=4, values_only=True))


def test_the_findings_sheet_prints_one_page_wide_with_each_message_whole(tmp_path):
    """On paper: the sheet is fitted to one page across, the summary line is not wrapped into column
    A, and each finding's row is tall enough for its wrapped message (Excel and LibreOffice do not
    size such rows when they open a file)."""
    from lkjip_xl import textfit
    from lkjip_xl.audit.annotate import WIDTHS

    source = _planted(tmp_path)
    out = tmp_path / "diperiksa.xlsx"
    assert main(["recalc", str(source), "-o", str(out), "--diam"]) == 1
    ws = openpyxl.load_workbook(out)["Pemeriksaan"]
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert not ws["A2"].alignment.wrap_text
    for r in range(4, ws.max_row + 1):
        message = ws.cell(r, 6).value
        assert ws.cell(r, 6).alignment.wrap_text
        need = textfit.lines(message, WIDTHS[-1], size=11)
        height = ws.row_dimensions[r].height
        assert (height or 15) >= textfit.row_height(need, size=11) - 0.01, (r, message)


def _print_titles(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/workbook.xml").decode()
    return re.findall(r'<definedName name="_xlnm\.Print_Titles"[^>]*>[^<]*</definedName>', xml)


def test_the_findings_header_is_printed_on_every_page(tmp_path):
    """The header row (row 3) is the sheet's print titles; a second run that replaces the sheet
    keeps one such name, and a findings sheet after an office's own Pemeriksaan gets its own."""
    source = _planted(tmp_path)
    first = annotate_copy(source, tmp_path / "satu.xlsx", [Finding(Severity.INFO, "uji", SHEET, "B6", "awal")])
    assert _print_titles(first.path) == [
        """<definedName name="_xlnm.Print_Titles" localSheetId="2">'Pemeriksaan'!$3:$3</definedName>"""]
    assert openpyxl.load_workbook(first.path)["Pemeriksaan"].print_title_rows == "$3:$3"
    again = annotate_copy(first.path, tmp_path / "dua.xlsx", [Finding(Severity.INFO, "uji", SHEET, "B7", "lagi")])
    assert _print_titles(again.path) == _print_titles(first.path)

    cells, bold = evaluasi()
    office = write(tmp_path / "kantor.xlsx", {"Pemeriksaan": ({"A1": "catatan kantor"}, set()), SHEET: (cells, bold)})
    done = annotate_copy(office, tmp_path / "kantor_diperiksa.xlsx", [Finding(Severity.WARNING, "uji", SHEET, "B6", "x")])
    assert _print_titles(done.path) == [
        """<definedName name="_xlnm.Print_Titles" localSheetId="2">'Pemeriksaan lkjip-xl'!$3:$3</definedName>"""]
    wb = openpyxl.load_workbook(done.path)
    assert wb["Pemeriksaan lkjip-xl"].print_title_rows == "$3:$3" and wb["Pemeriksaan"].print_title_rows is None


@needs_soffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is not installed")
def test_libreoffice_prints_the_findings_header_on_the_second_page(tmp_path):
    import subprocess

    from tests.libreoffice.office import LibreOffice, pdf_page_count

    source = _planted(tmp_path)
    findings = [Finding(Severity.WARNING, "uji", SHEET, f"B{r}", f"pesan uji nomor {r}") for r in range(1, 90)]
    out = annotate_copy(source, tmp_path / "diperiksa.xlsx", findings).path
    with LibreOffice() as lo:
        pdf = lo.convert([out], "pdf", tmp_path / "pdf")[0]
    pages = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout for n in range(1, pdf_page_count(pdf) + 1)]
    findings_pages = [p for p in pages if "pesan uji nomor" in p]
    assert len(findings_pages) >= 2
    for page in findings_pages:
        assert page.strip().splitlines()[0 if page is not findings_pages[0] else 2].split() == list(HEADERS)
