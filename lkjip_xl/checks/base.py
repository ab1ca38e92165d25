"""What every check gets to look at, computed once."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from lkjip_xl import a1, calc
from lkjip_xl.adapters.base import BookData, SheetData
from lkjip_xl.formula_text import normalise
from lkjip_xl.expected import Cell, rekap_expected, simple_expected_formulas, simple_expected_values
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
    #: cell address -> (row, column) of the cells read outside the formula index (formulas_of):
    #: a check may ask for the same cell again, so each address is parsed once per context.
    _positions: dict[str, tuple[int, int]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _structure: Structure | None = field(default=None, init=False, repr=False, compare=False)
    _formula_index: dict[str, dict[str, tuple[str, Any]]] = field(default_factory=dict, init=False, repr=False,
                                                                  compare=False)

    def use_book(self, book: BookData) -> None:
        """Look at ``book`` from now on: the same sheets, now with their formulas' values (the
        context was built while they were computed; nothing built so far used them)."""
        self.book = book
        self._formula_index.clear()

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

    def formulas_of(self, sheet: str) -> dict[str, tuple[str, Any]]:
        """address -> (formula, value) of every cell of a sheet that holds a formula, in sheet order.

        Read once per context by one pass over the sheet: the checks look at every computed cell
        several times, and a dict look-up by address needs no parsing."""
        found = self._formula_index.get(sheet)
        if found is None:
            data = self.book.sheets.get(sheet)
            found = self._formula_index[sheet] = {} if data is None else _formula_cells(data)
        return found

    def value(self, sheet: str, cell: str) -> Any:
        found = self.formulas_of(sheet).get(cell)
        if found is not None:
            return found[1]
        data = self.book.sheets.get(sheet)
        if data is None:
            return None
        row, col = self._positions.get(cell) or self.position(cell)
        return data.value_at(row, col)

    def formula(self, sheet: str, cell: str) -> str | None:
        found = self.formulas_of(sheet).get(cell)
        if found is not None:
            return found[0]
        # Not a formula cell, or an address written otherwise ("$P$17", "p17").
        data = self.book.sheets.get(sheet)
        if data is None:
            return None
        row, col = self._positions.get(cell) or self.position(cell)
        return data.formula_at(row, col)


def _formula_cells(data: SheetData) -> dict[str, tuple[str, Any]]:
    """address -> (formula, value shown) of the cells of a sheet that hold a formula, row by row."""
    out: dict[str, tuple[str, Any]] = {}
    width = max((len(r) for r in data.formulas), default=0)
    letters = [a1.col_letter(data.first_col + j) for j in range(width)]
    values = data.values
    for i, formulas in enumerate(data.formulas):
        row = str(data.first_row + i)
        shown = values[i] if i < len(values) else []
        for j, formula in enumerate(formulas):
            if formula is not None:
                out[letters[j] + row] = (formula, shown[j] if j < len(shown) else None)
    return out


@dataclass(frozen=True)
class Check:
    """A named rule: ``applies`` says whether there is anything to check, ``run`` finds."""

    name: str
    description: str
    run: Callable[[CheckContext], Iterable[Finding]]
    applies: Callable[[CheckContext], bool] = lambda ctx: True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for a block, then resumed as it was.

    Checking a big report makes a few hundred thousand small objects that live on (the report's
    rows, their figures, the expected values and formulas), none of them in a reference cycle.
    While they pile up, the collector walks the whole heap each time it has grown by a quarter:
    five full passes, a fifth of the check's time on a 20,000-row report, that free nothing.
    Reference counting frees memory as usual meanwhile; after the block the collector takes its
    next turn as always (one pass over what the check kept, not five).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def build_context(book: BookData, bands: Bands = PERMENDAGRI_86_2017) -> CheckContext:
    with collector_paused():
        return _build_context(book, bands)


def _build_context(book: BookData, bands: Bands) -> CheckContext:
    read = read_book(book)
    figures = calc.compute_rekap(read.report.rekap)
    sheet = REKAP_LAYOUT.sheet
    values: dict[Cell, Any] = {(sheet, c): v for c, v in rekap_expected(read.report, read.rekap_rows, bands, figures)}
    shape = structure(read.rekap_rows)
    formulas = {(sheet, c): f for c, f in expected_formulas(read.rekap_rows, shape)}
    values.update(simple_expected_values(read.report, book, bands, figures))
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
