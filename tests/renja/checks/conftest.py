"""Plant a fault in a Renja workbook and check it through the same path as `lkjip-xl check`."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from lkjip_xl.recalc import check_file
from lkjip_xl.renja.layout import SHEET
from lkjip_xl.renja.loader import loads_renja
from lkjip_xl.renja.plan import plan_rows
from lkjip_xl.renja.writer import write_renja_workbook

from ..conftest import SAMPLE


@pytest.fixture
def planted(tmp_path):
    """``planted(edit, text=SAMPLE)``: build the report, let ``edit(ws, rows)`` change the sheet
    (openpyxl), save, and return the findings of checking it."""

    def run(edit: Callable | None = None, text: str = SAMPLE):
        report = loads_renja(text, name="planted.yaml")
        path = write_renja_workbook(report, tmp_path / "planted.xlsx")
        if edit is not None:
            wb = openpyxl.load_workbook(path)
            edit(wb[SHEET], plan_rows(report))
            wb.save(path)
        return check_file(Path(path)).findings

    return run


def at(findings, rule: str) -> dict[str, str]:
    """cell -> message of the findings of one rule."""
    return {f.cell: f.message for f in findings if f.rule == rule}


def row_of(rows, text: str) -> int:
    for r in rows:
        obj = r.indikator or r.sub or r.kegiatan or r.program
        if obj is not None and text in (getattr(obj, "uraian", None), getattr(obj, "nama", None)):
            if r.indikator is None or r.indikator.uraian == text:
                return r.row
    raise KeyError(text)
