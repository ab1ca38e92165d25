"""Where everything is in the Renja evaluation workbook: sheets, the 17 columns, row kinds, names.

The writer, the reader, the checks and the import's target all take their addresses from here; no
other module names a column letter of the Renja sheet. The table is found through its defined name
(``RENJA_TABEL``, which Excel keeps up to date when rows are inserted) and its rows through the
hidden Jenis and Kunci columns, as in the LKjIP workbook.

The 17 columns of Permendagri 86/2017, with the number each carries in the form's legend row:

1 No, 2 Kode, 3 Urusan/Bidang Urusan/Program/Kegiatan, 4 Indikator kinerja (with its satuan),
5 Target Renstra (akhir periode), 6 Realisasi Renstra s/d Renja tahun lalu, 7 Target Renja tahun
berjalan, 8-11 Realisasi triwulan I-IV, 12 = 8+9+10+11 Realisasi tahun berjalan, 13 = 12/7 x 100
Tingkat capaian, 14 = 6 + 12 Realisasi Renstra s/d tahun berjalan, 15 = 14/5 x 100 Tingkat capaian
Renstra, 16 Perangkat Daerah penanggung jawab, 17 Keterangan. Columns 5-15 each have K and Rp.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from lkjip_xl import layout as lay

SHEET = "Evaluasi Renja"
PETUNJUK = "Petunjuk"
IDENTITAS = "Identitas"
RINGKASAN = "Ringkasan"
PEMERIKSAAN = lay.PEMERIKSAAN  # the same findings table as the LKjIP workbook's
DAFTAR = "Daftar"
SHEETS = (PETUNJUK, IDENTITAS, SHEET, RINGKASAN, PEMERIKSAAN, DAFTAR)

FMT_RP = lay.FMT_RP
FMT_PERSEN = lay.FMT_PERSEN
FMT_K = lay.FMT_K


class RowKind(str, Enum):
    """The kinds of row of the Renja table (the value written in the hidden Jenis column)."""

    URUSAN = "urusan"
    BIDANG = "bidang"
    PROGRAM = "program"
    INDIKATOR_PROGRAM = "indikator_program"
    KEGIATAN = "kegiatan"
    INDIKATOR_KEGIATAN = "indikator_kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"
    INDIKATOR_SUB_KEGIATAN = "indikator_sub_kegiatan"
    RATA_RATA_PROGRAM = "rata_rata_program"
    PREDIKAT_PROGRAM = "predikat_program"
    JUMLAH_OPD = "jumlah_opd"
    RATA_RATA_OPD = "rata_rata_opd"
    PREDIKAT_OPD = "predikat_opd"


INDIKATOR_KINDS = (RowKind.INDIKATOR_PROGRAM, RowKind.INDIKATOR_KEGIATAN, RowKind.INDIKATOR_SUB_KEGIATAN)
UNIT_KINDS = (RowKind.PROGRAM, RowKind.KEGIATAN, RowKind.SUB_KEGIATAN)
HEADING_KINDS = (RowKind.URUSAN, RowKind.BIDANG)
SUMMARY_KINDS = (RowKind.RATA_RATA_PROGRAM, RowKind.PREDIKAT_PROGRAM, RowKind.JUMLAH_OPD, RowKind.RATA_RATA_OPD,
                 RowKind.PREDIKAT_OPD)

#: The label each summary row carries in column 3.
LABELS = {
    RowKind.RATA_RATA_PROGRAM: "Rata-rata capaian kinerja (%)",
    RowKind.PREDIKAT_PROGRAM: "Predikat kinerja",
    RowKind.JUMLAH_OPD: "JUMLAH ANGGARAN DAN REALISASI SELURUH PROGRAM",
    RowKind.RATA_RATA_OPD: "RATA-RATA CAPAIAN KINERJA DAN ANGGARAN DARI SELURUH PROGRAM",
    RowKind.PREDIKAT_OPD: "PREDIKAT KINERJA DARI SELURUH PROGRAM",
}


@dataclass(frozen=True)
class Pair:
    """One numbered column of the form: its K and Rp sub-columns."""

    number: int
    k: str
    rp: str
    header: str


@dataclass(frozen=True)
class RenjaLayout:
    sheet: str = SHEET
    no: str = "A"
    kode: str = "B"
    uraian: str = "C"
    indikator: str = "D"
    satuan: str = "E"
    target_renstra: Pair = Pair(5, "F", "G", "Target Renstra Perangkat Daerah pada tahun {renstra_akhir} "
                                             "(akhir periode Renstra)")
    realisasi_renstra_lalu: Pair = Pair(6, "H", "I", "Realisasi capaian kinerja Renstra Perangkat Daerah s/d "
                                                     "Renja Perangkat Daerah tahun lalu ({tahun_lalu})")
    target: Pair = Pair(7, "J", "K", "Target kinerja dan anggaran Renja Perangkat Daerah tahun berjalan "
                                     "({tahun}) yang dievaluasi")
    triwulan: tuple[Pair, ...] = (Pair(8, "L", "M", "I"), Pair(9, "N", "O", "II"), Pair(10, "P", "Q", "III"),
                                  Pair(11, "R", "S", "IV"))
    realisasi: Pair = Pair(12, "T", "U", "Realisasi capaian kinerja dan anggaran Renja Perangkat Daerah yang "
                                         "dievaluasi")
    capaian: Pair = Pair(13, "V", "W", "Tingkat capaian kinerja dan realisasi anggaran Renja Perangkat Daerah "
                                       "yang dievaluasi (%)")
    realisasi_renstra: Pair = Pair(14, "X", "Y", "Realisasi kinerja dan anggaran Renstra Perangkat Daerah s/d "
                                                 "tahun {tahun} (akhir tahun pelaksanaan Renja)")
    capaian_renstra: Pair = Pair(15, "Z", "AA", "Tingkat capaian kinerja dan realisasi anggaran Renstra "
                                                "Perangkat Daerah s/d tahun {tahun} (%)")
    penanggung_jawab: str = "AB"
    keterangan: str = "AC"
    #: inputs beside the printed form: how each indicator's capaian and year are computed
    metode: str = "AD"
    realisasi_tahunan: str = "AE"
    jenis: str = "AF"  # RowKind value (hidden)
    kunci: str = "AG"  # identity of the row (hidden)
    first_column: str = "A"
    last_printed: str = "AC"
    last_column: str = "AG"
    title_rows: int = 4
    header_first: int = 6  # headers: 6 (titles), 7 (I..IV), 8 (K / Rp), 9 (legend numbers)
    legend_row: int = 9
    first_data_row: int = 10

    # -- the column groups ---------------------------------------------------------------------
    def k_inputs(self) -> tuple[str, ...]:
        return (self.target_renstra.k, self.realisasi_renstra_lalu.k, self.target.k,
                *(q.k for q in self.triwulan))

    def rp_inputs(self) -> tuple[str, ...]:
        return (self.target_renstra.rp, self.realisasi_renstra_lalu.rp, self.target.rp,
                *(q.rp for q in self.triwulan))

    def rp_summed(self) -> tuple[str, ...]:
        """The Rp columns a parent row (program, kegiatan with sub-kegiatan, OPD) sums."""
        return (*self.rp_inputs(), self.realisasi.rp, self.realisasi_renstra.rp)

    def percent_columns(self) -> tuple[str, ...]:
        return (self.capaian.k, self.capaian.rp, self.capaian_renstra.k, self.capaian_renstra.rp)

    def pairs(self) -> tuple[Pair, ...]:
        return (self.target_renstra, self.realisasi_renstra_lalu, self.target, *self.triwulan, self.realisasi,
                self.capaian, self.realisasi_renstra, self.capaian_renstra)

    # -- what each kind of row holds -----------------------------------------------------------
    def input_columns(self, kind: RowKind, parent: bool = False) -> tuple[str, ...]:
        """Cells staff type into. ``parent``: a kegiatan with sub-kegiatan (its Rp are sums)."""
        if kind in INDIKATOR_KINDS:
            return (*self.k_inputs(), self.metode, self.realisasi_tahunan)
        if kind is RowKind.SUB_KEGIATAN or (kind is RowKind.KEGIATAN and not parent):
            return self.rp_inputs()
        return ()

    def label_columns(self, kind: RowKind) -> tuple[str, ...]:
        """Structure text (kode, names): unlocked so a typo can be fixed, not an input."""
        if kind in UNIT_KINDS:
            return (self.kode, self.uraian, self.penanggung_jawab, self.keterangan)
        if kind in INDIKATOR_KINDS:
            return (self.indikator, self.satuan, self.keterangan)
        if kind in HEADING_KINDS:
            return (self.kode, self.uraian)
        return (self.uraian,)

    def formula_columns(self, kind: RowKind, parent: bool = False) -> tuple[str, ...]:
        """Cells that hold a formula in a row of this kind."""
        if kind in INDIKATOR_KINDS:
            return (self.realisasi.k, self.capaian.k, self.realisasi_renstra.k, self.capaian_renstra.k)
        k_avg = (self.capaian.k, self.capaian_renstra.k)
        rates = (self.capaian.rp, self.capaian_renstra.rp)
        if kind is RowKind.SUB_KEGIATAN or (kind is RowKind.KEGIATAN and not parent):
            return (self.realisasi.rp, self.realisasi_renstra.rp, *k_avg, *rates)
        if kind in (RowKind.KEGIATAN, RowKind.PROGRAM, RowKind.JUMLAH_OPD):
            sums = self.rp_summed()
            return (*sums, *rates) if kind is RowKind.JUMLAH_OPD else (*sums, *k_avg, *rates)
        if kind in (RowKind.RATA_RATA_PROGRAM, RowKind.PREDIKAT_PROGRAM, RowKind.RATA_RATA_OPD,
                    RowKind.PREDIKAT_OPD):
            return self.percent_columns()
        return ()


LAYOUT = RenjaLayout()

# -- defined names -------------------------------------------------------------------------------------
#: The data block of the Renja table (its presence is what makes a workbook a Renja workbook).
NAME_TABLE = "RENJA_TABEL"
#: OPD figures (cells of the JUMLAH and RATA-RATA rows), for the summary and anyone's own formula.
NAME_TOTALS = {
    "pagu": "RENJA_PAGU",
    "realisasi_rp": "RENJA_REALISASI_RP",
    "serapan": "RENJA_SERAPAN",
    "rata_rata_k": "RENJA_RATA_RATA_K",
    "rata_rata_rp": "RENJA_RATA_RATA_RP",
    "predikat_k": "RENJA_PREDIKAT_K",
    "predikat_rp": "RENJA_PREDIKAT_RP",
}
#: Realisasi Rp of the OPD per triwulan: RENJA_REALISASI_RP_TW1 .. TW4.
NAME_TRIWULAN_RP = "RENJA_REALISASI_RP_TW{n}"
NAME_DAFTAR_METODE = "RENJA_DAFTAR_METODE"
NAME_DAFTAR_TAHUNAN = "RENJA_DAFTAR_REALISASI_TAHUNAN"


@dataclass(frozen=True)
class Field:
    key: str  # attribute path in the model: "opd", "disusun.nama"
    label: str
    name: str  # defined name of the value cell
    number_format: str | None = None
    required: bool = False


IDENTITAS_FIELDS = (
    Field("pemerintah_daerah", "Pemerintah daerah", "RENJA_PEMERINTAH_DAERAH", required=True),
    Field("opd", "Perangkat Daerah (OPD)", "RENJA_OPD", required=True),
    Field("tahun", "Tahun Renja yang dievaluasi", "RENJA_TAHUN", lay.FMT_TAHUN, required=True),
    Field("triwulan", "Triwulan berjalan (1-4: triwulan terakhir yang dilaporkan)", "RENJA_TRIWULAN", "0",
          required=True),
    Field("renstra_awal", "Periode Renstra: tahun awal", "RENJA_RENSTRA_AWAL", lay.FMT_TAHUN),
    Field("renstra_akhir", "Periode Renstra: tahun akhir", "RENJA_RENSTRA_AKHIR", lay.FMT_TAHUN),
    Field("sasaran", "Sasaran pembangunan tahunan", "RENJA_SASARAN"),
    Field("kota", "Tempat penandatanganan", "RENJA_KOTA"),
    Field("tanggal", "Tanggal", "RENJA_TANGGAL"),
    Field("sumber", "Sumber data", "RENJA_SUMBER"),
    Field("disusun.jabatan", "Disusun oleh: jabatan", "RENJA_DISUSUN_JABATAN"),
    Field("disusun.nama", "Disusun oleh: nama", "RENJA_DISUSUN_NAMA"),
    Field("disusun.nip", "Disusun oleh: NIP", "RENJA_DISUSUN_NIP"),
    Field("dievaluasi.jabatan", "Dievaluasi oleh: jabatan", "RENJA_DIEVALUASI_JABATAN"),
    Field("dievaluasi.nama", "Dievaluasi oleh: nama", "RENJA_DIEVALUASI_NAMA"),
    Field("dievaluasi.nip", "Dievaluasi oleh: NIP", "RENJA_DIEVALUASI_NIP"),
)
INTEGER_FIELDS = ("tahun", "triwulan", "renstra_awal", "renstra_akhir")

#: The text rows under the table: (model key, label, defined name of the input cell).
TEXT_ROWS = (
    ("faktor_pendorong", "Faktor pendorong keberhasilan pencapaian kinerja", "RENJA_FAKTOR_PENDORONG"),
    ("faktor_penghambat", "Faktor penghambat pencapaian kinerja", "RENJA_FAKTOR_PENGHAMBAT"),
    ("tindak_lanjut_triwulan", "Tindak lanjut yang diperlukan dalam triwulan berikutnya", "RENJA_TINDAK_LANJUT_TRIWULAN"),
    ("tindak_lanjut_renja", "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya",
     "RENJA_TINDAK_LANJUT_RENJA"),
)

RINGKASAN_FIELDS = (
    ("pagu", "Pagu anggaran seluruh program (Rp)", FMT_RP),
    ("realisasi_rp", "Realisasi anggaran s/d triwulan berjalan (Rp)", FMT_RP),
    ("serapan", "Serapan anggaran (%)", FMT_PERSEN),
    ("rata_rata_k", "Rata-rata capaian kinerja seluruh program (%)", FMT_PERSEN),
    ("predikat_k", "Predikat kinerja", None),
    ("rata_rata_rp", "Rata-rata capaian anggaran seluruh program (%)", FMT_PERSEN),
    ("predikat_rp", "Predikat anggaran", None),
)

__all__ = [
    "DAFTAR", "FMT_K", "FMT_PERSEN", "FMT_RP", "Field", "HEADING_KINDS", "IDENTITAS", "IDENTITAS_FIELDS",
    "INDIKATOR_KINDS", "INTEGER_FIELDS", "LABELS", "LAYOUT", "NAME_DAFTAR_METODE", "NAME_DAFTAR_TAHUNAN",
    "NAME_TABLE", "NAME_TOTALS", "NAME_TRIWULAN_RP", "PEMERIKSAAN", "PETUNJUK", "Pair", "RINGKASAN",
    "RINGKASAN_FIELDS", "RenjaLayout", "RowKind", "SHEET", "SHEETS", "SUMMARY_KINDS", "TEXT_ROWS",
    "UNIT_KINDS",
]
