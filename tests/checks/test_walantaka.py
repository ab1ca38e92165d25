"""The freshly built Walantaka workbook, checked in full: its formulas are the layout's (no formula-level
finding), and its data-level findings are exactly the seed's own inconsistencies, listed with the
evidence for each in ``reference/walantaka_findings.json``.

To accept a changed list after checking every difference by hand:
``LKJIP_UPDATE_REFERENCE=1 python -m pytest tests/checks/test_walantaka.py`` (entries already in the
file keep their ``bukti``; new ones get ``"bukti": "TODO"``, which the test refuses).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.checks import DATA_RULES, FORMULA_RULES, check, describe

REFERENCE = Path(__file__).parent / "reference" / "walantaka_findings.json"
KEY = ("rule", "sheet", "cell", "severity")


@pytest.fixture(scope="module")
def findings(walantaka_xlsx):
    return check(walantaka_xlsx)


def _key(entry: dict) -> tuple:
    return tuple(entry[k] for k in KEY)


def test_no_formula_level_finding(findings):
    formula = [f for f in findings if f.rule in FORMULA_RULES]
    assert formula == [], describe(formula)


def test_no_reader_finding(findings):
    other = [f for f in findings if f.rule not in FORMULA_RULES + DATA_RULES]
    assert other == [], describe(other)


def test_data_level_findings_are_exactly_the_reference(findings):
    actual = [{"rule": f.rule, "sheet": f.sheet, "cell": f.cell, "severity": f.severity.value, "pesan": f.message}
              for f in findings if f.rule in DATA_RULES]
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    if os.environ.get("LKJIP_UPDATE_REFERENCE"):
        bukti = {_key(e): e.get("bukti", "TODO") for e in reference}
        updated = [{**{k: a[k] for k in KEY}, "bukti": bukti.get(_key(a), "TODO"), "pesan": a["pesan"]}
                   for a in actual]
        REFERENCE.write_text(json.dumps(updated, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        reference = updated
    want = {_key(e): e for e in reference}
    got = {_key(a): a for a in actual}
    missing = [f"- {' '.join(k)}  ({want[k]['bukti']})" for k in want if k not in got]
    extra = [f"+ {' '.join(k)}  {got[k]['pesan']}" for k in got if k not in want]
    assert not missing and not extra, (
        f"Walantaka data-level findings differ from {REFERENCE.name} "
        f"(- expected but not found, + found but not expected):\n" + "\n".join(missing + extra))
    assert len(actual) == len(got), "a finding is reported twice"
    assert all(e.get("bukti") and e["bukti"] != "TODO" for e in reference), "every reference entry needs its evidence"


def test_the_reference_names_the_seeds_known_inconsistencies():
    """The examples of docs/domain.md and the notes are in the list (a guard against an update that
    silently accepts their loss)."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    text = " ".join(e["pesan"] for e in reference)
    assert "menurut eselon (70)" in text and "jumlah pegawai 69" in text
    assert "Pengukuran Kinerja (46)" in text and "Perjanjian Kinerja (48" in text
    assert "Realisasi Rp 319.600.000 melebihi pagu 270.000.000" in text
    assert sum(e["rule"] == "realisasi-melebihi-pagu" for e in reference) == 5
