"""What a written workbook should show, for tests that compare an engine's (or LibreOffice's) values
with the rules: every computed cell of a LKjIP or Renja workbook and the value the rules give it.

Built on the same functions the checks use (:mod:`lkjip_xl.expected`, :mod:`lkjip_xl.renja.expected`),
over an openpyxl workbook, which the checks never read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.workbook.workbook import Workbook

from lkjip_xl import layout as lay
from lkjip_xl import model as m
from lkjip_xl.expected import Cell, named_rows, read_rekap_rows, rekap_expected, simple_expected_values
from lkjip_xl.renja.calc import RenjaCalc
from lkjip_xl.renja.expected import expected_cells
from lkjip_xl.renja.plan import RenjaRow
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands


def expected_values(report: m.Report, wb: Workbook, bands: Bands = PERMENDAGRI_86_2017) -> dict[Cell, Any]:
    """Every computed cell of a written workbook and the value the rules give it (the Rekap rows
    matched to the report by their Kunci)."""
    out: dict[Cell, Any] = {}
    block = named_rows(wb, lay.NAME_REKAP_TABLE)
    if block is not None:
        sheet, first, last = block
        rows = read_rekap_rows(wb[sheet], first, last)
        for cell, value in rekap_expected(report, rows, bands):
            out[(sheet, cell)] = value
    out.update(simple_expected_values(report, wb, bands))
    return out


def renja_expected_values(rows: list[RenjaRow], figures: RenjaCalc,
                          bands: Bands = PERMENDAGRI_86_2017) -> dict[str, Any]:
    """Every computed cell of the Renja table's rows (cell -> value)."""
    return dict(expected_cells(rows, figures, bands))


def same(expected: Any, actual: Any, tolerance: float = 1e-9) -> bool:
    """Does an engine's value equal the expected one (None = "" = empty; numbers within tolerance)?"""
    if expected is None:
        return actual in (None, "")
    if isinstance(expected, (Decimal, int, float)) and not isinstance(expected, bool):
        if isinstance(actual, bool) or not isinstance(actual, (int, float, Decimal)):
            return False
        return abs(float(expected) - float(actual)) <= tolerance
    return expected == actual
