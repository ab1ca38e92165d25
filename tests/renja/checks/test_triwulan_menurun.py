"""triwulan-menurun: a `terakhir` indicator whose quarterly K goes down."""

from lkjip_xl.renja.layout import LAYOUT

from ..conftest import SAMPLE
from .conftest import at

L = LAYOUT


def test_planted(planted):
    text = SAMPLE.replace('triwulan: [40, "62,5", 80, 100]', 'triwulan: [40, "62,5", 30, 100]')
    (cell, msg), = at(planted(text=text), "triwulan-menurun").items()
    assert cell.startswith(L.triwulan[2].k)
    assert msg.startswith("Realisasi K triwulan III (30) lebih rendah dari triwulan II (62,50) pada indikator "
                          "\"Cakupan layanan administrasi perkantoran\"")


def test_lower_is_better_may_fall(planted):
    """The sample's waktu penyelesaian (negatif, terakhir) falls 6, 5, 4: that is the aim."""
    assert at(planted(), "triwulan-menurun") == {}
