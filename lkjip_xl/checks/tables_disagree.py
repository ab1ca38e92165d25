"""Tables that disagree with each other (docs/domain.md, mistake 6).

- The Perjanjian Kinerja target of an indicator and its target in Pengukuran (same kode): the seed
  prints "Skor 48" in one and "Skor 46" in the other. Also a PK indicator that Pengukuran does not
  measure, and a Pengukuran indicator that is not in the PK.
- The SDM breakdowns (pendidikan, pangkat, eselon) against the stated staff total: the seed's eselon
  rows add up to 70 for 69 staff.
- The numerator / denominator result of the Formula indikator table against the realisasi it should
  feed: the Pengukuran indicator with the same kode, or the Rekap outcome indicator (reported year)
  of the same program with the same uraian. A realisasi written with fewer decimals than the result
  (57,142 for 4/7) agrees with it.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Iterable, Iterator

from lkjip_xl import calc
from lkjip_xl import layout as lay
from lkjip_xl import model as m
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.checks.realisasi_above_pagu import tahun
from lkjip_xl.display import as_typed
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import REKAP_LAYOUT, RekapKind
from lkjip_xl.rules import Range

NAME = "tabel-tidak-sesuai"


# -- where the model's table items are in the workbook (shared with the other data checks) ----------
def table_rows(ctx: CheckContext, table: lay.Table) -> tuple[str, list[int]] | None:
    """The sheet and the rows of a named table that hold an item, in the order the reader read them
    (rows with no label or input are skipped, as the reader does)."""
    found = ctx.book.name_range(table.name)
    if found is None:
        return None
    sheet, (first, _, last, _) = found
    data = ctx.book.sheets.get(sheet)
    if data is None:
        return None
    key_cols = [c.letter for c in table.columns if c.role in (lay.Kind.LABEL, lay.Kind.INPUT)]
    rows = [r for r in range(first, last + 1) if any(data.value(f"{c}{r}") not in (None, "") for c in key_cols)]
    return sheet, rows


def table_items(ctx: CheckContext, table: lay.Table, items: list[Any]) -> Iterator[tuple[str, int, Any]]:
    """(sheet, row, item) of the items the reader read from ``table``."""
    found = table_rows(ctx, table)
    if found is None:
        return
    sheet, rows = found
    for row, item in zip(rows, items):
        yield sheet, row, item


def sasaran_indikator(sasaran: list[m.Sasaran]) -> list[m.IndikatorSasaran]:
    return [ind for s in sasaran for ind in s.indikator]


def show_measure(value: m.Measure) -> str:
    if isinstance(value, Range):
        return f"{as_typed(value.min)} - {as_typed(value.max)}"
    if isinstance(value, Decimal):
        return as_typed(value)
    return "(kosong)" if value is None else str(value)


def cell_measure(value: m.Measure) -> Any:
    """A measure as the Pemeriksaan table holds it: a number stays a number (shown with its format)."""
    return value if isinstance(value, Decimal) else show_measure(value)


def same_measure(a: m.Measure, b: m.Measure) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().upper() == b.strip().upper()
    return a == b


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


# -- the checks ---------------------------------------------------------------------------------------
def applies(ctx: CheckContext) -> bool:
    r = ctx.read.report
    return bool(r.perjanjian_kinerja or r.pengukuran or r.indikator_formula or (r.data_umum and r.data_umum.sdm))


def run(ctx: CheckContext) -> Iterable[Finding]:
    yield from _pk_vs_pengukuran(ctx)
    yield from _sdm(ctx)
    yield from _formula(ctx)


def _pk_vs_pengukuran(ctx: CheckContext) -> Iterable[Finding]:
    report = ctx.read.report
    pk = list(table_items(ctx, lay.PK_TABLE, sasaran_indikator(report.perjanjian_kinerja)))
    peng = list(table_items(ctx, lay.PENGUKURAN_TABLE, sasaran_indikator(report.pengukuran)))
    if not pk or not peng:
        return
    t_pk, t_pg = lay.PK_TABLE, lay.PENGUKURAN_TABLE
    pk_by_kode = {}
    for sheet, row, ind in pk:
        pk_by_kode.setdefault(ind.kode, (sheet, row, ind))
    measured = set()
    for sheet, row, ind in peng:
        measured.add(ind.kode)
        if ind.kode not in pk_by_kode:
            yield Finding(Severity.WARNING, NAME, sheet, f"{t_pg.letter('kode')}{row}",
                          f"Indikator {ind.kode} ({ind.uraian}) diukur di Pengukuran Kinerja tetapi tidak ada di "
                          "Perjanjian Kinerja.", found=ind.kode)
            continue
        pk_sheet, pk_row, pk_ind = pk_by_kode[ind.kode]
        pk_target_cell = f"'{pk_sheet}'!{t_pk.letter('target')}{pk_row}"
        if ind.target is not None and pk_ind.target is not None and not same_measure(ind.target, pk_ind.target):
            yield Finding(Severity.ERROR, NAME, sheet, f"{t_pg.letter('target')}{row}",
                          f"Target indikator {ind.kode} di Pengukuran Kinerja ({show_measure(ind.target)}) tidak sama "
                          f"dengan targetnya di Perjanjian Kinerja ({show_measure(pk_ind.target)}, sel "
                          f"{pk_target_cell}); capaian dihitung dari target Pengukuran.",
                          expected=cell_measure(pk_ind.target), found=cell_measure(ind.target))
        if ind.metode is not pk_ind.metode:
            yield Finding(Severity.ERROR, NAME, sheet, f"{t_pg.letter('metode')}{row}",
                          f"Metode indikator {ind.kode} di Pengukuran Kinerja ({ind.metode.value}) tidak sama dengan "
                          f"metodenya di Perjanjian Kinerja ({pk_ind.metode.value}).",
                          expected=pk_ind.metode.value, found=ind.metode.value)
    for sheet, row, ind in pk:
        if ind.kode not in measured:
            yield Finding(Severity.WARNING, NAME, sheet, f"{t_pk.letter('kode')}{row}",
                          f"Indikator {ind.kode} ({ind.uraian}) ada di Perjanjian Kinerja tetapi tidak diukur di "
                          "Pengukuran Kinerja.", found=ind.kode)


def _sdm(ctx: CheckContext) -> Iterable[Finding]:
    du = ctx.read.report.data_umum
    sdm = du.sdm if du else None
    if sdm is None or sdm.jumlah_pegawai is None:
        return
    stated = ctx.book.name_cell(lay.JUMLAH_PEGAWAI.name)
    stated_at = f" (sel '{stated[0]}'!{stated[1]})" if stated else ""
    for name, rows in sdm.breakdowns().items():
        counted = [r.jumlah for r in rows if r.jumlah is not None]
        if not counted:
            continue
        jumlah = sum(counted)
        if jumlah == sdm.jumlah_pegawai:
            continue
        table = lay.SDM_TABLES[name]
        cell = ctx.book.name_cell(f"{table.name}_JUMLAH_JUMLAH")
        if cell is None:
            items = list(table_items(ctx, table, rows))
            if not items:
                continue
            cell = (items[-1][0], f"{table.letter('jumlah')}{items[-1][1]}")
        yield Finding(Severity.ERROR, NAME, cell[0], cell[1],
                      f"Jumlah pegawai menurut {name} ({as_typed(jumlah)}) tidak sama dengan jumlah pegawai "
                      f"{as_typed(sdm.jumlah_pegawai)}{stated_at}.", expected=sdm.jumlah_pegawai, found=jumlah)


def agrees(hasil: Decimal, realisasi: Decimal) -> bool:
    """Does a realisasi equal a formula's result, written with the realisasi's own decimals
    (rounded or truncated: the seed writes 57,142 for 4/7 and 91,6 for 11/12)?"""
    if realisasi == hasil:
        return True
    exponent = min(realisasi.normalize().as_tuple().exponent, 0)
    q = Decimal(1).scaleb(exponent)
    return realisasi in (hasil.quantize(q, rounding=ROUND_HALF_UP), hasil.quantize(q, rounding=ROUND_DOWN))


def _formula(ctx: CheckContext) -> Iterable[Finding]:
    report = ctx.read.report
    formulas = list(table_items(ctx, lay.FORMULA_TABLE, report.indikator_formula))
    if not formulas:
        return
    ft = lay.FORMULA_TABLE
    peng = {}
    for sheet, row, ind in table_items(ctx, lay.PENGUKURAN_TABLE, sasaran_indikator(report.pengukuran)):
        peng.setdefault(ind.kode, (sheet, f"{lay.PENGUKURAN_TABLE.letter('realisasi')}{row}", ind.realisasi))
    outcome = {}
    y = REKAP_LAYOUT.years["laporan"]
    for r in ctx.read.rekap_rows:
        if r.kind is RekapKind.INDIKATOR_PROGRAM and r.program is not None and r.indikator is not None:
            block = r.indikator.laporan
            outcome.setdefault((r.program.kode, _norm(r.indikator.uraian)),
                               (REKAP_LAYOUT.sheet, f"{y.realisasi}{r.row}", block.realisasi if block else None))
    for sheet, row, f in formulas:
        hasil = calc.formula_hasil(f).nilai
        if hasil is None:
            continue  # no result: missing_input says why
        if f.kode:
            target = peng.get(f.kode)
            what = f"indikator {f.kode} di Pengukuran Kinerja"
        elif f.program:
            target = outcome.get((f.program, _norm(f.uraian)))
            what = f"indikator program {f.program} \"{f.uraian}\" ({tahun(ctx, 'laporan')})"
        else:
            continue
        if target is None:
            continue
        target_sheet, target_cell, realisasi = target
        if not isinstance(realisasi, Decimal) or agrees(hasil, realisasi):
            continue
        yield Finding(Severity.ERROR, NAME, target_sheet, target_cell,
                      f"Realisasi {what} ({as_typed(realisasi)}) tidak sesuai dengan formula indikatornya: "
                      f"{as_typed(f.nilai_pembilang)} / {as_typed(f.nilai_penyebut)} x 100 % = {as_typed(hasil, 2)} % "
                      f"(sel '{sheet}'!{ft.letter('hasil')}{row}).", expected=hasil, found=realisasi)


CHECK = Check(NAME, "Tabel yang saling tidak sesuai (PK dan Pengukuran, rincian SDM, formula indikator)", run,
              applies)
