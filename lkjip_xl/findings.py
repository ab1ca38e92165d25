"""A finding: what is wrong (or worth a look) at one cell, in Bahasa Indonesia.

Checks return findings; they never raise for what staff typed. The Pemeriksaan sheet, the CLI's
table and its JSON all show the same fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, Iterable
from lkjip_xl.a1 import cell_sort_key


class Severity(str, Enum):
    ERROR = "kesalahan"  # a wrong figure or a broken formula: the report must not go out so
    WARNING = "peringatan"  # probably wrong, or missing input
    INFO = "catatan"  # worth knowing (a row added, a note of the document)

    @property
    def rank(self) -> int:
        return {"kesalahan": 0, "peringatan": 1, "catatan": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """``check`` finds them in a workbook (a sheet and a cell); ``check --printed`` in a report
    file, where the figure is named by its model path (in ``cell``, ``sheet`` empty) and ``line``
    is the file's line holding it."""

    severity: Severity
    rule: str  # the check's name, e.g. "rumus-tertimpa"
    sheet: str
    cell: str  # "P17", a range "P17:P20", or "" for a finding about a whole sheet
    message: str  # Bahasa Indonesia, for the staff
    expected: Any = None  # what the rules say (number, text or None)
    found: Any = None  # what the workbook (or the printed document) holds
    line: int | None = None  # a report file's line (check --printed)

    def sort_key(self) -> tuple:
        return (self.severity.rank, self.sheet, cell_sort_key(self.cell), self.rule)

    def as_dict(self) -> dict[str, Any]:
        """The JSON of a workbook's finding (``check``; ``check --printed`` has its own keys)."""
        d = asdict(self)
        del d["line"]
        d["severity"] = self.severity.value
        for key in ("expected", "found"):
            d[key] = plain(d[key])
        return d


def plain(value: Any) -> Any:
    """A value as JSON and a worksheet cell can hold it."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    out = {s: 0 for s in Severity}
    for f in findings:
        out[f.severity] += 1
    return out
