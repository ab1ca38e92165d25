"""A tingkat capaian Renstra above 100 % that comes from a one-year figure typed as the Renstra
target: column 5 (target at the end of the Renstra period, five years) holding no more than column
7 (this year's pagu or target), so that realisasi up to this year (14) passes it.

Real forms do this often (the Renstra column copied from the year's DPA), and the 15 % column then
shows 150-500 % for a plan that is half done. A Renstra target below one year's is possible only
when the period is nearly over; the finding is a warning that says which two cells to compare.
Rp for every budget unit; K for indicators whose year is a sum (counts), where one year can be
compared with five.
"""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.checks.base import Check
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.display import two_places, percent
from lkjip_xl.renja.checks.context import RenjaContext
from lkjip_xl.renja.checks.labels import indikator_label, unit_label
from lkjip_xl.renja.layout import INDIKATOR_KINDS, LAYOUT, RowKind
from lkjip_xl.rules import RealisasiTahunan

NAME = "capaian-renstra-satu-tahun"


def applies(ctx: RenjaContext) -> bool:
    return bool(ctx.renja.rows)


def run(ctx: RenjaContext) -> Iterable[Finding]:
    L = LAYOUT
    for r in ctx.renja.rows:
        unit = r.sub if r.kind is RowKind.SUB_KEGIATAN else r.kegiatan if r.kind is RowKind.KEGIATAN else None
        if unit is not None and unit.anggaran is not None and unit in ctx.figures.unit:
            rp = ctx.figures.unit[unit].rp
            c = rp.serapan_renstra.nilai
            if c is not None and c > 100 and rp.pagu is not None and rp.target_renstra <= rp.pagu:
                yield Finding(Severity.WARNING, NAME, L.sheet, f"{L.target_renstra.rp}{r.row}",
                              f"Tingkat capaian Renstra Rp {percent(c)} % ({unit_label(r)}) karena target Renstra "
                              f"(kolom 5) Rp {two_places(rp.target_renstra)} tidak lebih besar dari pagu satu tahun "
                              f"(kolom 7) Rp {two_places(rp.pagu)}: kolom 5 tampaknya diisi pagu satu tahun, bukan target "
                              "akhir periode Renstra.", expected=None, found=rp.target_renstra)
        elif r.kind in INDIKATOR_KINDS and r.indikator is not None and r.indikator in ctx.figures.indikator:
            ind = r.indikator
            if ind.realisasi_tahunan is not RealisasiTahunan.JUMLAH:
                continue
            c = ctx.figures.indikator[ind].capaian_renstra.nilai
            if c is not None and c > 100 and ind.target is not None and 0 < ind.target_renstra <= ind.target:
                yield Finding(Severity.WARNING, NAME, L.sheet, f"{L.target_renstra.k}{r.row}",
                              f"Tingkat capaian Renstra K {percent(c)} % ({indikator_label(r)}) karena target Renstra "
                              f"(kolom 5) {two_places(ind.target_renstra)} tidak lebih besar dari target satu tahun "
                              f"(kolom 7) {two_places(ind.target)}: kolom 5 tampaknya diisi target satu tahun, bukan "
                              "target akhir periode Renstra.", found=ind.target_renstra)


CHECK = Check(NAME, "Capaian Renstra di atas 100 % karena target Renstra diisi angka satu tahun", run, applies)
