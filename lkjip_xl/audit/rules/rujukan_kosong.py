"""A formula that reads an empty cell (Excel: "formula refers to empty cells"): a predikat computed
from a capaian cell that holds nothing (``IF(Y38<=50, ...)`` with Y38 blank gives "Sangat Tinggi")."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_blank
from lkjip_xl.audit.text import cell
from lkjip_xl.findings import Severity

NAME = "rujukan-sel-kosong"
#: functions that look at a cell without taking its value: a guarded formula is meant for blanks
_GUARDS = frozenset({"ISNUMBER", "ISBLANK", "ISTEXT", "ISERROR", "IFERROR", "COUNT", "COUNTA", "COUNTBLANK", "LEN",
                     "ISNA", "ISERR", "N", "T", "IFNA"})


#: functions that choose what to compute: a reference in them may be read only when it is filled
_BRANCHES = frozenset({"IF", "IFS", "CHOOSE", "SWITCH", "AND", "OR", "NOT", "XOR"})


def _bare_refs(node: fx.Node) -> list[fx.Ref]:
    """Single-cell references outside aggregates (a range of SUM may well hold empty cells); in a
    plain sum of cells (``=P96+S96+V96+Y96``) an empty term is 0 as meant, so those are marked as
    terms (reported only when every term is empty)."""
    out: list[fx.Ref] = []
    top = fx.strip(node)
    if isinstance(top, fx.Ref):
        return []  # a copy (=INPUT!C3) of a cell not filled yet shows it as it is
    terms = _sum_terms(top)
    if terms is not None:
        return [_Term(t) for t in terms]

    def visit(n: fx.Node) -> None:
        if isinstance(n, fx.Ref):
            if n.kind == "cell":
                out.append(n)
        elif isinstance(n, fx.Func):
            if n.name in fx.AGGREGATES or n.name in _BRANCHES:
                return  # a range may hold blanks; a branch may be the one not taken
            for a in n.args:
                visit(a)
        elif isinstance(n, fx.Bin):
            if n.op in ("=", "<>"):
                return  # C12="bidang": a test that expects the cell may be empty
            visit(n.left)
            visit(n.right)
        elif isinstance(n, (fx.Paren,)):
            visit(n.inner)
        elif isinstance(n, fx.Unary):
            visit(n.operand)

    visit(node)
    return out


class _Term:
    """A reference that is one term of a plain sum."""

    __slots__ = ("ref",)

    def __init__(self, ref: fx.Ref) -> None:
        self.ref = ref


def _sum_terms(n: fx.Node) -> list[fx.Ref] | None:
    n = fx.strip(n)
    if isinstance(n, fx.Ref) and n.kind == "cell":
        return None  # a copy (=X) of an empty cell is reported as such
    if isinstance(n, fx.Bin) and n.op in "+-":
        out = []
        for side in (n.left, n.right):
            s = fx.strip(side)
            if isinstance(s, fx.Ref) and s.kind == "cell":
                out.append(s)
            else:
                more = _sum_terms(s)
                if more is None:
                    return None
                out.extend(more)
        return out
    return None


def _unguarded(node: fx.Node) -> list:
    """The references of :func:`_bare_refs` less those the formula tests itself (``IF(B9="",...)``)."""
    tested = set()
    for n in fx.walk(node):
        if isinstance(n, fx.Bin) and n.op in ("=", "<>"):
            for side in (n.left, n.right):
                s = fx.strip(side)
                if isinstance(s, fx.Ref):
                    tested.add((s.sheet, s.r1, s.c1, s.ar1, s.ac1))
    out = []
    for item in _bare_refs(node):
        ref = item.ref if isinstance(item, _Term) else item
        if (ref.sheet, ref.r1, ref.c1, ref.ar1, ref.ac1) not in tested:
            out.append(item)
    return out


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view = sm.view
        bare = {s.id: ([] if s.node is None or s.functions & _GUARDS else _unguarded(s.node)) for s in view.shapes}
        top = sm.layout.first_data_row
        for (r, c), sid in view.shape_at.items():
            refs = bare[sid]
            if not refs:
                continue
            shown = view.value(r, c)
            if isinstance(shown, str) and shown == "":
                continue  # the formula chose to show nothing
            empty = []
            for item in refs:
                ref = item.ref if isinstance(item, _Term) else item
                other = sm if ref.sheet is None else ctx.sheet(ref.sheet)
                if other is None:
                    continue
                rr, cc = ref.at(r, c)[:2]
                if ref.sheet is None and rr < top:
                    continue  # a title cell above the table (a running total starting at the header)
                if not other.view.is_formula(rr, cc) and is_blank(other.view.value(rr, cc)):
                    empty.append(ref.a1(r, c))
            if not empty:
                continue
            info = sm.rows.get(r)
            if info is not None and not info.inputs and not info.label:
                continue  # a prepared row nobody has filled yet
            if isinstance(refs[0], _Term) and (len(empty) < len(refs) or info is None or not info.inputs):
                continue  # some terms filled (blank is 0 as meant), or a row nobody filled yet
            yield Hit(NAME, Severity.WARNING, sm.name, r, c,
                      "Rumus merujuk sel kosong; hasilnya dihitung seolah sel itu 0 atau teks kosong.",
                      f"{cell(r, c)} {view.formula(r, c)} merujuk {', '.join(dict.fromkeys(empty))} yang kosong.",
                      group=None)


RULE = Rule(NAME, "Rumus yang merujuk sel kosong", run, generic=True)
