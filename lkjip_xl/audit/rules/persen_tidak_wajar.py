"""Implausible percentages: a capaian above 200 % or below 0, and a target or realisasi of a
"persen" indicator above 200 (percentages added over years or over rows: ``H42 = 500``)."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.layout import KINERJA, PERCENT, is_percent_unit, unit_of_row
from lkjip_xl.audit.text import angka, cell, col, persen, short_title
from lkjip_xl.findings import Severity

NAME = "persen-tidak-wajar"
HIGH = 200


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view, lay = sm.view, sm.layout
        for r, ri in sm.rows.info.items():
            if ri.empty:
                continue
            unit = unit_of_row(view, lay, r)
            for c, kind in lay.kinds.items():
                v = view.value(r, c)
                if not is_number(v):
                    continue
                if kind == PERCENT and (v > HIGH or v < 0):
                    what = (f"Persentase tidak wajar di kolom {col(c)} ({short_title(lay.title(c))}): "
                            + ("di atas 200 %." if v > HIGH else "negatif."))
                    detail = f"{cell(r, c)} = {persen(v)}."
                    if view.is_formula(r, c):
                        detail = f"{cell(r, c)} {view.formula(r, c)} = {persen(v)}; periksa pembilang dan penyebutnya."
                    yield Hit(NAME, Severity.WARNING, sm.name, r, c, what, detail, group=("p", c), found=v)
                elif kind == KINERJA and is_percent_unit(unit) and (v > HIGH or v < 0) \
                        and ("target" in lay.title(c) or "realisasi" in lay.title(c)):
                    what = (f"Angka {angka(v)} untuk indikator bersatuan '{unit}' di kolom {col(c)} "
                            f"({short_title(lay.title(c))}): persentase lebih dari 200 biasanya hasil menjumlahkan persentase "
                            "(antartahun atau antarbaris), padahal persentase tidak dijumlahkan.")
                    yield Hit(NAME, Severity.WARNING, sm.name, r, c, what, f"{cell(r, c)} = {angka(v)}.",
                              group=("k", r, c), found=v)


RULE = Rule(NAME, "Persentase yang tidak wajar (di atas 200 % atau negatif)", run,
            yields_to=frozenset({"persentase-dijumlah", "agregat-tidak-sejenis", "persen-dibagi-lagi"}))
