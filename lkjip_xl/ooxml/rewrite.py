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

:class:`SheetRewriter` rewrites one part; :class:`lkjip_xl.ooxml.edit.EditingRewriter` also writes
cell edits; :func:`lkjip_xl.ooxml.copy.write_package` drives them over a whole package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Mapping

from lkjip_xl import a1
from lkjip_xl.ooxml.package import PackageError
from lkjip_xl.ooxml.text import PREFIX as _PREFIX
from lkjip_xl.ooxml.text import col_number
from lkjip_xl.ooxml.values import cached_value

__all__ = ["CELL_PREFIX", "RewriteStats", "SheetRewriter", "with_full_calc_on_load"]

#: Bytes read from a worksheet part at a time.
_CHUNK = 1 << 20
#: A row start tag, or a whole cell element (self-closing, or up to its end tag).
_TOKEN = re.compile(rb"<" + _PREFIX + rb"(?:(row)\b[^>]*>|c\b(?:[^>]*?/>|[^>]*>.*?</" + _PREFIX + rb"c>))", re.S)
#: Where a token may start (to know how much of an unfinished buffer must wait for more bytes).
_TOKEN_START = re.compile(rb"<" + _PREFIX + rb"(?:row|c)\b")
_FORMULA = re.compile(rb"<(" + _PREFIX + rb")f\b([^>]*?)(?:/>|>.*?</" + _PREFIX + rb"f>)", re.S)
_VALUE = re.compile(rb"<" + _PREFIX + rb"v\b[^>]*?(?:/>|>.*?</" + _PREFIX + rb"v>)", re.S)
_INLINE = re.compile(rb"<" + _PREFIX + rb"is\b[^>]*?(?:/>|>.*?</" + _PREFIX + rb"is>)", re.S)
#: A formula cell as Excel and openpyxl write it: address first, ``<f>`` its first child.
_FAST_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*)>(<f\b[^>]*?(?:/>|>[^<]*</f>))([^<]*(?:<(?!/c>)[^<]*)*)</c>')
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.\-]*:c[\s>/]")
_FORMULA_FIRST = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"[^>]*><f\b')
_LAST_ROW = re.compile(rb'<row r="([0-9]{1,7})"')
CELL_PREFIX = re.compile(rb"<(" + _PREFIX + rb")c\b")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']\s*\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\s*["']""")
_T_ATTR = re.compile(rb"""\s+t\s*=\s*(?:"[^"]*"|'[^']*')""")
_ROW_R = re.compile(rb"""\sr\s*=\s*["']\s*([0-9]{1,7})\s*["']""")
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
        raise PackageError(f"{path}: part {part} is not UTF-8 XML") from exc
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
        raise PackageError(f"{path}: part {part} has no <sheets> element")
    return (text[:best] + tag + text[best:]).encode("utf-8")


# -- worksheets -------------------------------------------------------------------------------------

class SheetRewriter:
    """Rewrites one worksheet part's cells, token by token, from a stream to a stream."""

    #: The tokens it needs to see (subclasses see more).
    token_pattern = _TOKEN
    token_start = _TOKEN_START

    def __init__(self, sheet: str, values: Mapping[tuple[str, str], Any], stats: RewriteStats) -> None:
        self.sheet = sheet
        self.values = values
        self.stats = stats
        self.row = 0
        self.col = 0
        self.arrays: list[tuple[int, int, int, int]] = []

    def run(self, src: IO[bytes], dst: IO[bytes], part: str, path: Path) -> None:
        """Copy the part ``src`` to ``dst`` with its cells rewritten (``part``, ``path``: for messages)."""
        head = src.read(_CHUNK)
        enc = _XML_ENCODING.match(head)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (enc and enc.group(1).lower() not in (b"utf-8", b"utf8")):
            raise PackageError(f"{path}: part {part} is not UTF-8 XML")
        buf = head
        want = _CHUNK
        while True:
            more = src.read(want)
            # Rewrite up to the last token start (everything before it is whole tokens); keep
            # the rest for the next chunk.
            cut = self._last_token_start(buf) if more else len(buf)
            if cut > 0:
                dst.write(self._rewrite(buf[:cut]))  # one write per chunk: each call costs
            if not more:
                return
            buf = buf[cut:] + more
            # A very long unfinished token (a huge inline string) reads ever larger chunks.
            want = max(_CHUNK, len(buf) - len(more))

    def _last_token_start(self, buf: bytes) -> int:
        """Where the last token that may be unfinished starts (0: none is known to be whole)."""
        window = 65536
        while True:
            starts = list(self.token_start.finditer(buf, max(0, len(buf) - window)))
            if starts:
                return starts[-1].start()
            if window >= len(buf):
                return 0
            window *= 4

    def _rewrite(self, text: bytes) -> bytes:
        """``text`` (whole tokens) with the formula cells' values in it."""
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
        for m in self.token_pattern.finditer(text):
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
        if cells != text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/") or _PREFIXED_CELL.search(text):
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

    def _token(self, m: re.Match[bytes]) -> bytes:
        whole = m.group(0)
        if m.group(1):  # <row ...>
            r = _ROW_R.search(whole)
            self.row = int(r.group(1)) if r else self.row + 1
            self.col = 0
            return whole
        end = whole.index(b">")
        start = whole[: end + 1]
        r = _R_ATTR.search(start)
        if r:
            self.col = col_number(r.group(1))
            self.row = int(r.group(2))
        else:
            self.col += 1
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
        tag = CELL_PREFIX.match(start)
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


