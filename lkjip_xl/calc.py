"""Every figure of a report that is computed, from its inputs only, through the rules module.

This is what the workbook's formulas must give: the writer builds one formula per figure defined
here, the checks compare the workbook with these values, and the tests compare both. The
definitions follow the seed's Rekapitulasi table:

- indicator row: capaian K = rules.capaian(target, realisasi, metode);
- kegiatan: capaian K = mean of its indicators' capaian, capaian Rp = serapan(realisasi, pagu);
- program: pagu and realisasi = sums over its kegiatan; capaian K = mean of its outcome
  indicators; capaian Rp = serapan of the sums; "rata-rata capaian kinerja kegiatan" = mean of its
  kegiatan's capaian K and of their capaian Rp;
- kelompok: "rata-rata capaian kinerja kegiatan" = mean of its programs' rata-rata rows;
  "jumlah & rata-rata capaian kinerja program" = sums of program pagu/realisasi, mean of program
  capaian K and of program capaian Rp;
- OPD: rata-rata kegiatan = mean of the kelompok rata-rata; jumlah = sums of the kelompok sums with
  their serapan; total rata-rata = mean of the kelompok "jumlah & rata-rata" K and Rp.

Means skip rows without a value; percentages are never summed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Iterable, TypeVar

from lkjip_xl import model as m
from lkjip_xl.rules import Capaian, average, capaian, serapan, total

K = TypeVar("K")
V = TypeVar("V")


class IdMap(Generic[K, V]):
    """A mapping keyed by object identity: model objects are mutable dataclasses (unhashable).

    The keys are kept (so that no id is reused while the map lives) in a dict of their own: no
    (key, value) pair per entry for the garbage collector to walk in a big report."""

    def __init__(self) -> None:
        self._keys: dict[int, K] = {}
        self._values: dict[int, V] = {}

    def __setitem__(self, key: K, value: V) -> None:
        self._keys[id(key)] = key
        self._values[id(key)] = value

    def __getitem__(self, key: K) -> V:
        return self._values[id(key)]

    def setdefault(self, key: K, default: V) -> V:
        """The value of ``key``, set to ``default`` first when it has none."""
        if id(key) not in self._values:
            self[key] = default
        return self._values[id(key)]

    def __contains__(self, key: object) -> bool:
        return id(key) in self._values

    def __len__(self) -> int:
        return len(self._values)


@dataclass(frozen=True)
class Figures:
    """The computed figures of one row in one year; None where the row has no such figure."""

    pagu: Decimal | None = None
    realisasi_rp: Decimal | None = None
    capaian_k: Decimal | None = None
    capaian_rp: Decimal | None = None
    #: Why capaian K is missing, when it comes straight from the rules (indicator rows).
    alasan_k: str | None = None
    alasan_rp: str | None = None


@dataclass
class RekapCalc:
    indikator: IdMap[m.Indikator, dict[str, Figures]] = field(default_factory=IdMap)
    kegiatan: IdMap[m.Kegiatan, dict[str, Figures]] = field(default_factory=IdMap)
    program: IdMap[m.Program, dict[str, Figures]] = field(default_factory=IdMap)
    program_rata_rata: IdMap[m.Program, dict[str, Figures]] = field(default_factory=IdMap)
    kelompok_rata_rata: IdMap[m.Kelompok, dict[str, Figures]] = field(default_factory=IdMap)
    kelompok_jumlah: IdMap[m.Kelompok, dict[str, Figures]] = field(default_factory=IdMap)
    opd_rata_rata: dict[str, Figures] = field(default_factory=dict)
    opd_jumlah: dict[str, Figures] = field(default_factory=dict)
    opd_total_rata_rata: dict[str, Figures] = field(default_factory=dict)


def indikator_figures(ind: m.Indikator, year: str) -> Figures:
    block = ind.tahun(year)
    c = capaian(block.target if block else None, block.realisasi if block else None, ind.metode)
    return Figures(capaian_k=c.nilai, alasan_k=c.alasan)


def kegiatan_figures(keg: m.Kegiatan, year: str, indikator_k: Iterable[Decimal | None]) -> Figures:
    block = keg.tahun(year)
    pagu = block.pagu if block else None
    realisasi = block.realisasi_rp if block else None
    rp = serapan(realisasi, pagu)
    return Figures(pagu=pagu, realisasi_rp=realisasi, capaian_k=average(indikator_k),
                   capaian_rp=rp.nilai, alasan_rp=rp.alasan)


def sum_figures(parts: list[Figures], capaian_k: Decimal | None) -> Figures:
    pagu = total(f.pagu for f in parts)
    realisasi = total(f.realisasi_rp for f in parts)
    rp = serapan(realisasi, pagu)
    return Figures(pagu=pagu, realisasi_rp=realisasi, capaian_k=capaian_k, capaian_rp=rp.nilai,
                   alasan_rp=rp.alasan)


def mean_figures(parts: list[Figures]) -> Figures:
    return Figures(capaian_k=average(f.capaian_k for f in parts),
                   capaian_rp=average(f.capaian_rp for f in parts))


def compute_rekap(rekap: m.Rekap) -> RekapCalc:
    out = RekapCalc()
    for year in m.YEARS:
        kelompok_rr: list[Figures] = []
        kelompok_jml: list[Figures] = []
        for kelompok in rekap.kelompok:
            program_rr: list[Figures] = []
            program_fig: list[Figures] = []
            for program in kelompok.program:
                kegiatan_fig: list[Figures] = []
                for keg in program.kegiatan:
                    ind_fig = [_set(out.indikator, i, year, indikator_figures(i, year)) for i in keg.indikator]
                    kegiatan_fig.append(_set(out.kegiatan, keg, year,
                                             kegiatan_figures(keg, year, (f.capaian_k for f in ind_fig))))
                outcome = [_set(out.indikator, i, year, indikator_figures(i, year)) for i in program.indikator]
                prog = sum_figures(kegiatan_fig, average(f.capaian_k for f in outcome))
                program_fig.append(_set(out.program, program, year, prog))
                program_rr.append(_set(out.program_rata_rata, program, year, mean_figures(kegiatan_fig)))
            kelompok_rr.append(_set(out.kelompok_rata_rata, kelompok, year, mean_figures(program_rr)))
            jml = sum_figures(program_fig, average(f.capaian_k for f in program_fig))
            jml = Figures(pagu=jml.pagu, realisasi_rp=jml.realisasi_rp, capaian_k=jml.capaian_k,
                          capaian_rp=average(f.capaian_rp for f in program_fig))
            kelompok_jml.append(_set(out.kelompok_jumlah, kelompok, year, jml))
        out.opd_rata_rata[year] = mean_figures(kelompok_rr)
        out.opd_jumlah[year] = sum_figures(kelompok_jml, None)
        out.opd_total_rata_rata[year] = mean_figures(kelompok_jml)
    return out


def _set(target: IdMap, key: object, year: str, value: Figures) -> Figures:
    target.setdefault(key, {})[year] = value
    return value


# -- the other tables --------------------------------------------------------------------------------
def sasaran_capaian(ind: m.IndikatorSasaran) -> Capaian:
    return capaian(ind.target, ind.realisasi, ind.metode)


def formula_hasil(f: m.IndikatorFormula) -> Capaian:
    """numerator / denominator x 100, with the same empty and zero rules as capaian."""
    return capaian(f.nilai_penyebut, f.nilai_pembilang)


def kelurahan_total(data: m.DataUmum) -> Decimal:
    return total(k.jumlah_rt_rw for k in data.kelurahan)


def sdm_totals(sdm: m.Sdm) -> dict[str, Decimal]:
    return {name: total(r.jumlah for r in rows) for name, rows in sdm.breakdowns().items()}


@dataclass(frozen=True)
class KeuanganCalc:
    total: Decimal | None
    serapan: Capaian
    saldo: Decimal | None
    saldo_persen: Capaian


def keuangan_figures(k: m.Keuangan) -> KeuanganCalc:
    anggaran = None if k.btl is None and k.bl is None else total([k.btl, k.bl])
    saldo = None if anggaran is None or k.realisasi is None else anggaran - k.realisasi
    return KeuanganCalc(total=anggaran, serapan=serapan(k.realisasi, anggaran), saldo=saldo,
                        saldo_persen=serapan(saldo, anggaran))

