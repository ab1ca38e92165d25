"""Formula regions: the cells of one column that play the same part (rows of one role), and what
most of them hold.

Why by role and not by adjacency: a form interleaves program, kegiatan, indicator and summary rows,
and each kind of row has its own formula in a column; the indicator rows of program 2 are the
siblings of those of program 1 even with twenty rows between them.

Aggregates over the rows below (``SUM(J18:J37)``) differ in shape from block to block (each block
has its own length), so in a region they count by their function only; whether each covers its
block is the hierarchy rules' business.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import SheetModel
from lkjip_xl.audit.grid import is_blank, is_number
from lkjip_xl.audit.rows import vertical_aggregate

#: At least this many cells agree before a cell can break their pattern.
MIN_AGREE = 3
#: ...and they are at least this share of the region's formulas.
MIN_SHARE = 0.7


@dataclass
class Region:
    col: int
    role: tuple
    rows: list[int]
    #: row -> pattern key ("f:<shape key>", "agg:SUM"), "n" number, "t" text, "b" blank
    kinds: dict[int, str] = field(default_factory=dict)
    dominant: str | None = None  # the formula pattern most cells share, when there is one
    dominant_row: int | None = None  # a cell holding it
    #: the shapes compared with every $ taken away, when the exact shapes have no majority:
    #: ``=(J18/$H$17)`` in each 6-row block is the same formula once $H$17 is read as "3 rows up"
    loose: dict[int, str] = field(default_factory=dict)

    @property
    def number_rows(self) -> list[int]:
        return [r for r in self.rows if self.kinds[r] == "n"]

    def is_formula_region(self) -> bool:
        return self.dominant is not None

    @property
    def formula_rows(self) -> list[int]:
        return [r for r in self.rows if self.kinds[r].startswith(("f:", "f~", "agg:"))]


def pattern(sm: SheetModel, row: int, col: int) -> str:
    view = sm.view
    shape = view.shape(row, col)
    if shape is not None:
        agg = vertical_aggregate(view, row, col)
        if agg is not None:
            return f"agg:{agg[0]}:{'up' if agg[1] < row else 'down'}"
        return "f:" + shape.key
    v = view.value(row, col)
    if is_number(v):
        return "n"
    if is_blank(v):
        return "b"
    return "t"


def regions(sm: SheetModel) -> list[Region]:
    """Every (column, role) region of the sheet's data rows, made once per sheet."""
    found = sm.extra.get("regions")
    if found is not None:
        return found
    by_role: dict[tuple, list[int]] = {}
    for r, ri in sm.rows.info.items():
        if not ri.empty:
            by_role.setdefault(ri.role, []).append(r)
    out: list[Region] = []
    used_cols = _used_columns(sm)
    for role, rows in by_role.items():
        if len(rows) < MIN_AGREE:
            continue
        for col in used_cols:
            reg = Region(col, role, rows)
            for r in rows:
                reg.kinds[r] = pattern(sm, r, col)
            formulas = [k for k in reg.kinds.values() if k.startswith(("f:", "agg:"))]
            numbers = sum(1 for k in reg.kinds.values() if k == "n")
            if formulas:
                key, n = Counter(formulas).most_common(1)[0]
                agreed = n >= MIN_AGREE or (key.startswith("agg:") and n >= 2 and n == len(formulas))
                if agreed and n >= MIN_SHARE * len(formulas) and len(formulas) >= 0.6 * (len(formulas) + numbers):
                    reg.dominant = key
                    reg.dominant_row = next(r for r in rows if reg.kinds[r] == key)
                elif len(formulas) >= MIN_AGREE and len(formulas) >= 0.6 * (len(formulas) + numbers):
                    _loosen(sm, reg, numbers)
            if reg.dominant is not None and _running_number(sm, reg):
                continue  # a column numbering the rows (=A9+1): its first number is typed on purpose
            if formulas or numbers:
                out.append(reg)
    sm.extra["regions"] = out
    return out


def _running_number(sm: SheetModel, reg: Region) -> bool:
    node = sm.view.node(reg.dominant_row, reg.col) if reg.dominant_row else None
    if node is None:
        return False
    n = fx.strip(node)
    if isinstance(n, fx.Bin) and n.op == "+":
        a, b = fx.strip(n.left), fx.strip(n.right)
        if isinstance(b, fx.Ref):
            a, b = b, a
        return (isinstance(a, fx.Ref) and a.kind == "cell" and not a.ar1 and a.r1 == -1 and a.c1 == 0
                and isinstance(b, fx.Num) and b.value == 1)
    return False


def _loosen(sm: SheetModel, reg: Region, numbers: int) -> None:
    """Try the shapes without $: a majority there makes the region's pattern (its "f~" keys)."""
    from lkjip_xl.audit.formula import shape_key

    for r in reg.formula_rows:
        text = sm.view.formula(r, reg.col) or ""
        if "$" not in text:
            return  # only formulas that all carry $ are read this way
        reg.loose[r] = "f~" + shape_key(text.replace("$", ""), r, reg.col)
    key, n = Counter(reg.loose.values()).most_common(1)[0]
    if n >= MIN_AGREE and n >= MIN_SHARE * len(reg.loose):
        for r, k in reg.loose.items():
            reg.kinds[r] = k
        reg.dominant = key
        reg.dominant_row = next(r for r in reg.rows if reg.kinds[r] == key)
    else:
        reg.loose.clear()


def _used_columns(sm: SheetModel) -> list[int]:
    cols = set()
    for r, c in sm.view.formula_cells():
        cols.add(c)
    first = sm.rows.first
    for r in range(first, sm.view.n_rows + 1):
        for c, v in enumerate(sm.view.row_values(r), start=1):
            if is_number(v):
                cols.add(c)
    titled = sm.layout.titles
    if titled:
        # columns right of the table's titled columns are scratch work, not the form
        last = max(titled)
        cols = {c for c in cols if c <= last}
    return sorted(cols)


def dominant_node(sm: SheetModel, reg: Region) -> fx.Node | None:
    if reg.dominant is None or reg.dominant_row is None or not reg.dominant.startswith(("f:", "f~")):
        return None
    node = sm.view.node(reg.dominant_row, reg.col)
    if reg.dominant.startswith("f~") and node is not None:
        # its $ parts are relative for this region: written relative, they follow each cell
        node = fx.parse((sm.view.formula(reg.dominant_row, reg.col) or "").replace("$", ""), reg.dominant_row, reg.col)
    return node


def _signed_terms(n: fx.Node) -> list[tuple[str, fx.Node]] | None:
    """The terms of a +/- chain with their signs, or None when ``n`` is no such chain."""
    n = fx.strip(n)
    if isinstance(n, fx.Bin) and n.op in "+-":
        left = _signed_terms(n.left) or [("+", fx.strip(n.left))]
        right = _signed_terms(n.right) or [("+", fx.strip(n.right))]
        if n.op == "-":
            right = [("-" if s == "+" else "+", t) for s, t in right]
        return left + right
    return None


def describe_difference(a: fx.Node, b: fx.Node, row: int = 0, col: int = 0) -> str:
    """How formula ``a`` differs from ``b`` (both relative trees), in words: another column,
    another row, another operator, another function."""
    a, b = fx.strip(a), fx.strip(b)
    ta, tb = _signed_terms(a), _signed_terms(b)
    if ta is not None and tb is not None and len(ta) + len(tb) > 2 and sorted(map(repr, ta)) != sorted(map(repr, tb)):
        ka, kb = [repr(t) for t in ta], [repr(t) for t in tb]
        missing = [t for t, k in zip(tb, kb) if k not in ka]
        extra = [t for t, k in zip(ta, ka) if k not in kb]
        if missing and not extra:
            return "ada suku yang hilang"
        if extra and not missing:
            return "ada suku tambahan"
    if type(a) is not type(b):
        return "bentuk rumusnya lain"
    if isinstance(a, fx.Ref):
        parts = []
        pa, pb = a.at(row, col), b.at(row, col)
        if (pa[1], pa[3]) != (pb[1], pb[3]):
            parts.append("merujuk kolom lain")
        if (pa[0], pa[2]) != (pb[0], pb[2]):
            parts.append("merujuk baris lain")
        if a.sheet != b.sheet:
            parts.append("merujuk sheet lain")
        return " dan ".join(parts)
    if isinstance(a, fx.Bin):
        if a.op != b.op:
            return f"memakai operator {a.op} di tempat {b.op}"
        return describe_difference(a.left, b.left, row, col) or describe_difference(a.right, b.right, row, col)
    if isinstance(a, fx.Func):
        if a.name != b.name:
            return f"memakai fungsi {a.name} di tempat {b.name}"
        if len(a.args) != len(b.args):
            return f"jumlah argumen {a.name} berbeda"
        for x, y in zip(a.args, b.args):
            d = describe_difference(x, y, row, col)
            if d:
                return d
        return ""
    if isinstance(a, fx.Unary):
        return describe_difference(a.operand, b.operand, row, col) if a.op == b.op else "tanda lain"
    if isinstance(a, fx.Num):
        return "" if a.value == b.value else f"memakai angka {a.text} di tempat {b.text}"
    if a != b:
        return "isinya lain"
    return ""
