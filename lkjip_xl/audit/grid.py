"""One sheet as the rules look at it: values, formulas (as shapes and trees), looks, merges.

Rows and columns are 1-based everywhere, as in Excel. Formula trees are made once per distinct
relative shape (:mod:`lkjip_xl.audit.formula`): a rule asks :meth:`SheetView.node` and resolves the
tree's references at the cell it looks at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.source import DEFAULT_LOOK, CellLook, SheetCells, SourceBook

ERROR_VALUES = frozenset({"#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                          "#GETTING_DATA"})


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_blank(value: Any) -> bool:
    """Nothing shown: empty, or a text of spaces only (forms are full of ``' '`` cells)."""
    return value is None or (isinstance(value, str) and value.strip() == "")


@dataclass
class Shape:
    """A relative formula shape and its tree (None when the text could not be parsed)."""

    id: int
    key: str
    node: fx.Node | None
    row: int  # where the tree was read (its references are relative to any cell anyway)
    col: int
    functions: frozenset[str] = frozenset()
    cells: int = 0
    refs: tuple[fx.Ref, ...] = ()
    #: (function, the range) when the shape is one aggregate over one range (SUM(J18:J37)) —
    #: whether that range is the cell's own column above or below depends on where it sits
    aggregate: tuple[str, fx.Ref] | None = None
    #: the references its value depends on cell by cell (lookup tables left out)
    value_refs: tuple[fx.Ref, ...] = ()


@dataclass
class SheetView:
    name: str
    hidden: bool
    cells: SheetCells
    looks: list[CellLook]
    shapes: list[Shape] = field(default_factory=list)
    #: shape id per formula cell
    shape_at: dict[tuple[int, int], int] = field(default_factory=dict)
    _merged_at: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return self.cells.max_row

    @property
    def n_cols(self) -> int:
        return self.cells.max_col

    def value(self, row: int, col: int) -> Any:
        if 1 <= row <= self.cells.max_row and 1 <= col <= self.cells.max_col:
            return self.cells.values[row - 1][col - 1]
        return None

    def formula(self, row: int, col: int) -> str | None:
        if 1 <= row <= self.cells.max_row and 1 <= col <= self.cells.max_col:
            return self.cells.formulas[row - 1][col - 1]
        return None

    def look(self, row: int, col: int) -> CellLook:
        if 1 <= row <= self.cells.max_row and 1 <= col <= self.cells.max_col:
            s = self.cells.styles[row - 1][col - 1]
            if 0 <= s < len(self.looks):
                return self.looks[s]
        return DEFAULT_LOOK

    def shape(self, row: int, col: int) -> Shape | None:
        sid = self.shape_at.get((row, col))
        return None if sid is None else self.shapes[sid]

    def node(self, row: int, col: int) -> fx.Node | None:
        s = self.shape(row, col)
        return None if s is None else s.node

    def is_formula(self, row: int, col: int) -> bool:
        return (row, col) in self.shape_at

    def text(self, row: int, col: int) -> str:
        """The cell's text as shown, stripped ("" for numbers and empty cells)."""
        v = self.value(row, col)
        return v.strip() if isinstance(v, str) else ""

    def merged(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        return self._merged_at.get((row, col))

    def row_values(self, row: int) -> list[Any]:
        if 1 <= row <= self.cells.max_row:
            return self.cells.values[row - 1]
        return []

    def formula_cells(self) -> Iterator[tuple[int, int]]:
        return iter(self.cells.formula_cells)

    def is_empty_row(self, row: int) -> bool:
        return all(is_blank(v) for v in self.row_values(row))

    def row_is_bold(self, row: int) -> bool:
        """Bold where the row shows text (a heading): the looks of its non-empty cells."""
        seen = bold = 0
        for c, v in enumerate(self.row_values(row), start=1):
            if not is_blank(v):
                seen += 1
                if self.look(row, c).bold:
                    bold += 1
        return seen > 0 and bold * 2 > seen


def _shape(sid: int, key: str, node: fx.Node | None, r: int, c: int) -> Shape:
    if node is None:
        return Shape(sid, key, None, r, c)
    agg = None
    bare = fx.strip(node)
    if isinstance(bare, fx.Func) and bare.name == "IFERROR" and bare.args:
        bare = fx.strip(bare.args[0])
    elif (isinstance(bare, fx.Func) and bare.name == "IF" and len(bare.args) == 3
          and isinstance(fx.strip(bare.args[2]), (fx.Num, fx.Text, fx.Missing))):
        bare = fx.strip(bare.args[1])  # IF(H26>0, SUM(J27:J30), 0): a guarded subtotal
    if (isinstance(bare, fx.Func) and bare.name in ("SUM", "AVERAGE", "COUNT", "MIN", "MAX", "COUNTA")
            and len(bare.args) == 1 and isinstance(bare.args[0], fx.Ref) and bare.args[0].sheet is None
            and bare.args[0].kind in ("area", "cell")):
        agg = (bare.name, bare.args[0])
    return Shape(sid, key, node, r, c, frozenset(fx.functions(node)), refs=tuple(fx.refs(node)), aggregate=agg,
                 value_refs=tuple(_value_refs(node)))


#: functions that look a value up in a range: they read one cell of it, not all
LOOKUPS = frozenset({"VLOOKUP", "HLOOKUP", "LOOKUP", "XLOOKUP", "INDEX", "MATCH", "XMATCH", "OFFSET", "SUMIF",
                     "SUMIFS", "COUNTIF", "COUNTIFS", "AVERAGEIF", "AVERAGEIFS", "INDIRECT"})


def _value_refs(node: fx.Node) -> list[fx.Ref]:
    """The references whose every cell the formula's value depends on: the ranges searched by a
    lookup are left out (a lookup table that holds its own formula is no circle)."""
    out: list[fx.Ref] = []

    def visit(n: fx.Node, in_lookup: bool) -> None:
        if isinstance(n, fx.Ref):
            if not (in_lookup and n.kind != "cell"):
                out.append(n)
        elif isinstance(n, fx.Func):
            for a in n.args:
                visit(a, in_lookup or n.name in LOOKUPS)
        elif isinstance(n, fx.Bin):
            visit(n.left, in_lookup)
            visit(n.right, in_lookup)
        elif isinstance(n, fx.Unary):
            visit(n.operand, in_lookup)
        elif isinstance(n, fx.Paren):
            visit(n.inner, in_lookup)

    visit(node, False)
    return out


def build_views(book: SourceBook) -> list[SheetView]:
    return [build_view(book, info.name, info.hidden) for info in book.sheets]


def build_view(book: SourceBook, name: str, hidden: bool) -> SheetView:
    cells = book.cells[name]
    view = SheetView(name, hidden, cells, book.looks)
    by_key: dict[str, int] = {}
    formulas = cells.formulas
    for r, c in cells.formula_cells:
        text = formulas[r - 1][c - 1]
        if text is None:
            continue
        key = fx.shape_key(text, r, c)
        sid = by_key.get(key)
        if sid is None:
            try:
                node = fx.parse(text, r, c)
            except (fx.FormulaSyntaxError, ValueError):
                node = None
            sid = by_key[key] = len(view.shapes)
            view.shapes.append(_shape(sid, key, node, r, c))
        view.shapes[sid].cells += 1
        view.shape_at[(r, c)] = sid
    for r1, c1, r2, c2 in cells.merged:
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 5000:
            continue
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                view._merged_at[(r, c)] = (r1, c1, r2, c2)
    return view
