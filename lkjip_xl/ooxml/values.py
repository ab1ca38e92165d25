"""A computed value as a worksheet cell stores it: the ``t`` attribute and the ``<v>`` text.

One place for the rule, so the cached values, cell edits and added sheets write a value alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lkjip_xl.ooxml.text import escape_text

__all__ = ["EXCEL_ERRORS", "Formula", "cached_value", "number_text"]

#: Excel's error values: a computed string equal to one of these is stored as an error (t="e").
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})


@dataclass(frozen=True)
class Formula:
    """A formula to write into a cell (a ``str`` is always written as text), with the value it
    shows until the workbook is computed again (``"=HYPERLINK(...)"``, ``"buka"``)."""

    text: str
    value: Any = None


def number_text(x: float) -> bytes:
    """The shortest text that reads back to the same double (integers without ``.0``)."""
    if x == 0:
        return b"0"
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x)).encode()
    return repr(x).encode()


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
        return None, (str(value).encode() if abs(value) < 10**15 else number_text(float(value)))
    if isinstance(value, (float, Decimal)):
        x = float(value)
        if not math.isfinite(x):
            return b"e", b"#NUM!"
        return None, number_text(x)
    if isinstance(value, str):
        if value in EXCEL_ERRORS:
            return b"e", value.encode()
        return b"str", escape_text(value)
    if hasattr(value, "item") and callable(value.item):  # a numpy scalar
        return cached_value(value.item())
    return b"str", escape_text(str(value))
