"""A summary row that mixes SUM and AVERAGE among columns of the same kind: Rupiah averaged where
the other Rupiah columns are summed (``L38 =AVERAGE(L18:L37)``: 125.000 where the program realised
2.500.000), a K column summed where the other K columns are averaged."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.layout import MONEY
from lkjip_xl.audit.summary_rows import KIND_WORDS, aggregate_rows, dependent_effect, kind_of, odd_cells, siblings_using
from lkjip_xl.audit.text import angka, cell, col
from lkjip_xl.findings import Severity

NAME = "ringkasan-campur"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        for row in aggregate_rows(sm):
            ri = sm.rows.info[row]
            odd = odd_cells(sm, row)
            for c, func in sorted(odd.items()):
                actual, r1, r2 = ri.aggregates[c]
                kind = kind_of(sm, c)
                same = [x for x in ri.aggregates if kind_of(sm, x) == kind and ri.aggregates[x][0] == func]
                text = view.formula(row, c) or ""
                fixed = text.upper().replace(actual + "(", func + "(", 1) if actual + "(" in text.upper() else text
                computed = _value(ctx, sm, fixed, row, c)
                shown = view.value(row, c)
                what = (f"Baris ringkasan mencampur fungsi: kolom {KIND_WORDS[kind]} lain di baris {row} "
                        f"({', '.join(col(x) for x in sorted(same)[:6])}) memakai {func}, kolom {col(c)} memakai {actual}.")
                if kind == MONEY and actual == "AVERAGE":
                    what = (f"Rupiah dirata-rata: kolom {col(c)} baris {row} memakai AVERAGE, sedangkan kolom Rupiah "
                            f"lain di baris ini ({', '.join(col(x) for x in sorted(same)[:6])}) dijumlah (SUM).")
                sib = siblings_using(sm, row, c, func)
                if sib:
                    what += f" Baris ringkasan sejenis {sib[0]} memakai {func} ({cell(sib[0], c)} {view.formula(sib[0], c)})."
                detail = f"{cell(row, c)} {text}; seharusnya {fixed}"
                if is_number(computed) and is_number(shown):
                    detail += f": {angka(computed)}, bukan {angka(shown)}."
                else:
                    detail += "."
                _, effects = dependent_effect(ctx, sm, row, c, fixed)
                if effects:
                    detail += " Akibatnya " + "; ".join(effects) + "."
                yield Hit(NAME, Severity.ERROR, sm.name, row, c, what, detail, group=(row, c), expected=fixed,
                          found=text)


def _value(ctx, sm, text: str, row: int, c: int):
    try:
        node = fx.parse(text, row, c)
    except (fx.FormulaSyntaxError, ValueError):
        return None
    return ctx.value_of(sm, node, row, c)


RULE = Rule(NAME, "Baris ringkasan yang mencampur SUM dan AVERAGE pada kolom sejenis", run)
