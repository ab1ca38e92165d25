"""A capaian the form shows that is not realisasi / target x 100 by the project's rules
(:func:`lkjip_xl.rules.capaian`, with the row's method where the form has a method column), in a
recognised form (Renja 86/2017 columns 13 and 15, J-1 column 8, the LKjIP Rekapitulasi)."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.text import cell, col, persen
from lkjip_xl.findings import Severity
from lkjip_xl.rules import capaian, serapan

NAME = "capaian-tidak-sesuai"

#: (capaian role, realisasi role, target role, Rupiah?)
_TRIPLES = [
    ("capaian_tahun_k", "realisasi_tahun_k", "target_tahun_k", False),
    ("capaian_tahun_rp", "realisasi_tahun_rp", "target_tahun_rp", True),
    ("capaian_akhir_k", "realisasi_akhir_k", "target_periode_k", False),
    ("capaian_akhir_rp", "realisasi_akhir_rp", "target_periode_rp", True),
    ("tingkat_realisasi", "realisasi_tahun", "target_tahun", False),
    ("tingkat_capaian_renstra", "perkiraan_realisasi", "target_renstra", False),
    ("capaian_k", "realisasi_k", "target_k", False),
    ("capaian_rp", "realisasi_rp", "target_rp", True),
]
TOLERANCE = Decimal("0.01")


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        form = sm.form
        if form is None:
            continue
        view = sm.view
        method_col = form.columns.get("metode")
        for cap, real, targ, rp in _TRIPLES:
            cc, rc, tc = form.columns.get(cap), form.columns.get(real), form.columns.get(targ)
            if cc is None or rc is None or tc is None:
                continue
            for r, ri in sm.rows.info.items():
                if ri.empty or ri.summary or not ri.label:
                    continue
                shown, t, x = view.value(r, cc), view.value(r, tc), view.value(r, rc)
                if not (is_number(shown) and is_number(t) and is_number(x)):
                    continue
                if rp:
                    want = serapan(x, t)
                else:
                    method = view.text(r, method_col) if method_col else "positif"
                    want = capaian(t, x, method or "positif")
                if want.nilai is None:
                    continue
                diff = abs(Decimal(repr(float(shown))) - want.nilai)
                if diff <= TOLERANCE or diff <= abs(want.nilai) * Decimal("1e-6"):
                    continue
                what = (f"Capaian tidak sesuai aturan di kolom {col(cc)}: capaian = realisasi ({col(rc)}) / "
                        f"target ({col(tc)}) x 100.")
                yield Hit(NAME, Severity.ERROR, sm.name, r, cc, what,
                          f"{cell(r, cc)} = {persen(shown)}; menurut aturan {persen(float(want.nilai))} "
                          f"(realisasi {cell(r, rc)}, target {cell(r, tc)}).", group=(cc,),
                          expected=float(want.nilai), found=shown)


RULE = Rule(NAME, "Capaian yang tidak sesuai rumus capaian (realisasi/target x 100)", run)
