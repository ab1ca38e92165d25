"""The typed model of one quarterly Renja evaluation (Permendagri 86/2017).

The form's columns, and where each lives here:

====  ===========================================================  ==========================
col   the form                                                     model
====  ===========================================================  ==========================
5     target Renstra (akhir periode), K and Rp                      ``target_renstra``
6     realisasi Renstra s/d Renja tahun lalu, K and Rp              ``realisasi_renstra_lalu``
7     target kinerja dan anggaran Renja tahun berjalan, K and Rp   ``target`` / ``pagu``
8-11  realisasi triwulan I-IV, K and Rp                            ``triwulan`` (four values)
12-15 computed (year, capaian, Renstra up to this year, capaian)   not stored: the rules'
16    perangkat daerah penanggung jawab                            ``penanggung_jawab``
17    keterangan                                                   ``keterangan``
====  ===========================================================  ==========================

K belongs to an indicator (in its satuan), Rp to a budget unit: a kegiatan without sub-kegiatan,
or a sub-kegiatan. Program and kegiatan-with-sub-kegiatan amounts are sums, computed, never typed.
Amounts are ``Decimal`` in Rupiah (a form in thousands is scaled when imported).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from lkjip_xl.rules import Metode, RealisasiTahunan

#: The value of the report file's ``jenis`` key for this kind.
JENIS = "renja"
#: Metode an indicator of the Renja may have (the polarity methods of the rules; a range target has
#: no place in a quarterly form).
METODE_RENJA = (Metode.POSITIF, Metode.NEGATIF, Metode.NEGATIF_RASIO)

Quarter = Decimal | None


@dataclass
class Penandatangan:
    """Who signs a block at the foot of the form."""

    jabatan: str | None = None
    nama: str | None = None
    nip: str | None = None


@dataclass
class Identitas:
    pemerintah_daerah: str
    opd: str
    tahun: int
    #: the triwulan berjalan: the last quarter reported (1..4); later quarters are not expected yet
    triwulan: int
    renstra_awal: int | None = None
    renstra_akhir: int | None = None
    sasaran: str | None = None
    kota: str | None = None
    tanggal: str | None = None
    sumber: str | None = None
    disusun: Penandatangan | None = None
    dievaluasi: Penandatangan | None = None


@dataclass
class Indikator:
    """An indicator row: program outcome, kegiatan or sub-kegiatan output; its K figures."""

    uraian: str
    satuan: str | None = None
    metode: Metode = Metode.POSITIF
    realisasi_tahunan: RealisasiTahunan = RealisasiTahunan.JUMLAH
    target_renstra: Decimal | None = None
    realisasi_renstra_lalu: Decimal | None = None
    target: Decimal | None = None
    triwulan: list[Quarter] = field(default_factory=list)
    catatan: str | None = None

    def quarters(self) -> list[Quarter]:
        """The four quarters, None where empty."""
        return (list(self.triwulan) + [None] * 4)[:4]


@dataclass
class Anggaran:
    """The Rp figures of one budget unit (a kegiatan without sub-kegiatan, or a sub-kegiatan)."""

    target_renstra: Decimal | None = None
    realisasi_renstra_lalu: Decimal | None = None
    pagu: Decimal | None = None
    triwulan: list[Quarter] = field(default_factory=list)
    catatan: str | None = None

    def quarters(self) -> list[Quarter]:
        return (list(self.triwulan) + [None] * 4)[:4]


@dataclass
class SubKegiatan:
    nama: str
    kode: str | None = None
    indikator: list[Indikator] = field(default_factory=list)
    anggaran: Anggaran | None = None
    penanggung_jawab: str | None = None
    keterangan: str | None = None
    catatan: str | None = None


@dataclass
class Kegiatan:
    nama: str
    kode: str | None = None
    indikator: list[Indikator] = field(default_factory=list)
    #: only when the kegiatan has no sub-kegiatan (else its Rp are their sums)
    anggaran: Anggaran | None = None
    sub_kegiatan: list[SubKegiatan] = field(default_factory=list)
    penanggung_jawab: str | None = None
    keterangan: str | None = None
    catatan: str | None = None


@dataclass
class Program:
    nama: str
    kode: str | None = None
    #: the urusan and bidang urusan headings the program is printed under (text, optional)
    urusan: str | None = None
    bidang: str | None = None
    indikator: list[Indikator] = field(default_factory=list)
    kegiatan: list[Kegiatan] = field(default_factory=list)
    penanggung_jawab: str | None = None
    keterangan: str | None = None
    catatan: str | None = None


@dataclass
class Teks:
    """The text rows under the table."""

    faktor_pendorong: str | None = None
    faktor_penghambat: str | None = None
    tindak_lanjut_triwulan: str | None = None
    tindak_lanjut_renja: str | None = None


@dataclass
class RenjaReport:
    identitas: Identitas
    program: list[Program] = field(default_factory=list)
    teks: Teks | None = None
    catatan: str | None = None
    #: Notes the loader recorded; not in the report file.
    validation_notes: list[str] = field(default_factory=list, metadata={"internal": True})

    def kegiatan(self) -> Iterator[tuple[Program, Kegiatan]]:
        for program in self.program:
            for kegiatan in program.kegiatan:
                yield program, kegiatan

    def units(self) -> Iterator[tuple[Program, Kegiatan, SubKegiatan | None]]:
        """Every budget unit: (program, kegiatan, None) for a kegiatan without sub-kegiatan, else
        one (program, kegiatan, sub-kegiatan) per sub-kegiatan."""
        for program, kegiatan in self.kegiatan():
            if kegiatan.sub_kegiatan:
                for sub in kegiatan.sub_kegiatan:
                    yield program, kegiatan, sub
            else:
                yield program, kegiatan, None

    def indicators(self) -> Iterator[Indikator]:
        for program in self.program:
            yield from program.indikator
            for kegiatan in program.kegiatan:
                yield from kegiatan.indikator
                for sub in kegiatan.sub_kegiatan:
                    yield from sub.indikator
