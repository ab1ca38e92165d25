"""A block whose subtotal no total takes: the grand total adds program 1, 2 and 4 but not 3."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.blocks import label_of
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.text import cell, col
from lkjip_xl.findings import Severity

NAME = "blok-tanpa-total"


def _read_cells(sm) -> set[tuple[int, int]]:
    """Every cell of the sheet some formula reads (ranges expanded)."""
    out: set[tuple[int, int]] = set()
    view = sm.view
    for r, c in view.formula_cells():
        node = view.node(r, c)
        if node is None:
            continue
        for ref in fx.refs(node):
            if ref.sheet is not None or ref.kind not in ("cell", "area"):
                continue
            r1, c1, r2, c2 = ref.at(r, c)
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 200_000:
                continue
            for rr in range(r1, r2 + 1):
                for cc in range(c1, c2 + 1):
                    out.add((rr, cc))
    return out


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
        read = _read_cells(sm)
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
