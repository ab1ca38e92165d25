"""rumus-berbeda: a formula that is not the layout's: a typed constant inside (``=20906000-R15``), a
reference one row off, a division where a multiplication was meant (docs/domain.md, mistake 3)."""

from __future__ import annotations

from types import SimpleNamespace

import openpyxl
import pytest

from lkjip_xl.layout import RekapKind as K
from tests.checks import ERROR, LAP, REKAP, check, edit, find, one, set_cells

RULE = "rumus-berbeda"


@pytest.fixture(scope="module")
def planted(ext, workdir):
    program = ext.row(K.PROGRAM, "5001.04")
    keg = ext.row(K.KEGIATAN, "5001.500105.04.044")
    ind = ext.row(K.INDIKATOR_KEGIATAN, "5001.500105.01.001#1")
    original = openpyxl.load_workbook(ext.path)[REKAP][f"{LAP.capaian_k}{ind}"].value
    M, O = LAP.pagu, LAP.realisasi_rp
    changes = {
        # a typed constant inside a total
        f"{M}{program}": f"=SUM({M}{program + 2}:{M}{program + 5})-20906000",
        # the realisasi of the row below: one row off
        f"{LAP.capaian_rp}{keg}": f'=IF(AND(ISNUMBER({M}{keg}),ISNUMBER({O}{keg + 1})),IF({M}{keg}>0,'
                                  f'{O}{keg + 1}/{M}{keg}*100,""),"")',
        # divided by 100 instead of multiplied
        f"{LAP.capaian_k}{ind}": original.replace("*100", "/100"),
    }
    path = edit(ext, workdir / "berbeda.xlsx", set_cells(REKAP, changes))
    return SimpleNamespace(findings=check(path), program=program, keg=keg, ind=ind, original=original)


def test_a_typed_constant_inside_a_formula(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.pagu}{planted.program}", ERROR)
    assert "20906000" in f.message and "angka ketikan" in f.message
    assert f.expected == f"=SUM({LAP.pagu}{planted.program + 2}:{LAP.pagu}{planted.program + 5})"
    # not taken for a wrong range
    assert not find(planted.findings, "rentang-salah", REKAP, f"{LAP.pagu}{planted.program}")


def test_a_reference_one_row_off(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_rp}{planted.keg}", ERROR)
    assert f"tidak merujuk {LAP.realisasi_rp}{planted.keg}" in f.message
    assert f"merujuk {LAP.realisasi_rp}{planted.keg + 1}" in f.message


def test_a_division_where_a_multiplication_was_meant(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_k}{planted.ind}", ERROR)
    assert f.expected == planted.original


def test_the_general_value_finding_gives_way(planted):
    for cell in (f"{LAP.pagu}{planted.program}", f"{LAP.capaian_rp}{planted.keg}", f"{LAP.capaian_k}{planted.ind}"):
        assert not find(planted.findings, "nilai-berbeda", REKAP, cell)


def test_clean_workbook_has_no_differing_formula(ext_findings):
    assert find(ext_findings, RULE) == []
