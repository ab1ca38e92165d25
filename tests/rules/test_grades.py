"""grades: SAKIP and BPK ordinal scales."""

from __future__ import annotations

import pytest

from lkjip_xl.rules import BPK, SAKIP, grade_ordinal, grade_scale, is_grade


@pytest.mark.parametrize(
    ("grade", "ordinal"),
    [("D", 1), ("C", 2), ("CC", 3), ("B", 4), ("BB", 5), ("A", 6), ("AA", 7)],
)
def test_sakip_ordinals(grade: str, ordinal: int) -> None:
    assert grade_ordinal(grade) == ordinal
    assert grade_scale(grade) == SAKIP


@pytest.mark.parametrize(("grade", "ordinal"), [("TMP", 1), ("TW", 2), ("WDP", 3), ("WTP", 4)])
def test_bpk_ordinals(grade: str, ordinal: int) -> None:
    assert grade_ordinal(grade) == ordinal
    assert grade_scale(grade) == BPK


@pytest.mark.parametrize("raw", [" bb", "Bb ", "\tBB\n", "bb"])
def test_case_and_whitespace_ignored(raw: str) -> None:
    assert grade_scale(raw) == "sakip"
    assert grade_ordinal(raw) == 5


def test_bpk_lowercase() -> None:
    assert grade_scale(" wtp ") == "bpk"


@pytest.mark.parametrize("bad", ["", "  ", "E", "AAA", "WTP-DPP", "abc", "75", "B B"])
def test_unknown_grade(bad: str) -> None:
    assert grade_scale(bad) is None
    assert not is_grade(bad)
    with pytest.raises(ValueError):
        grade_ordinal(bad)


@pytest.mark.parametrize("value", [None, 5, 5.0, True, b"BB", ["BB"]])
def test_non_strings_are_not_grades(value: object) -> None:
    assert not is_grade(value)
    assert grade_scale(value) is None  # type: ignore[arg-type]


def test_is_grade_true() -> None:
    assert is_grade("AA") and is_grade("tmp")
