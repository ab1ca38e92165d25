"""What the audit of an imported Renja form knows of it: the "true" value of every position it can
tell (:class:`AuditContext`), shared by the value findings (:mod:`.audit`) and the formula findings
(:mod:`.audit_formulas`), which both report into it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lkjip_xl import a1
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.renja.calc import RpFigures, compute, leaf_rp, sum_rp
from lkjip_xl.renja.form import ColumnPair
from lkjip_xl.renja.rows import FormRow

UNKNOWN = object()


def decimal_of(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return d if d.is_finite() else None


class AuditContext:
    """The imported form with the "true" value of every position it can tell."""

    def __init__(self, res) -> None:
        self.res = res
        self.cells = res.cells
        self.fm = res.form
        self.table = res.table
        self.sheet = res.cells.name
        self.figures = compute(res.report)
        self.findings: list[Finding] = []
        self.role: dict[int, tuple[ColumnPair, str]] = {}
        for p in self.fm.all_pairs():
            for part, col in (("k", p.k), ("rp", p.rp), ("pct", p.pct)):
                if col is not None:
                    self.role[col] = (p, part)
        self._rp_cache: dict[int, RpFigures | None] = {}
        self.copies = self._copies()

    def _copies(self) -> set[int]:
        """Rows of blocks that repeat an earlier sibling block: the same program listed again under
        another name (the 2025 nomenclature below the old one, as Deli Serdang's form does), with the
        sibling's Rupiah and no pagu this year. They restate figures the form already counts, so no
        total's true value includes them (a total that adds them counts that amount twice)."""
        pagu = self.fm.pairs.get(7)
        if pagu is None or pagu.rp is None:
            return set()
        rp_cols = [p.rp for p in self.fm.all_pairs() if p.rp is not None and p.number not in (13, 15)]
        out: set[int] = set()
        for fr in self.table.rows:
            if fr.kind != "unit" or not fr.children or fr.parent is None or self._number(fr.row, pagu.rp):
                continue
            own = {c: self._number(fr.row, c) for c in rp_cols}
            if not any(own.values()):
                continue
            if any(s.row < fr.row and s.children and all(v == 0 or self._number(s.row, c) == v for c, v in own.items())
                   for s in fr.parent.children):
                out.update(r.row for u in fr.subtree() for r in (u, *u.extra))
        return out

    def _number(self, row: int, col: int) -> Decimal:
        return decimal_of(self.cells.value(row, col)) or Decimal(0)

    # -- helpers ------------------------------------------------------------------------------------
    def add(self, severity: Severity, rule: str, row: int, col: int, message: str, expected: Any = None,
            found: Any = None) -> None:
        self.findings.append(Finding(severity, rule, self.sheet, a1.cell(row, col), message, expected, found))

    def ref(self, row: int, col: int) -> str:
        return a1.cell(row, col)

    def orig(self, row: int, col: int) -> Any:
        return self.cells.value(row, col)

    def scale(self, col: int) -> int:
        p, part = self.role.get(col, (None, None))
        return p.rp_scale if p is not None and part == "rp" else 1

    def rp_rows_in(self, fr: FormRow) -> list[int]:
        """Rows of a unit's subtree that carry their own Rp inputs (a restated copy's only when the
        unit is that copy or inside it)."""
        out = []
        for u in fr.subtree():
            if u.row in self.copies and fr.row not in self.copies:
                continue
            for r in [u, *u.extra]:
                if r.row in self.res.rp_rows:
                    out.append(r.row)
        return out

    def rp_figures(self, fr: FormRow | None, rows: list[int] | None = None) -> RpFigures | None:
        """The true Rp (in Rupiah) of a row: its own inputs, or the sum over its subtree's."""
        if rows is None:
            if fr is None:
                rows = sorted(r for r in self.res.rp_rows if r not in self.copies)
            elif fr.row in self.res.rp_rows and not fr.children and fr.kind == "unit" and not fr.extra:
                return leaf_rp(self.res.rp_rows[fr.row])
            else:
                rows = self.rp_rows_in(fr)
        if not rows:
            return None
        if len(rows) == 1 and fr is not None and rows[0] == fr.row:
            return leaf_rp(self.res.rp_rows[rows[0]])
        return sum_rp([leaf_rp(self.res.rp_rows[r]) for r in rows])

    def row_rp(self, row: int) -> RpFigures | None:
        """The true Rp figures shown on one row (a row with its own inputs: those alone)."""
        if row in self.res.rp_rows:
            return leaf_rp(self.res.rp_rows[row])
        return None

    @staticmethod
    def rp_value(rp: RpFigures, number: int) -> Decimal | None:
        if 8 <= number <= 11:
            return rp.triwulan[number - 8]
        return {5: rp.target_renstra, 6: rp.realisasi_renstra_lalu, 7: rp.pagu, 12: rp.realisasi,
                13: rp.serapan.nilai, 14: rp.renstra, 15: rp.serapan_renstra.nilai}.get(number)

    def k_truth(self, row: int, number: int) -> Any:
        ind = self.res.indicators.get(row)
        if ind is None or ind not in self.figures.indikator:
            return UNKNOWN
        f = self.figures.indikator[ind]
        if 8 <= number <= 11:
            return ind.quarters()[number - 8]
        return {5: ind.target_renstra, 6: ind.realisasi_renstra_lalu, 7: ind.target, 12: f.realisasi,
                13: f.capaian.nilai, 14: f.renstra, 15: f.capaian_renstra.nilai}.get(number, UNKNOWN)

    def truth(self, row: int, col: int, rp: RpFigures | None = None) -> Any:
        """The true value of (row, col) in the original's units, or UNKNOWN."""
        if col not in self.role:
            return UNKNOWN
        p, part = self.role[col]
        if part == "k":
            return self.k_truth(row, p.number)
        if part == "rp":
            rp = rp if rp is not None else self.row_rp(row)
            if rp is None:
                return UNKNOWN
            v = self.rp_value(rp, p.number)
            if v is not None and p.number not in (13, 15):
                v = v / p.rp_scale
            return v
        return UNKNOWN

    def leaf_indicator_rows(self, fr: FormRow) -> list[int]:
        out = []
        for u in fr.subtree():
            if u.is_leaf():
                out.extend(r.row for r in [u, *u.extra] if r.row in self.res.indicators)
        return out

    def is_input(self, row: int, col: int) -> bool:
        p, part = self.role.get(col, (None, None))
        return p is not None and p.number <= 11 and part in ("k", "rp")


def same(expected: Any, found: Any, percent: bool) -> bool:
    if expected is None:
        return found is None or (isinstance(found, str) and not found.strip()) or decimal_of(found) == 0
    f = decimal_of(found)
    if f is None:
        return False
    tol = Decimal("0.005") if percent else Decimal("0.0005") + abs(expected) * Decimal("1e-9")
    return abs(f - expected) <= tol
