"""A short account of a Renja evaluation: what it holds and what its inputs add up to.

Computed from the inputs only, through the rules (:mod:`lkjip_xl.renja.calc`), never from figures a
workbook shows, so it can be compared with them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lkjip_xl.findings import plain
from lkjip_xl.display import format_number
from lkjip_xl.renja import model as rm
from lkjip_xl.renja.calc import compute
from lkjip_xl.rules import PERMENDAGRI_86_2017, TRIWULAN, Bands, predikat, round_half_up


def renja_summary_data(report: rm.RenjaReport, bands: Bands = PERMENDAGRI_86_2017) -> dict[str, Any]:
    """Kind, OPD, year, counts, total pagu and realisasi Rp per triwulan and for the year, the OPD's
    average capaian K and Rp and their predikat: JSON-ready data."""
    figures = compute(report)
    jml, rata = figures.opd_jumlah, figures.opd_rata
    ident = report.identitas
    kegiatan = [k for _, k in report.kegiatan()]
    return {
        "jenis": rm.JENIS, "opd": ident.opd, "pemerintah_daerah": ident.pemerintah_daerah, "tahun": ident.tahun,
        "triwulan": ident.triwulan, "program": len(report.program), "kegiatan": len(kegiatan),
        "sub_kegiatan": sum(len(k.sub_kegiatan) for k in kegiatan),
        "indikator": sum(1 for _ in report.indicators()),
        "pagu": plain(jml.pagu), "target_renstra_rp": plain(jml.target_renstra),
        "realisasi_rp_triwulan": {t: plain(q) for t, q in zip(TRIWULAN, jml.triwulan)},
        "realisasi_rp": plain(jml.realisasi), "serapan": plain(jml.serapan.nilai),
        "rata_rata_capaian_k": plain(rata.capaian_k), "rata_rata_capaian_rp": plain(rata.capaian_rp),
        "predikat_k": predikat(rata.capaian_k, bands), "predikat_rp": predikat(rata.capaian_rp, bands),
        "rata_rata_capaian_renstra_k": plain(rata.renstra_k), "rata_rata_capaian_renstra_rp": plain(rata.renstra_rp),
    }


def _rp(value: Any) -> str:
    return "-" if value is None else "Rp " + format_number(Decimal(str(value)))


def _pct(value: Any) -> str:
    return "-" if value is None else format_number(round_half_up(Decimal(str(value)), 2), 2) + " %"


def format_renja_summary(d: dict[str, Any]) -> str:
    """The summary as Bahasa Indonesia text for the terminal."""
    per = ", ".join(f"TW {t} {_rp(v)}" for t, v in d["realisasi_rp_triwulan"].items())
    return "\n".join([
        f"Ringkasan evaluasi Renja {d['opd']} ({d['pemerintah_daerah']}) tahun {d['tahun']}, "
        f"triwulan berjalan {TRIWULAN[d['triwulan'] - 1]}",
        f"  Program: {d['program']}   Kegiatan: {d['kegiatan']}   Sub-kegiatan: {d['sub_kegiatan']}   "
        f"Indikator: {d['indikator']}",
        f"  Pagu {_rp(d['pagu'])}; realisasi {per}; tahun berjalan {_rp(d['realisasi_rp'])} "
        f"(serapan {_pct(d['serapan'])})",
        f"  Rata-rata capaian kinerja {_pct(d['rata_rata_capaian_k'])} ({d['predikat_k'] or '-'}), "
        f"anggaran {_pct(d['rata_rata_capaian_rp'])} ({d['predikat_rp'] or '-'})",
    ])
