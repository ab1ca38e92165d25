"""LibreOffice (headless) as the reference spreadsheet application: lkjip_xl.engine.libreoffice.

Skipped when soffice is not installed locally (install it with ``.ci/install-libreoffice``); under
CI (``CI=true``) a missing soffice, pdfinfo or pdftoppm is a failure, never a skip.

Each soffice call costs about one second (a LibreOffice start), so the calls are made once in
module-scoped fixtures and shared: the whole module makes about eight of them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.libreoffice.office import (
    LibreOffice,
    LibreOfficeError,
    find_soffice,
    pdf_page_count,
    pdf_to_png,
    version,
)
from lkjip_xl.errors import LkjipError

openpyxl = pytest.importorskip("openpyxl")
from openpyxl.workbook.defined_name import DefinedName  # noqa: E402
from openpyxl.worksheet.pagebreak import Break  # noqa: E402

IN_CI = os.environ.get("CI") == "true"
INSTALL_HINT = "install it with `bash .ci/install-libreoffice`"


def _require(found: object, what: str) -> None:
    """Skip locally, fail under CI, when a needed program is missing."""
    if found:
        return
    if IN_CI:
        pytest.fail(f"{what} is required when CI=true but was not found; {INSTALL_HINT}",
                    pytrace=False)
    pytest.skip(f"{what} not installed; {INSTALL_HINT}", allow_module_level=True)


_require(find_soffice(), "LibreOffice (soffice)")
_require(shutil.which("pdfinfo") and shutil.which("pdftoppm"), "poppler-utils (pdfinfo, pdftoppm)")

PLANTED = 999  # the wrong cached value planted into Data!B1 (whose right value is 100)


# -- workbooks -------------------------------------------------------------------------------

def make_formula_workbook(path: Path) -> Path:
    """Two sheets (one named with a space), SUM, AVERAGE, IF, IFERROR, a cross-sheet reference,
    a defined name, and two numbers to check the Indonesian number format in PDFs."""
    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "Data"
    for row, value in enumerate([10, 20, 30, 40], start=1):
        data.cell(row=row, column=1, value=value)
    data["B1"] = "=SUM(A1:A4)"
    data["B2"] = "=AVERAGE(A1:A4)"
    data["B3"] = '=IF(B1>50,"TINGGI","RENDAH")'
    data["B4"] = '=IFERROR(A1/0,"n/a")'
    data["B5"] = "=IFERROR(A2/A1,0)"
    data["B6"] = "='Rekap Kinerja'!B2*2"
    data["B7"] = "=SUM(Nilai)"
    data["B8"] = "=B1*2"
    data["C1"] = 1051756000
    data["C1"].number_format = "#,##0"
    data["C2"] = 99.87
    data["C2"].number_format = "#,##0.00"
    data.column_dimensions["C"].width = 22
    rekap = wb.create_sheet("Rekap Kinerja")
    rekap["A1"] = "Indikator"
    rekap["B1"] = "Nilai"
    rekap["A2"] = "Indeks Kepuasan Masyarakat"
    rekap["B2"] = 77.44
    rekap["B3"] = "=Data!B2/B2*100"
    rekap["B4"] = "=AVERAGE(Nilai)"
    rekap["B5"] = "=Data!B1+B2"
    wb.defined_names["Nilai"] = DefinedName("Nilai", attr_text="Data!$A$1:$A$4")
    wb.save(path)
    return path


EXPECTED = {
    "Data": {
        "A1": 10, "A2": 20, "A3": 30, "A4": 40,
        "B1": 100, "B2": 25, "B3": "TINGGI", "B4": "n/a", "B5": 2,
        "B6": pytest.approx(154.88), "B7": 100, "B8": 200,
        "C1": 1051756000, "C2": pytest.approx(99.87),
    },
    "Rekap Kinerja": {
        "A1": "Indikator", "B1": "Nilai", "A2": "Indeks Kepuasan Masyarakat",
        "B2": pytest.approx(77.44),
        "B3": pytest.approx(25 / 77.44 * 100),
        "B4": 25,
        "B5": pytest.approx(177.44),
    },
}


def make_paged_workbook(path: Path) -> Path:
    """One sheet of 30 rows with manual page breaks after rows 10 and 20: three pages."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Halaman"
    for row in range(1, 31):
        ws.cell(row=row, column=1, value=f"baris {row}")
        ws.cell(row=row, column=2, value=row)
    ws["C1"] = "=SUM(B1:B30)"
    ws.row_breaks.append(Break(id=10))
    ws.row_breaks.append(Break(id=20))
    wb.save(path)
    return path


def plant_cached_value(xlsx: Path, sheet_index: int, cell: str, value: object) -> None:
    """Write a cached value ``<v>value</v>`` into formula cell ``cell`` of the ``sheet_index``-th
    sheet (1-based; openpyxl names its parts xl/worksheets/sheet1.xml, sheet2.xml, ...).

    openpyxl cannot save a formula together with a cached value, so the saved zip is rewritten.
    """
    part = f"xl/worksheets/sheet{sheet_index}.xml"
    cell_re = re.compile(r'(<c r="%s"[^>]*>)(<f>.*?</f>)(?:<v\s*/>|<v>.*?</v>)?(</c>)' % cell)
    tmp = xlsx.with_name(xlsx.name + ".tmp")
    with zipfile.ZipFile(xlsx) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                text, count = cell_re.subn(rf"\g<1>\g<2><v>{value}</v>\g<3>", data.decode("utf-8"))
                assert count == 1, f"formula cell {cell} not found in {part}"
                data = text.encode("utf-8")
            zout.writestr(item, data)
    tmp.replace(xlsx)


# -- fixtures: every soffice call of the module is made here, once -----------------------------

@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("libreoffice")


@pytest.fixture(scope="module")
def books(workdir: Path) -> dict[str, Path]:
    src = workdir / "src"
    src.mkdir()
    formulas = make_formula_workbook(src / "rumus.xlsx")
    planted = make_formula_workbook(src / "tertanam.xlsx")
    plant_cached_value(planted, 1, "B1", PLANTED)
    paged = make_paged_workbook(src / "halaman.xlsx")
    not_a_sheet = src / "bukan_spreadsheet.xlsx"
    not_a_sheet.write_text("this is not a spreadsheet\n", encoding="utf-8")
    return {"formulas": formulas, "planted": planted, "paged": paged, "bad": not_a_sheet}


@pytest.fixture(scope="module")
def lo() -> LibreOffice:
    with LibreOffice() as office:
        yield office


@pytest.fixture(scope="module")
def batch(lo: LibreOffice, books: dict[str, Path]):
    """Three workbooks recalculated by LibreOffice in ONE soffice call."""
    calls_before = len(lo.timings)
    values = lo.recalculated_values_many([books["formulas"], books["planted"], books["paged"]])
    return values, lo.timings[calls_before:]


@pytest.fixture(scope="module")
def pdfs(lo: LibreOffice, books: dict[str, Path], workdir: Path) -> dict[str, Path]:
    out = lo.to_pdf_many([books["formulas"], books["paged"]], workdir / "pdf")
    return {"formulas": out[0], "paged": out[1]}


@pytest.fixture(scope="module")
def control_values(books: dict[str, Path]) -> dict[str, dict[str, object]]:
    """The planted workbook through a profile WITHOUT the OOXMLRecalcMode setting."""
    with LibreOffice(force_recalc=False) as office:
        return office.recalculated_values(books["planted"])


# -- tests -------------------------------------------------------------------------------------

def test_find_soffice_and_version() -> None:
    exe = find_soffice()
    assert exe is not None and os.access(exe, os.X_OK)
    assert re.match(r"LibreOffice \d+\.\d+", version()), version()


def test_profile_holds_the_settings(lo: LibreOffice) -> None:
    assert lo.profile_url.startswith("file:///")
    xcu = (lo.profile_dir / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    load = '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
    assert load + '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value>' in xcu
    assert load + '<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value>' in xcu
    assert '<prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>id-ID</value>' in xcu


def test_libreoffice_error_is_an_lkjip_error() -> None:
    assert issubclass(LibreOfficeError, LkjipError)


def test_formulas_computed_by_libreoffice(batch) -> None:
    values, _ = batch
    assert values[0] == EXPECTED


def test_three_files_in_one_call(batch) -> None:
    values, calls = batch
    assert [n for n, _ in calls] == [3], "the three workbooks must take one soffice call"
    assert [list(v) for v in values] == [["Data", "Rekap Kinerja"]] * 2 + [["Halaman"]]
    assert values[2]["Halaman"]["C1"] == sum(range(1, 31))


def test_wrong_cached_value_is_recomputed(batch, books: dict[str, Path]) -> None:
    with zipfile.ZipFile(books["planted"]) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert f"<f>SUM(A1:A4)</f><v>{PLANTED}</v>" in sheet
    values, _ = batch
    planted = values[1]
    assert planted["Data"]["B1"] == 100  # not the planted 999
    assert planted == EXPECTED  # and everything depending on it is right too


def test_control_without_the_setting_keeps_the_wrong_cached_value(
    control_values, books: dict[str, Path]
) -> None:
    # openpyxl asks for a full recalculation on load; LibreOffice ignores it ...
    with zipfile.ZipFile(books["planted"]) as z:
        assert 'fullCalcOnLoad="1"' in z.read("xl/workbook.xml").decode()
    data = control_values["Data"]
    # ... and keeps the cached value it finds (OOXMLRecalcMode default: 1, never recalculate),
    assert data["B1"] == PLANTED
    # while the formulas saved without a cached value are computed, from the stale value:
    assert data["B8"] == 2 * PLANTED
    assert control_values["Rekap Kinerja"]["B5"] == pytest.approx(PLANTED + 77.44)
    assert data["B2"] == 25 and data["B7"] == 100


def test_pdf_pages_and_png(pdfs: dict[str, Path], workdir: Path) -> None:
    assert pdfs["formulas"].name == "rumus.pdf"
    assert pdf_page_count(pdfs["formulas"]) == 2  # one page per sheet
    assert pdf_page_count(pdfs["paged"]) == 3  # two manual page breaks
    pngs = pdf_to_png(pdfs["paged"], workdir / "png", dpi=30)
    assert [p.name for p in pngs] == ["halaman-1.png", "halaman-2.png", "halaman-3.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_pdf_page_count_without_pdfinfo(pdfs: dict[str, Path], monkeypatch) -> None:
    import lkjip_xl.engine.libreoffice as module

    real_which = shutil.which
    monkeypatch.setattr(module.shutil, "which",
                        lambda name, *a, **k: None if name == "pdfinfo" else real_which(name))
    assert pdf_page_count(pdfs["paged"]) == 3
    assert pdf_page_count(pdfs["formulas"]) == 2


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")
def test_pdf_numbers_in_indonesian_format(pdfs: dict[str, Path]) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(pdfs["formulas"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "1.051.756.000" in text
    assert "99,87" in text
    assert "TINGGI" in text


def test_not_a_spreadsheet_raises_naming_only_that_file(
    lo: LibreOffice, books: dict[str, Path], workdir: Path
) -> None:
    with pytest.raises(LibreOfficeError) as info:
        lo.convert([books["formulas"], books["bad"]], "xlsx", workdir / "error")
    message = str(info.value)
    assert "bukan_spreadsheet.xlsx" in message
    assert "could not convert 1 of 2" in message
    assert "source file could not be loaded" in message  # soffice's own stderr
    assert info.value.files == [books["bad"].resolve()]
    assert (workdir / "error" / "rumus.xlsx").is_file()  # the good one was converted


def test_missing_input_raises(lo: LibreOffice, workdir: Path) -> None:
    with pytest.raises(LibreOfficeError, match="tidak_ada.xlsx"):
        lo.convert([workdir / "tidak_ada.xlsx"], "pdf", workdir / "missing")


def test_timeout_kills_and_the_profile_stays_usable(
    lo: LibreOffice, books: dict[str, Path], workdir: Path
) -> None:
    with pytest.raises(LibreOfficeError, match=r"did not finish within 0\.2 s") as info:
        lo.convert([books["paged"]], "pdf", workdir / "timeout", timeout=0.2)
    assert "halaman.xlsx" in str(info.value)
    # Nothing of the killed call keeps running ...
    ps = subprocess.run(["ps", "-eo", "stat=,args="], capture_output=True, text=True).stdout
    alive = [line for line in ps.splitlines()
             if lo.profile_url in line and not line.startswith("Z")]
    assert alive == []
    # ... and the next call on the same profile works.
    (pdf,) = lo.convert([books["paged"]], "pdf", workdir / "timeout")
    assert pdf_page_count(pdf) == 3
