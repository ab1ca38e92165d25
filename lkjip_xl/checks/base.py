"""What every check gets to look at, computed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from lkjip_xl import a1, calc
from lkjip_xl.adapters.base import BookData
from lkjip_xl.checks.formula_text import normalise
from lkjip_xl.expected import Cell, rekap_expected, simple_expected, simple_expected_formulas
from lkjip_xl.findings import Finding
from lkjip_xl.layout import REKAP_LAYOUT
from lkjip_xl.reader import ReadResult, read_book
from lkjip_xl.rekap_plan import Structure, expected_formulas, structure
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
    #: cell address -> (row, column): the checks ask for the same computed cells again and again
    #: (each check, value and formula), so each address is parsed once per context.
    _positions: dict[str, tuple[int, int]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _structure: Structure | None = field(default=None, init=False, repr=False, compare=False)

    def rekap_structure(self) -> Structure:
        """The Rekap rows grouped into blocks (:func:`lkjip_xl.rekap_plan.structure`), made once:
        the expected formulas and several checks walk it."""
        if self._structure is None:
            self._structure = structure(self.read.rekap_rows)
        return self._structure

    def position(self, cell: str) -> tuple[int, int]:
        """(row, column) of a cell address (ValueError when it is not one)."""
        pos = self._positions.get(cell)
        if pos is None:
            pos = self._positions[cell] = a1.parse_cell_uncached(cell)
        return pos

    def value(self, sheet: str, cell: str) -> Any:
        data = self.book.sheets.get(sheet)
        return None if data is None else data.value_at(*self.position(cell))

    def formula(self, sheet: str, cell: str) -> str | None:
        data = self.book.sheets.get(sheet)
        return None if data is None else data.formula_at(*self.position(cell))


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
    shape = structure(read.rekap_rows)
    formulas = {(sheet, c): f for c, f in expected_formulas(read.rekap_rows, shape)}
    simple_values, _ = simple_expected(read.report, book, bands, figures)
    values.update(simple_values)
    formulas.update(simple_expected_formulas(book, bands))
    cells = set(formulas)
    context = CheckContext(book, read, figures, values, formulas, cells, bands)
    context._structure = shape
    context.formula_mismatches.update(formula_mismatches(context))
    return context


def formula_mismatches(context: CheckContext) -> Iterator[tuple[Cell, tuple[str, str]]]:
    """The formula cells whose text is not the expected one (three checks look at them, each once)."""
    for (s, c), expected in context.expected_formulas.items():
        actual = context.formula(s, c)
        # The same text is the same formula: only a formula written otherwise needs normalising.
        if actual is not None and actual != expected and normalise(actual) != normalise(expected):
            yield (s, c), (expected, actual)
