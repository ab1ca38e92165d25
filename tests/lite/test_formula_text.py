"""The checks read formula texts with openpyxl's tokenizer (pure Python, so they run in Pyodide):
it gives what the ``formulas`` package's parser gave, on every formula lkjip-xl writes and on the
Walantaka workbooks, and the findings are the same either way.

The old parser is kept in :mod:`tests.engine.formulas_parser` (it needs the ``formulas``
package, installed with lkjip-xl on CPython), so the comparison runs on every test run.
"""

from __future__ import annotations

import functools
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl import formula_text as ft
from lkjip_xl.engine.base import EngineError
from tests.conftest import EXAMPLE, MINIMAL_YAML, REAL, ROOT
from tests.excel.test_xlwings_adapter import (
    WORKDIR,
    openpyxl_book,
    scaled_report,
    walantaka_clean,
    walantaka_planted,
)
from tests.lite.fixture import lite_planted

pytest.importorskip("formulas")
from tests.engine import formulas_parser as formulas_engine  # noqa: E402 - only where formulas is installed

AS_PRINTED = ROOT / "examples" / "walantaka_2020_as_printed.xlsx"
SUKABUMI = REAL / "sukabumi_renja_2018.xlsx"


def _formula_texts(path: Path) -> set[str]:
    wb = openpyxl.load_workbook(path)
    out = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if type(v).__name__ == "ArrayFormula":
                    v = v.text
                if isinstance(v, str) and v.startswith("=") and cell.data_type == "f":
                    out.add(v)
    return out


@functools.lru_cache(maxsize=None)
def _built(which: str) -> Path:
    from lkjip_xl import load_report, loads_report
    from lkjip_xl.writer import structure_only, write_workbook

    if which == "minimal":
        return write_workbook(loads_report(MINIMAL_YAML), WORKDIR / "formula_text_minimal.xlsx")
    if which == "blank":
        return write_workbook(structure_only(load_report(EXAMPLE)), WORKDIR / "formula_text_blank.xlsx")
    if which == "extended":
        from tests.checks import extended_report

        return write_workbook(extended_report(), WORKDIR / "formula_text_extended.xlsx")
    raise ValueError(which)


WORKBOOKS = {
    "walantaka": walantaka_clean,
    "walantaka planted": walantaka_planted,
    "walantaka lite fixture": lite_planted,
    "walantaka as printed": lambda: AS_PRINTED,
    "minimal": lambda: _built("minimal"),
    "blank": lambda: _built("blank"),
    "extended": lambda: _built("extended"),
    "scaled, faults per kegiatan": lambda: scaled_report(3, "per-kegiatan"),
    "scaled, fixed faults": lambda: scaled_report(3, "fixed"),
}


def _old(fn, formula):
    try:
        return fn(formula)
    except EngineError:
        return "unreadable"


def _new(fn, formula):
    try:
        return fn(formula)
    except ft.FormulaTextError:
        return "unreadable"


@functools.lru_cache(maxsize=None)
def _difference(formula: str) -> tuple[str, ...]:
    """How the two parsers differ on one formula (nothing when they agree). Cached: the old parser
    takes about 5 ms a formula, and the workbooks share most of theirs."""
    diffs = []
    for old, new in ((formulas_engine.formula_references, ft.formula_references),
                     (formulas_engine.formula_functions, ft.formula_functions)):
        a, b = _old(old, formula), _new(new, formula)
        if a != b:
            diffs.append(f"{formula!r}: {old.__name__} gave {a}, now {b}")
    return tuple(diffs)


def _compare(formulas: set[str]) -> list[str]:
    return [d for f in sorted(formulas) for d in _difference(f)]


@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_every_formula_reads_as_before(name):
    formulas = _formula_texts(WORKBOOKS[name]())
    assert len(formulas) > 20, name
    diffs = _compare(formulas)
    assert not diffs, "\n".join(diffs)


def test_the_expected_formulas_of_the_checks_read_as_before():
    """The checks also read the formulas they expect (never written when the workbook is right)."""
    from lkjip_xl.recalc import read_and_check

    _, _, context = read_and_check(openpyxl_book(walantaka_planted()))
    expected = set(context.expected_formulas.values())
    expected |= {f for pair in context.formula_mismatches.values() for f in pair}
    assert len(expected) > 20
    assert not _compare(expected)


@pytest.mark.skipif(not SUKABUMI.exists(), reason="the real workbooks are not here")
def test_a_real_office_workbook_reads_as_before():
    formulas = _formula_texts(SUKABUMI)
    assert len(formulas) > 100
    diffs = _compare(formulas)
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("formula, references, functions", [
    ("=AVERAGE($P$7:P20)", ["P7:P20"], ["AVERAGE"]),
    ("='Rekap Kegiatan'!A1+Data!c5+Tahun+_xlfn.IFS(A1>1,1)",
     ["'Rekap Kegiatan'!A1", "Data!C5", "Tahun", "A1"], ["IFS"]),
    ("=SUM(A:A,1:1,{1,2;3,4})", ["A:A", "1:1"], ["SUM"]),
    ("='Data'!A1+'1x'!B2+'A1'!C3+'It''s'!D4", ["Data!A1", "'1x'!B2", "'A1'!C3", "'It''s'!D4"], []),
    ("=A1:A3:B5", ["A1:A3", "B5"], []),
    ("=SUM(A1:INDEX(B:B,3))", ["A1", "B:B"], ["SUM", "INDEX"]),
    ("=SUM(A1 : B3)", ["A1", "B3"], ["SUM"]),
    ("=#REF!+Sheet1!#REF!", [], []),
    ("=@A1", ["A1"], []),
    ("=nama1:nama2", ["nama1", "nama2"], []),
    # where the tokenizer reads what Excel means and the old parser did not
    ("=Sheet1!A1:Sheet1!B2", ["Sheet1!A1", "Sheet1!B2"], []),
    ("=Sheet1!nama", ["Sheet1!nama"], []),
    ("='[1]Sheet 1'!A1+[1]Data!B2", ["'[1]Sheet 1'!A1", "'[1]Data'!B2"], []),
    ("=A1 ", ["A1"], []),
])
def test_references_and_functions(formula, references, functions):
    assert ft.formula_references(formula) == references
    assert ft.formula_functions(formula) == functions


@pytest.mark.parametrize("formula", ["=", "=1+", "=SUM(", "=SUM(A1", "=A1)", "=((A1)", "=*A1", "=1*/2", "=-",
                                     '=A1&"x', "=SUM(Tabel1[Kolom])"])
def test_unreadable_formulas_are_refused_as_before(formula):
    with pytest.raises(ft.FormulaTextError):
        ft.formula_references(formula)
    with pytest.raises(ft.FormulaTextError):
        ft.formula_functions(formula)
    assert ft.references(formula) == [] and ft.functions(formula) == []
    assert _old(formulas_engine.formula_references, formula) == "unreadable"


def test_a_spill_reference_is_not_read():
    """openpyxl's tokenizer reads ``#`` as the start of an error value: ``A1#`` (the range a dynamic
    array spills from A1, Excel 365) cannot be read, where the old parser gave ``A1#``. lkjip-xl
    writes none."""
    with pytest.raises(ft.FormulaTextError):
        ft.formula_references("=SUM(A1#)")
    assert ft.references("=SUM(A1#)") == []


@pytest.mark.parametrize("name", ["walantaka", "walantaka planted", "walantaka lite fixture", "walantaka as printed"])
def test_the_walantaka_findings_are_the_same_with_either_parser(name, monkeypatch):
    from lkjip_xl.recalc import read_and_check

    path = WORKBOOKS[name]()
    _, now, _ = read_and_check(openpyxl_book(path))
    monkeypatch.setattr(ft, "formula_references", formulas_engine.formula_references)
    monkeypatch.setattr(ft, "formula_functions", formulas_engine.formula_functions)
    monkeypatch.setattr(ft, "FormulaTextError", EngineError)
    _, before, _ = read_and_check(openpyxl_book(path))
    assert [f.as_dict() for f in now] == [f.as_dict() for f in before]
    assert now, "the comparison needs findings"
