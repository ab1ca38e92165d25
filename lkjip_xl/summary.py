"""A short account of a report: what it holds and what its inputs add up to.

It is computed from the inputs only (never from ``printed`` figures), through the rules module, so
that it can be compared with what the document printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from lkjip_xl import model as m
from lkjip_xl.calc import compute_rekap
from lkjip_xl.findings import plain
from lkjip_xl.display import format_number
from lkjip_xl.rules import Capaian, capaian, predikat, round_half_up, serapan, total


@dataclass
class YearTotals:
    pagu: Decimal
    realisasi_rp: Decimal
    serapan: Capaian
    kegiatan: int
    indikator: int


@dataclass
class SasaranCapaian:
    sasaran: str
    kode: str
    uraian: str
    target: m.Measure
    realisasi: m.Measure
    capaian: Capaian


@dataclass
class Summary:
    instansi: str
    tahun_laporan: int
    tahun_dasar: int
    programs: int
    kegiatan: int
    indikator_rows: int
    years: dict[str, YearTotals] = field(default_factory=dict)
    sasaran: list[SasaranCapaian] = field(default_factory=list)


def summarize(report: m.Report) -> Summary:
    rekap = report.rekap
    programs = [p for _, p in rekap.programs()]
    kegiatan = [k for _, k in rekap.kegiatan()]
    rows = sum(len(p.indikator) for p in programs) + sum(len(k.indikator) for k in kegiatan)
    summary = Summary(
        instansi=report.identitas.instansi,
        tahun_laporan=report.identitas.tahun_laporan,
        tahun_dasar=report.identitas.tahun_dasar,
        programs=len(programs),
        kegiatan=len(kegiatan),
        indikator_rows=rows,
    )
    for year in m.YEARS:
        blocks = [k.tahun(year) for k in kegiatan]
        pagu = total(b.pagu for b in blocks if b is not None)
        realisasi = total(b.realisasi_rp for b in blocks if b is not None)
        indikator = [i for p in programs for i in p.indikator if i.tahun(year) is not None]
        indikator += [i for k in kegiatan for i in k.indikator if i.tahun(year) is not None]
        summary.years[year] = YearTotals(
            pagu=pagu,
            realisasi_rp=realisasi,
            serapan=serapan(realisasi, pagu),
            kegiatan=sum(1 for b, k in zip(blocks, kegiatan) if b is not None or any(i.tahun(year) for i in k.indikator)),
            indikator=len(indikator),
        )
    for sasaran in report.pengukuran:
        for ind in sasaran.indikator:
            summary.sasaran.append(SasaranCapaian(
                sasaran=sasaran.sasaran, kode=ind.kode, uraian=ind.uraian, target=ind.target,
                realisasi=ind.realisasi, capaian=capaian(ind.target, ind.realisasi, ind.metode)))
    return summary


def _pct(c: Capaian) -> str:
    if c.nilai is None:
        return f"- ({c.alasan})"
    return f"{format_number(round_half_up(c.nilai, 2), 2)} %"


def _measure(value: m.Measure) -> str:
    if isinstance(value, Decimal):
        return format_number(value, max(0, -value.as_tuple().exponent))
    return "-" if value is None else str(value)


def format_summary(s: Summary) -> str:
    """The summary as Bahasa Indonesia text for the terminal."""
    years = {"dasar": s.tahun_dasar, "laporan": s.tahun_laporan}
    lines = [
        f"Ringkasan LKjIP {s.instansi} tahun {s.tahun_laporan}",
        f"  Program: {format_number(s.programs)}   Kegiatan: {format_number(s.kegiatan)}   "
        f"Baris indikator: {format_number(s.indikator_rows)}",
    ]
    for key, t in s.years.items():
        lines.append(
            f"  Tahun {years[key]}: {format_number(t.kegiatan)} kegiatan, {format_number(t.indikator)} indikator; "
            f"pagu Rp {format_number(t.pagu)}, realisasi Rp {format_number(t.realisasi_rp)}, "
            f"serapan {_pct(t.serapan)}")
    if s.sasaran:
        lines.append("  Capaian per sasaran:")
        for row in s.sasaran:
            lines.append(
                f"    [{row.kode}] {row.uraian}: target {_measure(row.target)}, "
                f"realisasi {_measure(row.realisasi)}, capaian {_pct(row.capaian)}")
    return "\n".join(lines)


# -- the summary as data (``lkjip-xl summary --json``; the Renja kind has its own) ------------------
def summary_data(report: m.Report) -> dict:
    """The report's counts, totals and average capaian of the reported year, as JSON-ready data."""
    s = summarize(report)
    year = s.years["laporan"]
    figures = compute_rekap(report.rekap)
    rata = figures.opd_rata_rata.get("laporan")
    k = rata.capaian_k if rata else None
    rp = rata.capaian_rp if rata else None
    return {
        "jenis": "lkjip", "opd": s.instansi, "pemerintah_daerah": report.identitas.pemerintah_daerah,
        "tahun": s.tahun_laporan, "program": s.programs, "kegiatan": s.kegiatan, "sub_kegiatan": 0,
        "indikator": s.indikator_rows, "pagu": plain(year.pagu), "realisasi_rp": plain(year.realisasi_rp),
        "serapan": plain(year.serapan.nilai), "rata_rata_capaian_k": plain(k), "rata_rata_capaian_rp": plain(rp),
        "predikat_k": predikat(k), "predikat_rp": predikat(rp),
        "rincian": summary_details(s),
    }


def summary_details(s: Summary) -> dict:
    """The summary's per-year figures and sasaran as JSON data (numbers as numbers; a capaian
    without value has its reason)."""
    def pct(c: Capaian) -> dict:
        return {"nilai": plain(c.nilai), "alasan": c.alasan}

    years = {"dasar": s.tahun_dasar, "laporan": s.tahun_laporan}
    return {
        "instansi": s.instansi, "tahun_laporan": s.tahun_laporan, "tahun_dasar": s.tahun_dasar,
        "program": s.programs, "kegiatan": s.kegiatan, "baris_indikator": s.indikator_rows,
        "tahun": {key: {"tahun": years[key], "kegiatan": t.kegiatan, "indikator": t.indikator,
                        "pagu": plain(t.pagu), "realisasi_rp": plain(t.realisasi_rp), "serapan": pct(t.serapan)}
                  for key, t in s.years.items()},
        "sasaran": [{"kode": r.kode, "uraian": r.uraian, "target": plain(r.target), "realisasi": plain(r.realisasi),
                     "capaian": pct(r.capaian)} for r in s.sasaran],
    }
