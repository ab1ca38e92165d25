"""Small helpers over openpyxl worksheets shared by the template and the writer."""

from __future__ import annotations

from typing import Iterable

from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl import textfit


def fit_row_height(ws: Worksheet, row: int, minimum: float | None = None,
                   columns: Iterable[str] | None = None, texts: dict[str, str] | None = None) -> None:
    """Give a row the height its wrapped text needs: neither Excel nor LibreOffice does that on
    opening a generated file, and cut-off names are what a printed report must not have.

    Pass the ``columns`` that may hold text: ``ws[row]`` measures the whole sheet's width on every
    call, which makes a big sheet quadratic. ``texts`` gives the text a formula cell will show
    (a reference to a name on another sheet), by column letter."""
    lines = 1
    cells = (ws[f"{c}{row}"] for c in columns) if columns is not None else ws[row]
    for cell in cells:
        value = (texts or {}).get(cell.column_letter, cell.value)
        if not isinstance(value, str) or value.startswith("=") or not value:
            continue
        if not (cell.alignment and cell.alignment.wrap_text):
            continue
        if ws.column_dimensions[cell.column_letter].hidden:
            continue  # a hidden column's text is not shown: it must not make the row tall
        width = ws.column_dimensions[cell.column_letter].width or 8.43
        size = (cell.font.sz if cell.font and cell.font.sz else 10) or 10
        bold = bool(cell.font and cell.font.b)
        lines = max(lines, textfit.lines(value, width, size=size, bold=bold))
    height = max(textfit.row_height(lines), minimum or 0)
    if lines > 1 or minimum:
        ws.row_dimensions[row].height = height
