"""Model -> report file (YAML), and a filled workbook -> model: the way back from Excel.

``dump_report(report)`` writes the YAML of ``docs/format.md`` such that ``loads_report`` gives the
same model back:

- keys in the model's field order; empty values (None, empty lists and empty ``printed``
  mappings, empty text) are left out, and so is ``metode: positif``, the default; a year block or
  other sub-object that exists but holds nothing is written ``{}`` so that it comes back;
- numbers are plain YAML numbers, exactly: integers as integers, other Decimals as their exact
  fixed-point text (``0.1``, ``97.89``, ``100.00`` keeps its two printed decimals). Scientific
  notation is never written: YAML 1.1 reads ``1E+3`` as text and ``1.0e+3`` as a float, so
  ``Decimal("1E+3")`` is written ``1000`` (the same value; its exponent becomes 0);
- kode values (``kode``, and ``program`` of an indikator_formula) are always double-quoted, so that
  ``5001.10`` stays text; any other text is quoted only where YAML would read it as something else.

``export_workbook(path)`` reads a filled workbook through the reader, with the values cached in the
file: only input cells are read, and inputs are constants (a formula typed into an input cell is
reported by the reader, which then uses its cached value), so no formula needs to be evaluated.
Printed figures, catatan and Tabel 2.2 are not in the workbook, so they are not in the export.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from lkjip_xl import model as m
from lkjip_xl.adapters.package_adapter import PackageBook
from lkjip_xl.fileutil import atomic_write
from lkjip_xl.errors import ExportError
from lkjip_xl.loader import kode_sits_under
from lkjip_xl.reader import ReadResult, read_book
from lkjip_xl.report_yaml import Flow, Kode, decimal_text, dump, flow_if_small
from lkjip_xl.rules import Metode, Range
from lkjip_xl.start.template_rows import drop_unused

__all__ = ["dump_report", "export_workbook", "read_workbook", "write_text_atomic"]

#: A mapping of scalars shorter than this (keys and values, as text) is written on one line.
FLOW_WIDTH = 100


def _is_kode(owner: type, name: str) -> bool:
    return name == "kode" or (owner is m.IndikatorFormula and name == "program")


def _plain(value: Any, owner: type | None = None, name: str = "") -> Any:
    """The model as plain YAML data; None means "leave out"."""
    if value is None:
        return None
    if isinstance(value, bool):  # pragma: no cover - the model has no booleans
        return value
    if isinstance(value, Decimal):
        decimal_text(value)  # refuse NaN / infinity here, with the value in the message
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Range):
        return Flow(min=_plain(value.min), max=_plain(value.max))
    if isinstance(value, str):
        if not value.strip():
            return None
        return Kode(value) if owner is not None and _is_kode(owner, name) else value
    if isinstance(value, list):
        items = [_plain(v) for v in value]
        items = [v for v in items if v is not None]
        return items or None
    if isinstance(value, dict):  # printed mappings
        out = {}
        for k, v in value.items():
            pv = _plain(v)
            if pv is not None:
                out[k] = pv
        return flow_if_small(out, FLOW_WIDTH) if out else None
    if dataclasses.is_dataclass(value):
        out = {}
        for f in dataclasses.fields(value):
            if f.metadata.get("internal"):
                continue
            v = getattr(value, f.name)
            if f.name == "metode" and v is Metode.POSITIF:
                continue  # the default
            pv = _plain(v, type(value), f.name)
            if pv is not None:
                out[f.name] = pv
        return flow_if_small(out, FLOW_WIDTH)  # an empty object stays: {} (it exists, and loads back as an empty object)
    raise TypeError(f"cannot write {type(value).__name__} {value!r} in a report file")


def dump_report(report: m.Report) -> str:
    """The report as YAML (``docs/format.md``) that ``loads_report`` reads back as the same model."""
    data = _plain(report)
    body = dump(data)
    ident = report.identitas
    head = (f"# LKjIP {ident.tahun_laporan} {ident.instansi} ({ident.pemerintah_daerah}).\n"
            "# Format: docs/format.md of lkjip-xl.\n")
    return head + body


# -- from a workbook -----------------------------------------------------------------------------------
def read_workbook(path: str | Path) -> ReadResult:
    """Read a filled workbook with its cached values (no evaluation): the report and the findings."""
    book = PackageBook(Path(path), values="cached")
    try:
        result = read_book(book.read_book())
    finally:
        book.close()
    _tidy(result.report)
    return result


def export_workbook(path: str | Path) -> m.Report:
    """The report a filled workbook holds (inputs and structure; see the module notes)."""
    return read_workbook(path).report


def _tidy(report: m.Report) -> None:
    """Make the report one the loader accepts again, and drop empty blocks (and the rows of a
    blank workbook left unused).

    A workbook may hold a kegiatan whose kode does not sit under its program, or the same kode
    under two programs (the writer writes what the report had, and the report said why in
    ``kode_menyimpang``, which the workbook does not keep). Such a kegiatan gets a
    ``kode_menyimpang`` saying the kode is as the workbook has it, so that the export loads.
    """
    drop_unused(report.rekap)  # the rows of a blank workbook nobody filled
    seen: dict[str, str] = {}
    for _, program in report.rekap.programs():
        for keg in program.kegiatan:
            reasons = []
            if not kode_sits_under(keg.kode, program.kode):
                reasons.append(f"tidak berada di bawah program {program.kode}")
            if keg.kode in seen and seen[keg.kode] != program.kode:
                reasons.append(f"kode yang sama juga ada di program {seen[keg.kode]}")
            seen.setdefault(keg.kode, program.kode)
            if reasons and keg.kode_menyimpang is None:
                keg.kode_menyimpang = "kode seperti tertulis di buku kerja: " + "; ".join(reasons)
    du = report.data_umum
    if du is not None:
        if du.sdm is not None and du.sdm == m.Sdm():
            du.sdm = None
        if du == m.DataUmum():
            report.data_umum = None
    if report.keuangan is not None and report.keuangan == m.Keuangan():
        report.keuangan = None


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write next to the target and rename over it: a failure never leaves a partial file."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"), ExportError)
    return Path(path)

