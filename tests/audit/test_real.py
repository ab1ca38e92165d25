"""The real workbooks of ../shared/real: the audit names the cells of the errors a careful manual
audit found (README there), and says what it recognised."""

from __future__ import annotations

import shutil

import pytest

from lkjip_xl.audit import audit_workbook
from lkjip_xl.findings import Severity


def _cells(result, sheet):
    """rule -> every cell its findings on ``sheet`` mark."""
    out: dict[str, set[str]] = {}
    for f in result.findings:
        if f.sheet == sheet:
            out.setdefault(f.rule, set()).update(result.cells[(f.sheet, f.cell)])
    return out


@pytest.fixture(scope="module")
def sukabumi(request):
    from tests.audit.conftest import REAL

    path = REAL / "sukabumi_renja_2018.xlsx"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return audit_workbook(path)


def test_sukabumi_is_recognised(sukabumi):
    assert sukabumi.recognised() == "dikenali: Formulir Evaluasi Renja Permendagri 86/2017, sheet 'Sheet-1'"


def test_sukabumi_1_capaian_of_a_sum_divided_by_an_average(sukabumi):
    f = [x for x in sukabumi.findings if x.rule == "agregat-tidak-sejenis" and x.cell == "K39"][0]
    assert f.severity is Severity.ERROR
    assert "K39 =K38/H38*100 = 666,67 %; dengan agregat sejenis (jumlah dibagi jumlah) 33,33 %" in f.message


def test_sukabumi_2_program_summary_mixes_sum_and_average(sukabumi):
    cells = _cells(sukabumi, "Sheet-1")["ringkasan-campur"]
    assert {"K38", "L38"} <= cells
    f = [x for x in sukabumi.findings if x.cell == "L38"][0]
    assert "L38 =AVERAGE(L18:L37); seharusnya =SUM(L18:L37): 2.500.000, bukan 125.000." in f.message


def test_sukabumi_3_sum_missing_rows(sukabumi):
    f = [x for x in sukabumi.findings if x.cell == "AB17"][0]
    assert f.rule == "rentang-kurang" and f.severity is Severity.ERROR
    assert "AB17 =SUM(AB18:AB20); seharusnya =SUM(AB18:AB37): 4.374.960, bukan 656.244." in f.message


def test_sukabumi_4_second_program_summary_differs(sukabumi):
    f = [x for x in sukabumi.findings if x.cell == "AB45"][0]
    assert "Baris ringkasan sejenis 38 memakai SUM (AB38 =SUM(AB18:AB37))" in f.message
    assert "Akibatnya AB46 = 20,0 %; dengan itu 40,0 %." in f.message


def test_sukabumi_5_absolute_reference_into_program_1(sukabumi):
    f = [x for x in sukabumi.findings if x.rule == "rujukan-blok-lain"]
    assert [x.cell for x in f] == ["O46:V46"]
    assert sukabumi.cells[("Sheet-1", "O46:V46")] == [f"{c}46" for c in "OPQRSTUV"]


def test_sukabumi_6_percentage_divided_by_the_target_again(sukabumi):
    cells = _cells(sukabumi, "Sheet-1")["persen-dibagi-lagi"]
    assert cells == {"AC39", "AD39", "AC46", "AD46"}


def test_sukabumi_7_arithmetic_typed_in_formulas(sukabumi):
    assert _cells(sukabumi, "Sheet-1")["angka-dalam-rumus"] == {"J43", "J44", "H44"}


def test_sukabumi_8_realisasi_taken_from_the_target(sukabumi):
    assert _cells(sukabumi, "Sheet-1")["rumus-di-kolom-isian"] == {"V44", "T44"}


def test_sukabumi_9_percent_target_of_500(sukabumi):
    assert "H42" in _cells(sukabumi, "Sheet-1")["persen-tidak-wajar"]


@pytest.fixture(scope="module")
def jabar():
    from tests.audit.conftest import REAL

    path = REAL / "jabar_renja_lampiran.xls"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (the .xls is read through it)")
    return audit_workbook(path)


def test_jabar_is_recognised(jabar):
    assert jabar.sheets == ["Sheet", "J-1", "J-2", "J-3"]
    assert jabar.forms == {"J-1": "Tabel J-1 Evaluasi Renja dan Renstra Permendagri 54/2010"}


def test_jabar_1_inverted_tingkat_realisasi(jabar):
    f = [x for x in jabar.findings if x.rule == "tidak-sesuai-legenda"][0]
    assert (f.sheet, f.cell) == ("J-1", "N14:N49")
    assert len(jabar.cells[("J-1", "N14:N49")]) == 21
    assert "pembagiannya terbalik" in f.message


def test_jabar_2_title_years(jabar):
    assert {"J8", "O8"} <= _cells(jabar, "J-1")["tahun-judul-tidak-sesuai"]


def test_jabar_3_typed_total_and_dashes(jabar):
    cells = _cells(jabar, "J-2")
    assert cells["jumlah-baris-tidak-sesuai"] == {"E42"}
    dashed = {c[0] for c in cells["angka-sebagai-teks"]}
    assert {"F", "G", "J", "K"} <= dashed


def test_jabar_4_sum_reaching_into_the_next_block(jabar):
    assert _cells(jabar, "J-3")["rentang-lebih"] == {"G12", "L12"}
