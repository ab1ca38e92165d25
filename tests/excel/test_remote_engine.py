"""XlwingsBook over xlwings' remote engine (``xw.Book(json=...)``: xlwings Lite, xlwings Server).

The Walantaka workbook (with planted faults) is sent as the JSON payload the xlwings Office.js
client sends (tests/excel/officejs.py), recalculated through the adapter, and the actions the
engine returns are applied to the workbook with openpyxl; everything is compared with a
recalculation through the openpyxl adapter.

The remote engine cannot read formulas nor colours synchronously: they are given to the adapter
(``XlwingsBook(..., formulas=..., fills=...)``), as xlwings Lite reads them beforehand
(:mod:`lkjip_xl.lite`). Without the colours the adapter refuses to mark cells, rather than take
their colour for "no fill" and strip the yellow of input cells when it gives the colours back.
"""

from __future__ import annotations

import openpyxl
import pytest

from lkjip_xl import a1
from lkjip_xl.adapters.xlwings_adapter import XlwingsBook
from lkjip_xl.errors import ExcelAccessError
from lkjip_xl.layout import REKAP_LAYOUT as L
from lkjip_xl.recalc import MARK_COLORS, ORIGINAL_COLOR_COLUMN, recalculate
from lkjip_xl.findings import Severity
from tests.excel.officejs import apply_actions, as_pyodide, book_data, range_data
from tests.excel.test_xlwings_adapter import NOW, WORKDIR, _fill, evaluated, openpyxl_book, walantaka_planted

LAPORAN = L.years["laporan"]


def file_sources(path, computed):
    """The formulas and fills of the workbook file, as the adapter's sources."""
    ranges = range_data(path, computed)

    def formulas(sheet, address):
        r1, c1, r2, c2 = a1.parse_range(address)
        grid = ranges[sheet]["formulas"]
        return [[grid[r - 1][c - 1] for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def fills(sheet, cells):
        grid = ranges[sheet]["colors"]
        out = []
        for ref in cells:
            r, c = a1.parse_cell(ref)
            color = grid[r - 1][c - 1] if r <= len(grid) and c <= len(grid[r - 1]) else None
            out.append(color.lstrip("#") if color else None)
        return out

    return formulas, fills


def remote_book(path, computed):
    import xlwings as xw

    return xw.Book(json=as_pyodide(book_data(path, computed)))


def recalculate_remote(path):
    computed = evaluated(path)
    book = remote_book(path, computed)
    formulas, fills = file_sources(path, computed)
    result = recalculate(XlwingsBook(book, formulas=formulas, fills=fills), now=NOW)
    return book, result


def test_recalculate_through_the_remote_engine(remote_engine):
    path = walantaka_planted()
    book, result = recalculate_remote(path)

    reference = openpyxl_book(path)
    expected = recalculate(reference, now=NOW)
    assert [f.as_dict() for f in result.findings] == [f.as_dict() for f in expected.findings]
    assert result.findings

    wb = openpyxl.load_workbook(path)
    assert apply_actions(book.json()["actions"], wb) == []
    for name in ("Pemeriksaan", "Ringkasan"):
        for row in reference.wb[name].iter_rows():
            for cell in row:
                theirs = None if cell.value == "" else cell.value
                assert wb[name][cell.coordinate].value == theirs, (name, cell.coordinate)
    # the marked cells' own colours are kept, as on the desktop
    originals = [wb["Pemeriksaan"][c.coordinate].value for c in wb["Pemeriksaan"][ORIGINAL_COLOR_COLUMN]]
    assert "FFF2CC" in originals  # an input cell's yellow
    marked = {(f.sheet, f.cell) for f in result.findings if f.cell and ":" not in f.cell}
    for sheet, ref in marked:
        assert _fill(wb[sheet][ref]) == _fill(reference.wb[sheet][ref]), (sheet, ref)


def test_without_the_colours_the_remote_engine_refuses_to_mark(remote_engine):
    path = walantaka_planted()
    computed = evaluated(path)
    formulas, _ = file_sources(path, computed)
    adapter = XlwingsBook(remote_book(path, computed), formulas=formulas)
    with pytest.raises(ExcelAccessError, match="tidak dapat membaca warna isian"):
        recalculate(adapter, now=NOW)
    with pytest.raises(ExcelAccessError, match="fills="):
        adapter.get_fills(L.sheet, ["O14"])


def test_a_fixed_input_gets_its_own_colour_back(remote_engine):
    """Run 1 marks the realisasi Rp typed as text (an input cell, yellow); the staff fix it; run 2
    gives the cell its yellow back (before the fix, the remote path stripped it: no fill)."""
    path = walantaka_planted()
    book, first = recalculate_remote(path)
    cell = f"{LAPORAN.realisasi_rp}14"
    assert any(f.sheet == L.sheet and f.cell == cell for f in first.findings)
    original = _fill(openpyxl.load_workbook(path)[L.sheet][cell])
    assert original == "FFF2CC"

    wb = openpyxl.load_workbook(path)
    apply_actions(book.json()["actions"], wb)
    assert _fill(wb[L.sheet][cell]) in {MARK_COLORS[s] for s in Severity}
    wb[L.sheet][cell] = 315469078  # fixed: a number
    second_path = WORKDIR / "walantaka_planted_fixed.xlsx"
    wb.save(second_path)

    book2, second = recalculate_remote(second_path)
    assert not any(f.sheet == L.sheet and f.cell == cell for f in second.findings)
    wb2 = openpyxl.load_workbook(second_path)
    apply_actions(book2.json()["actions"], wb2)
    assert _fill(wb2[L.sheet][cell]) == original
    # and the same as the desktop path after the same two runs
    reference = openpyxl_book(second_path)
    recalculate(reference, now=NOW)
    for f in first.findings:
        if f.cell and ":" not in f.cell and f.sheet in wb2.sheetnames:
            assert _fill(wb2[f.sheet][f.cell]) == _fill(reference.wb[f.sheet][f.cell]), (f.sheet, f.cell)
