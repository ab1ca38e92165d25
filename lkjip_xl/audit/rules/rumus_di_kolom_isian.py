"""A formula among typed figures: a column of inputs (realisasi per triwulan, targets) where one
cell copies another cell instead of holding what was achieved (``V44 =N44``: the realisasi of
triwulan IV taken from the target)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.regions import regions
from lkjip_xl.audit.text import cell, col, short_title
from lkjip_xl.findings import Severity
from lkjip_xl.audit.rows import children_sum, vertical_aggregate

NAME = "rumus-di-kolom-isian"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view, lay = sm.view, sm.layout
        for reg in regions(sm):
            numbers = len(reg.number_rows)
            formulas = reg.formula_rows
            if not formulas or numbers < 5 or len(formulas) * 5 > numbers + len(formulas):
                continue
            for r in formulas:
                node = view.node(r, reg.col)
                if node is None:
                    continue
                bare = fx.strip(node)
                if not fx.refs(node):
                    continue  # arithmetic typed as a formula: angka-dalam-rumus
                if _totals_own_column(view, r, reg.col, bare):
                    continue  # a parent row's subtotal of the figures typed below it
                what = (f"Rumus di kolom isian {col(reg.col)}: {numbers} sel sejenis di kolom ini diketik, "
                        "sel ini menyalin atau menghitung dari sel lain.")
                severity = Severity.WARNING
                detail = f"{cell(r, reg.col)} {view.formula(r, reg.col)}."
                if isinstance(bare, fx.Ref) and bare.kind == "cell" and bare.sheet is None:
                    rr, cc = bare.at(r, reg.col)[:2]
                    here, there = lay.title(reg.col), lay.title(cc)
                    if rr == r and "realisasi" in here and "target" in there and "realisasi" not in there:
                        what = (f"Realisasi diambil dari target: kolom {col(reg.col)} ({short_title(here)}) diisi "
                                f"rumus yang menyalin kolom {col(cc)} ({short_title(there)}).")
                        severity = Severity.ERROR
                    detail = (f"{cell(r, reg.col)} {view.formula(r, reg.col)}; isi dengan angka realisasi "
                              f"yang dicapai, bukan salinan {cell(rr, cc)}.")
                yield Hit(NAME, severity, sm.name, r, reg.col, what, detail, group=severity,
                          found=view.formula(r, reg.col))


def _totals_own_column(view, r: int, c: int, bare) -> bool:
    if vertical_aggregate(view, r, c) or children_sum(view, r, c):
        return True
    if isinstance(bare, fx.Ref) and bare.kind == "cell" and bare.sheet is None:
        rr, cc = bare.at(r, c)[:2]
        return cc == c and rr > r
    return False


RULE = Rule(NAME, "Rumus di kolom yang seharusnya diisi angka", run, generic=True)
