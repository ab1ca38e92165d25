"""realisasi-melebihi-pagu: realisasi Rp above its pagu (docs/domain.md, mistake 5; the seed's 2019 rows of
5001.13 and 15.045 spend up to 124 % of their pagu)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lkjip_xl.layout import RekapKind as K
from tests.checks import DAS, ERROR, LAP, REKAP, check, edit, find, one, set_cells

RULE = "realisasi-melebihi-pagu"


@pytest.fixture(scope="module")
def planted(ext, workdir):
    k01 = ext.row(K.KEGIATAN, "5001.500105.01.001")
    k44 = ext.row(K.KEGIATAN, "5001.500105.04.044")
    k11 = ext.row(K.KEGIATAN, "5001.500105.11.001")
    anggaran, realisasi = ext.cell("ANGGARAN_REALISASI")
    path = edit(ext, workdir / "melebihi.xlsx",
                set_cells(REKAP, {f"{LAP.pagu}{k01}": 2800000000, f"{LAP.realisasi_rp}{k01}": 2827647140,
                                  f"{DAS.realisasi_rp}{k44}": 90000000,  # the base year: pagu 81.420.000
                                  f"{LAP.realisasi_rp}{k11}": 35000000}),  # exactly the pagu: fine
                set_cells(anggaran, {realisasi: 3000000000}))
    return SimpleNamespace(findings=check(path), k01=k01, k44=k44, k11=k11, anggaran=(anggaran, realisasi))


def test_realisasi_above_pagu_in_the_reported_year(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.realisasi_rp}{planted.k01}", ERROR)
    assert f.message == ("Realisasi Rp 2.827.647.140 melebihi pagu 2.800.000.000 "
                         "(kegiatan 5001.500105.01.001, tahun 2020).")
    assert (f.expected, f.found) == (2800000000, 2827647140)


def test_realisasi_above_pagu_in_the_base_year(planted):
    f = one(planted.findings, RULE, REKAP, f"{DAS.realisasi_rp}{planted.k44}", ERROR)
    assert "90.000.000" in f.message and "81.420.000" in f.message and "tahun 2019" in f.message


def test_realisasi_equal_to_pagu_is_fine(planted):
    assert not find(planted.findings, RULE, REKAP, f"{LAP.realisasi_rp}{planted.k11}")


def test_anggaran_realisasi_above_the_total(planted):
    f = one(planted.findings, RULE, *planted.anggaran, ERROR)
    assert "3.000.000.000" in f.message and "1.314.839.920" in f.message


def test_no_other_finding_of_this_rule(planted):
    assert len(find(planted.findings, RULE)) == 3


def test_clean_workbook_spends_within_pagu(ext_findings):
    assert find(ext_findings, RULE) == []
