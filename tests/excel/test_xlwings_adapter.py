"""XlwingsBook (the adapter over a workbook open in Excel), on Linux, over the xlwings test double.

The double (tests/excel/fake_xlwings.py) behaves like xlwings on Windows as far as the adapter can
tell, shows formula cells with the values the project's engine computes, and counts every call.
The workbooks built here are also used by test_excel_entry.py (through the helpers below).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import tempfile
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.adapters.base import BookAdapter
from tests.openpyxl_book import OpenpyxlBook
from lkjip_xl.adapters.xlwings_adapter import (
    MAX_ADDRESS,
    XlwingsBook,
    _parse_refers_to,
    address_chunks,
    color_to_rgb,
    rgb_to_color,
)
from lkjip_xl.findings import Severity
from lkjip_xl.layout import REKAP_LAYOUT as L
from lkjip_xl.recalc import MARK_COLORS, check_file, recalculate
from lkjip_xl.sheet_formulas import finding_link
from tests.conftest import EXAMPLE, MINIMAL_YAML
from tests.excel.fake_xlwings import FakeBook, FakeComError, FakeEngine

NOW = dt.datetime(2021, 2, 22, 10, 0)
LAPORAN = L.years["laporan"]
_WORKDIR = tempfile.TemporaryDirectory(prefix="lkjip-xl-excel-tests-")
WORKDIR = Path(_WORKDIR.name)


# -- workbooks (built once per test run; also used by test_excel_entry.py) -----------------------------
class FixedEngine:
    """An engine that returns values computed once (the formulas engine takes seconds a workbook)."""

    name = "fixed"

    def __init__(self, values):
        self.values = values

    def evaluate(self, path):
        return dict(self.values)


@functools.lru_cache(maxsize=None)
def evaluated(path: Path) -> dict:
    """What Excel would show in each formula cell: the project's default engine's values (the
    engine `lkjip-xl check` uses)."""
    from lkjip_xl.engine.default import default_engine

    return default_engine().evaluate(path)


@functools.lru_cache(maxsize=None)
def walantaka_clean() -> Path:
    from lkjip_xl import load_report
    from lkjip_xl.writer import write_workbook

    return write_workbook(load_report(EXAMPLE), WORKDIR / "walantaka_2020.xlsx")


#: The faults planted in the Walantaka workbook: what staff do when they type the printed report.
WALANTAKA_FAULTS = {
    "P15": 99.5,  # a capaian typed over its formula
    "P16": None,  # a formula deleted
    "O14": "315.469.078",  # a realisasi Rp typed as text
    "J14": "=1/0",  # a formula giving #DIV/0!
    "P38": '=IFERROR(AVERAGEIF(U14:U30,"kegiatan",P14:P30),"")',  # an average over too few rows
    "Q9": "=SUM(Q14:Q37)",  # percentages summed
}


@functools.lru_cache(maxsize=None)
def walantaka_planted() -> Path:
    """The Walantaka workbook with typed values and broken formulas planted (see WALANTAKA_FAULTS)."""
    wb = openpyxl.load_workbook(walantaka_clean())
    ws = wb[L.sheet]
    for ref, value in WALANTAKA_FAULTS.items():
        ws[ref] = value
    path = WORKDIR / "walantaka_2020_planted.xlsx"
    wb.save(path)
    return path


_KEGIATAN = """\
            - kode: "5001.500105.04.{n:03d}"
              nama: Operasional Pelayanan Kelurahan {n}
              laporan: {{pagu: 202.989.861, realisasi_rp: 199.661.200}}
              indikator:
                - uraian: Terpenuhinya Administrasi Perkantoran
                  laporan: {{target: 12, realisasi: 12}}
"""


#: Data Umum with a row in each table (a workbook written without them has total rows over
#: empty tables, which the engines may refuse: see the report of this work).
_DATA_UMUM = """\
data_umum:
  kelurahan:
    - {nama: Contoh, jumlah_rt_rw: 16}
  sdm:
    jumlah_pegawai: 3
    pendidikan: [{jenjang: S1, jumlah: 3}]
    pangkat: [{jenjang: "Penata/ III c", jumlah: 3}]
    eselon: [{jenjang: "IV b", jumlah: 3}]
"""


def report_yaml(kegiatan: int) -> str:
    """MINIMAL_YAML with ``kegiatan`` kegiatan (new kodes) in its program, and a Data Umum."""
    head, sep, _ = MINIMAL_YAML.partition("          kegiatan:\n")
    assert sep, "MINIMAL_YAML changed: no kegiatan list"
    head = head.replace("rekap:\n", _DATA_UMUM + "rekap:\n", 1)
    return head + sep + "".join(_KEGIATAN.format(n=100 + i) for i in range(kegiatan))


def _rows_of_kind(ws, kind: str) -> list[int]:
    return [r for r in range(1, ws.max_row + 1) if ws[f"{L.jenis}{r}"].value == kind]


@functools.lru_cache(maxsize=None)
def scaled_report(kegiatan: int, faults: str) -> Path:
    """A report with ``kegiatan`` kegiatan and planted faults:

    ``"per-kegiatan"``: in every kegiatan, the capaian typed over its formula (with the value the
    formula gives) and the realisasi typed as a formula (``=12``): two findings a kegiatan.
    ``"fixed"``: the same three faults whatever the size (in the first kegiatan; a realisasi Rp
    typed as text, whose findings spread to the totals).
    """
    from lkjip_xl import load_report
    from lkjip_xl.writer import write_workbook

    src = WORKDIR / f"report_{kegiatan}.yaml"
    src.write_text(report_yaml(kegiatan), encoding="utf-8")
    path = write_workbook(load_report(src), WORKDIR / f"report_{kegiatan}_{faults}.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[L.sheet]
    indikator = _rows_of_kind(ws, "indikator_kegiatan")
    kegiatan_rows = _rows_of_kind(ws, "kegiatan")
    assert len(kegiatan_rows) == kegiatan
    if faults == "per-kegiatan":
        for r in indikator:
            ws[f"{LAPORAN.capaian_k}{r}"] = 100
            ws[f"{LAPORAN.realisasi}{r}"] = "=12"
    elif faults == "fixed":
        ws[f"{LAPORAN.capaian_k}{indikator[0]}"] = 95
        ws[f"{LAPORAN.realisasi_rp}{kegiatan_rows[0]}"] = "199.661.200"
        ws[f"{LAPORAN.capaian_rp}{kegiatan_rows[0]}"] = "=SUM(M1:M2)"
    else:  # pragma: no cover
        raise ValueError(faults)
    wb.save(path)
    return path


def fake(path: Path) -> FakeBook:
    return FakeBook(path, evaluated(path))


def openpyxl_book(path: Path) -> OpenpyxlBook:
    return OpenpyxlBook(path, engine=FixedEngine(evaluated(path)))


def key(finding):
    return finding.as_dict()


def _fill(cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    rgb = cell.fill.fgColor.rgb
    return rgb[-6:].upper() if isinstance(rgb, str) else None


# -- reading ------------------------------------------------------------------------------------------
def test_is_a_book_adapter():
    assert isinstance(XlwingsBook(fake(walantaka_clean())), BookAdapter)


@pytest.mark.parametrize("which", ["clean", "planted"])
def test_reads_what_the_openpyxl_adapter_reads(which):
    path = walantaka_clean() if which == "clean" else walantaka_planted()
    ours = XlwingsBook(fake(path)).read_book()
    theirs = openpyxl_book(path).read_book()
    assert ours.names == theirs.names
    assert list(ours.sheets) == list(theirs.sheets)
    for name, a in ours.sheets.items():
        b = theirs.sheets[name]
        assert (a.first_row, a.first_col, a.last_row, a.last_col) == (b.first_row, b.first_col, b.last_row, b.last_col)
        assert a.formulas == b.formulas, name
        for r in range(a.first_row, a.last_row + 1):
            for c in range(a.first_col, a.last_col + 1):
                va, vb = a.value_at(r, c), b.value_at(r, c)
                assert va == vb and type(va) is type(vb), (name, a1.cell(r, c), va, vb)


def test_reading_a_sheet_costs_four_calls_whatever_its_size():
    book = fake(walantaka_clean())
    adapter = XlwingsBook(book)
    adapter.sheet_names()
    book.calls.reset()
    data = adapter.read_sheet(L.sheet)
    assert data.last_row >= 328
    # used range, its address, ONE read of the values, ONE of the formulas
    assert dict(book.calls.reads) == {"sheet.used_range": 1, "range.address": 1, "range.value": 1,
                                      "range.formula": 1}
    assert book.calls.total_writes == 0


def test_error_values_are_read_as_their_text():
    path = walantaka_planted()
    data = XlwingsBook(fake(path)).read_sheet(L.sheet)
    assert data.value("J14") == "#DIV/0!"
    assert data.formula("J14") == "=1/0"
    # xlwings' default would hide it: the double is faithful to that
    assert fake(path).sheet(L.sheet).range("J14").value is None


def test_formula_giving_empty_text_reads_as_empty_text():
    data = XlwingsBook(fake(walantaka_planted())).read_sheet(L.sheet)
    assert data.formula("Q14") is not None
    assert data.value("Q14") == ""  # IF(..., "") with O14 typed as text: "" as in the file, not None


def test_text_starting_with_equals_is_not_a_formula():
    book = fake(walantaka_clean())
    sheet = book.sheet("Pemeriksaan")
    sheet.range("F6").value = "'=SUM(A1:A2)"  # typed with an apostrophe: text
    data = XlwingsBook(book).read_sheet("Pemeriksaan")
    assert data.value("F6") == "=SUM(A1:A2)"
    assert data.formula("F6") is None


@pytest.mark.parametrize("refers_to, expected", [
    ("='Rekap Kegiatan'!$A$8:$V$328", ("Rekap Kegiatan", "A8:V328")),
    ("=Identitas!$B$4", ("Identitas", "B4")),
    ("='O''Brien ''s'!$A$1", ("O'Brien 's", "A1")),
    ("=Daftar!$A$2:$A$5,Daftar!$C$2", ("Daftar", "A2:A5")),
    ("=#REF!", None),
    ("='Rekap Kegiatan'!#REF!", None),
    ("=0.5", None),
    ('="teks"', None),
    ("=SUM(Daftar!$A$1:$A$2)", None),
    (None, None),
])
def test_refers_to_is_parsed(refers_to, expected):
    assert _parse_refers_to(refers_to) == expected


def test_sheet_scoped_and_broken_names_are_left_out():
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.load_workbook(walantaka_clean())
    wb["Rekap Kegiatan"].defined_names["LOKAL"] = DefinedName("LOKAL", attr_text="'Rekap Kegiatan'!$A$1")
    wb.defined_names["RUSAK"] = DefinedName("RUSAK", attr_text="#REF!")
    path = WORKDIR / "names.xlsx"
    wb.save(path)
    names = XlwingsBook(FakeBook(path, evaluated(walantaka_clean()))).defined_names()
    assert "RUSAK" not in names and "LOKAL" not in names and not any("!" in n for n in names)
    assert names == OpenpyxlBook(path, engine=FixedEngine(evaluated(walantaka_clean()))).defined_names()


# -- the findings and what is written -------------------------------------------------------------------
def test_findings_are_those_of_check_file():
    path = walantaka_planted()
    ours = recalculate(XlwingsBook(fake(path)), now=NOW).findings
    theirs = check_file(path, engine=FixedEngine(evaluated(path))).findings
    assert len(ours) > 20
    assert [key(f) for f in ours] == [key(f) for f in theirs]
    rules = {f.rule for f in ours}
    assert {"rumus-tertimpa", "angka-sebagai-teks", "galat-rumus", "rumus-berbeda", "rentang-salah",
            "persentase-dijumlah"} <= rules


def test_writes_what_the_openpyxl_adapter_writes():
    path = walantaka_planted()
    book = fake(path)
    recalculate(XlwingsBook(book), now=NOW)
    reference = openpyxl_book(path)
    recalculate(reference, now=NOW)
    for ws in reference.wb.worksheets:
        ours = book.wb[ws.title]
        assert ours.max_row == ws.max_row, ws.title
        for row in ws.iter_rows():
            for cell in row:
                mine = ours[cell.coordinate]
                # "" written into a cell leaves it empty, in Excel as through the openpyxl adapter
                assert mine.value == (None if cell.value == "" else cell.value), (ws.title, cell.coordinate)
                assert _fill(mine) == _fill(cell), (ws.title, cell.coordinate)
    # ... and what the Pemeriksaan sheet holds is text and numbers, never a live formula or an error
    # (finding texts such as "=SUM(Q14:Q37)" and "#DIV/0!" are written with an apostrophe), but for
    # the link of each finding to its cell, in the last column
    pem = book.wb["Pemeriksaan"]
    link = lay.PEMERIKSAAN_TABLE.letter("tautan")
    kinds = {c.data_type for row in pem.iter_rows(min_row=6) for c in row
             if c.value is not None and c.column_letter != link}
    assert kinds <= {"s", "n"}
    links = [c for c in pem[link][5:] if c.value is not None]
    assert links and all(c.data_type == "f" and c.value == finding_link(c.row) for c in links)
    texts = [c.value for row in pem.iter_rows(min_row=6) for c in row if isinstance(c.value, str)]
    assert "=SUM(Q14:Q37)" in texts and "#DIV/0!" in texts


def test_marks_and_gives_the_colours_back():
    path = walantaka_planted()
    book = fake(path)
    ws = book.wb[L.sheet]
    original = {ref: _fill(ws[ref]) for ref in ("P15", "O14", "Q9")}
    recalculate(XlwingsBook(book), now=NOW)
    assert _fill(ws["P15"]) == MARK_COLORS[Severity.ERROR]
    assert _fill(ws["O14"]) != original["O14"]
    # the staff fix P15 (the formula back) and O14 (a number): the next run gives their colours back
    clean = openpyxl.load_workbook(walantaka_clean())[L.sheet]
    ws["P15"] = clean["P15"].value
    book.computed[(L.sheet, "P15")] = evaluated(walantaka_clean())[(L.sheet, "P15")]
    ws["O14"] = 315469078
    result = recalculate(XlwingsBook(book), now=NOW)
    assert not any(f.cell in ("P15", "O14") and f.sheet == L.sheet for f in result.findings)
    assert _fill(ws["P15"]) == original["P15"]
    assert _fill(ws["O14"]) == original["O14"]
    assert _fill(ws["Q9"]) != original["Q9"]  # still wrong: still marked


def test_recalculating_twice_gives_the_same_sheet():
    path = walantaka_planted()
    book = fake(path)
    first = recalculate(XlwingsBook(book), now=NOW)
    snapshot = {(ws.title, c.coordinate): (c.value, _fill(c)) for ws in book.wb.worksheets
                for row in ws.iter_rows() for c in row}
    second = recalculate(XlwingsBook(book), now=NOW)
    assert [key(f) for f in second.findings] == [key(f) for f in first.findings]
    again = {(ws.title, c.coordinate): (c.value, _fill(c)) for ws in book.wb.worksheets
             for row in ws.iter_rows() for c in row}
    assert again == snapshot


# -- the number of calls ----------------------------------------------------------------------------------
def _run_counts(path: Path) -> tuple[int, int, int, int, dict, dict]:
    book = fake(path)
    first = recalculate(XlwingsBook(book), now=NOW)
    r1, w1 = book.calls.total_reads, book.calls.total_writes
    writes = dict(book.calls.writes)
    book.calls.reset()
    recalculate(XlwingsBook(book), now=NOW)  # with the marks of the first run to give back
    return r1, w1, book.calls.total_reads, book.calls.total_writes, writes, {"findings": len(first.findings)}


def test_calls_do_not_grow_with_rows_and_proportional_faults():
    small = _run_counts(scaled_report(2, "per-kegiatan"))
    large = _run_counts(scaled_report(20, "per-kegiatan"))
    assert large[5]["findings"] >= small[5]["findings"] + 36  # 10x the kegiatan, 10x the faults
    assert large[:4] == small[:4]
    r1, w1, r2, w2, writes, _ = small
    # one clear, one write for the Pemeriksaan rows and one for each of Ringkasan's four fields,
    # one colour call per colour and sheet
    assert writes["range.clear_contents"] == 1 and writes["range.value"] == 5
    assert writes["range.color"] <= 4
    assert w1 <= 10 and w2 <= 20


def test_calls_do_not_grow_with_rows_for_the_same_faults():
    assert _run_counts(scaled_report(2, "fixed"))[:4] == _run_counts(scaled_report(20, "fixed"))[:4]


def test_walantaka_call_counts_are_small():
    book = fake(walantaka_planted())
    recalculate(XlwingsBook(book), now=NOW)
    sheets = len(book.wb.sheetnames)
    assert book.calls.reads["range.value"] == sheets and book.calls.reads["range.formula"] == sheets
    assert book.calls.total_writes <= 15


# -- writing ----------------------------------------------------------------------------------------------
def test_write_block_is_one_call_and_text_stays_text():
    book = fake(walantaka_clean())
    adapter = XlwingsBook(book)
    adapter.sheet_names()
    book.calls.reset()
    rows = [["000000", "5001.04", "=SUM(A1:A2)", "TRUE", "12%"], [1, 2.5, None, "", "#DIV/0!"]]
    adapter.write_block("Pemeriksaan", "A6", rows)
    assert dict(book.calls.writes) == {"range.value": 1}
    got = book.sheet("Pemeriksaan").range("A6:E7").options(ndim=2, err_to_str=True).value
    assert got == [["000000", "5001.04", "=SUM(A1:A2)", "TRUE", "12%"], [1.0, 2.5, None, None, "#DIV/0!"]]
    assert book.wb["Pemeriksaan"]["C6"].data_type == "s"


def test_the_double_types_like_excel():
    """Unprefixed, Excel would have turned these texts into numbers, a formula and a boolean."""
    book = fake(walantaka_clean())
    book.sheet("Pemeriksaan").range("A6").value = [["000000", "5001.04", "=1+1", "TRUE"]]
    ws = book.wb["Pemeriksaan"]
    assert ws["A6"].value == 0 and ws["B6"].value == 5001.04
    assert ws["C6"].data_type == "f" and ws["D6"].value is True


def test_ragged_rows_are_written_as_rectangles():
    book = fake(walantaka_clean())
    adapter = XlwingsBook(book)
    adapter.write_block("Pemeriksaan", "A6", [[1, 2], [3, 4], [5], [6, 7]])
    assert book.calls.writes["range.value"] == 3
    ws = book.wb["Pemeriksaan"]
    assert [[ws.cell(r, c).value for c in (1, 2)] for r in range(6, 10)] == [[1, 2], [3, 4], [5, None], [6, 7]]


def test_clear_block_is_one_call():
    book = fake(walantaka_clean())
    adapter = XlwingsBook(book)
    adapter.write_block("Pemeriksaan", "A6", [[1, 2], [3, 4]])
    book.calls.reset()
    adapter.clear_block("Pemeriksaan", "$A$6:$I$7")
    assert dict(book.calls.writes) == {"range.clear_contents": 1}
    assert book.wb["Pemeriksaan"]["B7"].value is None


def test_fills_are_set_per_colour_in_pieces_of_at_most_255_characters():
    book = fake(walantaka_clean())
    adapter = XlwingsBook(book)
    adapter.sheet_names()
    cells = [f"{col}{row}" for row in range(10, 300, 3) for col in ("P", "Q")]  # 194 scattered cells
    colors = ["FF7C80" if i % 2 else "FFD966" for i in range(len(cells))]
    book.calls.reset()
    adapter.set_fills(L.sheet, cells, colors)  # the double refuses an address over 255 characters
    by_color = {c: [x for x, y in zip(cells, colors) if y == c] for c in set(colors)}
    expected = sum(len(address_chunks(v)) for v in by_color.values())
    assert book.calls.writes["range.color"] == expected < 10
    ws = book.wb[L.sheet]
    assert all(_fill(ws[c]) == color for c, color in zip(cells, colors))
    # None and what is not a colour remove the fill
    adapter.set_fills(L.sheet, ["P10", "Q10"], [None, "bukan warna"])
    assert _fill(ws["P10"]) is None and _fill(ws["Q10"]) is None


def test_contiguous_cells_become_one_area():
    chunks = address_chunks(["P12", "P13", "P14", "Q20", "P16", "P15", "A1"])
    assert chunks == [("A1,P12:P16,Q20", ["A1", "P12", "P13", "P14", "P15", "P16", "Q20"])]
    long = address_chunks([f"P{r}" for r in range(1000, 1400, 2)])
    assert len(long) > 1 and all(len(a) <= MAX_ADDRESS for a, _ in long)
    assert sum(len(m) for _, m in long) == 200


def test_get_fills_reads_a_uniform_group_at_once():
    book = fake(walantaka_clean())
    adapter = XlwingsBook(book)
    adapter.sheet_names()
    cells = [f"{LAPORAN.target}{r}" for r in _rows_of_kind(book.wb[L.sheet], "indikator_kegiatan")[:40]]
    book.calls.reset()
    fills = adapter.get_fills(L.sheet, cells)
    assert set(fills) == {_fill(book.wb[L.sheet][cells[0]])}
    assert book.calls.reads["range.color"] == 1


def test_get_fills_with_mixed_colours_is_right():
    book = fake(walantaka_clean())
    adapter = XlwingsBook(book)
    ws = book.wb[L.sheet]
    cells = [f"{col}{r}" for r in range(8, 120, 5) for col in ("A", "B", LAPORAN.target, LAPORAN.capaian_k)]
    cells += cells[:3]  # asked twice
    fills = adapter.get_fills(L.sheet, cells)  # grouped by column only (the sheet was not read)
    assert fills == [_fill(ws[c]) for c in cells]
    assert len(set(fills)) > 2
    # after read_sheet (as in a recalculation), also by the look of the rows: fewer calls
    book.calls.reset()
    adapter.read_sheet(L.sheet)
    assert adapter.get_fills(L.sheet, cells) == fills
    assert book.calls.reads["range.color"] < len(set(cells)) / 2


@pytest.mark.parametrize("color, rgb", [
    ("FF7C80", (255, 124, 128)), ("#ff7c80", (255, 124, 128)), ("FFFF7C80", (255, 124, 128)),
    (None, None), ("", None), ("-", None), ("123456.0", None),
])
def test_color_to_rgb(color, rgb):
    assert color_to_rgb(color) == rgb


@pytest.mark.parametrize("value, color", [
    ((255, 124, 128), "FF7C80"), ("#ff7c80", "FF7C80"), (255 + 124 * 256 + 128 * 65536, "FF7C80"), (None, None),
])
def test_rgb_to_color(value, color):
    assert rgb_to_color(value) == color


def test_fake_refuses_long_addresses_like_excel():
    book = fake(walantaka_clean())
    with pytest.raises(FakeComError):
        book.sheet(L.sheet).range(",".join(f"P{r}" for r in range(100, 200)))


def test_floats_not_nan():
    # Excel never gives NaN; the double neither
    data = XlwingsBook(fake(walantaka_clean())).read_sheet(L.sheet)
    assert not any(isinstance(v, float) and math.isnan(v) for row in data.values for v in row)


def test_remote_engine_colours_through_set_colors():
    """xlwings' remote engine has no multi-area ranges and no synchronous colour reads."""
    book = fake(walantaka_clean())
    book._app.engine_info = FakeEngine("remote", "remote")
    adapter = XlwingsBook(book)
    cells = [f"{col}{r}" for r in range(10, 600, 7) for col in ("A", "P", "V")]
    adapter.set_fills(L.sheet, cells, ["FF7C80"] * len(cells))
    # A..V x rows 10..598: 22 columns, 454 rows a band of at most 10,000 cells: 2 calls
    assert dict(book.calls.writes) == {"range.set_colors": 2}
    ws = book.wb[L.sheet]
    assert all(_fill(ws[c]) == "FF7C80" for c in cells)
    assert _fill(ws["B10"]) == _fill(openpyxl.load_workbook(walantaka_clean())[L.sheet]["B10"])  # kept
    book.calls.reset()
    from lkjip_xl.errors import ExcelAccessError

    # no synchronous colour reads there: unknown is not "no fill"
    with pytest.raises(ExcelAccessError, match="tidak dapat membaca warna isian"):
        adapter.get_fills(L.sheet, cells[:3])
    assert book.calls.total_reads == 0


def test_fills_given_to_the_adapter_are_used():
    book = fake(walantaka_clean())
    book._app.engine_info = FakeEngine("remote", "remote")
    asked = []

    def fills(sheet, cells):
        asked.append((sheet, cells))
        return ["FFF2CC" if c.startswith("O") else None for c in cells]

    adapter = XlwingsBook(book, fills=fills)
    book.calls.reset()
    assert adapter.get_fills(L.sheet, ["$O$14", "p15"]) == ["FFF2CC", None]
    assert asked == [(L.sheet, ["O14", "P15"])]
    assert book.calls.total_reads == 0


def test_the_double_refuses_what_a_protected_sheet_refuses():
    book = fake(walantaka_clean())
    rekap = book.sheet(L.sheet)
    assert book.wb[L.sheet].protection.sheet
    with pytest.raises(FakeComError):
        rekap.range("P15").value = 1  # a locked formula cell
    with pytest.raises(FakeComError):
        rekap.range("P15:P16").clear_contents()
    rekap.range(f"{LAPORAN.realisasi}15").value = 12  # an input: unlocked
    rekap.range("P15").color = (255, 0, 0)  # formatting is allowed by the workbook's protection
    book.wb[L.sheet].protection.formatCells = True
    with pytest.raises(FakeComError):
        rekap.range("P15").color = (255, 0, 0)


def test_a_huge_used_range_is_refused_before_reading_it():
    from lkjip_xl.errors import ExcelAccessError
    from lkjip_xl.errors import LkjipError

    wb = openpyxl.load_workbook(walantaka_clean())
    wb["Daftar"]["XFD1048576"] = "x"
    path = WORKDIR / "stray.xlsx"
    wb.save(path)
    book = FakeBook(path, evaluated(walantaka_clean()))
    adapter = XlwingsBook(book)
    with pytest.raises(ExcelAccessError, match="Daftar") as info:
        adapter.read_sheet("Daftar")
    assert isinstance(info.value, LkjipError)
    assert book.calls.reads["range.value"] == 0
