"""isian-kurang: input missing so that a capaian cannot be computed, with the rules' reason: a target
cleared or typed 0, a realisasi or pagu missing, a denominator missing; a grade against a number.

An empty input is work still to do: a catatan, summarised per block (one finding with the count,
the cells and the range), a peringatan once the report is final. A lone empty cell of its block
keeps its own message."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lkjip_xl import layout as lay
from lkjip_xl.layout import RekapKind as K
from lkjip_xl.recalc import check_file
from tests.checks import DAS, ERROR, INFO, LAP, REKAP, WARNING, check, edit, find, one, set_cells

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
                           formula=formula, btl=btl, path=path)


def test_a_cleared_target_and_a_missing_pagu_of_one_year_are_one_catatan(planted):
    """The target of one indicator and the pagu of one kegiatan, both of 2020, still empty: one
    catatan that names both cells, with the range from the first to the last."""
    target, pagu = f"{LAP.target}{planted.rows['cleared']}", f"{LAP.pagu}{planted.rows['no_pagu']}"
    f = one(planted.findings, RULE, REKAP, f"{target}:{pagu}", INFO)
    assert f.message == (f"Tahun 2020 (Rekap Kegiatan): target 1 indikator ({target}) dan pagu 1 kegiatan ({pagu}) "
                         "belum diisi; capaian kinerja indikator dan serapan anggaran kegiatan itu belum dihitung.")
    assert f.found is None  # the count is in the message: Tertulis shows no number
    assert not find(planted.findings, RULE, REKAP, target) and not find(planted.findings, RULE, REKAP, pagu)


def test_a_target_of_zero(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.target}{planted.rows['zero']}", WARNING)
    assert "target 0" in f.message and f.found == "target 0"


def test_a_missing_realisasi(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.realisasi}{planted.rows['no_realisasi']}", INFO)
    assert "realisasi belum diisi" in f.message and "target 12" in f.message


def test_a_grade_against_a_number_is_an_error(planted):
    f = one(planted.findings, RULE, REKAP, f"{DAS.target}{planted.rows['grade']}", ERROR)
    assert f.found.startswith("skala nilai berbeda") and "tahun 2019" in f.message


def test_a_negative_target_is_an_error(planted):
    f = one(planted.findings, RULE, REKAP, f"{DAS.target}{planted.rows['negative']}", ERROR)
    assert f.found.startswith("target negatif") and "-12" in f.message


def test_a_cell_the_reader_reported_is_not_reported_again(planted):
    cell = f"{LAP.target}{planted.rows['text']}"
    assert not find(planted.findings, RULE, REKAP, cell)
    one(planted.findings, "bukan-angka", REKAP, cell, ERROR)


def test_the_other_tables(planted):
    one(planted.findings, RULE, planted.pk[0], f"{lay.PK_TABLE.letter('target')}{planted.pk[1]}", INFO)
    f = one(planted.findings, RULE, planted.peng[0], f"{lay.PENGUKURAN_TABLE.letter('realisasi')}{planted.peng[1]}",
            INFO)
    assert "IKU-3" in f.message
    f = one(planted.findings, RULE, planted.peng[0], f"{lay.FORMULA_TABLE.letter('nilai_penyebut')}{planted.formula}",
            INFO)
    assert "penyebut" in f.message and "pembilang 4" in f.message
    assert "BTL" in one(planted.findings, RULE, *planted.btl, INFO).message


def test_a_final_report_makes_the_empty_inputs_warnings(planted):
    """check --final (or Status laporan: final): what is still empty is no longer work in progress."""
    final = check_file(planted.path, final=True).findings
    empty = find(planted.findings, RULE, severity=INFO)
    assert len(empty) == 6
    for f in empty:
        assert one(final, RULE, f.sheet, f.cell, WARNING).message == f.message
    assert not find(final, RULE, severity=INFO)
    # the others keep their severity
    one(final, RULE, REKAP, f"{LAP.target}{planted.rows['zero']}", WARNING)
    one(final, RULE, REKAP, f"{DAS.target}{planted.rows['grade']}", ERROR)


def test_nothing_else_is_missing(planted):
    assert len(find(planted.findings, RULE)) == 9


def test_a_year_without_any_input_is_not_missing(ext_findings):
    """The clean workbook has kegiatan and indicators with no base-year data at all: not a finding."""
    assert find(ext_findings, RULE) == []
