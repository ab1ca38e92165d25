"""A `terakhir` indicator (a percentage, an index, a rate: the year is its last quarter) whose
quarterly K goes down: 62,5 in triwulan II, then 40 in triwulan III.

Such an indicator is reported up to each quarter (coverage so far), so it does not fall unless
someone typed the quarter's own share instead of the figure up to it, and the year's value (the
last quarter) is then too low. Only for metode positif: for a lower-is-better indicator (angka
kemiskinan, waktu layanan) a fall is the aim. A warning: a real fall can happen (a recount).
"""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.checks.base import Check
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.display import two_places
from lkjip_xl.renja.checks.context import RenjaContext
from lkjip_xl.renja.checks.labels import indikator_label
from lkjip_xl.renja.layout import INDIKATOR_KINDS, LAYOUT
from lkjip_xl.rules import Metode, RealisasiTahunan

NAME = "triwulan-menurun"


def applies(ctx: RenjaContext) -> bool:
    return bool(ctx.renja.rows)


def run(ctx: RenjaContext) -> Iterable[Finding]:
    L = LAYOUT
    for r in ctx.renja.rows:
        ind = r.indikator
        if r.kind not in INDIKATOR_KINDS or ind is None:
            continue
        if ind.realisasi_tahunan is not RealisasiTahunan.TERAKHIR or ind.metode is not Metode.POSITIF:
            continue
        previous = None
        for q, value in zip(L.triwulan, ind.quarters()):
            if value is None:
                continue
            if previous is not None and value < previous[1]:
                yield Finding(Severity.WARNING, NAME, L.sheet, f"{q.k}{r.row}",
                              f"Realisasi K triwulan {q.header} ({two_places(value)}) lebih rendah dari triwulan "
                              f"{previous[0].header} ({two_places(previous[1])}) pada {indikator_label(r)}, yang realisasi "
                              "tahunannya nilai triwulan terakhir: nilai s/d triwulan biasanya tidak turun. Periksa "
                              f"apakah triwulan {q.header} diisi capaian triwulan itu saja, bukan s/d triwulan "
                              f"{q.header}.", expected=previous[1], found=value)
            previous = (q, value)


CHECK = Check(NAME, "Realisasi K triwulanan yang menurun pada indikator persentase/indeks (terakhir)", run, applies)
