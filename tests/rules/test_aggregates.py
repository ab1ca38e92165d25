"""aggregates: averages of capaian, exact totals of Rupiah."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.rules import Capaian, average, capaian, total

D = Decimal


def test_average_plain() -> None:
    assert average([D(100), D(50)]) == D(75)


def test_average_skips_none_and_no_capaian() -> None:
    rows = [D(100), None, capaian(0, 5), capaian(10, 5), Capaian(None, "realisasi kosong")]
    # only 100 and 50 count: the no-capaian rows are not zeros
    assert average(rows) == D(75)


def test_average_nothing_to_average() -> None:
    assert average([]) is None
    assert average([None, capaian(None, 5)]) is None


def test_average_accepts_generators_and_ints() -> None:
    assert average(x for x in [D(1), 2, 3.5]) == D("2.166666666666666666666666666666667")


def test_average_seed_program_not_a_sum() -> None:
    # four kegiatan at ~100 % average to ~100 %, where the seed printed their sum (377 ...)
    rows = [D(100), D("91.67"), D("85.33"), D(100)]
    assert average(rows) == D("94.25")
    assert sum(rows) == D("377.00")


def test_average_full_precision() -> None:
    assert average([D(1), D(1), D(2)]) == D("1.333333333333333333333333333333333")


@pytest.mark.parametrize("bad", [D("NaN"), float("inf")])
def test_average_rejects_non_finite(bad: object) -> None:
    with pytest.raises(ValueError):
        average([D(1), bad])  # type: ignore[list-item]


@pytest.mark.parametrize("bad", [True, "50", [1]])
def test_average_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        average([bad])  # type: ignore[list-item]


def test_total_float_rupiah_exact() -> None:
    assert 0.1 + 0.2 != 0.3
    assert total([0.1, 0.2]) == D("0.3")


def test_total_big_rupiah_exact() -> None:
    values = [D(2872149185), D(209774059), 202989861, None, D("0.01")]
    assert total(values) == D("3284913105.01")


def test_total_beyond_float_precision() -> None:
    big = 10**30
    assert total([big, 1, -big]) == D(1)
    assert total([D("1E+40"), D("0.000001")]) == D("10000000000000000000000000000000000000000.000001")


def test_total_empty_and_none() -> None:
    assert total([]) == D(0)
    assert total([None, None]) == D(0)


def test_total_refuses_percentages() -> None:
    with pytest.raises(TypeError, match="never sum"):
        total([capaian(10, 5)])  # type: ignore[list-item]


@pytest.mark.parametrize("bad", [True, "1.051.756.000"])
def test_total_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        total([bad])  # type: ignore[list-item]


def test_total_rejects_nan() -> None:
    with pytest.raises(ValueError):
        total([D("NaN")])


finite = st.decimals(allow_nan=False, allow_infinity=False, min_value=D("-1E+15"), max_value=D("1E+15"))


@given(finite, st.integers(min_value=1, max_value=50))
def test_average_of_equal_values_is_that_value(x: Decimal, n: int) -> None:
    assert average([x] * n) == x


@given(st.lists(st.one_of(st.none(), finite)))
def test_average_between_min_and_max(values: list[Decimal | None]) -> None:
    present = [v for v in values if v is not None]
    avg = average(values)
    if not present:
        assert avg is None
    else:
        assert avg is not None
        assert min(present) <= avg <= max(present)


@given(st.lists(st.one_of(st.none(), st.integers(min_value=-10**18, max_value=10**18))))
def test_total_matches_integer_sum(values: list[int | None]) -> None:
    assert total(values) == sum(v for v in values if v is not None)
