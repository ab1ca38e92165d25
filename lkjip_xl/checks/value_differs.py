"""A computed cell whose value is not the one the rules give from the inputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.display import show
from lkjip_xl.rules.numbers import to_decimal
from lkjip_xl.rules import round_half_up

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


def _rounds_to(expected: Any, found: Any) -> bool:
    """Is ``found`` the expected number rounded half-up to the decimals ``found`` shows (at most 2)?"""
    if not isinstance(expected, (Decimal, int, float)) or isinstance(found, bool) \
            or not isinstance(found, (int, float, Decimal)):
        return False

    f = to_decimal(found)
    places = max(0, -f.normalize().as_tuple().exponent)
    if places > 2:
        return False
    return round_half_up(to_decimal(expected), places) == f


def _only_reference(formula: str) -> bool:
    text = formula.lstrip("=").strip()
    return "(" not in text and ("!" in text or text.replace("_", "").isalnum())


def _differing(ctx: CheckContext) -> list[tuple[tuple[str, str], Any, Any]]:
    """((sheet, cell), expected, found) of the computed cells whose value is not the expected one,
    in cell order (only these few are sorted, not every computed cell)."""
    out = []
    for where, expected in ctx.expected_values.items():
        found = ctx.value(*where)
        if not same(expected, found):
            out.append((where, expected, found))
    out.sort(key=lambda item: item[0])
    return out


def run(ctx: CheckContext) -> Iterable[Finding]:
    for (sheet, cell), expected, found in _differing(ctx):
        if isinstance(found, str) and found.startswith("#"):
            continue  # excel_errors reports it
        formula = ctx.formula(sheet, cell)
        expected_formula = ctx.expected_formulas.get((sheet, cell))
        downstream = expected_formula is not None and formula is not None and (sheet, cell) not in ctx.formula_mismatches
        # Outside the Rekap the layout's formulas are not compared text by text: a formula there
        # that only refers to another sheet's cell passes a difference on from that cell.
        downstream = downstream or (expected_formula is None and formula is not None and _only_reference(formula))
        if formula is not None and downstream:
            # The formula is right: the difference comes from a cell it refers to.
            yield Finding(Severity.WARNING, NAME, sheet, cell,
                          f"Nilai {show(found)} berbeda dari hasil perhitungan ulang {show(expected)}. Rumusnya "
                          "benar; penyebabnya ada di sel yang dirujuk (isian berupa teks, atau sel lain yang salah).",
                          expected=expected, found=found)
            continue
        if formula is None and _rounds_to(expected, found):
            continue  # a typed value that only rounds the right one: rumus-tertimpa says enough
        typed = " (nilai ketikan, bukan rumus)" if formula is None and found is not None else ""
        yield Finding(Severity.ERROR, NAME, sheet, cell,
                      f"Nilai {show(found)}{typed} berbeda dari hasil perhitungan ulang {show(expected)}.",
                      expected=expected, found=found)


CHECK = Check(NAME, "Capaian, rata-rata atau jumlah yang berbeda dari hasil aturan", run, applies)
