"""Named fixtures shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "walantaka_2020.yaml"
#: Real workbooks made by offices (read-only, beside the checkout as CI lays it out; tests using
#: them skip when the folder is absent).
REAL = ROOT.parent / "shared" / "real"

MINIMAL_YAML = """\
identitas:
  pemerintah_daerah: Pemerintah Kota Contoh
  instansi: Kecamatan Contoh
  tahun_laporan: 2020
  tahun_dasar: 2019
rekap:
  kelompok:
    - nama: NON URUSAN
      program:
        - kode: "5001.04"
          nama: Program Pelayanan Administrasi Kelurahan
          indikator:
            - uraian: Indeks Kepuasan Masyarakat
              laporan: {target: 75, realisasi: "77,44"}
          kegiatan:
            - kode: "5001.500105.04.043"
              nama: Operasional Pelayanan Kelurahan A
              laporan: {pagu: 209.774.059, realisasi_rp: 208.704.714}
              indikator:
                - uraian: Terpenuhinya Administrasi Perkantoran
                  laporan: {target: 12, realisasi: 12}
            - kode: "5001.500105.04.044"
              nama: Operasional Pelayanan Kelurahan B
              dasar: {pagu: "81.420.000", realisasi_rp: "79.714.000"}
              laporan: {pagu: 202.989.861, realisasi_rp: 199.661.200}
              indikator:
                - uraian: Terpenuhinya Administrasi Perkantoran
                  dasar: {target: 12, realisasi: 12}
                  laporan: {target: 12, realisasi: 11}
"""


@pytest.fixture
def minimal_yaml() -> str:
    """A small valid report: one group, one program, two kegiatan."""
    return MINIMAL_YAML


@pytest.fixture
def write_report(tmp_path):
    """Write report text to a file and return its path (name chosen by the test)."""

    def write(text: str, name: str = "laporan.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def walantaka():
    """The Walantaka 2020 example, loaded once."""
    from lkjip_xl import load_report

    return load_report(EXAMPLE)


@pytest.fixture(scope="session")
def walantaka_xlsx(walantaka, tmp_path_factory):
    """The Walantaka workbook as `lkjip-xl build` writes it (built once per test run)."""
    from lkjip_xl.writer import write_workbook

    return write_workbook(walantaka, tmp_path_factory.mktemp("build") / "walantaka_2020.xlsx")
