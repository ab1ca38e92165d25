"""The remote-engine fixture of tests/excel, for the xlwings Lite tests."""

from tests.excel.conftest import remote_engine  # noqa: F401 - a fixture
