"""Renja report -> the Permendagri 86/2017 evaluation workbook: inputs as values, every computed
figure a live formula.

Sheets: *Petunjuk*, *Identitas* (the inputs the titles and the signature block show), *Evaluasi
Renja* (the form: 17 numbered columns, the legend row, program blocks with their rata-rata and
predikat rows, the OPD's rows, the text rows and the signatures), *Ringkasan* (OPD figures and the
counts of findings), *Pemeriksaan* (the findings table, the LKjIP workbook's) and a hidden *Daftar*
(the lists the validation offers). Input cells are unlocked and yellow, everything else locked
and the sheets protected; quarters after the triwulan berjalan are shaded (not expected yet).
The look is the LKjIP template's colours; places come from :mod:`lkjip_xl.renja.layout`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl import a1
from lkjip_xl import findings_sheet
from lkjip_xl import layout as lay
from lkjip_xl import xlformulas as xf
from lkjip_xl.errors import OutputError
from lkjip_xl.fileutil import atomic_write
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja import model as rm
from lkjip_xl.renja.layout import INDIKATOR_KINDS, LAYOUT, RowKind
from lkjip_xl.renja.plan import RenjaRow, expected_formulas, plan_rows, structure
from lkjip_xl.rules import PERMENDAGRI_86_2017, TRIWULAN, Bands, RealisasiTahunan
from lkjip_xl.sheetutil import fit_row_height
from lkjip_xl.template import (BORDER, FONT, FORMULA_FILL, HEADER_FILL, INPUT_FILL, JUMLAH_FILL, KELOMPOK_FILL,
                               PROGRAM_FILL, RATA_FILL, band_colours, page_setup, protect)

K = RowKind
LATER_QUARTER_FILL = "D9D9D9"  # quarters after the triwulan berjalan: not expected yet
_LOOK = {
    K.URUSAN: dict(bold=True, fill=KELOMPOK_FILL),
    K.BIDANG: dict(bold=True, fill=KELOMPOK_FILL),
    K.PROGRAM: dict(bold=True, fill=PROGRAM_FILL),
    K.INDIKATOR_PROGRAM: dict(italic=True),
    K.KEGIATAN: dict(bold=True),
    K.INDIKATOR_KEGIATAN: dict(),
    K.SUB_KEGIATAN: dict(),
    K.INDIKATOR_SUB_KEGIATAN: dict(),
    K.RATA_RATA_PROGRAM: dict(bold=True, italic=True, fill=RATA_FILL),
    K.PREDIKAT_PROGRAM: dict(bold=True, italic=True, fill=RATA_FILL),
    K.JUMLAH_OPD: dict(bold=True, fill=JUMLAH_FILL),
    K.RATA_RATA_OPD: dict(bold=True, fill=JUMLAH_FILL),
    K.PREDIKAT_OPD: dict(bold=True, fill=JUMLAH_FILL),
}


@dataclass
class Options:
    password: str | None = None
    bands: Bands = PERMENDAGRI_86_2017
    #: empty rows left after the last program (a blank workbook: rows to type into)
    spare_rows: int = 0


# -- small helpers ----------------------------------------------------------------------------------
def _style(cell, *, bold=False, italic=False, size=9, fill=None, fmt=None, wrap=True, align="left",
           border=True, locked=True, valign="top") -> None:
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.fill = PatternFill("solid", fgColor=fill) if fill else PatternFill()
    cell.alignment = Alignment(horizontal=align, vertical=valign, wrap_text=wrap)
    if border:
        cell.border = BORDER
    if fmt:
        cell.number_format = fmt
    cell.protection = Protection(locked=locked)


def _value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 10**15 else float(v)
    return v


def _name(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    if name in wb.defined_names:
        del wb.defined_names[name]
    wb.defined_names[name] = DefinedName(name, attr_text=f"{xf.quote_sheet(sheet)}!{ref}")


def _abs(cell: str) -> str:
    col = cell.rstrip("0123456789")
    return f"${col}${cell[len(col):]}"


def _validation(kind: str) -> DataValidation:
    if kind == "rp":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "Isi angka Rupiah 0 atau lebih (angka, bukan teks)."
    elif kind == "k":
        dv = DataValidation(type="decimal", operator="between", formula1="-1000000000000000",
                            formula2="1000000000000000", allow_blank=True)
        dv.error = "Isi angka kinerja (K) dalam satuan indikatornya."
    elif kind == "metode":
        dv = DataValidation(type="list", formula1=rl.NAME_DAFTAR_METODE, allow_blank=True)
        dv.error = "Pilih metode: positif, negatif atau negatif_rasio."
    elif kind == "tahunan":
        dv = DataValidation(type="list", formula1=rl.NAME_DAFTAR_TAHUNAN, allow_blank=True)
        dv.error = ("Pilih cara realisasi tahunan: jumlah (dijumlah), terakhir (persentase/indeks: triwulan terakhir) "
                    "atau rata-rata.")
    elif kind == "tahun":
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True)
        dv.error = "Isi tahun empat angka, misalnya 2018."
    elif kind == "triwulan":
        dv = DataValidation(type="whole", operator="between", formula1="1", formula2="4", allow_blank=False)
        dv.error = "Isi triwulan berjalan: 1, 2, 3 atau 4."
    else:  # pragma: no cover - programming error
        raise ValueError(kind)
    dv.errorTitle = "Isian tidak sesuai"
    dv.showErrorMessage = True
    return dv


# -- the workbook ------------------------------------------------------------------------------------
class RenjaWriter:
    def __init__(self, report: rm.RenjaReport, options: Options | None = None) -> None:
        self.report = report
        self.options = options or Options()
        self.wb = Workbook()
        self.validations: dict[str, list[str]] = {}  # kind -> ranges
        self.rows: list[RenjaRow] = []

    def write(self) -> Workbook:
        wb = self.wb
        self._petunjuk(wb.active)
        self._identitas(wb.create_sheet(rl.IDENTITAS))
        self._form(wb.create_sheet(rl.SHEET))
        self._ringkasan(wb.create_sheet(rl.RINGKASAN))
        self._pemeriksaan(wb.create_sheet(rl.PEMERIKSAAN))
        self._daftar(wb.create_sheet(rl.DAFTAR))
        for ws in wb.worksheets:
            if ws.title != rl.PEMERIKSAAN:
                protect(ws, self.options.password)
        wb.calculation.fullCalcOnLoad = True
        wb.active = wb.sheetnames.index(rl.SHEET)
        return wb

    def _add_validation(self, ws: Worksheet, kind: str, cells_by_col: dict[str, list[int]]) -> None:
        dv = _validation(kind)
        refs = [ref for col, rows in cells_by_col.items() for ref in a1.column_ranges(col, rows)]
        if refs:
            dv.sqref = " ".join(refs)
            ws.add_data_validation(dv)

    # -- Petunjuk --------------------------------------------------------------------------------
    def _petunjuk(self, ws: Worksheet) -> None:
        ws.title = rl.PETUNJUK
        ws.column_dimensions["A"].width = 3
        ws.column_dimensions["B"].width = 110
        lines = [
            ("judul", "PETUNJUK: EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH (PERMENDAGRI 86/2017)"),
            ("kosong", ""),
            ("isian", "Sel kuning: isian. Ketik target, realisasi per triwulan (K dan Rp), metode dan cara "
                      "realisasi tahunan."),
            ("rumus", "Sel abu-abu: dihitung otomatis (realisasi tahun berjalan, tingkat capaian, realisasi dan "
                      "capaian Renstra, jumlah, rata-rata, predikat). Terkunci; jangan ditimpa."),
            ("nanti", "Sel triwulan yang lebih gelap: triwulan sesudah triwulan berjalan (sheet Identitas), belum "
                      "perlu diisi."),
            ("kosong", ""),
            ("sub", "Cara mengisi"),
            ("teks", "1. Di sheet Identitas isi Perangkat Daerah, tahun, triwulan berjalan (triwulan terakhir yang "
                     "dilaporkan) dan periode Renstra."),
            ("teks", "2. Di sheet Evaluasi Renja isi kolom 5-11: K pada baris indikator, Rp pada baris kegiatan "
                     "(atau sub-kegiatan). Kolom 12-15, jumlah program dan OPD dihitung otomatis."),
            ("teks", "3. Kolom Realisasi tahunan tiap indikator: jumlah (kegiatan yang dihitung: dokumen, orang; "
                     "12 = 8+9+10+11), terakhir (persentase, indeks, rasio: nilai triwulan terakhir, tidak pernah "
                     "dijumlah) atau rata-rata."),
            ("teks", "4. Kolom Metode: positif (makin tinggi makin baik), negatif (makin rendah makin baik: "
                     "(2 x target - realisasi) / target) atau negatif_rasio (target / realisasi)."),
            ("teks", "5. Isi faktor pendorong, faktor penghambat dan tindak lanjut di bawah tabel."),
            ("kosong", ""),
            ("sub", "Hitung Ulang"),
            ("teks", "Jalankan: lkjip-xl recalc <file.xlsx>. Semua angka dihitung ulang dari isian, dibandingkan "
                     "dengan isi sel, dan temuannya ditulis di sheet Pemeriksaan."),
            ("teks", "Rumus yang tertimpa angka tidak diganti diam-diam: dilaporkan di sheet Pemeriksaan. "
                     "lkjip-xl recalc --pulihkan-rumus menulis kembali rumusnya; angka yang tadi diketik tercatat di "
                     "kolom Tertulis sheet Pemeriksaan."),
            ("kosong", ""),
            ("sub", "Menambah dan menghapus baris (program, kegiatan, sub-kegiatan, indikator)"),
            ("teks", "Menyisipkan baris boleh walaupun sheet terlindungi: klik kanan nomor baris > Sisipkan. Ketik kode "
                     "dan nama di kolom 2 dan 3 (kode kegiatan di bawah kode programnya, sub-kegiatan di bawah kode "
                     "kegiatannya), atau uraian dan satuan indikator di kolom 4."),
            ("teks", "Lalu Hitung Ulang: baris baru dikenali dari kode dan kolom yang diisi, diberi jenis, rumus kolom "
                     "12-15 dan format baris sejenisnya, dan jumlah serta rata-rata yang belum mencakupnya diperbaiki "
                     "(tercatat di sheet Pemeriksaan). Sesudah itu sel isiannya berwarna isian."),
            ("teks", "Program baru: sisipkan juga dua baris kosong di bawah baris terakhir bloknya; Hitung Ulang "
                     "menjadikannya baris rata-rata dan predikat program."),
            ("teks", "Menghapus baris: Excel hanya menghapus baris yang tidak memuat sel terkunci, dan setiap baris "
                     "tabel memuat sel rumus yang terkunci. Jadi buka proteksi dulu (Tinjau > Buka Proteksi Lembar), "
                     "hapus barisnya, Hitung Ulang, lalu lindungi kembali (Tinjau > Lindungi Lembar; centang Sisipkan "
                     "baris, Hapus baris dan Format sel)."),
            ("kosong", ""),
            ("sub", "Predikat tingkat capaian (Permendagri 86/2017)"),
        ]
        fills = {"isian": INPUT_FILL, "rumus": FORMULA_FILL, "nanti": LATER_QUARTER_FILL}
        row = 1
        for kind, text in lines:
            cell = ws[f"B{row}"]
            cell.value = text or None
            if kind == "judul":
                _style(cell, bold=True, size=13, border=False, wrap=False)
            elif kind == "sub":
                _style(cell, bold=True, size=10, border=False, wrap=False)
            else:
                _style(cell, fill=fills.get(kind), border=kind in fills, size=10)
            fit_row_height(ws, row)
            row += 1
        for band in self.options.bands:
            lower = "" if band.lower is None else f"{'>=' if band.lower_inclusive else '>'} {band.lower}"
            upper = "" if band.upper is None else f"{'<=' if band.upper_inclusive else '<'} {band.upper}"
            ws[f"B{row}"] = f"{band.label}: tingkat capaian {' dan '.join(p for p in (lower, upper) if p)} %"
            _style(ws[f"B{row}"], border=False, size=10)
            row += 1
        page_setup(ws, landscape=False, margin=0.3)

    # -- Identitas -------------------------------------------------------------------------------
    def _identitas(self, ws: Worksheet) -> None:
        ws.column_dimensions["A"].width = 46
        ws.column_dimensions["B"].width = 60
        ws["A1"] = "IDENTITAS EVALUASI RENJA PERANGKAT DAERAH"
        _style(ws["A1"], bold=True, size=12, border=False, wrap=False)
        ident = self.report.identitas
        tahun, triwulan = [], []
        for i, f in enumerate(rl.IDENTITAS_FIELDS, 3):
            obj: Any = ident
            for part in f.key.split("."):
                obj = getattr(obj, part, None) if obj is not None else None
            ws[f"A{i}"] = f.label
            _style(ws[f"A{i}"], bold=f.required)
            ws[f"B{i}"] = _value(obj)
            _style(ws[f"B{i}"], fill=INPUT_FILL, locked=False, fmt=f.number_format,
                   align="left" if f.key not in rl.INTEGER_FIELDS else "right")
            _name(self.wb, f.name, rl.IDENTITAS, _abs(f"B{i}"))
            if f.key == "triwulan":
                triwulan.append(i)
            elif f.key in ("tahun", "renstra_awal", "renstra_akhir"):
                tahun.append(i)
        self._add_validation(ws, "tahun", {"B": tahun})
        self._add_validation(ws, "triwulan", {"B": triwulan})
        page_setup(ws, landscape=False, margin=0.3)

    # -- the form --------------------------------------------------------------------------------
    def _form(self, ws: Worksheet) -> None:
        L = LAYOUT
        ident = self.report.identitas
        last = L.last_printed
        titles = [
            "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",
            f'="PERANGKAT DAERAH "&{_n("opd")}&" - "&{_n("pemerintah_daerah")}',
            f'="PERIODE PELAKSANAAN: TRIWULAN "&{_n("triwulan")}&" TAHUN "&{_n("tahun")}',
            f'=IF({_n("sasaran")}="","","Sasaran pembangunan tahunan: "&{_n("sasaran")})',
        ]
        for i, text in enumerate(titles, 1):
            ws[f"A{i}"] = text
            _style(ws[f"A{i}"], bold=i < 4, size=12 if i == 1 else 10, border=False, wrap=False,
                   align="center" if i < 4 else "left")
            ws.merge_cells(f"A{i}:{last}{i}")
        self._header(ws, ident)
        rows = plan_rows(self.report, L.first_data_row, self.options.spare_rows)
        self.rows = rows
        shape = structure(rows)
        parents = {b.row.row for b in shape.units() if b.parent}
        formulas = dict(expected_formulas(rows, shape, self.options.bands))
        k_cells: dict[str, list[int]] = {}
        rp_cells: dict[str, list[int]] = {}
        choice_rows: list[int] = []
        number = 0
        # Unlocked in every row: a row inserted below any row takes that row's protection, and
        # staff type the new row's kode, name or indicator there before Hitung Ulang formats it.
        typed_anywhere = {L.kode, L.uraian, L.indikator, L.satuan, L.metode, L.realisasi_tahunan}
        for r in rows:
            n = r.row
            parent = n in parents
            inputs = set(L.input_columns(r.kind, parent))
            labels = set(L.label_columns(r.kind))
            fcols = set(L.formula_columns(r.kind, parent))
            look = _LOOK[r.kind]
            for col in _letters(L.first_column, L.last_column):
                cell = ws[f"{col}{n}"]
                role = "input" if col in inputs else "label" if col in labels or col in typed_anywhere else "formula"
                fill = INPUT_FILL if role == "input" else look.get("fill") or (FORMULA_FILL if col in fcols else None)
                fmt = _format(col)
                _style(cell, bold=look.get("bold", False), italic=look.get("italic", False), fill=fill, fmt=fmt,
                       align="right" if fmt else "left", locked=role == "formula")
            ws[f"{L.jenis}{n}"] = r.kind.value
            ws[f"{L.kunci}{n}"] = r.kunci
            if r.kind in (K.PROGRAM, K.KEGIATAN, K.SUB_KEGIATAN):
                number += 1
                obj = {K.PROGRAM: r.program, K.KEGIATAN: r.kegiatan, K.SUB_KEGIATAN: r.sub}[r.kind]
                ws[f"{L.no}{n}"] = number
                ws[f"{L.kode}{n}"] = obj.kode
                ws[f"{L.uraian}{n}"] = obj.nama
                ws[f"{L.penanggung_jawab}{n}"] = obj.penanggung_jawab
                ws[f"{L.keterangan}{n}"] = obj.keterangan
                anggaran = obj.anggaran if r.kind is not K.PROGRAM else None
                if not parent:
                    a = anggaran or rm.Anggaran()
                    for col, value in zip(L.rp_inputs(), (a.target_renstra, a.realisasi_renstra_lalu, a.pagu,
                                                          *a.quarters())):
                        ws[f"{col}{n}"] = _value(value)
                        rp_cells.setdefault(col, []).append(n)
            elif r.kind in INDIKATOR_KINDS:
                ind = r.indikator
                ws[f"{L.indikator}{n}"] = ind.uraian
                ws[f"{L.satuan}{n}"] = ind.satuan
                ws[f"{L.metode}{n}"] = ind.metode.value
                ws[f"{L.realisasi_tahunan}{n}"] = ind.realisasi_tahunan.value
                for col, value in zip(L.k_inputs(), (ind.target_renstra, ind.realisasi_renstra_lalu, ind.target,
                                                     *ind.quarters())):
                    ws[f"{col}{n}"] = _value(value)
                    k_cells.setdefault(col, []).append(n)
                choice_rows.append(n)
            else:
                ws[f"{L.uraian}{n}"] = r.label
            if r.kind in rl.SUMMARY_KINDS or r.kind in rl.HEADING_KINDS:
                # a label of a summary or heading row runs over the empty cells beside it
                ws[f"{L.uraian}{n}"].alignment = Alignment(horizontal="left", vertical="top", wrap_text=False)
            else:
                fit_row_height(ws, n, None, (L.uraian, L.indikator))
        for cell, formula in formulas.items():
            ws[cell] = formula
        first, last_row = rows[0].row, rows[-1].row
        _name(self.wb, rl.NAME_TABLE, rl.SHEET, f"{_abs(f'{L.first_column}{first}')}:{_abs(f'{L.last_column}{last_row}')}")
        opd = shape.opd
        totals = {"pagu": (L.target.rp, K.JUMLAH_OPD), "realisasi_rp": (L.realisasi.rp, K.JUMLAH_OPD),
                  "serapan": (L.capaian.rp, K.JUMLAH_OPD), "rata_rata_k": (L.capaian.k, K.RATA_RATA_OPD),
                  "rata_rata_rp": (L.capaian.rp, K.RATA_RATA_OPD), "predikat_k": (L.capaian.k, K.PREDIKAT_OPD),
                  "predikat_rp": (L.capaian.rp, K.PREDIKAT_OPD)}
        for key, (col, kind) in totals.items():
            _name(self.wb, rl.NAME_TOTALS[key], rl.SHEET, _abs(f"{col}{opd[kind].row}"))
        for i, q in enumerate(L.triwulan, 1):
            _name(self.wb, rl.NAME_TRIWULAN_RP.format(n=i), rl.SHEET, _abs(f"{q.rp}{opd[K.JUMLAH_OPD].row}"))
        self._add_validation(ws, "k", k_cells)
        self._add_validation(ws, "rp", rp_cells)
        self._add_validation(ws, "metode", {L.metode: choice_rows})
        self._add_validation(ws, "tahunan", {L.realisasi_tahunan: choice_rows})
        self._colours(ws, first, last_row)
        end = self._texts_and_signatures(ws, last_row + 2)
        for col, width in _WIDTHS.items():
            ws.column_dimensions[col].width = width
        ws.column_dimensions[L.jenis].hidden = True
        ws.column_dimensions[L.kunci].hidden = True
        ws.freeze_panes = f"{L.target_renstra.k}{L.first_data_row}"
        ws.print_area = f"{L.first_column}1:{L.last_printed}{end}"
        page_setup(ws, f"{L.header_first}:{L.legend_row}", margin=0.3, paper=ws.PAPERSIZE_LEGAL)

    def _header(self, ws: Worksheet, ident: rm.Identitas) -> None:
        L = LAYOUT
        top, sub, kr, legend = L.header_first, L.header_first + 1, L.header_first + 2, L.legend_row
        fmt = {"tahun": ident.tahun, "tahun_lalu": ident.tahun - 1,
               "renstra_akhir": ident.renstra_akhir or "akhir periode"}
        for col in _letters(L.first_column, L.last_column):
            for row in (top, sub, kr, legend):
                _style(ws[f"{col}{row}"], bold=row != legend, fill=HEADER_FILL, align="center", valign="center",
                       size=8)
        singles = [(L.no, "No", 1), (L.kode, "Kode", 2),
                   (L.uraian, "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan", 3),
                   (L.penanggung_jawab, "Perangkat Daerah penanggung jawab", 16), (L.keterangan, "Keterangan", 17),
                   (L.metode, "Metode capaian", None), (L.realisasi_tahunan, "Realisasi tahunan", None),
                   (L.jenis, "Jenis baris", None), (L.kunci, "Kunci", None)]
        for col, text, number in singles:
            ws[f"{col}{top}"] = text
            ws.merge_cells(f"{col}{top}:{col}{kr}")
            if number is not None:
                ws[f"{col}{legend}"] = number
        ws[f"{L.indikator}{top}"] = "Indikator kinerja program (outcome) / kegiatan (output)"
        ws.merge_cells(f"{L.indikator}{top}:{L.satuan}{sub}")
        ws[f"{L.indikator}{kr}"], ws[f"{L.satuan}{kr}"] = "Uraian", "Satuan"
        ws[f"{L.indikator}{legend}"] = 4
        ws.merge_cells(f"{L.indikator}{legend}:{L.satuan}{legend}")
        legends = {12: "12 = 8+9+10+11", 13: "13 = 12/7 x 100", 14: "14 = 6 + 12", 15: "15 = 14/5 x 100"}
        for pair in L.pairs():
            if pair in L.triwulan:
                ws[f"{pair.k}{sub}"] = pair.header
                ws.merge_cells(f"{pair.k}{sub}:{pair.rp}{sub}")
            else:
                ws[f"{pair.k}{top}"] = pair.header.format(**fmt)
                ws.merge_cells(f"{pair.k}{top}:{pair.rp}{sub}")
            ws[f"{pair.k}{kr}"], ws[f"{pair.rp}{kr}"] = "K", "Rp"
            ws[f"{pair.k}{legend}"] = legends.get(pair.number, pair.number)
            ws.merge_cells(f"{pair.k}{legend}:{pair.rp}{legend}")
        first_q, last_q = L.triwulan[0], L.triwulan[-1]
        ws[f"{first_q.k}{top}"] = "Realisasi kinerja pada triwulan"
        ws.merge_cells(f"{first_q.k}{top}:{last_q.rp}{top}")
        ws.row_dimensions[top].height = 66
        ws.row_dimensions[sub].height = 30

    def _colours(self, ws: Worksheet, first: int, last: int) -> None:
        L = LAYOUT
        triwulan = _n("triwulan")
        for i, q in enumerate(L.triwulan, 1):
            if i == 1:
                continue
            fill = PatternFill("solid", fgColor=LATER_QUARTER_FILL, bgColor=LATER_QUARTER_FILL)
            ws.conditional_formatting.add(f"{q.k}{first}:{q.rp}{last}",
                                          FormulaRule(formula=[f"{triwulan}<{i}"], fill=fill))
        for col in L.percent_columns():
            band_colours(ws, f"{col}{first}:{col}{last}", self.options.bands)

    def _texts_and_signatures(self, ws: Worksheet, row: int) -> int:
        L = LAYOUT
        teks = self.report.teks or rm.Teks()
        for key, label, name in rl.TEXT_ROWS:
            ws[f"A{row}"] = label
            _style(ws[f"A{row}"], bold=True)
            ws.merge_cells(f"A{row}:{L.uraian}{row}")
            cell = ws[f"{L.indikator}{row}"]
            cell.value = getattr(teks, key)
            _style(cell, fill=INPUT_FILL, locked=False)
            ws.merge_cells(f"{L.indikator}{row}:{L.last_printed}{row}")
            _name(self.wb, name, rl.SHEET, _abs(f"{L.indikator}{row}"))
            lines = max(2, len(str(cell.value or "")) // 180 + 1)
            ws.row_dimensions[row].height = 13 * lines
            row += 1
        row += 1
        blocks = ((L.target.k, "disusun", "Disusun"), (L.capaian.k, "dievaluasi", "Dievaluasi"))
        for col, who, verb in blocks:
            lines = [
                f'=IF({_n("kota")}="","",{_n("kota")}&", ")&IF({_n("tanggal")}="","",{_n("tanggal")})',
                verb,
                f'={_n(who + ".jabatan")}&""',
                None, None, None,
                f'={_n(who + ".nama")}&""',
                f'=IF({_n(who + ".nip")}="","","NIP. "&{_n(who + ".nip")})',
            ]
            for i, text in enumerate(lines):
                cell = ws[f"{col}{row + i}"]
                cell.value = text
                _style(cell, bold=i in (2, 6), border=False, wrap=False, align="left")
        return row + 7

    # -- Ringkasan, Pemeriksaan, Daftar ------------------------------------------------------------
    def _ringkasan(self, ws: Worksheet) -> None:
        ws.column_dimensions["A"].width = 52
        ws.column_dimensions["B"].width = 24
        ws["A1"] = "RINGKASAN EVALUASI RENJA"
        _style(ws["A1"], bold=True, size=12, border=False, wrap=False)
        ws["A2"] = f'={_n("opd")}&" - triwulan "&{_n("triwulan")}&" tahun "&{_n("tahun")}'
        _style(ws["A2"], border=False, wrap=False)
        row = 4
        items = [(label, "=" + rl.NAME_TOTALS[key], fmt) for key, label, fmt in rl.RINGKASAN_FIELDS[:2]]
        items[1:1] = [(f"Realisasi anggaran triwulan {t} (Rp)", "=" + rl.NAME_TRIWULAN_RP.format(n=i), rl.FMT_RP)
                      for i, t in enumerate(TRIWULAN, 1)]
        items += [(label, "=" + rl.NAME_TOTALS[key], fmt) for key, label, fmt in rl.RINGKASAN_FIELDS[2:]]
        for label, formula, fmt in items:
            ws[f"A{row}"], ws[f"B{row}"] = label, formula
            _style(ws[f"A{row}"])
            _style(ws[f"B{row}"], fill=FORMULA_FILL, fmt=fmt, align="right" if fmt else "left")
            row += 1
        row += 1
        for f in lay.RINGKASAN_PEMERIKSAAN_FIELDS:  # written by the recalculation
            ws[f"A{row}"] = f.label
            _style(ws[f"A{row}"])
            _style(ws[f"B{row}"], fill=FORMULA_FILL, fmt=f.number_format, locked=False, align="right")
            _name(self.wb, f.name, rl.RINGKASAN, _abs(f"B{row}"))
            row += 1
        page_setup(ws, landscape=False, margin=0.3)

    def _pemeriksaan(self, ws: Worksheet) -> None:
        t = lay.PEMERIKSAAN_TABLE
        ws["A1"] = "HASIL PEMERIKSAAN BUKU KERJA"
        _style(ws["A1"], bold=True, size=12, border=False, wrap=False)
        ws["A2"] = t.title
        _style(ws["A2"], bold=True, border=False, wrap=False)
        widths = {"A": 5, "B": 12, "C": 18, "D": 8, "E": 24, "F": 70, "G": 16, "H": 16, "I": 12, "J": 8}
        for c in t.columns:
            ws[f"{c.letter}3"] = c.header
            _style(ws[f"{c.letter}3"], bold=True, fill=HEADER_FILL, align="center")
            ws.column_dimensions[c.letter].width = widths.get(c.letter, 12)
        first, last = t.columns[0].letter, t.columns[-1].letter
        _name(self.wb, t.name, rl.PEMERIKSAAN, f"${first}$4:${last}$4")
        ws.column_dimensions[t.letter("warna_asli")].hidden = True
        ws.protection.sheet = False  # rewritten by every recalculation
        page_setup(ws, "3:3", margin=0.3)
        findings_sheet.prepare(ws, 3, 4)  # the LKjIP workbook's look: wrapped, formatted, filtered

    def _daftar(self, ws: Worksheet) -> None:
        lists = (("A", "Metode", [m.value for m in rm.METODE_RENJA], rl.NAME_DAFTAR_METODE),
                 ("C", "Realisasi tahunan", [c.value for c in RealisasiTahunan], rl.NAME_DAFTAR_TAHUNAN))
        for col, title, values, name in lists:
            ws[f"{col}1"] = title
            for i, v in enumerate(values, 2):
                ws[f"{col}{i}"] = v
            _name(self.wb, name, rl.DAFTAR, f"${col}$2:${col}${len(values) + 1}")
        ws.sheet_state = "hidden"


def _n(key: str) -> str:
    """The defined name of an Identitas field."""
    for f in rl.IDENTITAS_FIELDS:
        if f.key == key:
            return f.name
    raise KeyError(key)


def _letters(first: str, last: str) -> list[str]:
    return [a1.col_letter(i) for i in range(a1.col_index(first), a1.col_index(last) + 1)]


def _format(col: str) -> str | None:
    L = LAYOUT
    if col in L.percent_columns():
        return rl.FMT_PERSEN
    if col in (p.rp for p in L.pairs()):
        return rl.FMT_RP
    if col in (p.k for p in L.pairs()):
        return rl.FMT_K
    return None


_WIDTHS = {"A": 5, "B": 11, "C": 30, "D": 30, "E": 8, "AB": 14, "AC": 12, "AD": 12, "AE": 12, "AF": 18, "AG": 18,
           # the percent columns also hold the predikat ("Sangat Tinggi") on one line
           **dict.fromkeys(LAYOUT.percent_columns(), 12)}
for _pair in LAYOUT.pairs():
    _WIDTHS.setdefault(_pair.k, 8)
    _WIDTHS.setdefault(_pair.rp, 13)


def build_renja_workbook(report: rm.RenjaReport, options: Options | None = None) -> Workbook:
    return RenjaWriter(report, options).write()


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Save next to the target and rename over it: a failure never leaves a partial file."""
    atomic_write(path, wb.save, OutputError)
    return Path(path)


def write_renja_workbook(report: rm.RenjaReport, path: Path | str, options: Options | None = None) -> Path:
    return save_workbook(build_renja_workbook(report, options), path)


def structure_only(report: rm.RenjaReport) -> rm.RenjaReport:
    """The report without any quarterly realisasi: the blank form an office starts its year from."""
    r = copy.deepcopy(report)
    for ind in r.indicators():
        ind.triwulan = []
    for _, kegiatan, sub in r.units():
        unit = sub if sub is not None else kegiatan
        if unit.anggaran is not None:
            unit.anggaran.triwulan = []
    r.identitas.triwulan = 1
    return r
