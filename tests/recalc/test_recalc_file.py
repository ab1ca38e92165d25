"""recalc_file: the recalculated workbook shows its numbers to any reader, its inputs never change,
a backup is kept, and a failure anywhere leaves the user's file as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.errors import LkjipError

from lkjip_xl import a1
from lkjip_xl import layout as lay
from lkjip_xl.fileutil import backup_path
from lkjip_xl.engine.base import Engine as BaseEngine
from lkjip_xl.ooxml.package import Package
from lkjip_xl.engine import EngineError
from lkjip_xl.engine.default import default_engine
from tests.oracles import expected_values, same
from lkjip_xl.findings import Severity, plain
from lkjip_xl.recalc import check_file, recalc_file
from lkjip_xl.sheet_formulas import finding_link
from lkjip_xl.writer import OutputError
from tests.recalc import (
    CT_XLSM_MAIN,
    DUMMY_VBA,
    formulas_of,
    input_cells,
    inputs_hash,
    make_xlsm,
    minimal_report,
    minimal_workbook,
    parts,
    recalculated_walantaka,
    sha,
)


def sheet_parts(z, path="workbook"):
    """Worksheet name -> part, as the package's relationships say."""
    return Package.of_zip(z, path).sheet_parts()



class Engine(BaseEngine):
    """The default engine, counting its calls; ``fail_on`` makes that call raise."""

    name = "counting"

    def __init__(self, fail_on: int | None = None) -> None:
        # The evaluation may run in a forked process: its calls are counted in a file.
        handle, name = tempfile.mkstemp(prefix="lkjip-engine-calls.")
        os.close(handle)
        self.log = Path(name)
        weakref.finalize(self, self.log.unlink, missing_ok=True)
        self.fail_on = fail_on
        self.inner = default_engine()

    @property
    def calls(self) -> list[Path]:
        return [Path(line) for line in self.log.read_text().splitlines()]

    def evaluate(self, path: Path):
        with self.log.open("a") as f:
            f.write(f"{path}\n")
        if len(self.calls) == self.fail_on:
            raise EngineError("simulated evaluation failure", path)
        return self.inner.evaluate(path)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return minimal_workbook(tmp_path_factory.mktemp("built"))


@pytest.fixture
def workbook(built, tmp_path) -> Path:
    path = tmp_path / "laporan.xlsx"
    shutil.copyfile(built, path)
    return path


def _shown(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path, data_only=True)


def _findings_table(wb: openpyxl.Workbook) -> list[list]:
    t = lay.PEMERIKSAAN_TABLE
    sheet, ref = next(iter(wb.defined_names[t.name].destinations))
    first = int("".join(ch for ch in ref.split(":")[0] if ch.isdigit()))
    ws = wb[sheet]
    rows = []
    for r in range(first, ws.max_row + 1):
        row = [ws[f"{c.letter}{r}"].value for c in t.columns[:8]]
        if any(v is not None for v in row):
            rows.append(row)
    return rows


def _summary(wb: openpyxl.Workbook) -> dict[str, object]:
    out = {}
    for f in lay.RINGKASAN_PEMERIKSAAN_FIELDS:
        sheet, ref = next(iter(wb.defined_names[f.name].destinations))
        out[f.key] = wb[sheet][ref.replace("$", "")].value
    return out


def _assert_computed_cells_show_the_rules(report, path: Path, minimum: int) -> None:
    expected = expected_values(report, openpyxl.load_workbook(path))
    assert len(expected) >= minimum
    shown = _shown(path)
    wrong = [(s, c, v, shown[s][c].value) for (s, c), v in expected.items() if not same(v, shown[s][c].value)]
    assert wrong == []


def _formula_text(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _assert_findings_shown(path: Path, result) -> None:
    shown = _shown(path)
    table = _findings_table(shown)
    expected = [[i, f.severity.value, f.sheet, f.cell, f.rule, f.message, plain(f.expected), plain(f.found)]
                for i, f in enumerate(result.findings, 1)]
    assert table == expected
    summary = _summary(shown)
    n = result.counts
    assert (summary["error"], summary["peringatan"], summary["info"]) == \
        (n[Severity.ERROR], n[Severity.WARNING], n[Severity.INFO])
    assert isinstance(summary["waktu"], str) and len(summary["waktu"]) == 16


# -- the Walantaka workbook (recalculated once for the whole run) -----------------------------------

def test_walantaka_every_computed_cell_shows_the_rules_number(walantaka, walantaka_xlsx):
    out, result = recalculated_walantaka(walantaka_xlsx)
    _assert_computed_cells_show_the_rules(walantaka, out, minimum=1300)
    _assert_findings_shown(out, result)
    assert result.written["cached_values"] > 1300
    # What the file now caches gives the same findings as the engine gave.
    cached = check_file(out, values="cached")
    assert [f.as_dict() for f in cached.findings] == [f.as_dict() for f in result.findings]


def test_walantaka_inputs_and_formulas_unchanged(walantaka_xlsx):
    out, _ = recalculated_walantaka(walantaka_xlsx)
    before, after = input_cells(walantaka_xlsx), input_cells(out)
    assert len(before) > 1000
    assert inputs_hash(after) == inputs_hash(before)
    # Every formula as it was; the only new ones are the links of the findings to their cells.
    after_formulas = formulas_of(out)
    links = {k: v for k, v in after_formulas.items() if k[0] == lay.PEMERIKSAAN}
    assert links and all(v == finding_link(a1.row_of(c)) for (_, c), v in links.items())
    assert {k: v for k, v in after_formulas.items() if k not in links} == formulas_of(walantaka_xlsx)
    assert sha(backup_path(out)) == sha(walantaka_xlsx)


# -- the small report -------------------------------------------------------------------------------

def test_values_findings_inputs_and_backup(workbook, tmp_path):
    original = workbook.read_bytes()
    before_inputs = inputs_hash(input_cells(workbook))
    before_formulas = formulas_of(workbook)
    engine = Engine()
    result = recalc_file(workbook, engine=engine)
    # One evaluation: the findings are values no formula reads, so the saved file's formulas have
    # the values computed at the start.
    assert engine.calls == [workbook]
    assert list(result.written) == ["pemeriksaan_rows", "backup", "saved", "cached_values"]
    assert result.written["saved"] == workbook
    assert result.written["backup"] == tmp_path / "laporan.xlsx.bak"
    assert (tmp_path / "laporan.xlsx.bak").read_bytes() == original
    assert sorted(os.listdir(tmp_path)) == ["laporan.xlsx", "laporan.xlsx.bak"]
    _assert_computed_cells_show_the_rules(minimal_report(tmp_path / "src"), workbook, minimum=30)
    _assert_findings_shown(workbook, result)
    assert inputs_hash(input_cells(workbook)) == before_inputs
    assert formulas_of(workbook) == before_formulas
    with zipfile.ZipFile(workbook) as z:
        assert b'fullCalcOnLoad="1"' in z.read("xl/workbook.xml")


def test_a_second_recalc_backs_up_the_first(workbook, tmp_path):
    first = recalc_file(workbook)
    after_first = workbook.read_bytes()
    second = recalc_file(workbook)
    assert (tmp_path / "laporan.xlsx.bak").read_bytes() == after_first
    assert [f.as_dict() for f in second.findings] == [f.as_dict() for f in first.findings]
    _assert_findings_shown(workbook, second)


def test_no_backup(workbook, tmp_path):
    result = recalc_file(workbook, backup=False)
    assert "backup" not in result.written
    assert sorted(os.listdir(tmp_path)) == ["laporan.xlsx"]


def test_output_elsewhere_leaves_the_source_alone(workbook, tmp_path):
    original = workbook.read_bytes()
    out_dir = tmp_path / "hasil"
    out_dir.mkdir()
    result = recalc_file(workbook, output=out_dir / "dihitung.xlsx")
    assert workbook.read_bytes() == original
    assert sorted(os.listdir(tmp_path)) == ["hasil", "laporan.xlsx"]
    assert sorted(os.listdir(out_dir)) == ["dihitung.xlsx"]  # nothing to back up there
    assert result.written["saved"] == out_dir / "dihitung.xlsx"
    _assert_findings_shown(out_dir / "dihitung.xlsx", result)


def test_permissions_of_the_workbook_kept(workbook):
    os.chmod(workbook, 0o644)
    recalc_file(workbook)
    assert os.stat(workbook).st_mode & 0o777 == 0o644


def test_output_folder_missing(workbook, tmp_path):
    with pytest.raises(OutputError, match=r".*x.xlsx tidak dapat ditulis: folder .* tidak ada"):
        recalc_file(workbook, output=tmp_path / "tidak-ada" / "x.xlsx")


# -- .xlsm --------------------------------------------------------------------------------------------

def test_xlsm_stays_xlsm_with_its_vba_project(workbook, tmp_path):
    xlsm = make_xlsm(workbook, tmp_path / "makro.xlsm")
    result = recalc_file(xlsm)
    assert result.written["saved"] == xlsm
    after = parts(xlsm)
    assert after["xl/vbaProject.bin"] == DUMMY_VBA
    assert CT_XLSM_MAIN.encode() in after["[Content_Types].xml"]
    assert b"vbaProject" in after["xl/_rels/workbook.xml.rels"]
    assert openpyxl.load_workbook(xlsm, keep_vba=True).vba_archive is not None
    _assert_findings_shown(xlsm, result)
    assert sorted(os.listdir(tmp_path)) == ["laporan.xlsx", "makro.xlsm", "makro.xlsm.bak"]


@pytest.mark.parametrize("source, output", [("makro.xlsm", "hasil.xlsx"), ("laporan.xlsx", "hasil.xlsm")])
def test_macro_kind_cannot_change(workbook, tmp_path, source, output):
    make_xlsm(workbook, tmp_path / "makro.xlsm")
    listing = sorted(os.listdir(tmp_path))
    with pytest.raises(OutputError, match=rf".*{output}: buku kerja .* harus disimpan sebagai"):
        recalc_file(tmp_path / source, output=tmp_path / output)
    assert sorted(os.listdir(tmp_path)) == listing


# -- failures -----------------------------------------------------------------------------------------

def _unchanged(path: Path, original: bytes, listing: list[str]) -> None:
    assert path.read_bytes() == original
    assert sorted(os.listdir(path.parent)) == listing


def test_failure_while_the_cached_values_are_written(workbook, monkeypatch):
    """On a thread (the way a process that already evaluated something works)."""
    from lkjip_xl.engine import run
    from lkjip_xl.ooxml import rewrite as cache

    monkeypatch.setattr(run, "native_threads_started", lambda: True)
    original, listing = workbook.read_bytes(), sorted(os.listdir(workbook.parent))
    real = cache.SheetRewriter.run
    calls = []

    def half_then_fail(self, src, dst, part, path):
        calls.append(part)
        if len(calls) == 3:
            dst.write(b"<worksheet>" * 5000)  # the temporary file is partly written
            raise OSError(28, "No space left on device")
        return real(self, src, dst, part, path)

    monkeypatch.setattr(cache.SheetRewriter, "run", half_then_fail)
    with pytest.raises(Exception, match="No space left on device"):
        recalc_file(workbook)
    assert len(calls) == 3
    _unchanged(workbook, original, listing)


_FAIL_THIRD_SHEET = """
from lkjip_xl.ooxml import rewrite as cache
_real, _calls = cache.SheetRewriter.run, []
def _half_then_fail(self, src, dst, part, path):
    _calls.append(part)
    if len(_calls) == 3:
        dst.write(b"<worksheet>" * 5000)
        raise OSError(28, "No space left on device")
    return _real(self, src, dst, part, path)
cache.SheetRewriter.run = _half_then_fail
"""


def test_failure_while_the_engines_process_writes_the_cached_values(workbook):
    """``lkjip-xl recalc`` evaluates and writes the copy in a forked process: its failure is a
    clean message, the workbook and its folder as they were."""
    from tests.recalc import run_bounded

    original, listing = workbook.read_bytes(), sorted(os.listdir(workbook.parent))
    proc = run_bounded(["recalc", str(workbook)], prelude=_FAIL_THIRD_SHEET)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert proc.stderr == f"lkjip-xl: gagal: {workbook} tidak dapat ditulis: No space left on device\n"
    _unchanged(workbook, original, listing)


def test_failure_while_an_edited_sheet_is_written(workbook, monkeypatch):
    """The findings table is written in the same pass as the cached values: a failure there
    leaves the workbook as it was and no temporary file."""
    from lkjip_xl.ooxml import rewrite

    original, listing = workbook.read_bytes(), sorted(os.listdir(workbook.parent))
    edited = []

    def fail(self, m):
        edited.append(self.sheet)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rewrite.SheetRewriter, "_token", fail)
    with pytest.raises(LkjipError, match="No space left on device"):
        recalc_file(workbook)
    assert edited and set(edited) <= {"Pemeriksaan", "Ringkasan", "Rekap Kegiatan", "Data Umum", "Identitas",
                                      "Perjanjian Kinerja", "Pengukuran Kinerja", "Anggaran"}
    _unchanged(workbook, original, listing)


def test_failure_of_the_evaluation(workbook):
    original, listing = workbook.read_bytes(), sorted(os.listdir(workbook.parent))
    with pytest.raises(EngineError):
        recalc_file(workbook, engine=Engine(fail_on=1))
    _unchanged(workbook, original, listing)


def test_failure_of_the_final_rename(workbook, monkeypatch):
    original = workbook.read_bytes()
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == workbook:
            raise OSError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match=rf"{workbook} tidak dapat ditulis: tidak ada izin menulis di sana \(Permission denied\)"):
        recalc_file(workbook)
    assert workbook.read_bytes() == original
    # The backup was taken first: complete, and equal to the untouched workbook.
    assert sorted(os.listdir(workbook.parent)) == ["laporan.xlsx", "laporan.xlsx.bak"]
    assert (workbook.parent / "laporan.xlsx.bak").read_bytes() == original


def test_failure_before_anything_is_written(tmp_path):
    missing = tmp_path / "tidak-ada.xlsx"
    from lkjip_xl.ooxml.safety import WorkbookError

    with pytest.raises(WorkbookError, match=rf"^{missing}: berkas tidak ada"):
        recalc_file(missing)
    assert os.listdir(tmp_path) == []


def test_cached_values_are_in_every_formula_cell(workbook):
    recalc_file(workbook)
    with zipfile.ZipFile(workbook) as z:
        sheets = sheet_parts(z)
        rekap = z.read(sheets["Rekap Kegiatan"]).decode()
    assert "<f>" in rekap
    import re

    cells = re.findall(r"<c [^>]*>(<f>.*?</f>)(<v>.*?</v>)?</c>", rekap)
    assert cells and all(v for _, v in cells)


def test_formula_texts_in_the_findings_stay_text(workbook):
    wb = openpyxl.load_workbook(workbook)
    assert wb["Rekap Kegiatan"]["G9"].value == "=SUM(G11:G14)"
    # A range cut short: the finding quotes both formulas, and the findings table must show them as
    # text (written as values, they would become live formulas on the Pemeriksaan sheet).
    wb["Rekap Kegiatan"]["G9"] = "=SUM(G11:G13)"
    wb.save(workbook)
    result = recalc_file(workbook)
    texts = [f for f in result.findings if _formula_text(f.found) or _formula_text(f.expected)]
    assert texts, "a finding quotes a formula"
    formulas = formulas_of(workbook)
    link = lay.PEMERIKSAAN_TABLE.letter("tautan")
    assert [k for k in formulas if k[0] == lay.PEMERIKSAAN and a1.column_of(k[1]) != link] == []
    table = _findings_table(_shown(workbook))
    assert [row[6:8] for row in table] == [[plain(f.expected), plain(f.found)] for f in result.findings]
