"""A formula unlike the formulas of its region (Excel's "inconsistent formula"): another column or
row offset, another operator, another function than the cells of the same role in its column."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import ERROR_VALUES, is_number
from lkjip_xl.audit.regions import describe_difference, dominant_node, regions
from lkjip_xl.audit.text import angka, cell, col
from lkjip_xl.findings import Severity

NAME = "rumus-tidak-konsisten"


def _same_inside(actual: fx.Node, expected: fx.Node, r: int, c: int) -> bool:
    """IFERROR(x, ...) or (x) around the region's own formula: only a guard, the same figure."""
    inner = fx.strip(actual)
    if isinstance(inner, fx.Func) and inner.name == "IFERROR" and inner.args:
        inner = fx.strip(inner.args[0])
    return fx.render(inner, r, c) == fx.render(fx.strip(expected), r, c)


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        for reg in regions(sm):
            expected = dominant_node(sm, reg)
            if expected is None:
                continue
            counts: dict[str, int] = {}
            for k in reg.kinds.values():
                counts[k] = counts.get(k, 0) + 1
            for r in reg.formula_rows:
                if reg.kinds[r] == reg.dominant or not reg.kinds[r].startswith(("f:", "f~")):
                    continue
                shown_value = view.value(r, reg.col)
                if isinstance(shown_value, str) and shown_value not in ERROR_VALUES:
                    continue  # a label fetched from elsewhere (a name, a predikat): no figure to get wrong
                if counts[reg.kinds[r]] >= 3:
                    continue  # a pattern of its own (another kind of row in the column), not a slip
                actual = view.node(r, reg.col)
                if actual is None or _same_inside(actual, expected, r, reg.col):
                    continue
                should = "=" + fx.render(expected, r, reg.col)
                shown = view.value(r, reg.col)
                computed = ctx.value_of(sm, expected, r, reg.col)
                how = describe_difference(actual, expected, r, reg.col) or "berbeda"
                n = sum(1 for k in reg.kinds.values() if k == reg.dominant)
                what = f"Rumus berbeda dari {n} sel sejenis di kolom {col(reg.col)}: {how}."
                detail = f"{cell(r, reg.col)} {view.formula(r, reg.col)}; seharusnya {should}."
                severity = Severity.WARNING
                if is_number(computed) and is_number(shown) and abs(float(computed) - float(shown)) > 1e-9 * max(1.0, abs(float(computed))):
                    detail += f" {cell(r, reg.col)} = {angka(shown)}; dengan rumus kolomnya {angka(computed)}."
                    severity = Severity.ERROR
                yield Hit(NAME, severity, sm.name, r, reg.col, what, detail, group=(how, severity),
                          expected=should, found=view.formula(r, reg.col))


RULE = Rule(NAME, "Rumus yang berbeda dari rumus sel sejenis di kolomnya", run, generic=True)
