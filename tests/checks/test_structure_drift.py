"""struktur-berubah: the Rekap's structure changed by hand (docs/domain.md, mistake 7).

Rows are inserted, deleted, copied and moved as Excel does it (see ``tests.checks``): formulas and
defined names follow the rows, references to deleted rows become ``#REF!``. Three workbooks: edits
that are fine (blank rows inserted inside a block, a kegiatan deleted), a kegiatan added at the end
of a program without its hidden columns, and one with every kind of drift at once (a kegiatan
copied, a kegiatan moved to another program, a program kode changed, a rata-rata row deleted, a
program row deleted).
"""

from __future__ import annotations

from types import SimpleNamespace

import openpyxl
import pytest

from lkjip_xl.layout import RekapKind as K
from tests.checks import (ERROR, FORMULA_RULES, INFO, LAP, REKAP, WARNING, L, add_kegiatan_at_end, build, check,
                          copy_rows, current_row, describe, edit, excel_delete_rows, excel_insert_rows,
                          extended_report, find, one)

RULE = "struktur-berubah"


# -- the helpers plant what Excel would leave ------------------------------------------------------------------
def test_a_row_deleted_as_excel_does_gives_the_workbook_of_the_smaller_report(ext, tmp_path):
    """Deleting a kegiatan's rows with ``excel_delete_rows`` leaves exactly the formulas and names that
    building the report without that kegiatan writes: the helper plants what a user ends up with."""
    row = ext.row(K.KEGIATAN, "5001.500105.01.003")
    deleted = openpyxl.load_workbook(edit(ext, tmp_path / "hapus.xlsx",
                                          lambda wb: excel_delete_rows(wb, REKAP, row, 2)))

    def drop(data):
        data["rekap"]["kelompok"][0]["program"][1]["kegiatan"].pop()

    rebuilt = openpyxl.load_workbook(build(extended_report(drop), tmp_path / "tanpa.xlsx").path)
    for ws in rebuilt.worksheets:
        for cells in ws.iter_rows():
            for c in cells:
                if isinstance(c.value, str) and c.value.startswith("="):
                    assert deleted[ws.title][c.coordinate].value == c.value, f"{ws.title}!{c.coordinate}"
    assert ({n: d.attr_text for n, d in deleted.defined_names.items()}
            == {n: d.attr_text for n, d in rebuilt.defined_names.items()})


# -- edits that change nothing ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fine(ext, workdir):
    inside = ext.row(K.KEGIATAN, "5001.500105.01.003")
    gone = ext.row(K.KEGIATAN, "5001.500105.04.043")

    def plant(wb):
        excel_insert_rows(wb, REKAP, inside, 2)  # blank rows inside program 5001.01
        excel_delete_rows(wb, REKAP, gone, 2)  # a kegiatan of 5001.04 and its indicator

    return check(edit(ext, workdir / "baik.xlsx", plant))


def test_blank_rows_inserted_and_a_kegiatan_deleted_inside_blocks_are_fine(fine, ext):
    # The only finding: the Rekap's programs no longer add up to the BL of the budget.
    sheet, cell = ext.cell("ANGGARAN_PAGU_REKAP")
    assert [(f.rule, f.sheet, f.cell, f.severity) for f in fine] == [
        ("jumlah-tidak-sesuai", sheet, cell, WARNING)], describe(fine)


# -- a kegiatan added at the end of a program -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def added(ext, workdir):
    rows = {}
    path = edit(ext, workdir / "tambah.xlsx", lambda wb: rows.setdefault("at", add_kegiatan_at_end(wb)))
    return SimpleNamespace(findings=check(path), at=rows["at"], program=ext.row(K.PROGRAM, "5001.01"))


def test_an_added_kegiatan_without_its_hidden_columns(added):
    at = added.at
    f = one(added.findings, RULE, REKAP, f"{L.jenis}{at}", WARNING)
    assert "kegiatan 5001.500105.01.004" in f.message and "AVERAGEIF" in f.message
    assert f'{L.jenis}{at} dengan "kegiatan"' in f.message
    assert f'{L.kunci}{at} dengan "5001.01/5001.500105.01.004"' in f.message
    f = one(added.findings, RULE, REKAP, f"{L.jenis}{at + 1}", WARNING)
    assert '"indikator_kegiatan"' in f.message and '"5001.01/5001.500105.01.004#1"' in f.message


def test_an_added_kegiatan_is_read_and_its_program_total_is_short(added):
    one(added.findings, "baris-ditambahkan", REKAP, f"{L.kode}{added.at}", INFO)
    one(added.findings, "baris-ditambahkan", REKAP, f"{L.indikator}{added.at + 1}", INFO)
    # the program's SUM ends above the inserted rows: Excel did not widen it
    cell = f"{LAP.pagu}{added.program}"
    one(added.findings, "rentang-salah", REKAP, cell, ERROR)
    assert "(377.076.000)" in one(added.findings, "jumlah-tidak-sesuai", REKAP, cell, ERROR).message


# -- drift of every kind at once -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def drift(ext, workdir):
    rows = {}

    def plant(wb):
        # 1. kegiatan 04.043 copied (with its indicator) into its own program: counted twice
        src = current_row(wb, K.KEGIATAN, "5001.500105.04.043")
        at = current_row(wb, K.KEGIATAN, "5001.500105.04.044")
        excel_insert_rows(wb, REKAP, at, 2)
        copy_rows(wb, REKAP, src, at, 2)
        # 2. kegiatan 04.044 moved (cut and pasted) into program 5001.01
        dest = current_row(wb, K.KEGIATAN, "5001.500105.01.003")
        excel_insert_rows(wb, REKAP, dest, 2)
        moved_from = current_row(wb, K.KEGIATAN, "5001.500105.04.044")
        copy_rows(wb, REKAP, moved_from, dest, 2)
        excel_delete_rows(wb, REKAP, moved_from, 2)
        # 3. program kode 5001.04 retyped as 5001.05
        wb[REKAP][f"{L.kode}{current_row(wb, K.PROGRAM, '5001.04')}"] = "5001.05"
        # 4. the second indicator of 01.001 moved (cut and pasted) below the indicator of 01.003
        below = current_row(wb, K.RATA_RATA_PROGRAM, "5001.01")
        excel_insert_rows(wb, REKAP, below, 1)
        ind_from = current_row(wb, K.INDIKATOR_KEGIATAN, "5001.500105.01.001#2")
        copy_rows(wb, REKAP, ind_from, below, 1)
        excel_delete_rows(wb, REKAP, ind_from, 1)
        # 5. the rata-rata row of 5001.01 deleted
        excel_delete_rows(wb, REKAP, current_row(wb, K.RATA_RATA_PROGRAM, "5001.01"), 1)
        # 6. the program row of 5001.11 deleted (its kegiatan stay)
        excel_delete_rows(wb, REKAP, current_row(wb, K.PROGRAM, "5001.11"), 1)
        # 7. the JUMLAH row of kelompok NON URUSAN and the OPD's last row deleted
        excel_delete_rows(wb, REKAP, current_row(wb, K.JUMLAH_KELOMPOK, "NON URUSAN"), 1)
        excel_delete_rows(wb, REKAP, current_row(wb, K.TOTAL_RATA_RATA_OPD, "OPD"), 1)
        rows.update(
            p04=current_row(wb, K.PROGRAM, "5001.04"), p01=current_row(wb, K.PROGRAM, "5001.01"),
            copy=current_row(wb, K.KEGIATAN, "5001.500105.04.043", 1),
            moved=current_row(wb, K.KEGIATAN, "5001.500105.04.044"),
            rr_non=current_row(wb, K.RATA_RATA_KELOMPOK, "NON URUSAN"),
            kel_non=current_row(wb, K.KELOMPOK, "NON URUSAN"),
            moved_ind=current_row(wb, K.INDIKATOR_KEGIATAN, "5001.500105.01.001#2"),
            last=max(c.row for c in wb[REKAP][L.jenis] if c.value),
            jumlah_kw=current_row(wb, K.JUMLAH_KELOMPOK, "URUSAN KEWILAYAHAN"),
            orphan=current_row(wb, K.KEGIATAN, "5001.500105.11.001"),
            rr_orphan=current_row(wb, K.RATA_RATA_PROGRAM, "5001.11"))

    path = edit(ext, workdir / "berubah.xlsx", plant)
    return SimpleNamespace(findings=check(path), path=path, **rows)


def test_a_copied_kegiatan_is_counted_twice(drift):
    f = one(drift.findings, RULE, REKAP, f"{L.kode}{drift.copy}", WARNING)
    assert "5001.500105.04.043 muncul dua kali di program 5001.05" in f.message
    assert f"baris {drift.copy - 2} dan {drift.copy}" in f.message


def test_a_kegiatan_moved_to_another_program(drift):
    f = one(drift.findings, RULE, REKAP, f"{L.kode}{drift.moved}", WARNING)
    assert "milik program 5001.04" in f.message and "di bawah program 5001.01" in f.message
    # its indicator moved with it: consistent with its kegiatan, not reported
    assert not find(drift.findings, RULE, REKAP, f"{L.indikator}{drift.moved + 1}")


def test_a_program_kode_retyped_is_a_note(drift):
    f = one(drift.findings, RULE, REKAP, f"{L.kode}{drift.p04}", INFO)
    assert "5001.05" in f.message and "5001.04" in f.message


def test_a_deleted_rata_rata_row(drift):
    f = one(drift.findings, RULE, REKAP, f"{L.kode}{drift.p01}", ERROR)
    assert "Program 5001.01 tidak memiliki baris" in f.message
    # the kelompok's average is an AVERAGEIF over its span: a deleted row leaves no #REF! behind
    # (its value then differs from the rules', which still count the program: a downstream warning)
    for col in (LAP.capaian_k, LAP.capaian_rp):
        assert not [f for f in find(drift.findings, sheet=REKAP, cell=f"{col}{drift.rr_non}")
                    if f.severity is ERROR or "#REF!" in f.message]


def test_an_indicator_moved_to_another_kegiatan(drift):
    f = one(drift.findings, RULE, REKAP, f"{L.indikator}{drift.moved_ind}", WARNING)
    assert "milik kegiatan 5001.500105.01.001" in f.message and "kegiatan 5001.500105.01.003" in f.message


def test_a_deleted_kelompok_total_and_opd_row(drift):
    f = one(drift.findings, RULE, REKAP, f"{L.uraian}{drift.kel_non}", ERROR)
    assert "Kelompok NON URUSAN" in f.message and "JUMLAH & RATA-RATA CAPAIAN KINERJA PROGRAM NON URUSAN" in f.message
    f = one(drift.findings, RULE, REKAP, f"{L.uraian}{drift.last}", ERROR)
    assert "TOTAL RATA-RATA KINERJA DAN ANGGARAN DARI SELURUH PROGRAM OPD" in f.message


def test_a_deleted_program_row(drift):
    # the kelompok's SUMIF/AVERAGEIF cover its span: the deleted row leaves no #REF! behind
    assert not find(drift.findings, "galat-rumus", REKAP, f"{LAP.pagu}{drift.jumlah_kw}")
    # its kegiatan now belong to no program: the reader says so at the row, and does not read it
    one(drift.findings, "struktur", REKAP, f"{L.kode}{drift.orphan}", ERROR)
    # and its rata-rata row is left without its program
    f = one(drift.findings, RULE, REKAP, f"{L.uraian}{drift.rr_orphan}", WARNING)
    assert "program 5001.11" in f.message


def test_only_the_planted_drift(drift):
    expected = {f"{L.kode}{drift.copy}", f"{L.kode}{drift.moved}", f"{L.kode}{drift.p04}", f"{L.kode}{drift.p01}",
                f"{L.indikator}{drift.moved_ind}", f"{L.uraian}{drift.kel_non}", f"{L.uraian}{drift.last}"}
    expected.add(f"{L.uraian}{drift.rr_orphan}")
    found = {f.cell for f in find(drift.findings, RULE) if f.sheet == REKAP}
    assert found == expected, describe(find(drift.findings, RULE))
    assert {f.sheet for f in find(drift.findings, RULE)} == {REKAP}


def test_clean_workbook_has_no_drift(ext_findings):
    assert find(ext_findings, RULE) == []
    assert [f for f in ext_findings if f.rule in FORMULA_RULES] == []
