"""The command line: exit codes and exact messages."""

from __future__ import annotations


from lkjip_xl.cli import main
from tests.conftest import EXAMPLE


def test_summary_of_the_example(capsys):
    assert main(["summary", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Ringkasan LKjIP Kecamatan Walantaka tahun 2020"
    assert out[1] == "  Program: 10   Kegiatan: 97   Baris indikator: 195"
    assert out[2] == ("  Tahun 2019: 82 kegiatan, 146 indikator; pagu Rp 10.188.581.520, "
                      "realisasi Rp 9.608.928.553, serapan 94,31 %")
    assert out[3].startswith("  Tahun 2020: 94 kegiatan, 189 indikator; pagu Rp 18.866.888.636")
    assert "    [IKU-1] Indeks Kepuasan Pelayanan Kecamatan Walantaka: target 75, realisasi 77,44, " \
           "capaian 103,25 %" in out
    assert "    [IKU-3] Hasil evaluasi LKjIP: target 46, realisasi 40,28, capaian 87,57 %" in out


def test_bad_report_exit_2_with_located_message(write_report, minimal_yaml, capsys):
    path = write_report(minimal_yaml.replace("realisasi_rp: 208.704.714", "realisasi_rp: 208.704.714x"))
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == (f"lkjip-xl: gagal: {path}:18: rekap.kelompok[0].program[0].kegiatan[0].laporan."
                   "realisasi_rp: seharusnya angka, tertulis '208.704.714x'\n")


def test_missing_file(tmp_path, capsys):
    assert main(["summary", str(tmp_path / "x.yaml")]) == 2
    assert capsys.readouterr().err == (f"lkjip-xl: gagal: {tmp_path / 'x.yaml'}: berkas tidak dapat dibaca: "
                                       "No such file or directory\n")


def test_usage_error_exit_2(capsys):
    assert main(["summary"]) == 2
    err = capsys.readouterr().err
    assert err.endswith("lkjip-xl: argumen ini wajib diisi: LAPORAN\n")
    assert err.startswith("Cara pakai: lkjip-xl summary ")
