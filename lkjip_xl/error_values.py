"""Excel's error values: what a formula shows instead of a number when it cannot compute one.

A cell holding one of these is neither a number nor text a person typed: the reader refuses it as
an input, the checks report it where a formula gives it, and a cached value equal to one is stored
as an error. One list, so every part of the program agrees on what is an error.
"""

from __future__ import annotations

__all__ = ["ERROR_VALUES", "MEANING", "NEWER_ERROR_VALUES"]

#: The error values every version of Excel (and LibreOffice) gives, with what each means to the
#: person who reads a finding about it.
MEANING = {
    "#DIV/0!": "pembagian dengan nol",
    "#REF!": "rujukan ke sel yang sudah dihapus",
    "#VALUE!": "isian yang bukan angka",
    "#NAME?": "nama fungsi atau nama sel yang tidak dikenal",
    "#N/A": "nilai yang tidak ditemukan",
    "#NUM!": "angka di luar jangkauan",
    "#NULL!": "rentang yang tidak beririsan",
}
ERROR_VALUES = frozenset(MEANING)
#: Those of Excel 365 (dynamic arrays, linked data types): a workbook saved there may cache them.
NEWER_ERROR_VALUES = frozenset({"#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
                                "#BUSY!", "#UNKNOWN!"})
