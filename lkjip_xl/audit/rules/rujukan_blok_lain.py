"""An absolute reference into another program's block (``O46 =O45/$M$38*100`` in program 2, where
``$M$38`` is program 1's figure): copied down from the first block, the ``$`` kept pointing there."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.blocks import label_of, segment_of, segments
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.ratios import ratio
from lkjip_xl.audit.text import angka, cell, persen
from lkjip_xl.findings import Severity

NAME = "rujukan-blok-lain"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        if len(segments(sm)) < 2:
            continue
        view = sm.view
        absolute = {s.id: [ref for ref in s.refs if ref.sheet is None and ref.ar1 and ref.kind == "cell"]
                    for s in view.shapes}
        for (r, c), sid in view.shape_at.items():
            refs = absolute[sid]
            if not refs:
                continue
            node = view.shapes[sid].node
            here = segment_of(sm, r)
            if node is None or here is None:
                continue
            info = sm.rows.get(r)
            for ref in refs:
                rr, cc = ref.at(r, c)[:2]
                there = segment_of(sm, rr)
                if there is None or there == here:
                    continue
                if info is not None and info.summary and not info.parent:
                    continue  # a grand total row reads every block on purpose
                twin = _twin(sm, rr, cc, there, here)
                text = view.formula(r, c) or ""
                what = (f"Rujukan mutlak ke blok lain: sel di blok baris {here[0]} ({label_of(sm, here[2])}) "
                        f"merujuk baris {rr} di blok baris {there[0]} ({label_of(sm, there[2])}).")
                detail = f"{cell(r, c)} {text}: {ref.a1(r, c)} milik blok lain"
                expected = None
                if twin is not None:
                    fixed = _replace(node, ref, twin, r, c)
                    expected = "=" + fx.render(fixed, r, c)
                    detail += f"; seharusnya {expected}"
                    new = ctx.value_of(sm, fixed, r, c)
                    shown = view.value(r, c)
                    if is_number(new) and is_number(shown):
                        show = persen if ratio(node) and ratio(node)[2] else angka
                        if abs(float(new) - float(shown)) > 1e-9 * max(1.0, abs(float(new))):
                            detail += f": {show(new)}, bukan {show(shown)}"
                        else:
                            detail += f" (hasilnya sekarang kebetulan sama, {show(shown)})"
                detail += "."
                yield Hit(NAME, Severity.ERROR, sm.name, r, c, what, detail, group=(here[0], there[0]), expected=expected,
                          found=text)
                break


def _twin(sm, rr: int, cc: int, there, here) -> tuple[int, int] | None:
    """The cell of ``here`` that plays the part (rr, cc) plays in ``there``: the row of the same role
    at the same place among its block's rows of that role."""
    rows = sm.rows
    info = rows.get(rr)
    if info is None:
        return None
    same_there = [r for r in range(there[0], there[1] + 1) if r in rows.info and rows.info[r].role == info.role]
    same_here = [r for r in range(here[0], here[1] + 1) if r in rows.info and rows.info[r].role == info.role]
    if rr not in same_there:
        return None
    i = same_there.index(rr)
    if i < len(same_here):
        return same_here[i], cc
    return None


def _replace(node: fx.Node, old: fx.Ref, cell_rc: tuple[int, int], r: int, c: int) -> fx.Node:
    new = fx.Ref(None, cell_rc[0], cell_rc[1], cell_rc[0], cell_rc[1], True, True, True, True, "cell")

    def sub(n: fx.Node) -> fx.Node:
        if n == old:
            return new
        if isinstance(n, fx.Bin):
            return fx.Bin(n.op, sub(n.left), sub(n.right))
        if isinstance(n, fx.Func):
            return fx.Func(n.name, tuple(sub(a) for a in n.args))
        if isinstance(n, fx.Paren):
            return fx.Paren(sub(n.inner))
        if isinstance(n, fx.Unary):
            return fx.Unary(n.op, sub(n.operand))
        return n

    out = sub(node)
    return _relative(out, new, r, c)


def _relative(node: fx.Node, new: fx.Ref, r: int, c: int) -> fx.Node:
    """The replacement written relative (M45), as the writer meant it."""
    rel = fx.Ref(None, new.r1 - r, new.c1 - c, new.r1 - r, new.c1 - c, False, False, False, False, "cell")

    def sub(n: fx.Node) -> fx.Node:
        if n == new:
            return rel
        if isinstance(n, fx.Bin):
            return fx.Bin(n.op, sub(n.left), sub(n.right))
        if isinstance(n, fx.Func):
            return fx.Func(n.name, tuple(sub(a) for a in n.args))
        if isinstance(n, fx.Paren):
            return fx.Paren(sub(n.inner))
        if isinstance(n, fx.Unary):
            return fx.Unary(n.op, sub(n.operand))
        return n

    return sub(node)


RULE = Rule(NAME, "Rujukan mutlak ($) ke blok program lain", run)
