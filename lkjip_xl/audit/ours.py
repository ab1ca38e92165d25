"""The audit beside today's checks, on a workbook lkjip-xl wrote (a LKjIP or a Renja evaluation).

The checks know our layout: they compare every formula lkjip-xl wrote with the one the layout
expects and every computed figure with the rules' value. What they cannot see is what staff add
around it: a sheet of their own, a column of their own formulas, a helper cell. So the audit
looks at those:

* a sheet whose formulas are all the layout's (each one compared by the checks), or that has no
  formula, is left to the checks: auditing it again would only repeat them, and cost seconds on
  a large report;
* every sheet with a formula the layout did not write (a sheet staff added, or one of ours where
  staff wrote formulas of their own) is audited, reading only its looks (bold, indentation, merged cells) from the file: its values and
  formulas are those the checks read, computed by the same engine;
* a finding of the audit at cells that hold the layout's own formulas is dropped (the checks
  compare them, with the layout's exact expectation), and so is one at a cell where a check
  reports the same defect (:data:`SAME_DEFECT`): each defect is reported once, in the checks' words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from lkjip_xl import a1
from lkjip_xl.formula_text import references
from lkjip_xl.findings import Finding

#: audit rule -> the checks' rules that report the same defect at a cell
SAME_DEFECT: dict[str, frozenset[str]] = {
    "angka-menimpa-rumus": frozenset({"rumus-tertimpa"}),
    "subtotal-diketik": frozenset({"rumus-tertimpa"}),
    "rumus-hilang": frozenset({"rumus-tertimpa", "rumus-berbeda"}),
    "rumus-tidak-konsisten": frozenset({"rumus-berbeda", "rentang-salah"}),
    "angka-dalam-rumus": frozenset({"rumus-berbeda"}),
    "rujukan-blok-lain": frozenset({"rumus-berbeda", "rentang-salah"}),
    "rentang-kurang": frozenset({"rentang-salah", "rumus-berbeda"}),
    "rentang-lebih": frozenset({"rentang-salah", "rumus-berbeda"}),
    "rentang-berantai": frozenset({"rentang-salah", "rumus-berbeda"}),
    "dihitung-ganda": frozenset({"rentang-salah", "rumus-berbeda"}),
    "persentase-dijumlah": frozenset({"persentase-dijumlah", "persentase-dijumlah-triwulan", "rumus-berbeda"}),
    "persen-dibagi-lagi": frozenset({"rumus-berbeda"}),
    "galat-excel": frozenset({"galat-rumus", "nilai-berbeda"}),
    "rujukan-melingkar": frozenset({"referensi-melingkar", "tidak-dapat-dihitung"}),
    "capaian-tidak-sesuai": frozenset({"nilai-berbeda", "tabel-tidak-sesuai"}),
    "predikat-tidak-sesuai": frozenset({"nilai-berbeda"}),
    "jumlah-baris-tidak-sesuai": frozenset({"nilai-berbeda", "jumlah-tidak-sesuai"}),
    "tidak-sesuai-legenda": frozenset({"nilai-berbeda", "rumus-berbeda"}),
    "angka-sebagai-teks": frozenset({"isian-kurang", "nilai-berbeda"}),
}

Cell = tuple[str, str]


class LayoutCells:
    """(sheet, cell) of every formula the checks compare with the layout's (membership only: the
    three sets of the checks' context are not copied, a large report has 100,000 of them)."""

    def __init__(self, context: Any) -> None:
        self.sets = (context.formula_cells, context.expected_formulas, context.expected_values)

    def __contains__(self, cell: Cell) -> bool:
        return any(cell in s for s in self.sets)


def sheets_to_audit(context: Any, own: LayoutCells) -> set[str]:
    """The sheets that hold a formula the layout did not write. A formula that refers to no cell
    (a title made of the workbook's defined names) counts as the layout's; a sheet of typed
    figures alone has nothing computed that could be wrong (its inputs are the checks')."""
    out = set()
    for name in context.book.sheets:
        for address, (formula, _) in context.formulas_of(name).items():
            if (name, address) in own:
                continue
            if any(_is_cell_ref(r) for r in references(formula)):
                out.add(name)
                break
    return out


def _is_cell_ref(ref: str) -> bool:
    try:
        a1.parse_range(ref.rpartition("!")[2])
    except ValueError:
        return False
    return True


def audit_alongside(path: Path | str, context: Any, checked: Iterable[Finding]) -> list[Finding]:
    """The audit's findings that add to ``checked`` (the checks' findings of the workbook at
    ``path``, read into ``context``)."""
    own = LayoutCells(context)
    book = context.book
    sheets = sheets_to_audit(context, own)
    if not sheets:
        return []
    # The rules are imported only for a workbook that has something of its own to audit.
    from lkjip_xl.audit.run import audit_book
    from lkjip_xl.audit.source import from_book_data, read_looks

    looks = read_looks(path, sheets)
    source = from_book_data(book, path, looks=looks, sheets=sheets)
    result = audit_book(source)
    return deduplicated(result.findings, result.cells, own, checked)


def deduplicated(found: list[Finding], cells: dict[Cell, list[str]], own: Any,
                 checked: Iterable[Finding]) -> list[Finding]:
    """``found`` without the findings every cell of which holds a layout formula, and without those
    at a cell where a check reports the same defect."""
    by_cell: dict[Cell, set[str]] = {}
    for f in checked:
        for c in _cells_of(f.cell):
            by_cell.setdefault((f.sheet, c), set()).add(f.rule)
    out = []
    for f in found:
        marked = cells.get((f.sheet, f.cell)) or list(_cells_of(f.cell))
        if marked and all((f.sheet, c) in own for c in marked):
            continue
        same = SAME_DEFECT.get(f.rule, frozenset()) | {f.rule}
        if any(by_cell.get((f.sheet, c), set()) & same for c in marked):
            continue
        out.append(f)
    return out


def _cells_of(ref: str) -> list[str]:
    if not ref:
        return []
    try:
        r1, c1, r2, c2 = a1.parse_range(ref)
    except ValueError:
        return []
    if (r2 - r1 + 1) * (c2 - c1 + 1) > 10000:
        return [a1.cell(r1, c1)]
    return [a1.cell(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
