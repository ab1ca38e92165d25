"""Cell edits in a worksheet part, written by the same streaming pass that stores cached values.

The recalculation writes little: the findings table, four summary cells and the colour of the
cells it reports on. Saving the whole workbook through openpyxl to do so rebuilds every cell of
every sheet (seconds at 20,000 indicator rows). Here those edits ride along the one pass the
rewriter (:mod:`.rewrite`) makes over the sheet parts: a cell being edited is replaced, a missing
cell or row is inserted in its place in the order the format requires, and every other byte is
copied as it was. New cell formats come from :class:`~.styles.StyleBook`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from lkjip_xl import a1
from lkjip_xl.ooxml.rewrite import CELL_PREFIX, RewriteStats, SheetRewriter
from lkjip_xl.ooxml.text import PREFIX as _PREFIX
from lkjip_xl.ooxml.text import col_number, escape_text
from lkjip_xl.ooxml.values import Formula, cached_value

__all__ = ["KEEP", "EditingRewriter", "Formula", "SheetEdits", "cell_content"]

#: Keep what the cell has (its value, or its format).
KEEP = object()


_EDIT_TOKEN = re.compile(
    rb"<(/?)(" + _PREFIX + rb")(?:(row)\b([^>]*?)(/?)>|c\b(?:[^>]*?/>|[^>]*>.*?</" + _PREFIX + rb"c>)"
    rb"|(sheetData)\b[^>]*?(/?)>|(dimension)\b[^>]*>)", re.S)
#: A whole row, or one of the other tokens the editing needs (sheetData, dimension).
_ROW_LEVEL = re.compile(
    rb"<(/?)(" + _PREFIX + rb")(?:(row)\b([^>]*?)(?:/>|>.*?</" + _PREFIX + rb"row>)"
    rb"|(sheetData)\b[^>]*?(/?)>|(dimension)\b[^>]*>)", re.S)
#: Where a row-level token starts: a chunk is cut there, never inside a row (so not at ``</row>``).
_ROW_LEVEL_START = re.compile(rb"<" + _PREFIX + rb"(?:row|sheetData|dimension)\b|</" + _PREFIX + rb"sheetData\b")
_ROW_R = re.compile(rb"""\sr\s*=\s*["']\s*([0-9]{1,7})\s*["']""")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']\s*\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\s*["']""")
_S_ATTR = re.compile(rb"""\s+s\s*=\s*(?:"[^"]*"|'[^']*')""")
_REF_ATTR = re.compile(rb"""(\sref\s*=\s*)(?:"[^"]*"|'[^']*')""")
_HEIGHT_ATTRS = re.compile(rb"""\s+(?:ht|customHeight)\s*=\s*(?:"[^"]*"|'[^']*')""")


def _row_height(tag: bytes, height: float | None) -> bytes:
    """A ``<row ...>`` (or ``<row .../>``) start tag with its height set (None: removed)."""
    tag = _HEIGHT_ATTRS.sub(b"", tag)
    if height is None:
        return tag
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:end].rstrip() + f' ht="{height:g}" customHeight="1"'.encode() + tag[end:]


@dataclass
class SheetEdits:
    """The cells to change in one sheet: (row, column) -> [value or KEEP, format number or KEEP]."""

    cells: dict[tuple[int, int], list[Any]] = field(default_factory=dict)
    #: The sheet's used range after the edits (``"A1:I40"``), for its ``<dimension>``.
    dimension: str | None = None
    #: row -> its height in points (None: the default height again)
    heights: dict[int, float | None] = field(default_factory=dict)

    def set_value(self, row: int, col: int, value: Any) -> None:
        self.cells.setdefault((row, col), [KEEP, KEEP])[0] = value

    def set_style(self, row: int, col: int, style: int) -> None:
        self.cells.setdefault((row, col), [KEEP, KEEP])[1] = style

    def set_formula(self, row: int, col: int, formula: str) -> None:
        self.set_value(row, col, Formula(formula))


def cell_content(value: Any, prefix: bytes) -> tuple[bytes | None, bytes]:
    """(t attribute, inner XML) of a plain value written into a cell (text as an inline string:
    a quoted formula or "#DIV/0!" stays text), or of a :class:`Formula`."""
    if value is None:
        return None, b""
    if isinstance(value, Formula):
        f = b"<" + prefix + b"f>" + escape_text(value.text.removeprefix("=")) + b"</" + prefix + b"f>"
        cached = cached_value(value.value)
        if cached is None:  # no value to show yet: the recalculation that follows computes it
            return None, f
        t, text = cached
        return t, f + b"<" + prefix + b"v>" + text + b"</" + prefix + b"v>"
    if isinstance(value, str):
        text = escape_text(value)
        space = b' xml:space="preserve"' if value != value.strip() or "\n" in value else b""
        return b"inlineStr", b"<" + prefix + b"is><" + prefix + b"t" + space + b">" + text + b"</" + prefix + b"t></" + prefix + b"is>"
    if isinstance(value, (bool, int, float, Decimal)):
        cached = cached_value(value)
        if cached is None:
            return None, b""
        t, text = cached
        return t, b"<" + prefix + b"v>" + text + b"</" + prefix + b"v>"
    return cell_content(str(value), prefix)


class EditingRewriter(SheetRewriter):
    """:class:`~.rewrite.SheetRewriter` that also writes :class:`SheetEdits` into the sheet."""

    token_pattern = _EDIT_TOKEN
    #: Chunks are cut between rows: a row is rewritten whole.
    token_start = _ROW_LEVEL_START

    def __init__(self, sheet: str, values: Mapping[tuple[str, str], Any], stats: RewriteStats, edits: SheetEdits) -> None:
        super().__init__(sheet, values, stats)
        self.edits = edits
        self.pending = sorted(edits.cells)
        self.edited_rows = {r for r, _ in edits.cells} | set(edits.heights)
        self.next = 0
        self.prefix = b""

    def _rewrite(self, text: bytes) -> bytes:
        """Runs of rows without edits go the base way together (only their formula cells are
        looked at); a row with edits, and the tokens around rows, go token by token."""
        out: list[bytes] = []
        put = out.append
        pos = 0
        run = -1  # where the current run of rows without edits began
        for m in _ROW_LEVEL.finditer(text):
            start = m.start()
            if m.group(3) and not m.group(1):  # a whole row
                r = _ROW_R.search(m.group(4))
                row = int(r.group(1)) if r else self.row + 1
                new_rows_first = self.next < len(self.pending) and self.pending[self.next][0] < row
                if row not in self.edited_rows and not new_rows_first:
                    if run < 0:
                        if pos != start:
                            put(text[pos:start])
                        run = start
                    pos = m.end()
                    self.row, self.col = row, 0
                    continue
            if run >= 0:
                put(super()._rewrite(text[run:start]))
                run = -1
            elif pos != start:
                put(text[pos:start])
            pos = m.end()
            put(self._each_token(m.group(0)))
        if run >= 0:
            put(super()._rewrite(text[run:pos]))
        put(text[pos:])
        return b"".join(out)

    # -- new cells and rows ---------------------------------------------------------------------
    def _new_cell(self, row: int, col: int) -> bytes:
        value, style = self.edits.cells[(row, col)]
        return self._cell_xml(row, col, None if value is KEEP else value, 0 if style is KEEP else style)

    def _cell_xml(self, row: int, col: int, value: Any, style: int) -> bytes:
        p = self.prefix
        t, inner = cell_content(value, p)
        head = b"<" + p + b'c r="' + a1.cell(row, col).encode() + b'"'
        if style:
            head += b' s="' + str(style).encode() + b'"'
        if t:
            head += b' t="' + t + b'"'
        if not inner:
            return head + b"/>"
        return head + b">" + inner + b"</" + p + b"c>"

    def _cells_before(self, row: int, col: int | None) -> bytes:
        """The pending new cells of ``row`` before column ``col`` (all of them when None)."""
        out = []
        while self.next < len(self.pending):
            r, c = self.pending[self.next]
            if r != row or (col is not None and c >= col):
                break
            out.append(self._new_cell(r, c))
            self.next += 1
        return b"".join(out)

    def _rows_before(self, row: int | None) -> bytes:
        """Whole new rows for the pending edits above ``row`` (all of them when None)."""
        out = []
        while self.next < len(self.pending):
            r = self.pending[self.next][0]
            if row is not None and r >= row:
                break
            p = self.prefix
            start = _row_height(b"<" + p + b'row r="' + str(r).encode() + b'">', self.edits.heights.get(r))
            out.append(start + self._cells_before(r, None) + b"</" + p + b"row>")
        return b"".join(out)

    # -- the stream -----------------------------------------------------------------------------
    def _token(self, m: re.Match[bytes]) -> bytes:
        whole = m.group(0)
        closing, prefix = m.group(1), m.group(2)
        if m.group(8):  # <dimension ref="...">
            if self.edits.dimension:
                return _REF_ATTR.sub(lambda d: d.group(1) + b'"' + self.edits.dimension.encode() + b'"', whole, count=1)
            return whole
        if m.group(6):  # <sheetData>, </sheetData>, <sheetData/>
            self.prefix = prefix
            if closing:
                return self._rows_before(None) + whole
            if m.group(7):  # self-closing: give it content
                rows = self._rows_before(None)
                if rows:
                    return whole[:-2].rstrip() + b">" + rows + b"</" + prefix + b"sheetData>"
            return whole
        if m.group(3):  # <row ...>, </row>, <row .../>
            if closing:
                return self._cells_before(self.row, None) + whole
            r = _ROW_R.search(m.group(4))
            row = int(r.group(1)) if r else self.row + 1
            before = self._rows_before(row)
            self.row, self.col = row, 0
            if row in self.edits.heights:
                whole = _row_height(whole, self.edits.heights[row])
            if m.group(5):  # an empty row
                cells = self._cells_before(row, None)
                if cells:
                    return before + whole[:-2].rstrip() + b">" + cells + b"</" + prefix + b"row>"
                return before + whole
            return before + whole
        # a cell
        end = whole.index(b">")
        start = whole[: end + 1]
        r = _R_ATTR.search(start)
        col = col_number(r.group(1)) if r else self.col + 1
        row = int(r.group(2)) if r else self.row
        new = self._cells_before(row, col)
        edit = self.edits.cells.get((row, col))
        if edit is None:
            return new + super()._token(m)
        if self.next < len(self.pending) and self.pending[self.next] == (row, col):
            self.next += 1
        self.row, self.col = row, col
        value, style = edit
        if value is KEEP:
            out = super()._token(m)
            return new + self._restyle(out, style)
        if style is KEEP:
            s = re.search(rb"""\ss\s*=\s*["']([0-9]+)["']""", start)
            style = int(s.group(1)) if s else 0
        tag = CELL_PREFIX.match(start)
        saved, self.prefix = self.prefix, tag.group(1) if tag else self.prefix
        try:
            return new + self._cell_xml(row, col, value, style)
        finally:
            self.prefix = saved

    @staticmethod
    def _restyle(cell: bytes, style: Any) -> bytes:
        if style is KEEP:
            return cell
        end = cell.index(b">")
        start = cell[:end + 1]
        closing = start.endswith(b"/>")
        body = _S_ATTR.sub(b"", start[:-2] if closing else start[:-1]).rstrip()
        return body + b' s="' + str(style).encode() + b'"' + (b"/>" if closing else b">") + cell[end + 1:]
