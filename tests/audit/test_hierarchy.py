"""Hierarchy and aggregates: blocks, their totals, summary rows."""

from __future__ import annotations

from lkjip_xl.findings import Severity
from tests.audit.builders import at, audit_table, of_rule

HIERARCHY_RULES = ("rentang-kurang", "rentang-lebih", "dihitung-ganda", "rentang-berantai", "ringkasan-campur",
                   "ringkasan-berbeda", "rujukan-blok-lain", "subtotal-diketik", "blok-tanpa-total")


def test_clean_table_gives_no_hierarchy_finding(tmp_path):
    result = audit_table(tmp_path)
    for rule in HIERARCHY_RULES:
        assert of_rule(result, rule) == [], rule


def test_total_that_misses_rows_of_its_block(tmp_path):
    result = audit_table(tmp_path, {"H5": "=SUM(H6:H8)"})
    f = at(result, "rentang-kurang", "H5")
    assert f.severity is Severity.ERROR
    assert f.message == ("Rumus SUM tidak mencakup baris 9, 10 yang termasuk blok baris 5 (Program Pelayanan 1). "
                         "H5 =SUM(H6:H8); seharusnya =SUM(H6:H10): 15.500.000, bukan 6.300.000.")
    assert f.expected == "=SUM(H6:H10)"


def test_total_that_reaches_into_the_next_block(tmp_path):
    result = audit_table(tmp_path, {"H11": "=SUM(H12:H18)"})
    f = at(result, "rentang-lebih", "H11")
    assert f.severity is Severity.ERROR
    assert f.message.startswith("Rumus SUM melewati bloknya (baris 12-16) dan mencakup baris 17, 18: "
                                "17 (Program Pelayanan 3), 18 (Kegiatan 18).")
    assert f.message.endswith("H11 =SUM(H12:H18); seharusnya =SUM(H12:H16): 16.000.000, bukan 33.800.000.")


def test_total_reaching_into_empty_heading_rows_is_a_warning(tmp_path):
    edits = {"B17": "URUSAN PILIHAN", "H17": None, "I17": None, "J17": None, "K17": None, "L17": None,
             "G17": None, "A17": None, "H11": "=SUM(H12:H17)"}
    f = at(audit_table(tmp_path, edits), "rentang-lebih", "H11")
    assert f.severity is Severity.WARNING
    assert "Baris itu kini kosong di kolom ini" in f.message


def test_figure_counted_twice(tmp_path):
    result = audit_table(tmp_path, {"H23": "=H5+H11+H17+H12"})
    f = at(result, "dihitung-ganda", "H23")
    assert f.severity is Severity.ERROR
    assert f.message == ("Angka dihitung dua kali: H12 sudah termasuk dalam H11, lalu dijumlahkan lagi. "
                         "H23 =H5+H11+H17+H12.")


def test_double_count_is_reported_where_it_is_made_not_above(tmp_path):
    # R12 adds a sibling total, R23 adds R12 and that sibling again (the Deli Serdang pattern)
    result = audit_table(tmp_path, {"H5": "=SUM(H6:H10)+H11", "H23": "=H5+H11+H17"})
    assert [f.cell for f in of_rule(result, "dihitung-ganda")] == ["H23"]


def test_chained_range(tmp_path):
    result = audit_table(tmp_path, {"G11": "=AVERAGE(G12:G14:G16)"})
    f = at(result, "rentang-berantai", "G11")
    assert f.severity is Severity.ERROR
    assert f.message == ("Rentang berantai G12:G14:G16: Excel membacanya sebagai satu kotak G12:G16 (baris 12-16), "
                         "bukan hanya sel-sel yang ditulis. G11 =AVERAGE(G12:G14:G16); tulis sel atau rentang yang "
                         "dimaksud dipisah koma.")


def test_summary_row_averaging_rupiah_among_sums(tmp_path):
    result = audit_table(tmp_path, {"I11": "=AVERAGE(I12:I16)"})
    f = at(result, "ringkasan-campur", "I11")
    assert f.severity is Severity.ERROR
    assert f.message.startswith("Rupiah dirata-rata: kolom I baris 11 memakai AVERAGE, sedangkan kolom Rupiah lain "
                                "di baris ini (H, J) dijumlah (SUM). Baris ringkasan sejenis 5 memakai SUM "
                                "(I5 =SUM(I6:I10)).")
    assert "I11 =AVERAGE(I12:I16); seharusnya =SUM(I12:I16): 13.430.000, bukan 2.686.000." in f.message
    assert "Akibatnya K11 = 16,79 %; dengan itu 83,94 %" in f.message


def test_summary_rows_that_differ_from_their_siblings(tmp_path):
    edits = {"H11": "=AVERAGE(H12:H16)", "I11": "=AVERAGE(I12:I16)", "J11": "=AVERAGE(J12:J16)"}
    result = audit_table(tmp_path, edits)
    assert [f.cell for f in of_rule(result, "ringkasan-berbeda")] == ["H11", "I11", "J11"]
    f = at(result, "ringkasan-berbeda", "H11")
    assert f.message.startswith("Baris ringkasan 11 memakai AVERAGE di kolom H, sedangkan baris ringkasan sejenis 5 "
                                "memakai SUM (H5 =SUM(H6:H10)). H11 =AVERAGE(H12:H16); seharusnya =SUM(H12:H16).")
    assert of_rule(result, "ringkasan-campur") == []  # each row is consistent in itself


def test_absolute_reference_into_another_block(tmp_path):
    result = audit_table(tmp_path, {"K14": "=I14/$H$8*100"})
    f = at(result, "rujukan-blok-lain", "K14")
    assert f.severity is Severity.ERROR
    assert f.message == ("Rujukan mutlak ke blok lain: sel di blok baris 11 (Program Pelayanan 2) merujuk baris 8 "
                         "di blok baris 5 (Program Pelayanan 1). K14 =I14/$H$8*100: $H$8 milik blok lain; "
                         "seharusnya =I14/H14*100: 83,94 %, bukan 86,65 %.")


def test_absolute_reference_inside_its_own_block_is_fine(tmp_path):
    result = audit_table(tmp_path, {"K14": "=I14/$H$14*100"})
    assert of_rule(result, "rujukan-blok-lain") == []


def test_typed_subtotal_among_formula_subtotals(tmp_path):
    result = audit_table(tmp_path, {"H17": 123})
    f = at(result, "subtotal-diketik", "H17")
    assert f.severity is Severity.ERROR
    assert f.message == ("Subtotal diketik: 2 baris sejenis menghitung kolom H dengan SUM, baris 17 (Program "
                         "Pelayanan 3) berisi angka ketikan. H17 = 123; seharusnya =SUM(H18:H22) = 16.500.000.")


def test_typed_subtotal_with_the_right_sum_is_a_warning(tmp_path):
    f = at(audit_table(tmp_path, {"H17": 16_500_000}), "subtotal-diketik", "H17")
    assert f.severity is Severity.WARNING


def test_block_that_no_total_takes(tmp_path):
    result = audit_table(tmp_path, {"H23": "=H5+H11", "I23": "=I5+I11", "J23": "=J5+J11"})
    f = at(result, "blok-tanpa-total", "H17:J17")
    assert f.severity is Severity.WARNING
    assert f.message.startswith("Subtotal tidak masuk total mana pun: 2 subtotal sejenis di kolom H dibaca oleh "
                                "rumus total, subtotal baris 17 (Program Pelayanan 3) tidak (3 sel: H17:J17).")
    assert result.cells[("Evaluasi", "H17:J17")] == ["H17", "I17", "J17"]
