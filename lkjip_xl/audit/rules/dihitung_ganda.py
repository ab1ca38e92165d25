"""A total that counts a figure twice: it adds a subtotal and again a row that subtotal already
holds (``R11 =SUM(R12+R91+R96)`` where ``R12 =SUM(R13+R55+R70+R91+R96)``), or a range that takes
a subtotal together with the rows it adds."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import AuditContext, Hit, Rule, SheetModel
from lkjip_xl.audit.text import cell
from lkjip_xl.findings import Severity

NAME = "dihitung-ganda"
#: An expansion larger than this is not followed (a total over a whole sheet of totals).
LIMIT = 20_000


def _additive_terms(node: fx.Node) -> list[fx.Ref] | None:
    """The references a purely additive formula adds (SUM and +), or None when it does other things."""
    node = fx.strip(node)
    if isinstance(node, fx.Ref):
        return [node] if node.sheet is None and node.kind in ("cell", "area") else None
    if isinstance(node, fx.Bin) and node.op == "+":
        left, right = _additive_terms(node.left), _additive_terms(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, fx.Func) and node.name == "SUM":
        out: list[fx.Ref] = []
        for a in node.args:
            terms = _additive_terms(a)
            if terms is None:
                return None
            out.extend(terms)
        return out
    return None


class _Expander:
    def __init__(self, sm: SheetModel) -> None:
        self.sm = sm
        self.memo: dict[tuple[int, int], Counter | None] = {}
        self.terms: dict[tuple[int, int], list[tuple[int, int]] | None] = {}
        #: per shape: the references it adds (relative), or None when it is not a plain sum
        self.by_shape: dict[int, list[fx.Ref] | None] = {}
        for s in sm.view.shapes:
            node = s.node
            self.by_shape[s.id] = (None if node is None or isinstance(fx.strip(node), fx.Ref)
                                   else _additive_terms(node))

    def direct(self, r: int, c: int) -> list[tuple[int, int]] | None:
        if (r, c) in self.terms:
            return self.terms[(r, c)]
        sid = self.sm.view.shape_at.get((r, c))
        out = None
        # a plain copy (=P44) is a figure of its own here: a wrong copy is rumus-di-kolom-isian's
        refs = self.by_shape.get(sid) if sid is not None else None
        if True:
            if refs is not None:
                out = []
                for ref in refs:
                    r1, c1, r2, c2 = ref.at(r, c)
                    if (r2 - r1 + 1) * (c2 - c1 + 1) > LIMIT:
                        out = None
                        break
                    out.extend((rr, cc) for rr in range(r1, r2 + 1) for cc in range(c1, c2 + 1))
        self.terms[(r, c)] = out
        return out

    def leaves(self, r: int, c: int, depth: int = 0) -> Counter | None:
        key = (r, c)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = None  # a cycle stops here
        direct = self.direct(r, c)
        if direct is None or depth > 50:
            return None
        total: Counter = Counter()
        for t in direct:
            sub = self.leaves(*t, depth=depth + 1) if self.direct(*t) is not None else None
            if sub is None:
                total[t] += 1
            else:
                total.update(sub)
            if len(total) > LIMIT:
                return None
        self.memo[key] = total
        return total


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        ex = _Expander(sm)
        view = sm.view
        for (r, c), sid in view.shape_at.items():
            terms = ex.by_shape.get(sid)
            if terms is None or (len(terms) < 2 and all(t.kind == "cell" for t in terms)):
                continue
            direct = ex.direct(r, c)
            if not direct or len(direct) < 2:
                continue
            if len(set(direct)) == len(direct) and not any(ex.direct(*t) for t in direct):
                continue  # distinct plain figures: nothing can be counted twice
            total = ex.leaves(r, c)
            if not total:
                continue
            twice = [t for t, n in total.items() if n > 1]
            if not twice:
                continue
            # Report where the double count is made, not in every total above it.
            inherited = set()
            for t in direct:
                sub = ex.leaves(*t) if ex.direct(*t) is not None else None
                if sub:
                    inherited |= {x for x, n in sub.items() if n > 1}
            new = [t for t in twice if t not in inherited]
            if not new:
                continue
            via = _via(ex, direct, new[0])
            shown = ", ".join(cell(*t) for t in sorted(new)[:5]) + (" dan lainnya" if len(new) > 5 else "")
            what = f"Angka dihitung dua kali: {shown} sudah termasuk dalam {via}, lalu dijumlahkan lagi."
            detail = f"{cell(r, c)} {view.formula(r, c)}."
            yield Hit(NAME, Severity.ERROR, sm.name, r, c, what, detail, group=(r, c), found=view.formula(r, c))


def _via(ex: _Expander, direct: list[tuple[int, int]], leaf: tuple[int, int]) -> str:
    holders = []
    for t in direct:
        if t == leaf:
            continue
        sub = ex.leaves(*t) if ex.direct(*t) is not None else None
        if sub and leaf in sub:
            holders.append(cell(*t))
    return " dan ".join(dict.fromkeys(holders)) or "suku lain rumus ini"


RULE = Rule(NAME, "Angka yang dijumlahkan dua kali", run)
