"""The "as printed" workbook: the seed's printed figures typed over the formulas, then recalculated.

``examples/walantaka_2020_as_printed.xlsx`` is committed; a test regenerates it and compares cell
values. The findings of recalculating it are a committed reference
(tests/reference/walantaka_as_printed_findings.json). Regenerate both on purpose with
``LKJIP_UPDATE_REFERENCE=1 pytest tests/test_as_printed.py`` and review the diff.

The formulas engine evaluates the whole workbook once for this module (about 9 s).
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl import layout as lay
from lkjip_xl.as_printed import build_as_printed, write_as_printed
from lkjip_xl.checks.value_differs import same
from tests.oracles import expected_values
from lkjip_xl.export import read_workbook
from lkjip_xl.findings import Severity
from lkjip_xl.printed import check_printed
from lkjip_xl.recalc import check_file
from tests.conftest import ROOT

COMMITTED = ROOT / "examples" / "walantaka_2020_as_printed.xlsx"
REFERENCE = Path(__file__).parent / "reference" / "walantaka_as_printed_findings.json"
UPDATE = bool(os.environ.get("LKJIP_UPDATE_REFERENCE"))


def compare_with_reference(actual: list, reference: Path) -> None:
    """Agate style: equal to the committed reference, or fail with a unified diff of the two."""
    text = json.dumps(actual, ensure_ascii=False, indent=1) + "\n"
    if UPDATE:
        reference.write_text(text, encoding="utf-8")
    expected = reference.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            fromfile=f"{reference.name} (committed)", tofile="now", n=2))
        pytest.fail(f"differs from {reference}; if the change is intended, rerun with "
                    f"LKJIP_UPDATE_REFERENCE=1 and review:\n{diff}")


@pytest.fixture(scope="module")
def as_printed(walantaka, tmp_path_factory):
    """(path, typed cells, findings): written once, evaluated once with the formulas engine."""
    path = tmp_path_factory.mktemp("as_printed") / "walantaka_2020_as_printed.xlsx"
    typed = write_as_printed(walantaka, path)
    if UPDATE:
        shutil.copyfile(path, COMMITTED)
    return path, typed, check_file(path).findings


@pytest.fixture(scope="module")
def expected(walantaka):
    wb, _ = build_as_printed(walantaka)
    return expected_values(walantaka, wb)


def _cells(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}


def test_the_committed_workbook_is_what_the_code_writes(as_printed):
    path, _, _ = as_printed
    now, committed = _cells(path), _cells(COMMITTED)
    differ = sorted(k for k in now.keys() | committed.keys() if now.get(k) != committed.get(k))
    assert not differ, (f"{COMMITTED.name} is out of date ({len(differ)} cells differ, first: "
                        f"{[(k, committed.get(k), now.get(k)) for k in differ[:5]]}); regenerate it with "
                        "LKJIP_UPDATE_REFERENCE=1 or `python -m lkjip_xl.as_printed examples/walantaka_2020.yaml "
                        "examples/walantaka_2020_as_printed.xlsx`")
    assert openpyxl.load_workbook(path).sheetnames == openpyxl.load_workbook(COMMITTED).sheetnames


def test_what_is_typed(as_printed, walantaka):
    """608 formula cells get the printed figure: 582 on Rekap Kegiatan, 18 on Pengukuran Kinerja (3
    capaian, 15 formula results), 4 on Data Umum (RT/RW and the three SDM totals), 4 on Anggaran."""
    _, typed, _ = as_printed
    assert len(typed) == 608
    assert Counter(t.sheet for t in typed) == {lay.REKAP: 582, lay.PENGUKURAN: 18, lay.DATA_UMUM: 4,
                                               lay.ANGGARAN: 4}
    assert len({(t.sheet, t.cell) for t in typed}) == 608
    by_path = {t.path: t for t in typed}
    t = by_path["rekap.kelompok[0].program[0].printed.laporan.capaian_rp"]
    assert (t.value, t.printed, t.formula.startswith("=IF(")) == (97.89, Decimal("97.89"), True)
    assert by_path["rekap.printed.jumlah.dasar.rp"].value == 847
    assert by_path["keuangan.printed.saldo_persen"].value == 3.7
    # text printed where a number belongs is not typed; nor are figures whose cell is an input
    assert not any(p.endswith(".realisasi") for p in by_path)


def test_inputs_are_the_normal_workbooks(as_printed, walantaka_xlsx):
    path, _, _ = as_printed
    assert read_workbook(path).input_cells == read_workbook(walantaka_xlsx).input_cells


def test_findings_are_the_reference(as_printed):
    """Recalculating it gives 661 findings (with the checks of lkjip_xl.checks as they are now):

    - 608 ``rumus-tertimpa`` (error), one at every typed cell; its ``expected`` is the value the inputs
      give and its ``found`` the typed figure. Of the 198 typed cells whose figure differs from the
      inputs' value, those that are only the right value rounded for display (98 for 98,16) have no
      other finding; the others say what is wrong:
    - 31 ``nilai-berbeda`` (error) at typed cells whose figure is wrong, not just rounded (80 for 80/80,
      100 for 0/0, truncations such as 91,6 for 91,67, the 5001.01 and group/OPD figures);
    - 3 ``persentase-dijumlah`` (error): 377, 469 and 847 (= 377 + 469), the 2019 capaian Rp of the two
      JUMLAH rows and of the OPD total;
    - 3 ``jumlah-tidak-sesuai``: program 5001.01's 2020 pagu and realisasi Rp are not the sum of its
      kegiatan (2 errors, kegiatan 01.002's amounts are not in the Rekap); the Rekap's 2020 pagu is
      not BL (1 warning, Anggaran);
    - 5 ``tabel-tidak-sesuai`` (4 errors, 1 warning): the eselon rows add up to 70 for 69 staff (the
      typed total is 69), IKU-3 target 46 vs 48, the 5001.02 / 5001.03 realisasi vs their formulas,
      IKU-4 not measured;
    - 5 ``realisasi-melebihi-pagu`` (error): the 2019 kegiatan of notes 22;
    - 6 ``isian-kurang``: target 0 in 2019 and in 2020 (2 warnings, each a summary of its cells);
      missing denominators, empty realisasi and targets (4 catatan: the report is not final);
    - no ``nilai-berbeda`` warning: the 48 formulas left in place whose value follows a typed cell
      (28 on Rekap Kegiatan: kegiatan and program capaian K; 20 on Ringkasan) are folded into the
      findings of the typed cells they follow, which name them.
    """
    _, _, findings = as_printed
    compare_with_reference([f.as_dict() for f in findings], REFERENCE)
    kinds = Counter((f.rule, f.severity.value) for f in findings)
    assert kinds == {("rumus-tertimpa", "kesalahan"): 608, ("persentase-dijumlah", "kesalahan"): 3,
                     ("nilai-berbeda", "kesalahan"): 31,
                     ("jumlah-tidak-sesuai", "kesalahan"): 2, ("jumlah-tidak-sesuai", "peringatan"): 1,
                     ("tabel-tidak-sesuai", "kesalahan"): 4, ("tabel-tidak-sesuai", "peringatan"): 1,
                     ("realisasi-melebihi-pagu", "kesalahan"): 5, ("isian-kurang", "peringatan"): 2,
                     ("isian-kurang", "catatan"): 4}
    warned = Counter(f.sheet for f in findings if f.rule == "nilai-berbeda" and f.severity is Severity.WARNING)
    assert warned == {}
    folded = [f for f in findings if "ikut berbeda dari perhitungan ulang" in f.message]
    assert any(f.sheet == lay.REKAP for f in folded) and any("Ringkasan!" in f.message for f in folded)


def test_a_rumus_tertimpa_finding_at_every_typed_cell(as_printed):
    _, typed, findings = as_printed
    overwritten = {(f.sheet, f.cell): f for f in findings if f.rule == "rumus-tertimpa"}
    assert set(overwritten) == {(t.sheet, t.cell) for t in typed}
    for t in typed:
        assert overwritten[(t.sheet, t.cell)].found == t.value


#: Rules that say a computed cell shows the wrong value (the general one and the specific ones).
VALUE_RULES = {"nilai-berbeda", "persentase-dijumlah", "jumlah-tidak-sesuai", "tabel-tidak-sesuai"}


def test_a_value_finding_exactly_where_the_printed_figure_differs(as_printed, expected):
    """At each typed cell whose figure is not what the inputs give, a finding says so: a value rule
    (nilai-berbeda, persentase-dijumlah, the totals check...) or the rumus-tertimpa finding whose
    expected value differs from the typed one. Where the figure is right, only rumus-tertimpa."""
    _, typed, findings = as_printed
    at: dict[tuple[str, str], list] = {}
    for f in findings:
        at.setdefault((f.sheet, f.cell), []).append(f)
    differ = {(t.sheet, t.cell) for t in typed if not same(expected.get((t.sheet, t.cell)), t.value)}
    assert len(differ) == 198
    for t in typed:
        here = at[(t.sheet, t.cell)]
        says_wrong = [f for f in here if f.severity is Severity.ERROR and
                      (f.rule in VALUE_RULES or (f.rule == "rumus-tertimpa" and not same(f.expected, f.found)))]
        assert bool(says_wrong) == ((t.sheet, t.cell) in differ), (t, here)
        if (t.sheet, t.cell) not in differ:
            assert not [f for f in here if f.rule in VALUE_RULES], (t, here)
    summed = {(t.sheet, t.cell) for t in typed
              if t.path in ("rekap.kelompok[0].printed.jumlah.dasar.rp", "rekap.kelompok[1].printed.jumlah.dasar.rp",
                            "rekap.printed.jumlah.dasar.rp")}
    assert {k for k, fs in at.items() if any(f.rule == "persentase-dijumlah" for f in fs)} == summed


def test_every_printed_error_of_the_report_shows_in_the_workbook(as_printed, walantaka):
    """What ``check --printed`` says of the report file, the recalculation says of the typed workbook."""
    _, typed, findings = as_printed
    cell_of = {t.path: (t.sheet, t.cell) for t in typed}
    flagged = {(f.sheet, f.cell) for f in findings if f.severity is Severity.ERROR and
               (f.rule in VALUE_RULES or (f.rule == "rumus-tertimpa" and not same(f.expected, f.found)))}
    printed_errors = [f for f in check_printed(walantaka) if f.severity is Severity.ERROR]
    in_workbook = [f for f in printed_errors if f.cell in cell_of]  # cell: the figure's model path
    # every one of them was typed into a formula cell, and the recalculation flags that cell
    assert len(in_workbook) == len(printed_errors) == 26
    assert all(cell_of[f.cell] in flagged for f in in_workbook)
