"""The audit of any workbook: layout-independent checks of the formulas, the row hierarchy and the
figures of the spreadsheets offices already keep (Renja evaluation forms, J-1/J-2/J-3 annexes,
LKjIP tables), on every sheet, hidden ones too.

Public names:

* :func:`audit_workbook` (path -> :class:`AuditResult`): read .xlsx/.xlsm (and .xls/.ods through
  LibreOffice), run every rule, return the findings and what was recognised;
* :func:`audit_book`: the same on sheets already read (:class:`SourceBook`, the shapes of the
  workbook-file layer's ``SheetCells``/``CellLook``);
* :func:`recognise_form` (one sheet's cells -> :class:`FormMatch` or None): which known form a
  sheet is and where its columns are;
* :func:`all_rules`: the rules (id, description), one module each in ``lkjip_xl.audit.rules``;
* :func:`annotate_workbook` (path, output -> :class:`AuditResult`, :class:`Annotated`): audit a
  workbook and write a copy with the findings sheet and the cells marked
  (:mod:`lkjip_xl.audit.annotate`).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lkjip_xl.audit.annotate import Annotated
    from lkjip_xl.audit.run import AuditResult

# The public names are imported when first used: ``check`` of our own workbooks imports
# lkjip_xl.audit.ours, and loads the rules only when a sheet holds a formula of its own (about
# 30 ms of a check of the Walantaka workbook otherwise).
_PUBLIC = {
    "Annotated": "annotate", "AnnotateError": "annotate", "annotate_copy": "annotate",
    "ConversionError": "lkjip_xl.convert", "FormMatch": "forms", "recognise_form": "forms",
    "all_rules": "rules", "AuditResult": "run", "audit_book": "run",
    "SourceBook": "source", "WorkbookReadError": "source", "read_sheets": "source",
}


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = getattr(importlib.import_module(module if "." in module else f"{__name__}.{module}"), name)
    globals()[name] = found
    return found


def audit_workbook(path: Path | str) -> AuditResult:
    """Audit the workbook at ``path`` (never written). Raises :class:`ConversionError` or
    :class:`WorkbookReadError` (both :class:`~lkjip_xl.errors.LkjipError`) naming the file when it
    cannot be read."""
    from lkjip_xl.audit.run import audit_book
    from lkjip_xl.audit.source import read_sheets
    from lkjip_xl.convert import as_xlsx

    path = Path(path)
    with as_xlsx(path) as readable:
        book = read_sheets(readable)
    book.path = path
    return audit_book(book)


def annotate_workbook(path: Path | str, output: Path | str) -> tuple[AuditResult, Annotated]:
    """Audit the workbook at ``path`` (never written; .xls/.ods through a converted copy) and write
    ``output``: that workbook (the converted one for .xls/.ods) with the Pemeriksaan sheet and the
    reported cells filled. The caller checks that ``output`` may be written."""
    from lkjip_xl.audit.annotate import annotate_copy
    from lkjip_xl.audit.run import audit_book
    from lkjip_xl.audit.source import read_sheets
    from lkjip_xl.convert import as_xlsx

    path = Path(path)
    with as_xlsx(path) as readable:
        book = read_sheets(readable)
        book.path = path
        result = audit_book(book)
        said = f"Bukan buku kerja lkjip-xl; {result.recognised()}."
        written = annotate_copy(readable, output, result.findings, cells=result.cells, note=said)
    return result, written


__all__ = ["Annotated", "AnnotateError", "AuditResult", "ConversionError", "FormMatch", "SourceBook",
           "WorkbookReadError", "all_rules", "annotate_copy", "annotate_workbook", "audit_book", "audit_workbook",
           "read_sheets", "recognise_form"]
