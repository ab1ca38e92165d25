"""openpyxl for the few paths that hold a workbook as openpyxl objects: the writer (defined names of
the workbook it builds), ``start`` (reading a table a user supplies) and the "as printed" workbook.

The recalculation and the checks read a file through the streaming package adapter
(:mod:`lkjip_xl.adapters.package_adapter`); openpyxl is not on that path.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from lkjip_xl.ooxml.safety import WorkbookError, check_package

__all__ = ["defined_names_of", "load"]


def load(path: Path, *, data_only: bool = False, read_only: bool = False) -> Workbook:
    """The workbook at ``path`` (macros kept for .xlsm), or a :class:`WorkbookError` naming it.

    ``read_only`` streams the sheets (faster, less memory) for callers that only read values."""
    path = Path(path)
    check_package(path)
    try:
        if read_only:
            return openpyxl.load_workbook(path, data_only=data_only, read_only=True)
        return openpyxl.load_workbook(path, data_only=data_only, keep_vba=path.suffix.lower() in (".xlsm", ".xltm"))
    except WorkbookError:
        raise
    except Exception as exc:  # openpyxl raises KeyError, ValueError, XML errors... for broken parts
        raise WorkbookError(f"{path}: cannot be read as an Excel workbook ({_describe(exc)})") from exc


def _describe(exc: BaseException) -> str:
    """``Type: first line of the message``, and the first cause openpyxl wrapped, if any."""
    def one(e: BaseException) -> str:
        lines = str(e).strip().splitlines()
        return f"{type(e).__name__}: {lines[0]}" if lines else type(e).__name__

    text = one(exc)
    root, seen = exc, 0
    while (root.__cause__ or root.__context__) is not None and seen < 10:
        root = root.__cause__ or root.__context__
        seen += 1
    if root is not exc:
        text += f"; cause: {one(root)}"
    return text


def defined_names_of(wb: Workbook) -> dict[str, tuple[str, str]]:
    """Workbook-scoped defined names of an openpyxl workbook: name -> (sheet, ref without ``$``)."""
    out = {}
    for name, dn in wb.defined_names.items():
        try:
            dests = list(dn.destinations)
        except Exception:  # a name pointing at #REF! or a formula
            continue
        if dests:
            sheet, ref = dests[0]
            out[name] = (sheet, ref.replace("$", ""))
    return out
