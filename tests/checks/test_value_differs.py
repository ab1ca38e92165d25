"""nilai-berbeda: a computed cell whose value is not what the rules give from the inputs.

Its usual cause is an input the formulas cannot use (a number typed as text: Excel's SUM and
ISNUMBER skip it, the reader parses it); then the formula is right and the finding is a warning
that points at the referenced cells; traced back to the finding at that input, it is folded into
it (one mistake, one finding, that names the computed cells it puts out). A typed-over or wrong
formula is an error, which the more specific check at the same cell reports instead (run_checks
drops the general finding).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lkjip_xl import layout as lay
from lkjip_xl.layout import RekapKind as K
from tests.checks import ERROR, INFO, LAP, REKAP, WARNING, check_with_context, edit, find, one, set_cells

RULE = "nilai-berbeda"


@pytest.fixture(scope="module")
def planted(ext, workdir):
    keg = ext.row(K.KEGIATAN, "5001.500105.01.001")
    typed = ext.row(K.KEGIATAN, "5001.500105.04.043")
    program = ext.row(K.PROGRAM, "5001.01")
    peng_sheet, peng = ext.table_row(lay.PENGUKURAN_TABLE, 0)
    _, peng2 = ext.table_row(lay.PENGUKURAN_TABLE, 1)
    eselon = ext.cell("SDM_ESELON_JUMLAH_JUMLAH")
    _, eselon_first = ext.table_row(lay.SDM_TABLES["eselon"], 0)
    jumlah = lay.SDM_TABLES["eselon"].letter("jumlah")
    t = lay.PENGUKURAN_TABLE
    path = edit(ext, workdir / "nilai.xlsx",
                set_cells(REKAP, {f"{LAP.pagu}{keg}": "317.076.000",  # a number typed as text
                                  f"{LAP.capaian_rp}{typed}": 50}),  # a wrong number typed over a formula
                set_cells(peng_sheet, {f"{t.letter('realisasi')}{peng}": "77,44",
                                       # a wrong formula outside the Rekap sheet (x 100 forgotten)
                                       f"{t.letter('capaian')}{peng2}": f"={t.letter('realisasi')}{peng2}/"
                                                                        f"{t.letter('target')}{peng2}"}),
                set_cells(eselon[0], {eselon[1]: f"=SUM({jumlah}{eselon_first}:{jumlah}{eselon_first + 1})"}))
    findings, ctx = check_with_context(path)
    return SimpleNamespace(findings=findings, ctx=ctx, keg=keg, typed=typed, program=program, peng_sheet=peng_sheet,
                           peng=peng, peng2=peng2, eselon=eselon,
                           ringkasan=ext.table_row(lay.RINGKASAN_SASARAN_TABLE, 0))


def test_a_capaian_left_empty_by_a_number_typed_as_text(planted):
    """The follow-on warning at the kegiatan's capaian Rp is found, then folded into the text's
    own finding, which names it."""
    from lkjip_xl.checks import value_differs
    from lkjip_xl.checks.importance import is_follow_on

    cell = f"{LAP.capaian_rp}{planted.keg}"
    raw = [f for f in value_differs.run(planted.ctx) if f.cell == cell]
    assert len(raw) == 1 and is_follow_on(raw[0])
    assert "(kosong)" in raw[0].message and "99,49" in raw[0].message and "Rumusnya benar" in raw[0].message
    assert raw[0].found == ""
    assert not find(planted.findings, RULE, REKAP, cell)
    root = one(planted.findings, "angka-sebagai-teks", REKAP, f"{LAP.pagu}{planted.keg}", WARNING)
    assert root.message.startswith("Pagu laporan kegiatan 5001.500105.01.001: angka diketik sebagai teks "
                                   "('317.076.000')")
    assert f" Akibatnya 12 sel rumus lain ikut berbeda dari perhitungan ulang (rumusnya benar): {cell}, " in root.message


def test_a_text_realisasi_on_the_pengukuran_sheet(planted):
    """One text in an input cell: one finding, which names the four computed cells it puts out
    (capaian, predikat, and both on Ringkasan), not four more warnings."""
    t = lay.PENGUKURAN_TABLE
    cap, pred = f"{t.letter('capaian')}{planted.peng}", f"{t.letter('predikat')}{planted.peng}"
    assert not find(planted.findings, RULE, planted.peng_sheet, cap)
    assert not find(planted.findings, RULE, "Ringkasan")
    f = one(planted.findings, "angka-sebagai-teks", planted.peng_sheet, f"{t.letter('realisasi')}{planted.peng}",
            WARNING)
    sheet, row = planted.ringkasan
    rc, rp = (lay.RINGKASAN_SASARAN_TABLE.letter(k) for k in ("capaian_k", "predikat"))
    assert f.message.endswith(f" Akibatnya 4 sel rumus lain ikut berbeda dari perhitungan ulang (rumusnya benar): "
                              f"{cap}, {pred}, {sheet}!{rc}{row}, {sheet}!{rp}{row}.")


def test_a_total_wrong_because_of_text_is_reported_once_by_the_totals_check(planted):
    cell = f"{LAP.pagu}{planted.program}"
    assert not find(planted.findings, RULE, REKAP, cell)
    f = one(planted.findings, "jumlah-tidak-sesuai", REKAP, cell, ERROR)
    assert f"{LAP.pagu}{planted.keg}" in f.message and "teks" in f.message


def test_a_wrong_typed_over_value_is_reported_beside_the_overwritten_formula(planted):
    """50 typed over a capaian of 99,49: the lost formula and the wrong number are both said."""
    cell = f"{LAP.capaian_rp}{planted.typed}"
    f = one(planted.findings, RULE, REKAP, cell, ERROR)
    assert "nilai ketikan" in f.message and "99,49" in f.message
    one(planted.findings, "rumus-tertimpa", REKAP, cell, ERROR)


def test_a_wrong_formula_on_another_sheet_is_an_error(planted):
    t = lay.PENGUKURAN_TABLE
    cell = f"{t.letter('capaian')}{planted.peng2}"
    errors = find(planted.findings, sheet=planted.peng_sheet, cell=cell, severity=ERROR)
    assert errors, find(planted.findings, sheet=planted.peng_sheet, cell=cell)
    assert not any("Rumusnya benar" in f.message for f in find(planted.findings, RULE, planted.peng_sheet, cell))


def test_a_short_sum_on_the_data_umum_sheet_is_an_error(planted):
    errors = find(planted.findings, sheet=planted.eselon[0], cell=planted.eselon[1], severity=ERROR)
    assert errors, find(planted.findings, sheet=planted.eselon[0], cell=planted.eselon[1])


def test_clean_workbook_has_no_value_difference(ext_findings):
    assert find(ext_findings, RULE) == []


def test_run_checks_keeps_the_more_specific_finding_at_a_cell():
    from lkjip_xl.checks import _dedupe
    from lkjip_xl.findings import Finding

    general_error = Finding(ERROR, RULE, REKAP, "M16", "Nilai 1 berbeda")
    general_warning = Finding(WARNING, RULE, REKAP, "M9", "Nilai 2 berbeda")
    general_alone = Finding(ERROR, RULE, REKAP, "Q11", "Nilai 3 berbeda")
    totals = Finding(ERROR, "jumlah-tidak-sesuai", REKAP, "M16", "Pagu program ...")
    totals_at_m9 = Finding(ERROR, "jumlah-tidak-sesuai", REKAP, "M9", "Pagu program ...")
    a_note = Finding(INFO, "struktur-berubah", REKAP, "Q11", "catatan")  # less severe: the error stays
    kept = _dedupe([general_error, totals, general_warning, totals_at_m9, general_alone, a_note, totals])
    assert kept == [totals, totals_at_m9, general_alone, a_note]
