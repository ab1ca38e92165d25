"""persentase-dijumlah-triwulan: an indicator in percent whose year is set to the sum of its quarters."""

from lkjip_xl.findings import Severity
from lkjip_xl.renja.layout import LAYOUT

from ..conftest import SAMPLE
from .conftest import at

L = LAYOUT


def test_planted(planted):
    text = SAMPLE.replace("realisasi_tahunan: terakhir\n        target_renstra: 100",
                          "realisasi_tahunan: jumlah\n        target_renstra: 100")
    findings = planted(text=text)
    (cell, msg), = at(findings, "persentase-dijumlah-triwulan").items()
    assert cell.startswith(L.realisasi_tahunan)
    assert "(40 + 62,50 + 80 + 100 = 282,50)" in msg and "pilih realisasi tahunan \"terakhir\"" in msg
    assert next(f for f in findings if f.cell == cell).severity is Severity.ERROR  # above 100 %


def test_counts_are_not_reported(planted):
    assert at(planted(), "persentase-dijumlah-triwulan") == {}
