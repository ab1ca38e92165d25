"""What every audit rule gets (:class:`AuditContext`) and gives (:class:`Hit`), and how hits become
findings: a run of the same defect down a column (or along a row) is one finding listing its cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.evaluate import Getter, Unsupported, evaluate
from lkjip_xl.audit.grid import SheetView, is_blank
from lkjip_xl.audit.layout import Layout, find_layout
from lkjip_xl.audit.rows import Rows, find_rows
from lkjip_xl.audit.source import SourceBook
from lkjip_xl.audit.text import cells_text
from lkjip_xl.findings import Finding, Severity
from lkjip_xl import a1


@dataclass
class SheetModel:
    view: SheetView
    layout: Layout
    rows: Rows
    #: what the known-form recognition said of the sheet (None: no known form)
    form: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.view.name


@dataclass
class AuditContext:
    book: SourceBook
    sheets: list[SheetModel]
    extra: dict[str, Any] = field(default_factory=dict)

    def sheet(self, name: str | None) -> SheetModel | None:
        for s in self.sheets:
            if s.name == name or (name is not None and s.name.lower() == name.lower()):
                return s
        return None

    def getter(self, sm: SheetModel, overrides: dict[tuple[int, int], Any] | None = None) -> Getter:
        """Values as shown, for :func:`lkjip_xl.audit.evaluate.evaluate` at a cell of ``sm``;
        ``overrides`` replace cells of that sheet (to compute "what it would be")."""
        own = sm.view

        def get(sheet: str | None, r: int, c: int) -> Any:
            if sheet is None:
                if overrides and (r, c) in overrides:
                    return overrides[(r, c)]
                return own.value(r, c)
            other = self.sheet(sheet)
            return None if other is None else other.view.value(r, c)

        return get

    def value_of(self, sm: SheetModel, node: fx.Node, row: int, col: int,
                 overrides: dict[tuple[int, int], Any] | None = None) -> Any:
        """``node`` evaluated at (row, col) over the values shown; None when it cannot be."""
        try:
            return evaluate(node, row, col, self.getter(sm, overrides))
        except (Unsupported, RecursionError, IndexError, TypeError, ValueError, OverflowError):
            return None


@dataclass
class Hit:
    """One defective cell. ``what`` says the defect (the same for a run), ``detail`` this cell's
    formula, what it should be and the effect."""

    rule: str
    severity: Severity
    sheet: str
    row: int
    col: int
    what: str
    detail: str = ""
    group: Hashable = None
    expected: Any = None
    found: Any = None
    #: merge with the hits of its group down the column even across other cells (a note about a
    #: whole column: one finding listing its cells)
    loose: bool = False


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    run: Callable[[AuditContext], Iterable[Hit]]
    #: generic rules give way to a more specific finding at the same cell
    generic: bool = False
    #: rules whose finding at the same cell says it better (this rule's hit there is dropped)
    yields_to: frozenset[str] = frozenset()
    #: generic rules its finding at a cell does not make redundant (an error value does not say why
    #: the formula differs from its neighbours)
    leaves: frozenset[str] = frozenset()


def build_models(book: SourceBook, views: list[SheetView]) -> list[SheetModel]:
    out = []
    for v in views:
        lay = find_layout(v)
        out.append(SheetModel(v, lay, find_rows(v, lay)))
    return out


def drop_explained(hits: list[Hit], generic: set[str], yields: dict[str, frozenset[str]] | None = None,
                   leaves: dict[str, frozenset[str]] | None = None) -> list[Hit]:
    """A generic hit (a formula unlike its region) at a cell where a specific rule says what is
    wrong adds nothing, unless that rule leaves it (``leaves``); nor does a hit of a rule that
    yields to another rule found at the cell."""
    leaves = leaves or {}
    specific: dict[tuple[str, int, int], set[str]] = {}
    for h in hits:
        if h.rule not in generic:
            specific.setdefault((h.sheet, h.row, h.col), set()).add(h.rule)
    by_cell: dict[tuple[str, int, int], set[str]] = {}
    for h in hits:
        by_cell.setdefault((h.sheet, h.row, h.col), set()).add(h.rule)
    seen = set()
    out = []
    for h in hits:
        key = (h.rule, h.sheet, h.row, h.col)
        if key in seen:
            continue
        seen.add(key)
        if h.rule in generic and any(h.rule not in leaves.get(s, ()) for s in specific.get((h.sheet, h.row, h.col), ())):
            continue
        if yields and yields.get(h.rule, frozenset()) & by_cell[(h.sheet, h.row, h.col)]:
            continue
        out.append(h)
    return out


def merge_runs(hits: list[Hit], ctx: AuditContext) -> list[tuple[Finding, list[str]]]:
    """Findings from hits; consecutive hits of one rule and group down a column (cells between
    them empty) or, failing that, along a row, become one finding."""
    groups: dict[tuple, list[Hit]] = {}
    for h in hits:
        groups.setdefault((h.sheet, h.rule, h.group, h.severity), []).append(h)
    out: list[tuple[Finding, list[str]]] = []
    for (sheet, rule, _g, _s), items in groups.items():
        sm = ctx.sheet(sheet)
        view = sm.view if sm else None
        by_col: dict[int, list[Hit]] = {}
        for h in items:
            by_col.setdefault(h.col, []).append(h)
        singles: list[Hit] = []
        runs: list[list[Hit]] = []
        for col, hs in by_col.items():
            hs.sort(key=lambda h: h.row)
            run = [hs[0]]
            for h in hs[1:]:
                if h.loose or (view is not None and _gap_is_blank(view, col, run[-1].row, h.row, axis="col")):
                    run.append(h)
                else:
                    runs.append(run)
                    run = [h]
            runs.append(run)
        for run in runs:
            if len(run) == 1:
                singles.append(run[0])
            else:
                out.append(_finding(run))
        by_row: dict[int, list[Hit]] = {}
        for h in singles:
            by_row.setdefault(h.row, []).append(h)
        for row, hs in by_row.items():
            hs.sort(key=lambda h: h.col)
            run = [hs[0]]
            for h in hs[1:]:
                if view is not None and _gap_is_blank(view, row, run[-1].col, h.col, axis="row"):
                    run.append(h)
                else:
                    out.append(_finding(run))
                    run = [h]
            out.append(_finding(run))
    return out


def _gap_is_blank(view: SheetView, fixed: int, a: int, b: int, axis: str) -> bool:
    for k in range(a + 1, b):
        r, c = (k, fixed) if axis == "col" else (fixed, k)
        if view.is_formula(r, c) or not is_blank(view.value(r, c)):
            return False
    return True


def _finding(run: list[Hit]) -> tuple[Finding, list[str]]:
    first = run[0]
    cells = [a1.cell(h.row, h.col) for h in run]
    if len(run) == 1:
        where = cells[0]
        message = first.what if not first.detail else f"{first.what} {first.detail}"
        return Finding(first.severity, first.rule, first.sheet, where, message, first.expected, first.found), cells
    last = run[-1]
    where = a1.range_ref(first.row, first.col, last.row, last.col)
    listed = cells_text([(h.row, h.col) for h in run])
    message = f"{first.what.rstrip('.')} ({len(run)} sel: {listed})."
    if first.detail:
        message += f" Contoh {cells[0]}: {first.detail}"
    return Finding(first.severity, first.rule, first.sheet, where, message, first.expected, first.found), cells
