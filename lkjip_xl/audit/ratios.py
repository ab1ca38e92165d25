"""Reading a formula as a ratio: ``N/D``, ``N/D*100``, ``(N/D)*100``, ``100*N/D``, ``N/D%``."""

from __future__ import annotations

from lkjip_xl.audit import formula as fx


def ratio(node: fx.Node) -> tuple[fx.Node, fx.Node, bool] | None:
    """(numerator, denominator, times 100) when the formula is a ratio, else None."""
    n = fx.strip(node)
    pct = False
    if isinstance(n, fx.Func) and n.name in ("IFERROR", "ROUND") and n.args:
        n = fx.strip(n.args[0])
    if isinstance(n, fx.Bin) and n.op == "*":
        left, right = fx.strip(n.left), fx.strip(n.right)
        if isinstance(right, fx.Num) and right.value == 100:
            n, pct = left, True
        elif isinstance(left, fx.Num) and left.value == 100:
            n, pct = right, True
    if isinstance(n, fx.Bin) and n.op == "/":
        num, den = fx.strip(n.left), fx.strip(n.right)
        if isinstance(den, fx.Bin) and den.op == "*":
            a, b = fx.strip(den.left), fx.strip(den.right)
            if isinstance(b, fx.Num) and b.value == 100:
                return None
        if isinstance(num, fx.Bin) and num.op == "*" and not pct:
            a, b = fx.strip(num.left), fx.strip(num.right)
            if isinstance(b, fx.Num) and b.value == 100:
                return a, den, True
            if isinstance(a, fx.Num) and a.value == 100:
                return b, den, True
        return num, den, pct
    return None


def single_cell(node: fx.Node) -> fx.Ref | None:
    n = fx.strip(node)
    return n if isinstance(n, fx.Ref) and n.kind == "cell" and n.sheet is None else None
