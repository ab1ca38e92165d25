"""A computed cell whose formula is not the one the layout expects (other than aggregate ranges,
which :mod:`aggregate_range` explains row by row)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl import a1
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.formula_text import functions, numbers, references
from lkjip_xl.findings import Finding, Severity

NAME = "rumus-berbeda"
AGGREGATES = {"SUM", "AVERAGE", "AVERAGEIF"}


def applies(ctx: CheckContext) -> bool:
    return bool(ctx.expected_formulas)


def is_aggregate_range_change(expected: str, actual: str) -> bool:
    """Same aggregate function(s), only the ranges differ: aggregate_range reports it."""
    fe, fa = functions(expected), functions(actual)
    return fe == fa and bool(AGGREGATES & set(fe)) and not numbers_added(expected, actual)


def numbers_added(expected: str, actual: str) -> list[str]:
    have = numbers(expected)
    extra = []
    for n in numbers(actual):
        if n in have:
            have.remove(n)
        else:
            extra.append(n)
    return extra


def sums_percentages(sheet: str, cell: str, actual: str) -> bool:
    """A SUM in a capaian column: percent_summed reports it."""
    from lkjip_xl.checks.percent_summed import CAPAIAN_COLUMNS
    from lkjip_xl.layout import REKAP_LAYOUT

    return sheet == REKAP_LAYOUT.sheet and a1.column_of(cell) in CAPAIAN_COLUMNS and "SUM" in functions(actual)


def run(ctx: CheckContext) -> Iterable[Finding]:
    for (sheet, cell), (expected, actual) in sorted(ctx.formula_mismatches.items()):
        if is_aggregate_range_change(expected, actual) or sums_percentages(sheet, cell, actual):
            continue
        typed = numbers_added(expected, actual)
        if typed:
            message = (f"Rumus berisi angka ketikan {', '.join(typed)}: {actual}. Angka tetap di dalam rumus "
                       f"tidak ikut berubah bila isian berubah. Seharusnya: {expected}")
        else:
            ref_e, ref_a = references(expected), references(actual)
            if sorted(ref_e) != sorted(ref_a):
                missing = [r for r in ref_e if r not in ref_a]
                extra = [r for r in ref_a if r not in ref_e]
                detail = []
                if missing:
                    detail.append(f"tidak merujuk {', '.join(dict.fromkeys(missing))}")
                if extra:
                    detail.append(f"merujuk {', '.join(dict.fromkeys(extra))} yang tidak seharusnya")
                message = f"Rumus merujuk sel yang salah ({'; '.join(detail)}): {actual}. Seharusnya: {expected}"
            else:
                message = f"Rumus berbeda dari yang seharusnya: {actual}. Seharusnya: {expected}"
        yield Finding(Severity.ERROR, NAME, sheet, cell, message, expected=expected, found=actual)


CHECK = Check(NAME, "Rumus yang berbeda dari rumus buku kerja (rujukan salah, angka ketikan)", run, applies)
