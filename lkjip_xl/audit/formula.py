"""Formula text for the audit: the relative (R1C1) shape of a formula, and its tree.

The tokens come from :mod:`lkjip_xl.formula_text` (openpyxl's tokenizer, pure Python: the audit
runs where numpy cannot, in Pyodide inside Excel); this module builds the audit's trees on them.

Why two steps: tokenizing costs about 60 us a formula, and a sheet of 50,000 formulas has a few
hundred distinct shapes. :func:`shape_key` turns a formula into its relative shape with one
regular-expression pass (references become ``R[-1]C[2]``, absolute parts ``R38C13``), and
:func:`parse` builds the tree once per shape, its references relative to the cell it was read at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from lkjip_xl import a1
from lkjip_xl.formula_text import FormulaTextError, Token, raw_tokens

# --- shapes -------------------------------------------------------------------------------------

_KEY = re.compile(
    r'(?P<str>"(?:[^"]|"")*")'
    r"|(?P<sheet>'(?:[^']|'')*'!)"
    r"|(?<![A-Za-z0-9_.$])(?P<c1>\$?[A-Za-z]{1,3})(?P<r1>\$?\d{1,7})(?![A-Za-z0-9_(.!\[])"
    r"|(?<![A-Za-z0-9_.$])(?P<cc1>\$?[A-Za-z]{1,3}):(?P<cc2>\$?[A-Za-z]{1,3})(?![A-Za-z0-9_(.!])"
    r"|(?P<ws>\s+)"
)


_COL_INDEX: dict[str, int] = {}


def _col(letters: str) -> int:
    n = _COL_INDEX.get(letters)
    if n is None:
        n = _COL_INDEX[letters] = a1.col_index(letters)
    return n


def shape_key(text: str, row: int, col: int) -> str:
    """The formula with its references written relative to (row, col): equal keys, equal formulas
    up to where they sit (Excel's "formula inconsistent with the region" compares these)."""

    def sub(m: re.Match) -> str:
        str_, sheet, c, r, cc1, cc2, ws = m.groups()
        if c is not None:
            try:
                cn = _col(c[1:] if c[0] == "$" else c)
            except ValueError:
                return m.group(0).upper()
            if r[0] == "$":
                rs = "R" + r[1:]
            else:
                rs = f"R[{int(r) - row}]"
            return rs + (f"C{cn}" if c[0] == "$" else f"C[{cn - col}]")
        if str_ is not None:
            return str_
        if sheet is not None:
            return sheet.upper()
        if ws is not None:
            return ""
        c1, c2 = cc1, cc2
        try:
            n1, n2 = a1.col_index(c1.lstrip("$")), a1.col_index(c2.lstrip("$"))
        except ValueError:
            return m.group(0).upper()
        s1 = f"C{n1}" if c1.startswith("$") else f"C[{n1 - col}]"
        s2 = f"C{n2}" if c2.startswith("$") else f"C[{n2 - col}]"
        return f"{s1}:{s2}"

    out = _KEY.sub(sub, text)
    # Upper-case outside strings; a leading unary plus ("=+A1+B1", an old Lotus habit) is no change.
    if '"' in out:
        parts = re.split(r'("(?:[^"]|"")*")', out)
        out = "".join(p if i % 2 else p.upper() for i, p in enumerate(parts))
    else:
        out = out.upper()
    if out.startswith("=+"):
        out = "=" + out[2:]
    return out


# --- trees --------------------------------------------------------------------------------------


class Node:
    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Num(Node):
    value: float
    text: str


@dataclass(frozen=True, slots=True)
class Text(Node):
    value: str


@dataclass(frozen=True, slots=True)
class Bool(Node):
    value: bool


@dataclass(frozen=True, slots=True)
class Err(Node):
    value: str


@dataclass(frozen=True, slots=True)
class Ref(Node):
    """A reference. Rows/columns are offsets from the formula's cell where relative, numbers
    where absolute (``ar1``...). ``kind``: "cell", "area", "cols" (A:C), "rows" (1:3).
    ``parts`` > 2 for a chained range (``T56:T64:T67``)."""

    sheet: str | None
    r1: int
    c1: int
    r2: int
    c2: int
    ar1: bool
    ac1: bool
    ar2: bool
    ac2: bool
    kind: str
    parts: int = 1

    def at(self, row: int, col: int) -> tuple[int, int, int, int]:
        """(row1, col1, row2, col2), absolute, for the formula at (row, col)."""
        r1 = self.r1 if self.ar1 else row + self.r1
        c1 = self.c1 if self.ac1 else col + self.c1
        r2 = self.r2 if self.ar2 else row + self.r2
        c2 = self.c2 if self.ac2 else col + self.c2
        return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)

    @property
    def absolute(self) -> bool:
        return self.ar1 or self.ac1 or self.ar2 or self.ac2

    def a1(self, row: int, col: int) -> str:
        if self.kind == "cols":
            c1, c2 = self.at(row, col)[1], self.at(row, col)[3]
            body = f"{'$' if self.ac1 else ''}{a1.col_letter(c1)}:{'$' if self.ac2 else ''}{a1.col_letter(c2)}"
        elif self.kind == "rows":
            r1, r2 = self.at(row, col)[0], self.at(row, col)[2]
            body = f"{'$' if self.ar1 else ''}{r1}:{'$' if self.ar2 else ''}{r2}"
        else:
            r1 = self.r1 if self.ar1 else row + self.r1
            c1 = self.c1 if self.ac1 else col + self.c1
            body = f"{'$' if self.ac1 else ''}{_letter(c1)}{'$' if self.ar1 else ''}{r1}"
            if self.kind == "area":
                r2 = self.r2 if self.ar2 else row + self.r2
                c2 = self.c2 if self.ac2 else col + self.c2
                body += f":{'$' if self.ac2 else ''}{_letter(c2)}{'$' if self.ar2 else ''}{r2}"
        if self.sheet is None:
            return body
        name = self.sheet
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
            name = "'" + name.replace("'", "''") + "'"
        return f"{name}!{body}"


def _letter(col: int) -> str:
    try:
        return a1.col_letter(col)
    except ValueError:
        return "#REF!"


@dataclass(frozen=True, slots=True)
class Name(Node):
    name: str


@dataclass(frozen=True, slots=True)
class Func(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Bin(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str  # "-", "+", "%" (postfix)
    operand: Node


@dataclass(frozen=True, slots=True)
class Paren(Node):
    inner: Node


@dataclass(frozen=True, slots=True)
class Missing(Node):
    pass


@dataclass(frozen=True, slots=True)
class Array(Node):
    rows: tuple[tuple[Node, ...], ...]


class FormulaSyntaxError(ValueError):
    pass


_PRECEDENCE = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5,
               " ": 7}
_CELL = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$")
_COLS = re.compile(r"^(\$?)([A-Za-z]{1,3})$")
_ROWS = re.compile(r"^(\$?)(\d{1,7})$")


def parse(text: str, row: int, col: int) -> Node:
    """The tree of ``text`` (with or without the leading "="), references relative to (row, col).
    Raises :class:`FormulaSyntaxError` for a text openpyxl's tokenizer or this grammar refuses."""
    if not text.startswith("="):
        text = "=" + text
    try:
        tokens = [t for t in raw_tokens(text) if t.type != Token.WSPACE or t.value.strip() == ""]
    except FormulaTextError as exc:
        raise FormulaSyntaxError(str(exc)) from exc
    # Whitespace between two operands is the intersection operator; elsewhere it is nothing.
    cleaned: list[Token] = []
    for i, t in enumerate(tokens):
        if t.type == Token.WSPACE:
            prev = tokens[i - 1] if i else None
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if (prev is not None and nxt is not None and prev.type == Token.OPERAND and prev.subtype == Token.RANGE
                    and nxt.type == Token.OPERAND and nxt.subtype == Token.RANGE):
                cleaned.append(Token(" ", Token.OP_IN))
            continue
        cleaned.append(t)
    p = _Parser(cleaned, row, col)
    node = p.expression(0)
    if p.i != len(cleaned):
        raise FormulaSyntaxError(f"unexpected {cleaned[p.i].value!r} in {text}")
    return node


class _Parser:
    def __init__(self, tokens: list[Token], row: int, col: int) -> None:
        self.t = tokens
        self.i = 0
        self.row = row
        self.col = col

    def peek(self) -> Token | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def expression(self, min_prec: int) -> Node:
        left = self.unary()
        while True:
            tok = self.peek()
            if tok is None or tok.type != Token.OP_IN:
                return left
            op = tok.value
            prec = _PRECEDENCE.get(op)
            if prec is None or prec < min_prec:
                return left
            self.i += 1
            right = self.expression(prec + 1)
            left = Bin(op, left, right)

    def unary(self) -> Node:
        tok = self.peek()
        if tok is not None and tok.type == Token.OP_PRE:
            self.i += 1
            # Excel binds a prefix minus tighter than ^ ... but looser than a range: fine here.
            return Unary(tok.value, self.unary())
        node = self.primary()
        while True:
            tok = self.peek()
            if tok is not None and tok.type == Token.OP_POST:
                self.i += 1
                node = Unary("%", node)
            else:
                return node

    def primary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise FormulaSyntaxError("formula ends too early")
        self.i += 1
        if tok.type == Token.OPERAND:
            return self.operand(tok)
        if tok.type == Token.FUNC and tok.subtype == Token.OPEN:
            name = tok.value[:-1].upper()
            if name.startswith("_XLFN."):
                name = name[6:]
            args = self.arguments()
            return Func(name, tuple(args))
        if tok.type == Token.PAREN and tok.subtype == Token.OPEN:
            inner = self.expression(0)
            close = self.peek()
            if close is None or close.type != Token.PAREN:
                raise FormulaSyntaxError("missing )")
            self.i += 1
            return Paren(inner)
        if tok.type == Token.ARRAY and tok.subtype == Token.OPEN:
            rows: list[list[Node]] = [[]]
            while True:
                nxt = self.peek()
                if nxt is None:
                    raise FormulaSyntaxError("missing }")
                if nxt.type == Token.ARRAY and nxt.subtype == Token.CLOSE:
                    self.i += 1
                    return Array(tuple(tuple(r) for r in rows))
                if nxt.type == Token.SEP:
                    self.i += 1
                    if nxt.subtype == Token.ROW:
                        rows.append([])
                    continue
                rows[-1].append(self.expression(0))
        raise FormulaSyntaxError(f"unexpected {tok.value!r}")

    def arguments(self) -> list[Node]:
        args: list[Node] = []
        expect_value = True
        while True:
            tok = self.peek()
            if tok is None:
                raise FormulaSyntaxError("missing ) of a function")
            if tok.type == Token.FUNC and tok.subtype == Token.CLOSE:
                self.i += 1
                if args and expect_value:
                    args.append(Missing())
                return args
            if tok.type == Token.SEP and tok.subtype == Token.ARG:
                self.i += 1
                if expect_value:
                    args.append(Missing())
                expect_value = True
                continue
            args.append(self.expression(0))
            expect_value = False

    def operand(self, tok: Token) -> Node:
        v = tok.value
        if tok.subtype == Token.NUMBER:
            return Num(float(v), v)
        if tok.subtype == Token.TEXT:
            return Text(v[1:-1].replace('""', '"'))
        if tok.subtype == Token.LOGICAL:
            return Bool(v.upper() == "TRUE")
        if tok.subtype == Token.ERROR:
            return Err(v.upper())
        return self.reference(v)

    def reference(self, text: str) -> Node:
        sheet = None
        body = text
        if "!" in text:
            sheet_part, _, body = text.rpartition("!")
            if sheet_part.startswith("'") and sheet_part.endswith("'"):
                sheet_part = sheet_part[1:-1].replace("''", "'")
            sheet = sheet_part
        if body.upper() == "#REF!" or body == "":
            return Err("#REF!")
        parts = body.split(":")
        cells = [_CELL.match(p) for p in parts]
        if all(cells):
            pos = [(int(m.group(4)), a1.col_index(m.group(2)), m.group(3) == "$", m.group(1) == "$") for m in cells]
            rows = [p[0] for p in pos]
            cols = [p[1] for p in pos]
            first = pos[0]
            last = pos[-1]
            if len(pos) > 2:
                # A chained range is the bounding box of all its parts.
                i1 = min(range(len(pos)), key=lambda k: (rows[k], cols[k]))
                i2 = max(range(len(pos)), key=lambda k: (rows[k], cols[k]))
                first, last = pos[i1], pos[i2]
            return Ref(sheet, self._r(first[0], first[2]), self._c(first[1], first[3]),
                       self._r(last[0], last[2]), self._c(last[1], last[3]),
                       first[2], first[3], last[2], last[3], "cell" if len(pos) == 1 else "area", len(pos))
        if len(parts) == 2:
            m1, m2 = _COLS.match(parts[0]), _COLS.match(parts[1])
            if m1 and m2:
                c1, c2 = a1.col_index(m1.group(2)), a1.col_index(m2.group(2))
                return Ref(sheet, 0, self._c(c1, m1.group(1) == "$"), 0, self._c(c2, m2.group(1) == "$"),
                           True, m1.group(1) == "$", True, m2.group(1) == "$", "cols", 2)
            m1, m2 = _ROWS.match(parts[0]), _ROWS.match(parts[1])
            if m1 and m2:
                r1, r2 = int(m1.group(2)), int(m2.group(2))
                return Ref(sheet, self._r(r1, m1.group(1) == "$"), 0, self._r(r2, m2.group(1) == "$"), 0,
                           m1.group(1) == "$", True, m2.group(1) == "$", True, "rows", 2)
        return Name(text.upper() if sheet is None else text)

    def _r(self, n: int, absolute: bool) -> int:
        return n if absolute else n - self.row

    def _c(self, n: int, absolute: bool) -> int:
        return n if absolute else n - self.col


# --- looking at trees ---------------------------------------------------------------------------


def walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, Func):
            stack.extend(reversed(n.args))
        elif isinstance(n, Bin):
            stack.append(n.right)
            stack.append(n.left)
        elif isinstance(n, (Unary,)):
            stack.append(n.operand)
        elif isinstance(n, Paren):
            stack.append(n.inner)
        elif isinstance(n, Array):
            for r in n.rows:
                stack.extend(r)


def refs(node: Node) -> list[Ref]:
    return [n for n in walk(node) if isinstance(n, Ref)]


def functions(node: Node) -> list[str]:
    return [n.name for n in walk(node) if isinstance(n, Func)]


def strip(node: Node) -> Node:
    """The node without enclosing parentheses and unary plus."""
    while True:
        if isinstance(node, Paren):
            node = node.inner
        elif isinstance(node, Unary) and node.op == "+":
            node = node.operand
        else:
            return node


def render(node: Node, row: int, col: int) -> str:
    """A1 text of a tree placed at (row, col), without the leading "="."""
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Text):
        return '"' + node.value.replace('"', '""') + '"'
    if isinstance(node, Bool):
        return "TRUE" if node.value else "FALSE"
    if isinstance(node, Err):
        return node.value
    if isinstance(node, Ref):
        return node.a1(row, col)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Func):
        return node.name + "(" + ",".join(render(a, row, col) for a in node.args) + ")"
    if isinstance(node, Bin):
        return render(node.left, row, col) + (node.op if node.op != " " else " ") + render(node.right, row, col)
    if isinstance(node, Unary):
        return render(node.operand, row, col) + "%" if node.op == "%" else node.op + render(node.operand, row, col)
    if isinstance(node, Paren):
        return "(" + render(node.inner, row, col) + ")"
    if isinstance(node, Missing):
        return ""
    if isinstance(node, Array):
        return "{" + ";".join(",".join(render(x, row, col) for x in r) for r in node.rows) + "}"
    return "?"


AGGREGATES = frozenset({"SUM", "AVERAGE", "AVERAGEA", "COUNT", "COUNTA", "MIN", "MAX", "SUBTOTAL", "SUMIF",
                        "AVERAGEIF", "SUMPRODUCT"})
