"""The work on one file of a city's batch: a pure function of one path to a small result.

:func:`examine` is what a process pool or a Dask cluster runs for each file: it takes a path and
plain options, returns a :class:`FileResult` that pickles small (kind, OPD, year, the counts, the
OPD's figures computed by the rules with the cells that show them, its programs when asked, the
findings), and never raises for what is in the file: a corrupt, encrypted, foreign or unreadable
workbook is a result with its kind or its error, so one bad file never stops the other 40.

The checks are the ones ``lkjip-xl check`` runs on one file (:func:`lkjip_xl.recalc.check_file`
for the workbooks lkjip-xl wrote, with :func:`lkjip_xl.checking.check_workbook` for a circular
reference; :func:`lkjip_xl.audit.audit_workbook` for any other workbook): the figures come from
the same check's context, so each file is read and evaluated once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from lkjip_xl.errors import LkjipError
from lkjip_xl.findings import Finding, Severity, counts
from lkjip_xl.layout import REKAP_LAYOUT, RekapKind
from lkjip_xl.outputs import REPORT_INPUT_SUFFIXES
from lkjip_xl.renja.layout import LAYOUT as RENJA_LAYOUT
from lkjip_xl.renja.layout import RowKind
from lkjip_xl.rules import predikat
from lkjip_xl.workbook_kind import PACKAGE, is_ours, readable_kind

# The engine, the checks and the audit are imported where a file needs them: a Dask client or a
# pool's parent process that only pickles Options and FileResult never loads them.

#: ``FileResult.kind`` of the two report kinds lkjip-xl writes, and of any other workbook.
LKJIP, RENJA, FOREIGN = "lkjip", "renja", "bukan lkjip-xl"

#: The figures of an OPD and of a program, in the order the outputs show them.
FIGURES = ("pagu", "realisasi_rp", "serapan", "capaian_k", "capaian_rp", "predikat_k")


@dataclass(frozen=True)
class Options:
    """What ``check`` was asked: the file's stored values (``--cached``), a final report
    (``--final``: None takes it from the workbook), and the program rows (``gabung``)."""

    cached: bool = False
    final: bool | None = None
    programs: bool = False


@dataclass
class ProgramFigures:
    """One program of an OPD: its figures by the rules and the cells of its workbook that show them."""

    kode: str
    nama: str
    pagu: Decimal | None
    realisasi_rp: Decimal | None
    capaian_k: Decimal | None
    capaian_rp: Decimal | None
    predikat_k: str | None
    #: figure name (:data:`FIGURES`) -> ``Sheet!Cell`` in the source workbook
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class FileResult:
    """What one file is and what was found in it; ``error`` when it could not be checked."""

    file: str
    kind: str | None = None
    #: a foreign workbook: sheet -> the known form it was recognised as
    forms: dict[str, str] = field(default_factory=dict)
    opd: str | None = None
    pemerintah_daerah: str | None = None
    tahun: int | None = None
    triwulan: int | None = None
    pagu: Decimal | None = None
    realisasi_rp: Decimal | None = None
    serapan: Decimal | None = None
    capaian_k: Decimal | None = None
    capaian_rp: Decimal | None = None
    predikat_k: str | None = None
    predikat_rp: str | None = None
    #: figure name -> ``Sheet!Cell`` where the OPD's workbook shows it
    sources: dict[str, str] = field(default_factory=dict)
    programs: list[ProgramFigures] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    @property
    def counts(self) -> dict[Severity, int]:
        return counts(self.findings)

    @property
    def errors(self) -> int:
        return self.counts[Severity.ERROR]

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def ours(self) -> bool:
        return self.kind in (LKJIP, RENJA)


def _named(message: str, path: Path, name: str) -> str:
    """The library names the file it opened; the user knows it by the name they gave."""
    return message.replace(str(path), name) if str(path) != name else message


def examine(path: str | Path, options: Options = Options(), name: str | None = None) -> FileResult:
    """Check the file at ``path`` (never written) and collect its figures; ``name``: how the
    results call it (default: ``path`` as given). Never raises for the file's content or format."""
    path = Path(path)
    name = str(path) if name is None else name
    try:
        if path.suffix.lower() in REPORT_INPUT_SUFFIXES:
            return FileResult(name, error=f"{name}: berkas laporan, bukan buku kerja; periksa angka tercetaknya "
                                          f"sendiri: lkjip-xl check {name}")
        if readable_kind(path) == PACKAGE and is_ours(path):
            result = _ours(path, options)
        else:
            result = _foreign(path)
        result.file = name
        return result
    except LkjipError as exc:
        return FileResult(name, error=_named(str(exc), path, name))
    except Exception as exc:  # noqa: BLE001 - one file's failure is its row, never the city's stop
        return FileResult(name, error=f"{name}: tidak dapat diperiksa ({type(exc).__name__}: {exc})")


def _foreign(path: Path) -> FileResult:
    from lkjip_xl.audit import audit_workbook  # the audit rules: see the note at the imports

    audit = audit_workbook(path)
    return FileResult(str(path), kind=FOREIGN, forms=dict(audit.forms), findings=list(audit.findings))


def _ours(path: Path, options: Options) -> FileResult:
    from lkjip_xl.checking import check_workbook  # the engine and the checks: see the imports
    from lkjip_xl.engine.base import EngineError
    from lkjip_xl.recalc import check_file
    from lkjip_xl.renja.checks import RenjaContext

    values = "cached" if options.cached else "engine"
    try:
        checked = check_file(path, values=values, final=options.final)
        findings, context = checked.findings, checked.context
    except EngineError as exc:
        if not exc.cells:
            raise
        # A circular reference: check_workbook reports it as findings at its cells; the figures
        # come from the inputs, which the stored values do not change.
        findings = check_workbook(path, cached=options.cached, final=options.final)
        context = check_file(path, values="cached", final=options.final).context
    if isinstance(context, RenjaContext):
        result = _renja(context, options)
    else:
        result = _lkjip(context, options)
    result.findings = findings
    return result


def _cell(sheet: str, column: str, row: int | None) -> str | None:
    return None if row is None else f"{sheet}!{column}{row}"


def _sources(pairs: dict[str, str | None]) -> dict[str, str]:
    return {k: v for k, v in pairs.items() if v is not None}


def _lkjip(context: Any, options: Options) -> FileResult:
    report, figures, bands = context.read.report, context.figures, context.bands
    L = REKAP_LAYOUT
    year = L.years["laporan"]
    rows = {r.kind: r.row for r in context.read.rekap_rows
            if r.kind in (RekapKind.JUMLAH_OPD, RekapKind.RATA_RATA_OPD)}
    jumlah, rata = figures.opd_jumlah["laporan"], figures.opd_rata_rata["laporan"]
    total_row, mean_row = rows.get(RekapKind.JUMLAH_OPD), rows.get(RekapKind.RATA_RATA_OPD)
    ident = report.identitas
    out = FileResult(
        "", kind=LKJIP, opd=ident.instansi, pemerintah_daerah=ident.pemerintah_daerah, tahun=ident.tahun_laporan,
        pagu=jumlah.pagu, realisasi_rp=jumlah.realisasi_rp, serapan=jumlah.capaian_rp,
        capaian_k=rata.capaian_k, capaian_rp=rata.capaian_rp,
        predikat_k=predikat(rata.capaian_k, bands), predikat_rp=predikat(rata.capaian_rp, bands),
        sources=_sources({"pagu": _cell(L.sheet, year.pagu, total_row),
                          "realisasi_rp": _cell(L.sheet, year.realisasi_rp, total_row),
                          "serapan": _cell(L.sheet, year.capaian_rp, total_row),
                          "capaian_k": _cell(L.sheet, year.capaian_k, mean_row),
                          "capaian_rp": _cell(L.sheet, year.capaian_rp, mean_row),
                          "predikat_k": _cell(L.sheet, L.predikat, mean_row)}))
    if options.programs:
        for r in context.read.rekap_rows:
            if r.kind is not RekapKind.PROGRAM or r.program is None or r.program not in figures.program:
                continue
            f = figures.program[r.program]["laporan"]
            out.programs.append(ProgramFigures(
                r.program.kode, r.program.nama, f.pagu, f.realisasi_rp, f.capaian_k, f.capaian_rp,
                predikat(f.capaian_k, bands),
                _sources({"pagu": _cell(L.sheet, year.pagu, r.row),
                          "realisasi_rp": _cell(L.sheet, year.realisasi_rp, r.row),
                          "capaian_k": _cell(L.sheet, year.capaian_k, r.row),
                          "capaian_rp": _cell(L.sheet, year.capaian_rp, r.row),
                          "predikat_k": _cell(L.sheet, L.predikat, r.row)})))
    return out


def _renja(context: Any, options: Options) -> FileResult:
    L = RENJA_LAYOUT
    report, figures, bands = context.read.report, context.figures, context.bands
    rows = {r.kind: r.row for r in context.read.rows
            if r.kind in (RowKind.JUMLAH_OPD, RowKind.RATA_RATA_OPD, RowKind.PREDIKAT_OPD)}
    jumlah, rata = figures.opd_jumlah, figures.opd_rata
    total_row, mean_row = rows.get(RowKind.JUMLAH_OPD), rows.get(RowKind.RATA_RATA_OPD)
    ident = report.identitas
    out = FileResult(
        "", kind=RENJA, opd=ident.opd, pemerintah_daerah=ident.pemerintah_daerah, tahun=ident.tahun,
        triwulan=ident.triwulan,
        pagu=jumlah.pagu if jumlah else None, realisasi_rp=jumlah.realisasi if jumlah else None,
        serapan=jumlah.serapan.nilai if jumlah else None,
        capaian_k=rata.capaian_k if rata else None, capaian_rp=rata.capaian_rp if rata else None,
        sources=_sources({"pagu": _cell(L.sheet, L.target.rp, total_row),
                          "realisasi_rp": _cell(L.sheet, L.realisasi.rp, total_row),
                          "serapan": _cell(L.sheet, L.capaian.rp, total_row),
                          "capaian_k": _cell(L.sheet, L.capaian.k, mean_row),
                          "capaian_rp": _cell(L.sheet, L.capaian.rp, mean_row),
                          "predikat_k": _cell(L.sheet, L.capaian.k, rows.get(RowKind.PREDIKAT_OPD))}))
    out.predikat_k, out.predikat_rp = predikat(out.capaian_k, bands), predikat(out.capaian_rp, bands)
    if options.programs:
        for r in context.read.rows:
            if r.kind is not RowKind.PROGRAM or r.program is None or r.program not in figures.unit:
                continue
            f = figures.unit[r.program]
            out.programs.append(ProgramFigures(
                r.program.kode or "", r.program.nama, f.rp.pagu, f.rp.realisasi, f.capaian_k, f.rp.serapan.nilai,
                predikat(f.capaian_k, bands),
                _sources({"pagu": _cell(L.sheet, L.target.rp, r.row),
                          "realisasi_rp": _cell(L.sheet, L.realisasi.rp, r.row),
                          "capaian_k": _cell(L.sheet, L.capaian.k, r.row),
                          "capaian_rp": _cell(L.sheet, L.capaian.rp, r.row)})))
    return out
