from decimal import Decimal

import pytest

from lkjip_xl.errors import NumberFormatError
from lkjip_xl.display import format_number
from lkjip_xl.parsing import parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2.872.149.185", Decimal("2872149185")),
        ("99,87", Decimal("99.87")),
        ("75 %", Decimal("75")),
        ("75%", Decimal("75")),
        ("Rp 951.454.520", Decimal("951454520")),
        ("Rp. 1.067.941.605", Decimal("1067941605")),
        ("40.577", Decimal("40577")),
        ("1.056", Decimal("1056")),
        ("77.44", Decimal("77.44")),
        ("57,142", Decimal("57.142")),
        ("1.234,5", Decimal("1234.5")),
        ("-6,5", Decimal("-6.5")),
        ("0", Decimal("0")),
        (" 12 ", Decimal("12")),
        ("1\u00a0000", Decimal("1000")),
        (",5", Decimal("0.5")),
    ],
)
def test_parse_number_reads_indonesian_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["1.051.756.000x", "", "-", "abc", "1,2,3", "12.34.5", "1.2345,6", "١٢", "²", "####", "1e5", "nan"]
)
def test_parse_number_rejects_non_numbers_quoting_them(text):
    with pytest.raises(NumberFormatError) as info:
        parse_number(text)
    assert repr(text) in str(info.value)


def test_parse_number_is_exact_for_rupiah():
    parts = ["0,1", "0,2", "2.872.149.185", "1.051.756.000"]
    assert sum(parse_number(p) for p in parts) == Decimal("3923905185.3")


@pytest.mark.parametrize(
    "value, decimals, text",
    [(Decimal("19213538636"), 0, "19.213.538.636"), (Decimal("98.915"), 2, "98,92"), (Decimal("-1234.5"), 1, "-1.234,5")],
)
def test_format_number_indonesian(value, decimals, text):
    assert format_number(value, decimals) == text
