"""A percentage divided by the target again: ``AC39 =AA39/H39*100`` where ``AA39 =AA38/H38*100`` is
already the realisasi as a percentage of H38, and H39 is H38."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit.blocks import source_of
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.ratios import ratio, single_cell
from lkjip_xl.audit.text import cell, persen
from lkjip_xl.findings import Severity

NAME = "persen-dibagi-lagi"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        for r, c in view.formula_cells():
            node = view.node(r, c)
            rt = ratio(node) if node is not None else None
            if rt is None or not rt[2]:
                continue
            num, den = single_cell(rt[0]), single_cell(rt[1])
            if num is None or den is None:
                continue
            nr, nc = source_of(sm, *num.at(r, c)[:2])
            inner_node = view.node(nr, nc)
            inner = ratio(inner_node) if inner_node is not None else None
            if inner is None or not inner[2]:
                continue
            iden = single_cell(inner[1])
            if iden is None:
                continue
            d_inner = source_of(sm, *iden.at(nr, nc)[:2])
            d_outer = source_of(sm, *den.at(r, c)[:2])
            if d_inner != d_outer:
                continue
            pr, pc = num.at(r, c)[:2]
            shown, pct = view.value(r, c), view.value(pr, pc)
            what = "Persentase dibagi lagi dengan target yang sama."
            detail = (f"{cell(r, c)} {view.formula(r, c)}: {cell(pr, pc)} sudah persentase terhadap {cell(*d_inner)} "
                      f"({view.formula(nr, nc)}), lalu dibagi lagi dengan {cell(*den.at(r, c)[:2])}"
                      + (f" (= {cell(*d_outer)})" if den.at(r, c)[:2] != d_outer else ""))
            if is_number(shown):
                detail += f" = {persen(shown)}"
            detail += f"; seharusnya ={cell(pr, pc)}"
            if is_number(pct):
                detail += f" = {persen(pct)}"
            detail += "."
            yield Hit(NAME, Severity.ERROR, sm.name, r, c, what, detail, group=None, expected=f"={cell(pr, pc)}",
                      found=view.formula(r, c))


RULE = Rule(NAME, "Persentase yang dibagi lagi dengan target", run)
