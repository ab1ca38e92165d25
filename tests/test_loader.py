"""The loader: YAML/JSON -> model, and one test per class of bad input, naming field and line."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import yaml

from lkjip_xl import ReportFileError, load_report, loads_report
from lkjip_xl.rules import Metode, Range


def _problems(text: str, tmp_write) -> list[str]:
    path = tmp_write(text)
    with pytest.raises(ReportFileError) as info:
        load_report(path)
    return [str(p) for p in info.value.problems]


def test_minimal_report_loads_with_exact_numbers(minimal_yaml, write_report):
    report = load_report(write_report(minimal_yaml))
    program = report.rekap.kelompok[0].program[0]
    assert program.kode == "5001.04"
    k1, k2 = program.kegiatan
    assert k1.laporan.pagu == Decimal("209774059")
    assert k2.dasar.pagu == Decimal("81420000")
    assert k1.dasar is None
    assert program.indikator[0].laporan.realisasi == Decimal("77.44")
    assert program.indikator[0].metode is Metode.POSITIF


def test_kode_is_text_not_a_float(write_report, minimal_yaml):
    text = minimal_yaml.replace('kode: "5001.04"', "kode: 5001.10").replace(
        '"5001.500105.04.043"', '"5001.500105.10.043"').replace('"5001.500105.04.044"', '"5001.500105.10.044"')
    report = load_report(write_report(text))
    assert report.rekap.kelompok[0].program[0].kode == "5001.10"


def test_json_report_loads_like_yaml(write_report, minimal_yaml):
    data = yaml.safe_load(minimal_yaml)
    data["rekap"]["kelompok"][0]["program"][0]["kegiatan"][0]["laporan"]["pagu"] = "209.774.059"
    path = write_report(json.dumps(data, indent="\t"), name="laporan.json")
    report = load_report(path)
    assert report.rekap.kelompok[0].program[0].kegiatan[0].laporan.pagu == Decimal("209774059")


def test_grades_ranges_and_metode(write_report, minimal_yaml):
    text = minimal_yaml.replace(
        "laporan: {target: 75, realisasi: \"77,44\"}",
        "metode: rentang\n              laporan: {target: {min: 10, max: \"20,5\"}, realisasi: 25}\n"
        "            - uraian: Evaluasi SAKIP\n              laporan: {target: bb, realisasi: B}")
    report = load_report(write_report(text))
    ind = report.rekap.kelompok[0].program[0].indikator
    assert ind[0].metode is Metode.RENTANG
    assert ind[0].laporan.target == Range(Decimal(10), Decimal("20.5"))
    assert (ind[1].laporan.target, ind[1].laporan.realisasi) == ("BB", "B")


# -- one test per error class: the message names the file, the line and the field path ------------

def test_unknown_key_names_line_and_path(write_report, minimal_yaml):
    text = minimal_yaml.replace("              laporan: {pagu: 209", "              pagu_x: 1\n              laporan: {pagu: 209")
    (problem,) = _problems(text, write_report)
    assert "laporan.yaml:18: rekap.kelompok[0].program[0].kegiatan[0].pagu_x: kunci 'pagu_x' tidak dikenal" in problem


def test_wrong_type_names_line_and_path(write_report, minimal_yaml):
    text = minimal_yaml.replace("realisasi_rp: 208.704.714", "realisasi_rp: 208.704.714x")
    (problem,) = _problems(text, write_report)
    assert problem.endswith(
        "laporan.yaml:18: rekap.kelompok[0].program[0].kegiatan[0].laporan.realisasi_rp: "
        "seharusnya angka, tertulis '208.704.714x'")


def test_list_where_mapping_expected(write_report, minimal_yaml):
    text = minimal_yaml.replace("  tahun_dasar: 2019\n", "  tahun_dasar: [2019]\n")
    (problem,) = _problems(text, write_report)
    assert "laporan.yaml:5: identitas.tahun_dasar: seharusnya bilangan bulat, tertulis daftar" in problem


def test_negative_amount_is_an_error(write_report, minimal_yaml):
    text = minimal_yaml.replace('pagu: "81.420.000"', 'pagu: "-81.420.000"')
    (problem,) = _problems(text, write_report)
    assert "laporan.yaml:24: rekap.kelompok[0].program[0].kegiatan[1].dasar.pagu: " \
           "seharusnya angka 0 atau lebih, tertulis -81.420.000" in problem


def test_negative_k_realisasi_is_allowed(write_report, minimal_yaml):
    text = minimal_yaml.replace("{target: 12, realisasi: 11}", "{target: -2, realisasi: \"-1,5\"}")
    report = load_report(write_report(text))
    assert report.rekap.kelompok[0].program[0].kegiatan[1].indikator[0].laporan.realisasi == Decimal("-1.5")


def test_duplicate_kegiatan_kode(write_report, minimal_yaml):
    text = minimal_yaml.replace('"5001.500105.04.044"', '"5001.500105.04.043"')
    (problem,) = _problems(text, write_report)
    assert "laporan.yaml:22: rekap.kelompok[0].program[0].kegiatan[1].kode: kode kegiatan " \
           "'5001.500105.04.043' ditulis dua kali di program 5001.04" in problem


def test_duplicate_program_kode(write_report, minimal_yaml):
    program = minimal_yaml[minimal_yaml.index("        - kode: \"5001.04\""):]
    second = program.replace("5001.500105.04.043", "5001.500105.04.143").replace("5001.500105.04.044", "5001.500105.04.144")
    (problem,) = _problems(minimal_yaml + second, write_report)
    assert "rekap.kelompok[0].program[1].kode: kode program '5001.04' ditulis dua kali (pertama di baris 10)" in problem
    assert "laporan.yaml:30:" in problem


def test_kegiatan_not_under_its_program(write_report, minimal_yaml):
    text = minimal_yaml.replace('"5001.500105.04.044"', '"5001.500105.15.044"')
    (problem,) = _problems(text, write_report)
    assert "laporan.yaml:22: rekap.kelompok[0].program[0].kegiatan[1].kode: kode kegiatan " \
           "'5001.500105.15.044' tidak berada di bawah program '5001.04'" in problem


def test_kode_menyimpang_records_a_note_instead(write_report, minimal_yaml):
    text = minimal_yaml.replace(
        '- kode: "5001.500105.04.044"',
        '- kode: "5001.500105.15.044"\n              kode_menyimpang: dokumen mencetak kode program lain')
    report = load_report(write_report(text))
    assert report.validation_notes == [
        "kegiatan 5001.500105.15.044 di program 5001.04: dokumen mencetak kode program lain"]


def test_missing_required_field(write_report, minimal_yaml):
    text = minimal_yaml.replace("  instansi: Kecamatan Contoh\n", "")
    (problem,) = _problems(text, write_report)
    assert "laporan.yaml:2: identitas.instansi: wajib ada tetapi tidak ditulis" in problem


def test_empty_required_field(write_report, minimal_yaml):
    text = minimal_yaml.replace("  instansi: Kecamatan Contoh\n", "  instansi:\n")
    (problem,) = _problems(text, write_report)
    assert "laporan.yaml:3: identitas.instansi: seharusnya teks, tertulis kosong" in problem


def test_duplicate_yaml_key(write_report, minimal_yaml):
    text = minimal_yaml.replace("  tahun_dasar: 2019\n", "  tahun_dasar: 2019\n  tahun_dasar: 2018\n")
    (problem,) = _problems(text, write_report)
    assert "laporan.yaml:6: identitas.tahun_dasar: kunci ditulis dua kali (pertama di baris 5)" in problem


def test_bad_metode_lists_the_choices(write_report, minimal_yaml):
    text = minimal_yaml.replace("          indikator:\n            - uraian: Indeks Kepuasan Masyarakat\n",
                                "          indikator:\n            - uraian: Indeks Kepuasan Masyarakat\n"
                                "              metode: turun\n")
    (problem,) = _problems(text, write_report)
    assert "rekap.kelompok[0].program[0].indikator[0].metode: seharusnya salah satu dari positif, negatif, " \
           "negatif_rasio, rentang, tertulis 'turun'" in problem


def test_all_problems_reported_together(write_report, minimal_yaml):
    text = minimal_yaml.replace("tahun_dasar: 2019", "tahun_dasar: dua").replace("realisasi: 12}", "realisasi: lots}")
    problems = _problems(text, write_report)
    assert len(problems) == 3


def test_syntax_error_names_the_line(write_report, tmp_path):
    """The line of the unclosed bracket (2), not the line where PyYAML noticed it (3)."""
    problems = _problems("identitas:\n  instansi: [unclosed\nrekap: {}\n", write_report)
    assert problems == [f"{tmp_path / 'laporan.yaml'}:2: YAML tidak sah: kurung '[' yang dibuka di baris "
                        "ini tidak ditutup dengan ']' atau isinya tidak dipisah koma (expected ',' or ']', but got ':')"]


@pytest.mark.parametrize("text, line, start", [
    ('identitas:\n  instansi: "Kecamatan\n  tahun_laporan: 2020\nrekap: {}\n', 2,
     "tanda kutip yang dibuka di baris ini tidak ditutup"),
    ("identitas:\n  instansi Kecamatan\n  tahun_laporan: 2020\n", 2, "kunci tanpa ':'"),
    ("identitas: {instansi: x\nrekap: {}\n", 1, "kurung '{' yang dibuka di baris ini tidak ditutup"),
    ("identitas:\n  instansi: x\n tahun_laporan: 2020\n", 3, "indentasi baris ini tidak sejajar"),
    ("identitas:\n\tinstansi: x\n", 2, "tab dipakai sebagai indentasi; gunakan spasi"),
    ("identitas:\n  instansi: Kecamatan: Walantaka\n", 2, "tanda ':' di tempat yang tidak semestinya"),
    ("rekap:\n  kelompok:\n    - nama: x\n      program: [\n\n", 4, "nilai tidak lengkap di akhir berkas"),
])
def test_yaml_syntax_errors_at_the_line_to_correct(write_report, tmp_path, text, line, start):
    (problem,) = _problems(text, write_report)
    assert problem.startswith(f"{tmp_path / 'laporan.yaml'}:{line}: YAML tidak sah: {start}"), problem


def test_bad_json_names_the_line(write_report):
    problems = _problems('{\n  "identitas": {,\n}', lambda t: write_report(t, "x.json"))
    assert "x.json:2: JSON tidak sah" in problems[0]


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ReportFileError, match="tidak_ada.yaml: berkas tidak dapat dibaca"):
        load_report(tmp_path / "tidak_ada.yaml")


def test_empty_file(write_report):
    problems = _problems("", write_report)
    assert "berkas kosong" in problems[0]


def test_top_level_must_be_a_mapping():
    with pytest.raises(ReportFileError, match=r"<report>:1: seharusnya pasangan kunci: nilai, tertulis daftar"):
        loads_report("- 1\n- 2\n")


def test_deep_nesting_is_a_clean_error():
    with pytest.raises(ReportFileError):
        loads_report("[" * 5000 + "]" * 5000)


def test_unknown_printed_figure(write_report, minimal_yaml):
    text = minimal_yaml.replace("{target: 12, realisasi: 11}", "{target: 12, realisasi: 11, printed: {capaianx: 91}}")
    (problem,) = _problems(text, write_report)
    assert ("laporan.printed.capaianx: angka tercetak 'capaianx' tidak dikenal; yang dikenal: capaian, realisasi, "
            "target") in problem


def test_printed_keeps_text_it_cannot_read_as_a_number(write_report, minimal_yaml):
    text = minimal_yaml.replace("{target: 12, realisasi: 11}", "{target: 12, printed: {realisasi: '####', capaian: 100}}")
    report = load_report(write_report(text))
    year = report.rekap.kelompok[0].program[0].kegiatan[1].indikator[0].laporan
    assert year.printed == {"realisasi": "####", "capaian": Decimal(100)}


def test_reference_to_unknown_program(write_report, minimal_yaml):
    text = minimal_yaml + "indikator_formula:\n  - {uraian: X, program: '5001.99', nilai_pembilang: 1, nilai_penyebut: 2}\n"
    (problem,) = _problems(text, write_report)
    assert "indikator_formula[0].program: tidak ada program rekap berkode '5001.99'" in problem
