"""Every evaluation engine: the Engine interface, the Values contract, the Walantaka workbook (the
same values as FormulasEngine and as the rules), errors, and the choice of the default engine.

The Rust engines (formualizer; ironcalc, the test oracle of ``tests/engine/ironcalc_engine.py``) and
LibreOffice are skipped where they are not installed, except under CI (CI=true), where a missing
engine is a failure.
"""

from __future__ import annotations

import math
import os
import zipfile
from importlib.util import find_spec
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

from lkjip_xl.engine import Engine, EngineError, FormulasEngine
from lkjip_xl.engine import default as default_module
from lkjip_xl.engine.formualizer_engine import FormualizerEngine
from lkjip_xl.engine.base import read_formula_sheets
from lkjip_xl.engine.libreoffice import find_soffice
from lkjip_xl.engine.libreoffice_engine import LibreOfficeEngine
from lkjip_xl.errors import LkjipError
from tests.engine.ironcalc_engine import IRONCALC_VERSION, IronCalcEngine
from tests.oracles import expected_values, same

FAST = ("formualizer", "ironcalc")  # the engines cheap enough to run on many small workbooks
ALL = ("formulas", "formualizer", "ironcalc", "libreoffice")
FACTORIES: dict[str, Callable[[], Engine]] = {
    "formulas": FormulasEngine,
    "formualizer": FormualizerEngine,
    "ironcalc": IronCalcEngine,
    "libreoffice": LibreOfficeEngine,
}


def require(name: str) -> None:
    """Skip (fail under CI) when an engine's package or program is missing."""
    if name == "libreoffice":
        missing = None if find_soffice() else "LibreOffice (soffice) not installed; bash .ci/install-libreoffice"
    else:
        missing = None if find_spec(name) else f"{name} not installed (pip install '.[test]')"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name}: {missing} (required under CI)", pytrace=False)
        pytest.skip(missing)


@pytest.fixture(scope="module")
def engines() -> Callable[[str], Engine]:
    """``engines(name)``: one engine object per name for the module (LibreOffice keeps a profile)."""
    made: dict[str, Engine] = {}

    def get(name: str) -> Engine:
        require(name)
        if name not in made:
            made[name] = FACTORIES[name]()
        return made[name]

    yield get
    office = made.get("libreoffice")
    if office is not None:
        office.close()


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# -- the interface -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_every_engine_implements_engine(name: str) -> None:
    engine = FACTORIES[name]()
    assert isinstance(engine, Engine)
    assert engine.name == name
    assert callable(engine.evaluate)
    assert name in repr(engine).lower() or type(engine).__name__ in repr(engine)


@pytest.mark.parametrize(("package", "pinned"), [("formualizer", "0.13.0"), ("ironcalc", "0.9.1")])
def test_installed_engine_is_the_pinned_version(package: str, pinned: str) -> None:
    """The engines' results are pinned for one version each: an upgrade is taken on purpose."""
    from importlib import metadata

    from lkjip_xl.engine.formualizer_engine import FORMUALIZER_VERSION

    require(package)
    assert {"formualizer": FORMUALIZER_VERSION, "ironcalc": IRONCALC_VERSION}[package] == pinned
    assert metadata.version(package) == pinned


# -- the Walantaka workbook --------------------------------------------------------------------


@pytest.fixture(scope="module")
def formulas_values(walantaka_xlsx: Path) -> dict:
    """FormulasEngine's values of the Walantaka workbook (the reference of the other engines)."""
    return FormulasEngine().evaluate(walantaka_xlsx)


@pytest.fixture(scope="module")
def rules_values(walantaka, walantaka_xlsx: Path) -> dict:
    return expected_values(walantaka, openpyxl.load_workbook(walantaka_xlsx))


@pytest.mark.parametrize("name", ("formualizer", "ironcalc", "libreoffice"))
def test_walantaka_every_computed_cell_equals_the_rules(name, engines, walantaka_xlsx, rules_values) -> None:
    values = engines(name).evaluate(walantaka_xlsx)
    assert len(rules_values) > 1300
    wrong = [(key, want, values.get(key)) for key, want in rules_values.items() if not same(want, values.get(key))]
    assert wrong == []


def _equal(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("name", ("formualizer", "ironcalc", "libreoffice"))
def test_walantaka_same_values_as_formulas_engine(name, engines, walantaka_xlsx, formulas_values) -> None:
    values = engines(name).evaluate(walantaka_xlsx)
    assert set(values) == set(formulas_values)  # the same formula cells, the same keys
    differ = [(key, formulas_values[key], values[key]) for key in formulas_values
              if not _equal(formulas_values[key], values[key])]
    assert differ == []


# -- the Values contract, on a small report-like workbook ---------------------------------------


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three sheets, names with spaces, defined names, styled empty inputs, a typed error value."""
    wb = openpyxl.Workbook()
    rekap = wb.active
    rekap.title = "Rekap Kegiatan"
    rekap["F5"], rekap["H5"] = 12, 11
    rekap["F6"], rekap["H6"] = 0, 3
    rekap["H7"] = 5
    rekap["H8"].font = Font(bold=True)  # styled, no value: <c s=".." t="n"/>
    rekap["F8"] = 10
    for r in (5, 6, 7, 8):
        rekap[f"P{r}"] = f'=IF(AND(ISNUMBER(F{r}),ISNUMBER(H{r})),IF(F{r}>0,H{r}/F{r}*100,""),"")'
    rekap["P9"] = '=IFERROR(AVERAGE(P5:P8),"")'
    rekap["Q5"] = "=$F$5+Tahun"
    rekap["Q6"] = "=H5/F6"
    rekap["Q7"] = "=NA()"
    rekap["Q8"] = '=F5+"x"'
    rekap["Q9"] = "=NOSUCHFUNCTION(1)"
    rekap["Q10"] = '=MATCH("tinggi",Kategori,0)'
    rekap["Q11"] = "=COUNT(F5:F8)"
    rekap["Q12"] = "=ISNUMBER(H8)"
    rekap["Q13"] = '=""'
    rekap["Q14"] = "=Z99"
    rekap["R1"] = "#N/A"  # an error typed as a value: not a formula cell
    data = wb.create_sheet("Data Dasar")
    data["A1"] = 2020
    for i, label in enumerate(["Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"], start=1):
        data[f"B{i}"] = label
    data["C1"] = "='Rekap Kegiatan'!P9*2"
    ringkas = wb.create_sheet("Ringkasan")
    ringkas["A1"] = "='Data Dasar'!C1+1"
    ringkas["A2"] = "=Tahun"
    ringkas["A3"] = "='Rekap Kegiatan'!Q10"
    wb.defined_names["Tahun"] = DefinedName("Tahun", attr_text="'Data Dasar'!$A$1")
    wb.defined_names["Kategori"] = DefinedName("Kategori", attr_text="'Data Dasar'!$B$1:$B$5")
    return save(wb, tmp_path_factory.mktemp("engines") / "laporan.xlsx")


@pytest.mark.parametrize("name", ALL)
def test_values_contract(name: str, engines, report: Path) -> None:
    values = engines(name).evaluate(report)
    rk = "Rekap Kegiatan"
    expected_keys = {(rk, a) for a in ["P5", "P6", "P7", "P8", "P9"] + [f"Q{r}" for r in range(5, 15)]}
    expected_keys |= {("Data Dasar", "C1"), ("Ringkasan", "A1"), ("Ringkasan", "A2"), ("Ringkasan", "A3")}
    assert set(values) == expected_keys
    assert values[(rk, "P5")] == pytest.approx(11 / 12 * 100)
    assert values[(rk, "P6")] == ""  # target 0: guarded
    assert values[(rk, "P7")] == ""  # no target
    assert values[(rk, "P8")] == ""  # styled empty realisasi is not a number
    assert values[(rk, "P9")] == pytest.approx(11 / 12 * 100)
    assert values[("Data Dasar", "C1")] == pytest.approx(2 * 11 / 12 * 100)
    assert values[("Ringkasan", "A1")] == pytest.approx(2 * 11 / 12 * 100 + 1)
    assert values[(rk, "Q5")] == 2032.0
    assert values[("Ringkasan", "A2")] == 2020.0
    assert values[(rk, "Q6")] == "#DIV/0!"
    assert values[(rk, "Q7")] == "#N/A"
    assert values[(rk, "Q8")] == "#VALUE!"
    assert values[(rk, "Q9")] == "#NAME?"
    assert values[(rk, "Q10")] == 4.0 and type(values[(rk, "Q10")]) is float
    assert values[("Ringkasan", "A3")] == 4.0
    assert values[(rk, "Q11")] == 3.0 and type(values[(rk, "Q11")]) is float
    assert values[(rk, "Q12")] is False
    assert values[(rk, "Q13")] == ""
    assert values[(rk, "Q14")] == 0.0
    assert all(v is None or type(v) in (float, str, bool) for v in values.values())


@pytest.mark.parametrize("name", ("formualizer", "libreoffice"))
def test_a_date_formatted_result_is_its_serial_number(name: str, engines, tmp_path: Path) -> None:
    """A formula cell formatted as a date gives the serial number (Excel's value), not a date."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "=DATE(2020,1,1)"
    ws["A1"].number_format = "dd/mm/yyyy"
    ws["A2"] = "=A1+1"
    ws["A2"].number_format = "[h]:mm"
    values = engines(name).evaluate(save(wb, tmp_path / "tanggal.xlsx"))
    assert values == {("Sheet", "A1"): 43831.0, ("Sheet", "A2"): 43832.0}
    assert all(type(v) is float for v in values.values())


@pytest.mark.parametrize("name", FAST)
def test_accepts_str_path_and_odd_file_names(name: str, engines, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data 1"
    ws["A1"], ws["A2"] = 1, 2
    ws["B1"] = "=SUM(A1:A2)"
    for file_name in ("LKjIP Kec. Walantaka (2020).xlsx", "laporan [final].xlsx", "Bu'Ani.xlsx", "laporan.xlsm"):
        path = save(wb, tmp_path / "sub dir" / file_name)
        assert engines(name).evaluate(str(path)) == {("Data 1", "B1"): 3.0}, file_name


def test_libreoffice_accepts_odd_file_names(engines, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = 2
    wb.active["B1"] = "=A1*3"
    path = save(wb, tmp_path / "laporan [final] (2).xlsx")
    assert engines("libreoffice").evaluate(path) == {("Sheet", "B1"): 6.0}


@pytest.mark.parametrize("name", FAST)
def test_circular_reference_is_an_engine_error(name: str, engines, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rekap Kegiatan"
    ws["A1"] = "=A2+1"
    ws["A2"] = "=A1+1"
    ws["A3"] = "=1+1"
    path = save(wb, tmp_path / "lingkar.xlsx")
    with pytest.raises(EngineError) as info:
        engines(name).evaluate(path)
    assert "lingkar.xlsx" in str(info.value)
    assert "circular" in str(info.value)
    assert "'Rekap Kegiatan'!A1" in str(info.value)
    assert set(info.value.cells) == {("Rekap Kegiatan", "A1"), ("Rekap Kegiatan", "A2")}
    assert info.value.path == path


def test_libreoffice_circular_reference_is_value_error(engines, tmp_path: Path) -> None:
    """LibreOffice saves its Err:522 as #VALUE!: documented, not an EngineError."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "=A2+1"
    ws["A2"] = "=A1+1"
    values = engines("libreoffice").evaluate(save(wb, tmp_path / "lingkar.xlsx"))
    assert values == {("Sheet", "A1"): "#VALUE!", ("Sheet", "A2"): "#VALUE!"}


@pytest.mark.parametrize("name", ALL)
def test_missing_file_is_an_engine_error(name: str, tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="tidak-ada.xlsx: no such workbook"):
        FACTORIES[name]().evaluate(tmp_path / "tidak-ada.xlsx")


@pytest.mark.parametrize("name", ("formualizer", "ironcalc", "libreoffice"))
def test_not_a_workbook_is_an_engine_error(name: str, tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_text("bukan workbook", encoding="utf-8")
    with pytest.raises(EngineError, match=r"rusak\.xlsx: cannot load the workbook"):
        FACTORIES[name]().evaluate(path)
    assert issubclass(EngineError, LkjipError)


@pytest.fixture(scope="module")
def array_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"] = 1, 2, 3
    ws["C1"] = ArrayFormula("C1:C3", "=A1:A3*2")
    ws["D1"] = "=SUM(C1:C3)"
    return save(wb, tmp_path_factory.mktemp("array") / "array.xlsx")


@pytest.mark.parametrize("name", ("ironcalc", "libreoffice"))
def test_array_formula_fills_its_range(name: str, engines, array_book: Path) -> None:
    values = engines(name).evaluate(array_book)
    assert values == {("Sheet", "C1"): 2.0, ("Sheet", "C2"): 4.0, ("Sheet", "C3"): 6.0, ("Sheet", "D1"): 12.0}


def test_formualizer_refuses_multi_cell_array_formulas(engines, array_book: Path) -> None:
    with pytest.raises(EngineError) as info:
        engines("formualizer").evaluate(array_book)
    assert str(info.value) == (
        f"{array_book}: formualizer 0.13.0 cannot evaluate multi-cell array formulas (Sheet!C1:C3); "
        "evaluate this workbook with LKJIP_ENGINE=libreoffice")
    assert info.value.cells == [("Sheet", "C1:C3")]


def test_single_cell_array_formula_is_an_ordinary_formula(engines, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"] = 1, 2
    ws["B1"] = ArrayFormula("B1", "=SUM(A1:A2*2)")
    path = save(wb, tmp_path / "one.xlsx")
    for name in FAST:
        assert engines(name).evaluate(path) == {("Sheet", "B1"): 6.0}, name


def test_ironcalc_styled_empty_cells_are_empty(engines, tmp_path: Path) -> None:
    """IronCalc 0.9.1 reads <c s=".." t="n"/> as 0; the engine clears those cells first."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = 5
    ws["A2"].font = Font(bold=True)
    ws["B1"] = "=ISNUMBER(A2)"
    ws["B2"] = "=COUNT(A1:A2)"
    ws["B3"] = "=AVERAGE(A1:A2)"
    path = save(wb, tmp_path / "styled.xlsx")
    with zipfile.ZipFile(path) as z:
        assert b'<c r="A2" s="1" t="n"' in z.read("xl/worksheets/sheet1.xml")
    assert engines("ironcalc").evaluate(path) == {("Sheet", "B1"): False, ("Sheet", "B2"): 1.0, ("Sheet", "B3"): 5.0}


# -- the formula cells an engine is told --------------------------------------------------------


def test_read_formula_sheets_finds_every_formula_cell(walantaka_xlsx: Path) -> None:
    sheets = read_formula_sheets(walantaka_xlsx)
    assert sum(len(s.cells) for s in sheets) == 1355
    wb = openpyxl.load_workbook(walantaka_xlsx)
    assert [s.name for s in sheets] == wb.sheetnames
    for s in sheets:
        written = {(c.row, c.column) for row in wb[s.name].iter_rows() for c in row
                   if isinstance(c.value, str) and c.value.startswith("=")}
        assert set(s.cells) == written, s.name
        assert s.positions() == s.cells and s.arrays == [], s.name


def test_read_formula_sheets_array_ranges(array_book: Path) -> None:
    (sheet,) = read_formula_sheets(array_book)
    assert sheet.cells == [(1, 3), (1, 4)]
    assert sheet.arrays == [(1, 3, "array", "C1:C3")]
    assert sheet.array_ranges() == [(1, 3, 3, 3)]
    assert sheet.positions() == [(1, 3), (1, 4), (2, 3), (3, 3)]


def test_read_formula_sheets_other_spellings(tmp_path: Path) -> None:
    """Prefixed tags, cells and rows without r, shared formulas: the sheet reader's spellings."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    path = save(wb, tmp_path / "spellings.xlsx")
    sheet_xml = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
                 b'<x:row r="1"><x:c r="A1"><x:f>1+1</x:f><x:v>2</x:v></x:c>'
                 b'<x:c r="B2" t="b"><x:f t="shared" si="0" ref="B2:B3">A1&gt;1</x:f><x:v>1</x:v></x:c></x:row>'
                 b'<x:row r="3"><x:c s="0" r="B3" t="b"><x:f t="shared" si="0"/><x:v>0</x:v></x:c>'
                 b'<x:c><x:f>A3+1</x:f><x:v>2</x:v></x:c></x:row><x:row><x:c><x:f>1</x:f></x:c></x:row>'
                 b'</x:sheetData></x:worksheet>')
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    (sheet,) = read_formula_sheets(path)
    assert sheet.cells == [(1, 1), (2, 2), (3, 2), (3, 3), (4, 1)]


def test_read_formula_sheets_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_text("bukan workbook", encoding="utf-8")
    with pytest.raises(EngineError) as info:
        read_formula_sheets(path)
    assert str(info.value) == f"{path}: cannot load the workbook for evaluation (BadZipFile: File is not a zip file)"


# -- the default engine ------------------------------------------------------------------------


def test_default_engine_is_formualizer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(default_module.ENV_VAR, raising=False)
    assert default_module.DEFAULT_ENGINE == "formualizer"
    assert isinstance(default_module.default_engine(), FormualizerEngine)
    monkeypatch.setenv(default_module.ENV_VAR, "  ")
    assert isinstance(default_module.default_engine(), FormualizerEngine)


@pytest.mark.parametrize("name", ("formulas", "formualizer", "libreoffice"))
def test_lkjip_engine_overrides_the_default(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LKJIP_ENGINE", name.upper())
    engine = default_module.default_engine()
    assert engine.name == name
    assert isinstance(engine, type(FACTORIES[name]()))


@pytest.mark.parametrize("name", ("pycel", "ironcalc"))
def test_unknown_engine_is_an_error(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """IronCalc is a test oracle (tests/engine/ironcalc_engine.py), not an engine a user can pick."""
    monkeypatch.setenv("LKJIP_ENGINE", name)
    with pytest.raises(EngineError) as info:
        default_module.default_engine()
    assert str(info.value) == f"unknown evaluation engine {name!r}; choose one of formulas, formualizer, libreoffice"
    assert default_module.ENGINE_NAMES == ("formulas", "formualizer", "libreoffice")


def test_default_reason_is_documented() -> None:
    doc = default_module.__doc__ or ""
    assert "formualizer" in doc and "LKJIP_ENGINE" in doc and "measure" in doc
