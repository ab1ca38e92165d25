"""What to do with one computed cell: the one rule of the repair, for every sheet and report kind."""

from __future__ import annotations

from enum import Enum
from typing import Any, Iterable

from lkjip_xl import a1
from lkjip_xl.formula_text import normalise
from lkjip_xl.repair.edits import Repair
from lkjip_xl.repair.references import has_ref_error, moved_rows
from lkjip_xl.repair.wording import cell_restored, row_list


class Action(str, Enum):
    NEW = "new"  # a row added (or copied): its formula written
    RANGE = "range"  # an aggregate whose references missed rows added or removed: corrected
    LOST_ROW = "lost-row"  # a reference to a deleted row (#REF!): rewritten
    RESTORE = "restore"  # a formula typed over or deleted: restored on request only


def aggregate_repaired(cells: Iterable[tuple[str, Action, set[int]]]) -> str:
    """What was done to an aggregate row's formulas, for its catatan (``kini mencakup baris 14 dan
    15``; ``rujukan ke baris yang dihapus (#REF!) diganti``)."""
    cells = list(cells)
    parts = []
    covered = set().union(*(rows for _, a, rows in cells if a is Action.RANGE))
    if covered:
        parts.append(f"kini mencakup baris {row_list(covered)}")
    elif any(a is Action.RANGE for _, a, _ in cells):
        parts.append("disesuaikan dengan baris yang disisipkan atau dihapus")
    if any(a is Action.LOST_ROW for _, a, _ in cells):
        parts.append("rujukan ke baris yang dihapus (#REF!) diganti")
    return " dan ".join(parts)


def empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def same_formula(expected: str, actual: str) -> bool:
    return actual == expected or normalise(actual) == normalise(expected)


def decide(expected: str, formula: str | None, value: Any, *, new_row: bool, free: set[int] | None,
           restore: bool) -> Action | None:
    """The action for a cell that should hold ``expected`` and holds ``formula`` (None: no formula)
    showing ``value``.

    * a row added by staff (``new_row``): an empty cell, or one holding another formula (a copied
      row's, shifted), gets its formula; a value typed there is theirs;
    * any other row: a formula with a reference to a deleted row is rewritten, and one that differs
      only in rows that were added, removed or are empty (``free``; None: in any rows, for a
      table that shows another table's rows in order) is corrected; any other difference is what
      staff wrote (the checks report it);
    * a computed cell holding a typed value, or emptied, is restored only when ``restore`` is asked.
    """
    if formula is None:
        if new_row and empty(value):
            return Action.NEW
        return Action.RESTORE if restore else None
    if same_formula(expected, formula):
        return None
    if new_row:
        return Action.NEW
    if has_ref_error(formula):
        return Action.LOST_ROW
    moved = moved_rows(expected, formula)
    if moved and (free is None or moved <= free):
        return Action.RANGE
    return None


def write_expected(expected: Iterable[tuple[str, str]], sheet: Any, sheet_name: str, formulas: dict[str, str],
                   repair: Repair, *, new_rows: set[int], free: set[int],
                   restore: bool) -> dict[int, list[tuple[str, Action, set[int]]]]:
    """Apply :func:`decide` to every computed cell of a table (``expected``: cell -> the layout's
    formula; ``sheet``: the sheet as read): the formulas to write go into ``formulas``, a restored
    one is a finding in ``repair``; returned, per row, the cells written with their action and the
    added rows a corrected range now takes in, for the row's note (worded per report kind)."""
    written: dict[int, list[tuple[str, Action, set[int]]]] = {}
    for cell, formula in expected:
        row, col = a1.parse_cell(cell)
        actual = sheet.formula_at(row, col)
        action = decide(formula, actual, sheet.value_at(row, col), new_row=row in new_rows, free=free,
                        restore=restore)
        if action is None:
            continue
        formulas[cell] = formula
        if action is Action.RESTORE:
            repair.findings.append(cell_restored(sheet_name, cell, formula, sheet.value_at(row, col)))
        else:
            moved = (moved_rows(formula, actual) or set()) if action is Action.RANGE else set()
            written.setdefault(row, []).append((cell, action, moved & new_rows))
    return written
