"""The checks: one small module per rule, each saying when it applies and what it finds.

``run_checks(context)`` runs them all. A check never raises for what staff typed; it returns
findings (see :mod:`lkjip_xl.findings`).
"""

from __future__ import annotations

from typing import Iterable

from lkjip_xl.checks.base import Check, CheckContext, build_context
from lkjip_xl.findings import Finding, sort_findings


def all_checks() -> list[Check]:
    from lkjip_xl.checks import (
        formula_overwritten,
        formula_differs,
        value_differs,
        aggregate_range,
        percent_summed,
        excel_errors,
    )

    checks: list[Check] = [
        formula_overwritten.CHECK,
        formula_differs.CHECK,
        aggregate_range.CHECK,
        value_differs.CHECK,
        percent_summed.CHECK,
        excel_errors.CHECK,
    ]
    try:  # data-level checks live in their own modules too
        from lkjip_xl.checks import data_checks

        checks += data_checks.CHECKS
    except ImportError:  # pragma: no cover - during development only
        pass
    return checks


def run_checks(context: CheckContext, checks: Iterable[Check] | None = None) -> list[Finding]:
    findings: list[Finding] = list(context.read.findings)
    for check in checks if checks is not None else all_checks():
        if check.applies(context):
            findings.extend(check.run(context))
    return sort_findings(_dedupe(findings))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.rule, f.sheet, f.cell, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


__all__ = ["Check", "CheckContext", "all_checks", "build_context", "run_checks"]
