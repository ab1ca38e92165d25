"""Reading a workbook for the audit: the shapes of the workbook-file layer's contract."""

from __future__ import annotations

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill

from lkjip_xl.audit import read_sheets


def test_values_formulas_looks_merges_and_hidden_sheets(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Satu"
    ws["A1"] = "Judul"
    ws["A1"].font = Font(bold=True)
    ws["B2"] = 4
    ws["B3"] = 6
    ws["B4"] = "=SUM(B2:B3)"
    ws["C2"] = "anak"
    ws["C2"].alignment = Alignment(indent=2)
    ws["C3"] = 0.5
    ws["C3"].number_format = "0.00%"
    ws["C3"].fill = PatternFill("solid", fgColor="FFFF00")
    ws.merge_cells("A1:C1")
    hidden = wb.create_sheet("Dua")
    hidden["A1"] = "=Satu!B4*2"
    hidden.sheet_state = "veryHidden"
    path = tmp_path / "b.xlsx"
    wb.save(path)

    book = read_sheets(path)
    assert [(s.name, s.hidden) for s in book.sheets] == [("Satu", False), ("Dua", True)]
    one = book.cells["Satu"]
    assert (one.max_row, one.max_col) == (4, 3)
    assert one.formulas[3][1] == "=SUM(B2:B3)"
    assert one.formula_cells == [(4, 2)]
    assert one.values[3][1] == 10  # no cached value in an openpyxl file: the engine's
    assert book.values_from == "engine"
    assert book.cells["Dua"].values[0][0] == 20
    assert one.merged == [(1, 1, 1, 3)]
    assert book.look(one.styles[0][0]).bold is True
    assert book.look(one.styles[1][2]).indent == 2
    look = book.look(one.styles[2][2])
    assert (look.number_format, look.fill) == ("0.00%", "FFFF00")
    assert book.look(one.styles[1][1]).bold is False


def test_cached_values_are_what_excel_showed(tmp_path):
    # A file saved with values (as Excel does) keeps them, even where they are stale.
    import zipfile

    wb = openpyxl.Workbook()
    wb.active["A1"] = 2
    wb.active["A2"] = "=A1*3"
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(cached, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>A1*3</f><v></v>", b"<f>A1*3</f><v>7</v>").replace(
                    b"<f>A1*3</f>", b"<f>A1*3</f><v>7</v>") if b"<v>7</v>" not in data else data
            dst.writestr(item, data)
    book = read_sheets(cached)
    assert book.values_from == "cached"
    assert book.cells["Sheet"].values[1][0] == 7
