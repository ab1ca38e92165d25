"""Sibling summary rows that aggregate the same column differently (``AB45 =AVERAGE(AB43:AB44)``
where program 1's ``AB38 =SUM(AB18:AB37)``), and what that changes in the cells that use them."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.summary_rows import aggregate_rows, dependent_effect, odd_cells
from lkjip_xl.audit.text import cell, col
from lkjip_xl.findings import Severity

NAME = "ringkasan-berbeda"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        by_role: dict[tuple, list[int]] = {}
        for r in aggregate_rows(sm):
            by_role.setdefault(sm.rows.info[r].role, []).append(r)
        for role, rows in by_role.items():
            if len(rows) < 2:
                continue
            cols = sorted({c for r in rows for c in sm.rows.info[r].aggregates})
            odd_by_row = {r: odd_cells(sm, r) for r in rows}
            for c in cols:
                funcs = {r: sm.rows.info[r].aggregates[c][0] for r in rows if c in sm.rows.info[r].aggregates}
                if len(set(funcs.values())) < 2:
                    continue
                counts = Counter(funcs.values())
                top, n = counts.most_common(1)[0]
                if n * 2 > len(funcs):
                    suspects = [r for r, f in funcs.items() if f != top]
                else:
                    # two siblings, one each: the one that also breaks its own row's pattern
                    suspects = [r for r in funcs if c in odd_by_row[r]] or [max(funcs)]
                for r in suspects:
                    if c in odd_by_row[r]:
                        continue  # ringkasan-campur reports it, naming the sibling too
                    others = [x for x in funcs if x != r and funcs[x] != funcs[r]]
                    if not others:
                        continue
                    o = others[0]
                    what = (f"Baris ringkasan {r} memakai {funcs[r]} di kolom {col(c)}, sedangkan baris ringkasan "
                            f"sejenis {o} memakai {funcs[o]} ({cell(o, c)} {view.formula(o, c)}).")
                    fixed = (view.formula(r, c) or "").upper().replace(funcs[r] + "(", funcs[o] + "(", 1)
                    detail = f"{cell(r, c)} {view.formula(r, c)}; seharusnya {fixed}."
                    _, effects = dependent_effect(ctx, sm, r, c, fixed)
                    if effects:
                        detail += " Akibatnya " + "; ".join(effects) + "."
                    yield Hit(NAME, Severity.ERROR, sm.name, r, c, what, detail, group=(r, c), expected=fixed,
                              found=view.formula(r, c))


RULE = Rule(NAME, "Baris ringkasan yang berbeda fungsi dari baris ringkasan sejenis", run,
            yields_to=frozenset({"persentase-dijumlah"}))
