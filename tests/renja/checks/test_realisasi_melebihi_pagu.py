"""realisasi-melebihi-pagu: a budget unit that spent more than its pagu."""

from lkjip_xl.renja.layout import LAYOUT

from ..conftest import SAMPLE
from .conftest import at

L = LAYOUT


def test_planted(planted):
    text = SAMPLE.replace("triwulan: [18.000.000, 17.900.000, 17.000.000, 17.000.000]",
                          "triwulan: [18.000.000, 17.900.000, 17.000.000, 27.000.000]")
    found = at(planted(text=text), "realisasi-melebihi-pagu")
    assert list(found.values()) == ["Realisasi Rp s/d triwulan IV 79.900.000 melebihi pagu 69.900.000 (kegiatan "
                                    "1.01.02.01 \"Pendidikan dan Pelatihan Formal\"; selisih 10.000.000)."]
    assert list(found)[0].startswith(L.realisasi.rp)


def test_not_reported_at_pagu(planted):
    assert at(planted(), "realisasi-melebihi-pagu") == {}
