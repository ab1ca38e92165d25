"""A workbook in progress is normal: the blank workbook from `new` gets at most one finding per
program, empty inputs are catatan until the report is final, one mistake is one finding."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl import layout as lay
from lkjip_xl.cli import main
from lkjip_xl.findings import Severity
from lkjip_xl.recalc import MARK_COLORS, check_file
from lkjip_xl.template import BAND_FILLS, FORMULA_FILL, HEADER_FILL, INPUT_FILL, JUMLAH_FILL, KELOMPOK_FILL, \
    PROGRAM_FILL, RATA_FILL
from tests.conftest import EXAMPLE

REKAP = lay.REKAP_LAYOUT


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("baru") / "kosong.xlsx"
    assert main(["new", str(EXAMPLE), "-o", str(path), "--diam"]) == 0
    return path


@pytest.fixture(scope="module")
def blank_findings(blank):
    return check_file(blank).findings


def _program_rows(path: Path) -> list[tuple[int, int]]:
    """(first, last) Rekap row of each program (its rows up to the next program or the group's end)."""
    ws = openpyxl.load_workbook(path, read_only=True)[REKAP.sheet]
    kinds = [(r[0].row, r[0].value) for r in ws.iter_rows(min_col=21, max_col=21, min_row=8) if r[0].value]
    starts = [row for row, kind in kinds if kind == "program"]
    ends = [row for row, kind in kinds if kind.startswith(("rata_rata", "jumlah"))]
    return [(s, min(e for e in ends if e > s)) for s in starts]


def test_the_blank_workbook_gets_at_most_one_finding_per_program(blank, blank_findings):
    programs = _program_rows(blank)
    assert len(programs) == 10
    assert len(blank_findings) <= len(programs), "\n".join(f"{f.sheet}!{f.cell} {f.message}" for f in blank_findings)
    # Nothing the blankness causes is more than a catatan; the rest is the document's own data.
    full = {(f.rule, f.sheet, f.cell) for f in check_file(_full(blank.parent)).findings}
    caused = [f for f in blank_findings if (f.rule, f.sheet, f.cell) not in full]
    assert caused and all(f.severity is Severity.INFO and f.rule == "isian-kurang" for f in caused)


def _full(folder: Path) -> Path:
    path = folder / "lengkap.xlsx"
    if not path.exists():
        assert main(["build", str(EXAMPLE), "-o", str(path), "--diam"]) == 0
    return path


def test_the_empty_realisasi_of_a_year_is_one_catatan_with_count_and_range(blank_findings):
    y = REKAP.years["laporan"]
    (f,) = [f for f in blank_findings if f.sheet == REKAP.sheet and f.cell.startswith(f"{y.realisasi}")
            and f.rule == "isian-kurang"]
    assert f.severity is Severity.INFO
    assert f.cell == f"{y.realisasi}10:{y.realisasi_rp}322"
    assert f.message == (
        "Tahun 2020 (Rekap Kegiatan): realisasi 179 indikator (N10, N11, N12, N13, N15 dan 174 lainnya) dan "
        "realisasi Rp 87 kegiatan (O14, O26, O28, O34, O36 dan 82 lainnya) belum diisi; capaian kinerja indikator "
        "dan serapan anggaran kegiatan itu belum dihitung.")


def test_final_makes_the_empty_inputs_warnings(blank, blank_findings, capsys):
    assert main(["check", str(blank), "--final"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{blank}: 2 kesalahan, 8 peringatan, 0 catatan"
    # the same with Status laporan = final typed on Identitas
    final = blank.with_name("final.xlsx")
    wb = openpyxl.load_workbook(blank)
    sheet, ref = next((d[0], d[1]) for d in wb.defined_names["STATUS_LAPORAN"].destinations)
    assert wb[sheet][ref.replace("$", "")].value == "draf"
    wb[sheet][ref.replace("$", "")] = "final"
    wb.save(final)
    assert main(["check", str(final)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == f"{final}: 2 kesalahan, 8 peringatan, 0 catatan"


def test_hanya_kesalahan_shows_the_errors_only(blank, capsys):
    assert main(["check", str(blank), "--hanya-kesalahan"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{blank}: 2 kesalahan, 4 peringatan, 4 catatan"
    assert len(lines) == 4 and all(line.startswith("kesalahan  ") for line in lines[1:3])
    assert lines[3] == "(8 peringatan dan catatan tidak ditampilkan: --hanya-kesalahan)"


def test_one_text_in_an_input_cell_is_one_finding(blank, tmp_path, capsys):
    """'95' typed as text in a realisasi puts out its capaian, predikat, the program's, group's and
    OPD's averages and the Ringkasan: one finding at the text, naming them, and no warning at each."""
    path = tmp_path / "teks.xlsx"
    shutil.copyfile(blank, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[REKAP.sheet]
    y = REKAP.years["laporan"]
    ws[f"{y.realisasi}12"] = "95"  # an indicator of program 5001.01, target 80
    wb.save(path)
    findings = check_file(path).findings
    assert not [f for f in findings if f.rule == "nilai-berbeda"]
    (f,) = [f for f in findings if f.cell == f"{y.realisasi}12"]
    assert f.rule == "angka-sebagai-teks" and f.severity is Severity.WARNING
    assert f.message.startswith("Indikator baris 12 (laporan) realisasi: angka diketik sebagai teks ('95'); dibaca "
                                "sebagai 95. Ketik ulang sebagai angka agar rumus Excel ikut menghitungnya. Akibatnya ")
    p, r = y.capaian_k, REKAP.predikat
    assert f.message.endswith(f" Akibatnya 12 sel rumus lain ikut berbeda dari perhitungan ulang (rumusnya benar): "
                              f"{p}9, {r}9, {p}12, {r}12, {p}92, {r}92 dan 6 lainnya.")


def test_a_freshly_built_file_checked_with_cached_values(tmp_path, capsys):
    path = tmp_path / "baru.xlsx"
    assert main(["build", str(EXAMPLE), "-o", str(path), "--diam"]) == 0
    capsys.readouterr()
    main(["check", str(path), "--cached"])
    out = capsys.readouterr().out
    assert "sel yang dirujuk" not in out and "nilai-berbeda" not in out
    (line,) = [line for line in out.splitlines() if "[belum-dihitung]" in line]
    assert re.fullmatch(
        r"peringatan Rekap Kegiatan +\[belum-dihitung\] Buku kerja ini belum pernah dihitung: 1\.\d{3} sel rumus "
        r"tidak menyimpan nilai \(berkas ditulis oleh program, belum dibuka dan disimpan di Excel\), jadi nilainya "
        r"tidak dapat dibandingkan\. Buka lalu simpan di Excel atau LibreOffice, jalankan lkjip-xl recalc, atau "
        r"periksa tanpa --cached\.", line), line


def _rgb(color: str) -> tuple[int, ...]:
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4))


def test_finding_colours_cannot_be_confused_with_the_workbooks_own():
    own = [INPUT_FILL, FORMULA_FILL, HEADER_FILL, KELOMPOK_FILL, PROGRAM_FILL, RATA_FILL, JUMLAH_FILL, "FFFFFF",
           *BAND_FILLS.values()]
    marks = list(MARK_COLORS.values())
    for mark in marks:
        for fill in own:
            assert math.dist(_rgb(mark), _rgb(fill)) >= 75, (mark, fill)
    for a in marks:
        for b in marks:
            assert a == b or math.dist(_rgb(a), _rgb(b)) >= 75


def test_petunjuk_has_the_legend_and_says_what_is_locked(blank):
    ws = openpyxl.load_workbook(blank)[lay.PETUNJUK]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    legend = {text.split(" - ")[0]: c.fill.fgColor.rgb[-6:] for text, c in cells.items() if " - " in text}
    assert legend["Merah"] == MARK_COLORS[Severity.ERROR]
    assert legend["Jingga"] == MARK_COLORS[Severity.WARNING]
    assert legend["Ungu"] == MARK_COLORS[Severity.INFO]
    assert legend["Kuning muda"] == INPUT_FILL
    bands = [c for text, c in cells.items() if text.startswith(("Sangat Rendah:", "Sedang:", "Sangat Tinggi:"))]
    assert len(bands) == 3 and all(c.fill.fgColor.rgb[-6:] in BAND_FILLS.values() for c in bands)
    text = " ".join(cells)
    assert "Sel putih" not in text and "boleh diperbaiki bila salah ketik" in text
    assert "berisi rumus atau judul dan terkunci" in text
    # what it says is so: a kode is unlocked, a white computed cell (predikat of a kegiatan) is locked
    rekap = openpyxl.load_workbook(blank)[REKAP.sheet]
    assert rekap["A14"].protection.locked is False and rekap[f"{REKAP.predikat}14"].protection.locked is True
