"""Headless evaluation with LibreOffice Calc: the reference spreadsheet application.

:class:`LibreOfficeEngine` hands the workbook to :class:`~.libreoffice.LibreOffice`, which opens it
with recalculation forced on load (so no value cached in the file survives), saves it as xlsx in a
temporary folder, and reads back the value LibreOffice computed for every formula cell of the
original workbook. It is the slowest engine (a whole LibreOffice process, 2-3 s even for a small
workbook) and needs LibreOffice installed, but it is a real spreadsheet application: use it to
settle a disagreement between the other engines, or where none of them is installed.

How LibreOffice 7.4's values become :data:`~.base.Values`:

* numbers are written to the xlsx with 15 significant digits (``85.7142857142857``, not
  ``85.71428571428571``): within every tolerance the checks use;
* booleans are ``t="b"`` 0/1, text results ``t="str"`` (``""`` for an empty-string result),
  errors ``t="e"`` with Excel's error text;
* **a circular reference** is LibreOffice's Err:522, which it saves as ``#VALUE!``: this engine
  cannot tell it from a real ``#VALUE!`` and returns that value (the other engines raise
  :class:`~.base.EngineError`);
* ``AVERAGE(A1,"5")`` (a number typed as text in the arguments) is ``#VALUE!``, where Excel gives
  7.5; ``="x"&TRUE`` is ``"x1"`` (Excel ``"xTRUE"``); both pinned in the function-coverage test.
  A number turned into text has 15 significant digits, as in Excel, in the profile's locale:
  the engine uses ``en-US`` (``"6.66666666666667"``) unless told otherwise.
"""

from __future__ import annotations

import re
import tempfile
import threading
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from lkjip_xl import a1

from lkjip_xl.ooxml.formula_cells import FormulaCell, SheetFormulas, sheet_formula_cells, unescape
from lkjip_xl.ooxml.package import Package, PackageError
from lkjip_xl.ooxml.sheet import read_shared_strings

from .base import Engine, EngineError, Values, read_formula_cells

__all__ = ["LibreOfficeEngine"]


_ANY_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', re.DOTALL
)
_V = re.compile(rb"<v(?:\s[^>]*)?>([^<]*)</v>")
_T = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")


def _plain_cells(data: bytes, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], FormulaCell]:
    """The cells at ``wanted`` of a worksheet part that hold no formula (the other cells of an
    array formula, as LibreOffice writes them), as :class:`FormulaCell` with their value."""
    out: dict[tuple[int, int], FormulaCell] = {}
    for m in _ANY_CELL.finditer(data):
        letters, digits, attrs, body = m.groups()
        key = (int(digits), a1.col_index(letters.decode("ascii")))
        if key not in wanted:
            continue
        t = re.search(rb'\st="([^"]*)"', attrs)
        value_type = t.group(1).decode("ascii") if t else "n"
        text = None
        if body:
            v = _V.search(body) or _T.search(body)
            text = unescape(v.group(1).decode("utf-8")) if v else None
        out[key] = FormulaCell(key[0], key[1], "normal", None, value_type, text)
    return out


def _value(cell: FormulaCell | None, strings: list[str]) -> object:
    """The value LibreOffice saved in one cell, as a plain Python value."""
    if cell is None or cell.cached is None:
        return None
    text = cell.cached
    t = cell.value_type
    if t == "b":
        return text.strip() in ("1", "true", "TRUE")
    if t == "e":
        return text
    if t in ("str", "inlineStr"):
        return text
    if t == "s":
        try:
            return strings[int(text)]
        except (ValueError, IndexError):
            return text
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return text


class LibreOfficeEngine(Engine):
    """:class:`~.base.Engine` over LibreOffice headless (``soffice --convert-to xlsx`` with a
    private profile that forces recalculation on load).

    ``soffice`` names the executable (default: :func:`~.libreoffice.find_soffice`), ``locale`` the
    profile's locale (``"en-US"``: text conversions as in an English Excel), ``timeout`` the
    seconds one conversion may take. One LibreOffice profile is created on first use and kept
    until :meth:`close` (or the end of the process).
    """

    name = "libreoffice"

    def __init__(self, soffice: str | None = None, *, locale: str | None = "en-US",
                 timeout: float | None = None) -> None:
        self.soffice = soffice
        self.locale = locale
        self.timeout = timeout
        self._office: Any = None
        self._lock = threading.Lock()

    def _libreoffice(self) -> Any:
        from .libreoffice import DEFAULT_TIMEOUT, LibreOffice, LibreOfficeError

        with self._lock:
            if self._office is None:
                try:
                    self._office = LibreOffice(
                        self.soffice, force_recalc=True, locale=self.locale,
                        timeout=self.timeout or DEFAULT_TIMEOUT,
                    )
                except LibreOfficeError as ex:
                    raise EngineError(f"LibreOffice is not available ({ex})") from ex
            return self._office

    def close(self) -> None:
        """Delete the LibreOffice profile; a later :meth:`evaluate` makes a new one."""
        with self._lock:
            if self._office is not None:
                self._office.close()
                self._office = None

    def __enter__(self) -> LibreOfficeEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def evaluate(self, path: Path) -> Values:
        from .libreoffice import LibreOfficeError

        path = Path(path)
        if not path.is_file():
            raise EngineError("no such workbook", path)
        sheets = read_formula_cells(path)
        office = self._libreoffice()
        with tempfile.TemporaryDirectory(prefix="lkjip-lo-engine-") as tmp:
            # LibreOffice names the output after the input's stem; a copy with a plain name keeps
            # odd file names ("laporan [final].xlsm") out of its command line and output.
            source = Path(tmp) / f"workbook{path.suffix.lower() or '.xlsx'}"
            source.write_bytes(path.read_bytes())
            try:
                (output,) = office.convert([source], "xlsx", Path(tmp) / "out")
            except LibreOfficeError as ex:
                raise EngineError(f"LibreOffice could not recalculate the workbook: {ex}", path) from ex
            return self._read(path, sheets, output)

    def _read(self, path: Path, sheets: list[SheetFormulas], output: Path) -> Values:
        values: Values = {}
        try:
            with zipfile.ZipFile(output) as z:
                package = Package.of_zip(z, output)
                parts = package.sheet_parts()
                strings: list[str] | None = None
                for sheet in sheets:
                    positions = sheet.positions()
                    if not positions:
                        continue
                    part = parts.get(sheet.name)
                    if part is None:
                        cells = [(sheet.name, a1.cell(r, c)) for r, c in positions]
                        raise EngineError(f"LibreOffice's output lacks sheet {sheet.name!r}", path, cells=cells)
                    data = z.read(part)
                    computed = sheet_formula_cells(data)
                    by_position = {(c.row, c.col): c for c in computed}
                    missing = {p for p in positions if p not in by_position}
                    if missing:
                        by_position.update(_plain_cells(data, missing))
                    if strings is None and any(c.value_type == "s" for c in by_position.values()):
                        strings = read_shared_strings(package, package.related(package.workbook_part(), "sharedStrings"))
                    for r, c in positions:
                        values[(sheet.name, a1.cell(r, c))] = _value(by_position.get((r, c)), strings or [])
        except (zipfile.BadZipFile, KeyError, ET.ParseError, PackageError) as ex:
            raise EngineError(f"cannot read LibreOffice's output ({type(ex).__name__}: {ex})", path) from ex
        return values

    def __repr__(self) -> str:
        return f"{type(self).__name__}(soffice={self.soffice!r}, locale={self.locale!r})"
