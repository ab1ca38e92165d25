"""Renja reports for the tests: one with every kind of indicator and row, one in progress."""

from __future__ import annotations


import pytest

from tests.conftest import REAL

#: The real Sukabumi form (skipped where the offices' workbooks are not beside the checkout).
SUKABUMI = REAL / "sukabumi_renja_2018.xlsx"

#: Every kind: jumlah / terakhir / rata-rata, the three metode, a kegiatan with sub-kegiatan and one
#: without, a program without outcome indicators, a target 0, urusan and bidang headings.
SAMPLE = """\
jenis: renja
identitas:
  pemerintah_daerah: Kabupaten Contoh
  opd: Badan Perencanaan Pembangunan Daerah
  tahun: 2018
  triwulan: 4
  renstra_awal: 2016
  renstra_akhir: 2021
  sasaran: Meningkatnya kualitas perencanaan pembangunan daerah
  kota: Contoh
  tanggal: 15 Januari 2019
  disusun: {jabatan: KEPALA BAPPEDA, nama: Ir. Contoh, nip: "19660506 199203 1 004"}
  dievaluasi: {jabatan: KEPALA BAPPEDA KABUPATEN CONTOH, nama: Dr. Penilai}
program:
  - kode: "1.01.01"
    nama: Program Pelayanan Administrasi Perkantoran
    urusan: Fungsi Penunjang Urusan Pemerintahan Daerah
    bidang: Perencanaan
    indikator:
      - uraian: Cakupan layanan administrasi perkantoran
        satuan: persen
        realisasi_tahunan: terakhir
        target_renstra: 100
        realisasi_renstra_lalu: 60
        target: 100
        triwulan: [40, "62,5", 80, 100]
    kegiatan:
      - kode: "1.01.01.01"
        nama: Pelayanan Administrasi Perkantoran
        penanggung_jawab: Sekretariat
        indikator:
          - {uraian: Tersedianya alat tulis kantor, satuan: jenis, target_renstra: 260, realisasi_renstra_lalu: "86,67", target: 52, triwulan: [13, 13, 13, 13]}
          - {uraian: Indeks kepuasan layanan, satuan: indeks, realisasi_tahunan: rata-rata, target_renstra: 85, realisasi_renstra_lalu: 70, target: 80, triwulan: [70, 80, 90, 100]}
          - {uraian: Waktu penyelesaian surat, satuan: hari, metode: negatif, realisasi_tahunan: terakhir, target_renstra: 3, realisasi_renstra_lalu: 7, target: 5, triwulan: [6, 5, 4, 4]}
        anggaran: {target_renstra: 375.000.000, realisasi_renstra_lalu: 125.000.000, pagu: 93.748.000, triwulan: [23.437.000, 23.437.000, 23.437.000, 20.000.000]}
      - kode: "1.01.01.02"
        nama: Penyediaan Jasa Penunjang
        sub_kegiatan:
          - kode: "1.01.01.02.01"
            nama: Penyediaan Jasa Surat Menyurat
            indikator:
              - {uraian: Jumlah laporan jasa surat, satuan: laporan, metode: negatif_rasio, target_renstra: 60, realisasi_renstra_lalu: 12, target: 12, triwulan: [3, 3, 3, 4]}
            anggaran: {target_renstra: 12.000.000, realisasi_renstra_lalu: 2.400.000, pagu: 2.400.000, triwulan: ["600.000", "600.000", "600.000", "500.000"]}
          - kode: "1.01.01.02.02"
            nama: Penyediaan Jasa Komunikasi
            indikator:
              - {uraian: Jumlah bulan layanan yang baru direncanakan, satuan: bulan, target_renstra: 60, target: 0, triwulan: [0, 0, 0, 0]}
            anggaran: {target_renstra: 900.000.000, realisasi_renstra_lalu: 161.957.500, pagu: 161.957.500, triwulan: [40.000.000, 40.000.000, 40.000.000, 41.957.500]}
  - kode: "1.01.02"
    nama: Program Peningkatan Kapasitas Sumber Daya Aparatur
    urusan: Fungsi Penunjang Urusan Pemerintahan Daerah
    bidang: Perencanaan
    kegiatan:
      - kode: "1.01.02.01"
        nama: Pendidikan dan Pelatihan Formal
        indikator:
          - {uraian: Jumlah aparatur yang mengikuti diklat, satuan: orang, target_renstra: 25, realisasi_renstra_lalu: 5, target: 5, triwulan: [1, 2, 1, 1]}
        anggaran: {target_renstra: 349.500.000, realisasi_renstra_lalu: 69.900.000, pagu: 69.900.000, triwulan: [18.000.000, 17.900.000, 17.000.000, 17.000.000]}
teks:
  faktor_pendorong: Aparatur memahami tugas dan fungsinya.
  faktor_penghambat: Pengadaan barang dan jasa terlambat.
  tindak_lanjut_triwulan: Mempercepat pengadaan.
  tindak_lanjut_renja: Menyesuaikan target dengan pagu.
"""

#: A form in progress: triwulan II reported, III and IV not yet.
IN_PROGRESS = SAMPLE.replace("  triwulan: 4\n", "  triwulan: 2\n").replace(
    'triwulan: [40, "62,5", 80, 100]', 'triwulan: [40, "62,5"]').replace(
    "triwulan: [13, 13, 13, 13]", "triwulan: [13, 13]").replace(
    "triwulan: [70, 80, 90, 100]", "triwulan: [70, 81]").replace(
    "triwulan: [6, 5, 4, 4]", "triwulan: [6, 5]").replace(
    "triwulan: [23.437.000, 23.437.000, 23.437.000, 20.000.000]", "triwulan: [23.437.000, 23.437.000]").replace(
    "triwulan: [3, 3, 3, 4]", "triwulan: [3, 3]").replace(
    'triwulan: ["600.000", "600.000", "600.000", "500.000"]', 'triwulan: ["600.000", "600.000"]').replace(
    "triwulan: [0, 0, 0, 0]", "triwulan: [0, 0]").replace(
    "triwulan: [40.000.000, 40.000.000, 40.000.000, 41.957.500]", "triwulan: [40.000.000, 40.000.000]").replace(
    "triwulan: [1, 2, 1, 1]", "triwulan: [1, 2]").replace(
    "triwulan: [18.000.000, 17.900.000, 17.000.000, 17.000.000]", "triwulan: [18.000.000, 17.900.000]")


@pytest.fixture(scope="session")
def sample():
    from lkjip_xl.renja.loader import loads_renja

    return loads_renja(SAMPLE, name="sample.yaml")


@pytest.fixture(scope="session")
def in_progress():
    from lkjip_xl.renja.loader import loads_renja

    return loads_renja(IN_PROGRESS, name="in_progress.yaml")


@pytest.fixture(scope="session")
def sample_xlsx(sample, tmp_path_factory):
    from lkjip_xl.renja.writer import write_renja_workbook

    return write_renja_workbook(sample, tmp_path_factory.mktemp("renja") / "renja_2018.xlsx")


@pytest.fixture(scope="session")
def in_progress_xlsx(in_progress, tmp_path_factory):
    from lkjip_xl.renja.writer import write_renja_workbook

    return write_renja_workbook(in_progress, tmp_path_factory.mktemp("renja_tw2") / "renja_tw2.xlsx")


@pytest.fixture(scope="session")
def engine_values(sample_xlsx):
    from lkjip_xl.engine.default import default_engine

    return default_engine().evaluate(sample_xlsx)
