"""Property: whatever the file holds, the loader answers with a report or its own error type."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkjip_xl import ReportFileError, loads_report
from tests.conftest import MINIMAL_YAML

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.sampled_from(["CC", "WTP", "-", "1.234,5", "75 %", "####", "5001.04", "~"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=20,
)
DOC = yaml.safe_load(MINIMAL_YAML)


def _loads(text: str) -> None:
    try:
        loads_report(text)
    except ReportFileError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_text(text):
    _loads(text)


@settings(max_examples=300, deadline=None)
@given(values)
def test_arbitrary_yaml_structures(value):
    _loads(yaml.safe_dump(value, allow_unicode=True))


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _paths(child, prefix + (i,))


PATHS = [p for p in _paths(DOC) if p]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(PATHS), values)
def test_report_with_one_value_replaced(path, value):
    doc = yaml.safe_load(MINIMAL_YAML)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    _loads(yaml.safe_dump(doc, allow_unicode=True))
