"""The audit of any workbook open in Excel: its sheets read through xlwings, the findings written
into a sheet of their own.

Used by the "Periksa Buku Kerja" entry of :mod:`lkjip_xl.excel` (desktop Excel, RunPython) and by
:func:`lkjip_xl.lite.check_foreign_workbook` (xlwings Lite). It asks nothing and changes nothing
of the office's own: it adds the Pemeriksaan sheet (or replaces the one it wrote before, known by
its A1; a sheet of the office's own named Pemeriksaan is left alone and the findings go to
"Pemeriksaan lkjip-xl"). The reported cells are not coloured in Excel — the colours are the
office's; each finding's cell is a link instead. (``lkjip-xl recalc FOREIGN -o copy.xlsx``
colours them, in a copy.)

Looks (bold, indentation, merged cells) are not read through xlwings (one call per cell): the
hierarchy rests on the kode, the level words and the formulas.
"""

from __future__ import annotations

from typing import Any

from lkjip_xl.adapters.base import Formula
from lkjip_xl.audit.annotate import COLORS, HEADERS, OTHER_SHEET, SHEET, TITLE
from lkjip_xl.audit.run import AuditResult, audit_book
from lkjip_xl.audit.source import from_book_data
from lkjip_xl.findings import Severity, counts
from lkjip_xl.adapters.base import BookData


def own_sheet_name(names: list[str], first_cells: dict[str, Any]) -> tuple[str, bool]:
    """(the sheet to write the findings to, whether it is already there): Pemeriksaan, unless the
    office has a sheet of that name that this module did not write (``first_cells``: sheet -> A1)."""
    lower = {n.lower(): n for n in names}
    for candidate in (SHEET, OTHER_SHEET):
        found = lower.get(candidate.lower())
        if found is not None and first_cells.get(found) == TITLE:
            return found, True
    if SHEET.lower() not in lower:
        return SHEET, False
    name, n = OTHER_SHEET, 2
    while name.lower() in lower:
        name, n = f"{OTHER_SHEET} {n}", n + 1
    return name, False


def findings_rows(result: AuditResult, source: str) -> list[list[Any]]:
    """The sheet's rows from A1: title, summary, header, one row per finding (its cell a link)."""
    n = counts(result.findings)
    summary = (f"{source}: {n[Severity.ERROR]} kesalahan, {n[Severity.WARNING]} peringatan, "
               f"{n[Severity.INFO]} catatan. {result.recognised()}.")
    width = len(HEADERS)
    rows: list[list[Any]] = [[TITLE] + [None] * (width - 1), [summary] + [None] * (width - 1), list(HEADERS)]
    for i, f in enumerate(result.findings, 1):
        target = "'" + f.sheet.replace("'", "''") + "'!" + f.cell.split(":")[0] if f.cell else ""
        link = Formula(f'=HYPERLINK("#{target.replace(chr(34), chr(34) * 2)}","{f.cell}")', f.cell) if f.cell else "-"
        rows.append([i, f.sheet, link, f.rule, f.severity.value, f.message])
    if not result.findings:
        rows.append([None] * (width - 1) + ["Tidak ada temuan."])
    return rows


def audit_open_book(book: Any, *, formulas: Any = None, fills: Any = None) -> tuple[AuditResult, str]:
    """Audit the xlwings ``book`` and write its findings sheet; (the result, the sheet written).
    ``formulas``/``fills``: the adapter's sources for xlwings Lite (:func:`lkjip_xl.lite.prefetch`)."""
    from lkjip_xl.adapters.xlwings_adapter import XlwingsBook  # xlwings: only where Excel is

    adapter = XlwingsBook(book, formulas=formulas, fills=fills)
    names = adapter.sheet_names()
    first = {}
    for name in names:
        if name.lower() in (SHEET.lower(), OTHER_SHEET.lower()) or name.lower().startswith(OTHER_SHEET.lower()):
            first[name] = book.sheets[name].range("A1").value
    target, exists = own_sheet_name(names, first)
    data = adapter.read_book() if not exists else _read_except(adapter, target)
    source = from_book_data(data, str(book.name), sheets={n for n in data.sheets if n != target})
    result = audit_book(source)
    rows = findings_rows(result, str(book.name))
    if exists:
        sheet = book.sheets[target]
        sheet.used_range.clear_contents()
    else:
        sheets = book.sheets
        sheet = sheets.add(target, after=sheets[len(sheets) - 1])
        adapter = XlwingsBook(book, formulas=formulas, fills=fills)  # knows the new sheet
    adapter.write_block(target, "A1", rows[:3])
    if len(rows) > 3:
        adapter.write_block(target, "A4", rows[3:])
    by_severity: dict[Severity, list[str]] = {}
    for i, f in enumerate(result.findings):
        by_severity.setdefault(f.severity, []).append(f"E{4 + i}")
    for severity, cells in by_severity.items():
        adapter.set_fills(target, cells, [COLORS[severity]] * len(cells))
    return result, target


def _read_except(adapter: Any, skip: str) -> Any:
    data = BookData(adapter.source, names=adapter.defined_names())
    for name in adapter.sheet_names():
        if name != skip:
            data.sheets[name] = adapter.read_sheet(name)
    return data


def summary_line(result: AuditResult, sheet: str) -> str:
    n = counts(result.findings)
    text = (f"lkjip-xl: {n[Severity.ERROR]} kesalahan, {n[Severity.WARNING]} peringatan, "
            f"{n[Severity.INFO]} catatan")
    return text + (f" - lihat sheet {sheet}." if result.findings else " - tidak ada temuan.")


__all__ = ["audit_open_book", "findings_rows", "own_sheet_name", "summary_line"]
