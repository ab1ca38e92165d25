"""``lkjip-xl new`` without a report file: a blank workbook, filled in Excel (here: openpyxl, cell by
cell, as a person types), recalculated and checked clean; ``export`` gives back what was typed and
``build`` of that file gives the same workbook. And ``new --dari``: last year's workbook, a DPA or
SIPD table."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from lkjip_xl import layout as lay
from lkjip_xl.cli import main as cli
from lkjip_xl.export import read_workbook
from lkjip_xl.findings import Severity
from lkjip_xl.recalc import check_file
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja.export import read_renja_workbook
from lkjip_xl.summary import summary_data
from tests.conftest import EXAMPLE

L = lay.REKAP_LAYOUT
LAP, DAS = L.years["laporan"], L.years["dasar"]
R = rl.LAYOUT

#: What a person types into the blank LKjIP workbook (Rekap rows 8-17 are the example block, 18-29
#: the spare rows): two programs, the second in the spare rows with one row left empty under it.
TYPED_LKJIP = {
    "B8": "NON URUSAN",
    "A9": "5001.01", "B9": "Program Pelayanan Administrasi Perkantoran",
    "C10": "Indeks kepuasan layanan", "D10": "indeks", f"{LAP.target}10": 80, f"{LAP.realisasi}10": 82,
    "A11": "5001.500105.01.001", "B11": "Penyediaan Alat Tulis Kantor", f"{LAP.pagu}11": 10000000,
    f"{LAP.realisasi_rp}11": 9500000,
    "C12": "Tersedianya ATK", "D12": "bulan", f"{LAP.target}12": 12, f"{LAP.realisasi}12": 12,
    "C13": "Laporan persediaan", "D13": "dokumen", f"{LAP.target}13": 4, f"{LAP.realisasi}13": 3,
    "A14": "5001.500105.01.002", "B14": "Penyediaan Jasa Kebersihan", f"{LAP.pagu}14": 20000000,
    f"{LAP.realisasi_rp}14": 19000000,
    "C15": "Kantor bersih", "D15": "bulan", f"{LAP.target}15": 12, f"{LAP.realisasi}15": 11,
    "A18": "5001.02", "B18": "Program Peningkatan Sarana Kantor",
    "A19": "5001.500105.02.001", "B19": "Pemeliharaan Gedung", f"{LAP.pagu}19": 50000000,
    f"{LAP.realisasi_rp}19": 45000000,
    "C20": "Gedung terpelihara", "D20": "unit", f"{LAP.target}20": 1, f"{LAP.realisasi}20": 1,
    "C21": "Waktu perbaikan", "D21": "hari", "E21": "negatif", f"{LAP.target}21": 5, f"{LAP.realisasi}21": 6,
}
EXPECTED_LKJIP = {
    "identitas": {"pemerintah_daerah": "Kota Contoh", "instansi": "Kecamatan Contoh", "tahun_laporan": 2026,
                  "tahun_dasar": 2025},
    "rekap": {"kelompok": [{"nama": "NON URUSAN", "program": [
        {"kode": "5001.01", "nama": "Program Pelayanan Administrasi Perkantoran",
         "indikator": [{"uraian": "Indeks kepuasan layanan", "satuan": "indeks",
                        "laporan": {"target": 80, "realisasi": 82}}],
         "kegiatan": [
             {"kode": "5001.500105.01.001", "nama": "Penyediaan Alat Tulis Kantor",
              "indikator": [{"uraian": "Tersedianya ATK", "satuan": "bulan", "laporan": {"target": 12, "realisasi": 12}},
                            {"uraian": "Laporan persediaan", "satuan": "dokumen",
                             "laporan": {"target": 4, "realisasi": 3}}],
              "laporan": {"pagu": 10000000, "realisasi_rp": 9500000}},
             {"kode": "5001.500105.01.002", "nama": "Penyediaan Jasa Kebersihan",
              "indikator": [{"uraian": "Kantor bersih", "satuan": "bulan", "laporan": {"target": 12, "realisasi": 11}}],
              "laporan": {"pagu": 20000000, "realisasi_rp": 19000000}}]},
        {"kode": "5001.02", "nama": "Program Peningkatan Sarana Kantor",
         "kegiatan": [
             {"kode": "5001.500105.02.001", "nama": "Pemeliharaan Gedung",
              "indikator": [{"uraian": "Gedung terpelihara", "satuan": "unit", "laporan": {"target": 1, "realisasi": 1}},
                            {"uraian": "Waktu perbaikan", "satuan": "hari", "metode": "negatif",
                             "laporan": {"target": 5, "realisasi": 6}}],
              "laporan": {"pagu": 50000000, "realisasi_rp": 45000000}}]}]}]},
}
IDENTITAS = ["--opd", "Kecamatan Contoh", "--pemerintah-daerah", "Kota Contoh", "--tahun", "2026"]


def typed(path: Path, sheet: str, values: dict, out: Path) -> Path:
    wb = openpyxl.load_workbook(path)
    for ref, value in values.items():
        wb[sheet][ref] = value
    wb.save(out)
    return out


def exported(path: Path, tmp: Path) -> dict:
    out = tmp / (path.stem + ".yaml")
    assert cli(["export", str(path), "-o", str(out)]) == 0
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def test_a_blank_lkjip_workbook(tmp_path, capsys):
    out = tmp_path / "kosong.xlsx"
    assert cli(["new", "-o", str(out), *IDENTITAS]) == 0
    assert "Buku kerja LKjIP baru ditulis" in capsys.readouterr().out
    assert check_file(out).findings == []  # the example rows left empty are not reported
    ws = openpyxl.load_workbook(out)[L.sheet]
    kinds = [ws[f"{L.jenis}{n}"].value for n in range(8, 36)]
    assert kinds[:10] == ["kelompok", "program", "indikator_program", "kegiatan", "indikator_kegiatan",
                          "indikator_kegiatan", "kegiatan", "indikator_kegiatan", "indikator_kegiatan",
                          "rata_rata_program"]
    assert kinds[10:22] == [None] * 12  # the spare rows
    assert all(ws[f"{L.kunci}{n}"].value is None for n in range(8, 30))  # no identity before a kode
    # what staff type in is unlocked in every row, a spare row whole (it can be deleted while protected)
    assert all(not ws[f"{c}{n}"].protection.locked for n in range(8, 30) for c in "ABCDE")
    assert all(not ws.cell(20, c).protection.locked for c in range(1, 23))
    assert ws.row_dimensions[20].protection.locked is False
    assert ws.protection.sheet and ws.protection.insertRows is False and ws.protection.deleteRows is False
    assert all(ws[f"{LAP.capaian_k}{n}"].protection.locked for n in range(9, 18))
    # the other sheets' tables have rows to type into
    names = openpyxl.load_workbook(out).defined_names
    first, last = (int(x) for x in names[lay.PENGUKURAN_TABLE.name].attr_text.replace("$", "").split("!")[1]
                   .replace("A", "").replace("K", "").split(":"))
    assert last - first + 1 == 6


def test_a_blank_lkjip_workbook_filled_in_checks_clean_and_exports_what_was_typed(tmp_path):
    blank = tmp_path / "kosong.xlsx"
    assert cli(["new", "-o", str(blank), *IDENTITAS]) == 0
    filled = typed(blank, L.sheet, TYPED_LKJIP, tmp_path / "diisi.xlsx")
    assert cli(["recalc", str(filled)]) == 0
    findings = check_file(filled).findings
    assert findings == [], [f.message for f in findings]
    assert exported(filled, tmp_path) == EXPECTED_LKJIP
    # build of that file gives the same workbook: the same report, the same figures
    again = tmp_path / "dibangun.xlsx"
    assert cli(["build", str(tmp_path / "diisi.yaml"), "-o", str(again), "--recalc"]) == 0
    assert check_file(again).findings == []
    assert exported(again, tmp_path) == EXPECTED_LKJIP
    assert summary_data(read_workbook(again).report) == summary_data(read_workbook(filled).report)
    a, b = openpyxl.load_workbook(filled, data_only=True), openpyxl.load_workbook(again, data_only=True)
    for name in ("TOTAL_PAGU_LAPORAN", "TOTAL_REALISASI_RP_LAPORAN", "RATA_RATA_KEGIATAN_K_LAPORAN",
                 "TOTAL_RATA_RATA_K_LAPORAN"):
        sheet_a, ref_a = next(iter(a.defined_names[name].destinations))
        sheet_b, ref_b = next(iter(b.defined_names[name].destinations))
        assert a[sheet_a][ref_a.replace("$", "")].value == pytest.approx(b[sheet_b][ref_b.replace("$", "")].value)
    assert a[L.sheet][f"{LAP.pagu}9"].value == 30000000 and a[L.sheet][f"{LAP.pagu}18"].value == 50000000


#: The blank Renja form (rows 10-20: the example block; 21-32 spare; OPD rows 33-35), a person's typing.
TYPED_RENJA = {
    f"{R.kode}10": "1.01.01", f"{R.uraian}10": "Program Perencanaan",
    f"{R.indikator}11": "Dokumen perencanaan tepat waktu", f"{R.satuan}11": "persen", f"{R.realisasi_tahunan}11": "terakhir",
    f"{R.target.k}11": 100, f"{R.triwulan[0].k}11": 90,
    f"{R.kode}12": "1.01.01.01", f"{R.uraian}12": "Penyusunan RKPD", f"{R.target.rp}12": 40000000,
    f"{R.triwulan[0].rp}12": 10000000,
    f"{R.indikator}13": "Dokumen RKPD", f"{R.satuan}13": "dokumen", f"{R.target.k}13": 1, f"{R.triwulan[0].k}13": 0,
    f"{R.kode}22": "1.01.02", f"{R.uraian}22": "Program Pengendalian",
    f"{R.kode}23": "1.01.02.01", f"{R.uraian}23": "Evaluasi Renja", f"{R.target.rp}23": 25000000,
    f"{R.triwulan[0].rp}23": 5000000,
    f"{R.indikator}24": "Laporan evaluasi", f"{R.satuan}24": "laporan", f"{R.target.k}24": 4, f"{R.triwulan[0].k}24": 1,
}


def test_a_blank_renja_workbook_filled_in_checks_clean_and_exports_what_was_typed(tmp_path):
    blank = tmp_path / "renja.xlsx"
    assert cli(["new", "-o", str(blank), "--jenis", "renja", "--opd", "Bappeda", "--pemerintah-daerah",
                "Kabupaten Contoh", "--tahun", "2026"]) == 0
    assert check_file(blank).findings == []
    ws = openpyxl.load_workbook(blank)[R.sheet]
    assert [ws[f"{R.jenis}{n}"].value for n in (10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 32, 33)] == [
        "program", "indikator_program", "kegiatan", "indikator_kegiatan", "indikator_kegiatan", "kegiatan",
        "indikator_kegiatan", "sub_kegiatan", "indikator_sub_kegiatan", "rata_rata_program", "predikat_program",
        None, "jumlah_opd"]
    filled = typed(blank, R.sheet, TYPED_RENJA, tmp_path / "renja_diisi.xlsx")
    assert cli(["recalc", str(filled)]) == 0
    assert check_file(filled).findings == []
    report = read_renja_workbook(filled).report
    assert [(p.kode, p.nama, [(k.kode, k.anggaran.pagu, [i.uraian for i in k.indikator]) for k in p.kegiatan],
             [i.uraian for i in p.indikator]) for p in report.program] == [
        ("1.01.01", "Program Perencanaan", [("1.01.01.01", Decimal(40000000), ["Dokumen RKPD"])],
         ["Dokumen perencanaan tepat waktu"]),
        ("1.01.02", "Program Pengendalian", [("1.01.02.01", Decimal(25000000), ["Laporan evaluasi"])], [])]
    out = tmp_path / "renja.yaml"
    assert cli(["export", str(filled), "-o", str(out)]) == 0
    again = tmp_path / "renja_dibangun.xlsx"
    assert cli(["build", str(out), "-o", str(again), "--recalc"]) == 0
    assert check_file(again).findings == []
    assert read_renja_workbook(again).report == report


# -- --dari -------------------------------------------------------------------------------------------------
def test_new_from_last_years_workbook(walantaka_xlsx, tmp_path, capsys):
    out = tmp_path / "walantaka_2021.xlsx"
    assert cli(["new", "-o", str(out), "--dari", str(walantaka_xlsx)]) == 0
    last = read_workbook(walantaka_xlsx).report
    new = read_workbook(out).report
    assert new.identitas.tahun_laporan == 2021 and new.identitas.tahun_dasar == 2020
    pairs = list(zip(new.rekap.kegiatan(), last.rekap.kegiatan()))
    assert len(pairs) == 97
    for (_, keg), (_, old) in pairs:
        assert keg.kode == old.kode and keg.laporan is None
        if old.laporan:
            assert (keg.dasar.pagu, keg.dasar.realisasi_rp) == (old.laporan.pagu, old.laporan.realisasi_rp)
        else:
            assert keg.dasar is None
        for ind, old_ind in zip(keg.indikator, old.indikator, strict=True):
            assert ind.laporan is None and ind.uraian == old_ind.uraian
            if old_ind.laporan:
                assert (ind.dasar.target, ind.dasar.realisasi) == (old_ind.laporan.target, old_ind.laporan.realisasi)
    assert [s.indikator[0].target for s in new.pengukuran] == [None] * len(new.pengukuran)
    assert not [f for f in check_file(out).findings if f.severity is Severity.ERROR and f.sheet == L.sheet]


def test_new_from_last_years_renja_carries_the_renstra_realisasi(tmp_path):
    from lkjip_xl.renja.calc import compute

    last_path = tmp_path / "renja_2018.xlsx"
    assert cli(["build", str(EXAMPLE.parent / "sukabumi_renja_2018.yaml"), "-o", str(last_path)]) == 0
    out = tmp_path / "renja_2019.xlsx"
    assert cli(["new", "-o", str(out), "--dari", str(last_path)]) == 0
    last = read_renja_workbook(last_path).report
    figures = compute(last)
    new = read_renja_workbook(out).report
    assert (new.identitas.tahun, new.identitas.triwulan) == (2019, 1)
    old_ind = [i for p in last.program for k in p.kegiatan for i in k.indikator]
    new_ind = [i for p in new.program for k in p.kegiatan for i in k.indikator]
    carried = [i.realisasi_renstra_lalu for i in new_ind]
    assert carried == pytest.approx([figures.indikator[i].renstra for i in old_ind], rel=Decimal("1e-12"))  # a cell holds a double
    assert any(c is not None for c in carried)
    assert all(i.target is None and not i.triwulan for i in new_ind)


DPA_ROWS = [("1", "URUSAN PEMERINTAHAN WAJIB", None), ("1.01", "PENDIDIKAN", None),
            ("1.01.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", 150000000),
            ("1.01.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja", None),
            ("1.01.01.2.01.0001", "Penyusunan Dokumen Perencanaan", 30000000),
            ("1.01.01.2.01.0002", "Koordinasi Penyusunan RKA", 20000000),
            ("1.01.01.2.02", "Administrasi Keuangan", "100.000.000"),
            ("1.01.02", "PROGRAM PENGELOLAAN PENDIDIKAN", 75000000),
            ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar", 75000000)]


@pytest.fixture
def dpa(tmp_path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DOKUMEN PELAKSANAAN ANGGARAN SKPD"])
    ws.append([])
    ws.append(["Kode Rekening", "Uraian", "Jumlah"])
    for row in DPA_ROWS:
        ws.append(list(row))
    wb.save(tmp_path / "dpa.xlsx")
    return tmp_path / "dpa.xlsx"


def test_new_from_a_dpa_table(dpa, tmp_path):
    out = tmp_path / "lkjip.xlsx"
    assert cli(["new", "-o", str(out), "--dari", str(dpa), *IDENTITAS]) == 0
    report = read_workbook(out).report
    assert [(k.nama, [(p.kode, [(g.kode, g.laporan.pagu) for g in p.kegiatan]) for p in k.program])
            for k in report.rekap.kelompok] == [
        ("PENDIDIKAN", [("1.01.01", [("1.01.01.2.01", Decimal(50000000)), ("1.01.01.2.02", Decimal(100000000))]),
                        ("1.01.02", [("1.01.02.2.01", Decimal(75000000))])])]
    assert not [f for f in check_file(out).findings if f.severity is Severity.ERROR]
    renja = tmp_path / "renja.xlsx"
    assert cli(["new", "-o", str(renja), "--jenis", "renja", "--dari", str(dpa), *IDENTITAS]) == 0
    r = read_renja_workbook(renja).report
    keg = r.program[0].kegiatan[0]
    assert (r.program[0].urusan, r.program[0].bidang) == ("URUSAN PEMERINTAHAN WAJIB", "PENDIDIKAN")
    assert [(s.kode, s.anggaran.pagu) for s in keg.sub_kegiatan] == [
        ("1.01.01.2.01.0001", Decimal(30000000)), ("1.01.01.2.01.0002", Decimal(20000000))]
    assert r.program[0].kegiatan[1].anggaran.pagu == Decimal(100000000)


def test_new_from_a_csv_table_with_a_jenis_column(tmp_path):
    path = tmp_path / "sipd.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Jenis", "Kode", "Nama", "Pagu"])
        w.writerow(["Program", "5001.01", "Program Pelayanan", ""])
        w.writerow(["Kegiatan", "5001.500105.01.001", "Penyediaan ATK", "12.500.000"])
    out = tmp_path / "dari_csv.xlsx"
    assert cli(["new", "-o", str(out), "--dari", str(path), *IDENTITAS]) == 0
    (_, keg), = read_workbook(out).report.rekap.kegiatan()
    assert (keg.kode, keg.laporan.pagu) == ("5001.500105.01.001", Decimal(12500000))


def write_table(path: Path, rows: list[list]) -> Path:
    """``rows`` as an .xlsx (cells as given: numbers stay numbers) or a ``;`` .csv, by ``path``'s suffix,
    a number as Excel saves it to .csv (``16.0`` as ``16``)."""
    def shown(v):
        return "" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else v

    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, delimiter=";").writerows([[shown(v) for v in row] for row in rows])
    else:
        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(path)
    return path


def lkjip_rows(path: Path) -> list:
    """(kelompok, [(program kode, nama, [(kegiatan kode, nama, pagu)])]) of an LKjIP workbook."""
    report = read_workbook(path).report
    return [(k.nama, [(p.kode, p.nama, [(g.kode, g.nama, g.laporan.pagu if g.laporan else None) for g in p.kegiatan])
                      for p in k.program]) for k in report.rekap.kelompok]


#: A SIPD export: the kode heads the name in one cell, the pagu in its own column.
SIPD_ROWS = [["RENCANA KERJA DAN ANGGARAN"], [],
             ["No", "Urusan/Bidang/Program/Kegiatan", "Pagu Indikatif"],
             [1, "1 URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR", None],
             [2, "1.01 - PENDIDIKAN", None],
             [3, "1.01.01 - PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "150.000.000"],
             [4, "1.01.01.2.01 Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", None],
             [5, "1.01.01.2.01.0001 Penyusunan Dokumen Perencanaan Perangkat Daerah", 30000000],
             [6, "1.01.01.2.01.0002 Koordinasi dan Penyusunan Dokumen RKA-SKPD", 20000000],
             [7, "1.01.01.2.02 - Administrasi Keuangan Perangkat Daerah", 100000000],
             [8, "1.01.02 - PROGRAM PENGELOLAAN PENDIDIKAN", None],
             [9, "1.01.02.2.01 Pengelolaan Pendidikan Sekolah Dasar", 75000000],
             [None, "JUMLAH", 225000000]]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_new_from_a_sipd_table_with_the_kode_in_the_name(suffix, tmp_path):
    path = write_table(tmp_path / f"sipd{suffix}", SIPD_ROWS)
    out = tmp_path / "lkjip.xlsx"
    assert cli(["new", "-o", str(out), "--dari", str(path), *IDENTITAS]) == 0
    assert lkjip_rows(out) == [("PENDIDIKAN", [
        ("1.01.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", [
            ("1.01.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", Decimal(50000000)),
            ("1.01.01.2.02", "Administrasi Keuangan Perangkat Daerah", Decimal(100000000))]),
        ("1.01.02", "PROGRAM PENGELOLAAN PENDIDIKAN", [
            ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar", Decimal(75000000))])])]
    renja = tmp_path / "renja.xlsx"
    assert cli(["new", "-o", str(renja), "--jenis", "renja", "--dari", str(path), *IDENTITAS]) == 0
    program = read_renja_workbook(renja).report.program[0]
    assert (program.urusan, program.bidang) == ("URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
                                                "PENDIDIKAN")
    assert [(s.kode, s.nama, s.anggaran.pagu) for s in program.kegiatan[0].sub_kegiatan] == [
        ("1.01.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", Decimal(30000000)),
        ("1.01.01.2.01.0002", "Koordinasi dan Penyusunan Dokumen RKA-SKPD", Decimal(20000000))]


def test_a_kode_column_is_read_before_a_kode_in_the_name(tmp_path):
    """A workbook whose first sheet has names headed by a kode and whose second has a kode column
    reads the second, as before the kode in the name was read."""
    path = tmp_path / "dua.xlsx"
    wb = openpyxl.Workbook()
    for row in [["Uraian", "Pagu"], ["9.99.99 Program Lain", 1], ["9.99.99.2.01 Kegiatan Lain", 1]]:
        wb.active.append(row)
    second = wb.create_sheet("DPA")
    for row in [["Kode", "Uraian", "Pagu"], ["1.01.01", "Program A", None], ["1.01.01.2.01", "Kegiatan A", 5]]:
        second.append(row)
    wb.save(path)
    out = tmp_path / "lkjip.xlsx"
    assert cli(["new", "-o", str(out), "--dari", str(path), *IDENTITAS]) == 0
    assert lkjip_rows(out) == [("PROGRAM", [("1.01.01", "Program A", [("1.01.01.2.01", "Kegiatan A", Decimal(5))])])]


#: A ministry's RKA (RKA-K/L): program, kegiatan, output, sub-output, komponen (indented, no prefix).
RKA_HEADER = ["KODE RKA", "URAIAN", "VOLUME", "SATUAN", "HARGA SATUAN", "JUMLAH / TOTAL PAGU"]
RKA_ROWS = [["113.01.06", "Program Penanggulangan Terorisme", 0, "", 0, 60000000],
            ["5096", "Penanggulangan Terorisme Bidang Pencegahan", 0, "", 0, 45000000],
            ["5096.001", "Operasi Intelijen Pencegahan_x000D_[Base Line]", 10, "Operasi", 0, 40000000],
            ["   051", "Melaksanakan Operasi Intelijen Pencegahan", 0, "", 0, 40000000],
            ["5096.002", "Perumusan Kebijakan Pencegahan", 6, "Rumusan", 0, 5000000],
            ["   051", "Menyusun SOP Sistem Keamanan", 0, "", 0, 5000000],
            ["5099", "Dukungan Administrasi dan SDM", 0, "", 0, 15000000],
            ["5099.951", "Layanan Internal (Overhead)", 0, "", 0, 15000000],
            ["5099.951.001", "Kendaraan Bermotor", 0, "", 0, 15000000],
            ["   051", "Melaksanakan Pengadaan Kendaraan Roda 4", 0, "", 0, 15000000]]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_new_from_an_rka_kl_table(suffix, tmp_path):
    path = write_table(tmp_path / f"Data_RKA{suffix}", [RKA_HEADER, *RKA_ROWS])
    out = tmp_path / "lkjip.xlsx"
    assert cli(["new", "-o", str(out), "--dari", str(path), *IDENTITAS]) == 0
    assert lkjip_rows(out) == [("PROGRAM", [("113.01.06", "Program Penanggulangan Terorisme", [
        ("5096", "Penanggulangan Terorisme Bidang Pencegahan", Decimal(45000000)),
        ("5099", "Dukungan Administrasi dan SDM", Decimal(15000000))])])]
    renja = tmp_path / "renja.xlsx"
    assert cli(["new", "-o", str(renja), "--jenis", "renja", "--dari", str(path), *IDENTITAS]) == 0
    program, = read_renja_workbook(renja).report.program
    assert [(k.kode, [(s.kode, s.nama, s.anggaran.pagu) for s in k.sub_kegiatan]) for k in program.kegiatan] == [
        ("5096", [("5096.001", "Operasi Intelijen Pencegahan\n[Base Line]", Decimal(40000000)),
                  ("5096.002", "Perumusan Kebijakan Pencegahan", Decimal(5000000))]),
        ("5099", [("5099.951", "Layanan Internal (Overhead)", Decimal(15000000))])]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_new_from_an_rka_table_with_kode_typed_as_numbers(suffix, tmp_path):
    """The regional RKA import format: ``16`` program, ``16.001`` kegiatan, typed as numbers."""
    path = write_table(tmp_path / f"Format_Import_RKA{suffix}", [
        ["KODE RKA", "PROGRAM / KEGIATAN / URAIAN", "VOLUME", "SATUAN", "HARGA SATUAN", "JUMLAH / TOTAL PAGU"],
        [16.0, "Program Peningkatan Pelayanan Perizinan ", 0, 0, 0, 390030000],
        [16.001, "Pelayanan Administrasi Perizinan", 0, 0, 0, 280030000],
        [16.002, "Pemantauan dan Pengendalian Perizinan", 0, 0, 0, 110000000],
        [None, None, None, None, None, None]])
    out = tmp_path / "lkjip.xlsx"
    assert cli(["new", "-o", str(out), "--dari", str(path), *IDENTITAS]) == 0
    assert lkjip_rows(out) == [("PROGRAM", [("16", "Program Peningkatan Pelayanan Perizinan", [
        ("16.001", "Pelayanan Administrasi Perizinan", Decimal(280030000)),
        ("16.002", "Pemantauan dan Pengendalian Perizinan", Decimal(110000000))])])]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_new_says_which_columns_a_table_needs(suffix, tmp_path, capsys):
    path = write_table(tmp_path / f"salah{suffix}", [["Nomor", "Keterangan", "Pagu"], [1, "1.01.01 Program", 5]])
    assert cli(["new", "-o", str(tmp_path / "x.xlsx"), "--dari", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"lkjip-xl: gagal: {path}: tidak ditemukan tabel program/kegiatan. Kolom yang diperlukan, dikenali dari "
        "judulnya di 30 baris pertama: kode (judul seperti 'Kode', 'Kode Rekening', 'Kode Program/Kegiatan'); "
        "uraian (judul seperti 'Uraian', 'Nama', 'Program/Kegiatan/Sub Kegiatan'), atau satu kolom uraian yang "
        "diawali kode (seperti '1.01.01 - Program Penunjang ...'); kolom pagu (judul seperti 'Pagu', 'Anggaran', "
        "'Jumlah') dan jenis ('Jenis', 'Level': program/kegiatan/sub kegiatan) dipakai bila ada.\n")
    assert not (tmp_path / "x.xlsx").exists()


def test_new_says_a_table_has_headers_but_no_rows(tmp_path, capsys):
    """The empty RKA import template: its headers are found, it has nothing to read."""
    path = write_table(tmp_path / "Format_Import_RKA.xlsx", [RKA_HEADER, [None] * 6, ["", "JUMLAH", None]])
    assert cli(["new", "-o", str(tmp_path / "x.xlsx"), "--dari", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"lkjip-xl: gagal: {path}: sheet 'Sheet': judul kolom ada di baris 1, tetapi tidak ada baris "
        "program/kegiatan berkode di bawahnya. Isi tabelnya dahulu, satu baris per program/kegiatan dengan "
        "kodenya.\n")
    assert not (tmp_path / "x.xlsx").exists()


def test_new_refuses_what_does_not_fit(tmp_path, capsys, write_report, minimal_yaml):
    assert cli(["new", "-o", str(tmp_path / "x.xlsx"), "--dari", str(tmp_path / "tidak_ada.xlsx")]) == 2
    assert "tidak_ada.xlsx: berkas tidak ditemukan" in capsys.readouterr().err
    report = write_report(minimal_yaml)
    assert cli(["new", str(report), "-o", str(tmp_path / "x.xlsx"), "--opd", "X"]) == 2
    assert "dipakai tanpa berkas laporan" in capsys.readouterr().err
    assert cli(["new", str(report), "-o", str(tmp_path / "lama.xlsx")]) == 0  # the old way still works
    assert cli(["new", "-o", str(tmp_path / "x.xls")]) == 2
    assert "ditulis sebagai .xlsx" in capsys.readouterr().err
