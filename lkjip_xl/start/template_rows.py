"""The empty rows of a blank workbook, and how a row left unused is told from one that was filled.

A workbook started without a report file holds, in each table, a program block whose rows are
empty: a program, its outcome indicator, kegiatan with their indicators (and, in the Renja form, a
sub-kegiatan), with their formulas, formats and hidden Jenis. Staff type their structure into them
and copy them. A row of such a block that nobody typed into is *unused*: the readers read it as
an empty program / kegiatan / indicator (so every figure of the workbook still follows from the
model: an empty row adds 0 to a sum and nothing to an average), report nothing about it (an
empty kode is not an error there), and the export leaves it out.
"""

from __future__ import annotations

from lkjip_xl import model as m
from lkjip_xl.renja import model as rm

#: How many kegiatan, and indicators per kegiatan, the blank program block has.
KEGIATAN = 2
INDIKATOR = 2


# -- LKjIP ---------------------------------------------------------------------------------------------
def blank_indikator() -> m.Indikator:
    return m.Indikator(uraian="")


def blank_program() -> m.Program:
    """A program block to fill: an outcome indicator, :data:`KEGIATAN` kegiatan of
    :data:`INDIKATOR` indicators each; every kode and name empty."""
    return m.Program(kode="", nama="", indikator=[blank_indikator()],
                     kegiatan=[m.Kegiatan(kode="", nama="", indikator=[blank_indikator() for _ in range(INDIKATOR)])
                               for _ in range(KEGIATAN)])


def unused_indikator(ind: m.Indikator) -> bool:
    return not (ind.uraian or ind.satuan or ind.dasar or ind.laporan)


def unused_kegiatan(keg: m.Kegiatan) -> bool:
    return not (keg.kode or keg.nama or keg.dasar or keg.laporan) and all(unused_indikator(i) for i in keg.indikator)


def unused_program(prog: m.Program) -> bool:
    return (not (prog.kode or prog.nama) and all(unused_indikator(i) for i in prog.indikator)
            and all(unused_kegiatan(k) for k in prog.kegiatan))


def drop_unused(rekap: m.Rekap) -> None:
    """Leave out the rows nobody filled (the export's report holds what was typed)."""
    for kel in rekap.kelompok:
        kel.program = [p for p in kel.program if not unused_program(p)]
        for prog in kel.program:
            prog.indikator = [i for i in prog.indikator if not unused_indikator(i)]
            prog.kegiatan = [k for k in prog.kegiatan if not unused_kegiatan(k)]
            for keg in prog.kegiatan:
                keg.indikator = [i for i in keg.indikator if not unused_indikator(i)]
    rekap.kelompok = [k for k in rekap.kelompok if k.program]


# -- Renja ---------------------------------------------------------------------------------------------
def blank_renja_indikator() -> rm.Indikator:
    return rm.Indikator(uraian="")


def blank_renja_program() -> rm.Program:
    """A program block to fill: an outcome indicator, a kegiatan of :data:`INDIKATOR` indicators,
    and a kegiatan with a sub-kegiatan of one indicator; every kode and name empty."""
    plain = rm.Kegiatan(nama="", indikator=[blank_renja_indikator() for _ in range(INDIKATOR)])
    parent = rm.Kegiatan(nama="", indikator=[blank_renja_indikator()],
                         sub_kegiatan=[rm.SubKegiatan(nama="", indikator=[blank_renja_indikator()])])
    return rm.Program(nama="", indikator=[blank_renja_indikator()], kegiatan=[plain, parent])


def unused_renja_indikator(ind: rm.Indikator) -> bool:
    return not (ind.uraian or ind.satuan or ind.target_renstra is not None or ind.realisasi_renstra_lalu is not None
                or ind.target is not None or any(q is not None for q in ind.triwulan))


def _unused_anggaran(a: rm.Anggaran | None) -> bool:
    return a is None or (a.target_renstra is None and a.realisasi_renstra_lalu is None and a.pagu is None
                         and all(q is None for q in a.triwulan))


def _unused_unit(unit) -> bool:
    return (not (unit.kode or unit.nama or unit.penanggung_jawab or unit.keterangan)
            and all(unused_renja_indikator(i) for i in unit.indikator))


def unused_renja_unit(unit) -> bool:
    """A kegiatan or sub-kegiatan row nobody typed into (its own cells; its children apart)."""
    return _unused_unit(unit) and _unused_anggaran(getattr(unit, "anggaran", None))


def unused_renja_program(prog: rm.Program) -> bool:
    return _unused_unit(prog) and all(
        _unused_unit(k) and _unused_anggaran(k.anggaran)
        and all(_unused_unit(s) and _unused_anggaran(s.anggaran) for s in k.sub_kegiatan) for k in prog.kegiatan)


def drop_unused_renja(report: rm.RenjaReport) -> None:
    """Leave out the Renja rows nobody filled."""
    report.program = [p for p in report.program if not unused_renja_program(p)]
    for prog in report.program:
        prog.indikator = [i for i in prog.indikator if not unused_renja_indikator(i)]
        kept = []
        for keg in prog.kegiatan:
            keg.indikator = [i for i in keg.indikator if not unused_renja_indikator(i)]
            subs = []
            for sub in keg.sub_kegiatan:
                sub.indikator = [i for i in sub.indikator if not unused_renja_indikator(i)]
                if not (_unused_unit(sub) and _unused_anggaran(sub.anggaran)):
                    subs.append(sub)
            keg.sub_kegiatan = subs
            if not (_unused_unit(keg) and _unused_anggaran(keg.anggaran) and not keg.sub_kegiatan):
                kept.append(keg)
        prog.kegiatan = kept
