"""Percentages added together: a SUM down a capaian column (377, 469, 847 in the seed), or, for an
indicator whose unit is persen, a realisasi that adds the percentages of two periods."""

from __future__ import annotations

import re
from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.layout import KINERJA, PERCENT, is_percent_unit, unit_of_row
from lkjip_xl.audit.text import cell, col
from lkjip_xl.findings import Severity

NAME = "persentase-dijumlah"
#: percentages meant to be added: weights and weighted shares (they add up to the whole)
_WEIGHTED = re.compile(r"\bttb\b|tertimbang|bobot|kontribusi|porsi|proporsi|komposisi")


def _added_cells(node: fx.Node) -> list[fx.Ref] | None:
    n = fx.strip(node)
    if isinstance(n, fx.Ref) and n.kind == "cell" and n.sheet is None:
        return [n]
    if isinstance(n, fx.Bin) and n.op == "+":
        a, b = _added_cells(n.left), _added_cells(n.right)
        return None if a is None or b is None else a + b
    return None


def _shares(sm, c: int, r: int) -> bool:
    """The column holds each line's share of an absolute total (=D13/$D$22*100): shares add up."""
    from lkjip_xl.audit.ratios import ratio

    node = sm.view.node(r, c)
    rt = ratio(node) if node is not None else None
    den = fx.strip(rt[1]) if rt else None
    return isinstance(den, fx.Ref) and den.ar1


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view, lay = sm.view, sm.layout
        for p, ri in sm.rows.info.items():
            for c, (func, r1, r2) in ri.aggregates.items():
                total = view.value(p, c)
                if func == "SUM" and lay.kind(c) == PERCENT and not _WEIGHTED.search(lay.title(c) + " " +
                                                                                  lay.subtitles.get(c, "")) \
                        and not (is_number(total) and total <= 100.5) and not _shares(sm, c, r1):
                    text = view.formula(p, c) or ""
                    fixed = text.upper().replace("SUM(", "AVERAGE(", 1)
                    yield Hit(NAME, Severity.ERROR, sm.name, p, c,
                              f"Persentase dijumlahkan di kolom {col(c)}: capaian dirata-rata, bukan dijumlah.",
                              f"{cell(p, c)} {text}; seharusnya {fixed}.", group=None, expected=fixed, found=text)
        for r, c in view.formula_cells():
            if lay.kind(c) != KINERJA:
                continue
            unit = unit_of_row(view, lay, r)
            if not is_percent_unit(unit) or "realisasi" not in lay.title(c):
                continue
            node = view.node(r, c)
            terms = _added_cells(node) if node is not None else None
            if not terms or len(terms) != 2:
                continue  # four triwulan of a form add up by its legend; two periods summed are the fault
            cols = [t.at(r, c) for t in terms]
            if any(rc[0] != r for rc in cols) or any(lay.kind(rc[1]) != KINERJA for rc in cols):
                continue
            yield Hit(NAME, Severity.WARNING, sm.name, r, c,
                      f"Persentase dijumlahkan: indikator bersatuan '{unit}', realisasinya di kolom {col(c)} "
                      "menjumlahkan persentase beberapa periode.",
                      f"{cell(r, c)} {view.formula(r, c)}; untuk persentase ambil nilai periode terakhir "
                      "(atau rata-ratanya), bukan jumlahnya.", group=None, found=view.formula(r, c))


RULE = Rule(NAME, "Persentase yang dijumlahkan", run)
