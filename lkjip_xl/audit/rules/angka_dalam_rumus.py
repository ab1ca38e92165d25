"""Numbers typed inside formulas (``=69900*5``, ``=20906000-R15``): they do not change when the
inputs do, and hide a figure the sheet should show in a cell. 0, 1 and 100, powers of ten (a change
of unit), thresholds compared against (``IF(P9<=50, ...)``) and the divisor of a hand-made average
(``(Y47+Y40)/2``) are ordinary."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.text import angka, cell
from lkjip_xl.findings import Severity

NAME = "angka-dalam-rumus"
_ORDINARY = {0.0, 1.0, 100.0, 10.0, 1000.0, 1_000_000.0, 1_000_000_000.0}
_ARITH = frozenset("+-*/^")
#: functions whose number arguments are settings, not figures
_SETTINGS = frozenset({"ROUND", "ROUNDUP", "ROUNDDOWN", "INDEX", "MATCH", "VLOOKUP", "HLOOKUP", "OFFSET", "CHOOSE",
                       "LEFT", "RIGHT", "MID", "TEXT", "DATE", "TIME", "SUBTOTAL", "LARGE", "SMALL", "RANK", "MOD",
                       "TRUNC", "INT", "FIXED", "DOLLAR", "REPT", "FIND", "SEARCH", "SUBSTITUTE", "COUNTIF", "SUMIF",
                       "AVERAGEIF", "COUNTIFS", "SUMIFS", "AVERAGEIFS", "LEN", "NA", "DATEDIF", "EDATE", "EOMONTH"})


def typed_numbers(node: fx.Node) -> list[fx.Num]:
    """The numbers of ``node`` that are figures typed into arithmetic."""
    out: list[fx.Num] = []

    divisors = {(d.r1, d.c1, d.ar1, d.ac1) for d in (fx.strip(b.right) for b in fx.walk(node)
                                                    if isinstance(b, fx.Bin) and b.op == "/") if isinstance(d, fx.Ref)}

    def visit(n: fx.Node, parent: fx.Node | None) -> None:
        if parent is _SETTING:
            return  # a whole argument of LEFT, ROUND, VLOOKUP...: settings, not figures
        if isinstance(n, fx.Num):
            if n.value in _ORDINARY or parent is None:
                return
            if isinstance(parent, fx.Bin) and parent.op in _ARITH:
                if parent.op == "/" and parent.right is n and (_terms(parent.left) == n.value
                                                                or (_aggregate(parent.left) and n.value <= 12)):
                    return  # (a+b)/2, SUM(...)/2, a total over 12 months: an average by hand
                if parent.op == "^":
                    return
                other = fx.strip(parent.right) if parent.left is n else fx.strip(parent.left)
                if parent.op == "*" and n.value == 2 and isinstance(other, fx.Ref) and \
                        (other.r1, other.c1, other.ar1, other.ac1) in divisors:
                    return  # (2*T-R)/T: the capaian of a lower-is-better indicator
                out.append(n)
            elif isinstance(parent, fx.Func) and parent.name in ("SUM", "AVERAGE"):
                out.append(n)
            elif isinstance(parent, fx.Unary) and parent.op == "-":
                out.append(n)
            return
        if isinstance(n, fx.Bin):
            visit(n.left, n)
            visit(n.right, n)
        elif isinstance(n, fx.Func):
            for a in n.args:
                visit(a, n if n.name not in _SETTINGS else _SETTING)
        elif isinstance(n, fx.Paren):
            visit(n.inner, parent if not isinstance(parent, fx.Func) else n)
        elif isinstance(n, fx.Unary):
            visit(n.operand, n)

    visit(node, None)
    return out


_SETTING = fx.Missing()


def _aggregate(n: fx.Node) -> bool:
    n = fx.strip(n)
    return isinstance(n, fx.Func) and n.name in ("SUM", "AVERAGE")


def _terms(n: fx.Node) -> float:
    """How many figures an expression adds: (a+b)/2, SUM(a+b+c)/3, SUM(a,b)/2 are averages by hand."""
    n = fx.strip(n)
    if isinstance(n, fx.Bin) and n.op == "+":
        return _terms(n.left) + _terms(n.right)
    if isinstance(n, fx.Func) and n.name == "SUM":
        return sum(_terms(a) for a in n.args)
    return 1.0


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        flagged = {}
        for shape in view.shapes:
            if shape.node is not None:
                nums = typed_numbers(shape.node)
                if nums:
                    flagged[shape.id] = nums
        if not flagged:
            continue
        for (r, c), sid in sorted(view.shape_at.items()):
            nums = flagged.get(sid)
            if nums is None:
                continue
            text = view.formula(r, c) or ""
            if not view.shapes[sid].refs and r < sm.layout.first_data_row and not _read(ctx, sm.name, r, c):
                continue  # a calculation jotted above the table that no formula reads: no figure is hidden
            listed = ", ".join(angka(n.value) for n in nums)
            if not view.shapes[sid].refs:
                what = "Rumus hanya berisi angka ketikan, tanpa rujukan sel."
                detail = (f"{cell(r, c)} {text} = {angka(view.value(r, c))}: angka {listed} sebaiknya ditulis di "
                          f"sel sendiri dan dirujuk, agar hitungannya terlihat dan ikut berubah.")
            else:
                what = "Angka ketikan di dalam rumus."
                detail = (f"{cell(r, c)} {text}: angka {listed} tidak ikut berubah bila isian berubah; "
                          "tulis di sel sendiri dan rujuk sel itu.")
            yield Hit(NAME, Severity.WARNING, sm.name, r, c, what, detail, group=None, found=text)


def _read(ctx: AuditContext, sheet: str, row: int, col: int) -> bool:
    """Whether any formula of the workbook names (sheet, row, col), alone or in a range."""
    for sm in ctx.sheets:
        view = sm.view
        for (r, c), sid in view.shape_at.items():
            for ref in view.shapes[sid].refs:
                if (ref.sheet or sm.name).lower() != sheet.lower():
                    continue
                r1, c1, r2, c2 = ref.at(r, c)
                if r1 <= row <= r2 and c1 <= col <= c2:
                    return True
    return False


RULE = Rule(NAME, "Angka yang diketik di dalam rumus", run)
