"""FormulasEngine: keys, value types, defined names, cross-sheet references, errors; and the
formula-text oracle formula_references / formula_functions (tests/engine/formulas_parser.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest
import schedula as sh
from formulas.ranges import Ranges
from formulas.tokens.operand import XlError
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

from lkjip_xl.engine import Engine, EngineError, FormulasEngine
from lkjip_xl.engine.formulas_engine import _scalar
from lkjip_xl.errors import LkjipError
from tests.engine.formulas_parser import formula_functions, formula_references


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small report-like workbook: three sheets, names with spaces, defined names."""
    wb = openpyxl.Workbook()
    rekap = wb.active
    rekap.title = "Rekap Kegiatan"
    rekap["A1"] = "Kode"
    rekap["F5"], rekap["H5"] = 12, 11  # target, realisasi
    rekap["F6"], rekap["H6"] = 0, 3  # target 0: capaian must be "" not #DIV/0!
    rekap["F7"] = None
    rekap["H7"] = 5  # no target: ""
    for r in (5, 6, 7):
        rekap[f"P{r}"] = f'=IF(AND(ISNUMBER(F{r}),ISNUMBER(H{r})),IF(F{r}>0,H{r}/F{r}*100,""),"")'
    rekap["P8"] = "=AVERAGE(P5:P7)"
    rekap["Q5"] = "=$F$5+Tahun"  # absolute reference and a named cell on another sheet
    rekap["Q6"] = "=H5/F6"
    rekap["Q7"] = "=NA()"
    rekap["Q8"] = '=F5+"x"'
    rekap["Q9"] = "=NOSUCHFUNCTION(1)"
    rekap["Q10"] = '=MATCH("tinggi",Kategori,0)'
    rekap["Q11"] = "=COUNT(F5:F7)"
    rekap["Q12"] = "=ISNUMBER(P5)"
    rekap["Q13"] = '=""'
    rekap["Q14"] = "=Z99"  # an empty cell
    rekap["R1"] = "#N/A"  # an error typed as a value: not a formula cell

    data = wb.create_sheet("Data Dasar")
    data["A1"] = 2020
    data["B1"] = "Sangat Rendah"
    data["B2"] = "Rendah"
    data["B3"] = "Sedang"
    data["B4"] = "Tinggi"
    data["B5"] = "Sangat Tinggi"
    data["C1"] = "='Rekap Kegiatan'!P8*2"  # a formula reading a formula on a sheet with a space

    ringkas = wb.create_sheet("Ringkasan")
    ringkas["A1"] = "='Data Dasar'!C1+1"  # chain across three sheets
    ringkas["A2"] = "=Tahun"
    ringkas["A3"] = "=INDEX(Kategori,2)"

    wb.defined_names["Tahun"] = DefinedName("Tahun", attr_text="'Data Dasar'!$A$1")
    wb.defined_names["Kategori"] = DefinedName("Kategori", attr_text="'Data Dasar'!$B$1:$B$5")
    return save(wb, tmp_path_factory.mktemp("engine") / "laporan.xlsx")


@pytest.fixture(scope="module")
def values(report: Path) -> dict:
    return FormulasEngine().evaluate(report)


def test_is_an_engine() -> None:
    engine = FormulasEngine()
    assert isinstance(engine, Engine)
    assert engine.name == "formulas"
    assert issubclass(EngineError, LkjipError)


def test_keys_are_real_sheet_names_and_formula_cells_only(values: dict) -> None:
    expected = {
        ("Rekap Kegiatan", a)
        for a in ["P5", "P6", "P7", "P8"] + [f"Q{r}" for r in range(5, 15)]
    } | {("Data Dasar", "C1"), ("Ringkasan", "A1"), ("Ringkasan", "A2"), ("Ringkasan", "A3")}
    assert set(values) == expected


def test_typical_row_formula(values: dict) -> None:
    assert values[("Rekap Kegiatan", "P5")] == pytest.approx(11 / 12 * 100)
    assert values[("Rekap Kegiatan", "P6")] == ""  # F6 = 0: guarded, not #DIV/0!
    assert values[("Rekap Kegiatan", "P7")] == ""  # F7 empty
    assert values[("Rekap Kegiatan", "P8")] == pytest.approx(11 / 12 * 100)  # "" ignored


def test_cross_sheet_chain_and_defined_names(values: dict) -> None:
    assert values[("Data Dasar", "C1")] == pytest.approx(2 * 11 / 12 * 100)
    assert values[("Ringkasan", "A1")] == pytest.approx(2 * 11 / 12 * 100 + 1)
    assert values[("Rekap Kegiatan", "Q5")] == 2032.0  # $F$5 + Tahun (a cell on another sheet)
    assert values[("Ringkasan", "A2")] == 2020.0
    assert values[("Rekap Kegiatan", "Q10")] == 4.0  # MATCH in a named range, any case
    assert values[("Ringkasan", "A3")] == "Rendah"


def test_value_types(values: dict) -> None:
    assert type(values[("Rekap Kegiatan", "Q10")]) is float  # MATCH position
    assert type(values[("Rekap Kegiatan", "Q11")]) is float  # COUNT
    assert values[("Rekap Kegiatan", "Q11")] == 2.0
    assert values[("Rekap Kegiatan", "Q12")] is True
    assert values[("Rekap Kegiatan", "Q13")] == ""
    assert values[("Rekap Kegiatan", "Q14")] == 0.0  # as Excel shows a reference to an empty cell
    assert all(v is None or type(v) in (float, str, bool) for v in values.values())


def test_errors_are_error_strings(values: dict) -> None:
    assert values[("Rekap Kegiatan", "Q6")] == "#DIV/0!"
    assert values[("Rekap Kegiatan", "Q7")] == "#N/A"
    assert values[("Rekap Kegiatan", "Q8")] == "#VALUE!"
    assert values[("Rekap Kegiatan", "Q9")] == "#NAME?"
    assert all(type(values[("Rekap Kegiatan", f"Q{r}")]) is str for r in (6, 7, 8, 9))


def test_no_progress_bar_on_stderr(report: Path, capfd: pytest.CaptureFixture[str]) -> None:
    FormulasEngine().evaluate(report)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_accepts_str_path_and_odd_file_names(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data 1"
    ws["A1"], ws["A2"] = 1, 2
    ws["B1"] = "=SUM(A1:A2)"
    for name in ("LKjIP Kec. Walantaka (2020).xlsx", "laporan [final].xlsx", "Bu'Ani.xlsx"):
        path = save(wb, tmp_path / "sub dir" / name)
        assert FormulasEngine().evaluate(str(path)) == {("Data 1", "B1"): 3.0}, name


def test_array_formula_fills_its_range(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"] = 1, 2, 3
    ws["C1"] = ArrayFormula("C1:C3", "=A1:A3*2")
    ws["D1"] = "=SUM(C1:C3)"
    values = FormulasEngine().evaluate(save(wb, tmp_path / "array.xlsx"))
    sheet = ws.title
    assert values == {(sheet, "C1"): 2.0, (sheet, "C2"): 4.0, (sheet, "C3"): 6.0, (sheet, "D1"): 12.0}


def test_circular_reference_is_an_engine_error(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rekap Kegiatan"
    ws["A1"] = "=A2+1"
    ws["A2"] = "=A1+1"
    ws["A3"] = "=1+1"
    path = save(wb, tmp_path / "lingkar.xlsx")
    with pytest.raises(EngineError) as info:
        FormulasEngine().evaluate(path)
    assert "lingkar.xlsx" in str(info.value)
    assert "'Rekap Kegiatan'!A1" in str(info.value)
    assert set(info.value.cells) == {("Rekap Kegiatan", "A1"), ("Rekap Kegiatan", "A2")}
    assert info.value.path == path


def test_missing_file_is_an_engine_error(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="tidak-ada.xlsx: no such workbook"):
        FormulasEngine().evaluate(tmp_path / "tidak-ada.xlsx")


def test_not_a_workbook_is_an_engine_error(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_text("bukan workbook", encoding="utf-8")
    with pytest.raises(EngineError, match=r"rusak\.xlsx: cannot load the workbook"):
        FormulasEngine().evaluate(path)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (sh.EMPTY, None),
        (None, None),
        (np.int64(3), 3.0),
        (7, 7.0),
        (np.float64(2.5), 2.5),
        (np.bool_(True), True),
        (False, False),
        (np.str_("teks"), "teks"),
        ("", ""),
        (XlError("#DIV/0!"), "#DIV/0!"),
        (np.float64("nan"), "#NUM!"),
        (float("inf"), "#NUM!"),
        (np.array([[5]], dtype=object), 5.0),
        (Ranges().push("A1", np.array([[np.int64(4)]], dtype=object)), 4.0),
    ],
)
def test_scalar_normalisation(raw: object, expected: object) -> None:
    value = _scalar(raw)
    assert value == expected and type(value) is type(expected)


# -- formula texts ------------------------------------------------------------------------------


def test_references_tell_ranges_apart() -> None:
    assert formula_references("=AVERAGE(P7:P20)") == ["P7:P20"]
    assert formula_references("=AVERAGE(P7:P21)") == ["P7:P21"]
    assert formula_references("=AVERAGE(P7:P20)") != formula_references("=AVERAGE(P7:P21)")


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=AVERAGE($P$7:p20)", ["P7:P20"]),
        ("AVERAGE(P7:P20)", ["P7:P20"]),  # the leading = is optional
        ("=AVERAGE(A1:A3,A7:A9,C5)", ["A1:A3", "A7:A9", "C5"]),
        (
            '=IF(AND(ISNUMBER(F5),ISNUMBER($H$5)),IF(F5>0,H5/F5*100,""),"")',
            ["F5", "H5", "F5", "H5", "F5"],
        ),
        ("='Rekap Kegiatan'!$A$1:B3+Data!C5", ["'Rekap Kegiatan'!A1:B3", "Data!C5"]),
        ("='Data'!C5", ["Data!C5"]),  # needless quotes dropped
        ("='2020'!A1+'Bu''Ani'!B2", ["'2020'!A1", "'Bu''Ani'!B2"]),
        ('=MATCH("x",Kategori,0)+Tahun', ["Kategori", "Tahun"]),
        ("=SUM(A:A)+SUM(1:3)", ["A:A", "1:3"]),
        ('="A1"&"B2"', []),  # text is not a reference
        ("=1+2", []),
    ],
)
def test_formula_references(formula: str, expected: list[str]) -> None:
    assert formula_references(formula) == expected


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=AVERAGE(P7:P20)", ["AVERAGE"]),
        (
            '=IF(AND(ISNUMBER(F5),ISNUMBER(H5)),IF(F5>0,H5/F5*100,""),"")',
            ["IF", "AND", "ISNUMBER", "ISNUMBER", "IF"],
        ),
        ("=round(sum(A1:A3),2)", ["ROUND", "SUM"]),
        ("=_xlfn.IFS(A1>1,SUM({1,2;3,4}))", ["IFS", "SUM"]),
        ("=A1+B1", []),
    ],
)
def test_formula_functions(formula: str, expected: list[str]) -> None:
    assert formula_functions(formula) == expected


@pytest.mark.parametrize("text", ["=SUM(", "=1+", ""])
def test_unparsable_formula_is_an_engine_error(text: str) -> None:
    with pytest.raises(EngineError, match="cannot parse formula"):
        formula_references(text)
    with pytest.raises(EngineError, match="cannot parse formula"):
        formula_functions(text)
