"""persentase-dijumlah: capaian percentages summed instead of averaged (the seed prints 377, 469 and
847 in a capaian column: sums of percentages)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

import pytest

from lkjip_xl import calc
from lkjip_xl.layout import RekapKind as K
from tests.checks import DAS, ERROR, LAP, REKAP, check, edit, find, one, set_cells

RULE = "persentase-dijumlah"


@pytest.fixture(scope="module")
def planted(ext, ext_report, workdir):
    jumlah = ext.row(K.JUMLAH_KELOMPOK, "NON URUSAN")
    p04, p01 = ext.row(K.PROGRAM, "5001.04"), ext.row(K.PROGRAM, "5001.01")
    # The base year's capaian Rp of the two programs, summed and rounded as the seed prints 377.
    figures = calc.compute_rekap(ext_report.rekap)
    programs = [p for _, p in ext_report.rekap.programs()][:2]
    summed = sum(figures.program[p]["dasar"].capaian_rp for p in programs)
    typed = int(summed.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    P = LAP.capaian_k
    path = edit(ext, workdir / "dijumlah.xlsx", set_cells(REKAP, {
        f"{P}{jumlah}": f"=SUM({P}{p04},{P}{p01})",  # a SUM where an AVERAGE belongs
        f"{DAS.capaian_rp}{jumlah}": typed,  # the sum, typed
    }))
    return SimpleNamespace(findings=check(path), jumlah=jumlah, typed=typed, p04=p04, p01=p01)


def test_a_sum_formula_in_a_capaian_column(planted):
    cell = f"{LAP.capaian_k}{planted.jumlah}"
    f = one(planted.findings, RULE, REKAP, cell, ERROR)
    assert f"=SUM({LAP.capaian_k}{planted.p04},{LAP.capaian_k}{planted.p01})" in f.message
    assert "dirata-rata" in f.message
    # explained once: not also as a different formula or a wrong range
    assert not find(planted.findings, "rumus-berbeda", REKAP, cell)
    assert not find(planted.findings, "rentang-salah", REKAP, cell)
    assert not find(planted.findings, "nilai-berbeda", REKAP, cell)


def test_a_typed_sum_of_percentages(planted):
    cell = f"{DAS.capaian_rp}{planted.jumlah}"
    f = one(planted.findings, RULE, REKAP, cell, ERROR)
    assert str(planted.typed) in f.message and "dijumlahkan" in f.message
    one(planted.findings, "rumus-tertimpa", REKAP, cell, ERROR)
    assert planted.typed > 150  # two percentages near 95: a sum, not a mean


def test_clean_workbook_sums_no_percentage(ext_findings):
    assert find(ext_findings, RULE) == []
