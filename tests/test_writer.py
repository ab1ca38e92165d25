"""The generated workbook, checked as a user would: formulas, values, styles, protection, names."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from lkjip_xl import layout as lay
from lkjip_xl.cli import main
from lkjip_xl.engine.formulas_engine import FormulasEngine
from lkjip_xl.expected import named_cell, named_rows, read_rekap_rows
from tests.oracles import expected_values, same
from lkjip_xl.layout import INDIKATOR_KINDS, REKAP_LAYOUT, RekapKind
from lkjip_xl.template import default_template_path
from lkjip_xl.sheet_stream import StreamedBook
from lkjip_xl.writer import OutputError, Options, write_workbook
from lkjip_xl.errors import TemplateError

L = REKAP_LAYOUT


@pytest.fixture(scope="module")
def book(walantaka_xlsx):
    return openpyxl.load_workbook(walantaka_xlsx)


@pytest.fixture(scope="module")
def rekap_rows(book):
    sheet, first, last = named_rows(book, lay.NAME_REKAP_TABLE)
    return read_rekap_rows(book[sheet], first, last)


@pytest.fixture(scope="module")
def evaluated(walantaka_xlsx):
    return FormulasEngine().evaluate(walantaka_xlsx)


def test_every_computed_cell_holds_a_formula(book, walantaka, rekap_rows):
    ws = book[L.sheet]
    # 2 kelompok + 10 program + 21 outcome + 97 kegiatan + 174 output + 10 rata-rata + 2x2 kelompok + 3 OPD
    assert len(rekap_rows) == 321
    checked = 0
    for r in rekap_rows:
        for col in L.formula_columns(r.kind):
            value = ws[f"{col}{r.row}"].value
            assert isinstance(value, str) and value.startswith("="), f"{col}{r.row} ({r.kind.value}): {value!r}"
            checked += 1
        for col in L.input_columns(r.kind):
            value = ws[f"{col}{r.row}"].value
            assert not (isinstance(value, str) and value.startswith("=")), f"input {col}{r.row} holds {value!r}"
    assert checked > 1000
    for (sheet, cell) in expected_values(walantaka, book):
        value = book[sheet][cell].value
        assert isinstance(value, str) and value.startswith("="), f"{sheet}!{cell}: {value!r}"


def test_no_locked_cell_holds_a_typed_number(book):
    """A computed figure is never written as a constant: every number below the headers is an input
    (unlocked) or a label (No, kode)."""
    for ws in book.worksheets:
        if ws.title in (lay.DAFTAR, lay.PETUNJUK):
            continue
        start = 8 if ws.title == L.sheet else 4
        for row in ws.iter_rows(min_row=start):
            for c in row:
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) and c.protection.locked:
                    header = ws.cell(row=c.row - 1, column=c.column).value
                    assert c.column_letter == "A", f"{ws.title}!{c.coordinate} = {c.value} is locked ({header})"


def test_values_computed_by_formulas_equal_the_rules(walantaka, book, evaluated):
    expected = expected_values(walantaka, book)
    assert len(expected) > 1300
    wrong = [(cell, value, evaluated.get(cell)) for cell, value in expected.items()
             if not same(value, evaluated.get(cell))]
    assert wrong == []


def test_known_figures_of_the_walantaka_workbook(book, evaluated):
    """Spot values a reader of the seed knows: the OPD's 2019 pagu and the IKM capaian."""
    sheet, cell = named_cell(book, "TOTAL_PAGU_DASAR")
    assert evaluated[(sheet, cell)] == 10188581520
    sheet, cell = named_cell(book, "TOTAL_REALISASI_RP_DASAR")
    assert evaluated[(sheet, cell)] == 9608928553
    t = lay.PENGUKURAN_TABLE
    sheet, first, _ = named_rows(book, t.name)
    assert round(evaluated[(sheet, f"{t.letter('capaian')}{first}")], 2) == 103.25
    assert evaluated[(sheet, f"{t.letter('predikat')}{first}")] == "Sangat Tinggi"


def test_protection_inputs_unlocked_formulas_locked(book, rekap_rows):
    for ws in book.worksheets:
        # Pemeriksaan is rewritten by every Recalculate, also from inside Excel.
        assert ws.protection.sheet is (ws.title != lay.PEMERIKSAAN), ws.title
        assert not ws.protection.password
    ws = book[L.sheet]
    for r in rekap_rows:
        for col in L.input_columns(r.kind):
            assert ws[f"{col}{r.row}"].protection.locked is False, f"{col}{r.row}"
        for col in L.formula_columns(r.kind):
            assert ws[f"{col}{r.row}"].protection.locked is True, f"{col}{r.row}"
    assert book[lay.DAFTAR].sheet_state == "hidden"


def test_input_cells_are_marked_by_the_input_style(book, rekap_rows):
    ws = book[L.sheet]
    kegiatan = next(r for r in rekap_rows if r.kind is RekapKind.KEGIATAN)
    input_fill = ws[f"{L.years['laporan'].pagu}{kegiatan.row}"].fill.fgColor.rgb
    formula_fill = ws[f"{L.years['laporan'].capaian_rp}{kegiatan.row}"].fill.fgColor.rgb
    assert input_fill.endswith("FFF2CC") and input_fill != formula_fill


def _validations(ws):
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                for c in row:
                    out[c.coordinate] = dv
    return out


def test_data_validation_on_inputs(book, rekap_rows):
    ws = book[L.sheet]
    dvs = _validations(ws)
    y = L.years["laporan"]
    for r in rekap_rows:
        if r.kind is RekapKind.KEGIATAN:
            dv = dvs[f"{y.pagu}{r.row}"]
            assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
        if r.kind in INDIKATOR_KINDS:
            assert dvs[f"{L.metode}{r.row}"].type == "list"
            assert dvs[f"{L.metode}{r.row}"].formula1 == lay.NAME_DAFTAR_METODE
            assert dvs[f"{y.realisasi}{r.row}"].type == "custom"
    assert [c.value for c in book[lay.DAFTAR]["A"][1:5]] == ["positif", "negatif", "negatif_rasio", "rentang"]


def test_number_formats(book, rekap_rows):
    ws = book[L.sheet]
    r = next(r for r in rekap_rows if r.kind is RekapKind.KEGIATAN)
    y = L.years["laporan"]
    assert ws[f"{y.pagu}{r.row}"].number_format == "#,##0"
    assert ws[f"{y.capaian_rp}{r.row}"].number_format == "#,##0.00"
    assert ws[f"{y.capaian_k}{r.row}"].number_format == "#,##0.00"


def test_defined_names_point_at_their_cells(book, rekap_rows):
    jumlah = next(r for r in rekap_rows if r.kind is RekapKind.JUMLAH_OPD)
    assert named_cell(book, "TOTAL_PAGU_LAPORAN") == (L.sheet, f"{L.years['laporan'].pagu}{jumlah.row}")
    assert named_cell(book, "INSTANSI")[0] == lay.IDENTITAS
    sheet, cell = named_cell(book, "INSTANSI")
    assert book[sheet][cell].value == "Kecamatan Walantaka"
    for name in ("REKAP_TABEL", "PK_TABEL", "PENGUKURAN_TABEL", "DATA_KELURAHAN", "SDM_ESELON",
                 "ANGGARAN_BL", "ANGGARAN_TOTAL", "SKALA_SAKIP", "PEMERIKSAAN_TABEL", "RINGKASAN_PROGRAM"):
        assert name in book.defined_names, name
    assert not any(n.startswith("LKJIP_GAYA_") for n in book.defined_names)


def test_page_setup_and_panes(book):
    ws = book[L.sheet]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$4:$7"
    assert ws.freeze_panes == "D8"


def test_ringkasan_chart_and_band_colours(book):
    ws = book[lay.RINGKASAN]
    assert len(ws._charts) == 1
    rekap_rules = [r for cf in book[L.sheet].conditional_formatting for r in cf.rules]
    assert len(rekap_rules) >= 8


def test_titles_filled_from_identitas(book):
    assert book[L.sheet]["A1"].value == "LAPORAN REKAPITULASI KEMAJUAN PELAKSANAAN KEGIATAN KECAMATAN WALANTAKA"
    assert book[L.sheet]["F4"].value == "Realisasi Kinerja dan Anggaran Tahun Dasar (2019)"


def test_restyled_template_survives(tmp_path, walantaka):
    template = tmp_path / "kantor.xlsx"
    wb = openpyxl.load_workbook(default_template_path())
    ws = wb[L.sheet]
    ws["A1"] = "REKAP KINERJA {instansi} (versi kantor)"
    ws["A1"].font = Font(name="Times New Roman", size=16, bold=True, color="C00000")
    ws.column_dimensions["B"].width = 50
    sheet, first, _ = next((s, f, l) for s, f, l in [(L.sheet, 8, 18)])
    kegiatan_style_row = first + list(RekapKind).index(RekapKind.KEGIATAN)
    ws[f"{L.years['laporan'].pagu}{kegiatan_style_row}"].fill = PatternFill("solid", fgColor="FFC7CE")
    ws[f"{L.uraian}{kegiatan_style_row}"].font = Font(name="Verdana", size=9, italic=True)
    wb.save(template)
    out = write_workbook(walantaka, tmp_path / "out.xlsx", Options(template=template))
    book = openpyxl.load_workbook(out)
    ws = book[L.sheet]
    assert ws["A1"].value == "REKAP KINERJA KECAMATAN WALANTAKA (versi kantor)"
    assert ws["A1"].font.name == "Times New Roman" and ws["A1"].font.color.rgb.endswith("C00000")
    assert ws.column_dimensions["B"].width == 50
    rows = read_rekap_rows(ws, *named_rows(book, lay.NAME_REKAP_TABLE)[1:])
    kegiatan = [r for r in rows if r.kind is RekapKind.KEGIATAN]
    assert all(ws[f"{L.years['laporan'].pagu}{r.row}"].fill.fgColor.rgb.endswith("FFC7CE") for r in kegiatan)
    assert all(ws[f"{L.uraian}{r.row}"].font.name == "Verdana" for r in kegiatan)


def test_template_without_a_sheet_is_a_clear_error(tmp_path, walantaka):
    wb = openpyxl.load_workbook(default_template_path())
    del wb[lay.ANGGARAN]
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(TemplateError, match=r"t.xlsx: sheet 'Anggaran' tidak ada"):
        write_workbook(walantaka, tmp_path / "out.xlsx", Options(template=tmp_path / "t.xlsx"))


def test_template_without_a_style_block_is_a_clear_error(tmp_path, walantaka):
    wb = openpyxl.load_workbook(default_template_path())
    del wb.defined_names["LKJIP_GAYA_REKAP"]
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(TemplateError, match=r"nama LKJIP_GAYA_REKAP \(baris gaya sheet "
                                            r"'Rekap Kegiatan'\) tidak ada"):
        write_workbook(walantaka, tmp_path / "out.xlsx", Options(template=tmp_path / "t.xlsx"))


def test_unwritable_output_leaves_no_partial_file(tmp_path, walantaka, monkeypatch):
    target = tmp_path / "out.xlsx"

    def boom(self, filename, progress=None):
        Path(filename).write_bytes(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(StreamedBook, "save", boom)
    with pytest.raises(OutputError, match=r"out.xlsx tidak dapat ditulis: disk penuh \(No space left on device\)"):
        write_workbook(walantaka, target)
    assert list(tmp_path.iterdir()) == []


def test_existing_output_is_kept_when_writing_fails(tmp_path, walantaka, monkeypatch):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old workbook")
    monkeypatch.setattr(openpyxl.Workbook, "save", lambda self, f: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OutputError):
        write_workbook(walantaka, target)
    assert target.read_bytes() == b"old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_password_option(tmp_path, walantaka):
    out = write_workbook(walantaka, tmp_path / "p.xlsx", Options(password="rahasia"))
    book = openpyxl.load_workbook(out)
    assert all(ws.protection.password for ws in book.worksheets if ws.title != lay.PEMERIKSAAN)


def test_cli_build_and_new(tmp_path, capsys):
    from tests.conftest import EXAMPLE

    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "w.xlsx")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Buku kerja ditulis: {tmp_path / 'w.xlsx'} (10 sheet, ")
    assert main(["new", str(EXAMPLE), "-o", str(tmp_path / "kosong.xlsx")]) == 0
    blank = openpyxl.load_workbook(tmp_path / "kosong.xlsx")
    ws = blank[L.sheet]
    rows = read_rekap_rows(ws, *named_rows(blank, lay.NAME_REKAP_TABLE)[1:])
    for r in rows:
        for y in L.years.values():
            if r.kind in INDIKATOR_KINDS:
                assert ws[f"{y.realisasi}{r.row}"].value is None
            if r.kind is RekapKind.KEGIATAN:
                assert ws[f"{y.realisasi_rp}{r.row}"].value is None
    assert any(ws[f"{L.years['laporan'].target}{r.row}"].value is not None for r in rows)
    assert isinstance(ws[f"{L.years['laporan'].capaian_k}{rows[2].row}"].value, str)


def test_cli_build_to_a_missing_folder(tmp_path, capsys):
    from tests.conftest import EXAMPLE

    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "no" / "w.xlsx")]) == 2
    assert capsys.readouterr().err == (f"lkjip-xl: gagal: {tmp_path / 'no' / 'w.xlsx'}: "
                                       f"folder {tmp_path / 'no'} tidak ada\n")


def test_workbook_is_a_plain_xlsx_without_macros(walantaka_xlsx):
    with zipfile.ZipFile(walantaka_xlsx) as z:
        assert "xl/vbaProject.bin" not in z.namelist()
