"""Percentages summed instead of averaged (docs/domain.md, mistake 4: the Walantaka document prints 377, 469 and 847)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl import a1
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.formula_text import functions
from lkjip_xl.display import show
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import REKAP_LAYOUT
from lkjip_xl.layout import RekapKind as K

NAME = "persentase-dijumlah"


CAPAIAN_COLUMNS = frozenset(c for y in REKAP_LAYOUT.years.values() for c in (y.capaian_k, y.capaian_rp))
_DIGITS = "0123456789"


def _in_capaian_column(ctx: CheckContext, cell: str) -> bool:
    """Is the cell in a capaian column? A plain address ("P17") says its column as written: no parsing."""
    letters = cell.rstrip(_DIGITS)
    if len(letters) < len(cell):
        found = _PLAIN_CAPAIAN.get(letters)
        if found is None and letters.isascii() and letters.isalpha() and letters.isupper():
            found = _PLAIN_CAPAIAN[letters] = letters in CAPAIAN_COLUMNS
        if found is not None:
            return found
    return a1.col_letter(ctx.position(cell)[1]) in CAPAIAN_COLUMNS


#: Plain column letters met (upper case, no "$") -> whether they name a capaian column.
_PLAIN_CAPAIAN: dict[str, bool] = {}


def run(ctx: CheckContext) -> Iterable[Finding]:
    sheet = REKAP_LAYOUT.sheet
    for (s, cell), expected in ctx.expected_formulas.items():
        if s != sheet or not _in_capaian_column(ctx, cell):
            continue
        actual = ctx.formula(s, cell)
        if actual is not None and "SUM" in actual.upper() and "SUM" in functions(actual):
            yield Finding(Severity.ERROR, NAME, s, cell,
                          f"Persentase dijumlahkan ({actual}); capaian harus dirata-rata, bukan dijumlah. "
                          f"Seharusnya: {expected}", expected=expected, found=actual)
    # A typed aggregate equal to the sum of the capaian it should average.
    for row, parts_rows, what in _aggregates(ctx):
        for y in REKAP_LAYOUT.years.values():
            for col in (y.capaian_k, y.capaian_rp):
                cell = f"{col}{row}"
                found = ctx.value(sheet, cell)
                if ctx.formula(sheet, cell) is not None or not _number(found):
                    continue
                parts = [float(v) for v in (ctx.value(sheet, f"{col}{r}") for r in parts_rows) if _number(v)]
                if len(parts) > 1 and abs(float(found) - sum(parts)) <= len(parts):  # each part rounded
                    yield Finding(Severity.ERROR, NAME, sheet, cell,
                                  f"Nilai {show(found)} sama dengan jumlah capaian {what} ({show(sum(parts))}): "
                                  "persentase dijumlahkan, seharusnya dirata-rata.", found=found)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _aggregates(ctx: CheckContext):
    """(row, rows it aggregates, what they are) for every average row of the Rekap."""
    s = ctx.rekap_structure()
    for kel in s.kelompok:
        for prog in kel.programs:
            if prog.rata_rata is not None:
                yield prog.rata_rata.row, [k.row for k, _ in prog.kegiatan], "kegiatannya"
        if kel.rata_rata is not None:
            yield kel.rata_rata.row, [p.rata_rata.row for p in kel.programs if p.rata_rata], "program-programnya"
        if kel.jumlah is not None:
            yield kel.jumlah.row, [p.row.row for p in kel.programs], "program-programnya"
    opd = s.opd

    if K.RATA_RATA_OPD in opd:
        yield opd[K.RATA_RATA_OPD].row, [k.rata_rata.row for k in s.kelompok if k.rata_rata], "kelompoknya"
    for kind in (K.JUMLAH_OPD, K.TOTAL_RATA_RATA_OPD):
        if kind in opd:
            yield opd[kind].row, [k.jumlah.row for k in s.kelompok if k.jumlah], "kelompoknya"


CHECK = Check(NAME, "Persentase yang dijumlahkan, bukan dirata-rata", run)
