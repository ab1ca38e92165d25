"""`lkjip-xl build --xlsm`: the macro-enabled workbook with its button, and a recalc that keeps it."""

from __future__ import annotations

import zipfile

import openpyxl

from lkjip_xl import layout as lay
from lkjip_xl.cli import main
from tests.conftest import EXAMPLE


def test_build_xlsm_then_recalc_keeps_the_vba_project(tmp_path, capsys):
    out = tmp_path / "walantaka_2020.xlsm"
    assert main(["build", str(EXAMPLE), "-o", str(out), "--xlsm"]) == 0
    assert capsys.readouterr().out.startswith(f"Buku kerja ditulis: {out} (11 sheet, ")
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        vba = z.read("xl/vbaProject.bin")
        vml = "".join(z.read(n).decode("utf-8") for n in names if n.endswith(".vml"))
    assert "[0]!Recalculate" in vml
    book = openpyxl.load_workbook(out, keep_vba=True)
    conf = book[lay.XLWINGS_CONF]
    assert conf.sheet_state == "hidden"
    settings = {row[0]: row[1] for row in conf.iter_rows(values_only=True) if row[0]}
    assert settings.get("UDF Modules") == "lkjip_xl.excel"
    assert main(["recalc", str(out)]) in (0, 1)
    with zipfile.ZipFile(out) as z:
        assert z.read("xl/vbaProject.bin") == vba
        assert "[0]!Recalculate" in "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".vml"))
    assert (tmp_path / "walantaka_2020.xlsm.bak").exists()


def test_restyling_the_xlsm_with_openpyxl_keeps_the_project_and_button(tmp_path):
    from openpyxl.styles import Font, PatternFill

    out = tmp_path / "kantor.xlsm"
    assert main(["build", str(EXAMPLE), "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        vba = z.read("xl/vbaProject.bin")
    book = openpyxl.load_workbook(out, keep_vba=True)
    ws = book[lay.REKAP]
    ws["A1"].font = Font(name="Times New Roman", size=16, bold=True)
    ws["B9"].fill = PatternFill("solid", fgColor="FFC7CE")
    ws.column_dimensions["B"].width = 44
    book.save(out)
    with zipfile.ZipFile(out) as z:
        assert z.read("xl/vbaProject.bin") == vba
        vml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".vml"))
    assert vml.count("[0]!Recalculate") == 2  # Petunjuk and Ringkasan
