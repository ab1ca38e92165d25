"""The Rekap sheet's rows, from the plan (:mod:`lkjip_xl.rekap_plan`) and the template's style block.

Every row is made once, as (column, value, style) cells and a height, and handed to a sink: the
openpyxl worksheet itself (:class:`WorksheetRows`, for callers that go on editing the workbook) or
the XML text of :class:`lkjip_xl.sheet_stream.SheetRows` (a build written straight to a file, where
the Rekap of a big report is most of the work). The styles are worked out once per row kind and
column, the look of the template's style row with the cell locked or not, instead of per cell.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterable, Protocol

from openpyxl.styles import Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import column_index_from_string
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl import textfit
from lkjip_xl.layout import INDIKATOR_KINDS, REKAP_LAYOUT, RekapKind
from lkjip_xl.rekap_plan import RekapRow
from lkjip_xl.rules import Range

#: Columns whose text may wrap and so sets a row's height.
TEXT_COLUMNS = (REKAP_LAYOUT.kode, REKAP_LAYOUT.uraian, REKAP_LAYOUT.indikator, REKAP_LAYOUT.satuan)
#: Unlocked in every row: a row inserted below any row takes that row's protection, and staff type
#: the new row's kode, name or indicator there before Hitung Ulang formats it.
TYPED_ANYWHERE = frozenset({*TEXT_COLUMNS, REKAP_LAYOUT.metode})


def cell_value(v: Any) -> Any:
    """A model number as a cell holds it: whole Decimals as int, others as float; a range's lower end."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 10**15 else float(v)
    if isinstance(v, Range):
        return cell_value(v.min)
    return v


def target_max(v: Any) -> Any:
    """The upper end of a target range (metode rentang), else nothing."""
    return cell_value(v.max) if isinstance(v, Range) else None


class RowSink(Protocol):
    def add(self, row: int, cells: Iterable[tuple[int, Any, StyleArray]], height: float | None = None) -> None: ...


class WorksheetRows:
    """Rows put into an openpyxl worksheet (a height only where one is given, as
    :func:`lkjip_xl.sheetutil.fit_row_height` does)."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws

    def add(self, row: int, cells: Iterable[tuple[int, Any, StyleArray]], height: float | None = None) -> None:
        for col, value, style in cells:
            cell = self.ws.cell(row, col)
            cell._style = StyleArray(style)
            cell.value = value
        if height is not None:
            self.ws.row_dimensions[row].height = height


class RekapLook:
    """The style of every cell of a Rekap row, by row kind and column, and what sets the height.

    ``by_kind`` maps each kind to its style row's style by column letter (the template's block)."""

    def __init__(self, wb: Workbook, ws: Worksheet, by_kind: dict[RekapKind, dict[str, StyleArray]],
                 heights: dict[RekapKind, float | None]) -> None:
        L = REKAP_LAYOUT
        self.heights = heights
        locked = wb._protections.add(Protection(locked=True))
        unlocked = wb._protections.add(Protection(locked=False))
        self.cells: dict[RekapKind, list[tuple[int, str, StyleArray]]] = {}
        self.text: dict[RekapKind, list[tuple[str, float, float, bool]]] = {}
        for kind, styles in by_kind.items():
            open_cols = {*L.input_columns(kind), *L.label_columns(kind), *TYPED_ANYWHERE}
            row = []
            for letter, base in styles.items():
                style = StyleArray(base)
                style.protectionId = unlocked if letter in open_cols else locked
                row.append((column_index_from_string(letter), letter, style))
            self.cells[kind] = row
            text = []
            for letter in TEXT_COLUMNS:
                base = styles.get(letter)
                dim = ws.column_dimensions[letter]
                if base is None or dim.hidden or not wb._alignments[base.alignmentId].wrap_text:
                    continue
                font = wb._fonts[base.fontId]
                text.append((letter, dim.width or 8.43, (font.sz or 10) if font else 10, bool(font and font.b)))
            self.text[kind] = text

    def height(self, kind: RekapKind, values: dict[str, Any]) -> float | None:
        """The height the row's wrapped text needs (at least its style row's), None for the default."""
        lines = 1
        for letter, width, size, bold in self.text[kind]:
            value = values.get(letter)
            if isinstance(value, str) and value and not value.startswith("="):
                lines = max(lines, textfit.lines(value, width, size=size, bold=bold))
        minimum = self.heights.get(kind)
        if lines > 1 or minimum:
            return max(textfit.row_height(lines), minimum or 0)
        return None


def row_values(r: RekapRow, validate: Callable[[str, str, int], None]) -> dict[str, Any]:
    """The values of a Rekap row by column letter (formulas apart); ``validate(rule, column, row)``
    is told which input cells get which data validation."""
    L = REKAP_LAYOUT
    n = r.row
    values: dict[str, Any] = {L.jenis: r.kind.value, L.kunci: r.kunci}
    if r.kind in (RekapKind.PROGRAM, RekapKind.KEGIATAN):
        obj = r.program if r.kind is RekapKind.PROGRAM else r.kegiatan
        values[L.kode] = obj.kode
        values[L.uraian] = obj.nama
    elif r.kind in INDIKATOR_KINDS:
        ind = r.indikator
        values[L.indikator] = ind.uraian
        values[L.satuan] = ind.satuan
        values[L.metode] = ind.metode.value
        validate("metode", L.metode, n)
        for year, y in L.years.items():
            block = ind.tahun(year)
            values[y.target] = cell_value(block.target) if block else None
            values[y.target_max] = target_max(block.target) if block else None
            values[y.realisasi] = cell_value(block.realisasi) if block else None
            for col in (y.target, y.target_max, y.realisasi):
                validate("k", col, n)
    else:
        values[L.uraian] = r.label
    if r.kind is RekapKind.KEGIATAN:
        for year, y in L.years.items():
            block = r.kegiatan.tahun(year)
            values[y.pagu] = cell_value(block.pagu) if block else None
            values[y.realisasi_rp] = cell_value(block.realisasi_rp) if block else None
            validate("rp", y.pagu, n)
            validate("rp", y.realisasi_rp, n)
    return values


def write_rows(rows: list[RekapRow], formulas: Iterable[tuple[str, str]], look: RekapLook, sink: RowSink,
               validate: Callable[[str, str, int], None], progress: Callable[[float], None] | None = None) -> None:
    """Every row of the plan into ``sink``: its values and formulas in its kind's styles."""
    by_row: dict[int, dict[str, str]] = {}
    for ref, formula in formulas:
        letters = ref.rstrip("0123456789")  # the plan's own references: letters then digits
        by_row.setdefault(int(ref[len(letters):]), {})[letters] = formula
    plain = StyleArray()
    step = max(1, len(rows) // 50)
    for i, r in enumerate(rows):
        values = row_values(r, validate)
        height = look.height(r.kind, values)  # from the typed text: a formula's text is not known here
        values.update(by_row.pop(r.row, {}))
        cells = [(col, values.pop(letter, None), style) for col, letter, style in look.cells[r.kind]]
        if values:  # a formula outside the style block's columns: unstyled, in column order
            cells += [(column_index_from_string(letter), value, plain) for letter, value in values.items()]
            cells.sort(key=lambda c: c[0])
        sink.add(r.row, cells, height)
        if progress and i % step == 0:
            progress(i / len(rows))
    if by_row:  # pragma: no cover - the plan's formulas are on its rows
        raise ValueError(f"Rekap formulas outside the planned rows: {sorted(by_row)[:5]}")
