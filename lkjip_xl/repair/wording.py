"""How the repair's catatan say things (Bahasa Indonesia)."""

from __future__ import annotations

from typing import Any, Iterable

from lkjip_xl import a1
from lkjip_xl.display import show
from lkjip_xl.findings import Finding, Severity
from lkjip_xl.repair.edits import FORMULA_RESTORED


def joined(items: Iterable[str]) -> str:
    """``a``, ``a dan b``, ``a, b dan c``."""
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


def row_list(rows: Iterable[int]) -> str:
    return joined(str(r) for r in sorted(set(rows)))


#: The order in which a catatan names what was written.
ORDER = ("realisasi", "jumlah", "capaian", "rata-rata", "realisasi Renstra", "capaian Renstra", "predikat")


def columns_text(cells: Iterable[str], names: dict[str, str]) -> str:
    """What the formulas written are, by their columns' names (``capaian dan predikat``)."""
    found = {names.get(a1.column_of(c), "hitungan") for c in cells}
    return joined(sorted(found, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER)))


def cell_restored(sheet: str, cell: str, formula: str, typed: Any) -> Finding:
    """A formula restored over what was typed (the typed value kept in the finding)."""
    if typed is None or (isinstance(typed, str) and not typed.strip()):
        message = f"Rumus di sel {cell} yang terhapus dipulihkan (rumusnya di kolom Seharusnya)."
    else:
        message = (f"Rumus di sel {cell} dipulihkan: nilai ketikan {show(typed)} (kolom Tertulis) diganti rumusnya "
                   "(kolom Seharusnya).")
    return Finding(Severity.INFO, FORMULA_RESTORED, sheet, cell, message, expected=formula, found=typed)
