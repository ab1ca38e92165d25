"""lkjip_xl.lite on CPython: the reads before the recalculation, the errors, what the office pastes
(main.py's check of the installed wheel), ``lkjip-xl lite``, ``build --lite``, and the in-Excel path
importing nothing compiled. The run in Pyodide itself is tests/lite/test_pyodide.py."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl import lite
from lkjip_xl.cli import main as cli
from lkjip_xl.layout import REKAP_LAYOUT as L
from lkjip_xl.lite_button import (BUTTON_CELLS, RESTORE_CELLS, RESTORE_SHAPE_NAME, SHAPE_NAME, LiteButtonError,
                                   add_lite_buttons, button_ref, restore_button_ref)
from tests.conftest import EXAMPLE, ROOT
from tests.excel.officejs import FakeClient, as_pyodide, lite_runtime
from tests.excel.test_xlwings_adapter import WORKDIR, walantaka_clean
from tests.lite.fixture import EXPECTED, fixture_of, lite_planted

NS = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def _book(fixture):
    import xlwings as xw

    return xw.Book(json=as_pyodide(fixture["book"]))


def _recalculate(fixture, **kwargs):
    """lite.recalculate_book as xlwings Lite runs it, on CPython (tests/excel/officejs.py)."""
    client = FakeClient(fixture)
    book = _book(fixture)
    with lite_runtime(client):
        result = asyncio.run(lite.recalculate_book(book, **kwargs))
    return client, book, result


# -- reading before the recalculation ---------------------------------------------------------------
def test_formulas_and_colours_are_read_once_per_sheet(remote_engine):
    fixture = fixture_of(lite_planted())
    client = FakeClient(fixture)
    with lite_runtime(client):
        found = asyncio.run(lite.prefetch(_book(fixture)))
    names = [s["name"] for s in fixture["book"]["sheets"]]
    assert sorted((c[1][0], c[1][2][0]) for c in client.calls) == sorted(
        (n, k) for n in names for k in ("formulas", "colors"))
    assert found.calls == 2 * len(names)
    address, rows = found.formulas[L.sheet]
    assert address == "A1:V328" and len(rows) == 328
    assert rows[14][15] == 99.5  # P15: the capaian typed over its formula
    assert rows[16][15].startswith("=IF(AND(ISNUMBER(L17)")  # P17: an indicator's capaian
    assert found.fill_colors(L.sheet, ["O28", "P15", "Z999"]) == ["FFF2CC", None, None]


def test_colours_of_a_large_sheet_are_read_in_bands(remote_engine, monkeypatch):
    monkeypatch.setattr(lite, "MAX_GET_COLORS", 22 * 100)  # 100 rows of A:V a call
    fixture = fixture_of(lite_planted())
    client = FakeClient(fixture)
    with lite_runtime(client):
        found = asyncio.run(lite.prefetch(_book(fixture)))
    bands = [c[1][1] for c in client.calls if c[1][0] == L.sheet and c[1][2] == ["colors"]]
    assert bands == ["$A$1:$V$100", "$A$101:$V$200", "$A$201:$V$300", "$A$301:$V$328"]
    first_row, first_col, grid = found.fills[L.sheet]
    assert (first_row, first_col, len(grid)) == (1, 1, 328)
    assert found.fill_colors(L.sheet, ["O28"]) == ["FFF2CC"]


def test_a_sheet_read_differently_than_prefetched_is_refused():
    found = lite.Prefetched(formulas={"S": ("A1:B2", [[None, None], [None, None]])})
    with pytest.raises(lite.ExcelAccessError, match="A1:C9"):
        found.formula_rows("S", "A1:C9")
    with pytest.raises(lite.ExcelAccessError, match="warna sel sheet 'S'"):
        found.fill_colors("S", ["A1"])


# -- the button ---------------------------------------------------------------------------------------
def test_the_button_recalculates_and_alerts(remote_engine):
    client, book, result = _recalculate(fixture_of(lite_planted()))
    assert result is not None and result.has_errors
    actions = book.json()["actions"]
    alerts = [a for a in actions if a["func"] == "alert"]
    assert alerts == [actions[-1]]  # last, after the writes
    assert alerts[0]["args"][:2] == [lite.summary_text(result), "lkjip-xl"]
    assert not any(c[0] == "runActions" for c in client.calls)  # every read before any write


def test_a_failure_is_an_alert_not_a_traceback(remote_engine, monkeypatch):
    from lkjip_xl.adapters import xlwings_adapter

    monkeypatch.setattr(xlwings_adapter, "MAX_USED_CELLS", 5000)
    monkeypatch.setattr(lite, "MAX_USED_CELLS", 5000)
    _, book, result = _recalculate(fixture_of(lite_planted()))
    assert result is None
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    text, title, _, mode, _ = actions[0]["args"]
    assert text.startswith("Hitung Ulang gagal.\n\n") and "'Rekap Kegiatan'" in text and "A1:V328" in text
    assert (title, mode) == ("lkjip-xl", "critical")


def test_a_workbook_lkjip_xl_did_not_write_goes_to_the_foreign_workbook_check(remote_engine, monkeypatch):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Renja"
    path = WORKDIR / "foreign_lite.xlsx"
    wb.save(path)
    from tests.excel.officejs import client_fixture

    fixture = client_fixture(path, {})
    assert not lite.is_lkjip_workbook(_book(fixture))
    assert lite.is_lkjip_workbook(_book(fixture_of(walantaka_clean())))
    seen = []

    async def audit(book):
        seen.append(book)

    monkeypatch.setattr(lite, "check_foreign_workbook", audit)
    client, book, result = _recalculate(fixture)
    assert result is None and len(seen) == 1 and client.calls == []


def test_a_foreign_workbook_is_audited_into_a_sheet_of_its_own(remote_engine, tmp_path):
    from lkjip_xl.engine.default import default_engine
    from tests.audit.builders import SHEET, evaluasi, write
    from tests.excel.officejs import client_fixture

    cells, bold = evaluasi()
    cells["H5"] = "=SUM(H6:H8)"  # misses rows 9 and 10
    path = write(tmp_path / "kantor.xlsx", {SHEET: (cells, bold)})
    fixture = client_fixture(path, default_engine().evaluate(path))
    client, book, result = _recalculate(fixture)
    assert result is None  # no recalculation of an lkjip-xl workbook
    assert [c[1][2] for c in client.calls] == [["formulas"], ["colors"]]  # one read each, before any write
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["addSheet", "setValues", "setValues", "setRangeColors",
                                            "setRangeColors", "alert"]
    assert actions[0]["args"] == [1, "Pemeriksaan"]  # after the office's sheet; nothing of its own written
    assert all(a.get("sheet_position") in (None, 1) for a in actions)
    header = actions[1]["values"]
    assert header[0][0] == "'Pemeriksaan lkjip-xl" and header[2] == ["'No", "'Sheet", "'Sel", "'Aturan",
                                                                     "'Tingkat", "'Pesan"]
    first = actions[2]["values"][0]
    assert first[:5] == [1, f"'{SHEET}", f'=HYPERLINK("#\'{SHEET}\'!H5","H5")', "'rentang-kurang", "'kesalahan"]
    assert first[5].startswith("'Rumus SUM tidak mencakup baris 9, 10")
    text = actions[-1]["args"][0]
    assert text.endswith("lkjip-xl: 1 kesalahan, 1 peringatan, 0 catatan - lihat sheet Pemeriksaan.")


# -- what the office pastes -----------------------------------------------------------------------------
def _wheel(tmp: Path, files: dict[str, bytes]) -> Path:
    """A small wheel of a package "lkjip-xl" (the files and a RECORD with their hashes)."""
    dist = "lkjip_xl-0.1.0.dist-info"
    files = {**files, f"{dist}/METADATA": b"Metadata-Version: 2.1\nName: lkjip-xl\nVersion: 0.1.0\n"}
    lines = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.append(f"{name},sha256={digest},{len(data)}")
    lines.append(f"{dist}/RECORD,,")
    path = tmp / "lkjip_xl-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr(f"{dist}/RECORD", "\n".join(lines) + "\n")
    return path


def _check_of(main_py: str):
    """main.py's check of the installed lkjip-xl, without the import that follows it."""
    head, sep, _ = main_py.partition("\n_check_lkjip_xl()\n")
    assert sep
    namespace: dict = {}
    exec(compile(head, "<main.py>", "exec"), namespace)  # noqa: S102
    return namespace["_check_lkjip_xl"]


def test_main_py_checks_the_installed_lkjip_xl_against_the_wheel(tmp_path, monkeypatch):
    wheel = _wheel(tmp_path, {"lkjip_xl/__init__.py": b"x = 1\n", "lkjip_xl/lite.py": b"y = 2\n"})
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    monkeypatch.syspath_prepend(str(site))
    check = _check_of(lite.main_py(wheel))
    check()  # the installed files are the wheel's
    (site / "lkjip_xl" / "lite.py").write_bytes(b"y = 3\n")
    with pytest.raises(RuntimeError, match="lkjip_xl/lite.py berubah"):
        check()
    (tmp_path / "other").mkdir()
    other = _wheel(tmp_path / "other", {"lkjip_xl/__init__.py": b"x = 2\n"})
    with pytest.raises(RuntimeError, match="bukan yang disetujui kantor"):
        _check_of(lite.main_py(other))()


def test_main_py_imports_the_scripts_and_functions_lite_shows():
    text = lite.main_py(_wheel(WORKDIR, {"lkjip_xl/__init__.py": b""}))
    compile(text, "main.py", "exec")
    for name in ("hitung_ulang", "hitung_ulang_ringkasan", "pulihkan_rumus", "LKJIP_CAPAIAN", "LKJIP_PREDIKAT",
                 "LKJIP_SERAPAN"):
        assert f"    {name},\n" in text
        assert hasattr(lite, name)
    assert f'LKJIP_XL_RECORD_SHA256 = "{lite.record_sha256(_wheel(WORKDIR, {"lkjip_xl/__init__.py": b""}))}"' in text


def test_requirements_pin_xlwings_and_the_wheel(tmp_path):
    wheel = _wheel(tmp_path, {"lkjip_xl/__init__.py": b""})
    text = lite.requirements_txt("https://kantor.example.go.id/w/" + wheel.name, wheel)
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == ["xlwings==0.37.8",
                     f"https://kantor.example.go.id/w/{wheel.name}#sha256={hashlib.sha256(wheel.read_bytes()).hexdigest()}"]


# -- lkjip-xl lite ---------------------------------------------------------------------------------------
def test_cli_lite_prints_and_writes_main_py_and_requirements(tmp_path, capsys):
    wheel = _wheel(tmp_path, {"lkjip_xl/__init__.py": b""})
    out = tmp_path / "untuk-lite"
    out.mkdir()
    url = "https://kantor.example.go.id/lkjip/" + wheel.name
    assert cli(["lite", "--wheel", str(wheel), "--url", url, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert (out / "main.py").read_text() == lite.main_py(wheel)
    assert (out / "requirements.txt").read_text() == lite.requirements_txt(url, wheel)
    assert "===== main.py" in printed and "===== requirements.txt" in printed
    assert lite.main_py(wheel) in printed and lite.requirements_txt(url, wheel) in printed


@pytest.mark.parametrize("url, message", [
    ("http://kantor.example.go.id/lkjip/lkjip_xl-0.1.0-py3-none-any.whl", "seharusnya alamat https://"),
    ("https://kantor.example.go.id/lkjip/lkjip-xl.whl", "diakhiri nama berkas itu"),
])
def test_cli_lite_refuses_a_url_micropip_cannot_use(tmp_path, capsys, url, message):
    wheel = _wheel(tmp_path, {"lkjip_xl/__init__.py": b""})
    assert cli(["lite", "--wheel", str(wheel), "--url", url]) == 2
    assert message in capsys.readouterr().err


def test_cli_lite_refuses_a_missing_or_other_wheel(tmp_path, capsys):
    assert cli(["lite", "--wheel", str(tmp_path / "nope.whl"), "--url", "https://x/nope.whl"]) == 2
    assert "seharusnya berkas wheel lkjip-xl (.whl)" in capsys.readouterr().err
    other = tmp_path / "lkjip_xl-9.9.9-py3-none-any.whl"
    other.write_bytes(_wheel(tmp_path, {}).read_bytes())
    assert cli(["lite", "--wheel", str(other), "--url", f"https://x/{other.name}"]) == 2
    assert "bukan lkjip-xl 0.1.0" in capsys.readouterr().err


# -- build --lite ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lite_workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("lite") / "walantaka_lite.xlsx"
    assert cli(["build", str(EXAMPLE), "-o", str(path), "--lite"]) == 0
    return path


def _drawing_of(zf: zipfile.ZipFile, sheet: str):
    from xml.etree import ElementTree as ET

    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rid = next(s.get(f"{{{NS['r']}}}id") for s in wb.iter(f"{main}sheet") if s.get("name") == sheet)
    part = "xl/" + next(r.get("Target") for r in rels if r.get("Id") == rid).lstrip("/").removeprefix("xl/")
    folder, name = part.rsplit("/", 1)
    sheet_rels = ET.fromstring(zf.read(f"{folder}/_rels/{name}.rels"))
    drawing = next(r.get("Target") for r in sheet_rels if r.get("Type").endswith("/drawing"))
    drawing = "xl/drawings/" + drawing.rsplit("/", 1)[1]
    drawing_rels = ET.fromstring(zf.read(drawing.replace("drawings/", "drawings/_rels/") + ".rels"))
    return ET.fromstring(zf.read(drawing)), {r.get("Id"): r.get("Target") for r in drawing_rels}, zf.read(part)


@pytest.mark.parametrize("sheet", list(BUTTON_CELLS))
def test_build_lite_puts_a_button_linked_to_the_cell_lite_binds(lite_workbook, sheet):
    from lkjip_xl import a1

    with zipfile.ZipFile(lite_workbook) as zf:
        drawing, rels, sheet_xml = _drawing_of(zf, sheet)
    shapes = drawing.findall(".//xdr:sp", NS)
    # Petunjuk also has Pulihkan Rumus under Hitung Ulang (its own shape, cell and script)
    assert len(shapes) == (2 if sheet in RESTORE_CELLS else 1)
    if sheet in RESTORE_CELLS:
        pr2 = shapes[1].find("xdr:nvSpPr/xdr:cNvPr", NS)
        assert pr2.get("name") == RESTORE_SHAPE_NAME
        assert rels[pr2.find("a:hlinkClick", NS).get(f"{{{NS['r']}}}id")] == f"#{sheet}!{RESTORE_CELLS[sheet]}"
        assert restore_button_ref(sheet) == f"[{RESTORE_SHAPE_NAME}]{sheet}!{RESTORE_CELLS[sheet]}"
        assert shapes[1].find(".//a:t", NS).text == "Pulihkan Rumus"
    pr = shapes[0].find("xdr:nvSpPr/xdr:cNvPr", NS)
    assert pr.get("name") == SHAPE_NAME
    link = pr.find("a:hlinkClick", NS).get(f"{{{NS['r']}}}id")
    cell = BUTTON_CELLS[sheet]
    assert rels[link] == f"#{sheet}!{cell}"
    assert button_ref(sheet) == f"[{SHAPE_NAME}]{sheet}!{cell}"
    anchor = drawing.find("xdr:twoCellAnchor", NS) if sheet != "Ringkasan" else \
        [a for a in drawing.findall("xdr:twoCellAnchor", NS) if a.find("xdr:sp", NS) is not None][0]
    row, col = a1.parse_cell(cell)
    assert (int(anchor.find("xdr:from/xdr:col", NS).text), int(anchor.find("xdr:from/xdr:row", NS).text)) == \
        (col - 1, row - 1)
    to_col, to_row = int(anchor.find("xdr:to/xdr:col", NS).text), int(anchor.find("xdr:to/xdr:row", NS).text)
    assert to_col >= col and to_row >= row  # the cell is wholly under the button
    assert shapes[0].find(".//a:t", NS).text == "Hitung Ulang"
    ws = openpyxl.load_workbook(lite_workbook)[sheet]
    assert ws.max_column < col  # right of the sheet's content


def test_build_lite_keeps_the_ringkasan_chart_and_the_findings(lite_workbook, walantaka_xlsx):
    from lkjip_xl.recalc import check_file

    with zipfile.ZipFile(lite_workbook) as zf:
        drawing, _, _ = _drawing_of(zf, "Ringkasan")
    assert len(drawing.findall(".//{*}graphicFrame")) == 1  # the chart
    assert [f.as_dict() for f in check_file(lite_workbook).findings] == \
        [f.as_dict() for f in check_file(walantaka_xlsx).findings]


def test_recalc_keeps_the_buttons(lite_workbook, tmp_path):
    from lkjip_xl.recalc import recalc_file

    out = tmp_path / "recalculated.xlsx"
    recalc_file(lite_workbook, output=out)
    with zipfile.ZipFile(lite_workbook) as a, zipfile.ZipFile(out) as b:
        drawings = [n for n in a.namelist() if n.startswith("xl/drawings/")]
        assert len(drawings) == 4
        assert all(a.read(n) == b.read(n) for n in drawings)


def test_build_lite_and_xlsm_are_exclusive(tmp_path, capsys):
    assert cli(["build", str(EXAMPLE), "-o", str(tmp_path / "x.xlsm"), "--lite"]) == 2
    assert "--lite" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsm").exists()


def test_no_button_over_content(tmp_path):
    wb = openpyxl.load_workbook(walantaka_clean())
    wb["Petunjuk"]["E40"] = "catatan kantor"
    path = tmp_path / "with_note.xlsx"
    wb.save(path)
    with pytest.raises(LiteButtonError, match="'Petunjuk' has content up to column E"):
        add_lite_buttons(path, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


# -- nothing compiled on the in-Excel path -----------------------------------------------------------
BLOCKER = r'''
import importlib.abc, sys
BLOCKED = {"yaml", "_yaml", "numpy", "scipy", "pandas", "formulas", "formualizer", "ironcalc", "regex",
           "schedula", "cryptography", "_cffi_backend", "lxml", "xlwings.xlwingslib", "markupsafe"}

class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in BLOCKED or name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"blocked: {name}")
        return None

sys.meta_path.insert(0, Blocker())
'''

IN_EXCEL = r'''
import asyncio, json, os, sys
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
import xlwings as xw
import lkjip_xl.lite as lite
from tests.excel.officejs import FakeClient, as_pyodide, lite_runtime
fixture = json.loads(open(sys.argv[1]).read())
book = xw.Book(json=as_pyodide(fixture["book"]))
with lite_runtime(FakeClient(fixture)):
    result = asyncio.run(lite.recalculate_book(book))
extensions = sorted(n for n, m in sys.modules.items()
                    if str(getattr(m, "__file__", "") or "").endswith(".so") and "site-packages" in m.__file__)
print(json.dumps({"findings": len(result.findings), "extensions": extensions,
                  "hitung_ulang": hasattr(lite.hitung_ulang, "__xlscript__")}))
'''


def test_the_in_excel_path_imports_nothing_compiled(tmp_path):
    """With every compiled package (and what pulls one) made unimportable, lkjip_xl.lite imports
    and the button recalculates: what Pyodide has (tests/lite/test_pyodide.py shows it there)."""
    fixture = tmp_path / "fixture.json"
    fixture.write_text(json.dumps(fixture_of(lite_planted())))
    runs = {}
    for name, code in (("blocked", BLOCKER + IN_EXCEL), ("free", IN_EXCEL)):
        done = subprocess.run([sys.executable, "-c", code, str(fixture)], cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        runs[name] = json.loads(done.stdout.strip().splitlines()[-1])
    out = runs["blocked"]
    assert out == {"findings": out["findings"], "extensions": [], "hitung_ulang": True}
    # the same findings as with every package importable, the planted faults among them
    assert out["findings"] == runs["free"]["findings"] >= len(EXPECTED)


def test_new_lite_writes_a_blank_workbook_with_the_buttons(tmp_path):
    path = tmp_path / "template.xlsx"
    assert cli(["new", str(EXAMPLE), "-o", str(path), "--lite"]) == 0
    with zipfile.ZipFile(path) as zf:
        for sheet in BUTTON_CELLS:
            drawing, rels, _ = _drawing_of(zf, sheet)
            assert f"#{sheet}!{BUTTON_CELLS[sheet]}" in rels.values()


def test_cpython_installs_what_it_did_and_pyodide_only_the_pure_part():
    """pyproject.toml's environment markers: on CPython (any OS) every dependency as before; in
    Pyodide (sys_platform "emscripten") only the pure-Python ones the button needs."""
    import tomllib

    from packaging.requirements import Requirement

    from tests.lite.prepare import EMSCRIPTEN

    deps = [Requirement(d) for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]]
    everywhere = {"openpyxl<3.2,>=3.1", "formulas==1.3.4", "formualizer==0.13.0", "xlwings==0.37.8",
                  "PyYAML>=6.0", "defusedxml>=0.7"}
    for platform in ("linux", "win32", "darwin"):
        env = {"sys_platform": platform}
        assert {f"{d.name}{d.specifier}" for d in deps if d.marker is None or d.marker.evaluate(env)} == everywhere
    assert {d.name for d in deps if d.marker is None or d.marker.evaluate(EMSCRIPTEN)} == \
        {"openpyxl", "xlwings", "defusedxml"}
