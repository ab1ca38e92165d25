"""The edits a repair plans, per sheet, and the catatan that go with them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lkjip_xl import a1
from lkjip_xl.findings import Finding, Severity

#: Rules of the repair's findings (all catatan but the rows it could not complete).
ROW_REPAIRED = "baris-diperbaiki"
RANGE_REPAIRED = "rumus-diperbaiki"
FORMULA_RESTORED = "rumus-dipulihkan"
ROW_INCOMPLETE = "baris-belum-lengkap"


@dataclass
class SheetRepair:
    """What to write into one sheet.

    ``formulas``: cell -> formula text (with ``=``); ``values``: cell -> a plain value (the hidden
    Jenis and Kunci, a label; None empties the cell); ``formats``: row -> the row whose cell
    formats (number format, fill, font, borders, protection) it takes, over ``columns``."""

    columns: tuple[int, int]
    formulas: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    formats: dict[int, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.formulas or self.values or self.formats)

    def rows(self) -> set[int]:
        return ({a1.row_of(c) for c in self.formulas} | {a1.row_of(c) for c in self.values} | set(self.formats))


@dataclass
class Repair:
    """Every sheet's edits, and a finding for each repair (or each row left as it was)."""

    sheets: dict[str, SheetRepair] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def sheet(self, name: str, columns: tuple[int, int] = (1, 1)) -> SheetRepair:
        found = self.sheets.get(name)
        if found is None:
            found = self.sheets[name] = SheetRepair(columns)
        return found

    @property
    def has_edits(self) -> bool:
        return any(not s.empty for s in self.sheets.values())

    def note(self, rule: str, sheet: str, cell: str, message: str, *, severity: Severity = Severity.INFO,
             expected: Any = None, found: Any = None) -> None:
        self.findings.append(Finding(severity, rule, sheet, cell, message, expected, found))

    def merge(self, other: Repair) -> None:
        for name, edits in other.sheets.items():
            mine = self.sheet(name, edits.columns)
            mine.formulas.update(edits.formulas)
            mine.values.update(edits.values)
            mine.formats.update(edits.formats)
        self.findings.extend(other.findings)
