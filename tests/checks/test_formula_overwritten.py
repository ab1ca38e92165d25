"""rumus-tertimpa: a computed cell whose formula was typed over (or deleted, or lost in a merge)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lkjip_xl import layout as lay
from lkjip_xl.layout import RekapKind as K
from tests.checks import ERROR, LAP, REKAP, check, describe, edit, excel_insert_rows, find, one, set_cells

RULE = "rumus-tertimpa"


@pytest.fixture(scope="module")
def planted(ext, workdir):
    keg = ext.row(K.KEGIATAN, "5001.500105.04.043")
    keg2 = ext.row(K.KEGIATAN, "5001.500105.04.044")
    program = ext.row(K.PROGRAM, "5001.01")
    peng_sheet, peng_row = ext.table_row(lay.PENGUKURAN_TABLE, 1)
    serapan = ext.cell("ANGGARAN_SERAPAN")

    def merge(wb):  # the kegiatan's capaian K merged down over its indicator's: that formula is lost
        wb[REKAP].merge_cells(f"{LAP.capaian_k}{keg2}:{LAP.capaian_k}{keg2 + 1}")

    path = edit(ext, workdir / "tertimpa.xlsx",
                set_cells(REKAP, {f"{LAP.capaian_rp}{keg}": 99.49,  # a capaian typed over its formula
                                  f"{LAP.pagu}{program}": 367076000}),  # the right total, typed
                set_cells(peng_sheet, {f"{lay.PENGUKURAN_TABLE.letter('predikat')}{peng_row}": None}),  # deleted
                set_cells(serapan[0], {serapan[1]: 97.35}),
                merge)
    return SimpleNamespace(findings=check(path), keg=keg, keg2=keg2, program=program, peng=(peng_sheet, peng_row),
                           serapan=serapan)


def test_a_number_typed_over_a_capaian_formula(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_rp}{planted.keg}", ERROR)
    assert "99,49" in f.message and "tertimpa" in f.message
    assert f.found == 99.49
    assert round(float(f.expected), 2) == 99.49  # the rules' value, for the Pemeriksaan sheet


def test_a_total_typed_over_is_an_error_even_when_the_number_is_right(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.pagu}{planted.program}", ERROR)
    assert "367.076.000" in f.message
    assert f"=SUM({LAP.pagu}{planted.program + 2}:{LAP.pagu}{planted.program + 6})" in f.message
    assert not find(planted.findings, "jumlah-tidak-sesuai", REKAP, f"{LAP.pagu}{planted.program}")


def test_a_deleted_formula_on_another_sheet(planted):
    sheet, row = planted.peng
    f = one(planted.findings, RULE, sheet, f"{lay.PENGUKURAN_TABLE.letter('predikat')}{row}", ERROR)
    assert "terhapus" in f.message
    one(planted.findings, RULE, *planted.serapan, ERROR)


def test_a_formula_lost_in_merged_cells(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_k}{planted.keg2 + 1}", ERROR)
    assert "terhapus" in f.message


def test_a_typed_value_that_rounds_the_right_one_gets_no_value_finding(planted):
    """99,49 typed over a capaian of 99,4902... and 97,35 over a serapan of 97,3502...: the formulas are
    lost (rumus-tertimpa), the numbers are right as shown. A wrong typed number also gets nilai-berbeda
    (test_value_differs)."""
    for sheet, cell in ((REKAP, f"{LAP.capaian_rp}{planted.keg}"), planted.serapan):
        assert not find(planted.findings, "nilai-berbeda", sheet, cell)


def test_no_other_cell_is_marked(planted):
    marked = {(f.sheet, f.cell) for f in find(planted.findings, RULE)}
    assert marked == {(REKAP, f"{LAP.capaian_rp}{planted.keg}"), (REKAP, f"{LAP.pagu}{planted.program}"),
                      (planted.peng[0], f"{lay.PENGUKURAN_TABLE.letter('predikat')}{planted.peng[1]}"),
                      planted.serapan, (REKAP, f"{LAP.capaian_k}{planted.keg2 + 1}")}


def test_clean_workbook_has_no_overwritten_formula(ext_findings):
    assert find(ext_findings, RULE) == []


@pytest.fixture(scope="module")
def blank_row_in_pengukuran(ext, workdir):
    """A blank row inserted inside the Pengukuran table (Excel widens the table's name over it)."""
    sheet, row = ext.table_row(lay.PENGUKURAN_TABLE, 1)
    path = edit(ext, workdir / "baris_kosong_pengukuran.xlsx", lambda wb: excel_insert_rows(wb, sheet, row, 1))
    return sheet, check(path)


def test_a_blank_row_inside_the_pengukuran_table_is_not_an_overwritten_formula(blank_row_in_pengukuran):
    sheet, findings = blank_row_in_pengukuran
    assert find(findings, sheet=sheet) == [], describe(find(findings, sheet=sheet))
