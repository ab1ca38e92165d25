"""Input that is missing, so a capaian cannot be computed: target empty or 0, realisasi empty, pagu
empty or 0, a numerator or denominator missing (docs/domain.md, "Capaian": no capaian, with a
reason, and a finding that says why).

The reason is the rules' own (:class:`lkjip_xl.rules.capaian.Alasan`), so the finding says exactly
why the workbook shows no capaian.

A workbook is filled in over a year: at the start no realisasi is there, mid-year half of it. An
empty input is therefore not a mistake but work still to do, and one finding per empty cell would
bury the real findings (505 of them in the blank Walantaka workbook). Empty inputs are summarised:
one finding per column block (the realisasi K of the reported year, the pagu of the base year, ...)
with how many cells are empty and where (the range from the first to the last, and the first
cells by name); a block with a single empty cell gets that cell's own finding. They are catatan;
when the report is declared complete (``Status laporan: final``, or ``check --final``) they become
peringatan (:mod:`lkjip_xl.checks.importance`). A value that is there but makes a capaian
impossible is reported cell by cell: a target or pagu of 0 is a warning (peringatan), a grade
against a number or a negative target an error (kesalahan).

A year block with no input at all (a kegiatan that ran only in the base year) is not reported: it
is not missing, it is not there. A cell the reader already reported (text that is not a number, a
negative amount) is not reported twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Iterable, Iterator, Union

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.calc import Figures, IdMap
from lkjip_xl.checks.base import Check, CheckContext
from lkjip_xl.checks.realisasi_above_pagu import kegiatan_label, tahun
from lkjip_xl.checks.tables_disagree import sasaran_indikator, show_measure, table_items
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.display import as_typed, format_number
from lkjip_xl.layout import INDIKATOR_KINDS, REKAP_LAYOUT, RekapKind
from lkjip_xl.rules import capaian, serapan
from lkjip_xl.rules.capaian import Alasan

NAME = "isian-kurang"

#: Reasons that mean an input is missing (or 0 where a divisor is needed): a warning.
MISSING = frozenset({Alasan.TARGET_KOSONG, Alasan.REALISASI_KOSONG, Alasan.TARGET_NOL, Alasan.PAGU_KOSONG,
                     Alasan.PAGU_NOL, Alasan.REALISASI_NOL_RASIO, Alasan.METODE_RENTANG_TANPA_RENTANG})
#: Reasons that mean an input cell is still empty: summarised per column block, catatan.
EMPTY = frozenset({Alasan.TARGET_KOSONG, Alasan.REALISASI_KOSONG, Alasan.PAGU_KOSONG})
EMPTY_STATE = "belum diisi"
ZERO_STATE = "bernilai 0 (pembagian dengan nol)"
#: How many cells of a block a summary names (its count and range say the rest).
NAMED_CELLS = 5
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


@dataclass(frozen=True)
class Empty:
    """An input cell still empty (or 0 where a divisor is needed), with the finding it gets when it
    is the only one of its block. The cells of one block and ``group`` are summarised together."""

    finding: Finding
    block: str  # where: "Tahun 2020 (Rekap Kegiatan)", "Pengukuran Kinerja"
    group: str  # which inputs are summarised together: "target", "realisasi"
    what: str  # the input of one row: "realisasi", "realisasi Rp", "pagu"
    unit: str  # what a row is: "indikator", "kegiatan"
    effect: str  # what is not computed: "capaian kinerja", "serapan anggaran"
    state: str = "belum diisi"  # EMPTY_STATE, or ZERO_STATE
    severity: Severity = Severity.INFO


Found = Union[Finding, Empty]


def run(ctx: CheckContext) -> Iterable[Finding]:
    reported = {(f.sheet, f.cell) for f in ctx.read.findings}
    blocks: dict[tuple[str, str, str, str], list[Empty]] = {}
    for item in _all(ctx):
        f = item.finding if isinstance(item, Empty) else item
        if (f.sheet, f.cell) in reported:
            continue
        if isinstance(item, Empty):
            blocks.setdefault((f.sheet, item.block, item.group, item.state), []).append(item)
        else:
            yield f
    for empties in blocks.values():
        yield summary(empties)


def _listed(cells: list[str]) -> str:
    cells = sorted(cells, key=a1.cell_sort_key)
    named = ", ".join(cells[:NAMED_CELLS])
    return named + (f" dan {format_number(len(cells) - NAMED_CELLS)} lainnya" if len(cells) > NAMED_CELLS else "")


def summary(empties: list[Empty]) -> Finding:
    """One finding for the cells of one block: how many of each kind of row, which cells, and the
    range from the first to the last (the cell's own finding when there is only one)."""
    first = empties[0]
    if len(empties) == 1:
        return replace(first.finding, severity=first.severity)
    units: dict[tuple[str, str], list[Empty]] = {}
    for e in empties:
        units.setdefault((e.what, e.unit), []).append(e)
    parts = [f"{what} {format_number(len(group))} {unit} ({_listed([e.finding.cell for e in group])})"
             for (what, unit), group in units.items()]
    effects = " dan ".join(dict.fromkeys(f"{group[0].effect} {unit}" for (_, unit), group in units.items()))
    positions = [a1.parse_cell(e.finding.cell) for e in empties]
    where = a1.range_ref(min(r for r, _ in positions), min(c for _, c in positions),
                         max(r for r, _ in positions), max(c for _, c in positions))
    result = "belum dihitung" if first.state == EMPTY_STATE else "tidak dapat dihitung"
    return Finding(first.severity, NAME, first.finding.sheet, where,
                   f"{first.block}: {' dan '.join(parts)} {first.state}; {effects} itu {result}.")


def _all(ctx: CheckContext) -> Iterator[Found]:
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


def _rekap(ctx: CheckContext) -> Iterator[Found]:
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
                f = Finding(_severity(kode), NAME, sheet, f"{col}{r.row}",
                            _message(what, kode, alasan, _k_values(block.target, block.realisasi)), found=alasan)
                block = f"{when.capitalize()} (Rekap Kegiatan)"
                if kode in EMPTY:
                    what = "target" if col == y.target else "realisasi"
                    yield Empty(f, block, what, what, "indikator", "capaian kinerja")
                elif kode is Alasan.TARGET_NOL:
                    yield Empty(f, block, "target", "target", "indikator", "capaian kinerja", ZERO_STATE,
                                Severity.WARNING)
                else:
                    yield f
            elif r.kind is RekapKind.KEGIATAN and r.kegiatan is not None:
                block = r.kegiatan.tahun(year)
                if block is None or _computed(ctx.figures.kegiatan, r.kegiatan, year, "capaian_rp"):
                    continue
                c = serapan(block.realisasi_rp, block.pagu)
                if c.kode is None or c.kode is Alasan.PAGU_NEGATIF:
                    continue  # a negative pagu: the reader reports it
                col = y.pagu if c.kode in TARGET_REASONS else y.realisasi_rp
                what = f"Anggaran {kegiatan_label(r.program, r.kegiatan)} ({when})"
                values = f"pagu {as_typed(block.pagu)}, realisasi Rp {as_typed(block.realisasi_rp)}"
                f = Finding(_severity(c.kode), NAME, sheet, f"{col}{r.row}",
                            f"{what}: {_WHY.get(c.kode, c.alasan)} ({values}); serapan anggaran tidak dihitung.",
                            found=c.alasan)
                block = f"{when.capitalize()} (Rekap Kegiatan)"
                if c.kode in EMPTY:
                    group, what = ("target", "pagu") if col == y.pagu else ("realisasi", "realisasi Rp")
                    yield Empty(f, block, group, what, "kegiatan", "serapan anggaran")
                elif c.kode is Alasan.PAGU_NOL:
                    yield Empty(f, block, "target", "pagu", "kegiatan", "serapan anggaran", ZERO_STATE,
                                Severity.WARNING)
                else:
                    yield f


def _sasaran(ctx: CheckContext) -> Iterator[Found]:
    report = ctx.read.report
    pk = lay.PK_TABLE
    for sheet, row, ind in table_items(ctx, pk, sasaran_indikator(report.perjanjian_kinerja)):
        if ind.target is None:
            cell = pk.letter("target")
            yield Empty(Finding(Severity.WARNING, NAME, sheet, f"{cell}{row}",
                                f"Target indikator {ind.kode} di Perjanjian Kinerja belum diisi.", found=None),
                        "Perjanjian Kinerja", "target", "target", "indikator sasaran", "pembanding capaian")
    t = lay.PENGUKURAN_TABLE
    for sheet, row, ind in table_items(ctx, t, sasaran_indikator(report.pengukuran)):
        what = f"Indikator {ind.kode} di Pengukuran Kinerja"
        values = _k_values(ind.target, ind.realisasi)
        if ind.target is None and ind.realisasi is None:
            for key, kode in (("target", Alasan.TARGET_KOSONG), ("realisasi", Alasan.REALISASI_KOSONG)):
                yield Empty(Finding(Severity.WARNING, NAME, sheet, f"{t.letter(key)}{row}",
                                    _message(what, kode, kode.value, values), found=kode.value),
                            "Pengukuran Kinerja", key, key, "indikator sasaran", "capaian")
            continue
        reason = k_reason(ind.target, ind.realisasi, ind.metode)
        if reason is None:
            continue
        kode, alasan = reason
        col = t.letter("target") if kode in TARGET_REASONS else t.letter("realisasi")
        f = Finding(_severity(kode), NAME, sheet, f"{col}{row}", _message(what, kode, alasan, values), found=alasan)
        if kode in EMPTY:
            what = "target" if col == t.letter("target") else "realisasi"
            yield Empty(f, "Pengukuran Kinerja", what, what, "indikator sasaran", "capaian")
        else:
            yield f


def _formula(ctx: CheckContext) -> Iterator[Found]:
    t = lay.FORMULA_TABLE
    for sheet, row, f in table_items(ctx, t, ctx.read.report.indikator_formula):
        if f.nilai_pembilang is None and f.nilai_penyebut is None:
            continue  # a formula given in words only
        if f.nilai_penyebut is None and not f.penyebut:
            continue  # not a fraction: a count with no denominator ("Jumlah dokumen = 1")
        values = f"pembilang {as_typed(f.nilai_pembilang)}, penyebut {as_typed(f.nilai_penyebut)}"
        what = f"Formula indikator \"{f.uraian}\""
        if f.nilai_penyebut is None:
            yield Empty(Finding(Severity.WARNING, NAME, sheet, f"{t.letter('nilai_penyebut')}{row}",
                                f"{what}: nilai penyebut belum diisi ({values}); hasil tidak dihitung.", found=None),
                        "Formula indikator", "penyebut", "nilai penyebut", "formula", "hasil")
        elif f.nilai_penyebut == 0:
            yield Finding(Severity.WARNING, NAME, sheet, f"{t.letter('nilai_penyebut')}{row}",
                          f"{what}: penyebut 0 (pembagian dengan nol) ({values}); hasil tidak dihitung.",
                          found=f.nilai_penyebut)
        elif f.nilai_pembilang is None:
            yield Empty(Finding(Severity.WARNING, NAME, sheet, f"{t.letter('nilai_pembilang')}{row}",
                                f"{what}: nilai pembilang belum diisi ({values}); hasil tidak dihitung.", found=None),
                        "Formula indikator", "pembilang", "nilai pembilang", "formula", "hasil")


def _anggaran(ctx: CheckContext) -> Iterator[Found]:
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
        yield Empty(Finding(Severity.WARNING, NAME, found[0], found[1],
                            f"{fields[key].label} belum diisi; total anggaran, serapan dan saldo tidak lengkap.",
                            found=None), "Anggaran", key, fields[key].label, "isian", "total anggaran")


CHECK = Check(NAME, "Isian yang kurang (target kosong atau 0, realisasi atau pagu kosong)", run, applies)
