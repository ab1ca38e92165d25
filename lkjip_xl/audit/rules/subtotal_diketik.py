"""A subtotal typed as a number where the sibling parents' subtotals are formulas: it does not
follow the kegiatan below it, and may already disagree with them."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from lkjip_xl.audit.blocks import label_of, section
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.text import angka, cell, col
from lkjip_xl.findings import Severity

NAME = "subtotal-diketik"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view, rows = sm.view, sm.rows
        by_role: dict[tuple, list[int]] = {}
        for r, ri in rows.info.items():
            if ri.is_parent or (ri.summary and ri.aggregates):
                by_role.setdefault(ri.role, []).append(r)
        for role, parents in by_role.items():
            if len(parents) < 3:
                continue
            cols = Counter(c for p in parents for c in rows.info[p].aggregates)
            for c, n in cols.items():
                funcs = Counter(rows.info[p].aggregates[c][0] for p in parents if c in rows.info[p].aggregates)
                func = funcs.most_common(1)[0][0]
                if n < 2 or n * 10 < len(parents) * 6:
                    continue
                for p in parents:
                    typed = view.value(p, c)
                    if c in rows.info[p].aggregates or view.is_formula(p, c) or not is_number(typed):
                        continue
                    sec = section(sm, p)
                    parts = [float(view.value(r, c)) for r in range(sec[0], sec[1] + 1)
                             if sec and r in rows.info and not rows.info[r].summary and is_number(view.value(r, c))
                             and not rows.info[r].aggregates.get(c)] if sec else []
                    what = (f"Subtotal diketik: {n} baris sejenis menghitung kolom {col(c)} dengan {func}, "
                            f"baris {p} ({label_of(sm, p)}) berisi angka ketikan.")
                    detail = f"{cell(p, c)} = {angka(typed)}"
                    severity = Severity.WARNING
                    expected = None
                    if parts and sec:
                        value = sum(parts) if func == "SUM" else (sum(parts) / len(parts) if func == "AVERAGE" else None)
                        if value is not None:
                            expected = f"={func}({col(c)}{sec[0]}:{col(c)}{sec[1]})"
                            detail += f"; seharusnya {expected} = {angka(value)}"
                            if abs(value - float(typed)) > 0.005 + 1e-9 * abs(value):
                                severity = Severity.ERROR
                    detail += "."
                    yield Hit(NAME, severity, sm.name, p, c, what, detail, group=(p,), expected=expected, found=typed)


RULE = Rule(NAME, "Subtotal yang diketik di antara subtotal berumus", run)
