"""Report -> workbook, from the template: inputs as values, every computed figure as a formula.

The template gives the look (titles, headers, widths, print setup, the style rows of each sheet);
the layout gives the places; the rules, through ``xlformulas`` and ``rekap_plan``, give the formulas.
Cells are locked unless they are inputs, and the sheets are protected.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any, Iterable

from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Protection
from openpyxl.utils import column_index_from_string
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl import model as m
from lkjip_xl import findings_sheet
from lkjip_xl import xlformulas as xf
from lkjip_xl.adapters.openpyxl_adapter import defined_names_of
from lkjip_xl.errors import OutputError, TemplateError  # OutputError: re-exported
from lkjip_xl.fileutil import atomic_write
from lkjip_xl.layout import REKAP_LAYOUT, Kind, RekapKind
from lkjip_xl.progress import SILENT, Report
from lkjip_xl.rekap_plan import RekapRow, expected_formulas, plan_rekap, structure
from lkjip_xl.rekap_sheet import RekapLook, RowSink, WorksheetRows, cell_value, target_max, write_rows
from lkjip_xl.sheet_stream import SheetRows, StreamedBook
from lkjip_xl.rules import BPK_ORDINALS, PERMENDAGRI_86_2017, SAKIP_ORDINALS, Bands, Metode
from lkjip_xl.sheet_formulas import simple_formulas, total_name
from lkjip_xl.sheetutil import fit_row_height
from lkjip_xl.template import allow_rows, band_colours, default_template_path
from lkjip_xl.xlwings_conf import xlwings_conf_rows


@dataclasses.dataclass
class Options:
    template: Path | None = None
    password: str | None = None
    bands: Bands = PERMENDAGRI_86_2017
    #: add the xlwings.conf sheet the Recalculate button needs (for .xlsm workbooks)
    xlwings_conf: bool = False
    #: empty rows a table without items gets (a blank workbook: rows to type into and to copy), and
    #: the rows the Ringkasan's table of programs has at least
    empty_rows: int = 1
    #: empty rows left in each kelompok of the Rekap after its programs (a blank workbook)
    spare_rows: int = 0


# -- template ----------------------------------------------------------------------------------------
def load_template(path: Path | None = None) -> Workbook:
    path = Path(path) if path else default_template_path()
    try:
        wb = load_workbook(path)
    except FileNotFoundError as exc:
        raise TemplateError(f"templat {path}: berkas tidak ditemukan") from exc
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TemplateError(f"templat {path}: bukan buku kerja .xlsx yang dapat dibaca ({exc})") from exc
    for sheet in lay.SHEETS:
        if sheet not in wb.sheetnames:
            raise TemplateError(f"templat {path}: sheet {sheet!r} tidak ada")
    for sheet in (lay.REKAP, *lay.SIMPLE_SHEETS):
        name = lay.style_block_name(sheet)
        if name not in wb.defined_names:
            raise TemplateError(f"templat {path}: nama {name} (baris gaya sheet "
                                f"{sheet!r}) tidak ada")
        dests = list(wb.defined_names[name].destinations)
        if not dests or dests[0][0] != sheet:
            raise TemplateError(f"templat {path}: nama {name} harus merujuk ke sheet {sheet!r}")
    return wb


def _block(wb: Workbook, sheet: str) -> tuple[int, int]:
    """First and last row of a sheet's style block."""
    _, ref = next(iter(wb.defined_names[lay.style_block_name(sheet)].destinations))
    first, _, last, _ = a1.parse_range(ref)
    return first, last


class Styles:
    """Styles captured from a sheet's style block, by kind (and column, for the Rekap sheet)."""

    def __init__(self, ws: Worksheet, first: int, last: int, kinds: Iterable[Any], per_column: bool) -> None:
        self.by_kind: dict[Any, Any] = {}
        self.heights: dict[Any, float | None] = {}
        kinds = list(kinds)
        if last - first + 1 < len(kinds):
            raise TemplateError(f"sheet {ws.title!r}: blok gaya berisi {last - first + 1} baris, seharusnya "
                                f"{len(kinds)} ({', '.join(k.value for k in kinds)})")
        for i, kind in enumerate(kinds):
            row = first + i
            if per_column:
                self.by_kind[kind] = {c.column_letter: copy.copy(c._style) for c in ws[row]}
            else:
                self.by_kind[kind] = copy.copy(ws.cell(row, 1)._style)
            self.heights[kind] = ws.row_dimensions[row].height
        for row in range(first, last + 1):  # the block itself is replaced by data
            for cell in ws[row]:
                cell.value = None
                cell._style = copy.copy(ws.cell(last + 1, cell.column)._style)

    def apply(self, cell, kind: Any) -> None:
        """The kind's look, unlocked for the kinds staff type into (inputs and labels)."""
        cell._style = copy.copy(self.by_kind[kind])
        cell.protection = Protection(locked=kind not in (Kind.INPUT, Kind.LABEL))


def _placeholders(wb: Workbook, ident: m.Identitas) -> None:
    values = {"{instansi}": ident.instansi.upper(), "{pemerintah_daerah}": ident.pemerintah_daerah.upper(),
              "{tahun_laporan}": str(ident.tahun_laporan), "{tahun_dasar}": str(ident.tahun_dasar)}
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_row=min(ws.max_row, 60)):
            for cell in row:
                if isinstance(cell.value, str) and "{" in cell.value:
                    text = cell.value
                    for key, val in values.items():
                        text = text.replace(key, val)
                    cell.value = text


# -- values -----------------------------------------------------------------------------------------
def _by_ordinal(ordinals: dict[str, int]) -> list[str]:
    """The grades in ordinal order: MATCH(grade, list, 0) is then the grade's ordinal."""
    ranked = sorted(ordinals.items(), key=lambda kv: kv[1])
    assert [n for _, n in ranked] == list(range(1, len(ranked) + 1)), "ordinals must be 1..n"
    return [g for g, _ in ranked]


def _name(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    if name in wb.defined_names:
        del wb.defined_names[name]
    wb.defined_names[name] = DefinedName(name, attr_text=f"{xf.quote_sheet(sheet)}!{ref}")


def _abs(col: str, row: int) -> str:
    return f"${col}${row}"


class _Validations:
    """Data validations grouped per rule and column, so that a few objects cover all input cells."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict[str, list[int]]] = {}

    def add(self, ws: Worksheet, rule: str, cell: str) -> None:
        self.add_at(ws.title, rule, a1.column_of(cell), a1.row_of(cell))

    def add_at(self, sheet: str, rule: str, col: str, row: int) -> None:
        self.rows.setdefault((sheet, rule), {}).setdefault(col, []).append(row)

    def install(self, wb: Workbook, streamed: dict[str, SheetRows]) -> None:
        """Into the worksheets, or beside the rows of a streamed sheet."""
        for (sheet, rule), columns in self.rows.items():
            for col, rows in columns.items():
                rows = sorted(rows)
                dv = _validation(rule, f"{col}{rows[0]}")
                sqref = " ".join(a1.column_ranges(col, rows))
                if sheet in streamed:
                    streamed[sheet].add_validation(dv, sqref)
                else:
                    dv.sqref = sqref
                    wb[sheet].add_data_validation(dv)


def _validation(rule: str, first: str) -> DataValidation:
    if rule == "rp":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "Isi angka Rupiah 0 atau lebih (tanpa titik pemisah ribuan yang diketik sebagai teks)."
    elif rule == "jumlah":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "Isi bilangan bulat 0 atau lebih."
    elif rule == "k":
        dv = DataValidation(type="custom", allow_blank=True, formula1=(
            f"OR(ISNUMBER({first}),ISNUMBER(MATCH({first},{lay.NAME_SKALA_SAKIP},0)),"
            f"ISNUMBER(MATCH({first},{lay.NAME_SKALA_BPK},0)))"))
        dv.error = "Isi angka, atau predikat (AA, A, BB, B, CC, C, D) / opini BPK (WTP, WDP, TW, TMP)."
    elif rule == "metode":
        dv = DataValidation(type="list", formula1=lay.NAME_DAFTAR_METODE, allow_blank=True)
        dv.error = "Pilih metode dari daftar: positif, negatif, negatif_rasio, rentang."
    elif rule == "status":
        dv = DataValidation(type="list", formula1=f'"{",".join(lay.STATUS_VALUES)}"', allow_blank=True)
        dv.error = "Pilih draf (laporan masih diisi) atau final (laporan sudah lengkap)."
    elif rule == "tahun":
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=False)
        dv.error = "Isi tahun empat angka, misalnya 2020."
    else:  # pragma: no cover - programming error
        raise ValueError(rule)
    dv.errorTitle = "Isian tidak sesuai"
    dv.showErrorMessage = True
    return dv


# -- the workbook -------------------------------------------------------------------------------------
class Writer:
    """Writes the report into the template. With ``stream`` the Rekap's rows are kept as XML text
    (:mod:`lkjip_xl.sheet_stream`) for :func:`build_book` to save, instead of openpyxl cells."""

    def __init__(self, report: m.Report, options: Options, stream: bool = False) -> None:
        self.report = report
        self.options = options
        self.stream = stream
        self.streamed: list[SheetRows] = []
        self.progress: Report = SILENT
        self.progress_step = (0.0, 0.0)  # where the step being written starts, and its share
        self.wb = load_template(options.template)
        self.validations = _Validations()
        self.styles: dict[str, Styles] = {}
        first, last = _block(self.wb, lay.REKAP)
        self.rekap_first = first
        self.styles[lay.REKAP] = Styles(self.wb[lay.REKAP], first, last, REKAP_LAYOUT.kinds, per_column=True)
        self.next_row: dict[str, int] = {}
        for sheet in lay.SIMPLE_SHEETS:
            first, last = _block(self.wb, sheet)
            self.styles[sheet] = Styles(self.wb[sheet], first, last, list(Kind), per_column=False)
            self.next_row[sheet] = first
        self.rekap_rows: list[RekapRow] = []
        self.capaian_cells: dict[str, list[str]] = {}

    # helpers for the simple sheets
    def _put(self, sheet: str, cell: str, value: Any, kind: Kind, fmt: str | None = None) -> None:
        ws = self.wb[sheet]
        c = ws[cell]
        c.value = value
        self.styles[sheet].apply(c, kind)
        if fmt:
            c.number_format = fmt

    @staticmethod
    def _clear_below(ws: Worksheet, first: int) -> bool:
        """Empty the sheet from row ``first`` down (the style block, cleared already) so that rows
        can be streamed there; False, leaving it, when anything below holds a value or a style
        (a template with content under its block: the rows go into the worksheet then)."""
        below = [key for key in ws._cells if key[0] >= first]
        if any(ws._cells[key].value is not None or ws._cells[key].has_style for key in below):
            return False
        for key in below:
            del ws._cells[key]
        for row in [r for r in ws.row_dimensions if r >= first]:
            del ws.row_dimensions[row]
        return True

    def _skip(self, sheet: str, n: int = 1) -> None:
        self.next_row[sheet] += n

    def _title(self, sheet: str, text: str) -> None:
        row = self.next_row[sheet]
        self._put(sheet, f"A{row}", text, Kind.JUDUL)
        self.next_row[sheet] += 1

    def _fields(self, sheet: str, fields: Iterable[lay.Field], values: dict[str, Any]) -> dict[str, str]:
        cells = {}
        label_col, value_col = lay.FIELD_COLUMNS.get(sheet, ("A", "B"))
        for f in fields:
            row = self.next_row[sheet]
            self._put(sheet, f"{label_col}{row}", f.label, Kind.LABEL)
            self._put(sheet, f"{value_col}{row}", values.get(f.key), f.role, f.number_format)
            _name(self.wb, f.name, sheet, _abs(value_col, row))
            cells[f.key] = f"{value_col}{row}"
            fit_row_height(self.wb[sheet], row, columns=(label_col, value_col))
            self.next_row[sheet] += 1
        return cells

    def _table(self, sheet: str, table: lay.Table, items: list[dict[str, Any]]) -> tuple[int, int]:
        """Write a table; ``items`` map column keys to values (formulas included). Returns data rows."""
        if not items and self.options.empty_rows > 1:  # rows to type into, styled as inputs and labels
            items = [{} for _ in range(self.options.empty_rows)]
        self._title(sheet, table.title)
        row = self.next_row[sheet]
        for col in table.columns:
            self._put(sheet, f"{col.letter}{row}", col.header, Kind.HEADER)
        first = row + 1
        for i, item in enumerate(items):
            r = first + i
            for col in table.columns:
                self._put(sheet, f"{col.letter}{r}", item.get(col.key), col.role, col.number_format)
        ws = self.wb[sheet]
        letters = [c.letter for c in table.columns]
        for r in range(row, first + len(items)):
            fit_row_height(ws, r, columns=letters)
        last = first + len(items) - 1
        first_col, last_col = table.columns[0].letter, table.columns[-1].letter
        if items:
            _name(self.wb, table.name, sheet, f"{_abs(first_col, first)}:{_abs(last_col, last)}")
        else:
            _name(self.wb, table.name, sheet, f"{_abs(first_col, first)}:{_abs(last_col, first)}")
        # An empty table keeps one empty data row, so its name and its total row never overlap.
        self.next_row[sheet] = max(last, first) + 1
        if table.total_label:
            r = self.next_row[sheet]
            label_col = table.columns[1].letter if table.columns[0].key == "no" else first_col
            self._put(sheet, f"{label_col}{r}", table.total_label, Kind.JUMLAH)
            for key in table.total_columns:
                letter = table.letter(key)
                self._put(sheet, f"{letter}{r}", None, Kind.JUMLAH, table.col(key).number_format)
                _name(self.wb, total_name(table, key), sheet, _abs(letter, r))
            self.next_row[sheet] += 1
        self.next_row[sheet] += 1
        return first, last

    # sheets
    def write(self, progress: Report = SILENT) -> Workbook:
        r = self.report
        _placeholders(self.wb, r.identitas)
        steps = [(lay.DAFTAR, self._daftar), (lay.IDENTITAS, self._identitas), (lay.DATA_UMUM, self._data_umum),
                 (lay.PERJANJIAN, self._perjanjian), (lay.PENGUKURAN, self._pengukuran), (lay.REKAP, self._rekap),
                 (lay.ANGGARAN, self._anggaran), (lay.RINGKASAN, self._ringkasan),
                 (lay.PEMERIKSAAN, self._pemeriksaan), ("rumus", self._formulas)]
        self.progress = progress
        for i, (sheet, step) in enumerate(steps):
            self.progress_step = (i / (len(steps) + 1), 1 / (len(steps) + 1))
            progress(f"menulis {sheet}", i / (len(steps) + 1))
            step()
        progress("menulis validasi dan warna", len(steps) / (len(steps) + 1))
        self.validations.install(self.wb, {rows.sheet: rows for rows in self.streamed})
        for sheet in (lay.REKAP, *lay.SIMPLE_SHEETS):  # the style blocks are the template's business
            del self.wb.defined_names[lay.style_block_name(sheet)]
        self._capaian_colours()
        for ws in self.wb.worksheets:
            if ws.protection.sheet:
                allow_rows(ws)  # a template made before rows could be inserted gets it too
                if self.options.password:
                    ws.protection.set_password(self.options.password)
        if self.options.xlwings_conf:
            self._xlwings_conf()
        self.wb.calculation.fullCalcOnLoad = True
        self.wb.active = 0
        return self.wb

    def _daftar(self) -> None:
        ws = self.wb[lay.DAFTAR]
        cols = lay.DAFTAR_COLUMNS
        lists = {
            "metode": ("Metode", [mt.value for mt in Metode], lay.NAME_DAFTAR_METODE),
            "sakip": ("Skala SAKIP (urut naik)", _by_ordinal(SAKIP_ORDINALS), lay.NAME_SKALA_SAKIP),
            "bpk": ("Opini BPK (urut naik)", _by_ordinal(BPK_ORDINALS), lay.NAME_SKALA_BPK),
            "predikat": ("Predikat (batas atas)", [f"{b.label}" for b in self.options.bands], None),
        }
        for key, (title, values, name) in lists.items():
            col = cols[key]
            ws[f"{col}1"] = title
            for i, v in enumerate(values, 2):
                ws[f"{col}{i}"] = v
            if name:
                _name(self.wb, name, lay.DAFTAR, f"{_abs(col, 2)}:{_abs(col, len(values) + 1)}")

    def _identitas(self) -> None:
        ident = self.report.identitas
        cells = self._fields(lay.IDENTITAS, lay.IDENTITAS_FIELDS, dataclasses.asdict(ident))
        ws = self.wb[lay.IDENTITAS]
        for key in ("tahun_laporan", "tahun_dasar"):
            self.validations.add(ws, "tahun", cells[key])
        self.validations.add(ws, "status", cells["status"])

    def _data_umum(self) -> None:
        du = self.report.data_umum or m.DataUmum()
        sheet = lay.DATA_UMUM
        ws = self.wb[sheet]
        items = [{"no": i, "nama": k.nama, "jumlah_rt_rw": k.jumlah_rt_rw, "rt": k.rt, "rw": k.rw}
                 for i, k in enumerate(du.kelurahan, 1)]
        first, last = self._table(sheet, lay.KELURAHAN_TABLE, items)
        for r in range(first, last + 1):
            for key in ("jumlah_rt_rw", "rt", "rw"):
                self.validations.add(ws, "jumlah", f"{lay.KELURAHAN_TABLE.letter(key)}{r}")
        self._fields(sheet, [lay.LUAS_WILAYAH], {"luas_wilayah_km2": cell_value(du.luas_wilayah_km2)})
        self._skip(sheet)
        sdm = du.sdm or m.Sdm()
        cells = self._fields(sheet, [lay.JUMLAH_PEGAWAI], {"jumlah_pegawai": sdm.jumlah_pegawai})
        self.validations.add(ws, "jumlah", cells["jumlah_pegawai"])
        self._skip(sheet)
        for name, rows in sdm.breakdowns().items():
            table = lay.SDM_TABLES[name]
            items = [{"no": i, "jenjang": r.jenjang, "jumlah": r.jumlah} for i, r in enumerate(rows, 1)]
            first, last = self._table(sheet, table, items)
            for r in range(first, last + 1):
                self.validations.add(ws, "jumlah", f"{table.letter('jumlah')}{r}")

    def _sasaran_items(self, sasaran_list: list[m.Sasaran], with_realisasi: bool) -> list[dict[str, Any]]:
        items = []
        for sasaran in sasaran_list:
            for j, ind in enumerate(sasaran.indikator):
                item = {"no": sasaran.no if j == 0 else None, "sasaran": sasaran.sasaran if j == 0 else None,
                        "kode": ind.kode, "uraian": ind.uraian, "satuan": ind.satuan, "metode": ind.metode.value,
                        "target": cell_value(ind.target), "target_max": target_max(ind.target)}
                if with_realisasi:
                    item["realisasi"] = cell_value(ind.realisasi)
                items.append(item)
        return items

    def _perjanjian(self) -> None:
        sheet, table = lay.PERJANJIAN, lay.PK_TABLE
        first, last = self._table(sheet, table, self._sasaran_items(self.report.perjanjian_kinerja, False))
        ws = self.wb[sheet]
        for r in range(first, last + 1):
            self.validations.add(ws, "metode", f"{table.letter('metode')}{r}")
            self.validations.add(ws, "k", f"{table.letter('target')}{r}")
            self.validations.add(ws, "k", f"{table.letter('target_max')}{r}")

    def _pengukuran(self) -> None:
        sheet, table = lay.PENGUKURAN, lay.PENGUKURAN_TABLE
        cap = table.letter("capaian")
        items = self._sasaran_items(self.report.pengukuran, True)
        first, last = self._table(sheet, table, items)
        ws = self.wb[sheet]
        for r in range(first, last + 1):
            self.validations.add(ws, "metode", f"{table.letter('metode')}{r}")
            for key in ("target", "target_max", "realisasi"):
                self.validations.add(ws, "k", f"{table.letter(key)}{r}")
        if items:
            self.capaian_cells.setdefault(sheet, []).append(f"{cap}{first}:{cap}{last}")
        ft = lay.FORMULA_TABLE
        pemb, peny = ft.letter("nilai_pembilang"), ft.letter("nilai_penyebut")
        items = [{"no": i, "uraian": f.uraian, "program": f.program, "kode": f.kode, "satuan": f.satuan, "pembilang": f.pembilang,
                  "penyebut": f.penyebut, "nilai_pembilang": cell_value(f.nilai_pembilang),
                  "nilai_penyebut": cell_value(f.nilai_penyebut)}
                 for i, f in enumerate(self.report.indikator_formula, 1)]
        first, last = self._table(sheet, ft, items)
        for r in range(first, last + 1):
            self.validations.add(ws, "k", f"{pemb}{r}")
            self.validations.add(ws, "k", f"{peny}{r}")

    def _rekap(self) -> None:
        L = REKAP_LAYOUT
        ws = self.wb[L.sheet]
        styles = self.styles[L.sheet]
        rows = plan_rekap(self.report.rekap, self.rekap_first, self.options.spare_rows)
        self.rekap_rows = rows
        look = RekapLook(self.wb, ws, styles.by_kind, styles.heights)
        sink: RowSink = WorksheetRows(ws)
        if self.stream and self._clear_below(ws, self.rekap_first):
            sink = SheetRows(self.wb, L.sheet)
            self.streamed.append(sink)
        step = self.progress_step
        write_rows(rows, expected_formulas(rows), look, sink,
                   lambda rule, col, row: self.validations.add_at(L.sheet, rule, col, row),
                   lambda done: self.progress(f"menulis {L.sheet}", step[0] + done * step[1]))
        first, last = rows[0].row, rows[-1].row
        _name(self.wb, lay.NAME_REKAP_TABLE, L.sheet, f"{_abs(L.first_column, first)}:{_abs(L.last_column, last)}")
        s = structure(rows)
        for year, y in L.years.items():
            key = lay.year_label(year)
            cells = {
                "pagu": (y.pagu, s.opd[RekapKind.JUMLAH_OPD]),
                "realisasi_rp": (y.realisasi_rp, s.opd[RekapKind.JUMLAH_OPD]),
                "capaian_rp": (y.capaian_rp, s.opd[RekapKind.JUMLAH_OPD]),
                "rata_rata_k": (y.capaian_k, s.opd[RekapKind.RATA_RATA_OPD]),
                "rata_rata_rp": (y.capaian_rp, s.opd[RekapKind.RATA_RATA_OPD]),
                "total_rata_rata_k": (y.capaian_k, s.opd[RekapKind.TOTAL_RATA_RATA_OPD]),
                "total_rata_rata_rp": (y.capaian_rp, s.opd[RekapKind.TOTAL_RATA_RATA_OPD]),
            }
            for what, (col, row) in cells.items():
                _name(self.wb, lay.NAME_REKAP_TOTALS[what].format(year=key), L.sheet, _abs(col, row.row))
            self.capaian_cells.setdefault(L.sheet, []).append(f"{y.capaian_k}{first}:{y.capaian_rp}{last}")
        ws.print_area = f"{L.first_column}1:{L.predikat}{last}"

    def _anggaran(self) -> None:
        sheet = lay.ANGGARAN
        k = self.report.keuangan or m.Keuangan()
        values = {key: cell_value(getattr(k, key)) for key in ("btl", "bl", "realisasi", "realisasi_btl", "realisasi_bl")}
        cells = self._fields(sheet, lay.ANGGARAN_FIELDS, values)
        ws = self.wb[sheet]
        for key in ("btl", "bl", "realisasi", "realisasi_btl", "realisasi_bl"):
            self.validations.add(ws, "rp", cells[key])
        self._skip(sheet)
        items = [{"uraian": r.uraian, "nilai": cell_value(r.nilai)} for r in k.rincian]
        first, last = self._table(sheet, lay.RINCIAN_TABLE, items)
        for r in range(first, last + 1):
            self.validations.add(ws, "rp", f"B{r}")

    def _ringkasan(self) -> None:
        sheet = lay.RINGKASAN
        cells = self._fields(sheet, lay.RINGKASAN_FIELDS, {})
        self.capaian_cells.setdefault(sheet, []).extend([cells["rata_rata_program"], cells["rata_rata_k"]])
        self._skip(sheet)
        pt = lay.RINGKASAN_PROGRAM_TABLE
        programs = [{} for r in self.rekap_rows if r.kind is RekapKind.PROGRAM]
        programs += [{}] * max(0, self.options.empty_rows - len(programs))  # room for programs added
        first, last = self._table(sheet, pt, programs)
        chart_rows = (first, last) if programs else None
        if programs:
            self.capaian_cells[sheet].append(f"{pt.letter('capaian_k')}{first}:{pt.letter('capaian_rp')}{last}")
        st = lay.RINGKASAN_SASARAN_TABLE
        sasaran = [{} for s in self.report.pengukuran for _ in s.indikator]
        first, last = self._table(sheet, st, sasaran)
        if sasaran:
            self.capaian_cells[sheet].append(f"{st.letter('capaian_k')}{first}:{st.letter('capaian_k')}{last}")
        cells = self._fields(sheet, lay.RINGKASAN_PEMERIKSAAN_FIELDS, {})
        for ref in cells.values():  # written by Recalculate, from Excel too
            self.wb[sheet][ref].protection = Protection(locked=False)
        if chart_rows:
            self._chart(*chart_rows, anchor=f"A{self.next_row[sheet] + 1}")

    def _formulas(self) -> None:
        """The formulas of the simple sheets, from where their tables ended up (one definition,
        shared with the checks)."""
        names = defined_names_of(self.wb)
        value = lambda sheet, ref: self.wb[sheet][ref].value  # noqa: E731
        programs = [r.row for r in self.rekap_rows if r.kind is RekapKind.PROGRAM]
        for (sheet, cell), formula in simple_formulas(names, value, programs, self.options.bands).items():
            self.wb[sheet][cell].value = formula
        # Rows whose text comes through a formula (Ringkasan): size them for the text they will show.
        for table, texts in ((lay.RINGKASAN_PROGRAM_TABLE, [{"B": p.nama} for _, p in self.report.rekap.programs()]),
                             (lay.RINGKASAN_SASARAN_TABLE,
                              [{"B": i.uraian} for s in self.report.pengukuran for i in s.indikator])):
            if table.name in names:
                sheet, ref = names[table.name]
                first = a1.parse_range(ref)[0]
                for i, text in enumerate(texts):
                    fit_row_height(self.wb[sheet], first + i, columns=[c.letter for c in table.columns], texts=text)

    def _chart(self, first: int, last: int, anchor: str) -> None:
        ws = self.wb[lay.RINGKASAN]
        pt = lay.RINGKASAN_PROGRAM_TABLE
        chart = BarChart()
        chart.type = "col"
        chart.title = "Capaian kinerja dan serapan anggaran per program"
        chart.y_axis.title = "%"
        chart.x_axis.title = "Program"
        k_col = column_index_from_string(pt.letter("capaian_k"))
        data = Reference(ws, min_col=k_col, max_col=k_col + 1, min_row=first - 1, max_row=last)
        cats = Reference(ws, min_col=column_index_from_string(pt.letter("kode")), min_row=first, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.height, chart.width = 9, 22
        ws.add_chart(chart, anchor)

    def _xlwings_conf(self) -> None:
        """The settings sheet xlwings reads (interpreter, UDF modules), hidden from the staff."""
        ws = self.wb.create_sheet(lay.XLWINGS_CONF)
        for row in xlwings_conf_rows():
            ws.append(list(row))
        ws.column_dimensions["A"].width = 24
        ws.column_dimensions["B"].width = 60
        ws.sheet_state = "hidden"

    def _pemeriksaan(self) -> None:
        first, _ = self._table(lay.PEMERIKSAAN, lay.PEMERIKSAAN_TABLE, [])
        findings_sheet.prepare(self.wb[lay.PEMERIKSAAN], first - 1, first)

    def _capaian_colours(self) -> None:
        for sheet, ranges in self.capaian_cells.items():
            for rng in ranges:
                band_colours(self.wb[sheet], rng, self.options.bands)


def build_workbook(report: m.Report, options: Options | None = None, progress: Report = SILENT) -> Workbook:
    """The report's workbook, every cell an openpyxl cell (for callers that go on editing it);
    ``progress`` is told which sheet is being written."""
    return Writer(report, options or Options()).write(progress)


def build_book(report: m.Report, options: Options | None = None, progress: Report = SILENT) -> StreamedBook:
    """The report's workbook to be saved as it is: the Rekap's rows are XML text beside it (a 100x
    report's build in seconds instead of a minute, and a fraction of the memory)."""
    writer = Writer(report, options or Options(), stream=True)
    wb = writer.write(progress)
    return StreamedBook(wb, writer.streamed)


def save_atomic(wb: Workbook, path: Path) -> Path:
    """Save next to the target and rename over it: a failure never leaves a partial file."""
    atomic_write(path, wb.save, OutputError)
    return Path(path)


def write_workbook(report: m.Report, path: Path, options: Options | None = None) -> Path:
    atomic_write(path, build_book(report, options).save, OutputError)
    return Path(path)


def structure_only(report: m.Report) -> m.Report:
    """The report without any realisasi: the blank workbook an office starts its year from."""
    r = copy.deepcopy(report)
    for s in r.pengukuran:
        for ind in s.indikator:
            ind.realisasi = None
    for f in r.indikator_formula:
        f.nilai_pembilang = f.nilai_penyebut = None
    for _, program in r.rekap.programs():
        for ind in program.indikator:
            for year in m.YEARS:
                if ind.tahun(year):
                    ind.tahun(year).realisasi = None
        for keg in program.kegiatan:
            for year in m.YEARS:
                if keg.tahun(year):
                    keg.tahun(year).realisasi_rp = None
            for ind in keg.indikator:
                for year in m.YEARS:
                    if ind.tahun(year):
                        ind.tahun(year).realisasi = None
    if r.keuangan:
        r.keuangan.realisasi = r.keuangan.realisasi_btl = r.keuangan.realisasi_bl = None
    r.identitas.status = lay.STATUS_VALUES[0]
    return r
