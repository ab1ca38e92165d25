"""The workbook's formulas give the rules' values, cell by cell, for every kind of indicator and row
(computed by the project's engine; LibreOffice in tests/renja/test_libreoffice.py)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from lkjip_xl.engine.default import default_engine
from tests.oracles import same
from lkjip_xl.renja.calc import compute
from tests.oracles import renja_expected_values as expected_values
from lkjip_xl.renja.layout import LAYOUT, SHEET, RowKind
from lkjip_xl.renja.plan import plan_rows

L = LAYOUT


def _row(report, text):
    """The plan row of the indicator or unit whose text is ``text``."""
    for r in plan_rows(report):
        obj = r.indikator or r.sub or r.kegiatan or r.program
        if obj is not None and (getattr(obj, "uraian", None) == text or getattr(obj, "nama", None) == text):
            if (r.indikator is not None) == hasattr(obj, "uraian"):
                return r.row
    raise KeyError(text)


def test_every_computed_cell_equals_the_rules(sample, engine_values):
    expected = expected_values(plan_rows(sample), compute(sample))
    assert len(expected) > 90
    wrong = [(c, v, engine_values.get((SHEET, c))) for c, v in expected.items()
             if not same(v, engine_values.get((SHEET, c)))]
    assert wrong == []


def test_each_indicator_kind_forms_its_year_from_the_quarters(sample, engine_values):
    v = lambda text, col: engine_values[(SHEET, f"{col}{_row(sample, text)}")]  # noqa: E731
    # jumlah: counts add up, 12 = 8+9+10+11
    assert v("Tersedianya alat tulis kantor", L.realisasi.k) == 52
    # terakhir: a percentage is the last quarter reported, never the sum (100, not 282,5)
    assert v("Cakupan layanan administrasi perkantoran", L.realisasi.k) == 100
    # rata-rata: the mean of the quarters
    assert v("Indeks kepuasan layanan", L.realisasi.k) == 85
    # negatif (lower is better) with terakhir: 4 days against a target of 5 -> (2x5-4)/5 = 120 %
    assert v("Waktu penyelesaian surat", L.realisasi.k) == 4
    assert v("Waktu penyelesaian surat", L.capaian.k) == pytest.approx(120)
    # negatif_rasio: target / realisasi -> 12 / 13
    assert v("Jumlah laporan jasa surat", L.capaian.k) == pytest.approx(12 / 13 * 100)
    # 14 = 6 + 12 for counts; the latest figure for a level
    assert v("Tersedianya alat tulis kantor", L.realisasi_renstra.k) == pytest.approx(138.67)
    assert v("Cakupan layanan administrasi perkantoran", L.realisasi_renstra.k) == 100
    assert v("Indeks kepuasan layanan", L.realisasi_renstra.k) == 85
    # target 0: no capaian (empty), never a division error
    assert v("Jumlah bulan layanan yang baru direncanakan", L.capaian.k) == ""


def test_year_formulas_follow_the_kind(sample_xlsx, sample):
    ws = openpyxl.load_workbook(sample_xlsx)[SHEET]
    terakhir = ws[f"{L.realisasi.k}{_row(sample, 'Cakupan layanan administrasi perkantoran')}"].value
    assert "SUM" not in terakhir and terakhir.startswith("=IF(ISNUMBER(R")
    assert ws[f"{L.realisasi.k}{_row(sample, 'Tersedianya alat tulis kantor')}"].value.startswith("=IF(COUNT(")
    assert "AVERAGE(" in ws[f"{L.realisasi.k}{_row(sample, 'Indeks kepuasan layanan')}"].value


def test_parents_sum_their_own_children_only(sample, engine_values):
    """Program and kegiatan-with-sub-kegiatan Rp are the exact sums of their budget units; the OPD
    row is the sum of the programs; an indicator row inside the block is never counted."""
    v = lambda cell: Decimal(str(engine_values[(SHEET, cell)]))  # noqa: E731
    keg = _row(sample, "Penyediaan Jasa Penunjang")
    prog = _row(sample, "Program Pelayanan Administrasi Perkantoran")
    assert v(f"{L.target.rp}{keg}") == Decimal("164357500")
    assert v(f"{L.realisasi.rp}{keg}") == Decimal("2300000") + Decimal("161957500")
    assert v(f"{L.target.rp}{prog}") == Decimal("93748000") + Decimal("164357500")
    opd = next(r.row for r in plan_rows(sample) if r.kind is RowKind.JUMLAH_OPD)
    assert v(f"{L.target.rp}{opd}") == Decimal("93748000") + Decimal("164357500") + Decimal("69900000")
    assert v(f"{L.triwulan[3].rp}{opd}") == Decimal("20000000") + Decimal("500000") + Decimal("41957500") \
        + Decimal("17000000")
    # its capaian Rp is the ratio of the sums, not a mean of ratios
    assert float(v(f"{L.capaian.rp}{opd}")) == pytest.approx(float(v(f"{L.realisasi.rp}{opd}") / v(f"{L.target.rp}{opd}") * 100))


def test_rata_rata_and_predikat_rows(sample, engine_values):
    figures = compute(sample)
    rows = plan_rows(sample)
    rata = next(r.row for r in rows if r.kind is RowKind.RATA_RATA_PROGRAM)
    pred = next(r.row for r in rows if r.kind is RowKind.PREDIKAT_PROGRAM)
    k = figures.program_rata[sample.program[0]].capaian_k
    assert engine_values[(SHEET, f"{L.capaian.k}{rata}")] == pytest.approx(float(k))
    assert engine_values[(SHEET, f"{L.capaian.k}{pred}")] in ("Tinggi", "Sangat Tinggi", "Sedang")
    opd = next(r.row for r in rows if r.kind is RowKind.PREDIKAT_OPD)
    assert engine_values[(SHEET, f"{L.capaian.rp}{opd}")] == "Sangat Tinggi"


def test_form_in_progress(in_progress, in_progress_xlsx):
    """Triwulan I and II filled: the year so far is formed from them, nothing from III and IV."""
    values = default_engine().evaluate(in_progress_xlsx)
    expected = expected_values(plan_rows(in_progress), compute(in_progress))
    wrong = [(c, v, values.get((SHEET, c))) for c, v in expected.items() if not same(v, values.get((SHEET, c)))]
    assert wrong == []
    v = lambda text, col: values[(SHEET, f"{col}{_row(in_progress, text)}")]  # noqa: E731
    assert v("Tersedianya alat tulis kantor", L.realisasi.k) == 26
    assert v("Cakupan layanan administrasi perkantoran", L.realisasi.k) == 62.5
    assert v("Indeks kepuasan layanan", L.realisasi.k) == 75.5
    assert v("Pelayanan Administrasi Perkantoran", L.realisasi.rp) == 46874000
    assert v("Pelayanan Administrasi Perkantoran", L.capaian.rp) == pytest.approx(46874000 / 93748000 * 100)
