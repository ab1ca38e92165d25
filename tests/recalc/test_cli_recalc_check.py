"""`lkjip-xl recalc` and `lkjip-xl check`: exit codes (0 clean, 1 kesalahan, 2 bad input), the first
lines of their messages, and the JSON of `check --json`."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.cli import main
from lkjip_xl.findings import Severity
from lkjip_xl.recalc import MARK_COLORS
from tests.recalc import make_xlsm, minimal_workbook

HEAD = r"{}: (\d+) kesalahan, (\d+) peringatan, (\d+) catatan"
OVERWRITTEN = ("kesalahan  Rekap Kegiatan!G9        [rumus-tertimpa] Rumus di sel ini tertimpa nilai ketikan "
               "(12.345); nilainya tidak lagi mengikuti isian. Rumus yang seharusnya: =SUM(G11:G14)")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return minimal_workbook(tmp_path_factory.mktemp("cli"))


@pytest.fixture
def clean(built, tmp_path) -> Path:
    path = tmp_path / "laporan.xlsx"
    shutil.copyfile(built, path)
    return path


@pytest.fixture
def wrong(built, tmp_path) -> Path:
    """The program's pagu total (a formula) overwritten by a typed number: a kesalahan."""
    path = tmp_path / "salah.xlsx"
    wb = openpyxl.load_workbook(built)
    assert wb["Rekap Kegiatan"]["G9"].value == "=SUM(G11:G14)"
    wb["Rekap Kegiatan"]["G9"] = 12345
    wb.save(path)
    return path


def _head(line: str, path: Path) -> tuple[int, int, int]:
    m = re.fullmatch(HEAD.format(re.escape(str(path))), line)
    assert m, line
    return tuple(int(x) for x in m.groups())


def test_check_clean_exit_0(clean, capsys):
    assert main(["check", str(clean)]) == 0
    out = capsys.readouterr()
    errors, _, _ = _head(out.out.splitlines()[0], clean)
    assert errors == 0
    assert out.err == ""


def test_check_kesalahan_exit_1(wrong, capsys):
    assert main(["check", str(wrong)]) == 1
    lines = capsys.readouterr().out.splitlines()
    errors, warnings, notes = _head(lines[0], wrong)
    assert errors >= 1
    assert OVERWRITTEN in lines
    assert len(lines) == 1 + errors + warnings + notes
    assert all(line.startswith("kesalahan  ") for line in lines[1:1 + errors])


def test_check_json(wrong, capsys):
    assert main(["check", "--json", str(wrong)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"file", "counts", "findings"}
    assert data["file"] == str(wrong)
    assert set(data["counts"]) == {"kesalahan", "peringatan", "catatan"}
    keys = {"severity", "rule", "sheet", "cell", "message", "expected", "found"}
    assert all(set(f) == keys for f in data["findings"])
    for level, n in data["counts"].items():
        assert n == sum(1 for f in data["findings"] if f["severity"] == level)
    assert {"severity": "kesalahan", "rule": "rumus-tertimpa", "sheet": "Rekap Kegiatan", "cell": "G9",
            "expected": 81420000, "found": 12345} in [{k: f[k] for k in keys - {"message"}} for f in data["findings"]]


def test_check_json_clean(clean, capsys):
    assert main(["check", "--json", str(clean)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["kesalahan"] == 0
    assert isinstance(data["findings"], list)


def test_recalc_clean_exit_0(clean, capsys):
    assert main(["recalc", str(clean)]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert _head(lines[0], clean)[0] == 0
    assert lines[-2:] == [f"Cadangan: {clean}.bak", f"Disimpan: {clean}"]
    assert out.err == ""
    # What recalc cached gives the same findings as a fresh evaluation.
    assert main(["check", "--cached", str(clean)]) == 0
    cached = capsys.readouterr().out.splitlines()
    assert cached[0] == lines[0] and cached[1:] == lines[1:-2]


def test_recalc_kesalahan_exit_1_and_the_file_is_written(wrong, capsys):
    before = wrong.read_bytes()
    assert main(["recalc", str(wrong)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert _head(lines[0], wrong)[0] >= 1
    assert OVERWRITTEN in lines
    assert lines[-2:] == [f"Cadangan: {wrong}.bak", f"Disimpan: {wrong}"]
    assert Path(f"{wrong}.bak").read_bytes() == before
    shown = openpyxl.load_workbook(wrong, data_only=True)
    assert shown["Rekap Kegiatan"]["G9"].fill.fgColor.rgb.endswith(MARK_COLORS[Severity.ERROR])  # a kesalahan


def test_recalc_output_and_no_backup(clean, tmp_path, capsys):
    out = tmp_path / "hasil.xlsx"
    assert main(["recalc", str(clean), "-o", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"Disimpan: {out}"
    assert not any(line.startswith("Cadangan:") for line in lines)
    assert main(["recalc", "--no-backup", str(clean)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"Disimpan: {clean}"
    assert not any(line.startswith("Cadangan:") for line in lines)
    assert sorted(os.listdir(tmp_path)) == ["hasil.xlsx", "laporan.xlsx"]


@pytest.mark.parametrize("command", ["check", "recalc"])
def test_bad_input_exit_2(tmp_path, capsys, command):
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("teks")
    assert main([command, str(bad)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (f"lkjip-xl: gagal: {bad}: bukan buku kerja Excel .xlsx/.xlsm (isinya bukan paket zip seperti "
                       "buku kerja Excel; mungkin berkas teks atau CSV yang diberi nama .xlsx)\n")
    missing = tmp_path / "tidak-ada.xlsx"
    assert main([command, str(missing)]) == 2
    assert capsys.readouterr().err == f"lkjip-xl: gagal: {missing}: berkas tidak ditemukan\n"
    assert sorted(os.listdir(tmp_path)) == ["bukan.xlsx"]


def test_recalc_xlsm_to_xlsx_exit_2(clean, tmp_path, capsys):
    xlsm = make_xlsm(clean, tmp_path / "makro.xlsm")
    assert main(["recalc", str(xlsm), "-o", str(tmp_path / "hasil.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err == (f"lkjip-xl: gagal: {tmp_path / 'hasil.xlsx'}: nama berkas berakhiran .xlsx, padahal yang ditulis "
                   "adalah buku kerja Excel bermakro (dengan tombol Hitung Ulang); gunakan nama berakhiran .xlsm "
                   "(misalnya hasil.xlsm) seperti makro.xlsm: akhiran menentukan apakah Excel membuka makronya\n")
    assert sorted(os.listdir(tmp_path)) == ["laporan.xlsx", "makro.xlsm"]
