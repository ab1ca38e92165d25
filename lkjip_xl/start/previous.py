"""A new year's report started from last year's workbook: its structure, and last year's figures in
the base-year columns.

* LKjIP: every program, kegiatan and indicator of last year's Rekap; last year's target and
  realisasi (K and Rp) become the base year (``dasar``) of the new report, the reported year is
  empty; the Perjanjian Kinerja and Pengukuran keep their sasaran and indicators without targets
  or realisasi; the data umum is kept (staff bring it up to date), the anggaran is not.
* Renja: every program, kegiatan, sub-kegiatan and indicator; the Renstra target (5) is kept and
  last year's "realisasi Renstra s/d tahun berjalan" (14, computed by the rules) becomes the new
  year's "realisasi Renstra s/d tahun lalu" (6), in K and Rp; the year's targets and quarters are
  empty, the triwulan berjalan is I.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

from lkjip_xl import layout as lay
from lkjip_xl import model as m
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja import model as rm
from lkjip_xl.renja.calc import compute


def workbook_kind(path: Path) -> str | None:
    """``lkjip`` or ``renja`` for a workbook lkjip-xl wrote (its table's defined name), else None."""
    try:
        with zipfile.ZipFile(path) as z:
            text = z.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    if f'name="{rl.NAME_TABLE}"' in text:
        return "renja"
    if f'name="{lay.NAME_REKAP_TABLE}"' in text:
        return "lkjip"
    return None


def is_report_workbook(path: Path) -> bool:
    return workbook_kind(path) is not None


def from_previous(path: Path, start: Any) -> m.Report | rm.RenjaReport:
    if workbook_kind(path) == "renja":
        from lkjip_xl.renja.export import read_renja_workbook  # the reader of the kind the workbook is

        return next_renja(read_renja_workbook(path).report, start)
    from lkjip_xl.export import read_workbook

    return next_lkjip(read_workbook(path).report, start)


def next_lkjip(last: m.Report, start: Any) -> m.Report:
    r = copy.deepcopy(last)
    ident = r.identitas
    ident.tahun_laporan = start.tahun or (last.identitas.tahun_laporan + 1)
    ident.tahun_dasar = ident.tahun_laporan - 1
    ident.instansi = start.opd or ident.instansi
    ident.pemerintah_daerah = start.pemerintah_daerah or ident.pemerintah_daerah
    ident.tanggal = ident.sumber = None
    for _, program in r.rekap.programs():
        program.printed = {}
        for ind in program.indikator:
            _k_to_base(ind)
        for keg in program.kegiatan:
            keg.dasar = m.TahunRp(pagu=keg.laporan.pagu, realisasi_rp=keg.laporan.realisasi_rp) if keg.laporan else None
            keg.laporan = None
            for ind in keg.indikator:
                _k_to_base(ind)
    r.rekap.printed = {}
    for kel in r.rekap.kelompok:
        kel.printed = {}
    for sasaran in (*r.perjanjian_kinerja, *r.pengukuran):
        for ind in sasaran.indikator:
            ind.target = ind.realisasi = None
            ind.printed = {}
    for f in r.indikator_formula:
        f.nilai_pembilang = f.nilai_penyebut = None
        f.printed = {}
    r.program_pagu, r.printed_program_pagu, r.keuangan = [], {}, None
    return r


def _k_to_base(ind: m.Indikator) -> None:
    last = ind.laporan
    ind.dasar = m.TahunK(target=last.target, realisasi=last.realisasi) if last else None
    ind.laporan = None


def next_renja(last: rm.RenjaReport, start: Any) -> rm.RenjaReport:
    figures = compute(last)
    r = copy.deepcopy(last)
    moved = {id(new): old for new, old in zip(_objects(r), _objects(last))}
    ident = r.identitas
    ident.tahun = start.tahun or (last.identitas.tahun + 1)
    ident.triwulan = start.triwulan or 1
    ident.opd = start.opd or ident.opd
    ident.pemerintah_daerah = start.pemerintah_daerah or ident.pemerintah_daerah
    ident.tanggal = ident.sumber = None
    r.teks = None
    for obj in _objects(r):
        old = moved[id(obj)]
        if isinstance(obj, rm.Indikator):
            obj.realisasi_renstra_lalu = figures.indikator[old].renstra
            obj.target, obj.triwulan = None, []
        elif obj.anggaran is not None:
            obj.anggaran = rm.Anggaran(target_renstra=obj.anggaran.target_renstra,
                                       realisasi_renstra_lalu=figures.unit[old].rp.renstra)
    return r


def _objects(report: rm.RenjaReport) -> list[Any]:
    """Every indicator and budget unit, in order (the same order in a copy)."""
    out: list[Any] = []
    for program in report.program:
        out += program.indikator
        for keg in program.kegiatan:
            out.append(keg)
            out += keg.indikator
            for sub in keg.sub_kegiatan:
                out.append(sub)
                out += sub.indikator
    return out
