"""The workbook the xlwings Lite tests run on: Walantaka 2020 with four faults planted, as staff make
them, and its fixed version for a second run.

1. a capaian typed over its formula (``P15 = 99,5``);
2. a program average over a wrong range (``P38`` averages rows 14-30 of 14-37);
3. percentages summed (``Q9 = SUM(Q14:Q37)``, the program's capaian Rp);
4. a kegiatan's realisasi Rp above its pagu (``O28 = 130.000.000``, pagu 117.280.000): an input
   cell, yellow, marked by the recalculation.
"""

from __future__ import annotations

import functools
from pathlib import Path

import openpyxl

from lkjip_xl.layout import REKAP_LAYOUT as L
from tests.excel.officejs import client_fixture
from tests.excel.test_xlwings_adapter import WORKDIR, evaluated, walantaka_clean

LAPORAN = L.years["laporan"]

#: cell -> what is typed there
FAULTS = {
    f"{LAPORAN.capaian_k}15": 99.5,
    f"{LAPORAN.capaian_k}38": '=IFERROR(AVERAGEIF(U14:U30,"kegiatan",P14:P30),"")',
    f"{LAPORAN.capaian_rp}9": "=SUM(Q14:Q37)",
    f"{LAPORAN.realisasi_rp}28": 130_000_000,
}
#: (rule, cell) of the finding each fault must give on the Rekap sheet
EXPECTED = {
    ("rumus-tertimpa", f"{LAPORAN.capaian_k}15"),
    ("rentang-salah", f"{LAPORAN.capaian_k}38"),
    ("persentase-dijumlah", f"{LAPORAN.capaian_rp}9"),
    ("realisasi-melebihi-pagu", f"{LAPORAN.realisasi_rp}28"),
}
#: the input cell marked by fault 4, fixed for the second run (its realisasi as printed)
FIXED_INPUT = (f"{LAPORAN.realisasi_rp}28", 117_280_000)


@functools.lru_cache(maxsize=None)
def lite_planted() -> Path:
    wb = openpyxl.load_workbook(walantaka_clean())
    ws = wb[L.sheet]
    for ref, value in FAULTS.items():
        ws[ref] = value
    path = WORKDIR / "walantaka_2020_lite.xlsx"
    wb.save(path)
    return path


def fixture_of(path: Path) -> dict:
    """The fake Office.js client's answers for a workbook (values computed by the project's engine)."""
    return client_fixture(path, evaluated(path))
