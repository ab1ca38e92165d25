"""XlwingsBook over xlwings' remote engine (``xw.Book(json=...)``: xlwings Server, Office.js).

The remote engine is part of xlwings PRO: it only loads with a licence key. Where
``XLWINGS_LICENSE_KEY`` is set, this test sends the Walantaka workbook (with planted faults) as the
JSON payload the xlwings client would send, recalculates it through the adapter, applies the
actions the engine returns to the workbook with openpyxl, and compares with a recalculation
through the openpyxl adapter. Elsewhere (as in this project's CI) it is skipped.

The remote engine cannot read formulas (nor colours) synchronously: the formulas are given to the
adapter from the file (``XlwingsBook(..., formulas=...)``), and the cells' own colours are unknown
there, so the colours are compared only for the marked cells.
"""

from __future__ import annotations

import datetime as dt
import os

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from lkjip_xl import a1
from lkjip_xl.adapters.xlwings_adapter import XlwingsBook
from lkjip_xl.recalc import recalculate
from tests.excel.test_xlwings_adapter import NOW, _fill, evaluated, openpyxl_book, walantaka_planted

pytestmark = pytest.mark.skipif(
    not os.environ.get("XLWINGS_LICENSE_KEY"),
    reason="xlwings' remote engine is part of xlwings PRO and loads only with XLWINGS_LICENSE_KEY set",
)


def _json_value(cell, computed, sheet):
    if cell is None:
        return ""
    v = cell.value
    if cell.data_type == "f":
        v = computed.get((sheet, cell.coordinate))
    if v is None:
        return ""
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    return v


def payload(path, computed):
    """What the xlwings client sends: every sheet's values from A1, the names, the book."""
    import xlwings as xw

    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        values = [[_json_value(ws._cells.get((r, c)), computed, ws.title) for c in range(1, ws.max_column + 1)]
                  for r in range(1, ws.max_row + 1)]
        sheets.append({"name": ws.title, "values": values, "pictures": [], "tables": [], "charts": [],
                       "shapes": [], "pivot_tables": [],
                       "used_range_address": a1.range_ref(ws.min_row, ws.min_column, ws.max_row, ws.max_column)})
    names = []
    for name, dn in wb.defined_names.items():
        sheet, ref = next(iter(dn.destinations))
        names.append({"name": name, "sheet_index": wb.sheetnames.index(sheet), "address": ref.replace("$", ""),
                      "book_scope": True, "scope_sheet_name": None, "scope_sheet_index": None,
                      "refers_to": "=" + dn.attr_text})
    return {"client": "Microsoft Office Scripts", "version": xw.__version__,
            "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
            "names": names, "sheets": sheets}


def file_formulas(path):
    wb = openpyxl.load_workbook(path)

    def formulas(sheet, address):
        r1, c1, r2, c2 = a1.parse_range(address)
        ws = wb[sheet]
        return [[(v if isinstance(v := ws.cell(r, c).value, str) and v.startswith("=") else None)
                 for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    return formulas


def apply_actions(actions, wb):
    """Do in ``wb`` what the xlwings client would do in Excel with the returned actions."""
    for action in actions:
        ws = wb.worksheets[action["sheet_position"]]
        r0, c0 = action["start_row"] + 1, action["start_column"] + 1
        rows, cols = action["row_count"], action["column_count"]
        func = action["func"]
        if func == "setValues":
            for i, row in enumerate(action["values"]):
                for j, v in enumerate(row):
                    cell = ws.cell(r0 + i, c0 + j)
                    if isinstance(v, str) and v.startswith("'"):
                        cell.value = v[1:]
                        cell.data_type = "s"
                    else:
                        cell.value = None if v == "" else v
        elif func == "rangeClearContents":
            for r in range(r0, r0 + rows):
                for c in range(c0, c0 + cols):
                    ws.cell(r, c).value = None
        elif func == "setRangeColor":
            color = action["args"][0]
            fill = PatternFill("solid", fgColor=color.lstrip("#")) if color else PatternFill()
            for r in range(r0, r0 + rows):
                for c in range(c0, c0 + cols):
                    ws.cell(r, c).fill = fill
        elif func == "setRangeColors":
            for i, row in enumerate(action["args"][0]):
                for j, color in enumerate(row):
                    if color == "keep":
                        continue
                    ws.cell(r0 + i, c0 + j).fill = (PatternFill("solid", fgColor=color.lstrip("#")) if color
                                                    else PatternFill())
        else:  # pragma: no cover - an action the adapter should not cause
            raise AssertionError(f"unexpected action {func}")


def test_recalculate_through_the_remote_engine(tmp_path):
    import xlwings as xw

    path = walantaka_planted()
    computed = evaluated(path)
    book = xw.Book(json=payload(path, computed))
    result = recalculate(XlwingsBook(book, formulas=file_formulas(path)), now=NOW)

    reference = openpyxl_book(path)
    expected = recalculate(reference, now=NOW)
    assert [f.as_dict() for f in result.findings] == [f.as_dict() for f in expected.findings]

    wb = openpyxl.load_workbook(path)
    apply_actions(book.json()["actions"], wb)
    for name in ("Pemeriksaan", "Ringkasan"):
        for row in reference.wb[name].iter_rows():
            for cell in row:
                if name == "Pemeriksaan" and cell.column_letter == "I":
                    continue  # the cells' own colours: unknown to the remote engine
                theirs = None if cell.value == "" else cell.value
                assert wb[name][cell.coordinate].value == theirs, (name, cell.coordinate)
    marked = {(f.sheet, f.cell) for f in result.findings if f.cell and ":" not in f.cell}
    for sheet, ref in marked:
        assert _fill(wb[sheet][ref]) == _fill(reference.wb[sheet][ref]), (sheet, ref)
