"""The reader on the workbooks staff really produce: built -> read gives the inputs back, and rows
inserted, deleted or added, numbers typed as text, empty and merged cells, formulas typed over and
rows it cannot map are read or reported (with their address), never a crash or a silent drop.

The reader only reads inputs, so most workbooks here are read without computing their formulas
(``NoFormulas``); the one test that needs a formula's value uses the formulas engine.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from lkjip_xl import model as m
from tests.openpyxl_book import OpenpyxlBook
from lkjip_xl.layout import REKAP_LAYOUT, RekapKind
from lkjip_xl.reader import ReadResult, read_book
from lkjip_xl.rules import Range
from tests.checks import (DAS, ERROR, INFO, LAP, REKAP, WARNING, Built, add_kegiatan_at_end, build, describe, edit,
                          excel_delete_rows, excel_insert_rows, extended_report, find, one, set_cells)

L = REKAP_LAYOUT
K = RekapKind
#: Fields that are not inputs (figures the source printed, notes) or not written to the workbook.
NOT_INPUTS = {"printed", "catatan", "kode_menyimpang", "validation_notes", "program_pagu", "printed_program_pagu"}


def inputs(obj: Any) -> Any:
    """The input fields of a model object as plain data; a year block without inputs is None."""
    if isinstance(obj, Range):
        return ("rentang", obj.min, obj.max)
    if is_dataclass(obj):
        data = {f.name: inputs(getattr(obj, f.name)) for f in fields(obj) if f.name not in NOT_INPUTS}
        if isinstance(obj, (m.TahunK, m.TahunRp)) and all(v is None for v in data.values()):
            return None
        return data
    if isinstance(obj, list):
        return [inputs(x) for x in obj]
    if isinstance(obj, Enum):
        return obj.value
    return obj


def differences(expected: Any, actual: Any, path: str = "report") -> list[str]:
    """Readable differences between two ``inputs()`` trees."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in list(expected) + [k for k in actual if k not in expected]:
            out += differences(expected.get(key, "<tidak ada>"), actual.get(key, "<tidak ada>"), f"{path}.{key}")
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = [f"{path}: {len(expected)} items expected, {len(actual)} read"] if len(expected) != len(actual) else []
        for i, (e, a) in enumerate(zip(expected, actual)):
            out += differences(e, a, f"{path}[{i}]")
        return out
    return [] if expected == actual else [f"{path}: expected {expected!r}, read {actual!r}"]


def assert_same_inputs(expected: m.Report, actual: m.Report) -> None:
    diff = differences(inputs(expected), inputs(actual))
    assert diff == [], "\n".join(diff)


@pytest.fixture(scope="module")
def ext_report() -> m.Report:
    return extended_report()


@pytest.fixture(scope="module")
def ext(ext_report, tmp_path_factory) -> Built:
    return build(ext_report, tmp_path_factory.mktemp("reader") / "contoh.xlsx")


class NoFormulas:
    """An engine that computes nothing: the reader reads inputs only, so formula results are not
    needed (and the file is loaded once instead of twice)."""

    def evaluate(self, path: Path) -> dict:
        return {}


def read(path: Path, values: str = "inputs") -> ReadResult:
    if values == "inputs":
        return read_book(OpenpyxlBook(path, values="engine", engine=NoFormulas()).read_book())
    return read_book(OpenpyxlBook(path, values=values).read_book())


# -- built -> read ---------------------------------------------------------------------------------------
def test_extended_workbook_reads_back_its_inputs(ext, ext_report):
    result = read(ext.path)
    assert_same_inputs(ext_report, result.report)
    assert result.findings == []


def test_walantaka_workbook_reads_back_its_inputs(walantaka, walantaka_xlsx):
    result = read(walantaka_xlsx)
    assert_same_inputs(walantaka, result.report)
    assert result.findings == [], describe(result.findings)
    assert sum(1 for _ in result.report.rekap.kegiatan()) == 97


def test_inputs_compares_year_blocks_without_inputs_as_none():
    assert inputs(m.TahunRp(printed={"capaian_rp": Decimal("94.11")})) is None
    assert inputs(m.TahunK(target=Decimal(0))) == {"target": Decimal(0), "realisasi": None}


# -- rows inserted, deleted, added ---------------------------------------------------------------------------
def test_blank_rows_inserted_inside_a_program_block_change_nothing(ext, ext_report, tmp_path):
    row = ext.row(K.KEGIATAN, "5001.500105.01.003")
    path = edit(ext, tmp_path / "sisip.xlsx", lambda wb: excel_insert_rows(wb, REKAP, row, 2))
    result = read(path)
    assert_same_inputs(ext_report, result.report)
    assert result.findings == []
    moved = next(r for r in result.rekap_rows if r.kunci == "5001.01/5001.500105.01.003")
    assert moved.row == row + 2


def test_a_kegiatan_deleted_inside_a_program_block_is_gone_and_nothing_else(ext, tmp_path):
    row = ext.row(K.KEGIATAN, "5001.500105.04.043")
    path = edit(ext, tmp_path / "hapus.xlsx", lambda wb: excel_delete_rows(wb, REKAP, row, 2))
    result = read(path)

    def drop(data):
        data["rekap"]["kelompok"][0]["program"][0]["kegiatan"].pop(0)

    assert_same_inputs(extended_report(drop), result.report)
    assert result.findings == []


def test_a_kegiatan_added_at_the_end_of_a_program_is_read_with_its_indicator(ext, tmp_path):
    rows = {}
    path = edit(ext, tmp_path / "tambah.xlsx", lambda wb: rows.setdefault("at", add_kegiatan_at_end(wb)))
    at = rows["at"]
    result = read(path)
    program = next(p for _, p in result.report.rekap.programs() if p.kode == "5001.01")
    added = program.kegiatan[-1]
    assert (added.kode, added.nama) == ("5001.500105.01.004", "Penyediaan Jasa Kebersihan")
    assert added.laporan == m.TahunRp(pagu=Decimal(10000000), realisasi_rp=Decimal(9500000))
    assert added.dasar is None
    assert [(i.uraian, i.satuan, i.laporan.target, i.laporan.realisasi) for i in added.indikator] == [
        ("Terbayarnya jasa kebersihan", "bulan", Decimal(12), Decimal(12))]
    one(result.findings, "baris-ditambahkan", REKAP, f"{L.kode}{at}", INFO)
    one(result.findings, "baris-ditambahkan", REKAP, f"{L.indikator}{at + 1}", INFO)
    kinds = {r.row: (r.kind, r.kunci) for r in result.rekap_rows}
    assert kinds[at] == (K.KEGIATAN, "5001.01/5001.500105.01.004")
    assert kinds[at + 1] == (K.INDIKATOR_KEGIATAN, "5001.01/5001.500105.01.004#1")
    # the rest of the report is unchanged
    program.kegiatan.pop()
    assert_same_inputs(extended_report(), result.report)


# -- cell contents ----------------------------------------------------------------------------------------------
def test_numbers_typed_as_text_are_read_and_reported(ext, tmp_path):
    keg = ext.row(K.KEGIATAN, "5001.500105.04.044")
    outcome = ext.row(K.INDIKATOR_PROGRAM, "5001.11#1")
    path = edit(ext, tmp_path / "teks.xlsx", set_cells(REKAP, {
        f"{LAP.pagu}{keg}": "202.989.861", f"{LAP.realisasi}{outcome}": "57,142",
        f"{DAS.target}{keg + 1}": " 12 "}))
    result = read(path)
    assert_same_inputs(extended_report(), result.report)
    for cell, number in ((f"{LAP.pagu}{keg}", Decimal(202989861)), (f"{LAP.realisasi}{outcome}", Decimal("57.142")),
                         (f"{DAS.target}{keg + 1}", Decimal(12))):
        f = one(result.findings, "angka-sebagai-teks", REKAP, cell, WARNING)
        assert f.expected == number


def test_text_that_is_not_a_number_is_an_error_at_its_cell(ext, tmp_path):
    ind = ext.row(K.INDIKATOR_KEGIATAN, "5001.500105.11.001#1")
    keg = ext.row(K.KEGIATAN, "5001.500105.11.001")
    path = edit(ext, tmp_path / "bukan_angka.xlsx", set_cells(REKAP, {
        f"{LAP.target}{ind}": "lima", f"{LAP.pagu}{keg}": "1.051.756.000x"}))
    result = read(path)
    assert "lima" in one(result.findings, "bukan-angka", REKAP, f"{LAP.target}{ind}", ERROR).message
    one(result.findings, "bukan-angka", REKAP, f"{LAP.pagu}{keg}", ERROR)
    kegiatan = next(k for _, k in result.report.rekap.kegiatan() if k.kode == "5001.500105.11.001")
    assert kegiatan.laporan.pagu is None and kegiatan.indikator[0].laporan.target is None


def test_a_negative_amount_is_an_error(ext, tmp_path):
    keg = ext.row(K.KEGIATAN, "5001.500105.11.001")
    path = edit(ext, tmp_path / "negatif.xlsx", set_cells(REKAP, {f"{LAP.realisasi_rp}{keg}": -34100000}))
    result = read(path)
    one(result.findings, "angka-negatif", REKAP, f"{LAP.realisasi_rp}{keg}", ERROR)


def test_an_unknown_metode_is_an_error_and_counts_as_positif(ext, tmp_path):
    ind = ext.row(K.INDIKATOR_KEGIATAN, "5001.500105.04.043#1")
    path = edit(ext, tmp_path / "metode.xlsx", set_cells(REKAP, {f"{L.metode}{ind}": "positip"}))
    result = read(path)
    one(result.findings, "metode-tidak-dikenal", REKAP, f"{L.metode}{ind}", ERROR)
    assert_same_inputs(extended_report(), result.report)


def test_empty_cells_are_empty_inputs(ext, tmp_path):
    keg = ext.row(K.KEGIATAN, "5001.500105.04.044")
    keg1 = ext.row(K.KEGIATAN, "5001.500105.04.043")
    path = edit(ext, tmp_path / "kosong.xlsx", set_cells(REKAP, {
        f"{LAP.target}{keg + 1}": None,  # a target cleared: the realisasi stays
        f"{DAS.pagu}{keg}": None, f"{DAS.realisasi_rp}{keg}": None,  # a whole year of Rp cleared
        f"{DAS.target}{keg + 1}": None, f"{DAS.realisasi}{keg + 1}": "",  # a whole year of K cleared
        f"{LAP.target}{keg1 + 1}": "   ",  # blanks typed
    }))

    def change(data):
        kegiatan = data["rekap"]["kelompok"][0]["program"][0]["kegiatan"]
        del kegiatan[1]["dasar"]
        kegiatan[1]["indikator"][0]["laporan"] = {"realisasi": 11}
        del kegiatan[1]["indikator"][0]["dasar"]
        kegiatan[0]["indikator"][0]["laporan"] = {"realisasi": 12}

    result = read(path)
    assert_same_inputs(extended_report(change), result.report)
    assert result.findings == []


def test_merged_cells_are_read_from_their_first_cell(ext, tmp_path):
    keg = ext.row(K.KEGIATAN, "5001.500105.01.001")

    def merge(wb):
        ws = wb[REKAP]
        ws.merge_cells(f"{L.kode}{keg}:{L.kode}{keg + 2}")  # kode over the kegiatan and its indicators
        ws.merge_cells(f"{L.uraian}{keg}:{L.uraian}{keg + 2}")
        ws.merge_cells(f"{LAP.pagu}{keg}:{LAP.pagu}{keg + 2}")  # Rp once per kegiatan, merged down
        ws.merge_cells(f"{LAP.realisasi_rp}{keg}:{LAP.realisasi_rp}{keg + 2}")

    path = edit(ext, tmp_path / "gabung.xlsx", merge)
    result = read(path)
    assert_same_inputs(extended_report(), result.report)
    assert result.findings == []


def test_a_formula_replaced_by_a_typed_number_does_not_change_the_inputs(ext, tmp_path):
    keg = ext.row(K.KEGIATAN, "5001.500105.04.043")
    program = ext.row(K.PROGRAM, "5001.04")
    path = edit(ext, tmp_path / "tertimpa.xlsx", set_cells(REKAP, {
        f"{LAP.capaian_rp}{keg}": 99.49, f"{LAP.pagu}{program}": 412763920, f"{L.predikat}{keg}": "Tinggi"}))
    result = read(path)
    assert_same_inputs(extended_report(), result.report)
    assert result.findings == []


def test_an_input_cell_holding_a_formula_is_read_by_its_value_and_reported(ext, tmp_path):
    keg = ext.row(K.KEGIATAN, "5001.500105.04.043")
    path = edit(ext, tmp_path / "isian_rumus.xlsx", set_cells(REKAP, {f"{LAP.pagu}{keg}": "=200000000+9774059"}))
    result = read(path, values="engine")
    assert_same_inputs(extended_report(), result.report)
    assert "=200000000+9774059" in one(result.findings, "isian-berisi-rumus", REKAP, f"{LAP.pagu}{keg}",
                                       WARNING).message


# -- what cannot be mapped ---------------------------------------------------------------------------------------
def test_unmapped_rows_are_reported_with_their_address(ext, tmp_path):
    at = ext.row(K.KEGIATAN, "5001.500105.01.003")
    last = ext.row(K.TOTAL_RATA_RATA_OPD, "OPD")

    def plant(wb):
        excel_insert_rows(wb, REKAP, at, 1)
        wb[REKAP][f"{L.uraian}{at}"] = "catatan: cek ulang pagu"  # text where no kind can be told
        wb[REKAP][f"{LAP.pagu}{at}"] = 5000000
        wb[REKAP][f"{L.uraian}{last + 4}"] = "Jumlah lain-lain"  # below the table
        wb[REKAP][f"{LAP.pagu}{last + 4}"] = 123

    path = edit(ext, tmp_path / "tak_dikenal.xlsx", plant)
    result = read(path)
    assert f"Baris {at}" in one(result.findings, "baris-tak-dikenal", REKAP, f"{L.first_column}{at}", WARNING).message
    one(result.findings, "di-luar-tabel", REKAP, f"{L.first_column}{last + 4}", WARNING)
    assert_same_inputs(extended_report(), result.report)


def test_a_workbook_without_the_rekap_table_name_is_still_read(ext, ext_report, tmp_path):
    def drop_name(wb):
        del wb.defined_names["REKAP_TABEL"]

    path = edit(ext, tmp_path / "tanpa_nama.xlsx", drop_name)
    result = read(path)
    f = one(result.findings, "nama-hilang", REKAP, "", WARNING)
    assert "REKAP_TABEL" in f.message
    assert_same_inputs(ext_report, result.report)
    assert len(result.rekap_rows) == len(ext.rows())


@pytest.mark.parametrize("kind", ["kegiatan", "indikator"])
def test_a_row_the_reader_cannot_place_is_reported_not_dropped(ext, tmp_path, kind):
    """A kegiatan row above the first program, an indicator row above the first kegiatan: read
    nowhere, but said so at the row."""
    first = ext.row(K.KELOMPOK, "NON URUSAN")

    def plant(wb):
        excel_insert_rows(wb, REKAP, first, 1)
        if kind == "kegiatan":
            wb[REKAP][f"{L.kode}{first}"] = "5001.500105.04.099"
            wb[REKAP][f"{L.jenis}{first}"] = "kegiatan"
        else:
            wb[REKAP][f"{L.indikator}{first}"] = "Indikator tanpa kegiatan"
            wb[REKAP][f"{L.jenis}{first}"] = "indikator_kegiatan"

    def grow_table(wb):
        dn = wb.defined_names["REKAP_TABEL"]
        dn.attr_text = dn.attr_text.replace(f"$A${first + 1}", f"$A${first}")

    path = edit(ext, tmp_path / f"{kind}_tanpa_induk.xlsx", plant, grow_table)
    result = read(path)
    found = find(result.findings, "struktur", REKAP)
    assert [f.cell for f in found] == [f"{L.kode if kind == 'kegiatan' else L.indikator}{first}"], \
        describe(result.findings)
    assert found[0].severity is ERROR
    assert_same_inputs(extended_report(), result.report)
