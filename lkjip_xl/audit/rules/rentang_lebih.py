"""An aggregate that reaches past its block: into the next block's heading or rows
(``G12 =SUM(G13:G32)`` where rows 31-32 head the next urusan)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.blocks import has_value, label_of, replace_range, rows_text, section
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.text import angka, cell
from lkjip_xl.findings import Severity

NAME = "rentang-lebih"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        rows = sm.rows
        for p, ri in rows.info.items():
            for c, (func, r1, r2) in ri.aggregates.items():
                sec = section(sm, p)
                if sec is None:
                    continue
                extra = [r for r in range(r1, r2 + 1) if not (sec[0] <= r <= sec[1]) and r != p
                         and r in rows.info and not rows.info[r].empty]
                if not extra:
                    continue
                yield _hit(ctx, sm, p, c, func, r1, r2, extra, sec)


def _hit(ctx: AuditContext, sm, p: int, c: int, func: str, r1: int, r2: int, extra: list[int],
         sec: tuple[int, int]) -> Hit:
    view = sm.view
    text = view.formula(p, c) or ""
    lo, hi = max(r1, sec[0]), min(r2, sec[1])
    fixed = replace_range(text, c, (r1, r2), (lo, hi))
    valued = [r for r in extra if has_value(sm, r, c)]
    names = [f"{r} ({label_of(sm, r)})" if label_of(sm, r) else str(r) for r in extra[:3]]
    what = (f"Rumus {func} melewati bloknya (baris {sec[0]}-{sec[1]}) dan mencakup baris {rows_text(extra)}"
            + (f": {', '.join(names)}" if names else "") + ".")
    detail = f"{cell(p, c)} {text}; seharusnya {fixed}"
    severity = Severity.WARNING
    if valued:
        try:
            node = fx.parse(fixed, p, c)
            computed = ctx.value_of(sm, node, p, c)
        except (fx.FormulaSyntaxError, ValueError):
            computed = None
        shown = view.value(p, c)
        if is_number(computed) and is_number(shown) and abs(float(computed) - float(shown)) > 1e-9 * max(1.0, abs(float(shown))):
            detail += f": {angka(computed)}, bukan {angka(shown)}."
            severity = Severity.ERROR
        else:
            detail += "."
    else:
        detail += f". Baris itu kini kosong di kolom ini, tetapi angka yang diisi di sana akan ikut terhitung."
    return Hit(NAME, severity, sm.name, p, c, what, detail, group=("lebih", p, tuple(extra)), expected=fixed,
               found=text)


RULE = Rule(NAME, "Jumlah atau rata-rata yang mencakup baris blok lain", run)
