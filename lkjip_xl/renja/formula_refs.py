"""What a foreign formula says, read with openpyxl's formula ``Tokenizer``: the functions it calls,
the cells it refers to, the numbers typed into it.

The Renja import reads an office's own formulas to explain where its figures go wrong (which rows a
SUM leaves out, a SUM divided by an AVERAGE, a constant typed into a formula, a reference into
another block), so it needs the references as row and column numbers, ranges expanded, including
the odd shapes real sheets hold (``T56:T64:T67``, a range chained with ``:``, reads as the box
that covers all three).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from openpyxl.formula.tokenizer import Tokenizer, TokenizerError

from lkjip_xl import a1

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@dataclass(frozen=True)
class Ref:
    """A reference: the box of cells it covers (same sheet when ``sheet`` is None)."""

    text: str
    sheet: str | None
    r1: int
    c1: int
    r2: int
    c2: int

    @property
    def single(self) -> bool:
        return self.r1 == self.r2 and self.c1 == self.c2

    def rows(self) -> range:
        return range(self.r1, self.r2 + 1)

    def covers(self, row: int, col: int) -> bool:
        return self.r1 <= row <= self.r2 and self.c1 <= col <= self.c2


@dataclass
class FormulaInfo:
    text: str
    functions: list[str] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    #: numbers next to + - * / (typed into arithmetic, not a function's argument such as a column index)
    arithmetic: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)
    #: the formula is one reference and nothing else (``=N44``, ``=+N44``)
    single_ref: bool = False
    #: the outermost function when the whole formula is one call (``SUM`` of ``=SUM(A1:A3)``)
    outer: str | None = None
    parsed: bool = True

    def aggregate(self) -> str | None:
        """``SUM`` or ``AVERAGE`` when the formula totals or averages (a call, or cells added with +)."""
        if self.outer in ("SUM", "AVERAGE", "SUMIF", "AVERAGEIF"):
            return self.outer.replace("IF", "")
        if self.refs and not self.functions and set(self.operators) <= {"+"} and len(self.refs) > 1 \
                and not self.numbers:
            return "SUM"
        return None

    def is_ratio(self) -> bool:
        """``X/Y*100`` (or ``(X/Y)*100``): a percentage of two cells."""
        return "/" in self.operators and "100" in self.numbers and len(self.refs) == 2

    def typed_numbers(self) -> list[str]:
        """Numbers typed into the arithmetic that are not the x 100 of a percentage, nor 0 or 1."""
        return [n for n in self.arithmetic if n not in ("100", "0", "1")]


def _box(text: str) -> tuple[str | None, int, int, int, int] | None:
    sheet = None
    ref = text
    if "!" in text:
        sheet, _, ref = text.rpartition("!")
        sheet = sheet.strip("'").replace("''", "'")
    parts = ref.split(":")
    cells = []
    for p in parts:
        m = _CELL.match(p.strip())
        if not m:
            return None
        cells.append((int(m.group(2)), a1.col_index(m.group(1).upper())))
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    return sheet, min(rows), min(cols), max(rows), max(cols)


@lru_cache(maxsize=20000)
def analyse(formula: str) -> FormulaInfo:
    """The parts of a formula (``=...``); an unreadable formula gives ``parsed=False``."""
    info = FormulaInfo(formula)
    try:
        items = Tokenizer(formula).items
    except (TokenizerError, Exception):  # the tokenizer raises plain exceptions on odd input
        info.parsed = False
        return info
    depth = 0
    for i, t in enumerate(items):
        if t.type == "FUNC" and t.subtype == "OPEN":
            name = t.value[:-1].upper().replace("_XLFN.", "")
            info.functions.append(name)
            if i == 0:
                info.outer = name
            depth += 1
        elif t.type == "FUNC" and t.subtype == "CLOSE":
            depth -= 1
            if depth == 0 and i != len(items) - 1:
                info.outer = None  # something follows the first call: it is not the whole formula
        elif t.type == "OPERAND" and t.subtype == "RANGE":
            box = _box(t.value)
            if box is not None:
                info.refs.append(Ref(t.value, *box))
        elif t.type == "OPERAND" and t.subtype == "NUMBER":
            info.numbers.append(t.value)
            near = [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
            if any(x.type == "OPERATOR-INFIX" and x.value in "+-*/^" for x in near):
                info.arithmetic.append(t.value)
        elif t.type.startswith("OPERATOR"):
            info.operators.append(t.value)
    meaningful = [t for t in items if not (t.type.startswith("OPERATOR-PREFIX") and t.value == "+")]
    info.single_ref = len(meaningful) == 1 and len(info.refs) == 1 and info.refs[0].single
    return info
