"""A SUM or AVERAGE over the wrong rows: one that misses a kegiatan of its program, or reaches into
the next program (docs/domain.md, mistake 2)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl import a1
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.checks.formula_differs import is_aggregate_range_change
from lkjip_xl.formula_text import cells_of, references
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import REKAP_LAYOUT
from lkjip_xl.rekap_plan import RekapRow

NAME = "rentang-salah"


def applies(ctx: CheckContext) -> bool:
    return bool(ctx.expected_formulas)


KIND_NAMES = {
    "program": "program", "rata_rata_program": "rata-rata program", "rata_rata_kelompok": "rata-rata kelompok",
    "jumlah_kelompok": "jumlah kelompok", "rata_rata_opd": "rata-rata OPD", "jumlah_opd": "jumlah OPD",
    "total_rata_rata_opd": "total rata-rata OPD", "kelompok": "kelompok",
}


def _describe(row: RekapRow | None, n: int) -> str:
    if row is None:
        return f"baris {n}"
    if row.kegiatan is not None and row.indikator is None:
        return f"baris {n} (kegiatan {row.kegiatan.kode})"
    if row.indikator is not None:
        owner = row.kegiatan.kode if row.kegiatan is not None else (row.program.kode if row.program else "")
        return f"baris {n} (indikator {owner})"
    name = KIND_NAMES.get(row.kind.value, row.kind.value)
    if row.program is not None:
        return f"baris {n} ({name} {row.program.kode})"
    if row.kelompok is not None:
        return f"baris {n} ({name} {row.kelompok.nama})"
    return f"baris {n} ({name})"


def _owner(row: RekapRow | None) -> str | None:
    if row is None:
        return None
    if row.program is not None:
        return row.program.kode
    if row.kelompok is not None:
        return row.kelompok.nama
    return None


def run(ctx: CheckContext) -> Iterable[Finding]:
    by_row = {r.row: r for r in ctx.read.rekap_rows}
    for (sheet, cell), (expected, actual) in sorted(ctx.formula_mismatches.items()):
        if not is_aggregate_range_change(expected, actual):
            continue
        want = set().union(*(cells_of(r) for r in references(expected))) if references(expected) else set()
        got = set().union(*(cells_of(r) for r in references(actual))) if references(actual) else set()
        # Compare rows in the value column only (the Jenis column of AVERAGEIF follows it).
        value_cols = {c for _, c in want} - {ctx_col(REKAP_LAYOUT.jenis)}
        want_rows = sorted({r for r, c in want if c in value_cols})
        got_rows = sorted({r for r, c in got if c in value_cols or not value_cols})
        missing = [r for r in want_rows if r not in got_rows]
        extra = [r for r in got_rows if r not in want_rows]
        this = by_row.get(a1.row_of(cell))
        parts = []
        if missing:
            parts.append("tidak mencakup " + ", ".join(_describe(by_row.get(r), r) for r in missing))
        if extra:
            outside = [r for r in extra if _owner(by_row.get(r)) not in (None, _owner(this))]
            text = "mencakup " + ", ".join(_describe(by_row.get(r), r) for r in extra)
            if outside:
                text += " yang berada di luar " + (f"program {_owner(this)}" if this and this.program else "kelompoknya")
            parts.append(text)
        if not parts:
            parts.append("rentangnya berbeda")
        yield Finding(Severity.ERROR, NAME, sheet, cell,
                      f"Rumus {actual} {'; '.join(parts)}. Seharusnya: {expected}", expected=expected, found=actual)


def ctx_col(letter: str) -> int:
    return a1.col_index(letter)


CHECK = Check(NAME, "Jumlah atau rata-rata atas baris yang salah", run, applies)
