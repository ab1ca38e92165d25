"""Numbers: typed constants in formulas, error values, circular references, implausible capaian."""

from __future__ import annotations

from lkjip_xl.findings import Severity
from tests.audit.builders import at, audit_table, of_rule

NUMBER_RULES = ("angka-dalam-rumus", "galat-excel", "rujukan-melingkar", "persen-tidak-wajar", "persentase-dijumlah",
                "agregat-tidak-sejenis", "persen-dibagi-lagi", "jumlah-baris-tidak-sesuai")


def test_clean_table_gives_no_number_finding(tmp_path):
    result = audit_table(tmp_path)
    for rule in NUMBER_RULES:
        assert of_rule(result, rule) == [], rule


def test_rupiah_typed_inside_a_formula(tmp_path):
    result = audit_table(tmp_path, {"I7": "=H7-250000"})
    f = at(result, "angka-dalam-rumus", "I7")
    assert f.severity is Severity.WARNING
    assert f.message == ("Angka ketikan di dalam rumus. I7 =H7-250000: angka 250.000 tidak ikut berubah bila isian "
                         "berubah; tulis di sel sendiri dan rujuk sel itu.")


def test_arithmetic_typed_as_a_formula_run_is_one_finding(tmp_path):
    result = audit_table(tmp_path, {"H7": "=69900*5", "H8": "=94400*5"})
    f = at(result, "angka-dalam-rumus", "H7:H8")
    assert f.message.startswith("Rumus hanya berisi angka ketikan, tanpa rujukan sel (2 sel: H7:H8). Contoh H7: "
                                "H7 =69900*5 = 349.500: angka 69.900, 5 sebaiknya ditulis di sel sendiri")
    assert result.cells[("Evaluasi", "H7:H8")] == ["H7", "H8"]


def test_ordinary_numbers_are_not_typed_constants(tmp_path):
    # x 100, the predikat thresholds, a hand-made average of two cells, a change of unit
    result = audit_table(tmp_path, {"M5": "=(G5+G11)/2", "N5": "=H5/1000"})
    assert of_rule(result, "angka-dalam-rumus") == []


def test_a_calculation_jotted_above_the_table_is_not_a_hidden_figure(tmp_path):
    # agung56 master.xlsx, sheet Saskeg PKSDM: V1 =12225/3008*100 above the title, read by nothing
    assert of_rule(audit_table(tmp_path, {"K1": "=12225/3008*100"}), "angka-dalam-rumus") == []
    # once the table reads it, the typed numbers are a figure the sheet hides
    result = audit_table(tmp_path, {"K1": "=12225/3008*100", "M6": "=G6/K1"})
    assert at(result, "angka-dalam-rumus", "K1").message == (
        "Rumus hanya berisi angka ketikan, tanpa rujukan sel. K1 =12225/3008*100 = 406,42: angka 12.225, 3.008 "
        "sebaiknya ditulis di sel sendiri dan dirujuk, agar hitungannya terlihat dan ikut berubah.")


def test_division_by_zero(tmp_path):
    result = audit_table(tmp_path, {"E8": 0})
    f = at(result, "galat-excel", "G8")
    assert f.severity is Severity.ERROR
    assert f.message == "Rumus menghasilkan #DIV/0!: pembagian dengan nol (penyebutnya kosong atau 0). G8 =F8/E8*100."
    # the average of the program and the predikat inherit it: reported once, where it arises
    assert [x.cell for x in of_rule(result, "galat-excel")] == ["G8"]


def test_circular_reference_is_a_finding_not_an_abort(tmp_path):
    result = audit_table(tmp_path, {"J9": "=H9-I9+J10", "J10": "=J9"})
    f = at(result, "rujukan-melingkar", "J9:J10")
    assert f.severity is Severity.ERROR
    assert f.message.startswith("Rujukan melingkar: J9, J10 saling merujuk sehingga rumusnya membaca hasilnya "
                                "sendiri")
    assert result.values_from == "none"  # the engine refused; the formula rules still ran


def test_capaian_above_200_percent(tmp_path):
    result = audit_table(tmp_path, {"F20": 35})
    f = at(result, "persen-tidak-wajar", "G20")
    assert f.severity is Severity.WARNING
    assert f.message == ("Persentase tidak wajar di kolom G (capaian (%)): di atas 200 %. G20 =F20/E20*100 = "
                         "350,0 %; periksa pembilang dan penyebutnya.")


def test_percent_target_summed_over_years(tmp_path):
    result = audit_table(tmp_path, {"D7": "persen", "E7": 500, "F7": 100})
    f = at(result, "persen-tidak-wajar", "E7")
    assert f.message.startswith("Angka 500 untuk indikator bersatuan 'persen' di kolom E (target): persentase "
                                "lebih dari 200 biasanya hasil menjumlahkan persentase")


def test_percentages_summed_down_a_capaian_column(tmp_path):
    result = audit_table(tmp_path, {"G11": "=SUM(G12:G16)"})
    f = at(result, "persentase-dijumlah", "G11")
    assert f.severity is Severity.ERROR
    assert f.message == ("Persentase dijumlahkan di kolom G: capaian dirata-rata, bukan dijumlah. G11 =SUM(G12:G16); "
                         "seharusnya =AVERAGE(G12:G16).")
    # said once at that cell: the sibling-summary and the 200 % rules yield to it
    assert [x.rule for x in result.findings if x.cell == "G11"] == ["persentase-dijumlah"]


def test_percent_realisasi_adding_two_periods(tmp_path):
    edits = {"D7": "persen", "M3": "Realisasi s/d tahun ini", "M7": "=E7+F7"}
    f = at(audit_table(tmp_path, edits), "persentase-dijumlah", "M7")
    assert f.severity is Severity.WARNING
    assert f.message == ("Persentase dijumlahkan: indikator bersatuan 'persen', realisasinya di kolom M menjumlahkan "
                         "persentase beberapa periode. M7 =E7+F7; untuk persentase ambil nilai periode terakhir (atau "
                         "rata-ratanya), bukan jumlahnya.")
    other_unit = audit_table(tmp_path, {"M3": "Realisasi s/d tahun ini", "M7": "=E7+F7"})
    assert of_rule(other_unit, "persentase-dijumlah") == []


def test_capaian_from_a_sum_divided_by_an_average(tmp_path):
    result = audit_table(tmp_path, {"E5": "=SUM(E6:E10)", "F5": "=AVERAGE(F6:F10)", "G5": "=F5/E5*100"})
    f = at(result, "agregat-tidak-sejenis", "G5")
    assert f.severity is Severity.ERROR
    assert f.message == ("Capaian dari agregat yang tidak sejenis: F5 adalah rata-rata (AVERAGE) (F5 =AVERAGE(F6:F10)), "
                         "E5 adalah jumlah (SUM) (E5 =SUM(E6:E10)). G5 =F5/E5*100 = 18,62 %; dengan agregat sejenis "
                         "(jumlah dibagi jumlah) 93,10 %. Bagilah jumlah dengan jumlah (atau rata-rata dengan "
                         "rata-rata).")


def test_capaian_from_like_aggregates_is_fine(tmp_path):
    result = audit_table(tmp_path, {"E5": "=SUM(E6:E10)", "F5": "=SUM(F6:F10)", "G5": "=F5/E5*100"})
    assert of_rule(result, "agregat-tidak-sejenis") == []


def test_percentage_divided_by_the_target_again(tmp_path):
    result = audit_table(tmp_path, {"M5": "=K5/H5*100"})
    f = at(result, "persen-dibagi-lagi", "M5")
    assert f.severity is Severity.ERROR
    assert f.message == ("Persentase dibagi lagi dengan target yang sama. M5 =K5/H5*100: K5 sudah persentase "
                         "terhadap H5 (=I5/H5*100), lalu dibagi lagi dengan H5 = 0,0006 %; seharusnya =K5 = 86,84 %.")


def test_percentage_of_another_figure_is_fine(tmp_path):
    assert of_rule(audit_table(tmp_path, {"M5": "=K5/G5*100"}), "persen-dibagi-lagi") == []


def test_typed_total_breaking_the_rows_pattern(tmp_path):
    from tests.audit.builders import write
    from lkjip_xl.audit import audit_workbook

    cells = {"A1": "Tabel J-2 Pencapaian Kinerja", "B3": "No", "C3": "Indikator", "D3": "Jumlah",
             "E3": 2014, "F3": 2015, "G3": 2016, "H3": 2017}
    for i, r in enumerate(range(4, 12)):
        parts = [1 + (i % 3), 2, "-" if i == 2 else 1, 3]
        total = sum(p for p in parts if p != "-")
        cells.update({f"B{r}": i + 1, f"C{r}": f"Jumlah dokumen {i}", f"D{r}": total,
                      **{f"{'EFGH'[k]}{r}": parts[k] for k in range(4)}})
    clean = audit_workbook(write(tmp_path / "clean.xlsx", {"J-2": (cells, {1, 3})}))
    assert of_rule(clean, "jumlah-baris-tidak-sesuai") == []
    cells["D9"] = 4  # E9..H9 = 3+2+1+3
    result = audit_workbook(write(tmp_path / "planted.xlsx", {"J-2": (cells, {1, 3})}))
    f = at(result, "jumlah-baris-tidak-sesuai", "D9")
    assert f.severity is Severity.ERROR
    assert f.message == ("Angka tidak sesuai pola baris lain: di 7 baris kolom D = E+...+H (jumlah kolom E sampai H). "
                         "D9 = 4, padahal E9+F9+G9+H9 = 9.")


def test_a_row_of_years_under_the_titles_is_header_not_a_row_of_figures(tmp_path):
    # A Renstra/PK table: "Target Kinerja" and "Alokasi" over 2025..2029 each, "Jumlah" beside them
    from tests.audit.builders import write
    from lkjip_xl.audit import audit_workbook

    cells = {"A1": "Indikator Kinerja dan Pendanaan", "B4": "Program/ Kegiatan", "C4": "Indikator",
             "D5": "Target Kinerja", "I5": "Alokasi (dalam juta rupiah)", "N5": "Jumlah"}
    for k in range(5):
        cells[f"{'DEFGH'[k]}6"] = 2025 + k
        cells[f"{'IJKLM'[k]}6"] = 2025 + k
    for i, r in enumerate(range(7, 15)):
        alokasi = [1000 + 100 * i + k for k in range(5)]
        cells.update({f"B{r}": f"Kegiatan {i + 1}", f"C{r}": f"Jumlah dokumen {i + 1}", f"N{r}": sum(alokasi),
                      **{f"{'DEFGH'[k]}{r}": 10 + i + k for k in range(5)},
                      **{f"{'IJKLM'[k]}{r}": alokasi[k] for k in range(5)}})
    cells["N10"] = 7000  # I10..M10 = 1300+1301+1302+1303+1304 = 6510
    result = audit_workbook(write(tmp_path / "pk.xlsx", {"PK": (cells, {4, 5})}))
    assert [f.cell for f in of_rule(result, "jumlah-baris-tidak-sesuai")] == ["N10"]
    assert at(result, "jumlah-baris-tidak-sesuai", "N10").message.endswith("N10 = 7.000, padahal "
                                                                          "I10+J10+K10+L10+M10 = 6.510.")


def test_columns_of_constants_adding_up_by_chance_are_no_pattern(tmp_path):
    # every kegiatan scored on the same scale: 3 = 2 + 1 on seven rows is no rule the eighth breaks
    from tests.audit.builders import write
    from lkjip_xl.audit import audit_workbook

    cells = {"A1": "Penilaian Kegiatan", "B3": "No", "C3": "Kegiatan", "D3": "Bobot", "E3": "Nilai A", "F3": "Nilai B",
             "G3": "Realisasi (Rp)"}
    for i, r in enumerate(range(4, 12)):
        cells.update({f"B{r}": i + 1, f"C{r}": f"Kegiatan {i + 1}", f"D{r}": 3, f"E{r}": 2, f"F{r}": 1 if i != 5 else 2,
                      f"G{r}": 1_000_000 + 37_000 * i})
    result = audit_workbook(write(tmp_path / "nilai.xlsx", {"Nilai": (cells, {1, 3})}))
    assert of_rule(result, "jumlah-baris-tidak-sesuai") == []
