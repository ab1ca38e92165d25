"""The Pemeriksaan sheet as staff read it, on the screen and on paper.

Hitung Ulang writes the findings into this table as plain values, inside Excel (xlwings) or in the
file (the package writer), and neither can style a cell. So the generator prepares the rows the
findings will fill: every cell of the first :data:`CAPACITY` rows already has its look, invisible
while the row is empty (wrapped text at the top of the cell, the number formats of Seharusnya and
Tertulis, Indonesian-style through the regional settings), and conditional formats do the rest
once a row holds a finding: borders, the severity's colour in the Tingkat column (the same colour
as the cell it marks), whole numbers without decimals. A formula in the last column links each
finding to its cell. The header row is frozen, filtered and repeated on every printed page.
"""

from __future__ import annotations

import copy

from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl import layout as lay

#: Rows prepared for findings (more still get written, without the look).
CAPACITY = 500
#: Number formats of Seharusnya and Tertulis: two decimals, none for a whole number (a conditional
#: format), thousands grouped: 91,67 and 19.213.538.636 with Indonesian settings.
FMT_VALUE = "#,##0.00"
FMT_WHOLE = "#,##0"

_THIN = Side(style="thin", color="808080")


def prepare(ws: Worksheet, header_row: int, first: int, capacity: int = CAPACITY,
            table: lay.Table = lay.PEMERIKSAAN_TABLE) -> None:
    """Give the table's data rows ``first`` .. ``first + capacity - 1`` their look (see the module)."""
    last = first + capacity - 1
    letters = [c.letter for c in table.columns]
    base = ws[f"{letters[0]}{header_row}"]
    font = Font(name=base.font.name, size=base.font.sz or 10)
    top = dict(vertical="top", wrap_text=True)
    looks = {
        "no": dict(alignment=Alignment(horizontal="center", **top), number_format="0"),
        "tingkat": dict(alignment=Alignment(horizontal="center", **top)),
        "seharusnya": dict(alignment=Alignment(**top), number_format=FMT_VALUE),
        "tertulis": dict(alignment=Alignment(**top), number_format=FMT_VALUE),
        "tautan": dict(alignment=Alignment(horizontal="center", vertical="top"),
                       font=Font(name=font.name, size=font.sz, color="0563C1", underline="single")),
    }
    for col in table.columns:
        look = looks.get(col.key, dict(alignment=Alignment(horizontal="left", **top)))
        cell = ws[f"{col.letter}{first}"]
        cell.font = look.get("font", font)
        cell.alignment = look["alignment"]
        cell.number_format = look.get("number_format", "General")
        # The column's other rows take the first one's style indices as they are (as the writer
        # copies a row's look): setting each attribute on 5,000 cells made openpyxl copy and
        # look up a Font per cell, a quarter of a second per workbook built.
        style = cell._style
        for row in range(first + 1, last + 1):
            ws[f"{col.letter}{row}"]._style = copy.copy(style)
    _conditional_formats(ws, first, last, table)
    header = ws[header_row]
    for cell in header:
        if cell.column_letter in letters:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = f"A{first}"
    ws.auto_filter.ref = f"{letters[0]}{header_row}:{letters[-1]}{last}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"


def _conditional_formats(ws: Worksheet, first: int, last: int, table: lay.Table) -> None:
    """Each column its own conditional formats, every rule complete (border included): where ranges
    overlap, LibreOffice applies only the first that matches."""
    no = f"${table.columns[0].letter}{first}"
    box = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    filled = Rule(type="expression", formula=[f'{no}<>""'], dxf=DifferentialStyle(border=box))
    tingkat = table.letter("tingkat")
    for col in table.columns:
        cells = f"{col.letter}{first}:{col.letter}{last}"
        if col.key == "tingkat":
            for severity, color in lay.FINDING_COLORS.items():
                fill = PatternFill("solid", fgColor=color, bgColor=color)
                ws.conditional_formatting.add(cells, Rule(type="expression", formula=[f'${tingkat}{first}="{severity}"'],
                                                          dxf=DifferentialStyle(fill=fill, border=box)))
        elif col.key in ("seharusnya", "tertulis"):
            cell = f"{col.letter}{first}"
            whole = DifferentialStyle(numFmt=NumberFormat(numFmtId=3, formatCode=FMT_WHOLE), border=box)
            ws.conditional_formatting.add(cells, Rule(type="expression", dxf=whole,
                                                      formula=[f"AND(ISNUMBER({cell}),{cell}=INT({cell}))"]))
        ws.conditional_formatting.add(cells, copy.copy(filled))
