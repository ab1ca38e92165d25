"""Efisiensi: capaian kinerja (K) minus serapan anggaran (Rp), in percentage points.

Why: one e-SAKIP system reports it; more result for a smaller share of the budget is efficient.
Above +5 points counts as efisien. Missing either side gives no value rather than a guess.
"""

from __future__ import annotations

from decimal import Decimal

from .capaian import Capaian
from .numbers import to_decimal

__all__ = ["AMBANG_EFISIEN", "efisiensi", "is_efisien"]

#: Points by which capaian K must exceed serapan Rp to be "efisien" (strictly greater).
AMBANG_EFISIEN = Decimal(5)


def _value(x: Decimal | Capaian | int | float | None) -> Decimal | None:
    if x is None:
        return None
    if isinstance(x, Capaian):
        return x.nilai
    if isinstance(x, bool) or not isinstance(x, (Decimal, int, float)):
        raise TypeError(f"efisiensi needs a Decimal, a Capaian or None, not {x!r}")
    d = to_decimal(x)
    return d if d.is_finite() else None


def efisiensi(
    capaian_k: Decimal | Capaian | None, serapan_rp: Decimal | Capaian | None
) -> Decimal | None:
    """Capaian K minus serapan Rp (percentage points); None when either is missing."""
    k, rp = _value(capaian_k), _value(serapan_rp)
    if k is None or rp is None:
        return None
    return k - rp


def is_efisien(
    capaian_k: Decimal | Capaian | None,
    serapan_rp: Decimal | Capaian | None,
    *,
    ambang: Decimal = AMBANG_EFISIEN,
) -> bool | None:
    """True when efisiensi is strictly above ``ambang`` (+5); None when it cannot be computed."""
    e = efisiensi(capaian_k, serapan_rp)
    return None if e is None else e > ambang
