"""Excel error values (#DIV/0!, #REF!, ...), reported where they arise (not in every cell they
spread to)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import ERROR_VALUES
from lkjip_xl.audit.text import cell
from lkjip_xl.findings import Severity

NAME = "galat-excel"
MEANING = {"#DIV/0!": "pembagian dengan nol (penyebutnya kosong atau 0)", "#REF!": "rujukan ke sel yang sudah dihapus",
           "#VALUE!": "isian yang bukan angka", "#NAME?": "nama fungsi atau nama sel yang tidak dikenal",
           "#N/A": "nilai yang tidak ditemukan", "#NUM!": "angka di luar jangkauan",
           "#NULL!": "rentang yang tidak beririsan"}


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        for r, c in view.formula_cells():
            v = view.value(r, c)
            if not (isinstance(v, str) and v in ERROR_VALUES):
                continue
            node = view.node(r, c)
            if node is not None and _inherited(ctx, sm, node, r, c, v):
                continue
            if isinstance(node, fx.Func) and node.name == "NA" and v == "#N/A":
                continue  # =NA(): an error asked for
            what = f"Rumus menghasilkan {v}: {MEANING.get(v, 'galat Excel')}."
            # one finding per column for the same error in block after block
            yield Hit(NAME, Severity.ERROR, sm.name, r, c, what, f"{cell(r, c)} {view.formula(r, c)}.",
                      group=v, found=v, loose=True)
        # An error value typed or pasted as a value
        for r in range(1, view.n_rows + 1):
            for c, v in enumerate(view.row_values(r), start=1):
                if isinstance(v, str) and v.strip() in ERROR_VALUES and not view.is_formula(r, c):
                    yield Hit(NAME, Severity.WARNING, sm.name, r, c,
                              f"Sel berisi teks galat {v.strip()} (hasil rumus yang ditempel sebagai nilai).",
                              f"{cell(r, c)}.", group=("teks", v))


def _inherited(ctx: AuditContext, sm, node: fx.Node, r: int, c: int, value: str) -> bool:
    for ref in fx.refs(node):  # error cells are few: no need of the shape's cache
        other = ctx.sheet(ref.sheet) if ref.sheet is not None else sm
        if other is None:
            continue
        r1, c1, r2, c2 = ref.at(r, c)
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
            continue
        for rr in range(r1, r2 + 1):
            for cc in range(c1, c2 + 1):
                if other.view.value(rr, cc) == value:
                    return True
    return False


RULE = Rule(NAME, "Nilai galat Excel (#DIV/0!, #REF!, ...)", run, leaves=frozenset({"rumus-tidak-konsisten"}))
