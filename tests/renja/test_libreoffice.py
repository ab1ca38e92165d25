"""The Renja workbook in a real spreadsheet application (LibreOffice Calc, headless): its values equal
the rules' cell by cell, it prints landscape with the header rows on every page, and a legacy .xls
form is imported through it. Skipped when LibreOffice is absent (required under CI)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.libreoffice.office import LibreOffice, find_soffice, pdf_page_count
from tests.oracles import same
from lkjip_xl.renja.calc import compute
from tests.oracles import renja_expected_values as expected_values
from lkjip_xl.renja.layout import SHEET
from lkjip_xl.renja.plan import plan_rows

if not (find_soffice() and shutil.which("pdfinfo")):
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice and poppler-utils are required under CI (bash .ci/install-libreoffice)",
                    pytrace=False)
    pytest.skip("LibreOffice (soffice) or pdfinfo not installed; bash .ci/install-libreoffice",
                allow_module_level=True)


@pytest.fixture(scope="module")
def libreoffice():
    with LibreOffice() as lo:
        yield lo


def test_libreoffice_values_equal_the_rules(libreoffice, sample, in_progress, sample_xlsx, in_progress_xlsx):
    computed = libreoffice.recalculated_values_many([sample_xlsx, in_progress_xlsx])
    for report, values in zip((sample, in_progress), computed):
        expected = expected_values(plan_rows(report), compute(report))
        assert len(expected) > 90
        wrong = [(c, v, values[SHEET].get(c)) for c, v in expected.items() if not same(v, values[SHEET].get(c))]
        assert wrong == []


def test_pdf_pages_landscape_with_headers(libreoffice, sample, tmp_path):
    import copy

    from lkjip_xl.renja.writer import write_renja_workbook

    big = copy.deepcopy(sample)  # eight times the programs: the form runs over several pages
    for i in range(2, 9):
        for program in copy.deepcopy(sample.program):
            program.kode = f"{program.kode}.{i}"
            big.program.append(program)
    pdf = libreoffice.to_pdf(write_renja_workbook(big, tmp_path / "besar.xlsx"), tmp_path)
    assert 6 <= pdf_page_count(pdf) <= 16
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    # the form's pages: those that show its rows; each repeats the header and the legend row
    form = [p for p in pages if "Rata-rata capaian kinerja (%)" in p or "Faktor pendorong" in p]
    assert len(form) >= 2
    assert all("12 = 8+9+10+11" in p and "Realisasi kinerja pada triwulan" in p for p in form)
    assert "93.748.000" in text and "Sangat Tinggi" in text  # Indonesian thousands in the printed form
    assert "Faktor pendorong" in text and "NIP. 19660506 199203 1 004" in text
    first = next(i for i, p in enumerate(pages, 1) if "15 = 14/5 x 100" in p)
    info = subprocess.run(["pdfinfo", "-f", str(first), "-l", str(first), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page") and " size:" in line)
    width, height = [float(x) for x in size.split("size:")[1].split("pts")[0].split("x")]
    assert width > height  # the form's pages are landscape


def test_xls_form_is_imported_through_libreoffice(libreoffice, tmp_path):
    from lkjip_xl.renja.importer import import_renja

    from .forms import kode_form

    xlsx = kode_form(tmp_path / "evaluasi.xlsx")
    xls = libreoffice.convert([xlsx], "xls", tmp_path / "xls")[0]
    before = xls.read_bytes()
    from_xls = import_renja(xls)
    assert xls.read_bytes() == before  # the original is never touched
    from_xlsx = import_renja(xlsx)
    from_xls.report.identitas.sumber = from_xlsx.report.identitas.sumber
    assert from_xls.report == from_xlsx.report
    assert {(f.rule, f.cell) for f in from_xls.findings} == {(f.rule, f.cell) for f in from_xlsx.findings}
