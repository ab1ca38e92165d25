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
    for name, data in ctx.book.sheets.items():
        for i, row in enumerate(data.formulas):
            for j, formula in enumerate(row):
                if formula is None:
                    continue
                value = data.values[i][j] if j < len(data.values[i]) else None
                if isinstance(value, str) and value in ERRORS:
                    from lkjip_xl import a1

                    cell = a1.cell(data.first_row + i, data.first_col + j)
                    yield Finding(Severity.ERROR, NAME, name, cell,
                                  f"Rumus {formula} menghasilkan {value} ({ERRORS[value]}).", found=value)


CHECK = Check(NAME, "Rumus yang menghasilkan galat Excel", run)
