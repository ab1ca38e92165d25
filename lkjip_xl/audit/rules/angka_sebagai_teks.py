"""Numbers stored as text (``'1.051.756.000'``, ``'12'``) and dashes typed as text in a column of
numbers: SUM and AVERAGE skip them without a word (Excel: "number stored as text")."""

from __future__ import annotations

import re
from typing import Iterable

from lkjip_xl.audit.core import AuditContext, Hit, Rule
from lkjip_xl.audit.grid import is_number
from lkjip_xl.audit.layout import KODE, NUMBER, UNIT
from lkjip_xl.audit.text import cell, col
from lkjip_xl.errors import NumberFormatError
from lkjip_xl.findings import Severity
from lkjip_xl.parsing import parse_number

NAME = "angka-sebagai-teks"
#: what an export writes for "no value" (a grade like "CC" or a heading is not one)
_NULLS = {"none", "null", "nan", "n/a", "na", "#n/a", "nil", "nihil", "kosong", "tidak ada", "undefined", "?"}
_DOTTED = re.compile(r"^\d+(?:\.\d+)+$")
_DASHES = {"-", "--", "–", "—", "- ", "-/-"}


def _numeric_columns(sm, data: list[int]) -> set[int]:
    """Columns of numbers: mostly numbers (or formulas) in the data rows; and a column of dashes
    only, when a column under the same parent title holds numbers (the 2015 column of a
    "Realisasi" group nobody filled yet)."""
    view, lay = sm.view, sm.layout
    numeric: set[int] = set()
    dashes: set[int] = set()
    for c in range(1, view.n_cols + 1):
        if lay.kinds.get(c) in (KODE, UNIT, NUMBER):
            continue
        numbers = texts = dash = 0
        for r in data:
            v = view.value(r, c)
            if is_number(v) or view.is_formula(r, c):
                numbers += 1
            elif isinstance(v, str) and v.strip():
                if v.strip() in _DASHES:
                    dash += 1
                else:
                    texts += 1
        if numbers >= 3 and numbers >= 2 * texts:
            numeric.add(c)
        elif numbers == 0 and texts == 0 and dash >= 3:
            dashes.add(c)
    parent = {c: lay.title(c).rsplit(" / ", 1)[0] for c in numeric | dashes if " / " in lay.title(c)}
    for c in dashes:
        if c in parent and any(parent.get(n) == parent[c] for n in numeric):
            numeric.add(c)
    return numeric


def run(ctx: AuditContext) -> Iterable[Hit]:
    for sm in ctx.sheets:
        view, lay = sm.view, sm.layout
        data = [r for r, ri in sm.rows.info.items() if not ri.empty]
        if not data:
            continue
        numeric = _numeric_columns(sm, data)
        for c in sorted(numeric):
            for r in data:
                v = view.value(r, c)
                if not isinstance(v, str) or view.is_formula(r, c) or not v.strip():
                    continue
                t = v.strip()
                if t in _DASHES:
                    yield Hit(NAME, Severity.INFO, sm.name, r, c,
                              f"Tanda '-' diketik sebagai teks di kolom angka {col(c)}: dijumlah dan dirata-rata "
                              "sebagai sel kosong, dan tidak jelas apakah berarti 0 atau tidak ada data.",
                              f"{cell(r, c)} = '{t}'; isi 0 bila nilainya nol, atau kosongkan bila tidak ada data.",
                              group=("dash", c), loose=True)
                    continue
                try:
                    number = parse_number(t)
                except NumberFormatError:
                    if t.lower() in _NULLS:
                        yield Hit(NAME, Severity.WARNING, sm.name, r, c,
                                  f"Teks di kolom angka {col(c)}: dilewati oleh SUM dan AVERAGE tanpa pemberitahuan.",
                                  f"{cell(r, c)} = '{t}'; isi dengan angka, atau kosongkan bila tidak ada data.",
                                  group=("text", c), loose=True, found=t)
                    continue
                yield Hit(NAME, Severity.WARNING, sm.name, r, c,
                          f"Angka disimpan sebagai teks di kolom {col(c)}: tidak ikut dijumlah atau dirata-rata.",
                          f"{cell(r, c)} = '{t}'; ketik ulang sebagai angka ({number}).", group="number", found=t,
                          expected=str(number))
        # A whole column of numbers typed as text (an export that wrote every figure as a string)
        for c in range(1, view.n_cols + 1):
            if c in numeric or lay.kinds.get(c) in (KODE, UNIT, NUMBER) or "kode" in lay.title(c):
                continue
            texts = [(r, view.value(r, c).strip()) for r in data
                     if isinstance(view.value(r, c), str) and view.value(r, c).strip() and not view.is_formula(r, c)]
            if any(t[0] == "0" and len(t) > 1 and t[1].isdigit() for _, t in texts):
                continue  # '01' ... '10': a column of kode parts, text on purpose
            parsed = []
            for r, t in texts:
                if (t[0] == "0" and len(t) > 1 and t[1] != ",") or _DOTTED.match(t):
                    continue  # '01', '1.01': kode parts, text on purpose
                try:
                    parsed.append((r, t, parse_number(t)))
                except NumberFormatError:
                    pass
            if len(parsed) < 5 or len(parsed) * 10 < len(texts) * 8 or _not_figures(parsed) or _kode_column(view, c, parsed):
                continue
            for r, t, number in parsed:
                yield Hit(NAME, Severity.WARNING, sm.name, r, c,
                          f"Kolom {col(c)} berisi angka yang disimpan sebagai teks: tidak dapat dijumlah atau dihitung.",
                          f"{cell(r, c)} = '{t}'; ubah kolom ini menjadi angka ({number}).",
                          group=("column", c), loose=True, found=t, expected=str(number))


def _not_figures(parsed: list[tuple[int, str, object]]) -> bool:
    """Digits kept as text on purpose, never summed: identifiers (a NIP or NIK of 16-18 digits,
    beyond Excel's 15 significant digits; two numbers in one cell), a running number 1, 2, 3 (the
    No. column of a table without a header row), a column of years."""
    if any(len(t.replace(" ", "")) > 15 or any(ch.isspace() for ch in t) for _, t, _ in parsed):
        return True
    numbers = [float(n) for _, _, n in parsed]
    if all(n.is_integer() and 1990 <= n <= 2100 for n in numbers):
        return True
    steps = sum(1 for a, b in zip(numbers, numbers[1:]) if b == a + 1)
    return numbers[0] in (0.0, 1.0) and steps * 10 >= (len(numbers) - 1) * 8


def _kode_column(view, c: int, parsed: list[tuple[int, str, object]]) -> bool:
    """A column of kode written as digits ('2896', '1100') that the same row spells out in another
    cell ('2896.BMA.004', '1100 BADAN PUSAT STATISTIK ...'): text on purpose, like '1.01'."""
    spelled = 0
    for r, t, _ in parsed:
        if len(t) < 3:
            continue  # a target '1' beside kode '1.01.02': too short to tell a kode from a figure
        others = (view.value(r, k) for k in range(1, view.n_cols + 1) if k != c)
        if any(isinstance(v, str) and v.strip().startswith((t + ".", t + " ", t + "-")) for v in others):
            spelled += 1
    return spelled * 2 >= len(parsed)


RULE = Rule(NAME, "Angka yang disimpan sebagai teks", run)
