"""The small interface the recalculation needs from a workbook, whoever holds it.

Reads are whole sheets at once (one call for values, one for formulas), writes are blocks, and
colours are set for many cells in one call: inside Excel every call crosses a process boundary, so
the number of calls must not grow with the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from lkjip_xl import a1
from lkjip_xl.ooxml.values import Formula  # noqa: F401 - the value BookAdapter.write_block takes for a formula


@dataclass
class SheetData:
    """A sheet's used range: the values shown and the formulas behind them (None where a constant)."""

    name: str
    first_row: int
    first_col: int
    values: list[list[Any]]
    formulas: list[list[str | None]]

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.values) - 1

    @property
    def last_col(self) -> int:
        width = max((len(r) for r in self.values), default=0)
        return self.first_col + width - 1

    def value(self, ref: str) -> Any:
        return self.value_at(*a1.parse_cell(ref))

    def formula(self, ref: str) -> str | None:
        return self.formula_at(*a1.parse_cell(ref))

    def value_at(self, row: int, col: int) -> Any:
        """The value at (row, col), None outside the used range (rows may be short).

        The checks read hundreds of thousands of cells: one try instead of four bound tests."""
        r, c = row - self.first_row, col - self.first_col
        if r < 0 or c < 0:
            return None
        try:
            return self.values[r][c]
        except IndexError:
            return None

    def formula_at(self, row: int, col: int) -> str | None:
        """The formula at (row, col), as :meth:`value_at` (None: a constant, or outside)."""
        r, c = row - self.first_row, col - self.first_col
        if r < 0 or c < 0:
            return None
        try:
            return self.formulas[r][c]
        except IndexError:
            return None


class PendingSheetData(SheetData):
    """A sheet read before its formulas' values are known (they are being computed meanwhile).

    Everything that does not need those values can start: reading the inputs, the expected
    values and formulas. Reading a formula cell's value notes it in ``touched`` (the caller then
    does that work again once the values are in): a staff member's formula in an input cell, for
    instance, is read for its value.
    """

    touched = False

    def value_at(self, row: int, col: int) -> Any:
        if self.formula_at(row, col) is not None:
            self.touched = True
        return super().value_at(row, col)


@dataclass
class BookData:
    """What was read of a workbook: its sheets and its defined names (name -> (sheet, ref))."""

    source: str
    sheets: dict[str, SheetData] = field(default_factory=dict)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)

    def name_range(self, name: str) -> tuple[str, tuple[int, int, int, int]] | None:
        found = self.names.get(name)
        if found is None:
            return None
        sheet, ref = found
        try:
            return sheet, a1.parse_range(ref)
        except ValueError:
            return None

    def name_cell(self, name: str) -> tuple[str, str] | None:
        found = self.name_range(name)
        if found is None:
            return None
        sheet, (r1, c1, _, _) = found
        return sheet, a1.cell(r1, c1)


@runtime_checkable
class BookAdapter(Protocol):
    """A workbook as the recalculation sees it."""

    #: Shown in messages: the file name, or the Excel workbook's name.
    source: str

    def sheet_names(self) -> list[str]: ...

    def defined_names(self) -> dict[str, tuple[str, str]]: ...

    def read_sheet(self, sheet: str) -> SheetData: ...

    def write_block(self, sheet: str, top_left: str, values: list[list[Any]]) -> None:
        """Write a rectangle of plain values (no formulas) starting at ``top_left``."""

    def set_row_heights(self, sheet: str, heights: dict[int, float | None]) -> None:
        """Give rows their height in points (None: the default height again)."""

    def clear_block(self, sheet: str, ref: str) -> None:
        """Empty the values of a range (styles stay)."""

    def get_fills(self, sheet: str, cells: list[str]) -> list[str | None]:
        """The fill colour (``"RRGGBB"`` or None) of each cell."""

    def set_fills(self, sheet: str, cells: list[str], colors: list[str | None]) -> None:
        """Set the fill colour of many cells (None: no fill)."""

    def write_formulas(self, sheet: str, formulas: dict[str, str]) -> None:
        """Write formulas (text starting with ``=``, English function names, ``,`` between
        arguments) into cells, their formats kept; on a protected sheet too (the repair of rows
        staff added: their computed cells are locked like the rest)."""

    def write_values(self, sheet: str, values: dict[str, Any]) -> None:
        """Write plain values into scattered cells (None empties a cell), on a protected sheet too:
        the hidden Jenis and Kunci of a row staff added, a label."""

    def copy_formats(self, sheet: str, rows: dict[int, int], first_col: int, last_col: int) -> None:
        """Give each row ``r`` of ``rows`` the cell formats (number format, font, fill, borders,
        alignment, protection) of row ``rows[r]``, columns ``first_col``..``last_col``."""

    def read_book(self) -> BookData:
        """Every sheet and the defined names (a default: one read per sheet)."""

    def read_book_early(self) -> BookData | None:
        """The sheets while their formulas' values are still being computed (each a
        :class:`PendingSheetData`; :meth:`read_book` then gives the same grids with the values in),
        so that the work needing no computed value runs meanwhile; None where the values are read
        with the sheets (Excel, openpyxl): there is nothing to start early."""

    #: Whether what is read after :meth:`write_formulas` and :meth:`calculate` shows the new
    #: formulas' values: desktop Excel computes them at once; a file's adapter computes them only
    #: in the file saved, and xlwings Lite only when the script ends (the checks would then read
    #: the values from before the repair).
    recomputes: bool

    def calculate(self) -> None:
        """Compute the formulas written (Excel: at once); nothing to do where :attr:`recomputes`
        is false."""


def value_blocks(values: dict[str, Any]) -> list[tuple[str, list[list[Any]]]]:
    """Scattered cells' values as rectangles (top-left cell, rows): runs of adjacent cells in a
    row, and such runs one under the other: one write each."""
    by_row: dict[int, dict[int, Any]] = {}
    for ref, value in values.items():
        row, col = a1.parse_cell(ref)
        by_row.setdefault(row, {})[col] = value
    runs: list[tuple[int, int, int, list[Any]]] = []  # (row, first column, last column, values)
    for row in sorted(by_row):
        for start, end in a1.runs(by_row[row]):
            runs.append((row, start, end, [by_row[row][k] for k in range(start, end + 1)]))
    blocks: list[tuple[str, list[list[Any]]]] = []
    i = 0
    while i < len(runs):
        row, c1, c2, first = runs[i]
        block = [first]
        j = i + 1
        while j < len(runs) and runs[j][0] == row + len(block) and runs[j][1:3] == (c1, c2):
            block.append(runs[j][3])
            j += 1
        blocks.append((a1.cell(row, c1), block))
        i = j
    return blocks


def read_all(adapter: "BookAdapter") -> BookData:
    """Every sheet (one read each) and the defined names: what both adapters' ``read_book`` do."""
    data = BookData(adapter.source, names=adapter.defined_names())
    for name in adapter.sheet_names():
        data.sheets[name] = adapter.read_sheet(name)
    return data
