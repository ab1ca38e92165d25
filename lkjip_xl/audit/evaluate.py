"""A small evaluator for the effect of a finding ("AG64 = 23,0 %; dengan rumus kolomnya 50,0 %").

Why not the engine: the effect is the value of ONE formula (the one the cell should have) over the
values the workbook shows, sometimes with one cell changed; the engine evaluates whole files.
Arithmetic, comparisons and the common aggregate and logical functions are enough for the formulas
of these forms; anything else raises :class:`Unsupported` and the finding goes without an effect.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.grid import ERROR_VALUES, is_number

#: (sheet or None for the formula's own, row, col) -> value shown
Getter = Callable[[str | None, int, int], Any]


class Unsupported(Exception):
    pass


class _Error(Exception):
    def __init__(self, value: str) -> None:
        self.value = value


def evaluate(node: fx.Node, row: int, col: int, get: Getter) -> Any:
    """The value of ``node`` placed at (row, col); an Excel error as its text ("#DIV/0!")."""
    try:
        v = _eval(node, row, col, get)
    except _Error as e:
        return e.value
    if isinstance(v, list):
        raise Unsupported("a range as a result")
    return v


def _eval(n: fx.Node, row: int, col: int, get: Getter) -> Any:
    if isinstance(n, fx.Num):
        return n.value
    if isinstance(n, fx.Text):
        return n.value
    if isinstance(n, fx.Bool):
        return n.value
    if isinstance(n, fx.Err):
        raise _Error(n.value)
    if isinstance(n, fx.Paren):
        return _eval(n.inner, row, col, get)
    if isinstance(n, fx.Ref):
        if n.kind in ("cols", "rows"):
            raise Unsupported("whole columns")
        r1, c1, r2, c2 = n.at(row, col)
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
            raise Unsupported("large range")
        if n.kind == "cell":
            v = get(n.sheet, r1, c1)
            if isinstance(v, str) and v in ERROR_VALUES:
                raise _Error(v)
            return v
        return [get(n.sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
    if isinstance(n, fx.Unary):
        v = _eval(n.operand, row, col, get)
        x = _num(v)
        return -x if n.op == "-" else (x / 100 if n.op == "%" else x)
    if isinstance(n, fx.Bin):
        return _binary(n.op, _eval(n.left, row, col, get), _eval(n.right, row, col, get))
    if isinstance(n, fx.Func):
        return _function(n, row, col, get)
    raise Unsupported(type(n).__name__)


def _num(v: Any) -> float:
    if isinstance(v, list):
        raise Unsupported("range in arithmetic")
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if is_number(v):
        return float(v)
    if isinstance(v, str):
        if v in ERROR_VALUES:
            raise _Error(v)
        try:
            return float(v.strip()) if v.strip() else _raise_value()
        except ValueError:
            raise _Error("#VALUE!") from None
    raise Unsupported(type(v).__name__)


def _raise_value() -> float:
    raise _Error("#VALUE!")


def _binary(op: str, a: Any, b: Any) -> Any:
    if op == "&":
        return _text(a) + _text(b)
    if op in ("=", "<>", "<", ">", "<=", ">="):
        return _compare(op, a, b)
    x, y = _num(a), _num(b)
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "/":
        if y == 0:
            raise _Error("#DIV/0!")
        return x / y
    if op == "^":
        try:
            return math.pow(x, y)
        except (OverflowError, ValueError):
            raise _Error("#NUM!") from None
    raise Unsupported(op)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _compare(op: str, a: Any, b: Any) -> bool:
    def rank(v: Any) -> tuple[int, Any]:
        if v is None:
            return (0, 0.0)
        if isinstance(v, bool):
            return (2, v)
        if is_number(v):
            return (0, float(v))
        return (1, str(v).lower())

    ra, rb = rank(a), rank(b)
    if a is None and isinstance(b, str):
        ra = (1, "")
    if b is None and isinstance(a, str):
        rb = (1, "")
    return {"=": ra == rb, "<>": ra != rb, "<": ra < rb, ">": ra > rb, "<=": ra <= rb, ">=": ra >= rb}[op]


def _flat(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, list):
            out.extend(v)
        else:
            out.append(v)
    return out


def _numbers_of(n: fx.Func, row: int, col: int, get: Getter) -> list[float]:
    """The numbers an aggregate takes: numbers in ranges (text and empty cells skipped), and the
    direct arguments as numbers."""
    out: list[float] = []
    for arg in n.args:
        v = _eval(arg, row, col, get)
        if isinstance(v, list):
            for x in v:
                if isinstance(x, str) and x in ERROR_VALUES:
                    raise _Error(x)
                if is_number(x):
                    out.append(float(x))
        elif v is not None:
            out.append(_num(v))
    return out


def _function(n: fx.Func, row: int, col: int, get: Getter) -> Any:
    name = n.name
    if name == "SUM":
        return sum(_numbers_of(n, row, col, get))
    if name in ("AVERAGE",):
        xs = _numbers_of(n, row, col, get)
        if not xs:
            raise _Error("#DIV/0!")
        return sum(xs) / len(xs)
    if name == "MIN":
        xs = _numbers_of(n, row, col, get)
        return min(xs) if xs else 0.0
    if name == "MAX":
        xs = _numbers_of(n, row, col, get)
        return max(xs) if xs else 0.0
    if name == "COUNT":
        return float(len(_numbers_of(n, row, col, get)))
    if name == "ABS":
        return abs(_num(_eval(n.args[0], row, col, get)))
    if name in ("ROUND", "ROUNDUP", "ROUNDDOWN"):
        x = _num(_eval(n.args[0], row, col, get))
        d = int(_num(_eval(n.args[1], row, col, get))) if len(n.args) > 1 else 0
        q = 10.0 ** d
        if name == "ROUND":
            return math.floor(abs(x) * q + 0.5) / q * (1 if x >= 0 else -1)
        if name == "ROUNDUP":
            return math.ceil(abs(x) * q) / q * (1 if x >= 0 else -1)
        return math.floor(abs(x) * q) / q * (1 if x >= 0 else -1)
    if name == "IF":
        cond = _eval(n.args[0], row, col, get)
        if isinstance(cond, str):
            raise _Error("#VALUE!")
        branch = 1 if (cond if isinstance(cond, bool) else _num(cond) != 0) else 2
        if branch < len(n.args) and not isinstance(n.args[branch], fx.Missing):
            return _eval(n.args[branch], row, col, get)
        return False if branch == 2 and len(n.args) < 3 else 0.0
    if name == "IFERROR":
        try:
            v = _eval(n.args[0], row, col, get)
            if isinstance(v, str) and v in ERROR_VALUES:
                raise _Error(v)
            return v
        except _Error:
            return _eval(n.args[1], row, col, get)
    if name in ("AND", "OR"):
        vals = [_eval(a, row, col, get) for a in n.args]
        bools = [bool(_num(v)) for v in _flat(vals) if v is not None]
        return all(bools) if name == "AND" else any(bools)
    if name == "NOT":
        return not bool(_num(_eval(n.args[0], row, col, get)))
    if name == "ISNUMBER":
        try:
            v = _eval(n.args[0], row, col, get)
        except _Error:
            return False
        return is_number(v)
    if name == "ISBLANK":
        return _eval(n.args[0], row, col, get) is None
    raise Unsupported(name)
