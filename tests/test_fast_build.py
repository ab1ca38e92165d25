"""The build writes the Rekap's rows as XML text (lkjip_xl.sheet_stream); the workbook must be the
one the openpyxl path gives (build_workbook, which `new` and the "as printed" workbook go on
editing): every cell's value, formula and style, the validations, protection, names, widths and
heights, merges and print settings, read back through openpyxl. The 10x report is the benchmark's
synthetic one. LibreOffice's recalculation of the streamed file is tests/libreoffice's."""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from lkjip_xl import load_report
from lkjip_xl.building import WRITE_SHARE, build_file
from lkjip_xl.layout import REKAP
from lkjip_xl.writer import Options, build_workbook, structure_only, write_workbook
from tests.conftest import ROOT
from tests.workbook_diff import differences

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402


def _both(report, tmp_path: Path, options: Options | None = None) -> tuple[Path, Path]:
    old = tmp_path / "openpyxl.xlsx"
    build_workbook(report, options).save(old)
    return old, write_workbook(report, tmp_path / "streamed.xlsx", options)


def test_walantaka_streamed_is_the_openpyxl_workbook(walantaka, tmp_path):
    old, new = _both(walantaka, tmp_path)
    assert differences(old, new) == []


def test_blank_workbook_streamed_is_the_openpyxl_workbook(walantaka, tmp_path):
    old, new = _both(structure_only(walantaka), tmp_path, Options(empty_rows=5, spare_rows=3))
    assert differences(old, new) == []


def test_10x_report_streamed_is_the_openpyxl_workbook(tmp_path):
    report = load_report(synthetic.write_scaled(10, tmp_path / "report_10x.yaml"))
    old, new = _both(report, tmp_path)
    assert differences(old, new) == []
    assert openpyxl.load_workbook(new)[REKAP].max_row > 3000


def test_the_comparison_sees_a_changed_style_and_value(walantaka_xlsx, tmp_path):
    wb = openpyxl.load_workbook(walantaka_xlsx)
    ws = wb[REKAP]
    ws["B9"].font = Font(name="Arial", size=13)
    ws["F10"].value = 12345
    changed = tmp_path / "changed.xlsx"
    wb.save(changed)
    found = differences(walantaka_xlsx, changed)
    assert [d.split(":")[0] for d in found] == [f"{REKAP}!B9", f"{REKAP}!F10"]


def test_streamed_rekap_part_is_well_formed_and_has_its_validations(walantaka_xlsx):
    with zipfile.ZipFile(walantaka_xlsx) as z:
        wb = openpyxl.load_workbook(walantaka_xlsx)
        part = wb[REKAP]
        names = z.namelist()
        name = next(n for n in names if n.endswith(f"sheet{wb.sheetnames.index(REKAP) + 1}.xml"))
        xml = z.read(name)
        assert z.getinfo(name).compress_type == zipfile.ZIP_DEFLATED
    assert xml.count(b"<sheetData>") == 1 and xml.count(b"<dataValidations") == 1
    assert f'<dimension ref="A1:{openpyxl.utils.get_column_letter(part.max_column)}{part.max_row}"/>'.encode() in xml
    rules = {dv.type for dv in part.data_validations.dataValidation}
    assert rules == {"list", "custom", "decimal"}


def test_build_reports_progress_through_the_rekap_and_the_save(tmp_path):
    seen: list[tuple[str, float | None]] = []
    source = synthetic.write_scaled(2, tmp_path / "report_2x.yaml")
    built = build_file(source, tmp_path / "out.xlsx", report=lambda stage, done: seen.append((stage, done)))
    assert built.formulas > 2600
    rekap = [done for stage, done in seen if stage == f"menulis {REKAP}"]
    assert len(rekap) > 10 and rekap == sorted(rekap) and 0 < rekap[0] < rekap[-1] < 1
    saving = [done for stage, done in seen if stage == "menyimpan buku kerja"]
    # one bar for the whole build: the save continues where the sheets left it, never backwards
    assert saving[0] == WRITE_SHARE and saving == sorted(saving) and saving[-1] > 0.9 and saving[-1] < 1
    assert rekap[-1] <= WRITE_SHARE


def test_template_with_rows_below_its_style_block_still_builds(walantaka, tmp_path):
    """Rows under the Rekap's style block cannot have streamed rows put before them: such a
    template's workbook is written through openpyxl, the same as before."""
    from lkjip_xl.template import default_template_path

    template = tmp_path / "templat.xlsx"
    shutil.copy(default_template_path(), template)
    wb = openpyxl.load_workbook(template)
    wb[REKAP]["A400"] = "catatan kaki templat"
    wb.save(template)
    old, new = _both(walantaka, tmp_path, Options(template=template))
    assert differences(old, new) == []
    assert openpyxl.load_workbook(new)[REKAP]["A400"].value == "catatan kaki templat"
