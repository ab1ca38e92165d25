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
            if reg.dominant is not None and reg.dominant.startswith("agg:"):
                yield from _missing_subtotals(ctx, sm, reg)
                continue
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


def _missing_subtotals(ctx: AuditContext, sm, reg) -> Iterable[Hit]:
    """A parent row with no subtotal where its siblings have one (a blank that a total reads as 0)."""
    from lkjip_xl.audit.blocks import label_of, section

    func = reg.dominant.split(":")[1]
    n = sum(1 for k in reg.kinds.values() if k == reg.dominant)
    if n < 2:
        return
    view = sm.view
    for r in reg.rows:
        if reg.kinds[r] != "b" or not sm.rows.info[r].is_parent:
            continue
        sec = section(sm, r)
        if sec is None:
            continue
        values = [float(view.value(x, reg.col)) for x in range(sec[0], sec[1] + 1)
                  if x in sm.rows.info and not sm.rows.info[x].summary and is_number(view.value(x, reg.col))
                  and not sm.rows.info[x].aggregates.get(reg.col)]
        if not values:
            continue
        value = sum(values) if func == "SUM" else (sum(values) / len(values) if func == "AVERAGE" else None)
        should = f"={func}({col(reg.col)}{sec[0]}:{col(reg.col)}{sec[1]})"
        detail = f"{cell(r, reg.col)} kosong; seharusnya {should}"
        detail += f" = {angka(value)}." if value is not None else "."
        yield Hit(NAME, Severity.ERROR if value else Severity.WARNING, sm.name, r, reg.col,
                  f"Subtotal tidak ada: {n} baris sejenis menghitung kolom {col(reg.col)} dengan {func}, baris {r} "
                  f"({label_of(sm, r)}) kosong, sehingga total yang membacanya menghitungnya 0.",
                  detail, group=("subtotal", r), expected=should)


RULE = Rule(NAME, "Rumus yang hilang di antara rumus sejenis", run)
