"""What every computed cell of a workbook should show, from the report's inputs (through ``calc``).

Positions come from the workbook itself: the Rekap rows from its Jenis/Kunci columns, the other
tables from their defined names. So the same function serves a freshly written workbook and one
that staff have edited (rows inserted, moved); the checks compare the workbook's values with it.
Values are Decimal for numbers, str for text, None for an empty cell ("" in Excel).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, Iterator

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData

if TYPE_CHECKING:  # only named in annotations: checking a workbook already read needs no openpyxl
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl import calc
from lkjip_xl import layout as lay
from lkjip_xl import model as m
from lkjip_xl.layout import INDIKATOR_KINDS, REKAP_LAYOUT, RekapKind
from lkjip_xl.rekap_plan import RekapRow, plan_rekap
from lkjip_xl.sheet_formulas import rekap_program_rows, simple_formulas, table_item_rows
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands, Metode, predikat
from lkjip_xl.start.template_rows import unused_program

Cell = tuple[str, str]


def _named_range(wb: Workbook | BookData, name: str) -> tuple[str, tuple[int, int, int, int]] | None:
    names = _names(wb)
    if name not in names:
        return None
    sheet, ref = names[name]
    try:
        return sheet, a1.parse_range(ref)
    except ValueError:
        return None


def named_rows(wb: Workbook | BookData, name: str) -> tuple[str, int, int] | None:
    """(sheet, first row, last row) of a defined name, or None if the workbook lacks it."""
    found = _named_range(wb, name)
    if found is None:
        return None
    sheet, (first, _, last, _) = found
    return sheet, first, last


def named_cell(wb: Workbook | BookData, name: str) -> Cell | None:
    """(sheet, top-left cell) of a defined name, or None if the workbook lacks it."""
    found = _named_range(wb, name)
    if found is None:
        return None
    sheet, (row, col, _, _) = found
    return sheet, a1.cell(row, col)


def _names(wb: Workbook | BookData) -> dict[str, tuple[str, str]]:
    if isinstance(wb, BookData):
        return wb.names
    from lkjip_xl.adapters.openpyxl_adapter import defined_names_of  # openpyxl: only for a caller holding its objects

    return defined_names_of(wb)


def read_rekap_rows(ws: Worksheet, first: int, last: int) -> list[RekapRow]:
    """The Rekap rows as the workbook has them (kind and identity from the hidden columns)."""
    L = REKAP_LAYOUT
    kinds = {k.value: k for k in RekapKind}
    rows = []
    for n in range(first, last + 1):
        kind = kinds.get(str(ws[f"{L.jenis}{n}"].value or "").strip())
        if kind is None:
            continue
        metode = None
        if kind in INDIKATOR_KINDS:
            try:
                metode = Metode(str(ws[f"{L.metode}{n}"].value or "positif").strip().lower())
            except ValueError:
                metode = Metode.POSITIF
        rows.append(RekapRow(kind, n, str(ws[f"{L.kunci}{n}"].value or ""), metode=metode))
    return rows


def rekap_expected(report: m.Report, rows: list[RekapRow], bands: Bands = PERMENDAGRI_86_2017,
                   figures: calc.RekapCalc | None = None) -> Iterator[tuple[str, Any]]:
    """(cell, value) of the computed cells of the Rekap rows given (matched to the report by kunci)."""
    L = REKAP_LAYOUT
    figures = figures or calc.compute_rekap(report.rekap)
    by_key: dict[tuple[RekapKind, str], RekapRow] | None = None  # the plan, made only when needed
    for row in rows:
        has_refs = (row.kelompok is not None or row.program is not None or row.kegiatan is not None
                    or row.indikator is not None)
        if has_refs or row.kind in _OPD_KINDS:
            planned: RekapRow | None = row
        else:
            if by_key is None:
                by_key = {(r.kind, r.kunci): r for r in plan_rekap(report.rekap, 1)}
            planned = by_key.get((row.kind, row.kunci))
        if planned is None:
            continue
        fig = _figures(figures, planned)
        if fig is None:
            continue
        for year, col, attr in _value_columns(row.kind):
            yield f"{col}{row.row}", getattr(fig[year], attr)
        if _shows_predikat(row.kind):
            yield f"{L.predikat}{row.row}", predikat(fig["laporan"].capaian_k, bands)


@cache
def _value_columns(kind: RekapKind) -> tuple[tuple[str, str, str], ...]:
    """(year, column, Figures attribute) of the computed figures a row of this kind shows, in
    sheet order: the same for every row of the kind, so worked out once."""
    L = REKAP_LAYOUT
    cols = set(L.formula_columns(kind))
    return tuple((year, col, attr) for year, y in L.years.items()
                 for col, attr in ((y.pagu, "pagu"), (y.realisasi_rp, "realisasi_rp"), (y.capaian_k, "capaian_k"),
                                   (y.capaian_rp, "capaian_rp"))
                 if col in cols)


@cache
def _shows_predikat(kind: RekapKind) -> bool:
    return REKAP_LAYOUT.predikat in REKAP_LAYOUT.formula_columns(kind)


_OPD_KINDS = (RekapKind.RATA_RATA_OPD, RekapKind.JUMLAH_OPD, RekapKind.TOTAL_RATA_RATA_OPD)


def _figures(figures: calc.RekapCalc, r: RekapRow) -> dict[str, calc.Figures] | None:
    K = RekapKind
    if r.kind in INDIKATOR_KINDS:
        return figures.indikator[r.indikator]
    if r.kind is K.KEGIATAN:
        return figures.kegiatan[r.kegiatan]
    if r.kind is K.PROGRAM:
        return figures.program[r.program]
    if r.kind is K.RATA_RATA_PROGRAM:
        return figures.program_rata_rata[r.program]
    if r.kind is K.RATA_RATA_KELOMPOK:
        return figures.kelompok_rata_rata[r.kelompok]
    if r.kind is K.JUMLAH_KELOMPOK:
        return figures.kelompok_jumlah[r.kelompok]
    if r.kind is K.RATA_RATA_OPD:
        return figures.opd_rata_rata
    if r.kind is K.JUMLAH_OPD:
        return figures.opd_jumlah
    if r.kind is K.TOTAL_RATA_RATA_OPD:
        return figures.opd_total_rata_rata
    return None


def simple_expected_values(report: m.Report, wb: Workbook | BookData, bands: Bands = PERMENDAGRI_86_2017,
                           figures: calc.RekapCalc | None = None) -> dict[Cell, Any]:
    """The values of the computed cells of the sheets other than the Rekap (see :func:`simple_expected_formulas` for the formulas)."""
    out: dict[Cell, Any] = {}
    _tables(report, wb, out, bands, figures)
    return out


def simple_expected_formulas(wb: Workbook | BookData, bands: Bands = PERMENDAGRI_86_2017) -> dict[Cell, str]:
    """The formulas the simple sheets of this workbook should hold (see lkjip_xl.sheet_formulas)."""
    value = _lookup(wb)
    block = named_rows(wb, lay.NAME_REKAP_TABLE)
    programs = rekap_program_rows(value, block[1], block[2]) if block else []
    return simple_formulas(_names(wb), value, programs, bands)


def _table_rows(wb: Workbook | BookData, table: lay.Table) -> tuple[str, list[int]] | None:
    """The rows of a table that hold an item, as the reader and the writer see them."""
    return table_item_rows(_names(wb), _lookup(wb), table)


def _lookup(wb: Workbook | BookData):
    if isinstance(wb, BookData):
        def value(sheet: str, ref: str) -> Any:
            data = wb.sheets.get(sheet)
            # A scan asks for each address once: parse_cell's cache would only churn.
            return None if data is None else data.value_at(*a1.parse_cell_uncached(ref))
    else:
        def value(sheet: str, ref: str) -> Any:
            return wb[sheet][ref].value if sheet in wb.sheetnames else None
    return value


def _tables(report: m.Report, wb: Workbook | BookData, out: dict[Cell, Any], bands: Bands,
            figures: calc.RekapCalc | None = None) -> None:
    # Pengukuran: capaian and predikat per indicator, in the order written.
    t = lay.PENGUKURAN_TABLE
    found = _table_rows(wb, t)
    indikator = [i for s in report.pengukuran for i in s.indikator]
    if found and indikator:
        sheet, rows = found
        for n, ind in zip(rows, indikator):
            c = calc.sasaran_capaian(ind)
            out[(sheet, f"{t.letter('capaian')}{n}")] = c.nilai
            out[(sheet, f"{t.letter('predikat')}{n}")] = predikat(c.nilai, bands)
    t = lay.FORMULA_TABLE
    found = _table_rows(wb, t)
    if found and report.indikator_formula:
        sheet, rows = found
        for n, f in zip(rows, report.indikator_formula):
            out[(sheet, f"{t.letter('hasil')}{n}")] = calc.formula_hasil(f).nilai
    du = report.data_umum
    if du is not None:
        total_cell = named_cell(wb, f"{lay.KELURAHAN_TABLE.name}_JUMLAH_JUMLAH_RT_RW")
        if total_cell and du.kelurahan:
            out[total_cell] = calc.kelurahan_total(du)
        for name, value in calc.sdm_totals(du.sdm or m.Sdm()).items():
            cell = named_cell(wb, f"{lay.SDM_TABLES[name].name}_JUMLAH_JUMLAH")
            if cell and (du.sdm and du.sdm.breakdowns()[name]):
                out[cell] = value
    k = report.keuangan or m.Keuangan()
    kf = calc.keuangan_figures(k)
    figures = figures or calc.compute_rekap(report.rekap)
    for key, value in (("total", kf.total), ("serapan", kf.serapan.nilai), ("saldo", kf.saldo),
                       ("saldo_persen", kf.saldo_persen.nilai),
                       ("pagu_rekap", figures.opd_jumlah["laporan"].pagu)):
        name = next(f.name for f in lay.ANGGARAN_FIELDS if f.key == key)
        cell = named_cell(wb, name)
        if cell:
            out[cell] = value
    laporan = figures.opd_jumlah["laporan"]
    program = figures.opd_total_rata_rata["laporan"].capaian_k
    for key, value in (("pagu", laporan.pagu), ("realisasi_rp", laporan.realisasi_rp),
                       ("serapan", laporan.capaian_rp), ("serapan_opd", kf.serapan.nilai),
                       ("rata_rata_program", program), ("predikat", predikat(program, bands)),
                       ("rata_rata_k", figures.opd_rata_rata["laporan"].capaian_k)):
        name = next(f.name for f in lay.RINGKASAN_FIELDS if f.key == key)
        cell = named_cell(wb, name)
        if cell:
            out[cell] = value
    found = _table_rows(wb, lay.RINGKASAN_PROGRAM_TABLE)
    programs = [p for _, p in report.rekap.programs()]
    if found and programs:
        sheet, rows = found
        t = lay.RINGKASAN_PROGRAM_TABLE
        for n, p in zip(rows, programs):
            if unused_program(p):
                continue  # a blank workbook's program block nobody typed into (Excel shows 0 for its kode)
            f = figures.program[p]["laporan"]
            out[(sheet, f"{t.letter('kode')}{n}")] = p.kode
            out[(sheet, f"{t.letter('nama')}{n}")] = p.nama
            out[(sheet, f"{t.letter('capaian_k')}{n}")] = f.capaian_k
            out[(sheet, f"{t.letter('capaian_rp')}{n}")] = f.capaian_rp
            out[(sheet, f"{t.letter('predikat')}{n}")] = predikat(f.capaian_k, bands)
    found = _table_rows(wb, lay.RINGKASAN_SASARAN_TABLE)
    if found and indikator:
        sheet, rows = found
        t = lay.RINGKASAN_SASARAN_TABLE
        for n, ind in zip(rows, indikator):
            c = calc.sasaran_capaian(ind).nilai
            out[(sheet, f"{t.letter('kode')}{n}")] = ind.kode
            out[(sheet, f"{t.letter('uraian')}{n}")] = ind.uraian
            out[(sheet, f"{t.letter('capaian_k')}{n}")] = c
            out[(sheet, f"{t.letter('predikat')}{n}")] = predikat(c, bands)
