"""The repair through the Hitung Ulang button's adapter (xlwings, over its test double): calls
that do not grow with the rows added, protection lifted and put back, Pulihkan Rumus, and xlwings
Lite (whose writes Excel applies after the script: the repair is reported, the checks wait)."""

from __future__ import annotations

import datetime as dt

import pytest

from lkjip_xl.adapters.xlwings_adapter import XlwingsBook, relative_formula
from lkjip_xl.findings import Severity
from lkjip_xl.recalc import AGAIN, recalculate
from tests.checks import LAP, REKAP, L, build, edit, excel_insert_rows, extended_report, set_cells
from tests.excel.fake_xlwings import FakeBook, FakeEngine

NOW = dt.datetime(2021, 2, 22, 10, 0)


@pytest.fixture(scope="module")
def ext(tmp_path_factory):
    return build(extended_report(), tmp_path_factory.mktemp("button") / "contoh.xlsx")


def indicators_added(ext, path, n: int):
    """``n`` indicators typed into rows inserted after the last indicator of 5001.500105.01.001."""
    def change(wb):
        excel_insert_rows(wb, REKAP, 21, n)
        for i in range(n):
            set_cells(REKAP, {f"C{21 + i}": f"Indikator {i + 1}", f"D{21 + i}": "dokumen", f"{LAP.target}{21 + i}": 4,
                              f"{LAP.realisasi}{21 + i}": 3})(wb)
    return edit(ext, path, change)


def test_relative_formula_groups_the_same_formula_of_different_rows():
    a = relative_formula('=IF(ISNUMBER(P21),IF(P21<=50,"x",""),"")', "R21")
    assert a == relative_formula('=IF(ISNUMBER(P40),IF(P40<=50,"x",""),"")', "R40")
    assert a != relative_formula('=IF(ISNUMBER(P39),IF(P39<=50,"x",""),"")', "R40")
    assert relative_formula("=SUM(G14:G20)", "G9") != relative_formula("=SUM(G14:G21)", "G9")


def test_the_calls_do_not_grow_with_the_rows_added(ext, tmp_path):
    counts = []
    for n in (1, 6):
        book = FakeBook(indicators_added(ext, tmp_path / f"tambah{n}.xlsx", n))
        book.calls.reset()
        result = recalculate(XlwingsBook(book), now=NOW)
        assert [f for f in result.findings if f.severity is Severity.ERROR] == []
        assert sum(f.rule == "baris-diperbaiki" for f in result.findings) == n
        counts.append((book.calls.writes["range.formula"], book.calls.writes["range.value"],
                       book.calls.writes["range.paste"], book.calls.total_reads))
        ws = book.wb[REKAP]
        assert ws[f"{LAP.capaian_k}{20 + n}"].value.startswith(f"=IF(AND(ISNUMBER({LAP.target}{20 + n})")
        assert ws[f"{LAP.capaian_k}18"].value == f'=IFERROR(AVERAGE({LAP.capaian_k}19:{LAP.capaian_k}{20 + n}),"")'
    assert counts[0][:3] == counts[1][:3]  # the same writes for one row as for six
    assert counts[1][3] <= counts[0][3] + 20


def test_the_sheet_is_protected_again_as_it_was(ext, tmp_path):
    book = FakeBook(indicators_added(ext, tmp_path / "tambah.xlsx", 2))
    before = {a: getattr(book.wb[REKAP].protection, a) for a in ("sheet", "insertRows", "deleteRows", "formatCells")}
    recalculate(XlwingsBook(book), now=NOW)
    after = {a: getattr(book.wb[REKAP].protection, a) for a in before}
    assert after == before == {"sheet": True, "insertRows": False, "deleteRows": False, "formatCells": False}
    assert book.wb[REKAP][f"{L.jenis}21"].value == "indikator_kegiatan"


def test_pulihkan_rumus_restores_typed_over_formulas_and_keeps_the_value(ext, tmp_path):
    path = edit(ext, tmp_path / "ketik.xlsx", set_cells(REKAP, {f"{LAP.capaian_k}19": 99.5}))
    book = FakeBook(path)
    plain = recalculate(XlwingsBook(book), now=NOW)
    assert any(f.rule == "rumus-tertimpa" and f.cell == f"{LAP.capaian_k}19" for f in plain.findings)
    assert book.wb[REKAP][f"{LAP.capaian_k}19"].value == 99.5  # not silently replaced
    restored = recalculate(XlwingsBook(book), now=NOW, restore=True)
    assert book.wb[REKAP][f"{LAP.capaian_k}19"].value.startswith("=IF(AND(ISNUMBER(")
    (f,) = [f for f in restored.findings if f.cell == f"{LAP.capaian_k}19"]
    assert (f.rule, f.found) == ("rumus-dipulihkan", 99.5)
    pemeriksaan = book.wb["Pemeriksaan"]
    rows = [[c.value for c in r] for r in pemeriksaan.iter_rows(min_row=4)]
    assert any(r[3] == f"{LAP.capaian_k}19" and r[4] == "rumus-dipulihkan" and r[7] == 99.5 for r in rows)


def test_the_button_entry_points(ext, tmp_path, monkeypatch):
    """``restore_caller`` (the Pulihkan Rumus button) is the Recalculate button's routine with the
    formulas restored."""
    import xlwings as xw

    from lkjip_xl import excel
    from tests.excel.fake_xlwings import fake_caller

    path = edit(ext, tmp_path / "ketik.xlsx", set_cells(REKAP, {f"{LAP.capaian_k}19": 99.5}))
    book = FakeBook(path)
    monkeypatch.setattr(xw.Book, "caller", fake_caller(book))
    result = excel.restore_caller()
    assert any(f.rule == "rumus-dipulihkan" for f in result.findings)
    assert book.app.status_history[0] == "lkjip-xl: memulihkan rumus..."


def test_lite_reports_the_repair_and_asks_to_press_again(ext, tmp_path):
    """The remote engine applies the writes when the script ends: the formulas are queued, the
    findings are the repair's, with one catatan asking for a second press. It has no call to lift
    a sheet's protection: the staff lift it first (docs/install-lite.md), as done here."""
    book = FakeBook(indicators_added(ext, tmp_path / "lite.xlsx", 1))
    book.app.engine_info = FakeEngine("remote", "remote")
    book.wb[REKAP].protection.sheet = False  # Tinjau > Buka Proteksi Lembar
    fills = lambda sheet, cells: [None] * len(cells)  # noqa: E731
    formulas = lambda sheet, address: [[c.value if c.data_type == "f" else None for c in row]  # noqa: E731
                                       for row in book.wb[sheet][address]]
    result = recalculate(XlwingsBook(book, formulas=formulas, fills=fills), now=NOW)
    assert {f.rule for f in result.findings} == {"baris-diperbaiki", "rumus-diperbaiki", AGAIN}
    assert book.calls.writes["range.copy_from"] >= 1 and "range.paste" not in book.calls.writes
    assert book.wb[REKAP][f"{LAP.capaian_k}21"].value.startswith("=IF(AND(ISNUMBER(")
    rows = [[c.value for c in r] for r in book.wb["Pemeriksaan"].iter_rows(min_row=4)]
    assert [r[4] for r in rows if r[4] and r[4] != "Aturan"] == [f.rule for f in result.findings]
