"""rentang-salah: a SUM or AVERAGE over the wrong rows (docs/domain.md, mistake 2): a SUM one row short, an
average that misses a kegiatan, an average that reaches into another program or kelompok."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lkjip_xl.layout import RekapKind as K
from tests.checks import ERROR, LAP, REKAP, L, check, edit, find, one, set_cells

RULE = "rentang-salah"


@pytest.fixture(scope="module")
def planted(ext, workdir):
    p01 = ext.row(K.PROGRAM, "5001.01")
    rr04 = ext.row(K.RATA_RATA_PROGRAM, "5001.04")
    keg043 = ext.row(K.KEGIATAN, "5001.500105.04.043")
    keg044 = ext.row(K.KEGIATAN, "5001.500105.04.044")
    p04 = ext.row(K.PROGRAM, "5001.04")
    p11 = ext.row(K.PROGRAM, "5001.11")
    jumlah = ext.row(K.JUMLAH_KELOMPOK, "NON URUSAN")
    kelompok = ext.row(K.KELOMPOK, "NON URUSAN")
    P, M, U = LAP.capaian_k, LAP.pagu, L.jenis
    changes = {
        # SUM one row short: misses the last indicator row of 5001.01 (the value happens to be right)
        f"{M}{p01}": f"=SUM({M}{p01 + 2}:{M}{p01 + 5})",
        # the program's rata-rata misses its second kegiatan
        f"{P}{rr04}": f'=IFERROR(AVERAGEIF({U}{keg043}:{U}{keg043 + 1},"kegiatan",{P}{keg043}:{P}{keg043 + 1}),"")',
        # the kelompok's program average leaves out its first program
        f"{P}{jumlah}": f'=IFERROR(AVERAGEIF({U}{kelompok + 2}:{U}{jumlah - 2},"program",{P}{kelompok + 2}:{P}{jumlah - 2}),"")',
        # the program's capaian averages rows down into the next program
        f"{P}{p04}": f'=IFERROR(AVERAGE({P}{p04 + 1}:{P}{p01 + 1}),"")',
        # a kegiatan's capaian averages the next kegiatan's row too
        f"{P}{keg043}": f'=IFERROR(AVERAGE({P}{keg043 + 1}:{P}{keg044}),"")',
    }
    path = edit(ext, workdir / "rentang.xlsx", set_cells(REKAP, changes))
    return SimpleNamespace(findings=check(path), p01=p01, p04=p04, rr04=rr04, keg043=keg043, keg044=keg044,
                           p11=p11, jumlah=jumlah)


def test_a_sum_one_row_short(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.pagu}{planted.p01}", ERROR)
    assert f"tidak mencakup baris {planted.p01 + 6}" in f.message
    assert f.expected == f"=SUM({LAP.pagu}{planted.p01 + 2}:{LAP.pagu}{planted.p01 + 6})"


def test_an_average_that_misses_a_kegiatan(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_k}{planted.rr04}", ERROR)
    assert f"tidak mencakup baris {planted.keg044} (kegiatan 5001.500105.04.044)" in f.message


def test_a_kelompok_average_that_misses_a_program(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_k}{planted.jumlah}", ERROR)
    assert f"tidak mencakup baris {planted.p04} (program 5001.04)" in f.message  # the kelompok's first


def test_an_average_that_reaches_into_the_next_program(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_k}{planted.p04}", ERROR)
    assert f"baris {planted.p01} (program 5001.01)" in f.message
    assert "yang berada di luar program 5001.04" in f.message


def test_a_kegiatan_average_that_takes_the_next_kegiatan(planted):
    f = one(planted.findings, RULE, REKAP, f"{LAP.capaian_k}{planted.keg043}", ERROR)
    assert f"mencakup baris {planted.keg044} (kegiatan 5001.500105.04.044)" in f.message


def test_nothing_else_is_a_formula_finding_at_these_cells(planted):
    for cell in (f"{LAP.pagu}{planted.p01}", f"{LAP.capaian_k}{planted.rr04}", f"{LAP.capaian_k}{planted.jumlah}"):
        assert [f.rule for f in find(planted.findings, sheet=REKAP, cell=cell)
                if f.rule in ("rumus-berbeda", "nilai-berbeda")] == []


def test_clean_workbook_has_no_wrong_range(ext_findings):
    assert find(ext_findings, RULE) == []
