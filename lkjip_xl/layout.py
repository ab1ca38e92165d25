"""Where everything is in the workbook: sheets, columns, row kinds, defined names.

The writer, the reader and the checks all take their cell addresses from here; no other module
names a column letter or a sheet of its own. Data blocks whose size depends on the report are found
through defined names, which Excel keeps up to date when staff insert or delete rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


# -- sheet names ----------------------------------------------------------------------------------
PETUNJUK = "Petunjuk"
IDENTITAS = "Identitas"
DATA_UMUM = "Data Umum"
PERJANJIAN = "Perjanjian Kinerja"
PENGUKURAN = "Pengukuran Kinerja"
REKAP = "Rekap Kegiatan"
ANGGARAN = "Anggaran"
RINGKASAN = "Ringkasan"
PEMERIKSAAN = "Pemeriksaan"
DAFTAR = "Daftar"
XLWINGS_CONF = "xlwings.conf"  # only in .xlsm workbooks: the settings of the Recalculate button

SHEETS = (PETUNJUK, IDENTITAS, DATA_UMUM, PERJANJIAN, PENGUKURAN, REKAP, ANGGARAN, RINGKASAN,
          PEMERIKSAAN, DAFTAR)

# -- number formats (stored in Excel's invariant notation; Excel shows them with the separators of
# the computer's regional settings, which in an Indonesian office are "." for thousands and "," for
# decimals: 1.051.756.000 and 99,87) --------------------------------------------------------------
FMT_RP = "#,##0"
FMT_PERSEN = "#,##0.00"
FMT_K = "#,##0.####"
FMT_JUMLAH = "#,##0"
FMT_TAHUN = "0"

# -- the template's named blocks -------------------------------------------------------------------
#: Defined name of each sheet's block of style rows (one row per row kind, in ``kinds`` order).
STYLE_BLOCK = "LKJIP_GAYA_{sheet_id}"

@dataclass(frozen=True)
class YearColumns:
    target: str
    pagu: str
    realisasi: str
    realisasi_rp: str
    capaian_k: str
    capaian_rp: str
    target_max: str  # upper bound of a range target (metode rentang); lower bound is ``target``


class RekapKind(str, Enum):
    """The kinds of row of the Rekap Kegiatan sheet, in the order of the template's style block."""

    KELOMPOK = "kelompok"
    PROGRAM = "program"
    INDIKATOR_PROGRAM = "indikator_program"
    KEGIATAN = "kegiatan"
    INDIKATOR_KEGIATAN = "indikator_kegiatan"
    RATA_RATA_PROGRAM = "rata_rata_program"
    RATA_RATA_KELOMPOK = "rata_rata_kelompok"
    JUMLAH_KELOMPOK = "jumlah_kelompok"
    RATA_RATA_OPD = "rata_rata_opd"
    JUMLAH_OPD = "jumlah_opd"
    TOTAL_RATA_RATA_OPD = "total_rata_rata_opd"


INDIKATOR_KINDS = (RekapKind.INDIKATOR_PROGRAM, RekapKind.INDIKATOR_KEGIATAN)

#: The label each summary row carries in the Program / Kegiatan column.
REKAP_LABELS = {
    RekapKind.RATA_RATA_PROGRAM: "Rata-rata capaian kinerja kegiatan",
    RekapKind.RATA_RATA_KELOMPOK: "RATA-RATA CAPAIAN KINERJA KEGIATAN {nama}",
    RekapKind.JUMLAH_KELOMPOK: "JUMLAH & RATA-RATA CAPAIAN KINERJA PROGRAM {nama}",
    RekapKind.RATA_RATA_OPD: "RATA-RATA CAPAIAN KINERJA KEGIATAN OPD",
    RekapKind.JUMLAH_OPD: "JUMLAH ANGGARAN DAN REALISASI SELURUH PROGRAM",
    RekapKind.TOTAL_RATA_RATA_OPD: "TOTAL RATA-RATA KINERJA DAN ANGGARAN DARI SELURUH PROGRAM OPD",
}


@dataclass(frozen=True)
class RekapLayout:
    sheet: str = REKAP
    sheet_id: str = "REKAP"
    kode: str = "A"
    uraian: str = "B"
    indikator: str = "C"
    satuan: str = "D"
    metode: str = "E"
    years: dict[str, YearColumns] = field(default_factory=lambda: {
        "dasar": YearColumns("F", "G", "H", "I", "J", "K", "S"),
        "laporan": YearColumns("L", "M", "N", "O", "P", "Q", "T"),
    })
    predikat: str = "R"  # predikat of the reported year's capaian K
    jenis: str = "U"  # RekapKind value
    kunci: str = "V"  # identity of the row: program kode, program/kegiatan kode, ...#n for indicators
    first_column: str = "A"
    last_column: str = "V"
    kinds: tuple[RekapKind, ...] = tuple(RekapKind)

    def input_columns(self, kind: RekapKind) -> tuple[str, ...]:
        if kind in INDIKATOR_KINDS:
            cols = [self.metode]
            for y in self.years.values():
                cols += [y.target, y.realisasi, y.target_max]
            return tuple(cols)
        if kind is RekapKind.KEGIATAN:
            return tuple(c for y in self.years.values() for c in (y.pagu, y.realisasi_rp))
        return ()

    def label_columns(self, kind: RekapKind) -> tuple[str, ...]:
        if kind in (RekapKind.PROGRAM, RekapKind.KEGIATAN):
            return (self.kode, self.uraian)
        if kind in INDIKATOR_KINDS:
            return (self.indikator, self.satuan)
        return (self.uraian,)

    def formula_columns(self, kind: RekapKind) -> tuple[str, ...]:
        """Columns that hold a formula in a row of this kind (both years, then predikat)."""
        cols: list[str] = []
        for y in self.years.values():
            if kind in INDIKATOR_KINDS:
                cols += [y.capaian_k]
            elif kind is RekapKind.KEGIATAN:
                cols += [y.capaian_k, y.capaian_rp]
            elif kind in (RekapKind.PROGRAM, RekapKind.JUMLAH_KELOMPOK):
                cols += [y.pagu, y.realisasi_rp, y.capaian_k, y.capaian_rp]
            elif kind is RekapKind.JUMLAH_OPD:
                cols += [y.pagu, y.realisasi_rp, y.capaian_rp]
            elif kind in (RekapKind.RATA_RATA_PROGRAM, RekapKind.RATA_RATA_KELOMPOK,
                          RekapKind.RATA_RATA_OPD, RekapKind.TOTAL_RATA_RATA_OPD):
                cols += [y.capaian_k, y.capaian_rp]
        if kind is not RekapKind.KELOMPOK and kind is not RekapKind.JUMLAH_OPD:
            cols.append(self.predikat)
        return tuple(cols)


REKAP_LAYOUT = RekapLayout()

# -- defined names ----------------------------------------------------------------------------------
NAME_REKAP_TABLE = "REKAP_TABEL"  # the whole data block of Rekap Kegiatan
#: OPD totals of the Rekap, per year: TOTAL_PAGU_LAPORAN, RATA_RATA_K_DASAR, ...
NAME_REKAP_TOTALS = {
    "pagu": "TOTAL_PAGU_{year}",
    "realisasi_rp": "TOTAL_REALISASI_RP_{year}",
    "capaian_rp": "SERAPAN_{year}",
    "rata_rata_k": "RATA_RATA_KEGIATAN_K_{year}",
    "rata_rata_rp": "RATA_RATA_KEGIATAN_RP_{year}",
    "total_rata_rata_k": "TOTAL_RATA_RATA_K_{year}",
    "total_rata_rata_rp": "TOTAL_RATA_RATA_RP_{year}",
}
NAME_SKALA_SAKIP = "SKALA_SAKIP"
NAME_SKALA_BPK = "SKALA_BPK"
NAME_DAFTAR_METODE = "DAFTAR_METODE"


def year_label(year: str) -> str:
    return year.upper()


# -- the other sheets: tables of columns, stacked from the sheet's block start ------------------------
class Kind(str, Enum):
    """What a cell of a table is: its style (one style row each in the template's block, column A)
    and its protection (a label or an input cell is unlocked, every other kind locked)."""

    JUDUL = "judul"  # a table's title
    HEADER = "header"  # a table's column headers
    LABEL = "label"  # structure text (kode, names): unlocked so a typo can be fixed, not an input
    INPUT = "input"  # typed by staff: unlocked, marked with the input style
    FORMULA = "formula"  # computed: locked
    JUMLAH = "jumlah"  # a total row (label and formula cells)


@dataclass(frozen=True)
class Column:
    key: str
    letter: str
    header: str
    role: Kind
    number_format: str | None = None
    width: float | None = None


@dataclass(frozen=True)
class Table:
    """A table: title row, header row, data rows (one per item), optionally a total row.

    ``name`` is the defined name of its data rows (all columns), so the reader finds it after rows
    were inserted above it.
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    total_label: str | None = None
    #: keys of the columns that the total row sums
    total_columns: tuple[str, ...] = ()

    def col(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def letter(self, key: str) -> str:
        return self.col(key).letter


@dataclass(frozen=True)
class Field:
    """A labelled single value (key-value sheets such as Identitas and Anggaran)."""

    key: str
    label: str
    role: Kind
    name: str  # defined name of the value cell
    number_format: str | None = None


_LABEL, _INPUT, _FORMULA = Kind.LABEL, Kind.INPUT, Kind.FORMULA
#: (label column, value column) of the labelled single values of a sheet; default ("A", "B").
FIELD_COLUMNS = {DATA_UMUM: ("B", "C"), RINGKASAN: ("B", "C")}

#: Fill colours of the cells Hitung Ulang reports on, by severity (Severity.value): red, amber and
#: purple, far from the input yellow, the predikat colours and the template's own fills; Petunjuk
#: shows them as its legend and Pemeriksaan colours its Tingkat column with them.
FINDING_COLORS = {"kesalahan": "FF5050", "peringatan": "FFA500", "catatan": "B18CE6"}

IDENTITAS_FIELDS = (
    Field("pemerintah_daerah", "Pemerintah daerah", _INPUT, "PEMERINTAH_DAERAH"),
    Field("instansi", "Instansi / OPD", _INPUT, "INSTANSI"),
    Field("tahun_laporan", "Tahun laporan", _INPUT, "TAHUN_LAPORAN", FMT_TAHUN),
    Field("tahun_dasar", "Tahun dasar (pembanding)", _INPUT, "TAHUN_DASAR", FMT_TAHUN),
    Field("kota", "Tempat penandatanganan", _INPUT, "KOTA"),
    Field("tanggal", "Tanggal", _INPUT, "TANGGAL"),
    Field("sumber", "Sumber data", _INPUT, "SUMBER"),
    Field("status", "Status laporan (draf / final)", _INPUT, "STATUS_LAPORAN"),
)
#: The values of Status laporan: while filling in, and when complete.
STATUS_VALUES = ("draf", "final")

KELURAHAN_TABLE = Table(
    "DATA_KELURAHAN", "Tabel 1.1 Data Kelurahan",
    (Column("no", "A", "No", _LABEL, "0"), Column("nama", "B", "Kelurahan", _LABEL),
     Column("jumlah_rt_rw", "C", "Jumlah RT dan RW", _INPUT, FMT_JUMLAH),
     Column("rt", "D", "RT", _INPUT, FMT_JUMLAH), Column("rw", "E", "RW", _INPUT, FMT_JUMLAH)),
    total_label="Jumlah", total_columns=("jumlah_rt_rw", "rt", "rw"),
)
LUAS_WILAYAH = Field("luas_wilayah_km2", "Luas wilayah (km²)", _INPUT, "LUAS_WILAYAH", "#,##0.00")
SDM_TABLES = {
    name: Table(
        f"SDM_{name.upper()}", f"Kondisi SDM menurut {name}",
        (Column("no", "A", "No", _LABEL, "0"), Column("jenjang", "B", "Jenjang", _LABEL),
         Column("jumlah", "C", "Jumlah (orang)", _INPUT, FMT_JUMLAH)),
        total_label="Jumlah", total_columns=("jumlah",),
    )
    for name in ("pendidikan", "pangkat", "eselon")
}
JUMLAH_PEGAWAI = Field("jumlah_pegawai", "Jumlah pegawai (menurut laporan)", _INPUT, "JUMLAH_PEGAWAI", FMT_JUMLAH)

PK_TABLE = Table(
    "PK_TABEL", "Tabel 2.1 Perjanjian Kinerja",
    (Column("no", "A", "No", _LABEL, "0"), Column("sasaran", "B", "Sasaran", _LABEL),
     Column("kode", "C", "Kode", _LABEL), Column("uraian", "D", "Indikator sasaran", _LABEL),
     Column("satuan", "E", "Satuan", _LABEL), Column("metode", "F", "Metode", _INPUT),
     Column("target", "G", "Target", _INPUT, FMT_K),
     Column("target_max", "H", "Batas atas target (rentang)", _INPUT, FMT_K)),
)
PENGUKURAN_TABLE = Table(
    "PENGUKURAN_TABEL", "Tabel 3.1 Pengukuran Sasaran Strategis",
    (Column("no", "A", "No", _LABEL, "0"), Column("sasaran", "B", "Sasaran strategis", _LABEL),
     Column("kode", "C", "Kode", _LABEL), Column("uraian", "D", "Indikator sasaran", _LABEL),
     Column("satuan", "E", "Satuan", _LABEL), Column("metode", "F", "Metode", _INPUT),
     Column("target", "G", "Target", _INPUT, FMT_K),
     Column("target_max", "H", "Batas atas target (rentang)", _INPUT, FMT_K),
     Column("realisasi", "I", "Realisasi", _INPUT, FMT_K),
     Column("capaian", "J", "Capaian (%)", _FORMULA, FMT_PERSEN),
     Column("predikat", "K", "Predikat", _FORMULA)),
)
FORMULA_TABLE = Table(
    "FORMULA_INDIKATOR", "Formula indikator (pembilang / penyebut x 100 %)",
    (Column("no", "A", "No", _LABEL, "0"), Column("uraian", "B", "Indikator", _LABEL),
     Column("program", "C", "Program", _LABEL), Column("pembilang", "D", "Pembilang", _LABEL),
     Column("penyebut", "E", "Penyebut", _LABEL), Column("kode", "F", "Kode indikator sasaran", _LABEL),
     Column("satuan", "G", "Satuan", _LABEL),
     Column("nilai_pembilang", "H", "Nilai pembilang", _INPUT, FMT_K),
     Column("nilai_penyebut", "I", "Nilai penyebut", _INPUT, FMT_K),
     Column("hasil", "J", "Hasil (%)", _FORMULA, FMT_PERSEN)),
)

ANGGARAN_FIELDS = (
    Field("btl", "Belanja tidak langsung (BTL)", _INPUT, "ANGGARAN_BTL", FMT_RP),
    Field("bl", "Belanja langsung (BL)", _INPUT, "ANGGARAN_BL", FMT_RP),
    Field("total", "Total anggaran (BTL + BL)", _FORMULA, "ANGGARAN_TOTAL", FMT_RP),
    Field("realisasi_btl", "Realisasi BTL", _INPUT, "ANGGARAN_REALISASI_BTL", FMT_RP),
    Field("realisasi_bl", "Realisasi BL", _INPUT, "ANGGARAN_REALISASI_BL", FMT_RP),
    Field("realisasi", "Realisasi belanja (BTL + BL)", _INPUT, "ANGGARAN_REALISASI", FMT_RP),
    Field("serapan", "Serapan anggaran (%)", _FORMULA, "ANGGARAN_SERAPAN", FMT_PERSEN),
    Field("saldo", "Saldo pagu anggaran", _FORMULA, "ANGGARAN_SALDO", FMT_RP),
    Field("saldo_persen", "Saldo (%)", _FORMULA, "ANGGARAN_SALDO_PERSEN", FMT_PERSEN),
    Field("pagu_rekap", "Pagu seluruh program menurut Rekap Kegiatan", _FORMULA, "ANGGARAN_PAGU_REKAP", FMT_RP),
)
RINCIAN_TABLE = Table(
    "ANGGARAN_RINCIAN", "Rincian lain",
    (Column("uraian", "A", "Uraian", _LABEL), Column("nilai", "B", "Nilai (Rp)", _INPUT, FMT_RP)),
)

RINGKASAN_PROGRAM_TABLE = Table(
    "RINGKASAN_PROGRAM", "Capaian per program (tahun laporan)",
    (Column("kode", "A", "Kode", _FORMULA), Column("nama", "B", "Program", _FORMULA),
     Column("capaian_k", "C", "Capaian kinerja (%)", _FORMULA, FMT_PERSEN),
     Column("capaian_rp", "D", "Serapan anggaran (%)", _FORMULA, FMT_PERSEN),
     Column("predikat", "E", "Predikat", _FORMULA)),
)
RINGKASAN_SASARAN_TABLE = Table(
    "RINGKASAN_SASARAN", "Capaian per sasaran (tahun laporan)",
    (Column("kode", "A", "Kode", _FORMULA), Column("uraian", "B", "Indikator sasaran", _FORMULA),
     Column("capaian_k", "C", "Capaian (%)", _FORMULA, FMT_PERSEN), Column("predikat", "D", "Predikat", _FORMULA)),
)
#: The headline figures, each the same number as the Rekap's or Anggaran's cell it names, and labelled
#: with what it averages or divides (an OPD has two serapan and two averages, which differ).
RINGKASAN_FIELDS = (
    Field("rata_rata_program", "Rata-rata capaian kinerja program (%)\nrata-rata capaian program per kelompok; "
          "= baris TOTAL RATA-RATA KINERJA di Rekap Kegiatan", _FORMULA, "RINGKASAN_RATA_RATA_PROGRAM", FMT_PERSEN),
    Field("predikat", "Predikat capaian kinerja program", _FORMULA, "RINGKASAN_PREDIKAT"),
    Field("rata_rata_k", "Rata-rata capaian kinerja kegiatan (%)\nrata-rata capaian kegiatan per program dan "
          "kelompok; = baris RATA-RATA CAPAIAN KINERJA KEGIATAN OPD di Rekap Kegiatan", _FORMULA, "RINGKASAN_RATA_RATA_K",
          FMT_PERSEN),
    Field("pagu", "Pagu seluruh program (Rp)\n= baris JUMLAH ANGGARAN di Rekap Kegiatan", _FORMULA, "RINGKASAN_PAGU",
          FMT_RP),
    Field("realisasi_rp", "Realisasi seluruh program (Rp)\n= baris JUMLAH ANGGARAN di Rekap Kegiatan", _FORMULA,
          "RINGKASAN_REALISASI", FMT_RP),
    Field("serapan", "Serapan anggaran program (%)\nrealisasi / pagu seluruh program; = baris JUMLAH ANGGARAN "
          "di Rekap Kegiatan", _FORMULA, "RINGKASAN_SERAPAN", FMT_PERSEN),
    Field("serapan_opd", "Serapan anggaran OPD (%)\nrealisasi belanja / total anggaran BTL + BL; = sheet Anggaran",
          _FORMULA, "RINGKASAN_SERAPAN_OPD", FMT_PERSEN),
)
#: Filled by Recalculate: counts of findings by severity.
RINGKASAN_PEMERIKSAAN_FIELDS = (
    Field("error", "Pemeriksaan: kesalahan", _FORMULA, "PEMERIKSAAN_ERROR", "0"),
    Field("peringatan", "Pemeriksaan: peringatan", _FORMULA, "PEMERIKSAAN_PERINGATAN", "0"),
    Field("info", "Pemeriksaan: catatan", _FORMULA, "PEMERIKSAAN_INFO", "0"),
    Field("waktu", "Pemeriksaan terakhir", _FORMULA, "PEMERIKSAAN_WAKTU"),
)

#: The findings, one row each, written by Hitung Ulang (widths: the template's, and what the row
#: heights it sets are measured against).
PEMERIKSAAN_TABLE = Table(
    "PEMERIKSAAN_TABEL", "Hasil pemeriksaan",
    (Column("no", "A", "No", _FORMULA, "0", 5), Column("tingkat", "B", "Tingkat", _FORMULA, None, 11),
     Column("sheet", "C", "Sheet", _FORMULA, None, 17), Column("sel", "D", "Sel", _FORMULA, None, 10),
     Column("aturan", "E", "Aturan", _FORMULA, None, 19), Column("pesan", "F", "Pesan", _FORMULA, None, 62),
     Column("seharusnya", "G", "Seharusnya", _FORMULA, None, 17), Column("tertulis", "H", "Tertulis", _FORMULA, None, 17),
     Column("warna_asli", "I", "Warna asli", _FORMULA, None, 10), Column("tautan", "J", "Buka", _FORMULA, None, 7)),
)

DAFTAR_COLUMNS = {"metode": "A", "sakip": "C", "bpk": "E", "predikat": "G"}

#: Each simple sheet: its id in defined names and the kinds of its style block.
SIMPLE_SHEETS = {
    IDENTITAS: "IDENTITAS", DATA_UMUM: "DATA_UMUM", PERJANJIAN: "PERJANJIAN",
    PENGUKURAN: "PENGUKURAN", ANGGARAN: "ANGGARAN", RINGKASAN: "RINGKASAN",
    PEMERIKSAAN: "PEMERIKSAAN",
}


def style_block_name(sheet: str) -> str:
    sheet_id = REKAP_LAYOUT.sheet_id if sheet == REKAP else SIMPLE_SHEETS[sheet]
    return STYLE_BLOCK.format(sheet_id=sheet_id)
