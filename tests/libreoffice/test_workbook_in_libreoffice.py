"""The generated workbooks opened in a real spreadsheet application (LibreOffice Calc, headless).

LibreOffice recomputes every formula (forced in a private profile) and its values must equal the
rules module's; the PDF it prints must have a sane number of pages. Locally these tests skip when
LibreOffice is absent; under CI (CI=true) its absence is a failure.
"""

from __future__ import annotations

import os
import shutil

import openpyxl
import pytest

from tests.libreoffice.office import LibreOffice, find_soffice, pdf_page_count, pdf_to_png
from tests.oracles import expected_values, same
from lkjip_xl.writer import structure_only, write_workbook

if not (find_soffice() and shutil.which("pdfinfo")):
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice and poppler-utils are required under CI (bash .ci/install-libreoffice)",
                    pytrace=False)
    pytest.skip("LibreOffice (soffice) or pdfinfo not installed; bash .ci/install-libreoffice",
                allow_module_level=True)


@pytest.fixture(scope="module")
def workbooks(walantaka, walantaka_xlsx, tmp_path_factory):
    blank = write_workbook(structure_only(walantaka), tmp_path_factory.mktemp("blank") / "kosong_2020.xlsx")
    return {"filled": (walantaka, walantaka_xlsx), "blank": (structure_only(walantaka), blank)}


@pytest.fixture(scope="module")
def libreoffice():
    with LibreOffice() as lo:
        yield lo


@pytest.fixture(scope="module")
def recalculated(libreoffice, workbooks):
    paths = [path for _, path in workbooks.values()]
    values = libreoffice.recalculated_values_many(paths)  # one soffice call for both
    return dict(zip(workbooks, values))


@pytest.mark.parametrize("which", ["filled", "blank"])
def test_libreoffice_values_equal_the_rules(which, workbooks, recalculated):
    report, path = workbooks[which]
    expected = expected_values(report, openpyxl.load_workbook(path))
    values = recalculated[which]
    assert len(expected) > 1300
    wrong = [(sheet, cell, value, values.get(sheet, {}).get(cell)) for (sheet, cell), value in expected.items()
             if not same(value, values.get(sheet, {}).get(cell))]
    assert wrong == []


def test_pdf_has_sane_page_count_and_repeats_headers(libreoffice, walantaka_xlsx, tmp_path):
    pdf = libreoffice.to_pdf(walantaka_xlsx, tmp_path)
    pages = pdf_page_count(pdf)
    # Petunjuk, Identitas, Data Umum, PK, Pengukuran, Anggaran, Ringkasan, Pemeriksaan: about one page
    # each; the Rekap (321 rows, fit to the width of an A4 landscape page) about ten.
    assert 12 <= pages <= 40, pages
    text = _pdf_text(pdf)
    pages_text = text.split("\f")
    rekap_pages = [i for i, page in enumerate(pages_text) if "5001.500105" in page]
    assert len(rekap_pages) >= 5
    # The header rows are repeated on every printed page of the Rekap.
    assert all("Kode Rekening" in pages_text[i] for i in rekap_pages)
    assert "10.188.581.520" in text  # Indonesian thousands separators in the printed total
    pngs = pdf_to_png(pdf, tmp_path, dpi=30)
    assert len(pngs) == pages


def _pdf_text(pdf) -> str:
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
