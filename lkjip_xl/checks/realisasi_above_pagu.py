"""Realisasi Rp above pagu (docs/domain.md, mistake 5): a kegiatan that spent more than its budget, or
the Anggaran sheet's realisasi above its BTL / BL / total.

Spending more than the pagu is not possible in a regional budget (APBD): the number was typed
wrong, or belongs to another row. The serapan it gives (above 100 %) also lifts every average it
enters, so it is an error, not a warning.
"""

from __future__ import annotations

from typing import Iterable

from lkjip_xl import layout as lay
from lkjip_xl import model as m
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import REKAP_LAYOUT, RekapKind
from lkjip_xl.loader import kode_sits_under
from lkjip_xl.display import as_typed

NAME = "realisasi-melebihi-pagu"


def tahun(ctx: CheckContext, year: str) -> str:
    """The calendar year of a year block (``dasar`` -> 2019), or the block's name if unknown."""
    ident = ctx.read.report.identitas
    value = ident.tahun_dasar if year == "dasar" else ident.tahun_laporan
    return str(value) if value else year


def kegiatan_label(program: m.Program | None, kegiatan: m.Kegiatan) -> str:
    """``kegiatan 5001.500105.04.043``; with its program when the kode does not name it (a kode printed
    under another program, as the seed's 5001.16 does), so the row can be found."""
    if program is None or kode_sits_under(kegiatan.kode, program.kode):
        return f"kegiatan {kegiatan.kode}"
    return f"kegiatan {kegiatan.kode} program {program.kode}"


def applies(ctx: CheckContext) -> bool:
    return bool(ctx.read.rekap_rows) or ctx.read.report.keuangan is not None


def run(ctx: CheckContext) -> Iterable[Finding]:
    L = REKAP_LAYOUT
    for r in ctx.read.rekap_rows:
        if r.kind is not RekapKind.KEGIATAN or r.kegiatan is None:
            continue
        for year, y in L.years.items():
            block = r.kegiatan.tahun(year)
            if block is None or block.pagu is None or block.realisasi_rp is None:
                continue
            if block.realisasi_rp > block.pagu:
                yield Finding(
                    Severity.ERROR, NAME, L.sheet, f"{y.realisasi_rp}{r.row}",
                    f"Realisasi Rp {as_typed(block.realisasi_rp)} melebihi pagu {as_typed(block.pagu)} "
                    f"({kegiatan_label(r.program, r.kegiatan)}, tahun {tahun(ctx, year)}).",
                    expected=block.pagu, found=block.realisasi_rp)
    yield from _anggaran(ctx)


def _anggaran(ctx: CheckContext) -> Iterable[Finding]:
    k = ctx.read.report.keuangan
    if k is None:
        return
    fields = {f.key: f for f in lay.ANGGARAN_FIELDS}
    total = None if k.btl is None or k.bl is None else k.btl + k.bl
    pairs = (
        ("realisasi_btl", k.realisasi_btl, k.btl, "belanja tidak langsung (BTL)"),
        ("realisasi_bl", k.realisasi_bl, k.bl, "belanja langsung (BL)"),
        ("realisasi", k.realisasi, total, "total anggaran (BTL + BL)"),
    )
    for key, realisasi, pagu, what in pairs:
        if realisasi is None or pagu is None or realisasi <= pagu:
            continue
        found = ctx.book.name_cell(fields[key].name)
        if found is None:
            continue
        sheet, cell = found
        yield Finding(Severity.ERROR, NAME, sheet, cell,
                      f"{fields[key].label} Rp {as_typed(realisasi)} melebihi {what} {as_typed(pagu)} "
                      f"(tahun {tahun(ctx, 'laporan')}).", expected=pagu, found=realisasi)


CHECK = Check(NAME, "Realisasi Rp yang melebihi pagunya", run, applies)
