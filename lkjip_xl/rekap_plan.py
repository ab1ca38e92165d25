"""The rows of the Rekap Kegiatan sheet and the formula each computed cell must hold.

The plan is a list of rows (kind, identity, metode). The same function that gives the writer its
formulas gives the checks the formulas a cell *should* hold, from rows the reader found in a
workbook, so "the formula the layout expects" has one definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Iterator

from lkjip_xl import model as m
from lkjip_xl import xlformulas as xf
from lkjip_xl.layout import INDIKATOR_KINDS, REKAP_LABELS, REKAP_LAYOUT, RekapKind
from lkjip_xl.rules import Metode

K = RekapKind


@dataclass
class RekapRow:
    kind: RekapKind
    row: int
    kunci: str
    metode: Metode | None = None
    label: str | None = None
    # The model objects the row shows (None when the plan was read back from a workbook).
    kelompok: m.Kelompok | None = None
    program: m.Program | None = None
    kegiatan: m.Kegiatan | None = None
    indikator: m.Indikator | None = None


def indikator_kunci(parent: str, n: int) -> str:
    return f"{parent}#{n}"


def kegiatan_kunci(program: m.Program, kegiatan: m.Kegiatan) -> str:
    return f"{program.kode}/{kegiatan.kode}"


def plan_rekap(rekap: m.Rekap, first_row: int, spare: int = 0) -> list[RekapRow]:
    """The rows of the Rekap; ``spare`` empty rows are left in each kelompok after its programs
    (a blank workbook: rows to type new programs and kegiatan into)."""
    rows: list[RekapRow] = []
    gap = 0

    def add(kind: RekapKind, kunci: str, **kw) -> None:
        rows.append(RekapRow(kind, first_row + len(rows) + gap, kunci, **kw))

    for kelompok in rekap.kelompok:
        add(K.KELOMPOK, kelompok.nama, label=kelompok.nama, kelompok=kelompok)
        for program in kelompok.program:
            add(K.PROGRAM, program.kode, program=program, kelompok=kelompok)
            for n, ind in enumerate(program.indikator, 1):
                add(K.INDIKATOR_PROGRAM, indikator_kunci(program.kode, n), metode=ind.metode,
                    program=program, indikator=ind)
            for keg in program.kegiatan:
                kunci = kegiatan_kunci(program, keg)
                add(K.KEGIATAN, kunci, program=program, kegiatan=keg)
                for n, ind in enumerate(keg.indikator, 1):
                    add(K.INDIKATOR_KEGIATAN, indikator_kunci(kunci, n), metode=ind.metode,
                        program=program, kegiatan=keg, indikator=ind)
            add(K.RATA_RATA_PROGRAM, program.kode, label=REKAP_LABELS[K.RATA_RATA_PROGRAM], program=program)
        gap += spare
        add(K.RATA_RATA_KELOMPOK, kelompok.nama,
            label=REKAP_LABELS[K.RATA_RATA_KELOMPOK].format(nama=kelompok.nama.upper()), kelompok=kelompok)
        add(K.JUMLAH_KELOMPOK, kelompok.nama,
            label=REKAP_LABELS[K.JUMLAH_KELOMPOK].format(nama=kelompok.nama.upper()), kelompok=kelompok)
    for kind in (K.RATA_RATA_OPD, K.JUMLAH_OPD, K.TOTAL_RATA_RATA_OPD):
        add(kind, "OPD", label=REKAP_LABELS[kind])
    return rows


# -- structure found in the rows ------------------------------------------------------------------------
@dataclass
class ProgramBlock:
    row: RekapRow
    outcome: list[RekapRow] = field(default_factory=list)
    kegiatan: list[tuple[RekapRow, list[RekapRow]]] = field(default_factory=list)
    rata_rata: RekapRow | None = None

    def kegiatan_span(self) -> tuple[int, int] | None:
        """First and last row of the kegiatan part (kegiatan rows and their indicator rows)."""
        if not self.kegiatan:
            return None
        last_keg, last_ind = self.kegiatan[-1]
        return self.kegiatan[0][0].row, (last_ind[-1].row if last_ind else last_keg.row)


@dataclass
class KelompokBlock:
    row: RekapRow
    programs: list[ProgramBlock] = field(default_factory=list)
    rata_rata: RekapRow | None = None
    jumlah: RekapRow | None = None


@dataclass
class Structure:
    kelompok: list[KelompokBlock] = field(default_factory=list)
    opd: dict[RekapKind, RekapRow] = field(default_factory=dict)


def structure(rows: list[RekapRow]) -> Structure:
    """Group rows into kelompok -> program -> kegiatan -> indicator blocks, by kind and order."""
    out = Structure()
    kel: KelompokBlock | None = None
    prog: ProgramBlock | None = None
    keg_inds: list[RekapRow] | None = None
    for r in rows:
        if r.kind is K.KELOMPOK:
            kel, prog, keg_inds = KelompokBlock(r), None, None
            out.kelompok.append(kel)
        elif r.kind is K.PROGRAM and kel is not None:
            prog, keg_inds = ProgramBlock(r), None
            kel.programs.append(prog)
        elif r.kind is K.INDIKATOR_PROGRAM and prog is not None and not prog.kegiatan:
            prog.outcome.append(r)
        elif r.kind is K.KEGIATAN and prog is not None:
            keg_inds = []
            prog.kegiatan.append((r, keg_inds))
        elif r.kind is K.INDIKATOR_KEGIATAN and keg_inds is not None:
            keg_inds.append(r)
        elif r.kind is K.RATA_RATA_PROGRAM and prog is not None:
            prog.rata_rata, keg_inds = r, None
        elif r.kind is K.RATA_RATA_KELOMPOK and kel is not None:
            kel.rata_rata, prog, keg_inds = r, None, None
        elif r.kind is K.JUMLAH_KELOMPOK and kel is not None:
            kel.jumlah, prog, keg_inds = r, None, None
        elif r.kind in (K.RATA_RATA_OPD, K.JUMLAH_OPD, K.TOTAL_RATA_RATA_OPD):
            out.opd[r.kind] = r
            kel = prog = keg_inds = None
    return out


# -- formulas --------------------------------------------------------------------------------------------
def _span(col: str, first: int, last: int) -> str:
    return f"{col}{first}" if first == last else f"{col}{first}:{col}{last}"


def _avg_rows(col: str, rows: list[RekapRow]) -> str:
    if not rows:
        return '=""'
    return xf.average(_span(col, rows[0].row, rows[-1].row))


def expected_formulas(rows: list[RekapRow], shape: Structure | None = None) -> Iterator[tuple[str, str]]:
    """(cell, formula) for every computed cell of the Rekap sheet, in row order.

    ``shape``: ``structure(rows)`` when the caller has it already."""
    L = REKAP_LAYOUT
    s = shape if shape is not None else structure(rows)
    for r in rows:
        yield from _row_formulas(r)
    for kel in s.kelompok:
        for prog in kel.programs:
            span = prog.kegiatan_span()
            for y in L.years.values():
                p = prog.row.row
                if span is None:
                    yield f"{y.pagu}{p}", "=0"
                    yield f"{y.realisasi_rp}{p}", "=0"
                else:
                    yield f"{y.pagu}{p}", xf.total(_span(y.pagu, *span))
                    yield f"{y.realisasi_rp}{p}", xf.total(_span(y.realisasi_rp, *span))
                yield f"{y.capaian_k}{p}", _avg_rows(y.capaian_k, prog.outcome)
                yield f"{y.capaian_rp}{p}", xf.serapan(f"{y.realisasi_rp}{p}", f"{y.pagu}{p}")
                for keg, inds in prog.kegiatan:
                    yield f"{y.capaian_k}{keg.row}", _avg_rows(y.capaian_k, inds)
                if prog.rata_rata is not None:
                    rr = prog.rata_rata.row
                    for col in (y.capaian_k, y.capaian_rp):
                        if span is None:
                            yield f"{col}{rr}", '=""'
                        else:
                            yield f"{col}{rr}", xf.average_if(_span(L.jenis, *span), K.KEGIATAN.value,
                                                              _span(col, *span))
        span = _kelompok_span(kel)
        for y in L.years.values():
            if kel.rata_rata is not None:
                for col in (y.capaian_k, y.capaian_rp):
                    yield f"{col}{kel.rata_rata.row}", _avg_kind(col, span, K.RATA_RATA_PROGRAM)
            if kel.jumlah is not None:
                j = kel.jumlah.row
                yield f"{y.pagu}{j}", _sum_kind(y.pagu, span, K.PROGRAM)
                yield f"{y.realisasi_rp}{j}", _sum_kind(y.realisasi_rp, span, K.PROGRAM)
                yield f"{y.capaian_k}{j}", _avg_kind(y.capaian_k, span, K.PROGRAM)
                yield f"{y.capaian_rp}{j}", _avg_kind(y.capaian_rp, span, K.PROGRAM)
    opd_rows = [r.row for r in s.opd.values()]
    span = (rows[0].row, min(opd_rows) - 1) if rows and opd_rows and min(opd_rows) > rows[0].row else None
    for y in L.years.values():
        rr = s.opd.get(K.RATA_RATA_OPD)
        if rr is not None:
            for col in (y.capaian_k, y.capaian_rp):
                yield f"{col}{rr.row}", _avg_kind(col, span, K.RATA_RATA_KELOMPOK)
        jml = s.opd.get(K.JUMLAH_OPD)
        if jml is not None:
            yield f"{y.pagu}{jml.row}", _sum_kind(y.pagu, span, K.JUMLAH_KELOMPOK)
            yield f"{y.realisasi_rp}{jml.row}", _sum_kind(y.realisasi_rp, span, K.JUMLAH_KELOMPOK)
            yield f"{y.capaian_rp}{jml.row}", xf.serapan(f"{y.realisasi_rp}{jml.row}", f"{y.pagu}{jml.row}")
        tot = s.opd.get(K.TOTAL_RATA_RATA_OPD)
        if tot is not None:
            for col in (y.capaian_k, y.capaian_rp):
                yield f"{col}{tot.row}", _avg_kind(col, span, K.JUMLAH_KELOMPOK)


def _kelompok_span(kel: KelompokBlock) -> tuple[int, int] | None:
    """The rows of a kelompok's programs: from below its title row to above its own summary rows."""
    ends = [r.row for r in (kel.rata_rata, kel.jumlah) if r is not None]
    if not ends or min(ends) <= kel.row.row + 1:
        return None
    return kel.row.row + 1, min(ends) - 1


def _avg_kind(col: str, span: tuple[int, int] | None, kind: RekapKind) -> str:
    if span is None:
        return '=""'
    return xf.average_if(_span(REKAP_LAYOUT.jenis, *span), kind.value, _span(col, *span))


def _sum_kind(col: str, span: tuple[int, int] | None, kind: RekapKind) -> str:
    if span is None:
        return "=0"
    return xf.sum_if(_span(REKAP_LAYOUT.jenis, *span), kind.value, _span(col, *span))


#: Stands for the row number in the formula shapes of :func:`_row_shapes` (the formula builders
#: of :mod:`lkjip_xl.xlformulas` take references as text and never read them).
_ROW = "\x00"


def _row_formulas(r: RekapRow) -> Iterator[tuple[str, str]]:
    """Formulas that depend on the row alone: capaian of indicator rows and kegiatan Rp, predikat."""
    row = str(r.row)
    for col, shape in _row_shapes(r.kind, (r.metode or Metode.POSITIF) if r.kind in INDIKATOR_KINDS else None):
        yield col + row, shape.replace(_ROW, row)


@cache
def _row_shapes(kind: RekapKind, metode: Metode | None) -> tuple[tuple[str, str], ...]:
    """(column, formula with :data:`_ROW` for its row) of a row of this kind and metode: the same
    for every such row, so a report of any size builds each shape once."""
    L = REKAP_LAYOUT
    out = []
    laporan = L.years["laporan"]
    if kind in INDIKATOR_KINDS:
        for y in L.years.values():
            out.append((y.capaian_k, xf.capaian(metode, y.target + _ROW, y.realisasi + _ROW,
                                                y.target_max + _ROW if metode is Metode.RENTANG else None)))
    elif kind is K.KEGIATAN:
        for y in L.years.values():
            out.append((y.capaian_rp, xf.serapan(y.realisasi_rp + _ROW, y.pagu + _ROW)))
    if L.predikat in L.formula_columns(kind):
        out.append((L.predikat, xf.predikat(laporan.capaian_k + _ROW)))
    return tuple(out)
