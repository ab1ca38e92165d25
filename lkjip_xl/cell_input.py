"""What staff typed into an input cell, read as the report needs it, each problem a finding at its cell.

The LKjIP and the Renja reader read the same kinds of input: numbers (typed as numbers, typed as
text, an Excel error, a date where a number belongs), text, a formula typed over an input cell. One
reading, so that both report kinds say the same thing about the same mistake.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from lkjip_xl.adapters.base import SheetData
from lkjip_xl.display import format_number
from lkjip_xl.error_values import ERROR_VALUES
from lkjip_xl.errors import NumberFormatError
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.parsing import parse_number
from lkjip_xl.rules import to_decimal

__all__ = ["InputCells"]


class InputCells:
    """Reads typed values from input cells; every input read is kept in ``inputs`` (the checks
    hold that an input never changes) and every problem goes to ``findings``."""

    def __init__(self, findings: list[Finding], inputs: dict[tuple[str, str], Any]) -> None:
        self.findings = findings
        self.inputs = inputs

    def add(self, severity: Severity, rule: str, sheet: str, cell: str, message: str,
            expected: Any = None, found: Any = None) -> None:
        self.findings.append(Finding(severity, rule, sheet, cell, message, expected, found))

    def recorded(self, sheet: SheetData, row: int, col: int, ref: str) -> Any:
        """The value of the input cell ``ref`` (at ``row``, ``col``), recorded; a formula in it reported."""
        value = sheet.value_at(row, col)
        self.inputs[(sheet.name, ref)] = value
        formula = sheet.formula_at(row, col)
        if formula is not None:
            self.add(Severity.WARNING, "isian-berisi-rumus", sheet.name, ref,
                     f"Sel isian berisi rumus {formula}; nilainya dipakai sebagai isian.", found=formula)
        return value

    @staticmethod
    def as_text(value: Any) -> str | None:
        """A cell's value as text (a whole number without ``.0``); None for an empty cell."""
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    def as_number(self, sheet: SheetData, ref: str, value: Any, what: str, *, non_negative: bool = False,
                  whole: bool = False) -> Decimal | None:
        """``value`` (of the input cell ``ref``) as a number: a number typed as text is read and
        reported, anything else that is not a number reported; None when there is no number."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or isinstance(value, (datetime, date)):
            self.add(Severity.ERROR, "bukan-angka", sheet.name, ref,
                     f"{what}: harus angka, tertulis {value!r}.", found=str(value))
            return None
        if isinstance(value, (int, float, Decimal)):
            try:
                number = to_decimal(value)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                self.add(Severity.ERROR, "bukan-angka", sheet.name, ref, f"{what}: bukan angka yang sah.")
                return None
        else:
            text = str(value).strip()
            if text in ERROR_VALUES:
                self.add(Severity.ERROR, "galat-excel", sheet.name, ref, f"{what}: sel berisi galat {text}.",
                         found=text)
                return None
            try:
                number = parse_number(text)
            except NumberFormatError:
                self.add(Severity.ERROR, "bukan-angka", sheet.name, ref,
                         f"{what}: harus angka, tertulis {text!r}.", found=text)
                return None
            self.add(Severity.WARNING, "angka-sebagai-teks", sheet.name, ref,
                     f"{what}: angka diketik sebagai teks ({text!r}); dibaca sebagai {format_number(number, None, 6)}. "
                     "Ketik ulang sebagai angka agar rumus Excel ikut menghitungnya.", expected=number, found=text)
        if non_negative and number < 0:
            self.add(Severity.ERROR, "angka-negatif", sheet.name, ref,
                     f"{what} tidak boleh negatif ({format_number(number, None, 6)}).", found=number)
        if whole and number != number.to_integral_value():
            self.add(Severity.WARNING, "bukan-bilangan-bulat", sheet.name, ref,
                     f"{what}: harus bilangan bulat, tertulis {format_number(number, None, 6)}.", found=number)
        return number
