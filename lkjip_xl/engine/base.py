"""The interface every evaluation engine offers: everything the pipeline asks of one, declared.

An engine opens a workbook, computes every formula (ignoring any value cached in the file) and
returns the results as plain Python values, so the checks can compare them with what the rules in
:mod:`lkjip_xl.rules` say the cells must hold. The recalculation reads the sheets itself while the
engine computes (:mod:`.run`), so it asks for the results as grids over each sheet's used range
(:meth:`Engine.evaluate_grids`: a few objects cross a process boundary, not one per cell) and then
picks the formula cells' values out of them (:meth:`Engine.formula_values`), where a circular
reference or a cell the engine could not compute is an :class:`EngineError` naming the cells.

An engine that only computes :data:`Values` implements :meth:`Engine.evaluate`; the grid
operations have defaults built on it. formualizer overrides them to hand back its own grids.
"""

from __future__ import annotations

import re
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from lkjip_xl import a1
from lkjip_xl.errors import LkjipError
from lkjip_xl.ooxml.package import PackageError
from lkjip_xl.ooxml.sheet import read_worksheets

__all__ = ["CIRCULAR", "Engine", "EngineError", "Grids", "NOT_IMPLEMENTED", "SheetFormulas", "Spans", "Values",
           "raise_for_uncomputed", "read_formula_sheets", "release_freed_memory"]

#: ``(sheet name, cell address) -> computed value`` of every formula cell of a workbook.
#:
#: * the sheet name is spelled exactly as in the workbook (``"Rekap Kegiatan"``), the address is
#:   upper case without ``$`` (``"P12"``);
#: * numbers are ``float`` (also integers such as a ``MATCH`` position), text is ``str``
#:   (``""`` for an empty-string result such as ``IF(B1>0, A1/B1, "")``), booleans are ``bool``;
#: * ``None`` stands for an empty result;
#: * an Excel error is its error string: ``"#DIV/0!"``, ``"#N/A"``, ``"#VALUE!"``, ``"#NAME?"``,
#:   ``"#REF!"``, ``"#NUM!"``, ``"#NULL!"``.
Values = dict[tuple[str, str], object]
#: Sheet -> ``(row1, col1, row2, col2)``: the range of each sheet an engine is asked for.
Spans = dict[str, tuple[int, int, int, int]]
#: Sheet -> rows of that sheet's span, each a list of the engine's cells (see :meth:`Engine.cell_value`).
Grids = dict[str, list[list[Any]]]

#: Values that mean the engine could not compute the cell at all: a circular reference, and
#: something it does not implement.
CIRCULAR = "#CIRC!"
NOT_IMPLEMENTED = "#N/IMPL!"
#: Most cells named in an error message before "and N more".
_MAX_CELLS_IN_MESSAGE = 10


class EngineError(LkjipError):
    """A workbook (or a formula) could not be evaluated; the message names the file (or formula).

    ``path`` is the workbook concerned (``None`` when the error is about a lone formula text) and
    ``cells`` the ``(sheet, address)`` pairs concerned, when known.
    """

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        cells: list[tuple[str, str]] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.cells = list(cells or [])
        super().__init__(f"{path}: {message}" if path is not None else message)


@dataclass
class SheetFormulas:
    """The formula cells of one worksheet, as an engine is told them: where they are (in sheet
    order) and the array and data-table formulas, whose ranges are formula cells too."""

    name: str
    part: str
    #: (row, column) of every cell holding a formula.
    cells: list[tuple[int, int]] = field(default_factory=list)
    #: (row, column, kind, ref) of each array and data-table formula (``ref``: ``"C1:C3"``).
    arrays: list[tuple[int, int, str, str]] = field(default_factory=list)

    def array_ranges(self) -> list[tuple[int, int, int, int]]:
        """``(row1, col1, row2, col2)`` of every array / data-table formula of the sheet."""
        out = []
        for _, _, _, ref in self.arrays:
            try:
                out.append(a1.parse_range(ref))
            except ValueError:
                continue
        return out

    def positions(self) -> list[tuple[int, int]]:
        """``(row, col)`` of every formula cell, the other cells of array ranges included."""
        seen = dict.fromkeys(self.cells)
        for r1, c1, r2, c2 in self.array_ranges():
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    seen.setdefault((r, c), None)
        return list(seen)


def read_formula_sheets(path: Path) -> list[SheetFormulas]:
    """The formula cells of every worksheet of the workbook at ``path``, read by the one sheet
    reader (:class:`~lkjip_xl.ooxml.sheet.SheetReader`), for an engine's standalone
    :meth:`Engine.evaluate`; a file that is not a workbook package is an :class:`EngineError`.
    The recalculation does not come here: it tells the engine the cells it read already."""
    try:
        parts, read = read_worksheets(path, formulas_only=True)
        return [SheetFormulas(name, parts.sheets[name], cells.formula_cells, cells.arrays) for name, cells in read.items()]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, UnicodeDecodeError, EOFError, PackageError) as ex:
        raise EngineError(
            f"cannot load the workbook for evaluation ({type(ex).__name__}: {ex})", path
        ) from ex


def release_freed_memory() -> None:
    """Hand the memory a Rust engine freed back to the operating system.

    glibc keeps freed heap memory for later ``malloc`` calls, which Python's own allocator does not
    make: the 300 MB of a large model would otherwise stay in the process for the rest of the
    recalculation (openpyxl's save comes on top of it). A no-op outside glibc.
    """
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


# -- the engine --------------------------------------------------------------------------------


class _Absent:
    """A grid position an engine gave no value for (not in its :data:`Values`)."""

    def __repr__(self) -> str:
        return "ABSENT"

    def __reduce__(self) -> str:
        return "ABSENT"  # one object, also across the pipe from a forked worker


ABSENT = _Absent()


def sheet_prefix(sheet: str) -> str:
    """``Rekap`` or ``'Rekap Kegiatan'``: a sheet's name as a formula writes it before ``!``."""
    if re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", sheet) and not re.match(r"^[A-Za-z]{1,3}\d+$", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def cell_list(cells: list[tuple[str, str]]) -> str:
    """``Sheet!A1, 'Rekap Kegiatan'!P12 and 3 more``."""
    shown = ", ".join(f"{sheet_prefix(s)}!{a}" for s, a in cells[:_MAX_CELLS_IN_MESSAGE])
    more = len(cells) - _MAX_CELLS_IN_MESSAGE
    return shown + (f" and {more} more" if more > 0 else "")


def raise_for_uncomputed(values: Mapping[tuple[str, str], object], path: Path, engine: str, version: str) -> None:
    """Raise :class:`EngineError` when a cell is in a circular reference (``#CIRC!``) or uses
    something the engine does not implement (``#N/IMPL!``)."""
    for marker, what in (
        (CIRCULAR, "a circular reference"),
        (NOT_IMPLEMENTED, f"something {engine} {version} does not implement"),
    ):
        cells = [key for key, value in values.items() if value == marker]
        if cells:
            raise EngineError(f"{len(cells)} formula cell(s) could not be computed ({what}): {cell_list(cells)}",
                              path, cells=cells)


class GridValues(Mapping):
    """``{(sheet, "A1"): value}`` over an engine's grids: what the rewriter asks for the formula
    cells it meets. A cell outside a sheet's grid, or one the engine gave nothing for, is not in it."""

    def __init__(self, engine: "Engine", grids: Grids, spans: Spans) -> None:
        self.engine, self.grids, self.spans = engine, grids, spans
        self._len: int | None = None

    def _raw(self, key: tuple[str, str]) -> Any:
        sheet, address = key
        grid = self.grids.get(sheet)
        if grid is None:
            return ABSENT
        try:
            row, col = a1.parse_cell_uncached(address)
        except ValueError:
            return ABSENT
        r1, c1 = self.spans[sheet][:2]
        if not (0 <= row - r1 < len(grid)) or not (0 <= col - c1 < len(grid[row - r1])):
            return ABSENT
        return grid[row - r1][col - c1]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and self._raw(key) is not ABSENT  # type: ignore[arg-type]

    def __getitem__(self, key: tuple[str, str]) -> object:
        raw = self._raw(key)
        if raw is ABSENT:
            raise KeyError(key)
        return self.engine.cell_value(raw)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for sheet, grid in self.grids.items():
            r1, c1 = self.spans[sheet][:2]
            for i, row in enumerate(grid):
                for j, raw in enumerate(row):
                    if raw is not ABSENT:
                        yield sheet, a1.cell(r1 + i, c1 + j)

    def __bool__(self) -> bool:
        # The rewriter asks this once per chunk of every sheet: the cells are counted once at most.
        if self._len is None and self.grids and any(row and row[0] is not ABSENT
                                                    for grid in self.grids.values() for row in grid[:1]):
            return True
        return len(self) > 0

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(1 for row_grid in self.grids.values() for row in row_grid for raw in row
                            if raw is not ABSENT)
        return self._len


class Engine(ABC):
    """Evaluates every formula of an ``.xlsx``/``.xlsm`` workbook without Excel."""

    #: Short name shown in reports (``"formulas"``).
    name: str = ""

    @abstractmethod
    def evaluate(self, path: Path) -> Values:
        """The computed value of every formula cell of the workbook at ``path``.

        Raises :class:`EngineError` (naming the file) when the workbook cannot be read or some
        formula cannot be computed at all (a circular reference, an engine failure).
        """

    def evaluate_grids(self, path: Path, spans: Spans) -> Grids:
        """Evaluate ``path`` and give each sheet's span as a grid of the engine's cells.

        The default places :meth:`evaluate`'s values (a position without one holds ``ABSENT``)."""
        grids: Grids = {sheet: [[ABSENT] * (c2 - c1 + 1) for _ in range(r2 - r1 + 1)]
                        for sheet, (r1, c1, r2, c2) in spans.items()}
        for (sheet, address), value in self.evaluate(path).items():
            span = spans.get(sheet)
            if span is None:
                continue
            row, col = a1.parse_cell(address)
            if span[0] <= row <= span[2] and span[1] <= col <= span[3]:
                grids[sheet][row - span[0]][col - span[1]] = value
        return grids

    def cell_value(self, raw: Any) -> object:
        """One grid cell as a plain value of :data:`Values` (the default grids hold them already)."""
        return None if raw is ABSENT else raw

    def check_formulas(self, sheets: list[SheetFormulas], path: Path) -> None:
        """Refuse (:class:`EngineError`) a workbook holding formulas the engine would evaluate
        wrongly; the formula cells are those the reader found. Default: none refused."""

    def formula_values(self, grids: Grids, spans: Spans, sheets: list[SheetFormulas],
                       path: Path) -> dict[str, list[object]]:
        """Sheet -> the values of its formula cells, in the order of ``SheetFormulas.positions()``,
        out of :meth:`evaluate_grids`' grids. Raises :class:`EngineError` naming the cells the engine
        could not compute (circular references, what it does not implement), and whatever
        :meth:`check_formulas` refuses."""
        self.check_formulas(sheets, path)
        out: dict[str, list[object]] = {}
        bad: dict[object, list[tuple[str, str]]] = {CIRCULAR: [], NOT_IMPLEMENTED: []}
        convert = self.cell_value
        for sheet in sheets:
            positions = sheet.positions()
            if not positions:
                continue
            if sheet.name not in grids:
                cells = [(sheet.name, a1.cell(r, c)) for r, c in positions]
                raise EngineError(f"{self.name} did not load sheet {sheet.name!r}", path, cells=cells)
            grid = grids[sheet.name]
            r1, c1 = spans[sheet.name][:2]
            found = out[sheet.name] = []
            for r, c in positions:
                row = grid[r - r1] if 0 <= r - r1 < len(grid) else ()
                value = convert(row[c - c1]) if 0 <= c - c1 < len(row) else None
                if value in bad:
                    bad[value].append((sheet.name, a1.cell(r, c)))
                found.append(value)
        if bad[CIRCULAR] or bad[NOT_IMPLEMENTED]:
            raise_for_uncomputed({cell: marker for marker, cells in bad.items() for cell in cells}, path,
                                 self.name, self.version)
        return out

    def lookup(self, grids: Grids, spans: Spans) -> Mapping[tuple[str, str], object]:
        """The grids as a read-only ``{(sheet, "A1"): value}`` mapping (for the rewriter)."""
        return GridValues(self, grids, spans)

    #: The engine's version, named in messages.
    version: str = ""

    def close(self) -> None:
        """Release what the engine holds (a LibreOffice profile); a later use starts again."""
