"""Formula regions: a cell that breaks the formulas of its role in its column."""

from __future__ import annotations

from lkjip_xl.findings import Severity
from tests.audit.builders import at, audit_table, of_rule


def test_clean_table_has_no_finding_at_all(tmp_path):
    result = audit_table(tmp_path)
    assert result.findings == []
    assert result.sheets == ["Evaluasi"]


def test_formula_referring_to_another_column(tmp_path):
    result = audit_table(tmp_path, {"G8": "=F8/H8*100"}, legend=False)
    f = at(result, "rumus-tidak-konsisten", "G8")
    assert f.severity is Severity.ERROR
    assert f.message == ("Rumus berbeda dari 14 sel sejenis di kolom G: merujuk kolom lain. G8 =F8/H8*100; "
                         "seharusnya =F8/E8*100. G8 = 0,0003; dengan rumus kolomnya 80.")
    assert f.expected == "=F8/E8*100"


def test_other_operator_and_other_function(tmp_path):
    result = audit_table(tmp_path, {"J9": "=H9+I9", "K14": "=ROUND(I14/H14*100,2)"}, legend=False)
    assert "memakai operator + di tempat -" in at(result, "rumus-tidak-konsisten", "J9").message
    k14 = at(result, "rumus-tidak-konsisten", "K14")
    assert "bentuk rumusnya lain" in k14.message or "fungsi" in k14.message
    assert k14.severity is Severity.ERROR  # rounded: another value


def test_consistent_columns_give_no_region_finding(tmp_path):
    result = audit_table(tmp_path, legend=False)
    assert of_rule(result, "rumus-tidak-konsisten") == []


def test_number_typed_over_a_formula(tmp_path):
    result = audit_table(tmp_path, {"G9": 75})
    f = at(result, "angka-menimpa-rumus", "G9")
    assert f.severity is Severity.ERROR
    assert f.message == ("Angka diketik di kolom G yang pada 14 sel sejenis berisi rumus; angka ketikan tidak ikut "
                         "berubah bila isian berubah. G9 = 75; seharusnya rumus =F9/E9*100, yang menghasilkan 100.")


def test_number_typed_with_the_right_value_is_a_warning(tmp_path):
    result = audit_table(tmp_path, {"G9": 100})
    f = at(result, "angka-menimpa-rumus", "G9")
    assert f.severity is Severity.WARNING
    assert f.message.endswith("(hasilnya sekarang sama: 100).")


def test_formula_missing_among_siblings(tmp_path):
    result = audit_table(tmp_path, {"J14": None})
    f = at(result, "rumus-hilang", "J14")
    assert f.severity is Severity.WARNING
    assert f.message == ("Sel kosong di kolom J yang pada 14 sel sejenis berisi rumus. J14 seharusnya =H14-I14 "
                         "= 514.000.")


def test_no_missing_formula_when_every_cell_has_it(tmp_path):
    assert of_rule(audit_table(tmp_path), "rumus-hilang") == []


def test_realisasi_copied_from_the_target(tmp_path):
    result = audit_table(tmp_path, {"F13": "=E13"})
    f = at(result, "rumus-di-kolom-isian", "F13")
    assert f.severity is Severity.ERROR
    assert f.message.startswith("Realisasi diambil dari target: kolom F (realisasi) diisi rumus yang menyalin "
                                "kolom E (target).")
    assert "F13 =E13" in f.message


def test_formula_in_an_input_column_copying_another_input(tmp_path):
    result = audit_table(tmp_path, {"H13": "=H12"})
    f = at(result, "rumus-di-kolom-isian", "H13")
    assert f.severity is Severity.WARNING
    assert "14 sel sejenis di kolom ini diketik" in f.message


def test_typed_inputs_give_no_input_column_finding(tmp_path):
    assert of_rule(audit_table(tmp_path), "rumus-di-kolom-isian") == []


def test_formula_referring_to_an_empty_cell(tmp_path):
    result = audit_table(tmp_path, {"M7": "=H7*N7"})
    f = at(result, "rujukan-sel-kosong", "M7")
    assert f.severity is Severity.WARNING
    assert f.message.endswith("M7 =H7*N7 merujuk N7 yang kosong.")
    # a term of a plain sum left empty counts as 0, as meant
    assert of_rule(audit_table(tmp_path, {"M7": "=H7+N7"}), "rujukan-sel-kosong") == []


def test_guarded_formula_reading_an_empty_cell_is_fine(tmp_path):
    result = audit_table(tmp_path, {"M7": "=IF(ISNUMBER(N7),H7+N7,H7)"})
    assert of_rule(result, "rujukan-sel-kosong") == []


def test_numbers_stored_as_text_and_dashes(tmp_path):
    result = audit_table(tmp_path, {"H7": "2.100.000", "E19": "-"})
    f = at(result, "angka-sebagai-teks", "H7")
    assert f.severity is Severity.WARNING
    assert f.message == ("Angka disimpan sebagai teks di kolom H: tidak ikut dijumlah atau dirata-rata. "
                         "H7 = '2.100.000'; ketik ulang sebagai angka (2100000).")
    dash = at(result, "angka-sebagai-teks", "E19")
    assert dash.severity is Severity.INFO


def test_text_columns_are_not_numbers_stored_as_text(tmp_path):
    assert of_rule(audit_table(tmp_path, {"C7": "12"}), "angka-sebagai-teks") == []
