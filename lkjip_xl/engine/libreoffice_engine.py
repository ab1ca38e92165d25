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

import dataclasses
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

from lkjip_xl import a1
from lkjip_xl.ooxml.package import PackageError
from lkjip_xl.ooxml.safety import MAX_USED_CELLS
from lkjip_xl.ooxml.sheet import SheetReader, read_workbook_parts

from .base import Engine, EngineError, SheetFormulas, Values, read_formula_sheets

__all__ = ["LibreOfficeEngine"]


def _engine_value(value: object, formula: str | None) -> object:
    """A value of LibreOffice's output as read by the sheet reader, in the :data:`~.base.Values`
    form: numbers as float; an empty formula result as ``""`` (LibreOffice writes an empty-string
    result as ``t="str"`` with an empty ``<v>``, which the reader, like openpyxl, reads as None)."""
    if type(value) is int:
        return float(value)
    if value is None and formula is not None:
        return ""
    return value


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
        from .libreoffice import DEFAULT_TIMEOUT, LibreOffice, LibreOfficeError  # the runner: only when evaluating

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
        from .libreoffice import LibreOfficeError  # the runner: only when evaluating

        path = Path(path)
        if not path.is_file():
            raise EngineError("no such workbook", path)
        sheets = read_formula_sheets(path)
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
        """The values LibreOffice saved at the original's formula cells (and the other cells of
        its array ranges, which LibreOffice writes as plain cells), read by the one sheet reader
        with the cached values kept."""
        values: Values = {}
        try:
            with zipfile.ZipFile(output) as z:
                parts = read_workbook_parts(z, output)
                # Serial numbers, as the other engines give them: the output's date formats are not applied.
                parts = dataclasses.replace(parts, styles=dataclasses.replace(
                    parts.styles, date_xfs=frozenset(), timedelta_xfs=frozenset()))
                for sheet in sheets:
                    positions = sheet.positions()
                    if not positions:
                        continue
                    part = parts.sheets.get(sheet.name)
                    if part is None:
                        cells = [(sheet.name, a1.cell(r, c)) for r, c in positions]
                        raise EngineError(f"LibreOffice's output lacks sheet {sheet.name!r}", path, cells=cells)
                    # The plain cells are wanted only where an array range has them.
                    read = SheetReader(parts, sheet.name, output, MAX_USED_CELLS, cached=True,
                                       formulas_only=not sheet.arrays).read(z, part)
                    for r, c in positions:
                        value = formula = None
                        if r <= read.max_row and c <= read.max_col:
                            value, formula = read.values[r - 1][c - 1], read.formulas[r - 1][c - 1]
                        values[(sheet.name, a1.cell(r, c))] = _engine_value(value, formula)
        except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, EOFError, PackageError) as ex:
            raise EngineError(f"cannot read LibreOffice's output ({type(ex).__name__}: {ex})", path) from ex
        return values

    def __repr__(self) -> str:
        return f"{type(self).__name__}(soffice={self.soffice!r}, locale={self.locale!r})"
