"""Circular references: formulas that, through each other, read themselves. Reported at their
cells; the audit goes on (Excel shows 0 or the last value and says nothing more)."""

from __future__ import annotations

import bisect
from typing import Iterable

from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.text import cell
from lkjip_xl.findings import Severity
from lkjip_xl.graph import cycles

NAME = "rujukan-melingkar"

Node = tuple[int, int, int]  # (sheet index, row, col)


def _graph(ctx: AuditContext) -> dict[Node, list[Node]]:
    index = {sm.name.lower(): i for i, sm in enumerate(ctx.sheets)}
    # formula rows per (sheet, column), sorted: a range reference reaches only formula cells
    columns: dict[tuple[int, int], list[int]] = {}
    formula_set: set[Node] = set()
    for i, sm in enumerate(ctx.sheets):
        for r, c in sm.view.formula_cells():
            columns.setdefault((i, c), []).append(r)
            formula_set.add((i, r, c))
    for rows in columns.values():
        rows.sort()
    edges: dict[Node, list[Node]] = {}
    for i, sm in enumerate(ctx.sheets):
        view = sm.view
        for r, c in view.formula_cells():
            shape = view.shape(r, c)
            if shape is None:
                continue
            out: list[Node] = []
            for ref in shape.value_refs:
                j = i if ref.sheet is None else index.get(ref.sheet.lower())
                if j is None:
                    continue
                if ref.kind in ("cols", "rows"):
                    continue
                if ref.kind == "cell":
                    target = (j, r + ref.r1 if not ref.ar1 else ref.r1, c + ref.c1 if not ref.ac1 else ref.c1)
                    if target in formula_set:
                        out.append(target)
                    continue
                r1, c1, r2, c2 = ref.at(r, c)
                for cc in range(c1, c2 + 1):
                    rows = columns.get((j, cc))
                    if not rows:
                        continue
                    lo = bisect.bisect_left(rows, r1)
                    hi = bisect.bisect_right(rows, r2)
                    out.extend((j, rr, cc) for rr in rows[lo:hi])
            if out:
                edges[(i, r, c)] = out
    return edges


def run(ctx: AuditContext) -> Iterable[Hit]:
    edges = _graph(ctx)
    for comp in (sorted(c) for c in cycles(edges)):
        names = [f"{cell(r, c)}" if i == comp[0][0] else f"'{ctx.sheets[i].name}'!{cell(r, c)}" for i, r, c in comp]
        listed = ", ".join(names[:10]) + (f" dan {len(names) - 10} sel lain" if len(names) > 10 else "")
        i0 = comp[0][0]
        for i, r, c in comp:
            sm = ctx.sheets[i]
            what = (f"Rujukan melingkar: {listed} saling merujuk sehingga rumusnya membaca hasilnya sendiri; "
                    "Excel tidak dapat menghitungnya (menampilkan 0 atau nilai lama).")
            yield Hit(NAME, Severity.ERROR, sm.name, r, c, what, f"{cell(r, c)} {sm.view.formula(r, c)}.",
                      group=(i0, comp[0][1], comp[0][2]), found=sm.view.formula(r, c))


RULE = Rule(NAME, "Rujukan melingkar", run)
