"""What every check gets to look at, computed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from lkjip_xl import calc
from lkjip_xl.adapters.base import BookData
from lkjip_xl.checks.formula_text import normalise
from lkjip_xl.expected import Cell, rekap_expected, simple_expected, simple_expected_formulas
from lkjip_xl.findings import Finding
from lkjip_xl.layout import REKAP_LAYOUT
from lkjip_xl.reader import ReadResult, read_book
from lkjip_xl.rekap_plan import expected_formulas
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands


@dataclass
class CheckContext:
    book: BookData
    read: ReadResult
    figures: calc.RekapCalc
    #: (sheet, cell) -> the value the rules give the cell (None: the cell should show nothing)
    expected_values: dict[Cell, Any]
    #: (sheet, cell) -> the formula the layout expects there (the Rekap sheet)
    expected_formulas: dict[Cell, str]
    #: (sheet, cell) of every cell that must hold a formula (Rekap and the other sheets)
    formula_cells: set[Cell]
    bands: Bands = PERMENDAGRI_86_2017
    #: (sheet, cell) -> (expected formula, actual formula) where they differ (spelling aside)
    formula_mismatches: dict[Cell, tuple[str, str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def value(self, sheet: str, cell: str) -> Any:
        data = self.book.sheets.get(sheet)
        return None if data is None else data.value(cell)

    def formula(self, sheet: str, cell: str) -> str | None:
        data = self.book.sheets.get(sheet)
        return None if data is None else data.formula(cell)


@dataclass(frozen=True)
class Check:
    """A named rule: ``applies`` says whether there is anything to check, ``run`` finds."""

    name: str
    description: str
    run: Callable[[CheckContext], Iterable[Finding]]
    applies: Callable[[CheckContext], bool] = lambda ctx: True


def build_context(book: BookData, bands: Bands = PERMENDAGRI_86_2017) -> CheckContext:
    read = read_book(book)
    figures = calc.compute_rekap(read.report.rekap)
    sheet = REKAP_LAYOUT.sheet
    values: dict[Cell, Any] = {(sheet, c): v for c, v in rekap_expected(read.report, read.rekap_rows, bands, figures)}
    formulas = {(sheet, c): f for c, f in expected_formulas(read.rekap_rows)}
    simple_values, _ = simple_expected(read.report, book, bands, figures)
    values.update(simple_values)
    formulas.update(simple_expected_formulas(book, bands))
    cells = set(formulas)
    context = CheckContext(book, read, figures, values, formulas, cells, bands)
    # The formula cells whose text is not the expected one: three checks look at them, each once.
    for (s, c), expected in formulas.items():
        actual = context.formula(s, c)
        if actual is not None and normalise(actual) != normalise(expected):
            context.formula_mismatches[(s, c)] = (expected, actual)
    return context
