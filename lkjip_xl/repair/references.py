"""Whether a formula differs from the expected one only in the rows its references cover.

When staff insert a row at the edge of a block, Excel moves the references around it but does not
let a range grow to take the new row in; when they delete the only row a reference pointed to, the
reference becomes ``#REF!``. Such a formula is the expected formula with other rows: correcting
it is a repair of what the row change did. A formula that differs otherwise (another function, a
typed constant, another column) is what staff wrote, and stays for the checks to report.

Formulas are read with openpyxl's tokenizer (pure Python: this runs in xlwings Lite too).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.formula.tokenizer import Token, Tokenizer

from lkjip_xl import a1


@dataclass(frozen=True)
class Area:
    """A reference as rows and columns (its sheet as written, ``None`` for the formula's own)."""

    sheet: str | None
    r1: int
    c1: int
    r2: int
    c2: int

    def rows(self) -> set[int]:
        return set(range(self.r1, self.r2 + 1))


def has_ref_error(formula: str | None) -> bool:
    """A reference lost with a deleted row (``#REF!``)."""
    return bool(formula) and "#REF!" in formula.upper()


def area(text: str) -> Area | None:
    """``'Rekap Kegiatan'!$A$13`` -> Area("Rekap Kegiatan", 13, 1, 13, 1); None for what is not a
    reference to cells (a name, a whole column)."""
    sheet = None
    if "!" in text:
        sheet, text = text.rsplit("!", 1)
        if sheet.startswith("'") and sheet.endswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
    try:
        r1, c1, r2, c2 = a1.parse_range(text.replace("$", ""))
    except ValueError:
        return None
    return Area(sheet, r1, c1, r2, c2)


def _tokens(formula: str) -> list[Token] | None:
    try:
        return [t for t in Tokenizer(formula).items if t.type != Token.WSPACE]
    except Exception:  # noqa: BLE001 - the tokenizer raises plain errors for text it cannot read
        return None


def reference_changes(expected: str, actual: str) -> list[tuple[Area, Area]] | None:
    """The (expected, actual) references that differ, when that is all that differs (same tokens
    otherwise, same sheet and columns of each reference); None when anything else differs."""
    te, ta = _tokens(expected), _tokens(actual)
    if te is None or ta is None or len(te) != len(ta):
        return None
    out: list[tuple[Area, Area]] = []
    for e, a in zip(te, ta):
        if e.type != a.type or e.subtype != a.subtype:
            return None
        if e.type == Token.OPERAND and e.subtype == Token.RANGE:
            if e.value.replace("$", "").upper() == a.value.replace("$", "").upper():
                continue
            ae, aa = area(e.value), area(a.value)
            if ae is None or aa is None or (ae.sheet or "").lower() != (aa.sheet or "").lower() \
                    or (ae.c1, ae.c2) != (aa.c1, aa.c2):
                return None
            out.append((ae, aa))
        elif e.subtype == Token.TEXT:
            if e.value != a.value:
                return None
        elif e.value.upper() != a.value.upper():
            return None
    return out


def moved_rows(expected: str, actual: str) -> set[int] | None:
    """The rows one formula covers and the other does not (the expected formula's references
    against the actual's), or None when they differ otherwise. An empty set: the same formula."""
    changes = reference_changes(expected, actual)
    if changes is None:
        return None
    out: set[int] = set()
    for e, a in changes:
        out |= e.rows() ^ a.rows()
    return out
