"""A typed figure that breaks the sum the other rows keep: in every row the column equals the sum
of the columns beside it (E = F+G+H+I, a total over the years), except in this one (``E42 = 4`` while
F42+G42+H42+I42 = 13). Found from the figures themselves, for tables typed without formulas."""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_blank, is_number
from lkjip_xl.audit.layout import KODE, NUMBER, UNIT
from lkjip_xl.audit.text import angka, cell, col
from lkjip_xl.findings import Severity

NAME = "jumlah-baris-tidak-sesuai"
#: the widest run of columns a total is looked for over
MAX_SPAN = 12
MIN_ROWS = 4
MIN_SHARE = 0.8


def _figure(v) -> float | None:
    """A typed cell as a number: numbers, and '-' or blank as 0 (how these tables write nothing)."""
    if is_number(v):
        return float(v)
    if is_blank(v) or (isinstance(v, str) and v.strip() in ("-", "–", "—")):
        return 0.0
    return None


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view, lay = sm.view, sm.layout
        rows = [r for r, ri in sm.rows.info.items() if not ri.empty and not ri.summary and ri.inputs]
        if len(rows) < MIN_ROWS + 1:
            continue
        cols = [c for c in range(1, view.n_cols + 1) if lay.kinds.get(c) not in (KODE, UNIT, NUMBER)
                and sum(1 for r in rows if is_number(view.value(r, c)) and not view.is_formula(r, c)) >= MIN_ROWS]
        colset = set(cols)
        grid = {c: [_figure(view.value(r, c)) if not view.is_formula(r, c) else None for r in rows] for c in cols}
        for x in cols:
            for a, b in _windows(x, colset):
                verdict = _relation(grid, rows, x, a, b)
                if verdict is None:
                    continue
                holds, breaks = verdict
                for i in breaks:
                    r = rows[i]
                    total = sum(grid[c][i] or 0.0 for c in range(a, b + 1))
                    terms = "+".join(cell(r, c) for c in range(a, b + 1))
                    yield Hit(NAME, Severity.ERROR, sm.name, r, x,
                              f"Angka tidak sesuai pola baris lain: di {holds} baris kolom {col(x)} = "
                              f"{col(a)}+...+{col(b)} (jumlah kolom {col(a)} sampai {col(b)}).",
                              f"{cell(r, x)} = {angka(view.value(r, x))}, padahal {terms} = {angka(total)}.",
                              group=(x, a, b), expected=total, found=view.value(r, x))
                break  # one relation per column


def _windows(x: int, cols: set[int]):
    """Runs of two or more numeric columns right after or right before column x."""
    for start, step in ((x + 1, 1), (x - 1, -1)):
        run = []
        c = start
        while c in cols and len(run) < MAX_SPAN:
            run.append(c)
            c += step
        for n in range(len(run), 1, -1):
            part = run[:n]
            yield min(part), max(part)


def _relation(grid, rows, x: int, a: int, b: int):
    holds = 0
    breaks = []
    tried = 0
    totals = set()
    for i in range(len(rows)):
        xv = grid[x][i]
        terms = [grid[c][i] for c in range(a, b + 1)]
        if xv is None or any(t is None for t in terms):
            continue
        numeric_terms = sum(1 for c in range(a, b + 1) if is_number(grid[c][i]) and grid[c][i] != 0)
        if numeric_terms < 2 and xv == 0:
            continue
        tried += 1
        if abs(sum(terms) - xv) <= 1e-6 * max(1.0, abs(xv)):
            if numeric_terms >= 2:
                holds += 1
                totals.add(xv)
        else:
            breaks.append(i)
            if len(breaks) > 3:
                return None  # no pattern here (most windows end at once)
    if len(totals) < 2:
        return None  # columns of constants (3 = 2 + 1 on every row) add up by chance, not by design
    if holds < MIN_ROWS or tried == 0 or holds < MIN_SHARE * tried or not breaks or len(breaks) > 3:
        return None
    return holds, breaks


RULE = Rule(NAME, "Angka ketikan yang tidak sesuai pola jumlah baris lain", run)
