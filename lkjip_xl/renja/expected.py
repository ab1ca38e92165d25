"""What every computed cell of the Renja table should show, from the report's inputs (through calc).

Rows come from the plan (a freshly written workbook) or from the reader (a workbook staff edited),
so the same function serves both; the Renja checks compare the workbook's values with it.
Values are Decimal for numbers, str for text (predikat), None for an empty cell ("" in Excel).
"""

from __future__ import annotations

from typing import Any, Iterator

from lkjip_xl.renja.calc import RenjaCalc, RpFigures
from lkjip_xl.renja.layout import INDIKATOR_KINDS, LAYOUT, RowKind
from lkjip_xl.renja.plan import RenjaRow
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands, predikat

K = RowKind


def _rp_cells(n: int, rp: RpFigures, summed: bool) -> Iterator[tuple[str, Any]]:
    L = LAYOUT
    if summed:
        for col, value in zip(L.rp_inputs(), rp.inputs()):
            yield f"{col}{n}", value
    yield f"{L.realisasi.rp}{n}", rp.realisasi
    yield f"{L.realisasi_renstra.rp}{n}", rp.renstra
    yield f"{L.capaian.rp}{n}", rp.serapan.nilai
    yield f"{L.capaian_renstra.rp}{n}", rp.serapan_renstra.nilai


def expected_cells(rows: list[RenjaRow], figures: RenjaCalc,
                   bands: Bands = PERMENDAGRI_86_2017) -> Iterator[tuple[str, Any]]:
    """(cell, value) of every computed cell of the rows whose model objects are known."""
    L = LAYOUT
    pct = L.percent_columns()
    for r in rows:
        n = r.row
        if r.kind in INDIKATOR_KINDS and r.indikator is not None and r.indikator in figures.indikator:
            f = figures.indikator[r.indikator]
            yield f"{L.realisasi.k}{n}", f.realisasi
            yield f"{L.capaian.k}{n}", f.capaian.nilai
            yield f"{L.realisasi_renstra.k}{n}", f.renstra
            yield f"{L.capaian_renstra.k}{n}", f.capaian_renstra.nilai
        elif r.kind in (K.PROGRAM, K.KEGIATAN, K.SUB_KEGIATAN):
            obj = {K.PROGRAM: r.program, K.KEGIATAN: r.kegiatan, K.SUB_KEGIATAN: r.sub}[r.kind]
            if obj is None or obj not in figures.unit:
                continue
            u = figures.unit[obj]
            summed = r.kind is K.PROGRAM or (r.kind is K.KEGIATAN and bool(r.kegiatan.sub_kegiatan))
            yield from _rp_cells(n, u.rp, summed)
            yield f"{L.capaian.k}{n}", u.capaian_k
            yield f"{L.capaian_renstra.k}{n}", u.capaian_renstra_k
        elif r.kind is K.RATA_RATA_PROGRAM and r.program is not None and r.program in figures.program_rata:
            for col, value in zip(pct, figures.program_rata[r.program].values()):
                yield f"{col}{n}", value
        elif r.kind is K.PREDIKAT_PROGRAM and r.program is not None and r.program in figures.program_rata:
            for col, value in zip(pct, figures.program_rata[r.program].values()):
                yield f"{col}{n}", predikat(value, bands)
        elif r.kind is K.JUMLAH_OPD and figures.opd_jumlah is not None:
            rp = figures.opd_jumlah
            for col, value in zip(L.rp_inputs(), rp.inputs()):
                yield f"{col}{n}", value
            yield f"{L.realisasi.rp}{n}", rp.realisasi
            yield f"{L.realisasi_renstra.rp}{n}", rp.renstra
            yield f"{L.capaian.rp}{n}", rp.serapan.nilai
            yield f"{L.capaian_renstra.rp}{n}", rp.serapan_renstra.nilai
        elif r.kind in (K.RATA_RATA_OPD, K.PREDIKAT_OPD) and figures.opd_rata is not None:
            for col, value in zip(pct, figures.opd_rata.values()):
                yield f"{col}{n}", value if r.kind is K.RATA_RATA_OPD else predikat(value, bands)
