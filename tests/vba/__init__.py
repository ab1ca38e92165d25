"""Tests of the VBA project writer and the macro-enabled workbook (lkjip_xl.vba, lkjip_xl.xlsm)."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest

# oletools' olevba uses deprecated pyparsing names at import time; import it once, quietly.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import oletools.olevba  # noqa: F401
    except ImportError:  # the tests that need it skip
        pass

#: xlwings' standalone quickstart workbook, which holds the xlwings and Dictionary modules.
QUICKSTART = "quickstart_standalone.xlsm"


def quickstart_path() -> Path:
    """The quickstart workbook of the installed xlwings (the test is skipped without it)."""
    xlwings = pytest.importorskip("xlwings")
    path = Path(xlwings.__file__).parent / QUICKSTART
    if not path.is_file():
        pytest.skip(f"{QUICKSTART} not found in the installed xlwings ({path.parent})")
    return path


def quickstart_vba_project() -> bytes:
    """The quickstart's vbaProject.bin, a project Excel wrote."""
    with zipfile.ZipFile(quickstart_path()) as z:
        return z.read("xl/vbaProject.bin")
