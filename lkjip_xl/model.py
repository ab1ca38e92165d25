"""The typed model of one LKjIP report.

Everything the staff type into a LKjIP has a place here; figures the source document *printed* but
that are computed (capaian, averages, totals) live in ``printed`` mappings beside the inputs, so a
check can compare what was printed with what the inputs imply. Amounts are ``Decimal`` so that sums
of Rupiah are exact.

The classes are plain dataclasses: the loader fills them from YAML/JSON, the writer and the checks
read them. Field names are the report's own Bahasa Indonesia terms, which are also the YAML keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator, Union

from lkjip_xl.rules import Metode, Range

#: A target or realisasi: a number, a range (targets only), a grade such as ``"CC"`` or ``"WTP"``.
Measure = Union[Decimal, Range, str, None]
#: A figure printed by the source document: usually a number, sometimes text such as ``"####"``.
Printed = Union[Decimal, str]

YEARS = ("dasar", "laporan")


@dataclass
class Identitas:
    pemerintah_daerah: str
    instansi: str
    tahun_laporan: int
    tahun_dasar: int
    kota: str | None = None
    tanggal: str | None = None
    sumber: str | None = None
    #: "draf" while the report is being filled in, "final" when it is complete: missing inputs are
    #: catatan until then, peringatan after (lkjip_xl.checks.importance).
    status: str | None = None


@dataclass
class Kelurahan:
    nama: str
    jumlah_rt_rw: int | None = None
    rt: int | None = None
    rw: int | None = None
    catatan: str | None = None


@dataclass
class JumlahPegawai:
    """One row of a SDM breakdown (a pendidikan, pangkat or eselon level and its head count)."""

    jenjang: str
    jumlah: int | None = None
    catatan: str | None = None


@dataclass
class Sdm:
    jumlah_pegawai: int | None = None
    pendidikan: list[JumlahPegawai] = field(default_factory=list)
    pangkat: list[JumlahPegawai] = field(default_factory=list)
    eselon: list[JumlahPegawai] = field(default_factory=list)
    printed: dict[str, Printed] = field(default_factory=dict)
    catatan: str | None = None

    def breakdowns(self) -> dict[str, list[JumlahPegawai]]:
        return {"pendidikan": self.pendidikan, "pangkat": self.pangkat, "eselon": self.eselon}


@dataclass
class DataUmum:
    luas_wilayah_km2: Decimal | None = None
    kelurahan: list[Kelurahan] = field(default_factory=list)
    sdm: Sdm | None = None
    printed: dict[str, Printed] = field(default_factory=dict)
    catatan: str | None = None


@dataclass
class IndikatorSasaran:
    """An indicator of a sasaran in the Perjanjian Kinerja (target only) or in Pengukuran."""

    kode: str
    uraian: str
    satuan: str | None = None
    target: Measure = None
    realisasi: Measure = None
    metode: Metode = Metode.POSITIF
    printed: dict[str, Printed] = field(default_factory=dict)
    catatan: str | None = None


@dataclass
class Sasaran:
    sasaran: str
    indikator: list[IndikatorSasaran] = field(default_factory=list)
    no: int | None = None
    catatan: str | None = None


@dataclass
class IndikatorFormula:
    """A numerator / denominator formula of Bab III (``7 / 14 x 100 % = 50 %``)."""

    uraian: str
    program: str | None = None
    kode: str | None = None
    satuan: str | None = None
    pembilang: str | None = None
    penyebut: str | None = None
    nilai_pembilang: Decimal | None = None
    nilai_penyebut: Decimal | None = None
    printed: dict[str, Printed] = field(default_factory=dict)
    catatan: str | None = None


@dataclass
class KegiatanPagu:
    uraian: str
    pagu: Decimal | None = None
    catatan: str | None = None


@dataclass
class ProgramPagu:
    """A row of Tabel 2.2 (Program dan Pagu Anggaran of the reported year)."""

    program: str
    no: int | None = None
    kode: str | None = None
    kegiatan: list[KegiatanPagu] = field(default_factory=list)
    printed: dict[str, Printed] = field(default_factory=dict)
    catatan: str | None = None


@dataclass
class TahunK:
    """K (kinerja) of one indicator in one year: target and realisasi in the indicator's unit."""

    target: Measure = None
    realisasi: Measure = None
    printed: dict[str, Printed] = field(default_factory=dict)
    catatan: str | None = None


@dataclass
class TahunRp:
    """Rp of one kegiatan in one year: pagu and realisasi."""

    pagu: Decimal | None = None
    realisasi_rp: Decimal | None = None
    printed: dict[str, Printed] = field(default_factory=dict)
    catatan: str | None = None


@dataclass
class Indikator:
    """An indicator row of the Rekapitulasi table (program outcome or kegiatan output)."""

    uraian: str
    satuan: str | None = None
    metode: Metode = Metode.POSITIF
    dasar: TahunK | None = None
    laporan: TahunK | None = None
    catatan: str | None = None

    def tahun(self, year: str) -> TahunK | None:
        return getattr(self, year)


@dataclass
class Kegiatan:
    kode: str
    nama: str
    indikator: list[Indikator] = field(default_factory=list)
    dasar: TahunRp | None = None
    laporan: TahunRp | None = None
    kode_menyimpang: str | None = None
    catatan: str | None = None

    def tahun(self, year: str) -> TahunRp | None:
        return getattr(self, year)


@dataclass
class Program:
    kode: str
    nama: str
    indikator: list[Indikator] = field(default_factory=list)
    kegiatan: list[Kegiatan] = field(default_factory=list)
    printed: dict[str, object] = field(default_factory=dict)
    catatan: str | None = None


@dataclass
class Kelompok:
    """A group of programs (NON URUSAN, URUSAN KEWILAYAHAN) with its own averages and totals."""

    nama: str
    program: list[Program] = field(default_factory=list)
    printed: dict[str, object] = field(default_factory=dict)
    catatan: str | None = None


@dataclass
class Rekap:
    kelompok: list[Kelompok] = field(default_factory=list)
    printed: dict[str, object] = field(default_factory=dict)
    catatan: str | None = None

    def programs(self) -> Iterator[tuple[Kelompok, Program]]:
        for kelompok in self.kelompok:
            for program in kelompok.program:
                yield kelompok, program

    def kegiatan(self) -> Iterator[tuple[Program, Kegiatan]]:
        for _, program in self.programs():
            for kegiatan in program.kegiatan:
                yield program, kegiatan


@dataclass
class RincianKeuangan:
    uraian: str
    nilai: Decimal | None = None
    catatan: str | None = None


@dataclass
class Keuangan:
    """Section 3.3: total anggaran = BTL + BL, realisasi and serapan."""

    btl: Decimal | None = None
    bl: Decimal | None = None
    realisasi: Decimal | None = None
    realisasi_btl: Decimal | None = None
    realisasi_bl: Decimal | None = None
    rincian: list[RincianKeuangan] = field(default_factory=list)
    printed: dict[str, Printed] = field(default_factory=dict)
    catatan: str | None = None


@dataclass
class Report:
    identitas: Identitas
    rekap: Rekap
    data_umum: DataUmum | None = None
    perjanjian_kinerja: list[Sasaran] = field(default_factory=list)
    pengukuran: list[Sasaran] = field(default_factory=list)
    indikator_formula: list[IndikatorFormula] = field(default_factory=list)
    program_pagu: list[ProgramPagu] = field(default_factory=list)
    printed_program_pagu: dict[str, Printed] = field(default_factory=dict)
    keuangan: Keuangan | None = None
    catatan: str | None = None
    #: Notes the loader recorded (acknowledged deviations such as ``kode_menyimpang``); not in YAML.
    validation_notes: list[str] = field(default_factory=list, metadata={"internal": True})
