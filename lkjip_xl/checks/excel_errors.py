"""A formula that gives an Excel error value (#DIV/0!, #REF!, ...)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.error_values import ERROR_VALUES, MEANING
from lkjip_xl.findings import Finding, Severity

NAME = "galat-rumus"
def run(ctx: CheckContext) -> Iterable[Finding]:
    for name in ctx.book.sheets:
        for cell, (formula, value) in ctx.formulas_of(name).items():
            if isinstance(value, str) and value in ERROR_VALUES:
                yield Finding(Severity.ERROR, NAME, name, cell,
                              f"Rumus {formula} menghasilkan {value} ({MEANING[value]}).", found=value)


CHECK = Check(NAME, "Rumus yang menghasilkan galat Excel", run)
