"""An aggregate that reaches past its block: into the next block's heading or rows
(``G12 =SUM(G13:G32)`` where rows 31-32 head the next urusan), or adds a sibling's total
(``R12 =SUM(R13+R55+R70+R91+R96)`` where rows 91 and 96 are the next bidang)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.blocks import aggregates_of, has_value, label_of, rewrite_rows, rows_text, section
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.text import angka, cell
from lkjip_xl.findings import Severity

NAME = "rentang-lebih"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        rows = sm.rows
        for p, c, func, taken, is_range in aggregates_of(sm):
            sec = section(sm, p)
            if sec is None:
                continue
            extra = [r for r in taken if not (sec[0] <= r <= sec[1]) and r != p
                     and r in rows.info and not rows.info[r].empty]
            if not extra:
                continue
            yield _hit(ctx, sm, p, c, func, taken, extra, sec, is_range)


def _hit(ctx: AuditContext, sm, p: int, c: int, func: str, taken: list[int], extra: list[int],
         sec: tuple[int, int], is_range: bool) -> Hit:
    view = sm.view
    text = view.formula(p, c) or ""
    keep = [r for r in taken if sec[0] <= r <= sec[1]]
    fixed = rewrite_rows(text, p, c, func, keep, is_range) if keep else None
    valued = [r for r in extra if has_value(sm, r, c)]
    names = [f"{r} ({label_of(sm, r)})" if label_of(sm, r) else str(r) for r in extra[:3]]
    what = (f"Rumus {func} melewati bloknya (baris {sec[0]}-{sec[1]}) dan mencakup baris {rows_text(extra)}"
            + (f": {', '.join(names)}" if names else "") + ".")
    detail = f"{cell(p, c)} {text}" + (f"; seharusnya {fixed}" if fixed else "")
    severity = Severity.WARNING
    if valued:
        computed = None
        if fixed:
            try:
                computed = ctx.value_of(sm, fx.parse(fixed, p, c), p, c)
            except (fx.FormulaSyntaxError, ValueError):
                computed = None
        shown = view.value(p, c)
        severity = Severity.ERROR
        if is_number(computed) and is_number(shown) and abs(float(computed) - float(shown)) > 1e-9 * max(1.0, abs(float(shown))):
            detail += f": {angka(computed)}, bukan {angka(shown)}."
        else:
            detail += "."
    else:
        detail += ". Baris itu kini kosong di kolom ini, tetapi angka yang diisi di sana akan ikut terhitung."
    return Hit(NAME, severity, sm.name, p, c, what, detail, group=("lebih", p, tuple(extra)), expected=fixed,
               found=text)


RULE = Rule(NAME, "Jumlah atau rata-rata yang mencakup baris blok lain", run)
