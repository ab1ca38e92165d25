"""The legend row's arithmetic holds in the computed workbook: 12 = 8+9+10+11 (counts and Rupiah),
13 = 12/7 x 100, 14 = 6 + 12, 15 = 14/5 x 100, on every row where the form applies it."""

from __future__ import annotations

import pytest

from lkjip_xl.renja.layout import INDIKATOR_KINDS, LAYOUT, SHEET, RowKind
from lkjip_xl.renja.plan import plan_rows
from lkjip_xl.rules import Metode, RealisasiTahunan

L = LAYOUT


def _n(values, cell):
    v = values.get((SHEET, cell))
    return None if v in (None, "") else float(v)


def _legend(values, row, k_or_rp):
    col = (lambda p: p.k) if k_or_rp == "k" else (lambda p: p.rp)  # noqa: E731
    q = [_n(values, f"{col(p)}{row}") for p in L.triwulan]
    twelve = _n(values, f"{col(L.realisasi)}{row}")
    assert twelve == pytest.approx(sum(x for x in q if x is not None))  # 12 = 8+9+10+11
    six, seven, five = (_n(values, f"{col(p)}{row}") for p in (L.realisasi_renstra_lalu, L.target, L.target_renstra))
    assert _n(values, f"{col(L.realisasi_renstra)}{row}") == pytest.approx((six or 0) + twelve)  # 14 = 6 + 12
    if seven:
        assert _n(values, f"{col(L.capaian)}{row}") == pytest.approx(twelve / seven * 100)  # 13 = 12/7 x 100
    if five:
        fourteen = _n(values, f"{col(L.realisasi_renstra)}{row}")
        assert _n(values, f"{col(L.capaian_renstra)}{row}") == pytest.approx(fourteen / five * 100)  # 15


@pytest.fixture(scope="module")
def values(sample_xlsx, engine_values):
    """Every cell: the inputs as typed, the formulas as the engine computed them."""
    import openpyxl

    ws = openpyxl.load_workbook(sample_xlsx)[SHEET]
    out = {(SHEET, c.coordinate): c.value for row in ws.iter_rows() for c in row
           if c.value is not None and not (isinstance(c.value, str) and c.value.startswith("="))}
    out.update(engine_values)
    return out


def test_legend_on_count_indicators_and_every_rp_row(sample, values):
    engine_values = values
    checked = 0
    for r in plan_rows(sample):
        if r.kind in INDIKATOR_KINDS and r.cara is RealisasiTahunan.JUMLAH and r.metode is Metode.POSITIF:
            _legend(engine_values, r.row, "k")
            checked += 1
        elif r.kind in (RowKind.PROGRAM, RowKind.KEGIATAN, RowKind.SUB_KEGIATAN, RowKind.JUMLAH_OPD):
            _legend(engine_values, r.row, "rp")
            checked += 1
    assert checked >= 10


def test_a_level_indicator_does_not_follow_12_equals_the_sum(sample, engine_values):
    """The form's "12 = 8+9+10+11" is for counts: a percentage's year is its last quarter."""
    row = next(r.row for r in plan_rows(sample) if r.indikator and r.indikator.satuan == "persen")
    assert _n(engine_values, f"{L.realisasi.k}{row}") == 100 != 40 + 62.5 + 80 + 100
