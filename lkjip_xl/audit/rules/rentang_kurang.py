"""An aggregate that misses rows of its block (``AB17 =SUM(AB18:AB20)`` where the program's
kegiatan run to row 37; ``Z49 =AVERAGE(Z52,Z54)`` where the kegiatan has five sub kegiatan), or
stops next to more figures of the same kind (Excel: "formula omits adjacent cells")."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.blocks import aggregates_of, has_value, label_of, rewrite_rows, rows_text, section
from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.text import angka, cell
from lkjip_xl.findings import Severity

NAME = "rentang-kurang"


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        for p, c, func, taken, is_range in aggregates_of(sm):
            sec = section(sm, p)
            if sec:
                missed = _missed(sm, p, c, taken, sec, is_range)
            elif is_range:
                missed = _adjacent(sm, p, c, min(taken), max(taken))
            else:
                continue
            if not missed or all(sm.view.value(r, c) == 0 for r in missed) and any(
                    sm.view.value(r, c) is not None for r in missed):
                continue  # nothing missed, or only rows of zeros (unfunded rows left out on purpose)
            yield _hit(ctx, sm, p, c, func, taken, missed, sec, is_range)


def _missed(sm, p: int, c: int, taken: list[int], sec: tuple[int, int], is_range: bool) -> list[int]:
    rows = sm.rows
    inside = [r for r in taken if sec[0] <= r <= sec[1] and r in rows.info and has_value(sm, r, c)
              and not rows.info[r].summary]
    valued = True
    if not inside and not is_range:
        # a template nobody filled yet: the rows taken still say which rows the total is over
        inside = [r for r in taken if sec[0] <= r <= sec[1] and r in rows.info and not rows.info[r].summary
                  and rows.info[r].label]
        valued = False
        if len(inside) < 3:
            return []
    roles = {rows.info[r].role for r in inside}
    parents = {rows.info[r].parent for r in inside}
    taken_set = set(taken)
    least = None
    out = []
    for r in range(sec[0], sec[1] + 1):
        if r in taken_set or r == p:
            continue
        info = rows.info.get(r)
        if info is None or info.summary or (valued and not has_value(sm, r, c)):
            continue
        if info.role in roles and info.parent in parents:
            if info.is_parent:
                if least is None:
                    # a sub-block with far fewer figures than those taken is a draft left out on purpose
                    filled = sorted(_nonzero(sm, x) for x in inside)
                    least = filled[len(filled) // 2] / 2
                if _nonzero(sm, r) < least:
                    continue
            out.append(r)
    return out


def _nonzero(sm, r: int) -> int:
    memo = sm.extra.setdefault("nonzero", {})
    n = memo.get(r)
    if n is None:
        n = memo[r] = sum(1 for v in sm.view.row_values(r) if is_number(v) and v != 0)
    return n


def _adjacent(sm, p: int, c: int, r1: int, r2: int) -> list[int]:
    """Rows just outside the range holding figures like those inside (no hierarchy to go by)."""
    from lkjip_xl.audit.rows import children_sum, vertical_aggregate

    rows = sm.rows
    view = sm.view
    inside_roles = {rows.info[r].role for r in range(r1, r2 + 1) if r in rows.info and is_number(view.value(r, c))}
    # rows a cell of the range already totals (D7 =SUM(D4:D6) inside SUM(D7:D8)) are in it already
    covered: set[int] = set()
    for r in range(r1, r2 + 1):
        agg = vertical_aggregate(view, r, c)
        if agg:
            covered.update(range(agg[1], agg[2] + 1))
        terms = children_sum(view, r, c)
        if terms:
            covered.update(terms[1])
    # columns of figures in the range's first row: a row above that has titles there is a header
    # row ("Jan Feb ... Jul 8 9 10": month names, then the months as numbers), not a row left out
    figures = [k for k in range(1, view.n_cols + 1) if k != c and is_number(view.value(r1, k))]
    out = []
    for step, start in ((1, r2 + 1), (-1, r1 - 1)):
        r = start
        while r != p and r in rows.info and is_number(view.value(r, c)) and not view.is_formula(r, c) \
                and rows.info[r].role in inside_roles and not rows.info[r].summary and r not in covered:
            if step < 0 and sum(1 for k in figures if isinstance(view.value(r, k), str) and view.value(r, k).strip()) >= 2:
                break
            out.append(r)
            r += step
    return out


def _hit(ctx: AuditContext, sm, p: int, c: int, func: str, taken: list[int], missed: list[int],
         sec: tuple[int, int] | None, is_range: bool) -> Hit:
    view = sm.view
    text = view.formula(p, c) or ""
    fixed = rewrite_rows(text, p, c, func, sorted(set(taken) | set(missed)), is_range)
    shown = view.value(p, c)
    try:
        computed = ctx.value_of(sm, fx.parse(fixed, p, c), p, c)
    except (fx.FormulaSyntaxError, ValueError):
        computed = None
    where = (f"yang termasuk blok baris {p} ({label_of(sm, p)})" if sm.rows.info[p].is_parent and label_of(sm, p)
             else "yang berisi angka sejenis")
    what = f"Rumus {func} tidak mencakup baris {rows_text(missed)} {where}."
    detail = f"{cell(p, c)} {text}; seharusnya {fixed}"
    severity = Severity.WARNING if sec is None else Severity.ERROR
    if is_number(computed) and is_number(shown):
        if abs(float(computed) - float(shown)) > 1e-9 * max(1.0, abs(float(computed))):
            detail += f": {angka(computed)}, bukan {angka(shown)}."
            severity = Severity.ERROR
        else:
            detail += f" (hasilnya sekarang sama: {angka(shown)})."
            severity = Severity.WARNING
    else:
        detail += "."
    return Hit(NAME, severity, sm.name, p, c, what, detail, group=("kurang", p, tuple(missed)), expected=fixed,
               found=text)


RULE = Rule(NAME, "Jumlah atau rata-rata yang tidak mencakup semua baris bloknya", run)
