"""The year's realisasi from its quarters, by the indicator's kind, and the cumulative Renstra figures."""

from decimal import Decimal as D

import pytest

from lkjip_xl.rules import RealisasiTahunan as RT
from lkjip_xl.rules import realisasi_renstra, realisasi_tahun, triwulan_terakhir


@pytest.mark.parametrize("quarters, cara, expected", [
    # counts add up: 12 = 8 + 9 + 10 + 11
    ([D(13), D(13), D(13), D(13)], RT.JUMLAH, D(52)),
    # a percentage: the last quarter reported, never the sum (25 % each quarter is 25 %, not 100 %)
    ([D(25), D(25), D(25), D(25)], RT.TERAKHIR, D(25)),
    ([D(40), D("62.5"), D(80), D(100)], RT.TERAKHIR, D(100)),
    # an average level over the quarters reported
    ([D(70), D(80), D(90), D(100)], RT.RATA_RATA, D(85)),
    # a form in progress: only triwulan I and II filled
    ([D(13), D(13), None, None], RT.JUMLAH, D(26)),
    ([D(40), D("62.5"), None, None], RT.TERAKHIR, D("62.5")),
    ([D(70), D(81), None, None], RT.RATA_RATA, D("75.5")),
    # a quarter left empty in between is skipped, not counted as 0
    ([D(5), None, D(7), None], RT.JUMLAH, D(12)),
    ([D(5), None, D(7), None], RT.RATA_RATA, D(6)),
    ([D(5), None, D(7), None], RT.TERAKHIR, D(7)),
    # a real zero is a value
    ([D(0), D(0), None, None], RT.TERAKHIR, D(0)),
    ([D(10), D(0), None, None], RT.RATA_RATA, D(5)),
])
def test_year_from_quarters(quarters, cara, expected):
    assert realisasi_tahun(quarters, cara) == expected


@pytest.mark.parametrize("cara", list(RT))
def test_no_quarter_gives_no_realisasi(cara):
    assert realisasi_tahun([None, None, None, None], cara) is None
    assert realisasi_tahun([], cara) is None


def test_rupiah_sum_exactly():
    assert realisasi_tahun([D("23437000.10"), D("0.20"), D("0.30"), D("0.40")]) == D("23437001.00")


def test_more_than_four_quarters_is_refused():
    with pytest.raises(ValueError, match="4 quarters"):
        realisasi_tahun([D(1)] * 5)


def test_last_quarter_number():
    assert triwulan_terakhir([D(1), D(2), None, None]) == 2
    assert triwulan_terakhir([None, None, None, D(0)]) == 4
    assert triwulan_terakhir([None] * 4) is None


@pytest.mark.parametrize("lalu, ini, cara, expected", [
    # 14 = 6 + 12 for counts
    (D("86.67"), D(52), RT.JUMLAH, D("138.67")),
    (None, D(52), RT.JUMLAH, D(52)),
    (D(20), None, RT.JUMLAH, D(20)),
    (None, None, RT.JUMLAH, None),
    # a level: the evaluated year's own value, or last year's while this year has none
    (D(60), D(75), RT.TERAKHIR, D(75)),
    (D(60), None, RT.TERAKHIR, D(60)),
    (D(60), D(75), RT.RATA_RATA, D(75)),
    (None, None, RT.RATA_RATA, None),
])
def test_renstra_up_to_this_year(lalu, ini, cara, expected):
    assert realisasi_renstra(lalu, ini, cara) == expected
