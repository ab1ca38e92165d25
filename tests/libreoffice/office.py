"""LibreOffice as the tests use it: values recalculated by the reference application, and the
printed pages (PDF, PNG) of a workbook.

These drive :class:`lkjip_xl.engine.libreoffice.LibreOffice` (the package's own headless runner,
which the LibreOffice engine and the ``.xls``/``.ods`` conversion use) for oracles no user path
needs, so they live with the tests.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

from lkjip_xl.engine.libreoffice import LibreOffice as _Runner
from lkjip_xl.engine.libreoffice import LibreOfficeError, find_soffice, require_soffice

__all__ = ["LibreOffice", "LibreOfficeError", "find_soffice", "pdf_page_count", "pdf_to_png", "read_values",
           "version"]


def version(soffice: str | None = None) -> str:
    """LibreOffice's version line, such as ``'LibreOffice 7.4.7.2 40(Build:2)'``."""
    exe = require_soffice(soffice)
    try:
        proc = subprocess.run(
            [exe, "--headless", "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise LibreOfficeError(f"{exe} --version timed out") from exc
    for line in proc.stdout.splitlines():
        if line.strip():
            return line.strip()
    raise LibreOfficeError(
        f"{exe} --version printed no version",
        stderr=proc.stderr,
        stdout=proc.stdout,
        returncode=proc.returncode,
    )


class LibreOffice(_Runner):
    """The package's runner with the tests' oracles: recalculated values and PDFs."""

    def recalculated_values(
        self, path: Path | str, timeout: float | None = None
    ) -> dict[str, dict[str, object]]:
        """LibreOffice's value of every non-empty cell: ``{sheet: {"A1": value}}``.

        The workbook is recalculated by LibreOffice (forced by the profile), saved as xlsx in a
        temporary directory and read back with ``openpyxl.load_workbook(data_only=True)``.
        Error results are strings such as ``'#DIV/0!'``.
        """
        return self.recalculated_values_many([path], timeout=timeout)[0]

    def recalculated_values_many(
        self, paths: Sequence[Path | str], timeout: float | None = None
    ) -> list[dict[str, dict[str, object]]]:
        """:meth:`recalculated_values` of many workbooks with one soffice call, in input order."""
        if not paths:
            return []
        with tempfile.TemporaryDirectory(prefix="lkjip-lo-recalc-") as tmp:
            outputs = self.convert([Path(p) for p in paths], "xlsx", Path(tmp), timeout=timeout)
            return [read_values(o) for o in outputs]

    def to_pdf(self, path: Path | str, outdir: Path | str, timeout: float | None = None) -> Path:
        """Render a workbook (every sheet, with its print settings) to ``outdir/<stem>.pdf``."""
        return self.convert([Path(path)], "pdf", Path(outdir), timeout=timeout)[0]

    def to_pdf_many(
        self, paths: Sequence[Path | str], outdir: Path | str, timeout: float | None = None
    ) -> list[Path]:
        """:meth:`to_pdf` of many workbooks with one soffice call, in input order."""
        return self.convert([Path(p) for p in paths], "pdf", Path(outdir), timeout=timeout)


def read_values(xlsx: Path | str) -> dict[str, dict[str, object]]:
    """The cached value of every non-empty cell of an xlsx file: ``{sheet: {"A1": value}}``."""
    import openpyxl  # imported here: the module is usable (find_soffice, PDFs) without it

    wb = openpyxl.load_workbook(xlsx, data_only=True)
    try:
        result: dict[str, dict[str, object]] = {}
        for ws in wb.worksheets:
            cells: dict[str, object] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        cells[cell.coordinate] = cell.value
            result[ws.title] = cells
        return result
    finally:
        wb.close()


# -- PDF helpers -------------------------------------------------------------------------------

_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_page_count(pdf: Path | str) -> int:
    """Number of pages of a PDF: ``pdfinfo``'s ``Pages:``, or the ``/Type /Page`` objects counted
    in the file when pdfinfo (poppler-utils) is not installed."""
    path = Path(pdf)
    if not path.is_file():
        raise LibreOfficeError("PDF not found", files=[path])
    exe = shutil.which("pdfinfo")
    if exe:
        proc = subprocess.run(
            [exe, str(path)], capture_output=True, text=True, timeout=60,
            stdin=subprocess.DEVNULL,
        )
        match = re.search(r"^Pages:\s+(\d+)\s*$", proc.stdout, re.MULTILINE)
        if proc.returncode == 0 and match:
            return int(match.group(1))
        raise LibreOfficeError(
            "pdfinfo could not read the PDF", files=[path], stderr=proc.stderr,
            stdout=proc.stdout, returncode=proc.returncode,
        )
    return len(_PAGE_OBJECT.findall(path.read_bytes()))


def pdf_to_png(pdf: Path | str, outdir: Path | str, dpi: int = 60) -> list[Path]:
    """Render every page of a PDF to ``outdir/<stem>-<page>.png`` with ``pdftoppm``; returns the
    PNG paths in page order."""
    path = Path(pdf)
    exe = shutil.which("pdftoppm")
    if not exe:
        raise LibreOfficeError("pdftoppm not found: install poppler-utils (.ci/install-libreoffice)")
    if not path.is_file():
        raise LibreOfficeError("PDF not found", files=[path])
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / path.stem
    pattern = re.compile(re.escape(path.stem) + r"-(\d+)\.png$")
    for old in out.iterdir():
        if pattern.match(old.name):
            old.unlink()
    proc = subprocess.run(
        [exe, "-r", str(dpi), "-png", str(path), str(prefix)],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    pages = sorted(
        (int(m.group(1)), p) for p in out.iterdir() if (m := pattern.match(p.name))
    )
    if proc.returncode != 0 or not pages:
        raise LibreOfficeError(
            "pdftoppm could not render the PDF", files=[path], stderr=proc.stderr,
            stdout=proc.stdout, returncode=proc.returncode,
        )
    return [p for _, p in pages]
