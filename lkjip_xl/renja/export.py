"""Renja model -> report file (YAML), and a filled Renja workbook -> model: the way back from Excel.

``dump_renja(report)`` writes the format of ``docs/format.md`` (section "Renja") such that
:func:`lkjip_xl.renja.loader.loads_renja` gives the same model back: keys in the model's field
order, empty values left out (and ``metode: positif``, ``realisasi_tahunan: jumlah``, the
defaults), numbers exact (Decimal, fixed-point, never scientific), kode always double-quoted so
that ``1.01`` stays text, the four quarters on one line (``triwulan: [13, 13, null, null]``).

``read_renja_workbook(path)`` reads a filled workbook with the values cached in the file: only
input cells are read, and they are constants, so nothing needs evaluating.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from lkjip_xl.adapters.package_adapter import PackageBook
from lkjip_xl.renja import model as rm
from lkjip_xl.renja.reader import RenjaRead, read_renja_book
from lkjip_xl.report_yaml import Kode, Row, decimal_text, dump, flow_if_small
from lkjip_xl.start.template_rows import drop_unused_renja
from lkjip_xl.rules import Metode, RealisasiTahunan

_DEFAULTS = {"metode": Metode.POSITIF, "realisasi_tahunan": RealisasiTahunan.JUMLAH}


FLOW_WIDTH = 110


def _plain(value: Any, name: str = "") -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        decimal_text(value)
        return value
    if isinstance(value, bool):  # pragma: no cover - the model has no booleans
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        if not value.strip():
            return None
        return Kode(value) if name == "kode" else value
    if isinstance(value, list):
        if name == "triwulan":
            while value and value[-1] is None:
                value = value[:-1]
            return Row(_plain(v) for v in value) if value else None
        items = [v for v in (_plain(v) for v in value) if v is not None]
        return items or None
    if dataclasses.is_dataclass(value):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.metadata.get("internal"):
                continue
            v = getattr(value, f.name)
            if f.name in _DEFAULTS and v is _DEFAULTS[f.name]:
                continue
            pv = _plain(v, f.name)
            if pv is not None:
                out[f.name] = pv
        return flow_if_small(out, FLOW_WIDTH)
    raise TypeError(f"cannot write {type(value).__name__} {value!r} in a report file")


def dump_renja(report: rm.RenjaReport, head: str | None = None) -> str:
    """The report as YAML that :func:`~lkjip_xl.renja.loader.loads_renja` reads back as the same model."""
    data = {"jenis": rm.JENIS}
    data.update(_plain(report))
    body = dump(data)
    ident = report.identitas
    head = head or (f"# Evaluasi Renja {ident.opd} ({ident.pemerintah_daerah}), tahun {ident.tahun}, "
                    f"triwulan {ident.triwulan}.\n# Format: docs/format.md of lkjip-xl (jenis: renja).\n")
    return head + body


def read_renja_workbook(path: str | Path) -> RenjaRead:
    """A filled Renja workbook with its cached values (no evaluation): the report and the findings."""
    book = PackageBook(Path(path), values="cached")
    try:
        read = read_renja_book(book.read_book())
    finally:
        book.close()
    drop_unused_renja(read.report)  # the rows of a blank workbook nobody filled
    return read
