"""predikat: Permendagri 86/2017 bands, custom bands, SAKIP grades."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.rules import (
    HIJAU,
    KUNING,
    MERAH,
    PERMENDAGRI_86_2017,
    SAKIP_LABELS,
    Band,
    Bands,
    Capaian,
    ExcelThreshold,
    capaian,
    predikat,
    sakip_grade,
    sakip_label,
)

D = Decimal


@pytest.mark.parametrize(
    ("nilai", "label"),
    [
        (D("-10"), "Sangat Rendah"),
        (D("0"), "Sangat Rendah"),
        (D("50"), "Sangat Rendah"),
        (D("50.0001"), "Rendah"),
        (D("65"), "Rendah"),
        (D("65.0001"), "Sedang"),
        (D("75"), "Sedang"),
        (D("75.0001"), "Tinggi"),
        (D("90"), "Tinggi"),
        (D("90.0001"), "Sangat Tinggi"),
        (D("90.5"), "Sangat Tinggi"),
        (D("91"), "Sangat Tinggi"),
        (D("100"), "Sangat Tinggi"),
        (D("150"), "Sangat Tinggi"),
        (D("3750"), "Sangat Tinggi"),
    ],
)
def test_default_band_edges(nilai: Decimal, label: str) -> None:
    assert predikat(nilai) == label


def test_predikat_of_capaian() -> None:
    assert predikat(capaian(75, D("77.44"))) == "Sangat Tinggi"
    assert predikat(capaian(D(46), D("40.28"))) == "Tinggi"


@pytest.mark.parametrize("none", [None, Capaian(None, "target 0"), capaian(0, 5), D("NaN")])
def test_no_capaian_no_predikat(none: object) -> None:
    assert predikat(none) is None  # type: ignore[arg-type]


def test_predikat_rejects_wrong_types() -> None:
    with pytest.raises(TypeError):
        predikat("90")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        predikat(True)  # type: ignore[arg-type]


def test_default_colours() -> None:
    colours = {b.label: b.warna for b in PERMENDAGRI_86_2017}
    assert colours == {
        "Sangat Rendah": MERAH,
        "Rendah": MERAH,
        "Sedang": KUNING,
        "Tinggi": HIJAU,
        "Sangat Tinggi": HIJAU,
    }


def test_band_for_gives_the_colour() -> None:
    band = PERMENDAGRI_86_2017.band_for(D("70"))
    assert band is not None and band.warna == "kuning"


def test_excel_thresholds() -> None:
    assert PERMENDAGRI_86_2017.as_excel_thresholds() == [
        ExcelThreshold(D(50), True, "Sangat Rendah"),
        (D(65), True, "Rendah"),
        (D(75), True, "Sedang"),
        (D(90), True, "Tinggi"),
        (None, False, "Sangat Tinggi"),
    ]


# --- custom bands --------------------------------------------------------------------------------

CUSTOM = Bands(
    [
        Band("Kurang", 0, True, 60, False, MERAH),
        Band("Cukup", 60, True, 80, False, KUNING),
        Band("Baik", 80, True, 100, True, HIJAU),
    ]
)


@pytest.mark.parametrize(
    ("nilai", "label"),
    [
        (D(0), "Kurang"),
        (D("59.999"), "Kurang"),
        (D(60), "Cukup"),
        (D("79.99"), "Cukup"),
        (D(80), "Baik"),
        (D(100), "Baik"),
        (D("100.01"), None),  # outside the bounded scale
        (D("-0.01"), None),
    ],
)
def test_custom_bands(nilai: Decimal, label: str | None) -> None:
    assert predikat(nilai, CUSTOM) == label


def test_custom_bands_excel_thresholds_half_open() -> None:
    assert CUSTOM.as_excel_thresholds()[0] == (D(60), False, "Kurang")


def test_bands_is_a_tuple() -> None:
    assert isinstance(PERMENDAGRI_86_2017, tuple)
    assert len(PERMENDAGRI_86_2017) == 5
    assert PERMENDAGRI_86_2017[0].label == "Sangat Rendah"


def test_band_converts_edges() -> None:
    b = Band("x", 1, True, 2.5, False)
    assert b.lower == D(1) and b.upper == D("2.5")


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([Band("a", None, False, 50, True), Band("b", 51, False, None, False)], "gap between 'a' and 'b'"),
        ([Band("a", None, False, 50, False), Band("b", 50, False, None, False)], "gap between 'a' and 'b': edge 50"),
        ([Band("a", None, False, 50, True), Band("b", 50, True, None, False)], "overlap between 'a' and 'b': edge 50"),
        ([Band("a", None, False, 60, True), Band("b", 50, False, None, False)], "overlap between 'a' and 'b'"),
        ([Band("a", None, False, None, False), Band("b", 50, False, None, False)], "overlap: 'a'"),
        ([Band("a", 0, True, 50, True), Band("b", None, False, 70, True)], "overlap: 'b'"),
        ([], "at least one"),
    ],
)
def test_invalid_bands(bands: list[Band], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Bands(bands)


@pytest.mark.parametrize(
    "args",
    [
        ("x", 5, True, 1, True),  # lower > upper
        ("x", 5, False, 5, True),  # empty point
        ("x", None, True, 5, True),  # inclusive infinity
        ("x", 1, True, None, True),
        ("x", D("NaN"), True, 5, True),
        ("x", "a", True, 5, True),
    ],
)
def test_invalid_band(args: tuple) -> None:
    with pytest.raises(ValueError):
        Band(*args)


def test_bands_rejects_non_band() -> None:
    with pytest.raises(ValueError):
        Bands([("a", None, False, None, False)])  # type: ignore[list-item]


def test_single_point_band_allowed() -> None:
    bands = Bands([Band("lo", None, False, 0, False), Band("nol", 0, True, 0, True), Band("hi", 0, False, None, False)])
    assert predikat(D(0), bands) == "nol"
    assert predikat(D("-0.1"), bands) == "lo"


# --- SAKIP grades --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "strict", "inclusive"),
    [
        (D(0), "D", "D"),
        (D(30), "D", "C"),
        (D("30.01"), "C", "C"),
        (D("29.99"), "D", "D"),
        (D(50), "C", "CC"),
        (D("50.01"), "CC", "CC"),
        (D("49.99"), "C", "C"),
        (D(60), "CC", "B"),
        (D("60.01"), "B", "B"),
        (D("59.99"), "CC", "CC"),
        (D(70), "B", "BB"),
        (D("70.01"), "BB", "BB"),
        (D("69.99"), "B", "B"),
        (D(80), "BB", "A"),
        (D("80.01"), "A", "A"),
        (D("79.99"), "BB", "BB"),
        (D(90), "A", "AA"),
        (D("90.01"), "AA", "AA"),
        (D("89.99"), "A", "A"),
        (D(100), "AA", "AA"),
        (D("40.28"), "C", "C"),
    ],
)
def test_sakip_grade_edges(score: Decimal, strict: str, inclusive: str) -> None:
    assert sakip_grade(score) == strict
    assert sakip_grade(score, aa_includes_90=True) == inclusive


@pytest.mark.parametrize("bad", [None, D("-0.01"), D("100.01"), D("NaN"), float("inf"), "80", True])
def test_sakip_grade_outside(bad: object) -> None:
    assert sakip_grade(bad) is None  # type: ignore[arg-type]
    assert sakip_grade(bad, aa_includes_90=True) is None  # type: ignore[arg-type]


def test_sakip_grade_int_and_float() -> None:
    assert sakip_grade(90) == "A"
    assert sakip_grade(90.5) == "AA"


@pytest.mark.parametrize(
    ("grade", "label"),
    [
        ("AA", "Sangat Memuaskan"),
        ("A", "Memuaskan"),
        ("BB", "Sangat Baik"),
        ("B", "Baik"),
        ("CC", "Cukup"),
        ("C", "Kurang"),
        ("D", "Sangat Kurang"),
        (" bb ", "Sangat Baik"),
    ],
)
def test_sakip_label(grade: str, label: str) -> None:
    assert sakip_label(grade) == label


@pytest.mark.parametrize("bad", ["E", "WTP", "", None])
def test_sakip_label_unknown(bad: object) -> None:
    with pytest.raises(ValueError):
        sakip_label(bad)  # type: ignore[arg-type]


def test_every_sakip_grade_has_a_label() -> None:
    grades = {sakip_grade(D(s)) for s in range(0, 101)}
    assert grades == set(SAKIP_LABELS)


# --- properties ----------------------------------------------------------------------------------

RANK = {b.label: i for i, b in enumerate(PERMENDAGRI_86_2017)}
values = st.decimals(min_value=-1000, max_value=10000, allow_nan=False, allow_infinity=False, places=4)


@given(values, values)
def test_predikat_monotone(a: Decimal, b: Decimal) -> None:
    lo, hi = sorted((a, b))
    p_lo, p_hi = predikat(lo), predikat(hi)
    assert p_lo is not None and p_hi is not None
    assert RANK[p_lo] <= RANK[p_hi]


@given(st.decimals(min_value=0, max_value=100, allow_nan=False, places=3),
       st.decimals(min_value=0, max_value=100, allow_nan=False, places=3), st.booleans())
def test_sakip_grade_monotone(a: Decimal, b: Decimal, inclusive: bool) -> None:
    order = ["D", "C", "CC", "B", "BB", "A", "AA"]
    lo, hi = sorted((a, b))
    g_lo, g_hi = sakip_grade(lo, aa_includes_90=inclusive), sakip_grade(hi, aa_includes_90=inclusive)
    assert g_lo is not None and g_hi is not None
    assert order.index(g_lo) <= order.index(g_hi)


@given(values)
def test_predikat_agrees_with_excel_thresholds(x: Decimal) -> None:
    """The IF-chain a workbook would evaluate gives the same label as predikat."""
    for upper, inclusive, label in PERMENDAGRI_86_2017.as_excel_thresholds():
        if upper is None or x < upper or (inclusive and x == upper):
            assert predikat(x) == label
            return
    raise AssertionError("no threshold matched")
