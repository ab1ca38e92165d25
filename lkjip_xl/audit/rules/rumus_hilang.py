"""A cell left empty where the cells of the same role in its column hold a formula, in a row that
has the figures the formula needs."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.regions import dominant_node, regions
from lkjip_xl.audit.text import angka, cell, col
from lkjip_xl.findings import Severity

NAME = "rumus-hilang"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        for reg in regions(sm):
            expected = dominant_node(sm, reg)
            if expected is None:
                continue
            n = sum(1 for k in reg.kinds.values() if k == reg.dominant)
            if n < 4:
                continue
            refs = fx.refs(expected)
            for r in reg.rows:
                if reg.kinds[r] != "b":
                    continue
                # Only where every cell the formula would read is a number: the row has the figures.
                if not refs or any(ref.sheet is not None or ref.kind != "cell" for ref in refs):
                    continue
                if not all(is_number(sm.view.value(*ref.at(r, reg.col)[:2])) for ref in refs):
                    continue
                computed = ctx.value_of(sm, expected, r, reg.col)
                if not is_number(computed):
                    continue
                should = "=" + fx.render(expected, r, reg.col)
                yield Hit(NAME, Severity.WARNING, sm.name, r, reg.col,
                          f"Sel kosong di kolom {col(reg.col)} yang pada {n} sel sejenis berisi rumus.",
                          f"{cell(r, reg.col)} seharusnya {should} = {angka(computed)}.",
                          group=reg.dominant, expected=should)


RULE = Rule(NAME, "Rumus yang hilang di antara rumus sejenis", run)
