"""The Renja workbook as a user opens it: the official columns and legend, inputs unlocked, formulas
locked, validation, number formats, print layout, the names the recalculation writes to."""

from __future__ import annotations

import openpyxl
import pytest

from lkjip_xl import layout as lay
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja.layout import LAYOUT, SHEET, RowKind
from lkjip_xl.renja.plan import plan_rows
from lkjip_xl.template import INPUT_FILL

L = LAYOUT


@pytest.fixture(scope="module")
def wb(sample_xlsx):
    return openpyxl.load_workbook(sample_xlsx)


def test_sheets(wb):
    assert wb.sheetnames == ["Petunjuk", "Identitas", SHEET, "Ringkasan", "Pemeriksaan", "Daftar"]
    assert wb["Daftar"].sheet_state == "hidden"
    assert wb.active.title == SHEET


def test_the_seventeen_numbered_columns_and_legend(wb):
    ws = wb[SHEET]
    legend = {c.column_letter: c.value for c in ws[L.legend_row] if c.value is not None}
    assert legend == {"A": 1, "B": 2, "C": 3, "D": 4, "F": 5, "H": 6, "J": 7, "L": 8, "N": 9, "P": 10, "R": 11,
                      "T": "12 = 8+9+10+11", "V": "13 = 12/7 x 100", "X": "14 = 6 + 12", "Z": "15 = 14/5 x 100",
                      "AB": 16, "AC": 17}
    kr = {c.column_letter: c.value for c in ws[L.header_first + 2] if c.value in ("K", "Rp")}
    assert [kr[p.k] for p in L.pairs()] == ["K"] * 11 and [kr[p.rp] for p in L.pairs()] == ["Rp"] * 11
    assert [ws[f"{q.k}{L.header_first + 1}"].value for q in L.triwulan] == ["I", "II", "III", "IV"]
    assert ws[f"{L.target_renstra.k}{L.header_first}"].value.endswith("tahun 2021 (akhir periode Renstra)")
    assert "(2017)" in ws[f"{L.realisasi_renstra_lalu.k}{L.header_first}"].value
    assert ws["A1"].value == "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"
    assert ws["A2"].value == '="PERANGKAT DAERAH "&RENJA_OPD&" - "&RENJA_PEMERINTAH_DAERAH'


def test_inputs_unlocked_formulas_locked(wb, sample):
    ws = wb[SHEET]
    assert ws.protection.sheet
    rows = plan_rows(sample)
    ind = next(r for r in rows if r.kind is RowKind.INDIKATOR_KEGIATAN)
    keg = next(r for r in rows if r.kind is RowKind.KEGIATAN)
    parent = next(r for r in rows if r.kind is RowKind.KEGIATAN and r.kegiatan.sub_kegiatan)
    for col in L.k_inputs() + (L.metode, L.realisasi_tahunan):
        cell = ws[f"{col}{ind.row}"]
        assert cell.protection.locked is False and cell.fill.fgColor.rgb.endswith(INPUT_FILL), col
    for col in (L.realisasi.k, L.capaian.k, L.realisasi_renstra.k, L.capaian_renstra.k):
        cell = ws[f"{col}{ind.row}"]
        assert cell.protection.locked is True and str(cell.value).startswith("="), col
    for col in L.rp_inputs():
        assert ws[f"{col}{keg.row}"].protection.locked is False
        # a kegiatan with sub-kegiatan: its Rp are sums, computed and locked
        assert ws[f"{col}{parent.row}"].protection.locked is True
        assert ws[f"{col}{parent.row}"].value.startswith('=SUMIF(AF')
    assert ws[f"{L.jenis}{ind.row}"].value == "indikator_kegiatan"
    assert ws.column_dimensions[L.jenis].hidden and ws.column_dimensions[L.kunci].hidden


def test_number_formats_and_validation(wb, sample):
    ws = wb[SHEET]
    keg = next(r for r in plan_rows(sample) if r.kind is RowKind.KEGIATAN)
    assert ws[f"{L.target.rp}{keg.row}"].number_format == lay.FMT_RP
    assert ws[f"{L.capaian.rp}{keg.row}"].number_format == lay.FMT_PERSEN
    kinds = {(dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert ("list", rl.NAME_DAFTAR_METODE) in kinds and ("list", rl.NAME_DAFTAR_TAHUNAN) in kinds
    assert ("decimal", "0") in kinds  # Rp 0 or more
    ident = wb["Identitas"]
    assert any(dv.type == "whole" and dv.formula1 == "1" and dv.formula2 == "4"
               for dv in ident.data_validations.dataValidation)


def test_print_layout(wb):
    ws = wb[SHEET]
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows.replace("$", "") == "6:9"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    area = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
    assert area.startswith("'Evaluasi Renja'!$A$1:$AC$")


def test_quarters_after_the_triwulan_berjalan_are_shaded(wb):
    ws = wb[SHEET]
    rules = {str(rng.sqref).split(":")[0][:1]: [r.formula for r in rng.rules] for rng in ws.conditional_formatting}
    formulas = [f for rng in ws.conditional_formatting for r in rng.rules for f in r.formula]
    assert "RENJA_TRIWULAN<2" in formulas and "RENJA_TRIWULAN<4" in formulas
    assert "RENJA_TRIWULAN<1" not in formulas and rules


def test_defined_names(wb):
    names = {n: list(wb.defined_names[n].destinations)[0] for n in wb.defined_names}
    assert names[rl.NAME_TABLE][0] == SHEET
    last = lay.PEMERIKSAAN_TABLE.columns[-1].letter
    assert names[lay.PEMERIKSAAN_TABLE.name] == ("Pemeriksaan", f"$A$4:${last}$4")
    for f in lay.RINGKASAN_PEMERIKSAAN_FIELDS:
        assert names[f.name][0] == "Ringkasan"
    for f in rl.IDENTITAS_FIELDS:
        assert names[f.name][0] == "Identitas"
    for _, _, name in rl.TEXT_ROWS:
        assert names[name][0] == SHEET
    assert wb["Identitas"][names["RENJA_TRIWULAN"][1].replace("$", "")].value == 4


def test_text_rows_and_signatures(wb):
    ws = wb[SHEET]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "Faktor pendorong keberhasilan pencapaian kinerja" in cells
    assert "Aparatur memahami tugas dan fungsinya." in cells
    assert cells["Aparatur memahami tugas dan fungsinya."].protection.locked is False
    assert "Disusun" in cells and "Dievaluasi" in cells
    assert '=IF(RENJA_DISUSUN_NIP="","","NIP. "&RENJA_DISUSUN_NIP)' in cells
