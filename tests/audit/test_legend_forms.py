"""The form's legend row, and the known forms with the project's rules."""

from __future__ import annotations

from lkjip_xl.audit import audit_workbook, read_sheets, recognise_form
from lkjip_xl.findings import Severity
from tests.audit.builders import J1_MERGED, at, audit_table, j1, of_rule, predikat, write


def test_formulas_inverted_against_the_legend(tmp_path):
    edits = {f"G{r}": f"=E{r}/F{r}*100" for r in (*range(6, 11), *range(12, 17), *range(18, 23))}
    result = audit_table(tmp_path, edits)
    f = at(result, "tidak-sesuai-legenda", "G6:G10")
    assert f.severity is Severity.ERROR
    assert f.message == ("Rumus tidak sesuai legenda kolom G (\"7 = 6/5 x 100\"): pembagiannya terbalik: membagi "
                         "kolom 5 dengan kolom 6 (5 sel: G6:G10). Contoh G6: G6 =E6/F6*100; seharusnya =F6/E6*100 "
                         "(dengan isian sekarang hasilnya kebetulan sama, 100).")
    assert len(of_rule(result, "tidak-sesuai-legenda")) == 3  # one per run between the program rows


def test_sum_missing_a_term_of_the_legend(tmp_path):
    f = at(audit_table(tmp_path, {"J8": "=H8"}), "tidak-sesuai-legenda", "J8")
    assert f.message == ("Rumus tidak sesuai legenda kolom J (\"10 = 8 - 9\"): tidak mengurangkan kolom 9 (I). "
                         "J8 =H8; seharusnya =H8-I8: 408.000, bukan 3.100.000.")
    assert f.expected == "=H8-I8"


def test_formulas_that_follow_the_legend_give_no_finding(tmp_path):
    assert of_rule(audit_table(tmp_path), "tidak-sesuai-legenda") == []


def test_predikat_that_does_not_fit_its_capaian(tmp_path):
    wrong = predikat("G7").replace('"Sangat Tinggi"', '"Tinggi"')
    f = at(audit_table(tmp_path, {"L7": wrong}), "predikat-tidak-sesuai", "L7")
    assert f.severity is Severity.ERROR
    assert f.message.endswith("L7 = 'Tinggi' untuk G7 = 92,31 %; seharusnya 'Sangat Tinggi'.")


def test_predikat_of_an_empty_capaian(tmp_path):
    f = at(audit_table(tmp_path, {"G14": " "}), "predikat-tidak-sesuai", "L14")
    assert f.message.startswith("Predikat dari capaian yang kosong")
    assert "L14 = 'Sangat Tinggi' padahal G14 kosong" in f.message


def test_predikat_by_the_bands_gives_no_finding(tmp_path):
    assert of_rule(audit_table(tmp_path), "predikat-tidak-sesuai") == []


def test_j1_is_recognised_with_its_columns(tmp_path):
    path = write(tmp_path / "j1.xlsx", {"J-1": j1()}, merged={"J-1": J1_MERGED})
    book = read_sheets(path)
    form = recognise_form(book.cells["J-1"], book.looks)
    assert form is not None and form.name == "Tabel J-1 Evaluasi Renja dan Renstra Permendagri 54/2010"
    assert form.columns == {"tingkat_realisasi": 14, "realisasi_tahun": 13, "target_tahun": 12,
                            "perkiraan_realisasi": 16, "realisasi_lalu": 11, "target_berikut": 15,
                            "tingkat_capaian_renstra": 17, "target_renstra": 10}
    result = audit_workbook(path)
    assert result.forms == {"J-1": form.name}
    assert result.recognised() == ("dikenali: Tabel J-1 Evaluasi Renja dan Renstra Permendagri 54/2010, "
                                   "sheet 'J-1'")
    assert result.findings == []


def test_j1_title_years_that_contradict_the_evaluated_year(tmp_path):
    years = {"J8": "Target Kinerja Capaian Program (Renstra SKPD) Tahun 2013",
             "O8": "Target Program dan Kegiatan (Renja SKPD 2013)"}
    result = audit_workbook(write(tmp_path / "j1.xlsx", {"J-1": j1(years)}, merged={"J-1": J1_MERGED}))
    assert [f.cell for f in of_rule(result, "tahun-judul-tidak-sesuai")] == ["J8", "O8"]
    f = at(result, "tahun-judul-tidak-sesuai", "O8")
    assert f.severity is Severity.WARNING
    assert f.message == ("Tahun pada judul kolom tidak sesuai tahun yang dievaluasi (2014, kolom 6-7) dan legenda "
                         "\"10=(5+7+9)\". O8 'Target Program dan Kegiatan (Renja SKPD 2013)': target Renja tahun n "
                         "(kolom 9) seharusnya tahun 2015, bukan 2013.")


def test_j1_capaian_typed_against_the_rules(tmp_path):
    result = audit_workbook(write(tmp_path / "j1.xlsx", {"J-1": j1(edits={"N13": 50})}, merged={"J-1": J1_MERGED}))
    f = at(result, "capaian-tidak-sesuai", "N13")
    assert f.severity is Severity.ERROR
    assert f.message == ("Capaian tidak sesuai aturan di kolom N: capaian = realisasi (M) / target (L) x 100. "
                         "N13 = 50,0 %; menurut aturan 100,0 % (realisasi M13, target L13).")


def test_hidden_sheets_are_audited(tmp_path):
    path = write(tmp_path / "h.xlsx", {"Terlihat": ({"A1": "x"}, set()), "J-1": j1(edits={"N13": 50})},
                 hidden={"J-1"}, merged={"J-1": J1_MERGED})
    result = audit_workbook(path)
    assert result.sheets == ["Terlihat", "J-1"]
    assert at(result, "capaian-tidak-sesuai", "N13").sheet == "J-1"


def test_a_plain_table_is_no_known_form(tmp_path):
    assert audit_table(tmp_path).forms == {}
