"""Input missing for the quarters reported so far, and input typed before its time.

The triwulan berjalan (Identitas) says which quarters are reported: a form in triwulan II expects
quarters I and II, and gets no "belum diisi" for III and IV (the workbook shades them). For each
indicator: target (7) and the quarters up to the triwulan berjalan; for each budget unit: pagu (7)
and the quarters' realisasi Rp. A quarter after the triwulan berjalan that holds a value is a note:
either the triwulan berjalan was not raised, or the value was typed in the wrong column.
A target of 0 gives no capaian (division by zero), a warning as in the LKjIP checks.
"""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.checks.base import Check
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.display import two_places
from lkjip_xl.renja.checks.context import RenjaContext
from lkjip_xl.renja.checks.labels import indikator_label, unit_label
from lkjip_xl.renja.layout import INDIKATOR_KINDS, LAYOUT, RowKind
from lkjip_xl.rules import TRIWULAN
from lkjip_xl.start.template_rows import unused_renja_indikator, unused_renja_unit

NAME = "isian-kurang"


def applies(ctx: RenjaContext) -> bool:
    return bool(ctx.renja.rows)


def run(ctx: RenjaContext) -> Iterable[Finding]:
    reported = {(f.sheet, f.cell) for f in ctx.renja.findings}
    for f in _all(ctx):
        if (f.sheet, f.cell) not in reported:
            yield f


def _all(ctx: RenjaContext) -> Iterable[Finding]:
    L = LAYOUT
    berjalan = ctx.renja.report.identitas.triwulan
    label = f"triwulan berjalan {TRIWULAN[berjalan - 1]}"
    for r in ctx.renja.rows:
        if r.kind in INDIKATOR_KINDS and r.indikator is not None:
            if unused_renja_indikator(r.indikator):
                continue  # a row of a blank workbook nobody typed into
            ind, what = r.indikator, indikator_label(r)
            target, pairs = ind.target, [(q.k, q.header) for q in L.triwulan]
            values, target_col, name = ind.quarters(), L.target.k, "Target"
        elif r.kind in (RowKind.KEGIATAN, RowKind.SUB_KEGIATAN):
            unit = r.sub if r.kind is RowKind.SUB_KEGIATAN else r.kegiatan
            if unit is None or (r.kind is RowKind.KEGIATAN and unit.sub_kegiatan) or unused_renja_unit(unit):
                continue
            a = unit.anggaran
            what = unit_label(r)
            target, pairs = (a.pagu if a else None), [(q.rp, q.header) for q in L.triwulan]
            values, target_col, name = (a.quarters() if a else [None] * 4), L.target.rp, "Pagu"
        else:
            continue
        if target is None:
            yield Finding(Severity.WARNING, NAME, L.sheet, f"{target_col}{r.row}",
                          f"{name} tahun berjalan (kolom 7) {what} belum diisi; tingkat capaian tidak dihitung.")
        elif target == 0:
            yield Finding(Severity.WARNING, NAME, L.sheet, f"{target_col}{r.row}",
                          f"{name} tahun berjalan (kolom 7) {what} 0: tingkat capaian tidak dihitung (pembagian "
                          "dengan nol).", found=target)
        missing = [(col, header) for i, ((col, header), value) in enumerate(zip(pairs, values), 1)
                   if i <= berjalan and value is None]
        if missing:  # one finding per row: the quarters it lacks
            names = ", ".join(h for _, h in missing)
            yield Finding(Severity.WARNING, NAME, L.sheet, f"{missing[0][0]}{r.row}",
                          f"Realisasi triwulan {names} {what} belum diisi ({label}"
                          + (f"; sel {', '.join(f'{c}{r.row}' for c, _ in missing)}" if len(missing) > 1 else "")
                          + "). Isi 0 bila memang tidak ada realisasi.")
        for i, ((col, header), value) in enumerate(zip(pairs, values), 1):
            if i > berjalan and value is not None:
                yield Finding(Severity.INFO, NAME, L.sheet, f"{col}{r.row}",
                              f"Realisasi triwulan {header} {what} sudah diisi ({two_places(value)}) padahal {label}: "
                              "naikkan triwulan berjalan di sheet Identitas, atau periksa kolomnya.", found=value)


CHECK = Check(NAME, "Isian triwulan yang belum diisi (s/d triwulan berjalan) atau diisi sebelum waktunya", run,
              applies)
