"""``lkjip-xl new`` without a report file: a workbook to start a report in Excel.

The workbook is the generator's (the same sheets, formulas, formats and protection as a report
built from a file) for a report that holds what is known at the start: the OPD, the year, and a
structure, empty (:mod:`.template_rows`), taken from last year's workbook (:mod:`.previous`) or
from a DPA/SIPD table (:mod:`.table`). A blank workbook also gets empty rows to type into: spare
rows in the Rekap (or Renja) table, unlocked whole (a spare row left unused can be deleted while
the sheet is protected), and a few empty rows in each table of the other sheets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.styles import Protection
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl import model as m
from lkjip_xl.errors import StartError
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja import model as rm
from lkjip_xl.start.template_rows import blank_program, blank_renja_program

#: Empty rows left in the Rekap's kelompok (and after the Renja's last program) of a blank workbook.
SPARE_ROWS = 12
#: Empty rows each table of the other sheets gets in a blank workbook.
EMPTY_TABLE_ROWS = 6


@dataclass
class Start:
    """What ``new`` starts from (the command's options)."""

    jenis: str = "lkjip"
    opd: str | None = None
    pemerintah_daerah: str | None = None
    tahun: int | None = None
    triwulan: int | None = None
    dari: Path | None = None
    #: ``--jenis`` was given (then a --dari file of the other kind is refused)
    jenis_given: bool = False


def blank_lkjip(start: Start) -> m.Report:
    tahun = start.tahun or date.today().year
    ident = m.Identitas(pemerintah_daerah=start.pemerintah_daerah or "", instansi=start.opd or "",
                        tahun_laporan=tahun, tahun_dasar=tahun - 1)
    return m.Report(identitas=ident, rekap=m.Rekap(kelompok=[m.Kelompok(nama="", program=[blank_program()])]))


def blank_renja(start: Start) -> rm.RenjaReport:
    ident = rm.Identitas(pemerintah_daerah=start.pemerintah_daerah or "", opd=start.opd or "",
                         tahun=start.tahun or date.today().year, triwulan=start.triwulan or 1)
    return rm.RenjaReport(identitas=ident, program=[blank_renja_program()])


def start_report(start: Start) -> tuple[Any, bool]:
    """The report to start from, and whether it is blank (rows to type into are added)."""
    if start.dari is None:
        return (blank_renja(start) if start.jenis == "renja" else blank_lkjip(start)), True
    path = Path(start.dari)
    if not path.is_file():
        raise StartError(f"{path}: berkas tidak ditemukan (--dari: buku kerja tahun lalu, atau tabel "
                         "program/kegiatan dengan kode dan pagu seperti ekspor DPA/SIPD)")
    # Last year's workbook or a DPA/SIPD table is read only with --dari.
    from lkjip_xl.start.previous import is_report_workbook, from_previous
    from lkjip_xl.start.table import from_table

    if is_report_workbook(path):
        return from_previous(path, start), False
    return from_table(path, start), False


# -- writing ---------------------------------------------------------------------------------------------
def lkjip_workbook(report: m.Report, blank: bool, password: str | None = None) -> Workbook:
    from lkjip_xl.writer import Options, build_workbook  # one writer, of the kind asked for

    options = Options(password=password, empty_rows=EMPTY_TABLE_ROWS if blank else 1,
                      spare_rows=SPARE_ROWS if blank else 0)
    wb = build_workbook(report, options)
    L = lay.REKAP_LAYOUT
    _tidy_template_rows(wb, lay.REKAP, lay.NAME_REKAP_TABLE, L.jenis, L.kunci, L.uraian, L.last_column)
    if blank:
        _spare_validation(wb, lay.REKAP, lay.NAME_REKAP_TABLE, L.jenis, L.metode, lay.NAME_DAFTAR_METODE)
    return wb


def renja_workbook(report: rm.RenjaReport, blank: bool, password: str | None = None) -> Workbook:
    from lkjip_xl.renja.writer import Options, build_renja_workbook  # one writer, of the kind asked for

    wb = build_renja_workbook(report, Options(password=password, spare_rows=SPARE_ROWS if blank else 0))
    L = rl.LAYOUT
    _tidy_template_rows(wb, rl.SHEET, rl.NAME_TABLE, L.jenis, L.kunci, L.uraian, L.last_column)
    if blank:
        _spare_validation(wb, rl.SHEET, rl.NAME_TABLE, L.jenis, L.metode, rl.NAME_DAFTAR_METODE)
    return wb


def _table_rows(wb: Workbook, name: str) -> tuple[Any, int, int]:
    from lkjip_xl.adapters.openpyxl_adapter import defined_names_of  # with the writer, when a workbook is made

    sheet, ref = defined_names_of(wb)[name]
    first, _, last, _ = a1.parse_range(ref)
    return wb[sheet], first, last


def _tidy_template_rows(wb: Workbook, sheet: str, table: str, jenis: str, kunci: str, uraian: str,
                        last_column: str) -> None:
    """A row whose Kunci would name an empty kode or name (``""``, ``/``, ``#1``, ``#p1/#k1``) carries
    none (it is written when staff fill the row: :mod:`lkjip_xl.repair`); a label that names an
    empty kelompok loses the space the name left; the spare rows (no Jenis) are unlocked whole,
    their row too."""
    ws, first, last = _table_rows(wb, table)
    unlocked = Protection(locked=False)
    last_col = a1.col_index(last_column)
    for n in range(first, last + 1):
        if ws[f"{jenis}{n}"].value is None:
            for col in range(1, last_col + 1):
                ws.cell(n, col).protection = unlocked
            ws.row_dimensions[n].protection = unlocked
            continue
        text = ws[f"{uraian}{n}"].value
        if isinstance(text, str) and text != text.strip():
            ws[f"{uraian}{n}"].value = text.strip()
        own = str(ws[f"{kunci}{n}"].value or "")
        if not own or own.startswith(("#", "/")) or own.endswith("/") or "/#" in own or "//" in own:
            ws[f"{kunci}{n}"].value = None


def _spare_validation(wb: Workbook, sheet: str, table: str, jenis: str, metode: str, daftar: str) -> None:
    """The metode list on the spare rows too (an indicator typed there chooses its metode)."""
    ws, first, last = _table_rows(wb, table)
    rows = [n for n in range(first, last + 1) if ws[f"{jenis}{n}"].value is None]
    if not rows:
        return
    dv = DataValidation(type="list", formula1=daftar, allow_blank=True)
    dv.error = "Pilih metode dari daftar."
    dv.errorTitle = "Isian tidak sesuai"
    dv.showErrorMessage = True
    dv.sqref = f"{metode}{rows[0]}:{metode}{rows[-1]}"
    ws.add_data_validation(dv)


def save(wb: Workbook, output: Path, *, lite: bool = False) -> Path:
    """Save atomically; with ``lite`` the xlwings Lite buttons are added (as ``build --lite`` does)."""
    from lkjip_xl.building import save_then  # the writer's helpers: only when a file is written
    from lkjip_xl.writer import save_atomic

    if not lite:
        return save_atomic(wb, output)
    from lkjip_xl.lite_button import add_lite_buttons  # only for --lite

    save_then(wb.save, output, add_lite_buttons)
    return output


@dataclass(frozen=True)
class Started:
    path: Path
    renja: bool
    blank: bool
    sheets: int


def start_workbook(output: Path, start: Start, *, password: str | None = None, lite: bool = False) -> Started:
    """``lkjip-xl new -o laporan.xlsx [--jenis lkjip|renja] [--opd ...] [--tahun ...] [--dari ...]``:
    the workbook to start a report in Excel, written to ``output`` (atomically)."""
    if output.suffix.lower() != ".xlsx":
        raise StartError(f"buku kerja baru ditulis sebagai .xlsx, diminta {output}")
    report, blank = start_report(start)
    renja = isinstance(report, rm.RenjaReport)
    if start.jenis_given and (start.jenis == "renja") != renja:
        raise StartError(f"--jenis {start.jenis}, tetapi {start.dari} berisi laporan "
                         f"{'Renja' if renja else 'LKjIP'}: hilangkan --jenis atau pilih berkas yang sesuai")
    if renja and lite:
        raise StartError("tombol xlwings Lite (--lite) baru tersedia untuk buku kerja LKjIP")
    wb = renja_workbook(report, blank, password) if renja else lkjip_workbook(report, blank, password)
    out = save(wb, output, lite=lite)
    return Started(out, renja, blank, len(wb.sheetnames))
