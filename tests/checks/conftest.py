"""Fixtures of the planted-fault tests: the extended report and its clean workbook, built and
checked once per run (evaluating a workbook with the formulas engine is the slow part)."""

from __future__ import annotations

import pytest

from tests.checks import Built, build, check, extended_report


@pytest.fixture(scope="session")
def ext_report():
    """The extended report (two kelompok, three programs, PK, Pengukuran, SDM, Anggaran)."""
    return extended_report()


@pytest.fixture(scope="session")
def ext(ext_report, tmp_path_factory) -> Built:
    """The extended report's workbook as `lkjip-xl build` writes it."""
    return build(ext_report, tmp_path_factory.mktemp("ext") / "contoh.xlsx")


@pytest.fixture(scope="session")
def ext_findings(ext):
    """The findings of the clean extended workbook (there should be none)."""
    return check(ext.path)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder for the workbooks a test module plants its faults in."""
    return tmp_path_factory.mktemp("planted")
