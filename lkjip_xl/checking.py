"""Check and recalculate a workbook file as the CLI does, including the workbook whose formulas
cannot all be computed.

A circular reference (a capaian that refers to itself through an average, a total typed as
``=SUM(P9:P20)`` in P20) is a mistake in the workbook like any other: staff need to see where it
is, not a failed command. When the engine cannot compute some cells (:class:`EngineError` with
``cells``), the workbook is checked with the values stored in the file instead, the findings that
compare values are left out (those values are not to be trusted), and the cells are reported:
each cycle as one ``referensi-melingkar`` error at its cells, the cells that only depend on a cycle
folded into it.
"""

from __future__ import annotations

from pathlib import Path

from lkjip_xl import a1
from lkjip_xl.checks.base import CheckContext
from lkjip_xl.formula_text import references
from lkjip_xl.graph import cycles
from lkjip_xl.engine.base import EngineError
from lkjip_xl.errors import LkjipError
from lkjip_xl.findings import Finding, Severity, sort_findings
from lkjip_xl.display import format_number
from lkjip_xl.recalc import RecalcResult, check_file, recalc_file

CYCLE_RULE = "referensi-melingkar"
UNCOMPUTABLE_RULE = "tidak-dapat-dihitung"
#: Rules whose findings compare the values of formula cells: not made without computed values.
VALUE_RULES = frozenset({"nilai-berbeda", "belum-dihitung"})
NAMED_CELLS = 8

Cell = tuple[str, str]


def check_workbook(path: Path, *, cached: bool = False, final: bool | None = None,
                   audit: bool = False) -> list[Finding]:
    """The findings of the workbook at ``path`` (unchanged), a circular reference included.
    ``audit``: also the audit of what staff added around the layout
    (:func:`lkjip_xl.audit.ours.audit_alongside`), each defect reported once."""
    try:
        result = check_file(path, values="cached" if cached else "engine", final=final)
        found = result.findings
    except EngineError as exc:
        if not exc.cells:
            raise
        cells = list(exc.cells)
        result = check_file(path, values="cached", final=final)
        kept = [f for f in result.findings if f.rule not in VALUE_RULES]
        found = sort_findings(kept + uncomputed_findings(result.context, cells))
    if audit and result.context is not None:
        # The audit's rules, only when asked (the check of many files and gabung do without them).
        from lkjip_xl.audit.ours import audit_alongside

        found = sort_findings(found + audit_alongside(path, result.context, found))
    return found


def recalc_workbook(path: Path, *, output: Path | None = None, backup: bool = True,
                    final: bool | None = None, restore: bool = False) -> RecalcResult:
    """:func:`lkjip_xl.recalc.recalc_file`; a workbook with a circular reference is refused with
    the cycle named (its values cannot be stored; ``check`` lists it as a finding)."""
    try:
        return recalc_file(path, output=output, backup=backup, final=final, restore=restore)
    except EngineError as exc:
        if not exc.cells:
            raise
        found = uncomputed_findings(check_file(path, values="cached", final=final).context, list(exc.cells),
                                    checked=False)
        first = found[0]
        raise LkjipError(f"{path} tidak dihitung ulang dan tidak diubah. {first.sheet}!{first.cell}: {first.message} "
                         f"Temuan lainnya: lkjip-xl check {path}") from exc


def _sheet_of(ref: str, sheet: str) -> tuple[str, str]:
    where, bang, address = ref.rpartition("!")
    if not bang:
        return sheet, address
    return (where[1:-1].replace("''", "'") if where.startswith("'") else where), address


def _edges(context: CheckContext | None, cells: list[Cell]) -> dict[Cell, set[Cell]]:
    """Among ``cells``: which each one refers to (through ranges and defined names)."""
    inside = {(s, a1.parse_cell(c)): (s, c) for s, c in cells}
    out: dict[Cell, set[Cell]] = {cell: set() for cell in cells}
    if context is None:
        return out
    for sheet, cell in cells:
        formula = context.formula(sheet, cell)
        for ref in references(formula) if formula else ():
            target, address = _sheet_of(ref, sheet)
            try:
                r1, c1, r2, c2 = a1.parse_range(address)
            except ValueError:
                named = context.book.name_range(address)
                if named is None:
                    continue
                target, (r1, c1, r2, c2) = named
            for (s, (r, c)), name in inside.items():
                if s == target and r1 <= r <= r2 and c1 <= c <= c2:
                    out[(sheet, cell)].add(name)
    return out


def _cycles(edges: dict[Cell, set[Cell]]) -> list[list[Cell]]:
    """The cycles among ``edges``, each in cell order."""
    return [sorted(c, key=lambda sc: (sc[0], a1.cell_sort_key(sc[1]))) for c in cycles(edges)]


def _show(cells: list[Cell], sheet: str) -> str:
    named = [c if s == sheet else f"{s}!{c}" for s, c in cells[:NAMED_CELLS]]
    more = len(cells) - len(named)
    return ", ".join(named) + (f" dan {format_number(more)} lainnya" if more > 0 else "")


def uncomputed_findings(context: CheckContext | None, cells: list[Cell], *, checked: bool = True) -> list[Finding]:
    """One ``referensi-melingkar`` error per cycle among ``cells`` (the cells the engine could not
    compute), the other cells folded into it; cells in no cycle: one ``tidak-dapat-dihitung``.
    ``checked``: the rest of the workbook was checked without the formulas' values (say so)."""
    edges = _edges(context, cells)
    cycles = _cycles(edges)
    in_cycle = {cell for cycle in cycles for cell in cycle}
    rest = [cell for cell in cells if cell not in in_cycle]
    out = []
    for i, cycle in enumerate(cycles):
        sheet, cell = cycle[0]
        path = " -> ".join(c if s == sheet else f"{s}!{c}" for s, c in cycle + [cycle[0]])
        if len(cycle) == 1:
            what = "Rumus di sel ini merujuk ke dirinya sendiri"
        else:
            what = f"Referensi melingkar: rumus {_show(cycle, sheet)} saling merujuk ({path})"
        text = (f"{what}, sehingga tidak dapat dihitung (Excel menampilkan 0 atau peringatan Circular Reference). "
                "Perbaiki rumusnya agar tidak merujuk kembali ke sel ini.")
        if i == 0 and rest:
            text += f" Akibatnya {format_number(len(rest))} sel lain juga tidak dapat dihitung: {_show(rest, sheet)}."
        if checked:
            text += " Nilai rumus lain belum dibandingkan; periksa lagi setelah diperbaiki."
        out.append(Finding(Severity.ERROR, CYCLE_RULE, sheet, cell, text))
    if rest and not cycles:
        sheet, cell = rest[0]
        out.append(Finding(Severity.WARNING, UNCOMPUTABLE_RULE, sheet, cell,
                           f"{format_number(len(rest))} sel rumus tidak dapat dihitung oleh lkjip-xl: {_show(rest, sheet)}. "
                           "Nilai rumus lain belum dibandingkan."))
    return out
