"""The Sukabumi 2018 example: it loads, builds into a clean workbook, and is what the import of the real
form gives (apart from the notes added by hand)."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from lkjip_xl.findings import Severity
from lkjip_xl.recalc import check_file
from lkjip_xl.renja.loader import load_renja
from lkjip_xl.renja.summary import renja_summary_data
from lkjip_xl.renja.writer import write_renja_workbook

from tests.conftest import ROOT

from .conftest import SUKABUMI

EXAMPLE = ROOT / "examples" / "sukabumi_renja_2018.yaml"


@pytest.fixture(scope="module")
def example():
    return load_renja(EXAMPLE)


def test_example_builds_and_checks(example, tmp_path):
    path = write_renja_workbook(example, tmp_path / "sukabumi_renja_2018.xlsx")
    findings = check_file(Path(path)).findings
    assert not [f for f in findings if f.severity is Severity.ERROR]
    # only the two outcome indicators without quarterly realisasi (notes 14), one finding each
    assert {f.rule for f in findings} == {"isian-kurang"} and len(findings) == 2


def test_example_figures(example):
    d = renja_summary_data(example)
    assert (d["program"], d["kegiatan"], d["indikator"]) == (2, 5, 24)
    assert Decimal(str(d["pagu"])) == Decimal("2039260000")
    assert d["realisasi_rp_triwulan"] == {"I": 486740000, "II": 486640000, "III": 485740000, "IV": 580140000}
    assert example.program[0].kegiatan[0].anggaran.pagu == Decimal("1687464000")  # 18 rows x 93.748.000


def _without_notes(report):
    report = copy.deepcopy(report)

    def clear(obj):
        if isinstance(obj, list):
            for x in obj:
                clear(x)
        elif dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                if f.name == "catatan":
                    setattr(obj, f.name, None)
                else:
                    clear(getattr(obj, f.name))

    clear(report)
    report.identitas.sumber = None
    return report


def test_example_is_the_import_of_the_real_form(example):
    if not SUKABUMI.exists():
        pytest.skip(f"{SUKABUMI} not present")
    from lkjip_xl.renja.importer import import_renja

    imported = import_renja(SUKABUMI, overrides={"opd": "Badan Perencanaan Pembangunan Daerah"}).report
    assert _without_notes(imported) == _without_notes(example)
