"""Reading formula texts: the one place that tokenizes a formula, for the checks, the audit and
the Renja import.

* comparing formulas: :func:`normalise`, :func:`references`, :func:`functions`, :func:`numbers`
  (the checks, the repair);
* what a foreign formula says: :func:`analyse` (its functions, the boxes of cells it refers to,
  the numbers typed into its arithmetic; the Renja import and its audit);
* :func:`raw_tokens`: the tokens themselves, for the audit's tree of a formula
  (:mod:`lkjip_xl.audit.formula`, which builds its relative shapes and trees on them).

Formulas are read with openpyxl's tokenizer, which is pure Python: the checks run wherever the
workbook is, including inside Excel through xlwings Lite (Pyodide), where a parser built on
numpy and scipy cannot be installed. :func:`formula_references` and :func:`formula_functions`
give what the ``formulas`` package's parser gave for every formula lkjip-xl writes and for every
formula of the Walantaka workbooks (``tests/checks/test_formula_text.py`` compares the two). On
rarer spellings they read what Excel means where that parser did not:

* ``Sheet1!A1:Sheet1!B2`` gives ``Sheet1!A1`` and ``Sheet1!B2`` (it dropped the first sheet);
* a sheet-scoped name ``Sheet1!nama`` keeps its sheet (it gave ``nama``);
* an external reference keeps its book index in the quoted sheet, ``'[1]Sheet 1'!A1``, however
  it was quoted;
* ``R1C1``-looking names are names, and white space at the end of a formula is allowed.

A spill reference (``A1#``, Excel 365's dynamic arrays) cannot be read by the tokenizer: such a
formula has no references here (the old parser gave ``A1#``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from openpyxl.formula.tokenizer import Token, Tokenizer

from lkjip_xl import a1
from lkjip_xl.errors import LkjipError

__all__ = [
    "FormulaInfo",
    "FormulaRef",
    "FormulaTextError",
    "Token",
    "analyse",
    "cells_of",
    "formula_functions",
    "formula_references",
    "functions",
    "normalise",
    "numbers",
    "raw_tokens",
    "references",
]

_STRING = re.compile(r'"(?:[^"]|"")*"')
_NUMBER = re.compile(r"(?<![A-Za-z_$\d.])(\d+(?:\.\d+)?)(?![\d.]*[A-Za-z_(:!])")
#: The prefixes Excel writes before functions newer than Excel 2007 (``_xlfn.IFS``).
_FUNCTION_PREFIXES = ("_XLFN._XLWS.", "_XLFN.", "_XLWS.")
#: A sheet name that needs no quotes in a reference: a word not starting with a digit, that does
#: not look like a cell address (``A1``, ``R1C1``) or a boolean.
_PLAIN_SHEET = re.compile(r"^[^\W\d]\w*$")
_LOOKS_LIKE_CELL = re.compile(r"^(?:[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|TRUE|FALSE)$", re.IGNORECASE)
_CELL = re.compile(r"^[A-Za-z]{1,3}\d+$")
_COLUMN = re.compile(r"^[A-Za-z]{1,3}$")
_ROW = re.compile(r"^\d+$")
_OPERATORS = (Token.OP_PRE, Token.OP_IN)


class FormulaTextError(LkjipError):
    """A formula text that cannot be read (unbalanced brackets, an operator without operand, ...)."""


def normalise(formula: str) -> str:
    """Same formula, same text: no ``$``, no spaces outside strings, upper case outside strings."""
    parts = []
    last = 0
    for m in _STRING.finditer(formula):
        parts.append(formula[last:m.start()].replace("$", "").replace(" ", "").upper())
        parts.append(m.group(0))
        last = m.end()
    parts.append(formula[last:].replace("$", "").replace(" ", "").upper())
    return "".join(parts)


def numbers(formula: str) -> list[str]:
    """Numeric constants typed into a formula (outside strings and references)."""
    text = _STRING.sub('""', formula)
    text = re.sub(r"'[^']*'!", "", text)
    return [m.group(1) for m in _NUMBER.finditer(text)]


def references(formula: str) -> list[str]:
    """:func:`formula_references`, or no reference for a text that cannot be read."""
    try:
        return formula_references(formula)
    except FormulaTextError:
        return []


def functions(formula: str) -> list[str]:
    """:func:`formula_functions`, or no function for a text that cannot be read."""
    try:
        return formula_functions(formula)
    except FormulaTextError:
        return []


def cells_of(ref: str) -> set[tuple[int, int]]:
    """Every (row, col) a same-sheet reference covers; empty for names and other sheets."""
    if "!" in ref:
        return set()
    try:
        r1, c1, r2, c2 = a1.parse_range(ref)
    except ValueError:
        return set()
    return {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}


# -- reading a formula -------------------------------------------------------------------------------
def formula_references(formula: str) -> list[str]:
    """The cells, ranges and defined names ``formula`` refers to, in reading order.

    Normalised so that two spellings of the same reference compare equal: no ``$``, cell
    addresses in upper case, the sheet (if any) as written, quoted only where Excel needs quotes
    (``'Rekap Kegiatan'!A1:B3``, ``Data!C5``); defined names as written (``Tahun``). A reference
    used twice appears twice. The range operator joins two cells, two columns or two rows
    (``A1:A3:B5`` is ``A1:A3`` and ``B5``; ``C6:C6`` is ``C6``). Raises :class:`FormulaTextError` if the text cannot be
    read, or uses a structured (table) reference.

    >>> formula_references("=AVERAGE($P$7:P20)")
    ['P7:P20']
    """
    refs: list[str] = []
    for token in _tokens(formula):
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            refs.extend(_operand_references(token.value, formula))
        elif token.type == Token.FUNC and token.subtype == Token.OPEN:
            prefix, _ = _split_function(token.value)
            if prefix:
                refs.extend(_operand_references(prefix, formula))
    return refs


def formula_functions(formula: str) -> list[str]:
    """The functions ``formula`` calls, upper case, in reading order (a repeated call repeats).

    The ``_xlfn.`` prefix Excel stores before newer functions is dropped (``_xlfn.IFS`` -> ``IFS``).
    Raises :class:`FormulaTextError` if the text cannot be read.

    >>> formula_functions('=IF(AND(ISNUMBER(F5),ISNUMBER(H5)),IF(F5>0,H5/F5*100,""),"")')
    ['IF', 'AND', 'ISNUMBER', 'ISNUMBER', 'IF']
    """
    names: list[str] = []
    for token in _tokens(formula):
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            _, name = _split_function(token.value)
            name = name.upper()
            for prefix in _FUNCTION_PREFIXES:
                if name.startswith(prefix):
                    name = name[len(prefix):]
                    break
            names.append(name)
    return names


def raw_tokens(formula: str) -> list[Token]:
    """Every token of ``formula`` (with or without the leading ``=``), white space included (an
    intersection is a space between two references). Raises :class:`FormulaTextError` when the
    tokenizer cannot read the text."""
    text = formula if formula.startswith("=") else "=" + formula
    try:
        return Tokenizer(text).items
    except Exception as exc:  # noqa: BLE001 - TokenizerError, or IndexError on a stray ")"
        raise FormulaTextError(f"cannot read formula {formula!r} ({exc})") from exc


def _tokens(formula: str) -> list[Token]:
    """The tokens of ``formula`` (with or without the leading ``=``), white space left out.

    The tokenizer reads any text; what Excel would refuse to enter is refused here: unbalanced
    brackets, an operator with nothing on one side, an empty formula.
    """
    text = formula.strip()
    if not text.startswith("="):
        text = "=" + text
    try:
        items = Tokenizer(text).items
    except Exception as exc:  # noqa: BLE001 - TokenizerError, or IndexError on a stray ")"
        raise FormulaTextError(f"cannot read formula {formula!r} ({exc})") from exc
    tokens = [t for t in items if t.type != Token.WSPACE]
    if not tokens:
        raise FormulaTextError(f"cannot read formula {formula!r}: it is empty")
    depth = 0
    previous: Token | None = None
    for token in tokens:
        opens = token.subtype == Token.OPEN
        closes = token.subtype == Token.CLOSE
        if opens:
            depth += 1
        elif closes:
            depth -= 1
            if depth < 0:
                break
        if token.type == Token.OP_IN and (previous is None or previous.type in _OPERATORS
                                          or previous.subtype == Token.OPEN or previous.type == Token.SEP):
            raise FormulaTextError(f"cannot read formula {formula!r}: {token.value!r} has nothing before it")
        if (closes or token.type == Token.SEP) and previous is not None and previous.type in _OPERATORS:
            raise FormulaTextError(f"cannot read formula {formula!r}: {previous.value!r} has nothing after it")
        if token.subtype == Token.RANGE and "[" in token.value:
            _refuse_table(token.value, formula)
        previous = token
    if depth != 0:
        raise FormulaTextError(f"cannot read formula {formula!r}: unbalanced brackets")
    if previous is not None and previous.type in _OPERATORS:
        raise FormulaTextError(f"cannot read formula {formula!r}: {previous.value!r} has nothing after it")
    return tokens


def _refuse_table(value: str, formula: str) -> None:
    """A table reference (``Tabel1[Kolom]``) is not read: its cells are not in the text. A book
    index before a sheet (``[1]Sheet1!A1``) is no table reference."""
    if "[" in value.rsplit("!", 1)[-1]:
        raise FormulaTextError(f"cannot read formula {formula!r}: {value!r} is a table reference")


def _split_function(value: str) -> tuple[str, str]:
    """A function token (``SUM(``, ``A1:INDEX(``) -> (the reference before a range operator, the name)."""
    head = value[:-1]  # without "("
    cut = _last_colon_outside_quotes(head)
    if cut < 0:
        return "", head
    return head[:cut], head[cut + 1:]


def _last_colon_outside_quotes(text: str) -> int:
    quoted = False
    found = -1
    for i, ch in enumerate(text):
        if ch == "'":
            quoted = not quoted
        elif ch == ":" and not quoted:
            found = i
    return found


def _segments(value: str) -> list[tuple[str | None, str]]:
    """``'Rekap Kegiatan'!$A$1:B3`` -> [("Rekap Kegiatan", "$A$1"), (None, "B3")]: the parts of an
    operand between range operators, each with the sheet written before it (None: none)."""
    out: list[tuple[str | None, str]] = []
    i, n = 0, len(value)
    while i <= n:
        sheet: str | None = None
        if value.startswith("'", i):
            j, name = i + 1, []
            while j < n:
                if value[j] == "'":
                    if value.startswith("'", j + 1):
                        name.append("'")
                        j += 2
                        continue
                    break
                name.append(value[j])
                j += 1
            if not value.startswith("!", j + 1):
                raise ValueError(f"a quoted name without a reference after it in {value!r}")
            sheet = "".join(name)
            i = j + 2
        end = value.find(":", i)
        end = n if end < 0 else end
        part = value[i:end]
        if sheet is None and "!" in part:
            sheet, part = part.split("!", 1)
        out.append((sheet, part))
        i = end + 1
    return out


def _kind(ref: str) -> str:
    if _CELL.match(ref):
        return "cell"
    if _COLUMN.match(ref):
        return "column"
    if _ROW.match(ref):
        return "row"
    return "name"


def _sheet_prefix(sheet: str) -> str:
    """``Data`` -> ``Data``; ``Rekap Kegiatan`` -> ``'Rekap Kegiatan'`` (quotes only if needed)."""
    if _PLAIN_SHEET.match(sheet) and not _LOOKS_LIKE_CELL.match(sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _operand_references(value: str, formula: str) -> list[str]:
    """The references of one operand (``$A$1:B3``, ``Data!C5``, ``A1:A3:B5``, ``Tahun``)."""
    value = value.lstrip("@")  # implicit intersection: the same reference
    if value == ":":  # the range operator written between spaces ("A1 : B3"): two operands
        return []
    try:
        segments = _segments(value)
    except ValueError as exc:
        raise FormulaTextError(f"cannot read formula {formula!r}: {exc}") from exc
    refs: list[str] = []
    i = 0
    while i < len(segments):
        sheet, part = segments[i]
        part = part.replace("$", "")
        kind = _kind(part)
        if kind != "name":
            part = part.upper()
        if i + 1 < len(segments) and kind != "name":
            next_sheet, next_part = segments[i + 1]
            next_part = next_part.replace("$", "")
            if next_sheet is None and _kind(next_part) == kind:
                next_part = next_part.upper()
                if next_part != part or kind != "cell":  # A1:A1 is the cell A1
                    part = f"{part}:{next_part}"
                i += 1
        i += 1
        if part.upper() == "#REF!" or not part:
            continue
        refs.append(part if sheet is None else f"{_sheet_prefix(sheet)}!{part}")
    return refs


# -- what a foreign formula says ---------------------------------------------------------------------
_BOX_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@dataclass(frozen=True)
class FormulaRef:
    """A reference as the box of cells it covers (same sheet when ``sheet`` is None); a chained
    range (``T56:T64:T67``) is the box that covers all its parts."""

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
    """The parts of a formula that explain where a figure goes wrong (which rows a SUM leaves out,
    a SUM divided by an AVERAGE, a constant typed into a formula, a reference into another block)."""

    text: str
    functions: list[str] = field(default_factory=list)
    refs: list[FormulaRef] = field(default_factory=list)
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
    cells = []
    for p in ref.split(":"):
        m = _BOX_CELL.match(p.strip())
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
        items = raw_tokens(formula)
    except FormulaTextError:
        info.parsed = False
        return info
    depth = 0
    for i, t in enumerate(items):
        if t.type == Token.FUNC and t.subtype == Token.OPEN:
            name = t.value[:-1].upper().replace("_XLFN.", "")
            info.functions.append(name)
            if i == 0:
                info.outer = name
            depth += 1
        elif t.type == Token.FUNC and t.subtype == Token.CLOSE:
            depth -= 1
            if depth == 0 and i != len(items) - 1:
                info.outer = None  # something follows the first call: it is not the whole formula
        elif t.type == Token.OPERAND and t.subtype == Token.RANGE:
            box = _box(t.value)
            if box is not None:
                info.refs.append(FormulaRef(t.value, *box))
        elif t.type == Token.OPERAND and t.subtype == Token.NUMBER:
            info.numbers.append(t.value)
            near = [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
            if any(x.type == Token.OP_IN and x.value in "+-*/^" for x in near):
                info.arithmetic.append(t.value)
        elif t.type.startswith("OPERATOR"):
            info.operators.append(t.value)
    meaningful = [t for t in items if not (t.type == Token.OP_PRE and t.value == "+")]
    info.single_ref = len(meaningful) == 1 and len(info.refs) == 1 and info.refs[0].single
    return info
