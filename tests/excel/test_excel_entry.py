"""The Recalculate button's entry point (lkjip_xl.excel.recalculate_caller) and the xlwings.conf rows.

``xw.Book.caller()`` is replaced by the xlwings test double over a workbook; the findings must be
those of ``lkjip-xl check`` on the same file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw

import lkjip_xl.excel as excel
from lkjip_xl.cli import main
from lkjip_xl.findings import Severity
from tests.conftest import ROOT
from tests.excel.fake_xlwings import FakeBook, fake_caller
from tests.excel.test_xlwings_adapter import WORKDIR, evaluated, walantaka_planted

AS_PRINTED = ROOT / "examples" / "walantaka_2020_as_printed.xlsx"
XLWINGS_DIR = Path(xw.__file__).parent


def cli_findings(path: Path, capsys) -> list[dict]:
    """The findings of ``lkjip-xl check --json`` (which computes the formulas with its own engine)."""
    capsys.readouterr()
    code = main(["check", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    return out["findings"]


def press_the_button(book: FakeBook, monkeypatch):
    monkeypatch.setattr(xw.Book, "caller", fake_caller(book))
    return excel.recalculate_caller()


def test_button_gives_the_findings_of_lkjip_xl_check(monkeypatch, capsys):
    path = walantaka_planted()
    book = FakeBook(path, evaluated(path))
    result = press_the_button(book, monkeypatch)
    assert [f.as_dict() for f in result.findings] == cli_findings(path, capsys)
    app = book._app
    n = result.counts
    assert app.status_history[0].startswith("lkjip-xl: memeriksa")
    assert app.status_bar == (f"lkjip-xl: {n[Severity.ERROR]} kesalahan, {n[Severity.WARNING]} peringatan, "
                              f"{n[Severity.INFO]} catatan - lihat sheet Pemeriksaan.")
    assert app.alerts == []
    assert app.calculations == 1  # Excel computes first, even in manual calculation mode
    assert app.screen_updating is True  # switched off while writing, and back on
    # the findings are in the workbook
    rows = [r for r in book.wb["Pemeriksaan"].iter_rows(min_row=6, values_only=True) if r[0] is not None]
    assert len(rows) == len(result.findings)


@pytest.mark.skipif(not AS_PRINTED.exists(), reason=f"{AS_PRINTED.relative_to(ROOT)} is not there yet "
                    "(it is built by lkjip_xl/as_printed.py, another engineer's work)")
def test_button_on_the_as_printed_example(monkeypatch, capsys, tmp_path):
    copy = tmp_path / AS_PRINTED.name
    copy.write_bytes(AS_PRINTED.read_bytes())
    book = FakeBook(copy)  # values computed by the formulas engine, as `lkjip-xl check` does
    result = press_the_button(book, monkeypatch)
    assert result is not None
    assert [f.as_dict() for f in result.findings] == cli_findings(AS_PRINTED, capsys)
    assert book._app.alerts == []


def test_an_lkjip_error_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Lembar1"
    wb.active["A1"] = "bukan buku kerja LKjIP"
    path = tmp_path / "lain.xlsx"
    wb.save(path)
    book = FakeBook(path, {})
    assert press_the_button(book, monkeypatch) is None
    app = book._app
    assert len(app.alerts) == 1
    prompt, title, buttons, mode = app.alerts[0]
    assert title == "lkjip-xl" and mode == "critical" and buttons == "ok"
    assert "Rekap Kegiatan" in prompt and "Traceback" not in prompt
    assert app.status_bar.startswith("lkjip-xl: Hitung Ulang gagal:") and len(app.status_bar) <= excel.STATUS_MAX
    assert app.screen_updating is True


def test_a_bug_is_left_to_xlwings_with_the_status_bar_given_back(monkeypatch):
    path = walantaka_planted()
    book = FakeBook(path, evaluated(path))

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("lkjip_xl.recalc.recalculate", broken)
    with pytest.raises(ZeroDivisionError):
        press_the_button(book, monkeypatch)
    assert book._app.status_bar is False
    assert book._app.screen_updating is True


def test_clean_workbook_says_no_findings(monkeypatch):
    from lkjip_xl import load_report
    from lkjip_xl.writer import write_workbook
    from tests.conftest import EXAMPLE

    path = write_workbook(load_report(EXAMPLE), WORKDIR / "walantaka_entry_clean.xlsx")
    book = FakeBook(path, evaluated(path))
    result = press_the_button(book, monkeypatch)
    if not result.findings:
        assert book._app.status_bar.endswith("tidak ada temuan.")


# -- xlwings.conf ------------------------------------------------------------------------------------
def _quickstart_conf_names() -> list[str]:
    """The setting names of the xlwings.conf sheet of xlwings' own quickstart workbook (0.37.8)."""
    wb = openpyxl.load_workbook(XLWINGS_DIR / "quickstart.xlsm")
    ws = wb["_xlwings.conf"]
    names = []
    for row in ws.iter_rows(min_row=1, max_col=1, values_only=True):
        if row[0] is None:
            break
        names.append(row[0])
    return names


def _vba_config_keys() -> set[str]:
    """The keys the xlwings VBA module (0.37.8) asks GetConfig for."""
    text = (XLWINGS_DIR / "xlwings.bas").read_text(encoding="utf-8", errors="replace")
    return set(re.findall(r'GetConfig\("([A-Z_ ]+)"', text))


def test_conf_rows_use_xlwings_setting_names():
    assert xw.__version__ == "0.37.8"
    rows = excel.xlwings_conf_rows(interpreter_win=r"%LOCALAPPDATA%\Programs\Python\Python312\pythonw.exe",
                                   interpreter_mac="/usr/local/bin/python3", pythonpath=r"C:\lkjip")
    names = [n for n, _ in rows]
    assert set(names) <= set(_quickstart_conf_names())
    assert {n.upper() for n in names} <= _vba_config_keys()
    assert len({n.upper() for n in names}) == len(names)  # the VBA's Dictionary refuses a name twice
    assert dict(rows)["UDF Modules"] == "lkjip_xl.excel" == excel.UDF_MODULE
    assert dict(rows)["Show Console"] is False
    assert all(v not in (None, "") for _, v in rows)  # an empty value would still win over the ribbon


def test_conf_rows_leave_the_interpreter_to_each_computer_unless_given():
    names = [n for n, _ in excel.xlwings_conf_rows()]
    assert "Interpreter_Win" not in names and "Interpreter_Mac" not in names and "PYTHONPATH" not in names
    assert names == ["UDF Modules", "Debug UDFs", "Use UDF Server", "Show Console"]
    assert dict(excel.xlwings_conf_rows(show_console=True))["Show Console"] is True


def test_the_button_macro_calls_this_module():
    """The macro of the .xlsm (another engineer's file) runs what this module offers."""
    bas = ROOT / "lkjip_xl" / "vba" / "source" / "LkjipXl.bas"
    if not bas.exists():
        pytest.skip(f"{bas.relative_to(ROOT)} is not there")
    text = bas.read_text(encoding="utf-8", errors="replace")
    assert "import lkjip_xl.excel; lkjip_xl.excel.recalculate_caller()" in text
