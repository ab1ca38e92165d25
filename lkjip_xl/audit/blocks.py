"""Blocks and what aggregates should cover: the hierarchy rules' shared questions.

* :func:`section`: the rows an aggregate row stands for (a parent's block without its footer, or
  the rows a "Jumlah"/"Rata-rata" row closes);
* :func:`segments`: the sheet cut at its sibling parents (program 1, program 2...), to tell a
  reference into another program's block;
* :func:`source_of`: a cell followed through plain copies (``=H38``) to the formula that makes it;
* :func:`dependents`: the formula cells that read a cell directly.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from lkjip_xl import a1
from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.core import SheetModel
from lkjip_xl.audit.grid import is_blank, is_number
from lkjip_xl.audit.rows import vertical_aggregate


def has_value(sm: SheetModel, row: int, col: int) -> bool:
    return sm.view.is_formula(row, col) or is_number(sm.view.value(row, col))


def section(sm: SheetModel, row: int) -> tuple[int, int] | None:
    """(first, last) row the aggregates of ``row`` should stand for, or None when the row has no
    place in the hierarchy to tell."""
    rows = sm.rows
    ri = rows.get(row)
    if ri is None:
        return None
    if ri.is_parent:
        start, end = row + 1, ri.block_end
        while end >= start and (rows.info[end].summary or rows.info[end].empty):
            end -= 1
        return (start, end) if end >= start else None
    if ri.summary:
        if ri.parent is not None:
            start = ri.parent + 1
        else:
            start = rows.first
            for r in range(row - 1, rows.first - 1, -1):
                info = rows.info.get(r)
                if info is not None and (info.summary or info.is_parent):
                    start = r + 1
                    break
        end = row - 1
        while end >= start and rows.info[end].empty:
            end -= 1
        return (start, end) if end >= start else None
    return None


def segments(sm: SheetModel) -> list[tuple[int, int, int]]:
    """(first, last, parent row) of each block of the sheet's most common aggregate-holding parent
    role (the programs, usually); [] when there are fewer than two."""
    found = sm.extra.get("segments")
    if found is not None:
        return found
    counts: Counter = Counter()
    for ri in sm.rows.info.values():
        if ri.is_parent and ri.aggregates:
            counts[ri.role] += 1
    out: list[tuple[int, int, int]] = []
    if counts:
        # the highest level among roles that repeat
        roles = [role for role, n in counts.items() if n >= 2]
        if roles:
            role = min(roles, key=lambda rl: (sm.rows.info[next(r for r, i in sm.rows.info.items() if i.role == rl)].rank))
            starts = sorted(r for r, ri in sm.rows.info.items() if ri.role == role)
            for i, s in enumerate(starts):
                end = starts[i + 1] - 1 if i + 1 < len(starts) else sm.rows.last
                out.append((s, end, s))
    sm.extra["segments"] = out
    return out


def segment_of(sm: SheetModel, row: int) -> tuple[int, int, int] | None:
    for seg in segments(sm):
        if seg[0] <= row <= seg[1]:
            return seg
    return None


def source_of(sm: SheetModel, row: int, col: int, depth: int = 5) -> tuple[int, int]:
    """The cell a plain copy (``=H38``, ``=+H38``) ultimately shows, on the same sheet."""
    for _ in range(depth):
        node = sm.view.node(row, col)
        if node is None:
            break
        bare = fx.strip(node)
        if isinstance(bare, fx.Ref) and bare.kind == "cell" and bare.sheet is None:
            row, col = bare.at(row, col)[:2]
            continue
        break
    return row, col


def aggregate_kind(sm: SheetModel, row: int, col: int) -> tuple[str, int, int, int, int] | None:
    """(function, source row, source col, first row, last row) of the vertical aggregate a cell
    shows, through plain copies."""
    r, c = source_of(sm, row, col)
    agg = vertical_aggregate(sm.view, r, c)
    if agg is None:
        return None
    return agg[0], r, c, agg[1], agg[2]


def dependents(sm: SheetModel) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """cell -> formula cells of the same sheet that name it directly (single-cell references)."""
    found = sm.extra.get("dependents")
    if found is not None:
        return found
    out: dict[tuple[int, int], list[tuple[int, int]]] = {}
    view = sm.view
    for r, c in view.formula_cells():
        shape = view.shape(r, c)
        if shape is None:
            continue
        for ref in shape.refs:
            if ref.sheet is None and ref.kind == "cell":
                out.setdefault(ref.at(r, c)[:2], []).append((r, c))
    sm.extra["dependents"] = out
    return out


_RANGE = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)(\d+):(\$?)([A-Za-z]{1,3})(\$?)(\d+)")


def replace_range(text: str, col: int, old: tuple[int, int], new: tuple[int, int]) -> str:
    """``text`` with the range of column ``col`` rows ``old`` written as rows ``new`` (the $ kept)."""

    def sub(m: re.Match) -> str:
        try:
            c1, c2 = a1.col_index(m.group(2)), a1.col_index(m.group(6))
        except ValueError:
            return m.group(0)
        if c1 == col == c2 and (int(m.group(4)), int(m.group(8))) == old:
            return (f"{m.group(1)}{m.group(2)}{m.group(3)}{new[0]}:"
                    f"{m.group(5)}{m.group(6)}{m.group(7)}{new[1]}")
        return m.group(0)

    return _RANGE.sub(sub, text)


def rows_text(rows: list[int]) -> str:
    """``21-37`` / ``31, 32`` / ``21-25, 30``."""
    parts = []
    for r in sorted(rows):
        if parts and parts[-1][1] + 1 == r:
            parts[-1][1] = r
        else:
            parts.append([r, r])
    return ", ".join(f"{a}" if a == b else (f"{a}, {b}" if b == a + 1 else f"{a}-{b}") for a, b in parts)


def label_of(sm: SheetModel, row: int) -> str:
    ri = sm.rows.get(row)
    label = ri.label if ri is not None else ""
    return label if len(label) <= 60 else label[:57] + "..."


def nonblank_rows(sm: SheetModel, rows: range) -> Iterator[int]:
    for r in rows:
        info = sm.rows.get(r)
        if info is not None and not info.empty:
            yield r


def blank(sm: SheetModel, row: int, col: int) -> bool:
    return not sm.view.is_formula(row, col) and is_blank(sm.view.value(row, col))


def aggregates_of(sm: SheetModel) -> Iterator[tuple[int, int, str, list[int], bool]]:
    """(row, col, function, rows taken, whether as one range) of every aggregate over the cell's
    own column below or above it: ranges (``SUM(J18:J37)``) and lists of children
    (``SUM(K14+K22+K27)``, ``AVERAGE(Q42,Q44)``)."""
    for p, ri in sm.rows.info.items():
        for c, (func, r1, r2) in ri.aggregates.items():
            yield p, c, func, list(range(r1, r2 + 1)), True
        for c, (func, taken) in ri.terms.items():
            yield p, c, func, list(taken), False


def rewrite_rows(text: str, row: int, col: int, func: str, rows: list[int], is_range: bool) -> str:
    """The formula that takes ``rows`` of column ``col``: its range rewritten, or a new list."""
    letter = a1.col_letter(col)
    contiguous = rows == list(range(rows[0], rows[-1] + 1))
    if is_range:
        old = _RANGE.search(text) or re.search(r"\$?[A-Za-z]{1,3}\$?\d+", text)
        r1, r2 = rows[0], rows[-1]
        if contiguous and old is not None:
            return text[:old.start()] + f"{letter}{r1}:{letter}{r2}" + text[old.end():]
    if contiguous and len(rows) > 2:
        return f"={func}({letter}{rows[0]}:{letter}{rows[-1]})"
    return f"={func}(" + ",".join(f"{letter}{r}" for r in rows) + ")"
