"""A number typed where the cells of the same role in the column hold a formula: it does not follow
when the inputs change (Excel: "formula overwritten")."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.regions import dominant_node, regions
from lkjip_xl.audit.text import angka, cell, col
from lkjip_xl.findings import Severity

NAME = "angka-menimpa-rumus"


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 + 1e-9 * max(abs(a), abs(b))


def _zero_rows(sm) -> set[int]:
    """Rows where zeros are typed across three or more formula columns: an unfunded row, typed 0
    on purpose (its formulas would give 0 as well)."""
    count: dict[int, int] = {}
    for reg in regions(sm):
        if reg.dominant is None:
            continue
        for r in reg.number_rows:
            if sm.view.value(r, reg.col) == 0:
                count[r] = count.get(r, 0) + 1
    return {r for r, n in count.items() if n >= 3}


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        zero_rows = _zero_rows(sm)
        for reg in regions(sm):
            expected = dominant_node(sm, reg)
            if expected is None:
                continue  # aggregate regions: subtotal-diketik says it with the block's figure
            n = sum(1 for k in reg.kinds.values() if k == reg.dominant)
            for r in reg.number_rows:
                typed = view.value(r, reg.col)
                if typed == 0 and r in zero_rows:
                    continue  # an unfunded row typed 0 across: zero is its value
                should = "=" + fx.render(expected, r, reg.col)
                computed = ctx.value_of(sm, expected, r, reg.col)
                what = (f"Angka diketik di kolom {col(reg.col)} yang pada {n} sel sejenis berisi rumus; "
                        "angka ketikan tidak ikut berubah bila isian berubah.")
                detail = f"{cell(r, reg.col)} = {angka(typed)}; seharusnya rumus {should}"
                severity = Severity.WARNING
                if is_number(computed):
                    if close(float(computed), float(typed)):
                        detail += f" (hasilnya sekarang sama: {angka(computed)})."
                    else:
                        detail += f", yang menghasilkan {angka(computed)}."
                        severity = Severity.ERROR
                else:
                    detail += "."
                yield Hit(NAME, severity, sm.name, r, reg.col, what, detail, group=reg.dominant,
                          expected=should, found=typed)


RULE = Rule(NAME, "Angka ketikan di tempat rumus", run)
