"""lkjip_xl.ooxml.rewrite: computed values stored next to the formulas, everything else unchanged."""

from __future__ import annotations

import io
import os
import re
import time
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from lkjip_xl.ooxml import rewrite
from lkjip_xl.ooxml.copy import insert_cached_values, write_package
from lkjip_xl.ooxml.package import Package, PackageError
from lkjip_xl.ooxml.values import cached_value
from lkjip_xl.errors import LkjipError
from tests.recalc import parts, write_parts


def sheet_parts(z, path="workbook"):
    """Worksheet name -> part, as the package's relationships say."""
    return Package.of_zip(z, path).sheet_parts()


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize("value, expected", [
    (57.81, (None, b"57.81")),
    (0.1 + 0.2, (None, b"0.30000000000000004")),
    (1 / 3, (None, b"0.3333333333333333")),
    (12.0, (None, b"12")),
    (-0.0, (None, b"0")),
    (1e-05, (None, b"1e-05")),
    (1e20, (None, b"1e+20")),
    (2872149185.0, (None, b"2872149185")),
    (7, (None, b"7")),
    (Decimal("99.87"), (None, b"99.87")),
    (float("nan"), (b"e", b"#NUM!")),
    (float("inf"), (b"e", b"#NUM!")),
    (True, (b"b", b"1")),
    (False, (b"b", b"0")),
    ("Sangat Tinggi", (b"str", b"Sangat Tinggi")),
    ("", (b"str", b"")),
    ("a < b & c > d", (b"str", b"a &lt; b &amp; c &gt; d")),
    ("baris\r\nbaru\x01", (b"str", b"baris&#13;\nbaru_x0001_")),
    ("Walantaka – Serang", (b"str", "Walantaka – Serang".encode())),
    ("#DIV/0!", (b"e", b"#DIV/0!")),
    ("#N/A", (b"e", b"#N/A")),
    (None, None),
])
def test_cached_value(value, expected):
    assert cached_value(value) == expected


def test_numbers_read_back_to_the_same_double():
    for x in (57.81, 0.1 + 0.2, 1 / 3, 1e-05, 1e20, 123456789.123456789, -2.5e-300, 99.49000000000001):
        _, text = cached_value(x)
        assert float(text) == x


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rekap Kegiatan"
    ws["A1"], ws["B1"] = 12, 11
    ws["C1"] = "=B1/A1*100"
    ws["C2"] = '=IF(C1>90,"Sangat Tinggi","Tinggi")'
    ws["C3"] = '=IF(A1>100,A1,"")'
    ws["C4"] = "=A1>B1"
    ws["C5"] = "=A1/0"
    ws["C6"] = "=Z99"
    ws["C7"] = "=A1&\"<&>\""
    ws["D1"] = "teks biasa"
    data = wb.create_sheet("Data 'Dasar'")
    data["A1"] = "=SUM('Rekap Kegiatan'!A1:B1)"
    data["B1"] = ArrayFormula("B1:B2", "=A1:A2*2")
    wb.save(path)
    return path


VALUES = {
    ("Rekap Kegiatan", "C1"): 91.66666666666667,
    ("Rekap Kegiatan", "C2"): "Sangat Tinggi",
    ("Rekap Kegiatan", "C3"): "",
    ("Rekap Kegiatan", "C4"): True,
    ("Rekap Kegiatan", "C5"): "#DIV/0!",
    ("Rekap Kegiatan", "C6"): None,
    ("Rekap Kegiatan", "C7"): "12<&>",
    ("Data 'Dasar'", "A1"): 23.0,
    ("Data 'Dasar'", "B1"): 46.0,
    ("Data 'Dasar'", "B2"): 0.0,
}


def test_values_read_back_and_formulas_stay(tmp_path):
    src = _workbook(tmp_path / "a.xlsx")
    out = tmp_path / "b.xlsx"
    stats = insert_cached_values(src, VALUES, output=out)
    assert stats.sheets == ["Rekap Kegiatan", "Data 'Dasar'"]
    assert stats.formula_cells == 9
    # C6's result is empty; B2, the array formula's second cell, is not in the file (openpyxl
    # writes no empty cell), so there is nowhere to put its value.
    assert stats.values_written == 8
    assert stats.empty == 1 and stats.missing == []
    shown = openpyxl.load_workbook(out, data_only=True)
    r = shown["Rekap Kegiatan"]
    assert r["C1"].value == pytest.approx(91.66666666666667, abs=0)
    assert r["C2"].value == "Sangat Tinggi"
    assert r["C3"].value in ("", None)
    assert r["C4"].value is True
    assert r["C5"].value == "#DIV/0!"
    assert r["C6"].value is None
    assert r["C7"].value == "12<&>"
    assert r["A1"].value == 12 and r["D1"].value == "teks biasa"
    assert shown["Data 'Dasar'"]["A1"].value == 23
    assert shown["Data 'Dasar'"]["B1"].value == 46
    before, after = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
    for ws in before.worksheets:
        for row in ws.iter_rows():
            for c in row:
                v, w = c.value, after[ws.title][c.coordinate].value
                assert (getattr(v, "text", v), getattr(v, "ref", None)) == (getattr(w, "text", w), getattr(w, "ref", None))
    xml = parts(out)[sheet_parts(zipfile.ZipFile(out))["Rekap Kegiatan"]].decode()
    assert '<c r="C1"><f>B1/A1*100</f><v>91.66666666666667</v></c>' in xml
    assert re.search(r'<c r="C3" t="str"><f>[^<]*</f><v></v></c>', xml)
    assert re.search(r'<c r="C4" t="b"><f>[^<]*</f><v>1</v></c>', xml)
    assert re.search(r'<c r="C5" t="e"><f>[^<]*</f><v>#DIV/0!</v></c>', xml)
    assert re.search(r'<c r="C6"><f>Z99</f></c>', xml)


def test_every_other_part_is_copied_byte_for_byte_in_order(tmp_path):
    src = _workbook(tmp_path / "a.xlsx")
    out = tmp_path / "b.xlsx"
    insert_cached_values(src, VALUES, output=out)
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        ia, ib = a.infolist(), b.infolist()
        assert [i.filename for i in ia] == [i.filename for i in ib]
        changed = set(sheet_parts(a).values())
        for x, y in zip(ia, ib):
            assert (x.compress_type, x.date_time, x.external_attr) == (y.compress_type, y.date_time, y.external_attr)
            if x.filename in changed:
                continue
            if x.filename == "xl/workbook.xml":  # openpyxl already wrote fullCalcOnLoad="1"
                assert b'fullCalcOnLoad="1"' in a.read(x)
            assert a.read(x) == b.read(y), x.filename
            assert (x.CRC, x.compress_size) == (y.CRC, y.compress_size), x.filename


def _set_workbook_xml(path: Path, out: Path, edit) -> Path:
    content = parts(path)
    content["xl/workbook.xml"] = edit(content["xl/workbook.xml"].decode()).encode()
    return write_parts(out, content)


@pytest.mark.parametrize("edit, expected", [
    (lambda x: re.sub(r"<calcPr[^>]*/>", "", x), '<calcPr fullCalcOnLoad="1"/>'),
    (lambda x: re.sub(r"<calcPr[^>]*/>", '<calcPr calcId="191029" fullCalcOnLoad="0"/>', x),
     '<calcPr calcId="191029" fullCalcOnLoad="1"/>'),
    (lambda x: re.sub(r"<calcPr[^>]*/>", '<calcPr calcId="191029"></calcPr>', x),
     '<calcPr calcId="191029" fullCalcOnLoad="1">'),
    (lambda x: re.sub(r"<definedNames>.*?</definedNames>|<definedNames\s*/>", "", re.sub(r"<calcPr[^>]*/>", "", x)),
     '</sheets><calcPr fullCalcOnLoad="1"/>'),
])
def test_full_calc_on_load(tmp_path, edit, expected):
    src = _workbook(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(src)
    wb.defined_names["TAHUN"] = openpyxl.workbook.defined_name.DefinedName("TAHUN", attr_text="'Rekap Kegiatan'!$A$1")
    wb.save(src)
    edited = _set_workbook_xml(src, tmp_path / "edited.xlsx", edit)
    out = tmp_path / "out.xlsx"
    insert_cached_values(edited, VALUES, output=out)
    xml = parts(out)["xl/workbook.xml"].decode()
    assert expected in xml
    assert xml.count("calcPr ") == 1
    if "definedNames" in xml:
        assert xml.index("</definedNames>") < xml.index("<calcPr")
    assert openpyxl.load_workbook(out).calculation.fullCalcOnLoad is True


def test_full_calc_on_load_can_be_left_alone(tmp_path):
    src = _workbook(tmp_path / "a.xlsx")
    edited = _set_workbook_xml(src, tmp_path / "e.xlsx", lambda x: re.sub(r"<calcPr[^>]*/>", "", x))
    insert_cached_values(edited, VALUES, output=tmp_path / "o.xlsx", full_calc_on_load=False)
    assert parts(tmp_path / "o.xlsx")["xl/workbook.xml"] == parts(edited)["xl/workbook.xml"]


def test_same_output_whatever_the_chunk_boundaries(tmp_path, monkeypatch):
    src = _workbook(tmp_path / "a.xlsx")
    insert_cached_values(src, VALUES, output=tmp_path / "ref.xlsx")
    reference = parts(tmp_path / "ref.xlsx")
    for size in (1, 2, 3, 7, 50, 333):
        monkeypatch.setattr(rewrite, "_CHUNK", size)
        out = tmp_path / f"c{size}.xlsx"
        stats = insert_cached_values(src, VALUES, output=out)
        assert stats.values_written == 8
        assert parts(out) == reference, size


def _rewrite(xml: bytes, values, chunk: int | None = None, monkeypatch=None) -> bytes:
    if chunk:
        monkeypatch.setattr(rewrite, "_CHUNK", chunk)
    out = io.BytesIO()
    rewrite.SheetRewriter("S", values, rewrite.RewriteStats()).run(io.BytesIO(xml), out, "sheet.xml", Path("t.xlsx"))
    return out.getvalue()


def test_prefixed_elements_cells_without_address_and_shared_formulas(monkeypatch):
    xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<x:worksheet xmlns:x="' + NS.encode() + b'"><x:sheetData>'
           b'<x:row r="3"><x:c r="A3"><x:v>2</x:v></x:c><x:c t="str"><x:f>A3*2</x:f><x:v>old</x:v></x:c>'
           b'<x:c s="1"><x:f t="shared" ref="C3:C4" si="0">A3+1</x:f><x:v>0</x:v></x:c></x:row>'
           b'<x:row><x:c r="C4"><x:f t="shared" si="0"/><x:v>0</x:v></x:c><x:c r="D4"/></x:row>'
           b'</x:sheetData></x:worksheet>')
    values = {("S", "B3"): 4.0, ("S", "C3"): 3.0, ("S", "C4"): "x"}
    expected = (b'<x:c><x:f>A3*2</x:f><x:v>4</x:v></x:c>'
                b'<x:c s="1"><x:f t="shared" ref="C3:C4" si="0">A3+1</x:f><x:v>3</x:v></x:c></x:row>'
                b'<x:row><x:c r="C4" t="str"><x:f t="shared" si="0"/><x:v>x</x:v></x:c><x:c r="D4"/>')
    for chunk in (None, 1, 5, 17):
        out = _rewrite(xml, values, chunk, monkeypatch)
        assert expected in out, chunk
        assert out.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x:worksheet')


def test_cells_of_an_array_formula_get_their_part_of_the_result(monkeypatch):
    xml = (b'<worksheet xmlns="' + NS.encode() + b'"><sheetData><row r="1">'
           b'<c r="B1"><f t="array" ref="B1:C2">A1:A2*2</f><v>0</v></c><c r="C1"><v>0</v></c></row>'
           b'<row r="2"><c r="B2" s="3"/><c r="C2"/><c r="D2"><v>5</v></c></row></sheetData></worksheet>')
    values = {("S", "B1"): 2.0, ("S", "C1"): "#N/A", ("S", "B2"): 4.0, ("S", "D2"): 9.0}
    for chunk in (None, 3):
        out = _rewrite(xml, values, chunk, monkeypatch)
        assert out == xml.replace(b"<v>0</v></c><c", b"<v>2</v></c><c").replace(
            b'<c r="C1"><v>0</v></c>', b'<c r="C1" t="e"><v>#N/A</v></c>').replace(
            b'<c r="B2" s="3"/>', b'<c r="B2" s="3"><v>4</v></c>')


def test_rich_text_and_inline_strings_are_not_formulas(monkeypatch):
    xml = (b'<worksheet xmlns="' + NS.encode() + b'"><sheetData><row r="1">'
           b'<c r="A1" t="inlineStr"><is><r><rPr><family val="2"/></rPr><t>f &lt;c&gt; x</t></r></is></c>'
           b'<c r="B1"><f>A1</f><v></v></c></row></sheetData></worksheet>')
    out = _rewrite(xml, {("S", "B1"): "f <c> x", ("S", "A1"): "no"})
    assert out == xml.replace(b'<c r="B1"><f>A1</f><v></v></c>', b'<c r="B1" t="str"><f>A1</f><v>f &lt;c&gt; x</v></c>')


def test_formula_cells_without_a_value_are_left_as_they_were(tmp_path):
    src = _workbook(tmp_path / "a.xlsx")
    values = {k: v for k, v in VALUES.items() if k != ("Rekap Kegiatan", "C2")}
    stats = insert_cached_values(src, values, output=tmp_path / "b.xlsx")
    assert stats.missing == [("Rekap Kegiatan", "C2")]
    assert openpyxl.load_workbook(tmp_path / "b.xlsx", data_only=True)["Rekap Kegiatan"]["C2"].value is None
    assert openpyxl.load_workbook(tmp_path / "b.xlsx")["Rekap Kegiatan"]["C2"].value.startswith("=IF(")


def test_sheet_parts_follow_the_relationships(tmp_path):
    src = _workbook(tmp_path / "a.xlsx")
    content = parts(src)
    # Move the first sheet to another part name and point to it with a relative target.
    content["xl/worksheets/rekap data.xml"] = content.pop("xl/worksheets/sheet1.xml")
    rels = content["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace('Target="/xl/worksheets/sheet1.xml"', 'Target="worksheets/rekap%20data.xml"')
    content["xl/_rels/workbook.xml.rels"] = rels.encode()
    ct = content["[Content_Types].xml"].decode().replace("/xl/worksheets/sheet1.xml", "/xl/worksheets/rekap data.xml")
    content["[Content_Types].xml"] = ct.encode()
    moved = write_parts(tmp_path / "moved.xlsx", content)
    with zipfile.ZipFile(moved) as z:
        assert sheet_parts(z) == {"Rekap Kegiatan": "xl/worksheets/rekap data.xml",
                                  "Data 'Dasar'": "xl/worksheets/sheet2.xml"}
    stats = insert_cached_values(moved, VALUES, output=tmp_path / "out.xlsx")
    assert sorted(stats.sheets) == ["Data 'Dasar'", "Rekap Kegiatan"] and stats.values_written == 8
    # openpyxl itself does not decode %20: the same with a plain relative target.
    rels = rels.replace("rekap%20data.xml", "rekap_data.xml")
    content["xl/_rels/workbook.xml.rels"] = rels.encode()
    content["xl/worksheets/rekap_data.xml"] = content.pop("xl/worksheets/rekap data.xml")
    content["[Content_Types].xml"] = ct.replace("rekap data.xml", "rekap_data.xml").encode()
    moved = write_parts(tmp_path / "moved2.xlsx", content)
    insert_cached_values(moved, VALUES, output=tmp_path / "out.xlsx")
    shown = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)
    assert shown["Rekap Kegiatan"]["C2"].value == "Sangat Tinggi"


def test_in_place_and_permissions_kept(tmp_path):
    src = _workbook(tmp_path / "a.xlsx")
    os.chmod(src, 0o640)
    insert_cached_values(src, VALUES)
    assert openpyxl.load_workbook(src, data_only=True)["Rekap Kegiatan"]["C2"].value == "Sangat Tinggi"
    assert (os.stat(src).st_mode & 0o777) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["a.xlsx"]


def test_failure_mid_write_leaves_the_file_and_no_temporary(tmp_path, monkeypatch):
    src = _workbook(tmp_path / "a.xlsx")
    before = src.read_bytes()
    real_run = rewrite.SheetRewriter.run
    seen = []

    def run_then_fail(self, source, dst, part, path):
        seen.append(part)
        if len(seen) == 2:  # the first sheet is written, the second half written
            dst.write(b"<worksheet><sheetData><row r='1'>" * 1000)
            raise OSError(28, "No space left on device")
        return real_run(self, source, dst, part, path)

    monkeypatch.setattr(rewrite.SheetRewriter, "run", run_then_fail)
    with pytest.raises(PackageError, match=r"tidak dapat ditulis: .*No space left on device"):
        insert_cached_values(src, VALUES)
    assert src.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["a.xlsx"]


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("teks")
    with pytest.raises(PackageError, match=re.escape(str(bad))) as info:
        insert_cached_values(bad, {})
    assert isinstance(info.value, LkjipError)
    nowb = write_parts(tmp_path / "kosong.xlsx", {"a.txt": "x"})
    with pytest.raises(PackageError, match=re.escape(f"{nowb}: berkas zip tanpa buku kerja")):
        insert_cached_values(nowb, {})
    assert sorted(os.listdir(tmp_path)) == ["bukan.xlsx", "kosong.xlsx"]


def test_a_dtd_in_the_workbook_part_is_refused(tmp_path):
    src = _workbook(tmp_path / "a.xlsx")
    bomb = _set_workbook_xml(src, tmp_path / "bomb.xlsx",
                             lambda x: '<!DOCTYPE w [<!ENTITY a "aaaa">]>' + x.split("?>", 1)[-1])
    with pytest.raises(PackageError, match="declares a DTD"):
        write_package(bomb, tmp_path / "o.xlsx")


# -- a big sheet: 120,000 formula cells --------------------------------------------------------------

def big_formula_workbook(path: Path, rows: int = 20_000, cols: int = 6) -> tuple[Path, dict]:
    """A workbook with rows x cols formula cells (=A{r}*c+0.1) and their values."""
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.save(path)
    content = parts(path)
    letters = "BCDEFGHIJ"[:cols]
    out = [f'<worksheet xmlns="{NS}"><dimension ref="A1:{letters[-1]}{rows}"/><sheetData>']
    for r in range(1, rows + 1):
        cells = "".join(f'<c r="{c}{r}" s="0"><f>A{r}*{i + 2}+0.1</f><v></v></c>' for i, c in enumerate(letters))
        out.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c>{cells}</row>')
    out.append("</sheetData></worksheet>")
    content["xl/worksheets/sheet1.xml"] = "".join(out)
    values = {("Data", f"{c}{r}"): r * (i + 2) + 0.1 for r in range(1, rows + 1) for i, c in enumerate(letters)}
    return write_parts(path, content), values


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return big_formula_workbook(tmp_path_factory.mktemp("big") / "big.xlsx")


def test_120000_formula_cells(big, tmp_path):
    path, values = big
    started = time.perf_counter()
    stats = insert_cached_values(path, values, output=tmp_path / "out.xlsx")
    seconds = time.perf_counter() - started
    print(f"\ncache insertion, 120,000 formula cells: {seconds:.2f} s")
    assert stats.formula_cells == stats.values_written == 120_000
    shown = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True, read_only=True)["Data"]
    assert [c.value for c in next(shown.iter_rows(min_row=20_000, max_row=20_000))] == \
        [20_000, 40_000.1, 60_000.1, 80_000.1, 100_000.1, 120_000.1, 140_000.1]


def _peak_memory(path: Path, values: dict, out: Path) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        insert_cached_values(path, values, output=out)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base


def test_the_sheet_is_streamed_not_held_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(rewrite, "_CHUNK", 64 * 1024)  # smaller chunks: smaller sheets show it
    small, small_values = big_formula_workbook(tmp_path / "small.xlsx", rows=3_000)
    bigger, more_values = big_formula_workbook(tmp_path / "bigger.xlsx", rows=9_000)
    with zipfile.ZipFile(bigger) as z:
        unpacked = z.getinfo("xl/worksheets/sheet1.xml").file_size
    assert unpacked > 3_000_000
    peak = _peak_memory(small, small_values, tmp_path / "out.xlsx")
    peak3 = _peak_memory(bigger, more_values, tmp_path / "out3.xlsx")
    # Chunks in and out: the memory used does not grow with the sheet (a DOM of it would take
    # some 20 times its size).
    assert peak3 < 1.25 * peak, (peak, peak3)
    assert peak3 < unpacked / 2, (peak3, unpacked)


def test_stale_cached_values_are_replaced(monkeypatch):
    xml = (b'<worksheet xmlns="' + NS.encode() + b'"><sheetData><row r="1">'
           b'<c r="A1" t="inlineStr"><f>"a"&amp;"b"</f><is><t>lama</t></is></c>'
           b'<c r="B1" t="s"><f>C1</f><v>3</v></c><c r="C1" t=\'e\'><f>1/0</f><v>#DIV/0!</v></c></row>'
           b'</sheetData></worksheet>')
    values = {("S", "A1"): "ab", ("S", "B1"): 5.5, ("S", "C1"): None}
    assert _rewrite(xml, values) == xml.replace(
        b'<c r="A1" t="inlineStr"><f>"a"&amp;"b"</f><is><t>lama</t></is></c>',
        b'<c r="A1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>').replace(
        b'<c r="B1" t="s"><f>C1</f><v>3</v></c>', b'<c r="B1"><f>C1</f><v>5.5</v></c>').replace(
        b"<c r=\"C1\" t='e'><f>1/0</f><v>#DIV/0!</v></c>", b'<c r="C1"><f>1/0</f></c>')


@pytest.mark.parametrize("chunk", [1 << 20, 997])
def test_the_fast_way_writes_what_the_careful_way_writes(monkeypatch, chunk):
    """Where every cell starts with its address, only the formula cells are looked at (at C
    speed); the result is byte for byte what reading every cell gives, Walantaka's sheets, also
    when the sheets arrive in small chunks."""
    monkeypatch.setattr(rewrite, "_CHUNK", chunk)
    from tests.conftest import ROOT

    book = ROOT / "examples" / "walantaka_2020_as_printed.xlsx"
    from lkjip_xl.engine.default import default_engine

    values = default_engine().evaluate(book)
    with zipfile.ZipFile(book) as z:
        sheets = sheet_parts(z)
        xml = {name: z.read(part) for name, part in sheets.items()}

    def rewritten(data: bytes, name: str) -> tuple[bytes, rewrite.RewriteStats]:
        stats = rewrite.RewriteStats()
        out = io.BytesIO()
        rewrite.SheetRewriter(name, values, stats).run(io.BytesIO(data), out, "part", book)
        return out.getvalue(), stats

    fast = {name: rewritten(data, name) for name, data in xml.items()}
    monkeypatch.setattr(rewrite, "_CHUNK", 1 << 20)
    monkeypatch.setattr(rewrite.SheetRewriter, "_fast", lambda self, text: None)
    careful = {name: rewritten(data, name) for name, data in xml.items()}
    assert sum(stats.values_written for _, stats in fast.values()) > 500
    for name in xml:
        assert fast[name][0] == careful[name][0], name
        assert fast[name][1] == careful[name][1], name
