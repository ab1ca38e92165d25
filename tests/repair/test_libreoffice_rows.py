"""Rows inserted and deleted by LibreOffice Calc itself (headless, through a Basic macro: the
formulas and ranges around them move as a spreadsheet application moves them), then
``lkjip-xl recalc``: the new rows hold their formulas, the program, kelompok and OPD aggregates take
them in, the values LibreOffice computes from the saved file are the rules' values, and ``check``
finds no error. The same edited workbooks go through the xlwings adapter's test double (the
Hitung Ulang button's path), which must repair them the same way.

Locally these tests skip when LibreOffice is absent; under CI (CI=true) its absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl import a1
from lkjip_xl import layout as lay
from tests.openpyxl_book import OpenpyxlBook
from lkjip_xl.adapters.xlwings_adapter import XlwingsBook
from lkjip_xl.engine.libreoffice import LibreOfficeError, find_soffice
from tests.oracles import same
from lkjip_xl.findings import Severity
from lkjip_xl.recalc import check_book, check_file, recalc_file, recalculate
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja.loader import loads_renja
from lkjip_xl.renja.writer import write_renja_workbook
from lkjip_xl.repair.run import plan_repair
from tests.checks import LAP, REKAP, L, build, extended_report
from tests.excel.fake_xlwings import FakeBook
from tests.renja.conftest import SAMPLE
from tests.repair.libreoffice_edit import Delete, Insert, LibreOfficeEditor, Type, Unprotect

if not find_soffice():
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice is required under CI (bash .ci/install-libreoffice)", pytrace=False)
    pytest.skip("LibreOffice (soffice) not installed; bash .ci/install-libreoffice", allow_module_level=True)

S = rl.SHEET
R = rl.LAYOUT
RINGKASAN = lay.RINGKASAN


@pytest.fixture(scope="module")
def editor():
    with LibreOfficeEditor() as ed:
        yield ed


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("lo-rows")


def errors(findings):
    return [f"{f.sheet}!{f.cell} {f.rule}: {f.message}" for f in findings if f.severity is Severity.ERROR]


def rules_match_libreoffice(editor, path: Path) -> set[tuple[str, str]]:
    """Every computed cell whose value the rules give: LibreOffice's value (recalculated from the
    saved file) is that value. Returns the cells compared."""
    _, context = check_book(OpenpyxlBook(path, values="cached").read_book())
    seen = editor.lo.recalculated_values(path)
    wrong = [(sheet, cell, expected, seen.get(sheet, {}).get(cell))
             for (sheet, cell), expected in context.expected_values.items()
             if not same(expected, seen.get(sheet, {}).get(cell), tolerance=1e-6)]
    assert wrong == []
    return set(context.expected_values)


def formula(path: Path, sheet: str, cell: str) -> str | None:
    value = openpyxl.load_workbook(path)[sheet][cell].value
    return value if isinstance(value, str) and value.startswith("=") else None


# -- the LKjIP workbook ----------------------------------------------------------------------------------
#: The extended report's Rekap: 5001.04 (rows 9-15), 5001.01 (16-23: kegiatan 18 and 21), NON URUSAN's
#: rows 24-25; URUSAN KEWILAYAHAN 26: 5001.11 (27-33, kegiatan 29 with indicators 30-32), 34-35; OPD 36-38.
LKJIP_EDITS = [
    # a kegiatan and its indicator at the end of program 5001.01 (above its rata-rata row)
    Insert(REKAP, 23, 2),
    Type(REKAP, {"A23": "5001.500105.01.004", "B23": "Penyediaan Jasa Kebersihan", f"{LAP.pagu}23": 10000000,
                 f"{LAP.realisasi_rp}23": 9500000, "C24": "Terbayarnya jasa kebersihan", "D24": "bulan",
                 f"{LAP.target}24": 12, f"{LAP.realisasi}24": 11}),
    # an indicator between the indicators of 5001.500105.11.001 (now rows 32-34)
    Insert(REKAP, 33, 1),
    Type(REKAP, {"C33": "Jumlah warga terlayani", "D33": "orang", f"{LAP.target}33": 100, f"{LAP.realisasi}33": 120}),
    # a program at the end of URUSAN KEWILAYAHAN (after 5001.11's rata-rata row, now 36), with an empty row
    Insert(REKAP, 37, 4),
    Type(REKAP, {"A37": "5001.12", "B37": "Program Ketenteraman dan Ketertiban", "A38": "5001.500105.12.001",
                 "B38": "Pembinaan Linmas", f"{LAP.pagu}38": 20000000, f"{LAP.realisasi_rp}38": 18000000,
                 "C39": "Anggota linmas terlatih", "D39": "orang", f"{LAP.target}39": 30, f"{LAP.realisasi}39": 27}),
]


@pytest.fixture(scope="module")
def lkjip(editor, work):
    """(built, edited by LibreOffice, recalculated) of the extended report's workbook."""
    built = build(extended_report(), work / "contoh.xlsx")
    first = openpyxl.load_workbook(built.path).defined_names[lay.RINGKASAN_PROGRAM_TABLE.name].attr_text
    ringkasan_first = a1.parse_range(first.split("!")[1].replace("$", ""))[0]
    sheet, bl = built.cell("ANGGARAN_BL")
    bl_value = openpyxl.load_workbook(built.path)[sheet][bl].value
    # ... a row inserted inside the Ringkasan's table of programs for the fourth program, and the
    # belanja langsung of the Anggaran sheet raised by the two kegiatan's pagu (it must equal the Rekap's)
    edited = editor.edit(built.path, work / "diedit.xlsx", [*LKJIP_EDITS, Insert(RINGKASAN, ringkasan_first + 1, 1),
                                                            Type(sheet, {bl: bl_value + 30000000})])
    out = work / "dihitung.xlsx"
    result = recalc_file(edited, output=out)
    return built, edited, out, result


def test_libreoffice_moved_the_formulas_as_excel_does(lkjip):
    """The edit is real: the ranges around the rows inserted inside a block grew, those at its
    edge did not (which is what the repair is for)."""
    _, edited, _, _ = lkjip
    assert formula(edited, REKAP, f"{LAP.pagu}16") == f"=SUM({LAP.pagu}18:{LAP.pagu}22)"  # not 23-24
    assert formula(edited, REKAP, f"{LAP.capaian_k}31") == f'=IFERROR(AVERAGE({LAP.capaian_k}32:{LAP.capaian_k}35),"")'
    assert formula(edited, REKAP, f"{LAP.capaian_k}23") is None  # nothing in the new rows
    assert openpyxl.load_workbook(edited)[REKAP][f"{L.jenis}23"].value is None


def test_recalc_writes_the_new_rows_formulas_and_widens_the_aggregates(lkjip):
    _, _, out, result = lkjip
    assert formula(out, REKAP, f"{LAP.capaian_k}23") == f'=IFERROR(AVERAGE({LAP.capaian_k}24),"")'
    assert formula(out, REKAP, f"{LAP.capaian_rp}23").startswith(f"=IF(AND(ISNUMBER({LAP.pagu}23)")
    assert formula(out, REKAP, f"{L.predikat}24").startswith(f"=IF(ISNUMBER({LAP.capaian_k}24)")
    assert formula(out, REKAP, f"{LAP.capaian_k}33").startswith(f"=IF(AND(ISNUMBER({LAP.target}33)")
    # program 5001.01 and its rata-rata take the new kegiatan in
    assert formula(out, REKAP, f"{LAP.pagu}16") == f"=SUM({LAP.pagu}18:{LAP.pagu}24)"
    assert formula(out, REKAP, f"{LAP.capaian_k}25") == \
        f'=IFERROR(AVERAGEIF({L.jenis}18:{L.jenis}24,"kegiatan",{LAP.capaian_k}18:{LAP.capaian_k}24),"")'
    # the new program, its rata-rata row (the empty row), and URUSAN KEWILAYAHAN's rows reaching them
    ws = openpyxl.load_workbook(out)[REKAP]
    assert [ws[f"{L.jenis}{n}"].value for n in range(37, 41)] == [
        "program", "kegiatan", "indikator_kegiatan", "rata_rata_program"]
    assert [ws[f"{L.kunci}{n}"].value for n in range(37, 41)] == [
        "5001.12", "5001.12/5001.500105.12.001", "5001.12/5001.500105.12.001#1", "5001.12"]
    assert formula(out, REKAP, f"{LAP.pagu}42") == f'=SUMIF({L.jenis}29:{L.jenis}40,"program",{LAP.pagu}29:{LAP.pagu}40)'
    assert formula(out, REKAP, f"{LAP.capaian_k}41") == \
        f'=IFERROR(AVERAGEIF({L.jenis}29:{L.jenis}40,"rata_rata_program",{LAP.capaian_k}29:{LAP.capaian_k}40),"")'
    assert formula(out, REKAP, f"{LAP.pagu}44") == f'=SUMIF({L.jenis}8:{L.jenis}42,"jumlah_kelompok",{LAP.pagu}8:{LAP.pagu}42)'
    # the new rows look like the rows of their kind: input cells unlocked, computed ones locked
    assert ws[f"{LAP.pagu}38"].protection.locked is False and ws[f"{LAP.capaian_k}38"].protection.locked is True
    assert ws[f"{LAP.target}39"].protection.locked is False and ws[f"{LAP.capaian_k}39"].protection.locked is True
    assert ws[f"{LAP.capaian_k}39"].number_format == lay.FMT_PERSEN
    rules = {f.rule for f in result.findings}
    assert rules == {"baris-diperbaiki", "rumus-diperbaiki"}, [f.message for f in result.findings]
    by_cell = {f.cell: f.message for f in result.findings}
    assert by_cell["A23"] == ("Baris 23: kegiatan baru 5001.500105.01.004, rumus capaian, rata-rata dan predikat "
                              "ditambahkan.")
    assert by_cell["A40"] == "Baris 40: baris rata-rata program 5001.12, rumus rata-rata dan predikat ditambahkan."


def test_libreoffice_computes_the_rules_values_and_check_finds_no_error(lkjip, editor):
    _, _, out, _ = lkjip
    compared = rules_match_libreoffice(editor, out)
    assert len(compared) > 200
    new_cells = {(REKAP, f"{c}{n}") for n in (23, 24, 33, 37, 38, 39, 40) for c in (LAP.capaian_k, L.predikat)}
    assert new_cells <= compared
    seen = editor.lo.recalculated_values(out)[REKAP]
    assert seen[f"{LAP.pagu}16"] == 317076000 + 50000000 + 10000000  # program 5001.01 with its new kegiatan
    assert seen[f"{LAP.pagu}42"] == 35000000 + 20000000  # URUSAN KEWILAYAHAN with its new program
    assert seen.get(f"{LAP.capaian_k}37") in (None, "")  # no outcome indicator: ""
    assert round(seen[f"{LAP.capaian_k}40"], 6) == 90  # the new program's rata-rata: its one kegiatan, 27 of 30
    findings = check_file(out).findings
    assert errors(findings) == []
    assert [f for f in findings if f.severity is Severity.WARNING] == []
    ringkasan = openpyxl.load_workbook(out)[RINGKASAN]
    first = a1.parse_range(openpyxl.load_workbook(out).defined_names[lay.RINGKASAN_PROGRAM_TABLE.name]
                           .attr_text.split("!")[1].replace("$", ""))[0]
    assert [ringkasan[f"A{first + i}"].value for i in range(4)] == [
        "='Rekap Kegiatan'!A9", "='Rekap Kegiatan'!A16", "='Rekap Kegiatan'!A29", "='Rekap Kegiatan'!A37"]


def test_deleted_rows_repaired_the_same_way(lkjip, editor, work):
    """Rows deleted (after lifting the protection: a row holding locked cells cannot be deleted on
    a protected sheet, in LibreOffice as in Excel): kegiatan 5001.500105.01.001 with its two
    indicators, and the only outcome indicator of 5001.11 (its program's average loses its range)."""
    _, _, out, _ = lkjip
    with pytest.raises(LibreOfficeError, match="refused"):
        editor.edit(out, work / "ditolak.xlsx", [Delete(REKAP, 18, 3)])
    edited = editor.edit(out, work / "dihapus.xlsx", [Unprotect(REKAP), Delete(REKAP, 18, 3), Delete(REKAP, 27, 1)])
    assert "#REF!" in formula(edited, REKAP, f"{LAP.capaian_k}26")
    again = work / "dihapus_dihitung.xlsx"
    result = recalc_file(edited, output=again)
    assert formula(again, REKAP, f"{LAP.capaian_k}26") == '=""'
    assert formula(again, REKAP, f"{LAP.pagu}16") == f"=SUM({LAP.pagu}18:{LAP.pagu}21)"
    assert any(f.rule == "rumus-diperbaiki" and "(#REF!)" in f.message for f in result.findings)
    assert errors(check_file(again).findings) == []
    rules_match_libreoffice(editor, again)


def test_the_button_path_repairs_the_same_cells(lkjip, work):
    """The xlwings adapter over the test double (Excel as the Hitung Ulang button sees it): the
    same formulas and hidden columns as the file path, the sheet protected again as it was, and
    no error once Excel has computed the formulas written."""
    _, edited, out, _ = lkjip
    book = FakeBook(edited)
    book.calls.reset()
    result = recalculate(XlwingsBook(book))
    assert errors(result.findings) == []
    assert {f.rule for f in result.findings} == {"baris-diperbaiki", "rumus-diperbaiki"}
    file_ws, fake_ws = openpyxl.load_workbook(out)[REKAP], book.wb[REKAP]
    differ = [c.coordinate for row in file_ws.iter_rows(min_row=8, max_row=45) for c in row
              if c.value != fake_ws[c.coordinate].value]
    assert differ == []
    protection = fake_ws.protection
    assert protection.sheet and protection.insertRows is False and protection.deleteRows is False
    assert book.calls.writes["api.Unprotect"] == book.calls.writes["api.Protect"] > 0
    # one call per group of cells with the same relative formula, not one per cell written
    planned = plan_repair(OpenpyxlBook(edited, values="cached").read_book())
    cells = sum(len(e.formulas) for e in planned.sheets.values())
    assert book.calls.writes["range.formula"] < cells


def test_the_button_path_says_what_to_do_with_a_password(lkjip, work):
    from lkjip_xl.errors import ExcelAccessError

    _, edited, _, _ = lkjip
    book = FakeBook(edited)
    book.passwords[REKAP] = "rahasia"
    with pytest.raises(ExcelAccessError, match="dilindungi dengan kata sandi"):
        recalculate(XlwingsBook(book))


# -- the Renja workbook -------------------------------------------------------------------------------
#: The sample's table: program 1.01.01 (12; kegiatan 14 with indicators 15-17; kegiatan 18 with
#: sub-kegiatan 19 (indicator 20) and 21 (22)), its rata-rata and predikat 23-24; program 1.01.02
#: (25; kegiatan 26, indicator 27) 28-29; the OPD's rows 30-32.
QUARTERS_RP = {R.triwulan[i].rp: v for i, v in enumerate((1000000, 1500000, 1500000, 1000000))}
QUARTERS_K = {R.triwulan[i].k: v for i, v in enumerate((1, 1, 1, 1))}


def _unit(row: int, kode: str, nama: str, pagu: int) -> dict:
    return {f"{R.kode}{row}": kode, f"{R.uraian}{row}": nama, f"{R.target.rp}{row}": pagu,
            **{f"{c}{row}": v for c, v in QUARTERS_RP.items()}}


def _indikator(row: int, uraian: str, target: int) -> dict:
    return {f"{R.indikator}{row}": uraian, f"{R.satuan}{row}": "dokumen", f"{R.target.k}{row}": target,
            **{f"{c}{row}": v for c, v in QUARTERS_K.items()}}


RENJA_EDITS = [
    # a kegiatan (without sub-kegiatan) and its indicator between the two kegiatan of 1.01.01
    Insert(S, 18, 2),
    Type(S, {**_unit(18, "1.01.01.05", "Kegiatan Baru", 6000000), **_indikator(19, "Dokumen baru", 4)}),
    # a sub-kegiatan and its indicator at the end of kegiatan 1.01.01.02 (above the rata-rata row, now 25)
    Insert(S, 25, 2),
    Type(S, {**_unit(25, "1.01.01.02.03", "Sub-kegiatan Baru", 6000000), **_indikator(26, "Laporan baru", 4)}),
    # a program at the end (above the OPD's rows, now 34), with two empty rows for its rata-rata and predikat
    Insert(S, 34, 5),
    Type(S, {f"{R.kode}34": "1.01.03", f"{R.uraian}34": "Program Baru",
             **_unit(35, "1.01.03.01", "Kegiatan Program Baru", 8000000), **_indikator(36, "Dokumen program baru", 4)}),
]


@pytest.fixture(scope="module")
def renja(editor, work):
    built = write_renja_workbook(loads_renja(SAMPLE, name="contoh.yaml"), work / "renja.xlsx")
    edited = editor.edit(built, work / "renja_diedit.xlsx", RENJA_EDITS)
    out = work / "renja_dihitung.xlsx"
    return edited, out, recalc_file(edited, output=out)


def test_renja_new_rows_get_their_formulas_and_the_sums_take_them_in(renja):
    edited, out, result = renja
    assert formula(edited, S, f"{R.target.rp}20") == f'=SUMIF({R.jenis}21:{R.jenis}24,"sub_kegiatan",{R.target.rp}21:{R.target.rp}24)'
    ws = openpyxl.load_workbook(out)[S]
    assert [ws[f"{R.jenis}{n}"].value for n in (18, 19, 25, 26, 34, 35, 36, 37, 38)] == [
        "kegiatan", "indikator_kegiatan", "sub_kegiatan", "indikator_sub_kegiatan", "program", "kegiatan",
        "indikator_kegiatan", "rata_rata_program", "predikat_program"]
    assert formula(out, S, f"{R.realisasi.rp}18") == (
        f'=IF(COUNT({R.triwulan[0].rp}18,{R.triwulan[1].rp}18,{R.triwulan[2].rp}18,{R.triwulan[3].rp}18)=0,"",'
        f'SUM({R.triwulan[0].rp}18,{R.triwulan[1].rp}18,{R.triwulan[2].rp}18,{R.triwulan[3].rp}18))')
    # kegiatan 1.01.01.02 (row 20) now sums its third sub-kegiatan; program 1.01.01 its new kegiatan
    assert formula(out, S, f"{R.target.rp}20") == f'=SUMIF({R.jenis}21:{R.jenis}26,"sub_kegiatan",{R.target.rp}21:{R.target.rp}26)'
    assert formula(out, S, f"{R.target.rp}12") == f'=SUMIF({R.jenis}13:{R.jenis}26,"kegiatan",{R.target.rp}13:{R.target.rp}26)'
    assert formula(out, S, f"{R.capaian.k}37").startswith(f'=IFERROR(AVERAGEIF({R.jenis}34:{R.jenis}36,"kegiatan"')
    assert formula(out, S, f"{R.target.rp}39") == f'=SUMIF({R.jenis}10:{R.jenis}38,"program",{R.target.rp}10:{R.target.rp}38)'
    repairs = {"baris-diperbaiki", "rumus-diperbaiki"}
    assert repairs <= {f.rule for f in result.findings}
    # besides the repairs, the one finding of the sample itself (a target of 0), moved down two rows
    assert [(f.cell, f.rule) for f in result.findings if f.rule not in repairs] == [(f"{R.target.k}24", "isian-kurang")]


def test_renja_values_are_the_rules_and_check_finds_no_error(renja, editor):
    _, out, _ = renja
    compared = rules_match_libreoffice(editor, out)
    assert len(compared) > 150
    assert {(S, f"{R.capaian.k}{n}") for n in (18, 19, 25, 26, 34, 35, 36, 37)} <= compared
    seen = editor.lo.recalculated_values(out)[S]
    assert seen[f"{R.target.rp}20"] == 2400000 + 161957500 + 6000000  # the sample's two sub-kegiatan and the new one
    assert seen[f"{R.target.rp}39"] == seen[f"{R.target.rp}12"] + seen[f"{R.target.rp}29"] + 8000000
    assert errors(check_file(out).findings) == []


def test_renja_through_the_button_path(renja):
    edited, out, _ = renja
    book = FakeBook(edited)
    result = recalculate(XlwingsBook(book))
    assert errors(result.findings) == []
    file_ws, fake_ws = openpyxl.load_workbook(out)[S], book.wb[S]
    assert [c.coordinate for row in file_ws.iter_rows(min_row=10, max_row=41) for c in row
            if c.value != fake_ws[c.coordinate].value] == []


def test_renja_deleted_indicator(renja, editor, work):
    """The only indicator of sub-kegiatan 1.01.01.02.01 (row 22) deleted: its average loses its range."""
    _, out, _ = renja
    edited = editor.edit(out, work / "renja_dihapus.xlsx", [Unprotect(S), Delete(S, 22, 1)])
    again = work / "renja_dihapus_dihitung.xlsx"
    result = recalc_file(edited, output=again)
    assert formula(again, S, f"{R.capaian.k}21") == '=""'
    assert any("(#REF!)" in f.message for f in result.findings)
    assert errors(check_file(again).findings) == []
    rules_match_libreoffice(editor, again)



def test_what_petunjuk_says_about_inserting_and_deleting_rows(editor, work):
    """On a protected sheet rows can be inserted, and deleted only when none of their cells is
    locked (LibreOffice refuses it otherwise, as Excel does): a blank workbook's spare rows (unlocked
    whole) can be deleted, a row of the report cannot. Petunjuk says how to delete such a row."""
    from lkjip_xl.cli import main as cli

    blank = work / "kosong.xlsx"
    assert cli(["new", "-o", str(blank), "--opd", "Kecamatan Contoh", "--pemerintah-daerah", "Kota Contoh"]) == 0
    deleted = editor.edit(blank, work / "cadangan_dihapus.xlsx", [Delete(REKAP, 25, 2), Insert(REKAP, 12, 1)])
    ws = openpyxl.load_workbook(deleted)[REKAP]
    assert ws[f"{L.jenis}29"].value == "rata_rata_kelompok"  # 30 before: two deleted, one inserted
    assert openpyxl.load_workbook(deleted)[REKAP].protection.sheet
    with pytest.raises(LibreOfficeError, match="refused"):
        editor.edit(blank, work / "ditolak.xlsx", [Delete(REKAP, 11, 1)])  # a kegiatan row: locked cells
    petunjuk = [c.value for c in openpyxl.load_workbook(blank)[lay.PETUNJUK]["B"] if c.value]
    text = " ".join(petunjuk)
    assert "Menyisipkan baris boleh walaupun sheet terlindungi" in text
    assert "Menghapus baris: Excel hanya menghapus baris yang tidak memuat sel terkunci" in text
    assert "Tinjau > Buka Proteksi Lembar" in text and "centang Sisipkan baris, Hapus baris" in text
