"""The repair planned from a workbook read (pure: rows + layout -> edits), on the extended report's
workbook edited as Excel edits it (``excel_insert_rows``, ``excel_delete_rows``, ``copy_rows``
of tests/checks: formulas and names move as Excel moves them). The real spreadsheet application
drives the same edits in test_libreoffice_rows.py."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.adapters.package_adapter import PackageBook
from lkjip_xl.layout import REKAP_LABELS
from lkjip_xl.recalc import check_file
from lkjip_xl.repair.edits import FORMULA_RESTORED, RANGE_REPAIRED, ROW_INCOMPLETE, ROW_REPAIRED
from lkjip_xl.repair.run import apply_repair, plan_repair
from lkjip_xl.findings import Severity
from tests.checks import (DAS, LAP, REKAP, L, add_kegiatan_at_end, build, copy_rows, edit,
                          excel_delete_rows, excel_insert_rows, extended_report, set_cells)
from lkjip_xl.layout import RekapKind as K


@pytest.fixture(scope="module")
def ext(tmp_path_factory):
    return build(extended_report(), tmp_path_factory.mktemp("plan") / "contoh.xlsx")


def plan(path: Path, restore: bool = False):
    """The repair planned as ``lkjip-xl recalc`` plans it (from the sheets read by streaming)."""
    book = PackageBook(path, values="cached")
    try:
        return plan_repair(book.read_book(), restore=restore)
    finally:
        book.close()


def notes(repair, rule=None):
    return [(f.cell, f.message) for f in repair.findings if rule is None or f.rule == rule]


def repaired(path: Path, out: Path, restore: bool = False) -> Path:
    """The repair applied and saved as ``lkjip-xl recalc`` does before it recalculates."""
    book = PackageBook(path, values="cached")
    try:
        apply_repair(book, plan(path, restore))
        book.save_to(out, full_calc_on_load=True)
    finally:
        book.close()
    return out


def test_a_clean_workbook_needs_no_repair(ext):
    r = plan(ext.path)
    assert not r.has_edits and r.findings == []
    assert not plan(ext.path, restore=True).has_edits


def test_a_kegiatan_added_at_the_end_of_a_program(ext, tmp_path):
    """Inserted above the rata-rata row: the program's sums and the rata-rata do not reach it."""
    path = edit(ext, tmp_path / "tambah.xlsx", lambda wb: add_kegiatan_at_end(wb, "5001.01"))
    at = 23  # kegiatan 5001.500105.01.003's indicator was row 22; the rata-rata row now 25
    r = plan(path)
    edits = r.sheets[REKAP]
    assert edits.values == {f"{L.jenis}{at}": "kegiatan", f"{L.kunci}{at}": "5001.01/5001.500105.01.004",
                            f"{L.jenis}{at + 1}": "indikator_kegiatan",
                            f"{L.kunci}{at + 1}": "5001.01/5001.500105.01.004#1"}
    assert edits.formats == {at: 21, at + 1: 22}  # the nearest kegiatan and indicator rows above
    assert edits.formulas[f"{LAP.capaian_k}{at}"] == f'=IFERROR(AVERAGE({LAP.capaian_k}{at + 1}),"")'
    assert edits.formulas[f"{LAP.capaian_rp}{at}"].startswith(f"=IF(AND(ISNUMBER({LAP.pagu}{at}),")
    assert edits.formulas[f"{LAP.capaian_k}{at + 1}"].startswith(f"=IF(AND(ISNUMBER({LAP.target}{at + 1}),")
    assert edits.formulas[f"{LAP.pagu}16"] == f"=SUM({LAP.pagu}18:{LAP.pagu}{at + 1})"
    assert edits.formulas[f"{LAP.capaian_k}25"] == \
        f'=IFERROR(AVERAGEIF({L.jenis}18:{L.jenis}{at + 1},"kegiatan",{LAP.capaian_k}18:{LAP.capaian_k}{at + 1}),"")'
    # the kelompok and OPD rows took the rows in (inserted inside their ranges): nothing to correct
    assert not any(a1_row(c) > 25 for c in edits.formulas)
    assert notes(r, ROW_REPAIRED) == [
        (f"A{at}", f"Baris {at}: kegiatan baru 5001.500105.01.004, rumus capaian, rata-rata dan predikat ditambahkan."),
        (f"A{at + 1}", f"Baris {at + 1}: indikator kegiatan baru \"Terbayarnya jasa kebersihan\", rumus capaian dan "
                       "predikat ditambahkan.")]
    assert notes(r, RANGE_REPAIRED) == [
        (f"{DAS.pagu}16", f"Baris 16 (program 5001.01): rumus jumlah kini mencakup baris {at} dan {at + 1}."),
        (f"{DAS.capaian_k}25", f"Baris 25 (rata-rata program 5001.01): rumus rata-rata kini mencakup baris {at} dan "
                               f"{at + 1}.")]
    assert all(f.severity is Severity.INFO for f in r.findings)


def a1_row(cell: str) -> int:
    return int("".join(ch for ch in cell if ch.isdigit()))


def test_an_indicator_inserted_inside_a_kegiatan_needs_only_its_own_formulas(ext, tmp_path):
    def change(wb):
        excel_insert_rows(wb, REKAP, 20, 1)  # between the two indicators of 5001.500105.01.001
        set_cells(REKAP, {"C20": "Laporan bulanan", "D20": "dokumen", f"{LAP.target}20": 12,
                          f"{LAP.realisasi}20": 12})(wb)

    r = plan(edit(ext, tmp_path / "indikator.xlsx", change))
    edits = r.sheets[REKAP]
    assert {a1_row(c) for c in edits.formulas} == {20}
    assert edits.values == {f"{L.jenis}20": "indikator_kegiatan", f"{L.kunci}20": "5001.01/5001.500105.01.001#3"}
    assert notes(r, RANGE_REPAIRED) == []


def test_a_program_added_takes_the_empty_row_under_its_block_for_its_rata_rata(ext, tmp_path):
    def change(wb):
        excel_insert_rows(wb, REKAP, 24, 4)  # after 5001.01's rata-rata row, inside NON URUSAN
        set_cells(REKAP, {"A24": "5001.02", "B24": "Program Baru", "A25": "5001.500105.02.001", "B25": "Kegiatan Baru",
                          f"{LAP.pagu}25": 1000000, f"{LAP.realisasi_rp}25": 900000, "C26": "Dokumen", "D26": "dok",
                          f"{LAP.target}26": 2, f"{LAP.realisasi}26": 1})(wb)

    path = edit(ext, tmp_path / "program.xlsx", change)
    r = plan(path)
    edits = r.sheets[REKAP]
    assert edits.values[f"{L.jenis}24"] == "program" and edits.values[f"{L.kunci}24"] == "5001.02"
    assert edits.values[f"{L.jenis}27"] == "rata_rata_program" and edits.values[f"{L.kunci}27"] == "5001.02"
    assert edits.values[f"{L.uraian}27"] == REKAP_LABELS[K.RATA_RATA_PROGRAM]
    assert edits.formats[27] == 23
    # the kelompok's rata-rata and jumlah (their ranges ended at row 23) now reach row 27
    assert edits.formulas[f"{LAP.capaian_k}28"] == \
        f'=IFERROR(AVERAGEIF({L.jenis}9:{L.jenis}27,"rata_rata_program",{LAP.capaian_k}9:{LAP.capaian_k}27),"")'
    assert edits.formulas[f"{LAP.pagu}29"] == f'=SUMIF({L.jenis}9:{L.jenis}27,"program",{LAP.pagu}9:{LAP.pagu}27)'
    assert ("A27", "Baris 27: baris rata-rata program 5001.02, rumus rata-rata dan predikat ditambahkan.") \
        in notes(r, ROW_REPAIRED)
    # the Ringkasan's table of programs gets the program its rows now show
    assert any(f.sheet == "Ringkasan" for f in r.findings)
    out = repaired(path, tmp_path / "program_diperbaiki.xlsx")
    assert not plan(out).has_edits  # done once, nothing left
    findings = check_file(out).findings
    assert [f for f in findings if f.severity is Severity.ERROR] == []


def test_a_program_added_without_an_empty_row_is_told_what_to_do(ext, tmp_path):
    def change(wb):
        excel_insert_rows(wb, REKAP, 24, 1)
        set_cells(REKAP, {"A24": "5001.02", "B24": "Program Baru"})(wb)

    r = plan(edit(ext, tmp_path / "program.xlsx", change))
    incomplete = {f.cell: f for f in r.findings if f.rule == ROW_INCOMPLETE}
    assert incomplete["A24"].message == (
        "Program 5001.02 (baris 24) belum memiliki baris \"Rata-rata capaian kinerja kegiatan\": sisipkan satu baris "
        "kosong di bawah baris terakhir bloknya (baris 24), lalu Hitung Ulang.")
    # the Ringkasan's table of programs (three rows) shows the first three programs: a row to insert there too
    (table,) = [f for f in incomplete.values() if f.sheet == "Ringkasan"]
    assert "memuat 3 baris untuk 4 program" in table.message
    assert {f.severity for f in incomplete.values()} == {Severity.WARNING}


def test_a_copied_kegiatan_gets_its_own_kunci(ext, tmp_path):
    def change(wb):
        excel_insert_rows(wb, REKAP, 23, 2)
        copy_rows(wb, REKAP, 21, 23, 2)  # kegiatan 5001.500105.01.003 and its indicator, pasted below
        set_cells(REKAP, {"A23": "5001.500105.01.009", "B23": "Kegiatan Salinan"})(wb)

    r = plan(edit(ext, tmp_path / "salin.xlsx", change))
    edits = r.sheets[REKAP]
    assert edits.values == {f"{L.kunci}23": "5001.01/5001.500105.01.009",
                            f"{L.kunci}24": "5001.01/5001.500105.01.009#1"}
    assert edits.formats == {}  # a copy has its formats
    assert ("A23" not in {c for c, _ in notes(r, ROW_REPAIRED)})  # its formulas came with it


def test_a_deleted_outcome_indicator_leaves_no_ref_error(ext, tmp_path):
    path = edit(ext, tmp_path / "hapus.xlsx", lambda wb: excel_delete_rows(wb, REKAP, 17, 1))
    assert "#REF!" in openpyxl.load_workbook(path)[REKAP][f"{LAP.capaian_k}16"].value
    r = plan(path)
    assert r.sheets[REKAP].formulas[f"{LAP.capaian_k}16"] == '=""'  # the program has no outcome indicator now
    assert any("rujukan ke baris yang dihapus (#REF!) diganti" in m for _, m in notes(r, RANGE_REPAIRED))


def test_a_typed_over_formula_is_restored_only_on_request(ext, tmp_path):
    path = edit(ext, tmp_path / "ketik.xlsx", set_cells(REKAP, {f"{LAP.capaian_k}19": 99.5, f"{LAP.capaian_rp}18": None}))
    assert not plan(path).has_edits
    r = plan(path, restore=True)
    assert set(r.sheets[REKAP].formulas) == {f"{LAP.capaian_k}19", f"{LAP.capaian_rp}18"}
    restored = {f.cell: f for f in r.findings if f.rule == FORMULA_RESTORED}
    assert restored[f"{LAP.capaian_k}19"].found == 99.5
    assert restored[f"{LAP.capaian_k}19"].message == (
        f"Rumus di sel {LAP.capaian_k}19 dipulihkan: nilai ketikan 99,50 (kolom Tertulis) diganti rumusnya "
        "(kolom Seharusnya).")
    assert restored[f"{LAP.capaian_rp}18"].found is None


def test_a_row_that_cannot_be_classified_is_left_alone(ext, tmp_path):
    def change(wb):
        excel_insert_rows(wb, REKAP, 21, 1)
        set_cells(REKAP, {"B21": "catatan: cek pagu", f"{LAP.pagu}21": 5})(wb)

    path = edit(ext, tmp_path / "catatan.xlsx", change)
    r = plan(path)
    assert all(a1_row(c) != 21 for e in r.sheets.values() for c in [*e.formulas, *e.values])
    assert 21 not in r.sheets[REKAP].formats
    found = [f for f in check_file(path).findings if f.rule == "baris-tak-dikenal"]
    assert [(f.cell, f.severity) for f in found] == [("A21", Severity.WARNING)]


def test_a_sasaran_indicator_typed_into_an_inserted_row_gets_its_capaian(ext, tmp_path):
    sheet, first = ext.table_row(__import__("lkjip_xl.layout", fromlist=["x"]).PENGUKURAN_TABLE, 1)

    def change(wb):
        excel_insert_rows(wb, sheet, first, 1)
        set_cells(sheet, {f"C{first}": "IKU-9", f"D{first}": "Indikator baru", f"G{first}": 10, f"I{first}": 8})(wb)

    r = plan(edit(ext, tmp_path / "sasaran.xlsx", change))
    assert set(r.sheets[sheet].formulas) == {f"J{first}", f"K{first}"}


def test_a_table_nobody_changed_is_not_read(ext, monkeypatch):
    """The quick pass over the raw cells (lkjip_xl.repair.gate) lets a recalculation of an untouched
    workbook skip reading its Rekap into the model."""
    import lkjip_xl.repair.lkjip as planner

    def fail(book):
        raise AssertionError("the Rekap was read")

    monkeypatch.setattr(planner, "read_book", fail)
    assert not plan(ext.path).has_edits
    with pytest.raises(AssertionError, match="was read"):
        plan(ext.path, restore=True)  # restoring looks at every computed cell


def test_a_deleted_program_block_leaves_the_ringkasan_table_in_order(ext, tmp_path):
    """Program 5001.04 deleted whole (rows 9-15): the kelompok's sums shrink with it (Excel did
    that), the Ringkasan's table of programs shows the two programs left, in order, and its third
    row, which pointed at the deleted program, is emptied."""
    from lkjip_xl import layout as lay

    path = edit(ext, tmp_path / "program_dihapus.xlsx", lambda wb: excel_delete_rows(wb, REKAP, 9, 7))
    sheet, first = ext.table_row(lay.RINGKASAN_PROGRAM_TABLE, 0)
    r = plan(path)
    formulas, values = r.sheets[sheet].formulas, r.sheets[sheet].values
    assert formulas[f"A{first}"] == "='Rekap Kegiatan'!A9" and formulas[f"A{first + 1}"] == "='Rekap Kegiatan'!A20"
    assert values == {f"{c}{first + 2}": None for c in "ABCDE"}
    assert any("tidak lagi menunjuk baris mana pun" in m for _, m in notes(r, RANGE_REPAIRED))
    out = repaired(path, tmp_path / "program_dihapus_diperbaiki.xlsx")
    assert [f for f in check_file(out).findings if f.severity is Severity.ERROR and f.sheet == sheet] == []
