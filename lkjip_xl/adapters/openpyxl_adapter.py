"""The recalculation's view of a workbook file, through openpyxl.

Formula cells get their values from an evaluation engine (the file may never have been opened in
Excel, so it has no cached values) or, on request, from the values cached in the file.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill
from openpyxl.workbook.workbook import Workbook

from lkjip_xl import a1
from lkjip_xl.adapters.base import BookData, SheetData
from lkjip_xl.errors import LkjipError

#: A workbook whose parts unpack to more than this is refused (zip bombs); real reports are < 5 MB.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # compressed -> unpacked size of one part


class WorkbookError(LkjipError):
    """A workbook file that cannot be read as an Excel workbook; the message names the file."""


def _check_package(path: Path) -> None:
    """Refuse what is not an xlsx package before openpyxl spends time or memory on it."""
    if not path.is_file():
        raise WorkbookError(f"{path}: file not found")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"{path}: not an Excel workbook (.xlsx/.xlsm is a zip package; this file is not)")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise WorkbookError(f"{path}: a zip file without a workbook (xl/workbook.xml is missing)")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > 1_000_000 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                    raise WorkbookError(f"{path}: part {info.filename} unpacks {info.file_size // info.compress_size}"
                                        f"-fold ({info.file_size} bytes): refused as a possible zip bomb")
            if total > MAX_UNPACKED_BYTES:
                raise WorkbookError(f"{path}: the workbook unpacks to {total} bytes, more than the "
                                    f"{MAX_UNPACKED_BYTES} accepted")
    except zipfile.BadZipFile as exc:
        raise WorkbookError(f"{path}: damaged zip package ({exc})") from exc


def load(path: Path, *, data_only: bool = False) -> Workbook:
    path = Path(path)
    _check_package(path)
    try:
        return openpyxl.load_workbook(path, data_only=data_only, keep_vba=path.suffix.lower() == ".xlsm")
    except WorkbookError:
        raise
    except Exception as exc:  # openpyxl raises KeyError, ValueError, XML errors... for broken parts
        raise WorkbookError(f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc})") from exc


def _rgb(cell) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    color = fill.fgColor
    if color is None or color.type != "rgb" or not isinstance(color.rgb, str):
        return None
    return color.rgb[-6:].upper()


class OpenpyxlBook:
    """A workbook file opened for recalculation.

    ``values``: ``"engine"`` computes every formula with ``engine`` (default: the project's default
    engine); ``"cached"`` uses the values stored in the file by the last application that saved it.
    """

    def __init__(self, path: Path, *, values: str = "engine", engine: Any = None) -> None:
        self.path = Path(path)
        self.source = self.path.name
        self.wb = load(self.path)
        self._computed: dict[tuple[str, str], Any] = {}
        if values == "cached":
            cached = load(self.path, data_only=True)
            for ws in cached.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if c.value is not None:
                            self._computed[(ws.title, c.coordinate)] = c.value
        elif values == "engine":
            if engine is None:
                from lkjip_xl.engine.default import default_engine

                engine = default_engine()
            self._computed = engine.evaluate(self.path)
        else:  # pragma: no cover - programming error
            raise ValueError(values)

    # -- reading ------------------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        out = {}
        for name, dn in self.wb.defined_names.items():
            try:
                dests = list(dn.destinations)
            except Exception:  # a name pointing at #REF! or a formula
                continue
            if dests:
                sheet, ref = dests[0]
                out[name] = (sheet, ref.replace("$", ""))
        return out

    def read_sheet(self, sheet: str) -> SheetData:
        ws = self.wb[sheet]
        first_row, first_col = ws.min_row, ws.min_column
        values: list[list[Any]] = []
        formulas: list[list[str | None]] = []
        for row in ws.iter_rows(min_row=first_row, max_row=ws.max_row, min_col=first_col, max_col=ws.max_column):
            vrow, frow = [], []
            for c in row:
                v = c.value
                if isinstance(v, str) and v.startswith("="):
                    frow.append(v)
                    vrow.append(self._computed.get((sheet, c.coordinate)))
                elif v is not None and type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
                    frow.append(getattr(v, "text", str(v)))
                    vrow.append(self._computed.get((sheet, c.coordinate)))
                else:
                    frow.append(None)
                    vrow.append(v)
            values.append(vrow)
            formulas.append(frow)
        return SheetData(sheet, first_row, first_col, values, formulas)

    def read_book(self) -> BookData:
        data = BookData(self.source, names=self.defined_names())
        for name in self.sheet_names():
            data.sheets[name] = self.read_sheet(name)
        return data

    # -- writing ------------------------------------------------------------------------------------
    def write_block(self, sheet: str, top_left: str, values: list[list[Any]]) -> None:
        ws = self.wb[sheet]
        row0, col0 = a1.parse_cell(top_left)
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                ws.cell(row0 + i, col0 + j).value = value

    def clear_block(self, sheet: str, ref: str) -> None:
        ws = self.wb[sheet]
        r1, c1, r2, c2 = a1.parse_range(ref)
        for row in ws.iter_rows(min_row=r1, max_row=min(r2, ws.max_row), min_col=c1, max_col=c2):
            for c in row:
                c.value = None

    def get_fills(self, sheet: str, cells: list[str]) -> list[str | None]:
        ws = self.wb[sheet]
        return [_rgb(ws[c]) for c in cells]

    def set_fills(self, sheet: str, cells: list[str], colors: list[str | None]) -> None:
        ws = self.wb[sheet]
        for ref, color in zip(cells, colors):
            ws[ref].fill = PatternFill("solid", fgColor=color) if color else PatternFill()

    def save(self, path: Path | None = None, *, backup: bool = True) -> Path:
        """Save (atomically); when overwriting the file itself, keep a backup copy first."""
        from lkjip_xl.writer import save_atomic

        target = Path(path) if path else self.path
        if backup and target.exists():
            shutil.copy2(target, backup_path(target))
        return save_atomic(self.wb, target)


def backup_path(path: Path) -> Path:
    """``laporan.xlsx`` -> ``laporan.xlsx.bak`` (next to it, overwritten by the next backup)."""
    return path.with_name(path.name + ".bak")
