"""Pemeriksaan and Ringkasan as LibreOffice prints them: whole messages, Indonesian numbers, the
header on every page, the links; Ringkasan's figures the Rekap's and Anggaran's, labelled.

The workbook is the Walantaka report built and recalculated by the CLI; LibreOffice (id-ID) renders
it to PDF and pdftotext reads the pages back. Locally these tests skip when LibreOffice is absent;
under CI (CI=true) its absence is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.cli import main
from tests.libreoffice.office import LibreOffice, find_soffice
from lkjip_xl.findings import Severity
from lkjip_xl.recalc import MARK_COLORS, check_file
from lkjip_xl.sheet_formulas import FINDING_LINK_TEXT, finding_link
from tests.conftest import EXAMPLE

T = lay.PEMERIKSAAN_TABLE


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cetak") / "walantaka_2020.xlsx"
    assert main(["build", str(EXAMPLE), "-o", str(path), "--recalc", "--diam"]) == 1  # the document's own errors
    return path


@pytest.fixture(scope="module")
def findings(recalculated):
    return check_file(recalculated).findings


def _table_first_row(wb) -> tuple[str, int]:
    sheet, ref = next(iter(wb.defined_names[T.name].destinations))
    return sheet, a1.parse_range(ref)[0]


# -- what the file holds (any viewer) ------------------------------------------------------------------
def test_the_findings_table_is_set_for_reading(recalculated, findings):
    wb = openpyxl.load_workbook(recalculated)
    sheet, first = _table_first_row(wb)
    ws = wb[sheet]
    header = first - 1
    assert ws.freeze_panes == f"A{first}"
    assert ws.auto_filter.ref.startswith(f"A{header}:{T.columns[-1].letter}")
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.row_dimensions[header].height is None or ws.row_dimensions[header].height <= 26  # not tall
    assert ws.column_dimensions[T.letter("warna_asli")].hidden
    pesan, g, h, link = (T.letter(k) for k in ("pesan", "seharusnya", "tertulis", "tautan"))
    for i, f in enumerate(findings):
        row = first + i
        assert ws[f"{pesan}{row}"].value == f.message and ws[f"{pesan}{row}"].alignment.wrap_text
        lines = -(-len(f.message) // 62)
        assert ws.row_dimensions[row].height >= 12.75 * lines  # tall enough for the wrapped message
        for col in (g, h):
            value = ws[f"{col}{row}"].value
            assert not (isinstance(value, str) and re.fullmatch(r"-?[\d.,]+", value)), (row, value)  # numbers
        assert ws[f"{col}{row}"].number_format == "#,##0.00"
        assert ws[f"{link}{row}"].value == (finding_link(row) if f.cell else None)
    shown = openpyxl.load_workbook(recalculated, data_only=True)[sheet]
    assert shown[f"{link}{first}"].value == FINDING_LINK_TEXT
    colors = {c for r in ws.conditional_formatting for rule in r.rules if rule.dxf and rule.dxf.fill
              for c in [rule.dxf.fill.fgColor.rgb[-6:]]}
    assert set(MARK_COLORS.values()) <= colors


def test_ringkasan_figures_are_the_rekaps_and_anggarans(recalculated):
    wb = openpyxl.load_workbook(recalculated, data_only=True)

    def value(name: str):
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        return wb[sheet][ref.replace("$", "")].value

    pairs = {"RINGKASAN_RATA_RATA_PROGRAM": "TOTAL_RATA_RATA_K_LAPORAN",
             "RINGKASAN_RATA_RATA_K": "RATA_RATA_KEGIATAN_K_LAPORAN", "RINGKASAN_SERAPAN": "SERAPAN_LAPORAN",
             "RINGKASAN_SERAPAN_OPD": "ANGGARAN_SERAPAN", "RINGKASAN_PAGU": "TOTAL_PAGU_LAPORAN"}
    for ringkasan, source in pairs.items():
        assert value(ringkasan) == pytest.approx(value(source)), ringkasan
    assert round(value("RINGKASAN_RATA_RATA_PROGRAM"), 2) == 95.47
    assert round(value("RINGKASAN_SERAPAN_OPD"), 2) == 96.30


# -- the printed pages -------------------------------------------------------------------------------
if not (find_soffice() and shutil.which("pdftotext")):
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice and poppler-utils are required under CI (bash .ci/install-libreoffice)",
                    pytrace=False)
    pytest.skip("LibreOffice (soffice) or pdftotext not installed; bash .ci/install-libreoffice",
                allow_module_level=True)


@pytest.fixture(scope="module")
def pages(recalculated, tmp_path_factory) -> list[str]:
    with LibreOffice() as lo:
        pdf = lo.to_pdf(recalculated, tmp_path_factory.mktemp("pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s\-/]+", text) if t]


def _in_order(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(t == h for h in it) for t in needle)


def test_the_pemeriksaan_pages_show_whole_messages_and_indonesian_numbers(pages, findings):
    start = next(i for i, p in enumerate(pages) if "HASIL PEMERIKSAAN BUKU KERJA" in p)
    printed = [p for p in pages[start:] if re.search(r"\bPesan\b", p)]
    assert printed and all(re.search(r"No\s+Tingkat\s+Sheet\s+Sel\s+Aturan\s+Pesan\s+Seharusnya\s+Tertulis\s+Buka", p)
                           for p in printed)  # the header on every page
    tokens = _tokens("\n".join(printed))
    for f in findings:
        assert _in_order(_tokens(f.message), tokens), f.message  # every word, in order: nothing cut off
    text = "\n".join(printed)
    assert "19.213.538.636" in text and "18.866.888.636" in text and "91,67" in text
    assert "83.895.000 " in text or "83.895.000\n" in text  # a whole amount without decimals
    assert "91.666" not in text and "19213538636" not in text
    assert text.count(FINDING_LINK_TEXT) >= len([f for f in findings if f.cell])
    assert re.search(r"\n\s*1\s+kesalahan\s+Data Umum\s+C55\s+tabel-tidak-sesuai\s+Jumlah pegawai", text)
    assert len(printed) <= 3  # the prepared rows without a finding print nothing
    assert any(f.severity is Severity.INFO for f in findings)


def test_the_ringkasan_page_labels_its_figures(pages):
    (page,) = [p for p in pages if "RINGKASAN CAPAIAN KINERJA" in p]
    flat = re.sub(r"\s+", " ", page)
    for label, value in (("Rata-rata capaian kinerja program (%)", "95,47"),
                         ("Rata-rata capaian kinerja kegiatan (%)", "100,00"),
                         ("Serapan anggaran program (%)", "99,01"), ("Serapan anggaran OPD (%)", "96,30")):
        assert re.search(re.escape(label) + r"\s+" + re.escape(value), page), label
    assert "= baris TOTAL RATA-RATA KINERJA di Rekap Kegiatan" in flat
    assert "= sheet Anggaran" in flat
    assert "18.866.888.636" in page
    # a long program name is on two lines of its own row, not over the next program
    assert re.search(r"5001\.03\s+PROGRAM PENINGKATAN PERENCANAAN, PENGENDALIAN DAN\s+64,71", page)
    assert re.search(r"\n\s+PELAPORAN CAPAIAN KINERJA\s*\n\s*5001\.04", page)
