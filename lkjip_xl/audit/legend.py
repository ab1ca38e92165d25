"""The form's legend row as arithmetic: "12 = 8+9+10+11", "13 = 12/7*100", "8=(7/6)", "15 = 14/6 x 100".

A legend expression and a cell's formula are both brought to one canonical shape over (legend
number, sub-column) leaves: sums as sorted terms, a top-level "x 100" set aside (the legend often
leaves it out where the cells have it). Equal shapes: the formula does what the legend says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lkjip_xl import a1
from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.layout import Layout

_TOKEN = re.compile(r"\s*(\d+(?:[.,]\d+)?|[-+*/()x×:])", re.IGNORECASE)

Canon = tuple


class LegendError(ValueError):
    pass


@dataclass(frozen=True)
class Expr:
    op: str  # "col", "const", "+", "-", "*", "/"
    args: tuple = ()
    value: float = 0.0


def parse_legend(text: str, numbers: set[int]) -> Expr:
    """The expression of a legend cell ("8+9+10+11"); numbers that are legend numbers are columns."""
    tokens = []
    pos = 0
    text = text.strip().rstrip("%").strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise LegendError(text)
        tokens.append(m.group(1).lower())
        pos = m.end()
    i = 0

    def peek():
        return tokens[i] if i < len(tokens) else None

    def expr() -> Expr:
        nonlocal i
        left = term()
        while peek() in ("+", "-"):
            op = tokens[i]
            i += 1
            left = Expr(op, (left, term()))
        return left

    def term() -> Expr:
        nonlocal i
        left = factor()
        while peek() in ("*", "/", "x", "×", ":"):
            op = tokens[i]
            i += 1
            right = factor()
            left = Expr("/" if op in ("/", ":") else "*", (left, right))
        return left

    def factor() -> Expr:
        nonlocal i
        t = peek()
        if t is None:
            raise LegendError(text)
        i += 1
        if t == "(":
            e = expr()
            if peek() != ")":
                raise LegendError(text)
            i += 1
            return e
        if t == "-":
            return Expr("-", (Expr("const", value=0.0), factor()))
        if re.fullmatch(r"\d+", t) and int(t) in numbers and int(t) < 100:
            return Expr("col", (int(t),))
        try:
            return Expr("const", value=float(t.replace(",", ".")))
        except ValueError:
            raise LegendError(text) from None

    out = expr()
    if i != len(tokens):
        raise LegendError(text)
    return out


def sub_kind(lay: Layout, col: int) -> str | None:
    s = lay.subtitles.get(col, "")
    if s == "k" or s.startswith("k ") or s == "kinerja":
        return "k"
    if s.startswith("rp"):
        return "rp"
    if s in ("%", "(%)"):
        return "%"
    return None


def column_for(lay: Layout, number: int, sub: str | None) -> int | None:
    """The column of legend number ``number`` holding sub-column ``sub`` (K or Rp)."""
    lc = lay.legend.get(number)
    if lc is None:
        return None
    cols = list(range(lc.first, lc.last + 1))
    if len(cols) == 1:
        return cols[0]
    if sub is not None:
        for c in cols:
            if sub_kind(lay, c) == sub:
                return c
    return cols[0] if sub is None else None


def canon_legend(e: Expr, lay: Layout, sub: str | None) -> Canon | None:
    if e.op == "col":
        c = column_for(lay, e.args[0], sub)
        return None if c is None else ("col", c)
    if e.op == "const":
        return ("const", e.value)
    parts = [canon_legend(a, lay, sub) for a in e.args]
    if any(p is None for p in parts):
        return None
    return _combine(e.op, parts)


def canon_formula(node: fx.Node, row: int, col: int) -> Canon | None:
    """The canonical shape of a formula that reads only its own row; None otherwise."""
    n = fx.strip(node)
    if isinstance(n, fx.Ref):
        if n.sheet is not None:
            return None
        r1, c1, r2, c2 = n.at(row, col)
        if r1 != row or r2 != row:
            return None
        if c1 == c2:
            return ("col", c1)
        return _combine("+", [("col", c) for c in range(c1, c2 + 1)])
    if isinstance(n, fx.Num):
        return ("const", n.value)
    if isinstance(n, fx.Bin) and n.op in "+-*/":
        a, b = canon_formula(n.left, row, col), canon_formula(n.right, row, col)
        if a is None or b is None:
            return None
        return _combine(n.op, [a, b])
    if isinstance(n, fx.Func) and n.name == "SUM":
        parts = [canon_formula(a, row, col) for a in n.args]
        if any(p is None for p in parts):
            return None
        return _combine("+", parts)
    if isinstance(n, fx.Unary) and n.op == "-":
        a = canon_formula(n.operand, row, col)
        return None if a is None else ("neg", a)
    return None


def _combine(op: str, parts: list[Canon]) -> Canon:
    if op == "+":
        terms = []
        for p in parts:
            terms.extend(p[1] if p[0] == "+" else (p,))
        return ("+", tuple(sorted(terms, key=repr)))
    if op == "-":
        return _combine("+", [parts[0], ("neg", parts[1])])
    if op == "*":
        factors = []
        for p in parts:
            factors.extend(p[1] if p[0] == "*" else (p,))
        return ("*", tuple(sorted(factors, key=repr)))
    return ("/", parts[0], parts[1])


def without_hundred(c: Canon) -> tuple[Canon, bool]:
    """The shape with a top-level x 100 removed, and whether there was one."""
    if c[0] == "*":
        rest = [f for f in c[1] if f != ("const", 100.0)]
        if len(rest) < len(c[1]):
            if len(rest) == 1:
                return rest[0], True
            return ("*", tuple(rest)), True
    if c[0] == "/" and c[1][0] == "*":
        inner, had = without_hundred(c[1])
        if had:
            return ("/", inner, c[2]), True
    return c, False


def render(c: Canon, row: int) -> str:
    """A1 text of a canonical shape at ``row`` (for "seharusnya")."""
    if c[0] == "col":
        return f"{a1.col_letter(c[1])}{row}"
    if c[0] == "const":
        v = c[1]
        return str(int(v)) if float(v).is_integer() else str(v)
    if c[0] == "neg":
        return "-" + render(c[1], row)
    if c[0] == "+":
        out = ""
        for t in c[1]:
            if t[0] == "neg":
                out += "-" + render(t[1], row)
            else:
                out += ("+" if out else "") + render(t, row)
        return out
    if c[0] == "*":
        return "*".join(_paren(f, row) for f in c[1])
    return f"{_paren(c[1], row)}/{_paren(c[2], row)}"


def _paren(c: Canon, row: int) -> str:
    text = render(c, row)
    return f"({text})" if c[0] in ("+", "/") and len(c) > 1 and (c[0] == "+" and len(c[1]) > 1) else text


def leaves(c: Canon) -> list[int]:
    if c[0] == "col":
        return [c[1]]
    if c[0] == "const":
        return []
    if c[0] == "neg":
        return leaves(c[1])
    if c[0] in ("+", "*"):
        return [x for t in c[1] for x in leaves(t)]
    return leaves(c[1]) + leaves(c[2])
