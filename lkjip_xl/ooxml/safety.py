"""The front door of the workbook-file layer: a package is checked before anything reads it.

A workbook comes from anyone (an office's own form, a download, a file renamed .xlsx), so what is
not an xlsx package is refused before time or memory is spent on it: not a zip, no workbook, zip
bombs, XML with a DTD (entity expansion), sheets too large to read. No openpyxl here: the paths
that never build openpyxl objects (``check``, ``recalc``) do not import it either.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lkjip_xl import a1
from lkjip_xl.display import format_number
from lkjip_xl.ooxml.package import Package, PackageError
from lkjip_xl.ooxml.text import CHUNK, whole_tokens
from lkjip_xl.ooxml.text import PREFIX as _PREFIX

#: A workbook whose parts unpack to more than this is refused (zip bombs); real reports are < 5 MB.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # compressed -> unpacked size of one part (checked for parts over 1 MB)
#: More parts than this in one package is refused (every part costs memory before any is read).
MAX_PARTS = 10_000
#: Cells of the used ranges (first to last cell, rows x columns) of all worksheets together. The
#: recalculation reads each sheet as that rectangle, and so does the evaluation engine: about
#: 1.4 KB and 70 us per cell, so a stray cell at row 1048576 would cost gigabytes. An LKjIP
#: workbook spans a few thousand to a few hundred thousand cells (Walantaka: about 8,200; a report
#: of 20,000 indicator rows, 100 times Walantaka, about 750,000).
MAX_USED_CELLS = 1_000_000
#: Excel's limits: a cell beyond them is not a cell of an Excel workbook.
EXCEL_MAX_ROW, EXCEL_MAX_COL = 1_048_576, 16_384
#: How far into an XML part its prolog (declaration, comments) may reach before the root element.
_PROLOG_BYTES = 64 * 1024

_SCAN = re.compile(rb"<" + _PREFIX + rb"(?:(row)|c)\b([^>]*)>")
#: Chunks are cut at a tag's start: only the last tag (with the text after it) waits for the next.
_TAG_START = re.compile(rb"<")
_DIMENSION = re.compile(rb"""<""" + _PREFIX + rb"""dimension\b[^>]*?\sref\s*=\s*["']([^"']*)["']""")
#: A cell tag with its address first, as Excel and openpyxl write it; and any cell tag.
_FAST_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_ANY_CELL = re.compile(rb"<" + _PREFIX + rb"c[\s>/]")
_SCAN_R = re.compile(rb"""\sr\s*=\s*["']\s*\$?([A-Za-z]{0,3})\$?([0-9]+)\s*["']""")


class WorkbookError(PackageError):
    """A workbook file that cannot be read as an Excel workbook; the message names the file."""


def _xml_prolog_problem(head: bytes) -> str | None:
    """Why the start of a part is refused (a DTD, which is how entity bombs and external
    entities come in), or None. Parts that are not XML (images, vbaProject.bin) pass."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        text = head[2:len(head) - (len(head) % 2)].decode(enc, errors="replace")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return None if n < _PROLOG_BYTES else "prolog XML lebih dari 64 KB"
        if not text.startswith("<", i):
            return None  # not XML: nothing to parse
        if text.startswith("<?", i):
            j = text.find("?>", i)
        elif text.startswith("<!--", i):
            j = text.find("-->", i)
        elif text.startswith("<!", i):
            return "deklarasi tipe dokumen (<!DOCTYPE ...>: definisi entitas ditolak)"
        else:
            return None  # the root element
        if j < 0:
            return None if n < _PROLOG_BYTES else "prolog XML lebih dari 64 KB"
        i = j + 2


def _check_dimension(head: bytes, sheet: str, path: Path) -> None:
    """Refuse a ``<dimension ref>`` beyond Excel's grid: engines that trust it (calamine) size the
    sheet by it. Within the grid the claim is harmless: rows are read from the cells."""
    m = _DIMENSION.search(head)
    if not m:
        return
    claim = m.group(1).decode("latin-1").strip()
    for ref in claim.replace("$", "").split(":"):
        cell = re.fullmatch(r"([A-Za-z]{1,3})?([0-9]+)?", ref.strip())
        if cell is None:
            continue
        letters, digits = cell.groups()
        if (digits is not None and int(digits) > EXCEL_MAX_ROW) or (
                letters is not None and a1.col_index(letters.upper()) > EXCEL_MAX_COL):
            raise WorkbookError(f"{path}: sheet {sheet!r} mengaku berukuran {claim} (<dimension>-nya), melewati "
                                f"batas Excel {format_number(EXCEL_MAX_ROW)} baris x {format_number(EXCEL_MAX_COL)} kolom")


def _scan_sheet(z: zipfile.ZipFile, part: str, sheet: str, path: Path, budget: int) -> tuple[int, str, str]:
    """The used range of a worksheet part, found by streaming its cell tags (no parsing):
    ``(rows x columns, "A1:V321", the farthest cell)``. Refuses a cell outside Excel's grid, and
    stops as soon as the sheet has more cells than ``budget``."""
    count = 0
    row = col = 0
    min_row = min_col = None
    max_row = max_col = 0
    far = ""
    with z.open(part) as f:
        head = f.read(CHUNK)
        _check_dimension(head, sheet, path)
        for buf in whole_tokens(f, _TAG_START, head):
            fast = _FAST_CELL.findall(buf)
            if fast and len(fast) == len(_ANY_CELL.findall(buf)):
                # Every cell says where it is (as Excel and openpyxl write them): no need to
                # follow the rows, the extremes of the addresses are the used range.
                rows = {int(r) for r in {r for _, r in fast}}
                cols = {a1.col_index(c.decode()) for c in {c for c, _ in fast}}
                lo_row, hi_row, lo_col, hi_col = min(rows), max(rows), min(cols), max(cols)
                if not (1 <= lo_row and hi_row <= EXCEL_MAX_ROW and 1 <= lo_col and hi_col <= EXCEL_MAX_COL):
                    bad_row = hi_row if hi_row > EXCEL_MAX_ROW else lo_row
                    bad_col = hi_col if hi_col > EXCEL_MAX_COL else lo_col
                    raise WorkbookError(
                        f"{path}: sheet {sheet!r} berisi sel di baris {bad_row}, kolom {bad_col}, di luar "
                        f"batas Excel {EXCEL_MAX_ROW} baris x {EXCEL_MAX_COL} kolom")
                count += len(fast)
                min_row = lo_row if min_row is None else min(min_row, lo_row)
                min_col = lo_col if min_col is None else min(min_col, lo_col)
                if hi_row > max_row or hi_col > max_col:
                    max_row, max_col = max(max_row, hi_row), max(max_col, hi_col)
                    far = a1.cell(max_row, max_col)
                c_last, r_last = fast[-1]
                row, col = int(r_last), a1.col_index(c_last.decode())
                if count > budget:
                    raise WorkbookError(f"{path}: buku kerja berisi lebih dari {format_number(MAX_USED_CELLS)} sel "
                                        f"(sheet {sheet!r} saja lebih dari {format_number(budget)}); ditolak")
                matches = ()
            else:
                matches = _SCAN.finditer(buf)
            for m in matches:
                r = _SCAN_R.search(m.group(2))
                if m.group(1):  # <row>
                    row = int(r.group(2)) if r else row + 1
                    col = 0
                    continue
                count += 1
                if r:
                    col = a1.col_index(r.group(1).decode().upper()) if r.group(1) else col + 1
                    row = int(r.group(2))
                else:
                    col += 1
                if not (1 <= row <= EXCEL_MAX_ROW and 1 <= col <= EXCEL_MAX_COL):
                    raise WorkbookError(
                        f"{path}: sheet {sheet!r} berisi sel di baris {row}, kolom {col}, di luar "
                        f"batas Excel {EXCEL_MAX_ROW} baris x {EXCEL_MAX_COL} kolom")
                if min_row is None or row < min_row:
                    min_row = row
                if min_col is None or col < min_col:
                    min_col = col
                if row > max_row or col > max_col:
                    max_row, max_col = max(max_row, row), max(max_col, col)
                    far = a1.cell(row, col)
                if count > budget:
                    raise WorkbookError(f"{path}: buku kerja berisi lebih dari {format_number(MAX_USED_CELLS)} sel "
                                        f"(sheet {sheet!r} saja lebih dari {format_number(budget)}); ditolak")
    if min_row is None:
        return 0, "", ""
    area = (max_row - min_row + 1) * (max_col - min_col + 1)
    return area, f"{a1.cell(min_row, min_col)}:{a1.cell(max_row, max_col)}", far


def check_package(path: Path) -> dict[str, tuple[int, int, int, int]]:
    """Refuse what is not an xlsx package before openpyxl spends time or memory on it: not a zip,
    no workbook, zip bombs, XML with a DTD (entity expansion), sheets too large to read.

    Returns each worksheet's used range ``(row1, col1, row2, col2)`` (a sheet without cells has none)."""
    if not path.is_file():
        raise WorkbookError(f"{path}: berkas tidak ada")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"{path}: bukan buku kerja Excel (.xlsx/.xlsm adalah paket zip; berkas ini bukan)")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise WorkbookError(f"{path}: paketnya berisi {format_number(len(infos))} bagian, lebih dari {format_number(MAX_PARTS)} yang diterima")
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise WorkbookError(f"{path}: berkas zip tanpa buku kerja (xl/workbook.xml tidak ada)")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise WorkbookError(f"{path}: bagian {info.filename} mengembang {format_number(info.file_size // max(info.compress_size, 1))}"
                                        f" kali ({format_number(info.file_size)} byte): ditolak sebagai kemungkinan bom zip")
            if total > MAX_UNPACKED_BYTES:
                raise WorkbookError(f"{path}: buku kerja mengembang menjadi {format_number(total)} byte, lebih dari "
                                    f"{format_number(MAX_UNPACKED_BYTES)} yang diterima")
            for info in infos:
                if info.is_dir() or info.file_size == 0:
                    continue
                with z.open(info) as f:
                    problem = _xml_prolog_problem(f.read(_PROLOG_BYTES))
                if problem:
                    raise WorkbookError(f"{path}: bagian {info.filename} berisi {problem}; ditolak")
            try:
                parts = Package.of_zip(z, path).sheet_parts()
            except PackageError as exc:
                raise WorkbookError(str(exc)) from exc
            used = 0
            spans: dict[str, tuple[int, int, int, int]] = {}
            for sheet, part in parts.items():
                area, span, far = _scan_sheet(z, part, sheet, path, MAX_USED_CELLS - used)
                used += area
                if span:
                    spans[sheet] = a1.parse_range(span)
                if used > MAX_USED_CELLS:
                    raise WorkbookError(
                        f"{path}: sheet {sheet!r} merentang {span} ({format_number(area)} sel); seluruh sheet "
                        f"sebuah buku kerja paling banyak {format_number(MAX_USED_CELLS)} sel. Hapus sel nyasar yang jauh "
                        f"dari data (misalnya {far}) lalu simpan lagi")
    except zipfile.BadZipFile as exc:
        raise WorkbookError(f"{path}: paket zip rusak ({exc})") from exc
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, RuntimeError) as exc:
        # zip64 trouble, an unsupported compression method, an encrypted part, a truncated file
        raise WorkbookError(f"{path}: tidak dapat dibaca sebagai buku kerja Excel ({type(exc).__name__}: {exc})") from exc
    return spans

