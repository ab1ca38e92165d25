"""What the commands need to know about the two report kinds, in one small place: which kind a
workbook is, the summary of a report file or a workbook of either kind, the reading of a filled
workbook of either kind back into a report file, and the import of an office's own Renja form.

The CLI (:mod:`lkjip_xl.cli`) parses arguments and prints; these functions return data and raise
:class:`~lkjip_xl.errors.LkjipError` for bad input. The writer and the engines are not imported
here: ``summary`` and ``import`` start without them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from lkjip_xl.export import read_workbook
from lkjip_xl.findings import Finding, Severity, counts
from lkjip_xl.loader import load_any_report
from lkjip_xl.display import format_number
from lkjip_xl.renja import layout as rl
from lkjip_xl.renja import model as rm
from lkjip_xl.renja.export import dump_renja, read_renja_workbook
from lkjip_xl.renja.importer import import_renja
from lkjip_xl.renja.loader import loads_renja
from lkjip_xl.renja.summary import format_renja_summary, renja_summary_data
from lkjip_xl.summary import format_summary, summarize, summary_data

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def workbook_kind(path: Path) -> str:
    """``renja`` when the workbook holds the Renja table's defined name, else ``lkjip``.

    Reads only the workbook part (the defined names), not the sheets."""
    try:
        with zipfile.ZipFile(path) as z:
            text = z.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return "lkjip"  # the reader that opens it says what is wrong with the file
    return "renja" if f'name="{rl.NAME_TABLE}"' in text else "lkjip"


# -- summary --------------------------------------------------------------------------------------------
def summary_of(path: Path) -> tuple[list[str], dict[str, Any]]:
    """The summary of a report file or a workbook, of either kind: (lines for people, JSON data)."""
    notes: list[str] = []
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        if workbook_kind(path) == "renja":
            report: Any = read_renja_workbook(path).report
        else:
            report = read_workbook(path).report
    else:
        report = load_any_report(path)
        notes = list(getattr(report, "validation_notes", []))
    if isinstance(report, rm.RenjaReport):
        data = renja_summary_data(report)
        lines = [format_renja_summary(data)]
    else:
        data = summary_data(report)
        lines = [format_summary(summarize(report))]
    lines += [f"  Catatan: {note}" for note in notes]
    return lines, {"file": str(path), **data, "catatan": notes}


# -- export ---------------------------------------------------------------------------------------------
@dataclass
class Exported:
    findings: list[Finding]
    text: str


def export_workbook(path: Path) -> Exported:
    """The report file text of a filled workbook of either kind, and the findings met reading it."""
    from lkjip_xl.export import dump_report

    readers: dict[str, tuple[Callable[[Path], Any], Callable[[Any], str]]] = {
        "renja": (read_renja_workbook, dump_renja), "lkjip": (read_workbook, dump_report)}
    read, dump = readers[workbook_kind(path)]
    result = read(path)
    return Exported(result.findings, dump(result.report))


# -- import ---------------------------------------------------------------------------------------------
@dataclass
class Imported:
    findings: list[Finding]
    text: str
    sheet: str
    report: rm.RenjaReport

    def counts_line(self) -> str:
        r = self.report
        return (f"{format_number(len(r.program))} program, {format_number(sum(1 for _ in r.kegiatan()))} kegiatan, "
                f"{format_number(sum(1 for _ in r.indicators()))} indikator")


def import_form(file: Path, output: Path, *, sheet: str | None = None,
                overrides: dict[str, Any] | None = None) -> Imported:
    """An office's own Renja form as a report file (text to write to ``output``), with every place
    where the original contradicts itself."""
    result = import_renja(file, sheet=sheet, overrides=overrides or {})
    n = counts(result.findings)
    head = (f"# Evaluasi Renja diimpor dari {file.name} (sheet {result.cells.name!r}) oleh lkjip-xl import.\n"
            f"# Temuan pada formulir asli: {format_number(n[Severity.ERROR])} kesalahan, "
            f"{format_number(n[Severity.WARNING])} peringatan, {format_number(n[Severity.INFO])} catatan "
            f"(lkjip-xl import {file.name} --json).\n"
            "# Format: docs/format.md of lkjip-xl (jenis: renja). Periksa identitas sebelum membangun buku kerja.\n")
    text = dump_renja(result.report, head=head)
    loads_renja(text, name=str(output))  # what is written must load: a failure here is a bug, not the user's
    return Imported(result.findings, text, result.cells.name, result.report)
