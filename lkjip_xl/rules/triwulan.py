"""The quarterly Renja evaluation (Permendagri 86/2017): the year's realisasi from its quarters, and
the cumulative Renstra figures.

Why the year's K needs a rule of its own: the form says "12 = 8 + 9 + 10 + 11", which is right for
counts (documents, people trained, Rupiah) and wrong for a percentage, an index or a rate, whose
year value is the last quarter reported. Summing the quarters of a percentage indicator is the
commonest error of real Renja forms (a coverage of 25 % reported each quarter becomes 100 %). So
each indicator says how its year is formed (:class:`RealisasiTahunan`), and the workbook's formula
and these functions follow it.

Empty quarters (None) are skipped: a form in progress (triwulan I and II filled) has a realisasi
so far, not a zero for the quarters still to come. No quarter at all gives None, never 0.

The Renstra columns: 14 = 6 + 12 (realisasi Renstra up to this year = up to last year + this
year) adds up for counts and Rupiah; for a percentage, index or rate the figure up to this year is
this year's own value (or last year's, while this year has none): adding two coverage rates is the
same error as adding quarters.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Iterable, Sequence

from .aggregates import average, total

__all__ = ["RealisasiTahunan", "TRIWULAN", "realisasi_renstra", "realisasi_tahun", "triwulan_terakhir"]

#: The quarters of a year, in order (their numbers are 1..4).
TRIWULAN = ("I", "II", "III", "IV")


class RealisasiTahunan(str, Enum):
    """How an indicator's yearly realisasi K is formed from its quarters.

    JUMLAH: the sum of the quarters (counts; the form's "12 = 8+9+10+11"; the default).
    TERAKHIR: the last quarter reported (a percentage, an index, a rate: never a sum).
    RATA_RATA: the mean of the quarters reported (an average level over the year).
    """

    JUMLAH = "jumlah"
    TERAKHIR = "terakhir"
    RATA_RATA = "rata-rata"


def _present(quarters: Iterable[Decimal | None]) -> list[tuple[int, Decimal]]:
    return [(i, q) for i, q in enumerate(quarters, 1) if q is not None]


def triwulan_terakhir(quarters: Sequence[Decimal | None]) -> int | None:
    """The number (1..4) of the last quarter that holds a value, or None when none does."""
    present = _present(quarters)
    return present[-1][0] if present else None


def realisasi_tahun(quarters: Sequence[Decimal | None],
                    cara: RealisasiTahunan = RealisasiTahunan.JUMLAH) -> Decimal | None:
    """The year's realisasi (column 12) from the quarters (columns 8-11), by the indicator's kind.

    ``quarters``: up to four values, None where a quarter is empty. Returns None when no quarter
    holds a value. Rupiah are always :attr:`RealisasiTahunan.JUMLAH`.
    """
    if len(quarters) > len(TRIWULAN):
        raise ValueError(f"a year has {len(TRIWULAN)} quarters, got {len(quarters)} values")
    present = _present(quarters)
    if not present:
        return None
    values = [q for _, q in present]
    if cara is RealisasiTahunan.JUMLAH:
        return total(values)
    if cara is RealisasiTahunan.TERAKHIR:
        return values[-1]
    if cara is RealisasiTahunan.RATA_RATA:
        return average(values)
    raise ValueError(f"unknown RealisasiTahunan {cara!r}")  # pragma: no cover - enum is closed


def realisasi_renstra(sampai_tahun_lalu: Decimal | None, tahun_ini: Decimal | None,
                      cara: RealisasiTahunan = RealisasiTahunan.JUMLAH) -> Decimal | None:
    """Realisasi Renstra up to the evaluated year (column 14) from column 6 and column 12.

    JUMLAH: 6 + 12 (an empty part is skipped; both empty gives None). TERAKHIR and RATA_RATA: the
    evaluated year's own value (12), or the figure up to last year (6) while the year has none:
    a level is not accumulated over years.
    """
    if cara is RealisasiTahunan.JUMLAH:
        if sampai_tahun_lalu is None and tahun_ini is None:
            return None
        return total([sampai_tahun_lalu, tahun_ini])
    return tahun_ini if tahun_ini is not None else sampai_tahun_lalu
