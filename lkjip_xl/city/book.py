"""What the city's two workbooks (``check -o`` results, ``gabung``) share: the header style, the
link to a source file (and cell), the sheet of every finding, and the atomic save.

Links are relative to the written workbook when the source lies beside or under it (the folder
moves as a whole, to a shared drive or a flash disk), absolute otherwise. A link to a cell is the
file and ``#'Sheet'!A1``, which Excel opens at that cell.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl import layout as lay
from lkjip_xl import textfit
from lkjip_xl.city.worker import FileResult
from lkjip_xl.errors import OutputError
from lkjip_xl.fileutil import atomic_write
from lkjip_xl.findings import Severity, plain

HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
ERROR_FILL = PatternFill("solid", fgColor=lay.FINDING_COLORS[Severity.ERROR.value])
WARNING_FILL = PatternFill("solid", fgColor=lay.FINDING_COLORS[Severity.WARNING.value])
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
LINK = Font(color="0563C1", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

FINDINGS_SHEET = "Temuan"
FINDING_COLUMNS = (("No", 6), ("Berkas", 34), ("OPD", 30), ("Tingkat", 11), ("Sheet", 20), ("Sel", 10),
                   ("Aturan", 22), ("Pesan", 80), ("Seharusnya", 14), ("Tertulis", 14))


def link_target(source: str, output: Path, sheet: str | None = None, cell: str | None = None) -> str:
    """The hyperlink target of ``source`` (optionally at ``sheet!cell``) from a workbook at ``output``."""
    path = Path(source).resolve()
    folder = output.resolve().parent
    try:
        target = path.relative_to(folder).as_posix()
    except ValueError:
        target = path.as_uri()
    if sheet and cell:
        first = cell.split(":")[0]
        target += "#'" + sheet.replace("'", "''") + "'!" + first
    return target


def number(value: Decimal | None) -> Any:
    """A figure as a cell holds it: whole Rupiah as int, other values as float, None as empty."""
    if value is None:
        return None
    v = plain(value)
    return v


def header(ws: Worksheet, row: int, titles: Sequence[tuple[str, float]]) -> None:
    for col, (title, width) in enumerate(titles, 1):
        cell = ws.cell(row, col, title)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTER, BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    fit_row(ws, row, bold=True)


def fit_row(ws: Worksheet, row: int, *, bold: bool = False) -> None:
    """A row as high as its longest wrapped text (neither Excel nor LibreOffice sizes a row written
    by a program: the text would print one line high, over the next row)."""
    n = 1
    for cell in ws[row]:
        if isinstance(cell.value, str) and not cell.value.startswith("="):
            width = ws.column_dimensions[cell.column_letter].width or 8.43
            n = max(n, textfit.lines(cell.value, width - 1, bold=bold))
    ws.row_dimensions[row].height = textfit.row_height(n)


def landscape(ws: Worksheet, title_rows: str | None = None) -> None:
    """Printed on A4 landscape, one page wide, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def findings_sheet(wb: Any, results: Sequence[FileResult], output: Path) -> int:
    """The sheet of every finding of every file, with the file and cell of each; returns how many."""
    ws = wb.create_sheet(FINDINGS_SHEET)
    header(ws, 1, FINDING_COLUMNS)
    r = 1
    for result in results:
        for f in result.findings:
            r += 1
            values = [r - 1, result.file, result.opd, f.severity.value, f.sheet, f.cell, f.rule, f.message,
                      plain(f.expected), plain(f.found)]
            for col, value in enumerate(values, 1):
                cell = ws.cell(r, col, value)
                if isinstance(value, str) and cell.data_type in ("f", "e"):
                    cell.data_type = "s"  # a formula or "#DIV/0!" quoted from a source file stays text
                cell.alignment, cell.border = WRAP, BORDER
            ws.cell(r, 2).hyperlink = link_target(result.file, output)
            ws.cell(r, 2).font = LINK
            if f.cell:
                ws.cell(r, 6).hyperlink = link_target(result.file, output, f.sheet, f.cell)
                ws.cell(r, 6).font = LINK
            if f.severity is Severity.ERROR:
                ws.cell(r, 4).fill = ERROR_FILL
            fit_row(ws, r)
    ws.freeze_panes = "A2"
    landscape(ws, "1:1")
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_COLUMNS))}{max(r, 2)}"
    return r - 1


def save_atomic(wb: Any, output: Path) -> Path:
    """Save beside ``output`` and rename over it: a failed save leaves no half-written workbook."""
    atomic_write(output, wb.save, OutputError)
    return output
