"""What the CLI does for the Renja kind (and for either kind where a command serves both): the
bodies of ``build``/``new`` for a ``jenis: renja`` file, ``summary`` of a report file or a workbook
of either kind, ``export`` of a Renja workbook and ``import`` of an office's own form.

Kept apart from :mod:`lkjip_xl.cli`, which only parses arguments and dispatches here, so the two
kinds meet in one small place. Messages are in Bahasa Indonesia; errors are raised as
:class:`~lkjip_xl.errors.LkjipError` for the CLI to turn into a message and exit code 2. The writer
and the recalculation (openpyxl, the engines) are imported by the commands that use them only, as
the CLI does: ``summary`` and ``import`` start without them.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path
from typing import Any

from lkjip_xl.errors import LkjipError
from lkjip_xl.export import read_workbook, write_text_atomic
from lkjip_xl.findings import Severity, counts
from lkjip_xl.loader import load_any_report
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja import model as rm
from lkjip_xl.renja.export import dump_renja, read_renja_workbook
from lkjip_xl.renja.importer import import_renja
from lkjip_xl.renja.loader import loads_renja
from lkjip_xl.renja.summary import format_renja_summary, renja_summary_data
from lkjip_xl.summary import format_summary, summarize, summary_data

REPORT_SUFFIXES = (".yaml", ".yml", ".json")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class CommandError(LkjipError):
    """A command was given something it cannot do (the message says what instead)."""


def workbook_kind(path: Path) -> str:
    """``renja`` when the workbook holds the Renja table's defined name, else ``lkjip``.

    Reads only the workbook part (the defined names), not the sheets."""
    try:
        with zipfile.ZipFile(path) as z:
            text = z.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return "lkjip"  # the reader that opens it says what is wrong with the file
    return "renja" if f'name="{rl.NAME_TABLE}"' in text else "lkjip"


# -- build / new ------------------------------------------------------------------------------------------
def build_renja(args: argparse.Namespace, report: rm.RenjaReport, blank: bool) -> int:
    from lkjip_xl.renja.writer import Options, build_renja_workbook, save_workbook, structure_only

    if getattr(args, "template", None):
        raise CommandError("--template berlaku untuk LKjIP saja; buku kerja Renja dibuat dari tata letaknya sendiri")
    output = Path(args.output)
    if getattr(args, "xlsm", False) or output.suffix.lower() == ".xlsm":
        raise CommandError(f"buku kerja Renja ditulis sebagai .xlsx (tanpa makro); {output} diminta sebagai .xlsm. "
                           "Hitung ulang dengan: lkjip-xl recalc <file.xlsx>")
    if blank:
        report = structure_only(report)
    options = Options(password=args.password)
    wb = build_renja_workbook(report, options)
    out = save_workbook(wb, output)
    formulas = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row
                   if isinstance(c.value, str) and c.value.startswith("="))
    what = "Buku kerja Renja kosong (tanpa realisasi)" if blank else "Buku kerja evaluasi Renja"
    print(f"{what} ditulis: {out} ({len(wb.sheetnames)} sheet, {formulas} rumus)")
    if getattr(args, "recalc", False):
        from lkjip_xl.recalc import format_findings, recalc_file

        result = recalc_file(out, backup=False)
        print(f"Dihitung ulang dan diperiksa: {out}")
        print(format_findings(result.findings, str(out)))
    return 0


# -- summary --------------------------------------------------------------------------------------------
def summary_command(args: argparse.Namespace) -> int:
    """``lkjip-xl summary FILE [--json]``: a report file or a workbook, of either kind."""
    path = Path(args.report)
    notes: list[str] = []
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        if workbook_kind(path) == "renja":
            report: Any = read_renja_workbook(path).report
        else:
            report = read_workbook(path).report
    else:
        report = load_any_report(path)
        notes = list(report.validation_notes)
    renja = isinstance(report, rm.RenjaReport)
    if args.json:
        data = renja_summary_data(report) if renja else summary_data(report)
        print(json.dumps({"file": str(path), **data}, ensure_ascii=False, indent=1))
        return 0
    print(format_renja_summary(renja_summary_data(report)) if renja else format_summary(summarize(report)))
    for note in notes:
        print(f"  Catatan: {note}")
    return 0


# -- export ---------------------------------------------------------------------------------------------
def export_renja(args: argparse.Namespace) -> int:
    from lkjip_xl.recalc import format_findings  # the engines: only for the commands that print findings

    output = Path(args.output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise CommandError(f"hasil ekspor berupa berkas laporan YAML (.yaml atau .yml), diminta {output}")
    result = read_renja_workbook(Path(args.workbook))
    out = write_text_atomic(output, dump_renja(result.report))
    n = counts(result.findings)
    print(f"Data diekspor: {out} (temuan saat membaca {args.workbook}: {n[Severity.ERROR]} kesalahan, "
          f"{n[Severity.WARNING]} peringatan, {n[Severity.INFO]} catatan)")
    if result.findings:
        print(format_findings(result.findings, args.workbook).split("\n", 1)[1])
    return 1 if n[Severity.ERROR] else 0


# -- import ---------------------------------------------------------------------------------------------
def import_command(args: argparse.Namespace) -> int:
    """``lkjip-xl import FILE -o laporan.yaml [--json]``: an office's own Renja form -> a report file,
    with every place where the original contradicts itself."""
    from lkjip_xl.recalc import format_findings  # the engines: only for the commands that print findings

    output = Path(args.output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise CommandError(f"hasil impor berupa berkas laporan YAML (.yaml atau .yml), diminta {output}")
    overrides = {k: getattr(args, k) for k in ("opd", "tahun", "triwulan", "pemerintah_daerah")
                 if getattr(args, k, None) is not None}
    result = import_renja(Path(args.file), sheet=args.sheet, overrides=overrides)
    n = counts(result.findings)
    head = (f"# Evaluasi Renja diimpor dari {Path(args.file).name} (sheet {result.cells.name!r}) oleh lkjip-xl import.\n"
            f"# Temuan pada formulir asli: {n[Severity.ERROR]} kesalahan, {n[Severity.WARNING]} peringatan, "
            f"{n[Severity.INFO]} catatan (lkjip-xl import {Path(args.file).name} --json).\n"
            "# Format: docs/format.md of lkjip-xl (jenis: renja). Periksa identitas sebelum membangun buku kerja.\n")
    text = dump_renja(result.report, head=head)
    loads_renja(text, name=str(output))  # what is written must load: a failure here is a bug, not the user's
    out = write_text_atomic(output, text)
    if args.json:
        print(json.dumps({"file": args.file, "sheet": result.cells.name, "output": str(out),
                          "counts": {s.value: c for s, c in n.items()},
                          "findings": [f.as_dict() for f in result.findings]}, ensure_ascii=False, indent=1))
    else:
        print(f"Laporan Renja ditulis: {out} ({len(result.report.program)} program, "
              f"{sum(1 for _ in result.report.kegiatan())} kegiatan, "
              f"{sum(1 for _ in result.report.indicators())} indikator)")
        print(format_findings(result.findings, f"{args.file} (formulir asli)"))
        print(f"Selanjutnya: lkjip-xl build {out} -o {out.with_suffix('.xlsx').name}")
    return 1 if n[Severity.ERROR] else 0
