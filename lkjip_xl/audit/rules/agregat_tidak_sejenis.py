"""A capaian computed from aggregates of different kinds: a SUM divided by an AVERAGE
(``K39 =K38/H38*100``, K38 the sum of the kegiatan, H38 their average: 666,67 % where the figure
is 33,33 %)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit.blocks import aggregate_kind
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.ratios import ratio, single_cell
from lkjip_xl.audit.text import cell, persen, angka
from lkjip_xl.findings import Severity

NAME = "agregat-tidak-sejenis"
_WORD = {"SUM": "jumlah (SUM)", "AVERAGE": "rata-rata (AVERAGE)"}


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        for r, c in view.formula_cells():
            node = view.node(r, c)
            if node is None:
                continue
            rt = ratio(node)
            if rt is None:
                continue
            num, den = single_cell(rt[0]), single_cell(rt[1])
            if num is None or den is None:
                continue
            (nr, nc), (dr, dc) = num.at(r, c)[:2], den.at(r, c)[:2]
            ka, kb = aggregate_kind(sm, nr, nc), aggregate_kind(sm, dr, dc)
            if ka is None or kb is None or {ka[0], kb[0]} != {"SUM", "AVERAGE"}:
                continue
            overrides = {}
            for (rr, cc), k in (((nr, nc), ka), ((dr, dc), kb)):
                if k[0] == "AVERAGE":
                    vals = [view.value(x, k[2]) for x in range(k[3], k[4] + 1)]
                    nums = [float(v) for v in vals if is_number(v)]
                    overrides[(rr, cc)] = sum(nums)
            shown = view.value(r, c)
            fixed = ctx.value_of(sm, node, r, c, overrides=overrides)
            show = persen if rt[2] else angka
            what = (f"Capaian dari agregat yang tidak sejenis: {cell(nr, nc)} adalah {_WORD[ka[0]]} "
                    f"({cell(ka[1], ka[2])} {view.formula(ka[1], ka[2])}), {cell(dr, dc)} adalah {_WORD[kb[0]]} "
                    f"({cell(kb[1], kb[2])} {view.formula(kb[1], kb[2])}).")
            detail = f"{cell(r, c)} {view.formula(r, c)}"
            severity = Severity.ERROR
            if is_number(shown):
                detail += f" = {show(shown)}"
            if is_number(fixed):
                detail += f"; dengan agregat sejenis (jumlah dibagi jumlah) {show(fixed)}"
            detail += ". Bagilah jumlah dengan jumlah (atau rata-rata dengan rata-rata)."
            yield Hit(NAME, severity, sm.name, r, c, what, detail, group=(r, c), found=view.formula(r, c))


RULE = Rule(NAME, "Capaian dari agregat yang tidak sejenis (SUM dibagi AVERAGE)", run)
