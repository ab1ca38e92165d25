"""efisiensi: capaian K minus serapan Rp, efisien above +5 points."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lkjip_xl.rules import AMBANG_EFISIEN, Capaian, capaian, efisiensi, is_efisien, serapan

D = Decimal


def test_efisiensi_difference() -> None:
    assert efisiensi(D(100), D("91.67")) == D("8.33")


def test_efisiensi_from_capaian_objects() -> None:
    k = capaian(12, 12)
    rp = serapan(90, 100)
    assert efisiensi(k, rp) == D(10)
    assert is_efisien(k, rp) is True


@pytest.mark.parametrize(
    ("k", "rp", "expected"),
    [
        (D(100), D(95), False),  # exactly +5 is not above +5
        (D("100.0001"), D(95), True),
        (D(100), D(100), False),
        (D(90), D(100), False),
    ],
)
def test_is_efisien_threshold(k: Decimal, rp: Decimal, expected: bool) -> None:
    assert is_efisien(k, rp) is expected


def test_missing_side_gives_none() -> None:
    assert efisiensi(None, D(5)) is None
    assert efisiensi(D(5), Capaian(None, "pagu 0")) is None
    assert is_efisien(capaian(0, 5), D(50)) is None


def test_custom_threshold() -> None:
    assert is_efisien(D(100), D(98), ambang=D(1)) is True
    assert AMBANG_EFISIEN == D(5)


def test_wrong_types_raise() -> None:
    with pytest.raises(TypeError):
        efisiensi("100", D(5))  # type: ignore[arg-type]
