"""The CLI on the Renja kind: build / new from a `jenis: renja` file, then recalc, check, export and
summary through the same commands (and code path) as a LKjIP workbook."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from lkjip_xl import layout as lay
from lkjip_xl.cli import main
from lkjip_xl.renja.layout import LAYOUT, SHEET
from lkjip_xl.renja.loader import load_renja

from .conftest import IN_PROGRESS, SAMPLE

L = LAYOUT


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "renja.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_build_recalc_check_export(report, tmp_path, capsys):
    out = tmp_path / "renja.xlsx"
    assert main(["build", str(report), "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Buku kerja evaluasi Renja ditulis: {out} (6 sheet, ")
    assert main(["recalc", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"{out}: 0 kesalahan, 1 peringatan, 0 catatan")
    # the findings table and the counts are written where the LKjIP workbook has them
    wb = openpyxl.load_workbook(out)
    assert wb["Pemeriksaan"]["E4"].value == "isian-kurang"
    names = {n: list(wb.defined_names[n].destinations)[0] for n in wb.defined_names}
    sheet, cell = names["PEMERIKSAAN_PERINGATAN"]
    assert wb[sheet][cell.replace("$", "")].value == 1
    # the cached values are there for any reader
    cached = openpyxl.load_workbook(out, data_only=True)[SHEET]
    assert cached["T15"].value == 52  # the first kegiatan indicator: 13 + 13 + 13 + 13
    assert main(["check", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"kesalahan": 0, "peringatan": 1, "catatan": 0}
    yaml_out = tmp_path / "kembali.yaml"
    assert main(["export", str(out), "-o", str(yaml_out)]) == 0
    assert load_renja(yaml_out) == load_renja(report)


def test_check_finds_an_overwritten_formula(report, tmp_path, capsys):
    out = tmp_path / "renja.xlsx"
    main(["build", str(report), "-o", str(out)])
    wb = openpyxl.load_workbook(out)
    wb[SHEET][f"{L.capaian.k}14"] = 100
    wb.save(out)
    capsys.readouterr()
    assert main(["check", str(out)]) == 1
    assert f"[rumus-tertimpa] Rumus di sel ini tertimpa nilai ketikan (100)" in capsys.readouterr().out


def test_new_is_a_blank_form(report, tmp_path, capsys):
    out = tmp_path / "kosong.xlsx"
    assert main(["new", str(report), "-o", str(out)]) == 0
    assert "Buku kerja Renja kosong (tanpa realisasi)" in capsys.readouterr().out
    ws = openpyxl.load_workbook(out)["Identitas"]
    assert 1 in [c.value for row in ws.iter_rows() for c in row]  # triwulan berjalan I


def test_xlsm_and_template_are_refused_with_a_reason(report, tmp_path, capsys):
    assert main(["build", str(report), "-o", str(tmp_path / "r.xlsm")]) == 2
    assert "ditulis sebagai .xlsx (tanpa makro)" in capsys.readouterr().err
    assert main(["build", str(report), "-o", str(tmp_path / "r.xlsx"), "--template", "t.xlsx"]) == 2


def test_summary_json_of_report_and_workbook(report, tmp_path, capsys):
    assert main(["summary", str(report), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["jenis"] == "renja" and data["program"] == 2 and data["kegiatan"] == 3
    assert data["sub_kegiatan"] == 2 and data["indikator"] == 7
    assert data["pagu"] == 93748000 + 2400000 + 161957500 + 69900000
    assert data["realisasi_rp_triwulan"]["IV"] == 20000000 + 500000 + 41957500 + 17000000
    assert data["predikat_k"] and data["predikat_rp"] == "Sangat Tinggi"
    out = tmp_path / "r.xlsx"
    main(["build", str(report), "-o", str(out)])
    capsys.readouterr()
    assert main(["summary", str(out), "--json"]) == 0
    from_workbook = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in from_workbook.items() if k != "file"} == {k: v for k, v in data.items() if k != "file"}
    assert main(["summary", str(report)]) == 0
    assert "Pagu Rp 328.005.500" in capsys.readouterr().out


def test_summary_json_of_a_lkjip(capsys):
    from tests.conftest import EXAMPLE

    assert main(["summary", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["jenis"] == "lkjip" and data["program"] == 10 and data["kegiatan"] == 97
    assert data["pagu"] == 18866888636 and data["predikat_k"] == "Sangat Tinggi"


def test_in_progress_recalc_has_no_flood(tmp_path, capsys):
    src = tmp_path / "tw2.yaml"
    src.write_text(IN_PROGRESS, encoding="utf-8")
    out = tmp_path / "tw2.xlsx"
    assert main(["build", str(src), "-o", str(out), "--recalc"]) == 0
    assert f"{out}: 0 kesalahan, 1 peringatan, 0 catatan" in capsys.readouterr().out


def test_bad_report_file_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.replace("tahun: 2018", "tahun: dua ribu"), encoding="utf-8")
    assert main(["build", str(bad), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "identitas.tahun: seharusnya bilangan bulat, tertulis 'dua ribu'" in capsys.readouterr().err
