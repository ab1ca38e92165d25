"""What the Renja checks look at, computed once: the workbook read back into the model, the
figures the rules give, and the value and formula every computed cell should hold.

It is a :class:`~lkjip_xl.checks.base.CheckContext` (so the generic checks run on it unchanged)
whose ``read`` is the Renja reading (with no LKjIP Rekap rows) and whose ``figures`` are the
Renja's (:class:`~lkjip_xl.renja.calc.RenjaCalc`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData
from lkjip_xl.checks.base import CheckContext, collector_paused, formula_mismatches
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja.calc import compute
from lkjip_xl.renja.expected import expected_cells
from lkjip_xl.renja.plan import Structure, expected_formulas, structure
from lkjip_xl.renja.reader import RenjaRead, read_renja_book
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands, predikat


@dataclass
class RenjaContext(CheckContext):
    shape: Structure | None = None

    @property
    def renja(self) -> RenjaRead:
        return self.read  # type: ignore[return-value]


def is_renja_book(book: BookData) -> bool:
    """A Renja workbook is one whose table has the Renja's defined name."""
    return rl.NAME_TABLE in book.names


def renja_context(book: BookData, bands: Bands = PERMENDAGRI_86_2017) -> RenjaContext:
    with collector_paused():
        read = read_renja_book(book)
        figures = compute(read.report)
        shape = structure(read.rows)
        sheet = rl.SHEET
        values: dict[tuple[str, str], Any] = {(sheet, c): v for c, v in expected_cells(read.rows, figures, bands)}
        formulas = {(sheet, c): f for c, f in expected_formulas(read.rows, shape, bands)}
        values.update(_ringkasan(book, figures, bands))
        context = RenjaContext(book, read, figures, values, formulas, set(formulas), bands, shape=shape)  # type: ignore[arg-type]
        context.formula_mismatches.update(formula_mismatches(context))
        return context


def _ringkasan(book: BookData, figures, bands: Bands) -> dict[tuple[str, str], Any]:
    """The Ringkasan cells that show the OPD's figures (references to the table's named cells)."""
    out: dict[tuple[str, str], Any] = {}
    jml, rata = figures.opd_jumlah, figures.opd_rata
    if jml is None or rata is None:
        return out
    by_name = {rl.NAME_TOTALS["pagu"]: jml.pagu, rl.NAME_TOTALS["realisasi_rp"]: jml.realisasi,
               rl.NAME_TOTALS["serapan"]: jml.serapan.nilai, rl.NAME_TOTALS["rata_rata_k"]: rata.capaian_k,
               rl.NAME_TOTALS["rata_rata_rp"]: rata.capaian_rp,
               rl.NAME_TOTALS["predikat_k"]: predikat(rata.capaian_k, bands),
               rl.NAME_TOTALS["predikat_rp"]: predikat(rata.capaian_rp, bands)}
    for i, q in enumerate(jml.triwulan, 1):
        by_name[rl.NAME_TRIWULAN_RP.format(n=i)] = q
    sheet = book.sheets.get(rl.RINGKASAN)
    if sheet is None:
        return out
    for r in range(sheet.first_row, sheet.last_row + 1):
        for c in range(sheet.first_col, sheet.last_col + 1):
            formula = sheet.formula_at(r, c)
            if formula and formula[1:] in by_name:
                out[(rl.RINGKASAN, a1.cell(r, c))] = by_name[formula[1:]]
    return out


