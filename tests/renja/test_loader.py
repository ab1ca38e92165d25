"""Renja report files: loaded exactly, every mistake named with its line and field (Bahasa Indonesia)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lkjip_xl.errors import ReportFileError
from lkjip_xl.loader import load_any_report, load_report
from lkjip_xl.model import Report
from lkjip_xl.renja.loader import loads_renja
from lkjip_xl.renja.model import RenjaReport
from lkjip_xl.rules import Metode, RealisasiTahunan

from .conftest import SAMPLE

HEAD = """\
jenis: renja
identitas:
  pemerintah_daerah: Kabupaten Contoh
  opd: Dinas Contoh
  tahun: 2018
  triwulan: 2
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ReportFileError) as exc:
        loads_renja(text, name="r.yaml")
    return [str(p) for p in exc.value.problems]


def test_sample_values(sample):
    keg = sample.program[0].kegiatan[0]
    assert keg.kode == "1.01.01.01"  # a kode stays text
    assert keg.anggaran.pagu == Decimal("93748000")  # 93.748.000 read the Indonesian way
    assert keg.indikator[0].realisasi_renstra_lalu == Decimal("86.67")
    assert keg.indikator[1].realisasi_tahunan is RealisasiTahunan.RATA_RATA
    assert keg.indikator[2].metode is Metode.NEGATIF
    assert sample.program[0].indikator[0].triwulan == [Decimal(40), Decimal("62.5"), Decimal(80), Decimal(100)]
    assert [k.nama for k in sample.program[0].kegiatan[1].sub_kegiatan] == ["Penyediaan Jasa Surat Menyurat",
                                                                            "Penyediaan Jasa Komunikasi"]
    assert sample.identitas.disusun.nip == "19660506 199203 1 004"


def test_dispatch_on_jenis(write_report):
    assert isinstance(load_any_report(write_report(SAMPLE, "renja.yaml")), RenjaReport)
    lkjip = write_report(SAMPLE.replace("jenis: renja", "jenis: lkjip").split("identitas:")[0]
                         + "identitas: {pemerintah_daerah: P, instansi: I, tahun_laporan: 2020, tahun_dasar: 2019}\n"
                         + "rekap: {kelompok: []}\n", "lkjip.yaml")
    assert isinstance(load_any_report(lkjip), Report)
    with pytest.raises(ReportFileError, match="renja report"):
        load_report(write_report(SAMPLE, "renja2.yaml"))


def test_unknown_jenis_is_named(write_report):
    with pytest.raises(ReportFileError, match=r"renja_x\.yaml:1: jenis: seharusnya salah satu dari lkjip, renja, tertulis 'rkpd'"):
        load_any_report(write_report("jenis: rkpd\n", "renja_x.yaml"))


@pytest.mark.parametrize("body, expected", [
    ("program:\n  - nama: P\n    warna: biru\n",
     "r.yaml:9: program[0].warna: kunci 'warna' tidak dikenal"),
    ("program:\n  - nama: P\n    indikator:\n      - {uraian: I, target: 12x}\n",
     "r.yaml:10: program[0].indikator[0].target: seharusnya angka, tertulis '12x'"),
    ("program:\n  - nama: P\n    indikator:\n      - {uraian: I, triwulan: [1, 2, 3, 4, 5]}\n",
     "r.yaml:10: program[0].indikator[0].triwulan: satu tahun hanya 4 triwulan, tertulis 5 nilai"),
    ("program:\n  - nama: P\n    indikator:\n      - {uraian: I, metode: rentang}\n",
     "seharusnya salah satu dari positif, negatif, negatif_rasio, tertulis 'rentang' (target rentang tidak dipakai"),
    ("program:\n  - nama: P\n    indikator:\n      - {uraian: I, realisasi_tahunan: kumulatif}\n",
     "program[0].indikator[0].realisasi_tahunan: seharusnya salah satu dari jumlah, terakhir, rata-rata"),
    ("program:\n  - nama: P\n    indikator:\n      - {uraian: I, triwulan: [1, 2, 3]}\n",
     "r.yaml:10: program[0].indikator[0].triwulan[2]: Realisasi K triwulan III diisi (3) padahal triwulan "
     "berjalan II"),
    ("program:\n  - nama: P\n    kegiatan:\n      - nama: K\n        anggaran: {pagu: 10}\n"
     "        sub_kegiatan: [{nama: S}]\n",
     "r.yaml:10: program[0].kegiatan[0].anggaran: kegiatan yang memiliki sub_kegiatan tidak diberi anggaran sendiri"),
    ("program:\n  - nama: P\n    kegiatan:\n      - nama: K\n        anggaran: {pagu: -10}\n",
     "r.yaml:11: program[0].kegiatan[0].anggaran.pagu: jumlah Rupiah tidak boleh negatif, tertulis -10"),
    ("program:\n  - {nama: A, kode: \"1.01\"}\n  - {nama: B, kode: \"1.01\"}\n",
     "r.yaml:9: program[1].kode: kode program '1.01' sudah dipakai (baris 8)"),
])
def test_located_problems(body, expected):
    found = problems(HEAD + body)
    assert any(expected in p for p in found), found


def test_identity_problems_together():
    text = HEAD.replace("tahun: 2018", "tahun: 2025").replace("triwulan: 2", "triwulan: 5") + \
        "  renstra_awal: 2016\n  renstra_akhir: 2021\n"
    found = problems(text)
    assert "r.yaml:3: identitas.tahun: tahun 2025 di luar periode Renstra 2016-2021" in found
    assert "r.yaml:3: identitas.triwulan: seharusnya triwulan berjalan 1, 2, 3 atau 4, tertulis 5" in found


def test_missing_jenis_and_required_fields():
    found = problems("identitas: {pemerintah_daerah: P, opd: O}\n")
    assert "r.yaml:1: jenis: wajib ada: jenis: renja" in found
    assert "r.yaml:1: identitas.tahun: wajib ada tetapi tidak ditulis" in found
    assert "r.yaml:1: identitas.triwulan: wajib ada tetapi tidak ditulis" in found


def test_a_quarter_left_empty_is_null():
    r = loads_renja(HEAD + "program:\n  - nama: P\n    indikator:\n      - {uraian: I, triwulan: [null, 4]}\n")
    assert r.program[0].indikator[0].quarters() == [None, Decimal(4), None, None]


def test_json_is_accepted():
    import json

    import yaml

    data = yaml.safe_load(SAMPLE.replace('"62,5"', "62.5"))
    r = loads_renja(json.dumps(data), name="r.json", is_json=True)
    assert r.program[0].indikator[0].triwulan[1] == Decimal("62.5")
