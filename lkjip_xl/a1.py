"""A1 references <-> (row, column): the one place that parses and builds cell addresses."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_COL = re.compile(r"^\$?([A-Za-z]{1,3})$")
MAX_ROW = 1_048_576
MAX_COL = 16_384


def col_index(letters: str) -> int:
    """``"A"`` -> 1, ``"AA"`` -> 27."""
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"not a column: {letters!r}")
        n = n * 26 + ord(ch) - 64
    if not 1 <= n <= MAX_COL:
        raise ValueError(f"column out of range: {letters!r}")
    return n


def col_letter(index: int) -> str:
    if not 1 <= index <= MAX_COL:
        raise ValueError(f"column out of range: {index}")
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


#: Column letters already met in a plain address ("P17"), by their index: most addresses take
#: the fast path of :func:`parse_cell` (a split at the digits and one dict look-up), no regex.
_PLAIN_COLUMNS: dict[str, int] = {}
_DIGITS = "0123456789"


@lru_cache(maxsize=65536)
def parse_cell(ref: str) -> tuple[int, int]:
    """``"P17"`` or ``"$P$17"`` -> (17, 16)."""
    return parse_cell_uncached(ref)


def parse_cell_uncached(ref: str) -> tuple[int, int]:
    """:func:`parse_cell` without its cache, for callers that keep their own (one per address)."""
    letters = ref.rstrip(_DIGITS)
    col = _PLAIN_COLUMNS.get(letters)
    if col is not None and len(letters) < len(ref):
        row = int(ref[len(letters):])
        if 1 <= row <= MAX_ROW:
            return row, col
    return _parse_cell(ref)


def _parse_cell(ref: str) -> tuple[int, int]:
    """The general case (``$``, spaces, a column not met yet), and every error message."""
    m = _CELL.match(ref.strip())
    if not m:
        raise ValueError(f"not a cell address: {ref!r}")
    row = int(m.group(2))
    if not 1 <= row <= MAX_ROW:
        raise ValueError(f"row out of range: {ref!r}")
    col = col_index(m.group(1))
    if ref == m.group(1) + m.group(2):
        _PLAIN_COLUMNS[m.group(1)] = col
    return row, col


def cell(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """``"A8:V328"`` -> (first row, first col, last row, last col); a single cell is a 1x1 range."""
    first, _, last = ref.replace("$", "").partition(":")
    r1, c1 = parse_cell(first)
    r2, c2 = parse_cell(last) if last else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def range_ref(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    a, b = cell(first_row, first_col), cell(last_row, last_col)
    return a if a == b else f"{a}:{b}"


def row_of(ref: str) -> int:
    return parse_cell(ref)[0]


def column_of(ref: str) -> str:
    return col_letter(parse_cell(ref)[1])


def cell_sort_key(ref: str) -> tuple[int, int]:
    """Order cells by row then column; anything unparsable sorts first."""
    try:
        first = ref.split(":")[0]
        return parse_cell(first)
    except ValueError:
        return (0, 0)


def runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive numbers among ``numbers``, in order: the rows or
    columns that one range covers, so that one range (or one call into Excel) serves a run."""
    out: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def column_ranges(col: str, rows: Iterable[int]) -> list[str]:
    """The cells of column ``col`` at ``rows`` as ranges (``["F12:F40", "F45"]``): a big report has
    hundreds of thousands of input cells, and one range per cell makes a file slow to open and save."""
    return [f"{col}{a}" if a == b else f"{col}{a}:{col}{b}" for a, b in runs(rows)]


#: A range of one sheet as a defined name refers to it: ``'Rekap Kegiatan'!$A$12:$V$320``,
#: ``Data!$C$5``; other areas may follow after a comma.
_SHEET_RANGE = re.compile(r"(?:'((?:[^']|'')+)'|([A-Za-z_][\w.]*))!(\$?[A-Za-z]{1,3}\$?[0-9]{1,7}"
                          r"(?::\$?[A-Za-z]{1,3}\$?[0-9]{1,7})?)(?:,|$)")


def sheet_range(refers_to: str) -> tuple[str, str] | None:
    """``"='Rekap Kegiatan'!$A$8:$V$328"`` -> ("Rekap Kegiatan", "A8:V328"); of several areas the
    first; None for what is not a range of one sheet (a constant, a formula, ``#REF!``)."""
    m = _SHEET_RANGE.match(refers_to.strip().removeprefix("="))
    if m is None:
        return None
    sheet = m.group(1).replace("''", "'") if m.group(1) else m.group(2)
    return sheet, m.group(3).replace("$", "")

