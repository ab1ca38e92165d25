"""The Hitung Ulang button of xlwings Lite, run in Pyodide: the same findings and actions as CPython.

Pyodide 314.0.8 (what xlwings Lite runs) under Node, from its npm package; micropip, the
lkjip-xl wheel built from this checkout and its pure dependencies installed from local files
(``tests/lite/prepare.py`` fetches them beforehand; ``.ci/run`` runs it): any network access
fails the run. ``tests/lite/lite_runtime.py`` does what xlwings Lite does with the main.py and
requirements.txt ``lkjip-xl lite`` prints, against a fake Office.js client answering from the
Walantaka workbook with four planted faults (tests/lite/fixture.py). The same runtime runs on
CPython (``tests/lite/cpython_lite.py``, a fresh process) on the same answers.

Compared: the actions (every value written, every colour set, the alert), the reads asked of
Excel (one call for formulas and one for colours per sheet), and, with the actions applied to the
workbook, the Pemeriksaan and Ringkasan sheets and the marked cells' colours against a
recalculation of the file through the openpyxl adapter (the desktop path). A second run after the
staff fix the realisasi above pagu gives the input cell its yellow back.

Skipped where Node or the prepared folder is missing, unless ``CI=true``: then it fails.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.excel import capaian_udf, predikat_udf, serapan_udf, summary_text
from lkjip_xl.layout import REKAP_LAYOUT as L
from lkjip_xl.lite import main_py, requirements_txt
from lkjip_xl.lite_button import button_ref, restore_button_ref
from lkjip_xl.recalc import MARK_COLORS, recalculate
from tests.conftest import ROOT
from tests.excel.officejs import apply_actions, client_fixture
from tests.excel.test_xlwings_adapter import WORKDIR, _fill, evaluated, openpyxl_book
from tests.lite import prepare
from tests.lite.fixture import EXPECTED, FIXED_INPUT, fixture_of, lite_planted

IN_CI = os.environ.get("CI") == "true"
HERE = Path(__file__).parent
URL = "https://kantor.example.go.id/lkjip/"
STAMP = re.compile(r"^\d\d-\d\d-\d{4} \d\d:\d\d$")
NOW = dt.datetime(2021, 2, 22, 10, 0)
FUNCTION_CALLS = [
    {"name": "LKJIP_CAPAIAN", "args": [[[12]], [[11]]]},
    {"name": "LKJIP_CAPAIAN", "args": [[["CC"]], [["B"]]]},
    {"name": "LKJIP_PREDIKAT", "args": [[[91.67]]]},
    {"name": "LKJIP_SERAPAN", "args": [[["199.661.200"]], [[202989861]]]},
]


def _unavailable(why: str) -> None:
    if IN_CI:
        pytest.fail(f"{why} (required when CI=true: .ci/run prepares it with python -m tests.lite.prepare)",
                    pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="module")
def prepared() -> dict:
    if shutil.which("node") is None:
        _unavailable("node is not installed")
    try:
        manifest = prepare.prepare(prepare.DEFAULT_DIR)  # quick when done; rebuilds a stale wheel
    except prepare.PrepareError as exc:
        _unavailable(f"the Pyodide test could not be prepared: {exc}")
    return manifest


def _requirements(wheel: Path) -> list[str]:
    """requirements.txt as `lkjip-xl lite` prints it, the office's URL mapped to the local wheel."""
    text = requirements_txt(URL + wheel.name, wheel)
    return [line.replace(URL + wheel.name, f"emfs:/wheels/{wheel.name}")
            for line in text.splitlines() if line and not line.startswith("#")]


def _fixed_after(path: Path, actions: list[dict]) -> Path:
    """The workbook after run 1 (its actions applied), the realisasi above pagu fixed."""
    wb = openpyxl.load_workbook(path)
    apply_actions(actions, wb)
    cell, value = FIXED_INPUT
    wb[L.sheet][cell] = value
    out = WORKDIR / "walantaka_2020_lite_fixed.xlsx"
    wb.save(out)
    return out


def _foreign() -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Renja"
    wb.active["A1"] = "Program"
    wb.active["B2"] = "=1+1"
    out = WORKDIR / "foreign_for_lite.xlsx"
    wb.save(out)
    return out


def _run_cpython(job: dict, fixtures: list[dict], tmp: Path, name: str) -> dict:
    job = dict(job)
    # An editable install has no RECORD to check: on CPython main.py runs without the check
    # (tests/lite/test_lite.py tests it on an installed wheel; the Pyodide run does it for real).
    assert "\n_check_lkjip_xl()\n" in job["main_py"]
    job["main_py"] = job["main_py"].replace("\n_check_lkjip_xl()\n", "\n")
    paths = [tmp / f"{name}-{what}.json" for what in ("job", "fixtures", "out")]
    paths[0].write_text(json.dumps(job))
    paths[1].write_text(json.dumps(fixtures))
    done = subprocess.run([sys.executable, "-m", "tests.lite.cpython_lite", *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(paths[2].read_text())


def _run_pyodide(job: dict, fixtures: list[dict], tmp: Path) -> dict:
    paths = [tmp / f"pyodide-{what}.json" for what in ("job", "fixtures", "out")]
    paths[0].write_text(json.dumps(job))
    paths[1].write_text(json.dumps(fixtures))
    done = subprocess.run(["node", str(HERE / "run_lite.mjs"), str(prepare.DEFAULT_DIR), *map(str, paths)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(paths[2].read_text())
    assert "error" not in out, out["error"]
    return out


@pytest.fixture(scope="module")
def runs(prepared, tmp_path_factory) -> dict:
    """Both runtimes on the same four runs: the planted workbook (button on Petunjuk), the same
    workbook after that run with the fault fixed, the planted workbook from the Ringkasan button,
    and a workbook lkjip-xl did not write."""
    tmp = tmp_path_factory.mktemp("lite")
    wheel = prepare.DEFAULT_DIR / "wheels" / prepared["lkjip_xl"]
    planted = lite_planted()
    first = fixture_of(planted)
    job = {"main_py": main_py(wheel), "requirements": _requirements(wheel), "calls": FUNCTION_CALLS}
    before = _run_cpython({**job, "runs": ["hitung_ulang"]}, [first], tmp, "cpython-first")
    fixed = _fixed_after(planted, before["runs"][0]["actions"])
    foreign = _foreign()
    fixtures = [first, fixture_of(fixed), first, client_fixture(foreign, evaluated(foreign))]
    job["runs"] = ["hitung_ulang", "hitung_ulang", "hitung_ulang_ringkasan", "hitung_ulang"]
    return {"pyodide": _run_pyodide(job, fixtures, tmp), "cpython": _run_cpython(job, fixtures, tmp, "cpython"),
            "planted": planted, "fixed": fixed, "fixtures": fixtures}


def _masked(actions: list[dict]) -> list[dict]:
    """The actions with the recalculation's time stamp (Ringkasan, now) replaced: the two runs
    happen at different moments."""
    out = []
    for action in actions:
        values = action.get("values")
        if action["func"] == "setValues" and values and len(values) == 1 and len(values[0]) == 1 \
                and isinstance(values[0][0], str) and STAMP.match(values[0][0].lstrip("'")):
            action = {**action, "values": [["<waktu>"]]}
        out.append(action)
    return out


# -- the environment ------------------------------------------------------------------------------
def test_it_ran_in_pyodide_with_nothing_from_the_network(runs):
    out = runs["pyodide"]
    assert out["pyodide"] == prepare.PYODIDE_VERSION
    assert out["platform"] == "emscripten" and out["python"].startswith("3.14")
    assert out["refused_fetches"] == []
    assert out["xlwings"] == "0.37.8"


def test_nothing_compiled_is_installed_nor_loaded(runs):
    out = runs["pyodide"]
    names = {entry.split("==")[0] for entry in out["installed"]}
    assert names == {"defusedxml", "et_xmlfile", "lkjip-xl", "micropip", "openpyxl", "xlwings"}
    assert out["importable_compiled"] == []  # PyYAML, numpy, formulas, formualizer, ... absent
    assert out["loaded_extensions"] == []


def test_lite_sees_the_scripts_bound_to_the_sheet_buttons_and_the_functions(runs):
    for out in (runs["pyodide"], runs["cpython"]):
        scripts = {m["function_name"]: m for m in out["scripts"]}
        assert set(scripts) == {"hitung_ulang", "hitung_ulang_ringkasan", "pulihkan_rumus"}
        assert scripts["hitung_ulang"]["name"] == "Hitung Ulang"
        assert scripts["hitung_ulang"]["button"] == button_ref(lay.PETUNJUK) == "[lkjip_hitung_ulang]Petunjuk!D2"
        assert scripts["hitung_ulang_ringkasan"]["button"] == button_ref(lay.RINGKASAN)
        assert scripts["pulihkan_rumus"]["name"] == "Pulihkan Rumus"
        assert scripts["pulihkan_rumus"]["button"] == restore_button_ref() == "[lkjip_pulihkan_rumus]Petunjuk!D6"
        assert not scripts["hitung_ulang"]["lazy"]  # the values come with the book: no read per cell
        assert out["functions"] == ["LKJIP_CAPAIAN", "LKJIP_PREDIKAT", "LKJIP_SERAPAN"]


def test_the_worksheet_functions_give_the_rules_values(runs):
    expected = [[[capaian_udf(12, 11)]], [[capaian_udf("CC", "B")]], [[predikat_udf(91.67)]],
                [[serapan_udf("199.661.200", 202989861)]]]
    assert runs["pyodide"]["calls"] == expected
    assert runs["cpython"]["calls"] == expected
    assert expected[0] == [[pytest.approx(91.6666666)]] and expected[2] == [["Sangat Tinggi"]]


# -- the recalculation ----------------------------------------------------------------------------------
@pytest.mark.parametrize("run", [0, 1, 2, 3])
def test_pyodide_writes_what_cpython_writes(runs, run):
    py, cp = runs["pyodide"]["runs"][run], runs["cpython"]["runs"][run]
    assert py["script"] == cp["script"]
    assert _masked(py["actions"]) == _masked(cp["actions"])
    assert py["printed"] == cp["printed"]
    assert sorted(map(json.dumps, py["calls"])) == sorted(map(json.dumps, cp["calls"]))


def test_excel_is_read_once_per_sheet_for_formulas_and_once_for_colours(runs):
    run = runs["pyodide"]["runs"][0]
    sheets = [s["name"] for s in runs["fixtures"][0]["book"]["sheets"]]
    calls = run["calls"]
    assert all(c[0] == "getRangeData" and len(c[3]) == 1 for c in calls), calls  # no flush mid-script
    assert sorted((c[1], c[3][0]) for c in calls) == sorted((s, k) for s in sheets for k in ("formulas", "colors"))


def _table_rows(wb, name: str) -> list[list]:
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    r1, c1, _, c2 = a1.parse_range(ref.replace("$", ""))
    ws = wb[sheet]
    rows = [[ws.cell(r, c).value for c in range(c1, c2 + 1)] for r in range(r1, ws.max_row + 1)]
    while rows and all(v is None for v in rows[-1]):  # the table's prepared, empty rows
        rows.pop()
    return rows


def test_the_findings_and_marks_are_the_desktop_ones(runs):
    """Run 1's actions applied to the planted workbook = a recalculation of the file through the
    openpyxl adapter: the Pemeriksaan table (every finding, with each marked cell's own colour),
    the Ringkasan counts, the colours of the marked cells. The four planted faults are found."""
    path = runs["planted"]
    wb = openpyxl.load_workbook(path)
    other = apply_actions(runs["pyodide"]["runs"][0]["actions"], wb)
    reference = openpyxl_book(path)
    result = recalculate(reference, now=NOW)
    ours = _table_rows(wb, lay.PEMERIKSAAN_TABLE.name)
    theirs = _table_rows(reference.wb, lay.PEMERIKSAAN_TABLE.name)
    assert len(theirs) == len(result.findings) >= len(EXPECTED)
    assert ours == theirs
    found = {(row[4], row[3]) for row in ours if row[2] == L.sheet}
    assert EXPECTED <= found, EXPECTED - found
    for f in lay.RINGKASAN_PEMERIKSAAN_FIELDS:
        sheet, ref = next(iter(wb.defined_names[f.name].destinations))
        mine, want = wb[sheet][ref.replace("$", "")].value, reference.wb[sheet][ref.replace("$", "")].value
        if f.key == "waktu":
            assert STAMP.match(mine)
        else:
            assert mine == want, f.name
    marked = {(f.sheet, f.cell) for f in result.findings if f.cell and ":" not in f.cell}
    for sheet, ref in marked:
        assert _fill(wb[sheet][ref]) == _fill(reference.wb[sheet][ref]), (sheet, ref)
    assert _fill(wb[L.sheet][FIXED_INPUT[0]]) in set(MARK_COLORS.values())
    text = summary_text(result)
    assert other == [("alert", [text, "lkjip-xl", "ok", "info", ""])]
    assert runs["pyodide"]["runs"][0]["printed"] == text + "\n"


def test_the_fixed_input_gets_its_yellow_back(runs):
    cell, _ = FIXED_INPUT
    planted = openpyxl.load_workbook(runs["planted"])
    assert _fill(planted[L.sheet][cell]) == "FFF2CC"
    wb = openpyxl.load_workbook(runs["fixed"])
    assert _fill(wb[L.sheet][cell]) in set(MARK_COLORS.values())  # marked by run 1
    apply_actions(runs["pyodide"]["runs"][1]["actions"], wb)
    assert _fill(wb[L.sheet][cell]) == "FFF2CC"
    rows = _table_rows(wb, lay.PEMERIKSAAN_TABLE.name)
    assert not any(row[2] == L.sheet and row[3] == cell for row in rows)
    assert any(row[2] == L.sheet and row[3] == "P15" for row in rows)  # the others stay


def test_the_ringkasan_button_does_what_the_petunjuk_button_does(runs):
    out = runs["pyodide"]["runs"]
    assert _masked(out[2]["actions"]) == _masked(out[0]["actions"])


def test_a_workbook_lkjip_xl_did_not_write_is_audited_into_its_own_sheet(runs):
    """In Pyodide too: the audit of any workbook (its rules import nothing compiled), the sheet's
    formulas and colours read once each, the findings in a Pemeriksaan sheet added after it."""
    run = runs["pyodide"]["runs"][3]
    assert sorted(c[3] for c in run["calls"]) == [["colors"], ["formulas"]]
    assert {c[0] for c in run["calls"]} == {"getRangeData"}
    funcs = [a["func"] for a in run["actions"]]
    assert funcs[0] == "addSheet" and run["actions"][0]["args"][1] == "Pemeriksaan"
    assert set(funcs[1:-1]) <= {"setValues", "setRangeColors"} and "setValues" in funcs
    text, _, _, mode = run["actions"][-1]["args"][:4]
    assert funcs[-1] == "alert" and mode == "info"
    assert text.startswith("Buku kerja ini bukan buatan lkjip-xl: diperiksa dengan audit buku kerja apa pun.")
