"""Report file -> workbook file, as ``build`` and ``new`` do it: load, write the sheets, save
atomically as ``.xlsx`` or as ``.xlsm`` with the Hitung Ulang button, telling the progress.

The caller has already decided that the output may be written (:mod:`lkjip_xl.outputs`); saving
goes to a temporary file beside it that is renamed over it, so a failure leaves what was there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lkjip_xl.fileutil import atomic_write
from lkjip_xl.loader import load_report
from lkjip_xl.progress import SILENT, Report


@dataclass(frozen=True)
class Built:
    path: Path
    sheets: int
    formulas: int


def build_file(report_path: Path, output: Path, *, blank: bool = False, xlsm: bool = False,
               template: Path | None = None, password: str | None = None, report: Report = SILENT) -> Built:
    """Write the workbook of the report file ``report_path`` to ``output`` (``blank``: without any
    realisasi, the workbook an office starts its year from)."""
    # openpyxl and the writer load in about 0.25 s: only the commands that write a workbook need them.
    from lkjip_xl.errors import OutputError
    from lkjip_xl.writer import Options, build_workbook, structure_only

    report("membaca berkas laporan", None)
    data = load_report(report_path)
    if blank:
        data = structure_only(data)
    options = Options(template=template, password=password, xlwings_conf=xlsm)
    wb = build_workbook(data, options, progress=report)
    report("menyimpan buku kerja", None)
    if xlsm:
        _save_xlsm(wb, output)
    else:
        atomic_write(output, wb.save, OutputError)
    formulas = sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                   if isinstance(v, str) and v.startswith("="))
    return Built(output, len(wb.sheetnames), formulas)


def _save_xlsm(wb, output: Path) -> None:
    """Save as an .xlsx beside the target, then make it the .xlsm with the Hitung Ulang button
    (:func:`lkjip_xl.xlsm.to_xlsm` writes the target atomically)."""
    import os
    import tempfile

    from lkjip_xl.errors import OutputError
    from lkjip_xl.xlsm import to_xlsm

    folder = output.parent if str(output.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{output.stem}.", suffix=".xlsx", dir=folder)
    except OSError as exc:
        raise OutputError(f"{output} tidak dapat ditulis: {exc.strerror or exc}") from exc
    os.close(fd)
    try:
        try:
            wb.save(name)
        except OSError as exc:
            raise OutputError(f"{output} tidak dapat ditulis: {exc.strerror or exc}") from exc
        to_xlsm(Path(name), output)
    finally:
        if os.path.exists(name):
            os.unlink(name)
