"""The checks: one small module per rule, each saying when it applies and what it finds.

``run_checks(context)`` runs them all. A check never raises for what staff typed; it returns
findings (see :mod:`lkjip_xl.findings`).
"""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.checks.base import Check, CheckContext, build_context, collector_paused
from lkjip_xl.checks.importance import arrange
from lkjip_xl.findings import Finding, sort_findings


def all_checks() -> list[Check]:
    from lkjip_xl.checks import (
        aggregate_range,
        excel_errors,
        formula_differs,
        formula_overwritten,
        missing_input,
        percent_summed,
        realisasi_above_pagu,
        structure_drift,
        tables_disagree,
        totals,
        value_differs,
    )

    return [
        # formula level: the workbook's formulas against the layout's
        formula_overwritten.CHECK,
        formula_differs.CHECK,
        aggregate_range.CHECK,
        value_differs.CHECK,
        percent_summed.CHECK,
        excel_errors.CHECK,
        # data level: what the staff typed
        realisasi_above_pagu.CHECK,
        missing_input.CHECK,
        tables_disagree.CHECK,
        totals.CHECK,
        structure_drift.CHECK,
    ]


def run_checks(context: CheckContext, checks: Iterable[Check] | None = None, *,
               final: bool | None = None) -> list[Finding]:
    """Every check's findings, arranged by importance (:mod:`lkjip_xl.checks.importance`: follow-on
    findings folded into their cause; missing inputs catatan unless the report is ``final``,
    which None takes from the workbook's Status laporan) and sorted."""
    with collector_paused():  # see there: the checks of a big report make many objects too
        findings: list[Finding] = list(context.read.findings)
        for check in checks if checks is not None else all_checks():
            if check.applies(context):
                findings.extend(check.run(context))
        return sort_findings(arrange(_dedupe(findings), context, final=final))


#: The general "value differs from the rules" rule; a more specific finding at its cell replaces it.
GENERAL_VALUE_RULE = "nilai-berbeda"
#: Rules that say what is wrong with a cell's *value* (which total, which percentages): they make
#: a nilai-berbeda at the same cell redundant. "rumus-tertimpa" is not one of them: a typed value
#: may be right or wrong, and the staff need to know which.
VALUE_EXPLAINING_RULES = frozenset({"jumlah-tidak-sesuai", "persentase-dijumlah", "tabel-tidak-sesuai",
                                    "rentang-salah", "rumus-berbeda", "galat-rumus"})


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop exact repeats, and a ``nilai-berbeda`` finding at a cell where another check reports
    something at least as severe (it says which total or formula and why: the general finding
    would only repeat it less precisely)."""
    seen = set()
    out = []
    for f in findings:
        key = (f.rule, f.sheet, f.cell, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    specific: dict[tuple[str, str], int] = {}
    for f in out:
        if f.rule in VALUE_EXPLAINING_RULES and f.cell:
            where = (f.sheet, f.cell)
            specific[where] = min(specific.get(where, 99), f.severity.rank)
    return [f for f in out
            if not (f.rule == GENERAL_VALUE_RULE and specific.get((f.sheet, f.cell), 99) <= f.severity.rank)]


__all__ = ["Check", "CheckContext", "all_checks", "build_context", "run_checks"]
