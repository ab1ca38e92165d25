"""Exact decimal helpers shared by every rule.

Why: report numbers are compared with what Excel shows, and Rupiah totals must be exact.
Binary floats cannot give either, so rules compute in ``Decimal`` at full precision and
round only when a value is displayed (the seed rounds half-up in its tables).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    localcontext,
)
from functools import lru_cache

__all__ = [
    "PRECISION",
    "division_context",
    "exact_context",
    "local_division",
    "local_exact",
    "number_in_cell",
    "round_half_up",
    "to_decimal",
]

#: Significant digits kept by divisions (decimal128); far beyond any displayed value.
PRECISION = 34


def division_context(prec: int = PRECISION) -> Context:
    """A private context for divisions, so rules never depend on (or change) the global one."""
    return Context(prec=max(prec, PRECISION), rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN)


def exact_context() -> Context:
    """A context in which additions and multiplications of finite values never round."""
    return Context(prec=MAX_PREC, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN)


def local_division(prec: int = PRECISION) -> AbstractContextManager[Context]:
    """``localcontext(division_context(prec))``, the context built once per precision: the rules
    divide for every row of a report, and ``localcontext`` works on a copy of it anyway."""
    return localcontext(_DIVISION if prec <= PRECISION else _shared_division_context(prec))


def local_exact() -> AbstractContextManager[Context]:
    """``localcontext(exact_context())``, the context built once (``localcontext`` copies it)."""
    return localcontext(_EXACT)


@lru_cache(maxsize=64)
def _shared_division_context(prec: int) -> Context:
    # Never handed out except to localcontext(), which copies it: no caller can change it.
    return division_context(prec)


_EXACT = exact_context()
_DIVISION = division_context()


def to_decimal(x: int | float | Decimal) -> Decimal:
    """Convert a cell value to ``Decimal`` the way a person reads it.

    Floats go through ``repr`` (shortest round-trip text), so ``0.1`` becomes ``Decimal('0.1')``
    and not the 55-digit binary expansion; a workbook reader hands us floats for typed numbers.
    NaN and infinities convert faithfully (``Decimal('NaN')``); callers decide what they mean.
    ``bool`` is rejected: ``True`` in a cell is a checkbox, not the number 1.
    """
    if isinstance(x, bool):
        raise TypeError(f"bool is not a number: {x!r}")
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, float):
        # float.__repr__, not repr(): float subclasses (numpy.float64) may repr as "np.float64(0.1)".
        return Decimal(float.__repr__(x))
    raise TypeError(f"not a number: {x!r}")


def number_in_cell(value: object) -> Decimal | None:
    """A cell's value as ``Decimal`` (see :func:`to_decimal`), or None when the cell holds no number:
    text (SUM skips a number typed as text, and so do the rules), empty, an error value, a boolean."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return to_decimal(value)


def round_half_up(value: Decimal | int | float, digits: int = 0) -> Decimal:
    """Round like Excel's ROUND: ties go away from zero (2.5 -> 3, -2.5 -> -3).

    Python's ``round`` uses banker's rounding and floats mis-round ties such as 57.805, so the
    displayed value would differ from the spreadsheet's. ``digits`` may be negative (tens, ...).
    Only for display: keep computing with the unrounded value.
    """
    d = to_decimal(value)
    if not d.is_finite():
        raise ValueError(f"cannot round a non-finite value: {d!r}")
    quantum = Decimal(1).scaleb(-digits)
    # Enough precision for the integer part plus the requested digits: quantize never fails.
    needed = max(d.adjusted(), 0) + max(digits, 0) + 2
    with localcontext(division_context(needed)) as ctx:
        ctx.rounding = ROUND_HALF_UP
        return d.quantize(quantum)
