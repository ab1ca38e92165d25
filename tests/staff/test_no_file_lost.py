"""No file is ever lost: every command that writes refuses an existing output unless told
(--timpa, which keeps a .bak), and refuses a name whose extension is not what it writes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.cli import main
from tests.conftest import EXAMPLE, MINIMAL_YAML


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "laporan.yaml"
    path.write_text(MINIMAL_YAML, encoding="utf-8")
    return path


@pytest.fixture
def filled(report, tmp_path) -> Path:
    """A workbook staff have been filling in for months (here: built, then one value typed)."""
    path = tmp_path / "isian.xlsx"
    assert main(["build", str(report), "-o", str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    wb["Identitas"]["B9"] = "ditulis staf"
    wb.save(path)
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.mark.parametrize("command", ["new", "build"])
def test_an_existing_workbook_is_refused(command, report, filled, tmp_path, capsys):
    before, listing = filled.read_bytes(), _listing(tmp_path)
    capsys.readouterr()
    assert main([command, str(report), "-o", str(filled)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (f"lkjip-xl: gagal: {filled} sudah ada dan tidak ditimpa. Pilih nama lain, atau tambahkan "
                       "--timpa untuk menggantinya (salinan berkas lama disimpan sebagai isian.xlsx.bak)\n")
    assert filled.read_bytes() == before and _listing(tmp_path) == listing


def test_timpa_replaces_and_keeps_a_backup(report, filled, tmp_path, capsys):
    before = filled.read_bytes()
    capsys.readouterr()
    assert main(["new", str(report), "-o", str(filled), "--timpa"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"Buku kerja kosong (tanpa realisasi) ditulis: {filled} (10 sheet, ")
    assert lines[1] == f"Cadangan berkas lama: {filled}.bak"
    assert Path(f"{filled}.bak").read_bytes() == before
    assert openpyxl.load_workbook(filled)["Identitas"]["B9"].value is None


def test_a_workbook_named_csv_is_refused(report, tmp_path, capsys):
    assert main(["build", str(report), "-o", str(tmp_path / "out.csv")]) == 2
    assert capsys.readouterr().err == (
        f"lkjip-xl: gagal: {tmp_path / 'out.csv'}: nama berkas berakhiran .csv, padahal yang ditulis adalah buku "
        "kerja Excel; gunakan nama berakhiran .xlsx (misalnya out.xlsx) (atau .xlsm dengan --xlsm untuk tombol "
        "Hitung Ulang)\n")
    assert _listing(tmp_path) == ["laporan.yaml"]


def test_xlsm_is_not_silently_renamed(report, tmp_path, capsys):
    assert main(["build", str(report), "-o", str(tmp_path / "x.xlsx"), "--xlsm"]) == 2
    assert capsys.readouterr().err == (
        f"lkjip-xl: gagal: {tmp_path / 'x.xlsx'}: nama berkas berakhiran .xlsx, padahal yang ditulis adalah buku "
        "kerja Excel bermakro (dengan tombol Hitung Ulang); gunakan nama berakhiran .xlsm (misalnya x.xlsm); "
        "--xlsm menulis buku kerja bermakro\n")
    assert _listing(tmp_path) == ["laporan.yaml"]


def test_recalc_to_an_existing_output_is_refused(filled, tmp_path, capsys):
    other = tmp_path / "lain.xlsx"
    shutil.copyfile(filled, other)
    before = other.read_bytes()
    assert main(["recalc", str(filled), "-o", str(other)]) == 2
    assert capsys.readouterr().err.startswith(f"lkjip-xl: gagal: {other} sudah ada dan tidak ditimpa.")
    assert other.read_bytes() == before
    assert main(["recalc", str(filled), "-o", str(other), "--timpa"]) == 0
    assert Path(f"{other}.bak").read_bytes() == before


def _export_with_an_error(filled: Path) -> Path:
    """A workbook whose reading finds a kesalahan: a realisasi typed as a word."""
    wb = openpyxl.load_workbook(filled)
    ws = wb["Rekap Kegiatan"]
    row = next(r for r in range(8, ws.max_row + 1) if ws[f"U{r}"].value == "indikator_kegiatan")
    ws[f"N{row}"] = "dua belas"
    wb.save(filled)
    return filled


def test_export_never_replaces_a_report_file_when_reading_found_errors(filled, tmp_path, capsys):
    mine = tmp_path / "mine.yaml"
    shutil.copyfile(EXAMPLE, mine)  # a hand-written report file, with its catatan and printed figures
    before = mine.read_bytes()
    _export_with_an_error(filled)
    for extra in ([], ["--timpa"]):
        assert main(["export", str(filled), "-o", str(mine), *extra]) == (2 if not extra else 1)
        out = capsys.readouterr()
        if not extra:
            assert out.err.startswith(f"lkjip-xl: gagal: {mine} sudah ada dan tidak ditimpa.")
        else:
            assert out.out.splitlines()[0] == (
                f"{mine} tidak ditimpa: pembacaan {filled} menemukan 1 kesalahan, 0 peringatan, 0 catatan; perbaiki "
                "kesalahannya di buku kerja lalu ekspor lagi (atau ekspor ke berkas baru).")
        assert mine.read_bytes() == before
    assert not Path(f"{mine}.bak").exists()


def test_export_with_timpa_keeps_a_backup(filled, tmp_path, capsys):
    mine = tmp_path / "mine.yaml"
    mine.write_text("# tulisan tangan\n", encoding="utf-8")
    assert main(["export", str(filled), "-o", str(mine), "--timpa"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Data diekspor: {mine} (temuan saat membaca {filled}: 0 kesalahan, 0 peringatan, 0 catatan)"
    assert lines[-1] == f"Cadangan berkas lama: {mine}.bak"
    assert Path(f"{mine}.bak").read_text(encoding="utf-8") == "# tulisan tangan\n"


def test_contoh_refuses_to_replace_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "contoh"
    assert main(["contoh", "-o", str(folder)]) == 0
    (folder / "walantaka_2020.yaml").write_text("diubah staf\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["contoh", "-o", str(folder)]) == 2
    assert capsys.readouterr().err.startswith(f"lkjip-xl: gagal: {folder / 'walantaka_2020.yaml'} sudah ada")
    assert (folder / "walantaka_2020.yaml").read_text(encoding="utf-8") == "diubah staf\n"
    assert main(["contoh", "-o", str(folder), "--timpa"]) == 0
    assert (folder / "walantaka_2020.yaml.bak").read_text(encoding="utf-8") == "diubah staf\n"
