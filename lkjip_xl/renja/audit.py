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
from typing import Any, Iterator

from lkjip_xl import a1
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.renja import audit_formulas
from lkjip_xl.renja.audit_context import UNKNOWN, AuditContext, decimal_of, same
from lkjip_xl.display import two_places
from lkjip_xl.formula_text import analyse

RULE_VALUE = "nilai-berbeda"
#: rules whose finding at a cell already explains its value
EXPLAINING = {"jumlah-tidak-sesuai", "dihitung-dua-kali", "rupiah-dirata-rata", "persentase-dijumlah",
              "rasio-salah", "blok-lain", "persentase-dibagi-lagi", "satuan-tercampur", "rentang-salah",
              "galat-rumus", "rumus-tidak-sesuai-pola", "isian-disalin"}


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
    d = decimal_of(value)
    if d is None:
        return "(kosong)" if value is None else repr(value)
    return two_places(d)


def audit_form(res) -> list[Finding]:
    """Every contradiction of the original, at its cells."""
    ctx = AuditContext(res)
    audit_formulas.run_all(ctx)
    explained = {a1.parse_cell(f.cell) for f in ctx.findings if f.cell and f.rule in EXPLAINING}
    value_findings(ctx, explained)
    return ctx.findings


__all__ = ["AuditContext", "UNKNOWN", "audit_form", "same"]
