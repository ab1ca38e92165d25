"""The workbook template: how the shipped ``workbook_templates/lkjip.xlsx`` is made, and how to find it.

The template holds everything a person may want to restyle: titles, the header blocks, fonts,
colours, column widths, print setup, and on each sheet a *style block*: one row per kind of row
(program, kegiatan, input cell, total row, ...) whose look the generator copies to every row of that
kind. The block is found through a defined name (``LKJIP_GAYA_<SHEET>``), so it can move. An office
can open the template in Excel, change it, and keep generating from it (``--template``).

``python -m lkjip_xl.template workbook_templates/lkjip.xlsx`` writes the default template again.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl import layout as lay
from lkjip_xl import xlformulas as xf
from lkjip_xl.layout import REKAP_LAYOUT, Kind, RekapKind
from lkjip_xl.rules import HIJAU, KUNING, MERAH, PERMENDAGRI_86_2017
from lkjip_xl.sheetutil import fit_row_height
from lkjip_xl.xlformulas import quote_sheet
from openpyxl.utils import column_index_from_string, get_column_letter

TEMPLATE_NAME = "lkjip.xlsx"

# Colours of the default template (the legend on Petunjuk describes them).
INPUT_FILL = "FFF2CC"  # light yellow: cells to fill in
FORMULA_FILL = "F2F2F2"  # light grey: computed, protected
HEADER_FILL = "DDEBF7"
KELOMPOK_FILL = "BDD7EE"
PROGRAM_FILL = "E2EFDA"
RATA_FILL = "EDEDED"
JUMLAH_FILL = "FCE4D6"

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FONT = "Arial"


def default_template_path() -> Path:
    """The template shipped with the package (or, in a source checkout, the repository's)."""
    try:
        candidate = resources.files("lkjip_xl.workbook_templates") / TEMPLATE_NAME
        if candidate.is_file():
            return Path(str(candidate))
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "workbook_templates" / TEMPLATE_NAME


def _fill(color: str | None) -> PatternFill:
    return PatternFill("solid", fgColor=color) if color else PatternFill()


def _style(cell, *, bold=False, italic=False, size=10, fill=None, fmt=None, wrap=True,
           align=None, border=True, locked=True) -> None:
    """``align`` None is Excel's general alignment: numbers to the right, text to the left."""
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.fill = _fill(fill)
    cell.alignment = Alignment(horizontal=align, vertical="top", wrap_text=wrap)
    if border:
        cell.border = BORDER
    if fmt:
        cell.number_format = fmt
    cell.protection = Protection(locked=locked)


def _title(ws: Worksheet, row: int, text: str, last_col: str, size: int = 12) -> None:
    ws[f"A{row}"] = text
    _style(ws[f"A{row}"], bold=True, size=size, wrap=False, border=False, align="center")
    ws.merge_cells(f"A{row}:{last_col}{row}")


def _name(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheet(sheet)}!{ref}")


def page_setup(ws: Worksheet, header_rows: str | None = None, landscape: bool = True, *, margin: float = 0.4,
               paper: int | None = None) -> None:
    """A sheet printed as offices print their forms: A4 (or ``paper``), one page wide, centred,
    "Halaman n dari m" below, ``header_rows`` repeated on every page."""
    ws.page_setup.paperSize = paper or ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = margin
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "Halaman &P dari &N"
    if header_rows:
        ws.print_title_rows = header_rows


def protect(ws: Worksheet, password: str | None = None) -> None:
    """Lock the sheet but for its input cells; staff may still size columns and rows, colour
    cells, filter, and insert or delete rows."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # staff may still widen a column that shows ####
    ws.protection.formatRows = False
    ws.protection.formatCells = False  # and Recalculate may colour the cells it reports on
    ws.protection.autoFilter = False
    allow_rows(ws)
    if password:
        ws.protection.set_password(password)


def band_colours(ws: Worksheet, rng: str, bands: Any) -> None:
    """Colour each capaian cell of ``rng`` by the band (predikat) its value falls in, as a
    conditional format: the colour follows the value when staff change an input."""
    first = rng.split(":")[0]
    for band in bands:
        if not band.warna:
            continue
        conds = [f"ISNUMBER({first})"]
        if band.lower is not None:
            conds.append(f"{first}{'>=' if band.lower_inclusive else '>'}{xf.number(band.lower)}")
        if band.upper is not None:
            conds.append(f"{first}{'<=' if band.upper_inclusive else '<'}{xf.number(band.upper)}")
        fill = PatternFill("solid", fgColor=BAND_FILLS[band.warna], bgColor=BAND_FILLS[band.warna])
        ws.conditional_formatting.add(rng, FormulaRule(formula=[f"AND({','.join(conds)})"], fill=fill))


def allow_rows(ws: Worksheet) -> None:
    """Staff may insert and delete rows while the sheet is protected (a row to delete must hold no
    locked cell: Excel and LibreOffice refuse it otherwise; Petunjuk says how)."""
    ws.protection.insertRows = False
    ws.protection.deleteRows = False


# -- Rekap Kegiatan -----------------------------------------------------------------------------------
REKAP_FIRST_DATA_ROW = 8
_REKAP_KIND_LOOK = {
    RekapKind.KELOMPOK: dict(bold=True, fill=KELOMPOK_FILL),
    RekapKind.PROGRAM: dict(bold=True, fill=PROGRAM_FILL),
    RekapKind.INDIKATOR_PROGRAM: dict(italic=True),
    RekapKind.KEGIATAN: dict(bold=True),
    RekapKind.INDIKATOR_KEGIATAN: dict(),
    RekapKind.RATA_RATA_PROGRAM: dict(bold=True, italic=True, fill=RATA_FILL),
    RekapKind.RATA_RATA_KELOMPOK: dict(bold=True, fill=RATA_FILL),
    RekapKind.JUMLAH_KELOMPOK: dict(bold=True, fill=JUMLAH_FILL),
    RekapKind.RATA_RATA_OPD: dict(bold=True, fill=RATA_FILL),
    RekapKind.JUMLAH_OPD: dict(bold=True, fill=JUMLAH_FILL),
    RekapKind.TOTAL_RATA_RATA_OPD: dict(bold=True, fill=JUMLAH_FILL),
}


def _rekap_format(column: str) -> str | None:
    for y in REKAP_LAYOUT.years.values():
        if column in (y.pagu, y.realisasi_rp):
            return lay.FMT_RP
        if column in (y.capaian_k, y.capaian_rp):
            return lay.FMT_PERSEN
        if column in (y.target, y.realisasi, y.target_max):
            return lay.FMT_K
    return None


def _columns(first: str, last: str) -> list[str]:
    return [get_column_letter(i) for i in range(column_index_from_string(first), column_index_from_string(last) + 1)]


def _rekap_sheet(wb: Workbook) -> None:
    L = REKAP_LAYOUT
    ws = wb.create_sheet(L.sheet)
    last_visible = L.predikat
    _title(ws, 1, "LAPORAN REKAPITULASI KEMAJUAN PELAKSANAAN KEGIATAN {instansi}", last_visible, 13)
    _title(ws, 2, "{pemerintah_daerah} - TAHUN ANGGARAN {tahun_laporan}", last_visible, 11)
    d, r = L.years["dasar"], L.years["laporan"]
    top = {L.kode: "Kode Rekening", L.uraian: "Program / Kegiatan",
           L.indikator: "Indikator Kinerja Program (outcome) / Kegiatan (output)", L.satuan: "Satuan",
           L.metode: "Metode capaian", d.target: "Realisasi Kinerja dan Anggaran Tahun Dasar ({tahun_dasar})",
           r.target: "Realisasi Kinerja dan Anggaran Tahun {tahun_laporan}",
           L.predikat: "Predikat capaian {tahun_laporan}", d.target_max: "Batas atas target (metode rentang)",
           L.jenis: "Jenis baris", L.kunci: "Kunci"}
    for col in _columns(L.first_column, L.last_column):
        for row in (4, 5, 6, 7):
            _style(ws[f"{col}{row}"], bold=row < 7, fill=HEADER_FILL, align="center")
    for col, text in top.items():
        ws[f"{col}4"] = text
    for y in (d, r):
        ws[f"{y.target}5"], ws[f"{y.realisasi}5"], ws[f"{y.capaian_k}5"] = (
            "Target dan Pagu Anggaran", "Realisasi Kinerja dan Anggaran", "Tingkat Capaian Kinerja dan Anggaran (%)")
        for a, b in ((y.target, y.pagu), (y.realisasi, y.realisasi_rp), (y.capaian_k, y.capaian_rp)):
            ws[f"{a}6"], ws[f"{b}6"] = "K", "Rp"
            ws.merge_cells(f"{a}5:{b}5")
        ws.merge_cells(f"{y.target}4:{y.capaian_rp}4")
    ws[f"{d.target_max}5"], ws[f"{r.target_max}5"] = "{tahun_dasar}", "{tahun_laporan}"
    ws.merge_cells(f"{d.target_max}4:{r.target_max}4")
    for col in (L.kode, L.uraian, L.indikator, L.satuan, L.metode, L.predikat, L.jenis, L.kunci):
        ws.merge_cells(f"{col}4:{col}6")
    numbers = {L.kode: 1, L.uraian: 2, L.indikator: 3, d.target: 4, d.realisasi: 5, d.capaian_k: 6,
               r.target: 7, r.realisasi: 8, r.capaian_k: 9}
    for col, n in numbers.items():
        ws[f"{col}7"] = n
    for y in (d, r):
        for a, b in ((y.target, y.pagu), (y.realisasi, y.realisasi_rp), (y.capaian_k, y.capaian_rp)):
            ws.merge_cells(f"{a}7:{b}7")
    ws.row_dimensions[4].height = 30
    ws.row_dimensions[5].height = 42
    widths = {L.kode: 19, L.uraian: 34, L.indikator: 40, L.satuan: 8, L.metode: 11, L.predikat: 13,
              d.target_max: 10, r.target_max: 10, L.jenis: 16, L.kunci: 30}
    for y in (d, r):
        widths.update({y.target: 9, y.realisasi: 9, y.pagu: 15, y.realisasi_rp: 15, y.capaian_k: 9, y.capaian_rp: 9})
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    ws.column_dimensions[L.jenis].hidden = True
    ws.column_dimensions[L.kunci].hidden = True
    # The style block: one row per kind of row.
    start = REKAP_FIRST_DATA_ROW
    for i, kind in enumerate(L.kinds):
        row = start + i
        look = _REKAP_KIND_LOOK[kind]
        inputs = set(L.input_columns(kind))
        formulas = set(L.formula_columns(kind))
        for col in _columns(L.first_column, L.last_column):
            role = Kind.INPUT if col in inputs else Kind.FORMULA if col in formulas else Kind.LABEL
            fill = INPUT_FILL if role is Kind.INPUT else look.get("fill")
            fmt = _rekap_format(col) if col not in (L.jenis, L.kunci) else None
            align = "right" if fmt else "left"
            _style(ws[f"{col}{row}"], bold=look.get("bold", False), italic=look.get("italic", False),
                   fill=fill, fmt=fmt, align=align, locked=role is not Kind.INPUT)
        ws[f"{L.uraian}{row}"] = f"(gaya baris: {kind.value})"
        ws[f"{L.jenis}{row}"] = kind.value
    end = start + len(L.kinds) - 1
    _name(wb, lay.style_block_name(L.sheet), L.sheet, f"${L.first_column}${start}:${L.last_column}${end}")
    ws.freeze_panes = f"{L.satuan}{REKAP_FIRST_DATA_ROW}"
    page_setup(ws, header_rows="4:7")
    protect(ws)


# -- the simple sheets ---------------------------------------------------------------------------------
_KIND_LOOK = {
    Kind.JUDUL: dict(bold=True, size=11, border=False, wrap=False),
    Kind.HEADER: dict(bold=True, fill=HEADER_FILL, align="center"),
    Kind.LABEL: dict(),
    Kind.INPUT: dict(fill=INPUT_FILL, locked=False),
    Kind.FORMULA: dict(fill=FORMULA_FILL),
    Kind.JUMLAH: dict(bold=True, fill=JUMLAH_FILL),
}


def _simple_sheet(wb: Workbook, name: str, title: str, widths: dict[str, float], start: int = 4,
                  landscape: bool = True) -> Worksheet:
    ws = wb.create_sheet(name)
    last = max(widths) if widths else "F"
    _title(ws, 1, title, last)
    _title(ws, 2, "{instansi} - {pemerintah_daerah} - Tahun {tahun_laporan}", last, 10)
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    for i, kind in enumerate(Kind):
        cell = ws[f"A{start + i}"]
        look = dict(_KIND_LOOK[kind])
        _style(cell, **look)
        cell.value = f"(gaya: {kind.value})"
    _name(wb, lay.style_block_name(name), name, f"$A${start}:$A${start + len(Kind) - 1}")
    page_setup(ws, landscape=landscape)
    protect(ws)
    return ws


PETUNJUK_TEXT = [
    ("judul", "PETUNJUK PENGISIAN BUKU KERJA LKjIP"),
    ("teks", "{instansi} - {pemerintah_daerah} - Tahun {tahun_laporan}"),
    ("kosong", ""),
    ("sub", "Arti warna sel"),
    ("isian", "Kuning muda - sel isian: ketik target, realisasi, pagu dan realisasi Rp di sel berwarna ini."),
    ("rumus", "Abu-abu - sel rumus: dihitung otomatis (capaian, predikat, jumlah, rata-rata). Terkunci; jangan "
              "ditimpa."),
    ("teks", "Kode dan nama program, kegiatan dan indikator tidak terkunci: boleh diperbaiki bila salah ketik. Semua "
             "sel lain yang tidak kuning (putih, abu-abu, atau berwarna baris program, rata-rata dan jumlah) berisi "
             "rumus atau judul dan terkunci."),
    ("kosong", ""),
    ("sub", "Warna temuan (diberikan oleh Hitung Ulang pada sel yang bermasalah)"),
    ("kesalahan", "Merah - kesalahan: angka salah atau rumus rusak. Laporan belum boleh dikirim sebelum diperbaiki."),
    ("peringatan", "Jingga - peringatan: kemungkinan salah (misalnya angka diketik sebagai teks, target 0); periksa."),
    ("catatan", "Ungu - catatan: perlu diketahui, misalnya isian yang belum lengkap selama laporan masih draf."),
    ("teks", "Setiap temuan tercantum di sheet Pemeriksaan (kolom Buka membawa ke selnya). Hitung Ulang berikutnya "
             "mengembalikan warna asli sel yang sudah benar."),
    ("kosong", ""),
    ("sub", "Cara mengisi"),
    ("teks", "1. Isi sheet Identitas, Data Umum dan Perjanjian Kinerja (target)."),
    ("teks", "2. Di sheet Rekap Kegiatan, isi realisasi K (kinerja) tiap indikator dan realisasi Rp tiap kegiatan, untuk tahun dasar dan tahun laporan."),
    ("teks", "3. Di sheet Pengukuran Kinerja, isi realisasi tiap indikator sasaran, serta nilai pembilang dan penyebut formula indikator."),
    ("teks", "4. Di sheet Anggaran, isi BTL, BL dan realisasi belanja."),
    ("teks", "5. Bila semua sudah terisi, ubah Status laporan di sheet Identitas menjadi final: isian yang masih "
             "kosong lalu menjadi peringatan, bukan lagi catatan."),
    ("teks", "Angka diketik tanpa pemisah ribuan atau dengan format angka Excel biasa; jangan diketik sebagai teks."),
    ("teks", "Target berupa predikat (AA, A, BB, B, CC, C, D) atau opini BPK (WTP, WDP, TW, TMP) boleh diketik sebagai huruf."),
    ("teks", "Metode capaian: positif (makin tinggi makin baik), negatif ((2 x target - realisasi) / target), negatif_rasio (target / realisasi), rentang (isi batas bawah di kolom target dan batas atas di kolom batas atas)."),
    ("kosong", ""),
    ("sub", "Hitung Ulang (Recalculate)"),
    ("teks", "Tekan tombol Hitung Ulang (bila buku kerja ini versi .xlsm) atau jalankan: lkjip-xl recalc <file.xlsx>."),
    ("teks", "Semua angka dihitung ulang dari isian, dibandingkan dengan isi sel, dan hasilnya ditulis di sheet Pemeriksaan serta ringkasannya di sheet Ringkasan."),
    ("teks", "Pemeriksaan mencakup: rumus yang tertimpa angka, jumlah dan rata-rata di luar baris programnya, realisasi Rp di atas pagu, isian kosong atau bukan angka, dan tabel yang saling bertentangan."),
    ("teks", "Rumus yang tertimpa angka tidak diganti diam-diam: dilaporkan di sheet Pemeriksaan. Tombol Pulihkan Rumus (atau lkjip-xl recalc --pulihkan-rumus) menulis kembali rumusnya; angka yang tadi diketik tercatat di kolom Tertulis sheet Pemeriksaan."),
    ("kosong", ""),
    ("sub", "Menambah dan menghapus baris (program, kegiatan, indikator)"),
    ("teks", "Menyisipkan baris boleh walaupun sheet terlindungi: klik kanan nomor baris > Sisipkan. Ketik kode dan nama di kolom A dan B (kode kegiatan lebih panjang dari kode programnya), atau uraian dan satuan indikator di kolom C dan D."),
    ("teks", "Lalu tekan Hitung Ulang: baris baru dikenali dari kode dan kolom yang diisi, diberi jenis, rumus dan format baris sejenisnya, dan rumus jumlah serta rata-rata yang belum mencakupnya diperbaiki (tercatat di sheet Pemeriksaan). Sesudah itu sel isiannya berwarna isian: isi target, realisasi dan pagu."),
    ("teks", "Program baru: sisipkan juga satu baris kosong di bawah kegiatan terakhirnya; Hitung Ulang menjadikannya baris rata-rata program. Bisa juga menyalin baris sejenis lalu Sisipkan Sel yang Disalin dan mengubah kode serta namanya."),
    ("teks", "Menghapus baris: Excel hanya menghapus baris yang tidak memuat sel terkunci, dan setiap baris laporan memuat sel rumus yang terkunci. Jadi buka proteksi dulu (Tinjau > Buka Proteksi Lembar), hapus barisnya, tekan Hitung Ulang (jumlah dan rata-rata diperbaiki), lalu lindungi kembali: Tinjau > Lindungi Lembar, centang Sisipkan baris, Hapus baris dan Format sel. Baris kosong cadangan buku kerja baru tidak memuat sel terkunci: yang tidak terpakai boleh dihapus langsung."),
    ("kosong", ""),
    ("sub", "Warna predikat tingkat capaian (Permendagri 86/2017), pada kolom capaian dan predikat"),
]
#: Fill of each predikat colour (rules' band colours) where a capaian is shown, and in the legend.
BAND_FILLS = {MERAH: "F8CBAD", KUNING: "FFE699", HIJAU: "C6EFCE"}


def _petunjuk(wb: Workbook) -> None:
    ws = wb.active
    ws.title = lay.PETUNJUK
    ws.column_dimensions["A"].width = 4
    ws.column_dimensions["B"].width = 110
    row = 1
    fills = {"isian": INPUT_FILL, "rumus": FORMULA_FILL, **{k: c for k, c in lay.FINDING_COLORS.items()}}
    for kind, text in PETUNJUK_TEXT:
        cell = ws[f"B{row}"]
        cell.value = text or None
        if kind == "judul":
            _style(cell, bold=True, size=14, border=False, wrap=False)
        elif kind == "sub":
            _style(cell, bold=True, size=11, border=False, wrap=False)
        elif kind in fills:
            _style(cell, fill=fills[kind])
        else:
            _style(cell, border=False)
        fit_row_height(ws, row)
        row += 1
    for band in PERMENDAGRI_86_2017:
        lower = "" if band.lower is None else f"{'>=' if band.lower_inclusive else '>'} {band.lower}"
        upper = "" if band.upper is None else f"{'<=' if band.upper_inclusive else '<'} {band.upper}"
        ws[f"B{row}"] = f"{band.label}: capaian {' dan '.join(p for p in (lower, upper) if p)} %"
        _style(ws[f"B{row}"], fill=BAND_FILLS.get(band.warna) if band.warna else None)
        row += 1
    page_setup(ws, landscape=False)
    protect(ws)


def build_template() -> Workbook:
    wb = Workbook()
    _petunjuk(wb)
    _simple_sheet(wb, lay.IDENTITAS, "IDENTITAS LAPORAN KINERJA", {"A": 34, "B": 60}, landscape=False)
    _simple_sheet(wb, lay.DATA_UMUM, "BAB I - DATA UMUM", {"A": 6, "B": 34, "C": 16, "D": 10, "E": 10},
                  landscape=False)
    _simple_sheet(wb, lay.PERJANJIAN, "PERJANJIAN KINERJA TAHUN {tahun_laporan}",
                  {"A": 5, "B": 40, "C": 9, "D": 44, "E": 9, "F": 13, "G": 11, "H": 11})
    _simple_sheet(wb, lay.PENGUKURAN, "PENGUKURAN KINERJA TAHUN {tahun_laporan}",
                  {"A": 5, "B": 36, "C": 10, "D": 40, "E": 26, "F": 13, "G": 11, "H": 11, "I": 11, "J": 11, "K": 14})
    _rekap_sheet(wb)
    _simple_sheet(wb, lay.ANGGARAN, "AKUNTABILITAS KEUANGAN TAHUN {tahun_laporan}", {"A": 48, "B": 22},
                  landscape=False)
    _simple_sheet(wb, lay.RINGKASAN, "RINGKASAN CAPAIAN KINERJA TAHUN {tahun_laporan}",
                  {"A": 12, "B": 58, "C": 17, "D": 16, "E": 16})
    pemeriksaan = _simple_sheet(wb, lay.PEMERIKSAAN, "HASIL PEMERIKSAAN BUKU KERJA",
                                {c.letter: c.width for c in lay.PEMERIKSAAN_TABLE.columns})
    pemeriksaan.column_dimensions[lay.PEMERIKSAAN_TABLE.letter("warna_asli")].hidden = True
    # Rewritten by every Recalculate (from Excel too, where a protected sheet refuses writes).
    pemeriksaan.protection.sheet = False
    daftar = wb.create_sheet(lay.DAFTAR)
    daftar.sheet_state = "hidden"
    protect(daftar)
    return wb


def write_template(path: Path) -> None:
    build_template().save(path)


if __name__ == "__main__":  # pragma: no cover
    write_template(Path(sys.argv[1] if len(sys.argv) > 1 else default_template_path()))
