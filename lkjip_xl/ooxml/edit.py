"""Cell edits of a worksheet, and the XML of a cell written anew.

:class:`SheetEdits` are what the recalculation (or :class:`~.copy.WorkbookCopy`) changes in a
sheet; the rewriter (:class:`~.rewrite.SheetRewriter`) writes them in the same streaming pass that
stores the cached values. :func:`cell_xml` writes an edited or new cell, and every cell of a sheet
:class:`~.copy.WorkbookCopy` adds. New cell formats come from :class:`~.styles.StyleBook`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lkjip_xl.ooxml.text import escape_text
from lkjip_xl.ooxml.values import Formula, cached_value

__all__ = ["KEEP", "Formula", "SheetEdits", "cell_content", "cell_xml"]

#: Keep what the cell has (its value, or its format).
KEEP = object()


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


def cell_xml(ref: str, value: Any, style: int, prefix: bytes = b"") -> bytes:
    """The cell element at ``ref`` holding ``value`` (see :func:`cell_content`) in format number
    ``style`` (0: the default, no ``s``); self-closing when it holds nothing."""
    t, inner = cell_content(value, prefix)
    head = b"<" + prefix + b'c r="' + ref.encode() + b'"'
    if style:
        head += b' s="' + str(style).encode() + b'"'
    if t:
        head += b' t="' + t + b'"'
    if not inner:
        return head + b"/>"
    return head + b">" + inner + b"</" + prefix + b"c>"


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
