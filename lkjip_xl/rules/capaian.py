"""Tingkat capaian kinerja (K) and serapan anggaran (Rp).

Why this module never raises for a bad cell value: it is run over whole workbooks written by hand,
where a target may be blank, 0, text, a grade or an Excel error. Every such row gets *no capaian*
together with a reason the report can show ("a capaian printed for 0/0 is an error"). It never
invents a number: no defaults, no guessing what a text cell meant (numbers stored as text are
parsed, and reported, by the reader, not here).

Values are kept at full precision (34 significant digits); round only for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, DecimalException
from enum import Enum

from .grades import SCALE_NAMES, grade_ordinal, grade_scale, normalize_grade
from .numbers import local_division, to_decimal

__all__ = ["Alasan", "Capaian", "Metode", "Range", "capaian", "serapan"]

_HUNDRED = Decimal(100)


class Metode(str, Enum):
    """How an indicator turns target (T) and realisasi (R) into a percentage.

    POSITIF: R/T x 100 (higher is better; the default).
    NEGATIF: (2T - R)/T x 100 (lower is better, PermenPAN-RB 6/2022), floored at 0: beyond R = 2T
        the formula goes negative, which no predikat band or average can use; 0 already means
        "nothing achieved", so it is the honest bottom (some e-SAKIP systems do the same).
    NEGATIF_RASIO: T/R x 100 (lower is better, SIPD-side tools); R = 0 has no value.
    RENTANG: target is a Range; 100 inside [min, max], R/max x 100 above, R/min x 100 below.
    """

    POSITIF = "positif"
    NEGATIF = "negatif"
    NEGATIF_RASIO = "negatif_rasio"
    RENTANG = "rentang"


class Alasan(str, Enum):
    """Why there is no capaian. The value is the short Bahasa Indonesia text (also the code).

    ``Capaian.alasan`` holds this text, optionally followed by ": <detail>"; ``Capaian.kode``
    holds the member itself, so callers compare ``c.kode is Alasan.TARGET_NOL``.
    """

    METODE_TIDAK_DIKENAL = "metode tidak dikenal"
    TARGET_KOSONG = "target kosong"
    REALISASI_KOSONG = "realisasi kosong"
    TARGET_BUKAN_ANGKA = "target bukan angka"
    REALISASI_BUKAN_ANGKA = "realisasi bukan angka"
    TARGET_NOL = "target 0"
    TARGET_NEGATIF = "target negatif"
    REALISASI_NOL_RASIO = "realisasi 0 (polaritas negatif T/R)"
    REALISASI_NEGATIF_RASIO = "realisasi negatif (polaritas negatif T/R)"
    SKALA_BERBEDA = "skala nilai berbeda"
    TARGET_RENTANG_METODE_LAIN = "target rentang hanya untuk metode rentang"
    METODE_RENTANG_TANPA_RENTANG = "metode rentang memerlukan target rentang"
    BATAS_RENTANG_TIDAK_POSITIF = "batas rentang <= 0"
    PAGU_KOSONG = "pagu kosong"
    PAGU_BUKAN_ANGKA = "pagu bukan angka"
    PAGU_NOL = "pagu 0"
    PAGU_NEGATIF = "pagu negatif"
    DI_LUAR_JANGKAUAN = "nilai di luar jangkauan perhitungan"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Range:
    """A range target [min, max] (PermenPAN-RB 6/2022), both ends inclusive.

    Bounds are converted to Decimal (floats via repr); a non-finite bound or min > max is a
    configuration error, so it raises ValueError at construction rather than per row.
    """

    min: Decimal
    max: Decimal

    def __post_init__(self) -> None:
        for name in ("min", "max"):
            raw = getattr(self, name)
            try:
                d = to_decimal(raw)
            except TypeError as exc:
                raise ValueError(f"Range.{name} is not a number: {raw!r}") from exc
            if not d.is_finite():
                raise ValueError(f"Range.{name} is not finite: {raw!r}")
            object.__setattr__(self, name, d)
        if self.min > self.max:
            raise ValueError(f"Range min {self.min} is greater than max {self.max}")

    def __contains__(self, value: object) -> bool:
        return isinstance(value, Decimal) and self.min <= value <= self.max


@dataclass(frozen=True)
class Capaian:
    """A percentage, or no value together with the reason.

    Exactly one of ``nilai`` / ``alasan`` is set, so a missing capaian can never be mistaken for 0.
    """

    nilai: Decimal | None
    alasan: str | None
    kode: Alasan | None = None

    def __post_init__(self) -> None:
        if (self.nilai is None) == (self.alasan is None):
            raise ValueError("Capaian needs exactly one of nilai or alasan")
        if self.nilai is not None and self.kode is not None:
            raise ValueError("Capaian with a nilai has no kode")

    @property
    def ada(self) -> bool:
        """True when there is a capaian value."""
        return self.nilai is not None

    @classmethod
    def tidak_ada(cls, kode: Alasan, detail: str | None = None) -> Capaian:
        """No capaian, with a reason code and an optional detail appended to its text."""
        text = kode.value if detail is None else f"{kode.value}: {detail}"
        return cls(nilai=None, alasan=text, kode=kode)


# --- reading cell values -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Grade:
    """A grade cell after reading: its scale, its normalized text and its ordinal."""

    scale: str
    text: str
    ordinal: int


_Value = Decimal | Range | _Grade


def _read(value: object, *, kosong: Alasan, bukan_angka: Alasan, allow_range: bool) -> _Value | Capaian:
    """Turn a raw cell value into a Decimal, a Range or a grade, or a no-capaian reason."""
    if type(value) is Decimal and value.is_finite():
        return value  # the usual case, first: what the branches below give a finite Decimal
    if value is None or (isinstance(value, str) and not value.strip()):
        return Capaian.tidak_ada(kosong)
    if isinstance(value, Range):
        if allow_range:
            return value
        return Capaian.tidak_ada(bukan_angka, repr(value))
    if isinstance(value, str):
        scale = grade_scale(value)
        if scale is None:
            return Capaian.tidak_ada(bukan_angka, repr(value))
        return _Grade(scale, normalize_grade(value), grade_ordinal(value))
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return Capaian.tidak_ada(bukan_angka, repr(value))
    d = to_decimal(value)
    if not d.is_finite():  # NaN / inf: an Excel error or a broken float, never a number to use
        return Capaian.tidak_ada(bukan_angka, str(d).lower())
    return d


def _describe(v: _Value) -> str:
    if isinstance(v, _Grade):
        return f"{v.text!r} ({SCALE_NAMES[v.scale]})"
    return f"{v} (angka)"


def _same_scale(t: _Value, r: _Value) -> Capaian | None:
    """Grades compare only with grades of the same scale; a number never compares with a grade."""
    t_scale = t.scale if isinstance(t, _Grade) else None
    r_scale = r.scale if isinstance(r, _Grade) else None
    if t_scale != r_scale:
        return Capaian.tidak_ada(
            Alasan.SKALA_BERBEDA, f"target {_describe(t)}, realisasi {_describe(r)}"
        )
    return None


def _ok(nilai: Decimal) -> Capaian:
    if not nilai.is_finite():
        return Capaian.tidak_ada(Alasan.DI_LUAR_JANGKAUAN)
    return Capaian(nilai=nilai, alasan=None)


# --- formulas ------------------------------------------------------------------------------------


def _rentang(target: Range, r: Decimal) -> Capaian:
    if target.min <= r <= target.max:
        return _ok(Decimal(100))
    bound = target.max if r > target.max else target.min
    if bound <= 0:
        # Dividing by 0 is undefined and by a negative bound flips the sign of the result.
        return Capaian.tidak_ada(Alasan.BATAS_RENTANG_TIDAK_POSITIF, f"realisasi {r}, batas {bound}")
    return _ok(r * _HUNDRED / bound)


def _compute(t: Decimal | Range, r: Decimal, metode: Metode) -> Capaian:
    if metode is Metode.RENTANG:
        if not isinstance(t, Range):
            return Capaian.tidak_ada(Alasan.METODE_RENTANG_TANPA_RENTANG, f"target {t}")
        return _rentang(t, r)
    if isinstance(t, Range):
        return Capaian.tidak_ada(Alasan.TARGET_RENTANG_METODE_LAIN, f"metode {metode.value}")
    if t == 0:
        return Capaian.tidak_ada(Alasan.TARGET_NOL)
    if t < 0:
        # R/T, (2T-R)/T and T/R all turn "better" into a lower percentage when T < 0
        # (a growth-rate target of -2 %): any number printed would mislead.
        return Capaian.tidak_ada(Alasan.TARGET_NEGATIF, f"{t} (metode {metode.value})")
    if metode is Metode.POSITIF:
        return _ok(r * _HUNDRED / t)
    if metode is Metode.NEGATIF:
        return _ok(max((2 * t - r) * _HUNDRED / t, Decimal(0)))
    # NEGATIF_RASIO
    if r == 0:
        return Capaian.tidak_ada(Alasan.REALISASI_NOL_RASIO)
    if r < 0:
        return Capaian.tidak_ada(Alasan.REALISASI_NEGATIF_RASIO, str(r))
    return _ok(t * _HUNDRED / r)


def _metode(metode: object) -> Metode | None:
    if isinstance(metode, Metode):
        return metode
    if isinstance(metode, str):
        try:
            return Metode(metode.strip().lower())
        except ValueError:
            return None
    return None


def capaian(target: object, realisasi: object, metode: Metode | str = Metode.POSITIF) -> Capaian:
    """Tingkat capaian K in percent, or no capaian with the reason; never raises for bad values.

    ``target``/``realisasi``: Decimal, int, float, a SAKIP/BPK grade string (converted to its
    ordinal; both must be on the same scale), a ``Range`` (target only, with ``Metode.RENTANG``),
    or None/blank. Anything else (other text, bool, NaN, inf) gives no capaian.
    """
    m = _metode(metode)
    if m is None:
        return Capaian.tidak_ada(Alasan.METODE_TIDAK_DIKENAL, repr(metode))
    t = _read(target, kosong=Alasan.TARGET_KOSONG, bukan_angka=Alasan.TARGET_BUKAN_ANGKA, allow_range=True)
    if isinstance(t, Capaian):
        return t
    r = _read(realisasi, kosong=Alasan.REALISASI_KOSONG, bukan_angka=Alasan.REALISASI_BUKAN_ANGKA, allow_range=False)
    if isinstance(r, Capaian):
        return r
    if type(t) is Decimal and type(r) is Decimal:  # two numbers (the usual case): nothing to compare or convert
        t_num, r_num = t, r
    else:
        if not isinstance(t, Range):
            mismatch = _same_scale(t, r)
            if mismatch is not None:
                return mismatch
        elif isinstance(r, _Grade):
            return Capaian.tidak_ada(Alasan.SKALA_BERBEDA, f"target {t!r}, realisasi {_describe(r)}")
        t_num = Decimal(t.ordinal) if isinstance(t, _Grade) else t
        r_num = Decimal(r.ordinal) if isinstance(r, _Grade) else r
    try:
        with local_division():
            return _compute(t_num, r_num, m)
    except DecimalException:  # only for absurd exponents (e.g. 1E+999999999)
        return Capaian.tidak_ada(Alasan.DI_LUAR_JANGKAUAN)


def serapan(realisasi_rp: object, pagu_rp: object) -> Capaian:
    """Serapan anggaran (capaian Rp): realisasi Rp / pagu Rp x 100; pagu blank or 0 -> none.

    A realisasi above pagu gives more than 100 %: that is a finding for the checks, not a reason
    to hide the number.
    """
    p = _read(pagu_rp, kosong=Alasan.PAGU_KOSONG, bukan_angka=Alasan.PAGU_BUKAN_ANGKA, allow_range=False)
    if isinstance(p, Capaian):
        return p
    r = _read(realisasi_rp, kosong=Alasan.REALISASI_KOSONG, bukan_angka=Alasan.REALISASI_BUKAN_ANGKA, allow_range=False)
    if isinstance(r, Capaian):
        return r
    if isinstance(p, _Grade):  # a grade is never an amount of Rupiah
        return Capaian.tidak_ada(Alasan.PAGU_BUKAN_ANGKA, repr(p.text))
    if isinstance(r, _Grade):
        return Capaian.tidak_ada(Alasan.REALISASI_BUKAN_ANGKA, repr(r.text))
    if p == 0:
        return Capaian.tidak_ada(Alasan.PAGU_NOL)
    if p < 0:
        return Capaian.tidak_ada(Alasan.PAGU_NEGATIF, str(p))
    try:
        with local_division():
            return _ok(r * _HUNDRED / p)
    except DecimalException:
        return Capaian.tidak_ada(Alasan.DI_LUAR_JANGKAUAN)
