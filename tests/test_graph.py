"""The cycles of a graph of cells: what `check` and the audit name as circular references."""

from lkjip_xl.graph import cycles


def test_two_cells_referring_to_each_other_and_one_to_itself():
    edges = {"A1": {"B1"}, "B1": {"A1"}, "C1": {"C1"}, "D1": {"A1"}}
    found = sorted(sorted(c) for c in cycles(edges))
    assert found == [["A1", "B1"], ["C1"]]


def test_no_cycle_in_a_chain():
    assert cycles({"A1": ["A2"], "A2": ["A3"], "A3": []}) == []


def test_a_column_long_chain_into_a_cycle_needs_no_recursion():
    # A20000 -> A19999 -> ... -> A2 -> A1 -> A2: a cumulative column whose first formula points
    # back; deeper than Python's recursion limit.
    n = 20_000
    edges = {f"A{r}": [f"A{r - 1}"] for r in range(2, n + 1)}
    edges["A1"] = ["A2"]
    assert [sorted(c) for c in cycles(edges)] == [["A1", "A2"]]


def test_a_node_only_referred_to_is_a_node_too():
    assert cycles({"A1": ["B1"]}) == []
