"""The worksheet functions LKJIP_CAPAIAN, LKJIP_PREDIKAT, LKJIP_SERAPAN (xlwings UDFs).

Their logic is tested through the plain functions. What xlwings' "Import Functions" sees on Windows
is tested with xlwings' own Windows decorators (xlwings/udfs.py), loaded here with stand-ins for
pywin32: on Linux, ``xw.func`` leaves a function as it is.
"""

from __future__ import annotations

import importlib
import io
import sys
import types

import pytest
import xlwings as xw

import lkjip_xl.excel as excel
from lkjip_xl.excel import capaian_udf, predikat_udf, serapan_udf


# -- the plain functions -------------------------------------------------------------------------------
@pytest.mark.parametrize("target, realisasi, expected", [
    (75, 77.44, 103.25333333333333),
    (75.0, "77,44", 103.25333333333333),  # Excel passes numbers as floats; text the Indonesian way
    ("75", "77.44", 103.25333333333333),
    (100, "99,87", 99.87),
    (12.0, 11.0, 91.66666666666667),
    ("BB", "B", 80.0),  # SAKIP grades through their ordinals: B (4) / BB (5)
    ("WTP", "WDP", 75.0),
    (" cc ", "CC", 100.0),
    ([[75.0]], [[77.44]], 103.25333333333333),  # a one-cell range passed as a list
])
def test_capaian(target, realisasi, expected):
    assert capaian_udf(target, realisasi) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("target, realisasi", [
    (None, 12), (12, None), ("", 12), ("  ", 12), (0, 5), (0.0, 0.0), ("abc", 5), (12, "12x"),
    ("CC", 80), ("WTP", "CC"), (True, 1), (-5, 1), (float("nan"), 1), ([[1.0, 2.0]], 1),
])
def test_capaian_missing_or_invalid_is_an_empty_cell(target, realisasi):
    assert capaian_udf(target, realisasi) is None


def test_capaian_metode():
    assert capaian_udf(12, 11, "negatif") == pytest.approx(108.33333333333333)
    assert capaian_udf(12, 11, " Negatif ") == pytest.approx(108.33333333333333)
    assert capaian_udf(10, 8, "negatif_rasio") == pytest.approx(125.0)
    assert capaian_udf(12, 30, "negatif") == 0.0  # floored at 0
    assert capaian_udf(12, 11, None) == capaian_udf(12, 11, "") == capaian_udf(12, 11, "positif")
    assert capaian_udf(12, 11, "lain") is None
    assert capaian_udf(12, 11, 3.0) is None


def test_capaian_rentang():
    assert capaian_udf(10, 15, "rentang", 20) == 100.0
    assert capaian_udf(10, 25, "rentang", 20) == 125.0
    assert capaian_udf("10", "5", "rentang", "20") == 50.0
    assert capaian_udf(10, 15, "rentang") is None  # no upper bound
    assert capaian_udf(20, 15, "rentang", 10) is None  # bounds the wrong way round


@pytest.mark.parametrize("value, expected", [
    (103.25, "Sangat Tinggi"), (90.5, "Sangat Tinggi"), (90, "Tinggi"), (75.0, "Sedang"), (65, "Rendah"),
    (50, "Sangat Rendah"), ("99,87", "Sangat Tinggi"), ("75 %", "Sedang"),
    (None, None), ("", None), ("abc", None), (True, None), ("CC", None),
])
def test_predikat(value, expected):
    assert predikat_udf(value) == expected


@pytest.mark.parametrize("realisasi, pagu, expected", [
    (208704714.0, 209774059.0, 99.49023963921107),
    ("208.704.714", "Rp 209.774.059", 99.49023963921107),
    (0, 100, 0.0),
    (120, 100, 120.0),
])
def test_serapan(realisasi, pagu, expected):
    assert serapan_udf(realisasi, pagu) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("realisasi, pagu", [(1, 0), (1, None), (None, 100), ("x", 100), (1, -5), ("CC", 100)])
def test_serapan_missing_or_invalid_is_an_empty_cell(realisasi, pagu):
    assert serapan_udf(realisasi, pagu) is None


def test_the_excel_functions_call_the_plain_ones():
    assert excel.LKJIP_CAPAIAN(75.0, "77,44") == capaian_udf(75.0, "77,44")
    assert excel.LKJIP_CAPAIAN(12, 11, "negatif") == capaian_udf(12, 11, "negatif")
    assert excel.LKJIP_CAPAIAN(10, 25, "rentang", 20) == 125.0
    assert excel.LKJIP_PREDIKAT("99,87") == "Sangat Tinggi"
    assert excel.LKJIP_SERAPAN(1, 0) is None
    assert set(excel.UDFS) == {"LKJIP_CAPAIAN", "LKJIP_PREDIKAT", "LKJIP_SERAPAN"}


def test_imports_on_linux_where_xw_func_leaves_functions_alone():
    if sys.platform.startswith("win"):
        pytest.skip("on Windows xw.func records __xlfunc__")
    assert not hasattr(excel.LKJIP_CAPAIAN, "__xlfunc__")
    assert xw.func(capaian_udf) is capaian_udf


# -- what xlwings' Windows decorators record -----------------------------------------------------------------
@pytest.fixture
def windows_decorated(monkeypatch):
    """lkjip_xl.excel reloaded with xlwings' Windows decorators (xlwings.udfs.xlfunc/xlarg/xlret),
    pywin32 stood in for; put back as it was afterwards."""
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        module = types.ModuleType(name)
        module.CoInitialize = lambda: None
        module.Dispatch = lambda *a, **k: None
        module.com_error = Exception
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    udfs = importlib.import_module("xlwings.udfs")
    monkeypatch.setattr(xw, "func", udfs.xlfunc, raising=False)
    monkeypatch.setattr(xw, "arg", udfs.xlarg, raising=False)
    monkeypatch.setattr(xw, "ret", udfs.xlret, raising=False)
    module = importlib.reload(excel)
    yield module, udfs
    monkeypatch.undo()
    sys.modules.pop("xlwings.udfs", None)
    importlib.reload(excel)


def test_xlfunc_metadata(windows_decorated):
    module, _ = windows_decorated
    info = module.LKJIP_CAPAIAN.__xlfunc__
    assert info["name"] == "LKJIP_CAPAIAN" and info["sub"] is False
    assert info["category"] == "LKjIP" and info["volatile"] is False
    assert [a["name"] for a in info["args"]] == ["target", "realisasi", "metode", "batas_atas"]
    assert "optional" not in info["args"][0] and info["args"][2]["optional"] is None
    assert all(a["doc"] and not a["doc"].startswith("Positional") for a in info["args"])
    # no type hints, so no converter: Excel's values arrive as they are
    assert all("convert" not in a["options"] for a in info["args"]) and "convert" not in info["ret"]["options"]
    assert module.LKJIP_PREDIKAT.__xlfunc__["name"] == "LKJIP_PREDIKAT"
    assert [a["name"] for a in module.LKJIP_SERAPAN.__xlfunc__["args"]] == ["realisasi_rp", "pagu_rp"]
    # the plain functions are not worksheet functions (else Excel would get capaian_udf too)
    assert not hasattr(module.capaian_udf, "__xlfunc__")
    assert module.LKJIP_CAPAIAN(75.0, "77,44") == pytest.approx(103.25333333333333)


def test_import_functions_writes_these_vba_wrappers(windows_decorated):
    """What the add-in's "Import Functions" writes into the workbook (xlwings.udfs.generate_vba_wrapper)."""
    module, udfs = windows_decorated
    out = io.StringIO()
    book = types.SimpleNamespace(Name="laporan.xlsm")
    udfs.generate_vba_wrapper("lkjip_xl.excel", module, out, book)
    vba = out.getvalue()
    heads = [line.strip() for line in vba.splitlines() if line.strip().startswith("Function ")]
    assert heads == [
        "Function LKJIP_CAPAIAN(target, realisasi, Optional metode, Optional batas_atas)",
        "Function LKJIP_PREDIKAT(capaian)",
        "Function LKJIP_SERAPAN(realisasi_rp, pagu_rp)",
    ]
    assert 'Py.CallUDF("lkjip_xl.excel", "LKJIP_CAPAIAN"' in vba
