"""The ``formulas`` package's parser reading a formula text: the oracle the checks' own reader
(:mod:`lkjip_xl.formula_text`, openpyxl's tokenizer, which runs in Pyodide) is held against.

:func:`formula_references` gives the cells, ranges and names a formula refers to,
:func:`formula_functions` the functions it calls; both raise :class:`~lkjip_xl.engine.EngineError`
for a text that is not a formula.
"""

from __future__ import annotations

import re
from typing import Any

from lkjip_xl.engine.base import EngineError

#: The prefixes Excel writes before functions newer than Excel 2007 (``_xlfn.IFS``).
_FUNCTION_PREFIXES = ("_XLFN._XLWS.", "_XLFN.", "_XLWS.")
#: A sheet name that needs no quotes in a reference: a word not starting with a digit, that
#: does not look like a cell address (``A1``, ``R1C1``) or a boolean.
_PLAIN_SHEET = re.compile(r"^[^\W\d]\w*$")
_LOOKS_LIKE_CELL = re.compile(r"^(?:[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|TRUE|FALSE)$", re.IGNORECASE)


def _tokens(formula: str) -> list[Any]:
    """The tokens of ``formula`` (with or without the leading ``=``), in reading order."""
    from formulas import Parser

    text = formula if formula.lstrip().startswith("=") else f"={formula}"
    try:
        tokens, _builder = Parser().ast(text)
    except Exception as ex:  # FormulaError, ParenthesesError, ...
        raise EngineError(
            f"cannot parse formula {formula!r} ({type(ex).__name__}: {ex})".replace(" ()", "")
        ) from ex
    return list(tokens)


def _sheet_prefix(sheet: str) -> str:
    """``Data`` -> ``Data``; ``Rekap Kegiatan`` -> ``'Rekap Kegiatan'`` (quotes only if needed)."""
    if _PLAIN_SHEET.match(sheet) and not _LOOKS_LIKE_CELL.match(sheet):
        return sheet
    return f"'{sheet}'"


def formula_references(formula: str) -> list[str]:
    """The cells, ranges and defined names ``formula`` refers to, in reading order.

    Normalised so that two spellings of the same reference compare equal: no ``$``, cell
    addresses in upper case, the sheet (if any) as written, quoted only where Excel needs quotes
    (``'Rekap Kegiatan'!A1:B3``, ``Data!C5``); defined names as written (``Tahun``). A reference
    used twice appears twice. Raises :class:`~.base.EngineError` if the text is not a formula.

    >>> formula_references("=AVERAGE($P$7:P20)")
    ['P7:P20']
    """
    from formulas.tokens.operand import Range

    refs: list[str] = []
    for token in _tokens(formula):
        if not isinstance(token, Range):
            continue
        attr = token.attr
        ref = str(attr.get("ref") or attr.get("name") or token)
        sheet = attr.get("sheet")
        prefix = ""
        if sheet:
            prefix = _sheet_prefix(str(sheet))
            if attr.get("excel_id"):
                prefix = f"'[{attr['excel_id']}]{str(sheet)}'"
            prefix += "!"
        refs.append(prefix + ref)
    return refs


def formula_functions(formula: str) -> list[str]:
    """The functions ``formula`` calls, upper case, in reading order (a repeated call repeats).

    The ``_xlfn.`` prefix Excel stores before newer functions is dropped (``_xlfn.IFS`` -> ``IFS``).
    Raises :class:`~.base.EngineError` if the text is not a formula.

    >>> formula_functions('=IF(AND(ISNUMBER(F5),ISNUMBER(H5)),IF(F5>0,H5/F5*100,""),"")')
    ['IF', 'AND', 'ISNUMBER', 'ISNUMBER', 'IF']
    """
    from formulas.tokens.function import Function

    names: list[str] = []
    for token in _tokens(formula):
        if not isinstance(token, Function):
            continue
        name = str(token.attr.get("name") or token).upper()
        if name == "ARRAY":  # the parser turns an array constant {1,2;3,4} into ARRAY(...) calls
            continue
        for prefix in _FUNCTION_PREFIXES:
            if name.startswith(prefix):
                name = name[len(prefix) :]
                break
        names.append(name)
    return names
