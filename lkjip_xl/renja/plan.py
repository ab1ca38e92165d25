"""The rows of the Renja table and the formula each computed cell must hold.

The plan is a list of rows (kind, identity, metode, how the year is formed). The same function that
gives the writer its formulas gives the checks the formulas a cell *should* hold, from the rows the
reader found in a workbook, so "the formula the layout expects" has one definition. Every formula
is built from the rules' definitions (:mod:`lkjip_xl.renja.calc` computes the same figures):

- indicator: 12 by its ``realisasi_tahunan`` (sum, last quarter reported, mean), 13 = capaian of
  12 against 7 by its metode, 14 by its kind (6 + 12 for counts, else the latest figure),
  15 = capaian of 14 against 5;
- budget unit (kegiatan without sub-kegiatan, sub-kegiatan): 12 Rp = sum of the quarters,
  13 Rp = 12/7, 14 Rp = 6 + 12, 15 Rp = 14/5; its 13 K and 15 K the mean of its own indicators;
- kegiatan with sub-kegiatan, program: every Rp column the sum of its own children (sub-kegiatan,
  kegiatan) and nothing else; 13 K and 15 K the mean of its own indicators, or the children's mean
  while none of its own has a capaian (an outcome not measured yet, or one the office computes
  from its children); 13 Rp and 15 Rp the ratio of its sums;
- the program's "rata-rata capaian kinerja" row: the mean of its kegiatan's 13 and 15; its
  predikat row the Permendagri 86 band of each;
- OPD: Rp sums of the program rows, mean of the programs' rata-rata rows, and their predikat.

Sums and means over a block use SUMIF / AVERAGEIF over the hidden Jenis column, so a row of
another kind (an indicator, a sub-kegiatan) inside the block is never counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from lkjip_xl import xlformulas as xf
from lkjip_xl.renja import model as rm
from lkjip_xl.renja.layout import INDIKATOR_KINDS, LABELS, LAYOUT, RowKind
from lkjip_xl.rules import PERMENDAGRI_86_2017, Bands, Metode, RealisasiTahunan

K = RowKind
EMPTY = '=""'


@dataclass
class RenjaRow:
    kind: RowKind
    row: int
    kunci: str
    label: str | None = None
    metode: Metode | None = None
    cara: RealisasiTahunan | None = None
    # The model objects the row shows (None when the rows were read back from a workbook).
    program: rm.Program | None = None
    kegiatan: rm.Kegiatan | None = None
    sub: rm.SubKegiatan | None = None
    indikator: rm.Indikator | None = None


def _own(kode: str | None, prefix: str, n: int) -> str:
    return kode if kode else f"#{prefix}{n}"


def plan_rows(report: rm.RenjaReport, first_row: int = LAYOUT.first_data_row, spare: int = 0) -> list[RenjaRow]:
    """The table's rows, in order, for a report; ``spare`` empty rows are left after the last
    program (a blank workbook: rows to type new programs and kegiatan into)."""
    rows: list[RenjaRow] = []
    gap = 0

    def add(kind: RowKind, kunci: str, **kw) -> RenjaRow:
        r = RenjaRow(kind, first_row + len(rows) + gap, kunci, **kw)
        rows.append(r)
        return r

    def indicators(owner: str, kind: RowKind, items: list[rm.Indikator], **kw) -> None:
        for n, ind in enumerate(items, 1):
            add(kind, f"{owner}#{n}", metode=ind.metode, cara=ind.realisasi_tahunan, indikator=ind, **kw)

    urusan = bidang = None
    for p, program in enumerate(report.program, 1):
        if program.urusan and program.urusan != urusan:
            add(K.URUSAN, program.urusan, label=program.urusan)
        if program.bidang and (program.bidang != bidang or program.urusan != urusan):
            add(K.BIDANG, program.bidang, label=program.bidang)
        urusan, bidang = program.urusan, program.bidang
        pk = _own(program.kode, "p", p)
        add(K.PROGRAM, pk, program=program)
        indicators(pk, K.INDIKATOR_PROGRAM, program.indikator, program=program)
        for k, kegiatan in enumerate(program.kegiatan, 1):
            kk = f"{pk}/{_own(kegiatan.kode, 'k', k)}"
            add(K.KEGIATAN, kk, program=program, kegiatan=kegiatan)
            indicators(kk, K.INDIKATOR_KEGIATAN, kegiatan.indikator, program=program, kegiatan=kegiatan)
            for s, sub in enumerate(kegiatan.sub_kegiatan, 1):
                sk = f"{kk}/{_own(sub.kode, 's', s)}"
                add(K.SUB_KEGIATAN, sk, program=program, kegiatan=kegiatan, sub=sub)
                indicators(sk, K.INDIKATOR_SUB_KEGIATAN, sub.indikator, program=program, kegiatan=kegiatan,
                           sub=sub)
        add(K.RATA_RATA_PROGRAM, pk, label=LABELS[K.RATA_RATA_PROGRAM], program=program)
        add(K.PREDIKAT_PROGRAM, pk, label=LABELS[K.PREDIKAT_PROGRAM], program=program)
    gap = spare
    for kind in (K.JUMLAH_OPD, K.RATA_RATA_OPD, K.PREDIKAT_OPD):
        add(kind, "OPD", label=LABELS[kind])
    return rows


# -- structure found in the rows ------------------------------------------------------------------------
@dataclass
class UnitBlock:
    """A program, kegiatan or sub-kegiatan row, its own indicator rows and its children."""

    row: RenjaRow
    indikator: list[RenjaRow] = field(default_factory=list)
    children: list[UnitBlock] = field(default_factory=list)
    last: int = 0  # the last row of the block (its children's included)

    @property
    def parent(self) -> bool:
        """A kegiatan with sub-kegiatan (or any program): its Rp are the sums of its children."""
        return bool(self.children) or self.row.kind is K.PROGRAM


@dataclass
class ProgramBlock(UnitBlock):
    rata_rata: RenjaRow | None = None
    predikat: RenjaRow | None = None


@dataclass
class Structure:
    programs: list[ProgramBlock] = field(default_factory=list)
    opd: dict[RowKind, RenjaRow] = field(default_factory=dict)
    first: int = 0

    def units(self) -> Iterator[UnitBlock]:
        for prog in self.programs:
            yield prog
            for keg in prog.children:
                yield keg
                yield from keg.children


def structure(rows: list[RenjaRow]) -> Structure:
    """Group rows into program -> kegiatan -> sub-kegiatan blocks, by kind and order."""
    out = Structure(first=rows[0].row if rows else 0)
    prog: ProgramBlock | None = None
    keg: UnitBlock | None = None
    sub: UnitBlock | None = None

    def extend(*blocks: UnitBlock | None, row: int) -> None:
        for b in blocks:
            if b is not None:
                b.last = row

    for r in rows:
        if r.kind is K.PROGRAM:
            prog, keg, sub = ProgramBlock(r, last=r.row), None, None
            out.programs.append(prog)
        elif r.kind is K.KEGIATAN and prog is not None:
            keg, sub = UnitBlock(r, last=r.row), None
            prog.children.append(keg)
            extend(prog, row=r.row)
        elif r.kind is K.SUB_KEGIATAN and keg is not None:
            sub = UnitBlock(r, last=r.row)
            keg.children.append(sub)
            extend(prog, keg, row=r.row)
        elif r.kind in INDIKATOR_KINDS:
            owner = {K.INDIKATOR_PROGRAM: prog if keg is None else None,
                     K.INDIKATOR_KEGIATAN: keg if sub is None else None,
                     K.INDIKATOR_SUB_KEGIATAN: sub}[r.kind]
            if owner is not None:
                owner.indikator.append(r)
            extend(prog, keg, sub, row=r.row)
        elif r.kind is K.RATA_RATA_PROGRAM and prog is not None:
            prog.rata_rata = r
            keg = sub = None
        elif r.kind is K.PREDIKAT_PROGRAM and prog is not None:
            prog.predikat = r
            keg = sub = None
        elif r.kind in (K.JUMLAH_OPD, K.RATA_RATA_OPD, K.PREDIKAT_OPD):
            out.opd[r.kind] = r
            prog = keg = sub = None
        elif r.kind in (K.URUSAN, K.BIDANG):
            prog = keg = sub = None
    return out


# -- formulas ---------------------------------------------------------------------------------------------
def capaian(metode: Metode, target: str, realisasi: str) -> str:
    """Capaian K of numbers by metode, "" where the rules give none (see lkjip_xl.rules.capaian)."""
    t, r = target, realisasi
    if metode is Metode.POSITIF:
        core = f"IF({t}>0,{r}/{t}*100,{xf.EMPTY})"
    elif metode is Metode.NEGATIF:
        core = f"IF({t}>0,MAX(0,(2*{t}-{r})/{t}*100),{xf.EMPTY})"
    elif metode is Metode.NEGATIF_RASIO:
        core = f"IF(AND({t}>0,{r}>0),{t}/{r}*100,{xf.EMPTY})"
    else:
        raise ValueError(f"metode {metode.value} is not used in the Renja")
    return f"=IF(AND(ISNUMBER({t}),ISNUMBER({r})),{core},{xf.EMPTY})"


def year_k(cara: RealisasiTahunan, quarters: list[str]) -> str:
    """Column 12 K from the quarter cells, by the indicator's kind (rules.realisasi_tahun)."""
    if cara is RealisasiTahunan.JUMLAH:
        return xf.plus(*quarters)
    if cara is RealisasiTahunan.RATA_RATA:
        return xf.average(*quarters)
    expr = xf.EMPTY
    for q in quarters:  # the last quarter holding a number wins
        expr = f"IF(ISNUMBER({q}),{q},{expr})"
    return "=" + expr


def renstra_k(cara: RealisasiTahunan, lalu: str, tahun_ini: str) -> str:
    """Column 14 K from columns 6 and 12 (rules.realisasi_renstra)."""
    if cara is RealisasiTahunan.JUMLAH:
        return xf.plus(lalu, tahun_ini)
    return f"=IF(ISNUMBER({tahun_ini}),{tahun_ini},IF(ISNUMBER({lalu}),{lalu},{xf.EMPTY}))"


def _span(col: str, first: int, last: int) -> str:
    return f"{col}{first}" if first == last else f"{col}{first}:{col}{last}"


def _avg_rows(col: str, rows: list[RenjaRow]) -> str:
    return xf.average(_span(col, rows[0].row, rows[-1].row)) if rows else EMPTY


def _if_kind(builder, col: str, first: int, last: int, kind: RowKind) -> str:
    return builder(_span(LAYOUT.jenis, first, last), kind.value, _span(col, first, last))


def expected_formulas(rows: list[RenjaRow], shape: Structure | None = None,
                      bands: Bands = PERMENDAGRI_86_2017) -> Iterator[tuple[str, str]]:
    """(cell, formula) of every computed cell of the Renja table, in row order."""
    L = LAYOUT
    s = shape if shape is not None else structure(rows)
    parents = {b.row.row for b in s.units() if b.parent}
    blocks = {b.row.row: b for b in s.units()}
    for r in rows:
        n = r.row
        if r.kind in INDIKATOR_KINDS:
            cara = r.cara or RealisasiTahunan.JUMLAH
            metode = r.metode or Metode.POSITIF
            yield f"{L.realisasi.k}{n}", year_k(cara, [f"{q.k}{n}" for q in L.triwulan])
            yield f"{L.capaian.k}{n}", capaian(metode, f"{L.target.k}{n}", f"{L.realisasi.k}{n}")
            yield f"{L.realisasi_renstra.k}{n}", renstra_k(cara, f"{L.realisasi_renstra_lalu.k}{n}",
                                                           f"{L.realisasi.k}{n}")
            yield f"{L.capaian_renstra.k}{n}", capaian(metode, f"{L.target_renstra.k}{n}",
                                                       f"{L.realisasi_renstra.k}{n}")
        elif r.kind in (K.PROGRAM, K.KEGIATAN, K.SUB_KEGIATAN) and n in blocks:
            yield from _unit(blocks[n], n in parents)
    for prog in s.programs:
        first, last = prog.row.row, prog.last
        for row, percent in ((prog.rata_rata, True), (prog.predikat, False)):
            if row is None:
                continue
            for col in L.percent_columns():
                if percent:
                    yield f"{col}{row.row}", _if_kind(xf.average_if, col, first, last, K.KEGIATAN)
                elif prog.rata_rata is not None:
                    yield f"{col}{row.row}", xf.predikat(f"{col}{prog.rata_rata.row}", bands)
                else:
                    yield f"{col}{row.row}", EMPTY
    opd_first = min((r.row for r in s.opd.values()), default=None)
    span = (s.first, opd_first - 1) if opd_first is not None and opd_first > s.first else None
    jml, rata, pred = (s.opd.get(k) for k in (K.JUMLAH_OPD, K.RATA_RATA_OPD, K.PREDIKAT_OPD))
    if jml is not None:
        n = jml.row
        for col in L.rp_summed():
            yield f"{col}{n}", _if_kind(xf.sum_if, col, *span, K.PROGRAM) if span else "=0"
        yield f"{L.capaian.rp}{n}", xf.serapan(f"{L.realisasi.rp}{n}", f"{L.target.rp}{n}")
        yield f"{L.capaian_renstra.rp}{n}", xf.serapan(f"{L.realisasi_renstra.rp}{n}", f"{L.target_renstra.rp}{n}")
    if rata is not None:
        for col in L.percent_columns():
            yield f"{col}{rata.row}", (_if_kind(xf.average_if, col, *span, K.RATA_RATA_PROGRAM) if span else EMPTY)
    if pred is not None:
        for col in L.percent_columns():
            yield f"{col}{pred.row}", xf.predikat(f"{col}{rata.row}", bands) if rata is not None else EMPTY


def _unit(block: UnitBlock, parent: bool) -> Iterator[tuple[str, str]]:
    L = LAYOUT
    n = block.row.row
    if parent:
        child_kind = K.KEGIATAN if block.row.kind is K.PROGRAM else K.SUB_KEGIATAN
        first, last = n + 1, block.last
        for col in L.rp_summed():
            yield f"{col}{n}", _if_kind(xf.sum_if, col, first, last, child_kind) if last >= first else "=0"
    else:
        yield f"{L.realisasi.rp}{n}", xf.plus(*(f"{q.rp}{n}" for q in L.triwulan))
        yield f"{L.realisasi_renstra.rp}{n}", xf.plus(f"{L.realisasi_renstra_lalu.rp}{n}", f"{L.realisasi.rp}{n}")
    for col in (L.capaian.k, L.capaian_renstra.k):
        if not block.children:
            yield f"{col}{n}", _avg_rows(col, block.indikator)
            continue
        children = _if_kind(xf.average_if, col, n + 1, block.last, block.children[0].row.kind)
        if not block.indikator:
            yield f"{col}{n}", children
        else:  # its own indicators; while none of them has a capaian, its children's mean
            own = _span(col, block.indikator[0].row, block.indikator[-1].row)
            yield f"{col}{n}", f"=IFERROR(AVERAGE({own}),{children[1:]})"
    yield f"{L.capaian.rp}{n}", xf.serapan(f"{L.realisasi.rp}{n}", f"{L.target.rp}{n}")
    yield f"{L.capaian_renstra.rp}{n}", xf.serapan(f"{L.realisasi_renstra.rp}{n}", f"{L.target_renstra.rp}{n}")
