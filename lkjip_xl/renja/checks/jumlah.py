"""A parent's Rp that is not the sum of its own children, as the workbook shows them (docs/domain.md,
mistakes 1 and 2): a program against its kegiatan, a kegiatan against its sub-kegiatan, the OPD
against its programs, in every Rp column (5, 6, 7, 8-11, 12, 14).

Each total is compared with its parts one level at a time, so a wrong figure is reported where it
is wrong and not again at every total above it; a part typed as text (which Excel's SUM skips) is
named as the cause. The general ``nilai-berbeda`` finding at the same cell is dropped for this one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from lkjip_xl.checks.base import Check
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.display import two_places
from lkjip_xl.renja.checks.context import RenjaContext
from lkjip_xl.renja.checks.labels import RP_COLUMNS, unit_label
from lkjip_xl.renja.layout import LAYOUT, RowKind
from lkjip_xl.rules.numbers import number_in_cell

NAME = "jumlah-tidak-sesuai"
TOLERANCE = Decimal("0.005")


def applies(ctx: RenjaContext) -> bool:
    return ctx.shape is not None and bool(ctx.shape.programs)


def run(ctx: RenjaContext) -> Iterable[Finding]:
    sheet = LAYOUT.sheet
    groups = []
    for prog in ctx.shape.programs:
        groups.append((prog.row, [k.row for k in prog.children], "kegiatannya"))
        for keg in prog.children:
            if keg.children:
                groups.append((keg.row, [s.row for s in keg.children], "sub-kegiatannya"))
    jml = ctx.shape.opd.get(RowKind.JUMLAH_OPD)
    if jml is not None:
        groups.append((jml, [p.row for p in ctx.shape.programs], "program-programnya"))
    for total_row, parts, of in groups:
        for col, what in RP_COLUMNS.items():
            cell = f"{col}{total_row.row}"
            found = number_in_cell(ctx.value(sheet, cell))
            if found is None:
                continue
            part_cells = [f"{col}{p.row}" for p in parts]
            values = [ctx.value(sheet, c) for c in part_cells]
            expected = sum((v for v in map(number_in_cell, values) if v is not None), Decimal(0))
            texts = [c for c, v in zip(part_cells, values) if isinstance(v, str) and v.strip()]
            if abs(found - expected) <= TOLERANCE:
                continue
            owner = "seluruh program OPD" if total_row.kind is RowKind.JUMLAH_OPD else unit_label(total_row)
            cause = (f" Isian di sel {', '.join(texts)} berupa teks sehingga tidak ikut dijumlah Excel." if texts else "")
            yield Finding(Severity.ERROR, NAME, sheet, cell,
                          f"{what} {owner} (tertulis {two_places(found)}) tidak sama dengan jumlah {of} "
                          f"({two_places(expected)}; sel {', '.join(part_cells) or '-'}).{cause}",
                          expected=expected, found=found)


CHECK = Check(NAME, "Jumlah Rp program, kegiatan dan OPD yang tidak sama dengan jumlah rinciannya", run, applies)
