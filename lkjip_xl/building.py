"""Report file -> workbook file, as ``build`` and ``new`` do it: load, write the sheets, save
atomically as ``.xlsx``, as ``.xlsm`` with the Hitung Ulang button, or as ``.xlsx`` with the
buttons of xlwings Lite, telling the progress.

The report file's ``jenis`` decides the kind (the yearly LKjIP, or the quarterly Renja evaluation).
The caller has already decided that the output may be written (:mod:`lkjip_xl.outputs`); saving
goes to a temporary file beside it that is renamed over it, so a failure leaves what was there.
"""

from __future__ import annotations

import gc
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from lkjip_xl.errors import BuildOptionError, OutputError
from lkjip_xl.fileutil import atomic_write
from lkjip_xl.loader import load_any_report
from lkjip_xl.progress import SILENT, Report
from lkjip_xl.renja.model import RenjaReport


@dataclass(frozen=True)
class Built:
    path: Path
    sheets: int
    formulas: int
    kind: str = "lkjip"


def build_file(report_path: Path, output: Path, *, blank: bool = False, xlsm: bool = False, lite: bool = False,
               template: Path | None = None, password: str | None = None, report: Report = SILENT) -> Built:
    """Write the workbook of the report file ``report_path`` to ``output`` (``blank``: without any
    realisasi, the workbook an office starts its year from)."""
    with _without_cycle_collection():
        return _build_file(report_path, output, blank=blank, xlsm=xlsm, lite=lite, template=template,
                           password=password, report=report)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while a workbook is built: a big report is a million objects
    (its YAML nodes, its model, the rows) that all live until the file is written, and the
    collector's repeated passes over them took more than half of a 100x build. Nothing a build
    makes is garbage in cycles worth collecting before it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: The part of the progress bar that writing the sheets fills; saving fills the rest.
WRITE_SHARE = 0.6


def _build_file(report_path: Path, output: Path, *, blank: bool, xlsm: bool, lite: bool, template: Path | None,
                password: str | None, report: Report) -> Built:
    report("membaca berkas laporan", None)
    data = load_any_report(report_path)
    if isinstance(data, RenjaReport):
        book = _renja_workbook(data, output, blank=blank, xlsm=xlsm, lite=lite, template=template, password=password)
        kind = "renja"
    else:
        # openpyxl and the writer load in about 0.25 s: only the commands that write a workbook need them.
        from lkjip_xl.writer import Options, build_book, structure_only

        if blank:
            data = structure_only(data)
        options = Options(template=template, password=password, xlwings_conf=xlsm)
        # One bar for the whole command: the sheets fill its first part, the save the rest (the
        # save streams the Rekap, about as long as writing it), so it never runs backwards.
        book = build_book(data, options, progress=lambda stage, done=None: report(
            stage, None if done is None else done * WRITE_SHARE))
        kind = "lkjip"
    report("menyimpan buku kerja", WRITE_SHARE)

    def save(path: str | Path) -> None:
        book.save(path, lambda done: report("menyimpan buku kerja", WRITE_SHARE + min(done, 0.99) * (1 - WRITE_SHARE)))

    if xlsm:
        from lkjip_xl.xlsm import to_xlsm  # the VBA project's builder: only for an .xlsm

        save_then(save, output, to_xlsm)
    elif lite:
        from lkjip_xl.lite_button import add_lite_buttons  # only for --lite

        save_then(save, output, add_lite_buttons)
    else:
        atomic_write(output, save, OutputError)
    return Built(output, len(book.sheetnames), book.formula_count(), kind)


def _renja_workbook(data: Any, output: Path, *, blank: bool, xlsm: bool, lite: bool, template: Path | None,
                    password: str | None) -> Any:
    # openpyxl and the writers: only the commands that write a workbook need them (see _build_file).
    from lkjip_xl.renja.writer import Options, build_renja_workbook, structure_only
    from lkjip_xl.sheet_stream import StreamedBook

    if template is not None:
        raise BuildOptionError("--template berlaku untuk LKjIP saja; buku kerja Renja dibuat dari tata letaknya sendiri")
    if xlsm:
        raise BuildOptionError(f"buku kerja Renja ditulis sebagai .xlsx (tanpa makro); {output} diminta sebagai .xlsm. "
                               "Hitung ulang dengan: lkjip-xl recalc <berkas.xlsx>")
    if lite:
        raise BuildOptionError("tombol xlwings Lite (--lite) baru tersedia untuk buku kerja LKjIP; "
                               "hitung ulang buku kerja Renja dengan: lkjip-xl recalc <berkas.xlsx>")
    if blank:
        data = structure_only(data)
    return StreamedBook(build_renja_workbook(data, Options(password=password)))


def save_then(save: Callable[[str], None], output: Path, finish: Callable[[Path, Path], Any]) -> None:
    """Save as an .xlsx beside the target, then write the target with ``finish(xlsx, output)``
    (:func:`lkjip_xl.xlsm.to_xlsm`: the .xlsm with the Hitung Ulang button;
    :func:`lkjip_xl.lite_button.add_lite_buttons`: the xlwings Lite buttons), which writes it
    atomically."""
    folder = output.parent if str(output.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{output.stem}.", suffix=".xlsx", dir=folder)
    except OSError as exc:
        raise OutputError(f"{output} tidak dapat ditulis: {exc.strerror or exc}") from exc
    os.close(fd)
    try:
        try:
            save(name)
        except OSError as exc:
            raise OutputError(f"{output} tidak dapat ditulis: {exc.strerror or exc}") from exc
        finish(Path(name), output)
    finally:
        if os.path.exists(name):
            os.unlink(name)
