"""A block whose subtotal no total takes: the grand total adds program 1, 2 and 4 but not 3."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable

from lkjip_xl.audit.blocks import label_of
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.text import cell, col
from lkjip_xl.findings import Severity

NAME = "blok-tanpa-total"


def _read(sm, wanted: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The cells of ``wanted`` that some formula of the sheet reads (ranges included). The rows of
    each column are sorted, so a range finds its rows by bisection (a sheet of 30,000 rows has
    thousands of subtotals and a hundred thousand formulas)."""
    by_col: dict[int, list[int]] = {}
    for r, c in wanted:
        by_col.setdefault(c, []).append(r)
    for rows in by_col.values():
        rows.sort()
    found: set[tuple[int, int]] = set()
    view = sm.view
    for r, c in view.formula_cells():
        shape = view.shape(r, c)
        if shape is None:
            continue
        for ref in shape.refs:
            if ref.sheet is not None or ref.kind not in ("cell", "area"):
                continue
            r1, c1, r2, c2 = ref.at(r, c)
            if not c1 <= c <= c2:
                continue  # a total adds its own column (a ratio beside it reads it, but is no total)
            rows = by_col.get(c)
            if not rows:
                continue
            for rr in rows[bisect_left(rows, r1):bisect_right(rows, r2)]:
                if rr != r:
                    found.add((rr, c))
    return found


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        rows = sm.rows
        by_role: dict[tuple, list[int]] = {}
        for r, ri in rows.info.items():
            if ri.is_parent and ri.aggregates and ri.aggregates:
                by_role.setdefault(ri.role, []).append(r)
        candidates = [(role, ps) for role, ps in by_role.items() if len(ps) >= 3]
        if not candidates:
            continue
        wanted = {(p, c) for _, ps in candidates for p in ps for c in sm.rows.info[p].aggregates}
        read = _read(sm, wanted)
        for role, parents in candidates:
            cols = set.intersection(*(set(rows.info[p].aggregates) for p in parents))
            for c in sorted(cols):
                taken = [p for p in parents if (p, c) in read]
                missing = [p for p in parents if (p, c) not in read]
                if len(taken) < 2 or not missing or len(missing) * 3 > len(parents):
                    continue
                for p in missing:
                    what = (f"Subtotal tidak masuk total mana pun: {len(taken)} subtotal sejenis di kolom {col(c)} "
                            f"dibaca oleh rumus total, subtotal baris {p} ({label_of(sm, p)}) tidak.")
                    yield Hit(NAME, Severity.WARNING, sm.name, p, c, what,
                              f"{cell(p, c)} {sm.view.formula(p, c)}; periksa rumus total yang seharusnya menjumlahkannya.",
                              group=("blok", p))


RULE = Rule(NAME, "Blok yang subtotalnya tidak dijumlahkan ke total", run)
