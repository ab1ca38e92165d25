"""Computed values stored in the file: a formula cell keeps its ``<f>`` and gets a ``<v>``.

openpyxl writes a formula *or* a value into a cell, never both, so a workbook it saved opens with
empty formula results everywhere except in an application that recalculates on load: a viewer,
a phone, ``openpyxl.load_workbook(data_only=True)`` or LibreOffice with its default settings all
show nothing. :func:`insert_cached_values` post-processes the saved package instead:

* every formula cell of every worksheet part gets the computed value as ``<v>``, its ``<f>``
  untouched: numbers as the shortest text that reads back to the same double (``57.81``,
  ``1e-05``), text with ``t="str"`` (an empty-string result as ``<v></v>``), booleans ``t="b"``
  and Excel errors ``t="e"``; a formula whose result is empty (``None``) keeps no ``<v>``;
* ``xl/workbook.xml`` gets ``<calcPr fullCalcOnLoad="1"/>`` so Excel still recomputes on open;
* every other part is copied unchanged: same name, same order, same compression method and level,
  same date and attributes, same bytes; a rewritten worksheet keeps its method and, when it is
  large (over 4 MB), is deflated at the fastest level;
* worksheet XML is streamed in chunks (regular expressions over the bytes, no DOM), so the
  memory used does not grow with the size of a sheet;
* the result is written to a temporary file in the target's folder and renamed over the target
  (``os.replace``): a failure leaves the target as it was and no temporary file behind.

The values are an engine's :data:`lkjip_xl.engine.Values` (``{(sheet, "P12"): 57.81}``), the sheet
names spelled as in the workbook; sheets are mapped to their parts through ``xl/workbook.xml`` and
its relationships. Example::

    values = FormulasEngine().evaluate(path)
    stats = insert_cached_values(path, values)   # in place, atomically
    stats.values_written, stats.seconds
"""

from __future__ import annotations

import math
import posixpath
import re
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Mapping
from urllib.parse import unquote
from xml.etree import ElementTree

from lkjip_xl import a1
from lkjip_xl.fileutil import atomic_write, set_mode_like  # noqa: F401 (re-exported)
from lkjip_xl.errors import LkjipError

__all__ = [
    "CacheError",
    "CacheStats",
    "EXCEL_ERRORS",
    "cache_computed_values",
    "cached_value",
    "insert_cached_values",
    "set_mode_like",
    "sheet_parts",
    "write_cached_values",
]

#: Excel's error values: a computed string equal to one of these is stored as an error (t="e").
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})

_REL_OFFICE_DOCUMENT = "/officeDocument"
_REL_WORKSHEET = "/worksheet"
#: Bytes read from a worksheet part at a time.
_CHUNK = 1 << 20
#: A worksheet part rewritten from this size on is compressed at the fastest level.
_FAST_COMPRESS_OVER = 4 * 1024 * 1024
#: Small XML parts (workbook, relationships) bigger than this are refused.
_MAX_SMALL_PART = 64 * 1024 * 1024

_PREFIX = rb"(?:[A-Za-z_][\w.\-]*:)?"
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
_CELL_PREFIX = re.compile(rb"<(" + _PREFIX + rb")c\b")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']\s*\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\s*["']""")
_T_ATTR = re.compile(rb"""\s+t\s*=\s*(?:"[^"]*"|'[^']*')""")
_ROW_R = re.compile(rb"""\sr\s*=\s*["']\s*([0-9]{1,7})\s*["']""")
_F_T = re.compile(rb"""\st\s*=\s*["'](array|dataTable)["']""")
_F_REF = re.compile(rb"""\sref\s*=\s*["']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?["']""")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
_CALCPR = re.compile(r"<(?P<p>(?:[A-Za-z_][\w.\-]*:)?)calcPr\b(?P<attrs>[^>]*?)(?P<end>/?>)")
_FULLCALC = re.compile(r"""\s+fullCalcOnLoad\s*=\s*(?:"[^"]*"|'[^']*')""")
_ROOT = re.compile(r"<(?P<p>(?:[A-Za-z_][\w.\-]*:)?)workbook\b")
#: Characters XML 1.0 cannot hold, not even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class CacheError(LkjipError):
    """The cached values could not be written; the message names the file."""


@dataclass
class CacheStats:
    """What :func:`insert_cached_values` did."""

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


# -- values -----------------------------------------------------------------------------------------

def _number(x: float) -> bytes:
    if x == 0:
        return b"0"
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x)).encode()
    return repr(x).encode()  # shortest text that reads back to the same double


def _escape_text(text: str) -> bytes:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    text = _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text.encode("utf-8")


def cached_value(value: Any) -> tuple[bytes | None, bytes] | None:
    """``(t attribute or None, <v> text)`` of a computed value; None: no cached value (empty result).

    >>> cached_value(57.81), cached_value(12.0), cached_value("Tinggi"), cached_value("#DIV/0!")
    ((None, b'57.81'), (None, b'12'), (b'str', b'Tinggi'), (b'e', b'#DIV/0!'))
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return b"b", b"1" if value else b"0"
    if isinstance(value, int):
        return None, (str(value).encode() if abs(value) < 10**15 else _number(float(value)))
    if isinstance(value, (float, Decimal)):
        x = float(value)
        if not math.isfinite(x):
            return b"e", b"#NUM!"
        return None, _number(x)
    if isinstance(value, str):
        if value in EXCEL_ERRORS:
            return b"e", value.encode()
        return b"str", _escape_text(value)
    if hasattr(value, "item") and callable(value.item):  # a numpy scalar
        return cached_value(value.item())
    return b"str", _escape_text(str(value))


# -- the package ------------------------------------------------------------------------------------

def _col_number(letters: bytes) -> int:
    """:func:`lkjip_xl.a1.col_index` of the column letters of an address read from the XML bytes."""
    return a1.col_index(letters.decode("ascii"))


def _read_small(z: zipfile.ZipFile, name: str, path: Path) -> bytes:
    info = z.getinfo(name)
    if info.file_size > _MAX_SMALL_PART:
        raise CacheError(f"{path}: part {name} is {info.file_size} bytes, too large")
    return z.read(name)


def _parse_small(data: bytes, name: str, path: Path) -> ElementTree.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise CacheError(f"{path}: part {name} declares a DTD or entities; refused")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise CacheError(f"{path}: part {name} is not well-formed XML ({exc})") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(el: ElementTree.Element, local: str) -> str | None:
    for key, value in el.attrib.items():
        if _local(key) == local:
            return value
    return None


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(z: zipfile.ZipFile, source_part: str, target: str) -> str:
    """The part a relationship target names (as written, or else percent-decoded)."""
    if target.startswith("/"):
        part = posixpath.normpath(target.lstrip("/"))
    else:
        part = posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))
    if part not in z.NameToInfo and unquote(part) in z.NameToInfo:
        return unquote(part)
    return part


def _relationships(z: zipfile.ZipFile, source_part: str, path: Path) -> list[tuple[str, str, str]]:
    """(Id, Type, resolved target part) of a part's internal relationships."""
    name = _rels_of(source_part) if source_part else "_rels/.rels"
    if name not in z.NameToInfo:
        return []
    root = _parse_small(_read_small(z, name, path), name, path)
    out = []
    for rel in root:
        if _local(rel.tag) != "Relationship" or (rel.get("TargetMode") or "").lower() == "external":
            continue
        target = rel.get("Target")
        if target:
            out.append((rel.get("Id") or "", rel.get("Type") or "", _resolve(z, source_part, target)))
    return out


def _workbook_part(z: zipfile.ZipFile, path: Path) -> str:
    for _, rel_type, target in _relationships(z, "", path):
        if rel_type.endswith(_REL_OFFICE_DOCUMENT) and target in z.NameToInfo:
            return target
    if "xl/workbook.xml" in z.NameToInfo:
        return "xl/workbook.xml"
    raise CacheError(f"{path}: a zip file without a workbook (no xl/workbook.xml)")


def sheet_parts(z: zipfile.ZipFile, path: Path | str = "workbook") -> dict[str, str]:
    """Worksheet name -> its part (``{"Rekap Kegiatan": "xl/worksheets/sheet6.xml"}``), in tab order.

    Chart sheets and other non-worksheet sheets are left out.
    """
    path = Path(path)
    workbook = _workbook_part(z, path)
    rels = {rid: (rel_type, target) for rid, rel_type, target in _relationships(z, workbook, path)}
    root = _parse_small(_read_small(z, workbook, path), workbook, path)
    out: dict[str, str] = {}
    for el in root.iter():
        if _local(el.tag) != "sheet":
            continue
        name, rid = el.get("name"), _attr(el, "id")
        found = rels.get(rid or "")
        if name is None or found is None:
            continue
        rel_type, target = found
        if rel_type.endswith(_REL_WORKSHEET) and target in z.NameToInfo:
            out[name] = target
    return out


def _full_calc_on_load(xml: bytes, path: Path, part: str) -> bytes:
    """workbook.xml with ``fullCalcOnLoad="1"`` on its calcPr (added when there is none)."""
    try:
        text = xml.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CacheError(f"{path}: part {part} is not UTF-8 XML") from exc
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
        raise CacheError(f"{path}: part {part} has no <sheets> element")
    return (text[:best] + tag + text[best:]).encode("utf-8")


# -- worksheets -------------------------------------------------------------------------------------

class _SheetRewriter:
    """Rewrites one worksheet part's cells, token by token, from a stream to a stream."""

    #: The tokens it needs to see (subclasses see more).
    token_pattern = _TOKEN
    token_start = _TOKEN_START

    def __init__(self, sheet: str, values: Mapping[tuple[str, str], Any], stats: CacheStats) -> None:
        self.sheet = sheet
        self.values = values
        self.stats = stats
        self.row = 0
        self.col = 0
        self.arrays: list[tuple[int, int, int, int]] = []

    def run(self, src: IO[bytes], dst: IO[bytes], part: str, path: Path) -> None:
        head = src.read(_CHUNK)
        enc = _XML_ENCODING.match(head)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (enc and enc.group(1).lower() not in (b"utf-8", b"utf8")):
            raise CacheError(f"{path}: part {part} is not UTF-8 XML")
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
            self.col = _col_number(r.group(1))
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
                c1, r1 = _col_number(rm.group(1)), int(rm.group(2))
                c2, r2 = (_col_number(rm.group(3)), int(rm.group(4))) if rm.group(3) else (c1, r1)
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


# -- writing ----------------------------------------------------------------------------------------

def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, info.date_time)
    new.compress_type = info.compress_type
    new.comment = info.comment
    new.create_system = info.create_system
    new.external_attr = info.external_attr
    new.internal_attr = info.internal_attr
    new.file_size = info.file_size  # decides whether the entry needs zip64 fields
    level = getattr(info, "_compresslevel", None)
    if level is not None:
        new._compresslevel = level  # noqa: SLF001 - the level a part was written with, when known
    return new


def write_cached_values(source: Path | str, values: Mapping[tuple[str, str], Any], destination: Path | str,
                        *, full_calc_on_load: bool = True, rewriters: Mapping[str, Any] | None = None,
                        replace: Mapping[str, bytes] | None = None) -> CacheStats:
    """Write a copy of the workbook ``source`` with the cached values to ``destination``.

    ``rewriters``: sheet name -> a callable ``(sheet, values, stats)`` giving the rewriter of that
    sheet's part (default :class:`_SheetRewriter`; :mod:`lkjip_xl.adapters.package_writer` passes
    one that also edits cells). ``replace``: part name -> its new bytes (the styles, when cells got
    new formats). Not atomic: ``destination`` is written directly (a failure may leave it partly
    written); :func:`insert_cached_values` is the safe entry point.
    """
    rewriters = rewriters or {}
    replace = replace or {}
    source, destination = Path(source), Path(destination)
    stats = CacheStats()
    started = time.perf_counter()
    try:
        zin = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise CacheError(f"{source}: not a readable workbook package ({exc})") from exc
    try:
        with zin:
            parts = sheet_parts(zin, source)
            by_part = {part: name for name, part in parts.items()}
            workbook = _workbook_part(zin, source)
            with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as zout:
                zout.comment = zin.comment
                for info in zin.infolist():
                    new = _copy_info(info)
                    if info.is_dir():
                        zout.writestr(new, b"")
                    elif info.filename == workbook and full_calc_on_load:
                        data = _full_calc_on_load(_read_small(zin, info.filename, source), source, info.filename)
                        new.file_size = len(data)
                        zout.writestr(new, data)
                    elif info.filename in replace:
                        data = replace[info.filename]
                        new.file_size = len(data)
                        zout.writestr(new, data)
                    elif info.filename in by_part:
                        sheet = by_part[info.filename]
                        make = rewriters.get(sheet, _SheetRewriter)
                        if new.compress_type == zipfile.ZIP_DEFLATED and info.file_size > _FAST_COMPRESS_OVER:
                            # A rewritten sheet of megabytes: the fastest level (a 50 MB sheet in
                            # 0.2 s, not 0.75 s, for a part about a third larger).
                            new._compresslevel = 1  # noqa: SLF001 - what ZipFile.open(..., "w") reads
                        with zin.open(info) as src, zout.open(new, "w", force_zip64=info.file_size > 1 << 30) as dst:
                            make(sheet, values, stats).run(src, dst, info.filename, source)
                        stats.sheets.append(sheet)
                    else:
                        with zin.open(info) as src, zout.open(new, "w") as dst:
                            shutil.copyfileobj(src, dst, _CHUNK)
    except CacheError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError) as exc:
        raise CacheError(f"{source}: damaged workbook package ({type(exc).__name__}: {exc})") from exc
    except OSError as exc:
        raise CacheError(f"cannot write {destination}: {exc.strerror or exc}") from exc
    stats.seconds = time.perf_counter() - started
    return stats


def insert_cached_values(path: Path | str, values: Mapping[tuple[str, str], Any], *, output: Path | str | None = None,
                         full_calc_on_load: bool = True) -> CacheStats:
    """Store ``values`` as the cached results of the formula cells of ``path``.

    Written to ``output`` (default: ``path`` itself) through a temporary file in the same folder
    and ``os.replace``: the target is either the old file or the complete new one.
    """
    started = time.perf_counter()
    path = Path(path)
    target = Path(output) if output is not None else path
    stats = atomic_write(target, lambda tmp: write_cached_values(path, values, tmp,
                                                                 full_calc_on_load=full_calc_on_load), CacheError)
    stats.seconds = time.perf_counter() - started
    return stats


def cache_computed_values(path: Path | str, *, engine: Any = None, output: Path | str | None = None) -> CacheStats:
    """Evaluate ``path`` with ``engine`` (default: the project's) and store the results in it."""
    if engine is None:
        from lkjip_xl.engine.default import default_engine

        engine = default_engine()
    return insert_cached_values(path, engine.evaluate(Path(path)), output=output)
