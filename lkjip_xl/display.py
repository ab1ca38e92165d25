"""Numbers and cell values as the workbook's readers see them in messages, the CLI and the summaries:
the Indonesian way, ``1.234.567`` and ``99,87`` (a dot groups thousands, a comma marks decimals).

Every message that shows a number goes through here, so a figure reads the same in a finding, on
the console and in the Ringkasan sheet; reading such text back is :mod:`lkjip_xl.parsing`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lkjip_xl.rules.numbers import round_half_up, to_decimal

__all__ = ["as_typed", "format_number", "percent", "show", "two_places"]


def format_number(value: Decimal | int | float, decimals: int | None = 0, max_decimals: int = 2) -> str:
    """``1.051.756.000``, ``99,87``.

    ``decimals=None`` shows a number as it is: no decimals for a whole number, else its own
    decimals up to ``max_decimals`` (rounded half up, as Excel's ROUND): ``90.5`` -> ``90,5``,
    ``91.6666`` -> ``91,67``, ``1234567`` -> ``1.234.567``."""
    v = to_decimal(value)
    if decimals is None:
        if not v.is_finite():
            return str(value)
        own = max(0, -v.normalize().as_tuple().exponent) if v != v.to_integral_value() else 0
        decimals = min(own, max_decimals)
        rounded = v.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_UP")
        if rounded != rounded.to_integral_value():  # 0.30000000000000004 -> 0,3, not 0,30
            decimals = max(0, -rounded.normalize().as_tuple().exponent)
        else:
            decimals = 0
    q = Decimal(1).scaleb(-decimals)
    v = v.quantize(q, rounding="ROUND_HALF_UP")
    text = f"{v:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def show(value: Any) -> str:
    """A cell's value in a finding: ``(kosong)`` for an empty cell, a number the Indonesian way with the
    decimals it was typed with (``57,142`` stays ``57,142``; at least two, at most four kept as typed,
    else two), anything else as Python shows it (text quoted)."""
    if value is None or value == "":
        return "(kosong)"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        d = to_decimal(value)
        if d == d.to_integral_value():
            return format_number(d, 0)
        own = -d.normalize().as_tuple().exponent
        return format_number(d, 2 if own > 4 else max(2, own))
    return repr(value)


def as_typed(value: Decimal | int | float | None, max_decimals: int = 4) -> str:
    """A number with the decimals it has (at most ``max_decimals``): ``2.827.647.140``, ``57,142``,
    ``99,87``; ``(kosong)`` for none. The LKjIP checks quote what was typed this way."""
    if value is None:
        return "(kosong)"
    d = to_decimal(value)
    if d == d.to_integral_value():
        return format_number(d, 0)
    decimals = min(max(-d.normalize().as_tuple().exponent, 0), max_decimals)
    return format_number(d, decimals)


def two_places(value: Decimal | int | float | None) -> str:
    """A whole number as it is, any other with two decimals: ``32.763.514``, ``666,67``; ``(kosong)``
    for none. The Renja checks and audit quote amounts and percentages this way."""
    if value is None:
        return "(kosong)"
    d = to_decimal(value)
    if d == d.to_integral_value():
        return format_number(d, 0)
    return format_number(d, 2)


def percent(value: Decimal | int | float) -> str:
    """A percentage with two decimals, rounded half up as Excel's ROUND: ``666,67``, ``200,00``."""
    return format_number(round_half_up(to_decimal(value), 2), 2)
