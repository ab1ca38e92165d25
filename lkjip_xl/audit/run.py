"""Running the audit: read (or take) the sheets, build the models, run every rule, merge runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lkjip_xl.audit.core import AuditContext, Hit, Rule, build_models, drop_explained, merge_runs
from lkjip_xl.audit.grid import build_views
from lkjip_xl.audit.source import SourceBook
from lkjip_xl.findings import Finding, counts, sort_findings
from lkjip_xl.audit.forms import recognise_sheets
from lkjip_xl.audit.rules import all_rules


@dataclass
class AuditResult:
    """What the audit found in a workbook."""

    path: Path
    findings: list[Finding]
    #: what known form each sheet was recognised as ("Formulir Evaluasi Renja Permendagri 86/2017")
    forms: dict[str, str]
    #: every sheet audited, hidden ones included, in tab order
    sheets: list[str]
    #: (sheet, finding cell) -> the cells the finding marks (a run lists each of its cells)
    cells: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    values_from: str = "cached"

    @property
    def counts(self):
        return counts(self.findings)

    @property
    def has_errors(self) -> bool:
        return any(f.severity.rank == 0 for f in self.findings)

    def recognised(self) -> str:
        """"dikenali: Formulir ..., sheet 'Sheet-1'" or "tidak ada formulir yang dikenali"."""
        if not self.forms:
            return "tidak ada formulir baku yang dikenali"
        parts = [f"{form}, sheet '{sheet}'" for sheet, form in self.forms.items()]
        return "dikenali: " + "; ".join(parts)


def audit_book(book: SourceBook, rules: Iterable[Rule] | None = None) -> AuditResult:
    views = build_views(book)
    models = build_models(book, views)
    ctx = AuditContext(book, models)
    forms = recognise_sheets(models)
    rule_list = list(rules) if rules is not None else all_rules()
    hits: list[Hit] = []
    for rule in rule_list:
        hits.extend(rule.run(ctx))
    generic = {r.name for r in rule_list if r.generic}
    hits = drop_explained(hits, generic, {r.name: r.yields_to for r in rule_list},
                          {r.name: r.leaves for r in rule_list})
    merged = merge_runs(hits, ctx)
    findings = sort_findings(f for f, _ in merged)
    cells = {(f.sheet, f.cell): cs for f, cs in merged}
    return AuditResult(book.path, findings, forms, [s.name for s in book.sheets], cells, book.values_from)
