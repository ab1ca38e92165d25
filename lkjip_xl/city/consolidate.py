"""How a city's OPD workbooks are combined, and the city's figures by the rules.

A LKjIP (yearly) and a Renja evaluation (quarterly) are different reports, and a year is not
another year: each (kind, year, triwulan) is its own **group**, which becomes one sheet of OPD
rows and one of program rows in the city's workbook. Within a group:

* the city's pagu and realisasi are the **sums** of the OPD's (exact, in Rupiah);
* the city's serapan is the serapan of those sums (realisasi / pagu x 100), not a mean;
* the city's rata-rata capaian K and Rp are the **means over the OPD** of each OPD's own
  rata-rata (an OPD without a value is skipped, not counted as 0): percentages are never summed;
* its predikat is the band of that mean (:data:`~lkjip_xl.rules.PERMENDAGRI_86_2017`).

A source whose checks found kesalahan is included but marked; a file that could not be read, or
that is not a workbook lkjip-xl wrote (its figures are not known; an office's own Renja form can be
imported first with ``lkjip-xl import``), is listed with the reason and not included. The same OPD
twice in a group (two versions of its file) is included twice and marked, so the user chooses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Sequence

from lkjip_xl.city.worker import FOREIGN, LKJIP, RENJA, FileResult
from lkjip_xl.rules import average, predikat, serapan, total

NOT_OURS = ("bukan buku kerja lkjip-xl, jadi angkanya tidak diketahui (formulir Renja kantor sendiri: impor dulu "
            "dengan lkjip-xl import, lalu lkjip-xl build)")


@dataclass
class CityFigures:
    opd: int
    pagu: Decimal
    realisasi_rp: Decimal
    serapan: Decimal | None
    capaian_k: Decimal | None
    capaian_rp: Decimal | None
    predikat_k: str | None
    predikat_rp: str | None


@dataclass
class Group:
    kind: str
    tahun: int | None
    triwulan: int | None = None
    members: list[FileResult] = field(default_factory=list)

    @property
    def title(self) -> str:
        """``LKjIP 2020``, ``Renja 2018 TW4``: also the name of its sheet."""
        if self.kind == LKJIP:
            return f"LKjIP {self.tahun}"
        return f"Renja {self.tahun} TW{self.triwulan}" if self.triwulan else f"Renja {self.tahun}"

    def figures(self) -> CityFigures:
        """The city's figures of the group, by the rules (what the workbook's formulas must give)."""
        m = self.members
        pagu = total(r.pagu for r in m)
        realisasi = total(r.realisasi_rp for r in m)
        k, rp = average(r.capaian_k for r in m), average(r.capaian_rp for r in m)
        return CityFigures(len(m), pagu, realisasi, serapan(realisasi, pagu).nilai, k, rp, predikat(k), predikat(rp))

    def duplicates(self) -> dict[int, list[str]]:
        """member index -> the other files of the same OPD in this group."""
        by_opd: dict[str, list[int]] = {}
        for i, r in enumerate(self.members):
            by_opd.setdefault((r.opd or "").strip().casefold(), []).append(i)
        out = {}
        for indexes in by_opd.values():
            if len(indexes) > 1:
                for i in indexes:
                    out[i] = [self.members[j].file for j in indexes if j != i]
        return out


@dataclass
class Consolidation:
    groups: list[Group]
    #: files not included, with the reason
    left_out: list[tuple[FileResult, str]]
    sources: list[FileResult]


def consolidate(results: Sequence[FileResult]) -> Consolidation:
    """Group the readable OPD workbooks by kind, year and triwulan (LKjIP first, then Renja, each by
    year), in the order the files came; list the others with the reason."""
    groups: dict[tuple, Group] = {}
    left_out: list[tuple[FileResult, str]] = []
    for r in results:
        if r.failed:
            left_out.append((r, r.error or ""))
        elif r.kind == FOREIGN:
            left_out.append((r, NOT_OURS))
        elif r.kind in (LKJIP, RENJA):
            key = (r.kind != LKJIP, r.tahun or 0, r.triwulan or 0)
            groups.setdefault(key, Group(r.kind, r.tahun, r.triwulan if r.kind == RENJA else None)).members.append(r)
    return Consolidation([groups[k] for k in sorted(groups)], left_out, list(results))
