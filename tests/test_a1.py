"""A1 handling the writers and the Excel side rely on."""

from lkjip_xl import a1


def test_runs_of_rows_in_any_order_and_with_repeats():
    assert a1.runs([14, 12, 13, 20, 13, 22, 21]) == [(12, 14), (20, 22)]
    assert a1.runs([]) == []


def test_column_ranges_as_a_validation_sqref_writes_them():
    assert a1.column_ranges("F", [12, 13, 14, 40, 45, 46]) == ["F12:F14", "F40", "F45:F46"]
