"""Every computed figure of a Renja evaluation, from its inputs only, through the rules module.

This is what the workbook's formulas (:mod:`lkjip_xl.renja.plan`) must give; the checks compare a
workbook with these values and the tests compare both, cell by cell. The definitions are the
plan's (see there); in short: indicator 12 by its kind, 13 and 15 by its metode; budget unit Rp
from its quarters; parents sum their own children; means skip rows without a value; Rupiah are
summed exactly, percentages are averaged, never summed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from lkjip_xl.calc import IdMap
from lkjip_xl.renja import model as rm
from lkjip_xl.rules import (Capaian, RealisasiTahunan, average, capaian, realisasi_renstra, realisasi_tahun,
                            serapan, total)


@dataclass(frozen=True)
class KFigures:
    """An indicator's computed K: 12, 13, 14, 15."""

    realisasi: Decimal | None
    capaian: Capaian
    renstra: Decimal | None
    capaian_renstra: Capaian


@dataclass(frozen=True)
class RpFigures:
    """A row's Rp: the inputs (or their sums) 5, 6, 7, 8-11 and the computed 12, 13, 14, 15."""

    target_renstra: Decimal | None
    realisasi_renstra_lalu: Decimal | None
    pagu: Decimal | None
    triwulan: tuple[Decimal | None, ...]
    realisasi: Decimal | None
    renstra: Decimal | None
    serapan: Capaian
    serapan_renstra: Capaian

    def inputs(self) -> tuple[Decimal | None, ...]:
        return (self.target_renstra, self.realisasi_renstra_lalu, self.pagu, *self.triwulan)


@dataclass(frozen=True)
class UnitFigures:
    """A program, kegiatan or sub-kegiatan: its Rp and the mean of its capaian K."""

    rp: RpFigures
    capaian_k: Decimal | None
    capaian_renstra_k: Decimal | None


@dataclass(frozen=True)
class Means:
    """A rata-rata row: means of 13 K, 13 Rp, 15 K, 15 Rp."""

    capaian_k: Decimal | None
    capaian_rp: Decimal | None
    renstra_k: Decimal | None
    renstra_rp: Decimal | None

    def values(self) -> tuple[Decimal | None, ...]:
        return (self.capaian_k, self.capaian_rp, self.renstra_k, self.renstra_rp)


@dataclass
class RenjaCalc:
    indikator: IdMap[rm.Indikator, KFigures] = field(default_factory=IdMap)
    unit: IdMap[object, UnitFigures] = field(default_factory=IdMap)
    program_rata: IdMap[rm.Program, Means] = field(default_factory=IdMap)
    opd_jumlah: RpFigures | None = None
    opd_rata: Means | None = None


def indikator_figures(ind: rm.Indikator) -> KFigures:
    year = realisasi_tahun(ind.quarters(), ind.realisasi_tahunan)
    renstra = realisasi_renstra(ind.realisasi_renstra_lalu, year, ind.realisasi_tahunan)
    return KFigures(realisasi=year, capaian=capaian(ind.target, year, ind.metode), renstra=renstra,
                    capaian_renstra=capaian(ind.target_renstra, renstra, ind.metode))


def _rp(target_renstra, lalu, pagu, quarters, realisasi, renstra) -> RpFigures:
    return RpFigures(target_renstra, lalu, pagu, tuple(quarters), realisasi, renstra,
                     serapan(realisasi, pagu), serapan(renstra, target_renstra))


def leaf_rp(anggaran: rm.Anggaran | None) -> RpFigures:
    """Rp of a budget unit from its own inputs."""
    a = anggaran or rm.Anggaran()
    quarters = a.quarters()
    year = realisasi_tahun(quarters, RealisasiTahunan.JUMLAH)
    return _rp(a.target_renstra, a.realisasi_renstra_lalu, a.pagu, quarters, year,
               realisasi_renstra(a.realisasi_renstra_lalu, year, RealisasiTahunan.JUMLAH))


def sum_rp(parts: list[RpFigures]) -> RpFigures:
    """Rp of a parent: every column the exact sum of its children's (empty children count nothing)."""
    def col(get) -> Decimal:
        return total(get(p) for p in parts)

    quarters = [col(lambda p, i=i: p.triwulan[i]) for i in range(4)]
    return _rp(col(lambda p: p.target_renstra), col(lambda p: p.realisasi_renstra_lalu), col(lambda p: p.pagu),
               quarters, col(lambda p: p.realisasi), col(lambda p: p.renstra))


def _mean_k(own: list[KFigures], children: list[UnitFigures]) -> tuple[Decimal | None, Decimal | None]:
    """The unit's 13 K and 15 K: the mean of its own indicators; while none of them has a value,
    the mean of its children's (each column on its own, as the workbook's IFERROR does)."""
    k = average(f.capaian.nilai for f in own)
    kr = average(f.capaian_renstra.nilai for f in own)
    if k is None:
        k = average(c.capaian_k for c in children)
    if kr is None:
        kr = average(c.capaian_renstra_k for c in children)
    return k, kr


def means(units: Iterable[UnitFigures]) -> Means:
    units = list(units)
    return Means(average(u.capaian_k for u in units), average(u.rp.serapan.nilai for u in units),
                 average(u.capaian_renstra_k for u in units), average(u.rp.serapan_renstra.nilai for u in units))


def compute(report: rm.RenjaReport) -> RenjaCalc:
    out = RenjaCalc()

    def own(items: list[rm.Indikator]) -> list[KFigures]:
        figures = []
        for ind in items:
            f = indikator_figures(ind)
            out.indikator[ind] = f
            figures.append(f)
        return figures

    programs: list[UnitFigures] = []
    program_means: list[Means] = []
    for program in report.program:
        prog_own = own(program.indikator)
        kegiatan_figures: list[UnitFigures] = []
        for kegiatan in program.kegiatan:
            keg_own = own(kegiatan.indikator)
            subs: list[UnitFigures] = []
            for sub in kegiatan.sub_kegiatan:
                k, kr = _mean_k(own(sub.indikator), [])
                fig = UnitFigures(leaf_rp(sub.anggaran), k, kr)
                out.unit[sub] = fig
                subs.append(fig)
            rp = sum_rp([s.rp for s in subs]) if kegiatan.sub_kegiatan else leaf_rp(kegiatan.anggaran)
            fig = UnitFigures(rp, *_mean_k(keg_own, subs))
            out.unit[kegiatan] = fig
            kegiatan_figures.append(fig)
        fig = UnitFigures(sum_rp([k.rp for k in kegiatan_figures]), *_mean_k(prog_own, kegiatan_figures))
        out.unit[program] = fig
        programs.append(fig)
        out.program_rata[program] = means(kegiatan_figures)
        program_means.append(out.program_rata[program])
    out.opd_jumlah = sum_rp([p.rp for p in programs])
    out.opd_rata = Means(*(average(m.values()[i] for m in program_means) for i in range(4)))
    return out
