"""The "Periksa Buku Kerja" entry (lkjip_xl.excel.audit_caller): the audit of ANY workbook open in
Excel, its findings in a Pemeriksaan sheet of their own, the same as ``lkjip-xl check`` finds."""

from __future__ import annotations

import json

import xlwings as xw

import lkjip_xl.excel as excel
from lkjip_xl.audit.annotate import COLORS, TITLE
from lkjip_xl.cli import main
from lkjip_xl.findings import Severity
from tests.audit.builders import SHEET, evaluasi, write
from tests.excel.fake_xlwings import FakeBook, fake_caller


def _planted(tmp_path, extra=None):
    cells, bold = evaluasi()
    cells["H5"] = "=SUM(H6:H8)"  # misses rows 9 and 10
    sheets = {SHEET: (cells, bold)}
    sheets.update(extra or {})
    return write(tmp_path / "kantor.xlsx", sheets)


def _run(book, monkeypatch):
    monkeypatch.setattr(xw.Book, "caller", fake_caller(book))
    return excel.audit_caller()


def test_audit_of_an_open_foreign_workbook_writes_its_sheet(tmp_path, monkeypatch, capsys):
    path = _planted(tmp_path)
    book = FakeBook(path)
    result = _run(book, monkeypatch)
    assert main(["check", str(path), "--json"]) == 1
    cli = json.loads(capsys.readouterr().out)["findings"]
    assert [(f.rule, f.sheet, f.cell) for f in result.findings] == [(f["rule"], f["sheet"], f["cell"]) for f in cli]
    ws = book.wb["Pemeriksaan"]
    assert book.wb.sheetnames == [SHEET, "Pemeriksaan"]
    assert ws["A1"].value == TITLE
    assert [c.value for c in ws[3]] == ["No", "Sheet", "Sel", "Aturan", "Tingkat", "Pesan"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True)]
    assert len(rows) == len(result.findings)
    h5 = next(r for r in rows if r[3] == "rentang-kurang")
    assert h5[1] == SHEET and h5[2] == f'=HYPERLINK("#\'{SHEET}\'!H5","H5")' and h5[4] == "kesalahan"
    assert h5[5].startswith("Rumus SUM tidak mencakup baris 9, 10")
    i = rows.index(h5) + 4
    assert ws[f"E{i}"].fill.fgColor.rgb.endswith(COLORS[Severity.ERROR])
    # nothing of the office's own changed: no colour on its cells, its formulas as they were
    assert book.wb[SHEET]["H5"].value == "=SUM(H6:H8)"
    assert not book.wb[SHEET]["H5"].fill.fgColor.rgb.endswith(COLORS[Severity.ERROR])
    app = book._app
    n = result.counts
    assert app.status_bar == (f"lkjip-xl: {n[Severity.ERROR]} kesalahan, {n[Severity.WARNING]} peringatan, "
                              f"{n[Severity.INFO]} catatan - lihat sheet Pemeriksaan.")
    assert app.alerts == [] and app.screen_updating is True


def test_pressed_again_it_replaces_its_own_sheet(tmp_path, monkeypatch):
    book = FakeBook(_planted(tmp_path))
    first = _run(book, monkeypatch)
    book.wb[SHEET]["H5"] = "=SUM(H6:H10)"  # fixed
    book.dirty = True
    book.settle()
    again = _run(book, monkeypatch)
    assert book.wb.sheetnames == [SHEET, "Pemeriksaan"]
    assert len(first.findings) == 2 and again.findings == []  # the capaian over 200 % was its effect
    rows = [r for r in book.wb["Pemeriksaan"].iter_rows(min_row=4, values_only=True) if any(v is not None for v in r)]
    assert rows == [(None, None, None, None, None, "Tidak ada temuan.")]


def test_an_office_sheet_named_pemeriksaan_is_left_alone(tmp_path, monkeypatch):
    path = _planted(tmp_path, {"Pemeriksaan": ({"A1": "catatan kantor", "B2": 5}, set())})
    book = FakeBook(path)
    _run(book, monkeypatch)
    assert book.wb.sheetnames == [SHEET, "Pemeriksaan", "Pemeriksaan lkjip-xl"]
    assert book.wb["Pemeriksaan"]["A1"].value == "catatan kantor" and book.wb["Pemeriksaan"]["B2"].value == 5
    assert book.wb["Pemeriksaan lkjip-xl"]["A1"].value == TITLE
