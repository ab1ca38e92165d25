"""capaian-renstra-satu-tahun: column 5 holding one year's figure, so the Renstra capaian passes 100 %."""

from lkjip_xl.renja.layout import LAYOUT

from ..conftest import SAMPLE
from .conftest import at

L = LAYOUT


def test_rp_target_of_one_year(planted):
    text = SAMPLE.replace("anggaran: {target_renstra: 349.500.000,", "anggaran: {target_renstra: 69.900.000,")
    found = at(planted(text=text), "capaian-renstra-satu-tahun")
    (cell, msg), = found.items()
    assert cell.startswith(L.target_renstra.rp)
    assert msg.startswith("Tingkat capaian Renstra Rp 200,00 % (kegiatan 1.01.02.01")
    assert "kolom 5 tampaknya diisi pagu satu tahun" in msg


def test_k_target_of_one_year(planted):
    text = SAMPLE.replace("{uraian: Jumlah aparatur yang mengikuti diklat, satuan: orang, target_renstra: 25,",
                          "{uraian: Jumlah aparatur yang mengikuti diklat, satuan: orang, target_renstra: 5,")
    found = at(planted(text=text), "capaian-renstra-satu-tahun")
    assert any(m.startswith("Tingkat capaian Renstra K 200,00 %") for m in found.values())


def test_a_real_renstra_target_is_not_reported(planted):
    assert at(planted(), "capaian-renstra-satu-tahun") == {}
