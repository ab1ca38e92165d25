"""tabel-tidak-sesuai: tables that disagree (docs/domain.md, mistake 6): a Pengukuran target other than the
Perjanjian Kinerja's (the seed's 48 vs 46), an SDM breakdown that does not add up to the staff total
(70 for 69), a numerator / denominator result other than the realisasi it feeds."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lkjip_xl import layout as lay
from lkjip_xl.layout import RekapKind as K
from tests.checks import (ERROR, LAP, REKAP, WARNING, check, edit, excel_delete_rows, excel_insert_rows, find,
                          one, set_cells)

RULE = "tabel-tidak-sesuai"
PG, PK, FT = lay.PENGUKURAN_TABLE, lay.PK_TABLE, lay.FORMULA_TABLE


def pk_edits(wb, sheet, first):
    """A PK indicator added (IKU-5, never measured) and IKU-2 deleted from the PK (still measured)."""
    excel_insert_rows(wb, sheet, first + 2, 1)
    set_cells(sheet, {f"{PK.letter('kode')}{first + 2}": "IKU-5", f"{PK.letter('uraian')}{first + 2}": "Indeks baru",
                      f"{PK.letter('metode')}{first + 2}": "positif", f"{PK.letter('target')}{first + 2}": 10})(wb)
    excel_delete_rows(wb, sheet, first + 1, 1)


@pytest.fixture(scope="module")
def planted(ext, workdir):
    sheet, first = ext.table_row(PG, 0)
    pk_sheet, pk_first = ext.table_row(PK, 0)
    _, formula = ext.table_row(FT, 0)
    du_sheet, eselon = ext.table_row(lay.SDM_TABLES["eselon"], 1)
    path = edit(ext, workdir / "tidak_sesuai.xlsx",
                set_cells(sheet, {
                    f"{PG.letter('target')}{first + 2}": 46,  # IKU-3: the PK says 48
                    f"{PG.letter('metode')}{first}": "negatif",  # IKU-1: the PK says positif
                    f"{FT.letter('nilai_pembilang')}{formula}": 2000,  # IKU-2: 2000 / 2145 is not its 100
                    f"{FT.letter('nilai_pembilang')}{formula + 1}": 3,  # 5001.11: 3 / 7 is not its 57,142
                }),
                set_cells(du_sheet, {f"{lay.SDM_TABLES['eselon'].letter('jumlah')}{eselon}": 3}),  # 11 for 10
                lambda wb: pk_edits(wb, pk_sheet, pk_first))
    return SimpleNamespace(findings=check(path), sheet=sheet, first=first, pk_sheet=pk_sheet, pk_first=pk_first,
                           du_sheet=du_sheet, outcome=ext.row(K.INDIKATOR_PROGRAM, "5001.11#1"),
                           eselon_total=ext.cell("SDM_ESELON_JUMLAH_JUMLAH"), pegawai=ext.cell("JUMLAH_PEGAWAI"),
                           other_totals=[ext.cell(f"SDM_{n}_JUMLAH_JUMLAH") for n in ("PENDIDIKAN", "PANGKAT")])


def test_a_pengukuran_target_other_than_the_perjanjian_kinerja(planted):
    f = one(planted.findings, RULE, planted.sheet, f"{PG.letter('target')}{planted.first + 2}", ERROR)
    assert "IKU-3" in f.message and "(46)" in f.message and "(48," in f.message
    assert f"'{planted.pk_sheet}'!{PK.letter('target')}{planted.pk_first + 2}" in f.message


def test_a_pengukuran_metode_other_than_the_perjanjian_kinerja(planted):
    f = one(planted.findings, RULE, planted.sheet, f"{PG.letter('metode')}{planted.first}", ERROR)
    assert "negatif" in f.message and "positif" in f.message


def test_an_sdm_breakdown_that_does_not_add_up(planted):
    f = one(planted.findings, RULE, *planted.eselon_total, ERROR)
    assert f.message == (f"Jumlah pegawai menurut eselon (11) tidak sama dengan jumlah pegawai 10 "
                         f"(sel '{planted.pegawai[0]}'!{planted.pegawai[1]}).")
    for other in planted.other_totals:  # the other breakdowns still add up
        assert not find(planted.findings, RULE, *other)


def test_a_formula_result_other_than_the_pengukuran_realisasi(planted):
    f = one(planted.findings, RULE, planted.sheet, f"{PG.letter('realisasi')}{planted.first + 1}", ERROR)
    assert "IKU-2" in f.message and "2.000 / 2.145" in f.message and "93,24 %" in f.message


def test_a_formula_result_other_than_the_program_outcome_realisasi(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.realisasi}{planted.outcome}", ERROR)
    assert "5001.11" in f.message and "57,142" in f.message and "42,86 %" in f.message


def test_indicators_in_one_table_only(planted):
    f = one(planted.findings, RULE, planted.pk_sheet, f"{PK.letter('kode')}{planted.pk_first + 1}", WARNING)
    assert "IKU-5" in f.message and "tidak diukur" in f.message
    f = one(planted.findings, RULE, planted.sheet, f"{PG.letter('kode')}{planted.first + 1}", WARNING)
    assert "IKU-2" in f.message and "tidak ada di Perjanjian Kinerja" in f.message


def test_only_these(planted):
    assert len(find(planted.findings, RULE)) == 7


def test_a_realisasi_truncated_from_its_formula_agrees(ext_findings):
    """The clean workbook's 5001.11 outcome realisasi is 57,142 for 4 / 7 = 57,1428...: no finding."""
    assert find(ext_findings, RULE) == []
