"""numbers: Excel ROUND semantics and float -> Decimal conversion."""

from __future__ import annotations

from decimal import Decimal, getcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.rules import round_half_up, to_decimal

D = Decimal


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (D("57.805"), 2, D("57.81")),
        (D("2.5"), 0, D("3")),
        (D("-2.5"), 0, D("-3")),
        (D("103.255"), 2, D("103.26")),
        (D("0.5"), 0, D("1")),
        (D("1.5"), 0, D("2")),
        (D("103.2533333"), 2, D("103.25")),
        (D("-57.805"), 2, D("-57.81")),
        (D("1234.5"), -1, D("1230")),
        (D("1235"), -1, D("1240")),
        (D("99.874"), 2, D("99.87")),
    ],
)
def test_round_half_up(value: Decimal, digits: int, expected: Decimal) -> None:
    assert round_half_up(value, digits) == expected


def test_round_half_up_float_tie_uses_decimal_text() -> None:
    # round(57.805, 2) == 57.8 in Python because of the binary expansion; Excel shows 57,81.
    assert round(57.805, 2) == 57.8
    assert round_half_up(57.805, 2) == D("57.81")


def test_round_half_up_keeps_requested_places() -> None:
    assert str(round_half_up(D("50"), 2)) == "50.00"


def test_round_half_up_big_number() -> None:
    assert round_half_up(D("2872149185.5")) == D("2872149186")


def test_round_half_up_non_finite_raises() -> None:
    with pytest.raises(ValueError):
        round_half_up(D("NaN"))


def test_round_half_up_leaves_global_context_alone() -> None:
    before = getcontext().rounding, getcontext().prec
    round_half_up(D("2.5"))
    assert (getcontext().rounding, getcontext().prec) == before


def test_to_decimal_float_uses_repr() -> None:
    assert to_decimal(0.1) == D("0.1")
    assert to_decimal(77.44) == D("77.44")
    assert D(0.1) != D("0.1")  # what we avoid


def test_to_decimal_float_subclass() -> None:
    class F(float):
        def __repr__(self) -> str:
            return f"F({float(self)})"

    assert to_decimal(F(0.1)) == D("0.1")


def test_to_decimal_int_and_decimal() -> None:
    assert to_decimal(2872149185) == D("2872149185")
    d = D("1.50")
    assert to_decimal(d) is d


@pytest.mark.parametrize("bad", [True, False, "1", None])
def test_to_decimal_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        to_decimal(bad)  # type: ignore[arg-type]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_to_decimal_round_trips_floats(x: float) -> None:
    assert float(to_decimal(x)) == x


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9))
def test_round_half_up_is_within_half_unit(x: Decimal) -> None:
    r = round_half_up(x, 2)
    assert abs(r - x) <= D("0.005")
    assert round_half_up(-x, 2) == -r  # symmetric: half away from zero
