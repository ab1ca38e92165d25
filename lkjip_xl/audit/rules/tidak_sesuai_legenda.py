"""A cell that contradicts the form's own legend row ("8=(7/6)" over a column of ``=(L14/M14)*100``;
"12 = 8+9+10+11" over a sum that skips a triwulan)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl import a1
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.legend import (LegendError, canon_formula, canon_legend, leaves, parse_legend, render, sub_kind,
                                   without_hundred)
from lkjip_xl.audit.text import angka, cell, col
from lkjip_xl.findings import Severity
from lkjip_xl.audit import formula as fx

NAME = "tidak-sesuai-legenda"


def _number_of(lay, c: int) -> str:
    lc = lay.legend_of(c)
    return str(lc.number) if lc else a1.col_letter(c)


def _describe(lay, got, want) -> str:
    if got[0] == "/" and want[0] == "/" and got[1] == want[2] and got[2] == want[1]:
        return (f"pembagiannya terbalik: membagi kolom {_number_of(lay, leaves(got[1])[0]) if leaves(got[1]) else '?'} "
                f"dengan kolom {_number_of(lay, leaves(got[2])[0]) if leaves(got[2]) else '?'}")
    g_terms, w_terms = _terms(got), _terms(want)
    if g_terms is not None and w_terms is not None:
        parts = []
        for t in [t for t in w_terms if t not in g_terms]:
            verb = "tidak mengurangkan" if t[0] == "neg" else "tidak menjumlahkan"
            parts.append(f"{verb} " + ", ".join(f"kolom {_number_of(lay, x)} ({col(x)})" for x in leaves(t)))
        for t in [t for t in g_terms if t not in w_terms]:
            verb = "mengurangkan" if t[0] == "neg" else "menjumlahkan"
            parts.append(f"{verb} " + ", ".join(f"kolom {_number_of(lay, x)} ({col(x)})" for x in leaves(t))
                         + " yang tidak disebut legenda")
        if parts:
            return "; ".join(parts)
    return "hitungannya lain"


def _terms(c) -> tuple | None:
    """The terms of a sum (a single column or its negation is a sum of one)."""
    if c[0] == "+":
        return c[1]
    if c[0] in ("col", "neg"):
        return (c,)
    return None


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        lay, view = sm.layout, sm.view
        if not lay.legend:
            continue
        numbers = set(lay.legend)
        for lc in lay.legend.values():
            if not lc.expression:
                continue
            try:
                expr = parse_legend(lc.expression, numbers)
            except LegendError:
                continue
            legend_text = f"{lc.number} = {lc.expression}"
            for c in range(lc.first, lc.last + 1):
                want_full = canon_legend(expr, lay, sub_kind(lay, c))
                if want_full is None or not leaves(want_full):
                    continue
                want, _ = without_hundred(want_full)
                for r, ri in sm.rows.info.items():
                    if ri.empty:
                        continue
                    node = view.node(r, c)
                    if node is None:
                        continue
                    got_full = canon_formula(node, r, c)
                    if got_full is None:
                        continue
                    got, hundred = without_hundred(got_full)
                    if got == want:
                        continue
                    should = "=" + render(want, r) + ("*100" if hundred else "")
                    try:
                        computed = ctx.value_of(sm, fx.parse(should, r, c), r, c)
                    except (fx.FormulaSyntaxError, ValueError):
                        computed = None
                    shown = view.value(r, c)
                    what = (f"Rumus tidak sesuai legenda kolom {col(c)} (\"{legend_text}\"): "
                            f"{_describe(lay, got, want)}.")
                    detail = f"{cell(r, c)} {view.formula(r, c)}; seharusnya {should}"
                    if is_number(computed) and is_number(shown):
                        if abs(float(computed) - float(shown)) > 1e-9 * max(1.0, abs(float(shown))):
                            detail += f": {angka(computed)}, bukan {angka(shown)}."
                        else:
                            detail += f" (dengan isian sekarang hasilnya kebetulan sama, {angka(shown)})."
                    else:
                        detail += "."
                    yield Hit(NAME, Severity.ERROR, sm.name, r, c, what, detail, group=(c, got, want), expected=should,
                              found=view.formula(r, c))


RULE = Rule(NAME, "Rumus yang tidak sesuai legenda kolom formulir", run)
