"""Predikat bands: from a capaian (or a SAKIP score) to a label, with explicit edges.

Why explicit edges: the regulations write bands as integer ranges and leave the edges to the
reader. Permendagri 86/2017 says Sangat Tinggi 91-100, Tinggi 76-90, Sedang 66-75, Rendah 51-65,
Sangat Rendah <= 50. Read literally, 90.5 belongs to no band and 120 % has no predikat. We follow
the edge rule of a real evaluation sheet, ``<=50, <=65, <=75, <=90, else``: every band is
(lower, upper], so (90, 91) is Sangat Tinggi and so is every capaian above 100 (over-achievement
is still the top band; whether 3750 % is plausible is a separate check). Negative capaian are
Sangat Rendah. Other governments use other scales, so ``Bands`` is configurable and validated,
and the same object drives the cell colours (``Band.warna``) and the Excel IF-chain
(``Bands.as_excel_thresholds``), so Python and the workbook cannot disagree.

SAKIP evaluation grades (score 0-100): AA > 90, A > 80, BB > 70, B > 60, CC > 50, C > 30,
D <= 30. Systems differ on whether 90 itself is AA; ``aa_includes_90`` makes that choice explicit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Iterable, Mapping, NamedTuple

from .capaian import Capaian
from .numbers import to_decimal

__all__ = [
    "Band",
    "Bands",
    "ExcelThreshold",
    "HIJAU",
    "KUNING",
    "MERAH",
    "PERMENDAGRI_86_2017",
    "SAKIP_GRADE_BANDS",
    "SAKIP_GRADE_BANDS_AA_90",
    "SAKIP_LABELS",
    "predikat",
    "sakip_grade",
    "sakip_label",
]

#: Colour roles a workbook maps to its own fills.
MERAH = "merah"
KUNING = "kuning"
HIJAU = "hijau"


def _edge(value: object, what: str) -> Decimal | None:
    if value is None:
        return None
    try:
        d = to_decimal(value)  # type: ignore[arg-type]
    except TypeError as exc:
        raise ValueError(f"{what} is not a number: {value!r}") from exc
    if not d.is_finite():
        raise ValueError(f"{what} is not finite: {value!r}; use None for no bound")
    return d


@dataclass(frozen=True)
class Band:
    """One band; ``None`` as a bound means unbounded on that side (and cannot be inclusive)."""

    label: str
    lower: Decimal | None
    lower_inclusive: bool
    upper: Decimal | None
    upper_inclusive: bool
    warna: str | None = None

    def __post_init__(self) -> None:
        lower = _edge(self.lower, f"lower edge of {self.label!r}")
        upper = _edge(self.upper, f"upper edge of {self.label!r}")
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)
        if lower is None and self.lower_inclusive:
            raise ValueError(f"band {self.label!r}: an unbounded lower edge cannot be inclusive")
        if upper is None and self.upper_inclusive:
            raise ValueError(f"band {self.label!r}: an unbounded upper edge cannot be inclusive")
        if lower is not None and upper is not None:
            empty = lower > upper or (lower == upper and not (self.lower_inclusive and self.upper_inclusive))
            if empty:
                raise ValueError(f"band {self.label!r} is empty: lower {lower} / upper {upper}")

    def contains(self, value: Decimal) -> bool:
        """True when ``value`` lies in this band, honouring each edge's inclusiveness."""
        if self.lower is not None:
            if value < self.lower or (value == self.lower and not self.lower_inclusive):
                return False
        if self.upper is not None:
            if value > self.upper or (value == self.upper and not self.upper_inclusive):
                return False
        return True


class ExcelThreshold(NamedTuple):
    """One step of an IF-chain: ``value <= upper`` (inclusive) or ``value < upper`` -> label.

    ``upper`` is None for the last, unbounded band (the ELSE branch).
    """

    upper: Decimal | None
    inclusive: bool
    label: str


class Bands(tuple):
    """An ordered, contiguous tuple of ``Band`` (lowest first), validated at construction.

    Neighbouring bands must share an edge value and exactly one of them must include it:
    both including it is an overlap, neither is a gap. The outer edges may be bounded; values
    outside them get no predikat.
    """

    def __new__(cls, bands: Iterable[Band]) -> Bands:
        items = tuple(bands)
        if not items:
            raise ValueError("Bands needs at least one band")
        for b in items:
            if not isinstance(b, Band):
                raise ValueError(f"not a Band: {b!r}")
        for prev, nxt in zip(items, items[1:]):
            cls._check_edge(prev, nxt)
        return super().__new__(cls, items)

    @staticmethod
    def _check_edge(prev: Band, nxt: Band) -> None:
        names = f"{prev.label!r} and {nxt.label!r}"
        if prev.upper is None:
            raise ValueError(f"overlap: {prev.label!r} has no upper edge but {nxt.label!r} follows it")
        if nxt.lower is None:
            raise ValueError(f"overlap: {nxt.label!r} has no lower edge but follows {prev.label!r}")
        if prev.upper < nxt.lower:
            raise ValueError(f"gap between {names}: ({prev.upper}, {nxt.lower}) is in no band")
        if prev.upper > nxt.lower:
            raise ValueError(f"overlap between {names}: ({nxt.lower}, {prev.upper}) is in both")
        if prev.upper_inclusive and nxt.lower_inclusive:
            raise ValueError(f"overlap between {names}: edge {prev.upper} is included by both")
        if not prev.upper_inclusive and not nxt.lower_inclusive:
            raise ValueError(f"gap between {names}: edge {prev.upper} is included by neither")

    def band_for(self, value: Decimal) -> Band | None:
        """The band containing ``value``, or None when it lies outside the outer edges."""
        for b in self:
            if b.contains(value):
                return b
        return None

    def as_excel_thresholds(self) -> list[ExcelThreshold]:
        """(upper edge, inclusive?, label) per band, lowest first, for an IF-chain generator.

        ``IF(x<=50,"Sangat Rendah",IF(x<=65,"Rendah",...,"Sangat Tinggi"))``: test each upper
        edge in order; the last band's upper may be None (ELSE). A bounded lower edge of the
        first band is not in this list: read it from ``self[0]`` if the formula must guard it.
        """
        return [ExcelThreshold(b.upper, b.upper_inclusive, b.label) for b in self]


#: Permendagri 86/2017 tingkat capaian, edges as ``<=50, <=65, <=75, <=90, else`` (see module doc).
PERMENDAGRI_86_2017 = Bands(
    (
        Band("Sangat Rendah", None, False, Decimal(50), True, MERAH),
        Band("Rendah", Decimal(50), False, Decimal(65), True, MERAH),
        Band("Sedang", Decimal(65), False, Decimal(75), True, KUNING),
        Band("Tinggi", Decimal(75), False, Decimal(90), True, HIJAU),
        Band("Sangat Tinggi", Decimal(90), False, None, False, HIJAU),
    )
)


def _as_value(nilai: object) -> Decimal | None:
    if nilai is None:
        return None
    if isinstance(nilai, Capaian):
        return nilai.nilai
    if isinstance(nilai, bool) or not isinstance(nilai, (Decimal, int, float)):
        raise TypeError(f"predikat needs a Decimal, a Capaian or None, not {nilai!r}")
    d = to_decimal(nilai)
    return d if d.is_finite() else None


def predikat(nilai: Decimal | Capaian | None, bands: Bands = PERMENDAGRI_86_2017) -> str | None:
    """Label of the band containing the capaian; None for no capaian (or NaN / out of bands)."""
    value = _as_value(nilai)
    if value is None:
        return None
    band = bands.band_for(value)
    return None if band is None else band.label


# --- SAKIP evaluation grades ---------------------------------------------------------------------

SAKIP_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "AA": "Sangat Memuaskan",
        "A": "Memuaskan",
        "BB": "Sangat Baik",
        "B": "Baik",
        "CC": "Cukup",
        "C": "Kurang",
        "D": "Sangat Kurang",
    }
)

_SAKIP_EDGES = (30, 50, 60, 70, 80, 90)  # upper edges of D, C, CC, B, BB, A
_SAKIP_ORDER = ("D", "C", "CC", "B", "BB", "A", "AA")


def _sakip_bands(lower_edges_inclusive: bool) -> Bands:
    """Bands on [0, 100]; each inner edge belongs to the upper grade iff lower_edges_inclusive."""
    edges: list[Decimal] = [Decimal(0), *(Decimal(e) for e in _SAKIP_EDGES), Decimal(100)]
    bands = []
    for i, grade in enumerate(_SAKIP_ORDER):
        first, last = i == 0, i == len(_SAKIP_ORDER) - 1
        bands.append(
            Band(
                grade,
                edges[i],
                True if first else lower_edges_inclusive,
                edges[i + 1],
                True if last else not lower_edges_inclusive,
            )
        )
    return Bands(bands)


#: AA > 90, A > 80, ..., C > 30, D <= 30 (90 itself is A).
SAKIP_GRADE_BANDS = _sakip_bands(lower_edges_inclusive=False)
#: AA >= 90, A >= 80, ..., C >= 30, D < 30 (90 itself is AA).
SAKIP_GRADE_BANDS_AA_90 = _sakip_bands(lower_edges_inclusive=True)


def sakip_grade(score: Decimal | int | float | None, *, aa_includes_90: bool = False) -> str | None:
    """SAKIP grade for an evaluation score 0..100; None for no score or one outside 0..100.

    ``aa_includes_90=False``: every edge is "greater than" (90 -> A, 90.01 -> AA).
    ``aa_includes_90=True``: every edge is ">=" (90 -> AA, 30 -> C, 29.99 -> D).
    """
    if score is None or isinstance(score, bool) or not isinstance(score, (Decimal, int, float)):
        return None
    value = to_decimal(score)
    if not value.is_finite():
        return None
    bands = SAKIP_GRADE_BANDS_AA_90 if aa_includes_90 else SAKIP_GRADE_BANDS
    return predikat(value, bands)


def sakip_label(grade: str) -> str:
    """Sangat Memuaskan ... Sangat Kurang for a SAKIP grade (case-insensitive); ValueError else."""
    key = grade.strip().upper() if isinstance(grade, str) else None
    if key not in SAKIP_LABELS:
        raise ValueError(f"not a SAKIP grade: {grade!r}")
    return SAKIP_LABELS[key]
