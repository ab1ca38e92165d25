"""The row hierarchy of a sheet, recovered from what staff see: level words (Urusan, Program,
Kegiatan, Sub Kegiatan), kode depth, bold, indentation, and summary labels (Jumlah, Rata-rata).

Each row gets a *role* (rows of the same role are siblings: the indicator rows, the program rows,
the "Rata-rata capaian" rows) and a parent. A parent's *block* is the rows under it up to the next
row of its level or above; aggregate formulas are checked against blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkjip_xl.audit import formula as fx
from lkjip_xl.audit.grid import SheetView, is_blank, is_number
from lkjip_xl.audit.layout import KODE, NUMBER, UNIT, Layout

_LEVELS = [
    (re.compile(r"^sub\s*-?\s*kegiatan\b"), 50, "sub kegiatan"),
    (re.compile(r"^kegiatan\b"), 40, "kegiatan"),
    (re.compile(r"^program\b"), 30, "program"),
    (re.compile(r"^bidang\b"), 20, "bidang"),
    (re.compile(r"^(non\s+)?urusan\b"), 10, "urusan"),
]
_SUMMARY = re.compile(r"^(jumlah|total|sub\s*-?\s*total|grand\s*total|rata\s*-?\s*rata|predikat|nilai\s+rata)")
#: a summary label on its own ("Jumlah", "Sub Total", "Rata-rata :"), without a bold look to go by
_SUMMARY_ALONE = re.compile(r"^(jumlah|total|sub\s*-?\s*total|grand\s*total|jumlah\s+total|total\s+jumlah|"
                            r"rata\s*-?\s*rata|jumlah\s+seluruhnya|jumlah\s+keseluruhan)\s*[:.]?$")
_ROMAN = re.compile(r"^[ivxlcdm]+\.?$", re.IGNORECASE)
#: a kode: dotted numbers (1.01.02), dotted with letters (X.XX.01.2.02, AREN001.1), or letters and
#: digits (AREN001)
_KODE_TEXT = re.compile(r"^(?=[^ ]*\d)[0-9A-Za-z]{1,8}(?:\.[0-9A-Za-z]{1,8})+\.?$|^[A-Z]{2,6}\d{2,}$")
LEAF = 1000
HEADING = 90
AGGREGATE_PARENT = 95


@dataclass
class RowInfo:
    row: int
    label: str = ""
    level_word: str | None = None
    rank: int = LEAF
    summary: bool = False
    kode_depth: int = 0
    bold: bool = False
    indent: int = 0
    empty: bool = True
    numbers: int = 0  # cells showing a number or holding a formula
    inputs: int = 0  # typed numbers (kode and row numbers aside)
    aggregates: dict[int, tuple[str, int, int]] = field(default_factory=dict)  # col -> (func, r1, r2)
    term_sums: int = 0  # cells adding (or averaging) single cells of their own column below them
    #: col -> (function, the rows it takes) for those cells
    terms: dict[int, tuple[str, tuple[int, ...]]] = field(default_factory=dict)
    role: tuple = ()
    label_col: int = 0
    header: bool = False  # a row of column titles inside the data (a second table starts)
    footer: bool = False  # every total of the row adds rows above it: it closes, it heads nothing
    table: int = 0
    parent: int | None = None
    block_end: int = 0  # last row of its block (its own row when it has none)

    @property
    def is_parent(self) -> bool:
        return self.rank < LEAF


@dataclass
class Rows:
    info: dict[int, RowInfo]
    first: int
    last: int

    def get(self, row: int) -> RowInfo | None:
        return self.info.get(row)

    def block(self, row: int) -> range:
        ri = self.info.get(row)
        if ri is None:
            return range(row + 1, row + 1)
        return range(row + 1, ri.block_end + 1)

    def ancestors(self, row: int) -> list[int]:
        out = []
        p = self.info[row].parent if row in self.info else None
        while p is not None:
            out.append(p)
            p = self.info[p].parent
        return out

    def children(self, row: int) -> list[int]:
        return [r for r in self.block(row) if r in self.info and self.info[r].parent == row]


def vertical_aggregate(view: SheetView, row: int, col: int) -> tuple[str, int, int] | None:
    """(function, first row, last row) when the cell aggregates a range of its own column above or
    below it (``SUM(J18:J37)``, ``IFERROR(AVERAGE(J10:J13),"")``); conditional ones (SUMIF) and
    sums of separate terms are not blocks."""
    shape = view.shape(row, col)
    if shape is None or shape.aggregate is None:
        return None
    func, ref = shape.aggregate
    r1, c1, r2, c2 = ref.at(row, col)
    if c1 != col or c2 != col or r1 <= row <= r2:
        return None
    return func, r1, r2


def children_sum(view: SheetView, row: int, col: int) -> tuple[str, tuple[int, ...]] | None:
    """(function, rows) of a formula adding or averaging two or more single cells of its own
    column, all below it (``SUM(K14+K22+K27)``, ``AVERAGE(Q42,Q44)``): the total of a parent over
    chosen children."""
    shape = view.shape(row, col)
    if shape is None or shape.node is None:
        return None
    node = fx.strip(shape.node)
    func = "SUM"
    if isinstance(node, fx.Func) and node.name in ("SUM", "AVERAGE"):
        func = node.name
        parts: list[fx.Node] = []
        for a in node.args:
            parts.extend(_plus_terms(a))
    else:
        parts = _plus_terms(node)
    if len(parts) < 2:
        return None
    flat: list[fx.Node] = []
    for p in parts:
        p = fx.strip(p)
        if isinstance(p, fx.Func) and p.name == "SUM":
            for a in p.args:
                flat.extend(_plus_terms(a))
        else:
            flat.append(p)
    rows = []
    for p in flat:
        p = fx.strip(p)
        if not isinstance(p, fx.Ref) or p.sheet is not None or p.kind != "cell":
            return None
        r1, c1, r2, c2 = p.at(row, col)
        if c1 != col or r1 == row:
            return None
        rows.append(r1)
    if len(rows) < 2 or not (all(r > row for r in rows) or all(r < row for r in rows)):
        return None  # children all below (a parent) or all above (a total under its lines)
    return func, tuple(rows)


def _plus_terms(node: fx.Node) -> list[fx.Node]:
    node = fx.strip(node)
    if isinstance(node, fx.Bin) and node.op == "+":
        return _plus_terms(node.left) + _plus_terms(node.right)
    return [node]


def find_rows(view: SheetView, lay: Layout) -> Rows:
    first = lay.first_data_row
    last = view.n_rows
    info: dict[int, RowInfo] = {}
    table = 0
    for r in range(first, last + 1):
        ri = info[r] = _row_info(view, lay, r)
        if ri.header:
            table += 1
        ri.table = table
    _ranks(info)
    _tree(info)
    # a label that repeats down the sheet names a kind of row (Renc keuangan, Real fisik...)
    seen: dict[str, int] = {}
    for ri in info.values():
        if ri.label and not ri.is_parent and not ri.summary:
            key = " ".join(ri.label.lower().split())
            seen[key] = seen.get(key, 0) + 1
    for ri in info.values():
        ri.role = _role(ri)
        if ri.label and not ri.is_parent and not ri.summary:
            key = " ".join(ri.label.lower().split())
            if seen.get(key, 0) >= 3:
                ri.role = ("row", ri.table, "label", key)
    return Rows(info, first, last)


def _row_info(view: SheetView, lay: Layout, r: int) -> RowInfo:
    ri = RowInfo(r)
    vals = view.row_values(r)
    texts: list[tuple[int, str]] = []
    kode_parts = 0
    for c, v in enumerate(vals, start=1):
        if is_blank(v) and not view.is_formula(r, c):
            continue
        ri.empty = False
        kind = lay.kinds.get(c)
        if view.is_formula(r, c) or is_number(v):
            if kind == KODE and is_number(v):
                kode_parts += 1
                continue
            if kind == NUMBER and is_number(v):
                continue
            ri.numbers += 1
            if not view.is_formula(r, c):
                ri.inputs += 1
            if view.is_formula(r, c):
                agg = vertical_aggregate(view, r, c)
                if agg is not None:
                    ri.aggregates[c] = agg
                else:
                    taken = children_sum(view, r, c)
                    if taken:
                        ri.term_sums += 1
                        ri.terms[c] = taken
            continue
        if not isinstance(v, str):
            continue
        t = v.strip()
        if kind == KODE:
            kode_parts += len(t.split(".")) if _KODE_TEXT.match(t) else 1
            continue
        if kind == UNIT:
            continue
        if not ri.label and len(t) > 1 and _KODE_TEXT.match(t) and not lay.kode_cols:
            kode_parts = len(t.split("."))
            continue
        texts.append((c, t))
    ri.kode_depth = kode_parts
    words = [(c, t) for c, t in texts if len(t) > 3 and re.search(r"[A-Za-z]", t) and not _ROMAN.match(t)]
    # the label: the first text of the columns that name programs and kegiatan, when the header has them
    names = [(c, t) for c, t in words if c in lay.name_cols]
    chosen = names[0] if names else (words[0] if words else (0, ""))
    ri.label_col, ri.label = chosen
    ri.bold = view.row_is_bold(r)
    titles = sum(1 for c, v in enumerate(vals, start=1) if isinstance(v, str) and v.strip() and lay.kinds.get(c) != NUMBER)
    ri.header = ri.bold and ri.numbers == 0 and ri.inputs == 0 and titles >= 3
    ri.indent = max((view.look(r, c).indent for c in range(1, min(view.n_cols, 12) + 1) if view.text(r, c)), default=0)
    low = ri.label.lower()
    for pattern, rank, word in _LEVELS:
        if pattern.match(low):
            ri.level_word = word
            ri.rank = rank
            break
    above = [r1 < r for _, r1, _ in ri.aggregates.values()] + [t[1][0] < r for t in ri.terms.values()]
    ri.footer = bool(above) and all(above)
    if ri.footer and _SUMMARY.match(low):
        ri.summary = True  # a total under the lines it adds ("Total Rencana ...", "Jumlah")
        ri.rank = LEAF
    elif _SUMMARY.match(low) and (ri.bold or ri.aggregates or _SUMMARY_ALONE.match(low) or low.startswith("predikat")):
        ri.summary = True
        ri.level_word = None
        ri.rank = LEAF
    return ri


def _ranks(info: dict[int, RowInfo]) -> None:
    """Rank of rows without a level word: from their kode depth, placed among the level words by
    the rows that have both (``5001.01`` PROGRAM ... makes depth 2 a program)."""
    anchors = {}
    for ri in info.values():
        if ri.level_word and ri.kode_depth:
            anchors.setdefault(ri.kode_depth, ri.rank)
    # the column where rows with figures name themselves: a bold text further right is a side note
    # (a settings panel beside the table), not a heading of the table
    cols = [ri.label_col for ri in info.values() if ri.label_col and not ri.bold]
    label_col = max(set(cols), key=cols.count) if cols else 0
    for ri in info.values():
        if ri.level_word or ri.summary or ri.empty or ri.footer:
            continue
        if ri.kode_depth and (ri.bold or ri.aggregates):
            if anchors:
                d0, k0 = min(anchors.items(), key=lambda kv: abs(kv[0] - ri.kode_depth))
                ri.rank = max(1, k0 + (ri.kode_depth - d0) * 5)
            else:
                ri.rank = 10 * ri.kode_depth
        elif ri.bold and ri.label and (ri.aggregates or ri.term_sums or ri.numbers == 0) \
                and not (label_col and ri.label_col > label_col and not (ri.aggregates or ri.term_sums)):
            ri.rank = HEADING
        elif len(ri.aggregates) + ri.term_sums >= 2:
            ri.rank = AGGREGATE_PARENT  # no word, kode nor bold: its own totals make it a parent
    # A row whose kode is as deep as that of parents known by their totals alone is one of them,
    # even without a total of its own (criterion AREN002.3 beside AREN002.1 and .2); not where
    # level words name the parents (a kegiatan may repeat its program's kode).
    by_totals = {ri.kode_depth: ri.rank for ri in info.values()
                 if ri.kode_depth and ri.is_parent and not ri.level_word and ri.aggregates and not ri.bold}
    worded = {ri.kode_depth for ri in info.values() if ri.kode_depth and ri.level_word}
    for ri in info.values():
        if not ri.is_parent and not ri.summary and ri.label and ri.kode_depth in by_totals \
                and ri.kode_depth not in worded:
            ri.rank = by_totals[ri.kode_depth]
    # A parent known only by its look (a bold heading, a row of totals) sits just above the highest
    # rows it totals: "PERENCANAAN =SUM(K13+K55+K70)" over three programs is above programs.
    for r in sorted(info, reverse=True):
        ri = info[r]
        if ri.level_word or ri.rank not in (HEADING, AGGREGATE_PARENT) or not (ri.aggregates or ri.terms):
            continue
        # per column, the highest parent it takes; the row sits above the lowest of those (a column
        # that wrongly takes a sibling's total must not lift the row above its siblings)
        highest = []
        for taken in [range(r1, r2 + 1) for _, r1, r2 in ri.aggregates.values()] + [t for _, t in ri.terms.values()]:
            ranks = [info[t].rank for t in taken if t in info and info[t].is_parent]
            if ranks:
                highest.append(min(ranks))
        if highest:
            ri.rank = max(1, max(highest) - 5)
    # A heading without figures titles the group that follows it: just above the first parent under it.
    order = sorted(info)
    for k, r in enumerate(order):
        ri = info[r]
        if ri.rank != HEADING or ri.aggregates or ri.terms:
            continue
        for nxt in order[k + 1:]:
            n = info[nxt]
            if n.empty or (n.rank == HEADING and not n.aggregates and not n.terms):
                continue
            if n.is_parent and n.rank < HEADING:
                ri.rank = max(1, n.rank - 5)
            break


def _tree(info: dict[int, RowInfo]) -> None:
    stack: list[RowInfo] = []
    for r in sorted(info):
        ri = info[r]
        if ri.empty:
            ri.parent = stack[-1].row if stack else None
            continue
        if ri.header:
            stack.clear()
            ri.parent = None
            continue
        if ri.is_parent:
            while stack and stack[-1].rank >= ri.rank and not (stack[-1].rank == HEADING and ri.rank < HEADING
                                                                and not stack[-1].aggregates):
                stack.pop()
            ri.parent = stack[-1].row if stack else None
            stack.append(ri)
        else:
            ri.parent = stack[-1].row if stack else None
            if ri.summary and stack:
                stack.pop()
    # block ends: the last row whose ancestor chain reaches the row (trailing empty rows excluded)
    for ri in info.values():
        ri.block_end = ri.row
    for r in sorted(info):
        ri = info[r]
        if ri.empty:
            continue
        p = ri.parent
        while p is not None:
            pi = info[p]
            if pi.block_end < r:
                pi.block_end = r
            p = pi.parent


def _role(ri: RowInfo) -> tuple:
    if ri.header:
        return ("header", ri.table)
    if ri.summary:
        words = re.sub(r"[^a-z ]", " ", ri.label.lower()).split()
        return ("summary", ri.table, " ".join(words[:3]))
    if ri.is_parent:
        return ("parent", ri.table, ri.level_word or "", ri.rank, None if ri.level_word else ri.bold)
    return ("row", ri.table, bool(ri.label), ri.bold, ri.indent, ri.inputs > 0)
