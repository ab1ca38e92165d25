"""A computed cell whose formula was replaced by a typed value (or deleted)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.display import show
from lkjip_xl.findings import Finding, Severity

NAME = "rumus-tertimpa"


def applies(ctx: CheckContext) -> bool:
    return bool(ctx.formula_cells)


def _in_row_order(ctx: CheckContext) -> list[tuple[str, str]]:
    """The formula cells in the order of the expected formulas (row by row), then any others:
    reading a big sheet's grid in order is several times faster than in a set's order."""
    cells = ctx.formula_cells
    ordered = [c for c in ctx.expected_formulas if c in cells]
    if len(ordered) < len(cells):
        ordered += [c for c in cells if c not in ctx.expected_formulas]
    return ordered


def run(ctx: CheckContext) -> Iterable[Finding]:
    # Only the few cells without a formula are sorted, not every formula cell of the workbook.
    for sheet, cell in sorted(c for c in _in_row_order(ctx) if ctx.formula(*c) is None):
        found = ctx.value(sheet, cell)
        expected_formula = ctx.expected_formulas.get((sheet, cell))
        hint = f" Rumus yang seharusnya: {expected_formula}" if expected_formula else ""
        if found is None or (isinstance(found, str) and not found.strip()):
            message = f"Rumus di sel ini terhapus; sel ini seharusnya dihitung otomatis.{hint}"
        else:
            message = (f"Rumus di sel ini tertimpa nilai ketikan ({show(found)}); nilainya tidak lagi mengikuti "
                       f"isian.{hint}")
        yield Finding(Severity.ERROR, NAME, sheet, cell, message,
                      expected=ctx.expected_values.get((sheet, cell)), found=found)


CHECK = Check(NAME, "Sel rumus yang tertimpa angka atau terhapus", run, applies)
