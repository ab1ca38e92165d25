"""The city's consolidated workbook (``lkjip-xl gabung``), laid out from one description.

Sheets: **Ringkasan** (how the files were combined, and each group's city figures as formulas
over the group's total row), per group (:class:`~lkjip_xl.city.consolidate.Group`) one sheet of OPD
rows named by the group (``LKjIP 2020``) and one of program rows (``Program LKjIP 2020``), each
with its city row of live formulas under the rows (sums of Rupiah, serapan of the sums, means of
capaian, predikat by the rules' bands through :func:`lkjip_xl.xlformulas.predikat`), **Berkas**
(every source: included, included but marked, or left out with the reason) and **Temuan** (every
finding of every source, with its file and cell).

Every figure taken from an OPD's workbook is the value the rules compute from that workbook's
inputs (what its formulas must show), with a comment naming ``file!sheet!cell`` where the
workbook shows it; the tests and the benchmark read the columns through :data:`OPD_TABLE` and
:data:`PROGRAM_TABLE`, never by letters of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lkjip_xl import layout as lay
from lkjip_xl import xlformulas as xf
from lkjip_xl.city.book import (BOLD, BORDER, ERROR_FILL, LINK, TOTAL_FILL, WARNING_FILL, WRAP, findings_sheet,
                                fit_row, header, landscape, link_target, number, save_atomic)
from lkjip_xl.city.consolidate import Consolidation, Group
from lkjip_xl.city.lines import error_text, kind_label
from lkjip_xl.city.worker import FileResult
from lkjip_xl.findings import Severity

SUMMARY_SHEET = "Ringkasan"
FILES_SHEET = "Berkas"
PROGRAM_PREFIX = "Program "
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 4
FIRST_ROW = HEADER_ROW + 1
AUTHOR = "lkjip-xl"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: float
    fmt: str | None = None


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]

    def letter(self, key: str) -> str:
        for i, c in enumerate(self.columns, 1):
            if c.key == key:
                return get_column_letter(i)
        raise KeyError(key)

    def index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key) + 1


PCT, RP = lay.FMT_PERSEN, lay.FMT_RP
OPD_TABLE = Table((
    Column("no", "No", 5), Column("opd", "Perangkat Daerah (OPD)", 34),
    Column("pagu", "Pagu (Rp)", 18, RP), Column("realisasi_rp", "Realisasi (Rp)", 18, RP),
    Column("serapan", "Serapan (%)", 10, PCT), Column("capaian_k", "Rata-rata capaian K (%)", 12, PCT),
    Column("capaian_rp", "Rata-rata capaian Rp (%)", 12, PCT), Column("predikat_k", "Predikat", 14),
    Column("kesalahan", "Kesalahan", 12, "#,##0"), Column("peringatan", "Peringatan", 13, "#,##0"),
    Column("status", "Status pemeriksaan", 24), Column("berkas", "Berkas sumber", 34)))
PROGRAM_TABLE = Table((
    Column("no", "No", 5), Column("opd", "Perangkat Daerah (OPD)", 30), Column("kode", "Kode", 12),
    Column("program", "Program", 44), Column("pagu", "Pagu (Rp)", 17, RP),
    Column("realisasi_rp", "Realisasi (Rp)", 17, RP), Column("capaian_k", "Capaian K (%)", 11, PCT),
    Column("capaian_rp", "Capaian Rp / serapan (%)", 12, PCT), Column("predikat_k", "Predikat", 14),
    Column("berkas", "Berkas sumber", 30)))
SUMMARY_TABLE = Table((
    Column("kelompok", "Jenis dan tahun", 20), Column("opd", "Jumlah OPD", 9, "#,##0"),
    Column("pagu", "Pagu (Rp)", 19, RP), Column("realisasi_rp", "Realisasi (Rp)", 19, RP),
    Column("serapan", "Serapan (%)", 10, PCT), Column("capaian_k", "Rata-rata capaian K (%)", 12, PCT),
    Column("capaian_rp", "Rata-rata capaian Rp (%)", 12, PCT), Column("predikat_k", "Predikat", 14),
    Column("ditandai", "OPD dengan kesalahan", 11, "#,##0"), Column("program", "Jumlah program", 10, "#,##0")))
FILES_TABLE = Table((
    Column("no", "No", 5), Column("berkas", "Berkas", 40), Column("jenis", "Jenis", 26),
    Column("opd", "OPD", 32), Column("status", "Status", 30), Column("alasan", "Galat / alasan", 70)))

INCLUDED, MARKED, LEFT_OUT = "digabung", "digabung, ditandai: ada kesalahan", "tidak digabung"
CLEAN, FLAGGED = "lolos (tanpa kesalahan)", "ditandai: {n} kesalahan"
HOW = ("Cara penggabungan: satu sheet per jenis laporan dan tahun (Renja: per triwulan), berisi satu baris per OPD, "
       "dan satu sheet programnya. Angka tiap OPD adalah hasil hitung aturan atas isian buku kerjanya (sel sumbernya "
       "tertulis di komentar tiap angka). Baris KOTA adalah rumus: pagu dan realisasi dijumlah, serapan = realisasi / "
       "pagu x 100, rata-rata capaian adalah rata-rata atas OPD (persentase tidak pernah dijumlah), predikat menurut "
       "rentang Permendagri 86/2017. Sumber yang berisi kesalahan tetap digabung dan ditandai; berkas yang tidak "
       "dapat dibaca atau bukan buku kerja lkjip-xl tidak digabung (sheet Berkas).")


def program_sheet(group: Group) -> str:
    return PROGRAM_PREFIX + group.title


def status_of(r: FileResult, duplicates: dict[int, list[str]], i: int) -> str:
    text = FLAGGED.format(n=r.errors) if r.errors else CLEAN
    if i in duplicates:
        text += "; OPD GANDA, juga di " + ", ".join(duplicates[i])
    return text


def _comment(r: FileResult, sheet_cell: str | None) -> Comment | None:
    if not sheet_cell:
        return None
    comment = Comment(f"Sumber: {r.file}!{sheet_cell}", AUTHOR)
    comment.width, comment.height = 320, 60
    return comment


def _put(ws: Any, row: int, table: Table, key: str, value: Any, *, comment: Comment | None = None) -> Any:
    col = table.index(key)
    cell = ws.cell(row, col, value)
    cell.border, cell.alignment = BORDER, WRAP
    fmt = table.columns[col - 1].fmt
    if fmt:
        cell.number_format = fmt
    if comment is not None:
        cell.comment = comment
    return cell


def _head(ws: Any, table: Table, title: str, note: str) -> None:
    ws.cell(TITLE_ROW, 1, title).font = Font(bold=True, size=13)
    ws.cell(NOTE_ROW, 1, note)
    header(ws, HEADER_ROW, [(c.title, c.width) for c in table.columns])


def _finish(ws: Any, table: Table, last: int, freeze: str) -> None:
    ws.freeze_panes = f"{freeze}{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(table.columns))}{max(last, FIRST_ROW)}"
    for row in range(FIRST_ROW, ws.max_row + 1):
        fit_row(ws, row, bold=ws.cell(row, 1).font.b or ws.cell(row, 2).font.b)
    landscape(ws, f"{HEADER_ROW}:{HEADER_ROW}")


def _city_row(ws: Any, table: Table, row: int, first: int, last: int, label: str, label_key: str) -> None:
    """The city's row under ``first..last``: sums, serapan of the sums, means, predikat."""
    t = table
    span = lambda key: f"{t.letter(key)}{first}:{t.letter(key)}{last}"  # noqa: E731
    at = lambda key: f"{t.letter(key)}{row}"  # noqa: E731
    _put(ws, row, t, label_key, label)
    _put(ws, row, t, "pagu", xf.total(span("pagu")))
    _put(ws, row, t, "realisasi_rp", xf.total(span("realisasi_rp")))
    serapan_key = "serapan" if "serapan" in [c.key for c in t.columns] else "capaian_rp"
    _put(ws, row, t, serapan_key, xf.serapan(at("realisasi_rp"), at("pagu")))
    _put(ws, row, t, "capaian_k", xf.average(span("capaian_k")))
    if serapan_key != "capaian_rp":
        _put(ws, row, t, "capaian_rp", xf.average(span("capaian_rp")))
    _put(ws, row, t, "predikat_k", xf.predikat(at("capaian_k")))
    for key in ("kesalahan", "peringatan"):
        if key in [c.key for c in t.columns]:
            _put(ws, row, t, key, xf.total(span(key)))
    for col in range(1, len(t.columns) + 1):
        ws.cell(row, col).fill, ws.cell(row, col).font = TOTAL_FILL, BOLD


def opd_sheet(wb: Any, group: Group, output: Path, pemda: str) -> int:
    """The group's OPD rows and the city's row; returns the city row's number."""
    t = OPD_TABLE
    ws = wb.create_sheet(group.title)
    n = len(group.members)
    _head(ws, t, f"{group.title}: gabungan {n} OPD, {pemda}",
          "Angka OPD: hasil hitung aturan atas isian buku kerja OPD (sumbernya di komentar). Baris KOTA: rumus.")
    duplicates = group.duplicates()
    for i, r in enumerate(group.members):
        row = FIRST_ROW + i
        _put(ws, row, t, "no", i + 1)
        _put(ws, row, t, "opd", r.opd)
        for key in ("pagu", "realisasi_rp", "capaian_k", "capaian_rp"):
            _put(ws, row, t, key, number(getattr(r, key)), comment=_comment(r, r.sources.get(key)))
        _put(ws, row, t, "serapan", xf.serapan(f"{t.letter('realisasi_rp')}{row}", f"{t.letter('pagu')}{row}"),
             comment=_comment(r, r.sources.get("serapan")))
        _put(ws, row, t, "predikat_k", xf.predikat(f"{t.letter('capaian_k')}{row}"),
             comment=_comment(r, r.sources.get("predikat_k")))
        _put(ws, row, t, "kesalahan", r.errors)
        _put(ws, row, t, "peringatan", r.counts[Severity.WARNING])
        status = _put(ws, row, t, "status", status_of(r, duplicates, i))
        if r.errors:
            status.fill = ERROR_FILL
        elif i in duplicates:
            status.fill = WARNING_FILL
        link = _put(ws, row, t, "berkas", r.file)
        link.hyperlink, link.font = link_target(r.file, output), LINK
    last = FIRST_ROW + n - 1
    city = last + 1
    _city_row(ws, t, city, FIRST_ROW, last, f"KOTA: JUMLAH DAN RATA-RATA {n} OPD", "opd")
    _finish(ws, t, last, "C")
    return city


def programs_sheet(wb: Any, group: Group, output: Path) -> tuple[int, int]:
    """The group's program rows (every OPD's) and their total row; returns (rows, total row)."""
    t = PROGRAM_TABLE
    ws = wb.create_sheet(program_sheet(group))
    _head(ws, t, f"Program {group.title}: {sum(len(r.programs) for r in group.members)} program dari "
                 f"{len(group.members)} OPD", "Angka program: hasil hitung aturan (sumbernya di komentar). "
                                              "Baris JUMLAH: rumus.")
    row = FIRST_ROW - 1
    for r in group.members:
        for p in r.programs:
            row += 1
            _put(ws, row, t, "no", row - FIRST_ROW + 1)
            _put(ws, row, t, "opd", r.opd)
            _put(ws, row, t, "kode", p.kode)
            _put(ws, row, t, "program", p.nama)
            for key in ("pagu", "realisasi_rp", "capaian_k"):
                _put(ws, row, t, key, number(getattr(p, key)), comment=_comment(r, p.sources.get(key)))
            _put(ws, row, t, "capaian_rp", xf.serapan(f"{t.letter('realisasi_rp')}{row}", f"{t.letter('pagu')}{row}"),
                 comment=_comment(r, p.sources.get("capaian_rp")))
            _put(ws, row, t, "predikat_k", xf.predikat(f"{t.letter('capaian_k')}{row}"),
                 comment=_comment(r, p.sources.get("predikat_k")))
            link = _put(ws, row, t, "berkas", r.file)
            link.hyperlink, link.font = link_target(r.file, output), LINK
            if r.errors:
                ws.cell(row, t.index("opd")).fill = ERROR_FILL
    count = row - FIRST_ROW + 1
    total_row = row + 1
    _city_row(ws, t, total_row, FIRST_ROW, max(row, FIRST_ROW), f"JUMLAH {count} PROGRAM (capaian K: rata-rata "
                                                                 "atas program)", "program")
    _finish(ws, t, row, "E")
    return count, total_row


def summary_sheet(ws: Any, groups: Sequence[Group], cities: list[tuple[int, int, int]], pemda: str,
                  left_out: int) -> None:
    """Ringkasan: one row per group, each figure a reference to the group's city row."""
    t = SUMMARY_TABLE
    _head(ws, t, f"Gabungan kinerja OPD, {pemda}", HOW)
    ws.cell(NOTE_ROW, 1).alignment = WRAP
    ws.merge_cells(start_row=NOTE_ROW, start_column=1, end_row=NOTE_ROW, end_column=len(t.columns))
    ws.row_dimensions[NOTE_ROW].height = 66
    o = OPD_TABLE
    for i, (group, (city, programs, program_total)) in enumerate(zip(groups, cities)):
        row = FIRST_ROW + i
        sheet = xf.quote_sheet(group.title)
        ref = lambda key: f"={sheet}!{o.letter(key)}{city}"  # noqa: E731
        first, last = FIRST_ROW, city - 1
        _put(ws, row, t, "kelompok", group.title)
        _put(ws, row, t, "opd", f"=COUNTA({sheet}!{o.letter('opd')}{first}:{o.letter('opd')}{last})")
        for key in ("pagu", "realisasi_rp", "serapan", "capaian_k", "capaian_rp", "predikat_k"):
            _put(ws, row, t, key, ref(key))
        _put(ws, row, t, "ditandai", f'=COUNTIF({sheet}!{o.letter("kesalahan")}{first}:'
                                     f'{o.letter("kesalahan")}{last},">0")')
        _put(ws, row, t, "program", programs)
        ws.cell(row, 1).hyperlink = f"#{sheet}!A{FIRST_ROW}"
        ws.cell(row, 1).font = LINK
    row = FIRST_ROW + len(groups) + 1
    if left_out:
        ws.cell(row, 1, f"{left_out} berkas tidak digabung: lihat sheet {FILES_SHEET}.").font = BOLD
    ws.freeze_panes = f"B{FIRST_ROW}"
    landscape(ws)


def files_sheet(wb: Any, c: Consolidation, output: Path) -> None:
    t = FILES_TABLE
    ws = wb.create_sheet(FILES_SHEET)
    _head(ws, t, f"Berkas sumber: {len(c.sources)}", "Setiap berkas yang diberikan dan apakah ia digabung.")
    reasons = {id(r): reason for r, reason in c.left_out}
    for i, r in enumerate(c.sources):
        row = FIRST_ROW + i
        _put(ws, row, t, "no", i + 1)
        link = _put(ws, row, t, "berkas", r.file)
        link.hyperlink, link.font = link_target(r.file, output), LINK
        _put(ws, row, t, "jenis", "gagal" if r.failed else kind_label(r))
        _put(ws, row, t, "opd", r.opd)
        if id(r) in reasons:
            status = _put(ws, row, t, "status", LEFT_OUT)
            status.fill = ERROR_FILL
            _put(ws, row, t, "alasan", error_text(r) if r.failed else reasons[id(r)])
        else:
            status = _put(ws, row, t, "status", MARKED if r.errors else INCLUDED)
            if r.errors:
                status.fill = ERROR_FILL
    _finish(ws, t, FIRST_ROW + len(c.sources) - 1, "C")


def write_city(c: Consolidation, output: Path, pemda: str) -> tuple[Path, int]:
    """Write the city's workbook (atomically); returns it and the findings carried along."""
    from openpyxl import Workbook

    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    cities = []
    for group in c.groups:
        city = opd_sheet(wb, group, output, pemda)
        programs, program_total = programs_sheet(wb, group, output)
        cities.append((city, programs, program_total))
    summary_sheet(summary, c.groups, cities, pemda, len(c.left_out))
    files_sheet(wb, c, output)
    found = findings_sheet(wb, c.sources, output)
    return save_atomic(wb, output), found
