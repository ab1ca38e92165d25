"""Comparing formula texts: normalise spelling, list references and typed constants."""

from __future__ import annotations

import re

from lkjip_xl import a1
from lkjip_xl.engine.base import EngineError
from lkjip_xl.engine.formulas_engine import formula_functions, formula_references

_STRING = re.compile(r'"(?:[^"]|"")*"')
_NUMBER = re.compile(r"(?<![A-Za-z_$\d.])(\d+(?:\.\d+)?)(?![\d.]*[A-Za-z_(:!])")


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
    try:
        return formula_references(formula)
    except EngineError:
        return []


def functions(formula: str) -> list[str]:
    try:
        return formula_functions(formula)
    except EngineError:
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
