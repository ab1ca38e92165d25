"""The cell formats of ``xl/styles.xml``: what a reader needs of them, and new formats added.

A cell's ``s`` attribute indexes a cell format (``cellXfs``) that names a number format, a fill, a
font... The reader needs two facts per format (does its number format show a date, and its solid
fill colour); the rewriter adds formats that differ from an existing one only by fill (the colour
of a reported cell) and never changes one, so no other cell changes its look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from lkjip_xl.ooxml.package import Package
from lkjip_xl.ooxml.text import local

__all__ = ["CellFormat", "StyleBook", "Styles", "read_styles"]

#: Excel's built-in number formats that show a date or a time (ECMA-376 18.8.30), and of them the
#: one that shows elapsed time (``[h]:mm:ss``).
_BUILTIN_DATE_FORMATS = frozenset(range(14, 23)) | frozenset({45, 46, 47})
_BUILTIN_TIMEDELTA_FORMATS = frozenset({46})


class CellFormat(NamedTuple):
    """What a reader of any workbook needs of a cell's look: its number format (as Excel shows it
    in the format dialog), bold, indent, solid fill and whether it is locked."""

    number_format: str
    bold: bool
    indent: int
    fill: str | None
    locked: bool


@dataclass
class Styles:
    """What the readers need of ``xl/styles.xml``: per cell format (``s``), its fill colour and
    whether its number format shows a date; the rest of its look on demand (:meth:`format_of`)."""

    #: Per cellXfs entry: (numFmtId, fillId).
    xfs: list[tuple[int, int]] = field(default_factory=list)
    #: Per fill: ``"RRGGBB"`` of a solid fill with an RGB colour, else None.
    fills: list[str | None] = field(default_factory=list)
    #: Per fill: True when it fills nothing (patternType none or absent).
    empty_fills: list[bool] = field(default_factory=list)
    date_xfs: frozenset[int] = frozenset()
    timedelta_xfs: frozenset[int] = frozenset()
    #: Custom number formats: numFmtId -> format code.
    formats: dict[int, str] = field(default_factory=dict)
    #: Per font: bold.
    bold_fonts: list[bool] = field(default_factory=list)
    #: Per cellXfs entry: (fontId, indent, locked).
    xf_looks: list[tuple[int, int, bool]] = field(default_factory=list)

    def format_of(self, style: int) -> CellFormat:
        """The look of cell format ``style`` (built-in number formats by their code, as openpyxl
        names them: imported here, a reader of values never needs them)."""
        if not 0 <= style < len(self.xfs):
            return CellFormat("General", False, 0, None, True)
        from openpyxl.styles.numbers import BUILTIN_FORMATS

        fmt_id = self.xfs[style][0]
        code = self.formats.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "General")
        font, indent, locked = self.xf_looks[style]
        bold = 0 <= font < len(self.bold_fonts) and self.bold_fonts[font]
        return CellFormat(code, bold, indent, self.fill_of(style), locked)

    def fill_of(self, style: int) -> str | None:
        if 0 <= style < len(self.xfs):
            fill = self.xfs[style][1]
            if 0 <= fill < len(self.fills):
                return self.fills[fill]
        return None


def _xf_look(xf) -> tuple[int, int, bool]:
    """(fontId, indent, locked) of a cellXfs entry."""
    try:
        font = int(xf.get("fontId", "0"))
    except ValueError:
        font = 0
    indent, locked = 0, True
    for child in xf:
        name = local(child.tag)
        if name == "alignment":
            try:
                indent = int(float(child.get("indent", "0")))
            except ValueError:
                indent = 0
        elif name == "protection":
            locked = (child.get("locked") or "1").lower() not in ("0", "false")
    return font, indent, locked


def read_styles(package: Package, part: str | None) -> Styles:
    """The :class:`Styles` of the styles part (none: every cell in the default format)."""
    if part is None or part not in package.names:
        return Styles()
    root = package.parse(part)
    styles = Styles()
    formats = styles.formats
    for child in root:
        name = local(child.tag)
        if name == "numFmts":
            for nf in child:
                try:
                    formats[int(nf.get("numFmtId", ""))] = nf.get("formatCode", "")
                except ValueError:
                    continue
        elif name == "fills":
            for fill in child:
                pattern = next((p for p in fill if local(p.tag) == "patternFill"), None)
                kind = pattern.get("patternType") if pattern is not None else None
                rgb = None
                if pattern is not None and kind == "solid":
                    fg = next((c for c in pattern if local(c.tag) == "fgColor"), None)
                    value = fg.get("rgb") if fg is not None else None
                    if value and fg.get("theme") is None and fg.get("indexed") is None:
                        rgb = value[-6:].upper()
                styles.fills.append(rgb)
                styles.empty_fills.append(pattern is not None and kind in (None, "none"))
        elif name == "fonts":
            for font in child:
                b = next((e for e in font if local(e.tag) == "b"), None)
                styles.bold_fonts.append(b is not None and (b.get("val") or "1").lower() in ("1", "true"))
        elif name == "cellXfs":
            for xf in child:
                try:
                    styles.xfs.append((int(xf.get("numFmtId", "0")), int(xf.get("fillId", "0"))))
                except ValueError:
                    styles.xfs.append((0, 0))
                styles.xf_looks.append(_xf_look(xf))
    dates, deltas = set(), set()
    for i, (fmt_id, _) in enumerate(styles.xfs):
        fmt = formats.get(fmt_id)
        if fmt is None:
            if fmt_id in _BUILTIN_DATE_FORMATS:
                dates.add(i)
                if fmt_id in _BUILTIN_TIMEDELTA_FORMATS:
                    deltas.add(i)
        elif re.search(r"[dmhysDMHYS]", fmt):  # may show a date: ask openpyxl, as its reader does
            from openpyxl.styles.numbers import is_date_format, is_timedelta_format

            if is_date_format(fmt):
                dates.add(i)
                if is_timedelta_format(fmt):
                    deltas.add(i)
    styles.date_xfs, styles.timedelta_xfs = frozenset(dates), frozenset(deltas)
    return styles




_BLOCK = r"<(?P<p>(?:[A-Za-z_][\w.\-]*:)?){name}\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p){name}>)"
_XF = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?xf\b[^>]*?(?:/>|>.*?</(?:[A-Za-z_][\w.\-]*:)?xf>)", re.S)
_FILL = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?fill\b[^>]*?(?:/>|>.*?</(?:[A-Za-z_][\w.\-]*:)?fill>)", re.S)
_FONT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?font\b[^>]*?(?:/>|>.*?</(?:[A-Za-z_][\w.\-]*:)?font>)", re.S)
_FILL_ID = re.compile(r"""\sfillId\s*=\s*["'][^"']*["']""")
_APPLY_FILL = re.compile(r"""\sapplyFill\s*=\s*["'][^"']*["']""")
_COUNT = re.compile(r"""\scount\s*=\s*["'][^"']*["']""")


class StyleBook:
    """The cell formats of ``xl/styles.xml``, to which formats are added (none is changed, so
    every cell keeps its look): a cell's own format with another fill, or a plain new one."""

    def __init__(self, xml: bytes, fills: list[str | None], empty_fills: list[bool]) -> None:
        self.text = xml.decode("utf-8")
        xfs_block = re.search(_BLOCK.format(name="cellXfs"), self.text, re.S)
        fills_block = re.search(_BLOCK.format(name="fills"), self.text, re.S)
        if xfs_block is None or fills_block is None:
            raise ValueError("styles without cellXfs or fills")
        self.xfs = _XF.findall(xfs_block.group("body") or "")
        self.fill_xml = _FILL.findall(fills_block.group("body") or "")
        self.prefix = fills_block.group("p")
        self.fills = list(fills)
        self.empty_fills = list(empty_fills)
        fonts_block = re.search(_BLOCK.format(name="fonts"), self.text, re.S)
        self.fonts = _FONT.findall(fonts_block.group("body") or "") if fonts_block else []
        self.new_xfs: list[str] = []
        self.new_fills: list[str] = []
        self.new_fonts: list[str] = []
        self._fonts_made: dict[tuple[bool, bool, str | None], int] = {}
        self._formats_made: dict[tuple[int, int, bool], int] = {}
        self._xf_index: dict[tuple[str, int], int] = {}
        for i, xf in enumerate(self.xfs):
            self._xf_index.setdefault(self._key(xf), i)

    @staticmethod
    def _key(xf: str) -> tuple[str, int]:
        m = re.search(r"""\sfillId\s*=\s*["']([0-9]+)["']""", xf)
        fill = int(m.group(1)) if m else 0
        bare = _APPLY_FILL.sub("", _FILL_ID.sub("", xf))
        return bare, fill

    def fill_id(self, color: str | None) -> int:
        for i, (rgb, empty) in enumerate(zip(self.fills, self.empty_fills)):
            if (color is None and empty) or (color is not None and rgb == color.upper()):
                return i
        p = self.prefix
        if color is None:
            xml = f'<{p}fill><{p}patternFill patternType="none"/></{p}fill>'
        else:
            xml = (f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="FF{color.upper()}"/>'
                   f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>')
        self.fills.append(color.upper() if color else None)
        self.empty_fills.append(color is None)
        self.new_fills.append(xml)
        return len(self.fills) - 1

    def with_fill(self, style: int, color: str | None) -> int:
        """The format of ``style`` with the fill ``color`` (None: no fill), added when new."""
        all_xfs = self.xfs + self.new_xfs
        base = all_xfs[style] if 0 <= style < len(all_xfs) else all_xfs[0] if all_xfs else '<xf fillId="0"/>'
        fill = self.fill_id(color)
        bare, _ = self._key(base)
        key = (bare, fill)
        if key in self._xf_index:
            return self._xf_index[key]
        head_end = base.index(">") - (1 if base[base.index(">") - 1] == "/" else 0)
        head = _APPLY_FILL.sub("", _FILL_ID.sub("", base[:head_end])).rstrip()
        xf = f'{head} fillId="{fill}" applyFill="1"{base[head_end:]}'
        self.new_xfs.append(xf)
        index = len(self.xfs) + len(self.new_xfs) - 1
        self._xf_index[key] = index
        return index

    def font_id(self, *, bold: bool = False, underline: bool = False, color: str | None = None) -> int:
        """Font 0 for plain text; otherwise a Calibri 11 font added once per look."""
        if not (bold or underline or color):
            return 0
        key = (bold, underline, color)
        if key not in self._fonts_made:
            if not re.search(_BLOCK.format(name="fonts"), self.text, re.S):
                raise ValueError("styles without fonts")
            p = self.prefix
            xml = (f"<{p}font>" + (f"<{p}b/>" if bold else "") + (f"<{p}u/>" if underline else "")
                   + f'<{p}sz val="11"/>' + (f'<{p}color rgb="FF{color.upper()}"/>' if color else "")
                   + f'<{p}name val="Calibri"/></{p}font>')
            self.new_fonts.append(xml)
            self._fonts_made[key] = len(self.fonts) + len(self.new_fonts) - 1
        return self._fonts_made[key]

    def new_format(self, *, bold: bool = False, underline: bool = False, color: str | None = None,
                   fill: str | None = None, wrap_top: bool = False) -> int:
        """A cell format of its own (not based on a cell's): font look, solid ``fill`` (``"RRGGBB"``),
        text wrapped and at the top; added once per look."""
        font = self.font_id(bold=bold, underline=underline, color=color)
        fill_id = self.fill_id(fill) if fill else 0
        key = (font, fill_id, wrap_top)
        if key not in self._formats_made:
            p = self.prefix
            applied = ((' applyFont="1"' if font else "") + (' applyFill="1"' if fill_id else "")
                       + (' applyAlignment="1"' if wrap_top else ""))
            head = f'<{p}xf numFmtId="0" fontId="{font}" fillId="{fill_id}" borderId="0" xfId="0"{applied}'
            xf = (head + f'><{p}alignment vertical="top" wrapText="1"/></{p}xf>') if wrap_top else head + "/>"
            self.new_xfs.append(xf)
            self._formats_made[key] = len(self.xfs) + len(self.new_xfs) - 1
        return self._formats_made[key]

    def color_of(self, style: int) -> str | None:
        """The solid RGB fill of a format (old or added), or None."""
        xfs = self.xfs + self.new_xfs
        if not 0 <= style < len(xfs):
            return None
        fill = self._key(xfs[style])[1]
        return self.fills[fill] if fill < len(self.fills) else None

    @property
    def changed(self) -> bool:
        return bool(self.new_xfs or self.new_fills or self.new_fonts)

    def xml(self) -> bytes:
        text = self.text
        for name, items, added in (("fonts", self.fonts, self.new_fonts), ("fills", self.fill_xml, self.new_fills),
                                   ("cellXfs", self.xfs, self.new_xfs)):
            if not added:
                continue
            m = re.search(_BLOCK.format(name=name), text, re.S)
            p = m.group("p")
            attrs = _COUNT.sub("", m.group("attrs")).rstrip().rstrip("/")
            body = (m.group("body") or "") + "".join(added)
            block = f'<{p}{name}{attrs} count="{len(items) + len(added)}">{body}</{p}{name}>'
            text = text[:m.start()] + block + text[m.end():]
        return text.encode("utf-8")
