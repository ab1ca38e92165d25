"""An indicator in percent, an index or a rate whose year is set to the sum of its quarters (domain:
"summing a percentage over quarters is the commonest real error"): 25 % reported in each quarter
becomes a year of 100 %.

Recognised by the satuan (``%``, persen, indeks, rasio, nilai, skor, predikat); the finding asks to
set its realisasi tahunan to ``terakhir`` (or ``rata-rata``). An error when the sum already passes
100 % of a percentage, a warning otherwise (a satuan such as "persen" can label a count by mistake).
"""

from __future__ import annotations

import re
from typing import Iterable

from lkjip_xl.checks.base import Check
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.display import two_places
from lkjip_xl.renja.checks.context import RenjaContext
from lkjip_xl.renja.checks.labels import indikator_label
from lkjip_xl.renja.layout import INDIKATOR_KINDS, LAYOUT
from lkjip_xl.rules import RealisasiTahunan

NAME = "persentase-dijumlah-triwulan"
LEVEL = re.compile(r"(%|\bpersen|\bprosen|\bindeks|\bindex|\brasio|\bnilai\b|\bskor\b|\bpredikat)", re.IGNORECASE)
PERCENT = re.compile(r"(%|\bpersen|\bprosen)", re.IGNORECASE)


def is_level(satuan: str | None) -> bool:
    """Is a satuan one of a level (percent, index, rate, score), whose quarters never add up?"""
    return bool(satuan and LEVEL.search(satuan))


def applies(ctx: RenjaContext) -> bool:
    return bool(ctx.renja.rows)


def run(ctx: RenjaContext) -> Iterable[Finding]:
    L = LAYOUT
    for r in ctx.renja.rows:
        ind = r.indikator
        if r.kind not in INDIKATOR_KINDS or ind is None or ind.realisasi_tahunan is not RealisasiTahunan.JUMLAH:
            continue
        filled = [q for q in ind.quarters() if q is not None]
        if len(filled) < 2 or not is_level(ind.satuan):
            continue
        year = ctx.figures.indikator[ind].realisasi if ind in ctx.figures.indikator else None
        over = year is not None and PERCENT.search(ind.satuan or "") is not None and year > 100
        yield Finding(Severity.ERROR if over else Severity.WARNING, NAME, L.sheet, f"{L.realisasi_tahunan}{r.row}",
                      f"Satuan {ind.satuan!r} tetapi realisasi tahunan {indikator_label(r)} dijumlah dari "
                      f"triwulannya ({' + '.join(two_places(q) for q in filled)} = {two_places(year)}). Persentase, indeks "
                      "atau rasio tidak dijumlah: pilih realisasi tahunan \"terakhir\" (nilai triwulan terakhir) "
                      "atau \"rata-rata\".", expected=RealisasiTahunan.TERAKHIR.value, found=ind.realisasi_tahunan.value)


CHECK = Check(NAME, "Indikator persen/indeks yang realisasi tahunannya dijumlah dari triwulan", run, applies)
