"""A small city for the tests: three kecamatan LKjIP workbooks (one with realisasi above pagu, one
with a program's pagu typed over its formula), one Bappeda Renja evaluation at triwulan IV and at
II, and beside them a corrupt file, a foreign workbook, a password-protected one and Excel's lock
file, built once per run."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.cli import main
from tests.conftest import MINIMAL_YAML
from tests.renja.conftest import IN_PROGRESS, SAMPLE

#: The three LKjIP reports: MINIMAL_YAML with another instansi and other figures.
KEC_A = MINIMAL_YAML
KEC_B = (MINIMAL_YAML.replace("instansi: Kecamatan Contoh", "instansi: Kecamatan Dua")
         .replace('realisasi: "77,44"', 'realisasi: "60"')
         .replace("laporan: {pagu: 209.774.059, realisasi_rp: 208.704.714}",
                  "laporan: {pagu: 150.000.000, realisasi_rp: 165.000.000}"))  # above pagu: a kesalahan
KEC_C = (MINIMAL_YAML.replace("instansi: Kecamatan Contoh", "instansi: Dinas Tiga")
         .replace("laporan: {target: 12, realisasi: 11}", "laporan: {target: 12, realisasi: 6}")
         .replace("laporan: {pagu: 202.989.861, realisasi_rp: 199.661.200}",
                  "laporan: {pagu: 300.000.000, realisasi_rp: 120.500.000}"))


@dataclass
class City:
    folder: Path
    kec_a: Path
    kec_b: Path
    kec_c: Path
    renja_tw4: Path
    renja_tw2: Path
    rusak: Path
    asing: Path
    terkunci: Path
    #: the reports behind the workbooks (text), by workbook
    reports: dict[Path, str]


def build(text: str, folder: Path, name: str) -> Path:
    report = folder.parent / f"{name}.yaml"
    report.write_text(text, encoding="utf-8")
    out = folder / f"{name}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    assert main(["build", str(report), "-o", str(out), "--diam"]) == 0
    return out


def encrypt(source: Path, path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(source, "rb") as plain, open(path, "wb") as out:
        OOXMLFile(plain).encrypt("rahasia", out)
    return path


def rekap_program_pagu_row(path: Path) -> int:
    """The Rekap row of the first program (its hidden Jenis column says ``program``)."""
    from lkjip_xl.layout import REKAP_LAYOUT as L

    ws = openpyxl.load_workbook(path)[L.sheet]
    for row in ws.iter_rows(min_col=openpyxl.utils.column_index_from_string(L.jenis),
                            max_col=openpyxl.utils.column_index_from_string(L.jenis)):
        if row[0].value == "program":
            return row[0].row
    raise AssertionError("no program row")


@pytest.fixture(scope="session")
def city(tmp_path_factory) -> City:
    pytest.importorskip("msoffcrypto")
    root = tmp_path_factory.mktemp("kota")
    folder = root / "laporan"
    folder.mkdir()
    kec_a = build(KEC_A, folder, "kec_a")
    kec_b = build(KEC_B, folder, "kec_b")
    kec_c = build(KEC_C, folder / "dinas", "kec_c")
    # A program's pagu typed over its formula (a kesalahan found at that cell; the rules' figure is
    # still the sum of its kegiatan).
    from lkjip_xl.layout import REKAP_LAYOUT as L

    row = rekap_program_pagu_row(kec_c)
    wb = openpyxl.load_workbook(kec_c)
    wb[L.sheet][f"{L.years['laporan'].pagu}{row}"] = 999
    wb.save(kec_c)
    renja_tw4 = build(SAMPLE, folder / "renja", "bappeda_tw4")
    renja_tw2 = build(IN_PROGRESS, folder / "renja", "bappeda_tw2")
    rusak = folder / "rusak.xlsx"  # a download cut short: the first half of a good workbook
    data = kec_a.read_bytes()
    rusak.write_bytes(data[:len(data) // 2])
    asing = folder / "asing.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Anggaran"
    for r, (name, value) in enumerate([("Program", "Pagu"), ("Belanja pegawai", 5000), ("Belanja barang", 7000),
                                       ("Belanja modal", 3000)], 1):
        ws.cell(r, 1, name)
        ws.cell(r, 2, value)
    ws["A5"], ws["B5"] = "Jumlah", "=SUM(B2:B3)"
    wb.save(asing)
    terkunci = encrypt(kec_a, folder / "terkunci.xlsx")
    shutil.copyfile(kec_a, folder / "~$kec_a.xlsx")  # Excel's lock file of an open workbook: skipped
    reports = {kec_a: KEC_A, kec_b: KEC_B, kec_c: KEC_C, renja_tw4: SAMPLE, renja_tw2: IN_PROGRESS}
    return City(folder, kec_a, kec_b, kec_c, renja_tw4, renja_tw2, rusak, asing, terkunci, reports)
