"""galat-rumus: a formula whose result is an Excel error (#DIV/0! for a target 0 divided by hand,
#REF! after a deleted row, #VALUE! for text in arithmetic)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lkjip_xl import layout as lay
from lkjip_xl.layout import RekapKind as K
from tests.checks import ERROR, LAP, REKAP, WARNING, L, check, edit, find, one, set_cells

RULE = "galat-rumus"


@pytest.fixture(scope="module")
def planted(ext, workdir):
    ind = ext.row(K.INDIKATOR_KEGIATAN, "5001.500105.01.003#1")
    keg = ext.row(K.KEGIATAN, "5001.500105.11.001")
    ring_sheet, ring = ext.table_row(lay.RINGKASAN_PROGRAM_TABLE, 1)
    capaian = lay.RINGKASAN_PROGRAM_TABLE.letter("capaian_k")
    path = edit(ext, workdir / "galat.xlsx",
                set_cells(REKAP, {
                    f"{LAP.target}{ind}": 0,  # target 0, and a hand-made formula without the guard
                    f"{LAP.capaian_k}{ind}": f"={LAP.realisasi}{ind}/{LAP.target}{ind}*100",
                    f"{LAP.capaian_rp}{keg}": f"={LAP.realisasi_rp}{keg}+{L.uraian}{keg}",  # text in a sum
                }),
                set_cells(ring_sheet, {f"{capaian}{ring}": f"='{REKAP}'!#REF!"}))
    return SimpleNamespace(findings=check(path), ind=ind, keg=keg, ring=(ring_sheet, f"{capaian}{ring}"))


def test_division_by_a_target_of_zero(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_k}{planted.ind}", ERROR)
    assert "#DIV/0!" in f.message and "pembagian dengan nol" in f.message
    # the target 0 itself is a missing-input warning at its own cell
    one(planted.findings, "isian-kurang", REKAP, f"{LAP.target}{planted.ind}", WARNING)


def test_a_reference_to_a_deleted_cell(planted):
    f = one(planted.findings, RULE, *planted.ring, ERROR)
    assert "#REF!" in f.message


def test_text_in_arithmetic(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_rp}{planted.keg}", ERROR)
    assert "#VALUE!" in f.message


def test_an_error_value_is_not_also_a_value_difference(planted):
    cells = ((REKAP, f"{LAP.capaian_k}{planted.ind}"), planted.ring, (REKAP, f"{LAP.capaian_rp}{planted.keg}"))
    for sheet, cell in cells:
        assert not find(planted.findings, "nilai-berbeda", sheet, cell)


def test_clean_workbook_has_no_error_value(ext_findings):
    assert find(ext_findings, RULE) == []
