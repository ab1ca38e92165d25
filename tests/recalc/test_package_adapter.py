"""The streaming package adapter reads what openpyxl reads and writes what the openpyxl path wrote.

``PackageBook`` replaced openpyxl's load and save in ``check`` and ``recalc`` (for speed); these
tests hold it to openpyxl on the project's workbooks and on Excel-style XML that openpyxl's own
writer never produces (shared formulas, array formulas, cells without an address, a namespace
prefix, rich text, dates, booleans, errors, entities).
"""

from __future__ import annotations

import io
import re
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.ooxml.safety import WorkbookError
from tests.openpyxl_book import OpenpyxlBook
from lkjip_xl.adapters.package_adapter import PackageBook
from lkjip_xl.ooxml.copy import write_package
from lkjip_xl.ooxml.edit import SheetEdits
from lkjip_xl.ooxml.rewrite import RewriteStats as CacheStats
from lkjip_xl.ooxml.rewrite import SheetRewriter
from lkjip_xl.ooxml.styles import StyleBook
from lkjip_xl.engine.base import Engine
from lkjip_xl.recalc import recalculate
from tests.conftest import ROOT
from tests.recalc import minimal_workbook, parts, write_parts

AS_PRINTED = ROOT / "examples" / "walantaka_2020_as_printed.xlsx"


def _grids(data) -> dict[str, dict[tuple[int, int], tuple[object, str | None]]]:
    """Every non-empty cell of every sheet: (value, formula)."""
    out = {}
    for name, sheet in data.sheets.items():
        cells = {}
        for r in range(1, sheet.last_row + 1):
            for c in range(1, sheet.last_col + 1):
                value, formula = sheet.value_at(r, c), sheet.formula_at(r, c)
                if value is not None or formula is not None:
                    cells[(r, c)] = (type(value).__name__, value, formula)
        out[name] = cells
    return out


def _same_reading(path: Path, values: str) -> None:
    theirs = OpenpyxlBook(path, values=values, writable=False)
    try:
        expected = theirs.read_book()
    finally:
        theirs.close()
    ours = PackageBook(path, values=values)
    try:
        got = ours.read_book()
    finally:
        ours.close()
    assert list(got.sheets) == list(expected.sheets)
    assert got.names == expected.names
    assert _grids(got) == _grids(expected)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return minimal_workbook(tmp_path_factory.mktemp("built"))


@pytest.mark.parametrize("values", ["engine", "cached"])
def test_reads_the_generated_workbooks_as_openpyxl_does(built, values):
    _same_reading(built, values)
    _same_reading(AS_PRINTED, values)


def test_reads_the_same_in_small_chunks(monkeypatch):
    """Sheets are read a megabyte at a time; a cell cut by a chunk's end is read whole."""
    from lkjip_xl.ooxml import sheet as package_reader

    monkeypatch.setattr(package_reader, "_CHUNK", 997)
    _same_reading(AS_PRINTED, "engine")


def test_reads_a_recalculated_workbook_as_openpyxl_does(built, tmp_path):
    """Cached values written by recalc (numbers, text with t="str", errors) and inline strings."""
    from lkjip_xl.recalc import recalc_file

    path = tmp_path / "laporan.xlsx"
    shutil.copyfile(built, path)
    recalc_file(path, backup=False)
    _same_reading(path, "cached")


def _excel_style(tmp_path: Path) -> Path:
    """A workbook written by XlsxWriter (shared strings, formats, cached formula results), then
    edited into what Excel itself writes: a shared formula, an array formula, a cell without an
    address, rich text with a phonetic run."""
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "excel.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data Umum")
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    bold = wb.add_format({"bold": True})
    ws.write_string("A1", "Kecamatan <Walantaka> & Co")
    ws.write_string("B1", "  spasi di depan")
    ws.write_rich_string("C1", "Real", bold, "isasi", " Rp")
    ws.write_number("A2", 1051756000)
    ws.write_number("B2", 99.87)
    ws.write_datetime("C2", datetime(2020, 12, 31), date)
    ws.write_boolean("D2", True)
    ws.write_number("A3", 10)
    ws.write_number("B3", 20)
    ws.write_formula("C3", "=A3+B3", None, 30)
    ws.write_formula("C4", "=A4+B4", None, 0)
    ws.write_formula("D3", '=IF(A3>5,"besar","kecil")', None, "besar")
    ws.write_formula("E3", "=1/0", None, "#DIV/0!")
    ws.write_array_formula("F3:F4", "{=A3:A4*2}", None, 20)
    ws.write_string("G3", "5001.01")
    wb.define_name("TOTAL_SEMUA", "='Data Umum'!$C$3")
    wb.close()
    content = parts(path)
    sheet = content["xl/worksheets/sheet1.xml"].decode()
    # C3:C4 as one shared formula, as Excel writes a filled-down formula.
    sheet = re.sub(r'(<c r="C3"[^>]*>)<f>A3\+B3</f>', r'\1<f t="shared" ref="C3:C4" si="0">A3+B3</f>', sheet)
    sheet = re.sub(r'(<c r="C4"[^>]*>)<f>A4\+B4</f>', r'\1<f t="shared" si="0"/>', sheet)
    # G3 without its address (allowed: the cell after the previous one).
    sheet = sheet.replace('<c r="G3" ', "<c ")
    assert '<f t="shared" si="0"/>' in sheet and re.search(r'<c (s|t)="[^"]*"[^>]*><v>', sheet)
    assert 'r="G3"' not in sheet
    content["xl/worksheets/sheet1.xml"] = sheet
    strings = content["xl/sharedStrings.xml"].decode()
    strings = strings.replace("</r></si>", '</r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>', 1)
    content["xl/sharedStrings.xml"] = strings
    return write_parts(path, content)


def _prefixed(path: Path, out: Path) -> Path:
    """The same workbook with its sheet written with an ``x:`` namespace prefix."""
    content = parts(path)
    sheet = content["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                          'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
    sheet = re.sub(r"<(/?)(?!\?|x:)([A-Za-z]+)", r"<\1x:\2", sheet)
    content["xl/worksheets/sheet1.xml"] = sheet
    return write_parts(out, content)


def test_reads_excel_style_xml_as_openpyxl_does(tmp_path):
    path = _excel_style(tmp_path)
    _same_reading(path, "cached")
    book = PackageBook(path, values="cached")
    sheet = book.read_sheet("Data Umum")
    assert sheet.formula("C4") == "=A4+B4"  # the shared formula, translated
    assert sheet.value("C1") == "Realisasi Rp"  # rich text without its phonetic run
    assert sheet.value("C2") == datetime(2020, 12, 31)
    assert sheet.value("D2") is True
    assert sheet.value("E3") == "#DIV/0!"
    assert sheet.value("A1") == "Kecamatan <Walantaka> & Co"
    assert sheet.value("G3") == "5001.01"
    assert book.defined_names()["TOTAL_SEMUA"] == ("Data Umum", "C3")


def test_reads_a_prefixed_sheet_as_openpyxl_does(tmp_path):
    path = _prefixed(_excel_style(tmp_path), tmp_path / "prefixed.xlsx")
    assert b"<x:c " in parts(path)["xl/worksheets/sheet1.xml"]
    _same_reading(path, "cached")


def test_a_stray_cell_far_away_is_refused_while_reading(built, tmp_path):
    content = parts(built)
    name = next(n for n in content if n.endswith("sheet1.xml"))
    sheet = content[name].decode().replace("</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    content[name] = sheet
    path = write_parts(tmp_path / "jauh.xlsx", content)
    with pytest.raises(WorkbookError, match="merentang|paling banyak"):
        PackageBook(path, values="cached")


# -- writing ----------------------------------------------------------------------------------------

def _cells(path: Path, data_only: bool) -> dict[tuple[str, str], tuple]:
    wb = openpyxl.load_workbook(path, data_only=data_only)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                fill = c.fill.fgColor.rgb[-6:] if c.fill.fill_type == "solid" else None
                value = round(c.value, 9) if isinstance(c.value, float) else c.value
                if value is not None or fill:
                    out[(ws.title, c.coordinate)] = (value, fill, c.number_format, c.protection.locked,
                                                     c.font.b, c.border.left.style)
    return out


@pytest.mark.parametrize("source, chunk", [("built", None), ("as_printed", None), ("as_printed", 997)])
def test_recalculation_writes_what_the_openpyxl_path_wrote(built, tmp_path, source, chunk, monkeypatch):
    """Twice in a row (the second restores the first's colours): values, formulas, fills, number
    formats, protection and fonts of every cell equal what openpyxl's load-and-save gave (also
    when the sheets are rewritten in small chunks)."""
    if chunk:
        from lkjip_xl.ooxml import rewrite

        monkeypatch.setattr(rewrite, "_CHUNK", chunk)
    src = built if source == "built" else AS_PRINTED
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    shutil.copyfile(src, old)
    shutil.copyfile(src, new)
    when = datetime(2026, 11, 27, 9, 30)
    for _ in range(2):
        book = OpenpyxlBook(old)
        recalculate(book, now=when)
        book.wb.save(tmp_path / "saved.xlsx")
        write_package(tmp_path / "saved.xlsx", old, values=book.computed)
        package = PackageBook(new)
        recalculate(package, now=when)
        package.save_to(tmp_path / "next.xlsx")
        package.close()
        shutil.move(tmp_path / "next.xlsx", new)
    for data_only in (False, True):
        assert _cells(new, data_only) == _cells(old, data_only)
    # read back by openpyxl's streaming reader too (it trusts <dimension>)
    wb = openpyxl.load_workbook(new, read_only=True)
    assert wb["Pemeriksaan"].max_row >= openpyxl.load_workbook(old)["Pemeriksaan"].max_row


def test_untouched_parts_are_copied_byte_for_byte(built, tmp_path):
    path = tmp_path / "laporan.xlsx"
    shutil.copyfile(built, path)
    book = PackageBook(path)
    recalculate(book)
    book.save_to(tmp_path / "out.xlsx")
    before, after = parts(path), parts(tmp_path / "out.xlsx")
    assert list(after) == list(before)
    changed = {name for name in before if before[name] != after[name]}
    sheets_with_formulas = {n for n in before if n.startswith("xl/worksheets/sheet") and b"<f>" in before[n]}
    assert changed <= sheets_with_formulas | {"xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet10.xml",
                                              "xl/worksheets/sheet9.xml"}
    assert "xl/theme/theme1.xml" not in changed


def _rewrite(xml: str, edits: SheetEdits) -> str:
    out = io.BytesIO()
    SheetRewriter("S", {}, CacheStats(), edits).run(io.BytesIO(xml.encode()), out, "part", Path("book.xlsx"))
    return out.getvalue().decode()


def test_edits_go_in_row_and_column_order():
    xml = ('<worksheet><dimension ref="A1:B3"/><sheetData><row r="1"><c r="B1" s="2"><v>1</v></c></row>'
           '<row r="3"><c r="A3"><v>3</v></c></row></sheetData></worksheet>')
    edits = SheetEdits(dimension="A1:D5")
    edits.set_value(1, 1, "awal")        # before B1, in an existing row
    edits.set_value(1, 2, 7)             # replaces B1, keeps its format
    edits.set_value(1, 3, None)          # an empty cell after B1
    edits.set_value(2, 2, "baris baru")  # a row of its own between 1 and 3
    edits.set_style(3, 1, 9)             # a new format, value kept
    edits.set_value(5, 4, True)          # after the last row
    assert _rewrite(xml, edits) == (
        '<worksheet><dimension ref="A1:D5"/><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>awal</t></is></c><c r="B1" s="2"><v>7</v></c><c r="C1"/></row>'
        '<row r="2"><c r="B2" t="inlineStr"><is><t>baris baru</t></is></c></row>'
        '<row r="3"><c r="A3" s="9"><v>3</v></c></row>'
        '<row r="5"><c r="D5" t="b"><v>1</v></c></row></sheetData></worksheet>')


def test_edits_into_an_empty_sheet_and_a_prefixed_one():
    edits = SheetEdits()
    edits.set_value(2, 1, "#DIV/0!")
    assert _rewrite("<worksheet><sheetData/></worksheet>", edits) == (
        '<worksheet><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>#DIV/0!</t></is></c></row>'
        "</sheetData></worksheet>")
    edits = SheetEdits()
    edits.set_value(1, 2, "=SUM(A1)")
    assert _rewrite('<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
                    "</x:sheetData></x:worksheet>", edits) == (
        '<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>'
        '<x:c r="B1" t="inlineStr"><x:is><x:t>=SUM(A1)</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>')


STYLES = ('<styleSheet><fills count="2"><fill><patternFill patternType="none"/></fill>'
          '<fill><patternFill patternType="gray125"/></fill></fills>'
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
          '<xf numFmtId="4" fontId="1" fillId="0" borderId="1" applyNumberFormat="1"><protection locked="0"/></xf>'
          "</cellXfs></styleSheet>")


def test_a_fill_is_a_new_format_and_taking_it_off_gives_the_old_one_back():
    book = StyleBook(STYLES.encode(), [None, None], [True, False])
    red = book.with_fill(1, "FF7C80")
    assert red == 2 and book.color_of(red) == "FF7C80"
    assert book.with_fill(1, "ff7c80") == red  # asked again: the same format
    assert book.with_fill(red, None) == 1  # the cell's own format back, not a copy of it
    xml = book.xml().decode()
    assert '<fills count="3">' in xml and '<cellXfs count="3">' in xml
    assert ('<xf numFmtId="4" fontId="1" borderId="1" applyNumberFormat="1" fillId="2" applyFill="1">'
            '<protection locked="0"/></xf>') in xml
    assert '<fgColor rgb="FFFF7C80"/>' in xml


# -- the evaluation beside the reading --------------------------------------------------------------

#: The cells the fake engine computes, as the spans the reader would ask for.
SPANS = {"Rekap Kegiatan": (12, 10, 12, 10), "Data Umum": (5, 3, 5, 3)}


class _FakeEngine(Engine):
    """Pure Python (safe to fork from the test process); ``mode`` chooses what it does."""

    name = "fake"

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def evaluate(self, path):
        import os

        from lkjip_xl.engine.base import EngineError

        if self.mode == "error":
            raise EngineError("1 formula cell(s) could not be computed", path, cells=[("Rekap Kegiatan", "J12")])
        if self.mode == "die":
            os._exit(3)
        return {("Rekap Kegiatan", "J12"): 57.81, ("Data Umum", "C5"): "Tinggi"}


@pytest.fixture
def forking(monkeypatch):
    from lkjip_xl.engine import run

    monkeypatch.setattr(run, "native_threads_started", lambda: False)
    # threads left by earlier tests do not matter to a child that runs pure Python
    monkeypatch.setattr(run.threading, "active_count", lambda: 1)
    return run


def test_the_evaluation_runs_in_a_forked_process_and_its_values_come_back(forking, built):
    run = forking.EngineRun(_FakeEngine("ok"), built, SPANS)
    assert run._process is not None
    assert run.grids() == {"Rekap Kegiatan": [[57.81]], "Data Umum": [["Tinggi"]]}


@pytest.mark.parametrize("fork", [True, False], ids=["process", "thread"])
def test_the_copy_with_the_values_is_written_beside_the_checking(built, tmp_path, monkeypatch, fork):
    """After answering, the evaluation writes the workbook with the values cached in it."""
    from lkjip_xl.engine import run as engine_run

    monkeypatch.setattr(engine_run, "native_threads_started", lambda: not fork)
    monkeypatch.setattr(engine_run.threading, "active_count", lambda: 1)
    copy = tmp_path / "copy.xlsx"
    run = engine_run.EngineRun(_FakeEngine("ok"), built, SPANS, copy)
    assert (run._process is not None) is fork
    assert run.grids()["Rekap Kegiatan"] == [[57.81]]
    stats = run.written()
    assert stats.values_written == 1  # J12 (C5 of Data Umum holds no formula)
    wb = openpyxl.load_workbook(copy, data_only=True)
    assert wb["Rekap Kegiatan"]["J12"].value == 57.81


def test_a_failure_while_writing_the_copy_is_raised_when_saving(forking, built, tmp_path):
    from lkjip_xl.ooxml.package import WriteError

    run = forking.EngineRun(_FakeEngine("ok"), built, SPANS, tmp_path / "no such folder" / "copy.xlsx")
    assert run.grids()["Data Umum"] == [["Tinggi"]]  # the evaluation itself went well
    with pytest.raises(WriteError, match="copy.xlsx tidak dapat ditulis"):
        run.written()


def test_an_engine_error_in_the_forked_process_is_raised_here(forking, built):
    from lkjip_xl.engine.base import EngineError

    run = forking.EngineRun(_FakeEngine("error"), built, SPANS)
    with pytest.raises(EngineError, match=r"could not be computed") as caught:
        run.grids()
    assert caught.value.cells == [("Rekap Kegiatan", "J12")]
    assert caught.value.path == built


def test_a_forked_process_that_dies_is_an_engine_error(forking, built):
    from lkjip_xl.engine.base import EngineError

    run = forking.EngineRun(_FakeEngine("die"), built, SPANS)
    with pytest.raises(EngineError, match=r"stopped without an answer \(exit code 3"):
        run.grids()


def test_after_an_engine_with_native_threads_ran_here_the_evaluation_runs_on_a_thread(built):
    from lkjip_xl.engine.formualizer_engine import FormualizerEngine
    from lkjip_xl.engine.run import EngineRun, native_threads_started

    FormualizerEngine().evaluate(built)  # its threads now run in this process
    assert native_threads_started()
    run = EngineRun(_FakeEngine("ok"), built, SPANS)
    assert run._process is None and run._thread is not None
    assert run.grids()["Data Umum"] == [["Tinggi"]]


# -- reading while the engine computes --------------------------------------------------------------

def _findings(result) -> list[tuple]:
    return [(f.severity, f.sheet, f.cell, f.rule, f.message, repr(f.expected), repr(f.found)) for f in result]


def _openpyxl_findings(path: Path) -> list[tuple]:
    from lkjip_xl.recalc import check_book

    book = OpenpyxlBook(path, writable=False)
    try:
        data = book.read_book()
    finally:
        book.close()
    return _findings(check_book(data)[0])


@pytest.mark.parametrize("source", ["built", "as_printed"])
def test_checking_while_the_engine_computes_finds_what_checking_after_finds(built, source):
    from lkjip_xl.recalc import check_file

    path = built if source == "built" else AS_PRINTED
    assert _findings(check_file(path).findings) == _openpyxl_findings(path)


def test_a_formula_typed_into_an_input_cell_is_read_for_its_value(built, tmp_path):
    """The early reading meets a formula where an input belongs: its value is not known yet, so
    the work is done again with the values in; the findings are those of reading afterwards."""
    from lkjip_xl.adapters.base import PendingSheetData
    from lkjip_xl.checks import build_context
    from lkjip_xl.layout import REKAP_LAYOUT
    from lkjip_xl.recalc import check_file

    wb = openpyxl.load_workbook(built)
    ws = wb[REKAP_LAYOUT.sheet]
    column = REKAP_LAYOUT.years[max(REKAP_LAYOUT.years)].realisasi
    row = next(r for r in range(1, ws.max_row + 1) if str(ws[f"{REKAP_LAYOUT.jenis}{r}"].value).startswith("indikator")
               and isinstance(ws[f"{column}{r}"].value, (int, float)))
    ws[f"{column}{row}"] = "=40+55"
    path = tmp_path / "rumus_di_isian.xlsx"
    wb.save(path)
    book = PackageBook(path)
    early = book.read_book_early()
    build_context(early)
    assert isinstance(early.sheets[REKAP_LAYOUT.sheet], PendingSheetData)
    assert early.sheets[REKAP_LAYOUT.sheet].touched
    book.close()
    found = _findings(check_file(path).findings)
    assert found == _openpyxl_findings(path)
    assert any(f[3] == "isian-berisi-rumus" and f[2] == f"{column}{row}" for f in found)


def test_styles_without_fills_are_a_clear_error_when_cells_are_coloured(tmp_path):
    from lkjip_xl.recalc import recalc_file

    content = parts(AS_PRINTED)  # it has findings at cells, which get coloured
    content["xl/styles.xml"] = re.sub(rb"<fills\b.*?</fills>", b"", content["xl/styles.xml"], flags=re.S)
    path = write_parts(tmp_path / "tanpa_fill.xlsx", content)
    original = path.read_bytes()
    with pytest.raises(WorkbookError, match=r"bagian xl/styles.xml tidak dapat menerima warna sel temuan"):
        recalc_file(path)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tanpa_fill.xlsx"]
