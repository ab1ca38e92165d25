"""Percentages summed instead of averaged (domain.md: the seed prints 377, 469 and 847)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl import a1
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.checks.formula_text import functions
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import REKAP_LAYOUT
from lkjip_xl.rekap_plan import structure

NAME = "persentase-dijumlah"


CAPAIAN_COLUMNS = frozenset(c for y in REKAP_LAYOUT.years.values() for c in (y.capaian_k, y.capaian_rp))


def run(ctx: CheckContext) -> Iterable[Finding]:
    sheet = REKAP_LAYOUT.sheet
    cols = CAPAIAN_COLUMNS
    for (s, cell), expected in ctx.expected_formulas.items():
        col = a1.column_of(cell)
        if s != sheet or col not in cols:
            continue
        actual = ctx.formula(s, cell)
        if actual is not None and "SUM" in functions(actual):
            yield Finding(Severity.ERROR, NAME, s, cell,
                          f"Persentase dijumlahkan ({actual}); capaian harus dirata-rata, bukan dijumlah. "
                          f"Seharusnya: {expected}", expected=expected, found=actual)
    # A typed aggregate equal to the sum of the capaian it should average.
    s = structure(ctx.read.rekap_rows)
    for kel in s.kelompok:
        for year, y in REKAP_LAYOUT.years.items():
            if kel.jumlah is None:
                continue
            for col in (y.capaian_k, y.capaian_rp):
                parts = [ctx.value(sheet, f"{col}{p.row.row}") for p in kel.programs]
                parts = [float(v) for v in parts if isinstance(v, (int, float)) and not isinstance(v, bool)]
                cell = f"{col}{kel.jumlah.row}"
                found = ctx.value(sheet, cell)
                if len(parts) > 1 and isinstance(found, (int, float)) and not isinstance(found, bool) \
                        and ctx.formula(sheet, cell) is None and abs(float(found) - sum(parts)) < 0.5 * len(parts):
                    yield Finding(Severity.ERROR, NAME, sheet, cell,
                                  f"Nilai {found} sama dengan jumlah capaian program-programnya "
                                  f"({round(sum(parts), 2)}): persentase dijumlahkan, seharusnya dirata-rata.",
                                  found=found)


CHECK = Check(NAME, "Persentase yang dijumlahkan, bukan dirata-rata", run)
