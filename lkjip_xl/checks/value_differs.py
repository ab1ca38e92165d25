"""A computed cell whose value is not the one the rules give from the inputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.checks.formula_text import normalise
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.parsing import format_number

NAME = "nilai-berbeda"
TOLERANCE = 1e-6


def applies(ctx: CheckContext) -> bool:
    return bool(ctx.expected_values)


def same(expected: Any, found: Any) -> bool:
    if expected is None:
        return found is None or (isinstance(found, str) and found.strip() == "")
    if isinstance(expected, (Decimal, int, float)) and not isinstance(expected, bool):
        if isinstance(found, bool) or not isinstance(found, (int, float, Decimal)):
            return False
        e, f = float(expected), float(found)
        return abs(e - f) <= TOLERANCE * max(1.0, abs(e))
    return str(expected).strip() == str(found).strip() if found is not None else False


def show(value: Any) -> str:
    if value is None or value == "":
        return "(kosong)"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return format_number(d, 0 if d == d.to_integral_value() else 2)
    return repr(value)


def run(ctx: CheckContext) -> Iterable[Finding]:
    for (sheet, cell), expected in sorted(ctx.expected_values.items()):
        found = ctx.value(sheet, cell)
        if same(expected, found):
            continue
        if isinstance(found, str) and found.startswith("#"):
            continue  # excel_errors reports it
        formula = ctx.formula(sheet, cell)
        expected_formula = ctx.expected_formulas.get((sheet, cell))
        if formula is not None and (expected_formula is None or normalise(formula) == normalise(expected_formula)):
            # The formula is right: the difference comes from a cell it refers to.
            yield Finding(Severity.WARNING, NAME, sheet, cell,
                          f"Nilai {show(found)} berbeda dari hasil perhitungan ulang {show(expected)}. Rumusnya "
                          "benar; penyebabnya ada di sel yang dirujuk (isian berupa teks, atau sel lain yang salah).",
                          expected=expected, found=found)
            continue
        typed = " (nilai ketikan, bukan rumus)" if formula is None and found is not None else ""
        yield Finding(Severity.ERROR, NAME, sheet, cell,
                      f"Nilai {show(found)}{typed} berbeda dari hasil perhitungan ulang {show(expected)}.",
                      expected=expected, found=found)


CHECK = Check(NAME, "Capaian, rata-rata atau jumlah yang berbeda dari hasil aturan", run, applies)
