"""`lkjip-xl check PATH...`: a folder of OPD workbooks with a corrupt, a foreign and a
password-protected file among them gives one line per file and a total, exit 1; --json one object
per file; -o a results workbook; one file alone keeps today's output."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from lkjip_xl import console
from lkjip_xl.checking import check_workbook
from lkjip_xl.city.files import expand_paths
from lkjip_xl.errors import NoFilesError
from lkjip_xl.city.results_book import COLUMNS, RESULTS_SHEET
from lkjip_xl.cli import main
from tests.renja.conftest import IN_PROGRESS, SAMPLE

ENCRYPTED = ("buku kerja ini dilindungi kata sandi untuk membuka (terenkripsi), jadi isinya tidak dapat dibaca. "
             "Hapus kata sandinya di Excel: buka berkas dengan kata sandinya, pilih File > Info > Protect Workbook > "
             "Encrypt with Password (Lindungi Buku Kerja > Enkripsi dengan Kata Sandi), kosongkan isian kata sandi, "
             "tekan OK, lalu simpan.")
CORRUPT = "not an Excel workbook (.xlsx/.xlsm is a zip package; this file is not)"

LINES = [
    "laporan/asing.xlsx: bukan buku kerja lkjip-xl (tidak ada formulir baku yang dikenali): 1 kesalahan, "
    "0 peringatan, 0 catatan",
    "laporan/kec_a.xlsx: LKjIP 2020, Kecamatan Contoh: 0 kesalahan, 0 peringatan, 0 catatan; rata-rata capaian K "
    "95,83 %, Rp 98,93 %; serapan 98,93 %; predikat Sangat Tinggi",
    "laporan/kec_b.xlsx: LKjIP 2020, Kecamatan Dua: 1 kesalahan, 0 peringatan, 0 catatan; rata-rata capaian K "
    "95,83 %, Rp 104,18 %; serapan 103,31 %; predikat Sangat Tinggi",
    f"laporan/rusak.xlsx: GAGAL: {CORRUPT}",
    f"laporan/terkunci.xlsx: GAGAL: {ENCRYPTED}",
    "laporan/dinas/kec_c.xlsx: LKjIP 2020, Dinas Tiga: 2 kesalahan, 0 peringatan, 0 catatan; rata-rata capaian K "
    "75,00 %, Rp 69,83 %; serapan 64,58 %; predikat Sedang",
    "laporan/renja/bappeda_tw2.xlsx: Renja 2018 TW2, Badan Perencanaan Pembangunan Daerah: 0 kesalahan, "
    "1 peringatan, 0 catatan; rata-rata capaian K 100,36 %, Rp 50,53 %; serapan 49,99 %; predikat Sangat Tinggi",
    "laporan/renja/bappeda_tw4.xlsx: Renja 2018 TW4, Badan Perencanaan Pembangunan Daerah: 0 kesalahan, "
    "1 peringatan, 0 catatan; rata-rata capaian K 100,26 %, Rp 99,07 %; serapan 98,92 %; predikat Sangat Tinggi",
    "Jumlah: 8 berkas (5 buku kerja lkjip-xl, 1 bukan buku kerja lkjip-xl, 2 gagal diperiksa); 3 berkas dengan "
    "kesalahan; 4 kesalahan, 2 peringatan, 0 catatan",
]


def renja_figures(text: str) -> list[float]:
    """Rata-rata capaian K and Rp and serapan of a Renja report by the rules, from its report file
    (not from the workbook), rounded as the test compares them."""
    from lkjip_xl.renja.loader import loads_renja
    from lkjip_xl.renja.summary import renja_summary_data

    d = renja_summary_data(loads_renja(text, name="renja.yaml"))
    return [round(float(d[k]), 6) for k in ("rata_rata_capaian_k", "rata_rata_capaian_rp", "serapan")]


@pytest.fixture
def in_city(city, monkeypatch):
    monkeypatch.chdir(city.folder.parent)
    return city


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_gives_a_row_for_each_file_and_exit_1(in_city, capsys, jobs):
    assert main(["check", "laporan", "--jobs", jobs, "--diam"]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == LINES
    assert out.err == ""


def test_files_and_globs_are_named_as_given(in_city, capsys):
    """Two files by name and a pattern: the lines in that order, each file once (kec_a twice named)."""
    assert main(["check", "laporan/kec_a.xlsx", "laporan/renja/*.xlsx", "laporan/kec_a.xlsx", "--diam"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        LINES[1], LINES[6], LINES[7],
        "Jumlah: 3 berkas (3 buku kerja lkjip-xl, 0 bukan buku kerja lkjip-xl, 0 gagal diperiksa); 0 berkas dengan "
        "kesalahan; 0 kesalahan, 2 peringatan, 0 catatan"]


def test_a_name_that_is_not_there_is_a_row_and_an_empty_pattern_too(in_city, capsys):
    assert main(["check", "laporan/kec_a.xlsx", "laporan/hilang.xlsx", "arsip/*.xlsx", "--diam"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:3] == ["laporan/hilang.xlsx: GAGAL: berkas tidak ditemukan",
                          "arsip/*.xlsx: GAGAL: tidak ada buku kerja (.xlsx, .xlsm, .xls, .ods) di sini"]


def test_nothing_to_check_is_bad_input(in_city, tmp_path, capsys):
    empty = tmp_path / "kosong"
    empty.mkdir()
    assert main(["check", str(empty), "--diam"]) == 2
    assert capsys.readouterr().err == f"lkjip-xl: gagal: tidak ada buku kerja (.xlsx, .xlsm, .xls, .ods) di {empty}\n"
    assert main(["check", "laporan", "--jobs", "0"]) == 2
    assert capsys.readouterr().err == "lkjip-xl: gagal: --jobs harus 1 atau lebih, bukan 0\n"


def test_json_is_one_object_per_file(in_city, capsys):
    assert main(["check", "laporan", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    files = {f["file"]: f for f in data["files"]}
    assert [f["file"] for f in data["files"]] == [line.split(":")[0] for line in LINES[:-1]]
    kec_c = files["laporan/dinas/kec_c.xlsx"]
    assert (kec_c["jenis"], kec_c["opd"], kec_c["tahun"], kec_c["triwulan"]) == ("lkjip", "Dinas Tiga", 2020, None)
    assert kec_c["counts"] == {"kesalahan": 2, "peringatan": 0, "catatan": 0}
    assert kec_c["pagu"] == 509774059 and kec_c["realisasi_rp"] == 329204714
    assert kec_c["rata_rata_capaian_k"] == 75 and kec_c["predikat_k"] == "Sedang"
    assert sorted((f["rule"], f["sheet"], f["cell"]) for f in kec_c["findings"]) == [
        ("jumlah-tidak-sesuai", "Rekap Kegiatan", "M9"), ("rumus-tertimpa", "Rekap Kegiatan", "M9")]
    assert kec_c["sumber"]["pagu"].startswith("Rekap Kegiatan!M")
    tw2 = files["laporan/renja/bappeda_tw2.xlsx"]
    assert (tw2["jenis"], tw2["tahun"], tw2["triwulan"]) == ("renja", 2018, 2)
    # the four budget units' pagu; their realisasi of triwulan I and II
    assert (tw2["pagu"], tw2["realisasi_rp"]) == (93_748_000 + 2_400_000 + 161_957_500 + 69_900_000,
                                                  2 * 23_437_000 + 2 * 600_000 + 2 * 40_000_000 + 18_000_000
                                                  + 17_900_000)
    assert files["laporan/asing.xlsx"]["jenis"] == "bukan lkjip-xl"
    assert files["laporan/asing.xlsx"]["formulir"] == {}
    assert files["laporan/terkunci.xlsx"]["error"] == f"laporan/terkunci.xlsx: {ENCRYPTED}"
    assert files["laporan/terkunci.xlsx"]["jenis"] is None and files["laporan/terkunci.xlsx"]["findings"] == []
    assert data["total"] == {"berkas": 8, "lkjip_xl": 5, "bukan_lkjip_xl": 1, "gagal": 2,
                             "berkas_dengan_kesalahan": 3, "counts": {"kesalahan": 4, "peringatan": 2, "catatan": 0}}


def test_errors_only_shows_the_errors_and_counts_all(in_city, capsys):
    assert main(["check", "laporan/renja", "laporan/kec_b.xlsx", "--json", "--hanya-kesalahan"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [len(f["findings"]) for f in data["files"]] == [0, 0, 1]
    assert data["files"][0]["counts"]["peringatan"] == 1


def test_one_file_keeps_todays_output(in_city, capsys):
    path = "laporan/dinas/kec_c.xlsx"
    assert main(["check", path, "--diam"]) == 1
    findings = check_workbook(in_city.kec_c)
    assert capsys.readouterr().out == console.findings_text(findings, path) + "\n"
    assert main(["check", path, "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == console.findings_json(findings, path)


def test_results_workbook_cell_by_cell(in_city, capsys):
    out = in_city.folder.parent / "hasil.xlsx"
    assert main(["check", "laporan", "-o", str(out), "--diam"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:-1] == LINES
    assert lines[-1] == f"Hasil ditulis: {out} (8 berkas, 6 temuan)"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [RESULTS_SHEET, "Temuan"]
    ws = wb[RESULTS_SHEET]
    assert [c.value for c in ws[1]] == [title for title, _, _ in COLUMNS] == [
        "No", "Berkas", "OPD", "Jenis", "Tahun", "Kesalahan", "Peringatan", "Catatan", "Rata-rata capaian K (%)",
        "Rata-rata capaian Rp (%)", "Serapan (%)", "Predikat", "Galat"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    rounded = [[round(v, 6) if isinstance(v, float) else v for v in row] for row in rows]
    assert rounded == [
        [1, "laporan/asing.xlsx", None, "bukan buku kerja lkjip-xl (tidak ada formulir baku yang dikenali)", None,
         1, 0, 0, None, None, None, None, None],
        [2, "laporan/kec_a.xlsx", "Kecamatan Contoh", "LKjIP 2020", 2020, 0, 0, 0, 95.833333, 98.925212,
         98.934498, "Sangat Tinggi", None],
        [3, "laporan/kec_b.xlsx", "Kecamatan Dua", "LKjIP 2020", 2020, 1, 0, 0, 95.833333, 104.180092,
         103.306423, "Sangat Tinggi", None],
        [4, "laporan/rusak.xlsx", None, "gagal", None, None, None, None, None, None, None, None, CORRUPT],
        [5, "laporan/terkunci.xlsx", None, "gagal", None, None, None, None, None, None, None, None, ENCRYPTED],
        [6, "laporan/dinas/kec_c.xlsx", "Dinas Tiga", "LKjIP 2020", 2020, 2, 0, 0, 75, 69.828453, 64.578554,
         "Sedang", None],
        [7, "laporan/renja/bappeda_tw2.xlsx", "Badan Perencanaan Pembangunan Daerah", "Renja 2018 TW2", 2018, 0, 1,
         0, *renja_figures(IN_PROGRESS), "Sangat Tinggi", None],
        [8, "laporan/renja/bappeda_tw4.xlsx", "Badan Perencanaan Pembangunan Daerah", "Renja 2018 TW4", 2018, 0, 1,
         0, *renja_figures(SAMPLE), "Sangat Tinggi", None],
    ]
    assert ws["B3"].hyperlink.target == "laporan/kec_a.xlsx"  # relative: the folder moves as a whole
    assert ws["I3"].number_format == "#,##0.00" and ws["F3"].number_format == "#,##0"
    assert ws["F4"].fill.fgColor.rgb.endswith("FF5050") and ws["M5"].fill.fgColor.rgb.endswith("FF5050")
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:M9"
    found = wb["Temuan"]
    assert [c.value for c in found[1]] == ["No", "Berkas", "OPD", "Tingkat", "Sheet", "Sel", "Aturan", "Pesan",
                                           "Seharusnya", "Tertulis"]
    table = [[c.value for c in row][:7] for row in found.iter_rows(min_row=2)]
    assert table == [
        [1, "laporan/asing.xlsx", None, "kesalahan", "Anggaran", "B5", "rentang-kurang"],
        [2, "laporan/kec_b.xlsx", "Kecamatan Dua", "kesalahan", "Rekap Kegiatan", "O11", "realisasi-melebihi-pagu"],
        [3, "laporan/dinas/kec_c.xlsx", "Dinas Tiga", "kesalahan", "Rekap Kegiatan", "M9", "jumlah-tidak-sesuai"],
        [4, "laporan/dinas/kec_c.xlsx", "Dinas Tiga", "kesalahan", "Rekap Kegiatan", "M9", "rumus-tertimpa"],
        [5, "laporan/renja/bappeda_tw2.xlsx", "Badan Perencanaan Pembangunan Daerah", "peringatan", "Evaluasi Renja",
         "J22", "isian-kurang"],
        [6, "laporan/renja/bappeda_tw4.xlsx", "Badan Perencanaan Pembangunan Daerah", "peringatan", "Evaluasi Renja",
         "J22", "isian-kurang"],
    ]
    assert found["H4"].value.startswith("Pagu program 5001.04 tahun 2020 (tertulis 999)")
    # a formula quoted from a source file is text here, not a live formula over this workbook's cells
    assert (found["I2"].value, found["J2"].value) == ("=SUM(B2:B4)", "=SUM(B2:B3)")
    assert found["I2"].data_type == found["J2"].data_type == "s"
    assert (found["I4"].value, found["J4"].value, found["I5"].value, found["J5"].value) == (509774059, 999,
                                                                                           509774059, 999)
    assert found["F4"].hyperlink.target == "laporan/dinas/kec_c.xlsx#'Rekap Kegiatan'!M9"
    assert found.freeze_panes == "A2" and found.auto_filter.ref == "A1:J7"


def test_the_results_workbook_is_not_overwritten_without_timpa(in_city, capsys):
    out = in_city.folder.parent / "hasil_lama.xlsx"
    out.write_bytes(b"lama")
    assert main(["check", "laporan/kec_a.xlsx", "-o", str(out), "--diam"]) == 2
    assert "sudah ada dan tidak ditimpa" in capsys.readouterr().err and out.read_bytes() == b"lama"
    assert main(["check", "laporan/kec_a.xlsx", "-o", str(out), "--timpa", "--diam"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"Cadangan berkas lama: {out}.bak"
    assert (out.parent / "hasil_lama.xlsx.bak").read_bytes() == b"lama"
    assert openpyxl.load_workbook(out)[RESULTS_SHEET]["C2"].value == "Kecamatan Contoh"


def test_the_results_workbook_in_the_folder_is_not_checked_next_time(in_city, tmp_path, capsys):
    folder = tmp_path / "opd"
    shutil.copytree(in_city.folder / "renja", folder)
    out = folder / "hasil.xlsx"
    assert main(["check", str(folder), "-o", str(out), "--diam"]) == 0
    assert main(["check", str(folder), "-o", str(out), "--timpa", "--diam"]) == 0
    assert capsys.readouterr().out.splitlines()[2].startswith("Jumlah: 2 berkas")


def test_folders_are_searched_recursively_without_lock_files(city):
    files, empty = expand_paths([str(city.folder)])
    names = [p.relative_to(city.folder).as_posix() for p in files]
    assert names == ["asing.xlsx", "kec_a.xlsx", "kec_b.xlsx", "rusak.xlsx", "terkunci.xlsx", "dinas/kec_c.xlsx",
                     "renja/bappeda_tw2.xlsx", "renja/bappeda_tw4.xlsx"]
    assert empty == []
    with pytest.raises(NoFilesError):
        expand_paths([str(city.folder / "*.ods")])


def test_progress_is_reported_file_by_file(in_city):
    from lkjip_xl.city.commands import check_many

    seen = []
    check_many(["laporan/renja", "laporan/kec_a.xlsx"], jobs=2, report=lambda stage, done: seen.append((stage, done)))
    assert seen == [("memeriksa 3 berkas", 0.0), ("memeriksa berkas 1 dari 3", 1 / 3),
                    ("memeriksa berkas 2 dari 3", 2 / 3), ("memeriksa berkas 3 dari 3", 1.0)]


def test_the_results_workbook_has_the_folders_permissions(in_city, tmp_path):
    import os
    import stat

    out = tmp_path / "hasil.xlsx"
    assert main(["check", str(in_city.kec_a), "-o", str(out), "--diam"]) == 0
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
