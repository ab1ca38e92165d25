"""jumlah-tidak-sesuai: a total that is not the sum of its parts: a program pagu typed over, a kegiatan
amount typed as text (Excel's SUM skips it), a kelompok total that double counts, the OPD total, the
Anggaran total against BTL + BL, and the Rekap's pagu against belanja langsung (a warning)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lkjip_xl.layout import RekapKind as K
from tests.checks import DAS, ERROR, LAP, REKAP, WARNING, check, edit, find, one, set_cells

RULE = "jumlah-tidak-sesuai"


@pytest.fixture(scope="module")
def planted(ext, workdir):
    p01 = ext.row(K.PROGRAM, "5001.01")
    p04 = ext.row(K.PROGRAM, "5001.04")
    k01 = ext.row(K.KEGIATAN, "5001.500105.01.001")
    k44 = ext.row(K.KEGIATAN, "5001.500105.04.044")
    jumlah = ext.row(K.JUMLAH_KELOMPOK, "NON URUSAN")
    opd = ext.row(K.JUMLAH_OPD, "OPD")
    anggaran, total = ext.cell("ANGGARAN_TOTAL")
    _, bl = ext.cell("ANGGARAN_BL")
    _, realisasi_btl = ext.cell("ANGGARAN_REALISASI_BTL")
    _, realisasi_bl = ext.cell("ANGGARAN_REALISASI_BL")
    O = LAP.realisasi_rp
    path = edit(ext, workdir / "jumlah.xlsx",
                set_cells(REKAP, {
                    f"{LAP.pagu}{p01}": 1051756000,  # typed over the SUM, and wrong
                    f"{LAP.pagu}{k44}": "202.989.861",  # a kegiatan pagu typed as text
                    f"{O}{jumlah}": f"=SUM({O}{p04},{O}{p01},{O}{k01})",  # a sub-total and one of its children
                    f"{DAS.pagu}{opd}": 999,  # the OPD's base-year pagu typed
                }),
                set_cells(anggaran, {total: 1000000000,  # BTL + BL is 1.314.839.920
                                     bl: 900000000,  # the Rekap's programs total 814.839.920
                                     realisasi_btl: 480000000, realisasi_bl: 790000000}))  # 1.270.000.000
    return SimpleNamespace(findings=check(path), p01=p01, p04=p04, k44=k44, jumlah=jumlah, opd=opd,
                           anggaran=anggaran, cells={n: ext.cell(n)[1] for n in (
                               "ANGGARAN_TOTAL", "ANGGARAN_REALISASI", "ANGGARAN_PAGU_REKAP", "ANGGARAN_REALISASI_BL")})


def test_a_program_pagu_typed_over_with_a_wrong_number(planted):
    cell = f"{LAP.pagu}{planted.p01}"
    f = one(planted.findings, RULE, REKAP, cell, ERROR)
    assert f.message.startswith("Pagu program 5001.01 tahun 2020 (tertulis 1.051.756.000) tidak sama dengan jumlah "
                                "pagu kegiatannya (367.076.000). Akibatnya 11 sel rumus lain ikut berbeda dari "
                                "perhitungan ulang (rumusnya benar): ")
    one(planted.findings, "rumus-tertimpa", REKAP, cell, ERROR)
    assert not find(planted.findings, "nilai-berbeda", REKAP, cell)


def test_a_program_total_short_of_a_kegiatan_typed_as_text(planted):
    cell = f"{LAP.pagu}{planted.p04}"
    f = one(planted.findings, RULE, REKAP, cell, ERROR)
    assert "(tertulis 209.774.059)" in f.message and "(412.763.920)" in f.message
    assert f"{LAP.pagu}{planted.k44}" in f.message and "teks" in f.message
    assert not find(planted.findings, "nilai-berbeda", REKAP, cell)


def test_a_kelompok_total_is_compared_with_its_programs_as_shown(planted):
    # the double-counting realisasi total is found ...
    f = one(planted.findings, RULE, REKAP, f"{LAP.realisasi_rp}{planted.jumlah}", ERROR)
    assert "kelompok NON URUSAN" in f.message and "program-programnya" in f.message
    # ... but the pagu total, right for the program rows it adds, is not blamed for their mistakes
    assert not find(planted.findings, RULE, REKAP, f"{LAP.pagu}{planted.jumlah}")


def test_the_opd_total(planted):
    f = one(planted.findings, RULE, REKAP, f"{DAS.pagu}{planted.opd}", ERROR)
    assert "OPD tahun 2019 (tertulis 999)" in f.message


def test_anggaran_total_is_btl_plus_bl(planted):
    f = one(planted.findings, RULE, planted.anggaran, planted.cells["ANGGARAN_TOTAL"], ERROR)
    assert "1.000.000.000" in f.message and "500.000.000 + 900.000.000 = 1.400.000.000" in f.message
    assert not find(planted.findings, "nilai-berbeda", planted.anggaran, planted.cells["ANGGARAN_TOTAL"])


def test_anggaran_realisasi_is_realisasi_btl_plus_bl(planted):
    f = one(planted.findings, RULE, planted.anggaran, planted.cells["ANGGARAN_REALISASI"], ERROR)
    assert "1.280.000.000" in f.message and "1.270.000.000" in f.message


def test_the_rekap_against_belanja_langsung_is_a_warning(planted):
    f = one(planted.findings, RULE, planted.anggaran, planted.cells["ANGGARAN_PAGU_REKAP"], WARNING)
    assert "814.839.920" in f.message and "900.000.000" in f.message and "selisih 85.160.080" in f.message
    f = one(planted.findings, RULE, planted.anggaran, planted.cells["ANGGARAN_REALISASI_BL"], WARNING)
    assert "790.000.000" in f.message


def test_clean_workbook_totals_add_up(ext_findings):
    assert find(ext_findings, RULE) == []
