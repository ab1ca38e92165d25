"""Whether a table can need a repair at all: one quick pass over its raw cells.

Reading a table into the model and working out every formula it should hold costs as much as a
check; most recalculations find nothing to repair. A repair needs a row that staff added (content
without Jenis), copied (a Kunci seen before) or typed into an empty example row (no Kunci), a
program without its summary rows, or a formula that lost a row (``#REF!``): when none of these
is there, the table is left alone without being read.
"""

from __future__ import annotations

from dataclasses import dataclass

from lkjip_xl import a1
from lkjip_xl.adapters.base import SheetData


@dataclass(frozen=True)
class TableColumns:
    first: str  # first and last column of a row
    last: str
    jenis: str
    kunci: str
    typed: tuple[str, ...]  # where a unit's kode or an indicator's text is typed
    keyed: frozenset[str]  # the kinds that carry their own Kunci (units, indicators)
    program: str  # the program kind, and its summary kinds (one row each per program)
    summaries: tuple[str, ...]


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def untouched(sheet: SheetData, first: int, last: int, cols: TableColumns) -> bool:
    """No row of the table can need a repair (see the module)."""
    c1, c2 = a1.col_index(cols.first), a1.col_index(cols.last)
    jenis_col, kunci_col = a1.col_index(cols.jenis), a1.col_index(cols.kunci)
    typed = [a1.col_index(c) for c in cols.typed]
    seen: set[tuple[str, str]] = set()
    programs = 0
    summaries = {k: 0 for k in cols.summaries}
    value_at = sheet.value_at
    for n in range(first, last + 1):
        jenis = value_at(n, jenis_col)
        if _empty(jenis):
            if any(not _empty(value_at(n, c)) for c in range(c1, c2 + 1)):
                return False  # a row added
            continue
        jenis = str(jenis).strip()
        if jenis in cols.keyed:
            kunci = value_at(n, kunci_col)
            if _empty(kunci):
                if any(not _empty(value_at(n, c)) for c in typed):
                    return False  # an example row filled in
            elif (jenis, str(kunci).strip()) in seen:
                return False  # a row copied
            else:
                seen.add((jenis, str(kunci).strip()))
        if jenis == cols.program:
            programs += 1
        elif jenis in summaries:
            summaries[jenis] += 1
        i = n - sheet.first_row
        formulas = sheet.formulas[i] if 0 <= i < len(sheet.formulas) else ()
        if any(f is not None and "#REF!" in f for f in formulas):
            return False  # a row deleted under a reference
    return all(count == programs for count in summaries.values())
