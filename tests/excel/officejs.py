"""What an xlwings Office.js client (xlwings Lite, xlwings Server's add-in) sends and does, built
from a workbook file, for tests of the remote engine: on CPython here, and in Pyodide by
``tests/lite/run_lite.mjs``, which answers from the same JSON (:func:`client_fixture`).

* :func:`book_data`: the book as the client sends it (``getBookData``): every sheet's values from
  A1 (formula cells show the value the project's engine computed, as Excel would), the used range,
  the defined names;
* :func:`range_data`: what ``getRangeData(sheet, address, keys)`` answers: ``formulas`` as
  Office.js' ``Range.formulas`` (the formula, or the constant, ``""`` when empty) and ``colors``
  (``"#RRGGBB"``, None for no fill);
* :class:`FakeClient`: the ``js.xlwings`` object xlwings' remote engine calls on CPython
  (``getBookData``, ``getRangeData``, ``runActions``), counting the calls;
* :func:`apply_actions`: does in an openpyxl workbook what the client does in Excel with the
  actions a script returns;
* :func:`as_pyodide`: JSON data as Pyodide hands it to Python (a JavaScript number that is a whole
  number becomes an ``int``).
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill

from lkjip_xl.error_values import ERROR_VALUES
from lkjip_xl import a1

ERRORS = ERROR_VALUES
#: The largest integer a JavaScript number holds exactly (Number.MAX_SAFE_INTEGER).
MAX_SAFE_INTEGER = 2**53 - 1


def _shown(cell, computed: dict, sheet: str) -> Any:
    """A cell's value as Office.js ``Range.values`` gives it (``""`` when empty)."""
    if cell is None:
        return ""
    v = cell.value
    if cell.data_type == "f" or type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
        v = computed.get((sheet, cell.coordinate))
    elif cell.data_type == "e":
        v = str(v)
    if v is None:
        return ""
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    if isinstance(v, dt.time):
        return (v.hour * 3600 + v.minute * 60 + v.second) / 86400
    return v


def _formula(cell, shown: Any) -> Any:
    """Office.js ``Range.formulas``: the formula text, or the constant itself."""
    if cell is None:
        return ""
    v = cell.value
    if type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
        return getattr(v, "text", str(v))
    if cell.data_type == "f" and isinstance(v, str):
        return v
    return shown


def _color(cell) -> str | None:
    if cell is None or cell.fill is None or cell.fill.fill_type != "solid":
        return None
    rgb = cell.fill.fgColor.rgb if cell.fill.fgColor is not None else None
    if not isinstance(rgb, str) or cell.fill.fgColor.type != "rgb":
        return None
    return "#" + rgb[-6:].upper()


def _used(ws) -> tuple[int, int, int, int]:
    if not ws._cells:  # noqa: SLF001 - an empty sheet: Excel says A1
        return 1, 1, 1, 1
    return ws.min_row, ws.min_column, ws.max_row, ws.max_column


def book_data(path: Path, computed: dict, *, version: str | None = None) -> dict:
    """What the client sends: every sheet's values from A1, the used range, the names, the book."""
    import xlwings as xw

    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        r1, c1, r2, c2 = _used(ws)
        values = [[_shown(ws._cells.get((r, c)), computed, ws.title) for c in range(1, c2 + 1)]  # noqa: SLF001
                  for r in range(1, r2 + 1)]
        sheets.append({"name": ws.title, "values": values, "pictures": [], "tables": [], "charts": [],
                       "shapes": [], "pivot_tables": [], "used_range_address": a1.range_ref(r1, c1, r2, c2)})
    names = []
    for name, dn in wb.defined_names.items():
        sheet, ref = next(iter(dn.destinations))
        names.append({"name": name, "sheet_index": wb.sheetnames.index(sheet), "address": ref.replace("$", ""),
                      "book_scope": True, "scope_sheet_name": None, "scope_sheet_index": None,
                      "refers_to": "=" + dn.attr_text})
    return {"client": "Office.js", "version": version or xw.__version__,
            "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
            "names": names, "sheets": sheets}


def range_data(path: Path, computed: dict) -> dict:
    """sheet -> {"formulas": rows, "colors": rows}, from A1 to the end of the used range."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        _, _, r2, c2 = _used(ws)
        formulas, colors = [], []
        for r in range(1, r2 + 1):
            frow, crow = [], []
            for c in range(1, c2 + 1):
                cell = ws._cells.get((r, c))  # noqa: SLF001 - never create cells by reading
                frow.append(_formula(cell, _shown(cell, computed, ws.title)))
                crow.append(_color(cell))
            formulas.append(frow)
            colors.append(crow)
        out[ws.title] = {"formulas": formulas, "colors": colors}
    return out


def client_fixture(path: Path, computed: dict) -> dict:
    """Everything the fake client answers from: ``{"book": ..., "ranges": ...}`` (JSON)."""
    return {"book": book_data(path, computed), "ranges": range_data(path, computed)}


def answer_range(ranges: dict, sheet: str, address: str, keys: list[str]) -> dict:
    """``getRangeData``: the requested keys for one range (cells beyond the data are empty)."""
    r1, c1, r2, c2 = a1.parse_range(address.replace("$", ""))
    data = ranges[sheet]
    empty = {"formulas": "", "colors": None}
    out = {}
    for key in keys:
        grid = data[key]
        out[key] = [[grid[r - 1][c - 1] if r - 1 < len(grid) and c - 1 < len(grid[r - 1]) else empty[key]
                     for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
    return out


def as_pyodide(value: Any) -> Any:
    """JSON data as Pyodide's ``to_py()`` gives it: whole JavaScript numbers become ``int``."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_SAFE_INTEGER:
        return int(value)
    if isinstance(value, list):
        return [as_pyodide(v) for v in value]
    if isinstance(value, dict):
        return {k: as_pyodide(v) for k, v in value.items()}
    return value


class _Proxy:
    """A JavaScript object handed to Python: ``to_py()`` gives its Python value."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def to_py(self) -> Any:
        return as_pyodide(self._value)


class FakeClient:
    """``js.xlwings`` on CPython: answers from a :func:`client_fixture` (``select`` picks one of
    several), records every call. ``tests/lite/run_lite.mjs`` is the same in JavaScript."""

    def __init__(self, *fixtures: dict) -> None:
        self.fixtures = fixtures
        self.fixture = fixtures[0]
        #: (function, arguments) of every call, in order
        self.calls: list[tuple[str, tuple]] = []
        #: the actions applied before the script ended (a read after a write flushes them)
        self.flushed: list[dict] = []

    def select(self, index: int) -> None:
        """Answer from fixture ``index`` from now on, with no call nor action recorded."""
        self.fixture = self.fixtures[index]
        self.calls = []
        self.flushed = []

    def report(self) -> str:
        """The calls and the flushed actions since ``select``, as JSON (as the JavaScript fake gives them)."""
        import json

        return json.dumps({"calls": [[name, *args] for name, args in self.calls], "flushed": self.flushed})

    async def getBookData(self, opts=None):  # noqa: N802 - the client's name
        self.calls.append(("getBookData", ()))
        return _Proxy(self.fixture["book"])

    async def getRangeData(self, sheet, address, keys):  # noqa: N802
        keys = list(keys)
        self.calls.append(("getRangeData", (sheet, address, keys)))
        return _Proxy(answer_range(self.fixture["ranges"], sheet, address, keys))

    async def runActions(self, actions):  # noqa: N802
        self.calls.append(("runActions", ()))
        self.flushed.extend(actions["actions"])


@contextmanager
def lite_runtime(client: FakeClient):
    """Make xlwings' remote engine behave as in xlwings Lite on CPython: ``sys.platform`` is
    ``emscripten`` and the ``js`` and ``pyodide.ffi`` modules it calls are fakes (as in xlwings'
    own tests of its async API)."""
    js = types.ModuleType("js")
    js.xlwings = client
    js.Object = types.SimpleNamespace(fromEntries=lambda x: x)
    pyodide = types.ModuleType("pyodide")
    ffi = types.ModuleType("pyodide.ffi")
    ffi.to_js = lambda obj, dict_converter=None, **kwargs: obj
    ffi.JsNull = type("JsNull", (), {})
    pyodide.ffi = ffi
    saved = {name: sys.modules.get(name) for name in ("js", "pyodide", "pyodide.ffi")}
    platform = sys.platform
    sys.modules.update({"js": js, "pyodide": pyodide, "pyodide.ffi": ffi})
    sys.platform = "emscripten"
    try:
        yield client
    finally:
        sys.platform = platform
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def apply_actions(actions: list[dict], wb) -> list[tuple[str, list]]:
    """Do in ``wb`` what the client does in Excel with the returned actions; return the other
    actions (alerts, ...) as (function, arguments)."""
    other = []
    for action in actions:
        func = action["func"]
        if action.get("sheet_position") is None:
            other.append((func, action["args"]))
            continue
        ws = wb.worksheets[action["sheet_position"]]
        r0, c0 = action["start_row"] + 1, action["start_column"] + 1
        rows, cols = action["row_count"], action["column_count"]
        if func == "setValues":
            for i, row in enumerate(action["values"]):
                for j, v in enumerate(row):
                    cell = ws.cell(r0 + i, c0 + j)
                    if isinstance(v, str) and v.startswith("'"):
                        cell.value = v[1:]
                        cell.data_type = "s"
                    else:
                        cell.value = None if v == "" else v
        elif func == "rangeClearContents":
            for r in range(r0, r0 + rows):
                for c in range(c0, c0 + cols):
                    ws.cell(r, c).value = None
        elif func == "setRangeColor":
            color = action["args"][0]
            fill = PatternFill("solid", fgColor=color.lstrip("#")) if color else PatternFill()
            for r in range(r0, r0 + rows):
                for c in range(c0, c0 + cols):
                    ws.cell(r, c).fill = fill
        elif func == "setRangeColors":
            for i, row in enumerate(action["args"][0]):
                for j, color in enumerate(row):
                    if color == "keep":
                        continue
                    ws.cell(r0 + i, c0 + j).fill = (PatternFill("solid", fgColor=color.lstrip("#")) if color
                                                    else PatternFill())
        elif func == "setAutofit":  # Excel measures the text: no height to apply here
            for r in range(r0, r0 + rows):
                ws.row_dimensions[r].height = None
        elif func == "setRowHeight":
            for r in range(r0, r0 + rows):
                ws.row_dimensions[r].height = action["args"][0] if isinstance(action["args"], list) else action["args"]
        else:  # pragma: no cover - an action the recalculation should not cause
            raise AssertionError(f"unexpected action {func}")
    return other
