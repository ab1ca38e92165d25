"""How findings and counts read on the terminal and in JSON: the CLI's presentation, in Bahasa
Indonesia, with every number through :func:`lkjip_xl.parsing.format_number`."""

from __future__ import annotations

from typing import Any, Iterable

from lkjip_xl.findings import Finding, Severity, counts
from lkjip_xl.display import format_number


def count_text(findings: Iterable[Finding]) -> str:
    """``9 kesalahan, 1.209 peringatan, 0 catatan``."""
    n = counts(findings)
    return (f"{format_number(n[Severity.ERROR])} kesalahan, {format_number(n[Severity.WARNING])} peringatan, "
            f"{format_number(n[Severity.INFO])} catatan")


def finding_lines(findings: Iterable[Finding]) -> list[str]:
    """One line per finding: severity, where, rule, message."""
    lines = []
    for f in findings:
        where = f"{f.sheet}!{f.cell}" if f.cell else f.sheet
        lines.append(f"{f.severity.value:<10} {where:<24} [{f.rule}] {f.message}")
    return lines


def findings_text(findings: list[Finding], source: str, *, shown: list[Finding] | None = None) -> str:
    """The head line with the counts of all ``findings`` and a line for each of ``shown`` (all of
    them by default; ``--hanya-kesalahan`` shows the errors only and says how many it left out)."""
    shown = findings if shown is None else shown
    lines = [f"{source}: {count_text(findings)}"]
    if not findings:
        lines.append("Tidak ada temuan.")
    lines += finding_lines(shown)
    hidden = len(findings) - len(shown)
    if hidden:
        lines.append(f"({format_number(hidden)} peringatan dan catatan tidak ditampilkan: --hanya-kesalahan)")
    return "\n".join(lines)


def findings_json(findings: list[Finding], source: str, *, shown: list[Finding] | None = None,
                  **extra: Any) -> dict[str, Any]:
    """The JSON of a check: the file, the counts of all findings, the findings shown."""
    shown = findings if shown is None else shown
    data: dict[str, Any] = {"file": source, "counts": {s.value: n for s, n in counts(findings).items()}}
    data.update(extra)
    data["findings"] = [f.as_dict() for f in shown]
    return data


def errors_only(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]
