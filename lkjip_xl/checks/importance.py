"""Findings by importance: what staff must act on first, without the noise a workbook in progress
or a single mistake makes.

* **One mistake, one finding.** A text typed into an input cell, a formula overwritten by a number:
  every formula that depends on that cell now differs from the rules too (the indicator's capaian,
  its predikat, the kegiatan's and program's averages, the OPD's, the Ringkasan). Those cells get
  a ``nilai-berbeda`` warning that says "the formula is right, the cause is in a referred cell"
  (:mod:`lkjip_xl.checks.value_differs`); here each one is traced back through the formulas'
  references to the findings it comes from and folded into them: the root finding says how many
  computed cells it puts out, and which.
* **A workbook that was never computed.** A file written by a program (lkjip-xl itself, or
  openpyxl) stores no value for its formulas until Excel or ``recalc`` computes them. Checked with
  the stored values (``check --cached``), every formula would "differ"; instead one finding says
  that the file holds no computed values and what to do.
* **A report in progress.** Missing inputs are summarised by :mod:`lkjip_xl.checks.missing_input`
  as catatan; once the report is declared complete (``Status laporan: final`` on Identitas, or
  ``check --final``) they become peringatan.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable

from lkjip_xl import a1
from lkjip_xl.checks.base import CheckContext
from lkjip_xl.formula_text import references
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.layout import REKAP_LAYOUT
from lkjip_xl.display import format_number

#: value_differs' rule; at severity peringatan it is a follow-on ("the formula is right").
VALUE_RULE = "nilai-berbeda"
MISSING_RULE = "isian-kurang"
UNCOMPUTED_RULE = "belum-dihitung"
#: The status of Identitas that declares a report complete.
FINAL = "final"
#: How many follow-on cells a root finding names (the count says how many there are in all).
NAMED_CELLS = 6

Position = tuple[str, int, int]  # (sheet, row, column)


def is_follow_on(f: Finding) -> bool:
    return f.rule == VALUE_RULE and f.severity is Severity.WARNING


def is_final(context: CheckContext, final: bool | None) -> bool:
    """Is the report declared complete: by the caller (``--final``), else by Identitas' status?"""
    if final is not None:
        return final
    # A Renja evaluation has no status cell: its quarters say how far it is (triwulan berjalan).
    status = getattr(context.read.report.identitas, "status", None)
    return str(status or "").strip().lower() == FINAL


def arrange(findings: list[Finding], context: CheckContext, *, final: bool | None = None) -> list[Finding]:
    """The findings as staff should read them (see the module documentation); unsorted."""
    findings = _uncomputed(findings, context)
    findings = fold_follow_ons(findings, context)
    if is_final(context, final):
        findings = [dataclasses.replace(f, severity=Severity.WARNING)
                    if f.rule == MISSING_RULE and f.severity is Severity.INFO else f for f in findings]
    return findings


# -- a workbook never computed --------------------------------------------------------------------------
def _uncomputed(findings: list[Finding], context: CheckContext) -> list[Finding]:
    empty = 0
    first_sheet = None
    for (sheet, cell), expected in context.expected_values.items():
        if expected is None or expected == "" or context.formula(sheet, cell) is None:
            continue
        if context.value(sheet, cell) is not None:
            return findings  # one stored value: the file was computed (the usual case, found at once)
        empty += 1
        first_sheet = first_sheet or sheet
    if not empty:
        return findings
    kept = [f for f in findings if not (f.rule == VALUE_RULE and f.found is None)]
    message = (f"Buku kerja ini belum pernah dihitung: {format_number(empty)} sel rumus tidak menyimpan nilai "
               "(berkas ditulis oleh program, belum dibuka dan disimpan di Excel), jadi nilainya tidak dapat "
               "dibandingkan. Buka lalu simpan di Excel atau LibreOffice, jalankan lkjip-xl recalc, "
               "atau periksa tanpa --cached.")
    kept.append(Finding(Severity.WARNING, UNCOMPUTED_RULE, first_sheet or REKAP_LAYOUT.sheet, "", message))
    return kept


# -- follow-on findings ------------------------------------------------------------------------------------
class Precedents:
    """Which findings' cells a formula cell depends on, through the references of the formulas
    between them (cells of other sheets and defined names included). Each formula cell is looked
    at once; a cell that carries a finding of its own is where the tracing stops."""

    def __init__(self, context: CheckContext, roots: Iterable[Position]) -> None:
        self.context = context
        self.roots: dict[str, set[tuple[int, int]]] = {}
        for sheet, row, col in roots:
            self.roots.setdefault(sheet, set()).add((row, col))
        self.formula_cells: dict[str, set[tuple[int, int]]] = {}
        self.memo: dict[Position, frozenset[Position]] = {}

    def _formulas(self, sheet: str) -> set[tuple[int, int]]:
        found = self.formula_cells.get(sheet)
        if found is None:
            found = self.formula_cells[sheet] = {a1.parse_cell(c) for c in self.context.formulas_of(sheet)}
        return found

    def _ranges(self, sheet: str, row: int, col: int) -> Iterable[tuple[str, int, int, int, int]]:
        formula = self.context.formula(sheet, a1.cell(row, col))
        if not formula:
            return
        for ref in references(formula):
            where, bang, address = ref.rpartition("!")
            target = sheet
            if bang:
                target = where[1:-1].replace("''", "'") if where.startswith("'") else where
            try:
                r1, c1, r2, c2 = a1.parse_range(address)
            except ValueError:  # a defined name
                named = self.context.book.name_range(address)
                if named is None:
                    continue
                target, (r1, c1, r2, c2) = named
            yield target, r1, c1, r2, c2

    def of(self, cell: Position) -> frozenset[Position]:
        """The root positions ``cell`` depends on (not ``cell`` itself)."""
        done = self.memo.get(cell)
        if done is not None:
            return done
        self.memo[cell] = frozenset()  # a circular reference ends here
        out: set[Position] = set()
        for sheet, r1, c1, r2, c2 in self._ranges(*cell):
            roots = self.roots.get(sheet, ())
            for row, col in roots:
                if r1 <= row <= r2 and c1 <= col <= c2:
                    out.add((sheet, row, col))
            formulas = self._formulas(sheet)
            size = (r2 - r1 + 1) * (c2 - c1 + 1)
            if size <= len(formulas):
                inside = ((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) in formulas)
            else:
                inside = ((r, c) for r, c in formulas if r1 <= r <= r2 and c1 <= c <= c2)
            for row, col in inside:
                if (row, col) not in roots:
                    out |= self.of((sheet, row, col))
        result = self.memo[cell] = frozenset(out)
        return result


def _position(f: Finding) -> Position | None:
    if not f.cell or ":" in f.cell:
        return None
    try:
        row, col = a1.parse_cell(f.cell)
    except ValueError:
        return None
    return f.sheet, row, col


def fold_follow_ons(findings: list[Finding], context: CheckContext) -> list[Finding]:
    """Each follow-on ``nilai-berbeda`` folded into the findings it comes from (see the module
    documentation); a follow-on whose cause is not found stays as it is."""
    follow = [f for f in findings if is_follow_on(f)]
    if not follow:
        return findings
    roots: dict[Position, Finding] = {}  # per cell, the finding that tells its effects: the first shown
    for f in findings:
        pos = _position(f)
        if pos is not None and not is_follow_on(f) and (pos not in roots or f.sort_key() < roots[pos].sort_key()):
            roots[pos] = f
    if not roots:
        return findings
    precedents = Precedents(context, roots)
    caused: dict[Position, list[Finding]] = {}
    folded: set[int] = set()
    for f in follow:
        pos = _position(f)
        if pos is None:
            continue
        found = precedents.of(pos)
        if not found:
            continue
        folded.add(id(f))
        for root in found:
            caused.setdefault(root, []).append(f)
    out = []
    for f in findings:
        if id(f) in folded:
            continue
        pos = _position(f)
        effects = caused.get(pos) if pos is not None and roots.get(pos) is f else None
        out.append(dataclasses.replace(f, message=f.message + _effects(f.sheet, effects)) if effects else f)
    return out


def _effects(sheet: str, effects: list[Finding]) -> str:
    cells = sorted({(e.sheet, e.cell) for e in effects}, key=lambda sc: (sc[0] != sheet, sc[0], a1.cell_sort_key(sc[1])))
    named = [c if s == sheet else f"{s}!{c}" for s, c in cells[:NAMED_CELLS]]
    more = len(cells) - len(named)
    listed = ", ".join(named) + (f" dan {format_number(more)} lainnya" if more > 0 else "")
    return (f" Akibatnya {format_number(len(cells))} sel rumus lain ikut berbeda dari perhitungan ulang "
            f"(rumusnya benar): {listed}.")


__all__ = ["arrange", "fold_follow_ons", "is_final", "is_follow_on", "Precedents"]
