"""The one rewriter of worksheet parts: cached values into formula cells, streamed.

openpyxl writes a formula *or* a value into a cell, never both, so a workbook it saved opens with
empty formula results everywhere except in an application that recalculates on load: a viewer,
a phone, ``openpyxl.load_workbook(data_only=True)`` or LibreOffice with its default settings all
show nothing. The recalculation therefore stores the computed values itself:

* every formula cell of a worksheet part gets the computed value as ``<v>``, its ``<f>``
  untouched: numbers as the shortest text that reads back to the same double (``57.81``,
  ``1e-05``), text with ``t="str"`` (an empty-string result as ``<v></v>``), booleans ``t="b"``
  and Excel errors ``t="e"``; a formula whose result is empty (``None``) keeps no ``<v>``; the
  other cells of an array formula's range get their part of the result;
* ``xl/workbook.xml`` gets ``<calcPr fullCalcOnLoad="1"/>`` (:func:`with_full_calc_on_load`) so Excel
  still recomputes on open;
* worksheet XML is streamed in chunks (regular expressions over the bytes, no DOM), so the
  memory used does not grow with the size of a sheet. The common case (cells written as Excel and
  openpyxl write them) is rewritten at C speed by one substitution; anything else token by token.

The recalculation also writes a little: the findings table, four summary cells and the colour of
the cells it reports on. Saving the whole workbook through openpyxl to do so rebuilds every cell
of every sheet (seconds at 20,000 indicator rows), so those edits (:class:`~.edit.SheetEdits`)
ride along the same pass: a cell being edited is replaced, a missing cell or row is inserted in
its place in the order the format requires, and every other byte is copied as it was. Runs of
rows without edits, and a sheet without any, take the fast path above.

:class:`SheetRewriter` rewrites one part; :func:`lkjip_xl.ooxml.copy.write_package` drives it over
a whole package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Mapping

from lkjip_xl import a1
from lkjip_xl.ooxml.edit import KEEP, SheetEdits, cell_xml
from lkjip_xl.ooxml.package import PackageError
from lkjip_xl.ooxml.text import CHUNK, PREFIXED_CELL, col_number, whole_tokens
from lkjip_xl.ooxml.text import PREFIX as _PREFIX
from lkjip_xl.ooxml.values import cached_value

__all__ = ["RewriteStats", "SheetRewriter", "with_full_calc_on_load"]

#: Bytes read from a worksheet part at a time (the tests vary it to cut tokens everywhere).
_CHUNK = CHUNK

#: A row tag (start, end or empty), a whole cell element (self-closing, or up to its end tag), a
#: sheetData tag or the dimension.
_TOKEN = re.compile(
    rb"<(/?)(" + _PREFIX + rb")(?:(row)\b([^>]*?)(/?)>|c\b(?:[^>]*?/>|[^>]*>.*?</" + _PREFIX + rb"c>)"
    rb"|(sheetData)\b[^>]*?(/?)>|(dimension)\b[^>]*>)", re.S)
#: A whole row, or one of the other tokens the editing needs (sheetData, dimension).
_ROW_LEVEL = re.compile(
    rb"<(/?)(" + _PREFIX + rb")(?:(row)\b([^>]*?)(?:/>|>.*?</" + _PREFIX + rb"row>)"
    rb"|(sheetData)\b[^>]*?(/?)>|(dimension)\b[^>]*>)", re.S)
#: Where a row-level token starts: a chunk is cut there, never inside a row (so not at ``</row>``).
_ROW_LEVEL_START = re.compile(rb"<" + _PREFIX + rb"(?:row|sheetData|dimension)\b|</" + _PREFIX + rb"sheetData\b")
_FORMULA = re.compile(rb"<(" + _PREFIX + rb")f\b([^>]*?)(?:/>|>.*?</" + _PREFIX + rb"f>)", re.S)
_VALUE = re.compile(rb"<" + _PREFIX + rb"v\b[^>]*?(?:/>|>.*?</" + _PREFIX + rb"v>)", re.S)
_INLINE = re.compile(rb"<" + _PREFIX + rb"is\b[^>]*?(?:/>|>.*?</" + _PREFIX + rb"is>)", re.S)
#: A formula cell as Excel and openpyxl write it: address first, ``<f>`` its first child.
_FAST_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*)>(<f\b[^>]*?(?:/>|>[^<]*</f>))([^<]*(?:<(?!/c>)[^<]*)*)</c>')
_FORMULA_FIRST = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"[^>]*><f\b')
_LAST_ROW = re.compile(rb'<row r="([0-9]{1,7})"')
_CELL_PREFIX = re.compile(rb"<(" + _PREFIX + rb")c\b")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']\s*\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\s*["']""")
_T_ATTR = re.compile(rb"""\s+t\s*=\s*(?:"[^"]*"|'[^']*')""")
_ROW_R = re.compile(rb"""\sr\s*=\s*["']\s*([0-9]{1,7})\s*["']""")
_S_ATTR = re.compile(rb"""\s+s\s*=\s*(?:"[^"]*"|'[^']*')""")
_S_VALUE = re.compile(rb"""\ss\s*=\s*["']([0-9]+)["']""")
_REF_ATTR = re.compile(rb"""(\sref\s*=\s*)(?:"[^"]*"|'[^']*')""")
_HEIGHT_ATTRS = re.compile(rb"""\s+(?:ht|customHeight)\s*=\s*(?:"[^"]*"|'[^']*')""")
_F_T = re.compile(rb"""\st\s*=\s*["'](array|dataTable)["']""")
_F_REF = re.compile(rb"""\sref\s*=\s*["']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?["']""")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
_CALCPR = re.compile(r"<(?P<p>(?:[A-Za-z_][\w.\-]*:)?)calcPr\b(?P<attrs>[^>]*?)(?P<end>/?>)")
_FULLCALC = re.compile(r"""\s+fullCalcOnLoad\s*=\s*(?:"[^"]*"|'[^']*')""")
_ROOT = re.compile(r"<(?P<p>(?:[A-Za-z_][\w.\-]*:)?)workbook\b")


@dataclass
class RewriteStats:
    """What a rewrite of the package did (:func:`lkjip_xl.ooxml.copy.write_package`)."""

    #: Worksheet parts rewritten, by sheet name.
    sheets: list[str] = field(default_factory=list)
    #: Formula cells found (array-formula cells without their own ``<f>`` not counted).
    formula_cells: int = 0
    #: Cells that got a ``<v>`` (numbers, text, booleans, errors).
    values_written: int = 0
    #: Formula cells whose computed result is empty (None): no ``<v>``.
    empty: int = 0
    #: Formula cells the values did not cover: left exactly as they were.
    missing: list[tuple[str, str]] = field(default_factory=list)
    #: Wall-clock seconds of the whole insertion (reading, rewriting, writing, renaming).
    seconds: float = 0.0


def with_full_calc_on_load(xml: bytes, path: Path, part: str) -> bytes:
    """workbook.xml with ``fullCalcOnLoad="1"`` on its calcPr (added when there is none)."""
    try:
        text = xml.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError(f"{path}: bagian {part} bukan XML UTF-8") from exc
    m = _CALCPR.search(text)
    if m and re.search(r"""\sfullCalcOnLoad\s*=\s*["'](1|true)["']""", m.group("attrs")):
        return xml  # already there: the part stays byte for byte
    if m:
        attrs = _FULLCALC.sub("", m.group("attrs")).rstrip().rstrip("/").rstrip()
        tag = f"<{m.group('p')}calcPr{attrs} fullCalcOnLoad=\"1\"{m.group('end')}"
        return (text[:m.start()] + tag + text[m.end():]).encode("utf-8")
    root = _ROOT.search(text)
    prefix = root.group("p") if root else ""
    tag = f'<{prefix}calcPr fullCalcOnLoad="1"/>'
    # calcPr follows sheets, functionGroups, externalReferences and definedNames (CT_Workbook).
    best = -1
    for local in ("sheets", "functionGroups", "externalReferences", "definedNames"):
        for m2 in re.finditer(rf"</{re.escape(prefix)}{local}>|<{re.escape(prefix)}{local}\b[^>]*/>", text):
            best = max(best, m2.end())
    if best < 0:
        raise PackageError(f"{path}: bagian {part} tidak berisi elemen <sheets>")
    return (text[:best] + tag + text[best:]).encode("utf-8")


# -- worksheets -------------------------------------------------------------------------------------

def _row_height(tag: bytes, height: float | None) -> bytes:
    """A ``<row ...>`` (or ``<row .../>``) start tag with its height set (None: removed)."""
    tag = _HEIGHT_ATTRS.sub(b"", tag)
    if height is None:
        return tag
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:end].rstrip() + f' ht="{height:g}" customHeight="1"'.encode() + tag[end:]


class SheetRewriter:
    """Rewrites one worksheet part, from a stream to a stream: the formula cells' cached values
    (``values``: ``{(sheet, "P12"): value}``) and the cell ``edits`` (none when None)."""

    def __init__(self, sheet: str, values: Mapping[tuple[str, str], Any], stats: RewriteStats,
                 edits: SheetEdits | None = None) -> None:
        self.sheet = sheet
        self.values = values
        self.stats = stats
        self.row = 0
        self.col = 0
        self.arrays: list[tuple[int, int, int, int]] = []
        self.edits = edits or SheetEdits()
        self.pending = sorted(self.edits.cells)
        #: Rows with edits (a new cell or a new height): only these are looked at token by token.
        self.edited_rows = {r for r, _ in self.edits.cells} | set(self.edits.heights)
        self.next = 0
        self.prefix = b""

    def run(self, src: IO[bytes], dst: IO[bytes], part: str, path: Path) -> None:
        """Copy the part ``src`` to ``dst`` with its cells rewritten (``part``, ``path``: for messages)."""
        head = src.read(_CHUNK)
        enc = _XML_ENCODING.match(head)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (enc and enc.group(1).lower() not in (b"utf-8", b"utf8")):
            raise PackageError(f"{path}: bagian {part} bukan XML UTF-8")
        # Chunks are cut between rows: a row is rewritten whole.
        for text in whole_tokens(src, _ROW_LEVEL_START, head, _CHUNK):
            dst.write(self._rewrite(text))  # one write per chunk: each call costs

    def _rewrite(self, text: bytes) -> bytes:
        """``text`` (whole rows) rewritten. Runs of rows without edits go the values' way together
        (only their formula cells are looked at); a row with edits, and the tokens around rows,
        go token by token."""
        if not self.edited_rows and not self.edits.dimension:
            return self._values(text)
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
                put(self._values(text[run:start]))
                run = -1
            elif pos != start:
                put(text[pos:start])
            pos = m.end()
            put(self._each_token(m.group(0)))
        if run >= 0:
            put(self._values(text[run:pos]))
        put(text[pos:])
        return b"".join(out)

    def _values(self, text: bytes) -> bytes:
        """``text`` (whole rows without edits) with the formula cells' values in it."""
        if not self.values:  # nothing to store (a pass that only edits cells)
            return text
        fast = self._fast(text)
        if fast is not None:
            return fast
        return self._each_token(text)

    def _each_token(self, text: bytes) -> bytes:
        """``text`` rewritten token by token (the careful way: every row and cell is looked at)."""
        out: list[bytes] = []
        put = out.append
        pos = 0
        token = self._token
        for m in _TOKEN.finditer(text):
            start = m.start()
            if pos != start:
                put(text[pos:start])
            put(token(m))
            pos = m.end()
        put(text[pos:])
        return b"".join(out)

    def _fast(self, text: bytes) -> bytes | None:
        """The common case at C speed: when every cell in ``text`` starts with its address, has no
        namespace prefix and its formula (if any) first, no array formula is about, only the
        formula cells need a look. None when that cannot be vouched for."""
        if self.arrays or b"t=\"array\"" in text or b"t=\"dataTable\"" in text:
            return None
        cells = text.count(b'<c r="')
        if cells != text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/") or PREFIXED_CELL.search(text):
            return None
        if len(_FORMULA_FIRST.findall(text)) != text.count(b"<f>") + text.count(b"<f ") + text.count(b"<f/"):
            return None  # a formula not first in its cell
        out = _FAST_FORMULA_CELL.sub(self._fast_cell, text)
        last_row = _LAST_ROW.findall(text[-4096:]) if b"<row" in text[-4096:] else None
        if last_row:
            self.row = int(last_row[-1])
        return out

    def _fast_cell(self, m: re.Match[bytes]) -> bytes:
        self.stats.formula_cells += 1
        key = (self.sheet, (m.group(1) + m.group(2)).decode())
        if key not in self.values:
            self.stats.missing.append(key)
            return m.group(0)
        rest = m.group(5)
        if rest:
            rest = _INLINE.sub(b"", _VALUE.sub(b"", rest))
        start = b'<c r="' + m.group(1) + m.group(2) + b'"' + m.group(3) + b">"
        return self._cell(start, m.group(4), b"", self.values[key], rest, b"</c>")

    # -- the careful way ----------------------------------------------------------------------------
    def _token(self, m: re.Match[bytes]) -> bytes:
        whole = m.group(0)
        if m.lastindex == 2:  # a cell (no group after the prefix took part): the common token first
            end = whole.index(b">")
            start = whole[: end + 1]
            r = _R_ATTR.search(start)
            if r:
                self.col, self.row = col_number(r.group(1)), int(r.group(2))
            else:
                self.col += 1
            if not self.edits.cells:
                return self._cell_token(whole, start, end)
            return self._edited_cell(whole, start, end)
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
        # <row ...>, </row>, <row .../>
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

    def _edited_cell(self, whole: bytes, start: bytes, end: int) -> bytes:
        """A cell of a sheet with cell edits (at ``self.row``, ``self.col``): the new cells before
        it, then the cell edited, or as :meth:`_cell_token` writes it."""
        row, col = self.row, self.col
        new = self._cells_before(row, col)
        edit = self.edits.cells.get((row, col))
        if edit is None:
            return new + self._cell_token(whole, start, end)
        if self.next < len(self.pending) and self.pending[self.next] == (row, col):
            self.next += 1
        value, style = edit
        if value is KEEP:
            return new + self._restyle(self._cell_token(whole, start, end), style)
        if style is KEEP:
            s = _S_VALUE.search(start)
            style = int(s.group(1)) if s else 0
        tag = _CELL_PREFIX.match(start)
        return new + cell_xml(a1.cell(row, col), value, style, tag.group(1) if tag else self.prefix)

    def _cell_token(self, whole: bytes, start: bytes, end: int) -> bytes:
        """A cell found token by token (at ``self.row``, ``self.col``) with its cached value."""
        if start.endswith(b"/>"):
            if self.arrays:
                return self._array_member(start[:-2].rstrip() + b">", b"", b"", whole)
            return whole
        close = whole.rfind(b"</")
        inner = whole[end + 1: close]
        f = _FORMULA.search(inner)
        if f is None:
            if self.arrays:
                return self._array_member(start, inner, whole[close:], whole)
            return whole
        self.stats.formula_cells += 1
        ref = f"{a1.col_letter(self.col)}{self.row}"
        f_attrs = f.group(2)
        if f_attrs and _F_T.search(f_attrs):
            rm = _F_REF.search(f_attrs)
            if rm:
                c1, r1 = col_number(rm.group(1)), int(rm.group(2))
                c2, r2 = (col_number(rm.group(3)), int(rm.group(4))) if rm.group(3) else (c1, r1)
                self.arrays.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        key = (self.sheet, ref)
        if key not in self.values:
            self.stats.missing.append(key)
            return whole
        rest = inner[: f.start()] + inner[f.end():]
        if rest:  # the old cached value, as <v> or as an inline string
            rest = _INLINE.sub(b"", _VALUE.sub(b"", rest))
        return self._cell(start, f.group(0), f.group(1), self.values[key], rest, whole[close:])

    def _array_member(self, start: bytes, inner: bytes, close: bytes, whole: bytes) -> bytes:
        """A cell of an array formula's range without its own <f>: its part of the result."""
        key = (self.sheet, f"{a1.col_letter(self.col)}{self.row}")
        inside = any(r1 <= self.row <= r2 and c1 <= self.col <= c2 for r1, c1, r2, c2 in self.arrays)
        if not inside or key not in self.values:
            return whole
        tag = _CELL_PREFIX.match(start)
        prefix = tag.group(1) if tag else b""
        if not close:  # it was self-closing
            close = b"</" + prefix + b"c>"
        return self._cell(start, b"", prefix, self.values[key], _VALUE.sub(b"", inner), close)

    def _cell(self, start: bytes, formula: bytes, prefix: bytes, value: Any, rest: bytes, close: bytes) -> bytes:
        cached = cached_value(value)
        if b"t" in start:
            start = _T_ATTR.sub(b"", start)
        if cached is None:
            if formula:
                self.stats.empty += 1
            return start + formula + rest + close
        t, text = cached
        if t is not None:
            start = start[:-1].rstrip() + b' t="' + t + b'">'
        self.stats.values_written += 1
        return start + formula + b"<" + prefix + b"v>" + text + b"</" + prefix + b"v>" + rest + close

    # -- new cells and rows -------------------------------------------------------------------------
    def _cells_before(self, row: int, col: int | None) -> bytes:
        """The pending new cells of ``row`` before column ``col`` (all of them when None)."""
        out = []
        while self.next < len(self.pending):
            r, c = self.pending[self.next]
            if r != row or (col is not None and c >= col):
                break
            value, style = self.edits.cells[(r, c)]
            out.append(cell_xml(a1.cell(r, c), None if value is KEEP else value, 0 if style is KEEP else style,
                                self.prefix))
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

    @staticmethod
    def _restyle(cell: bytes, style: Any) -> bytes:
        if style is KEEP:
            return cell
        end = cell.index(b">")
        start = cell[:end + 1]
        closing = start.endswith(b"/>")
        body = _S_ATTR.sub(b"", start[:-2] if closing else start[:-1]).rstrip()
        return body + b' s="' + str(style).encode() + b'"' + (b"/>" if closing else b">") + cell[end + 1:]
