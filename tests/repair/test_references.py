"""A formula that differs from the expected one only in the rows its references cover."""

from __future__ import annotations

from lkjip_xl.repair.decide import Action, decide
from lkjip_xl.repair.references import has_ref_error, moved_rows

AVG = '=IFERROR(AVERAGEIF(U14:U30,"kegiatan",P14:P30),"")'


def test_rows_a_range_misses():
    assert moved_rows(AVG, '=IFERROR(AVERAGEIF(U14:U29,"kegiatan",P14:P29),"")') == {30}
    assert moved_rows(AVG, '=IFERROR(AVERAGEIF($U$15:U30,"kegiatan",P15:P30),"")') == {14}
    assert moved_rows("='Rekap Kegiatan'!A13", "='Rekap Kegiatan'!$A$15") == {13, 15}
    assert moved_rows(AVG, AVG.replace("U14", "u14")) == set()


def test_anything_else_is_not_a_range_change():
    assert moved_rows("=SUM(G14:G20)", "=SUM(G14:G20)+1") is None  # a typed constant
    assert moved_rows("=SUM(G14:G20)", "=SUM(H14:H20)") is None  # another column
    assert moved_rows("=SUM(G14:G20)", "=AVERAGE(G14:G20)") is None  # another function
    assert moved_rows(AVG, AVG.replace('"kegiatan"', '"program"')) is None
    assert moved_rows("='Rekap Kegiatan'!A13", "=Ringkasan!A13") is None  # another sheet
    assert has_ref_error('=IFERROR(AVERAGE(#REF!),"")') and not has_ref_error(AVG)


def test_decide():
    new_row, other = dict(new_row=True, free={16}, restore=False), dict(new_row=False, free={16}, restore=False)
    assert decide("=A1", None, None, **new_row) is Action.NEW
    assert decide("=A1", "=B7", 3, **new_row) is Action.NEW  # a copied row's formula, shifted
    assert decide("=A1", None, 99.5, **new_row) is None  # typed by staff: theirs
    assert decide("=A1", None, 99.5, **{**new_row, "restore": True}) is Action.RESTORE
    assert decide("=SUM(G10:G16)", "=SUM(G10:G15)", 5, **other) is Action.RANGE
    assert decide("=SUM(G10:G17)", "=SUM(G10:G15)", 5, **other) is None  # row 17 was not added
    assert decide("=SUM(G10:G16)", "=SUM(#REF!)", "#REF!", **other) is Action.LOST_ROW
    assert decide("=SUM(G10:G16)", "=SUM(G10:G16)", 5, **other) is None
    assert decide("=SUM(G10:G16)", None, None, **other) is None  # deleted by staff: the checks say so
    assert decide("=SUM(G10:G16)", None, None, **{**other, "restore": True}) is Action.RESTORE
    assert decide("='Rekap'!A9", "='Rekap'!A12", "x", new_row=False, free=None, restore=False) is Action.RANGE
