"""Where an office's own Renja form contradicts itself: every figure it computes, against what its
own inputs imply, reported at the original's cells.

The inputs are the leaf rows' (as :mod:`.importer` took them); the "true" figure of every computed
position follows from them through the rules (:mod:`lkjip_xl.renja.calc`): a leaf row's 12 / 13 /
14 / 15, a parent's or a heading's sums (of its own children only), a summary row's totals, means
and ratios. Each difference is a finding with both numbers (in the original's units: a form in
thousands is answered in thousands). Where the formula shows why (a SUM that leaves out rows, a row
counted twice through two totals, an AVERAGE of Rupiah, a SUM divided by an AVERAGE, a reference
into another program's block), :mod:`.audit_formulas` says so instead, and the bare difference is
not repeated.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Iterator

from lkjip_xl import a1
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.renja import audit_formulas
from lkjip_xl.renja.calc import RpFigures, compute, leaf_rp, sum_rp
from lkjip_xl.renja.checks.context import angka
from lkjip_xl.renja.form import ColumnPair
from lkjip_xl.formula_text import analyse
from lkjip_xl.renja.rows import FormRow

UNKNOWN = object()
RULE_VALUE = "nilai-berbeda"
#: rules whose finding at a cell already explains its value
EXPLAINING = {"jumlah-tidak-sesuai", "dihitung-dua-kali", "rupiah-dirata-rata", "persentase-dijumlah",
              "rasio-salah", "blok-lain", "persentase-dibagi-lagi", "satuan-tercampur", "rentang-salah",
              "galat-rumus", "rumus-tidak-sesuai-pola", "isian-disalin"}


def _dec(value: Any) -> Decimal | None:
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
        """Rows of a unit's subtree that carry their own Rp inputs."""
        out = []
        for u in fr.subtree():
            for r in [u, *u.extra]:
                if r.row in self.res.rp_rows:
                    out.append(r.row)
        return out

    def rp_figures(self, fr: FormRow | None, rows: list[int] | None = None) -> RpFigures | None:
        """The true Rp (in Rupiah) of a row: its own inputs, or the sum over its subtree's."""
        if rows is None:
            if fr is None:
                rows = sorted(self.res.rp_rows)
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
        return found is None or (isinstance(found, str) and not found.strip()) or _dec(found) == 0
    f = _dec(found)
    if f is None:
        return False
    tol = Decimal("0.005") if percent else Decimal("0.0005") + abs(expected) * Decimal("1e-9")
    return abs(f - expected) <= tol


def _positions(ctx: AuditContext) -> Iterator[tuple[int, int, Any, str]]:
    """(row, col, true value, what) of every computed position whose truth is known."""
    fm = ctx.fm
    computed = [fm.pairs[n] for n in (12, 13, 14, 15) if n in fm.pairs]
    sums = [*(fm.pairs[n] for n in (5, 6, 7) if n in fm.pairs), *fm.triwulan, *computed]
    for fr in ctx.table.rows:
        if fr.kind == "unit" and (fr.children or fr.level in ("urusan", "bidang")) or fr.kind == "total":
            rp = ctx.rp_figures(None if fr.kind == "total" else fr)
            if rp is None:
                continue
            for p in sums:
                if p.rp is not None:
                    yield fr.row, p.rp, ctx.truth(fr.row, p.rp, rp), "rinciannya"
            continue
        if fr.kind in ("unit", "indikator") and (fr.kind == "indikator" or fr.is_leaf()):
            owner = fr if fr.kind == "unit" else fr.owner
            if owner is not None and owner.is_leaf():
                for p in computed:
                    if p.k is not None:
                        yield fr.row, p.k, ctx.truth(fr.row, p.k), "isian barisnya"
            for p in computed:
                if p.rp is not None and fr.row in ctx.res.rp_rows:
                    yield fr.row, p.rp, ctx.truth(fr.row, p.rp), "isian barisnya"


def value_findings(ctx: AuditContext, explained: set[tuple[int, int]]) -> None:
    """A computed figure of the original that is not what its inputs imply."""
    differing = []
    for row, col, truth, basis in _positions(ctx):
        if truth is UNKNOWN:
            continue
        found = ctx.orig(row, col)
        if found is None or (isinstance(found, str) and (not found.strip() or found.startswith("#"))):
            continue  # an empty cell is not a figure; a formula error is reported by audit_formulas
        p, _ = ctx.role[col]
        if same(truth, found, p.number in (13, 15)):
            continue
        if (row, col) in explained:
            _with_values(ctx, row, col, truth, found)
        else:
            differing.append((row, col, truth, basis, found))
    flagged = {a1.parse_cell(f.cell) for f in ctx.findings if f.cell} | {(r, c) for r, c, *_ in differing}
    for row, col, truth, basis, found in differing:
        p, part = ctx.role[col]
        percent = p.number in (13, 15)
        formula = ctx.cells.formula(row, col)
        typed = "" if formula else " (angka diketik, bukan rumus)"
        cause = ""
        if formula:
            wrong = [r.text.replace("$", "") for r in analyse(formula).refs
                     if r.single and r.sheet is None and (r.r1, r.c1) in flagged]
            if wrong:
                cause = (f" Rumusnya {formula} sendiri sesuai; selisihnya berasal dari sel yang dirujuk "
                         f"({', '.join(dict.fromkeys(wrong))}).")
        unit = "" if percent or part != "rp" or p.rp_scale == 1 else " (ribuan Rupiah)"
        ctx.add(Severity.ERROR, RULE_VALUE, row, col,
                f"{ctx.ref(row, col)} ({ctx.fm.describe(col)}) tertulis {_show(found)}{typed}, sedangkan {basis} "
                f"memberi {_show(truth)}{unit}.{cause}", expected=truth, found=found)


def _with_values(ctx: AuditContext, row: int, col: int, truth: Any, found: Any) -> None:
    """Add the two numbers to the finding that already explains a cell's value."""
    cell = a1.cell(row, col)
    for i, f in enumerate(ctx.findings):
        if f.cell == cell and f.rule in EXPLAINING and f.expected is None:
            ctx.findings[i] = replace(f, message=f"{f.message} Tertulis {_show(found)}, seharusnya {_show(truth)}.",
                                      expected=truth, found=found if f.found is None else f.found)
            return


def _show(value: Any) -> str:
    d = _dec(value)
    if d is None:
        return "(kosong)" if value is None else repr(value)
    return angka(d)


def audit_form(res) -> list[Finding]:
    """Every contradiction of the original, at its cells."""
    ctx = AuditContext(res)
    audit_formulas.run_all(ctx)
    explained = {a1.parse_cell(f.cell) for f in ctx.findings if f.cell and f.rule in EXPLAINING}
    value_findings(ctx, explained)
    return ctx.findings


__all__ = ["AuditContext", "UNKNOWN", "audit_form", "same"]
