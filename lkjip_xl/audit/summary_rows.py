"""What the summary rules share: the aggregate function of each column of a summary row, grouped
by the kind of figure the column holds (K, Rp, %), and which cell breaks its kind's majority."""

from __future__ import annotations

from collections import Counter

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.blocks import dependents
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.text import angka, cell, persen

from lkjip_xl.audit.core import AuditContext, SheetModel
from lkjip_xl.audit.layout import KINERJA, MONEY, PERCENT


def aggregate_rows(sm: SheetModel) -> list[int]:
    """Rows holding aggregates over their block in at least three columns (program rows, the
    "Rata-rata capaian" rows)."""
    return [r for r, ri in sm.rows.info.items() if len(ri.aggregates) >= 3]


def kind_of(sm: SheetModel, col: int) -> str | None:
    k = sm.layout.kind(col)
    return k if k in (KINERJA, MONEY, PERCENT) else None


def odd_cells(sm: SheetModel, row: int) -> dict[int, str]:
    """col -> the function its kind's majority uses, for aggregate cells of ``row`` whose function
    is not their kind's (at least two columns of the kind agree and are most of it)."""
    ri = sm.rows.info[row]
    by_kind: dict[str, list[int]] = {}
    for c in ri.aggregates:
        k = kind_of(sm, c)
        if k is not None:
            by_kind.setdefault(k, []).append(c)
    out: dict[int, str] = {}
    for k, cols in by_kind.items():
        funcs = Counter(ri.aggregates[c][0] for c in cols)
        if len(funcs) < 2:
            continue
        top, n = funcs.most_common(1)[0]
        if n < 2 or n * 2 <= len(cols):
            continue
        for c in cols:
            if ri.aggregates[c][0] != top:
                out[c] = top
    return out


KIND_WORDS = {KINERJA: "kinerja (K)", MONEY: "Rupiah", PERCENT: "persentase"}


def siblings_using(sm: SheetModel, row: int, col: int, func: str) -> list[int]:
    """Other aggregate rows of ``row``'s role that aggregate ``col`` with ``func``."""
    role = sm.rows.info[row].role
    return [r for r in aggregate_rows(sm) if r != row and sm.rows.info[r].role == role
            and sm.rows.info[r].aggregates.get(col, ("",))[0] == func]


def dependent_effect(ctx: AuditContext, sm: SheetModel, r: int, c: int, fixed: str) -> tuple[object, list[str]]:
    """(the value ``fixed`` gives at (r, c), and for the cells reading it: "AB46 = 20 %; dengan itu 40 %")."""
    try:
        node = fx.parse(fixed, r, c)
    except (fx.FormulaSyntaxError, ValueError):
        return None, []
    new = ctx.value_of(sm, node, r, c)
    if not is_number(new):
        return new, []
    parts = []
    for dr, dc in dependents(sm).get((r, c), [])[:3]:
        dnode = sm.view.node(dr, dc)
        if dnode is None:
            continue
        after = ctx.value_of(sm, dnode, dr, dc, overrides={(r, c): new})
        before = sm.view.value(dr, dc)
        if is_number(after) and is_number(before) and abs(float(after) - float(before)) > 1e-9:
            pct = "%" in sm.layout.title(dc) or "100" in (sm.view.formula(dr, dc) or "")
            show = persen if pct else angka
            parts.append(f"{cell(dr, dc)} = {show(before)}; dengan itu {show(after)}")
    return new, parts
