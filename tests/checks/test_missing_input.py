"""isian-kurang: input missing so that a capaian cannot be computed, with the rules' reason: a target
cleared or typed 0, a realisasi or pagu missing, a denominator missing; a grade against a number."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lkjip_xl import layout as lay
from lkjip_xl.layout import RekapKind as K
from tests.checks import DAS, ERROR, LAP, REKAP, WARNING, check, edit, find, one, set_cells

RULE = "isian-kurang"


@pytest.fixture(scope="module")
def planted(ext, workdir):
    rows = {key: ext.row(kind, kunci) for key, (kind, kunci) in {
        "cleared": (K.INDIKATOR_KEGIATAN, "5001.500105.04.044#1"),
        "zero": (K.INDIKATOR_KEGIATAN, "5001.500105.01.001#1"),
        "negative": (K.INDIKATOR_KEGIATAN, "5001.500105.04.044#1"),
        "no_realisasi": (K.INDIKATOR_KEGIATAN, "5001.500105.01.001#2"),
        "grade": (K.INDIKATOR_PROGRAM, "5001.01#1"),
        "no_pagu": (K.KEGIATAN, "5001.500105.11.001"),
        "text": (K.INDIKATOR_KEGIATAN, "5001.500105.11.001#1"),
    }.items()}
    pk_sheet, pk = ext.table_row(lay.PK_TABLE, 1)
    peng_sheet, peng = ext.table_row(lay.PENGUKURAN_TABLE, 2)
    _, formula = ext.table_row(lay.FORMULA_TABLE, 1)
    btl = ext.cell("ANGGARAN_BTL")
    path = edit(ext, workdir / "kurang.xlsx",
                set_cells(REKAP, {
                    f"{LAP.target}{rows['cleared']}": None,  # a target cleared, the realisasi stays
                    f"{LAP.target}{rows['zero']}": 0,  # target 0
                    f"{DAS.target}{rows['negative']}": -12,  # a negative target: no capaian can be right
                    f"{LAP.realisasi}{rows['no_realisasi']}": None,  # realisasi not yet typed
                    f"{DAS.realisasi}{rows['grade']}": 3,  # a number against target "CC"
                    f"{LAP.pagu}{rows['no_pagu']}": None,  # realisasi Rp without its pagu
                    f"{LAP.target}{rows['text']}": "lima",  # not a number: the reader's finding
                }),
                set_cells(pk_sheet, {f"{lay.PK_TABLE.letter('target')}{pk}": None}),
                set_cells(peng_sheet, {f"{lay.PENGUKURAN_TABLE.letter('realisasi')}{peng}": None,
                                       f"{lay.FORMULA_TABLE.letter('nilai_penyebut')}{formula}": None}),
                set_cells(btl[0], {btl[1]: None}))
    return SimpleNamespace(findings=check(path), rows=rows, pk=(pk_sheet, pk), peng=(peng_sheet, peng),
                           formula=formula, btl=btl)


def test_a_cleared_target(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.target}{planted.rows['cleared']}", WARNING)
    assert "target belum diisi" in f.message and "realisasi 11" in f.message
    assert "kegiatan 5001.500105.04.044" in f.message and "tahun 2020" in f.message
    assert f.found == "target kosong"  # the rules' reason (Alasan.TARGET_KOSONG)


def test_a_target_of_zero(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.target}{planted.rows['zero']}", WARNING)
    assert "target 0" in f.message and f.found == "target 0"


def test_a_missing_realisasi(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.realisasi}{planted.rows['no_realisasi']}", WARNING)
    assert "realisasi belum diisi" in f.message and "target 12" in f.message


def test_a_grade_against_a_number_is_an_error(planted):
    f = one(planted.findings, RULE, REKAP, f"{DAS.target}{planted.rows['grade']}", ERROR)
    assert f.found.startswith("skala nilai berbeda") and "tahun 2019" in f.message


def test_a_negative_target_is_an_error(planted):
    f = one(planted.findings, RULE, REKAP, f"{DAS.target}{planted.rows['negative']}", ERROR)
    assert f.found.startswith("target negatif") and "-12" in f.message


def test_a_realisasi_rp_without_pagu(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.pagu}{planted.rows['no_pagu']}", WARNING)
    assert "pagu belum diisi" in f.message and "34.100.000" in f.message


def test_a_cell_the_reader_reported_is_not_reported_again(planted):
    cell = f"{LAP.target}{planted.rows['text']}"
    assert not find(planted.findings, RULE, REKAP, cell)
    one(planted.findings, "bukan-angka", REKAP, cell, ERROR)


def test_the_other_tables(planted):
    one(planted.findings, RULE, planted.pk[0], f"{lay.PK_TABLE.letter('target')}{planted.pk[1]}", WARNING)
    f = one(planted.findings, RULE, planted.peng[0], f"{lay.PENGUKURAN_TABLE.letter('realisasi')}{planted.peng[1]}",
            WARNING)
    assert "IKU-3" in f.message
    f = one(planted.findings, RULE, planted.peng[0], f"{lay.FORMULA_TABLE.letter('nilai_penyebut')}{planted.formula}",
            WARNING)
    assert "penyebut" in f.message and "pembilang 4" in f.message
    assert "BTL" in one(planted.findings, RULE, *planted.btl, WARNING).message


def test_nothing_else_is_missing(planted):
    assert len(find(planted.findings, RULE)) == 10


def test_a_year_without_any_input_is_not_missing(ext_findings):
    """The clean workbook has kegiatan and indicators with no base-year data at all: not a finding."""
    assert find(ext_findings, RULE) == []
