"""capaian and serapan: formulas, no-capaian reasons, and properties."""

from __future__ import annotations

from decimal import Decimal, getcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.rules import Alasan, Capaian, Metode, Range, capaian, round_half_up, serapan

D = Decimal


def pct(c: Capaian) -> Decimal:
    assert c.ada, c.alasan
    assert c.nilai is not None
    return round_half_up(c.nilai, 2)


# --- acceptance examples -------------------------------------------------------------------------


def test_ikm_77_44_vs_75() -> None:
    c = capaian(D(75), D("77.44"))
    assert pct(c) == D("103.25")
    assert c.nilai is not None
    assert str(c.nilai).startswith("103.25333333333333")  # full precision, not rounded
    assert c.nilai != D("103.25")


def test_float_inputs_match_decimal_inputs() -> None:
    assert capaian(75, 77.44) == capaian(D(75), D("77.44"))


def test_7_of_14_is_50() -> None:
    assert capaian(14, 7).nilai == D(50)


def test_score_40_28_vs_46() -> None:
    assert pct(capaian(D(46), D("40.28"))) == D("87.57")


def test_negatif_6_5_vs_7() -> None:
    assert pct(capaian(7, D("6.5"), Metode.NEGATIF)) == D("107.14")


def test_negatif_9_vs_8() -> None:
    assert capaian(8, 9, Metode.NEGATIF).nilai == D("87.5")


def test_negatif_floored_at_zero() -> None:
    # (2*8 - 20)/8 = -50 % without the floor
    assert capaian(8, 20, Metode.NEGATIF).nilai == D(0)
    assert capaian(8, 16, Metode.NEGATIF).nilai == D(0)


def test_negatif_accepts_string_metode() -> None:
    assert capaian(8, 9, " Negatif ").nilai == D("87.5")


def test_negatif_rasio_examples() -> None:
    assert capaian(7, D("6.5"), Metode.NEGATIF_RASIO).nilai is not None
    assert pct(capaian(7, D("6.5"), Metode.NEGATIF_RASIO)) == D("107.69")
    assert capaian(8, 10, "negatif_rasio").nilai == D(80)
    assert capaian(5, 5, Metode.NEGATIF_RASIO).nilai == D(100)


def test_negatif_rasio_realisasi_zero() -> None:
    c = capaian(8, 0, Metode.NEGATIF_RASIO)
    assert not c.ada
    assert c.kode is Alasan.REALISASI_NOL_RASIO
    assert c.alasan == "realisasi 0 (polaritas negatif T/R)"


def test_negatif_rasio_realisasi_negative() -> None:
    c = capaian(8, -2, Metode.NEGATIF_RASIO)
    assert c.kode is Alasan.REALISASI_NEGATIF_RASIO


def test_grades_bb_vs_b() -> None:
    assert capaian("BB", "B").nilai == D(80)


def test_grades_case_insensitive() -> None:
    assert capaian(" bb", "b ").nilai == D(80)


def test_bpk_wdp_vs_wtp() -> None:
    assert capaian("WTP", "WDP").nilai == D(75)


def test_mixed_scales() -> None:
    c = capaian("BB", "WTP")
    assert not c.ada
    assert c.kode is Alasan.SKALA_BERBEDA
    assert c.alasan == "skala nilai berbeda: target 'BB' (SAKIP), realisasi 'WTP' (BPK)"


@pytest.mark.parametrize(("t", "r"), [("BB", 4), (5, "B"), (D(5), "WTP")])
def test_grade_against_number(t: object, r: object) -> None:
    assert capaian(t, r).kode is Alasan.SKALA_BERBEDA


# --- range targets -------------------------------------------------------------------------------

RANGE = Range(D(80), D(100))


@pytest.mark.parametrize(("r", "expected"), [(80, D(100)), (90, D(100)), (100, D(100))])
def test_range_inside_inclusive(r: int, expected: Decimal) -> None:
    assert capaian(RANGE, r, Metode.RENTANG).nilai == expected


def test_range_above_divides_by_max() -> None:
    assert capaian(RANGE, 110, Metode.RENTANG).nilai == D(110)


def test_range_below_divides_by_min() -> None:
    assert capaian(RANGE, 60, Metode.RENTANG).nilai == D(75)


def test_range_min_zero_below() -> None:
    c = capaian(Range(0, 10), -1, Metode.RENTANG)
    assert c.kode is Alasan.BATAS_RENTANG_TIDAK_POSITIF


def test_range_min_zero_inside() -> None:
    assert capaian(Range(0, 10), 0, Metode.RENTANG).nilai == D(100)


def test_range_needs_rentang_metode_and_vice_versa() -> None:
    assert capaian(RANGE, 90).kode is Alasan.TARGET_RENTANG_METODE_LAIN
    assert capaian(90, 90, Metode.RENTANG).kode is Alasan.METODE_RENTANG_TANPA_RENTANG


def test_range_realisasi_is_not_a_number() -> None:
    assert capaian(90, RANGE).kode is Alasan.REALISASI_BUKAN_ANGKA


def test_range_validation() -> None:
    with pytest.raises(ValueError):
        Range(D(10), D(5))
    with pytest.raises(ValueError):
        Range(D("NaN"), D(5))
    with pytest.raises(ValueError):
        Range("a", 5)  # type: ignore[arg-type]
    r = Range(1, 2.5)  # type: ignore[arg-type]
    assert r.min == D(1) and r.max == D("2.5")
    assert Range(5, 5).min == D(5)


# --- no capaian ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("t", "r", "kode", "alasan"),
    [
        (0, 5, Alasan.TARGET_NOL, "target 0"),
        (D("0.00"), 0, Alasan.TARGET_NOL, "target 0"),
        (None, 5, Alasan.TARGET_KOSONG, "target kosong"),
        ("", 5, Alasan.TARGET_KOSONG, "target kosong"),
        ("   ", 5, Alasan.TARGET_KOSONG, "target kosong"),
        (None, None, Alasan.TARGET_KOSONG, "target kosong"),
        (5, None, Alasan.REALISASI_KOSONG, "realisasi kosong"),
        (5, " ", Alasan.REALISASI_KOSONG, "realisasi kosong"),
        ("abc", 5, Alasan.TARGET_BUKAN_ANGKA, "target bukan angka: 'abc'"),
        ("75", 5, Alasan.TARGET_BUKAN_ANGKA, "target bukan angka: '75'"),
        (5, "#DIV/0!", Alasan.REALISASI_BUKAN_ANGKA, "realisasi bukan angka: '#DIV/0!'"),
        (True, 5, Alasan.TARGET_BUKAN_ANGKA, "target bukan angka: True"),
        (5, False, Alasan.REALISASI_BUKAN_ANGKA, "realisasi bukan angka: False"),
        (float("nan"), 5, Alasan.TARGET_BUKAN_ANGKA, "target bukan angka: nan"),
        (5, float("inf"), Alasan.REALISASI_BUKAN_ANGKA, "realisasi bukan angka: infinity"),
        (D("-Infinity"), 5, Alasan.TARGET_BUKAN_ANGKA, "target bukan angka: -infinity"),
        ([5], 5, Alasan.TARGET_BUKAN_ANGKA, "target bukan angka: [5]"),
        (-2, 1, Alasan.TARGET_NEGATIF, "target negatif: -2 (metode positif)"),
    ],
)
def test_no_capaian(t: object, r: object, kode: Alasan, alasan: str) -> None:
    c = capaian(t, r)
    assert not c.ada
    assert c.nilai is None
    assert c.kode is kode
    assert c.alasan == alasan


def test_zero_over_zero_is_no_capaian() -> None:
    for m in Metode:
        assert not capaian(0, 0, m).ada


def test_target_negatif_for_negative_polarity() -> None:
    assert capaian(-2, -3, Metode.NEGATIF).kode is Alasan.TARGET_NEGATIF
    assert capaian(-2, -3, Metode.NEGATIF_RASIO).kode is Alasan.TARGET_NEGATIF


def test_negative_realisasi_allowed_for_positif() -> None:
    # a growth rate of -2 % against a target of 5 %
    assert capaian(5, -2).nilai == D(-40)


def test_unknown_metode() -> None:
    c = capaian(5, 5, "terbalik")
    assert c.kode is Alasan.METODE_TIDAK_DIKENAL
    assert capaian(5, 5, None).kode is Alasan.METODE_TIDAK_DIKENAL  # type: ignore[arg-type]


def test_realisasi_zero_positif_is_zero_percent() -> None:
    assert capaian(12, 0).nilai == D(0)


def test_capaian_value_object() -> None:
    assert Capaian(D(1), None).ada
    assert not Capaian(None, "x").ada
    with pytest.raises(ValueError):
        Capaian(None, None)
    with pytest.raises(ValueError):
        Capaian(D(1), "x")
    assert Alasan.TARGET_NOL == "target 0"
    assert str(Alasan.TARGET_KOSONG) == "target kosong"


def test_huge_exponents_do_not_raise() -> None:
    # well inside the context's exponent range: a (silly but exact) number
    assert capaian(D("1E-999999999"), D("1E+999999999")).nilai == D("1E+2000000000")
    # beyond it: the division overflows, which is reported and not raised
    c = capaian(D("1E-999999999999999999"), D("1E+999999999999999999"))
    assert not c.ada
    assert c.kode is Alasan.DI_LUAR_JANGKAUAN


def test_global_context_untouched() -> None:
    prec = getcontext().prec
    capaian(3, 1)
    assert getcontext().prec == prec


# --- serapan -------------------------------------------------------------------------------------


def test_serapan() -> None:
    c = serapan(D(208704714), D(209774059))
    assert pct(c) == D("99.49")
    assert serapan(50, 200).nilai == D(25)


def test_serapan_above_pagu_kept() -> None:
    assert serapan(110, 100).nilai == D(110)


@pytest.mark.parametrize(
    ("r", "p", "kode"),
    [
        (5, 0, Alasan.PAGU_NOL),
        (0, 0, Alasan.PAGU_NOL),
        (5, None, Alasan.PAGU_KOSONG),
        (None, 5, Alasan.REALISASI_KOSONG),
        (5, "1.051.756.000", Alasan.PAGU_BUKAN_ANGKA),
        (5, "WTP", Alasan.PAGU_BUKAN_ANGKA),
        ("BB", 5, Alasan.REALISASI_BUKAN_ANGKA),
        (5, -10, Alasan.PAGU_NEGATIF),
        (5, True, Alasan.PAGU_BUKAN_ANGKA),
        (float("nan"), 5, Alasan.REALISASI_BUKAN_ANGKA),
    ],
)
def test_serapan_no_value(r: object, p: object, kode: Alasan) -> None:
    c = serapan(r, p)
    assert not c.ada
    assert c.kode is kode


# --- properties ----------------------------------------------------------------------------------

positive = st.decimals(min_value=D("0.0001"), max_value=D(10**12), allow_nan=False, allow_infinity=False, places=4)
any_real = st.decimals(min_value=D(-10**12), max_value=D(10**12), allow_nan=False, allow_infinity=False, places=4)


@given(positive, any_real, any_real)
def test_positif_monotone_in_realisasi(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    lo, hi = sorted((r1, r2))
    a, b = capaian(t, lo), capaian(t, hi)
    assert a.nilai is not None and b.nilai is not None
    assert a.nilai <= b.nilai


@given(positive, any_real, any_real)
def test_negatif_monotone_non_increasing(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    lo, hi = sorted((r1, r2))
    a, b = capaian(t, lo, Metode.NEGATIF), capaian(t, hi, Metode.NEGATIF)
    assert a.nilai is not None and b.nilai is not None
    assert a.nilai >= b.nilai >= 0


@given(positive, positive, positive)
def test_negatif_rasio_monotone_non_increasing(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    lo, hi = sorted((r1, r2))
    a, b = capaian(t, lo, Metode.NEGATIF_RASIO), capaian(t, hi, Metode.NEGATIF_RASIO)
    assert a.nilai is not None and b.nilai is not None
    assert a.nilai >= b.nilai


@given(positive, positive, any_real, any_real)
def test_rentang_monotone_in_realisasi(a: Decimal, b: Decimal, r1: Decimal, r2: Decimal) -> None:
    rng = Range(min(a, b), max(a, b))
    lo, hi = sorted((r1, r2))
    x, y = capaian(rng, lo, Metode.RENTANG), capaian(rng, hi, Metode.RENTANG)
    assert x.nilai is not None and y.nilai is not None
    assert x.nilai <= y.nilai


@given(positive)
def test_every_metode_gives_100_at_target(t: Decimal) -> None:
    for m in (Metode.POSITIF, Metode.NEGATIF, Metode.NEGATIF_RASIO):
        assert capaian(t, t, m).nilai == D(100)


cell = st.one_of(
    st.none(),
    st.decimals(),  # includes NaN, sNaN, infinities and extreme exponents
    st.floats(),  # includes nan and inf
    st.text(),
    st.booleans(),
    st.integers(),
    st.sampled_from(["BB", "b", "WTP", "tmp", "AA", " ", ""]),
    st.builds(lambda a, b: Range(min(a, b), max(a, b)), any_real, any_real),
)
metode = st.one_of(st.sampled_from(list(Metode)), st.text(), st.sampled_from(["positif", "RENTANG"]))


@given(cell, cell, metode)
def test_capaian_never_raises(t: object, r: object, m: object) -> None:
    c = capaian(t, r, m)  # type: ignore[arg-type]
    assert isinstance(c, Capaian)
    assert (c.nilai is None) != (c.alasan is None)
    if c.nilai is not None:
        assert c.nilai.is_finite()
    else:
        assert isinstance(c.kode, Alasan)
        assert c.alasan is not None and c.alasan.startswith(c.kode.value)


@given(cell, cell)
def test_serapan_never_raises(r: object, p: object) -> None:
    c = serapan(r, p)
    assert isinstance(c, Capaian)
    assert c.ada or c.kode is not None


@given(st.one_of(st.just(float("nan")), st.just(float("inf")), st.just(float("-inf")),
                 st.just(D("NaN")), st.just(D("sNaN")), st.just(D("Infinity"))), any_real)
def test_non_finite_is_no_capaian_with_reason(bad: object, other: Decimal) -> None:
    assert capaian(bad, other).kode is Alasan.TARGET_BUKAN_ANGKA
    assert capaian(D(5), bad).kode is Alasan.REALISASI_BUKAN_ANGKA
