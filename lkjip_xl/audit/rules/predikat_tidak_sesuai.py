"""A predikat ("Sangat Tinggi", "Rendah"...) that does not fit the capaian it is made from, by the
Permendagri 86/2017 bands of the project's rules (:data:`lkjip_xl.rules.PERMENDAGRI_86_2017`);
in particular a predikat computed from an empty capaian (``IF(Y38<=50, ...)`` with Y38 blank
shows "Sangat Tinggi")."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_blank, is_number
from lkjip_xl.audit.text import cell, persen
from lkjip_xl.findings import Severity
from lkjip_xl.rules import PERMENDAGRI_86_2017, predikat, to_decimal

NAME = "predikat-tidak-sesuai"
LABELS = {b.label.lower(): b.label for b in PERMENDAGRI_86_2017}


def _thresholds(node: fx.Node) -> int:
    """How many comparisons of a cell with a number the formula makes (IF(x<=50, ..., IF(x<=65, ...)))."""
    n = 0
    for b in fx.walk(node):
        if isinstance(b, fx.Bin) and b.op in ("<", "<=", ">", ">="):
            sides = (fx.strip(b.left), fx.strip(b.right))
            if any(isinstance(s, fx.Ref) for s in sides) and any(isinstance(s, fx.Num) for s in sides):
                n += 1
    return n


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        for r, c in view.formula_cells():
            shown = view.value(r, c)
            if not isinstance(shown, str) or shown.strip().lower() not in LABELS:
                continue
            node = view.node(r, c)
            if node is None:
                continue
            refs = {ref.at(r, c)[:2] for ref in fx.refs(node) if ref.kind == "cell" and ref.sheet is None}
            if len(refs) != 1 or _thresholds(node) < 2:
                continue  # not a chain of bands over one capaian (a lookup that fetches a predikat)
            rr, cc = refs.pop()
            source = view.value(rr, cc)
            if is_number(source):
                want = predikat(to_decimal(source))
                if want is None or want.lower() == shown.strip().lower():
                    continue
                yield Hit(NAME, Severity.ERROR, sm.name, r, c,
                          "Predikat tidak sesuai capaiannya (Permendagri 86/2017: <=50 Sangat Rendah, <=65 Rendah, "
                          "<=75 Sedang, <=90 Tinggi, di atasnya Sangat Tinggi).",
                          f"{cell(r, c)} = '{shown}' untuk {cell(rr, cc)} = {persen(source)}; seharusnya '{want}'.",
                          group=None, expected=want, found=shown)
            elif is_blank(source) and not view.is_formula(rr, cc):
                yield Hit(NAME, Severity.ERROR, sm.name, r, c,
                          "Predikat dari capaian yang kosong: rumus predikat membaca sel tanpa angka sehingga "
                          "hasilnya tidak berarti.",
                          f"{cell(r, c)} = '{shown}' padahal {cell(rr, cc)} kosong; isi capaiannya atau "
                          f"kosongkan predikatnya.", group=None, found=shown)


RULE = Rule(NAME, "Predikat yang tidak sesuai capaiannya", run)
