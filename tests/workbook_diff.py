"""Two workbooks compared through openpyxl, everything the writer puts in them: each sheet's cells
(value or formula, font, fill, border, number format, alignment, protection), data validations,
conditional formats, sheet protection, defined names, column widths and row heights, merged
cells, freeze panes, print settings. Returns the differences as text (none: the same workbook)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import openpyxl


def _style(cell: Any) -> tuple:
    # The attributes are proxies (no equality of their own): compared by their full text.
    return (" ".join(repr(cell.font).split()), " ".join(repr(cell.fill).split()), " ".join(repr(cell.border).split()),
            cell.number_format, " ".join(repr(cell.alignment).split()), " ".join(repr(cell.protection).split()))


def _cells(ws: Any) -> dict[tuple[int, int], tuple]:
    """Every cell that holds a value or a style (an empty unstyled cell is no cell)."""
    out = {}
    for (row, col), cell in ws._cells.items():
        if cell.value is None and not cell.has_style:
            continue
        out[(row, col)] = (cell.value, cell.data_type, *_style(cell))
    return out


def _validations(ws: Any) -> list[tuple]:
    return sorted((dv.type or "", dv.operator or "", dv.formula1 or "", dv.formula2 or "", bool(dv.allow_blank),
                   dv.error or "", dv.errorTitle or "", bool(dv.showErrorMessage),
                   " ".join(sorted(str(r) for r in dv.sqref.ranges))) for dv in ws.data_validations.dataValidation)


def _conditional(ws: Any) -> list[tuple]:
    out = []
    for rng in ws.conditional_formatting:
        for rule in rng.rules:
            out.append((str(rng.sqref), rule.type, tuple(rule.formula or ()), repr(rule.dxf), rule.priority))
    return sorted(out)


def _sheet_facts(ws: Any) -> dict[str, Any]:
    p = ws.protection
    return {
        "protection": (p.sheet, p.formatColumns, p.formatRows, p.formatCells, p.insertRows, p.deleteRows,
                       p.autoFilter, p.password),
        "columns": {k: (d.width, bool(d.hidden)) for k, d in ws.column_dimensions.items()
                    if d.width or d.hidden},
        "rows": {k: (d.height, bool(d.hidden)) for k, d in ws.row_dimensions.items() if d.height or d.hidden},
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "freeze": ws.freeze_panes,
        "state": ws.sheet_state,
        "print_area": ws.print_area,
        "print_titles": (ws.print_title_rows, ws.print_title_cols),
        "page_setup": (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth,
                       ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage
                       if ws.sheet_properties.pageSetUpPr else None),
        "margins": (ws.page_margins.left, ws.page_margins.right, ws.page_margins.top, ws.page_margins.bottom),
        "print_options": ws.print_options.horizontalCentered,
        "footer": ws.oddFooter.center.text,
        "auto_filter": ws.auto_filter.ref,
        "validations": _validations(ws),
        "conditional": _conditional(ws),
        "charts": len(ws._charts),
        "names": {n: d.attr_text for n, d in ws.defined_names.items()},
    }


def differences(a: Path, b: Path, limit: int = 20) -> list[str]:
    """What differs between workbook files ``a`` and ``b`` (at most ``limit`` cell differences)."""
    wa, wb = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    out = list(_workbook(wa, wb, limit))
    return out


def _workbook(wa: Any, wb: Any, limit: int) -> Iterator[str]:
    if wa.sheetnames != wb.sheetnames:
        yield f"sheets: {wa.sheetnames} != {wb.sheetnames}"
        return
    names_a = {n: d.attr_text for n, d in wa.defined_names.items()}
    names_b = {n: d.attr_text for n, d in wb.defined_names.items()}
    if names_a != names_b:
        yield f"defined names differ: {sorted(set(names_a.items()) ^ set(names_b.items()))[:10]}"
    if wa.calculation.fullCalcOnLoad != wb.calculation.fullCalcOnLoad:
        yield "fullCalcOnLoad differs"
    for sa, sb in zip(wa.worksheets, wb.worksheets):
        ca, cb = _cells(sa), _cells(sb)
        shown = 0
        for key in sorted(set(ca) | set(cb)):
            if ca.get(key) != cb.get(key):
                yield f"{sa.title}!{openpyxl.utils.get_column_letter(key[1])}{key[0]}: {ca.get(key)} != {cb.get(key)}"
                shown += 1
                if shown >= limit:
                    break
        fa, fb = _sheet_facts(sa), _sheet_facts(sb)
        for what in fa:
            if fa[what] != fb[what]:
                yield f"{sa.title} {what}: {str(fa[what])[:300]} != {str(fb[what])[:300]}"
