"""A filled Renja workbook read back into the model, and written as a report file that loads again."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from lkjip_xl.renja.export import dump_renja, read_renja_workbook
from lkjip_xl.renja.layout import LAYOUT, SHEET
from lkjip_xl.renja.loader import loads_renja
from lkjip_xl.renja.plan import plan_rows
from lkjip_xl.renja.writer import structure_only, write_renja_workbook

L = LAYOUT


def test_round_trip_workbook_to_model(sample, sample_xlsx):
    read = read_renja_workbook(sample_xlsx)
    assert read.findings == []
    assert read.report == sample


def test_round_trip_model_to_yaml(sample):
    text = dump_renja(sample)
    assert 'kode: "1.01.01.02.01"' in text and "triwulan: [13, 13, 13, 13]" in text
    assert loads_renja(text) == sample


def test_round_trip_in_progress(in_progress, in_progress_xlsx):
    read = read_renja_workbook(in_progress_xlsx)
    assert read.report == in_progress
    assert read.report.identitas.triwulan == 2


def test_blank_form(sample, tmp_path):
    blank = structure_only(sample)
    assert all(i.triwulan == [] for i in blank.indicators())
    read = read_renja_workbook(write_renja_workbook(blank, tmp_path / "kosong.xlsx"))
    assert read.report == blank


def test_what_staff_type_is_reported_with_its_cell(sample, tmp_path):
    path = write_renja_workbook(sample, tmp_path / "diisi.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    rows = plan_rows(sample)
    ind = next(r.row for r in rows if r.indikator and r.indikator.uraian == "Tersedianya alat tulis kantor")
    keg = next(r.row for r in rows if r.kegiatan and r.kegiatan.nama == "Pendidikan dan Pelatihan Formal"
               and r.indikator is None)
    ws[f"{L.triwulan[0].k}{ind}"] = "13"  # a number typed as text
    ws[f"{L.triwulan[1].rp}{keg}"] = f"={L.target.rp}{keg}"  # realisation taken from the pagu
    ws[f"{L.metode}{ind}"] = "naik"
    ws[f"{L.triwulan[2].k}{ind}"] = "tiga belas"
    wb.save(path)
    read = read_renja_workbook(path)
    by = {(f.rule, f.cell): f.message for f in read.findings}
    assert by[("angka-sebagai-teks", f"{L.triwulan[0].k}{ind}")].endswith(
        "angka diketik sebagai teks ('13'); dibaca sebagai 13. Ketik ulang sebagai angka agar rumus Excel ikut "
        "menghitungnya.")
    assert by[("isian-berisi-rumus", f"{L.triwulan[1].rp}{keg}")] == (
        f"Sel isian berisi rumus ={L.target.rp}{keg}; nilainya dipakai sebagai isian.")
    assert "Metode 'naik' tidak dikenal" in by[("pilihan-tidak-dikenal", f"{L.metode}{ind}")]
    assert "harus angka, tertulis 'tiga belas'" in by[("bukan-angka", f"{L.triwulan[2].k}{ind}")]


def test_an_indicator_typed_into_an_inserted_row(sample, tmp_path):
    path = write_renja_workbook(sample, tmp_path / "sisip.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    rows = plan_rows(sample)
    ind = next(r.row for r in rows if r.indikator and r.indikator.uraian == "Waktu penyelesaian surat")
    ws.insert_rows(ind + 1)
    ws[f"{L.indikator}{ind + 1}"] = "Indikator tambahan"
    ws[f"{L.target.k}{ind + 1}"] = 4
    wb.save(path)
    read = read_renja_workbook(Path(path))
    assert [i.uraian for i in read.report.program[0].kegiatan[0].indikator][-1] == "Indikator tambahan"
    assert any(f.rule == "baris-ditambahkan" and f.cell == f"{L.indikator}{ind + 1}" for f in read.findings)
