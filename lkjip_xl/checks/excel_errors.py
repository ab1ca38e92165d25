"""A formula that gives an Excel error value (#DIV/0!, #REF!, ...)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.findings import Finding, Severity

NAME = "galat-rumus"
ERRORS = {"#DIV/0!": "pembagian dengan nol", "#REF!": "rujukan ke sel yang sudah dihapus",
          "#VALUE!": "isian yang bukan angka", "#NAME?": "nama fungsi atau nama sel yang tidak dikenal",
          "#N/A": "nilai yang tidak ditemukan", "#NUM!": "angka di luar jangkauan", "#NULL!": "rentang yang tidak beririsan"}


def run(ctx: CheckContext) -> Iterable[Finding]:
    for name in ctx.book.sheets:
        for cell, (formula, value) in ctx.formulas_of(name).items():
            if isinstance(value, str) and value in ERRORS:
                yield Finding(Severity.ERROR, NAME, name, cell,
                              f"Rumus {formula} menghasilkan {value} ({ERRORS[value]}).", found=value)


CHECK = Check(NAME, "Rumus yang menghasilkan galat Excel", run)
