"""Row aggregates of the Rekapitulasi table: averages of capaian, totals of Rupiah.

Why two functions and not one: a capaian is a ratio, so a program's "rata-rata capaian" is the
mean of its kegiatan capaian and a group's the mean of its programs. Summing percentages gives
numbers like the seed's 377, 469 and 847 % that mean nothing. Rupiah columns, on the other hand,
are summed, and must be exact to the Rupiah, so both work in Decimal and never in float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from .capaian import Capaian
from .numbers import local_division, local_exact, to_decimal

__all__ = ["average", "total"]


def _number(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        raise TypeError(f"{where}: not a number: {value!r}")
    d = to_decimal(value)
    if not d.is_finite():
        raise ValueError(f"{where}: not a finite number: {value!r}")
    return d


def average(values: Iterable[Decimal | Capaian | None]) -> Decimal | None:
    """Mean of the capaian present; None and no-capaian rows are skipped, not counted as 0.

    Skipping (instead of counting as 0) follows the domain rule that a row with target 0 or no
    realisasi has *no* capaian; counting it as 0 would invent a number. Returns None when
    nothing is left to average.
    """
    present: list[Decimal] = []
    for v in values:
        if v is None:
            continue
        if isinstance(v, Capaian):
            if v.nilai is not None:
                present.append(v.nilai)
            continue
        # A finite Decimal (the usual case) is taken as it is, as _number would.
        present.append(v if type(v) is Decimal and v.is_finite() else _number(v, "average"))
    if not present:
        return None
    with local_exact():
        s = sum(present, Decimal(0))
    # Precision never below the sum's own digits, so the mean of equal values is exactly that value.
    with local_division(len(s.as_tuple().digits)):
        return s / len(present)


def total(values: Iterable[Decimal | int | None]) -> Decimal:
    """Exact sum of amounts (Rupiah); None is skipped; an empty column totals Decimal(0).

    A Capaian is refused with TypeError: percentages are averaged, never summed.
    """
    acc = Decimal(0)
    with local_exact():
        for v in values:
            if v is None:
                continue
            if isinstance(v, Capaian):
                raise TypeError("total: a Capaian is a percentage; use average(), never sum it")
            acc += _number(v, "total")
    return acc
