"""The workbook "as printed": the normal workbook with the document's printed figures typed over
the formulas, as a careless office would have done.

It is what a hand-made LKjIP spreadsheet looks like when its totals, averages and capaian were
typed (or pasted as values) instead of computed: a test bed for the checks, and a demonstration
of what ``lkjip-xl recalc`` finds in such a file. Every figure the document printed is typed in the
cell whose formula computes it, as a plain number (``"97,89"`` becomes 97.89): program pagu,
realisasi Rp and capaian Rp; kegiatan capaian Rp; indicator capaian K; the program rata-rata rows;
the kelompok and OPD rows; the Data Umum totals; Pengukuran capaian and the formula results; the
Anggaran total, serapan and saldo. Inputs are left as the writer wrote them; printed text that is not
a number (``"####"``) is not typed.

The Rekap rows are found in the built workbook (hidden Jenis/Kunci columns, through
:func:`lkjip_xl.expected.read_rekap_rows`) and matched to the report by their kunci
(:func:`lkjip_xl.rekap_plan.plan_rekap`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from openpyxl.workbook.workbook import Workbook

from lkjip_xl import layout as lay
from lkjip_xl import model as m
from lkjip_xl.expected import named_cell, named_rows, read_rekap_rows
from lkjip_xl.layout import INDIKATOR_KINDS, REKAP_LAYOUT, RekapKind
from lkjip_xl.rekap_plan import RekapRow, plan_rekap
from lkjip_xl.writer import Options, build_workbook, save_atomic

K = RekapKind

__all__ = ["TypedCell", "build_as_printed", "type_printed", "write_as_printed"]


@dataclass(frozen=True)
class TypedCell:
    """A formula cell replaced by the figure the document printed."""

    sheet: str
    cell: str
    value: int | float  # what was typed
    printed: Decimal  # the printed figure, exactly
    path: str  # where the figure is in the report model
    formula: str  # the formula it replaced


def _typed_value(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _dig(d: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


class _Typist:
    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.typed: list[TypedCell] = []

    def put(self, sheet: str, cell: str, printed: Any, path: str) -> None:
        if not isinstance(printed, Decimal):
            return  # nothing printed, or text such as "####"
        c = self.wb[sheet][cell]
        formula = c.value
        if not (isinstance(formula, str) and formula.startswith("=")):
            return  # only formulas are overwritten; inputs stay as they are
        c.value = _typed_value(printed)
        self.typed.append(TypedCell(sheet, cell, c.value, printed, path, formula))


def _rekap(t: _Typist, report: m.Report) -> None:
    L = REKAP_LAYOUT
    block = named_rows(t.wb, lay.NAME_REKAP_TABLE)
    if block is None:
        return
    sheet, first, last = block
    found = read_rekap_rows(t.wb[sheet], first, last)
    planned = {(r.kind, r.kunci): r for r in plan_rekap(report.rekap, 1)}
    paths = _rekap_paths(report.rekap)
    for row in found:
        plan = planned.get((row.kind, row.kunci))
        if plan is None:
            continue
        cols = set(L.formula_columns(row.kind))
        for year, y in L.years.items():
            for key, col, printed, path in _row_figures(plan, year, y, report.rekap, paths):
                if col in cols:
                    t.put(sheet, f"{col}{row.row}", printed, f"{path}.{key}")


def _rekap_paths(rekap: m.Rekap) -> dict[int, str]:
    """id(model object) -> its path in the report (for the TypedCell record)."""
    out: dict[int, str] = {id(rekap): "rekap"}
    for ki, kel in enumerate(rekap.kelompok):
        kp = f"rekap.kelompok[{ki}]"
        out[id(kel)] = kp
        for pi, prog in enumerate(kel.program):
            pp = f"{kp}.program[{pi}]"
            out[id(prog)] = pp
            for ii, ind in enumerate(prog.indikator):
                out[id(ind)] = f"{pp}.indikator[{ii}]"
            for gi, keg in enumerate(prog.kegiatan):
                gp = f"{pp}.kegiatan[{gi}]"
                out[id(keg)] = gp
                for ii, ind in enumerate(keg.indikator):
                    out[id(ind)] = f"{gp}.indikator[{ii}]"
    return out


def _row_figures(r: RekapRow, year: str, y: lay.YearColumns, rekap: m.Rekap,
                 paths: dict[int, str]) -> Sequence[tuple[str, str, Any, str]]:
    """(printed key, column, printed value, path of the printed mapping) of one Rekap row and year."""
    if r.kind in INDIKATOR_KINDS:
        block = r.indikator.tahun(year)
        if block is None:
            return ()
        return [("capaian", y.capaian_k, block.printed.get("capaian"), f"{paths[id(r.indikator)]}.{year}.printed")]
    if r.kind is K.KEGIATAN:
        block = r.kegiatan.tahun(year)
        if block is None:
            return ()
        return [("capaian_rp", y.capaian_rp, block.printed.get("capaian_rp"),
                 f"{paths[id(r.kegiatan)]}.{year}.printed")]
    if r.kind is K.PROGRAM:
        pd, path = _dig(r.program.printed, year), f"{paths[id(r.program)]}.printed.{year}"
        return [(key, col, _dig(pd, key), path) for key, col in
                (("pagu", y.pagu), ("realisasi_rp", y.realisasi_rp), ("capaian_rp", y.capaian_rp))]
    if r.kind is K.RATA_RATA_PROGRAM:
        pd, path = _dig(r.program.printed, "rata_rata", year), f"{paths[id(r.program)]}.printed.rata_rata.{year}"
        return [("k", y.capaian_k, _dig(pd, "k"), path), ("rp", y.capaian_rp, _dig(pd, "rp"), path)]
    owner = r.kelompok if r.kind in (K.RATA_RATA_KELOMPOK, K.JUMLAH_KELOMPOK) else rekap
    if owner is None:
        return ()
    row_key = {K.RATA_RATA_KELOMPOK: "rata_rata_kegiatan", K.JUMLAH_KELOMPOK: "jumlah",
               K.RATA_RATA_OPD: "rata_rata_kegiatan", K.JUMLAH_OPD: "jumlah",
               K.TOTAL_RATA_RATA_OPD: "total_rata_rata"}.get(r.kind)
    if row_key is None:
        return ()
    pd, path = _dig(owner.printed, row_key, year), f"{paths[id(owner)]}.printed.{row_key}.{year}"
    return [(key, col, _dig(pd, key), path) for key, col in
            (("pagu", y.pagu), ("realisasi_rp", y.realisasi_rp), ("k", y.capaian_k), ("rp", y.capaian_rp))]


def _tables(t: _Typist, report: m.Report) -> None:
    # Pengukuran capaian, in the order written.
    table = lay.PENGUKURAN_TABLE
    found = named_rows(t.wb, table.name)
    if found:
        sheet, first, _ = found
        n = first
        for si, sasaran in enumerate(report.pengukuran):
            for ii, ind in enumerate(sasaran.indikator):
                t.put(sheet, f"{table.letter('capaian')}{n}", ind.printed.get("capaian"),
                      f"pengukuran[{si}].indikator[{ii}].printed.capaian")
                n += 1
    table = lay.FORMULA_TABLE
    found = named_rows(t.wb, table.name)
    if found:
        sheet, first, _ = found
        for i, f in enumerate(report.indikator_formula):
            t.put(sheet, f"{table.letter('hasil')}{first + i}", f.printed.get("hasil"),
                  f"indikator_formula[{i}].printed.hasil")
    du = report.data_umum
    if du is not None:
        cell = named_cell(t.wb, f"{lay.KELURAHAN_TABLE.name}_JUMLAH_JUMLAH_RT_RW")
        if cell:
            t.put(*cell, du.printed.get("jumlah_rt_rw"), "data_umum.printed.jumlah_rt_rw")
        if du.sdm is not None:
            for name, sdm_table in lay.SDM_TABLES.items():
                cell = named_cell(t.wb, f"{sdm_table.name}_JUMLAH_JUMLAH")
                if cell:
                    t.put(*cell, du.sdm.printed.get(f"jumlah_{name}"), f"data_umum.sdm.printed.jumlah_{name}")
    k = report.keuangan
    if k is not None:
        for f in lay.ANGGARAN_FIELDS:
            if f.key in ("total", "serapan", "saldo", "saldo_persen"):
                cell = named_cell(t.wb, f.name)
                if cell:
                    t.put(*cell, k.printed.get(f.key), f"keuangan.printed.{f.key}")


def type_printed(wb: Workbook, report: m.Report) -> list[TypedCell]:
    """Type the report's printed figures over the formulas of ``wb`` (built from ``report``)."""
    t = _Typist(wb)
    _tables(t, report)
    _rekap(t, report)
    return t.typed


def build_as_printed(report: m.Report, options: Options | None = None) -> tuple[Workbook, list[TypedCell]]:
    wb = build_workbook(report, options)
    return wb, type_printed(wb, report)


def write_as_printed(report: m.Report, path: str | Path, options: Options | None = None) -> list[TypedCell]:
    """Write the "as printed" workbook to ``path`` (atomically); return the cells typed."""
    wb, typed = build_as_printed(report, options)
    save_atomic(wb, Path(path))
    return typed


def main(argv: Sequence[str] | None = None) -> int:  # pragma: no cover - a maintenance helper
    """``python -m lkjip_xl.as_printed report.yaml out.xlsx``: regenerate an "as printed" workbook."""
    from lkjip_xl.loader import load_report

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m lkjip_xl.as_printed REPORT.yaml OUT.xlsx", file=sys.stderr)
        return 2
    typed = write_as_printed(load_report(args[0]), args[1])
    print(f"{args[1]}: {len(typed)} sel rumus diganti angka tercetak")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
