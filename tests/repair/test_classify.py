"""The kind of a row without Jenis, from what was typed (the readers' and the repair's one rule)."""

from __future__ import annotations

import pytest

from lkjip_xl.layout import RekapKind as K
from lkjip_xl.renja.layout import RowKind as R
from lkjip_xl.repair.classify import (Depths, RekapOpen, RenjaOpen, Typed, is_child_kode, kode_depth, rekap_kind,
                                      renja_kind)


def walantaka_depths() -> Depths:
    d = Depths()
    d.add("program", "5001.04")
    d.add("kegiatan", "5001.500105.04.043")
    return d


def test_kode_depth_and_children():
    assert kode_depth("5001.04") == 2
    assert kode_depth("5001.500105.04.043") == 4
    assert kode_depth(" 1.01.01. ") == 3
    assert kode_depth(None) == 0
    assert is_child_kode("1.01.01.2.01", "1.01.01")
    assert is_child_kode("5001.500105.04.043", "5001.04")  # the LKjIP way: second-to-last part
    assert not is_child_kode("5001.500105.05.001", "5001.04")
    assert not is_child_kode("5001.05", "5001.04")
    assert not is_child_kode("1.01.01", "")


@pytest.mark.parametrize("typed, where, kind", [
    # a kegiatan kode under the open program, or as deep as the workbook's kegiatan
    (Typed(kode="5001.500105.04.099"), RekapOpen(True, "5001.04", "5001.500105.04.043"), K.KEGIATAN),
    (Typed(kode="5001.500105.07.001"), RekapOpen(True, "5001.04", None), K.KEGIATAN),
    # a program kode (as deep as the workbook's programs), after a program's block or inside it
    (Typed(kode="5001.07", nama="Program Baru"), RekapOpen(True, None, None), K.PROGRAM),
    (Typed(kode="5001.07"), RekapOpen(True, "5001.04", None), K.PROGRAM),
    # no kode, an indicator text: an indicator of the kegiatan above, else of the program
    (Typed(indikator="Jumlah dokumen"), RekapOpen(True, "5001.04", "5001.500105.04.043"), K.INDIKATOR_KEGIATAN),
    (Typed(indikator="Indeks kepuasan"), RekapOpen(True, "5001.04", None), K.INDIKATOR_PROGRAM),
    # what cannot be told
    (Typed(nama="catatan: cek ulang pagu"), RekapOpen(True, "5001.04", None), None),
    (Typed(indikator="Jumlah dokumen"), RekapOpen(True, None, None), None),  # after the rata-rata row
    (Typed(kode="5001.500105.04.099"), RekapOpen(False, None, None), None),  # below the kelompok rows
])
def test_rekap_kind(typed, where, kind):
    assert rekap_kind(typed, where, walantaka_depths()) is kind


def test_rekap_kind_of_a_blank_workbook_goes_by_the_program_above():
    """No row has a kode yet: a kode deeper than the program above is a kegiatan, one as deep a program."""
    blank = Depths()
    assert rekap_kind(Typed(kode="1.02"), RekapOpen(True, None, None), blank) is K.PROGRAM
    assert rekap_kind(Typed(kode="1.02.2.01"), RekapOpen(True, "1.02", None), blank) is K.KEGIATAN
    assert rekap_kind(Typed(kode="1.03"), RekapOpen(True, "1.02", "1.02.2.01"), blank) is K.PROGRAM


@pytest.mark.parametrize("typed, where, kind", [
    (Typed(kode="1.01.01.03"), RenjaOpen("1.01.01", "1.01.01.02", None), R.KEGIATAN),
    (Typed(kode="1.01.01.02.05"), RenjaOpen("1.01.01", "1.01.01.02", "1.01.01.02.01"), R.SUB_KEGIATAN),
    (Typed(kode="1.01.02"), RenjaOpen("1.01.01", "1.01.01.02", None), R.PROGRAM),
    (Typed(kode="1.01.03"), RenjaOpen(None, None, None), R.PROGRAM),
    (Typed(indikator="Dokumen"), RenjaOpen("1.01.01", "1.01.01.02", "1.01.01.02.01"), R.INDIKATOR_SUB_KEGIATAN),
    (Typed(indikator="Dokumen"), RenjaOpen("1.01.01", "1.01.01.02", None), R.INDIKATOR_KEGIATAN),
    (Typed(indikator="Cakupan"), RenjaOpen("1.01.01", None, None), R.INDIKATOR_PROGRAM),
    (Typed(nama="Kegiatan tanpa kode"), RenjaOpen("1.01.01", None, None), None),
    (Typed(indikator="Dokumen"), RenjaOpen(None, None, None), None),
])
def test_renja_kind(typed, where, kind):
    d = Depths()
    for k, kode in (("program", "1.01.01"), ("kegiatan", "1.01.01.02"), ("sub_kegiatan", "1.01.01.02.01")):
        d.add(k, kode)
    assert renja_kind(typed, where, d) is kind
