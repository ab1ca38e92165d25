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
* :func:`all_rules`: the rules (id, description), one module each in ``lkjip_xl.audit.rules``.
"""

from __future__ import annotations

from pathlib import Path

from lkjip_xl.convert import ConversionError, as_xlsx
from lkjip_xl.audit.forms import FormMatch, recognise_form
from lkjip_xl.audit.rules import all_rules
from lkjip_xl.audit.run import AuditResult, audit_book
from lkjip_xl.audit.source import SourceBook, WorkbookReadError, read_sheets


def audit_workbook(path: Path | str) -> AuditResult:
    """Audit the workbook at ``path`` (never written). Raises :class:`ConversionError` or
    :class:`WorkbookReadError` (both :class:`~lkjip_xl.errors.LkjipError`) naming the file when it
    cannot be read."""
    path = Path(path)
    with as_xlsx(path) as readable:
        book = read_sheets(readable)
    book.path = path
    return audit_book(book)


__all__ = ["AuditResult", "ConversionError", "FormMatch", "SourceBook", "WorkbookReadError", "all_rules",
           "audit_book", "audit_workbook", "read_sheets", "recognise_form"]
