"""The settings sheet (``xlwings.conf``) of a workbook with the Hitung Ulang button.

Apart from :mod:`lkjip_xl.excel`, which imports xlwings: the writer makes the sheet for an
``.xlsm`` build on any machine, without it.
"""

from __future__ import annotations

from typing import Any

#: The module whose functions xlwings offers as worksheet functions (UDFs).
UDF_MODULE = "lkjip_xl.excel"


def xlwings_conf_rows(*, interpreter_win: str | None = None, interpreter_mac: str | None = None,
                      pythonpath: str | None = None, show_console: bool = False) -> list[tuple[str, Any]]:
    """The rows (setting, value) of a workbook's ``xlwings.conf`` sheet, from cell A1 down.

    The setting names are those of xlwings 0.37.8 (its quickstart workbook's ``_xlwings.conf``
    sheet; its VBA compares them in upper case). The sheet must be named ``xlwings.conf``; its rows
    start in A1, one setting a row, without header or empty row (the VBA reads A1 down to the
    first empty cell), each name once.

    A setting on the sheet wins over the add-in's ribbon and the user's ``xlwings.conf`` file,
    even when its value is empty. So the interpreter and PYTHONPATH rows are only written when
    given: without them, each computer uses the interpreter ``xlwings addin install`` (or
    ``xlwings config create``) recorded for it, or ``python`` on the PATH. An empty
    ``Interpreter_Win`` row would hide that and fall back to ``python``.
    """
    rows: list[tuple[str, Any]] = []
    if interpreter_win:
        rows.append(("Interpreter_Win", interpreter_win))
    if interpreter_mac:
        rows.append(("Interpreter_Mac", interpreter_mac))
    if pythonpath:
        rows.append(("PYTHONPATH", pythonpath))
    rows += [
        ("UDF Modules", UDF_MODULE),
        ("Debug UDFs", False),
        ("Use UDF Server", False),
        ("Show Console", bool(show_console)),
    ]
    return rows
