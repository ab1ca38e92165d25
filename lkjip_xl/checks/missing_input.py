"""Input that is missing, so a capaian cannot be computed: target empty or 0, realisasi empty, pagu
empty or 0, a numerator or denominator missing (domain.md: "Target 0, missing target or missing
realisasi: no capaian, and a finding that says why").

The reason is the rules' own (:class:`lkjip_xl.rules.capaian.Alasan`), so the finding says exactly
why the workbook shows no capaian. Missing input is a warning (peringatan); a value that makes a
capaian impossible (a grade against a number, a negative target) is an error (kesalahan).

A year block with no input at all (a kegiatan that ran only in the base year) is not reported: it
is not missing, it is not there. A cell the reader already reported (text that is not a number, a
negative amount) is not reported twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from lkjip_xl import layout as lay
from lkjip_xl.calc import Figures, IdMap
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.checks.realisasi_above_pagu import angka, kegiatan_label, tahun
from lkjip_xl.checks.tables_disagree import sasaran_indikator, show_measure, table_items
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import INDIKATOR_KINDS, REKAP_LAYOUT, RekapKind
from lkjip_xl.rules import capaian, serapan
from lkjip_xl.rules.capaian import Alasan

NAME = "isian-kurang"

#: Reasons that mean an input is missing (or 0 where a divisor is needed): a warning.
MISSING = frozenset({Alasan.TARGET_KOSONG, Alasan.REALISASI_KOSONG, Alasan.TARGET_NOL, Alasan.PAGU_KOSONG,
                     Alasan.PAGU_NOL, Alasan.REALISASI_NOL_RASIO, Alasan.METODE_RENTANG_TANPA_RENTANG})
#: Reasons about the target cell (the others are about the realisasi cell).
TARGET_REASONS = frozenset({Alasan.TARGET_KOSONG, Alasan.TARGET_NOL, Alasan.TARGET_NEGATIF, Alasan.TARGET_BUKAN_ANGKA,
                            Alasan.TARGET_RENTANG_METODE_LAIN, Alasan.METODE_RENTANG_TANPA_RENTANG,
                            Alasan.BATAS_RENTANG_TIDAK_POSITIF, Alasan.SKALA_BERBEDA, Alasan.METODE_TIDAK_DIKENAL,
                            Alasan.DI_LUAR_JANGKAUAN, Alasan.PAGU_KOSONG, Alasan.PAGU_NOL, Alasan.PAGU_NEGATIF,
                            Alasan.PAGU_BUKAN_ANGKA})

_WHY = {
    Alasan.TARGET_KOSONG: "target belum diisi",
    Alasan.REALISASI_KOSONG: "realisasi belum diisi",
    Alasan.TARGET_NOL: "target 0 (pembagian dengan nol)",
    Alasan.PAGU_KOSONG: "pagu belum diisi",
    Alasan.PAGU_NOL: "pagu 0 (pembagian dengan nol)",
    Alasan.REALISASI_NOL_RASIO: "realisasi 0 pada metode negatif_rasio (target / realisasi)",
}


def _severity(kode: Alasan) -> Severity:
    return Severity.WARNING if kode in MISSING else Severity.ERROR


def _message(what: str, kode: Alasan, alasan: str, values: str) -> str:
    why = _WHY.get(kode, alasan)
    return f"{what}: {why} ({values}); capaian tidak dihitung."


def applies(ctx: CheckContext) -> bool:
    return True


def run(ctx: CheckContext) -> Iterable[Finding]:
    reported = {(f.sheet, f.cell) for f in ctx.read.findings}
    for f in _all(ctx):
        if (f.sheet, f.cell) not in reported:
            yield f


def _all(ctx: CheckContext) -> Iterable[Finding]:
    yield from _rekap(ctx)
    yield from _sasaran(ctx)
    yield from _formula(ctx)
    yield from _anggaran(ctx)


def _k_values(target: Any, realisasi: Any) -> str:
    return f"target {show_measure(target)}, realisasi {show_measure(realisasi)}"


def k_reason(target: Any, realisasi: Any, metode: Any) -> tuple[Alasan, str] | None:
    """Why a target / realisasi pair has no capaian (None: it has one). A target of 0 is named
    even when the realisasi is empty too: a row planned at 0 is the finding, not its realisasi."""
    if isinstance(target, Decimal) and target == 0:
        return Alasan.TARGET_NOL, Alasan.TARGET_NOL.value
    c = capaian(target, realisasi, metode)
    if c.kode is None:
        return None
    return c.kode, c.alasan or c.kode.value


def _computed(figures: IdMap[Any, dict[str, Figures]], item: object, year: str, attr: str) -> bool:
    """Did the context's figures give ``item`` a value for ``attr`` in ``year``? Then the rules found
    nothing missing there: the row needs no second look (most rows of a report)."""
    if item not in figures:
        return False
    fig = figures[item].get(year)
    return fig is not None and getattr(fig, attr) is not None


def _rekap(ctx: CheckContext) -> Iterable[Finding]:
    L = REKAP_LAYOUT
    sheet = L.sheet
    whens = {year: f"tahun {tahun(ctx, year)}" for year in L.years}
    for r in ctx.read.rekap_rows:
        for year, y in L.years.items():
            when = whens[year]
            if r.kind in INDIKATOR_KINDS and r.indikator is not None:
                block = r.indikator.tahun(year)
                if block is None or _computed(ctx.figures.indikator, r.indikator, year, "capaian_k"):
                    continue
                owner = (kegiatan_label(r.program, r.kegiatan) if r.kegiatan is not None
                         else f"program {r.program.kode}" if r.program is not None else "")
                what = f"Indikator \"{r.indikator.uraian}\" ({owner}, {when})"
                reason = k_reason(block.target, block.realisasi, r.indikator.metode)
                if reason is None:
                    continue
                kode, alasan = reason
                col = y.target if kode in TARGET_REASONS else y.realisasi
                yield Finding(_severity(kode), NAME, sheet, f"{col}{r.row}",
                              _message(what, kode, alasan, _k_values(block.target, block.realisasi)), found=alasan)
            elif r.kind is RekapKind.KEGIATAN and r.kegiatan is not None:
                block = r.kegiatan.tahun(year)
                if block is None or _computed(ctx.figures.kegiatan, r.kegiatan, year, "capaian_rp"):
                    continue
                c = serapan(block.realisasi_rp, block.pagu)
                if c.kode is None or c.kode is Alasan.PAGU_NEGATIF:
                    continue  # a negative pagu: the reader reports it
                col = y.pagu if c.kode in TARGET_REASONS else y.realisasi_rp
                what = f"Anggaran {kegiatan_label(r.program, r.kegiatan)} ({when})"
                values = f"pagu {angka(block.pagu)}, realisasi Rp {angka(block.realisasi_rp)}"
                yield Finding(_severity(c.kode), NAME, sheet, f"{col}{r.row}",
                              f"{what}: {_WHY.get(c.kode, c.alasan)} ({values}); serapan anggaran tidak dihitung.",
                              found=c.alasan)


def _sasaran(ctx: CheckContext) -> Iterable[Finding]:
    report = ctx.read.report
    pk = lay.PK_TABLE
    for sheet, row, ind in table_items(ctx, pk, sasaran_indikator(report.perjanjian_kinerja)):
        if ind.target is None:
            cell = pk.letter("target")
            yield Finding(Severity.WARNING, NAME, sheet, f"{cell}{row}",
                          f"Target indikator {ind.kode} di Perjanjian Kinerja belum diisi.", found=None)
    t = lay.PENGUKURAN_TABLE
    for sheet, row, ind in table_items(ctx, t, sasaran_indikator(report.pengukuran)):
        what = f"Indikator {ind.kode} di Pengukuran Kinerja"
        values = _k_values(ind.target, ind.realisasi)
        if ind.target is None and ind.realisasi is None:
            for key, kode in (("target", Alasan.TARGET_KOSONG), ("realisasi", Alasan.REALISASI_KOSONG)):
                yield Finding(Severity.WARNING, NAME, sheet, f"{t.letter(key)}{row}",
                              _message(what, kode, kode.value, values), found=kode.value)
            continue
        reason = k_reason(ind.target, ind.realisasi, ind.metode)
        if reason is None:
            continue
        kode, alasan = reason
        col = t.letter("target") if kode in TARGET_REASONS else t.letter("realisasi")
        yield Finding(_severity(kode), NAME, sheet, f"{col}{row}", _message(what, kode, alasan, values), found=alasan)


def _formula(ctx: CheckContext) -> Iterable[Finding]:
    t = lay.FORMULA_TABLE
    for sheet, row, f in table_items(ctx, t, ctx.read.report.indikator_formula):
        if f.nilai_pembilang is None and f.nilai_penyebut is None:
            continue  # a formula given in words only
        if f.nilai_penyebut is None and not f.penyebut:
            continue  # not a fraction: a count with no denominator ("Jumlah dokumen = 1")
        values = f"pembilang {angka(f.nilai_pembilang)}, penyebut {angka(f.nilai_penyebut)}"
        what = f"Formula indikator \"{f.uraian}\""
        if f.nilai_penyebut is None:
            yield Finding(Severity.WARNING, NAME, sheet, f"{t.letter('nilai_penyebut')}{row}",
                          f"{what}: nilai penyebut belum diisi ({values}); hasil tidak dihitung.", found=None)
        elif f.nilai_penyebut == 0:
            yield Finding(Severity.WARNING, NAME, sheet, f"{t.letter('nilai_penyebut')}{row}",
                          f"{what}: penyebut 0 (pembagian dengan nol) ({values}); hasil tidak dihitung.",
                          found=f.nilai_penyebut)
        elif f.nilai_pembilang is None:
            yield Finding(Severity.WARNING, NAME, sheet, f"{t.letter('nilai_pembilang')}{row}",
                          f"{what}: nilai pembilang belum diisi ({values}); hasil tidak dihitung.", found=None)


def _anggaran(ctx: CheckContext) -> Iterable[Finding]:
    k = ctx.read.report.keuangan
    if k is None or all(v is None for v in (k.btl, k.bl, k.realisasi)):
        return  # no Anggaran data at all
    fields = {f.key: f for f in lay.ANGGARAN_FIELDS}
    for key in ("btl", "bl", "realisasi"):
        if getattr(k, key) is not None:
            continue
        found = ctx.book.name_cell(fields[key].name)
        if found is None:
            continue
        yield Finding(Severity.WARNING, NAME, found[0], found[1],
                      f"{fields[key].label} belum diisi; total anggaran, serapan dan saldo tidak lengkap.", found=None)


CHECK = Check(NAME, "Isian yang kurang (target kosong atau 0, realisasi atau pagu kosong)", run, applies)
