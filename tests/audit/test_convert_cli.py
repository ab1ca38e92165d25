"""Legacy workbooks through LibreOffice, and ``lkjip-xl check`` on a workbook that is not ours."""

from __future__ import annotations

import json
import shutil

import pytest

from lkjip_xl.audit import ConversionError, audit_workbook
from lkjip_xl.cli import main
from tests.audit.builders import SHEET, evaluasi, write

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                                   reason="LibreOffice is not installed")


def _planted(tmp_path):
    cells, bold = evaluasi()
    cells["H5"] = "=SUM(H6:H8)"
    return write(tmp_path / "asing.xlsx", {SHEET: (cells, bold)})


@needs_soffice
def test_xls_and_ods_are_audited_through_a_conversion(tmp_path):
    from lkjip_xl.engine.libreoffice import LibreOffice

    source = _planted(tmp_path)
    with LibreOffice() as lo:  # computes the values, as Excel would have saved them
        xls = lo.convert([source], "xls", tmp_path / "xls")[0]
        ods = lo.convert([source], "ods", tmp_path / "ods")[0]
    before = xls.read_bytes()
    for path in (xls, ods):
        result = audit_workbook(path)
        assert [(f.rule, f.cell) for f in result.findings if f.rule == "rentang-kurang"] == [("rentang-kurang", "H5")]
        assert result.path == path
    assert xls.read_bytes() == before  # the original is never touched
    # a legacy workbook under an .xlsx name is recognised by its content
    renamed = tmp_path / "bukan_xlsx.xlsx"
    shutil.copyfile(xls, renamed)
    assert any(f.cell == "H5" for f in audit_workbook(renamed).findings)


def test_without_libreoffice_a_clear_message(tmp_path, monkeypatch):
    import lkjip_xl.engine.libreoffice as lo

    monkeypatch.setattr(lo, "find_soffice", lambda: None)
    path = tmp_path / "lama.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(ConversionError) as info:
        audit_workbook(path)
    message = str(info.value)
    assert message.startswith(f"{path}: berkas .xls perlu diubah ke .xlsx dengan LibreOffice, tetapi LibreOffice "
                              "tidak ditemukan.")
    assert "simpan sebagai .xlsx" in message


def test_check_a_foreign_workbook(tmp_path, capsys):
    path = _planted(tmp_path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "bukan buku kerja lkjip-xl; tidak ada formulir baku yang dikenali"
    assert out[1].startswith(f"{path}: 1 kesalahan, ")
    assert any(line.startswith("kesalahan  Evaluasi!H5") and "[rentang-kurang]" in line for line in out)


def test_check_json_of_a_foreign_workbook(tmp_path, capsys):
    path = _planted(tmp_path)
    assert main(["check", "--json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["lkjip_xl_workbook"] is False
    assert data["sheets"] == ["Evaluasi"]
    assert data["counts"]["kesalahan"] == 1
    f = [x for x in data["findings"] if x["rule"] == "rentang-kurang"][0]
    assert (f["sheet"], f["cell"], f["severity"], f["cells"]) == ("Evaluasi", "H5", "kesalahan", ["H5"])


def test_check_json_prints_json_for_a_failure_too(tmp_path, capsys):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"bukan zip")
    assert main(["check", "--json", str(path)]) == 2
    out = capsys.readouterr().out
    data = json.loads(out)
    assert set(data) == {"error"} and str(path) in data["error"]


def test_clean_foreign_workbook_exits_0(tmp_path, capsys):
    cells, bold = evaluasi()
    path = write(tmp_path / "bersih.xlsx", {SHEET: (cells, bold)})
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[2] == "Tidak ada temuan."
