"""Rows inserted, deleted and copied in a workbook by LibreOffice Calc itself (headless), as staff
do in a spreadsheet application: the formulas and ranges around the change move as the
application moves them (openpyxl's ``insert_rows`` moves nothing).

A LibreOffice Basic macro, written for each edit into the private profile of a
:class:`~lkjip_xl.engine.libreoffice.LibreOffice` (``user/basic/Standard``), opens the workbook,
does the operations through Calc's API (``Rows.insertByIndex``, ``Rows.removeByIndex``,
``copyRange``, cell values), saves it as .xlsx and closes it; one soffice start per edit (about
two seconds). No Python-UNO bridge is needed: the macro runs inside soffice.

Operations (rows are 1-based, as in Excel):

* ``Insert(sheet, row, n)``: n rows before ``row`` (Excel's Insert on row ``row``);
* ``Delete(sheet, row, n)``: rows ``row`` .. ``row + n - 1``;
* ``CopyInsert(sheet, source, n, row)``: n rows inserted before ``row`` and rows ``source`` ..
  copied into them (Excel's Insert Copied Cells: values, formulas shifted, formats);
* ``Type(sheet, {"A15": "5001.500105.04.050", "M15": 1000})``: typed values (text stays text);
* ``Unprotect(sheet)``: Review > Unprotect Sheet (no password).

LibreOffice refuses to delete a row holding a locked cell on a protected sheet, as Excel does:
``Delete`` on a protected sheet fails with the API's error, which the edit reports.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from tests.libreoffice.office import LibreOffice, LibreOfficeError


@dataclass(frozen=True)
class Insert:
    sheet: str
    row: int
    n: int = 1


@dataclass(frozen=True)
class Delete:
    sheet: str
    row: int
    n: int = 1


@dataclass(frozen=True)
class CopyInsert:
    sheet: str
    source: int
    n: int
    row: int


@dataclass(frozen=True)
class Type:
    sheet: str
    cells: dict[str, Any]


@dataclass(frozen=True)
class Unprotect:
    sheet: str


_XLC = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" xlink:href="$(USER)/basic/Standard/{kind}.xlb/" xlink:type="simple" library:link="false"/>
</library:libraries>
"""
_XLB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false">{elements}</library:library>
"""
_XBA = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Edit" script:language="StarBasic">{code}</script:module>
"""


def _basic_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _lines(op: Any) -> list[str]:
    sheet = f"doc.Sheets.getByName({_basic_text(op.sheet)})"
    if isinstance(op, Insert):
        return [f"{sheet}.Rows.insertByIndex({op.row - 1}, {op.n})"]
    if isinstance(op, Delete):
        return [f"{sheet}.Rows.removeByIndex({op.row - 1}, {op.n})"]
    if isinstance(op, Unprotect):
        return [f'{sheet}.unprotect("")']
    if isinstance(op, CopyInsert):
        lines = [f"sh = {sheet}", f"sh.Rows.insertByIndex({op.row - 1}, {op.n})"]
        source = op.source if op.source < op.row else op.source + op.n  # the source moved down
        lines += [f"src = sh.getCellRangeByPosition(0, {source - 1}, 1023, {source + op.n - 2}).getRangeAddress()",
                  f"dst = sh.getCellByPosition(0, {op.row - 1}).getCellAddress()",
                  "sh.copyRange(dst, src)"]
        return lines
    if isinstance(op, Type):
        lines = [f"sh = {sheet}"]
        for ref, value in op.cells.items():
            cell = f"sh.getCellRangeByName({_basic_text(ref)})"
            if value is None:
                lines.append(f'{cell}.setString("")')
            elif isinstance(value, str):
                lines.append(f"{cell}.setString({_basic_text(value)})")
            else:
                lines.append(f"{cell}.setValue({value!r})")
        return lines
    raise TypeError(op)


def _macro(source: Path, target: Path, ops: list[Any]) -> str:
    body = []
    for op in ops:
        body += ["  " + line for line in _lines(op)]
    return "\n".join([
        "Sub Main",
        "  Dim args(0) As New com.sun.star.beans.PropertyValue",
        '  args(0).Name = "Hidden" : args(0).Value = True',
        f"  doc = StarDesktop.loadComponentFromURL({_basic_text(source.resolve().as_uri())}, \"_blank\", 0, args())",
        "  On Error Goto Failed",
        *body,
        "  Dim out(0) As New com.sun.star.beans.PropertyValue",
        '  out(0).Name = "FilterName" : out(0).Value = "Calc MS Excel 2007 XML"',
        f"  doc.storeToURL({_basic_text(target.resolve().as_uri())}, out())",
        "  doc.close(True)",
        "  Exit Sub",
        "Failed:",
        f"  Dim f As Integer : f = FreeFile : Open {_basic_text(str(target.resolve()) + '.error')} For Output As #f",
        "  Print #f, Error$ : Close #f",
        "  doc.close(True)",
        "End Sub",
        "",
    ])


class LibreOfficeEditor:
    """A headless LibreOffice that edits workbooks with a macro in its private profile."""

    def __init__(self) -> None:
        self.lo = LibreOffice()
        # The first start lays out the profile (and its Basic library) that the macro goes into.
        self.lo.run(["--terminate_after_init"])
        basic = self.lo.profile_dir / "user" / "basic"
        (basic / "Standard").mkdir(parents=True, exist_ok=True)
        (basic / "script.xlc").write_text(_XLC.format(kind="script"), encoding="utf-8")
        (basic / "dialog.xlc").write_text(_XLC.format(kind="dialog"), encoding="utf-8")
        (basic / "Standard" / "script.xlb").write_text(
            _XLB.format(elements='\n <library:element library:name="Edit"/>\n'), encoding="utf-8")
        (basic / "Standard" / "dialog.xlb").write_text(_XLB.format(elements=""), encoding="utf-8")
        self._module = basic / "Standard" / "Edit.xba"

    def edit(self, source: Path, target: Path, ops: list[Any]) -> Path:
        """Apply ``ops`` to ``source`` in LibreOffice and save the result as ``target`` (.xlsx)."""
        target = Path(target)
        error = Path(str(target.resolve()) + ".error")
        for stale in (target, error):
            stale.unlink(missing_ok=True)
        self._module.write_text(_XBA.format(code=escape(_macro(Path(source), target, ops))), encoding="utf-8")
        proc = self.lo.run(["macro:///Standard.Edit.Main"], files=[Path(source)])
        if error.exists():
            text = error.read_text(encoding="utf-8", errors="replace").strip()
            error.unlink()
            raise LibreOfficeError(f"LibreOffice refused the edit: {text}", files=[Path(source)])
        if not target.is_file():
            raise LibreOfficeError("LibreOffice did not save the edited workbook", files=[Path(source)],
                                   stderr=proc.stderr, stdout=proc.stdout, returncode=proc.returncode)
        return target

    def close(self) -> None:
        self.lo.close()

    def __enter__(self) -> LibreOfficeEditor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def copy_of(path: Path, target: Path) -> Path:
    shutil.copyfile(path, target)
    return target
