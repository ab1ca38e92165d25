"""Printed figures against what the inputs imply (``lkjip-xl check report.yaml --printed``).

The Walantaka example's disagreements are a committed reference (tests/reference/
walantaka_printed.json), each one checked by hand against the seed text and the notes; a change
shows as a readable diff. Regenerate on purpose with ``LKJIP_UPDATE_REFERENCE=1 pytest
tests/test_printed.py`` and review the diff before committing it.
"""

from __future__ import annotations

import difflib
import json
import os
import textwrap
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from lkjip_xl import load_report, loads_report
from lkjip_xl.cli import main
from lkjip_xl.findings import Severity
from lkjip_xl.printed import agrees, check_printed, check_printed_file, finding_json
from lkjip_xl.rules import round_half_up
from tests.conftest import EXAMPLE

REFERENCE = Path(__file__).parent / "reference" / "walantaka_printed.json"


def compare_with_reference(actual: list, reference: Path) -> None:
    """Agate style: equal to the committed reference, or fail with a unified diff of the two."""
    text = json.dumps(actual, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("LKJIP_UPDATE_REFERENCE"):
        reference.write_text(text, encoding="utf-8")
    expected = reference.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            fromfile=f"{reference.name} (committed)", tofile="now", n=2))
        pytest.fail(f"differs from {reference}; if the change is intended, rerun with "
                    f"LKJIP_UPDATE_REFERENCE=1 and review:\n{diff}")


# -- the Walantaka example -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def walantaka_printed():
    return check_printed_file(EXAMPLE)


def test_walantaka_disagreements_are_the_reference(walantaka_printed):
    compare_with_reference([finding_json(f) for f in walantaka_printed], REFERENCE)


def test_walantaka_disagreements_by_kind(walantaka_printed):
    """38 figures: 22 berbeda, 3 persentase-dijumlah, 1 capaian-0-0 (errors); 6 tidak-terhitung,
    1 bukan-angka (warnings); 5 dipotong (info)."""
    kinds = Counter(f.rule for f in walantaka_printed)
    assert kinds == {"berbeda": 22, "persentase-dijumlah": 3, "capaian-0-0": 1, "tidak-terhitung": 6,
                     "bukan-angka": 1, "dipotong": 5}
    by_path = {f.cell: f for f in walantaka_printed}
    # notes 27: the sums of percentages, in the capaian Rp column of the 2019 JUMLAH rows
    for path, printed in (("rekap.kelompok[0].printed.jumlah.dasar.rp", 377),
                          ("rekap.kelompok[1].printed.jumlah.dasar.rp", 469),
                          ("rekap.printed.jumlah.dasar.rp", 847)):
        f = by_path[path]
        assert (f.rule, f.found, f.severity) == ("persentase-dijumlah", printed, Severity.ERROR)
        assert "persentase dijumlahkan" in f.message
    # notes 21: 100 printed for 0/0
    f = by_path["rekap.kelompok[1].program[4].kegiatan[13].indikator[1].laporan.printed.capaian"]
    assert (f.rule, f.severity, f.line) == ("capaian-0-0", Severity.ERROR, 1402)
    # notes 5: the eselon rows add up to 70, the table prints 69
    f = by_path["data_umum.sdm.printed.jumlah_eselon"]
    assert (f.found, f.expected, f.line) == (69, 70, 56)
    # notes 15: the program's 2020 Rp includes a kegiatan whose amounts the Rekap does not print
    f = by_path["rekap.kelompok[0].program[0].printed.laporan.pagu"]
    assert (f.found, f.expected) == (Decimal("1051756000"), Decimal("705106000"))
    f = by_path["rekap.kelompok[0].program[0].kegiatan[1].laporan.printed.capaian_rp"]
    assert (f.rule, f.severity) == ("tidak-terhitung", Severity.WARNING)
    # notes 8 and 14: truncated, not rounded: an info note only
    assert {f.cell for f in walantaka_printed if f.rule == "dipotong"} == {
        "pengukuran[1].indikator[0].printed.capaian", "indikator_formula[2].printed.hasil",
        "indikator_formula[6].printed.hasil", "indikator_formula[7].printed.hasil",
        "indikator_formula[8].printed.hasil"}
    assert all(f.severity is Severity.INFO for f in walantaka_printed if f.rule == "dipotong")
    # notes 28: the OPD averages are the means of the (wrong) group rows, and the message says so
    f = by_path["rekap.printed.total_rata_rata.laporan.k"]
    assert "rata-rata angka yang dicetak pada baris jumlah kelompok (95,59 ; 79,52)" in f.message


def test_walantaka_figures_that_agree_are_not_listed(walantaka_printed):
    paths = {f.cell for f in walantaka_printed}
    # 55 / 85 = 64,71 printed 65; 16 / 3 = 533,3 printed 533; 77,44 / 75 printed 103,3; keuangan all right
    assert "rekap.kelompok[0].program[2].indikator[0].laporan.printed.capaian" not in paths
    assert not any(p.startswith("keuangan.") for p in paths)
    assert "pengukuran[0].indikator[0].printed.capaian" not in paths
    assert "data_umum.printed.jumlah_rt_rw" not in paths
    assert not any(p.startswith("program_pagu") for p in paths)


def test_lines_point_at_the_printed_figure(walantaka_printed):
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for f in walantaka_printed:
        key = f.cell.rsplit(".", 1)[1]
        assert f.line is not None and f"{key}:" in lines[f.line - 1], (f.cell, f.line)


# -- the rule, on small planted reports ------------------------------------------------------------------
HEAD = """\
identitas: {pemerintah_daerah: Kota Contoh, instansi: Kecamatan Contoh, tahun_laporan: 2020, tahun_dasar: 2019}
"""


def rekap(program_printed: str = "", kegiatan: str = "", kelompok_printed: str = "", rekap_printed: str = "",
          program2: str = "") -> str:
    kegiatan = kegiatan or """\
        - kode: "5001.500105.04.043"
          nama: Kegiatan A
          dasar: {pagu: 100, realisasi_rp: 90}
          laporan: {pagu: 200, realisasi_rp: 199}
          indikator:
            - uraian: Dokumen
              dasar: {target: 12, realisasi: 12}
              laporan: {target: 12, realisasi: 11}
"""
    text = f"""\
rekap:
  printed: {rekap_printed or '{}'}
  kelompok:
    - nama: NON URUSAN
      printed: {kelompok_printed or '{}'}
      program:
        - kode: "5001.04"
          nama: Program A
          printed: {program_printed or '{}'}
          kegiatan:
{textwrap.indent(textwrap.dedent(kegiatan), '            ')}"""
    if program2:
        text += textwrap.indent(textwrap.dedent(program2), "        ")
    return HEAD + text


def run(text: str):
    locations: dict = {}
    report = loads_report(text, name="t.yaml", locations=locations)
    return check_printed(report, locations)


def test_nothing_printed_nothing_found():
    assert run(rekap()) == []


@pytest.mark.parametrize("printed, computed", [
    ("99", "98.5"), ("98,50", "98.5"), ("99,5", "99.45"), ("12,35", "12.345"), ("100", "99.87"), ("0", "0.4"),
])
def test_agrees_when_rounded_half_up(printed, computed):
    from lkjip_xl.parsing import parse_number

    assert agrees(parse_number(printed), Decimal(computed))


def test_half_up_not_bankers_and_truncation_is_a_note():
    # 12,345 % exactly: half-up gives 12,35 (banker's rounding would give 12,34)
    kegiatan = """\
        - kode: "5001.500105.04.043"
          nama: Kegiatan A
          laporan: {pagu: 1000, realisasi_rp: "123,45", printed: {capaian_rp: "12,35"}}
        - kode: "5001.500105.04.044"
          nama: Kegiatan B
          laporan: {pagu: 1000, realisasi_rp: "123,45", printed: {capaian_rp: "12,34"}}
"""
    found = run(rekap(kegiatan=kegiatan))
    assert [(f.rule, f.severity, f.cell, f.line) for f in found] == [
        ("dipotong", Severity.INFO, "rekap.kelompok[0].program[0].kegiatan[1].laporan.printed.capaian_rp", 17)]
    assert found[0].message == ("Kegiatan 5001.500105.04.044, 2020, capaian Rp: dicetak 12,34: hasil perhitungan "
                                "12,345 dipotong (bukan dibulatkan, yang memberi 12,35).")


def test_a_wrong_total_is_an_error_with_path_line_and_values():
    found = run(rekap(program_printed="{laporan: {pagu: 210, realisasi_rp: 199, capaian_rp: \"99,50\"}}"))
    # realisasi 199 and 199 / 200 = 99,50 agree: only the pagu is listed
    assert [(f.rule, f.severity, f.cell, f.line, f.found, f.expected) for f in found] == [
        ("berbeda", Severity.ERROR, "rekap.kelompok[0].program[0].printed.laporan.pagu", 10, Decimal(210),
         Decimal(200))]
    assert found[0].message == ("Program 5001.04, 2020, pagu (jumlah kegiatan): dicetak 210, hasil perhitungan "
                                "dari isian 200.")
    assert finding_json(found[0]) == {"severity": "kesalahan", "kind": "berbeda",
                                  "path": "rekap.kelompok[0].program[0].printed.laporan.pagu", "line": 10,
                                  "printed": "210", "computed": "200", "message": found[0].message}


def test_capaian_rp_following_printed_totals_is_named():
    found = run(rekap(program_printed="{laporan: {pagu: 250, realisasi_rp: 240, capaian_rp: 96}}"))
    assert [f.cell.rsplit(".", 1)[1] for f in found] == ["pagu", "realisasi_rp", "capaian_rp"]
    assert found[2].message.endswith("Angka ini sama dengan realisasi Rp / pagu yang dicetak pada baris program ini.")


def test_sum_of_percentages_in_a_group_row():
    program2 = """\
- kode: "5001.05"
  nama: Program B
  kegiatan:
    - kode: "5001.500105.05.001"
      nama: Kegiatan C
      dasar: {pagu: 100, realisasi_rp: 80}
"""
    # programs: 90 % and 80 % in 2019; the group row prints 170 (their sum) instead of 85
    found = run(rekap(kelompok_printed="{jumlah: {dasar: {pagu: 200, realisasi_rp: 170, rp: 170}}}",
                      program2=program2))
    assert [(f.rule, f.severity, f.found, f.expected) for f in found] == [
        ("persentase-dijumlah", Severity.ERROR, Decimal(170), Decimal(85))]
    assert found[0].message == (
        "Kelompok NON URUSAN, jumlah & rata-rata capaian kinerja program 2019, capaian Rp: dicetak 170 = jumlah "
        "capaian Rp program (90,00 + 80,00 = 170,00): persentase dijumlahkan, seharusnya dirata-rata (85).")
    # the right average is not reported
    assert run(rekap(kelompok_printed="{jumlah: {dasar: {rp: 85}}}", program2=program2)) == []


def test_sum_of_percentages_in_the_opd_row_and_averages():
    program2 = """\
- kode: "5001.05"
  nama: Program B
  kegiatan:
    - kode: "5001.500105.05.001"
      nama: Kegiatan C
      laporan: {pagu: 100, realisasi_rp: 50}
      indikator:
        - uraian: X
          laporan: {target: 10, realisasi: 5}
"""
    # 2020 rata-rata kegiatan: program A K 91,67 Rp 99,5; program B K 50 Rp 50
    found = run(rekap(rekap_printed="{rata_rata_kegiatan: {laporan: {k: \"141,67\", rp: \"74,75\"}}}",
                      program2=program2))
    assert [(f.rule, f.cell) for f in found] == [
        ("persentase-dijumlah", "rekap.printed.rata_rata_kegiatan.laporan.k")]


def test_capaian_printed_for_zero_over_zero_and_over_zero_target():
    kegiatan = """\
- kode: "5001.500105.04.043"
  nama: Kegiatan A
  laporan: {pagu: 0, realisasi_rp: 0, printed: {capaian_rp: 100}}
  indikator:
    - uraian: Nol per nol
      laporan: {target: 0, realisasi: 0, printed: {capaian: 100}}
    - uraian: Target nol
      laporan: {target: 0, realisasi: 3, printed: {capaian: 300}}
"""
    found = run(rekap(kegiatan=kegiatan))
    assert [(f.rule, f.severity, f.cell.split("kegiatan[0].")[1]) for f in found] == [
        ("capaian-0-0", Severity.ERROR, "laporan.printed.capaian_rp"),
        ("capaian-0-0", Severity.ERROR, "indikator[0].laporan.printed.capaian"),
        ("pembagi-nol", Severity.ERROR, "indikator[1].laporan.printed.capaian"),
    ]
    assert "untuk 0/0" in found[1].message


def test_printed_without_inputs_and_unreadable_text():
    kegiatan = """\
- kode: "5001.500105.04.043"
  nama: Kegiatan A
  laporan: {printed: {capaian_rp: "94,11"}}
  indikator:
    - uraian: Lebar kolom
      dasar: {target: 40577, printed: {realisasi: "####", capaian: 100}}
"""
    found = run(rekap(kegiatan=kegiatan))
    assert [(f.rule, f.severity, f.found) for f in found] == [
        ("tidak-terhitung", Severity.WARNING, Decimal("94.11")),
        ("tidak-terhitung", Severity.WARNING, Decimal(100)),
        ("bukan-angka", Severity.WARNING, "####"),
    ]
    assert found[0].message.endswith("(pagu kosong).")
    assert "kolom terlalu sempit" in found[2].message


def test_the_other_tables():
    text = HEAD + """\
data_umum:
  kelurahan: [{nama: A, jumlah_rt_rw: 16}, {nama: B, jumlah_rt_rw: 20}]
  printed: {jumlah_rt_rw: 35}
  sdm:
    jumlah_pegawai: 3
    eselon: [{jenjang: IV a, jumlah: 2}, {jenjang: IV b, jumlah: 2}]
    printed: {jumlah_eselon: 3}
pengukuran:
  - sasaran: S
    indikator:
      - {kode: IKU-1, uraian: Indeks, target: 75, realisasi: "77,44", printed: {capaian: "103,3"}}
      - {kode: IKU-2, uraian: Kelurahan, target: 30, realisasi: 50, printed: {capaian: 166}}
indikator_formula:
  - {uraian: Paten, pembilang: Selesai, penyebut: Semua, nilai_pembilang: 2145, printed: {hasil: 100}}
  - {uraian: Lembaga, nilai_pembilang: 4, nilai_penyebut: 7, printed: {hasil: "57,142"}}
  - {uraian: Sarana, nilai_pembilang: 430, nilai_penyebut: 1056, printed: {hasil: "40,7"}}
program_pagu:
  - program: Program A
    kode: "5001.04"
    kegiatan: [{uraian: K1, pagu: 100}, {uraian: K2, pagu: 50}]
    printed: {pagu: 160}
printed_program_pagu: {jumlah: 150}
keuangan:
  btl: 100
  bl: 300
  realisasi: 385
  printed: {total: 400, serapan: "96,25", saldo: 15, saldo_persen: "3,6"}
""" + rekap()[len(HEAD):]
    found = run(text)
    assert [(f.rule, f.cell, f.found, f.expected and round_half_up(f.expected, 6)) for f in found] == [
        ("berbeda", "data_umum.printed.jumlah_rt_rw", 35, 36),
        ("berbeda", "data_umum.sdm.printed.jumlah_eselon", 3, 4),
        ("dipotong", "pengukuran[0].indikator[1].printed.capaian", 166, Decimal("166.666667")),
        ("tidak-terhitung", "indikator_formula[0].printed.hasil", 100, None),
        ("dipotong", "indikator_formula[1].printed.hasil", Decimal("57.142"), Decimal("57.142857")),
        ("berbeda", "program_pagu[0].printed.pagu", 160, 150),
        ("berbeda", "keuangan.printed.saldo_persen", Decimal("3.6"), Decimal("3.75")),
    ]
    assert [f.line for f in found] == [4, 8, 13, 15, 16, 22, 28]
    assert found[3].message.endswith("(nilai penyebut tidak diisi).")


def test_load_report_locations_is_optional_and_fills_lines(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(rekap(program_printed="{laporan: {pagu: 210}}"), encoding="utf-8")
    report = load_report(path)  # unchanged call
    assert check_printed(report)[0].line is None  # no locations: no line, same finding
    locations: dict = {}
    report = load_report(path, locations=locations)
    program = report.rekap.kelompok[0].program[0]
    assert locations[id(program)] == (8, "rekap.kelompok[0].program[0]")
    assert locations[id(program.printed["laporan"])] == (10, "rekap.kelompok[0].program[0].printed.laporan")
    assert check_printed(report, locations)[0].line == 10


# -- the command ----------------------------------------------------------------------------------------
def test_cli_check_printed_table_and_exit_code(capsys):
    assert main(["check", str(EXAMPLE), "--printed"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{EXAMPLE}: 38 angka tercetak tidak sesuai isian: 26 kesalahan, 7 peringatan, 5 catatan")
    assert any(line.startswith("kesalahan    398  persentase-dijumlah") and " 847 " in line for line in out)
    assert "                  rekap.printed.jumlah.dasar.rp" in out


def test_cli_check_printed_json(capsys):
    assert main(["check", str(EXAMPLE), "--printed", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"kesalahan": 26, "peringatan": 7, "catatan": 5}
    assert data["findings"] == json.loads(REFERENCE.read_text(encoding="utf-8"))


def test_cli_check_printed_exit_0_without_errors(tmp_path, capsys):
    path = tmp_path / "ok.yml"
    path.write_text(rekap(program_printed="{laporan: {pagu: 200, capaian_rp: \"99,5\"}}"), encoding="utf-8")
    assert main(["check", str(path)]) == 0  # a report file: the printed comparison, --printed or not
    assert capsys.readouterr().out == (f"{path}: 0 angka tercetak tidak sesuai isian: 0 kesalahan, 0 peringatan, "
                                       "0 catatan\nSemua angka tercetak sesuai dengan isian.\n")
    path = tmp_path / "note.yaml"
    kegiatan = """\
- kode: "5001.500105.04.043"
  nama: Kegiatan A
  laporan: {pagu: 300, realisasi_rp: 299, printed: {capaian_rp: "99,66"}}
"""
    path.write_text(rekap(kegiatan=kegiatan), encoding="utf-8")
    assert main(["check", str(path), "--printed"]) == 0  # truncation is a note, not an error


def test_cli_printed_needs_a_report_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "book.xlsx"), "--printed"]) == 2
    assert capsys.readouterr().err == (f"lkjip-xl: gagal: --printed perlu berkas laporan (.yaml, .yml, .json), "
                                       f"bukan {tmp_path / 'book.xlsx'}\n")


def test_cli_bad_report_exit_2(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "rekap: {kelompok: [{nama: X, program: [{kode: '5001.04', nama: P, printed: {x: 1}}]}]}\n",
                    encoding="utf-8")
    assert main(["check", str(path), "--printed"]) == 2
    assert "angka tercetak 'x' tidak dikenal" in capsys.readouterr().err
