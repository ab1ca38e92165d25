"""Totals that are not the sum of their parts (docs/domain.md, mistakes 1 and 2; Tabel 2.2: "program pagu =
sum of its kegiatan"; section 3.3: total anggaran = BTL + BL).

Each total is compared with the parts *as the workbook shows them*, one level at a time, so a wrong
figure is reported where it is wrong and not again at every total above it:

- a program's pagu and realisasi Rp with the sum of its kegiatan (the inputs as read, so a
  kegiatan amount typed as text, which Excel's SUM skips, is counted and named as the cause);
- a kelompok's JUMLAH row with the sum of its program rows; the OPD's with the sum of its kelompok;
- the Anggaran sheet's total with BTL + BL, and its realisasi with realisasi BTL + realisasi BL;
- the Rekap's total pagu (and realisasi) of the reported year with BL (and realisasi BL): a
  warning, since the Rekap may leave out a kegiatan that the budget holds.

These figures are formulas, so :mod:`value_differs` may see the same cell; ``run_checks`` keeps
this check's finding (it says which total and why) and drops the general one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from lkjip_xl import layout as lay
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.checks.realisasi_above_pagu import tahun
from lkjip_xl.display import as_typed
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import REKAP_LAYOUT, RekapKind
from lkjip_xl.rules.numbers import number_in_cell

NAME = "jumlah-tidak-sesuai"
#: Rupiah are whole numbers; anything closer than this is the same amount (float sums).
TOLERANCE = Decimal("0.005")

WHAT = {"pagu": "Pagu", "realisasi_rp": "Realisasi Rp"}


def differs(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) > TOLERANCE


def applies(ctx: CheckContext) -> bool:
    return bool(ctx.read.rekap_rows) or ctx.read.report.keuangan is not None


def run(ctx: CheckContext) -> Iterable[Finding]:
    yield from _rekap(ctx)
    yield from _anggaran(ctx)


def _rekap(ctx: CheckContext) -> Iterable[Finding]:
    L = REKAP_LAYOUT
    sheet = L.sheet
    s = ctx.rekap_structure()
    for year, y in L.years.items():
        when = tahun(ctx, year)
        for key, col in (("pagu", y.pagu), ("realisasi_rp", y.realisasi_rp)):
            what = WHAT[key]
            kelompok_cells = []
            for kel in s.kelompok:
                program_cells = []
                for prog in kel.programs:
                    cell = f"{col}{prog.row.row}"
                    program_cells.append(cell)
                    found = number_in_cell(ctx.value(sheet, cell))
                    if found is None or prog.row.program is None:
                        continue
                    parts = [getattr(keg.kegiatan.tahun(year), key, None) if keg.kegiatan else None
                             for keg, _ in prog.kegiatan]
                    expected = sum((p for p in parts if p is not None), Decimal(0))
                    if not differs(found, expected):
                        continue
                    text_cells = [f"{col}{keg.row}" for keg, _ in prog.kegiatan
                                  if isinstance(ctx.value(sheet, f"{col}{keg.row}"), str)
                                  and ctx.value(sheet, f"{col}{keg.row}").strip()]
                    cause = ""
                    if text_cells:
                        cause = (f" Isian di sel {', '.join(text_cells)} diketik sebagai teks sehingga tidak ikut "
                                 "dijumlah Excel.")
                    yield Finding(Severity.ERROR, NAME, sheet, cell,
                                  f"{what} program {prog.row.program.kode} tahun {when} (tertulis {as_typed(found)}) "
                                  f"tidak sama dengan jumlah {what.lower()} kegiatannya ({as_typed(expected)})."
                                  + cause, expected=expected, found=found)
                if kel.jumlah is not None:
                    cell = f"{col}{kel.jumlah.row}"
                    kelompok_cells.append(cell)
                    nama = kel.row.kelompok.nama if kel.row.kelompok else kel.row.kunci
                    yield from _sum_of(ctx, sheet, cell, program_cells,
                                       f"{what} kelompok {nama} tahun {when}", f"{what.lower()} program-programnya")
            jml = s.opd.get(RekapKind.JUMLAH_OPD)
            if jml is not None:
                yield from _sum_of(ctx, sheet, f"{col}{jml.row}", kelompok_cells,
                                   f"{what} seluruh program OPD tahun {when}", f"{what.lower()} kelompoknya")


def _sum_of(ctx: CheckContext, sheet: str, cell: str, parts: list[str], what: str, of: str) -> Iterable[Finding]:
    found = number_in_cell(ctx.value(sheet, cell))
    if found is None:
        return
    values = [number_in_cell(ctx.value(sheet, p)) for p in parts]
    expected = sum((v for v in values if v is not None), Decimal(0))
    if differs(found, expected):
        yield Finding(Severity.ERROR, NAME, sheet, cell,
                      f"{what} (tertulis {as_typed(found)}) tidak sama dengan jumlah {of} ({as_typed(expected)}; "
                      f"sel {', '.join(parts) or '-'}).", expected=expected, found=found)


def _anggaran(ctx: CheckContext) -> Iterable[Finding]:
    k = ctx.read.report.keuangan
    if k is None:
        return
    cells = {f.key: ctx.book.name_cell(f.name) for f in lay.ANGGARAN_FIELDS}
    when = tahun(ctx, "laporan")
    # Total anggaran = BTL + BL.
    if cells["total"] is not None and (k.btl is not None or k.bl is not None):
        found = number_in_cell(ctx.value(*cells["total"]))
        expected = (k.btl or Decimal(0)) + (k.bl or Decimal(0))
        if found is not None and differs(found, expected):
            yield Finding(Severity.ERROR, NAME, *cells["total"],
                          f"Total anggaran tahun {when} (tertulis {as_typed(found)}) tidak sama dengan BTL + BL "
                          f"({as_typed(k.btl)} + {as_typed(k.bl)} = {as_typed(expected)}).", expected=expected, found=found)
    # Realisasi = realisasi BTL + realisasi BL, when all three are given.
    if cells["realisasi"] is not None and None not in (k.realisasi, k.realisasi_btl, k.realisasi_bl):
        expected = k.realisasi_btl + k.realisasi_bl
        if differs(k.realisasi, expected):
            yield Finding(Severity.ERROR, NAME, *cells["realisasi"],
                          f"Realisasi belanja tahun {when} ({as_typed(k.realisasi)}) tidak sama dengan realisasi BTL + "
                          f"realisasi BL ({as_typed(k.realisasi_btl)} + {as_typed(k.realisasi_bl)} = {as_typed(expected)}).",
                          expected=expected, found=k.realisasi)
    # The Rekap's programs against belanja langsung.
    if not any(r.kind is RekapKind.KEGIATAN for r in ctx.read.rekap_rows):
        return
    opd = ctx.figures.opd_jumlah.get("laporan")
    if opd is None:
        return
    for rekap_value, bl, key, where, what in (
            (opd.pagu, k.bl, "bl", "pagu_rekap", "Pagu seluruh program menurut Rekap Kegiatan"),
            (opd.realisasi_rp, k.realisasi_bl, "realisasi_bl", "realisasi_bl",
             "Realisasi seluruh program menurut Rekap Kegiatan")):
        if bl is None or rekap_value is None or not differs(rekap_value, bl):
            continue
        at = cells[where] or cells[key]
        if at is None:
            continue
        label = "belanja langsung (BL)" if key == "bl" else "realisasi belanja langsung (BL)"
        why = ("ada kegiatan yang belum masuk Rekap" if rekap_value < bl
               else "Rekap memuat lebih dari BL (kegiatan terhitung dua kali?)")
        yield Finding(Severity.WARNING, NAME, *at,
                      f"{what} tahun {when} ({as_typed(rekap_value)}) tidak sama dengan {label} {as_typed(bl)} "
                      f"(selisih {as_typed(abs(bl - rekap_value))}): {why}, atau angka salah ketik.",
                      expected=bl, found=rekap_value)


CHECK = Check(NAME, "Jumlah yang tidak sama dengan jumlah rinciannya (program, kelompok, OPD, anggaran)", run,
              applies)
