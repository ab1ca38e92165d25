"""Ordinal scales for qualitative targets (SAKIP predikat, BPK audit opinion).

Why: some indicators have a grade as target ("BB") or realisasi ("WTP"). The domain converts the
grade to an ordinal and then applies the normal capaian formula, so BB -> B is 4/5 = 80 %.
Only grades of the same scale can be compared: a SAKIP grade against a BPK opinion has no meaning.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

__all__ = [
    "BPK",
    "BPK_ORDINALS",
    "SAKIP",
    "SAKIP_ORDINALS",
    "SCALE_NAMES",
    "grade_ordinal",
    "grade_scale",
    "is_grade",
    "normalize_grade",
]

SAKIP = "sakip"
BPK = "bpk"

#: SAKIP evaluation predikat, worst to best.
SAKIP_ORDINALS: Mapping[str, int] = MappingProxyType(
    {"D": 1, "C": 2, "CC": 3, "B": 4, "BB": 5, "A": 6, "AA": 7}
)
#: BPK audit opinion, worst to best: Tidak Menyatakan Pendapat, Tidak Wajar,
#: Wajar Dengan Pengecualian, Wajar Tanpa Pengecualian.
BPK_ORDINALS: Mapping[str, int] = MappingProxyType({"TMP": 1, "TW": 2, "WDP": 3, "WTP": 4})

#: Display name of each scale, for messages.
SCALE_NAMES: Mapping[str, str] = MappingProxyType({SAKIP: "SAKIP", BPK: "BPK"})

_SCALES: Mapping[str, Mapping[str, int]] = MappingProxyType({SAKIP: SAKIP_ORDINALS, BPK: BPK_ORDINALS})


def normalize_grade(grade: str) -> str:
    """Upper-case and strip, because cells hold " bb" or "Wtp" as often as "BB"."""
    return grade.strip().upper()


def grade_scale(grade: str) -> str | None:
    """Return ``"sakip"`` or ``"bpk"`` for a known grade, else None (also for non-strings)."""
    if not isinstance(grade, str):
        return None
    g = normalize_grade(grade)
    for scale, ordinals in _SCALES.items():
        if g in ordinals:
            return scale
    return None


def grade_ordinal(grade: str) -> int:
    """Ordinal of a grade on its own scale; ValueError for anything that is not a known grade."""
    scale = grade_scale(grade)
    if scale is None:
        raise ValueError(f"not a SAKIP or BPK grade: {grade!r}")
    return _SCALES[scale][normalize_grade(grade)]


def is_grade(value: object) -> bool:
    """True when ``value`` is a string naming a SAKIP or BPK grade."""
    return grade_scale(value) is not None  # type: ignore[arg-type]
