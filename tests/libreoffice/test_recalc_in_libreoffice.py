"""The output of `lkjip-xl recalc` opened in LibreOffice Calc (headless).

Forced to recalculate (private profile), LibreOffice must show the rules module's number in every
computed cell; left to its default (keep the cached values), it must show the same numbers, read
from the values recalc cached. A planted wrong cached value proves the comparison means something:
forced, LibreOffice corrects it; not forced, the wrong value survives. Locally these tests skip when
LibreOffice is absent; under CI (CI=true) its absence is a failure.
"""

from __future__ import annotations

import os
from decimal import Decimal

import openpyxl
import pytest

from lkjip_xl.ooxml.copy import insert_cached_values
from tests.libreoffice.office import LibreOffice, find_soffice
from tests.oracles import expected_values, same
from lkjip_xl.recalc import recalc_file
from tests.recalc import minimal_report, minimal_workbook, recalculated_walantaka

if not find_soffice():
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice is required under CI (bash .ci/install-libreoffice)", pytrace=False)
    pytest.skip("LibreOffice (soffice) not installed; bash .ci/install-libreoffice", allow_module_level=True)

WRONG = 999


@pytest.fixture(scope="module")
def books(walantaka, walantaka_xlsx, tmp_path_factory):
    """(report, recalculated workbook) of Walantaka and of the small report, and the small one with a
    planted wrong cached value: (sheet, cell, right value)."""
    tmp = tmp_path_factory.mktemp("lo-recalc")
    small = minimal_workbook(tmp / "kecil", "kecil.xlsx")
    recalc_file(small)
    report = minimal_report(tmp / "kecil-src")
    expected = expected_values(report, openpyxl.load_workbook(small))
    sheet, cell = next(k for k, v in expected.items()
                       if k[0] == "Rekap Kegiatan" and isinstance(v, Decimal) and v not in (0, WRONG))
    # The values cached by recalc, one of them replaced by a wrong number.
    formulas = openpyxl.load_workbook(small)
    shown = openpyxl.load_workbook(small, data_only=True)
    values = {(ws.title, c.coordinate): shown[ws.title][c.coordinate].value
              for ws in formulas.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert not same(expected[(sheet, cell)], WRONG)
    values[(sheet, cell)] = WRONG
    planted = tmp / "ditanam.xlsx"
    stats = insert_cached_values(small, values, output=planted)
    assert stats.missing == []
    assert openpyxl.load_workbook(planted, data_only=True)[sheet][cell].value == WRONG
    walantaka_out, _ = recalculated_walantaka(walantaka_xlsx)
    return {"walantaka": (walantaka, walantaka_out), "kecil": (report, small), "planted": (sheet, cell, planted)}


@pytest.fixture(scope="module")
def seen(books):
    """LibreOffice's values of the three workbooks, forced to recalculate and not (two soffice calls)."""
    paths = [books["walantaka"][1], books["kecil"][1], books["planted"][2]]
    out = {}
    for force in (True, False):
        with LibreOffice(force_recalc=force) as lo:
            out[force] = dict(zip(("walantaka", "kecil", "planted"), lo.recalculated_values_many(paths)))
    return out


def _wrong(report, path, values) -> list:
    expected = expected_values(report, openpyxl.load_workbook(path))
    assert len(expected) > 30
    return [(s, c, v, values.get(s, {}).get(c)) for (s, c), v in expected.items()
            if not same(v, values.get(s, {}).get(c))]


@pytest.mark.parametrize("which", ["walantaka", "kecil"])
@pytest.mark.parametrize("force", [True, False], ids=["forced", "cached"])
def test_libreoffice_shows_the_rules_numbers(books, seen, which, force):
    report, path = books[which]
    if which == "walantaka":
        assert len(expected_values(report, openpyxl.load_workbook(path))) > 1300
    assert _wrong(report, path, seen[force][which]) == []


def test_the_findings_table_reads_the_same_in_libreoffice(books, seen):
    _, path = books["walantaka"]
    shown = openpyxl.load_workbook(path, data_only=True)["Pemeriksaan"]
    ours = {c.coordinate: c.value for row in shown.iter_rows() for c in row if c.value is not None}
    for force in (True, False):
        theirs = seen[force]["walantaka"]["Pemeriksaan"]
        assert set(theirs) == set(ours)
        assert [k for k, v in ours.items() if not same(v, theirs[k])] == []


def test_a_planted_wrong_value_is_corrected_only_when_forced(books, seen):
    sheet, cell, _ = books["planted"]
    report, small = books["kecil"]
    right = expected_values(report, openpyxl.load_workbook(small))[(sheet, cell)]
    forced = seen[True]["planted"][sheet][cell]
    kept = seen[False]["planted"][sheet][cell]
    assert same(right, forced), (right, forced)
    assert kept == WRONG
    # Everything else of the planted workbook is right either way.
    rest = [w for w in _wrong(report, small, seen[False]["planted"]) if (w[0], w[1]) != (sheet, cell)]
    assert rest == []

