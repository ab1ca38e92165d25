"""Realisasi Rp above pagu (docs/domain.md, mistake 5): a kegiatan or sub-kegiatan that, by its quarters,
spent more than its budget of the year (column 12 Rp above column 7 Rp).

A regional budget (APBD) cannot be overspent: the number was typed wrong, typed in the wrong
quarter, or belongs to another row; and its serapan above 100 % lifts every average it enters.
"""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.checks.base import Check
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.display import two_places
from lkjip_xl.renja.checks.context import RenjaContext
from lkjip_xl.renja.checks.labels import unit_label
from lkjip_xl.renja.layout import LAYOUT, RowKind
from lkjip_xl.rules import TRIWULAN

NAME = "realisasi-melebihi-pagu"


def applies(ctx: RenjaContext) -> bool:
    return bool(ctx.renja.rows)


def run(ctx: RenjaContext) -> Iterable[Finding]:
    L = LAYOUT
    for r in ctx.renja.rows:
        unit = r.sub if r.kind is RowKind.SUB_KEGIATAN else r.kegiatan if r.kind is RowKind.KEGIATAN else None
        if unit is None or unit.anggaran is None or unit not in ctx.figures.unit:
            continue
        rp = ctx.figures.unit[unit].rp
        if rp.pagu is None or rp.realisasi is None or rp.realisasi <= rp.pagu:
            continue
        filled = [i for i, q in enumerate(rp.triwulan, 1) if q is not None]
        upto = f"s/d triwulan {TRIWULAN[filled[-1] - 1]}" if filled else ""
        yield Finding(Severity.ERROR, NAME, L.sheet, f"{L.realisasi.rp}{r.row}",
                      f"Realisasi Rp {upto} {two_places(rp.realisasi)} melebihi pagu {two_places(rp.pagu)} "
                      f"({unit_label(r)}; selisih {two_places(rp.realisasi - rp.pagu)}).",
                      expected=rp.pagu, found=rp.realisasi)


CHECK = Check(NAME, "Realisasi Rp kegiatan atau sub-kegiatan yang melebihi pagunya", run, applies)
